# capphat — build, run and test.
#
#   make            build build/capphat (the released program),
#                   build/capphat-test (the same with the test hooks) and the
#                   manual pages (mk/man.mk)
#   make run        the full-screen program on your database (first start creates it)
#   make test       every suite, then again under AddressSanitizer + UBSan
#   make check-fast the unit and command-line tests of what changed since
#                   main, in under a minute (make test-one ONLY=... SUITES=...
#                   runs chosen ones: tests/run-all.sh)
#   make lint       library includes in their folders; no SQL built with printf
#   make format     clang-format every source file
#   make install    install the program, its translations, manual pages,
#                   desktop entry and icon (PREFIX, DESTDIR: mk/install.mk)
#   make deb        the Debian package, build/deb/capphat_VERSION_amd64.deb
#                   (mk/deb.mk; make deb-test installs it in a clean root)
#
# Missing Debian packages are installed by scripts/install-deps.sh (not
# with `make DEPS_STAMP=`, as the Debian package is built: its
# Build-Depends bring what the build needs). CPPFLAGS, CFLAGS and LDFLAGS
# are added to the flags (dpkg-buildflags gives them for the package).

BUILD ?= build
CC ?= cc
SANITIZE ?=
OPT ?= -O2 -g

PKGS := ncursesw formw menuw panelw sqlite3 xlsxwriter pangocairo cairo libqrencode \
        libutf8proc icu-uc icu-i18n minizip expat freexl libcrypto libpq

DEPS_STAMP := $(BUILD)/.deps-ok

# Where `make install` puts things (the GNU names; PREFIX or prefix,
# default /usr/local). The program looks for its translations in
# $(localedir), so give the same PREFIX to `make` and `make install`:
# a different one rebuilds it.
PREFIX ?= /usr/local
prefix ?= $(PREFIX)
exec_prefix ?= $(prefix)
bindir ?= $(exec_prefix)/bin
datarootdir ?= $(prefix)/share
datadir ?= $(datarootdir)
localedir ?= $(datarootdir)/locale
mandir ?= $(datarootdir)/man
man1dir ?= $(mandir)/man1

# The version (the newest release in CHANGELOG.md, or a snapshot after
# it) and the commit, for `capphat --version`; see scripts/version.sh.
# They, and the localedir, land in files under $(BUILD)/gen that are
# rewritten only when they change, so that only what uses them is rebuilt.
VERSION_INFO := $(shell ./scripts/version.sh)
VERSION := $(word 1,$(VERSION_INFO))
COMMIT := $(word 2,$(VERSION_INFO))
VERSION_DATE := $(word 3,$(VERSION_INFO))
VERSION_STAMP := $(BUILD)/gen/version
DIRS_STAMP := $(BUILD)/gen/dirs
$(shell ./scripts/write-if-changed.sh $(VERSION_STAMP) '$(VERSION) $(COMMIT) $(VERSION_DATE)')
$(shell ./scripts/write-if-changed.sh $(DIRS_STAMP) '$(localedir)')

CFLAGS_BASE := -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter \
               -Iinclude -MMD -MP
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lcups -lm
ALL_CFLAGS = $(CFLAGS_BASE) $(OPT) $(SANITIZE) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SANITIZE) $(LDFLAGS)

