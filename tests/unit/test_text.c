/* Unit tests for core/text: cleaning, NFC, folding, width, fitting, upper. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/text.h"

static void assert_has(const char *msg, const char *part)
{
    if (!strstr(msg, part))
        fail_msg("message '%s' does not contain '%s'", msg, part);
}

static void clean_ok(const char *in, int multiline, const char *want)
{
    struct error err = ERROR_INIT;
    char *out = NULL;

    if (text_clean(in, "name", 0, multiline, &out, &err) != 0)
        fail_msg("'%s' refused: %s", in, error_msg(&err));
    assert_non_null(out);
    assert_string_equal(out, want);
    free(out);
}

static void clean_bad(const char *in, int multiline, const char *part)
{
    struct error err = ERROR_INIT;
    char *out = (char *)"untouched";

    assert_int_equal(text_clean(in, "name", 0, multiline, &out, &err), ERR_INVALID);
    assert_null(out);
    assert_int_equal(err.code, ERR_INVALID);
    assert_has(error_msg(&err), "name ");
    if (part)
        assert_has(error_msg(&err), part);
    error_clear(&err);
}

static void fold_is(const char *in, const char *want)
{
    char *f = text_fold(in);
    assert_string_equal(f, want);
    free(f);
}

static void fold_same(const char *a, const char *b)
{
    char *fa = text_fold(a), *fb = text_fold(b);
    assert_string_equal(fa, fb);
    free(fa);
    free(fb);
}

static void fit_is(const char *s, int width, int pad, const char *want, int want_cols)
{
    struct strbuf sb = STRBUF_INIT;

    strbuf_addstr(&sb, "[");
    assert_int_equal(text_fit(&sb, s, width, pad), want_cols);
    assert_string_equal(sb.buf + 1, want);
    assert_int_equal(text_width(sb.buf + 1), want_cols);
    assert_true(text_valid_utf8(sb.buf, sb.len));
    strbuf_release(&sb);
}

/* Precomposed (NFC) and decomposed (NFD) spellings used below. */
#define HOA_NFC "Ho\xc3\xa0"  /* Hoà: a with grave, U+00E0 */
#define HOA_NFD "Hoa\xcc\x80" /* a + U+0300 */
#define MUC_NFC                                                                                    \
    "M\xe1\xbb\xa5"                                                                                \
    "c" /* Mục: U+1EE5 */
#define MUC_NFD                                                                                    \
    "Mu\xcc\xa3"                                                                                   \
    "c" /* u + U+0323 */

static void test_clean_spaces(void **state)
{
    (void)state;
    clean_ok("Mã Hoàng Tạ", 0, "Mã Hoàng Tạ");
    clean_ok("  Mã   Hoàng  Tạ  ", 0, "Mã Hoàng Tạ");
    clean_ok("\xc2\xa0Mã\xc2\xa0\xc2\xa0Hoàng \xc2\xa0Tạ\xc2\xa0", 0, "Mã Hoàng Tạ");
    clean_ok("Pác\xe3\x80\x80Nặm", 0, "Pác Nặm"); /* ideographic space */
    clean_ok("Pác\xe2\x80\x83Nặm", 0, "Pác Nặm"); /* em space */
    clean_ok("", 0, "");
    clean_ok("   ", 0, "");
    clean_ok(NULL, 0, "");
}

static void test_clean_invisible(void **state)
{
    struct error err = ERROR_INIT;
    char *out = NULL;

    /* a BOM from a CSV file and a zero-width space from an input method vanish */
    assert_int_equal(
        text_clean("\xef\xbb\xbfN\xc3\xb4ng\xe2\x80\x8b V\xc4\x83n", "name", 0, 0, &out, &err), 0);
    assert_string_equal(out, "N\xc3\xb4ng V\xc4\x83n");
    free(out);
    /* a right-to-left override is refused */
    assert_int_equal(text_clean("ab\xe2\x80\xae"
                                "cd",
                                "name", 0, 0, &out, &err),
                     ERR_INVALID);
    assert_non_null(strstr(error_msg(&err), "U+202E"));
    error_clear(&err);
}

static void test_clean_nfc(void **state)
{
    (void)state;
    clean_ok(HOA_NFD " " MUC_NFD, 0, HOA_NFC " " MUC_NFC);
    clean_ok(HOA_NFC " " MUC_NFC, 0, HOA_NFC " " MUC_NFC);
    /* Tạ typed as T a U+0323 */
    clean_ok("Ta\xcc\xa3", 0, "T\xe1\xba\xa1");
    /* ắ typed as a + U+0306 + U+0301 */
    clean_ok("Ba\xcc\x86\xcc\x81"
             "c",
             0,
             "B\xe1\xba\xaf"
             "c");
}

