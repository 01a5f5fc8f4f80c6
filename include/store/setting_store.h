/*
 * setting_store: the office's settings (office name, parent body, place,
 * signer names and titles, receipt number format, language, backups kept).
 */
#ifndef STORE_SETTING_STORE_H
#define STORE_SETTING_STORE_H

#include "core/error.h"

struct db;

/* The value (a new string; caller frees), or a copy of def when unset. */
char *setting_get(struct db *db, const char *key, const char *def);
int setting_set(struct db *db, const char *key, const char *value, struct error *err);
/* Calls fn for each setting in key order. */
int setting_each(struct db *db, int (*fn)(const char *key, const char *value, void *arg),
                 void *arg, struct error *err);

#endif
