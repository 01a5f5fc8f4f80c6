/*
 * xalloc: allocation wrappers that never return NULL.
 *
 * Every function here either succeeds or ends the program with a message
 * (through die(), which runs the registered cleanup first so that the
 * full-screen program gives the terminal back).
 */
#ifndef CORE_XALLOC_H
#define CORE_XALLOC_H

#include <stddef.h>

/* Like malloc/calloc/realloc/strdup, but never return NULL. Free with free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Copy of the first n bytes of s, NUL-terminated. */
char *xstrndup(const char *s, size_t n);
/* printf into a new string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Fatal error: runs the cleanup registered with die_set_cleanup (if any),
 * prints "capphat: fatal: MESSAGE" on stderr and exits with status 70.
 */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Register a function that die() calls before printing (one at a time). */
void die_set_cleanup(void (*fn)(void));

#endif
