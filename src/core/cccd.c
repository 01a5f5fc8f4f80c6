/* cccd: citizen ID numbers; see include/core/cccd.h. */
#include "core/cccd.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *code;
    const char *name;
} provinces[] = {
    {"001", "Hà Nội"},
    {"002", "Hà Giang"},
    {"004", "Cao Bằng"},
    {"006", "Bắc Kạn"},
    {"008", "Tuyên Quang"},
    {"010", "Lào Cai"},
    {"011", "Điện Biên"},
    {"012", "Lai Châu"},
    {"014", "Sơn La"},
    {"015", "Yên Bái"},
    {"017", "Hòa Bình"},
    {"019", "Thái Nguyên"},
    {"020", "Lạng Sơn"},
    {"022", "Quảng Ninh"},
    {"024", "Bắc Giang"},
    {"025", "Phú Thọ"},
    {"026", "Vĩnh Phúc"},
    {"027", "Bắc Ninh"},
    {"030", "Hải Dương"},
    {"031", "Hải Phòng"},
    {"033", "Hưng Yên"},
    {"034", "Thái Bình"},
    {"035", "Hà Nam"},
    {"036", "Nam Định"},
    {"037", "Ninh Bình"},
    {"038", "Thanh Hóa"},
    {"040", "Nghệ An"},
    {"042", "Hà Tĩnh"},
    {"044", "Quảng Bình"},
    {"045", "Quảng Trị"},
    {"046", "Thừa Thiên Huế"},
    {"048", "Đà Nẵng"},
    {"049", "Quảng Nam"},
    {"051", "Quảng Ngãi"},
    {"052", "Bình Định"},
    {"054", "Phú Yên"},
    {"056", "Khánh Hòa"},
    {"058", "Ninh Thuận"},
    {"060", "Bình Thuận"},
    {"062", "Kon Tum"},
    {"064", "Gia Lai"},
    {"066", "Đắk Lắk"},
    {"067", "Đắk Nông"},
    {"068", "Lâm Đồng"},
    {"070", "Bình Phước"},
    {"072", "Tây Ninh"},
    {"074", "Bình Dương"},
    {"075", "Đồng Nai"},
    {"077", "Bà Rịa - Vũng Tàu"},
    {"079", "Hồ Chí Minh"},
    {"080", "Long An"},
    {"082", "Tiền Giang"},
    {"083", "Bến Tre"},
    {"084", "Trà Vinh"},
    {"086", "Vĩnh Long"},
    {"087", "Đồng Tháp"},
    {"089", "An Giang"},
    {"091", "Kiên Giang"},
    {"092", "Cần Thơ"},
    {"093", "Hậu Giang"},
    {"094", "Sóc Trăng"},
    {"095", "Bạc Liêu"},
    {"096", "Cà Mau"},
};

const char *cccd_province_name(const char *code3)
{
    for (size_t i = 0; i < sizeof(provinces) / sizeof(*provinces); i++)
        if (strncmp(provinces[i].code, code3, 3) == 0)
            return provinces[i].name;
    return NULL;
}

/* The birth year and gender encoded in the 12 digits d (century/gender
 * digit 0-5) against those given; messages name the number as shown. A
 * number typed (typed != 0) is the value refused; a stored one refuses the
 * birth year or the gender given with it. */
static int check_holder(const char *d, const char *shown, int birth_year, char gender, int typed,
                        struct error *err)
{
    int cg = d[3] - '0';
    int year = 1900 + (cg / 2) * 100 + (d[4] - '0') * 10 + (d[5] - '0');
    char id_gender = (cg % 2 == 0) ? 'M' : 'F';

    if (birth_year > 0 && year != birth_year)
        return error_set_field(err, ERR_INVALID, typed ? "cccd" : "birth_year",
                               _("cccd '%s' encodes birth year %d, but the birth year given is %d"),
                               shown, year, birth_year);
    if (gender && gender != id_gender)
        return error_set_field(err, ERR_INVALID, typed ? "cccd" : "gender",
                               _("cccd '%s' encodes gender %s, but the gender given is %s"), shown,
                               id_gender == 'M' ? _("male") : _("female"),
                               gender == 'M' ? _("male") : _("female"));
    return 0;
}

int cccd_parse(const char *in, int birth_year, char gender, char out[13], enum id_kind *kind,
               struct error *err)
{
    char d[13];
    size_t n = 0;

    out[0] = '\0';
    *kind = ID_NONE;
    if (!in || !*in)
        return error_set_field(err, ERR_INVALID, "cccd", _("cccd is required"));
    for (const char *p = in; *p; p++) {
        unsigned char c = (unsigned char)*p;
        size_t space = text_digit_space(p);
        if (space) {
            p += space - 1;
            continue;
        }
        if (c == '.' || c == '-')
            continue;
        if (!isdigit(c))
            return error_set_field(err, ERR_INVALID, "cccd",
                                   _("cccd '%s' must contain only digits"), error_quote(in));
        if (n == 12)
            return error_set_field(
                err, ERR_INVALID, "cccd",
                _("cccd '%s' has more than 12 digits (a CCCD has 12, an old ID card 9)"),
                error_quote(in));
        d[n++] = (char)c;
    }
    d[n] = '\0';
    if (n == 9) {
        memcpy(out, d, 10);
        *kind = ID_CMND;
        return 0;
    }
    if (n != 12)
        return error_set_field(err, ERR_INVALID, "cccd",
                               _("cccd '%s' has %zu digits; a CCCD has 12 (an old ID card 9)"),
                               error_quote(in), n);
    if (!cccd_province_name(d))
        return error_set_field(err, ERR_INVALID, "cccd",
                               _("cccd '%s': %.3s is not a province code"), d, d);
    int cg = d[3] - '0';
    if (cg > 5)
        return error_set_field(err, ERR_INVALID, "cccd",
                               _("cccd '%s': the 4th digit %c is not a century/gender code (0-5)"),
                               d, d[3]);
    int rc = check_holder(d, d, birth_year, gender, 1, err);
    if (rc)
        return rc;
    memcpy(out, d, 13);
    *kind = ID_CCCD;
    return 0;
}

int cccd_agrees(const char *id, int birth_year, char gender, struct error *err)
{
    if (!id || strlen(id) != 12 || id[3] < '0' || id[3] > '5')
        return 0; /* an old ID card encodes neither */
    char *shown = cccd_mask(id);
    int rc = check_holder(id, shown, birth_year, gender, 0, err);
    free(shown);
    return rc;
}

char *cccd_mask(const char *id)
{
    size_t n = strlen(id);
    size_t head = n == 9 ? 2 : 3, tail = n == 9 ? 3 : 4;
    char *s = xstrdup(id);

    if (n <= head + tail)
        return s;
    for (size_t i = head; i < n - tail; i++)
        s[i] = '*';
    return s;
}
