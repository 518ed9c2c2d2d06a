#pragma once
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry point for programs that have their own `main` (libFuzzer >= 11):
/// parses libFuzzer's flags from argc/argv and fuzzes `callback` until done.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
