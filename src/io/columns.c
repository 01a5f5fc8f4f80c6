/*
 * columns: the header row of an imported list and which column holds which
 * field; see include/io/columns.h. The names headers are known by are in
 * the aliases table below, in folded form (text_fold, then every character
 * that is not a letter or a digit made a space).
 */
#include "core/i18n.h"
#include "io/columns.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/device_store.h"
#include "store/person_store.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The names overrides use (COLUMN=FIELD); N_() because column_field_label
 * shows them translated (English keeps the name itself). */
static const char *const field_names[COL_N_FIELDS] = {
    /* TRANSLATORS: the fields of an imported list, shown beside each column
     * ("Họ và tên → full_name"); translate as the field's name for a person. */
    N_("full_name"), N_("gender"),      N_("birth_year"),    N_("ethnic"),
    N_("village"),   N_("commune"),     N_("district"),      N_("cccd"),
    N_("phone"),     N_("role"),        N_("decision"),      N_("imei"),
    N_("imei2"),     N_("model"),       N_("serial"),        N_("price"),
    N_("supplier"),  N_("contract"),    N_("delivered_on"),  N_("warranty_until"),
    N_("note"),      N_("gender_male"), N_("gender_female"),
};

/*
 * The names a column of a person's or a device's field is known by are in
 * their field tables (person_kind, device_kind: headers); the others here.
 */
static const struct alias {
    enum column_field field;
    const char *names; /* folded names, separated by '|' */
} aliases[] = {
    {COL_GENDER_MALE, "nam|male"},
    {COL_GENDER_FEMALE, "nu|female"},
    {COL_NONE, "stt|tt|so tt|so thu tu|no"},
};

/* Does the '|'-separated list names hold key (n bytes)? */
static int names_hold(const char *names, const char *key, size_t n)
{
    const char *p = names;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t l = bar ? (size_t)(bar - p) : strlen(p);
        if (l == n && !memcmp(p, key, n))
            return 1;
        p += l + (bar ? 1 : 0);
    }
    return 0;
}

/* Is name one of the fields above (field_names)? */
static int named_above(const char *name)
{
    for (int f = 0; f < COL_N_FIELDS; f++)
        if (!strcmp(name, field_names[f]))
            return 1;
    return 0;
}

/*
 * The field of a record kind's table imported as f (COL_N_FIELDS and up):
 * the fields with header names that none of the above is, persons' first;
 * NULL when there is none. *kind: whose.
 */
static const struct field *extra_field(int f, enum columns_kind *kind)
{
    static const struct record_kind *const kinds[] = {&person_kind, &device_kind};
    int n = COL_N_FIELDS;
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < kinds[k]->n_fields; i++) {
            const struct field *x = &kinds[k]->fields[i];
            if (!x->headers || x->input == FIELD_NO_INPUT || named_above(field_name(x)))
                continue;
            if (n++ == f) {
                if (kind)
                    *kind = k == 0 ? COLUMNS_PERSONS : COLUMNS_DEVICES;
                return x;
            }
        }
    return NULL;
}

const char *column_field_name(enum column_field f)
{
    const struct field *x;
    if (f >= 0 && f < COL_N_FIELDS)
        return field_names[f];
    return f >= COL_N_FIELDS && (x = extra_field(f, NULL)) != NULL ? field_name(x) : "none";
}

const char *column_field_label(enum column_field f)
{
    const struct field *x;
    if (f >= 0 && f < COL_N_FIELDS)
        return _(field_names[f]);
    return f >= COL_N_FIELDS && (x = extra_field(f, NULL)) != NULL ? _(x->label)
                                                                   : C_("column", "none");
}

int column_field_from_name(const char *name)
{
    if (!strcmp(name, "none") || !strcmp(name, "-"))
        return COL_NONE;
    for (int f = 0; f < COL_MAX; f++)
        if (!strcmp(name, column_field_name(f)))
            return f;
    return -2;
}

int columns_has_field(enum columns_kind kind, enum column_field f)
{
    enum columns_kind whose;
    if (f >= COL_N_FIELDS)
        return extra_field(f, &whose) != NULL && whose == kind;
    if (f == COL_NOTE)
        return 1;
    if (kind == COLUMNS_PERSONS)
        return (f >= COL_FULL_NAME && f <= COL_DECISION) || f == COL_GENDER_MALE ||
               f == COL_GENDER_FEMALE;
    return f >= COL_IMEI && f <= COL_WARRANTY_UNTIL;
}

int columns_required(enum columns_kind kind, enum column_field f)
{
    if (kind == COLUMNS_PERSONS)
        return f == COL_FULL_NAME || f == COL_COMMUNE;
    return f == COL_IMEI;
}

/* Folded header: no marks, lowercase, only letters and digits, single spaces. */
static char *header_key(const char *text)
{
    char *f = text_fold(text);
    struct strbuf sb = STRBUF_INIT;
    int space = 0;

    for (const char *p = f; *p; p++) {
        if (isalnum((unsigned char)*p) && !((unsigned char)*p & 0x80)) {
            if (space && sb.len)
                strbuf_addch(&sb, ' ');
            space = 0;
            strbuf_addch(&sb, *p);
        } else {
            space = 1;
        }
    }
    free(f);
    return strbuf_detach(&sb, NULL);
}

static int alias_lookup(const char *key)
{
    size_t n = strlen(key);
    for (size_t i = 0; i < person_kind.n_fields; i++) {
        const struct field *pf = &person_kind.fields[i];
        if (pf->headers && names_hold(pf->headers, key, n))
            return column_field_from_name(field_name(pf));
    }
    for (size_t i = 0; i < device_kind.n_fields; i++) {
        const struct field *df = &device_kind.fields[i];
        if (df->headers && names_hold(df->headers, key, n))
            return column_field_from_name(field_name(df));
    }
    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
        if (names_hold(aliases[i].names, key, n))
            return aliases[i].field;
    return -2;
}

