# Installing capphat as a program of the system (the GNU conventions):
#
#   make install                      into /usr/local
#   make install PREFIX=/usr          into /usr (or prefix=, bindir=, mandir=...)
#   make install DESTDIR=/tmp/root    under a staging folder (packages)
#   make install-strip                the same with the binary stripped
#   make uninstall                    removes what install put there
#
# Give the same PREFIX (or localedir) to `make` and `make install`: the
# program looks for its translations in $(localedir), and a different one
# rebuilds it. What is installed: $(BIN) (never $(TEST_BIN), which obeys
# the test hooks), the translations, the manual pages in English and
# Vietnamese (`man capphat`, `man -L vi capphat`), the desktop entry and
# its icon. The reference data is built into the program. The operator's
# database and backups live in their home folder, never here.

INSTALL ?= install
INSTALL_PROGRAM ?= $(INSTALL)
INSTALL_DATA ?= $(INSTALL) -m 644
applicationsdir ?= $(datarootdir)/applications
icondir ?= $(datarootdir)/icons/hicolor/scalable/apps

# per translation: its catalogue and its manual page (the empty line
# before endef ends each expansion with a newline: one command a line)
define install_lang
$(INSTALL) -d $(DESTDIR)$(localedir)/$(1)/LC_MESSAGES $(DESTDIR)$(mandir)/$(1)/man1
$(INSTALL_DATA) $(BUILD)/locale/$(1)/LC_MESSAGES/capphat.mo $(DESTDIR)$(localedir)/$(1)/LC_MESSAGES/capphat.mo
$(INSTALL_DATA) $(BUILD)/man/$(1)/capphat.1 $(DESTDIR)$(mandir)/$(1)/man1/capphat.1

endef
define uninstall_lang
rm -f $(DESTDIR)$(localedir)/$(1)/LC_MESSAGES/capphat.mo $(DESTDIR)$(mandir)/$(1)/man1/capphat.1

endef

install: all
	$(INSTALL) -d $(DESTDIR)$(bindir) $(DESTDIR)$(man1dir) $(DESTDIR)$(applicationsdir) \
	    $(DESTDIR)$(icondir)
	$(INSTALL_PROGRAM) $(BIN) $(DESTDIR)$(bindir)/capphat
	$(INSTALL_DATA) $(BUILD)/man/capphat.1 $(DESTDIR)$(man1dir)/capphat.1
	$(INSTALL_DATA) desktop/capphat.desktop $(DESTDIR)$(applicationsdir)/capphat.desktop
	$(INSTALL_DATA) desktop/capphat.svg $(DESTDIR)$(icondir)/capphat.svg
	$(foreach l,$(PO_FILES:po/%.po=%),$(call install_lang,$(l)))

install-strip:
	$(MAKE) INSTALL_PROGRAM='$(INSTALL_PROGRAM) -s' install

uninstall:
	rm -f $(DESTDIR)$(bindir)/capphat $(DESTDIR)$(man1dir)/capphat.1 \
	    $(DESTDIR)$(applicationsdir)/capphat.desktop $(DESTDIR)$(icondir)/capphat.svg
	$(foreach l,$(PO_FILES:po/%.po=%),$(call uninstall_lang,$(l)))
