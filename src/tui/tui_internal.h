/*
 * tui_internal.h: what the files of src/tui/ share. Not for use outside
 * src/tui/ (the only folder that includes curses).
 *
 * The program is a stack of views over one of seven tab screens. Each view
 * is a struct of function pointers (open, draw, key, close); keys are first
 * resolved to actions through the binding tables of tui_action.c (the F-key
 * bar and the F1 help screen are generated from the same tables), then
 * handed to the top view, whose handler returns TUI_* flags. Only the main
 * loop in tui.c draws.
 */
#ifndef TUI_INTERNAL_H
#define TUI_INTERNAL_H

#include <curses.h>
#include <stddef.h>
#include <wchar.h>

#include "app/app.h"
#include "core/strbuf.h"

/* What a key handler tells the main loop. */
enum { TUI_UNHANDLED = 0, TUI_HANDLED = 1, TUI_REDRAW = 2, TUI_QUIT = 4 };

/* Every user action: the one table in tui_action.c names and explains it. */
enum tui_action {
    ACT_NONE = 0,
    ACT_HELP,
    ACT_QUIT,
    ACT_BACK,
    ACT_TAB1,
    ACT_TAB2,
    ACT_TAB3,
    ACT_TAB4,
    ACT_TAB5,
    ACT_TAB6,
    ACT_TAB7,
    ACT_UP,
    ACT_DOWN,
    ACT_PGUP,
    ACT_PGDN,
    ACT_HOME,
    ACT_END,
    ACT_LEFT,
    ACT_RIGHT,
    ACT_OPEN,
    ACT_SEARCH,
    ACT_REFRESH,
    ACT_ADD,
    ACT_EDIT,
    ACT_SORT,
    ACT_FILTER,
    ACT_SCAN,
    ACT_SAVE,
    ACT_NEXT_FIELD,
    ACT_PREV_FIELD,
    ACT_GIVE,
    ACT_RETURN,
    ACT_PASS_ON,
    ACT_TOGGLE,
    ACT_ATTEND_ADD,
    ACT_DEMO,
    ACT_RUN,
    ACT_ACCEPT,
    ACT_IMPORT,
    ACT_CHECK,
    ACT_SAVE_REJECTS,
    ACT_BROWSE,
    ACT_SHOW_ID,
    ACT_CORRECT,
    ACT_NEXT_MATCH,
    ACT_PREV_MATCH,
    ACT_CLEAR_SEARCH,
    ACT_CLEAR_FIELD,
    ACT_CHOOSE,
    ACT_YES,
    ACT_NO,
    ACT_SWITCH,
    ACT_SELECT,
    ACT_SELECT_ALL,
    ACT_MARK_SIGNED,
    ACT_PREV_GROUP,
    ACT_NEXT_GROUP,
    ACT_SIGNED_MODE,
    ACT_COUNT
};

/* Keymaps: a view's own first, then the global one. */
enum tui_keymap {
    KEYMAP_GLOBAL = 0,
    KEYMAP_LIST,
    KEYMAP_FORM,
    KEYMAP_HANDOVER,
    KEYMAP_TRAINING,
    KEYMAP_OVERVIEW,
    KEYMAP_RECORD,
    KEYMAP_IMPORT,
    KEYMAP_REPORTS,
    KEYMAP_SETTINGS,
    KEYMAP_QUESTION, /* a question or message box (tui_dialog.c) */
    KEYMAP_CHOICE,   /* a box of choices: print, save (tui_print.c) */
    KEYMAP_UNSIGNED, /* the unsigned papers (tui_reports.c) */
    KEYMAP_COUNT
};

struct tui_action_info {
    enum tui_action id;
    const char *name;  /* stable identifier, e.g. "quit" */
    const char *label; /* N_() short label for the F-key bar */
    const char *help;  /* N_() one line for the help screen */
};

struct tui_binding {
    enum tui_keymap keymap;
    int key; /* curses key code, or a character */
    int is_char;
    enum tui_action action;
};

const struct tui_action_info *tui_action_info(enum tui_action a);
/* The action bound to a key in keymap (then global), or ACT_NONE. */
enum tui_action tui_action_for_key(enum tui_keymap km, int key, int is_char);
/* The first key bound to a in km or global, as text ("F2", "Enter"); static. */
const char *tui_action_key_name(enum tui_keymap km, enum tui_action a);
const char *tui_keymap_name(enum tui_keymap km);
/* A binding's key as text ("F2", "Enter", "q"); static. */
const char *tui_binding_key_name(const struct tui_binding *b);
extern const struct tui_binding tui_bindings[];
extern const size_t tui_n_bindings;

