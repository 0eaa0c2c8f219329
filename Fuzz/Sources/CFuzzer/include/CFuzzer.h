#ifndef NORMCHECK_CFUZZER_H
#define NORMCHECK_CFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver, called from a harness's own main (libFuzzer >= 11).
/// SwiftPM links an executable's entry point as `<Module>_main` aliased to
/// `main`, so libFuzzer's own `main` is never linked in, and each harness
/// hands its callback to the driver itself.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
