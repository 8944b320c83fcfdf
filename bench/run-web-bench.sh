#!/usr/bin/env bash
# Latency of the web interface's API under load from a loopback client: starts
# news-query --serve over DB and drives it with wrk (Debian package wrk), first one request
# at a time, then CONNECTIONS at once, for three kinds of request:
#   static     GET /app.css: the HTTP floor (no search)
#   page       what the page asks for a search: text (and some filters), 10 results,
#              collapsed by story, facets actor and place (15 values each)
#   histogram  the page's second request: counts only, the date facet by day, every value
# Each kind rotates through the same list of searches of the newswire vocabulary.
#   bench/run-web-bench.sh DB [SECONDS] [CONNECTIONS]     (defaults 10 and 8)
# Exit status: 0, or 2 on usage errors and when the server does not start.
set -euo pipefail

if [ $# -lt 1 ] || [ ! -e "$1" ]; then
  echo "usage: bench/run-web-bench.sh DB [SECONDS] [CONNECTIONS]" >&2
  exit 2
fi
db=$1
seconds=${2:-10}
connections=${3:-8}
root=$(cd "$(dirname "$0")/.." && pwd)
query=${NEWS_QUERY:-$root/build/query/news-query}
command -v wrk >/dev/null || { echo "wrk not found (Debian package wrk)" >&2; exit 2; }

work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$query" --db "$db" --serve 127.0.0.1:0 >"$work/out" 2>"$work/err" &
server=$!
for _ in $(seq 100); do grep -q serving "$work/out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^news-query: serving \(http[^ ]*\)\/$/\1/p' "$work/out")
[ -n "$url" ] || { echo "the server did not start:" >&2; cat "$work/err" >&2; exit 2; }

# Searches as people type them: words, a phrase, and text with an actor, a place or dates.
searches=(
  "q=oil+prices" "q=trade+deficit" "q=%22interest+rates%22" "q=wheat" "q=bank+loans"
  "q=stocks&place=Japan" "q=talks&actor=OPEC" "q=dollar&from=1987-03-01&to=1987-06-30"
  "q=coffee+exports&place=Brazil" "q=merger" "q=profit+rose" "q=strike"
  "q=government&place=United+States" "q=crude+oil&facet-unit=story" "q=gold" "q=tax+reform"
)
write_script() {  # NAME SUFFIX: a wrk script rotating through the searches
  {
    echo "local paths = {"
    for s in "${searches[@]}"; do echo "  \"/api/search?$s$2\","; done
    echo "}"
    echo "local i = 0"
    echo "request = function() i = i % #paths + 1; return wrk.format('GET', paths[i]) end"
  } >"$work/$1.lua"
}
write_script page "&limit=10&collapse=1&facet=actor&facet=place&facet-limit=15"
write_script histogram "&limit=0&facet=date&facet-limit=100000"
echo 'request = function() return wrk.format("GET", "/app.css") end' >"$work/static.lua"

echo "== $("$query" --db "$db" --json --limit 0 | sed -n 's/.*"total":\([0-9]*\).*/\1/p') articles in $db; server $url; ${seconds} s per run"
for kind in static page histogram; do
  for c in 1 "$connections"; do
    threads=$(( c < 2 ? 1 : 2 ))
    result=$(wrk -t"$threads" -c"$c" -d"${seconds}s" --latency -s "$work/$kind.lua" "$url")
    rps=$(echo "$result" | sed -n 's/^Requests\/sec: *//p')
    p50=$(echo "$result" | awk '$1 == "50%" {print $2}')
    p90=$(echo "$result" | awk '$1 == "90%" {print $2}')
    p99=$(echo "$result" | awk '$1 == "99%" {print $2}')
    errors=$(echo "$result" | sed -n 's/^ *Non-2xx or 3xx responses: *//p')
    printf '%-10s %2s connections: %9s req/s  p50 %8s  p90 %8s  p99 %8s%s\n' "$kind" "$c" "$rps" "$p50" "$p90" "$p99" \
      "${errors:+  NON-2XX: $errors}"
  done
done
