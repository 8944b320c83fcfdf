#!/usr/bin/env bash
# README command 1: install what is missing, build, index corpus/ and run a faceted search.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j2
rm -rf demo-index
build/indexer/news-index --db demo-index corpus/
echo
echo '$ news-query --db demo-index --place Syria --facet place --facet date:month airstrikes'
build/query/news-query --db demo-index --place Syria --facet place --facet date:month airstrikes
echo
echo 'To search it in a browser: build/query/news-query --db demo-index --serve 8080  (then open http://127.0.0.1:8080/)'
