/*
 * tui_handover: the Handover screen — find the person, scan or pick an
 * IMEI in stock, confirm, and the receipt number is shown; F8 takes a
 * device back (reason, decision number); F6 passes a holder's device on to
 * a successor in one step. A device taken meanwhile by another operator is
 * refused by the use case and its message shown; nothing crashes.
 */
#include <stdlib.h>
#include <string.h>

#include "app/handover_app.h"
#include "app/person_app.h"
#include "app/seen_app.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/imei.h"
#include "core/xalloc.h"
#include "store/device_store.h"
#include "store/handover_store.h"
#include "store/person_store.h"
#include "tui_choices.h"
#include "tui_form.h"
#include "tui_print.h"

/* the place and the officer, first, stay from one handover to the next (a
 * day's handovers are made at one venue by one officer); the cursor starts
 * at the person, and Enter on the date, the last field, hands over */
enum { H_PLACE, H_OFFICER, H_PERSON, H_IMEI, H_DATE, H_N };

static const char *const reasons[] = {"died", "replaced", "defective", "lost", "other"};

struct handover_view {
    struct tui_form *form;
    struct view *view;  /* whose "unsaved input" mark follows the form's */
    char *last;         /* the last receipt given here */
    long long last_gen; /* the register's generation it was given in */
};

static void today_shown(char out[11])
{
    char iso[11];
    date_today(iso);
    date_display(iso, out);
}

/* The form empty, for the next handover; also when it is cleared by a
 * question's answer rather than a key, so that the view no longer counts
 * as holding unsaved input (a number key switches screens again). */
static void reset_form(struct handover_view *hv)
{
    struct tui_form *f = hv->form;
    char t[11];
    today_shown(t);
    tui_form_set(f, H_PERSON, "", 0);
    tui_form_set(f, H_IMEI, "", 0);
    tui_form_set(f, H_DATE, t, 0);
    /* a refusal of what was there goes with it */
    for (int i = 0; i < f->n; i++)
        tui_form_error(f, i, NULL);
    tui_form_message(f, 0, NULL);
    f->cur = H_PERSON;
    f->dirty = 0;
    if (hv->view)
        hv->view->dirty = 0;
}

/* A person as a question names them, so that namesakes are told apart:
 * "Mã Hoàng Tạ (born 1958, Nà Hai, Chợ Rã)"; name alone when the record
 * cannot be read. Caller frees. */
static char *person_named(long long id, const char *name)
{
    struct person p;
    struct strbuf where = STRBUF_INIT;
    char *s;

    if (!id || person_store_get(tui->app.db, id, &p, NULL) != 0)
        return xstrdup(name);
    if (p.village && *p.village)
        strbuf_addf(&where, "%s, ", p.village);
    char *commune = person_app_commune_short(&p);
    strbuf_addstr(&where, commune);
    free(commune);
    s = p.birth_year ? xasprintf(_("%s (born %d, %s)"), p.full_name, p.birth_year, where.buf)
                     : xasprintf(_("%s (year of birth unknown, %s)"), p.full_name, where.buf);
    strbuf_release(&where);
    person_release(&p);
    return s;
}

struct give {
    struct handover_view *hv;
    long long person_id;
    char *imei, *date, *name, *place, *officer;
};

static void give_answer(void *arg, int yes)
{
    struct give *g = arg;
    struct handover_view *hv = g->hv;
    if (yes) {
        struct handover_input in = {g->person_id, g->imei, g->date, g->place, g->officer};
        struct error err = ERROR_INIT;
        char *receipt = NULL;
        long long hid;
        if (handover_app_give(&tui->app, &in, &receipt, &hid, &err) == 0) {
            free(hv->last);
            hv->last = xasprintf(_("Receipt %s: IMEI %s handed to %s"), receipt, g->imei, g->name);
            char *msg = xasprintf(_("Handed over. Receipt number: %s\n%s — IMEI %s"), receipt,
                                  g->name, g->imei);
            tui_status(0, _("handed over, receipt number %s"), receipt);
            reset_form(hv);
            tui_changed();
            hv->last_gen = tui->generation;
            tui_print_after(hid, 0, _("Handover recorded"), msg);
            free(msg);
            free(receipt);
        } else {
            tui_form_error_at(hv->form, &err);
            tui_form_message(hv->form, 1, error_msg(&err));
            tui_status(1, "%s", error_msg(&err));
            error_clear(&err);
        }
    }
    free(g->imei);
    free(g->date);
    free(g->name);
    free(g->place);
    free(g->officer);
    free(g);
}

