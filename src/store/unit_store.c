/* unit_store: administrative units and ethnic groups; see include/store/unit_store.h. */
#include "store/unit_store.h"
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"

void unit_release(struct unit *u)
{
    record_release(&unit_kind, u, sizeof(*u));
}

void unit_list_release(struct unit_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        unit_release(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

/* "SELECT <the unit's columns> FROM ... <suffix>" (suffix: a literal) */
#define UNIT_SELECT(suffix) record_select(&unit_kind, suffix)

static void unit_from_row(struct stmt *st, struct unit *u)
{
    record_from_row(&unit_kind, st, u);
}

static int collect(struct db *db, struct stmt *st, struct unit_list *out, struct error *err)
{
    size_t alloc = 0;
    int rc;

    out->items = NULL;
    out->n = 0;
    while ((rc = stmt_step(db, st, err)) == 1) {
        if (out->n == alloc) {
            alloc = alloc ? alloc * 2 : 16;
            out->items = xrealloc(out->items, alloc * sizeof(*out->items));
        }
        memset(&out->items[out->n], 0, sizeof(struct unit));
        unit_from_row(st, &out->items[out->n++]);
    }
    stmt_done(st);
    if (rc < 0) {
        unit_list_release(out);
        return rc;
    }
    return 0;
}

int unit_store_insert(struct db *db, const char *level, const char *code, const char *name,
                      const char *kind, long long parent_id, const char *valid_from,
                      const char *valid_to, long long *id, struct error *err)
{
    /* the row as the table binds it: borrowed strings, nothing freed */
    const struct unit u = {.level = (char *)level,
                           .code = (char *)code,
                           .name = (char *)name,
                           .kind = (char *)kind,
                           .parent_id = parent_id,
                           .valid_from = (char *)valid_from,
                           .valid_to = (char *)valid_to};
    struct stmt *st = db_stmt(db, record_insert_sql(db, &unit_kind, "name_fold", "?"));
    char *fold = text_fold(name);
    int n = record_bind(&unit_kind, st, &u);
    stmt_bind_text(st, n + 1, fold);
    int rc = stmt_insert(db, st, id, err);
    free(fold);
    return rc;
}

/* The id in the first row of st into *id: 1, 0 when there is none, or a
 * negative ERR_*. */
static int one_id(struct db *db, struct stmt *st, long long *id, struct error *err)
{
    int rc = stmt_step(db, st, err);
    *id = rc == 1 ? stmt_int(st, 0) : 0;
    stmt_done(st);
    return rc;
}

int unit_store_find_code(struct db *db, const char *level, const char *code, const char *valid_from,
                         long long *id, struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT id FROM unit WHERE level = ? AND code = ? AND "
                                  "(valid_from = ? OR (valid_from IS NULL AND ? IS NULL))");
    stmt_bind_text(st, 1, level);
    stmt_bind_text(st, 2, code);
    stmt_bind_text(st, 3, valid_from);
    stmt_bind_text(st, 4, valid_from);
    int rc = one_id(db, st, id, err);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("no unit with code '%s'"), error_quote(code));
    return rc < 0 ? rc : 0;
}

int unit_store_find_name(struct db *db, const char *level, const char *name_fold,
                         long long parent_id, struct unit_list *out, struct error *err)
{
    struct stmt *st =
        db_stmt(db, UNIT_SELECT("WHERE u.level = ? AND u.name_fold = ? AND "
                                "(? = 0 OR u.parent_id = ?) ORDER BY u.valid_from, u.id"));
    stmt_bind_text(st, 1, level);
    stmt_bind_text(st, 2, name_fold);
    stmt_bind_int(st, 3, parent_id);
    stmt_bind_int(st, 4, parent_id);
    return collect(db, st, out, err);
}

