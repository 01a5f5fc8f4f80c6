/*
 * restore_app: the register brought back from a copy; see include/app/restore_app.h.
 *
 * The order of the steps is what keeps the register whole if the restore
 * is killed, or the disk fills up, at any moment: the copy is made ready
 * first — copied beside the database under a name of its own, upgraded,
 * checked, its restore entry written — while the register is untouched;
 * the register is then linked into the folder that keeps it, and the copy
 * takes the database's name in one rename. Before the rename the database
 * is the old register; after it, the restored one with its restore entry.
 */
#include "app/restore_app.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
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

static const char *const companions[] = {"-wal", "-shm", "-journal"};

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* backups/replaced-YYYYMMDD-HHMMSS (-2, -3... when taken), made 0700. */
static char *make_kept(const char *dir, struct error *err)
{
    char *path = NULL, stamp[16];
    time_t now = time(NULL);
    struct tm tm;

    localtime_r(&now, &tm);
    strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
    for (int k = 1; k < 100 && !path; k++) {
        path = k == 1 ? xasprintf("%s/replaced-%s", dir, stamp)
                      : xasprintf("%s/replaced-%s-%d", dir, stamp, k);
        if (mkdir(path, 0700) != 0) {
            int e = errno;
            free(path);
            path = NULL;
            if (e != EEXIST) {
                error_set(err, ERR_IO,
                          _("cannot make the folder for the replaced register in '%s': %s"),
                          error_quote(dir), strerror(e));
                return NULL;
            }
        }
    }
    return path;
}

/* Copy the file from to the new file to, byte for byte, through io/outfile
 * (complete or absent); flags as outfile_open's. Only a plain file is
 * copied. */
static int copy_file(const char *from, const char *to, unsigned flags, struct error *err)
{
    struct outfile of;
    char buf[65536];
    ssize_t n;
    /* without waiting: a FIFO put in the place of a head file would keep
     * open() waiting for a writer, and the restore with it */
    int fd = open(from, O_RDONLY | O_NONBLOCK | O_CLOEXEC), rc;
    struct stat st;

    if (fd < 0)
        return error_set(err, ERR_IO, _("cannot read '%s': %s"), error_quote(from),
                         strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return error_set(err, ERR_IO, _("cannot read '%s': %s"), error_quote(from),
                         _("it is not a regular file"));
    }
    if ((rc = outfile_open(&of, to, NULL, flags, err)) != 0) {
        close(fd);
        return rc;
    }
    while ((n = read(fd, buf, sizeof(buf))) > 0)
        outfile_write(&of, buf, (size_t)n);
    if (n < 0) {
        rc = error_set(err, ERR_IO, _("cannot read '%s': %s"), error_quote(from), strerror(errno));
        outfile_abort(&of);
    } else {
        rc = outfile_commit(&of, err);
    }
    close(fd);
    return rc;
}

/* Move path (when it is there) into folder kept under its own name (or
 * name): renamed, or on another file system copied then removed. */
static int move_in(const char *path, const char *kept, const char *name, struct error *err)
{
    if (!exists(path))
        return 0;
    char *to = xasprintf("%s/%s", kept, name ? name : base_of(path));
    int rc = 0;
    if (rename(path, to) != 0) {
        if (errno == EXDEV && (rc = copy_file(path, to, OUTFILE_BACKUPS, err)) == 0)
            unlink(path);
        else if (errno != EXDEV)
            rc = error_set(err, ERR_IO, _("cannot move '%s' into '%s': %s"),
                           error_quote_slot(path, 0), error_quote_slot(kept, 1), strerror(errno));
    }
    free(to);
    return rc;
}

/* Keep a copy of path (when it is there) in folder kept, as name. */
static void keep_copy(const char *path, const char *kept, const char *name)
{
    if (!path || !exists(path))
        return;
    char *to = xasprintf("%s/%s", kept, name);
    copy_file(path, to, OUTFILE_BACKUPS, NULL);
    free(to);
}