/* The field a header names: the whole header, else the header without "(...)". */
static int header_field(const char *text)
{
    char *key = header_key(text);
    int f = alias_lookup(key);
    free(key);
    if (f != -2)
        return f;
    const char *open = strchr(text, '(');
    if (open && open != text) {
        char *cut = xstrndup(text, (size_t)(open - text));
        key = header_key(cut);
        f = alias_lookup(key);
        free(key);
        free(cut);
    }
    return f;
}

struct override {
    const char *text; /* as given, for messages */
    char *key;        /* folded header text */
    long col;         /* column from a letter, or -1 */
    int field;        /* COL_* or COL_NONE */
};

/* Column index of letters such as "C" or "AB", or -1. */
static long letters_col(const char *s)
{
    long col = 0;
    size_t n = strlen(s);
    if (n == 0 || n > 3)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int c = toupper((unsigned char)s[i]);
        if (c < 'A' || c > 'Z')
            return -1;
        col = col * 26 + (c - 'A' + 1);
    }
    return col - 1;
}

static int parse_overrides(enum columns_kind kind, const char *const *overrides, size_t n,
                           struct override *out, struct error *err)
{
    for (size_t i = 0; i < n; i++) {
        const char *eq = strrchr(overrides[i], '=');
        if (!eq || eq == overrides[i])
            return error_set(err, ERR_INVALID, _("column override '%s' is not COLUMN=FIELD"),
                             error_quote(overrides[i]));
        char *fname = header_key(eq + 1);
        for (char *p = fname; *p; p++)
            if (*p == ' ')
                *p = '_';
        int f = column_field_from_name(fname);
        free(fname);
        if (f == -2 || (f != COL_NONE && !columns_has_field(kind, f))) {
            struct strbuf list = STRBUF_INIT;
            for (int k = 0; k < COL_MAX; k++)
                if (columns_has_field(kind, k))
                    strbuf_addf(&list, "%s, ", column_field_name(k));
            strbuf_addstr(&list, "none");
            error_set(err, ERR_INVALID,
                      _("column override '%s': unknown field '%s'; fields are %s"),
                      error_quote(overrides[i]), error_quote_slot(eq + 1, 1), list.buf);
            strbuf_release(&list);
            return ERR_INVALID;
        }
        char *col = xstrndup(overrides[i], (size_t)(eq - overrides[i]));
        out[i].text = overrides[i];
        out[i].key = header_key(col);
        /* "STT", "TT", "Nam" are letters too: a header's name is a header */
        out[i].col = alias_lookup(out[i].key) == -2 ? letters_col(col) : -1;
        out[i].field = f;
        free(col);
    }
    return 0;
}

/* Does override o name column c, whose header is name (its own text) and path? */
static int override_names(const struct override *o, size_t c, const char *name, const char *path)
{
    if (o->col >= 0)
        return o->col == (long)c;
    if (!*o->key)
        return 0;
    char *k1 = header_key(name), *k2 = header_key(path);
    int yes = !strcmp(k1, o->key) || !strcmp(k2, o->key);
    free(k1);
    free(k2);
    return yes;
}

/*
 * Map the cells of row as a header; returns how many fields were found.
 * paths (NULL: the cells) are the columns' headers with the group headers
 * above them, "Nơi cư trú / Xã", which overrides may name. *known counts
 * the cells that are a header of any kind ("STT", a person field in a
 * device list), to tell the header row from a title.
 */
static int map_row(enum columns_kind kind, const struct table_row *row, char *const *paths,
                   const struct override *ov, size_t n_ov, long *field_col, int *col_field,
                   int *known)
{
    int found = 0;

    *known = 0;
    for (int f = 0; f < COL_MAX; f++)
        field_col[f] = -1;
    for (size_t c = 0; c < row->n_cells; c++) {
        int f = -2, by_override = 0;
        const char *path = paths ? paths[c] : row->cells[c];
        /* an override by header text wins over one by letter, which wins over the aliases */
        for (size_t i = 0; i < n_ov && f == -2; i++)
            if (ov[i].col < 0 && override_names(&ov[i], c, row->cells[c], path))
                f = ov[i].field, by_override = 1;
        for (size_t i = 0; i < n_ov && f == -2; i++)
            if (ov[i].col == (long)c)
                f = ov[i].field, by_override = 1;
        if (f == -2)
            f = header_field(row->cells[c]);
        if (f != -2)
            (*known)++;
        if (f >= 0 && !by_override && !columns_has_field(kind, f))
            f = COL_NONE;
        if (f >= 0 && field_col[f] >= 0)
            f = COL_NONE; /* the first column with a name takes the field */
        col_field[c] = f < 0 ? COL_NONE : f;
        if (f >= 0) {
            field_col[f] = (long)c;
            found++;
        }
    }
    /* a lone "Nam" or "Nữ" column is not a gender pair */
    if ((field_col[COL_GENDER_MALE] < 0) != (field_col[COL_GENDER_FEMALE] < 0) ||
        field_col[COL_GENDER] >= 0) {
        for (int f = COL_GENDER_MALE; f <= COL_GENDER_FEMALE; f++)
            if (field_col[f] >= 0) {
                col_field[field_col[f]] = COL_NONE;
                field_col[f] = -1;
                found--;
            }
    }
    return found;
}

static int all_required(enum columns_kind kind, const long *field_col)
{
    for (int f = 0; f < COL_MAX; f++)
        if (columns_required(kind, f) && field_col[f] < 0)
            return 0;
    return 1;
}

static void map_fill(struct columns_map *map, enum columns_kind kind, const struct table_row *row,
                     char *const *paths, const long *field_col, const int *col_field)
{
    memset(map, 0, sizeof(*map));
    map->kind = kind;
    map->header_row = row->number;
    map->n_columns = row->n_cells;
    map->columns = xcalloc(row->n_cells ? row->n_cells : 1, sizeof(*map->columns));
    for (size_t c = 0; c < row->n_cells; c++) {
        map->columns[c].text = xstrdup(paths ? paths[c] : row->cells[c]);
        map->columns[c].name = xstrdup(row->cells[c]);
        map->columns[c].field = col_field[c];
    }
    memcpy(map->field_col, field_col, sizeof(map->field_col));
    map->scratch = xmalloc(sizeof(*map->scratch));
    strbuf_init(map->scratch, 0);
}

