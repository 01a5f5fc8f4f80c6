/* cli: option parsing and error printing shared by the commands. */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "core/strbuf.h"
#include "store/audit_store.h"
#include "store/db.h"

int cli_legacy_parse(int argc, char **argv, const struct cli_legacy_option *opts, const char **vals,
                     const char ***multi, const char ***pos, int *npos, struct error *err)
{
    int n = 0;
    size_t nopts = 0;

    while (opts[nopts].name)
        nopts++;
    for (size_t i = 0; i < nopts; i++) {
        vals[i] = NULL;
        if (multi)
            multi[i] = NULL;
    }
    *pos = xcalloc((size_t)argc + 1, sizeof(char *));
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            while (++i < argc)
                (*pos)[n++] = argv[i];
            break;
        }
        if (a[0] != '-' || a[1] == '\0' || (a[1] >= '0' && a[1] <= '9')) {
            (*pos)[n++] = a;
            continue;
        }
        const char *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        size_t k;
        for (k = 0; k < nopts; k++)
            if (strlen(opts[k].name) == len && strncmp(opts[k].name, a, len) == 0)
                break;
        if (k == nopts) {
            free(*pos);
            *pos = NULL;
            return error_set(err, ERR_INVALID, _("unknown option '%s'"), error_quote(a));
        }
        const char *v;
        if (!opts[k].has_arg) {
            if (eq) {
                free(*pos);
                *pos = NULL;
                return error_set(err, ERR_INVALID, _("option %s takes no value"), opts[k].name);
            }
            v = opts[k].name;
        } else if (eq) {
            v = eq + 1;
        } else if (i + 1 < argc) {
            v = argv[++i];
        } else {
            free(*pos);
            *pos = NULL;
            return error_set(err, ERR_INVALID, _("option %s needs a value (%s)"), opts[k].name,
                             opts[k].arg_name ? opts[k].arg_name : "VALUE");
        }
        if (opts[k].has_arg == 2 && multi) {
            size_t m = 0;
            while (multi[k] && multi[k][m])
                m++;
            multi[k] = xrealloc(multi[k], (m + 2) * sizeof(char *));
            multi[k][m] = v;
            multi[k][m + 1] = NULL;
        }
        vals[k] = v;
    }
    *npos = n;
    return 0;
}

/* Write text escaped (text_escape) and a newline to f. */
static void put_line(FILE *f, const char *text)
{
    struct strbuf sb = STRBUF_INIT;
    text_escape(&sb, text);
    strbuf_addch(&sb, '\n');
    fwrite(sb.buf, 1, sb.len, f);
    strbuf_release(&sb);
}

/* The options (or command) that give the values the use cases' messages ask
 * for by key (struct error's hint): the messages, also shown on screens,
 * name no option. */
static const struct {
    const char *hint;
    const char *words; /* N_() */
} hints[] = {
    /* TRANSLATORS: the option's argument as the --help of the command shows it */
    {"as_of", N_("--as-of DATE")},
    {"from", N_("--from ID")},
    {"model", N_("--model TEXT")},
    {"db", N_("--db FILE")},
    {"anchor", N_("see capphat check --anchor")},
};

void cli_hint(struct strbuf *sb, const struct error *err)
{
    for (size_t i = 0; err && err->hint && i < sizeof(hints) / sizeof(*hints); i++)
        if (strcmp(hints[i].hint, err->hint) == 0)
            strbuf_addf(sb, " (%s)", _(hints[i].words));
}

int cli_fail(const struct error *err)
{
    struct strbuf sb = STRBUF_INIT;
    const char *m = error_msg(err);
    /* values are quoted escaped (error_quote); this also catches a value
     * some message took as it was, and keeps the message on one line */
    if (err && err->code == ERR_EXISTS)
        /* TRANSLATORS: after "file 'x.pdf' already exists" */
        strbuf_addf(&sb, "capphat: %s%s", m,
                    _("; give --force to replace it, or choose another name"));
    else
        strbuf_addf(&sb, "capphat: %s", *m ? m : _("failed"));
    cli_hint(&sb, err);
    put_line(stderr, sb.buf);
    strbuf_release(&sb);
    return 1;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    strbuf_addstr(&sb, "capphat: ");
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    strbuf_addf(&sb, _(" (see 'capphat %s --help')"), cmd);
    put_line(stderr, sb.buf);
    strbuf_release(&sb);
    return 2;
}

void cli_line(const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    put_line(stdout, sb.buf);
    strbuf_release(&sb);
}

