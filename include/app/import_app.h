/*
 * import_app: persons and devices from the CSV and Excel lists that offices
 * and suppliers already keep.
 *
 * Every row goes through the same use cases as typed input (person_app_add,
 * device_app_add), so the same rules apply; a person of a list must also
 * give a birth year and an ethnic group, which one typed in may leave
 * empty. The whole import is one transaction: by default any bad row and
 * nothing is imported; with skip_invalid the good rows are kept. Rows that
 * are not records — totals, the signature block, headings (which give their
 * commune or district to the rows under them), numbered columns — and
 * hidden rows are skipped and listed, never rejected. Duplicates — within
 * the file or against the database — are reported with both row numbers
 * (or the existing record).
 */
#ifndef APP_IMPORT_APP_H
#define APP_IMPORT_APP_H

#include <stddef.h>

#include "app/app.h"

enum import_kind { IMPORT_PERSONS, IMPORT_DEVICES };

struct import_options {
    enum import_kind kind;
    const char *path;
    const char *sheet;            /* a workbook's sheet, NULL = the first visible one, "all": every
                                   * visible sheet (one transaction); a sheet without a
                                   * header is then skipped and named in the summary */
    const char *const *overrides; /* "COLUMN=FIELD" */
    size_t n_overrides;
    int skip_invalid;
    int include_hidden; /* import the rows hidden in the workbook too (else skipped, listed) */
    int dry_run;
    /* persons: a bad optional value (phone, CCCD, role, note) refuses its
     * row; without it the value is left empty and on_warning told */
    int strict;
    /* persons: a row whose CCCD is a registered person's refreshes that
     * person's phone, village and role (audited) instead of being a
     * duplicate */
    int update;
    /* devices: defaults for rows that lack them */
    long long round_id;
    const char *model;
    const char *price;
    /* persons: district for rows that lack one */
    const char *district;
    /* persons: the date the file names its communes on (person_input.as_of):
     * without it or a district, a name shared by an old and a new commune
     * rejects its row */
    const char *as_of;
    /* called for each rejected row (row number as the user sees it, reason, cells);
     * the reason is an error: its message, and the field and hint it names */
    void (*on_reject)(long row, const struct error *reason, int duplicate, const char *const *cells,
                      size_t n_cells, void *arg);
    /* called when the header of a sheet was found, before its rows: its
     * name (NULL when the file has one sheet; else every message names it),
     * the file's encoding, the header row, and the mapping and columns as
     * import_result has them */
    void (*on_sheet)(const char *sheet, const char *encoding, long header_row, const char *mapping,
                     const char *columns, void *arg);
    /* called once the header of each sheet is found, with the own name of
     * each of its columns ("Xã" under "Nơi cư trú"), left to right: a file
     * of the rejected rows repeats it as a header of one row */
    void (*on_header)(const char *const *cells, size_t n_cells, void *arg);
    /* called for each value left empty (row number as the user sees it; the
     * warning names the field and the value, and why it was not taken) */
    void (*on_warning)(long row, const struct error *why, void *arg);
    /* progress 0..1 */
    void (*on_progress)(double fraction, void *arg);
    /* what the import does now, when it starts a step of its own after the
     * rows (making the search indexes of a large list of persons) */
    void (*on_step)(const char *what, void *arg);
    /* asked before each row (may be NULL): nonzero stops the import, which
     * then writes nothing and returns ERR_CONFLICT ("the import was stopped") */
    int (*stop)(void *arg);
    void *arg;
};

struct import_result {
    long long imported;
    long long rejected;           /* rows that failed a rule */
    long long duplicates;         /* rows that repeat another row or a record */
    long long warnings;           /* values left empty (persons, without strict) */
    long long near_duplicates;    /* persons imported beside a name that differs in accents only */
    long long updated, unchanged; /* update: persons matched by CCCD, changed or not */
    long long mismatched; /* update: of them, named or born otherwise in the list (warned) */
    long long cccd_restored, phones_restored; /* numbers given back their leading zeros */
    long long skipped; /* rows that are not records: totals, signatures, headings... */
    char *skips;       /* them, "row 47 'Tổng cộng', rows 49–55 signature block", or NULL */
    long long hidden;  /* hidden rows skipped (include_hidden not set) */
    char *hidden_rows; /* their numbers, "14, 15", or NULL */
    /* the columns without a header whose values were not imported, a line
     * each: "column F (no header) has 12 values and was not imported;
     * --map F=FIELD to import it" (with its sheet when the workbook has
     * more than one), or NULL */
    char *unread;
    const char *encoding; /* static */
    long header_row;
    char *mapping; /* "Họ và tên → full_name, ..." (caller frees via import_result_release) */
    /* every column of the header, one a line: "B  Thông tin cá nhân / Họ và
     * tên → full_name", "A  STT → none" (freed by import_result_release) */
    char *columns;
};

void import_result_release(struct import_result *r);

/*
 * Run the import. Returns 0 when the rows were imported (or, dry_run, would
 * be), 1 when rows were rejected (nothing written unless skip_invalid), or a
 * negative ERR_* when the file itself cannot be read (err says why).
 */
int import_app_run(struct app *app, const struct import_options *o, struct import_result *res,
                   struct error *err);

#endif
