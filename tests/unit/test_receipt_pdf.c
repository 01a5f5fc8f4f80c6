/*
 * test_receipt_pdf: the receipt PDF, read back by poppler (pdfinfo,
 * pdftotext), a reader we did not write.
 * KEEP=1 leaves the temporary folder (and its PDFs) for a look.
 */
#include "unit.h"
#include "report_lsan.h"

#include "io/outfile.h"
#include "report/receipt_pdf.h"

#include "core/strbuf.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char *tmpdir;

static const char *long_name =
    "Hoàng Thị Ngọc Ánh Phương Thảo Nguyệt Minh Châu Bảo Ngọc Hồng Nhung "
    "Thanh Tâm Diệu Linh Khánh Huyền";
static const char *long_village = "thôn Khuổi Coóng Nà Làng Bản Vài Nà Đông Khuổi Luông Phja Đăm "
                                  "Nặm Cắm Lủng Vài";

static void fill(struct receipt_doc *d, const char *number, const char *name, const char *village,
                 const char *imei1, const char *imei2)
{
    memset(d, 0, sizeof(*d));
    d->parent_body = "UBND tỉnh Bắc Kạn";
    d->office = "Ban Dân tộc";
    d->number = number;
    d->place = "Bắc Kạn";
    d->date = "2023-02-05";
    d->giver.name = "Đoàn Trung Vinh";
    d->giver.position = "Chuyên viên Phòng Chính sách dân tộc";
    d->giver.office = "Ban Dân tộc tỉnh Bắc Kạn";
    d->receiver.name = name;
    d->receiver.gender = "Nam";
    d->receiver.birth_year = "1956";
    d->receiver.ethnic = "Tày";
    d->receiver.village = village;
    d->receiver.commune = "xã Cao Thượng";
    d->receiver.district = "huyện Ba Bể";
    d->receiver.cccd = "006056001234";
    d->receiver.phone = "0912345678";
    d->device.model = "Samsung Galaxy A04s";
    d->device.imei1 = imei1;
    d->device.imei2 = imei2;
    d->device.accessories = "Sạc, cáp, tai nghe";
    d->device.condition = "Mới 100%";
    d->round_name = "Đợt 1 năm 2023";
    d->funding_note = "Chương trình mục tiêu quốc gia 1719";
}

static void batch(struct receipt_doc d[3])
{
    fill(&d[0], "05/BB-BDT", "Mã Hoàng Tạ", "thôn Khuổi Sliến", "490154203237518",
         "356938035643809");
    fill(&d[1], "06/BB-BDT", "Đoàn Trung Vinh", "thôn Khuổi Coóng", "353879234252633", "");
    fill(&d[2], "07/BB-BDT", long_name, long_village, "867530012345671", "867530012345689");
    d[1].receiver.gender = "Nữ";
    d[1].receiver.ethnic = "Dao";
    d[2].receiver.gender = "Nữ";
    d[2].receiver.cccd = "";
}

/* A write that must succeed, failing with its message otherwise. */
#define write_ok(path, docs, n)                                                                    \
    do {                                                                                           \
        struct error e_ = ERROR_INIT;                                                              \
        if (receipt_pdf_write((path), OUTFILE_FORCE, (docs), (n), &e_) != 0)                       \
            fail_msg("receipt_pdf_write: %s", error_msg(&e_));                                     \
    } while (0)

static char *path_in(const char *name)
{
    return xasprintf("%s/%s", tmpdir, name);
}

/* Output of a shell command; caller frees. */
static char *run(const char *cmd)
{
    struct strbuf sb = STRBUF_INIT;
    char buf[4096];
    size_t k;
    FILE *p = popen(cmd, "r");

    assert_non_null(p);
    while ((k = fread(buf, 1, sizeof(buf), p)) > 0)
        strbuf_add(&sb, buf, k);
    assert_int_equal(pclose(p), 0);
    return strbuf_detach(&sb, NULL);
}

/* Output of a shell command whatever its exit status; caller frees. */
static char *run_status(const char *cmd, int *status)
{
    struct strbuf sb = STRBUF_INIT;
    char buf[4096];
    size_t k;
    FILE *p = popen(cmd, "r");
    int st;

    assert_non_null(p);
    while ((k = fread(buf, 1, sizeof(buf), p)) > 0)
        strbuf_add(&sb, buf, k);
    st = pclose(p);
    if (status)
        *status = st;
    return strbuf_detach(&sb, NULL);
}

