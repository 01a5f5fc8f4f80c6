/*
 * xls_biff: hidden sheets, hidden rows and merged cells of an .xls, read
 * from the file's OLE2 container and BIFF records; see xls_biff.h.
 *
 * The layout followed is [MS-CFB] (the container: a header, a FAT of
 * sector chains, a directory, a mini stream for streams under 4,096
 * bytes) and [MS-XLS] (the records: BOF, EOF, BOUNDSHEET, ROW,
 * MERGEDCELLS). Nothing is trusted: a sector outside the file, a chain
 * that loops or a record longer than what is left ends the reading, and
 * the workbook is then read as freexl alone reads it.
 */
#include "xls_biff.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A sector number that ends a chain, or is free: no sector. */
#define SECT_LAST 0xFFFFFFFAu

/* BIFF record types. */
#define REC_BOF 0x0809
#define REC_EOF 0x000A
#define REC_BOUNDSHEET 0x0085
#define REC_ROW 0x0208
#define REC_MERGEDCELLS 0x00E5
/* ROW: the row is hidden (its height is zero). */
#define ROW_HIDDEN 0x0020

/* The largest file read, as xls_reader.c reads it. */
#define FILE_MAX (128LL * 1024 * 1024)

static uint32_t le16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The container: the file, its sectors and its FAT. */
struct cfb {
    unsigned char *file;
    size_t size;
    size_t ssz; /* sector size */
    uint32_t *fat;
    size_t n_fat;
};

static const unsigned char *sector(const struct cfb *c, uint32_t s)
{
    size_t off = ((size_t)s + 1) * c->ssz;
    if (s >= SECT_LAST || off < c->ssz || off > c->size || c->size - off < c->ssz)
        return NULL;
    return c->file + off;
}

/* The FAT: the sectors the header and the DIFAT chain list. */
static int fat_read(struct cfb *c)
{
    size_t per = c->ssz / 4, n_ids = 0, max_ids = c->size / c->ssz + 1;
    uint32_t *ids = xcalloc(max_ids + 109, sizeof(*ids));
    uint32_t dif = le32(c->file + 0x44), n_dif = le32(c->file + 0x48);

    for (size_t i = 0; i < 109; i++)
        if ((ids[n_ids] = le32(c->file + 0x4C + 4 * i)) < SECT_LAST)
            n_ids++;
    /* a DIFAT chain is no longer than the file has sectors, even one that loops */
    for (uint32_t k = 0; k < n_dif && k < max_ids && dif < SECT_LAST; k++) {
        const unsigned char *p = sector(c, dif);
        if (!p)
            break;
        for (size_t i = 0; i + 1 < per && n_ids < max_ids; i++)
            if ((ids[n_ids] = le32(p + 4 * i)) < SECT_LAST)
                n_ids++;
        dif = le32(p + 4 * (per - 1));
    }
    c->fat = xcalloc(n_ids * per + 1, sizeof(*c->fat));
    for (size_t i = 0; i < n_ids; i++) {
        const unsigned char *p = sector(c, ids[i]);
        if (!p)
            break;
        for (size_t k = 0; k < per; k++)
            c->fat[c->n_fat++] = le32(p + 4 * k);
    }
    free(ids);
    return c->n_fat ? 0 : -1;
}

/*
 * The chain from start, of unit-byte sectors found by at (the FAT's or the
 * mini stream's), at most max bytes, into out. Returns 0, or -1 when a
 * sector is missing or the chain loops.
 */
static int chain_read(const uint32_t *fat, size_t n_fat,
                      const unsigned char *(*at)(const void *, uint32_t), const void *src,
                      size_t unit, uint32_t start, size_t max, struct strbuf *out)
{
    size_t steps = 0;

    for (uint32_t s = start; s < SECT_LAST && out->len < max; s = fat[s]) {
        const unsigned char *p = at(src, s);
        if (!p || s >= n_fat || ++steps > n_fat)
            return -1;
        size_t n = max - out->len < unit ? max - out->len : unit;
        strbuf_add(out, p, n);
    }
    return 0;
}

static const unsigned char *big_at(const void *src, uint32_t s)
{
    return sector(src, s);
}

struct mini {
    const struct strbuf *stream;
    size_t unit;
};

static const unsigned char *mini_at(const void *src, uint32_t s)
{
    const struct mini *m = src;
    size_t off = (size_t)s * m->unit;
    if (off > m->stream->len || m->stream->len - off < m->unit)
        return NULL;
    return (const unsigned char *)m->stream->buf + off;
}

/* Is directory entry e (128 bytes) the stream named name (ASCII)? */
static int entry_named(const unsigned char *e, const char *name)
{
    size_t n = strlen(name), len = le16(e + 0x40);
    if (e[0x42] != 2 || len != 2 * (n + 1))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (le16(e + 2 * i) != (unsigned char)name[i])
            return 0;
    return 1;
}

