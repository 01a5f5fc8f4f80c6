/*
 * handover_app: a device handed to a person against a numbered receipt, its
 * return (with a reason and a decision number), passing it on to a
 * successor in one step, and marking paper receipts as signed.
 */
#include "app/handover_app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/device_app.h"
#include "app/seen_app.h"
#include "app/unit_app.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/imei.h"
#include "core/states.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/audit_store.h"
#include "store/db.h"
#include "store/device_store.h"
#include "store/handover_store.h"
#include "store/person_store.h"
#include "store/setting_store.h"

int handover_reason_valid(const char *reason)
{
    return return_reason_parse(reason) != RETURN_REASON_NONE;
}

const char *handover_reason_label(const char *reason)
{
    enum return_reason r = return_reason_parse(reason);
    return r != RETURN_REASON_NONE ? return_reason_label(r) : reason ? reason : "";
}

char *handover_format_receipt(const char *pattern, long long seq, int year)
{
    struct strbuf sb = STRBUF_INIT;
    const char *p = pattern && *pattern ? pattern : "{N}/BB-BDT";
    int has_n = strstr(p, "{N}") != NULL;

    while (*p) {
        if (strncmp(p, "{N}", 3) == 0) {
            strbuf_addf(&sb, "%02lld", seq);
            p += 3;
        } else if (strncmp(p, "{YYYY}", 6) == 0) {
            strbuf_addf(&sb, "%04d", year);
            p += 6;
        } else if (strncmp(p, "{YY}", 4) == 0) {
            strbuf_addf(&sb, "%02d", year % 100);
            p += 4;
        } else {
            strbuf_addch(&sb, *p++);
        }
    }
    if (!has_n)
        strbuf_addf(&sb, "-%02lld", seq); /* a pattern without {N} would repeat */
    return strbuf_detach(&sb, NULL);
}

/* The date of the field "date" (label: its name in a message), today when not given. */
static int parse_date_not_future(const char *in, const char *label, char out[11], struct error *err)
{
    char today[11];
    date_today(today);
    if (!in || !*in) {
        memcpy(out, today, 11);
        return 0;
    }
    int rc = date_parse(in, label, out, err);
    if (rc)
        return error_field(err, "date", rc);
    if (strcmp(out, today) > 0)
        return error_set_field(err, ERR_INVALID, "date", _("%s '%s' is in the future"), label,
                               error_quote(in));
    return 0;
}

/* A handover's date not before its device was delivered (or, without a
 * delivery date, registered); an error names the field "date". */
static int date_after_delivery(const struct device *d, const char *date, struct error *err)
{
    char a[11], b[11];

    if (d->delivered_on && *d->delivered_on) {
        if (strcmp(date, d->delivered_on) < 0)
            return error_set_field(err, ERR_INVALID, "date",
                                   _("handover date %s is before imei %s was delivered (%s)"),
                                   date_display(date, a), d->imei,
                                   date_display(d->delivered_on, b));
    } else if (d->created_at && strncmp(date, d->created_at, 10) < 0) {
        char reg[11];
        snprintf(reg, sizeof(reg), "%.10s", d->created_at);
        return error_set_field(err, ERR_INVALID, "date",
                               _("handover date %s is before imei %s was registered (%s) and it "
                                 "has no delivery date: record the date it was delivered first"),
                               date_display(date, a), d->imei, date_display(reg, b));
    }
    return 0;
}

/*
 * The handover's date in the device's history: not before the device was
 * delivered (or, without a delivery date, registered), and not inside a
 * custody period of the device, or of the person in the same round. An
 * error names the field refused: "date", "imei", or person_key (the field
 * that chose the person).
 */
static int date_in_history(struct app *app, const struct device *d, const struct person *p,
                           const char *person_key, const char *date, struct error *err)
{
    char a[11], b[11], c[11];
    struct handover o;
    int r;

    if ((r = date_after_delivery(d, date, err)) != 0)
        return r;
    r = handover_store_custody_overlap(app->db, d->id, p->id, d->round_id, date, &o, err);
    if (r <= 0)
        return r;
    if (o.device_id == d->id && o.returned_on)
        r = error_set_field(err, ERR_CONFLICT, "date",
                            _("imei %s was held by %s (person %lld, receipt %s) from %s to %s: a "
                              "handover dated %s would overlap that; date it on or after %s"),
                            d->imei, o.person_name, o.person_id, o.receipt_no,
                            date_display(o.handed_on, a), date_display(o.returned_on, b),
                            date_display(date, c), b);
    else if (o.device_id == d->id)
        r = error_set_field(err, ERR_CONFLICT, "imei",
                            _("imei %s is held by %s (person %lld, receipt %s) since %s"), d->imei,
                            o.person_name, o.person_id, o.receipt_no, date_display(o.handed_on, a));
    else if (o.returned_on)
        r = error_set_field(
            err, ERR_CONFLICT, "date",
            _("person %lld (%s) held imei %s in this round from %s to %s (receipt %s): "
              "a handover dated %s would give them two phones at once; date it on or "
              "after %s"),
            p->id, p->full_name, o.imei, date_display(o.handed_on, a),
            date_display(o.returned_on, b), o.receipt_no, date_display(date, c), b);
    else
        r = error_set_field(err, ERR_CONFLICT, person_key,
                            _("person %lld (%s) already holds imei %s in this round (receipt %s): "
                              "return it first"),
                            p->id, p->full_name, o.imei, o.receipt_no);
    handover_release(&o);
    return r;
}

