/*
 * app: capphat's use cases — what an operator does to the records.
 *
 * Each use case is one transaction that checks the rules of src/core/,
 * writes through src/store/, and appends to the audit log (operator, time,
 * action, entity, before and after). The command line and the full-screen
 * program both call these functions and nothing below them to change data,
 * so no rule is written twice.
 *
 * Inputs are the texts a person typed or a file held (NULL or "" = not
 * given); the functions clean and check them and name the field, the value
 * and the reason in the error when one is wrong.
 */
#ifndef APP_APP_H
#define APP_APP_H

#include <sys/types.h>

#include "core/error.h"

struct db;
struct app_memo;
struct app_seal;

struct app {
    struct db *db;
    struct app_memo *memo; /* names already looked up, between app_memo_begin and _end */
    char *notices;         /* lines for the operator (app_notice), or NULL */
    char *upgrade_backup;  /* the copy taken before a schema upgrade at open, or NULL */
    struct app_seal *seal; /* the office key and the head file (seal_app) */
    int locked, lock_fd;   /* a shared lock on the database file: capphat restore waits for none */
    /* told what a step that may take long is doing, as it begins (the
     * daily backup of a register on a server: every table copied), or NULL */
    void (*working)(const char *what);
};

/*
 * Open the database (creating it when flags has DB_OPEN_CREATE) and load the
 * reference data into a new database; an older schema is upgraded after a
 * copy is taken into the backups folder (app->upgrade_backup). From then on
 * io/outfile refuses to write over the database, its companions and its
 * backups. The database's files and backups found readable by others are
 * set back to 0600 (0700 the folder) when this user owns them; a notice
 * (app->notices) says what was done or could not be. Returns 0 or ERR_*;
 * *created tells whether the file is new (may be NULL).
 */
int app_open(struct app *app, const char *path, int flags, int *created, struct error *err);

/* A new register made where one was (path: a file or a server's address):
 * what this account recorded of the one before (its head files) is set
 * aside, not overwritten, and the operator told where. */
void app_keep_earlier_records(struct app *app, const char *path);
void app_close(struct app *app);
/* An open app moved to another place (to takes it over, from is left
 * unusable): what points back at the app (the commit hook of the audit
 * head's seal) follows. A plain copy would leave it at from. */
void app_move(struct app *to, struct app *from);

/* 0 when the database's schema is the one capphat makes (its guards
 * stand), else ERR_CORRUPT naming the first difference: init and the
 * full-screen program refuse to run on such a file; any write is refused
 * anyway (db_begin). */
int app_verify_schema(struct app *app, struct error *err);

/* Add a line for the operator (printf-style): what capphat did or could
 * not do that they should know, without failing the command. */
