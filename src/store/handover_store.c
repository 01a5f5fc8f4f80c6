/* handover_store: handovers, returns and receipts; see include/store/handover_store.h. */
#include "store/handover_store.h"
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/xalloc.h"

void handover_release(struct handover *h)
{
    record_release(&handover_kind, h, sizeof(*h));
}

/* "SELECT <the handover's columns> FROM ... <suffix>" (suffix: a literal) */
#define HANDOVER_SELECT(suffix) record_select(&handover_kind, suffix)

static void handover_from_row(struct stmt *st, struct handover *h)
{
    memset(h, 0, sizeof(*h));
    record_from_row(&handover_kind, st, h);
}

int handover_store_next_seq(struct db *db, int year, long long *seq, struct error *err)
{
    /* the new value in the same statement (one round trip on a server) */
    struct stmt *st = db_stmt(
        db, "INSERT INTO receipt_counter(year, last) VALUES (?, 1) "
            "ON CONFLICT (year) DO UPDATE SET last = receipt_counter.last + 1 RETURNING last");
    stmt_bind_int(st, 1, year);
    int rc = stmt_step(db, st, err);
    *seq = rc == 1 ? stmt_int(st, 0) : 0;
    if (rc == 1)
        rc = stmt_step(db, st, err); /* to its end: the row is written */
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

int handover_store_next_return_seq(struct db *db, int year, long long *seq, struct error *err)
{
    /* the new value in the same statement (one round trip on a server) */
    struct stmt *st = db_stmt(
        db, "INSERT INTO return_counter(year, last) VALUES (?, 1) "
            "ON CONFLICT (year) DO UPDATE SET last = return_counter.last + 1 RETURNING last");
    stmt_bind_int(st, 1, year);
    int rc = stmt_step(db, st, err);
    *seq = rc == 1 ? stmt_int(st, 0) : 0;
    if (rc == 1)
        rc = stmt_step(db, st, err); /* to its end: the row is written */
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

int handover_store_insert(struct db *db, const struct handover *h, long long *id, struct error *err)
{
    struct stmt *st = db_stmt(db, record_insert_sql(db, &handover_kind, NULL, NULL));
    record_bind(&handover_kind, st, h);
    return stmt_insert(db, st, id, err);
}

int handover_store_update(struct db *db, const struct handover *h, struct error *err)
{
    /* the bare "?" is the parameter after the fields' */
    struct stmt *st =
        db_stmt(db, record_update_sql(&handover_kind, "version = version + 1 WHERE id = ?"));
    int n = record_bind(&handover_kind, st, h);
    stmt_bind_int(st, n + 1, h->id);
    return stmt_exec(db, st, err);
}

int handover_store_get(struct db *db, long long id, struct handover *out, struct error *err)
{
    struct stmt *st = db_stmt(db, HANDOVER_SELECT("WHERE h.id = ?"));
    memset(out, 0, sizeof(*out));
    stmt_bind_int(st, 1, id);
    int rc = stmt_step(db, st, err);
    if (rc == 1)
        handover_from_row(st, out);
    stmt_done(st);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("handover: no handover with id %lld"), id);
    return rc < 0 ? rc : 0;
}

int handover_store_get_by_receipt(struct db *db, const char *receipt_no, struct handover *out,
                                  struct error *err)
{
    struct stmt *st = db_stmt(db, HANDOVER_SELECT("WHERE h.receipt_no = ?"));
    memset(out, 0, sizeof(*out));
    stmt_bind_text(st, 1, receipt_no);
    int rc = stmt_step(db, st, err);
    if (rc == 1)
        handover_from_row(st, out);
    stmt_done(st);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("receipt: no receipt numbered '%s'"),
                         error_quote(receipt_no));
    return rc < 0 ? rc : 0;
}

int handover_store_get_by_return(struct db *db, const char *return_no, struct handover *out,
                                 struct error *err)
{
    struct stmt *st = db_stmt(db, HANDOVER_SELECT("WHERE h.return_no = ?"));
    memset(out, 0, sizeof(*out));
    stmt_bind_text(st, 1, return_no);
    int rc = stmt_step(db, st, err);
    if (rc == 1)
        handover_from_row(st, out);
    stmt_done(st);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("return: no return record numbered '%s'"),
                         error_quote(return_no));
    return rc < 0 ? rc : 0;
}

