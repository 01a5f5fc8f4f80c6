/*
 * export: the office's documents as files — the Excel summary, the Excel
 * sign-off list per commune, the Excel attendance sheet of a training
 * session (libxlsxwriter), and the raw tables as CSV for other programs or
 * as workbooks for a spreadsheet.
 *
 * One call writes one file. The caller (the command line, the Reports
 * screen) resolves names to ids first; every id here is 0 for "all".
 * Every file is written through io/outfile (mode 0600, named only when
 * complete; never the database, a backup, a non-regular file, or an
 * existing file unless o->force: ERR_EXISTS): on any error no file is left
 * behind, path keeps what it held, and err says why, naming the path.
 * The "as of" date of titles is today (CAPPHAT_TODAY in a test build); office,
 * parent body, place and signers come from the settings.
 */
#ifndef REPORT_EXPORT_H
#define REPORT_EXPORT_H

#include "core/error.h"
#include "store/report_store.h"

struct db;

struct export_options {
    long long round_id;    /* summary, handover list: one round (0 = all) */
    long long district_id; /* handover list: one district (0 = all) */
    long long commune_id;  /* handover list: one commune (0 = all) */
    long long session_id;  /* attendance: the session (required) */
    int blank;             /* handover list: people still to receive a phone, device
                            * columns left to fill by hand; attendance: the
                            * recipients of the session's commune, to sign on the day */
    int show_id;           /* citizen IDs in full; masked (006*****1234) otherwise */
    const char *as_of;     /* summary: the date of the units people are counted in
                            * (ISO; NULL: today) */
    int by_old_district;   /* summary: the historical view, by the districts and
                            * communes of 2023 people were registered in */
    int force;             /* replace an existing file (the operator said so) */
    const char *anchor;    /* "1234:a1b2c3d4e5f6": the audit log's anchor, in the footer of
                            * every page (seal_app_anchor); NULL or "" for none */
    /* Called every 1,000 rows and at the end (may be NULL): for a progress bar. */
    void (*progress)(long long rows, void *arg);
    void *progress_arg;
};

/* What was written, for the message that follows. */
struct export_result {
    long long rows; /* data rows (people, lines of a table) */
    int sheets;     /* worksheets (0 for CSV) */
};

/*
 * The summary workbook. People are counted in the units valid on o->as_of
 * (default today; a commune of 2023 counts in the commune it became): while
 * districts existed, a province sheet (one row per district, devices never
 * handed over, grand total, chart of handed over vs trained) and one sheet
 * per district (one row per commune, total row); from 1 July 2025 one
 * province sheet with a row per commune and ward and a column of the old
 * districts they came from. With o->by_old_district, the historical view:
 * by the districts and communes of 2023 people were registered in (a
 * commune of 2025 under the district all its old communes were in, marked
 * "từ 01/07/2025"). Then a sheet by ethnic group and gender. Totals are
 * formulas.
 */
int export_summary(struct db *db, const char *path, const struct export_options *o,
                   struct export_result *res, struct error *err);

/*
 * The sign-off list ("Danh sách cấp phát, ký nhận"), one sheet per commune,
 * with a column to sign or thumbprint. ERR_NOT_FOUND when nobody is to be
 * listed (no file is written).
 */
int export_handover_list(struct db *db, const char *path, const struct export_options *o,
                         struct export_result *res, struct error *err);

/* The attendance sheet of o->session_id. ERR_NOT_FOUND for an unknown session;
 * ERR_INVALID for blank on a session without a commune. */
int export_attendance(struct db *db, const char *path, const struct export_options *o,
                      struct export_result *res, struct error *err);

/*
 * A raw table as CSV for Excel: UTF-8 with a byte-order mark, CRLF, a header
 * row of column names, every column; text starting with = + - @ is
 * neutralised (csv_writer's CSV_EXCEL). The id_number column is masked
 * unless o->show_id.
 */
int export_csv(struct db *db, enum report_table table, const char *path,
               const struct export_options *o, struct export_result *res, struct error *err);

/*
 * The same table as a workbook that a spreadsheet cannot damage: one sheet,
 * a header row of Vietnamese column names (frozen, with a filter), IMEIs,
 * phones and citizen IDs as text, dates as dates (dd/mm/yyyy), times in
 * local time, amounts as numbers, genders, yes/no, statuses and reasons by
 * their labels; columns as wide as their longest value. The id_number
 * column is masked unless o->show_id.
 */
int export_table_xlsx(struct db *db, enum report_table table, const char *path,
                      const struct export_options *o, struct export_result *res, struct error *err);

#endif
