/*
 * io_fixture.h: temporary folders and files for the io/ unit tests, and a
 * helper that reads every row of a file. Each test binary includes it once.
 */
#ifndef TESTS_IO_FIXTURE_H
#define TESTS_IO_FIXTURE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "io/table_reader.h"

static char fixture_dir[64];

static inline int fixture_setup(void **state)
{
    (void)state;
    strcpy(fixture_dir, "/tmp/capphat-io-XXXXXX");
    return mkdtemp(fixture_dir) ? 0 : -1;
}

static inline int fixture_teardown(void **state)
{
    char *cmd = xasprintf("rm -rf '%s'", fixture_dir);
    (void)state;
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", fixture_dir);
    free(cmd);
    return 0;
}

/* A path in the fixture folder; caller frees. */
static inline char *fixture_path(const char *name)
{
    return xasprintf("%s/%s", fixture_dir, name);
}

/* Write n bytes to a new file in the fixture folder; returns its path (caller frees). */
static inline char *fixture_write(const char *name, const void *data, size_t n)
{
    char *path = fixture_path(name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(1);
    }
    return path;
}

static inline char *fixture_write_str(const char *name, const char *s)
{
    return fixture_write(name, s, strlen(s));
}

/*
 * Read every row of path into out, one line per row: "NUMBER|cell|cell\n".
 * Returns the final status of table_reader_next (0 at the end) or the
 * status of the open; err holds the message.
 */
static inline int fixture_dump(const char *path, const char *sheet, struct strbuf *out,
                               struct error *err)
{
    struct table_reader_opts opts = {sheet};
    struct table_reader *r = table_reader_open(path, &opts, err);
    struct table_row row;
    int rc;

    if (!r)
        return err->code ? err->code : -1;
    while ((rc = table_reader_next(r, &row, err)) == 1) {
        strbuf_addf(out, "%ld", row.number);
        for (size_t i = 0; i < row.n_cells; i++)
            strbuf_addf(out, "|%s", row.cells[i]);
        strbuf_addch(out, '\n');
    }
    table_reader_free(r);
    return rc;
}

/* Run a python script (text) with /usr/bin/python3, which has openpyxl; argv[1] is the fixture
 * folder. */
static inline int fixture_python(const char *script)
{
    char *py = fixture_write_str("make.py", script);
    char *cmd = xasprintf("cd '%s' && /usr/bin/python3 '%s' '%s'", fixture_dir, py, fixture_dir);
    int rc = system(cmd);
    free(cmd);
    free(py);
    return rc;
}

/*
 * Read every file of tests/fuzz/regress whose name ends in ext (inputs that
 * once crashed a fuzzer): no crash, no leak, any status. Returns how many.
 */
static inline int fixture_replay_regress(const char *ext)
{
    DIR *d = opendir("tests/fuzz/regress");
    struct dirent *e;
    int n = 0;

    if (!d)
        return 0;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name), el = strlen(ext);
        if (l <= el || strcmp(e->d_name + l - el, ext) != 0)
            continue;
        char *path = xasprintf("tests/fuzz/regress/%s", e->d_name);
        struct strbuf out = STRBUF_INIT;
        struct error err = ERROR_INIT;
        fixture_dump(path, NULL, &out, &err);
        strbuf_release(&out);
        error_clear(&err);
        free(path);
        n++;
    }
    closedir(d);
    return n;
}

#endif
