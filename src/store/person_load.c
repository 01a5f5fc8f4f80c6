/*
 * person_load: many persons added in one transaction (an import), the list
 * and search indexes made once at the end; see include/store/person_load.h.
 */
#include "store/person_load.h"
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

/*
 * Set aside while a bulk load runs: each new row would land at a random
 * place of these indexes, which outgrow the page cache at 100,000 persons
 * (every insert then reads and writes pages of the journal), and the
 * person_word trigger runs its json_each and window once per row. Kept:
 * the unique citizen ID and person_same, which the import's duplicate checks
 * read, and the update and delete triggers. Made again from the text SQLite
 * keeps of each (sqlite_schema.sql), so schema.c stays their only source.
 */
static const struct {
    const char *name;
    const char *drop;
} bulk_aside[] = {
    {"person_sort", "DROP INDEX person_sort"},
    {"person_birth", "DROP INDEX person_birth"},
    {"person_commune", "DROP INDEX person_commune"},
    {"person_village", "DROP INDEX person_village"},
    {"person_word_person", "DROP INDEX person_word_person"},
    {"person_word_insert", "DROP TRIGGER person_word_insert"},
    {"person_tri_insert", "DROP TRIGGER person_tri_insert"},
};
#define N_BULK_ASIDE (sizeof(bulk_aside) / sizeof(*bulk_aside))
_Static_assert(N_BULK_ASIDE <= sizeof(((struct person_bulk *)0)->sql) / sizeof(char *),
               "person_bulk.sql holds every set-aside object");

/* The highest person id into *id (0: none). */
static int last_person_id(struct db *db, long long *id, struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT coalesce(max(id), 0) FROM person");
    int rc = stmt_step(db, st, err);

    *id = rc == 1 ? stmt_int(st, 0) : 0;
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

int person_load_begin(struct db *db, struct person_bulk *b, struct error *err)
{
    int rc;

    memset(b, 0, sizeof(*b));
    /* on a server, its triggers keep the words and its indexes as rows
     * come: nothing is set aside (its schema is not SQLite's to read) */
    b->server = db->pg != NULL;
    if (b->server)
        return 0;
    if ((rc = last_person_id(db, &b->since, err)) != 0)
        return rc;
    for (size_t i = 0; i < N_BULK_ASIDE; i++) {
        struct stmt *st =
            db_stmt(db, "SELECT sql FROM sqlite_schema WHERE name = ?1 AND sql IS NOT NULL");
        stmt_bind_text(st, 1, bulk_aside[i].name);
        rc = stmt_step(db, st, err);
        char *sql = rc == 1 ? stmt_text_dup(st, 0) : NULL;
        stmt_done(st);
        if (rc < 0)
            return rc;
        if (!sql) /* not in this schema: nothing to set aside */
            continue;
        b->sql[b->n++] = sql;
        if ((rc = db_exec(db, bulk_aside[i].drop, err)) != 0)
            return rc;
    }
    return 0;
}

/*
 * The words of the persons with ids in (?1, ?2], by the rule of the
 * trigger. person_load_end runs it for BULK_BATCH persons at a time: the
 * window of PERSON_TAILS sorts what it reads, and a bounded batch keeps
 * that sort, and the memory, the same size however large the file.
 */
// clang-format off
static const char bulk_words_sql[] =
    "INSERT INTO person_word(word, pos, sort_key, person_id, name_fold) "
    "SELECT " PERSON_TAILS("p") ", p.sort_key, p.id, p.name_fold "
    "FROM person p, " PERSON_WORDS("p") " WHERE p.id > ?1 AND p.id <= ?2";
// clang-format on
#define BULK_BATCH 4096

int person_load_end(struct db *db, struct person_bulk *b, struct error *err)
{
    struct stmt *st;
    long long last;
    int rc;

    if (b->server)
        return 0;
    if ((rc = last_person_id(db, &last, err)) != 0)
        return rc;
    for (long long from = b->since; from < last; from += BULK_BATCH) {
        st = db_stmt(db, bulk_words_sql);
        stmt_bind_int(st, 1, from);
        stmt_bind_int(st, 2, from + BULK_BATCH);
        if ((rc = stmt_exec(db, st, err)) != 0)
            return rc;
    }
    /* the trigram index keeps its own bounded buffer */
    st = db_stmt(db, "INSERT INTO person_tri(rowid, name_fold, phone) "
                     "SELECT id, name_fold, phone FROM person WHERE id > ?1");
    stmt_bind_int(st, 1, b->since);
    if ((rc = stmt_exec(db, st, err)) != 0)
        return rc;
    for (int i = 0; i < b->n; i++)
        if ((rc = db_exec(db, b->sql[i], err)) != 0)
            return rc;
    return 0;
}

void person_load_release(struct person_bulk *b)
{
    for (int i = 0; i < b->n; i++)
        free(b->sql[i]);
    memset(b, 0, sizeof(*b));
}