void cli_problem(const char *line, void *arg)
{
    int *n = arg;
    /* a problem may quote a value written behind capphat's back */
    if (++*n <= 200)
        cli_line("%s", line);
}

void cli_line_err(const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    put_line(stderr, sb.buf);
    strbuf_release(&sb);
}

void cli_record(struct strbuf *line, const char *const *fields, int n, enum csv_flavour fl)
{
    const char *shown[64];
    char *copies[64];

    if (n > 64)
        n = 64;
    for (int i = 0; i < n; i++) {
        /* escaped first: in TSV a tab or a line break inside a value is
         * then \x09 or \x0A, never a column or a row of its own */
        copies[i] = text_escaped(fields[i]);
        shown[i] = copies[i];
    }
    strbuf_reset(line);
    csv_writer_record(line, shown, n, fl);
    fwrite(line->buf, 1, line->len, stdout);
    for (int i = 0; i < n; i++)
        free(copies[i]);
}

void cli_legacy_help(const char *usage, const char *summary, const struct cli_legacy_option *opts)
{
    printf(_("usage: %s\n\n%s\n"), usage, summary);
    if (opts && opts[0].name) {
        printf("\n%s\n", _("options:"));
        for (const struct cli_legacy_option *o = opts; o->name; o++) {
            char left[64];
            snprintf(left, sizeof(left), "%s%s%s", o->name, o->has_arg ? " " : "",
                     o->has_arg ? (o->arg_name ? o->arg_name : "VALUE") : "");
            printf("  %-24s %s\n", left, _(o->help));
        }
    }
}

void cli_notices(struct app *app)
{
    char *n = app_take_notices(app), *line = n, *nl;

    while (line && *line) {
        nl = strchr(line, '\n');
        cli_line_err(_("capphat: notice: %.*s"), (int)(nl ? (size_t)(nl - line) : strlen(line)),
                     line);
        line = nl ? nl + 1 : NULL;
    }
    free(n);
}

int cli_open(const struct cli_ctx *ctx, struct app *app, int flags)
{
    struct error err = ERROR_INIT;
    int rc = app_open(app, ctx->db_path, flags, NULL, &err);
    if (rc) {
        rc = cli_fail(&err);
        error_clear(&err);
        return rc;
    }
    cli_notices(app);
    return 0;
}

int cli_parse_id(const char *s, const char *field, long long *id, struct error *err)
{
    char *end;
    long long v;

    *id = 0;
    if (!s || !*s)
        return error_set(err, ERR_INVALID, _("%s is required"), field);
    errno = 0;
    v = strtoll(s, &end, 10);
    /* out of range would be clamped to LLONG_MAX: refuse it, do not look it up */
    if (*end || v <= 0 || end == s || errno == ERANGE)
        return error_set(err, ERR_INVALID, _("%s '%s' is not an id (a positive number)"), field,
                         error_quote(s));
    *id = v;
    return 0;
}

int cli_legacy_begin(const char *cmd, const char *usage, const char *summary,
                     const struct cli_legacy_option *opts, int argc, char **argv, const char **vals,
                     const char ***multi, const char ***pos, int *npos)
{
    struct error err = ERROR_INIT;

    if (cli_legacy_parse(argc, argv, opts, vals, multi, pos, npos, &err)) {
        int rc = cli_usage_error(cmd, "%s: %s", cmd, error_msg(&err));
        error_clear(&err);
        return rc;
    }
    if (vals[0]) {
        cli_legacy_help(usage, _(summary), opts);
        cli_legacy_end(opts, multi, *pos);
        *pos = NULL;
        return 0;
    }
    return -1;
}

void cli_legacy_end(const struct cli_legacy_option *opts, const char ***multi, const char **pos)
{
    if (multi)
        for (size_t i = 0; opts[i].name; i++)
            free(multi[i]);
    free(pos);
}

int cli_finish(struct error *err, int rc)
{
    if (rc) {
        rc = cli_fail(err);
        error_clear(err);
        return rc;
    }
    error_clear(err);
    return 0;
}

void cli_field(const char *label, const char *value)
{
    struct strbuf sb = STRBUF_INIT;
    text_fit(&sb, label, 16, 1);
    cli_line("  %s %s", sb.buf, value ? value : "");
    strbuf_release(&sb);
}

int cli_print_audit(const struct audit_entry *e, void *arg)
{
    /* the operator's name was typed (--operator) or written behind capphat's back */
    cli_line("  %s  %-16s %s", e->at, e->action, e->operator_name);
    return 0;
}
