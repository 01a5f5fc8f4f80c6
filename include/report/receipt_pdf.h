/*
 * receipt_pdf: the handover receipt (biên bản bàn giao) as a PDF, one page
 * (A4, or the paper of the doc) per handover, in the layout of Decree 30/2020/NĐ-CP; and the return
 * record (biên bản thu hồi) in the same layout (struct receipt_doc's
 * is_return).
 *
 * The caller fills struct receipt_doc from the database; this module only
 * lays the text out (cairo + pango, "Times New Roman" as fontconfig resolves
 * it, Liberation Serif on Debian) and writes the file. Nothing here reads the
 * database or decides what is shown: a masked CCCD, for instance, is masked
 * by the caller.
 *
 * Output is deterministic: the same docs give the same bytes (the PDF's
 * creation date is the receipt's date), so a reprint differs from the
 * original only by the "BẢN SAO" mark of is_copy.
 */
#ifndef REPORT_RECEIPT_PDF_H
#define REPORT_RECEIPT_PDF_H

#include <stddef.h>

#include "core/error.h"
#include "report/paper.h"

/* The officer who hands the device over (Bên A). */
struct receipt_giver {
    const char *name;     /* "Nguyễn Văn An" */
    const char *position; /* "Chuyên viên" */
    const char *office;   /* "Ban Dân tộc tỉnh Bắc Kạn" */
};

/* The prestigious person who receives it (Bên B). */
struct receipt_receiver {
    const char *name;       /* "Mã Hoàng Tạ" */
    const char *gender;     /* "Nam" / "Nữ" */
    const char *birth_year; /* "1956" */
    const char *ethnic;     /* "Tày" */
    /*
     * Shown as given, joined by ", " after "Địa chỉ:"; give each its kind
     * as the reference data names it ("thôn Khuổi Sliến", "xã Cao Thượng",
     * "huyện Ba Bể"). Empty parts are left out. district is the unit above
     * the commune on the receipt's date: the district before 1 July 2025,
     * the province ("tỉnh Thái Nguyên") from then on.
     */
    const char *village;
    const char *commune;
    const char *district;
    const char *cccd;  /* shown as given: mask it first if it must be masked */
    const char *phone; /* shown as given */
};

struct receipt_device {
    const char *model;       /* "Samsung Galaxy A04s" */
    const char *imei1;       /* 15 digits */
    const char *imei2;       /* "" (or NULL) for a single-SIM phone */
    const char *accessories; /* "Sạc, cáp, tai nghe" */
    const char *condition;   /* "Mới 100%" */
};

/*
 * One receipt, on one page of its paper (A4 unless said) when it fits (set tighter, the body never
 * below 12 pt, before it runs over), else over as many as it takes with
 * "Trang 1/2" at the foot and the signature blocks kept together. Every
 * string is UTF-8 (NFC, as stored) and belongs to the
 * caller; NULL is read as "". A field that is empty where the form needs a
 * value (CCCD, phone, …) is printed as a dotted line to fill in by hand.
 */
struct receipt_doc {
    const char *parent_body; /* "UBND TỈNH BẮC KẠN" (printed in capitals): of the receipt's date */
    const char *office; /* "BAN DÂN TỘC" (printed in bold capitals): of the receipt's date */
    const char *number; /* "05/BB-BDT": required; also in the QR code */
    const char *place;  /* "Thái Nguyên": the office's place, in the place and date line */
    const char *venue; /* "Nhà văn hóa thôn Thôm Pục": where it was handed over ("tại ...");
                        * "" or NULL: place */
    const char *date;  /* "2023-02-05": required, a valid ISO date */
    struct receipt_giver giver;
    struct receipt_receiver receiver;
    struct receipt_device device;
    const char *round_name; /* optional: "Đợt 1 năm 2023" */
    const char *decision;   /* optional: the round's decision, "1234/QĐ-UBND ngày 15/01/2023",
                             * cited as the receipt's legal basis ("Căn cứ Quyết định số …") */
    /* a phone passed on to a successor: the person it was taken back from,
     * why (the reason as the receipt says it) and on what decision */
    const char *predecessor, *predecessor_reason, *predecessor_decision;
    const char *funding_note; /* optional: "Chương trình MTQG 1719" */
    const char *note;         /* optional: "Ghi chú: …" after the device table */
    const char *corrected_on; /* optional: "2026-12-02", a corrected original: said at the
                               * top of the page ("Bản đã điều chỉnh ngày 02/12/2026") */
    const char *anchor;       /* optional: "1234:a1b2c3d4e5f6", the audit log's entry and
                               * the start of its hash when first printed: under the QR
                               * code and in it (`capphat check --anchor`) */
    /* a return record (biên bản thu hồi) instead of a receipt: the office
     * takes the device back (Bên A), the person gives it back (Bên B);
     * number and date are the return's, decision the return's, device's
     * condition its state when taken back */
    int is_return;
    const char *return_reason;    /* "người có uy tín đã qua đời" */
    const char *handover_receipt; /* "01/BB-BDT ngày 09/02/2024": the receipt it was given by */
    const char *outcome;          /* what became of the device, a sentence */
    int is_copy;                  /* nonzero: a reprint, marked "BẢN SAO" */
    int is_preview;   /* nonzero: a preview, marked "BẢN XEM TRƯỚC" across the page */
    int originals;    /* the originals made ("lập thành 02 bản"); 0: 2 */
    enum paper paper; /* the page's size (setting paper_size); 0: A4 */
};

/*
 * Write docs[0..n-1] to path as one PDF, one page each when it fits (n >= 1),
 * through io/outfile with out_flags (OUTFILE_FORCE to replace an existing
 * file): on any failure path is left as it was, nothing else remains, and
 * err says why (missing folder, no permission, disk full, the database,
 * an existing file: ERR_EXISTS, …) naming the path.
 *
 * Errors: ERR_INVALID for a doc that cannot be printed (missing number or
 * date, text that is not UTF-8), ERR_INTERNAL when
 * no installed font has a glyph for some character (the message names the
 * text and the font), ERR_IO or ERR_EXISTS for the file. Returns 0 on success.
 */
int receipt_pdf_write(const char *path, unsigned out_flags, const struct receipt_doc *docs,
                      size_t n, struct error *err);

/* The same into an outfile the caller opened (and commits or aborts: for
 * a print that must succeed before the file is named). */
struct outfile;
int receipt_pdf_render(struct outfile *of, const struct receipt_doc *docs, size_t n,
                       struct error *err);

/*
 * The place and date line: "Bắc Kạn, ngày 05 tháng 02 năm 2023" (leading
 * zero for days below 10 and for months 1 and 2, as Decree 30 asks).
 * Returns a new string (caller frees), or NULL when iso_date is not a valid
 * "YYYY-MM-DD" date.
 */
char *receipt_pdf_date_line(const char *place, const char *iso_date);

#endif
