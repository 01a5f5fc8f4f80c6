/* restore_app: the register brought back from a copy; see include/app/restore_app.h. */
#include "app/restore_app.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/backup_app.h"
#include "app/seal_app.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "io/outfile.h"
#include "store/audit_store.h"
#include "store/db.h"

/* What was moved into the kept folder: put back if the restore fails. */
struct moved {
    char *from[8], *to[8];
    int n;
};

static void put_back(struct moved *m)
{
    for (int i = m->n - 1; i >= 0; i--)
        rename(m->to[i], m->from[i]);
}

static void moved_free(struct moved *m)
{
    for (int i = 0; i < m->n; i++) {
        free(m->from[i]);
        free(m->to[i]);
    }
    m->n = 0;
}

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* backups/replaced-YYYYMMDD-HHMMSS (-2, -3... when taken), made 0700. */
static char *make_kept(const char *db, struct error *err)
{
    char *dir = app_backup_dir(db), *path = NULL, stamp[16];
    time_t now = time(NULL);
    struct tm tm;

    localtime_r(&now, &tm);
    strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
    mkdir(dir, 0700);
    for (int k = 1; k < 100; k++) {
        path = k == 1 ? xasprintf("%s/replaced-%s", dir, stamp)
                      : xasprintf("%s/replaced-%s-%d", dir, stamp, k);
        if (mkdir(path, 0700) == 0)
            break;
        int e = errno;
        free(path);
        path = NULL;
        if (e != EEXIST) {
            error_set(err, ERR_IO, _("cannot make the folder for the replaced register in '%s': %s"),
                      error_quote(dir), strerror(e));
            break;
        }
    }
    free(dir);
    return path;
}

/* Move path (when it is there) into folder kept, under its own name. */
static int move_in(struct moved *m, const char *path, const char *kept, struct error *err)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return 0;
    char *to = xasprintf("%s/%s", kept, base_of(path));
    if (rename(path, to) != 0) {
        int rc = error_set(err, ERR_IO, _("cannot move '%s' into '%s': %s"),
                           error_quote_slot(path, 0), error_quote_slot(kept, 1), strerror(errno));
        free(to);
        return rc;
    }
    if (m->n < 8) {
        m->from[m->n] = xstrdup(path);
        m->to[m->n++] = to;
    } else {
        free(to);
    }
    return 0;
}

/* Copy the file from to the new file to (never over one), byte for byte. */
static int copy_file(const char *from, const char *to, struct error *err)
{
    struct outfile of;
    char buf[65536];
    ssize_t n;
    int fd = open(from, O_RDONLY | O_CLOEXEC), rc;

    if (fd < 0)
        return error_set(err, ERR_IO, _("cannot read '%s': %s"), error_quote(from),
                         strerror(errno));
    if ((rc = outfile_open(&of, to, NULL, 0, err)) != 0) {
        close(fd);
        return rc;
    }
    while ((n = read(fd, buf, sizeof(buf))) > 0)
        outfile_write(&of, buf, (size_t)n);
    if (n < 0) {
        rc = error_set(err, ERR_IO, _("cannot read '%s': %s"), error_quote(from),
                       strerror(errno));
        outfile_abort(&of);
    } else {
        rc = outfile_commit(&of, err);
    }
    close(fd);
    return rc;
}

/* The backups whose last entry the restored log does not hold: their
 * history is the replaced register's, and they go with it. */
static int move_backups(struct app *app, const char *db, char **kept, struct restore_result *res,
                        struct error *err)
{
    size_t n;
    char **names = app_backup_all(app, &n);
    int rc = 0;

