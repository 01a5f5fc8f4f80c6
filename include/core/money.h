/* money: amounts in whole đồng (VND), shown as "1.500.000 đ". */
#ifndef CORE_MONEY_H
#define CORE_MONEY_H

#include "core/error.h"

/* "1500000" -> "1.500.000"; with_unit adds " đ". Returns a new string; caller frees. */
char *money_format(long long vnd, int with_unit);

/*
 * Parse an amount: digits with optional '.', ',' or space as thousands
 * separators and an optional "đ"/"VND"/"vnđ" suffix. Negative amounts and
 * amounts over 10^15 are refused. Returns 0 or ERR_INVALID with a message
 * naming field (a label); the caller gives the error its key (error_field).
 */
int money_parse(const char *in, const char *field, long long *out, struct error *err);

#endif
