/*
 * test_print: print_file() against a private cupsd (tests/lib/cupsd.sh)
 * whose 'capture' queue copies each job into a folder: the bytes that
 * arrive must be the bytes of the receipt. Needs root (cupsd); skipped
 * otherwise. KEEP=1 leaves the folder (and cupsd's logs).
 */
#include "unit.h"
#include "report_lsan.h"

#include "report/print.h"
#include "io/outfile.h"
#include "report/receipt_pdf.h"

#include "core/strbuf.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static char *tmpdir;  /* the test's folder */
static char *cupsdir; /* the daemon's folder in it */
static char *sock;    /* its socket */
static char *pdf;     /* a rendered receipt */
static int started;

/* Run a shell command with tests/lib/cupsd.sh loaded and CUPS_SERVER set. */
static int sh(const char *fmt, const char *arg)
{
    char *body = xasprintf(fmt, arg);
    char *cmd = xasprintf(". tests/lib/cupsd.sh && %s", body);
    int rc = system(cmd);
    free(cmd);
    free(body);
    return rc;
}

static char *slurp(const char *path, size_t *len)
{
    struct strbuf sb = STRBUF_INIT;
    char buf[65536];
    size_t k;
    FILE *f = fopen(path, "rb");

    if (!f)
        return NULL;
    while ((k = fread(buf, 1, sizeof(buf), f)) > 0)
        strbuf_add(&sb, buf, k);
    fclose(f);
    return strbuf_detach(&sb, len);
}

/* The job's bytes as the backend left them, waiting up to 10 s. */
static char *captured(int job, size_t *len)
{
    char *path = xasprintf("%s/out/job-%d", cupsdir, job);
    char *data = NULL;
    struct timespec ts = {0, 100 * 1000 * 1000};

    for (int i = 0; i < 100 && !(data = slurp(path, len)); i++)
        nanosleep(&ts, NULL);
    free(path);
    return data;
}

static void assert_arrived(int job)
{
    size_t la, lb;
    char *want = slurp(pdf, &la), *got;

    assert_true(job > 0);
    got = captured(job, &lb);
    if (!got)
        fail_msg("job %d never reached the capture backend (see %s/log)", job, cupsdir);
    assert_int_equal(la, lb);
    assert_memory_equal(want, got, la);
    free(want);
    free(got);
}

static void test_print_named(void **state)
{
    struct error err = ERROR_INIT;
    int job = 0;
    (void)state;

    if (!started)
        skip();
    if (print_file(pdf, "capture", "Biên bản 05/BB-BDT", 1, NULL, &job, &err) != 0)
        fail_msg("print_file: %s", error_msg(&err));
    assert_arrived(job);
}

static void test_default_printer(void **state)
{
    struct error err = ERROR_INIT;
    int job = 0;
    (void)state;

    if (!started)
        skip();
    assert_int_equal(print_file(pdf, NULL, NULL, 1, NULL, &job, &err), ERR_NOT_FOUND);
    assert_string_equal(error_msg(&err), "no default printer: name one (printers: capture)");
    assert_int_equal(job, 0);
    error_clear(&err);

    assert_int_equal(sh("lpadmin -d capture", ""), 0);
    if (print_file(pdf, NULL, NULL, 1, NULL, &job, &err) != 0)
        fail_msg("print_file: %s", error_msg(&err));
    assert_arrived(job);
}

static void test_unknown_printer(void **state)
{
    struct error err = ERROR_INIT;
    int job = 7;
    (void)state;

    if (!started)
        skip();
    assert_int_equal(print_file(pdf, "Máy in tầng 2", NULL, 1, NULL, &job, &err), ERR_NOT_FOUND);
    assert_string_equal(error_msg(&err), "no printer named 'Máy in tầng 2'; printers: capture");
    assert_int_equal(job, 0);
    error_clear(&err);
}