static void test_clean_controls(void **state)
{
    (void)state;
    clean_bad("a\x01"
              "b",
              0, "control character");
    clean_bad("\x1b[31mred", 0, "U+001B");
    clean_bad("a\tb", 0, "control character");
    clean_bad("a\nb", 0, "control character");
    clean_bad("a\x7f", 0, "control character");
    clean_bad("a\xc2\x85"
              "b",
              0, "control character"); /* U+0085 NEL */
    clean_bad("a\xe2\x80\xa8"
              "b",
              0, "U+2028");
    /* multiline keeps newlines, turns tabs into a space, drops CR */
    clean_ok("a\nb", 1, "a\nb");
    clean_ok("a\r\nb", 1, "a\nb");
    clean_ok("a\t\tb", 1, "a b");
    clean_ok("a   \n   b", 1, "a\nb");
    clean_ok("a\n\nb", 1, "a\n\nb"); /* paragraphs kept */
    /* trimmed at both ends, newlines too */
    clean_ok("\n \r\n a b \n\n \n", 1, "a b");
    clean_ok("\n\n", 1, "");
    clean_bad("a\nb\x01", 1, "control character");
    /* CR alone is dropped even on one line (CRLF from Windows files) */
    clean_ok("Ba Bể\r", 0, "Ba Bể");
}

static void test_clean_invalid_utf8(void **state)
{
    (void)state;
    clean_bad("\xff", 0, "UTF-8");
    clean_bad("ab\xff"
              "cd",
              0, "\\xFF");
    clean_bad("\xc0\xaf", 0, "UTF-8"); /* overlong '/' */
    clean_bad("a\x80"
              "b",
              0, "UTF-8");                     /* lone continuation byte */
    clean_bad("T\xe1\xba", 0, "UTF-8");        /* truncated sequence */
    clean_bad("\xed\xa0\x80", 0, "UTF-8");     /* UTF-16 surrogate */
    clean_bad("\xf4\x90\x80\x80", 0, "UTF-8"); /* beyond U+10FFFF */
    assert_true(text_valid_utf8("Mã Hoàng Tạ", strlen("Mã Hoàng Tạ")));
    assert_true(text_valid_utf8("", 0));
    assert_false(text_valid_utf8("\xc0\xaf", 2));
    assert_false(text_valid_utf8("T\xe1\xba", 3));
}

static void test_clean_max_bytes(void **state)
{
    struct error err = ERROR_INIT;
    char *out = NULL;

    (void)state;
    assert_int_equal(text_clean("0123456789", "note", 10, 0, &out, &err), 0);
    assert_string_equal(out, "0123456789");
    free(out);
    assert_int_equal(text_clean("0123456789a", "note", 10, 0, &out, &err), ERR_INVALID);
    assert_null(out);
    assert_has(error_msg(&err), "note ");
    assert_has(error_msg(&err), "11 bytes");
    assert_has(error_msg(&err), "at most 10");
    error_clear(&err);
    /* measured after NFC and trimming: 4 NFD bytes are 3 NFC bytes */
    assert_int_equal(text_clean("  a\xcc\x80"
                                "b  ",
                                "note", 3, 0, &out, &err),
                     0);
    assert_string_equal(out, "\xc3\xa0"
                             "b");
    free(out);
    /* the default is TEXT_MAX_BYTES */
    char big[TEXT_MAX_BYTES + 2];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_int_equal(text_clean(big, "note", 0, 0, &out, &err), ERR_INVALID);
    assert_has(error_msg(&err), "1001 bytes");
    error_clear(&err);
    big[TEXT_MAX_BYTES] = '\0';
    assert_int_equal(text_clean(big, "note", 0, 0, &out, &err), 0);
    assert_int_equal(strlen(out), TEXT_MAX_BYTES);
    free(out);
}

static void test_clean_huge(void **state)
{
    const size_t n = 1 << 20;
    char *big = malloc(n + 1);
    struct error err = ERROR_INIT;
    char *out = NULL;

    (void)state;
    assert_non_null(big);
    /* "ắ " repeated: 4 bytes per character pair */
    for (size_t i = 0; i + 4 <= n; i += 4)
        memcpy(big + i, "\xe1\xba\xaf ", 4);
    big[n] = '\0';
    assert_int_equal(text_clean(big, "note", 0, 0, &out, &err), ERR_INVALID);
    assert_null(out);
    assert_has(error_msg(&err), "1048576 bytes");
    assert_true(strlen(error_msg(&err)) < 400);
    error_clear(&err);
    /* allowed when the caller says so */
    assert_int_equal(text_clean(big, "note", 2 * n, 1, &out, &err), 0);
    assert_int_equal(strlen(out), n - 1); /* the trailing space trimmed */
    free(out);
    free(big);
}