int handover_store_custody_overlap(struct db *db, long long device_id, long long person_id,
                                   long long round_id, const char *from, struct handover *out,
                                   struct error *err)
{
    /* custody periods are [handed_on, returned_on): a device returned in the
     * morning may be handed on the same day; an open one runs on for ever */
    struct stmt *st =
        db_stmt(db, HANDOVER_SELECT("WHERE ((?1 <> 0 AND h.device_id = ?1) OR (?2 <> 0 AND "
                                    "h.person_id = ?2 AND COALESCE(h.round_id, 0) = ?3)) AND "
                                    "COALESCE(h.returned_on, '9999-12-31') > ?4 ORDER BY "
                                    "h.device_id <> ?1, h.handed_on DESC LIMIT 1"));
    int rc;

    memset(out, 0, sizeof(*out));
    stmt_bind_int(st, 1, device_id);
    stmt_bind_int(st, 2, person_id);
    stmt_bind_int(st, 3, round_id);
    stmt_bind_text(st, 4, from);
    rc = stmt_step(db, st, err);
    if (rc == 1)
        handover_from_row(st, out);
    stmt_done(st);
    return rc;
}

/* The id in the first row of st into *id; the caller names what a missing
 * row means (0 and 1 as from stmt_step, or a negative ERR_*). */
static int one_id(struct db *db, struct stmt *st, long long *id, struct error *err)
{
    int rc = stmt_step(db, st, err);
    *id = rc == 1 ? stmt_int(st, 0) : 0;
    stmt_done(st);
    return rc;
}

int handover_store_open_for_device(struct db *db, long long device_id, long long *id,
                                   struct error *err)
{
    struct stmt *st =
        db_stmt(db, "SELECT id FROM handover WHERE device_id = ? AND returned_on IS NULL");
    stmt_bind_int(st, 1, device_id);
    int rc = one_id(db, st, id, err);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("device %lld has no open handover"), device_id);
    return rc < 0 ? rc : 0;
}

int handover_store_open_for_person(struct db *db, long long person_id, long long round_id,
                                   long long *id, struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT id FROM handover WHERE person_id = ? AND "
                                  "COALESCE(round_id, 0) = ? AND returned_on IS NULL");
    stmt_bind_int(st, 1, person_id);
    stmt_bind_int(st, 2, round_id);
    int rc = one_id(db, st, id, err);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("person %lld has no open handover in this round"),
                         person_id);
    return rc < 0 ? rc : 0;
}

int handover_store_open_any_for_person(struct db *db, long long person_id, long long *id,
                                       struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT id FROM handover WHERE person_id = ? AND "
                                  "returned_on IS NULL ORDER BY id DESC LIMIT 1");
    stmt_bind_int(st, 1, person_id);
    int rc = one_id(db, st, id, err);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("person %lld has no open handover"), person_id);
    return rc < 0 ? rc : 0;
}

int handover_store_close(struct db *db, long long id, const char *returned_on, const char *reason,
                         const char *decision, const char *place, const char *note,
                         struct error *err)
{
    struct stmt *st = db_stmt(db, "UPDATE handover SET returned_on = ?, return_reason = ?, "
                                  "return_decision = ?, return_place = ?, return_note = ?, "
                                  "version = version + 1 WHERE id = ? AND returned_on IS NULL");
    stmt_bind_text(st, 1, returned_on);
    stmt_bind_text(st, 2, reason);
    stmt_bind_text_or_null(st, 3, decision);
    stmt_bind_text_or_null(st, 4, place);
    stmt_bind_text_or_null(st, 5, note);
    stmt_bind_int(st, 6, id);
    return stmt_exec(db, st, err);
}

int handover_store_set_return_no(struct db *db, long long id, const char *return_no,
                                 struct error *err)
{
    struct stmt *st = db_stmt(db, "UPDATE handover SET return_no = ?, version = version + 1 "
                                  "WHERE id = ? AND returned_on IS NOT NULL");
    stmt_bind_text(st, 1, return_no);
    stmt_bind_int(st, 2, id);
    return stmt_exec(db, st, err);
}

