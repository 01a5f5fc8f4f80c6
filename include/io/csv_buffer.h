/* csv_buffer: CSV text in memory, parsed with libcsv. */
#ifndef IO_CSV_BUFFER_H
#define IO_CSV_BUFFER_H

#include <stddef.h>

#include "core/error.h"

/*
 * Calls fn for each record of data (len bytes) with its fields (NUL-
 * terminated copies valid during the call) and its 1-based record number,
 * until fn returns non-zero (returned). Returns 0 or a negative ERR_*.
 */
int csv_buffer_each(const char *data, size_t len,
                    int (*fn)(const char *const *fields, size_t n, long long record, void *arg),
                    void *arg, struct error *err);

#endif
