/*
 * tui_help: the F1 help screen, generated from the action and binding
 * tables of tui_action.c: every key of every keymap, its action's name and
 * help text — the keys of the screen it was opened from first.
 */
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "tui_internal.h"

struct help {
    char **lines;
    int *attrs;
    int n;
    int top;
};

static void add(struct help *h, int attr, const char *s)
{
    h->lines = xrealloc(h->lines, (h->n + 1) * sizeof *h->lines);
    h->attrs = xrealloc(h->attrs, (h->n + 1) * sizeof *h->attrs);
    h->lines[h->n] = xstrdup(s);
    h->attrs[h->n++] = attr;
}

/* Wrap text to the screen into h. */
static void add_wrapped(struct help *h, int attr, const char *text)
{
    char **lines;
    int n = tui_wrap(text, COLS - 4, &lines);
    for (int i = 0; i < n; i++) {
        add(h, attr, lines[i]);
        free(lines[i]);
    }
    free(lines);
}

/* Whether a screen with F-key bar fbar does a: an action of an F-key
 * shows on its bar when the screen does it (the People list shares the
 * Devices list's keys, not its scan mode); other keys (Enter, /) are the
 * keymap's own. */
static int screen_does(int km, const enum tui_action *fbar, enum tui_action a)
{
    int fkey = 0;
    for (size_t i = 0; i < tui_n_bindings; i++) {
        const struct tui_binding *b = &tui_bindings[i];
        if ((int)b->keymap == km && b->action == a && !b->is_char && b->key >= KEY_F(1) &&
            b->key <= KEY_F(12))
            fkey = 1;
    }
    if (!fkey || !fbar)
        return 1;
    for (; *fbar != ACT_NONE; fbar++)
        if (*fbar == a)
            return 1;
    return 0;
}

/* The columns of the keys of an action ("Tab Shift-Tab ← →" whole). */
#define KEYS_WIDTH 18

/* The keys of keymap km under header: one line per action, its keys, its
 * name and help text, from the tables of tui_action.c; with fbar, only
 * those of the screen that has that F-key bar (see screen_does). */
static void add_keymap(struct help *h, int km, const char *header, const enum tui_action *fbar)
{
    int any = 0;
    for (size_t i = 0; i < tui_n_bindings; i++) {
        const struct tui_binding *b = &tui_bindings[i];
        if ((int)b->keymap != km || !screen_does(km, fbar, b->action))
            continue;
        /* one line per action and keymap: later keys of the same action join it */
        int seen = 0;
        for (size_t j = 0; j < i; j++)
            if ((int)tui_bindings[j].keymap == km && tui_bindings[j].action == b->action)
                seen = 1;
        if (seen)
            continue;
        if (!any) {
            add(h, A_NORMAL, "");
            add(h, tui_attr(ATTR_HEADER), header);
            any = 1;
        }
        struct strbuf keys = STRBUF_INIT, line = STRBUF_INIT;
        for (size_t j = i; j < tui_n_bindings; j++) {
            const struct tui_binding *c = &tui_bindings[j];
            if ((int)c->keymap != km || c->action != b->action)
                continue;
            const char *name = tui_binding_key_name(c);
            if (keys.len && strstr(keys.buf, name))
                continue;
            if (keys.len)
                strbuf_addstr(&keys, " ");
            strbuf_addstr(&keys, name);
        }
        const struct tui_action_info *ai = tui_action_info(b->action);
        struct strbuf text = STRBUF_INIT;
        char **wl;
        strbuf_addf(&text, "%s — %s", _(ai->label), _(ai->help));
        int nl = tui_wrap(text.buf, COLS - 6 - KEYS_WIDTH, &wl);
        for (int l = 0; l < nl; l++) {
            strbuf_reset(&line);
            text_fit(&line, l == 0 ? keys.buf : "", KEYS_WIDTH, 1);
            strbuf_addf(&line, " %s", wl[l]);
            add(h, A_NORMAL, line.buf);
            free(wl[l]);
        }
        free(wl);
        strbuf_release(&text);
        strbuf_release(&keys);
        strbuf_release(&line);
    }
}

