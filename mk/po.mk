# The message catalogue: every text a person reads goes through _(), N_()
# or ngettext() (include/core/i18n.h); po/capphat.pot is extracted from the
# sources and po/vi.po, the Vietnamese translation, follows it.
#
#   make pot        extract po/capphat.pot from src/*/*.c
#   make po-update  pot, then merge po/vi.po (new messages come in empty,
#                   changed ones fuzzy: translate them, then make po-check)
#   make po-check   vi.po complete (no untranslated or fuzzy message, printf
#                   conversions as in the msgid) and the .pot up to date
#
# The .mo files are built by `make all` into $(BUILD)/locale, which the
# binary finds next to itself (src/core/i18n.c); `make install` copies
# them into $(localedir), where the installed program looks.

XGETTEXT_FLAGS := --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
                  --keyword=C_:1c,2 --keyword=ngettext:1,2 --add-comments=TRANSLATORS: \
                  --package-name=capphat

.PHONY: pot po-update po-check

pot:
	@xgettext $(XGETTEXT_FLAGS) -o po/capphat.pot $(sort $(wildcard src/*/*.c))
	@echo "po/capphat.pot: $$(grep -c '^msgid ' po/capphat.pot) messages"

po-update: pot
	@msgmerge --quiet --update --backup=none po/vi.po po/capphat.pot
	@msgfmt --statistics --check -o /dev/null po/vi.po

po-check:
	@./scripts/po-check.sh
