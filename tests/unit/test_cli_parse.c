/* Unit tests for the command line's option parser (cli/cli.h): values bound
 * to variables, arguments moved to the front, the errors, the usage line. */
#include "unit.h"

#include <string.h>

#include "cli/cli.h"
#include "core/strbuf.h"

/* The options of the tests, bound to the variables of a struct vars. */
struct vars {
    const char *name, *out;
    int force;
    struct cli_list maps;
};

#define N_VARS_OPTIONS 5

/* Fill opts[N_VARS_OPTIONS] with the options of the tests, bound to x. */
static void vars_options(struct cli_option *opts, struct vars *x)
{
    const struct cli_option o[N_VARS_OPTIONS] = {
        OPT_STRING_F("--name", &x->name, "NAME", "full name", CLI_REQUIRED),
        OPT_STRING("-o", &x->out, "FILE", "the file to write"),
        OPT_FLAG("--force", &x->force, "replace the file"),
        OPT_LIST("--map", &x->maps, "COLUMN=FIELD", "read COLUMN as FIELD"),
        OPT_END(),
    };
    memcpy(opts, o, sizeof(o));
}

/* Parse the words of args (split at spaces) into v; the arguments left are
 * joined with spaces into rest. Returns what cli_parse returns. */
static int parse(const char *args, struct vars *v, unsigned flags, struct strbuf *rest,
                 struct error *err)
{
    static char copy[256];
    char *argv[32];
    int argc = 0;
    struct cli_option opts[N_VARS_OPTIONS];

    vars_options(opts, v);
    strncpy(copy, args, sizeof(copy) - 1);
    for (char *w = strtok(copy, " "); w && argc < 32; w = strtok(NULL, " "))
        argv[argc++] = w;
    int n = cli_parse(argc, argv, opts, flags, err);
    strbuf_reset(rest);
    for (int i = 0; i < n; i++)
        strbuf_addf(rest, "%s%s", i ? " " : "", argv[i]);
    return n;
}

static void test_bound_values(void **state)
{
    struct vars v = {NULL, "default.pdf", 0, CLI_LIST_INIT};
    struct strbuf rest = STRBUF_INIT;
    struct error err = ERROR_INIT;

    (void)state;
    assert_int_equal(
        parse("add --name Lò --map A=name x --force --map=B=phone -o=a.pdf y", &v, 0, &rest, &err),
        3);
    assert_string_equal(v.name, "Lò");
    assert_string_equal(v.out, "a.pdf"); /* --opt=value */
    assert_int_equal(v.force, 1);
    assert_int_equal(v.maps.n, 2);
    assert_string_equal(v.maps.items[0], "A=name");
    assert_string_equal(v.maps.items[1], "B=phone"); /* the first '=' splits */
    /* the arguments, in their order, at the front */
    assert_string_equal(rest.buf, "add x y");
    cli_list_release(&v.maps);
    assert_null(v.maps.items);
    assert_int_equal(v.maps.n, 0);
    strbuf_release(&rest);
}

static void test_defaults_and_last_value(void **state)
{
    struct vars v = {NULL, "default.pdf", 0, CLI_LIST_INIT};
    struct strbuf rest = STRBUF_INIT;
    struct error err = ERROR_INIT;

    (void)state;
    /* what is not given keeps its value; a string given twice: the last */
    assert_int_equal(parse("--name a --name= ", &v, 0, &rest, &err), 0);
    assert_string_equal(v.name, "");
    assert_string_equal(v.out, "default.pdf");
    assert_int_equal(v.force, 0);
    assert_null(v.maps.items);
    strbuf_release(&rest);
}

