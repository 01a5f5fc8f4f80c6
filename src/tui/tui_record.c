/*
 * tui_record: one person's or one device's record with its full history —
 * every handover and return, every training attended, every audit entry —
 * shown from either side.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app/device_app.h"
#include "app/handover_app.h"
#include "app/person_app.h"
#include "app/unit_app.h"
#include "core/cccd.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/audit_store.h"
#include "store/device_store.h"
#include "store/handover_store.h"
#include "store/person_store.h"
#include "store/training_store.h"
#include "tui_internal.h"

struct record {
    int is_person;
    long long id;
    long long commune_id; /* a person's: to name it as it was on each record's date */
    int has_id, show_id;  /* the person has a citizen ID; shown in full (F3, audited) */
    char **lines;
    int *attrs;
    int n, top;
    long long generation;
};

static void add(struct record *r, int attr, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add(struct record *r, int attr, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    r->lines = xrealloc(r->lines, (r->n + 1) * sizeof *r->lines);
    r->attrs = xrealloc(r->attrs, (r->n + 1) * sizeof *r->attrs);
    r->lines[r->n] = strbuf_detach(&sb, NULL);
    r->attrs[r->n++] = attr;
}

static void field(struct record *r, const char *label, const char *value)
{
    if (value && *value) {
        struct strbuf sb = STRBUF_INIT;
        text_fit(&sb, label, 22, 1);
        add(r, A_NORMAL, "  %s %s", sb.buf, value);
        strbuf_release(&sb);
    }
}

static const char *d(const char *iso, char buf[11])
{
    return iso && *iso ? date_display(iso, buf) : "";
}

/* "xã Bộc Bố, huyện Pác Nặm": the person's commune on a record's date, or
 * "" when it cannot be named then. Caller frees. */
static char *commune_then(const struct record *r, const char *date)
{
    char *commune = NULL, *upper = NULL, *s;
    if (unit_app_address(&tui->app, r->commune_id, date, &commune, &upper, NULL) != 0)
        return xstrdup("");
    s = *upper ? xasprintf("%s, %s", commune, upper) : xstrdup(commune);
    free(commune);
    free(upper);
    return s;
}

static int handover_line(const struct handover *h, void *arg)
{
    struct record *r = arg;
    char b1[11], b2[11];
    if (r->is_person) {
        char *where = commune_then(r, h->handed_on);
        add(r, A_NORMAL, "  %s  %s  IMEI %s (%s)%s%s", d(h->handed_on, b1), h->receipt_no, h->imei,
            h->model ? h->model : "", *where ? " — " : "", where);
        free(where);
    } else
        add(r, A_NORMAL, "  %s  %s  → %s", d(h->handed_on, b1), h->receipt_no, h->person_name);
    if (h->returned_on)
        add(r, tui_attr(ATTR_DIM), "      %s %s: %s%s%s", _("taken back"), d(h->returned_on, b2),
            handover_reason_label(h->return_reason),
            h->return_decision && *h->return_decision ? ", " : "",
            h->return_decision ? h->return_decision : "");
    else if (h->signed_on)
        add(r, tui_attr(ATTR_DIM), "      %s %s %s", _("receipt signed"), d(h->signed_on, b2),
            h->archive_ref ? h->archive_ref : "");
    else
        add(r, tui_attr(ATTR_ERROR), "      %s", _("receipt not signed back yet"));
    return 0;
}

static int session_line(const struct training_session *s, void *arg)
{
    char b[11], *where = commune_then(arg, s->held_on);
    add(arg, A_NORMAL, "  %s  %s — %s (%s)%s%s", d(s->held_on, b), s->topic, s->place, s->trainer,
        *where ? " — " : "", where);
    free(where);
    return 0;
}

/* The audit log's action codes in words; a code not listed shows as it is. */
static const struct {
    const char *code, *words;
} audit_words[] = {
    {"person.add", N_("person added")},
    {"person.edit", N_("person changed")},
    {"show_id", N_("citizen ID shown in full")},
    {"privacy", N_("citizen ID shown in full")},
    {"device.add", N_("device registered")},
    {"device.edit", N_("device changed")},
    {"device.status", N_("device status changed")},
    {"handover", N_("handed over")},
    {"return", N_("taken back")},
    {"receipt.preview", N_("receipt preview made")},
    {"receipt.print", N_("receipt printed")},
    {"receipt.reprint", N_("receipt printed again")},
    {"receipt.signed", N_("paper receipt signed")},
    {"training.attend", N_("attendance ticked")},
    {"training.unattend", N_("attendance unticked")},
    {"import.persons", N_("imported from a list")},
    {"import.devices", N_("imported from a list")},
};

static const char *audit_action_words(const char *code)
{
    for (size_t i = 0; i < sizeof audit_words / sizeof *audit_words; i++)
        if (strcmp(audit_words[i].code, code) == 0)
            return _(audit_words[i].words);
    return code;
}

static const char *audit_entity_words(const char *entity)
{
    if (strcmp(entity, "person") == 0)
        return _("person");
    if (strcmp(entity, "device") == 0)
        return _("device");
    if (strcmp(entity, "handover") == 0)
        return _("handover");
    return entity;
}

/* The audit entries of a record, gathered from the person or device and
 * its handovers, to be shown in time order. */
struct audit_rows {
    struct audit_row {
        char *at;
        long long id;
        char *line;
    } * v;
    int n;
};

static int audit_line(const struct audit_entry *e, void *arg)
{
    struct audit_rows *rows = arg;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "  %.10s %.5s  ", e->at, e->at + 11);
    text_fit(&sb, audit_action_words(e->action), 26, 1);
    strbuf_addf(&sb, " %s #%lld  (%s)", audit_entity_words(e->entity), e->entity_id,
                e->operator_name);
    rows->v = xrealloc(rows->v, (rows->n + 1) * sizeof *rows->v);
    rows->v[rows->n].at = xstrdup(e->at);
    rows->v[rows->n].id = e->id;
    rows->v[rows->n++].line = strbuf_detach(&sb, NULL);
    return 0;
}

