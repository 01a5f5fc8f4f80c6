/*
 * receipt_app: fills struct receipt_doc from the database, keeps the data
 * of a receipt's first print and makes every reprint from it; see
 * include/app/receipt_app.h.
 *
 * The kept data is a small text form, one "key=value" line per field of
 * struct receipt_doc after a first line "capphat-receipt 1"; backslash and
 * line breaks in values are escaped as \\ and \n. Fields unknown to this
 * version are ignored and missing ones read as "", so the form can grow.
 */
#include "app/receipt_app.h"

#include "app/backup_app.h"
#include "app/unit_app.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/states.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "app/seal_app.h"
#include "io/outfile.h"
#include "report/print.h"
#include "report/receipt_pdf.h"
#include "store/audit_store.h"
#include "store/db.h"
#include "store/device_store.h"
#include "store/handover_store.h"
#include "store/person_store.h"
#include "store/setting_store.h"
#include "store/unit_store.h"

#define DATA_MAGIC "capphat-receipt 1"

/* Every text field of struct receipt_doc, by its name in the kept data. */
static const struct {
    const char *key;
    size_t offset;
} fields[] = {
    {"parent_body", offsetof(struct receipt_doc, parent_body)},
    {"office", offsetof(struct receipt_doc, office)},
    {"number", offsetof(struct receipt_doc, number)},
    {"place", offsetof(struct receipt_doc, place)},
    {"date", offsetof(struct receipt_doc, date)},
    {"giver.name", offsetof(struct receipt_doc, giver.name)},
    {"giver.position", offsetof(struct receipt_doc, giver.position)},
    {"giver.office", offsetof(struct receipt_doc, giver.office)},
    {"receiver.name", offsetof(struct receipt_doc, receiver.name)},
    {"receiver.gender", offsetof(struct receipt_doc, receiver.gender)},
    {"receiver.birth_year", offsetof(struct receipt_doc, receiver.birth_year)},
    {"receiver.ethnic", offsetof(struct receipt_doc, receiver.ethnic)},
    {"receiver.village", offsetof(struct receipt_doc, receiver.village)},
    {"receiver.commune", offsetof(struct receipt_doc, receiver.commune)},
    {"receiver.district", offsetof(struct receipt_doc, receiver.district)},
    {"receiver.cccd", offsetof(struct receipt_doc, receiver.cccd)},
    {"receiver.phone", offsetof(struct receipt_doc, receiver.phone)},
    {"device.model", offsetof(struct receipt_doc, device.model)},
    {"device.imei1", offsetof(struct receipt_doc, device.imei1)},
    {"device.imei2", offsetof(struct receipt_doc, device.imei2)},
    {"device.accessories", offsetof(struct receipt_doc, device.accessories)},
    {"device.condition", offsetof(struct receipt_doc, device.condition)},
    {"round_name", offsetof(struct receipt_doc, round_name)},
    {"venue", offsetof(struct receipt_doc, venue)},
    {"decision", offsetof(struct receipt_doc, decision)},
    {"predecessor", offsetof(struct receipt_doc, predecessor)},
    {"predecessor_reason", offsetof(struct receipt_doc, predecessor_reason)},
    {"predecessor_decision", offsetof(struct receipt_doc, predecessor_decision)},
    {"funding_note", offsetof(struct receipt_doc, funding_note)},
    {"anchor", offsetof(struct receipt_doc, anchor)},
    {"note", offsetof(struct receipt_doc, note)},
    {"corrected_on", offsetof(struct receipt_doc, corrected_on)},
    {"return_reason", offsetof(struct receipt_doc, return_reason)},
    {"handover_receipt", offsetof(struct receipt_doc, handover_receipt)},
    {"outcome", offsetof(struct receipt_doc, outcome)},
};
#define NFIELDS (sizeof(fields) / sizeof(*fields))

/* What a phone comes with, and its state, as the receipt states them. */
#define ACCESSORIES "Sạc, cáp"
#define CONDITION_NEW "Mới 100%"
#define CONDITION_USED "Đã qua sử dụng, hoạt động bình thường"

static const char **slot(struct receipt_doc *d, size_t i)
{
    return (const char **)((char *)d + fields[i].offset);
}

