/*
 * error: how lower layers tell their caller what went wrong.
 *
 * A function that can fail takes a `struct error *` and returns a status
 * (0 on success, a negative ERR_* code on failure). On failure it fills the
 * error with a message for a person: lowercase, naming the field and quoting
 * the value (use error_quote() for values a user typed or a file held). The
 * caller decides where the message goes: stderr on the command line, the
 * status line in the full-screen program.
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
    char *msg; /* NULL when no error; owned by the struct */
};

#define ERROR_INIT                                                                                 \
    {                                                                                              \
        0, 0                                                                                       \
    }

/* Replace the message; returns code so that `return error_set(...)` reads well. */
int error_set(struct error *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Prefix the current message with "PREFIX: ". */
void error_prefix(struct error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
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
