/*
 * xls_reader: the Excel 97-2003 (.xls) side of table_reader.h, with
 * libfreexl. Callers use table_reader.h; this header is for
 * table_reader.c.
 *
 * freexl reads the whole workbook when it is opened and holds the chosen
 * sheet's cells in memory (an .xls has at most 65,536 rows of 256 cells).
 * It does so in a child process, which gives the rows down a pipe, so that
 * a damaged or hostile file that makes freexl misbehave only ends the
 * child (which has 1 GB of memory and two minutes of CPU): the reader then
 * says the workbook is damaged. Numbers come out as typed (integers
 * without decimals), cells in a date format as YYYY-MM-DD (freexl converts
 * them, 1904 date system included), text in UTF-8 NFC.
 *
 * What freexl does not tell, the child reads from the file's records
 * itself (xls_biff.c): which sheets are hidden (without a sheet name the
 * first visible one is read), which rows are hidden (struct table_row's
 * hidden) and which cells are merged. A file whose container it cannot
 * follow is read as freexl reads it: every sheet and row visible, no
 * merged cells. What this reader cannot do:
 * - the workbook's active sheet is not known;
 * - fonts: the TCVN3 (.VnTime) detection of .xlsx does not exist for
 *   .xls, whose text is Unicode (UTF-16) in every file Excel 97 and later
 *   write.
 * A workbook larger than 128 MB, or protected with a password, is refused.
 */
#ifndef IO_XLS_READER_H
#define IO_XLS_READER_H

#include "core/error.h"
#include "io/table_reader.h"

struct xls_reader;

/*
 * Open sheet (NULL: the first visible one) of the .xls workbook at path; NULL and err
 * (naming the file; an unknown sheet lists the sheets) on failure. Free
 * with xls_reader_free().
 */
struct xls_reader *xls_reader_open(const char *path, const char *sheet, struct error *err);

/* As table_reader_next; rows whose cells are all empty are left out. */
int xls_reader_next(struct xls_reader *r, struct table_row *row, struct error *err);

/* The name of the sheet being read (owned by the reader). */
const char *xls_reader_sheet(const struct xls_reader *r);

/* The workbook's sheets: as table_reader_n_sheets and the two after it. */
size_t xls_reader_n_sheets(const struct xls_reader *r);
const char *xls_reader_sheet_name(const struct xls_reader *r, size_t i);
int xls_reader_sheet_hidden(const struct xls_reader *r, size_t i);

/* The merged cells of the sheet (read with it): as table_reader_merges. */
void xls_reader_merges(const struct xls_reader *r, const struct table_merge **merges, size_t *n);

/* The number of the row given last over the rows of the sheet, 0..1. */
double xls_reader_progress(const struct xls_reader *r);

/* Close the pipe, end the child and reap it; r may be NULL. */
void xls_reader_free(struct xls_reader *r);

#endif
