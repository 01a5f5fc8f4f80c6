/* round_app: adding a round; see include/app/round_app.h. */
#include "app/round_app.h"
#include "app/field_app.h"

#include <string.h>

#include "core/date.h"
#include "core/i18n.h"
#include "core/xalloc.h"

/* The change "round.add". */
static int insert_round(struct app *app, struct app_change *c, struct error *err)
{
    const struct round *r = c->arg;
    int rc = round_store_insert(app->db, r, &c->id, err);
    if (rc == ERR_CONFLICT)
        rc = error_set_field(err, ERR_CONFLICT, "name", _("round name '%s' is already used"),
                             r->name);
    return rc;
}

int round_app_add(struct app *app, const struct round_input *in, long long *id, struct error *err)
{
    struct round r = {.budget = -1};
    char now[21];
    int rc = field_app_apply_input(app, &round_kind, in, &r, err);

    if (rc == 0) {
        date_now_utc(now);
        r.created_at = xstrdup(now);
        struct app_change c = {
            .action = "round.add", .entity = "round", .write = insert_round, .arg = &r};
        rc = app_change(app, &c, err);
        if (rc == 0 && id)
            *id = c.id;
    }
    round_release(&r);
    return rc;
}