static int blank(const char *s);

/* "3" or "(3)": the number of a column in a row that numbers them. */
static long column_number(const char *s)
{
    char *end;
    int paren = *s == '(';
    if (!isdigit((unsigned char)s[paren]))
        return -1;
    long n = strtol(s + paren, &end, 10);
    if (paren && *end++ != ')')
        return -1;
    return *end ? -1 : n;
}

/*
 * Is row, right below the header, a second header row? Either the names
 * under a merged cell — "Năm sinh" over "Nam" and "Nữ", where the year is
 * written in one of the two — or the row that numbers the columns "(1)
 * (2) (3)..." as administrative tables do: each of its cells is a header
 * name and the columns of required fields are empty, or each cell is a
 * column number, increasing.
 */
static int is_sub_header(enum columns_kind kind, const struct columns_map *map,
                         const struct table_row *row)
{
    int names = 1, numbers = 1, cells = 0;
    long last = 0;

    for (size_t c = 0; c < row->n_cells; c++) {
        const char *v = row->cells[c];
        if (blank(v))
            continue;
        cells++;
        if (c < map->n_columns && map->columns[c].field >= 0 &&
            columns_required(kind, map->columns[c].field))
            names = 0;
        if (header_field(v) == -2)
            names = 0;
        long n = column_number(v);
        if (n <= last || n > (long)row->n_cells + 1)
            numbers = 0;
        last = n;
    }
    return cells > 0 && (names || (numbers && cells >= 3));
}

/* Merge a second header row into map. */
static void merge_sub_header(enum columns_kind kind, struct columns_map *map,
                             const struct table_row *sub)
{
    struct table_row row = *sub;

    for (size_t c = 0; c < row.n_cells && c < map->n_columns; c++) {
        int f = blank(row.cells[c]) ? -2 : header_field(row.cells[c]);
        if (f < 0 || !columns_has_field(kind, f) || map->field_col[f] >= 0)
            continue;
        /* the name below a merged cell says what the column holds */
        struct columns_header *h = &map->columns[c];
        if (h->field >= 0)
            map->field_col[h->field] = -1;
        h->field = f;
        map->field_col[f] = (long)c;
        char *text = *h->text ? xasprintf("%s / %s", h->text, row.cells[c]) : xstrdup(row.cells[c]);
        free(h->text);
        h->text = text;
        free(h->name);
        h->name = xstrdup(row.cells[c]);
    }
    /* as in map_row: a lone "Nam" or "Nữ" column is not a gender pair */
    if ((map->field_col[COL_GENDER_MALE] < 0) != (map->field_col[COL_GENDER_FEMALE] < 0) ||
        map->field_col[COL_GENDER] >= 0) {
        for (int f = COL_GENDER_MALE; f <= COL_GENDER_FEMALE; f++)
            if (map->field_col[f] >= 0) {
                map->columns[map->field_col[f]].field = COL_NONE;
                map->field_col[f] = -1;
            }
    }
}

/*
 * Read the rows after the header: merge up to two second header rows into
 * map (names under merged cells, then column numbers), give back the
 * first data row.
 */
static int sub_header(enum columns_kind kind, struct table_reader *r, struct columns_map *map,
                      struct error *err)
{
    struct table_row row;

    for (int i = 0; i < 2; i++) {
        int rc = table_reader_next(r, &row, err);
        if (rc <= 0)
            return rc;
        if (!is_sub_header(kind, map, &row)) {
            table_reader_unread(r);
            return 0;
        }
        merge_sub_header(kind, map, &row);
    }
    return 0;
}

/* A row above the header, kept for the header tree: a copy of its cells. */
struct kept_row {
    long number; /* 0: none */
    size_t n;
    char **cells;
};

static void kept_free(struct kept_row *k)
{
    for (size_t c = 0; c < k->n; c++)
        free(k->cells[c]);
    free(k->cells);
    memset(k, 0, sizeof(*k));
}

static void kept_set(struct kept_row *k, const struct table_row *row)
{
    kept_free(k);
    k->number = row->number;
    k->n = row->n_cells;
    k->cells = xcalloc(row->n_cells ? row->n_cells : 1, sizeof(*k->cells));
    for (size_t c = 0; c < row->n_cells; c++)
        k->cells[c] = xstrdup(row->cells[c]);
}

/* A group header row: two cells or more with text (a title has one). */
static int kept_is_group(const struct kept_row *k)
{
    int n = 0;
    for (size_t c = 0; c < k->n; c++)
        n += !blank(k->cells[c]);
    return n >= 2;
}

/*
 * A header row read as a tree: the row with the group header rows right
 * above it. Each column's name is its own cell, or when that is blank the
 * nearest text above it (a cell merged down, or a group with one column);
 * its path joins the texts from the top, "Nơi cư trú / Xã". With the
 * sheet's merged cells, a cell merged across gives its text to every
 * column under it.
 */
struct header_tree {
    struct table_row row; /* the names, as a row for map_row */
    char **names, **paths;
    int levels; /* rows read: 1 for a header of one row */
};

static void tree_free(struct header_tree *t)
{
    for (size_t c = 0; c < t->row.n_cells; c++) {
        free(t->names[c]);
        free(t->paths[c]);
    }
    free(t->names);
    free(t->paths);
    memset(t, 0, sizeof(*t));
}

/* The cell of level l, column c, as the row holds it. */
static const char *level_cell(const struct kept_row *lv, int l, size_t c)
{
    return c < lv[l].n ? lv[l].cells[c] : "";
}

/* Does a level below l have text in column c? */
static int text_below(const struct kept_row *lv, int n_lv, int l, size_t c)
{
    for (int k = l + 1; k < n_lv; k++)
        if (!blank(level_cell(lv, k, c)))
            return 1;
    return 0;
}

