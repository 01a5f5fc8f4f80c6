/*
 * backup_app: the automatic daily backup of the database into the folder
 * "backups" next to it, kept in rotation; see include/app/backup_app.h.
 */
#include "app/backup_app.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/testhook.h"
#include "core/xalloc.h"
#include "store/db.h"
#include "store/setting_store.h"

#define PREFIX "capphat-"
#define SUFFIX ".db"
/* capphat-YYYYMMDD-HHMMSS.db */
#define NAME_LEN (sizeof(PREFIX) - 1 + 15 + sizeof(SUFFIX) - 1)
#define DAY_SECONDS (24 * 60 * 60)

char *app_backup_dir(const char *db_path)
{
    const char *slash = strrchr(db_path, '/');
    if (!slash)
        return xstrdup("backups");
    if (slash == db_path)
        return xstrdup("/backups");
    return xasprintf("%.*s/backups", (int)(slash - db_path), db_path);
}

/* Now, or in a test build the time of TESTHOOK_NOW (local, "YYYY-MM-DDTHH:MM:SS"). */
static time_t backup_now(void)
{
    const char *fake = testhook_env(TESTHOOK_NOW);
    struct tm tm;

    if (fake && *fake) {
        memset(&tm, 0, sizeof(tm));
        const char *end = strptime(fake, "%Y-%m-%dT%H:%M:%S", &tm);
        if (end && !*end) {
            tm.tm_isdst = -1;
            return mktime(&tm);
        }
    }
    return time(NULL);
}

/* The time a backup name stands for, or -1 when name is not one. */
static time_t name_time(const char *name)
{
    struct tm tm;

    if (strlen(name) != NAME_LEN || strncmp(name, PREFIX, sizeof(PREFIX) - 1) != 0 ||
        strcmp(name + NAME_LEN - (sizeof(SUFFIX) - 1), SUFFIX) != 0)
        return -1;
    memset(&tm, 0, sizeof(tm));
    const char *end = strptime(name + sizeof(PREFIX) - 1, "%Y%m%d-%H%M%S", &tm);
    if (!end || strcmp(end, SUFFIX) != 0)
        return -1;
    tm.tm_isdst = -1;
    return mktime(&tm);
}

static int cmp_names(const void *a, const void *b)
{
    /* the names sort as their times do */
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The backup names in dir, oldest first (*n of them; caller frees each and the array). */
static char **list_backups(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t alloc = 0;
    struct dirent *de;

    *n = 0;
    if (!d)
        return NULL;
    while ((de = readdir(d)) != NULL) {
        if (name_time(de->d_name) < 0)
            continue;
        if (*n == alloc) {
            alloc = alloc ? alloc * 2 : 16;
            names = xrealloc(names, alloc * sizeof(*names));
        }
        names[(*n)++] = xstrdup(de->d_name);
    }
    closedir(d);
    if (*n)
        qsort(names, *n, sizeof(*names), cmp_names);
    return names;
}

/* Remove the temporary files of backups whose process died (killed or
 * powered off half-way): "capphat-....db.tmp-PID" with no process PID, and
 * its journal, or its -wal and -shm (left while the copy's journal mode is
 * set back from the WAL of the database it copies). */
static void remove_stale(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;

    if (!d)
        return;
    while ((de = readdir(d)) != NULL) {
        const char *t = strstr(de->d_name, SUFFIX ".tmp-");
        if (strncmp(de->d_name, PREFIX, sizeof(PREFIX) - 1) != 0 || !t)
            continue;
        char *end;
        long pid = strtol(t + sizeof(SUFFIX ".tmp-") - 1, &end, 10);
        if (pid <= 0 || (*end && strcmp(end, "-journal") != 0 && strcmp(end, "-wal") != 0 &&
                         strcmp(end, "-shm") != 0))
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        char *path = xasprintf("%s/%s", dir, de->d_name);
        unlink(path);
        free(path);
    }
    closedir(d);
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

int app_daily_backup(struct app *app, char **made, struct error *err)
{
    char *dir = app_backup_dir(db_path(app->db));
    time_t now = backup_now();
    size_t n;
    char **names;
    int rc = 0;

    if (made)
        *made = NULL;
    struct stat st;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        rc = error_set(err, ERR_IO, _("cannot make the backups folder '%s': %s"), error_quote(dir),
                       strerror(errno));
        free(dir);
        return rc;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        rc = error_set(err, ERR_IO, _("the backups folder '%s' is not a folder"), error_quote(dir));
        free(dir);
        return rc;
    }
    remove_stale(dir);
    names = list_backups(dir, &n);
    /* a backup dated in the future (a clock set wrong) does not stop today's */
    if (n == 0 || now - name_time(names[n - 1]) >= DAY_SECONDS ||
        name_time(names[n - 1]) > now) {
        struct tm tm;
        char stamp[16];
        localtime_r(&now, &tm);
        strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
        char *path = xasprintf("%s/" PREFIX "%s" SUFFIX, dir, stamp);
        rc = db_backup(app->db, path, err);
        if (rc == 0) {
            rc = 1;
            if (made)
                *made = xstrdup(path);
        }
        free(path);
        free_names(names, n);
        names = list_backups(dir, &n);
    }
    if (rc >= 0) {
        char *keep_s = setting_get(app->db, "backup_keep", "7");
        long keep = strtol(keep_s, NULL, 10);
        free(keep_s);
        if (keep < 1)
            keep = 1;
        for (size_t i = 0; n > (size_t)keep && i < n - (size_t)keep; i++) {
            char *old = xasprintf("%s/%s", dir, names[i]);
            unlink(old);
            free(old);
        }
    }
    free_names(names, n);
    free(dir);
    return rc;
}
