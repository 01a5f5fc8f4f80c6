/*
 * tui_reports: the Reports screen — the documents the office sends and
 * prints. Each entry says what it makes and the command line that makes it
 * (`capphat export ...`, `capphat receipt ...`), which scripts use too.
 */
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/xalloc.h"
#include "tui_internal.h"

struct report_entry {
    const char *title;   /* N_() */
    const char *command; /* shown as is */
};

static const struct report_entry entries[] = {
    {N_("Excel summary per district, commune, ethnic group and gender"),
     "capphat export summary -o tong-hop.xlsx"},
    {N_("Excel sign-off list of a commune (column to sign or thumbprint)"),
     "capphat export handover --commune 'Cao Tân' -o ky-nhan.xlsx"},
    {N_("Excel attendance sheet of a training session"),
     "capphat export attendance --session 1 -o diem-danh.xlsx"},
    {N_("Handover receipts as PDF (one or a batch)"), "capphat receipt 1 2 3 -o bien-ban.pdf"},
    {N_("Print receipts (CUPS)"), "capphat receipt 1 --print"},
    {N_("Receipts not signed back yet"), "capphat receipt unsigned"},
    {N_("Mark paper receipts as signed"), "capphat receipt signed 05/BB-BDT --archive HS-12"},
    {N_("Raw tables as CSV for Excel"), "capphat export persons -o nguoi.csv"},
    {N_("Verify the database and the audit chain"), "capphat check"},
    {N_("Back up the database"), "capphat backup ban-sao.db"},
};
#define N_ENTRIES ((int)(sizeof entries / sizeof *entries))

struct reports {
    int cur;
};

static void reports_draw(struct view *v, WINDOW *w, int h, int wd)
{
    struct reports *r = v->data;
    int y = 0;
    tui_put(w, y++, 1, wd - 2, _("Reports and documents"), tui_attr(ATTR_TITLE));
    tui_put(w, y++, 1, wd - 2,
            _("Run these commands in a shell (the same database, the same rules):"),
            tui_attr(ATTR_DIM));
    y++;
    for (int i = 0; i < N_ENTRIES && y < h - 1; i++) {
        int attr = i == r->cur ? tui_attr(ATTR_SELECTED) : 0;
        if (i == r->cur) {
            wattrset(w, attr);
            mvwhline(w, y, 0, ' ', wd);
        }
        tui_put(w, y++, 2, wd - 4, _(entries[i].title), attr);
        if (y < h - 1)
            tui_put(w, y++, 6, wd - 8, entries[i].command, tui_attr(ATTR_OK));
    }
}

static int reports_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    struct reports *r = v->data;
    switch (a) {
    case ACT_UP: r->cur = r->cur > 0 ? r->cur - 1 : 0; break;
    case ACT_DOWN: r->cur = r->cur < N_ENTRIES - 1 ? r->cur + 1 : r->cur; break;
    case ACT_HOME: r->cur = 0; break;
    case ACT_END: r->cur = N_ENTRIES - 1; break;
    case ACT_OPEN:
    case ACT_RUN: {
        char *t = xasprintf("%s\n\n%s", _(entries[r->cur].title), entries[r->cur].command);
        tui_message(_("Command line"), t);
        free(t);
        break;
    }
    default:
        if (!k->is_char && k->code == KEY_MOUSE && k->mouse_y >= 3) {
            int my = k->mouse_y < -1 ? -2 - k->mouse_y : k->mouse_y;
            int i = (my - 3) / 2;
            if (i >= 0 && i < N_ENTRIES)
                r->cur = i;
            return TUI_HANDLED | TUI_REDRAW;
        }
        return TUI_UNHANDLED;
    }
    return TUI_HANDLED | TUI_REDRAW;
}

static void reports_close(struct view *v)
{
    free(v->data);
}

static const enum tui_action reports_bar[] = {ACT_RUN, ACT_NONE};
static const struct view_ops reports_ops = {
    .name = "reports",
    .draw = reports_draw,
    .key = reports_key,
    .close = reports_close,
    .keymap = KEYMAP_OVERVIEW,
    .fbar = reports_bar,
};

struct view *tui_reports_new(void)
{
    return tui_view_new(&reports_ops, xcalloc(1, sizeof(struct reports)));
}
