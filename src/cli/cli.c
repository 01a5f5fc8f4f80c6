/* cli: option parsing, usage and help, subcommand dispatch, and the printing shared by the
 * commands. */
#include "cli/cli.h"
#include "store/field.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/handover_app.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "core/strbuf.h"
#include "store/audit_store.h"
#include "store/db.h"
#include "store/handover_store.h"

void cli_list_release(struct cli_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

static void lists_release(const struct cli_option *opts)
{
    for (const struct cli_option *o = opts; o->type != CLI_OPT_END; o++)
        if (o->type == CLI_OPT_LIST)
            cli_list_release(o->value);
}

/* An argument rather than an option: a word, "-" alone, a negative number. */
static int is_argument(const char *a)
{
    return a[0] != '-' || a[1] == '\0' || (a[1] >= '0' && a[1] <= '9');
}

static const struct cli_option *option_find(const struct cli_option *opts, const char *a,
                                            size_t len)
{
    for (const struct cli_option *o = opts; o->type != CLI_OPT_END; o++)
        if (strlen(o->name) == len && strncmp(o->name, a, len) == 0)
            return o;
    return NULL;
}

/* After an error: nothing of the parse is kept. */
static int parse_fail(const struct cli_option *opts)
{
    lists_release(opts);
    return -1;
}

int cli_parse(int argc, char **argv, const struct cli_option *opts, unsigned flags,
              struct error *err)
{
    int n = 0, help = 0;

    for (int i = 0; i < argc; i++) {
        char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            while (++i < argc)
                argv[n++] = argv[i];
            break;
        }
        if (is_argument(a)) {
            if (flags & CLI_PARSE_STOP) {
                while (i < argc)
                    argv[n++] = argv[i++];
                break;
            }
            argv[n++] = a; /* n <= i: what is moved was read already */
            continue;
        }
        const char *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        const struct cli_option *o = option_find(opts, a, len);
        if (!o && len == 6 && strncmp(a, "--help", 6) == 0) {
            if (eq) {
                error_set(err, ERR_INVALID, _("option %s takes no value"), "--help");
                return parse_fail(opts);
            }
            help = 1;
            continue;
        }
        if (!o) {
            error_set(err, ERR_NOT_FOUND, _("unknown option '%s'"), error_quote(a));
            return parse_fail(opts);
        }
        if (o->type == CLI_OPT_FLAG) {
            if (eq) {
                error_set(err, ERR_INVALID, _("option %s takes no value"), o->name);
                return parse_fail(opts);
            }
            *(int *)o->value = 1;
            continue;
        }
        const char *v;
        if (eq) {
            v = eq + 1;
        } else if (i + 1 < argc) {
            v = argv[++i];
        } else {
            error_set(err, ERR_INVALID, _("option %s needs a value (%s)"), o->name,
                      o->arg_name ? o->arg_name : "VALUE");
            return parse_fail(opts);
        }
        if (o->type == CLI_OPT_STRING) {
            *(const char **)o->value = v;
        } else {
            struct cli_list *l = o->value;
            l->items = xrealloc(l->items, (l->n + 1) * sizeof(*l->items));
            l->items[l->n++] = v;
        }
    }
    if (help) {
        lists_release(opts);
        return CLI_PARSE_HELP;
    }
    return n;
}

int cli_given(const struct cli_option *o)
{
    switch (o->type) {
    case CLI_OPT_FLAG:
        return *(const int *)o->value != 0;
    case CLI_OPT_STRING:
        return *(const char *const *)o->value != NULL;
    case CLI_OPT_LIST:
        return ((const struct cli_list *)o->value)->n > 0;
    case CLI_OPT_END:
        break;
    }
    return 0;
}

const struct cli_option *cli_first_missing(const struct cli_option *opts)
{
    for (const struct cli_option *o = opts; o->type != CLI_OPT_END; o++)
        if ((o->flags & CLI_REQUIRED) && !cli_given(o))
            return o;
    return NULL;
}

static void options_grow(struct cli_options *t, size_t extra)
{
    /* room for the end marker too */
    if (t->nr + extra + 1 > t->alloc) {
        t->alloc = (t->nr + extra + 1) * 2;
        t->opts = xrealloc(t->opts, t->alloc * sizeof(*t->opts));
    }
}

void cli_options_add_fields(struct cli_options *t, const struct record_kind *k, void *in, int add)
{
    for (size_t i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        if (!f->option || f->input == FIELD_NO_INPUT || (add && (f->flags & FIELD_EDIT_ONLY)))
            continue;
        /* a field's input is a const char * of the input struct (field_input) */
        const char **value = (const char **)((char *)in + f->input);
        const struct cli_option o =
            OPT_STRING_F(f->option, value, f->arg, f->help,
                         add && (f->flags & FIELD_REQUIRED) ? CLI_REQUIRED : 0);
        cli_options_add_one(t, &o);
    }
}

void cli_options_add_one(struct cli_options *t, const struct cli_option *o)
{
    static const struct cli_option end = OPT_END();

    options_grow(t, 1);
    t->opts[t->nr++] = *o;
    t->opts[t->nr] = end;
}

void cli_options_add(struct cli_options *t, const struct cli_option *table)
{
    for (const struct cli_option *o = table; o->type != CLI_OPT_END; o++)
        cli_options_add_one(t, o);
}

const struct cli_option *cli_options_table(struct cli_options *t)
{
    static const struct cli_option empty[] = {OPT_END()};

    return t->opts ? t->opts : empty;
}

void cli_options_release(struct cli_options *t)
{
    free(t->opts);
    t->opts = NULL;
    t->nr = t->alloc = 0;
}

