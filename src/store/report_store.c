/*
 * report_store: the SQL of the reports; see include/store/report_store.h.
 *
 * The summary is tallied in C from four plain statements walked side by
 * side in person id order (a merge join): the persons with the keys of the
 * grouping, their handovers, the devices they were the last to hold and
 * whether they attended a session. Each person's counts are added to the
 * person's group, and the groups are put in Vietnamese order at the end.
 * One statement doing the same joins (this file's first form) made SQLite
 * build a temporary index per part and sort 100,000 wide rows to group
 * them: 0.76 s at 100,000 persons, about 0.1 s this way, with memory that
 * grows with the number of groups only.
 * Standard SQL except for the "vi" collation, which db.c registers.
 */
#include "store/report_store.h"
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/collate.h"
#include "core/xalloc.h"

/*
 * Every person, in id order, with what the grouping needs: the commune
 * (column 2; its group is worked out once per commune, see unit_keys) or
 * the ethnic group and gender (columns 3..5).
 */
static const char *const person_sql[] = {
    [REPORT_BY_COMMUNE] =
        "SELECT p.id, p.active, p.commune_id, 0, '', '' FROM person p ORDER BY p.id",
    [REPORT_BY_DISTRICT] =
        "SELECT p.id, p.active, p.commune_id, 0, '', '' FROM person p ORDER BY p.id",
    [REPORT_BY_ETHNIC] = "SELECT p.id, p.active, 0, e.id, e.name, p.gender FROM person p "
                         "LEFT JOIN ethnic_group e ON e.id = p.ethnic_id ORDER BY p.id",
};

/*
 * The unit a commune's people are counted in — the commune itself (?2
 * NULL), or the unit that stands for it on the date ?2 — with its start,
 * the unit above it, and the district of 2023 it lies in: the one above
 * it, or for a commune of 2025 the one all its old communes were in
 * (none when they were in two); and the districts of its old communes.
 */
static const char unit_keys_sql[] =
    "SELECT g.id, g.name, ifnull(g.valid_from, ''), pa.level, pa.id, pa.name, "
    "(SELECT CASE WHEN count(DISTINCT o.parent_id) = 1 THEN min(o.parent_id) END "
    "   FROM unit_successor s JOIN unit o ON o.id = s.old_id WHERE s.new_id = g.id), "
    "(SELECT group_concat(name, ', ') FROM (SELECT d.name FROM unit_successor s "
    "   JOIN unit o ON o.id = s.old_id JOIN unit d ON d.id = o.parent_id "
    "   WHERE s.new_id = g.id GROUP BY d.name ORDER BY d.name COLLATE vi)) "
    "FROM unit g LEFT JOIN unit pa ON pa.id = g.parent_id "
    "WHERE g.id = CASE WHEN ?2 IS NULL THEN ?1 ELSE " UNIT_AT("?1", "?2") " END";

/* The handovers (of round ?1, 0 = all) by holder: open?, signed?, the device's price. */
#define HANDOVER_SQL                                                                               \
    "SELECT h.person_id, h.returned_on IS NULL, h.signed_on IS NOT NULL, d.price "                 \
    "FROM handover h JOIN device d ON d.id = h.device_id "                                         \
    "WHERE ?1 = 0 OR h.round_id = ?1 ORDER BY h.person_id"

/*
 * Devices in stock, under repair or lost (of round ?1) by their last holder:
 * the latest handover by date, then by id. A device never handed over has
 * no holder (report_store_unassigned counts it). A device handed over is
 * in stock underneath (its status is the open handover's): the devices
 * are found from their closed handovers (handover_closed), so that those
 * handed over cost nothing.
 */