static int audit_row_cmp(const void *a, const void *b)
{
    const struct audit_row *x = a, *y = b;
    int c = strcmp(x->at, y->at);
    return c ? c : (x->id > y->id) - (x->id < y->id);
}

struct ids {
    long long *v;
    int n;
};
static int collect_handover(const struct handover *h, void *arg)
{
    struct ids *ids = arg;
    ids->v = xrealloc(ids->v, (ids->n + 1) * sizeof *ids->v);
    ids->v[ids->n++] = h->id;
    return 0;
}

/* The audit log of the record and of its handovers hs, in time order. */
static void add_audit(struct record *r, const struct ids *hs)
{
    struct audit_rows rows = {0};

    add(r, A_NORMAL, "%s", "");
    add(r, tui_attr(ATTR_HEADER), "%s", _("Audit log"));
    audit_store_each_for(tui->app.db, r->is_person ? "person" : "device", r->id, audit_line, &rows,
                         NULL);
    for (int i = 0; i < hs->n; i++)
        audit_store_each_for(tui->app.db, "handover", hs->v[i], audit_line, &rows, NULL);
    if (rows.n)
        qsort(rows.v, (size_t)rows.n, sizeof *rows.v, audit_row_cmp);
    for (int i = 0; i < rows.n; i++) {
        add(r, tui_attr(ATTR_DIM), "%s", rows.v[i].line);
        free(rows.v[i].line);
        free(rows.v[i].at);
    }
    free(rows.v);
}

