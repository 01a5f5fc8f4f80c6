/*
 * person_search: the person lists: search by words of the name, village,
 * commune, phone, IMEI of a device held or the whole citizen ID,
 * filters, four sorts, and paging that costs the same at either end of
 * 100,000 rows; src/store/person_search.c says how. The rows are struct
 * person (person_store.h).
 */
#ifndef STORE_PERSON_SEARCH_H
#define STORE_PERSON_SEARCH_H

#include <stddef.h>

#include "core/error.h"
#include "store/person_store.h"

struct db;

/* What a list shows: every filter is optional (0 / NULL = all). */
enum person_sort { PERSON_SORT_NAME = 0, PERSON_SORT_ID, PERSON_SORT_COMMUNE, PERSON_SORT_BIRTH };

struct person_query {
    const char *search; /* folded text (text_fold): words, see person_search_each */
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

/*
 * Calls fn for each person the query selects, in order, until fn returns
 * non-zero (that value is returned). Returns 0 or a negative ERR_*.
 * A search text matches a person whose name holds it (or, digits, whose
 * phone holds it or whose citizen ID it is, whole), or in whom each of its
 * words is found, in any order: inside the name, the village's or the
 * commune's name, or for digits inside the phone or the IMEI of a device
 * held, or as the whole citizen ID (never a part of it).
 * The order: with a search text, whole-name matches first, then names
 * starting with the text, then names with a word starting with it, then
 * any other match of the whole text, then the matches of its words;
 * within each of these, and without search, the sort
 * (ascending or descending) and then the id. A page costs about the same
 * wherever it is in the list (indexes are walked, not sorted): use
 * after_id for the next page and reverse for the last.
 */
typedef int (*person_fn)(const struct person *p, void *arg);
int person_search_each(struct db *db, const struct person_query *q, person_fn fn, void *arg,
                       struct error *err);
int person_search_count(struct db *db, const struct person_query *q, long long *n,
                        struct error *err);

/*
 * Every person's folded name, village and commune in one block, for
 * counting a search as it is typed: a text of one or two letters matches
 * most names and no index narrows it, and a word found in the names of
 * villages or communes names thousands of persons whose rows SQL reads
 * (5-20 ms at 100,000 persons), where this block is searched in a
 * millisecond or two. The caller keeps it
 * while the data is unchanged (the full-screen program: until its
 * generation moves) and releases it with person_search_names_release.
 */
struct person_names {
    char *buf; /* each person's name, village, commune, apart by '\t', and '\n' */
    size_t len;
};
int person_search_names_load(struct db *db, struct person_names *names, struct error *err);
/* Whether q is a search that person_search_names_count answers as
 * person_search_count would: no filter, and no word of digits only (those
 * are found in phones, IMEIs and citizen IDs too). */
int person_search_names_answer(const struct person_query *q);
/* Persons in whose folded name, village or commune each word of fold
 * (apart by spaces; at most 16) is found, as instr() finds it: for such a
 * search, its count (a name that holds the whole text holds each word). */
long long person_search_names_count(const struct person_names *names, const char *fold);
void person_search_names_release(struct person_names *names);

#endif
