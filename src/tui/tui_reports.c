/*
 * tui_reports: the Reports screen — the documents the office sends and
 * prints, each made here through src/report and src/app (a small form asks
 * for the commune, session or file name) and each with the command line
 * that makes the same file (`capphat export ...`, `capphat receipt ...`).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app/backup_app.h"
#include "app/check_app.h"
#include "app/seal_app.h"
#include "app/handover_app.h"
#include "app/receipt_app.h"
#include "core/collate.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "io/outfile.h"
#include "report/export.h"
#include "report/print.h"
#include "store/db.h"
#include "store/handover_store.h"
#include "store/person_store.h"
#include "store/training_store.h"
#include "tui_choices.h"
#include "tui_print.h"

enum report_kind {
    REP_SUMMARY,
    REP_SUMMARY_OLD,
    REP_SIGNOFF,
    REP_ATTENDANCE,
    REP_RECEIPTS_COMMUNE,
    REP_RECEIPTS,
    REP_UNSIGNED,
    REP_SIGNED,
    REP_SIGNED_SCAN,
    REP_CSV,
    REP_CHECK,
    REP_BACKUP,
    REP_N
};

struct report_entry {
    const char *title;   /* N_() */
    const char *command; /* shown as is */
};

static const struct report_entry entries[REP_N] = {
    {N_("Excel summary by the units of a date (today: the communes of 2025), ethnic group, "
        "gender"),
     "capphat export summary [--as-of DATE] -o tong-hop.xlsx"},
    {N_("Excel summary by the districts and communes of 2023 (historical)"),
     "capphat export summary --by-old-district -o tong-hop-huyen-cu.xlsx"},
    {N_("Excel sign-off list of a commune (column to sign or thumbprint)"),
     "capphat export handover --commune 'Cao Tân' -o ky-nhan.xlsx"},
    {N_("Excel attendance sheet of a training session"),
     "capphat export attendance --session 1 -o diem-danh.xlsx"},
    {N_("Handover receipts of a commune as PDF"),
     "capphat receipt --commune 'Cao Tân' -o bien-ban.pdf"},
    {N_("Handover receipts by number as PDF (a reprint is marked as a copy)"),
     "capphat receipt 05/BB-BDT -o bien-ban.pdf"},
    {N_("Receipts not signed back yet"), "capphat receipt unsigned"},
    {N_("Mark paper receipts as signed"), "capphat receipt signed 05/BB-BDT --archive HS-12"},
    {N_("Signed papers: scan the QR codes of the papers that came back, one after another"),
     "capphat receipt signed 05/BB-BDT 02/BBTH-BDT"},
    {N_("Tables of people, devices or handovers (Excel, or CSV by the file name)"),
     "capphat export persons -o nguoi.xlsx"},
    {N_("Verify the database and the audit chain"), "capphat check"},
    {N_("Back up the database"), "capphat backup ban-sao.db"},
};

struct reports {
    int cur;
};

/* A file name in the current folder with today's date. Caller frees. */
static char *default_file(const char *stem, const char *ext)
{
    char today[11], cwd[4096];
    date_today(today);
    if (!getcwd(cwd, sizeof cwd))
        strcpy(cwd, ".");
    return xasprintf("%s/%s-%s.%s", cwd, stem, today, ext);
}

/* --- the forms ----------------------------------------------------------- */

enum { F_DISTRICT, F_COMMUNE, F_ROUND, F_BLANK, F_FILE, F_N };

static void unit_picked(struct tui_form *f, int idx)
{
    if (idx == F_DISTRICT)
        tui_form_set(f, F_COMMUNE, "", 0);
}

/* A form whose field file_idx names the file to write; stem NULL: no name
 * proposed, and an empty one lets the program choose (receipts). */
static struct tui_form *file_form(const char *title, int n, int file_idx, const char *stem,
                                  const char *ext)
{
    struct tui_form *f = tui_form_new(title, n);
    f->file_field = file_idx;
    if (!stem) {
        tui_form_field(f, file_idx, "path",
                       N_("File (empty: the receipts folder, named by number)"), FIELD_TEXT, 0);
        return f;
    }
    char *path = default_file(stem, ext);
    tui_form_field(f, file_idx, "path", N_("File"), FIELD_TEXT, 1);
    tui_form_set(f, file_idx, path, 0);
    free(path);
    return f;
}

/* Export options with the form's answer to "replace the existing file?"
 * and the log's anchor for the footer. */
static char anchor[40];
static struct export_options form_options(struct tui_form *f)
{
    struct export_options o = {0};
    o.force = tui_form_replace(f, tui_form_value(f, f->file_field));
    seal_app_anchor(&tui->app, anchor);
    o.anchor = anchor;
    return o;
}

