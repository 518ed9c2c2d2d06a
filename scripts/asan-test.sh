#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer (Swift and the C shims instrumented; the system
# libpng, libjpeg-turbo and libwebp are not, but every buffer they read or write is ours and
# is checked at its edges). Uses its own build folder, .build-asan, next to .build.
#
#   scripts/asan-test.sh                 # CodecsTests and GptimgTests (inspect end to end)
#   scripts/asan-test.sh --filter REGEX  # any other selection, passed to `swift test`
#
# DecodingPeakMemoryTests is skipped here: under ASan a process's resident memory is mostly
# ASan's own shadow and quarantine, so it measures the sanitizer, not the decoders. The
# regular `swift test` runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

# Leaks are reported at exit; a report or any ASan error fails the run. The suppressions
# name leaks of the Swift toolchain's libraries only (see the file).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan-suppressions.txt:print_suppressions=0}"

selection=(--filter 'CodecsTests|GptimgTests')
if [ "${1:-}" = "--filter" ]; then
  selection=(--filter "${2:?--filter needs a regular expression}")
fi

swift build --build-tests --sanitize=address --scratch-path .build-asan 2>&1 |
  grep -E "error|warning: unre|Build" | tail -20
swift test --skip-build --sanitize=address --scratch-path .build-asan \
  "${selection[@]}" --skip DecodingPeakMemoryTests
