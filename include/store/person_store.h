/*
 * person_store: the registry of prestigious persons (người có uy tín).
 * Rows are written only through src/app/ (which checks the rules and writes
 * the audit log). The lists (search, filters, sorts and paging) are
 * person_search.h; many rows added at once (an import), person_load.h.
 */
#ifndef STORE_PERSON_STORE_H
#define STORE_PERSON_STORE_H

#include <stddef.h>

#include "core/error.h"
#include "store/field.h"

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
    char *recognised_on; /* the date of the decision, YYYY-MM-DD, or NULL */
    char *note;
    int active;
    char *created_at, *updated_at;
    /* filled by lists: the open handover, if any */
    char *imei;
    char *receipt_no;
    long long version; /* one more at each change (person_store_update) */
};

void person_release(struct person *p);

/*
 * A person as typed (the command line, a form, an imported row): each field
 * as text, NULL when not given (on edit: unchanged; "" clears). The field
 * table (person_kind) says where each goes and how it is checked
 * (src/app/person_app.c). An error about a value names its field by the
 * member's name here ("birth_year", "cccd"; "commune" for commune_id).
 */
struct person_input {
    const char *full_name;
    const char *gender;     /* M/F, Nam/Nữ, male/female */
    const char *birth_year; /* YYYY, or a date whose year is taken */
    const char *ethnic;
    const char *district;
    const char *commune;
    /* the date the commune's name refers to (any form date_parse reads):
     * a name shared by an old and a new commune is the one valid then */
    const char *as_of;
    /* a commune chosen from a list (the full-screen form): when non-zero,
     * used instead of district and commune, which are not looked up */
    long long commune_id;
    const char *village;
    const char *cccd;
    const char *phone;
    const char *role;
    const char *decision;
    const char *recognised_on;
    const char *note;
    const char *active; /* "1"/"0", yes/no */
};

/* The person's field table (store/field.h): defined in person_store.c. */
extern struct record_kind person_kind;

/* Values to write; the sort key and folded name are computed by the caller (app). */
int person_store_insert(struct db *db, const struct person *p, const char *name_fold,
                        const unsigned char *sort_key, size_t key_len, long long *id,
                        struct error *err);
int person_store_update(struct db *db, const struct person *p, const char *name_fold,
                        const unsigned char *sort_key, size_t key_len, struct error *err);

/*
 * Look-ups return 0 with the value in the out-parameter, ERR_NOT_FOUND
 * (err names what was sought) when there is no such record, or another
 * negative ERR_* when the database could not be read (busy, damaged, I/O):
 * a failed read is never taken for a missing record.
 */

/* ERR_NOT_FOUND with "no person with id N" when absent. Release with person_release. */
int person_store_get(struct db *db, long long id, struct person *out, struct error *err);

/* The id of the person holding this citizen ID into *id (0 unless found). */
int person_store_find_id_number(struct db *db, const char *id_number, long long *id,
                                struct error *err);

/* A person registered with the same folded name and birth year in a commune. */
struct person_namesake {
    long long id;
    char *full_name;
    char *id_number; /* NULL: none */
};

/*
 * The persons registered with the folded name name_fold and birth_year
 * (0 matches unknown) in commune_id, by id, into *out (*n of them, maybe 0;
 * free with person_namesakes_free). The import tells duplicates from
 * namesakes with them.
 */
int person_store_find_namesakes(struct db *db, const char *name_fold, int birth_year,
                                long long commune_id, struct person_namesake **out, size_t *n,
                                struct error *err);
void person_namesakes_free(struct person_namesake *list, size_t n);

/* JSON object of the row as stored (for the audit log; a new string the
 * caller frees) into *out (NULL unless found). */
int person_store_snapshot(struct db *db, long long id, char **out, struct error *err);

/* Rebuild every person's sort key with fn (after an ICU upgrade). */
int person_store_rekey(struct db *db, unsigned char *(*fn)(const char *name, size_t *len),
                       struct error *err);

#endif
