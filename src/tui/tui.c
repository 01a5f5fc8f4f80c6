/*
 * tui: the full-screen program — the main loop and the frame around the
 * screens.
 *
 * tui.c owns the terminal (set up, restored on exit, on a fatal error and
 * on SIGTERM/SIGHUP), the view stack, the tab bar, the status line and the
 * F-key bar. The status line grows upward to a few lines while a message
 * longer than it is shown, the screen above giving up those rows. It reads
 * every pending key before it draws again, so that a barcode scanner
 * typing faster than the screen redraws loses nothing, and it is the only
 * place that calls refresh. Nothing is written to stderr while curses owns
 * the screen: stderr is the log file then.
 *
 * The program ends without saving when the terminal is gone (end of
 * input, a read error, a hang-up) or on SIGTERM, SIGHUP or SIGINT: an open
 * form is thrown away, a running import stops and is rolled back, the
 * terminal is restored where there still is one, and the log says why.
 */
#include "tui/tui.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/backup_app.h"
#include "app/seal_app.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/db.h"
#include "store/overview_store.h"
#include "store/setting_store.h"
#include "tui_internal.h"

#define MIN_COLS 80
#define MIN_LINES 24
/* Reads in a row that end at once with nothing read: the input is gone
 * (see input_gone). */
#define DEAD_READS 3
/* Exit status when the terminal went away. */
#define EXIT_TERMINAL_GONE 1
/* A barcode scanner's keys come closer together than this (a person's,
 * even in a fast run, further apart); the whole scan within SCAN_GAP_MS
 * per key. */
#define SCAN_GAP_MS 30
/* The longest scan: a receipt's QR text with its audit anchor. */
#define SCAN_MAX 120

struct tui *tui;

static volatile sig_atomic_t got_signal;
static int curses_on;
static int use_color;
static WINDOW *content;

/* Mouse targets of the last frame. */
static int tab_x[8];
struct fbar_button {
    int x0, x1;
    enum tui_action action;
};
static struct fbar_button fbar_buttons[16];
static int n_fbar_buttons;

static const enum tui_action tab_actions[7] = {ACT_TAB1, ACT_TAB2, ACT_TAB3, ACT_TAB4,
                                               ACT_TAB5, ACT_TAB6, ACT_TAB7};

static void on_signal(int sig)
{
    got_signal = sig;
}

static int saved_stderr = -1;

/* mkdir -p: each missing folder of path, mode 0700 (a fresh account has
 * no ~/.local/state yet). */
static void mkdir_parents(char *path)
{
    for (char *p = path + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0700);
            *p = '/';
        }
    mkdir(path, 0700);
}

/* While curses owns the screen, stderr goes to a log file
 * ($XDG_STATE_HOME/capphat/tui.log, else ~/.local/state/capphat/tui.log,
 * else nowhere), so that no stray message breaks the screen. */
static void stderr_to_log(void)
{
    char *dir = tui_state_dir(0);
    char *path = dir ? xasprintf("%s/tui.log", dir) : NULL;
    int fd = -1;
    if (dir) {
        mkdir_parents(dir);
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    }
    if (fd < 0)
        fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        fflush(stderr);
        saved_stderr = dup(2);
        dup2(fd, 2);
        close(fd);
    }
    free(dir);
    free(path);
}

/* A line in the log: date, time and pid first, since every start of the
 * program appends to the same file. Only while stderr is the log. */
void tui_log(const char *fmt, ...)
{
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    va_list ap;

    if (saved_stderr < 0)
        return;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", localtime_r(&now, &tm));
    fprintf(stderr, "%s capphat[%ld]: ", when, (long)getpid());
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
}

static void terminal_restore(void)
{
    if (curses_on) {
        curses_on = 0;
        endwin();
    }
    if (saved_stderr >= 0) {
        fflush(stderr);
        dup2(saved_stderr, 2);
        close(saved_stderr);
        saved_stderr = -1;
    }
}