static int give_save(struct tui_form *f, struct error *err)
{
    struct handover_view *hv = f->arg;
    struct give *g = xcalloc(1, sizeof *g);
    char iso[11];
    if (date_parse(tui_form_value(f, H_DATE), _("date"), iso, err) != 0) {
        free(g);
        return ERR_INVALID;
    }
    g->hv = hv;
    g->person_id = f->fields[H_PERSON].choice_id;
    g->imei = xstrdup(tui_form_value(f, H_IMEI));
    g->date = xstrdup(iso);
    g->name = xstrdup(tui_form_value(f, H_PERSON));
    /* empty: the receipt says the office's place, and the officer of the settings */
    g->place = *tui_form_value(f, H_PLACE) ? xstrdup(tui_form_value(f, H_PLACE)) : NULL;
    g->officer = *tui_form_value(f, H_OFFICER) ? xstrdup(tui_form_value(f, H_OFFICER)) : NULL;
    char *who = person_named(g->person_id, g->name);
    char *q =
        g->place ? xasprintf(_("Hand the device IMEI %s to %s?\nPlace: %s"), g->imei, who, g->place)
                 : xasprintf(_("Hand the device IMEI %s to %s?"), g->imei, who);
    tui_ask(q, give_answer, g);
    free(q);
    free(who);
    return 0;
}

static int give_check(struct tui_form *f, int idx, struct error *err)
{
    char iso[11];
    if (idx == H_PERSON && !f->fields[H_PERSON].choice_id && f->fields[H_PERSON].value.len)
        return error_set(err, ERR_INVALID, "%s", _("choose the person from the list"));
    if (idx == H_DATE)
        return date_parse(tui_form_value(f, H_DATE), _("date"), iso, err);
    return 0;
}

static void hv_draw(struct view *v, WINDOW *w, int h, int wd)
{
    struct handover_view *hv = v->data;
    tui_form_draw(hv->form, w, 0, 11, wd);
    int y = 11;
    if (hv->last && hv->last_gen != tui->generation) {
        /* something changed since (a return, a pass-on, another operator):
         * the line is no longer news, and may no longer be true */
        free(hv->last);
        hv->last = NULL;
    }
    if (hv->last)
        tui_put(w, y++, 2, wd - 4, hv->last, tui_attr(ATTR_OK));
    y++;
    tui_hline(w, y++, 1, wd - 2, tui_attr(ATTR_DIM));
    tui_put(w, y++, 2, wd - 4,
            _("Type a few letters of the name (accents not needed), ↓ to choose, Tab."),
            tui_attr(ATTR_DIM));
    tui_put(w, y++, 2, wd - 4,
            _("Then scan the IMEI or type its digits: only devices in stock are offered."),
            tui_attr(ATTR_DIM));
    tui_put(w, y++, 2, wd - 4,
            _("F2 (or Enter on the last field) hands over and shows the receipt number."),
            tui_attr(ATTR_DIM));
    tui_put(w, y++, 2, wd - 4, _("F8: take a device back.   F6: pass a device on to a successor."),
            tui_attr(ATTR_DIM));
    v->dirty = hv->form->dirty;
}

/* --- take back and pass on: the holder the operator saw ----------------- */

/*
 * The open handover a take-back or passing-on form is about, as the
 * operator saw it when choosing the device or the holder, or when asked to
 * confirm: the use case refuses if it changed hands since (seen_app).
 */
struct held {
    struct app_seen seen;
    int have;
    /* the database could not be read: no question was asked, and the save
     * shows this instead of doing what the operator was not asked about */
    struct error failed;
    char *msg;           /* what a passing-on or a return shows when done */
    long long hid;       /* the handover a passing-on made, or (negative) the
                          * return record a return made */
    long long return_of; /* the handover a passing-on closed: its return record */
};

