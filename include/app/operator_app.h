/*
 * operator_app: adding the operators of a register on a server, each
 * limited by the server to its communes, or the province's; audited.
 */
#ifndef APP_OPERATOR_APP_H
#define APP_OPERATOR_APP_H

#include <stddef.h>

#include "app/app.h"

/* Add login with its communes (ids), or province: one transaction, one
 * audit entry "operator.add" (login, kind, units). */
int operator_app_add(struct app *app, const char *login, int province, const long long *units,
                     size_t n, struct error *err);

#endif
