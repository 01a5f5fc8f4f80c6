/*
 * backup_app: copies of the database — by hand, before a schema upgrade,
 * and the automatic daily backup into the folder "backups" next to the
 * database, kept in rotation; see include/app/backup_app.h.
 *
 * Every copy is written through io/outfile (a named temporary file that
 * SQLite's VACUUM INTO fills, named only when complete, never over an
 * existing file). The rotation deletes only what it can prove is its own:
 * a file with this database's backup name, dated no later than now, and
 * recorded in this database's backup table when it was taken.
 */
#include "app/backup_app.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/handover_app.h"
#include "app/seal_app.h"
#include "core/date.h"
#include "core/hash.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/testhook.h"
#include "core/xalloc.h"
#include "core/xdg.h"
#include "io/outfile.h"
#include "store/backup_store.h"
#include "store/audit_store.h"
#include "store/device_store.h"
#include "store/handover_store.h"
#include "store/person_store.h"
#include "store/db.h"
#include "store/setting_store.h"
#include "store/training_store.h"
#include "store/unit_store.h"

#define SUFFIX ".db"
#define STAMP_LEN 15 /* YYYYMMDD-HHMMSS */
#define DAY_SECONDS (24 * 60 * 60)

char *app_register_folder(const char *db_path)
{
    if (db_is_server_address(db_path)) {
        /* this account's folder for the register on that server */
        char hex[HASH_HEX_LEN + 1], *data = xdg_dir(XDG_DATA, 1), *dir;
        struct hash_ctx *h = hash_new();
        hash_add(h, db_path, strlen(db_path));
        hash_finish(h, hex);
        dir = xasprintf("%s/servers/%.16s", data ? data : ".", hex);
        free(data);
        if (mkdir(dir, 0700) != 0 && errno == ENOENT) {
            char *up = xstrndup(dir, (size_t)(strrchr(dir, '/') - dir));
            mkdir(up, 0700);
            mkdir(dir, 0700);
            free(up);
        }
        return dir;
    }
    const char *slash = strrchr(db_path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == db_path)
        return xstrdup("/");
    return xstrndup(db_path, (size_t)(slash - db_path));
}

char *app_backup_dir(const char *db_path)
{
    char *dir = app_register_folder(db_path), *backups;
    if (strcmp(dir, ".") == 0)
        backups = xstrdup("backups");
    else
        backups = xasprintf("%s/backups", strcmp(dir, "/") ? dir : "");
    free(dir);
    return backups;
}

/* "capphat-" for capphat.db: this database's backup names start so
 * ("register-" for a register on a server). */
static char *backup_prefix(const char *db_path)
{
    if (db_is_server_address(db_path))
        return xstrdup("register-");
    const char *slash = strrchr(db_path, '/'), *base = slash ? slash + 1 : db_path;
    size_t n = strlen(base);

    if (n > 3 && strcmp(base + n - 3, SUFFIX) == 0)
        n -= 3;
    return xasprintf("%.*s-", (int)n, base);
}

/* Now, or in a test build the time of TESTHOOK_NOW (local, "YYYY-MM-DDTHH:MM:SS"). */
static time_t backup_now(void)
{
    const char *fake = testhook_env(TESTHOOK_NOW);
    struct tm tm;

    if (fake && *fake) {
        memset(&tm, 0, sizeof(tm));
        const char *end = strptime(fake, "%Y-%m-%dT%H:%M:%S", &tm);
        if (end && !*end) {
            tm.tm_isdst = -1;
            return mktime(&tm);
        }
    }
    return time(NULL);
}

/* The time a backup name of this database stands for, or -1 when name is
 * not one (another database's, another format, a date that does not exist). */
