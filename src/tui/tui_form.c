/*
 * tui_form: the form widget (see tui_form.h).
 */
#include "tui_form.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"

#define DROP_ROWS 6

void tui_choices_add(struct tui_choices *c, long long id, const char *text, const char *detail)
{
    if (c->n >= c->alloc) {
        c->alloc = c->alloc ? c->alloc * 2 : 16;
        c->items = xrealloc(c->items, c->alloc * sizeof *c->items);
    }
    c->items[c->n].id = id;
    c->items[c->n].text = xstrdup(text ? text : "");
    c->items[c->n].detail = detail && *detail ? xstrdup(detail) : NULL;
    c->items[c->n].alias = NULL;
    c->n++;
}

void tui_choices_alias(struct tui_choices *c, const char *alias)
{
    if (c->n > 0) {
        free(c->items[c->n - 1].alias);
        c->items[c->n - 1].alias = xstrdup(alias);
    }
}

void tui_choices_release(struct tui_choices *c)
{
    for (int i = 0; i < c->n; i++) {
        free(c->items[i].text);
        free(c->items[i].detail);
        free(c->items[i].alias);
    }
    free(c->items);
    memset(c, 0, sizeof *c);
}

void tui_utf8_add(struct strbuf *sb, wint_t c)
{
    if (c < 0x80) {
        strbuf_addch(sb, (int)c);
    } else if (c < 0x800) {
        strbuf_addch(sb, 0xC0 | (c >> 6));
        strbuf_addch(sb, 0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        strbuf_addch(sb, 0xE0 | (c >> 12));
        strbuf_addch(sb, 0x80 | ((c >> 6) & 0x3F));
        strbuf_addch(sb, 0x80 | (c & 0x3F));
    } else if (c < 0x110000) {
        strbuf_addch(sb, 0xF0 | (c >> 18));
        strbuf_addch(sb, 0x80 | ((c >> 12) & 0x3F));
        strbuf_addch(sb, 0x80 | ((c >> 6) & 0x3F));
        strbuf_addch(sb, 0x80 | (c & 0x3F));
    }
}

struct tui_form *tui_form_new(const char *title, int n)
{
    struct tui_form *f = xcalloc(1, sizeof *f);
    f->title = xstrdup(title);
    f->n = n;
    f->fields = xcalloc(n, sizeof *f->fields);
    f->file_field = -1;
    for (int i = 0; i < n; i++)
        strbuf_init(&f->fields[i].value, 0);
    return f;
}

void tui_form_free(struct tui_form *f)
{
    if (!f)
        return;
    if (f->release)
        f->release(f);
    for (int i = 0; i < f->n; i++) {
        strbuf_release(&f->fields[i].value);
        tui_choices_release(&f->fields[i].fixed);
        free(f->fields[i].error);
        free(f->fields[i].detail);
    }
    tui_choices_release(&f->drop);
    free(f->fields);
    free(f->replace_path);
    free(f->title);
    free(f->message);
    free(f);
}

void tui_form_field(struct tui_form *f, int i, const char *key, const char *label,
                    enum tui_field_kind kind, int required)
{
    f->fields[i].key = key;
    f->fields[i].label = label;
    f->fields[i].kind = kind;
    f->fields[i].required = required;
}

void tui_form_set(struct tui_form *f, int i, const char *value, long long choice_id)
{
    struct tui_field *fl = &f->fields[i];
    strbuf_reset(&fl->value);
    strbuf_addstr(&fl->value, value ? value : "");
    fl->cursor = fl->value.len;
    fl->choice_id = choice_id;
    fl->picked_id = choice_id;
    free(fl->detail);
    fl->detail = NULL;
}

const char *tui_form_value(const struct tui_form *f, int i)
{
    return f->fields[i].value.buf;
}

const char *tui_form_opt(const struct tui_form *f, int i)
{
    return f->fields[i].value.len ? f->fields[i].value.buf : NULL;
}

void tui_form_error(struct tui_form *f, int i, const char *msg)
{
    free(f->fields[i].error);
    f->fields[i].error = msg && *msg ? xstrdup(msg) : NULL;
}

int tui_form_error_at(struct tui_form *f, const struct error *err)
{
    if (!err || !err->field)
        return 0;
    for (int i = 0; i < f->n; i++) {
        if (f->fields[i].hidden || !f->fields[i].key || strcmp(f->fields[i].key, err->field) != 0)
            continue;
        tui_form_error(f, i, error_msg(err));
        f->drop_open = 0;
        return 1;
    }
    return 0;
}

void tui_form_message(struct tui_form *f, int error, const char *msg)
{
    free(f->message);
    f->message = msg ? xstrdup(msg) : NULL;
    f->message_error = error;
}

/* --- choices ------------------------------------------------------------ */

static int fold_contains(const char *hay, const char *needle_fold)
{
    if (!*needle_fold)
        return 1;
    char *h = text_fold(hay);
    int r = strstr(h, needle_fold) != NULL;
    free(h);
    return r;
}

static void drop_fill(struct tui_form *f, int idx, const char *value)
{
    struct tui_field *fl = &f->fields[idx];
    char *fold = text_fold(value);
    tui_choices_release(&f->drop);
    if (fl->choices) {
        fl->choices(f, idx, fold, &f->drop);
    } else {
        /* a value that names a choice exactly shows the whole list */
        int exact = 0;
        for (int i = 0; i < fl->fixed.n; i++)
            if (strcmp(fl->fixed.items[i].text, value) == 0)
                exact = 1;
        for (int i = 0; i < fl->fixed.n; i++)
            if (exact || fold_contains(fl->fixed.items[i].text, fold) ||
                (fl->fixed.items[i].detail && fold_contains(fl->fixed.items[i].detail, fold)) ||
                (fl->fixed.items[i].alias && fold_contains(fl->fixed.items[i].alias, fold)))
                tui_choices_add(&f->drop, fl->fixed.items[i].id, fl->fixed.items[i].text,
                                fl->fixed.items[i].detail);
    }
    free(fold);
    f->drop_sel = 0;
    f->drop_moved = 0;
    for (int i = 0; i < f->drop.n; i++)
        if ((fl->choice_id && f->drop.items[i].id == fl->choice_id) ||
            (!fl->choice_id && strcmp(f->drop.items[i].text, value) == 0))
            f->drop_sel = i;
}

/*
 * Whether the highlighted item of the open list may be taken for the
 * operator's choice by Tab or Enter: they moved to it, or it is the choice
 * already made, or no other item bears its text. Namesakes (a commune of
 * 2023 and its namesake of 2025) are never taken by default.
 */
static int drop_sel_chosen(const struct tui_form *f)
{
    const struct tui_field *fl = &f->fields[f->cur];
    const struct tui_choice *c = &f->drop.items[f->drop_sel];

    if (f->drop_moved || (fl->choice_id && fl->choice_id == c->id))
        return 1;
    for (int i = 0; i < f->drop.n; i++)
        if (i != f->drop_sel && strcmp(f->drop.items[i].text, c->text) == 0)
            return 0;
    return 1;
}

static void pick(struct tui_form *f, int idx, const struct tui_choice *c)
{
    struct tui_field *fl = &f->fields[idx];
    int changed = fl->picked_id != c->id;
    fl->picked_id = c->id;
    strbuf_reset(&fl->value);
    strbuf_addstr(&fl->value, c->text);
    fl->cursor = fl->value.len;
    fl->choice_id = c->id;
    free(fl->detail);
    fl->detail = c->detail ? xstrdup(c->detail) : NULL;
    f->drop_open = 0;
    tui_form_error(f, idx, NULL);
    if (f->picked && changed)
        f->picked(f, idx);
}

/* A choice field's text resolved to one choice; 0 or -1 with an error set. */
static int resolve(struct tui_form *f, int idx)
{
    struct tui_field *fl = &f->fields[idx];
    if (fl->kind != FIELD_CHOICE)
        return 0;
    if (!fl->value.len) {
        fl->choice_id = 0;
        return 0;
    }
    drop_fill(f, idx, fl->value.buf);
    int found = -1, exact = 0, chosen = -1, same = 0, same_at = -1;
    char *vf = text_fold(fl->value.buf);
    for (int i = 0; i < f->drop.n; i++) {
        char *cf = text_fold(f->drop.items[i].text);
        if (strcmp(cf, vf) == 0) {
            exact++;
            found = i;
            if (fl->choice_id && fl->choice_id == f->drop.items[i].id)
                chosen = i;
            if (strcmp(f->drop.items[i].text, fl->value.buf) == 0) {
                same++;
                same_at = i;
            }
        }
        free(cf);
    }
    free(vf);
    /* several items of that text without its marks (Văn Lang, Văn Lăng):
     * the one written exactly so; several of that very text (a commune of
     * 2023 and its namesake of 2025): the one chosen from the list, never a
     * guess */
    if (exact > 1)
        found = chosen >= 0 ? chosen : same == 1 ? same_at : -1;
    if (found < 0 && f->drop.n == 1)
        found = 0;
    if (fl->choice_id && chosen < 0 && (found < 0 || f->drop.items[found].id != fl->choice_id)) {
        /* the item chosen is not among the matches read again (a list
         * cut at its first matches, a namesake among many): it stays
         * chosen, never swapped for another of its name */
        f->drop_open = 0;
        tui_choices_release(&f->drop);
        return 0;
    }
    if (found >= 0) {
        long long old = fl->choice_id;
        struct tui_choice c = f->drop.items[found];
        c.text = xstrdup(c.text);
        pick(f, idx, &c);
        free(c.text);
        (void)old;
        tui_choices_release(&f->drop);
        return 0;
    }
    f->drop_open = 0;
    if (fl->free_text) {
        fl->choice_id = 0;
        tui_choices_release(&f->drop);
        return 0;
    }
    tui_form_error(f, idx,
                   f->drop.n ? _("several match: choose one from the list (↓)")
                             : _("nothing in the list matches: correct the text"));
    tui_choices_release(&f->drop);
    return -1;
}

/* Leaving field idx: resolve choices and run the check hook. */
static int leave(struct tui_form *f, int idx)
{
    struct tui_field *fl = &f->fields[idx];
    struct error err = ERROR_INIT;
    f->drop_open = 0;
    tui_form_error(f, idx, NULL);
    if (resolve(f, idx) != 0)
        return -1;
    if (fl->required && !fl->value.len) {
        if (f->dirty)
            tui_form_error(f, idx, _("this field is required"));
        return -1;
    }
    if (f->check && f->check(f, idx, &err) != 0) {
        tui_form_error(f, idx, error_msg(&err));
        error_clear(&err);
        return -1;
    }
    return 0;
}

int tui_form_check_all(struct tui_form *f)
{
    int bad = -1;
    int dirty = f->dirty;
    f->dirty = 1;
    for (int i = 0; i < f->n; i++) {
        if (f->fields[i].hidden)
            continue;
        if (leave(f, i) != 0 && bad < 0)
            bad = i;
    }
    f->dirty = dirty;
    return bad + 1;
}

/* After a refused save: the status line names the field in error and
 * says why (the focus does not move: the operator may be typing). */
static void status_field_error(struct tui_form *f, int i)
{
    if (i >= 0 && i < f->n && f->fields[i].error)
        tui_status(1, _("not saved: %s — %s"), _(f->fields[i].label), f->fields[i].error);
}

static void move_to(struct tui_form *f, int to)
{
    while (to >= 0 && to < f->n && f->fields[to].hidden)
        to += to > f->cur ? 1 : -1;
    if (to < 0 || to >= f->n)
        return;
    leave(f, f->cur);
    f->cur = to;
    f->fields[to].cursor = f->fields[to].value.len;
}

int tui_form_replace(const struct tui_form *f, const char *path)
{
    return f->replace_path && path && strcmp(f->replace_path, path) == 0;
}

static int fv_after_save(struct view *v, struct tui_form *f, int r);
static int do_save(struct tui_form *f);

/* The answer to "replace the existing file?": Yes saves again, replacing it. */
static void replace_answer(void *arg, int yes)
{
    struct tui_form *f = arg;
    struct view *v = tui_top();

    if (!yes || !v || v->data != f) {
        free(f->replace_path);
        f->replace_path = NULL;
        return;
    }
    fv_after_save(v, f, do_save(f));
}

/* The answer to the form's own question (f->confirm): y saves. */
static void confirm_answer(void *arg, int yes)
{
    struct tui_form *f = arg;
    struct view *v = tui_top();

    if (!yes || !v || v->data != f) {
        tui_form_message(f, 0, _("nothing was done"));
        return;
    }
    f->confirmed = 1;
    fv_after_save(v, f, do_save(f));
}

static int do_save(struct tui_form *f)
{
    struct error err = ERROR_INIT;
    int rc;
    int bad = tui_form_check_all(f);
    if (bad) {
        tui_form_message(f, 1, _("correct the fields marked in red, then save again"));
        status_field_error(f, bad - 1);
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (!f->save)
        return TUI_HANDLED;
    if (f->confirm && !f->confirmed) {
        char *q = f->confirm(f);
        if (q) {
            tui_ask_no(q, confirm_answer, f);
            free(q);
            return TUI_HANDLED | TUI_REDRAW;
        }
    }
    f->confirmed = 0;
    if ((rc = f->save(f, &err)) == ERR_EXISTS && f->file_field >= 0 &&
        !tui_form_replace(f, tui_form_value(f, f->file_field))) {
        /* the file the form names exists: say which, and ask to replace it */
        char *q = xasprintf(_("%s.\nReplace it with the new file? The old one will be lost."),
                            error_msg(&err));
        tui_form_message(f, 1, error_msg(&err));
        free(f->replace_path);
        f->replace_path = xstrdup(tui_form_value(f, f->file_field));
        tui_ask_no(q, replace_answer, f);
        free(q);
        error_clear(&err);
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (rc != 0) {
        tui_form_message(f, 1, error_msg(&err));
        if (tui_form_error_at(f, &err)) {
            for (int i = 0; i < f->n; i++)
                if (f->fields[i].key && err.field && strcmp(f->fields[i].key, err.field) == 0)
                    status_field_error(f, i);
        } else {
            tui_status(1, "%s", error_msg(&err));
        }
        error_clear(&err);
        return TUI_HANDLED | TUI_REDRAW;
    }
    f->dirty = 0;
    return TUI_HANDLED | TUI_REDRAW | TUI_FORM_SAVED;
}

/* --- drawing ------------------------------------------------------------ */

/* Where tui_form_draw puts things: the labels' width, the values' column
 * and width, the fields' first row and the rows they have; where the
 * cursor goes (cy -1: the current field does not show). */
struct form_layout {
    int lw, vx, vw;
    int row, room;
    int cy, cx;
};

/* The width of the widest label, at most a third of the width. */
static int label_width(const struct tui_form *f, int wd)
{
    int lw = 0;
    for (int i = 0; i < f->n; i++) {
        int t = text_width(_(f->fields[i].label));
        if (t > lw)
            lw = t;
    }
    if (lw > wd / 3)
        lw = wd / 3;
    return lw;
}

/* Scroll so that the current field shows in room rows; returns the rows
 * all the fields need. */
static int scroll_to_current(struct tui_form *f, int room)
{
    int need = 0, cur_row = 0;
    for (int i = 0; i < f->n; i++) {
        if (f->fields[i].hidden)
            continue;
        if (i == f->cur)
            cur_row = need;
        need += 1 + (f->fields[i].error ? 1 : 0);
    }
    if (cur_row < f->top)
        f->top = cur_row;
    if (cur_row + 2 > f->top + room)
        f->top = cur_row + 2 - room;
    if (f->top < 0)
        f->top = 0;
    return need;
}

/* The part of value that shows in width columns with the cursor at byte
 * cursor: the end of a long value, characters dropped from the front.
 * *before is the width of what shows before the cursor. */
static const char *value_shown(const char *v, size_t cursor, int width, int *before)
{
    char *head = xstrndup(v, cursor);
    int bw = tui_width(head);
    const char *shown = v;
    while (bw > width - 2 && *shown) {
        /* drop characters from the front */
        const char *p = shown + 1;
        while ((*p & 0xC0) == 0x80)
            p++;
        char *cut = xstrndup(shown, p - shown);
        bw -= tui_width(cut);
        free(cut);
        shown = p;
    }
    free(head);
    *before = bw;
    return shown;
}

/* Field i on row yy: its label, value, the chosen item's detail, the mark
 * of a list, and its error on the row below. */
static void draw_field(struct tui_form *f, WINDOW *w, int i, int yy, struct form_layout *L)
{
    struct tui_field *fl = &f->fields[i];
    struct strbuf lab = STRBUF_INIT;
    strbuf_addstr(&lab, _(fl->label));
    if (fl->required)
        strbuf_addstr(&lab, "*");
    /* a field in error: its label in the error's attribute, marked "!" */
    tui_put_right(w, yy, 1, L->lw + 1, lab.buf,
                  fl->error     ? tui_attr(ATTR_ERROR)
                  : i == f->cur ? tui_attr(ATTR_TITLE)
                                : 0);
    if (fl->error && L->lw + 2 < L->vx)
        tui_put(w, yy, L->lw + 2, 1, "!", tui_attr(ATTR_ERROR));
    strbuf_release(&lab);
    /* the focused field in reverse video (seen without colour, on a
     * monochrome terminal), the cursor in it */
    int attr = i == f->cur ? tui_attr(ATTR_FOCUS) : tui_attr(ATTR_FIELD);
    int bw;
    const char *shown = value_shown(fl->value.buf, fl->cursor, L->vw, &bw);
    tui_put_pad(w, yy, L->vx, L->vw, shown, attr);
    if (fl->detail && fl->choice_id && i != f->cur) {
        int used = tui_width(shown) + 1;
        char *d = xasprintf("— %s", fl->detail);
        if (used < L->vw)
            tui_put(w, yy, L->vx + used, L->vw - used, d, tui_attr(ATTR_DIM));
        free(d);
    }
    if (fl->kind == FIELD_CHOICE)
        tui_put(w, yy, L->vx + L->vw, 1, "▾", tui_attr(ATTR_DIM));
    if (i == f->cur) {
        L->cy = yy;
        L->cx = L->vx + bw;
    }
    if (fl->error)
        tui_put(w, yy + 1, L->vx, L->vw, fl->error, tui_attr(ATTR_ERROR));
}

/* The fields that fit from f->top on. */
static void draw_fields(struct tui_form *f, WINDOW *w, struct form_layout *L)
{
    int line = 0;
    for (int i = 0; i < f->n; i++) {
        struct tui_field *fl = &f->fields[i];
        if (fl->hidden)
            continue;
        int rows = 1 + (fl->error ? 1 : 0);
        if (line >= f->top && line - f->top + rows <= L->room)
            draw_field(f, w, i, L->row + line - f->top, L);
        line += rows;
    }
}

/*
 * The whole message of the current field's error (else the form's
 * message) on the last lines: a long one (a path, the columns a file has,
 * a longer language) wraps onto the free lines above, up to 4.
 */
static void draw_message(struct tui_form *f, WINDOW *w, int y, int h, int wd)
{
    const char *bottom = NULL;
    int battr = tui_attr(ATTR_ERROR);
    if (f->cur < f->n && f->fields[f->cur].error) {
        bottom = f->fields[f->cur].error;
    } else if (f->message) {
        bottom = f->message;
        battr = tui_attr(f->message_error ? ATTR_ERROR : ATTR_OK);
    }
    if (!bottom)
        return;
    char **bl;
    int nb = tui_wrap(bottom, wd - 2, &bl);
    int by = y + h - (nb < 4 ? nb : 4);
    if (by < y + f->rows_used + 1)
        by = y + f->rows_used + 1;
    if (by > y + h - 1)
        by = y + h - 1;
    if (nb <= 1) {
        tui_put(w, y + h - 1, 1, wd - 2, bottom, battr);
        for (int i = 0; i < nb; i++)
            free(bl[i]);
        free(bl);
    } else {
        tui_put_lines(w, by, 1, wd - 2, bl, nb, y + h - by, battr);
    }
}

/* The open list of a choice field under the current field (above it when
 * there is no room below), with "n/N" when it holds more than it shows. */
static void draw_drop(struct tui_form *f, WINDOW *w, int y, int h, const struct form_layout *L)
{
    int dy = L->cy + 1, n = f->drop.n < DROP_ROWS ? f->drop.n : DROP_ROWS;
    if (dy + n > y + h)
        dy = L->cy - n;
    int first = f->drop_sel >= n ? f->drop_sel - n + 1 : 0;
    for (int r = 0; r < n; r++) {
        const struct tui_choice *c = &f->drop.items[first + r];
        struct strbuf sb = STRBUF_INIT;
        int sel = first + r == f->drop_sel;
        /* the highlighted item marked too, for a terminal without colour */
        strbuf_addf(&sb, "%s%s", sel ? "▸" : " ", c->text);
        if (c->detail)
            strbuf_addf(&sb, " — %s", c->detail);
        int attr = sel ? tui_attr(ATTR_SELECTED) | (int)A_BOLD : tui_attr(ATTR_DROP);
        tui_put_pad(w, dy + r, L->vx, L->vw, sb.buf, attr);
        strbuf_release(&sb);
    }
    if (f->drop.n > DROP_ROWS) {
        char *more = xasprintf(" %d/%d ", f->drop_sel + 1, f->drop.n);
        tui_put_right(w, dy + n - 1, L->vx, L->vw, more, tui_attr(ATTR_SELECTED));
        free(more);
    }
}

void tui_form_draw(struct tui_form *f, WINDOW *w, int y, int h, int wd)
{
    struct form_layout L = {.lw = label_width(f, wd), .row = y, .cy = -1};

    f->label_w = L.lw;
    L.vx = L.lw + 4;
    L.vw = wd - L.vx - 2;
    if (f->title && *f->title) {
        tui_put(w, L.row, 1, wd - 2, f->title, tui_attr(ATTR_TITLE));
        L.row += 2;
    }
    /* rows of each field, then scroll so that the current one shows */
    L.room = h - (L.row - y) - 1;
    int need = scroll_to_current(f, L.room);
    draw_fields(f, w, &L);
    f->rows_used = L.row - y + (need < L.room ? need : L.room);
    draw_message(f, w, y, h, wd);
    if (f->drop_open && f->drop.n && L.cy >= 0)
        draw_drop(f, w, y, h, &L);
    if (L.cy >= 0) {
        struct view *top = tui_top();
        top->show_cursor = 1;
        top->cursor_y = L.cy;
        top->cursor_x = L.cx;
    }
}

/* --- keys --------------------------------------------------------------- */

static size_t prev_char(const char *s, size_t pos)
{
    if (pos == 0)
        return 0;
    pos--;
    while (pos > 0 && ((unsigned char)s[pos] & 0xC0) == 0x80)
        pos--;
    return pos;
}

static size_t next_char(const char *s, size_t len, size_t pos)
{
    if (pos >= len)
        return len;
    pos++;
    while (pos < len && ((unsigned char)s[pos] & 0xC0) == 0x80)
        pos++;
    return pos;
}

static void edited(struct tui_form *f, struct tui_field *fl)
{
    f->dirty = 1;
    fl->choice_id = 0;
    tui_form_error(f, f->cur, NULL);
    tui_form_message(f, 0, NULL);
    if (fl->kind == FIELD_CHOICE) {
        drop_fill(f, f->cur, fl->value.buf);
        f->drop_open = 1;
    }
}

/* What a key the form used returns. */
#define REDRAW (TUI_HANDLED | TUI_REDRAW)

/* Replace the current field's value by bytes [0, from) and [to, len) of
 * itself. */
static void cut_value(struct tui_field *fl, size_t from, size_t to)
{
    struct strbuf nv = STRBUF_INIT;
    strbuf_add(&nv, fl->value.buf, from);
    strbuf_addstr(&nv, fl->value.buf + to);
    strbuf_reset(&fl->value);
    strbuf_add(&fl->value, nv.buf, nv.len);
    strbuf_release(&nv);
}

/* A typed character, inserted at the cursor (a value stays within 2000
 * bytes). */
static int type_char(struct tui_form *f, struct tui_field *fl, wint_t ch)
{
    struct strbuf ins = STRBUF_INIT;
    /* a choice made shows whole, as a selected field: what is typed there
     * starts a new search in its place (unless the cursor was moved into
     * it to edit) */
    if (fl->kind == FIELD_CHOICE && fl->choice_id && fl->cursor == fl->value.len) {
        strbuf_reset(&fl->value);
        fl->cursor = 0;
    }
    tui_utf8_add(&ins, ch);
    struct strbuf nv = STRBUF_INIT;
    strbuf_add(&nv, fl->value.buf, fl->cursor);
    strbuf_add(&nv, ins.buf, ins.len);
    strbuf_addstr(&nv, fl->value.buf + fl->cursor);
    if (nv.len <= 2000) {
        fl->cursor += ins.len;
        strbuf_reset(&fl->value);
        strbuf_add(&fl->value, nv.buf, nv.len);
    }
    strbuf_release(&nv);
    strbuf_release(&ins);
    edited(f, fl);
    return REDRAW;
}

/* A click: on a field's row, it focuses that field. */
static int click(struct tui_form *f, const struct tui_key *k)
{
    if (f->drop_open || k->mouse_y < 0)
        return REDRAW;
    for (int i = 0, line = 0; i < f->n; i++) {
        if (f->fields[i].hidden)
            continue;
        int yy = (f->title && *f->title ? 2 : 0) + line - f->top;
        if (k->mouse_y == yy) {
            move_to(f, i);
            break;
        }
        line += 1 + (f->fields[i].error ? 1 : 0);
    }
    return REDRAW;
}

/* The line editor's keys (Backspace, Delete, the arrows, Home, End) and
 * the mouse; TUI_UNHANDLED for any other key. */
static int edit_key(struct tui_form *f, struct tui_field *fl, const struct tui_key *k)
{
    size_t p;

    switch (k->code) {
    case KEY_BACKSPACE:
        if ((p = prev_char(fl->value.buf, fl->cursor)) == fl->cursor)
            return REDRAW;
        cut_value(fl, p, fl->cursor);
        fl->cursor = p;
        edited(f, fl);
        return REDRAW;
    case KEY_DC:
        if ((p = next_char(fl->value.buf, fl->value.len, fl->cursor)) == fl->cursor)
            return REDRAW;
        cut_value(fl, fl->cursor, p);
        edited(f, fl);
        return REDRAW;
    case KEY_LEFT:
        fl->cursor = prev_char(fl->value.buf, fl->cursor);
        return REDRAW;
    case KEY_RIGHT:
        fl->cursor = next_char(fl->value.buf, fl->value.len, fl->cursor);
        return REDRAW;
    case KEY_HOME:
        fl->cursor = 0;
        return REDRAW;
    case KEY_END:
        fl->cursor = fl->value.len;
        return REDRAW;
    case KEY_MOUSE:
        return click(f, k);
    }
    return TUI_UNHANDLED;
}

/* Up, Down, PgUp and PgDn: they move in the open list, else between the
 * fields; Down on a choice field opens its list. */
static int move_key(struct tui_form *f, struct tui_field *fl, enum tui_action a)
{
    switch (a) {
    case ACT_UP:
        if (f->drop_open) {
            if (f->drop_sel > 0)
                f->drop_sel--;
            f->drop_moved = 1;
        } else {
            move_to(f, f->cur - 1);
        }
        break;
    case ACT_DOWN:
        if (fl->kind == FIELD_CHOICE && !f->drop_open) {
            drop_fill(f, f->cur, fl->choice_id ? "" : fl->value.buf);
            f->drop_open = 1;
        } else if (f->drop_open) {
            if (f->drop_sel < f->drop.n - 1)
                f->drop_sel++;
            f->drop_moved = 1;
        } else {
            move_to(f, f->cur + 1);
        }
        break;
    case ACT_PGDN:
        if (f->drop_open) {
            f->drop_sel += DROP_ROWS;
            if (f->drop_sel >= f->drop.n)
                f->drop_sel = f->drop.n - 1;
            if (f->drop_sel < 0)
                f->drop_sel = 0;
            f->drop_moved = 1;
        }
        break;
    case ACT_PGUP:
        if (f->drop_open) {
            f->drop_sel -= DROP_ROWS;
            if (f->drop_sel < 0)
                f->drop_sel = 0;
            f->drop_moved = 1;
        }
        break;
    default:
        break;
    }
    return REDRAW;
}

/* The highlighted item of the open list becomes the current field's
 * value, when it may be taken for the operator's choice. */
static void take_highlighted(struct tui_form *f)
{
    if (f->drop_open && f->drop.n && drop_sel_chosen(f)) {
        struct tui_choice c = f->drop.items[f->drop_sel];
        c.text = xstrdup(c.text);
        pick(f, f->cur, &c);
        free(c.text);
    }
}

/* Tab and Shift-Tab: Tab takes the highlighted item; both move to the
 * next or previous field (Tab on the last one checks it). */
static int tab_key(struct tui_form *f, enum tui_action a)
{
    if (a == ACT_NEXT_FIELD)
        take_highlighted(f);
    if (a == ACT_NEXT_FIELD && f->cur == f->n - 1) {
        leave(f, f->cur);
        return REDRAW;
    }
    move_to(f, f->cur + (a == ACT_NEXT_FIELD ? 1 : -1));
    return REDRAW;
}

/* Enter: takes the highlighted item, runs the enter hook, then saves on
 * the last field shown or moves to the next one. */
static int enter_key(struct tui_form *f)
{
    take_highlighted(f);
    if (f->enter && f->enter(f, f->cur))
        return REDRAW;
    int last = f->n - 1;
    while (last > 0 && f->fields[last].hidden)
        last--;
    if (f->cur >= last)
        return do_save(f);
    move_to(f, f->cur + 1);
    return REDRAW;
}

int tui_form_key(struct tui_form *f, enum tui_action a, const struct tui_key *k)
{
    struct tui_field *fl = &f->fields[f->cur];
    int r;

    if (k->is_char && k->ch >= 32 && k->ch != 127 && k->ch != 0x9b)
        return type_char(f, fl, k->ch);
    if (!k->is_char && (r = edit_key(f, fl, k)) != TUI_UNHANDLED)
        return r;
    if (a == ACT_CLEAR_FIELD || (k->is_char && k->ch == 21 /* Ctrl-U, any keymap */)) {
        strbuf_reset(&fl->value);
        fl->cursor = 0;
        edited(f, fl);
        return REDRAW;
    }
    switch (a) {
    case ACT_UP:
    case ACT_DOWN:
    case ACT_PGDN:
    case ACT_PGUP:
        return move_key(f, fl, a);
    case ACT_NEXT_FIELD:
    case ACT_PREV_FIELD:
        return tab_key(f, a);
    case ACT_OPEN:
    case ACT_ACCEPT:
        return enter_key(f);
    case ACT_SAVE:
        f->drop_open = 0;
        return do_save(f);
    case ACT_BACK:
        if (f->drop_open) {
            f->drop_open = 0;
            return REDRAW;
        }
        return TUI_UNHANDLED;
    case ACT_HELP:
    case ACT_QUIT:
    case ACT_REFRESH:
        if (k->is_char)
            return REDRAW; /* typed text, e.g. q */
        return TUI_UNHANDLED;
    default:
        if (f->action && !k->is_char) {
            r = f->action(f, a);
            if (r != TUI_UNHANDLED)
                return r;
        }
        break;
    }
    /* other keys: function keys go on to the main loop; characters stop here */
    return k->is_char ? REDRAW : TUI_UNHANDLED;
}

/* --- a form as a view of its own ---------------------------------------- */

static void fv_draw(struct view *v, WINDOW *w, int h, int wd)
{
    struct tui_form *f = v->data;
    werase(w);
    tui_form_draw(f, w, 0, h, wd);
    v->dirty = f->dirty;
}

static int fv_after_save(struct view *v, struct tui_form *f, int r)
{
    v->dirty = f->dirty;
    if (r & TUI_FORM_SAVED) {
        /* close the view first: done() may open another one */
        v->data = NULL;
        v->form = NULL;
        if (tui_top() == v)
            tui_pop();
        if (f->done)
            f->done(f);
        tui_form_free(f);
        tui_changed();
        return TUI_HANDLED | TUI_REDRAW;
    }
    return r;
}

static int fv_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    struct tui_form *f = v->data;
    return fv_after_save(v, f, tui_form_key(f, a, k));
}

static void fv_close(struct view *v)
{
    if (v->data)
        tui_form_free(v->data);
}

static const enum tui_action form_bar[] = {ACT_SAVE, ACT_NEXT_FIELD, ACT_NONE};
static const struct view_ops form_view_ops = {
    .name = "form",
    .draw = fv_draw,
    .key = fv_key,
    .close = fv_close,
    .keymap = KEYMAP_FORM,
    .fbar = form_bar,
};

void tui_form_open(struct tui_form *f)
{
    struct view *v = tui_view_new(&form_view_ops, f);
    v->text_input = 1;
    v->fbar = f->fbar;
    v->form = f;
    tui_push(v);
}