/* The summary forms: round, then (by the units of a date) the date, then the file. */
static int summary_save(struct tui_form *f, struct error *err)
{
    struct export_options o = form_options(f);
    struct export_result res = {0};
    char as_of[11];
    o.round_id = f->fields[0].choice_id;
    if (f->n == 3) {
        if (date_parse(tui_form_value(f, 1), _("date"), as_of, err) != 0) {
            tui_form_error(f, 1, error_msg(err));
            return ERR_INVALID;
        }
        o.as_of = as_of;
    } else {
        o.by_old_district = 1;
    }
    int rc = export_summary(tui->app.db, tui_form_value(f, f->file_field), &o, &res, err);
    if (rc == 0)
        seal_app_flush(&tui->app, SEAL_NOW, NULL);
    if (rc == 0)
        tui_status(0, _("written: %s"), tui_form_value(f, f->file_field));
    return rc;
}

static int signoff_save(struct tui_form *f, struct error *err)
{
    struct export_options o = form_options(f);
    struct export_result res = {0};
    o.district_id = f->fields[F_DISTRICT].choice_id;
    o.commune_id = f->fields[F_COMMUNE].choice_id;
    o.round_id = f->fields[F_ROUND].choice_id;
    o.blank = f->fields[F_BLANK].choice_id == 1;
    int rc = export_handover_list(tui->app.db, tui_form_value(f, F_FILE), &o, &res, err);
    if (rc == 0)
        seal_app_flush(&tui->app, SEAL_NOW, NULL);
    if (rc == 0)
        tui_status(0, _("written: %s (%lld rows)"), tui_form_value(f, F_FILE), res.rows);
    return rc;
}

static int session_cb(const struct training_session *s, void *arg)
{
    char d[11];
    char *t = xasprintf("%lld. %s", s->id, date_display(s->held_on, d));
    tui_choices_add(arg, s->id, t, s->topic);
    free(t);
    return 0;
}

static int attendance_save(struct tui_form *f, struct error *err)
{
    struct export_options o = form_options(f);
    struct export_result res = {0};
    o.session_id = f->fields[0].choice_id;
    o.blank = f->fields[1].choice_id == 1;
    if (!o.session_id)
        return error_set(err, ERR_INVALID, "%s", _("choose the session from the list"));
    int rc = export_attendance(tui->app.db, tui_form_value(f, 2), &o, &res, err);
    if (rc == 0)
        seal_app_flush(&tui->app, SEAL_NOW, NULL);
    if (rc == 0)
        tui_status(0, _("written: %s (%lld rows)"), tui_form_value(f, 2), res.rows);
    return rc;
}

/* "written: FILE (3 receipts)", and how many of them are reprints */
static void status_receipts(const char *file, const struct receipt_app_result *res)
{
    char *pages = xasprintf(ngettext("%zu receipt", "%zu receipts", res->pages), res->pages);
    if (res->copies)
        tui_status(0, _("written: %s (%s; %zu reprinted, marked BẢN SAO)"), file, pages,
                   res->copies);
    else
        tui_status(0, _("written: %s (%s)"), file, pages);
    free(pages);
}

/* Field idx of f: "Print on", the print server's printers (the one chosen
 * last first, ids 2...) after "no, only the PDF" (id 1, chosen). */
static void printer_field(struct tui_form *f, int idx)
{
    char **names = NULL, *why = NULL;
    int n = 0;
    const char *no = _("No, only the PDF");
    tui_form_field(f, idx, "printer", N_("Print on"), FIELD_CHOICE, 0);
    tui_choices_add(&f->fields[idx].fixed, 1, no, NULL);
    if (tui_print_printers(&names, &n, &why) != 0)
        tui_log("no printers for the receipts form: %s", why);
    for (int i = 0; i < n; i++) {
        tui_choices_add(&f->fields[idx].fixed, i + 2, names[i], NULL);
        free(names[i]);
    }
    free(names);
    free(why);
    tui_form_set(f, idx, no, 1);
}

/* The printer chosen in field idx of f, or NULL: only the PDF. */
static const char *form_printer(const struct tui_form *f, int idx)
{
    return f->fields[idx].choice_id >= 2 ? tui_form_value(f, idx) : NULL;
}

/* Write the receipts of ids to the form's file, or to a name of their own
 * in the receipts folder when the field is empty, and print them on the
 * printer of field printer_idx when one is chosen. */
static int receipts_write(struct tui_form *f, const long long *ids, size_t n, long long commune_id,
                          int printer_idx, struct error *err)
{
    const char *given = tui_form_opt(f, f->file_field);
    const char *printer = form_printer(f, printer_idx);
    char *path =
        given ? xstrdup(given) : receipt_app_default_path(&tui->app, ids, n, commune_id, 0, err);
    struct receipt_app_result res = {0};
    int rc = path ? 0 : ERR_IO;
    struct receipt_app_out out = {.path = path,
                                  .force = tui_form_replace(f, path),
                                  .final = !printer,
                                  .print = printer != NULL,
                                  .printer = printer};

    if (rc == 0) {
        if (printer) {
            tui_status(0, _("sending to the printer %s…"), printer);
            tui_draw_now();
        }
        rc = receipt_app_write(&tui->app, ids, n, &out, &res, err);
    }
    if (rc == 0 && printer) {
        tui_print_remember(printer);
        tui_status(0, _("sent to the printer %s: job %d, %s; written: %s"), printer, out.job,
                   _(print_job_state(printer, out.job)), path);
    } else if (rc == 0) {
        status_receipts(path, &res);
    }
    free(path);
    return rc;
}