static void held_forget(struct held *hd)
{
    if (hd->have)
        app_seen_release(&hd->seen);
    hd->have = 0;
    error_clear(&hd->failed);
}

/* The look-up of the open handover gave rc (0 with its id, ERR_NOT_FOUND
 * when there is none, or a database error in err): take what it is now. */
static void held_take(struct held *hd, int rc, long long handover_id, struct error *err)
{
    held_forget(hd);
    if (rc == 0)
        rc = app_seen_take(&tui->app, SEEN_HANDOVER, handover_id, &hd->seen, err);
    if (rc == 0)
        hd->have = 1;
    else if (rc != ERR_NOT_FOUND)
        error_set(&hd->failed, rc, "%s", error_msg(err));
    error_clear(err);
}

/* The open handover the operator saw, for the question: 0, or 1 when there
 * is none to ask about (the use case says so), or when the database could
 * not be read (hd->failed says why). */
static int held_get(struct held *hd, struct handover *h)
{
    struct error err = ERROR_INIT;
    int rc = hd->have ? handover_store_get(tui->app.db, hd->seen.id, h, &err) : ERR_NOT_FOUND;
    if (rc != 0 && rc != ERR_NOT_FOUND)
        error_set(&hd->failed, rc, "%s", error_msg(&err));
    error_clear(&err);
    return rc != 0;
}

/* The save of a form whose question could not be asked: the reason, and
 * the next try reads again. */
static int held_failed(struct held *hd, struct error *err)
{
    int rc = error_set(err, hd->failed.code, "%s", error_msg(&hd->failed));
    held_forget(hd);
    return rc;
}

static void held_release(struct tui_form *f)
{
    struct held *hd = f->arg;
    held_forget(hd);
    free(hd->msg);
    free(hd);
}

/* Take the open handover of the device named by an IMEI (typed or chosen). */
static void held_take_imei(struct held *hd, const char *text)
{
    struct error err = ERROR_INIT;
    char imei[IMEI_LEN + 1];
    struct device d;
    long long open = 0;
    int rc = ERR_NOT_FOUND; /* not an IMEI: the use case says what is wrong */
    if (imei_parse(text, "imei", imei, NULL) == 0 &&
        (rc = device_store_get_by_imei(tui->app.db, imei, &d, &err)) == 0) {
        rc = handover_store_open_for_device(tui->app.db, d.id, &open, &err);
        device_release(&d);
    }
    held_take(hd, rc, open, &err);
}

enum { R_IMEI, R_REASON, R_DECISION, R_PLACE, R_DATE, R_NOTE, R_N };

static const char *form_reason(const struct tui_form *f, int idx, const char *def)
{
    long long r = f->fields[idx].choice_id;
    return r >= 1 && r <= 5 ? reasons[r - 1] : def;
}

static void return_picked(struct tui_form *f, int idx)
{
    if (idx == R_IMEI)
        held_take_imei(f->arg, tui_form_value(f, R_IMEI));
}

/* "Take IMEI … back from …?", with No as the default; the holder shown is
 * the one the use case will insist on. */
static char *return_confirm(struct tui_form *f)
{
    struct held *hd = f->arg;
    struct handover h;
    char *q;
    if (!hd->have)
        held_take_imei(hd, tui_form_value(f, R_IMEI));
    if (held_get(hd, &h))
        return NULL; /* nothing handed over: the use case says so (or hd->failed) */
    q = xasprintf(_("Take the device IMEI %s (%s) back from %s (receipt %s)?\nReason: %s. The "
                    "return is recorded in the audit log and cannot be undone."),
                  h.imei, h.model, h.person_name, h.receipt_no,
                  handover_reason_label(form_reason(f, R_REASON, "")));
    handover_release(&h);
    const char *place = tui_form_opt(f, R_PLACE);
    if (place && *place) {
        char *where = xasprintf(_("Place: %s"), place);
        char *both = xasprintf("%s\n%s", q, where);
        free(where);
        free(q);
        q = both;
    }
    return q;
}

