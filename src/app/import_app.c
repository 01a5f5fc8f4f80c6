/*
 * import_app: importing persons and devices from CSV and XLSX files; see
 * include/app/import_app.h. The reading is src/io's (table_reader finds
 * the encoding, columns finds the header row); every rule is the use
 * cases'.
 */
#include "app/import_app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/device_app.h"
#include "app/field_app.h"
#include "app/person_app.h"
#include "core/cccd.h"
#include "core/date.h"
#include "core/imei.h"
#include "core/i18n.h"
#include "core/phone.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "io/columns.h"
#include "io/table_reader.h"
#include "store/db.h"
#include "store/device_store.h"
#include "store/person_load.h"
#include "store/person_search.h"
#include "store/person_store.h"

/* Persons imported row by row before the rest go in bulk (person_load_begin). */
#define BULK_AFTER 1000

void import_result_release(struct import_result *r)
{
    free(r->mapping);
    free(r->columns);
    free(r->skips);
    free(r->hidden_rows);
    free(r->unread);
    r->mapping = r->columns = r->skips = r->hidden_rows = r->unread = NULL;
}

/* Which file row created which record, to name both rows of a duplicate. */
struct origin {
    long long id;
    long row;
};

struct origins {
    struct origin *items;
    size_t n, alloc;
};

static void origins_add(struct origins *o, long long id, long row)
{
    if (o->n == o->alloc) {
        o->alloc = o->alloc ? o->alloc * 2 : 256;
        o->items = xrealloc(o->items, o->alloc * sizeof(*o->items));
    }
    o->items[o->n].id = id;
    o->items[o->n].row = row;
    o->n++;
}

