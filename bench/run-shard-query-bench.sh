#!/usr/bin/env bash
# Query latency of one archive searched whole and sharded over the network: serves each
# shard of SHARDED (a folder news-index --shards N wrote) with its own stock xapian-tcpsrv on
# 127.0.0.1, then runs query-bench on WHOLE (the same articles in one database, e.g. the
# compacted copy index-bench --keep leaves) and on the remote shards, one after the other.
# Extra arguments go to both query-bench runs, e.g. --repeat 100 --class acd --json.
#   bench/run-shard-query-bench.sh SHARDED WHOLE [QUERY-BENCH OPTIONS...]
# Exit status: that of the first failing query-bench run; 2 on usage errors.
set -euo pipefail

if [ $# -lt 2 ] || [ ! -f "$1/shards.stub" ] || [ ! -d "$2" ]; then
  echo "usage: bench/run-shard-query-bench.sh SHARDED WHOLE [QUERY-BENCH OPTIONS...]" >&2
  echo "  SHARDED: a folder with shards.stub and shard-0 ...; WHOLE: one database of the same articles" >&2
  exit 2
fi
sharded=$1
whole=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${QUERY_BENCH:-$root/build/bench/query-bench}
command -v xapian-tcpsrv >/dev/null || { echo "xapian-tcpsrv not found (Debian package xapian-tools)" >&2; exit 2; }

pids=()
stop_servers() {
  # Each server leads its own process group (setsid): its forked connection handlers go too.
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_servers EXIT

accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

dbs=()
port=$((20000 + RANDOM % 20000))
for shard in "$sharded"/shard-*; do
  while accepts "$port"; do port=$((port + 1)); done  # taken: try the next one
  # Its stderr is dropped: it reports every probe below as a failed connection.
  setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" --quiet "$shard" 2>/dev/null &
  pids+=($!)
  for _ in $(seq 100); do accepts "$port" && break; sleep 0.1; done
  accepts "$port" || { echo "xapian-tcpsrv for $shard did not start on port $port" >&2; exit 1; }
  dbs+=(--db "tcp://127.0.0.1:$port")
  port=$((port + 1))
done

echo "== one database: $whole"
"$bench" run --db "$whole" "$@"
echo
echo "== ${#pids[@]} shards of $sharded, each on its own xapian-tcpsrv over loopback"
"$bench" run "${dbs[@]}" "$@"
