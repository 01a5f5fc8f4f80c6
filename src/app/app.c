/*
 * app: opening a capphat database for the use cases, the reference data,
 * the audit entry writer and the look-up of units by name. The use cases
 * themselves live in person_app.c, device_app.c, handover_app.c,
 * training_app.c; see include/app/app.h.
 */
#include "app/app.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/collate.h"
#include "core/date.h"
#include "core/hash.h"
#include "core/i18n.h"
#include "core/refdata.h"
#include "core/strbuf.h"
#include "core/testhook.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "app/backup_app.h"
#include "app/seal_app.h"
#include "app/settings_app.h"
#include "app/unit_app.h"
#include "io/csv_buffer.h"
#include "io/outfile.h"
#include "store/audit_store.h"
#include "store/db.h"
#include "store/person_store.h"
#include "store/setting_store.h"
#include "store/unit_store.h"

/* --- who is working ------------------------------------------------- */

/* The name given for this process (--operator, the start dialog of the
 * full-screen program), cleaned; NULL when none was given. */
static char *operator_given;
/* What the audit log records, made from the two on first use. */
static char *operator_recorded;

/* The role a register on a server was opened as: the login there, which
 * the server checks in each audit entry. */
static char *server_login;

const char *app_login(void)
{
    static char *login;
    const char *fake = testhook_env(TESTHOOK_OPERATOR);

    if (server_login)
        return server_login;
    if (fake && *fake)
        return fake;
    if (!login) {
        /* the real user: $USER and $LOGNAME are whatever the caller set */
        struct passwd *pw = getpwuid(getuid());
        if (pw && pw->pw_name && *pw->pw_name)
            login = xstrdup(pw->pw_name);
        else
            login = xasprintf("%lu", (unsigned long)getuid());
    }
    return login;
}

int app_operator_set(const char *name, const char *field, struct error *err)
{
    char *clean = NULL;
    size_t chars = 0;
    int rc;

    /* far longer than anything that cleans down to the limit: refused as it is */
    if (name && strlen(name) > APP_OPERATOR_MAX_CHARS * 4 + 64)
        return error_set_field(err, ERR_INVALID, "operator",
                               _("%s '%s' is too long (at most %d characters)"), field,
                               error_quote(name), APP_OPERATOR_MAX_CHARS);
    if ((rc = text_clean(name, field, 0, 0, &clean, err)) != 0)
        return error_field(err, "operator", rc);
    for (const char *p = clean; *p; p++)
        chars += (*p & 0xC0) != 0x80;
    if (chars > APP_OPERATOR_MAX_CHARS)
        rc = error_set_field(err, ERR_INVALID, "operator",
                             _("%s '%s' is too long (at most %d characters)"), field,
                             error_quote(name), APP_OPERATOR_MAX_CHARS);
    else if (strpbrk(clean, "()"))
        /* "NAME (login)": the login alone stands in parentheses */
        rc = error_set_field(
            err, ERR_INVALID, "operator",
            _("%s '%s' contains a parenthesis (the login name is recorded in them)"), field,
            error_quote(name));
    if (rc) {
        free(clean);
        return rc;
    }
    free(operator_given);
    operator_given = NULL;
    if (*clean)
        operator_given = clean;
    else
        free(clean);
    free(operator_recorded);
    operator_recorded = NULL;
    return 0;
}

const char *app_operator_name(void)
{
    return operator_given;
}

const char *app_operator(void)
{
    if (!operator_recorded)
        operator_recorded = operator_given ? xasprintf("%s (%s)", operator_given, app_login())
                                           : xstrdup(app_login());
    return operator_recorded;
}

char *app_default_db_path(const char *cli_path)
{
    const char *env = getenv("CAPPHAT_DB");
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");

    if (cli_path && *cli_path)
        return xstrdup(cli_path);
    if (env && *env)
        return xstrdup(env);
    if (xdg && *xdg)
        return xasprintf("%s/capphat/capphat.db", xdg);
    return xasprintf("%s/.local/share/capphat/capphat.db", home && *home ? home : ".");
}

/* mkdir -p for the folder of path, mode 0700 for what it creates. */
static void make_parent_dirs(const char *path)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        for (char *p = dir + 1; *p; p++) {
            if (*p == '/') {
                *p = '\0';
                mkdir(dir, 0700);
                *p = '/';
            }
        }
        mkdir(dir, 0700);
    }
    free(dir);
}

void app_notice(struct app *app, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;

    if (app->notices)
        strbuf_addf(&sb, "%s\n", app->notices);
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    free(app->notices);
    app->notices = strbuf_detach(&sb, NULL);
}

char *app_take_notices(struct app *app)
{
    char *n = app->notices;
    app->notices = NULL;
    return n;
}

void app_secure_mode(struct app *app, const char *path, mode_t mode)
{
    struct stat st;

    /* by path, never by opening it: closing any descriptor of a database
     * file drops the locks SQLite holds on it in this process */
    if (lstat(path, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) ||
        (st.st_mode & 0777 & ~mode) == 0)
        return;
    char was[16], want[16];
    snprintf(was, sizeof(was), "%04o", (unsigned)(st.st_mode & 0777));
    snprintf(want, sizeof(want), "%04o", (unsigned)mode);
    if (st.st_uid == geteuid() && chmod(path, mode) == 0)
        app_notice(app, _("'%s' could be read by other users (mode %s): set to %s"),
                   error_quote(path), was, want);
    else
        app_notice(app,
                   _("'%s' can be read by other users (mode %s) and belongs to another user "
                     "(uid %ld): ask its owner to set it to %s"),
                   error_quote(path), was, (long)st.st_uid, want);
}

/* The database's files and backups private again if they were opened up
 * (a copy made with cp, an archive unpacked, a umask of 022). */
static void secure_files(struct app *app, const char *path)
{
    static const char *const companions[] = {"", "-wal", "-shm", "-journal"};
    char *dir = app_backup_dir(path);
    struct stat st;

    for (size_t i = 0; i < sizeof(companions) / sizeof(*companions); i++) {
        char *p = xasprintf("%s%s", path, companions[i]);
        app_secure_mode(app, p, 0600);
        free(p);
    }
    if (lstat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
        DIR *d = opendir(dir);
        struct dirent *de;
        app_secure_mode(app, dir, 0700);
        while (d && (de = readdir(d)) != NULL) {
            struct stat fs;
            if (de->d_name[0] == '.' ||
                fstatat(dirfd(d), de->d_name, &fs, AT_SYMLINK_NOFOLLOW) != 0 ||
                !S_ISREG(fs.st_mode) || (fs.st_mode & 077) == 0)
                continue;
            char *p = xasprintf("%s/%s", dir, de->d_name);
            app_secure_mode(app, p, 0600);
            free(p);
        }
        if (d)
            closedir(d);
    }
    free(dir);
}

int app_verify_schema(struct app *app, struct error *err)
{
    return db_schema_intact(app->db, err);
}

static int reference_data_missing(struct app *app, int *missing, struct error *err);

/* The last entry a head file recorded of the register at its path, 0 if none. */
static long long head_recorded(const char *path)
{
    struct seal_head h;
    return path && seal_head_read(path, &h, NULL) == 0 && h.head.present ? h.head.seq : 0;
}

/* A database that is not there, of which capphat kept a record: the
 * register was lost (deleted, moved), and 'capphat init' is not the
 * answer the operator needs. */
static void lost_register(const char *path, struct error *err)
{
    char *head = seal_head_path(path, SEAL_BESIDE), *mine = seal_head_path(path, SEAL_ACCOUNT);
    long long seq = head_recorded(head);
    if (!seq)
        seq = head_recorded(mine);
    if (seq) {
        char *dir = app_backup_dir(path);
        error_set(err, ERR_NOT_FOUND,
                  _("database '%s' is missing, but it was a register whose log went up to "
                    "entry %lld: restore it from a backup with 'capphat restore BACKUP.db' (its "
                    "backups are in '%s'); 'capphat init' would start a new, empty one"),
                  error_quote_slot(path, 0), seq, error_quote_slot(dir, 1));
        free(dir);
    }
    free(head);
    free(mine);
}