void app_notice(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The notices so far, joined by newlines (a new string, caller frees; NULL
 * when none), and forget them. */
char *app_take_notices(struct app *app);

/* When the file or folder at path (not followed if a link) gives others
 * more than mode allows, set it to mode if this user owns it; a notice
 * either way. */
void app_secure_mode(struct app *app, const char *path, mode_t mode);

/*
 * Who is working, as the audit log records it: always the login name of
 * the process's real user; where an office shares one account, the name of
 * the person given with --operator or in the start dialog of the
 * full-screen program goes before it. The operator belongs to the process:
 * every database it opens records the same.
 */

/* Longest name app_operator_set accepts, in characters. */
#define APP_OPERATOR_MAX_CHARS 60

/* The login name of the real user (getpwuid(getuid()), else the uid as a
 * number; never $USER, which anyone sets). In a test build
 * $CAPPHAT_OPERATOR replaces it (core/testhook.h). Static; do not free. */
const char *app_login(void);

/*
 * Give the name of the person working, cleaned as stored text (NFC, no
 * control characters, at most APP_OPERATOR_MAX_CHARS characters, no
 * parenthesis); "" or NULL takes the name back. field names the input in
 * an error ("option --operator"). Returns 0, or ERR_INVALID (the field
 * "operator") and nothing changes.
 */
int app_operator_set(const char *name, const char *field, struct error *err);

/* The name given (cleaned), or NULL when none was. Valid until the next
 * app_operator_set. */
const char *app_operator_name(void);

/* What the audit log records: "NAME (login)", or "login" without a name
 * ("Hoàng Thị Mai (office)"). Valid until the next app_operator_set. */
const char *app_operator(void);

/* The database path: --db, else $CAPPHAT_DB, else $XDG_DATA_HOME/capphat/capphat.db
 * (~/.local/share/capphat/capphat.db). Returns a new string; caller frees. */
char *app_default_db_path(const char *cli_path);

/*
 * The day the 2025 reorganisation took effect: districts abolished, Bắc Kạn
 * merged into Thái Nguyên. Bắc Kạn's units are valid until the day before;
 * the communes of Thái Nguyên from this day.
 */
#define APP_REFORM_DATE "2025-07-01"

/*
 * Load the reference data built into the program: the units of Bắc Kạn as
 * of 2023, the communes of Thái Nguyên from the reorganisation, which old
 * commune became which new one, the ethnic groups, and the merged
 * province's office header from 1 July 2025 where the header is still
 * that of 2023 (settings_app_seed_history) (idempotent: what is
 * there is kept, what is missing is added). app_open calls it for a new
 * database, after an upgrade, and when units or groups are missing.
 */
int app_load_reference_data(struct app *app, struct error *err);

/*
 * Write one audit entry in the current transaction. before/after are JSON
 * or NULL.
 */
int app_audit(struct app *app, const char *action, const char *entity, long long entity_id,
              const char *before, const char *after, struct error *err);

/*
 * Write one audit entry whose after-image is record id of entity as it is
 * now (audit_store_image; id 0 for a table recorded whole, such as
 * "setting"), before is the image before the change or NULL.
 */
int app_audit_record(struct app *app, const char *action, const char *entity, long long id,
                     const char *before, struct error *err);

/*
 * A change to one record, audited, as every use case makes it: in one
 * transaction (a savepoint inside the caller's, when there is one), the
 * use case's rules (check), the record's image before
 * (audit_store_image), the use case's write, the image after, and the
 * audit entry (action, entity, id, before, after); committed when all of
 * it succeeded, else rolled back whole. The use case states the change in
 * the struct; rules that need no database are checked before.
 *
 * A write may make further changes of its own (app_change again): their
 * entries come before this one's, which describes the record as it is
 * once they are all made.
 */
struct app_change {
    const char *action; /* the entry's action: "device.status" */
    const char *entity; /* the record's kind as the log names it: "device" */
    long long id;       /* the record (check may set it); 0: write adds it and sets id */
    int if_changed;     /* no entry when the image after is the image before */
    /* the rules read inside the transaction, before the image (NULL:
     * none): 0, APP_CHANGE_NONE when there is nothing to change, or an
     * ERR_* with err filled; unless 0, nothing is written */
    int (*check)(struct app *app, struct app_change *c, struct error *err);
    /* the use case's write: 0, or an ERR_* with err filled */
    int (*write)(struct app *app, struct app_change *c, struct error *err);
    void *arg; /* the use case's, for write */
};

/* What a check returns when the record is already as asked: app_change
 * then writes nothing, logs nothing, and returns 0. */
#define APP_CHANGE_NONE 1

/* Make the change c (above). Returns 0 (c->id is the record's), or the
 * ERR_* of the first step that failed, err filled, and nothing changed. */
int app_change(struct app *app, struct app_change *c, struct error *err);

/* Run fn in one transaction (a savepoint inside the caller's): committed
 * when fn returns 0, else rolled back. Returns fn's status, or the
 * commit's when fn succeeded and the commit did not. */
int app_txn(struct app *app, int (*fn)(struct app *app, void *arg, struct error *err), void *arg,
            struct error *err);

/* Record in the log the schema version the file is now made (action
 * "schema.create") or upgraded to from version from ("schema.upgrade"):
 * a file set back to an older version is then not upgraded again. */
int app_record_schema(struct app *app, const char *action, int from, struct error *err);

/*
 * In the current transaction, an entry (action) for every record of the
 * kinds named (a NULL-terminated list) that the log does not hold yet, and
 * with absorb, for every one whose state is not the last one the log holds
 * — once when a database of an older capphat is upgraded to a log that
 * covers more kinds (upgrade.baseline). After the reference data is loaded
 * (app_load_reference_data) only the new records: a record altered behind
 * capphat's back is left for check to name, never made to look right.
 */
int app_audit_baseline(struct app *app, const char *action, const char *const *kinds, int absorb,
                       struct error *err);

/* Append s to sb as a JSON string literal (quotes and escapes). */
struct strbuf;
void app_json_string(struct strbuf *sb, const char *s);

/* On a server, a record of an operator of some communes is written in one
 * of its communes: 0 when commune_id is one (always on a file and for the
 * province's operator), else ERR_INVALID naming the commune (field
 * "commune") before the server's policy refuses the row. */
int app_commune_seen(struct app *app, long long commune_id, struct error *err);

/*
 * Resolve administrative units by name, accent- and case-insensitively
 * ("my phuong" finds Mỹ Phương), in either spelling of the province ("Sĩ
 * Bình" / "Sỹ Bình", "Hoà Mục" / "Hòa Mục"). An unknown or ambiguous name
 * is an error that lists the candidates.
 *
 * A commune is looked for under the district when district_id is non-zero
 * (the districts and their communes ended on 1 July 2025: a name with its
 * district is the old commune). as_of (ISO, or NULL) is the date the name
 * refers to — a handover's, a session's, an import's --as-of: the name
 * stands for the unit valid that day (an old commune named with a later
 * date is the commune it became; a new one named with an earlier date is
 * refused unless it was formed from one commune alone, see unit_app_at).
 * Without a date, a name shared by units of different periods (Bằng Thành
 * of huyện Pác Nặm until 30/06/2025, Bằng Thành of tỉnh Thái Nguyên from
 * 01/07/2025) is ERR_AMBIGUOUS, each candidate described with what tells it
 * apart: it is never guessed. A name refused is the field "district",
 * "commune" or "ethnic" (struct error's field).
 */
int app_find_district(struct app *app, const char *name, long long *id, struct error *err);
int app_find_commune(struct app *app, long long district_id, const char *name, const char *as_of,
                     long long *id, struct error *err);
/* Ethnic group by name or alias ("Mông" finds Hmông). */
int app_find_ethnic(struct app *app, const char *name, long long *id, struct error *err);

/*
 * Between app_memo_begin and app_memo_end, app_find_district, _commune and
 * _ethnic remember their answer (the id, or the error and its message) for
 * each text they were given, and give it again without asking the database.
 * For a run of many rows that names the same few units over and over, such
 * as an import, and that adds no unit or ethnic group itself. Calls nest;
 * the last app_memo_end forgets everything (so does app_close).
 */
void app_memo_begin(struct app *app);
void app_memo_end(struct app *app);

#endif
