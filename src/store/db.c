/*
 * db: opening the capphat database, the statement cache, transactions,
 * backup and integrity checks. This file and the other files of src/store/
 * are the only code that speaks SQL; see include/store/db.h.
 */
#include "store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/collate.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/testhook.h"
#include "core/text.h"
#include "core/xalloc.h"

#define BUSY_TIMEOUT_MS 10000

void db_on_commit(struct db *db, void (*fn)(void *arg), void *arg)
{
    db->on_commit = fn;
    db->on_commit_arg = arg;
}

int db_sees_all(struct db *db)
{
    long long all = 1;
    if (!db->pg)
        return 1;
    /* asked once in a write transaction (an import asked at every row);
     * outside one, each time: the owner may add communes to the role */
    if (db->depth > 0 && db->sees_all_known)
        return db->sees_all;
    if (db_int(db, "SELECT NOT capphat_limited()", &all, NULL) != 0)
        return 0;
    if (db->depth > 0) {
        db->sees_all_known = 1;
        db->sees_all = all != 0;
    }
    return all != 0;
}

int db_not_seen(struct db *db, struct error *err)
{
    if (!db->pg || !err || !err->msg || db_sees_all(db))
        return err ? err->code : ERR_NOT_FOUND;
    const char *field = err->field, *hint = err->hint;
    char *msg = xstrdup(err->msg);
    error_set(err, err->code, _("%s (role '%s' sees only the records of its communes)"), msg,
              pg_user(db));
    err->field = field;
    err->hint = hint;
    free(msg);
    return err->code;
}

const char *db_server_user(struct db *db)
{
    return db->pg ? pg_user(db) : NULL;
}

int db_is_server_address(const char *path)
{
    return pg_is_address(path);
}

const char *db_path(const struct db *db)
{
    return db->path;
}

long long db_last_id(struct db *db)
{
    if (db->pg)
        return pg_last_id(db);
    return sqlite3_last_insert_rowid(db->handle);
}

int db_error(struct db *db, int rc, struct error *err)
{
    const char *msg = db && db->handle ? sqlite3_errmsg(db->handle) : sqlite3_errstr(rc);
    const char *path = db && db->path ? db->path : "";

    switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
        return error_set(err, ERR_CONFLICT, "%s", msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return error_set(err, ERR_BUSY,
                         _("database '%s' is busy: another operator is writing; try again"), path);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return error_set(err, ERR_CORRUPT,
                         _("database '%s' is damaged or is not a capphat database (%s); restore "
                           "it from a backup"),
                         path, msg);
    case SQLITE_READONLY:
        return error_set(err, ERR_IO, _("database '%s' is read-only: cannot write to it"), path);
    case SQLITE_FULL:
        return error_set(err, ERR_IO, _("database '%s': the disk is full"), path);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        return error_set(err, ERR_IO, _("database '%s' cannot be read or written (%s)"), path, msg);
    default:
        return error_set(err, ERR_INTERNAL, _("database '%s': %s"), path, msg);
    }
}

static void cache_add(struct db *db, struct stmt *st)
{
    if (db->n_cache == db->alloc_cache) {
        db->alloc_cache = db->alloc_cache ? db->alloc_cache * 2 : 32;
        db->cache = xrealloc(db->cache, db->alloc_cache * sizeof(*db->cache));
    }
    db->cache[db->n_cache++] = st;
}

struct stmt *db_stmt(struct db *db, const char *sql)
{
    for (size_t i = 0; i < db->n_cache; i++)
        if (db->cache[i]->sql == sql)
            return db->cache[i];
    if (db->pg) {
        struct stmt *pst = pg_prepare(db, sql);
        cache_add(db, pst);
        return pst;
    }
    sqlite3_stmt *lite = NULL;
    int rc = sqlite3_prepare_v3(db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &lite, NULL);
    if (rc != SQLITE_OK) {
        int code = sqlite3_extended_errcode(db->handle) & 0xff;
        if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT || code == SQLITE_BUSY ||
            code == SQLITE_IOERR || code == SQLITE_LOCKED)
            return NULL; /* not a bug: the caller reports the file's state */
        die("cannot prepare SQL (%s):\n%s", sqlite3_errmsg(db->handle), sql);
    }
    struct stmt *st = xcalloc(1, sizeof(*st));
    st->sql = sql;
    st->lite = lite;
    cache_add(db, st);
    return st;
}

void stmt_done(struct stmt *st)
{
    if (!st)
        return;
    if (st->pg) {
        pg_done(st);
        return;
    }
    sqlite3_reset(st->lite);
    sqlite3_clear_bindings(st->lite);
}

void stmt_bind_int(struct stmt *st, int idx, long long v)
{
    if (st->pg)
        pg_bind_int(st, idx, v);
    else
        sqlite3_bind_int64(st->lite, idx, v);
}

void stmt_bind_null(struct stmt *st, int idx)
{
    if (st->pg)
        pg_bind_null(st, idx);
    else
        sqlite3_bind_null(st->lite, idx);
}

void stmt_bind_int_or_null(struct stmt *st, int idx, long long v, int is_null)
{
    if (is_null)
        stmt_bind_null(st, idx);
    else
        stmt_bind_int(st, idx, v);
}

void stmt_bind_text(struct stmt *st, int idx, const char *s)
{
    if (!s)
        stmt_bind_null(st, idx);
    else if (st->pg)
        pg_bind_text(st, idx, s);
    else
        sqlite3_bind_text(st->lite, idx, s, -1, SQLITE_TRANSIENT);
}

void stmt_bind_text_or_null(struct stmt *st, int idx, const char *s)
{
    stmt_bind_text(st, idx, s && *s ? s : NULL);
}

void stmt_bind_blob(struct stmt *st, int idx, const void *p, size_t n)
{
    if (st->pg)
        pg_bind_blob(st, idx, p, n);
    else
        sqlite3_bind_blob(st->lite, idx, p, (int)n, SQLITE_TRANSIENT);
}

const char *stmt_text(struct stmt *st, int col)
{
    if (st->pg)
        return pg_text(st, col);
    const unsigned char *t = sqlite3_column_text(st->lite, col);
    return t ? (const char *)t : "";
}

char *stmt_text_dup(struct stmt *st, int col)
{
    return xstrdup(stmt_text(st, col));
}

char *stmt_text_dup_or_null(struct stmt *st, int col)
{
    if (stmt_is_null(st, col))
        return NULL;
    return xstrdup(stmt_text(st, col));
}

long long stmt_int(struct stmt *st, int col)
{
    if (st->pg)
        return pg_int(st, col);
    return sqlite3_column_int64(st->lite, col);
}

