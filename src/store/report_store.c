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
 * The sign-off list is joined in C the same way (report_store_list_load):
 * each table read once in its own order, the rows sorted here.
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

/*
 * The sign-off list is read whole (report_store_list_load): the units, the
 * ethnic groups, the open handovers, the persons and the devices, each
 * table once in its own order, joined and sorted here. Read a sheet at a
 * time through the indexes, each sheet's persons, handovers and devices
 * lay over nearly every page of their tables, so that a list of 100,000
 * persons read each page about twenty times (bench/NOTES.md); this way
 * each page is read once, for memory that grows with the rows (about
 * 25 MB at 100,000).
 */

/* Strings of the list, copied into big blocks freed at once. */
struct list_arena {
    char **blocks;
    size_t n, alloc;
    char *cur;
    size_t left;
};

#define ARENA_BLOCK (256 * 1024)

static const char *arena_dup(struct list_arena *a, const void *s, size_t len)
{
    if (len + 1 > a->left) {
        size_t size = len + 1 > ARENA_BLOCK ? len + 1 : ARENA_BLOCK;
        if (a->n == a->alloc) {
            a->alloc = a->alloc ? a->alloc * 2 : 16;
            a->blocks = xrealloc(a->blocks, a->alloc * sizeof(*a->blocks));
        }
        a->cur = a->blocks[a->n++] = xmalloc(size);
        a->left = size;
    }
    char *r = a->cur;
    memcpy(r, s, len);
    r[len] = '\0';
    a->cur += len + 1;
    a->left -= len + 1;
    return r;
}

static const char *arena_text(struct list_arena *a, struct stmt *st, int col)
{
    const char *s = stmt_text(st, col);
    return *s ? arena_dup(a, s, strlen(s)) : "";
}

/* A unit: what the rows name of it, and what the list makes of it. */
struct list_unit {
    long long id, parent_id, at_id; /* at_id: the unit that stands for it today */
    const char *name, *kind;
    int parent_null;
    int pass;  /* its persons pass the list's filters (district, commune) */
    int sheet; /* a commune standing for itself today: its sheet (1...), 0: none */
};

struct list_ethnic {
    long long id;
    const char *name;
};

struct list_handover {
    long long id, person_id, device_id;
    const char *receipt_no, *handed_on, *signed_on;
    const char *model, *imei, *imei2; /* of its device, "" when none */
};

struct list_person {
    long long id, commune_id;
    const char *full_name, *ethnic, *village, *id_number, *phone, *note, *gender;
    const unsigned char *key; /* sort_key */
    size_t key_len;
    int birth_year;
    const struct list_unit *commune;
    struct list_unit *sheet; /* its sheet's commune */
};

struct list_row {
    int rank; /* its sheet's place in the list */
    const struct list_person *p;
    const struct list_handover *h; /* NULL on a blank list */
};

struct report_list_data {
    struct list_arena arena;
    struct list_unit *units;
    size_t n_units;
    struct list_ethnic *ethnic;
    size_t n_ethnic;
    struct list_handover *ho;
    size_t n_ho;
    struct list_person *persons;
    size_t n_persons, alloc_persons;
    struct list_row *rows;
    size_t n_rows, alloc_rows;
    size_t *first; /* rows of sheet k (in list order): first[k] .. first[k + 1] - 1 */
};

