/*
 * person_store: the registry of prestigious persons (người có uy tín).
 * Rows are written only through src/app/ (which checks the rules and writes
 * the audit log); lists are read page by page so that 100,000 rows open at
 * once. Many rows added at once (an import) go through person_load.h.
 */
#ifndef STORE_PERSON_STORE_H
#define STORE_PERSON_STORE_H

#include <stddef.h>

#include "core/error.h"

struct db;

struct person {
    long long id;
    char *full_name;
    char gender;    /* 'M' or 'F' */
    int birth_year; /* 0 = unknown */
    long long ethnic_id;
    char *ethnic;
    /* the commune the person is registered in, as the records name it */
    long long commune_id;
    char *commune;
    char *commune_kind; /* "Xã", "Phường", "Thị trấn" */
    /* its district (a commune of 2023); 0 and NULL for a commune of 2025 */
    long long district_id;
    char *district;
    /* the unit above the commune: the district, or the province (2025) */
    char *upper, *upper_kind;
    /* the commune that stands for it today and the unit above that, when
     * it was replaced (a commune of 2023 after 1 July 2025); else 0, NULL */
    long long now_commune_id;
    char *now_commune, *now_commune_kind, *now_upper, *now_upper_kind;
    long long village_id;
    char *village;
    char *id_number; /* CCCD or CMND digits, NULL when unknown */
    char *id_kind;   /* "cccd", "cmnd" or NULL */
    char *phone;
    char *role;
    char *decision;
    char *note;
    int active;
    char *created_at, *updated_at;
    /* filled by lists: the open handover, if any */
    char *imei;
    char *receipt_no;
    long long version; /* one more at each change (person_store_update) */
};

void person_release(struct person *p);

/* What a list shows: every filter is optional (0 / NULL = all). */
enum person_sort { PERSON_SORT_NAME = 0, PERSON_SORT_ID, PERSON_SORT_COMMUNE, PERSON_SORT_BIRTH };

struct person_query {
    const char *search; /* folded text: name substring, or id/phone digits */
    long long district_id;
    long long commune_id;
    long long round_id; /* with status: handover in that round */
    int active;         /* -1 any, 0 inactive, 1 active */
    enum {
        PERSON_ANY = 0,
        PERSON_WITH_DEVICE,    /* has an open handover */
        PERSON_WITHOUT_DEVICE, /* has none */
    } status;
    enum person_sort sort;
    int descending;
    /*
     * Paging. reverse: the same rows in exactly the opposite order (the last
     * first), so the end of a list costs what its start costs. after_id:
     * only the rows that come after this person in that order, as if the
     * list went on from that row (keyset paging: no rows are counted from
     * the top); 0 = from the start. offset then skips rows from there.
     */
    int reverse;
    long long after_id;
    long long offset;
    long long limit; /* 0 = no limit */
};

/* Values to write; the sort key and folded name are computed by the caller (app). */
int person_store_insert(struct db *db, const struct person *p, const char *name_fold,
                        const unsigned char *sort_key, size_t key_len, long long *id,
                        struct error *err);
int person_store_update(struct db *db, const struct person *p, const char *name_fold,
                        const unsigned char *sort_key, size_t key_len, struct error *err);

/* ERR_NOT_FOUND with "no person with id N" when absent. Release with person_release. */
int person_store_get(struct db *db, long long id, struct person *out, struct error *err);

/* The person holding this citizen ID, or 0. */
long long person_store_find_id_number(struct db *db, const char *id_number);

/*
 * A person already registered with the same folded name and birth year in
 * the same commune (a likely duplicate), or 0. birth_year 0 matches unknown.
 */
long long person_store_find_same(struct db *db, const char *name_fold, int birth_year,
                                 long long commune_id);

/* JSON object of the row as stored (for the audit log); caller frees; NULL if absent. */
char *person_store_snapshot(struct db *db, long long id);

/*
 * Calls fn for each person the query selects, in order, until fn returns
 * non-zero (that value is returned). Returns 0 or a negative ERR_*.
 * The order: with a search text, whole-name matches first, then names
 * starting with the text, then names with a word starting with it, then
 * any other match; within each of these, and without search, the sort
 * (ascending or descending) and then the id. A page costs about the same
 * wherever it is in the list (indexes are walked, not sorted): use
 * after_id for the next page and reverse for the last.
 */
typedef int (*person_fn)(const struct person *p, void *arg);
int person_store_each(struct db *db, const struct person_query *q, person_fn fn, void *arg,
                      struct error *err);
int person_store_count(struct db *db, const struct person_query *q, long long *n,
                       struct error *err);

/*
 * Every person's folded name in one block, for counting a search of one or
 * two letters: such a text matches most names, no index narrows it, and
 * counting it in SQL reads every name (5-20 ms at 100,000 persons) where
 * this block is searched in well under a millisecond. The caller keeps it
 * while the data is unchanged (the full-screen program: until its
 * generation moves) and releases it with person_names_release.
 */
struct person_names {
    char *buf; /* each name followed by '\n' */
    size_t len;
};
int person_names_load(struct db *db, struct person_names *names, struct error *err);
/* Whether q is such a search (1-2 letters, not digits, no filter), which
 * person_names_count answers as person_store_count would. */
int person_names_answer(const struct person_query *q);
/* Persons whose folded name contains fold: instr(name_fold, fold) > 0. */
long long person_names_count(const struct person_names *names, const char *fold);
void person_names_release(struct person_names *names);

/* Rebuild every person's sort key with fn (after an ICU upgrade). */
int person_store_rekey(struct db *db, unsigned char *(*fn)(const char *name, size_t *len),
                       struct error *err);

#endif
