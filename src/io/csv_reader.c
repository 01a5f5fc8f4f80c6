/*
 * csv_reader: CSV files for table_reader, with libcsv; see include/io/csv_reader.h.
 *
 * It owns the file, the libcsv parser and the row being built. Line numbers
 * are counted here, since libcsv does not: the input is fed to libcsv one
 * line at a time (each piece ends at a CR or LF), so a record always ends
 * at the end of a piece and the line where it started is known.
 */
#include "core/i18n.h"
#include "io/csv_reader.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "io/encoding.h"
#include "io/row_buf.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CHUNK (64 * 1024)
#define GUESS_SAMPLE (256 * 1024)

struct csv_reader {
    char *path;
    FILE *f;
    long long size, offset; /* file size; file offset of buf[0] */
    char *buf;
    size_t buf_len, pos;
    struct csv_parser parser;
    int sep;
    enum encoding enc;
    struct encoding_conv *conv;
    struct row_buf row;
    long line, record_line, ready_line;
    int prev_cr, ready, done, failed;
    size_t n_bad; /* bytes the encoding does not define, in the current record */
};

static int is_space_char(unsigned char c)
{
    return c == ' ';
}

/* ---- first pass: encoding and separator ---- */

/* How many times sep splits the first records, and how evenly: higher is likelier. */
static long sep_score(const char *s, size_t n, char sep)
{
    enum { MAX_RECORDS = 50 };
    long counts[MAX_RECORDS];
    int n_rec = 0, quoted = 0;
    long cur = 0, best = 0, best_count = 0;
    int content = 0;

    for (size_t i = 0; i <= n && n_rec < MAX_RECORDS; i++) {
        char c = i < n ? s[i] : '\n';
        if (c == '"') {
            quoted = !quoted;
            content = 1;
        } else if (quoted) {
            continue;
        } else if (c == sep) {
            cur++;
            content = 1;
        } else if (c == '\n' || c == '\r') {
            if (content)
                counts[n_rec++] = cur;
            cur = 0;
            content = 0;
        } else if (c != ' ') {
            content = 1;
        }
    }
    /* the most frequent non-zero count, and how many records have it */
    for (int i = 0; i < n_rec; i++) {
        long same = 0;
        if (!counts[i])
            continue;
        for (int k = 0; k < n_rec; k++)
            same += counts[k] == counts[i];
        if (same > best_count || (same == best_count && counts[i] > best)) {
            best_count = same;
            best = counts[i];
        }
    }
    return best_count * 1000 + (best < 1000 ? best : 999);
}

static int guess_sep(const char *s, size_t n)
{
    static const char seps[] = {',', ';', '\t'};
    long best = 0;
    int sep = ',';

    for (size_t i = 0; i < sizeof(seps); i++) {
        long sc = sep_score(s, n, seps[i]);
        if (sc > best) {
            best = sc;
            sep = seps[i];
        }
    }
    return sep;
}

/* The line around offset at in buf (for a message), as a new string. */
static char *line_around(const char *buf, size_t len, size_t at)
{
    size_t a = at, b = at;
    while (a > 0 && buf[a - 1] != '\n' && at - a < 200)
        a--;
    while (b < len && buf[b] != '\n' && buf[b] != '\r' && b - at < 200)
        b++;
    return xstrndup(buf + a, b - a);
}

static long count_lines(const char *s, size_t n, int *prev_cr)
{
    long lines = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r' || (s[i] == '\n' && !*prev_cr))
            lines++;
        *prev_cr = s[i] == '\r';
    }
    return lines;
}

/*
 * Refuse text whose Vietnamese letters were lost to a Western code page
 * (encoding.h, encoding_loss_find): read as it is, every name would be
 * stored wrong. buf is the start of the file, as UTF-8; legacy: it was
 * not UTF-8 and is read here as Windows-1252 (only letters lost count).
 */
