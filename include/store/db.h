/*
 * db: the capphat database file — opening, the schema version, transactions
 * and backups. The only module that knows SQLite is src/store/; callers see
 * opaque handles and plain structs.
 *
 * A database is opened with WAL journaling, foreign keys on and a busy
 * timeout, so that two operators can work on one file. A new file is created
 * mode 0600. An older schema is migrated on open, one transaction per step,
 * after a backup copy of the file is taken; a newer schema is refused.
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
 * Open (and when allowed create or migrate) the database at path.
 * *created is set to 1 when a new file was made (may be NULL).
 * Returns 0 or an ERR_* code with a message naming the file.
 */
int db_open(const char *path, int flags, struct db **out, int *created, struct error *err);

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

/* Copy the database to out_path with SQLite's online backup API (safe while
 * others write); out_path must not exist; created mode 0600. */
int db_backup(struct db *db, const char *out_path, struct error *err);

/* PRAGMA integrity_check and foreign_key_check; problems appended to *report
 * (a new string, caller frees; NULL when none). Returns 0 if clean. */
int db_integrity(struct db *db, char **report, struct error *err);

/* The backup copy taken before the last migration, or NULL (static). */
const char *db_last_migration_backup(void);

#endif