static char *slurp(const char *path, size_t *len)
{
    struct strbuf sb = STRBUF_INIT;
    char buf[65536];
    size_t k;
    FILE *f = fopen(path, "rb");

    assert_non_null(f);
    while ((k = fread(buf, 1, sizeof(buf), f)) > 0)
        strbuf_add(&sb, buf, k);
    fclose(f);
    return strbuf_detach(&sb, len);
}

/* pdftotext joins wrapped lines with newlines: compare with spaces only. */
static char *pdf_text(const char *pdf)
{
    char *cmd = xasprintf("pdftotext -enc UTF-8 '%s' -", pdf);
    char *out = run(cmd);
    free(cmd);
    for (char *p = out; *p; p++)
        if (*p == '\n' || *p == '\f')
            *p = ' ';
    /* collapse runs of spaces */
    char *w = out;
    for (char *r = out; *r; r++)
        if (!(*r == ' ' && w > out && w[-1] == ' '))
            *w++ = *r;
    *w = '\0';
    return out;
}

static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    assert_non_null(d);
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static void test_date_line(void **state)
{
    char *s;
    (void)state;

    s = receipt_pdf_date_line("Bắc Kạn", "2023-02-05");
    assert_string_equal(s, "Bắc Kạn, ngày 05 tháng 02 năm 2023");
    free(s);
    s = receipt_pdf_date_line("Bắc Kạn", "2023-03-15");
    assert_string_equal(s, "Bắc Kạn, ngày 15 tháng 3 năm 2023");
    free(s);
    s = receipt_pdf_date_line("Ba Bể", "2024-01-09");
    assert_string_equal(s, "Ba Bể, ngày 09 tháng 01 năm 2024");
    free(s);
    s = receipt_pdf_date_line("Ba Bể", "2024-12-31");
    assert_string_equal(s, "Ba Bể, ngày 31 tháng 12 năm 2024");
    free(s);
    assert_null(receipt_pdf_date_line("Ba Bể", "2023-02-30"));
    assert_null(receipt_pdf_date_line("Ba Bể", "05/02/2023"));
    assert_null(receipt_pdf_date_line("Ba Bể", NULL));
}

