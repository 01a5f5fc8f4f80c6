/*
 * encoding: legacy Vietnamese encodings to UTF-8, and the guess of which one
 * a file is in; see include/io/encoding.h.
 *
 * TCVN3 and Windows-1258 go through glibc iconv (TCVN5712-1, CP1258), which
 * also composes Windows-1258's separate tone marks. VNI-Windows is not in
 * glibc: it is decoded here from the VNI-Windows table (a base letter
 * followed by a mark byte drawn by the VNI fonts, e.g. "Nguyeãn Vaên Ñoâng"),
 * as published by VNI Software and reproduced in the open-source xvnkb
 * keyboard (vni.h, Dao Hai Lam, 2002) and at vietunicode.sourceforge.net.
 */
#include "io/encoding.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The twelve Vietnamese vowels by six tones: none, sắc, huyền, hỏi, ngã, nặng. */
enum { V_A, V_AW, V_AA, V_E, V_EE, V_I, V_O, V_OO, V_OW, V_U, V_UW, V_Y, N_VOWELS };
enum { T_NONE, T_ACUTE, T_GRAVE, T_HOOK, T_TILDE, T_DOT, N_TONES };

static const char *const vowel_lower[N_VOWELS][N_TONES] = {
    {"a", "á", "à", "ả", "ã", "ạ"}, {"ă", "ắ", "ằ", "ẳ", "ẵ", "ặ"}, {"â", "ấ", "ầ", "ẩ", "ẫ", "ậ"},
    {"e", "é", "è", "ẻ", "ẽ", "ẹ"}, {"ê", "ế", "ề", "ể", "ễ", "ệ"}, {"i", "í", "ì", "ỉ", "ĩ", "ị"},
    {"o", "ó", "ò", "ỏ", "õ", "ọ"}, {"ô", "ố", "ồ", "ổ", "ỗ", "ộ"}, {"ơ", "ớ", "ờ", "ở", "ỡ", "ợ"},
    {"u", "ú", "ù", "ủ", "ũ", "ụ"}, {"ư", "ứ", "ừ", "ử", "ữ", "ự"}, {"y", "ý", "ỳ", "ỷ", "ỹ", "ỵ"},
};
static const char *const vowel_upper[N_VOWELS][N_TONES] = {
    {"A", "Á", "À", "Ả", "Ã", "Ạ"}, {"Ă", "Ắ", "Ằ", "Ẳ", "Ẵ", "Ặ"}, {"Â", "Ấ", "Ầ", "Ẩ", "Ẫ", "Ậ"},
    {"E", "É", "È", "Ẻ", "Ẽ", "Ẹ"}, {"Ê", "Ế", "Ề", "Ể", "Ễ", "Ệ"}, {"I", "Í", "Ì", "Ỉ", "Ĩ", "Ị"},
    {"O", "Ó", "Ò", "Ỏ", "Õ", "Ọ"}, {"Ô", "Ố", "Ồ", "Ổ", "Ỗ", "Ộ"}, {"Ơ", "Ớ", "Ờ", "Ở", "Ỡ", "Ợ"},
    {"U", "Ú", "Ù", "Ủ", "Ũ", "Ụ"}, {"Ư", "Ứ", "Ừ", "Ử", "Ữ", "Ự"}, {"Y", "Ý", "Ỳ", "Ỷ", "Ỹ", "Ỵ"},
};

const char *encoding_name(enum encoding enc)
{
    switch (enc) {
    case ENCODING_UTF8:
        return "UTF-8";
    case ENCODING_UTF8_BOM:
        return "UTF-8 with BOM";
    case ENCODING_TCVN3:
        return "TCVN3 (ABC)";
    case ENCODING_VNI:
        return "VNI-Windows";
    case ENCODING_CP1258:
        return "Windows-1258";
    case ENCODING_UNKNOWN:
        break;
    }
    return "unknown";
}

/* ---- decoding UTF-8 one code point at a time ---- */