#define LAST_HOLDER_SQL                                                                            \
    "SELECT h.person_id, d.status = 'in_stock' FROM handover h INDEXED BY handover_closed "        \
    "CROSS JOIN device d ON d.id = h.device_id "                                                   \
    "WHERE h.returned_on IS NOT NULL AND d.status IN ('in_stock', 'repair', 'lost') "              \
    "AND (?1 = 0 OR d.round_id = ?1) "                                                             \
    "AND h.id = (SELECT h2.id FROM handover h2 WHERE h2.device_id = d.id "                         \
    "  ORDER BY h2.handed_on DESC, h2.id DESC LIMIT 1) "                                           \
    "AND NOT EXISTS (SELECT 1 FROM handover o WHERE o.device_id = d.id AND o.returned_on IS "      \
    "NULL) "                                                                                       \
    "ORDER BY h.person_id"

/* Persons who attended any session. */
#define TRAINED_SQL "SELECT DISTINCT person_id FROM attendance ORDER BY person_id"

/* One group: its keys, and its counts. */
struct tally_group {
    struct report_group_row row; /* names owned by the group */
    int district_null, ethnic_null;
};

/* What a commune's people are counted under (unit_keys_sql), worked out once. */
struct commune_keys {
    int known;
    struct report_group_row row; /* keys only; names owned here */
    int district_null;
};

struct tally {
    enum report_group group;
    struct db *db;
    const char *as_of;
    struct tally_group *groups;
    size_t n, alloc;
    int *slots; /* open addressing: index + 1 into groups, 0 = free */
    size_t n_slots;
    struct commune_keys *communes; /* by commune id */
    size_t n_communes;
};

/* The keys of a group as a hash. */
static size_t key_hash(long long district, long long commune, long long ethnic, char gender)
{
    unsigned long long h = (unsigned long long)district * 0x9E3779B97F4A7C15ULL;
    h ^= (unsigned long long)commune + 0x7F4A7C159E3779B9ULL + (h << 6) + (h >> 2);
    h ^= (unsigned long long)ethnic + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    h ^= (unsigned long long)(unsigned char)gender + (h << 6) + (h >> 2);
    return (size_t)(h ^ (h >> 29));
}

static void tally_rehash(struct tally *t)
{
    free(t->slots);
    t->n_slots = t->n_slots ? t->n_slots * 2 : 64;
    t->slots = xcalloc(t->n_slots, sizeof(*t->slots));
    for (size_t i = 0; i < t->n; i++) {
        const struct report_group_row *r = &t->groups[i].row;
        size_t j = key_hash(r->district_id, r->commune_id, r->ethnic_id, r->gender);
        while (t->slots[j & (t->n_slots - 1)])
            j++;
        t->slots[j & (t->n_slots - 1)] = (int)i + 1;
    }
}

/* The keys of commune id's people, from the cache or unit_keys_sql. */
static const struct commune_keys *commune_keys(struct tally *t, long long id, struct error *err)
{
    if (id < 0)
        id = 0;
    if ((size_t)id >= t->n_communes) {
        size_t n = (size_t)id + 64;
        t->communes = xrealloc(t->communes, n * sizeof(*t->communes));
        memset(t->communes + t->n_communes, 0, (n - t->n_communes) * sizeof(*t->communes));
        t->n_communes = n;
    }
    struct commune_keys *k = &t->communes[id];
    if (k->known)
        return k;
    struct stmt *st = db_stmt(t->db, unit_keys_sql);
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, t->as_of);
    int rc = stmt_step(t->db, st, err);
    if (rc < 0) {
        stmt_done(st);
        return NULL;
    }
    k->known = 1;
    k->district_null = 1;
    if (rc == 1) {
        k->row.commune_id = stmt_int(st, 0);
        k->row.commune = xstrdup(stmt_text(st, 1));
        k->row.commune_from = xstrdup(stmt_text(st, 2));
        k->row.old_districts = xstrdup(stmt_text(st, 7));
        long long district = 0;
        if (strcmp(stmt_text(st, 3), "district") == 0)
            district = stmt_int(st, 4);
        else if (!stmt_is_null(st, 6))
            district = stmt_int(st, 6);
        stmt_done(st);
        if (district) {
            struct stmt *dn =
                db_stmt(t->db, "SELECT name, ifnull(kind, '') FROM unit WHERE id = ?");
            stmt_bind_int(dn, 1, district);
            rc = stmt_step(t->db, dn, err);
            if (rc == 1) {
                k->row.district_id = district;
                k->row.district = xstrdup(stmt_text(dn, 0));
                k->row.district_kind = xstrdup(stmt_text(dn, 1));
                k->district_null = 0;
            }
            stmt_done(dn);
            if (rc < 0) {
                /* a district that could not be read is not "no district" */
                free((char *)k->row.commune);
                free((char *)k->row.commune_from);
                free((char *)k->row.old_districts);
                memset(k, 0, sizeof(*k));
                return NULL;
            }
        }
    } else {
        stmt_done(st);
    }
    if (!k->row.commune)
        k->row.commune = xstrdup("");
    if (!k->row.commune_from)
        k->row.commune_from = xstrdup("");
    if (!k->row.old_districts)
        k->row.old_districts = xstrdup("");
    if (!k->row.district)
        k->row.district = xstrdup("");
    if (!k->row.district_kind)
        k->row.district_kind = xstrdup("");
    return k;
}

