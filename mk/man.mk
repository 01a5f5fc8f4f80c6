# The manual pages, capphat(1) in English and in each translation of po/
# (build/man/capphat.1, build/man/vi/capphat.1; `make man`, part of `make`).
# Their prose is in man/capphat.LANG.1.in; scripts/gen-man.sh adds the
# synopsis, the commands and their options from the --help of the program
# in that language, so that the manual and --help cannot differ
# (tests/cli/t2910-manual.sh compares them). `make install` installs them.

MAN_LANGS := $(PO_FILES:po/%.po=%)
MAN_PAGES := $(BUILD)/man/capphat.1 $(MAN_LANGS:%=$(BUILD)/man/%/capphat.1)

.PHONY: man

all: $(MAN_PAGES)
man: $(MAN_PAGES)

$(BUILD)/man/capphat.1: man/capphat.en.1.in $(BIN) $(MO_FILES) scripts/gen-man.sh $(VERSION_STAMP) $(DIRS_STAMP)
	@echo "MAN $@"
	@./scripts/gen-man.sh $(BIN) en $< $@ '$(VERSION)' '$(VERSION_DATE)' '$(localedir)'

$(BUILD)/man/%/capphat.1: man/capphat.%.1.in $(BIN) $(MO_FILES) scripts/gen-man.sh $(VERSION_STAMP) $(DIRS_STAMP)
	@echo "MAN $@"
	@./scripts/gen-man.sh $(BIN) $* $< $@ '$(VERSION)' '$(VERSION_DATE)' '$(localedir)'

