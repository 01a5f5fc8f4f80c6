/*
 * field: one table per record kind that says, for each field of a record,
 * everything the program knows about it — in the manner of tmux's
 * options-table.c. A field is written once, as a row of its kind's table
 * (person_fields.c, device_fields.c and the other NAME_fields.c of
 * src/store/), and every layer derives what it needs from that row:
 *
 * - the store: the columns a read selects and the row reader, the
 *   columns an insert and an update write and their binds, the release of
 *   a record's strings, and the JSON image the audit log keeps of a row
 *   (record_* below; src/store/field.c);
 * - the app: which typed value goes where and how it is checked (check,
 *   input, max), and the field's key in a refusal (err names the field);
 * - the command line: the option, its argument's name and help;
 * - the full-screen program: the label of the field in forms;
 * - the import: the header names a list's column is known by.
 *
 * Adding a field to a record kind is one row in its table, a member of its
 * struct, and a numbered migration that adds the column (schema.c).
 *
 * The order of a table is the order of the audit image's keys: a row's
 * image must stay byte for byte what it was, so a new audited field goes
 * last and says from which schema step on it is in the image (since).
 */
#ifndef STORE_FIELD_H
#define STORE_FIELD_H

#include <stddef.h>

enum field_type {
    FT_NONE, /* typed only, not kept in the record (the date a name is read on) */
    FT_TEXT, /* char *, NULL for an SQL NULL (owned by the record) */
    FT_INT,  /* int */
    FT_ID,   /* long long */
    FT_CHAR, /* char, stored as a one-letter text */
};

/* flags */
#define FIELD_COLUMN 0x01    /* a column of the kind's table: written by insert and update */
#define FIELD_AUDIT 0x02     /* a key of the audit log's image of the row */
#define FIELD_ZERO_NULL 0x04 /* 0 (or -1 for FIELD_MINUS_NULL) is stored as SQL NULL */
#define FIELD_MINUS_NULL 0x08
#define FIELD_REQUIRED 0x10  /* must be given when a record is added */
#define FIELD_EDIT_ONLY 0x20 /* may be given on an edit only */
#define FIELD_READ 0x40      /* selected by reads (a column, or expr) */
#define FIELD_DATED 0x80     /* a setting with a history: a document uses the value of its date */

/* How the app checks a typed value of the field (src/app/field_app.c). */
enum field_check {
    CHECK_NONE,       /* not typed: derived, or set by the program */
    CHECK_NAME,       /* a person's or thing's name: cleaned text, required */
    CHECK_TEXT,       /* cleaned optional text, at most max bytes; "" clears */
    CHECK_GENDER,     /* M/F, Nam/Nữ */
    CHECK_YEAR,       /* a year of birth, or a date whose year is taken */
    CHECK_ETHNIC,     /* an ethnic group's name or alias */
    CHECK_CCCD,       /* citizen ID (12 digits) or old ID card (9) */
    CHECK_PHONE,      /* Vietnamese mobile number */
    CHECK_YESNO,      /* yes/no, có/không, 1/0 */
    CHECK_UNIT,       /* an administrative unit: resolved by the use case */
    CHECK_DATE,       /* a date in any form date_parse reads */
    CHECK_IMEI,       /* 15 digits with a good check digit */
    CHECK_MONEY,      /* an amount of đồng */
    CHECK_ROUND,      /* a distribution round by id or name */
    CHECK_ROUND_YEAR, /* the year of a round: 2000 to 2100 */
    /* settings (src/app/settings_app.c): cleaned text, and then */
    CHECK_LANGUAGE,       /* vi or en */
    CHECK_SWITCH,         /* on or off */
    CHECK_DAYS_KEPT,      /* a number from 1 to 365 */
    CHECK_RECEIPT_FORMAT, /* holds {N}, the running number */
    CHECK_COPIES,         /* a number from 1 to 9 */
    CHECK_PAPER,          /* A4, A5 or Letter (report/paper.h) */
};

#define FIELD_NO_INPUT ((size_t)-1)

struct field {
    const char *key;  /* its column and its key in the audit image */
    const char *name; /* its name where it is typed, NULL: key — the field an
                       * error names, the import's and --map's field name */
    enum field_type type;
    unsigned flags;
    size_t offset;     /* of the value in the record's struct */
    const char *expr;  /* what a read selects, NULL: the column (alias.key) */
    const char *image; /* what the audit image holds, NULL: the column; an SQL
                        * expression over the row of the table as t */
    const char *shows; /* the key of the field a read fills with what names
                        * this one's value (the commune's name for commune_id) */
    int since;         /* the schema step from which the audit image has it (0: always) */
    /* input */
    enum field_check check;
    size_t input;        /* offset of its typed text (const char *) in the input struct */
    size_t max;          /* bytes of text, 0: no limit of its own */
    const char *label;   /* N_(): its name in a message ("birth year '%s' ...") */
    const char *title;   /* N_(): its name in a form and a record ("Birth year") */
    const char *option;  /* the command line's option ("--name"), NULL: none */
    const char *arg;     /* the option's argument ("NAME") */
    const char *help;    /* N_(): the option's help */
    const char *headers; /* import: folded header names, '|' separated, NULL: none */
};

/*
 * A record kind: its table, the alias its reads give the table, the FROM
 * clause of a read (the table and its joins for the expr of each field),
 * the row a snapshot reads, what a read names when a row is missing, and
 * the fields. Built parts are cached in the
 * kind on first use.
 */
struct record_kind {
    const char *table;
    const char *alias;
    const char *from;
    const char *where; /* what names one row in a snapshot, NULL: "id = ?1" */
    /* N_(): the refusal when the row of an id (%lld) is not there ("round:
     * no round with id %lld"), for reads by id; NULL: none read so */
    const char *missing;
    const struct field *fields;
    size_t n_fields;
    struct record_sql *sql; /* made on first use (field.c) */
};

/* The field whose key is key, or NULL. */
const struct field *record_field(const struct record_kind *k, const char *key);
/* The field typed as name (field_name), or NULL. */
const struct field *record_input_field(const struct record_kind *k, const char *name);

/* The name a typed field goes by: its name, else its key. */
static inline const char *field_name(const struct field *f)
{
    return f->name ? f->name : f->key;
}

/* Free every text field of rec and zero the whole struct (size bytes). */
void record_release(const struct record_kind *k, void *rec, size_t size);

/* 1 when records a and b of kind k hold the same value in each field of
 * the audit log's image that a read fills (FIELD_AUDIT and FIELD_READ):
 * a change from one to the other would log nothing. */
int record_equal(const struct record_kind *k, const void *a, const void *b);

/* The typed text of field f in an input struct (NULL: not given). */
static inline const char *field_input(const struct field *f, const void *in)
{
    return f->input == FIELD_NO_INPUT ? NULL : *(const char *const *)((const char *)in + f->input);
}

#endif
