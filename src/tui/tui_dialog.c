/*
 * tui_dialog: the yes/no question and the message box, drawn as a box over
 * the screen below them.
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
    int default_no; /* Enter answers No: only y confirms */
    void (*fn)(void *arg, int yes);
    void *arg;
};

static void dialog_draw(struct view *v, WINDOW *w, int h, int wd)
{
    struct dialog *d = v->data;
    int bw = wd - 10 < 70 ? wd - 10 : 70;
    char **lines;
    int n = tui_wrap(d->text, bw - 4, &lines);
    int bh = n + 4;
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
    for (int i = 0; i < n && i < bh - 4; i++)
        tui_put(w, y0 + 1 + i, x0 + 2, bw - 4, lines[i], A_NORMAL);
    const char *hint = !d->ask         ? _("[Enter] OK")
                       : d->default_no ? _("[y] Yes    [Enter/Esc/n] No")
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
    int enter =
        (k->is_char && (k->ch == '\r' || k->ch == '\n')) || (!k->is_char && k->code == KEY_ENTER);
    if (enter)
        yes = !d->default_no;
    else if (k->is_char && (k->ch == 'y' || k->ch == 'Y' || k->ch == 'c' || k->ch == 'C'))
        yes = 1;
    else if (a == ACT_BACK ||
             (k->is_char && (k->ch == 'n' || k->ch == 'N' || k->ch == 'k' || k->ch == 'K')))
        yes = 0;
    else if (a == ACT_QUIT && !d->ask)
        yes = 0;
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
    .keymap = KEYMAP_GLOBAL,
    .fbar = dialog_bar,
};

void tui_ask(const char *question, void (*fn)(void *arg, int yes), void *arg)
{
    struct dialog *d = xcalloc(1, sizeof *d);
    d->text = xstrdup(question);
    d->title = xstrdup(_("Question"));
    d->ask = 1;
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
