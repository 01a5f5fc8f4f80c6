/*
 * tui_training: the Training screen — the list of sessions (F7 adds one)
 * and, with Enter, a session's attendance as a checklist pre-filled with
 * the recipients of its commune; Space ticks, '/' adds anyone by search.
 * Every tick is saved at once through training_app.
 */
#include <stdlib.h>
#include <string.h>

#include "app/training_app.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/imei.h"
#include "core/xalloc.h"
#include "store/device_store.h"
#include "store/handover_store.h"
#include "store/person_search.h"
#include "store/person_store.h"
#include "store/training_store.h"
#include "tui_choices.h"
#include "tui_form.h"
#include "tui_list.h"

static const struct tui_col session_cols[] = {
    {N_("No."), 4, 0, 1, -1, 0, 0},      {N_("Date"), 10, 0, 0, -1, 0, 0},
    {N_("Topic"), 12, 3, 0, -1, 0, 0},   {N_("Place"), 10, 2, 0, -1, 0, 0},
    {N_("Commune"), 10, 2, 0, -1, 0, 0}, {N_("Trainer"), 10, 1, 0, -1, 0, 0},
    {N_("Attended"), 8, 0, 1, -1, 0, 0},
};
#define NCOLS ((int)(sizeof session_cols / sizeof *session_cols))

struct sessions {
    struct tui_list list;
};

static int count_cb(const struct training_session *s, void *arg)
{
    (*(long long *)arg)++;
    return 0;
}

static long long sessions_count(struct tui_list *l)
{
    long long n = 0;
    training_store_each(tui->app.db, count_cb, &n, NULL);
    return n;
}

struct fetch {
    struct tui_list *l;
    long long skip;
    int left;
};

static int row_cb(const struct training_session *s, void *arg)
{
    struct fetch *f = arg;
    if (f->skip > 0) {
        f->skip--;
        return 0;
    }
    if (f->left-- <= 0)
        return 1;
    char id[24], date[11], n[24];
    snprintf(id, sizeof id, "%lld", s->id);
    snprintf(n, sizeof n, "%lld", s->attendees);
    const char *cells[NCOLS] = {
        id, date_display(s->held_on, date), s->topic, s->place, s->commune, s->trainer, n};
    tui_list_row(f->l, s->id, cells);
    return 0;
}

static void sessions_fetch(struct tui_list *l, long long offset, int limit)
{
    struct fetch f = {l, offset, limit};
    training_store_each(tui->app.db, row_cb, &f, NULL);
}

static void sessions_draw(struct view *v, WINDOW *w, int h, int wd)
{
    struct sessions *s = v->data;
    tui_list_draw(&s->list, w, 1, h - 1, wd);
    char *t = xasprintf(_("Training sessions: %lld   (Enter: attendance, F7: new session)"),
                        s->list.total);
    tui_put(w, 0, 1, wd - 2, t, tui_attr(ATTR_TITLE));
    free(t);
}

static int sessions_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    struct sessions *s = v->data;
    if (a == ACT_SEARCH || a == ACT_SORT || a == ACT_TOGGLE)
        return TUI_HANDLED;
    int r = tui_list_key(&s->list, a, k);
    if (r & TUI_LIST_OPEN) {
        long long id = tui_list_current(&s->list);
        if (id)
            tui_attendance_open(id);
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (r != TUI_UNHANDLED)
        return r;
    if (a == ACT_ADD) {
        tui_session_form();
        return TUI_HANDLED | TUI_REDRAW;
    }
    return TUI_UNHANDLED;
}

static void sessions_close(struct view *v)
{
    struct sessions *s = v->data;
    tui_list_release(&s->list);
    free(s);
}

static const enum tui_action sessions_bar[] = {ACT_OPEN, ACT_REFRESH, ACT_ADD, ACT_NONE};
static const struct view_ops sessions_ops = {
    .name = "training",
    .draw = sessions_draw,
    .key = sessions_key,
    .close = sessions_close,
    .keymap = KEYMAP_TRAINING,
    .fbar = sessions_bar,
};

struct view *tui_training_new(void)
{
    struct sessions *s = xcalloc(1, sizeof *s);
    tui_list_init(&s->list, session_cols, NCOLS);
    s->list.count = sessions_count;
    s->list.fetch = sessions_fetch;
    s->list.arg = s;
    s->list.empty_text = N_("no training sessions yet: F7 adds one");
    return tui_view_new(&sessions_ops, s);
}

/* --- attendance checklist ---------------------------------------------- */

struct entry {
    long long id;
    char *name, *detail;
    int ticked;
};

struct checklist {
    long long session_id;
    struct training_session s;
    struct entry *e;
    int n, alloc, cur, top;
    long long generation;
};

static struct entry *find(struct checklist *at, long long id)
{
    for (int i = 0; i < at->n; i++)
        if (at->e[i].id == id)
            return &at->e[i];
    return NULL;
}

