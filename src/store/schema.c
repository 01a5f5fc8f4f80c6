/*
 * schema: the one place where capphat's tables are defined, and the numbered
 * migration steps that bring any older database up to date.
 *
 * The version is PRAGMA user_version, which each step sets as its last
 * statement. Each step runs in one transaction; an
 * existing database is copied next to itself before the first step runs.
 * Rules that must hold whatever program writes the file are in the schema:
 * an IMEI (first or second) appears once (the imei table), a device has at
 * most one open handover, a person one open handover per round (partial
 * unique indexes), the audit log is append-only (triggers).
 */
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/xalloc.h"

static const char *const migration_1 =
    "CREATE TABLE unit (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  level TEXT NOT NULL CHECK (level IN ('province','district','commune','village')),\n"
    "  code TEXT,\n"
    "  name TEXT NOT NULL,\n"
    "  name_fold TEXT NOT NULL,\n"
    "  kind TEXT,\n"
    "  parent_id INTEGER REFERENCES unit(id),\n"
    "  valid_from TEXT,\n"
    "  valid_to TEXT,\n"
    "  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_from < valid_to)\n"
    ");\n"
    "CREATE UNIQUE INDEX unit_code ON unit(level, code, valid_from) WHERE code IS NOT NULL;\n"
    "CREATE UNIQUE INDEX unit_village ON unit(parent_id, name_fold) WHERE level = 'village';\n"
    "CREATE INDEX unit_parent ON unit(parent_id);\n"
    "CREATE INDEX unit_fold ON unit(level, name_fold);\n"
    "\n"
    "CREATE TABLE unit_successor (\n"
    "  old_id INTEGER NOT NULL REFERENCES unit(id),\n"
    "  new_id INTEGER NOT NULL REFERENCES unit(id),\n"
    "  effective TEXT NOT NULL,\n"
    "  PRIMARY KEY (old_id, new_id)\n"
    ");\n"
    "\n"
    "CREATE TABLE ethnic_group (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  code TEXT NOT NULL,\n"
    "  code_list TEXT NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  name_fold TEXT NOT NULL,\n"
    "  UNIQUE (code_list, code)\n"
    ");\n"
    "CREATE TABLE ethnic_alias (\n"
    "  alias_fold TEXT PRIMARY KEY,\n"
    "  ethnic_id INTEGER NOT NULL REFERENCES ethnic_group(id),\n"
    "  alias TEXT NOT NULL\n"
    ");\n"
    "\n"
    "CREATE TABLE person (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  full_name TEXT NOT NULL CHECK (length(full_name) > 0),\n"
    "  name_fold TEXT NOT NULL,\n"
    "  sort_key BLOB NOT NULL,\n"
    "  gender TEXT NOT NULL CHECK (gender IN ('M','F')),\n"
    "  birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),\n"
    "  ethnic_id INTEGER REFERENCES ethnic_group(id),\n"
    "  commune_id INTEGER NOT NULL REFERENCES unit(id),\n"
    "  village_id INTEGER REFERENCES unit(id),\n"
    "  id_number TEXT UNIQUE,\n"
    "  id_kind TEXT CHECK (id_kind IN ('cccd','cmnd')),\n"
    "  phone TEXT,\n"
    "  role TEXT,\n"
    "  decision TEXT,\n"
    "  note TEXT,\n"
    "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),\n"
    "  created_at TEXT NOT NULL,\n"
    "  updated_at TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX person_sort ON person(sort_key);\n"
    "CREATE INDEX person_commune ON person(commune_id, sort_key);\n"
    "CREATE INDEX person_fold ON person(name_fold);\n"
    "\n"
    "CREATE TABLE round (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL UNIQUE,\n"
    "  year INTEGER,\n"
    "  funding TEXT,\n"
    "  decision TEXT,\n"
    "  budget INTEGER CHECK (budget IS NULL OR budget >= 0),\n"
    "  created_at TEXT NOT NULL\n"
    ");\n"
    "\n"
    "CREATE TABLE device (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  imei TEXT NOT NULL CHECK (length(imei) = 15),\n"
    "  imei2 TEXT CHECK (imei2 IS NULL OR (length(imei2) = 15 AND imei2 <> imei)),\n"
    "  model TEXT NOT NULL,\n"
    "  serial TEXT,\n"
    "  supplier TEXT,\n"
    "  contract TEXT,\n"
    "  delivered_on TEXT,\n"
    "  price INTEGER CHECK (price IS NULL OR price >= 0),\n"
    "  warranty_until TEXT,\n"
    "  status TEXT NOT NULL DEFAULT 'in_stock'\n"
    "    CHECK (status IN ('in_stock','handed_over','repair','lost','written_off')),\n"
    "  round_id INTEGER REFERENCES round(id),\n"
    "  note TEXT,\n"
    "  created_at TEXT NOT NULL,\n"
    "  updated_at TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX device_status ON device(status);\n"
    "CREATE INDEX device_round ON device(round_id);\n"
    "\n"
    /* every IMEI of every device, first or second, exactly once */
    "CREATE TABLE imei (\n"
    "  imei TEXT PRIMARY KEY,\n"
    "  device_id INTEGER NOT NULL REFERENCES device(id),\n"
    "  slot INTEGER NOT NULL CHECK (slot IN (1,2)),\n"
    "  UNIQUE (device_id, slot)\n"
    ");\n"
    "CREATE TRIGGER device_imei_insert AFTER INSERT ON device BEGIN\n"
    "  INSERT INTO imei(imei, device_id, slot) VALUES (NEW.imei, NEW.id, 1);\n"
    "  INSERT INTO imei(imei, device_id, slot)\n"
    "    SELECT NEW.imei2, NEW.id, 2 WHERE NEW.imei2 IS NOT NULL;\n"
    "END;\n"
    "CREATE TRIGGER device_imei_update AFTER UPDATE OF imei, imei2 ON device BEGIN\n"
    "  DELETE FROM imei WHERE device_id = OLD.id;\n"
    "  INSERT INTO imei(imei, device_id, slot) VALUES (NEW.imei, NEW.id, 1);\n"
    "  INSERT INTO imei(imei, device_id, slot)\n"
    "    SELECT NEW.imei2, NEW.id, 2 WHERE NEW.imei2 IS NOT NULL;\n"
    "END;\n"
    "CREATE TRIGGER device_no_delete BEFORE DELETE ON device BEGIN\n"
    "  SELECT RAISE(ABORT, 'devices are never deleted: write them off');\n"
    "END;\n"
    "\n"
    "CREATE TABLE receipt_counter (\n"
    "  year INTEGER PRIMARY KEY,\n"
    "  last INTEGER NOT NULL\n"
    ");\n"
    "\n"
    "CREATE TABLE handover (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  receipt_no TEXT NOT NULL UNIQUE,\n"
    "  device_id INTEGER NOT NULL REFERENCES device(id),\n"
    "  person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  round_id INTEGER REFERENCES round(id),\n"
    "  handed_on TEXT NOT NULL,\n"
    "  place TEXT,\n"
    "  officer TEXT,\n"
    "  predecessor_id INTEGER REFERENCES handover(id),\n"
    "  returned_on TEXT,\n"
    "  return_reason TEXT CHECK (return_reason IS NULL OR\n"
    "    return_reason IN ('died','replaced','defective','lost','other')),\n"
    "  return_decision TEXT,\n"
    "  return_note TEXT,\n"
    "  signed_on TEXT,\n"
    "  archive_ref TEXT,\n"
    "  created_at TEXT NOT NULL,\n"
    "  CHECK (returned_on IS NULL OR return_reason IS NOT NULL),\n"
    "  CHECK (returned_on IS NULL OR returned_on >= handed_on)\n"
    ");\n"
    "CREATE UNIQUE INDEX handover_open_device ON handover(device_id) WHERE returned_on IS NULL;\n"
    "CREATE UNIQUE INDEX handover_open_person_round\n"
    "  ON handover(person_id, COALESCE(round_id, 0)) WHERE returned_on IS NULL;\n"
    "CREATE INDEX handover_person ON handover(person_id);\n"
    "CREATE INDEX handover_device ON handover(device_id);\n"
    "CREATE TRIGGER handover_no_delete BEFORE DELETE ON handover BEGIN\n"
    "  SELECT RAISE(ABORT, 'handovers are never deleted');\n"
    "END;\n"
    "\n"
    /* the exact data a receipt was first printed from, so a reprint is identical */
    "CREATE TABLE receipt_print (\n"
    "  handover_id INTEGER PRIMARY KEY REFERENCES handover(id),\n"
    "  printed_at TEXT NOT NULL,\n"
    "  data TEXT NOT NULL,\n"
    "  prints INTEGER NOT NULL DEFAULT 1\n"
    ");\n"
    "\n"
    "CREATE TABLE training_session (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  held_on TEXT NOT NULL,\n"
    "  place TEXT NOT NULL,\n"
    "  trainer TEXT NOT NULL,\n"
    "  topic TEXT NOT NULL,\n"
    "  commune_id INTEGER REFERENCES unit(id),\n"
    "  round_id INTEGER REFERENCES round(id),\n"
    "  created_at TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE attendance (\n"
    "  session_id INTEGER NOT NULL REFERENCES training_session(id),\n"
    "  person_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  PRIMARY KEY (session_id, person_id)\n"
    ");\n"
    "CREATE INDEX attendance_person ON attendance(person_id);\n"
    "\n"
    "CREATE TABLE setting (\n"
    "  key TEXT PRIMARY KEY,\n"
    "  value TEXT NOT NULL\n"
    ");\n" FIRST_SETTINGS "\n"
    "CREATE TABLE audit_log (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  at TEXT NOT NULL,\n"
    "  operator TEXT NOT NULL,\n"
    "  action TEXT NOT NULL,\n"
    "  entity TEXT NOT NULL,\n"
    "  entity_id INTEGER,\n"
    "  before TEXT,\n"
    "  after TEXT,\n"
    "  prev_hash TEXT NOT NULL,\n"
    "  hash TEXT NOT NULL UNIQUE\n"
    ");\n"
    "CREATE INDEX audit_entity ON audit_log(entity, entity_id);\n"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN\n"
    "  SELECT RAISE(ABORT, 'the audit log can only be appended to');\n"
    "END;\n"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN\n"
    "  SELECT RAISE(ABORT, 'the audit log can only be appended to');\n"
    "END;\n"
    "PRAGMA user_version = 1;\n";

