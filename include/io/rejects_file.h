/*
 * rejects_file: the file of an import's rejected rows, which the office
 * corrects and imports again: the list's own header (each column's own
 * name, in one row), then each rejected row's cells under it, its row
 * number and the reason in two more columns ("row", "reason" in the
 * interface language), then any cells beyond the header. CSV for Excel
 * (UTF-8 with a BOM, CRLF), written through outfile one record at a time,
 * so that memory does not grow with the rejected rows. Used by the import
 * command (--errors) and the import wizard.
 */
#ifndef IO_REJECTS_FILE_H
#define IO_REJECTS_FILE_H

#include <stddef.h>

#include "core/error.h"
#include "core/strbuf.h"
#include "io/outfile.h"

struct rejects_file {
    struct outfile out;
    int open;
    int header_written;
    size_t n_header;   /* columns of the header, where the row and reason go */
    struct strbuf rec; /* the record being written */
    long rows;         /* rejected rows written */
};

/*
 * Open path (".csv"; force replaces an existing file) before anything is
 * read, so that a path that cannot be written is known at once. Returns 0,
 * or a negative ERR_* with err (ERR_EXISTS for an existing file).
 */
int rejects_file_open(struct rejects_file *rf, const char *path, int force, struct error *err);

/* The list's header (the first call only: with every sheet of a workbook,
 * the rows of the others go under the first's). */
void rejects_file_header(struct rejects_file *rf, const char *const *cells, size_t n_cells);

/* A rejected row: its number as the user sees it, the reason, its cells. */
void rejects_file_row(struct rejects_file *rf, long row, const char *reason,
                      const char *const *cells, size_t n_cells);

/* Finish: the file takes its name when keep, else it is removed. Returns 0
 * or a negative ERR_* (a write that failed). rf may then be opened again. */
int rejects_file_close(struct rejects_file *rf, int keep, struct error *err);

#endif