int unit_store_list(struct db *db, const char *level, long long parent_id, struct unit_list *out,
                    struct error *err)
{
    struct stmt *st = db_stmt(db, UNIT_SELECT("WHERE u.level = ? AND (? = 0 OR u.parent_id = ?) "
                                              "ORDER BY u.name COLLATE vi, u.id"));
    stmt_bind_text(st, 1, level);
    stmt_bind_int(st, 2, parent_id);
    stmt_bind_int(st, 3, parent_id);
    return collect(db, st, out, err);
}

int unit_store_get(struct db *db, long long id, struct unit *out, struct error *err)
{
    return record_get(db, &unit_kind, id, out, sizeof(*out), err);
}

int unit_store_sees(struct db *db, long long id, struct error *err)
{
    /* a file, or a role not limited to some communes, sees every unit */
    if (!db->pg || db_sees_all(db))
        return 1;
    long long sees = 0;
    struct stmt *st = db_stmt(db, "SELECT capphat_sees(?)");
    stmt_bind_int(st, 1, id);
    int rc = stmt_step(db, st, err);
    if (rc == 1)
        sees = stmt_int(st, 0);
    stmt_done(st);
    return rc < 0 ? rc : sees != 0;
}

int unit_store_village(struct db *db, long long commune_id, const char *name, int create,
                       long long *id, struct error *err)
{
    char *fold = text_fold(name);
    struct stmt *st = db_stmt(db, "SELECT id FROM unit WHERE level = 'village' AND parent_id = ? "
                                  "AND name_fold = ?");
    int rc;

    *id = 0;
    stmt_bind_int(st, 1, commune_id);
    stmt_bind_text(st, 2, fold);
    rc = stmt_step(db, st, err);
    if (rc == 1)
        *id = stmt_int(st, 0);
    stmt_done(st);
    free(fold);
    if (rc < 0)
        return rc;
    if (*id || !create)
        return 0;
    return unit_store_insert(db, "village", NULL, name, "Thôn", commune_id, NULL, NULL, id, err);
}

int unit_store_add_successor(struct db *db, long long old_id, long long new_id,
                             const char *effective, struct error *err)
{
    struct stmt *st = db_stmt(db, "INSERT INTO unit_successor(old_id, new_id, effective) "
                                  "VALUES (?,?,?) ON CONFLICT DO NOTHING");
    stmt_bind_int(st, 1, old_id);
    stmt_bind_int(st, 2, new_id);
    stmt_bind_text(st, 3, effective);
    return stmt_exec(db, st, err);
}

int unit_store_successor_at(struct db *db, long long id, const char *date, long long *to,
                            struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT new_id FROM unit_successor WHERE old_id = ? AND "
                                  "effective <= ? ORDER BY effective DESC LIMIT 1");
    char shown[11];
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, date);
    int rc = one_id(db, st, to, err);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("no unit had replaced unit %lld by %s"), id,
                         date_display(date, shown));
    return rc < 0 ? rc : 0;
}

int unit_store_predecessors(struct db *db, long long id, struct unit_list *out, struct error *err)
{
    struct stmt *st = db_stmt(db, UNIT_SELECT("JOIN unit_successor s ON s.old_id = u.id "
                                              "WHERE s.new_id = ? ORDER BY p.name COLLATE vi, "
                                              "u.name COLLATE vi, u.id"));
    stmt_bind_int(st, 1, id);
    return collect(db, st, out, err);
}

int unit_store_count_successors(struct db *db, long long *n, struct error *err)
{
    return db_int(db, "SELECT count(*) FROM unit_successor", n, err);
}

int unit_store_count_valid(struct db *db, const char *level, const char *date, long long *n,
                           struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT count(*) FROM unit WHERE level = ?1 AND "
                                  "(valid_from IS NULL OR valid_from <= ?2) AND "
                                  "(valid_to IS NULL OR valid_to > ?2)");
    stmt_bind_text(st, 1, level);
    stmt_bind_text(st, 2, date);
    int rc = one_id(db, st, n, err);
    return rc < 0 ? rc : 0;
}