/* A new register made where one was: what capphat recorded of the one
 * before is set aside, not overwritten, and the operator told where. */
void app_keep_earlier_records(struct app *app, const char *path)
{
    char *head = seal_head_path(path, SEAL_BESIDE), *mine = seal_head_path(path, SEAL_ACCOUNT);
    long long seq = head_recorded(head), seq2 = head_recorded(mine);
    char stamp[16];
    time_t now = time(NULL);
    struct tm tm;

    localtime_r(&now, &tm);
    strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
    for (int i = 0; i < 2; i++) {
        const char *p = i ? mine : head;
        if (!p || access(p, F_OK) != 0)
            continue;
        /* never over a record kept before (two inits in one second) */
        char *to = xasprintf("%s.replaced-%s", p, stamp);
        int moved, n = 2;
        /* a file system without RENAME_NOREPLACE: a hard link, which
         * refuses an existing name as well */
        while (!(moved = renameat2(AT_FDCWD, p, AT_FDCWD, to, RENAME_NOREPLACE) == 0 ||
                         (errno == EINVAL && link(p, to) == 0 && unlink(p) == 0)) &&
               errno == EEXIST && n < 100) {
            free(to);
            to = xasprintf("%s.replaced-%s-%d", p, stamp, n++);
        }
        if (moved)
            app_notice(app,
                       _("a register was at this path before (its log went up to entry %lld): "
                         "what capphat recorded of it is kept as '%s'"),
                       seq > seq2 ? seq : seq2, to);
        free(to);
    }
    free(head);
    free(mine);
}

/* No file this process writes may land on the register or its backups,
 * which are made private again if they were opened up. */
static void protect_files(struct app *app, const char *path, int server)
{
    char *dir = app_backup_dir(path);
    if (!server)
        outfile_protect_db(path);
    outfile_protect_folder(dir);
    free(dir);
    if (!server)
        secure_files(app, path);
}

