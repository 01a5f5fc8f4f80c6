/*
 * operator_store: the operators of a register on a PostgreSQL server,
 * each a role of the server: a commune operator (member of
 * capphat_commune) sees and changes only the units operator_unit lists
 * for it; a province operator (capphat_province) sees everything.
 * schema_pg.c keeps the roles, the table and the policies.
 */
#ifndef STORE_OPERATOR_STORE_H
#define STORE_OPERATOR_STORE_H

#include <stddef.h>

#include "core/error.h"

struct db;

/* Make the role login (it can log in; its password is set by the server's
 * administrator) with its units (ids of communes), or province; a role the
 * server has already (an operator of another register on it, a login made
 * by its administrator) is given them, and a commune operator more units.
 * In the caller's transaction. ERR_INVALID on a register file or a login
 * that is not a plain name; ERR_CONFLICT for a superuser, or a role that
 * is the other kind of operator. */
int operator_store_add(struct db *db, const char *login, int province, const long long *units,
                       size_t n, struct error *err);

/* Each operator of the register: its login, "province" or "commune", and
 * for a commune operator one call per unit (unit id, name). */
typedef int (*operator_fn)(const char *login, const char *kind, long long unit_id, const char *unit,
                           void *arg);
int operator_store_each(struct db *db, operator_fn fn, void *arg, struct error *err);

#endif
