/* settings_app: the office's settings, changed with an audit entry. */
#ifndef APP_SETTINGS_APP_H
#define APP_SETTINGS_APP_H

#include <stddef.h>

#include "app/app.h"

struct setting_info {
    const char *key;
    const char *label; /* N_() text for forms */
    size_t max_bytes;
};

/* The settings an operator may change, NULL-terminated. */
extern const struct setting_info settings_known[];

/* Check and store a setting (cleaned text); unknown keys are refused. */
int settings_app_set(struct app *app, const char *key, const char *value, struct error *err);

#endif