static struct list_unit *list_unit_find(const struct report_list_data *d, long long id)
{
    size_t lo = 0, hi = d->n_units;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->units[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->n_units && d->units[lo].id == id ? &d->units[lo] : NULL;
}

static int unit_id_cmp(const void *a, const void *b)
{
    const struct list_unit *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

/* Every unit, with the unit it stands for today and whether its persons
 * pass the filters (?1 district of the records, ?2 within a commune). */
static int list_read_units(struct db *db, struct report_list_data *d, long long district_id,
                           long long commune_id, struct error *err)
{
    struct stmt *st = db_stmt(
        db, "SELECT u.id, u.name, u.kind, u.parent_id, " UNIT_AT(
                "u.id", "capphat_today()") ", CASE WHEN (?1 = 0 OR u.parent_id = ?1) AND "
                                           "(?2 = 0 OR " UNIT_WITHIN(
                                               "u.id", "?2") ") THEN 1 ELSE 0 END FROM unit u");
    size_t alloc = 0;
    int rc;

    stmt_bind_int(st, 1, district_id);
    stmt_bind_int(st, 2, commune_id);
    while ((rc = stmt_step(db, st, err)) == 1) {
        if (d->n_units == alloc) {
            alloc = alloc ? alloc * 2 : 512;
            d->units = xrealloc(d->units, alloc * sizeof(*d->units));
        }
        struct list_unit *u = &d->units[d->n_units++];
        u->id = stmt_int(st, 0);
        u->name = arena_text(&d->arena, st, 1);
        u->kind = arena_text(&d->arena, st, 2);
        u->parent_null = stmt_is_null(st, 3);
        u->parent_id = stmt_int(st, 3);
        u->at_id = stmt_int(st, 4);
        u->pass = stmt_int(st, 5) != 0;
        u->sheet = 0;
    }
    stmt_done(st);
    if (rc < 0)
        return rc;
    if (d->n_units)
        qsort(d->units, d->n_units, sizeof(*d->units), unit_id_cmp);
    return 0;
}

static int ethnic_id_cmp(const void *a, const void *b)
{
    const struct list_ethnic *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

static int list_read_ethnic(struct db *db, struct report_list_data *d, struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT e.id, e.name FROM ethnic_group e");
    size_t alloc = 0;
    int rc;

    while ((rc = stmt_step(db, st, err)) == 1) {
        if (d->n_ethnic == alloc) {
            alloc = alloc ? alloc * 2 : 64;
            d->ethnic = xrealloc(d->ethnic, alloc * sizeof(*d->ethnic));
        }
        d->ethnic[d->n_ethnic].id = stmt_int(st, 0);
        d->ethnic[d->n_ethnic++].name = arena_text(&d->arena, st, 1);
    }
    stmt_done(st);
    if (rc < 0)
        return rc;
    if (d->n_ethnic)
        qsort(d->ethnic, d->n_ethnic, sizeof(*d->ethnic), ethnic_id_cmp);
    return 0;
}

static const char *list_ethnic_name(const struct report_list_data *d, long long id)
{
    struct list_ethnic key = {.id = id};
    const struct list_ethnic *e =
        bsearch(&key, d->ethnic, d->n_ethnic, sizeof(*d->ethnic), ethnic_id_cmp);
    return e ? e->name : "";
}

static int ho_person_cmp(const void *a, const void *b)
{
    const struct list_handover *x = a, *y = b;
    if (x->person_id != y->person_id)
        return (x->person_id > y->person_id) - (x->person_id < y->person_id);
    return (x->id > y->id) - (x->id < y->id);
}

/* The open handovers (of round ?1), by person. */
static int list_read_handovers(struct db *db, struct report_list_data *d, long long round_id,
                               struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT h.id, h.person_id, h.device_id, h.receipt_no, "
                                  "h.handed_on, h.signed_on FROM handover h "
                                  "WHERE h.returned_on IS NULL AND (?1 = 0 OR h.round_id = ?1)");
    size_t alloc = 0;
    int rc;

    stmt_bind_int(st, 1, round_id);
    while ((rc = stmt_step(db, st, err)) == 1) {
        if (d->n_ho == alloc) {
            alloc = alloc ? alloc * 2 : 1024;
            d->ho = xrealloc(d->ho, alloc * sizeof(*d->ho));
        }
        struct list_handover *h = &d->ho[d->n_ho++];
        h->id = stmt_int(st, 0);
        h->person_id = stmt_int(st, 1);
        h->device_id = stmt_int(st, 2);
        h->receipt_no = arena_text(&d->arena, st, 3);
        h->handed_on = arena_text(&d->arena, st, 4);
        h->signed_on = arena_text(&d->arena, st, 5);
        h->model = h->imei = h->imei2 = "";
    }
    stmt_done(st);
    if (rc < 0)
        return rc;
    if (d->n_ho)
        qsort(d->ho, d->n_ho, sizeof(*d->ho), ho_person_cmp);
    return 0;
}

/* The first open handover of person id (in d->ho), or d->n_ho. */
static size_t list_first_ho(const struct report_list_data *d, long long id)
{
    size_t lo = 0, hi = d->n_ho;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->ho[mid].person_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void list_add_row(struct report_list_data *d, const struct list_person *p,
                         const struct list_handover *h)
{
    if (d->n_rows == d->alloc_rows) {
        d->alloc_rows = d->alloc_rows ? d->alloc_rows * 2 : 1024;
        d->rows = xrealloc(d->rows, d->alloc_rows * sizeof(*d->rows));
    }
    d->rows[d->n_rows].rank = 0;
    d->rows[d->n_rows].p = p;
    d->rows[d->n_rows++].h = h;
}

/*
 * The persons on the list: of a unit that passes the filters and stands
 * today for a commune (UNIT_AT), holding a device (an open handover of the
 * round) or, blank, active and holding none. The rows are made once every
 * person is read (d->persons moves while it grows).
 */
static int list_read_persons(struct db *db, struct report_list_data *d, int blank,
                             struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT p.id, p.commune_id, p.active, p.full_name, "
                                  "p.birth_year, p.gender, p.ethnic_id, p.village_id, "
                                  "p.id_number, p.phone, p.note, p.sort_key FROM person p");
    int rc;

    while ((rc = stmt_step(db, st, err)) == 1) {
        long long id = stmt_int(st, 0);
        const struct list_unit *c = list_unit_find(d, stmt_int(st, 1));
        struct list_unit *sheet;
        if (!c || !c->pass || !(sheet = list_unit_find(d, c->at_id)))
            continue;
        size_t k = list_first_ho(d, id);
        int holds = k < d->n_ho && d->ho[k].person_id == id;
        if (blank ? holds || stmt_int(st, 2) != 1 : !holds)
            continue;
        if (d->n_persons == d->alloc_persons) {
            d->alloc_persons = d->alloc_persons ? d->alloc_persons * 2 : 1024;
            d->persons = xrealloc(d->persons, d->alloc_persons * sizeof(*d->persons));
        }
        struct list_person *p = &d->persons[d->n_persons++];
        const struct list_unit *v = stmt_is_null(st, 7) ? NULL : list_unit_find(d, stmt_int(st, 7));
        size_t key_len;
        const void *key = stmt_blob(st, 11, &key_len);
        p->id = id;
        p->commune_id = c->id;
        p->commune = c;
        p->sheet = sheet;
        p->full_name = arena_text(&d->arena, st, 3);
        p->birth_year = (int)stmt_int(st, 4);
        p->gender = arena_text(&d->arena, st, 5);
        p->ethnic = stmt_is_null(st, 6) ? "" : list_ethnic_name(d, stmt_int(st, 6));
        p->village = v ? v->name : "";
        p->id_number = arena_text(&d->arena, st, 8);
        p->phone = arena_text(&d->arena, st, 9);
        p->note = arena_text(&d->arena, st, 10);
        p->key = key_len ? (const unsigned char *)arena_dup(&d->arena, key, key_len)
                         : (const unsigned char *)"";
        p->key_len = key_len;
    }
    stmt_done(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < d->n_persons; i++) {
        const struct list_person *p = &d->persons[i];
        if (blank) {
            list_add_row(d, p, NULL);
            continue;
        }
        for (size_t k = list_first_ho(d, p->id); k < d->n_ho && d->ho[k].person_id == p->id; k++)
            list_add_row(d, p, &d->ho[k]);
    }
    return 0;
}

static int ho_ptr_device_cmp(const void *a, const void *b)
{
    const struct list_handover *x = *(const struct list_handover *const *)a,
                               *y = *(const struct list_handover *const *)b;
    return (x->device_id > y->device_id) - (x->device_id < y->device_id);
}

/* The model and IMEIs of the devices of the rows, from one pass over the
 * devices. */
static int list_read_devices(struct db *db, struct report_list_data *d, struct error *err)
{
    struct list_handover **by_device = xmalloc((d->n_rows + 1) * sizeof(*by_device));
    size_t n = 0;
    int rc = 0;

    for (size_t i = 0; i < d->n_rows; i++)
        by_device[n++] = (struct list_handover *)d->rows[i].h;
    if (n) {
        qsort(by_device, n, sizeof(*by_device), ho_ptr_device_cmp);
        struct stmt *st = db_stmt(db, "SELECT d.id, d.model, d.imei, d.imei2 FROM device d");
        while ((rc = stmt_step(db, st, err)) == 1) {
            struct list_handover key = {.device_id = stmt_int(st, 0)}, *kp = &key;
            struct list_handover **h =
                bsearch(&kp, by_device, n, sizeof(*by_device), ho_ptr_device_cmp);
            if (!h)
                continue;
            /* one open handover per device (handover_open_device) */
            (*h)->model = arena_text(&d->arena, st, 1);
            (*h)->imei = arena_text(&d->arena, st, 2);
            (*h)->imei2 = arena_text(&d->arena, st, 3);
        }
        stmt_done(st);
    }
    free(by_device);
    return rc < 0 ? rc : 0;
}

/* The sheets in order: by the name of the unit above (none first, as SQL
 * puts NULL), its id, the commune's name and id, names in the "vi"
 * collation. */
static int sheet_cmp(const void *pa, const void *pb, void *arg)
{
    const struct report_commune *a = pa, *b = pb;
    int c;

    if ((c = (b->district_id == 0) - (a->district_id == 0)) != 0)
        return c;
    if (a->district_id && (c = collate_compare(a->district, -1, b->district, -1)) != 0)
        return c;
    if ((c = (a->district_id > b->district_id) - (a->district_id < b->district_id)) != 0)
        return c;
    if ((c = collate_compare(a->name, -1, b->name, -1)) != 0)
        return c;
    return (a->id > b->id) - (a->id < b->id);
}

/* The rows in order: by sheet, then as the person list sorts (sort_key,
 * the bytes compared as SQL compares a BLOB, then id), then by handover. */
static int row_cmp(const void *pa, const void *pb)
{
    const struct list_row *a = pa, *b = pb;
    int c;

    if (a->rank != b->rank)
        return a->rank - b->rank;
    size_t n = a->p->key_len < b->p->key_len ? a->p->key_len : b->p->key_len;
    if ((c = memcmp(a->p->key, b->p->key, n)) != 0)
        return c;
    if (a->p->key_len != b->p->key_len)
        return a->p->key_len < b->p->key_len ? -1 : 1;
    if (a->p->id != b->p->id)
        return a->p->id < b->p->id ? -1 : 1;
    long long ha = a->h ? a->h->id : 0, hb = b->h ? b->h->id : 0;
    return (ha > hb) - (ha < hb);
}

int report_store_list_load(struct db *db, long long district_id, long long commune_id,
                           long long round_id, int blank, struct report_list *out,
                           struct error *err)
{
    struct report_list_data *d = xcalloc(1, sizeof(*d));
    int rc;

    memset(out, 0, sizeof(*out));
    out->data = d;
    if ((rc = list_read_units(db, d, district_id, commune_id, err)) != 0 ||
        (rc = list_read_ethnic(db, d, err)) != 0 ||
        (rc = list_read_handovers(db, d, round_id, err)) != 0 ||
        (rc = list_read_persons(db, d, blank, err)) != 0 ||
        (!blank && (rc = list_read_devices(db, d, err)) != 0)) {
        report_store_list_release(out);
        return rc;
    }

    /* the sheets with rows: their communes, counted */
    size_t n_sheets = 0;
    for (size_t i = 0; i < d->n_rows; i++) {
        struct list_unit *s = d->rows[i].p->sheet;
        if (!s->sheet) {
            s->sheet = (int)++n_sheets;
            out->communes = xrealloc(out->communes, n_sheets * sizeof(*out->communes));
            struct report_commune *c = &out->communes[n_sheets - 1];
            const struct list_unit *dd = s->parent_null ? NULL : list_unit_find(d, s->parent_id);
            memset(c, 0, sizeof(*c));
            c->id = s->id;
            c->name = s->name;
            c->kind = s->kind;
            c->district_id = dd ? dd->id : 0;
            c->district = dd ? dd->name : "";
            c->district_kind = dd ? dd->kind : "";
        }
        struct report_commune *c = &out->communes[s->sheet - 1];
        c->rows++;
        /* a person registered in another commune, counted once */
        if (d->rows[i].p->commune_id != s->id && (i == 0 || d->rows[i - 1].p != d->rows[i].p))
            c->merged++;
    }
    /* in order, each unit told its sheet's rank */
    if (n_sheets) /* nobody to list: no array to sort */
        qsort_r(out->communes, n_sheets, sizeof(*out->communes), sheet_cmp, NULL);
    out->n_communes = n_sheets;
    for (size_t k = 0; k < n_sheets; k++)
        list_unit_find(d, out->communes[k].id)->sheet = (int)k + 1;
    for (size_t i = 0; i < d->n_rows; i++)
        d->rows[i].rank = d->rows[i].p->sheet->sheet;
    if (d->n_rows)
        qsort(d->rows, d->n_rows, sizeof(*d->rows), row_cmp);
    d->first = xcalloc(n_sheets + 1, sizeof(*d->first));
    for (size_t i = 0, k = 0; k <= n_sheets; k++) {
        while (i < d->n_rows && d->rows[i].rank <= (int)k)
            i++;
        d->first[k] = i;
    }
    return 0;
}

int report_store_list_each(const struct report_list *l, size_t sheet, report_person_fn fn,
                           void *arg)
{
    const struct report_list_data *d = l->data;
    const struct report_commune *c = &l->communes[sheet];
    int stop = 0;

    for (size_t i = d->first[sheet]; i < d->first[sheet + 1] && !stop; i++) {
        const struct list_person *p = d->rows[i].p;
        const struct list_handover *h = d->rows[i].h;
        const struct list_unit *dd =
            p->commune->parent_null ? NULL : list_unit_find(d, p->commune->parent_id);
        struct report_person_row r = {
            .person_id = p->id,
            .full_name = p->full_name,
            .birth_year = p->birth_year,
            .gender = p->gender[0],
            .ethnic = p->ethnic,
            .village = p->village,
            .commune = p->commune->name,
            .commune_kind = p->commune->kind,
            .district = dd ? dd->name : "",
            .district_kind = dd ? dd->kind : "",
            .id_number = p->id_number,
            .phone = p->phone,
            .note = p->note,
            .handover_id = h ? h->id : 0,
            .receipt_no = h ? h->receipt_no : "",
            .model = h ? h->model : "",
            .imei = h ? h->imei : "",
            .imei2 = h ? h->imei2 : "",
            .handed_on = h ? h->handed_on : "",
            .signed_on = h ? h->signed_on : "",
            .commune_then = p->commune_id != c->id ? c->name : "",
        };
        stop = fn(&r, arg);
    }
    return stop;
}

void report_store_list_release(struct report_list *l)
{
    struct report_list_data *d = l->data;
    if (d) {
        for (size_t i = 0; i < d->arena.n; i++)
            free(d->arena.blocks[i]);
        free(d->arena.blocks);
        free(d->units);
        free(d->ethnic);
        free(d->ho);
        free(d->persons);
        free(d->rows);
        free(d->first);
        free(d);
    }
    free(l->communes);
    memset(l, 0, sizeof(*l));
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
