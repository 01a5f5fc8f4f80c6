/*
 * bench_tool: the data files and the C references of `make bench`.
 *
 *   bench_tool gen-devices N SEED OUT.csv   a supplier's device list (valid IMEIs)
 *   bench_tool gen-persons DB OUT.xlsx      the persons of DB as an office's XLSX list
 *   bench_tool gen-persons-merged DB OUT.xlsx  the same under a title, with a header
 *                                           of two rows and merged cells and the
 *                                           columns numbered, CCCDs and phones as
 *                                           numbers, as official lists are
 *   bench_tool rows DB OUT.tsv              the handover list's cells (for the Python reference):
 *                                           the 14 columns of a commune's sheet of
 *                                           `capphat export handover`, as it shows them
 *   bench_tool xlsx-ref DB OUT.xlsx         bare libxlsxwriter writing the handover list's cells
 *   bench_tool xlsx-mem TSV OUT.xlsx        the same cells from memory (the TSV of `rows`,
 *                                           read first): no query; prints the writing's "ms"
 *   bench_tool search DB N SEED             N keystroke-by-keystroke searches; prints
 *                                           "p50_ms p99_ms max_ms queries"
 *   bench_tool find DB TEXT R               one search of TEXT, R times: each ms on stderr
 *   bench_tool compare DB1 DB2 N SEED       the texts of search, on both (a file and its copy
 *                                           on a server): each sort, as is, reversed and
 * descending, the page after the first, the counts; prints each difference and "N texts, D differ"
 *   bench_tool summary DB                   the district summary's query; prints "ms"
 *   bench_tool handovers DB PAIRS [AT [EVERY [RAMP]]]  one operator handing out phones:
 *                                           for each line "PERSON_ID IMEI" of PAIRS one
 *                                           handover (handover_app_give, its own
 *                                           transaction) on one connection, the program
 *                                           idle after each as the full-screen program is
 *                                           while the operator reads the screen (the head
 *                                           file written then: seal_app_defer); the first
 *                                           is made at once and not timed (it prepares the
 *                                           statements, as an operator's open program
 *                                           has), the others from AT (ms since the epoch,
 *                                           so that several processes start together),
 *                                           the first RAMP and the last RAMP of them not
 *                                           timed either (while the other operators start
 *                                           and stop); prints "p50_ms p99_ms max_ms done
 *                                           refused first_ms last_ms" (done and refused
 *                                           of the timed ones; refused: another operator
 *                                           had the phone; first/last: the wall clock when
 *                                           the timed handovers began and ended), then
 *                                           each timed one's ms; EVERY ms (0: back to
 *                                           back): paced, the k-th after the first due at
 *                                           AT + k * EVERY and timed from then (a late
 *                                           start counts)
 *
 * The references read the database through src/store (the same queries
 * capphat uses), so a ratio against them measures what capphat adds;
 * xlsx-mem writes the same cells without any query, so that the query's
 * share of the export shows (xlsx-ref less xlsx-mem).
 */
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "app/unit_app.h"
#include "core/cccd.h"
#include "core/imei.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "app/app.h"
#include "app/handover_app.h"
#include "app/seal_app.h"
#include "store/db.h"
#include "store/person_search.h"
#include "store/person_store.h"
#include "store/report_store.h"

static unsigned long long rng_state = 88172645463325252ULL;

static unsigned long long rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static struct db *open_db(const char *path, int flags)
{
    struct db *db;
    struct error err = ERROR_INIT;
    if (db_open(path, flags, &db, NULL, &err) != 0) {
        fprintf(stderr, "bench_tool: %s\n", error_msg(&err));
        exit(2);
    }
    return db;
}

static void check(int rc, struct error *err, const char *what)
{
    if (rc < 0) {
        fprintf(stderr, "bench_tool: %s: %s\n", what, error_msg(err));
        exit(2);
    }
}

/* ---- gen-devices ---- */

static void make_imei(const char *tac, long long serial, char out[16])
{
    /* 8 digits of TAC, 6 of serial: 14 digits and the check digit */
    snprintf(out, 15, "%.8s%06u", tac, (unsigned)(serial % 1000000 + 1000000) % 1000000);
    out[14] = imei_check_digit(out);
    out[15] = 0;
}