int app_open(struct app *app, const char *path, int flags, int *created, struct error *err)
{
    int is_new = 0;
    int rc;

    memset(app, 0, sizeof(*app));
    int server = db_is_server_address(path);
    if ((flags & DB_OPEN_CREATE) && !server)
        make_parent_dirs(path);
    rc = db_open(path, flags, &app->db, &is_new, err);
    if (rc == ERR_NOT_FOUND && !(flags & DB_OPEN_CREATE))
        lost_register(path, err);
    if (rc)
        return rc;
    /* every capphat holds the file shared; capphat restore sets it aside
     * only when it can hold it alone (flock: SQLite's own locks are others) */
    app->lock_fd = server ? -1 : open(path, O_RDONLY | O_CLOEXEC);
    if (app->lock_fd >= 0) {
        app->locked = 1;
        if (flock(app->lock_fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
            app_close(app);
            return error_set(err, ERR_BUSY,
                             _("database '%s' is being restored from a backup: try again when "
                               "the restore is done"),
                             error_quote(path));
        }
    }
    protect_files(app, path, server);
    if (server && !server_login) {
        server_login = xstrdup(db_server_user(app->db));
        free(operator_recorded); /* made again with it */
        operator_recorded = NULL;
    }
    seal_app_attach(app);
    if (is_new) {
        app_keep_earlier_records(app, path);
        /* a new register: the office's key, if this account has none */
        struct app_key k;
        if (seal_key_create(&k, NULL) > 0)
            seal_app_reload_key(app);
        rc = app_load_reference_data(app, err);
        if (rc) {
            app_close(app);
            unlink(path);
            return rc;
        }
        rc = app_record_schema(app, "schema.create", 0, err);
        if (rc) {
            app_close(app);
            unlink(path);
            return rc;
        }
        /* a new history at this path: what this account recorded of a
         * register that was here before does not bind this one */
        seal_app_restart(app, NULL);
    } else if (!(flags & DB_OPEN_READONLY)) {
        int upgrading = db_upgrade_from(app->db) != 0;
        if ((rc = app_upgrade(app, &app->upgrade_backup, err)) != 0) {
            app_close(app);
            return rc;
        }
        /* the units and mappings an older program did not carry; again on a
         * later open if the loading after the upgrade was cut short */
        int missing = upgrading;
        if ((!missing && (rc = reference_data_missing(app, &missing, err)) != 0) ||
            (missing && (rc = app_load_reference_data(app, err)) != 0)) {
            app_close(app);
            return rc;
        }
        /* sort keys follow ICU's collation version: rebuild them when it
         * changed; a database that cannot be read or written now (another
         * operator's long write) has it done at a later open */
        char *ver = NULL;
        if (setting_get(app->db, "collation_version", "", &ver, err) != 0) {
            error_clear(err);
        } else if (strcmp(ver, collate_version()) != 0) {
            if (db_begin(app->db, err) == 0) {
                char *before;
                int r = audit_store_image(app->db, "setting", 0, &before, err);
                if (r == 0)
                    r = person_store_rekey(app->db, collate_person_key, err);
                if (r == 0)
                    r = setting_set(app->db, "collation_version", collate_version(), err);
                if (r == 0)
                    r = app_audit_record(app, "setting.set", "setting", 0, before, err);
                free(before);
                db_end(app->db, r == 0, NULL);
            }
            error_clear(err);
        }
        free(ver);
    }
    if (created)
        *created = is_new;
    return 0;
}

void app_move(struct app *to, struct app *from)
{
    *to = *from;
    memset(from, 0, sizeof(*from));
    seal_app_moved(to);
}

void app_close(struct app *app)
{
    while (app->memo)
        app_memo_end(app);
    seal_app_detach(app);
    db_close(app->db);
    /* after SQLite's close: closing another descriptor of the file first
     * would drop SQLite's locks on it */
    if (app->locked)
        close(app->lock_fd);
    free(app->notices);
    free(app->upgrade_backup);
    memset(app, 0, sizeof(*app));
}

int app_audit(struct app *app, const char *action, const char *entity, long long entity_id,
              const char *before, const char *after, struct error *err)
{
    char now[21];
    struct audit_entry e = {0};

    date_now_utc(now);
    e.at = now;
    e.operator_name = (char *)app_operator();
    e.action = (char *)action;
    e.entity = (char *)entity;
    e.entity_id = entity_id;
    e.before = (char *)before;
    e.after = (char *)after;
    int rc = audit_store_next(app->db, &e, err);
    if (rc != 0)
        return rc;
    /* sealed with the office's key, which a script holding only the
     * database file does not have; the seal written with the entry */
    const struct app_key *k = seal_app_key(app);
    char mac[HASH_HEX_LEN + 1];
    if (k && k->have)
        seal_make(k, e.id, e.hash, mac);
    return audit_store_write(app->db, &e, k && k->have ? k->id : NULL, mac, err);
}

int app_audit_record(struct app *app, const char *action, const char *entity, long long id,
                     const char *before, struct error *err)
{
    char *after;
    int rc = audit_store_image(app->db, entity, id, &after, err);
    if (rc == 0)
        rc = app_audit(app, action, entity, id, before, after, err);
    free(after);
    return rc;
}

struct unaudited {
    long long *ids;
    size_t n, alloc;
    int absorb;
};

static int collect_unaudited(long long id, const char *current, const char *logged, void *arg)
{
    struct unaudited *u = arg;
    if (logged && (!u->absorb || strcmp(current, logged) == 0))
        return 0;
    if (u->n == u->alloc) {
        u->alloc = u->alloc ? u->alloc * 2 : 64;
        u->ids = xrealloc(u->ids, u->alloc * sizeof(*u->ids));
    }
    u->ids[u->n++] = id;
    return 0;
}

int app_record_schema(struct app *app, const char *action, int from, struct error *err)
{
    char after[64];
    int rc = db_begin(app->db, err);

    if (rc)
        return rc;
    if (from) {
        snprintf(after, sizeof(after), "{\"from\":%d,\"to\":%d}", from, db_schema_version());
    } else {
        /* a number drawn for this register: two made in the same second
         * by the same login still differ, and a copy of one is not taken
         * for the other (capphat restore) */
        unsigned char r[8];
        char id[17] = "";
        if (hash_random(r, sizeof(r)) == 0)
            for (int i = 0; i < 8; i++)
                snprintf(id + 2 * i, 3, "%02x", r[i]);
        snprintf(after, sizeof(after), "{\"to\":%d,\"register\":\"%s\"}", db_made_version(app->db),
                 id);
    }
    rc = app_audit(app, action, "schema", 0, NULL, after, err);
    int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
    return rc ? rc : rc2;
}

int app_audit_baseline(struct app *app, const char *action, const char *const *kinds, int absorb,
                       struct error *err)
{
    const char *entity;
    int whole, rc = 0;

    for (size_t i = 0; rc == 0 && (entity = audit_store_tracked(i, &whole)) != NULL; i++) {
        size_t k = 0;
        while (kinds[k] && strcmp(kinds[k], entity) != 0)
            k++;
        if (!kinds[k])
            continue;
        if (whole) {
            char *current = NULL, *logged = NULL;
            rc = audit_store_table_state(app->db, entity, &current, &logged, err);
            if (rc == 0 && (!logged || (absorb && strcmp(current, logged) != 0)))
                rc = app_audit(app, action, entity, 0, logged, current, err);
            free(current);
            free(logged);
            continue;
        }
        struct unaudited u = {NULL, 0, 0, absorb};
        rc = audit_store_each_row_state(app->db, entity, 0, collect_unaudited, &u, err);
        for (size_t k = 0; rc == 0 && k < u.n; k++) {
            struct audit_entry last;
            char *before = NULL;
            if ((rc = audit_store_last_for(app->db, entity, u.ids[k], &last, err)) == 1) {
                before = last.after ? xstrdup(last.after) : NULL;
                audit_entry_release(&last);
                rc = 0;
            }
            if (rc == 0)
                rc = app_audit_record(app, action, entity, u.ids[k], before, err);
            free(before);
        }
        free(u.ids);
    }
    return rc < 0 ? rc : 0;
}

void app_json_string(struct strbuf *sb, const char *s)
{
    strbuf_addch(sb, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            strbuf_addf(sb, "\\%c", *p);
        else if (*p < 0x20)
            strbuf_addf(sb, "\\u%04x", *p);
        else
            strbuf_addch(sb, (char)*p);
    }
    strbuf_addch(sb, '"');
}

/* --- reference data --------------------------------------------------- */

struct unit_load {
    struct app *app;
    const char *file;
    struct error *err;
    int rc;
    int header_done;
};

/* A record of a reference file that does not fit: a broken build. */
static int bad_record(struct unit_load *ul, long long record, const char *what)
{
    ul->rc = error_set(ul->err, ERR_INTERNAL, _("reference data %s.csv, record %lld: %s"), ul->file,
                       record, what);
    return 1;
}

/*
 * A unit of the reference files by level, code and validity into *id: 0,
 * or ERR_NOT_FOUND (the error cleared: the load adds it); a database that
 * cannot be read stops the load (ul->rc).
 */
static int ref_unit(struct unit_load *ul, const char *level, const char *code,
                    const char *valid_from, long long *id)
{
    int rc = unit_store_find_code(ul->app->db, level, code, valid_from, id, ul->err);
    if (rc == ERR_NOT_FOUND)
        error_clear(ul->err);
    else
        ul->rc = rc;
    return rc;
}

/* Two spellings of one place name (Hoà / Hòa, Sĩ / Sỹ). */
static int same_place(const char *a, const char *b)
{
    char *x = text_place_key(a), *y = text_place_key(b);
    int same = strcmp(x, y) == 0;
    free(x);
    free(y);
    return same;
}

/* bac_kan_units: level,code,name,type,parent_code — Bắc Kạn as of 2023,
 * every unit of which ended when the 2025 reorganisation took effect. */
static int load_unit_row(const char *const *f, size_t n, long long record, void *arg)
{
    struct unit_load *ul = arg;
    long long parent = 0, id;
    const char *level, *code, *name, *kind, *parent_code;
    int rc;

    if (!ul->header_done) {
        ul->header_done = 1;
        return 0;
    }
    if (n < 5)
        return bad_record(ul, record, _("too few fields"));
    level = f[0], code = f[1], name = f[2], kind = f[3], parent_code = f[4];
    if ((rc = ref_unit(ul, level, code, NULL, &id)) != ERR_NOT_FOUND)
        return rc != 0; /* loaded before, or the database failed */
    if (*parent_code) {
        const char *plevel = strcmp(level, "district") == 0 ? "province" : "district";
        if ((rc = ref_unit(ul, plevel, parent_code, NULL, &parent)) != 0 && rc != ERR_NOT_FOUND)
            return 1;
    }
    ul->rc = unit_store_insert(ul->app->db, level, code, name, kind, parent, NULL, APP_REFORM_DATE,
                               &id, ul->err);
    return ul->rc != 0;
}

/* thai_nguyen_2025_units: code,name,type,province_code,province_name — the
 * communes and wards of the merged province from the reorganisation on. */
static int load_new_unit_row(const char *const *f, size_t n, long long record, void *arg)
{
    struct unit_load *ul = arg;
    struct db *db = ul->app->db;
    long long prov, id;
    int rc;

    if (!ul->header_done) {
        ul->header_done = 1;
        return 0;
    }
    if (n < 5)
        return bad_record(ul, record, _("too few fields"));
    if ((rc = ref_unit(ul, "province", f[3], NULL, &prov)) != 0 && rc != ERR_NOT_FOUND)
        return 1;
    if (rc == ERR_NOT_FOUND && (ul->rc = unit_store_insert(db, "province", f[3], f[4], "Tỉnh", 0,
                                                           NULL, NULL, &prov, ul->err)) != 0)
        return 1;
    if ((rc = ref_unit(ul, "commune", f[0], APP_REFORM_DATE, &id)) != ERR_NOT_FOUND)
        return rc != 0;
    ul->rc = unit_store_insert(db, "commune", f[0], f[1], f[2], prov, APP_REFORM_DATE, NULL, &id,
                               ul->err);
    return ul->rc != 0;
}

/* bac_kan_2025_mapping: old_code,old_name,old_district_code,new_code,new_name,
 * new_type,new_province_code,new_province_name,effective — which new unit
 * each old commune became. Both ends are found by code and validity, and
 * their names must agree with the row: codes were reused for other units. */
static int load_mapping_row(const char *const *f, size_t n, long long record, void *arg)
{
    struct unit_load *ul = arg;
    struct db *db = ul->app->db;
    struct unit old = {0}, neu = {0};
    long long oldc, newc;
    int rc;

    if (!ul->header_done) {
        ul->header_done = 1;
        return 0;
    }
    if (n < 9)
        return bad_record(ul, record, _("too few fields"));
    if (strcmp(f[8], APP_REFORM_DATE) != 0)
        return bad_record(ul, record, _("an effective date this program does not know"));
    if ((rc = ref_unit(ul, "commune", f[0], NULL, &oldc)) == 0 &&
        (rc = ref_unit(ul, "commune", f[3], f[8], &newc)) == 0 &&
        (rc = unit_store_get(db, oldc, &old, ul->err)) == 0)
        rc = unit_store_get(db, newc, &neu, ul->err);
    if (rc != 0 && rc != ERR_NOT_FOUND) {
        ul->rc = rc;
        unit_release(&old);
        unit_release(&neu);
        return 1;
    }
    if (rc != 0 || !same_place(old.name, f[1]) || !same_place(neu.name, f[4])) {
        unit_release(&old);
        unit_release(&neu);
        return bad_record(ul, record, _("a unit that is not in the unit lists"));
    }
    unit_release(&old);
    unit_release(&neu);
    ul->rc = unit_store_add_successor(db, oldc, newc, f[8], ul->err);
    return ul->rc != 0;
}

static int rename_ethnic(struct app *app, long long id, const char *code, const char *name,
                         struct error *err);

static int load_ethnic_row(const char *const *f, size_t n, long long record, void *arg)
{
    struct unit_load *ul = arg;
    struct db *db = ul->app->db;
    long long id;

    if (!ul->header_done) {
        ul->header_done = 1;
        return 0;
    }
    if (n < 2)
        return 0;
    int rc = ethnic_store_find_code(db, "121-TCTK", f[0], &id, ul->err);
    if (rc == ERR_NOT_FOUND) {
        error_clear(ul->err);
        rc = ethnic_store_insert(db, f[0], "121-TCTK", f[1], &id, ul->err);
    } else if (rc == 0) {
        rc = rename_ethnic(ul->app, id, f[0], f[1], ul->err);
    }
    if ((ul->rc = rc) != 0)
        return 1;
    /* "Khơ-me" is also written "Khơ me" and "Khơme" */
    if (strchr(f[1], '-')) {
        char *spaced = xstrdup(f[1]), *joined = xstrdup(f[1]);
        size_t j = 0;
        for (size_t i = 0; spaced[i]; i++) {
            if (spaced[i] == '-')
                spaced[i] = ' ';
            else
                joined[j++] = f[1][i];
        }
        joined[j] = '\0';
        ethnic_store_add_alias(db, id, spaced, NULL);
        ethnic_store_add_alias(db, id, joined, NULL);
        free(spaced);
        free(joined);
    }
    return 0;
}

/* The names people write for a group, each to its official group: modern
 * spellings of the 1979 names, older names, and the local branches lists
 * name (Dao đỏ, Nùng Cháo); "Dân tộc X" and "X (Y)" are read as X by
 * app_find_ethnic. */
static const struct {
    const char *code;
    const char *alias;
} ethnic_aliases[] = {
    {"08", "Hmông"},
    {"08", "H'Mông"},
    {"08", "Hmong"},
    {"08", "Mèo"},
    {"09", "Dao đỏ"},
    {"09", "Dao Tiền"},
    {"09", "Dao Quần Chẹt"},
    {"09", "Dao Quần Trắng"},
    {"09", "Dao Thanh Y"},
    {"09", "Dao Áo Dài"},
    {"09", "Mán"},
    {"01", "Kinh (Việt)"},
    {"01", "Việt"},
    {"15", "Cao Lan"},
    {"15", "Sán Chỉ"},
    {"06", "Nùng Cháo"},
    {"06", "Nùng Phàn Slình"},
    {"06", "Nùng An"},
    {"06", "Nùng Inh"},
    {"05", "Khmer"},
    {"31", "Tà Ôi"},
    {"31", "Tà-ôi"},
    {"47", "Cờ Lao"},
    {"23", "Bru Vân Kiều"},
};

/* The names earlier programs gave groups that the list now names
 * otherwise. */
static const struct {
    const char *code, *old;
} ethnic_renamed[] = {
    {"08", "Hmông"},
};

/* Whether name is the one an earlier program gave the group of code. */
static int ethnic_old_name(const char *code, const char *name)
{
    for (size_t i = 0; i < sizeof(ethnic_renamed) / sizeof(*ethnic_renamed); i++)
        if (strcmp(code, ethnic_renamed[i].code) == 0 && strcmp(name, ethnic_renamed[i].old) == 0)
            return 1;
    return 0;
}

/*
 * A group the reference list now names otherwise (08: "Mông", earlier
 * "Hmông"): the row takes the list's name, the change is in the log, and
 * the old name stays an alias so what was typed before still matches. Only
 * a name an earlier program gave is renamed: one changed behind capphat's
 * back stays, for check to name.
 */
static int rename_ethnic(struct app *app, long long id, const char *code, const char *name,
                         struct error *err)
{
    char *old = NULL, *before = NULL, *after = NULL;
    int rc = ethnic_store_get_name(app->db, id, &old, err);
    if (rc == 0 && strcmp(old, name) != 0 && ethnic_old_name(code, old)) {
        rc = audit_store_image(app->db, "ethnic_group", id, &before, err);
        if (rc == 0)
            rc = ethnic_store_rename(app->db, id, name, err);
        if (rc == 0)
            rc = ethnic_store_add_alias(app->db, id, old, err);
        if (rc == 0)
            rc = audit_store_image(app->db, "ethnic_group", id, &after, err);
        if (rc == 0)
            rc = app_audit(app, "reference.update", "ethnic_group", id, before, after, err);
    }
    free(old);
    free(before);
    free(after);
    return rc;
}

static int load_file(struct app *app, const char *name,
                     int (*fn)(const char *const *, size_t, long long, void *), struct error *err)
{
    const struct refdata_file *f = refdata_find(name);
    struct unit_load ul = {app, name, err, 0, 0};

    if (!f)
        return error_set(err, ERR_INTERNAL, _("reference data '%s' is missing from the build"),
                         name);
    int rc = csv_buffer_each(f->data, f->size, fn, &ul, err);
    if (rc < 0)
        return rc;
    return ul.rc;
}

int app_load_reference_data(struct app *app, struct error *err)
{
    /* the tables the load may add to, kept whole in the log: the load's
     * additions are recorded where the table was as the log holds it; one
     * edited behind capphat's back is left so, for check to name */
    static const char *const tables[] = {"ethnic_alias", "unit_successor", "setting"};
    const char *clean[4] = {NULL}, *dirty[4] = {NULL};
    size_t nc = 0, nd = 0;
    int rc = db_begin(app->db, err);
    if (rc)
        return rc;
    for (size_t i = 0; rc == 0 && i < sizeof(tables) / sizeof(*tables); i++) {
        char *current = NULL, *logged = NULL;
        rc = audit_store_table_state(app->db, tables[i], &current, &logged, err);
        if (rc == 0 && (!logged || strcmp(current, logged) == 0))
            clean[nc++] = tables[i];
        else if (rc == 0)
            dirty[nd++] = tables[i];
        free(current);
        free(logged);
    }
    if (!rc)
        rc = load_file(app, "bac_kan_units", load_unit_row, err);
    if (!rc)
        rc = load_file(app, "thai_nguyen_2025_units", load_new_unit_row, err);
    if (!rc)
        rc = load_file(app, "bac_kan_2025_mapping", load_mapping_row, err);
    if (!rc)
        rc = load_file(app, "ethnic_groups", load_ethnic_row, err);
    for (size_t i = 0; !rc && i < sizeof(ethnic_aliases) / sizeof(*ethnic_aliases); i++) {
        long long id;
        rc = ethnic_store_find_code(app->db, "121-TCTK", ethnic_aliases[i].code, &id, err);
        if (rc == 0) {
            rc = ethnic_store_add_alias(app->db, id, ethnic_aliases[i].alias, err);
        } else if (rc == ERR_NOT_FOUND) {
            error_clear(err);
            rc = 0;
        }
    }
    /* the merged province's header from 1 July 2025, where the office kept that of 2023 */
    if (!rc)
        rc = settings_app_seed_history(app, err);
    if (!rc)
        rc = setting_set(app->db, "collation_version", collate_version(), err);
    /* every unit, ethnic group and setting in the log: check compares them */
    static const char *const rows[] = {"unit", "ethnic_group", NULL};
    if (!rc)
        rc = app_audit_baseline(app, "reference.load", rows, 0, err);
    if (!rc)
        rc = app_audit_baseline(app, "reference.load", clean, 1, err);
    if (!rc)
        rc = app_audit_baseline(app, "reference.load", dirty, 0, err);
    int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
    return rc ? rc : rc2;
}

struct record_count {
    const char *level; /* count only records whose first field is this, or NULL */
    long long n;
};

static int count_record(const char *const *f, size_t n, long long record, void *arg)
{
    struct record_count *c = arg;
    if (record > 1 && (!c->level || (n > 0 && strcmp(f[0], c->level) == 0)))
        c->n++;
    return 0;
}

/* Records of an embedded file after its header (of one level when level is
 * not NULL); 0 when it is missing. */
static long long file_records(const char *name, const char *level)
{
    const struct refdata_file *f = refdata_find(name);
    struct record_count c = {level, 0};
    if (f)
        csv_buffer_each(f->data, f->size, count_record, &c, NULL);
    return c.n;
}

/*
 * Whether the file lacks reference data this program carries (*missing):
 * fewer units, successions or ethnic groups than the embedded files hold
 * (an upgrade whose loading was cut short, a program with newer data).
 * Returns 0, or the database error.
 */
struct name_check {
    struct app *app;
    struct error *err;
    int rc, differs, header_done;
};

static int check_ethnic_name(const char *const *f, size_t n, long long record, void *arg)
{
    struct name_check *c = arg;
    long long id;
    char *name = NULL;

    if (!c->header_done++ || n < 2)
        return 0;
    c->rc = ethnic_store_find_code(c->app->db, "121-TCTK", f[0], &id, c->err);
    if (c->rc == 0)
        c->rc = ethnic_store_get_name(c->app->db, id, &name, c->err);
    c->differs = c->rc == 0 && strcmp(name, f[1]) != 0 && ethnic_old_name(f[0], name);
    free(name);
    return c->rc != 0 || c->differs;
}

/* A group the built-in list names otherwise, or an alias it does not have
 * yet: the reference data is loaded again. */
static int ethnic_names_missing(struct app *app, int *missing, struct error *err)
{
    const struct refdata_file *f = refdata_find("ethnic_groups");
    struct name_check c = {app, err, 0, 0, 0};
    int rc = 0;

    if (f && csv_buffer_each(f->data, f->size, check_ethnic_name, &c, err) < 0)
        return err->code;
    if (c.rc)
        return c.rc;
    *missing = c.differs;
    for (size_t i = 0; !*missing && i < sizeof(ethnic_aliases) / sizeof(*ethnic_aliases); i++) {
        long long id;
        char *fold = text_fold(ethnic_aliases[i].alias);
        rc = ethnic_store_find(app->db, fold, &id, err);
        free(fold);
        if (rc == ERR_NOT_FOUND) {
            error_clear(err);
            *missing = 1;
            rc = 0;
        } else if (rc) {
            return rc;
        }
    }
    return rc;
}

static int reference_data_missing(struct app *app, int *missing, struct error *err)
{
    long long have_communes, have_mapping, have_ethnic;
    int rc;

    static long long communes = -1, mapping, ethnic;
    if (communes < 0) {
        communes =
            file_records("bac_kan_units", "commune") + file_records("thai_nguyen_2025_units", NULL);
        mapping = file_records("bac_kan_2025_mapping", NULL);
        ethnic = file_records("ethnic_groups", NULL);
    }
    if ((rc = unit_store_count(app->db, "commune", &have_communes, err)) != 0 ||
        (rc = unit_store_count_successors(app->db, &have_mapping, err)) != 0 ||
        (rc = ethnic_store_count(app->db, &have_ethnic, err)) != 0)
        return rc;
    *missing = have_communes < communes || have_mapping < mapping || have_ethnic < ethnic;
    if (!*missing)
        rc = ethnic_names_missing(app, missing, err);
    return rc;
}

/* --- units by name ---------------------------------------------------- */

static void list_candidates(struct strbuf *sb, const struct unit_list *l, int with_parent)
{
    for (size_t i = 0; i < l->n && i < 12; i++) {
        strbuf_addstr(sb, i ? ", " : "");
        strbuf_addstr(sb, l->items[i].name);
        if (with_parent && l->items[i].parent_name)
            strbuf_addf(sb, " (%s)", l->items[i].parent_name);
    }
    if (l->n > 12)
        strbuf_addf(sb, _(" and %zu more"), l->n - 12);
}

/* Each unit with what tells it apart from its namesakes:
 * "Bằng Thành — huyện Pác Nặm, until 30/06/2025; Bằng Thành — tỉnh Thái
 * Nguyên, from 01/07/2025". */
static void describe_candidates(struct strbuf *sb, const struct unit_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        char *d = unit_app_describe(&l->items[i]);
        strbuf_addstr(sb, i ? "; " : "");
        strbuf_addstr(sb, d);
        free(d);
    }
}

