/* Unit tests for core/collate: Vietnamese order (ICU "vi"), name order, sort keys. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "core/collate.h"

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

/* a sorts strictly before b, both ways round */
static void before(const char *a, const char *b)
{
    if (collate_compare(a, -1, b, -1) >= 0 || collate_compare(b, -1, a, -1) <= 0)
        fail_msg("'%s' should sort before '%s'", a, b);
}

static int key_cmp(const unsigned char *a, size_t al, const unsigned char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? sign(c) : (al > bl) - (al < bl);
}

static void test_alphabet(void **state)
{
    /* a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y */
    static const char *const letters[] = {"a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g",
                                          "h", "i", "k", "l", "m", "n", "o", "ô", "ơ", "p",
                                          "q", "r", "s", "t", "u", "ư", "v", "x", "y"};
    (void)state;
    for (size_t i = 0; i + 1 < sizeof(letters) / sizeof(*letters); i++)
        before(letters[i], letters[i + 1]);
}

static void test_letters_are_primary(void **state)
{
    (void)state;
    /* đ is a letter after d: every d word comes first */
    before("Dung", "Đông");
    before("Dương", "Đa");
    /* â is a letter after a (in plain Unicode order "Ân" would come first) */
    before("Anh", "Ân");
    before("Ăn", "Âm");
    before("Azz", "Ăa");
    before("Ân", "Bình");
    before("Ông", "Ơn");
    before("Uy", "Ưng");
    before("Ez", "Ê");
    before("Dzz", "Đa");
}

static void test_tones_break_ties(void **state)
{
    (void)state;
    /* the letters decide first: tone marks do not */
    before("Hà", "Hai");
    before("Hạ", "Hai");
    before("Mạnh", "Minh");
    before("Tùng", "Tuyên");
    /* equal letters: no tone, huyền, hỏi, ngã, sắc, nặng (CLDR vi) */
    before("Ha", "Hà");
    before("Hà", "Hả");
    before("Hả", "Hã");
    before("Hã", "Há");
    before("Há", "Hạ");
    /* case breaks ties after tones */
    before("ha", "Ha");
    before("Ha", "hà");
    /* NFC and NFD are the same text */
    assert_int_equal(collate_compare("Ho\xc3\xa0", -1, "Hoa\xcc\x80", -1), 0);
    assert_int_equal(collate_compare("Mã", -1, "Mã", -1), 0);
    /* explicit lengths */
    assert_int_equal(collate_compare("Hoàng Tạ", 6, "Hoàng", -1), 0);
    before("Hoàng", "Hoàng Tạ");
}

static void test_name_order(void **state)
{
    static const char *const cases[][2] = {
        {"Mã Hoàng Tạ", "Tạ Hoàng Mã"},
        {"Nguyễn Thị Minh Khai", "Khai Thị Minh Nguyễn"},
        {"Hoàng Tùng", "Tùng Hoàng"},
        {"Tùng", "Tùng"},
        {"  Mã   Hoàng  Tạ  ", "Tạ Hoàng Mã"},
        {" Tùng ", "Tùng"},
        {"", ""},
        {"   ", ""},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        char *s = collate_name_order(cases[i][0]);
        assert_string_equal(s, cases[i][1]);
        free(s);
    }
}

/* 20 names of the kind found in Bắc Kạn lists */
static const char *const names[] = {
    "Mã Hoàng Tạ", "Hoàng Văn Đông", "Nông Thị Ân",    "Triệu Văn Anh", "Lý Thị Hà",
    "Hà Văn Hải",  "Bàn Văn Dung",   "Đặng Thị Ăn",    "Lục Văn Ương",  "Nguyễn Thị Uyên",
    "Ma Văn Tùng", "Hoàng Thị Thuỷ", "Lường Thị Thủy", "Dương Văn Ơn",  "Lộc Văn Ông",
    "Đinh Thị Hạ", "Triệu Thị Hả",   "Hoàng Văn Sỹ",   "Vi Văn Sĩ",     "Nông Văn Đức",
};
#define N_NAMES (sizeof(names) / sizeof(*names))

static int cmp_collate(const void *a, const void *b)
{
    return collate_compare(*(const char *const *)a, -1, *(const char *const *)b, -1);
}

struct keyed {
    const char *name;
    unsigned char *key;
    size_t len;
};

static int cmp_key(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    return key_cmp(x->key, x->len, y->key, y->len);
}

