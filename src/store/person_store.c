/*
 * person_store: a person's row, read and written; see
 * include/store/person_store.h. The lists are person_search.c, the bulk
 * loading of an import person_load.c.
 */
#include "store/person_store.h"
#include "store_internal.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/text.h"

#define NAME_MAX_BYTES 200
#define SHORT_MAX_BYTES 300

#define P(m) offsetof(struct person, m)
#define IN(m) offsetof(struct person_input, m)
#define RW (FIELD_COLUMN | FIELD_AUDIT | FIELD_READ)

/*
 * The person's fields (store/field.h). Reads select them in this order (the
 * joins are in person_kind.from: c the commune the person is registered
 * in, d the unit above it — a district, or the province for a commune of
 * 2025 —, t and tp the commune that stands for c today and the unit above
 * it when c was replaced); the audited ones are the audit log's image of a
 * row, in this order.
 */
static const struct field person_fields[] = {
    {.key = "id",
     .type = FT_ID,
     .flags = FIELD_AUDIT | FIELD_READ,
     .offset = P(id),
     .input = FIELD_NO_INPUT},
    {.key = "full_name",
     .type = FT_TEXT,
     .flags = RW | FIELD_REQUIRED,
     .offset = P(full_name),
     .check = CHECK_NAME,
     .input = IN(full_name),
     .max = NAME_MAX_BYTES,
     .label = N_("name"),
     .title = N_("Full name"),
     .option = "--name",
     .arg = "NAME",
     .help = N_("full name (Họ và tên)"),
     .headers = "ho va ten|ho ten|ho va ten nguoi nhan|ho ten nguoi nhan|ho va ten nguoi co uy "
                "tin|ho ten nguoi co uy tin|ten nguoi nhan|nguoi nhan|full name|name|ten"},
    {.key = "gender",
     .type = FT_CHAR,
     .flags = RW | FIELD_REQUIRED,
     .offset = P(gender),
     .check = CHECK_GENDER,
     .input = IN(gender),
     .label = N_("gender"),
     .title = N_("Gender"),
     .option = "--gender",
     .arg = "M|F",
     .help = N_("gender: M (Nam) or F (Nữ)"),
     .headers = "gioi tinh|nam nu|gender|sex"},
    {.key = "birth_year",
     .type = FT_INT,
     .flags = RW | FIELD_ZERO_NULL,
     .offset = P(birth_year),
     .check = CHECK_YEAR,
     .input = IN(birth_year),
     .label = N_("birth year"),
     .title = N_("Birth year"),
     .option = "--birth-year",
     .arg = "YYYY",
     .help = N_("year of birth"),
     .headers = "nam sinh|ngay sinh|ngay thang nam sinh|birth year|year of birth|date of "
                "birth|birth date|dob"},
    {.key = "ethnic_id",
     .name = "ethnic",
     .shows = "ethnic",
     .type = FT_ID,
     .flags = RW | FIELD_ZERO_NULL,
     .offset = P(ethnic_id),
     .check = CHECK_ETHNIC,
     .input = IN(ethnic),
     .label = N_("ethnic group"),
     .title = N_("Ethnic group"),
     .option = "--ethnic",
     .arg = "NAME",
     .help = N_("ethnic group (Tày, Dao, Mông...)"),
     .headers = "dan toc|ethnic group|ethnic|ethnicity"},
    {.key = "ethnic",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = P(ethnic),
     .expr = "e.name",
     .input = FIELD_NO_INPUT},
    {.key = "district_id",
     .name = "district",
     .shows = "district",
     .type = FT_ID,
     .flags = FIELD_READ,
     .offset = P(district_id),
     .expr = "CASE WHEN d.level = 'district' THEN c.parent_id ELSE 0 END",
     .check = CHECK_UNIT,
     .input = IN(district),
     .label = N_("district"),
     .title = N_("District (until 30/06/2025)"),
     .option = "--district",
     .arg = "NAME",
     .help = N_("district, accents optional"),
     .headers = "huyen|huyen thi xa thanh pho|huyen thanh pho|huyen thi xa|district"},
    {.key = "district",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = P(district),
     .expr = "CASE WHEN d.level = 'district' THEN d.name END",
     .input = FIELD_NO_INPUT},
    {.key = "commune_id",
     .name = "commune",
     .shows = "commune",
     .type = FT_ID,
     .flags = RW | FIELD_REQUIRED,
     .offset = P(commune_id),
     .check = CHECK_UNIT,
     .input = IN(commune),
     .label = N_("commune"),
     .title = N_("Commune"),
     .option = "--commune",
     .arg = "NAME",
     .help = N_("commune, accents optional"),
     .headers = "xa|xa phuong thi tran|xa phuong|phuong xa|xa thi tran|commune|ward"},
    {.key = "commune",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = P(commune),
     .expr = "c.name",
     .input = FIELD_NO_INPUT},
    {.key = "as_of",
     .type = FT_NONE,
     .check = CHECK_DATE,
     .input = IN(as_of),
     .label = N_("as-of date"),
     .option = "--as-of",
     .arg = "DATE",
     .help = N_("the date the commune is named on: a name shared by an old commune (until "
                "30/06/2025) and a new one is the one valid then")},
    {.key = "village_id",
     .name = "village",
     .shows = "village",
     .type = FT_ID,
     .flags = RW | FIELD_ZERO_NULL,
     .offset = P(village_id),
     .check = CHECK_UNIT,
     .input = IN(village),
     .max = SHORT_MAX_BYTES,
     .label = N_("village"),
     .title = N_("Village"),
     .option = "--village",
     .arg = "NAME",
     .help = N_("village (thôn, bản)"),
     .headers = "thon|ban|thon ban|ban thon|thon xom|xom|to dan pho|thon ban to dan pho|village"},
    {.key = "village",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = P(village),
     .expr = "v.name",
     .input = FIELD_NO_INPUT},
    {.key = "id_number",
     .name = "cccd",
     .type = FT_TEXT,
     .flags = RW,
     .offset = P(id_number),
     .check = CHECK_CCCD,
     .input = IN(cccd),
     .label = N_("cccd"),
     .title = N_("Citizen ID (CCCD)"),
     .option = "--cccd",
     .arg = "N",
     .help = N_("citizen ID: 12 digits, or 9 for an old ID card"),
     .headers = "so cccd|cccd|so dinh danh|so dinh danh ca nhan|cmnd|so cmnd|cccd cmnd|so cccd "
                "cmnd|cmnd cccd|so cmnd cccd|can cuoc cong dan|so can cuoc|so can cuoc cong "
                "dan|citizen id|id number|id"},
    {.key = "id_kind", .type = FT_TEXT, .flags = RW, .offset = P(id_kind), .input = FIELD_NO_INPUT},
    {.key = "phone",
     .type = FT_TEXT,
     .flags = RW,
     .offset = P(phone),
     .check = CHECK_PHONE,
     .input = IN(phone),
     .label = N_("phone"),
     .title = N_("Phone number"),
     .option = "--phone",
     .arg = "N",
     .help = N_("mobile number"),
     .headers = "sdt|so dt|so dien thoai|dien thoai|dt|phone|phone number|mobile|telephone"},
    {.key = "role",
     .type = FT_TEXT,
     .flags = RW,
     .offset = P(role),
     .check = CHECK_TEXT,
     .input = IN(role),
     .max = SHORT_MAX_BYTES,
     .label = N_("role"),
     .title = N_("Role"),
     .option = "--role",
     .arg = "TEXT",
     .help = N_("role: village head, elder, clan head..."),
     .headers = "chuc vu|chuc danh|vai tro|thanh phan|doi tuong|role|position"},
    {.key = "decision",
     .type = FT_TEXT,
     .flags = RW,
     .offset = P(decision),
     .check = CHECK_TEXT,
     .input = IN(decision),
     .max = SHORT_MAX_BYTES,
     .label = N_("decision"),
     .title = N_("Recognition decision"),
     .option = "--decision",
     .arg = "TEXT",
     .help = N_("recognition decision number"),
     .headers = "quyet dinh|so quyet dinh|quyet dinh cong nhan|so qd|qd cong nhan|decision"},
    {.key = "note",
     .type = FT_TEXT,
     .flags = RW,
     .offset = P(note),
     .check = CHECK_TEXT,
     .input = IN(note),
     .max = TEXT_MAX_BYTES,
     .label = N_("note"),
     .title = N_("Note"),
     .option = "--note",
     .arg = "TEXT",
     .help = N_("note"),
     .headers = "ghi chu|note|notes|remarks|comment"},
    {.key = "active",
     .type = FT_INT,
     .flags = RW | FIELD_EDIT_ONLY,
     .offset = P(active),
     .check = CHECK_YESNO,
     .input = IN(active),
     .label = N_("active"),
     .title = N_("Active"),
     .option = "--active",
     .arg = "yes|no",
     .help = N_("still recognised (edit only)")},
    {.key = "created_at",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = P(created_at),
     .input = FIELD_NO_INPUT},
    {.key = "updated_at",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = P(updated_at),
     .input = FIELD_NO_INPUT},
    {.key = "imei",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = P(imei),
     .expr = "(SELECT dv.imei FROM handover h JOIN device dv ON dv.id = h.device_id "
             "WHERE h.person_id = p.id AND h.returned_on IS NULL ORDER BY h.id DESC LIMIT 1)",
     .input = FIELD_NO_INPUT},
    {.key = "receipt_no",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = P(receipt_no),
     .expr = "(SELECT h.receipt_no FROM handover h "
             "WHERE h.person_id = p.id AND h.returned_on IS NULL ORDER BY h.id DESC LIMIT 1)",
     .input = FIELD_NO_INPUT},
    {.key = "commune_kind",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = P(commune_kind),
     .expr = "c.kind",
     .input = FIELD_NO_INPUT},
    {.key = "upper",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = P(upper),
     .expr = "d.name",
     .input = FIELD_NO_INPUT},
    {.key = "upper_kind",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = P(upper_kind),
     .expr = "d.kind",
     .input = FIELD_NO_INPUT},
    {.key = "now_commune_id",
     .type = FT_ID,
     .flags = FIELD_READ,
     .offset = P(now_commune_id),
     .expr = "t.id",
     .input = FIELD_NO_INPUT},
    {.key = "now_commune",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = P(now_commune),
     .expr = "t.name",
     .input = FIELD_NO_INPUT},
    {.key = "now_commune_kind",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = P(now_commune_kind),
     .expr = "t.kind",
     .input = FIELD_NO_INPUT},
    {.key = "now_upper",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = P(now_upper),
     .expr = "tp.name",
     .input = FIELD_NO_INPUT},
    {.key = "now_upper_kind",
     .type = FT_TEXT,
     .flags = FIELD_READ,
     .offset = P(now_upper_kind),
     .expr = "tp.kind",
     .input = FIELD_NO_INPUT},
    {.key = "version",
     .type = FT_ID,
     .flags = FIELD_READ,
     .offset = P(version),
     .input = FIELD_NO_INPUT},
};

