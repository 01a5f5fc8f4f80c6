/*
 * tui_print: printing and saving receipts where they are made — the
 * question after a handover, a return or a passing-on ("Print receipt",
 * "Save PDF…", "Later"; a passing-on's return record with its receipt), the list of the print
 * server's printers (the one chosen last first: the setting printer), and the state of the job
 * sent.
 */
#ifndef TUI_PRINT_H
#define TUI_PRINT_H

#include <stddef.h>

/*
 * After the handover handover_id was recorded (or, negative, a return: its
 * return record, as receipt_app names it): a box with title and text
 * (what was done) that offers "Print receipt" (the default), "Save PDF…"
 * and "Later". A print that fails says why and offers the three again.
 * return_of, when non-zero, is the handover a passing-on closed: its
 * return record is printed or saved with the receipt, in one PDF ("Print
 * receipt and return record").
 */
void tui_print_after(long long handover_id, long long return_of, const char *title,
                     const char *text);

/* The printers' list for the receipts of handovers ids[0..n-1] (copied):
 * Enter prints them on the printer chosen, Esc prints nothing. */
void tui_print_pick(const long long *ids, size_t n);

/*
 * The printers the server knows, for a choice field: *names (caller frees
 * each and the array) and *n, the one chosen last (setting printer) first.
 * Returns 0, or -1 with *why (caller frees) when no server answers.
 */
int tui_print_printers(char ***names, int *n, char **why);

/* Remember printer as the one chosen last (setting printer). */
void tui_print_remember(const char *printer);

#endif