static int gen_devices(long long n, unsigned long long seed, const char *out)
{
    static const char *const models[] = {"Samsung Galaxy A05", "Xiaomi Redmi 13C", "Nokia C32",
                                         "Vivo Y03", "Oppo A18"};
    static const char *const tacs[] = {"35693811", "35693812", "35693813", "35693814",
                                       "35693815", "35693816", "35693817", "35693818"};
    FILE *f = fopen(out, "w");
    if (!f) {
        perror(out);
        return 2;
    }
    rng_state ^= seed * 0x9E3779B97F4A7C15ULL;
    fprintf(f, "STT,IMEI 1,IMEI 2,Loại máy,Số serial,Đơn giá,Nhà cung cấp,Số hợp đồng,"
               "Ngày giao\n");
    for (long long i = 0; i < n; i++) {
        char i1[16], i2[16];
        const char *tac = tacs[(i / 1000000) % 8];
        make_imei(tac, i, i1);
        int dual = rng() % 2;
        if (dual) {
            /* the second IMEI from another TAC range than any first one */
            char tac2[9];
            memcpy(tac2, tac, 8);
            tac2[6] = '9';
            tac2[8] = 0;
            make_imei(tac2, i, i2);
        }
        fprintf(f,
                "%lld,%s,%s,%s,SN%08llX,%d,Công ty TNHH Viễn thông Bắc Kạn,HĐ 12/2024,"
                "%02d/%02d/2024\n",
                i + 1, i1, dual ? i2 : "", models[rng() % 5], (unsigned long long)i * 7919 + 17,
                2500000 + (int)(rng() % 8) * 250000, 1 + (int)(rng() % 28), 1 + (int)(rng() % 12));
    }
    return fclose(f) == 0 ? 0 : 2;
}

/* ---- gen-persons ---- */

/* The reference writes the cells of capphat's sign-off list as capphat
 * formats them (Times New Roman 12, thin borders, centred numbers and
 * codes, wrapped names, rows tall enough to sign in): the same cells, so
 * that the ratio measures capphat's own work and not its formatting. */
enum { FMT_CELL, FMT_WRAP, FMT_CENTER, FMT_TEXT, FMT_DATE, LIST_FMTS };

struct xl {
    struct db *db;
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_row_t row;
    lxw_format *f[LIST_FMTS]; /* xlsx-ref: the cell formats of capphat's list */
    lxw_row_t first;          /* gen-persons: the row of the first person */
    int numbers;              /* gen-persons-merged: CCCDs and phones as numbers */
};

static void cell(struct xl *x, int col, const char *s)
{
    if (s && *s)
        worksheet_write_string(x->ws, x->row, col, s, NULL);
}

/* A CCCD (12 digits) or mobile number (10) as a spreadsheet keeps it when
 * typed into a cell of the General format: a number, its leading zeros
 * lost. An old 9-digit ID stays text: the import gives back the zeros of
 * the first two only. */
static void number_cell(struct xl *x, int col, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if ((n == 12 || n == 10) && strspn(s, "0123456789") == n)
        worksheet_write_number(x->ws, x->row, col, strtod(s, NULL), NULL);
    else
        cell(x, col, s);
}

static int write_person(const struct person *p, void *arg)
{
    struct xl *x = arg;
    char by[12];
    /* the demo may repeat a name and birth year, in a commune or in an old
     * commune and the one it became; a real list would not */
    char *fold = text_fold(p->full_name);
    ENTRY e = {xasprintf("%s|%d", fold, p->birth_year), NULL};
    free(fold);
    if (hsearch(e, FIND)) {
        free(e.key);
        return 0;
    }
    if (!hsearch(e, ENTER)) {
        fprintf(stderr, "bench_tool: too many persons\n");
        exit(2);
    }
    snprintf(by, sizeof(by), "%d", p->birth_year);
    worksheet_write_number(x->ws, x->row, 0, (double)(x->row - x->first + 1), NULL);
    cell(x, 1, p->full_name);
    cell(x, 2, p->gender == 'F' ? "Nữ" : "Nam");
    cell(x, 3, p->birth_year ? by : NULL);
    cell(x, 4, p->ethnic);
    cell(x, 5, p->village);
    cell(x, 6, p->commune);
    cell(x, 7, p->district);
    (x->numbers ? number_cell : cell)(x, 8, p->id_number);
    (x->numbers ? number_cell : cell)(x, 9, p->phone);
    cell(x, 10, p->role);
    x->row++;
    return 0;
}

