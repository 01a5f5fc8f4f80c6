/*
 * unit_fields: the field table (store/field.h) of an administrative unit —
 * the province, district, commune and village rows that lists, forms and
 * documents print ("xã Bằng Lãng, huyện Chợ Đồn") —, in the manner of
 * tmux's options-table.c. Data only.
 */
#include "store/unit_store.h"
#include "store_internal.h"

#include <stddef.h>

#include "core/i18n.h"

#define U(m) offsetof(struct unit, m)
#define RW (FIELD_COLUMN | FIELD_AUDIT | FIELD_READ)

/*
 * Reads select them in this order (unit_kind.from: p the unit above);
 * ethnic_store_list reads its groups into the same columns. The audited
 * ones are the audit log's image of a row, in this order: name_fold is
 * made by the store from the name, and kept in no struct.
 */
static const struct field unit_fields[] = {
    {.key = "id",
     .type = FT_ID,
     .flags = FIELD_AUDIT | FIELD_READ,
     .offset = U(id),
     .input = FIELD_NO_INPUT},
    {.key = "level", .type = FT_TEXT, .flags = RW, .offset = U(level), .input = FIELD_NO_INPUT},
    {.key = "code", .type = FT_TEXT, .flags = RW, .offset = U(code), .input = FIELD_NO_INPUT},
    {.key = "name", .type = FT_TEXT, .flags = RW, .offset = U(name), .input = FIELD_NO_INPUT},
    {.key = "name_fold", .type = FT_NONE, .flags = FIELD_AUDIT, .input = FIELD_NO_INPUT},
    {.key = "kind", .type = FT_TEXT, .flags = RW, .offset = U(kind), .input = FIELD_NO_INPUT},
    {.key = "parent_id",
     .type = FT_ID,
     .flags = RW | FIELD_ZERO_NULL,
     .offset = U(parent_id),
     .shows = "parent_name",
     .input = FIELD_NO_INPUT},
    {.key = "parent_name",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = U(parent_name),
     .expr = "p.name",
     .input = FIELD_NO_INPUT},
    {.key = "valid_from",
     .type = FT_TEXT,
     .flags = RW,
     .offset = U(valid_from),
     .input = FIELD_NO_INPUT},
    {.key = "valid_to",
     .type = FT_TEXT,
     .flags = RW,
     .offset = U(valid_to),
     .input = FIELD_NO_INPUT},
    {.key = "parent_kind",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = U(parent_kind),
     .expr = "p.kind",
     .input = FIELD_NO_INPUT},
    {.key = "parent_level",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = U(parent_level),
     .expr = "p.level",
     .input = FIELD_NO_INPUT},
};

#undef U
#undef RW

struct record_kind unit_kind = {
    .table = "unit",
    .alias = "u",
    .from = "FROM unit u LEFT JOIN unit p ON p.id = u.parent_id",
    .missing = N_("no unit with id %lld"),
    .fields = unit_fields,
    .n_fields = sizeof(unit_fields) / sizeof(unit_fields[0]),
};
