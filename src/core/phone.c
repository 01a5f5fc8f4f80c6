/* phone: Vietnamese mobile numbers; see include/core/phone.h. */
#include "core/phone.h"

#include <ctype.h>
#include <string.h>

#include "core/i18n.h"
#include "core/text.h"

/* Mobile prefixes in use since the 2018 renumbering (0 + two digits). */
static const char *const mobile_prefixes[] = {
    "032", "033", "034", "035", "036", "037", "038", "039", "052", "055", "056", "058",
    "059", "070", "076", "077", "078", "079", "081", "082", "083", "084", "085", "086",
    "087", "088", "089", "090", "091", "092", "093", "094", "096", "097", "098", "099",
};

int phone_parse(const char *in, char out[11], struct error *err)
{
    char d[32];
    size_t n = 0;
    int plus = 0;
    const char *p = in;

    out[0] = '\0';
    if (!in || !*in)
        return error_set_field(err, ERR_INVALID, "phone", _("phone is required"));
    for (; *p; p++) {
        unsigned char c = (unsigned char)*p;
        size_t space = text_digit_space(p);
        if (space) { /* as cccd_parse skips them */
            p += space - 1;
            continue;
        }
        if (c == '.' || c == '-' || c == '(' || c == ')')
            continue;
        if (c == '+' && n == 0 && !plus) { /* "+84", before the first digit only */
            plus = 1;
            continue;
        }
        if (!isdigit(c))
            return error_set_field(err, ERR_INVALID, "phone",
                                   _("phone '%s' must contain only digits"), error_quote(in));
        if (n >= sizeof(d) - 1)
            return error_set_field(err, ERR_INVALID, "phone", _("phone '%s' is too long"),
                                   error_quote(in));
        d[n++] = (char)c;
    }
    d[n] = '\0';
    const char *num = d;
    char buf[12];
    if (n == 11 && d[0] == '8' && d[1] == '4') {
        buf[0] = '0';
        memcpy(buf + 1, d + 2, 9);
        buf[10] = '\0';
        num = buf;
    } else if (n == 12 && d[0] == '8' && d[1] == '4' && d[2] == '0') {
        /* +84 0xx...: the 0 written twice */
        memcpy(buf, d + 2, 10);
        buf[10] = '\0';
        num = buf;
    } else if (n != 10 || d[0] != '0') {
        return error_set_field(
            err, ERR_INVALID, "phone",
            _("phone '%s' is not a mobile number: 10 digits starting with 0, or +84 "
              "and 9 digits"),
            error_quote(in));
    }
    for (size_t i = 0; i < sizeof(mobile_prefixes) / sizeof(*mobile_prefixes); i++) {
        if (strncmp(num, mobile_prefixes[i], 3) == 0) {
            memcpy(out, num, 11);
            return 0;
        }
    }
    return error_set_field(err, ERR_INVALID, "phone",
                           _("phone '%s': prefix %.3s is not a Vietnamese mobile prefix"),
                           error_quote(in), num);
}