static int check_loss(struct csv_reader *r, const char *buf, size_t n, int legacy,
                      struct error *err)
{
    size_t at = 0, len = 0;
    enum encoding_loss loss = encoding_loss_find(buf, n, &at, &len);
    int prev_cr = 0, rc;

    if (loss == ENCODING_LOSS_NONE || (legacy && loss == ENCODING_LOSS_CP1252))
        return 0;
    long line = 1 + count_lines(buf, at, &prev_cr);
    char *value = xstrndup(buf + at, len);
    char *fixed = loss == ENCODING_LOSS_CP1252 ? encoding_loss_repair(value, len) : NULL;
    if (loss == ENCODING_LOSS_REPLACED)
        rc = error_set(err, ERR_INVALID,
                       _("%s: line %ld: '%s' has lost its accents ('�' for each Vietnamese "
                         "letter a program could not read); save the file again from Excel as "
                         "\"CSV UTF-8\""),
                       r->path, line, error_quote(value));
    else if (fixed)
        rc = error_set(err, ERR_INVALID,
                       _("%s: line %ld: '%s' is '%s' garbled by a Western code page "
                         "(Windows-1252); save the file again from Excel as \"CSV UTF-8\""),
                       r->path, line, error_quote_slot(value, 0), error_quote_slot(fixed, 1));
    else
        rc = error_set(err, ERR_INVALID,
                       _("%s: line %ld: '%s' has lost its accents to a Western code page ('?' "
                         "for each Vietnamese letter); save the file again from Excel as \"CSV "
                         "UTF-8\""),
                       r->path, line, error_quote(value));
    free(fixed);
    free(value);
    return rc;
}

/*
 * Is the start of a file (n bytes) UTF-16 without its byte-order mark?
 * Text of the Latin script in UTF-16 has a NUL in every other byte: in the
 * odd bytes (little-endian) or the even ones, and hardly any in the others.
 */
static int looks_utf16(const char *p, size_t n)
{
    size_t zeros[2] = {0, 0};
    if (n > 4096)
        n = 4096;
    n &= ~(size_t)1;
    for (size_t i = 0; i < n; i++)
        zeros[i & 1] += p[i] == '\0';
    size_t half = n / 2;
    return half >= 4 && ((zeros[1] * 10 >= half * 6 && zeros[0] * 20 <= half) ||
                         (zeros[0] * 10 >= half * 6 && zeros[1] * 20 <= half));
}

/*
 * A chunk of got bytes at p (the file's first when first; its first line
 * is line, prev_cr as count_lines keeps it) that is not text the reader
 * takes: UTF-16, with or without a byte-order mark, or a NUL byte. Returns
 * 0, or ERR_INVALID with err saying what it is.
 */
static int chunk_not_text(struct csv_reader *r, const char *p, size_t got, int first, long line,
                          int prev_cr, struct error *err)
{
    if (first && got >= 2 &&
        ((p[0] == '\xFF' && p[1] == '\xFE') || (p[0] == '\xFE' && p[1] == '\xFF')))
        return error_set(err, ERR_INVALID,
                         _("%s is UTF-16 text; save it from Excel as \"CSV UTF-8\" instead"),
                         r->path);
    const char *nul = memchr(p, 0, got);
    if (!nul)
        return 0;
    if (looks_utf16(p, got))
        return error_set(err, ERR_INVALID,
                         _("%s is UTF-16 text without its byte-order mark; save it from Excel as "
                           "\"CSV UTF-8\" instead"),
                         r->path);
    line += count_lines(p, (size_t)(nul - p), &prev_cr);
    return error_set(err, ERR_INVALID,
                     _("%s: line %ld holds a NUL byte: this is not a text file, nor an Excel or "
                       "OpenDocument workbook"),
                     r->path, line);
}