/* The file row that created record id, or 0 when it was there before. */
static long origins_row(const struct origins *o, long long id)
{
    size_t lo = 0, hi = o->n;
    while (lo < hi) { /* ids grow as rows are imported */
        size_t mid = (lo + hi) / 2;
        if (o->items[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < o->n && o->items[lo].id == id ? o->items[lo].row : 0;
}

struct run {
    struct app *app;
    const struct import_options *o;
    struct import_result *res;
    struct columns_map map;
    struct origins origins;
    struct error dup;             /* why the row is a duplicate */
    struct strbuf cells[COL_MAX]; /* values whose line breaks get() turned into spaces */
    /* the column field of each field of the kind's table (-2: not imported),
     * looked up once for the file */
    const struct record_kind *kind;
    int *field_col;
    char cccd[13], phone[11]; /* numbers given back their leading zeros */
    char row_cccd[13];        /* the row's CCCD as digits, "" when none */
    long long near;           /* a person whose name differs from the row's in accents only */
    char *near_name;
    struct error warn;         /* a value left empty */
    long long counted_updates; /* res->updated + res->unchanged after the last row */
    /* the sheet being read: its name when the workbook has more than one */
    const char *sheet;
    /* the rows that are not records, for the summary: the entry being
     * built (a run of rows of one kind) is pend_* */
    struct strbuf skips, hidden;
    char *hidden_sheet; /* the sheet the last hidden row listed is in */
    int pend_kind;      /* enum columns_row_kind, or -1 */
    long pend_first, pend_last;
    char *pend_text;
    int in_signature;                 /* the signature block goes on to the end of the sheet */
    char *sec_commune, *sec_district; /* what the last headings named */
    /* the columns of the sheet without a header: values[c] counts the
     * non-empty cells of column c in the rows read as records (columns
     * with a header count nothing); blank[] lists those of the header */
    long long *values;
    unsigned char *counts; /* column c holds only row numbers so far (1..records) */
    size_t n_values;
    long long records; /* the sheet's rows read as records */
    size_t *blank, n_blank;
    size_t named;         /* columns up to the last one with a header */
    struct strbuf unread; /* the summary's lines about them */
    /* the rows and the large-list mode, over every sheet */
    struct person_bulk bulk;
    int bulk_on;
    long long existing;
    long seen;
};

/* Fill in (the kind's input struct) from row: each field of the kind's
 * table that has a column. */
static const char *get(struct run *r, const struct table_row *row, enum column_field f);
static void get_fields(struct run *r, const struct table_row *row, void *in)
{
    if (!r->field_col) {
        r->field_col = xcalloc(r->kind->n_fields, sizeof(*r->field_col));
        for (size_t i = 0; i < r->kind->n_fields; i++) {
            const struct field *f = &r->kind->fields[i];
            r->field_col[i] = f->headers && f->input != FIELD_NO_INPUT
                                  ? column_field_from_name(field_name(f))
                                  : -2;
        }
    }
    for (size_t i = 0; i < r->kind->n_fields; i++)
        if (r->field_col[i] >= 0)
            *(const char **)((char *)in + r->kind->fields[i].input) = get(r, row, r->field_col[i]);
}

static void reject(struct run *r, const struct table_row *row, int duplicate,
                   const struct error *why)
{
    if (duplicate)
        r->res->duplicates++;
    else
        r->res->rejected++;
    if (r->o->on_reject)
        r->o->on_reject(row->number, why, duplicate, row->cells, row->n_cells, r->o->arg);
}

/*
 * The value of field f, NULL when empty. A line break inside a cell (Alt+Enter
 * in Excel, a quoted newline in CSV) is where the text wrapped, not part of a
 * name or a note: it becomes a space, as the value would be typed.
 */
static const char *get(struct run *r, const struct table_row *row, enum column_field f)
{
    const char *v = columns_get(&r->map, row, f);
    if (!v || !*v)
        return NULL;
    if (!strpbrk(v, "\r\n"))
        return v;
    struct strbuf *sb = &r->cells[f];
    strbuf_reset(sb);
    for (const char *p = v; *p; p++) {
        if (*p != '\r' && *p != '\n')
            strbuf_addch(sb, *p);
        else if (sb->len && sb->buf[sb->len - 1] != ' ')
            strbuf_addch(sb, ' ');
    }
    return sb->buf;
}

/* A duplicate of a row of this file or of a record: the reason into r->dup. */
static int duplicate_of(struct run *r, const char *what, const char *value, long long id,
                        const char *kind)
{
    long first = origins_row(&r->origins, id);
    if (first)
        error_set(&r->dup, ERR_CONFLICT, _("%s '%s' repeats row %ld of the file"), _(what), value,
                  first);
    else
        error_set(&r->dup, ERR_CONFLICT, _("%s '%s' is already registered (%s %lld)"), _(what),
                  value, _(kind), id);
    return 1;
}

/*
 * A row that passed every check: a person registered with the same name
 * (accents and all: Hưng is not Hùng) and birth year in the commune is a
 * duplicate, unless both have a CCCD and they differ (then they are
 * namesakes). A name the same but for its accents is imported, and noted in
 * r->near as a possible duplicate.
 */
static int same_person(const char *full_name, const char *name_fold, int birth_year,
                       long long commune_id, void *arg, struct error *err)
{
    struct run *r = arg;
    struct person_namesake *list;
    size_t n;
    long long dup = 0;

    r->near = 0;
    if (!commune_id)
        return 0;
    int rc =
        person_store_find_namesakes(r->app->db, name_fold, birth_year, commune_id, &list, &n, err);
    if (rc)
        return rc;
    char *mine = text_upper(full_name);
    for (size_t i = 0; i < n && !dup; i++) {
        if (r->row_cccd[0] && list[i].id_number && strcmp(r->row_cccd, list[i].id_number) != 0)
            continue; /* two citizens */
        char *theirs = text_upper(list[i].full_name);
        if (strcmp(mine, theirs) == 0) {
            dup = list[i].id;
        } else if (!r->near) {
            r->near = list[i].id;
            free(r->near_name);
            r->near_name = xstrdup(list[i].full_name);
        }
        free(theirs);
    }
    free(mine);
    person_namesakes_free(list, n);
    return dup ? duplicate_of(r, N_("name"), full_name, dup, N_("person")) : 0;
}

/* After a row that was imported beside a person whose name differs only
 * in its accents: a warning that names both. */
static void warn_near(struct run *r, const struct table_row *row, const char *name)
{
    long first = origins_row(&r->origins, r->near);
    if (first)
        error_set_field(&r->warn, ERR_CONFLICT, "full_name",
                        _("'%s' imported; possible duplicate of '%s' (row %ld of the file): check "
                          "the two"),
                        name, r->near_name, first);
    else
        error_set_field(&r->warn, ERR_CONFLICT, "full_name",
                        _("'%s' imported; possible duplicate of '%s' (person %lld): check the two"),
                        name, r->near_name, r->near);
    r->res->near_duplicates++;
    if (r->o->on_warning)
        r->o->on_warning(row->number, &r->warn, r->o->arg);
}

/* Digits only, at most max of them: the length, else 0. */
static size_t all_digits(const char *v, size_t max)
{
    size_t n = strspn(v, "0123456789");
    return !v[n] && n <= max ? n : 0;
}

/* "6.054E+09", "6,05E+09": a number a spreadsheet showed in scientific
 * notation and saved so; its last digits are gone. */
static int scientific(const char *v)
{
    return strpbrk(v, "eE") && strpbrk(v, "+") && strspn(v, "0123456789.,eE+ ") == strlen(v) &&
           v[0] >= '0' && v[0] <= '9';
}

/*
 * A CCCD or phone number a spreadsheet kept as a number, which dropped its
 * leading zeros: "6054001357" is CCCD 006054001357 when that is a valid
 * CCCD of the row's birth year and gender (every province code starts with
 * 0), "912345678" is phone 0912345678. *v is replaced and counted; a number
 * in scientific notation is refused, naming the field.
 */
static int restore_numbers(struct run *r, struct person_input *in, struct error *err)
{
    if (in->cccd && scientific(in->cccd))
        return error_set_field(err, ERR_INVALID, "cccd",
                               _("cccd '%s' was saved in scientific notation: its last digits "
                                 "are lost (format the column as text and type it again)"),
                               error_quote(in->cccd));
    if (in->phone && scientific(in->phone))
        return error_set_field(err, ERR_INVALID, "phone",
                               _("phone '%s' was saved in scientific notation: its last digits "
                                 "are lost (format the column as text and type it again)"),
                               error_quote(in->phone));
    size_t n = in->cccd ? all_digits(in->cccd, 11) : 0;
    if (n == 10 || n == 11) {
        char padded[13], out[13];
        enum id_kind kind;
        struct error e = ERROR_INIT;
        int year = in->birth_year && all_digits(in->birth_year, 4) == 4 ? atoi(in->birth_year) : 0;
        char gender = in->gender ? field_app_gender(in->gender, &e) : 0;
        snprintf(padded, sizeof(padded), "%.*s%s", (int)(12 - n), "00", in->cccd);
        if (cccd_parse(padded, year, gender, out, &kind, &e) == 0 && kind == ID_CCCD) {
            memcpy(r->cccd, out, sizeof(r->cccd));
            in->cccd = r->cccd;
            r->res->cccd_restored++;
        }
        error_clear(&e);
    }
    if (in->phone && all_digits(in->phone, 9) == 9 && in->phone[0] != '0') {
        char padded[11], out[11];
        struct error e = ERROR_INIT;
        snprintf(padded, sizeof(padded), "0%s", in->phone);
        if (phone_parse(padded, out, &e) == 0) {
            memcpy(r->phone, out, sizeof(r->phone));
            in->phone = r->phone;
            r->res->phones_restored++;
        }
        error_clear(&e);
    }
    return 0;
}

/* The field the error names, when the import may leave it empty rather
 * than drop the person: not a name, gender, year, ethnic group or unit (a
 * CCCD, phone, role, note, date). */
static const struct field *optional_field(const struct record_kind *k, const struct error *err)
{
    const struct field *f = err->field ? record_input_field(k, err->field) : NULL;
    if (!f || f->input == FIELD_NO_INPUT || (f->flags & FIELD_REQUIRED))
        return NULL;
    switch (f->check) {
    case CHECK_NAME:
    case CHECK_GENDER:
    case CHECK_YEAR:
    case CHECK_ETHNIC:
    case CHECK_UNIT:
        return NULL;
    default:
        return f;
    }
}

static void warn(struct run *r, const struct table_row *row, const struct error *why)
{
    r->res->warnings++;
    if (r->o->on_warning)
        r->o->on_warning(row->number, why, r->o->arg);
}

/*
 * After rc, the result of trying in: when it failed for a bad optional
 * value (phone "Không có", CCCD "Chưa có") and not strict, that value is
 * left empty, the warning told, and 1 returned to try again; else 0.
 */
static int leave_empty(struct run *r, const struct table_row *row, struct person_input *in, int rc,
                       int tries, struct error *err)
{
    const struct field *f =
        rc == ERR_INVALID && !r->o->strict && tries < 8 ? optional_field(r->kind, err) : NULL;
    const char **v = f ? (const char **)((char *)in + f->input) : NULL;
    if (!v || !*v)
        return 0;
    /* "phone 'Không có' is not a mobile number…: left empty" */
    error_set_field(&r->warn, ERR_INVALID, err->field, _("%s: left empty"), error_msg(err));
    warn(r, row, &r->warn);
    *v = NULL;
    error_clear(err);
    return 1;
}

/*
 * Is person id, matched by the row's CCCD, someone else by name or birth
 * year (a CCCD mistyped onto another person's line)? Warned, and the
 * update goes on; with strict, the row is refused. Returns 0, or an error.
 */
static int same_identity(struct run *r, const struct table_row *row,
                         const struct person_input *given, long long id, struct error *err)
{
    struct person p = {0};
    int rc = person_store_get(r->app->db, id, &p, err);
    if (rc)
        return rc;
    /* as the name would be stored: its spaces collapsed */
    char *clean = NULL;
    if (text_clean(given->full_name, "", 0, 0, &clean, NULL) != 0)
        clean = xstrdup(given->full_name);
    char *mine = text_upper(clean), *theirs = text_upper(p.full_name);
    free(clean);
    int year =
        given->birth_year && all_digits(given->birth_year, 4) == 4 ? atoi(given->birth_year) : 0;
    if (strcmp(mine, theirs) != 0 || (year && p.birth_year && year != p.birth_year)) {
        char born[16] = "?", row_born[16] = "?";
        if (p.birth_year)
            snprintf(born, sizeof(born), "%d", p.birth_year);
        if (year)
            snprintf(row_born, sizeof(row_born), "%d", year);
        if (r->o->strict) {
            rc = error_set_field(err, ERR_CONFLICT, "cccd",
                                 _("cccd '%s' is person %lld '%s' (born %s), not '%s' (born %s): "
                                   "check the CCCD"),
                                 r->row_cccd, id, p.full_name, born, given->full_name, row_born);
        } else {
            error_set_field(&r->warn, ERR_CONFLICT, "cccd",
                            _("cccd '%s' is person %lld '%s' (born %s), not '%s' (born %s): "
                              "updated all the same; check the CCCD"),
                            r->row_cccd, id, p.full_name, born, given->full_name, row_born);
            r->res->mismatched++;
            if (r->o->on_warning)
                r->o->on_warning(row->number, &r->warn, r->o->arg);
        }
    }
    free(mine);
    free(theirs);
    person_release(&p);
    return rc;
}

/*
 * A row whose CCCD is a registered person's, with update: the phone,
 * village and role the row gives replace the person's (an audited edit
 * when something changed). Returns IMPORT_UPDATED, or an error.
 */
#define IMPORT_UPDATED 2
static int update_person(struct run *r, const struct table_row *row,
                         const struct person_input *given, long long id, struct error *err)
{
    struct person_input in = {
        .phone = given->phone, .village = given->village, .role = given->role};
    char *before = NULL, *after = NULL;
    int rc = same_identity(r, row, given, id, err);
    if (rc == 0)
        rc = person_store_snapshot(r->app->db, id, &before, err);
    for (int tries = 0; rc == 0; tries++) {
        rc = person_app_edit(r->app, id, &in, NULL, err);
        if (!leave_empty(r, row, &in, rc, tries, err))
            break;
        rc = 0;
    }
    if (rc == 0)
        rc = person_store_snapshot(r->app->db, id, &after, err);
    if (rc == 0) {
        if (strcmp(before, after) != 0)
            r->res->updated++;
        else
            r->res->unchanged++;
    }
    free(before);
    free(after);
    return rc ? rc : IMPORT_UPDATED;
}

/*
 * add(in) until it passes or fails for a required value: a bad optional
 * value (phone "Không có", CCCD "Chưa có") is left empty and reported as a
 * warning; with strict, the row is refused instead.
 */
static int add_leaving_empty(struct run *r, const struct table_row *row, struct person_input *in,
                             long long *id, struct error *err)
{
    int rc = restore_numbers(r, in, err);
    for (int tries = 0;; tries++) {
        enum id_kind kind;
        if (!in->cccd || cccd_parse(in->cccd, 0, 0, r->row_cccd, &kind, NULL) != 0)
            r->row_cccd[0] = '\0';
        /* duplicates: the same citizen ID, or the same name (same_person) */
        if (rc == 0 && r->row_cccd[0]) {
            rc = person_store_find_id_number(r->app->db, r->row_cccd, id, err);
            if (rc == 0 && r->o->update)
                return update_person(r, row, in, *id, err);
            if (rc == 0)
                return duplicate_of(r, N_("cccd"), r->row_cccd, *id, N_("person"));
            if (rc != ERR_NOT_FOUND)
                return rc;
            error_clear(err);
            rc = 0;
        }
        if (rc == 0)
            rc = person_app_add_unless(r->app, in, same_person, r, id, err);
        if (rc == 0 && r->near)
            warn_near(r, row, in->full_name);
        if (!leave_empty(r, row, in, rc, tries, err))
            return rc;
        rc = 0;
    }
}

/* A row without a gender: empty, or marked under both "Nam" and "Nữ". */
static int gender_missing(const struct run *r, const struct table_row *row, struct error *err)
{
    long m = r->map.field_col[COL_GENDER_MALE], w = r->map.field_col[COL_GENDER_FEMALE];
    if (r->map.field_col[COL_GENDER] < 0 && m >= 0 && w >= 0 && (size_t)m < row->n_cells &&
        (size_t)w < row->n_cells && row->cells[m][strspn(row->cells[m], " ")] &&
        row->cells[w][strspn(row->cells[w], " ")]) {
        char lm[8], lw[8];
        return error_set_field(err, ERR_INVALID, "gender",
                               _("gender: both column %s '%s' ('%s') and column %s '%s' ('%s') "
                                 "are marked; mark one"),
                               columns_letter((size_t)m, lm), error_quote(r->map.columns[m].name),
                               error_quote_slot(row->cells[m], 1), columns_letter((size_t)w, lw),
                               error_quote_slot(r->map.columns[w].name, 2),
                               error_quote_slot(row->cells[w], 3));
    }
    return error_set_field(err, ERR_INVALID, "gender", "%s", _("gender is empty (Nam or Nữ)"));
}

static int import_person(struct run *r, const struct table_row *row, struct error *err)
{
    struct person_input in = {0};

    get_fields(r, row, &in);
    long long id = 0;

    /* a heading over the rows ("Xã Mỹ Phương") names the unit a row leaves empty */
    if (!in.commune)
        in.commune = r->sec_commune;
    if (!in.district)
        in.district = r->sec_district;
    if (!in.district)
        in.district = r->o->district;
    in.as_of = r->o->as_of;
    if (!in.full_name)
        return error_set_field(err, ERR_INVALID, "full_name", "%s", _("name is empty"));
    if (!in.gender)
        return gender_missing(r, row, err);
    /* required in a list, unlike a person typed in (an elder's year may be
     * unknown): a list is the office's count of its recipients, by age and
     * ethnic group, and its rows are corrected and imported again */
    if (!in.birth_year)
        return error_set_field(err, ERR_INVALID, "birth_year", "%s", _("birth year is empty"));
    if (!in.ethnic)
        return error_set_field(err, ERR_INVALID, "ethnic", "%s", _("ethnic group is empty"));
    if (!in.commune)
        return error_set_field(err, ERR_INVALID, "commune", "%s", _("commune is empty"));
    int rc = add_leaving_empty(r, row, &in, &id, err);
    if (rc == 0)
        origins_add(&r->origins, id, row->number);
    return rc == IMPORT_UPDATED ? 0 : rc;
}

static int import_device(struct run *r, const struct table_row *row, struct error *err)
{
    struct device_input in = {.round_id = r->o->round_id};

    get_fields(r, row, &in);
    long long id;

    if (!in.model)
        in.model = r->o->model;
    if (!in.price)
        in.price = r->o->price;
    if (!in.imei)
        return error_set_field(err, ERR_INVALID, "imei", "%s", _("imei is empty"));
    if (!in.model)
        return error_hint(err, "model",
                          error_set_field(err, ERR_INVALID, "model", "%s",
                                          _("model is empty, and no model is given for the rows "
                                            "without one")));
    for (int slot = 0; slot < 2; slot++) {
        const char *v = slot ? in.imei2 : in.imei;
        char digits[IMEI_LEN + 1];
        if (!v || imei_parse(v, "imei", digits, NULL) != 0)
            continue;
        int rc = device_store_find_imei(r->app->db, digits, &id, err);
        if (rc == 0)
            return duplicate_of(r, slot ? N_("imei2") : N_("imei"), digits, id, N_("device"));
        if (rc != ERR_NOT_FOUND)
            return rc;
        error_clear(err);
    }
    int rc = device_app_add(r->app, &in, &id, err);
    if (rc == 0)
        origins_add(&r->origins, id, row->number);
    return rc;
}

static void describe_mapping(struct run *r)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < r->map.n_columns; i++) {
        if (r->map.columns[i].field == COL_NONE)
            continue;
        strbuf_addf(&sb, "%s%s → %s", sb.len ? ", " : "", r->map.columns[i].text,
                    column_field_label(r->map.columns[i].field));
    }
    r->res->mapping = strbuf_detach(&sb, NULL);
    for (size_t i = 0; i < r->map.n_columns; i++) {
        char letter[8];
        if (!*r->map.columns[i].text && r->map.columns[i].field == COL_NONE)
            continue;
        strbuf_addf(&sb, "%-3s %s → %s\n", columns_letter(i, letter), r->map.columns[i].text,
                    column_field_label(r->map.columns[i].field));
    }
    free(r->res->columns);
    r->res->columns = strbuf_detach(&sb, NULL);
}

/* ---- rows that are not records ---- */

/* The entry being built into r->skips: "row 47 'Tổng cộng'", "rows 49–55 signature block". */
static void skip_flush(struct run *r)
{
    struct strbuf *sb = &r->skips;
    char rows[64];

    if (r->pend_kind < 0)
        return;
    if (r->pend_first == r->pend_last)
        snprintf(rows, sizeof(rows), _("row %ld"), r->pend_first);
    else
        snprintf(rows, sizeof(rows), _("rows %ld–%ld"), r->pend_first, r->pend_last);
    if (sb->len)
        strbuf_addstr(sb, ", ");
    if (r->sheet)
        strbuf_addf(sb, _("sheet '%s' "), r->sheet);
    switch (r->pend_kind) {
    case COLUMNS_ROW_TOTAL:
        if (r->pend_text)
            strbuf_addf(sb, "%s '%s'", rows, r->pend_text);
        else
            strbuf_addf(sb, _("%s totals"), rows);
        break;
    case COLUMNS_ROW_SIGNATURE:
        strbuf_addf(sb, _("%s signature block"), rows);
        break;
    case COLUMNS_ROW_NUMBERING:
        strbuf_addf(sb, _("%s column numbers"), rows);
        break;
    case COLUMNS_ROW_SECTION:
        strbuf_addf(sb, _("%s heading '%s'"), rows, r->pend_text);
        break;
    default:
        strbuf_addf(sb, _("%s blank"), rows);
        break;
    }
    free(r->pend_text);
    r->pend_text = NULL;
    r->pend_kind = -1;
}

/* Row, of kind, is skipped: a run of signature or blank rows is one entry. */
static void skip_add(struct run *r, const struct table_row *row, enum columns_row_kind kind,
                     const char *text)
{
    r->res->skipped++;
    if ((int)kind == r->pend_kind && (kind == COLUMNS_ROW_SIGNATURE || kind == COLUMNS_ROW_BLANK)) {
        r->pend_last = row->number;
        return;
    }
    skip_flush(r);
    r->pend_kind = (int)kind;
    r->pend_first = r->pend_last = row->number;
    r->pend_text = text ? xstrdup(error_quote(text)) : NULL;
}

/* A heading: the commune or district it names is the rows' below it. */
static void heading_units(struct run *r, const char *text)
{
    int level;
    long long id;
    struct error e = ERROR_INIT;
    char *name = columns_heading_unit(text, &level);

    if (!level && r->o->kind == IMPORT_PERSONS) {
        /* no prefix: a unit when its name is one ("Mỹ Phương"), else a heading only */
        if (app_find_district(r->app, name, &id, &e) == 0)
            level = 'd';
        else if (error_clear(&e), app_find_commune(r->app, 0, name, r->o->as_of, &id, &e) == 0 ||
                                      e.code == ERR_AMBIGUOUS)
            level = 'c';
        error_clear(&e);
    }
    if (level == 'd') {
        free(r->sec_district);
        r->sec_district = name;
        free(r->sec_commune); /* a new district: its communes are named under it */
        r->sec_commune = NULL;
    } else if (level == 'c') {
        free(r->sec_commune);
        r->sec_commune = name;
    } else {
        free(name);
    }
}

/* Is row to be skipped (hidden, or not a record)? Lists it if so. */
static int row_skipped(struct run *r, const struct table_row *row)
{
    const char *text;
    enum columns_row_kind kind;

    if (row->hidden && !r->o->include_hidden) {
        r->res->hidden++;
        if (r->hidden.len)
            strbuf_addstr(&r->hidden, ", ");
        if (r->sheet && (!r->hidden_sheet || strcmp(r->hidden_sheet, r->sheet) != 0)) {
            /* "sheet 'Ba Bể' 3, 4, sheet 'Chợ Mới' 7" */
            strbuf_addf(&r->hidden, _("sheet '%s' "), r->sheet);
            free(r->hidden_sheet);
            r->hidden_sheet = xstrdup(r->sheet);
        }
        strbuf_addf(&r->hidden, "%ld", row->number);
        return 1;
    }
    if (r->in_signature) {
        /* signatures, names, titles: a few cells a row; a row of four or
         * more is a record again (a second table under the first) */
        size_t cells = 0;
        for (size_t c = 0; c < row->n_cells; c++)
            cells += row->cells[c][0] != '\0';
        if (cells >= 4)
            r->in_signature = 0;
    }
    kind = r->in_signature ? COLUMNS_ROW_SIGNATURE : columns_row_kind(&r->map, row, &text);
    if (kind == COLUMNS_ROW_DATA) {
        skip_flush(r);
        return 0;
    }
    if (r->in_signature)
        text = NULL;
    if (kind == COLUMNS_ROW_SIGNATURE)
        r->in_signature = 1;
    if (kind == COLUMNS_ROW_SECTION)
        heading_units(r, text);
    skip_add(r, row, kind, text);
    return 1;
}

/* ---- columns without a header ---- */

/* The sheet's header is known: which of its columns have no text. */
static void blank_columns_begin(struct run *r)
{
    r->n_blank = r->named = 0;
    free(r->blank);
    r->blank = xcalloc(r->map.n_columns ? r->map.n_columns : 1, sizeof(*r->blank));
    for (size_t c = 0; c < r->map.n_columns; c++) {
        const char *t = r->map.columns[c].text;
        if (t[strspn(t, " \t")] == '\0')
            r->blank[r->n_blank++] = c;
        else
            r->named = c + 1;
    }
    if (r->n_values) {
        memset(r->values, 0, r->n_values * sizeof(*r->values));
        memset(r->counts, 1, r->n_values);
    }
    r->records = 0;
}

static void blank_columns_add(struct run *r, size_t c, const char *v)
{
    if (c >= r->n_values) {
        size_t n = c + 16;
        r->values = xrealloc(r->values, n * sizeof(*r->values));
        r->counts = xrealloc(r->counts, n);
        memset(r->values + r->n_values, 0, (n - r->n_values) * sizeof(*r->values));
        memset(r->counts + r->n_values, 1, n - r->n_values);
        r->n_values = n;
    }
    r->values[c]++;
    /* a number no greater than the rows read: the list's STT, its header left blank */
    size_t d = strspn(v, "0123456789");
    if (r->counts[c] && (d == 0 || d > 6 || v[d] || atoll(v) > r->records))
        r->counts[c] = 0;
}

/* A record's row: its values under no header are counted (a few columns
 * looked at, not the row's every cell). */
static void blank_columns_count(struct run *r, const struct table_row *row)
{
    r->records++;
    for (size_t i = 0; i < r->n_blank; i++) {
        size_t c = r->blank[i];
        if (c < row->n_cells && row->cells[c][0])
            blank_columns_add(r, c, row->cells[c]);
    }
    for (size_t c = r->map.n_columns; c < row->n_cells; c++)
        if (row->cells[c][0])
            blank_columns_add(r, c, row->cells[c]);
}

/*
 * The sheet's rows are read: a column an override named past the table's
 * last column (nothing in its header nor under it) is refused; a column
 * without a header whose values were not imported is listed in the
 * summary, unless they are the rows' numbers (an STT column whose header
 * was left blank). Returns 0 or ERR_INVALID.
 */
static int blank_columns_end(struct run *r, struct error *err)
{
    size_t last = r->named;
    char letter[8], end[8];

    for (size_t c = r->named; c < r->n_values; c++)
        if (r->values[c])
            last = c + 1;
    for (size_t c = r->named; c < r->map.n_columns; c++) {
        const struct columns_header *h = &r->map.columns[c];
        if (!h->by || (c < r->n_values && r->values[c]))
            continue;
        columns_letter(last ? last - 1 : 0, end);
        if (r->sheet)
            return error_set(err, ERR_INVALID,
                             _("%s, sheet '%s': --map '%s': the table has columns A–%s"),
                             r->o->path, r->sheet, error_quote(h->by), end);
        return error_set(err, ERR_INVALID, _("%s: --map '%s': the table has columns A–%s"),
                         r->o->path, error_quote(h->by), end);
    }
    for (size_t c = 0; c < r->n_values; c++) {
        if (!r->values[c] || r->counts[c] ||
            (c < r->map.n_columns && r->map.columns[c].field != COL_NONE))
            continue;
        columns_letter(c, letter);
        if (r->sheet)
            strbuf_addf(&r->unread, _("sheet '%s' "), r->sheet);
        strbuf_addf(&r->unread,
                    ngettext("column %s (no header) has %lld value and was not imported; --map "
                             "%s=FIELD to import it",
                             "column %s (no header) has %lld values and was not imported; --map "
                             "%s=FIELD to import it",
                             (unsigned long)r->values[c]),
                    letter, r->values[c], letter);
        strbuf_addch(&r->unread, '\n');
    }
    return 0;
}

/* ---- the rows ---- */

/* A cell of a field that is a formula whose result the file does not hold
 * (it would read as empty): the row is refused, the cell named. */
static int unsaved_formula(const struct run *r, const struct table_row *row, struct error *err)
{
    char col[8];
    for (int f = 0; f < COL_MAX; f++) {
        long c = r->map.field_col[f];
        if (c >= 0 && (size_t)c < row->n_unsaved && row->unsaved[c])
            return error_set(err, ERR_INVALID,
                             _("%s: cell %s%ld is a formula whose result the file does not hold; "
                               "open the file in Excel or LibreOffice, save it, and import it "
                               "again"),
                             column_field_label((enum column_field)f),
                             columns_letter((size_t)c, col), row->number);
    }
    return 0;
}

/* One row: imported, or rejected. Returns 0, or the ERR_* that stops the import. */
static int import_row(struct run *r, const struct table_row *row, struct error *row_err,
                      struct error *err)
{
    struct app *app = r->app;
    const struct import_options *o = r->o;
    struct import_result *res = r->res;
    int dup = 0, rc = 0;

    if (r->map.no_unit && !r->sec_commune) /* no commune column, and no heading named one */
        return error_set(err, ERR_INVALID, "%s", r->map.no_unit);
    error_clear(row_err);
    if (unsaved_formula(r, row, row_err)) {
        reject(r, row, 0, row_err);
        return 0;
    }
    if (db_begin(app->db, row_err) != 0) {
        rc = row_err->code;
        error_set(err, rc, "%s", error_msg(row_err));
        return rc;
    }
    int r1 =
        o->kind == IMPORT_PERSONS ? import_person(r, row, row_err) : import_device(r, row, row_err);
    if (r1 == 1)
        dup = 1;
    db_end(app->db, r1 == 0, NULL);
    if (r1 == ERR_BUSY || r1 == ERR_IO || r1 == ERR_CORRUPT) {
        /* the database itself failed: no point in going on */
        error_set(err, r1, _("row %ld: %s"), row->number, error_msg(row_err));
        return r1;
    }
    if (r1 != 0)
        reject(r, row, dup, dup ? &r->dup : row_err);
    else if (res->updated + res->unchanged == r->counted_updates)
        res->imported++; /* not a person updated (--update) */
    r->counted_updates = res->updated + res->unchanged;
    /* a large file: from here on the list and search indexes are made
     * once at the end instead of row by row (remaking them costs about
     * what the persons already there cost, hence the second test) */
    if (o->kind == IMPORT_PERSONS && !r->bulk_on && res->imported >= BULK_AFTER &&
        res->imported * 4 >= r->existing) {
        if ((rc = person_load_begin(app->db, &r->bulk, err)) != 0)
            return rc;
        r->bulk_on = 1;
    }
    return 0;
}

/*
 * Cells merged down inside the table (a village, a commune or a note
 * written once over the persons it belongs to): every row the block covers
 * reads its text, as a person reads it on paper; the reader gives it to
 * the first row only. The blocks below the header, by their first row;
 * rows come in order, so a block is taken up when its first row is read
 * and let go after its last.
 */
struct down_fill {
    struct table_merge *mg;   /* the blocks of more than one row, by row1 */
    size_t n, next;           /* mg[next..] are below the rows read */
    size_t *active, n_active; /* the blocks the row read may lie under */
    char **text;              /* of each block: its first cell's text, once read */
    const char **cells;       /* the row's cells with the blocks' texts */
    size_t alloc;
};

static int merge_by_row(const void *a, const void *b)
{
    const struct table_merge *x = a, *y = b;
    return x->row1 < y->row1 ? -1 : x->row1 > y->row1;
}

static int down_fill_init(struct down_fill *d, struct table_reader *tr, long header_row,
                          struct error *err)
{
    const struct table_merge *mg;
    size_t n;
    int rc = table_reader_merges(tr, &mg, &n, err);

    memset(d, 0, sizeof(*d));
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (mg[i].row1 > header_row && mg[i].row2 > mg[i].row1) {
            d->mg = xrealloc(d->mg, (d->n + 1) * sizeof(*d->mg));
            d->mg[d->n++] = mg[i];
        }
    if (d->n)
        qsort(d->mg, d->n, sizeof(*d->mg), merge_by_row);
    d->text = d->n ? xcalloc(d->n, sizeof(*d->text)) : NULL;
    d->active = d->n ? xcalloc(d->n, sizeof(*d->active)) : NULL;
    return 0;
}

static void down_fill_release(struct down_fill *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->text[i]);
    free(d->text);
    free(d->mg);
    free(d->active);
    free(d->cells);
    memset(d, 0, sizeof(*d));
}