static int receipts_commune_save(struct tui_form *f, struct error *err)
{
    long long *ids = NULL;
    size_t n = 0;
    int rc = receipt_app_commune(&tui->app, f->fields[1].choice_id, &ids, &n, err);
    if (rc == 0)
        rc = receipts_write(f, ids, n, f->fields[1].choice_id, 3, err);
    free(ids);
    return rc;
}

/*
 * The papers named in text: receipt or return record numbers separated by
 * spaces, commas or semicolons, each maybe followed by the anchor its QR
 * code carries ("05/BB-BDT #313:ab12…", as a scanner types it), into
 * *ids (receipt_app_find: a return record's is negative). All are found
 * before anything is done; the first that is not names the error.
 */
static int paper_ids(const char *text, long long **ids, size_t *n, struct error *err)
{
    char *list = xstrdup(text), *save = NULL;
    struct strbuf one = STRBUF_INIT;
    int rc = 0;

    *ids = NULL;
    *n = 0;
    for (char *tok = strtok_r(list, " ,;\t\n", &save); rc == 0;
         tok = strtok_r(NULL, " ,;\t\n", &save)) {
        /* a paper ends where the next one begins (a token that is no anchor) */
        if (tok && *tok == '#' && one.len) {
            strbuf_addf(&one, " %s", tok);
            continue;
        }
        if (one.len) {
            long long id;
            if ((rc = receipt_app_find(&tui->app, one.buf, &id, err)) != 0)
                break;
            *ids = xrealloc(*ids, (*n + 1) * sizeof **ids);
            (*ids)[(*n)++] = id;
            strbuf_reset(&one);
        }
        if (!tok)
            break;
        strbuf_addstr(&one, tok);
    }
    strbuf_release(&one);
    free(list);
    if (rc == 0 && *n == 0)
        rc = error_set(err, ERR_INVALID, "%s", _("give one or more receipt numbers"));
    return rc;
}

static int receipts_save(struct tui_form *f, struct error *err)
{
    long long *ids = NULL;
    size_t n = 0;
    int rc = paper_ids(tui_form_value(f, 0), &ids, &n, err);
    if (rc == 0)
        rc = receipts_write(f, ids, n, 0, 2, err);
    free(ids);
    return rc;
}

/* Whether paper id (paper_ids) is signed already: refused before any is
 * marked, so that a list either goes in whole or not at all. */
static int paper_unsigned(long long id, struct error *err)
{
    struct handover h;
    char d[11];
    int rc = handover_store_get(tui->app.db, id < 0 ? -id : id, &h, err);
    if (rc != 0)
        return rc;
    const char *no = id < 0 ? h.return_no : h.receipt_no;
    const char *on = id < 0 ? h.return_signed_on : h.signed_on;
    if (on)
        rc = error_set_field(err, ERR_CONFLICT, "receipt",
                             _("%s was already signed on %s: nothing was marked"), no ? no : "",
                             date_display(on, d));
    handover_release(&h);
    return rc;
}

static int signed_save(struct tui_form *f, struct error *err)
{
    long long *ids = NULL;
    size_t n = 0;
    int rc = paper_ids(tui_form_value(f, 0), &ids, &n, err), done = 0;

    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = paper_unsigned(ids[i], err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc =
            ids[i] < 0
                ? handover_app_mark_return_signed(&tui->app, -ids[i], tui_form_opt(f, 1), NULL, err)
                : handover_app_mark_signed(&tui->app, ids[i], tui_form_opt(f, 1), NULL, err);
        done += rc == 0;
    }
    free(ids);
    if (done)
        tui_changed();
    if (rc == 0)
        tui_status(0, ngettext("%d paper marked as signed", "%d papers marked as signed", done),
                   done);
    else if (done) /* another operator marked one meanwhile: say what was done */
        error_prefix(err,
                     ngettext("%d paper was marked as signed, then",
                              "%d papers were marked as signed, then", done),
                     done);
    return rc;
}

/* A table as a workbook, or as CSV when the file is named .csv (for other
 * programs: a spreadsheet damages IMEIs and leading zeros in a CSV). */
static int csv_save(struct tui_form *f, struct error *err)
{
    struct export_result res = {0};
    struct export_options o = form_options(f);
    long long t = f->fields[0].choice_id;
    enum report_table table = t == 2 ? REPORT_DEVICES : t == 3 ? REPORT_HANDOVERS : REPORT_PERSONS;
    const char *path = tui_form_value(f, 1);
    size_t len = strlen(path);
    int csv = len >= 4 && strcasecmp(path + len - 4, ".csv") == 0;
    int rc = csv ? export_csv(tui->app.db, table, path, &o, &res, err)
                 : export_table_xlsx(tui->app.db, table, path, &o, &res, err);
    if (rc == 0)
        tui_status(0, _("written: %s (%lld rows)"), tui_form_value(f, 1), res.rows);
    return rc;
}

