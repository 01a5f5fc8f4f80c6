/*
 * outfile: every file capphat writes is checked and written here; see
 * include/io/outfile.h for the rules and why.
 *
 * The protected paths are kept for the life of the process. Each is kept
 * by its path (stat()ed again at each check: a -wal appears and goes) and,
 * when its folder could be found, by the folder's device and inode and its
 * last component, so that a name that does not exist yet is refused under
 * any spelling of its folder.
 */
#include "io/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/testhook.h"
#include "core/xalloc.h"

#define TMP_PREFIX ".capphat-tmp-"
#define TMP_NAME_LEN (sizeof(TMP_PREFIX) - 1 + 6)
#define BUF_SIZE ((size_t)65536)

enum guard_kind { GUARD_DB, GUARD_FILE, GUARD_FOLDER, GUARD_INPUT };

static struct guard {
    enum guard_kind kind;
    char *path;  /* as given */
    char *shown; /* the path named in messages (the database for its companions) */
    int has_dir; /* dir_dev/dir_ino/base are set */
    dev_t dir_dev;
    ino_t dir_ino;
    char *base;
} * guards;
static size_t n_guards;

/* The folder part of path ("." for a bare name, "/" for "/x"). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    return xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void guard_add(enum guard_kind kind, const char *path, const char *shown)
{
    struct guard *g;
    struct stat st;
    char *dir;

    for (size_t i = 0; i < n_guards; i++)
        if (guards[i].kind == kind && strcmp(guards[i].path, path) == 0)
            return;
    guards = xrealloc(guards, (n_guards + 1) * sizeof(*guards));
    g = &guards[n_guards++];
    memset(g, 0, sizeof(*g));
    g->kind = kind;
    g->path = xstrdup(path);
    g->shown = xstrdup(shown);
    g->base = xstrdup(base_of(path));
    dir = dir_of(path);
    if (stat(dir, &st) == 0) {
        g->has_dir = 1;
        g->dir_dev = st.st_dev;
        g->dir_ino = st.st_ino;
    }
    free(dir);
}

void outfile_protect_db(const char *db_path)
{
    static const char *const companions[] = {"", "-wal", "-shm", "-journal"};

    for (size_t i = 0; i < sizeof(companions) / sizeof(*companions); i++) {
        char *p = xasprintf("%s%s", db_path, companions[i]);
        guard_add(GUARD_DB, p, db_path);
        free(p);
    }
}

void outfile_protect_file(const char *path)
{
    guard_add(GUARD_FILE, path, path);
}

void outfile_protect_folder(const char *dir)
{
    guard_add(GUARD_FOLDER, dir, dir);
}

void outfile_protect_input(const char *path)
{
    guard_add(GUARD_INPUT, path, path);
}

int outfile_error(struct error *err, const char *path, const char *dir, int e)
{
    const char *qp = error_quote_slot(path, 1), *qd = error_quote_slot(dir, 2);

    switch (e) {
    case ENOENT:
    case ENOTDIR:
        return error_set(err, ERR_IO, _("cannot write '%s': folder '%s' does not exist"), qp, qd);
    case EACCES:
    case EPERM:
        return error_set(err, ERR_IO, _("cannot write '%s': no permission to write in folder '%s'"),
                         qp, qd);
    case EROFS:
        return error_set(err, ERR_IO,
                         _("cannot write '%s': folder '%s' is on a read-only file system"), qp, qd);
    case ENOSPC:
    case EDQUOT:
        return error_set(err, ERR_IO, _("cannot write '%s': disk full"), qp);
    case EISDIR:
        return error_set(err, ERR_IO, _("cannot write '%s': it is a folder"), qp);
    case EEXIST:
        return error_set(err, ERR_EXISTS, _("file '%s' already exists"), qp);
    default: {
        char *why = xstrdup(strerror(e));
        why[0] = (char)(why[0] >= 'A' && why[0] <= 'Z' ? why[0] - 'A' + 'a' : why[0]);
        error_set(err, ERR_IO, _("cannot write '%s': %s"), qp, why);
        free(why);
        return ERR_IO;
    }
    }
}

/* What kind of file a format's extension names, for the message. */
static const char *ext_kind(const char *ext)
{
    if (strcasecmp(ext, ".pdf") == 0)
        return "PDF";
    if (strcasecmp(ext, ".xlsx") == 0)
        return "Excel";
    if (strcasecmp(ext, ".csv") == 0)
        return "CSV";
    if (strcasecmp(ext, ".db") == 0)
        return _("database");
    return ext;
}

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Is a regular file of folder dir the file st? (a backup under another name) */
static int folder_holds(const char *dir, const struct stat *st)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int found = 0;

    if (!d)
        return 0;
    while (!found && (de = readdir(d)) != NULL) {
        struct stat s;
        if (fstatat(dirfd(d), de->d_name, &s, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(s.st_mode) &&
            same_file(&s, st))
            found = 1;
    }
    closedir(d);
    return found;
}

