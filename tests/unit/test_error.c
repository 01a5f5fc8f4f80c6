/* Unit tests for core/error: messages, prefixes and quoting values. */
#include "unit.h"

#include <string.h>

#include "core/error.h"
#include "core/strbuf.h"

static void quote_is(const char *in, const char *want)
{
    assert_string_equal(error_quote(in), want);
}

static void test_set_clear(void **state)
{
    struct error err = ERROR_INIT;

    (void)state;
    assert_null(err.msg);
    assert_string_equal(error_msg(&err), "");
    assert_string_equal(error_msg(NULL), "");
    assert_int_equal(
        error_set(&err, ERR_INVALID, "imei '%s' fails its check digit", "490154203237519"),
        ERR_INVALID);
    assert_int_equal(err.code, ERR_INVALID);
    assert_string_equal(error_msg(&err), "imei '490154203237519' fails its check digit");
    /* a second error replaces the first (and does not leak it) */
    assert_int_equal(error_set(&err, ERR_CONFLICT, "imei %d is already registered", 42),
                     ERR_CONFLICT);
    assert_int_equal(err.code, ERR_CONFLICT);
    assert_string_equal(error_msg(&err), "imei 42 is already registered");
    /* the message may quote itself */
    error_set(&err, ERR_IO, "again: %s", err.msg);
    assert_string_equal(error_msg(&err), "again: imei 42 is already registered");
    error_clear(&err);
    assert_int_equal(err.code, 0);
    assert_null(err.msg);
    assert_string_equal(error_msg(&err), "");
    /* no error struct: the code is still returned */
    assert_int_equal(error_set(NULL, ERR_NOT_FOUND, "x"), ERR_NOT_FOUND);
    error_prefix(NULL, "row %d", 3);
    /* an empty format gives an empty message, not NULL */
    error_set(&err, ERR_INTERNAL, "%s", "");
    assert_int_equal(err.code, ERR_INTERNAL);
    assert_string_equal(error_msg(&err), "");
    error_clear(&err);
}

static void test_prefix(void **state)
{
    struct error err = ERROR_INIT;

    (void)state;
    error_set(&err, ERR_INVALID, "imei '%s' has 14 digits; an IMEI has 15", "49015420323751");
    error_prefix(&err, "row %d", 12);
    assert_string_equal(error_msg(&err),
                        "row 12: imei '49015420323751' has 14 digits; an IMEI has 15");
    error_prefix(&err, "%s", "persons.csv");
    assert_string_equal(error_msg(&err),
                        "persons.csv: row 12: imei '49015420323751' has 14 digits; an IMEI has 15");
    assert_int_equal(err.code, ERR_INVALID);
    error_clear(&err);
    error_prefix(&err, "row %d", 1);
    assert_string_equal(error_msg(&err), "row 1");
    error_clear(&err);
}

static void test_field(void **state)
{
    struct error err = ERROR_INIT;

    (void)state;
    assert_null(err.field);
    assert_null(err.hint);
    /* a refused value names its field by key */
    assert_int_equal(error_set_field(&err, ERR_INVALID, "birth_year",
                                     "birth year '%s' must be a year like 1958", "19x8"),
                     ERR_INVALID);
    assert_int_equal(err.code, ERR_INVALID);
    assert_string_equal(err.field, "birth_year");
    assert_string_equal(error_msg(&err), "birth year '19x8' must be a year like 1958");
    /* a prefix keeps the field */
    error_prefix(&err, "row %d", 4);
    assert_string_equal(err.field, "birth_year");
    assert_string_equal(error_msg(&err), "row 4: birth year '19x8' must be a year like 1958");
    /* a message without a field forgets the one before */
    error_set(&err, ERR_IO, "disk full");
    assert_null(err.field);
    assert_null(err.hint);
    /* a rule given the field's label: the caller names its key, only on failure */
    error_set(&err, ERR_INVALID, "price 'x' is not an amount in đồng");
    assert_int_equal(error_field(&err, "price", ERR_INVALID), ERR_INVALID);
    assert_string_equal(err.field, "price");
    assert_int_equal(error_field(&err, "model", 0), 0);
    assert_string_equal(err.field, "price");
    /* the hint: another value the message asks for */
    error_set_field(&err, ERR_AMBIGUOUS, "commune", "commune 'x' is ambiguous");
    assert_int_equal(error_hint(&err, "as_of", ERR_AMBIGUOUS), ERR_AMBIGUOUS);
    assert_string_equal(err.field, "commune");
    assert_string_equal(err.hint, "as_of");
    assert_int_equal(error_hint(&err, "district", 0), 0);
    assert_string_equal(err.hint, "as_of");
    /* the next message has neither until it is given them */
    error_set_field(&err, ERR_INVALID, "phone", "phone '1' is too short");
    assert_string_equal(err.field, "phone");
    assert_null(err.hint);
    error_clear(&err);
    assert_null(err.field);
    assert_null(err.hint);
    assert_int_equal(err.code, 0);
    /* no error struct: the code is still returned */
    assert_int_equal(error_set_field(NULL, ERR_INVALID, "gender", "x"), ERR_INVALID);
    assert_int_equal(error_field(NULL, "gender", ERR_INVALID), ERR_INVALID);
    assert_int_equal(error_hint(NULL, "as_of", ERR_AMBIGUOUS), ERR_AMBIGUOUS);
}

