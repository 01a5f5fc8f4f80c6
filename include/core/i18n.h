/*
 * i18n: gettext for every text a person reads.
 *
 * _() marks and translates a message; N_() marks one that is translated later
 * (static tables); C_() translates with a context. `make po-update` extracts
 * them into po/capphat.pot and merges po/vi.po (mk/po.mk). The catalogue
 * (po/vi.po) is compiled into BUILD/locale, which the binary finds next to
 * itself in the source tree; `make install` puts it in the configured
 * localedir, where the installed program looks.
 */
#ifndef CORE_I18N_H
#define CORE_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)
/* C_("context", "text"): _() for a text that is translated differently
 * where it stands ("none" of a column not imported, "none" of the printers);
 * the context is only for the translator and is never shown. */
#define C_(ctx, s) i18n_pgettext(ctx "\004" s, s)

/* The translation of key ("context\004text"), or s when there is none. */
const char *i18n_pgettext(const char *key, const char *s);

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
