/*
 * handover_fields: the handover's field table (store/field.h), in the
 * manner of tmux's options-table.c: each field of a handover written once,
 * with what the store derives from it — the columns a read selects (with
 * the device's IMEIs and model and the person's name, joined), the row
 * reader, the insert and its binds, the release, and the audit log's image
 * of a row. Data only.
 */
#include "store/handover_store.h"
#include "store_internal.h"

#include <stddef.h>

#define H(m) offsetof(struct handover, m)
#define RW (FIELD_COLUMN | FIELD_AUDIT | FIELD_READ)
#define RA (FIELD_AUDIT | FIELD_READ)

/*
 * Reads select them in this order (handover_kind.from: h the handover, d
 * its device, p its person); the audited ones are the audit log's image of
 * a row, in this order; an insert writes the columns, in this order.
 */
static const struct field handover_fields[] = {
    {.key = "id", .type = FT_ID, .flags = RA, .offset = H(id), .input = FIELD_NO_INPUT},
    {.key = "receipt_no",
     .type = FT_TEXT,
     .flags = RW,
     .offset = H(receipt_no),
     .input = FIELD_NO_INPUT},
    {.key = "device_id",
     .type = FT_ID,
     .flags = RW,
     .offset = H(device_id),
     .input = FIELD_NO_INPUT},
    {.key = "imei",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = H(imei),
     .expr = "d.imei",
     .input = FIELD_NO_INPUT},
    {.key = "imei2",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = H(imei2),
     .expr = "d.imei2",
     .input = FIELD_NO_INPUT},
    {.key = "model",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = H(model),
     .expr = "d.model",
     .input = FIELD_NO_INPUT},
    {.key = "person_id",
     .type = FT_ID,
     .flags = RW,
     .offset = H(person_id),
     .input = FIELD_NO_INPUT},
    {.key = "person_name",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = H(person_name),
     .expr = "p.full_name",
     .input = FIELD_NO_INPUT},
    {.key = "round_id",
     .type = FT_ID,
     .flags = RW | FIELD_ZERO_NULL,
     .offset = H(round_id),
     .input = FIELD_NO_INPUT},
    {.key = "handed_on",
     .type = FT_TEXT,
     .flags = RW,
     .offset = H(handed_on),
     .input = FIELD_NO_INPUT},
    {.key = "place", .type = FT_TEXT, .flags = RW, .offset = H(place), .input = FIELD_NO_INPUT},
    {.key = "officer", .type = FT_TEXT, .flags = RW, .offset = H(officer), .input = FIELD_NO_INPUT},
    {.key = "predecessor_id",
     .type = FT_ID,
     .flags = RW | FIELD_ZERO_NULL,
     .offset = H(predecessor_id),
     .input = FIELD_NO_INPUT},
    /* written by a return (handover_store_close) and a signature
     * (handover_store_mark_signed), not by an insert */
    {.key = "returned_on",
     .type = FT_TEXT,
     .flags = RA,
     .offset = H(returned_on),
     .input = FIELD_NO_INPUT},
    {.key = "return_reason",
     .type = FT_TEXT,
     .flags = RA,
     .offset = H(return_reason),
     .input = FIELD_NO_INPUT},
    {.key = "return_decision",
     .type = FT_TEXT,
     .flags = RA,
     .offset = H(return_decision),
     .input = FIELD_NO_INPUT},
    {.key = "return_note",
     .type = FT_TEXT,
     .flags = RA,
     .offset = H(return_note),
     .input = FIELD_NO_INPUT},
    {.key = "signed_on",
     .type = FT_TEXT,
     .flags = RA,
     .offset = H(signed_on),
     .input = FIELD_NO_INPUT},
    {.key = "archive_ref",
     .type = FT_TEXT,
     .flags = RA,
     .offset = H(archive_ref),
     .input = FIELD_NO_INPUT},
    {.key = "created_at",
     .type = FT_TEXT,
     .flags = FIELD_COLUMN | FIELD_READ,
     .offset = H(created_at),
     .input = FIELD_NO_INPUT},
    /* a correction's (handover_store_update), from schema step 13 */
    {.key = "note",
     .type = FT_TEXT,
     .flags = RW,
     .offset = H(note),
     .since = 13,
     .input = FIELD_NO_INPUT},
    {.key = "corrected_on",
     .type = FT_TEXT,
     .flags = RW,
     .offset = H(corrected_on),
     .since = 13,
     .input = FIELD_NO_INPUT},
    /* a return's record (handover_store_close, _mark_return_signed), from
     * schema step 14 */
    {.key = "return_no",
     .type = FT_TEXT,
     .flags = RA,
     .offset = H(return_no),
     .since = 14,
     .input = FIELD_NO_INPUT},
    {.key = "return_signed_on",
     .type = FT_TEXT,
     .flags = RA,
     .offset = H(return_signed_on),
     .since = 14,
     .input = FIELD_NO_INPUT},
    {.key = "return_archive_ref",
     .type = FT_TEXT,
     .flags = RA,
     .offset = H(return_archive_ref),
     .since = 14,
     .input = FIELD_NO_INPUT},
    /* where the device was taken back (handover_store_close), from schema
     * step 18 */
    {.key = "return_place",
     .type = FT_TEXT,
     .flags = RA,
     .offset = H(return_place),
     .since = 18,
     .input = FIELD_NO_INPUT},
    {.key = "version",
     .type = FT_ID,
     .flags = FIELD_READ,
     .offset = H(version),
     .input = FIELD_NO_INPUT},
};

#undef H
#undef RW
#undef RA

struct record_kind handover_kind = {
    .table = "handover",
    .alias = "h",
    .from =
        "FROM handover h JOIN device d ON d.id = h.device_id JOIN person p ON p.id = h.person_id",
    .fields = handover_fields,
    .n_fields = sizeof(handover_fields) / sizeof(handover_fields[0]),
};