static void test_arguments(void **state)
{
    struct vars v = {NULL, NULL, 0, CLI_LIST_INIT};
    struct strbuf rest = STRBUF_INIT;
    struct error err = ERROR_INIT;

    (void)state;
    /* "-" alone and a negative number are arguments */
    assert_int_equal(parse("- -3 --force", &v, 0, &rest, &err), 2);
    assert_string_equal(rest.buf, "- -3");
    /* "--" ends the options: what follows is an argument, even "--force" */
    v.force = 0;
    assert_int_equal(parse("a -- --force -o", &v, 0, &rest, &err), 3);
    assert_string_equal(rest.buf, "a --force -o");
    assert_int_equal(v.force, 0);
    /* CLI_PARSE_STOP: the first argument ends the options */
    assert_int_equal(parse("--force person add --name x", &v, CLI_PARSE_STOP, &rest, &err), 4);
    assert_string_equal(rest.buf, "person add --name x");
    assert_int_equal(v.force, 1);
    assert_null(v.name);
    assert_int_equal(parse("-- --name x", &v, CLI_PARSE_STOP, &rest, &err), 2);
    assert_string_equal(rest.buf, "--name x");
    assert_int_equal(parse("", &v, 0, &rest, &err), 0);
    strbuf_release(&rest);
}

static void test_errors(void **state)
{
    struct vars v = {NULL, NULL, 0, CLI_LIST_INIT};
    struct strbuf rest = STRBUF_INIT;
    struct error err = ERROR_INIT;

    (void)state;
    assert_int_equal(parse("x --bogus=1", &v, 0, &rest, &err), -1);
    assert_string_equal(error_msg(&err), "unknown option '--bogus=1'");
    assert_int_equal(err.code, ERR_NOT_FOUND); /* capphat's own options add a hint */
    /* a prefix of an option is not the option */
    assert_int_equal(parse("--nam x", &v, 0, &rest, &err), -1);
    assert_string_equal(error_msg(&err), "unknown option '--nam'");
    assert_int_equal(parse("--force=yes", &v, 0, &rest, &err), -1);
    assert_string_equal(error_msg(&err), "option --force takes no value");
    assert_int_equal(err.code, ERR_INVALID);
    assert_int_equal(parse("--force --name", &v, 0, &rest, &err), -1);
    assert_string_equal(error_msg(&err), "option --name needs a value (NAME)");
    /* a list filled before the error is released (no leak) */
    assert_int_equal(parse("--map A=x --map B=y -o", &v, 0, &rest, &err), -1);
    assert_string_equal(error_msg(&err), "option -o needs a value (FILE)");
    assert_null(v.maps.items);
    assert_int_equal(v.maps.n, 0);
    error_clear(&err);
    strbuf_release(&rest);
}

static void test_help(void **state)
{
    struct vars v = {NULL, NULL, 0, CLI_LIST_INIT};
    struct strbuf rest = STRBUF_INIT;
    struct error err = ERROR_INIT;

    (void)state;
    /* every table understands --help; its lists are released */
    assert_int_equal(parse("--map A=x --help", &v, 0, &rest, &err), CLI_PARSE_HELP);
    assert_null(v.maps.items);
    /* an error anywhere wins over --help */
    assert_int_equal(parse("--help --bogus", &v, 0, &rest, &err), -1);
    assert_string_equal(error_msg(&err), "unknown option '--bogus'");
    assert_int_equal(parse("--help=x", &v, 0, &rest, &err), -1);
    assert_string_equal(error_msg(&err), "option --help takes no value");
    /* -h is not --help */
    assert_int_equal(parse("-h", &v, 0, &rest, &err), -1);
    assert_string_equal(error_msg(&err), "unknown option '-h'");
    error_clear(&err);
    strbuf_release(&rest);
}

static void test_given_and_missing(void **state)
{
    struct vars v = {NULL, NULL, 0, CLI_LIST_INIT};
    struct cli_option opts[N_VARS_OPTIONS];

    (void)state;
    vars_options(opts, &v);
    assert_ptr_equal(cli_first_missing(opts), &opts[0]);
    assert_false(cli_given(&opts[0]));
    assert_false(cli_given(&opts[2]));
    assert_false(cli_given(&opts[3]));
    v.name = "x";
    v.force = 1;
    v.maps.n = 1;
    assert_null(cli_first_missing(opts));
    assert_true(cli_given(&opts[0]));
    assert_false(cli_given(&opts[1]));
    assert_true(cli_given(&opts[2]));
    assert_true(cli_given(&opts[3]));
}

