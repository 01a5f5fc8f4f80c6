/*
 * cli: the command line. One file per command in src/cli/ (cmd_NAME.c with
 * cmd_NAME()), dispatched from the table in main.c. Commands print results
 * on stdout and one line per error on stderr ("capphat: MESSAGE"), and
 * return the exit status: 0 done, 1 refused or failed, 2 usage error.
 */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include "app/app.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "io/csv_writer.h"

struct cli_legacy_option {
    const char *name; /* "--name" */
    int has_arg;      /* 0 flag, 1 value, 2 value that may repeat */
    const char *arg_name;
    const char *help;
};

/* What a command receives. */
struct cli_ctx {
    const char *db_path; /* resolved */
    const char *prog;
};

/*
 * Parse argv against opts. Values land in vals[i] (NULL when absent; for a
 * flag, the option's own name); repeated values (has_arg 2) are collected
 * in multi[i] (a NULL-terminated array, caller frees the array only).
 * Positional arguments are collected in *pos (caller frees the array).
 * Returns 0 or ERR_INVALID with a message naming the option.
 */
int cli_legacy_parse(int argc, char **argv, const struct cli_legacy_option *opts, const char **vals,
                     const char ***multi, const char ***pos, int *npos, struct error *err);

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
/* Print the help of a command: usage line, summary, options. */
void cli_legacy_help(const char *usage, const char *summary, const struct cli_legacy_option *opts);

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
int cmd_restore(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_export(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_receipt(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_settings(const struct cli_ctx *ctx, int argc, char **argv);
int cmd_import(const struct cli_ctx *ctx, int argc, char **argv);

/*
 * The start of every command: parse argv against opts (whose first entry
 * must be --help), print the help when asked. Returns -1 to go on, or the
 * exit status to return at once (0 after help, 2 on a usage error).
 * Free *pos and the multi arrays afterwards (cli_end).
 */
int cli_legacy_begin(const char *cmd, const char *usage, const char *summary,
                     const struct cli_legacy_option *opts, int argc, char **argv, const char **vals,
                     const char ***multi, const char ***pos, int *npos);
void cli_legacy_end(const struct cli_legacy_option *opts, const char ***multi, const char **pos);

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
void cli_record(struct strbuf *line, const char *const *fields, int n, enum csv_flavour fl);

/* Report err (if set) and return its exit status, else 0. Clears err. */
int cli_finish(struct error *err, int rc);
/* "  Label:          value" with labels aligned by display width. */
void cli_field(const char *label, const char *value);

/* An audit_fn printing "  TIME  ACTION  OPERATOR". */
struct audit_entry;
int cli_print_audit(const struct audit_entry *e, void *arg);

#endif
