/*
 * db_pg: the statement interface of store_internal.h over a PostgreSQL
 * server (libpq), for a register shared by several offices. The files of
 * src/store/ prepare, bind, step and read a statement the same way on both
 * engines; this file owns what differs:
 *
 * - SQL text (pg_sql_text): SQLite's parameters (?, ?NNN, :name) become
 *   $NNN, the "vi" collation ICU's "vi-x-icu", ifnull() coalesce(), a
 *   negative LIMIT none, CROSS JOIN a join, FTS5's MATCH a LIKE, SQLite's
 *   JSON constructors the same text through PostgreSQL's (capphat_json),
 *   and INDEXED BY goes. SQLite's functions the queries call (instr,
 *   group_concat, fold, find_words, capphat_today) are made on the server
 *   by schema_pg.c; the few statements that differ more are written twice
 *   (DIALECT, store_internal.h).
 * - A statement is prepared on the server at its first use, once per
 *   connection, under a name of its own; a parameter whose type the
 *   server cannot tell takes the type of the value bound to it.
 * - Values travel as text (numbers printed in decimal, BLOBs in binary);
 *   a boolean result reads as 1 or 0, as SQLite's comparisons do.
 * - Errors: the server's SQLSTATE becomes an ERR_* code (a constraint →
 *   ERR_CONFLICT, a serialization failure or deadlock → ERR_BUSY, which
 *   app_txn runs again, a lost connection → ERR_IO, a row its policies
 *   refuse → ERR_INVALID), with the server's own message.
 * - Round trips: a write transaction holds the writers' turn (pg_write_turn)
 *   from its BEGIN to its COMMIT, so each round trip in it is time the
 *   other operators wait. BEGIN, SAVEPOINT and RELEASE are queued and sent
 *   with the next statement in one pipeline (pg_queue), COMMIT with the
 *   turn given back (pg_end).
 * - An address holding a password is refused (~/.pgpass instead).
 *
 * Every libpq call of capphat is in this file.
 */
#include "store_internal.h"

#include <libpq-fe.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

/* the writers' turn: an advisory lock of capphat's own (pg_write_turn) */
#define WRITE_TURN "7233174023530050664"

struct pg_stmt {
    char name[24];       /* the server's name for it: "s1", "s2"... */
    int n_params;        /* the highest $N of its text */
    char **values;       /* bound values, NULL for SQL NULL */
    int *lengths;        /* of BLOB values */
    int *formats;        /* 1 for a BLOB (binary), 0 for text */
    PGresult *desc;      /* its columns, from PQdescribePrepared */
    PGresult *res;       /* the rows of the current execution */
    int row, n_rows;     /* the row stepped to (-1 before the first) */
    unsigned char *blob; /* the last BLOB read, unescaped */
    int today;           /* its text calls capphat_today() */
    char *text;          /* its text, as the server has it */
    struct db *db;       /* its connection */
    int prepared;        /* on the server (ensure_prepared) */
    int *kinds;          /* PG_INT, PG_TEXT or PG_BLOB: what was bound to each */
    int plain;           /* its plan does not depend on its values (plain_sql) */
    int queued;          /* bound and waiting in the queue (pg_defer) */
};

static PGconn *conn_of(struct db *db)
{
    return db->pg;
}

/* The length of the SQL identifier or keyword at s. */
static size_t word_len(const char *s)
{
    size_t n = 0;
    while (s[n] == '_' || (s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
           (s[n] >= '0' && s[n] <= '9'))
        n++;
    return n;
}

/* SQLite's JSON constructors and PostgreSQL's: the outermost call of an
 * expression yields SQLite's text (capphat_json, schema_pg.c), the calls
 * inside it yield json. A group of no rows is an empty array or object,
 * as in SQLite. */
static const struct json_call {
    const char *name; /* SQLite's, with its "(" */
    const char *outer, *outer_end, *inner, *inner_end;
} json_calls[] = {
    {"json_object(", "capphat_json(json_build_object(", ")", "json_build_object(", ""},
    {"json_array(", "capphat_json(json_build_array(", ")", "json_build_array(", ""},
    {"json_group_array(", "capphat_json(coalesce(json_agg(", ", '[]'))", "coalesce(json_agg(",
     ", '[]'::json)"},
    {"json_group_object(", "capphat_json(coalesce(json_object_agg(", ", '{}'))",
     "coalesce(json_object_agg(", ", '{}'::json)"},
};

static const struct json_call *json_call_at(const char *p)
{
    for (size_t i = 0; i < sizeof(json_calls) / sizeof(*json_calls); i++)
        if (strncmp(p, json_calls[i].name, strlen(json_calls[i].name)) == 0)
            return &json_calls[i];
    return NULL;
}

/*
 * SQLite's text in PostgreSQL's terms: ?NNN → $NNN, a bare ? → the next
 * number after the highest so far (SQLite's rule), COLLATE vi → COLLATE
 * "vi-x-icu". Quoted strings and identifiers are copied as they are.
 * *n_params is the highest parameter number. Returns a new string.
 */
/* Is the word at s (of length n) one that may follow a subquery in FROM
 * where an alias would stand? */
static int ends_from_item(const char *s, size_t n)
{
    static const char *const words[] = {
        "WHERE", "ORDER",  "GROUP",     "JOIN",   "LEFT",   "INNER", "CROSS",   "ON",    "LIMIT",
        "UNION", "EXCEPT", "INTERSECT", "HAVING", "WINDOW", "USING", "NATURAL", "OFFSET"};
    for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
        if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0)
            return 1;
    return 0;
}

/* A subquery in FROM needs a name in PostgreSQL 15: one is given after
 * the ")" at p when none follows. */
static void name_subquery(struct strbuf *sb, const char *p, int *n_named)
{
    while (*p == ' ' || *p == '\n')
        p++;
    size_t n = word_len(p);
    if (n > 0 && !ends_from_item(p, n))
        return; /* AS name, or a name */
    strbuf_addf(sb, " AS capphat_from_%d", ++*n_named);
}

/* The state of pg_sql_text through one statement. */
struct sql_text {
    const char *sql, *p; /* the statement, and where the reading is */
    struct strbuf out;
    int highest;      /* the highest parameter number */
    int depth;        /* of parentheses */
    int n_named;      /* subqueries named */
    const char *prev; /* the last word read */
    size_t prev_len;
    struct {
        const char *at;
        size_t len;
        int n;
    } names[16]; /* :name parameters */
    int n_names;
    struct {
        int depth;
        const char *end; /* written after the ")" */
        int json;        /* a JSON call's; else a subquery in FROM */
    } open[32];
    int n_open, n_json;
};