/*
 * Why the insert of a handover met a constraint: another operator handed
 * the device over, or gave the person a device, since the checks; else the
 * receipt number is taken.
 */
static int insert_conflict(struct app *app, const struct device *d, const struct person *p,
                           const char *person_key, const char *imei, const char *receipt_no,
                           struct error *err)
{
    long long other;
    int rc = handover_store_open_for_device(app->db, d->id, &other, err);
    if (rc == 0)
        return error_set_field(err, ERR_CONFLICT, "imei",
                               _("imei '%s' was just handed over by another operator; "
                                 "refresh and choose another device"),
                               imei);
    if (rc == ERR_NOT_FOUND)
        rc = handover_store_open_for_person(app->db, p->id, d->round_id, &other, err);
    if (rc == 0)
        return error_set_field(err, ERR_CONFLICT, person_key,
                               _("person %lld (%s) was just given a device by another operator"),
                               p->id, p->full_name);
    if (rc == ERR_NOT_FOUND)
        return error_set(err, ERR_CONFLICT,
                         _("receipt number '%s' is already used: check the receipt number "
                           "format in the settings"),
                         receipt_no);
    return rc;
}

/*
 * A handover being given (give_locked): what was asked, what was found,
 * and the row written. person_key names the field that chose the person:
 * "person", or "successor" when the device is passed on from predecessor.
 */
struct give {
    long long person_id;
    const char *imei, *date;
    const char *place_in, *officer_in;
    long long predecessor;
    const char *person_key;
    struct device d;
    struct person p;
    struct handover h; /* its receipt_no, place and officer are owned here */
    char now[21];
};

static void give_release(struct give *g)
{
    device_release(&g->d);
    person_release(&g->p);
    free(g->h.receipt_no);
    free(g->h.place);
    free(g->h.officer);
}

/* The person holds no device in the device's round. */
static int holds_nothing(struct app *app, const struct give *g, struct error *err)
{
    long long open;
    struct handover o;
    int rc = handover_store_open_for_person(app->db, g->p.id, g->d.round_id, &open, err);
    if (rc == 0)
        rc = handover_store_get(app->db, open, &o, err);
    if (rc == 0) {
        rc = error_set_field(err, ERR_CONFLICT, g->person_key,
                             _("person %lld (%s) already holds imei %s in this round "
                               "(receipt %s): return it first"),
                             g->p.id, g->p.full_name, o.imei, o.receipt_no);
        handover_release(&o);
    } else if (rc == ERR_NOT_FOUND && open) {
        rc = error_set_field(err, ERR_CONFLICT, g->person_key,
                             _("person %lld already has an open handover in this round"), g->p.id);
    } else if (rc == ERR_NOT_FOUND) {
        error_clear(err); /* the person holds nothing in this round */
        rc = 0;
    }
    return rc;
}

/* The device is in stock, the person active, their commune known on the
 * day, and they hold nothing else in the round. */
static int give_rules(struct app *app, struct give *g, struct error *err)
{
    const struct device *d = &g->d;
    const struct person *p = &g->p;
    enum device_state state = device_state_parse(d->status);
    long long at;

    if (state == DEVICE_HANDED_OVER)
        return error_set_field(
            err, ERR_CONFLICT, "imei",
            _("imei '%s' is already handed over to %s (person %lld, receipt %s)"), g->imei,
            d->holder_name ? d->holder_name : "?", d->holder_id,
            d->receipt_no ? d->receipt_no : "?");
    if (state != DEVICE_IN_STOCK)
        return error_set_field(err, ERR_CONFLICT, "imei", _("imei '%s' cannot be handed over: %s"),
                               g->imei, device_state_why_not_given(state));
    if (!p->active)
        return error_set_field(err, ERR_CONFLICT, g->person_key,
                               _("person %lld (%s) is no longer active: choose the successor"),
                               p->id, p->full_name);
    if (unit_app_at(app, p->commune_id, g->date, &at, err) != 0) {
        /* the receipt must name the person's commune as it was that day */
        error_prefix(err, _("person %lld (%s)"), p->id, p->full_name);
        return error_field(err, g->person_key, ERR_INVALID);
    }
    return holds_nothing(app, g, err);
}

/* The receipt's number: the next of the counter that is not taken. */
static int give_number(struct app *app, struct give *g, struct error *err)
{
    char *pattern = NULL;
    long long seq;
    int rc = setting_get(app->db, "receipt_format", "{N}/BB-BDT", &pattern, err);

    /* The counter restarts each year; a pattern without {YYYY} or {YY}
     * (the default "{N}/BB-BDT") would then give last year's numbers
     * again, which the schema refuses: skip the numbers already given.
     * Without the year in the number, one running count for all years. */
    int counter_year = rc == 0 && strstr(pattern, "{YY") ? date_year(g->date) : 0;
    while (rc == 0) {
        struct handover taken;
        if ((rc = handover_store_next_seq(app->db, counter_year, &seq, err)) != 0)
            break;
        g->h.receipt_no = handover_format_receipt(pattern, seq, date_year(g->date));
        int r = handover_store_get_by_receipt(app->db, g->h.receipt_no, &taken, err);
        if (r == ERR_NOT_FOUND) {
            error_clear(err); /* the number is free */
            break;
        }
        free(g->h.receipt_no);
        g->h.receipt_no = NULL;
        if (r < 0)
            rc = r;
        else
            handover_release(&taken);
    }
    free(pattern);
    return rc;
}