static void build(struct record *r)
{
    struct error err = ERROR_INIT;
    struct ids hs = {0};
    for (int i = 0; i < r->n; i++)
        free(r->lines[i]);
    r->n = 0;
    r->generation = tui->generation;
    if (r->is_person) {
        struct person p;
        if (person_store_get(tui->app.db, r->id, &p, &err) != 0) {
            add(r, tui_attr(ATTR_ERROR), "%s", error_msg(&err));
            error_clear(&err);
            return;
        }
        char year[8] = "", *mask = NULL;
        r->has_id = p.id_number != NULL;
        if (p.id_number)
            mask = r->show_id ? xstrdup(p.id_number) : cccd_mask(p.id_number);
        if (p.birth_year)
            snprintf(year, sizeof year, "%d", p.birth_year);
        add(r, tui_attr(ATTR_TITLE), "%s  (#%lld)%s", p.full_name, p.id,
            p.active ? "" : _(" — inactive"));
        field(r, _("Gender"), p.gender == 'F' ? _("Female") : _("Male"));
        field(r, _("Birth year"), year);
        field(r, _("Ethnic group"), p.ethnic);
        field(r, _("Village"), p.village);
        field(r, _("Commune"), p.commune);
        field(r, _("District"), p.district);
        char *today = person_app_commune_label(&p);
        field(r, _("Commune today"), today);
        free(today);
        r->commune_id = p.commune_id;
        field(r, _("Citizen ID (CCCD)"), mask);
        field(r, _("Phone number"), p.phone);
        field(r, _("Role"), p.role);
        field(r, _("Recognition decision"), p.decision);
        field(r, _("Note"), p.note);
        free(mask);
        person_release(&p);
        add(r, A_NORMAL, "%s", "");
        add(r, tui_attr(ATTR_HEADER), "%s", _("Handovers"));
        int before = r->n;
        handover_store_each(tui->app.db, r->id, 0, handover_line, r, NULL);
        handover_store_each(tui->app.db, r->id, 0, collect_handover, &hs, NULL);
        if (r->n == before)
            add(r, tui_attr(ATTR_DIM), "  %s", _("no device handed over yet"));
        add(r, A_NORMAL, "%s", "");
        add(r, tui_attr(ATTR_HEADER), "%s", _("Training attended"));
        before = r->n;
        training_store_each_for_person(tui->app.db, r->id, session_line, r, NULL);
        if (r->n == before)
            add(r, tui_attr(ATTR_DIM), "  %s", _("not trained yet"));
    } else {
        struct device dv;
        if (device_store_get(tui->app.db, r->id, &dv, &err) != 0) {
            add(r, tui_attr(ATTR_ERROR), "%s", error_msg(&err));
            error_clear(&err);
            return;
        }
        char b[11];
        add(r, tui_attr(ATTR_TITLE), "IMEI %s  (#%lld)", dv.imei, dv.id);
        field(r, _("Status"), device_status_label(dv.status));
        field(r, _("Holder"), dv.holder_name);
        field(r, _("Receipt"), dv.receipt_no);
        field(r, _("Second IMEI"), dv.imei2);
        field(r, _("Model"), dv.model);
        field(r, _("Serial number"), dv.serial);
        field(r, _("Supplier"), dv.supplier);
        field(r, _("Contract"), dv.contract);
        field(r, _("Delivered on"), d(dv.delivered_on, b));
        if (dv.price >= 0) {
            char *m = money_format(dv.price, 1);
            field(r, _("Unit price"), m);
            free(m);
        }
        field(r, _("Warranty until"), d(dv.warranty_until, b));
        field(r, _("Round"), dv.round_name);
        field(r, _("Note"), dv.note);
        device_release(&dv);
        add(r, A_NORMAL, "%s", "");
        add(r, tui_attr(ATTR_HEADER), "%s", _("Handovers"));
        int before = r->n;
        handover_store_each(tui->app.db, 0, r->id, handover_line, r, NULL);
        handover_store_each(tui->app.db, 0, r->id, collect_handover, &hs, NULL);
        if (r->n == before)
            add(r, tui_attr(ATTR_DIM), "  %s", _("never handed over"));
    }
    add_audit(r, &hs);
    free(hs.v);
}

