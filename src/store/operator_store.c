/* operator_store: the roles of a register on a server; see
 * include/store/operator_store.h. */
#include "store/operator_store.h"
#include "store_internal.h"

#include <string.h>

#include "core/i18n.h"
#include "core/strbuf.h"

/* A role name capphat makes: a letter or _, then letters, digits, _. */
static int plain_login(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 63 || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return 0;
    return strncmp(s, "pg_", 3) != 0 && strncmp(s, "capphat_", 8) != 0;
}

int operator_store_add(struct db *db, const char *login, int province, const long long *units,
                       size_t n, struct error *err)
{
    long long exists;
    int rc;

    if (!db->pg)
        return error_set_field(err, ERR_INVALID, "login",
                               _("operators are roles of a PostgreSQL server: a register file "
                                 "records each operator's login instead"));
    if (!plain_login(login))
        return error_set_field(err, ERR_INVALID, "login",
                               _("login '%s' is not a plain name: lower-case letters, digits "
                                 "and _, starting with a letter, up to 63, not pg_… nor "
                                 "capphat_…"),
                               error_quote(login));
    /* a role of the server already (roles are the whole server's: an
     * operator of another register on it, or a login its administrator
     * made) is made an operator of this register as it is */
    struct stmt *st = db_stmt(
        db, "SELECT count(*), coalesce(bool_or(rolsuper), false)::int, "
            "coalesce(bool_or(pg_has_role(rolname, 'capphat_commune', 'MEMBER')), false)::int, "
            "coalesce(bool_or(pg_has_role(rolname, 'capphat_province', 'MEMBER')), false)::int "
            "FROM pg_roles WHERE rolname = ?1");
    long long super = 0, commune = 0, prov = 0;
    stmt_bind_text(st, 1, login);
    rc = stmt_step(db, st, err);
    if (rc == 1) {
        exists = stmt_int(st, 0);
        super = stmt_int(st, 1);
        commune = stmt_int(st, 2);
        prov = stmt_int(st, 3);
    } else {
        exists = 0;
    }
    stmt_done(st);
    if (rc < 0)
        return rc;
    if (super)
        return error_set_field(err, ERR_CONFLICT, "login",
                               _("login '%s' is a superuser of the server: it sees and changes "
                                 "everything, and cannot be limited to communes"),
                               error_quote(login));
    if ((province && commune) || (!province && prov))
        return error_set_field(err, ERR_CONFLICT, "login",
                               province ? _("login '%s' is a commune operator on this server "
                                            "(of this or another register): a role is one or "
                                            "the other; choose another login")
                                        : _("login '%s' is a province operator on this server "
                                            "(of this or another register): a role is one or "
                                            "the other; choose another login"),
                               error_quote(login));
    /* a plain name (checked above) needs no quoting */
    struct strbuf sql = STRBUF_INIT;
    const char *role = province ? "capphat_province" : "capphat_commune";
    if (exists) {
        strbuf_addstr(&sql, "GRANT ");
        strbuf_addstr(&sql, role);
        strbuf_addstr(&sql, " TO ");
        strbuf_addstr(&sql, login);
    } else {
        strbuf_addstr(&sql, "CREATE ROLE ");
        strbuf_addstr(&sql, login);
        strbuf_addstr(&sql, " LOGIN IN ROLE ");
        strbuf_addstr(&sql, role);
    }
    rc = db_exec(db, sql.buf, err);
    strbuf_release(&sql);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        st = db_stmt(db, "INSERT INTO operator_unit(role, unit_id) VALUES (?1, ?2) "
                         "ON CONFLICT DO NOTHING");
        stmt_bind_text(st, 1, login);
        stmt_bind_int(st, 2, units[i]);
        rc = stmt_exec(db, st, err);
    }
    return rc;
}

int operator_store_each(struct db *db, operator_fn fn, void *arg, struct error *err)
{
    if (!db->pg)
        return 0;
    struct stmt *st = db_stmt(
        db, "SELECT r.rolname, CASE WHEN pg_has_role(r.rolname, 'capphat_province', 'MEMBER') "
            "THEN 'province' ELSE 'commune' END, coalesce(o.unit_id, 0), coalesce(u.name, '') "
            "FROM pg_roles r LEFT JOIN operator_unit o ON o.role = r.rolname "
            "LEFT JOIN unit u ON u.id = o.unit_id "
            "WHERE r.rolcanlogin AND NOT r.rolsuper AND (pg_has_role(r.rolname, 'capphat_commune', "
            "'MEMBER') OR "
            "pg_has_role(r.rolname, 'capphat_province', 'MEMBER')) "
            "ORDER BY r.rolname, u.name COLLATE vi");
    int rc, stop = 0;
    while ((rc = stmt_step(db, st, err)) == 1 &&
           !(stop = fn(stmt_text(st, 0), stmt_text(st, 1), stmt_int(st, 2), stmt_text(st, 3), arg)))
        ;
    stmt_done(st);
    return rc < 0 ? rc : stop;
}
