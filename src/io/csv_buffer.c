/*
 * csv_buffer: parse CSV text held in memory (the reference data built into
 * the binary) with libcsv, one callback per record.
 */
#include "io/csv_buffer.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/xalloc.h"

struct state {
    char **fields;
    size_t n, alloc;
    long long record;
    int (*fn)(const char *const *fields, size_t n, long long record, void *arg);
    void *arg;
    int stop;
};

static void on_field(void *s, size_t len, void *data)
{
    struct state *st = data;
    if (st->n == st->alloc) {
        st->alloc = st->alloc ? st->alloc * 2 : 16;
        st->fields = xrealloc(st->fields, st->alloc * sizeof(*st->fields));
    }
    st->fields[st->n++] = xstrndup(s ? s : "", s ? len : 0);
}

static void on_record(int c, void *data)
{
    struct state *st = data;
    st->record++;
    if (!st->stop && st->n > 0)
        st->stop = st->fn((const char *const *)st->fields, st->n, st->record, st->arg);
    for (size_t i = 0; i < st->n; i++)
        free(st->fields[i]);
    st->n = 0;
}

int csv_buffer_each(const char *data, size_t len,
                    int (*fn)(const char *const *fields, size_t n, long long record, void *arg),
                    void *arg, struct error *err)
{
    struct csv_parser p;
    struct state st = {0};

    st.fn = fn;
    st.arg = arg;
    if (csv_init(&p, CSV_APPEND_NULL) != 0)
        return error_set(err, ERR_INTERNAL, _("cannot start the CSV parser"));
    if (csv_parse(&p, data, len, on_field, on_record, &st) != len) {
        int rc = error_set(err, ERR_INVALID, _("CSV: %s"), csv_strerror(csv_error(&p)));
        csv_free(&p);
        for (size_t i = 0; i < st.n; i++)
            free(st.fields[i]);
        free(st.fields);
        return rc;
    }
    csv_fini(&p, on_field, on_record, &st);
    csv_free(&p);
    for (size_t i = 0; i < st.n; i++)
        free(st.fields[i]);
    free(st.fields);
    return st.stop;
}