#undef P
#undef IN
#undef RW

struct record_kind person_kind = {
    .table = "person",
    .alias = "p",
    .from = "FROM person p "
            "JOIN unit c ON c.id = p.commune_id "
            "LEFT JOIN unit d ON d.id = c.parent_id "
            "LEFT JOIN unit t ON t.id = " UNIT_AT(
                "p.commune_id",
                "capphat_today()") " AND t.id <> "
                                   "p.commune_id LEFT JOIN unit tp ON tp.id = t.parent_id "
                                   "LEFT JOIN unit v ON v.id = p.village_id "
                                   "LEFT JOIN ethnic_group e ON e.id = p.ethnic_id",
    .fields = person_fields,
    .n_fields = sizeof(person_fields) / sizeof(person_fields[0]),
};

void person_release(struct person *p)
{
    record_release(&person_kind, p, sizeof(*p));
}

void person_store_from_row(sqlite3_stmt *st, struct person *p)
{
    memset(p, 0, sizeof(*p));
    record_from_row(&person_kind, st, p);
}

/* The person's columns, then its folded name, sort key and the time of the
 * change: returns the number of the last parameter bound. */
static int bind_person(sqlite3_stmt *st, const struct person *p, const char *fold,
                       const unsigned char *key, size_t key_len)
{
    int n = record_bind(&person_kind, st, p);
    stmt_bind_text(st, n + 1, fold);
    stmt_bind_blob(st, n + 2, key, key_len);
    stmt_bind_text(st, n + 3, p->updated_at);
    return n + 3;
}