/* A quoted string or identifier, copied whole. */
static void copy_quoted(struct sql_text *t)
{
    char q = *t->p;
    const char *end = t->p + 1;
    while (*end && !(*end == q && end[1] != q))
        end += *end == q ? 2 : 1;
    if (*end)
        end++;
    strbuf_add(&t->out, t->p, (size_t)(end - t->p));
    t->p = end;
}

/* ?NNN or ? (the next number after the highest so far) */
static void number_parameter(struct sql_text *t)
{
    int n = 0;
    t->p++;
    while (*t->p >= '0' && *t->p <= '9')
        n = n * 10 + (*t->p++ - '0');
    if (n == 0)
        n = t->highest + 1;
    if (n > t->highest)
        t->highest = n;
    strbuf_addf(&t->out, "$%d", n);
}

/* :name, numbered as SQLite numbers it: the next number at its first
 * appearance, the same one after */
static void name_parameter(struct sql_text *t)
{
    size_t len = word_len(t->p + 1);
    int n = 0;
    for (int i = 0; i < t->n_names && !n; i++)
        if (t->names[i].len == len && strncmp(t->names[i].at, t->p + 1, len) == 0)
            n = t->names[i].n;
    if (!n) {
        if (t->n_names == (int)(sizeof(t->names) / sizeof(*t->names)))
            die("too many named parameters:\n%s", t->sql);
        n = ++t->highest;
        t->names[t->n_names].at = t->p + 1;
        t->names[t->n_names].len = len;
        t->names[t->n_names++].n = n;
    }
    strbuf_addf(&t->out, "$%d", n);
    t->p += 1 + len;
}

static void push_open(struct sql_text *t, const char *end, int json)
{
    if (t->n_open == (int)(sizeof(t->open) / sizeof(*t->open)))
        die("SQL nested too deep:\n%s", t->sql);
    t->open[t->n_open].depth = t->depth;
    t->open[t->n_open].end = end;
    t->open[t->n_open++].json = json;
}

static void json_call(struct sql_text *t, const struct json_call *c)
{
    strbuf_addstr(&t->out, t->n_json ? c->inner : c->outer);
    t->depth++;
    push_open(t, t->n_json ? c->inner_end : c->outer_end, 1);
    t->n_json++;
    t->p += strlen(c->name);
}

static int prev_is(const struct sql_text *t, const char *word)
{
    return t->prev_len == strlen(word) && strncasecmp(t->prev, word, t->prev_len) == 0;
}

static void open_paren(struct sql_text *t)
{
    const char *in = t->p + 1;
    while (*in == ' ' || *in == '\n')
        in++;
    t->depth++;
    if ((prev_is(t, "FROM") || prev_is(t, "JOIN")) &&
        (strncasecmp(in, "SELECT", 6) == 0 || strncasecmp(in, "WITH", 4) == 0))
        push_open(t, NULL, 0);
    strbuf_addch(&t->out, *t->p++);
}

static void close_paren(struct sql_text *t)
{
    strbuf_addch(&t->out, *t->p++);
    if (t->n_open && t->open[t->n_open - 1].depth == t->depth) {
        t->n_open--;
        if (t->open[t->n_open].json) {
            strbuf_addstr(&t->out, t->open[t->n_open].end);
            t->n_json--;
        } else {
            name_subquery(&t->out, t->p, &t->n_named);
        }
    }
    t->depth--;
}

/* One token of the statement, translated. */
static void translate_token(struct sql_text *t)
{
    const char *p = t->p;
    const struct json_call *c;
    size_t n;

    if (*p == '\'' || *p == '"') {
        copy_quoted(t);
    } else if (*p == '?') {
        number_parameter(t);
    } else if (p[0] == ':' && p[1] == ':') {
        strbuf_addstr(&t->out, "::"); /* a cast */
        t->p += 2;
    } else if (*p == ':' && word_len(p + 1) > 0) {
        name_parameter(t);
    } else if (strncmp(p, "person_tri MATCH ?", 18) == 0) {
        /* SQLite's FTS5 trigram query, a phrase of the folded name (or of
         * the name and phone): LIKE, which the server's trigram indexes
         * answer (person_tri is a view of person there, schema_pg.c) */
        size_t at = t->out.len;
        t->p += 17;
        number_parameter(t);
        char *param = xstrdup(t->out.buf + at);
        strbuf_setlen(&t->out, at);
        strbuf_addf(&t->out,
                    "(person_tri.name_fold LIKE capphat_tri_like(%s) OR (capphat_tri_any(%s) AND "
                    "person_tri.phone LIKE capphat_tri_like(%s)))",
                    param, param, param);
        free(param);
    } else if (strncmp(p, "CROSS JOIN ", 11) == 0) {
        /* SQLite's CROSS JOIN ... ON keeps the order of the tables; the
         * server's planner chooses it */
        strbuf_addstr(&t->out, "JOIN ");
        t->p += 11;
    } else if (strncmp(p, "LIMIT ?", 7) == 0) {
        /* SQLite takes a negative limit for none; PostgreSQL takes NULL */
        strbuf_addstr(&t->out, "LIMIT nullif(");
        t->p += 6;
        number_parameter(t);
        strbuf_addstr(&t->out, ", -1)");
    } else if (strncmp(p, "LIMIT -1", 8) == 0) {
        strbuf_addstr(&t->out, "LIMIT ALL");
        t->p += 8;
    } else if (strncmp(p, "INDEXED BY ", 11) == 0) {
        /* SQLite's choice of index: the server's planner chooses */
        t->p += 11 + word_len(p + 11);
    } else if (strncasecmp(p, "COLLATE vi", 10) == 0 && word_len(p + 8) == 2) {
        strbuf_addstr(&t->out, "COLLATE \"vi-x-icu\"");
        t->p += 10;
    } else if ((c = json_call_at(p)) != NULL) {
        json_call(t, c);
    } else if (*p == '(') {
        open_paren(t);
    } else if (*p == ')') {
        close_paren(t);
    } else if ((n = word_len(p)) == 6 && strncasecmp(p, "ifnull", 6) == 0 && p[6] == '(') {
        strbuf_addstr(&t->out, "coalesce");
        t->p += 6;
    } else if ((n = word_len(p)) > 0) {
        strbuf_add(&t->out, p, n);
        t->prev = p;
        t->prev_len = n;
        t->p += n;
    } else {
        strbuf_add(&t->out, p, 1);
        t->p++;
    }
}

char *pg_sql_text(const char *sql, int *n_params)
{
    /* a write transaction: PostgreSQL's strictest level, whose conflicts
     * come back as serialization failures (ERR_BUSY) */
    if (strcmp(sql, "BEGIN IMMEDIATE") == 0) {
        *n_params = 0;
        return xstrdup("BEGIN ISOLATION LEVEL SERIALIZABLE");
    }
    struct sql_text *t = xcalloc(1, sizeof(*t));
    t->sql = t->p = sql;
    t->prev = "";
    strbuf_init(&t->out, strlen(sql) + 64);
    while (*t->p)
        translate_token(t);
    *n_params = t->highest;
    char *text = strbuf_detach(&t->out, NULL);
    free(t);
    return text;
}

