/*
 * imei: the rules for a phone's IMEI.
 *
 * An IMEI is 15 digits: type allocation code (8), serial (6) and a Luhn check
 * digit. Labels print it with spaces, dashes or slashes, which are tolerated.
 * A 16-digit IMEISV carries a software version instead of a check digit and
 * is not an IMEI; it is refused with its own message.
 */
#ifndef CORE_IMEI_H
#define CORE_IMEI_H

#include "core/error.h"

#define IMEI_LEN 15

/*
 * Parse `in` into its 15 digits in out (NUL-terminated). Returns 0, or
 * ERR_INVALID with a message naming the value and the reason (not digits,
 * wrong length, IMEISV, check digit, scientific notation from a spreadsheet).
 * `field` names the field in the message ("imei", "imei2"); the caller
 * gives the error its key (error_field).
 */
int imei_parse(const char *in, const char *field, char out[IMEI_LEN + 1], struct error *err);

/* The Luhn check digit ('0'..'9') for the first 14 digits of digits. */
char imei_check_digit(const char *digits14);

#endif