/* The counts of the group of the person row st is on, made when new. */
static struct report_counts *tally_group_of(struct tally *t, struct stmt *st, struct error *err)
{
    struct report_group_row key = {0};
    int district_null = 1, ethnic_null = 1;

    if (t->group == REPORT_BY_ETHNIC) {
        key.ethnic_id = stmt_int(st, 3);
        key.ethnic = stmt_text(st, 4);
        key.gender = stmt_text(st, 5)[0];
        ethnic_null = stmt_is_null(st, 3);
        key.district = key.commune = key.commune_from = key.old_districts = "";
    } else {
        const struct commune_keys *k = commune_keys(t, stmt_int(st, 2), err);
        if (!k)
            return NULL;
        key = k->row;
        district_null = k->district_null;
        key.ethnic = "";
        if (t->group == REPORT_BY_DISTRICT) {
            key.commune_id = 0;
            key.commune = key.commune_from = key.old_districts = "";
        }
    }
    size_t j = key_hash(key.district_id, key.commune_id, key.ethnic_id, key.gender);

    for (;; j++) {
        int s = t->slots[j & (t->n_slots - 1)];
        if (!s)
            break;
        struct report_group_row *r = &t->groups[s - 1].row;
        if (r->district_id == key.district_id && r->commune_id == key.commune_id &&
            r->ethnic_id == key.ethnic_id && r->gender == key.gender)
            return &r->c;
    }
    if (t->n == t->alloc) {
        t->alloc = t->alloc ? t->alloc * 2 : 32;
        t->groups = xrealloc(t->groups, t->alloc * sizeof(*t->groups));
    }
    struct tally_group *g = &t->groups[t->n];
    memset(g, 0, sizeof(*g));
    g->row = key;
    memset(&g->row.c, 0, sizeof(g->row.c));
    g->row.district = xstrdup(key.district);
    g->row.district_kind = xstrdup(key.district_kind ? key.district_kind : "");
    g->row.commune = xstrdup(key.commune);
    g->row.commune_from = xstrdup(key.commune_from);
    g->row.old_districts = xstrdup(key.old_districts);
    g->row.ethnic = xstrdup(key.ethnic);
    g->district_null = district_null;
    g->ethnic_null = ethnic_null;
    t->slots[j & (t->n_slots - 1)] = (int)++t->n;
    if (t->n * 2 > t->n_slots)
        tally_rehash(t);
    return &g->row.c;
}

static void tally_release(struct tally *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free((char *)t->groups[i].row.district);
        free((char *)t->groups[i].row.district_kind);
        free((char *)t->groups[i].row.commune);
        free((char *)t->groups[i].row.commune_from);
        free((char *)t->groups[i].row.old_districts);
        free((char *)t->groups[i].row.ethnic);
    }
    for (size_t i = 0; i < t->n_communes; i++) {
        free((char *)t->communes[i].row.district);
        free((char *)t->communes[i].row.district_kind);
        free((char *)t->communes[i].row.commune);
        free((char *)t->communes[i].row.commune_from);
        free((char *)t->communes[i].row.old_districts);
    }
    free(t->communes);
    free(t->groups);
    free(t->slots);
}

