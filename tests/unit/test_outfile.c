/* test_outfile: the one way capphat writes a file (io/outfile). */
#include "unit.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "io/outfile.h"

static char dir[] = "/tmp/capphat-test-outfile-XXXXXX";

static int setup(void **state)
{
    strcpy(dir, "/tmp/capphat-test-outfile-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    char *cmd = xasprintf("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    return rc;
}

static char *in_dir(const char *name)
{
    return xasprintf("%s/%s", dir, name);
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *slurp(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "r");
    size_t n;
    if (!f)
        return NULL;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* The names in dir, sorted and joined by spaces. */
static char *listing(void)
{
    static char buf[1024];
    struct dirent **list;
    int n = scandir(dir, &list, NULL, alphasort);
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (strcmp(list[i]->d_name, ".") && strcmp(list[i]->d_name, "..")) {
            strcat(buf, list[i]->d_name);
            strcat(buf, " ");
        }
        free(list[i]);
    }
    free(list);
    return buf;
}

static void write_and_commit(const char *path, unsigned flags, const char *text, int want)
{
    struct outfile of;
    struct error err = ERROR_INIT;
    int rc = outfile_open(&of, path, ".csv", flags, &err);
    if (rc) {
        assert_int_equal(rc, want);
        error_clear(&err);
        return;
    }
    assert_int_equal(outfile_write(&of, text, strlen(text)), 0);
    assert_int_equal(outfile_commit(&of, &err), want);
    error_clear(&err);
}

static void writes_whole_file_mode_0600(void **state)
{
    char *p = in_dir("a.csv");
    mode_t old = umask(0);
    write_and_commit(p, 0, "hello\n", 0);
    umask(old);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_string_equal(slurp(p), "hello\n");
    assert_string_equal(listing(), "a.csv ");
    free(p);
}

static void named_temporary_path_too(void **state)
{
    char *p = in_dir("b.csv");
    setenv("CAPPHAT_OUTFILE_NAMED", "1", 1);
    write_and_commit(p, 0, "named\n", 0);
    unsetenv("CAPPHAT_OUTFILE_NAMED");
    assert_string_equal(slurp(p), "named\n");
    assert_string_equal(listing(), "b.csv ");
    free(p);
}

static void existing_file_needs_force(void **state)
{
    char *p = in_dir("c.csv");
    put(p, "old\n");
    for (int named = 0; named < 2; named++) {
        if (named)
            setenv("CAPPHAT_OUTFILE_NAMED", "1", 1);
        write_and_commit(p, 0, "new\n", ERR_EXISTS);
        assert_string_equal(slurp(p), "old\n");
        write_and_commit(p, OUTFILE_FORCE, named ? "new2\n" : "new\n", 0);
        assert_string_equal(slurp(p), named ? "new2\n" : "new\n");
        put(p, "old\n");
        unsetenv("CAPPHAT_OUTFILE_NAMED");
    }
    assert_string_equal(listing(), "c.csv ");
    free(p);
}

/* A file that appears at the name while the content is written is kept:
 * the name is taken only if it is still free. */
static void a_file_that_appears_meanwhile_is_kept(void **state)
{
    char *p = in_dir("d.csv");
    for (int named = 0; named < 2; named++) {
        struct outfile of;
        struct error err = ERROR_INIT;
        if (named)
            setenv("CAPPHAT_OUTFILE_NAMED", "1", 1);
        assert_int_equal(outfile_open(&of, p, ".csv", 0, &err), 0);
        outfile_write(&of, "late\n", 5);
        put(p, "first\n");
        assert_int_equal(outfile_commit(&of, &err), ERR_EXISTS);
        assert_string_equal(slurp(p), "first\n");
        assert_string_equal(listing(), "d.csv ");
        unlink(p);
        error_clear(&err);
        unsetenv("CAPPHAT_OUTFILE_NAMED");
    }
    free(p);
}

/* A database swapped in for the target while the report is written is
 * refused at commit, even with force. */
static void a_link_to_the_database_made_meanwhile_is_refused(void **state)
{
    char *db = in_dir("reg.db"), *p = in_dir("e.csv");
    struct outfile of;
    struct error err = ERROR_INIT;

    put(db, "register\n");
    outfile_protect_db(db);
    assert_int_equal(outfile_open(&of, p, ".csv", OUTFILE_FORCE, &err), 0);
    outfile_write(&of, "x\n", 2);
    assert_int_equal(symlink("reg.db", p), 0);
    assert_int_equal(outfile_commit(&of, &err), ERR_IO);
    assert_non_null(strstr(error_msg(&err), "it is the database"));
    assert_string_equal(slurp(db), "register\n");
    error_clear(&err);
    /* and the name of a companion that does not exist yet */
    char *wal = in_dir("reg.db-wal"), *spelled = xasprintf("%s/./reg.db-wal", dir);
    assert_int_equal(outfile_check(spelled, NULL, OUTFILE_FORCE, &err), ERR_IO);
    assert_int_equal(access(wal, F_OK), -1);
    error_clear(&err);
    free(spelled);
    free(wal);
    free(db);
    free(p);
}

static void the_backups_folder_is_refused_but_to_a_new_backup(void **state)
{
    char *bk = in_dir("backups"), *b1 = in_dir("backups/x-1.db"), *out = in_dir("other.db");
    struct error err = ERROR_INIT;

    mkdir(bk, 0700);
    put(b1, "backup\n");
    outfile_protect_folder(bk);
    assert_int_equal(outfile_check(b1, ".db", OUTFILE_FORCE, &err), ERR_IO);
    error_clear(&err);
    char *fresh = in_dir("backups/x-2.db");
    assert_int_equal(outfile_check(fresh, ".db", 0, &err), ERR_IO);
    error_clear(&err);
    assert_int_equal(outfile_check(fresh, ".db", OUTFILE_BACKUPS, &err), 0);
    /* a backup is never replaced, even by the backup writer */
    assert_int_equal(outfile_check(b1, ".db", OUTFILE_BACKUPS | OUTFILE_FORCE, &err), ERR_IO);
    error_clear(&err);
    /* a hard link to a backup elsewhere is the backup */
    assert_int_equal(link(b1, out), 0);
    assert_int_equal(outfile_check(out, ".db", OUTFILE_FORCE, &err), ERR_IO);
    error_clear(&err);
    assert_string_equal(slurp(b1), "backup\n");
    free(fresh);
    free(bk);
    free(b1);
    free(out);
}

static void non_regular_and_wrong_extension_refused(void **state)
{
    char *fifo = in_dir("f.csv"), *d = in_dir("d.csv"), *txt = in_dir("t.txt"),
         *dangling = in_dir("dl.csv");
    struct error err = ERROR_INIT;

    assert_int_equal(mkfifo(fifo, 0600), 0);
    mkdir(d, 0700);
    assert_int_equal(symlink("nowhere/x.csv", dangling), 0);
    assert_int_equal(outfile_check(fifo, ".csv", OUTFILE_FORCE, &err), ERR_IO);
    assert_non_null(strstr(error_msg(&err), "named pipe"));
    assert_int_equal(outfile_check(d, ".csv", OUTFILE_FORCE, &err), ERR_IO);
    assert_int_equal(outfile_check("/dev/null", NULL, OUTFILE_FORCE, &err), ERR_IO);
    assert_non_null(strstr(error_msg(&err), "device"));
    assert_int_equal(outfile_check(dangling, ".csv", OUTFILE_FORCE, &err), ERR_IO);
    assert_int_equal(outfile_check(txt, ".csv", 0, &err), ERR_INVALID);
    assert_non_null(strstr(error_msg(&err), "must end in .csv"));
    assert_int_equal(outfile_check("x.CSV", ".csv", 0, &err), 0);
    error_clear(&err);
    free(fifo);
    free(d);
    free(txt);
    free(dangling);
}

/* What a killed writer left is removed by the next writer in the folder;
 * what a live writer holds locked is not. */
static void stale_named_temporaries_removed_live_ones_kept(void **state)
{
    char *dead = in_dir(".capphat-tmp-dead01"), *deadj = in_dir(".capphat-tmp-dead01-journal"),
         *orphan = in_dir(".capphat-tmp-gone01-wal"), *live = in_dir(".capphat-tmp-live01"),
         *mine = in_dir(".not-ours"), *p = in_dir("g.csv");
    put(dead, "");
    put(deadj, "");
    put(orphan, "");
    put(live, "");
    put(mine, "");
    int fd = open(live, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX), 0);
    write_and_commit(p, 0, "x\n", 0);
    assert_string_equal(listing(), ".capphat-tmp-live01 .not-ours g.csv ");
    close(fd);
    free(dead);
    free(deadj);
    free(orphan);
    free(live);
    free(mine);
    free(p);
}

static void a_write_error_is_reported_at_commit(void **state)
{
    struct outfile of;
    struct error err = ERROR_INIT;
    char *p = in_dir("h.csv");

    assert_int_equal(outfile_open(&of, p, ".csv", 0, &err), 0);
    of.err_no = 28; /* ENOSPC, as a failed write would keep it */
    assert_int_equal(outfile_write(&of, "x", 1), -1);
    assert_int_equal(outfile_commit(&of, &err), ERR_IO);
    assert_non_null(strstr(error_msg(&err), "disk full"));
    assert_string_equal(listing(), "");
    error_clear(&err);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(writes_whole_file_mode_0600, setup, teardown),
        cmocka_unit_test_setup_teardown(named_temporary_path_too, setup, teardown),
        cmocka_unit_test_setup_teardown(existing_file_needs_force, setup, teardown),
        cmocka_unit_test_setup_teardown(a_file_that_appears_meanwhile_is_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(a_link_to_the_database_made_meanwhile_is_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_backups_folder_is_refused_but_to_a_new_backup, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(non_regular_and_wrong_extension_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(stale_named_temporaries_removed_live_ones_kept, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_write_error_is_reported_at_commit, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