int tui_attr(enum tui_attr a)
{
    if (use_color) {
        switch (a) {
        case ATTR_NORMAL:
            return A_NORMAL;
        case ATTR_TITLE:
            return A_BOLD;
        case ATTR_HEADER:
            return A_BOLD | A_UNDERLINE;
        case ATTR_SELECTED:
            return A_REVERSE;
        case ATTR_ERROR:
            return COLOR_PAIR(1) | A_BOLD;
        case ATTR_OK:
            return COLOR_PAIR(2) | A_BOLD;
        case ATTR_DIM:
            return A_DIM;
        case ATTR_TAB:
            return A_NORMAL;
        case ATTR_TAB_ACTIVE:
            return A_REVERSE | A_BOLD;
        case ATTR_BAR_KEY:
            return A_BOLD;
        case ATTR_BAR_LABEL:
            return COLOR_PAIR(3) | A_REVERSE;
        case ATTR_BAR1:
            return COLOR_PAIR(2);
        case ATTR_BAR2:
            return COLOR_PAIR(3);
        case ATTR_BAR3:
            return COLOR_PAIR(1);
        case ATTR_FIELD:
            return A_UNDERLINE;
        case ATTR_FOCUS:
            return A_REVERSE;
        case ATTR_DROP:
            return COLOR_PAIR(3) | A_REVERSE;
        default:
            return A_NORMAL;
        }
    }
    switch (a) {
    case ATTR_TITLE:
        return A_BOLD;
    case ATTR_HEADER:
        return A_BOLD | A_UNDERLINE;
    case ATTR_SELECTED:
        return A_REVERSE;
    case ATTR_ERROR:
        return A_BOLD;
    case ATTR_OK:
        return A_BOLD;
    case ATTR_TAB_ACTIVE:
        return A_REVERSE | A_BOLD;
    case ATTR_BAR_KEY:
        return A_BOLD;
    case ATTR_BAR_LABEL:
        return A_REVERSE;
    case ATTR_FIELD:
        return A_UNDERLINE;
    case ATTR_FOCUS:
        return A_REVERSE;
    case ATTR_DROP:
        return A_UNDERLINE; /* not reverse: the highlighted item is */
    default:
        return A_NORMAL;
    }
}

static void colors_init(void)
{
    const char *nc = getenv("NO_COLOR");
    use_color = 0;
    if ((nc && *nc) || !has_colors())
        return;
    if (start_color() != OK)
        return;
    use_default_colors();
    /* foregrounds only, on the terminal's own background: readable on light
     * and dark terminals alike */
    init_pair(1, COLOR_RED, -1);
    init_pair(2, COLOR_GREEN, -1);
    init_pair(3, COLOR_CYAN, -1);
    use_color = 1;
}

/* --- views ------------------------------------------------------------- */

struct view *tui_view_new(const struct view_ops *ops, void *data)
{
    struct view *v = xcalloc(1, sizeof *v);
    v->ops = ops;
    v->data = data;
    return v;
}

static void view_free(struct view *v)
{
    if (v->ops->close)
        v->ops->close(v);
    free(v);
}

void tui_push(struct view *v)
{
    if (tui->depth >= (int)(sizeof tui->stack / sizeof *tui->stack)) {
        view_free(v);
        return;
    }
    tui->stack[tui->depth++] = v;
    if (v->ops->open)
        v->ops->open(v);
}

void tui_pop(void)
{
    if (tui->depth <= 1)
        return;
    struct view *v = tui->stack[--tui->depth];
    view_free(v);
}

struct view *tui_top(void)
{
    return tui->stack[tui->depth - 1];
}

void tui_status(int error, const char *fmt, ...)
{
    va_list ap;
    strbuf_reset(&tui->status);
    va_start(ap, fmt);
    strbuf_vaddf(&tui->status, fmt, ap);
    va_end(ap);
    tui->status_error = error;
    if (error && curses_on)
        beep();
}

void tui_changed(void)
{
    tui->generation++;
}

void tui_switch_tab(int tab)
{
    if (tab < 0 || tab > 6)
        return;
    while (tui->depth > 1)
        tui_pop();
    tui->tab = tab;
    tui->stack[0] = tui->tabs[tab];
    if (tui->stack[0]->ops->open)
        tui->stack[0]->ops->open(tui->stack[0]);
}

void tui_apply_language(const char *lang)
{
    if (lang && (strcmp(lang, "vi") == 0 || strcmp(lang, "en") == 0))
        i18n_init(lang);
}

static int any_dirty(void)
{
    for (int i = 0; i < tui->depth; i++)
        if (tui->stack[i]->dirty)
            return 1;
    return 0;
}

int tui_interrupted(void)
{
    return got_signal != 0;
}

/* --- drawing ----------------------------------------------------------- */

