/*
 * tui_filepick: a folder's folders and lists, most recent first, to choose
 * the file of a form's field from; see tui_filepick.h. It owns the
 * listing of the folder shown; the form under it stays open, and only the
 * chosen path goes into it.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "tui_filepick.h"

/* A folder lists at most this many entries (the most recent kept). */
#define ENTRIES_MAX 5000

struct entry {
    char *name;
    int is_dir;
    time_t mtime;
};

struct picker {
    struct tui_form *form;
    int field;
    const char *const *exts;
    char *dir; /* absolute */
    struct entry *items;
    size_t n;
    int cur, top;
    char *error; /* the folder cannot be read */
};

/* The folder chosen last in this session, where the next picker starts. */
static char *last_dir;

static void entries_free(struct picker *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->items[i].name);
    free(p->items);
    p->items = NULL;
    p->n = 0;
    free(p->error);
    p->error = NULL;
}

static int wanted(const struct picker *p, const char *name)
{
    size_t n = strlen(name);
    for (const char *const *e = p->exts; *e; e++) {
        size_t k = strlen(*e);
        if (n > k && !strcasecmp(name + n - k, *e))
            return 1;
    }
    return 0;
}

/* "..", then the folders, then the files; each most recent first. */
static int entry_cmp(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    if (!strcmp(x->name, "..") || !strcmp(y->name, ".."))
        return !strcmp(x->name, "..") ? -1 : 1;
    if (x->is_dir != y->is_dir)
        return x->is_dir ? -1 : 1;
    if (x->mtime != y->mtime)
        return x->mtime > y->mtime ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* List dir (absolute) into p. */
static void load(struct picker *p, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    size_t alloc = 0;

    entries_free(p);
    p->cur = p->top = 0;
    if (dir != p->dir) {
        free(p->dir);
        p->dir = xstrdup(dir);
    }
    if (!d) {
        p->error = xasprintf(_("cannot open the folder %s: %s"), dir, strerror(errno));
        return;
    }
    while ((de = readdir(d)) != NULL) {
        struct stat st;
        int up = !strcmp(de->d_name, "..");
        if ((de->d_name[0] == '.' && !up) || (up && !strcmp(dir, "/")))
            continue; /* hidden files, ".", and nothing above the root */
        if (fstatat(dirfd(d), de->d_name, &st, 0) != 0)
            continue;
        int is_dir = S_ISDIR(st.st_mode);
        if (!is_dir && !(S_ISREG(st.st_mode) && wanted(p, de->d_name)))
            continue;
        if (p->n == alloc) {
            alloc = alloc ? 2 * alloc : 64;
            p->items = xrealloc(p->items, alloc * sizeof(*p->items));
        }
        p->items[p->n++] = (struct entry){xstrdup(de->d_name), is_dir, st.st_mtime};
    }
    closedir(d);
    qsort(p->items, p->n, sizeof(*p->items), entry_cmp);
    while (p->n > ENTRIES_MAX)
        free(p->items[--p->n].name);
}

/* dir/name, with ".." taken off the end rather than added. */
static char *path_join(const char *dir, const char *name)
{
    if (strcmp(name, ".."))
        return xasprintf("%s%s%s", dir, strcmp(dir, "/") ? "/" : "", name);
    const char *slash = strrchr(dir, '/');
    return slash && slash != dir ? xstrndup(dir, (size_t)(slash - dir)) : xstrdup("/");
}

/* Where the picker starts: the field's folder, the last one, the current one. */
static char *start_dir(const char *value)
{
    struct stat st;
    char buf[PATH_MAX];

    if (value && *value) {
        char *d = xstrdup(value);
        char *slash = strrchr(d, '/');
        if (stat(d, &st) != 0 || !S_ISDIR(st.st_mode)) {
            if (slash)
                *(slash == d ? slash + 1 : slash) = '\0';
            else
                strcpy(d, ".");
        }
        char *real = realpath(d, NULL);
        free(d);
        if (real)
            return real;
    }
    if (last_dir && stat(last_dir, &st) == 0 && S_ISDIR(st.st_mode))
        return xstrdup(last_dir);
    return xstrdup(getcwd(buf, sizeof(buf)) ? buf : "/");
}

static void picker_draw(struct view *v, WINDOW *w, int h, int wd)
{
    struct picker *p = v->data;
    struct strbuf sb = STRBUF_INIT;
    int y = 0;

    werase(w);
    tui_put(w, y++, 1, wd - 2, _("Choose the list (Enter: open the folder, or take the file)"),
            tui_attr(ATTR_TITLE));
    text_fit(&sb, p->dir, wd - 2, 0);
    tui_put(w, y++, 1, wd - 2, sb.buf, tui_attr(ATTR_DIM));
    y++;
    if (p->error || !p->n) {
        tui_put(w, y, 3, wd - 4,
                p->error ? p->error : _("no folder and no list here (.csv .txt .xlsx .xls .ods)"),
                tui_attr(p->error ? ATTR_ERROR : ATTR_DIM));
        strbuf_release(&sb);
        return;
    }
    int room = h - y;
    if (p->cur < p->top)
        p->top = p->cur;
    if (room > 0 && p->cur >= p->top + room)
        p->top = p->cur - room + 1;
    for (int i = p->top; i < (int)p->n && y < h; i++) {
        const struct entry *e = &p->items[i];
        char when[32] = "";
        struct tm tm;
        if (strcmp(e->name, "..") && localtime_r(&e->mtime, &tm))
            strftime(when, sizeof(when), "%d/%m/%Y %H:%M", &tm);
        strbuf_reset(&sb);
        text_fit(&sb, e->name, wd - 26, 0);
        if (e->is_dir)
            strbuf_addch(&sb, '/');
        tui_put(w, y, 3, wd - 24, sb.buf,
                i == p->cur ? tui_attr(ATTR_SELECTED) : tui_attr(ATTR_NORMAL));
        tui_put(w, y++, wd - 19, 18, when, tui_attr(ATTR_DIM));
    }
    strbuf_release(&sb);
}

/* Enter: into a folder, or the file into the form. */
static int picker_open(struct picker *p)
{
    if (!p->n)
        return TUI_HANDLED | TUI_REDRAW;
    const struct entry *e = &p->items[p->cur];
    char *path = path_join(p->dir, e->name);
    if (e->is_dir) {
        load(p, path);
        free(path);
        return TUI_HANDLED | TUI_REDRAW;
    }
    free(last_dir);
    last_dir = xstrdup(p->dir);
    tui_form_set(p->form, p->field, path, 0);
    p->form->cur = p->field;
    free(path);
    tui_pop(); /* frees p */
    return TUI_HANDLED | TUI_REDRAW;
}

static int picker_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    struct picker *p = v->data;
    const int R = TUI_HANDLED | TUI_REDRAW;
    int last = p->n ? (int)p->n - 1 : 0;
    (void)k;
    switch (a) {
    case ACT_UP:
        p->cur = p->cur > 0 ? p->cur - 1 : 0;
        return R;
    case ACT_DOWN:
        p->cur = p->cur < last ? p->cur + 1 : last;
        return R;
    case ACT_PGUP:
        p->cur = p->cur > 10 ? p->cur - 10 : 0;
        return R;
    case ACT_PGDN:
        p->cur = p->cur + 10 < last ? p->cur + 10 : last;
        return R;
    case ACT_HOME:
        p->cur = 0;
        return R;
    case ACT_END:
        p->cur = last;
        return R;
    case ACT_OPEN:
        return picker_open(p);
    default:
        return TUI_UNHANDLED;
    }
}

static void picker_close(struct view *v)
{
    struct picker *p = v->data;
    entries_free(p);
    free(p->dir);
    free(p);
}

static const enum tui_action picker_bar[] = {ACT_OPEN, ACT_NONE};
static const struct view_ops picker_ops = {
    .name = "file",
    .draw = picker_draw,
    .key = picker_key,
    .close = picker_close,
    .keymap = KEYMAP_LIST,
    .fbar = picker_bar,
};

void tui_filepick_open(struct tui_form *f, int field, const char *const *exts)
{
    struct picker *p = xcalloc(1, sizeof(*p));
    char *dir = start_dir(tui_form_value(f, field));

    p->form = f;
    p->field = field;
    p->exts = exts;
    load(p, dir);
    free(dir);
    tui_push(tui_view_new(&picker_ops, p));
}