static int return_save(struct tui_form *f, struct error *err)
{
    struct held *hd = f->arg;
    const char *reason = form_reason(f, R_REASON, "");
    char iso[11];
    if (date_parse(tui_form_value(f, R_DATE), _("date"), iso, err) != 0)
        return ERR_INVALID;
    if (hd->failed.code)
        return held_failed(hd, err);
    struct handover_expect ex = {0, hd->have ? &hd->seen : NULL};
    int rc = handover_app_return(&tui->app, tui_form_value(f, R_IMEI), reason,
                                 tui_form_opt(f, R_DECISION), iso, tui_form_opt(f, R_PLACE),
                                 tui_form_opt(f, R_NOTE), &ex, err);
    if (rc == ERR_STALE) {
        /* the next try asks again, about the holder as it is now */
        held_forget(hd);
        tui_changed();
    }
    if (rc == 0) {
        long long hid;
        char *no = NULL;
        tui_status(0, _("taken back: IMEI %s (%s)"), tui_form_value(f, R_IMEI),
                   handover_reason_label(reason));
        /* its return record, offered for printing when the form closes */
        if (handover_app_last_return(&tui->app, tui_form_value(f, R_IMEI), &hid, &no, NULL) == 0 &&
            no) {
            free(hd->msg);
            hd->msg = xasprintf(_("Taken back. Return record number: %s\nIMEI %s (%s)"), no,
                                tui_form_value(f, R_IMEI), handover_reason_label(reason));
            hd->hid = -hid; /* the return record of the handover (receipt_app) */
        }
        free(no);
    }
    return rc;
}

static void return_done(struct tui_form *f)
{
    struct held *hd = f->arg;
    if (hd->msg)
        tui_print_after(hd->hid, 0, _("Return recorded"), hd->msg);
}

static void reason_choices(struct tui_choices *c)
{
    const char *labels[5];
    for (int i = 0; i < 5; i++)
        labels[i] = handover_reason_label(reasons[i]);
    tui_choices_set(c, labels, 5);
}

static void return_form(void)
{
    struct tui_form *f = tui_form_new(_("Take a device back"), R_N);
    char t[11];
    f->arg = xcalloc(1, sizeof(struct held));
    f->release = held_release;
    f->save = return_save;
    f->done = return_done;
    f->confirm = return_confirm;
    f->picked = return_picked;
    tui_form_field(f, R_IMEI, "imei", N_("IMEI or holder"), FIELD_CHOICE, 1);
    f->fields[R_IMEI].choices = tui_provide_handed;
    f->fields[R_IMEI].free_text = 1;
    tui_form_field(f, R_REASON, "reason", N_("Reason"), FIELD_CHOICE, 1);
    reason_choices(&f->fields[R_REASON].fixed);
    tui_form_field(f, R_DECISION, "decision", N_("Decision number"), FIELD_TEXT, 0);
    tui_form_field(f, R_PLACE, "place", N_("Place of return"), FIELD_TEXT, 0);
    tui_form_field(f, R_DATE, "date", N_("Date (dd/mm/yyyy)"), FIELD_TEXT, 1);
    today_shown(t);
    tui_form_set(f, R_DATE, t, 0);
    tui_form_field(f, R_NOTE, "note", N_("Note"), FIELD_TEXT, 0);
    tui_form_open(f);
}

/* --- pass on ----------------------------------------------------------- */

enum { P_FROM, P_TO, P_REASON, P_DECISION, P_PLACE, P_DATE, P_N };

static void pass_picked(struct tui_form *f, int idx)
{
    if (idx == P_FROM) {
        struct error err = ERROR_INIT;
        long long open;
        int rc = handover_store_open_any_for_person(tui->app.db, f->fields[P_FROM].choice_id, &open,
                                                    &err);
        held_take(f->arg, rc, open, &err);
    }
}

static char *pass_confirm(struct tui_form *f)
{
    struct held *hd = f->arg;
    struct handover h;
    char *q;
    if (!hd->have)
        pass_picked(f, P_FROM);
    if (held_get(hd, &h))
        return NULL;
    char *to = person_named(f->fields[P_TO].choice_id, tui_form_value(f, P_TO));
    q = xasprintf(_("Pass the device IMEI %s (%s) from %s (receipt %s) on to %s?\nReason: %s. "
                    "A new receipt is made; this cannot be undone."),
                  h.imei, h.model, h.person_name, h.receipt_no, to,
                  handover_reason_label(form_reason(f, P_REASON, "replaced")));
    free(to);
    handover_release(&h);
    return q;
}

