/*
 * overview_store: the counts of the Overview screen, per district of 2023
 * (the one each commune lies in, also a commune of 2025) and in total, read in a few aggregate
 * queries so that the screen opens at once on 100,000 persons.
 */
#ifndef STORE_OVERVIEW_STORE_H
#define STORE_OVERVIEW_STORE_H

#include <stddef.h>

#include "core/error.h"

struct db;

struct overview_row {
    long long unit_id;           /* 0: communes of 2025 made from communes of two districts */
    char *name;                  /* the district of 2023, "" for unit_id 0 */
    long long people;            /* active persons */
    long long handed;            /* devices held (open handovers) */
    long long repair_lost;       /* devices under repair or lost, last held here */
    long long trained;           /* active persons who attended a session */
    long long untrained;         /* holders of a device never trained */
    long long unsigned_receipts; /* open handovers whose paper is not signed back */
};

struct overview {
    struct overview_row *rows;
    size_t n;
    struct overview_row total; /* name NULL */
    long long devices, in_stock, handed_over, repair, lost, written_off;
    long long sessions;
};

/* Fill o (release with overview_release). Returns 0 or ERR_*. */
int overview_store_load(struct db *db, struct overview *o, struct error *err);
void overview_release(struct overview *o);

/*
 * The records of the register a database holds: persons, devices,
 * handovers, training sessions and rounds, in one sum (0 for a database
 * that holds only reference data and settings). Returns 0 or ERR_*.
 */
int overview_store_records(struct db *db, long long *n, struct error *err);

/* SQLite's data_version into *v: it changes when another connection (a
 * second operator) commits, so that the screens can read again. Returns 0,
 * or the database error. */
int overview_store_data_version(struct db *db, long long *v, struct error *err);

#endif