/*
 * Is the target protected? dst: its folder; base: its last component; st:
 * the file it names (following links), or NULL when there is none.
 */
static int guarded(const char *path, const struct stat *dst, const char *base,
                   const struct stat *st, unsigned flags, struct error *err)
{
    for (size_t i = 0; i < n_guards; i++) {
        const struct guard *g = &guards[i];
        struct stat gs;
        int hit = 0;

        if (g->kind == GUARD_FOLDER) {
            if (stat(g->path, &gs) != 0)
                continue;
            hit = (same_file(&gs, dst) && !(flags & OUTFILE_BACKUPS)) ||
                  (st && (same_file(&gs, st) || folder_holds(g->path, st)));
            if (hit)
                return error_set(err, ERR_IO,
                                 _("cannot write '%s': it is in the backups folder '%s', which "
                                   "only capphat's daily backups use; choose another folder"),
                                 error_quote_slot(path, 0), error_quote_slot(g->shown, 1));
            continue;
        }
        if (g->kind == GUARD_FILE && (flags & OUTFILE_STATE))
            continue;
        hit = g->has_dir && g->dir_dev == dst->st_dev && g->dir_ino == dst->st_ino &&
              strcmp(g->base, base) == 0;
        if (!hit && st && stat(g->path, &gs) == 0)
            hit = same_file(&gs, st);
        if (hit && g->kind == GUARD_DB)
            return error_set(err, ERR_IO,
                             _("cannot write '%s': it is the database '%s' or one of its files; "
                               "choose another name"),
                             error_quote_slot(path, 0), error_quote_slot(g->shown, 1));
        if (hit && g->kind == GUARD_INPUT)
            return error_set(err, ERR_IO,
                             _("cannot write '%s': it is the file being read, which it would "
                               "destroy; choose another name"),
                             error_quote(path));
        if (hit)
            return error_set(err, ERR_IO,
                             _("cannot write '%s': it is capphat's file '%s'; choose another "
                               "name"),
                             error_quote_slot(path, 0), error_quote_slot(g->shown, 1));
    }
    return 0;
}

static int not_regular(const char *path, mode_t mode, struct error *err)
{
    const char *what = S_ISDIR(mode)                    ? _("it is a folder")
                       : S_ISCHR(mode) || S_ISBLK(mode) ? _("it is a device")
                       : S_ISFIFO(mode)                 ? _("it is a named pipe (FIFO)")
                       : S_ISSOCK(mode)                 ? _("it is a socket")
                                                        : _("it is not a regular file");
    return error_set(err, ERR_IO, _("cannot write '%s': %s"), error_quote(path), what);
}

int outfile_check(const char *path, const char *ext, unsigned flags, struct error *err)
{
    struct stat dst, lst, st;
    const char *base;
    char *dir;
    int rc = 0;

    if (!path || !*path)
        return error_set(err, ERR_INVALID, _("no output file named"));
    base = base_of(path);
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
        return error_set(err, ERR_IO, _("cannot write '%s': it is a folder"), error_quote(path));
    if (ext) {
        size_t n = strlen(base), m = strlen(ext);
        if (n <= m || strcasecmp(base + n - m, ext) != 0)
            return error_set(err, ERR_INVALID,
                             _("cannot write '%s': a %s file's name must end in %s"),
                             error_quote(path), ext_kind(ext), ext);
    }
    dir = dir_of(path);
    if (stat(dir, &dst) != 0)
        rc = outfile_error(err, path, dir, errno);
    else if (!S_ISDIR(dst.st_mode))
        rc = outfile_error(err, path, dir, ENOTDIR);
    else if (lstat(path, &lst) != 0) {
        if (errno == ENOENT)
            rc = guarded(path, &dst, base, NULL, flags, err);
        else
            rc = outfile_error(err, path, dir, errno);
    } else if (stat(path, &st) != 0) {
        rc = error_set(err, ERR_IO, _("cannot write '%s': it is a symbolic link to nothing"),
                       error_quote(path));
    } else if ((rc = guarded(path, &dst, base, &st, flags, err)) != 0) {
        ;
    } else if (!S_ISREG(st.st_mode)) {
        rc = not_regular(path, st.st_mode, err);
    } else if (!(flags & OUTFILE_FORCE)) {
        rc = outfile_error(err, path, dir, EEXIST);
    }
    free(dir);
    return rc;
}

/* Remove the named temporary files of writers that died in folder dirfd:
 * those no process holds locked, with the journal, -wal and -shm SQLite
 * may have left beside them. (A writer that had created its file but not
 * yet locked it finds its name gone and makes another: open_named.) */