int db_int(struct db *db, const char *sql, long long *n, struct error *err)
{
    struct stmt *st = db_stmt(db, sql);
    int rc = stmt_step(db, st, err);
    *n = rc == 1 ? stmt_int(st, 0) : 0;
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

int stmt_is_null(struct stmt *st, int col)
{
    if (st->pg)
        return pg_is_null(st, col);
    return sqlite3_column_type(st->lite, col) == SQLITE_NULL;
}

const void *stmt_blob(struct stmt *st, int col, size_t *len)
{
    if (st->pg)
        return pg_blob(st, col, len);
    const void *p = sqlite3_column_blob(st->lite, col);
    *len = (size_t)sqlite3_column_bytes(st->lite, col);
    return p;
}

int stmt_column_count(struct stmt *st)
{
    if (st->pg)
        return pg_column_count(st);
    return sqlite3_column_count(st->lite);
}

const char *stmt_column_name(struct stmt *st, int col)
{
    if (st->pg)
        return pg_column_name(st, col);
    return sqlite3_column_name(st->lite, col);
}

int stmt_step(struct db *db, struct stmt *st, struct error *err)
{
    if (!st)
        return db_error(db, sqlite3_errcode(db->handle), err);
    if (st->pg)
        return pg_step(db, st, err);
    int rc = sqlite3_step(st->lite);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    int code = db_error(db, sqlite3_extended_errcode(db->handle), err);
    sqlite3_reset(st->lite);
    return code;
}

int stmt_exec(struct db *db, struct stmt *st, struct error *err)
{
    int rc = stmt_step(db, st, err);
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

int stmt_insert(struct db *db, struct stmt *st, long long *id, struct error *err)
{
    int rc = stmt_step(db, st, err);
    long long new_id = rc == 1 ? stmt_int(st, 0) : 0;
    if (rc == 1)
        rc = stmt_step(db, st, err); /* to its end: the row is written */
    stmt_done(st);
    if (rc < 0)
        return rc;
    if (id)
        *id = new_id ? new_id : db_last_id(db);
    return 0;
}

void db_forget(struct db *db)
{
    db->audit_head_known = 0;
    db->sees_all_known = 0;
    setting_cache_drop(db);
}

int stmt_exec_later(struct db *db, struct stmt *st, struct error *err)
{
    return db->pg ? pg_defer(db, st, err) : stmt_exec(db, st, err);
}

int stmt_exec_both(struct db *db, struct stmt *a, struct stmt *b, struct error *err)
{
    if (db->pg)
        return pg_exec_both(db, a, b, err);
    int rc = stmt_exec(db, a, err);
    if (rc == 0 && b)
        return stmt_exec(db, b, err);
    stmt_done(b);
    return rc;
}

int db_exec(struct db *db, const char *sql, struct error *err)
{
    db_forget(db); /* the text may change anything */
    if (db->pg)
        return pg_exec(db, sql, err);
    char *msg = NULL;
    int rc = sqlite3_exec(db->handle, sql, NULL, NULL, &msg);
    sqlite3_free(msg);
    if (rc != SQLITE_OK)
        return db_error(db, sqlite3_extended_errcode(db->handle), err);
    return 0;
}

/* SQL function fold(text): the accent-insensitive form used for search. */
static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const unsigned char *t = sqlite3_value_text(argv[0]);
    if (!t) {
        sqlite3_result_null(ctx);
        return;
    }
    char *f = text_fold((const char *)t);
    sqlite3_result_text(ctx, f, -1, free);
}

/*
 * SQL function find_words(s, whole, ntext, text1 .. textN, digits1 ..):
 * 1 when every word of the folded search text s (words are separated by
 * one space) is found: inside one of the ntext texts (folded names of a
 * person, village, commune, model), or, for a word of digits only, inside
 * one of the digit fields after them (phone, IMEI) or equal to one of the
 * values of whole, separated by spaces, whole (the citizen ID, never
 * matched by a part of it; a person's birth year). NULL fields hold
 * nothing. An empty s matches.
 */
static int whole_holds(const char *whole, const char *s, size_t len)
{
    while (whole && *whole) {
        size_t n = strcspn(whole, " ");
        if (n == len && memcmp(whole, s, len) == 0)
            return 1;
        whole += n;
        while (*whole == ' ')
            whole++;
    }
    return 0;
}

static void sql_find_words(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    const char *id = argc > 1 ? (const char *)sqlite3_value_text(argv[1]) : NULL;
    int ntext = argc > 2 ? sqlite3_value_int(argv[2]) : 0;
    int first = 3, end = argc;

    if (ntext < 0 || first + ntext > end)
        ntext = end - first;
    while (s && *s) {
        size_t len = strcspn(s, " ");
        int digits = len > 0, found = 0;
        for (size_t i = 0; i < len; i++)
            if (s[i] < '0' || s[i] > '9')
                digits = 0;
        for (int f = first; f < end && !found && len > 0; f++) {
            if (f >= first + ntext && !digits)
                break;
            const char *t = (const char *)sqlite3_value_text(argv[f]);
            found = t && memmem(t, strlen(t), s, len) != NULL;
        }
        if (!found && len > 0 && digits)
            found = whole_holds(id, s, len);
        if (!found && len > 0) {
            sqlite3_result_int(ctx, 0);
            return;
        }
        s += len;
        while (*s == ' ')
            s++;
    }
    sqlite3_result_int(ctx, 1);
}

/* SQL function capphat_today(): today's date as date_today() gives it (a
 * test build may fake it), so that SQL names the units valid today. */
static void sql_today(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    char d[11];
    date_today(d);
    sqlite3_result_text(ctx, d, -1, SQLITE_TRANSIENT);
}

static int sql_collate_vi(void *arg, int alen, const void *a, int blen, const void *b)
{
    return collate_compare(a, alen, b, blen);
}

static void entry_sum_step(sqlite3_context *ctx, int argc, sqlite3_value **argv);
static void entry_sum_final(sqlite3_context *ctx);
static void entry_walk_step(sqlite3_context *ctx, int argc, sqlite3_value **argv);
static void entry_walk_final(sqlite3_context *ctx);

/* What every connection needs: extended codes, stable plans, patience
 * with other writers, capphat's SQL functions. */
static void handle_setup(sqlite3 *h)
{
    sqlite3_extended_result_codes(h, 1);
    /* plans must not depend on bound values: otherwise a statement whose
     * parameter could match a partial index is prepared again at each step */
    sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_QPSG, 1, (int *)0);
    sqlite3_busy_timeout(h, BUSY_TIMEOUT_MS);
    sqlite3_create_function_v2(h, "fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                               NULL, sql_fold, NULL, NULL, NULL);
    sqlite3_create_function_v2(h, "find_words", -1,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                               sql_find_words, NULL, NULL, NULL);
    sqlite3_create_function_v2(h, "capphat_today", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL,
                               sql_today, NULL, NULL, NULL);
    sqlite3_create_collation_v2(h, "vi", SQLITE_UTF8, NULL, sql_collate_vi, NULL);
    sqlite3_create_function_v2(h, "entry_sum", -1, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL, NULL,
                               entry_sum_step, entry_sum_final, NULL);
    sqlite3_create_function_v2(h, "entry_walk", -1, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL, NULL,
                               entry_walk_step, entry_walk_final, NULL);
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* WAL journaling, so that two operators can work on one file; once per
 * connection. */
static int wal_on(struct db *db, struct error *err)
{
    struct stmt *jm;
    int r, is_wal;

    if (db->wal)
        return 0;
    jm = db_stmt(db, "PRAGMA journal_mode");
    r = stmt_step(db, jm, err);
    is_wal = r == 1 && strcmp(stmt_text(jm, 0), "wal") == 0;
    stmt_done(jm);
    if (r < 0)
        return r;
    if (!is_wal && (r = db_exec(db, "PRAGMA journal_mode = WAL", err)) != 0)
        return r;
    db_exec(db, "PRAGMA synchronous = NORMAL", NULL);
    db->wal = 1;
    return 0;
}

/* WAL needs its -wal and -shm files next to the database: ERR_IO when the
 * folder of path cannot take them. */
static int check_folder(const char *path, struct error *err)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        strcpy(dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    int ok = access(dir, W_OK | X_OK) == 0;
    if (!ok)
        error_set(err, ERR_IO,
                  _("database '%s' cannot be written: its folder '%s' is read-only (the "
                    "journal files are made there)"),
                  error_quote_slot(path, 0), error_quote_slot(dir, 1));
    free(dir);
    return ok ? 0 : ERR_IO;
}

/* Create the database file ourselves so that it is mode 0600 whatever the
 * umask. */
static int create_file(const char *path, struct error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return error_set(err, ERR_IO, _("cannot create database '%s': %s"), error_quote(path),
                         strerror(errno));
    fchmod(fd, 0600);
    close(fd);
    return 0;
}

/* The file at path, before SQLite sees it: a regular file we may read (and
 * write, unless DB_OPEN_READONLY) in a folder that can take the journal
 * files, or none yet and DB_OPEN_CREATE, when it is created. *is_new is
 * set when the file is new or empty and to be created. */
static int check_file(const char *path, int flags, int *is_new, struct error *err)
{
    struct stat st;
    int rc;

    if (!path || !*path)
        return error_set(err, ERR_IO, _("no database path given"));
    if (stat(path, &st) != 0) {
        if (!(flags & DB_OPEN_CREATE))
            return error_set(err, ERR_NOT_FOUND,
                             _("database '%s' does not exist; create it with 'capphat init'"),
                             error_quote(path));
        if ((rc = create_file(path, err)) != 0)
            return rc;
        *is_new = 1;
        return 0;
    }
    if (S_ISDIR(st.st_mode))
        return error_set(err, ERR_IO, _("database '%s' is a folder, not a file"),
                         error_quote(path));
    if (!S_ISREG(st.st_mode))
        return error_set(err, ERR_IO, _("database '%s' is not a regular file"), error_quote(path));
    if (!(flags & DB_OPEN_READONLY) && access(path, W_OK) != 0)
        return error_set(err, ERR_IO,
                         _("database '%s' is read-only: cannot write to it (check the file's "
                           "permissions)"),
                         error_quote(path));
    if (access(path, R_OK) != 0)
        return error_set(err, ERR_IO, _("database '%s' cannot be read: %s"), error_quote(path),
                         strerror(errno));
    if (!(flags & DB_OPEN_READONLY) && (rc = check_folder(path, err)) != 0)
        return rc;
    if (st.st_size == 0 && (flags & DB_OPEN_CREATE))
        *is_new = 1;
    return 0;
}

/* The connection to db->path, with capphat's setup, proved to be a
 * database by a quick read before anything is written. */
static int open_handle(struct db *db, struct error *err)
{
    int oflags = db->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    int rc = sqlite3_open_v2(db->path, &db->handle, oflags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK)
        return db_error(db, rc, err);
    handle_setup(db->handle);
    if ((rc = db_exec(db, "SELECT count(*) FROM sqlite_schema", err)) != 0)
        return rc;
    return db_exec(db, "PRAGMA foreign_keys = ON", err);
}

/* A file that holds nothing yet (no table, version 0): made by an init
 * that was killed before its schema was committed, whose journal the
 * read of open_handle rolled back; init makes it as it makes a new file,
 * so *is_new is set. */
static int check_never_made(struct db *db, int *is_new, struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT (SELECT count(*) FROM sqlite_schema) = 0 AND "
                                  "(SELECT user_version FROM pragma_user_version) = 0");
    int rc = stmt_step(db, st, err);
    if (rc == 1 && stmt_int(st, 0))
        *is_new = 1;
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

/* The memory the connection uses; nothing here fails. */
static void set_pragmas(struct db *db)
{
    /* savepoint journals in memory, and room for a large import's pages */
    db_exec(db, "PRAGMA temp_store = MEMORY", NULL);
    /* readers (exports, check) stream through the file once: a small cache
     * keeps their memory flat however large the database grows */
    if (db->readonly)
        db_exec(db, "PRAGMA cache_size = -2048", NULL);
    else
        db_exec(db, "PRAGMA cache_size = -16384", NULL);
}

/* The schema first: a file that is not ours, or is newer, is refused
 * before the journal mode (wal_on) writes to its header; an older one is
 * upgraded by the caller once it has taken its copy (db_upgrade). A new
 * file, or one whose creation was cut short, gets the schema and *is_new
 * set. */
static int check_schema(struct db *db, int *is_new, struct error *err)
{
    int rc = schema_check(db, !*is_new, err);
    if (rc == 0 && db->empty) {
        /* nothing to keep */
        *is_new = 1;
        rc = schema_create(db, err);
    }
    return rc;
}

/* A register on a PostgreSQL server: in test builds while every part of
 * the store learns the server's dialect. */
int db_open(const char *path, int flags, struct db **out, int *created, struct error *err)
{
    int is_new = 0;
    int rc;

    *out = NULL;
    if (created)
        *created = 0;
    if (pg_is_address(path))
        return pg_open(path, flags, out, created, err);
    if ((rc = check_file(path, flags, &is_new, err)) != 0)
        return rc;

    struct db *db = xcalloc(1, sizeof(*db));
    db->path = xstrdup(path);
    db->readonly = (flags & DB_OPEN_READONLY) != 0;
    if (open_handle(db, err) != 0)
        goto fail;
    if (!is_new && (flags & DB_OPEN_CREATE) && check_never_made(db, &is_new, err) != 0)
        goto fail;
    set_pragmas(db);
    if (check_schema(db, &is_new, err) != 0)
        goto fail;
    /* a new file is made WAL now; an existing one at its first write
     * (db_begin): a file opened to be read is left as it is */
    if (!db->readonly && is_new && wal_on(db, err) != 0)
        goto fail;
    if (created)
        *created = is_new;
    *out = db;
    return 0;
fail:
    rc = err ? err->code : ERR_INTERNAL;
    db_close(db);
    if (is_new && file_exists(path)) {
        /* do not leave a half-made database behind */
        unlink(path);
    }
    return rc ? rc : ERR_INTERNAL;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    for (size_t i = 0; i < db->n_cache; i++) {
        if (db->cache[i]->pg) {
            pg_stmt_free(db, db->cache[i]);
            continue;
        }
        sqlite3_finalize(db->cache[i]->lite);
        free(db->cache[i]);
    }
    free(db->cache);
    setting_cache_drop(db);
    for (size_t i = 0; i < db->n_restores; i++)
        free(db->restores[i]);
    free(db->restores);
    if (db->pg)
        pg_disconnect(db);
    /* sqlite3_close first: it lets virtual tables (the FTS5 index) finalize
     * the statements they keep; any left after that are ours */
    if (db->handle && sqlite3_close(db->handle) != SQLITE_OK) {
        sqlite3_stmt *open = NULL;
        while ((open = sqlite3_next_stmt(db->handle, NULL)) != NULL) {
            fprintf(stderr, "capphat: warning: statement left open: %s\n", sqlite3_sql(open));
            sqlite3_finalize(open);
        }
        sqlite3_close(db->handle);
    }
    free(db->path);
    free(db);
}

/* Run one of the cached transaction statements. */
static int tx_stmt(struct db *db, const char *sql, struct error *err)
{
    return stmt_exec(db, db_stmt(db, sql), err);
}

int db_begin(struct db *db, struct error *err)
{
    int rc;
    /* writing needs the guards the schema keeps (append-only log, one open
     * handover, custody in time): the first write of a connection is
     * refused when another program changed them; reads go on, and `check`
     * names each difference */
    if (db->depth == 0 && !db->schema_ok) {
        if ((rc = db_schema_intact(db, err)) != 0)
            return rc;
        db->schema_ok = 1;
    }
    if (db->depth == 0 && !db->pg && !db->wal && (rc = wal_on(db, err)) != 0)
        return rc;
    if (db->depth == 0)
        db_forget(db);
    if (db->pg) {
        /* the turn waited for; BEGIN and SAVEPOINT go with the next
         * statement (pg_queue) */
        if (db->depth == 0 && (rc = pg_write_turn(db, 1, err)) != 0)
            return rc;
        pg_queue(db, db->depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT nested");
        rc = 0;
    } else if (db->depth == 0)
        rc = tx_stmt(db, "BEGIN IMMEDIATE", err);
    else
        rc = tx_stmt(db, "SAVEPOINT nested", err);
    if (rc == 0)
        db->depth++;
    return rc;
}

int db_retry_conflict(struct db *db)
{
    int conflict = db->pg && db->depth == 0 && db->pg_conflict;
    db->pg_conflict = 0;
    return conflict;
}

int db_end(struct db *db, int ok, struct error *err)
{
    int rc = 0;

    if (db->depth <= 0)
        die("db_end without db_begin");
    db->depth--;
    /* a transaction ended, or what a savepoint wrote undone: read again */
    if (db->depth == 0 || !ok)
        db_forget(db);
    if (db->pg && db->depth == 0) {
        /* COMMIT and the turn given back in one round trip */
        rc = pg_end(db, ok, err);
        if (ok && rc == 0 && db->on_commit)
            db->on_commit(db->on_commit_arg);
    } else if (db->pg) {
        if (!ok)
            pg_queue(db, "ROLLBACK TO nested");
        pg_queue(db, "RELEASE nested");
    } else if (db->depth == 0) {
        if (ok) {
            rc = tx_stmt(db, "COMMIT", err);
            if (rc)
                tx_stmt(db, "ROLLBACK", NULL);
        } else {
            tx_stmt(db, "ROLLBACK", NULL);
        }
        if (ok && rc == 0 && db->on_commit)
            db->on_commit(db->on_commit_arg);
    } else {
        if (ok) {
            rc = tx_stmt(db, "RELEASE nested", err);
        } else {
            tx_stmt(db, "ROLLBACK TO nested", NULL);
            tx_stmt(db, "RELEASE nested", NULL);
        }
    }
    return rc;
}

/*
 * A register on a server, copied into a new SQLite register at path (an
 * empty file): one snapshot of the server, every table's rows with their
 * ids, in an order their references allow. The tables the file's triggers
 * keep (imei, person_word, the search index) are made by those triggers;
 * touched and the settings are replaced by the server's.
 */
static const char *const copied_tables[][2] = {
    {"unit", "CASE level WHEN 'province' THEN 0 WHEN 'district' THEN 1 WHEN 'commune' THEN 2 "
             "ELSE 3 END, id"},
    {"unit_successor", "old_id, new_id"},
    {"ethnic_group", "id"},
    {"ethnic_alias", "alias_fold"},
    {"round", "id"},
    {"person", "id"},
    {"device", "id"},
    {"receipt_counter", "year"},
    {"return_counter", "year"},
    {"handover", "id"},
    {"receipt_print", "handover_id"},
    {"return_print", "handover_id"},
    {"training_session", "id"},
    {"attendance", "session_id, person_id"},
    {"setting", "key"},
    {"backup", "name"},
    {"audit_log", "id"},
    {"audit_seal", "id"},
    {"touched", "entity, id"},
};

char *insert_sql(const char *table, int n, const char *const *names)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "INSERT INTO ");
    strbuf_addstr(&sb, table);
    strbuf_addstr(&sb, " (");
    for (int i = 0; i < n; i++) {
        strbuf_addstr(&sb, i ? ", \"" : "\"");
        strbuf_addstr(&sb, names[i]);
        strbuf_addch(&sb, '"');
    }
    strbuf_addstr(&sb, ") VALUES (");
    for (int i = 0; i < n; i++)
        strbuf_addstr(&sb, i ? ", ?" : "?");
    strbuf_addch(&sb, ')');
    return strbuf_detach(&sb, NULL);
}

struct copy_state {
    struct db *lite;
    const char *table;
    sqlite3_stmt *insert;
    struct error *err;
};

static int copy_row(int n, const char *const *names, const char *const *values, const size_t *lens,
                    const int *kinds, void *arg)
{
    struct copy_state *c = arg;
    if (!c->insert) {
        char *sql = insert_sql(c->table, n, names);
        int rc = sqlite3_prepare_v2(c->lite->handle, sql, -1, &c->insert, NULL);
        free(sql);
        if (rc != SQLITE_OK)
            return db_error(c->lite, rc, c->err);
    }
    for (int i = 0; i < n; i++) {
        if (!values[i])
            sqlite3_bind_null(c->insert, i + 1);
        else if (kinds[i] == PG_INT)
            sqlite3_bind_int64(c->insert, i + 1, strtoll(values[i], NULL, 10));
        else if (kinds[i] == PG_BLOB)
            sqlite3_bind_blob(c->insert, i + 1, values[i], (int)lens[i], SQLITE_TRANSIENT);
        else
            sqlite3_bind_text(c->insert, i + 1, values[i], (int)lens[i], SQLITE_TRANSIENT);
    }
    int rc = sqlite3_step(c->insert);
    sqlite3_reset(c->insert);
    if (rc != SQLITE_DONE)
        return db_error(c->lite, sqlite3_extended_errcode(c->lite->handle), c->err);
    return 0;
}

/* Every table of the server's snapshot into the file lite, whose schema
 * is made. */
static int copy_tables(struct db *db, struct db *lite, struct error *err)
{
    int rc = db_exec(lite, "BEGIN; PRAGMA defer_foreign_keys = ON; DELETE FROM setting", err);
    for (size_t i = 0; rc == 0 && i < sizeof(copied_tables) / sizeof(*copied_tables); i++) {
        struct copy_state c = {lite, copied_tables[i][0], NULL, err};
        struct strbuf sql = STRBUF_INIT;
        if (strcmp(c.table, "touched") == 0)
            rc = db_exec(lite, "DELETE FROM touched", err);
        strbuf_addstr(&sql, "SELECT * FROM ");
        strbuf_addstr(&sql, copied_tables[i][0]);
        strbuf_addstr(&sql, " ORDER BY ");
        strbuf_addstr(&sql, copied_tables[i][1]);
        if (rc == 0)
            rc = pg_each_row(db, sql.buf, copy_row, &c, err);
        strbuf_release(&sql);
        sqlite3_finalize(c.insert);
    }
    if (rc == 0)
        rc = db_exec(lite, "COMMIT", err);
    else
        db_exec(lite, "ROLLBACK", NULL);
    return rc;
}

static int copy_server_into(struct db *db, const char *path, int *disk_full, struct error *err)
{
    struct db lite = {0};
    int rc;

    if (sqlite3_open_v2(path, &lite.handle, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        rc = db_error(&lite, sqlite3_errcode(lite.handle), err);
        sqlite3_close(lite.handle);
        return rc;
    }
    handle_setup(lite.handle);
    lite.path = (char *)path;
    int version;
    if ((rc = db_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err)) == 0) {
        /* the file of the server's version: a backup taken before an
         * upgrade is the register as it was */
        if ((rc = schema_pg_version_of(db, &version, err)) == 0 &&
            (rc = schema_create_at(&lite, version, err)) == 0)
            rc = copy_tables(db, &lite, err);
        db_exec(db, "COMMIT", NULL);
    }
    /* a file of its own: no journal beside it */
    if (rc == 0)
        rc = db_exec(&lite, "PRAGMA journal_mode = DELETE", err);
    *disk_full = rc != 0 && (sqlite3_extended_errcode(lite.handle) & 0xff) == SQLITE_FULL;
    for (size_t i = 0; i < lite.n_cache; i++) {
        sqlite3_finalize(lite.cache[i]->lite);
        free(lite.cache[i]);
    }
    free(lite.cache);
    sqlite3_close(lite.handle);
    return rc;
}

/* The rows of one table of the file into the server's (in a transaction
 * there): ids kept, BLOBs as bytes. */
static int copy_table_to_server(struct db *db, struct db *pg, const char *table, const char *order,
                                struct error *err)
{
    struct strbuf sql = STRBUF_INIT;
    sqlite3_stmt *st = NULL;
    struct pg_insert *ins = NULL;
    int rc = 0;

    strbuf_addstr(&sql, "SELECT * FROM ");
    strbuf_addstr(&sql, table);
    strbuf_addstr(&sql, " ORDER BY ");
    strbuf_addstr(&sql, order);
    if (sqlite3_prepare_v2(db->handle, sql.buf, -1, &st, NULL) != SQLITE_OK)
        rc = db_error(db, sqlite3_extended_errcode(db->handle), err);
    strbuf_release(&sql);
    int n = rc ? 0 : sqlite3_column_count(st);
    const char **names = xcalloc((size_t)n + 1, sizeof(*names));
    const char **values = xcalloc((size_t)n + 1, sizeof(*values));
    char **ints = xcalloc((size_t)n + 1, sizeof(*ints));
    int *lens = xcalloc((size_t)n + 1, sizeof(*lens)),
        *binary = xcalloc((size_t)n + 1, sizeof(int));
    for (int i = 0; i < n; i++)
        names[i] = sqlite3_column_name(st, i);
    if (rc == 0 && !(ins = pg_insert_begin(pg, table, n, names, err)))
        rc = err ? err->code : ERR_INTERNAL;
    while (rc == 0) {
        int step = sqlite3_step(st);
        if (step == SQLITE_DONE)
            break;
        if (step != SQLITE_ROW) {
            rc = db_error(db, sqlite3_extended_errcode(db->handle), err);
            break;
        }
        for (int i = 0; i < n; i++) {
            int type = sqlite3_column_type(st, i);
            free(ints[i]);
            ints[i] = NULL;
            binary[i] = type == SQLITE_BLOB;
            if (type == SQLITE_NULL) {
                values[i] = NULL;
            } else if (type == SQLITE_INTEGER) {
                values[i] = ints[i] = xasprintf("%lld", (long long)sqlite3_column_int64(st, i));
            } else if (type == SQLITE_FLOAT) {
                values[i] = ints[i] = xasprintf("%.17g", sqlite3_column_double(st, i));
            } else {
                values[i] = type == SQLITE_BLOB ? sqlite3_column_blob(st, i)
                                                : (const void *)sqlite3_column_text(st, i);
                lens[i] = sqlite3_column_bytes(st, i);
            }
        }
        rc = pg_insert_row(ins, values, lens, binary, n, err);
    }
    for (int i = 0; i < n; i++)
        free(ints[i]);
    free(ints);
    free(names);
    free(values);
    free(lens);
    free(binary);
    if (ins) {
        int end = pg_insert_end(ins, rc == 0, rc == 0 ? err : NULL);
        if (rc == 0)
            rc = end;
    }
    sqlite3_finalize(st);
    return rc;
}

/* The tables whose id the server gives: their identity goes past the ids
 * copied. */
static const char *const identity_tables[] = {
    "unit",   "ethnic_group", "person",           "round",
    "device", "handover",     "training_session", "audit_log",
};

int db_copy_to_server(struct db *db, const char *address, struct error *err)
{
    struct db *pg;
    int rc, version;
    long long tables;

    if (db->pg)
        return error_set(err, ERR_INVALID, _("the register is on a server already"));
    if ((rc = pg_connect(address, &pg, err)) != 0)
        return rc;
    if ((rc = schema_pg_version_of(pg, &version, err)) == 0 &&
        (rc = db_int(pg, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
                     &tables, err)) == 0 &&
        (version != 0 || tables != 0))
        rc = error_set(err, ERR_CONFLICT,
                       _("database '%s' is not empty (%lld tables): a register moves into an "
                         "empty database only; create one with createdb"),
                       address, tables);
    if (rc == 0 && (rc = db_exec(db, "BEGIN", err)) == 0) {
        /* one snapshot of the file, one transaction on the server, which
         * makes the schema too: a failure leaves nothing there */
        if ((rc = db_exec(pg, "BEGIN", err)) == 0 && (rc = schema_pg_make(pg, err)) == 0 &&
            /* the entries of the file name its logins, not this role */
            (rc = db_exec(pg,
                          "ALTER TABLE audit_log DISABLE TRIGGER audit_operator, "
                          "DISABLE TRIGGER audit_chain",
                          err)) == 0 &&
            (rc = db_exec(pg, "DELETE FROM setting", err)) == 0) {
            for (size_t i = 0; rc == 0 && i < sizeof(copied_tables) / sizeof(*copied_tables); i++) {
                if (strcmp(copied_tables[i][0], "touched") == 0)
                    rc = db_exec(pg, "DELETE FROM touched", err);
                if (rc == 0)
                    rc =
                        copy_table_to_server(db, pg, copied_tables[i][0], copied_tables[i][1], err);
            }
            for (size_t i = 0; rc == 0 && i < sizeof(identity_tables) / sizeof(*identity_tables);
                 i++) {
                struct strbuf sql = STRBUF_INIT;
                strbuf_addstr(&sql, "SELECT setval(pg_get_serial_sequence('");
                strbuf_addstr(&sql, identity_tables[i]);
                strbuf_addstr(&sql, "', 'id'), coalesce(max(id), 0) + 1, false) FROM ");
                strbuf_addstr(&sql, identity_tables[i]);
                rc = db_exec(pg, sql.buf, err);
                strbuf_release(&sql);
            }
            if (rc == 0)
                rc = db_exec(pg,
                             "ALTER TABLE audit_log ENABLE TRIGGER audit_operator, "
                             "ENABLE TRIGGER audit_chain",
                             err);
        }
        if (rc == 0)
            rc = db_exec(pg, "COMMIT", err);
        else
            db_exec(pg, "ROLLBACK", NULL);
        db_exec(db, "COMMIT", NULL);
    }
    db_close(pg);
    return rc;
}

int db_copy_into(struct db *db, const char *path, int *disk_full, struct error *err)
{
    struct stmt *st;
    int rc;

    if (db->pg)
        return copy_server_into(db, path, disk_full, err);
    st = db_stmt(db, "VACUUM INTO ?");
    if (db->depth)
        die("db_copy_into inside a transaction");
    stmt_bind_text(st, 1, path);
    rc = stmt_exec(db, st, err);
    *disk_full = rc != 0 && (sqlite3_extended_errcode(db->handle) & 0xff) == SQLITE_FULL;
    return rc;
}

/* The schema objects capphat makes (a fresh schema in memory, made by the
 * same steps as every file), or the file's: "type name|sql" per object.
 * SQLite's own objects are compared too (the indexes of UNIQUE
 * constraints): a trigger written into sqlite_schema under a name that
 * starts with "sqlite_" runs like any other. Only the statistics tables
 * ANALYZE may add are left out. */
#define SCHEMA_ROWS                                                                                \
    "SELECT type, name, sql FROM sqlite_schema "                                                   \
    "WHERE NOT (type = 'table' AND name GLOB 'sqlite_stat[1-4]') ORDER BY type, name"

int db_schema_diff(struct db *db,
                   void (*fn)(const char *type, const char *name, int how, void *arg), void *arg,
                   struct error *err)
{
    struct db mem = {0};
    sqlite3_stmt *want = NULL;
    struct stmt *have;
    int rc, n = 0;

    if (db->pg)
        return schema_pg_diff(db, fn, arg, err);
    if (sqlite3_open_v2(":memory:", &mem.handle, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        return error_set(err, ERR_INTERNAL, "cannot open a database in memory");
    handle_setup(mem.handle);
    mem.path = (char *)"(memory)";
    if ((rc = schema_create(&mem, err)) != 0)
        goto out;
    if (sqlite3_prepare_v2(mem.handle, SCHEMA_ROWS, -1, &want, NULL) != SQLITE_OK) {
        rc = error_set(err, ERR_INTERNAL, "%s", sqlite3_errmsg(mem.handle));
        goto out;
    }
    have = db_stmt(db, SCHEMA_ROWS);
    /* both in (type, name) order: walk them side by side */
    int w = sqlite3_step(want), h = stmt_step(db, have, err);
    while (rc == 0 && h >= 0 && (w == SQLITE_ROW || h == 1)) {
        const char *wt = w == SQLITE_ROW ? (const char *)sqlite3_column_text(want, 0) : NULL;
        const char *wn = w == SQLITE_ROW ? (const char *)sqlite3_column_text(want, 1) : NULL;
        const char *ht = h == 1 ? stmt_text(have, 0) : NULL;
        const char *hn = h == 1 ? stmt_text(have, 1) : NULL;
        int c = !wt ? 1 : !ht ? -1 : strcmp(wt, ht) ? strcmp(wt, ht) : strcmp(wn, hn);
        if (c < 0) {
            fn(wt, wn, DB_SCHEMA_MISSING, arg);
            n++;
            w = sqlite3_step(want);
        } else if (c > 0) {
            fn(ht, hn, DB_SCHEMA_EXTRA, arg);
            n++;
            h = stmt_step(db, have, err);
        } else {
            const char *ws = (const char *)sqlite3_column_text(want, 2);
            const char *hs = stmt_is_null(have, 2) ? NULL : stmt_text(have, 2);
            if ((ws == NULL) != (hs == NULL) || (ws && strcmp(ws, hs) != 0)) {
                fn(wt, wn, DB_SCHEMA_CHANGED, arg);
                n++;
            }
            w = sqlite3_step(want);
            h = stmt_step(db, have, err);
        }
    }
    stmt_done(have);
    if (h < 0)
        rc = h;
out:
    sqlite3_finalize(want);
    for (size_t i = 0; i < mem.n_cache; i++) {
        sqlite3_finalize(mem.cache[i]->lite);
        free(mem.cache[i]);
    }
    free(mem.cache);
    sqlite3_close(mem.handle);
    return rc < 0 ? rc : n;
}

struct schema_first {
    char *what;
};

static void note_schema(const char *type, const char *name, int how, void *arg)
{
    struct schema_first *f = arg;
    if (f->what)
        return;
    f->what = how == DB_SCHEMA_MISSING ? xasprintf(_("%s %s is missing"), type, name)
              : how == DB_SCHEMA_EXTRA ? xasprintf(_("%s %s is not capphat's"), type, name)
                                       : xasprintf(_("%s %s differs"), type, name);
}

int db_schema_intact(struct db *db, struct error *err)
{
    struct schema_first f = {NULL};
    int rc = db_schema_diff(db, note_schema, &f, err);

    if (rc > 0)
        rc = error_set(err, ERR_CORRUPT,
                       _("database '%s' is not as capphat made it (%s%s): it was changed behind "
                         "capphat's back; nothing is written to it — run 'capphat check' and "
                         "restore it from a backup"),
                       error_quote(db->path), f.what, rc > 1 ? _(", and more") : "");
    free(f.what);
    return rc;
}

/*
 * Indexes against their tables, in time proportional to the file.
 * SQLite's integrity_check looks every row up in each of its indexes, pages
 * in no order: it grew 15x for 10x the register. quick_check verifies the
 * same b-trees, pages and constraints without those lookups; then each
 * index is read once in its own order and its table once in its own, and
 * the two must hold the same entries: the sums of a 64-bit hash of each
 * entry (its key and row id) and their counts agree (as PostgreSQL's
 * amcheck fingerprints an index against its heap). The same reading finds
 * an entry not above the one before it (an index out of order: a lookup
 * would miss rows) and, in a unique index, two equal keys side by side
 * (which order puts side by side). An index read through its table (a partial or
 * expression index: its table's rows give the values) proves nothing this
 * way: its table gets integrity_check, as before.
 */
struct entry_sum {
    unsigned long long sum;
    long long n;
};

static unsigned long long mix64(unsigned long long h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL; /* FNV-1a */
    }
    return h;
}

/* A 64-bit hash of ARGC values. It starts from a seed drawn once per
 * process, so that entries made to give an equal sum cannot be worked out
 * beforehand. */
static unsigned long long entry_hash(int argc, sqlite3_value **argv)
{
    static unsigned long long seed;
    unsigned long long h;
    if (!__atomic_load_n(&seed, __ATOMIC_ACQUIRE)) {
        unsigned long long draw = 0, none = 0;
        sqlite3_randomness(sizeof(draw), &draw);
        draw |= 1;
        /* the first draw stays, whichever thread made it */
        __atomic_compare_exchange_n(&seed, &none, draw, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    }
    h = 14695981039346656037ULL ^ __atomic_load_n(&seed, __ATOMIC_ACQUIRE);
    for (int i = 0; i < argc; i++) {
        int type = sqlite3_value_type(argv[i]);
        h = mix64(h, &type, sizeof(type));
        if (type == SQLITE_INTEGER) {
            sqlite3_int64 v = sqlite3_value_int64(argv[i]);
            h = mix64(h, &v, sizeof(v));
        } else if (type == SQLITE_FLOAT) {
            double v = sqlite3_value_double(argv[i]);
            h = mix64(h, &v, sizeof(v));
        } else if (type != SQLITE_NULL) {
            const void *v = type == SQLITE_TEXT ? (const void *)sqlite3_value_text(argv[i])
                                                : sqlite3_value_blob(argv[i]);
            int len = sqlite3_value_bytes(argv[i]);
            h = mix64(h, &len, sizeof(len));
            h = mix64(h, v, (size_t)len);
        }
    }
    /* splitmix64's finish: the sum of FNV hashes alone would cancel badly */
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

/* entry_sum(...): the sum of the hashes of each row's arguments and the
 * number of rows, as "SUM:N". */
static void entry_sum_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    struct entry_sum *a = sqlite3_aggregate_context(ctx, sizeof(*a));
    if (!a)
        return;
    a->sum += entry_hash(argc, argv);
    a->n++;
}

static void entry_sum_final(sqlite3_context *ctx)
{
    struct entry_sum *a = sqlite3_aggregate_context(ctx, 0);
    char out[48];
    snprintf(out, sizeof(out), "%llu:%lld", a ? a->sum : 0, a ? a->n : 0);
    sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

/* A value of the entry before, kept for comparing with the next. */
struct kept_value {
    int type;
    sqlite3_int64 i;
    double d;
    unsigned char *bytes;
    int n, alloc;
};

static void keep_value(struct kept_value *k, sqlite3_value *v)
{
    k->type = sqlite3_value_type(v);
    if (k->type == SQLITE_INTEGER) {
        k->i = sqlite3_value_int64(v);
    } else if (k->type == SQLITE_FLOAT) {
        k->d = sqlite3_value_double(v);
    } else if (k->type != SQLITE_NULL) {
        const void *p =
            k->type == SQLITE_TEXT ? (const void *)sqlite3_value_text(v) : sqlite3_value_blob(v);
        k->n = sqlite3_value_bytes(v);
        if (k->n > k->alloc) {
            k->alloc = k->n * 2 + 16;
            k->bytes = xrealloc(k->bytes, (size_t)k->alloc);
        }
        if (k->n)
            memcpy(k->bytes, p, (size_t)k->n);
    }
}

/* The order of a kept value and a value as a b-tree of BINARY collation
 * sorts them: NULL, numbers, text, blobs. */
static int value_order(const struct kept_value *a, sqlite3_value *b)
{
    static const int rank[] = {0, 1, 1, 2, 3, 0}; /* by SQLite's type codes 1..5 */
    int tb = sqlite3_value_type(b);
    if (rank[a->type] != rank[tb])
        return rank[a->type] < rank[tb] ? -1 : 1;
    if (tb == SQLITE_NULL)
        return 0;
    if (a->type == SQLITE_INTEGER && tb == SQLITE_INTEGER) {
        sqlite3_int64 y = sqlite3_value_int64(b);
        return a->i < y ? -1 : a->i > y;
    }
    if (rank[tb] == 1) {
        double x = a->type == SQLITE_INTEGER ? (double)a->i : a->d, y = sqlite3_value_double(b);
        return x < y ? -1 : x > y;
    }
    const void *y = tb == SQLITE_TEXT ? (const void *)sqlite3_value_text(b) : sqlite3_value_blob(b);
    int ny = sqlite3_value_bytes(b);
    int m = a->n < ny ? a->n : ny, c = m ? memcmp(a->bytes, y, (size_t)m) : 0;
    return c ? (c < 0 ? -1 : 1) : (a->n < ny ? -1 : a->n > ny);
}

struct entry_walk {
    struct entry_sum s;
    long long disorder, twice;
    struct kept_value *prev;
    int n;
};

/* entry_walk(KEYS, ...): entry_sum of the arguments after KEYS, and, read
 * in the order given (an index scanned in its own order), the entries not
 * above the one before them and those whose first KEYS values, none NULL,
 * equal those of the one before them: "SUM:N:DISORDER:TWICE". */
static void entry_walk_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    struct entry_walk *w = sqlite3_aggregate_context(ctx, sizeof(*w));
    int keys = argc > 0 ? sqlite3_value_int(argv[0]) : 0, n = argc - 1, c = 0, i;
    if (!w || n < 1)
        return;
    argv++;
    w->s.sum += entry_hash(n, argv);
    if (w->s.n++ && w->n == n) {
        int nulls = 0;
        for (i = 0; i < n && (c = value_order(&w->prev[i], argv[i])) == 0; i++)
            ;
        if (c >= 0)
            w->disorder++;
        for (i = 0; i < keys && i < n; i++)
            nulls |= sqlite3_value_type(argv[i]) == SQLITE_NULL;
        for (i = 0; !nulls && i < keys && i < n && value_order(&w->prev[i], argv[i]) == 0; i++)
            ;
        if (!nulls && keys > 0 && i == keys)
            w->twice++;
    }
    if (!w->prev) {
        w->prev = xcalloc((size_t)n, sizeof(*w->prev));
        w->n = n;
    }
    for (i = 0; i < w->n && i < n; i++)
        keep_value(&w->prev[i], argv[i]);
}

static void entry_walk_final(sqlite3_context *ctx)
{
    struct entry_walk *w = sqlite3_aggregate_context(ctx, 0);
    char out[96];
    if (w && w->prev) {
        for (int i = 0; i < w->n; i++)
            free(w->prev[i].bytes);
        free(w->prev);
    }
    snprintf(out, sizeof(out), "%llu:%lld:%lld:%lld", w ? w->s.sum : 0, w ? w->s.n : 0,
             w ? w->disorder : 0, w ? w->twice : 0);
    sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

/*
 * capphat's indexes, each read in its own order (a covering scan) and its
 * table in its own: the same columns, key and row id. An index in the file
 * that is not here, or whose columns are no longer these (the schema check
 * names it too), has its table checked by SQLite's integrity_check: so do
 * the partial and expression indexes, whose values a scan takes from the
 * table. Unique ones are also read for two equal keys (NULLs excepted).
 */
#define IDX(index, table, cols)                                                                    \
    {                                                                                              \
        index, table, cols, 0, "SELECT entry_walk(0, " cols ") FROM " table " INDEXED BY " index,  \
            "SELECT entry_sum(" cols ") FROM " table " NOT INDEXED"                                \
    }
#define UIDX(index, table, keys, cols)                                                             \
    {                                                                                              \
        index, table, cols, 1,                                                                     \
            "SELECT entry_walk(" keys ", " cols ") FROM " table " INDEXED BY " index,              \
            "SELECT entry_sum(" cols ") FROM " table " NOT INDEXED"                                \
    }
static const struct {
    const char *index, *table, *cols;
    int unique;
    const char *in_index, *in_table;
} indexes[] = {
    IDX("SELECT entry_sum(", ") FROM ", " INDEXED BY "),
    UIDX("sqlite_autoindex_attendance_1", "attendance", "2", "session_id, person_id, rowid"),
    IDX("audit_entity", "audit_log", "entity, entity_id, rowid"),
    UIDX("sqlite_autoindex_audit_log_1", "audit_log", "1", "hash, rowid"),
    UIDX("sqlite_autoindex_backup_1", "backup", "1", "name, rowid"),
    IDX("device_imei", "device", "imei, rowid"),
    IDX("device_round", "device", "round_id, rowid"),
    IDX("device_status", "device", "status, imei, rowid"),
    UIDX("sqlite_autoindex_ethnic_alias_1", "ethnic_alias", "1", "alias_fold, rowid"),
    UIDX("sqlite_autoindex_ethnic_group_1", "ethnic_group", "2", "code_list, code, rowid"),
    IDX("handover_device", "handover", "device_id, rowid"),
    IDX("handover_person", "handover", "person_id, rowid"),
    UIDX("sqlite_autoindex_handover_1", "handover", "1", "receipt_no, rowid"),
    UIDX("sqlite_autoindex_imei_1", "imei", "1", "imei, rowid"),
    UIDX("sqlite_autoindex_imei_2", "imei", "2", "device_id, slot, rowid"),
    IDX("person_birth", "person", "birth_year, sort_key, rowid"),
    IDX("person_commune", "person", "commune_id, sort_key, rowid"),
    IDX("person_same", "person", "name_fold, commune_id, birth_year, rowid"),
    IDX("person_village", "person", "village_id, rowid"),
    IDX("person_sort", "person", "sort_key, id, name_fold, rowid"),
    UIDX("sqlite_autoindex_person_1", "person", "1", "id_number, rowid"),
    IDX("person_word_person", "person_word", "person_id, pos, word"),
    UIDX("sqlite_autoindex_round_1", "round", "1", "name, rowid"),
    UIDX("sqlite_autoindex_setting_1", "setting", "1", "key, rowid"),
    IDX("touched_seq", "touched", "seq, entity, id"),
    IDX("unit_fold", "unit", "level, name_fold, rowid"),
    IDX("unit_parent", "unit", "parent_id, rowid"),
    UIDX("sqlite_autoindex_unit_successor_1", "unit_successor", "2", "old_id, new_id, rowid"),
    IDX("unit_successor_new", "unit_successor", "new_id, rowid"),
};
#undef IDX
#undef UIDX

/* The tables without row ids are b-trees of their primary key (SQLite
 * names it sqlite_autoindex_TABLE_1): read in their order, no key out of
 * order or twice. */
static const struct {
    const char *table, *walk;
} keyed_tables[] = {
    {"person_word", "SELECT entry_walk(3, pos, word, person_id) FROM person_word "
                    "INDEXED BY sqlite_autoindex_person_word_1"},
    {"person_tri_config", "SELECT entry_walk(1, k) FROM person_tri_config "
                          "INDEXED BY sqlite_autoindex_person_tri_config_1"},
    {"person_tri_idx", "SELECT entry_walk(2, segid, term) FROM person_tri_idx "
                       "INDEXED BY sqlite_autoindex_person_tri_idx_1"},
    {"touched", "SELECT entry_walk(2, entity, id) FROM touched "
                "INDEXED BY sqlite_autoindex_touched_1"},
};

/* The first column of the first row of ST, a copy (NULL: no row, or an
 * error, whose message goes into *msg). Finalizes ST. */
static char *first_text(struct db *db, sqlite3_stmt *st, char **msg)
{
    char *out = NULL;
    int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
    if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = xstrdup((const char *)sqlite3_column_text(st, 0));
    if (rc != SQLITE_ROW && rc != SQLITE_DONE && msg && !*msg)
        *msg = xstrdup(sqlite3_errmsg(db->handle));
    sqlite3_finalize(st);
    return out;
}

static sqlite3_stmt *prepare(struct db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->handle, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

/* Index I of the list against its table. Returns 1 when compared
 * (problems added to sb), 0 when its table is to be checked whole. */
static int index_matches(struct db *db, size_t i, struct strbuf *sb)
{
    char *cols, *in_index = NULL, *in_table = NULL, *msg = NULL;
    /* its columns (ascending, BINARY), whether unique and whether partial,
     * as capphat made it */
    sqlite3_stmt *st = prepare(db, "SELECT (SELECT group_concat(coalesce(name, CASE cid WHEN -1 "
                                   "THEN 'rowid' END) || CASE WHEN desc THEN ' DESC' ELSE '' END "
                                   "|| CASE WHEN coll <> 'BINARY' THEN ' COLLATE ' || coll ELSE "
                                   "'' END, ', ') FROM pragma_index_xinfo(?1)) || (SELECT '|' || "
                                   "\"unique\" || partial FROM pragma_index_list(?2) WHERE "
                                   "name = ?1)");
    struct strbuf want = STRBUF_INIT;
    long long disorder = 0, twice = 0;
    int same;
    if (st) {
        sqlite3_bind_text(st, 1, indexes[i].index, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, indexes[i].table, -1, SQLITE_STATIC);
    }
    cols = first_text(db, st, NULL);
    strbuf_addf(&want, "%s|%d0", indexes[i].cols, indexes[i].unique);
    same = cols && strcmp(cols, want.buf) == 0;
    free(cols);
    strbuf_release(&want);
    if (!same)
        return 0;
    in_index = first_text(db, prepare(db, indexes[i].in_index), &msg);
    in_table = first_text(db, prepare(db, indexes[i].in_table), &msg);
    if (msg) {
        strbuf_addf(sb, _("integrity: index %s cannot be read: %s\n"), indexes[i].index, msg);
    } else {
        /* "SUM:N:DISORDER:TWICE" against "SUM:N" */
        size_t n = in_table ? strlen(in_table) : 0;
        if (!in_index || !in_table || strncmp(in_index, in_table, n) != 0 || in_index[n] != ':' ||
            sscanf(in_index + n, ":%lld:%lld", &disorder, &twice) != 2)
            strbuf_addf(sb, _("integrity: index %s does not hold the rows of table %s\n"),
                        indexes[i].index, indexes[i].table);
        if (disorder)
            strbuf_addf(sb, _("integrity: index %s holds entries out of order\n"),
                        indexes[i].index);
        if (twice)
            strbuf_addf(sb, _("integrity: non-unique entry in index %s\n"), indexes[i].index);
    }
    free(in_index);
    free(in_table);
    free(msg);
    return 1;
}

/* A table without row ids read in its order. */
static void keys_in_order(struct db *db, size_t i, struct strbuf *sb)
{
    char *msg = NULL, *walk = first_text(db, prepare(db, keyed_tables[i].walk), &msg);
    unsigned long long sum;
    long long n, disorder = 0, twice = 0;
    if (msg)
        strbuf_addf(sb, _("integrity: table %s cannot be read: %s\n"), keyed_tables[i].table, msg);
    else if (walk && sscanf(walk, "%llu:%lld:%lld:%lld", &sum, &n, &disorder, &twice) == 4 &&
             (disorder || twice))
        strbuf_addf(sb, _("integrity: table %s holds keys out of order or twice\n"),
                    keyed_tables[i].table);
    free(walk);
    free(msg);
}

/* NAME is one of the N names of LIST (a name may hold any character,
 * a newline too: it comes from the file). */
static int name_listed(char **list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], name) == 0)
            return 1;
    return 0;
}

/* quick_check, each index against its table, integrity_check of the tables
 * whose indexes cannot be compared so. 1 when quick_check found the file
 * damaged: what the rest would read through it proves nothing more. */
static int db_structure(struct db *db, struct strbuf *sb, struct error *err)
{
    char **whole = NULL;
    size_t n_whole = 0;
    struct stmt *st;
    int rc, bad = 0;

    st = db_stmt(db, "PRAGMA quick_check");
    while ((rc = stmt_step(db, st, err)) == 1) {
        const char *t = stmt_text(st, 0), *nl;
        if (strcmp(t, "ok") == 0)
            continue;
        /* a report may hold several lines ("*** in database main ***") */
        for (; *t; t = *nl ? nl + 1 : nl) {
            nl = strchr(t, '\n');
            if (!nl)
                nl = t + strlen(t);
            if (nl > t)
                strbuf_addf(sb, _("integrity: %.*s\n"), (int)(nl - t), t);
        }
        bad = 1;
    }
    stmt_done(st);
    if (rc < 0 || bad)
        return rc < 0 ? rc : 1; /* damaged b-trees: nothing read through them proves more */
    st = db_stmt(db, "SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index' ORDER BY "
                     "tbl_name, name");
    while ((rc = stmt_step(db, st, err)) == 1) {
        const char *name = stmt_text(st, 0), *table = stmt_text(st, 1);
        size_t i = 0, n = sizeof(indexes) / sizeof(*indexes);
        while (i < n && strcmp(indexes[i].index, name) != 0)
            i++;
        if ((i == n || !index_matches(db, i, sb)) && !name_listed(whole, n_whole, table)) {
            whole = xrealloc(whole, (n_whole + 1) * sizeof(*whole));
            whole[n_whole++] = xstrdup(table);
        }
    }
    stmt_done(st);
    for (size_t i = 0; rc == 0 && i < sizeof(keyed_tables) / sizeof(*keyed_tables); i++)
        keys_in_order(db, i, sb);
    /* the tables whose indexes are read through them: SQLite's own check */
    for (size_t t = 0; rc == 0 && t < n_whole; t++) {
        st = db_stmt(db, "SELECT * FROM pragma_integrity_check(?1)");
        stmt_bind_text(st, 1, whole[t]);
        while ((rc = stmt_step(db, st, err)) == 1)
            if (strcmp(stmt_text(st, 0), "ok") != 0)
                strbuf_addf(sb, _("integrity: %s\n"), stmt_text(st, 0));
        stmt_done(st);
    }
    for (size_t t = 0; t < n_whole; t++)
        free(whole[t]);
    free(whole);
    return rc < 0 ? rc : 0;
}

int db_integrity(struct db *db, char **report, struct error *err)
{
    struct strbuf sb = STRBUF_INIT;
    struct stmt *st;
    int rc;

    *report = NULL;
    /* on a server, its files, indexes and foreign keys are the server's
     * to keep: what follows is capphat's own */
    if (!db->pg && (rc = db_structure(db, &sb, err)) != 0) {
        if (rc < 0) {
            strbuf_release(&sb);
            return rc;
        }
        *report = strbuf_detach(&sb, NULL);
        return 1;
    }
    st = db->pg ? NULL : db_stmt(db, "PRAGMA foreign_key_check");
    while (st && (rc = stmt_step(db, st, err)) == 1)
        strbuf_addf(&sb, _("foreign key: row %lld of table %s refers to a missing row of %s\n"),
                    stmt_int(st, 1), stmt_text(st, 0), stmt_text(st, 2));
    stmt_done(st);
    if (rc < 0) {
        strbuf_release(&sb);
        return rc;
    }
    /* the search indexes kept by triggers (schema version 2). person_word:
     * as many rows as the name has words, each the name (pos 0) or a tail
     * of it after a space (pos 1), with the name's key; the primary key
     * makes them distinct, so they are all the tails. person_tri: one
     * entry per person. Both in one pass over the indexes. */
    /* the tail of the name as long as the word: substr(x, -n) in SQLite,
     * right(x, n) on a server */
#define WORDS_DIFFER(tail)                                                                         \
    "SELECT p.id FROM person p WHERE (SELECT count(*) FROM person_word w "                         \
    "WHERE w.person_id = p.id) <> 1 + length(p.name_fold) - "                                      \
    "length(replace(p.name_fold, ' ', '')) OR EXISTS (SELECT 1 FROM "                              \
    "person_word w WHERE w.person_id = p.id AND NOT (w.sort_key = p.sort_key "                     \
    "AND w.name_fold = p.name_fold AND CASE w.pos WHEN 0 THEN "                                    \
    "w.word = p.name_fold ELSE " tail " = w.word "                                                 \
    "AND substr(p.name_fold, length(p.name_fold) - length(w.word), 1) = ' ' "                      \
    "END)) UNION SELECT w.person_id FROM person_word w WHERE NOT EXISTS "                          \
    "(SELECT 1 FROM person p WHERE p.id = w.person_id) ORDER BY 1 LIMIT 20"
    st = db_stmt(db, DIALECT(db, WORDS_DIFFER("substr(p.name_fold, -length(w.word))"),
                             WORDS_DIFFER("right(p.name_fold, length(w.word))")));
#undef WORDS_DIFFER
    while ((rc = stmt_step(db, st, err)) == 1)
        strbuf_addf(&sb, _("search index: the words of person %lld differ from the name stored\n"),
                    stmt_int(st, 0));
    stmt_done(st);
    if (rc < 0) {
        strbuf_release(&sb);
        return rc;
    }
    /* the trigram index: SQLite's FTS5 table (a server's is an index it keeps) */
    st = db->pg ? NULL
                : db_stmt(db, "SELECT p.id FROM person p WHERE NOT EXISTS (SELECT 1 FROM "
                              "person_tri_docsize t WHERE t.id = p.id) UNION ALL SELECT t.id FROM "
                              "person_tri_docsize t WHERE NOT EXISTS (SELECT 1 FROM person p WHERE "
                              "p.id = t.id) ORDER BY 1 LIMIT 20");
    while (st && (rc = stmt_step(db, st, err)) == 1)
        strbuf_addf(&sb,
                    _("search index: person %lld is missing from the trigram index or is "
                      "there without a row\n"),
                    stmt_int(st, 0));
    stmt_done(st);
    if (rc < 0) {
        strbuf_release(&sb);
        return rc;
    }
    if (sb.len) {
        *report = strbuf_detach(&sb, NULL);
        return 1;
    }
    return 0;
}

int db_file_alone(const char *path, struct error *err)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    int alone = 1;

    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(h, "PRAGMA journal_mode = DELETE", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        /* still "wal": another connection kept it so */
        if (rc == SQLITE_ROW)
            alone = strcmp((const char *)sqlite3_column_text(st, 0), "delete") == 0;
        else
            alone = (rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED;
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    if (!alone)
        return error_set(err, ERR_BUSY,
                         _("database '%s' is open in another capphat (or another program): "
                           "close it everywhere first"),
                         error_quote(path));
    return 0;
}
