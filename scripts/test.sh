#!/usr/bin/env bash
# README command 2: install what is missing, build and run the whole test suite, first in the
# release build (build/), then under AddressSanitizer + UndefinedBehaviorSanitizer
# (build-asan/), then the tests of the threaded parts under ThreadSanitizer (build-tsan/), then
# every libFuzzer target for 20 s (scripts/fuzz.sh, build-fuzz/).
# NEWSINDEX_SKIP_SANITIZE=1 skips the sanitizer passes and fuzzing; NEWSINDEX_SKIP_FUZZ=1 fuzzing only.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --tests

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSINDEX_BUILD_TESTS=ON
cmake --build build -j2
(cd build && ctest --output-on-failure -j2)

if [ "${NEWSINDEX_SKIP_SANITIZE:-0}" != 1 ]; then
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DNEWSINDEX_SANITIZE=ON -DNEWSINDEX_BUILD_TESTS=ON \
        -DNEWSINDEX_BUILD_BENCH=OFF
  cmake --build build-asan -j2
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  (cd build-asan && ctest --output-on-failure -j2)

  # The threaded parts: the ordered extraction pipeline, shard writer threads, and the
  # suites that index through them.
  cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSINDEX_TSAN=ON -DNEWSINDEX_BUILD_TESTS=ON \
        -DNEWSINDEX_BUILD_BENCH=OFF
  cmake --build build-tsan -j2 --target newsindex_tests
  export TSAN_OPTIONS=halt_on_error=1
  build-tsan/tests/newsindex_tests \
    --gtest_filter='OrderedPipeline.*:ParallelExtraction.*:TaskThread.*:Shards.*:Incremental.*:DevSample.*:SeedIndex.*:IndexWriterStories.*:SearchStories.*:SearcherPool.*:WebServer.*'

  # Fuzzing under ASan+UBSan: a bounded run of each target from its seed corpus (about 5 min
  # with the build).
  if [ "${NEWSINDEX_SKIP_FUZZ:-0}" != 1 ]; then
    scripts/fuzz.sh 20
  fi
fi
