/*
 * backup_store: the record of the daily backups a database took, by file
 * name in its backups folder, so that the rotation deletes only its own.
 */
#ifndef STORE_BACKUP_STORE_H
#define STORE_BACKUP_STORE_H

#include "core/error.h"

struct db;

/* Record that the backup named name was taken at taken_at (UTC). */
int backup_store_add(struct db *db, const char *name, const char *taken_at, struct error *err);

/* 1 when name is recorded, 0 when not, or a negative ERR_*. */
int backup_store_has(struct db *db, const char *name, struct error *err);

/* Forget name (its file was deleted by the rotation). */
int backup_store_remove(struct db *db, const char *name, struct error *err);

#endif