static void test_clean_required(void **state)
{
    struct error err = ERROR_INIT;
    char *out = NULL;

    (void)state;
    assert_int_equal(text_clean_required(" Ba  Bể ", "district", 0, &out, &err), 0);
    assert_string_equal(out, "Ba Bể");
    free(out);
    assert_int_equal(text_clean_required(" \xc2\xa0 ", "district", 0, &out, &err), ERR_INVALID);
    assert_null(out);
    assert_string_equal(error_msg(&err), "district is required");
    error_clear(&err);
    assert_int_equal(text_clean_required("a\x01", "district", 0, &out, &err), ERR_INVALID);
    assert_has(error_msg(&err), "control");
    error_clear(&err);
}

static void test_fold(void **state)
{
    (void)state;
    fold_is("Mã Hoàng Tạ", "ma hoang ta");
    fold_is("Đông", "dong");
    fold_is("ĐOÀN", "doan");
    fold_is("đường Nguyễn Thị Minh Khai", "duong nguyen thi minh khai");
    fold_is("  Pác \xc2\xa0 Nặm\t", "pac nam");
    fold_is("Ưng Ơn Ôn Ê Ă Â", "ung on on e a a");
    fold_is("", "");
    fold_is("d\xff"
            "ong",
            "dong"); /* invalid bytes dropped */
    fold_same("Hoà Mục", "Hòa Mục");
    fold_same(HOA_NFC " " MUC_NFC, HOA_NFD " " MUC_NFD);
    fold_same("Thuỷ", "Thủy");
    fold_is("Sĩ", "si");
    fold_is("Sỹ", "sy"); /* i and y stay different letters */
    /* folding does not make different words equal */
    char *a = text_fold("Đông"), *b = text_fold("Dung");
    assert_string_not_equal(a, b);
    free(a);
    free(b);
}

static void place_is(const char *in, const char *want)
{
    char *k = text_place_key(in);
    assert_string_equal(k, want);
    free(k);
}

/* Two spellings of one place compare equal; other y stay. */
static void test_place_key(void **state)
{
    place_is("Sỹ Bình", "si binh");
    place_is("Sĩ Bình", "si binh");
    place_is("Hòa Mục", "hoa muc");
    place_is("Hoà Mục", "hoa muc");
    place_is("Liêm Thuỷ", "liem thuy");
    place_is("Liêm Thủy", "liem thuy");
    place_is("Trung Hoà", "trung hoa");
    place_is("Kim Hỷ", "kim hi");
    place_is("Kim Hỉ", "kim hi");
    place_is("Yên Thịnh", "yen thinh");
    place_is("Huyền Tụng", "huyen tung");
    place_is("Tân Kỳ", "tan ki");
    place_is("  Y  ", "y");
    place_is("", "");
}

static void test_width(void **state)
{
    (void)state;
    assert_int_equal(text_width(""), 0);
    assert_int_equal(text_width("Mã Hoàng Tạ"), 11);
    assert_int_equal(text_width(HOA_NFD " " MUC_NFD), 7);
    assert_int_equal(text_width(HOA_NFC " " MUC_NFC), 7);
    assert_int_equal(text_width("Ba\xcc\x86\xcc\x81"
                                "c"),
                     3); /* two combining marks */
    assert_int_equal(text_width("中文"), 4);
    assert_int_equal(text_width("a中b"), 4);
    assert_int_equal(text_width("\xff"
                                "a"),
                     2);
    assert_int_equal(text_width("…"), 1);
}

static void test_fit(void **state)
{
    (void)state;
    fit_is("Mã Hoàng Tạ", 11, 0, "Mã Hoàng Tạ", 11);
    fit_is("Mã Hoàng Tạ", 15, 1, "Mã Hoàng Tạ    ", 15);
    fit_is("Mã Hoàng Tạ", 15, 0, "Mã Hoàng Tạ", 11);
    fit_is("Mã Hoàng Tạ", 10, 0, "Mã Hoàng …", 10);
    fit_is("Mã Hoàng Tạ", 5, 1, "Mã H…", 5);
    fit_is("Mã Hoàng Tạ", 1, 1, "…", 1);
    fit_is("Mã Hoàng Tạ", 0, 1, "", 0);
    fit_is("", 3, 1, "   ", 3);
    /* NFD: the mark stays with its letter */
    fit_is(HOA_NFD "ng", 4, 0, HOA_NFD "…", 4);
    fit_is(HOA_NFD "ng", 3, 0, "Ho…", 3);
    /* wide characters are not split: a column is padded instead */
    fit_is("中文字", 6, 0, "中文字", 6);
    fit_is("中文字", 5, 0, "中文…", 5);
    fit_is("中文字", 4, 0, "中…", 3);
    fit_is("中文字", 4, 1, "中… ", 4);
}