/* The last entry a head file recorded, 0 when none. */
static long long recorded_head(const char *path, char hash[HASH_HEX_LEN + 1])
{
    struct seal_head h;
    if (!path || seal_head_read(path, &h, NULL) != 0 || !h.head.present)
        return 0;
    memcpy(hash, h.head.hash, HASH_HEX_LEN + 1);
    return h.head.seq;
}

/*
 * Before anything is touched: the copy is a file of a capphat register,
 * closed (no journal beside it), of this register, and when it is older
 * than the seals (schema step 8) its last entry is vouched for by the
 * register or a backup of it that holds it.
 */
static int copy_acceptable(const char *db, const char *backup, const struct audit_file_facts *cur,
                           int have_cur, struct error *err)
{
    struct audit_file_facts f;
    struct stat st;
    int rc;

    if (lstat(backup, &st) != 0)
        return error_set(err, ERR_INVALID, _("backup '%s' cannot be read: %s"), error_quote(backup),
                         strerror(errno));
    if (!S_ISREG(st.st_mode))
        return error_set(err, ERR_INVALID,
                         _("backup '%s' is not a file (a folder, a link or a device)"),
                         error_quote(backup));
    if (st.st_size == 0)
        return error_set(err, ERR_INVALID, _("backup '%s' is empty"), error_quote(backup));
    for (size_t i = 0; i < sizeof(companions) / sizeof(*companions); i++) {
        char *c = xasprintf("%s%s", backup, companions[i]);
        struct stat cs;
        int open_copy = i != 1 && lstat(c, &cs) == 0 && cs.st_size > 0;
        free(c);
        if (open_copy)
            return error_set(err, ERR_INVALID,
                             _("backup '%s' has its %s beside it: it was not closed, or is in "
                               "use; restore from a copy made with 'capphat backup' (or open "
                               "it with capphat once and close it)"),
                             error_quote(backup), companions[i]);
    }
    if ((rc = audit_store_file_facts(backup, &f, err)) != 0) {
        error_prefix(err, _("'%s' is not a copy of a capphat register"), error_quote(backup));
        return ERR_INVALID;
    }
    if (f.version > db_schema_version())
        return error_set(err, ERR_INVALID,
                         _("backup '%s' was made by a newer capphat (schema version %d): restore "
                           "it with that program"),
                         error_quote(backup), f.version);
    if (have_cur && (*cur->identity && *f.identity ? strcmp(cur->identity, f.identity)
                                                   : strcmp(cur->first, f.first)) != 0)
        return error_set(err, ERR_INVALID,
                         _("'%s' is a copy of another register, not of '%s': nothing was "
                           "restored (to put it in place all the same, move the database away "
                           "first: it stays as it is)"),
                         error_quote_slot(backup, 0), error_quote_slot(db, 1));
    if (f.version < 8 && f.last > 0) {
        /* made before the log was sealed: only the register, or a backup
         * of it, holding the same last entry proves the copy unchanged */
        int vouched = have_cur && audit_store_file_holds(db, f.last, f.hash);
        size_t n;
        char **names = app_backup_all(db, &n);
        for (size_t i = 0; i < n; i++) {
            struct audit_file_facts b;
            if (!vouched && strcmp(names[i], backup) != 0 &&
                audit_store_file_facts(names[i], &b, NULL) == 0 && b.version >= 8 &&
                audit_store_file_holds(names[i], f.last, f.hash))
                vouched = 1;
            free(names[i]);
        }
        free(names);
        if (!vouched)
            return error_set(err, ERR_INVALID,
                             _("backup '%s' was made by an older capphat (schema version %d), "
                               "before the log was sealed, and neither the register nor a "
                               "sealed backup of it holds its last entry: nothing proves it was "
                               "not changed since; nothing was restored"),
                             error_quote(backup), f.version);
    }
    return 0;
}

static int record_restore(struct app *app, const char *backup, const char *kept, long long replaced,
                          const char *replaced_hash, struct error *err)
{
    struct strbuf sb = STRBUF_INIT;
    int rc = db_begin(app->db, err);

    if (rc)
        return rc;
    strbuf_addstr(&sb, "{\"from\":");
    app_json_string(&sb, backup);
    strbuf_addstr(&sb, ",\"replaced\":");
    app_json_string(&sb, kept);
    strbuf_addf(&sb, ",\"replaced_last_entry\":%lld,\"replaced_hash\":", replaced);
    app_json_string(&sb, replaced_hash);
    strbuf_addch(&sb, '}');
    rc = app_audit(app, "register.restore", "register", 0, NULL, sb.buf, err);
    strbuf_release(&sb);
    int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
    return rc ? rc : rc2;
}

