/*
 * audit_store: the append-only audit log (nhật ký thay đổi). Every change
 * is one entry — who, when, what, the row before and after as JSON — and
 * each entry carries the SHA-256 of the previous entry's hash and its own
 * fields, so that `capphat check` proves nothing was altered, removed or
 * reordered. The schema refuses UPDATE and DELETE on the table.
 */
#ifndef STORE_AUDIT_STORE_H
#define STORE_AUDIT_STORE_H

#include "core/error.h"
#include "core/hash.h"

struct db;

struct audit_entry {
    long long id;
    char *at; /* UTC, ISO 8601 */
    char *operator_name;
    char *action; /* "person.add", "handover", "return", ... */
    char *entity; /* "person", "device", "handover", ... */
    long long entity_id;
    char *before; /* JSON or NULL */
    char *after;  /* JSON or NULL */
    char prev_hash[HASH_HEX_LEN + 1];
    char hash[HASH_HEX_LEN + 1];
    /* read back: its seal (audit_store_seal), "" when it has none */
    char seal_key[20];
    char seal[HASH_HEX_LEN + 1];
    /* read back: a field stored otherwise than capphat writes it (a BLOB,
     * bytes after a NUL, an entity_id of 0), or NULL */
    const char *odd_field;
};

void audit_entry_release(struct audit_entry *e);

/* The hash an entry must carry, from its fields and prev_hash. */
void audit_entry_hash(const struct audit_entry *e, char out[HASH_HEX_LEN + 1]);

/*
 * Append an entry (the caller's transaction makes it atomic with the change).
 * Fills e->id, e->prev_hash and e->hash.
 */
int audit_store_append(struct db *db, struct audit_entry *e, struct error *err);
/* The same in two steps, so that the entry can be sealed before it is
 * written: audit_store_next fills e->id, e->prev_hash and e->hash (after
 * the last entry this transaction wrote, else the log's last);
 * audit_store_write writes the entry and, unless key_id is NULL, its seal
 * (audit_store_seal), at once. */
int audit_store_next(struct db *db, struct audit_entry *e, struct error *err);
int audit_store_write(struct db *db, const struct audit_entry *e, const char *key_id,
                      const char *mac, struct error *err);

typedef int (*audit_fn)(const struct audit_entry *e, void *arg);
/* Every entry in id order. */
int audit_store_each(struct db *db, audit_fn fn, void *arg, struct error *err);
/* The entries written after entry `after`, in order. */
int audit_store_each_after(struct db *db, long long after, audit_fn fn, void *arg,
                           struct error *err);
/* Entries of one entity (entity_id 0 = all of that kind), in id order. */
int audit_store_each_for(struct db *db, const char *entity, long long entity_id, audit_fn fn,
                         void *arg, struct error *err);
/* The number of entries into *n: 0, or the database error. */
int audit_store_count(struct db *db, long long *n, struct error *err);

/*
 * What the log keeps the last state of: the i-th tracked kind (0, 1, ...;
 * NULL past the last), *whole set when the kind is a table recorded whole
 * (entity_id 0: settings, ethnic spellings, unit successors) rather than
 * row by row (persons, devices, handovers, rounds, sessions, units, ethnic
 * groups, receipt prints).
 */
const char *audit_store_tracked(size_t i, int *whole);

/* The current image (JSON, as the log records it) of row id of a tracked
 * kind, or of the whole table (id 0), into *out (a new string, caller
 * frees; NULL unless found). Returns 0, ERR_NOT_FOUND when there is no
 * such row (err names it), ERR_INTERNAL for a kind that is not tracked, or
 * the database error: a failed read is never taken for a missing row. */
int audit_store_image(struct db *db, const char *entity, long long id, char **out,
                      struct error *err);

/* A table recorded whole: its image now and as last logged (NULL when it
 * never was). Caller frees both. */
int audit_store_table_state(struct db *db, const char *entity, char **current, char **logged,
                            struct error *err);

/* Keep the seal (office key id, HMAC) of entry id. */
int audit_store_seal(struct db *db, long long id, const char *key_id, const char *mac,
                     struct error *err);

/* The entries that have no seal, in order: fn(id, hash, arg). */
int audit_store_each_unsealed(struct db *db, int (*fn)(long long id, const char *hash, void *arg),
                              void *arg, struct error *err);

/*
 * The last entry of the log in another file (a backup), read without
 * touching it: 1 with *seq and hash, 0 when its log is empty, ERR_CORRUPT
 * when the file is missing, empty, not a regular file, not an SQLite
 * database, or has no audit log (err says which, in the operator's words).
 */
int audit_store_file_head(const char *path, long long *seq, char hash[65], struct error *err);

/* The key the log's last seal was made with (16 hex digits) into id: 1,
 * 0 when nothing is sealed, or the database error. */
int audit_store_seal_key(struct db *db, char id[17], struct error *err);

