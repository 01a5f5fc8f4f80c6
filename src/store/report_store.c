/*
 * report_store: the SQL of the reports; see include/store/report_store.h.
 *
 * The summary is one statement per grouping: the common table expressions
 * of COUNTS_CTE reduce handovers, devices and attendance to one row per
 * person (pp), and each grouping sums those rows. A device is counted in
 * the commune of its last holder (the latest handover, by ROW_NUMBER()).
 * Standard SQL except for the "vi" collation, which db.c registers.
 */
#include "store/report_store.h"
#include "store_internal.h"

#include <string.h>

#define COUNTS_CTE                                                                                 \
    "WITH ho AS ("                                                                                 \
    "  SELECT h.person_id,"                                                                        \
    "    count(CASE WHEN h.returned_on IS NULL THEN 1 END) AS open_n,"                             \
    "    count(h.returned_on) AS returned_n,"                                                      \
    "    sum(CASE WHEN h.returned_on IS NULL THEN coalesce(d.price, 0) ELSE 0 END) AS value,"      \
    "    count(CASE WHEN h.returned_on IS NULL AND h.signed_on IS NOT NULL THEN 1 END)"            \
    "      AS signed_n,"                                                                           \
    "    count(CASE WHEN h.returned_on IS NULL AND h.signed_on IS NULL THEN 1 END)"                \
    "      AS unsigned_n"                                                                          \
    "  FROM handover h JOIN device d ON d.id = h.device_id"                                        \
    "  WHERE ?1 = 0 OR h.round_id = ?1"                                                            \
    "  GROUP BY h.person_id),"                                                                     \
    " lastho AS ("                                                                                 \
    "  SELECT device_id, person_id FROM ("                                                         \
    "    SELECT h.device_id, h.person_id, ROW_NUMBER() OVER ("                                     \
    "      PARTITION BY h.device_id ORDER BY h.handed_on DESC, h.id DESC) AS rn"                   \
    "    FROM handover h) AS x WHERE rn = 1),"                                                     \
    " dv AS ("                                                                                     \
    "  SELECT l.person_id,"                                                                        \
    "    count(CASE WHEN d.status = 'in_stock' THEN 1 END) AS stock,"                              \
    "    count(CASE WHEN d.status IN ('repair', 'lost') THEN 1 END) AS repair"                     \
    "  FROM device d JOIN lastho l ON l.device_id = d.id"                                          \
    "  WHERE ?1 = 0 OR d.round_id = ?1"                                                            \
    "  GROUP BY l.person_id),"                                                                     \
    " tr AS (SELECT DISTINCT person_id FROM attendance),"                                          \
    " pp AS ("                                                                                     \
    "  SELECT p.id, p.commune_id, p.ethnic_id, p.gender, p.active,"                                \
    "    coalesce(ho.open_n, 0) AS open_n, coalesce(ho.returned_n, 0) AS returned_n,"              \
    "    coalesce(ho.value, 0) AS value, coalesce(ho.signed_n, 0) AS signed_n,"                    \
    "    coalesce(ho.unsigned_n, 0) AS unsigned_n, coalesce(dv.stock, 0) AS stock,"                \
    "    coalesce(dv.repair, 0) AS repair,"                                                        \
    "    CASE WHEN tr.person_id IS NULL THEN 0 ELSE 1 END AS trained"                              \
    "  FROM person p LEFT JOIN ho ON ho.person_id = p.id"                                          \
    "  LEFT JOIN dv ON dv.person_id = p.id LEFT JOIN tr ON tr.person_id = p.id) "

#define COUNTS_SUMS                                                                                \
    "sum(pp.active), sum(pp.open_n), sum(pp.returned_n), sum(pp.stock), sum(pp.repair), "          \
    "sum(pp.value), "                                                                              \
    "sum(CASE WHEN pp.active = 1 AND pp.trained = 1 THEN 1 ELSE 0 END), "                          \
    "sum(CASE WHEN pp.open_n > 0 AND pp.trained = 0 THEN 1 ELSE 0 END), "                          \
    "sum(CASE WHEN pp.active = 1 AND pp.trained = 1 AND pp.open_n = 0 THEN 1 ELSE 0 END), "        \
    "sum(pp.signed_n), sum(pp.unsigned_n) "