/* Decode at s (n > 0 bytes left); returns the length, or 0 for an invalid byte. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t len;
    uint32_t c;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2;
        c = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3;
        c = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4;
        c = s[0] & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
        c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

size_t encoding_utf8_check(const char *s, size_t n, size_t *tail)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    uint32_t cp;

    if (tail)
        *tail = 0;
    while (i < n) {
        size_t k = utf8_next(p + i, n - i, &cp);
        if (k) {
            i += k;
            continue;
        }
        /* a lead byte whose sequence the end of the buffer cut: is it valid so far? */
        size_t want = (p[i] & 0xE0) == 0xC0   ? 2
                      : (p[i] & 0xF0) == 0xE0 ? 3
                      : (p[i] & 0xF8) == 0xF0 ? 4
                                              : 0;
        if (want && n - i < want) {
            unsigned char probe[4] = {p[i], 0x80, 0x80, 0x80};
            size_t j;
            for (j = 1; j < n - i && (p[i + j] & 0xC0) == 0x80; j++)
                probe[j] = p[i + j];
            /* the bytes seen so far, completed with the smallest continuation */
            if (j == n - i) {
                for (size_t m = 0; m < 0x40; m++) {
                    for (size_t q = j; q < want; q++)
                        probe[q] = (unsigned char)(0x80 | m);
                    if (utf8_next(probe, want, &cp)) {
                        if (tail)
                            *tail = n - i;
                        return n;
                    }
                }
            }
        }
        return i;
    }
    return n;
}

static void utf8_put(struct strbuf *out, uint32_t cp)
{
    char b[4];

    if (cp < 0x80) {
        strbuf_addch(out, (int)cp);
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        strbuf_add(out, b, 2);
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        strbuf_add(out, b, 3);
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        strbuf_add(out, b, 4);
    }
}

/* ---- Vietnamese letters ---- */

struct viet_letter {
    uint32_t cp;
    signed char vowel; /* V_*, or -1 for đ */
    signed char tone;
};

static struct viet_letter letters[2 * N_VOWELS * N_TONES + 2];
static size_t n_letters;

static int letter_cmp(const void *a, const void *b)
{
    const struct viet_letter *x = a, *y = b;
    return x->cp < y->cp ? -1 : x->cp > y->cp;
}

static void letters_init(void)
{
    if (n_letters)
        return;
    for (int v = 0; v < N_VOWELS; v++)
        for (int t = 0; t < N_TONES; t++)
            for (int up = 0; up < 2; up++) {
                const char *s = up ? vowel_upper[v][t] : vowel_lower[v][t];
                uint32_t cp;
                utf8_next((const unsigned char *)s, strlen(s), &cp);
                letters[n_letters++] = (struct viet_letter){cp, (signed char)v, (signed char)t};
            }
    letters[n_letters++] = (struct viet_letter){0x111, -1, 0}; /* đ */
    letters[n_letters++] = (struct viet_letter){0x110, -1, 0}; /* Đ */
    qsort(letters, n_letters, sizeof(letters[0]), letter_cmp);
}

/* The Vietnamese letter cp, or NULL. ASCII vowels are found too. */
static const struct viet_letter *letter_find(uint32_t cp)
{
    struct viet_letter key = {cp, 0, 0};
    letters_init();
    return bsearch(&key, letters, n_letters, sizeof(letters[0]), letter_cmp);
}

/*
 * Is the word (letters as lowercase base characters: vowels as 'A'+V_*,
 * consonants as themselves, đ as 'd') a Vietnamese syllable?
 */
static int is_vowel_base(char c)
{
    return c >= 'A' && c < 'A' + N_VOWELS;
}

static int syllable_valid(const char *w, size_t n, int tones)
{
    static const char *const initials[] = {"ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu",
                                           "th",  "tr", "b",  "c",  "d",  "g",  "h",  "k",  "l",
                                           "m",   "n",  "p",  "r",  "s",  "t",  "v",  "x",  ""};
    static const char *const finals[] = {"ng", "nh", "ch", "c", "m", "n", "p", "t", ""};
    char init[4];
    size_t i = 0, nv = 0, k;

    if (tones > 1 || n == 0)
        return 0;
    while (i < n && !is_vowel_base(w[i]))
        i++;
    if (i > 3)
        return 0;
    memcpy(init, w, i);
    init[i] = 0;
    /* "gi" before another vowel and "qu" are initials spelt with a vowel letter */
    if (i == 1 && init[0] == 'g' && i + 1 < n && w[i] == 'A' + V_I && is_vowel_base(w[i + 1])) {
        strcpy(init, "gi");
        i++;
    } else if (i == 1 && init[0] == 'q' && i < n && w[i] == 'A' + V_U) {
        strcpy(init, "qu");
        i++;
    }
    for (k = 0; k < sizeof(initials) / sizeof(initials[0]); k++)
        if (!strcmp(init, initials[k]))
            break;
    if (k == sizeof(initials) / sizeof(initials[0]))
        return 0;
    while (i < n && is_vowel_base(w[i])) {
        i++;
        nv++;
    }
    if (nv == 0 || nv > 3)
        return 0;
    for (k = 0; k < sizeof(finals) / sizeof(finals[0]); k++)
        if (n - i == strlen(finals[k]) && !memcmp(w + i, finals[k], n - i))
            return 1;
    return 0;
}