static void test_missing_file(void **state)
{
    struct error err = ERROR_INIT;
    char *path = xasprintf("%s/none.pdf", tmpdir);
    (void)state;

    assert_int_equal(print_file(path, "capture", NULL, 1, NULL, NULL, &err), ERR_IO);
    assert_non_null(strstr(error_msg(&err), "none.pdf': no such file"));
    error_clear(&err);
    free(path);
}

/* CUPS_SERVER names a socket that no daemon listens on. */
static void test_no_server(void **state)
{
    struct error err = ERROR_INIT;
    char *dead = xasprintf("%s/dead.sock", tmpdir);
    (void)state;

    setenv("CUPS_SERVER", dead, 1);
    assert_int_equal(print_file(pdf, "capture", NULL, 1, NULL, NULL, &err), ERR_IO);
    assert_non_null(strstr(error_msg(&err), "cannot reach the print server '"));
    assert_non_null(strstr(error_msg(&err), "dead.sock': no socket at that path"));
    error_clear(&err);

    /* a stale socket: bound, nobody listening */
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    assert_true(fd >= 0);
    assert_true(strlen(dead) < sizeof(sa.sun_path));
    strcpy(sa.sun_path, dead);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    assert_int_equal(print_file(pdf, NULL, NULL, 1, NULL, NULL, &err), ERR_IO);
    assert_non_null(strstr(error_msg(&err), "nothing listens on that socket"));
    error_clear(&err);
    close(fd);
    if (sock)
        setenv("CUPS_SERVER", sock, 1);
    free(dead);
}

static int setup(void **state)
{
    char tmpl[] = "/tmp/capphat-print-XXXXXX";
    struct receipt_doc d;
    struct error err = ERROR_INIT;
    (void)state;

    tmpdir = xstrdup(mkdtemp(tmpl));
    chmod(tmpdir, 0755);
    cupsdir = xasprintf("%s/cups", tmpdir);
    pdf = xasprintf("%s/receipt.pdf", tmpdir);
    /* no lpoptions, LPDEST or PRINTER of the person running the tests */
    setenv("HOME", tmpdir, 1);
    unsetenv("LPDEST");
    unsetenv("PRINTER");

    memset(&d, 0, sizeof(d));
    d.parent_body = "UBND TỈNH BẮC KẠN";
    d.office = "BAN DÂN TỘC";
    d.number = "05/BB-BDT";
    d.place = "Bắc Kạn";
    d.date = "2023-02-05";
    d.giver.name = "Đoàn Trung Vinh";
    d.receiver.name = "Mã Hoàng Tạ";
    d.receiver.village = "thôn Khuổi Sliến";
    d.device.model = "Samsung Galaxy A04s";
    d.device.imei1 = "490154203237518";
    if (receipt_pdf_write(pdf, OUTFILE_FORCE, &d, 1, &err) != 0) {
        fprintf(stderr, "receipt_pdf_write: %s\n", error_msg(&err));
        return -1;
    }

    if (getuid() != 0) {
        fprintf(stderr, "test_print: not root, cupsd tests skipped\n");
        return 0;
    }
    if (sh("cupsd_start '%s' >&2", cupsdir) != 0)
        return -1;
    started = 1;
    sock = xasprintf("%s/cups.sock", cupsdir);
    setenv("CUPS_SERVER", sock, 1);
    return 0;
}

static int teardown(void **state)
{
    const char *keep = getenv("KEEP");
    (void)state;

    if (started)
        sh("cupsd_stop '%s'", cupsdir);
    if (keep && !strcmp(keep, "1")) {
        fprintf(stderr, "kept %s\n", tmpdir);
    } else {
        char *cmd = xasprintf("rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", tmpdir);
        free(cmd);
    }
    free(sock);
    free(pdf);
    free(cupsdir);
    free(tmpdir);
    return 0;
}

int main(void)
{
    report_lsan_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_print_named),     cmocka_unit_test(test_default_printer),
        cmocka_unit_test(test_unknown_printer), cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_no_server),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
