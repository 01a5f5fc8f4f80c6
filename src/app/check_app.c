/*
 * check_app: proves that the records were not altered behind capphat's back.
 *
 * 1. SQLite's integrity and foreign-key checks.
 * 2. The audit chain: each entry's hash is recomputed from its fields and
 *    the previous entry's hash; ids must run 1, 2, 3... in the order the
 *    entries were written. An edited, removed or reordered entry breaks the
 *    chain at that entry, and the report names it.
 * 3. The schema is the one capphat makes: a guard (an append-only trigger)
 *    dropped, or an object added, by another program is named.
 * 4. Every record the log tracks — persons, devices, handovers, rounds,
 *    training sessions, units, ethnic groups, receipt prints, and the
 *    settings, ethnic spellings and unit successors as whole tables — is
 *    compared with the last state the log recorded for it: a row edited
 *    with another tool, or deleted, is named. So is each attendance added
 *    or removed without its entry in the log.
 */
#include "app/check_app.h"

#include <stdarg.h>
#include <stdlib.h>
#include <glob.h>
#include <string.h>

#include "app/backup_app.h"
#include "app/seal_app.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "store/audit_store.h"
#include "store/db.h"

struct chain {
    void (*report)(const char *line, void *arg);
    void *arg;
    struct check_result *res;
    long long expect_id;
    char prev[HASH_HEX_LEN + 1];
    const char *entity;
    const struct app_key *key; /* the office key, or NULL: seals not verified */
    long long unsealed, other_key, badly_sealed;
};

/* Entries named one by one before the rest are counted. */
#define SEAL_PROBLEMS_SHOWN 5

static void problem(struct chain *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct chain *c, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    c->res->problems++;
    if (c->report)
        c->report(sb.buf, c->arg);
    strbuf_release(&sb);
}

static int check_entry(const struct audit_entry *e, void *arg)
{
    struct chain *c = arg;
    char want[HASH_HEX_LEN + 1];

    c->res->entries++;
    if (e->id != c->expect_id)
        problem(c,
                _("audit entry %lld: out of order or missing entries (expected entry %lld here)"),
                e->id, c->expect_id);
    if (strcmp(e->prev_hash, c->prev) != 0)
        problem(c,
                _("audit entry %lld: does not follow entry %lld (previous hash differs): the "
                  "chain is broken here"),
                e->id, c->expect_id - 1);
    if (e->odd_field)
        problem(c,
                _("audit entry %lld: its field %s is not stored as capphat writes it (retyped "
                  "behind capphat's back, which hides the entry from the record it is about)"),
                e->id, e->odd_field);
    audit_entry_hash(e, want);
    if (strcmp(want, e->hash) != 0)
        problem(c,
                _("audit entry %lld (%s %s %lld at %s): its content was altered (hash does not "
                  "match)"),
                e->id, e->action, e->entity, e->entity_id, e->at);
    if (c->key) {
        char want[HASH_HEX_LEN + 1];
        if (!*e->seal) {
            if (++c->unsealed <= SEAL_PROBLEMS_SHOWN)
                problem(c,
                        _("audit entry %lld (%s by %s at %s): not sealed — written by a program "
                          "without this office's key"),
                        e->id, e->action, e->operator_name, e->at);
        } else if (strcmp(e->seal_key, c->key->id) != 0) {
            if (++c->other_key <= SEAL_PROBLEMS_SHOWN)
                problem(c,
                        _("audit entry %lld (%s by %s at %s): sealed with another key (%s), not "
                          "this office's (%s)"),
                        e->id, e->action, e->operator_name, e->at, e->seal_key, c->key->id);
        } else {
            seal_make(c->key, e->id, e->hash, want);
            if (strcmp(want, e->seal) != 0 && ++c->badly_sealed <= SEAL_PROBLEMS_SHOWN)
                problem(c, _("audit entry %lld (%s by %s at %s): its seal does not verify"), e->id,
                        e->action, e->operator_name, e->at);
        }
    }
    memcpy(c->prev, e->hash, sizeof(c->prev));
    c->expect_id = e->id + 1;
    return 0;
}