int handover_store_unnumbered_returns(struct db *db, long long **ids, size_t *n, struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT id FROM handover WHERE returned_on IS NOT NULL AND "
                                  "return_no IS NULL ORDER BY returned_on, id");
    size_t alloc = 0;
    int rc;

    *ids = NULL;
    *n = 0;
    while ((rc = stmt_step(db, st, err)) == 1) {
        if (*n == alloc) {
            alloc = alloc ? alloc * 2 : 64;
            *ids = xrealloc(*ids, alloc * sizeof(**ids));
        }
        (*ids)[(*n)++] = stmt_int(st, 0);
    }
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

int handover_store_mark_return_signed(struct db *db, long long id, const char *signed_on,
                                      const char *archive_ref, struct error *err)
{
    struct stmt *st =
        db_stmt(db, "UPDATE handover SET return_signed_on = ?, return_archive_ref = "
                    "COALESCE(?, return_archive_ref), version = version + 1 WHERE id = ?");
    stmt_bind_text(st, 1, signed_on);
    stmt_bind_text_or_null(st, 2, archive_ref);
    stmt_bind_int(st, 3, id);
    return stmt_exec(db, st, err);
}

int handover_store_mark_signed(struct db *db, long long id, const char *signed_on,
                               const char *archive_ref, struct error *err)
{
    struct stmt *st = db_stmt(db, "UPDATE handover SET signed_on = ?, archive_ref = "
                                  "COALESCE(?, archive_ref), version = version + 1 WHERE id = ?");
    stmt_bind_text(st, 1, signed_on);
    stmt_bind_text_or_null(st, 2, archive_ref);
    stmt_bind_int(st, 3, id);
    return stmt_exec(db, st, err);
}

int handover_store_snapshot(struct db *db, long long id, char **out, struct error *err)
{
    struct stmt *st = db_stmt(db, record_snapshot_sql(&handover_kind));
    stmt_bind_int(st, 1, id);
    int rc = stmt_step(db, st, err);
    *out = rc == 1 ? stmt_text_dup(st, 0) : NULL;
    stmt_done(st);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("handover: no handover with id %lld"), id);
    return rc < 0 ? rc : 0;
}