/* A side statement of the merge: its current row's person id, 0 when done. */
struct side {
    struct stmt *st;
    long long person_id;
};

static int side_next(struct db *db, struct side *s, struct error *err)
{
    int rc = stmt_step(db, s->st, err);
    s->person_id = rc == 1 ? stmt_int(s->st, 0) : 0;
    return rc < 0 ? rc : 0;
}

/* Step s past the rows of persons before id (persons that are not there). */
static int side_skip_to(struct db *db, struct side *s, long long id, struct error *err)
{
    int rc = 0;
    while (rc == 0 && s->person_id && s->person_id < id)
        rc = side_next(db, s, err);
    return rc;
}

/* Walk the persons and add each one's counts to the person's group. */
static int tally_persons(struct db *db, struct tally *t, long long round_id, struct error *err)
{
    struct stmt *ps = db_stmt(db, person_sql[t->group]);
    struct side ho = {db_stmt(db, HANDOVER_SQL), 0};
    struct side dv = {db_stmt(db, LAST_HOLDER_SQL), 0};
    struct side tr = {db_stmt(db, TRAINED_SQL), 0};
    int rc;

    stmt_bind_int(ho.st, 1, round_id);
    stmt_bind_int(dv.st, 1, round_id);
    if (!ps || !ho.st || !dv.st || !tr.st) {
        rc = stmt_step(db, NULL, err);
        goto out;
    }
    if ((rc = side_next(db, &ho, err)) != 0 || (rc = side_next(db, &dv, err)) != 0 ||
        (rc = side_next(db, &tr, err)) != 0)
        goto out;
    while ((rc = stmt_step(db, ps, err)) == 1) {
        long long id = stmt_int(ps, 0);
        int active = stmt_int(ps, 1) != 0;
        struct report_counts *c = tally_group_of(t, ps, err);
        if (!c) {
            rc = err && err->code ? err->code : ERR_INTERNAL;
            break;
        }
        long long open_n = 0;
        int trained = 0;

        if ((rc = side_skip_to(db, &ho, id, err)) != 0)
            break;
        while (rc == 0 && ho.person_id == id) {
            if (stmt_int(ho.st, 1)) {
                open_n++;
                c->value += stmt_int(ho.st, 3);
                if (stmt_int(ho.st, 2))
                    c->signed_n++;
                else
                    c->unsigned_n++;
            } else {
                c->returned++;
            }
            rc = side_next(db, &ho, err);
        }
        if (rc || (rc = side_skip_to(db, &dv, id, err)) != 0)
            break;
        while (rc == 0 && dv.person_id == id) {
            if (stmt_int(dv.st, 1))
                c->in_stock++;
            else
                c->repair_lost++;
            rc = side_next(db, &dv, err);
        }
        if (rc || (rc = side_skip_to(db, &tr, id, err)) != 0)
            break;
        trained = tr.person_id == id;
        c->people += active;
        c->handed_over += open_n;
        c->trained += active && trained;
        c->received_untrained += open_n > 0 && !trained;
        c->trained_no_phone += active && trained && open_n == 0;
    }
out:
    stmt_done(ps);
    stmt_done(ho.st);
    stmt_done(dv.st);
    stmt_done(tr.st);
    return rc < 0 ? rc : 0;
}

/* A name in Vietnamese order, a missing one (SQL NULL) first. */
static int name_cmp(int a_null, const char *a, int b_null, const char *b)
{
    if (a_null || b_null)
        return b_null - a_null;
    return collate_compare(a, -1, b, -1);
}

static int id_cmp(long long a, long long b)
{
    return (a > b) - (a < b);
}

/*
 * The order of the groups (arg: the enum report_group): by district and
 * commune, or by ethnic group (unknown last) and gender (M first).
 */