/* The ERR_* code of a failed result, with the server's message. */
static int pg_error(struct db *db, const PGresult *res, struct error *err)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *where = db->path ? db->path : "";
    char line[1024];

    if (!msg || !*msg) {
        /* libpq's own message ends in a newline and may hold several
         * lines: one line for the operator's status line */
        size_t n = 0;
        for (const char *p = PQerrorMessage(conn_of(db)); *p && n + 1 < sizeof(line); p++)
            line[n++] = *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p;
        while (n > 0 && line[n - 1] == ' ')
            n--;
        line[n] = '\0';
        msg = line;
    }
    if (!state)
        state = "";
    if (strncmp(state, "23", 2) == 0 || strcmp(state, "P0001") == 0)
        return error_set(err, ERR_CONFLICT, "%s", msg);
    /* a serialization failure or deadlock: app_txn runs the transaction again */
    db->pg_conflict = strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0;
    if (db->pg_conflict || strcmp(state, "55P03") == 0)
        return error_set(err, ERR_BUSY,
                         _("database '%s' is busy: another operator is writing; try again"), where);
    if (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 || !*state)
        return error_set(err, ERR_IO, _("database '%s' cannot be read or written (%s)"), where,
                         msg);
    if (strcmp(state, "53100") == 0)
        return error_set(err, ERR_IO, _("database '%s': the disk is full"), where);
    if (strcmp(state, "42501") == 0 && conn_of(db) && strstr(msg, "row-level security")) {
        /* not the server's words, which name its policy: the table the
         * row was for ("... for table \"person\"") and whose rows these are */
        const char *t = strstr(msg, "for table \"");
        const char *end = t ? strchr(t + 11, '"') : NULL;
        char *table = end ? xstrndup(t + 11, (size_t)(end - t - 11)) : xstrdup(msg);
        int rc = error_set(err, ERR_INVALID,
                           _("role '%s' may not write this row of table '%s': an operator of "
                             "some communes changes only their persons, handovers, devices and "
                             "sessions"),
                           PQuser(conn_of(db)), table);
        free(table);
        return rc;
    }
    if (strcmp(state, "42501") == 0 && conn_of(db))
        return error_set(err, ERR_INVALID, _("role '%s' may not do this on '%s' (%s)"),
                         PQuser(conn_of(db)), where, msg);
    if (strcmp(state, "25006") == 0)
        return error_set(err, ERR_IO, _("database '%s' is read-only: cannot write to it"), where);
    return error_set(err, ERR_INTERNAL, _("database '%s': %s"), where, msg);
}

/*
 * Is the statement's best plan the same whatever its values? A statement
 * prepared on the server is planned for its values at each of its first
 * five executions (0.2-0.9 ms each for the lookups of a handover, in the
 * writers' turn), then may keep a generic plan. That generic plan is as
 * good for a lookup by key ("WHERE p.id = $1"), not for the statements
 * whose parts are switched on and off by a value ("$4 = 0 OR ...", "$9
 * AND ...", "$1 IS NULL OR ...") nor for a pattern made from a value
 * (LIKE, instr): those keep the server's choice. A statement taken for
 * switched when it is not only keeps the server's choice.
 */
/* 1 plain, 0 switched, -1 without parameters */
static int plain_sql(const char *text)
{
    static regex_t switched;
    static int made;
    if (!made) {
        const char *re =
            /* a value compared with a constant or another value */
            "\\$[0-9]+ *(=|<>|!=|<=|>=|<|>) *(-?[0-9]|'|true|false|\\$)"
            /* a value tested for NULL, negated, or standing alone as a condition */
            "|\\$[0-9]+ +IS[ (]|NOT +\\(?\\$[0-9]"
            "|\\( *\\$[0-9]+ +(AND|OR)[^a-z_]"
            "|(WHERE|AND|OR|WHEN|THEN|ELSE|ON) +\\$[0-9]+ *(AND[^a-z_]|OR[^a-z_]|\\)|THEN|END|$)"
            "|\\$[0-9]+ +BETWEEN|CASE +\\$"
            "|(coalesce|nullif|ifnull|greatest|least) *\\( *\\$"
            /* a pattern */
            "|LIKE|SIMILAR|instr *\\(|find_words|capphat_tri|~";
        if (regcomp(&switched, re, REG_EXTENDED | REG_ICASE | REG_NOSUB) != 0)
            die("plain_sql: bad expression");
        made = 1;
    }
    if (!strchr(text, '$'))
        return -1; /* no values: one plan in either mode */
    return regexec(&switched, text, 0, NULL, 0) != 0;
}

struct stmt *pg_prepare(struct db *db, const char *sql)
{
    static unsigned long serial;
    struct pg_stmt *p = xcalloc(1, sizeof(*p));

    p->db = db;
    p->text = pg_sql_text(sql, &p->n_params);
    snprintf(p->name, sizeof(p->name), "capphat_%lu", ++serial);
    p->today = strstr(sql, "capphat_today()") != NULL;
    p->plain = plain_sql(p->text);
    p->values = xcalloc((size_t)p->n_params + 1, sizeof(*p->values));
    p->lengths = xcalloc((size_t)p->n_params + 1, sizeof(*p->lengths));
    p->formats = xcalloc((size_t)p->n_params + 1, sizeof(*p->formats));
    p->kinds = xcalloc((size_t)p->n_params + 1, sizeof(*p->kinds));
    p->row = -1;

    struct stmt *st = xcalloc(1, sizeof(*st));
    st->sql = sql;
    st->pg = p;
    return st;
}

static int flush_queue(struct db *db, struct error *err);
static void clear_values(struct pg_stmt *p);
static int set_today(struct db *db, struct error *err);
static void plan_mode_for(struct db *db, struct pg_stmt *p);

/* One attempt at preparing p with these parameter types, inside a
 * savepoint when a transaction is open (a failure must not abort it). */
static PGresult *prepare_once(struct pg_stmt *p, const Oid *types)
{
    PGconn *c = conn_of(p->db);
    int in_tx = PQtransactionStatus(c) == PQTRANS_INTRANS;
    if (in_tx)
        PQclear(PQexec(c, "SAVEPOINT capphat_prepare"));
    PGresult *res = PQprepare(c, p->name, p->text, p->n_params, types);
    if (in_tx)
        PQclear(PQexec(c, PQresultStatus(res) == PGRES_COMMAND_OK ? "RELEASE capphat_prepare"
                                                                  : "ROLLBACK TO capphat_prepare"));
    return res;
}

