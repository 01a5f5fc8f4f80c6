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
 * The head file DATABASE.head (mode 0600, beside the database) holds the
 * last entry written ("head N HASH KEYID SEAL", after a commit; at least
 * once a second and when the program closes, and at once at every backup
 * and every document printed) and the last entry `check` verified
 * ("checked ..."). `check` fails when the log no longer holds either — cut
 * short, or rewritten from an earlier entry — or when a seal does not
 * verify under the office key.
 */
#ifndef APP_SEAL_APP_H
#define APP_SEAL_APP_H

#include "app/app.h"
#include "core/hash.h"

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

/* One line of the head file. */
struct seal_line {
    int present;
    long long seq;
    char hash[HASH_HEX_LEN + 1];
    char key_id[SEAL_ID_LEN + 1]; /* "-" when unsealed */
    char seal[HASH_HEX_LEN + 1];
};

struct seal_head {
    struct seal_line head, checked;
};

/* The head file of the database at db_path: 0 (lines absent when there
 * is no file), or ERR_CORRUPT when it is not one capphat wrote. */
int seal_head_read(const char *db_path, struct seal_head *h, struct error *err);

/*
 * Record in the head file that the log's last entry is seq/hash (when it is
 * beyond the one recorded: several programs write it), or, with checked,
 * the last entry check verified. Sealed when k holds a key. Written
 * through io/outfile, under a lock of the database's folder.
 */
int seal_head_write(const char *db_path, const struct app_key *k, int checked, long long seq,
                    const char *hash, struct error *err);

/* Does line l carry a valid seal under k? 1 yes, 0 no (or no key). */
int seal_verify(const struct app_key *k, const struct seal_line *l);

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
int seal_app_flush(struct app *app, enum seal_when when, struct error *err);
/*
 * Seal every entry that has none, with the office key: once, when a
 * register of an older capphat is upgraded, or when init gives a register
 * its first key. Returns how many, or a negative ERR_*.
 */
long long seal_app_seal_all(struct app *app, struct error *err);

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