static int check_row(long long id, const char *current, const char *logged, void *arg)
{
    struct chain *c = arg;
    c->res->rows++;
    if (!logged)
        problem(c, _("%s %lld: not in the audit log (written behind capphat's back)"), _(c->entity),
                id);
    else if (strcmp(current, logged) != 0)
        problem(c,
                _("%s %lld: differs from its last audited state (altered behind capphat's back)"),
                _(c->entity), id);
    return 0;
}

static int check_attendance(long long session_id, long long person_id, int in_table, void *arg)
{
    struct chain *c = arg;
    if (in_table)
        problem(c,
                _("attendance of person %lld at training session %lld: not in the audit log "
                  "(written behind capphat's back)"),
                person_id, session_id);
    else
        problem(c,
                _("attendance of person %lld at training session %lld: in the audit log but "
                  "missing from the table (deleted)"),
                person_id, session_id);
    return 0;
}

static int check_imei(const char *imei, long long device_id, int slot, int in_table, void *arg)
{
    struct chain *c = arg;
    if (in_table)
        problem(c,
                _("imei %s: the lookup table gives it to device %lld (slot %d), which does not "
                  "bear it (written behind capphat's back: commands would find the wrong phone)"),
                imei, device_id, slot);
    else
        problem(c,
                _("imei %s of device %lld: missing from the lookup table (deleted behind "
                  "capphat's back: commands would not find the phone)"),
                imei, device_id);
    return 0;
}

static int check_missing(long long id, void *arg)
{
    struct chain *c = arg;
    problem(c, _("%s %lld: in the audit log but missing from the table (deleted)"), _(c->entity),
            id);
    return 0;
}

/* A head recorded outside the log (the head file, a backup) must still be
 * in it: entry seq with that hash. */
static int anchor_holds(struct app *app, struct chain *c, long long seq, const char *hash,
                        const char *where, struct error *err)
{
    long long id;
    char have[HASH_HEX_LEN + 1];
    int rc = audit_store_head(app->db, seq, &id, have, err);

    if (rc < 0)
        return rc;
    if (rc == 0 || strcmp(have, hash) != 0)
        c->res->heads_broken = 1;
    if (rc == 0)
        problem(c,
                _("audit log: entry %lld, recorded %s, is not in it: entries were cut from "
                  "its end"),
                seq, where);
    else if (strcmp(have, hash) != 0)
        problem(c,
                _("audit log: entry %lld differs from the one recorded %s: the log was "
                  "rewritten from that entry or before"),
                seq, where);
    return 0;
}

static void seal_problems(struct chain *c, const struct app_key *k, const char *tag,
                          const struct seal_line *l, const char *path)
{
    if (!k || !k->have)
        return; /* said once, as a warning */
    if (strcmp(l->key_id, "-") == 0)
        problem(c,
                _("head file '%s': not sealed, although this office has a key (written by a "
                  "program without it, or edited)"),
                path);
    else if (strcmp(l->key_id, k->id) != 0)
        problem(c, _("head file '%s': sealed with another key (%s), not this office's (%s)"), path,
                l->key_id, k->id);
    else if (!seal_verify(k, tag, l))
        problem(c, _("head file '%s': its seal does not verify (edited behind capphat's back)"),
                path);
}

/* One place's head file: read, sealed, and still held by the log. 1 when
 * it holds a head, 0 when there is none. */
static int check_head_file(struct app *app, struct chain *c, const char *path, const char *where,
                           struct error *err)
{
    const struct app_key *k = seal_app_key(app);
    struct seal_head h;
    struct error e2 = ERROR_INIT;
    int rc = 0;

