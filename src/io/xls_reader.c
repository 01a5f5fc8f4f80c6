/*
 * xls_reader: Excel 97-2003 workbooks for table_reader, with libfreexl;
 * see include/io/xls_reader.h.
 *
 * freexl trusts the lengths a file gives (freexl 1.0.6 reads past a buffer
 * on some damaged files, and loses memory on others), so it runs in a
 * child process: the child opens the workbook, picks the sheet and writes
 * each row that holds something down a pipe; the parent reads one row at a
 * time. A child that crashes, or runs past its CPU time, is a damaged
 * workbook to the parent, never a crash of capphat.
 *
 * What freexl does not tell (hidden sheets and rows, merged cells) the
 * child reads from the file with xls_biff.c.
 *
 * What goes down the pipe, each number a uint32 in the machine's order
 * and each text its length then its bytes: 'S' rows sheet (the sheet
 * chosen, rows in it) n_sheets (hidden name)... n_merges (row1 col1 row2
 * col2)..., then 'R' number hidden n_cells cell... per row, then 'Z'; or
 * 'E' code message, at any point, for an error.
 *
 * The parent owns the pipe, the child's pid (it is killed and reaped when
 * the reader is freed) and the row being given; the child owns freexl.
 */
#include "core/i18n.h"
#include "io/xls_reader.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "io/cell_text.h"
#include "io/row_buf.h"
#include "xls_biff.h"

#include <errno.h>
#include <fcntl.h>
#include <freexl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The largest workbook read: freexl holds it all in memory. */
#define XLS_SIZE_MAX (128LL * 1024 * 1024)
/* At most this many sheets are named in the message for an unknown sheet. */
#define SHEETS_LISTED 20
/* The CPU time of the child: a list of 65,536 rows takes a few seconds. */
#define CHILD_CPU_SECONDS 120
/* The memory of the child: freexl holds a cell of 16 bytes for each of the
 * rows x columns a sheet declares (65,536 x 256 at most, 256 MB), and the
 * workbook's strings. Not set under AddressSanitizer, whose shadow memory
 * is terabytes of address space. */
#define CHILD_MEMORY (1024LL * 1024 * 1024)
#if defined(__SANITIZE_ADDRESS__)
#define CHILD_MEMORY_LIMITED 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHILD_MEMORY_LIMITED 0
#endif
#endif
#ifndef CHILD_MEMORY_LIMITED
#define CHILD_MEMORY_LIMITED 1
#endif
/* The longest text read from the pipe: a cell holds at most 32,767
 * characters, a message or a sheet name less. */
#define PIPE_TEXT_MAX (1024 * 1024)

struct xls_reader {
    char *path;
    FILE *pipe; /* the read end */
    pid_t child;
    char *sheet_name;
    /* the workbook's sheets, and the merged cells of the one read */
    char **sheets;
    int *hidden;
    size_t n_sheets;
    struct table_merge *merges;
    size_t n_merges;
    unsigned int rows; /* of the sheet */
    long row_number;   /* of the row given last */
    struct row_buf row;
    int failed, done;
};

/* ---- the child: freexl ---- */

struct child {
    const void *xl; /* the freexl handle */
    const char *path;
    int fd;               /* the write end of the pipe */
    struct xls_biff biff; /* what freexl does not tell */
};

/* Is the sheet freexl names name hidden? */
static int child_hidden(const struct child *c, const char *name)
{
    const struct xls_biff_sheet *s = xls_biff_find(&c->biff, name);
    return s && s->hidden;
}

static void put(struct child *c, const void *p, size_t n)
{
    const char *b = p;
    while (n) {
        ssize_t w = write(c->fd, b, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) /* the parent is gone */
            _exit(1);
        b += w;
        n -= (size_t)w;
    }
}

static void put_u32(struct child *c, uint32_t v)
{
    put(c, &v, sizeof(v));
}

static void put_text(struct child *c, const char *s, size_t n)
{
    put_u32(c, (uint32_t)n);
    put(c, s, n);
}

/* Send err as the child's last word, and end the child. */
static void put_error(struct child *c, const struct error *err)
{
    const char *msg = error_msg(err);
    put(c, "E", 1);
    put_u32(c, (uint32_t)-err->code);
    put_text(c, msg, strlen(msg));
    _exit(0);
}

/*
 * Does the file hold the stream "EncryptedPackage" (its name in UTF-16 in
 * the OLE2 directory)? That is an .xlsx saved with a password, which Excel
 * wraps in the container of an .xls.
 */
