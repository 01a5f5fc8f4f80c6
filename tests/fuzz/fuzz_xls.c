/* fuzz_xls: libFuzzer harness for .xls reading (freexl, the sheet, every cell). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_read(data, size, ".xls");
}
