/*
 * columns: find the header row of an imported list and map its columns to
 * the fields of a person or a device.
 *
 * Headers are matched accent- and case-insensitively against the names
 * Vietnamese offices and suppliers use ("Họ và tên", "Năm sinh", "Thôn,
 * bản", "Số CCCD", "IMEI 1", "Đơn giá"...) and English ones. The header row
 * need not be the first: titles above it are skipped; it is the first row
 * of the first COLUMNS_SEARCH_ROWS in which every required field is found.
 * Gender may also be two columns "Nam" and "Nữ" with a mark ("x") in one.
 * A second header row right below — "Nam" and "Nữ" under a merged "Năm
 * sinh", the year written in one of them, or a row numbering the columns
 * "(1) (2) (3)..." — is read as part of the header, not as data.
 *
 * A header of two or three rows is read as a tree: the rows right above
 * the header row that have two cells or more are its groups ("Thông tin cá
 * nhân" over "Họ và tên", "Năm sinh"...). A column whose own cell is blank
 * takes the name above it (a cell merged down counts on every row); a
 * group is above the named columns on its right up to the next cell of its
 * row (it is merged across them). When a column between named ones has no
 * name at all, the sheet's merged cells are read (table_reader_merges, a
 * second pass over the sheet's part) to tell which group is over it. A
 * column's text is its path, "Nơi cư trú / Xã".
 */
#ifndef IO_COLUMNS_H
#define IO_COLUMNS_H

#include <stddef.h>

#include "core/error.h"
#include "io/table_reader.h"

struct strbuf;

#define COLUMNS_SEARCH_ROWS 30

enum columns_kind {
    COLUMNS_PERSONS,
    COLUMNS_DEVICES,
};

enum column_field {
    COL_NONE = -1, /* a column that is not imported (STT, signatures, unknown) */
    /* persons */
    COL_FULL_NAME,
    COL_GENDER,
    COL_BIRTH_YEAR,
    COL_ETHNIC,
    COL_VILLAGE,
    COL_COMMUNE,
    COL_DISTRICT,
    COL_CCCD,
    COL_PHONE,
    COL_ROLE,
    COL_DECISION,
    /* devices */
    COL_IMEI,
    COL_IMEI2,
    COL_MODEL,
    COL_SERIAL,
    COL_PRICE,
    COL_SUPPLIER,
    COL_CONTRACT,
    COL_DELIVERED_ON,
    COL_WARRANTY_UNTIL,
    /* both */
    COL_NOTE,
    /* gender as two marked columns; columns_get(COL_GENDER) reads them */
    COL_GENDER_MALE,
    COL_GENDER_FEMALE,
    COL_N_FIELDS,
    /* then the fields of the person's and the device's tables
     * (store/field.h) that have header names and none of the above: a
     * field added to a table is imported without a change here */
    COL_MAX = COL_N_FIELDS + 16
};

/* One column of the header row, for a preview screen. */
struct columns_header {
    char *text;              /* the header as the file holds it: its path, "Nơi cư trú / Xã" */
    char *name;              /* its own name ("Xã"), as a header of one row would give it */
    enum column_field field; /* COL_NONE when not imported */
    const char *by;          /* the override that named the column ("Z=cccd"), or NULL */
};

struct columns_map {
    enum columns_kind kind;
    long header_row;                /* row number of the header, as the user sees it */
    size_t n_columns;               /* every column of the header row, left to right */
    struct columns_header *columns; /* owned by the map */
    long field_col[COL_MAX];        /* column index of each field, or -1 */
    struct strbuf *scratch;         /* what columns_get builds (a year from a date) */
    /* COLUMNS_UNIT_HEADINGS: the header has no commune column, and this is
     * the message columns_match would have given (for a record under no
     * heading that names one); NULL otherwise */
    char *no_unit;
};

/*
 * The field's name as overrides and messages spell it: "full_name",
 * "birth_year", "imei"... ("gender_male"/"gender_female" for the marks).
 */
const char *column_field_name(enum column_field f);

/*
 * The field's name for a person, in the interface language: the same as
 * column_field_name in English, "họ và tên" for "full_name" in Vietnamese;
 * "none" (translated) for COL_NONE. A static string.
 */
const char *column_field_label(enum column_field f);