static void test_upper(void **state)
{
    char *u;

    (void)state;
    u = text_upper("Bắc Kạn");
    assert_string_equal(u, "BẮC KẠN");
    free(u);
    u = text_upper("đông ưng ơn");
    assert_string_equal(u, "ĐÔNG ƯNG ƠN");
    free(u);
    u = text_upper(HOA_NFD " " MUC_NFD);
    assert_string_equal(u, "HO\xc3\x80 M\xe1\xbb\xa4"
                           "C"); /* NFC À, Ụ */
    free(u);
    u = text_upper("");
    assert_string_equal(u, "");
    free(u);
}

static void test_nfc(void **state)
{
    char *s;

    (void)state;
    s = text_nfc("  " HOA_NFD "\t" MUC_NFD "  ");
    assert_string_equal(s, "  " HOA_NFC "\t" MUC_NFC "  ");
    free(s);
    s = text_nfc("a\xff" HOA_NFD);
    assert_string_equal(s, "a" HOA_NFC);
    free(s);
    /* precomposed Vietnamese is kept as it is */
#define NGOC_HUONG                                                                                 \
    "Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b Ng\xe1\xbb\x8d"                                              \
    "c H\xc6\xb0\xe1\xbb\x9fng"
    s = text_nfc(NGOC_HUONG);
    assert_string_equal(s, NGOC_HUONG);
    free(s);
    /* a precomposed letter followed by a mark still composes: ê + U+0301 = ế,
     * Ơ + U+0323 = Ợ; a singleton outside Latin: U+212B (angstrom) = Å */
    s = text_nfc("\xc3\xaa\xcc\x81 \xc6\xa0\xcc\xa3 \xe2\x84\xab");
    assert_string_equal(s, "\xe1\xba\xbf \xe1\xbb\xa2 \xc3\x85");
    free(s);
    clean_ok("\xc3\xaa\xcc\x81", 0, "\xe1\xba\xbf");
}

static void escape_is(const char *in, const char *want)
{
    char *got = text_escaped(in);
    assert_string_equal(got, want);
    free(got);
}

/* What reaches a terminal: escape sequences, bells, C1 controls, bidi
 * controls and line separators are shown as text, everything else as it is. */
static void test_escape(void **state)
{
    (void)state;
    escape_is("Mã Hoàng Tạ", "Mã Hoàng Tạ");
    escape_is("", "");
    escape_is(NULL, "");
    escape_is("a\\b \"q\" 'x'", "a\\b \"q\" 'x'");
    escape_is("\x1b]0;pwned\x07", "\\x1B]0;pwned\\x07");
    escape_is("\x1b[2J", "\\x1B[2J");
    escape_is("a\tb\nc\rd\x7f", "a\\x09b\\x0Ac\\x0Dd\\x7F");
    escape_is("\xc2\x9b"
              "2J\xc2\x85",
              "\\u009B2J\\u0085");
    escape_is("abc\xe2\x80\xae"
              "fdp.exe",
              "abc\\u202Efdp.exe");
    escape_is("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", "\\u202A\\u202B\\u202C\\u202D");
    escape_is("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", "\\u2066\\u2067\\u2068\\u2069");
    escape_is("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "\\u200E\\u200F\\u061C");
    escape_is("\xe2\x80\xa8\xe2\x80\xa9", "\\u2028\\u2029");
    /* the neighbours of those are text */
    escape_is("\xc2\xa0\xe2\x80\x94\xe2\x80\xaf\xe2\x81\xa0",
              "\xc2\xa0\xe2\x80\x94\xe2\x80\xaf\xe2\x81\xa0");
    /* bytes that are not UTF-8, one escape each */
    escape_is("Nguy\xff"
              "n",
              "Nguy\\xFFn");
    escape_is("\xc0\xaf", "\\xC0\\xAF");
    escape_is("T\xe1\xba", "T\\xE1\\xBA");
    escape_is("\xed\xa0\x80", "\\xED\\xA0\\x80");
    /* one character at a time, with the bytes used */
    struct strbuf sb = STRBUF_INIT;
    assert_int_equal(text_escape_char(&sb, "\xe2\x80\xae!", 4), 3);
    assert_int_equal(text_escape_char(&sb, "ạ", 3), 3);
    assert_int_equal(text_escape_char(&sb, "\x1b", 1), 1);
    assert_int_equal(text_escape_char(&sb, "\xe1\xba", 2), 1);
    assert_string_equal(sb.buf, "\\u202Eạ\\x1B\\xE1");
    strbuf_release(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_spaces),
        cmocka_unit_test(test_clean_invisible),
        cmocka_unit_test(test_clean_nfc),
        cmocka_unit_test(test_clean_controls),
        cmocka_unit_test(test_clean_invalid_utf8),
        cmocka_unit_test(test_clean_max_bytes),
        cmocka_unit_test(test_clean_huge),
        cmocka_unit_test(test_clean_required),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_fit),
        cmocka_unit_test(test_upper),
        cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_place_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
