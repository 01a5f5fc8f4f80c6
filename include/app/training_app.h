/* training_app: training sessions and attendance. */
#ifndef APP_TRAINING_APP_H
#define APP_TRAINING_APP_H

#include <stddef.h>

#include "app/app.h"

/* An error about a value names its field by the member's name ("date",
 * "topic"; "commune" for commune_id, "round" for round_id). */
struct training_input {
    const char *date;
    const char *place;
    const char *trainer;
    const char *topic;
    /* with commune: the session's commune (optional), named as on the
     * session's date (a name shared by an old and a new commune is the one
     * valid then; an old commune named for a later date is the commune it
     * became) */
    const char *district;
    const char *commune;
    long long round_id;
    /* a commune chosen from a list: used instead of the names, as the
     * unit it stands for on the date (unit_app_at) */
    long long commune_id;
};

int training_app_add(struct app *app, const struct training_input *in, long long *id,
                     struct error *err);
/* Add persons to a session's attendance; those already on it are kept. *added counts new ones. */
int training_app_attend(struct app *app, long long session_id, const long long *person_ids,
                        size_t n, size_t *added, struct error *err);
int training_app_unattend(struct app *app, long long session_id, long long person_id,
                          struct error *err);

#endif
