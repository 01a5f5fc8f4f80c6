/*
 * setting_fields: the field table (store/field.h) of the office's
 * settings, in the manner of tmux's options-table.c: each setting written
 * once — its key (the row of the setting table that holds it), where a
 * read puts its value (struct settings), its title in the forms, its
 * longest value and its check. Data only.
 *
 * The settings are rows of a key/value table rather than columns, so the
 * store reads them one key at a time (setting_store_get_all) and the audit
 * log keeps the table whole (SETTING_TABLE_JSON: every row, the dated ones
 * and those the program keeps for itself included), not an image made
 * from this table.
 */
#include "store/setting_store.h"
#include "store_internal.h"

#include <stddef.h>

#include "core/i18n.h"

#define S(m) offsetof(struct settings, m)
#define NAME_BYTES 200

/* In the order `capphat settings` lists them and the form shows them. */
static const struct field setting_fields[] = {
    {.key = "office_name",
     .type = FT_TEXT,
     .flags = FIELD_READ | FIELD_DATED,
     .offset = S(office_name),
     .input = FIELD_NO_INPUT,
     .max = NAME_BYTES,
     .check = CHECK_TEXT,
     .title = N_("Office (issuing body)")},
    {.key = "parent_body",
     .type = FT_TEXT,
     .flags = FIELD_READ | FIELD_DATED,
     .offset = S(parent_body),
     .input = FIELD_NO_INPUT,
     .max = NAME_BYTES,
     .check = CHECK_TEXT,
     .title = N_("Parent body")},
    {.key = "place_name",
     .type = FT_TEXT,
     .flags = FIELD_READ | FIELD_DATED,
     .offset = S(place_name),
     .input = FIELD_NO_INPUT,
     .max = 100,
     .check = CHECK_TEXT,
     .title = N_("Place name for the date line")},
    {.key = "officer_name",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = S(officer_name),
     .input = FIELD_NO_INPUT,
     .max = NAME_BYTES,
     .check = CHECK_TEXT,
     .title = N_("Handing-over officer")},
    {.key = "officer_title",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = S(officer_title),
     .input = FIELD_NO_INPUT,
     .max = NAME_BYTES,
     .check = CHECK_TEXT,
     .title = N_("Officer's title")},
    {.key = "preparer_name",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = S(preparer_name),
     .input = FIELD_NO_INPUT,
     .max = NAME_BYTES,
     .check = CHECK_TEXT,
     .title = N_("Preparer (người lập biểu)")},
    {.key = "preparer_title",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = S(preparer_title),
     .input = FIELD_NO_INPUT,
     .max = NAME_BYTES,
     .check = CHECK_TEXT,
     .title = N_("Preparer's title")},
    {.key = "head_name",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = S(head_name),
     .input = FIELD_NO_INPUT,
     .max = NAME_BYTES,
     .check = CHECK_TEXT,
     .title = N_("Head of office (thủ trưởng)")},
    {.key = "head_title",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = S(head_title),
     .input = FIELD_NO_INPUT,
     .max = NAME_BYTES,
     .check = CHECK_TEXT,
     .title = N_("Head's title")},
    {.key = "receipt_format",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = S(receipt_format),
     .input = FIELD_NO_INPUT,
     .max = 60,
     .check = CHECK_RECEIPT_FORMAT,
     .title = N_("Receipt number format ({N}, {YYYY}, {YY})")},
    {.key = "language",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = S(language),
     .input = FIELD_NO_INPUT,
     .max = 2,
     .check = CHECK_LANGUAGE,
     .title = N_("Interface language (vi or en)")},
    {.key = "backup_keep",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = S(backup_keep),
     .input = FIELD_NO_INPUT,
     .max = 3,
     .check = CHECK_DAYS_KEPT,
     .title = N_("Daily backups kept")},
    {.key = "operator_prompt",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = S(operator_prompt),
     .input = FIELD_NO_INPUT,
     .max = 3,
     .check = CHECK_SWITCH,
     .title = N_("Ask who is working")},
    {.key = "receipt_copies",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = S(receipt_copies),
     .input = FIELD_NO_INPUT,
     .max = 1,
     .check = CHECK_COPIES,
     .title = N_("Originals of each receipt (copies printed)")},
    {.key = "printer",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = S(printer),
     .input = FIELD_NO_INPUT,
     .max = 100,
     .check = CHECK_TEXT,
     .title = N_("Printer for receipts (empty: the default one)")},
};

#undef S

struct record_kind setting_kind = {
    .table = "setting",
    .fields = setting_fields,
    .n_fields = sizeof(setting_fields) / sizeof(setting_fields[0]),
};
