/*
 * handover_app: handing a device over, taking it back, passing it on, signed receipts.
 *
 * An error about a value names its field by the name of the input's member
 * or parameter: "person", "imei", "date", "place", "officer" (a handover);
 * "imei", "reason", "decision", "date", "note" (a return); "from",
 * "successor", "reason", "decision", "date", "place" (passing on); "archive_ref",
 * "date" (a signed receipt); "place", "date", "officer", "note" (a
 * correction).
 */
#ifndef APP_HANDOVER_APP_H
#define APP_HANDOVER_APP_H

#include "app/app.h"

struct handover_input {
    long long person_id;
    const char *imei;
    const char *date;    /* NULL = today */
    const char *place;   /* NULL = setting place_name */
    const char *officer; /* NULL = setting officer_name */
};

/* Hand a device in stock to a person. *receipt_no (caller frees) gets the number. */
int handover_app_give(struct app *app, const struct handover_input *in, char **receipt_no,
                      long long *handover_id, struct error *err);

/* Reasons: died, replaced, defective, lost, other. */
int handover_reason_valid(const char *reason);
const char *handover_reason_label(const char *reason);

/*
 * Whom a device is taken from, as the operator knows it: a return or a
 * passing-on is refused, and nothing changes, when the device's holder is
 * someone else (holder_id, 0: whoever holds it) or its open handover is no
 * longer the one a screen showed (seen, NULL: not asked) — another
 * operator took it back, or it changed hands, meanwhile.
 */
struct app_seen;
struct handover_expect {
    long long holder_id;
    const struct app_seen *seen;
};

/*
 * Take a device back. The device returns to stock, or to 'repair' when
 * defective, or 'lost' when lost. The return gets its own numbered record
 * (biên bản thu hồi, a series of its own: "{N}/BBTH-BDT" from the receipts'
 * "{N}/BB-BDT"); handover_app_last_return names it. expect may be NULL.
 */
int handover_app_return(struct app *app, const char *imei, const char *reason, const char *decision,
                        const char *date, const char *place, const char *note,
                        const struct handover_expect *expect, struct error *err);

/*
 * Pass the device of from_person on to successor in one step: the open
 * handover of from_person is closed (reason, default "replaced") and the
 * same device handed to the successor. *receipt_no gets the new number.
 * place: where it is handed on (NULL or "": the place of the handover
 * passed on, which the new receipt names then). seen: the open handover of
 * from_person as a screen showed it (NULL: not asked; see struct
 * handover_expect).
 */
int handover_app_pass_on(struct app *app, long long from_person, long long successor,
                         const char *reason, const char *decision, const char *date,
                         const char *place, const struct app_seen *seen, char **receipt_no,
                         long long *handover_id, struct error *err);

/*
 * Mark the paper receipt of handover handover_id (see receipt_app_find) as
 * signed and returned, on date (default today; not before the handover,
 * not in the future), with an optional archive reference. A receipt
 * already signed is reported as such ("already signed on DATE (archive
 * REF)": ERR_CONFLICT) and nothing changes.
 */
int handover_app_mark_signed(struct app *app, long long handover_id, const char *archive_ref,
                             const char *date, struct error *err);

/*
 * What a correction of a handover changes (handover_app_edit): NULL leaves
 * a field as it is, "" clears place, officer or note; the date is
 * required and "" leaves it.
 */
struct handover_edit {
    const char *place;
    const char *date;
    const char *officer;
    const char *note; /* printed on the receipt */
};

/*
 * Correct the place, date, officer or note of handover handover_id while
 * its receipt is unsigned: an audited change ("handover.edit"). A receipt
 * signed is refused (ERR_CONFLICT) and nothing changes. When the receipt's
 * original was printed, its kept data goes ("receipt.superseded") and the
 * next print is a corrected original that says so: *superseded (may be
 * NULL) is then 1. Nothing to change is no error and logs nothing. Errors
 * name the field: "place", "date", "officer", "note".
 */
int handover_app_edit(struct app *app, long long handover_id, const struct handover_edit *in,
                      int *superseded, struct error *err);

/*
 * The last return of the device imei: its handover's id and its return
 * record's number (*return_no, caller frees; NULL for a return recorded
 * before return records were kept). ERR_NOT_FOUND when never returned.
 */
int handover_app_last_return(struct app *app, const char *imei, long long *handover_id,
                             char **return_no, struct error *err);

/*
 * The return a passing-on made: of the successor's handover handover_id,
 * the handover it closed (*from_id) and that return's record number
 * (*return_no, caller frees; NULL when none). ERR_NOT_FOUND when
 * handover_id passed nothing on.
 */
int handover_app_taken_back(struct app *app, long long handover_id, long long *from_id,
                            char **return_no, struct error *err);

/*
 * Give every return recorded before return records were kept (schema step
 * 14) its record, numbered in the order of the returns from the series of
 * return records, each an audited change ("upgrade.return_record"), in one
 * transaction. Called by app_upgrade for a register older than step 17.
 */
int handover_app_number_old_returns(struct app *app, struct error *err);

/*
 * Mark the paper return record (biên bản thu hồi) of handover handover_id
 * as signed and returned, as handover_app_mark_signed does a receipt's
 * ("return.signed"): not before the return, not twice.
 */
int handover_app_mark_return_signed(struct app *app, long long handover_id, const char *archive_ref,
                                    const char *date, struct error *err);

/* Format a receipt number from the setting's pattern ({N} = 2+ digits, {YYYY}, {YY}). */
char *handover_format_receipt(const char *pattern, long long seq, int year);

#endif
