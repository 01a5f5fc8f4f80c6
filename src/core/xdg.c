/* xdg: capphat's folders in the account; see include/core/xdg.h. */
#include "core/xdg.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "core/xalloc.h"

/* mkdir -p dir, mode 0700 for what it creates. */
static void make_dirs(const char *dir)
{
    char *d = xstrdup(dir);
    for (char *p = d + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(d, 0700);
            *p = '/';
        }
    }
    mkdir(d, 0700);
    free(d);
}

char *xdg_dir(enum xdg_kind kind, int create)
{
    static const char *const vars[] = {"XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"};
    static const char *const homes[] = {".config", ".local/state", ".local/share"};
    const char *var = getenv(vars[kind]);
    const char *home = getenv("HOME");
    char *dir = NULL;

    if (var && *var)
        dir = xasprintf("%s/capphat", var);
    else if (home && *home)
        dir = xasprintf("%s/%s/capphat", home, homes[kind]);
    if (dir && create)
        make_dirs(dir);
    return dir;
}