/* Free the strings of a doc this file filled (each one its own allocation). */
static void doc_release(struct receipt_doc *d)
{
    for (size_t i = 0; i < NFIELDS; i++)
        free((char *)*slot(d, i));
    memset(d, 0, sizeof(*d));
}

static char *doc_serialise(struct receipt_doc *d)
{
    struct strbuf sb = STRBUF_INIT;

    strbuf_addstr(&sb, DATA_MAGIC "\n");
    for (size_t i = 0; i < NFIELDS; i++) {
        const char *v = *slot(d, i);
        strbuf_addstr(&sb, fields[i].key);
        strbuf_addch(&sb, '=');
        for (; v && *v; v++) {
            if (*v == '\\')
                strbuf_addstr(&sb, "\\\\");
            else if (*v == '\n')
                strbuf_addstr(&sb, "\\n");
            else
                strbuf_addch(&sb, *v);
        }
        strbuf_addch(&sb, '\n');
    }
    return strbuf_detach(&sb, NULL);
}

static int doc_parse(const char *data, long long id, struct receipt_doc *d, struct error *err)
{
    const char *p = data, *nl;

    memset(d, 0, sizeof(*d));
    if (strncmp(p, DATA_MAGIC "\n", sizeof(DATA_MAGIC)) != 0)
        return error_set(err, ERR_CORRUPT,
                         _("the kept data of receipt %lld is not in a form this program reads"),
                         id);
    p += sizeof(DATA_MAGIC);
    for (; *p; p = *nl ? nl + 1 : nl) {
        const char *eq = strchr(p, '=');
        nl = strchr(p, '\n');
        if (!nl)
            nl = p + strlen(p);
        if (!eq || eq > nl)
            continue;
        for (size_t i = 0; i < NFIELDS; i++) {
            if (strlen(fields[i].key) != (size_t)(eq - p) ||
                strncmp(fields[i].key, p, (size_t)(eq - p)) != 0)
                continue;
            struct strbuf v = STRBUF_INIT;
            for (const char *q = eq + 1; q < nl; q++) {
                if (*q == '\\' && q + 1 < nl) {
                    q++;
                    strbuf_addch(&v, *q == 'n' ? '\n' : *q);
                } else {
                    strbuf_addch(&v, *q);
                }
            }
            free((char *)*slot(d, i));
            *slot(d, i) = strbuf_detach(&v, NULL);
        }
    }
    for (size_t i = 0; i < NFIELDS; i++)
        if (!*slot(d, i))
            *slot(d, i) = xstrdup("");
    return 0;
}

/* "xã Cao Thượng": the unit's kind in lower case, then its name, into
 * *out; "" when none. 0, or the database error (*out NULL). */
static int unit_phrase(struct db *db, long long unit_id, long long *parent_id, char **out,
                       struct error *err)
{
    struct unit u;
    char *s;
    int rc;

    if (parent_id)
        *parent_id = 0;
    *out = NULL;
    rc = unit_id ? unit_store_get(db, unit_id, &u, err) : ERR_NOT_FOUND;
    if (rc == ERR_NOT_FOUND) {
        error_clear(err);
        *out = xstrdup("");
        return 0;
    }
    if (rc)
        return rc;
    if (parent_id)
        *parent_id = u.parent_id;
    if (u.kind && *u.kind) {
        s = xasprintf("%s %s", u.kind, u.name);
        if (s[0] >= 'A' && s[0] <= 'Z')
            s[0] = (char)(s[0] - 'A' + 'a');
    } else {
        s = xstrdup(u.name);
    }
    unit_release(&u);
    *out = s;
    return 0;
}

/* The round's decision as a receipt cites it: its number, then its date
 * when known and not already written with the number ("… ngày 15/03/2026"). */
static char *decision_cited(const char *number, const char *date)
{
    char d[11];
    if (!number || !*number)
        return xstrdup("");
    if (!date || !*date || strstr(number, "ngày"))
        return xstrdup(number);
    return xasprintf("%s ngày %s", number, date_display(date, d));
}

static char *dup_or_empty(const char *s)
{
    return xstrdup(s ? s : "");
}

/* Earlier handovers of the device make it a used one. */
struct earlier {
    long long before_id;
    int found;
};

static int count_earlier(const struct handover *h, void *arg)
{
    struct earlier *e = arg;
    if (h->id < e->before_id)
        e->found = 1;
    return 0;
}