/* The header of an official list: a title, then "Thông tin cá nhân" and
 * "Nơi cư trú" merged over their columns, the others merged down two rows,
 * then the columns numbered (1) (2)...; returns the row after it. */
static lxw_row_t merged_header(lxw_worksheet *ws)
{
    static const char *const sub[] = {"Họ và tên", "Giới tính", "Năm sinh", "Dân tộc",
                                      "Thôn",      "Xã",        "Huyện"};
    char num[16];
    worksheet_merge_range(ws, 0, 0, 0, 10, "DANH SÁCH NGƯỜI CÓ UY TÍN", NULL);
    worksheet_merge_range(ws, 2, 0, 3, 0, "STT", NULL);
    worksheet_merge_range(ws, 2, 1, 2, 4, "Thông tin cá nhân", NULL);
    worksheet_merge_range(ws, 2, 5, 2, 7, "Nơi cư trú", NULL);
    worksheet_merge_range(ws, 2, 8, 3, 8, "Số CCCD", NULL);
    worksheet_merge_range(ws, 2, 9, 3, 9, "Số điện thoại", NULL);
    worksheet_merge_range(ws, 2, 10, 3, 10, "Chức danh", NULL);
    for (int i = 0; i < 7; i++)
        worksheet_write_string(ws, 3, (lxw_col_t)(i + 1), sub[i], NULL);
    for (int i = 0; i < 11; i++) {
        snprintf(num, sizeof(num), "(%d)", i + 1);
        worksheet_write_string(ws, 4, (lxw_col_t)i, num, NULL);
    }
    return 5;
}

static int gen_persons(const char *dbpath, const char *out, int merged)
{
    static const char *const head[] = {"STT",     "Họ và tên",     "Giới tính", "Năm sinh",
                                       "Dân tộc", "Thôn",          "Xã",        "Huyện",
                                       "Số CCCD", "Số điện thoại", "Chức danh"};
    struct db *db = open_db(dbpath, DB_OPEN_READONLY);
    lxw_workbook_options wo = {.constant_memory = LXW_TRUE};
    struct xl x = {db, workbook_new_opt(out, &wo), NULL, 0, {NULL}, 0, 0};
    struct error err = ERROR_INIT;
    x.ws = workbook_add_worksheet(x.wb, "Danh sách");
    if (merged) {
        x.row = x.first = merged_header(x.ws);
        x.numbers = 1;
    } else {
        for (int i = 0; i < 11; i++)
            worksheet_write_string(x.ws, 0, i, head[i], NULL);
        x.row = x.first = 1;
    }
    struct person_query q = {.active = -1, .sort = PERSON_SORT_ID};
    long long persons = 0;
    check(person_search_count(db, &q, &persons, &err), &err, "count");
    hcreate((size_t)(2 * persons + 64));
    check(person_search_each(db, &q, write_person, &x, &err), &err, "persons");
    db_close(db);
    return workbook_close(x.wb) == LXW_NO_ERROR ? 0 : 2;
}

/* ---- the handover list: rows, and the bare libxlsxwriter reference ---- */

/* the columns of a commune's sheet of `capphat export handover` (the "Xã"
 * column, kept where the commune absorbed others, on every row) */
#define LIST_COLS 14
enum { COL_YEAR = 2, COL_DATE = 11 };
static const char *const list_head[LIST_COLS] = {
    "STT",  "Họ và tên", "Năm sinh",         "Nam/Nữ",        "Dân tộc",
    "Thôn", "Xã",        "Số CCCD",          "Số điện thoại", "Model máy",
    "IMEI", "Ngày nhận", "Ký hoặc điểm chỉ", "Ghi chú"};

struct list_walk {
    struct db *db;
    long long n;
    FILE *tsv;     /* rows: write TSV */
    struct xl *xl; /* xlsx-ref: write cells */
    struct error *err;
};