int person_store_insert(struct db *db, const struct person *p, const char *name_fold,
                        const unsigned char *sort_key, size_t key_len, long long *id,
                        struct error *err)
{
    sqlite3_stmt *st =
        db_stmt(db, record_insert_sql(&person_kind, "name_fold, sort_key, updated_at, created_at",
                                      "?, ?, :now, :now"));
    bind_person(st, p, name_fold, sort_key, key_len);
    int rc = stmt_exec(db, st, err);
    if (rc == 0 && id)
        *id = db_last_id(db);
    return rc;
}

int person_store_update(struct db *db, const struct person *p, const char *name_fold,
                        const unsigned char *sort_key, size_t key_len, struct error *err)
{
    sqlite3_stmt *st =
        db_stmt(db, record_update_sql(&person_kind, "name_fold = ?, sort_key = ?, updated_at = ?, "
                                                    "version = version + 1 WHERE id = ?"));
    int n = bind_person(st, p, name_fold, sort_key, key_len);
    stmt_bind_int(st, n + 1, p->id);
    return stmt_exec(db, st, err);
}

int person_store_get(struct db *db, long long id, struct person *out, struct error *err)
{
    sqlite3_stmt *st = db_stmt(db, PERSON_SELECT("WHERE p.id = ?"));
    memset(out, 0, sizeof(*out));
    stmt_bind_int(st, 1, id);
    int rc = stmt_step(db, st, err);
    if (rc == 1)
        person_store_from_row(st, out);
    stmt_done(st);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("person: no person with id %lld"), id);
    return rc < 0 ? rc : 0;
}