/* row, with the text of each block it lies under in the block's cell */
static void down_fill_row(struct down_fill *d, struct table_row *row)
{
    int copied = 0;
    size_t kept = 0;

    /* the blocks that begin by this row join; those ended before it go */
    while (d->next < d->n && d->mg[d->next].row1 <= row->number)
        d->active[d->n_active++] = d->next++;
    for (size_t a = 0; a < d->n_active; a++)
        if (d->mg[d->active[a]].row2 >= row->number)
            d->active[kept++] = d->active[a];
    d->n_active = kept;
    for (size_t a = 0; a < d->n_active; a++) {
        size_t i = d->active[a];
        const struct table_merge *m = &d->mg[i];
        size_t c = (size_t)m->col1;
        if (m->row1 == row->number) {
            free(d->text[i]);
            d->text[i] = xstrdup(c < row->n_cells && row->cells[c] ? row->cells[c] : "");
            continue;
        }
        if (!d->text[i] || !*d->text[i] || (c < row->n_cells && row->cells[c] && *row->cells[c]))
            continue;
        if (!copied) {
            size_t n = row->n_cells > c ? row->n_cells : c + 1;
            if (n > d->alloc) {
                d->cells = xrealloc(d->cells, n * sizeof(*d->cells));
                d->alloc = n;
            }
            for (size_t k = 0; k < n; k++)
                d->cells[k] = k < row->n_cells && row->cells[k] ? row->cells[k] : "";
            row->cells = d->cells;
            row->n_cells = n;
            copied = 1;
        } else if (c >= row->n_cells) {
            if (c + 1 > d->alloc) {
                d->cells = xrealloc(d->cells, (c + 1) * sizeof(*d->cells));
                d->alloc = c + 1;
            }
            for (size_t k = row->n_cells; k <= c; k++)
                d->cells[k] = "";
            row->cells = d->cells;
            row->n_cells = c + 1;
        }
        d->cells[c] = d->text[i];
    }
}

