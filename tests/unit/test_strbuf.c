/* Unit tests for core/strbuf: the growable string and its rules. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

static void test_init_empty(void **state)
{
    struct strbuf a = STRBUF_INIT, b;

    (void)state;
    assert_non_null(a.buf);
    assert_string_equal(a.buf, "");
    assert_int_equal(a.len, 0);
    strbuf_init(&b, 100);
    assert_true(b.alloc >= 101);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.buf, "");
    strbuf_release(&b);
    assert_int_equal(b.alloc, 0);
    assert_string_equal(b.buf, "");
    /* release of an untouched buffer is harmless, and so is a second one */
    strbuf_release(&a);
    strbuf_release(&a);
    assert_string_equal(a.buf, "");
    /* operations on the shared empty buffer do not write to it */
    strbuf_reset(&a);
    strbuf_setlen(&a, 0);
    strbuf_add(&a, "x", 0);
    strbuf_addstr(&a, "");
    assert_int_equal(a.alloc, 0);
    assert_string_equal(strbuf_empty, "");
}

static void test_growth(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    char want[16];

    (void)state;
    for (int i = 0; i < 100000; i++)
        strbuf_addch(&sb, 'a' + i % 26);
    assert_int_equal(sb.len, 100000);
    assert_true(sb.alloc > sb.len);
    assert_int_equal(sb.buf[sb.len], '\0');
    assert_int_equal(strlen(sb.buf), 100000);
    for (int i = 0; i < 100000; i += 997)
        assert_int_equal(sb.buf[i], 'a' + i % 26);
    strbuf_reset(&sb);
    assert_int_equal(sb.len, 0);
    assert_string_equal(sb.buf, "");
    for (int i = 0; i < 5000; i++)
        strbuf_addstr(&sb, "Bắc Kạn ");
    assert_int_equal(sb.len, 5000 * strlen("Bắc Kạn "));
    memcpy(want, sb.buf + sb.len - strlen("Bắc Kạn "), strlen("Bắc Kạn "));
    want[strlen("Bắc Kạn ")] = '\0';
    assert_string_equal(want, "Bắc Kạn ");
    strbuf_setlen(&sb, 4);
    assert_string_equal(sb.buf, "Bắ");
    strbuf_release(&sb);
}

static void test_addf(void **state)
{
    struct strbuf sb = STRBUF_INIT;

    (void)state;
    strbuf_addf(&sb, "%s có %d máy", "Ba Bể", 152);
    assert_string_equal(sb.buf, "Ba Bể có 152 máy");
    strbuf_addf(&sb, "%s", "");
    assert_string_equal(sb.buf, "Ba Bể có 152 máy");
    strbuf_addf(&sb, ", %05.1f%%", 12.25);
    assert_string_equal(sb.buf, "Ba Bể có 152 máy, 012.2%");
    /* longer than any initial allocation */
    strbuf_reset(&sb);
    strbuf_addf(&sb, "%0*d|", 5000, 7);
    assert_int_equal(sb.len, 5001);
    assert_int_equal(sb.buf[4999], '7');
    assert_string_equal(sb.buf + 5000, "|");
    strbuf_release(&sb);
    /* addrep */
    strbuf_addrep(&sb, "ab", 3);
    strbuf_addrep(&sb, "x", 0);
    assert_string_equal(sb.buf, "ababab");
    strbuf_release(&sb);
}

static void test_detach(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    size_t len = 99;
    char *s;

    (void)state;
    strbuf_addstr(&sb, "Pác Nặm");
    s = strbuf_detach(&sb, &len);
    assert_string_equal(s, "Pác Nặm");
    assert_int_equal(len, strlen("Pác Nặm"));
    /* the strbuf is empty and reusable */
    assert_int_equal(sb.len, 0);
    assert_int_equal(sb.alloc, 0);
    assert_string_equal(sb.buf, "");
    strbuf_addstr(&sb, "Chợ Mới");
    assert_string_equal(sb.buf, "Chợ Mới");
    assert_ptr_not_equal(sb.buf, s);
    free(s);
    strbuf_release(&sb);
    /* detaching an empty strbuf gives a string the caller can free */
    s = strbuf_detach(&sb, &len);
    assert_non_null(s);
    assert_ptr_not_equal(s, strbuf_empty);
    assert_string_equal(s, "");
    assert_int_equal(len, 0);
    free(s);
    s = strbuf_detach(&sb, NULL);
    free(s);
}

static void test_embedded_nul(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    size_t len;
    char *s;

    (void)state;
    strbuf_add(&sb, "a\0b", 3);
    strbuf_addch(&sb, '\0');
    strbuf_add(&sb, "c", 1);
    assert_int_equal(sb.len, 5);
    assert_memory_equal(sb.buf, "a\0b\0c", 6); /* and the terminating NUL */
    s = strbuf_detach(&sb, &len);
    assert_int_equal(len, 5);
    assert_memory_equal(s, "a\0b\0c", 6);
    free(s);
}

static void test_grow(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    char *before;

    (void)state;
    strbuf_grow(&sb, 1000);
    assert_true(sb.alloc >= 1001);
    assert_string_equal(sb.buf, "");
    before = sb.buf;
    for (int i = 0; i < 1000; i++)
        strbuf_addch(&sb, 'x');
    assert_ptr_equal(sb.buf, before); /* no reallocation within the hint */
    assert_int_equal(sb.len, 1000);
    strbuf_release(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_empty),   cmocka_unit_test(test_growth),
        cmocka_unit_test(test_addf),         cmocka_unit_test(test_detach),
        cmocka_unit_test(test_embedded_nul), cmocka_unit_test(test_grow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