/*
 * The text of level l, column c. With the sheet's merged cells (mg), a
 * cell in a block takes the block's text. Without them, a blank cell of a
 * group row over a named column belongs to the group on its left, when
 * that one is a group (it has a named column under it, where a cell
 * merged down has none).
 */
static const char *level_text(const struct kept_row *lv, int n_lv, int l, size_t c,
                              const struct table_merge *mg, size_t n_mg)
{
    const char *own = level_cell(lv, l, c);
    if (!blank(own))
        return own;
    if (!mg && l < n_lv - 1 && text_below(lv, n_lv, l, c)) {
        size_t k = c;
        while (k > 0 && blank(level_cell(lv, l, k - 1)))
            k--;
        if (k > 0 && text_below(lv, n_lv, l, k - 1))
            return level_cell(lv, l, k - 1);
        return "";
    }
    for (size_t i = 0; i < n_mg; i++) {
        const struct table_merge *m = &mg[i];
        if (lv[l].number < m->row1 || lv[l].number > m->row2 || (long)c < m->col1 ||
            (long)c > m->col2)
            continue;
        for (int k = 0; k < n_lv; k++)
            if (lv[k].number == m->row1 && (size_t)m->col1 < lv[k].n)
                return lv[k].cells[m->col1];
    }
    return "";
}

/*
 * Build the tree of row with the kept rows above it (above[0] right above),
 * at least min_cols columns wide.
 */
static void tree_build(struct header_tree *t, const struct table_row *row,
                       const struct kept_row *above, const struct table_merge *mg, size_t n_mg,
                       size_t min_cols)
{
    struct kept_row lv[3]; /* top down; the last is row (its cells borrowed) */
    int n_lv = 0;
    size_t n = row->n_cells > min_cols ? row->n_cells : min_cols;

    memset(t, 0, sizeof(*t));
    if (above[0].number == row->number - 1 && kept_is_group(&above[0])) {
        if (above[1].number == row->number - 2 && kept_is_group(&above[1]))
            lv[n_lv++] = above[1];
        lv[n_lv++] = above[0];
    }
    lv[n_lv] = (struct kept_row){row->number, row->n_cells, (char **)row->cells};
    n_lv++;
    for (int l = 0; l < n_lv; l++)
        if (lv[l].n > n)
            n = lv[l].n;
    t->levels = n_lv;
    t->names = xcalloc(n ? n : 1, sizeof(char *));
    t->paths = xcalloc(n ? n : 1, sizeof(char *));
    for (size_t c = 0; c < n; c++) {
        struct strbuf path = STRBUF_INIT;
        const char *name = "", *last = NULL;
        for (int l = 0; l < n_lv; l++) {
            const char *v = level_text(lv, n_lv, l, c, mg, n_mg);
            if (blank(v))
                continue;
            name = v;
            if (last && !strcmp(last, v))
                continue; /* merged down: one name on two rows */
            strbuf_addf(&path, "%s%s", path.len ? " / " : "", v);
            last = v;
        }
        t->names[c] = xstrdup(name);
        t->paths[c] = strbuf_detach(&path, NULL);
    }
    t->row.number = row->number;
    t->row.n_cells = n;
    t->row.cells = (const char **)t->names;
}

/* The last name of a path: "Xã" of "Nơi cư trú / Xã". */
static const char *path_leaf(const char *path)
{
    const char *leaf = path;
    for (const char *p = path; (p = strstr(p, " / ")) != NULL; p += 3)
        leaf = p + 3;
    return leaf;
}