void cli_usage_line(struct strbuf *sb, const struct cli_command *cmd, const struct cli_option *opts)
{
    strbuf_addf(sb, "capphat %s", cmd->name);
    if (cmd->args)
        strbuf_addf(sb, " %s", cmd->args);
    for (const struct cli_option *o = opts; o->type != CLI_OPT_END; o++) {
        int optional = !(o->flags & CLI_REQUIRED);
        strbuf_addstr(sb, optional ? " [" : " ");
        strbuf_addstr(sb, o->name);
        if (o->type != CLI_OPT_FLAG)
            strbuf_addf(sb, " %s", o->arg_name ? o->arg_name : "VALUE");
        if (optional)
            strbuf_addch(sb, ']');
        /* "--person ID..." says it already */
        if (o->type == CLI_OPT_LIST && !(o->arg_name && strlen(o->arg_name) >= 3 &&
                                         strcmp(o->arg_name + strlen(o->arg_name) - 3, "...") == 0))
            strbuf_addstr(sb, "...");
    }
}

/* "  --name NAME              full name" */
static void help_line(const char *name, const char *arg, const char *help)
{
    char left[64];
    snprintf(left, sizeof(left), "%s%s%s", name, arg ? " " : "", arg ? arg : "");
    printf("  %-24s %s\n", left, help);
}

void cli_help(const struct cli_command *cmd, const struct cli_option *opts)
{
    struct strbuf usage = STRBUF_INIT;

    if (cmd->usage)
        strbuf_addstr(&usage, cmd->usage);
    else
        cli_usage_line(&usage, cmd, opts);
    printf(_("usage: %s\n\n%s\n"), usage.buf, _(cmd->summary));
    printf("\n%s\n", _("options:"));
    help_line("--help", NULL, _("show this help"));
    for (const struct cli_option *o = opts; o->type != CLI_OPT_END; o++)
        help_line(o->name, o->type == CLI_OPT_FLAG ? NULL : (o->arg_name ? o->arg_name : "VALUE"),
                  o->help ? _(o->help) : "");
    strbuf_release(&usage);
}

int cli_begin(const struct cli_command *cmd, const struct cli_option *opts, int *argc, char **argv)
{
    struct error err = ERROR_INIT;
    int n = cli_parse(*argc, argv, opts, 0, &err);

    if (n == CLI_PARSE_HELP) {
        cli_help(cmd, opts);
        return 0;
    }
    if (n < 0) {
        int rc = cli_usage_error(cmd->name, "%s: %s", cmd->name, error_msg(&err));
        error_clear(&err);
        return rc;
    }
    *argc = n;
    return -1;
}

const struct cli_subcommand *cli_subcommand_find(const struct cli_subcommand *subs,
                                                 const char *name)
{
    for (const struct cli_subcommand *s = subs; s->name; s++)
        if (strcmp(s->name, name) == 0)
            return s;
    return NULL;
}

void cli_subcommands_print(FILE *f, const struct cli_subcommand *subs, int width)
{
    if (width <= 0)
        for (const struct cli_subcommand *s = subs; s->name; s++)
            if ((int)strlen(s->name) + 1 > width)
                width = (int)strlen(s->name) + 1;
    for (const struct cli_subcommand *s = subs; s->name; s++)
        fprintf(f, "  %-*s %s\n", width, s->name, _(s->summary));
}

int cli_dispatch(const struct cli_ctx *ctx, const char *cmd, const struct cli_subcommand *subs,
                 int argc, char **argv)
{
    const struct cli_subcommand *s;

    if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0) {
        struct strbuf names = STRBUF_INIT;
        for (s = subs; s->name; s++)
            strbuf_addf(&names, "%s%s", s == subs ? "" : "|", s->name);
        /* TRANSLATORS: "usage: capphat person add|edit|list|show ..." */
        printf(_("usage: capphat %s %s ...\n"), cmd, names.buf);
        cli_subcommands_print(stdout, subs, 0);
        printf(_("'capphat %s SUBCOMMAND --help' tells more.\n"), cmd);
        strbuf_release(&names);
        return argc < 1 ? 2 : 0;
    }
    if ((s = cli_subcommand_find(subs, argv[0])) != NULL)
        return s->fn(ctx, argc - 1, argv + 1);
    return cli_usage_error(cmd, _("unknown subcommand '%s'"), argv[0]);
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

void cli_return_line(const struct handover *h)
{
    struct strbuf sb = STRBUF_INIT;
    char d[11];

    if (!h->returned_on)
        return;
    strbuf_addf(&sb, _("    returned %s: %s"), date_display(h->returned_on, d),
                handover_reason_label(h->return_reason));
    if (h->return_decision)
        strbuf_addf(&sb, _(", decision %s"), h->return_decision);
    if (h->return_no)
        strbuf_addf(&sb, _(", return record %s"), h->return_no);
    if (h->return_place)
        strbuf_addf(&sb, _(", at %s"), h->return_place);
    if (h->return_note)
        strbuf_addf(&sb, " (%s)", h->return_note);
    put_line(stdout, sb.buf);
    strbuf_release(&sb);
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
    cli_field_width(label, value, 16);
}

void cli_field_width(const char *label, const char *value, int width)
{
    struct strbuf sb = STRBUF_INIT;
    text_fit(&sb, label, width, 1);
    cli_line("  %s %s", sb.buf, value ? value : "");
    strbuf_release(&sb);
}

int cli_print_audit(const struct audit_entry *e, void *arg)
{
    /* the operator's name was typed (--operator) or written behind capphat's back */
    cli_line("  %s  %-16s %s", e->at, e->action, e->operator_name);
    return 0;
}