/* What the copy beside the database leaves when it is given up. */
static void drop_ready(const char *ready, char *upgrade_copy)
{
    char *head = seal_head_path(ready, SEAL_BESIDE), *mine = seal_head_path(ready, SEAL_ACCOUNT);
    for (size_t i = 0; i < sizeof(companions) / sizeof(*companions); i++) {
        char *c = xasprintf("%s%s", ready, companions[i]);
        unlink(c);
        free(c);
    }
    unlink(ready);
    if (head)
        unlink(head);
    if (mine)
        unlink(mine);
    if (upgrade_copy)
        unlink(upgrade_copy);
    free(head);
    free(mine);
}

/*
 * The copy made ready beside the database, as ready: copied, upgraded when
 * older, checked whole, its restore entry written. Nothing of the register
 * is touched. 0, 1 (the copy fails its check, reported), or ERR_*.
 */
static int make_ready(const char *backup, const char *ready, const char *kept, long long replaced,
                      const char *replaced_hash, void (*report)(const char *line, void *arg),
                      void *arg, struct restore_result *res, struct error *err)
{
    char *mine = NULL;
    struct app app;
    int rc;

    /* a copy a killed restore left is replaced */
    drop_ready(ready, NULL);
    if ((rc = copy_file(backup, ready, 0, err)) != 0)
        return rc;
    mine = seal_head_path(ready, SEAL_ACCOUNT);
    if ((rc = app_open(&app, ready, 0, NULL, err)) != 0) {
        drop_ready(ready, NULL);
        free(mine);
        return rc;
    }
    rc = check_app_run(&app, CHECK_FULL | CHECK_NO_RECORD, report, arg, &res->check, err);
    if (rc == 0)
        rc = record_restore(&app, backup, kept, replaced, replaced_hash, err);
    char *upgrade_copy = app.upgrade_backup ? xstrdup(app.upgrade_backup) : NULL;
    app_close(&app);
    /* its WAL folded in: the file alone is the register once renamed */
    if (rc == 0)
        rc = db_file_alone(ready, err);
    if (rc == 0) {
        /* its heads and the copy its upgrade took were for this step only */
        char *head = seal_head_path(ready, SEAL_BESIDE);
        unlink(head);
        free(head);
        if (mine)
            unlink(mine);
        if (upgrade_copy)
            unlink(upgrade_copy);
    } else {
        drop_ready(ready, upgrade_copy);
    }
    free(upgrade_copy);
    free(mine);
    return rc;
}

/* The backups whose last entry the restored log does not hold: their
 * history is the replaced register's, and they go with it. */
static void move_backups(struct app *app, const char *kept, struct restore_result *res)
{
    size_t n;
    char **names = app_backup_all(db_path(app->db), &n);

    for (size_t i = 0; i < n; i++) {
        long long seq, id;
        char hash[HASH_HEX_LEN + 1], have[HASH_HEX_LEN + 1];
        if (audit_store_file_head(names[i], &seq, hash, NULL) == 1 &&
            !(audit_store_head(app->db, seq, &id, have, NULL) == 1 && strcmp(have, hash) == 0) &&
            move_in(names[i], kept, NULL, NULL) == 0)
            res->backups_kept++;
        free(names[i]);
    }
    free(names);
}

/* Does a backup of the register hold entries the copy does not (a history
 * the restore replaces, to be kept with it)? */
static int foreign_backups(const char *db, const char *backup)
{
    size_t n;
    char **names = app_backup_all(db, &n);
    int found = 0;

    for (size_t i = 0; i < n; i++) {
        long long seq;
        char hash[HASH_HEX_LEN + 1];
        if (!found && audit_store_file_head(names[i], &seq, hash, NULL) == 1 &&
            !audit_store_file_holds(backup, seq, hash))
            found = 1;
        free(names[i]);
    }
    free(names);
    return found;
}

