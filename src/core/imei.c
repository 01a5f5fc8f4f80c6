/* imei: parsing and the Luhn check digit; see include/core/imei.h. */
#include "core/imei.h"

#include <ctype.h>
#include <string.h>

#include "core/i18n.h"

char imei_check_digit(const char *d)
{
    int sum = 0;

    for (int i = 0; i < 14; i++) {
        int v = d[i] - '0';
        if (i % 2 == 1) {
            v *= 2;
            if (v > 9)
                v -= 9;
        }
        sum += v;
    }
    return (char)('0' + (10 - sum % 10) % 10);
}

int imei_parse(const char *in, const char *field, char out[IMEI_LEN + 1], struct error *err)
{
    char digits[IMEI_LEN + 2];
    size_t n = 0;
    const char *p;

    out[0] = '\0';
    if (!in || !*in)
        return error_set(err, ERR_INVALID, _("%s is required"), field);
    if (strchr(in, 'E') || strchr(in, 'e')) {
        /* 4.90154E+14: a spreadsheet turned the number into scientific notation */
        int looks_sci = 1;
        for (p = in; *p; p++)
            if (!isdigit((unsigned char)*p) && !strchr(".,Ee+- ", *p))
                looks_sci = 0;
        if (looks_sci)
            return error_set(err, ERR_INVALID,
                             _("%s '%s' is in scientific notation: the spreadsheet lost its last "
                               "digits; format the column as text and enter the IMEI again"),
                             field, error_quote(in));
    }
    for (p = in; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '-' || c == '/' || c == '.' || c == '\t')
            continue;
        if (!isdigit(c))
            return error_set(err, ERR_INVALID, _("%s '%s' must contain only digits"), field,
                             error_quote(in));
        /* keep counting past the buffer so that the message names the count */
        if (n <= IMEI_LEN)
            digits[n] = (char)c;
        n++;
    }
    digits[n <= IMEI_LEN + 1 ? n : IMEI_LEN + 1] = '\0';
    if (n == 16)
        return error_set(err, ERR_INVALID,
                         _("%s '%s' has 16 digits: this is an IMEISV (software version), not an "
                           "IMEI; use the 15-digit IMEI (*#06# on the phone)"),
                         field, error_quote(in));
    if (n != IMEI_LEN)
        return error_set(err, ERR_INVALID, _("%s '%s' has %zu digits; an IMEI has 15"), field,
                         error_quote(in), n);
    /* numbers that name no phone (some even pass the check digit): 000000000000000,
     * 111111111111111 (typed to fill a field), or the reserved TAC 00000000 */
    int same = 1;
    for (size_t i = 1; i < IMEI_LEN; i++)
        same = same && digits[i] == digits[0];
    if (same)
        return error_set(err, ERR_INVALID,
                         _("%s '%s' is a placeholder (one digit repeated), not a phone's IMEI: "
                           "read the IMEI from the box or with *#06#"),
                         field, digits);
    if (strncmp(digits, "00000000", 8) == 0)
        return error_set(err, ERR_INVALID,
                         _("%s '%s' is a placeholder (type allocation code 00000000), not a "
                           "phone's IMEI: read the IMEI from the box or with *#06#"),
                         field, digits);
    char want = imei_check_digit(digits);
    if (digits[14] != want)
        return error_set(err, ERR_INVALID,
                         _("%s '%s' fails its check digit (last digit should be %c): check for a "
                           "mistyped digit"),
                         field, digits, want);
    memcpy(out, digits, IMEI_LEN + 1);
    return 0;
}