static int backup_save(struct tui_form *f, struct error *err)
{
    const char *path = tui_form_value(f, 0);
    int rc = app_backup_to(&tui->app, path, tui_form_replace(f, path) ? OUTFILE_FORCE : 0, err);
    if (rc == 0)
        tui_status(0, _("backup written to %s"), tui_form_value(f, 0));
    return rc;
}

/* --- unsigned receipts and check: text shown in a message ----------------- */

struct lines {
    struct strbuf sb;
    int n;
};

static void check_line(const char *line, void *arg)
{
    struct lines *l = arg;
    if (l->n++ < 20)
        strbuf_addf(&l->sb, "%s\n", line);
}

/* Field idx of f: a choice between Yes (id 1) and No (id 2), No chosen. */
static void yes_no_field(struct tui_form *f, int idx, const char *key, const char *label)
{
    static const char *const yesno[] = {N_("Yes"), N_("No")};
    const char *yn[2] = {_(yesno[0]), _(yesno[1])};
    tui_form_field(f, idx, key, label, FIELD_CHOICE, 1);
    tui_choices_set(&f->fields[idx].fixed, yn, 2);
    tui_form_set(f, idx, yn[1], 2);
}

/* The form of each report: what it asks for, and its save hook. */

static struct tui_form *summary_form(const char *title)
{
    char today[11], shown[11];
    struct tui_form *f = file_form(title, 3, 2, "tong-hop", "xlsx");
    tui_form_field(f, 0, "round", N_("Round"), FIELD_CHOICE, 0);
    tui_choices_rounds(&f->fields[0].fixed, 0);
    /* the units people are counted in: those of this date */
    tui_form_field(f, 1, "as_of", N_("Units as of (dd/mm/yyyy)"), FIELD_TEXT, 1);
    date_today(today);
    tui_form_set(f, 1, date_display(today, shown), 0);
    f->save = summary_save;
    return f;
}

static struct tui_form *summary_old_form(const char *title)
{
    struct tui_form *f = file_form(title, 2, 1, "tong-hop-huyen-cu", "xlsx");
    tui_form_field(f, 0, "round", N_("Round"), FIELD_CHOICE, 0);
    tui_choices_rounds(&f->fields[0].fixed, 0);
    f->save = summary_save;
    return f;
}

static struct tui_form *signoff_form(const char *title)
{
    struct tui_form *f = file_form(title, F_N, F_FILE, "ky-nhan", "xlsx");
    tui_form_field(f, F_DISTRICT, "district", N_("District"), FIELD_CHOICE, 0);
    tui_choices_districts(&f->fields[F_DISTRICT].fixed);
    tui_form_field(f, F_COMMUNE, "commune", N_("Commune"), FIELD_CHOICE, 0);
    f->fields[F_COMMUNE].choices = tui_provide_communes;
    tui_form_field(f, F_ROUND, "round", N_("Round"), FIELD_CHOICE, 0);
    tui_choices_rounds(&f->fields[F_ROUND].fixed, 0);
    yes_no_field(f, F_BLANK, "blank", N_("Only people still without a phone"));
    f->picked = unit_picked;
    f->save = signoff_save;
    return f;
}

static struct tui_form *attendance_form(const char *title)
{
    struct tui_form *f = file_form(title, 3, 2, "diem-danh", "xlsx");
    tui_form_field(f, 0, "session", N_("Training session"), FIELD_CHOICE, 1);
    training_store_each(tui->app.db, session_cb, &f->fields[0].fixed, NULL);
    yes_no_field(f, 1, "blank", N_("Blank sheet to sign on the day"));
    f->save = attendance_save;
    return f;
}

static struct tui_form *receipts_commune_form(const char *title)
{
    struct tui_form *f = file_form(title, 4, 2, NULL, "pdf");
    printer_field(f, 3);
    tui_form_field(f, 0, "district", N_("District"), FIELD_CHOICE, 0);
    tui_choices_districts(&f->fields[0].fixed);
    tui_form_field(f, 1, "commune", N_("Commune"), FIELD_CHOICE, 1);
    f->fields[1].choices = tui_provide_communes;
    f->picked = NULL;
    f->save = receipts_commune_save;
    return f;
}

static struct tui_form *receipts_form(const char *title)
{
    struct tui_form *f = file_form(title, 3, 1, NULL, "pdf");
    printer_field(f, 2);
    tui_form_field(f, 0, "receipt", N_("Receipt numbers"), FIELD_TEXT, 1);
    f->save = receipts_save;
    return f;
}

static struct tui_form *signed_form(const char *title)
{
    struct tui_form *f = tui_form_new(title, 2);
    tui_form_field(f, 0, "receipt", N_("Receipt numbers"), FIELD_TEXT, 1);
    tui_form_field(f, 1, "archive_ref", N_("Archive reference"), FIELD_TEXT, 0);
    f->save = signed_save;
    return f;
}

static struct tui_form *csv_form(const char *title)
{
    const char *const tables[] = {_("People"), _("Devices"), _("Handovers")};
    struct tui_form *f = file_form(title, 2, 1, "bang", "xlsx");
    tui_form_field(f, 0, "table", N_("Table"), FIELD_CHOICE, 1);
    tui_choices_set(&f->fields[0].fixed, tables, 3);
    tui_form_set(f, 0, tables[0], 1);
    f->save = csv_save;
    return f;
}