/*
 * Prepared on the server at its first use, when its values are bound: a
 * parameter whose type the server cannot tell from where it stands ("?4
 * IS NULL") takes the type of the value bound to it.
 */
static int ensure_prepared(struct pg_stmt *p, struct error *err)
{
    if (p->prepared)
        return 0;
    /* the queued statements first: a ROLLBACK TO after a failure ends
     * the transaction's aborted state, in which nothing can be prepared */
    int qrc = flush_queue(p->db, err);
    if (qrc != 0)
        return qrc;
    Oid *types = xcalloc((size_t)p->n_params + 1, sizeof(*types));
    PGresult *res;
    for (;;) {
        res = prepare_once(p, types);
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
        const char *dollar = msg ? strchr(msg, '$') : NULL;
        int n = dollar ? atoi(dollar + 1) : 0;
        if (PQresultStatus(res) == PGRES_COMMAND_OK || !state ||
            (strcmp(state, "42P18") != 0 && strcmp(state, "42P08") != 0) || n < 1 ||
            n > p->n_params || types[n - 1] != 0)
            break;
        types[n - 1] = p->kinds[n - 1] == PG_INT ? 20 : p->kinds[n - 1] == PG_BLOB ? 17 : 25;
        PQclear(res);
    }
    free(types);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        if (state && strncmp(state, "08", 2) != 0 && strcmp(state, "57P01") != 0)
            die("cannot prepare SQL (%s):\n%s", PQresultErrorMessage(res), p->text);
        /* not a bug: the server is gone */
        int rc = pg_error(p->db, res, err);
        PQclear(res);
        return rc;
    }
    PQclear(res);
    p->desc = PQdescribePrepared(conn_of(p->db), p->name);
    p->prepared = 1;
    return 0;
}

/* The bound value of parameter idx, replaced. */
static void set_value(struct pg_stmt *p, int idx, char *v, int len, int binary, int kind)
{
    if (p->queued)
        flush_queue(p->db, NULL); /* its values are sent before they change */
    if (idx < 1 || idx > p->n_params) {
        /* a value for a parameter the text does not have is dropped, as
         * SQLite drops it (the list statements share one binding) */
        free(v);
        return;
    }
    free(p->values[idx - 1]);
    p->values[idx - 1] = v;
    p->lengths[idx - 1] = len;
    p->formats[idx - 1] = binary;
    if (v)
        p->kinds[idx - 1] = kind;
}

void pg_bind_int(struct stmt *st, int idx, long long v)
{
    set_value(st->pg, idx, xasprintf("%lld", v), 0, 0, PG_INT);
}

void pg_bind_null(struct stmt *st, int idx)
{
    set_value(st->pg, idx, NULL, 0, 0, PG_TEXT);
}

void pg_bind_text(struct stmt *st, int idx, const char *s)
{
    /* the end of a prefix's range, written in SQLite as the prefix and a
     * byte 0xFF (never in UTF-8): U+10FFFF, the last character, which
     * sorts as high under the "C" collation of the folded columns */
    if (strchr(s, '\xff')) {
        struct strbuf sb = STRBUF_INIT;
        for (const char *p = s; *p; p++) {
            if ((unsigned char)*p == 0xff)
                strbuf_addstr(&sb, "\xf4\x8f\xbf\xbf");
            else
                strbuf_addch(&sb, *p);
        }
        set_value(st->pg, idx, strbuf_detach(&sb, NULL), 0, 0, PG_TEXT);
        return;
    }
    set_value(st->pg, idx, xstrdup(s), 0, 0, PG_TEXT);
}

void pg_bind_blob(struct stmt *st, int idx, const void *data, size_t n)
{
    char *copy = xmalloc(n + 1);
    memcpy(copy, data, n);
    set_value(st->pg, idx, copy, (int)n, 1, PG_BLOB);
}

void pg_done(struct stmt *st)
{
    struct pg_stmt *p = st->pg;
    PQclear(p->res);
    p->res = NULL;
    p->row = -1;
    p->n_rows = 0;
    if (p->queued)
        flush_queue(p->db, NULL); /* not reset before it is sent */
    clear_values(p);
    PQfreemem(p->blob);
    p->blob = NULL;
}

/*
 * A pipeline (libpq's pipeline mode): the statements queued by pg_queue and
 * the one to run, sent at once and answered in one round trip; on a busy
 * machine every round trip of a write transaction is time the writers'
 * turn is held (pg_write_turn). An item is a queued text without
 * parameters (sql) or a prepared statement with its bound values (p).
 */
struct pipe_item {
    const char *sql;
    struct pg_stmt *p;
    int deferred;  /* p was queued (pg_defer): its values go once it is sent */
    PGresult *res; /* its result: NULL when none came (a lost connection) */
};

/* Send items[0..n) with a Sync after items[split - 1] and at the end (a
 * failure before a Sync skips the items up to it, not after), and read
 * each item's result. */
static void pipeline_run(struct db *db, struct pipe_item *items, int n, int split)
{
    PGconn *c = conn_of(db);
    int sent = PQenterPipelineMode(c) == 1, syncs = 0;

    for (int i = 0; sent && i < n; i++) {
        struct pg_stmt *p = items[i].p;
        sent = p ? PQsendQueryPrepared(c, p->name, p->n_params, (const char *const *)p->values,
                                       p->lengths, p->formats, 0)
                 : PQsendQueryParams(c, items[i].sql, 0, NULL, NULL, NULL, NULL, 0);
        if (sent && (i + 1 == split || i + 1 == n)) {
            sent = PQpipelineSync(c);
            syncs += sent;
        }
    }
    /* each item answers one result and a NULL; each Sync a result of its
     * own; two NULLs in a row: nothing more comes */
    for (int got = 0, synced = 0, nulls = 0; synced < syncs;) {
        PGresult *r = PQgetResult(c);
        if (!r) {
            if (++nulls > 1)
                break;
            continue;
        }
        nulls = 0;
        if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
            synced++;
            PQclear(r);
        } else if (got < n) {
            items[got++].res = r;
        } else {
            PQclear(r);
        }
    }
    PQexitPipelineMode(c);
}

/* The ERR_* of the first of items[from..to) that failed, 0 when none. An
 * item skipped because one before it failed has no error of its own. */
static int pipeline_error(struct db *db, struct pipe_item *items, int from, int to,
                          struct error *err)
{
    for (int i = from; i < to; i++) {
        ExecStatusType s = items[i].res ? PQresultStatus(items[i].res) : PGRES_FATAL_ERROR;
        if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_PIPELINE_ABORTED) {
            /* a SET plan_cache_mode sent with it may be undone with it */
            db->pg_generic = -1;
            return pg_error(db, items[i].res, err);
        }
    }
    return 0;
}

