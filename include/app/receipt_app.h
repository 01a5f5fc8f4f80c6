/*
 * receipt_app: printing handover receipts (biên bản bàn giao).
 *
 * The first time a receipt is printed, the exact data it was made from is
 * kept (receipt_print); every later print is made from that data, not from
 * the current rows, and marked "BẢN SAO" (copy): a reprint is identical to
 * the original but for the mark, even after the person's name or the
 * office's settings changed. Each print is written to the audit log
 * (entity "receipt", the handover's id; action receipt.print or
 * receipt.reprint).
 */
#ifndef APP_RECEIPT_APP_H
#define APP_RECEIPT_APP_H

#include <stddef.h>

#include "app/app.h"

/*
 * The handover a receipt argument names: a handover id (digits) or a
 * receipt number ("05/BB-BDT"). Digits that are no handover's id are tried
 * as a receipt number. ERR_NOT_FOUND names the argument.
 */
int receipt_app_find(struct app *app, const char *arg, long long *handover_id, struct error *err);

/*
 * The open handovers of a commune in Vietnamese name order: *ids (caller
 * frees) and *n. ERR_NOT_FOUND when the commune has none.
 */
int receipt_app_commune(struct app *app, long long commune_id, long long **ids, size_t *n,
                        struct error *err);

struct receipt_app_result {
    size_t pages;  /* receipts written (an id given twice counts once) */
    size_t copies; /* of which reprints, marked "BẢN SAO" */
};

/*
 * Write the receipts of handovers ids[0..n-1] to path as one PDF (one A4
 * page each), in one transaction with their print records and audit
 * entries: when the PDF cannot be written nothing is recorded, and path is
 * left as it was. res may be NULL.
 */
int receipt_app_write(struct app *app, const long long *ids, size_t n, const char *path,
                      struct receipt_app_result *res, struct error *err);

#endif
