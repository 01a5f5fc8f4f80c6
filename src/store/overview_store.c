/*
 * overview_store: aggregate counts for the Overview screen (see
 * overview_store.h). Read-only.
 */
#include "store/overview_store.h"

#include <stdlib.h>
#include <string.h>

#include "core/states.h"
#include "core/xalloc.h"
#include "store_internal.h"

/*
 * Each commune with the district of 2023 it lies in — the unit above it, or
 * for a commune of 2025 (which has none) the district all its old communes
 * were in, NULL when they were in two — so that the counts stay by the
 * districts the rounds were planned in, before and after 1 July 2025.
 */
#define OLD_DISTRICT                                                                               \
    "WITH cd(cid, did) AS (SELECT c.id, CASE WHEN pa.level = 'district' THEN pa.id ELSE "          \
    "(SELECT CASE WHEN count(DISTINCT o.parent_id) = 1 THEN min(o.parent_id) END "                 \
    "FROM unit_successor s JOIN unit o ON o.id = s.old_id WHERE s.new_id = c.id) END "             \
    "FROM unit c LEFT JOIN unit pa ON pa.id = c.parent_id WHERE c.level = 'commune') "

/* Each count is one grouped scan (no per-person subquery), so that the
 * screen opens at once on 100,000 persons. */
static const char people_sql[] = OLD_DISTRICT
    "SELECT ifnull(cd.did, 0), ifnull(g.name, ''), count(*) FROM person p"
    " JOIN cd ON cd.cid = p.commune_id LEFT JOIN unit g ON g.id = cd.did WHERE p.active = 1"
    " GROUP BY cd.did, g.name ORDER BY cd.did IS NULL, g.name COLLATE vi";

/* open handovers of active persons: devices held, receipts not signed, and
 * holders never trained */
static const char handed_sql[] = OLD_DISTRICT
    "SELECT ifnull(cd.did, 0), count(*), sum(h.signed_on IS NULL),"
    " sum(h.person_id NOT IN (SELECT person_id FROM attendance))"
    " FROM handover h JOIN person p ON p.id = h.person_id JOIN cd ON cd.cid = p.commune_id"
    " WHERE h.returned_on IS NULL AND p.active = 1 GROUP BY cd.did";

static const char trained_sql[] = OLD_DISTRICT
    "SELECT ifnull(cd.did, 0), count(*) FROM person p"
    " JOIN cd ON cd.cid = p.commune_id"
    " WHERE p.active = 1 AND p.id IN (SELECT person_id FROM attendance) GROUP BY cd.did";

/* devices under repair or lost, by the unit of their last holder */
static const char repair_sql[] =
    OLD_DISTRICT "SELECT ifnull(cd.did, 0), count(*) FROM device d"
                 " JOIN handover h ON h.id = (SELECT max(id) FROM handover WHERE device_id = d.id)"
                 " JOIN person p ON p.id = h.person_id JOIN cd ON cd.cid = p.commune_id"
                 " WHERE d.status IN ('repair', 'lost') GROUP BY cd.did";

/* devices by status, counted by indexes: the open handovers are the
 * devices handed over, stored in stock (the schema's guards keep it so) */
static const char status_sql[] =
    "SELECT status, count(*) - CASE status WHEN 'in_stock' THEN " OPEN_HANDOVER_COUNT
    " ELSE 0 END FROM device GROUP BY status UNION ALL SELECT 'handed_over', " OPEN_HANDOVER_COUNT;

static const char sessions_sql[] = "SELECT count(*) FROM training_session";

static struct overview_row *row_of(struct overview *o, long long unit)
{
    for (size_t i = 0; i < o->n; i++)
        if (o->rows[i].unit_id == unit)
            return &o->rows[i];
    return NULL;
}

