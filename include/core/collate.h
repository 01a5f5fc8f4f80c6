/*
 * collate: Vietnamese alphabetical order, by ICU's "vi" collation (CLDR):
 * a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, tones breaking
 * ties only.
 *
 * People are listed by given name (the last word), then middle names, then
 * family name: the person sort key orders "Mã Hoàng Tạ" as "Tạ Hoàng Mã".
 */
#ifndef CORE_COLLATE_H
#define CORE_COLLATE_H

#include <stddef.h>

/* Compare two UTF-8 strings (lengths in bytes, -1 for NUL-terminated). */
int collate_compare(const char *a, int alen, const char *b, int blen);

/*
 * Name reordered for sorting: the given name (last word), then the middle
 * names in order, then the family name (first word), one space apart
 * ("Mã Hoàng Tạ" -> "Tạ Hoàng Mã", "Nguyễn Thị Minh Khai" -> "Khai Thị Minh
 * Nguyễn"). Returns a new string; caller frees.
 */
char *collate_name_order(const char *full_name);

/*
 * ICU sort key of s: byte strings that compare with memcmp in the same order
 * as collate_compare. Returns a new buffer (caller frees) and its length.
 */
unsigned char *collate_sort_key(const char *s, size_t *len);

/*
 * The sort key of a person's name for memcmp: by given name first (tones
 * included), then by collate_name_order, so that all the Hà come before all
 * the Hạ whatever their family names. Returns a new buffer; caller frees.
 */
unsigned char *collate_person_key(const char *full_name, size_t *len);

/* ICU's version string, stored so that keys are rebuilt when it changes. */
const char *collate_version(void);

/* Release ICU's collator (at exit; optional). */
void collate_cleanup(void);

#endif
