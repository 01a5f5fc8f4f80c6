/*
 * tui_draw: putting text on the screen fitted to a width in terminal
 * columns (Vietnamese text, combining marks, wide characters), cut with "…".
 * Every text goes through text_escape first, as the command line's output
 * does: curses would show C0 controls as ^X but pass bidirectional controls
 * and line separators to the terminal as they are.
 */
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "tui_internal.h"

static void put_fitted(WINDOW *w, int y, int x, int width, const char *s, int attr, int pad)
{
    if (width <= 0 || y < 0 || x < 0 || y >= getmaxy(w) || x >= getmaxx(w))
        return;
    if (x + width > getmaxx(w))
        width = getmaxx(w) - x;
    struct strbuf sb = STRBUF_INIT;
    char *shown = text_escaped(s);
    text_fit(&sb, shown, width, pad);
    wattrset(w, attr);
    mvwaddstr(w, y, x, sb.buf);
    wattrset(w, A_NORMAL);
    strbuf_release(&sb);
    free(shown);
}

int tui_width(const char *s)
{
    char *shown = text_escaped(s);
    int n = text_width(shown);
    free(shown);
    return n;
}

void tui_put(WINDOW *w, int y, int x, int width, const char *s, int attr)
{
    put_fitted(w, y, x, width, s, attr, 0);
}

void tui_put_pad(WINDOW *w, int y, int x, int width, const char *s, int attr)
{
    put_fitted(w, y, x, width, s, attr, 1);
}

void tui_put_right(WINDOW *w, int y, int x, int width, const char *s, int attr)
{
    int sw = tui_width(s);
    if (sw < width) {
        x += width - sw;
        width = sw;
    }
    put_fitted(w, y, x, width, s, attr, 0);
}

void tui_put_lines(WINDOW *w, int y, int x, int width, char **lines, int n, int rows, int attr)
{
    struct strbuf rest = STRBUF_INIT;

    for (int i = 0; i < n && i < rows; i++) {
        const char *line = lines[i];
        if (i == rows - 1 && i + 1 < n) {
            for (int j = i; j < n; j++)
                strbuf_addf(&rest, "%s%s", j > i ? " " : "", lines[j]);
            line = rest.buf;
        }
        tui_put(w, y + i, x, width, line, attr);
    }
    strbuf_release(&rest);
    for (int i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

void tui_hline(WINDOW *w, int y, int x, int width, int attr)
{
    if (y < 0 || y >= getmaxy(w))
        return;
    wattrset(w, attr);
    for (int i = 0; i < width && x + i < getmaxx(w); i++)
        mvwaddstr(w, y, x + i, "─");
    wattrset(w, A_NORMAL);
}

void tui_box(WINDOW *w, int y, int x, int h, int wd)
{
    mvwhline(w, y, x + 1, ACS_HLINE, wd - 2);
    mvwhline(w, y + h - 1, x + 1, ACS_HLINE, wd - 2);
    mvwvline(w, y + 1, x, ACS_VLINE, h - 2);
    mvwvline(w, y + 1, x + wd - 1, ACS_VLINE, h - 2);
    mvwaddch(w, y, x, ACS_ULCORNER);
    mvwaddch(w, y, x + wd - 1, ACS_URCORNER);
    mvwaddch(w, y + h - 1, x, ACS_LLCORNER);
    mvwaddch(w, y + h - 1, x + wd - 1, ACS_LRCORNER);
    wattrset(w, A_NORMAL);
}

int tui_wrap(const char *text, int width, char ***out)
{
    char **lines = NULL;
    int n = 0;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *para = xstrndup(p, len);
        char *q = para;
        do {
            /* take words while they fit */
            struct strbuf line = STRBUF_INIT;
            while (*q) {
                char *sp = strchr(q, ' ');
                size_t wl = sp ? (size_t)(sp - q) : strlen(q);
                char *word = xstrndup(q, wl);
                int need = text_width(word) + (line.len ? 1 : 0);
                if (line.len && text_width(line.buf) + need > width) {
                    free(word);
                    break;
                }
                if (line.len)
                    strbuf_addch(&line, ' ');
                strbuf_addstr(&line, word);
                free(word);
                q += wl;
                while (*q == ' ')
                    q++;
            }
            lines = xrealloc(lines, (n + 1) * sizeof *lines);
            lines[n++] = strbuf_detach(&line, NULL);
        } while (*q);
        free(para);
        p += len;
        if (*p == '\n')
            p++;
    }
    *out = lines;
    return n;
}