/* Move the units of l that match pred into out (appended). */
static void unit_list_take(struct unit_list *l, size_t i, struct unit_list *out)
{
    out->items = xrealloc(out->items, (out->n + 1) * sizeof(*out->items));
    out->items[out->n++] = l->items[i];
    memset(&l->items[i], 0, sizeof(l->items[i]));
}

/*
 * Units of a level (under parent when non-zero) whose name is the place
 * named, in either spelling of the province (Hoà / Hòa, Sĩ / Sỹ): key is
 * text_place_key of the name. In the order of unit_store_list.
 */
static int units_named(struct app *app, const char *level, long long parent, const char *key,
                       struct unit_list *out, struct error *err)
{
    struct unit_list all = {0};
    int rc;

    out->items = NULL;
    out->n = 0;
    if ((rc = unit_store_list(app->db, level, parent, &all, err)) != 0)
        return rc;
    for (size_t i = 0; i < all.n; i++) {
        char *k = text_place_key(all.items[i].name);
        if (strcmp(k, key) == 0)
            unit_list_take(&all, i, out);
        free(k);
    }
    unit_list_release(&all);
    return 0;
}

/* Units whose folded name contains the folded text, for "did you mean". */
static int near_matches(struct app *app, const char *level, long long parent, const char *fold,
                        struct unit_list *out, struct error *err)
{
    struct unit_list all = {0};
    int rc;
    out->items = NULL;
    out->n = 0;
    if ((rc = unit_store_list(app->db, level, parent, &all, err)) != 0)
        return rc;
    for (size_t i = 0; i < all.n; i++) {
        char *f = text_fold(all.items[i].name);
        if (*fold && strstr(f, fold))
            unit_list_take(&all, i, out);
        free(f);
    }
    unit_list_release(&all);
    return 0;
}