static time_t name_time(const char *name, const char *prefix)
{
    size_t np = strlen(prefix);
    struct tm tm;

    if (strlen(name) != np + STAMP_LEN + strlen(SUFFIX) || strncmp(name, prefix, np) != 0 ||
        strcmp(name + np + STAMP_LEN, SUFFIX) != 0)
        return -1;
    for (size_t i = 0; i < STAMP_LEN; i++)
        if (i == 8 ? name[np + i] != '-' : (name[np + i] < '0' || name[np + i] > '9'))
            return -1;
    memset(&tm, 0, sizeof(tm));
    const char *end = strptime(name + np, "%Y%m%d-%H%M%S", &tm);
    if (!end || strcmp(end, SUFFIX) != 0)
        return -1;
    tm.tm_isdst = -1;
    return mktime(&tm);
}

struct backup_file {
    char *name;
    time_t at;
};

static int cmp_at(const void *a, const void *b)
{
    const struct backup_file *x = a, *y = b;
    return x->at < y->at ? -1 : x->at > y->at ? 1 : strcmp(x->name, y->name);
}

/* This database's backups in dir that are regular files dated no later
 * than now, oldest first (*n of them; free with free_list). */
static struct backup_file *list_backups(const char *dir, const char *prefix, time_t now, size_t *n)
{
    DIR *d = opendir(dir);
    struct backup_file *v = NULL;
    size_t alloc = 0;
    struct dirent *de;

    *n = 0;
    if (!d)
        return NULL;
    while ((de = readdir(d)) != NULL) {
        struct stat st;
        time_t at = name_time(de->d_name, prefix);
        /* a date in the future: a clock set wrong, or a planted name */
        if (at < 0 || at > now)
            continue;
        if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (*n == alloc) {
            alloc = alloc ? alloc * 2 : 16;
            v = xrealloc(v, alloc * sizeof(*v));
        }
        v[*n].name = xstrdup(de->d_name);
        v[(*n)++].at = at;
    }
    closedir(d);
    if (*n)
        qsort(v, *n, sizeof(*v), cmp_at);
    return v;
}

static void free_list(struct backup_file *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].name);
    free(v);
}

int app_backup_to(struct app *app, const char *path, unsigned flags, struct error *err)
{
    struct outfile of;
    int rc;

    /* a role that sees some communes would copy a register with holes in
     * it (sessions, seals and audit entries it cannot read): no backup */
    if (!db_sees_all(app->db))
        return error_set(err, ERR_INVALID,
                         _("a backup copies the whole register, and role '%s' sees only its "
                           "communes: the province's operator or the register's owner backs it "
                           "up"),
                         db_server_user(app->db));
    rc = outfile_open(&of, path, SUFFIX, flags | OUTFILE_NAMED, err);

    if (rc)
        return rc;
    int full = 0;
    if ((rc = db_copy_into(app->db, outfile_open_path(&of), &full, err)) != 0) {
        /* err names the database; the file that could not be made matters here */
        if (full)
            rc = outfile_error(err, path, of.dir, ENOSPC);
        else
            error_prefix(err, _("backup to '%s' failed"), error_quote(path));
        outfile_abort(&of);
        return rc;
    }
    if ((rc = outfile_commit(&of, err)) == 0)
        seal_app_flush(app, SEAL_NOW, NULL); /* the head, sealed at every backup */
    return rc;
}

/*
 * The backups folder, made mode 0700 when missing. Refused when it is not a
 * folder (a symbolic link could send the backups anywhere) or belongs to
 * another user (whose backups this user could not read back); set back to
 * 0700 when others could read it.
 */
int app_backups_folder_ready(struct app *app, const char *dir, struct error *err)
{
    struct stat st;

    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return error_set(err, ERR_IO, _("cannot make the backups folder '%s': %s"),
                         error_quote(dir), strerror(errno));
    if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return error_set(err, ERR_IO, _("the backups folder '%s' is not a folder"),
                         error_quote(dir));
    if (st.st_uid != geteuid())
        return error_set(err, ERR_IO,
                         _("the backups folder '%s' belongs to another user (uid %ld): no backup "
                           "is written there"),
                         error_quote(dir), (long)st.st_uid);
    if (app)
        app_secure_mode(app, dir, 0700);
    return 0;
}

