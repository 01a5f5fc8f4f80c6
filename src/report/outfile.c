/*
 * outfile: reports are written to a temporary file in the target folder and
 * renamed into place; see outfile.h.
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/xalloc.h"

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
    default: {
        char *why = xstrdup(strerror(e));
        why[0] = (char)(why[0] >= 'A' && why[0] <= 'Z' ? why[0] - 'A' + 'a' : why[0]);
        error_set(err, ERR_IO, _("cannot write '%s': %s"), qp, why);
        free(why);
        return ERR_IO;
    }
    }
}

static void outfile_free(struct outfile *of)
{
    free(of->path);
    free(of->dir);
    free(of->tmp);
    of->path = of->dir = of->tmp = NULL;
    of->fd = -1;
}

int outfile_open(struct outfile *of, const char *path, struct error *err)
{
    const char *slash;
    struct stat st;
    int rc;

    memset(of, 0, sizeof(*of));
    of->fd = -1;
    if (!path || !*path)
        return error_set(err, ERR_INVALID, _("no output file named"));
    slash = strrchr(path, '/');
    of->path = xstrdup(path);
    of->dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        rc = outfile_error(err, path, of->dir, EISDIR);
        outfile_free(of);
        return rc;
    }
    of->tmp = xasprintf("%s/.capphat-out-XXXXXX", of->dir);
    of->fd = mkstemp(of->tmp);
    if (of->fd < 0 || fchmod(of->fd, 0600) < 0) {
        rc = outfile_error(err, path, of->dir, errno);
        if (of->fd >= 0) {
            close(of->fd);
            unlink(of->tmp);
        }
        outfile_free(of);
        return rc;
    }
    return 0;
}

int outfile_commit(struct outfile *of, struct error *err)
{
    int rc = 0, fd = of->fd;

    if (fd < 0)
        fd = open(of->tmp, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0)
        rc = outfile_error(err, of->path, of->dir, errno);
    if (fd >= 0 && close(fd) != 0 && rc == 0)
        rc = outfile_error(err, of->path, of->dir, errno);
    of->fd = -1;
    if (rc == 0 && rename(of->tmp, of->path) != 0)
        rc = outfile_error(err, of->path, of->dir, errno);
    if (rc != 0)
        unlink(of->tmp);
    outfile_free(of);
    return rc;
}

void outfile_abort(struct outfile *of)
{
    if (of->fd >= 0)
        close(of->fd);
    if (of->tmp)
        unlink(of->tmp);
    outfile_free(of);
}
