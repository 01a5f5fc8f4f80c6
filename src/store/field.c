/*
 * field: what the store derives from a record kind's field table (see
 * include/store/field.h): the statements that read, insert and update a
 * row, the row reader and the binds, the release, and the audit image.
 *
 * The statements are made from the table once per process and kept in the
 * kind (record_sql), so that db_stmt, which caches statements by the
 * address of their text, prepares each once per connection. Their text is
 * made of the table's column names and the caller's literal pieces only,
 * never of a value: values are bound.
 */
#include "store/field.h"
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define MAX_SELECTS 16
#define MAX_IMAGES 4

struct record_sql {
    struct {
        const char *suffix;
        char *sql;
    } select[MAX_SELECTS];
    size_t n_select;
    const char *insert_extra;
    char *insert;
    char *insert_returning; /* the same with RETURNING id, for a server */
    const char *update_extra;
    char *update;
    struct {
        int version;
        char *sql;
    } image[MAX_IMAGES];
    size_t n_image;
    char *snapshot;
    char *by_id; /* record_get's suffix */
};

static struct record_sql *sql_of(struct record_kind *k)
{
    if (!k->sql)
        k->sql = xcalloc(1, sizeof(*k->sql));
    return k->sql;
}

const struct field *record_field(const struct record_kind *k, const char *key)
{
    for (size_t i = 0; i < k->n_fields; i++)
        if (strcmp(k->fields[i].key, key) == 0)
            return &k->fields[i];
    return NULL;
}

const struct field *record_input_field(const struct record_kind *k, const char *name)
{
    for (size_t i = 0; i < k->n_fields; i++)
        if (k->fields[i].input != FIELD_NO_INPUT && strcmp(field_name(&k->fields[i]), name) == 0)
            return &k->fields[i];
    return NULL;
}

void record_release(const struct record_kind *k, void *rec, size_t size)
{
    for (size_t i = 0; i < k->n_fields; i++)
        if (k->fields[i].type == FT_TEXT && (k->fields[i].flags & FIELD_READ))
            free(*(char **)((char *)rec + k->fields[i].offset));
    memset(rec, 0, size);
}

int record_equal(const struct record_kind *k, const void *a, const void *b)
{
    for (size_t i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        const char *x = (const char *)a + f->offset, *y = (const char *)b + f->offset;
        if ((f->flags & (FIELD_AUDIT | FIELD_READ)) != (FIELD_AUDIT | FIELD_READ))
            continue;
        switch (f->type) {
        case FT_TEXT: {
            const char *s = *(char *const *)x, *t = *(char *const *)y;
            if (s != t && (!s || !t || strcmp(s, t) != 0))
                return 0;
            break;
        }
        case FT_INT:
            if (*(const int *)x != *(const int *)y)
                return 0;
            break;
        case FT_ID:
            if (*(const long long *)x != *(const long long *)y)
                return 0;
            break;
        case FT_CHAR:
            if (*x != *y)
                return 0;
            break;
        case FT_NONE:
            break;
        }
    }
    return 1;
}

const char *record_select(struct record_kind *k, const char *suffix)
{
    struct record_sql *s = sql_of(k);
    for (size_t i = 0; i < s->n_select; i++)
        if (s->select[i].suffix == suffix || strcmp(s->select[i].suffix, suffix) == 0)
            return s->select[i].sql;
    if (s->n_select == MAX_SELECTS)
        die("record_select: more than %d reads of %s", MAX_SELECTS, k->table);

    struct strbuf sb = STRBUF_INIT;
    const char *sep = "";
    strbuf_addstr(&sb, "SELECT ");
    for (size_t i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        if (!(f->flags & FIELD_READ))
            continue;
        strbuf_addstr(&sb, sep);
        if (f->expr) {
            strbuf_addstr(&sb, f->expr);
        } else {
            strbuf_addstr(&sb, k->alias);
            strbuf_addch(&sb, '.');
            strbuf_addstr(&sb, f->key);
        }
        sep = ", ";
    }
    strbuf_addch(&sb, ' ');
    strbuf_addstr(&sb, k->from);
    strbuf_addch(&sb, ' ');
    strbuf_addstr(&sb, suffix);
    s->select[s->n_select].suffix = suffix;
    s->select[s->n_select].sql = strbuf_detach(&sb, NULL);
    return s->select[s->n_select++].sql;
}

