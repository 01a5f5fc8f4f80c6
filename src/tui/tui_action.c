/*
 * tui_action: the one table of user actions (id, name, help) and the key
 * bindings that map keys to them, per keymap. The F-key bar and the F1 help
 * screen are generated from these two tables, so they cannot drift.
 */
#include <stdio.h>

#include "core/i18n.h"
#include "tui_internal.h"

static const struct tui_action_info actions[] = {
    {ACT_NONE, "none", "", ""},
    {ACT_HELP, "help", N_("Help"), N_("show this help: every key and what it does")},
    {ACT_QUIT, "quit", N_("Quit"),
     N_("leave capphat (asks first when a form holds unsaved input)")},
    {ACT_BACK, "back", N_("Back"), N_("close the form or record, cancel the search or question")},
    {ACT_TAB1, "tab-overview", N_("Overview"), N_("overview: counts per district")},
    {ACT_TAB2, "tab-people", N_("People"), N_("the list of prestigious persons")},
    {ACT_TAB3, "tab-devices", N_("Devices"), N_("the list of devices (phones)")},
    {ACT_TAB4, "tab-handover", N_("Handover"), N_("hand over, take back, pass on a device")},
    {ACT_TAB5, "tab-training", N_("Training"), N_("training sessions and attendance")},
    {ACT_TAB6, "tab-reports", N_("Reports"), N_("Excel lists, summaries and receipts")},
    {ACT_TAB7, "tab-settings", N_("Settings"),
     N_("office name, signers, receipt format, language")},
    {ACT_UP, "up", N_("Up"), N_("previous row or field")},
    {ACT_DOWN, "down", N_("Down"), N_("next row or field")},
    {ACT_PGUP, "page-up", N_("PgUp"), N_("one page up")},
    {ACT_PGDN, "page-down", N_("PgDn"), N_("one page down")},
    {ACT_HOME, "home", N_("Home"), N_("first row")},
    {ACT_END, "end", N_("End"), N_("last row")},
    {ACT_LEFT, "left", N_("Left"), N_("previous tab")},
    {ACT_RIGHT, "right", N_("Right"), N_("next tab")},
    {ACT_OPEN, "open", N_("Open"), N_("open the selected row with its full history")},
    {ACT_SEARCH, "search", N_("Search"),
     N_("search as you type: words in any order and any part of the name, village, commune, "
        "phone, IMEI or whole citizen ID, or a year of birth ('thuong 1980'; accents and case do "
        "not matter); F3 again: the next match")},
    {ACT_REFRESH, "refresh", N_("Refresh"),
     N_("read the database again (changes of other operators)")},
    {ACT_ADD, "add", N_("Add"), N_("add a new record")},
    {ACT_EDIT, "edit", N_("Edit"), N_("edit the selected record")},
    {ACT_SORT, "sort", N_("Sort"), N_("sort by the next column (again: reverse)")},
    {ACT_FILTER, "filter", N_("Filter"), N_("filter by district, commune, status or round")},
    {ACT_SCAN, "scan", N_("Scan"), N_("scan mode: register IMEIs one after another")},
    {ACT_SAVE, "save", N_("Save"), N_("save the form")},
    {ACT_NEXT_FIELD, "next-field", N_("Next"), N_("next field")},
    {ACT_PREV_FIELD, "prev-field", N_("Previous"), N_("previous field")},
    {ACT_GIVE, "give", N_("Hand over"), N_("hand a device in stock to a person")},
    {ACT_RETURN, "return", N_("Take back"), N_("take a device back, with reason and decision")},
    {ACT_PASS_ON, "pass-on", N_("Pass on"), N_("pass a holder's device on to a successor")},
    {ACT_TOGGLE, "toggle", N_("Tick"),
     N_("tick or untick the highlighted person (saved at once), then go on to the next row")},
    {ACT_ATTEND_ADD, "attend-add", N_("Add person"), N_("add anyone to the attendance by search")},
    {ACT_DEMO, "demo", N_("Demo"), N_("open a demo round in a separate demo database")},
    {ACT_RUN, "run", N_("Run"), N_("run the selected report")},
    {ACT_ACCEPT, "accept", N_("Accept"),
     N_("take the highlighted choice; go to the next field; on the last field, save")},
    {ACT_IMPORT, "import", N_("Import"),
     N_("import persons or devices from a CSV or Excel list (wizard: preview, check, import)")},
    {ACT_CHECK, "check", N_("Check"), N_("import wizard: check every row without importing")},
    {ACT_SAVE_REJECTS, "save-rejected", N_("Save rejected"),
     N_("import wizard: save the rejected rows to a CSV file under the list's header, to correct "
        "and import again")},
    {ACT_BROWSE, "browse", N_("Browse"),
     N_("import: choose the list from the folders instead of typing its path (most recent "
        "first)")},
    {ACT_SHOW_ID, "show-id", N_("Show ID"),
     N_("show a person's citizen ID in full (person form and record); recorded in the audit log "
        "first")},
    {ACT_CORRECT, "correct-handover", N_("Correct"),
     N_("correct the place, date, officer or note of the record's latest handover whose receipt "
        "is not signed yet")},
    {ACT_NEXT_MATCH, "next-match", N_("Next match"), N_("the next row the search found")},
    {ACT_PREV_MATCH, "prev-match", N_("Previous match"), N_("the previous row the search found")},
    {ACT_CLEAR_SEARCH, "clear-search", N_("Clear search"),
     N_("clear the search text (the whole list again)")},
    {ACT_CLEAR_FIELD, "clear-field", N_("Clear"), N_("empty the field")},
    {ACT_CHOOSE, "choose", N_("Choose"),
     N_("take the answer or item chosen (a question about a step that destroys something "
        "starts on No)")},
    {ACT_YES, "yes", N_("Yes"), N_("answer yes (c: có)")},
    {ACT_NO, "no", N_("No"), N_("answer no (k: không)")},
    {ACT_SWITCH, "switch", N_("Other answer"), N_("choose the other answer")},
    {ACT_SELECT, "select", N_("Select"), N_("select or unselect the highlighted receipt")},
    {ACT_SELECT_ALL, "select-all", N_("All"), N_("select every receipt shown (again: none)")},
    {ACT_MARK_SIGNED, "mark-signed", N_("Mark signed"),
     N_("mark the selected receipts (or the highlighted one) signed, with one archive reference")},
    {ACT_PREV_GROUP, "prev-commune", N_("Previous commune"),
     N_("the receipts of the previous commune (before the first: all)")},
    {ACT_NEXT_GROUP, "next-commune", N_("Next commune"),
     N_("the receipts of the next commune (after the last: all)")},
    {ACT_SIGNED_MODE, "signed-papers", N_("Signed papers"),
     N_("signed papers mode: scan the QR code of each receipt or return record that came back "
        "signed, one after another; each is marked signed at once, with a ✓/✗ log")},
};
_Static_assert(sizeof(actions) / sizeof(*actions) == ACT_COUNT, "one entry per action, in order");