static int encrypted_package(const char *path)
{
    static const char name[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    char buf[64 * 1024 + sizeof(name)];
    size_t keep = 0, n;
    int found = 0;
    FILE *f = fopen(path, "rb");

    if (!f)
        return 0;
    while (!found && (n = fread(buf + keep, 1, sizeof(buf) - keep, f)) > 0) {
        n += keep;
        found = memmem(buf, n, name, sizeof(name) - 1) != NULL;
        keep = n < sizeof(name) ? n : sizeof(name) - 1;
        memmove(buf, buf + n - keep, keep);
    }
    fclose(f);
    return found;
}

/* The message for a failed freexl_open. */
static int open_error(const char *path, int rc, struct error *err)
{
    if (rc == FREEXL_INSUFFICIENT_MEMORY)
        return error_set(err, ERR_INVALID, _("%s: the workbook is too large to read"), path);
    if (rc == FREEXL_FILE_NOT_FOUND)
        return error_set(err, ERR_IO, _("cannot open %s: %s"), path, strerror(errno));
    if (encrypted_package(path))
        return error_set(err, ERR_INVALID,
                         _("%s is protected with a password; open it in Excel or LibreOffice, "
                           "remove the password and save it again"),
                         path);
    return error_set(err, ERR_CORRUPT,
                     _("%s is not a valid .xls file (an Excel 97-2003 workbook): it is damaged or "
                       "cut short"),
                     path);
}

/*
 * The index of the sheet named want (exactly, else as text_fold folds
 * it), or of the first visible sheet when want is NULL; -1 with err
 * (listing the sheets) when there is none.
 */
static int find_sheet(struct child *c, const char *want, struct error *err)
{
    unsigned int n = 0;
    int exact = -1, folded = -1, visible = -1;
    char *want_folded = want ? text_fold(want) : NULL;
    struct strbuf list = STRBUF_INIT;

    if (freexl_get_info(c->xl, FREEXL_BIFF_SHEET_COUNT, &n) != FREEXL_OK || n == 0 ||
        n == FREEXL_UNKNOWN) {
        free(want_folded);
        error_set(err, ERR_CORRUPT, _("%s: the workbook has no sheets"), c->path);
        return -1;
    }
    for (unsigned int i = 0; i < n && i < 65536; i++) {
        const char *name = NULL;
        if (freexl_get_worksheet_name(c->xl, (unsigned short)i, &name) != FREEXL_OK || !name)
            name = "";
        if (visible < 0 && !child_hidden(c, name))
            visible = (int)i;
        if (want && exact < 0 && !strcmp(name, want))
            exact = (int)i;
        if (want && folded < 0) {
            char *f = text_fold(name);
            if (!strcmp(f, want_folded))
                folded = (int)i;
            free(f);
        }
        if (i < SHEETS_LISTED)
            strbuf_addf(&list, "%s'%s'", i ? ", " : "", error_quote(name));
        else if (i == SHEETS_LISTED)
            strbuf_addstr(&list, ", …");
    }
    /* a hidden sheet is read when it is asked for by name, never by default */
    int found = !want ? (visible >= 0 ? visible : 0) : exact >= 0 ? exact : folded;
    if (found < 0)
        error_set(err, ERR_NOT_FOUND, _("%s has no sheet '%s'; its sheets are %s"), c->path,
                  error_quote_slot(want, 1), list.buf);
    strbuf_release(&list);
    free(want_folded);
    return found;
}

/* Open the workbook and select the sheet: 'S' down the pipe, or 'E' and the end. */
static void child_open(struct child *c, const char *sheet, unsigned int *rows, unsigned short *cols)
{
    struct error err = ERROR_INIT;
    unsigned int password = 0;
    const char *name = NULL;
    int rc, index;

    rc = freexl_open(c->path, &c->xl);
    if (rc != FREEXL_OK) {
        open_error(c->path, rc, &err);
        put_error(c, &err);
    }
    if (xls_biff_open(&c->biff, c->path) != 0)
        xls_biff_release(&c->biff); /* read as freexl alone reads it */
    if (freexl_get_info(c->xl, FREEXL_BIFF_PASSWORD, &password) == FREEXL_OK &&
        password == FREEXL_BIFF_OBFUSCATED) {
        error_set(&err, ERR_INVALID,
                  _("%s is protected with a password; open it in Excel or LibreOffice, remove "
                    "the password and save it again"),
                  c->path);
        put_error(c, &err);
    }
    if ((index = find_sheet(c, sheet, &err)) < 0)
        put_error(c, &err);
    if (freexl_get_worksheet_name(c->xl, (unsigned short)index, &name) != FREEXL_OK || !name)
        name = "";
    if (freexl_select_active_worksheet(c->xl, (unsigned short)index) != FREEXL_OK ||
        freexl_worksheet_dimensions(c->xl, rows, cols) != FREEXL_OK) {
        error_set(&err, ERR_CORRUPT, _("%s: sheet '%s' cannot be read"), c->path,
                  error_quote(name));
        put_error(c, &err);
    }
    put(c, "S", 1);
    put_u32(c, *rows);
    put_text(c, name, strlen(name));
    /* the sheets, to choose from */
    unsigned int n = 0;
    if (freexl_get_info(c->xl, FREEXL_BIFF_SHEET_COUNT, &n) != FREEXL_OK || n > 65536)
        n = 0;
    put_u32(c, n);
    for (unsigned int i = 0; i < n; i++) {
        const char *si = NULL;
        if (freexl_get_worksheet_name(c->xl, (unsigned short)i, &si) != FREEXL_OK || !si)
            si = "";
        put_u32(c, (uint32_t)child_hidden(c, si));
        put_text(c, si, strlen(si));
    }
    /* the hidden rows and merged cells of the one chosen */
    const struct xls_biff_sheet *bs = xls_biff_find(&c->biff, name);
    if (bs)
        xls_biff_sheet_read(&c->biff, bs);
    put_u32(c, bs ? (uint32_t)c->biff.n_merges : 0);
    for (size_t i = 0; bs && i < c->biff.n_merges; i++) {
        const struct table_merge *m = &c->biff.merges[i];
        put_u32(c, (uint32_t)m->row1);
        put_u32(c, (uint32_t)m->col1);
        put_u32(c, (uint32_t)m->row2);
        put_u32(c, (uint32_t)m->col2);
    }
}

/* Cell (row, col) of the sheet into cell, as text; -1 when freexl cannot read it. */
static int cell_text(struct child *c, unsigned int row, unsigned short col, struct strbuf *cell)
{
    FreeXL_CellValue v;

    if (freexl_get_cell_value(c->xl, row, col, &v) != FREEXL_OK)
        return -1;
    switch (v.type) {
    case FREEXL_CELL_INT:
        strbuf_addf(cell, "%d", v.value.int_value);
        break;
    case FREEXL_CELL_DOUBLE:
        cell_text_number(v.value.double_value, cell);
        break;
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_TIME:
        if (v.value.text_value)
            strbuf_addstr(cell, v.value.text_value);
        break;
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
        /* "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS": the date part, as for .xlsx */
        if (v.value.text_value)
            strbuf_add(cell, v.value.text_value, strnlen(v.value.text_value, 10));
        break;
    default:
        break;
    }
    return 0;
}

/* Refuse the sheet at cell (row, col), both 0-based. */
static void cell_error(struct child *c, unsigned int row, unsigned short col)
{
    struct error err = ERROR_INIT;
    char letters[4];
    int n = 0;

    for (long k = (long)col + 1; k > 0 && n < 3; k = (k - 1) / 26)
        letters[n++] = (char)('A' + (k - 1) % 26);
    struct strbuf ref = STRBUF_INIT;
    while (n)
        strbuf_addch(&ref, letters[--n]);
    error_set(&err, ERR_CORRUPT, _("%s: cell %s%u cannot be read: the workbook is damaged"),
              c->path, ref.buf, row + 1);
    put_error(c, &err);
}

/* The child: every row that holds something down the pipe, then 'Z'. */
static void child_main(const char *path, const char *sheet, int fd)
{
    struct child c = {.xl = NULL, .path = path, .fd = fd};
    struct strbuf cell = STRBUF_INIT, line = STRBUF_INIT;
    unsigned int rows = 0;
    unsigned short cols = 0;

    child_open(&c, sheet, &rows, &cols);
    for (unsigned int r = 0; r < rows; r++) {
        uint32_t n = 0, last = 0; /* cells, and up to the last one that holds something */
        size_t last_end = 0;
        strbuf_reset(&line);
        for (unsigned short col = 0; col < cols; col++) {
            strbuf_reset(&cell);
            if (cell_text(&c, r, col, &cell) != 0)
                cell_error(&c, r, col);
            uint32_t len = (uint32_t)cell.len;
            strbuf_add(&line, &len, sizeof(len));
            strbuf_add(&line, cell.buf, cell.len);
            n++;
            if (cell.len) {
                last = n;
                last_end = line.len;
            }
        }
        if (last == 0)
            continue;
        put(&c, "R", 1);
        put_u32(&c, r + 1);
        put_u32(&c, (uint32_t)xls_biff_row_hidden(&c.biff, r));
        put_u32(&c, last);
        put(&c, line.buf, last_end);
    }
    put(&c, "Z", 1);
    _exit(0);
}

/* Start the child reading path into r->pipe; -1 with err when it cannot. */
static int child_start(struct xls_reader *r, const char *sheet, struct error *err)
{
    int fds[2];

    if (pipe(fds) != 0)
        return error_set(err, ERR_IO, _("cannot read %s: %s"), r->path, strerror(errno));
    fflush(NULL);
    r->child = fork();
    if (r->child < 0) {
        close(fds[0]);
        close(fds[1]);
        return error_set(err, ERR_IO, _("cannot read %s: %s"), r->path, strerror(errno));
    }
    if (r->child == 0) {
        struct rlimit cpu = {CHILD_CPU_SECONDS, CHILD_CPU_SECONDS};
        int null = open("/dev/null", O_RDWR);
        close(fds[0]);
        /* nothing freexl or a sanitizer says reaches the user's terminal */
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
        }
        setrlimit(RLIMIT_CPU, &cpu);
        if (CHILD_MEMORY_LIMITED) {
            struct rlimit mem = {CHILD_MEMORY, CHILD_MEMORY};
            setrlimit(RLIMIT_AS, &mem);
        }
        /* the parent's handlers (the full-screen program's) are not the child's */
        signal(SIGPIPE, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        child_main(r->path, sheet, fds[1]);
    }
    close(fds[1]);
    r->pipe = fdopen(fds[0], "rb");
    if (!r->pipe)
        die("out of memory");
    return 0;
}

/* ---- the parent: reading the pipe ---- */

void xls_reader_free(struct xls_reader *r)
{
    if (!r)
        return;
    if (r->pipe)
        fclose(r->pipe);
    if (r->child > 0) {
        kill(r->child, SIGKILL);
        while (waitpid(r->child, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    row_buf_release(&r->row);
    for (size_t i = 0; i < r->n_sheets; i++)
        free(r->sheets[i]);
    free(r->sheets);
    free(r->hidden);
    free(r->merges);
    free(r->sheet_name);
    free(r->path);
    free(r);
}

static int get_u32(struct xls_reader *r, uint32_t *v)
{
    return fread(v, sizeof(*v), 1, r->pipe) == 1 ? 0 : -1;
}

static int get_text(struct xls_reader *r, struct strbuf *out)
{
    uint32_t n;

    if (get_u32(r, &n) != 0 || n > PIPE_TEXT_MAX)
        return -1;
    strbuf_grow(out, n);
    if (n && fread(out->buf + out->len, 1, n, r->pipe) != n)
        return -1;
    strbuf_setlen(out, out->len + n);
    return 0;
}

/* The sheets and merged cells after 'S'. */
static int get_sheets(struct xls_reader *r)
{
    uint32_t n, hidden, v[4];

    if (get_u32(r, &n) != 0 || n > 65536)
        return -1;
    r->sheets = xcalloc(n ? n : 1, sizeof(*r->sheets));
    r->hidden = xcalloc(n ? n : 1, sizeof(*r->hidden));
    for (uint32_t i = 0; i < n; i++) {
        struct strbuf name = STRBUF_INIT;
        if (get_u32(r, &hidden) != 0 || get_text(r, &name) != 0) {
            strbuf_release(&name);
            return -1;
        }
        r->sheets[i] = strbuf_detach(&name, NULL);
        r->hidden[i] = hidden != 0;
        r->n_sheets++;
    }
    if (get_u32(r, &n) != 0 || n > TABLE_READER_MERGES_MAX)
        return -1;
    r->merges = xcalloc(n ? n : 1, sizeof(*r->merges));
    for (uint32_t i = 0; i < n; i++) {
        if (fread(v, sizeof(v[0]), 4, r->pipe) != 4)
            return -1;
        r->merges[i] = (struct table_merge){v[0], v[1], v[2], v[3]};
    }
    r->n_merges = n;
    return 0;
}

/* The child's 'E': its message into err; or the child died without one. */
static int child_error(struct xls_reader *r, int kind, struct error *err)
{
    struct strbuf msg = STRBUF_INIT;
    uint32_t code;

    if (kind == 'E' && get_u32(r, &code) == 0 && get_text(r, &msg) == 0 && code > 0 && code < 100) {
        error_set(err, -(int)code, "%s", msg.buf);
    } else if (!r->sheet_name) {
        error_set(err, ERR_CORRUPT,
                  _("%s is not a valid .xls file (an Excel 97-2003 workbook): it is damaged or "
                    "cut short"),
                  r->path);
    } else {
        error_set(err, ERR_CORRUPT,
                  _("%s: sheet '%s' cannot be read after row %ld: the workbook is damaged"),
                  r->path, error_quote(r->sheet_name), r->row_number);
    }
    strbuf_release(&msg);
    return err->code;
}

/* Refuse a file freexl would hold whole in memory past XLS_SIZE_MAX. */
static int check_size(const char *path, struct error *err)
{
    struct stat st;

    if (stat(path, &st) != 0)
        return error_set(err, ERR_IO, _("cannot open %s: %s"), path, strerror(errno));
    if ((long long)st.st_size > XLS_SIZE_MAX)
        return error_set(err, ERR_INVALID,
                         _("%s is too large: an .xls workbook may have at most %d MB"), path,
                         (int)(XLS_SIZE_MAX / (1024 * 1024)));
    return 0;
}

struct xls_reader *xls_reader_open(const char *path, const char *sheet, struct error *err)
{
    struct xls_reader *r = xcalloc(1, sizeof(*r));
    struct strbuf name = STRBUF_INIT;
    int kind;

    r->path = xstrdup(path);
    if (check_size(path, err) != 0 || child_start(r, sheet, err) != 0)
        goto fail;
    kind = fgetc(r->pipe);
    if (kind != 'S' || get_u32(r, &r->rows) != 0 || get_text(r, &name) != 0) {
        child_error(r, kind, err);
        goto fail;
    }
    r->sheet_name = strbuf_detach(&name, NULL);
    if (get_sheets(r) != 0) {
        child_error(r, 0, err);
        goto fail;
    }
    return r;
fail:
    strbuf_release(&name);
    xls_reader_free(r);
    return NULL;
}

/* The cells of an 'R' into r->row, in NFC. */
static int get_row(struct xls_reader *r, struct table_row *row)
{
    uint32_t number, hidden, n;

    if (get_u32(r, &number) != 0 || get_u32(r, &hidden) != 0 || get_u32(r, &n) != 0 || n > 256)
        return -1;
    row_buf_clear(&r->row);
    for (uint32_t i = 0; i < n; i++) {
        struct strbuf *cell = row_buf_cell(&r->row, i);
        if (get_text(r, cell) != 0)
            return -1;
        cell_text_nfc(cell);
    }
    r->row_number = (long)number;
    row->number = r->row_number;
    row->hidden = hidden != 0;
    row->n_cells = r->row.n;
    row->cells = row_buf_ptrs(&r->row);
    return 0;
}

int xls_reader_next(struct xls_reader *r, struct table_row *row, struct error *err)
{
    if (r->failed)
        return error_set(err, r->failed, _("%s: reading stopped after an earlier error"), r->path);
    if (r->done)
        return 0;
    int kind = fgetc(r->pipe);
    if (kind == 'Z') {
        r->done = 1;
        return 0;
    }
    if (kind == 'R' && get_row(r, row) == 0)
        return 1;
    return r->failed = child_error(r, kind, err);
}

const char *xls_reader_sheet(const struct xls_reader *r)
{
    return r->sheet_name;
}

double xls_reader_progress(const struct xls_reader *r)
{
    if (r->done || r->rows == 0)
        return 1.0;
    double p = (double)r->row_number / (double)r->rows;
    return p > 1 ? 1 : p;
}

size_t xls_reader_n_sheets(const struct xls_reader *r)
{
    return r->n_sheets ? r->n_sheets : 1;
}

const char *xls_reader_sheet_name(const struct xls_reader *r, size_t i)
{
    return i < r->n_sheets ? r->sheets[i] : r->sheet_name;
}

int xls_reader_sheet_hidden(const struct xls_reader *r, size_t i)
{
    return i < r->n_sheets && r->hidden[i];
}

void xls_reader_merges(const struct xls_reader *r, const struct table_merge **merges, size_t *n)
{
    *merges = r->merges;
    *n = r->n_merges;
}
