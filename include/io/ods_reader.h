/*
 * ods_reader: the OpenDocument spreadsheet (.ods) side of table_reader.h,
 * with the minizip and expat that read .xlsx. Callers use table_reader.h;
 * this header is for table_reader.c.
 *
 * Everything is in one part, content.xml: the table styles (a hidden
 * sheet is a table whose style has table:display="false"), then each
 * sheet (table:table) with its rows. It is parsed as a stream, expat
 * suspended at the end of each row, so that one row is held at a time.
 * Without a sheet name the first visible sheet is read.
 *
 * A row or a cell repeated (table:number-rows-repeated,
 * table:number-columns-repeated) is given as many times as it is repeated
 * when it holds something; empty ones, such as the 16,384 trailing cells
 * and the million trailing rows LibreOffice writes, only move the count
 * and cost nothing. Cells covered by a merge (table:covered-table-cell)
 * read as empty, as in .xlsx. A row with table:visibility "collapse" or
 * "filter" is hidden (struct table_row's hidden). Numbers come out as typed (office:value),
 * dates as YYYY-MM-DD, booleans as TRUE or FALSE, text as its paragraphs
 * (text:p) joined by line ends, its spaces (text:s) and tabs restored and
 * comments (office:annotation) left out, in UTF-8 NFC.
 *
 * A spreadsheet is refused (ERR_INVALID; ERR_CORRUPT for broken XML)
 * rather than read past its limits: 256 MB of XML, 1 MB of text per cell,
 * 16 MB per row, 256 MB of text given in all (repeated rows counted each
 * time), 16,384 columns and 1,048,576 rows, 65,536 table styles, XML tags
 * under 4 MB, no DTD. The message names the file, and the sheet and cell.
 */
#ifndef IO_ODS_READER_H
#define IO_ODS_READER_H

#include "core/error.h"
#include "io/table_reader.h"

struct ods_reader;

/*
 * Open sheet (NULL: the first visible one) of the spreadsheet at path;
 * NULL and err (naming the file; an unknown sheet lists the sheets) on
 * failure. Free with ods_reader_free().
 */
struct ods_reader *ods_reader_open(const char *path, const char *sheet, struct error *err);

/* As table_reader_next; rows whose cells are all empty may be left out. */
int ods_reader_next(struct ods_reader *r, struct table_row *row, struct error *err);

/* The name of the sheet being read (owned by the reader). */
const char *ods_reader_sheet(const struct ods_reader *r);

/*
 * The workbook's sheets: as table_reader_n_sheets and the two after it
 * (listed at the opening, by a pass of their own over content.xml).
 */
size_t ods_reader_n_sheets(const struct ods_reader *r);
const char *ods_reader_sheet_name(const struct ods_reader *r, size_t i);
int ods_reader_sheet_hidden(const struct ods_reader *r, size_t i);

/*
 * The merged cells (table:number-columns-spanned, number-rows-spanned) of
 * the rows read so far: as table_reader_merges, whose caller asks for
 * those of the header once it has read it.
 */
void ods_reader_merges(const struct ods_reader *r, const struct table_merge **merges, size_t *n);

/* Bytes of content.xml parsed so far over its size, 0..1. */
double ods_reader_progress(const struct ods_reader *r);

void ods_reader_free(struct ods_reader *r);

#endif