/*
 * The header and the rows of the sheet tr reads (part..part+1 of the
 * progress). Returns 0, or a negative ERR_*; a sheet of --sheet all
 * without a header is skipped and listed (*found stays 0).
 */
static int import_sheet(struct run *r, struct table_reader *tr, double part, double parts,
                        int *found, struct error *err)
{
    const struct import_options *o = r->o;
    struct import_result *res = r->res;
    struct table_row row;
    struct error row_err = ERROR_INIT;
    int rc;

    columns_map_release(&r->map);
    /* a list of persons may name its communes in headings instead of a column */
    rc = columns_match_flags(o->kind == IMPORT_PERSONS ? COLUMNS_PERSONS : COLUMNS_DEVICES, tr,
                             o->overrides, o->n_overrides, COLUMNS_UNIT_HEADINGS, &r->map, err);
    if (rc && o->sheet && !strcmp(o->sheet, "all") && rc == ERR_INVALID) {
        /* a sheet of notes in a workbook of lists */
        strbuf_addf(&r->skips, _("%ssheet '%s' (no header row)"), r->skips.len ? ", " : "",
                    table_reader_sheet(tr));
        error_clear(err);
        return 0;
    }
    if (rc)
        return rc;
    *found = 1;
    if (!res->mapping)
        res->header_row = r->map.header_row; /* the first sheet's */
    free(res->mapping);
    describe_mapping(r);
    if (o->on_sheet)
        o->on_sheet(r->sheet, res->encoding, r->map.header_row, res->mapping, res->columns, o->arg);
    if (o->on_header) {
        /* each column's own name: the errors file has a header of one row */
        const char **texts = xcalloc(r->map.n_columns + 1, sizeof(*texts));
        for (size_t i = 0; i < r->map.n_columns; i++)
            texts[i] = r->map.columns[i].name ? r->map.columns[i].name : "";
        o->on_header(texts, r->map.n_columns, o->arg);
        free(texts);
    }
    blank_columns_begin(r);
    r->in_signature = 0;
    free(r->sec_commune);
    free(r->sec_district);
    r->sec_commune = r->sec_district = NULL;
    /* the share of the bar for reading the rows; the rest is for making the
     * indexes of a large list of persons at the end (a third of the time) */
    double rows_share = o->kind == IMPORT_PERSONS ? 0.7 : 1.0;
    struct down_fill down;
    if ((rc = down_fill_init(&down, tr, r->map.header_row, err)) != 0)
        return rc;
    while ((rc = table_reader_next(tr, &row, err)) == 1) {
        if (o->stop && o->stop(o->arg)) {
            rc = error_set(err, ERR_CONFLICT, _("the import was stopped; nothing was imported"));
            break;
        }
        down_fill_row(&down, &row);
        if (!row_skipped(r, &row)) {
            blank_columns_count(r, &row);
            if ((rc = import_row(r, &row, &row_err, err)) != 0)
                break;
        }
        if (o->on_progress && (++r->seen % 500) == 0)
            o->on_progress(rows_share * (part + table_reader_progress(tr)) / parts, o->arg);
    }
    down_fill_release(&down);
    skip_flush(r);
    if (rc == 0)
        rc = blank_columns_end(r, err);
    error_clear(&row_err);
    return rc;
}

