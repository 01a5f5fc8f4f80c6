/*
 * field_app: a typed value checked by the rule its field table names
 * (store/field.h, check) and stored in the record at the field's offset.
 * The use cases walk their kind's table with it and keep to themselves only
 * what depends on several fields (units, a CCCD against the birth year).
 */
#ifndef APP_FIELD_APP_H
#define APP_FIELD_APP_H

#include "app/app.h"
#include "core/error.h"
#include "store/field.h"

/*
 * Check typed (not NULL) by f's rule and store it into rec: "" clears an
 * optional field (NULL text, 0 number, -1 for FIELD_MINUS_NULL). CHECK_NAME,
 * CHECK_TEXT, CHECK_GENDER, CHECK_YEAR, CHECK_ETHNIC, CHECK_PHONE,
 * CHECK_YESNO, CHECK_DATE (stored as YYYY-MM-DD), CHECK_IMEI, CHECK_MONEY and
 * CHECK_ROUND_YEAR are done here; returns 1 for another rule (the caller's), 0 when stored, or
 * ERR_INVALID with err naming the field and quoting the value.
 */
int field_app_apply(struct app *app, const struct field *f, const char *typed, void *rec,
                    struct error *err);

/*
 * Each typed field of in (k's input struct) into rec by field_app_apply,
 * in the order of k's table; a required field not given is checked as
 * "" (and refused). Returns 0, the first refusal (err names its field),
 * or 1 for a field whose rule is the caller's.
 */
int field_app_apply_input(struct app *app, const struct record_kind *k, const void *in, void *rec,
                          struct error *err);

/*
 * The value of field f of rec (a record of kind k) as a form shows it and
 * the operator would type it again: the name of what an id stands for
 * (f->shows), text as it is, a date as dd/mm/yyyy, a number in digits, "" for none (0, or -1 for
 * FIELD_MINUS_NULL). Caller frees.
 */
char *field_app_text(const struct record_kind *k, const struct field *f, const void *rec);

/* A gender as typed: 'M', 'F', or 0 with an error. */
char field_app_gender(const char *s, struct error *err);

#endif