int unit_store_count(struct db *db, const char *level, long long *n, struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT count(*) FROM unit WHERE level = ?");
    stmt_bind_text(st, 1, level);
    int rc = one_id(db, st, n, err);
    return rc < 0 ? rc : 0;
}

int ethnic_store_insert(struct db *db, const char *code, const char *code_list, const char *name,
                        long long *id, struct error *err)
{
    struct stmt *st = db_stmt(db, "INSERT INTO ethnic_group(code, code_list, name, name_fold) "
                                  "VALUES (?,?,?,?)");
    char *fold = text_fold(name);
    stmt_bind_text(st, 1, code);
    stmt_bind_text(st, 2, code_list);
    stmt_bind_text(st, 3, name);
    stmt_bind_text(st, 4, fold);
    int rc = stmt_exec(db, st, err);
    free(fold);
    if (rc == 0 && id)
        *id = db_last_id(db);
    return rc;
}

int ethnic_store_add_alias(struct db *db, long long ethnic_id, const char *alias, struct error *err)
{
    struct stmt *st = db_stmt(db, "INSERT INTO ethnic_alias(alias_fold, ethnic_id, alias) "
                                  "VALUES (?,?,?) ON CONFLICT DO NOTHING");
    char *fold = text_fold(alias);
    stmt_bind_text(st, 1, fold);
    stmt_bind_int(st, 2, ethnic_id);
    stmt_bind_text(st, 3, alias);
    int rc = stmt_exec(db, st, err);
    free(fold);
    return rc;
}

int ethnic_store_find(struct db *db, const char *name_fold, long long *id, struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT id FROM ethnic_group WHERE name_fold = ? UNION ALL "
                                  "SELECT ethnic_id FROM ethnic_alias WHERE alias_fold = ? "
                                  "LIMIT 1");
    stmt_bind_text(st, 1, name_fold);
    stmt_bind_text(st, 2, name_fold);
    int rc = one_id(db, st, id, err);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("no ethnic group named '%s'"),
                         error_quote(name_fold));
    return rc < 0 ? rc : 0;
}

int ethnic_store_find_code(struct db *db, const char *code_list, const char *code, long long *id,
                           struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT id FROM ethnic_group WHERE code_list = ? AND code = ?");
    stmt_bind_text(st, 1, code_list);
    stmt_bind_text(st, 2, code);
    int rc = one_id(db, st, id, err);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("no ethnic group with code '%s' in list %s"),
                         error_quote(code), code_list);
    return rc < 0 ? rc : 0;
}

int ethnic_store_list(struct db *db, struct unit_list *out, struct error *err)
{
    /* into the columns of a unit's read (unit_kind): its code list as the kind */
    struct stmt *st = db_stmt(db, "SELECT id, 'ethnic', code, name, code_list, 0, NULL, NULL, "
                                  "NULL, NULL, NULL FROM ethnic_group ORDER BY name COLLATE vi");
    return collect(db, st, out, err);
}

int ethnic_store_count(struct db *db, long long *n, struct error *err)
{
    return db_int(db, "SELECT count(*) FROM ethnic_group", n, err);
}

int ethnic_store_get_name(struct db *db, long long id, char **name, struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT name FROM ethnic_group WHERE id = ?");
    stmt_bind_int(st, 1, id);
    int rc = stmt_step(db, st, err);
    *name = rc == 1 ? stmt_text_dup(st, 0) : NULL;
    stmt_done(st);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("no ethnic group %lld"), id);
    return rc < 0 ? rc : 0;
}

int ethnic_store_rename(struct db *db, long long id, const char *name, struct error *err)
{
    struct stmt *st = db_stmt(db, "UPDATE ethnic_group SET name = ?, name_fold = ? WHERE id = ?");
    char *fold = text_fold(name);
    stmt_bind_text(st, 1, name);
    stmt_bind_text(st, 2, fold);
    stmt_bind_int(st, 3, id);
    int rc = stmt_exec(db, st, err);
    free(fold);
    return rc;
}
