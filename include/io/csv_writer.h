/*
 * csv_writer: writing CSV and TSV records.
 *
 * CSV fields are quoted when they hold the separator, a quote or a line
 * break (RFC 4180). For files meant for Excel, text that starts with '=',
 * '+', '-' or '@' is neutralised with a leading apostrophe so that Excel
 * does not run it as a formula. TSV fields have tabs and line breaks
 * replaced by spaces.
 */
#ifndef IO_CSV_WRITER_H
#define IO_CSV_WRITER_H

#include "core/strbuf.h"

enum csv_flavour { CSV_PLAIN, CSV_EXCEL, CSV_TSV };

/* Append one field (with the separator before it unless first). NULL is "". */
void csv_writer_field(struct strbuf *sb, const char *value, int first, enum csv_flavour f);
/* Append a whole record of n fields and the line end ("\r\n" for Excel, else "\n"). */
void csv_writer_record(struct strbuf *sb, const char *const *fields, int n, enum csv_flavour f);

#endif