/*
 * Of units that share a name, the one that stands for it on date: the one
 * valid then; else the unit they had become by then; else the one a unit
 * begun later was formed from (unit_app_at). Several: ERR_AMBIGUOUS.
 */
static int named_on(struct app *app, const char *level, const char *label, const char *name,
                    struct unit_list *l, const char *date, long long *id, struct error *err)
{
    struct unit_list valid = {0};
    long long moved = 0;
    int n_moved = 0, rc = 0;

    for (size_t i = 0; i < l->n; i++)
        if (unit_app_valid_on(&l->items[i], date))
            unit_list_take(l, i, &valid);
    if (valid.n == 1) {
        *id = valid.items[0].id;
    } else if (valid.n > 1) {
        struct strbuf sb = STRBUF_INIT;
        char shown[11];
        describe_candidates(&sb, &valid);
        rc = error_set_field(err, ERR_AMBIGUOUS, level,
                             _("%s '%s' is ambiguous on %s: %s; give the district"), _(label),
                             error_quote(name), date_display(date, shown), sb.buf);
        strbuf_release(&sb);
    } else {
        /* the units replaced by then: what they became */
        for (size_t i = 0; i < l->n; i++) {
            const struct unit *u = &l->items[i];
            long long to;
            if (!u->id || !u->valid_to || strcmp(u->valid_to, date) > 0)
                continue;
            rc = unit_store_successor_at(app->db, u->id, date, &to, err);
            if (rc == ERR_NOT_FOUND) {
                error_clear(err);
                rc = 0;
            } else if (rc) {
                break;
            } else if (to != moved) {
                moved = to;
                n_moved++;
            }
        }
        if (rc == 0 && n_moved == 1) {
            *id = moved;
        } else if (rc == 0 && n_moved > 1) {
            /* namesakes in two districts that became two communes */
            struct strbuf sb = STRBUF_INIT;
            char shown[11];
            describe_candidates(&sb, l);
            rc = error_set_field(err, ERR_AMBIGUOUS, level,
                                 _("%s '%s' is ambiguous on %s: %s; give the district"), _(label),
                                 error_quote(name), date_display(date, shown), sb.buf);
            strbuf_release(&sb);
        } else if (rc == 0) {
            /* every one began later: the unit of that date, if it is one */
            for (size_t i = 0; i < l->n && !*id && rc == 0; i++)
                if (l->items[i].id)
                    rc = unit_app_at(app, l->items[i].id, date, id, err);
            if (rc) {
                error_prefix(err, _("%s '%s'"), _(label), error_quote(name));
                error_field(err, level, rc);
            }
        }
    }
    unit_list_release(&valid);
    return rc;
}

