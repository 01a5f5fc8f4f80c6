/* training_store: training sessions (buổi tập huấn) and who attended them. */
#ifndef STORE_TRAINING_STORE_H
#define STORE_TRAINING_STORE_H

#include "core/error.h"
#include "store/field.h"

struct db;

struct training_session {
    long long id;
    char *held_on;
    char *place;
    char *trainer;
    char *topic;
    long long commune_id;
    char *commune;
    long long round_id;
    long long attendees;
    char *created_at;
};

void training_session_release(struct training_session *s);

/*
 * A session as typed (the command line, the form): each field as text,
 * NULL when not given. The field table (session_kind) says where each goes
 * and how it is checked (src/app/training_app.c). An error about a value
 * names its field by the member's name ("date", "topic"; "commune" for
 * commune_id, "round" for round_id).
 */
struct training_input {
    const char *date;
    const char *place;
    const char *trainer;
    const char *topic;
    /* with commune: the session's commune (optional), named as on the
     * session's date (a name shared by an old and a new commune is the one
     * valid then; an old commune named for a later date is the commune it
     * became) */
    const char *district;
    const char *commune;
    long long round_id;
    /* a commune chosen from a list: used instead of the names, as the
     * unit it stands for on the date (unit_app_at) */
    long long commune_id;
};

/* The training session's field table (store/field.h): session_fields.c. */
extern struct record_kind session_kind;

int training_store_insert(struct db *db, const struct training_session *s, long long *id,
                          struct error *err);
/* ERR_NOT_FOUND naming the session when absent, another ERR_* when the
 * database could not be read. */
int training_store_get(struct db *db, long long id, struct training_session *out,
                       struct error *err);
/* The session's row as the audit log records it (JSON, a new string the
 * caller frees) into *out (NULL unless found): 0, ERR_NOT_FOUND or ERR_*. */
int training_store_snapshot(struct db *db, long long id, char **out, struct error *err);
typedef int (*training_fn)(const struct training_session *s, void *arg);
/* Sessions, newest first. */
int training_store_each(struct db *db, training_fn fn, void *arg, struct error *err);
/* Sessions a person attended, oldest first. */
int training_store_each_for_person(struct db *db, long long person_id, training_fn fn, void *arg,
                                   struct error *err);

/* An attendance: a person who attended a session. */
struct attendance {
    long long session_id;
    long long person_id;
};

/* The attendance's field table (store/field.h): attendance_fields.c. */
extern struct record_kind attendance_kind;

/* 1 if added, 0 if the person was already on the list, or a negative ERR_*. */
int attendance_store_add(struct db *db, long long session_id, long long person_id,
                         struct error *err);
/* 1 if removed, 0 if absent, or a negative ERR_*. */
int attendance_store_remove(struct db *db, long long session_id, long long person_id,
                            struct error *err);
/* 1 if the person is on the list, 0 if not, or a negative ERR_* when the
 * database could not be read. */
int attendance_store_has(struct db *db, long long session_id, long long person_id,
                         struct error *err);
/* The attendance's row as the audit log records it (JSON, a new string the
 * caller frees) into *out (NULL unless found): 0, ERR_NOT_FOUND or ERR_*. */
int attendance_store_snapshot(struct db *db, long long session_id, long long person_id, char **out,
                              struct error *err);
/* Person ids of a session's attendees, in Vietnamese name order. */
int attendance_store_each(struct db *db, long long session_id,
                          int (*fn)(long long person_id, void *arg), void *arg, struct error *err);

#endif
