/* fuzz_ods: libFuzzer harness for .ods reading (zip, content.xml, repeats, cells). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_read(data, size, ".ods");
}