/* One row of the list's cells (v[1..]; v[0] is the number n), as capphat formats them. */
static void xl_row(struct xl *x, long long n, const char *const *v)
{
    /* per column: the format capphat's list gives it */
    static const int fmt_of[LIST_COLS] = {FMT_CENTER, FMT_WRAP, FMT_CENTER, FMT_CENTER, FMT_CELL,
                                          FMT_WRAP,   FMT_WRAP, FMT_TEXT,   FMT_TEXT,   FMT_WRAP,
                                          FMT_TEXT,   FMT_DATE, FMT_CELL,   FMT_WRAP};
    worksheet_set_row(x->ws, x->row, 42.0, NULL);
    worksheet_write_number(x->ws, x->row, 0, (double)n, x->f[FMT_CENTER]);
    for (int i = 1; i < LIST_COLS; i++) {
        lxw_format *f = x->f[fmt_of[i]];
        lxw_datetime dt = {0, 0, 0, 0, 0, 0};
        /* numbers as numbers, dates as dates, as capphat writes them */
        if (i == COL_YEAR && v[i] && *v[i])
            worksheet_write_number(x->ws, x->row, (lxw_col_t)i, atof(v[i]), f);
        else if (i == COL_DATE && v[i] &&
                 sscanf(v[i], "%4d-%2d-%2d", &dt.year, &dt.month, &dt.day) == 3)
            worksheet_write_datetime(x->ws, x->row, (lxw_col_t)i, &dt, f);
        else if (v[i] && *v[i])
            worksheet_write_string(x->ws, x->row, (lxw_col_t)i, v[i], f);
        else
            worksheet_write_blank(x->ws, x->row, (lxw_col_t)i, f);
    }
    x->row++;
}

/* The workbook of the references: the formats and the header row. */
static void xl_open(struct xl *x, const char *out)
{
    lxw_workbook_options wo = {.constant_memory = LXW_TRUE};
    x->wb = workbook_new_opt(out, &wo);
    x->ws = workbook_add_worksheet(x->wb, "Danh sách bàn giao");
    for (int i = 0; i < LIST_FMTS; i++) {
        lxw_format *f = x->f[i] = workbook_add_format(x->wb);
        format_set_font_name(f, "Times New Roman");
        format_set_font_size(f, 12);
        format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
        format_set_border(f, LXW_BORDER_THIN);
        if (i == FMT_WRAP)
            format_set_text_wrap(f);
        if (i == FMT_CENTER || i == FMT_TEXT || i == FMT_DATE)
            format_set_align(f, LXW_ALIGN_CENTER);
        if (i == FMT_TEXT)
            format_set_num_format(f, "@");
        if (i == FMT_DATE)
            format_set_num_format(f, "dd/mm/yyyy");
    }
    for (int i = 0; i < LIST_COLS; i++)
        worksheet_write_string(x->ws, 0, i, list_head[i], NULL);
    x->row = 1;
}

static void tsv_field(FILE *f, const char *s, int last)
{
    for (; s && *s; s++)
        fputc(*s == '\t' || *s == '\n' ? ' ' : *s, f);
    fputc(last ? '\n' : '\t', f);
}

static int list_row(const struct report_person_row *r, void *arg)
{
    struct list_walk *w = arg;
    char by[12];
    snprintf(by, sizeof(by), "%d", r->birth_year);
    /* as capphat's list shows them: the commune of today before the one of
     * the records, the citizen ID masked, both IMEIs of a dual-SIM phone */
    char *commune = unit_app_short_pair(r->commune_then, r->commune);
    char *id = r->id_number && *r->id_number ? cccd_mask(r->id_number) : xstrdup("");
    char *imei = r->imei2 && *r->imei2 ? xasprintf("%s\n%s", r->imei, r->imei2) : xstrdup(r->imei);
    const char *v[LIST_COLS] = {NULL,
                                r->full_name,
                                r->birth_year ? by : "",
                                r->gender == 'F' ? "Nữ" : "Nam",
                                r->ethnic,
                                r->village,
                                commune,
                                id,
                                r->phone,
                                r->model,
                                imei,
                                r->handed_on,
                                "",
                                r->note};
    w->n++;
    if (w->tsv) {
        fprintf(w->tsv, "%lld\t", w->n);
        for (int i = 1; i < LIST_COLS; i++)
            tsv_field(w->tsv, v[i], i == LIST_COLS - 1);
    } else {
        xl_row(w->xl, w->n, v);
    }
    free(commune);
    free(id);
    free(imei);
    return 0;
}