static void clear_values(struct pg_stmt *p)
{
    for (int i = 0; i < p->n_params; i++) {
        free(p->values[i]);
        p->values[i] = NULL;
        p->formats[i] = 0;
        p->lengths[i] = 0;
    }
}

static void pipeline_clear(struct pipe_item *items, int n)
{
    for (int i = 0; i < n; i++) {
        PQclear(items[i].res);
        items[i].res = NULL;
        if (items[i].deferred) {
            clear_values(items[i].p);
            items[i].p->queued = 0;
        }
    }
}

/* The queued statements, as the first items of a pipeline. */
static int take_queued(struct db *db, struct pipe_item *items)
{
    int n = db->n_pg_queued;
    for (int i = 0; i < n; i++)
        items[i] = (struct pipe_item){.sql = db->pg_queued[i],
                                      .p = db->pg_queued_stmt[i],
                                      .deferred = db->pg_queued_stmt[i] != NULL};
    db->n_pg_queued = 0;
    return n;
}

/* The queued statements, sent alone: before a statement that does not go
 * through a pipeline. */
static int flush_queue(struct db *db, struct error *err)
{
    struct pipe_item items[sizeof(db->pg_queued) / sizeof(*db->pg_queued)];
    if (db->n_pg_queued == 0)
        return 0;
    int n = take_queued(db, items);
    pipeline_run(db, items, n, n);
    int rc = pipeline_error(db, items, 0, n, err);
    pipeline_clear(items, n);
    return rc;
}

static const char SAVEPOINT_SQL[] = "SAVEPOINT nested";
static const char RELEASE_SQL[] = "RELEASE nested";
static const char ROLLBACK_TO_SQL[] = "ROLLBACK TO nested";
static const char BEGIN_SQL[] = "BEGIN ISOLATION LEVEL SERIALIZABLE";
static const char GENERIC_SQL[] = "SET plan_cache_mode = force_generic_plan";
static const char DEFAULT_PLAN_SQL[] = "RESET plan_cache_mode";

void pg_queue(struct db *db, const char *sql)
{
    const char *top = db->n_pg_queued ? db->pg_queued[db->n_pg_queued - 1] : NULL;

    if (strcmp(sql, "BEGIN IMMEDIATE") == 0)
        sql = BEGIN_SQL;
    else if (strcmp(sql, SAVEPOINT_SQL) == 0)
        sql = SAVEPOINT_SQL;
    else if (strcmp(sql, RELEASE_SQL) == 0)
        sql = RELEASE_SQL;
    else if (strcmp(sql, ROLLBACK_TO_SQL) == 0)
        sql = ROLLBACK_TO_SQL;
    /* a SET undone with the savepoint: set again when next needed */
    if (sql == ROLLBACK_TO_SQL)
        db->pg_generic = -1;
    /* a savepoint in which nothing ran: nothing to undo, nothing to send */
    if (top == SAVEPOINT_SQL && sql == ROLLBACK_TO_SQL)
        return;
    if (top == SAVEPOINT_SQL && sql == RELEASE_SQL) {
        db->n_pg_queued--;
        return;
    }
    if (db->n_pg_queued == (int)(sizeof(db->pg_queued) / sizeof(*db->pg_queued)))
        flush_queue(db, NULL); /* its failure is the next statement's */
    db->pg_queued_stmt[db->n_pg_queued] = NULL;
    db->pg_queued[db->n_pg_queued++] = sql;
}

int pg_defer(struct db *db, struct stmt *st, struct error *err)
{
    struct pg_stmt *p = st->pg;
    int rc = ensure_prepared(p, err);
    if (rc == 0 && p->today)
        rc = set_today(db, err);
    if (rc != 0) {
        pg_done(st);
        return rc;
    }
    plan_mode_for(db, p);
    if (db->n_pg_queued == (int)(sizeof(db->pg_queued) / sizeof(*db->pg_queued)) &&
        (rc = flush_queue(db, err)) != 0) {
        pg_done(st);
        return rc;
    }
    /* its values stay bound until it is sent */
    p->queued = 1;
    db->pg_queued_stmt[db->n_pg_queued] = p;
    db->pg_queued[db->n_pg_queued++] = NULL;
    return 0;
}

int pg_end(struct db *db, int ok, struct error *err)
{
    PGconn *c = conn_of(db);
    struct pipe_item items[sizeof(db->pg_queued) / sizeof(*db->pg_queued) + 2];
    int rc = 0;

    if (db->n_pg_queued == 1 && db->pg_queued[0] == BEGIN_SQL) {
        /* nothing ran in the transaction: it was never begun */
        db->n_pg_queued = 0;
        pg_write_turn(db, 0, NULL);
        return 0;
    }
    int n = take_queued(db, items);
    items[n++] = (struct pipe_item){.sql = ok ? "COMMIT" : "ROLLBACK"};
    items[n++] = (struct pipe_item){.sql = "SELECT pg_advisory_unlock(" WRITE_TURN ")"};
    pipeline_run(db, items, n, n - 1);
    if (ok)
        rc = pipeline_error(db, items, 0, n - 1, err);
    if (!ok || rc != 0)
        db->pg_generic = -1; /* a SET undone with the transaction */
    int unlocked = items[n - 1].res && PQresultStatus(items[n - 1].res) == PGRES_TUPLES_OK;
    pipeline_clear(items, n);
    /* a statement queued before the COMMIT failed: the transaction is
     * still open, and the turn could not be given back inside it */
    if (PQtransactionStatus(c) != PQTRANS_IDLE)
        PQclear(PQexec(c, "ROLLBACK"));
    if (!unlocked)
        pg_write_turn(db, 0, NULL);
    return rc;
}

/* capphat_today() on the server gives the date the program goes by (a
 * test build may fake it): set for the session when it changes. */
static int set_today(struct db *db, struct error *err)
{
    char d[11];
    date_today(d);
    if (strcmp(d, db->pg_today) == 0)
        return 0;
    int rc = flush_queue(db, err); /* in the order the statements were made */
    if (rc != 0)
        return rc;
    const char *values[1] = {d};
    PGresult *res = PQexecParams(conn_of(db), "SELECT set_config('capphat.today', $1, false)", 1,
                                 NULL, values, NULL, NULL, 0);
    if (PQresultStatus(res) == PGRES_TUPLES_OK)
        memcpy(db->pg_today, d, sizeof(d));
    PQclear(res);
    return 0;
}

/* Planned once for all values, or as the server chooses (plain_sql): the
 * setting changes with the next statement, and stays for the statements
 * of its kind that follow. */