static void draw_tabs(void)
{
    static const char *const names[7] = {N_("Overview"), N_("People"),   N_("Devices"),
                                         N_("Handover"), N_("Training"), N_("Reports"),
                                         N_("Settings")};
    int x = 0, total = 0;
    move(0, 0);
    clrtoeol();
    for (int i = 0; i < 7; i++)
        total += text_width(_(names[i])) + 4;
    /* tight spacing when the padded tabs do not fit */
    const char *fmt = total <= COLS ? " %d %s " : "%d %s ";
    for (int i = 0; i < 7; i++) {
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, fmt, i + 1, _(names[i]));
        int w = text_width(sb.buf);
        tab_x[i] = x;
        if (x + w <= COLS)
            tui_put(stdscr, 0, x, w, sb.buf, tui_attr(i == tui->tab ? ATTR_TAB_ACTIVE : ATTR_TAB));
        x += w;
        strbuf_release(&sb);
    }
    tab_x[7] = x;
    if (tui->demo && x + 8 < COLS)
        tui_put(stdscr, 0, COLS - 7, 7, " DEMO ", tui_attr(ATTR_ERROR) | A_REVERSE);
    else if (x + 10 < COLS)
        tui_put_right(stdscr, 0, x, COLS - x - 1, "capphat", tui_attr(ATTR_DIM));
}

/* Where action a goes on the F-key bar of top: its F-key's number, or
 * after every F-key. */
static int fbar_rank(struct view *top, enum tui_action a)
{
    const char *k = tui_action_key_name(top->ops->keymap, a);
    if (k[0] == 'F' && k[1] >= '1' && k[1] <= '9')
        return atoi(k + 1);
    return 100;
}

static void draw_fbar(struct view *top)
{
    enum tui_action list[16];
    int n = 0;
    list[n++] = ACT_HELP;
    const enum tui_action *fbar = top->fbar ? top->fbar : top->ops->fbar;
    if (fbar)
        for (const enum tui_action *a = fbar; *a != ACT_NONE && n < 14; a++)
            list[n++] = *a;
    if (tui->depth > 1)
        list[n++] = ACT_BACK;
    else
        list[n++] = ACT_QUIT;
    /* the F-keys in ascending order, other keys (Tab) after them; Help
     * first and Quit or Back last */
    for (int i = 2; i < n - 1; i++)
        for (int j = i; j > 1 && fbar_rank(top, list[j]) < fbar_rank(top, list[j - 1]); j--) {
            enum tui_action t = list[j];
            list[j] = list[j - 1];
            list[j - 1] = t;
        }

    int y = LINES - 1, x = 0;
    move(y, 0);
    clrtoeol();
    n_fbar_buttons = 0;
    /* labels at full width when they fit, else the longest ones shortened */
    int lw[16], total = 0;
    for (int i = 0; i < n; i++) {
        lw[i] = text_width(_(tui_action_info(list[i])->label));
        total += text_width(tui_action_key_name(top->ops->keymap, list[i])) + lw[i] + 1;
    }
    while (total > COLS) {
        int m = 0;
        for (int i = 1; i < n; i++)
            if (lw[i] > lw[m])
                m = i;
        if (lw[m] <= 1)
            break;
        lw[m]--;
        total--;
    }
    for (int i = 0; i < n; i++) {
        const char *k = tui_action_key_name(top->ops->keymap, list[i]);
        const char *label = _(tui_action_info(list[i])->label);
        if (x >= COLS)
            break;
        int x0 = x;
        tui_put(stdscr, y, x, COLS - x, k, tui_attr(ATTR_BAR_KEY));
        x += text_width(k);
        if (lw[i] > 0 && x < COLS) {
            tui_put_pad(stdscr, y, x, lw[i] < COLS - x ? lw[i] : COLS - x, label,
                        tui_attr(ATTR_BAR_LABEL));
            x += lw[i];
        }
        fbar_buttons[n_fbar_buttons++] = (struct fbar_button){x0, x, list[i]};
        x++;
    }
}

/* The lines a long message takes above the F-key bar: the status area
 * grows to at most this many while it is shown, and the screens above give
 * up the rows. */
#define STATUS_MAX_LINES 3

/* The bytes of the longest head of s (n bytes) that takes at most cols
 * columns, with the combining marks after its last letter. */
static size_t head_fitting(const char *s, size_t n, int cols)
{
    size_t fit = 0;
    for (size_t end = 1; end <= n; end++) {
        if (end < n && ((unsigned char)s[end] & 0xC0) == 0x80)
            continue;
        char *head = xstrndup(s, end);
        int w = text_width(head);
        free(head);
        if (w > cols)
            break;
        fit = end;
    }
    return fit;
}

static void add_line(char ***lines, int *n, struct strbuf *line)
{
    *lines = xrealloc(*lines, (*n + 1) * sizeof **lines);
    (*lines)[(*n)++] = strbuf_detach(line, NULL);
}

