/*
 * tui_people: the People screen — every prestigious person, read page by
 * page, searched as you type, filtered by district, commune, status and
 * round, sorted by column; Enter opens the record, F7 adds, F4 edits.
 */
#include <stdlib.h>
#include <string.h>

#include "app/person_app.h"
#include "core/cccd.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "store/person_search.h"
#include "store/person_store.h"
#include "tui_choices.h"
#include "tui_form.h"
#include "tui_list.h"

static const struct tui_col person_cols[] = {
    {N_("No."), 6, 0, 1, PERSON_SORT_ID, 0, 0},
    {N_("Full name"), 12, 4, 0, PERSON_SORT_NAME, 0, 0},
    {N_("Born"), 6, 0, 1, PERSON_SORT_BIRTH, 0, 0},
    {N_("Ethnic"), 7, 0, 0, -1, 96, 0},
    {N_("Commune"), 7, 2, 0, PERSON_SORT_COMMUNE, 0, 0},
    {N_("District"), 6, 1, 0, -1, 104, 0},
    {N_("Citizen ID"), 12, 0, 0, -1, 0, 1},
    {N_("Device IMEI"), 15, 0, 0, -1, 0, 0},
};
#define NCOLS ((int)(sizeof person_cols / sizeof *person_cols))

struct people {
    struct tui_list list;
    long long district_id, commune_id, round_id;
    char *district, *commune, *round;
    int status; /* 0 any, 1 with device, 2 without, 3 inactive */
    /* every folded name, for counting 1-2-letter searches as they are typed */
    struct person_names names;
    long long names_generation;
};

static void fill_query(struct people *pp, struct person_query *q)
{
    memset(q, 0, sizeof *q);
    q->search = pp->list.search_fold;
    q->district_id = pp->district_id;
    q->commune_id = pp->commune_id;
    q->round_id = pp->round_id;
    q->active = pp->status == 3 ? 0 : -1;
    q->status = pp->status == 1   ? PERSON_WITH_DEVICE
                : pp->status == 2 ? PERSON_WITHOUT_DEVICE
                                  : PERSON_ANY;
    if (pp->round_id && q->status == PERSON_ANY)
        q->status = PERSON_WITH_DEVICE;
    q->sort = tui_list_sort(&pp->list);
    q->descending = pp->list.desc;
}

static long long people_count(struct tui_list *l)
{
    struct people *pp = l->arg;
    struct person_query q;
    long long n = 0;
    struct error err = ERROR_INIT;
    fill_query(pp, &q);
    if (person_search_names_answer(&q)) {
        /* SQL would read every name again at each keystroke */
        if (!pp->names.buf || pp->names_generation != tui->generation) {
            if (person_search_names_load(tui->app.db, &pp->names, &err) == 0)
                pp->names_generation = tui->generation;
            else
                error_clear(&err);
        }
        if (pp->names.buf && pp->names_generation == tui->generation)
            return person_search_names_count(&pp->names, q.search);
    }
    if (person_search_count(tui->app.db, &q, &n, &err) != 0) {
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
    }
    return n;
}

static int row_cb(const struct person *p, void *arg)
{
    struct tui_list *l = arg;
    char id[24], year[8] = "";
    snprintf(id, sizeof id, "%lld", p->id);
    if (p->birth_year)
        snprintf(year, sizeof year, "%d", p->birth_year);
    char *mask = p->id_number ? cccd_mask(p->id_number) : xstrdup("");
    struct strbuf name = STRBUF_INIT;
    strbuf_addstr(&name, p->full_name);
    if (!p->active)
        strbuf_addf(&name, " (%s)", _("inactive"));
    /* the commune today, and the one of the records when it was replaced */
    char *commune = person_app_commune_short(p);
    const char *cells[NCOLS] = {id, name.buf, year, p->ethnic, commune, p->district, mask, p->imei};
    tui_list_row(l, p->id, cells);
    free(commune);
    free(mask);
    strbuf_release(&name);
    return 0;
}

static void people_fetch(struct tui_list *l, const struct tui_page *pg)
{
    struct people *pp = l->arg;
    struct person_query q;
    struct error err = ERROR_INIT;
    fill_query(pp, &q);
    q.after_id = pg->after_id;
    q.reverse = pg->reverse;
    q.offset = pg->offset;
    q.limit = pg->limit;
    if (person_search_each(tui->app.db, &q, row_cb, l, &err) < 0) {
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
    }
}

static void people_draw(struct view *v, WINDOW *w, int h, int wd)
{
    struct people *pp = v->data;
    struct strbuf t = STRBUF_INIT;
    tui_list_draw(&pp->list, w, 1, h - 1, wd);
    /* the title after the list so that it shows the fresh count */
    strbuf_addf(&t, "%s: %lld", _("Prestigious persons"), pp->list.total);
    if (pp->district)
        strbuf_addf(&t, " · %s", pp->district);
    if (pp->commune)
        strbuf_addf(&t, " · %s", pp->commune);
    if (pp->status == 1)
        strbuf_addf(&t, " · %s", _("with a device"));
    else if (pp->status == 2)
        strbuf_addf(&t, " · %s", _("without a device"));
    else if (pp->status == 3)
        strbuf_addf(&t, " · %s", _("inactive"));
    if (pp->round)
        strbuf_addf(&t, " · %s", pp->round);
    tui_put(w, 0, 1, wd - 2, t.buf, tui_attr(ATTR_TITLE));
    strbuf_release(&t);
    v->text_input = pp->list.searching;
}

