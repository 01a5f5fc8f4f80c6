#!/bin/sh
# The output paths of t2310-output-paths.sh again where the file system
# has no unnamed temporary files (O_TMPFILE), as CAPPHAT_OUTFILE_NAMED=1
# (a test hook) makes capphat believe: the file is written under a locked
# .capphat-tmp-XXXXXX and named when complete. Every case fails with one
# line and leaves the target, the database and its folders as they were,
# the temporary file included. Part of the bad-input matrix
# (t2300-bad-input-matrix.sh, lib-matrix.sh).
# store: file (it aims outputs at the register file and its journal)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"
. "$(dirname "$0")/lib-matrix.sh"

test_expect_success 'setup' 'matrix_fixture'

test_expect_success 'output paths again where the file system has no unnamed temporary files' '
    CAPPHAT_OUTFILE_NAMED=1 out_matrix outpath-named &&
    class_ok outpath-named
'

matrix_done
test_done