static void plan_mode_for(struct db *db, struct pg_stmt *p)
{
    if (!db->pg_plan_pinned && p->plain >= 0 && db->pg_generic != p->plain) {
        pg_queue(db, p->plain ? GENERIC_SQL : DEFAULT_PLAN_SQL);
        db->pg_generic = p->plain;
    }
}

int pg_exec_both(struct db *db, struct stmt *a, struct stmt *b, struct error *err)
{
    struct pipe_item items[sizeof(db->pg_queued) / sizeof(*db->pg_queued) + 2];
    struct stmt *sts[2] = {a, b};
    int n_sts = b ? 2 : 1, rc = 0;

    for (int i = 0; i < n_sts && rc == 0; i++) {
        if (sts[i]->pg->today)
            die("pg_exec_both: a statement that reads the date:\n%s", sts[i]->pg->text);
        rc = ensure_prepared(sts[i]->pg, err);
    }
    for (int i = 0; i < n_sts && rc == 0; i++)
        plan_mode_for(db, sts[i]->pg);
    if (rc == 0) {
        int n = take_queued(db, items);
        for (int i = 0; i < n_sts; i++)
            items[n++] = (struct pipe_item){.p = sts[i]->pg};
        pipeline_run(db, items, n, n);
        rc = pipeline_error(db, items, 0, n, err);
        pipeline_clear(items, n);
    }
    for (int i = 0; i < n_sts; i++)
        pg_done(sts[i]);
    return rc;
}

int pg_step(struct db *db, struct stmt *st, struct error *err)
{
    struct pg_stmt *p = st->pg;

    if (!p->res) {
        int rc = ensure_prepared(p, err);
        if (rc != 0) {
            pg_done(st);
            return rc;
        }
        plan_mode_for(db, p);
        if (p->today)
            rc = set_today(db, err);
        if (rc != 0) {
            pg_done(st);
            return rc;
        }
        if (db->n_pg_queued) {
            /* the transaction statements queued, and this one, at once */
            struct pipe_item items[sizeof(db->pg_queued) / sizeof(*db->pg_queued) + 1];
            int n = take_queued(db, items);
            items[n++] = (struct pipe_item){.p = p};
            pipeline_run(db, items, n, n);
            rc = pipeline_error(db, items, 0, n - 1, err);
            p->res = items[n - 1].res;
            items[n - 1].res = NULL;
            pipeline_clear(items, n - 1);
            if (PQresultStatus(p->res) != PGRES_TUPLES_OK &&
                PQresultStatus(p->res) != PGRES_COMMAND_OK)
                db->pg_generic = -1; /* a SET sent with it may be undone with it */
            if (rc != 0) {
                pg_done(st);
                return rc;
            }
        } else {
            p->res = PQexecPrepared(conn_of(db), p->name, p->n_params,
                                    (const char *const *)p->values, p->lengths, p->formats, 0);
        }
        ExecStatusType s = PQresultStatus(p->res);
        if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
            int code = pg_error(db, p->res, err);
            pg_done(st);
            return code;
        }
        p->n_rows = s == PGRES_TUPLES_OK ? PQntuples(p->res) : 0;
        p->row = -1;
    }
    if (p->row + 1 >= p->n_rows) {
        p->row = p->n_rows;
        return 0;
    }
    p->row++;
    return 1;
}

/* The text of column col of the current row, NULL for SQL NULL. */
static const char *value_at(struct stmt *st, int col)
{
    struct pg_stmt *p = st->pg;
    if (!p->res || p->row < 0 || p->row >= p->n_rows || col < 0 || col >= PQnfields(p->res) ||
        PQgetisnull(p->res, p->row, col))
        return NULL;
    return PQgetvalue(p->res, p->row, col);
}

const char *pg_text(struct stmt *st, int col)
{
    const char *v = value_at(st, col);
    return v ? v : "";
}

int pg_is_null(struct stmt *st, int col)
{
    return value_at(st, col) == NULL;
}

long long pg_int(struct stmt *st, int col)
{
    const char *v = value_at(st, col);
    if (!v)
        return 0;
    if (strcmp(v, "t") == 0)
        return 1; /* a boolean, read as SQLite gives a comparison */
    if (strcmp(v, "f") == 0)
        return 0;
    return strtoll(v, NULL, 10);
}

const void *pg_blob(struct stmt *st, int col, size_t *len)
{
    struct pg_stmt *p = st->pg;
    const char *v = value_at(st, col);

    PQfreemem(p->blob);
    p->blob = NULL;
    *len = 0;
    if (!v)
        return NULL;
    if (PQftype(p->res, col) != 17 /* bytea */) {
        *len = strlen(v);
        return v;
    }
    p->blob = PQunescapeBytea((const unsigned char *)v, len);
    return p->blob;
}

int pg_column_count(struct stmt *st)
{
    struct pg_stmt *p = st->pg;
    ensure_prepared(p, NULL);
    return p->desc ? PQnfields(p->desc) : 0;
}

const char *pg_column_name(struct stmt *st, int col)
{
    struct pg_stmt *p = st->pg;
    ensure_prepared(p, NULL);
    return p->desc ? PQfname(p->desc, col) : "";
}

void pg_stmt_free(struct db *db, struct stmt *st)
{
    struct pg_stmt *p = st->pg;
    pg_done(st);
    if (p->prepared && conn_of(db) && PQstatus(conn_of(db)) == CONNECTION_OK) {
        char *sql = xasprintf("DEALLOCATE \"%s\"", p->name);
        PQclear(PQexec(conn_of(db), sql));
        free(sql);
    }
    PQclear(p->desc);
    free(p->text);
    free(p->values);
    free(p->lengths);
    free(p->formats);
    free(p->kinds);
    free(p);
    free(st);
}

int pg_exec(struct db *db, const char *sql, struct error *err)
{
    int qrc = flush_queue(db, err);
    if (qrc != 0)
        return qrc;
    PGresult *res = PQexec(conn_of(db), sql);
    ExecStatusType s = PQresultStatus(res);
    int rc = 0;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
        rc = pg_error(db, res, err);
    PQclear(res);
    return rc;
}

/*
 * The writers take turns: every write transaction appends to the audit
 * chain after the same last entry, so two at once always collide, and
 * under SERIALIZABLE the later one failed and was run again after a pause
 * (app_txn), again and again while 8 operators wrote (p99 of a handover
 * 0.4 s). A lock of the session, taken before BEGIN so that the
 * transaction's snapshot is taken after the turn came, makes them wait in
 * line instead, as SQLite's BEGIN IMMEDIATE does. Per database; a lost
 * connection releases it.
 */
