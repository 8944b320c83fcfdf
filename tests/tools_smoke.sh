#!/usr/bin/env bash
# Smoke test of the two tools as a user runs them: index the corpus, search it, check the
# exit statuses and the JSON of CONTRACTS.md. Usage: tools_smoke.sh NEWS_INDEX NEWS_QUERY CORPUS
set -euo pipefail
index=$1 query=$2 corpus=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "tools_smoke: $*" >&2; exit 1; }

"$index" --db "$work/db" "$corpus" 2>"$work/err" || fail "indexing the corpus failed: $(cat "$work/err")"
grep -q "indexed 2 articles" "$work/err" || fail "no summary: $(cat "$work/err")"

json=$("$query" --db "$work/db" --json --facet date:month airstrikes)
python3 - "$json" <<'PY' || fail "bad --json output: $json"
import json, sys
r = json.loads(sys.argv[1])
assert r["total"] == 2, r["total"]
assert len(r["results"]) == 2
for hit in r["results"]:
    for field in ("id", "title", "published", "source", "url", "score", "snippet", "actors", "places"):
        assert field in hit, field
months = {v["value"]: v["count"] for v in r["facets"]["date:month"]}
assert months.get("2015-09") == 1, months
PY

[ "$("$query" --db "$work/db" --json --place Syria --limit 0 | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')" = 2 ] \
  || fail "--place Syria does not find both seeds"

set +e
"$index" --db "$work/db" "$corpus" "$work/missing.txt" 2>"$work/err"; status=$?
set -e
[ "$status" = 1 ] || fail "a missing input gave exit status $status, want 1"
grep -q "missing.txt" "$work/err" || fail "the missing input is not named: $(cat "$work/err")"
grep -q "(2 in the index)" "$work/err" || fail "re-indexing duplicated articles: $(cat "$work/err")"

set +e
"$query" --db "$work/nowhere" oil 2>/dev/null; status=$?
set -e
[ "$status" = 2 ] || fail "a missing index gave exit status $status, want 2"
echo "tools_smoke: ok"
