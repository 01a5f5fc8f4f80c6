/*
 * csv_writer: writing CSV and TSV records.
 *
 * CSV fields are quoted when they hold the separator, a quote or a line
 * break (RFC 4180). Text that starts with '=', '+', '-', '@', a tab or a
 * carriage return is neutralised with a leading apostrophe (and quoted) so
 * that a spreadsheet does not run it as a formula: in every CSV, since any
 * of them may be opened in Excel. TSV fields have tabs and line breaks
 * replaced by spaces.
 */
#ifndef IO_CSV_WRITER_H
#define IO_CSV_WRITER_H

#include "core/strbuf.h"

/* CSV_PLAIN and CSV_EXCEL differ in their line ends only ("\n", "\r\n"). */
enum csv_flavour { CSV_PLAIN, CSV_EXCEL, CSV_TSV };

/* Append one field (with the separator before it unless first). NULL is "". */
void csv_writer_field(struct strbuf *sb, const char *value, int first, enum csv_flavour f);
/* Append a whole record of n fields and the line end ("\r\n" for Excel, else "\n"). */
void csv_writer_record(struct strbuf *sb, const char *const *fields, int n, enum csv_flavour f);

#endif