/* What the receipt says: the place, the officer (given, else the office's
 * settings on the day), and its number. */
static int give_receipt(struct app *app, struct give *g, struct error *err)
{
    int rc;

    if (g->place_in && *g->place_in)
        rc = error_field(err, "place",
                         text_clean(g->place_in, _("place"), 300, 0, &g->h.place, err));
    else
        rc = setting_get_at(app->db, "place_name", g->date, "", &g->h.place, err);
    if (rc == 0 && g->officer_in && *g->officer_in)
        rc = error_field(err, "officer",
                         text_clean(g->officer_in, _("officer"), 200, 0, &g->h.officer, err));
    else if (rc == 0)
        rc = setting_get(app->db, "officer_name", "", &g->h.officer, err);
    return rc ? rc : give_number(app, g, err);
}

/* The change "handover": the new row. */
static int insert_handover(struct app *app, struct app_change *c, struct error *err)
{
    struct give *g = c->arg;

    g->h.device_id = g->d.id;
    g->h.person_id = g->p.id;
    g->h.round_id = g->d.round_id;
    g->h.handed_on = (char *)g->date;
    g->h.predecessor_id = g->predecessor;
    g->h.created_at = g->now;
    /* in a savepoint of its own: on a server a statement that fails ends
     * the transaction's use, and insert_conflict still has to read */
    int rc = db_begin(app->db, err);
    if (rc == 0) {
        rc = handover_store_insert(app->db, &g->h, &c->id, err);
        int end = db_end(app->db, rc == 0, rc == 0 ? err : NULL);
        rc = rc ? rc : end;
    }
    if (rc == ERR_CONFLICT)
        rc = insert_conflict(app, &g->d, &g->p, g->person_key, g->imei, g->h.receipt_no, err);
    g->h.id = c->id;
    g->h.handed_on = g->h.created_at = NULL; /* not owned */
    return rc;
}

/* The change "device.status": the device handed over, which is its open
 * handover (its status is derived from it). */
static int hand_device(struct app *app, struct app_change *c, struct error *err)
{
    struct give *g = c->arg;
    struct app_change h = {
        .action = "handover", .entity = "handover", .write = insert_handover, .arg = g};
    int rc = app_change(app, &h, err);
    if (rc == 0)
        rc = device_store_touch(app->db, g->d.id, g->now, err);
    return rc;
}

/* The rules of a handover: the device and the person, found and free,
 * and the receipt's contents. */
static int give_check(struct app *app, struct app_change *c, struct error *err)
{
    struct give *g = c->arg;
    int rc;

    /* run again after another operator's transaction met this one on a
     * server (app_txn): what the last run read goes first */
    give_release(g);
    memset(&g->d, 0, sizeof(g->d));
    memset(&g->p, 0, sizeof(g->p));
    memset(&g->h, 0, sizeof(g->h));
    g->person_key = g->predecessor ? "successor" : "person";
    if ((rc = device_store_get_by_imei(app->db, g->imei, &g->d, err)) != 0)
        return rc == ERR_NOT_FOUND ? error_field(err, "imei", rc) : rc;
    if ((rc = person_store_get(app->db, g->person_id, &g->p, err)) != 0)
        return rc == ERR_NOT_FOUND ? error_field(err, g->person_key, rc) : rc;
    if ((rc = give_rules(app, g, err)) != 0 ||
        (rc = date_in_history(app, &g->d, &g->p, g->person_key, g->date, err)) != 0 ||
        (rc = give_receipt(app, g, err)) != 0)
        return rc;
    date_now_utc(g->now);
    c->id = g->d.id;
    return 0;
}

/* The handover g: the device's change, which makes the handover's. */
static int give_locked(struct app *app, struct give *g, struct error *err)
{
    struct app_change c = {.action = "device.status",
                           .entity = "device",
                           .check = give_check,
                           .write = hand_device,
                           .arg = g};
    return app_change(app, &c, err);
}

/* The receipt number and the handover's id of g, given. */
static void give_out(struct give *g, char **receipt_no, long long *handover_id)
{
    if (receipt_no) {
        *receipt_no = g->h.receipt_no;
        g->h.receipt_no = NULL;
    }
    if (handover_id)
        *handover_id = g->h.id;
}

int handover_app_give(struct app *app, const struct handover_input *in, char **receipt_no,
                      long long *handover_id, struct error *err)
{
    char imei[IMEI_LEN + 1], date[11];
    int rc;

    if (receipt_no)
        *receipt_no = NULL;
    if ((rc = imei_parse(in->imei, _("imei"), imei, err)) != 0)
        return error_field(err, "imei", rc);
    if ((rc = parse_date_not_future(in->date, _("date"), date, err)) != 0)
        return rc;
    struct give g = {.person_id = in->person_id,
                     .imei = imei,
                     .date = date,
                     .place_in = in->place,
                     .officer_in = in->officer};
    rc = give_locked(app, &g, err);
    if (rc == 0)
        give_out(&g, receipt_no, handover_id);
    give_release(&g);
    return rc;
}