/* "A", "AB": the letter of column c into buf (8 bytes); returns buf. */
const char *columns_letter(size_t c, char *buf)
{
    char tmp[8];
    int n = 0;
    for (size_t v = c + 1; v > 0 && n < 7; v = (v - 1) / 26)
        tmp[n++] = (char)('A' + (v - 1) % 26);
    for (int i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return buf;
}

/*
 * Give each override its column in the finished map (the header and the
 * rows merged below it), or fail naming it and the columns it could name.
 */
static int overrides_apply(struct columns_map *map, const struct override *ov, size_t n_ov,
                           const char *path, struct error *err)
{
    for (size_t i = 0; i < n_ov; i++) {
        size_t c;
        for (c = 0; c < map->n_columns; c++)
            if (override_names(&ov[i], c, path_leaf(map->columns[c].text), map->columns[c].text))
                break;
        /* two for one column ("--map I=cccd --map 'Số CCCD=none'"): the one
         * that would win is no clearer to the operator than the other */
        for (size_t j = 0; j < i && c < map->n_columns; j++) {
            char letter[8];
            if (!override_names(&ov[j], c, path_leaf(map->columns[c].text), map->columns[c].text))
                continue;
            return error_set(err, ERR_INVALID,
                             _("%s: --map '%s' and --map '%s' both name column %s '%s'; give "
                               "one"),
                             path, error_quote(ov[j].text), error_quote_slot(ov[i].text, 1),
                             columns_letter(c, letter), error_quote_slot(map->columns[c].text, 2));
        }
        if (c == map->n_columns) {
            struct strbuf list = STRBUF_INIT;
            char letter[8];
            for (size_t k = 0; k < map->n_columns; k++)
                if (!blank(map->columns[k].text))
                    strbuf_addf(&list, "%s%s '%s'", list.len ? ", " : "", columns_letter(k, letter),
                                error_quote(map->columns[k].text));
            error_set(err, ERR_INVALID,
                      _("%s: column override '%s' names no column of header row %ld; the "
                        "columns are %s"),
                      path, error_quote_slot(ov[i].text, 1), map->header_row, list.buf);
            strbuf_release(&list);
            return ERR_INVALID;
        }
        struct columns_header *h = &map->columns[c];
        h->by = ov[i].text;
        if (h->field == ov[i].field)
            continue;
        if (h->field >= 0)
            map->field_col[h->field] = -1;
        if (ov[i].field >= 0 && map->field_col[ov[i].field] >= 0)
            map->columns[map->field_col[ov[i].field]].field = COL_NONE;
        h->field = ov[i].field;
        if (ov[i].field >= 0)
            map->field_col[ov[i].field] = (long)c;
    }
    return 0;
}

/* A column of the tree without a name, between named ones: what only the
 * sheet's merged cells can tell (a group merged over a column left blank). */
static int tree_has_gap(const struct header_tree *t)
{
    size_t first = t->row.n_cells, last = 0;
    for (size_t c = 0; c < t->row.n_cells; c++)
        if (!blank(t->names[c])) {
            if (first == t->row.n_cells)
                first = c;
            last = c;
        }
    for (size_t c = first; c < last; c++)
        if (blank(t->names[c]))
            return 1;
    return 0;
}

/*
 * The header found at row with the rows above it (tree t, mapped into
 * field_col/col_field): when it has group rows and a column it cannot
 * name, read it again with the sheet's merged cells (reading the sheet's
 * part once more), which can only name more. Fills map.
 */
static int header_take(enum columns_kind kind, struct table_reader *r, const struct table_row *row,
                       const struct kept_row *above, size_t min_cols, struct header_tree *t,
                       const struct override *ov, size_t n_ov, long *field_col, int **col_field,
                       struct columns_map *map, struct error *err)
{
    const struct table_merge *mg;
    size_t n_mg;
    int known;

    if (t->levels > 1 && tree_has_gap(t)) {
        int rc = table_reader_merges(r, &mg, &n_mg, err);
        if (rc)
            return rc;
        if (n_mg) {
            struct header_tree t2;
            long fc2[COL_MAX];
            tree_build(&t2, row, above, mg, n_mg, min_cols);
            int *cf2 = xcalloc(t2.row.n_cells ? t2.row.n_cells : 1, sizeof(int));
            map_row(kind, &t2.row, t2.paths, ov, n_ov, fc2, cf2, &known);
            if (all_required(kind, fc2)) {
                tree_free(t);
                *t = t2;
                memcpy(field_col, fc2, sizeof(fc2));
                free(*col_field);
                *col_field = cf2;
            } else {
                tree_free(&t2);
                free(cf2);
            }
        }
    }
    map_fill(map, kind, &t->row, t->paths, field_col, *col_field);
    return 0;
}

/* Every required field of kind but the commune has a column. */
static int all_but_unit(enum columns_kind kind, const long *field_col)
{
    for (int f = 0; f < COL_MAX; f++)
        if (columns_required(kind, f) && field_col[f] < 0 && f != COL_COMMUNE)
            return 0;
    return kind == COLUMNS_PERSONS;
}

/* "'STT', 'Họ và tên'": the cells of row with text, for messages. */
static void cells_seen(struct strbuf *sb, const struct table_row *row)
{
    strbuf_reset(sb);
    for (size_t c = 0; c < row->n_cells; c++)
        if (*row->cells[c])
            strbuf_addf(sb, "%s'%s'", sb->len ? ", " : "", error_quote(row->cells[c]));
}

/* Whether an override names column c of map. */
static int overridden(const struct columns_map *map, size_t c, const struct override *ov,
                      size_t n_ov)
{
    const struct columns_header *h = &map->columns[c];
    for (size_t i = 0; i < n_ov; i++)
        if (override_names(&ov[i], c, h->name ? h->name : "", h->text ? h->text : ""))
            return 1;
    return 0;
}

/*
 * Two columns whose headers both name one field ("Số CCCD" twice, "Số điện
 * thoại" and "SĐT (Zalo)"): the first would be read and the other dropped
 * without a word — maybe the stale one, maybe a hidden one. Refused, the
 * two named, unless an override says which (--map).
 */
static int same_field_twice(const struct columns_map *map, const struct override *ov, size_t n_ov,
                            const char *path, struct error *err)
{
    char l1[8], l2[8];
    for (size_t c = 0; c < map->n_columns; c++) {
        const struct columns_header *h = &map->columns[c];
        if (h->field != COL_NONE || !h->name || blank(h->name))
            continue;
        int f = header_field(h->name);
        if (f < 0 || f == COL_GENDER_MALE || f == COL_GENDER_FEMALE ||
            !columns_has_field(map->kind, f) || map->field_col[f] < 0 ||
            map->field_col[f] == (long)c)
            continue;
        size_t other = (size_t)map->field_col[f];
        if (overridden(map, c, ov, n_ov) || overridden(map, other, ov, n_ov))
            continue;
        return error_set(err, ERR_INVALID,
                         _("%s: columns %s '%s' and %s '%s' both read as %s; say which one with "
                           "--map (--map %s=%s reads the second, --map %s=%s the first)"),
                         path, columns_letter(other, l1), error_quote(map->columns[other].text),
                         columns_letter(c, l2), error_quote_slot(h->text, 1), column_field_label(f),
                         l2, column_field_name(f), l1, column_field_name(f));
    }
    return 0;
}

/*
 * Row (its tree t) has every required field but the commune: is the row
 * below not the rest of the header? Then take row as the header, without
 * a commune column (map->no_unit), and give the row below back.
 */
static int header_without_unit(enum columns_kind kind, struct table_reader *r,
                               const struct kept_row *row, const struct kept_row *above,
                               size_t min_cols, struct header_tree *t, const struct override *ov,
                               size_t n_ov, long *field_col, int **col_field,
                               struct columns_map *map, struct error *err)
{
    const struct kept_row ab[2] = {*row, above[0]};
    struct table_row next;
    int known, more = 0, rc;

    struct table_row cur = {
        .number = row->number, .n_cells = row->n, .cells = (const char **)row->cells};
    rc = table_reader_next(r, &next, err);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        struct header_tree t2;
        long fc2[COL_MAX];
        tree_build(&t2, &next, ab, NULL, 0, min_cols);
        int *cf2 = xcalloc(t2.row.n_cells ? t2.row.n_cells : 1, sizeof(int));
        map_row(kind, &t2.row, t2.paths, ov, n_ov, fc2, cf2, &known);
        more = all_required(kind, fc2);
        tree_free(&t2);
        free(cf2);
        table_reader_unread(r);
        rc = 0; /* the row below is read again, as the header's last row if more */
    }
    if (!more) {
        struct strbuf seen = STRBUF_INIT;
        rc = header_take(kind, r, &cur, above, min_cols, t, ov, n_ov, field_col, col_field, map,
                         err);
        cells_seen(&seen, &cur);
        if (!rc)
            map->no_unit = xasprintf(
                _("%s: no column for '%s' in header row %ld; columns seen: %s"),
                table_reader_path(r), column_field_label(COL_COMMUNE), cur.number, seen.buf);
        strbuf_release(&seen);
        rc = rc ? rc : 1;
    }
    return rc;
}