/* --- filter form ------------------------------------------------------- */

enum { F_DISTRICT, F_COMMUNE, F_STATUS, F_ROUND, F_N };

static void filter_picked(struct tui_form *f, int idx)
{
    if (idx == F_DISTRICT)
        tui_form_set(f, F_COMMUNE, "", 0);
}

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = v && *v ? xstrdup(v) : NULL;
}

static int filter_save(struct tui_form *f, struct error *err)
{
    struct people *pp = f->arg;
    pp->district_id = f->fields[F_DISTRICT].choice_id;
    pp->commune_id = f->fields[F_COMMUNE].choice_id;
    pp->round_id = f->fields[F_ROUND].choice_id;
    pp->status = f->fields[F_STATUS].choice_id > 0 ? (int)f->fields[F_STATUS].choice_id - 1 : 0;
    set_str(&pp->district, pp->district_id ? tui_form_value(f, F_DISTRICT) : NULL);
    set_str(&pp->commune, pp->commune_id ? tui_form_value(f, F_COMMUNE) : NULL);
    set_str(&pp->round, pp->round_id ? tui_form_value(f, F_ROUND) : NULL);
    pp->list.cur = pp->list.top = 0;
    tui_list_reload(&pp->list);
    return 0;
}

static void people_filter(struct people *pp)
{
    struct tui_form *f = tui_form_new(_("Filter the list (empty field: all)"), F_N);
    static const char *const st[] = {N_("all"), N_("with a device"), N_("without a device"),
                                     N_("inactive")};
    const char *stl[4];
    for (int i = 0; i < 4; i++)
        stl[i] = _(st[i]);
    f->arg = pp;
    f->save = filter_save;
    f->picked = filter_picked;
    tui_form_field(f, F_DISTRICT, "district", N_("District"), FIELD_CHOICE, 0);
    tui_choices_districts(&f->fields[F_DISTRICT].fixed);
    tui_form_field(f, F_COMMUNE, "commune", N_("Commune"), FIELD_CHOICE, 0);
    f->fields[F_COMMUNE].choices = tui_provide_communes;
    tui_form_field(f, F_STATUS, "status", N_("Status"), FIELD_CHOICE, 0);
    tui_choices_set(&f->fields[F_STATUS].fixed, stl, 4);
    tui_form_field(f, F_ROUND, "round", N_("Round (holders)"), FIELD_CHOICE, 0);
    tui_choices_rounds(&f->fields[F_ROUND].fixed, 0);
    tui_form_set(f, F_DISTRICT, pp->district, pp->district_id);
    tui_form_set(f, F_COMMUNE, pp->commune, pp->commune_id);
    tui_form_set(f, F_STATUS, stl[pp->status], pp->status + 1);
    tui_form_set(f, F_ROUND, pp->round, pp->round_id);
    tui_form_open(f);
}

static int people_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    struct people *pp = v->data;
    int r = tui_list_key(&pp->list, a, k);
    v->text_input = pp->list.searching;
    if (r & TUI_LIST_OPEN) {
        long long id = tui_list_current(&pp->list);
        if (id)
            tui_record_person(id);
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (r != TUI_UNHANDLED)
        return r;
    switch (a) {
    case ACT_ADD:
        tui_person_form(0, NULL, NULL);
        return TUI_HANDLED | TUI_REDRAW;
    case ACT_EDIT: {
        long long id = tui_list_current(&pp->list);
        if (id)
            tui_person_form(id, NULL, NULL);
        return TUI_HANDLED | TUI_REDRAW;
    }
    case ACT_IMPORT:
        tui_import_open(0);
        return TUI_HANDLED | TUI_REDRAW;
    case ACT_FILTER:
        people_filter(pp);
        return TUI_HANDLED | TUI_REDRAW;
    default:
        return TUI_UNHANDLED;
    }
}

static void people_close(struct view *v)
{
    struct people *pp = v->data;
    tui_list_release(&pp->list);
    person_search_names_release(&pp->names);
    free(pp->district);
    free(pp->commune);
    free(pp->round);
    free(pp);
}

static const enum tui_action people_bar[] = {ACT_SEARCH, ACT_EDIT,   ACT_REFRESH, ACT_SORT,
                                             ACT_ADD,    ACT_FILTER, ACT_IMPORT,  ACT_NONE};
static const struct view_ops people_ops = {
    .name = "people",
    .draw = people_draw,
    .key = people_key,
    .close = people_close,
    .keymap = KEYMAP_LIST,
    .fbar = people_bar,
};

struct view *tui_people_new(void)
{
    struct people *pp = xcalloc(1, sizeof *pp);
    tui_list_init(&pp->list, person_cols, NCOLS);
    pp->list.detail = LIST_DETAIL_PERSON;
    pp->list.count = people_count;
    pp->list.fetch_page = people_fetch;
    pp->list.arg = pp;
    pp->list.sort_col = 1; /* by name, the Vietnamese way */
    pp->list.empty_text = N_("no people yet: F7 adds one, or import a list");
    return tui_view_new(&people_ops, pp);
}
