/* seal_app: the chain's head outside the database; see include/app/seal_app.h. */
#include "app/seal_app.h"

#include "app/backup_app.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/testhook.h"
#include "core/xalloc.h"
#include "core/xdg.h"
#include "io/outfile.h"
#include "store/audit_store.h"
#include "store/db.h"

#define KEY_MAGIC "capphat-office-key 1"
#define HEAD_MAGIC "capphat-head 1"

struct app_seal {
    struct app_key key;
    long long written; /* the entry the head file was last given */
    time_t written_at;
    int pending;          /* a commit since */
    time_t pending_since; /* the first commit not yet written */
    int deferred;         /* written when the program is idle (seal_app_defer) */
};

/* A program that writes the head when idle still writes it at a commit
 * when it has not been idle for this many seconds (an operator scanning
 * without a pause). */
#define DEFER_MAX_S 5

/* The office key's folder: ~/.config/capphat (./.config/capphat without a HOME). */
static char *config_dir(void)
{
    char *dir = xdg_dir(XDG_CONFIG, 0);
    return dir ? dir : xstrdup("./.config/capphat");
}

char *seal_key_path(void)
{
    char *dir = config_dir(), *p = xasprintf("%s/office.key", dir);
    free(dir);
    return p;
}

static void key_id(struct app_key *k)
{
    struct hash_ctx *h = hash_new();
    char full[HASH_HEX_LEN + 1];
    hash_add(h, k->key, sizeof(k->key));
    hash_finish(h, full);
    memcpy(k->id, full, SEAL_ID_LEN);
    k->id[SEAL_ID_LEN] = '\0';
}

