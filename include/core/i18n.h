/*
 * i18n: gettext for every text a person reads.
 *
 * _() marks and translates a message; N_() marks one that is translated later
 * (static tables). The catalogue (po/vi.po) is installed as build/locale.
 */
#ifndef CORE_I18N_H
#define CORE_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/*
 * Set up the locale and the message catalogue. Vietnamese is the default;
 * LANGUAGE=en (or the setting passed as lang, "vi" or "en") gives English.
 * Works where no vi_VN locale is generated: only C.UTF-8 is needed.
 */
void i18n_init(const char *lang);
/* 1 when the language was chosen by the user's environment (LANGUAGE, or an
 * English LC_MESSAGES) at the first i18n_init, 0 when capphat's default
 * applied: then the stored language setting may choose. */
int i18n_language_from_user(void);

#endif
