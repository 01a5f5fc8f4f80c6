/*
 * capphat import persons|devices FILE: the lists offices and suppliers keep,
 * in CSV or Excel. All or nothing unless --skip-invalid; the last line is
 * always "N imported, N rejected, N duplicates".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/import_app.h"
#include "cli/cli.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "io/outfile.h"
#include "io/rejects_file.h"

struct rejects {
    const char *file;
    const char *sheet; /* the sheet being read, when the workbook has more than one */
    int dry_run;
    struct rejects_file rf; /* --errors: the file the rejected rows go to */
    long shown;
    long warned;
    /* the progress line on a terminal: "45%", then what the import does
     * after the rows; rewritten in place, cleared before a message */
    int tty;
    double fraction;
    const char *step;
    int line_width; /* columns of the line on screen, 0: none */
};

static void progress_clear(struct rejects *rj)
{
    if (rj->line_width) {
        fprintf(stderr, "\r%*s\r", rj->line_width, "");
        rj->line_width = 0;
    }
}

static void progress_show(struct rejects *rj)
{
    struct strbuf line = STRBUF_INIT, fit = STRBUF_INIT;
    struct winsize ws;
    int cols = ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1 ? ws.ws_col : 80;

    if (!rj->tty)
        return;
    strbuf_addf(&line, "%3d%%", (int)(rj->fraction * 100));
    if (rj->step)
        strbuf_addf(&line, " %s", rj->step);
    int w = text_fit(&fit, line.buf, cols - 1, 0);
    fprintf(stderr, "\r%s%*s", fit.buf, rj->line_width > w ? rj->line_width - w : 0, "");
    if (w > rj->line_width)
        rj->line_width = w;
    strbuf_release(&line);
    strbuf_release(&fit);
}

static void on_reject(long row, const struct error *why, int duplicate, const char *const *cells,
                      size_t n_cells, void *arg)
{
    struct rejects *rj = arg;
    struct strbuf reason = STRBUF_INIT;

    /* the message, and the option that gives what it asks for */
    strbuf_addstr(&reason, error_msg(why));
    cli_hint(&reason, why);
    progress_clear(rj);
    if (++rj->shown <= 100 && rj->sheet)
        cli_line_err(_("capphat: %s, sheet '%s', row %ld: %s%s"), rj->file, rj->sheet, row,
                     duplicate ? _("duplicate: ") : "", reason.buf);
    else if (rj->shown <= 100)
        cli_line_err(_("capphat: %s row %ld: %s%s"), rj->file, row,
                     duplicate ? _("duplicate: ") : "", reason.buf);
    else if (rj->shown == 101)
        fprintf(stderr, "%s",
                _("capphat: more rows were rejected (use --errors FILE.csv for all of them)\n"));
    rejects_file_row(&rj->rf, row, reason.buf, cells, n_cells);
    strbuf_release(&reason);
}

/* A sheet's header: the line that names its columns (and each column, on a dry run). */
static void on_sheet(const char *sheet, const char *encoding, long header_row, const char *mapping,
                     const char *columns, void *arg)
{
    struct rejects *rj = arg;

    rj->sheet = sheet;
    progress_clear(rj);
    if (sheet)
        cli_line(_("%s, sheet '%s': encoding %s, header on row %ld: %s"), rj->file, sheet, encoding,
                 header_row, mapping);
    else
        cli_line(_("%s: encoding %s, header on row %ld: %s"), rj->file, encoding, header_row,
                 mapping);
    if (rj->dry_run && columns)
        printf("%s", columns); /* the preview: which column goes to which field */
    fflush(stdout);
}

static void on_warning(long row, const struct error *why, void *arg)
{
    struct rejects *rj = arg;

    progress_clear(rj);
    if (++rj->warned <= 100 && rj->sheet)
        cli_line_err(_("capphat: %s, sheet '%s', row %ld: warning: %s"), rj->file, rj->sheet, row,
                     error_msg(why));
    else if (rj->warned <= 100)
        cli_line_err(_("capphat: %s row %ld: warning: %s"), rj->file, row, error_msg(why));
    else if (rj->warned == 101)
        fprintf(stderr, "%s", _("capphat: more values were left empty\n"));
}

/* The header of the errors file: the list's own, then the row and the
 * reason, named in the interface language. */
static void on_header(const char *const *cells, size_t n_cells, void *arg)
{
    struct rejects *rj = arg;

    rejects_file_header(&rj->rf, cells, n_cells);
}

static void on_progress(double fraction, void *arg)
{
    struct rejects *rj = arg;

    rj->fraction = fraction;
    if (fraction >= 1.0)
        progress_clear(rj);
    else
        progress_show(rj);
}

static void on_step(const char *what, void *arg)
{
    struct rejects *rj = arg;

    rj->step = what;
    progress_show(rj);
}

/*
 * The list's kind and file, and the options that go with that kind: fills
 * o's kind, path and round. Returns -1 to go on, or the exit status (a
 * usage error, or a round that is not an id).
 */