/* The workbook stream ("Workbook", or "Book" of Excel 5) into out. */
static int stream_read(struct cfb *c, struct strbuf *out)
{
    struct strbuf dir = STRBUF_INIT, ministream = STRBUF_INIT, minifat = STRBUF_INIT;
    const unsigned char *root = NULL, *wb = NULL;
    int rc = -1;

    if (chain_read(c->fat, c->n_fat, big_at, c, c->ssz, le32(c->file + 0x30), c->size, &dir))
        goto out;
    for (size_t off = 0; off + 128 <= dir.len; off += 128) {
        const unsigned char *e = (const unsigned char *)dir.buf + off;
        if (e[0x42] == 5 && !root)
            root = e;
        if (!wb && (entry_named(e, "Workbook") || entry_named(e, "Book")))
            wb = e;
    }
    if (!wb)
        goto out;
    size_t size = le32(wb + 0x78);
    if (size > c->size)
        goto out;
    if (size >= le32(c->file + 0x38)) {
        rc = chain_read(c->fat, c->n_fat, big_at, c, c->ssz, le32(wb + 0x74), size, out);
        goto out;
    }
    /* a small stream: in the mini stream, by the mini FAT */
    size_t unit = (size_t)1 << (le16(c->file + 0x20) & 15);
    if (!root || le32(root + 0x78) > c->size ||
        chain_read(c->fat, c->n_fat, big_at, c, c->ssz, le32(root + 0x74), le32(root + 0x78),
                   &ministream) ||
        chain_read(c->fat, c->n_fat, big_at, c, c->ssz, le32(c->file + 0x3C), c->size, &minifat))
        goto out;
    size_t n_mini = minifat.len / 4;
    uint32_t *mfat = xcalloc(n_mini + 1, sizeof(*mfat));
    for (size_t i = 0; i < n_mini; i++)
        mfat[i] = le32((const unsigned char *)minifat.buf + 4 * i);
    struct mini m = {&ministream, unit};
    rc = chain_read(mfat, n_mini, mini_at, &m, unit, le32(wb + 0x74), size, out);
    free(mfat);
out:
    strbuf_release(&dir);
    strbuf_release(&ministream);
    strbuf_release(&minifat);
    return rc;
}

/* The file at path, whole, into c. */
static int file_read(struct cfb *c, const char *path)
{
    static const unsigned char sig[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    struct stat st;
    FILE *f = fopen(path, "rb");
    int rc = -1;

    if (!f)
        return -1;
    if (fstat(fileno(f), &st) == 0 && st.st_size >= 512 && st.st_size <= FILE_MAX) {
        c->size = (size_t)st.st_size;
        c->file = xmalloc(c->size);
        if (fread(c->file, 1, c->size, f) == c->size && !memcmp(c->file, sig, 8))
            rc = 0;
    }
    fclose(f);
    if (rc == 0) {
        unsigned shift = le16(c->file + 0x1E);
        if (shift != 9 && shift != 12)
            return -1;
        c->ssz = (size_t)1 << shift;
    }
    return rc;
}

/* UTF-16LE (n units) or Latin-1 (n bytes) text into out as UTF-8. */
static void name_utf8(const unsigned char *p, size_t n, int wide, struct strbuf *out)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t u = wide ? le16(p + 2 * i) : p[i];
        if (wide && u >= 0xD800 && u < 0xDC00 && i + 1 < n) {
            uint32_t lo = le16(p + 2 * (i + 1));
            if (lo >= 0xDC00 && lo < 0xE000) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i++;
            }
        }
        if (u < 0x80) {
            strbuf_addch(out, (char)u);
        } else if (u < 0x800) {
            strbuf_addch(out, (char)(0xC0 | u >> 6));
            strbuf_addch(out, (char)(0x80 | (u & 0x3F)));
        } else if (u < 0x10000) {
            strbuf_addch(out, (char)(0xE0 | u >> 12));
            strbuf_addch(out, (char)(0x80 | (u >> 6 & 0x3F)));
            strbuf_addch(out, (char)(0x80 | (u & 0x3F)));
        } else {
            strbuf_addch(out, (char)(0xF0 | u >> 18));
            strbuf_addch(out, (char)(0x80 | (u >> 12 & 0x3F)));
            strbuf_addch(out, (char)(0x80 | (u >> 6 & 0x3F)));
            strbuf_addch(out, (char)(0x80 | (u & 0x3F)));
        }
    }
}

