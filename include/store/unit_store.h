/*
 * unit_store: administrative units (province, district, commune, village)
 * with their GSO codes and validity dates, and ethnic groups with aliases.
 * A code alone does not identify a unit (codes were reused in 2025); a code
 * with its validity period does.
 */
#ifndef STORE_UNIT_STORE_H
#define STORE_UNIT_STORE_H

#include <stddef.h>

#include "core/error.h"
#include "store/field.h"

struct db;

struct unit {
    long long id;
    char *level; /* "province", "district", "commune", "village" */
    char *code;  /* NULL for villages */
    char *name;
    char *kind; /* Tỉnh, Huyện, Xã, Phường, Thị trấn, Thôn... */
    long long parent_id;
    char *parent_name;
    char *parent_kind;           /* "Huyện", "Tỉnh"... or NULL */
    char *parent_level;          /* "district", "province"... or NULL */
    char *valid_from, *valid_to; /* ISO dates or NULL (open): valid_from <= d < valid_to */
};

struct unit_list {
    struct unit *items;
    size_t n;
};

/* The unit's field table (store/field.h): unit_fields.c. */
extern struct record_kind unit_kind;

void unit_release(struct unit *u);
void unit_list_release(struct unit_list *l);

/*
 * Look-ups return 0 with the value in the out-parameter, ERR_NOT_FOUND
 * (err names what was sought) when there is no such record, or another
 * negative ERR_* when the database could not be read (busy, damaged, I/O):
 * a failed read is never taken for a missing record. Counts return 0 with
 * the count, or the database error.
 */

/* Insert a unit; name_fold is computed here. */
int unit_store_insert(struct db *db, const char *level, const char *code, const char *name,
                      const char *kind, long long parent_id, const char *valid_from,
                      const char *valid_to, long long *id, struct error *err);

/* The id of the unit with this level, code and valid_from (NULL matches
 * NULL) into *id (0 unless found). */
int unit_store_find_code(struct db *db, const char *level, const char *code, const char *valid_from,
                         long long *id, struct error *err);

/*
 * Units of a level whose folded name equals name_fold, under parent_id when
 * it is non-zero. Fills out (release with unit_list_release).
 */
int unit_store_find_name(struct db *db, const char *level, const char *name_fold,
                         long long parent_id, struct unit_list *out, struct error *err);

/* Every unit of a level (under parent_id when non-zero), in Vietnamese order. */
int unit_store_list(struct db *db, const char *level, long long parent_id, struct unit_list *out,
                    struct error *err);

int unit_store_get(struct db *db, long long id, struct unit *out, struct error *err);

/* Does the role working see the unit id: 1 on a file and for a role not
 * limited to some communes, else whether the unit is one of its communes
 * (or one they became or were made from); 0 when not, or ERR_*. */
int unit_store_sees(struct db *db, long long id, struct error *err);

/* The village of that name in the commune; created when create is set. */
int unit_store_village(struct db *db, long long commune_id, const char *name, int create,
                       long long *id, struct error *err);

int unit_store_add_successor(struct db *db, long long old_id, long long new_id,
                             const char *effective, struct error *err);

/*
 * The unit that replaced unit id in a reorganisation in force on date
 * (unit_successor.effective <= date) into *to; ERR_NOT_FOUND when none had
 * by then.
 */
int unit_store_successor_at(struct db *db, long long id, const char *date, long long *to,
                            struct error *err);

/* The units replaced by unit id (those it absorbed), by district and name. */
int unit_store_predecessors(struct db *db, long long id, struct unit_list *out, struct error *err);

/* Rows of unit_successor (old unit -> new unit) into *n. */
int unit_store_count_successors(struct db *db, long long *n, struct error *err);

/* Number of units of a level valid on date (ISO) into *n. */
int unit_store_count_valid(struct db *db, const char *level, const char *date, long long *n,
                           struct error *err);

/* Number of units of a level into *n. */
int unit_store_count(struct db *db, const char *level, long long *n, struct error *err);

/* Ethnic groups. */
int ethnic_store_insert(struct db *db, const char *code, const char *code_list, const char *name,
                        long long *id, struct error *err);
/* Alias (folded) → group; an existing alias is left unchanged. */
int ethnic_store_add_alias(struct db *db, long long ethnic_id, const char *alias,
                           struct error *err);
/* The group whose folded name or alias equals name_fold into *id. */
int ethnic_store_find(struct db *db, const char *name_fold, long long *id, struct error *err);
/* The group with this code in the code list (e.g. "121-TCTK") into *id. */
int ethnic_store_find_code(struct db *db, const char *code_list, const char *code, long long *id,
                           struct error *err);
/* Names of every group, in Vietnamese order (for choice lists). */
int ethnic_store_list(struct db *db, struct unit_list *out, struct error *err);
/* Number of ethnic groups into *n. */
int ethnic_store_count(struct db *db, long long *n, struct error *err);
/* The group's name into *name (caller frees). */
int ethnic_store_get_name(struct db *db, long long id, char **name, struct error *err);
/* Give the group the reference list's name (and its folded form). */
int ethnic_store_rename(struct db *db, long long id, const char *name, struct error *err);

#endif