/*
 * Version 2: indexes for search and paging at 100,000 persons.
 * - person_same: the duplicate check (same folded name, commune, birth
 *   year) in one probe; its name_fold prefix also serves exact and prefix
 *   search, so person_fold goes.
 * - person_sort also carries name_fold (after id, so that it still walks in
 *   sort_key, id order): a search walking the list in name order tests the
 *   name without reading the table row.
 * - person_birth: the list by birth year walks an index instead of sorting.
 * - person_tri: a trigram index (FTS5, external content: the text stays in
 *   person) of the folded name, citizen ID (until version 4) and phone, so
 *   a search for 3 or
 *   more characters finds its few matches without reading every row; kept
 *   in step with person by the triggers below, whatever program writes.
 * - person_word: each folded name from each of its words to its end (pos 0
 *   = the whole name) with the name's sort key, filled by triggers
 *   (PERSON_TAILS in store_internal.h).
 * - device_imei, device_status: the device list by IMEI and by status
 *   walks an index instead of sorting.
 */
static const char *const migration_2 =
    "CREATE INDEX person_same ON person(name_fold, commune_id, birth_year);\n"
    "DROP INDEX person_fold;\n"
    "DROP INDEX person_sort;\n"
    "CREATE INDEX person_sort ON person(sort_key, id, name_fold);\n"
    "CREATE INDEX person_birth ON person(birth_year, sort_key);\n"
    "CREATE VIRTUAL TABLE person_tri USING fts5(name_fold, id_number, phone, content='person',\n"
    "  content_rowid='id', tokenize='trigram case_sensitive 1');\n"
    "INSERT INTO person_tri(person_tri) VALUES ('rebuild');\n"
    "CREATE TRIGGER person_tri_insert AFTER INSERT ON person BEGIN\n"
    "  INSERT INTO person_tri(rowid, name_fold, id_number, phone)\n"
    "    VALUES (NEW.id, NEW.name_fold, NEW.id_number, NEW.phone);\n"
    "END;\n"
    "CREATE TRIGGER person_tri_update AFTER UPDATE OF name_fold, id_number, phone ON person BEGIN\n"
    "  INSERT INTO person_tri(person_tri, rowid, name_fold, id_number, phone)\n"
    "    VALUES ('delete', OLD.id, OLD.name_fold, OLD.id_number, OLD.phone);\n"
    "  INSERT INTO person_tri(rowid, name_fold, id_number, phone)\n"
    "    VALUES (NEW.id, NEW.name_fold, NEW.id_number, NEW.phone);\n"
    "END;\n"
    "CREATE TRIGGER person_tri_delete AFTER DELETE ON person BEGIN\n"
    "  INSERT INTO person_tri(person_tri, rowid, name_fold, id_number, phone)\n"
    "    VALUES ('delete', OLD.id, OLD.name_fold, OLD.id_number, OLD.phone);\n"
    "END;\n"
    /* every folded name from the start of each of its words to its end
     * (word; pos 0: the whole name, 1: from a later word), with what the
     * name list sorts by: a search by the start of a word (or of the name)
     * reads its matches here, in one range of the index, without reading
     * the person rows */
    "CREATE TABLE person_word (\n"
    "  word TEXT NOT NULL,\n"
    "  pos INTEGER NOT NULL CHECK (pos IN (0, 1)),\n"
    "  sort_key BLOB NOT NULL,\n"
    "  person_id INTEGER NOT NULL,\n"
    "  name_fold TEXT NOT NULL,\n"
    "  PRIMARY KEY (pos, word, person_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX person_word_person ON person_word(person_id);\n"
    /* clang-format off: the macros would split the text below into one
     * literal per character */
    // clang-format off
    "INSERT INTO person_word(word, pos, sort_key, person_id, name_fold)\n"
    "  SELECT " PERSON_TAILS("p") ", p.sort_key, p.id, p.name_fold "
    "FROM person p, " PERSON_WORDS("p") ";\n"
    "CREATE TRIGGER person_word_insert AFTER INSERT ON person BEGIN\n"
    "  INSERT INTO person_word(word, pos, sort_key, person_id, name_fold)\n"
    "    SELECT " PERSON_TAILS("NEW") ", NEW.sort_key, NEW.id, NEW.name_fold "
    "FROM " PERSON_WORDS("NEW") ";\n"
    "END;\n"
    "CREATE TRIGGER person_word_update AFTER UPDATE OF name_fold, sort_key ON person BEGIN\n"
    "  DELETE FROM person_word WHERE person_id = OLD.id;\n"
    "  INSERT INTO person_word(word, pos, sort_key, person_id, name_fold)\n"
    "    SELECT " PERSON_TAILS("NEW") ", NEW.sort_key, NEW.id, NEW.name_fold "
    "FROM " PERSON_WORDS("NEW") ";\n"
    "END;\n"
    "CREATE TRIGGER person_word_delete AFTER DELETE ON person BEGIN\n"
    "  DELETE FROM person_word WHERE person_id = OLD.id;\n"
    "END;\n"
    "CREATE INDEX device_imei ON device(imei);\n"
    "DROP INDEX device_status;\n"
    "CREATE INDEX device_status ON device(status, imei);\n"
    "PRAGMA user_version = 2;\n";
