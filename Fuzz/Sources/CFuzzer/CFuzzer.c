// The declaration of libFuzzer's driver is all this target provides (include/CFuzzer.h);
// its definition comes from the runtime that -sanitize=fuzzer links.
#include "CFuzzer.h"
