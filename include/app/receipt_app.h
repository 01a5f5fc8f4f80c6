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
 * as a receipt number. ERR_NOT_FOUND names the argument; an error is about
 * the field "receipt".
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
    int preview;   /* a preview: marked "BẢN XEM TRƯỚC", nothing kept */
};

/* The originals a receipt is made in (setting receipt_copies, 1 to 9;
 * default 2): said on the receipt, and the copies a print asks for. */
int receipt_app_originals(struct app *app, int *n, struct error *err);

/*
 * Where receipts printed without a file name are kept: the folder
 * "receipts" next to the database (made mode 0700), a name that carries the
 * receipt numbers ("bien-ban-01-BB-BDT.pdf", "bien-ban-01-BB-BDT-den-
 * 05-BB-BDT.pdf"), or the commune and today's date for a commune's batch
 * (commune_id non-zero: "bien-ban-xa-my-phuong-2026-12-02.pdf"), with
 * "-ban-sao" when every one is a reprint, "-xem-truoc" for a preview, and "-2", "-3"... so that it
 * is never an existing file. Returns a new string (caller frees), or NULL with err set when the
 * folder cannot be made.
 */
char *receipt_app_default_path(struct app *app, const long long *ids, size_t n,
                               long long commune_id, int preview, struct error *err);

/* Where the receipts go. */
struct receipt_app_out {
    const char *path;    /* the PDF to write (.pdf) */
    int force;           /* replace an existing file (the operator said so) */
    int print;           /* also send it to the printer: the original */
    int final;           /* without print: the PDF is the original (to print elsewhere);
                          * with neither, a preview marked "BẢN XEM TRƯỚC" that records
                          * nothing but its viewing in the log */
    const char *printer; /* NULL: the default printer */
    int job;             /* out: the CUPS job number */
    int printed;         /* out: the printer took the job */
};

/*
 * Write the receipts of handovers ids[0..n-1] to out->path as one PDF (one
 * A4 page each, more for a receipt that does not fit one), in one
 * transaction with their print records and audit entries. Only a print
 * (out->print) or a final save (out->final) makes the original; a receipt
 * made before is a copy ("BẢN SAO"); with neither, a preview. The file is checked before anything
 * is done (io/outfile: never the database, a backup, or an existing file unless out->force —
 * ERR_EXISTS). With out->print the PDF goes to the printer before it is
 * named, and a print the printer did not take records nothing and leaves
 * no file: the receipt's first print stays to be made. When the PDF
 * cannot be written nothing is recorded and out->path is left as it was.
 * res may be NULL.
 */
int receipt_app_write(struct app *app, const long long *ids, size_t n, struct receipt_app_out *out,
                      struct receipt_app_result *res, struct error *err);

#endif
