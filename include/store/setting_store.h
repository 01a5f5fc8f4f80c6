/*
 * setting_store: the office's settings (office name, parent body, place,
 * signer names and titles, receipt number format, language, backups kept).
 */
#ifndef STORE_SETTING_STORE_H
#define STORE_SETTING_STORE_H

#include "core/error.h"
#include "store/field.h"

struct db;

/*
 * Reads return 0 with the value in the out-parameter, or a negative ERR_*
 * (err says why, *out is NULL) when the database could not be read: a
 * failed read never gives the default.
 */

/* The value into *out (a new string; caller frees), or a copy of def when unset. */
int setting_get(struct db *db, const char *key, const char *def, char **out, struct error *err);
int setting_set(struct db *db, const char *key, const char *value, struct error *err);
/*
 * Settings with a history (the office's header: it changed when Bắc Kạn
 * merged into Thái Nguyên): the row "KEY@YYYY-MM-DD" holds the value from
 * that date on; "KEY" the value before the first of them. A document dated
 * d uses the value in force on d.
 */
/* The value of key in force on date (ISO) into *out (a new string, caller
 * frees), or a copy of def when unset. */
int setting_get_at(struct db *db, const char *key, const char *date, const char *def, char **out,
                   struct error *err);
/* The date of the dated value of key in force on date into *from (a new
 * string), or NULL when the plain value is. */
int setting_from_at(struct db *db, const char *key, const char *date, char **from,
                    struct error *err);
/* Calls fn for the plain value of key (from NULL) and each dated one, in
 * date order. */
int setting_each_period(struct db *db, const char *key,
                        int (*fn)(const char *from, const char *value, void *arg), void *arg,
                        struct error *err);

/*
 * The settings an operator may change, as in force on a date: one member
 * per field of the settings' table (setting_kind), each a new string, ""
 * for a setting never given.
 */
struct settings {
    char *office_name;
    char *parent_body;
    char *place_name;
    char *officer_name;
    char *officer_title;
    char *preparer_name;
    char *preparer_title;
    char *head_name;
    char *head_title;
    char *receipt_format;
    char *language;
    char *backup_keep;
    char *operator_prompt;
    char *receipt_copies;
    char *printer;
    char *paper_size;
};

/* The settings' field table (store/field.h): setting_fields.c. */
extern struct record_kind setting_kind;

/* Every setting of setting_kind as in force on date (ISO) into *out
 * (release with settings_release); on failure nothing is kept. */
int setting_store_get_all(struct db *db, const char *date, struct settings *out, struct error *err);
void settings_release(struct settings *s);

/* Calls fn for each setting in key order. */
int setting_each(struct db *db, int (*fn)(const char *key, const char *value, void *arg), void *arg,
                 struct error *err);

#endif