/* Columns 0..6 are the keys of every grouping; the sums follow from 7. */
static const char *const group_sql[] = {
    [REPORT_BY_COMMUNE] = COUNTS_CTE
    "SELECT dd.id, dd.name, c.id, c.name, 0, '', '', " COUNTS_SUMS
    "FROM pp JOIN unit c ON c.id = pp.commune_id LEFT JOIN unit dd ON dd.id = c.parent_id "
    "GROUP BY dd.id, dd.name, c.id, c.name "
    "ORDER BY dd.name COLLATE vi, dd.id, c.name COLLATE vi, c.id",
    [REPORT_BY_DISTRICT] = COUNTS_CTE
    "SELECT dd.id, dd.name, 0, '', 0, '', '', " COUNTS_SUMS
    "FROM pp JOIN unit c ON c.id = pp.commune_id LEFT JOIN unit dd ON dd.id = c.parent_id "
    "GROUP BY dd.id, dd.name ORDER BY dd.name COLLATE vi, dd.id",
    [REPORT_BY_ETHNIC] = COUNTS_CTE
    "SELECT 0, '', 0, '', e.id, e.name, pp.gender, " COUNTS_SUMS
    "FROM pp LEFT JOIN ethnic_group e ON e.id = pp.ethnic_id "
    "GROUP BY e.id, e.name, pp.gender "
    "ORDER BY CASE WHEN e.id IS NULL THEN 1 ELSE 0 END, e.name COLLATE vi, e.id, pp.gender DESC",
};

