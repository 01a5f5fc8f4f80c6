/*
 * check_app: `capphat check` — SQLite's integrity check, the audit chain
 * (every entry's hash recomputed and linked to the previous one), and every
 * tracked row compared with the last state the audit log recorded for it.
 */
#ifndef APP_CHECK_APP_H
#define APP_CHECK_APP_H

#include "app/app.h"

struct check_result {
    long long entries; /* audit entries verified */
    long long rows;    /* rows compared with the log */
    long long problems;
    int unsealed;     /* no office key here: the seals were not verified */
    int no_head;      /* no head file beside the database */
    int account_head; /* this account's record of the register was there */
    int heads_broken; /* the log no longer holds a head recorded outside it */
    long long since;  /* checked from this entry on (the last sealed check), 0: everything */
};

/*
 * report(line, arg) is called for each problem found. Returns 0 when clean,
 * 1 when problems were found, negative on error.
 *
 * Unless CHECK_FULL, a check starts where the last one left off: from the
 * entry it verified (recorded and sealed in the heads), it verifies the
 * entries written since and the records touched since (schema step 7), the
 * schema, the tables kept whole, the attendance, the IMEI table and the
 * heads; CHECK_FULL (and a first check, or one without the office key)
 * verifies every entry and every record, and SQLite's integrity and
 * foreign keys. A clean check records, sealed, where it got to, unless
 * CHECK_NO_RECORD.
 */
enum check_flags {
    CHECK_FULL = 1,      /* everything, not only what changed since the last check */
    CHECK_NO_RECORD = 2, /* write nothing, not even where the check got to (a copy looked at) */
};
int check_app_run(struct app *app, int flags, void (*report)(const char *line, void *arg),
                  void *arg, struct check_result *res, struct error *err);

/*
 * `check --anchor N:HEX`, the anchor printed on a paper: the log's entries
 * 1 to N are intact and sealed (as in check) and entry N's hash begins
 * with HEX — the log up to that paper is the one it was printed from.
 * Returns 0, 1 with the problems reported, or a negative ERR_*.
 */
int check_app_anchor(struct app *app, long long seq, const char *hex,
                     void (*report)(const char *line, void *arg), void *arg,
                     struct check_result *res, struct error *err);

#endif