/* A return being recorded (return_locked): the open handover h, closed on
 * date for reason; the device goes back to back_to. */
struct giveback {
    const char *reason, *date, *decision_in, *place_in, *note_in;
    enum device_state back_to;
    struct handover h;
    char *decision, *place, *note; /* cleaned, owned */
    char now[21];
};

/* The pattern of the return records' numbers: the receipts' with "BBTH"
 * (biên bản thu hồi) for "BB" ("{N}/BB-BDT" gives "{N}/BBTH-BDT"), else
 * theirs and "-TH": a series of its own, never a receipt's number. */
static char *return_pattern(const char *receipt_pattern)
{
    const char *p = receipt_pattern && *receipt_pattern ? receipt_pattern : "{N}/BB-BDT";
    const char *bb = strstr(p, "BB");
    if (bb)
        return xasprintf("%.*sBBTH%s", (int)(bb - p), p, bb + 2);
    return xasprintf("%s-TH", p);
}

/* The number of the return record of a return on date: the next of its
 * counter that is not taken (as give_number). */
static int return_number(struct app *app, const char *date, char **out, struct error *err)
{
    char *receipt = NULL, *pattern = NULL;
    long long seq;
    int rc = setting_get(app->db, "receipt_format", "{N}/BB-BDT", &receipt, err);

    *out = NULL;
    if (rc == 0)
        pattern = return_pattern(receipt);
    int counter_year = rc == 0 && strstr(pattern, "{YY") ? date_year(date) : 0;
    while (rc == 0) {
        struct handover taken;
        if ((rc = handover_store_next_return_seq(app->db, counter_year, &seq, err)) != 0)
            break;
        *out = handover_format_receipt(pattern, seq, date_year(date));
        int r = handover_store_get_by_return(app->db, *out, &taken, err);
        if (r == ERR_NOT_FOUND) {
            error_clear(err); /* the number is free */
            break;
        }
        free(*out);
        *out = NULL;
        if (r < 0)
            rc = r;
        else
            handover_release(&taken);
    }
    free(pattern);
    free(receipt);
    return rc;
}

/* The change "return": the handover closed, and its return record numbered. */
static int close_handover(struct app *app, struct app_change *c, struct error *err)
{
    struct giveback *b = c->arg;
    char *no = NULL;
    int rc = handover_store_close(app->db, b->h.id, b->date, b->reason, b->decision, b->place,
                                  b->note, err);
    if (rc == 0)
        rc = return_number(app, b->date, &no, err);
    if (rc == 0)
        rc = handover_store_set_return_no(app->db, b->h.id, no, err);
    free(no);
    return rc;
}

/* The change "device.status": the device back (its handover closed first). */
static int take_device_back(struct app *app, struct app_change *c, struct error *err)
{
    struct giveback *b = c->arg;
    struct app_change h = {
        .action = "return", .entity = "handover", .id = b->h.id, .write = close_handover, .arg = b};
    int rc = app_change(app, &h, err);
    if (rc == 0) {
        date_now_utc(b->now);
        rc = device_store_set_status(app->db, b->h.device_id, device_state_text(b->back_to), b->now,
                                     err);
    }
    return rc;
}

/* The rules of a return: the handover b->h.id, closed on a day not before
 * it began; the decision and the note cleaned. */
static int return_check(struct app *app, struct app_change *c, struct error *err)
{
    struct giveback *b = c->arg;
    long long id = b->h.id;
    int rc;

    /* run again after a conflict on a server (app_txn): the last reads go */
    handover_release(&b->h);
    memset(&b->h, 0, sizeof(b->h));
    b->h.id = id;
    free(b->decision);
    free(b->place);
    free(b->note);
    b->decision = b->place = b->note = NULL;
    if ((rc = handover_store_get(app->db, b->h.id, &b->h, err)) != 0)
        return rc;
    if (strcmp(b->date, b->h.handed_on) < 0) {
        char shown[11];
        return error_set_field(err, ERR_INVALID, "date",
                               _("return date '%s' is before the handover date %s"), b->date,
                               date_display(b->h.handed_on, shown));
    }
    if (b->decision_in && *b->decision_in &&
        (rc = text_clean(b->decision_in, _("decision"), 300, 0, &b->decision, err)) != 0)
        return error_field(err, "decision", rc);
    if (b->place_in && *b->place_in &&
        (rc = text_clean(b->place_in, _("place"), 300, 0, &b->place, err)) != 0)
        return error_field(err, "place", rc);
    if (b->note_in && *b->note_in &&
        (rc = text_clean(b->note_in, _("note"), 1000, 0, &b->note, err)) != 0)
        return error_field(err, "note", rc);
    c->id = b->h.device_id;
    return 0;
}

