/*
 * encoding: the legacy Vietnamese encodings that old office files are in,
 * and how to tell them apart.
 *
 * Before Unicode, Vietnamese offices wrote text in TCVN3 (the ABC fonts,
 * .VnTime and friends), VNI-Windows (the VNI fonts) or Windows-1258. A file
 * that is not valid UTF-8 is decoded with each of them and the decoding that
 * reads most like Vietnamese (whole syllables, known letters) wins.
 * TCVN3 and Windows-1258 are converted with iconv (glibc's TCVN5712-1 and
 * CP1258); VNI-Windows, which glibc lacks, with a table in encoding.c.
 */
#ifndef IO_ENCODING_H
#define IO_ENCODING_H

#include <stddef.h>

#include "core/error.h"

struct strbuf;

enum encoding {
    ENCODING_UTF8,
    ENCODING_UTF8_BOM,
    ENCODING_TCVN3,
    ENCODING_VNI,
    ENCODING_CP1258,
    ENCODING_UNKNOWN,
};

/* "UTF-8", "UTF-8 with BOM", "TCVN3 (ABC)", "VNI-Windows", "Windows-1258". */
const char *encoding_name(enum encoding enc);

/*
 * How much n bytes of UTF-8 read like Vietnamese: each word made only of
 * Vietnamese letters that forms a valid syllable with at least one letter
 * outside ASCII counts +2; each character that is neither ASCII nor a
 * Vietnamese letter, and each word with a Vietnamese letter that is not a
 * valid syllable, counts -3. Invalid UTF-8 bytes count -3 each.
 */
long encoding_score(const char *utf8, size_t n);

/*
 * Guess the legacy encoding of n bytes that are not valid UTF-8: the one of
 * TCVN3, VNI-Windows and Windows-1258 whose decoding scores best. Returns
 * ENCODING_UNKNOWN when no decoding scores above zero.
 */
enum encoding encoding_guess(const char *bytes, size_t n);

/*
 * Check n bytes as UTF-8 that may be cut anywhere: returns the offset of
 * the first byte that cannot be UTF-8, or n when there is none. When
 * returning n, *tail (if not NULL) gets the number of bytes at the end that
 * begin a character the next bytes may finish (0..3).
 */
size_t encoding_utf8_check(const char *s, size_t n, size_t *tail);

/*
 * How the accents of Vietnamese text were lost to a Western code page, as
 * encoding_loss_find finds it:
 * - ENCODING_LOSS_QUESTION: saved in a code page without the letters, each
 *   one became '?' ("Ho?ng V?n Th?", "Hoàng V?n Th?" from Windows-1252):
 *   the text has no letter that only Vietnamese code pages have (ă, ơ, đ,
 *   ạ...), and at least two '?' stand right after a letter, one of them
 *   inside a word;
 * - ENCODING_LOSS_REPLACED: a program that could not read the letters put
 *   U+FFFD for each ("Ho\uFFFDng"), right after a letter: never a
 *   character a list holds;
 * - ENCODING_LOSS_CP1252: UTF-8 read as Windows-1252 and saved as UTF-8
 *   again ("HoÃ ng VÄƒn Thá»‹"): a value that, written back in Windows-1252,
 *   is UTF-8 that reads more like Vietnamese.
 */
enum encoding_loss {
    ENCODING_LOSS_NONE,
    ENCODING_LOSS_QUESTION,
    ENCODING_LOSS_CP1252,
    ENCODING_LOSS_REPLACED
};

/*
 * Look for lost accents in n bytes of UTF-8 text (the start of a CSV
 * file). On a find, *at and *len (not NULL) give the first value that
 * shows it: the bytes between separators (',', ';', tab, quote, line end).
 */
enum encoding_loss encoding_loss_find(const char *utf8, size_t n, size_t *at, size_t *len);

/*
 * The text a ENCODING_LOSS_CP1252 value stood for: s written back in
 * Windows-1252, as a new NUL-terminated string (caller frees), or NULL
 * when it cannot be.
 */
char *encoding_loss_repair(const char *s, size_t n);

/* n bytes read as Windows-1252, as a new NUL-terminated UTF-8 string
 * (caller frees): a text that is not UTF-8, looked at for lost letters. */
char *encoding_cp1252_text(const char *bytes, size_t n);

/* A converter from one legacy encoding to UTF-8 (it keeps an iconv handle). */
struct encoding_conv;

/*
 * A new converter for enc (TCVN3, VNI or CP1258; UTF-8 and UTF-8 with BOM
 * copy their input). Never NULL; free with encoding_conv_free().
 */
struct encoding_conv *encoding_conv_new(enum encoding enc);
void encoding_conv_free(struct encoding_conv *conv);

/*
 * Append the UTF-8 (NFC) form of n bytes to out. A byte the encoding does
 * not define becomes U+FFFD and *n_bad (if not NULL) counts it. Text that
 * ends in the middle of a character is finished: each call stands alone.
 */
void encoding_conv_run(struct encoding_conv *conv, const char *in, size_t n, struct strbuf *out,
                       size_t *n_bad);

/*
 * Text from an .xlsx cell drawn in a TCVN3 font (".VnTime"): Excel stored
 * the TCVN3 bytes as the characters U+0000..U+00FF. conv is a TCVN3
 * converter. Returns a new UTF-8 (NFC) string decoded from TCVN3, uppercased
 * when upper (the ".VnTimeH" capital fonts draw the lowercase code points as
 * capitals), or NULL when s holds a character above U+00FF (it is Unicode
 * already) or is not valid UTF-8. Caller frees.
 */
char *encoding_tcvn3_from_latin1(struct encoding_conv *conv, const char *s, int upper);

#endif
