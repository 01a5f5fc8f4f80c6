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
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/db.h"
#include "store/device_store.h"
#include "store/handover_store.h"
#include "store/person_store.h"
#include "store/setting_store.h"

static const struct {
    const char *reason;
    const char *label;
} reasons[] = {
    {"died", N_("died")}, {"replaced", N_("replaced")}, {"defective", N_("defective")},
    {"lost", N_("lost")}, {"other", N_("other")},
};

int handover_reason_valid(const char *reason)
{
    for (size_t i = 0; i < sizeof(reasons) / sizeof(*reasons); i++)
        if (reason && strcmp(reason, reasons[i].reason) == 0)
            return 1;
    return 0;
}

const char *handover_reason_label(const char *reason)
{
    for (size_t i = 0; i < sizeof(reasons) / sizeof(*reasons); i++)
        if (reason && strcmp(reason, reasons[i].reason) == 0)
            return _(reasons[i].label);
    return reason ? reason : "";
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

static int audit_device_change(struct app *app, long long device_id, const char *before,
                               struct error *err)
{
    char *after;
    int rc = device_store_snapshot(app->db, device_id, &after, err);
    if (rc == 0)
        rc = app_audit(app, "device.status", "device", device_id, before, after, err);
    free(after);
    return rc;
}

static const char *status_reason(const struct device *d)
{
    if (strcmp(d->status, "repair") == 0)
        return _("it is under repair");
    if (strcmp(d->status, "lost") == 0)
        return _("it is reported lost");
    if (strcmp(d->status, "written_off") == 0)
        return _("it is written off");
    return _("it is not in stock");
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

/* The handover itself, inside the caller's transaction. An error about the
 * person names the field that chose them: "person", or "successor" when the
 * device is passed on from predecessor. */
static int give_locked(struct app *app, long long person_id, const char *imei, const char *date,
                       const char *place_in, const char *officer_in, long long predecessor,
                       char **receipt_no, long long *handover_id, struct error *err)
{
    const char *person_key = predecessor ? "successor" : "person";
    struct device d;
    struct person p;
    struct handover h = {0};
    char now[21];
    long long at;
    int rc;

    if ((rc = device_store_get_by_imei(app->db, imei, &d, err)) != 0)
        return rc == ERR_NOT_FOUND ? error_field(err, "imei", rc) : rc;
    if ((rc = person_store_get(app->db, person_id, &p, err)) != 0) {
        device_release(&d);
        return rc == ERR_NOT_FOUND ? error_field(err, person_key, rc) : rc;
    }
    if (strcmp(d.status, "handed_over") == 0) {
        rc = error_set_field(err, ERR_CONFLICT, "imei",
                             _("imei '%s' is already handed over to %s (person %lld, receipt %s)"),
                             imei, d.holder_name ? d.holder_name : "?", d.holder_id,
                             d.receipt_no ? d.receipt_no : "?");
    } else if (strcmp(d.status, "in_stock") != 0) {
        rc = error_set_field(err, ERR_CONFLICT, "imei", _("imei '%s' cannot be handed over: %s"),
                             imei, status_reason(&d));
    } else if (!p.active) {
        rc = error_set_field(err, ERR_CONFLICT, person_key,
                             _("person %lld (%s) is no longer active: choose the successor"), p.id,
                             p.full_name);
    } else if (unit_app_at(app, p.commune_id, date, &at, err) != 0) {
        /* the receipt must name the person's commune as it was that day */
        rc = ERR_INVALID;
        error_prefix(err, _("person %lld (%s)"), p.id, p.full_name);
        error_field(err, person_key, rc);
    } else {
        long long open;
        struct handover o;
        rc = handover_store_open_for_person(app->db, p.id, d.round_id, &open, err);
        if (rc == 0)
            rc = handover_store_get(app->db, open, &o, err);
        if (rc == 0) {
            rc = error_set_field(err, ERR_CONFLICT, person_key,
                                 _("person %lld (%s) already holds imei %s in this round "
                                   "(receipt %s): return it first"),
                                 p.id, p.full_name, o.imei, o.receipt_no);
            handover_release(&o);
        } else if (rc == ERR_NOT_FOUND && open) {
            rc = error_set_field(err, ERR_CONFLICT, person_key,
                                 _("person %lld already has an open handover in this round"), p.id);
        } else if (rc == ERR_NOT_FOUND) {
            error_clear(err); /* the person holds nothing in this round */
            rc = 0;
        }
    }
    if (rc == 0)
        rc = date_in_history(app, &d, &p, person_key, date, err);
    if (rc == 0) {
        char *place = NULL, *officer = NULL, *pattern = NULL;
        long long seq;
        if (place_in && *place_in)
            rc = error_field(err, "place", text_clean(place_in, _("place"), 300, 0, &place, err));
        else
            rc = setting_get_at(app->db, "place_name", date, "", &place, err);
        if (rc == 0) {
            if (officer_in && *officer_in)
                rc = error_field(err, "officer",
                                 text_clean(officer_in, _("officer"), 200, 0, &officer, err));
            else
                rc = setting_get(app->db, "officer_name", "", &officer, err);
        }
        /* The counter restarts each year; a pattern without {YYYY} or {YY}
         * (the default "{N}/BB-BDT") would then give last year's numbers
         * again, which the schema refuses: skip the numbers already given. */
        if (rc == 0)
            rc = setting_get(app->db, "receipt_format", "{N}/BB-BDT", &pattern, err);
        if (rc == 0) {
            /* without the year in the number, one running count for all years */
            int counter_year = strstr(pattern, "{YY") ? date_year(date) : 0;
            for (;;) {
                struct handover taken;
                if ((rc = handover_store_next_seq(app->db, counter_year, &seq, err)) != 0)
                    break;
                h.receipt_no = handover_format_receipt(pattern, seq, date_year(date));
                int r = handover_store_get_by_receipt(app->db, h.receipt_no, &taken, err);
                if (r == ERR_NOT_FOUND) {
                    error_clear(err); /* the number is free */
                    break;
                }
                free(h.receipt_no);
                h.receipt_no = NULL;
                if (r < 0) {
                    rc = r;
                    break;
                }
                handover_release(&taken);
            }
            free(pattern);
        }
        if (rc == 0) {
            date_now_utc(now);
            h.device_id = d.id;
            h.person_id = p.id;
            h.round_id = d.round_id;
            h.handed_on = (char *)date;
            h.place = place;
            h.officer = officer;
            h.predecessor_id = predecessor;
            h.created_at = now;
            rc = handover_store_insert(app->db, &h, &h.id, err);
            if (rc == ERR_CONFLICT)
                rc = insert_conflict(app, &d, &p, person_key, imei, h.receipt_no, err);
        }
        if (rc == 0) {
            char *before;
            rc = device_store_snapshot(app->db, d.id, &before, err);
            if (rc == 0)
                rc = device_store_set_status(app->db, d.id, "handed_over", now, err);
            if (rc == 0) {
                char *after;
                rc = handover_store_snapshot(app->db, h.id, &after, err);
                if (rc == 0)
                    rc = app_audit(app, "handover", "handover", h.id, NULL, after, err);
                free(after);
            }
            if (rc == 0)
                rc = audit_device_change(app, d.id, before, err);
            free(before);
        }
        free(place);
        free(officer);
    }
    if (rc == 0) {
        if (receipt_no)
            *receipt_no = h.receipt_no;
        else
            free(h.receipt_no);
        if (handover_id)
            *handover_id = h.id;
    } else {
        free(h.receipt_no);
    }
    device_release(&d);
    person_release(&p);
    return rc;
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
    if ((rc = db_begin(app->db, err)) != 0)
        return rc;
    rc = give_locked(app, in->person_id, imei, date, in->place, in->officer, 0, receipt_no,
                     handover_id, err);
    int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
    if (rc2 && receipt_no) {
        free(*receipt_no);
        *receipt_no = NULL;
    }
    return rc ? rc : rc2;
}

/* Close the open handover h_id; the device goes to the status the reason implies. */
static int return_locked(struct app *app, long long h_id, const char *reason, const char *decision,
                         const char *date, const char *note, const char *device_status,
                         struct error *err)
{
    struct handover h;
    char now[21];
    char *dec = NULL, *nt = NULL;
    int rc;

    if ((rc = handover_store_get(app->db, h_id, &h, err)) != 0)
        return rc;
    if (strcmp(date, h.handed_on) < 0) {
        char shown[11];
        rc = error_set_field(err, ERR_INVALID, "date",
                             _("return date '%s' is before the handover date %s"), date,
                             date_display(h.handed_on, shown));
    }
    if (rc == 0 && decision && *decision)
        rc = error_field(err, "decision", text_clean(decision, _("decision"), 300, 0, &dec, err));
    if (rc == 0 && note && *note)
        rc = error_field(err, "note", text_clean(note, _("note"), 1000, 0, &nt, err));
    if (rc == 0) {
        char *before;
        rc = handover_store_snapshot(app->db, h.id, &before, err);
        if (rc == 0)
            rc = handover_store_close(app->db, h.id, date, reason, dec, nt, err);
        if (rc == 0) {
            char *after;
            rc = handover_store_snapshot(app->db, h.id, &after, err);
            if (rc == 0)
                rc = app_audit(app, "return", "handover", h.id, before, after, err);
            free(after);
        }
        free(before);
    }
    if (rc == 0) {
        char *before;
        date_now_utc(now);
        rc = device_store_snapshot(app->db, h.device_id, &before, err);
        if (rc == 0)
            rc = device_store_set_status(app->db, h.device_id, device_status, now, err);
        if (rc == 0)
            rc = audit_device_change(app, h.device_id, before, err);
        free(before);
    }
    free(dec);
    free(nt);
    handover_release(&h);
    return rc;
}

static const char *status_after_return(const char *reason)
{
    if (strcmp(reason, "defective") == 0)
        return "repair";
    if (strcmp(reason, "lost") == 0)
        return "lost";
    return "in_stock";
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

int handover_app_return(struct app *app, const char *imei_in, const char *reason,
                        const char *decision, const char *date_in, const char *note,
                        const struct handover_expect *expect, struct error *err)
{
    char imei[IMEI_LEN + 1], date[11];
    struct device d;
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
    if ((rc = db_begin(app->db, err)) != 0)
        return rc;
    rc = device_store_get_by_imei(app->db, imei, &d, err);
    if (rc == ERR_NOT_FOUND)
        error_field(err, "imei", rc);
    if (rc == 0) {
        long long open;
        struct handover h;
        rc = handover_store_open_for_device(app->db, d.id, &open, err);
        if (rc == ERR_NOT_FOUND)
            rc = error_set_field(err, expect && expect->seen ? ERR_STALE : ERR_CONFLICT, "imei",
                                 _("imei '%s' is not handed over (it is %s): nothing "
                                   "to return"),
                                 imei, device_status_label(d.status));
        else if (rc == 0 && (rc = handover_store_get(app->db, open, &h, err)) == 0) {
            rc = expected_holder(app, &h, expect, "imei", err);
            if (rc == 0)
                rc = return_locked(app, open, reason, decision, date, note,
                                   status_after_return(reason), err);
            handover_release(&h);
        }
        device_release(&d);
    }
    int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
    return rc ? rc : rc2;
}

int handover_app_pass_on(struct app *app, long long from_person, long long successor,
                         const char *reason, const char *decision, const char *date_in,
                         const struct app_seen *seen, char **receipt_no, long long *handover_id,
                         struct error *err)
{
    char date[11];
    struct handover h;
    int rc;

    if (receipt_no)
        *receipt_no = NULL;
    if (!reason || !*reason)
        reason = "replaced";
    if (!handover_reason_valid(reason) || strcmp(reason, "defective") == 0 ||
        strcmp(reason, "lost") == 0)
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
    if ((rc = db_begin(app->db, err)) != 0)
        return rc;
    struct person p;
    rc = person_store_get(app->db, from_person, &p, err);
    if (rc == ERR_NOT_FOUND)
        error_field(err, "from", rc);
    if (rc == 0) {
        long long open;
        struct handover_expect ex = {from_person, seen};
        rc = handover_store_open_any_for_person(app->db, from_person, &open, err);
        if (rc == ERR_NOT_FOUND) {
            rc = error_set_field(err, seen ? ERR_STALE : ERR_CONFLICT, "from",
                                 _("person %lld (%s) holds no device to pass on"), p.id,
                                 p.full_name);
        } else if (rc == 0 && (rc = handover_store_get(app->db, open, &h, err)) == 0 &&
                   (rc = expected_holder(app, &h, &ex, "from", err)) != 0) {
            handover_release(&h);
        } else if (rc == 0) {
            char *imei = xstrdup(h.imei);
            char *place = h.place ? xstrdup(h.place) : NULL;
            char *officer = h.officer ? xstrdup(h.officer) : NULL;
            rc = return_locked(app, open, reason, decision, date, NULL, "in_stock", err);
            if (rc == 0)
                rc = give_locked(app, successor, imei, date, place, officer, open, receipt_no,
                                 handover_id, err);
            free(imei);
            free(place);
            free(officer);
            handover_release(&h);
        }
        person_release(&p);
    }
    int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
    if ((rc || rc2) && receipt_no) {
        free(*receipt_no);
        *receipt_no = NULL;
    }
    return rc ? rc : rc2;
}

int handover_app_mark_signed(struct app *app, long long handover_id, const char *archive_ref,
                             const char *date_in, struct error *err)
{
    struct handover h;
    char date[11], a[11], b[11];
    char *archive = NULL;
    int rc;

    if (archive_ref && *archive_ref &&
        (rc = text_clean(archive_ref, _("archive reference"), 200, 0, &archive, err)) != 0)
        return error_field(err, "archive_ref", rc);
    if ((rc = parse_date_not_future(date_in, _("date"), date, err)) != 0) {
        free(archive);
        return rc;
    }
    if ((rc = db_begin(app->db, err)) == 0) {
        rc = handover_store_get(app->db, handover_id, &h, err);
        if (rc == 0 && h.signed_on) {
            /* the paper came back once: a second mark changes nothing */
            if (h.archive_ref && *h.archive_ref)
                rc = error_set(err, ERR_CONFLICT,
                               _("receipt %s was already signed on %s (archive %s): nothing "
                                 "changed"),
                               h.receipt_no, date_display(h.signed_on, a), h.archive_ref);
            else
                rc = error_set(err, ERR_CONFLICT,
                               _("receipt %s was already signed on %s: nothing changed"),
                               h.receipt_no, date_display(h.signed_on, a));
        } else if (rc == 0 && strcmp(date, h.handed_on) < 0) {
            rc = error_set_field(err, ERR_INVALID, "date",
                                 _("signed date %s is before the handover of receipt %s (%s)"),
                                 date_display(date, a), h.receipt_no, date_display(h.handed_on, b));
        } else if (rc == 0) {
            char *before;
            rc = handover_store_snapshot(app->db, h.id, &before, err);
            if (rc == 0)
                rc = handover_store_mark_signed(app->db, h.id, date, archive, err);
            if (rc == 0) {
                char *after;
                rc = handover_store_snapshot(app->db, h.id, &after, err);
                if (rc == 0)
                    rc = app_audit(app, "receipt.signed", "handover", h.id, before, after, err);
                free(after);
            }
            free(before);
        }
        handover_release(&h); /* zeroed by the look-up when it failed */
        int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
        if (!rc)
            rc = rc2;
    }
    free(archive);
    return rc;
}