int record_from_row(const struct record_kind *k, struct stmt *st, void *rec)
{
    int col = 0;
    for (size_t i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        void *v = (char *)rec + f->offset;
        if (!(f->flags & FIELD_READ))
            continue;
        switch (f->type) {
        case FT_TEXT:
            *(char **)v = stmt_text_dup_or_null(st, col);
            break;
        case FT_INT:
            *(int *)v = stmt_is_null(st, col) && (f->flags & FIELD_MINUS_NULL)
                            ? -1
                            : (int)stmt_int(st, col);
            break;
        case FT_ID:
            *(long long *)v =
                stmt_is_null(st, col) && (f->flags & FIELD_MINUS_NULL) ? -1 : stmt_int(st, col);
            break;
        case FT_CHAR:
            *(char *)v = stmt_text(st, col)[0];
            break;
        case FT_NONE:
            continue;
        }
        col++;
    }
    return col;
}

/* Step st, bound to the id of a row of k: 0 with the row, ERR_NOT_FOUND
 * (k's missing message) without, or a negative ERR_*. */
static int one_row(struct db *db, const struct record_kind *k, struct stmt *st, long long id,
                   struct error *err)
{
    int rc = stmt_step(db, st, err);
    if (rc != 0)
        return rc == 1 ? 0 : rc;
    if (!k->missing)
        die("%s: no message for a missing row", k->table);
    error_set(err, ERR_NOT_FOUND, _(k->missing), id);
    return err ? db_not_seen(db, err) : ERR_NOT_FOUND;
}

int record_get(struct db *db, struct record_kind *k, long long id, void *rec, size_t size,
               struct error *err)
{
    struct record_sql *s = sql_of(k);
    if (!s->by_id) {
        struct strbuf sb = STRBUF_INIT;
        strbuf_addstr(&sb, "WHERE ");
        strbuf_addstr(&sb, k->alias);
        strbuf_addstr(&sb, ".id = ?");
        s->by_id = strbuf_detach(&sb, NULL);
    }
    struct stmt *st = db_stmt(db, record_select(k, s->by_id));
    memset(rec, 0, size);
    stmt_bind_int(st, 1, id);
    int rc = one_row(db, k, st, id, err);
    if (rc == 0)
        record_from_row(k, st, rec);
    stmt_done(st);
    return rc;
}

/* The columns an insert or an update writes: FIELD_COLUMN, in table order. */
static void add_columns(struct strbuf *sb, const struct record_kind *k, const char *after)
{
    const char *sep = "";
    int n = 0;
    for (size_t i = 0; i < k->n_fields; i++) {
        if (!(k->fields[i].flags & FIELD_COLUMN))
            continue;
        strbuf_addstr(sb, sep);
        strbuf_addstr(sb, k->fields[i].key);
        if (after) {
            strbuf_addstr(sb, after);
            strbuf_addf(sb, "%d", ++n);
        }
        sep = ", ";
    }
}

const char *record_insert_sql(struct db *db, struct record_kind *k, const char *extra_cols,
                              const char *extra_values)
{
    struct record_sql *s = sql_of(k);
    if (s->insert) {
        if (s->insert_extra != extra_cols)
            die("record_insert_sql: %s inserted two ways", k->table);
        return db->pg && s->insert_returning ? s->insert_returning : s->insert;
    }
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "INSERT INTO ");
    strbuf_addstr(&sb, k->table);
    strbuf_addch(&sb, '(');
    add_columns(&sb, k, NULL);
    if (extra_cols) {
        strbuf_addstr(&sb, ", ");
        strbuf_addstr(&sb, extra_cols);
    }
    strbuf_addstr(&sb, ") VALUES (");
    int n = 0;
    for (size_t i = 0; i < k->n_fields; i++) {
        if (k->fields[i].flags & FIELD_COLUMN) {
            n++;
            strbuf_addf(&sb, "%s?%d", n > 1 ? ", " : "", n);
        }
    }
    if (extra_cols) {
        strbuf_addstr(&sb, ", ");
        strbuf_addstr(&sb, extra_values);
    }
    strbuf_addch(&sb, ')');
    s->insert_extra = extra_cols;
    s->insert = strbuf_detach(&sb, NULL);
    /* on a server the new row's id in the same round trip (stmt_insert);
     * a file gives it without a statement, and RETURNING costs it 6% of a
     * handover */
    if (!k->where)
        s->insert_returning = xasprintf("%s RETURNING id", s->insert);
    return db->pg && s->insert_returning ? s->insert_returning : s->insert;
}

