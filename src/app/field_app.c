/* field_app: the rules of typed fields; see include/app/field_app.h. */
#include "app/field_app.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/i18n.h"
#include "core/imei.h"
#include "core/money.h"
#include "core/phone.h"
#include "core/text.h"
#include "core/xalloc.h"

char field_app_gender(const char *s, struct error *err)
{
    char *f = text_fold(s ? s : "");
    char g = 0;
    static const char *const male[] = {"m", "nam", "male", "1", "ong", "ông"};
    static const char *const female[] = {"f", "nu", "female", "0", "ba", "2"};

    for (size_t i = 0; i < sizeof(male) / sizeof(*male); i++)
        if (strcmp(f, male[i]) == 0)
            g = 'M';
    for (size_t i = 0; i < sizeof(female) / sizeof(*female); i++)
        if (strcmp(f, female[i]) == 0)
            g = 'F';
    free(f);
    if (!g)
        error_set_field(err, ERR_INVALID, "gender", _("gender '%s' must be M or F (Nam or Nữ)"),
                        error_quote(s));
    return g;
}

static int parse_year(const char *s, int *year, struct error *err)
{
    char iso[11];
    const char *p = s;
    int y = 0, n = 0;

    *year = 0;
    while (*p == ' ')
        p++;
    while (isdigit((unsigned char)*p) && n < 5) {
        y = y * 10 + (*p - '0');
        p++;
        n++;
    }
    while (*p == ' ')
        p++;
    if (n == 4 && !*p) {
        char today[11];
        date_today(today);
        if (y < 1900 || y > date_year(today))
            return error_set(err, ERR_INVALID, _("birth year '%s' is out of range (1900-%d)"),
                             error_quote(s), date_year(today));
        *year = y;
        return 0;
    }
    if (date_parse(s, "birth date", iso, NULL) == 0) {
        *year = date_year(iso);
        return 0;
    }
    return error_set(err, ERR_INVALID, _("birth year '%s' must be a year like 1958"),
                     error_quote(s));
}

/* The year of a round (CHECK_ROUND_YEAR): 2000 to 2100, "" none. */
static int round_year(const char *s, int *year, struct error *err)
{
    char *end;

    *year = 0;
    if (!*s)
        return 0;
    long y = strtol(s, &end, 10);
    if (*end || y < 2000 || y > 2100)
        return error_set(err, ERR_INVALID, _("year '%s' must be a year like 2023"), error_quote(s));
    *year = (int)y;
    return 0;
}

/*
 * text_clean (required: text_clean_required) of a field named by its msgid
 * (N_()): the name is translated only when the value is refused, because
 * gettext costs about a microsecond a call and an import cleans five fields
 * a row (8 % of its time).
 */
static int clean(const char *in, const char *label, size_t max, int required, char **out,
                 struct error *err)
{
    int rc = required ? text_clean_required(in, label, max, out, NULL)
                      : text_clean(in, label, max, 0, out, NULL);
    if (rc) /* again, for the message in the user's language */
        rc = required ? text_clean_required(in, _(label), max, out, err)
                      : text_clean(in, _(label), max, 0, out, err);
    return rc;
}

static int yes_no(const char *typed, const char *label, int *v, struct error *err)
{
    char *f = text_fold(typed);
    int rc = 0;
    if (!strcmp(f, "1") || !strcmp(f, "yes") || !strcmp(f, "co") || !strcmp(f, "true"))
        *v = 1;
    else if (!strcmp(f, "0") || !strcmp(f, "no") || !strcmp(f, "khong") || !strcmp(f, "false"))
        *v = 0;
    else
        rc = error_set(err, ERR_INVALID, _("%s '%s' must be yes or no"), _(label),
                       error_quote(typed));
    free(f);
    return rc;
}