/* A BOUNDSHEET record's sheet (biff8: its name has a flags byte). */
static void sheet_add(struct xls_biff *b, const unsigned char *d, size_t len, int biff8)
{
    struct strbuf name = STRBUF_INIT;
    size_t cch, head = biff8 ? 8 : 7;
    int wide = 0;

    if (len < head || b->n_sheets >= TABLE_READER_SHEETS_MAX)
        return;
    cch = d[6];
    wide = biff8 && (d[7] & 1);
    if (len - head < cch * (wide ? 2 : 1))
        return;
    name_utf8(d + head, cch, wide, &name);
    b->sheets = xrealloc(b->sheets, (b->n_sheets + 1) * sizeof(*b->sheets));
    b->sheets[b->n_sheets].name = strbuf_detach(&name, NULL);
    b->sheets[b->n_sheets].hidden = (d[4] & 3) != 0;
    b->sheets[b->n_sheets].bof = le32(d);
    b->n_sheets++;
}

int xls_biff_open(struct xls_biff *b, const char *path)
{
    struct cfb c = {0};
    struct strbuf s = STRBUF_INIT;
    int biff8 = 1, rc = -1;

    memset(b, 0, sizeof(*b));
    if (file_read(&c, path) != 0 || fat_read(&c) != 0 || stream_read(&c, &s) != 0)
        goto out;
    b->size = s.len;
    b->stream = (unsigned char *)strbuf_detach(&s, NULL);
    for (size_t pos = 0; pos + 4 <= b->size;) {
        uint32_t type = le16(b->stream + pos), len = le16(b->stream + pos + 2);
        const unsigned char *d = b->stream + pos + 4;
        if (b->size - pos - 4 < len)
            break;
        if (type == REC_BOF && pos == 0 && len >= 2)
            biff8 = le16(d) >= 0x0600;
        else if (type == REC_EOF)
            break;
        else if (type == REC_BOUNDSHEET)
            sheet_add(b, d, len, biff8);
        pos += 4 + len;
    }
    rc = 0;
out:
    free(c.file);
    free(c.fat);
    strbuf_release(&s);
    return rc;
}

const struct xls_biff_sheet *xls_biff_find(const struct xls_biff *b, const char *name)
{
    for (size_t i = 0; i < b->n_sheets; i++)
        if (!strcmp(b->sheets[i].name, name))
            return &b->sheets[i];
    return NULL;
}

static void merge_add(struct xls_biff *b, const unsigned char *m)
{
    uint32_t r1 = le16(m), r2 = le16(m + 2), c1 = le16(m + 4), c2 = le16(m + 6);
    if (r1 > r2 || c1 > c2 || b->n_merges >= TABLE_READER_MERGES_MAX)
        return;
    if ((b->n_merges & (b->n_merges - 1)) == 0) /* 0, 1, 2, 4...: room doubled */
        b->merges = xrealloc(b->merges, (b->n_merges ? 2 * b->n_merges : 1) * sizeof(*b->merges));
    b->merges[b->n_merges++] = (struct table_merge){r1 + 1, c1, r2 + 1, c2};
}

void xls_biff_sheet_read(struct xls_biff *b, const struct xls_biff_sheet *s)
{
    int depth = 0;

    memset(b->hidden_rows, 0, sizeof(b->hidden_rows));
    free(b->merges);
    b->merges = NULL;
    b->n_merges = 0;
    for (size_t pos = s->bof; pos + 4 <= b->size;) {
        uint32_t type = le16(b->stream + pos), len = le16(b->stream + pos + 2);
        const unsigned char *d = b->stream + pos + 4;
        if (b->size - pos - 4 < len)
            break;
        pos += 4 + len;
        if (type == REC_BOF) {
            depth++; /* the sheet's, or a chart's inside it */
        } else if (type == REC_EOF) {
            if (--depth <= 0)
                break;
        } else if (depth == 1 && type == REC_ROW && len >= 16) {
            if (le16(d + 12) & ROW_HIDDEN)
                b->hidden_rows[le16(d) / 8] |= (unsigned char)(1u << (le16(d) % 8));
        } else if (depth == 1 && type == REC_MERGEDCELLS && len >= 2) {
            for (size_t i = 0, n = le16(d); i < n && 2 + 8 * (i + 1) <= len; i++)
                merge_add(b, d + 2 + 8 * i);
        }
        if (depth <= 0) /* no BOF where the sheet begins */
            break;
    }
}

int xls_biff_row_hidden(const struct xls_biff *b, unsigned int row)
{
    return row < 65536 && (b->hidden_rows[row / 8] >> (row % 8) & 1);
}

void xls_biff_release(struct xls_biff *b)
{
    for (size_t i = 0; i < b->n_sheets; i++)
        free(b->sheets[i].name);
    free(b->sheets);
    free(b->stream);
    free(b->merges);
    memset(b, 0, sizeof(*b));
}
