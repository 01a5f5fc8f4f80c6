/*
 * round_fields: the round's field table (store/field.h), in the manner of
 * tmux's options-table.c: each field of a round (đợt cấp phát) written
 * once, with what the store, the use case, the command line and the form
 * derive from it. Data only.
 */
#include "store/round_store.h"
#include "store_internal.h"

#include <stddef.h>

#include "core/i18n.h"

#define NAME_MAX_BYTES 200
#define TEXT_BYTES 300

#define R(m) offsetof(struct round, m)
#define IN(m) offsetof(struct round_input, m)
#define RW (FIELD_COLUMN | FIELD_AUDIT | FIELD_READ)

/*
 * Reads select them in this order; the audited ones are the audit log's
 * image of a row, in this order. The form and the options of round add
 * are the fields with a title or an option, in this order too.
 */
static const struct field round_fields[] = {
    {.key = "id",
     .type = FT_ID,
     .flags = FIELD_AUDIT | FIELD_READ,
     .offset = R(id),
     .input = FIELD_NO_INPUT},
    {.key = "name",
     .type = FT_TEXT,
     .flags = RW | FIELD_REQUIRED,
     .offset = R(name),
     .check = CHECK_NAME,
     .input = IN(name),
     .max = NAME_MAX_BYTES,
     .label = N_("round name"),
     .title = N_("Name"),
     .option = "--name",
     .arg = "TEXT",
     .help = N_("name of the round")},
    {.key = "year",
     .type = FT_INT,
     .flags = RW | FIELD_ZERO_NULL,
     .offset = R(year),
     .check = CHECK_ROUND_YEAR,
     .input = IN(year),
     .label = N_("year"),
     .title = N_("Year"),
     .option = "--year",
     .arg = "YYYY",
     .help = N_("year")},
    {.key = "funding",
     .type = FT_TEXT,
     .flags = RW,
     .offset = R(funding),
     .check = CHECK_TEXT,
     .input = IN(funding),
     .max = TEXT_BYTES,
     .label = N_("funding"),
     .title = N_("Funding source"),
     .option = "--funding",
     .arg = "TEXT",
     .help = N_("funding source")},
    {.key = "decision",
     .type = FT_TEXT,
     .flags = RW,
     .offset = R(decision),
     .check = CHECK_TEXT,
     .input = IN(decision),
     .max = TEXT_BYTES,
     .label = N_("decision"),
     .title = N_("Decision number"),
     .option = "--decision",
     .arg = "TEXT",
     .help = N_("decision number")},
    {.key = "decision_date",
     .type = FT_TEXT,
     .flags = RW,
     .since = 15,
     .offset = R(decision_date),
     .check = CHECK_DATE,
     .input = IN(decision_date),
     .label = N_("decision date"),
     .title = N_("Decision date (dd/mm/yyyy)"),
     .option = "--decision-date",
     .arg = "DATE",
     .help = N_("date of the decision, cited with its number on the receipts")},
    {.key = "budget",
     .type = FT_ID,
     .flags = RW | FIELD_MINUS_NULL,
     .offset = R(budget),
     .check = CHECK_MONEY,
     .input = IN(budget),
     .label = N_("budget"),
     .title = N_("Budget (VND)"),
     .option = "--budget",
     .arg = "VND",
     .help = N_("budget in đồng")},
    {.key = "created_at",
     .type = FT_TEXT,
     .flags = FIELD_COLUMN | FIELD_READ,
     .offset = R(created_at),
     .input = FIELD_NO_INPUT},
};

#undef R
#undef IN
#undef RW

struct record_kind round_kind = {
    .table = "round",
    .alias = "r",
    .from = "FROM round r",
    .missing = N_("round: no round with id %lld"),
    .fields = round_fields,
    .n_fields = sizeof(round_fields) / sizeof(round_fields[0]),
};
