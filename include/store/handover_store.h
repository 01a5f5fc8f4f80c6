/*
 * handover_store: handovers (bàn giao) of a device to a person, their return
 * (thu hồi), receipt numbers, the paper receipts' signed state, and the
 * exact data a receipt was first printed from; the same for the return
 * records (biên bản thu hồi): their numbers, signed state and kept data.
 */
#ifndef STORE_HANDOVER_STORE_H
#define STORE_HANDOVER_STORE_H

#include "core/error.h"
#include "store/field.h"

struct db;

struct handover {
    long long id;
    char *receipt_no;
    long long device_id;
    char *imei, *imei2, *model;
    long long person_id;
    char *person_name;
    long long round_id;
    char *handed_on;
    char *place;
    char *officer;
    long long predecessor_id;
    char *returned_on;
    char *return_reason;
    char *return_decision;
    char *return_note;
    char *return_place; /* where it was taken back (schema step 18) */
    char *signed_on;
    char *archive_ref;
    char *created_at;
    long long version;  /* one more at each change */
    char *note;         /* printed on the receipt; NULL: none */
    char *corrected_on; /* the last correction after the receipt was printed; NULL: none */
    /* the return's own record (biên bản thu hồi), from schema step 14:
     * its number (NULL: not returned, or returned before), and its paper
     * signed and returned */
    char *return_no;
    char *return_signed_on;
    char *return_archive_ref;
};

/* Free the handover's strings and zero it. */
void handover_release(struct handover *h);

/* The handover's field table (store/field.h): defined in handover_fields.c. */
extern struct record_kind handover_kind;

/*
 * Next receipt number for the year of `date`: the counter is incremented in
 * the caller's transaction. *seq gets the number (1, 2, ...).
 */
int handover_store_next_seq(struct db *db, int year, long long *seq, struct error *err);

/* The same for the return records' own series (return_counter). */
int handover_store_next_return_seq(struct db *db, int year, long long *seq, struct error *err);

int handover_store_insert(struct db *db, const struct handover *h, long long *id,
                          struct error *err);
/* Write every column of h (an insert's, with its note and correction)
 * over the row h->id, one more version. */
int handover_store_update(struct db *db, const struct handover *h, struct error *err);
/*
 * Look-ups return 0 with the value in the out-parameter, ERR_NOT_FOUND
 * (err names what was sought) when there is no such record, or another
 * negative ERR_* when the database could not be read (busy, damaged, I/O):
 * a failed read is never taken for a missing record.
 */
int handover_store_get(struct db *db, long long id, struct handover *out, struct error *err);
int handover_store_get_by_receipt(struct db *db, const char *receipt_no, struct handover *out,
                                  struct error *err);
/* The handover whose return record is numbered return_no. */
int handover_store_get_by_return(struct db *db, const char *return_no, struct handover *out,
                                 struct error *err);
/* The id of the open handover of a device / of a person in a round (round
 * 0 = no round) into *id (0 unless found). */
int handover_store_open_for_device(struct db *db, long long device_id, long long *id,
                                   struct error *err);
int handover_store_open_for_person(struct db *db, long long person_id, long long round_id,
                                   long long *id, struct error *err);
/* Any open handover of the person (the latest), as the above. */
int handover_store_open_any_for_person(struct db *db, long long person_id, long long *id,
                                       struct error *err);

/*
 * The latest custody period that a handover from the date `from` on would
 * overlap: of the device (device_id), or of the person in the round
 * (person_id and round_id; 0 = not asked). Periods run from handed_on to
 * returned_on, open ones for ever. Returns 1 with *out filled (release it),
 * 0 when none, or a negative ERR_*.
 */
int handover_store_custody_overlap(struct db *db, long long device_id, long long person_id,
                                   long long round_id, const char *from, struct handover *out,
                                   struct error *err);

int handover_store_close(struct db *db, long long id, const char *returned_on, const char *reason,
                         const char *decision, const char *place, const char *note,
                         struct error *err);
/* Number the return record of the closed handover id. */
int handover_store_set_return_no(struct db *db, long long id, const char *return_no,
                                 struct error *err);
/* The returns without a return record (made before schema step 14), in
 * the order they were made (return date, then handover id): *ids (caller
 * frees, NULL when none) and *n. */
int handover_store_unnumbered_returns(struct db *db, long long **ids, size_t *n, struct error *err);
/* The paper of a return record signed and returned (as mark_signed). */
int handover_store_mark_return_signed(struct db *db, long long id, const char *signed_on,
                                      const char *archive_ref, struct error *err);
int handover_store_mark_signed(struct db *db, long long id, const char *signed_on,
                               const char *archive_ref, struct error *err);
/* The handover's row as the audit log records it (JSON, a new string the
 * caller frees) into *out (NULL unless found). */
int handover_store_snapshot(struct db *db, long long id, char **out, struct error *err);

typedef int (*handover_fn)(const struct handover *h, void *arg);
/* History of a person or a device (0 = any), oldest first. */
int handover_store_each(struct db *db, long long person_id, long long device_id, handover_fn fn,
                        void *arg, struct error *err);
/* Open handovers of a commune (0 = all), in Vietnamese name order; unsigned_only filters. */
int handover_store_each_open(struct db *db, long long commune_id, int unsigned_only, handover_fn fn,
                             void *arg, struct error *err);

/* Handovers whose return record is not signed back yet, of a commune (0:
 * all), in Vietnamese name order. */
int handover_store_each_unsigned_return(struct db *db, long long commune_id, handover_fn fn,
                                        void *arg, struct error *err);

/* Receipt print records. */
int receipt_print_get(struct db *db, long long handover_id, char **data, struct error *err);
int receipt_print_put(struct db *db, long long handover_id, const char *data, const char *now,
                      struct error *err);
/* Forget the kept data of a receipt whose handover was corrected: the
 * next print is a new original. */
int receipt_print_delete(struct db *db, long long handover_id, struct error *err);
int receipt_print_count(struct db *db, long long handover_id, struct error *err);

/* Return record print records: the same, for the return record of a handover. */
int return_print_get(struct db *db, long long handover_id, char **data, struct error *err);
int return_print_put(struct db *db, long long handover_id, const char *data, const char *now,
                     struct error *err);
int return_print_count(struct db *db, long long handover_id, struct error *err);

#endif
