#!/usr/bin/env bash
# check.sh SOURCE_DIR BUILD_DIR WORK_DIR
# Installs the newsindex build in BUILD_DIR into WORK_DIR/prefix, builds examples/embed from
# SOURCE_DIR against that install only, runs embed-demo and checks what it prints.
# Used by the test suite (test embed_example); independent of the current folder.
set -euo pipefail

if [[ $# -ne 3 ]]; then
    echo "usage: check.sh SOURCE_DIR BUILD_DIR WORK_DIR" >&2
    exit 2
fi

absolute() { if [[ $1 = /* ]]; then printf '%s\n' "$1"; else printf '%s\n' "$PWD/$1"; fi; }
source_dir=$(absolute "$1")
build_dir=$(absolute "$2")
work_dir=$(absolute "$3")
prefix="$work_dir/prefix"
embed_build="$work_dir/build"
index="$work_dir/index"

fail() {
    echo "embed example: FAILED: $1" >&2
    if [[ $# -ge 2 && -f $2 ]]; then
        echo "---- $2 ----" >&2
        tail -n 60 "$2" >&2
    fi
    exit 1
}

# Run the command, its output going to a log that is shown if it fails.
step() {
    local what=$1 log=$2
    shift 2
    "$@" >"$log" 2>&1 || fail "$what" "$log"
}

[[ -f $source_dir/examples/embed/CMakeLists.txt ]] || fail "no examples/embed in $source_dir"
[[ -f $build_dir/CMakeCache.txt ]] || fail "$build_dir is not a configured newsindex build"

# Start from scratch: a stale prefix, build folder or index would hide a problem.
rm -rf "$prefix" "$embed_build" "$index"
mkdir -p "$work_dir"

step "cmake --install $build_dir" "$work_dir/install.log" \
    cmake --install "$build_dir" --prefix "$prefix"

configure=(cmake -S "$source_dir/examples/embed" -B "$embed_build" -DCMAKE_PREFIX_PATH="$prefix")
if [[ -n ${CXX:-} ]]; then
    configure+=(-DCMAKE_CXX_COMPILER="$CXX")
fi
step "configuring examples/embed" "$work_dir/configure.log" "${configure[@]}"

# find_package must have found the package just installed, not one elsewhere on the system.
found=$(sed -n 's/^newsindex_DIR:[A-Z]*=//p' "$embed_build/CMakeCache.txt")
case $found in
    "$prefix"/*) ;;
    *) fail "find_package(newsindex) used '$found', not the install in $prefix" ;;
esac

step "building examples/embed" "$work_dir/build.log" cmake --build "$embed_build"

output_log="$work_dir/embed-demo.log"
step "running embed-demo $index" "$output_log" "$embed_build/embed-demo" "$index"
output=$(<"$output_log")

problems=()
grep -qx 'total: 2' <<<"$output" || problems+=("no line 'total: 2'")
grep -Eq '^facet place: .*Syria' <<<"$output" || problems+=("no 'facet place:' line naming Syria")
grep -Eq '^facet date:month: 2015-09( |$)' <<<"$output" || problems+=("no 'facet date:month: 2015-09' line")

if [[ ${#problems[@]} -gt 0 ]]; then
    for p in "${problems[@]}"; do echo "embed example: FAILED: $p" >&2; done
    echo "---- embed-demo output ----" >&2
    printf '%s\n' "$output" >&2
    exit 1
fi

printf '%s\n' "$output"
echo "embed example: ok"
