/*
 * tui_settings: the Settings screen — the office's settings (office name,
 * parent body, place name, signers, receipt number format, interface
 * language, daily backups kept, asking who is working at start, the
 * receipts' originals, printer and paper size — a choice of A4, A5 or
 * Letter) and the rounds. Enter edits the settings in a form; a new language applies at
 * once. F7 adds a round. The office's header has a history (each document
 * uses the value of its date): the screen and the form show the values in
 * force today, with the one before beside them.
 */
#include <stdlib.h>
#include <string.h>

#include "app/settings_app.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/xalloc.h"
#include "core/text.h"
#include "store/db.h"
#include "store/round_store.h"
#include "store/setting_store.h"
#include "tui_choices.h"

/* The settings are the fields of their table (setting_kind), in its order. */
static int n_settings(void)
{
    return (int)setting_kind.n_fields;
}

static const struct field *setting(int i)
{
    return &setting_kind.fields[i];
}

static int is_language(int i)
{
    return setting(i)->check == CHECK_LANGUAGE;
}

/* operator_prompt: "on" or "off" (never set: off) */
static int is_switch(int i)
{
    return setting(i)->check == CHECK_SWITCH;
}

/* paper_size: A4, A5 or Letter, one of a list (never set: A4) */
static int is_paper(int i)
{
    return setting(i)->check == CHECK_PAPER;
}

static const char *const papers[] = {"A4", "A5", "Letter"};

/* The paper's place in papers (1...), from its value ("" : A4). */
static int paper_choice(const char *v)
{
    for (int k = 0; k < 3; k++)
        if (strcmp(v, papers[k]) == 0)
            return k + 1;
    return 1;
}

struct round_lines {
    WINDOW *w;
    int y, h, wd;
};

static int round_cb(const struct round *r, void *arg)
{
    struct round_lines *rl = arg;
    if (rl->y >= rl->h)
        return 1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "  %s", r->name);
    if (r->year)
        strbuf_addf(&sb, " (%d)", r->year);
    if (r->decision && *r->decision)
        strbuf_addf(&sb, " · %s", r->decision);
    if (r->decision_date) {
        char d[11];
        strbuf_addf(&sb, _(" of %s"), date_display(r->decision_date, d));
    }
    if (r->funding && *r->funding)
        strbuf_addf(&sb, " · %s", r->funding);
    if (r->budget >= 0) {
        char *m = money_format(r->budget, 1);
        strbuf_addf(&sb, " · %s", m);
        free(m);
    }
    tui_put(rl->w, rl->y++, 1, rl->wd - 2, sb.buf, A_NORMAL);
    strbuf_release(&sb);
    return 0;
}

/* "(until 30/06/2025: BAN DÂN TỘC)": the value of a setting with a history
 * before the one in force today, or NULL when there was none. Caller frees.
 * A database that cannot be read: 1 with its message in *s. */
static int previous_value(const char *key, char **s)
{
    struct error err = ERROR_INIT;
    char today[11], day[11], shown[11];
    char *from, *v = NULL;
    int rc;
    *s = NULL;
    date_today(today);
    rc = setting_from_at(tui->app.db, key, today, &from, &err);
    if (rc == 0 && from && date_add_days(from, -1, day) == 0 &&
        (rc = setting_get_at(tui->app.db, key, day, "", &v, &err)) == 0)
        /* TRANSLATORS: the value a setting had before: "(until 30/06/2025: BAN DÂN TỘC)" */
        *s = xasprintf(_("(until %s: %s)"), date_display(day, shown), v);
    if (rc)
        *s = xstrdup(error_msg(&err));
    error_clear(&err);
    free(v);
    free(from);
    return rc != 0;
}

/* the setting highlighted: Enter opens the form on it */
static int settings_cur;

static void settings_draw(struct view *v, WINDOW *w, int h, int wd)
{
    int y = 0, n = n_settings();
    if (settings_cur >= n)
        settings_cur = n - 1;
    tui_put(w, y++, 1, wd - 2, _("Settings (Enter edits them)"), tui_attr(ATTR_TITLE));
    int lw = 0;
    for (int i = 0; i < n; i++) {
        int t = text_width(_(setting(i)->title));
        if (t > lw)
            lw = t;
    }
    if (lw > wd / 2)
        lw = wd / 2;
    for (int i = 0; i < n && y < h - 3; i++) {
        struct error err = ERROR_INIT;
        char *val;
        int failed = settings_app_get(&tui->app, setting(i)->key, &val, &err) != 0;
        const char *shown = failed ? error_msg(&err) : val;
        if (is_switch(i) && !failed)
            shown = strcmp(val, "on") == 0 ? C_("setting", "on") : C_("setting", "off");
        if (is_paper(i) && !failed)
            shown = papers[paper_choice(val) - 1];
        if (i == settings_cur) {
            wattrset(w, tui_attr(ATTR_SELECTED));
            mvwhline(w, y, 0, ' ', wd);
        }
        tui_put_pad(w, y, 2, lw, _(setting(i)->title),
                    i == settings_cur ? tui_attr(ATTR_SELECTED) : tui_attr(ATTR_DIM));
        tui_put(w, y, lw + 4, wd - lw - 6, shown,
                failed              ? tui_attr(ATTR_ERROR)
                : i == settings_cur ? tui_attr(ATTR_SELECTED)
                                    : tui_attr(ATTR_NORMAL));
        if ((setting(i)->flags & FIELD_DATED) && !failed) {
            /* the value before this one: documents of those dates keep it */
            char *before;
            int bad = previous_value(setting(i)->key, &before);
            int used = text_width(shown) + 2;
            if (before && used < wd - lw - 6)
                tui_put(w, y, lw + 4 + used, wd - lw - 6 - used, before,
                        tui_attr(bad ? ATTR_ERROR : ATTR_DIM));
            free(before);
        }
        error_clear(&err);
        free(val);
        y++;
    }
    y++;
    if (y < h - 1) {
        tui_put(w, y++, 1, wd - 2, _("Rounds (F7 adds one)"), tui_attr(ATTR_TITLE));
        struct round_lines rl = {w, y, h - 1, wd}; /* above the database line */
        round_store_each(tui->app.db, round_cb, &rl, NULL);
        if (rl.y == y)
            tui_put(w, y, 2, wd - 4, _("no rounds yet"), tui_attr(ATTR_DIM));
    }
    y = h - 1;
    char *db = xasprintf(_("Database: %s"), db_path(tui->app.db));
    tui_put(w, y, 1, wd - 2, db, tui_attr(ATTR_DIM));
    free(db);
}