/* A word at least this wide is no word of a sentence but a path, an
 * address or a list: it is split at the edge rather than moved whole to
 * the next line. */
#define STATUS_LONG_WORD 20

/* The status message in lines of at most width columns, split at spaces;
 * a long word (a path) goes on right after the words before it and is
 * split where it reaches the edge. Returns the count; *out (caller frees
 * each line and the array). */
static int status_wrap(const char *msg, int width, char ***out)
{
    char *shown = text_escaped(msg);
    char **lines = NULL;
    int n = 0, lw = 0;
    struct strbuf line = STRBUF_INIT;
    const char *p = shown;

    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        size_t wl = strcspn(p, " ");
        char *word = xstrndup(p, wl);
        int ww = text_width(word);
        free(word);
        int sep = line.len ? 1 : 0;
        if (lw + sep + ww > width && (ww < STATUS_LONG_WORD || lw + sep >= width)) {
            add_line(&lines, &n, &line);
            lw = sep = 0;
        }
        if (sep) {
            strbuf_addch(&line, ' ');
            lw++;
        }
        const char *end = p + wl;
        while (p < end) {
            size_t take = head_fitting(p, (size_t)(end - p), width - lw);
            if (take == 0 && lw == 0)
                take = (size_t)(end - p); /* not even one character fits */
            strbuf_add(&line, p, take);
            p += take;
            if (p < end) {
                add_line(&lines, &n, &line);
                lw = 0;
            } else {
                lw = text_width(line.buf);
            }
        }
    }
    if (line.len || n == 0)
        add_line(&lines, &n, &line);
    strbuf_release(&line);
    free(shown);
    *out = lines;
    return n;
}

/* The rows the status area takes now: one, or up to STATUS_MAX_LINES while
 * a message longer than the line is shown. */
