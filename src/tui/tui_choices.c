/*
 * tui_choices: lists for choice fields (see tui_choices.h), read through
 * the store's read queries.
 */
#include "tui_choices.h"

#include <stdlib.h>
#include <string.h>

#include "app/device_app.h"
#include "app/person_app.h"
#include "app/unit_app.h"
#include "core/i18n.h"
#include "core/states.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/device_store.h"
#include "store/person_search.h"
#include "store/person_store.h"
#include "store/unit_store.h"

#define MATCHES 50

static void from_units(struct unit_list *l, struct tui_choices *out)
{
    for (size_t i = 0; i < l->n; i++)
        tui_choices_add(out, l->items[i].id, l->items[i].name, NULL);
}

void tui_choices_districts(struct tui_choices *out)
{
    struct unit_list l = {0};
    if (unit_store_list(tui->app.db, "district", 0, &l, NULL) == 0)
        from_units(&l, out);
    unit_list_release(&l);
}

void tui_choices_communes(long long district_id, struct tui_choices *out)
{
    struct unit_list l = {0};
    if (unit_store_list(tui->app.db, "commune", district_id, &l, NULL) == 0) {
        for (size_t i = 0; i < l.n; i++) {
            /* "huyện Pác Nặm, until 30/06/2025" / "tỉnh Thái Nguyên, from
             * 01/07/2025": namesakes of the two periods told apart */
            char *d = district_id ? NULL : unit_app_detail(&l.items[i]);
            tui_choices_add(out, l.items[i].id, l.items[i].name, d);
            free(d);
        }
    }
    unit_list_release(&l);
}

void tui_choices_ethnic(struct tui_choices *out)
{
    struct unit_list l = {0};
    if (ethnic_store_list(tui->app.db, &l, NULL) == 0)
        from_units(&l, out);
    unit_list_release(&l);
}

static int round_cb(const struct round *r, void *arg)
{
    char *year = r->year ? xasprintf("%d", r->year) : NULL;
    tui_choices_add(arg, r->id, r->name, year);
    free(year);
    return 0;
}

void tui_choices_rounds(struct tui_choices *out, int with_none)
{
    if (with_none)
        tui_choices_add(out, 0, _("(none)"), NULL);
    round_store_each(tui->app.db, round_cb, out, NULL);
}

void tui_form_newest_round(struct tui_form *f, int i)
{
    const struct tui_choices *c = &f->fields[i].fixed;
    int best = -1;
    if (f->fields[i].choice_id)
        return;
    for (int k = 0; k < c->n; k++)
        if (c->items[k].id > 0 && (best < 0 || c->items[k].id > c->items[best].id))
            best = k;
    if (best >= 0)
        tui_form_set(f, i, c->items[best].text, c->items[best].id);
}

void tui_choices_set(struct tui_choices *out, const char *const *labels, int n)
{
    for (int i = 0; i < n; i++)
        tui_choices_add(out, i + 1, labels[i], NULL);
}

void tui_provide_communes(struct tui_form *f, int idx, const char *filter, struct tui_choices *out)
{
    long long district = idx > 0 ? f->fields[idx - 1].choice_id : 0;
    struct tui_choices all = {0};
    /* either spelling of the province finds a commune: "sy binh" Sĩ Bình */
    char *want = text_place_key(filter);
    tui_choices_communes(district, &all);
    for (int i = 0; i < all.n; i++) {
        char *key = text_place_key(all.items[i].text);
        if (!*want || strstr(key, want))
            tui_choices_add(out, all.items[i].id, all.items[i].text, all.items[i].detail);
        free(key);
    }
    free(want);
    tui_choices_release(&all);
}

char *tui_person_line(const struct person *p)
{
    struct strbuf sb = STRBUF_INIT;
    if (p->birth_year)
        strbuf_addf(&sb, "%d, ", p->birth_year);
    /* the village too: namesakes of one year and commune live apart */
    if (p->village && *p->village)
        strbuf_addf(&sb, "%s, ", p->village);
    char *commune = person_app_commune_short(p);
    strbuf_addstr(&sb, commune);
    free(commune);
    if (p->imei && *p->imei)
        strbuf_addf(&sb, ", IMEI %s", p->imei);
    return strbuf_detach(&sb, NULL);
}

static int person_cb(const struct person *p, void *arg)
{
    char *d = tui_person_line(p);
    tui_choices_add(arg, p->id, p->full_name, d);
    free(d);
    return 0;
}

static void persons(const char *filter, int status, struct tui_choices *out)
{
    struct person_query q = {.search = filter, .active = 1, .limit = MATCHES};
    q.status = status;
    person_search_each(tui->app.db, &q, person_cb, out, NULL);
}

void tui_provide_persons(struct tui_form *f, int idx, const char *filter, struct tui_choices *out)
{
    persons(filter, PERSON_ANY, out);
}

void tui_provide_holders(struct tui_form *f, int idx, const char *filter, struct tui_choices *out)
{
    persons(filter, PERSON_WITH_DEVICE, out);
}

static int device_cb(const struct device *d, void *arg)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, d->model);
    if (d->holder_name && *d->holder_name)
        strbuf_addf(&sb, ", %s", d->holder_name);
    tui_choices_add(arg, d->id, d->imei, sb.buf);
    strbuf_release(&sb);
    return 0;
}

static void devices(const char *filter, const char *status, struct tui_choices *out)
{
    struct device_query q = {.search = filter, .status = status, .limit = MATCHES};
    device_store_each(tui->app.db, &q, device_cb, out, NULL);
}

void tui_provide_stock(struct tui_form *f, int idx, const char *filter, struct tui_choices *out)
{
    devices(filter, device_state_text(DEVICE_IN_STOCK), out);
}

void tui_provide_handed(struct tui_form *f, int idx, const char *filter, struct tui_choices *out)
{
    devices(filter, device_state_text(DEVICE_HANDED_OVER), out);
}