static void test_batch_pages_and_text(void **state)
{
    struct receipt_doc d[3];
    char *pdf = path_in("batch.pdf");
    char *cmd, *info, *text;
    struct stat st;
    (void)state;

    batch(d);
    write_ok(pdf, d, 3);
    assert_int_equal(stat(pdf, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    cmd = xasprintf("pdfinfo '%s'", pdf);
    info = run(cmd);
    assert_non_null(strstr(info, "\nPages:           3\n"));
    assert_non_null(strstr(info, "\nPage size:       595.276 x 841.89 pts (A4)\n"));
    free(info);
    free(cmd);

    text = pdf_text(pdf);
    const char *want[] = {
        "UBND TỈNH BẮC KẠN",
        "BAN DÂN TỘC",
        "Số: 05/BB-BDT",
        "Số: 07/BB-BDT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Bắc Kạn, ngày 05 tháng 02 năm 2023",
        "BIÊN BẢN BÀN GIAO",
        "Về việc bàn giao điện thoại thông minh cho người có uy tín",
        "BÊN GIAO (Bên A):",
        "BÊN NHẬN (Bên B):",
        "Mã Hoàng Tạ",
        "Đoàn Trung Vinh",
        long_name,
        "Khuổi Sliến",
        "Khuổi Coóng",
        long_village,
        "490154203237518",
        "356938035643809",
        "353879234252633",
        "867530012345671",
        "867530012345689",
        "006056001234",
        "0912345678",
        "Sạc, cáp, tai nghe",
        "Mới 100%",
        "người có uy tín Đợt 1 năm 2023.",
        "Biên bản được lập thành 02 bản, mỗi bên giữ 01 bản, có giá trị pháp lý như nhau./.",
        "ĐẠI DIỆN BÊN GIAO",
        "ĐẠI DIỆN BÊN NHẬN",
        "(Ký, ghi rõ họ tên)",
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        if (!strstr(text, want[i]))
            fail_msg("pdftotext lacks '%s' in:\n%s", want[i], text);
    }
    assert_null(strstr(text, "BẢN SAO"));
    free(text);

    /* one typeface: every embedded font is of the family Times New Roman resolves to */
    cmd = xasprintf("pdffonts '%s' | tail -n +3 | grep -vc '+%s'", pdf, "LiberationSerif");
    info = run_status(cmd, NULL);
    assert_string_equal(info, "0\n");
    free(info);
    free(cmd);
    free(pdf);
}

static void test_identical_bytes_and_copy(void **state)
{
    struct receipt_doc d[3];
    char *a = path_in("a.pdf"), *b = path_in("b.pdf"), *c = path_in("copy.pdf");
    char *ba, *bb, *text;
    size_t la, lb;
    (void)state;

    batch(d);
    write_ok(a, d, 3);
    write_ok(b, d, 3);
    ba = slurp(a, &la);
    bb = slurp(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(ba, bb, la);
    free(ba);
    free(bb);

    d[0].is_copy = 1;
    write_ok(c, d, 1);
    text = pdf_text(c);
    assert_non_null(strstr(text, "BẢN SAO"));
    assert_non_null(strstr(text, "Mã Hoàng Tạ"));
    free(text);
    free(a);
    free(b);
    free(c);
}

static void test_missing_folder(void **state)
{
    struct receipt_doc d[3];
    struct error err = ERROR_INIT;
    char *dir = path_in("nope");
    char *pdf = path_in("nope/out.pdf");
    int before = count_files(tmpdir);
    (void)state;

    batch(d);
    assert_int_equal(receipt_pdf_write(pdf, OUTFILE_FORCE, d, 3, &err), ERR_IO);
    assert_non_null(strstr(error_msg(&err), "does not exist"));
    assert_non_null(strstr(error_msg(&err), "out.pdf"));
    assert_int_equal(count_files(tmpdir), before);
    error_clear(&err);
    free(dir);
    free(pdf);
}

static void test_errors_leave_nothing(void **state)
{
    struct receipt_doc d[3];
    struct error err = ERROR_INIT;
    char *pdf = path_in("bad.pdf");
    int before = count_files(tmpdir);
    (void)state;

    /* no font has a glyph for a private-use character */
    batch(d);
    d[1].receiver.name = "Mã \xf4\x8f\xbf\xbd Tạ";
    assert_int_equal(receipt_pdf_write(pdf, OUTFILE_FORCE, d, 3, &err), ERR_INTERNAL);
    assert_non_null(strstr(error_msg(&err), "no glyph for U+10FFFD"));
    assert_non_null(strstr(error_msg(&err), "Times New Roman"));
    assert_non_null(strstr(error_msg(&err), "06/BB-BDT"));
    assert_int_equal(access(pdf, F_OK), -1);
    assert_int_equal(count_files(tmpdir), before);
    error_clear(&err);

    /* a glyph that only another font has: no mixing of typefaces */
    batch(d);
    d[0].receiver.phone = "☎ 0912345678";
    assert_int_equal(receipt_pdf_write(pdf, OUTFILE_FORCE, d, 3, &err), ERR_INTERNAL);
    assert_non_null(
        strstr(error_msg(&err),
               "no glyph for U+260E in '- Số CCCD: 006056001234;  số điện thoại: ☎ 0912345678'"));
    print_message("%s\n", error_msg(&err));
    assert_int_equal(count_files(tmpdir), before);
    error_clear(&err);

    batch(d);
    d[2].date = "2023-02-30";
    assert_int_equal(receipt_pdf_write(pdf, OUTFILE_FORCE, d, 3, &err), ERR_INVALID);
    assert_non_null(strstr(error_msg(&err), "'2023-02-30'"));
    error_clear(&err);

    batch(d);
    d[0].receiver.village = "thôn \xff";
    assert_int_equal(receipt_pdf_write(pdf, OUTFILE_FORCE, d, 3, &err), ERR_INVALID);
    assert_non_null(strstr(error_msg(&err), "village"));
    error_clear(&err);

    batch(d);
    d[0].number = "";
    assert_int_equal(receipt_pdf_write(pdf, OUTFILE_FORCE, d, 3, &err), ERR_INVALID);
    error_clear(&err);

    assert_int_equal(receipt_pdf_write(pdf, OUTFILE_FORCE, d, 0, &err), ERR_INVALID);
    error_clear(&err);
    assert_int_equal(count_files(tmpdir), before);
    free(pdf);
}

/* The number of pages of pdf, as pdfinfo reads it. */
static int pdf_pages(const char *pdf)
{
    char *cmd = xasprintf("pdfinfo '%s' | sed -n 's/^Pages: *//p'", pdf);
    char *out = run(cmd);
    int n = atoi(out);
    free(cmd);
    free(out);
    return n;
}

/* The text of page `page` of pdf, lines joined with spaces; caller frees. */
static char *page_text(const char *pdf, int page)
{
    char *cmd =
        xasprintf("pdftotext -enc UTF-8 -f %d -l %d '%s' - | tr '\\n' ' '", page, page, pdf);
    char *out = run(cmd);
    free(cmd);
    return out;
}

/*
 * A long venue, the superior agency in full and a long model still hold on
 * one page (set tighter), with the office's place in the date line and the
 * venue in the body.
 */
static void test_long_fields_one_page(void **state)
{
    struct receipt_doc d;
    char *pdf = path_in("long.pdf");
    (void)state;

    fill(&d, "08/BB-BDT", "Hoàng Thị Ngọc Ánh Phương Thảo", long_village, "490154203237518",
         "356938035643809");
    d.parent_body = "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN";
    d.office = "BAN DÂN TỘC TỈNH BẮC KẠN";
    d.place = "Thái Nguyên";
    d.venue = "Hội trường Ủy ban nhân dân xã Mỹ Phương, huyện Ba Bể (nhà văn hóa thôn Thôm Pục)";
    d.device.model = "Samsung Galaxy A05s 4GB/128GB bản quốc tế, màu đen, kèm ốp lưng";
    d.device.condition = "Đã qua sử dụng, hoạt động bình thường";
    d.decision = "1234/QĐ-UBND ngày 15/01/2023";
    write_ok(pdf, &d, 1);
    assert_int_equal(pdf_pages(pdf), 1);
    char *text = pdf_text(pdf);
    assert_non_null(strstr(text, "Thái Nguyên, ngày 05 tháng 02 năm 2023"));
    assert_non_null(strstr(text, "tại Hội trường Ủy ban nhân dân xã Mỹ Phương"));
    assert_non_null(strstr(text, "Căn cứ Quyết định số 1234/QĐ-UBND ngày 15/01/2023"));
    assert_non_null(strstr(text, "ỦY BAN NHÂN DÂN"));
    assert_null(strstr(text, "Trang 1/"));
    assert_null(strstr(text, "Đợt cấp phát: Đợt"));
    free(text);
    free(pdf);
}

/* A receipt that cannot fit one page goes on over a second: "Trang 1/2",
 * the signature blocks together, the QR code on each page; never an error. */
static void test_too_long_for_a_page(void **state)
{
    struct receipt_doc d[3];
    struct strbuf huge = STRBUF_INIT;
    char *pdf = path_in("huge.pdf");
    (void)state;

    batch(d);
    for (int i = 0; i < 60; i++)
        strbuf_addstr(&huge, "Khuổi Sliến Nà Làng ");
    d[0].receiver.village = huge.buf;
    d[0].receiver.name = long_name;
    d[0].device.model = "Samsung Galaxy A05s 4GB/128GB bản quốc tế, màu đen, kèm ốp lưng";
    write_ok(pdf, d, 2);
    /* the first receipt on n pages, the second on one */
    int n = pdf_pages(pdf) - 1;
    assert_true(n >= 2);
    char *first = page_text(pdf, 1), *last = page_text(pdf, n), *next = page_text(pdf, n + 1);
    char *p1 = xasprintf("Trang 1/%d", n), *pn = xasprintf("Trang %d/%d", n, n);
    assert_non_null(strstr(first, p1));
    assert_non_null(strstr(last, pn));
    assert_null(strstr(next, "Trang"));
    /* the signatures together, with the closing paragraph */
    assert_non_null(strstr(last, "ĐẠI DIỆN BÊN GIAO"));
    assert_non_null(strstr(last, "ĐẠI DIỆN BÊN NHẬN"));
    assert_non_null(strstr(last, "có giá trị pháp lý như nhau"));
    assert_null(strstr(first, "ĐẠI DIỆN"));
    assert_non_null(strstr(first, "05/BB-BDT"));
    assert_non_null(strstr(last, "05/BB-BDT"));
    assert_non_null(strstr(next, "06/BB-BDT"));
    free(first);
    free(last);
    free(next);
    free(p1);
    free(pn);
    strbuf_release(&huge);
    free(pdf);
}

/* Every page of pdf is size ("W x H pts", as pdfinfo's "Page N size"
 * lines say it), and the first is named name in its "Page size" line
 * (NULL: pdfinfo names no A5). */
static void assert_page_sizes(const char *pdf, int pages, const char *size, const char *name)
{
    char *info_cmd = xasprintf("pdfinfo '%s'", pdf), *info = run(info_cmd);
    char *line = name ? xasprintf("\nPage size:       %s (%s)\n", size, name)
                      : xasprintf("\nPage size:       %s\n", size);
    if (!strstr(info, line))
        fail_msg("%s: no '%s' in:\n%s", pdf, line, info);
    free(line);
    free(info);
    free(info_cmd);
    char *cmd =
        xasprintf("pdfinfo -f 1 -l %d '%s' | grep -c '^Page *[0-9]* size: *%s'", pages, pdf, size);
    char *out = run_status(cmd, NULL);
    if (atoi(out) != pages)
        fail_msg("%s: %s of %d pages are %s", pdf, out, pages, size);
    free(out);
    free(cmd);
}

/*
 * The paper of the settings (paper_size): A5, the decree's paper for
 * receipts, holds a receipt over two pages at the decree's body size (a
 * 13 pt "Căn cứ" is 14.4 points tall, a 12 pt one 13.3), the IMEIs on a
 * line of their own, the signatures together; never an error, however
 * long the text. Letter is Letter.
 */
static void test_paper_sizes(void **state)
{
    struct receipt_doc d[3];
    struct strbuf huge = STRBUF_INIT;
    char *pdf = path_in("a5.pdf"), *cmd, *out;
    (void)state;

    batch(d);
    for (int i = 0; i < 3; i++)
        d[i].paper = PAPER_A5;
    write_ok(pdf, d, 3);
    int n = pdf_pages(pdf);
    assert_true(n >= 3);
    assert_page_sizes(pdf, n, "419.528 x 595.276 pts", NULL);
    char *text = pdf_text(pdf);
    assert_non_null(strstr(text, "490154203237518"));
    assert_non_null(strstr(text, "867530012345671"));
    assert_non_null(strstr(text, "867530012345689"));
    free(text);
    for (int page = 1; page <= n; page++) {
        char *t = page_text(pdf, page);
        /* the two signature blocks on one page */
        assert_true(!strstr(t, "ĐẠI DIỆN BÊN GIAO") == !strstr(t, "ĐẠI DIỆN BÊN NHẬN"));
        free(t);
    }
    cmd = xasprintf(
        "pdftotext -bbox '%s' - | sed -n 's/.*yMin=\"\\([0-9.]*\\)\".*yMax=\"\\([0-9.]*\\)"
        "\">Hôm<.*/\\1 \\2/p' | awk '{ h = $2 - $1; if (m == \"\" || h < m) m = h } "
        "END { print (m >= 13.2 ? \"ok\" : \"small \" m) }'",
        pdf);
    out = run(cmd);
    assert_string_equal(out, "ok\n");
    free(out);
    free(cmd);

    /* a receipt too long for an A4 page, on A5: over as many as it takes */
    for (int i = 0; i < 60; i++)
        strbuf_addstr(&huge, "Khuổi Sliến Nà Làng ");
    d[0].receiver.village = huge.buf;
    d[0].receiver.name = long_name;
    d[0].venue = "Hội trường Ủy ban nhân dân xã Mỹ Phương, huyện Ba Bể (nhà văn hóa thôn Thôm Pục)";
    d[0].device.condition = "Đã qua sử dụng, hoạt động bình thường";
    write_ok(pdf, d, 1);
    n = pdf_pages(pdf);
    assert_true(n >= 3);
    assert_page_sizes(pdf, n, "419.528 x 595.276 pts", NULL);
    char *first = page_text(pdf, 1), *p1 = xasprintf("Trang 1/%d", n);
    assert_non_null(strstr(first, p1));
    free(first);
    free(p1);

    d[0] = d[1];
    d[0].paper = PAPER_LETTER;
    write_ok(pdf, d, 1);
    assert_int_equal(pdf_pages(pdf), 1);
    assert_page_sizes(pdf, 1, "612 x 792 pts", "letter");
    strbuf_release(&huge);
    free(pdf);
}

/* A preview is marked across the page; a receipt made in three originals says so. */
static void test_preview_and_originals(void **state)
{
    struct receipt_doc d;
    char *pdf = path_in("preview.pdf");
    (void)state;

    fill(&d, "09/BB-BDT", "Mã Hoàng Tạ", "thôn Khuổi Sliến", "490154203237518", "");
    d.is_preview = 1;
    d.originals = 3;
    write_ok(pdf, &d, 1);
    char *text = pdf_text(pdf);
    assert_non_null(strstr(text, "BẢN XEM TRƯỚC"));
    assert_null(strstr(text, "BẢN SAO"));
    assert_non_null(strstr(text, "lập thành 03 bản, Bên A giữ 02 bản, Bên B giữ 01 bản"));
    assert_non_null(strstr(text, "- Ông: Mã Hoàng Tạ"));
    free(text);
    free(pdf);
}

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

/*
 * A district's batch in one file: memory stays flat (layouts are freed page
 * by page). Peak resident memory of the whole test must stay well under
 * 64 MB; the time is printed (about 3-4 s on the reference machine, where
 * the goal is under 5 s) and only a gross slowdown fails. Under sanitizers
 * (slow, and memory-hungry by design) 50 pages and no limits.
 */
static void test_thousand_pages(void **state)
{
    size_t n = SANITIZED ? 50 : 1000;
    struct receipt_doc three[3], *d = xcalloc(n, sizeof(*d));
    char *pdf = path_in("many.pdf"), *cmd, *info, *want;
    struct timespec t0, t1;
    struct rusage ru;
    double secs;
    (void)state;

    batch(three);
    for (size_t i = 0; i < n; i++)
        d[i] = three[i % 3];
    clock_gettime(CLOCK_MONOTONIC, &t0);
    write_ok(pdf, d, n);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
    print_message("%zu pages in %.2f s, peak resident %ld KB\n", n, secs, ru.ru_maxrss);
    if (!SANITIZED) {
        assert_true(ru.ru_maxrss < 48 * 1024);
        assert_true(secs < 15.0);
    }

    cmd = xasprintf("pdfinfo '%s'", pdf);
    info = run(cmd);
    want = xasprintf("\nPages:           %zu\n", n);
    assert_non_null(strstr(info, want));
    free(want);
    free(info);
    free(cmd);
    unlink(pdf);
    free(pdf);
    free(d);
}

static int setup(void **state)
{
    char tmpl[] = "/tmp/capphat-receipt-XXXXXX";
    (void)state;
    tmpdir = xstrdup(mkdtemp(tmpl));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    const char *keep = getenv("KEEP");
    if (keep && !strcmp(keep, "1")) {
        fprintf(stderr, "kept %s\n", tmpdir);
    } else {
        char *cmd = xasprintf("rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", tmpdir);
        free(cmd);
    }
    free(tmpdir);
    return 0;
}

int main(void)
{
    report_lsan_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_line),
        cmocka_unit_test(test_batch_pages_and_text),
        cmocka_unit_test(test_identical_bytes_and_copy),
        cmocka_unit_test(test_missing_folder),
        cmocka_unit_test(test_errors_leave_nothing),
        cmocka_unit_test(test_long_fields_one_page),
        cmocka_unit_test(test_too_long_for_a_page),
        cmocka_unit_test(test_paper_sizes),
        cmocka_unit_test(test_preview_and_originals),
        cmocka_unit_test(test_thousand_pages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