static void test_quote_plain(void **state)
{
    (void)state;
    quote_is("490154203237518", "490154203237518");
    quote_is("Mã Hoàng Tạ", "Mã Hoàng Tạ");
    quote_is("", "");
    quote_is(NULL, "");
}

static void test_quote_long(void **state)
{
    char in[256], want[512];
    struct strbuf sb = STRBUF_INIT;

    (void)state;
    /* 60 characters are kept whole */
    memset(in, 'x', 60);
    in[60] = '\0';
    quote_is(in, in);
    /* 61 are cut to 60, "…" and the byte count */
    in[60] = 'y';
    in[61] = '\0';
    memset(want, 'x', 60);
    strcpy(want + 60, "… (61 bytes)");
    quote_is(in, want);
    /* counted in characters, not bytes; cut on a character boundary */
    strbuf_addrep(&sb, "ắ", 70);
    const char *q = error_quote(sb.buf);
    assert_int_equal(strncmp(q, sb.buf, 180), 0);
    assert_string_equal(q + 180, "… (210 bytes)");
    strbuf_release(&sb);
    /* a 1 MB value gives a short quote */
    strbuf_addrep(&sb, "a", 1 << 20);
    assert_true(strlen(error_quote(sb.buf)) < 100);
    assert_non_null(strstr(error_quote(sb.buf), "(1048576 bytes)"));
    strbuf_release(&sb);
}

static void test_quote_bytes(void **state)
{
    (void)state;
    quote_is("a\x01"
             "b",
             "a\\x01b");
    quote_is("\x1b[31mred", "\\x1B[31mred");
    quote_is("a\tb\nc\r", "a\\x09b\\x0Ac\\x0D");
    quote_is("del\x7f", "del\\x7F");
    quote_is("\xff", "\\xFF");
    quote_is("ab\xff"
             "cd",
             "ab\\xFFcd");
    quote_is("\xc0\xaf", "\\xC0\\xAF"); /* overlong */
    quote_is("a\x80"
             "b",
             "a\\x80b");                  /* lone continuation byte */
    quote_is("T\xe1\xba", "T\\xE1\\xBA"); /* truncated at the end */
    quote_is("T\xe1\xba"
             "x",
             "T\\xE1\\xBAx");                    /* truncated in the middle */
    quote_is("\xed\xa0\x80", "\\xED\\xA0\\x80"); /* surrogate */
    /* C1 controls are controls too: U+009B is a terminal's CSI */
    quote_is("a\xc2\x9b"
             "2J",
             "a\\u009B2J");
    quote_is("\xc2\x85", "\\u0085");
    /* bidirectional controls and line separators, as the screens show them */
    quote_is("abc\xe2\x80\xae"
             "fdp.exe",
             "abc\\u202Efdp.exe");
    quote_is("a\xe2\x81\xa6"
             "b\xe2\x80\x8f"
             "c\xd8\x9c",
             "a\\u2066b\\u200Fc\\u061C");
    quote_is("one\xe2\x80\xa8two\xe2\x80\xa9", "one\\u2028two\\u2029");
    /* U+00A0 and above are text */
    quote_is("a\xc2\xa0"
             "b",
             "a\xc2\xa0"
             "b");
    /* an escaped byte counts as one character towards the 60 */
    char in[128];
    memset(in, '\x01', 61);
    in[61] = '\0';
    const char *q = error_quote(in);
    assert_int_equal(strncmp(q, "\\x01\\x01", 8), 0);
    assert_string_equal(q + 60 * 4, "… (61 bytes)");
}

static void test_quote_slots(void **state)
{
    (void)state;
    const char *a = error_quote_slot("first", 0);
    const char *b = error_quote_slot("second", 1);
    const char *c = error_quote_slot("third", 2);
    const char *d = error_quote_slot("fourth", 3);
    assert_string_equal(a, "first");
    assert_string_equal(b, "second");
    assert_string_equal(c, "third");
    assert_string_equal(d, "fourth");
    /* out-of-range slots fall back to slot 0 rather than overflow */
    assert_string_equal(error_quote_slot("x", 7), "x");
    assert_string_equal(error_quote_slot("y", -1), "y");
    assert_string_equal(b, "second");
    /* four values in one message */
    struct error err = ERROR_INIT;
    error_set(&err, ERR_CONFLICT, "%s %s %s %s", error_quote_slot("a\x01", 0),
              error_quote_slot("b", 1), error_quote_slot("c", 2), error_quote_slot("d", 3));
    assert_string_equal(error_msg(&err), "a\\x01 b c d");
    error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_clear),   cmocka_unit_test(test_prefix),
        cmocka_unit_test(test_field),       cmocka_unit_test(test_quote_plain),
        cmocka_unit_test(test_quote_long),  cmocka_unit_test(test_quote_bytes),
        cmocka_unit_test(test_quote_slots),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
