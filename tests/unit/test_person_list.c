/*
 * Unit tests for the person lists of src/store/person_search.c: the search
 * and the pages, read through indexes since schema version 2, must return
 * exactly the rows, in exactly the order, of the single statement that
 * answered every list before (kept below as the oracle; the device list's
 * too, at the end): folded text,
 * ranked whole name / name prefix / word prefix / substring (or digits of
 * the phone, or the whole citizen ID), then the sort, then the id; every
 * filter.
 *
 * The data: a demo data set of a few thousand persons, with some names,
 * birth years and flags changed by hand to reach the corners (namesakes,
 * repeated words, unknown years, inactive persons, quotes and LIKE
 * wildcards in names). Each query is compared with the trigram and name
 * indexes used for sparse tiers (the default) and with every tier walked
 * (collect cap 0), at offsets, after a row (keyset) and reversed.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/store/store_internal.h"
#include "app/app.h"
#include "app/demo_app.h"
#include "core/collate.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/device_store.h"
#include "store/person_search.h"
#include "store/person_store.h"

/* The reference queries run without indexes: under AddressSanitizer (ten
 * times slower) a smaller register tells the same about memory, and so do
 * a third of the random searches (RANDOM(n)): the fixed ones, which reach
 * the corners, all run; the plain build compares them all. */
#if defined(__SANITIZE_ADDRESS__)
#define PERSONS 800
#define RANDOM(n) ((n) / 3)
#else
#define PERSONS 3000
#define RANDOM(n) (n)
#endif

static char dir[64];
static char *db_file;
static struct app app;

/* ---- the oracle: the list statement of schema version 1, verbatim but
 * for the citizen ID, which matches whole only since version 4 (?13), and
 * the words in any order (rank 4; the words in the table temp.word) ---- */

#define OLD_FROM                                                                                   \
    "p.id FROM person p "                                                                          \
    "JOIN unit c ON c.id = p.commune_id "                                                          \
    "LEFT JOIN unit d ON d.id = c.parent_id "                                                      \
    "LEFT JOIN unit v ON v.id = p.village_id "                                                     \
    "LEFT JOIN ethnic_group e ON e.id = p.ethnic_id "

/* every word in the name, village or commune, or (digits) in the phone or
 * the IMEI of a device held, or the whole citizen ID or birth year */
#define OLD_WORDS                                                                                  \
    "(?1 <> '' AND NOT EXISTS (SELECT 1 FROM temp.word w WHERE NOT ifnull("                        \
    "instr(p.name_fold, w.value) > 0 OR instr(v.name_fold, w.value) > 0 OR "                       \
    "instr(c.name_fold, w.value) > 0 OR (w.value NOT GLOB '*[^0-9]*' AND ("                        \
    "instr(p.phone, w.value) > 0 OR p.id_number = w.value OR "                                     \
    "CAST(p.birth_year AS TEXT) = w.value OR EXISTS (SELECT 1 FROM handover h2 "                   \
    "JOIN device d2 ON d2.id = h2.device_id WHERE h2.person_id = p.id AND h2.returned_on IS NULL " \
    "AND instr(d2.imei, w.value) > 0))), 0)))"

#define PERSON_WHERE                                                                               \
    "WHERE (?1 = '' OR p.name_fold LIKE ?2 ESCAPE '\\' OR p.id_number = ?13 OR "                   \
    "       p.phone LIKE ?3 OR " OLD_WORDS ") "                                                    \
    "AND (?4 = 0 OR c.parent_id = ?4) AND (?5 = 0 OR p.commune_id = ?5) "                          \
    "AND (?6 < 0 OR p.active = ?6) "                                                               \
    "AND (?7 = 0 OR (?7 = 1) = EXISTS (SELECT 1 FROM handover h WHERE h.person_id = p.id AND "     \
    "     h.returned_on IS NULL AND (?8 = 0 OR h.round_id = ?8))) "

#define PERSON_RANK                                                                                \
    "CASE WHEN ?1 = '' THEN 0 WHEN p.name_fold = ?1 THEN 0 WHEN p.name_fold LIKE ?9 ESCAPE '\\' "  \
    "THEN 1 WHEN p.name_fold LIKE ?10 ESCAPE '\\' THEN 2 WHEN p.name_fold LIKE ?2 ESCAPE '\\' "    \
    "OR p.id_number = ?13 OR p.phone LIKE ?3 THEN 3 ELSE 4 END"

