/*
 * paper: the paper sizes capphat lays its documents out on (setting
 * paper_size): A4, the default and Decree 30's; A5, which the decree allows
 * for receipts (giấy biên nhận); and US Letter. One table gives each its
 * name, its size, its CUPS media name and its Excel paper code, so that a
 * receipt's PDF, its print job and a workbook's page set-up agree.
 */
#ifndef REPORT_PAPER_H
#define REPORT_PAPER_H

enum paper {
    PAPER_A4 = 0,
    PAPER_A5,
    PAPER_LETTER,
};

/*
 * The paper named s ("A4", "A5", "Letter", in any case; "" or NULL: A4,
 * the setting never given) into *out: 0, or -1 for any other name (*out
 * then A4).
 */
int paper_parse(const char *s, enum paper *out);

/* "A4", "A5", "Letter": the setting's value and the CUPS media name. */
const char *paper_name(enum paper p);

/* Its width and height in millimetres, portrait. */
double paper_width_mm(enum paper p);
double paper_height_mm(enum paper p);

/* Its code in a workbook's page set-up (worksheet_set_paper): A4 9, A5 11,
 * Letter 1. */
int paper_xlsx_code(enum paper p);

#endif