/* Close the open handover h_id; the device goes to the status the reason implies. */
static int return_locked(struct app *app, long long h_id, const char *reason, const char *decision,
                         const char *date, const char *place, const char *note,
                         enum device_state back_to, struct error *err)
{
    struct giveback b = {.reason = reason,
                         .date = date,
                         .back_to = back_to,
                         .decision_in = decision,
                         .place_in = place,
                         .note_in = note,
                         .h.id = h_id};
    struct app_change c = {.action = "device.status",
                           .entity = "device",
                           .check = return_check,
                           .write = take_device_back,
                           .arg = &b};
    int rc = app_change(app, &c, err);

    free(b.decision);
    free(b.place);
    free(b.note);
    handover_release(&b.h);
    return rc;
}

/* The open handover h is the one the operator means (struct handover_expect);
 * an error names key, the field that chose it. */
static int expected_holder(struct app *app, const struct handover *h,
                           const struct handover_expect *ex, const char *key, struct error *err)
{
    int rc;

    if (!ex)
        return 0;
    if (ex->holder_id && ex->holder_id != h->person_id)
        return error_set_field(
            err, ERR_STALE, key,
            _("imei %s is held by %s (person %lld, receipt %s), not by person %lld: "
              "nothing was done"),
            h->imei, h->person_name, h->person_id, h->receipt_no, ex->holder_id);
    if (ex->seen && ex->seen->id != h->id) {
        struct handover was;
        if ((rc = handover_store_get(app->db, ex->seen->id, &was, err)) == 0) {
            rc = error_set_field(
                err, ERR_STALE, key,
                _("imei %s changed hands while it was on your screen: it was held by "
                  "%s (receipt %s), it is now held by %s (person %lld, receipt %s); "
                  "nothing was done"),
                h->imei, was.person_name, was.receipt_no, h->person_name, h->person_id,
                h->receipt_no);
            handover_release(&was);
            return rc;
        }
        if (rc != ERR_NOT_FOUND)
            return rc;
        return error_set_field(
            err, ERR_STALE, key,
            _("imei %s changed hands while it was on your screen: nothing was done"), h->imei);
    }
    return ex->seen ? error_field(err, key, app_seen_check(app, ex->seen, h->version, err)) : 0;
}

/* A return as asked (handover_app_return), its input checked. */
struct return_ask {
    const char *imei, *reason, *decision, *date, *place, *note;
    const struct handover_expect *expect;
};

static int return_fn(struct app *app, void *arg, struct error *err)
{
    const struct return_ask *a = arg;
    struct device d;
    long long open;
    struct handover h;
    int rc = device_store_get_by_imei(app->db, a->imei, &d, err);

    if (rc)
        return rc == ERR_NOT_FOUND ? error_field(err, "imei", rc) : rc;
    rc = handover_store_open_for_device(app->db, d.id, &open, err);
    if (rc == ERR_NOT_FOUND)
        rc = error_set_field(err, a->expect && a->expect->seen ? ERR_STALE : ERR_CONFLICT, "imei",
                             _("imei '%s' is not handed over (it is %s): nothing "
                               "to return"),
                             a->imei, device_status_label(d.status));
    else if (rc == 0 && (rc = handover_store_get(app->db, open, &h, err)) == 0) {
        rc = expected_holder(app, &h, a->expect, "imei", err);
        if (rc == 0)
            rc = return_locked(app, open, a->reason, a->decision, a->date, a->place, a->note,
                               return_reason_back_to(return_reason_parse(a->reason)), err);
        handover_release(&h);
    }
    device_release(&d);
    return rc;
}

int handover_app_return(struct app *app, const char *imei_in, const char *reason,
                        const char *decision, const char *date_in, const char *place,
                        const char *note, const struct handover_expect *expect, struct error *err)
{
    char imei[IMEI_LEN + 1], date[11];
    int rc;

    if ((rc = imei_parse(imei_in, _("imei"), imei, err)) != 0)
        return error_field(err, "imei", rc);
    if (!handover_reason_valid(reason))
        return error_set_field(
            err, ERR_INVALID, "reason",
            _("reason '%s' must be one of died, replaced, defective, lost, other"),
            error_quote(reason));
    if ((rc = parse_date_not_future(date_in, _("date"), date, err)) != 0)
        return rc;
    struct return_ask a = {imei, reason, decision, date, place, note, expect};
    return app_txn(app, return_fn, &a, err);
}

/* A passing on as asked (handover_app_pass_on), its input checked; the
 * successor's handover in give. */
struct pass_ask {
    long long from;
    const char *reason, *decision, *date, *place;
    const struct app_seen *seen;
    struct give give;
};

