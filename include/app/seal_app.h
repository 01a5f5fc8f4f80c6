/*
 * seal_app: the audit chain's head kept outside the database and sealed
 * with the office's key, so that a register cut short, or rewritten and
 * re-chained by a script, is caught.
 *
 * The office key is 32 random bytes in $XDG_CONFIG_HOME/capphat/office.key
 * (~/.config/capphat/office.key, mode 0600, its folder 0700), made by
 * `capphat init` (and when the full-screen program makes a new database);
 * it never goes into the database, nor into a backup of it. A seal is
 * HMAC-SHA-256 under that key of the position and hash of an audit entry:
 * whoever holds the database file alone cannot make one.
 *
 * The head file DATABASE.head (mode 0600, beside the database), and its
 * twin in the state folder of each account that writes the register, hold
 * the last entry written ("head N HASH KEYID SEAL", after a commit; at
 * least once a second and when the program closes, and at once at every
 * backup and every document printed) and the last entry `check` verified
 * ("checked ..."). `check` fails when the log no longer holds either — cut
 * short, or rewritten from an earlier entry — or when a seal does not
 * verify under the office key. A head line's seal is not an entry's: an
 * entry's seal copied into a head file does not verify.
 */
#ifndef APP_SEAL_APP_H
#define APP_SEAL_APP_H

#include "app/app.h"
#include "core/hash.h"
#include "store/db.h"

#define SEAL_KEY_LEN 32
#define SEAL_ID_LEN 16

struct app_key {
    int have;
    unsigned char key[SEAL_KEY_LEN];
    char id[SEAL_ID_LEN + 1]; /* the first 16 hex digits of its SHA-256 */
};

/* The key file's path (a new string, caller frees). */
char *seal_key_path(void);

/* Load the office key into *k (k->have 0 when there is none). */
void seal_key_load(struct app_key *k);

/* Make the office key when there is none (a new one, random). Returns 1
 * when made, 0 when it was there, or ERR_*. */
int seal_key_create(struct app_key *k, struct error *err);

/* The seal of entry seq with hash under key k: hex, or "-" without a key. */
void seal_make(const struct app_key *k, long long seq, const char *hash,
               char out[HASH_HEX_LEN + 1]);

/* One line of a head file. */
struct seal_line {
    int present;
    long long seq;
    char hash[HASH_HEX_LEN + 1];
    char key_id[SEAL_ID_LEN + 1]; /* "-" when unsealed */
    char seal[HASH_HEX_LEN + 1];
};

struct seal_head {
    int exists;     /* the file is there */
    int unreadable; /* ... but not one capphat wrote */
    struct seal_line head, checked;
};

/*
 * The heads are kept in two places: beside the database (DATABASE.head,
 * which whoever holds the database's folder holds too), and in the state
 * folder of each account that writes it ($XDG_STATE_HOME/capphat/
 * registers/ID.head, ID from the database's real path), out of reach of
 * whoever has only the database's folder. The path of one (a new string;
 * NULL for the account's when there is no state folder).
 */
enum seal_where { SEAL_BESIDE, SEAL_ACCOUNT };
char *seal_head_path(const char *db_path, enum seal_where where);

/* The head file at path: 0 (h->exists 0 when there is none), or
 * ERR_CORRUPT (h->unreadable) when it is not one capphat wrote. */
int seal_head_read(const char *path, struct seal_head *h, struct error *err);

/*
 * Record in both places that the log's last entry is seq/hash (SEAL_HEAD:
 * when it is beyond the one recorded, as several programs write it), or
 * the last entry check verified (SEAL_CHECKED), or a new history from
 * here (SEAL_RESTORED: a new register, a backup restored). Sealed when k
 * holds a key, under a lock of each file's folder. Except for
 * SEAL_RESTORED, nothing is written when either place holds a head the
 * log no longer holds, or a file capphat did not write: that is the
 * evidence check reports, and it stays.
 */
enum seal_line_kind { SEAL_HEAD, SEAL_CHECKED, SEAL_RESTORED };
int seal_head_write(struct db *db, const struct app_key *k, enum seal_line_kind kind, long long seq,
                    const char *hash, struct error *err);

/* Was line l recorded of a register a restore replaced (held by one it
 * kept aside)? Then it no longer binds this register. */
int seal_line_superseded(struct db *db, const struct seal_line *l);

/* Does line l (tag "head" or "checked") carry a valid seal under k? 1 yes,
 * 0 no (or no key). */
int seal_verify(const struct app_key *k, const char *tag, const struct seal_line *l);

/*
 * The app's part: app_open attaches (loads the key, protects the head file,
 * notes commits); app_close detaches, writing what is pending.
 * seal_app_flush writes the head: SEAL_SOON after a commit, at most once a
 * second; SEAL_PENDING whenever a commit is not yet recorded; SEAL_NOW
 * always (a backup, a document printed).
 */
enum seal_when { SEAL_SOON, SEAL_PENDING, SEAL_NOW };
void seal_app_attach(struct app *app);
void seal_app_detach(struct app *app);
/* The app struct was copied to app (app_move): the commit hook follows it. */
void seal_app_moved(struct app *app);
int seal_app_flush(struct app *app, enum seal_when when, struct error *err);
/*
 * An interactive program writes the head after a commit when it is idle
 * (the operator reads the screen), not in the commit's own time: after
 * seal_app_defer, a commit only notes it (or writes it when the program
 * has not been idle for a few seconds), and seal_app_idle writes what is
 * pending, at most once a second (SEAL_SOON). Those writes do not wait for
 * the lock of a head file's folder that another program holds: ERR_BUSY,
 * and the commit stays pending for the next try (the quit waits).
 */
void seal_app_defer(struct app *app);
int seal_app_idle(struct app *app, struct error *err);
/*
 * Seal every entry that has none, with the office key: once, when a
 * register of an older capphat is upgraded, or when init gives a register
 * its first key. Returns how many, or a negative ERR_*.
 */
long long seal_app_seal_all(struct app *app, struct error *err);
/* A new history: the heads in both places recorded afresh at the log's
 * last entry (a new register, a backup restored). */
int seal_app_restart(struct app *app, struct error *err);

/*
 * Anchors on paper: "1234:a1b2c3d4e5f6", the number of the log's last
 * entry and the start of its hash, printed on every receipt (and in its QR
 * code), sign-off list, attendance sheet and summary. `capphat check
 * --anchor` proves that the log up to that entry is still the one the
 * paper was printed from.
 */
#define SEAL_ANCHOR_HEX 12
void seal_app_anchor(struct app *app, char out[40]);
/* "N:HEX" (8 to 64 lowercase hex digits) into *seq and hash: 0, or -1. */
int seal_anchor_parse(const char *text, long long *seq, char hash[HASH_HEX_LEN + 1]);

/* Read the office key again (after seal_key_create made it). */
void seal_app_reload_key(struct app *app);
/* The office key the app holds (have 0 when none); NULL before attach. */
const struct app_key *seal_app_key(struct app *app);

#endif
