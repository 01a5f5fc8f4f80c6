/*
 * tui_signed: "Signed papers" mode — the papers that came back signed
 * (handover receipts and return records) ticked off one scan after
 * another. Each scan of a paper's QR code ("NUMBER" or "NUMBER #ANCHOR",
 * see receipt_pdf.c) plus Enter marks it signed at once, under the archive
 * reference of the form; a running log shows ✓ with the number and the
 * person, or ✗ with the number and why (unknown, already signed, a paper
 * of another register). No sound: a stack of papers is scanned in a quiet
 * office. As registration's scan mode (tui_scan.c), the main loop reads
 * every pending key before it redraws, so fast scans are never lost; Esc
 * ends the mode with a summary on the status line.
 */
#include <stdlib.h>
#include <string.h>

#include "app/handover_app.h"
#include "app/receipt_app.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "store/handover_store.h"
#include "tui_form.h"

enum { S_ARCHIVE, S_PAPER, S_N };

struct signed_mode {
    struct tui_form *form;
    int count, errors;
    struct tui_scan_log log;
};

static void log_add(struct signed_mode *s, int ok, char *line)
{
    tui_scan_log_add(&s->log, ok, line);
    if (ok)
        s->count++;
    else
        s->errors++;
}

/* Mark the paper id (receipt_app_find: negative for a return record) as
 * signed: the log's line, a new string (caller frees); *ok 1 when marked. */
static char *mark_one(struct signed_mode *s, const char *number, long long id, int *ok)
{
    struct error err = ERROR_INIT;
    struct handover h;
    char d[11];
    char *line;
    int is_return = id < 0;

    *ok = 0;
    if (handover_store_get(tui->app.db, is_return ? -id : id, &h, &err) != 0) {
        line = xasprintf("✗ %s: %s", number, error_msg(&err));
        error_clear(&err);
        return line;
    }
    const char *no = is_return ? h.return_no : h.receipt_no;
    const char *on = is_return ? h.return_signed_on : h.signed_on;
    if (on && *on) {
        line = xasprintf(_("✗ %s: already signed on %s"), no, date_display(on, d));
    } else if ((is_return
                    ? handover_app_mark_return_signed(&tui->app, h.id,
                                                      tui_form_opt(s->form, S_ARCHIVE), NULL, &err)
                    : handover_app_mark_signed(&tui->app, h.id, tui_form_opt(s->form, S_ARCHIVE),
                                               NULL, &err)) != 0) {
        line = xasprintf("✗ %s: %s", no, error_msg(&err));
    } else {
        *ok = 1;
        line = is_return ? xasprintf(_("✓ %s %s (return record)"), no, h.person_name)
                         : xasprintf("✓ %s %s", no, h.person_name);
        tui_changed();
    }
    handover_release(&h);
    error_clear(&err);
    return line;
}

/* Enter on the paper field: the scan (or the number typed) is looked up
 * and marked, the field emptied for the next one. */
static int signed_enter(struct tui_form *f, int idx)
{
    struct signed_mode *s = f->arg;
    struct error err = ERROR_INIT;
    long long id;
    int ok = 0;
    char *line;

    if (idx != S_PAPER)
        return 0;
    const char *text = tui_form_value(f, S_PAPER);
    if (!*text)
        return 1;
    /* the number as the paper prints it, without the QR code's anchor */
    const char *hash = strstr(text, " #");
    char *number = hash ? xstrndup(text, (size_t)(hash - text)) : xstrdup(text);
    int rc = receipt_app_find(&tui->app, text, &id, &err);
    if (rc == 0)
        line = mark_one(s, number, id, &ok);
    else if (rc == ERR_NOT_FOUND)
        line = xasprintf(_("✗ %s: unknown, no receipt or return record has this number"), number);
    else if (rc == ERR_CORRUPT)
        /* its anchor is not in this register's log: printed from another
         * register (the demo's, another office's) */
        line = xasprintf(_("✗ %s: not a paper of this register"), number);
    else
        line = xasprintf("✗ %s: %s", number, error_msg(&err));
    log_add(s, ok, line);
    if (!ok)
        tui_status(1, "%s", line);
    else
        strbuf_reset(&tui->status);
    error_clear(&err);
    free(number);
    tui_form_set(f, S_PAPER, "", 0);
    tui_form_error(f, S_PAPER, NULL);
    f->cur = S_PAPER;
    f->dirty = 0;
    return 1;
}

static void signed_draw(struct view *v, WINDOW *w, int h, int wd)
{
    struct signed_mode *s = v->data;
    werase(w);
    tui_form_draw(s->form, w, 0, 6, wd);
    char *c = xasprintf(_("Marked signed in this scan: %d    refused: %d"), s->count, s->errors);
    tui_put(w, 6, 2, wd - 4, c, tui_attr(ATTR_TITLE));
    free(c);
    tui_hline(w, 7, 1, wd - 2, tui_attr(ATTR_DIM));
    tui_scan_log_draw(&s->log, w, 8, h, wd, 2,
                      _("Scan the QR code of each paper that came back signed (or type its "
                        "number and Enter). Esc ends."));
}

/* Any scan here is a paper: into its field, wherever the focus is, and the
 * scanner's Enter marks it (an IMEI is refused as no paper, in the log). */
static int signed_scan(struct view *v, const char *text)
{
    struct signed_mode *s = v->data;
    tui_form_set(s->form, S_PAPER, text, 0);
    s->form->cur = S_PAPER;
    signed_enter(s->form, S_PAPER);
    return 1;
}

static int signed_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    struct signed_mode *s = v->data;
    if (a == ACT_SAVE)
        a = ACT_ACCEPT;
    int r = tui_form_key(s->form, a, k);
    v->dirty = 0;
    return r;
}

static void signed_close(struct view *v)
{
    struct signed_mode *s = v->data;
    s->form->arg = NULL;
    tui_form_free(s->form);
    tui_scan_log_release(&s->log);
    if (s->count || s->errors)
        tui_status(0,
                   ngettext("signed papers mode ended: %d paper marked as signed, %d refused",
                            "signed papers mode ended: %d papers marked as signed, %d refused",
                            (unsigned long)s->count),
                   s->count, s->errors);
    free(s);
}

static const enum tui_action signed_bar[] = {ACT_NEXT_FIELD, ACT_NONE};
static const struct view_ops signed_ops = {
    .name = "signed",
    .draw = signed_draw,
    .key = signed_key,
    .close = signed_close,
    .scan = signed_scan,
    .keymap = KEYMAP_FORM,
    .fbar = signed_bar,
};

void tui_signed_open(void)
{
    struct signed_mode *s = xcalloc(1, sizeof *s);
    struct tui_form *f = tui_form_new(
        _("Signed papers: each scan of a paper's QR code + Enter marks it signed"), S_N);
    s->form = f;
    f->arg = s;
    f->enter = signed_enter;
    tui_form_field(f, S_ARCHIVE, "archive_ref", N_("Archive reference"), FIELD_TEXT, 0);
    tui_form_field(f, S_PAPER, "paper", N_("Paper number"), FIELD_TEXT, 0);
    f->cur = S_PAPER;
    struct view *v = tui_view_new(&signed_ops, s);
    v->text_input = 1;
    v->form = f;
    tui_push(v);
}