/* The setting key of the office into *slot: the value in force on date,
 * or (date NULL) the plain one; "" when unset. */
static int doc_setting(struct db *db, const char *key, const char *date, const char **slot,
                       struct error *err)
{
    char *v;
    int rc = date ? setting_get_at(db, key, date, "", &v, err) : setting_get(db, key, "", &v, err);
    *slot = v;
    return rc;
}

/* A return's reason as a document states it, in Vietnamese whatever the
 * interface's language. */
static const char *reason_phrase(const char *reason)
{
    static const struct {
        const char *code, *phrase;
    } phrases[] = {
        {"died", "người có uy tín đã qua đời"},
        {"replaced", "không còn là người có uy tín, được thay thế"},
        {"defective", "thiết bị bị hỏng"},
        {"lost", "thiết bị bị mất"},
        {"other", "lý do khác"},
    };
    for (size_t i = 0; i < sizeof(phrases) / sizeof(*phrases); i++)
        if (strcmp(reason, phrases[i].code) == 0)
            return phrases[i].phrase;
    return reason;
}

/* The placeholder title earlier programs set (schema.c's default). */
#define OLD_TITLE_PLACEHOLDER "Cán bộ bàn giao"

/* The person a successor's phone was taken back from, why and on what decision. */
static int doc_predecessor(struct db *db, long long id, struct receipt_doc *d, struct error *err)
{
    struct handover before;
    int rc = handover_store_get(db, id, &before, err);
    if (rc)
        return rc;
    d->predecessor = dup_or_empty(before.person_name);
    d->predecessor_reason =
        before.return_reason ? xstrdup(reason_phrase(before.return_reason)) : xstrdup("");
    d->predecessor_decision = dup_or_empty(before.return_decision);
    handover_release(&before);
    return 0;
}

/* A receipt as the rows say now. */
static int doc_build(struct app *app, long long id, struct receipt_doc *d, struct error *err)
{
    struct db *db = app->db;
    struct handover h;
    struct person p;
    struct device dv;
    struct earlier e = {id, 0};
    int rc;

    memset(d, 0, sizeof(*d));
    if ((rc = handover_store_get(db, id, &h, err)) != 0)
        return rc;
    if ((rc = person_store_get(db, h.person_id, &p, err)) != 0) {
        handover_release(&h);
        return rc;
    }
    if ((rc = device_store_get(db, h.device_id, &dv, err)) != 0) {
        person_release(&p);
        handover_release(&h);
        return rc;
    }
    /* the office as it was on the receipt's date: a receipt of 2024 was
     * issued by the BAN DÂN TỘC of UBND TỈNH BẮC KẠN */
    if ((rc = doc_setting(db, "parent_body", h.handed_on, &d->parent_body, err)) != 0 ||
        (rc = doc_setting(db, "office_name", h.handed_on, &d->office, err)) != 0 ||
        (rc = doc_setting(db, "officer_title", NULL, &d->giver.position, err)) != 0)
        goto done;
    /* the office's place in the date line, where it was handed over in the body */
    if ((rc = doc_setting(db, "place_name", h.handed_on, &d->place, err)) != 0)
        goto done;
    d->venue = dup_or_empty(h.place);
    if (strcmp(d->giver.position, OLD_TITLE_PLACEHOLDER) == 0) {
        /* what an earlier program set as a title, which is no position */
        free((char *)d->giver.position);
        d->giver.position = xstrdup("");
    }
    if (h.officer && *h.officer)
        d->giver.name = xstrdup(h.officer);
    else if ((rc = doc_setting(db, "officer_name", NULL, &d->giver.name, err)) != 0)
        goto done;
    d->number = xstrdup(h.receipt_no);
    d->date = xstrdup(h.handed_on);
    d->note = dup_or_empty(h.note);
    d->corrected_on = dup_or_empty(h.corrected_on);
    d->giver.office = xstrdup("");
    d->receiver.name = xstrdup(p.full_name);
    d->receiver.gender = xstrdup(p.gender == 'F' ? "Nữ" : "Nam");
    d->receiver.birth_year = p.birth_year ? xasprintf("%d", p.birth_year) : xstrdup("");
    d->receiver.ethnic = dup_or_empty(p.ethnic);
    if ((rc = unit_phrase(db, p.village_id, NULL, (char **)&d->receiver.village, err)) != 0)
        goto done;
    /* the address valid on the receipt's date: "xã Bộc Bố, huyện Pác Nặm"
     * before 1 July 2025, "xã Bằng Thành, tỉnh Thái Nguyên" from then on */
    rc = unit_app_address(app, p.commune_id, h.handed_on, (char **)&d->receiver.commune,
                          (char **)&d->receiver.district, err);
    if (rc) {
        error_prefix(err, _("receipt %s: the address of person %lld on %s"), h.receipt_no, p.id,
                     h.handed_on);
        goto done;
    }
    d->receiver.cccd = dup_or_empty(p.id_number);
    d->receiver.phone = dup_or_empty(p.phone);
    d->device.model = dup_or_empty(dv.model);
    d->device.imei1 = dup_or_empty(dv.imei);
    d->device.imei2 = dup_or_empty(dv.imei2);
    d->device.accessories = xstrdup(ACCESSORIES);
    rc = handover_store_each(db, 0, dv.id, count_earlier, &e, err);
    d->device.condition = xstrdup(e.found ? CONDITION_USED : CONDITION_NEW);
    if (rc == 0 && h.round_id) {
        struct round r;
        if ((rc = round_store_get(db, h.round_id, &r, err)) == 0) {
            d->round_name = xstrdup(r.name);
            d->funding_note = dup_or_empty(r.funding);
            d->decision = decision_cited(r.decision, r.decision_date);
            round_release(&r);
        }
    }
    if (rc == 0 && h.predecessor_id)
        rc = doc_predecessor(db, h.predecessor_id, d, err);
done:
    for (size_t i = 0; i < NFIELDS; i++)
        if (!*slot(d, i))
            *slot(d, i) = xstrdup("");
    device_release(&dv);
    person_release(&p);
    handover_release(&h);
    if (rc)
        doc_release(d);
    return rc;
}