static int csv_detect(struct csv_reader *r, struct error *err)
{
    struct strbuf data = STRBUF_INIT, sample = STRBUF_INIT, head = STRBUF_INIT;
    size_t got, skip = 0;
    int first = 1, valid = 1, prev_cr = 0, rc = 0;
    long line = 1, bad_line = 0;
    char *bad_text = NULL;

    while ((got = fread(r->buf, 1, CHUNK, r->f)) > 0) {
        size_t tail = 0, bad;
        const char *p = r->buf;

        if ((rc = chunk_not_text(r, p, got, first, line, prev_cr, err)) != 0)
            goto out;
        if (first) {
            first = 0;
            if (got >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
                skip = 3;
            strbuf_add(&head, p + skip, got - skip);
        }
        if (valid) {
            /* data holds the bytes a character cut by the previous chunk left */
            strbuf_add(&data, p, got);
            bad = encoding_utf8_check(data.buf, data.len, &tail);
            if (bad < data.len) {
                valid = 0;
                int pc = prev_cr;
                bad_line = line + count_lines(data.buf, bad, &pc);
                bad_text = line_around(data.buf, data.len, bad);
            }
            size_t keep = valid ? tail : 0;
            memmove(data.buf, data.buf + data.len - keep, keep);
            strbuf_setlen(&data, keep);
        }
        if (sample.len < GUESS_SAMPLE) {
            for (size_t i = 0; i < got; i++)
                if ((unsigned char)p[i] >= 0x80) {
                    strbuf_add(&sample, p, got);
                    break;
                }
        }
        line += count_lines(p, got, &prev_cr);
    }
    if (ferror(r->f)) {
        rc = error_set(err, ERR_IO, "%s: %s", r->path, strerror(errno));
        goto out;
    }
    if (valid && data.len) {
        /* the file ends in the middle of a character */
        bad_text = xstrndup(data.buf, data.len);
        rc = error_set(err, ERR_INVALID,
                       _("%s: line %ld ends in the middle of a UTF-8 character ('%s'): the file is "
                         "cut short"),
                       r->path, line, error_quote(bad_text));
        goto out;
    }
    if (valid) {
        r->enc = skip ? ENCODING_UTF8_BOM : ENCODING_UTF8;
        if ((rc = check_loss(r, head.buf, head.len, 0, err)) != 0)
            goto out;
    } else {
        /* "Hoàng V?n" saved in Windows-1252: the à is not UTF-8 */
        char *text = encoding_cp1252_text(head.buf, head.len);
        rc = check_loss(r, text, strlen(text), 1, err);
        free(text);
        if (rc)
            goto out;
        r->enc = encoding_guess(sample.buf, sample.len);
        if (r->enc == ENCODING_UNKNOWN) {
            rc = error_set(err, ERR_INVALID,
                           _("%s: line %ld is not UTF-8 text, and reads as none of TCVN3 (ABC), "
                             "VNI-Windows or Windows-1258: '%s'"),
                           r->path, bad_line, error_quote(bad_text));
            goto out;
        }
        r->conv = encoding_conv_new(r->enc);
    }
    r->sep = guess_sep(head.buf, head.len);
    if (fseek(r->f, (long)skip, SEEK_SET) != 0) {
        rc = error_set(err, ERR_IO, "%s: %s", r->path, strerror(errno));
        goto out;
    }
    r->offset = (long long)skip;
out:
    free(bad_text);
    strbuf_release(&data);
    strbuf_release(&sample);
    strbuf_release(&head);
    return rc;
}

/* ---- second pass: records ---- */

static void on_field(void *s, size_t len, void *data)
{
    struct csv_reader *r = data;
    struct strbuf *cell = row_buf_cell(&r->row, r->row.n);

    if (r->conv) {
        encoding_conv_run(r->conv, s, len, cell, &r->n_bad);
        return;
    }
    strbuf_add(cell, s, len);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)cell->buf[i] >= 0x80) {
            char *nfc = text_nfc(cell->buf);
            strbuf_reset(cell);
            strbuf_addstr(cell, nfc);
            free(nfc);
            break;
        }
}

