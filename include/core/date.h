/*
 * date: calendar dates as capphat stores (ISO "YYYY-MM-DD") and shows them
 * ("dd/mm/yyyy").
 */
#ifndef CORE_DATE_H
#define CORE_DATE_H

#include "core/error.h"

/*
 * Parse "YYYY-MM-DD", "dd/mm/yyyy" or "d/m/yyyy" (also with '-' or '.'),
 * checking the calendar. out gets the ISO form. Returns 0 or ERR_INVALID
 * with a message naming field (a label); the caller gives the error its
 * key (error_field).
 */
int date_parse(const char *in, const char *field, char out[11], struct error *err);

/* Today's date (local time) in ISO form; in a test build CAPPHAT_TODAY
 * overrides it (core/testhook.h). */
void date_today(char out[11]);

/* The current time, "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
void date_now_utc(char out[21]);

/* ISO date to "dd/mm/yyyy"; returns out. An invalid date is copied as is. */
char *date_display(const char *iso, char out[11]);

/* Days since 1970-01-01 of an ISO date (for Excel serial numbers), or -1. */
long date_days(const char *iso);

/* The ISO date n days after iso (before it when n < 0) into out: 0, or -1
 * when iso is not a valid date. */
int date_add_days(const char *iso, long n, char out[11]);

/* Year of an ISO date or 0. */
int date_year(const char *iso);

#endif