static int handover_list(const char *dbpath, const char *out, int xlsx)
{
    struct error err = ERROR_INIT;
    struct list_walk w = {open_db(dbpath, DB_OPEN_READONLY), 0, NULL, NULL, &err};
    struct xl x = {0};
    if (xlsx) {
        xl_open(&x, out);
        w.xl = &x;
    } else {
        w.tsv = fopen(out, "w");
        if (!w.tsv) {
            perror(out);
            return 2;
        }
        for (int i = 0; i < LIST_COLS; i++)
            tsv_field(w.tsv, list_head[i], i == LIST_COLS - 1);
    }
    /* the list read as capphat reads it, then written commune by commune in
     * Vietnamese order */
    struct report_list l;
    check(report_store_list_load(w.db, 0, 0, 0, 0, &l, &err), &err, "handover list");
    for (size_t i = 0; i < l.n_communes; i++)
        report_store_list_each(&l, i, list_row, &w);
    report_store_list_release(&l);
    db_close(w.db);
    if (xlsx)
        return workbook_close(x.wb) == LXW_NO_ERROR ? 0 : 2;
    return fclose(w.tsv) == 0 ? 0 : 2;
}

/* The list's cells read from the TSV of `rows` into memory, then written
 * as xlsx-ref writes them: the writing alone, timed. */
static int xlsx_mem(const char *tsv, const char *out)
{
    FILE *f = fopen(tsv, "r");
    char *line = NULL, **cells = NULL;
    size_t cap = 0, n = 0, alloc = 0;
    struct xl x = {0};

    if (!f) {
        perror(tsv);
        return 2;
    }
    for (int first = 1; getline(&line, &cap, f) > 0; first = 0) {
        char *p = line;
        if (first)
            continue; /* the header */
        line[strcspn(line, "\n")] = 0;
        if (n + LIST_COLS > alloc)
            cells = xrealloc(cells, (alloc = alloc ? alloc * 2 : 4096) * sizeof(*cells));
        for (int i = 0; i < LIST_COLS; i++) {
            char *t = strchr(p, '\t');
            if (t)
                *t = 0;
            cells[n++] = xstrdup(p);
            p = t ? t + 1 : p + strlen(p);
        }
    }
    free(line);
    fclose(f);
    double t0 = now_ms();
    xl_open(&x, out);
    for (size_t r = 0; r < n / LIST_COLS; r++)
        xl_row(&x, (long long)r + 1, (const char *const *)cells + r * LIST_COLS);
    int rc = workbook_close(x.wb) == LXW_NO_ERROR ? 0 : 2;
    printf("%.3f\n", now_ms() - t0);
    for (size_t i = 0; i < n; i++)
        free(cells[i]);
    free(cells);
    return rc;
}

/* ---- search ---- */

struct names {
    char **v;
    size_t n, alloc;
};

static int collect_name(const struct person *p, void *arg)
{
    struct names *ns = arg;
    if (ns->n == ns->alloc) {
        ns->alloc = ns->alloc ? ns->alloc * 2 : 1024;
        ns->v = xrealloc(ns->v, ns->alloc * sizeof(*ns->v));
    }
    ns->v[ns->n++] = xstrdup(p->full_name);
    return 0;
}

