/* round_store: rounds of handing out; see include/store/round_store.h. */
#include "store/round_store.h"
#include "store_internal.h"

void round_release(struct round *r)
{
    record_release(&round_kind, r, sizeof(*r));
}

int round_store_insert(struct db *db, const struct round *r, long long *id, struct error *err)
{
    return record_insert(db, &round_kind, r, id, err);
}

int round_store_get(struct db *db, long long id, struct round *out, struct error *err)
{
    return record_get(db, &round_kind, id, out, sizeof(*out), err);
}

int round_store_snapshot(struct db *db, long long id, char **out, struct error *err)
{
    return record_snapshot(db, &round_kind, id, out, err);
}

int round_store_each(struct db *db, round_fn fn, void *arg, struct error *err)
{
    struct stmt *st = db_stmt(db, record_select(&round_kind, "ORDER BY r.id"));
    int rc, stop = 0;
    while ((rc = stmt_step(db, st, err)) == 1) {
        struct round r = {0};
        record_from_row(&round_kind, st, &r);
        stop = fn(&r, arg);
        round_release(&r);
        if (stop)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}