    if (seal_head_read(path, &h, &e2) != 0) {
        problem(c, "%s", error_msg(&e2));
        error_clear(&e2);
        return 1;
    }
    if (!h.head.present && !h.checked.present)
        return 0;
    /* the record of a register a restore replaced: kept with it */
    long long id;
    char have[HASH_HEX_LEN + 1];
    if (h.head.present &&
        !(audit_store_head(app->db, h.head.seq, &id, have, NULL) == 1 &&
          strcmp(have, h.head.hash) == 0) &&
        seal_line_superseded(app->db, &h.head))
        return 0;
    if (h.head.present) {
        rc = anchor_holds(app, c, h.head.seq, h.head.hash, where, err);
        seal_problems(c, k, "head", &h.head, path);
    }
    /* the last check's entry, unless it is the head's (a cut that took
     * that entry is one problem, not two) */
    if (rc == 0 && h.checked.present &&
        !(h.head.present && h.checked.seq == h.head.seq && !strcmp(h.checked.hash, h.head.hash)))
        rc = anchor_holds(app, c, h.checked.seq, h.checked.hash, where, err);
    if (rc == 0 && h.checked.present)
        seal_problems(c, k, "checked", &h.checked, path);
    return rc < 0 ? rc : 1;
}

/* Did capphat set aside its record of a register before this one at this
 * place (the head file path, with ".replaced-…" after it)? */
static int replaced_record(const char *head)
{
    struct strbuf pattern = STRBUF_INIT;
    for (const char *p = head; *p; p++) {
        if (strchr("*?[\\", *p))
            strbuf_addch(&pattern, '\\'); /* the path as it is */
        strbuf_addch(&pattern, *p);
    }
    strbuf_addstr(&pattern, ".replaced-*");
    glob_t g;
    memset(&g, 0, sizeof(g));
    int found = glob(pattern.buf, GLOB_NOSORT, NULL, &g) == 0 && g.gl_pathc > 0;
    globfree(&g);
    strbuf_release(&pattern);
    return found;
}

/* The heads kept outside the database: the head file beside it, this
 * account's record of the register, and the last entry of every backup
 * of it in the backups folder. */