/* Of units whose names differ only by their marks (Văn Lang, Văn Lăng):
 * the ones written exactly as typed, when any is; typed without marks,
 * all of them. */
static void keep_exact(struct unit_list *l, const char *name)
{
    struct unit_list exact = {0};
    char *want = text_upper(name);

    for (size_t i = 0; i < l->n; i++) {
        char *has = text_upper(l->items[i].name);
        if (strcmp(has, want) == 0)
            unit_list_take(l, i, &exact);
        free(has);
    }
    free(want);
    if (exact.n) {
        unit_list_release(l);
        *l = exact;
    } else {
        unit_list_release(&exact);
    }
}

/* Name typed as several units of l (an old and a new unit, or two
 * districts' communes): never guessed, the refusal names them. */
static int refuse_ambiguous(const struct unit_list *l, const char *level, const char *label,
                            const char *name, struct error *err)
{
    struct strbuf sb = STRBUF_INIT;
    int periods = 0, rc;

    describe_candidates(&sb, l);
    for (size_t i = 1; i < l->n; i++)
        periods |= !l->items[i].valid_from != !l->items[0].valid_from ||
                   (l->items[i].valid_from && l->items[0].valid_from &&
                    strcmp(l->items[i].valid_from, l->items[0].valid_from) != 0);
    if (periods) {
        /* the date it is named on is asked for by its key: the command
         * line adds its option */
        rc = error_set_field(err, ERR_AMBIGUOUS, level,
                             _("%s '%s' is ambiguous: %s; give the district, or the date it "
                               "is named on"),
                             _(label), error_quote(name), sb.buf);
        error_hint(err, "as_of", rc);
    } else {
        rc = error_set_field(err, ERR_AMBIGUOUS, level,
                             _("%s '%s' is ambiguous: %s; give the district too"), _(label),
                             error_quote(name), sb.buf);
    }
    strbuf_release(&sb);
    return rc;
}

/* Name typed as no unit: the refusal says which was meant, the candidates,
 * or the units there are. */
static int refuse_unknown(struct app *app, const char *level, const char *label, long long parent,
                          const char *name, const char *fold, struct error *err)
{
    struct unit_list near;
    /* a store error here is the file's state (damaged, busy): report it */
    int rc = near_matches(app, level, parent, fold, &near, err);

    if (rc) {
        /* reported as it is */
    } else if (near.n == 1) {
        /* a unique partial match is still not a match: say which was meant */
        rc = error_set_field(err, ERR_NOT_FOUND, level, _("%s '%s' is unknown; did you mean '%s'?"),
                             _(label), error_quote(name), near.items[0].name);
    } else if (near.n > 1) {
        struct strbuf sb = STRBUF_INIT;
        list_candidates(&sb, &near, 0);
        rc = error_set_field(err, ERR_NOT_FOUND, level, _("%s '%s' is unknown; candidates: %s"),
                             _(label), error_quote(name), sb.buf);
        strbuf_release(&sb);
    } else {
        struct unit_list all = {0};
        struct strbuf sb = STRBUF_INIT;
        rc = unit_store_list(app->db, level, parent, &all, err);
        list_candidates(&sb, &all, 0);
        if (rc == 0)
            rc = error_set_field(err, ERR_NOT_FOUND, level, _("%s '%s' is unknown%s%s"), _(label),
                                 error_quote(name), all.n ? _("; known: ") : "", sb.buf);
        strbuf_release(&sb);
        unit_list_release(&all);
    }
    unit_list_release(&near);
    return rc;
}

static int find_unit_uncached(struct app *app, const char *level, const char *label,
                              long long parent, const char *name, const char *as_of, long long *id,
                              struct error *err)
{
    struct unit_list l = {0};
    char *fold, *key;
    int rc;

    *id = 0;
    if (!name || !*name)
        return error_set_field(err, ERR_INVALID, level, _("%s is required"), _(label));
    if (!text_valid_utf8(name, strlen(name)))
        return error_set_field(err, ERR_INVALID, level, _("%s '%s' is not valid UTF-8 text"),
                               _(label), error_quote(name));
    fold = text_fold(name);
    key = text_place_key(name);
    rc = units_named(app, level, parent, key, &l, err);
    free(key);
    if (rc) {
        free(fold);
        return rc;
    }
    if (l.n > 1)
        keep_exact(&l, name);
    if (l.n && as_of)
        rc = named_on(app, level, label, name, &l, as_of, id, err);
    else if (l.n > 1)
        rc = refuse_ambiguous(&l, level, label, name, err);
    else if (l.n == 1)
        *id = l.items[0].id;
    else
        rc = refuse_unknown(app, level, label, parent, name, fold, err);
    unit_list_release(&l);
    free(fold);
    return rc;
}

/* --- names already looked up ----------------------------------------- */

/* One answer: what was asked (kind, parent, text as given, date) and what came back. */
struct memo_entry {
    struct memo_entry *next;
    size_t hash;
    char kind; /* 'd' district, 'c' commune, 'e' ethnic group */
    long long parent;
    char *name; /* the text, then '\n' and the date when one was given */
    int rc;
    long long id;
    char *msg;         /* the error's message when rc != 0 */
    const char *field; /* and its field and hint (keys) */
    const char *hint;
};

struct app_memo {
    int depth;
    struct memo_entry **buckets;
    size_t n_buckets, n;
};

void app_memo_begin(struct app *app)
{
    if (!app->memo) {
        app->memo = xcalloc(1, sizeof(*app->memo));
        app->memo->n_buckets = 64;
        app->memo->buckets = xcalloc(app->memo->n_buckets, sizeof(*app->memo->buckets));
    }
    app->memo->depth++;
}

void app_memo_end(struct app *app)
{
    struct app_memo *m = app->memo;
    if (!m || --m->depth > 0)
        return;
    for (size_t i = 0; i < m->n_buckets; i++) {
        for (struct memo_entry *e = m->buckets[i], *next; e; e = next) {
            next = e->next;
            free(e->name);
            free(e->msg);
            free(e);
        }
    }
    free(m->buckets);
    free(m);
    app->memo = NULL;
}

