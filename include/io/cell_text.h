/*
 * cell_text: how a workbook cell's value becomes the text table_reader
 * gives, shared by the readers of .xls and .ods (xlsx_reader.c does the
 * same in its own words): numbers as the user typed them, text in NFC.
 */
#ifndef IO_CELL_TEXT_H
#define IO_CELL_TEXT_H

#include "core/strbuf.h"

/*
 * Append the number d as a person typed it: an integer without exponent or
 * decimals ("6058001234", "1960"), else the shortest of 15 significant
 * digits ("0.1"); a NaN or an infinity as "#NUM!".
 */
void cell_text_number(double d, struct strbuf *out);

/* Turn the text of cell into Unicode NFC when it holds anything past ASCII. */
void cell_text_nfc(struct strbuf *cell);

#endif
