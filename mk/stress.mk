# Stress tests that run for minutes (the short versions are in make test:
# tests/cli/t2100-crash-short.sh, t2200-concurrency-short.sh).
#
#   make stress              kill -9 at random moments (STRESS_RUNS, default 210),
#                            then 4 processes x 500 handovers and returns
#   make stress BUILD=build-asan OPT='-O1 -g' SANITIZE=...   the same on another build

STRESS_RUNS ?= 210
STRESS_PROCS ?= 4
STRESS_OPS ?= 500

.PHONY: stress stress-crash stress-concurrency

stress: stress-crash stress-concurrency

stress-crash: all
	@BUILD=$(BUILD) sh tests/stress/crash.sh $(STRESS_RUNS)

stress-concurrency: all
	@BUILD=$(BUILD) sh tests/stress/concurrency.sh $(STRESS_PROCS) $(STRESS_OPS)