static int hex_value(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

void seal_key_load(struct app_key *k)
{
    char *path = seal_key_path(), line[256];
    FILE *f = fopen(path, "r");

    memset(k, 0, sizeof(*k));
    free(path);
    if (!f)
        return;
    if (fgets(line, sizeof(line), f) && strncmp(line, KEY_MAGIC, strlen(KEY_MAGIC)) == 0 &&
        fgets(line, sizeof(line), f) && strlen(line) >= 2 * SEAL_KEY_LEN) {
        int ok = 1;
        for (size_t i = 0; i < SEAL_KEY_LEN && ok; i++) {
            int hi = hex_value(line[2 * i]), lo = hex_value(line[2 * i + 1]);
            ok = hi >= 0 && lo >= 0;
            k->key[i] = (unsigned char)(hi << 4 | lo);
        }
        if (ok) {
            k->have = 1;
            key_id(k);
        }
    }
    fclose(f);
    if (!k->have)
        memset(k, 0, sizeof(*k));
}

int seal_key_create(struct app_key *k, struct error *err)
{
    char *dir = config_dir(), *path = xasprintf("%s/office.key", dir);
    struct strbuf sb = STRBUF_INIT;
    struct outfile of;
    int rc;

    seal_key_load(k);
    if (k->have) {
        free(dir);
        free(path);
        return 0;
    }
    /* the folders on the way, and the key's own, private */
    free(xdg_dir(XDG_CONFIG, 1));
    mkdir(dir, 0700);
    if (hash_random(k->key, sizeof(k->key)) != 0) {
        rc = error_set(err, ERR_INTERNAL, "%s", _("no random numbers for the office key"));
        goto out;
    }
    strbuf_addstr(&sb, KEY_MAGIC "\n");
    for (size_t i = 0; i < sizeof(k->key); i++)
        strbuf_addf(&sb, "%02x", k->key[i]);
    strbuf_addstr(&sb, "\n");
    /* never over a key that appeared meanwhile: a second key would make the
     * first one's seals unverifiable */
    if ((rc = outfile_open(&of, path, NULL, OUTFILE_STATE, err)) == 0) {
        outfile_write(&of, sb.buf, sb.len);
        rc = outfile_commit(&of, err);
    }
    if (rc == ERR_EXISTS) {
        error_clear(err);
        rc = 0;
    } else if (rc == 0) {
        rc = 1;
    }
    seal_key_load(k);
out:
    strbuf_release(&sb);
    free(dir);
    free(path);
    return rc;
}

/* The MAC of msg under k, or "-" without a key. */
static void mac_of(const struct app_key *k, const char *msg, char out[HASH_HEX_LEN + 1])
{
    if (!k || !k->have) {
        strcpy(out, "-");
        return;
    }
    hash_hmac(k->key, sizeof(k->key), msg, out);
}

void seal_make(const struct app_key *k, long long seq, const char *hash, char out[HASH_HEX_LEN + 1])
{
    char msg[128];
    snprintf(msg, sizeof(msg), "capphat-seal 1|%lld|%s", seq, hash);
    mac_of(k, msg, out);
}

/* A head line's seal: its own message, with its tag, so that neither an
 * entry's seal nor the other line's can stand for it. */
static void line_seal(const struct app_key *k, const char *tag, long long seq, const char *hash,
                      char out[HASH_HEX_LEN + 1])
{
    char msg[128];
    snprintf(msg, sizeof(msg), "capphat-head 1|%s|%lld|%s", tag, seq, hash);
    mac_of(k, msg, out);
}

int seal_verify(const struct app_key *k, const char *tag, const struct seal_line *l)
{
    char want[HASH_HEX_LEN + 1];
    if (!k->have || strcmp(l->key_id, k->id) != 0)
        return 0;
    line_seal(k, tag, l->seq, l->hash, want);
    return strcmp(want, l->seal) == 0;
}

/* The database's path with its folder resolved (a new string), or NULL. */
static char *register_path(const char *db_path)
{
    if (db_is_server_address(db_path))
        return xstrdup(db_path); /* the server's and database's name */
    const char *slash = strrchr(db_path, '/');
    char *dir =
        slash ? xstrndup(db_path, slash == db_path ? 1 : (size_t)(slash - db_path)) : xstrdup(".");
    char *real = realpath(dir, NULL), *path = NULL;
    if (real)
        path = xasprintf("%s/%s", strcmp(real, "/") ? real : "", slash ? slash + 1 : db_path);
    free(real);
    free(dir);
    return path;
}

char *seal_head_path(const char *db_path, enum seal_where where)
{
    if (where == SEAL_BESIDE && db_is_server_address(db_path)) {
        /* no folder of its own on the server: this machine's folder for it */
        char *dir = app_register_folder(db_path), *path = xasprintf("%s/register.head", dir);
        free(dir);
        return path;
    }
    if (where == SEAL_BESIDE)
        return xasprintf("%s.head", db_path);
    /* this account's record: named after the database's path — its folder
     * resolved, its own name as given, so that a link put in its place
     * does not lead to another record — which a copy elsewhere or another
     * register does not share */
    char *real = register_path(db_path), *dir = xdg_dir(XDG_STATE, 0), *path = NULL;
    if (real && dir) {
        char hex[HASH_HEX_LEN + 1];
        struct hash_ctx *h = hash_new();
        hash_add(h, real, strlen(real));
        hash_finish(h, hex);
        path = xasprintf("%s/registers/%.16s.head", dir, hex);
    }
    free(real);
    free(dir);
    return path;
}

static int parse_line(const char *line, const char *tag, struct seal_line *l)
{
    char t[16], hash[80], id[40], seal[80];
    long long seq;

    if (sscanf(line, "%15s %lld %79s %39s %79s", t, &seq, hash, id, seal) != 5 ||
        strcmp(t, tag) != 0 || seq < 0 || strlen(hash) != HASH_HEX_LEN ||
        strlen(id) > SEAL_ID_LEN || strlen(seal) > HASH_HEX_LEN)
        return -1;
    l->present = 1;
    l->seq = seq;
    strcpy(l->hash, hash);
    strcpy(l->key_id, id);
    strcpy(l->seal, seal);
    return 0;
}

/* The head file at path opened to read (NULL when there is none); *other
 * set when something that is not a plain file is in its place: a FIFO
 * would keep open() waiting for a writer (the full-screen program at its
 * idle write, check, every commit, all under the folder's lock), so it is
 * opened without waiting and refused. */
static FILE *head_open(const char *path, int *other)
{
    struct stat st;
    int fd = path ? open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC) : -1;

    *other = 0;
    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        *other = 1;
        return NULL;
    }
    FILE *f = fdopen(fd, "r");
    if (!f) {
        close(fd);
        *other = 1;
    }
    return f;
}

