/*
 * backup_app: copies of the database.
 *
 * Backups live in the folder "backups" next to the database (mode 0700,
 * refused when it is a link or another user's). The daily backup is named
 * after its database and the local time, DBNAME-YYYYMMDD-HHMMSS.db
 * ("capphat-20261202-083000.db" for capphat.db): two databases in one
 * folder never share names. Each is recorded in the database when taken;
 * the setting backup_keep (default 7) says how many are kept, and the
 * rotation deletes only recorded ones of this database dated no later than
 * now, never the one it just made: a planted file, a name in another
 * format, a clock set back, or another database's backups are left alone.
 * Every copy is a self-contained SQLite file written through io/outfile
 * (mode 0600, complete or absent, never over an existing file).
 */
#ifndef APP_BACKUP_APP_H
#define APP_BACKUP_APP_H

#include <stddef.h>

#include "app/app.h"

/*
 * Copy the database to path (".db"; io/outfile's flags: OUTFILE_FORCE to
 * replace a file the operator named). Consistent while others write.
 * Returns 0, or ERR_EXISTS, ERR_IO... with err naming path; ERR_INVALID
 * for an operator of some communes on a server, who sees only part of it.
 */
int app_backup_to(struct app *app, const char *path, unsigned flags, struct error *err);

/*
 * Take a backup when the newest one of this database is older than a day
 * (or there is none), then delete the oldest recorded ones beyond
 * backup_keep. In a test build, CAPPHAT_NOW ("YYYY-MM-DDTHH:MM:SS", local
 * time) fakes the clock (core/testhook.h). When the database belongs to
 * another user, nothing is done (a notice says so: see app_notice); for an
 * operator of some communes on a server, nothing either (the province's
 * operator or the owner backs the register up).
 *
 * Returns 1 when a backup was taken (*made, when not NULL, gets its path:
 * a new string, caller frees), 0 when the last one is recent enough (*made
 * = NULL), or a negative ERR_* (err says why; nothing is half-written).
 */
int app_daily_backup(struct app *app, char **made, struct error *err);

/*
 * Every backup of the database in its backups folder, whatever its date —
 * the daily ones and the copies taken before an upgrade — as paths (*n of
 * them; free each and the array). A link or anything else under such a
 * name is listed too: check says it is not a copy it can read.
 */
char **app_backup_all(const char *db_path, size_t *n);

/* The newest daily backup of the database (its path in *name, a new
 * string, and its age in seconds): 1, or 0 when there is none. */
int app_backup_newest(struct app *app, char **name, long long *age);

/*
 * Bring an older database to the current schema, after a copy named
 * DBNAME-before-vN-YYYYMMDD-HHMMSS.db in the backups folder (*backup: its
 * path, a new string, caller frees; NULL when no upgrade was needed).
 */
int app_upgrade(struct app *app, char **backup, struct error *err);

/* The backups folder dir made when missing (0700), and refused unless it is
 * a folder (not a link) of this user; with app, set back to 0700. */
int app_backups_folder_ready(struct app *app, const char *dir, struct error *err);

/* The folder of the register at db_path, where its backups and receipts
 * go: the file's own folder, or for a register on a server this
 * account's folder for it ($XDG_DATA_HOME/capphat/servers/ID, made when
 * missing). A new string. */
char *app_register_folder(const char *db_path);

/* The backups folder of the database at db_path (a new string, caller frees). */
char *app_backup_dir(const char *db_path);

#endif