static struct tui_form *backup_form(const char *title)
{
    struct tui_form *f = file_form(title, 1, 0, "capphat-sao-luu", "db");
    f->save = backup_save;
    return f;
}

/*
 * The receipts not signed back yet as a list: one commune at a time (← →;
 * first all of them), every row reachable (↑ ↓ PgUp PgDn Home End), the
 * count in the title that of the rows the list holds. Space selects a row,
 * a selects all shown (again: none); F2 marks the selected receipts (or the
 * highlighted one) as signed under one archive reference. Enter and Esc
 * close it, as the message it replaces closed. The return records (biên
 * bản thu hồi) not signed back yet are listed with them, marked as such:
 * they come back on paper the same way.
 */
struct unsigned_row {
    long long id;  /* the handover's */
    int is_return; /* the handover's return record, not its receipt */
    char *number;  /* the paper's number: the list's order */
    char *line;    /* "01/BB-BDT  02/12/2026  Name  IMEI …" */
    char *commune; /* the person's commune, "" when unknown */
    int ord;       /* the order read (Vietnamese name order) */
    int selected;
};

struct unsigned_view {
    char *title;
    struct unsigned_row *rows; /* all of them, by commune */
    int n;
    char **communes; /* distinct, in the rows' order */
    int ncommunes;
    int commune; /* -1: all, else an index in communes */
    int *shown;  /* indexes into rows of the commune shown */
    int nshown, cur, top, page;
    long long generation;
};

struct unsigned_load {
    struct unsigned_view *u;
    int alloc;
    int returns; /* reading the return records */
};

static int unsigned_row_cb(const struct handover *h, void *arg)
{
    struct unsigned_load *ld = arg;
    struct unsigned_view *u = ld->u;
    struct person p;
    struct error err = ERROR_INIT;
    char d[11];
    if (u->n == ld->alloc) {
        ld->alloc = ld->alloc ? 2 * ld->alloc : 64;
        u->rows = xrealloc(u->rows, (size_t)ld->alloc * sizeof *u->rows);
    }
    struct unsigned_row *r = &u->rows[u->n++];
    memset(r, 0, sizeof *r);
    r->id = h->id;
    r->is_return = ld->returns;
    r->ord = u->n - 1;
    const char *no = ld->returns ? h->return_no : h->receipt_no;
    r->number = xstrdup(no ? no : "");
    if (ld->returns)
        r->line = xasprintf(_("%-11s %s  returned by %s  IMEI %s"), h->return_no,
                            date_display(h->returned_on, d), h->person_name, h->imei);
    else
        r->line = xasprintf("%-11s %s  %s  IMEI %s", h->receipt_no, date_display(h->handed_on, d),
                            h->person_name, h->imei);
    if (person_store_get(tui->app.db, h->person_id, &p, &err) == 0) {
        r->commune = xstrdup(p.commune ? p.commune : "");
        person_release(&p);
    } else {
        r->commune = xstrdup("");
    }
    error_clear(&err);
    return 0;
}

/* Paper numbers as a person sorts them: runs of digits by their value
 * ("9/BB-BDT" before "10/BB-BDT"), the rest byte by byte. */
static int number_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            while (*a == '0')
                a++;
            while (*b == '0')
                b++;
            size_t na = strspn(a, "0123456789"), nb = strspn(b, "0123456789");
            int c = na != nb ? (na < nb ? -1 : 1) : strncmp(a, b, na);
            if (c)
                return c;
            a += na;
            b += nb;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    return *a ? 1 : *b ? -1 : 0;
}

/* The order of the papers in a commune, and of all of them: the receipts,
 * then the return records, each by number (the order of the paper stack
 * they are ticked off from), then by name (the order read). */
static int unsigned_paper_cmp(const struct unsigned_row *x, const struct unsigned_row *y)
{
    int c = x->is_return - y->is_return;
    if (!c)
        c = number_cmp(x->number, y->number);
    return c ? c : x->ord - y->ord;
}

static int unsigned_row_cmp(const void *a, const void *b)
{
    const struct unsigned_row *x = a, *y = b;
    int c = collate_compare(x->commune, -1, y->commune, -1);
    return c ? c : unsigned_paper_cmp(x, y);
}

/* qsort has no argument: the rows the indexes in shown point into */
static const struct unsigned_row *shown_rows;

static int shown_cmp(const void *a, const void *b)
{
    return unsigned_paper_cmp(&shown_rows[*(const int *)a], &shown_rows[*(const int *)b]);
}

static void unsigned_free_rows(struct unsigned_view *u)
{
    for (int i = 0; i < u->n; i++) {
        free(u->rows[i].line);
        free(u->rows[i].number);
        free(u->rows[i].commune);
    }
    free(u->rows);
    free(u->communes); /* point into rows */
    free(u->shown);
    u->rows = NULL;
    u->communes = NULL;
    u->shown = NULL;
    u->n = u->ncommunes = u->nshown = 0;
}

