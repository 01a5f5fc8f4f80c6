/*
 * restore_app: `capphat restore BACKUP` — the register brought back from a
 * copy, with nothing lost on the way.
 *
 * The copy must be a closed file of this register (not of another one;
 * one older than the seals only when the register or a sealed backup
 * holds its last entry), and pass `check` whole (its chain, its seals
 * under this office's key, every record), upgraded when older, before the
 * register is touched; no capphat may have the register open (each holds
 * a shared lock on it, see app_open). The register it replaces is never
 * deleted: the database (its WAL folded in), what lies beside it, copies
 * of its head file and of this account's record of it, and the backups
 * that hold entries the copy does not (their history is no longer the
 * register's) go together into backups/replaced-YYYYMMDD-HHMMSS/. The
 * copy's log gets an entry "register.restore" naming the copy, that folder
 * and the replaced log's last entry — the records other accounts keep of
 * the replaced register are known by it — and then takes the database's
 * name in one rename; its heads start afresh, in both places.
 */
#ifndef APP_RESTORE_APP_H
#define APP_RESTORE_APP_H

#include "app/app.h"
#include "app/check_app.h"

struct restore_result {
    char *kept;                /* the folder of what was replaced (caller frees), or NULL */
    long long entries;         /* the restored log's entries, its restore entry included */
    long long replaced;        /* the last entry of the replaced register's log, 0 if none */
    long long backups_kept;    /* backups moved with it */
    int unsealed;              /* no office key here: the seals were not verified */
    struct check_result check; /* the restored register's check */
};

/*
 * Restore the database at db from the file backup. report(line, arg) is
 * given each problem of the backup's check (nothing is then done, return
 * 1) and of the restored register's. Returns 0, 1, or a negative ERR_*:
 * ERR_BUSY when the database is open elsewhere, ERR_INVALID for a backup
 * that is not a file or is the database itself.
 */
int app_restore(const char *db, const char *backup, void (*report)(const char *line, void *arg),
                void *arg, struct restore_result *res, struct error *err);

#endif