/* What a return record says became of the device, and its state then. */
static void return_outcome(const char *reason, struct receipt_doc *d)
{
    switch (return_reason_back_to(return_reason_parse(reason))) {
    case DEVICE_REPAIR:
        d->device.condition = xstrdup("Bị hỏng");
        d->outcome = xstrdup("Bên A đã nhận lại thiết bị nêu trên và chuyển đi sửa chữa, bảo "
                             "hành; Bên B không còn trách nhiệm quản lý, sử dụng thiết bị kể từ "
                             "ngày ký biên bản này.");
        break;
    case DEVICE_LOST:
        d->device.condition = xstrdup("Bị mất, không thu hồi được");
        d->outcome = xstrdup("Thiết bị bị mất, không thu hồi được; Bên A ghi nhận việc mất "
                             "thiết bị để xử lý theo quy định; Bên B không còn trách nhiệm quản "
                             "lý thiết bị kể từ ngày ký biên bản này.");
        break;
    default:
        d->device.condition = xstrdup("Hoạt động bình thường");
        d->outcome = xstrdup("Bên A đã nhận lại đủ thiết bị nêu trên và nhập lại kho; Bên B "
                             "không còn trách nhiệm quản lý, sử dụng thiết bị kể từ ngày ký "
                             "biên bản này.");
        break;
    }
}

/* Replace the string in *slot by v (a new string). */
static void doc_set(const char **slot, char *v)
{
    free((char *)*slot);
    *slot = v;
}

/* A return record as the rows say now: the receipt's parties and device,
 * with the return's number, date, decision, reason and outcome, the office
 * and its officer as they were on the day of the return. */