// clang-format on

/*
 * Version 3: the daily backups this database took (backup_app.c). The
 * rotation deletes only files named here: a file planted in the backups
 * folder, or another database's backup, is never counted nor deleted.
 */
static const char *const migration_3 = "CREATE TABLE backup (\n"
                                       "  name TEXT PRIMARY KEY,\n"
                                       "  taken_at TEXT NOT NULL\n"
                                       ");\n"
                                       "PRAGMA user_version = 3;\n";

/*
 * Version 4: the citizen ID leaves the trigram index. A search finds a
 * person by citizen ID only when every digit of it is typed (the unique
 * index on id_number answers that); an index holding its trigrams would
 * only serve searches by a part of it, which would let anyone recover the
 * masked digits one at a time (006000, 006001, ...). person_tri is made
 * again from the rows, with the name and the phone only.
 */
static const char *const migration_4 =
    "DROP TRIGGER person_tri_insert;\n"
    "DROP TRIGGER person_tri_update;\n"
    "DROP TRIGGER person_tri_delete;\n"
    "DROP TABLE person_tri;\n"
    "CREATE VIRTUAL TABLE person_tri USING fts5(name_fold, phone, content='person',\n"
    "  content_rowid='id', tokenize='trigram case_sensitive 1');\n"
    "INSERT INTO person_tri(person_tri) VALUES ('rebuild');\n"
    "CREATE TRIGGER person_tri_insert AFTER INSERT ON person BEGIN\n"
    "  INSERT INTO person_tri(rowid, name_fold, phone) VALUES (NEW.id, NEW.name_fold, NEW.phone);\n"
    "END;\n"
    "CREATE TRIGGER person_tri_update AFTER UPDATE OF name_fold, phone ON person BEGIN\n"
    "  INSERT INTO person_tri(person_tri, rowid, name_fold, phone)\n"
    "    VALUES ('delete', OLD.id, OLD.name_fold, OLD.phone);\n"
    "  INSERT INTO person_tri(rowid, name_fold, phone) VALUES (NEW.id, NEW.name_fold, NEW.phone);\n"
    "END;\n"
    "CREATE TRIGGER person_tri_delete AFTER DELETE ON person BEGIN\n"
    "  INSERT INTO person_tri(person_tri, rowid, name_fold, phone)\n"
    "    VALUES ('delete', OLD.id, OLD.name_fold, OLD.phone);\n"
    "END;\n"
    "PRAGMA user_version = 4;\n";

