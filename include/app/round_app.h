/* round_app: adding a round (đợt cấp phát), audited. */
#ifndef APP_ROUND_APP_H
#define APP_ROUND_APP_H

#include "app/app.h"
#include "store/round_store.h"

/*
 * Add a round from what was typed, each field checked by its rule (the
 * round's field table): its name is required and no other round's. The
 * change is one audit entry (round.add); its id into *id (id may be NULL).
 */
int round_app_add(struct app *app, const struct round_input *in, long long *id, struct error *err);

#endif