static int doc_build_return(struct app *app, long long id, struct receipt_doc *d, struct error *err)
{
    struct db *db = app->db;
    struct handover h;
    char shown[11];
    int rc = doc_build(app, id, d, err);

    if (rc)
        return rc;
    if ((rc = handover_store_get(db, id, &h, err)) != 0) {
        doc_release(d);
        return rc;
    }
    if (!h.return_no) {
        rc = error_set_field(err, ERR_NOT_FOUND, "receipt", _("handover %lld has no return record"),
                             id);
        goto done;
    }
    d->is_return = 1;
    doc_set(&d->handover_receipt,
            xasprintf("%s ngày %s", h.receipt_no, date_display(h.handed_on, shown)));
    doc_set(&d->number, xstrdup(h.return_no));
    doc_set(&d->date, xstrdup(h.returned_on));
    /* where it was taken back (schema step 18); the office's place when
     * not given */
    doc_set(&d->venue, xstrdup(h.return_place ? h.return_place : ""));
    doc_set(&d->decision, xstrdup(h.return_decision ? h.return_decision : ""));
    doc_set(&d->note, xstrdup(h.return_note ? h.return_note : ""));
    doc_set(&d->return_reason, xstrdup(reason_phrase(h.return_reason)));
    doc_set(&d->corrected_on, xstrdup(""));
    doc_set(&d->round_name, xstrdup(""));
    doc_set(&d->funding_note, xstrdup(""));
    doc_set(&d->predecessor, xstrdup(""));
    doc_set(&d->predecessor_reason, xstrdup(""));
    doc_set(&d->predecessor_decision, xstrdup(""));
    free((char *)d->device.condition);
    free((char *)d->outcome);
    return_outcome(h.return_reason, d);
    free((char *)d->parent_body);
    free((char *)d->office);
    free((char *)d->place);
    free((char *)d->giver.name);
    d->parent_body = d->office = d->place = d->giver.name = NULL;
    if ((rc = doc_setting(db, "parent_body", h.returned_on, &d->parent_body, err)) != 0 ||
        (rc = doc_setting(db, "office_name", h.returned_on, &d->office, err)) != 0 ||
        (rc = doc_setting(db, "place_name", h.returned_on, &d->place, err)) != 0 ||
        (rc = doc_setting(db, "officer_name", NULL, &d->giver.name, err)) != 0)
        goto done;
    /* the address on the day of the return */
    free((char *)d->receiver.commune);
    free((char *)d->receiver.district);
    d->receiver.commune = d->receiver.district = NULL;
    struct person p;
    if ((rc = person_store_get(db, h.person_id, &p, err)) == 0) {
        rc = unit_app_address(app, p.commune_id, h.returned_on, (char **)&d->receiver.commune,
                              (char **)&d->receiver.district, err);
        person_release(&p);
    }
done:
    for (size_t i = 0; i < NFIELDS; i++)
        if (!*slot(d, i))
            *slot(d, i) = xstrdup("");
    handover_release(&h);
    if (rc)
        doc_release(d);
    return rc;
}

int receipt_app_find(struct app *app, const char *arg_in, long long *handover_id, struct error *err)
{
    struct handover h;
    char *arg = NULL;
    int rc;

    *handover_id = 0;
    if ((rc = text_clean_required(arg_in, _("receipt number"), 200, &arg, err)) != 0)
        return error_field(err, "receipt", rc);
    /* a receipt's QR code, scanned: "NUMBER #1234:a1b2c3d4e5f6" — the
     * paper's anchor must still be in the log */
    char *hashmark = strstr(arg, " #");
    if (hashmark) {
        long long seq, id;
        char want[HASH_HEX_LEN + 1], have[HASH_HEX_LEN + 1];
        if (seal_anchor_parse(hashmark + 2, &seq, want) == 0) {
            int r = audit_store_head(app->db, seq, &id, have, err);
            if (r < 0) {
                free(arg);
                return r;
            }
            if (r == 0 || strncmp(have, want, strlen(want)) != 0) {
                /* the check of the log against the anchor: the command
                 * line names it (the hint "anchor") */
                rc = error_set_field(err, ERR_CORRUPT, "receipt",
                                     _("the paper's anchor %s is not in the register's log: the "
                                       "log was cut or rewritten since it was printed"),
                                     hashmark + 2);
                error_hint(err, "anchor", rc);
                free(arg);
                return rc;
            }
            *hashmark = '\0';
        }
    }
    int digits = strlen(arg) < 19;
    for (const char *p = arg; digits && *p; p++)
        digits = *p >= '0' && *p <= '9';
    if (digits && handover_store_get(app->db, strtoll(arg, NULL, 10), &h, NULL) == 0)
        *handover_id = h.id;
    else if (handover_store_get_by_receipt(app->db, arg, &h, NULL) == 0)
        *handover_id = h.id;
    else if (handover_store_get_by_return(app->db, arg, &h, NULL) == 0)
        *handover_id = -h.id; /* its return record */
    if (*handover_id) {
        handover_release(&h);
        free(arg);
        return 0;
    }
    error_set_field(err, ERR_NOT_FOUND, "receipt", _("no handover with id or receipt number '%s'"),
                    error_quote(arg));
    rc = db_not_seen(app->db, err);
    free(arg);
    return rc;
}