#define CH(km, c, a)                                                                               \
    {                                                                                              \
        km, c, 1, a                                                                                \
    }
#define FK(km, k, a)                                                                               \
    {                                                                                              \
        km, k, 0, a                                                                                \
    }

const struct tui_binding tui_bindings[] = {
    FK(KEYMAP_GLOBAL, KEY_F(1), ACT_HELP),
    FK(KEYMAP_GLOBAL, KEY_F(10), ACT_QUIT),
    CH(KEYMAP_GLOBAL, 'q', ACT_QUIT),
    CH(KEYMAP_GLOBAL, 3 /* Ctrl-C, read as F10 */, ACT_QUIT),
    CH(KEYMAP_GLOBAL, 27, ACT_BACK),
    CH(KEYMAP_GLOBAL, '1', ACT_TAB1),
    CH(KEYMAP_GLOBAL, '2', ACT_TAB2),
    CH(KEYMAP_GLOBAL, '3', ACT_TAB3),
    CH(KEYMAP_GLOBAL, '4', ACT_TAB4),
    CH(KEYMAP_GLOBAL, '5', ACT_TAB5),
    CH(KEYMAP_GLOBAL, '6', ACT_TAB6),
    CH(KEYMAP_GLOBAL, '7', ACT_TAB7),
    FK(KEYMAP_GLOBAL, KEY_UP, ACT_UP),
    FK(KEYMAP_GLOBAL, KEY_DOWN, ACT_DOWN),
    FK(KEYMAP_GLOBAL, KEY_PPAGE, ACT_PGUP),
    FK(KEYMAP_GLOBAL, KEY_NPAGE, ACT_PGDN),
    FK(KEYMAP_GLOBAL, KEY_HOME, ACT_HOME),
    FK(KEYMAP_GLOBAL, KEY_END, ACT_END),
    FK(KEYMAP_GLOBAL, KEY_LEFT, ACT_LEFT),
    FK(KEYMAP_GLOBAL, KEY_RIGHT, ACT_RIGHT),
    FK(KEYMAP_GLOBAL, KEY_F(5), ACT_REFRESH),
    CH(KEYMAP_GLOBAL, 12 /* Ctrl-L */, ACT_REFRESH),

    FK(KEYMAP_LIST, KEY_ENTER, ACT_OPEN),
    CH(KEYMAP_LIST, '\n', ACT_OPEN),
    CH(KEYMAP_LIST, '\r', ACT_OPEN),
    CH(KEYMAP_LIST, '/', ACT_SEARCH),
    FK(KEYMAP_LIST, KEY_F(3), ACT_SEARCH),
    CH(KEYMAP_LIST, 'n', ACT_NEXT_MATCH),
    FK(KEYMAP_LIST, KEY_F(15), ACT_PREV_MATCH),
    CH(KEYMAP_LIST, 'N', ACT_PREV_MATCH),
    CH(KEYMAP_LIST, 21 /* Ctrl-U */, ACT_CLEAR_SEARCH),
    FK(KEYMAP_LIST, KEY_F(4), ACT_EDIT),
    FK(KEYMAP_LIST, KEY_F(6), ACT_SORT),
    FK(KEYMAP_LIST, KEY_F(7), ACT_ADD),
    FK(KEYMAP_LIST, KEY_F(8), ACT_SCAN),
    FK(KEYMAP_LIST, KEY_F(9), ACT_FILTER),
    FK(KEYMAP_LIST, KEY_F(2), ACT_IMPORT),

    FK(KEYMAP_FORM, KEY_F(2), ACT_SAVE),
    CH(KEYMAP_FORM, 21 /* Ctrl-U */, ACT_CLEAR_FIELD),
    FK(KEYMAP_FORM, KEY_F(3), ACT_SHOW_ID),
    FK(KEYMAP_FORM, KEY_F(4), ACT_BROWSE),
    CH(KEYMAP_FORM, '\t', ACT_NEXT_FIELD),
    FK(KEYMAP_FORM, KEY_BTAB, ACT_PREV_FIELD),
    FK(KEYMAP_FORM, KEY_ENTER, ACT_ACCEPT),
    CH(KEYMAP_FORM, '\n', ACT_ACCEPT),
    CH(KEYMAP_FORM, '\r', ACT_ACCEPT),

    FK(KEYMAP_HANDOVER, KEY_F(2), ACT_SAVE),
    CH(KEYMAP_HANDOVER, 21 /* Ctrl-U */, ACT_CLEAR_FIELD),
    CH(KEYMAP_HANDOVER, '\t', ACT_NEXT_FIELD),
    FK(KEYMAP_HANDOVER, KEY_BTAB, ACT_PREV_FIELD),
    FK(KEYMAP_HANDOVER, KEY_ENTER, ACT_ACCEPT),
    CH(KEYMAP_HANDOVER, '\n', ACT_ACCEPT),
    CH(KEYMAP_HANDOVER, '\r', ACT_ACCEPT),
    FK(KEYMAP_HANDOVER, KEY_F(6), ACT_PASS_ON),
    FK(KEYMAP_HANDOVER, KEY_F(8), ACT_RETURN),

    FK(KEYMAP_TRAINING, KEY_ENTER, ACT_OPEN),
    CH(KEYMAP_TRAINING, '\n', ACT_OPEN),
    CH(KEYMAP_TRAINING, '\r', ACT_OPEN),
    CH(KEYMAP_TRAINING, ' ', ACT_TOGGLE),
    FK(KEYMAP_TRAINING, KEY_F(7), ACT_ADD),
    CH(KEYMAP_TRAINING, '/', ACT_ATTEND_ADD),
    FK(KEYMAP_TRAINING, KEY_F(3), ACT_ATTEND_ADD),

    FK(KEYMAP_OVERVIEW, KEY_F(7), ACT_DEMO),

    FK(KEYMAP_REPORTS, KEY_ENTER, ACT_RUN),
    CH(KEYMAP_REPORTS, '\n', ACT_RUN),
    CH(KEYMAP_REPORTS, '\r', ACT_RUN),

    FK(KEYMAP_SETTINGS, KEY_F(4), ACT_EDIT),
    FK(KEYMAP_SETTINGS, KEY_ENTER, ACT_EDIT),
    CH(KEYMAP_SETTINGS, '\n', ACT_EDIT),
    CH(KEYMAP_SETTINGS, '\r', ACT_EDIT),
    FK(KEYMAP_SETTINGS, KEY_F(7), ACT_ADD),

    FK(KEYMAP_RECORD, KEY_F(4), ACT_EDIT),
    FK(KEYMAP_RECORD, KEY_F(3), ACT_SHOW_ID),
    FK(KEYMAP_RECORD, KEY_F(6), ACT_CORRECT),

    FK(KEYMAP_IMPORT, KEY_F(2), ACT_IMPORT),
    FK(KEYMAP_IMPORT, KEY_F(3), ACT_CHECK),
    FK(KEYMAP_IMPORT, KEY_F(6), ACT_SAVE_REJECTS),
    FK(KEYMAP_IMPORT, KEY_F(4), ACT_EDIT),
    FK(KEYMAP_IMPORT, KEY_ENTER, ACT_EDIT),
    CH(KEYMAP_IMPORT, '\n', ACT_EDIT),
    CH(KEYMAP_IMPORT, '\r', ACT_EDIT),

    FK(KEYMAP_QUESTION, KEY_ENTER, ACT_CHOOSE),
    CH(KEYMAP_QUESTION, '\n', ACT_CHOOSE),
    CH(KEYMAP_QUESTION, '\r', ACT_CHOOSE),
    CH(KEYMAP_QUESTION, 'y', ACT_YES),
    CH(KEYMAP_QUESTION, 'Y', ACT_YES),
    CH(KEYMAP_QUESTION, 'c', ACT_YES),
    CH(KEYMAP_QUESTION, 'C', ACT_YES),
    CH(KEYMAP_QUESTION, 'n', ACT_NO),
    CH(KEYMAP_QUESTION, 'N', ACT_NO),
    CH(KEYMAP_QUESTION, 'k', ACT_NO),
    CH(KEYMAP_QUESTION, 'K', ACT_NO),
    CH(KEYMAP_QUESTION, '\t', ACT_SWITCH),
    FK(KEYMAP_QUESTION, KEY_BTAB, ACT_SWITCH),
    FK(KEYMAP_QUESTION, KEY_LEFT, ACT_SWITCH),
    FK(KEYMAP_QUESTION, KEY_RIGHT, ACT_SWITCH),

    FK(KEYMAP_CHOICE, KEY_ENTER, ACT_CHOOSE),
    CH(KEYMAP_CHOICE, '\n', ACT_CHOOSE),
    CH(KEYMAP_CHOICE, '\r', ACT_CHOOSE),
    CH(KEYMAP_CHOICE, 'k', ACT_UP),
    CH(KEYMAP_CHOICE, 'j', ACT_DOWN),
    CH(KEYMAP_CHOICE, '\t', ACT_DOWN),

    CH(KEYMAP_UNSIGNED, ' ', ACT_SELECT),
    CH(KEYMAP_UNSIGNED, 'a', ACT_SELECT_ALL),
    CH(KEYMAP_UNSIGNED, 'A', ACT_SELECT_ALL),
    FK(KEYMAP_UNSIGNED, KEY_F(2), ACT_MARK_SIGNED),
    FK(KEYMAP_UNSIGNED, KEY_F(8), ACT_SIGNED_MODE),
    FK(KEYMAP_UNSIGNED, KEY_LEFT, ACT_PREV_GROUP),
    FK(KEYMAP_UNSIGNED, KEY_RIGHT, ACT_NEXT_GROUP),
    FK(KEYMAP_UNSIGNED, KEY_ENTER, ACT_BACK),
    CH(KEYMAP_UNSIGNED, '\n', ACT_BACK),
    CH(KEYMAP_UNSIGNED, '\r', ACT_BACK),
};
const size_t tui_n_bindings = sizeof(tui_bindings) / sizeof(*tui_bindings);

