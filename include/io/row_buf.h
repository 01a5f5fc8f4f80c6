/*
 * row_buf: the cells of one row being read, reused from row to row so that
 * reading a file allocates once per column, not once per cell. Used by the
 * readers behind table_reader.h; callers of table_reader do not see it.
 */
#ifndef IO_ROW_BUF_H
#define IO_ROW_BUF_H

#include <stddef.h>

#include "core/strbuf.h"

struct row_buf {
    struct strbuf *cells; /* cells[0..n-1] hold the row; the rest are spare */
    const char **ptrs;    /* ptrs[i] == cells[i].buf after row_buf_ptrs() */
    size_t n, alloc;
};

#define ROW_BUF_INIT                                                                               \
    {                                                                                              \
        0, 0, 0, 0                                                                                 \
    }

/* Empty the row, keeping the memory (but that of a cell above 64 kB). */
void row_buf_clear(struct row_buf *rb);

/* Cell i, emptied; cells between the old end and i become "". */
struct strbuf *row_buf_cell(struct row_buf *rb, size_t i);

/* Pointers to the cells' text, valid until the row changes. */
const char **row_buf_ptrs(struct row_buf *rb);

/* Free everything; rb is then empty and may be reused. */
void row_buf_release(struct row_buf *rb);

#endif