int pg_write_turn(struct db *db, int take, struct error *err)
{
    /* waited for as long as SQLite waits for a busy file (BUSY_TIMEOUT_MS,
     * db.c), then the operator is told the register is busy (55P03); one
     * implicit transaction, so a wait that fails leaves the timeout as it
     * was */
    return pg_exec(db,
                   take ? "SET lock_timeout = '10s'; SELECT pg_advisory_lock(" WRITE_TURN
                          "); SET lock_timeout = 0"
                        : "SELECT pg_advisory_unlock(" WRITE_TURN ")",
                   err);
}

void pg_plan_for_values(struct db *db, int on)
{
    flush_queue(db, NULL); /* a failure is the next statement's */
    db->pg_plan_pinned = on;
    db->pg_generic = 0;
    PQclear(PQexec(conn_of(db),
                   on ? "SET plan_cache_mode = force_custom_plan" : "RESET plan_cache_mode"));
}

long long pg_last_id(struct db *db)
{
    flush_queue(db, NULL);
    PGresult *res = PQexec(conn_of(db), "SELECT lastval()");
    long long id = 0;
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
        id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return id;
}

/* Quiet the server's notices: capphat says what the operator needs. */
static void no_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Does the address hold a password ("user:secret@" or "password=")? */
static int has_password(const char *address)
{
    const char *scheme = strstr(address, "://");
    if (scheme) {
        const char *auth = scheme + 3, *at = strchr(auth, '@'), *slash = strchr(auth, '/');
        if (at && (!slash || at < slash) && memchr(auth, ':', (size_t)(at - auth)))
            return 1;
        return strstr(address, "password=") != NULL;
    }
    return strstr(address, "password") != NULL;
}

int pg_connect(const char *conninfo, struct db **out, struct error *err)
{
    *out = NULL;
    /* a password on a command line is seen by every user of the machine
     * (ps), and would be written into messages and this account's records */
    if (has_password(conninfo))
        return error_set(err, ERR_INVALID,
                         _("the address of the register holds a password: put it in the file "
                           "~/.pgpass (mode 0600) or in PGPASSWORD, and give the address "
                           "without it"));

    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        /* libpq's lines ("…failed: …\n\tIs the server running…?") as one */
        struct strbuf msg = STRBUF_INIT;
        for (const char *p = PQerrorMessage(c); *p; p++) {
            if (*p == '\n' || *p == '\t' || *p == '\r') {
                while (p[1] == '\n' || p[1] == '\t' || p[1] == '\r' || p[1] == ' ')
                    p++;
                if (p[1] && msg.len)
                    strbuf_addstr(&msg, "; ");
            } else {
                strbuf_addch(&msg, *p);
            }
        }
        error_set(err, ERR_IO, _("cannot connect to the database server '%s': %s"), conninfo,
                  msg.buf);
        strbuf_release(&msg);
        PQfinish(c);
        return ERR_IO;
    }
    PQsetNoticeProcessor(c, no_notice, NULL);
    /* the cost estimates of the parts capphat's statements switch on and
     * off by their values ("?4 = 0 OR ...") pass the threshold of JIT
     * compilation, which took 24 ms of a search's 6 ms statement: off for
     * capphat's short statements */
    PQclear(PQexec(c, "SET jit = off"));
    struct db *db = xcalloc(1, sizeof(*db));
    db->pg = c;
    db->path = xstrdup(conninfo); /* as given: it holds no password (pg_open) */
    *out = db;
    return 0;
}

void pg_disconnect(struct db *db)
{
    PQfinish(conn_of(db));
    db->pg = NULL;
}

/* fn for row r of res, its values as pg_each_row gives them. */
static int row_to(PGresult *res, int r, pg_row_fn fn, void *arg)
{
    int n = PQnfields(res);
    const char **names = xcalloc((size_t)n + 1, sizeof(*names));
    const char **values = xcalloc((size_t)n + 1, sizeof(*values));
    size_t *lens = xcalloc((size_t)n + 1, sizeof(*lens));
    int *kinds = xcalloc((size_t)n + 1, sizeof(*kinds));
    unsigned char **blobs = xcalloc((size_t)n + 1, sizeof(*blobs));
    for (int c = 0; c < n; c++) {
        Oid t = PQftype(res, c);
        names[c] = PQfname(res, c);
        kinds[c] = t == 20 || t == 21 || t == 23 || t == 16 ? PG_INT : t == 17 ? PG_BLOB : PG_TEXT;
        values[c] = PQgetisnull(res, r, c) ? NULL : PQgetvalue(res, r, c);
        lens[c] = values[c] ? strlen(values[c]) : 0;
        if (values[c] && kinds[c] == PG_BLOB) {
            blobs[c] = PQunescapeBytea((const unsigned char *)values[c], &lens[c]);
            values[c] = (const char *)blobs[c];
        } else if (values[c] && kinds[c] == PG_INT && t == 16) {
            values[c] = strcmp(values[c], "t") == 0 ? "1" : "0";
        }
    }
    int rc = fn(n, names, values, lens, kinds, arg);
    for (int c = 0; c < n; c++)
        PQfreemem(blobs[c]);
    free(blobs);
    free(names);
    free(values);
    free(lens);
    free(kinds);
    return rc;
}

/* The rows come one at a time (libpq's single-row mode): a table of any
 * size is read in the memory of one row (a backup of 100,000 persons held
 * every row of a table at once, 470 MB). fn must not use the connection;
 * after it stops, the rest of the rows are read and dropped. */
int pg_each_row(struct db *db, const char *sql, pg_row_fn fn, void *arg, struct error *err)
{
    PGconn *c = conn_of(db);
    int rc = flush_queue(db, err);
    if (rc != 0)
        return rc;
    if (!PQsendQuery(c, sql))
        return pg_error(db, NULL, err);
    PQsetSingleRowMode(c);
    PGresult *res;
    while ((res = PQgetResult(c)) != NULL) {
        ExecStatusType status = PQresultStatus(res);
        if (rc == 0 && status == PGRES_SINGLE_TUPLE)
            rc = row_to(res, 0, fn, arg);
        else if (rc == 0 && status != PGRES_SINGLE_TUPLE && status != PGRES_TUPLES_OK)
            rc = pg_error(db, res, err);
        PQclear(res);
    }
    return rc;
}

/*
 * Rows into a table by COPY ... FROM STDIN (text format): a stream the
 * server takes without a round trip per row (a register of 100,000
 * persons moved in a fraction of the time an INSERT per row took). Its
 * rows' errors come at the end, pg_insert_end.
 */
struct pg_insert {
    struct db *db;
    struct strbuf line;
};

