// The declaration in include/libfuzzer_driver.h is all there is: libFuzzer itself is linked by
// -sanitize=fuzzer. SwiftPM renames an executable's `main`, so each target starts libFuzzer
// from its own `main` through LLVMFuzzerRunDriver instead of relying on libFuzzer's `main`.
#include "libfuzzer_driver.h"