int columns_match(enum columns_kind kind, struct table_reader *r, const char *const *overrides,
                  size_t n_overrides, struct columns_map *map, struct error *err)
{
    return columns_match_flags(kind, r, overrides, n_overrides, 0, map, err);
}

int columns_match_flags(enum columns_kind kind, struct table_reader *r,
                        const char *const *overrides, size_t n_overrides, int flags,
                        struct columns_map *map, struct error *err)
{
    struct override *ov = xcalloc(n_overrides ? n_overrides : 1, sizeof(*ov));
    struct table_row row;
    struct kept_row above[2] = {{0}, {0}}, cur = {0};
    long field_col[COL_MAX], best_col[COL_MAX];
    int *col_field = NULL;
    int rc, best_found = -1;
    long best_row = 0;
    size_t min_cols = 0;
    struct strbuf best_seen = STRBUF_INIT;

    memset(map, 0, sizeof(*map));
    rc = parse_overrides(kind, overrides, n_overrides, ov, err);
    for (size_t i = 0; rc == 0 && i < n_overrides; i++)
        if (ov[i].col >= 0 && (size_t)ov[i].col + 1 > min_cols)
            min_cols = (size_t)ov[i].col + 1;
    for (int i = 0; rc == 0 && i < COLUMNS_SEARCH_ROWS; i++) {
        rc = table_reader_next(r, &row, err);
        if (rc <= 0)
            break;
        rc = 0;
        struct header_tree t;
        tree_build(&t, &row, above, NULL, 0, min_cols);
        col_field = xrealloc(col_field, (t.row.n_cells ? t.row.n_cells : 1) * sizeof(int));
        int known,
            found = map_row(kind, &t.row, t.paths, ov, n_overrides, field_col, col_field, &known);
        if (all_required(kind, field_col)) {
            rc = header_take(kind, r, &row, above, min_cols, &t, ov, n_overrides, field_col,
                             &col_field, map, err);
            tree_free(&t);
            rc = rc ? rc : 1;
            break;
        }
        /* three fields at least: a header, not a label "Họ và tên" in a title */
        if ((flags & COLUMNS_UNIT_HEADINGS) && found >= 3 && all_but_unit(kind, field_col)) {
            /* the row below is read to know: row's cells are copied first */
            kept_set(&cur, &row);
            rc = header_without_unit(kind, r, &cur, above, min_cols, &t, ov, n_overrides, field_col,
                                     &col_field, map, err);
            if (rc) {
                tree_free(&t);
                break;
            }
            row.n_cells = cur.n;
            row.cells = (const char **)cur.cells;
        }
        tree_free(&t);
        /* for the message: the row that looks most like a header */
        found += known;
        if (found > best_found) {
            best_found = found;
            best_row = row.number;
            memcpy(best_col, field_col, sizeof(best_col));
            strbuf_reset(&best_seen);
            for (size_t c = 0; c < row.n_cells; c++)
                if (*row.cells[c])
                    strbuf_addf(&best_seen, "%s'%s'", best_seen.len ? ", " : "",
                                error_quote(row.cells[c]));
        }
        kept_free(&above[1]);
        above[1] = above[0];
        memset(&above[0], 0, sizeof(above[0]));
        kept_set(&above[0], &row);
    }
    if (rc == 1) {
        rc = sub_header(kind, r, map, err);
        if (!rc)
            rc = overrides_apply(map, ov, n_overrides, table_reader_path(r), err);
        if (!rc)
            rc = same_field_twice(map, ov, n_overrides, table_reader_path(r), err);
        if (rc)
            columns_map_release(map);
    } else if (rc == 0) {
        if (best_found < 0) {
            rc = error_set(err, ERR_INVALID, _("%s: the file has no rows"), table_reader_path(r));
        } else {
            int missing = 0;
            while (!(columns_required(kind, missing) && best_col[missing] < 0))
                missing++;
            rc = error_set(
                err, ERR_INVALID, _("%s: no column for '%s' in header row %ld; columns seen: %s"),
                table_reader_path(r), column_field_label(missing), best_row, best_seen.buf);
        }
    }
    for (size_t i = 0; i < n_overrides; i++)
        free(ov[i].key);
    free(ov);
    free(col_field);
    kept_free(&above[0]);
    kept_free(&above[1]);
    kept_free(&cur);
    strbuf_release(&best_seen);
    return rc;
}

/* The first run of four digits that looks like a year (1800..2199), or NULL. */
static const char *find_year(const char *s)
{
    for (const char *p = s; *p; p++) {
        if (!isdigit((unsigned char)*p) || (p > s && isdigit((unsigned char)p[-1])))
            continue;
        size_t n = 0;
        while (isdigit((unsigned char)p[n]))
            n++;
        if (n == 4 && (p[0] == '1' || p[0] == '2') &&
            (p[1] == '8' || p[1] == '9' || p[1] == '0' || p[1] == '1'))
            return p;
    }
    return NULL;
}

static const char *cell(const struct columns_map *map, const struct table_row *row,
                        enum column_field f)
{
    long c = map->field_col[f];
    if (c < 0 || (size_t)c >= row->n_cells)
        return "";
    return row->cells[c];
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return 0;
    return 1;
}