# The test hooks (include/core/testhook.h) are not in the library: the
# released program links testhook.o, in which every hook is NULL;
# capphat-test and the unit tests link testhook-test.o, which reads them.
HOOK_SRC := src/core/testhook.c
HOOK_OBJ := $(BUILD)/src/core/testhook.o
TEST_HOOK_OBJ := $(BUILD)/src/core/testhook-test.o
LIB_SRCS := $(filter-out src/cli/main.c $(HOOK_SRC),$(wildcard src/*/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/cli/main.o
DATA_FILES := data/bac_kan_units.csv data/ethnic_groups.csv data/bac_kan_2025_mapping.csv \
              data/thai_nguyen_2025_units.csv
DATA_C := $(BUILD)/gen/refdata.c
DATA_OBJ := $(BUILD)/gen/refdata.o
LIB := $(BUILD)/libcapphat.a
BIN := $(BUILD)/capphat
TEST_BIN := $(BUILD)/capphat-test

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_OBJS := $(UNIT_SRCS:%.c=$(BUILD)/%.o)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
CMOCKA_CFLAGS = $(shell pkg-config --cflags cmocka)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka)
PO_FILES := $(wildcard po/*.po)
MO_FILES := $(PO_FILES:po/%.po=$(BUILD)/locale/%/LC_MESSAGES/capphat.mo)

.PHONY: all run test test-one check-fast unit-bins lint format clean deps bench fuzz stress

all: $(BIN) $(TEST_BIN) $(MO_FILES)

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/install-deps.sh
	@./scripts/install-deps.sh
	@mkdir -p $(@D) && touch $@

$(BUILD)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -c $< -o $@

$(TEST_HOOK_OBJ): $(HOOK_SRC) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "CC $< (test hooks)"
	@$(CC) $(ALL_CFLAGS) -DCAPPHAT_TEST_HOOKS -c $< -o $@

# what --version prints, and where the installed program finds its translations
$(MAIN_OBJ): $(VERSION_STAMP)
$(MAIN_OBJ): ALL_CFLAGS += -DCAPPHAT_VERSION='"$(VERSION)"' -DCAPPHAT_COMMIT='"$(COMMIT)"'
$(BUILD)/src/core/i18n.o: $(DIRS_STAMP)
$(BUILD)/src/core/i18n.o: ALL_CFLAGS += -DCAPPHAT_LOCALEDIR='"$(localedir)"'

$(DATA_C): scripts/embed-data.sh $(DATA_FILES)
	@mkdir -p $(@D)
	@./scripts/embed-data.sh $@ $(DATA_FILES)

$(DATA_OBJ): $(DATA_C)
	@$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJS) $(DATA_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(HOOK_OBJ) $(LIB)
	@echo "LD $@"
	@$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJ) $(HOOK_OBJ) $(LIB) $(PKG_LIBS)

$(TEST_BIN): $(MAIN_OBJ) $(TEST_HOOK_OBJ) $(LIB)
	@echo "LD $@"
	@$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJ) $(TEST_HOOK_OBJ) $(LIB) $(PKG_LIBS)

# A unit test is compiled once into build/tests/unit/NAME.o (its .d lists
# the headers it includes, so it is compiled again only when one of them
# changes) and linked again whenever the library changes.
$(UNIT_OBJS): ALL_CFLAGS += $(CMOCKA_CFLAGS) -Itests/unit

$(UNIT_BINS): $(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(TEST_HOOK_OBJ) $(LIB)
	@echo "LD $@"
	@$(CC) $(ALL_LDFLAGS) -o $@ $< $(TEST_HOOK_OBJ) $(LIB) $(PKG_LIBS) $(CMOCKA_LIBS)

$(BUILD)/locale/%/LC_MESSAGES/capphat.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

run: all
	./$(BIN)

# the bench driver is built with the tests so that it follows the store's API
unit-bins: $(UNIT_BINS) $(BUILD)/bench/bench_tool

# One pass of every suite with the binaries in $(BUILD).
test-one: all unit-bins
	@BUILD=$(BUILD) ./tests/run-all.sh

# The inner loop: the unit and command-line tests of what changed since
# main, in under a minute (scripts/check-fast.sh says what it picks).
check-fast: all unit-bins
	@BUILD=$(BUILD) ./scripts/check-fast.sh

test:
	@./scripts/install-deps.sh
	@./scripts/test.sh

lint:
	@./scripts/lint.sh

format:
	clang-format -i $$(find src include tests bench -name '*.[ch]')

clean:
	rm -rf build build-asan build-bench build-fuzz

-include $(LIB_OBJS:.o=.d) $(MAIN_OBJ:.o=.d) $(HOOK_OBJ:.o=.d) $(TEST_HOOK_OBJ:.o=.d) \
         $(UNIT_OBJS:.o=.d)

# Fragments for fuzzing, benchmarks and stress tests.
-include $(wildcard mk/*.mk)