int app_daily_backup(struct app *app, char **made, struct error *err)
{
    const char *db = db_path(app->db);
    char *dir = app_backup_dir(db), *prefix = backup_prefix(db), *just = NULL;
    time_t now = backup_now();
    struct backup_file *v;
    struct stat st;
    size_t n;
    int rc = 0;

    if (made)
        *made = NULL;
    /* an operator of some communes cannot copy the whole register: the
     * daily backup is the province's or the owner's */
    if (!db_sees_all(app->db))
        goto out;
    /* the owner's backups are the owner's to make: another user (root, say)
     * would make a folder the owner cannot read */
    if (stat(db, &st) == 0 && st.st_uid != geteuid()) {
        app_notice(app,
                   _("database '%s' belongs to another user (uid %ld): the daily backup is "
                     "left to them"),
                   error_quote(db), (long)st.st_uid);
        goto out;
    }
    if ((rc = app_backups_folder_ready(app, dir, err)) != 0)
        goto out;
    v = list_backups(dir, prefix, now, &n);
    if (n == 0 || now - v[n - 1].at >= DAY_SECONDS) {
        struct tm tm;
        char stamp[STAMP_LEN + 1], at[21];
        localtime_r(&now, &tm);
        strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
        just = xasprintf("%s%s" SUFFIX, prefix, stamp);
        char *path = xasprintf("%s/%s", dir, just);
        if (app->working && db_is_server_address(db)) {
            char *what = xasprintf(_("making today's backup of '%s' (every table copied)..."),
                                   error_quote(db));
            app->working(what);
            free(what);
        }
        rc = app_backup_to(app, path, OUTFILE_BACKUPS, err);
        date_now_utc(at);
        if (rc == 0 && (rc = db_begin(app->db, err)) == 0) {
            rc = backup_store_add(app->db, just, at, err);
            int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
            rc = rc ? rc : rc2;
        }
        if (rc == 0) {
            rc = 1;
            if (made)
                *made = xstrdup(path);
        }
        free(path);
        free_list(v, n);
        v = list_backups(dir, prefix, now, &n);
    }
    /* how many to keep, read: never the default in place of the office's
     * own number (which may keep more); unread, none is deleted */
    char *keep_s = NULL;
    if (rc >= 0) {
        int r = setting_get(app->db, "backup_keep", "7", &keep_s, err);
        if (r != 0)
            rc = r;
    }
    if (rc >= 0) {
        long keep = strtol(keep_s, NULL, 10);
        size_t own = 0;
        if (keep < 1)
            keep = 1;
        /* only the backups this database recorded count, and may go */
        for (size_t i = 0; i < n; i++)
            if (backup_store_has(app->db, v[i].name, NULL) == 1)
                own++;
        for (size_t i = 0; i < n && own > (size_t)keep; i++) {
            if ((just && strcmp(v[i].name, just) == 0) ||
                backup_store_has(app->db, v[i].name, NULL) != 1)
                continue;
            char *old = xasprintf("%s/%s", dir, v[i].name);
            if (unlink(old) == 0 || errno == ENOENT) {
                if (db_begin(app->db, NULL) == 0) {
                    int r = backup_store_remove(app->db, v[i].name, NULL);
                    db_end(app->db, r == 0, NULL);
                }
                own--;
            }
            free(old);
        }
    }
    free(keep_s);
    free_list(v, n);
out:
    free(just);
    free(prefix);
    free(dir);
    return rc;
}

/* "before-vN-YYYYMMDD-HHMMSS[-K].db" after this database's prefix: the copy
 * taken before an upgrade. */
static int is_upgrade_copy(const char *name, const char *prefix)
{
    size_t np = strlen(prefix), n = strlen(name);
    const char *p = name + np;

    if (strncmp(name, prefix, np) != 0 || strncmp(p, "before-v", 8) != 0 || n < strlen(SUFFIX) ||
        strcmp(name + n - strlen(SUFFIX), SUFFIX) != 0)
        return 0;
    p += 8;
    if (*p < '0' || *p > '9')
        return 0;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p++ != '-')
        return 0;
    for (size_t i = 0; i < STAMP_LEN; i++, p++)
        if (i == 8 ? *p != '-' : (*p < '0' || *p > '9'))
            return 0;
    if (*p == '-') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return strcmp(p, SUFFIX) == 0;
}

