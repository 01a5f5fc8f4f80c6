/*
 * tui_filepick: choosing a file from the folders instead of typing its
 * path, for a form's file field (the import wizard's list).
 */
#ifndef TUI_FILEPICK_H
#define TUI_FILEPICK_H

#include "tui_form.h"

/*
 * Open the picker over form f: the folder of what field holds (else the
 * one chosen last, else the current one), its folders, then its files
 * whose names end in one of exts (".csv"...; NULL-terminated), each most
 * recent first. Enter opens a folder, or puts the file's path in the field
 * and closes the picker; Esc closes it.
 */
void tui_filepick_open(struct tui_form *f, int field, const char *const *exts);

#endif