static int settings_form_save(struct tui_form *f, struct error *err)
{
    int n = n_settings();
    const char *lang = NULL;
    for (int i = 0; i < n; i++) {
        char *old;
        int rc = settings_app_get(&tui->app, setting(i)->key, &old, err);
        if (rc)
            return rc;
        if (is_switch(i) && !*old) {
            free(old);
            old = xstrdup("off");
        }
        if (is_paper(i) && !*old) {
            free(old);
            old = xstrdup("A4");
        }
        const char *nv = tui_form_value(f, i);
        if (is_language(i))
            nv = f->fields[i].choice_id == 2 ? "en" : "vi";
        if (is_switch(i))
            nv = f->fields[i].choice_id == 2 ? "on" : "off";
        if (is_paper(i))
            nv = papers[f->fields[i].choice_id >= 1 && f->fields[i].choice_id <= 3
                            ? f->fields[i].choice_id - 1
                            : 0];
        if (strcmp(old, nv) != 0) {
            if (settings_app_set(&tui->app, setting(i)->key, nv, err) != 0) {
                /* shown under the field of the setting's key */
                free(old);
                return ERR_INVALID;
            }
            if (is_language(i))
                lang = nv;
        }
        free(old);
    }
    if (lang)
        tui_apply_language(lang);
    tui_status(0, "%s", _("settings saved"));
    return 0;
}

static void settings_form(void)
{
    int n = n_settings();
    static const char *const langs[] = {"Tiếng Việt (vi)", "English (en)"};
    const char *const switches[] = {C_("setting", "off"), C_("setting", "on")};
    struct settings vals;
    struct error err = ERROR_INIT;
    /* every value read first: a form of blanks saved would wipe the settings */
    if (settings_app_read(&tui->app, &vals, &err) != 0) {
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
        return;
    }
    struct tui_form *f = tui_form_new(_("Settings"), n);
    f->save = settings_form_save;
    for (int i = 0; i < n; i++) {
        const char *val = *(char **)((char *)&vals + setting(i)->offset);
        if (is_language(i)) {
            tui_form_field(f, i, setting(i)->key, setting(i)->title, FIELD_CHOICE, 1);
            tui_choices_set(&f->fields[i].fixed, langs, 2);
            int en = strcmp(val, "en") == 0;
            tui_form_set(f, i, langs[en], en ? 2 : 1);
        } else if (is_switch(i)) {
            tui_form_field(f, i, setting(i)->key, setting(i)->title, FIELD_CHOICE, 1);
            tui_choices_set(&f->fields[i].fixed, switches, 2);
            int on = strcmp(val, "on") == 0;
            tui_form_set(f, i, switches[on], on ? 2 : 1);
        } else if (is_paper(i)) {
            tui_form_field(f, i, setting(i)->key, setting(i)->title, FIELD_CHOICE, 1);
            tui_choices_set(&f->fields[i].fixed, papers, 3);
            int k = paper_choice(val);
            tui_form_set(f, i, papers[k - 1], k);
        } else {
            tui_form_field(f, i, setting(i)->key, setting(i)->title, FIELD_TEXT, 0);
            tui_form_set(f, i, val, 0);
        }
    }
    settings_release(&vals);
    f->cur = settings_cur; /* the setting the operator chose, not the first */
    tui_form_open(f);
}

static int settings_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    switch (a) {
    case ACT_UP:
        if (settings_cur > 0)
            settings_cur--;
        return TUI_HANDLED | TUI_REDRAW;
    case ACT_DOWN:
        if (settings_cur < n_settings() - 1)
            settings_cur++;
        return TUI_HANDLED | TUI_REDRAW;
    case ACT_OPEN:
    case ACT_EDIT: {
        /* an operator of some communes is told at once, not after typing */
        struct error err = ERROR_INIT;
        if (settings_app_may_change(&tui->app, &err) == 0)
            settings_form();
        else
            tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
        return TUI_HANDLED | TUI_REDRAW;
    }
    case ACT_ADD:
        tui_round_form();
        return TUI_HANDLED | TUI_REDRAW;
    default:
        return TUI_UNHANDLED;
    }
}

static const enum tui_action settings_bar[] = {ACT_EDIT, ACT_ADD, ACT_NONE};
static const struct view_ops settings_ops = {
    .name = "settings",
    .draw = settings_draw,
    .key = settings_key,
    .keymap = KEYMAP_SETTINGS,
    .fbar = settings_bar,
};

struct view *tui_settings_new(void)
{
    return tui_view_new(&settings_ops, NULL);
}
