/*
 * phone: Vietnamese mobile numbers.
 *
 * Normalised to 10 digits starting with 0; "+84" and "84" stand for that 0.
 * Spaces (tabs and no-break ones too), dots, dashes and parentheses are
 * tolerated: "0912 345 678", "+84 912.345.678", "(091) 234-5678". The three
 * digits after normalisation must be one of the mobile prefixes in use since
 * 2018 (a landline, "(0209) 3870 123", is refused).
 */
#ifndef CORE_PHONE_H
#define CORE_PHONE_H

#include "core/error.h"

/* Parse into out ("0xxxxxxxxx"). Returns 0 or ERR_INVALID with a message
 * about the field "phone". */
int phone_parse(const char *in, char out[11], struct error *err);

#endif