long encoding_score(const char *utf8, size_t n)
{
    const unsigned char *s = (const unsigned char *)utf8;
    struct strbuf word = STRBUF_INIT;
    long score = 0;
    int tones = 0, viet = 0;
    size_t i = 0;

    for (;;) {
        uint32_t cp = ' ';
        size_t k = 1;
        const struct viet_letter *l = NULL;
        char base = 0;

        if (i < n) {
            k = utf8_next(s + i, n - i, &cp);
            if (k == 0) {
                score -= 3;
                k = 1;
                cp = 0xFFFD;
            }
        }
        if (cp < 0x80 && ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')) {
            l = letter_find(cp);
            base = l ? (char)('A' + l->vowel) : (char)(cp | 0x20);
        } else if (cp >= 0x80 && (l = letter_find(cp)) != NULL) {
            base = l->vowel < 0 ? 'd' : (char)('A' + l->vowel);
            viet = 1;
            if (l->tone)
                tones++;
        }
        if (base) {
            strbuf_addch(&word, base);
        } else {
            if (word.len && viet)
                score += syllable_valid(word.buf, word.len, tones) ? 2 : -3;
            strbuf_reset(&word);
            tones = viet = 0;
            /* characters no Vietnamese text is written with */
            if ((cp >= 0x80 && cp < 0xA0) || (cp >= 0xA1 && cp < 0x250) || cp == 0xFFFD ||
                (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r'))
                score -= 3;
        }
        if (i >= n)
            break;
        i += k;
    }
    strbuf_release(&word);
    return score;
}

/* ---- VNI-Windows ---- */

enum { M_NONE, M_CIRC, M_BREVE };

/* A mark byte after a vowel, lowercase form (uppercase is 0x20 less). */
static int vni_mark(unsigned char b, int *mark, int *tone)
{
    static const struct {
        unsigned char b;
        signed char mark, tone;
    } marks[] = {
        {0xF9, M_NONE, T_ACUTE},  {0xF8, M_NONE, T_GRAVE},  {0xFB, M_NONE, T_HOOK},
        {0xF5, M_NONE, T_TILDE},  {0xEF, M_NONE, T_DOT},    {0xE2, M_CIRC, T_NONE},
        {0xE1, M_CIRC, T_ACUTE},  {0xE0, M_CIRC, T_GRAVE},  {0xE5, M_CIRC, T_HOOK},
        {0xE3, M_CIRC, T_TILDE},  {0xE4, M_CIRC, T_DOT},    {0xEA, M_BREVE, T_NONE},
        {0xE9, M_BREVE, T_ACUTE}, {0xE8, M_BREVE, T_GRAVE}, {0xFA, M_BREVE, T_HOOK},
        {0xFC, M_BREVE, T_TILDE}, {0xEB, M_BREVE, T_DOT},
    };
    if (b >= 0xC0 && b < 0xE0)
        b += 0x20;
    for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
        if (marks[i].b == b) {
            *mark = marks[i].mark;
            *tone = marks[i].tone;
            return 1;
        }
    return 0;
}

/* Windows-1252 0x80..0x9F, which VNI files hold as punctuation (0 = undefined). */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static void vni_decode(const unsigned char *s, size_t n, struct strbuf *out, size_t *n_bad)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char b = s[i];
        int v = -1, up = 0, mark = M_NONE, tone = T_NONE, can_mark = 0;

        switch (b | 0x20) {
        case 'a':
            v = V_A;
            break;
        case 'e':
            v = V_E;
            break;
        case 'i':
            v = V_I;
            break;
        case 'o':
            v = V_O;
            break;
        case 'u':
            v = V_U;
            break;
        case 'y':
            v = V_Y;
            break;
        }
        if (v >= 0 && b < 0x80) {
            up = b < 'a';
            can_mark = v == V_A || v == V_E || v == V_O;
        } else if (b == 0xF4 || b == 0xD4) {
            v = V_OW;
            up = b == 0xD4;
        } else if (b == 0xF6 || b == 0xD6) {
            v = V_UW;
            up = b == 0xD6;
        } else {
            v = -1;
        }
        if (v >= 0) {
            if (i + 1 < n && s[i + 1] >= 0xC0 && vni_mark(s[i + 1], &mark, &tone) &&
                (mark == M_NONE || (mark == M_CIRC && can_mark) || (mark == M_BREVE && v == V_A))) {
                i++;
                if (mark == M_CIRC)
                    v = v == V_A ? V_AA : v == V_E ? V_EE : V_OO;
                else if (mark == M_BREVE)
                    v = V_AW;
            }
            strbuf_addstr(out, up ? vowel_upper[v][tone] : vowel_lower[v][tone]);
            continue;
        }
        if (b < 0x80) {
            strbuf_addch(out, b);
            continue;
        }
        switch (b) {
        case 0xED:
        case 0xCD:
            tone = T_ACUTE;
            break;
        case 0xEC:
        case 0xCC:
            tone = T_GRAVE;
            break;
        case 0xE6:
        case 0xC6:
            tone = T_HOOK;
            break;
        case 0xF3:
        case 0xD3:
            tone = T_TILDE;
            break;
        case 0xF2:
        case 0xD2:
            tone = T_DOT;
            break;
        }
        if (tone != T_NONE) {
            strbuf_addstr(out, b < 0xE0 ? vowel_upper[V_I][tone] : vowel_lower[V_I][tone]);
        } else if (b == 0xEE || b == 0xCE) {
            strbuf_addstr(out, b == 0xCE ? vowel_upper[V_Y][T_DOT] : vowel_lower[V_Y][T_DOT]);
        } else if (b == 0xF1 || b == 0xD1) {
            strbuf_addstr(out, b == 0xD1 ? "Đ" : "đ");
        } else if (b < 0xA0 && cp1252_c1[b - 0x80]) {
            utf8_put(out, cp1252_c1[b - 0x80]);
        } else if (b >= 0xA0 && b < 0xC0) {
            utf8_put(out, b);
        } else {
            /* a mark byte with no vowel before it: VNI never writes that */
            strbuf_addstr(out, "\xEF\xBF\xBD");
            if (n_bad)
                (*n_bad)++;
        }
    }
}