/* The field named name (as column_field_name spells it), COL_NONE for "none", or -2. */
int column_field_from_name(const char *name);

/* Is f a field of kind, and is it required? */
int columns_has_field(enum columns_kind kind, enum column_field f);
int columns_required(enum columns_kind kind, enum column_field f);

/*
 * Read rows of r until the header row: the first of the first
 * COLUMNS_SEARCH_ROWS rows where every required field of kind has a column.
 * The reader is left on the first data row after the header (and after a
 * second header row, see above). overrides are
 * "COLUMN=FIELD" strings: COLUMN is a header text (compared folded, the
 * column's own name or its path "Nơi cư trú / Xã") or a column letter
 * ("C"); FIELD a field name or "none" to ignore the column. An override
 * that names no column of the header found is an error listing the columns.
 * Returns 0 and fills map (release it with columns_map_release()), or a
 * negative ERR_* with err: a bad override, an empty file, or a required
 * field without a column, e.g. "list.xlsx: no column for 'imei' in header
 * row 3; columns seen: 'STT', 'Số máy', 'Loại máy'".
 */
int columns_match(enum columns_kind kind, struct table_reader *r, const char *const *overrides,
                  size_t n_overrides, struct columns_map *map, struct error *err);

/*
 * As columns_match, with flags: COLUMNS_UNIT_HEADINGS takes a header of
 * persons without a commune column (every other required field and three
 * fields at least found, and the row below is not the rest of it): the list's
 * headings ("Xã Mỹ Phương") name the communes. map->no_unit is then set.
 */
#define COLUMNS_UNIT_HEADINGS 1
int columns_match_flags(enum columns_kind kind, struct table_reader *r,
                        const char *const *overrides, size_t n_overrides, int flags,
                        struct columns_map *map, struct error *err);

/*
 * The value of field f in row: the cell of its column, "" when the field
 * has no column or the row is shorter. COL_GENDER falls back on the Nam/Nữ
 * marks ("Nam" or "Nữ"); COL_BIRTH_YEAR takes the year of a date
 * ("15/03/1950", "1950-03-15" -> "1950"), or of a year written in a Nam/Nữ
 * column. The string belongs to the row or the map: valid until the next
 * call or the next row.
 */
const char *columns_get(const struct columns_map *map, const struct table_row *row,
                        enum column_field f);

/* What a row of a list is: a record, or one of the rows that are not. */
enum columns_row_kind {
    COLUMNS_ROW_DATA,
    COLUMNS_ROW_TOTAL, /* "Tổng cộng", "Cộng"; or only numbers, and no name */
    COLUMNS_ROW_SIGNATURE, /* "Người lập biểu", "(Ký, ghi rõ họ tên)", "…, ngày … tháng … năm …" */
    COLUMNS_ROW_NUMBERING, /* "(1) (2) (3)" or "1 2 3 4": the columns numbered */
    COLUMNS_ROW_SECTION, /* one text ("Huyện Ba Bể", "I. XÃ MỸ PHƯƠNG"), the rest empty */
    COLUMNS_ROW_BLANK,   /* nothing, or only a number where no field is (STT) */
};

/*
 * What row is, by its cells and the map's columns: a label that is in the
 * column of the record's name (full name, IMEI) or beside an empty one.
 * *text: the label or heading (part of the row), NULL for the others. A
 * row with one text in the column of a field is a record with only that
 * field, unless it looks like a heading (numbered, a unit's prefix,
 * capitals). A signature row has three cells at most; the block goes on
 * below it: the caller treats the rows after its first as part of it.
 */
enum columns_row_kind columns_row_kind(const struct columns_map *map, const struct table_row *row,
                                       const char **text);

/*
 * The unit a heading names: without its number ("I.", "2.") and its prefix
 * ("Huyện", "H.", "TP", "Thị xã" for a district; "Xã", "X.", "Phường",
 * "Thị trấn", "TT" for a commune), *level 'd' or 'c'; 0 when it has no
 * prefix. Caller frees.
 */
char *columns_heading_unit(const char *text, int *level);

/* The letter of column c (from 0), "A".."XFD", into buf (8 bytes); returns buf. */
const char *columns_letter(size_t c, char *buf);

/* Free what the map holds; it may then be reused. */
void columns_map_release(struct columns_map *map);

#endif
