/*
 * tui_choices: the lists that choice fields offer — districts, communes of
 * the district chosen in another field, ethnic groups, rounds, persons and
 * devices found by what is typed (only the first matches are read).
 */
#ifndef TUI_CHOICES_H
#define TUI_CHOICES_H

#include "tui_form.h"

void tui_choices_districts(struct tui_choices *out);
void tui_choices_communes(long long district_id, struct tui_choices *out);
void tui_choices_ethnic(struct tui_choices *out);
/* with_none adds "(none)" with id 0 first */
void tui_choices_rounds(struct tui_choices *out, int with_none);
void tui_choices_set(struct tui_choices *out, const char *const *labels, int n);
/* Field i of f (its rounds listed), when nothing is chosen there: the
 * newest round, which the day's work is most likely to be for. */
void tui_form_newest_round(struct tui_form *f, int i);

/* Providers for tui_field.choices. The commune one reads the district from
 * the field before it. */
void tui_provide_communes(struct tui_form *f, int idx, const char *filter, struct tui_choices *out);
/* Active persons matching filter (name, CCCD or phone). */
void tui_provide_persons(struct tui_form *f, int idx, const char *filter, struct tui_choices *out);
/* Persons who hold a device. */
void tui_provide_holders(struct tui_form *f, int idx, const char *filter, struct tui_choices *out);
/* Devices in stock whose IMEI or model matches. */
void tui_provide_stock(struct tui_form *f, int idx, const char *filter, struct tui_choices *out);
/* Devices handed over. */
void tui_provide_handed(struct tui_form *f, int idx, const char *filter, struct tui_choices *out);

/* What tells a person apart from namesakes, beside the name in pickers and
 * lists: "1958, Nà Hai, Chợ Rã" (year and village when known, the commune
 * as person_app_commune_short gives it, the IMEI held). Caller frees. */
struct person;
char *tui_person_line(const struct person *p);

#endif
