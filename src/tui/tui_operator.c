/*
 * tui_operator: the start dialog that asks who is working, for offices
 * where several people share one login. Shown at start when the setting
 * operator_prompt is "on" and no --operator was given; it proposes the
 * name given last time on this account (the state file, tui_state.c). The
 * name goes before the login in the audit log ("Hoàng Thị Mai (office)",
 * app_operator_set); left empty, or with Esc, the login alone is recorded.
 */
#include <stdlib.h>

#include "app/app.h"
#include "core/i18n.h"
#include "tui_form.h"

#define STATE_KEY "operator"

static int operator_save(struct tui_form *f, struct error *err)
{
    int rc = app_operator_set(tui_form_value(f, 0), _("name"), err);
    if (rc != 0)
        return rc; /* shown under the field "operator" */
    tui_state_set(STATE_KEY, app_operator_name());
    tui_status(0, _("working as %s"), app_operator());
    return 0;
}

void tui_operator_ask(void)
{
    struct tui_form *f = tui_form_new(_("Who is working?"), 1);
    char *last = tui_state_get(STATE_KEY);

    f->save = operator_save;
    tui_form_field(f, 0, "operator", N_("Your name"), FIELD_TEXT, 0);
    tui_form_set(f, 0, last ? last : "", 0);
    tui_form_message(f, 0,
                     _("The audit log records your name with the login: \"NAME (login)\". "
                       "Enter: start. Left empty, or with Esc, the login alone is recorded."));
    free(last);
    tui_form_open(f);
}