/* The register alone (no capphat has it open, none opens it meanwhile:
 * *lock holds its lock), and not the copy itself. */
static int register_alone(const char *db, const char *backup, int have_db, const struct stat *ds,
                          int *lock, struct error *err)
{
    struct stat bs;

    if (lstat(backup, &bs) == 0 && have_db && ds->st_dev == bs.st_dev && ds->st_ino == bs.st_ino)
        return error_set(err, ERR_INVALID, _("'%s' is the database itself, not a backup of it"),
                         error_quote(backup));
    if (have_db) {
        *lock = open(db, O_RDONLY | O_CLOEXEC);
        if (*lock >= 0 && flock(*lock, LOCK_EX | LOCK_NB) != 0)
            return error_set(err, ERR_BUSY,
                             _("database '%s' is open in another capphat: close it everywhere "
                               "first"),
                             error_quote(db));
    }
    return 0;
}

/* What the register is (*cur, *have_cur), read as any reader would, and
 * whether the copy may replace it (copy_acceptable); the empty -wal and
 * -shm SQLite makes beside a database in WAL mode for a reader go again:
 * a refused restore leaves the folder as it was. */
static int read_register(const char *db, const char *backup, int have_db,
                         struct audit_file_facts *cur, int *have_cur, struct error *err)
{
    char *wal = xasprintf("%s-wal", db), *shm = xasprintf("%s-shm", db);
    int had_wal = exists(wal), had_shm = exists(shm);
    struct stat ws;

    *have_cur = have_db && audit_store_file_facts(db, cur, NULL) == 0;
    int rc = copy_acceptable(db, backup, cur, *have_cur, err);
    if (!had_wal && lstat(wal, &ws) == 0 && ws.st_size == 0)
        unlink(wal);
    if (!had_shm && !exists(wal))
        unlink(shm);
    free(wal);
    free(shm);
    return rc;
}

/* Is there anything the restore replaces, to be kept (the database, what
 * is beside it, its heads, backups of another history)? */
static int anything_replaced(const char *db, const char *backup, const char *head, const char *mine,
                             int have_db)
{
    int something =
        have_db || exists(head) || (mine && exists(mine)) || foreign_backups(db, backup);
    for (size_t i = 0; i < sizeof(companions) / sizeof(*companions); i++) {
        char *c = xasprintf("%s%s", db, companions[i]);
        something |= exists(c);
        free(c);
    }
    return something;
}

/* The register set aside whole in res->kept: its WAL folded in (refused
 * when a program that does not take capphat's lock has it open), what is
 * left beside it, then the file itself, linked. */
static int set_aside(const char *db, int have_db, struct restore_result *res, struct error *err)
{
    int rc = have_db ? db_file_alone(db, err) : 0;

    for (size_t i = 0; rc == 0 && res->kept && i < sizeof(companions) / sizeof(*companions); i++) {
        char *c = xasprintf("%s%s", db, companions[i]);
        rc = move_in(c, res->kept, NULL, err);
        free(c);
    }
    if (rc == 0 && have_db) {
        char *to = xasprintf("%s/%s", res->kept, base_of(db));
        if (link(db, to) != 0 &&
            (errno != EXDEV || (rc = copy_file(db, to, OUTFILE_BACKUPS, err)) != 0) && rc == 0)
            rc = error_set(err, ERR_IO, _("cannot keep '%s' in '%s': %s"), error_quote_slot(db, 0),
                           error_quote_slot(res->kept, 1), strerror(errno));
        free(to);
    }
    return rc;
}

/* A restore refused before the rename: the copy made ready and the folder
 * of what it would have replaced go. */
static void undo_ready(const char *db, const char *ready, struct restore_result *res)
{
    drop_ready(ready, NULL);
    if (res->kept) {
        char *to = xasprintf("%s/%s", res->kept, base_of(db));
        unlink(to);
        free(to);
        rmdir(res->kept);
        free(res->kept);
        res->kept = NULL;
    }
}

