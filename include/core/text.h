/*
 * text: Unicode text as capphat stores, searches and shows it.
 *
 * Stored text is valid UTF-8 in NFC with no control characters, trimmed and
 * with runs of white space collapsed to one space. Search compares folded
 * text: no tones or marks, lowercase, đ -> d, NFC and NFD alike. Display
 * width counts terminal columns (a combining mark takes none).
 * utf8proc does the Unicode work.
 */
#ifndef CORE_TEXT_H
#define CORE_TEXT_H

#include <stddef.h>

#include "core/error.h"

/* Longest text field accepted, in bytes, unless a rule says otherwise. */
#define TEXT_MAX_BYTES 1000

/* Is s (n bytes) valid UTF-8? */
int text_valid_utf8(const char *s, size_t n);

/*
 * Clean free text for storage: check UTF-8, refuse control characters
 * (tab and newline too unless multiline), NFC, trim, collapse inner spaces.
 * max_bytes 0 means TEXT_MAX_BYTES. On success *out is a new string (may be
 * empty: callers that require a value check for ""); caller frees. A
 * message names field (a label); the caller gives the error its key
 * (error_field).
 */
int text_clean(const char *in, const char *field, size_t max_bytes, int multiline, char **out,
               struct error *err);

/* Same as text_clean, and an empty result is an error "FIELD is required". */
int text_clean_required(const char *in, const char *field, size_t max_bytes, char **out,
                        struct error *err);

/*
 * Fold for search and matching: "Mã Hoàng Tạ" -> "ma hoang ta", "Đông" ->
 * "dong". Input need not be NFC; invalid UTF-8 bytes are dropped. Spaces
 * collapsed and trimmed. Returns a new string; caller frees.
 */
char *text_fold(const char *s);

/*
 * The form in which two spellings of one place name compare equal:
 * text_fold, and the y of a word whose only vowel it is, after consonants,
 * read as i — the province's old and new spellings "Sĩ Bình" / "Sỹ Bình",
 * "Kì" / "Kỳ" give "si binh", "ki" (tone marks placed either way, "Hoà" /
 * "Hòa", fold alike already). "Yên", "Thủy", "Huyền" keep their y.
 * Returns a new string; caller frees.
 */
char *text_place_key(const char *s);

/*
 * A file-name part from any text: letters without their marks (đ -> d),
 * digits, and "-" for every run of anything else, trimmed of "-";
 * lowercase unless keep_case. "Xã Mỹ Phương" -> "xa-my-phuong",
 * "01/BB-BĐT" -> "01-BB-BDT". Returns a new string (maybe ""); caller frees.
 */
char *text_slug(const char *s, int keep_case);

/* Terminal columns taken by s (invalid bytes count 1 each). */
int text_width(const char *s);

/*
 * The length in bytes of the space that groups the digits of a number at
 * s, as people, spreadsheets and web pages write them ("006 058 001 234"):
 * a space, a tab, a no-break space (U+00A0), a narrow no-break space
 * (U+202F) or a figure space (U+2007); 0 when s starts with none.
 */
size_t text_digit_space(const char *s);

/*
 * Append to out at most `width` columns of s; when s is wider it is cut on a
 * character boundary and ends with "…". If pad, spaces fill up to width.
 * Returns the number of columns appended.
 */
struct strbuf;
int text_fit(struct strbuf *out, const char *s, int width, int pad);

/*
 * Normalise to NFC without any other change (no trimming, controls kept).
 * s must be valid UTF-8; invalid bytes are dropped. Returns a new string;
 * caller frees.
 */
char *text_nfc(const char *s);

/* Uppercase (full Unicode, NFC result). Returns a new string; caller frees. */
char *text_upper(const char *s);

/*
 * Text for a terminal, as every screen and command line output shows it:
 * what a terminal would act on, or what would change how the text around
 * it reads, is shown escaped. A byte that is not UTF-8, a C0 control and
 * DEL become \xNN ("\x1B"); a C1 control (U+0080..U+009F), a
 * bidirectional control (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F,
 * U+061C) and the line and paragraph separators (U+2028, U+2029) become
 * \uNNNN ("\u202E"). Everything else is copied as it is.
 *
 * text_escape_char appends the character that starts s (n > 0 bytes left)
 * and returns the bytes it used; text_escape appends the whole of s (NULL
 * is ""); text_escaped returns a new string (caller frees).
 */
size_t text_escape_char(struct strbuf *out, const char *s, size_t n);
void text_escape(struct strbuf *out, const char *s);
char *text_escaped(const char *s);

#endif