int record_insert(struct db *db, struct record_kind *k, const void *rec, long long *id,
                  struct error *err)
{
    struct stmt *st = db_stmt(db, record_insert_sql(db, k, NULL, NULL));
    record_bind(k, st, rec);
    return stmt_insert(db, st, id, err);
}

const char *record_update_sql(struct record_kind *k, const char *extra_sets)
{
    struct record_sql *s = sql_of(k);
    if (s->update) {
        if (s->update_extra != extra_sets)
            die("record_update_sql: %s updated two ways", k->table);
        return s->update;
    }
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "UPDATE ");
    strbuf_addstr(&sb, k->table);
    strbuf_addstr(&sb, " SET ");
    add_columns(&sb, k, " = ?");
    strbuf_addstr(&sb, ", ");
    strbuf_addstr(&sb, extra_sets);
    s->update_extra = extra_sets;
    s->update = strbuf_detach(&sb, NULL);
    return s->update;
}

int record_bind(const struct record_kind *k, struct stmt *st, const void *rec)
{
    int n = 0;
    for (size_t i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        const void *v = (const char *)rec + f->offset;
        long long x;
        if (!(f->flags & FIELD_COLUMN))
            continue;
        n++;
        switch (f->type) {
        case FT_TEXT:
            stmt_bind_text_or_null(st, n, *(char *const *)v);
            continue;
        case FT_CHAR: {
            char c[2] = {*(const char *)v, 0};
            stmt_bind_text(st, n, c);
            continue;
        }
        case FT_INT:
            x = *(const int *)v;
            break;
        case FT_ID:
            x = *(const long long *)v;
            break;
        case FT_NONE:
        default:
            die("record_bind: %s.%s has no type", k->table, f->key);
        }
        long long null_value = (f->flags & FIELD_MINUS_NULL) ? -1 : 0;
        stmt_bind_int_or_null(st, n, x,
                              (f->flags & (FIELD_ZERO_NULL | FIELD_MINUS_NULL)) && x == null_value);
    }
    return n;
}

const char *record_image_sql(struct record_kind *k, int version)
{
    struct record_sql *s = sql_of(k);
    for (size_t i = 0; i < s->n_image; i++)
        if (s->image[i].version == version)
            return s->image[i].sql;
    if (s->n_image == MAX_IMAGES)
        die("record_image_sql: more than %d images of %s", MAX_IMAGES, k->table);

    struct strbuf sb = STRBUF_INIT;
    const char *sep = "";
    strbuf_addstr(&sb, "json_object(");
    for (size_t i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        if (!(f->flags & FIELD_AUDIT) || f->since > version)
            continue;
        strbuf_addstr(&sb, sep);
        strbuf_addch(&sb, '\'');
        strbuf_addstr(&sb, f->key);
        strbuf_addstr(&sb, "', ");
        strbuf_addstr(&sb, f->image ? f->image : f->key);
        sep = ", ";
    }
    strbuf_addch(&sb, ')');
    s->image[s->n_image].version = version;
    s->image[s->n_image].sql = strbuf_detach(&sb, NULL);
    return s->image[s->n_image++].sql;
}

const char *record_snapshot_sql(struct record_kind *k)
{
    struct record_sql *s = sql_of(k);
    if (!s->snapshot) {
        struct strbuf sb = STRBUF_INIT;
        strbuf_addstr(&sb, "SELECT ");
        strbuf_addstr(&sb, record_image_sql(k, db_schema_version()));
        strbuf_addstr(&sb, " FROM ");
        strbuf_addstr(&sb, k->table);
        strbuf_addstr(&sb, " t WHERE ");
        strbuf_addstr(&sb, k->where ? k->where : "id = ?1");
        s->snapshot = strbuf_detach(&sb, NULL);
    }
    return s->snapshot;
}

int record_snapshot(struct db *db, struct record_kind *k, long long id, char **out,
                    struct error *err)
{
    struct stmt *st = db_stmt(db, record_snapshot_sql(k));
    stmt_bind_int(st, 1, id);
    int rc = one_row(db, k, st, id, err);
    *out = rc == 0 ? stmt_text_dup(st, 0) : NULL;
    stmt_done(st);
    return rc;
}
