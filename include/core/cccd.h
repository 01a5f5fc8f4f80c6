/*
 * cccd: citizen identity numbers.
 *
 * A CCCD is 12 digits: province of birth registration (3, one of the 63
 * province codes), a century/gender digit (1900s: male 0, female 1; 2000s:
 * male 2, female 3; 2100s: 4/5), two digits of the birth year, then six
 * more digits. There is no check digit. The old identity card (CMND) has
 * 9 digits; it is accepted and flagged as such.
 */
#ifndef CORE_CCCD_H
#define CORE_CCCD_H

#include "core/error.h"

enum id_kind { ID_NONE = 0, ID_CCCD = 1, ID_CMND = 2 };

/*
 * Parse `in` (spaces, no-break ones too, dots, dashes and tabs tolerated)
 * into out (at most 12 digits + NUL).
 * birth_year (0 = unknown) and gender ('M', 'F' or 0 = unknown) are checked
 * against the century/gender digit and the year digits when known.
 * Sets *kind. Returns 0 or ERR_INVALID with a message about the field
 * "cccd".
 */
int cccd_parse(const char *in, int birth_year, char gender, char out[13], enum id_kind *kind,
               struct error *err);

/*
 * Whether a stored number id (as cccd_parse wrote it) agrees with a birth
 * year and gender (0 = unknown): 0, or ERR_INVALID with a message that
 * names the number masked (cccd_mask), since the number was not typed by
 * the one who reads the message. An old ID card always agrees. The value
 * refused is the one given with the number: the field "birth_year" or
 * "gender".
 */
int cccd_agrees(const char *id, int birth_year, char gender, struct error *err);
/* The name of a province code ("006" -> "Bắc Kạn"), or NULL if none. */
const char *cccd_province_name(const char *code3);

/*
 * The masked form for lists: "006*****1234" (first 3 and last 4 digits kept;
 * a CMND keeps its first 2 and last 3). Returns a new string; caller frees.
 */
char *cccd_mask(const char *id);

#endif
