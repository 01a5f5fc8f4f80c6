/*
 * seen_app: what a screen showed of a record, so that a save made from it
 * finds the record changed meanwhile by another operator (its version went
 * up) and refuses, saying what changed and who changed it, instead of
 * writing the old values back over the new ones.
 */
#ifndef APP_SEEN_APP_H
#define APP_SEEN_APP_H

#include "app/app.h"

enum seen_kind { SEEN_PERSON, SEEN_DEVICE, SEEN_HANDOVER };

struct app_seen {
    enum seen_kind kind;
    long long id;
    long long version;
    char *snapshot; /* the record's audit image (JSON) as shown */
};

/* Remember record id of kind as it is now. Returns 0 or ERR_*. */
int app_seen_take(struct app *app, enum seen_kind kind, long long id, struct app_seen *seen,
                  struct error *err);
void app_seen_release(struct app_seen *seen);

/*
 * Inside the use case's transaction: 0 when the record is still at the
 * version seen (or seen is NULL: the command line acts on what is stored
 * now), else ERR_STALE with a message naming the record, the fields that
 * changed, the operator and the time of the change, and that nothing was
 * saved.
 */
int app_seen_check(struct app *app, const struct app_seen *seen, long long version_now,
                   struct error *err);

#endif
