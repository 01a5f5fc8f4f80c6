/*
 * testhook: what the tests may fake through the environment — today's
 * date, the clock of the daily backup, the login name recorded in the
 * audit log, a file system without unnamed temporary files — and the only
 * place that reads it.
 *
 * src/core/testhook.c is compiled twice and kept out of libcapphat.a:
 * with -DCAPPHAT_TEST_HOOKS for build/capphat-test and the unit tests,
 * where a hook is the value of its environment variable; and without it
 * for build/capphat, the released program, where every hook is NULL and
 * the names of the variables are not even in the binary. In the program
 * that offices run, nobody can back-date a document or write the audit
 * log under another login by setting a variable.
 */
#ifndef CORE_TESTHOOK_H
#define CORE_TESTHOOK_H

enum testhook {
    TESTHOOK_TODAY,          /* CAPPHAT_TODAY: today's date, as date_parse reads it */
    TESTHOOK_NOW,            /* CAPPHAT_NOW: the local time "YYYY-MM-DDTHH:MM:SS" of backups */
    TESTHOOK_OPERATOR,       /* CAPPHAT_OPERATOR: the login name the audit log records */
    TESTHOOK_OUTFILE_NAMED,  /* CAPPHAT_OUTFILE_NAMED: io/outfile writes through a named
                              * temporary file, as where O_TMPFILE is not available */
    TESTHOOK_SERVER_VERSION, /* CAPPHAT_SERVER_VERSION: a new register on a server is made
                              * at this older schema version, as an older program made it */
};

/*
 * The value of the hook's variable in a test build (NULL when it is not
 * set), always NULL in the released program. The string belongs to the
 * environment: do not free it.
 */
const char *testhook_env(enum testhook hook);

#endif