static size_t memo_hash(char kind, long long parent, const char *name)
{
    size_t h = 14695981039346656037ULL; /* FNV-1a */
    h = (h ^ (unsigned char)kind) * 1099511628211ULL;
    h = (h ^ (size_t)parent) * 1099511628211ULL;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

static struct memo_entry *memo_find(struct app_memo *m, size_t hash, char kind, long long parent,
                                    const char *name)
{
    for (struct memo_entry *e = m->buckets[hash % m->n_buckets]; e; e = e->next)
        if (e->hash == hash && e->kind == kind && e->parent == parent && !strcmp(e->name, name))
            return e;
    return NULL;
}

static void memo_add(struct app_memo *m, size_t hash, char kind, long long parent, const char *name,
                     int rc, long long id, const struct error *err)
{
    struct memo_entry *e = xcalloc(1, sizeof(*e));

    if (m->n >= m->n_buckets) {
        size_t n = m->n_buckets * 2;
        struct memo_entry **b = xcalloc(n, sizeof(*b));
        for (size_t i = 0; i < m->n_buckets; i++) {
            for (struct memo_entry *x = m->buckets[i], *next; x; x = next) {
                next = x->next;
                x->next = b[x->hash % n];
                b[x->hash % n] = x;
            }
        }
        free(m->buckets);
        m->buckets = b;
        m->n_buckets = n;
    }
    e->hash = hash;
    e->kind = kind;
    e->parent = parent;
    e->name = xstrdup(name);
    e->rc = rc;
    e->id = id;
    e->msg = rc ? xstrdup(error_msg(err)) : NULL;
    e->field = rc ? err->field : NULL;
    e->hint = rc ? err->hint : NULL;
    e->next = m->buckets[hash % m->n_buckets];
    m->buckets[hash % m->n_buckets] = e;
    m->n++;
}

/*
 * The answer of look_up(app, level, label, parent, name, as_of, id, err),
 * from the memo when there is one. Errors of the file itself (busy,
 * damaged) are not remembered: the next row asks again.
 */
static int memo_look_up(struct app *app, char kind, const char *level, const char *label,
                        long long parent, const char *name, const char *as_of, long long *id,
                        struct error *err,
                        int (*look_up)(struct app *, const char *, const char *, long long,
                                       const char *, const char *, long long *, struct error *))
{
    struct app_memo *m = app->memo;
    struct error own = ERROR_INIT;
    size_t hash;
    int rc;

    if (!m || !name)
        return look_up(app, level, label, parent, name, as_of, id, err);
    char *asked = as_of ? xasprintf("%s\n%s", name, as_of) : xstrdup(name);
    hash = memo_hash(kind, parent, asked);
    struct memo_entry *e = memo_find(m, hash, kind, parent, asked);
    if (e) {
        free(asked);
        *id = e->id;
        if (!e->rc)
            return 0;
        error_set_field(err, e->rc, e->field, "%s", e->msg);
        return error_hint(err, e->hint, e->rc);
    }
    rc = look_up(app, level, label, parent, name, as_of, id, &own);
    if (rc == 0 || rc == ERR_INVALID || rc == ERR_NOT_FOUND || rc == ERR_AMBIGUOUS)
        memo_add(m, hash, kind, parent, asked, rc, *id, &own);
    if (rc) {
        error_set_field(err, rc, own.field, "%s", error_msg(&own));
        error_hint(err, own.hint, rc);
    }
    error_clear(&own);
    free(asked);
    return rc;
}

static int find_ethnic_uncached(struct app *app, const char *level, const char *label,
                                long long parent, const char *name, const char *as_of,
                                long long *id, struct error *err);

/* The kinds a unit is written with, as prefixes (folded) and as the kind
 * they name (folded, as unit.kind folds). */
static const struct {
    const char *prefix, *kind;
} unit_prefixes[] = {
    {"thi tran", "thi tran"},
    {"thanh pho", "thanh pho"},
    {"thi xa", "thi xa"},
    {"xa", "xa"},
    {"x.", "xa"},
    {"phuong", "phuong"},
    {"p.", "phuong"},
    {"tt", "thi tran"},
    {"tt.", "thi tran"},
    {"huyen", "huyen"},
    {"h.", "huyen"},
    {"tp", "thanh pho"},
    {"tp.", "thanh pho"},
    {"tx", "thi xa"},
    {"tx.", "thi xa"},
    {"tinh", "tinh"},
    {"quan", "quan"},
    {"q.", "quan"},
};

/*
 * Where the name itself starts in a unit written with its kind: "Xã Mỹ
 * Phương", "X.Mỹ Phương", "TT Chợ Rã", "Huyện Ba Bể", "H. Ba Bể", "TP Bắc
 * Kạn", "Thị trấn …", "Thành phố …", "Tỉnh …" (any case); name when none.
 * *kind: the kind the prefix names (folded), or NULL.
 */
static const char *unit_name_body(const char *name, const char **kind)
{
    const char *p = name + strspn(name, " ");
    const char *w1 = p + strcspn(p, " ");
    const char *w2 = w1 + strspn(w1, " ");
    const char *end2 = w2 + strcspn(w2, " ");
    char *one = xstrndup(p, (size_t)(w1 - p)), *two = xstrndup(p, (size_t)(end2 - p));
    char *f1 = text_fold(one), *f2 = text_fold(two);
    const char *body = name;

    *kind = NULL;
    for (size_t i = 0; body == name && i < sizeof(unit_prefixes) / sizeof(*unit_prefixes); i++) {
        const char *pre = unit_prefixes[i].prefix;
        size_t n = strlen(pre);
        if (strchr(pre, ' ') && *end2 && strcmp(f2, pre) == 0)
            body = end2 + strspn(end2, " "); /* "Thị trấn Chợ Rã" */
        else if (!strchr(pre, ' ') && *w2 && strcmp(f1, pre) == 0)
            body = w2; /* "Xã Mỹ Phương", "H. Ba Bể" */
        else if (pre[n - 1] == '.' && strncmp(f1, pre, n) == 0 && f1[n] &&
                 strncasecmp(p, pre, n) == 0)
            body = p + n; /* "X.Mỹ Phương" */
        if (body != name)
            *kind = unit_prefixes[i].kind;
    }
    free(one);
    free(two);
    free(f1);
    free(f2);
    return body;
}

/* Of the units named body, the one of the kind a prefix gave (old "Thị
 * trấn Chợ Rã" beside the new "Xã Chợ Rã"): 0 with *id, or ERR_NOT_FOUND
 * when not exactly one is. */
static int unit_of_kind(struct app *app, const char *level, long long parent, const char *body,
                        const char *kind, long long *id, struct error *err)
{
    struct unit_list l = {0};
    char *key = text_place_key(body);
    int rc = units_named(app, level, parent, key, &l, err);
    size_t found = 0;
    free(key);
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        char *k = text_fold(l.items[i].kind ? l.items[i].kind : "");
        if (strcmp(k, kind) == 0) {
            found++;
            *id = l.items[i].id;
        }
        free(k);
    }
    unit_list_release(&l);
    return rc ? rc : found == 1 ? 0 : ERR_NOT_FOUND;
}

/*
 * A unit as lists write it: as it is; else without its kind ("Xã Mỹ
 * Phương"); else, for a commune, "Mỹ Phương - Ba Bể", "Mỹ Phương, Ba Bể"
 * or "Mỹ Phương (Ba Bể)": the commune of that district. When none of
 * these is a unit, the error is the one about the name as written.
 */
