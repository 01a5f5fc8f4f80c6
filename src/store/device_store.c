/* device_store: devices; see include/store/device_store.h. */
#include "store/device_store.h"
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

void device_release(struct device *d)
{
    record_release(&device_kind, d, sizeof(*d));
}

/* "SELECT <the device's columns> FROM ... <suffix>" (suffix: a literal) */
#define DEVICE_SELECT(suffix) record_select(&device_kind, suffix)

static void device_from_row(struct stmt *st, struct device *d)
{
    memset(d, 0, sizeof(*d));
    record_from_row(&device_kind, st, d);
}

int device_store_insert(struct db *db, const struct device *d, long long *id, struct error *err)
{
    struct stmt *st =
        db_stmt(db, record_insert_sql(db, &device_kind, "updated_at, created_at", ":now, :now"));
    int n = record_bind(&device_kind, st, d);
    stmt_bind_text(st, n + 1, d->updated_at);
    return stmt_insert(db, st, id, err);
}

int device_store_update(struct db *db, const struct device *d, struct error *err)
{
    struct stmt *st = db_stmt(
        db, record_update_sql(&device_kind, "updated_at = ?, version = version + 1 WHERE id = ?"));
    int n = record_bind(&device_kind, st, d);
    stmt_bind_text(st, n + 1, d->updated_at);
    stmt_bind_int(st, n + 2, d->id);
    return stmt_exec(db, st, err);
}

int device_store_set_status(struct db *db, long long id, const char *status, const char *now,
                            struct error *err)
{
    struct stmt *st = db_stmt(
        db, "UPDATE device SET status = ?, updated_at = ?, version = version + 1 WHERE id = ?");
    stmt_bind_text(st, 1, status);
    stmt_bind_text(st, 2, now);
    stmt_bind_int(st, 3, id);
    return stmt_exec(db, st, err);
}

int device_store_touch(struct db *db, long long id, const char *now, struct error *err)
{
    struct stmt *st =
        db_stmt(db, "UPDATE device SET updated_at = ?, version = version + 1 WHERE id = ?");
    stmt_bind_text(st, 1, now);
    stmt_bind_int(st, 2, id);
    /* the image of the device read after it follows (change_locked): on a
     * server the two go together */
    return stmt_exec_later(db, st, err);
}

int device_store_get(struct db *db, long long id, struct device *out, struct error *err)
{
    return record_get(db, &device_kind, id, out, sizeof(*out), err);
}

int device_store_find_imei(struct db *db, const char *imei, long long *id, struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT device_id FROM imei WHERE imei = ?");
    stmt_bind_text(st, 1, imei);
    int rc = stmt_step(db, st, err);
    *id = rc == 1 ? stmt_int(st, 0) : 0;
    stmt_done(st);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("imei '%s' is not registered"), error_quote(imei));
    return rc < 0 ? rc : 0;
}

int device_store_get_by_imei(struct db *db, const char *imei, struct device *out, struct error *err)
{
    int rc;
    memset(out, 0, sizeof(*out));
    if (db->pg) {
        /* on a server the phone of the IMEI in one statement (one round
         * trip in the writers' turn at a handover); when none comes, the
         * two lookups below tell an unknown IMEI from a phone this role
         * cannot see. On a file the two lookups cost less than the join. */
        struct stmt *st =
            db_stmt(db, record_select(&device_kind, "WHERE d.id = (SELECT "
                                                    "device_id FROM imei WHERE imei = ?)"));
        stmt_bind_text(st, 1, imei);
        rc = stmt_step(db, st, err);
        if (rc == 1)
            record_from_row(&device_kind, st, out);
        stmt_done(st);
        if (rc != 0)
            return rc < 0 ? rc : 0;
    }
    long long id;
    rc = device_store_find_imei(db, imei, &id, err);
    if (rc)
        return rc;
    rc = device_store_get(db, id, out, err);
    /* the IMEI is known, its phone hidden: on a server, a phone whose last
     * holder is of a commune this role does not work for */
    if (rc == ERR_NOT_FOUND && db_server_user(db))
        rc = error_set(err, ERR_NOT_FOUND,
                       _("imei '%s' is the phone of a person of a commune that role '%s' does "
                         "not work for: that commune's operator or the province's acts on it"),
                       error_quote(imei), db_server_user(db));
    return rc;
}

