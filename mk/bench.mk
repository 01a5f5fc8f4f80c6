# Benchmarks: `make bench` measures capphat against the tools a user would
# otherwise use (bare libxlsxwriter, Python openpyxl, the sqlite3 shell).
#
#   make bench                          the full data set (100,000 persons)
#   make bench BENCH_SCALE=0.01         a quick run (1,000 persons)
#   make bench BENCH_RUNS=1             one run per measurement
#   make bench BENCH_GROWTH=0           without the growth table
#   make bench BENCH_SERVER=0           without the rows of a PostgreSQL server
#   make bench-smoke                    proves it runs (for make test; times nothing)
#
# Builds capphat optimised into build-bench/, generates the data set once
# per scale with `capphat demo` (cached in bench/data/), prints the table
# and writes it to bench/RESULTS.md. The same data set is then copied to a
# private PostgreSQL server (tests/lib/pgserver.sh, started in the data
# set's scratch folder and stopped at the end) for the rows side by side
# and 8 concurrent operators. See bench/NOTES.md for the findings.

BENCH_BUILD := build-bench
BENCH_OPT := -O2 -DNDEBUG
BENCH_SCALE ?= 1
BENCH_RUNS ?= 0
BENCH_GROWTH ?= 1
BENCH_SERVER ?= 1
BENCH_RESULTS ?= bench/RESULTS.md
BENCH_TOOL := $(BENCH_BUILD)/bench/bench_tool

.PHONY: bench bench-bins bench-smoke

bench-bins:
	@$(MAKE) --no-print-directory BUILD=$(BENCH_BUILD) OPT='$(BENCH_OPT)' all $(BENCH_TOOL)

# the release hooks (none): the bench fakes no date, clock or operator.
# Compiled to an object (build/bench/bench_tool.o, its headers in its .d),
# linked again when the library changes.
$(BUILD)/bench/bench_tool: $(BUILD)/bench/bench_tool.o $(HOOK_OBJ) $(LIB)
	@echo "LD $@"
	@$(CC) $(ALL_LDFLAGS) -o $@ $< $(HOOK_OBJ) $(LIB) $(PKG_LIBS)

-include $(BUILD)/bench/bench_tool.d

bench: bench-bins
	@/usr/bin/python3 bench/run.py --build $(BENCH_BUILD) --scale $(BENCH_SCALE) \
	    --runs $(BENCH_RUNS) --growth $(BENCH_GROWTH) --server $(BENCH_SERVER) \
	    --results $(BENCH_RESULTS)

# A run at 100 persons, once each, its table written under build-bench/:
# checks that every measurement still runs, asserts nothing about times.
bench-smoke:
	@$(MAKE) --no-print-directory bench BENCH_SCALE=0.001 BENCH_RUNS=1 BENCH_GROWTH=0 \
	    BENCH_RESULTS=$(BENCH_BUILD)/RESULTS-smoke.md