struct id_list {
    long long *v;
    size_t n, alloc;
};

static int collect_id(const struct handover *h, void *arg)
{
    struct id_list *l = arg;
    if (l->n == l->alloc) {
        l->alloc = l->alloc ? l->alloc * 2 : 32;
        l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
    }
    l->v[l->n++] = h->id;
    return 0;
}

int receipt_app_commune(struct app *app, long long commune_id, long long **ids, size_t *n,
                        struct error *err)
{
    struct id_list l = {NULL, 0, 0};
    int rc = handover_store_each_open(app->db, commune_id, 0, collect_id, &l, err);

    if (rc == 0 && l.n == 0) {
        error_set_field(err, ERR_NOT_FOUND, "commune",
                        _("no one in that commune holds a device: no receipts"));
        rc = db_not_seen(app->db, err);
    }
    if (rc != 0) {
        free(l.v);
        return rc;
    }
    *ids = l.v;
    *n = l.n;
    return 0;
}

/* "bien-ban-01-BB-BDT" for a receipt number, or "" when the handover has none. */
static char *number_slug(struct app *app, long long id)
{
    struct handover h;
    char *slug;

    if (handover_store_get(app->db, id < 0 ? -id : id, &h, NULL) != 0)
        return xstrdup("");
    slug = text_slug(id < 0 ? (h.return_no ? h.return_no : "") : h.receipt_no, 1);
    handover_release(&h);
    return slug;
}

char *receipt_app_default_path(struct app *app, const long long *ids, size_t n,
                               long long commune_id, int preview, struct error *err)
{
    char *folder = app_register_folder(db_path(app->db));
    char *dir = strcmp(folder, ".") == 0
                    ? xstrdup("receipts")
                    : xasprintf("%s/receipts", strcmp(folder, "/") ? folder : "");
    free(folder);
    struct strbuf stem = STRBUF_INIT;
    char today[11], *path = NULL;
    size_t printed = 0;
    struct stat st;

    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        error_set(err, ERR_IO, _("cannot create folder '%s' for the receipts: %s"),
                  error_quote(dir), strerror(errno));
        free(dir);
        return NULL;
    }
    strbuf_addstr(&stem, "bien-ban");
    if (commune_id) {
        /* a name only: the commune unread, the file is named without it */
        char *phrase, *slug;
        if (unit_phrase(app->db, commune_id, NULL, &phrase, NULL) != 0)
            phrase = xstrdup("");
        slug = text_slug(phrase, 0);
        date_today(today);
        strbuf_addf(&stem, "-%s-%s", slug, today);
        free(slug);
        free(phrase);
    } else if (n > 0) {
        char *first = number_slug(app, ids[0]);
        strbuf_addf(&stem, "-%s", *first ? first : "x");
        if (n > 1) {
            char *last = number_slug(app, ids[n - 1]);
            strbuf_addf(&stem, "-den-%s", *last ? last : "x");
            free(last);
        }
        free(first);
    }
    /* reprints only: named as the copies they are */
    for (size_t i = 0; i < n; i++)
        printed += (ids[i] < 0 ? return_print_count(app->db, -ids[i], NULL)
                               : receipt_print_count(app->db, ids[i], NULL)) > 0;
    if (preview)
        strbuf_addstr(&stem, "-xem-truoc");
    else if (n && printed == n)
        strbuf_addstr(&stem, "-ban-sao");
    /* never an existing file: the original stays as it was printed */
    for (int k = 1; !path || lstat(path, &st) == 0; k++) {
        free(path);
        path = k == 1 ? xasprintf("%s/%s.pdf", dir, stem.buf)
                      : xasprintf("%s/%s-%d.pdf", dir, stem.buf, k);
    }
    strbuf_release(&stem);
    free(dir);
    return path;
}

/* The audit entry of one print: the receipt's kept data and its count of
 * prints as they are now (a reprint counts one more). */
