/*
 * fuzz_common.h: what both libFuzzer harnesses share: write the input to a
 * private temporary file with the right extension, read it all through
 * table_reader (and the header search of columns), free everything.
 */
#ifndef TESTS_FUZZ_COMMON_H
#define TESTS_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "core/xalloc.h"
#include "io/columns.h"
#include "io/table_reader.h"

static int fuzz_read(const uint8_t *data, size_t size, const char *ext)
{
    static char *path;
    struct error err = ERROR_INIT;
    struct table_row row;
    struct columns_map map;

    if (!path)
        path = xasprintf("/tmp/capphat-fuzz-%ld%s", (long)getpid(), ext);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);

    struct table_reader *r = table_reader_open(path, NULL, &err);
    if (r) {
        /* the header search, then every row */
        if (columns_match(size % 2 ? COLUMNS_PERSONS : COLUMNS_DEVICES, r, NULL, 0, &map, &err) ==
            0) {
            while (table_reader_next(r, &row, &err) == 1) {
                for (size_t i = 0; i < row.n_cells; i++)
                    if (!row.cells[i])
                        abort();
                (void)columns_get(&map, &row, COL_BIRTH_YEAR);
                (void)columns_get(&map, &row, COL_GENDER);
            }
            columns_map_release(&map);
        }
        (void)table_reader_progress(r);
        table_reader_free(r);
    }
    error_clear(&err);
    unlink(path);
    return 0;
}

#endif
