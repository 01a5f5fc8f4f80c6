/* money: whole-đồng amounts, formatted the Vietnamese way (1.500.000 đ). */
#include "core/money.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *money_format(long long vnd, int with_unit)
{
    char digits[32];
    struct strbuf sb = STRBUF_INIT;
    int neg = vnd < 0;
    unsigned long long v = neg ? 0ULL - (unsigned long long)vnd : (unsigned long long)vnd;

    snprintf(digits, sizeof(digits), "%llu", v);
    size_t n = strlen(digits);
    if (neg)
        strbuf_addch(&sb, '-');
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            strbuf_addch(&sb, '.');
        strbuf_addch(&sb, digits[i]);
    }
    if (with_unit)
        strbuf_addstr(&sb, " đ");
    return strbuf_detach(&sb, NULL);
}

int money_parse(const char *in, const char *field, long long *out, struct error *err)
{
    char *f;
    long long v = 0;
    int digits = 0;

    *out = 0;
    if (!in || !*in)
        return error_set(err, ERR_INVALID, _("%s is required"), field);
    f = text_fold(in);
    size_t n = strlen(f);
    /* strip a unit suffix */
    const char *units[] = {"vnd", "vnđ", "dong", "d", "đ"};
    for (size_t u = 0; u < sizeof(units) / sizeof(*units); u++) {
        size_t l = strlen(units[u]);
        if (n >= l && strcmp(f + n - l, units[u]) == 0) {
            n -= l;
            f[n] = '\0';
            break;
        }
    }
    while (n > 0 && f[n - 1] == ' ')
        f[--n] = '\0';
    /*
     * Separators must group thousands by three: "1.5" or "1.500.000,00" are
     * decimals, which whole đồng do not have, and must not become 15 or
     * 150000000.
     */
    int group = 0, seps = 0, bad_group = 0;
    for (const char *p = f; *p; p++) {
        if (*p == '.' || *p == ',' || *p == ' ') {
            if (group == 0 || (seps == 0 ? group > 3 : group != 3))
                bad_group = 1;
            group = 0;
            seps++;
            continue;
        }
        if (*p == '-') {
            free(f);
            return error_set(err, ERR_INVALID, _("%s '%s' must not be negative"), field,
                             error_quote(in));
        }
        if (!isdigit((unsigned char)*p)) {
            free(f);
            return error_set(err, ERR_INVALID, _("%s '%s' is not an amount in đồng"), field,
                             error_quote(in));
        }
        v = v * 10 + (*p - '0');
        if (v > 1000000000000000LL) {
            free(f);
            return error_set(err, ERR_INVALID, _("%s '%s' is too large"), field, error_quote(in));
        }
        digits++;
        group++;
    }
    free(f);
    if (!digits)
        return error_set(err, ERR_INVALID, _("%s '%s' is not an amount in đồng"), field,
                         error_quote(in));
    if (bad_group || (seps > 0 && group != 3))
        return error_set(err, ERR_INVALID,
                         _("%s '%s' is not an amount in đồng: separators group thousands by "
                           "three (1.500.000) and there are no decimals"),
                         field, error_quote(in));
    *out = v;
    return 0;
}
