# old-log.py DB ENTITY...: the audit log as an older capphat left it, which
# logged none of ENTITY: their entries taken out, the others numbered and
# chained again (SHA-256 of the fields, each followed by a NUL, as
# audit_entry_hash computes it). The append-only triggers are dropped for
# the change and made again as they were.
import hashlib, sqlite3, sys

db, kinds = sys.argv[1], sys.argv[2:]
c = sqlite3.connect(db)
guards = c.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' "
                   "AND tbl_name = 'audit_log'").fetchall()
for name, _ in guards:
    c.execute(f"DROP TRIGGER {name}")
marks = ",".join("?" * len(kinds))
c.execute(f"DELETE FROM audit_log WHERE entity IN ({marks})", kinds)
prev = "0" * 64
rows = c.execute("SELECT id, at, operator, action, entity, entity_id, before, after "
                 "FROM audit_log ORDER BY id").fetchall()
c.execute("DELETE FROM audit_log")
for n, (_, at, op, act, ent, eid, bef, aft) in enumerate(rows, 1):
    f = [prev, str(n), at, op, act, ent, str(eid or 0), "0" if bef is None else "1", bef or "",
         "0" if aft is None else "1", aft or ""]
    h = hashlib.sha256(b"".join(x.encode() + b"\0" for x in f)).hexdigest()
    c.execute("INSERT INTO audit_log VALUES (?,?,?,?,?,?,?,?,?,?)",
              (n, at, op, act, ent, eid, bef, aft, prev, h))
    prev = h
for _, sql in guards:
    c.execute(sql)
c.commit()
