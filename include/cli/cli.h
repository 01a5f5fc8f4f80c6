/*
 * cli: the command line. One file per command in src/cli/ (cmd_NAME.c with
 * cmd_NAME()), dispatched from the table in main.c; a command with
 * subcommands (person add, person list...) dispatches them from a table of
 * its own (cli_dispatch). Each parses its options with cli_begin against a
 * table bound to its variables, from which its usage and --help are made.
 * Commands print results on stdout and one line per error on stderr
 * ("capphat: MESSAGE"), and return the exit status: 0 done, 1 refused or
 * failed, 2 usage error.
 */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <stdio.h>

#include "app/app.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "io/csv_writer.h"

/* What a command receives. */
struct cli_ctx {
    const char *db_path; /* resolved */
    const char *prog;
};

/*
 * Options, in the manner of git's parse-options: each command lists its
 * options in a table whose entries bind to the command's variables, and
 * cli_parse stores each value straight into its variable. The usage line
 * and --help are made from the same table, so they cannot drift from what
 * is parsed.
 *
 *     const char *name = NULL;
 *     int force = 0;
 *     struct cli_list maps = CLI_LIST_INIT;
 *     struct cli_option opts[] = {
 *         OPT_STRING_F("--name", &name, "NAME", N_("full name"), CLI_REQUIRED),
 *         OPT_FLAG("--force", &force, N_("replace the file")),
 *         OPT_LIST("--map", &maps, "COLUMN=FIELD", N_("read COLUMN as FIELD")),
 *         OPT_END(),
 *     };
 *
 * Every command understands --help without listing it. An option is given
 * as "--name VALUE" or "--name=VALUE"; "--" ends the options; a word that
 * does not start with '-', "-" alone and "-3" are arguments, and may come
 * between options.
 */
enum cli_opt_type {
    CLI_OPT_END,    /* ends a table */
    CLI_OPT_FLAG,   /* int *: set to 1 when given */
    CLI_OPT_STRING, /* const char **: the value (given twice, the last one) */
    CLI_OPT_LIST,   /* struct cli_list *: every value, in the order given */
};

/* Option flags. CLI_REQUIRED: plain in the usage line, not in [ ]. The
 * parser does not refuse its absence: a command says what is missing in its
 * own words, when it is (cli_first_missing finds it). */
#define CLI_REQUIRED 1u

struct cli_option {
    const char *name; /* "--name", or "-o" */
    enum cli_opt_type type;
    void *value;          /* the variable; see enum cli_opt_type */
    const char *arg_name; /* "NAME" in the usage line, help and errors; NULL for a flag */
    const char *help;     /* N_(): the option's line in --help; NULL: none */
    unsigned flags;       /* CLI_REQUIRED */
};

/* The values of a repeatable option: items[0..n), pointers into argv.
 * cli_list_release frees the array (never the strings). */
struct cli_list {
    const char **items;
    size_t n;
};
#define CLI_LIST_INIT                                                                              \
    {                                                                                              \
        NULL, 0                                                                                    \
    }
void cli_list_release(struct cli_list *l);

/* The variable must have the type its option stores (a compile error otherwise). */
#define CLI_BIND_(type, p) _Generic((p), type : (void *)(p))

#define OPT_END()                                                                                  \
    {                                                                                              \
        NULL, CLI_OPT_END, NULL, NULL, NULL, 0                                                     \
    }
#define OPT_FLAG(name, p, help)                                                                    \
    {                                                                                              \
        (name), CLI_OPT_FLAG, CLI_BIND_(int *, p), NULL, (help), 0                                 \
    }
#define OPT_STRING_F(name, p, arg, help, flags)                                                    \
    {                                                                                              \
        (name), CLI_OPT_STRING, CLI_BIND_(const char **, p), (arg), (help), (flags)                \
    }
#define OPT_STRING(name, p, arg, help) OPT_STRING_F(name, p, arg, help, 0)
#define OPT_LIST_F(name, p, arg, help, flags)                                                      \
    {                                                                                              \
        (name), CLI_OPT_LIST, CLI_BIND_(struct cli_list *, p), (arg), (help), (flags)              \
    }
#define OPT_LIST(name, p, arg, help) OPT_LIST_F(name, p, arg, help, 0)

/* cli_parse's flags. CLI_PARSE_STOP: the first argument ends the options,
 * it and all after it are arguments (capphat's own options, before the
 * command). */
#define CLI_PARSE_STOP 1u
/* What cli_parse returns when --help was given. */
#define CLI_PARSE_HELP (-2)

/*
 * Parse argv[0..argc) against opts, storing each value into its variable
 * (values that are not given leave their variables as they were: set the
 * defaults before). The arguments that are not options are moved, in their
 * order, to the front of argv.
 * Returns how many there are, CLI_PARSE_HELP when --help was given, or -1
 * with a message naming the option in err: err->code is ERR_NOT_FOUND for
 * an unknown option, ERR_INVALID for a value missing or given to a flag.
 * On -1 and CLI_PARSE_HELP the lists of opts are released; otherwise the
 * caller releases them (cli_list_release).
 */
int cli_parse(int argc, char **argv, const struct cli_option *opts, unsigned flags,
              struct error *err);

/* 1 when the option's variable holds a value (a string, a flag set, a list
 * not empty). */
int cli_given(const struct cli_option *o);
/* The first option of opts flagged CLI_REQUIRED that is not given, or NULL. */
const struct cli_option *cli_first_missing(const struct cli_option *opts);

/*
 * A table of options built at run time (say, one option per field of a
 * record, bound into the record's input struct, followed by a command's
 * own), always ended by OPT_END.
 */
