/* fuzz_xlsx: libFuzzer harness for .xlsx reading (zip, workbook, styles, shared strings, sheet). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_read(data, size, ".xlsx");
}
