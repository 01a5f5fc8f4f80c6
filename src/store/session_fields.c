/*
 * session_fields: the training session's field table (store/field.h), in
 * the manner of tmux's options-table.c: each field of a session written
 * once, with what the store, the use case, the command line and the form
 * derive from it. Data only.
 */
#include "store/training_store.h"
#include "store_internal.h"

#include <stddef.h>

#include "core/i18n.h"

#define PLACE_MAX_BYTES 300
#define TRAINER_MAX_BYTES 200
#define TOPIC_MAX_BYTES 300

#define S(m) offsetof(struct training_session, m)
#define IN(m) offsetof(struct training_input, m)
#define RW (FIELD_COLUMN | FIELD_AUDIT | FIELD_READ)

/*
 * Reads select them in this order (session_kind.from: c the session's
 * commune); the audited ones are the audit log's image of a row, in this
 * order. The form and the options of training add are the fields with a
 * title or an option, in this order too.
 */
static const struct field session_fields[] = {
    {.key = "id",
     .type = FT_ID,
     .flags = FIELD_AUDIT | FIELD_READ,
     .offset = S(id),
     .input = FIELD_NO_INPUT},
    {.key = "held_on",
     .name = "date",
     .type = FT_TEXT,
     .flags = RW | FIELD_REQUIRED,
     .offset = S(held_on),
     .check = CHECK_DATE,
     .input = IN(date),
     .label = N_("date"),
     .title = N_("Date (dd/mm/yyyy)"),
     .option = "--date",
     .arg = "DATE",
     .help = N_("date of the session")},
    {.key = "place",
     .type = FT_TEXT,
     .flags = RW | FIELD_REQUIRED,
     .offset = S(place),
     .check = CHECK_NAME,
     .input = IN(place),
     .max = PLACE_MAX_BYTES,
     .label = N_("place"),
     .title = N_("Place"),
     .option = "--place",
     .arg = "TEXT",
     .help = N_("place")},
    {.key = "trainer",
     .type = FT_TEXT,
     .flags = RW | FIELD_REQUIRED,
     .offset = S(trainer),
     .check = CHECK_NAME,
     .input = IN(trainer),
     .max = TRAINER_MAX_BYTES,
     .label = N_("trainer"),
     .title = N_("Trainer"),
     .option = "--trainer",
     .arg = "NAME",
     .help = N_("trainer (technician)")},
    {.key = "topic",
     .type = FT_TEXT,
     .flags = RW | FIELD_REQUIRED,
     .offset = S(topic),
     .check = CHECK_NAME,
     .input = IN(topic),
     .max = TOPIC_MAX_BYTES,
     .label = N_("topic"),
     .title = N_("Topic"),
     .option = "--topic",
     .arg = "TEXT",
     .help = N_("topic")},
    {.key = "district",
     .type = FT_NONE,
     .check = CHECK_UNIT,
     .input = IN(district),
     .label = N_("district"),
     .title = N_("District"),
     .option = "--district",
     .arg = "NAME",
     .help = N_("district of the commune")},
    {.key = "commune_id",
     .name = "commune",
     .shows = "commune",
     .type = FT_ID,
     .flags = RW | FIELD_ZERO_NULL,
     .offset = S(commune_id),
     .check = CHECK_UNIT,
     .input = IN(commune),
     .label = N_("commune"),
     .title = N_("Commune"),
     .option = "--commune",
     .arg = "NAME",
     .help = N_("commune whose recipients are expected")},
    {.key = "commune",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = S(commune),
     .expr = "c.name",
     .input = FIELD_NO_INPUT},
    {.key = "round_id",
     .name = "round",
     .type = FT_ID,
     .flags = RW | FIELD_ZERO_NULL,
     .offset = S(round_id),
     .check = CHECK_ROUND,
     .input = FIELD_NO_INPUT,
     .label = N_("round"),
     .title = N_("Round")},
    {.key = "attendees",
     .type = FT_ID,
     .flags = FIELD_READ,
     .offset = S(attendees),
     .expr = "(SELECT count(*) FROM attendance a WHERE a.session_id = s.id)",
     .input = FIELD_NO_INPUT},
    {.key = "created_at",
     .type = FT_TEXT,
     .flags = FIELD_COLUMN | FIELD_READ,
     .offset = S(created_at),
     .input = FIELD_NO_INPUT},
};

#undef S
#undef IN
#undef RW

struct record_kind session_kind = {
    .table = "training_session",
    .alias = "s",
    .from = "FROM training_session s LEFT JOIN unit c ON c.id = s.commune_id",
    .missing = N_("session: no training session with id %lld"),
    .fields = session_fields,
    .n_fields = sizeof(session_fields) / sizeof(session_fields[0]),
};
