"""make bench: runs every measurement of capphat and its references several
times, prints one table and writes it to bench/RESULTS.md.

    /usr/bin/python3 bench/run.py --build build-bench --scale 1 --runs 0 --growth 1

Each measurement runs its command --runs times (0 = 5 at small scales, 3 at
full scale) and reports the median, min and max wall time and the peak
resident memory of the process (getrusage of the child, via os.wait4).
Ratios divide medians measured in the same run. Measurements whose command
does not exist yet are SKIPPED with the reason.

Then (--server 1, the default) the same data set is copied to a private
PostgreSQL server started in the data set's scratch folder (work/pg) and
stopped at the end, also when a measurement fails or the bench is
interrupted: the handover batch, the search and the person import on the
file and on the server side by side, and 8 operators handing out phones at
once on the server (each its own persons and phones; then pairs racing for
the same phones). See server_scale.
"""
import argparse
import datetime
import glob
import os
import platform
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import termios
import fcntl
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
PY = "/usr/bin/python3"
SEED = 2024
DATA = os.path.join(BENCH, "data")  # --data: where the data sets are cached


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Skip(Exception):
    pass


def run_once(argv, env=None, stdout=subprocess.DEVNULL):
    """Wall seconds, peak RSS in KiB, exit status and stdout of one run."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    out = b""
    if stdout == subprocess.PIPE:
        out = p.stdout.read()
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, ru.ru_maxrss, p.returncode, out.decode(errors="replace"), err.decode(errors="replace")


def must(argv, what):
    wall, rss, rc, out, err = run_once(argv, stdout=subprocess.PIPE)
    if rc != 0:
        raise SystemExit("bench: %s failed (exit %d): %s\n%s" % (what, rc, " ".join(argv), err[-2000:]))
    return out


# ---------------------------------------------------------------- data set

def scale_counts(scale):
    persons = max(1, round(100000 * scale))
    return {
        "persons": persons,
        "devices": persons,
        "handovers": round(90000 * scale),
        "sessions": max(1, round(1000 * scale)),
        "attendees": 30 if persons >= 30 else persons,
    }


class Data:
    """The cached data set of one scale under bench/data/pN/."""

    def __init__(self, b, scale):
        self.b = b
        self.c = scale_counts(scale)
        self.dir = os.path.join(DATA, "p%d" % self.c["persons"])
        self.db = os.path.join(self.dir, "demo.db")
        self.empty = os.path.join(self.dir, "empty.db")
        self.devices = os.path.join(self.dir, "devices.csv")
        self.persons = os.path.join(self.dir, "persons.xlsx")
        self.persons_merged = os.path.join(self.dir, "persons-merged-numeric.xlsx")
        self.rows = os.path.join(self.dir, "handover-rows.tsv")
        self.work = os.path.join(self.dir, "work")

    def schema(self):
        """The schema version this capphat writes: a cached data set of another is remade."""
        probe = os.path.join(DATA, "schema-probe.db")
        os.makedirs(os.path.dirname(probe), exist_ok=True)
        def clean():
            # the register and what capphat keeps beside it (its head file,
            # and the head files of the probes before, kept as "replaced")
            for f in glob.glob(glob.escape(probe) + "*"):
                os.remove(f)
        clean()
        must([self.b.capphat, "--db", probe, "init"], "capphat init")
        v = must(["sqlite3", probe, "PRAGMA user_version"], "sqlite3").strip()
        clean()
        return v

    def make(self):
        stamp = os.path.join(self.dir, "ok")
        want = "%r schema %s\n" % (self.c, self.schema())
        if os.path.exists(stamp) and open(stamp).read() == want:
            return
        log("bench: generating the data set of %d persons in %s (cached)" % (self.c["persons"], self.dir))
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        c = self.c
        t0 = time.perf_counter()
        must([self.b.capphat, "--db", self.db, "demo", "--persons", str(c["persons"]),
              "--devices", str(c["devices"]), "--handovers", str(c["handovers"]),
              "--sessions", str(c["sessions"]), "--attendees", str(c["attendees"]),
              "--seed", str(SEED)], "capphat demo")
        log("bench:   demo: %.1f s" % (time.perf_counter() - t0))
        must([self.b.capphat, "--db", self.empty, "init"], "capphat init")
        must([self.b.tool, "gen-devices", str(c["devices"]), str(SEED), self.devices], "gen-devices")
        must([self.b.tool, "gen-persons", self.db, self.persons], "gen-persons")
        must([self.b.tool, "rows", self.db, self.rows], "rows")
        with open(stamp, "w") as f:
            f.write(want)

    def fresh(self, name):
        """A copy of the empty database for one import run (not timed)."""
        os.makedirs(self.work, exist_ok=True)
        path = os.path.join(self.work, name)
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        shutil.copyfile(self.empty, path)
        return path

    def fresh_demo(self, name):
        """A copy of the data set for a command that writes to it (not timed)."""
        os.makedirs(self.work, exist_ok=True)
        path = os.path.join(self.work, name)
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        shutil.copyfile(self.db, path)
        if os.path.exists(self.db + "-wal"):  # the last writes may be there still
            shutil.copyfile(self.db + "-wal", path + "-wal")
        # on disk before the measurement: the first fsync of the command
        # (a checkpoint's) would otherwise write the whole copy out, as
        # an office's register, written long before, never makes it do
        for suffix in ("", "-wal"):
            if os.path.exists(path + suffix):
                fd = os.open(path + suffix, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        return path

    def out(self, name):
        os.makedirs(self.work, exist_ok=True)
        path = os.path.join(self.work, name)
        if os.path.exists(path):
            os.remove(path)
        return path


# ---------------------------------------------------------------- availability

class Binaries:
    def __init__(self, build):
        self.capphat = os.path.join(ROOT, build, "capphat")
        self.tool = os.path.join(ROOT, build, "bench", "bench_tool")
        self._help = {}

    def help(self, cmd):
        if cmd not in self._help:
            _, _, rc, out, err = run_once([self.capphat, cmd, "--help"], stdout=subprocess.PIPE)
            self._help[cmd] = (rc, out + err)
        return self._help[cmd]

    def need(self, cmd, pattern=None, what=None):
        rc, text = self.help(cmd)
        if rc != 0 or "unknown command" in text.lower():
            raise Skip("not available: capphat %s is missing" % cmd)
        if pattern and not re.search(pattern, text):
            raise Skip("not available: capphat %s has no %s yet" % (cmd, what or pattern))


# ---------------------------------------------------------------- full screen in a pty

ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07")
TABBAR = re.compile(r"Settings|Cài đặt")
FKEYBAR = re.compile(r"Quit|Thoát")


class Screen:
    """capphat's full-screen program in an 80x24 pseudo-terminal."""

    def __init__(self, b, db):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            env = dict(os.environ, TERM="xterm-256color", LANGUAGE="en", LC_ALL="C.UTF-8")
            os.execve(b.capphat, [b.capphat, "--db", db], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.t0 = time.perf_counter()
        self.buf = b""

    def read_until(self, pred, timeout):
        end = time.perf_counter() + timeout
        while True:
            text = ANSI.sub(b"", self.buf).decode(errors="replace")
            if pred(text):
                return time.perf_counter()
            left = end - time.perf_counter()
            if left <= 0:
                return None
            r, _, _ = select.select([self.fd], [], [], left)
            if not r:
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return None
            if not chunk:
                return None
            self.buf += chunk

    def quiet(self, gap=0.02, timeout=10):
        """Wait for output and then `gap` seconds of silence; time of the last byte."""
        end = time.perf_counter() + timeout
        last = None
        while time.perf_counter() < end:
            r, _, _ = select.select([self.fd], [], [], gap if last else timeout)
            if not r:
                if last:
                    return last
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return last
            if not chunk:
                return last
            self.buf += chunk
            last = time.perf_counter()
        return last

    def key(self, k):
        self.buf = b""
        t = time.perf_counter()
        os.write(self.fd, k)
        return t

    def close(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        _, status, ru = os.wait4(self.pid, 0)
        os.close(self.fd)
        return ru.ru_maxrss


def first_frame(text):
    return bool(TABBAR.search(text) and FKEYBAR.search(text))


def tui_start(b, d):
    s = Screen(b, d.db)
    t = s.read_until(first_frame, 10)
    rss = s.close()
    if t is None:
        raise Skip("not available: capphat's full-screen program draws no tab bar and F-key bar "
                   "(within 10 s)")
    return t - s.t0, rss


def tui_pages(b, d):
    """Open People (key 2), then page down (up to 20 times) and jump to the end (End)."""
    s = Screen(b, d.db)
    if s.read_until(first_frame, 10) is None:
        s.close()
        raise Skip("not available: capphat's full-screen program draws no first frame")
    s.quiet(0.05)
    times = []
    t = s.key(b"2")
    last = s.quiet(0.05)
    if last is None:
        s.close()
        raise Skip("not available: key 2 (People) draws nothing")
    times.append(last - t)
    for _ in range(20):
        t = s.key(b"\x1b[6~")
        last = s.quiet(0.05, timeout=2)
        if last is None:
            break  # nothing redrawn: the last page is on screen
        times.append(last - t)
    t = s.key(b"\x1b[F")
    last = s.quiet(0.05, timeout=2)
    if last is not None:
        times.append(last - t)
    rss = s.close()
    return max(times), rss


def tui_search(b, d):
    """Search as you type on the People screen: open it, then for 40 real names
    press /, type the start of one of its words without accents keystroke by
    keystroke, and Esc. Each keystroke is timed from the key to the end of the
    redraw it causes; the 99th percentile of the run is reported."""
    rows = must(["sqlite3", d.db, "SELECT name_fold FROM person "
                 "ORDER BY (id * 7919) % 100003 LIMIT 40"], "sqlite3").split("\n")
    names = [r for r in rows if r.strip()]
    if not names:
        raise Skip("no persons in the data set")
    s = Screen(b, d.db)
    if s.read_until(first_frame, 10) is None:
        s.close()
        raise Skip("not available: capphat's full-screen program draws no first frame")
    s.quiet(0.05)
    s.key(b"2")
    s.quiet(0.05)
    times = []
    for i, name in enumerate(names):
        words = name.split()
        word = words[-1] if i % 2 else words[i % len(words)]
        s.key(b"/")
        s.quiet(0.02, timeout=2)
        for ch in word[:12]:
            t = s.key(ch.encode())
            last = s.quiet(0.02, timeout=2)
            if last is not None:
                times.append(last - t)
        s.key(b"\x1b")
        s.quiet(0.05, timeout=2)
    rss = s.close()
    if not times:
        raise Skip("typing in the search box redraws nothing")
    times.sort()
    return times[min(len(times) - 1, (len(times) * 99) // 100)], rss


# ---------------------------------------------------------------- measurements

class M:
    """One measurement: name, a function giving the command (or raising Skip),
    its reference, its target."""

    def __init__(self, key, what, cmd, target=None, limit=None, ref=None, ratio_max=None,
                 mem_limit=None, grows="data", internal=None, pty_fn=None):
        self.key, self.what, self.cmd = key, what, cmd
        self.target, self.limit = target, limit
        self.ref, self.ratio_max = ref, ratio_max
        self.mem_limit = mem_limit
        self.grows = grows          # "data" (linear) or "const"
        self.internal = internal    # index of the value in the tool's stdout (ms)
        self.pty_fn = pty_fn


DAY = (100, 20)  # a day's work: handovers, returns (fewer in a small data set)


def measurements(b, d):
    n = d.c["persons"]
    hand = d.c["handovers"]

    def export_handover():
        b.need("export")
        return [b.capphat, "--db", d.db, "export", "handover", "-o", d.out("handover.xlsx")]

    def export_summary():
        b.need("export")
        return [b.capphat, "--db", d.db, "export", "summary", "-o", d.out("summary.xlsx")]

    def check_full():
        b.need("check", r"--full", "--full")
        return [b.capphat, "--db", d.db, "check", "--full"]

    def check_day():
        """A copy of the register checked once (its head file sealed there),
        then a day's work done on it through capphat (not timed): the
        default check verifies what changed since."""
        b.need("check", r"--full", "--full")
        checked = d.db + ".head"
        if not os.path.exists(checked) or "checked" not in open(checked).read():
            must([b.capphat, "--db", d.db, "check", "--full"], "capphat check --full")
        db = d.fresh_demo("day.db")
        shutil.copyfile(checked, db + ".head")
        # this account's record of the register starts anew with each copy
        # (a copy put over the register it recorded would rightly fail check)
        state = os.path.join(d.work, "day-state")
        shutil.rmtree(state, ignore_errors=True)
        cap = ["env", "XDG_STATE_HOME=" + state, b.capphat, "--db", db]
        q = lambda sql: must(["sqlite3", db, sql], "sqlite3").split()
        day = (min(DAY[0], d.c["persons"] // 20), min(DAY[1], d.c["persons"] // 100))
        persons = q("SELECT id FROM person p WHERE NOT EXISTS (SELECT 1 FROM handover h "
                    "WHERE h.person_id = p.id) ORDER BY id LIMIT %d" % day[0])
        # a phone is handed over while its handover is open (schema step 12)
        imeis = q("SELECT imei FROM device d WHERE status = 'in_stock' AND NOT EXISTS (SELECT 1 "
                  "FROM handover h WHERE h.device_id = d.id AND h.returned_on IS NULL) "
                  "ORDER BY id LIMIT %d" % day[0])
        held = q("SELECT d.imei FROM device d JOIN handover h ON h.device_id = d.id "
                 "AND h.returned_on IS NULL ORDER BY d.id LIMIT %d" % day[1])
        if len(persons) < day[0] or len(imeis) < day[0] or len(held) < day[1]:
            raise Skip("the data set has too few free persons, phones or holders for a day")
        for p, i in zip(persons, imeis):
            must(cap + ["handover", "--person", p, "--imei", i], "handover")
        for i in held:
            must(cap + ["return", "--imei", i, "--reason", "replaced"], "return")
        return cap + ["check"]

    def person_import_merged():
        """The same persons as person_import, under an official list's
        header: two rows with merged cells, the columns numbered; CCCDs and
        phones as numbers, their leading zeros restored."""
        if not os.path.exists(d.persons_merged):
            must([b.tool, "gen-persons-merged", d.db, d.persons_merged], "gen-persons-merged")
        return [b.capphat, "--db", d.fresh("per-merged.db"), "import", "persons",
                d.persons_merged, "--as-of", "2026-01-01"]

    def receipts():
        b.need("receipt", r"-o\b|--output", "-o OUT.pdf")
        ids = [str(i) for i in range(1, min(1000, max(1, hand)) + 1)]
        # receipts are kept for identical reprints: each run prints into its own copy
        return [b.capphat, "--db", d.fresh_demo("receipts.db"), "receipt"] + ids + \
            ["-o", d.out("receipts.pdf"), "--final"]

    return [
        M("export", "handover list export (%d rows)" % hand, export_handover,
          target="≤1.5× C from memory", ref="xlsx_mem", ratio_max=1.5),
        M("export_q", "  same vs C with capphat's queries", None, ref="xlsx_c", ratio_max=1.25,
          target="≤1.25×"),
        M("export_py", "  same vs Python openpyxl", None, ref="xlsx_py", ratio_max=0.2,
          target="≤0.2×"),
        M("xlsx_mem", "  ref: bare libxlsxwriter, the same cells from memory (C, no query)",
          lambda: [b.tool, "xlsx-mem", d.rows, d.out("ref-mem.xlsx")], internal=0),
        M("xlsx_c", "  ref: bare libxlsxwriter reading capphat's queries (C)",
          lambda: [b.tool, "xlsx-ref", d.db, d.out("ref.xlsx")]),
        M("query_share", "  the queries' share of the export: (ref reading them − ref from "
          "memory) / export", None, target="report"),
        M("xlsx_py", "  ref: openpyxl write-only (Python)",
          lambda: [PY, os.path.join(BENCH, "ref_openpyxl.py"), d.rows, d.out("ref-py.xlsx")]),
        M("summary_q", "district summary (store query)",
          lambda: [b.tool, "summary", d.db], internal=0, limit=0.5, target="<0.5 s"),
        M("summary", "district summary (export summary)", export_summary, limit=0.5,
          target="<0.5 s"),
        M("dev_import", "device import (%d CSV rows)" % n,
          lambda: [b.capphat, "--db", d.fresh("dev.db"), "import", "devices", d.devices],
          ref="sqlite_import", ratio_max=2.0, target="≤2× sqlite3"),
        M("sqlite_import", "  ref: sqlite3 .import",
          lambda: ["sqlite3", d.out("raw.db"), ".import --csv %s device_raw" % d.devices]),
        M("person_import", "person import (XLSX list of %d persons less namesakes)" % n,
          lambda: [b.capphat, "--db", d.fresh("per.db"), "import", "persons", d.persons,
                         "--as-of", "2026-01-01"],
          limit=3.0, target="<3 s"),
        M("person_import_merged", "  same persons, merged two-row header", person_import_merged,
          ref="person_import", ratio_max=1.10, target="≤1.10× the clean list"),
        M("search_p50", "search p50 per query (1,000 keystrokes)",
          lambda: [b.tool, "search", d.db, "1000", str(SEED)], internal=0, grows="const",
          target="report"),
        M("search_p99", "search p99 per query",
          lambda: [b.tool, "search", d.db, "1000", str(SEED)], internal=1, grows="const",
          limit=0.005, target="<5 ms"),
        M("tui_start", "full-screen start to first frame", None, pty_fn=tui_start,
          grows="const", limit=0.1, target="<100 ms"),
        M("tui_page", "People: open, page, End (slowest)", None, pty_fn=tui_pages,
          grows="const", limit=0.05, target="<50 ms/page"),
        M("tui_search", "People: search as you type, keystroke to redraw (p99)", None,
          pty_fn=tui_search, grows="const", limit=0.016, mem_limit=64 * 1024,
          target="<16 ms, <64 MB"),
        M("receipts", "receipts: %d pages into one PDF" % min(1000, max(1, hand)), receipts,
          grows="const", limit=5.0, mem_limit=64 * 1024, target="<5 s, <64 MB"),
        M("check_full", "capphat check --full (integrity + whole audit chain)",
          check_full, target="report, ~linear"),
        M("check_day", "capphat check after a day's work (%d handovers, %d returns)"
          % DAY, check_day, grows="const", limit=1.0, target="<1 s"),
    ]


def measure(m, runs):
    """A dict with samples (seconds), rss (KiB), or skip (reason)."""
    walls, rsses = [], []
    try:
        for _ in range(runs):
            if m.pty_fn:
                wall, rss = m.pty_fn_bound()
            else:
                argv = m.cmd()
                stdout = subprocess.PIPE if m.internal is not None else subprocess.DEVNULL
                wall, rss, rc, out, err = run_once(argv, stdout=stdout)
                if rc != 0:
                    return {"skip": "failed (exit %d): %s" % (rc, (err.strip().splitlines() or ["?"])[-1][:120])}
                if m.internal is not None:
                    wall = float(out.split()[m.internal]) / 1000.0
            walls.append(wall)
            rsses.append(rss)
    except Skip as e:
        return {"skip": str(e)}
    return {"samples": walls, "rss": max(rsses)}


def fmt_t(s):
    if s is None:
        return "—"
    if s < 0.001:
        return "%.0f µs" % (s * 1e6)
    if s < 1:
        return "%.1f ms" % (s * 1e3)
    return "%.2f s" % s


def fmt_mem(kib):
    return "%.0f MB" % (kib / 1024.0) if kib else "—"


def run_scale(b, scale, runs, only=None):
    d = Data(b, scale)
    d.make()
    ms = measurements(b, d)
    res = {}
    for m in ms:
        if only and m.key not in only:
            continue
        if m.pty_fn:
            m.pty_fn_bound = (lambda f: (lambda: f(b, d)))(m.pty_fn)
        if m.cmd is None and m.pty_fn is None:
            continue
        if m.key == "search_p99" and "search_p50" in res and "samples" in res["search_p50"]:
            # the same runs give both percentiles
            res[m.key] = dict(res["search_p50"], samples=res["search_p50"]["p99"])
            continue
        log("bench: %-45s" % m.what.strip())
        if m.key == "search_p50":
            r = measure_search(m, runs)
        else:
            r = measure(m, runs)
        res[m.key] = r
        if "skip" in r:
            log("bench:   SKIPPED: %s" % r["skip"])
        else:
            log("bench:   median %s" % fmt_t(statistics.median(r["samples"])))
    if "export" in res:
        res["export_py"] = res["export_q"] = res["export"]
        q, mem, ex = res.get("xlsx_c"), res.get("xlsx_mem"), res["export"]
        if all(r and "samples" in r for r in (q, mem, ex)):
            med = statistics.median
            res["query_share"] = {"share": (med(q["samples"]) - med(mem["samples"])) /
                                  med(ex["samples"])}
    return d, ms, res


def measure_search(m, runs):
    p50, p99, rss = [], [], []
    try:
        for _ in range(runs):
            wall, r, rc, out, err = run_once(m.cmd(), stdout=subprocess.PIPE)
            if rc != 0:
                return {"skip": "failed: %s" % err.strip()[-200:]}
            v = out.split()
            p50.append(float(v[0]) / 1000)
            p99.append(float(v[1]) / 1000)
            rss.append(r)
    except Skip as e:
        return {"skip": str(e)}
    return {"samples": p50, "p99": p99, "rss": max(rss)}


def table(ms, res):
    head = ["what", "median", "min", "max", "peak mem", "ratio", "target", "met?"]
    rows = []
    for m in ms:
        r = res.get(m.key)
        if r is None:
            continue
        if "skip" in r:
            rows.append([m.what, "SKIPPED", "", "", "", "", m.target or "", r["skip"]])
            continue
        if "share" in r:
            rows.append([m.what, "%.0f%%" % (100 * r["share"]), "", "", "", "", m.target or "",
                         "reported"])
            continue
        med = statistics.median(r["samples"])
        ratio, met = "", ""
        if m.ref:
            ref = res.get(m.ref)
            if ref and "samples" in ref:
                q = med / statistics.median(ref["samples"])
                ratio = "%.2f×" % q
                met = "yes" if q <= m.ratio_max else "NO"
            else:
                ratio = "no ref"
        if m.limit is not None:
            ok = med < m.limit and (m.mem_limit is None or r["rss"] < m.mem_limit)
            met = "yes" if ok and met != "NO" else "NO"
        elif m.target == "report":
            met = "reported"
        rows.append([m.what, fmt_t(med), fmt_t(min(r["samples"])), fmt_t(max(r["samples"])),
                     fmt_mem(r["rss"]), ratio, m.target or "", met])
    return head, rows


def markdown(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for r in rows:
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |")
    return "\n".join(out)


def plain(head, rows):
    w = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    line = lambda r: "  ".join(str(c).ljust(w[i]) for i, c in enumerate(r)).rstrip()
    return "\n".join([line(head), line(["-" * x for x in w])] + [line(r) for r in rows])


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = "%.1f GB" % (kb / 1024 / 1024)
    except OSError:
        pass
    load = os.getloadavg()
    sqlite = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[:1]
    return ("CPU: %s; cores: %d; memory: %s; %s %s; load average at start %.2f; sqlite3 %s"
            % (cpu, os.cpu_count(), mem, platform.system(), platform.release(), load[0],
               sqlite[0] if sqlite else "?"))


def growth(b, scales, runs, main_res):
    """Medians of every measurement at each scale, and the factor per 10× data."""
    cols = []
    for s in scales:
        if s == scales[-1] and main_res is not None:
            cols.append(main_res)
        else:
            log("bench: growth at %d persons" % scale_counts(s)["persons"])
            cols.append(run_scale(b, s, runs)[2])
    _, ms, _ = Data(b, scales[-1]), measurements(b, Data(b, scales[-1])), None
    head = ["what"] + ["%d persons" % scale_counts(s)["persons"] for s in scales] + \
        ["×/10× data", "expected", "faster than data?"]
    rows = []
    for m in ms:
        if m.key in ("export_py", "export_q", "query_share"):
            continue
        meds = []
        for c in cols:
            r = c.get(m.key)
            meds.append(statistics.median(r["samples"]) if r and "samples" in r else None)
        if all(x is None for x in meds):
            continue
        f = ""
        flag = ""
        if meds[-1] and len(meds) > 1 and meds[-2]:
            k = meds[-1] / meds[-2]
            f = "%.1f×" % k
            exp = 10.0 if m.grows == "data" else 1.0
            flag = "YES" if k > exp * 2 else "no"
        rows.append([re.sub(r" \(\d[\d,]* [^)]*\)", "", m.what.strip())] + [fmt_t(x) for x in meds] +
                    [f, "10×" if m.grows == "data" else "1× (fixed work)", flag])
    return head, rows


# ---------------------------------------------------------------- the server

PGSERVER = os.path.join(ROOT, "tests", "lib", "pgserver.sh")
IMPORT_AS_OF = "2026-01-01"
OPERATORS = 8  # concurrent operators handing out phones on the server
# the paced variant: each operator one handover every PACED_MS (8 together:
# 80 a second, a quarter of what the server takes back to back; an office's
# operator, who scans a phone and has a paper signed, makes one a minute)
PACED_MS = 100
# untimed handovers of each operator before and after its timed ones, so
# that every timed one is made while all the operators are at work (the
# first ones queue behind all the others' first at once, the last ones run
# while the others' programs close): the steady state, not the ramps
RAMP = 5


class Server:
    """A private PostgreSQL server in the data set's scratch folder
    (tests/lib/pgserver.sh: a Unix socket only, fsync off), holding the data
    set copied by `capphat migrate` (database "capphat") and an empty
    initialised register (database "empty", the template of each import
    run). Stopped by stop(), which run.py calls in a finally block: also
    when a measurement fails or the bench is interrupted."""

    def __init__(self, b, d):
        self.b, self.d = b, d
        self.dir = os.path.join(d.work, "pg")
        self.addr = None
        # capphat keeps, per register address, its backups (XDG_DATA_HOME) and
        # the head of its audit chain (XDG_STATE_HOME): a register made again
        # at the same address would look rewritten; both start empty in the
        # scratch folder with each server
        self.xdg = os.path.join(d.work, "xdg")
        self.env = dict(os.environ, XDG_DATA_HOME=os.path.join(self.xdg, "data"),
                        XDG_STATE_HOME=os.path.join(self.xdg, "state"))

    def start(self):
        os.makedirs(self.d.work, exist_ok=True)
        os.chmod(self.d.work, 0o755)  # the server's own user must reach its folder
        self.stop()  # a server left by a killed run
        shutil.rmtree(self.xdg, ignore_errors=True)
        wall, rss, rc, out, err = run_once([PGSERVER, "start", self.dir], stdout=subprocess.PIPE)
        if rc != 0:
            raise Skip("no PostgreSQL server could be started: %s" %
                       (err.strip().splitlines() or ["?"])[-1][:120])
        self.addr = out.strip().splitlines()[-1]
        log("bench: server at %s" % self.addr)

    def stop(self):
        if os.path.isdir(self.dir):
            subprocess.run([PGSERVER, "stop", self.dir], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)

    def db(self, name):
        """The address of database name on this server."""
        return self.addr.replace("/capphat?", "/%s?" % name, 1)

    def sh(self, argv, what):
        wall, rss, rc, out, err = run_once(argv, env=self.env, stdout=subprocess.PIPE)
        if rc != 0:
            raise SystemExit("bench: %s failed (exit %d): %s\n%s" % (what, rc, " ".join(argv),
                                                                     err[-2000:]))
        return out

    def psql(self, name, sql):
        return self.sh(["psql", "-X", "-q", "-At", self.db(name), "-c", sql], "psql")

    def load(self):
        """The data set into "capphat", an empty register into "empty"."""
        t0 = time.perf_counter()
        self.sh([self.b.capphat, "--db", self.d.db, "migrate", "--to", self.addr], "migrate")
        # the statistics autovacuum would gather a minute later, now
        self.psql("capphat", "VACUUM ANALYZE")
        log("bench:   data set copied to the server: %.1f s" % (time.perf_counter() - t0))
        self.psql("capphat", "CREATE DATABASE empty")
        self.sh([self.b.capphat, "--db", self.db("empty"), "init"], "capphat init")

    def fresh(self, name):
        """A copy of the empty register for one import run (not timed)."""
        self.psql("capphat", "DROP DATABASE IF EXISTS %s" % name)
        self.psql("capphat", "CREATE DATABASE %s TEMPLATE empty" % name)
        return self.db(name)


class Pairs:
    """Free persons and phones of the data set (active, no open handover;
    in stock), handed out in disjoint slices so that every run on the
    server, which keeps what it did, finds them free."""

    def __init__(self, d):
        q = lambda sql: [r for r in must(["sqlite3", d.db, sql], "sqlite3").split("\n") if r]
        self.persons = q("SELECT p.id FROM person p WHERE p.active AND NOT EXISTS (SELECT 1 FROM "
                         "handover h WHERE h.person_id = p.id AND h.returned_on IS NULL) "
                         "ORDER BY p.id")
        self.imeis = q("SELECT d.imei FROM device d WHERE d.status = 'in_stock' AND NOT EXISTS "
                       "(SELECT 1 FROM handover h WHERE h.device_id = d.id AND "
                       "h.returned_on IS NULL) ORDER BY d.id")
        self.np = self.ni = 0
        self.dir = d.work

    def free(self):
        return min(len(self.persons) - self.np, len(self.imeis) - self.ni)

    def file(self, name, n, imeis=None):
        """A file of n "PERSON_ID IMEI" lines, persons not given before; the
        phones too unless given (the race: another operator's phones)."""
        if self.np + n > len(self.persons) or (imeis is None and self.ni + n > len(self.imeis)):
            raise Skip("the data set has too few free persons or phones")
        persons = self.persons[self.np:self.np + n]
        self.np += n
        if imeis is None:
            imeis = self.imeis[self.ni:self.ni + n]
            self.ni += n
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            for p, i in zip(persons, imeis):
                f.write("%s %s\n" % (p, i))
        return path, imeis


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, (len(v) * p) // 100)]


def handovers_run(b, addr, files, env=None, every=0, ramp=0):
    """bench_tool handovers on addr, one process per file, started together
    (after each opened its connection and made one handover, not timed,
    that prepares its statements as an operator's open program has); with
    every (ms), each paced at one handover every that many ms, their
    starts spread over the interval (operators do not all scan at the same
    instant); the first ramp and the last ramp handovers of each after
    the start not timed. Returns (latencies in s, handovers timed and
    made, refused, wall s of the timed ones)."""
    at = (time.time() + 0.5 + 0.1 * len(files)) * 1000
    argv = lambda k, f: ([b.tool, "handovers", addr, f, "%.0f" % (at + k * every / len(files))] +
                         (["%g" % every, str(ramp)] if every or ramp else []))
    procs = [subprocess.Popen(argv(k, f), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=env, cwd=ROOT) for k, f in enumerate(files)]
    lat, done, refused, first, last = [], 0, 0, [], []
    for p in procs:
        out, err = p.communicate()
        if p.returncode != 0:
            err = err.decode(errors="replace").strip()
            log("bench:   %s" % err)
            raise Skip("bench_tool handovers failed: %s" % (err.splitlines() or ["?"])[-1][-160:])
        head, times = out.decode().split("\n", 1)
        v = head.split()
        done += int(v[3]) - int(v[4])
        refused += int(v[4])
        first.append(float(v[5]))
        last.append(float(v[6]))
        lat += [float(x) / 1000 for x in times.split()]
    return lat, done, refused, (max(last) - min(first)) / 1000


def server_scale(b, d, runs, res):
    """The server's rows: a dict of key -> {"file": samples, "server":
    samples} or {"skip": reason}; every file sample is measured in this run
    (res: the file's own measurements, reused where they are the same)."""
    out = {}
    srv = Server(b, d)
    try:
        srv.start()
    except Skip as e:
        return {"skip": str(e)}
    try:
        log("bench: copying the data set to the server")
        srv.load()
        pairs = Pairs(d)
        # each run: a batch, 8 operators alone back to back, 8 racing in
        # pairs (the pairs share phones, not persons), 8 paced: 25 persons
        # per handover of an operator, and one more each for the untimed
        # first handover, and each operator's untimed ramps when the data
        # set has the persons
        per = pairs.free() // (runs * (1 + 3 * OPERATORS))
        ramp = RAMP if per >= 10 * RAMP else 0
        n = max(0, min(100, per - 1 - 2 * ramp))
        log("bench: server: %d handovers per operator and run (%d free persons and phones)"
            % (n, pairs.free()))

        def batch():
            if n < 2:
                raise Skip("the data set has too few free persons and phones")
            r = {"file": {"p50": [], "p99": [], "wall": []}, "server": {"p50": [], "p99": [],
                                                                       "wall": []}}
            for i in range(runs):
                f, _ = pairs.file("batch-%d" % i, n + 1)
                for where, addr in (("file", d.fresh_demo("batch.db")), ("server", srv.addr)):
                    lat, done, refused, wall = handovers_run(b, addr, [f], srv.env)
                    r[where]["p50"].append(pct(lat, 50))
                    r[where]["p99"].append(pct(lat, 99))
                    r[where]["wall"].append(sum(lat))
            return r

        def search():
            r = {"file": {"p50": [], "p99": []}, "server": {"p50": [], "p99": []}}
            for where, addr in (("file", d.db), ("server", srv.addr)):
                if where == "file" and "samples" in res.get("search_p50", {}):
                    r["file"] = {"p50": res["search_p50"]["samples"],
                                 "p99": res["search_p50"]["p99"]}
                    continue
                for _ in range(runs):
                    v = srv.sh([b.tool, "search", addr, "1000", str(SEED)], "search").split()
                    r[where]["p50"].append(float(v[0]) / 1000)
                    r[where]["p99"].append(float(v[1]) / 1000)
            return r

        def person_import():
            r = {"file": {"wall": [], "rss": []}, "server": {"wall": [], "rss": []}}
            if "samples" in res.get("person_import", {}):
                r["file"] = {"wall": res["person_import"]["samples"],
                             "rss": [res["person_import"]["rss"]]}
            # a 100,000-person import takes minutes on the server: once at full scale
            for where in ("file", "server") if not r["file"]["wall"] else ("server",):
                for i in range(runs if d.c["persons"] < 50000 else 1):
                    db = d.fresh("per.db") if where == "file" else srv.fresh("imp%d" % i)
                    wall, rss, rc, o, err = run_once([b.capphat, "--db", db, "import", "persons",
                                                      d.persons, "--as-of", IMPORT_AS_OF],
                                                     env=srv.env)
                    if rc != 0:
                        raise Skip("import on the %s failed: %s" % (where, err.strip()[-120:]))
                    r[where]["wall"].append(wall)
                    r[where]["rss"].append(rss)
                    if where == "server":  # a register of the data set's size: the disk is shared
                        srv.psql("capphat", "DROP DATABASE imp%d" % i)
            return r

        def operators(race, every=0):
            if n < 2:
                raise Skip("the data set has too few free persons and phones")
            r = {"tput": [], "p50": [], "p99": [], "refused": []}
            for i in range(runs):
                files = []
                for k in range(OPERATORS // 2 if race else OPERATORS):
                    f, imeis = pairs.file("op%d-%d-%d-%d" % (race, every, i, 2 * k),
                                          n + 1 + 2 * ramp)
                    files.append(f)
                    if race:  # the other of the pair, the same phones, other persons
                        files.append(pairs.file("op%d-%d-%d-%d" % (race, every, i, 2 * k + 1),
                                                n + 1 + 2 * ramp, imeis)[0])
                lat, done, refused, wall = handovers_run(b, srv.addr, files, srv.env, every,
                                                         ramp)
                r["tput"].append(done / wall)
                r["p50"].append(pct(lat, 50))
                r["p99"].append(pct(lat, 99))
                r["refused"].append(refused)
            return r

        for key, what, fn in (("batch", "handover batch", batch), ("search", "search", search),
                              ("import", "person import", person_import),
                              ("ops", "%d operators" % OPERATORS, lambda: operators(False)),
                              ("race", "%d operators racing in pairs" % OPERATORS,
                               lambda: operators(True)),
                              ("paced", "%d operators, one handover every %d ms each"
                               % (OPERATORS, PACED_MS), lambda: operators(False, PACED_MS))):
            log("bench: server: %s" % what)
            try:
                out[key] = fn()
            except Skip as e:
                out[key] = {"skip": str(e)}
                log("bench:   SKIPPED: %s" % e)
        out["n"] = n
        out["ramp"] = ramp
    finally:
        srv.stop()
    return out


def server_table(c, sres):
    """The rows of the server's table: what, file, server, server/file, target, met?"""
    head = ["what", "file", "server", "server/file", "target", "met?"]
    if "skip" in sres:
        return head, [["on a PostgreSQL server", "SKIPPED", "", "", "", sres["skip"]]]
    med = statistics.median
    rows = []
    n = sres.get("n", 0)

    def side(key, what, field, limit=None, target="report", fmt=fmt_t):
        r = sres.get(key, {})
        if "skip" in r:
            rows.append([what, "SKIPPED", "", "", target, r["skip"]])
            return
        f, s = r["file"][field], r["server"][field]
        fm = med(f) if f else None
        sm = med(s)
        met = "reported" if limit is None else ("yes" if sm < limit else "NO")
        q = sm / fm if fm else None
        ratio = "" if q is None else "%.1f×" % q if q >= 1 else "%.2f×" % q
        rows.append([what, fmt(fm), fmt(sm), ratio, target, met])

    def alone(key, what, field, limit=None, target="report", fmt=fmt_t):
        r = sres.get(key, {})
        if "skip" in r:
            rows.append([what, "", "SKIPPED", "", target, r["skip"]])
            return
        v = med(r[field])
        met = "reported" if limit is None else ("yes" if v < limit else "NO")
        rows.append([what, "", fmt(v), "", target, met])

    side("batch", "handover batch: %d handovers, one operator, p50 per handover" % n, "p50")
    side("batch", "  p99 per handover", "p99")
    side("batch", "  the %d handovers" % n, "wall")
    side("search", "search p50 per query (1,000 keystrokes)", "p50")
    side("search", "search p99 per query", "p99", limit=0.016, target="server <16 ms")
    side("import", "person import (XLSX list of %d persons less namesakes)" % c["persons"],
         "wall")
    rate = lambda v: "%.0f/s" % v
    ramp = sres.get("ramp", 0)
    each = "%d each" % n + (", between %d untimed before and after" % ramp if ramp else "")
    for key, what in (("ops", "%d operators, each its own persons and phones (%s)"
                       % (OPERATORS, each)),
                      ("race", "%d operators, pairs racing for the same phones (%s)"
                       % (OPERATORS, each)),
                      ("paced", "%d operators, each a handover every %d ms (%s), "
                       "timed from when it is due" % (OPERATORS, PACED_MS, each))):
        alone(key, what + ": handovers/s", "tput", fmt=rate)
        alone(key, "  p50 per handover", "p50")
        alone(key, "  p99 per handover", "p99", limit=0.020, target="<20 ms")
        if key == "race":
            alone(key, "  refused: the other of the pair took the phone first", "refused",
                  fmt=lambda v: "%.0f" % v)
    return head, rows


def main():
    global DATA
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build-bench")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--runs", type=int, default=0)
    ap.add_argument("--growth", type=int, default=1)
    ap.add_argument("--results", default=os.path.join(BENCH, "RESULTS.md"))
    ap.add_argument("--data", default=DATA,
                    help="folder of the cached data sets (default bench/data); a copy keeps "
                         "bench/data as it is while another build is measured")
    ap.add_argument("--server", type=int, default=1,
                    help="1: also on a private PostgreSQL server, side by side with the file")
    ap.add_argument("--only", default="",
                    help="comma-separated keys of the measurements to run (e.g. tui_search)")
    a = ap.parse_args()
    # a TERM (make interrupted, a CI timeout) unwinds as an exit, so that the
    # server's finally block stops it
    signal.signal(signal.SIGTERM, lambda sig, frame: sys.exit(128 + sig))
    DATA = os.path.abspath(a.data)
    b = Binaries(a.build)
    runs = a.runs or (3 if a.scale >= 0.5 else 5)
    started = datetime.datetime.now()
    mach = machine()
    log("bench: %s" % mach)
    only = set(k for k in a.only.split(",") if k)
    d, ms, res = run_scale(b, a.scale, runs, only)
    head, rows = table(ms, res)
    shead = srows = None
    if a.server and (not only or "server" in only):
        shead, srows = server_table(d.c, server_scale(b, d, runs, res))
    ghead = grows = None
    scales = [s for s in (a.scale / 100, a.scale / 10, a.scale) if scale_counts(s)["persons"] >= 100]
    if a.growth and len(scales) > 1:
        ghead, grows = growth(b, scales, max(1, min(runs, 3)), res)
    took = (datetime.datetime.now() - started).total_seconds()

    c = d.c
    title = ("capphat benchmarks: %d persons, %d devices, %d handovers, %d sessions × %d attendees "
             "(BENCH_SCALE=%g, %d runs each)" % (c["persons"], c["devices"], c["handovers"],
                                                 c["sessions"], c["attendees"], a.scale, runs))
    print()
    print(title)
    print(plain(head, rows))
    if srows:
        print()
        print("On a PostgreSQL server, side by side with the file:")
        print(plain(shead, srows))
    if grows:
        print()
        print("Growth (median at each size):")
        print(plain(ghead, grows))
    print()
    md = ["# capphat benchmark results", "",
          "Written by `make bench` (bench/run.py); see bench/NOTES.md for what the numbers mean "
          "and what was optimised.", "",
          "- Date: %s (took %.0f s)" % (started.strftime("%Y-%m-%d %H:%M"), took),
          "- Machine: %s" % mach,
          "- %s" % title, "",
          "Times are wall-clock; peak memory is the peak resident set of the measured process. "
          "Ratios divide this run's median by its reference's median, measured in the same run. "
          "Search percentiles are per query, measured inside the bench driver (one process per "
          "run, 1,000 queries).", "",
          markdown(head, rows), ""]
    if srows:
        md += ["## On a PostgreSQL server", "",
               "The same data set copied by `capphat migrate` to a private PostgreSQL server "
               "(tests/lib/pgserver.sh: a Unix socket, fsync off; statistics gathered), "
               "started in the scratch folder and stopped at the end. Each row's file and "
               "server values are medians of this run; a handover is handover_app_give on "
               "an open connection (bench_tool handovers: each process makes one untimed "
               "handover first, then the timed ones, idle after each as the full-screen "
               "program is while the operator reads the screen: the head file is written "
               "then), the percentiles pooled over the operators of a run. With several "
               "operators each makes %d untimed handovers before its timed ones and %d after "
               "them, so that every timed one is made while all of them are at work. "
               "Throughput counts the timed handovers made, from the first operator's first "
               "to the last one's last." % (RAMP, RAMP), "",
               markdown(shead, srows), ""]
    if grows:
        md += ["## Growth", "",
               "Median at each size; the factor compares the two largest sizes (10× the data). "
               "Work proportional to the data should grow about 10×; fixed work (one search, "
               "one screen, 1,000 receipts) about 1×.", "",
               markdown(ghead, grows), ""]
    with open(a.results, "w") as f:
        f.write("\n".join(md))
    log("bench: wrote %s" % a.results)


if __name__ == "__main__":
    main()