/* One key as read: a function key (KEY_*) or a wide character. */
struct tui_key {
    int code;  /* KEY_* when is_char is 0 */
    wint_t ch; /* the character when is_char is 1 */
    int is_char;
    int mouse_y, mouse_x; /* for KEY_MOUSE: relative to the content area */
};

struct view;
struct view_ops {
    const char *name;
    void (*open)(struct view *v);
    void (*draw)(struct view *v, WINDOW *w, int h, int wd);
    /* action is the binding of the key (ACT_NONE if none) */
    int (*key)(struct view *v, enum tui_action action, const struct tui_key *k);
    void (*close)(struct view *v);
    /* a barcode scan the screen acts on itself (see tui_scan_route), or
     * NULL: 1 when taken, 0 for the route's own rules */
    int (*scan)(struct view *v, const char *text);
    enum tui_keymap keymap;
    const enum tui_action *fbar; /* actions shown in the F-key bar, ACT_NONE-terminated */
    int modal;                   /* a box over the view below it, drawn first */
};

struct view {
    const struct view_ops *ops;
    void *data;
    int dirty;                           /* a form holds typed, unsaved data */
    int text_input;                      /* printable keys go to the view before any binding */
    const enum tui_action *fbar;         /* when set, the F-key bar instead of ops->fbar */
    int cursor_y, cursor_x, show_cursor; /* set by draw, relative to the content area */
    struct tui_form *form;               /* the form it shows, if any: a scan goes to its IMEI */
};

/* Attributes (colour or, with NO_COLOR, plain video attributes). */
enum tui_attr {
    ATTR_NORMAL,
    ATTR_TITLE,
    ATTR_HEADER,
    ATTR_SELECTED,
    ATTR_ERROR,
    ATTR_OK,
    ATTR_DIM,
    ATTR_TAB,
    ATTR_TAB_ACTIVE,
    ATTR_BAR_KEY,
    ATTR_BAR_LABEL,
    ATTR_BAR1,
    ATTR_BAR2,
    ATTR_BAR3,
    ATTR_FIELD,
    ATTR_FOCUS, /* the field being typed in: reverse video, in colour or not */
    ATTR_DROP,  /* the items of an open list other than the highlighted one */
    ATTR_COUNT
};
int tui_attr(enum tui_attr a);

/* The program's state, shared by the views. */
struct tui {
    struct app app;
    int app_open;
    char *db_path; /* the real database */
    int demo;      /* the demo database is open */
    int created;   /* the database was created at this start */
    struct view *stack[16];
    int depth;
    int tab; /* 0..6 */
    struct view *tabs[7];
    struct strbuf status;
    int status_error;
    int want_quit;
    long long generation; /* bumped by every change, views refresh on it */
    /* slow work a view asked for after its frame was drawn (counts of a big
     * database): run when no key is waiting, then the screen is drawn again */
    void (*work)(void *arg);
    void *work_arg;
};
extern struct tui *tui;