static void test_usage_line(void **state)
{
    struct vars v = {NULL, NULL, 0, CLI_LIST_INIT};
    struct cli_option opts[N_VARS_OPTIONS];
    struct cli_list ids = CLI_LIST_INIT;
    struct cli_option attend[] = {
        OPT_LIST_F("--person", &ids, "ID...", "persons", CLI_REQUIRED),
        OPT_END(),
    };
    struct cli_command cmd = {"import persons", "FILE", "Import.", NULL};
    struct cli_command bare = {"init", NULL, "Create.", NULL};
    struct cli_option none[] = {OPT_END()};
    struct strbuf sb = STRBUF_INIT;

    (void)state;
    vars_options(opts, &v);
    cli_usage_line(&sb, &cmd, opts);
    assert_string_equal(sb.buf, "capphat import persons FILE --name NAME [-o FILE] [--force] "
                                "[--map COLUMN=FIELD]...");
    strbuf_reset(&sb);
    cmd.name = "training attend";
    cmd.args = NULL;
    cli_usage_line(&sb, &cmd, attend);
    assert_string_equal(sb.buf, "capphat training attend --person ID...");
    strbuf_reset(&sb);
    cli_usage_line(&sb, &bare, none);
    assert_string_equal(sb.buf, "capphat init");
    strbuf_release(&sb);
}

static void test_table_built_at_run_time(void **state)
{
    /* options bound into a record's input, then a command's own */
    struct input {
        const char *name, *phone;
    } in = {NULL, NULL};
    struct vars v = {NULL, NULL, 0, CLI_LIST_INIT};
    struct cli_option fields[] = {
        OPT_STRING("--full-name", &in.name, "NAME", "full name"),
        OPT_END(),
    };
    struct cli_option phone = OPT_STRING("--phone", &in.phone, "N", "mobile number");
    struct cli_option own[N_VARS_OPTIONS];
    struct cli_options t = CLI_OPTIONS_INIT;
    char a0[] = "--phone", a1[] = "0987", a2[] = "--full-name=Lò Văn A", a3[] = "--force";
    char *argv[] = {a0, a1, a2, a3};
    struct error err = ERROR_INIT;

    (void)state;
    vars_options(own, &v);
    /* empty: only the end */
    assert_int_equal(cli_options_table(&t)[0].type, CLI_OPT_END);
    cli_options_add(&t, fields);
    cli_options_add_one(&t, &phone);
    cli_options_add(&t, own);
    assert_int_equal(t.nr, 6);
    assert_int_equal(cli_options_table(&t)[6].type, CLI_OPT_END);
    assert_int_equal(cli_parse(4, argv, cli_options_table(&t), 0, &err), 0);
    assert_string_equal(in.name, "Lò Văn A");
    assert_string_equal(in.phone, "0987");
    assert_int_equal(v.force, 1);
    cli_options_release(&t);
    assert_null(t.opts);
}

static int seen_argc;
static const char *seen_arg;

static int sub_add(const struct cli_ctx *ctx, int argc, char **argv)
{
    seen_argc = argc;
    seen_arg = argc ? argv[0] : NULL;
    return 7;
}

static void test_dispatch(void **state)
{
    static const struct cli_subcommand subs[] = {
        {"add", sub_add, "add one"},
        {"list", sub_add, "list them"},
        {NULL, NULL, NULL},
    };
    char a0[] = "add", a1[] = "--name", a2[] = "frob";
    char *argv[] = {a0, a1};
    char *bad[] = {a2};

    (void)state;
    assert_ptr_equal(cli_subcommand_find(subs, "list"), &subs[1]);
    assert_null(cli_subcommand_find(subs, "lis"));
    assert_int_equal(cli_dispatch(NULL, "thing", subs, 2, argv), 7);
    assert_int_equal(seen_argc, 1);
    assert_string_equal(seen_arg, "--name");
    /* an unknown subcommand is a usage error (one line on stderr) */
    assert_int_equal(cli_dispatch(NULL, "thing", subs, 1, bad), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bound_values), cmocka_unit_test(test_defaults_and_last_value),
        cmocka_unit_test(test_arguments),    cmocka_unit_test(test_errors),
        cmocka_unit_test(test_help),         cmocka_unit_test(test_given_and_missing),
        cmocka_unit_test(test_usage_line),   cmocka_unit_test(test_table_built_at_run_time),
        cmocka_unit_test(test_dispatch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
