/*
 * error: how lower layers tell their caller what went wrong.
 *
 * A function that can fail takes a `struct error *` and returns a status
 * (0 on success, a negative ERR_* code on failure). On failure it fills the
 * error with a message for a person: lowercase, naming the field and quoting
 * the value (use error_quote() for values a user typed or a file held). The
 * caller decides where the message goes: stderr on the command line, the
 * status line in the full-screen program.
 *
 * A refused value also names its field by a key (error_set_field,
 * error_field), so that a form marks the field without reading the
 * message. A key is the name of the value in the use case's input: the
 * member of its input struct or its parameter (person_input.birth_year is
 * "birth_year"), a reference without its "_id" (round_id is "round"); the
 * audit image uses the same name where it holds the value as typed. Keys
 * are string literals (or in a static table): the error keeps the pointer.
 *
 * A message that asks for another value says it in words ("give the
 * district, or the date it is named on") and names that value's key as its
 * hint: the command line adds the option that gives it ("(--as-of
 * DATE)"), a screen shows the message as it is. No message of a lower
 * layer names a command-line option.
 */
#ifndef CORE_ERROR_H
#define CORE_ERROR_H

enum err_code {
    ERR_OK = 0,
    ERR_INVALID = -1, /* bad input: a field failed its rule */
    ERR_NOT_FOUND = -2,
    ERR_CONFLICT = -3, /* duplicate, or state does not allow the action */
    ERR_AMBIGUOUS = -4,
    ERR_IO = -5,   /* file or database could not be read or written */
    ERR_BUSY = -6, /* database locked by another operator for too long */
    ERR_CORRUPT = -7,
    ERR_INTERNAL = -8,
    ERR_EXISTS = -9, /* a file to write exists: replace it only when told to */
    ERR_STALE = -10, /* the record changed since it was shown: nothing was written */
};

struct error {
    int code;
    char *msg;         /* NULL when no error; owned by the struct */
    const char *field; /* the key of the field whose value was refused, or NULL */
    const char *hint;  /* the key of another value the message asks for, or NULL */
};

#define ERROR_INIT                                                                                 \
    {                                                                                              \
        0, 0, 0, 0                                                                                 \
    }

/* Replace the message; the error names no field and no hint. Returns code
 * so that `return error_set(...)` reads well. */
int error_set(struct error *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* error_set, and the error is about the value of field (a key). */
int error_set_field(struct error *e, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/*
 * When rc is not 0, the error just set is about the value of field (a
 * key): for a rule that was given the field's label, not its key (date,
 * money, imei, text). Returns rc, so that
 * `return error_field(err, "price", money_parse(...));` reads well.
 */
int error_field(struct error *e, const char *field, int rc);
/* When rc is not 0, the message just set asks for the value of hint (a key)
 * too. Returns rc. */
int error_hint(struct error *e, const char *hint, int rc);
/* Prefix the current message with "PREFIX: " (its field and hint stay). */
void error_prefix(struct error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Forget the message and the code (a caller that takes ERR_NOT_FOUND for an
 * answer goes on with a clean error). NULL is ignored, as by error_set. */
void error_clear(struct error *e);
/* The message, or "" when there is none. */
const char *error_msg(const struct error *e);

/*
 * A printable rendering of a value for a message: at most 60 characters
 * (cut on a character boundary, with "…" and the byte count when longer),
 * escaped as text_escape (core/text.h) shows text on a terminal: controls
 * and bytes that are not UTF-8 as \xNN, C1 and bidirectional controls and
 * line separators as \uNNNN.
 * Returns a static buffer that the next call with the same slot overwrites;
 * slot is 0..3 so that one message can quote up to four values.
 */
const char *error_quote_slot(const char *value, int slot);
#define error_quote(v) error_quote_slot((v), 0)

#endif
