/*
 * tui_state: what the full-screen program remembers between two starts on
 * this account, outside any database — today the name last given in the
 * start dialog ("operator"). It lives in the state folder of the XDG
 * base directories ($XDG_STATE_HOME/capphat, else ~/.local/state/capphat,
 * mode 0700), beside tui.log, in the file "state" (mode 0600: it names a
 * person), one "key=value" line per key. The file is replaced whole
 * through a temporary name, so a crash leaves the old one or the new one.
 * Nothing here is a record: a file that cannot be read or written only
 * costs the operator some typing.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "core/xdg.h"
#include "core/xalloc.h"
#include "io/outfile.h"
#include "tui_internal.h"

char *tui_state_dir(int create)
{
    return xdg_dir(XDG_STATE, create);
}

/* The path of the state file, or NULL when there is no state folder. */
static char *state_path(void)
{
    char *dir = tui_state_dir(0);
    char *path = dir ? xasprintf("%s/state", dir) : NULL;
    free(dir);
    return path;
}

/* The whole file (empty when there is none). */
static void state_read(struct strbuf *sb)
{
    char *path = state_path();
    FILE *f = path ? fopen(path, "re") : NULL;
    char buf[4096];
    size_t n;

    while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_add(sb, buf, n);
    if (f)
        fclose(f);
    free(path);
}

char *tui_state_get(const char *key)
{
    struct strbuf sb = STRBUF_INIT;
    size_t klen = strlen(key);
    char *value = NULL;

    state_read(&sb);
    for (char *line = sb.buf, *next; line && *line && !value; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (strncmp(line, key, klen) == 0 && line[klen] == '=')
            value = xstrdup(line + klen + 1);
    }
    strbuf_release(&sb);
    return value;
}

void tui_state_set(const char *key, const char *value)
{
    struct strbuf old = STRBUF_INIT, sb = STRBUF_INIT;
    size_t klen = strlen(key);
    char *dir = tui_state_dir(1), *path = NULL;

    if (!dir)
        return;
    /* every other key as it was, then this one (none when value is empty) */
    state_read(&old);
    for (char *line = old.buf, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (!(strncmp(line, key, klen) == 0 && line[klen] == '=') && strchr(line, '='))
            strbuf_addf(&sb, "%s\n", line);
    }
    if (value && *value && !strpbrk(value, "\r\n"))
        strbuf_addf(&sb, "%s=%s\n", key, value);
    path = xasprintf("%s/state", dir);
    /* through the one way capphat writes a file: complete or not at all */
    struct outfile of;
    struct error err = ERROR_INIT;
    int rc = outfile_open(&of, path, NULL, OUTFILE_FORCE | OUTFILE_STATE, &err);
    if (rc == 0) {
        outfile_write(&of, sb.buf, sb.len); /* a failure is reported by the commit */
        rc = outfile_commit(&of, &err);
    }
    if (rc != 0)
        fprintf(stderr, "capphat: %s\n", error_msg(&err));
    error_clear(&err);
    free(path);
    free(dir);
    strbuf_release(&old);
    strbuf_release(&sb);
}