/*
 * Version 5: the custody of a device in time. A device's custody periods
 * (handed_on to returned_on; an open one runs on) never overlap, whatever
 * program writes the handovers: two people cannot have held one phone on
 * the same day. Same-day return and handover meet, they do not overlap.
 */
#define CUSTODY_OVERLAP                                                                            \
    "  SELECT RAISE(ABORT, 'the custody periods of a device overlap')\n"                           \
    "  WHERE EXISTS (SELECT 1 FROM handover h WHERE h.device_id = NEW.device_id\n"                 \
    "    AND h.id <> NEW.id AND h.handed_on < COALESCE(NEW.returned_on, '9999-12-31')\n"           \
    "    AND COALESCE(h.returned_on, '9999-12-31') > NEW.handed_on);\n"
static const char *const migration_5 =
    "CREATE TRIGGER handover_custody_insert BEFORE INSERT ON handover BEGIN\n" CUSTODY_OVERLAP
    "END;\n"
    "CREATE TRIGGER handover_custody_update\n"
    "  BEFORE UPDATE OF device_id, handed_on, returned_on ON handover BEGIN\n" CUSTODY_OVERLAP
    "END;\n"
    "PRAGMA user_version = 5;\n";
#undef CUSTODY_OVERLAP

/*
 * Version 6: the version of each person, device and handover, one more at
 * each change: a form remembers the version it showed, and a save finds
 * the record changed meanwhile by another operator instead of writing over
 * it (app_seen).
 */