/* The open handover of the person a->from, and then the successor's. */
static int pass_on_fn(struct app *app, void *arg, struct error *err)
{
    struct pass_ask *a = arg;
    struct person p;
    long long open;
    struct handover h;
    struct handover_expect ex = {a->from, a->seen};
    int rc = person_store_get(app->db, a->from, &p, err);

    if (rc)
        return rc == ERR_NOT_FOUND ? error_field(err, "from", rc) : rc;
    rc = handover_store_open_any_for_person(app->db, a->from, &open, err);
    if (rc == ERR_NOT_FOUND)
        rc = error_set_field(err, a->seen ? ERR_STALE : ERR_CONFLICT, "from",
                             _("person %lld (%s) holds no device to pass on"), p.id, p.full_name);
    person_release(&p);
    if (rc || (rc = handover_store_get(app->db, open, &h, err)) != 0)
        return rc;
    /* the successor's receipt names the place and officer of the last,
     * unless the place is given; the return record the same place */
    const char *place = a->place && *a->place ? a->place : h.place;
    rc = expected_holder(app, &h, &ex, "from", err);
    if (rc == 0)
        rc = return_locked(app, open, a->reason, a->decision, a->date, place, NULL, DEVICE_IN_STOCK,
                           err);
    if (rc == 0) {
        a->give.imei = h.imei;
        a->give.place_in = place;
        a->give.officer_in = h.officer;
        a->give.predecessor = open;
        rc = give_locked(app, &a->give, err);
    }
    handover_release(&h);
    return rc;
}

int handover_app_pass_on(struct app *app, long long from_person, long long successor,
                         const char *reason, const char *decision, const char *date_in,
                         const char *place, const struct app_seen *seen, char **receipt_no,
                         long long *handover_id, struct error *err)
{
    char date[11];
    int rc;

    if (receipt_no)
        *receipt_no = NULL;
    if (!reason || !*reason)
        reason = return_reason_text(RETURN_REPLACED);
    if (!return_reason_passes_on(return_reason_parse(reason)))
        return error_set_field(
            err, ERR_INVALID, "reason",
            _("reason '%s': a device passed on must be one of died, replaced, other"),
            error_quote(reason));
    if (from_person == successor)
        return error_hint(err, "from",
                          error_set_field(err, ERR_INVALID, "successor",
                                          _("successor %lld is the same person as the current "
                                            "holder"),
                                          successor));
    if ((rc = parse_date_not_future(date_in, _("date"), date, err)) != 0)
        return rc;
    struct pass_ask a = {.from = from_person,
                         .reason = reason,
                         .decision = decision,
                         .date = date,
                         .place = place,
                         .seen = seen};
    a.give.person_id = successor;
    a.give.date = date;
    rc = app_txn(app, pass_on_fn, &a, err);
    if (rc == 0)
        give_out(&a.give, receipt_no, handover_id);
    give_release(&a.give);
    return rc;
}

/* A receipt's signature as asked (handover_app_mark_signed), checked. */
struct sign_ask {
    const char *date, *archive;
};

/* The change "receipt.signed". */
static int mark_signed(struct app *app, struct app_change *c, struct error *err)
{
    const struct sign_ask *a = c->arg;
    return handover_store_mark_signed(app->db, c->id, a->date, a->archive, err);
}

/* The rules of a signature: the receipt not signed yet, on a day not
 * before its handover. */
static int sign_check(struct app *app, struct app_change *c, struct error *err)
{
    const struct sign_ask *a = c->arg;
    struct handover h;
    char x[11], y[11];
    int rc = handover_store_get(app->db, c->id, &h, err);

    if (rc == 0 && h.signed_on) {
        /* the paper came back once: a second mark changes nothing */
        if (h.archive_ref && *h.archive_ref)
            rc = error_set(err, ERR_CONFLICT,
                           _("receipt %s was already signed on %s (archive %s): nothing "
                             "changed"),
                           h.receipt_no, date_display(h.signed_on, x), h.archive_ref);
        else
            rc = error_set(err, ERR_CONFLICT,
                           _("receipt %s was already signed on %s: nothing changed"), h.receipt_no,
                           date_display(h.signed_on, x));
    } else if (rc == 0 && strcmp(a->date, h.handed_on) < 0) {
        rc = error_set_field(err, ERR_INVALID, "date",
                             _("signed date %s is before the handover of receipt %s (%s)"),
                             date_display(a->date, x), h.receipt_no, date_display(h.handed_on, y));
    }
    handover_release(&h); /* zeroed by the look-up when it failed */
    return rc;
}

/* A paper signed and returned: its archive reference and date checked,
 * then the change (action) with its rules (check) and its write. */
static int mark_paper_signed(struct app *app, long long handover_id, const char *archive_ref,
                             const char *date_in, const char *action,
                             int (*check)(struct app *, struct app_change *, struct error *),
                             int (*write)(struct app *, struct app_change *, struct error *),
                             struct error *err)
{
    char date[11];
    char *archive = NULL;
    int rc;

    if (archive_ref && *archive_ref &&
        (rc = text_clean(archive_ref, _("archive reference"), 200, 0, &archive, err)) != 0)
        return error_field(err, "archive_ref", rc);
    if ((rc = parse_date_not_future(date_in, _("date"), date, err)) == 0) {
        struct sign_ask a = {date, archive};
        struct app_change c = {.action = action,
                               .entity = "handover",
                               .id = handover_id,
                               .check = check,
                               .write = write,
                               .arg = &a};
        rc = app_change(app, &c, err);
    }
    free(archive);
    return rc;
}

int handover_app_mark_signed(struct app *app, long long handover_id, const char *archive_ref,
                             const char *date_in, struct error *err)
{
    return mark_paper_signed(app, handover_id, archive_ref, date_in, "receipt.signed", sign_check,
                             mark_signed, err);
}

/* A correction as asked (handover_app_edit): the handover as it is (h),
 * and as it is to be (to, whose strings are h's or the cleaned ones in
 * owned). */
