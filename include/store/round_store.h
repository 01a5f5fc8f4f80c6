/*
 * round_store: the rounds (đợt cấp phát) of handing out — a named round
 * with its year, funding source, decision and budget — to which devices,
 * handovers and training sessions belong. Its fields are written once, in
 * its field table (round_fields.c, store/field.h).
 */
#ifndef STORE_ROUND_STORE_H
#define STORE_ROUND_STORE_H

#include "core/error.h"
#include "store/field.h"

struct db;

struct round {
    long long id;
    char *name;
    int year; /* 0 unknown */
    char *funding;
    char *decision;
    char *decision_date; /* YYYY-MM-DD, NULL unknown */
    long long budget;    /* -1 unknown */
    char *created_at;
};
void round_release(struct round *r);

/*
 * A round as typed (the command line, the form): each field as text, NULL
 * when not given. The field table (round_kind) says where each goes and how
 * it is checked (src/app/round_app.c); an error about a value names its
 * field by the member's name ("name", "budget").
 */
struct round_input {
    const char *name;
    const char *year;
    const char *funding;
    const char *decision;
    const char *decision_date;
    const char *budget;
};

/* The round's field table (store/field.h): round_fields.c. */
extern struct record_kind round_kind;

int round_store_insert(struct db *db, const struct round *r, long long *id, struct error *err);
/* 0 with the round in *out, ERR_NOT_FOUND naming it when absent, another
 * ERR_* when the database could not be read. */
int round_store_get(struct db *db, long long id, struct round *out, struct error *err);
/* The round's row as the audit log records it (JSON, a new string the
 * caller frees) into *out (NULL unless found): 0, ERR_NOT_FOUND or ERR_*. */
int round_store_snapshot(struct db *db, long long id, char **out, struct error *err);
/* Calls fn for each round, by id, until fn returns non-zero (returned);
 * a negative ERR_* when the database could not be read. */
typedef int (*round_fn)(const struct round *r, void *arg);
int round_store_each(struct db *db, round_fn fn, void *arg, struct error *err);

#endif
