#!/usr/bin/env bash
# Runs every test: the release build's unit and interop tests, the unit tests again under
# ASan+UBSan, and each fuzzer for a bounded time. `test-all.sh asan` runs only the ASan part.
# Exits non-zero if any part fails; each part prints ctest's own summary.
set -uo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
fuzz_seconds=${FUZZ_SECONDS:-60}
failed=()

step() { printf '\n=== %s ===\n' "$*"; }

run_release() {
  step "release build"
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
    cmake --build build -j "$jobs" || { failed+=("release build"); return; }
  step "unit and interop tests (release)"
  ctest --test-dir build --output-on-failure -j "$jobs" || failed+=("release tests")
}

run_asan() {
  step "ASan+UBSan build"
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DANYCAST_SANITIZE=ON >/dev/null &&
    cmake --build build-asan -j "$jobs" || { failed+=("asan build"); return; }
  step "unit tests (ASan+UBSan)"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan -L unit --output-on-failure -j "$jobs" || failed+=("asan tests")
}

run_fuzz() {
  step "fuzzers (${fuzz_seconds}s each)"
  FUZZ_SECONDS=$fuzz_seconds ./tests/fuzz/run-fuzzers.sh || failed+=("fuzzers")
}

case "${1:-all}" in
  asan) run_asan ;;
  all) run_release; run_asan; run_fuzz ;;
  *) echo "usage: $0 [all|asan]" >&2; exit 2 ;;
esac

if ((${#failed[@]})); then
  step "FAILED: ${failed[*]}"
  exit 1
fi
step "all tests passed"