static const char *const migration_6 =
    "ALTER TABLE person ADD COLUMN version INTEGER NOT NULL DEFAULT 1;\n"
    "ALTER TABLE device ADD COLUMN version INTEGER NOT NULL DEFAULT 1;\n"
    "ALTER TABLE handover ADD COLUMN version INTEGER NOT NULL DEFAULT 1;\n"
    "PRAGMA user_version = 6;\n";

/*
 * Version 7: what changed since a check. Every change to a record the
 * audit log tracks — by capphat or by any other program — notes the
 * record in `touched`, with the number of the last audit entry at that
 * moment (seq): `capphat check` compares with the log only the records
 * touched since the last entry it verified, and `check --full` all of
 * them. The triggers are part of the schema check compares: dropping one
 * to edit a row unseen is itself reported.
 */
#define TOUCH(table, key, event, row)                                                              \
    "CREATE TRIGGER touch_" table "_" event " AFTER " event " ON " table " BEGIN\n"                \
    "  INSERT INTO touched(entity, id, seq)\n"                                                     \
    "    VALUES ('" table "', " key ", (SELECT COALESCE(max(id), 0) FROM audit_log))\n"            \
    "    ON CONFLICT (entity, id) DO UPDATE SET seq = excluded.seq;\n"                             \
    "END;\n"
#define TOUCH_ALL(table, key_new, key_old)                                                         \
    TOUCH(table, key_new, "INSERT", "NEW")                                                         \
    TOUCH(table, key_new, "UPDATE", "NEW") TOUCH(table, key_old, "DELETE", "OLD")
static const char *const migration_7 =
    "CREATE TABLE touched (\n"
    "  entity TEXT NOT NULL,\n"
    "  id INTEGER NOT NULL,\n"
    "  seq INTEGER NOT NULL,\n"
    "  PRIMARY KEY (entity, id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX touched_seq ON touched(seq);\n" TOUCH_ALL("person", "NEW.id", "OLD.id")
        TOUCH_ALL("device", "NEW.id", "OLD.id") TOUCH_ALL("handover", "NEW.id", "OLD.id")
            TOUCH_ALL("round", "NEW.id", "OLD.id") TOUCH_ALL("training_session", "NEW.id", "OLD.id")
                TOUCH_ALL("attendance", "NEW.session_id", "OLD.session_id") TOUCH_ALL(
                    "unit", "NEW.id", "OLD.id") TOUCH_ALL("ethnic_group", "NEW.id", "OLD.id")
                    TOUCH_ALL("receipt_print", "NEW.handover_id", "OLD.handover_id")
                        TOUCH_ALL("setting", "0", "0") TOUCH_ALL("ethnic_alias", "0", "0")
                            TOUCH_ALL("unit_successor", "0", "0") "PRAGMA user_version = 7;\n";

/*
 * Version 8: the seal of each audit entry — HMAC-SHA-256 of its number and
 * hash under the office's key, which is kept outside the database
 * (seal_app.c). A script that appends or re-chains entries cannot seal
 * them. Append-only, as the log.
 */
static const char *const migration_8 =
    "CREATE TABLE audit_seal (\n"
    "  id INTEGER PRIMARY KEY REFERENCES audit_log(id),\n"
    "  key_id TEXT NOT NULL,\n"
    "  mac TEXT NOT NULL\n"
    ");\n"
    "CREATE TRIGGER audit_seal_no_update BEFORE UPDATE ON audit_seal BEGIN\n"
    "  SELECT RAISE(ABORT, 'the audit log can only be appended to');\n"
    "END;\n"
    "CREATE TRIGGER audit_seal_no_delete BEFORE DELETE ON audit_seal BEGIN\n"
    "  SELECT RAISE(ABORT, 'the audit log can only be appended to');\n"
    "END;\n"
    "PRAGMA user_version = 8;\n";

/*
 * Version 9: the whole province after the 2025 reorganisation. A unit is
 * its code with its validity: the unique index now holds units whose start
 * is unknown (valid_from NULL, the units of 2023) too, which SQLite's
 * unique index let repeat; the new units of a succession are found from
 * their old ones and back. The units themselves (the 92 communes of Thái
 * Nguyên, the 108 successions of Bắc Kạn) are loaded after this step by
 * app_load_reference_data, from the data built into the program.
 */
static const char *const migration_9 =
    "DROP INDEX unit_code;\n"
    "CREATE UNIQUE INDEX unit_code ON unit(level, code, ifnull(valid_from, ''))\n"
    "  WHERE code IS NOT NULL;\n"
    "CREATE INDEX unit_successor_new ON unit_successor(new_id);\n"
    "PRAGMA user_version = 9;\n";

