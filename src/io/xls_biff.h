/*
 * xls_biff: what an Excel 97-2003 workbook says that libfreexl does not
 * tell: which sheets are hidden, which rows are hidden and which cells are
 * merged. Private to src/io (xls_reader.c runs it in its child process,
 * beside freexl).
 *
 * It reads the file's OLE2 container itself (the FAT, the directory, the
 * "Workbook" stream, the mini stream for a small one) and then only the
 * records it needs: BOUNDSHEET in the workbook's globals, ROW and
 * MERGEDCELLS in a sheet. Every length and offset the file gives is checked
 * against what was read; a file it cannot follow gives nothing (no hidden
 * sheet, no hidden row, no merged cell) rather than an error: freexl has
 * already said whether the workbook can be read.
 */
#ifndef IO_XLS_BIFF_H
#define IO_XLS_BIFF_H

#include <stddef.h>
#include <stdint.h>

#include "io/table_reader.h"

struct xls_biff_sheet {
    char *name;   /* UTF-8, as freexl names it */
    int hidden;   /* hidden, or "very hidden" (only a macro shows it) */
    uint32_t bof; /* where its records begin in the stream */
};

struct xls_biff {
    unsigned char *stream; /* the workbook stream */
    size_t size;
    struct xls_biff_sheet *sheets; /* in the order of their tabs */
    size_t n_sheets;
    /* of the sheet read by xls_biff_sheet: a bit per row (0-based), and the
     * merged blocks as struct table_merge numbers them */
    unsigned char hidden_rows[65536 / 8];
    struct table_merge *merges;
    size_t n_merges;
};

/* Read the workbook at path: its stream and its sheets. Returns 0, or -1
 * when the file cannot be followed (b is then empty but may be released). */
int xls_biff_open(struct xls_biff *b, const char *path);

/* The sheet named name (exactly), or NULL. */
const struct xls_biff_sheet *xls_biff_find(const struct xls_biff *b, const char *name);

/* The hidden rows and merged cells of sheet s into b. */
void xls_biff_sheet_read(struct xls_biff *b, const struct xls_biff_sheet *s);

/* Is row (0-based) hidden in the sheet read last? */
int xls_biff_row_hidden(const struct xls_biff *b, unsigned int row);

void xls_biff_release(struct xls_biff *b);

#endif