int device_store_snapshot(struct db *db, long long id, char **out, struct error *err)
{
    return record_snapshot(db, &device_kind, id, out, err);
}

/* Every word of the text in the model, the holder's name, village or
 * commune, or for digits in either IMEI, the holder's phone or whole
 * citizen ID (find_words, db.c): words in any order, as people remember */
#define DEVICE_WORDS                                                                               \
    "(?1 <> '' AND find_words(?1, pe.id_number, 4, fold(d.model), pe.name_fold, "                  \
    "(SELECT u.name_fold FROM unit u WHERE u.id = pe.village_id), "                                \
    "(SELECT u.name_fold FROM unit u WHERE u.id = pe.commune_id), d.imei, d.imei2, pe.phone))"
#define DEVICE_WHERE                                                                               \
    "WHERE (?1 = '' OR d.imei LIKE ?2 OR d.imei2 LIKE ?2 OR lower(d.model) LIKE ?3 ESCAPE '\\' "   \
    "       OR fold(pe.full_name) LIKE ?3 ESCAPE '\\' OR " DEVICE_WORDS ") "                       \
    "AND (?4 IS NULL OR " DEVICE_STATUS(                                                           \
        "d", "h") " = ?4) AND (?5 = 0 OR d.round_id = ?5) "                                        \
                  "AND (?6 = 0 OR pe.commune_id IN (SELECT id FROM unit WHERE parent_id = ?6)) "   \
                  "AND (?7 = 0 OR pe.commune_id = ?7) "

/*
 * Lists: the ids of a page first, walking the sort's index (device_imei,
 * device_status(status, imei), the rowid; by model the devices are sorted,
 * there being no index in Vietnamese order), then the rows by id. after_id
 * continues from a row (row-value keyset), reverse reads from the end.
 * ?10 ?11 ?12: the model, IMEI and id of the row to continue after; ?13 its
 * status.
 */
#define DEVICE_JOINS                                                                               \
    " LEFT JOIN handover h ON h.device_id = d.id AND h.returned_on IS NULL "                       \
    "LEFT JOIN person pe ON pe.id = h.person_id "
#define DEVICE_WALK(from, cond, order)                                                             \
    "SELECT d.id FROM device d " from DEVICE_JOINS DEVICE_WHERE cond " ORDER BY " order            \
    " LIMIT ?8 OFFSET ?9"

/*
 * By status, the status being derived (DEVICE_STATUS): the devices handed
 * over, by IMEI (walking device_imei), come first — "handed_over" sorts
 * before every stored state — then the others by (status, IMEI, id)
 * (walking device_status, their stored state theirs). Each part is read in
 * its index's order, and only as far as the page needs (status_walk).
 * [held][descending][continues after a row]
 */