/* The copy in place as the register: the heads of the replaced register
 * kept with it, then started afresh; the backups of its history moved
 * there too; the register counted and checked. */
static int restart_register(const char *db, const char *head, const char *mine,
                            void (*report)(const char *line, void *arg), void *arg,
                            struct restore_result *res, struct error *err)
{
    struct app app;
    int rc;

    if (res->kept)
        keep_copy(head, res->kept, base_of(head));
    if (mine && res->kept) {
        char *name = xasprintf("%s.account", base_of(head));
        keep_copy(mine, res->kept, name);
        free(name);
    }
    if ((rc = app_open(&app, db, 0, NULL, err)) != 0)
        return rc;
    rc = seal_app_restart(&app, err);
    if (rc == 0) {
        long long id;
        char hash[HASH_HEX_LEN + 1];
        if (res->kept)
            move_backups(&app, res->kept, res);
        audit_store_head(app.db, 0, &id, hash, NULL);
        res->entries = id;
        res->unsealed = !seal_app_key(&app)->have;
        rc = check_app_run(&app, CHECK_FULL, report, arg, &res->check, err);
    }
    app_close(&app);
    return rc;
}

int app_restore(const char *db, const char *backup, void (*report)(const char *line, void *arg),
                void *arg, struct restore_result *res, struct error *err)
{
    /* a register on a server is never replaced by a file: its server keeps
     * it, and a backup moves into a new database */
    if (db_is_server_address(db)) {
        memset(res, 0, sizeof(*res));
        return error_set(err, ERR_INVALID,
                         _("'%s' is a register on a server: restore puts a file back in place "
                           "of a register file; to bring a backup to the server, move it into "
                           "a new, empty database with 'capphat --db BACKUP.db migrate --to "
                           "ADDRESS'"),
                         error_quote(db));
    }
    struct audit_file_facts cur;
    struct stat ds;
    char *dir = app_backup_dir(db), *ready = xasprintf("%s.restoring", db);
    char *head = seal_head_path(db, SEAL_BESIDE), *mine = seal_head_path(db, SEAL_ACCOUNT);
    char replaced_hash[HASH_HEX_LEN + 1] = "";
    int rc, have_cur, lock = -1;
    int have_db = lstat(db, &ds) == 0;

    memset(res, 0, sizeof(*res));
    if ((rc = register_alone(db, backup, have_db, &ds, &lock, err)) != 0 ||
        (rc = read_register(db, backup, have_db, &cur, &have_cur, err)) != 0 ||
        (rc = app_backups_folder_ready(NULL, dir, err)) != 0)
        goto out;
    /* how far the register went: its log, else what its heads recorded */
    if (have_cur) {
        res->replaced = cur.last;
        memcpy(replaced_hash, cur.hash, sizeof(replaced_hash));
    } else if (!(res->replaced = recorded_head(head, replaced_hash))) {
        res->replaced = recorded_head(mine, replaced_hash);
    }
    /* a folder to keep what is replaced, when there is anything */
    if (anything_replaced(db, backup, head, mine, have_db) && !(res->kept = make_kept(dir, err))) {
        rc = ERR_IO;
        goto out;
    }
    rc = make_ready(backup, ready, res->kept ? res->kept : "", res->replaced, replaced_hash, report,
                    arg, res, err);
    if (rc > 0)
        rc = error_set(err, ERR_CORRUPT,
                       _("backup '%s' fails its check (problems listed above): nothing was "
                         "restored"),
                       error_quote(backup));
    if (rc == 0)
        rc = set_aside(db, have_db, res, err);
    if (rc) {
        undo_ready(db, ready, res);
        goto out;
    }
    /* the copy takes the database's name: from here it is the register */
    if (rename(ready, db) != 0) {
        rc = error_set(err, ERR_IO, _("cannot put '%s' in place of '%s': %s"),
                       error_quote_slot(ready, 0), error_quote_slot(db, 1), strerror(errno));
        drop_ready(ready, NULL);
        goto out;
    }
    rc = restart_register(db, head, mine, report, arg, res, err);
out:
    if (lock >= 0)
        close(lock);
    free(dir);
    free(ready);
    free(head);
    free(mine);
    return rc;
}