static const char *const old_sql[2][4] = {
    {
        "SELECT " OLD_FROM PERSON_WHERE "ORDER BY " PERSON_RANK ", p.sort_key, p.id "
        "LIMIT ?11 OFFSET ?12",
        "SELECT " OLD_FROM PERSON_WHERE "ORDER BY " PERSON_RANK ", p.id LIMIT ?11 OFFSET ?12",
        "SELECT " OLD_FROM PERSON_WHERE "ORDER BY " PERSON_RANK
        ", d.name COLLATE vi, c.name COLLATE vi, p.sort_key, p.id LIMIT ?11 OFFSET ?12",
        "SELECT " OLD_FROM PERSON_WHERE "ORDER BY " PERSON_RANK
        ", p.birth_year, p.sort_key, p.id LIMIT ?11 OFFSET ?12",
    },
    {
        "SELECT " OLD_FROM PERSON_WHERE "ORDER BY " PERSON_RANK
        ", p.sort_key DESC, p.id DESC LIMIT ?11 OFFSET ?12",
        "SELECT " OLD_FROM PERSON_WHERE "ORDER BY " PERSON_RANK ", p.id DESC LIMIT ?11 OFFSET ?12",
        "SELECT " OLD_FROM PERSON_WHERE "ORDER BY " PERSON_RANK
        ", d.name COLLATE vi DESC, c.name COLLATE vi DESC, p.sort_key DESC, p.id DESC "
        "LIMIT ?11 OFFSET ?12",
        "SELECT " OLD_FROM PERSON_WHERE "ORDER BY " PERSON_RANK
        ", p.birth_year DESC, p.sort_key DESC, p.id DESC LIMIT ?11 OFFSET ?12",
    },
};

static char *like_escape(const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    for (; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\')
            strbuf_addch(&sb, '\\');
        strbuf_addch(&sb, *s);
    }
    return strbuf_detach(&sb, NULL);
}

/* The words of s (apart by spaces) into temp.word, for OLD_WORDS. */
static void set_words(const char *s)
{
    struct error err = ERROR_INIT;
    if (db_exec(app.db, "CREATE TEMP TABLE IF NOT EXISTS word(value TEXT); DELETE FROM temp.word",
                &err) != 0)
        fail_msg("temp.word: %s", error_msg(&err));
    while (*s) {
        size_t len = strcspn(s, " ");
        if (len) {
            struct stmt *st = db_stmt(app.db, "INSERT INTO temp.word VALUES (?)");
            char *w = xstrndup(s, len);
            stmt_bind_text(st, 1, w);
            assert_int_equal(stmt_exec(app.db, st, NULL), 0);
            free(w);
        }
        s += len;
        while (*s == ' ')
            s++;
    }
}

static void bind_old(struct stmt *st, const struct person_query *q)
{
    const char *s = q->search ? q->search : "";
    char *esc = like_escape(s);
    char *any = xasprintf("%%%s%%", esc);
    char *prefix = xasprintf("%s%%", esc);
    char *word = xasprintf("%% %s%%", esc);
    int digits = *s != '\0';
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            digits = 0;
    char *num = digits ? xasprintf("%%%s%%", s) : NULL;

    stmt_bind_text(st, 1, s);
    stmt_bind_text(st, 2, any);
    stmt_bind_text(st, 3, num ? num : "\x01");
    stmt_bind_int(st, 4, q->district_id);
    stmt_bind_int(st, 5, q->commune_id);
    stmt_bind_int(st, 6, q->active);
    stmt_bind_int(st, 7, q->status);
    stmt_bind_int(st, 8, q->round_id);
    stmt_bind_text(st, 9, prefix);
    stmt_bind_text(st, 10, word);
    stmt_bind_int(st, 11, q->limit > 0 ? q->limit : -1);
    stmt_bind_int(st, 12, q->offset);
    stmt_bind_text(st, 13, digits ? s : "\x01");
    free(esc);
    free(any);
    free(prefix);
    free(word);
    free(num);
}

struct ids {
    long long *v;
    size_t n, alloc;
};

static void ids_add(struct ids *x, long long id)
{
    if (x->n == x->alloc) {
        x->alloc = x->alloc ? x->alloc * 2 : 256;
        x->v = xrealloc(x->v, x->alloc * sizeof(*x->v));
    }
    x->v[x->n++] = id;
}

/* Every row the old statement lists for q (offset and limit ignored). */
static void old_list(const struct person_query *q, struct ids *out)
{
    struct person_query all = *q;
    all.offset = 0;
    all.limit = 0;
    set_words(q->search ? q->search : "");
    struct stmt *st = db_stmt(app.db, old_sql[q->descending ? 1 : 0][q->sort]);
    bind_old(st, &all);
    out->n = 0;
    while (stmt_step(app.db, st, NULL) == 1)
        ids_add(out, stmt_int(st, 0));
    stmt_done(st);
}

/* ---- the store under test ---- */

static int collect_id(const struct person *p, void *arg)
{
    ids_add(arg, p->id);
    return 0;
}

static void new_list(const struct person_query *q, struct ids *out)
{
    struct error err = ERROR_INIT;
    out->n = 0;
    if (person_search_each(app.db, q, collect_id, out, &err) != 0)
        fail_msg("person_search_each: %s", error_msg(&err));
}

static const char *describe(const struct person_query *q)
{
    static char buf[256];
    snprintf(buf, sizeof(buf),
             "search '%s' sort %d desc %d district %lld commune %lld active %d status %d round "
             "%lld",
             q->search ? q->search : "", (int)q->sort, q->descending, q->district_id, q->commune_id,
             q->active, (int)q->status, q->round_id);
    return buf;
}