static int group_cmp(const void *pa, const void *pb, void *arg)
{
    const struct tally_group *a = pa, *b = pb;
    int c;

    if (*(const enum report_group *)arg == REPORT_BY_ETHNIC) {
        if ((c = a->ethnic_null - b->ethnic_null) != 0 ||
            (c = name_cmp(a->ethnic_null, a->row.ethnic, b->ethnic_null, b->row.ethnic)) != 0 ||
            (c = id_cmp(a->row.ethnic_id, b->row.ethnic_id)) != 0)
            return c;
        return (unsigned char)b->row.gender - (unsigned char)a->row.gender;
    }
    /* communes of 2025 that lie in no single district of 2023 last */
    if ((c = a->district_null - b->district_null) != 0 ||
        (c = name_cmp(a->district_null, a->row.district, b->district_null, b->row.district)) != 0 ||
        (c = id_cmp(a->row.district_id, b->row.district_id)) != 0)
        return c;
    if ((c = collate_compare(a->row.commune, -1, b->row.commune, -1)) != 0)
        return c;
    return id_cmp(a->row.commune_id, b->row.commune_id);
}

int report_store_groups(struct db *db, enum report_group group, long long round_id,
                        const char *as_of, report_group_fn fn, void *arg, struct error *err)
{
    struct tally t = {.group = group, .db = db, .as_of = as_of};
    int rc;

    tally_rehash(&t);
    rc = tally_persons(db, &t, round_id, err);
    if (rc == 0) {
        qsort_r(t.groups, t.n, sizeof(*t.groups), group_cmp, &group);
        for (size_t i = 0; i < t.n && rc == 0; i++)
            rc = fn(&t.groups[i].row, arg);
    }
    tally_release(&t);
    return rc;
}

/*
 * Devices never handed over (of round ?1): those of each stored state,
 * less those that came back (handover_closed) and, in stock, less those
 * handed over now (stored in stock: the schema's guards keep it so) —
 * each part counted from an index, none read device by device.
 */
#define OF_ROUND "(?1 = 0 OR d.round_id = ?1)"
#define STORED(states)                                                                             \
    "(SELECT count(*) FROM device d WHERE d.status IN " states " AND " OF_ROUND ")"
#define CAME_BACK(states)                                                                          \
    "(SELECT count(DISTINCT c.device_id) FROM handover c INDEXED BY handover_closed "              \
    "CROSS JOIN device d ON d.id = c.device_id WHERE c.returned_on IS NOT NULL "                   \
    "AND d.status IN " states " AND " OF_ROUND " AND NOT EXISTS (SELECT 1 FROM handover o "        \
    "WHERE o.device_id = d.id AND o.returned_on IS NULL))"
#define HELD_NOW                                                                                   \
    "(CASE WHEN ?1 = 0 THEN " OPEN_HANDOVER_COUNT " ELSE (SELECT count(*) FROM handover h "        \
    "WHERE h.returned_on IS NULL AND (SELECT d.round_id FROM device d WHERE d.id = h.device_id) "  \
    "= ?1) END)"
static const char unassigned_sql[] =
    "SELECT " STORED("('in_stock')") " - " CAME_BACK("('in_stock')") " - " HELD_NOW ", " STORED(
        "('repair', 'lost')") " - " CAME_BACK("('repair', 'lost')");
#undef OF_ROUND
#undef STORED
#undef CAME_BACK
#undef HELD_NOW