#define HELD "AND (?4 IS NULL OR ?4 = 'handed_over') AND h.id IS NOT NULL "
#define KEPT "AND (?4 IS NULL OR (?4 <> 'handed_over' AND d.status = ?4)) AND h.id IS NULL "
static const char *const status_walk_sql[2][2][2] = {
    {
        {DEVICE_WALK("INDEXED BY device_status", KEPT, "d.status, d.imei, d.id"),
         DEVICE_WALK("INDEXED BY device_status",
                     KEPT "AND (d.status, d.imei, d.id) > (?13, ?11, ?12)",
                     "d.status, d.imei, d.id")},
        {DEVICE_WALK("INDEXED BY device_status", KEPT, "d.status DESC, d.imei DESC, d.id DESC"),
         DEVICE_WALK("INDEXED BY device_status",
                     KEPT "AND (d.status, d.imei, d.id) < (?13, ?11, ?12)",
                     "d.status DESC, d.imei DESC, d.id DESC")},
    },
    {
        {DEVICE_WALK("INDEXED BY device_imei", HELD, "d.imei, d.id"),
         DEVICE_WALK("INDEXED BY device_imei", HELD "AND (d.imei, d.id) > (?11, ?12)",
                     "d.imei, d.id")},
        {DEVICE_WALK("INDEXED BY device_imei", HELD, "d.imei DESC, d.id DESC"),
         DEVICE_WALK("INDEXED BY device_imei", HELD "AND (d.imei, d.id) < (?11, ?12)",
                     "d.imei DESC, d.id DESC")},
    },
};
#undef HELD
#undef KEPT

/* [sort][descending][continues after a row] */
static const char *const device_walk_sql[4][2][2] = {
    {
        {DEVICE_WALK("INDEXED BY device_imei", "", "d.imei, d.id"),
         DEVICE_WALK("INDEXED BY device_imei", "AND (d.imei, d.id) > (?11, ?12)", "d.imei, d.id")},
        {DEVICE_WALK("INDEXED BY device_imei", "", "d.imei DESC, d.id DESC"),
         DEVICE_WALK("INDEXED BY device_imei", "AND (d.imei, d.id) < (?11, ?12)",
                     "d.imei DESC, d.id DESC")},
    },
    {
        {DEVICE_WALK("", "", "d.model COLLATE vi, d.imei, d.id"),
         DEVICE_WALK("", "AND (d.model COLLATE vi, d.imei, d.id) > (?10, ?11, ?12)",
                     "d.model COLLATE vi, d.imei, d.id")},
        {DEVICE_WALK("", "", "d.model COLLATE vi DESC, d.imei DESC, d.id DESC"),
         DEVICE_WALK("", "AND (d.model COLLATE vi, d.imei, d.id) < (?10, ?11, ?12)",
                     "d.model COLLATE vi DESC, d.imei DESC, d.id DESC")},
    },
    {
        {NULL, NULL}, /* status_walk_sql */
        {NULL, NULL},
    },
    {
        {DEVICE_WALK("", "", "d.id"), DEVICE_WALK("", "AND d.id > ?12", "d.id")},
        {DEVICE_WALK("", "", "d.id DESC"), DEVICE_WALK("", "AND d.id < ?12", "d.id DESC")},
    },
};

static void bind_device_query(struct stmt *st, const struct device_query *q)
{
    const char *s = q->search ? q->search : "";
    struct strbuf esc = STRBUF_INIT;
    for (const char *p = s; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            strbuf_addch(&esc, '\\');
        strbuf_addch(&esc, *p);
    }
    /* digits typed from a label may hold spaces or dashes */
    struct strbuf digits = STRBUF_INIT;
    int only_digits = *s != '\0';
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            strbuf_addch(&digits, *p);
        else if (*p != ' ' && *p != '-')
            only_digits = 0;
    }
    char *imei_like = only_digits ? xasprintf("%%%s%%", digits.buf) : xstrdup("\x01");
    char *text_like = xasprintf("%%%s%%", esc.buf);
    stmt_bind_text(st, 1, s);
    stmt_bind_text(st, 2, imei_like);
    stmt_bind_text(st, 3, text_like);
    stmt_bind_text(st, 4, q->status && *q->status ? q->status : NULL);
    stmt_bind_int(st, 5, q->round_id);
    stmt_bind_int(st, 6, q->district_id);
    stmt_bind_int(st, 7, q->commune_id);
    stmt_bind_int(st, 8, q->limit > 0 ? q->limit : -1);
    stmt_bind_int(st, 9, q->offset);
    free(imei_like);
    free(text_like);
    strbuf_release(&esc);
    strbuf_release(&digits);
}