struct cli_options {
    struct cli_option *opts;
    size_t nr, alloc;
};
#define CLI_OPTIONS_INIT                                                                           \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }
/* Append the options of table (up to its OPT_END). */
void cli_options_add(struct cli_options *t, const struct cli_option *table);
/* Append one option (a copy of *o). */
void cli_options_add_one(struct cli_options *t, const struct cli_option *o);
/* The table, ended by OPT_END (empty before anything was added); it moves
 * when options are added. */
const struct cli_option *cli_options_table(struct cli_options *t);

/*
 * The options that set the fields of a record of kind k (store/field.h:
 * each field's option, argument and help), each bound to the field's text
 * in in, the kind's input struct. On add (add non-zero) the fields a record
 * cannot lack are required and those of an edit only are left out; on edit
 * all are optional.
 */
struct record_kind;
void cli_options_add_fields(struct cli_options *t, const struct record_kind *k, void *in, int add);
void cli_options_release(struct cli_options *t);

/* What a command (or subcommand) says of itself in its usage and --help. */
struct cli_command {
    const char *name;    /* what follows "capphat": "person add" */
    const char *args;    /* its arguments in the usage line, "ID", or NULL */
    const char *summary; /* N_(): the paragraph under the usage line */
    /* the usage, all of it after "usage: ", where the options alone cannot
     * say it (a command of several forms); NULL: made from the options */
    const char *usage;
};

/*
 * The usage line made from the options: "capphat NAME ARGS", then each
 * option in the order of the table: a required one as "--name NAME", any
 * other in brackets, "[--force]", a list followed by "...".
 */
void cli_usage_line(struct strbuf *sb, const struct cli_command *cmd,
                    const struct cli_option *opts);
/* Print the help of a command on stdout: the usage, its summary, and a
 * line per option ("--help" first). */
void cli_help(const struct cli_command *cmd, const struct cli_option *opts);

/*
 * The start of every command: parse argv against opts (cli_parse), print
 * the help when asked. Returns -1 to go on, with *argc set to the number of
 * arguments left at the front of argv; or the exit status to return at
 * once (0 after the help, 2 on a usage error, printed on stderr).
 */
int cli_begin(const struct cli_command *cmd, const struct cli_option *opts, int *argc, char **argv);

/* A subcommand of a command ("add" of person), or a command of capphat. */
struct cli_subcommand {
    const char *name;
    int (*fn)(const struct cli_ctx *ctx, int argc, char **argv);
    const char *summary; /* N_(): its line in the list */
};

/* The entry of subs (ended by a NULL name) called name, or NULL. */
const struct cli_subcommand *cli_subcommand_find(const struct cli_subcommand *subs,
                                                 const char *name);
/* Print "  NAME  SUMMARY" for each of subs on f, the names padded to width
 * columns (0: one more than the longest). */
void cli_subcommands_print(FILE *f, const struct cli_subcommand *subs, int width);

/*
 * Run the subcommand of command cmd ("person") that argv[0] names, with
 * the arguments after it. With none, or --help (-h), prints the usage and
 * the list of subcommands (exit 2 without a subcommand, 0 for --help); an
 * unknown one is a usage error.
 */
int cli_dispatch(const struct cli_ctx *ctx, const char *cmd, const struct cli_subcommand *subs,
                 int argc, char **argv);

/* Print "capphat: MESSAGE" on stderr, with the command line's hint
 * (cli_hint). Returns the exit status for the code. */
int cli_fail(const struct error *err);
/*
 * Append what the command line adds to err's message for its hint (struct
 * error's hint: another value the message asks for in words), translated:
 * " (--as-of DATE)"; nothing when err has no hint the command line knows.
 */
struct strbuf;
void cli_hint(struct strbuf *sb, const struct error *err);
/* Print a usage error on stderr; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Open the database for a command; prints the error itself, and the
 * notices of the open on stderr. Returns 0 or exit status. */
int cli_open(const struct cli_ctx *ctx, struct app *app, int flags);
/* Print the app's notices on stderr, "capphat: notice: ..." each. */
void cli_notices(struct app *app);

/* Parse a positive integer id; error names the field. */
int cli_parse_id(const char *s, const char *field, long long *id, struct error *err);

/* Commands. */
int cmd_init(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_demo(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_person(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_device(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_round(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_handover(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_return(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_training(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_find(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_imei(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_check(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_backup(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_migrate(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_operator(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_restore(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_export(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_receipt(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_settings(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_import(const struct cli_ctx *ctx, int argc, char **argv);

/*
 * What commands print goes through these, so that no value stored in the
 * database (a name, a note, an operator) reaches the terminal as it is:
 * each escapes what it prints as text_escape (core/text.h) does.
 *
 * cli_line prints one line on stdout (fmt without its newline),
 * cli_line_err on stderr; cli_record prints one record of n fields (at
 * most 64) as CSV or TSV (io/csv_writer), built in line.
 */
void cli_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A problem found by check or restore, on stdout; arg counts them (an
 * int): past 200, only counted. */
void cli_problem(const char *line, void *arg);
void cli_line_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The line of a show that tells how a handover h ended, when it did: the
 * date and reason, the decision, the return record and where, the note. */
struct handover;
void cli_return_line(const struct handover *h);
void cli_record(struct strbuf *line, const char *const *fields, int n, enum csv_flavour fl);

/* Report err (if set) and return its exit status, else 0. Clears err. */
int cli_finish(struct error *err, int rc);
/* "  Label:          value" with labels aligned by display width. */
void cli_field(const char *label, const char *value);
/* The same, the label padded to width columns. */
void cli_field_width(const char *label, const char *value, int width);

/* An audit_fn printing "  TIME  ACTION  OPERATOR". */
struct audit_entry;
int cli_print_audit(const struct audit_entry *e, void *arg);

#endif