static struct entry *add_entry(struct checklist *at, const struct person *p)
{
    struct entry *e = find(at, p->id);
    if (e)
        return e;
    if (at->n == at->alloc) {
        at->alloc = at->alloc ? at->alloc * 2 : 64;
        at->e = xrealloc(at->e, at->alloc * sizeof *at->e);
    }
    e = &at->e[at->n++];
    e->id = p->id;
    e->name = xstrdup(p->full_name);
    e->detail = tui_person_line(p);
    e->ticked = 0;
    return e;
}

static int cand_cb(const struct person *p, void *arg)
{
    add_entry(arg, p);
    return 0;
}

static int attendee_cb(long long person_id, void *arg)
{
    struct checklist *at = arg;
    struct entry *e = find(at, person_id);
    if (!e) {
        struct person p;
        if (person_store_get(tui->app.db, person_id, &p, NULL) != 0)
            return 0;
        e = add_entry(at, &p);
        person_release(&p);
    }
    e->ticked = 1;
    return 0;
}

static void at_clear(struct checklist *at)
{
    for (int i = 0; i < at->n; i++) {
        free(at->e[i].name);
        free(at->e[i].detail);
    }
    at->n = 0;
}

static void at_load(struct checklist *at)
{
    struct error err = ERROR_INIT;
    at_clear(at);
    training_session_release(&at->s);
    memset(&at->s, 0, sizeof at->s);
    if (training_store_get(tui->app.db, at->session_id, &at->s, &err) != 0) {
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
        return;
    }
    if (at->s.commune_id) {
        /* the commune's people: the holders of a device show its IMEI */
        struct person_query q = {.commune_id = at->s.commune_id, .active = 1};
        person_search_each(tui->app.db, &q, cand_cb, at, NULL);
    }
    attendance_store_each(tui->app.db, at->session_id, attendee_cb, at, NULL);
    at->generation = tui->generation;
}

static void at_draw(struct view *v, WINDOW *w, int h, int wd)
{
    struct checklist *at = v->data;
    werase(w);
    if (at->generation != tui->generation)
        at_load(at);
    char date[11];
    int ticked = 0;
    for (int i = 0; i < at->n; i++)
        ticked += at->e[i].ticked;
    char *t = xasprintf(_("Attendance: %s, %s — %s"),
                        date_display(at->s.held_on ? at->s.held_on : "", date),
                        at->s.topic ? at->s.topic : "",
                        at->s.commune ? at->s.commune
                        : at->s.place ? at->s.place
                                      : "");
    tui_put(w, 0, 1, wd - 2, t, tui_attr(ATTR_TITLE));
    free(t);
    t = xasprintf(_("%d of %d ticked. Space ticks or unticks (saved at once); / adds anyone."),
                  ticked, at->n);
    tui_put(w, 1, 1, wd - 2, t, tui_attr(ATTR_DIM));
    free(t);
    int rows = h - 3;
    if (at->cur >= at->n)
        at->cur = at->n - 1;
    if (at->cur < 0)
        at->cur = 0;
    if (at->cur < at->top)
        at->top = at->cur;
    if (at->cur >= at->top + rows)
        at->top = at->cur - rows + 1;
    for (int r = 0; r < rows && at->top + r < at->n; r++) {
        struct entry *e = &at->e[at->top + r];
        int attr = at->top + r == at->cur ? tui_attr(ATTR_SELECTED) : 0;
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, "[%s] %s", e->ticked ? "x" : " ", e->name);
        if (attr != A_NORMAL) {
            wattrset(w, attr);
            mvwhline(w, 3 + r, 0, ' ', wd);
        }
        tui_put(w, 3 + r, 1, wd / 2, sb.buf, attr | (e->ticked ? (int)A_BOLD : 0));
        tui_put(w, 3 + r, wd / 2 + 1, wd / 2 - 2, e->detail, attr);
        strbuf_release(&sb);
    }
    if (at->n == 0)
        tui_put(w, 3, 2, wd - 4,
                at->s.commune_id ? _("nobody is registered in this commune: / adds people")
                                 : _("the session has no commune: / adds people by search"),
                tui_attr(ATTR_DIM));
}

/* Tick or untick the row under the cursor (saved at once), and on to the
 * next row; 0, or -1 when refused (the status line says why). */
static int toggle(struct checklist *at)
{
    if (at->cur < 0 || at->cur >= at->n)
        return -1;
    struct entry *e = &at->e[at->cur];
    struct error err = ERROR_INIT;
    int rc;
    if (e->ticked) {
        rc = training_app_unattend(&tui->app, at->session_id, e->id, &err);
    } else {
        size_t added;
        rc = training_app_attend(&tui->app, at->session_id, &e->id, 1, &added, &err);
    }
    if (rc != 0) {
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
        return -1;
    }
    e->ticked = !e->ticked;
    tui_status(0, e->ticked ? _("attended: %s") : _("removed from the attendance: %s"), e->name);
    /* keep the list as it is on screen; the others reload */
    tui_changed();
    at->generation = tui->generation;
    if (at->cur < at->n - 1)
        at->cur++;
    return 0;
}

/* The person holding the phone of a scanned IMEI into *person_id (0 when
 * nobody holds it); a message for the status line when it cannot be told
 * (not an IMEI, not registered, the database). */