static void expect_same(const struct person_query *q, const char *what, const long long *want,
                        size_t nwant, const struct ids *got)
{
    const char *who = q ? describe(q) : "";
    for (size_t i = 0; i < nwant && i < got->n; i++)
        if (want[i] != got->v[i])
            fail_msg("%s, %s: row %zu is %lld, expected %lld", who, what, i, got->v[i], want[i]);
    if (nwant != got->n)
        fail_msg("%s, %s: %zu rows, expected %zu", who, what, got->n, nwant);
}

static size_t min_sz(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* Compare every way of reading q's list with the oracle. */
static void compare(struct person_query q, int thorough)
{
    struct ids want = {0}, got = {0};
    struct error err = ERROR_INIT;
    long long count = -1;

    old_list(&q, &want);
    if (person_search_count(app.db, &q, &count, &err) != 0)
        fail_msg("person_search_count: %s", error_msg(&err));
    if ((size_t)count != want.n)
        fail_msg("%s: count %lld, expected %zu", describe(&q), count, want.n);

    /* the first page, as the search box and `capphat find` read it */
    q.limit = 50;
    new_list(&q, &got);
    expect_same(&q, "first 50", want.v, min_sz(50, want.n), &got);
    if (!thorough)
        goto done;

    /* every row */
    q.limit = 0;
    new_list(&q, &got);
    expect_same(&q, "all rows", want.v, want.n, &got);

    /* a page in the middle by offset */
    size_t off = want.n / 2;
    q.offset = (long long)off;
    q.limit = 20;
    new_list(&q, &got);
    expect_same(&q, "offset", want.v + off, min_sz(20, want.n - off), &got);

    /* the next pages after a row (keyset), and skipping from it */
    if (want.n > 1) {
        size_t at[3] = {0, want.n / 3, want.n - 1};
        for (int i = 0; i < 3; i++) {
            size_t k = at[i];
            q.after_id = want.v[k];
            q.offset = 0;
            q.limit = 20;
            new_list(&q, &got);
            expect_same(&q, "after a row", want.v + k + 1, min_sz(20, want.n - k - 1), &got);
            q.offset = 7;
            new_list(&q, &got);
            size_t from = min_sz(k + 8, want.n);
            expect_same(&q, "after a row, skipping 7", want.v + from, min_sz(20, want.n - from),
                        &got);
        }
    }

    /* the last page: the reversed order */
    q.after_id = 0;
    q.offset = 0;
    q.limit = 30;
    q.reverse = 1;
    new_list(&q, &got);
    {
        long long *rev = xcalloc(want.n + 1, sizeof(*rev));
        for (size_t i = 0; i < want.n; i++)
            rev[i] = want.v[want.n - 1 - i];
        expect_same(&q, "reversed", rev, min_sz(30, want.n), &got);
        /* and upwards from a row: what comes before it, nearest first */
        if (want.n > 2) {
            size_t k = want.n / 2; /* position in the reversed order */
            q.after_id = rev[k];
            q.limit = 25;
            new_list(&q, &got);
            expect_same(&q, "reversed after a row", rev + k + 1, min_sz(25, want.n - k - 1), &got);
        }
        free(rev);
    }
done:
    free(want.v);
    free(got.v);
}

/* ---- data ---- */

static unsigned long long rng_state = 88172645463325252ULL;
static unsigned long long rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void rename_person(long long id, const char *name)
{
    char *fold = text_fold(name);
    size_t len;
    unsigned char *key = collate_person_key(name, &len);
    struct stmt *st = db_stmt(app.db, "UPDATE person SET full_name = ?, name_fold = ?, "
                                      "sort_key = ? WHERE id = ?");
    stmt_bind_text(st, 1, name);
    stmt_bind_text(st, 2, fold);
    stmt_bind_blob(st, 3, key, len);
    stmt_bind_int(st, 4, id);
    assert_int_equal(stmt_exec(app.db, st, NULL), 0);
    free(fold);
    free(key);
}

static void exec(const char *sql)
{
    struct error err = ERROR_INIT;
    if (db_exec(app.db, sql, &err) != 0)
        fail_msg("%s: %s", sql, error_msg(&err));
}

static int setup(void **state)
{
    struct error err = ERROR_INIT;
    snprintf(dir, sizeof(dir), "%s/capphat-plist.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    db_file = xasprintf("%s/demo.db", dir);
    if (app_open(&app, db_file, DB_OPEN_CREATE, NULL, &err) != 0) {
        fprintf(stderr, "app_open: %s\n", error_msg(&err));
        return -1;
    }
    struct demo_options o = {.persons = PERSONS,
                             .devices = PERSONS,
                             .handovers = -1,
                             .sessions = 2,
                             .attendees = 10,
                             .seed = 7};
    if (demo_app_fill(&app, &o, &err) != 0) {
        fprintf(stderr, "demo: %s\n", error_msg(&err));
        return -1;
    }
    /* the corners the demo does not reach */
    exec("UPDATE person SET birth_year = NULL WHERE id % 17 = 0");
    exec("UPDATE person SET active = 0 WHERE id % 23 = 0");
    exec("UPDATE person SET phone = '0912345678' WHERE id % 101 = 0");
    rename_person(5, "Lò Văn Văn");
    rename_person(6, "Văn Lò Văn");
    rename_person(7, "Văn");
    rename_person(8, "Lò Văn Văn");
    rename_person(9, "Hà \"Thị\" 50% Nhung_A");
    rename_person(10, "Ma Seo Chứ");
    rename_person(11, "Ly A");
    rename_person(12, "Nguyễn Văn Văn Văn");
    return 0;
}

static int teardown(void **state)
{
    app_close(&app);
    char *cmd = xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
    free(cmd);
    free(db_file);
    return 0;
}

struct names {
    char **v;
    size_t n, alloc;
};

static void pick_names(struct names *ns)
{
    struct stmt *st = db_stmt(app.db, "SELECT name_fold FROM person ORDER BY id");
    while (stmt_step(app.db, st, NULL) == 1) {
        if (ns->n == ns->alloc) {
            ns->alloc = ns->alloc ? ns->alloc * 2 : 1024;
            ns->v = xrealloc(ns->v, ns->alloc * sizeof(*ns->v));
        }
        ns->v[ns->n++] = xstrdup(stmt_text(st, 0));
    }
    stmt_done(st);
}

static long long pick_id(const char *sql)
{
    struct stmt *st = db_stmt(app.db, sql);
    long long id = 0;
    if (stmt_step(app.db, st, NULL) == 1)
        id = stmt_int(st, 0);
    stmt_done(st);
    return id;
}

/* One query with every sort and direction, a filter chosen by n. */
static void compare_all_sorts(const char *text, int n, int thorough)
{
    static long long district, commune, round;
    if (!district) {
        district = pick_id("SELECT c.parent_id FROM person p JOIN unit c ON c.id = p.commune_id "
                           "GROUP BY c.parent_id ORDER BY count(*) DESC LIMIT 1");
        commune = pick_id("SELECT commune_id FROM person GROUP BY commune_id "
                          "ORDER BY count(*) DESC LIMIT 1");
        round = pick_id("SELECT round_id FROM handover WHERE round_id IS NOT NULL "
                        "AND returned_on IS NULL LIMIT 1");
    }
    for (int sort = 0; sort < 4; sort++)
        for (int desc = 0; desc < 2; desc++) {
            struct person_query q = {
                .search = text, .active = -1, .sort = sort, .descending = desc};
            switch ((n + sort) % 7) {
            case 1:
                q.district_id = district;
                break;
            case 2:
                q.commune_id = commune;
                break;
            case 3:
                q.active = 1;
                break;
            case 4:
                q.active = 0;
                break;
            case 5:
                q.status = PERSON_WITH_DEVICE;
                q.round_id = round;
                break;
            case 6:
                q.status = PERSON_WITHOUT_DEVICE;
                q.district_id = district;
                break;
            default:
                break;
            }
            compare(q, thorough);
        }
}

/* A part of word k (0: the first) of s, from its start or not. */
static void add_part(struct strbuf *sb, const char *s, int k)
{
    while (k-- > 0 && strchr(s, ' '))
        s = strchr(s, ' ') + 1;
    size_t len = strcspn(s, " ");
    size_t from = rng() % 2 ? 0 : rng() % len;
    size_t take = 1 + rng() % (len - from);
    if (sb->len)
        strbuf_addch(sb, ' ');
    strbuf_add(sb, s + from, take);
}

static int nwords(const char *s)
{
    int n = 1;
    for (; *s; s++)
        n += *s == ' ';
    return n;
}

/* Texts of several words for one person picked at random. */
static void word_texts(void (*each)(const char *text, int n, void *arg), void *arg, int *n)
{
    struct stmt *st = db_stmt(
        app.db, "SELECT p.name_fold, v.name_fold, c.name_fold, (SELECT d.imei FROM handover h "
                "JOIN device d ON d.id = h.device_id WHERE h.person_id = p.id AND h.returned_on "
                "IS NULL), p.birth_year FROM person p LEFT JOIN unit v ON v.id = p.village_id "
                "JOIN unit c ON c.id = p.commune_id WHERE p.id = ?");
    stmt_bind_int(st, 1, 1 + (long long)(rng() % PERSONS));
    if (stmt_step(app.db, st, NULL) != 1) {
        stmt_done(st);
        return;
    }
    const char *name = stmt_text(st, 0), *village = stmt_text(st, 1), *commune = stmt_text(st, 2),
               *imei = stmt_text(st, 3);
    struct strbuf t = STRBUF_INIT;
    int k = nwords(name);
    /* two words of the name the other way round */
    add_part(&t, name, (int)(rng() % (unsigned)k));
    add_part(&t, name, 0);
    each(t.buf, (*n)++, arg);
    /* the commune or the village, then the name */
    strbuf_reset(&t);
    add_part(&t, rng() % 2 && village ? village : commune, 0);
    add_part(&t, name, k - 1);
    each(t.buf, (*n)++, arg);
    /* a word of the name and the birth year ("thuong 1980"), the year
     * first or alone */
    if (stmt_int(st, 4) > 0) {
        strbuf_reset(&t);
        add_part(&t, name, k - 1);
        strbuf_addf(&t, " %lld", stmt_int(st, 4));
        each(t.buf, (*n)++, arg);
        strbuf_reset(&t);
        strbuf_addf(&t, "%lld", stmt_int(st, 4));
        add_part(&t, name, 0);
        each(t.buf, (*n)++, arg);
        strbuf_reset(&t);
        strbuf_addf(&t, "%lld", stmt_int(st, 4));
        each(t.buf, (*n)++, arg);
    }
    /* digits of the IMEI held, and a word of the name (stmt_text reads a
     * NULL as "": a person holding no phone has no digits to take) */
    if (imei && strlen(imei) >= 15) {
        strbuf_reset(&t);
        size_t from = rng() % 10;
        strbuf_add(&t, imei + from, 3 + rng() % 5);
        add_part(&t, name, (int)(rng() % (unsigned)k));
        each(t.buf, (*n)++, arg);
        /* a short word with a longer one, and the IMEI alone */
        strbuf_reset(&t);
        strbuf_add(&t, name, 1);
        strbuf_addch(&t, ' ');
        strbuf_add(&t, imei + from, 5);
        each(t.buf, (*n)++, arg);
    }
    strbuf_release(&t);
    stmt_done(st);
}

static void search_texts(void (*each)(const char *text, int n, void *arg), void *arg, int count)
{
    struct names ns = {0};
    pick_names(&ns);
    static const char *const fixed[] = {"van",       "van van", "lo van van", "a",       "f",
                                        "zzzz",      "\"",      "\"thi\"",    "50%",     "%",
                                        "_",         "nhung_a", "12",         "0912",    "345678",
                                        "091234567", "ly a",    "h",          "seo chu", "n",
                                        "van lo",    "chu seo", "a ly",       "x y",     "lo van a",
                                        "a 0912",    "thi 50%", "nhung_a ha", "van a b"};
    int n = 0;
    for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
        each(fixed[i], n++, arg);
    /* citizen IDs (12 digits, and 9 of old cards): whole, and parts of
     * them that must find no one by the ID */
    struct stmt *st = db_stmt(app.db, "SELECT id_number FROM person WHERE id_number IS NOT NULL "
                                      "AND length(id_number) IN (9, 12) "
                                      "ORDER BY length(id_number), id LIMIT 6");
    while (stmt_step(app.db, st, NULL) == 1) {
        const char *id = stmt_text(st, 0);
        int len = (int)strlen(id);
        const int part[][2] = {{0, len}, {0, 6}, {0, len - 1}, {1, len - 1}, {3, 6}, {len - 4, 4}};
        for (size_t i = 0; i < sizeof(part) / sizeof(*part); i++) {
            char *t = xstrndup(id + part[i][0], (size_t)part[i][1]);
            each(t, n++, arg);
            free(t);
        }
    }
    stmt_done(st);
    for (int i = 0; i < count; i++) {
        const char *name = ns.v[rng() % ns.n];
        size_t len = strlen(name);
        size_t from = rng() % 3 == 0 ? 0 : rng() % len;
        if (rng() % 2) {
            /* from the start of a word, as people type */
            while (from > 0 && name[from - 1] != ' ')
                from--;
        }
        size_t take = 1 + rng() % 12;
        if (from + take > len)
            take = len - from;
        char *text = xstrndup(name + from, take);
        char *fold = text_fold(text);
        if (*fold)
            each(fold, n++, arg);
        free(fold);
        free(text);
    }
    /* words in any order and any part: of a name, its village or commune,
     * the IMEI of a device held */
    for (int i = 0; i < count / 12 + 1; i++)
        word_texts(each, arg, &n);
    for (size_t i = 0; i < ns.n; i++)
        free(ns.v[i]);
    free(ns.v);
}

static void each_query(const char *text, int n, void *arg)
{
    compare_all_sorts(text, n, *(int *)arg);
}

/* The default: sparse tiers read from the name and trigram indexes. */
static void search_matches_old_statement(void **state)
{
    int thorough = 1;
    search_texts(each_query, &thorough, RANDOM(60));
}

/* Every tier walked in the list's order (what happens to dense tiers). */
static void search_walked_matches_old_statement(void **state)
{
    int thorough = 1;
    person_search_set_collect_cap(0);
    search_texts(each_query, &thorough, RANDOM(25));
    person_search_set_collect_cap(-1);
}

/* More queries, first page only, as the search box reads them. */
static void search_first_pages_match(void **state)
{
    int thorough = 0;
    search_texts(each_query, &thorough, RANDOM(300));
}

/* No search: every sort, direction and filter, all paging forms. */
static void lists_match_old_statement(void **state)
{
    for (int n = 0; n < 7; n++)
        compare_all_sorts(NULL, n, 1);
}

/* The block of names counts the persons in whose name, village or commune
 * each word of the text is found, as instr() finds it, any text; and for
 * a search it answers, what person_search_count counts. */
static void names_count_one(const char *text, int n, void *arg)
{
    const struct person_names *names = arg;
    set_words(text);
    struct stmt *st =
        db_stmt(app.db, "SELECT count(*) FROM person p LEFT JOIN unit v ON v.id = p.village_id "
                        "LEFT JOIN unit c ON c.id = p.commune_id WHERE NOT EXISTS (SELECT 1 FROM "
                        "temp.word w WHERE NOT ifnull(instr(p.name_fold, w.value) > 0 OR "
                        "instr(v.name_fold, w.value) > 0 OR instr(c.name_fold, w.value) > 0, 0))");
    assert_int_equal(stmt_step(app.db, st, NULL), 1);
    long long want = strchr(text, '\n') || strchr(text, '\t') ? 0 : stmt_int(st, 0);
    stmt_done(st);
    long long got = person_search_names_count(names, text);
    if (got != want)
        fail_msg("names '%s': %lld, expected %lld", text, got, want);
    struct person_query q = {.search = text, .active = -1};
    if (person_search_names_answer(&q)) {
        assert_int_equal(person_search_count(app.db, &q, &want, NULL), 0);
        if (got != want)
            fail_msg("names '%s': %lld, person_search_count %lld", text, got, want);
    }
}

static void names_count_matches_sql(void **state)
{
    struct person_names names = {0};
    struct error err = ERROR_INIT;
    assert_int_equal(person_search_names_load(app.db, &names, &err), 0);
    search_texts(names_count_one, &names, 300);
    static const char *const more[] = {"", " ", "n", "ng", "ê", "ễ", "văn", "a\n"};
    for (size_t i = 0; i < sizeof(more) / sizeof(*more); i++)
        names_count_one(more[i], 0, &names);
    /* a name renamed: the block is stale until loaded again */
    long long before = person_search_names_count(&names, "qz");
    rename_person(13, "Qzzy Văn");
    assert_int_equal(person_search_names_load(app.db, &names, &err), 0);
    assert_int_equal(person_search_names_count(&names, "qz"), before + 1);
    names_count_one("qz", 0, &names);
    person_search_names_release(&names);
    assert_null(names.buf);
    /* which searches it answers: words without one of digits only, over
     * everyone */
    struct person_query q = {.active = -1, .search = "ng"};
    assert_true(person_search_names_answer(&q));
    q.search = "ễ";
    assert_true(person_search_names_answer(&q));
    q.search = "ngu";
    assert_true(person_search_names_answer(&q));
    q.search = "a05 van";
    assert_true(person_search_names_answer(&q));
    q.search = "12";
    assert_false(person_search_names_answer(&q));
    q.search = "van 12";
    assert_false(person_search_names_answer(&q));
    q.search = "";
    assert_false(person_search_names_answer(&q));
    q.search = "ng";
    q.district_id = 1;
    assert_false(person_search_names_answer(&q));
}

/* The trigram index follows changes made by any program (triggers). */
static void trigram_index_follows_changes(void **state)
{
    struct person_query q = {.search = "xyzzyq", .active = -1};
    long long n = 0;
    rename_person(20, "Xyzzyq Thị Lan");
    assert_int_equal(person_search_count(app.db, &q, &n, NULL), 0);
    assert_int_equal(n, 1);
    compare(q, 1);
    rename_person(20, "Hoàng Thị Lan");
    assert_int_equal(person_search_count(app.db, &q, &n, NULL), 0);
    assert_int_equal(n, 0);
    q.search = "0987654";
    exec("UPDATE person SET phone = '0987654321' WHERE id = 21");
    assert_int_equal(person_search_count(app.db, &q, &n, NULL), 0);
    assert_int_equal(n, 1);
    compare(q, 1);
}

/* Whether the list of q holds person id. */
static int lists(struct person_query q, long long id)
{
    struct ids got = {0};
    int found = 0;
    new_list(&q, &got);
    for (size_t i = 0; i < got.n; i++)
        found |= got.v[i] == id;
    free(got.v);
    return found;
}

/* A citizen ID is found whole, never by a part of it: not by the digits
 * before or after the masked ones, nor by any other run of its digits. */
static void cccd_found_only_whole(void **state)
{
    static const char *const ids[] = {"006123452630", "081726354"};
    for (size_t k = 0; k < 2; k++) {
        const char *id = ids[k];
        size_t len = strlen(id);
        /* a person holding no device: the digits of its IMEI would find them */
        long long pid =
                      pick_id(k ? "SELECT id FROM person WHERE id NOT IN (SELECT person_id FROM "
                                  "handover WHERE returned_on IS NULL) ORDER BY id LIMIT 1 OFFSET 1"
                                : "SELECT id FROM person WHERE id NOT IN (SELECT person_id FROM "
                                  "handover WHERE returned_on IS NULL) ORDER BY id LIMIT 1"),
                  n = -1;
        struct stmt *st = db_stmt(app.db, "UPDATE person SET id_number = NULL WHERE "
                                          "id_number = ?");
        stmt_bind_text(st, 1, id);
        assert_int_equal(stmt_exec(app.db, st, NULL), 0);
        st = db_stmt(app.db, "UPDATE person SET id_number = ?, phone = NULL WHERE id = ?");
        stmt_bind_text(st, 1, id);
        stmt_bind_int(st, 2, pid);
        assert_int_equal(stmt_exec(app.db, st, NULL), 0);

        for (size_t from = 0; from < len; from++)
            for (size_t take = 1; from + take <= len; take++) {
                char *t = xstrndup(id + from, take);
                struct person_query q = {.search = t, .active = -1};
                int whole = take == len;
                if (lists(q, pid) != whole)
                    fail_msg("search '%s': person %lld %s", t, pid,
                             whole ? "not found" : "found by a part of the citizen ID");
                for (int cap = 0; cap < 2; cap++) {
                    /* every tier walked, and read from the indexes */
                    person_search_set_collect_cap(cap ? -1 : 0);
                    q.limit = 50;
                    if (lists(q, pid) != whole)
                        fail_msg("search '%s' (first page): wrong", t);
                }
                person_search_set_collect_cap(-1);
                free(t);
            }
        struct person_query q = {.search = id, .active = -1};
        assert_int_equal(person_search_count(app.db, &q, &n, NULL), 0);
        assert_int_equal(n, 1);
        compare(q, 1);
        /* with a filter: the count reads the rows the indexes name */
        q.active = 1;
        assert_int_equal(person_search_count(app.db, &q, &n, NULL), 0);
        assert_int_equal(n, pid % 23 == 0 ? 0 : 1);
        compare(q, 1);
    }
}

/* ---- devices: the list statement of schema version 1 as the oracle ---- */

#define OLD_DEVICE_FROM                                                                            \
    "d.id FROM device d LEFT JOIN round r ON r.id = d.round_id "                                   \
    "LEFT JOIN handover h ON h.device_id = d.id AND h.returned_on IS NULL "                        \
    "LEFT JOIN person pe ON pe.id = h.person_id "
/* the status as read: handed over while a handover is open (schema step 12) */
#define STATUS "CASE WHEN h.id IS NULL THEN d.status ELSE 'handed_over' END"
/* every word in the model, the holder's name, village or commune, or
 * (digits) in either IMEI or the holder's phone, or the holder's whole
 * citizen ID */
#define OLD_DEVICE_WORDS                                                                           \
    "(?1 <> '' AND NOT EXISTS (SELECT 1 FROM temp.word w WHERE NOT ifnull("                        \
    "instr(fold(d.model), w.value) > 0 OR instr(pe.name_fold, w.value) > 0 OR "                    \
    "instr((SELECT name_fold FROM unit WHERE id = pe.village_id), w.value) > 0 OR "                \
    "instr((SELECT name_fold FROM unit WHERE id = pe.commune_id), w.value) > 0 OR "                \
    "(w.value NOT GLOB '*[^0-9]*' AND (instr(d.imei, w.value) > 0 OR "                             \
    "instr(d.imei2, w.value) > 0 OR instr(pe.phone, w.value) > 0 OR "                              \
    "pe.id_number = w.value)), 0)))"
#define OLD_DEVICE_WHERE                                                                           \
    "WHERE (?1 = '' OR d.imei LIKE ?2 OR d.imei2 LIKE ?2 OR lower(d.model) LIKE ?3 ESCAPE '\\' "   \
    "       OR fold(pe.full_name) LIKE ?3 ESCAPE '\\' OR " OLD_DEVICE_WORDS ") "                   \
    "AND (?4 IS NULL OR " STATUS " = ?4) AND (?5 = 0 OR d.round_id = ?5) "                         \
    "AND (?6 = 0 OR pe.commune_id IN (SELECT id FROM unit WHERE parent_id = ?6)) "                 \
    "AND (?7 = 0 OR pe.commune_id = ?7) "
#define OLD_DEVICE(order) "SELECT " OLD_DEVICE_FROM OLD_DEVICE_WHERE "ORDER BY " order " LIMIT -1"
static const char *const old_device_sql[2][4] = {
    {OLD_DEVICE("d.imei"), OLD_DEVICE("d.model COLLATE vi, d.imei"), OLD_DEVICE(STATUS ", d.imei"),
     OLD_DEVICE("d.id")},
    {OLD_DEVICE("d.imei DESC"), OLD_DEVICE("d.model COLLATE vi DESC, d.imei DESC"),
     OLD_DEVICE(STATUS " DESC, d.imei DESC"), OLD_DEVICE("d.id DESC")},
};

static void old_devices(const struct device_query *q, struct ids *out)
{
    const char *s = q->search ? q->search : "";
    char *esc = like_escape(s);
    struct strbuf digits = STRBUF_INIT;
    int only_digits = *s != '\0';
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            strbuf_addch(&digits, *p);
        else if (*p != ' ' && *p != '-')
            only_digits = 0;
    }
    char *imei_like = only_digits ? xasprintf("%%%s%%", digits.buf) : xstrdup("\x01");
    char *text_like = xasprintf("%%%s%%", esc);
    set_words(s);
    struct stmt *st = db_stmt(app.db, old_device_sql[q->descending ? 1 : 0][q->sort]);
    stmt_bind_text(st, 1, s);
    stmt_bind_text(st, 2, imei_like);
    stmt_bind_text(st, 3, text_like);
    stmt_bind_text(st, 4, q->status);
    stmt_bind_int(st, 5, q->round_id);
    stmt_bind_int(st, 6, q->district_id);
    stmt_bind_int(st, 7, q->commune_id);
    out->n = 0;
    while (stmt_step(app.db, st, NULL) == 1)
        ids_add(out, stmt_int(st, 0));
    stmt_done(st);
    free(esc);
    free(imei_like);
    free(text_like);
    strbuf_release(&digits);
}

static int collect_device(const struct device *d, void *arg)
{
    ids_add(arg, d->id);
    return 0;
}

static void new_devices(const struct device_query *q, struct ids *out)
{
    struct error err = ERROR_INIT;
    out->n = 0;
    if (device_store_each(app.db, q, collect_device, out, &err) != 0)
        fail_msg("device_store_each: %s", error_msg(&err));
}

static const char *describe_device(const struct device_query *q)
{
    static char buf[256];
    snprintf(buf, sizeof(buf),
             "devices: search '%s' sort %d desc %d status %s round %lld "
             "district %lld commune %lld",
             q->search ? q->search : "", q->sort, q->descending, q->status ? q->status : "-",
             q->round_id, q->district_id, q->commune_id);
    return buf;
}

static void compare_devices(struct device_query q)
{
    struct ids want = {0}, got = {0};
    struct error err = ERROR_INIT;
    long long count = -1;
    char what[320];

    old_devices(&q, &want);
    if (device_store_count(app.db, &q, &count, &err) != 0)
        fail_msg("device_store_count: %s", error_msg(&err));
    if ((size_t)count != want.n)
        fail_msg("%s: count %lld, expected %zu", describe_device(&q), count, want.n);
    new_devices(&q, &got);
    expect_same(NULL, describe_device(&q), want.v, want.n, &got);
    for (size_t k = 0; k < want.n; k += want.n / 4 + 1) {
        q.after_id = want.v[k];
        q.limit = 20;
        q.offset = k % 3;
        new_devices(&q, &got);
        size_t from = min_sz(k + 1 + k % 3, want.n);
        snprintf(what, sizeof(what), "%s, after row %zu", describe_device(&q), k);
        expect_same(NULL, what, want.v + from, min_sz(20, want.n - from), &got);
    }
    q.after_id = 0;
    q.offset = 0;
    q.reverse = 1;
    q.limit = 15;
    new_devices(&q, &got);
    for (size_t i = 0; i < got.n; i++)
        if (got.v[i] != want.v[want.n - 1 - i])
            fail_msg("%s, reversed: row %zu is device %lld", describe_device(&q), i, got.v[i]);
    if (got.n != min_sz(15, want.n))
        fail_msg("%s, reversed: %zu rows", describe_device(&q), got.n);
    free(want.v);
    free(got.v);
}

/* Devices: every sort, direction, a filter, paging after a row and reversed. */
static void device_lists_match_old_statement(void **state)
{
    static const char *const statuses[] = {NULL, "in_stock", "handed_over"};
    const char *texts[] = {NULL,  "35",      "a0",     "samsung", "nguyen", "van",
                           "zzz", "a05 van", "van 35", "na 8",    "3 5"};
    long long district = pick_id("SELECT c.parent_id FROM person p JOIN unit c ON "
                                 "c.id = p.commune_id GROUP BY 1 ORDER BY count(*) DESC");
    long long commune = pick_id("SELECT commune_id FROM person GROUP BY 1 ORDER BY count(*) DESC");
    long long round = pick_id("SELECT round_id FROM device WHERE round_id IS NOT NULL");
    int n = 0;
    for (size_t t = 0; t < sizeof(texts) / sizeof(*texts); t++)
        for (int sort = 0; sort < 4; sort++)
            for (int desc = 0; desc < 2; desc++, n++) {
                struct device_query q = {.search = texts[t], .sort = sort, .descending = desc};
                switch (n % 5) {
                case 1:
                    q.status = statuses[1 + n % 2];
                    break;
                case 2:
                    q.round_id = round;
                    break;
                case 3:
                    q.district_id = district;
                    break;
                case 4:
                    q.commune_id = commune;
                    break;
                default:
                    break;
                }
                compare_devices(q);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lists_match_old_statement),
        cmocka_unit_test(search_matches_old_statement),
        cmocka_unit_test(search_walked_matches_old_statement),
        cmocka_unit_test(search_first_pages_match),
        cmocka_unit_test(names_count_matches_sql),
        cmocka_unit_test(trigram_index_follows_changes),
        cmocka_unit_test(cccd_found_only_whole),
        cmocka_unit_test(device_lists_match_old_statement),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