/* Every visible sheet of the workbook tr is open on (o->sheet "all"), or tr's sheet. */
static int import_sheets(struct run *r, struct table_reader **tr, struct error *err)
{
    const struct import_options *o = r->o;
    size_t n = table_reader_n_sheets(*tr), parts = 0, done = 0;
    int found = 0, rc = 0;

    r->sheet = n > 1 ? table_reader_sheet(*tr) : NULL;
    if (!o->sheet || strcmp(o->sheet, "all") != 0 || n <= 1) {
        rc = import_sheet(r, *tr, 0, 1, &found, err);
        return rc;
    }
    for (size_t i = 0; i < n; i++)
        parts += !table_reader_sheet_hidden(*tr, i);
    /* *tr reads the first visible sheet; the next ones are opened in turn */
    char **names = xcalloc(n ? n : 1, sizeof(*names));
    for (size_t i = 0; i < n; i++)
        names[i] =
            table_reader_sheet_hidden(*tr, i) ? NULL : xstrdup(table_reader_sheet_name(*tr, i));
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (!names[i])
            continue;
        if (done > 0) {
            struct table_reader_opts ro = {names[i]};
            table_reader_free(*tr);
            if (!(*tr = table_reader_open(o->path, &ro, err))) {
                rc = err->code ? err->code : ERR_IO;
                break;
            }
        }
        r->sheet = n > 1 ? table_reader_sheet(*tr) : NULL;
        rc = import_sheet(r, *tr, (double)done, (double)(parts ? parts : 1), &found, err);
        done++;
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (rc == 0 && !found)
        rc = error_set(err, ERR_INVALID, _("%s: no sheet has a header row"), o->path);
    return rc;
}