static int holder_of(const char *imei, long long *person_id, struct error *err)
{
    long long device = 0, open = 0;
    struct handover h;
    int rc;

    *person_id = 0;
    if ((rc = device_store_find_imei(tui->app.db, imei, &device, err)) != 0 && rc != ERR_NOT_FOUND)
        return rc;
    if (!device)
        return error_set(err, ERR_NOT_FOUND, _("scanned IMEI %s: no phone has this IMEI"), imei);
    if ((rc = handover_store_open_for_device(tui->app.db, device, &open, err)) != 0 &&
        rc != ERR_NOT_FOUND)
        return rc;
    error_clear(err);
    if (!open)
        return 0;
    if ((rc = handover_store_get(tui->app.db, open, &h, err)) != 0)
        return rc;
    *person_id = h.person_id;
    handover_release(&h);
    return 0;
}

/* A scanned IMEI on the checklist: its holder ticked as present when in
 * the list (the row chosen), never the phone's record opened. Other scans
 * (a receipt's QR) go the usual way. */
static int at_scan(struct view *v, const char *text)
{
    struct checklist *at = v->data;
    struct error err = ERROR_INIT;
    char imei[IMEI_LEN + 1];
    long long person;

    if (imei_parse(text, "imei", imei, NULL) != 0)
        return 0;
    if (holder_of(imei, &person, &err) != 0) {
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
        return 1;
    }
    if (!person) {
        tui_status(1, _("scanned IMEI %s: the phone is not handed to anyone"), imei);
        return 1;
    }
    if (at->generation != tui->generation)
        at_load(at);
    for (int i = 0; i < at->n; i++) {
        if (at->e[i].id != person)
            continue;
        at->cur = i;
        if (at->e[i].ticked)
            tui_status(0, _("scanned IMEI %s: %s is ticked as present already"), imei,
                       at->e[i].name);
        else if (toggle(at) == 0)
            tui_status(0, _("scanned IMEI %s: %s ticked as present"), imei, at->e[i].name);
        at->cur = i; /* the row ticked stays in sight */
        return 1;
    }
    struct person p;
    if (person_store_get(tui->app.db, person, &p, &err) == 0) {
        tui_status(1,
                   _("scanned IMEI %s: its holder %s is not in this session's list (/ adds "
                     "anyone)"),
                   imei, p.full_name);
        person_release(&p);
    } else {
        tui_status(1, "%s", error_msg(&err));
    }
    error_clear(&err);
    return 1;
}

static int quick_save(struct tui_form *f, struct error *err)
{
    struct checklist *at = f->arg;
    long long id = f->fields[0].choice_id;
    size_t added;
    if (!id)
        return error_set(err, ERR_INVALID, "%s", _("choose the person from the list"));
    int rc = training_app_attend(&tui->app, at->session_id, &id, 1, &added, err);
    if (rc == 0)
        tui_status(0, _("attended: %s"), tui_form_value(f, 0));
    return rc;
}

static int at_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    struct checklist *at = v->data;
    int page = LINES - 7;
    switch (a) {
    case ACT_UP:
        at->cur--;
        break;
    case ACT_DOWN:
        at->cur++;
        break;
    case ACT_PGUP:
        at->cur -= page;
        break;
    case ACT_PGDN:
        at->cur += page;
        break;
    case ACT_HOME:
        at->cur = 0;
        break;
    case ACT_END:
        at->cur = at->n - 1;
        break;
    case ACT_TOGGLE:
    case ACT_OPEN:
        (void)toggle(at);
        break;
    case ACT_ATTEND_ADD: {
        struct tui_form *f = tui_form_new(_("Add a person to the attendance"), 1);
        f->arg = at;
        f->save = quick_save;
        tui_form_field(f, 0, "person", N_("Person"), FIELD_CHOICE, 1);
        f->fields[0].choices = tui_provide_persons;
        tui_form_open(f);
        break;
    }
    default:
        if (!k->is_char && k->code == KEY_MOUSE && k->mouse_y >= 3) {
            int row = at->top + (k->mouse_y < -1 ? -2 - k->mouse_y : k->mouse_y) - 3;
            if (row < at->n)
                at->cur = row;
            return TUI_HANDLED | TUI_REDRAW;
        }
        return TUI_UNHANDLED;
    }
    if (at->cur >= at->n)
        at->cur = at->n - 1;
    if (at->cur < 0)
        at->cur = 0;
    return TUI_HANDLED | TUI_REDRAW;
}

static void at_close(struct view *v)
{
    struct checklist *at = v->data;
    at_clear(at);
    free(at->e);
    training_session_release(&at->s);
    free(at);
}

static const enum tui_action at_bar[] = {ACT_TOGGLE, ACT_ATTEND_ADD, ACT_NONE};
static const struct view_ops at_ops = {
    .name = "attendance",
    .draw = at_draw,
    .key = at_key,
    .close = at_close,
    .scan = at_scan,
    .keymap = KEYMAP_TRAINING,
    .fbar = at_bar,
};

void tui_attendance_open(long long session_id)
{
    struct checklist *at = xcalloc(1, sizeof *at);
    at->session_id = session_id;
    at->generation = -1;
    tui_push(tui_view_new(&at_ops, at));
}