/* The rows of the commune chosen. */
static void unsigned_filter(struct unsigned_view *u)
{
    u->nshown = 0;
    for (int i = 0; i < u->n; i++)
        if (u->commune < 0 || !strcmp(u->rows[i].commune, u->communes[u->commune]))
            u->shown[u->nshown++] = i;
    if (u->commune < 0 && u->nshown) {
        /* all communes: one order of numbers, not one per commune */
        shown_rows = u->rows;
        qsort(u->shown, (size_t)u->nshown, sizeof *u->shown, shown_cmp);
        shown_rows = NULL;
    }
    if (u->cur >= u->nshown)
        u->cur = u->nshown ? u->nshown - 1 : 0;
    if (u->top > u->cur)
        u->top = u->cur;
}

/* Read the receipts again (after a change); the commune stays chosen. */
static void unsigned_load(struct unsigned_view *u)
{
    struct unsigned_load ld = {u, 0, 0};
    struct error err = ERROR_INIT;
    char *was = u->commune >= 0 ? xstrdup(u->communes[u->commune]) : NULL;
    unsigned_free_rows(u);
    if (handover_store_each_open(tui->app.db, 0, 1, unsigned_row_cb, &ld, &err) != 0 ||
        (ld.returns = 1,
         handover_store_each_unsigned_return(tui->app.db, 0, unsigned_row_cb, &ld, &err)) != 0) {
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
    }
    if (u->n)
        qsort(u->rows, (size_t)u->n, sizeof *u->rows, unsigned_row_cmp);
    u->communes = xcalloc((size_t)u->n + 1, sizeof *u->communes);
    u->shown = xcalloc((size_t)u->n + 1, sizeof *u->shown);
    u->commune = -1;
    for (int i = 0; i < u->n; i++)
        if (!u->ncommunes || strcmp(u->communes[u->ncommunes - 1], u->rows[i].commune)) {
            if (was && !strcmp(was, u->rows[i].commune))
                u->commune = u->ncommunes;
            u->communes[u->ncommunes++] = u->rows[i].commune;
        }
    free(was);
    u->generation = tui->generation;
    unsigned_filter(u);
}

static int unsigned_selected(const struct unsigned_view *u)
{
    int n = 0;
    for (int i = 0; i < u->nshown; i++)
        n += u->rows[u->shown[i]].selected;
    return n;
}

static void unsigned_draw(struct view *v, WINDOW *w, int h, int wd)
{
    struct unsigned_view *u = v->data;
    if (u->generation != tui->generation)
        unsigned_load(u);
    werase(w); /* a screen of its own over Reports */
    const char *where = u->commune < 0             ? _("all communes")
                        : *u->communes[u->commune] ? u->communes[u->commune]
                                                   : _("no commune");
    char *head = xasprintf(ngettext("%s — %s: %d receipt not signed back yet",
                                    "%s — %s: %d receipts not signed back yet", u->nshown),
                           u->title, where, u->nshown);
    tui_put(w, 0, 1, wd - 2, head, tui_attr(ATTR_TITLE));
    free(head);
    int sel = unsigned_selected(u);
    char *hint =
        sel ? xasprintf(ngettext("%d selected. ", "%d selected. ", sel), sel) : xstrdup("");
    char *line2 =
        xasprintf(_("%s← → commune (%d)   Space select   a all   F2 mark signed   Enter/Esc close"),
                  hint, u->ncommunes);
    tui_put(w, 1, 1, wd - 2, line2, tui_attr(ATTR_DIM));
    free(line2);
    free(hint);
    u->page = h - 3 > 1 ? h - 3 : 1;
    if (u->cur < u->top)
        u->top = u->cur;
    if (u->cur >= u->top + u->page)
        u->top = u->cur - u->page + 1;
    for (int i = 0; i < u->page && u->top + i < u->nshown; i++) {
        const struct unsigned_row *r = &u->rows[u->shown[u->top + i]];
        int attr = u->top + i == u->cur ? tui_attr(ATTR_SELECTED) : 0;
        char *t = xasprintf("[%s] %s%s%s", r->selected ? "x" : " ", r->line,
                            u->commune < 0 && *r->commune ? "  — " : "",
                            u->commune < 0 ? r->commune : "");
        if (attr) {
            wattrset(w, attr);
            mvwhline(w, 3 + i, 0, ' ', wd);
        }
        tui_put(w, 3 + i, 1, wd - 2, t, attr);
        free(t);
    }
    if (!u->nshown)
        tui_put(w, 3, 2, wd - 4, _("Every paper receipt has come back signed."), tui_attr(ATTR_OK));
}

struct signed_batch {
    long long *ids;
    int *is_return; /* of each id: its return record, not its receipt */
    int n;
    int done; /* marked already: a save after a refusal goes on from there */
};

static int signed_batch_save(struct tui_form *f, struct error *err)
{
    struct signed_batch *b = f->arg;
    int rc = 0, was = b->done;
    while (b->done < b->n && rc == 0) {
        long long id = b->ids[b->done];
        rc = b->is_return[b->done]
                 ? handover_app_mark_return_signed(&tui->app, id, tui_form_opt(f, 0), NULL, err)
                 : handover_app_mark_signed(&tui->app, id, tui_form_opt(f, 0), NULL, err);
        if (rc == 0)
            b->done++;
    }
    if (b->done > was)
        tui_changed();
    if (rc == 0)
        tui_status(0,
                   ngettext("%d receipt marked as signed", "%d receipts marked as signed", b->done),
                   b->done);
    return rc;
}

