#!/usr/bin/env bash
# test.sh - the whole test suite, as CI runs it (.ci/run calls this).
#
# Stages, in order (a stage whose prerequisite failed is counted as failed, not silently left out):
#   setup           scripts/setup.sh (apt-get only for what is missing)
#   build           RelWithDebInfo in build/ (Ninja)
#   ctest           unit + end-to-end tests in build/ (e2e builds the Debian test image once)
#   build-asan      ASan+UBSan (-DBULWARK_SANITIZE=ON, -O1, asserts on) in build-asan/
#   ctest-asan      the same ctest suite against the sanitized binaries
#   build-fuzz      clang libFuzzer targets (-DBULWARK_FUZZ=ON, -O1) in build-fuzz/
#   fuzz:<target>   each target for $FUZZ_SECONDS s on a temp copy of fuzz/corpus/<target>/,
#                   $JOBS targets at a time
# Ends with "N passed, N failed" and exits non-zero if anything failed.
#
# Environment: FUZZ_SECONDS (default 10), SKIP_ASAN=1, SKIP_FUZZ=1 (for quick local runs; CI
# runs everything), JOBS (default: nproc).
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$SRC"
FUZZ_SECONDS=${FUZZ_SECONDS:-10}
JOBS=${JOBS:-$(nproc)}
# Both ctest runs share one copy of the test image and one Trivy install (building the image
# costs 1-2 minutes); the e2e scripts serialise access to them with flock.
export BULWARK_TEST_IMAGES=${BULWARK_TEST_IMAGES:-$SRC/build/test-images}
export BULWARK_LANG_IMAGE=${BULWARK_LANG_IMAGE:-$SRC/build/lang-image}
export BULWARK_TRIVY_DIR=${BULWARK_TRIVY_DIR:-$SRC/build/trivy}
# Sanitizer reports must fail the run, with stacks to act on.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bulwark-test.XXXXXX")
trap 'rm -rf --one-file-system "$WORK"' EXIT

PASSED=() FAILED=() TIMES=()
T_START=$(date +%s)

# stage NAME CMD...: run one stage, record pass/fail and its duration; never aborts the script.
stage() {
  local name=$1 t0 rc=0
  shift
  printf '\n==== %s\n' "$name"
  t0=$(date +%s)
  "$@" || rc=$?
  record "$name" "$rc" "$(( $(date +%s) - t0 ))"
  return "$rc"
}
record() {  # NAME RC SECONDS
  TIMES+=("$(printf '%-28s %4ss  %s' "$1" "$3" "$([ "$2" = 0 ] && echo ok || echo "FAILED ($2)")")")
  if [ "$2" = 0 ]; then PASSED+=("$1"); else FAILED+=("$1"); fi
}
not_run() {  # a stage that cannot run because $2 failed
  printf '\n==== %s: not run (%s failed)\n' "$1" "$2"
  FAILED+=("$1"); TIMES+=("$(printf '%-28s %4s   not run (%s failed)' "$1" - "$2")")
}

configure_build() {  # DIR [cmake args...]
  local dir=$1
  shift
  cmake -S "$SRC" -B "$dir" -G Ninja "$@" && cmake --build "$dir" -j "$JOBS"
}
run_ctest() { ctest --test-dir "$1" --output-on-failure -j 2; }

# Each fuzz target on a throwaway copy of its seed corpus (libFuzzer adds new inputs to the
# corpus dir; the repository's seeds must stay as they are). A crash input is kept in
# build-fuzz/crashes/ so it can be turned into a regression test.
fuzz_one() {  # BINARY
  local bin=$1 name corpus tmp d rc=0 dict=()
  name=$(basename "$bin")
  tmp=$(mktemp -d "$WORK/fuzz-$name.XXXXXX")
  mkdir -p "$tmp/corpus" "$tmp/artifacts"
  for corpus in "fuzz/corpus/$name" "fuzz/corpus/${name%_fuzz}"; do
    if [ -d "$corpus" ]; then cp -r "$corpus/." "$tmp/corpus/"; break; fi
  done
  for d in "fuzz/$name.dict" "fuzz/${name%_fuzz}.dict"; do
    if [ -f "$d" ]; then dict=(-dict="$d"); break; fi
  done
  echo "$name: $(find "$tmp/corpus" -type f | wc -l) seed inputs, ${FUZZ_SECONDS}s"
  "$bin" "${dict[@]}" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$tmp/artifacts/" "$tmp/corpus" > "$tmp/log" 2>&1 || rc=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' "$tmp/log" || true
  if [ "$rc" != 0 ] || [ -n "$(ls -A "$tmp/artifacts")" ]; then
    tail -n 60 "$tmp/log"
    mkdir -p build-fuzz/crashes
    cp "$tmp"/artifacts/* build-fuzz/crashes/ 2>/dev/null || true
    echo "$name: FAILED (exit $rc); inputs kept in build-fuzz/crashes/"
    return 1
  fi
}

stage setup bash scripts/setup.sh || true

if stage build configure_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo; then
  stage ctest run_ctest build || true
else
  not_run ctest build
fi

if [ -z "${SKIP_ASAN:-}" ]; then
  # -O1 with line tables only: sanitizer stacks keep file:line, the build is much faster than
  # -O2 -g, and without NDEBUG the asserts are on too.
  if stage build-asan configure_build build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" -DBULWARK_SANITIZE=ON; then
    stage ctest-asan run_ctest build-asan || true
  else
    not_run ctest-asan build-asan
  fi
fi

if [ -z "${SKIP_FUZZ:-}" ]; then
  if stage build-fuzz configure_build build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
      -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DBULWARK_FUZZ=ON -DBULWARK_TESTS=OFF; then
    mapfile -t TARGETS < <(find build-fuzz -type f -executable -name '*_fuzz' | sort)
    if [ "${#TARGETS[@]}" -eq 0 ]; then echo "no fuzz targets in build-fuzz"; fi
    # libFuzzer runs one process per target; with 2 cores two targets at a time halves the
    # wall time. Each target's output is printed in order once all have finished.
    for t in "${TARGETS[@]}"; do
      while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
      n=$(basename "$t")
      ( t0=$(date +%s); rc=0; fuzz_one "$t" > "$WORK/$n.out" 2>&1 || rc=$?
        echo "$rc $(( $(date +%s) - t0 ))" > "$WORK/$n.rc" ) &
    done
    wait
    for t in "${TARGETS[@]}"; do
      n=$(basename "$t")
      printf '\n==== fuzz:%s\n' "$n"; cat "$WORK/$n.out"
      read -r rc secs < "$WORK/$n.rc"
      record "fuzz:$n" "$rc" "$secs"
    done
  else
    not_run fuzz build-fuzz
  fi
fi

printf '\n==== summary (total %ss)\n' "$(( $(date +%s) - T_START ))"
printf '%s\n' "${TIMES[@]}"
if [ "${#FAILED[@]}" -gt 0 ]; then printf 'failed: %s\n' "${FAILED[*]}"; fi
echo "${#PASSED[@]} passed, ${#FAILED[@]} failed"
[ "${#FAILED[@]}" -eq 0 ]