int overview_store_load(struct db *db, struct overview *o, struct error *err)
{
    struct stmt *st = db_stmt(db, people_sql);
    size_t alloc = 0;
    int rc;

    memset(o, 0, sizeof *o);
    while ((rc = stmt_step(db, st, err)) == 1) {
        if (o->n == alloc) {
            alloc = alloc ? alloc * 2 : 16;
            o->rows = xrealloc(o->rows, alloc * sizeof *o->rows);
        }
        struct overview_row *r = &o->rows[o->n++];
        memset(r, 0, sizeof *r);
        r->unit_id = stmt_int(st, 0);
        r->name = stmt_text_dup(st, 1);
        r->people = stmt_int(st, 2);
    }
    stmt_done(st);
    if (rc < 0)
        return rc;

    st = db_stmt(db, handed_sql);
    while ((rc = stmt_step(db, st, err)) == 1) {
        struct overview_row *r = row_of(o, stmt_int(st, 0));
        if (r) {
            r->handed = stmt_int(st, 1);
            r->unsigned_receipts = stmt_int(st, 2);
            r->untrained = stmt_int(st, 3);
        }
    }
    stmt_done(st);
    if (rc < 0)
        return rc;

    st = db_stmt(db, trained_sql);
    while ((rc = stmt_step(db, st, err)) == 1) {
        struct overview_row *r = row_of(o, stmt_int(st, 0));
        if (r)
            r->trained = stmt_int(st, 1);
    }
    stmt_done(st);
    if (rc < 0)
        return rc;

    st = db_stmt(db, repair_sql);
    while ((rc = stmt_step(db, st, err)) == 1) {
        struct overview_row *r = row_of(o, stmt_int(st, 0));
        if (r)
            r->repair_lost = stmt_int(st, 1);
    }
    stmt_done(st);
    if (rc < 0)
        return rc;

    for (size_t i = 0; i < o->n; i++) {
        o->total.people += o->rows[i].people;
        o->total.handed += o->rows[i].handed;
        o->total.repair_lost += o->rows[i].repair_lost;
        o->total.trained += o->rows[i].trained;
        o->total.untrained += o->rows[i].untrained;
        o->total.unsigned_receipts += o->rows[i].unsigned_receipts;
    }

    long long *count[DEVICE_STATE_COUNT] = {
        [DEVICE_IN_STOCK] = &o->in_stock,       [DEVICE_HANDED_OVER] = &o->handed_over,
        [DEVICE_REPAIR] = &o->repair,           [DEVICE_LOST] = &o->lost,
        [DEVICE_WRITTEN_OFF] = &o->written_off,
    };
    st = db_stmt(db, status_sql);
    while ((rc = stmt_step(db, st, err)) == 1) {
        const char *s = stmt_text(st, 0);
        long long n = stmt_int(st, 1);
        o->devices += n;
        enum device_state state = device_state_parse(s);
        if (state != DEVICE_STATE_NONE)
            *count[state] = n;
    }
    stmt_done(st);
    if (rc < 0)
        return rc;

    st = db_stmt(db, sessions_sql);
    rc = stmt_step(db, st, err);
    if (rc == 1)
        o->sessions = stmt_int(st, 0);
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

void overview_release(struct overview *o)
{
    for (size_t i = 0; i < o->n; i++)
        free(o->rows[i].name);
    free(o->rows);
    memset(o, 0, sizeof *o);
}

int overview_store_records(struct db *db, long long *n, struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT (SELECT count(*) FROM person) + (SELECT count(*) "
                                  "FROM device) + (SELECT count(*) FROM handover) + (SELECT "
                                  "count(*) FROM training_session) + (SELECT count(*) FROM "
                                  "round)");
    int rc = stmt_step(db, st, err);

    *n = rc == 1 ? stmt_int(st, 0) : 0;
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

int overview_store_data_version(struct db *db, long long *v, struct error *err)
{
    /* a file's counter of other connections' commits; on a server, the
     * last audit entry: every change of the register writes one */
    struct stmt *st = db_stmt(
        db, DIALECT(db, "PRAGMA data_version", "SELECT coalesce(max(id), 0) FROM audit_log"));
    int rc = stmt_step(db, st, err);
    *v = rc == 1 ? stmt_int(st, 0) : -1;
    stmt_done(st);
    return rc < 0 ? rc : 0;
}