char **app_backup_all(const char *db, size_t *n)
{
    char *dir = app_backup_dir(db), *prefix = backup_prefix(db);
    DIR *d = opendir(dir);
    char **v = NULL;
    size_t alloc = 0;
    struct dirent *de;

    *n = 0;
    while (d && (de = readdir(d)) != NULL) {
        struct stat st;
        if (name_time(de->d_name, prefix) < 0 && !is_upgrade_copy(de->d_name, prefix))
            continue;
        if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISDIR(st.st_mode))
            continue;
        if (*n == alloc) {
            alloc = alloc ? alloc * 2 : 16;
            v = xrealloc(v, alloc * sizeof(*v));
        }
        v[(*n)++] = xasprintf("%s/%s", dir, de->d_name);
    }
    if (d)
        closedir(d);
    free(prefix);
    free(dir);
    return v;
}

int app_backup_newest(struct app *app, char **name, long long *age)
{
    const char *db = db_path(app->db);
    char *dir = app_backup_dir(db), *prefix = backup_prefix(db);
    time_t now = backup_now();
    size_t n;
    struct backup_file *v = list_backups(dir, prefix, now, &n);
    int found = n > 0;

    *name = found ? xasprintf("%s/%s", dir, v[n - 1].name) : NULL;
    *age = found ? (long long)(now - v[n - 1].at) : 0;
    free_list(v, n);
    free(prefix);
    free(dir);
    return found;
}

static char *upgrade_backup_path(struct app *app, int from)
{
    const char *db = db_path(app->db);
    char *dir = app_backup_dir(db), *prefix = backup_prefix(db), *path = NULL;
    char stamp[STAMP_LEN + 1];
    time_t now = backup_now();
    struct stat st;
    struct tm tm;

    localtime_r(&now, &tm);
    strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
    /* two upgrades in one second (one failed): a name of its own each */
    for (int k = 1; !path || lstat(path, &st) == 0; k++) {
        free(path);
        path = k == 1 ? xasprintf("%s/%sbefore-v%d-%s" SUFFIX, dir, prefix, from, stamp)
                      : xasprintf("%s/%sbefore-v%d-%s-%d" SUFFIX, dir, prefix, from, stamp, k);
    }
    free(prefix);
    free(dir);
    return path;
}

struct reimaged {
    long long *ids;
    char **before, **after;
    size_t n, alloc;
};

static int collect_reimaged(long long id, const char *before, const char *after, void *arg)
{
    struct reimaged *r = arg;
    if (r->n == r->alloc) {
        r->alloc = r->alloc ? r->alloc * 2 : 256;
        r->ids = xrealloc(r->ids, r->alloc * sizeof(*r->ids));
        r->before = xrealloc(r->before, r->alloc * sizeof(*r->before));
        r->after = xrealloc(r->after, r->alloc * sizeof(*r->after));
    }
    r->ids[r->n] = id;
    r->before[r->n] = xstrdup(before);
    r->after[r->n++] = xstrdup(after);
    return 0;
}

/*
 * The audited image of a record kind grows when a field joins it (the
 * field's since, store/field.h): after an upgrade from schema step from,
 * each row whose last entry holds its image as it was then gets an entry
 * with its image as it is now (one transaction per kind).
 */
static int reimage(struct app *app, const char *entity, const struct record_kind *k, int from,
                   struct error *err)
{
    struct reimaged r = {0};
    int newer = 0, rc;

    for (size_t i = 0; i < k->n_fields; i++)
        if ((k->fields[i].flags & FIELD_AUDIT) && k->fields[i].since > from)
            newer = 1;
    if (!newer)
        return 0;
    if ((rc = db_begin(app->db, err)) != 0)
        return rc;
    rc = audit_store_each_reimaged(app->db, entity, from, collect_reimaged, &r, err);
    for (size_t i = 0; rc == 0 && i < r.n; i++)
        rc = app_audit(app, "upgrade.image", entity, r.ids[i], r.before[i], r.after[i], err);
    int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
    for (size_t i = 0; i < r.n; i++) {
        free(r.before[i]);
        free(r.after[i]);
    }
    free(r.ids);
    free(r.before);
    free(r.after);
    return rc ? rc : rc2;
}

