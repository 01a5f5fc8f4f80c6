/*
 * device_store: the registry of phones, by IMEI, each in its round
 * (store/round_store.h). The schema keeps every IMEI (first or second)
 * unique across devices.
 */
#ifndef STORE_DEVICE_STORE_H
#define STORE_DEVICE_STORE_H

#include "core/error.h"
#include "store/field.h"
#include "store/round_store.h"

struct db;

struct device {
    long long id;
    char *imei;
    char *imei2;
    char *model;
    char *serial;
    char *supplier;
    char *contract;
    char *delivered_on;
    long long price; /* VND, -1 = unknown */
    char *warranty_until;
    char *status; /* core/states.h's text; as read, "handed_over" while its
                   * handover is open (the stored state is in_stock then) */
    long long round_id;
    char *round_name;
    char *note;
    char *created_at, *updated_at;
    /* filled by reads: the current holder when handed over */
    long long holder_id;
    char *holder_name;
    char *receipt_no;
    long long version; /* one more at each change */
};

void device_release(struct device *d);

/*
 * A device as typed (the command line, a form, an imported row): each field
 * as text, NULL when not given. The field table (device_kind) says where
 * each goes and how it is checked (src/app/device_app.c).
 */
struct device_input {
    const char *imei;
    const char *imei2;
    const char *model;
    const char *serial;
    const char *supplier;
    const char *contract;
    const char *delivered_on;
    const char *price;
    const char *warranty_until;
    const char *note;
    long long round_id; /* 0 = none */
};

/* The device's field table (store/field.h): device_fields.c. */
extern struct record_kind device_kind;

struct device_query {
    const char *search; /* folded: IMEI digits or model substring */
    const char *status; /* NULL = any */
    long long round_id;
    long long district_id; /* of the holder */
    long long commune_id;
    int sort; /* 0 IMEI, 1 model, 2 status, 3 id */
    int descending;
    /* paging as in struct person_query: reverse = the opposite order;
     * after_id = only the rows after that device in it (0: from the start) */
    int reverse;
    long long after_id;
    long long offset, limit;
};

int device_store_insert(struct db *db, const struct device *d, long long *id, struct error *err);
int device_store_update(struct db *db, const struct device *d, struct error *err);
/* Set the device's own state (never "handed_over": that is its open
 * handover, which the reads derive). */
int device_store_set_status(struct db *db, long long id, const char *status, const char *now,
                            struct error *err);
/* Note a change to the device that is not in its row (a handover made):
 * its updated_at and version. */
int device_store_touch(struct db *db, long long id, const char *now, struct error *err);
/*
 * Look-ups return 0 with the value in the out-parameter, ERR_NOT_FOUND
 * (err names what was sought) when there is no such record, or another
 * negative ERR_* when the database could not be read (busy, damaged, I/O):
 * a failed read is never taken for a missing record.
 */
int device_store_get(struct db *db, long long id, struct device *out, struct error *err);
/* The device with this IMEI as first or second IMEI; ERR_NOT_FOUND names it. */
int device_store_get_by_imei(struct db *db, const char *imei, struct device *out,
                             struct error *err);
/* The id of the device holding this IMEI (either slot) into *id (0 unless found). */
int device_store_find_imei(struct db *db, const char *imei, long long *id, struct error *err);
/* The device's row as the audit log records it (JSON, a new string the
 * caller frees) into *out (NULL unless found). */
int device_store_snapshot(struct db *db, long long id, char **out, struct error *err);

/*
 * Calls fn for each device the query selects, in order, until fn returns
 * non-zero (returned). A page costs about the same anywhere in the list
 * (by IMEI, status or number an index is walked; by model all devices are
 * sorted): use after_id for the next page and reverse for the last.
 */
typedef int (*device_fn)(const struct device *d, void *arg);
int device_store_each(struct db *db, const struct device_query *q, device_fn fn, void *arg,
                      struct error *err);
int device_store_count(struct db *db, const struct device_query *q, long long *n,
                       struct error *err);

#endif