    for (size_t i = 0; i < n; i++) {
        long long seq, id;
        char hash[HASH_HEX_LEN + 1], have[HASH_HEX_LEN + 1];
        struct moved m = {0};
        if (rc == 0 && audit_store_file_head(names[i], &seq, hash, NULL) == 1 &&
            !(audit_store_head(app->db, seq, &id, have, NULL) == 1 && strcmp(have, hash) == 0)) {
            if (!*kept && !(*kept = make_kept(db, err)))
                rc = ERR_IO;
            if (rc == 0 && (rc = move_in(&m, names[i], *kept, err)) == 0)
                res->backups_kept++;
            moved_free(&m);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

static int record_restore(struct app *app, const char *backup, const char *kept,
                          long long replaced, struct error *err)
{
    struct strbuf sb = STRBUF_INIT;
    int rc = db_begin(app->db, err);

    if (rc)
        return rc;
    strbuf_addstr(&sb, "{\"from\":");
    app_json_string(&sb, backup);
    strbuf_addstr(&sb, ",\"replaced\":");
    app_json_string(&sb, kept ? kept : "");
    strbuf_addf(&sb, ",\"replaced_last_entry\":%lld}", replaced);
    rc = app_audit(app, "register.restore", "register", 0, NULL, sb.buf, err);
    strbuf_release(&sb);
    int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
    return rc ? rc : rc2;
}

int app_restore(const char *db, const char *backup, void (*report)(const char *line, void *arg),
                void *arg, struct restore_result *res, struct error *err)
{
    struct stat bs, ds;
    struct app app;
    struct moved m = {0};
    char hash[HASH_HEX_LEN + 1];
    int rc, have_db;

    memset(res, 0, sizeof(*res));
    if (lstat(backup, &bs) != 0 || !S_ISREG(bs.st_mode))
        return error_set(err, ERR_INVALID, _("backup '%s' is not a file"), error_quote(backup));
    have_db = lstat(db, &ds) == 0;
    if (have_db && ds.st_dev == bs.st_dev && ds.st_ino == bs.st_ino)
        return error_set(err, ERR_INVALID, _("'%s' is the database itself, not a backup of it"),
                         error_quote(backup));

    /* the copy first: a damaged or altered one is not restored */
    if (app_open(&app, backup, DB_OPEN_READONLY, NULL, NULL) == 0) {
        struct check_result cr;
        rc = check_app_run(&app, 1, report, arg, &cr, err);
        app_close(&app);
        if (rc < 0)
            return rc;
        if (rc > 0) {
            res->check = cr;
            return error_set(err, ERR_CORRUPT,
                             _("backup '%s' fails its check (problems listed above): nothing was "
                               "restored"),
                             error_quote(backup));
        }
    } else if (audit_store_file_head(backup, &res->replaced, hash, err) < 0) {
        error_prefix(err, _("'%s' is not a copy of a capphat register"), error_quote(backup));
        return ERR_INVALID;
    }
    res->replaced = 0;

    /* the register it replaces, set aside whole */
    if (have_db) {
        if ((rc = db_file_alone(db, err)) != 0)
            return rc;
        audit_store_file_head(db, &res->replaced, hash, NULL);
        if (!(res->kept = make_kept(db, err)))
            return ERR_IO;
        char *head = seal_head_path(db, SEAL_BESIDE), *mine = seal_head_path(db, SEAL_ACCOUNT);
        static const char *const companions[] = {"", "-wal", "-shm", "-journal"};
        rc = 0;
        for (size_t i = 0; rc == 0 && i < sizeof(companions) / sizeof(*companions); i++) {
            char *p = xasprintf("%s%s", db, companions[i]);
            rc = move_in(&m, p, res->kept, err);
            free(p);
        }
        if (rc == 0)
            rc = move_in(&m, head, res->kept, err);
        if (rc == 0 && mine && access(mine, F_OK) == 0) {
            /* this account's record, beside the register it recorded */
            char *to = xasprintf("%s/%s.account", res->kept, base_of(head));
            if (rename(mine, to) != 0)
                rc = error_set(err, ERR_IO, _("cannot move '%s' into '%s': %s"),
                               error_quote_slot(mine, 0), error_quote_slot(res->kept, 1),
                               strerror(errno));
            else if (m.n < 8) {
                m.from[m.n] = xstrdup(mine);
                m.to[m.n++] = xstrdup(to);
            }
            free(to);
        }
        free(head);
        free(mine);
        if (rc) {
            put_back(&m);
            moved_free(&m);
            rmdir(res->kept);
            return rc;
        }
    }
    if ((rc = copy_file(backup, db, err)) != 0) {
        put_back(&m);
        moved_free(&m);
        if (res->kept)
            rmdir(res->kept);
        return rc;
    }
    moved_free(&m);

    /* the copy as the register: upgraded when older, its history from here */
    if ((rc = app_open(&app, db, 0, NULL, err)) != 0)
        return rc;
    rc = move_backups(&app, db, &res->kept, res, err);
    if (rc == 0)
        rc = record_restore(&app, backup, res->kept, res->replaced, err);
    if (rc == 0)
        rc = seal_app_restart(&app, err);
    if (rc == 0) {
        long long id;
        audit_store_head(app.db, 0, &id, hash, NULL);
        res->entries = id;
        rc = check_app_run(&app, 1, report, arg, &res->check, err);
    }
    app_close(&app);
    return rc;
}
