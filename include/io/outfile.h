/*
 * outfile: the one way capphat writes a file — receipts, Excel and CSV
 * reports, the rejected rows of an import, backups. Nothing else in the
 * program creates, replaces or renames a file the operator named.
 *
 * The register is legal proof, and one mistyped path must never destroy
 * it. Before anything is written, and again at the moment the file takes
 * its name, the target is refused (one message naming the path and the
 * reason, nothing changed) when it is:
 *   - the open database, its -wal, -shm or -journal, or any file protected
 *     with outfile_protect_file() or outfile_protect_input() (the list
 *     being imported), or a file in a folder protected with
 *     outfile_protect_folder() (the backups) — compared by device and
 *     inode, so that a symbolic link, a hard link or another spelling of
 *     the path ("./", "dir/../") does not get past;
 *   - anything but a regular file or a missing one: a folder, a device
 *     node, a FIFO, a socket, a broken symbolic link;
 *   - an existing file, unless OUTFILE_FORCE (the operator said so:
 *     --force, or a dialog whose default is "No") — ERR_EXISTS, so that the
 *     caller can ask;
 *   - a name that does not end in the format's extension.
 *
 * The content goes to an unnamed temporary file in the target's folder
 * (O_TMPFILE, mode 0600: files hold personal data), which takes its name
 * with linkat() only when complete: a crash or kill -9 leaves nothing. Where
 * the file system has no unnamed files, and for writers that must open the
 * file by name and keep companions beside it (SQLite), a named temporary
 * ".capphat-tmp-XXXXXX" is used instead, locked while it is written; the
 * next outfile_open() in that folder removes those whose writer died.
 */
#ifndef IO_OUTFILE_H
#define IO_OUTFILE_H

#include <stddef.h>

#include "core/error.h"

enum outfile_flags {
    OUTFILE_FORCE = 1 << 0,   /* replace an existing regular file */
    OUTFILE_NAMED = 1 << 1,   /* a named temporary file (SQLite writes the copy) */
    OUTFILE_BACKUPS = 1 << 2, /* a new backup: may be made in a protected folder */
    OUTFILE_STATE = 1 << 3,   /* capphat's own file (the chain's head): may replace a file
                               * protected with outfile_protect_file() */
};

struct outfile {
    char *path;      /* the final name, as given */
    char *dir;       /* its folder ("." for a bare name) */
    char *base;      /* its last component */
    char *tmp;       /* the named temporary file's name in dir, or NULL */
    char *open_path; /* what a library that opens files by name must open */
    int dirfd;       /* open on dir */
    int fd;          /* open read-write on the temporary file */
    unsigned flags;
    char *buf; /* outfile_write's buffer */
    size_t len;
    int err_no; /* the first write error, reported by outfile_commit */
};

/*
 * The checks above for path, without creating anything (ext: ".pdf",
 * ".xlsx", ".csv", ".db", or NULL for any). Returns 0, ERR_EXISTS for an
 * existing file without OUTFILE_FORCE, ERR_INVALID for a wrong extension,
 * or ERR_IO for a protected or non-regular target or a missing folder.
 */
int outfile_check(const char *path, const char *ext, unsigned flags, struct error *err);

/*
 * Check path, then create the temporary file in its folder. On success
 * write through of->fd (or have a library open outfile_open_path()), then
 * call exactly one of outfile_commit() or outfile_abort().
 */
int outfile_open(struct outfile *of, const char *path, const char *ext, unsigned flags,
                 struct error *err);

/*
 * Append n bytes (buffered). A write error is kept and reported by
 * outfile_commit(); later writes do nothing. Returns 0, or -1 once a write
 * has failed.
 */
int outfile_write(struct outfile *of, const void *p, size_t n);

/* Write what outfile_write keeps in memory to the temporary file (before
 * another program reads it through outfile_open_path()). 0 or -1. */
int outfile_flush(struct outfile *of);

/* The name a library that opens files itself must write to: the named
 * temporary file, or /proc/self/fd/N of the unnamed one. */
const char *outfile_open_path(const struct outfile *of);

/*
 * Flush the content to disk and give it its final name — unless the checks
 * now refuse the target (it appeared meanwhile, or was replaced by a link
 * to the database): then nothing is named and err says why. Frees of's
 * strings either way.
 */
int outfile_commit(struct outfile *of, struct error *err);

/* Remove the temporary file (and a SQLite journal beside a named one). */
void outfile_abort(struct outfile *of);

/* err = "cannot write 'PATH': WHY" for errno value e, in words a person
 * understands ("folder 'DIR' does not exist", "the disk is full", ...). */
int outfile_error(struct error *err, const char *path, const char *dir, int e);

/*
 * For the life of the process, refuse to write over: the database at
 * db_path with its -wal, -shm and -journal (also while they do not exist);
 * the file at path; every file in the folder dir (and the folder itself,
 * but for OUTFILE_BACKUPS). Calls with a path already protected are
 * ignored. A path that cannot be found now is protected by name.
 */
void outfile_protect_db(const char *db_path);
void outfile_protect_file(const char *path);
void outfile_protect_folder(const char *dir);
/* The same for the file at path, which is being read (an import's list:
 * its errors file must not replace it), for the life of the process. */
void outfile_protect_input(const char *path);

#endif