int report_store_groups(struct db *db, enum report_group group, long long round_id,
                        report_group_fn fn, void *arg, struct error *err)
{
    sqlite3_stmt *st = db_stmt(db, group_sql[group]);
    int rc, stop = 0;

    stmt_bind_int(st, 1, round_id);
    while ((rc = stmt_step(db, st, err)) == 1) {
        struct report_group_row r;
        long long *c = &r.c.people;

        memset(&r, 0, sizeof(r));
        r.district_id = stmt_int(st, 0);
        r.district = stmt_text(st, 1);
        r.commune_id = stmt_int(st, 2);
        r.commune = stmt_text(st, 3);
        r.ethnic_id = stmt_int(st, 4);
        r.ethnic = stmt_text(st, 5);
        r.gender = stmt_text(st, 6)[0];
        /* the sums, in the order of struct report_counts */
        for (int i = 0; i < 11; i++)
            c[i] = stmt_int(st, 7 + i);
        if ((stop = fn(&r, arg)) != 0)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}

int report_store_unassigned(struct db *db, long long round_id, long long *in_stock,
                            long long *repair_lost, struct error *err)
{
    sqlite3_stmt *st =
        db_stmt(db, "SELECT count(CASE WHEN d.status = 'in_stock' THEN 1 END), "
                    "count(CASE WHEN d.status IN ('repair', 'lost') THEN 1 END) FROM device d "
                    "WHERE (?1 = 0 OR d.round_id = ?1) AND NOT EXISTS "
                    "(SELECT 1 FROM handover h WHERE h.device_id = d.id)");
    int rc;

    stmt_bind_int(st, 1, round_id);
    rc = stmt_step(db, st, err);
    *in_stock = rc == 1 ? stmt_int(st, 0) : 0;
    *repair_lost = rc == 1 ? stmt_int(st, 1) : 0;
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

/* The person and open-handover columns of struct report_person_row, in order. */
#define PERSON_ROW_COLS                                                                            \
    "p.id, p.full_name, p.birth_year, p.gender, e.name, v.name, c.name, c.kind, dd.name, "         \
    "dd.kind, p.id_number, p.phone, p.note, h.id, h.receipt_no, d.model, d.imei, d.imei2, "        \
    "h.handed_on, h.signed_on "
#define PERSON_ROW_JOINS                                                                           \
    "JOIN unit c ON c.id = p.commune_id LEFT JOIN unit dd ON dd.id = c.parent_id "                 \
    "LEFT JOIN unit v ON v.id = p.village_id LEFT JOIN ethnic_group e ON e.id = p.ethnic_id "

static int run_persons(struct db *db, sqlite3_stmt *st, report_person_fn fn, void *arg,
                       struct error *err)
{
    int rc, stop = 0;

    while ((rc = stmt_step(db, st, err)) == 1) {
        struct report_person_row r;
        r.person_id = stmt_int(st, 0);
        r.full_name = stmt_text(st, 1);
        r.birth_year = (int)stmt_int(st, 2);
        r.gender = stmt_text(st, 3)[0];
        r.ethnic = stmt_text(st, 4);
        r.village = stmt_text(st, 5);
        r.commune = stmt_text(st, 6);
        r.commune_kind = stmt_text(st, 7);
        r.district = stmt_text(st, 8);
        r.district_kind = stmt_text(st, 9);
        r.id_number = stmt_text(st, 10);
        r.phone = stmt_text(st, 11);
        r.note = stmt_text(st, 12);
        r.handover_id = stmt_int(st, 13);
        r.receipt_no = stmt_text(st, 14);
        r.model = stmt_text(st, 15);
        r.imei = stmt_text(st, 16);
        r.imei2 = stmt_text(st, 17);
        r.handed_on = stmt_text(st, 18);
        r.signed_on = stmt_text(st, 19);
        if ((stop = fn(&r, arg)) != 0)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}

/* ?2 round (0 = any), ?3 blank: who is on the sign-off list. */
#define LISTED_WHERE                                                                               \
    "(CASE WHEN ?3 = 0 THEN EXISTS (SELECT 1 FROM handover h WHERE h.person_id = p.id AND "        \
    "h.returned_on IS NULL AND (?2 = 0 OR h.round_id = ?2)) ELSE p.active = 1 AND NOT EXISTS "     \
    "(SELECT 1 FROM handover h WHERE h.person_id = p.id AND h.returned_on IS NULL AND "            \
    "(?2 = 0 OR h.round_id = ?2)) END) = 1 "

int report_store_list_communes(struct db *db, long long district_id, long long commune_id,
                               long long round_id, int blank, report_commune_fn fn, void *arg,
                               struct error *err)
{
    sqlite3_stmt *st = db_stmt(
        db, "SELECT c.id, c.name, c.kind, dd.id, dd.name, dd.kind, "
            "sum(CASE WHEN ?3 = 0 THEN (SELECT count(*) FROM handover h WHERE h.person_id = p.id "
            "AND h.returned_on IS NULL AND (?2 = 0 OR h.round_id = ?2)) ELSE 1 END) FROM person p "
            "JOIN unit c ON c.id = p.commune_id LEFT JOIN unit dd ON dd.id = c.parent_id "
            "WHERE (?1 = 0 OR c.parent_id = ?1) AND (?4 = 0 OR p.commune_id = ?4) "
            "AND " LISTED_WHERE "GROUP BY c.id, c.name, c.kind, dd.id, dd.name, dd.kind "
            "ORDER BY dd.name COLLATE vi, dd.id, c.name COLLATE vi, c.id");
    int rc, stop = 0;

    stmt_bind_int(st, 1, district_id);
    stmt_bind_int(st, 2, round_id);
    stmt_bind_int(st, 3, blank != 0);
    stmt_bind_int(st, 4, commune_id);
    while ((rc = stmt_step(db, st, err)) == 1) {
        struct report_commune c = {stmt_int(st, 0), stmt_text(st, 1), stmt_text(st, 2),
                                   stmt_int(st, 3), stmt_text(st, 4), stmt_text(st, 5),
                                   stmt_int(st, 6)};
        if ((stop = fn(&c, arg)) != 0)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}

int report_store_each_listed(struct db *db, long long commune_id, long long round_id, int blank,
                             report_person_fn fn, void *arg, struct error *err)
{
    /* one row per open handover (a person may hold one per round) */
    sqlite3_stmt *st =
        db_stmt(db, "SELECT " PERSON_ROW_COLS "FROM person p " PERSON_ROW_JOINS
                    "LEFT JOIN handover h ON h.person_id = p.id AND h.returned_on IS NULL "
                    "AND (?2 = 0 OR h.round_id = ?2) AND ?3 = 0 "
                    "LEFT JOIN device d ON d.id = h.device_id "
                    "WHERE p.commune_id = ?1 AND " LISTED_WHERE "ORDER BY p.sort_key, p.id, h.id");

    stmt_bind_int(st, 1, commune_id);
    stmt_bind_int(st, 2, round_id);
    stmt_bind_int(st, 3, blank != 0);
    return run_persons(db, st, fn, arg, err);
}

/* The latest open handover of the person, if any. */
#define OPEN_HANDOVER_JOIN                                                                         \
    "LEFT JOIN handover h ON h.id = (SELECT max(h2.id) FROM handover h2 "                          \
    "WHERE h2.person_id = p.id AND h2.returned_on IS NULL) "                                       \
    "LEFT JOIN device d ON d.id = h.device_id "

int report_store_count_attendees(struct db *db, long long session_id, int blank,
                                 long long commune_id, long long *n, struct error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!blank) {
        st = db_stmt(db, "SELECT count(*) FROM attendance WHERE session_id = ?1");
        stmt_bind_int(st, 1, session_id);
    } else {
        st = db_stmt(db, "SELECT count(*) FROM person p WHERE p.commune_id = ?1 AND EXISTS "
                         "(SELECT 1 FROM handover h WHERE h.person_id = p.id AND "
                         "h.returned_on IS NULL)");
        stmt_bind_int(st, 1, commune_id);
    }
    rc = stmt_step(db, st, err);
    *n = rc == 1 ? stmt_int(st, 0) : 0;
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

int report_store_each_attendee(struct db *db, long long session_id, int blank, long long commune_id,
                               report_person_fn fn, void *arg, struct error *err)
{
    sqlite3_stmt *st;

    if (!blank) {
        st = db_stmt(db, "SELECT " PERSON_ROW_COLS "FROM attendance a "
                         "JOIN person p ON p.id = a.person_id " PERSON_ROW_JOINS OPEN_HANDOVER_JOIN
                         "WHERE a.session_id = ?1 ORDER BY p.sort_key, p.id");
        stmt_bind_int(st, 1, session_id);
    } else {
        st = db_stmt(db,
                     "SELECT " PERSON_ROW_COLS "FROM person p " PERSON_ROW_JOINS OPEN_HANDOVER_JOIN
                     "WHERE p.commune_id = ?1 AND h.id IS NOT NULL "
                     "ORDER BY p.sort_key, p.id");
        stmt_bind_int(st, 1, commune_id);
    }
    return run_persons(db, st, fn, arg, err);
}

static const char *const table_sql[] = {
    [REPORT_PERSONS] =
        "SELECT p.id, p.full_name, p.gender, p.birth_year, p.ethnic_id, e.name AS ethnic, "
        "p.village_id, v.name AS village, p.commune_id, c.name AS commune, "
        "c.parent_id AS district_id, dd.name AS district, p.id_number, p.id_kind, p.phone, "
        "p.role, p.decision, p.note, p.active, "
        "(SELECT dv.imei FROM handover h JOIN device dv ON dv.id = h.device_id "
        " WHERE h.person_id = p.id AND h.returned_on IS NULL ORDER BY h.id DESC LIMIT 1) "
        "AS imei, p.created_at, p.updated_at FROM person p "
        "JOIN unit c ON c.id = p.commune_id LEFT JOIN unit dd ON dd.id = c.parent_id "
        "LEFT JOIN unit v ON v.id = p.village_id LEFT JOIN ethnic_group e ON e.id = p.ethnic_id "
        "ORDER BY p.sort_key, p.id",
    [REPORT_DEVICES] =
        "SELECT d.id, d.imei, d.imei2, d.model, d.serial, d.supplier, d.contract, "
        "d.delivered_on, d.price, d.warranty_until, d.status, d.round_id, r.name AS round_name, "
        "d.note, h.person_id AS holder_id, p.full_name AS holder_name, h.receipt_no, "
        "d.created_at, d.updated_at FROM device d LEFT JOIN round r ON r.id = d.round_id "
        "LEFT JOIN handover h ON h.device_id = d.id AND h.returned_on IS NULL "
        "LEFT JOIN person p ON p.id = h.person_id ORDER BY d.imei",
    [REPORT_HANDOVERS] =
        "SELECT h.id, h.receipt_no, h.device_id, d.imei, d.imei2, d.model, h.person_id, "
        "p.full_name AS person_name, c.name AS commune, dd.name AS district, h.round_id, "
        "r.name AS round_name, h.handed_on, h.place, h.officer, h.predecessor_id, "
        "h.returned_on, h.return_reason, h.return_decision, h.return_note, h.signed_on, "
        "h.archive_ref, h.created_at FROM handover h JOIN device d ON d.id = h.device_id "
        "JOIN person p ON p.id = h.person_id JOIN unit c ON c.id = p.commune_id "
        "LEFT JOIN unit dd ON dd.id = c.parent_id LEFT JOIN round r ON r.id = h.round_id "
        "ORDER BY h.id",
};

#define MAX_COLS 32

int report_store_each_row(struct db *db, enum report_table table, report_table_fn fn, void *arg,
                          struct error *err)
{
    sqlite3_stmt *st = db_stmt(db, table_sql[table]);
    const char *names[MAX_COLS], *values[MAX_COLS];
    int n = sqlite3_column_count(st), rc, stop = 0;

    if (n > MAX_COLS)
        n = MAX_COLS;
    for (int i = 0; i < n; i++)
        names[i] = sqlite3_column_name(st, i);
    if ((stop = fn(n, names, NULL, arg)) != 0) {
        stmt_done(st);
        return stop;
    }
    while ((rc = stmt_step(db, st, err)) == 1) {
        for (int i = 0; i < n; i++)
            values[i] = stmt_is_null(st, i) ? NULL : (const char *)sqlite3_column_text(st, i);
        if ((stop = fn(n, names, values, arg)) != 0)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}