/* What holds for the whole file, checked once, not once per row: the
 * as-of date, and the round the devices go in. */
static int check_once(struct app *app, const struct import_options *o, struct error *err)
{
    int rc;

    if (o->as_of) {
        char iso[11];
        if ((rc = date_parse(o->as_of, _("as-of date"), iso, err)) != 0)
            return error_field(err, "as_of", rc);
    }
    if (o->kind == IMPORT_DEVICES && o->round_id) {
        struct round rd = {0};
        rc = round_store_get(app->db, o->round_id, &rd, err);
        round_release(&rd);
        return rc;
    }
    return 0;
}

/* The import's entry in the audit log: the file, its encoding and what
 * came of its rows. */
static int audit_import(struct app *app, const struct import_options *o,
                        const struct import_result *res, struct error *err)
{
    struct strbuf js = STRBUF_INIT;

    strbuf_addstr(&js, "{\"file\":");
    app_json_string(&js, o->path);
    strbuf_addf(&js,
                ",\"encoding\":\"%s\",\"imported\":%lld,\"rejected\":%lld,"
                "\"duplicates\":%lld}",
                res->encoding, res->imported, res->rejected, res->duplicates);
    char *after = strbuf_detach(&js, NULL);
    int rc = app_audit(app, o->kind == IMPORT_PERSONS ? "import.persons" : "import.devices",
                       "import", 0, NULL, after, err);
    free(after);
    return rc;
}

