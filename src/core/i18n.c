/*
 * i18n: locale and message catalogue set-up.
 *
 * gettext ignores LANGUAGE when the locale is "C", and many machines have
 * only C.UTF-8 generated. So capphat always sets a UTF-8 locale (the user's,
 * else C.UTF-8) and chooses the catalogue language itself through LANGUAGE,
 * which GNU gettext honours for any locale other than plain "C".
 */
#include "core/i18n.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The Makefile passes the configured localedir (make PREFIX=...), where
 * `make install` puts the catalogues. */
#ifndef CAPPHAT_LOCALEDIR
#define CAPPHAT_LOCALEDIR "/usr/local/share/locale"
#endif

static int from_user = -1;

int i18n_language_from_user(void)
{
    return from_user > 0;
}

/* $CAPPHAT_LOCALEDIR, else the folder "locale" next to the binary (the
 * build folder holds BUILD/capphat and BUILD/locale, so that `make run`
 * and the tests find it in the source tree), else the configured localedir
 * of the installed program. Only a folder will do: next to /usr/bin/capphat
 * stands /usr/bin/locale, the program. */
static const char *localedir(void)
{
    static char buf[4096];
    struct stat st;
    const char *env = getenv("CAPPHAT_LOCALEDIR");
    if (env && *env)
        return env;
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 16);
    if (n > 0) {
        buf[n] = '\0';
        char *slash = strrchr(buf, '/');
        if (slash) {
            strcpy(slash + 1, "locale");
            if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode) && access(buf, R_OK | X_OK) == 0)
                return buf;
        }
    }
    return CAPPHAT_LOCALEDIR;
}

const char *i18n_pgettext(const char *key, const char *s)
{
    const char *t = gettext(key);
    return t == key ? s : t;
}

void i18n_init(const char *lang)
{
    const char *cur = setlocale(LC_ALL, "");
    if (!cur || strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
        if (!setlocale(LC_ALL, "C.UTF-8"))
            setlocale(LC_ALL, "C.utf8");
    }
    /* numbers are formatted by capphat itself; keep printf's '.' */
    setlocale(LC_NUMERIC, "C");

    const char *language = getenv("LANGUAGE");
    if (from_user < 0) {
        const char *m = setlocale(LC_MESSAGES, NULL);
        from_user = (language && *language) || (m && strncmp(m, "en", 2) == 0);
    }
    if (lang && *lang) {
        setenv("LANGUAGE", lang, 1);
    } else if (!language || !*language) {
        /* Vietnamese by default, unless the locale asks for another language */
        const char *msgs = setlocale(LC_MESSAGES, NULL);
        if (!msgs || strncmp(msgs, "en", 2) != 0)
            setenv("LANGUAGE", "vi", 1);
    }
    /* LC_MESSAGES=C.UTF-8 is treated as "C" by glibc: gettext then ignores
     * LANGUAGE. Any non-C locale name that exists will do. */
    const char *msgs = setlocale(LC_MESSAGES, NULL);
    if (msgs &&
        (strcmp(msgs, "C") == 0 || strncmp(msgs, "C.", 2) == 0 || strcmp(msgs, "POSIX") == 0)) {
        static const char *const candidates[] = {"vi_VN.UTF-8", "en_US.UTF-8", "en_GB.UTF-8",
                                                 "C.UTF-8"};
        for (size_t i = 0; i < sizeof(candidates) / sizeof(*candidates); i++)
            if (setlocale(LC_MESSAGES, candidates[i]))
                break;
    }
    bindtextdomain("capphat", localedir());
    bind_textdomain_codeset("capphat", "UTF-8");
    textdomain("capphat");
}
