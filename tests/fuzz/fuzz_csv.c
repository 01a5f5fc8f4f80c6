/* fuzz_csv: libFuzzer harness for CSV reading (encodings, separators, quoting, header search). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_read(data, size, ".csv");
}