static int find_unit_written(struct app *app, const char *level, const char *label,
                             long long parent, const char *name, const char *as_of, long long *id,
                             struct error *err)
{
    int rc = find_unit_uncached(app, level, label, parent, name, as_of, id, err);
    if (rc != ERR_NOT_FOUND || !name)
        return rc;
    struct error e2 = ERROR_INIT;
    const char *kind;
    const char *body = unit_name_body(name, &kind);
    int rc2 = ERR_NOT_FOUND;
    if (body != name && *body)
        rc2 = find_unit_uncached(app, level, label, parent, body, as_of, id, &e2);
    if (rc2 == ERR_AMBIGUOUS && kind && unit_of_kind(app, level, parent, body, kind, id, NULL) == 0)
        rc2 = 0; /* the kind it is written with tells which */
    size_t cut = strcspn(name, ",(");
    const char *dash = strstr(name, " - ");
    const char *ndash = strstr(name, " \xe2\x80\x93 "); /* " – " */
    if (dash && (size_t)(dash - name) < cut)
        cut = (size_t)(dash - name);
    if (ndash && (size_t)(ndash - name) < cut)
        cut = (size_t)(ndash - name);
    if (rc2 == ERR_NOT_FOUND && strcmp(level, "commune") == 0 && name[cut]) {
        char *commune = xstrndup(name, cut);
        const char *rest = name + cut;
        rest += strspn(rest, " ,(-\xe2\x80\x93");
        char *district = xstrndup(rest, strcspn(rest, ")"));
        long long did = parent;
        error_clear(&e2);
        rc2 = parent ? 0
                     : find_unit_written(app, "district", N_("district"), 0, district, NULL, &did,
                                         &e2);
        if (rc2 == 0)
            rc2 = find_unit_written(app, level, label, did, commune, as_of, id, &e2);
        free(commune);
        free(district);
    }
    if (rc2 == ERR_NOT_FOUND || (rc2 == ERR_AMBIGUOUS && body == name)) {
        error_clear(&e2);
        return rc;
    }
    if (rc2 == 0)
        error_clear(err);
    else if (e2.hint)
        error_hint(err, e2.hint, error_set_field(err, rc2, e2.field, "%s", error_msg(&e2)));
    else
        error_set_field(err, rc2, e2.field, "%s", error_msg(&e2));
    error_clear(&e2);
    return rc2;
}

int app_find_district(struct app *app, const char *name, long long *id, struct error *err)
{
    return memo_look_up(app, 'd', "district", N_("district"), 0, name, NULL, id, err,
                        find_unit_written);
}

int app_commune_seen(struct app *app, long long commune_id, struct error *err)
{
    struct unit u;
    int rc = unit_store_sees(app->db, commune_id, err);
    if (rc < 0 || rc == 1)
        return rc < 0 ? rc : 0;
    if ((rc = unit_store_get(app->db, commune_id, &u, err)) != 0)
        return rc;
    rc = error_set_field(err, ERR_INVALID, "commune",
                         _("commune '%s' is not one of the communes of role '%s': that "
                           "commune's operator or the province's writes its records"),
                         u.name, db_server_user(app->db));
    unit_release(&u);
    return rc;
}

int app_find_commune(struct app *app, long long district_id, const char *name, const char *as_of,
                     long long *id, struct error *err)
{
    return memo_look_up(app, 'c', "commune", N_("commune"), district_id, name, as_of, id, err,
                        find_unit_written);
}

int app_find_ethnic(struct app *app, const char *name, long long *id, struct error *err)
{
    return memo_look_up(app, 'e', NULL, NULL, 0, name, NULL, id, err, find_ethnic_uncached);
}

/*
 * The group a folded name is written for: the name or an alias as it is;
 * else without "dân tộc" or "người" before it ("Dân tộc Tày"), or without
 * what follows it in brackets ("Nùng (Nùng Cháo)").
 */
static int find_ethnic_fold(struct db *db, const char *fold, long long *id, struct error *err)
{
    static const char *const prefixes[] = {"dan toc ", "nguoi ", "dt "};
    int rc = ethnic_store_find(db, fold, id, err);
    if (rc != ERR_NOT_FOUND)
        return rc;
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(fold, prefixes[i], n) == 0 && fold[n]) {
            error_clear(err);
            return find_ethnic_fold(db, fold + n, id, err);
        }
    }
    const char *bracket = strchr(fold, '(');
    if (bracket && bracket > fold) {
        char *before = xstrndup(fold, (size_t)(bracket - fold));
        size_t n = strlen(before);
        while (n && before[n - 1] == ' ')
            before[--n] = '\0';
        if (n) {
            error_clear(err);
            rc = find_ethnic_fold(db, before, id, err);
        }
        free(before);
    }
    return rc;
}

/* s[0..n) without the spaces around it, as a new string. */
static char *trimmed(const char *s, size_t n)
{
    while (n && *s == ' ')
        s++, n--;
    while (n && s[n - 1] == ' ')
        n--;
    return xstrndup(s, n);
}

/*
 * A name that is two groups ("Kinh, Tày", "Tày/Nùng", "Kinh và Tày"): a
 * person belongs to one. Refused naming the two, when each part is a
 * group; else 0 (an unknown name).
 */
static int two_ethnic_groups(struct app *app, const char *name, struct error *err)
{
    static const char *const seps[] = {",", ";", "/", "+", "&", " - ", " và ", " hoặc "};
    for (size_t i = 0; i < sizeof(seps) / sizeof(*seps); i++) {
        const char *at = strstr(name, seps[i]);
        if (!at)
            continue;
        char *a = trimmed(name, (size_t)(at - name));
        char *b = trimmed(at + strlen(seps[i]), strlen(at + strlen(seps[i])));
        char *fa = text_fold(a), *fb = text_fold(b);
        long long ida, idb;
        struct error e = ERROR_INIT;
        int two = *fa && *fb && find_ethnic_fold(app->db, fa, &ida, &e) == 0 &&
                  find_ethnic_fold(app->db, fb, &idb, &e) == 0;
        error_clear(&e);
        int rc =
            two ? error_set_field(err, ERR_INVALID, "ethnic",
                                  _("ethnic group '%s' names two groups, '%s' and '%s': a "
                                    "person belongs to one; keep the right one"),
                                  error_quote(name), error_quote_slot(a, 1), error_quote_slot(b, 2))
                : 0;
        free(a);
        free(b);
        free(fa);
        free(fb);
        if (rc)
            return rc;
    }
    return 0;
}

static int find_ethnic_uncached(struct app *app, const char *level, const char *label,
                                long long parent, const char *name, const char *as_of,
                                long long *id, struct error *err)
{
    *id = 0;
    if (name && !text_valid_utf8(name, strlen(name)))
        return error_set_field(err, ERR_INVALID, "ethnic",
                               _("ethnic group '%s' is not valid UTF-8 text"), error_quote(name));
    char *fold = text_fold(name ? name : "");
    int rc = find_ethnic_fold(app->db, fold, id, err);
    free(fold);
    if (rc != ERR_NOT_FOUND)
        return rc; /* found, or the database failed */
    error_clear(err);
    if (name && (rc = two_ethnic_groups(app, name, err)) != 0)
        return rc;
    struct unit_list all = {0};
    struct strbuf sb = STRBUF_INIT;
    rc = ethnic_store_list(app->db, &all, err);
    if (rc) {
        /* the file's state (damaged, busy) rather than an unknown name */
        unit_list_release(&all);
        strbuf_release(&sb);
        return rc;
    }
    char *f = text_fold(name ? name : "");
    for (size_t i = 0, shown = 0; i < all.n && *f; i++) {
        char *g = text_fold(all.items[i].name);
        if (strstr(g, f) || strstr(f, g)) {
            strbuf_addstr(&sb, shown++ ? ", " : "");
            strbuf_addstr(&sb, all.items[i].name);
        }
        free(g);
    }
    free(f);
    rc = error_set_field(
        err, ERR_NOT_FOUND, "ethnic", _("ethnic group '%s' is unknown%s%s"), error_quote(name),
        sb.len ? _("; did you mean: ") : _(" (see the 54 groups of the GSO list)"), sb.buf);
    strbuf_release(&sb);
    unit_list_release(&all);
    return rc;
}
