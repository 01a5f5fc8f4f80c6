/*
 * csv_reader: the CSV side of table_reader.h (libcsv). Callers use
 * table_reader.h; this header is for table_reader.c.
 *
 * The file is read twice: once to check its encoding (UTF-8 throughout, else
 * a guess among the legacy Vietnamese encodings) and its separator (comma,
 * semicolon or tab, the one that splits the first records most evenly),
 * then record by record. Each field is converted to UTF-8 on its own: the
 * separators, quotes and line ends are ASCII in every supported encoding.
 */
#ifndef IO_CSV_READER_H
#define IO_CSV_READER_H

#include "core/error.h"
#include "io/table_reader.h"

struct csv_reader;

/* Open a CSV file; NULL and err (naming the file) on failure. Free with csv_reader_free(). */
struct csv_reader *csv_reader_open(const char *path, struct error *err);

/* As table_reader_next, including rows whose cells are all empty. */
int csv_reader_next(struct csv_reader *r, struct table_row *row, struct error *err);

/* The name of the encoding found (static string). */
const char *csv_reader_encoding(const struct csv_reader *r);

/* The separator found: ',', ';' or '\t'. */
int csv_reader_separator(const struct csv_reader *r);

/* Bytes read so far over the file size, 0..1. */
double csv_reader_progress(const struct csv_reader *r);

void csv_reader_free(struct csv_reader *r);

#endif