static int count_row(const struct person *p, void *arg)
{
    (*(long long *)arg)++;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* What the user types next: a real name, from the start of one of its
 * words (often the given name, the last word), *len characters of it, one
 * keystroke at a time. */
static const char *typed_from(const struct names *ns, int *len)
{
    const char *name = ns->v[rng() % ns->n];
    const char *starts[16];
    int nw = 0;
    starts[nw++] = name;
    for (const char *p = name; *p && nw < 16; p++)
        if (*p == ' ' && p[1])
            starts[nw++] = p + 1;
    const char *from = rng() % 2 ? starts[nw - 1] : starts[rng() % nw];
    *len = 1 + (int)(rng() % 12);
    return from;
}

/* Length in bytes of the first k UTF-8 characters of s. */
static size_t utf8_prefix(const char *s, int k)
{
    size_t i = 0;
    while (s[i] && k > 0) {
        i++;
        while ((s[i] & 0xC0) == 0x80)
            i++;
        k--;
    }
    return i;
}

static int search(const char *dbpath, int nq, unsigned long long seed)
{
    struct db *db = open_db(dbpath, DB_OPEN_READONLY);
    struct error err = ERROR_INIT;
    struct names ns = {0};
    struct person_query all = {.active = -1, .sort = PERSON_SORT_ID};
    check(person_search_each(db, &all, collect_name, &ns, &err), &err, "names");
    if (ns.n == 0) {
        fprintf(stderr, "bench_tool: no persons\n");
        return 2;
    }
    rng_state ^= seed * 0x9E3779B97F4A7C15ULL;
    double *t = xcalloc((size_t)nq, sizeof(double));
    long long hits = 0;
    int q = 0;
    /* BENCH_SLOW=MS: each search that took MS or more, on stderr */
    const char *slow_env = getenv("BENCH_SLOW");
    double slow = slow_env ? atof(slow_env) : 0;
    while (q < nq) {
        int len;
        const char *from = typed_from(&ns, &len);
        for (int k = 1; k <= len && q < nq; k++) {
            size_t bytes = utf8_prefix(from, k);
            char *typed = xstrndup(from, bytes);
            double t0 = now_ms();
            char *fold = text_fold(typed); /* what the screen does with each keystroke */
            struct person_query pq = {.search = fold, .active = -1, .limit = 50};
            long long n = 0;
            check(person_search_each(db, &pq, count_row, &n, &err), &err, "search");
            t[q] = now_ms() - t0;
            if (slow > 0 && t[q] >= slow)
                fprintf(stderr, "%8.1f ms %6lld rows '%s'\n", t[q], n, fold);
            q++;
            hits += n;
            free(fold);
            free(typed);
            if (!from[bytes])
                break;
        }
    }
    qsort(t, (size_t)nq, sizeof(double), cmp_double);
    printf("%.3f %.3f %.3f %d %lld\n", t[nq / 2], t[(nq * 99) / 100], t[nq - 1], nq, hits);
    for (size_t i = 0; i < ns.n; i++)
        free(ns.v[i]);
    free(ns.v);
    free(t);
    db_close(db);
    return 0;
}

/* ---- compare ---- */

struct ids {
    long long v[64];
    int n;
};

static int collect_id(const struct person *p, void *arg)
{
    struct ids *x = arg;
    if (x->n < 64)
        x->v[x->n++] = p->id;
    return 0;
}

/* The page of q on db (and its count), as text for comparing. */
static char *page_of(struct db *db, struct person_query *q, long long *last)
{
    struct error err = ERROR_INIT;
    struct ids x = {.n = 0};
    long long n = 0;
    check(person_search_each(db, q, collect_id, &x, &err), &err, "search");
    check(person_search_count(db, q, &n, &err), &err, "count");
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "count %lld:", n);
    for (int i = 0; i < x.n; i++)
        strbuf_addf(&sb, " %lld", x.v[i]);
    *last = x.n ? x.v[x.n - 1] : 0;
    return strbuf_detach(&sb, NULL);
}

/* The same N keystrokes as search on A and B: each text's first page in
 * each sort, the page after it and the last page, with their counts;
 * prints each difference, then "N texts, D differ". */
static int compare(const char *a_path, const char *b_path, int nq, unsigned long long seed)
{
    struct db *a = open_db(a_path, DB_OPEN_READONLY), *b = open_db(b_path, DB_OPEN_READONLY);
    struct error err = ERROR_INIT;
    struct names ns = {0};
    struct person_query all = {.active = -1, .sort = PERSON_SORT_ID};
    check(person_search_each(a, &all, collect_name, &ns, &err), &err, "names");
    if (ns.n == 0)
        return 2;
    rng_state ^= seed * 0x9E3779B97F4A7C15ULL;
    int q = 0, differ = 0;
    while (q < nq) {
        int len;
        const char *from = typed_from(&ns, &len);
        for (int k = 1; k <= len && q < nq; k++, q++) {
            size_t bytes = utf8_prefix(from, k);
            char *typed = xstrndup(from, bytes);
            char *fold = text_fold(typed);
            for (int way = 0; way < 12; way++) {
                struct person_query pq = {.search = fold, .active = -1, .limit = 50};
                pq.sort = (enum person_sort)(way % 4);
                pq.reverse = way / 4 == 1;
                pq.descending = way / 4 == 2;
                long long la, lb;
                char *x = page_of(a, &pq, &la), *y = page_of(b, &pq, &lb);
                int same = strcmp(x, y) == 0;
                if (same && la) { /* the page after it */
                    free(x);
                    free(y);
                    pq.after_id = la;
                    x = page_of(a, &pq, &la);
                    y = page_of(b, &pq, &lb);
                    same = strcmp(x, y) == 0;
                }
                if (!same) {
                    differ++;
                    printf("'%s' sort %d reverse %d descending %d after %lld:\n  %s\n  %s\n", fold,
                           (int)pq.sort, pq.reverse, pq.descending, pq.after_id, x, y);
                }
                free(x);
                free(y);
            }
            free(fold);
            free(typed);
            if (!from[bytes])
                break;
        }
    }
    printf("%d texts, %d differ\n", q, differ);
    db_close(a);
    db_close(b);
    return differ != 0;
}

