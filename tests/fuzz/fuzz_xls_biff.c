/*
 * fuzz_xls_biff: libFuzzer harness for what capphat reads of an .xls
 * itself (src/io/xls_biff.c: the OLE2 container, the sheets, hidden rows
 * and merged cells), in this process: the reader runs it in a child whose
 * crashes fuzz_xls would not see.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../src/io/xls_biff.h"
#include "core/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *path;
    struct xls_biff b;

    if (!path)
        path = xasprintf("/tmp/capphat-fuzz-biff-%ld.xls", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size))
        abort();
    fclose(f);
    if (xls_biff_open(&b, path) == 0) {
        for (size_t i = 0; i < b.n_sheets; i++) {
            xls_biff_sheet_read(&b, &b.sheets[i]);
            for (unsigned int row = 0; row < 70000; row += 997)
                (void)xls_biff_row_hidden(&b, row);
            if (xls_biff_find(&b, b.sheets[i].name) == NULL)
                abort();
        }
    }
    xls_biff_release(&b);
    unlink(path);
    return 0;
}