/*
 * Version 10: a device's registration date (created_at), which bounds the
 * date of its first handover, is part of the device's audited image.
 * Nothing changes in the tables: after this step app_upgrade records the
 * new image of each device whose last entry holds its image as it was
 * (audit_store_each_reimaged); one that differs is left for check to name.
 */
static const char *const migration_10 = "PRAGMA user_version = 10;\n";

/*
 * Version 11: the date of a person's recognition decision (person_fields.c:
 * recognised_on), cited with its number. In the person's audited image
 * from this step: app_upgrade records the new image of each person.
 */
static const char *const migration_11 =
    "ALTER TABLE person ADD COLUMN recognised_on TEXT\n"
    "  CHECK (recognised_on IS NULL OR date(recognised_on) IS recognised_on);\n"
    "PRAGMA user_version = 11;\n";

/*
 * Version 12: whether a device is handed over is one fact, its open
 * handover. device.status keeps the device's own state only (in stock,
 * under repair, lost, written off); reads derive "handed over" from the
 * open handover (device_fields.c), and so does the audit image, which
 * stays what it was: the log, old logs and check agree with it.
 *
 * SQLite cannot change a CHECK in place: the table is made again, its
 * rows copied (to a temporary table, which takes no page of the file) and
 * back under the same ids (a handed-over device is in stock
 * underneath), with its indexes and triggers. Dropping it leaves the
 * rows of handover and imei without their device for a moment: their
 * foreign keys are checked at commit instead (defer_foreign_keys), by
 * when every device is back.
 *
 * Two guards keep "the device of an open handover is in stock" true
 * whatever program writes, so that the devices in stock are the index's
 * in_stock rows less the open handovers: a count needs no look-up per row.
 * handover_closed finds the devices that came back (the reports by last
 * holder) without reading the devices handed over.
 */
#define HELD_IN_STOCK(dev)                                                                         \
    "  SELECT RAISE(ABORT, 'a device handed over stays in stock until it is returned')\n"          \
    "  WHERE (SELECT status FROM device WHERE id = " dev ") <> 'in_stock';\n"
static const char *const migration_12 =
    "PRAGMA defer_foreign_keys = ON;\n"
    "CREATE TEMP TABLE device_v11 AS SELECT * FROM device;\n"
    "DROP TABLE device;\n"
    "CREATE TABLE device (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  imei TEXT NOT NULL CHECK (length(imei) = 15),\n"
    "  imei2 TEXT CHECK (imei2 IS NULL OR (length(imei2) = 15 AND imei2 <> imei)),\n"
    "  model TEXT NOT NULL,\n"
    "  serial TEXT,\n"
    "  supplier TEXT,\n"
    "  contract TEXT,\n"
    "  delivered_on TEXT,\n"
    "  price INTEGER CHECK (price IS NULL OR price >= 0),\n"
    "  warranty_until TEXT,\n"
    "  status TEXT NOT NULL DEFAULT 'in_stock'\n"
    "    CHECK (status IN ('in_stock','repair','lost','written_off')),\n"
    "  round_id INTEGER REFERENCES round(id),\n"
    "  note TEXT,\n"
    "  created_at TEXT NOT NULL,\n"
    "  updated_at TEXT NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1\n"
    ");\n"
    "INSERT INTO device(id, imei, imei2, model, serial, supplier, contract, delivered_on, price,\n"
    "    warranty_until, status, round_id, note, created_at, updated_at, version)\n"
    "  SELECT id, imei, imei2, model, serial, supplier, contract, delivered_on, price,\n"
    "    warranty_until, CASE status WHEN 'handed_over' THEN 'in_stock' ELSE status END,\n"
    "    round_id, note, created_at, updated_at, version FROM device_v11 ORDER BY id;\n"
    "DROP TABLE device_v11;\n"
    "CREATE INDEX device_status ON device(status, imei);\n"
    "CREATE INDEX device_round ON device(round_id);\n"
    "CREATE INDEX device_imei ON device(imei);\n"
    "CREATE TRIGGER device_imei_insert AFTER INSERT ON device BEGIN\n"
    "  INSERT INTO imei(imei, device_id, slot) VALUES (NEW.imei, NEW.id, 1);\n"
    "  INSERT INTO imei(imei, device_id, slot)\n"
    "    SELECT NEW.imei2, NEW.id, 2 WHERE NEW.imei2 IS NOT NULL;\n"
    "END;\n"
    "CREATE TRIGGER device_imei_update AFTER UPDATE OF imei, imei2 ON device BEGIN\n"
    "  DELETE FROM imei WHERE device_id = OLD.id;\n"
    "  INSERT INTO imei(imei, device_id, slot) VALUES (NEW.imei, NEW.id, 1);\n"
    "  INSERT INTO imei(imei, device_id, slot)\n"
    "    SELECT NEW.imei2, NEW.id, 2 WHERE NEW.imei2 IS NOT NULL;\n"
    "END;\n"
    "CREATE TRIGGER device_no_delete BEFORE DELETE ON device BEGIN\n"
    "  SELECT RAISE(ABORT, 'devices are never deleted: write them off');\n"
    "END;\n"
    // clang-format off
    TOUCH_ALL("device", "NEW.id", "OLD.id")
    "CREATE TRIGGER device_held_in_stock BEFORE UPDATE OF status ON device\n"
    "  WHEN NEW.status IS NOT 'in_stock'\n"
    "    AND EXISTS (SELECT 1 FROM handover WHERE device_id = NEW.id AND returned_on IS NULL)\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'a device handed over stays in stock until it is returned');\n"
    "END;\n"
    "CREATE TRIGGER handover_open_in_stock BEFORE INSERT ON handover\n"
    "  WHEN NEW.returned_on IS NULL BEGIN\n"
    HELD_IN_STOCK("NEW.device_id")
    "END;\n"
    "CREATE TRIGGER handover_reopen_in_stock BEFORE UPDATE OF device_id, returned_on ON handover\n"
    "  WHEN NEW.returned_on IS NULL BEGIN\n"
    HELD_IN_STOCK("NEW.device_id")
    "END;\n"
    "CREATE INDEX handover_closed ON handover(device_id) WHERE returned_on IS NOT NULL;\n"
    "PRAGMA user_version = 12;\n";
