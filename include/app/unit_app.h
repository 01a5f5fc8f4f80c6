/*
 * unit_app: administrative units through time — which unit stands for a
 * place on a date, and how a unit is named to a person.
 *
 * Units have validity periods (valid_from <= date < valid_to). On 1 July
 * 2025 the districts were abolished and every commune of Bắc Kạn became
 * part of a commune of Thái Nguyên (unit_successor); codes were reused, so
 * a unit is its code with its validity, and a name can belong to an old
 * and a new unit at once. Records (handovers, sessions, documents) name
 * the unit valid on their date; a person keeps the commune they were
 * registered in and moves with it.
 */
#ifndef APP_UNIT_APP_H
#define APP_UNIT_APP_H

#include "app/app.h"

struct unit;

/* Whether the unit is valid on date (ISO): valid_from <= date < valid_to. */
int unit_app_valid_on(const struct unit *u, const char *date);

/*
 * The unit that stands for unit id on date: the unit itself when it is
 * valid then; the unit it became when it was replaced by then; the one it
 * was formed from when it began later and was formed from a single unit
 * (xã Thượng Quan, kept unchanged). A unit formed later from several is
 * ERR_INVALID, naming them ("xã Bằng Thành did not exist on 01/03/2025: it
 * was formed on 01/07/2025 from Bằng Thành, Bộc Bố, Giáo Hiệu, Nhạn Môn
 * (huyện Pác Nặm)"): the place had no single unit then. *out gets the id.
 */
int unit_app_at(struct app *app, long long id, const char *date, long long *out, struct error *err);

/*
 * "xã Bằng Thành": the unit's kind in lower case, then its name ("" for
 * id 0 or an unknown unit). Caller frees.
 */
char *unit_app_phrase(struct app *app, long long id);
/* The same from a kind and a name ("" when name is NULL or ""; the name
 * alone without a kind). Caller frees. */
char *unit_app_kind_phrase(const char *kind, const char *name);

/*
 * A commune in a few words, for a column: "Bằng Thành ← Bộc Bố", the
 * commune that stands for it today (now) and the one of the records
 * (recorded), or the name alone when there is no other unit (now NULL or
 * "") or the unit today kept the name (xã Nghiên Loan through the 2025
 * reform: "Nghiên Loan", never "Nghiên Loan ← Nghiên Loan"). Caller frees.
 */
char *unit_app_short_pair(const char *now, const char *recorded);

/*
 * What tells a unit apart from its namesakes: the unit above it and its
 * validity, "huyện Pác Nặm, until 30/06/2025", "tỉnh Thái Nguyên, from
 * 01/07/2025" (translated). Caller frees.
 */
char *unit_app_detail(const struct unit *u);

/* "Bằng Thành — huyện Pác Nặm, until 30/06/2025". Caller frees. */
char *unit_app_describe(const struct unit *u);

/*
 * The address of a commune as a document dated date writes it, in the
 * unit valid that day (unit_app_at): *commune "xã Bằng Thành" and *upper
 * the unit above it, "huyện Pác Nặm" before 1 July 2025, "tỉnh Thái
 * Nguyên" from then on (no district). Both new strings; caller frees.
 */
int unit_app_address(struct app *app, long long commune_id, const char *date, char **commune,
                     char **upper, struct error *err);

#endif
