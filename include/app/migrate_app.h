/*
 * migrate_app: moving a register from its file to a PostgreSQL server,
 * where several offices share it. The file is checked whole first; its
 * rows and audit chain are copied into an empty database (one snapshot,
 * one transaction: db_copy_to_server); the copy is checked whole on the
 * server, and both sides must hold the same number of entries, rows and
 * the same last entry. The file is left as it was.
 */
#ifndef APP_MIGRATE_APP_H
#define APP_MIGRATE_APP_H

#include "app/app.h"

struct migrate_result {
    long long entries; /* audit entries, verified on both sides */
    long long rows;    /* rows that match the log, on both sides */
    long long head_id; /* the last entry, the same on both sides */
    char head[65];     /* its hash */
};

/* 0 with *res filled, or an ERR_* with err naming what stopped the move
 * (a check that fails on either side names the side). report gets the
 * lines of each check, as check_app_run gives them. */
int migrate_app_to_server(struct app *app, const char *address,
                          void (*report)(const char *line, void *arg), void *arg,
                          struct migrate_result *res, struct error *err);

#endif