// clang-format on
#undef HELD_IN_STOCK

/*
 * Version 13: a handover's receipt can be corrected until it is signed
 * (handover_app_edit): its note, printed on the receipt, and the date of
 * the last correction made after the receipt was printed (corrected_on),
 * which makes the next print a corrected original that says so. Both in
 * the handover's audited image from this step: app_upgrade records the new
 * image of each handover.
 */
static const char *const migration_13 =
    "ALTER TABLE handover ADD COLUMN note TEXT;\n"
    "ALTER TABLE handover ADD COLUMN corrected_on TEXT\n"
    "  CHECK (corrected_on IS NULL OR date(corrected_on) IS corrected_on);\n"
    "PRAGMA user_version = 13;\n";

/*
 * Version 14: every return has its own numbered record (biên bản thu hồi):
 * its number (return_no, from return_counter, a series of its own like the
 * receipts'), and whether the paper came back signed (return_signed_on,
 * return_archive_ref) — in the handover's audited image from this step.
 * The exact data a return record was first printed from is kept in
 * return_print, as receipt_print keeps a receipt's. Returns recorded
 * before this step get theirs at step 17.
 */
static const char *const migration_14 =
    "ALTER TABLE handover ADD COLUMN return_no TEXT;\n"
    "ALTER TABLE handover ADD COLUMN return_signed_on TEXT;\n"
    "ALTER TABLE handover ADD COLUMN return_archive_ref TEXT;\n"
    "CREATE UNIQUE INDEX handover_return_no ON handover(return_no) WHERE return_no IS NOT NULL;\n"
    "CREATE TABLE return_counter (\n"
    "  year INTEGER PRIMARY KEY,\n"
    "  last INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE return_print (\n"
    "  handover_id INTEGER PRIMARY KEY REFERENCES handover(id),\n"
    "  printed_at TEXT NOT NULL,\n"
    "  data TEXT NOT NULL,\n"
    "  prints INTEGER NOT NULL DEFAULT 1\n"
    ");\n" TOUCH_ALL("return_print", "NEW.handover_id",
                     "OLD.handover_id") "PRAGMA user_version = 14;\n";
#undef TOUCH_ALL
#undef TOUCH

/*
 * Version 15: the date of a round's decision (round_fields.c:
 * decision_date), cited with its number ("Căn cứ Quyết định số … ngày …").
 * In the round's audited image from this step: app_upgrade records the new
 * image of each round.
 */
static const char *const migration_15 =
    "ALTER TABLE round ADD COLUMN decision_date TEXT\n"
    "  CHECK (decision_date IS NULL OR date(decision_date) IS decision_date);\n"
    "PRAGMA user_version = 15;\n";

/*
 * Version 16: the persons of a village (person_village), so that a search
 * word found in a village's name names its persons (person_search.c, tier
 * 4) without reading every person of the commune.
 */
static const char *const migration_16 = "CREATE INDEX person_village ON person(village_id);\n"
                                        "PRAGMA user_version = 16;\n";

/*
 * Version 17: every return has its record, also those recorded before step
 * 14. Nothing changes in the tables: after this step app_upgrade numbers
 * each return without a record, in the order of the returns, an audited
 * change each (handover_app_number_old_returns).
 */
static const char *const migration_17 = "PRAGMA user_version = 17;\n";

/*
 * Version 18: where a device was taken back (return_place), printed in the
 * body of its return record ("Địa điểm: …") as a handover's place is in its
 * receipt's. In the handover's audited image from this step: app_upgrade
 * records the new image of each handover.
 */
