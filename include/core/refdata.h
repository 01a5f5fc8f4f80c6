/*
 * refdata: the reference data files of data/ (administrative units, ethnic
 * groups, the 2025 reorganisation), built into the binary by
 * scripts/embed-data.sh so that capphat runs without the source tree.
 */
#ifndef CORE_REFDATA_H
#define CORE_REFDATA_H

#include <stddef.h>

struct refdata_file {
    const char *name; /* file name without ".csv": "bac_kan_units" */
    const char *data; /* the bytes, NUL-terminated */
    size_t size;
};

/* Terminated by an entry whose name is NULL. */
extern const struct refdata_file refdata_files[];

/* The file of that name, or NULL. */
const struct refdata_file *refdata_find(const char *name);

#endif