long long person_store_find_id_number(struct db *db, const char *id_number)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM person WHERE id_number = ?");
    long long id = 0;
    stmt_bind_text(st, 1, id_number);
    if (stmt_step(db, st, NULL) == 1)
        id = stmt_int(st, 0);
    stmt_done(st);
    return id;
}

long long person_store_find_same(struct db *db, const char *name_fold, int birth_year,
                                 long long commune_id)
{
    /* min(id), not ORDER BY id LIMIT 1: the latter sorts in a temporary
     * B-tree for every row of an import */
    sqlite3_stmt *st = db_stmt(db, "SELECT min(id) FROM person WHERE name_fold = ? AND "
                                   "commune_id = ? AND COALESCE(birth_year, 0) = ?");
    long long id = 0;
    stmt_bind_text(st, 1, name_fold);
    stmt_bind_int(st, 2, commune_id);
    stmt_bind_int(st, 3, birth_year);
    if (stmt_step(db, st, NULL) == 1)
        id = stmt_int(st, 0);
    stmt_done(st);
    return id;
}

char *person_store_snapshot(struct db *db, long long id)
{
    sqlite3_stmt *st = db_stmt(db, record_snapshot_sql(&person_kind));
    char *s = NULL;
    stmt_bind_int(st, 1, id);
    if (stmt_step(db, st, NULL) == 1)
        s = stmt_text_dup(st, 0);
    stmt_done(st);
    return s;
}

int person_store_rekey(struct db *db, unsigned char *(*fn)(const char *name, size_t *len),
                       struct error *err)
{
    sqlite3_stmt *sel = db_stmt(db, "SELECT id, full_name FROM person");
    sqlite3_stmt *upd =
        db_stmt(db, "UPDATE person SET sort_key = ?, version = version + 1 WHERE id = ?");
    int rc;

    while ((rc = stmt_step(db, sel, err)) == 1) {
        size_t len;
        unsigned char *key = fn(stmt_text(sel, 1), &len);
        stmt_bind_blob(upd, 1, key, len);
        stmt_bind_int(upd, 2, stmt_int(sel, 0));
        free(key);
        if ((rc = stmt_exec(db, upd, err)) != 0)
            break;
    }
    stmt_done(sel);
    return rc < 0 ? rc : 0;
}