static const char *const migration_18 = "ALTER TABLE handover ADD COLUMN return_place TEXT;\n"
                                        "PRAGMA user_version = 18;\n";

/*
 * Version 19: nothing changes in a file, whose person_word is already its
 * own index (WITHOUT ROWID: every column in the rows of its key). On a
 * server (schema_pg.c) the same rows get an index that holds what a
 * search reads of them, so that the names from a later word starting with
 * a text are read from the index alone.
 */
static const char *const migration_19 = "PRAGMA user_version = 19;\n";

static const char *const migrations[] = {
    NULL, /* version 0: an empty file */
    migration_1,  migration_2,  migration_3,  migration_4,  migration_5,
    migration_6,  migration_7,  migration_8,  migration_9,  migration_10,
    migration_11, migration_12, migration_13, migration_14, migration_15,
    migration_16, migration_17, migration_18, migration_19,
};
#define SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(*migrations)) - 1)

int db_schema_version(void)
{
    return SCHEMA_VERSION;
}

static int user_version(struct db *db, int *v, struct error *err)
{
    struct stmt *st = db_stmt(db, "PRAGMA user_version");
    int rc = stmt_step(db, st, err);
    if (rc == 1)
        *v = (int)stmt_int(st, 0);
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

int schema_check(struct db *db, int existing, struct error *err)
{
    int v = 0, rc;

    db->upgrade_from = 0;
    db->empty = 0;
    if ((rc = user_version(db, &v, err)) != 0)
        return rc;
    if (v > SCHEMA_VERSION)
        return error_set(err, ERR_IO,
                         _("database '%s' was made by a newer capphat (schema version %d; this "
                           "program knows up to %d): use the newer program"),
                         db->path, v, SCHEMA_VERSION);
    if (v == SCHEMA_VERSION)
        return 0;
    if (db->readonly)
        return error_set(err, ERR_IO,
                         _("database '%s' needs an upgrade (version %d to %d) but is opened "
                           "read-only; run 'capphat init'"),
                         db->path, v, SCHEMA_VERSION);
    if (v == 0 && existing) {
        /* an existing file without our schema: refuse rather than mix tables */
        struct stmt *st = db_stmt(db, "SELECT count(*) FROM sqlite_schema");
        int n = 0;
        /* a file that cannot be read is not an empty one */
        if ((rc = stmt_step(db, st, err)) == 1)
            n = (int)stmt_int(st, 0);
        stmt_done(st);
        if (rc < 0)
            return rc;
        if (n > 0)
            return error_set(err, ERR_IO,
                             _("'%s' is an SQLite file but not a capphat database; choose another "
                               "file"),
                             db->path);
        /* nothing in it yet: only init makes the schema (db_open then
         * treats the file as new and never comes here) */
        return error_set(err, ERR_NOT_FOUND,
                         _("database '%s' is empty; create it with 'capphat init'"), db->path);
    }
    /* version 0: nothing in it yet (a new file, or one whose creation was
     * cut short), made whole by schema_create; an older one is upgraded */
    db->empty = v == 0;
    db->upgrade_from = v;
    return 0;
}

int db_made_version(const struct db *db)
{
    return db->made_version ? db->made_version : SCHEMA_VERSION;
}

int db_upgrade_from(const struct db *db)
{
    return db->empty ? 0 : db->upgrade_from;
}

/* Steps from+1 .. to, one transaction each. */
static int run_steps(struct db *db, int from, int to, struct error *err)
{
    int rc;

    db->schema_ok = 1; /* capphat's own steps make it */
    for (int step = from + 1; step <= to; step++) {
        if ((rc = db_begin(db, err)) != 0)
            return rc;
        /* each step ends by setting its own PRAGMA user_version */
        rc = db_exec(db, migrations[step], err);
        int rc2 = db_end(db, rc == 0, rc == 0 ? err : NULL);
        if (rc || rc2) {
            error_prefix(err, _("upgrading database '%s' to version %d failed"), db->path, step);
            return rc ? rc : rc2;
        }
    }
    db->upgrade_from = 0;
    db->schema_ok = 0; /* what the steps did not make is found at the next write */
    return 0;
}

int db_upgrade(struct db *db, struct error *err)
{
    int rc;
    if (!db->upgrade_from)
        return 0;
    if (!db->pg)
        return run_steps(db, db->upgrade_from, SCHEMA_VERSION, err);
    if ((rc = schema_pg_upgrade(db, db->upgrade_from, err)) == 0)
        db->upgrade_from = 0;
    return rc;
}

int schema_create(struct db *db, struct error *err)
{
    return run_steps(db, 0, SCHEMA_VERSION, err);
}

int schema_create_at(struct db *db, int version, struct error *err)
{
    return run_steps(db, 0, version, err);
}
