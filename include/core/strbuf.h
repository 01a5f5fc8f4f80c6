/*
 * strbuf: a growable, always NUL-terminated byte string.
 *
 * Rules (as in git's strbuf.h):
 * - A strbuf is initialised with STRBUF_INIT or strbuf_init() and released
 *   with strbuf_release(); after release it is empty and can be reused.
 * - sb->buf is never NULL and is always NUL-terminated, even when empty;
 *   sb->len counts the bytes before that NUL. The buffer may hold NUL bytes.
 * - strbuf_detach() hands the buffer to the caller (who frees it with free())
 *   and leaves the strbuf empty.
 * - Allocation never fails (xalloc), so no function here returns an error.
 */
#ifndef CORE_STRBUF_H
#define CORE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
    size_t alloc;
    size_t len;
    char *buf;
};

extern char strbuf_empty[];
#define STRBUF_INIT                                                                                \
    {                                                                                              \
        0, 0, strbuf_empty                                                                         \
    }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* Returns the buffer (caller frees) and resets sb to empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Append s repeated n times. */
void strbuf_addrep(struct strbuf *sb, const char *s, size_t n);

#endif
