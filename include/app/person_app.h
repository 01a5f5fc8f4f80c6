/* person_app: registering and editing prestigious persons. */
#ifndef APP_PERSON_APP_H
#define APP_PERSON_APP_H

#include "app/app.h"
#include "store/person_store.h"

/* Check every field without writing; err names the first bad field. */
int person_app_validate(struct app *app, const struct person_input *in, struct error *err);
int person_app_add(struct app *app, const struct person_input *in, long long *id,
                   struct error *err);

/*
 * A namesake rule of the caller's: asked with the cleaned name, its folded
 * form, the birth year (from a year or a whole date; 0 when unknown) and the
 * commune of a person about to be added; non-zero keeps the person out (a
 * negative ERR_* with err filled: it could not tell, the database failed).
 */
typedef int (*person_same_fn)(const char *full_name, const char *name_fold, int birth_year,
                              long long commune_id, void *arg, struct error *err);

/*
 * person_app_validate, then same(..., arg), then person_app_add, with each
 * field cleaned and looked up once (an import's row). Returns 0 when the
 * person was added (*id), ERR_* with err naming the first bad field (a CCCD
 * that belongs to another person included) before same() is asked, or what
 * same() returned (nothing written). same may be NULL: person_app_add.
 */
int person_app_add_unless(struct app *app, const struct person_input *in, person_same_fn same,
                          void *arg, long long *id, struct error *err);
/*
 * A person registered already with the same folded name, birth year
 * (unknown matches unknown) and commune as the person `in` would add: a
 * possible duplicate, whom adding should name and ask about (two namesakes
 * with different citizen IDs are two citizens: not one). *id is the first
 * such person's, 0 when none (and when in does not pass its checks: the
 * add names the field). Returns 0 or a negative ERR_* (the database).
 */
int person_app_find_namesake(struct app *app, const struct person_input *in, long long *id,
                             struct error *err);
/* Change the fields given in `in` of person id. seen: the person as a
 * screen showed it (NULL: the command line, which edits what is stored):
 * ERR_STALE when it changed meanwhile (app_seen_check). */
struct app_seen;
int person_app_edit(struct app *app, long long id, const struct person_input *in,
                    const struct app_seen *seen, struct error *err);

/*
 * Record in the audit log (action "show_id", entity "privacy") that the
 * operator asked to see citizen ID numbers in full: those of person_id, or
 * of a whole list when person_id is 0. Call it before showing anything;
 * when it fails (a read-only database), show nothing.
 */
int person_app_show_id(struct app *app, long long person_id, struct error *err);

/*
 * Where a person lives, as lists and records show it: the commune today,
 * and when it is not the one the person was registered in (a commune of
 * 2023 after 1 July 2025), that one with its district — "xã Bằng Thành
 * (cũ: xã Bộc Bố, huyện Pác Nặm)"; else the commune and the unit above it,
 * "xã Chợ Rã, huyện Ba Bể". p as person_store gives it. Caller frees.
 */
struct person;
char *person_app_commune_label(const struct person *p);
/* The same in a few words, for a column: "Bằng Thành ← Bộc Bố" (today's
 * commune first), or the commune's name (unit_app_short_pair). Caller
 * frees. */
char *person_app_commune_short(const struct person *p);

/* Parse a gender as typed: 'M', 'F', or 0 with an error. */
char person_parse_gender(const char *s, struct error *err);

#endif