static int status_rows(void)
{
    if (!tui->status.len || tui_width(tui->status.buf) <= COLS - 2)
        return 1;
    char **lines;
    int n = status_wrap(tui->status.buf, COLS - 2, &lines);
    for (int i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
    return n < 1 ? 1 : n > STATUS_MAX_LINES ? STATUS_MAX_LINES : n;
}

/* The status area right above the F-key bar: the last message on the left,
 * and on the right who is working as the audit log records it, where the
 * message leaves room (a message is never cut for it). A message longer
 * than the line wraps onto rows lines (status_rows), the last one cut with
 * "…" only when even they are not enough. */
static void draw_status(int rows)
{
    int y = LINES - 1 - rows;
    int msg_w = tui->status.len ? tui_width(tui->status.buf) : 0;
    char *who = xasprintf(_("operator: %s"), app_operator());
    int who_w = text_width(who);
    int attr = tui_attr(tui->status_error ? ATTR_ERROR : ATTR_OK);

    for (int i = 0; i < rows; i++) {
        move(y + i, 0);
        clrtoeol();
    }
    if (tui->status.len && msg_w <= COLS - 2) {
        tui_put(stdscr, y, 1, COLS - 2, tui->status.buf, attr);
    } else if (tui->status.len) {
        char **lines;
        int n = status_wrap(tui->status.buf, COLS - 2, &lines);
        tui_put_lines(stdscr, y, 1, COLS - 2, lines, n, rows, attr);
    }
    if (msg_w + who_w + 4 <= COLS)
        tui_put(stdscr, y, COLS - 1 - who_w, who_w, who, tui_attr(ATTR_DIM));
    free(who);
}

static void draw_too_small(void)
{
    erase();
    const char *l1 = _("The window is too small.");
    char *l2 =
        xasprintf(_("Enlarge it to at least %d×%d (now %d×%d)."), MIN_COLS, MIN_LINES, COLS, LINES);
    const char *l3 = _("F10: quit");
    int y = LINES / 2 - 1;
    if (y < 0)
        y = 0;
    tui_put(stdscr, y, 0, COLS, l1, tui_attr(ATTR_ERROR));
    if (y + 1 < LINES)
        tui_put(stdscr, y + 1, 0, COLS, l2, A_NORMAL);
    if (y + 2 < LINES)
        tui_put(stdscr, y + 2, 0, COLS, l3, tui_attr(ATTR_DIM));
    free(l2);
    curs_set(0);
    refresh();
}

static void draw_all(void)
{
    if (COLS < MIN_COLS || LINES < MIN_LINES) {
        draw_too_small();
        return;
    }
    struct view *top = tui_top();
    int rows = status_rows();
    /* a screen's draw may leave a message: drawn again once if it needs
     * another height */
    for (int pass = 0;; pass++) {
        int h = LINES - 2 - rows;
        if (content && getmaxy(content) != h) {
            delwin(content);
            content = NULL;
        }
        if (!content) {
            content = derwin(stdscr, h, COLS, 1, 0);
            if (!content)
                die("cannot create the content window");
        }
        erase();
        werase(content);
        draw_tabs();
        top->show_cursor = 0;
        /* a modal view covers the whole content area; the base draws first
         * so that a dialog box shows over its screen */
        if (tui->depth > 1 && tui->stack[tui->depth - 1]->ops->modal) {
            struct view *below = tui->stack[tui->depth - 2];
            below->ops->draw(below, content, h, COLS);
        }
        top->ops->draw(top, content, h, COLS);
        int again = status_rows();
        if (again == rows || pass == 1)
            break;
        rows = again;
    }
    draw_status(rows);
    draw_fbar(top);
    wnoutrefresh(stdscr);
    wnoutrefresh(content);
    if (top->show_cursor) {
        curs_set(1);
        wmove(stdscr, top->cursor_y + 1, top->cursor_x);
        wnoutrefresh(stdscr);
    } else {
        curs_set(0);
    }
    doupdate();
}

void tui_draw_now(void)
{
    if (curses_on)
        draw_all();
}

static void on_resize(void)
{
    if (content) {
        delwin(content);
        content = NULL;
    }
    clearok(curscr, TRUE);
}

/* --- keys -------------------------------------------------------------- */

static void quit_answer(void *arg, int yes)
{
    (void)arg;
    if (yes)
        tui->want_quit = 1;
}

static void back_answer(void *arg, int yes)
{
    (void)arg;
    if (yes)
        tui_pop();
}

static int global_action(enum tui_action a)
{
    switch (a) {
    case ACT_HELP:
        tui_help_open();
        return TUI_REDRAW;
    case ACT_QUIT:
        if (any_dirty())
            tui_ask_no(_("The form holds input that is not saved. Quit anyway?"), quit_answer,
                       NULL);
        else
            tui->want_quit = 1;
        return TUI_REDRAW;
    case ACT_BACK:
        if (tui->depth > 1) {
            if (tui_top()->dirty)
                tui_ask_no(_("Throw away what you typed in this form?"), back_answer, NULL);
            else
                tui_pop();
        }
        return TUI_REDRAW;
    case ACT_TAB1:
    case ACT_TAB2:
    case ACT_TAB3:
    case ACT_TAB4:
    case ACT_TAB5:
    case ACT_TAB6:
    case ACT_TAB7:
        if (any_dirty()) {
            tui_status(1, "%s", _("save the form (F2) or close it (Esc) first"));
            return TUI_REDRAW;
        }
        tui_switch_tab(a - ACT_TAB1);
        return TUI_REDRAW;
    case ACT_LEFT:
    case ACT_RIGHT:
        if (tui->depth == 1)
            tui_switch_tab((tui->tab + (a == ACT_LEFT ? 6 : 1)) % 7);
        return TUI_REDRAW;
    case ACT_REFRESH:
        tui_changed();
        tui_status(0, "%s", _("read again from the database"));
        return TUI_REDRAW;
    default:
        return TUI_UNHANDLED;
    }
}

/* Rows the mouse wheel moves a list by, per notch. */
#define WHEEL_ROWS 3

/* A mouse event: a click on a tab or an F-key button sets *a; a wheel
 * notch sets *wheel (-1 up, 1 down); a click in the content area leaves
 * its place in k for the view. */
static void handle_mouse(struct tui_key *k, enum tui_action *a, int *wheel)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return;
    if (ev.bstate & BUTTON4_PRESSED) {
        *wheel = -1;
        return;
    }
    if (ev.bstate & BUTTON5_PRESSED) {
        *wheel = 1;
        return;
    }
    if (!(ev.bstate &
          (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_DOUBLE_CLICKED)))
        return;
    if (ev.bstate & BUTTON1_RELEASED)
        return;
    if (ev.y == 0) {
        for (int i = 0; i < 7; i++)
            if (ev.x >= tab_x[i] && ev.x < tab_x[i + 1])
                *a = tab_actions[i];
        return;
    }
    if (ev.y == LINES - 1) {
        for (int i = 0; i < n_fbar_buttons; i++)
            if (ev.x >= fbar_buttons[i].x0 && ev.x < fbar_buttons[i].x1) {
                /* the button acts as its key */
                enum tui_action act = fbar_buttons[i].action;
                *a = act;
                for (size_t b = 0; b < tui_n_bindings; b++) {
                    const struct tui_binding *bd = &tui_bindings[b];
                    if (bd->action == act &&
                        (bd->keymap == tui_top()->ops->keymap || bd->keymap == KEYMAP_GLOBAL)) {
                        k->is_char = bd->is_char;
                        k->code = bd->is_char ? 0 : bd->key;
                        k->ch = bd->is_char ? (wint_t)bd->key : 0;
                        break;
                    }
                }
            }
        return;
    }
    /* the rows a long message took from the screen are not the screen's */
    if (content && ev.y > getmaxy(content) && ev.y < LINES - 2)
        return;
    k->mouse_y = ev.y - 1;
    k->mouse_x = ev.x;
    if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
        k->mouse_y = -2 - k->mouse_y; /* double click: negative row, see tui_list */
}