static void record_draw(struct view *v, WINDOW *w, int h, int wd)
{
    struct record *r = v->data;
    werase(w);
    if (r->generation != tui->generation)
        build(r);
    if (r->top > r->n - h)
        r->top = r->n - h;
    if (r->top < 0)
        r->top = 0;
    for (int y = 0; y < h && r->top + y < r->n; y++)
        tui_put(w, y, 1, wd - 2, r->lines[r->top + y], r->attrs[r->top + y]);
}

/* F3: the citizen ID in full, after the asking is in the audit log (as
 * `person show --show-id`); nothing is shown when it cannot be. */
static void show_id(struct record *r)
{
    struct error err = ERROR_INIT;
    if (!r->has_id || r->show_id) {
        tui_status(0, "%s",
                   r->has_id ? _("the citizen ID is shown in full")
                             : _("this person has no citizen ID"));
        return;
    }
    if (person_app_show_id(&tui->app, r->id, &err) != 0) {
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
        return;
    }
    r->show_id = 1;
    tui_changed(); /* built again, with the number */
    tui_status(0, "%s", _("citizen ID shown in full; the audit log records it"));
}

static int record_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    struct record *r = v->data;
    int page = LINES - 5;
    switch (a) {
    case ACT_UP:
        r->top--;
        break;
    case ACT_DOWN:
        r->top++;
        break;
    case ACT_PGUP:
        r->top -= page;
        break;
    case ACT_PGDN:
        r->top += page;
        break;
    case ACT_HOME:
        r->top = 0;
        break;
    case ACT_END:
        r->top = r->n;
        break;
    case ACT_EDIT:
        if (r->is_person)
            tui_person_form(r->id, NULL, NULL);
        return TUI_HANDLED | TUI_REDRAW;
    case ACT_SHOW_ID:
        if (r->is_person)
            show_id(r);
        return TUI_HANDLED | TUI_REDRAW;
    default:
        return TUI_UNHANDLED;
    }
    if (r->top < 0)
        r->top = 0;
    return TUI_HANDLED | TUI_REDRAW;
}

static void record_close(struct view *v)
{
    struct record *r = v->data;
    for (int i = 0; i < r->n; i++)
        free(r->lines[i]);
    free(r->lines);
    free(r->attrs);
    free(r);
}

void tui_record_panel(WINDOW *w, int y, int x, int h, int wd, int is_person, long long id)
{
    struct record r = {.is_person = is_person, .id = id};
    if (!id)
        return;
    build(&r);
    for (int i = 0; i < r.n; i++) {
        if (i < h)
            tui_put(w, y + i, x, wd, r.lines[i], r.attrs[i]);
        free(r.lines[i]);
    }
    free(r.lines);
    free(r.attrs);
}

static const enum tui_action person_bar[] = {ACT_EDIT, ACT_SHOW_ID, ACT_PGUP, ACT_PGDN, ACT_NONE};
static const enum tui_action device_bar[] = {ACT_PGUP, ACT_PGDN, ACT_NONE};
static const struct view_ops person_ops = {
    .name = "record",
    .draw = record_draw,
    .key = record_key,
    .close = record_close,
    .keymap = KEYMAP_RECORD,
    .fbar = person_bar,
};
static const struct view_ops device_ops = {
    .name = "record",
    .draw = record_draw,
    .key = record_key,
    .close = record_close,
    .keymap = KEYMAP_RECORD,
    .fbar = device_bar,
};

static void open_record(int is_person, long long id)
{
    struct record *r = xcalloc(1, sizeof *r);
    r->is_person = is_person;
    r->id = id;
    r->generation = -1;
    tui_push(tui_view_new(is_person ? &person_ops : &device_ops, r));
}

void tui_record_person(long long id)
{
    open_record(1, id);
}

void tui_record_device(long long id)
{
    open_record(0, id);
}