int seal_head_read(const char *path, struct seal_head *h, struct error *err)
{
    char line[PATH_MAX + 64];
    int other;
    FILE *f = head_open(path, &other);
    int rc = 0;

    memset(h, 0, sizeof(*h));
    if (!f && !other)
        return 0;
    h->exists = 1;
    if (!f || !fgets(line, sizeof(line), f) || strncmp(line, HEAD_MAGIC, strlen(HEAD_MAGIC)) != 0)
        rc = -1;
    while (rc == 0 && fgets(line, sizeof(line), f)) {
        if (strncmp(line, "head ", 5) == 0)
            rc = parse_line(line, "head", &h->head);
        else if (strncmp(line, "checked ", 8) == 0)
            rc = parse_line(line, "checked", &h->checked);
        else if (strncmp(line, "register ", 9) != 0) /* for a reader: the database's path */
            rc = -1;
    }
    if (f)
        fclose(f);
    if (rc) {
        h->unreadable = 1;
        rc = error_set(err, ERR_CORRUPT,
                       _("the head file '%s' is not one capphat wrote (edited behind its back)"),
                       error_quote(path));
    }
    return rc;
}

static void put_line(struct strbuf *sb, const char *tag, const struct seal_line *l)
{
    if (l->present)
        strbuf_addf(sb, "%s %lld %s %s %s\n", tag, l->seq, l->hash, l->key_id, l->seal);
}

/* Does the log still hold what line l recorded? */
static int log_holds(struct db *db, const struct seal_line *l)
{
    long long id;
    char have[HASH_HEX_LEN + 1];
    return !l->present ||
           (audit_store_head(db, l->seq, &id, have, NULL) == 1 && strcmp(have, l->hash) == 0);
}

struct kept_lookup {
    const char *base; /* the database's file name */
    const struct seal_line *l;
};

static int kept_holds(const char *folder, void *arg)
{
    struct kept_lookup *k = arg;
    char *path = xasprintf("%s/%s", folder, k->base);
    int held = audit_store_file_holds(path, k->l->seq, k->l->hash);
    free(path);
    return held;
}

int seal_line_superseded(struct db *db, const struct seal_line *l)
{
    const char *slash = strrchr(db_path(db), '/');
    struct kept_lookup k = {slash ? slash + 1 : db_path(db), l};
    /* a log that cannot be read supersedes nothing: the line is kept, and
     * check, reading it, says why */
    return l->present && audit_store_each_replaced(db, kept_holds, &k, NULL) > 0;
}

/* The folder of a file path, for its lock (a new string). */
static char *parent_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
}

/* seal_head_write; wait 0: a lock of a folder that another program holds
 * is not waited for, and nothing is written (ERR_BUSY). */