/* ---- accents lost to a Western code page ---- */

/* Is c one of the characters that end a CSV value? */
static int value_end(char c)
{
    return c == ',' || c == ';' || c == '\t' || c == '"' || c == '\n' || c == '\r';
}

static int ascii_letter(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* The Windows-1252 byte of code point cp, or -1 when it has none. */
static int cp1252_byte(uint32_t cp)
{
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
        return (int)cp;
    for (int b = 0; b < 32; b++)
        if (cp1252_c1[b] == cp)
            return 0x80 + b;
    /* the five bytes Windows-1252 leaves undefined, passed through */
    if (cp == 0x81 || cp == 0x8D || cp == 0x8F || cp == 0x90 || cp == 0x9D)
        return (int)cp;
    return -1;
}

char *encoding_loss_repair(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    struct strbuf out = STRBUF_INIT;
    size_t i = 0, tail;

    while (i < n) {
        uint32_t cp;
        size_t k = utf8_next(p + i, n - i, &cp);
        int b = k ? cp1252_byte(cp) : -1;
        if (b < 0) {
            strbuf_release(&out);
            return NULL;
        }
        strbuf_addch(&out, b);
        i += k;
    }
    if (encoding_utf8_check(out.buf, out.len, &tail) != out.len || tail) {
        strbuf_release(&out);
        return NULL;
    }
    return strbuf_detach(&out, NULL);
}

/* Is the value s[0..n) UTF-8 that went through Windows-1252? */
static int value_cp1252_garbled(const char *s, size_t n)
{
    int high = 0;

    for (size_t i = 0; i < n; i++)
        high |= (unsigned char)s[i] >= 0x80;
    if (!high)
        return 0;
    char *fixed = encoding_loss_repair(s, n);
    if (!fixed)
        return 0;
    size_t fn = strlen(fixed);
    int garbled = fn < n && encoding_score(fixed, fn) > encoding_score(s, n);
    free(fixed);
    return garbled;
}

/*
 * The '?' of a value that stand for lost letters: *inner counts those
 * inside a word ("Ho?ng"), the result all those after a letter ("Th?").
 * A value that looks like a web address or a formula counts none.
 */
static int value_question_marks(const char *s, size_t n, int *inner)
{
    int after_letter = 0;

    *inner = 0;
    if (memmem(s, n, "://", 3) || memchr(s, '=', n))
        return 0;
    for (size_t i = 1; i < n; i++) {
        if (s[i] != '?' || !ascii_letter((unsigned char)s[i - 1]))
            continue;
        after_letter++;
        if (i + 1 < n && ascii_letter((unsigned char)s[i + 1]))
            (*inner)++;
    }
    return after_letter;
}

/* Does the value hold U+FFFD right after a letter ("Ho\uFFFDng")? */
static int value_replaced(const char *s, size_t n)
{
    for (const char *p = s; (p = memmem(p, n - (size_t)(p - s), "\xEF\xBF\xBD", 3)) != NULL; p += 3)
        if (p > s && ascii_letter((unsigned char)p[-1]))
            return 1;
    return 0;
}

/* Does the text hold a letter no Western code page has (ă, ơ, đ, ạ...)?
 * Then its Vietnamese letters were not lost. */
static int has_vietnamese(const char *utf8, size_t n)
{
    const unsigned char *p = (const unsigned char *)utf8;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = utf8_next(p + i, n - i, &cp);
        if (!k)
            return 0;
        if (cp != 0xFFFD && cp1252_byte(cp) < 0)
            return 1;
        i += k;
    }
    return 0;
}