static void remove_stale(int dfd)
{
    static const char *const companions[] = {"-journal", "-wal", "-shm"};
    int fd2 = dup(dfd);
    DIR *d = fd2 >= 0 ? fdopendir(fd2) : NULL;
    struct dirent *de;

    if (!d) {
        if (fd2 >= 0)
            close(fd2);
        return;
    }
    while ((de = readdir(d)) != NULL) {
        struct stat st;
        char base[TMP_NAME_LEN + 1];

        if (strncmp(de->d_name, TMP_PREFIX, sizeof(TMP_PREFIX) - 1) != 0 ||
            strlen(de->d_name) < TMP_NAME_LEN)
            continue;
        memcpy(base, de->d_name, TMP_NAME_LEN);
        base[TMP_NAME_LEN] = '\0';
        if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (strcmp(de->d_name, base) != 0) {
            /* a companion: stale when its file is gone or stale itself */
            if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0)
                continue;
            unlinkat(dfd, de->d_name, 0);
            continue;
        }
        int fd = openat(dfd, de->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
            unlinkat(dfd, de->d_name, 0);
            for (size_t i = 0; i < sizeof(companions) / sizeof(*companions); i++) {
                char *c = xasprintf("%s%s", base, companions[i]);
                unlinkat(dfd, c, 0);
                free(c);
            }
        }
        close(fd);
    }
    closedir(d);
}

/* A fresh ".capphat-tmp-XXXXXX" name (not checked against the folder). */
static char *tmp_name(void)
{
    static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char r[6];
    char *s = xasprintf(TMP_PREFIX "XXXXXX");

    if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
        unsigned long v =
            (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16) ^ (unsigned long)(size_t)s;
        for (size_t i = 0; i < sizeof(r); i++, v >>= 5)
            r[i] = (unsigned char)v;
    }
    for (size_t i = 0; i < sizeof(r); i++)
        s[sizeof(TMP_PREFIX) - 1 + i] = chars[r[i] % (sizeof(chars) - 1)];
    return s;
}

static void of_free(struct outfile *of)
{
    if (of->fd >= 0)
        close(of->fd);
    if (of->dirfd >= 0)
        close(of->dirfd);
    free(of->path);
    free(of->dir);
    free(of->base);
    free(of->tmp);
    free(of->open_path);
    free(of->buf);
    memset(of, 0, sizeof(*of));
    of->fd = of->dirfd = -1;
}

/* Create the named temporary file, locked. Returns 0 or an errno value. */
static int open_named(struct outfile *of)
{
    for (int tries = 0; tries < 100; tries++) {
        char *name = tmp_name();
        int fd = openat(of->dirfd, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) {
            int e = errno;
            free(name);
            if (e == EEXIST)
                continue;
            return e;
        }
        if (flock(fd, LOCK_EX) != 0 || fchmod(fd, 0600) != 0) {
            int e = errno;
            close(fd);
            unlinkat(of->dirfd, name, 0);
            free(name);
            return e;
        }
        /* another run's clean-up may have taken it before it was locked */
        struct stat mine, there;
        if (fstat(fd, &mine) != 0 || fstatat(of->dirfd, name, &there, AT_SYMLINK_NOFOLLOW) != 0 ||
            mine.st_ino != there.st_ino || mine.st_dev != there.st_dev) {
            close(fd);
            free(name);
            continue;
        }
        of->fd = fd;
        of->tmp = name;
        of->open_path = xasprintf("%s/%s", of->dir, name);
        return 0;
    }
    return EEXIST;
}

int outfile_open(struct outfile *of, const char *path, const char *ext, unsigned flags,
                 struct error *err)
{
    int rc, e = 0;