static void test_sort_keys(void **state)
{
    const char *by_compare[N_NAMES];
    struct keyed by_key[N_NAMES];

    (void)state;
    memcpy(by_compare, names, sizeof(names));
    qsort(by_compare, N_NAMES, sizeof(*by_compare), cmp_collate);
    for (size_t i = 0; i < N_NAMES; i++) {
        by_key[i].name = names[i];
        by_key[i].key = collate_sort_key(names[i], &by_key[i].len);
        assert_non_null(by_key[i].key);
        assert_true(by_key[i].len > 0);
    }
    qsort(by_key, N_NAMES, sizeof(*by_key), cmp_key);
    for (size_t i = 0; i < N_NAMES; i++)
        assert_string_equal(by_compare[i], by_key[i].name);
    /* every pair agrees, not only the sorted neighbours */
    for (size_t i = 0; i < N_NAMES; i++)
        for (size_t j = 0; j < N_NAMES; j++)
            assert_int_equal(sign(collate_compare(by_key[i].name, -1, by_key[j].name, -1)),
                             key_cmp(by_key[i].key, by_key[i].len, by_key[j].key, by_key[j].len));
    /* the family names in order */
    assert_string_equal(by_compare[0], "Bàn Văn Dung");
    assert_string_equal(by_compare[N_NAMES - 1], "Vi Văn Sĩ");
    for (size_t i = 0; i < N_NAMES; i++)
        free(by_key[i].key);
}

static void test_person_keys(void **state)
{
    /* what an official list shows: by given name, then middle, then family name */
    static const char *const want[N_NAMES] = {
        "Triệu Văn Anh",  "Đặng Thị Ăn",    "Nông Thị Ân",  "Bàn Văn Dung",    "Hoàng Văn Đông",
        "Nông Văn Đức",   "Lý Thị Hà",      "Triệu Thị Hả", "Đinh Thị Hạ",     "Hà Văn Hải",
        "Lộc Văn Ông",    "Dương Văn Ơn",   "Vi Văn Sĩ",    "Hoàng Văn Sỹ",    "Mã Hoàng Tạ",
        "Hoàng Thị Thuỷ", "Lường Thị Thủy", "Ma Văn Tùng",  "Nguyễn Thị Uyên", "Lục Văn Ương",
    };
    struct keyed k[N_NAMES];

    (void)state;
    for (size_t i = 0; i < N_NAMES; i++) {
        k[i].name = names[i];
        k[i].key = collate_person_key(names[i], &k[i].len);
    }
    qsort(k, N_NAMES, sizeof(*k), cmp_key);
    for (size_t i = 0; i < N_NAMES; i++)
        if (strcmp(k[i].name, want[i]) != 0)
            fail_msg("position %zu: '%s', want '%s'", i, k[i].name, want[i]);
    for (size_t i = 0; i < N_NAMES; i++)
        free(k[i].key);
}

/* everyone called Hà before everyone called Hạ, whatever the family name */
static void test_person_keys_given_name_first(void **state)
{
    static const char *const in[] = {"Đinh Thị Hạ", "Triệu Thị Hà", "Bàn Văn Hạ",
                                     "Lý Thị Hà",   "Hoàng Hà",     "Hà"};
    static const char *const want[] = {"Hà",          "Hoàng Hà",  "Lý Thị Hà", "Triệu Thị Hà",
                                       "Đinh Thị Hạ", "Bàn Văn Hạ"}; /* then middle names */
    const size_t n = sizeof(in) / sizeof(*in);
    struct keyed k[sizeof(in) / sizeof(*in)];

    (void)state;
    for (size_t i = 0; i < n; i++) {
        k[i].name = in[i];
        k[i].key = collate_person_key(in[i], &k[i].len);
        /* no NUL inside: the key is also safe as a C string */
        assert_int_equal(strlen((const char *)k[i].key), k[i].len);
    }
    qsort(k, n, sizeof(*k), cmp_key);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(k[i].name, want[i]) != 0)
            fail_msg("position %zu: '%s', want '%s'", i, k[i].name, want[i]);
        free(k[i].key);
    }
}

static void test_keys_edge(void **state)
{
    size_t la, lb;
    unsigned char *a, *b;

    (void)state;
    /* NFC and NFD give the same key */
    a = collate_sort_key("Ho\xc3\xa0", &la);
    b = collate_sort_key("Hoa\xcc\x80", &lb);
    assert_int_equal(key_cmp(a, la, b, lb), 0);
    free(a);
    free(b);
    /* the empty string sorts first */
    a = collate_sort_key("", &la);
    b = collate_sort_key("a", &lb);
    assert_int_equal(key_cmp(a, la, b, lb), -1);
    free(a);
    free(b);
    /* extra spaces do not change a person's place */
    a = collate_person_key("Mã Hoàng Tạ", &la);
    b = collate_person_key("  Mã  Hoàng Tạ ", &lb);
    assert_int_equal(key_cmp(a, la, b, lb), 0);
    free(a);
    free(b);
    /* invalid UTF-8 does not crash */
    a = collate_sort_key("a\xff"
                         "b",
                         &la);
    assert_non_null(a);
    free(a);
    assert_non_null(collate_version());
    assert_true(strlen(collate_version()) > 0);
}

static int teardown(void **state)
{
    (void)state;
    collate_cleanup();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alphabet),
        cmocka_unit_test(test_letters_are_primary),
        cmocka_unit_test(test_tones_break_ties),
        cmocka_unit_test(test_name_order),
        cmocka_unit_test(test_sort_keys),
        cmocka_unit_test(test_person_keys),
        cmocka_unit_test(test_person_keys_given_name_first),
        cmocka_unit_test(test_keys_edge),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
