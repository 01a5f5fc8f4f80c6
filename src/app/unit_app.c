/* unit_app: administrative units through time; see include/app/unit_app.h. */
#include "app/unit_app.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "store/unit_store.h"

int unit_app_valid_on(const struct unit *u, const char *date)
{
    return (!u->valid_from || strcmp(u->valid_from, date) <= 0) &&
           (!u->valid_to || strcmp(date, u->valid_to) < 0);
}

char *unit_app_kind_phrase(const char *kind, const char *name)
{
    char *s;

    if (!name || !*name)
        return xstrdup("");
    if (!kind || !*kind)
        return xstrdup(name);
    s = xasprintf("%s %s", kind, name);
    if (s[0] >= 'A' && s[0] <= 'Z')
        s[0] = (char)(s[0] - 'A' + 'a');
    return s;
}

char *unit_app_short_pair(const char *now, const char *recorded)
{
    if (!recorded)
        recorded = "";
    if (!now || !*now || strcmp(now, recorded) == 0)
        return xstrdup(*recorded ? recorded : now ? now : "");
    /* the commune today first: a narrow column still shows it whole */
    return xasprintf("%s ← %s", now, recorded);
}

char *unit_app_phrase(struct app *app, long long id)
{
    struct unit u;
    char *s;

    if (!id || unit_store_get(app->db, id, &u, NULL) != 0)
        return xstrdup("");
    s = unit_app_kind_phrase(u.kind, u.name);
    unit_release(&u);
    return s;
}

char *unit_app_detail(const struct unit *u)
{
    struct strbuf sb = STRBUF_INIT;
    char shown[11], day[11];

    if (u->parent_name) {
        char *p = unit_app_kind_phrase(u->parent_kind, u->parent_name);
        strbuf_addstr(&sb, p);
        free(p);
    }
    if (u->valid_to && date_add_days(u->valid_to, -1, day) == 0) {
        strbuf_addstr(&sb, sb.len ? ", " : "");
        /* TRANSLATORS: a unit valid until a date: "huyện Pác Nặm, until 30/06/2025" */
        strbuf_addf(&sb, _("until %s"), date_display(day, shown));
    } else if (u->valid_from) {
        strbuf_addstr(&sb, sb.len ? ", " : "");
        /* TRANSLATORS: a unit valid from a date: "tỉnh Thái Nguyên, from 01/07/2025" */
        strbuf_addf(&sb, _("from %s"), date_display(u->valid_from, shown));
    }
    return strbuf_detach(&sb, NULL);
}

char *unit_app_describe(const struct unit *u)
{
    char *d = unit_app_detail(u);
    char *s = *d ? xasprintf("%s — %s", u->name, d) : xstrdup(u->name);
    free(d);
    return s;
}

/* "Bằng Thành, Bộc Bố, Giáo Hiệu, Nhạn Môn (huyện Pác Nặm)": units in the
 * order of their district, each district named once after its units. */
static void list_by_parent(struct strbuf *sb, const struct unit_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        const struct unit *u = &l->items[i];
        strbuf_addstr(sb, i ? (l->items[i - 1].parent_id == u->parent_id ? ", " : "; ") : "");
        strbuf_addstr(sb, u->name);
        if (i + 1 == l->n || l->items[i + 1].parent_id != u->parent_id) {
            char *p = unit_app_kind_phrase(u->parent_kind, u->parent_name);
            if (*p)
                strbuf_addf(sb, " (%s)", p);
            free(p);
        }
    }
}

int unit_app_at(struct app *app, long long id, const char *date, long long *out, struct error *err)
{
    struct unit u;
    int rc;

    *out = 0;
    if ((rc = unit_store_get(app->db, id, &u, err)) != 0)
        return rc;
    if (unit_app_valid_on(&u, date)) {
        *out = id;
    } else if (u.valid_to && strcmp(u.valid_to, date) <= 0) {
        long long to;
        char *what = unit_app_kind_phrase(u.kind, u.name), shown[11];
        rc = unit_store_successor_at(app->db, id, date, &to, err);
        if (rc == 0)
            *out = to;
        else if (rc == ERR_NOT_FOUND)
            rc = error_set(err, ERR_INVALID,
                           _("%s no longer existed on %s and no unit is known to have replaced "
                             "it"),
                           what, date_display(date, shown));
        free(what);
    } else {
        /* it began after date: what was there before it */
        struct unit_list before = {0};
        char *what = unit_app_kind_phrase(u.kind, u.name), shown[11], since[11];
        rc = unit_store_predecessors(app->db, id, &before, err);
        if (rc == 0 && before.n == 1) {
            *out = before.items[0].id;
        } else if (rc == 0 && before.n) {
            struct strbuf sb = STRBUF_INIT;
            list_by_parent(&sb, &before);
            rc = error_set(err, ERR_INVALID,
                           _("%s did not exist on %s: it was formed on %s from %s, each of which "
                             "is a commune of its own on that date"),
                           what, date_display(date, shown), date_display(u.valid_from, since),
                           sb.buf);
            strbuf_release(&sb);
        } else if (rc == 0) {
            rc = error_set(err, ERR_INVALID, _("%s did not exist on %s: it exists from %s"), what,
                           date_display(date, shown), date_display(u.valid_from, since));
        }
        unit_list_release(&before);
        free(what);
    }
    unit_release(&u);
    return rc;
}

int unit_app_address(struct app *app, long long commune_id, const char *date, char **commune,
                     char **upper, struct error *err)
{
    struct unit u;
    long long at;
    int rc;

    *commune = *upper = NULL;
    if ((rc = unit_app_at(app, commune_id, date, &at, err)) != 0)
        return rc;
    if ((rc = unit_store_get(app->db, at, &u, err)) != 0)
        return rc;
    *commune = unit_app_kind_phrase(u.kind, u.name);
    *upper = unit_app_kind_phrase(u.parent_kind, u.parent_name);
    unit_release(&u);
    return 0;
}