const char *columns_get(const struct columns_map *map, const struct table_row *row,
                        enum column_field f)
{
    const char *v, *y;

    if (f < 0 || f >= COL_MAX)
        return "";
    v = cell(map, row, f);
    if (f == COL_GENDER && map->field_col[COL_GENDER] < 0) {
        int m = !blank(cell(map, row, COL_GENDER_MALE)),
            w = !blank(cell(map, row, COL_GENDER_FEMALE));
        return m && !w ? "Nam" : w && !m ? "Nữ" : "";
    }
    if (f == COL_BIRTH_YEAR) {
        if (map->field_col[COL_BIRTH_YEAR] < 0) {
            /* lists that write the birth year in the Nam or the Nữ column */
            const char *m = cell(map, row, COL_GENDER_MALE), *w = cell(map, row, COL_GENDER_FEMALE);
            v = find_year(m) ? m : find_year(w) ? w : "";
        }
        y = find_year(v);
        if (!y || (strlen(v) == 4 && y == v))
            return v;
        strbuf_reset(map->scratch);
        strbuf_add(map->scratch, y, 4);
        return map->scratch->buf;
    }
    return v;
}

void columns_map_release(struct columns_map *map)
{
    for (size_t c = 0; c < map->n_columns; c++) {
        free(map->columns[c].text);
        free(map->columns[c].name);
    }
    free(map->columns);
    free(map->no_unit);
    if (map->scratch) {
        strbuf_release(map->scratch);
        free(map->scratch);
    }
    memset(map, 0, sizeof(*map));
}

/* ---- rows that are not records ---- */

/* Only digits and what writes numbers ("1.250", "45,5", "-"), one digit at least. */
static int numeric(const char *s)
{
    int digits = 0;
    for (; *s; s++) {
        if (isdigit((unsigned char)*s))
            digits = 1;
        else if (!strchr(" .,-+%()", *s))
            return 0;
    }
    return digits;
}

/* Does key (header_key form) start with the words w ("tong cong" starts "tong cong toan xa")? */
static int starts_words(const char *key, const char *w)
{
    size_t n = strlen(w);
    return !strncmp(key, w, n) && (key[n] == '\0' || key[n] == ' ');
}

/* The word w in key at or after *from (a word index into key's words); its index or -1. */
static int word_at(const char *key, const char *w, int from)
{
    int i = 0;
    size_t n = strlen(w);
    for (const char *p = key; *p; i++) {
        const char *sp = strchr(p, ' ');
        size_t l = sp ? (size_t)(sp - p) : strlen(p);
        if (i >= from && l == n && !memcmp(p, w, n))
            return i;
        p += l + (sp ? 1 : 0);
    }
    return -1;
}

/* "Tổng cộng", "Cộng", "Tổng số: 45": the label of a totals row. */
static int total_label(const char *key)
{
    static const char *const exact[] = {"tong", "cong", "tong cong", "tong so", "cong chung"};
    char *k = xstrdup(key);
    size_t n = strlen(k);
    /* the numbers after the label */
    while (n && (isdigit((unsigned char)k[n - 1]) || k[n - 1] == ' '))
        k[--n] = '\0';
    int yes = starts_words(k, "tong cong toan") || starts_words(k, "tong so nguoi") ||
              starts_words(k, "cong toan");
    /* a subtotal: "Cộng xã Mỹ Phương", "Cộng huyện Ba Bể", "Tổng cộng thôn …" */
    static const char *const units[] = {"xa",     "huyen",     "phuong", "thi tran",
                                        "thi xa", "thanh pho", "tinh",   "thon",
                                        "ban",    "xom",       "to"};
    const char *rest = !strncmp(k, "cong ", 5)         ? k + 5
                       : !strncmp(k, "tong cong ", 10) ? k + 10
                                                       : NULL;
    for (size_t i = 0; rest && !yes && i < sizeof(units) / sizeof(units[0]); i++)
        yes = starts_words(rest, units[i]);
    for (size_t i = 0; !yes && i < sizeof(exact) / sizeof(exact[0]); i++)
        yes = !strcmp(k, exact[i]);
    free(k);
    return yes;
}

/* What the signature block under a list says: its titles, "(Ký, ghi rõ họ
 * tên)", and the place and date "Bằng Thành, ngày 15 tháng 3 năm 2024". */
static int signature_text(const char *text, const char *key)
{
    static const char *const titles[] = {"nguoi lap",
                                         "thu truong",
                                         "ke toan",
                                         "tm",
                                         "t m",
                                         "kt",
                                         "xac nhan",
                                         "chu tich",
                                         "pho chu tich",
                                         "truong ban",
                                         "giam doc",
                                         "nguoi duyet",
                                         "nguoi kiem tra",
                                         "lanh dao",
                                         "ky ghi ro ho ten",
                                         "ky va ghi ro ho ten",
                                         "ky ten",
                                         "ky ho ten",
                                         "ky dong dau",
                                         "ky ten dong dau"};
    int d;
    if (!*key)
        return 0;
    for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
        if (starts_words(key, titles[i]))
            return 1;
    if (*text == '(' && (starts_words(key, "ky") || strstr(key, "ghi ro ho ten")))
        return 1;
    /* "…, ngày 15 tháng 3 năm 2024", "Ngày … tháng … năm …" */
    return (d = word_at(key, "ngay", 0)) >= 0 && (d = word_at(key, "thang", d + 1)) >= 0 &&
           word_at(key, "nam", d + 1) >= 0;
}

