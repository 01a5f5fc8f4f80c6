# Fuzzing the import readers (CSV, .xlsx, .xls, .ods, and xls_biff, which the
# .xls reader runs in its child where fuzz_xls cannot see it crash) with
# libFuzzer (clang), into build-fuzz/.
#
#   make fuzz                each harness for FUZZ_SECONDS (default 60)
#   make fuzz-short          each harness for 10 seconds, or FUZZ_SECONDS if
#                            given on the command line (tests/cli/t1390)
#   FUZZ_BUILD=DIR           build and fuzz in DIR (default build-fuzz), so
#                            that test runs in other build folders do not race
#
# Crashes are written to build-fuzz/crashes/; keep each one as a
# regression file in tests/fuzz/regress/ (.csv, .xlsx, .xls or .ods), which the unit
# tests test_csv_reader and test_xlsx_reader replay.

FUZZ_BUILD ?= build-fuzz
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -std=c17 -D_GNU_SOURCE -g -O1 -Iinclude -fsanitize=fuzzer,address,undefined \
              -fno-sanitize-recover=undefined $(shell pkg-config --cflags libutf8proc minizip expat freexl)
FUZZ_LIBS := $(shell pkg-config --libs libutf8proc minizip expat freexl) -lcsv -lm
FUZZ_SRCS := src/core/error.c src/core/i18n.c src/core/strbuf.c src/core/xalloc.c src/core/text.c \
             src/core/testhook.c src/store/person_fields.c src/store/device_fields.c \
             $(wildcard src/io/*.c)
FUZZ_BINS := $(FUZZ_BUILD)/fuzz_csv $(FUZZ_BUILD)/fuzz_xlsx $(FUZZ_BUILD)/fuzz_xls $(FUZZ_BUILD)/fuzz_ods \
             $(FUZZ_BUILD)/fuzz_xls_biff

.PHONY: fuzz fuzz-short fuzz-bins

fuzz-bins: $(FUZZ_BINS)

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_SRCS) $(wildcard include/io/*.h include/store/*.h src/io/*.h)
	@mkdir -p $(@D)
	@echo "CC $@"
	@$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_SRCS) $(FUZZ_LIBS)

# $(1): harness name, $(2): seconds
define fuzz_run
	@mkdir -p $(FUZZ_BUILD)/corpus-$(1) $(FUZZ_BUILD)/crashes
	@echo "FUZZ $(1) for $(2) s"
	@$(FUZZ_BUILD)/fuzz_$(1) -max_total_time=$(2) -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
	    -print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/crashes/$(1)- \
	    $(FUZZ_BUILD)/corpus-$(1) tests/fuzz/corpus/$(1) 2>$(FUZZ_BUILD)/fuzz_$(1).log || \
	    { tail -60 $(FUZZ_BUILD)/fuzz_$(1).log; exit 1; }
	@grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' $(FUZZ_BUILD)/fuzz_$(1).log
endef

fuzz: fuzz-bins
	$(call fuzz_run,csv,$(FUZZ_SECONDS))
	$(call fuzz_run,xlsx,$(FUZZ_SECONDS))
	$(call fuzz_run,xls,$(FUZZ_SECONDS))
	$(call fuzz_run,ods,$(FUZZ_SECONDS))
	$(call fuzz_run,xls_biff,$(FUZZ_SECONDS))

FUZZ_SHORT_SECONDS := $(if $(filter command line,$(origin FUZZ_SECONDS)),$(FUZZ_SECONDS),10)

fuzz-short: fuzz-bins
	$(call fuzz_run,csv,$(FUZZ_SHORT_SECONDS))
	$(call fuzz_run,xlsx,$(FUZZ_SHORT_SECONDS))
	$(call fuzz_run,xls,$(FUZZ_SHORT_SECONDS))
	$(call fuzz_run,ods,$(FUZZ_SHORT_SECONDS))
	$(call fuzz_run,xls_biff,$(FUZZ_SHORT_SECONDS))
