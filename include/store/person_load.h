/*
 * person_load: adding many persons in one transaction (an import), with
 * the list and search indexes made once at the end instead of row by row.
 * The rows themselves are written by person_store_insert as usual.
 */
#ifndef STORE_PERSON_LOAD_H
#define STORE_PERSON_LOAD_H

#include "core/error.h"

struct db;

/*
 * Between begin and end the indexes that only lists and searches read, and
 * the triggers that keep the search indexes person_word and person_tri, are
 * set aside; end fills both search indexes for the persons added meanwhile
 * and makes the set-aside indexes and triggers again. Both run inside the
 * caller's transaction, so a rollback or a crash leaves the schema and the
 * data as they were. After an error of end, or when the transaction is to
 * be rolled back anyway, the caller only releases.
 */
struct person_bulk {
    long long since; /* the highest person id before begin */
    char *sql[8];    /* how to make each set-aside object again */
    int n;
    int server; /* on a server: nothing set aside */
};
int person_load_begin(struct db *db, struct person_bulk *b, struct error *err);
int person_load_end(struct db *db, struct person_bulk *b, struct error *err);
void person_load_release(struct person_bulk *b);

#endif