struct edit {
    const struct handover_edit *in;
    struct handover h, to;
    char *owned[3]; /* place, officer, note, cleaned */
    char date[11], today[11];
    int printed; /* the original was printed: the correction supersedes it */
};

/* The value of a typed text field: unchanged (NULL), cleared (""), or the
 * cleaned text in *owned; an error names the field key. */
static int edit_text(const char *typed, const char *was, const char *key, const char *label,
                     size_t max, char **owned, const char **out, struct error *err)
{
    *out = was;
    if (!typed)
        return 0;
    if (!*typed) {
        *out = NULL;
        return 0;
    }
    int rc = text_clean(typed, label, max, 0, owned, err);
    if (rc)
        return error_field(err, key, rc);
    *out = *owned && **owned ? *owned : NULL;
    return 0;
}

static int same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The new date: not in the future, not before the device came, not after
 * the device came back. */
static int edit_date(struct app *app, struct edit *e, struct error *err)
{
    struct device d;
    char a[11], b[11];
    int rc = parse_date_not_future(e->in->date, _("date"), e->date, err);

    if (rc == 0 && (rc = device_store_get(app->db, e->h.device_id, &d, err)) == 0) {
        rc = date_after_delivery(&d, e->date, err);
        device_release(&d);
    }
    if (rc == 0 && e->h.returned_on && strcmp(e->date, e->h.returned_on) > 0)
        rc = error_set_field(
            err, ERR_INVALID, "date", _("handover date %s is after imei %s was returned (%s)"),
            date_display(e->date, a), e->h.imei, date_display(e->h.returned_on, b));
    return rc;
}

/* The rules of a correction: the receipt not signed, the values checked;
 * APP_CHANGE_NONE when they are what the handover holds. */
static int edit_check(struct app *app, struct app_change *c, struct error *err)
{
    struct edit *e = c->arg;
    const struct handover_edit *in = e->in;
    char x[11];
    int rc;

    /* run again after a conflict on a server (app_txn): the last reads go */
    handover_release(&e->h);
    memset(&e->h, 0, sizeof(e->h));
    for (size_t i = 0; i < sizeof(e->owned) / sizeof(*e->owned); i++) {
        free(e->owned[i]);
        e->owned[i] = NULL;
    }
    if ((rc = handover_store_get(app->db, c->id, &e->h, err)) != 0)
        return rc;

    if (e->h.signed_on)
        return error_set(err, ERR_CONFLICT,
                         _("receipt %s was signed on %s: a signed receipt is not corrected; "
                           "nothing changed"),
                         e->h.receipt_no, date_display(e->h.signed_on, x));
    e->to = e->h;
    if ((rc = edit_text(in->place, e->h.place, "place", _("place"), 300, &e->owned[0],
                        (const char **)&e->to.place, err)) != 0 ||
        (rc = edit_text(in->officer, e->h.officer, "officer", _("officer"), 200, &e->owned[1],
                        (const char **)&e->to.officer, err)) != 0 ||
        (rc = edit_text(in->note, e->h.note, "note", _("note"), 1000, &e->owned[2],
                        (const char **)&e->to.note, err)) != 0)
        return rc;
    if (in->date && *in->date) {
        if ((rc = edit_date(app, e, err)) != 0)
            return rc;
        e->to.handed_on = e->date;
    }
    if (same_text(e->to.place, e->h.place) && same_text(e->to.officer, e->h.officer) &&
        same_text(e->to.note, e->h.note) && same_text(e->to.handed_on, e->h.handed_on))
        return APP_CHANGE_NONE;
    if ((rc = receipt_print_count(app->db, c->id, err)) < 0)
        return rc;
    e->printed = rc > 0;
    /* the paper says when it was corrected last: a correction of a
     * corrected receipt not printed since is dated again */
    date_today(e->today);
    if (e->printed || e->h.corrected_on)
        e->to.corrected_on = e->today;
    return 0;
}

/* The change "handover.edit": the row corrected, and a printed original
 * superseded — its kept data goes (its image stays in the log), so that
 * the next print is a new original. */
static int edit_write(struct app *app, struct app_change *c, struct error *err)
{
    struct edit *e = c->arg;
    char *before = NULL;
    int rc = handover_store_update(app->db, &e->to, err);

    if (rc == ERR_CONFLICT) {
        char a[11];
        return error_set_field(err, ERR_CONFLICT, "date",
                               _("a handover of imei %s dated %s would overlap another custody "
                                 "period of the device"),
                               e->h.imei, date_display(e->to.handed_on, a));
    }
    if (rc == 0 && e->printed) {
        rc = audit_store_image(app->db, "receipt_print", c->id, &before, err);
        if (rc == 0)
            rc = receipt_print_delete(app->db, c->id, err);
        if (rc == 0)
            rc = app_audit(app, "receipt.superseded", "receipt_print", c->id, before, NULL, err);
        free(before);
    }
    return rc;
}

