/*
 * tui: the full-screen program. Until its screens exist, it opens (and on
 * first start creates) the database and prints what is in it.
 */
#include "tui/tui.h"

#include <stdio.h>

#include "app/app.h"
#include "core/i18n.h"
#include "store/db.h"
#include "store/device_store.h"
#include "store/person_store.h"
#include "store/unit_store.h"

int tui_main(const char *db_path)
{
    struct app app;
    struct error err = ERROR_INIT;
    int created = 0;
    long long persons = 0, devices = 0;
    struct person_query pq = {.active = -1};
    struct device_query dq = {0};

    if (app_open(&app, db_path, DB_OPEN_CREATE, &created, &err) != 0) {
        fprintf(stderr, "capphat: %s\n", error_msg(&err));
        error_clear(&err);
        return 1;
    }
    person_store_count(app.db, &pq, &persons, NULL);
    device_store_count(app.db, &dq, &devices, NULL);
    printf(_("database: %s%s\n"), db_path, created ? _(" (new)") : "");
    printf(_("districts: %lld, communes: %lld, ethnic groups: %lld\n"),
           unit_store_count(app.db, "district"), unit_store_count(app.db, "commune"),
           ethnic_store_count(app.db));
    printf(_("persons: %lld, devices: %lld\n"), persons, devices);
    app_close(&app);
    return 0;
}