/* One search of TEXT (as typed), run R times: each time in ms on stderr. */
static int find_one(const char *dbpath, const char *typed, int r)
{
    struct db *db = open_db(dbpath, DB_OPEN_READONLY);
    struct error err = ERROR_INIT;
    for (int i = 0; i < r; i++) {
        double t0 = now_ms();
        char *fold = text_fold(typed);
        struct person_query pq = {.search = fold, .active = -1, .limit = 50};
        long long n = 0;
        check(person_search_each(db, &pq, count_row, &n, &err), &err, "search");
        fprintf(stderr, "%8.2f ms %lld rows\n", now_ms() - t0, n);
        free(fold);
    }
    db_close(db);
    return 0;
}

/* ---- summary ---- */

static int sum_row(const struct report_group_row *r, void *arg)
{
    (*(long long *)arg) += r->c.people;
    return 0;
}

static int summary(const char *dbpath)
{
    struct db *db = open_db(dbpath, DB_OPEN_READONLY);
    struct error err = ERROR_INIT;
    long long people = 0, stock = 0, lost = 0;
    double t0 = now_ms();
    check(report_store_groups(db, REPORT_BY_DISTRICT, 0, NULL, sum_row, &people, &err), &err,
          "summary");
    check(report_store_unassigned(db, 0, &stock, &lost, &err), &err, "unassigned");
    printf("%.3f %lld\n", now_ms() - t0, people);
    db_close(db);
    return 0;
}

/* ---- handovers ---- */