/* The help for the screen whose keymap is here: its own keys first, then
 * those that work everywhere, then every other screen's. */
static void help_build(struct help *h, struct view *v)
{
    enum tui_keymap here = v->ops->keymap;
    add(h, tui_attr(ATTR_TITLE), _("capphat — help (Esc closes, ↑↓ PgUp PgDn scroll)"));
    if (here != KEYMAP_GLOBAL) {
        char *title = xasprintf(_("This screen: %s"), tui_keymap_name(here));
        add_keymap(h, here, title, v->fbar ? v->fbar : v->ops->fbar);
        free(title);
    }
    add_keymap(h, KEYMAP_GLOBAL, tui_keymap_name(KEYMAP_GLOBAL), NULL);
    add(h, A_NORMAL, "");
    add_wrapped(h, A_NORMAL,
                _("A round: 3 Devices → F8 scan the IMEIs; 2 People → F7 add people; "
                  "4 Handover → choose person and IMEI, F2; 5 Training → F7 session, "
                  "Enter, Space ticks who came; 4 Handover → F8 take back, F6 pass on."));
    add_wrapped(h, A_NORMAL,
                _("A barcode scanner works on every screen: a scanned IMEI opens the phone's "
                  "record (on a form it goes to the IMEI field; on a session's attendance it "
                  "ticks the phone's holder), a receipt's QR code offers to mark the paper "
                  "signed. A scan never acts as keys."));
    add_wrapped(h, A_NORMAL,
                _("Papers that came back signed: 6 Reports → Signed papers (or F8 in the list of "
                  "receipts not signed back yet), then scan one QR code after another."));
    for (int km = 0; km < KEYMAP_COUNT; km++)
        if (km != KEYMAP_GLOBAL && km != (int)here)
            add_keymap(h, km, tui_keymap_name(km), NULL);
}

static void help_draw(struct view *v, WINDOW *w, int hgt, int wd)
{
    struct help *h = v->data;
    werase(w);
    if (h->top > h->n - hgt)
        h->top = h->n - hgt;
    if (h->top < 0)
        h->top = 0;
    for (int y = 0; y < hgt && h->top + y < h->n; y++)
        tui_put(w, y, 1, wd - 2, h->lines[h->top + y], h->attrs[h->top + y]);
}

static int help_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    struct help *h = v->data;
    int page = LINES - 5;
    switch (a) {
    case ACT_UP:
        h->top--;
        break;
    case ACT_DOWN:
        h->top++;
        break;
    case ACT_PGUP:
        h->top -= page;
        break;
    case ACT_PGDN:
        h->top += page;
        break;
    case ACT_HOME:
        h->top = 0;
        break;
    case ACT_END:
        h->top = h->n;
        break;
    case ACT_HELP:
        tui_pop();
        return TUI_REDRAW;
    case ACT_BACK:
    case ACT_QUIT:
    case ACT_TAB1:
    case ACT_TAB2:
    case ACT_TAB3:
    case ACT_TAB4:
    case ACT_TAB5:
    case ACT_TAB6:
    case ACT_TAB7:
        return TUI_UNHANDLED;
    default:
        break;
    }
    if (h->top > h->n - page)
        h->top = h->n - page;
    if (h->top < 0)
        h->top = 0;
    return TUI_HANDLED | TUI_REDRAW;
}

static void help_close(struct view *v)
{
    struct help *h = v->data;
    for (int i = 0; i < h->n; i++)
        free(h->lines[i]);
    free(h->lines);
    free(h->attrs);
    free(h);
}

static const enum tui_action help_bar[] = {ACT_PGUP, ACT_PGDN, ACT_NONE};
static const struct view_ops help_ops = {
    .name = "help",
    .draw = help_draw,
    .key = help_key,
    .close = help_close,
    .keymap = KEYMAP_RECORD,
    .fbar = help_bar,
};

void tui_help_open(void)
{
    if (strcmp(tui_top()->ops->name, "help") == 0)
        return;
    struct help *h = xcalloc(1, sizeof *h);
    help_build(h, tui_top());
    tui_push(tui_view_new(&help_ops, h));
}
