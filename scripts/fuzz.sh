#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (clang, ASan+UBSan) in build-fuzz/ and runs each for
# SECONDS (default 20) from a copy of its seed corpus in fuzz/corpus/<target>/, so that what
# libFuzzer finds never lands in the repository. Prints the executions and exec/s of each
# target. Exits non-zero if a target crashes, leaks, hangs or runs out of memory, naming the
# target and the input that did it (kept under build-fuzz/artifacts/<target>/).
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=${1:-20}
shift || true
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2
  exit 2
fi

# Input size per target: a few pages for the readers (their limits are set a little below,
# so that the over-the-limit paths are reached too), less for the single-text stages.
declare -A max_len=(
  [fuzz_text]=8192
  [fuzz_html]=32768
  [fuzz_warc]=32768
  [fuzz_jsonl]=8192
  [fuzz_boilerplate]=4096
  [fuzz_dates]=2048
  [fuzz_query]=512
  [fuzz_stored]=4096
  [fuzz_snippet]=4096
)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_text fuzz_html fuzz_warc fuzz_jsonl fuzz_boilerplate fuzz_dates fuzz_query fuzz_stored fuzz_snippet)
for t in "${targets[@]}"; do
  [ -n "${max_len[$t]:-}" ] || { echo "fuzz: unknown target $t" >&2; exit 2; }
done

# -O1 with line tables: what libFuzzer's authors recommend, and a quarter of the -O3 compile time.
# Asserts stay on (no NDEBUG), with libstdc++'s bounds checks.
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DNEWSINDEX_FUZZ=ON -DCMAKE_BUILD_TYPE=Fuzz \
  -DCMAKE_CXX_FLAGS_FUZZ="-O1 -gline-tables-only" \
  -DNEWSINDEX_BUILD_TESTS=OFF -DNEWSINDEX_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz -j2 --target "${targets[@]}"

# The sanitizers stop at the first error; libFuzzer writes the input to the artifact folder.
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0:symbolize=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$root/fuzz/lsan.supp:print_suppressions=0

work=$(mktemp -d "${TMPDIR:-/tmp}/newsindex-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

failed=()
printf '%-18s %10s %8s %8s %8s\n' target runs seconds exec/s corpus
for t in "${targets[@]}"; do
  corpus="$work/$t"
  artifacts="$root/build-fuzz/artifacts/$t/"
  mkdir -p "$corpus" "$artifacts"
  cp "fuzz/corpus/$t/"* "$corpus/"
  log="$work/$t.log"
  status=0
  build-fuzz/fuzz/"$t" "$corpus" -max_total_time="$seconds" -max_len="${max_len[$t]}" -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$artifacts" -print_final_stats=1 >"$log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    echo "fuzz: $t FAILED (exit $status): ${artifact:-no input written}" >&2
    grep -E 'ERROR|SUMMARY|runtime error|==[0-9]+==' "$log" | head -20 >&2 || true
    cp "$log" "$artifacts/last-failure.log"
    echo "fuzz: log in $artifacts""last-failure.log; reproduce with build-fuzz/fuzz/$t ${artifact:-INPUT}" >&2
    failed+=("$t")
    continue
  fi
  # "Done 123456 runs in 20 second(s)"
  read -r runs secs < <(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 \2/p' "$log" | tail -1)
  units=$(ls "$corpus" | wc -l)
  printf '%-18s %10s %8s %8s %8s\n' "$t" "$runs" "$secs" "$((runs / (secs > 0 ? secs : 1)))" "$units"
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]}" >&2
  exit 1
fi
