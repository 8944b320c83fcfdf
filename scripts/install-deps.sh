#!/usr/bin/env bash
# Installs the Debian 12 packages newsindex needs to build and run (with --tests: and to run
# the whole test suite). Idempotent: does nothing (and needs no network) when everything is
# present. Runs apt-get as root, or through sudo.
set -euo pipefail

packages=(
  g++ cmake make pkg-config python3
  libxapian-dev xapian-tools
  libboost-program-options-dev
  libgtest-dev
  libgumbo-dev
  nlohmann-json3-dev
  zlib1g-dev
  libcpp-httplib-dev  # news-query --serve
  clang libclang-rt-14-dev  # scripts/fuzz.sh: libFuzzer and the sanitizer runtimes
)
# With --tests: what only the test suite needs (tests/web/e2e.py: the page in a real browser).
if [ "${1:-}" = --tests ]; then
  packages+=(chromium chromium-driver python3-selenium fonts-dejavu-core)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