char *field_app_text(const struct record_kind *k, const struct field *f, const void *rec)
{
    const void *v;
    long long x;

    if (f->shows && (f = record_field(k, f->shows)) == NULL)
        return xstrdup("");
    v = (const char *)rec + f->offset;
    switch (f->type) {
    case FT_TEXT:
        if (f->check == CHECK_DATE && *(char *const *)v) {
            /* stored YYYY-MM-DD, read and typed dd/mm/yyyy */
            char shown[11];
            return xstrdup(date_display(*(char *const *)v, shown));
        }
        return xstrdup(*(char *const *)v ? *(char *const *)v : "");
    case FT_CHAR:
        return xstrndup((const char *)v, *(const char *)v ? 1 : 0);
    case FT_INT:
        x = *(const int *)v;
        break;
    case FT_ID:
        x = *(const long long *)v;
        break;
    default:
        return xstrdup("");
    }
    if (x == ((f->flags & FIELD_MINUS_NULL) ? -1 : 0))
        return xstrdup("");
    return xasprintf("%lld", x);
}

/* field_app_apply without naming the field in err */
static int apply(struct app *app, const struct field *f, const char *typed, void *rec,
                 struct error *err)
{
    void *v = (char *)rec + f->offset;
    int rc = 0;

    if (!*typed && (f->flags & FIELD_REQUIRED) && f->check != CHECK_NAME &&
        f->check != CHECK_GENDER)
        return error_set(err, ERR_INVALID, _("%s is required"), _(f->label));
    switch (f->check) {
    case CHECK_NAME:
    case CHECK_TEXT: {
        char *s = NULL;
        if ((rc = clean(typed, f->label, f->max, f->check == CHECK_NAME, &s, err)) != 0)
            return rc;
        free(*(char **)v);
        *(char **)v = *s ? s : NULL;
        if (!*s)
            free(s);
        return 0;
    }
    case CHECK_GENDER: {
        char g = field_app_gender(typed, err);
        if (!g)
            return ERR_INVALID;
        *(char *)v = g;
        return 0;
    }
    case CHECK_YEAR:
        if (!*typed) {
            *(int *)v = 0;
            return 0;
        }
        return parse_year(typed, (int *)v, err);
    case CHECK_ROUND_YEAR:
        return round_year(typed, (int *)v, err);
    case CHECK_ETHNIC:
        if (!*typed) {
            *(long long *)v = 0;
            return 0;
        }
        return app_find_ethnic(app, typed, (long long *)v, err);
    case CHECK_PHONE: {
        char out[11];
        free(*(char **)v);
        *(char **)v = NULL;
        if (!*typed)
            return 0;
        if ((rc = phone_parse(typed, out, err)) != 0)
            return rc;
        *(char **)v = xstrdup(out);
        return 0;
    }
    case CHECK_YESNO:
        return yes_no(typed, f->label, (int *)v, err);
    case CHECK_DATE:
    case CHECK_IMEI: {
        char out[IMEI_LEN + 11];
        free(*(char **)v);
        *(char **)v = NULL;
        if (!*typed)
            return 0;
        rc = f->check == CHECK_DATE ? date_parse(typed, _(f->label), out, err)
                                    : imei_parse(typed, _(f->label), out, err);
        if (rc == 0)
            *(char **)v = xstrdup(out);
        return rc;
    }
    case CHECK_MONEY:
        *(long long *)v = (f->flags & FIELD_MINUS_NULL) ? -1 : 0;
        if (!*typed)
            return 0;
        return money_parse(typed, _(f->label), (long long *)v, err);
    default:
        return 1;
    }
}

int field_app_apply(struct app *app, const struct field *f, const char *typed, void *rec,
                    struct error *err)
{
    int rc = apply(app, f, typed, rec, err);
    return rc < 0 ? error_field(err, field_name(f), rc) : rc;
}

int field_app_apply_input(struct app *app, const struct record_kind *k, const void *in, void *rec,
                          struct error *err)
{
    for (size_t i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        const char *typed = field_input(f, in);
        int rc;
        if (!typed && (f->flags & FIELD_REQUIRED))
            typed = "";
        if (typed && (rc = field_app_apply(app, f, typed, rec, err)) != 0)
            return rc;
    }
    return 0;
}
