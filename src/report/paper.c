/* paper: the paper sizes of the documents; see include/report/paper.h. */
#include "report/paper.h"

#include <stddef.h>
#include <strings.h>

static const struct {
    const char *name;
    double w, h; /* mm */
    int xlsx;
} papers[] = {
    [PAPER_A4] = {"A4", 210.0, 297.0, 9},
    [PAPER_A5] = {"A5", 148.0, 210.0, 11},
    [PAPER_LETTER] = {"Letter", 215.9, 279.4, 1},
};

#define N_PAPERS (sizeof(papers) / sizeof(papers[0]))

int paper_parse(const char *s, enum paper *out)
{
    *out = PAPER_A4;
    if (!s || !*s)
        return 0;
    for (size_t i = 0; i < N_PAPERS; i++)
        if (strcasecmp(s, papers[i].name) == 0) {
            *out = (enum paper)i;
            return 0;
        }
    return -1;
}

static size_t index_of(enum paper p)
{
    return (size_t)p < N_PAPERS ? (size_t)p : PAPER_A4;
}

const char *paper_name(enum paper p)
{
    return papers[index_of(p)].name;
}

double paper_width_mm(enum paper p)
{
    return papers[index_of(p)].w;
}

double paper_height_mm(enum paper p)
{
    return papers[index_of(p)].h;
}

int paper_xlsx_code(enum paper p)
{
    return papers[index_of(p)].xlsx;
}