static double wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int handovers(const char *dbpath, const char *pairs, double at, double every, size_t ramp)
{
    struct app app;
    struct error err = ERROR_INIT;
    FILE *f = fopen(pairs, "r");
    long long *person = NULL;
    char(*imei)[24] = NULL;
    size_t n = 0, alloc = 0;
    long long pid;
    char buf[24];

    if (!f) {
        perror(pairs);
        return 2;
    }
    while (fscanf(f, "%lld %23s", &pid, buf) == 2) {
        if (n == alloc) {
            alloc = alloc ? alloc * 2 : 256;
            person = xrealloc(person, alloc * sizeof(*person));
            imei = xrealloc(imei, alloc * sizeof(*imei));
        }
        person[n] = pid;
        memcpy(imei[n], buf, sizeof(buf));
        n++;
    }
    fclose(f);
    if (n == 0) {
        fprintf(stderr, "bench_tool: no handovers in %s\n", pairs);
        return 2;
    }
    if (app_open(&app, dbpath, 0, NULL, &err) != 0) {
        fprintf(stderr, "bench_tool: %s\n", error_msg(&err));
        return 2;
    }
    seal_app_defer(&app); /* as the full-screen program */
    struct handover_input in = {.person_id = person[0], .imei = imei[0]};
    char *receipt = NULL;
    int rc = handover_app_give(&app, &in, &receipt, NULL, &err);
    free(receipt);
    if (rc != 0 && rc != ERR_CONFLICT) {
        fprintf(stderr, "bench_tool: handover of %s to %lld: %s\n", imei[0], person[0],
                error_msg(&err));
        app_close(&app);
        return 2;
    }
    error_clear(&err);
    while (at > 0 && wall_ms() < at) {
        struct timespec ts = {0, 200000};
        nanosleep(&ts, NULL);
    }
    if (ramp && n < 2 * ramp + 2) {
        fprintf(stderr, "bench_tool: %s: %zu handovers, fewer than 2 * %zu + 2\n", pairs, n, ramp);
        app_close(&app);
        return 2;
    }
    /* timed: lines 1 + ramp .. n - ramp - 1 */
    size_t timed = 0, from = 1 + ramp, to = n - ramp;
    double *t = xcalloc(n, sizeof(double));
    long long refused = 0;
    double first = 0, last = 0;
    for (size_t i = 1; i < n; i++) {
        in.person_id = person[i];
        in.imei = imei[i];
        receipt = NULL;
        double t0;
        if (every > 0) {
            /* paced: each at its time, timed from it, so that a handover
             * that starts late (the one before took longer) counts its
             * wait too */
            t0 = at + (double)(i - 1) * every;
            while (wall_ms() < t0) {
                struct timespec ts = {0, 200000};
                nanosleep(&ts, NULL);
            }
        } else {
            t0 = wall_ms();
        }
        if (i == from)
            first = t0;
        rc = handover_app_give(&app, &in, &receipt, NULL, &err);
        double t1 = wall_ms();
        if (i >= from && i < to) {
            t[timed++] = t1 - t0;
            last = t1;
        }
        free(receipt);
        if (rc == ERR_CONFLICT) {
            refused += i >= from && i < to; /* another operator took the phone: the race */
        } else if (rc != 0) {
            fprintf(stderr, "bench_tool: handover of %s to %lld: %s\n", imei[i], person[i],
                    error_msg(&err));
            app_close(&app);
            return 2;
        }
        error_clear(&err);
        seal_app_idle(&app, NULL); /* the operator reads the screen */
    }
    app_close(&app);
    if (timed == 0)
        t[timed++] = 0; /* one line: nothing timed */
    double *sorted = xmalloc(timed * sizeof(double));
    memcpy(sorted, t, timed * sizeof(double));
    qsort(sorted, timed, sizeof(double), cmp_double);
    printf("%.3f %.3f %.3f %zu %lld %.3f %.3f\n", sorted[timed / 2], sorted[(timed * 99) / 100],
           sorted[timed - 1], timed, refused, first, last);
    for (size_t i = 0; i < timed; i++)
        printf("%.3f%c", t[i], i + 1 < timed ? ' ' : '\n');
    free(sorted);
    free(t);
    free(person);
    free(imei);
    return 0;
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : "";
    if (!strcmp(cmd, "gen-devices") && argc == 5)
        return gen_devices(atoll(argv[2]), strtoull(argv[3], NULL, 10), argv[4]);
    if (!strcmp(cmd, "gen-persons") && argc == 4)
        return gen_persons(argv[2], argv[3], 0);
    if (!strcmp(cmd, "gen-persons-merged") && argc == 4)
        return gen_persons(argv[2], argv[3], 1);
    if (!strcmp(cmd, "rows") && argc == 4)
        return handover_list(argv[2], argv[3], 0);
    if (!strcmp(cmd, "xlsx-ref") && argc == 4)
        return handover_list(argv[2], argv[3], 1);
    if (!strcmp(cmd, "xlsx-mem") && argc == 4)
        return xlsx_mem(argv[2], argv[3]);
    if (!strcmp(cmd, "compare") && argc == 6)
        return compare(argv[2], argv[3], atoi(argv[4]), strtoull(argv[5], NULL, 10));
    if (!strcmp(cmd, "find") && argc == 5)
        return find_one(argv[2], argv[3], atoi(argv[4]));
    if (!strcmp(cmd, "search") && argc == 5)
        return search(argv[2], atoi(argv[3]), strtoull(argv[4], NULL, 10));
    if (!strcmp(cmd, "summary") && argc == 3)
        return summary(argv[2]);
    if (!strcmp(cmd, "handovers") && argc >= 4 && argc <= 7)
        return handovers(argv[2], argv[3], argc >= 5 ? atof(argv[4]) : 0,
                         argc >= 6 ? atof(argv[5]) : 0, argc == 7 ? (size_t)atoi(argv[6]) : 0);
    fprintf(stderr,
            "usage: bench_tool gen-devices N SEED OUT.csv | gen-persons[-merged] DB OUT.xlsx | "
            "rows DB OUT.tsv | xlsx-ref DB OUT.xlsx | xlsx-mem TSV OUT.xlsx | search DB N SEED | "
            "summary DB | find DB TEXT R | compare DB1 DB2 N SEED | handovers DB PAIRS [AT [EVERY "
            "[RAMP]]]\n");
    return 2;
}
