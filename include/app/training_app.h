/* training_app: training sessions and attendance. */
#ifndef APP_TRAINING_APP_H
#define APP_TRAINING_APP_H

#include <stddef.h>

#include "app/app.h"

struct training_input {
    const char *date;
    const char *place;
    const char *trainer;
    const char *topic;
    const char *district; /* with commune: the session's commune (optional) */
    const char *commune;
    long long round_id;
};

int training_app_add(struct app *app, const struct training_input *in, long long *id,
                     struct error *err);
/* Add persons to a session's attendance; those already on it are kept. *added counts new ones. */
int training_app_attend(struct app *app, long long session_id, const long long *person_ids,
                        size_t n, size_t *added, struct error *err);
int training_app_unattend(struct app *app, long long session_id, long long person_id,
                          struct error *err);

#endif
