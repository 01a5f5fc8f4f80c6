/* row_buf: the cells of the row being read; see include/io/row_buf.h. */
#include "io/row_buf.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* A cell that held more than this gives its memory back when the row is
 * cleared: else a file with a long text in another column on each row
 * would leave every column holding megabytes. */
#define KEEP_PER_CELL (64 * 1024)

void row_buf_clear(struct row_buf *rb)
{
    for (size_t i = 0; i < rb->n; i++)
        if (rb->cells[i].alloc > KEEP_PER_CELL)
            strbuf_release(&rb->cells[i]);
    rb->n = 0;
}

struct strbuf *row_buf_cell(struct row_buf *rb, size_t i)
{
    if (i >= rb->alloc) {
        size_t na = rb->alloc ? rb->alloc : 16;
        while (na <= i)
            na *= 2;
        rb->cells = xrealloc(rb->cells, na * sizeof(*rb->cells));
        rb->ptrs = xrealloc(rb->ptrs, na * sizeof(*rb->ptrs));
        for (size_t k = rb->alloc; k < na; k++)
            strbuf_init(&rb->cells[k], 0);
        rb->alloc = na;
    }
    while (rb->n <= i)
        strbuf_reset(&rb->cells[rb->n++]);
    strbuf_reset(&rb->cells[i]);
    return &rb->cells[i];
}

const char **row_buf_ptrs(struct row_buf *rb)
{
    for (size_t i = 0; i < rb->n; i++)
        rb->ptrs[i] = rb->cells[i].buf;
    return rb->n ? rb->ptrs : NULL;
}

void row_buf_release(struct row_buf *rb)
{
    for (size_t k = 0; k < rb->alloc; k++)
        strbuf_release(&rb->cells[k]);
    free(rb->cells);
    free(rb->ptrs);
    memset(rb, 0, sizeof(*rb));
}