enum encoding_loss encoding_loss_find(const char *utf8, size_t n, size_t *at, size_t *len)
{
    size_t start = 0, q_at = 0, q_len = 0;
    int marks = 0, inner = 0;

    for (size_t i = 0; i <= n; i++) {
        if (i < n && !value_end(utf8[i]))
            continue;
        size_t vn = i - start;
        if (vn && value_cp1252_garbled(utf8 + start, vn)) {
            *at = start;
            *len = vn;
            return ENCODING_LOSS_CP1252;
        }
        if (vn && value_replaced(utf8 + start, vn)) {
            *at = start;
            *len = vn;
            return ENCODING_LOSS_REPLACED;
        }
        int in = 0, m = vn ? value_question_marks(utf8 + start, vn, &in) : 0;
        if (m && !marks) {
            q_at = start;
            q_len = vn;
        }
        marks += m;
        inner += in;
        start = i + 1;
    }
    if (marks < 2 || inner < 1 || has_vietnamese(utf8, n))
        return ENCODING_LOSS_NONE;
    *at = q_at;
    *len = q_len;
    return ENCODING_LOSS_QUESTION;
}

char *encoding_cp1252_text(const char *bytes, size_t n)
{
    struct strbuf out = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)bytes[i];
        if (b >= 0x80 && b < 0xA0 && cp1252_c1[b - 0x80])
            utf8_put(&out, cp1252_c1[b - 0x80]);
        else
            utf8_put(&out, b);
    }
    return strbuf_detach(&out, NULL);
}

/* ---- converters ---- */

struct encoding_conv {
    enum encoding enc;
    iconv_t cd; /* (iconv_t)-1 when not used */
};

struct encoding_conv *encoding_conv_new(enum encoding enc)
{
    struct encoding_conv *c = xcalloc(1, sizeof(*c));
    const char *from = NULL;

    c->enc = enc;
    c->cd = (iconv_t)-1;
    if (enc == ENCODING_TCVN3)
        from = "TCVN5712-1";
    else if (enc == ENCODING_CP1258)
        from = "CP1258";
    if (from) {
        c->cd = iconv_open("UTF-8", from);
        if (c->cd == (iconv_t)-1)
            die("iconv cannot convert from %s: %s", from, strerror(errno));
    }
    return c;
}

