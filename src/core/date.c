/* date: ISO dates in storage, dd/mm/yyyy on screen and paper. */
#include "core/date.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/i18n.h"
#include "core/testhook.h"

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

/* Reads 1..maxd digits; returns the count read, 0 if none. */
static int read_num(const char **p, int maxd, int *v)
{
    int n = 0;
    *v = 0;
    while (n < maxd && isdigit((unsigned char)**p)) {
        *v = *v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n;
}

int date_parse(const char *in, const char *field, char out[11], struct error *err)
{
    const char *p = in;
    int a, b, c, y, m, d, na, nb, nc;
    char sep;

    out[0] = '\0';
    if (!in || !*in)
        return error_set(err, ERR_INVALID, _("%s is required"), field);
    while (*p == ' ')
        p++;
    na = read_num(&p, 4, &a);
    sep = *p;
    if (!na || (sep != '-' && sep != '/' && sep != '.'))
        goto bad;
    p++;
    nb = read_num(&p, 2, &b);
    if (!nb || *p != sep)
        goto bad;
    p++;
    nc = read_num(&p, 4, &c);
    if (!nc)
        goto bad;
    while (*p == ' ')
        p++;
    if (*p)
        goto bad;
    if (na == 4) {
        y = a, m = b, d = c;
        if (nc > 2)
            goto bad;
    } else {
        if (nc != 4)
            goto bad;
        d = a, m = b, y = c;
    }
    if (y < 1900 || y > 2100)
        return error_set(err, ERR_INVALID, _("%s '%s': year %d is out of range (1900-2100)"), field,
                         error_quote(in), y);
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return error_set(err, ERR_INVALID, _("%s '%s' is not a date in the calendar"), field,
                         error_quote(in));
    char tmp[32];
    snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, d);
    memcpy(out, tmp, 11);
    return 0;
bad:
    return error_set(err, ERR_INVALID, _("%s '%s' is not a date: write dd/mm/yyyy or yyyy-mm-dd"),
                     field, error_quote(in));
}

void date_today(char out[11])
{
    const char *fake = testhook_env(TESTHOOK_TODAY);
    if (fake && date_parse(fake, "today", out, NULL) == 0)
        return;
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

void date_now_utc(char out[21])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *date_display(const char *iso, char out[11])
{
    if (iso && strlen(iso) >= 10 && iso[4] == '-' && iso[7] == '-') {
        memcpy(out, iso + 8, 2);
        out[2] = '/';
        memcpy(out + 3, iso + 5, 2);
        out[5] = '/';
        memcpy(out + 6, iso, 4);
        out[10] = '\0';
    } else {
        snprintf(out, 11, "%s", iso ? iso : "");
    }
    return out;
}

long date_days(const char *iso)
{
    int y, m, d;
    if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return -1;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    /* days from civil (H. Hinnant) */
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int date_add_days(const char *iso, long n, char out[11])
{
    int y0, m0, d0;
    /* date_days answers -1 both for a bad date and for 1969-12-31 */
    if (!iso || sscanf(iso, "%4d-%2d-%2d", &y0, &m0, &d0) != 3 || m0 < 1 || m0 > 12 || d0 < 1 ||
        d0 > days_in_month(y0, m0))
        return -1;
    long z = date_days(iso);
    /* civil from days (H. Hinnant) */
    z += n + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    long y = yoe + era * 400 + (m <= 2);
    if (y < 1 || y > 9999)
        return -1;
    snprintf(out, 11, "%04ld-%02d-%02d", y, m, d);
    return 0;
}

int date_year(const char *iso)
{
    int y = 0;
    if (iso && sscanf(iso, "%4d", &y) == 1)
        return y;
    return 0;
}