static int handle_key(struct tui_key *k)
{
    struct view *top = tui_top();
    enum tui_action a = ACT_NONE;
    int small = COLS < MIN_COLS || LINES < MIN_LINES;

    if (!k->is_char && k->code == KEY_RESIZE) {
        on_resize();
        return TUI_REDRAW;
    }
    if (!k->is_char && k->code == KEY_MOUSE) {
        int wheel = 0;
        k->mouse_y = k->mouse_x = -1;
        handle_mouse(k, &a, &wheel);
        if (wheel && !small) {
            /* the wheel scrolls as the arrow keys do */
            struct tui_key arrow = {.code = wheel < 0 ? KEY_UP : KEY_DOWN};
            int r = 0;
            strbuf_reset(&tui->status);
            for (int i = 0; i < WHEEL_ROWS; i++)
                r |= top->ops->key(top, wheel < 0 ? ACT_UP : ACT_DOWN, &arrow);
            return r;
        }
        if (a != ACT_NONE && k->code == KEY_MOUSE)
            return global_action(a);
    }
    if (a == ACT_NONE)
        a = tui_action_for_key(top->ops->keymap, k->is_char ? (int)k->ch : k->code, k->is_char);
    if (small) {
        /* only quitting makes sense until the window grows */
        if (a == ACT_QUIT)
            return global_action(a);
        return TUI_HANDLED;
    }
    strbuf_reset(&tui->status);
    int r = top->ops->key(top, a, k);
    if (r & TUI_QUIT)
        tui->want_quit = 1;
    if (r != TUI_UNHANDLED)
        return r;
    return global_action(a);
}

/* Read one key; returns 0 or ERR. */
static int read_key(struct tui_key *k)
{
    wint_t ch;
    memset(k, 0, sizeof *k);
    int r = get_wch(&ch);
    if (r == ERR)
        return ERR;
    if (r == KEY_CODE_YES) {
        k->code = (int)ch;
        k->is_char = 0;
    } else {
        k->ch = ch;
        k->is_char = 1;
        if (ch == 127 || ch == 8) {
            k->is_char = 0;
            k->code = KEY_BACKSPACE;
        } else if (ch == 3) {
            /* Ctrl-C (raw mode: no SIGINT from the terminal) is F10: quit,
             * asking first when a form holds unsaved input */
            k->is_char = 0;
            k->code = KEY_F(10);
        }
    }
    return 0;
}

/*
 * After a read with a timeout gave no key: was it the timeout, or is the
 * input gone? ncurses returns ERR for all three of a timeout, the end of
 * the input (read() returned 0: stdin is /dev/null or a file, or a
 * terminal that hung up) and a read error (EIO: the session lost its
 * terminal), and in the last two it returns at once, every time: the main
 * loop would spin. So a read without a key while stdin reports input, a
 * hang-up or an error (or the read failed with EIO) is a dead read; a key
 * typed just after the timeout can make one, never DEAD_READS in a row,
 * since the next read takes it. read_errno is errno after the read (the
 * caller cleared it before). Returns why the input is gone (N_() text), or
 * NULL.
 */
static int dead_reads; /* in a row: a key read sets it back to 0 */

static const char *input_gone(int read_errno)
{
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    const char *why = NULL;

    if (read_errno == EIO)
        why = N_("reading the terminal failed (input/output error)");
    else if (poll(&p, 1, 0) == 1)
        why = p.revents & (POLLHUP | POLLERR | POLLNVAL) ? N_("the terminal hung up")
                                                         : N_("the input ended");
    if (!why) {
        dead_reads = 0;
        return NULL;
    }
    return ++dead_reads >= DEAD_READS ? why : NULL;
}

/* --- start and end ----------------------------------------------------- */

