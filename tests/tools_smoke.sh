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

json=$("$query" --db "$work/db" --json --facet date:month --facet actor airstrikes)
python3 - "$json" <<'PY' || fail "bad --json output: $json"
import json, re, sys
r = json.loads(sys.argv[1])
assert r["total"] == 2, r["total"]
assert r["total_exact"] is True
assert r["suggestion"] is None
assert len(r["results"]) == 2
for hit in r["results"]:
    for field, kind in (("id", str), ("title", str), ("source", str), ("score", float), ("snippet", str),
                        ("actors", list), ("places", list), ("highlights", list)):
        assert isinstance(hit[field], kind), (field, hit[field])
    assert hit["published"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", hit["published"]), hit["published"]
    assert hit["url"] is None or isinstance(hit["url"], str)
    assert "<b>" not in hit["snippet"]
    for start, end in hit["highlights"]:
        assert hit["snippet"].encode()[start:end].decode().lower() == "airstrikes", (start, end)
months = {v["value"]: v["count"] for v in r["facets"]["date:month"]}
assert months == {"2015-09": 1, "no date": 1}, months
actors = {v["value"]: v["count"] for v in r["facets"]["actor"]}
assert actors["Islamic State"] == 2 and actors["Vladimir Putin"] == 2, actors
PY

# GOLD.md: actor "Islamic State" (by any alias) and place "Homs" find both seeds.
[ "$("$query" --db "$work/db" --json --actor isis --place Homs --limit 0 | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')" = 2 ] \
  || fail "--actor isis --place Homs does not find both seeds"

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