static void signed_batch_release(struct tui_form *f)
{
    struct signed_batch *b = f->arg;
    free(b->ids);
    free(b->is_return);
    free(b);
}

/* F2: the selected receipts shown (or the highlighted one), one archive
 * reference for them all. */
static void unsigned_mark(struct unsigned_view *u)
{
    struct signed_batch *b = xcalloc(1, sizeof *b);
    struct strbuf nos = STRBUF_INIT;
    b->ids = xcalloc((size_t)u->nshown + 1, sizeof *b->ids);
    b->is_return = xcalloc((size_t)u->nshown + 1, sizeof *b->is_return);
    for (int i = 0; i < u->nshown; i++)
        if (u->rows[u->shown[i]].selected) {
            b->is_return[b->n] = u->rows[u->shown[i]].is_return;
            b->ids[b->n++] = u->rows[u->shown[i]].id;
        }
    if (!b->n && u->nshown) {
        b->is_return[b->n] = u->rows[u->shown[u->cur]].is_return;
        b->ids[b->n++] = u->rows[u->shown[u->cur]].id;
    }
    if (!b->n) {
        free(b->ids);
        free(b->is_return);
        free(b);
        return;
    }
    /* the numbers, the first word of each row (ids are in rows' order) */
    for (int i = 0, k = 0; i < u->nshown && k < b->n && k < 20; i++) {
        const struct unsigned_row *r = &u->rows[u->shown[i]];
        if (r->id != b->ids[k] || r->is_return != b->is_return[k])
            continue;
        k++;
        strbuf_addf(&nos, "%s%.*s", nos.len ? ", " : "", (int)strcspn(r->line, " "), r->line);
    }
    if (b->n > 20)
        strbuf_addstr(&nos, ", …");
    char *title =
        xasprintf(ngettext("Mark %d receipt as signed", "Mark %d receipts as signed", b->n), b->n);
    struct tui_form *f = tui_form_new(title, 1);
    free(title);
    f->arg = b;
    f->save = signed_batch_save;
    f->release = signed_batch_release;
    tui_form_field(f, 0, "archive_ref", N_("Archive reference"), FIELD_TEXT, 0);
    tui_form_message(f, 0, nos.buf);
    strbuf_release(&nos);
    tui_form_open(f);
}

