/*
 * table_reader: rows of a spreadsheet-like file, one at a time, whatever the
 * format: CSV (.csv, .txt, .tsv), Excel (.xlsx, and .xls through freexl)
 * or OpenDocument (.ods).
 *
 * The format is told by the content, not only the name: a zip holding
 * xl/workbook.xml is an .xlsx, one holding content.xml with the ODS
 * mimetype an .ods, an OLE2 compound file (D0 CF 11 E0) an .xls, whatever
 * their extension; otherwise the file is text, read as CSV when its name
 * ends in .csv, .txt, .tsv (or .xls, as web sites export text). So an .xls
 * saved as .csv or an .xlsx named .xls is read as what it is.
 *
 * Cells come out as NUL-terminated UTF-8 in NFC, whatever the file held
 * (UTF-8 with or without BOM, TCVN3, VNI-Windows, Windows-1258; numbers,
 * dates and shared strings of a workbook). Rows whose cells are all empty
 * are skipped. The file is streamed: memory stays flat as it grows (an
 * .xlsx keeps its shared strings and styles in memory, not its rows; an
 * .xls is held whole by freexl, at most 65,536 rows).
 *
 * The import command uses this through columns.h to find the header row.
 *
 * A workbook has sheets (table_reader_n_sheets and the functions after it),
 * some of them hidden, and rows that may be hidden (struct table_row's
 * hidden) or hold merged cells (table_reader_merges). A reader of another
 * format fills what it knows and leaves the rest as a CSV file has it: one
 * sheet without a name, no hidden rows, no merged cells.
 */
#ifndef IO_TABLE_READER_H
#define IO_TABLE_READER_H

#include <stddef.h>

#include "core/error.h"

struct table_reader;

struct table_reader_opts {
    const char *sheet; /* a workbook's sheet to read by name; NULL for the first visible one */
};

struct table_row {
    long number;        /* as the user sees it: CSV line where the record starts, sheet row */
    size_t n_cells;     /* cells[0..n_cells-1]; a row may be shorter than the header */
    const char **cells; /* owned by the reader, valid until the next table_reader_next/_free */
    int hidden;         /* the row is hidden in the workbook (.xlsx row hidden="1") */
    /* .xlsx: unsaved[c] (c < n_unsaved) is nonzero for a cell that is a
     * formula whose result the file does not hold (it reads as empty);
     * NULL when the row has none */
    const unsigned char *unsaved;
    size_t n_unsaved;
};

/*
 * A block of merged cells: its text is in its first cell (row1, col1), the
 * others read as empty. Rows as struct table_row numbers them, columns from
 * 0 for A; the last row and column are in the block.
 */
struct table_merge {
    long row1, col1, row2, col2;
};

/*
 * Open path for reading. opts may be NULL. Returns NULL and fills err
 * (naming the file) when the file is missing, a folder, text of an unknown
 * extension, binary but no workbook (the message says what it is not), a
 * damaged workbook, has no such sheet (the message lists the sheets), or
 * is text in none of the known encodings, or whose accents were lost to a
 * Western code page. Free with table_reader_free().
 */
struct table_reader *table_reader_open(const char *path, const struct table_reader_opts *opts,
                                       struct error *err);

/*
 * The next row with at least one non-empty cell into *row. Returns 1 for a
 * row, 0 at the end, or a negative ERR_* (ERR_CORRUPT, ERR_IO) with err
 * naming the file and row. After an error the reader returns the same error.
 */
int table_reader_next(struct table_reader *r, struct table_row *row, struct error *err);

/*
 * Give back the row table_reader_next last returned: the next call returns
 * it again, its cells unchanged (the header search uses this to look at the
 * row below the header).
 */
void table_reader_unread(struct table_reader *r);

/*
 * The encoding the text was found in: "UTF-8", "UTF-8 with BOM",
 * "TCVN3 (ABC)", "VNI-Windows", "Windows-1258". An .xlsx is "UTF-8", or
 * "TCVN3 (ABC)" when its cells use TCVN3 fonts; an .xls or .ods "UTF-8".
 * Static string.
 */
const char *table_reader_encoding(const struct table_reader *r);

/* How far the reading is, 0.0 to 1.0, for a progress bar. */
double table_reader_progress(const struct table_reader *r);

/* The path given to table_reader_open (owned by the reader). */
const char *table_reader_path(const struct table_reader *r);

/* The name of the sheet being read, or NULL for CSV (owned by the reader). */
const char *table_reader_sheet(const struct table_reader *r);

/*
 * The sheets of the workbook, in the order of its tabs, hidden ones
 * included: 1 for a CSV file. table_reader_sheet_name is NULL for a CSV
 * file (owned by the reader); table_reader_sheet_hidden is nonzero for a
 * hidden sheet. A workbook lists at most TABLE_READER_SHEETS_MAX sheets;
 * the others cannot be chosen.
 */
#define TABLE_READER_SHEETS_MAX 1024
size_t table_reader_n_sheets(const struct table_reader *r);
const char *table_reader_sheet_name(const struct table_reader *r, size_t i);
int table_reader_sheet_hidden(const struct table_reader *r, size_t i);

/*
 * The merged cells of the sheet being read into *merges (owned by the
 * reader, valid until table_reader_free), their number into *n: none for a
 * CSV file. A workbook lists them after its rows, so the first call reads
 * the sheet's part once more (the rows read are not disturbed); at most
 * TABLE_READER_MERGES_MAX are kept. Returns 0, or a negative ERR_* with
 * err naming the file and sheet.
 */
#define TABLE_READER_MERGES_MAX 65536
int table_reader_merges(struct table_reader *r, const struct table_merge **merges, size_t *n,
                        struct error *err);

/* The separator found in a CSV file (',', ';' or '\t'), 0 for a workbook. */
int table_reader_separator(const struct table_reader *r);

/* Close the file and free everything; r may be NULL. */
void table_reader_free(struct table_reader *r);

#endif