/*
 * After the rows (rc: how reading them ended; bad: a row was refused):
 * whether what was read is kept (*keep) — not on a dry run, nor with a row
 * refused unless --skip-invalid —, then the new persons' search indexes
 * made and the import logged. Returns rc, or the step that failed.
 */
static int finish_rows(struct run *r, int rc, int bad, int *keep, struct error *err)
{
    const struct import_options *o = r->o;
    double rows_share = o->kind == IMPORT_PERSONS ? 0.7 : 1.0;

    *keep = rc == 0 && !o->dry_run && (!bad || o->skip_invalid);
    if (*keep && r->bulk_on) {
        if (o->on_progress)
            o->on_progress(rows_share, o->arg);
        if (o->on_step)
            o->on_step(_("Making the search indexes of the new persons…"), o->arg);
        rc = person_load_end(r->app->db, &r->bulk, err);
        *keep = rc == 0;
    }
    if (rc == 0 && *keep && r->res->imported) {
        rc = audit_import(r->app, o, r->res, err);
        *keep = rc == 0;
    }
    return rc;
}

/* Free what the run holds; its lists of skipped and hidden rows go to
 * its result. */
static void run_release(struct run *r)
{
    person_load_release(&r->bulk);
    error_clear(&r->dup);
    error_clear(&r->warn);
    free(r->near_name);
    for (int f = 0; f < COL_MAX; f++)
        strbuf_release(&r->cells[f]);
    free(r->field_col);
    free(r->origins.items);
    free(r->pend_text);
    free(r->hidden_sheet);
    free(r->sec_commune);
    free(r->sec_district);
    r->res->skips = r->skips.len ? strbuf_detach(&r->skips, NULL) : NULL;
    r->res->hidden_rows = r->hidden.len ? strbuf_detach(&r->hidden, NULL) : NULL;
    r->res->unread = r->unread.len ? strbuf_detach(&r->unread, NULL) : NULL;
    strbuf_release(&r->unread);
    free(r->values);
    free(r->counts);
    free(r->blank);
    strbuf_release(&r->skips);
    strbuf_release(&r->hidden);
    columns_map_release(&r->map);
}