static int pass_save(struct tui_form *f, struct error *err)
{
    struct held *hd = f->arg;
    const char *reason = form_reason(f, P_REASON, "replaced");
    char iso[11], *receipt = NULL;
    long long hid;
    if (date_parse(tui_form_value(f, P_DATE), _("date"), iso, err) != 0)
        return ERR_INVALID;
    if (hd->failed.code)
        return held_failed(hd, err);
    int rc =
        handover_app_pass_on(&tui->app, f->fields[P_FROM].choice_id, f->fields[P_TO].choice_id,
                             reason, tui_form_opt(f, P_DECISION), iso, tui_form_opt(f, P_PLACE),
                             hd->have ? &hd->seen : NULL, &receipt, &hid, err);
    if (rc == ERR_STALE) {
        held_forget(hd);
        tui_changed();
    }
    if (rc == 0) {
        char *no = NULL;
        free(hd->msg);
        hd->return_of = 0;
        /* the return record of the device taken back, printed with the receipt */
        if (handover_app_taken_back(&tui->app, hid, &hd->return_of, &no, NULL) == 0 && no)
            hd->msg =
                xasprintf(_("Passed on. Receipt number: %s\nReturn record number: %s\n%s → %s"),
                          receipt, no, tui_form_value(f, P_FROM), tui_form_value(f, P_TO));
        else
            hd->msg = xasprintf(_("Passed on. Receipt number: %s\n%s → %s"), receipt,
                                tui_form_value(f, P_FROM), tui_form_value(f, P_TO));
        if (!no)
            hd->return_of = 0;
        free(no);
        hd->hid = hid;
        tui_status(0, _("passed on, receipt number %s"), receipt);
        free(receipt);
    }
    return rc;
}

static void pass_done(struct tui_form *f)
{
    struct held *hd = f->arg;
    if (hd->msg)
        tui_print_after(hd->hid, hd->return_of, _("Handover recorded"), hd->msg);
}

static int pass_check(struct tui_form *f, int idx, struct error *err)
{
    if ((idx == P_FROM || idx == P_TO) && f->fields[idx].value.len && !f->fields[idx].choice_id)
        return error_set(err, ERR_INVALID, "%s", _("choose the person from the list"));
    return 0;
}

/* The place the Handover screen's form holds (typed once for a day's
 * handovers at one venue): where a take-back or a passing-on opened from
 * it happens too, unless changed. */
static const char *screen_place(const struct handover_view *hv)
{
    return hv ? tui_form_value(hv->form, H_PLACE) : "";
}

static void pass_form(const struct handover_view *hv)
{
    struct tui_form *f = tui_form_new(_("Pass a device on to a successor"), P_N);
    char t[11];
    f->arg = xcalloc(1, sizeof(struct held));
    f->save = pass_save;
    f->done = pass_done;
    f->release = held_release;
    f->check = pass_check;
    f->confirm = pass_confirm;
    f->picked = pass_picked;
    tui_form_field(f, P_FROM, "from", N_("Current holder"), FIELD_CHOICE, 1);
    f->fields[P_FROM].choices = tui_provide_holders;
    tui_form_field(f, P_TO, "successor", N_("Successor"), FIELD_CHOICE, 1);
    f->fields[P_TO].choices = tui_provide_persons;
    tui_form_field(f, P_REASON, "reason", N_("Reason"), FIELD_CHOICE, 1);
    reason_choices(&f->fields[P_REASON].fixed);
    tui_form_set(f, P_REASON, handover_reason_label("replaced"), 2);
    tui_form_field(f, P_DECISION, "decision", N_("Decision number"), FIELD_TEXT, 0);
    tui_form_field(f, P_DATE, "date", N_("Date (dd/mm/yyyy)"), FIELD_TEXT, 1);
    today_shown(t);
    tui_form_set(f, P_DATE, t, 0);
    /* empty: the new receipt names the place of the handover passed on */
    tui_form_field(f, P_PLACE, "place", N_("Place (venue)"), FIELD_TEXT, 0);
    tui_form_set(f, P_PLACE, screen_place(hv), 0);
    tui_form_open(f);
}

