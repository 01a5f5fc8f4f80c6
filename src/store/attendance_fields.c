/*
 * attendance_fields: the field table (store/field.h) of an attendance, the
 * row that says a person attended a training session, in the manner of
 * tmux's options-table.c. Data only.
 */
#include "store/training_store.h"
#include "store_internal.h"

#include <stddef.h>

#include "core/i18n.h"

#define A(m) offsetof(struct attendance, m)
#define RW (FIELD_COLUMN | FIELD_AUDIT | FIELD_READ)

/*
 * Reads select them in this order (attendance_kind.from: a the row); the
 * audit log's image of a row is both, in this order.
 */
static const struct field attendance_fields[] = {
    {.key = "session_id",
     .name = "session",
     .type = FT_ID,
     .flags = RW | FIELD_REQUIRED,
     .offset = A(session_id),
     .input = FIELD_NO_INPUT,
     .label = N_("session")},
    {.key = "person_id",
     .name = "person",
     .type = FT_ID,
     .flags = RW | FIELD_REQUIRED,
     .offset = A(person_id),
     .input = FIELD_NO_INPUT,
     .label = N_("person")},
};

#undef A
#undef RW

struct record_kind attendance_kind = {
    .table = "attendance",
    .alias = "a",
    .from = "FROM attendance a",
    .where = "session_id = ?1 AND person_id = ?2",
    .fields = attendance_fields,
    .n_fields = sizeof(attendance_fields) / sizeof(attendance_fields[0]),
};