/* Every row (no page asked for), in one sorted statement: faster than row
 * by row for a whole list. [sort][descending] */
#define DEVICE_ALL(order) DEVICE_WHERE "ORDER BY " order " LIMIT ?8 OFFSET ?9"
static const char *const device_all_sql[4][2] = {
    {DEVICE_ALL("d.imei, d.id"), DEVICE_ALL("d.imei DESC, d.id DESC")},
    {DEVICE_ALL("d.model COLLATE vi, d.imei, d.id"),
     DEVICE_ALL("d.model COLLATE vi DESC, d.imei DESC, d.id DESC")},
    {DEVICE_ALL(DEVICE_STATUS("d", "h") ", d.imei, d.id"),
     DEVICE_ALL(DEVICE_STATUS("d", "h") " DESC, d.imei DESC, d.id DESC")},
    {DEVICE_ALL("d.id"), DEVICE_ALL("d.id DESC")},
};

static int each_all(struct db *db, const struct device_query *q, int sort, int desc, device_fn fn,
                    void *arg, struct error *err)
{
    struct stmt *st = db_stmt(db, DEVICE_SELECT(device_all_sql[sort][desc]));
    int rc, stop = 0;
    bind_device_query(st, q);
    while ((rc = stmt_step(db, st, err)) == 1) {
        struct device d;
        device_from_row(st, &d);
        stop = fn(&d, arg);
        device_release(&d);
        if (stop)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}

/* The row a page continues after (struct device_query's after_id). */
struct anchor {
    int found; /* 0: gone, or none asked: from the start */
    char *model, *imei, *status;
    long long id;
};

static void bind_anchor(struct stmt *st, const struct anchor *a)
{
    stmt_bind_text(st, 10, a->model);
    stmt_bind_text(st, 11, a->imei);
    stmt_bind_int(st, 12, a->id);
    stmt_bind_text(st, 13, a->status);
}

/* Step st (bound), adding the id of each row to *ids; resets st. */
static int collect(struct db *db, struct stmt *st, long long **ids, size_t *n, size_t *alloc,
                   struct error *err)
{
    int rc;
    while ((rc = stmt_step(db, st, err)) == 1) {
        if (*n == *alloc) {
            *alloc = *alloc ? *alloc * 2 : 64;
            *ids = xrealloc(*ids, *alloc * sizeof(**ids));
        }
        (*ids)[(*n)++] = stmt_int(st, 0);
    }
    stmt_done(st);
    return rc;
}

/* A page by status: the part of the devices handed over and the part of
 * the others, in the order of the list, from the anchor's part on; the
 * offset skipped here, across the parts. */
static int status_walk(struct db *db, const struct device_query *q, int desc,
                       const struct anchor *a, long long **ids, size_t *n, size_t *alloc,
                       struct error *err)
{
    long long want = q->limit > 0 ? q->limit + q->offset : -1;
    int first = desc ? 0 : 1; /* ascending: the devices handed over first */
    int from = a->found ? strcmp(a->status, "handed_over") == 0 : first;
    int rc = 0;

    for (int k = 0; k < 2 && rc == 0; k++) {
        int held = k == 0 ? first : !first;
        if (held != from && k == 0 && a->found)
            continue; /* the anchor is in the other part, after this one */
        if (q->status && *q->status && (strcmp(q->status, "handed_over") == 0) != held)
            continue; /* a status asked for that is not this part's */
        if (want >= 0 && (long long)*n >= want)
            break;
        int anchored = a->found && held == from;
        struct stmt *st = db_stmt(db, status_walk_sql[held][desc][anchored]);
        bind_device_query(st, q);
        stmt_bind_int(st, 8, want >= 0 ? want - (long long)*n : -1);
        stmt_bind_int(st, 9, 0);
        if (anchored)
            bind_anchor(st, a);
        rc = collect(db, st, ids, n, alloc, err);
    }
    size_t skip = (size_t)q->offset < *n ? (size_t)q->offset : *n;
    if (skip) /* *ids is NULL when nothing was found */
        memmove(*ids, *ids + skip, (*n - skip) * sizeof(**ids));
    *n -= skip;
    return rc;
}

int device_store_each(struct db *db, const struct device_query *q, device_fn fn, void *arg,
                      struct error *err)
{
    int sort = q->sort >= 0 && q->sort <= 3 ? q->sort : 0;
    int desc = (q->descending != 0) != (q->reverse != 0);
    int rc = 0, stop = 0;
    long long *ids = NULL;
    size_t n = 0, alloc = 0;
    struct anchor a = {0};
    struct stmt *st;

    if (q->limit <= 0 && !q->after_id)
        return each_all(db, q, sort, desc, fn, arg, err);
    if (q->after_id) {
        /* the row to continue after; gone: from the start */
        st = db_stmt(db, "SELECT d.model, d.imei, d.id, " DEVICE_STATUS(
                             "d", "h") " FROM device d LEFT JOIN handover h ON h.device_id = d.id "
                                       "AND h.returned_on IS NULL WHERE d.id = ?");
        stmt_bind_int(st, 1, q->after_id);
        rc = stmt_step(db, st, err);
        a.found = rc == 1;
        a.model = a.found ? stmt_text_dup(st, 0) : NULL;
        a.imei = a.found ? stmt_text_dup(st, 1) : NULL;
        a.status = a.found ? stmt_text_dup(st, 3) : NULL;
        a.id = q->after_id;
        stmt_done(st);
    }
    if (rc >= 0 && sort == 2) {
        rc = status_walk(db, q, desc, &a, &ids, &n, &alloc, err);
    } else if (rc >= 0) {
        st = db_stmt(db, device_walk_sql[sort][desc][a.found]);
        bind_device_query(st, q);
        if (a.found)
            bind_anchor(st, &a);
        rc = collect(db, st, &ids, &n, &alloc, err);
    }
    free(a.model);
    free(a.imei);
    free(a.status);
    for (size_t i = 0; rc == 0 && !stop && i < n; i++) {
        struct device d;
        st = db_stmt(db, DEVICE_SELECT("WHERE d.id = ?"));
        stmt_bind_int(st, 1, ids[i]);
        rc = stmt_step(db, st, err);
        if (rc == 1) {
            device_from_row(st, &d);
            stmt_done(st);
            stop = fn(&d, arg);
            device_release(&d);
            rc = 0;
        } else {
            stmt_done(st);
        }
    }
    free(ids);
    return rc < 0 ? rc : stop;
}

int device_store_count(struct db *db, const struct device_query *q, long long *n, struct error *err)
{
    struct stmt *st;
    if ((!q->search || !*q->search) && !q->round_id && !q->district_id && !q->commune_id) {
        /* the table or one status: indexes count it. The devices handed
         * over are the open handovers (handover_open_device), and are
         * stored in stock (the schema's guards keep it so) */
        st = db_stmt(db, "SELECT (SELECT count(*) FROM device WHERE ?1 IS NULL OR status = ?1) + "
                         "CASE ?1 WHEN 'handed_over' THEN 1 WHEN 'in_stock' THEN -1 ELSE 0 END "
                         "* " OPEN_HANDOVER_COUNT);
        stmt_bind_text(st, 1, q->status && *q->status ? q->status : NULL);
        int rc = stmt_step(db, st, err);
        *n = rc == 1 ? stmt_int(st, 0) : 0;
        stmt_done(st);
        return rc < 0 ? rc : 0;
    }
    st = db_stmt(db, "SELECT count(*) FROM device d " DEVICE_JOINS DEVICE_WHERE
                     "AND ?8 = ?8 AND ?9 = ?9");
    bind_device_query(st, q);
    int rc = stmt_step(db, st, err);
    *n = rc == 1 ? stmt_int(st, 0) : 0;
    stmt_done(st);
    return rc < 0 ? rc : 0;
}
