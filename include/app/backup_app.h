/*
 * backup_app: the automatic daily backup, kept in rotation.
 *
 * Backups live in the folder "backups" next to the database (created mode
 * 0700), one file per day named capphat-YYYYMMDD-HHMMSS.db (local time),
 * each a self-contained copy made with SQLite's online backup (db_backup:
 * consistent while others write, mode 0600). The setting backup_keep
 * (default 7) says how many are kept; older ones are deleted.
 */
#ifndef APP_BACKUP_APP_H
#define APP_BACKUP_APP_H

#include "app/app.h"

/*
 * Take a backup when the newest one in the backups folder is older than a
 * day (or there is none), then delete the oldest beyond backup_keep. Files
 * in the folder that do not have the backup name pattern are left alone.
 * In a test build, CAPPHAT_NOW ("YYYY-MM-DDTHH:MM:SS", local time) fakes
 * the clock (core/testhook.h).
 *
 * Returns 1 when a backup was taken (*made, when not NULL, gets its path:
 * a new string, caller frees), 0 when the last one is recent enough (*made
 * = NULL), or a negative ERR_* (err says why; nothing is half-written).
 */
int app_daily_backup(struct app *app, char **made, struct error *err);

/* The backups folder of the database at db_path (a new string, caller frees). */
char *app_backup_dir(const char *db_path);

#endif