/* Views. */
struct view *tui_view_new(const struct view_ops *ops, void *data);
void tui_push(struct view *v);
/* Close and free the top view (not a tab screen). */
void tui_pop(void);
struct view *tui_top(void);
void tui_status(int error, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Show what the app noticed (app_take_notices) on the status line. */
struct app;
void tui_notices(struct app *app);
/* Something changed the data: views reload when they are drawn next. */
void tui_changed(void);
void tui_switch_tab(int tab);
/* Ask a yes/no question; fn(arg, yes) runs when answered. */
void tui_ask(const char *question, void (*fn)(void *arg, int yes), void *arg);
/* The same for a step that destroys or replaces something: Enter and Esc
 * answer No, only y answers Yes. */
void tui_ask_no(const char *question, void (*fn)(void *arg, int yes), void *arg);
/* Show a message box (OK closes it). */
void tui_message(const char *title, const char *text);
/* Re-read the language setting and apply it. */
void tui_apply_language(const char *lang);
/* Draw the whole screen now, outside the main loop (only for the progress
 * of a long call that the main loop waits on: the import). */
void tui_draw_now(void);
/* Open the help screen. */
void tui_help_open(void);
/* A signal asked the program to quit (SIGTERM, SIGHUP, SIGINT): a long
 * call that the main loop waits on (the import) stops, writing nothing. */
int tui_interrupted(void);
/* A line in the log file (date, time and pid first); nothing once the
 * terminal is given back. */
void tui_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Drawing helpers: text fitted to width columns (display width, "…"),
 * escaped as text_escape (core/text.h) shows text on a terminal. */
void tui_put(WINDOW *w, int y, int x, int width, const char *s, int attr);
void tui_put_pad(WINDOW *w, int y, int x, int width, const char *s, int attr);
void tui_put_right(WINDOW *w, int y, int x, int width, const char *s, int attr);
/* Wrapped lines (n of them) on up to rows lines from y: the last line that
 * shows takes the rest of the text, cut with "…". Frees lines. */
void tui_put_lines(WINDOW *w, int y, int x, int width, char **lines, int n, int rows, int attr);
/* The columns s takes on the screen (escaped as tui_put shows it). */
int tui_width(const char *s);
void tui_hline(WINDOW *w, int y, int x, int width, int attr);
/* A frame of h rows and wd columns at y, x in the current attribute. */
void tui_box(WINDOW *w, int y, int x, int h, int wd);
/* Split text into lines of at most width columns at spaces (and at \n).
 * Returns the count; *out (caller frees each line and the array). */
int tui_wrap(const char *text, int width, char ***out);

/* The ✓/✗ log of a scan mode (registering phones, ticking off signed
 * papers): the newest lines kept, drawn newest first from row y, a
 * refusal over up to err_lines lines; empty is shown while there is none
 * (tui_scan.c). */
#define TUI_SCAN_LOG_LINES 64
struct tui_scan_log {
    char *lines[TUI_SCAN_LOG_LINES];
    int ok[TUI_SCAN_LOG_LINES];
    int n;
};
void tui_scan_log_add(struct tui_scan_log *l, int ok, char *line);
void tui_scan_log_draw(const struct tui_scan_log *l, WINDOW *w, int y, int h, int wd, int err_lines,
                       const char *empty);
void tui_scan_log_release(struct tui_scan_log *l);

/* Tab screens (one file each). */
struct view *tui_overview_new(void);
struct view *tui_people_new(void);
struct view *tui_devices_new(void);
struct view *tui_handover_new(void);
struct view *tui_training_new(void);
struct view *tui_reports_new(void);
struct view *tui_settings_new(void);

/* Record screens: a person's or a device's data and full history. */
void tui_record_person(long long id);
void tui_record_device(long long id);
/* A person's or a device's record drawn in h rows and wd columns at y, x
 * (the detail panel beside a list; the citizen ID masked). */
void tui_record_panel(WINDOW *w, int y, int x, int h, int wd, int is_person, long long id);

/* Forms of tui_forms.c. on_saved(arg, id) after a successful save (may be NULL). */
void tui_person_form(long long id, void (*on_saved)(void *arg, long long id), void *arg);
void tui_device_form(void);
void tui_round_form(void);
void tui_session_form(void);
void tui_scan_open(void);
/* The device form with its IMEI filled in (imei may be NULL). */
void tui_device_form_imei(const char *imei);

/* A barcode scan (tui_scan.c): the main loop tells a scanner's burst from
 * typing (keys a few milliseconds apart, ending in Enter) and hands the
 * text to tui_scan_route instead of handling its keys. */
/* The focus of v is where a scan is typed as keys: an IMEI field. */
int tui_scan_typed_here(struct view *v);
/* Act on text scanned while v is on top: the screen's own scan op first
 * (Signed papers mode takes any scan as a paper; the attendance ticks an
 * IMEI's holder), else an IMEI opens its device's record
 * (or offers to register it), goes to the IMEI field of a form (a form
 * without one refuses it), a receipt's QR text ("NUMBER" or "NUMBER
 * #ANCHOR") opens its handover with "Mark signed" chosen. Returns 1 when
 * the text was a scan (acted on or refused on the status line), 0 when it
 * is to be handled as typed keys. */
int tui_scan_route(struct view *v, const char *text);
/* "Signed papers" mode (tui_signed.c): scan after scan of papers that came
 * back signed, each marked signed at once, with a running log. */
void tui_signed_open(void);
/* The core rules for an IMEI field (check digit...) and the duplicate check. */
struct error;
int tui_check_imei(const char *v, const char *field, int required, struct error *err);

/* The import wizard (tui_import.c): persons, or devices when devices. */
void tui_import_open(int devices);

/* Attendance checklist of a training session. */
void tui_attendance_open(long long session_id);

/* The program's state folder ($XDG_STATE_HOME/capphat, else
 * ~/.local/state/capphat; NULL without either): tui.log and the state file.
 * create makes it (and its parents, mode 0700). A new string; caller frees. */
char *tui_state_dir(int create);
/* What the state file remembers under key (tui_state.c): a new string
 * (caller frees), or NULL. */
char *tui_state_get(const char *key);
/* Remember value under key ("" or NULL forgets it); failures go to the log. */
void tui_state_set(const char *key, const char *value);

/* The start dialog that asks who is working (setting operator_prompt). */
void tui_operator_ask(void);

#endif