static int check_anchors(struct app *app, struct chain *c, struct error *err)
{
    char *beside = seal_head_path(db_path(app->db), SEAL_BESIDE);
    char *mine = seal_head_path(db_path(app->db), SEAL_ACCOUNT);
    char *where = xasprintf(_("in the head file '%s'"), beside);
    int rc, have_beside, have_mine = 0;

    rc = have_beside = check_head_file(app, c, beside, where, err);
    free(where);
    if (rc >= 0 && mine) {
        where = xasprintf(_("in this account's record of the register '%s'"), mine);
        rc = have_mine = check_head_file(app, c, mine, where, err);
        free(where);
    }
    if (rc >= 0) {
        c->res->no_head = !have_beside;
        c->res->account_head = have_mine > 0;
        rc = 0;
    }
    char **names = NULL;
    size_t n = 0;
    if (rc == 0)
        names = app_backup_all(db_path(app->db), &n);
    /* a register capphat made where one was (init, migrate) set aside what
     * it recorded of the one before: that one's backups, made by another
     * entry schema.create, are its own, not this register's */
    char identity[HASH_HEX_LEN + 1] = "";
    int replaced_here = n && (replaced_record(beside) || (mine && replaced_record(mine))) &&
                        audit_store_identity(app->db, identity, NULL) == 1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        long long seq;
        char hash[HASH_HEX_LEN + 1];
        struct error e2 = ERROR_INIT;
        struct audit_file_facts f;
        if (replaced_here && audit_store_file_facts(names[i], &f, NULL) == 0 && f.identity[0] &&
            strcmp(f.identity, identity) != 0)
            continue;
        int r = audit_store_file_head(names[i], &seq, hash, &e2);
        if (r < 0) {
            problem(c,
                    _("backup '%s': not a copy of the register capphat can read (%s): "
                      "overwritten or planted behind capphat's back"),
                    names[i], error_msg(&e2));
            error_clear(&e2);
        } else if (r == 1) {
            where = xasprintf(_("in the backup '%s'"), names[i]);
            rc = anchor_holds(app, c, seq, hash, where, err);
            free(where);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(beside);
    free(mine);
    return rc;
}

static void schema_problem(const char *type, const char *name, int how, void *arg)
{
    struct chain *c = arg;
    const char *what = strcmp(type, "table") == 0     ? _("table")
                       : strcmp(type, "index") == 0   ? _("index")
                       : strcmp(type, "trigger") == 0 ? _("trigger")
                                                      : type;
    if (how == DB_SCHEMA_MISSING)
        problem(c,
                _("schema: %s %s is missing (dropped behind capphat's back: the records it "
                  "guards may have been changed)"),
                what, name);
    else if (how == DB_SCHEMA_EXTRA)
        problem(c, _("schema: %s %s is not capphat's (added behind capphat's back)"), what, name);
    else
        problem(c, _("schema: %s %s differs from capphat's (changed behind capphat's back)"), what,
                name);
}

/*
 * Where a check may start: the last entry a check verified, recorded in the
 * head file ("checked"), sealed with this office's key, and still in the
 * log with its hash. 0 when there is none to trust: everything is checked.
 */
static long long verified_until(struct app *app, char prev[HASH_HEX_LEN + 1])
{
    const struct app_key *k = seal_app_key(app);
    long long best = 0;

    for (int i = 0; k && k->have && i < 2; i++) {
        char *path = seal_head_path(db_path(app->db), (enum seal_where)i);
        struct seal_head h;
        long long id;
        char have[HASH_HEX_LEN + 1];
        if (path && seal_head_read(path, &h, NULL) == 0 && h.checked.present &&
            h.checked.seq > best && seal_verify(k, "checked", &h.checked) &&
            audit_store_head(app->db, h.checked.seq, &id, have, NULL) == 1 &&
            strcmp(have, h.checked.hash) == 0) {
            best = h.checked.seq;
            memcpy(prev, have, HASH_HEX_LEN + 1);
        }
        free(path);
    }
    return best;
}

int check_app_run(struct app *app, int flags, void (*report)(const char *line, void *arg),
                  void *arg, struct check_result *res, struct error *err)
{
    struct chain c = {report, arg, res, 1, "", NULL, NULL, 0, 0, 0};
    char *integrity = NULL;
    const char *entity;
    long long since;
    int rc, whole;
    /* N_(): the kinds of the log, translated where a message names them */
    static const char *const names[] = {
        N_("person"),           N_("device"),       N_("handover"),       N_("round"),
        N_("training_session"), N_("unit"),         N_("ethnic_group"),   N_("receipt_print"),
        N_("setting"),          N_("ethnic_alias"), N_("unit_successor"),
    };
    (void)names;

    memset(res, 0, sizeof(*res));
    if (!db_sees_all(app->db))
        return error_set(err, ERR_INVALID,
                         _("'capphat check' reads the whole register, and role '%s' sees only "
                           "its communes: run it as the province's operator or the register's "
                           "owner"),
                         db_server_user(app->db));
    memset(c.prev, '0', HASH_HEX_LEN);
    c.prev[HASH_HEX_LEN] = '\0';
    /* a day's work on a large register: from the last sealed check on, and
     * the records touched since; --full (and a first check) everything */
    since = flags & CHECK_FULL ? 0 : verified_until(app, c.prev);
    res->since = since;
    if (since) {
        c.expect_id = since + 1;
    } else {
        rc = db_integrity(app->db, &integrity, err);
        if (rc < 0)
            return rc;
        if (integrity) {
            char *line = integrity, *nl;
            while ((nl = strchr(line, '\n')) != NULL) {
                *nl = '\0';
                problem(&c, "%s", line);
                line = nl + 1;
            }
            free(integrity);
        }
    }
    if ((rc = db_schema_diff(app->db, schema_problem, &c, err)) < 0)
        return rc;
    c.key = seal_app_key(app) && seal_app_key(app)->have ? seal_app_key(app) : NULL;
    if ((rc = audit_store_each_after(app->db, since, check_entry, &c, err)) < 0)
        return rc;
    if (c.unsealed > SEAL_PROBLEMS_SHOWN)
        problem(&c, _("... and %lld more entries not sealed"), c.unsealed - SEAL_PROBLEMS_SHOWN);
    if (c.other_key > SEAL_PROBLEMS_SHOWN)
        problem(&c, _("... and %lld more entries sealed with another key"),
                c.other_key - SEAL_PROBLEMS_SHOWN);
    if (c.badly_sealed > SEAL_PROBLEMS_SHOWN)
        problem(&c, _("... and %lld more entries whose seal does not verify"),
                c.badly_sealed - SEAL_PROBLEMS_SHOWN);
    for (size_t i = 0; (entity = audit_store_tracked(i, &whole)) != NULL; i++) {
        c.entity = entity;
        if (whole) {
            char *current = NULL, *logged = NULL;
            if ((rc = audit_store_table_state(app->db, entity, &current, &logged, err)) < 0)
                return rc;
            res->rows++;
            if (!logged)
                problem(&c, _("%s: not in the audit log (written behind capphat's back)"),
                        _(entity));
            else if (strcmp(current, logged) != 0)
                problem(&c,
                        _("%s: differs from its last audited state (altered behind capphat's "
                          "back)"),
                        _(entity));
            free(current);
            free(logged);
            continue;
        }
        if ((rc = audit_store_each_row_state(app->db, entity, since, check_row, &c, err)) < 0)
            return rc;
        if ((rc = audit_store_each_missing_row(app->db, entity, since, check_missing, &c, err)) < 0)
            return rc;
    }
    if ((rc = audit_store_each_attendance_problem(app->db, since, check_attendance, &c, err)) < 0)
        return rc;
    if ((rc = audit_store_each_imei_problem(app->db, check_imei, &c, err)) < 0)
        return rc;
    if ((rc = check_anchors(app, &c, err)) < 0)
        return rc;
    res->unsealed = !seal_app_key(app) || !seal_app_key(app)->have;
    if (res->problems)
        return 1;
    /* what was verified, sealed: a later check starts from there — for a
     * register capphat writes (it has its head file), not for a backup or
     * a copy being looked at */
    long long seq;
    char hash[HASH_HEX_LEN + 1];
    if (!(flags & CHECK_NO_RECORD) && (!res->no_head || res->account_head) &&
        audit_store_head(app->db, 0, &seq, hash, NULL) == 1)
        seal_head_write(app->db, seal_app_key(app), SEAL_CHECKED, seq, hash, NULL);
    return 0;
}

struct anchor_walk {
    struct chain c;
    long long seq;
    const char *hex;
    int found;
};

static int anchor_entry(const struct audit_entry *e, void *arg)
{
    struct anchor_walk *w = arg;
    if (e->id > w->seq)
        return 1; /* the entries after the paper do not matter here */
    check_entry(e, &w->c);
    if (e->id == w->seq) {
        w->found = 1;
        if (strncmp(e->hash, w->hex, strlen(w->hex)) != 0)
            problem(&w->c,
                    _("audit entry %lld now has the hash %.12s…, not %s as on the paper: the log "
                      "was rewritten since the paper was printed"),
                    e->id, e->hash, w->hex);
    }
    return 0;
}

int check_app_anchor(struct app *app, long long seq, const char *hex,
                     void (*report)(const char *line, void *arg), void *arg,
                     struct check_result *res, struct error *err)
{
    struct anchor_walk w;
    int rc;

    memset(res, 0, sizeof(*res));
    memset(&w, 0, sizeof(w));
    w.c.report = report;
    w.c.arg = arg;
    w.c.res = res;
    w.c.expect_id = 1;
    memset(w.c.prev, '0', HASH_HEX_LEN);
    w.c.key = seal_app_key(app) && seal_app_key(app)->have ? seal_app_key(app) : NULL;
    w.seq = seq;
    w.hex = hex;
    if ((rc = audit_store_each(app->db, anchor_entry, &w, err)) < 0)
        return rc;
    if (!w.found)
        problem(&w.c,
                _("audit entry %lld is not in the log: it was cut short since the paper was "
                  "printed"),
                seq);
    res->unsealed = !w.c.key;
    return res->problems ? 1 : 0;
}