const struct tui_action_info *tui_action_info(enum tui_action a)
{
    if ((size_t)a < sizeof(actions) / sizeof(*actions))
        return &actions[a];
    return &actions[0];
}

static enum tui_action lookup(enum tui_keymap km, int key, int is_char)
{
    for (size_t i = 0; i < tui_n_bindings; i++)
        if (tui_bindings[i].keymap == km && tui_bindings[i].key == key &&
            tui_bindings[i].is_char == is_char)
            return tui_bindings[i].action;
    return ACT_NONE;
}

enum tui_action tui_action_for_key(enum tui_keymap km, int key, int is_char)
{
    enum tui_action a = km != KEYMAP_GLOBAL ? lookup(km, key, is_char) : ACT_NONE;
    return a != ACT_NONE ? a : lookup(KEYMAP_GLOBAL, key, is_char);
}

static const char *binding_name(const struct tui_binding *b)
{
    static char buf[16];
    if (b->is_char) {
        switch (b->key) {
        case 27:
            return "Esc";
        case '\t':
            return "Tab";
        case '\n':
            return "Enter";
        case '\r':
            return "Enter";
        case ' ':
            return _("Space");
        case 12:
            return "Ctrl-L";
        case 3:
            return "Ctrl-C";
        case 21:
            return "Ctrl-U";
        }
        snprintf(buf, sizeof buf, "%c", b->key);
        return buf;
    }
    if (b->key >= KEY_F(1) && b->key <= KEY_F(12)) {
        snprintf(buf, sizeof buf, "F%d", b->key - KEY_F0);
        return buf;
    }
    if (b->key >= KEY_F(13) && b->key <= KEY_F(24)) {
        /* what terminals send for Shift and F1-F12 */
        snprintf(buf, sizeof buf, "Shift-F%d", b->key - KEY_F(12));
        return buf;
    }
    switch (b->key) {
    case KEY_UP:
        return "↑";
    case KEY_DOWN:
        return "↓";
    case KEY_LEFT:
        return "←";
    case KEY_RIGHT:
        return "→";
    case KEY_PPAGE:
        return "PgUp";
    case KEY_NPAGE:
        return "PgDn";
    case KEY_HOME:
        return "Home";
    case KEY_END:
        return "End";
    case KEY_ENTER:
        return "Enter";
    case KEY_BTAB:
        return "Shift-Tab";
    }
    return "?";
}

const char *tui_binding_key_name(const struct tui_binding *b)
{
    return binding_name(b);
}

const char *tui_action_key_name(enum tui_keymap km, enum tui_action a)
{
    /* prefer function keys for the bar */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < tui_n_bindings; i++) {
            const struct tui_binding *b = &tui_bindings[i];
            if (b->action != a || (b->keymap != km && b->keymap != KEYMAP_GLOBAL))
                continue;
            if (pass == 0 && (b->is_char || b->key < KEY_F(1) || b->key > KEY_F(12)))
                continue;
            return binding_name(b);
        }
    return "";
}

const char *tui_keymap_name(enum tui_keymap km)
{
    static const char *const names[] = {
        N_("Everywhere"),      N_("Lists (people, devices)"),
        N_("Forms"),           N_("Handover"),
        N_("Training"),        N_("Overview"),
        N_("Record"),          N_("Import wizard"),
        N_("Reports"),         N_("Settings"),
        N_("Question"),        N_("Choices (print, save)"),
        N_("Unsigned papers"),
    };
    _Static_assert(sizeof(names) / sizeof(*names) == KEYMAP_COUNT, "one name per keymap");
    return (size_t)km < sizeof(names) / sizeof(*names) ? _(names[km]) : "";
}
