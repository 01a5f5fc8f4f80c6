/* operator_app: the operators of a register on a server; see
 * include/app/operator_app.h. */
#include "app/operator_app.h"

#include <stdlib.h>

#include "core/i18n.h"
#include "core/strbuf.h"
#include "store/operator_store.h"

struct add {
    const char *login;
    int province;
    const long long *units;
    size_t n;
};

/* The entry's image: {"login":…,"kind":…,"units":[…]} (a plain login needs
 * no escaping: operator_store_add refuses any other) */
static char *image(const struct add *a)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"login\":\"");
    strbuf_addstr(&sb, a->login);
    strbuf_addstr(&sb, a->province ? "\",\"kind\":\"province\",\"units\":["
                                   : "\",\"kind\":\"commune\",\"units\":[");
    for (size_t i = 0; i < a->n; i++)
        strbuf_addf(&sb, i ? ",%lld" : "%lld", a->units[i]);
    strbuf_addstr(&sb, "]}");
    return strbuf_detach(&sb, NULL);
}

static int add_fn(struct app *app, void *arg, struct error *err)
{
    struct add *a = arg;
    int rc = operator_store_add(app->db, a->login, a->province, a->units, a->n, err);
    if (rc == 0) {
        char *after = image(a);
        rc = app_audit(app, "operator.add", "operator", 0, NULL, after, err);
        free(after);
    }
    return rc;
}

int operator_app_add(struct app *app, const char *login, int province, const long long *units,
                     size_t n, struct error *err)
{
    struct add a = {login, province, units, n};
    if (!province && n == 0)
        return error_set_field(err, ERR_INVALID, "commune",
                               _("operator '%s' needs --commune (one or more) or --province"),
                               error_quote(login));
    if (province && n > 0)
        return error_set_field(err, ERR_INVALID, "commune",
                               _("operator '%s': --province sees every commune; give it without "
                                 "--commune"),
                               error_quote(login));
    return app_txn(app, add_fn, &a, err);
}
