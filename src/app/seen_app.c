/* seen_app: stale screens never write; see include/app/seen_app.h. */
#include "app/seen_app.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "store/audit_store.h"
#include "store/device_store.h"
#include "store/handover_store.h"
#include "store/person_store.h"

static const char *const entities[] = {"person", "device", "handover"};

/* The words an operator knows for the keys of the audit images. */
static const struct {
    const char *key;
    const char *label;
} labels[] = {
    {"full_name", N_("name")},
    {"gender", N_("gender")},
    {"birth_year", N_("birth year")},
    {"ethnic_id", N_("ethnic group")},
    {"commune_id", N_("commune")},
    {"village_id", N_("village")},
    {"id_number", N_("citizen ID")},
    {"phone", N_("phone")},
    {"role", N_("role")},
    {"decision", N_("decision")},
    {"note", N_("note")},
    {"active", N_("active")},
    {"imei2", N_("IMEI 2")},
    {"model", N_("model")},
    {"serial", N_("serial")},
    {"supplier", N_("supplier")},
    {"contract", N_("contract")},
    {"delivered_on", N_("delivery date")},
    {"price", N_("price")},
    {"warranty_until", N_("warranty")},
    {"status", N_("status")},
    {"round_id", N_("round")},
    {"person_id", N_("holder")},
    {"handed_on", N_("handover date")},
    {"place", N_("place")},
    {"officer", N_("officer")},
    {"returned_on", N_("return")},
    {"return_reason", N_("return reason")},
    {"signed_on", N_("signed paper")},
    {"archive_ref", N_("archive reference")},
};

/* The record's audit image into *out: 0, ERR_NOT_FOUND or a database error. */
static int snapshot_of(struct app *app, enum seen_kind kind, long long id, char **out,
                       struct error *err)
{
    switch (kind) {
    case SEEN_PERSON:
        return person_store_snapshot(app->db, id, out, err);
    case SEEN_DEVICE:
        return device_store_snapshot(app->db, id, out, err);
    default:
        return handover_store_snapshot(app->db, id, out, err);
    }
}

int app_seen_take(struct app *app, enum seen_kind kind, long long id, struct app_seen *seen,
                  struct error *err)
{
    int rc = 0;

    memset(seen, 0, sizeof(*seen));
    seen->kind = kind;
    seen->id = id;
    if (kind == SEEN_PERSON) {
        struct person p;
        if ((rc = person_store_get(app->db, id, &p, err)) == 0) {
            seen->version = p.version;
            person_release(&p);
        }
    } else if (kind == SEEN_DEVICE) {
        struct device d;
        if ((rc = device_store_get(app->db, id, &d, err)) == 0) {
            seen->version = d.version;
            device_release(&d);
        }
    } else {
        struct handover h;
        if ((rc = handover_store_get(app->db, id, &h, err)) == 0) {
            seen->version = h.version;
            handover_release(&h);
        }
    }
    if (rc == 0)
        rc = snapshot_of(app, kind, id, &seen->snapshot, err);
    return rc;
}

void app_seen_release(struct app_seen *seen)
{
    free(seen->snapshot);
    memset(seen, 0, sizeof(*seen));
}

int app_seen_check(struct app *app, const struct app_seen *seen, long long version_now,
                   struct error *err)
{
    struct strbuf what = STRBUF_INIT;
    struct audit_entry e;
    char *now, *keys;
    int rc;

    if (!seen || !seen->id || seen->version == version_now)
        return 0;
    /* gone since: every field it had changed */
    rc = snapshot_of(app, seen->kind, seen->id, &now, err);
    if (rc == ERR_NOT_FOUND)
        error_clear(err);
    else if (rc)
        return rc;
    if ((rc = audit_store_changed_keys(app->db, seen->snapshot, now, &keys, err)) != 0) {
        free(now);
        return rc;
    }
    for (char *k = strtok(keys, ", "); k; k = strtok(NULL, ", ")) {
        const char *label = k;
        for (size_t i = 0; i < sizeof(labels) / sizeof(*labels); i++)
            if (strcmp(labels[i].key, k) == 0)
                label = _(labels[i].label);
        strbuf_addf(&what, "%s%s", what.len ? ", " : "", label);
    }
    if (audit_store_last_for(app->db, entities[seen->kind], seen->id, &e, NULL) == 1) {
        char when[11];
        /* "2026-12-02T08:30:00Z" -> "02/12/2026 08:30 UTC" */
        rc = error_set(err, ERR_STALE,
                       _("%s %lld was changed by %s on %s at %.5s UTC while it was on your "
                         "screen (%s): nothing was saved; what is stored now is shown — make "
                         "your change again"),
                       _(entities[seen->kind]), seen->id, e.operator_name, date_display(e.at, when),
                       e.at + 11, what.len ? what.buf : _("no field you see"));
        audit_entry_release(&e);
    } else {
        rc = error_set(err, ERR_STALE,
                       _("%s %lld was changed while it was on your screen (%s): nothing was "
                         "saved; what is stored now is shown — make your change again"),
                       _(entities[seen->kind]), seen->id,
                       what.len ? what.buf : _("no field you see"));
    }
    strbuf_release(&what);
    free(keys);
    free(now);
    return rc;
}