int import_app_run(struct app *app, const struct import_options *o, struct import_result *res,
                   struct error *err)
{
    int all = o->sheet && !strcmp(o->sheet, "all");
    struct table_reader_opts ro = {all ? NULL : o->sheet};
    struct run r = {.app = app,
                    .o = o,
                    .res = res,
                    .dup = ERROR_INIT,
                    .warn = ERROR_INIT,
                    .kind = o->kind == IMPORT_PERSONS ? &person_kind : &device_kind,
                    .skips = STRBUF_INIT,
                    .hidden = STRBUF_INIT,
                    .unread = STRBUF_INIT,
                    .pend_kind = -1};
    int rc, keep;

    memset(res, 0, sizeof(*res));
    for (int f = 0; f < COL_MAX; f++)
        strbuf_init(&r.cells[f], 0);
    if ((rc = check_once(app, o, err)) != 0)
        return rc;
    struct table_reader *tr = table_reader_open(o->path, &ro, err);
    if (!tr)
        return err && err->code ? err->code : ERR_IO;
    res->encoding = table_reader_encoding(tr);
    /* every row names the same few units: look each text up once */
    app_memo_begin(app);
    if ((rc = db_begin(app->db, err)) != 0)
        goto out;
    if (o->kind == IMPORT_PERSONS) {
        struct person_query all_persons = {.active = -1};
        if ((rc = person_search_count(app->db, &all_persons, &r.existing, err)) != 0) {
            db_end(app->db, 0, NULL);
            goto out;
        }
    }
    rc = import_sheets(&r, &tr, err);
    if (rc < 0 && !res->mapping) {
        /* no header: nothing was read, as before the rows */
        db_end(app->db, 0, NULL);
        goto out;
    }
    int bad = res->rejected + res->duplicates > 0;
    rc = finish_rows(&r, rc, bad, &keep, err);
    if (keep && o->on_step)
        o->on_step(_("Saving the imported rows…"), o->arg);
    int rc2 = db_end(app->db, keep, keep ? err : NULL);
    if (rc == 0)
        rc = rc2;
    if (o->on_progress && rc == 0)
        o->on_progress(1.0, o->arg);
    if (rc == 0 && !keep)
        res->imported = o->dry_run && (!bad || o->skip_invalid) ? res->imported : 0;
    if (rc == 0 && bad)
        rc = 1;
out:
    run_release(&r);
    app_memo_end(app);
    table_reader_free(tr);
    return rc;
}