static int audit_print(struct app *app, long long id, int copy, const char *before,
                       struct error *err)
{
    if (id < 0)
        return app_audit_record(app, copy ? "return.reprint" : "return.print", "return_print", -id,
                                before, err);
    return app_audit_record(app, copy ? "receipt.reprint" : "receipt.print", "receipt_print", id,
                            before, err);
}

/* The kept data of document ref (a handover's id, or the negative of it
 * for its return record), as the three calls of receipt_app_write use it. */
static int kept_get(struct app *app, long long ref, char **data, struct error *err)
{
    return ref < 0 ? return_print_get(app->db, -ref, data, err)
                   : receipt_print_get(app->db, ref, data, err);
}

static int kept_put(struct app *app, long long ref, const char *data, const char *now,
                    struct error *err)
{
    return ref < 0 ? return_print_put(app->db, -ref, data, now, err)
                   : receipt_print_put(app->db, ref, data, now, err);
}

static int doc_make(struct app *app, long long ref, struct receipt_doc *d, struct error *err)
{
    return ref < 0 ? doc_build_return(app, -ref, d, err) : doc_build(app, ref, d, err);
}

static int doc_kept(const char *data, long long ref, struct receipt_doc *d, struct error *err)
{
    int rc = doc_parse(data, ref < 0 ? -ref : ref, d, err);
    d->is_return = ref < 0;
    return rc;
}

int receipt_app_originals(struct app *app, int *n, struct error *err)
{
    char *v = NULL;
    int rc = setting_get(app->db, "receipt_copies", "2", &v, err);
    *n = 2;
    if (rc == 0 && v && atoi(v) >= 1 && atoi(v) <= 9)
        *n = atoi(v);
    free(v);
    return rc;
}

/* The paper receipts are laid out and printed on (setting paper_size; a
 * value the setting's check would refuse, written behind capphat: A4). */
static int receipt_paper(struct app *app, enum paper *p, struct error *err)
{
    char *v = NULL;
    int rc = setting_get(app->db, "paper_size", "", &v, err);
    if (rc != 0 || paper_parse(v, p) != 0)
        *p = PAPER_A4;
    free(v);
    return rc;
}

/* Each id of ids_in once, in the order given: a new array, *n long. */
static long long *each_once(const long long *ids_in, size_t n_in, size_t *n)
{
    long long *ids = xcalloc(n_in, sizeof(*ids));

    *n = 0;
    for (size_t i = 0; i < n_in; i++) {
        size_t k = 0;
        while (k < *n && ids[k] != ids_in[i])
            k++;
        if (k == *n)
            ids[(*n)++] = ids_in[i];
    }
    return ids;
}

/* The paper of handover id (a return record when negative) for a preview:
 * as it would print, marked; nothing kept, the look in the log. */
static int doc_preview(struct app *app, long long id, int originals, struct receipt_doc *doc,
                       struct error *err)
{
    char *data = NULL;
    int rc = kept_get(app, id, &data, err);

    if (rc == 0)
        rc = data ? doc_kept(data, id, doc, err) : doc_make(app, id, doc, err);
    doc->is_preview = 1;
    doc->originals = originals;
    if (rc == 0)
        rc = app_audit(app, id < 0 ? "return.preview" : "receipt.preview", "privacy",
                       id < 0 ? -id : id, NULL, NULL, err);
    free(data);
    return rc;
}

/* The paper of handover id (a return record when negative) to keep: a copy
 * of what was kept at its first print, else made now, with anchor (where
 * the log stands), and kept; the print logged. */
static int doc_record(struct app *app, long long id, int originals, const char *anchor,
                      const char *now, struct receipt_doc *doc, struct error *err)
{
    const char *kept = id < 0 ? "return_print" : "receipt_print";
    char *data = NULL, *before = NULL;
    int rc = kept_get(app, id, &data, err);

    if (rc == 0 && data) {
        rc = doc_kept(data, id, doc, err);
        doc->is_copy = 1;
    } else if (rc == 0) {
        rc = doc_make(app, id, doc, err);
        if (rc == 0) {
            free((char *)doc->anchor);
            doc->anchor = xstrdup(anchor);
            data = doc_serialise(doc);
        }
    }
    /* the kept data as they were: none before the first print */
    if (rc == 0 &&
        (rc = audit_store_image(app->db, kept, id < 0 ? -id : id, &before, err)) == ERR_NOT_FOUND) {
        error_clear(err);
        rc = 0;
    }
    doc->originals = originals;
    if (rc == 0)
        rc = kept_put(app, id, data, now, err);
    if (rc == 0)
        rc = audit_print(app, id, doc->is_copy, before, err);
    free(before);
    free(data);
    return rc;
}

