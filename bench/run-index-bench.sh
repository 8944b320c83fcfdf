#!/bin/sh
# Builds index-bench optimised (RelWithDebInfo: -O3 -g) and runs it on the Reuters dev
# corpus when it is present, else on the small corpus/ in the repository.
# Extra arguments go to index-bench, e.g.: bench/run-index-bench.sh --repeat 3 --json
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DNEWSINDEX_BUILD_BENCH=ON -DNEWSINDEX_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target index-bench

data=$root/../shared/data/reuters-dev/noisy
if [ -d "$data" ]; then
  echo "run-index-bench: using $data" >&2
else
  echo "run-index-bench: $data not found, using $root/corpus instead" >&2
  data=$root/corpus
fi
exec "$build/bench/index-bench" "$@" "$data"