/* A heading's look: numbered ("I.", "2)", "A."), a unit's prefix, or capitals. */
static int heading_look(const char *text, const char *key)
{
    static const char *const units[] = {"huyen",     "xa",     "phuong", "thi tran",
                                        "thanh pho", "thi xa", "tinh"};
    const char *p = text;
    while (*p && strchr("IVXLivxl", *p))
        p++;
    if (p > text && (*p == '.' || *p == ')' || *p == '-'))
        return 1;
    p = text;
    while (isdigit((unsigned char)*p))
        p++;
    if (p > text && (*p == '.' || *p == ')'))
        return 1;
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        if (starts_words(key, units[i]))
            return 1;
    if ((text[0] == 'H' || text[0] == 'X' || text[0] == 'P') && text[1] == '.')
        return 1;
    if (!strncmp(text, "TT", 2) || !strncmp(text, "TP", 2) || !strncmp(text, "TX", 2))
        return text[2] == '.' || text[2] == ' ';
    /* capitals ("XÃ MỸ PHƯƠNG"): its ASCII letters tell, names are not written so */
    int letters = 0, caps = 1;
    for (const char *q = text; *q; q++)
        if (isalpha((unsigned char)*q)) {
            letters++;
            caps = caps && isupper((unsigned char)*q);
        }
    return caps && letters >= 2;
}

enum columns_row_kind columns_row_kind(const struct columns_map *map, const struct table_row *row,
                                       const char **text)
{
    enum column_field key_field = map->kind == COLUMNS_PERSONS ? COL_FULL_NAME : COL_IMEI;
    long key_col = map->field_col[key_field];
    const char *name = cell(map, row, key_field);
    size_t n = 0, first = 0, numbers = 0, second = 0;
    long last = 0;
    int counting = 1;
    enum columns_row_kind kind = COLUMNS_ROW_DATA;

    *text = NULL;
    for (size_t c = 0; c < row->n_cells; c++) {
        const char *v = row->cells[c];
        if (blank(v))
            continue;
        if (!n)
            first = c;
        else if (n == 1)
            second = c;
        n++;
        numbers += numeric(v);
        long num = column_number(v);
        if (num <= last)
            counting = 0;
        last = num;
    }
    if (n == 0)
        return COLUMNS_ROW_BLANK;
    if (counting && n >= 3)
        return COLUMNS_ROW_NUMBERING;
    for (size_t c = 0; c < row->n_cells && kind == COLUMNS_ROW_DATA; c++) {
        const char *v = row->cells[c];
        /* a label in the name's column, or beside an empty name or a count
         * ("Cộng:" in the STT column, the number of persons under the names) */
        if (blank(v) || (!blank(name) && !numeric(name) && (long)c != key_col))
            continue;
        char *k = header_key(v);
        if (total_label(k))
            kind = COLUMNS_ROW_TOTAL;
        else if (n <= 3 && signature_text(v, k))
            kind = COLUMNS_ROW_SIGNATURE; /* a title or a date, not a record's note */
        free(k);
        *text = v;
    }
    if (kind != COLUMNS_ROW_DATA)
        return kind;
    *text = NULL;
    if (numbers == n && blank(name)) {
        /* a number alone where no field is (STT): a line numbered and left empty */
        if (n == 1 && (first >= map->n_columns || map->columns[first].field == COL_NONE))
            return COLUMNS_ROW_BLANK;
        return COLUMNS_ROW_TOTAL;
    }
    /* one text, or a number ("I", "1") and a text: a heading over the rows below */
    const char *h = row->cells[first];
    if (n == 2 && numbers == 1 && numeric(h) == 1 && strlen(h) < 5)
        h = row->cells[first = second];
    else if (n == 2 && strlen(h) <= 5 && strspn(h, "IVXivx.") == strlen(h))
        h = row->cells[first = second];
    else if (n != 1)
        return COLUMNS_ROW_DATA;
    if (numeric(h))
        return COLUMNS_ROW_DATA;
    if (first < map->n_columns && map->columns[first].field != COL_NONE) {
        /* in a field's column: a record with only that field (the rules
         * say what it lacks), unless it looks like a heading */
        char *k = header_key(h);
        int heading = heading_look(h, k);
        free(k);
        if (!heading)
            return COLUMNS_ROW_DATA;
    }
    *text = h;
    return COLUMNS_ROW_SECTION;
}

/*
 * The unit a heading names: "Huyện Ba Bể" (a district), "I. XÃ MỸ PHƯƠNG",
 * "TT Chợ Rã" (communes). Returns the name without its number and prefix
 * (caller frees), *level 'd', 'c', or 0 when the heading has no prefix.
 */
char *columns_heading_unit(const char *text, int *level)
{
    static const struct {
        const char *key; /* the prefix, folded, in words */
        int words;
        int level;
    } prefixes[] = {
        {"huyen", 1, 'd'},    {"thanh pho", 2, 'd'}, {"thi xa", 2, 'd'}, {"tp", 1, 'd'},
        {"tx", 1, 'd'},       {"h", 1, 'd'},         {"xa", 1, 'c'},     {"phuong", 1, 'c'},
        {"thi tran", 2, 'c'}, {"tt", 1, 'c'},        {"x", 1, 'c'},      {"p", 1, 'c'},
    };
    const char *p = text;

    *level = 0;
    /* the heading's number: "I.", "II -", "1.", "A)" */
    const char *q = p;
    while (*q && (strchr("IVXLivxl", *q) || isdigit((unsigned char)*q)))
        q++;
    if (q == p && isalpha((unsigned char)*q) && (q[1] == '.' || q[1] == ')'))
        q++;
    if (q > p && (*q == '.' || *q == ')' || *q == '-' || *q == ' ')) {
        while (*q && strchr(".)- ", *q))
            q++;
        p = q;
    }
    char *key = header_key(p);
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
        if (!starts_words(key, prefixes[i].key) || !key[strlen(prefixes[i].key)])
            continue;
        /* one-letter abbreviations need their dot: "H'Hen" is a name */
        if (strlen(prefixes[i].key) == 1 && !strchr(p, '.'))
            continue;
        for (int w = 0; w < prefixes[i].words; w++) {
            while (*p && *p != ' ' && *p != '.')
                p++;
            while (*p == ' ' || *p == '.')
                p++;
        }
        *level = prefixes[i].level;
        break;
    }
    free(key);
    char *name = xstrdup(p);
    size_t n = strlen(name);
    while (n && (name[n - 1] == ' ' || name[n - 1] == ':'))
        name[--n] = '\0';
    return name;
}