struct pg_insert *pg_insert_begin(struct db *db, const char *table, int n, const char *const *names,
                                  struct error *err)
{
    struct strbuf sql = STRBUF_INIT;
    strbuf_addstr(&sql, "COPY ");
    strbuf_addstr(&sql, table);
    strbuf_addstr(&sql, " (");
    for (int i = 0; i < n; i++) {
        strbuf_addstr(&sql, i ? ", \"" : "\"");
        strbuf_addstr(&sql, names[i]);
        strbuf_addch(&sql, '"');
    }
    strbuf_addstr(&sql, ") FROM STDIN");
    if (flush_queue(db, err) != 0) {
        strbuf_release(&sql);
        return NULL;
    }
    PGresult *res = PQexec(conn_of(db), sql.buf);
    strbuf_release(&sql);
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        pg_error(db, res, err);
        PQclear(res);
        return NULL;
    }
    PQclear(res);
    struct pg_insert *ins = xcalloc(1, sizeof(*ins));
    ins->db = db;
    strbuf_init(&ins->line, 256);
    return ins;
}

/* One value in COPY's text format: a backslash, tab, newline and carriage
 * return escaped; bytes as bytea's hex input (\\x...). */
static void copy_value(struct strbuf *sb, const char *v, int len, int binary)
{
    static const char hex[] = "0123456789abcdef";
    if (!v) {
        strbuf_addstr(sb, "\\N");
        return;
    }
    if (binary) {
        strbuf_addstr(sb, "\\\\x");
        for (int i = 0; i < len; i++) {
            strbuf_addch(sb, hex[(unsigned char)v[i] >> 4]);
            strbuf_addch(sb, hex[(unsigned char)v[i] & 15]);
        }
        return;
    }
    for (const char *c = v; *c; c++) {
        switch (*c) {
        case '\\':
            strbuf_addstr(sb, "\\\\");
            break;
        case '\t':
            strbuf_addstr(sb, "\\t");
            break;
        case '\n':
            strbuf_addstr(sb, "\\n");
            break;
        case '\r':
            strbuf_addstr(sb, "\\r");
            break;
        default:
            strbuf_addch(sb, *c);
        }
    }
}

int pg_insert_row(struct pg_insert *ins, const char *const *values, const int *lens,
                  const int *binary, int n, struct error *err)
{
    strbuf_reset(&ins->line);
    for (int i = 0; i < n; i++) {
        if (i)
            strbuf_addch(&ins->line, '\t');
        copy_value(&ins->line, values[i], lens[i], binary[i]);
    }
    strbuf_addch(&ins->line, '\n');
    if (PQputCopyData(conn_of(ins->db), ins->line.buf, (int)ins->line.len) != 1)
        return pg_error(ins->db, NULL, err);
    return 0;
}

int pg_insert_end(struct pg_insert *ins, int ok, struct error *err)
{
    if (!ins)
        return 0;
    PGconn *c = conn_of(ins->db);
    int rc = 0;
    if (PQputCopyEnd(c, ok ? NULL : "capphat stopped the copy") != 1)
        rc = pg_error(ins->db, NULL, err);
    PGresult *res;
    while ((res = PQgetResult(c)) != NULL) {
        if (rc == 0 && ok && PQresultStatus(res) != PGRES_COMMAND_OK)
            rc = pg_error(ins->db, res, err);
        PQclear(res);
    }
    strbuf_release(&ins->line);
    free(ins);
    return rc;
}

/*
 * A database without a register, before it is called empty or made one:
 * the names resolve in a schema of the database — not in the session's
 * temporary tables, which a search path "pg_temp, ..." (the role's, or
 * options in the address) puts first, nor in none — and that schema holds
 * no other program's tables.
 */
static int no_register_here(struct db *db, struct error *err)
{
    struct stmt *st = db_stmt(
        db, "SELECT coalesce((SELECT oid FROM pg_namespace WHERE nspname = current_schema()) = "
            "pg_my_temp_schema(), true), current_setting('search_path'), (SELECT count(*) FROM "
            "pg_tables WHERE schemaname = current_schema())");
    int rc = stmt_step(db, st, err);
    if (rc == 1 && stmt_int(st, 0))
        rc = error_set(err, ERR_INVALID,
                       _("database '%s': its search path '%s' names no schema of the database "
                         "to keep a register in (pg_temp holds only a session's temporary "
                         "tables): give the role or the address another search path"),
                       db->path, stmt_text(st, 1));
    else if (rc == 1 && stmt_int(st, 2) > 0)
        rc = error_set(err, ERR_INVALID,
                       _("database '%s' holds other tables (%lld) and no capphat register: a "
                         "register is made in an empty database of its own (createdb)"),
                       db->path, stmt_int(st, 2));
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

int pg_open(const char *address, int flags, struct db **out, int *created, struct error *err)
{
    struct db *db;
    int version, rc;

    if ((rc = pg_connect(address, &db, err)) != 0)
        return rc;
    db->readonly = (flags & DB_OPEN_READONLY) != 0;
    if ((rc = schema_pg_version_of(db, &version, err)) != 0)
        goto fail;
    if (version == 0 && (rc = no_register_here(db, err)) != 0)
        goto fail;
    if (version == 0 && !(flags & DB_OPEN_CREATE)) {
        rc = error_set(err, ERR_NOT_FOUND,
                       _("database '%s' is empty; create it with 'capphat init'"), db->path);
        goto fail;
    }
    if (version > schema_pg_version()) {
        rc = error_set(err, ERR_IO,
                       _("database '%s' was made by a newer capphat (schema version %d; this "
                         "program knows up to %d): use the newer program"),
                       db->path, version, schema_pg_version());
        goto fail;
    }
    if (version != 0 && version < schema_pg_version()) {
        if (db->readonly) {
            rc = error_set(err, ERR_IO,
                           _("database '%s' needs an upgrade (version %d to %d) but is opened "
                             "read-only; run 'capphat init'"),
                           db->path, version, schema_pg_version());
            goto fail;
        }
        if ((rc = schema_pg_may_upgrade(db, version, err)) != 0)
            goto fail;
        db->upgrade_from = version; /* app_upgrade: a backup, then db_upgrade */
    }
    if (version == 0 && (rc = schema_pg_create(db, err)) != 0)
        goto fail;
    if (created)
        *created = version == 0;
    db->schema_ok = 1;
    *out = db;
    return 0;
fail:
    db_close(db);
    return rc;
}

const char *pg_user(struct db *db)
{
    return PQuser(conn_of(db));
}

int pg_is_address(const char *s)
{
    /* a URI, or libpq's "keyword=value ..." beginning with a keyword an
     * address begins with */
    static const char *const starts[] = {"postgresql://", "postgres://", "service=", "host=",
                                         "hostaddr=",     "dbname=",     "user=",    "port="};
    for (size_t i = 0; s && i < sizeof(starts) / sizeof(*starts); i++)
        if (strncmp(s, starts[i], strlen(starts[i])) == 0)
            return 1;
    return 0;
}