/* Print the PDF being written (of) on out->printer: the originals, as
 * many as the receipt says it is made in, or one when every paper is a
 * copy. A print the printer did not take is no print. */
static int print_docs(struct outfile *of, struct receipt_app_out *out,
                      const struct receipt_doc *docs, size_t n, int originals, struct error *err)
{
    char *title = n == 1 ? xasprintf("Biên bản %s", docs[0].number) : NULL;
    int all_copies = 1;

    for (size_t i = 0; i < n; i++)
        all_copies &= docs[i].is_copy;
    int rc = print_file(outfile_open_path(of), out->printer, title ? title : of->base,
                        all_copies ? 1 : originals, paper_name(docs[0].paper), &out->job, err);
    free(title);
    if (rc == 0)
        out->printed = 1;
    else
        error_prefix(err, "%s", _("nothing was printed or recorded"));
    return rc;
}

int receipt_app_write(struct app *app, const long long *ids_in, size_t n_in,
                      struct receipt_app_out *out, struct receipt_app_result *res,
                      struct error *err)
{
    struct receipt_doc *docs;
    struct outfile of = {0};
    long long *ids;
    size_t n = 0;
    char now[21];
    int rc = 0, opened = 0;

    if (res)
        memset(res, 0, sizeof(*res));
    out->job = 0;
    out->printed = 0;
    if (n_in == 0)
        return error_set(err, ERR_INVALID, _("no receipts to write"));
    ids = each_once(ids_in, n_in, &n);
    docs = xcalloc(n, sizeof(*docs));
    date_now_utc(now);
    /* a path that cannot be written is refused before anything is recorded */
    if ((rc = outfile_open(&of, out->path, ".pdf", out->force ? OUTFILE_FORCE : 0, err)) != 0)
        goto out;
    opened = 1;
    if ((rc = db_begin(app->db, err)) != 0)
        goto out;
    /* where the log stands as this paper is printed: kept with it, printed
     * on it, and the same on every reprint */
    char anchor[40];
    seal_app_anchor(app, anchor);
    int preview = !out->print && !out->final;
    int originals = 2;
    enum paper paper = PAPER_A4;
    if ((rc = receipt_app_originals(app, &originals, err)) != 0 ||
        (rc = receipt_paper(app, &paper, err)) != 0)
        goto out;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = preview ? doc_preview(app, ids[i], originals, &docs[i], err)
                     : doc_record(app, ids[i], originals, anchor, now, &docs[i], err);
        docs[i].paper = paper;
    }
    if (rc == 0)
        rc = receipt_pdf_render(&of, docs, n, err);
    if (rc == 0 && out->print)
        rc = print_docs(&of, out, docs, n, originals, err);
    if (rc == 0) {
        rc = outfile_commit(&of, err);
        opened = 0;
        if (rc != 0 && out->printed) {
            /* the paper exists: its print is recorded whatever became of the file */
            error_prefix(err, "%s", _("the receipts were printed, but their PDF was not saved"));
            int rc2 = db_end(app->db, 1, NULL);
            (void)rc2;
            goto out;
        }
    }
    {
        int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
        if (rc == 0 && rc2 != 0) {
            error_prefix(err, _("'%s' was written but the print was not recorded"),
                         error_quote(out->path));
            rc = rc2;
        }
    }
    if (rc == 0)
        seal_app_flush(app, SEAL_NOW, NULL); /* the head, sealed as the paper is made */
    if (rc == 0 && res) {
        res->pages = n;
        res->preview = preview;
        for (size_t i = 0; i < n; i++)
            res->copies += docs[i].is_copy != 0;
    }
out:
    if (opened)
        outfile_abort(&of);
    for (size_t i = 0; i < n; i++)
        doc_release(&docs[i]);
    free(docs);
    free(ids);
    return rc;
}