int report_store_unassigned(struct db *db, long long round_id, long long *in_stock,
                            long long *repair_lost, struct error *err)
{
    struct stmt *st = db_stmt(db, unassigned_sql);
    int rc;

    stmt_bind_int(st, 1, round_id);
    rc = stmt_step(db, st, err);
    *in_stock = rc == 1 ? stmt_int(st, 0) : 0;
    *repair_lost = rc == 1 ? stmt_int(st, 1) : 0;
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

/* The person and open-handover columns of struct report_person_row, in order. */
/* date: the document's date (an SQL expression), for the commune as it
 * stands for the person's then */
#define PERSON_ROW_BASE                                                                            \
    "p.id, p.full_name, p.birth_year, p.gender, e.name, v.name, c.name, c.kind, dd.name, "         \
    "dd.kind, p.id_number, p.phone, p.note, h.id, h.receipt_no, d.model, d.imei, d.imei2, "        \
    "h.handed_on, h.signed_on, "
#define PERSON_ROW_COLS(date)                                                                      \
    PERSON_ROW_BASE                                                                                \
    "(SELECT u.name FROM unit u WHERE u.id = " UNIT_AT("p.commune_id",                             \
                                                       date) " AND u.id <> p.commune_id) "
#define PERSON_ROW_JOINS                                                                           \
    "JOIN unit c ON c.id = p.commune_id LEFT JOIN unit dd ON dd.id = c.parent_id "                 \
    "LEFT JOIN unit v ON v.id = p.village_id LEFT JOIN ethnic_group e ON e.id = p.ethnic_id "

static int run_persons(struct db *db, struct stmt *st, report_person_fn fn, void *arg,
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
        r.commune_then = stmt_text(st, 20);
        if ((stop = fn(&r, arg)) != 0)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}

/* ?2 round (0 = any), ?3 blank: who is on the sign-off list (a truth
 * value as it is: PostgreSQL compares no boolean with 1). */
#define LISTED_WHERE                                                                               \
    "(CASE WHEN ?3 = 0 THEN EXISTS (SELECT 1 FROM handover h WHERE h.person_id = p.id AND "        \
    "h.returned_on IS NULL AND (?2 = 0 OR h.round_id = ?2)) ELSE p.active = 1 AND NOT EXISTS "     \
    "(SELECT 1 FROM handover h WHERE h.person_id = p.id AND h.returned_on IS NULL AND "            \
    "(?2 = 0 OR h.round_id = ?2)) END) "

int report_store_list_communes(struct db *db, long long district_id, long long commune_id,
                               long long round_id, int blank, report_commune_fn fn, void *arg,
                               struct error *err)
{
    /*
     * g: the persons listed, counted by the commune they were registered
     * in (r, what the filters name) — from the person_commune index and
     * the open handovers' index, without reading a person's row when the
     * list is of the phones handed over; c: the commune each stands for
     * today (a sheet each), looked up once per commune instead of once
     * per person (the export's first query was a fifth of its time).
     */
    struct stmt *st = db_stmt(
        db,
        "SELECT c.id, c.name, c.kind, dd.id, dd.name, dd.kind, sum(g.n), "
        "sum(CASE WHEN g.cid <> c.id THEN g.persons ELSE 0 END) FROM ("
        "SELECT p.commune_id AS cid, count(*) AS n, count(DISTINCT p.id) AS persons "
        "FROM person p JOIN handover h ON h.person_id = p.id AND h.returned_on IS NULL "
        "AND (?2 = 0 OR h.round_id = ?2) WHERE ?3 = 0 GROUP BY p.commune_id "
        "UNION ALL SELECT p.commune_id, count(*), count(*) FROM person p "
        "WHERE ?3 <> 0 AND p.active = 1 AND NOT EXISTS (SELECT 1 FROM handover h "
        "WHERE h.person_id = p.id AND h.returned_on IS NULL AND (?2 = 0 OR h.round_id = ?2)) "
        "GROUP BY p.commune_id) g "
        "JOIN unit r ON r.id = g.cid "
        "JOIN unit c ON c.id = " UNIT_AT(
            "g.cid",
            "capphat_today()") " "
                               "LEFT JOIN unit dd ON dd.id = c.parent_id "
                               "WHERE (?1 = 0 OR r.parent_id = ?1) AND (?4 = 0 OR " UNIT_WITHIN(
                                   "g.cid",
                                   "?4") ") "
                                         "GROUP BY c.id, c.name, c.kind, dd.id, dd.name, dd.kind "
                                         "ORDER BY dd.name COLLATE vi, dd.id, c.name COLLATE vi, "
                                         "c.id");
    int rc, stop = 0;

    stmt_bind_int(st, 1, district_id);
    stmt_bind_int(st, 2, round_id);
    stmt_bind_int(st, 3, blank != 0);
    stmt_bind_int(st, 4, commune_id);
    while ((rc = stmt_step(db, st, err)) == 1) {
        struct report_commune c = {stmt_int(st, 0), stmt_text(st, 1), stmt_text(st, 2),
                                   stmt_int(st, 3), stmt_text(st, 4), stmt_text(st, 5),
                                   stmt_int(st, 6), stmt_int(st, 7)};
        if ((stop = fn(&c, arg)) != 0)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}

int report_store_each_listed(struct db *db, long long commune_id, long long district_id,
                             long long filter_commune_id, long long round_id, int blank,
                             report_person_fn fn, void *arg, struct error *err)
{
    /*
     * The persons whose commune stands for ?1 today: their communes are
     * found in the few units first, and their rows by the person_commune
     * index (a test of each person, UNIT_AT per row and commune, made the
     * list of a 100,000-person province 5 times slower). The commune of
     * the records is named only where it is not ?1 itself.
     */
#define LISTED_COLS                                                                                \
    "SELECT " PERSON_ROW_BASE "CASE WHEN p.commune_id <> ?1 THEN "                                 \
    "(SELECT u.name FROM unit u WHERE u.id = ?1) END FROM person p " PERSON_ROW_JOINS
#define LISTED_IN                                                                                  \
    "p.commune_id IN (SELECT u.id FROM unit u WHERE " UNIT_AT(                                     \
        "u.id", "capphat_today()") " = ?1) "                                                       \
                                   "AND (?4 = 0 OR c.parent_id = ?4) AND (?5 = 0 OR " UNIT_WITHIN( \
                                       "p.commune_id", "?5") ") "
    /* one row per open handover (a person may hold one per round), or per
     * active person holding none (blank) */
    struct stmt *st =
        db_stmt(db, blank ? LISTED_COLS "LEFT JOIN handover h ON 1 = 0 LEFT JOIN device d ON 1 = 0 "
                                        "WHERE " LISTED_IN "AND ?3 = 1 AND " LISTED_WHERE
                                        "ORDER BY p.sort_key, p.id"
                          : LISTED_COLS "JOIN handover h ON h.person_id = p.id "
                                        "AND h.returned_on IS NULL AND (?2 = 0 OR h.round_id = ?2) "
                                        "LEFT JOIN device d ON d.id = h.device_id "
                                        "WHERE " LISTED_IN "AND ?3 = 0 "
                                        "ORDER BY p.sort_key, p.id, h.id");
#undef LISTED_COLS
#undef LISTED_IN

    stmt_bind_int(st, 1, commune_id);
    stmt_bind_int(st, 2, round_id);
    stmt_bind_int(st, 3, blank != 0);
    stmt_bind_int(st, 4, district_id);
    stmt_bind_int(st, 5, filter_commune_id);
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
    struct stmt *st;
    int rc;

    if (!blank) {
        st = db_stmt(db, "SELECT count(*) FROM attendance WHERE session_id = ?1");
        stmt_bind_int(st, 1, session_id);
    } else {
        st = db_stmt(
            db, "SELECT count(*) FROM person p WHERE " UNIT_WITHIN(
                    "p.commune_id", "?1") " AND EXISTS "
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
    struct stmt *st;

    if (!blank) {
        // clang-format off
        st = db_stmt(db, "SELECT " PERSON_ROW_COLS("s.held_on") "FROM attendance a "
                         "JOIN training_session s ON s.id = a.session_id "
                         "JOIN person p ON p.id = a.person_id "
                         PERSON_ROW_JOINS OPEN_HANDOVER_JOIN
                         "WHERE a.session_id = ?1 ORDER BY p.sort_key, p.id");
        // clang-format on
        stmt_bind_int(st, 1, session_id);
    } else {
        // clang-format off
        st = db_stmt(db, "SELECT "
                         PERSON_ROW_COLS("(SELECT held_on FROM training_session WHERE id = ?2)")
                         "FROM person p " PERSON_ROW_JOINS OPEN_HANDOVER_JOIN
                         "WHERE " UNIT_WITHIN("p.commune_id", "?1") " AND h.id IS NOT NULL "
                         "ORDER BY p.sort_key, p.id");
        // clang-format on
        stmt_bind_int(st, 1, commune_id);
        stmt_bind_int(st, 2, session_id);
    }
    return run_persons(db, st, fn, arg, err);
}

static const char *const table_sql[] = {
    [REPORT_PERSONS] =
        "SELECT p.id, p.full_name, p.gender, p.birth_year, p.ethnic_id, e.name AS ethnic, "
        "p.village_id, v.name AS village, p.commune_id, c.name AS commune, "
        "c.parent_id AS district_id, dd.name AS district, "
        "(SELECT u.name FROM unit u WHERE u.id = " UNIT_AT(
            "p.commune_id",
            "capphat_today()") ") AS commune_today, p.id_number, p.id_kind, p.phone, "
                               "p.role, p.decision, p.note, p.active, "
                               "(SELECT dv.imei FROM handover h JOIN device dv ON dv.id = "
                               "h.device_id "
                               " WHERE h.person_id = p.id AND h.returned_on IS NULL ORDER BY h.id "
                               "DESC LIMIT 1) "
                               "AS imei, p.created_at, p.updated_at FROM person p "
                               "JOIN unit c ON c.id = p.commune_id LEFT JOIN unit dd ON dd.id = "
                               "c.parent_id "
                               "LEFT JOIN unit v ON v.id = p.village_id LEFT JOIN ethnic_group e "
                               "ON e.id = p.ethnic_id "
                               "ORDER BY p.sort_key, p.id",
    [REPORT_DEVICES] =
        "SELECT d.id, d.imei, d.imei2, d.model, d.serial, d.supplier, d.contract, "
        "d.delivered_on, d.price, d.warranty_until, " DEVICE_STATUS(
            "d",
            "h") " AS status, d.round_id, r.name AS round_name, "
                 "d.note, h.person_id AS holder_id, p.full_name AS holder_name, h.receipt_no, "
                 "d.created_at, d.updated_at FROM device d LEFT JOIN round r ON r.id = d.round_id "
                 "LEFT JOIN handover h ON h.device_id = d.id AND h.returned_on IS NULL "
                 "LEFT JOIN person p ON p.id = h.person_id ORDER BY d.imei",
    [REPORT_HANDOVERS] =
        "SELECT h.id, h.receipt_no, h.device_id, d.imei, d.imei2, d.model, h.person_id, "
        "p.full_name AS person_name, c.name AS commune, dd.name AS district, "
        "(SELECT u.name FROM unit u WHERE u.id = " UNIT_AT(
            "p.commune_id",
            "h.handed_on") ") AS commune_on_handover, h.round_id, "
                           "r.name AS round_name, h.handed_on, h.place, h.officer, "
                           "h.predecessor_id, "
                           "h.returned_on, h.return_reason, h.return_decision, h.return_note, "
                           "h.signed_on, "
                           "h.archive_ref, h.created_at FROM handover h JOIN device d ON d.id = "
                           "h.device_id "
                           "JOIN person p ON p.id = h.person_id JOIN unit c ON c.id = p.commune_id "
                           "LEFT JOIN unit dd ON dd.id = c.parent_id LEFT JOIN round r ON r.id = "
                           "h.round_id "
                           "ORDER BY h.id",
};

#define MAX_COLS 32

int report_store_each_row(struct db *db, enum report_table table, report_table_fn fn, void *arg,
                          struct error *err)
{
    struct stmt *st = db_stmt(db, table_sql[table]);
    const char *names[MAX_COLS], *values[MAX_COLS];
    int n = stmt_column_count(st), rc, stop = 0;

    if (n > MAX_COLS)
        n = MAX_COLS;
    for (int i = 0; i < n; i++)
        names[i] = stmt_column_name(st, i);
    if ((stop = fn(n, names, NULL, arg)) != 0) {
        stmt_done(st);
        return stop;
    }
    while ((rc = stmt_step(db, st, err)) == 1) {
        for (int i = 0; i < n; i++)
            values[i] = stmt_is_null(st, i) ? NULL : stmt_text(st, i);
        if ((stop = fn(n, names, values, arg)) != 0)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}
