/*
 * tui_dialog: the yes/no question and the message box, drawn as a box over
 * the screen below them.
 *
 * A question shows its two answers as buttons, the chosen one in reverse
 * video with the cursor on it; ←/→ (or Tab) move between them and Enter
 * takes the chosen one. A question about a step that destroys something
 * starts on No: Enter alone never confirms it, only y or moving to Yes
 * first. Esc, n, F10 and Ctrl-C answer No. The keys are bound in the
 * action table (KEYMAP_QUESTION), so that F1 lists them.
 */
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "tui_internal.h"

struct dialog {
    char *title;
    char *text;
    int ask;
    int default_no; /* starts on No: Enter alone answers No */
    int sel_yes;    /* the button Enter takes: 1 Yes, 0 No */
    void (*fn)(void *arg, int yes);
    void *arg;
};

/* The Yes and No buttons at y, x: the chosen one in brackets and reverse
 * video (seen without colour and on a monochrome terminal), the cursor on
 * it. */
static void draw_buttons(struct view *v, WINDOW *w, int y, int x)
{
    struct dialog *d = v->data;
    const char *label[2] = {_("Yes"), _("No")};
    for (int i = 0; i < 2; i++) {
        int chosen = (i == 0) == (d->sel_yes != 0);
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, chosen ? "[ %s ]" : "  %s  ", label[i]);
        int bw = tui_width(sb.buf);
        tui_put(w, y, x, bw, sb.buf, chosen ? tui_attr(ATTR_SELECTED) : (int)A_NORMAL);
        if (chosen) {
            v->cursor_y = y;
            v->cursor_x = x + 2;
            v->show_cursor = 1;
        }
        x += bw + 2;
        strbuf_release(&sb);
    }
}

static void dialog_draw(struct view *v, WINDOW *w, int h, int wd)
{
    struct dialog *d = v->data;
    int bw = wd - 10 < 70 ? wd - 10 : 70;
    char **lines;
    int n = tui_wrap(d->text, bw - 4, &lines);
    int bh = n + (d->ask ? 5 : 4);
    if (bh > h)
        bh = h;
    int y0 = (h - bh) / 2, x0 = (wd - bw) / 2;
    for (int y = 0; y < bh; y++) {
        wattrset(w, A_NORMAL);
        wmove(w, y0 + y, x0);
        for (int x = 0; x < bw; x++)
            waddch(w, ' ');
    }
    wattrset(w, tui_attr(d->ask ? ATTR_TITLE : ATTR_OK));
    tui_box(w, y0, x0, bh, bw);
    if (d->title)
        tui_put(w, y0, x0 + 2, bw - 4, d->title, tui_attr(ATTR_TITLE));
    for (int i = 0; i < n && i < bh - (d->ask ? 5 : 4); i++)
        tui_put(w, y0 + 1 + i, x0 + 2, bw - 4, lines[i], A_NORMAL);
    if (d->ask && bh >= 6)
        draw_buttons(v, w, y0 + bh - 3, x0 + 2);
    const char *hint = !d->ask       ? _("[Enter] OK")
                       : !d->sel_yes ? _("[y] Yes    [Enter/Esc/n] No")
                                     : _("[Enter/y] Yes    [Esc/n] No");
    tui_put(w, y0 + bh - 2, x0 + 2, bw - 4, hint, tui_attr(ATTR_BAR_KEY));
    for (int i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

static int dialog_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    struct dialog *d = v->data;
    int yes = -1;
    /* the keys are KEYMAP_QUESTION's (tui_action.c) */
    if (d->ask && a == ACT_SWITCH) {
        d->sel_yes = !d->sel_yes;
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (a == ACT_CHOOSE)
        yes = d->ask ? d->sel_yes : 1;
    else if (a == ACT_YES)
        yes = 1;
    else if (a == ACT_BACK || a == ACT_NO)
        yes = 0;
    else if (a == ACT_QUIT)
        yes = 0; /* F10 and Ctrl-C: the safe answer */
    if (yes < 0)
        return a == ACT_HELP ? TUI_UNHANDLED : TUI_HANDLED; /* modal */
    void (*fn)(void *, int) = d->fn;
    void *arg = d->arg;
    tui_pop();
    if (fn)
        fn(arg, yes);
    return TUI_HANDLED | TUI_REDRAW;
}

static void dialog_close(struct view *v)
{
    struct dialog *d = v->data;
    free(d->title);
    free(d->text);
    free(d);
}

static const enum tui_action dialog_bar[] = {ACT_NONE};
static const struct view_ops dialog_ops = {
    .name = "dialog",
    .draw = dialog_draw,
    .key = dialog_key,
    .close = dialog_close,
    .keymap = KEYMAP_QUESTION,
    .fbar = dialog_bar,
    .modal = 1,
};

void tui_ask(const char *question, void (*fn)(void *arg, int yes), void *arg)
{
    struct dialog *d = xcalloc(1, sizeof *d);
    d->text = xstrdup(question);
    d->title = xstrdup(_("Question"));
    d->ask = 1;
    d->sel_yes = 1;
    d->fn = fn;
    d->arg = arg;
    tui_push(tui_view_new(&dialog_ops, d));
}

void tui_ask_no(const char *question, void (*fn)(void *arg, int yes), void *arg)
{
    struct dialog *d = xcalloc(1, sizeof *d);
    d->text = xstrdup(question);
    d->title = xstrdup(_("Question"));
    d->ask = 1;
    d->default_no = 1;
    d->fn = fn;
    d->arg = arg;
    tui_push(tui_view_new(&dialog_ops, d));
}

void tui_message(const char *title, const char *text)
{
    struct dialog *d = xcalloc(1, sizeof *d);
    d->text = xstrdup(text);
    d->title = xstrdup(title);
    tui_push(tui_view_new(&dialog_ops, d));
}
