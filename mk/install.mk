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
# the test hooks) and the translations. The reference data is built into
# the program. The operator's database and backups live in their home
# folder, never here.

INSTALL ?= install
INSTALL_PROGRAM ?= $(INSTALL)
INSTALL_DATA ?= $(INSTALL) -m 644

# per translation: its catalogue (the empty line before endef ends each
# expansion with a newline: one command a line)
define install_lang
$(INSTALL) -d $(DESTDIR)$(localedir)/$(1)/LC_MESSAGES
$(INSTALL_DATA) $(BUILD)/locale/$(1)/LC_MESSAGES/capphat.mo $(DESTDIR)$(localedir)/$(1)/LC_MESSAGES/capphat.mo

endef
define uninstall_lang
rm -f $(DESTDIR)$(localedir)/$(1)/LC_MESSAGES/capphat.mo

endef

install: all
	$(INSTALL) -d $(DESTDIR)$(bindir)
	$(INSTALL_PROGRAM) $(BIN) $(DESTDIR)$(bindir)/capphat
	$(foreach l,$(PO_FILES:po/%.po=%),$(call install_lang,$(l)))

install-strip:
	$(MAKE) INSTALL_PROGRAM='$(INSTALL_PROGRAM) -s' install

uninstall:
	rm -f $(DESTDIR)$(bindir)/capphat
	$(foreach l,$(PO_FILES:po/%.po=%),$(call uninstall_lang,$(l)))