int app_upgrade(struct app *app, char **backup, struct error *err)
{
    const char *db = db_path(app->db);
    char *dir = app_backup_dir(db);
    int from = db_upgrade_from(app->db), rc;

    *backup = NULL;
    if (!from) {
        free(dir);
        return 0;
    }
    /* the log records every version the file was brought to */
    int recorded;
    if ((rc = audit_store_schema_recorded(app->db, &recorded, err)) != 0) {
        free(dir);
        return rc;
    }
    if (recorded > from) {
        free(dir);
        return error_set(err, ERR_CORRUPT,
                         _("database '%s' says it is of version %d, but its log records that "
                           "capphat brought it to version %d: it was set back behind capphat's "
                           "back, and is not upgraded; restore a backup (capphat restore)"),
                         error_quote(db), from, recorded);
    }
    /* a register that had seals (schema step 8) and a head recorded for
     * them cannot be older than step 8: it was set back, to have its
     * forged entries sealed or its edited rows recorded by the upgrade */
    for (int i = 0; from < 8 && i < 2; i++) {
        char *path = seal_head_path(db, (enum seal_where)i);
        struct seal_head h;
        seal_head_read(path, &h, NULL);
        if (h.exists) {
            rc = error_set(err, ERR_CORRUPT,
                           _("database '%s' says it is of version %d, but capphat sealed it "
                             "before (see '%s'): it was set back behind capphat's back, and is "
                             "not upgraded; restore a backup (capphat restore)"),
                           error_quote_slot(db, 0), from, error_quote_slot(path, 1));
            free(path);
            free(dir);
            return rc;
        }
        free(path);
    }
    rc = app_backups_folder_ready(app, dir, err);
    free(dir);
    if (rc == 0) {
        *backup = upgrade_backup_path(app, from);
        rc = app_backup_to(app, *backup, OUTFILE_BACKUPS, err);
    }
    if (rc) {
        error_prefix(err, _("cannot take a backup before upgrading the database from version %d"),
                     from);
        free(*backup);
        *backup = NULL;
        return rc;
    }
    if ((rc = db_upgrade(app->db, err)) != 0)
        return rc;
    /* before version 7 the log did not cover the reference data, the
     * settings or the receipts' kept data: recorded once as they are */
    if (from < 7) {
        static const char *const kinds[] = {
            "unit", "ethnic_group", "ethnic_alias", "unit_successor", "setting", "receipt_print",
            NULL};
        if ((rc = db_begin(app->db, err)) != 0)
            return rc;
        rc = app_audit_baseline(app, "upgrade.baseline", kinds, 1, err);
        int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
        rc = rc ? rc : rc2;
    }
    /* before version 8 the entries had no seals: sealed once as they are */
    if (rc == 0 && from < 8 && seal_app_seal_all(app, err) < 0)
        rc = err ? err->code : ERR_INTERNAL;
    /* a field that joined a kind's audited image since (a device's
     * registration date at step 10) */
    if (rc == 0)
        rc = reimage(app, "person", &person_kind, from, err);
    if (rc == 0)
        rc = reimage(app, "device", &device_kind, from, err);
    if (rc == 0)
        rc = reimage(app, "round", &round_kind, from, err);
    if (rc == 0)
        rc = reimage(app, "training_session", &session_kind, from, err);
    if (rc == 0)
        rc = reimage(app, "unit", &unit_kind, from, err);
    if (rc == 0)
        rc = reimage(app, "handover", &handover_kind, from, err);
    /* the returns recorded before their records were kept (step 14) */
    if (rc == 0 && from < 17)
        rc = handover_app_number_old_returns(app, err);
    if (rc == 0)
        rc = app_record_schema(app, "schema.upgrade", from, err);
    return rc;
}
