/* settings_app: the office's settings, changed with an audit entry. */
#ifndef APP_SETTINGS_APP_H
#define APP_SETTINGS_APP_H

#include <stddef.h>

#include "app/app.h"
#include "store/setting_store.h"

/*
 * The settings an operator may change are the fields of the settings'
 * table (setting_kind, store/setting_store.h): a setting's key, its title,
 * its longest value, its check, and whether it has a history (FIELD_DATED).
 */

/* The value of key in force today into *out (a new string; caller frees):
 * 0, or ERR_* when the database could not be read (*out NULL). */
int settings_app_get(struct app *app, const char *key, char **out, struct error *err);
/* Every setting in force today into *out (settings_release): 0, or ERR_*
 * when the database could not be read. */
int settings_app_read(struct app *app, struct settings *out, struct error *err);

/* May the operator working change the settings: 0 on a file and for the
 * province's operator or the register's owner on a server; ERR_INVALID,
 * saying who changes them, for an operator of some communes (the settings
 * are the whole office's: its header, the receipts' numbers, the language). */
int settings_app_may_change(struct app *app, struct error *err);

/*
 * Check and store a setting (cleaned text); unknown keys are refused. A
 * setting with a history (office_name, parent_body, place_name) gets the
 * value in force today changed: the one from its last date not after today.
 * A value refused is the field named by the setting's key (struct error's
 * field is the setting's key), an unknown setting the field "key".
 */
int settings_app_set(struct app *app, const char *key, const char *value, struct error *err);

/*
 * Give a setting with a history a value from the date from on (any form
 * date_parse reads): documents dated from then on use it, earlier ones
 * keep theirs. ERR_INVALID for a setting without history.
 */
int settings_app_set_from(struct app *app, const char *key, const char *value, const char *from,
                          struct error *err);

/*
 * The office's header in force from the reorganisation of 1 July 2025 for
 * an office of Bắc Kạn that kept the header of 2023: the merged province's
 * (UBND TỈNH THÁI NGUYÊN, SỞ DÂN TỘC VÀ TÔN GIÁO, Thái Nguyên). Added where
 * a header setting still has the value of 2023 and no history; idempotent.
 * app_load_reference_data calls it in its transaction.
 */
int settings_app_seed_history(struct app *app, struct error *err);

#endif