int handover_app_edit(struct app *app, long long handover_id, const struct handover_edit *in,
                      int *superseded, struct error *err)
{
    struct edit e = {.in = in};
    struct app_change c = {.action = "handover.edit",
                           .entity = "handover",
                           .id = handover_id,
                           .check = edit_check,
                           .write = edit_write,
                           .arg = &e};
    int rc = app_change(app, &c, err);

    if (superseded)
        *superseded = rc == 0 && e.printed;
    for (size_t i = 0; i < sizeof(e.owned) / sizeof(*e.owned); i++)
        free(e.owned[i]);
    handover_release(&e.h);
    return rc;
}

static int last_closed(const struct handover *h, void *arg)
{
    if (h->returned_on)
        *(long long *)arg = h->id;
    return 0;
}

int handover_app_last_return(struct app *app, const char *imei, long long *handover_id,
                             char **return_no, struct error *err)
{
    struct device d;
    struct handover h;
    long long last = 0;
    int rc = device_store_get_by_imei(app->db, imei, &d, err);

    *handover_id = 0;
    *return_no = NULL;
    if (rc)
        return rc;
    /* the history is oldest first: the last closed one */
    rc = handover_store_each(app->db, 0, d.id, last_closed, &last, err);
    device_release(&d);
    if (rc < 0)
        return rc;
    if (!last)
        return error_set(err, ERR_NOT_FOUND, _("imei '%s' was never returned"), imei);
    if ((rc = handover_store_get(app->db, last, &h, err)) != 0)
        return rc;
    *handover_id = h.id;
    *return_no = h.return_no ? xstrdup(h.return_no) : NULL;
    handover_release(&h);
    return 0;
}

int handover_app_taken_back(struct app *app, long long handover_id, long long *from_id,
                            char **return_no, struct error *err)
{
    struct handover h, before;
    int rc = handover_store_get(app->db, handover_id, &h, err);

    *from_id = 0;
    *return_no = NULL;
    if (rc)
        return rc;
    if (!h.predecessor_id)
        rc = error_set(err, ERR_NOT_FOUND, _("handover %lld passed no device on"), handover_id);
    else if ((rc = handover_store_get(app->db, h.predecessor_id, &before, err)) == 0) {
        *from_id = before.id;
        *return_no = before.return_no ? xstrdup(before.return_no) : NULL;
        handover_release(&before);
    }
    handover_release(&h);
    return rc;
}

/* The change "upgrade.return_record": a return made before return records
 * were kept gets its number, from the series, for the year of the return. */
static int number_old_return(struct app *app, struct app_change *c, struct error *err)
{
    struct handover h;
    char *no = NULL;
    int rc = handover_store_get(app->db, c->id, &h, err);

    if (rc == 0)
        rc = return_number(app, h.returned_on, &no, err);
    if (rc == 0)
        rc = handover_store_set_return_no(app->db, c->id, no, err);
    free(no);
    handover_release(&h);
    return rc;
}

static int number_old_returns(struct app *app, void *arg, struct error *err)
{
    long long *ids;
    size_t n;
    int rc = handover_store_unnumbered_returns(app->db, &ids, &n, err);

    (void)arg;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct app_change c = {.action = "upgrade.return_record",
                               .entity = "handover",
                               .id = ids[i],
                               .write = number_old_return};
        rc = app_change(app, &c, err);
    }
    free(ids);
    return rc;
}

int handover_app_number_old_returns(struct app *app, struct error *err)
{
    return app_txn(app, number_old_returns, NULL, err);
}

/* A return record's signature as asked (handover_app_mark_return_signed). */
static int mark_return_signed(struct app *app, struct app_change *c, struct error *err)
{
    const struct sign_ask *a = c->arg;
    return handover_store_mark_return_signed(app->db, c->id, a->date, a->archive, err);
}

/* The rules: a return record, not signed yet, signed on a day not before
 * the return. */
static int return_sign_check(struct app *app, struct app_change *c, struct error *err)
{
    const struct sign_ask *a = c->arg;
    struct handover h;
    char x[11], y[11];
    int rc = handover_store_get(app->db, c->id, &h, err);

    if (rc == 0 && !h.return_no)
        rc = error_set(err, ERR_NOT_FOUND, _("handover %lld has no return record"), c->id);
    else if (rc == 0 && h.return_signed_on && h.return_archive_ref && *h.return_archive_ref)
        rc = error_set(err, ERR_CONFLICT,
                       _("return record %s was already signed on %s (archive %s): nothing "
                         "changed"),
                       h.return_no, date_display(h.return_signed_on, x), h.return_archive_ref);
    else if (rc == 0 && h.return_signed_on)
        rc = error_set(err, ERR_CONFLICT,
                       _("return record %s was already signed on %s: nothing changed"), h.return_no,
                       date_display(h.return_signed_on, x));
    else if (rc == 0 && strcmp(a->date, h.returned_on) < 0)
        rc = error_set_field(err, ERR_INVALID, "date",
                             _("signed date %s is before the return of record %s (%s)"),
                             date_display(a->date, x), h.return_no, date_display(h.returned_on, y));
    handover_release(&h);
    return rc;
}

int handover_app_mark_return_signed(struct app *app, long long handover_id, const char *archive_ref,
                                    const char *date_in, struct error *err)
{
    return mark_paper_signed(app, handover_id, archive_ref, date_in, "return.signed",
                             return_sign_check, mark_return_signed, err);
}
