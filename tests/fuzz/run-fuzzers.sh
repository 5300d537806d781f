#!/usr/bin/env bash
# run-fuzzers.sh: builds the libFuzzer targets with clang 14 and runs each of them.
#
# Usage: tests/fuzz/run-fuzzers.sh [fuzz_target ...]     (default: every tests/fuzz/fuzz_*.cpp)
# Environment:
#   FUZZ_SECONDS  time per target, libFuzzer -max_total_time (default 60)
#   BUILD_DIR     build directory (default <repo>/build-fuzz)
#   JOBS          ninja -j (default 1)
#   FUZZ_TIMEOUT  seconds one input may take before libFuzzer reports it as a hang, -timeout
#                 (default 10; a decoder that loops on some input is a finding too)
#
# Per target:
#   1. replays tests/fuzz/regressions/<target>/* (crashes found earlier) once each;
#   2. fuzzes a copy of tests/fuzz/corpus/<target>/ (the seeds stay untouched) and prints the
#      number of executions from libFuzzer's final stats;
#   3. copies any crash/leak/timeout input into tests/fuzz/regressions/<target>/.
# Exits non-zero when a regression input or a new input crashes.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
WORK=$(mktemp -d /tmp/anycast-fuzz.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

CC=clang-14 CXX=clang++-14 cmake -S "$ROOT" -B "$BUILD" -G Ninja -DANYCAST_FUZZ=ON >/dev/null

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for src in "$ROOT"/tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$src" .cpp)"); done
fi
nice ninja -C "$BUILD" -j "${JOBS:-1}" "${targets[@]}"

status=0
for target in "${targets[@]}"; do
  bin="$BUILD/bin/$target"
  regressions="$ROOT/tests/fuzz/regressions/$target"
  if compgen -G "$regressions/*" >/dev/null; then
    echo "== $target: replaying $(ls "$regressions" | wc -l) regression input(s)"
    if ! "$bin" "$regressions"/* >"$WORK/$target.replay.log" 2>&1; then
      echo "!! $target: a regression input fails again:" >&2
      tail -n 30 "$WORK/$target.replay.log" >&2
      status=1
    fi
  fi

  corpus="$WORK/$target/corpus"
  artifacts="$WORK/$target/artifacts"
  mkdir -p "$corpus" "$artifacts"
  if [[ -d "$ROOT/tests/fuzz/corpus/$target" ]]; then cp -r "$ROOT/tests/fuzz/corpus/$target/." "$corpus/"; fi
  echo "== $target: fuzzing for ${FUZZ_SECONDS}s"
  rc=0
  nice "$bin" -max_total_time="$FUZZ_SECONDS" -timeout="${FUZZ_TIMEOUT:-10}" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" >"$WORK/$target.log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$WORK/$target.log")
  echo "   executions: ${execs:-unknown}, corpus: $(ls "$corpus" | wc -l) inputs"
  if [[ $rc -ne 0 ]] || compgen -G "$artifacts/*" >/dev/null; then
    mkdir -p "$regressions"
    cp "$artifacts"/* "$regressions/" 2>/dev/null || true
    echo "!! $target: crashed (exit $rc); inputs saved in $regressions:" >&2
    grep -E "ERROR|SUMMARY|==[0-9]+==" "$WORK/$target.log" | head -n 20 >&2 || true
    status=1
  fi
done
exit $status