static int run_each(struct db *db, struct stmt *st, handover_fn fn, void *arg, struct error *err)
{
    int rc, stop = 0;
    while ((rc = stmt_step(db, st, err)) == 1) {
        struct handover h;
        handover_from_row(st, &h);
        stop = fn(&h, arg);
        handover_release(&h);
        if (stop)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}

int handover_store_each(struct db *db, long long person_id, long long device_id, handover_fn fn,
                        void *arg, struct error *err)
{
    /* one statement per filter: "?1 = 0 OR h.person_id = ?1" cannot use an
     * index, and a scan of every handover per receipt grew with the data */
    static const char *const suffix[] = {
        "WHERE (?1 = 0 OR h.person_id = ?1) AND (?2 = 0 OR h.device_id = ?2) "
        "ORDER BY h.handed_on, h.id",
        "WHERE h.person_id = ?1 AND (?2 = 0 OR h.device_id = ?2) ORDER BY h.handed_on, h.id",
        "WHERE h.device_id = ?2 AND ?1 = 0 ORDER BY h.handed_on, h.id",
    };
    struct stmt *st = db_stmt(db, HANDOVER_SELECT(suffix[person_id ? 1 : device_id ? 2 : 0]));
    stmt_bind_int(st, 1, person_id);
    stmt_bind_int(st, 2, device_id);
    return run_each(db, st, fn, arg, err);
}

int handover_store_each_open(struct db *db, long long commune_id, int unsigned_only, handover_fn fn,
                             void *arg, struct error *err)
{
    struct stmt *st =
        db_stmt(db, HANDOVER_SELECT("WHERE h.returned_on IS NULL AND (?1 = 0 OR " UNIT_WITHIN(
                        "p.commune_id",
                        "?1") ") AND (?2 = 0 OR h.signed_on IS NULL) ORDER BY p.sort_key, h.id"));
    stmt_bind_int(st, 1, commune_id);
    stmt_bind_int(st, 2, unsigned_only);
    return run_each(db, st, fn, arg, err);
}

int handover_store_each_unsigned_return(struct db *db, long long commune_id, handover_fn fn,
                                        void *arg, struct error *err)
{
    struct stmt *st = db_stmt(
        db, HANDOVER_SELECT(
                "WHERE h.return_no IS NOT NULL AND h.return_signed_on IS NULL AND "
                "(?1 = 0 OR " UNIT_WITHIN("p.commune_id", "?1") ") ORDER BY p.sort_key, h.id"));
    stmt_bind_int(st, 1, commune_id);
    return run_each(db, st, fn, arg, err);
}

/*
 * The kept data of a printed original: receipts' in receipt_print, return
 * records' in return_print, the same statements on each (one row a
 * handover, counting its prints).
 */
enum { KEPT_RECEIPT, KEPT_RETURN };
static const struct {
    const char *get, *put, *del, *count;
} kept_sql[] = {
    [KEPT_RECEIPT] = {"SELECT data FROM receipt_print WHERE handover_id = ?",
                      "INSERT INTO receipt_print(handover_id, printed_at, data) VALUES (?,?,?) "
                      "ON CONFLICT (handover_id) DO UPDATE SET prints = receipt_print.prints + 1",
                      "DELETE FROM receipt_print WHERE handover_id = ?",
                      "SELECT prints FROM receipt_print WHERE handover_id = ?"},
    [KEPT_RETURN] = {"SELECT data FROM return_print WHERE handover_id = ?",
                     "INSERT INTO return_print(handover_id, printed_at, data) VALUES (?,?,?) "
                     "ON CONFLICT (handover_id) DO UPDATE SET prints = return_print.prints + 1",
                     "DELETE FROM return_print WHERE handover_id = ?",
                     "SELECT prints FROM return_print WHERE handover_id = ?"},
};

static int kept_get(struct db *db, int kind, long long handover_id, char **data, struct error *err)
{
    struct stmt *st = db_stmt(db, kept_sql[kind].get);
    *data = NULL;
    stmt_bind_int(st, 1, handover_id);
    int rc = stmt_step(db, st, err);
    if (rc == 1)
        *data = stmt_text_dup(st, 0);
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

static int kept_put(struct db *db, int kind, long long handover_id, const char *data,
                    const char *now, struct error *err)
{
    struct stmt *st = db_stmt(db, kept_sql[kind].put);
    stmt_bind_int(st, 1, handover_id);
    stmt_bind_text(st, 2, now);
    stmt_bind_text(st, 3, data);
    return stmt_exec(db, st, err);
}

static int kept_count(struct db *db, int kind, long long handover_id, struct error *err)
{
    struct stmt *st = db_stmt(db, kept_sql[kind].count);
    stmt_bind_int(st, 1, handover_id);
    int rc = stmt_step(db, st, err);
    int n = rc == 1 ? (int)stmt_int(st, 0) : 0;
    stmt_done(st);
    return rc < 0 ? rc : n;
}

int receipt_print_get(struct db *db, long long handover_id, char **data, struct error *err)
{
    return kept_get(db, KEPT_RECEIPT, handover_id, data, err);
}

int receipt_print_put(struct db *db, long long handover_id, const char *data, const char *now,
                      struct error *err)
{
    return kept_put(db, KEPT_RECEIPT, handover_id, data, now, err);
}

int receipt_print_delete(struct db *db, long long handover_id, struct error *err)
{
    struct stmt *st = db_stmt(db, kept_sql[KEPT_RECEIPT].del);
    stmt_bind_int(st, 1, handover_id);
    return stmt_exec(db, st, err);
}

int receipt_print_count(struct db *db, long long handover_id, struct error *err)
{
    return kept_count(db, KEPT_RECEIPT, handover_id, err);
}

int return_print_get(struct db *db, long long handover_id, char **data, struct error *err)
{
    return kept_get(db, KEPT_RETURN, handover_id, data, err);
}

int return_print_put(struct db *db, long long handover_id, const char *data, const char *now,
                     struct error *err)
{
    return kept_put(db, KEPT_RETURN, handover_id, data, now, err);
}

int return_print_count(struct db *db, long long handover_id, struct error *err)
{
    return kept_count(db, KEPT_RETURN, handover_id, err);
}