void encoding_conv_free(struct encoding_conv *conv)
{
    if (!conv)
        return;
    if (conv->cd != (iconv_t)-1)
        iconv_close(conv->cd);
    free(conv);
}

static void iconv_run(iconv_t cd, const char *in, size_t n, struct strbuf *out, size_t *n_bad)
{
    char *ip = (char *)in, *op;
    size_t ileft = n, oleft, r;

    iconv(cd, NULL, NULL, NULL, NULL);
    while (ileft) {
        strbuf_grow(out, ileft * 4 + 16);
        op = out->buf + out->len;
        oleft = out->alloc - out->len - 1;
        r = iconv(cd, &ip, &ileft, &op, &oleft);
        int e = errno;
        strbuf_setlen(out, (size_t)(op - out->buf));
        if (r != (size_t)-1 || e == E2BIG)
            continue;
        /* EILSEQ (or EINVAL at the end): a byte the encoding does not define */
        strbuf_addstr(out, "\xEF\xBF\xBD");
        if (n_bad)
            (*n_bad)++;
        ip++;
        ileft--;
    }
    /* flush a letter the converter holds back waiting for a tone mark */
    do {
        strbuf_grow(out, 64);
        op = out->buf + out->len;
        oleft = out->alloc - out->len - 1;
        r = iconv(cd, NULL, NULL, &op, &oleft);
        strbuf_setlen(out, (size_t)(op - out->buf));
    } while (r == (size_t)-1 && errno == E2BIG);
}

static int has_high_byte(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 1;
    return 0;
}

void encoding_conv_run(struct encoding_conv *conv, const char *in, size_t n, struct strbuf *out,
                       size_t *n_bad)
{
    size_t start = out->len;

    if (!has_high_byte(in, n) && conv->enc != ENCODING_TCVN3) {
        strbuf_add(out, in, n);
        return;
    }
    switch (conv->enc) {
    case ENCODING_TCVN3:
    case ENCODING_CP1258:
        iconv_run(conv->cd, in, n, out, n_bad);
        break;
    case ENCODING_VNI:
        vni_decode((const unsigned char *)in, n, out, n_bad);
        break;
    default:
        strbuf_add(out, in, n);
        return;
    }
    if (has_high_byte(out->buf + start, out->len - start) &&
        !memchr(out->buf + start, 0, out->len - start)) {
        char *nfc = text_nfc(out->buf + start);
        strbuf_setlen(out, start);
        strbuf_addstr(out, nfc);
        free(nfc);
    }
}

enum encoding encoding_guess(const char *bytes, size_t n)
{
    static const enum encoding candidates[] = {ENCODING_TCVN3, ENCODING_VNI, ENCODING_CP1258};
    enum encoding best = ENCODING_UNKNOWN;
    long best_score = 0;
    struct strbuf out = STRBUF_INIT;

    for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
        struct encoding_conv *c = encoding_conv_new(candidates[i]);
        size_t bad = 0;
        strbuf_reset(&out);
        encoding_conv_run(c, bytes, n, &out, &bad);
        encoding_conv_free(c);
        long score = encoding_score(out.buf, out.len);
        if (score > best_score) {
            best_score = score;
            best = candidates[i];
        }
    }
    strbuf_release(&out);
    return best;
}

char *encoding_tcvn3_from_latin1(struct encoding_conv *conv, const char *s, int upper)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;
    struct strbuf bytes = STRBUF_INIT, out = STRBUF_INIT;

    while (i < n) {
        uint32_t cp;
        size_t k = utf8_next(p + i, n - i, &cp);
        if (k == 0 || cp > 0xFF) {
            strbuf_release(&bytes);
            return NULL;
        }
        strbuf_addch(&bytes, (int)cp);
        i += k;
    }
    encoding_conv_run(conv, bytes.buf, bytes.len, &out, NULL);
    strbuf_release(&bytes);
    if (upper) {
        char *u = text_upper(out.buf);
        strbuf_release(&out);
        return u;
    }
    return strbuf_detach(&out, NULL);
}