static void tui_free(void)
{
    while (tui->depth > 1)
        tui_pop();
    for (int i = 0; i < 7; i++)
        if (tui->tabs[i]) {
            view_free(tui->tabs[i]);
            tui->tabs[i] = NULL;
        }
    if (tui->app_open)
        app_close(&tui->app);
    strbuf_release(&tui->status);
    free(tui->db_path);
    free(tui);
    tui = NULL;
}

void tui_notices(struct app *app)
{
    char *n = app_take_notices(app);

    if (n) {
        for (char *p = n; *p; p++)
            if (*p == '\n')
                *p = ' ';
        tui_status(0, "%s", n);
    }
    free(n);
}

/* The database's data_version (overview_store), -1 when it cannot be read
 * (err says why). */
static long long data_version_now(struct error *err)
{
    long long v;
    if (overview_store_data_version(tui->app.db, &v, err) != 0)
        v = -1;
    return v;
}

/* A long step before the screen is up: said on the terminal. */
static void say_working(const char *what)
{
    fprintf(stderr, "capphat: %s\n", what);
}

/* Open the register at db_path into a new tui: its daily backup, the
 * language its settings name. 0, or 1 with the message on stderr (and tui
 * freed). */
static int open_register(const char *db_path)
{
    struct error err = ERROR_INIT;

    tui = xcalloc(1, sizeof *tui);
    strbuf_init(&tui->status, 0);
    tui->db_path = xstrdup(db_path);
    int rc = app_open(&tui->app, db_path, DB_OPEN_CREATE, &tui->created, &err);
    if (rc == 0 && (rc = app_verify_schema(&tui->app, &err)) != 0)
        app_close(&tui->app); /* never run on a file whose guards were removed */
    if (rc != 0) {
        fprintf(stderr, "capphat: %s\n", error_msg(&err));
        error_clear(&err);
        free(tui->db_path);
        free(tui);
        return 1;
    }
    tui->app_open = 1;
    tui->app.working = say_working;
    seal_app_defer(&tui->app); /* the head file written when no key waits (idle) */
    if (app_daily_backup(&tui->app, NULL, &err) < 0) { /* the daily backup; a failure is shown */
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
    } else {
        tui_notices(&tui->app);
    }
    if (!i18n_language_from_user()) {
        char *lang;
        if (setting_get(tui->app.db, "language", "vi", &lang, &err) == 0)
            tui_apply_language(lang);
        else
            tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
        free(lang);
    }
    return 0;
}

static void catch_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* Curses on the terminal, restored by a fatal error; -1 when the terminal
 * cannot be opened. */
static int start_curses(void)
{
    die_set_cleanup(terminal_restore);
    if (!newterm(NULL, stdout, stdin))
        return -1;
    curses_on = 1;
    stderr_to_log();
    set_escdelay(25);
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    colors_init();
    mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED |
                  BUTTON5_PRESSED,
              NULL);
    mouseinterval(200);
    return 0;
}

/* The seven tabs, the first one shown; an office that shares one login
 * is asked who is working. */
static void open_tabs(void)
{
    struct error err = ERROR_INIT;

    tui->tabs[0] = tui_overview_new();
    tui->tabs[1] = tui_people_new();
    tui->tabs[2] = tui_devices_new();
    tui->tabs[3] = tui_handover_new();
    tui->tabs[4] = tui_training_new();
    tui->tabs[5] = tui_reports_new();
    tui->tabs[6] = tui_settings_new();
    tui->depth = 1;
    tui_switch_tab(0);
    if (!app_operator_name()) {
        char *ask;
        if (setting_get(tui->app.db, "operator_prompt", "off", &ask, &err) != 0)
            tui_status(1, "%s", error_msg(&err));
        else if (strcmp(ask, "on") == 0)
            tui_operator_ask();
        error_clear(&err);
        free(ask);
    }
}

/* A second without a key: the head file gets the commits made since it
 * was written (seal_app_defer), and another operator's commit shows
 * without one (the database's data_version changed since *data_version). */