/* The folders where restores kept the registers they replaced, newest
 * first (the "replaced" of each "register.restore" entry): fn(folder, arg),
 * which stops the walk by returning non-zero (returned), or the database
 * error. */
int audit_store_each_replaced(struct db *db, int (*fn)(const char *folder, void *arg), void *arg,
                              struct error *err);

/* What another file (a backup, a register) holds, read without touching it. */
struct audit_file_facts {
    int version;       /* its schema version */
    long long last;    /* its last entry, 0 when its log is empty */
    char hash[65];     /* ... and that entry's hash */
    char identity[65]; /* the hash of the entry that made the register, "" if none */
    char first[65];    /* the hash of its first entry, "" if none */
};
/* The hash of the entry that made the register (its identity, as
 * audit_store_file_facts reads it of a file): 1, 0 when none, or the
 * database error. */
int audit_store_identity(struct db *db, char hash[65], struct error *err);
/* 0, or ERR_CORRUPT as audit_store_file_head. */
int audit_store_file_facts(const char *path, struct audit_file_facts *f, struct error *err);
/* Does the file's log hold entry seq with that hash? 1 yes, 0 no (or unreadable). */
int audit_store_file_holds(const char *path, long long seq, const char *hash);

/* The number and hash of the last entry (0 and "" when the log is empty);
 * with seq > 0, the hash of entry seq instead (1 when found, 0 when the log
 * has no such entry). Returns 1/0, or a negative ERR_*. */
int audit_store_head(struct db *db, long long seq, long long *id, char hash[65], struct error *err);

/* The last entry of one record (entity and id): 1 with *e filled (release
 * it), 0 when there is none, or a negative ERR_*. */
int audit_store_last_for(struct db *db, const char *entity, long long entity_id,
                         struct audit_entry *e, struct error *err);

/* The keys whose values differ between two JSON objects (audit images of
 * one record; NULL: none), joined by ", " in the order of a, into *keys
 * ("" when none; caller frees). Returns 0, or an ERR_* (a database that
 * cannot be read, an image that is not JSON). */
int audit_store_changed_keys(struct db *db, const char *a, const char *b, char **keys,
                             struct error *err);

/*
 * For tamper evidence: calls fn(entity_id, current_json, last_logged_json)
 * for every row of a tracked kind (audit_store_tracked) — or, with since >
 * 0, for the rows touched (changed by any program) since audit entry
 * `since` — last_logged_json is the "after" of its newest audit entry, or
 * NULL when the row has none.
 */
int audit_store_each_row_state(struct db *db, const char *entity, long long since,
                               int (*fn)(long long id, const char *current, const char *logged,
                                         void *arg),
                               void *arg, struct error *err);

/* Entity ids that the log says exist (a creation was logged) but the table
 * lacks; with since > 0, among the rows touched since that entry. */
int audit_store_each_missing_row(struct db *db, const char *entity, long long since,
                                 int (*fn)(long long id, void *arg), void *arg, struct error *err);

/* The highest schema version the log records the file was made or
 * upgraded to (entries "schema.create", "schema.upgrade") into *version,
 * 0 when none. Returns 0, or the database error. */
int audit_store_schema_recorded(struct db *db, int *version, struct error *err);

/*
 * The rows of entity (a tracked entity with a field table: "person",
 * "device") whose last audit entry holds their image as schema step
 * version made it — before a field of its table joined the image (its
 * since) —: fn(id, old image, new image) for each, so that the new image
 * is recorded once after the upgrade. A row that differs from its entry is
 * not given: check names it.
 */
int audit_store_each_reimaged(struct db *db, const char *entity, int version,
                              int (*fn)(long long id, const char *before, const char *after,
                                        void *arg),
                              void *arg, struct error *err);

/*
 * The IMEI lookup table (imei: every IMEI of every device, by which every
 * command finds a phone) against the devices it is made from: fn(imei,
 * device_id, slot, in_table) for each row of the table that no device
 * bears so (in_table 1: written behind capphat's back), and each IMEI of a
 * device the table lacks (in_table 0). The devices themselves are in the
 * log; this table is theirs, so it is compared with them, whole.
 */
int audit_store_each_imei_problem(struct db *db,
                                  int (*fn)(const char *imei, long long device_id, int slot,
                                            int in_table, void *arg),
                                  void *arg, struct error *err);

/*
 * Attendance that disagrees with the log: calls fn(session_id, person_id,
 * in_table) for each pair present in the attendance table whose last
 * "attendance" entry is not an attendance (in_table 1: added behind
 * capphat's back), and each pair whose last entry is an attendance but
 * which the table lacks (in_table 0: deleted). In session, then person order.
 */
int audit_store_each_attendance_problem(struct db *db, long long since,
                                        int (*fn)(long long session_id, long long person_id,
                                                  int in_table, void *arg),
                                        void *arg, struct error *err);

#endif