static void on_record(int c, void *data)
{
    struct csv_reader *r = data;
    (void)c;
    r->ready = 1;
    r->ready_line = r->record_line;
}

struct csv_reader *csv_reader_open(const char *path, struct error *err)
{
    struct csv_reader *r = xcalloc(1, sizeof(*r));
    struct stat st;

    r->path = xstrdup(path);
    r->line = 1;
    r->f = fopen(path, "rb");
    if (!r->f) {
        error_set(err, ERR_IO, _("cannot open %s: %s"), path, strerror(errno));
        goto fail;
    }
    if (fstat(fileno(r->f), &st) == 0)
        r->size = (long long)st.st_size;
    r->buf = xmalloc(CHUNK);
    if (csv_init(&r->parser, 0) != 0)
        die("csv_init failed");
    if (csv_detect(r, err) != 0) {
        csv_free(&r->parser);
        goto fail;
    }
    csv_set_delim(&r->parser, (unsigned char)r->sep);
    csv_set_space_func(&r->parser, is_space_char);
    return r;
fail:
    if (r->f)
        fclose(r->f);
    encoding_conv_free(r->conv);
    free(r->buf);
    free(r->path);
    free(r);
    return NULL;
}

static int emit(struct csv_reader *r, struct table_row *row)
{
    r->ready = 0;
    row->number = r->ready_line;
    row->n_cells = r->row.n;
    row->cells = row_buf_ptrs(&r->row);
    r->n_bad = 0;
    return 1;
}

int csv_reader_next(struct csv_reader *r, struct table_row *row, struct error *err)
{
    if (r->failed)
        return error_set(err, r->failed, _("%s: reading stopped after an earlier error"), r->path);
    row_buf_clear(&r->row);
    for (;;) {
        if (r->ready)
            return emit(r, row);
        if (r->done)
            return 0;
        if (r->pos == r->buf_len) {
            r->offset += (long long)r->buf_len;
            r->buf_len = fread(r->buf, 1, CHUNK, r->f);
            r->pos = 0;
            if (r->buf_len == 0) {
                if (ferror(r->f)) {
                    r->failed = ERR_IO;
                    return error_set(err, ERR_IO, _("%s: line %ld: %s"), r->path, r->line,
                                     strerror(errno));
                }
                if (r->parser.pstate == 0)
                    r->record_line = r->line;
                csv_fini(&r->parser, on_field, on_record, r);
                r->done = 1;
                continue;
            }
        }
        size_t end = r->pos;
        while (end < r->buf_len && r->buf[end] != '\n' && r->buf[end] != '\r')
            end++;
        if (end < r->buf_len)
            end++;
        if (r->parser.pstate == 0)
            r->record_line = r->line;
        size_t len = end - r->pos;
        if (csv_parse(&r->parser, r->buf + r->pos, len, on_field, on_record, r) != len) {
            r->failed = ERR_IO;
            return error_set(err, ERR_IO, _("%s: line %ld: %s"), r->path, r->record_line,
                             csv_strerror(csv_error(&r->parser)));
        }
        r->line += count_lines(r->buf + r->pos, len, &r->prev_cr);
        r->pos = end;
    }
}

const char *csv_reader_encoding(const struct csv_reader *r)
{
    return encoding_name(r->enc);
}

int csv_reader_separator(const struct csv_reader *r)
{
    return r->sep;
}

double csv_reader_progress(const struct csv_reader *r)
{
    if (r->done || r->size <= 0)
        return 1.0;
    double p = (double)(r->offset + (long long)r->pos) / (double)r->size;
    return p < 0 ? 0 : p > 1 ? 1 : p;
}

void csv_reader_free(struct csv_reader *r)
{
    if (!r)
        return;
    csv_free(&r->parser);
    fclose(r->f);
    encoding_conv_free(r->conv);
    row_buf_release(&r->row);
    free(r->buf);
    free(r->path);
    free(r);
}