static void idle(long long *data_version)
{
    struct error err = ERROR_INIT;
    seal_app_idle(&tui->app, NULL); /* a failure is check's to report */
    long long v = data_version_now(&err);

    if (v != *data_version) {
        /* read again after a change, or when it can be read again */
        if (v >= 0)
            tui_changed();
        else
            tui_status(1, "%s", error_msg(&err));
        *data_version = v;
    }
    error_clear(&err);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int is_enter(const struct tui_key *k)
{
    return (k->is_char && (k->ch == '\r' || k->ch == '\n')) ||
           (!k->is_char && k->code == KEY_ENTER);
}

/*
 * Handle first, a key just read, and when it may begin a scan (a digit,
 * outside an IMEI field) what follows it: the keys that come within
 * SCAN_GAP_MS of each other (by the clock; ncurses' timeout waits for the
 * next) up to an Enter are a scanner's burst, and their text goes to
 * tui_scan_route instead of acting as keys (no digit switches a screen, no
 * Enter opens a row). Anything else, and a burst the route does not take,
 * is handled key by key in the order typed.
 */
static void take_key(struct tui_key *first)
{
    struct tui_key keys[SCAN_MAX + 1];
    char text[SCAN_MAX + 1];
    int n = 0, len = 0, enter = 0;

    if (!first->is_char || first->ch < '0' || first->ch > '9' || COLS < MIN_COLS ||
        LINES < MIN_LINES || tui_scan_typed_here(tui_top())) {
        handle_key(first);
        return;
    }
    keys[n++] = *first;
    text[len++] = (char)first->ch;
    long long last = now_ms(), start = last;
    timeout(SCAN_GAP_MS);
    while (n < SCAN_MAX) {
        struct tui_key k;
        if (read_key(&k) == ERR)
            break;
        long long t = now_ms();
        keys[n++] = k;
        if (t - last > SCAN_GAP_MS || t - start > (long long)SCAN_GAP_MS * n)
            break; /* a person's pace */
        last = t;
        if (is_enter(&k)) {
            enter = 1;
            break;
        }
        if (!k.is_char || k.ch < 0x20 || k.ch > 0x7e)
            break;
        text[len++] = (char)k.ch;
    }
    text[len] = '\0';
    if (enter && tui_scan_route(tui_top(), text))
        return;
    for (int i = 0; i < n; i++)
        handle_key(&keys[i]);
}

/* Everything already typed (a scanner is fast), before drawing again. */
static void handle_typed(void)
{
    struct tui_key k;

    for (int n = 0; n < 100000 && !tui->want_quit && !got_signal; n++) {
        timeout(0);
        if (read_key(&k) == ERR)
            break;
        take_key(&k);
    }
}

/* Draw, read keys and handle them, run the work a view left (when no key
 * waits), until the program quits, a signal comes or the input is gone;
 * returns why the input is gone (N_() text), or NULL. */
static const char *main_loop(void)
{
    struct error err = ERROR_INIT;
    long long data_version = data_version_now(&err);

    if (data_version < 0)
        tui_status(1, "%s", error_msg(&err));
    error_clear(&err);
    while (!tui->want_quit && !got_signal) {
        struct tui_key k;
        draw_all();
        if (tui->work) {
            void (*work)(void *) = tui->work;
            tui->work = NULL;
            timeout(0);
            if (read_key(&k) == ERR) {
                work(tui->work_arg);
                continue;
            }
        } else {
            timeout(1000);
            errno = 0;
            if (read_key(&k) == ERR) {
                int read_errno = errno;
                const char *gone;
                if (got_signal)
                    break;
                if ((gone = input_gone(read_errno)) != NULL)
                    return gone;
                idle(&data_version);
                continue;
            }
            dead_reads = 0;
        }
        take_key(&k);
        handle_typed();
    }
    return NULL;
}

/* Why the program quits on signal sig (0: none) or without its terminal
 * (gone), in the log: nothing is saved on the way out, the views are
 * closed as they are. */
static void log_quit(int sig, const char *gone)
{
    struct strbuf why = STRBUF_INIT;

    if (sig)
        strbuf_addf(&why, _("quit on signal %d (%s)"), sig, strsignal(sig));
    else
        strbuf_addf(&why, _("quit: %s"), _(gone));
    if (any_dirty())
        strbuf_addf(&why, "; %s", _("the input typed in a form was thrown away"));
    tui_log("%s", why.buf);
    strbuf_release(&why);
}

int tui_main(const char *db_path)
{
    if (open_register(db_path) != 0)
        return 1;
    catch_signals();
    if (start_curses() != 0) {
        fprintf(stderr, "capphat: %s\n", _("cannot open the terminal (is TERM set?)"));
        tui_free();
        return 1;
    }
    open_tabs();
    const char *gone = main_loop();
    int sig = got_signal;
    if (sig || gone)
        log_quit(sig, gone);
    terminal_restore();
    die_set_cleanup(NULL);
    tui_free();
    if (sig) {
        signal(sig, SIG_DFL);
        raise(sig);
    }
    return gone ? EXIT_TERMINAL_GONE : 0;
}
