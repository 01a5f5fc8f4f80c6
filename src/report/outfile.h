/*
 * outfile: a report file written under a temporary name in the folder of
 * its final path (mode 0600: reports hold personal data) and renamed over
 * it only when complete, so that a crash, a full disk or an error never
 * leaves a half-written report. Internal to src/report/.
 */
#ifndef REPORT_OUTFILE_H
#define REPORT_OUTFILE_H

#include "core/error.h"

struct outfile {
    char *path; /* the final name */
    char *dir;  /* its folder */
    char *tmp;  /* the temporary file in that folder */
    int fd;     /* open on tmp, or -1 once handed to another writer */
};

/*
 * Create the temporary file next to path (err names the path and why: the
 * folder does not exist, no permission, ...). On success call exactly one
 * of outfile_commit or outfile_abort.
 */
int outfile_open(struct outfile *of, const char *path, struct error *err);

/* Flush to disk, close and rename over the final name; on failure the
 * temporary file is removed. Frees of's strings either way. */
int outfile_commit(struct outfile *of, struct error *err);

/* Remove the temporary file and free of's strings. */
void outfile_abort(struct outfile *of);

/* err = "cannot write 'PATH': WHY" for errno value e, in words a person
 * understands ("folder 'DIR' does not exist", "disk full", ...). */
int outfile_error(struct error *err, const char *path, const char *dir, int e);

#endif