static int unsigned_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    struct unsigned_view *u = v->data;
    /* the keys are KEYMAP_UNSIGNED's (tui_action.c): Enter closes too */
    if (a == ACT_BACK) {
        tui_pop();
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (a == ACT_SELECT) {
        if (u->nshown) {
            u->rows[u->shown[u->cur]].selected ^= 1;
            if (u->cur < u->nshown - 1)
                u->cur++;
        }
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (a == ACT_SELECT_ALL) {
        int all = unsigned_selected(u) == u->nshown;
        for (int i = 0; i < u->nshown; i++)
            u->rows[u->shown[i]].selected = !all;
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (a == ACT_MARK_SIGNED) {
        unsigned_mark(u);
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (a == ACT_SIGNED_MODE) {
        tui_signed_open();
        return TUI_HANDLED | TUI_REDRAW;
    }
    switch (a) {
    case ACT_UP:
        u->cur = u->cur > 0 ? u->cur - 1 : 0;
        break;
    case ACT_DOWN:
        u->cur = u->cur < u->nshown - 1 ? u->cur + 1 : u->cur;
        break;
    case ACT_PGUP:
        u->cur = u->cur > u->page ? u->cur - u->page : 0;
        break;
    case ACT_PGDN:
        u->cur = u->cur + u->page < u->nshown ? u->cur + u->page : u->nshown ? u->nshown - 1 : 0;
        break;
    case ACT_HOME:
        u->cur = 0;
        break;
    case ACT_END:
        u->cur = u->nshown ? u->nshown - 1 : 0;
        break;
    case ACT_PREV_GROUP:
    case ACT_NEXT_GROUP:
        /* all, then each commune in turn, and round */
        if (a == ACT_NEXT_GROUP)
            u->commune = u->commune + 1 < u->ncommunes ? u->commune + 1 : -1;
        else
            u->commune = u->commune >= 0 ? u->commune - 1 : u->ncommunes - 1;
        u->cur = u->top = 0;
        unsigned_filter(u);
        break;
    case ACT_QUIT:
    case ACT_HELP:
    case ACT_REFRESH:
        return TUI_UNHANDLED;
    default:
        break; /* modal: nothing else acts behind it */
    }
    return TUI_HANDLED | TUI_REDRAW;
}

static void unsigned_close(struct view *v)
{
    struct unsigned_view *u = v->data;
    unsigned_free_rows(u);
    free(u->title);
    free(u);
}

static const enum tui_action unsigned_bar[] = {ACT_MARK_SIGNED, ACT_SIGNED_MODE, ACT_NONE};
static const struct view_ops unsigned_ops = {
    .name = "unsigned",
    .draw = unsigned_draw,
    .key = unsigned_key,
    .close = unsigned_close,
    .keymap = KEYMAP_UNSIGNED,
    .fbar = unsigned_bar,
    .modal = 1,
};

static void show_unsigned(const char *title)
{
    struct unsigned_view *u = xcalloc(1, sizeof *u);
    u->title = xstrdup(title);
    u->commune = -1;
    unsigned_load(u);
    tui_push(tui_view_new(&unsigned_ops, u));
}

/* The check of the database and the audit chain, its result in a message. */
static void show_check(const char *title)
{
    struct lines l = {STRBUF_INIT, 0};
    struct error err = ERROR_INIT;
    struct check_result res = {0};
    int rc = check_app_run(&tui->app, 0, check_line, &l, &res, &err);
    char *t =
        rc < 0 ? xstrdup(error_msg(&err))
        : rc == 0
            ? xasprintf(_("ok: integrity check passed; audit chain of %lld entries "
                          "verified; %lld rows match the log"),
                        res.entries, res.rows)
            : xasprintf(ngettext("check failed: %lld problem\n%s",
                                 "check failed: %lld problems\n%s", (unsigned long)res.problems),
                        res.problems, l.sb.buf);
    tui_message(title, t);
    free(t);
    error_clear(&err);
    strbuf_release(&l.sb);
}

/* Make report kind: open its form, or show its result. */
static void run(int kind)
{
    static struct tui_form *(*const form[REP_N])(const char *title) = {
        [REP_SUMMARY] = summary_form,
        [REP_SUMMARY_OLD] = summary_old_form,
        [REP_SIGNOFF] = signoff_form,
        [REP_ATTENDANCE] = attendance_form,
        [REP_RECEIPTS_COMMUNE] = receipts_commune_form,
        [REP_RECEIPTS] = receipts_form,
        [REP_SIGNED] = signed_form,
        [REP_CSV] = csv_form,
        [REP_BACKUP] = backup_form,
    };

    if (kind < 0 || kind >= REP_N)
        return;
    if (kind == REP_UNSIGNED)
        show_unsigned(_(entries[kind].title));
    else if (kind == REP_CHECK)
        show_check(_(entries[kind].title));
    else if (kind == REP_SIGNED_SCAN)
        tui_signed_open();
    else if (form[kind])
        tui_form_open(form[kind](_(entries[kind].title)));
}

/* --- the screen ---------------------------------------------------------- */

static void reports_draw(struct view *v, WINDOW *w, int h, int wd)
{
    struct reports *r = v->data;
    int y = 0;
    tui_put(w, y++, 1, wd - 2, _("Reports and documents (Enter makes the selected one)"),
            tui_attr(ATTR_TITLE));
    y++;
    int per = h - 2 >= REP_N * 2 ? 2 : 1;
    for (int i = 0; i < REP_N && y < h; i++) {
        int attr = i == r->cur ? tui_attr(ATTR_SELECTED) : 0;
        if (i == r->cur) {
            wattrset(w, attr);
            mvwhline(w, y, 0, ' ', wd);
        }
        tui_put(w, y++, 2, wd - 4, _(entries[i].title), attr);
        if (per == 2 && y < h)
            tui_put(w, y++, 6, wd - 8, entries[i].command, tui_attr(ATTR_DIM));
    }
}

static int reports_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    struct reports *r = v->data;
    switch (a) {
    case ACT_UP:
        r->cur = r->cur > 0 ? r->cur - 1 : 0;
        break;
    case ACT_DOWN:
        r->cur = r->cur < REP_N - 1 ? r->cur + 1 : r->cur;
        break;
    case ACT_HOME:
        r->cur = 0;
        break;
    case ACT_END:
        r->cur = REP_N - 1;
        break;
    case ACT_OPEN:
    case ACT_RUN:
        run(r->cur);
        break;
    default:
        if (!k->is_char && k->code == KEY_MOUSE && k->mouse_y >= 2) {
            int dbl = k->mouse_y < -1;
            int my = dbl ? -2 - k->mouse_y : k->mouse_y;
            int per = LINES - 5 >= REP_N * 2 ? 2 : 1;
            int i = (my - 2) / per;
            if (i >= 0 && i < REP_N) {
                if (dbl || i == r->cur)
                    run(i);
                r->cur = i;
            }
            return TUI_HANDLED | TUI_REDRAW;
        }
        return TUI_UNHANDLED;
    }
    return TUI_HANDLED | TUI_REDRAW;
}

static void reports_close(struct view *v)
{
    free(v->data);
}

static const enum tui_action reports_bar[] = {ACT_RUN, ACT_NONE};
static const struct view_ops reports_ops = {
    .name = "reports",
    .draw = reports_draw,
    .key = reports_key,
    .close = reports_close,
    .keymap = KEYMAP_REPORTS,
    .fbar = reports_bar,
};

struct view *tui_reports_new(void)
{
    return tui_view_new(&reports_ops, xcalloc(1, sizeof(struct reports)));
}
