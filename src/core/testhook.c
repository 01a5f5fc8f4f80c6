/*
 * testhook: the environment variables of the tests, read in test builds
 * only; see include/core/testhook.h. The Makefile compiles this file into
 * build/src/core/testhook.o for the released program and, with
 * -DCAPPHAT_TEST_HOOKS, into testhook-test.o for capphat-test and the unit
 * tests. The variables' names are written only inside the #ifdef, so that
 * the released binary holds none of them (tests/cli/t2710 checks with
 * strings).
 */
#include "core/testhook.h"

#include <stdlib.h>

#ifdef CAPPHAT_TEST_HOOKS

const char *testhook_env(enum testhook hook)
{
    static const char *const names[] = {
        [TESTHOOK_TODAY] = "CAPPHAT_TODAY",
        [TESTHOOK_NOW] = "CAPPHAT_NOW",
        [TESTHOOK_OPERATOR] = "CAPPHAT_OPERATOR",
        [TESTHOOK_OUTFILE_NAMED] = "CAPPHAT_OUTFILE_NAMED",
        [TESTHOOK_SERVER_VERSION] = "CAPPHAT_SERVER_VERSION",
    };

    if ((unsigned)hook >= sizeof(names) / sizeof(*names))
        return NULL;
    return getenv(names[hook]);
}

#else

const char *testhook_env(enum testhook hook)
{
    (void)hook;
    return NULL;
}

#endif
