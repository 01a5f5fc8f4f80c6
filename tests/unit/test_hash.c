/* Unit tests for core/hash: SHA-256 for the audit chain. */
#include "unit.h"

#include <string.h>

#include "core/hash.h"

static void digest_of(const void *data, size_t len, char out[HASH_HEX_LEN + 1])
{
    struct hash_ctx *h = hash_new();
    hash_add(h, data, len);
    hash_finish(h, out);
}

static void test_known(void **state)
{
    char out[HASH_HEX_LEN + 1];

    (void)state;
    /* FIPS 180-2 test vectors */
    digest_of("abc", 3, out);
    assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    digest_of("", 0, out);
    assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    digest_of(two, strlen(two), out);
    assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_streaming(void **state)
{
    char a[HASH_HEX_LEN + 1], b[HASH_HEX_LEN + 1];
    struct hash_ctx *h;
    static char million[1000000];

    (void)state;
    /* pieces hash like the whole */
    h = hash_new();
    hash_add(h, "a", 1);
    hash_add(h, "", 0);
    hash_add(h, "bc", 2);
    hash_finish(h, a);
    assert_string_equal(a, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* one million 'a' (FIPS 180-2), in uneven pieces */
    memset(million, 'a', sizeof(million));
    h = hash_new();
    for (size_t off = 0; off < sizeof(million);) {
        size_t n = sizeof(million) - off < 4099 ? sizeof(million) - off : 4099;
        hash_add(h, million + off, n);
        off += n;
    }
    hash_finish(h, b);
    assert_string_equal(b, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    assert_int_equal(strlen(b), HASH_HEX_LEN);
}

static void test_fields(void **state)
{
    char a[HASH_HEX_LEN + 1], b[HASH_HEX_LEN + 1], c[HASH_HEX_LEN + 1];
    struct hash_ctx *h;

    (void)state;
    h = hash_new();
    hash_add_field(h, "ab");
    hash_add_field(h, "c");
    hash_finish(h, a);
    h = hash_new();
    hash_add_field(h, "a");
    hash_add_field(h, "bc");
    hash_finish(h, b);
    assert_string_not_equal(a, b);
    /* a field is its bytes and a NUL (value from Python's hashlib) */
    assert_string_equal(a, "629c2f14f654f026086f2aefe1855533d0897f49df86a19073be17b237361b09");
    digest_of("ab\0c\0", 5, c);
    assert_string_equal(a, c);
    /* NULL is the empty field, which still separates */
    h = hash_new();
    hash_add_field(h, NULL);
    hash_add_field(h, "abc");
    hash_finish(h, a);
    h = hash_new();
    hash_add_field(h, "abc");
    hash_add_field(h, "");
    hash_finish(h, b);
    assert_string_not_equal(a, b);
    digest_of("\0abc\0", 5, c);
    assert_string_equal(a, c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known),
        cmocka_unit_test(test_streaming),
        cmocka_unit_test(test_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