    memset(of, 0, sizeof(*of));
    of->fd = of->dirfd = -1;
    if ((rc = outfile_check(path, ext, flags, err)) != 0)
        return rc;
    of->path = xstrdup(path);
    of->dir = dir_of(path);
    of->base = xstrdup(base_of(path));
    of->flags = flags;
    of->dirfd = open(of->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (of->dirfd < 0) {
        rc = outfile_error(err, path, of->dir, errno);
        of_free(of);
        return rc;
    }
    remove_stale(of->dirfd);
    if (!(flags & OUTFILE_NAMED) && !testhook_env(TESTHOOK_OUTFILE_NAMED) &&
        access("/proc/self/fd", X_OK) == 0) {
        of->fd = openat(of->dirfd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
        if (of->fd >= 0 && fchmod(of->fd, 0600) == 0) {
            of->open_path = xasprintf("/proc/self/fd/%d", of->fd);
        } else {
            e = errno;
            if (of->fd >= 0)
                close(of->fd);
            of->fd = -1;
            /* EOPNOTSUPP, EISDIR, EINVAL: no unnamed files here; use a named one */
            if (e == EACCES || e == EPERM || e == EROFS || e == ENOSPC || e == EDQUOT)
                goto fail;
            e = 0;
        }
    }
    if (of->fd < 0 && (e = open_named(of)) != 0)
        goto fail;
    return 0;
fail:
    rc = outfile_error(err, path, of->dir, e);
    of_free(of);
    return rc;
}

const char *outfile_open_path(const struct outfile *of)
{
    return of->open_path;
}

static int flush_buf(struct outfile *of)
{
    size_t off = 0;

    while (!of->err_no && off < of->len) {
        ssize_t w = write(of->fd, of->buf + off, of->len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            of->err_no = w < 0 ? errno : EIO;
        else
            off += (size_t)w;
    }
    of->len = 0;
    return of->err_no ? -1 : 0;
}

int outfile_flush(struct outfile *of)
{
    return of->len ? flush_buf(of) : of->err_no ? -1 : 0;
}

int outfile_write(struct outfile *of, const void *p, size_t n)
{
    if (of->err_no)
        return -1;
    if (!of->buf)
        of->buf = xmalloc(BUF_SIZE);
    while (n) {
        size_t k = BUF_SIZE - of->len < n ? BUF_SIZE - of->len : n;
        memcpy(of->buf + of->len, p, k);
        of->len += k;
        p = (const char *)p + k;
        n -= k;
        if (of->len == BUF_SIZE && flush_buf(of) != 0)
            return -1;
    }
    return 0;
}

/* Give the unnamed file a name in the folder: a fresh temporary one. */
static int link_unnamed(struct outfile *of, char **name)
{
    char proc[64];

    snprintf(proc, sizeof(proc), "/proc/self/fd/%d", of->fd);
    for (int tries = 0; tries < 100; tries++) {
        *name = tmp_name();
        if (linkat(AT_FDCWD, proc, of->dirfd, *name, AT_SYMLINK_FOLLOW) == 0)
            return 0;
        int e = errno;
        free(*name);
        *name = NULL;
        if (e != EEXIST)
            return e;
    }
    return EEXIST;
}

/* Name the finished file without replacing anything (link, or a rename
 * that refuses to replace). Returns 0 or an errno value. */
static int name_new(struct outfile *of)
{
    if (!of->tmp) {
        char proc[64];
        snprintf(proc, sizeof(proc), "/proc/self/fd/%d", of->fd);
        return linkat(AT_FDCWD, proc, of->dirfd, of->base, AT_SYMLINK_FOLLOW) == 0 ? 0 : errno;
    }
    if (renameat2(of->dirfd, of->tmp, of->dirfd, of->base, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return errno;
    /* no RENAME_NOREPLACE on this file system: a hard link refuses to replace too */
    if (linkat(of->dirfd, of->tmp, of->dirfd, of->base, 0) != 0)
        return errno;
    unlinkat(of->dirfd, of->tmp, 0);
    return 0;
}

/* Name the finished file over an existing one (the operator said so). */
static int name_replace(struct outfile *of)
{
    int e;

    if (!of->tmp && (e = link_unnamed(of, &of->tmp)) != 0)
        return e;
    return renameat(of->dirfd, of->tmp, of->dirfd, of->base) == 0 ? 0 : errno;
}

int outfile_commit(struct outfile *of, struct error *err)
{
    int rc = 0, e = 0;

    if (of->len)
        flush_buf(of);
    if (of->err_no)
        e = of->err_no;
    else if (fsync(of->fd) != 0)
        e = errno;
    if (e) {
        rc = outfile_error(err, of->path, of->dir, e);
        outfile_abort(of);
        return rc;
    }
    /* again now: the target may have appeared, or been swapped for a link */
    if ((rc = outfile_check(of->path, NULL, of->flags, err)) != 0) {
        outfile_abort(of);
        return rc;
    }
    e = of->flags & OUTFILE_FORCE ? name_replace(of) : name_new(of);
    if (e) {
        rc = outfile_error(err, of->path, of->dir, e);
        outfile_abort(of);
        return rc;
    }
    free(of->tmp);
    of->tmp = NULL;
    fsync(of->dirfd);
    of_free(of);
    return 0;
}

void outfile_abort(struct outfile *of)
{
    static const char *const companions[] = {"-journal", "-wal", "-shm"};

    if (of->tmp && of->dirfd >= 0) {
        unlinkat(of->dirfd, of->tmp, 0);
        for (size_t i = 0; i < sizeof(companions) / sizeof(*companions); i++) {
            char *c = xasprintf("%s%s", of->tmp, companions[i]);
            unlinkat(of->dirfd, c, 0);
            free(c);
        }
    }
    of_free(of);
}
