#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for the given number of seconds, one after another.
#
#   Fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 seconds, all four targets)
#   Fuzz/run.sh --build-only
#   Fuzz/run.sh --reproduce TARGET FILE...           (run inputs once, e.g. a crash artifact)
#
# Seeds come from ../shared/corpus (next to the package) and fixtures/, copied into
# Fuzz/corpus-TARGET/, which grows as the fuzzer finds new inputs and is never committed.
# Crashes, leaks, timeouts and out-of-memory inputs land in Fuzz/artifacts/TARGET/, logs in
# Fuzz/artifacts/logs/.
set -euo pipefail
fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
package_root="$(dirname "$fuzz_dir")"
shared_corpus="$(dirname "$package_root")/shared/corpus"
all_targets=(FuzzPNG FuzzJPEG FuzzWebP FuzzDecode)

# `-sanitize=fuzzer` would also link libFuzzer's own `main`, which clashes with the `main`
# SwiftPM gives every executable; so Swift gets the same coverage instrumentation through
# -sanitize-coverage and libFuzzer is linked without its `main` (see FuzzDriver.swift).
libfuzzer="$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")/lib/clang"
libfuzzer="$(ls "$libfuzzer"/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a | head -1)"
build_flags=(-c debug
  -Xswiftc -sanitize=address
  -Xswiftc -sanitize-coverage=edge,indirect-calls,trace-cmp,inline-8bit-counters,pc-table
  -Xswiftc -parse-as-library
  -Xcc -fsanitize=fuzzer-no-link,address
  -Xlinker --whole-archive -Xlinker "$libfuzzer" -Xlinker --no-whole-archive -Xlinker -lstdc++)
# A 2 GiB ceiling on the process and on any single allocation (an allocation above it is
# reported as out-of-memory with its stack); 10 s for one input is a hang.
fuzz_flags=(-rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 -print_final_stats=1)

build() {
  echo "Building the fuzz targets (debug, AddressSanitizer and libFuzzer coverage)..."
  # gold warns once per ASan symbol it cannot export; harmless, and hundreds of lines.
  (cd "$fuzz_dir" && swift build "${build_flags[@]}" 2>&1 | grep -v "Cannot export local symbol" |
    grep -E "error|warning: |Build" | tail -20)
  bin="$(cd "$fuzz_dir" && swift build "${build_flags[@]}" --show-bin-path)"
}

# The seed files for a target: its format's folder of the corpus (all of it for FuzzDecode).
seed_folders() {
  case "$1" in
    FuzzPNG) echo "$shared_corpus/png" ;;
    FuzzJPEG) echo "$shared_corpus/jpeg" ;;
    FuzzWebP) echo "$shared_corpus/webp" ;;
    FuzzDecode) echo "$shared_corpus" ;;
    *) echo "unknown target $1 (expected one of ${all_targets[*]})" >&2; exit 64 ;;
  esac
}

dictionary() {
  case "$1" in
    FuzzPNG) echo "-dict=$fuzz_dir/dictionaries/png.dict" ;;
    FuzzJPEG) echo "-dict=$fuzz_dir/dictionaries/jpeg.dict" ;;
    FuzzWebP) echo "-dict=$fuzz_dir/dictionaries/webp.dict" ;;
    *) ;;
  esac
}

seed() {
  local target="$1" corpus="$fuzz_dir/corpus-$1"
  if [ ! -d "$shared_corpus" ]; then
    echo "The seed corpus is missing: looked for $shared_corpus" >&2
    exit 1
  fi
  mkdir -p "$corpus"
  # Content-addressed names, so re-seeding never duplicates a file.
  find $(seed_folders "$target") "$package_root/fixtures" -type f \
    \( -name '*.png' -o -name '*.jpg' -o -name '*.jpeg' -o -name '*.webp' \) -print0 |
    while IFS= read -r -d '' file; do
      cp -n "$file" "$corpus/$(sha1sum "$file" | cut -c1-40)"
    done
}

if [ "${1:-}" = "--build-only" ]; then
  build
  echo "Built in $bin"
  exit 0
fi

if [ "${1:-}" = "--reproduce" ]; then
  target="${2:?--reproduce needs a target and files}"
  shift 2
  build
  exec "$bin/$target" "${fuzz_flags[@]}" "$@"
fi

seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

build
mkdir -p "$fuzz_dir/artifacts/logs"
findings=0
for target in "${targets[@]}"; do
  seed "$target"
  mkdir -p "$fuzz_dir/artifacts/$target"
  log="$fuzz_dir/artifacts/logs/$target-$(date -u +%Y%m%dT%H%M%SZ).log"
  echo "Fuzzing $target for $seconds s (log: $log)"
  status=0
  # shellcheck disable=SC2046
  "$bin/$target" "$fuzz_dir/corpus-$target" $(dictionary "$target") "${fuzz_flags[@]}" \
    -max_total_time="$seconds" -artifact_prefix="$fuzz_dir/artifacts/$target/" >"$log" 2>&1 || status=$?
  grep -E "^#[0-9]+ +DONE|^stat::|cov: [0-9]+ ft" "$log" | tail -8
  if [ "$status" -ne 0 ]; then
    echo "$target stopped with status $status: a finding. See $log and $fuzz_dir/artifacts/$target/" >&2
    findings=$((findings + 1))
  fi
done
# A finding in one target does not stop the others; the script still fails at the end.
[ "$findings" -eq 0 ] || exit 1