static void discard_answer(void *arg, int yes)
{
    struct handover_view *hv = arg;
    if (yes) {
        reset_form(hv);
        tui_status(0, "%s", _("the handover form was cleared"));
    }
}

/* Esc on a filled form: what would be lost, and No as the default. */
static void discard_ask(struct handover_view *hv)
{
    const char *person = tui_form_value(hv->form, H_PERSON);
    const char *imei = tui_form_value(hv->form, H_IMEI);
    char *q = xasprintf(_("Discard this handover?\nPerson: %s\nIMEI: %s\nNothing has been "
                          "recorded yet; what was chosen is cleared."),
                        *person ? person : "—", *imei ? imei : "—");
    tui_ask_no(q, discard_answer, hv);
    free(q);
}

static int hv_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    struct handover_view *hv = v->data;
    if (a == ACT_RETURN) {
        return_form();
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (a == ACT_PASS_ON) {
        pass_form(hv);
        return TUI_HANDLED | TUI_REDRAW;
    }
    /* number keys switch screens while the form is untouched and the cursor
     * is in the empty Person field (a name does not start with a digit) */
    if (a >= ACT_TAB1 && a <= ACT_TAB7 && !hv->form->dirty && hv->form->cur == H_PERSON &&
        !hv->form->fields[H_PERSON].value.len)
        return TUI_UNHANDLED;
    /* a person or IMEI on the form (typed, chosen, or left by a refused
     * save) is not thrown away without a question */
    if (a == ACT_BACK && !hv->form->drop_open &&
        (hv->form->dirty || hv->form->fields[H_PERSON].value.len ||
         hv->form->fields[H_IMEI].value.len)) {
        discard_ask(hv);
        return TUI_HANDLED | TUI_REDRAW;
    }
    int r = tui_form_key(hv->form, a, k);
    v->dirty = hv->form->dirty;
    if (hv->last && hv->form->dirty) {
        /* the next handover begins: the last one's line is no longer news */
        free(hv->last);
        hv->last = NULL;
    }
    return r & ~TUI_FORM_SAVED;
}

static void hv_close(struct view *v)
{
    struct handover_view *hv = v->data;
    tui_form_free(hv->form);
    free(hv->last);
    free(hv);
}

static const enum tui_action hv_bar[] = {ACT_SAVE, ACT_NEXT_FIELD, ACT_PASS_ON, ACT_RETURN,
                                         ACT_NONE};
static const struct view_ops hv_ops = {
    .name = "handover",
    .draw = hv_draw,
    .key = hv_key,
    .close = hv_close,
    .keymap = KEYMAP_HANDOVER,
    .fbar = hv_bar,
};

struct view *tui_handover_new(void)
{
    struct handover_view *hv = xcalloc(1, sizeof *hv);
    struct tui_form *f = tui_form_new(_("Hand a device over"), H_N);
    hv->form = f;
    f->arg = hv;
    f->save = give_save;
    f->check = give_check;
    tui_form_field(f, H_PLACE, "place", N_("Place (venue)"), FIELD_TEXT, 0);
    tui_form_field(f, H_OFFICER, "officer", N_("Handing-over officer"), FIELD_TEXT, 0);
    tui_form_field(f, H_PERSON, "person", N_("Person"), FIELD_CHOICE, 1);
    f->fields[H_PERSON].choices = tui_provide_persons;
    tui_form_field(f, H_IMEI, "imei", N_("IMEI (scan or type)"), FIELD_CHOICE, 1);
    f->fields[H_IMEI].choices = tui_provide_stock;
    f->fields[H_IMEI].free_text = 1;
    tui_form_field(f, H_DATE, "date", N_("Date (dd/mm/yyyy)"), FIELD_TEXT, 1);
    reset_form(hv);
    struct view *v = tui_view_new(&hv_ops, hv);
    hv->view = v;
    v->text_input = 1;
    v->form = f;
    return v;
}
