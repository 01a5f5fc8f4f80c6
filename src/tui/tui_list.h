/*
 * tui_list: a list of rows read page by page from the database.
 *
 * The owner gives columns and two callbacks: count (once per query) and
 * fetch (only the rows on screen: offset and limit) or fetch_page (the
 * same rows named from a row already shown, see struct tui_page), which
 * hands each row's cells to tui_list_row(). So 100,000 rows open and scroll at once. The
 * list keeps the cursor, the scroll position, the sort column and the text
 * typed after '/', folded (accents and case dropped) in search_fold.
 */
#ifndef TUI_LIST_H
#define TUI_LIST_H

#include "tui_internal.h"

struct tui_col {
    const char *title; /* N_() */
    int min;           /* columns at least */
    int weight;        /* share of the room left over */
    int right;         /* right-aligned (numbers) */
    int sort;          /* the owner's sort code, -1 = not sortable */
    int wide;          /* shown only when the list is at least this wide (0: always),
                          so that an 80-column terminal gives the name its room */
    int steps_aside;   /* hidden when the names of the rows shown would be cut
                          otherwise (a masked citizen ID before a commune) */
};

/* Extra flag of tui_list_key: the row was chosen (Enter or double click). */
#define TUI_LIST_OPEN 8

/*
 * A page to read, for lists whose store can continue from a row (keyset
 * paging): the rows after the row after_id (0: from the start), or with
 * reverse the rows before it (or from the end), nearest first; skip
 * offset of them, then at most limit. tui_list puts reversed rows back in
 * order. So no page, the last one included, counts rows from the top.
 */
struct tui_page {
    long long after_id;
    int reverse;
    long long offset;
    int limit;
};

struct tui_list {
    const struct tui_col *cols;
    int ncols;
    long long (*count)(struct tui_list *l);
    /* one of the two: rows by position, or (preferred) by struct tui_page */
    void (*fetch)(struct tui_list *l, long long offset, int limit);
    void (*fetch_page)(struct tui_list *l, const struct tui_page *pg);
    void *arg;
    long long total;
    int counted;
    long long cur, top;
    long long page_off;
    int page_n, page_alloc;
    long long *ids;
    char **cells;
    int page_valid;
    int searching;
    struct strbuf search;
    char *search_fold; /* NULL when no search */
    int sort_col, desc;
    int rows_shown, y0;
    long long generation;
    const char *empty_text; /* shown when there are no rows */
    /* the record of the selected row beside the list when the screen is
     * wide (TUI_DETAIL_WIDTH columns or more): its kind, or none */
    enum { LIST_DETAIL_NONE, LIST_DETAIL_PERSON, LIST_DETAIL_DEVICE } detail;
    int width; /* the columns the rows took when drawn last */
};

/* The width from which a list shows the selected record beside it. */
#define TUI_DETAIL_WIDTH 160

void tui_list_init(struct tui_list *l, const struct tui_col *cols, int ncols);
void tui_list_release(struct tui_list *l);
/* Count again and re-read the page (after a change or a new filter). */
void tui_list_reload(struct tui_list *l);
/* For fetch: one row of ncols cells (copied). */
void tui_list_row(struct tui_list *l, long long id, const char *const *cells);
/* Draw in h rows from y: a header row, the rows, and the search line when searching. */
void tui_list_draw(struct tui_list *l, WINDOW *w, int y, int h, int wd);
/* Movement, search typing, sort, mouse. Returns TUI_* flags (| TUI_LIST_OPEN). */
int tui_list_key(struct tui_list *l, enum tui_action a, const struct tui_key *k);
/* The id of the row under the cursor, or 0. */
long long tui_list_current(struct tui_list *l);
/* The owner's sort code of the sort column. */
int tui_list_sort(const struct tui_list *l);

#endif
