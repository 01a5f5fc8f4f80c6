/*
 * xlsx_reader: the Excel side of table_reader.h (minizip + expat). Callers
 * use table_reader.h; this header is for table_reader.c.
 *
 * Opening reads the package relationships, the workbook (sheet names and
 * the 1904 date system), its relationships, styles.xml (which cell styles
 * are dates and which use a TCVN3 ".Vn" font) and sharedStrings.xml (held
 * in memory). The sheet itself is parsed one row at a time: expat is
 * suspended at the end of each row.
 *
 * A workbook is refused (ERR_INVALID; ERR_CORRUPT for broken XML) rather
 * than read past its limits: 1 MB of text per cell or shared string, 256 MB
 * of XML in all (a shared string counted in each cell that uses it),
 * 4,194,304 shared strings holding 64 MB of text, 16 MB of text per row,
 * 65,536 cell formats or fonts, 4,096 number formats, XML tags and comments
 * under 4 MB, no DTD. The message names the file and the part, sheet or
 * cell.
 */
#ifndef IO_XLSX_READER_H
#define IO_XLSX_READER_H

#include "core/error.h"
#include "io/table_reader.h"

struct xlsx_reader;

/*
 * Open sheet (NULL: the first visible one) of the workbook at path; NULL and err (naming
 * the file; an unknown sheet lists the sheets) on failure.
 * Free with xlsx_reader_free().
 */
struct xlsx_reader *xlsx_reader_open(const char *path, const char *sheet, struct error *err);

/* As table_reader_next, including rows whose cells are all empty. */
int xlsx_reader_next(struct xlsx_reader *r, struct table_row *row, struct error *err);

/* "UTF-8", or "TCVN3 (ABC)" when some cell style uses a ".Vn" font. Static string. */
const char *xlsx_reader_encoding(const struct xlsx_reader *r);

/* The name of the sheet being read (owned by the reader). */
const char *xlsx_reader_sheet(const struct xlsx_reader *r);

/* The workbook's sheets: as table_reader_n_sheets and the two after it. */
size_t xlsx_reader_n_sheets(const struct xlsx_reader *r);
const char *xlsx_reader_sheet_name(const struct xlsx_reader *r, size_t i);
int xlsx_reader_sheet_hidden(const struct xlsx_reader *r, size_t i);

/* As table_reader_merges. */
int xlsx_reader_merges(struct xlsx_reader *r, const struct table_merge **merges, size_t *n,
                       struct error *err);

/* Bytes of the sheet's XML parsed so far over its size, 0..1. */
double xlsx_reader_progress(const struct xlsx_reader *r);

void xlsx_reader_free(struct xlsx_reader *r);

#endif
