# old-log.py DB [--device-image-9] ENTITY...: the audit log as an older
# capphat left it, which logged none of ENTITY: their entries taken out, the
# others numbered and chained again (SHA-256 of the fields, each followed by
# a NUL, as audit_entry_hash computes it). The persons' images without
# their recognition date (before schema step 11), the handovers' without
# their note and correction (step 13), return record (step 14) and return
# place (step 18), the
# rounds' without their decision date (step 15); with
# --device-image-9,
# the devices' images without their registration date (created_at), as
# before schema step 10. The append-only triggers are dropped for the change and
# made again as they were.
import hashlib, json, sqlite3, sys

db, kinds = sys.argv[1], sys.argv[2:]
image_9 = "--device-image-9" in kinds
kinds = [k for k in kinds if k != "--device-image-9"]


def device_9(ent, image):
    """the image as an older capphat wrote it: a person's without the
    recognition date (before step 11), with --device-image-9 a device's
    without its registration date (before step 10)"""
    if image is None or ent not in ("device", "person", "handover", "round"):
        return image
    d = json.loads(image)
    if ent == "round":
        d.pop("decision_date", None)
    elif ent == "handover":
        for k in ("note", "corrected_on", "return_no", "return_signed_on", "return_archive_ref",
                  "return_place"):
            d.pop(k, None)
    elif ent == "person":
        d.pop("recognised_on", None)
    elif image_9:
        d.pop("created_at", None)
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))

c = sqlite3.connect(db)
guards = c.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' "
                   "AND tbl_name = 'audit_log'").fetchall()
for name, _ in guards:
    c.execute(f"DROP TRIGGER {name}")
marks = ",".join("?" * len(kinds))
if kinds:
    c.execute(f"DELETE FROM audit_log WHERE entity IN ({marks})", kinds)
prev = "0" * 64
rows = c.execute("SELECT id, at, operator, action, entity, entity_id, before, after "
                 "FROM audit_log ORDER BY id").fetchall()
c.execute("DELETE FROM audit_log")
for n, (_, at, op, act, ent, eid, bef, aft) in enumerate(rows, 1):
    bef, aft = device_9(ent, bef), device_9(ent, aft)
    f = [prev, str(n), at, op, act, ent, str(eid or 0), "0" if bef is None else "1", bef or "",
         "0" if aft is None else "1", aft or ""]
    h = hashlib.sha256(b"".join(x.encode() + b"\0" for x in f)).hexdigest()
    c.execute("INSERT INTO audit_log VALUES (?,?,?,?,?,?,?,?,?,?)",
              (n, at, op, act, ent, eid, bef, aft, prev, h))
    prev = h
for _, sql in guards:
    c.execute(sql)
c.commit()
