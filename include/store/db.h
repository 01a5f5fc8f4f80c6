/*
 * db: the capphat database file — opening, the schema version, transactions
 * and backups. The only module that knows SQLite is src/store/; callers see
 * opaque handles and plain structs.
 *
 * A database is opened with WAL journaling, foreign keys on and a busy
 * timeout, so that two operators can work on one file. A new file is created
 * mode 0600 with the whole schema. An older schema is left for the caller to
 * upgrade (db_upgrade, one transaction per step) once it has taken a copy;
 * a newer schema is refused.
 */
#ifndef STORE_DB_H
#define STORE_DB_H

#include "core/error.h"

struct db;

enum db_open_flags {
    DB_OPEN_CREATE = 1,   /* create the file if it does not exist */
    DB_OPEN_READONLY = 2, /* read queries only */
};

/* The schema version this program writes (PRAGMA user_version). */
int db_schema_version(void);

/*
 * Open (and when allowed create) the database at path.
 * *created is set to 1 when a new file was made (may be NULL).
 * Returns 0 or an ERR_* code with a message naming the file.
 */
int db_open(const char *path, int flags, struct db **out, int *created, struct error *err);

/* Is path the address of a register on a PostgreSQL server
 * (postgresql://…, postgres://…, service=…) rather than a file? */
int db_is_server_address(const char *path);

/* Does the connection see the whole register: a file, or on a server a
 * role that is not limited to some communes (operator_store.h)? */
int db_sees_all(struct db *db);

/* A record was not found (err holds the message): on a server, for a role
 * limited to some communes, the message adds that the role sees only
 * their records — the record may be another commune's. Returns err's
 * code. */
int db_not_seen(struct db *db, struct error *err);

/* The role a register on a server is opened as (NULL for a file): the
 * login its audit entries name. */
const char *db_server_user(struct db *db);

/* Close; statements left open are reported to the log. NULL is ignored. */
void db_close(struct db *db);

/* The path the database was opened with. */
const char *db_path(const struct db *db);

/*
 * Transactions. db_begin starts a write transaction (BEGIN IMMEDIATE, so two
 * operators queue rather than deadlock) or, nested, a savepoint. db_end
 * commits when ok is non-zero and rolls back otherwise; returns 0 or an error
 * (a failed commit rolls back).
 */
int db_begin(struct db *db, struct error *err);
int db_end(struct db *db, int ok, struct error *err);

/* After a write transaction failed: was it a server's serialization
 * failure (another operator's transaction touched the same rows), which
 * the whole transaction run again settles? Clears the mark. Always 0 for
 * a file, whose writers queue (BEGIN IMMEDIATE). */
int db_retry_conflict(struct db *db);

/*
 * Write a consistent copy of the database (one snapshot, safe while others
 * write) into the file at path, which must be empty: VACUUM INTO, a
 * self-contained file in rollback-journal mode. Not inside a transaction.
 * The caller chooses and checks path (io/outfile) and names the result.
 * *disk_full tells a failure for lack of space.
 */
int db_copy_into(struct db *db, const char *path, int *disk_full, struct error *err);

/*
 * Copy the register in the file db into the empty database at address on
 * a PostgreSQL server: its schema made, every row with its id, in one
 * snapshot of the file and one transaction on the server. Refused
 * (ERR_EXISTS) when the database holds anything; on failure nothing is
 * left there. The caller verifies the copy (check on both sides).
 */
int db_copy_to_server(struct db *db, const char *address, struct error *err);

/* The schema version a register just made is at: db_schema_version(),
 * unless a test made an older one on a server. */
int db_made_version(const struct db *db);

/* The older schema version an existing file is at, or 0 when it is current.
 * Call db_upgrade after taking a copy. */
int db_upgrade_from(const struct db *db);
int db_upgrade(struct db *db, struct error *err);

/*
 * Compare the file's schema (tables, indexes, triggers, views) with the one
 * capphat makes: fn(type, name, how) for each object missing, extra, or
 * whose SQL differs — a guard dropped (the audit log's append-only
 * triggers), or one added by another program. Returns the number of
 * differences, or a negative ERR_*.
 */
enum { DB_SCHEMA_MISSING, DB_SCHEMA_EXTRA, DB_SCHEMA_CHANGED };
int db_schema_diff(struct db *db,
                   void (*fn)(const char *type, const char *name, int how, void *arg), void *arg,
                   struct error *err);

/* 0 when the schema is capphat's, else ERR_CORRUPT naming the first
 * difference (a database opened for writing is refused so). */
int db_schema_intact(struct db *db, struct error *err);

/* Call fn(arg) after each outermost transaction that committed. */
void db_on_commit(struct db *db, void (*fn)(void *arg), void *arg);

/* PRAGMA integrity_check and foreign_key_check; problems appended to *report
 * (a new string, caller frees; NULL when none). Returns 0 if clean. */
int db_integrity(struct db *db, char **report, struct error *err);

/*
 * Make sure no program has the database at path open, before it is set
 * aside: its WAL is folded into the file and the file left in rollback
 * mode (self-contained, no -wal or -shm), which SQLite does only for its
 * only user. 0 when done (or when the file is no database SQLite can
 * open: nothing can be using it), ERR_BUSY when another program has it
 * open.
 */
int db_file_alone(const char *path, struct error *err);

#endif