static int import_args(int argc, char **argv, struct import_options *o, const char *round,
                       const char *errors, int force)
{
    struct error err = ERROR_INIT;
    int rc;

    if (argc != 2 || (strcmp(argv[0], "persons") && strcmp(argv[0], "devices")))
        return cli_usage_error("import", _("import needs 'persons' or 'devices' and a FILE"));
    o->kind = strcmp(argv[0], "persons") == 0 ? IMPORT_PERSONS : IMPORT_DEVICES;
    o->path = argv[1];
    if (o->kind == IMPORT_PERSONS && (round || o->model || o->price))
        return cli_usage_error("import", _("--round, --model and --price are for devices"));
    if (o->kind == IMPORT_DEVICES && (o->district || o->as_of))
        return cli_usage_error("import", o->district ? _("--district is for persons")
                                                     : _("--as-of is for persons"));
    if (round && (rc = cli_parse_id(round, _("round"), &o->round_id, &err)) != 0)
        return cli_finish(&err, rc);
    if (force && !errors)
        return cli_usage_error("import", _("--force goes with --errors OUT.csv"));
    return -1;
}

/* Import the list o names, the rejected rows written to errors (NULL: none);
 * prints what was done. Returns the exit status. */
/* What came of the rows besides the counts: rows skipped or hidden,
 * values restored or left empty, persons updated, near duplicates. */
static void print_notes(const struct import_options *o, const struct import_result *res)
{
    if (res->skips)
        cli_line(_("skipped: %s"), res->skips);
    if (res->hidden)
        cli_line(ngettext("%lld hidden row skipped: %s (--include-hidden imports it)",
                          "%lld hidden rows skipped: %s (--include-hidden imports them)",
                          (unsigned long)res->hidden),
                 res->hidden, res->hidden_rows);
    for (const char *p = res->unread; p && *p;) {
        size_t n = strcspn(p, "\n");
        char *line = xstrndup(p, n);
        cli_line(_("warning: %s"), line);
        free(line);
        p += n + (p[n] ? 1 : 0);
    }
    if (res->cccd_restored)
        cli_line(ngettext("%lld CCCD had its leading zeros restored",
                          "%lld CCCD had their leading zeros restored", res->cccd_restored),
                 res->cccd_restored);
    if (res->phones_restored)
        cli_line(ngettext("%lld phone number had its leading 0 restored",
                          "%lld phone numbers had their leading 0 restored", res->phones_restored),
                 res->phones_restored);
    if (o->update) {
        /* TRANSLATORS: the first half of "%s, %lld unchanged (matched by CCCD)" */
        char *updated = xasprintf(
            ngettext("%lld person updated", "%lld persons updated", (unsigned long)res->updated),
            res->updated);
        cli_line(_("%s, %lld unchanged (matched by CCCD)"), updated, res->unchanged);
        free(updated);
    }
    if (res->mismatched)
        cli_line(ngettext("%lld person matched by CCCD has another name or birth year in the "
                          "list: check the warning",
                          "%lld persons matched by CCCD have another name or birth year in the "
                          "list: check the warnings",
                          (unsigned long)res->mismatched),
                 res->mismatched);
    if (res->near_duplicates)
        cli_line(ngettext("%lld person was imported beside a name that differs only in its "
                          "accents: check the warning",
                          "%lld persons were imported beside a name that differs only in "
                          "their accents: check the warnings",
                          res->near_duplicates),
                 res->near_duplicates);
    if (res->warnings)
        cli_line(ngettext("%lld value was left empty (see the warnings; --strict refuses "
                          "such rows)",
                          "%lld values were left empty (see the warnings; --strict refuses "
                          "such rows)",
                          res->warnings),
                 res->warnings);
}

