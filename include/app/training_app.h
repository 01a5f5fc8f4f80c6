/* training_app: training sessions and attendance. */
#ifndef APP_TRAINING_APP_H
#define APP_TRAINING_APP_H

#include <stddef.h>

#include "app/app.h"
#include "store/training_store.h"

int training_app_add(struct app *app, const struct training_input *in, long long *id,
                     struct error *err);
/* Add persons to a session's attendance; those already on it are kept. *added counts new ones. */
int training_app_attend(struct app *app, long long session_id, const long long *person_ids,
                        size_t n, size_t *added, struct error *err);
int training_app_unattend(struct app *app, long long session_id, long long person_id,
                          struct error *err);

#endif