static int head_write(struct db *db, const struct app_key *k, enum seal_line_kind kind,
                      long long seq, const char *hash, int wait, struct error *err)
{
    const char *tag = kind == SEAL_CHECKED ? "checked" : "head";
    char *paths[2] = {seal_head_path(db_path(db), SEAL_BESIDE),
                      seal_head_path(db_path(db), SEAL_ACCOUNT)};
    struct seal_head h[2];
    int locks[2] = {-1, -1}, rc = 0, keep = 0;

    /* one writer at a time: several programs share a database */
    for (int i = 0; i < 2; i++) {
        if (!paths[i])
            continue;
        char *dir = parent_of(paths[i]);
        if (i == SEAL_ACCOUNT) {
            free(xdg_dir(XDG_STATE, 1));
            mkdir(dir, 0700);
        }
        locks[i] = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (locks[i] >= 0 && flock(locks[i], wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0 &&
            errno == EWOULDBLOCK) {
            rc = error_set(err, ERR_BUSY,
                           _("the folder '%s' of the head file is locked by another program"),
                           error_quote(dir));
            free(dir);
            keep = 1; /* written at a later try */
            break;
        }
        free(dir);
        seal_head_read(paths[i], &h[i], NULL);
        /* a record of the register a restore replaced (another account's,
         * one a restore killed halfway left): that history is kept with
         * it, and this one starts afresh */
        if (!h[i].unreadable &&
            ((!log_holds(db, &h[i].head) && seal_line_superseded(db, &h[i].head)) ||
             (!log_holds(db, &h[i].checked) && seal_line_superseded(db, &h[i].checked))))
            memset(&h[i], 0, sizeof(h[i]));
        /* a head that the log no longer holds, or a file capphat cannot
         * read, stays as it is, in both places: it is what check shows */
        if (kind != SEAL_RESTORED &&
            (h[i].unreadable || !log_holds(db, &h[i].head) || !log_holds(db, &h[i].checked)))
            keep = 1;
    }
    for (int i = 0; i < 2 && !keep; i++) {
        struct seal_line *l = kind == SEAL_CHECKED ? &h[i].checked : &h[i].head;
        struct strbuf sb = STRBUF_INIT;
        struct outfile of;
        if (!paths[i])
            continue;
        if (kind == SEAL_RESTORED)
            memset(&h[i], 0, sizeof(h[i])); /* a new history from here */
        else if (kind == SEAL_HEAD && l->present && l->seq >= seq)
            continue; /* another program recorded as far or further */
        l->present = 1;
        l->seq = seq;
        snprintf(l->hash, sizeof(l->hash), "%s", hash);
        snprintf(l->key_id, sizeof(l->key_id), "%s", k && k->have ? k->id : "-");
        line_seal(k, tag, seq, hash, l->seal);
        strbuf_addstr(&sb, HEAD_MAGIC "\n");
        if (i == SEAL_ACCOUNT) {
            char *real = register_path(db_path(db));
            strbuf_addf(&sb, "register %s\n", real ? real : db_path(db));
            free(real);
        }
        put_line(&sb, "head", &h[i].head);
        put_line(&sb, "checked", &h[i].checked);
        int r = outfile_open(&of, paths[i], NULL, OUTFILE_FORCE | OUTFILE_STATE, err);
        if (r == 0) {
            outfile_write(&of, sb.buf, sb.len);
            r = outfile_commit(&of, err);
        }
        if (r && !rc)
            rc = r;
        strbuf_release(&sb);
    }
    for (int i = 0; i < 2; i++) {
        if (locks[i] >= 0)
            close(locks[i]); /* releases the lock */
        free(paths[i]);
    }
    return rc;
}

int seal_head_write(struct db *db, const struct app_key *k, enum seal_line_kind kind, long long seq,
                    const char *hash, struct error *err)
{
    return head_write(db, k, kind, seq, hash, 1, err);
}

static void on_commit(void *arg)
{
    struct app *app = arg;
    struct app_seal *s = app->seal;
    time_t now = time(NULL);

    if (!s->pending)
        s->pending_since = now;
    s->pending = 1;
    if (s->deferred && now - s->pending_since < DEFER_MAX_S)
        return; /* seal_app_idle writes it */
    seal_app_flush(app, SEAL_SOON, NULL);
}

void seal_app_defer(struct app *app)
{
    if (app->seal)
        app->seal->deferred = 1;
}

int seal_app_idle(struct app *app, struct error *err)
{
    return seal_app_flush(app, SEAL_SOON, err);
}

void seal_app_attach(struct app *app)
{
    char *path = seal_head_path(db_path(app->db), SEAL_BESIDE);

    app->seal = xcalloc(1, sizeof(*app->seal));
    seal_key_load(&app->seal->key);
    outfile_protect_file(path);
    free(path);
    db_on_commit(app->db, on_commit, app);
}

void seal_app_moved(struct app *app)
{
    if (app->seal && app->db)
        db_on_commit(app->db, on_commit, app);
}

int seal_app_flush(struct app *app, enum seal_when when, struct error *err)
{
    struct app_seal *s = app->seal;
    long long seq;
    char hash[HASH_HEX_LEN + 1];
    time_t now = time(NULL);
    int rc, force = when == SEAL_NOW;

    if (!s || (!s->pending && !force))
        return 0;
    /* at most once a second: a batch of thousands of commits (an import,
     * the demo) writes the head a few times, not thousands */
    if (when == SEAL_SOON && now - s->written_at < 1)
        return 0;
    if ((rc = audit_store_head(app->db, 0, &seq, hash, err)) < 0)
        return rc;
    if (seq == 0 || (seq == s->written && !force)) {
        s->pending = 0;
        return 0;
    }
    /* a program that writes when idle does not stop for a lock another
     * program holds (whoever can read the folder can take it): the next
     * idle second tries again; it waits at the quit */
    rc = head_write(app->db, &s->key, SEAL_HEAD, seq, hash, !(s->deferred && when == SEAL_SOON),
                    err);
    if (rc == 0) {
        s->written = seq;
        s->written_at = now;
        s->pending = 0;
    }
    return rc;
}

int seal_app_restart(struct app *app, struct error *err)
{
    long long seq;
    char hash[HASH_HEX_LEN + 1];
    int rc = audit_store_head(app->db, 0, &seq, hash, err);
    if (rc < 0)
        return rc;
    if (rc == 0) {
        /* an empty log: nothing recorded yet, in either place */
        for (int i = 0; i < 2; i++) {
            char *p = seal_head_path(db_path(app->db), (enum seal_where)i);
            if (p)
                unlink(p);
            free(p);
        }
        return 0;
    }
    return seal_head_write(app->db, seal_app_key(app), SEAL_RESTORED, seq, hash, err);
}

const struct app_key *seal_app_key(struct app *app)
{
    return app->seal ? &app->seal->key : NULL;
}

void seal_app_detach(struct app *app)
{
    if (!app->seal)
        return;
    seal_app_flush(app, SEAL_PENDING, NULL);
    if (app->db)
        db_on_commit(app->db, NULL, NULL);
    memset(app->seal, 0, sizeof(*app->seal));
    free(app->seal);
    app->seal = NULL;
}

void seal_app_reload_key(struct app *app)
{
    if (app->seal)
        seal_key_load(&app->seal->key);
}

struct unsealed {
    long long *ids;
    char (*hashes)[HASH_HEX_LEN + 1];
    size_t n, alloc;
};

static int collect_unsealed(long long id, const char *hash, void *arg)
{
    struct unsealed *u = arg;
    if (u->n == u->alloc) {
        u->alloc = u->alloc ? u->alloc * 2 : 256;
        u->ids = xrealloc(u->ids, u->alloc * sizeof(*u->ids));
        u->hashes = xrealloc(u->hashes, u->alloc * sizeof(*u->hashes));
    }
    u->ids[u->n] = id;
    snprintf(u->hashes[u->n++], HASH_HEX_LEN + 1, "%s", hash);
    return 0;
}

long long seal_app_seal_all(struct app *app, struct error *err)
{
    const struct app_key *k = seal_app_key(app);
    struct unsealed u = {NULL, NULL, 0, 0};
    int rc;

    if (!k || !k->have)
        return 0;
    if ((rc = db_begin(app->db, err)) != 0)
        return rc;
    rc = audit_store_each_unsealed(app->db, collect_unsealed, &u, err);
    for (size_t i = 0; rc >= 0 && i < u.n; i++) {
        char mac[HASH_HEX_LEN + 1];
        seal_make(k, u.ids[i], u.hashes[i], mac);
        rc = audit_store_seal(app->db, u.ids[i], k->id, mac, err);
    }
    int rc2 = db_end(app->db, rc >= 0, rc < 0 ? NULL : err);
    free(u.ids);
    free(u.hashes);
    if (rc < 0)
        return rc;
    return rc2 ? rc2 : (long long)u.n;
}

void seal_app_anchor(struct app *app, char out[40])
{
    long long seq;
    char hash[HASH_HEX_LEN + 1];

    out[0] = '\0';
    if (audit_store_head(app->db, 0, &seq, hash, NULL) == 1)
        snprintf(out, 40, "%lld:%.*s", seq, SEAL_ANCHOR_HEX, hash);
}

int seal_anchor_parse(const char *text, long long *seq, char hash[HASH_HEX_LEN + 1])
{
    char *end;
    long long n;
    size_t len;

    if (!text || *text < '0' || *text > '9')
        return -1;
    n = strtoll(text, &end, 10);
    if (n <= 0 || *end != ':')
        return -1;
    len = strlen(end + 1);
    if (len < 8 || len > HASH_HEX_LEN || strspn(end + 1, "0123456789abcdef") != len)
        return -1;
    *seq = n;
    memcpy(hash, end + 1, len + 1);
    return 0;
}