static int import_file(const struct cli_ctx *ctx, struct import_options *o, const char *errors,
                       int force)
{
    struct error err = ERROR_INIT;
    struct app app;
    struct import_result res = {0};
    struct rejects rj = {0};
    int rc;

    o->on_reject = on_reject;
    o->on_warning = on_warning;
    o->on_header = on_header;
    o->on_progress = on_progress;
    o->on_sheet = on_sheet;
    rj.dry_run = o->dry_run;
    o->on_step = on_step;
    o->arg = &rj;
    rj.tty = isatty(2);
    rj.file = o->path;
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    /* --errors naming the list itself would replace it (even with --force) */
    outfile_protect_input(o->path);
    if (errors && (rc = rejects_file_open(&rj.rf, errors, force, &err)) != 0) {
        app_close(&app);
        rc = cli_fail(&err);
        printf(_("%lld imported, %lld rejected, %lld duplicates\n"), 0LL, 0LL, 0LL);
        error_clear(&err);
        return rc;
    }
    rc = import_app_run(&app, o, &res, &err);
    progress_clear(&rj); /* after a failure too: its message starts a line of its own */
    app_close(&app);
    if (rc >= 0) {
        /* the header line of each sheet was printed by on_sheet */
        print_notes(o, &res);
        int nothing = rc == 0 && !res.imported && !res.updated && !res.unchanged;
        if (rc == 1 && !o->skip_invalid && !res.rejected)
            printf("%s", o->dry_run ? _("dry run: the rows not imported are duplicates; nothing "
                                        "would be imported\n")
                                    : _("the rows not imported are duplicates (already registered "
                                        "or repeated in the file): nothing was imported (use "
                                        "--skip-invalid to import the others)\n"));
        else if (rc == 1 && !o->skip_invalid)
            printf("%s", o->dry_run ? _("dry run: rows were rejected; nothing would be imported\n")
                                    : _("rows were rejected: nothing was imported (fix them, or "
                                        "use --skip-invalid)\n"));
        else if (nothing)
            cli_line_err(_("capphat: %s has no rows under its header: nothing was imported"),
                         o->path);
        else if (o->dry_run)
            printf("%s", _("dry run: nothing was written\n"));
        if (errors) {
            struct error e2 = ERROR_INIT;
            if (rejects_file_close(&rj.rf, rj.shown > 0 || rc == 1, &e2) != 0) {
                cli_fail(&e2);
                error_clear(&e2);
            }
        }
        printf(_("%lld imported, %lld rejected, %lld duplicates\n"), res.imported, res.rejected,
               res.duplicates);
        rc = (rc == 1 && !o->skip_invalid) || nothing ? 1 : 0;
    } else {
        rejects_file_close(&rj.rf, 0, NULL);
        rc = cli_fail(&err);
        printf(_("%lld imported, %lld rejected, %lld duplicates\n"), 0LL, 0LL, 0LL);
    }
    error_clear(&err);
    import_result_release(&res);
    return rc;
}

int cmd_import(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "import", NULL,
        N_("Import a list from a .csv, .xlsx, .xls or .ods file (told by its content, whatever "
           "its name). The header row is found by its names (Họ và "
           "tên, Năm sinh, Dân tộc, Thôn, Xã, Huyện, CCCD, SĐT; IMEI, IMEI 2, Model...), even "
           "below a title. Every row is checked; any bad row and nothing is imported, unless "
           "--skip-invalid."),
        /* which options go with which kind of list */
        "capphat import persons|devices FILE [--sheet NAME|all] [--include-hidden] "
        "[--map COLUMN=FIELD]... "
        "[--skip-invalid] [--strict] [--update] [--errors OUT.csv [--force]] [--dry-run]\n"
        "       (devices: [--round ID] [--model TEXT] [--price VND]; persons: [--district NAME] "
        "[--as-of DATE])"};
    struct import_options o = {0};
    struct cli_list maps = CLI_LIST_INIT;
    const char *errors = NULL, *round = NULL;
    int force = 0;
    struct cli_option opts[] = {
        OPT_STRING("--sheet", &o.sheet, "NAME",
                   N_("a workbook's sheet to read (default: the first visible one); 'all': every "
                      "visible sheet")),
        OPT_FLAG("--include-hidden", &o.include_hidden,
                 N_("import the rows hidden in the workbook too")),
        OPT_LIST("--map", &maps, "COLUMN=FIELD",
                 N_("read COLUMN (header text or letter) as FIELD, or 'none'")),
        OPT_FLAG("--skip-invalid", &o.skip_invalid, N_("import the good rows, reject the others")),
        OPT_STRING("--errors", &errors, "OUT.csv",
                   N_("write each rejected row under the list's header, with its row number and "
                      "reason (correct "
                      "it and import it again)")),
        OPT_FLAG("--dry-run", &o.dry_run, N_("check every row, write nothing")),
        OPT_FLAG("--update", &o.update,
                 N_("persons: a row whose CCCD is registered refreshes that person's phone, "
                    "village and role")),
        OPT_FLAG("--strict", &o.strict,
                 N_("persons: refuse a row with a bad phone, CCCD, role or note instead of "
                    "leaving that value empty")),
        OPT_STRING("--round", &round, "ID", N_("devices: the round they belong to")),
        OPT_STRING("--model", &o.model, "TEXT", N_("devices: model for rows without one")),
        OPT_STRING("--price", &o.price, "VND", N_("devices: price for rows without one")),
        OPT_STRING("--district", &o.district, "NAME", N_("persons: district for rows without one")),
        OPT_FLAG("--force", &force, N_("replace the --errors file if it exists")),
        OPT_STRING("--as-of", &o.as_of, "DATE",
                   N_("persons: the date the list names its communes on (a name shared by an old "
                      "commune and a new one is the one valid then)")),
        OPT_END(),
    };
    int rc;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    o.overrides = maps.items;
    o.n_overrides = maps.n;
    if ((rc = import_args(argc, argv, &o, round, errors, force)) < 0)
        rc = import_file(ctx, &o, errors, force);
    cli_list_release(&maps);
    return rc;
}
