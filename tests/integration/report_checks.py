"""Checks of turno-report's outputs on the engine-built fixture (see report.sh).

Every expected number below is worked out by hand from the timeline in
tests/tools/report-fixture.c; the comments show the arithmetic. Prints TAP lines
numbered after the shell's own."""
import csv
import io
import json
import math
import re
import sys
import xml.etree.ElementTree as ET

out = sys.argv[1]
n = int(sys.argv[2])


def tap(good, what, why=""):
    global n
    n += 1
    print(("ok %d - %s" if good else "not ok %d - %s") % (n, what))
    if not good and why:
        for line in str(why).splitlines()[:20]:
            print("# " + line)


def read(name):
    with open(f"{out}/{name}", encoding="utf-8") as f:
        return f.read()


def status(name):
    return int(read(name + ".rc"))


def load_json(name):
    try:
        return json.loads(read(name))
    except Exception as e:  # a parse failure is a test failure, reported once
        tap(False, f"{name} parses as JSON", e)
        return None


def expect(what, got, want):
    good = got == want if not isinstance(want, float) else (got is not None and abs(got - want) < 0.051)
    tap(good, what, f"expected {want!r}, got {got!r}")


def mmss(seconds):
    s = int(math.floor(seconds + 0.5))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def text_rows(text):
    """Rows of an aligned text table: cells are separated by two or more blanks."""
    lines = [l for l in text.splitlines() if l.strip() and not l.startswith("─")]
    return [re.split(r"\s{2,}", l.strip()) for l in lines]


# ---------------------------------------------------------------- summary
summary = load_json("summary.json")
if summary:
    rows = {r["service"]: r for r in summary["rows"]}
    a, b, t = rows.get("A", {}), rows.get("B", {}), summary["total"]
    expect("JSON names a service by letter and name apart",
           [(r["service"], r["service_name"]) for r in summary["rows"]],
           [("A", "Anagrafe, certificati"), ("B", 'Tributi "TARI"')])
    # A: tickets Fri A001 A002, Sun A001, Mon A001, Tue A001 A002, and Tue B001 transferred to A
    #    → issued 7, served 3, no-show 1 (Fri A002), pending 3 (Tue A001 at the counter, A002
    #    and B001 waiting), transferred 1. Tue B001's 60 s are only its first queue's wait:
    #    not a whole wait, so not among the waits.
    #    Waits of called tickets: 600 900 1800 60 1500 → sorted 60 600 900 1500 1800;
    #    mean 4860/5 = 972; median rank ceil(2.5)=3 → 900; p90 rank ceil(4.5)=5 → 1800.
    #    Within 10 min (600 s): 60 and 600 → 2 of 5 = 40 %. Service: 600 600 600.
    expect("A issued", a.get("issued"), 7)
    expect("A transferred (Tue B001, into A)", a.get("transferred"), 1)
    expect("A served", a.get("served"), 3)
    expect("A no-shows", a.get("no_show"), 1)
    expect("A pending (still waiting or at a counter at the end)", a.get("pending"), 3)
    expect("A mean wait 972 s", a.get("wait_mean_s"), 972.0)
    expect("A median wait 900 s", a.get("wait_median_s"), 900)
    expect("A p90 wait 1800 s", a.get("wait_p90_s"), 1800)
    expect("A within target 40 %", a.get("within_target_pct"), 40.0)
    expect("A mean service 600 s", a.get("service_mean_s"), 600.0)
    expect("A target 10 min", a.get("target_min"), 10)
    # B (current service): Fri B001, A003 (transferred A→B), Sun B001, Mon B001 B002.
    #    Waits 900 720 300 600 → sorted 300 600 720 900; mean 2520/4 = 630; median rank 2
    #    → 600; p90 rank ceil(3.6)=4 → 900. Within 20 min: all 4 → 100 %.
    #    Service 1140 480(180+300) 600 1080 → mean 3300/4 = 825; median rank 2 → 600.
    expect("B issued", b.get("issued"), 5)
    expect("B expired (Mon B002, never called)", b.get("expired"), 1)
    expect("B transferred (A003 from A)", b.get("transferred"), 1)
    expect("B mean wait 630 s", b.get("wait_mean_s"), 630.0)
    expect("B median wait 600 s", b.get("wait_median_s"), 600)
    expect("B p90 wait 900 s", b.get("wait_p90_s"), 900)
    expect("B within target 100 %", b.get("within_target_pct"), 100.0)
    expect("B mean service 825 s (transfer: both counters' time)", b.get("service_mean_s"), 825.0)
    expect("B median service 600 s", b.get("service_median_s"), 600)
    # Total: waits 60 300 600 600 720 900 900 1500 1800 → sum 7380, mean 820; median rank
    #    ceil(4.5)=5 → 720; p90 rank ceil(8.1)=9 → 1800. Within: 2 + 4 of 9 = 66.7 %.
    #    Service 480 600 600 600 600 1080 1140 → mean 5100/7 = 728.6; median rank 4 → 600.
    expect("total issued (Thursday 26 is outside the range)", t.get("issued"), 12)
    expect("total pending and transferred", (t.get("pending"), t.get("transferred")), (3, 2))
    expect("total served", t.get("served"), 7)
    expect("total mean wait 820 s", t.get("wait_mean_s"), 820.0)
    expect("total median wait 720 s", t.get("wait_median_s"), 720)
    expect("total p90 wait 1800 s", t.get("wait_p90_s"), 1800)
    expect("total longest wait 1800 s", t.get("wait_max_s"), 1800)
    expect("total mean service 728.6 s", t.get("service_mean_s"), 728.6)
    expect("total within target 66.7 %", t.get("within_target_pct"), 66.7)
    expect("JSON says the range", (summary.get("from"), summary.get("to")), ("2026-03-27", "2026-03-31"))

    # CSV parses (RFC 4180: a comma and quotes in the service names) and agrees with JSON.
    try:
        table = list(csv.reader(io.StringIO(read("summary.csv"), newline="")))
        header, body = table[0], table[1:]
        tap(len(body) == 3 and all(len(r) == len(header) for r in body), "CSV: header, 2 services, total; even rows",
            table)
        names = [r[1] for r in body]
        expect("CSV keeps the comma and quotes of service names", names[:2],
               ["Anagrafe, certificati", 'Tributi "TARI"'])
        expect("CSV for programs: the letter and the name in two columns", [r[0] for r in body],
               ["A", "B", ""])
        col = {h: i for i, h in enumerate(header)}
        agree = True
        why = []
        for r, j in zip(body, summary["rows"] + [summary["total"]]):
            for h, key in (("Emessi", "issued"), ("Attesa media (s)", "wait_mean_s"),
                           ("Attesa 90° perc. (s)", "wait_p90_s"), ("Entro lo standard (%)", "within_target_pct")):
                v = r[col[h]]
                got = float(v) if v else None
                if got != (None if j[key] is None else float(j[key])):
                    agree = False
                    why.append(f"{h}: csv {v} json {j[key]}")
        tap(agree, "CSV agrees with JSON", "\n".join(why))
    except Exception as e:
        tap(False, "CSV parses", e)

    # The text table shows the same figures, durations as m:ss.
    trs = text_rows(read("summary.table"))
    header = trs[1]
    body = trs[2:]
    agree = len(body) == 3
    why = [f"rows {body}"]
    for r, j in zip(body, summary["rows"] + [summary["total"]]):
        cells = dict(zip(header, r))
        if cells.get("Emessi") != str(j["issued"]) or cells.get("Attesa media") != mmss(j["wait_mean_s"]) \
                or cells.get("Entro lo standard") != f"{j['within_target_pct']:.1f}%":
            agree = False
            why.append(f"{cells} vs {j}")
    tap(agree, "the text table agrees with JSON (m:ss, %)", "\n".join(why))
    widths = {len(l) for l in read("summary.table").splitlines()[2:] if l.strip()}
    tap(len(widths) <= 2, "text table lines are aligned (UTF-8 widths: ° and — count one)",
        read("summary.table"))

en = list(csv.reader(io.StringIO(read("summary.en.csv"), newline="")))
expect("--lang en labels", en[0][:4], ["Service", "Service name", "Target (min)", "Issued"])
expect("--lang en service names", en[1][:2], ["A", "Registry, certificates"])

# ---------------------------------------------------------------- by day, DST, empty day
day = load_json("day.json")
if day:
    days = {r["day"]: r for r in day["rows"]}
    expect("every day of the range has a row", sorted(days), ["2026-03-27", "2026-03-28", "2026-03-29",
                                                              "2026-03-30", "2026-03-31"])
    sat = days.get("2026-03-28", {})
    expect("Saturday without tickets: 0 issued, no wait figures",
           (sat.get("issued"), sat.get("wait_mean_s"), sat.get("within_target_pct")), (0, None, None))
    fri = days.get("2026-03-27", {})
    # Fri waits 600 900 900 720 → mean 780, median rank 2 of 600 720 900 900 → 720,
    # within: A001 600 ≤ 600 yes, A002 900 > 600 no, B001 900 ≤ 1200, A003 720 ≤ 1200 → 75 %.
    expect("Friday mean wait 780 s", fri.get("wait_mean_s"), 780.0)
    expect("Friday median wait 720 s", fri.get("wait_median_s"), 720)
    expect("Friday within target 75 %", fri.get("within_target_pct"), 75.0)
    sun = days.get("2026-03-29", {})
    # DST Sunday: waits 1800 (A) and 300 (B) → mean 1050, median rank 1 → 300, p90 rank 2 → 1800.
    expect("DST Sunday: 2 issued, mean 1050 s, median 300 s, p90 1800 s",
           (sun.get("issued"), sun.get("wait_mean_s"), sun.get("wait_median_s"), sun.get("wait_p90_s")),
           (2, 1050, 300, 1800))
    tue = days.get("2026-03-31", {})
    expect("last day: 3 pending, only the one at the counter has a (1500 s) wait",
           (tue.get("pending"), tue.get("served"), tue.get("wait_mean_s"), tue.get("within_target_pct")),
           (3, 0, 1500, 0))
    dt = text_rows(read("day.table"))
    expect("the text table shows the empty day with dashes", [r for r in dt if r[0] == "2026-03-28"][0][1:8],
           ["0", "0", "0", "0", "0", "0", "—"])

hour = load_json("hour.json")
if hour:
    hours = {r["hour"]: r["issued"] for r in hour["rows"]}
    # Local hours: 08 → Fri 3, Sun 1 (06:00 UTC on the DST day), Mon 2; 09 → Fri A003, Tue 3;
    # 10 → Sun B001; 12 → Mon B002. Opening hours 08–17 all listed, the rest zero.
    expect("by hour counts local hours, DST included",
           {k: v for k, v in hours.items() if v}, {"08:00-09:00": 6, "09:00-10:00": 4, "10:00-11:00": 1,
                                                    "12:00-13:00": 1})
    expect("by hour lists the opening hours", len(hours), 9)

wd = load_json("weekday.json")
if wd:
    expect("by weekday: all 7 open days, Friday 4 tickets",
           (len(wd["rows"]), {r["weekday"]: r["issued"] for r in wd["rows"]}.get("venerdì")), (7, 4))

ctr = load_json("counter.json")
if ctr:
    c = {r["counter"]: r["issued"] for r in ctr["rows"]}
    # Counter 1: Fri A001 A002, Sun A001, Mon A001 B001, Tue A001 = 6; counter 2: Fri B001 A003,
    # Sun B001 = 3; at no counter: Mon B002, Tue A002 (never called), Tue B001 (transferred,
    # waiting again) = 3.
    expect("by counter", c, {"nessuno": 3, "Sportello 1": 6, "Sportello 2": 3})

wk = load_json("week.json")
if wk:
    expect("by ISO week: 27–29 March in W13, 30–31 in W14",
           {r["week"]: r["issued"] for r in wk["rows"]}, {"2026-W13": 6, "2026-W14": 6})

mo = load_json("month.json")
if mo:
    expect("by month: March 13 (with Thursday 26), April 0",
           {r["month"]: r["issued"] for r in mo["rows"]}, {"2026-03": 13, "2026-04": 0})

sb = load_json("service-b.json")
if sb:
    expect("--service B keeps B only", ([r["service"] for r in sb["rows"]], sb["total"]["issued"]), (["B"], 5))
c2 = load_json("counter-2.json")
if c2:
    expect("--counter 2: Fri B001, A003, Sun B001", c2["total"]["issued"], 3)

cp = load_json("copy.json")
if cp:
    expect("--database alone (no configuration) gives the same totals",
           (cp["total"]["issued"], cp["total"]["wait_mean_s"]), (12, 820))

# ---------------------------------------------------------------- heatmap
hm = load_json("heatmap.json")
if hm:
    cells = {(r["weekday"], r["hour"]): r for r in hm["rows"]}
    # ven 08: A001 A002 B001 → waits 600 900 900, mean 800.  dom 08: the DST Sunday's A001.
    expect("heatmap Friday 08: 3 arrivals, mean 800 s",
           (cells[("venerdì", 8)]["arrivals"], cells[("venerdì", 8)]["wait_mean_s"]), (3, 800))
    expect("heatmap Sunday 08 (summer time day, local hour)",
           (cells[("domenica", 8)]["arrivals"], cells[("domenica", 8)]["wait_mean_s"]), (1, 1800))
    expect("heatmap Sunday 07 is empty (no UTC or winter-time shift)", cells[("domenica", 7)]["arrivals"]
           if ("domenica", 7) in cells else 0, 0)
    expect("heatmap Monday 12: one arrival never called, no mean",
           (cells[("lunedì", 12)]["arrivals"], cells[("lunedì", 12)]["wait_mean_s"]), (1, None))
    expect("heatmap Tuesday 09: 3 arrivals, only the called one's whole wait",
           (cells[("martedì", 9)]["arrivals"], cells[("martedì", 9)]["wait_mean_s"]), (3, 1500))
    expect("heatmap covers 7 weekdays × hours 08–16", len(hm["rows"]), 7 * 9)
    hc = list(csv.DictReader(io.StringIO(read("heatmap.csv"), newline="")))
    expect("heatmap CSV agrees with JSON", [(r["Giorno della settimana"], int(r["Ora"]), int(r["Arrivi"]))
                                             for r in hc],
           [(r["weekday"], r["hour"], r["arrivals"]) for r in hm["rows"]])
    grid = text_rows(read("heatmap.table"))
    arrivals = {g[0]: g[1:] for g in grid[2:9]}
    expect("heatmap text grid agrees (ven 08…)", arrivals.get("ven", [])[:2], ["3", "1"])

# ---------------------------------------------------------------- tickets
tk = load_json("tickets.json")
if tk:
    rows = tk["rows"]
    expect("tickets: one row per ticket, in issue order", [r["day"] + " " + r["label"] for r in rows][:3],
           ["2026-03-26 A001", "2026-03-27 A001", "2026-03-27 A002"])
    expect("tickets: 13 in 26–31 March", len(rows), 13)
    sun = [r for r in rows if r["day"] == "2026-03-29" and r["label"] == "A001"][0]
    expect("DST Sunday ticket times are local summer time",
           (sun["issued_local"], sun["called_local"], sun["finished_local"], sun["wait_s"]),
           ("2026-03-29 08:00:00", "2026-03-29 08:30:00", "2026-03-29 08:40:00", 1800))
    a3 = [r for r in rows if r["day"] == "2026-03-27" and r["label"] == "A003"][0]
    expect("transferred ticket: issued for A, now B, 1 transfer, 720 s wait, 480 s service",
           (a3["issued_for"], a3["service"], a3["transfers"], a3["wait_s"], a3["service_s"]),
           ("A", "B", 1, 720, 480))
    last = [(r["label"], r["state"]) for r in rows if r["day"] == "2026-03-31"]
    expect("tickets still open at the end", last,
           [("A001", "allo sportello"), ("A002", "in attesa"), ("B001", "in attesa")])
    tc = list(csv.DictReader(io.StringIO(read("tickets.csv"), newline="")))
    expect("tickets CSV (en) agrees with JSON on waits", [r["Wait (s)"] for r in tc],
           ["" if r["wait_s"] is None else str(r["wait_s"]) for r in rows])

te = load_json("tickets-empty.json")
if te:
    expect("tickets of a day without tickets: valid JSON, no rows", te["rows"], [])

# ---------------------------------------------------------------- SVG
try:
    root = ET.parse(f"{out}/charts.svg").getroot()
    ns = "{http://www.w3.org/2000/svg}"
    tap(root.tag == ns + "svg", "SVG is well-formed XML with an svg root")
    tap(root.get("viewBox", "").startswith("0 0 800 "), "SVG has a viewBox", root.attrib)
    title = root.find(ns + "title")
    tap(title is not None and "Ufficio di prova & test" in title.text, "SVG has a title (escaped &)",
        None if title is None else title.text)
    texts = [t.text for t in root.iter(ns + "text")]
    tap("Attesa per ora di arrivo" in texts and "Ora di arrivo" in texts and "Minuti di attesa" in texts,
        "SVG has chart titles and axis labels", texts[:20])
    fonts = {e.get("font-family") for e in root.iter() if e.get("font-family")}
    tap(fonts == {"sans-serif"}, "SVG uses only a generic font family", fonts)
    bars = [r for r in root.iter(ns + "rect") if r.find(ns + "title") is not None
            and r.find(ns + "title").text.endswith(" min") and ":" in r.find(ns + "title").text
            and r.find(ns + "title").text[:2].isdigit()]
    # Bars (mean wait by local hour of issue): 08 has Fri 600 900 900, Sun 1800, Mon 60 600 →
    # 4860/6 = 810 s = 13.5 min; 09 has Fri A003 720, Tue A001 1500 → 1110 s = 18.5 min;
    # 10 has Sun B001 300 s = 5.0 min. Hour 12 (Mon B002, never called) has no bar.
    expect("SVG wait-by-hour bars", sorted(b.find(ns + "title").text for b in bars),
           ["08: 13.5 min", "09: 18.5 min", "10: 5.0 min"])
    cell_titles = [r.find(ns + "title").text for r in root.iter(ns + "rect") if r.find(ns + "title") is not None]
    tap("domenica 08: 30.0 min, 1" in cell_titles, "SVG heatmap cell of the DST Sunday", cell_titles[:12])
except ET.ParseError as e:
    tap(False, "SVG is well-formed XML", e)

dw = load_json("during-write.json")
if dw:
    expect("report during a write transaction: runs, sees only committed tickets (3 pending)",
           (status("during-write.json"), dw["total"]["issued"], dw["total"]["pending"], dw["total"]["expired"]),
           (0, 12, 3, 1))

# ---------------------------------------------------------------- errors
for name, code, words in (("bad-date", 64, "YYYY-MM-DD"), ("bad-range", 64, "before --from"),
                          ("bad-service", 64, "known: AB"), ("bad-by", 64, "day, week"),
                          ("no-db", 66, "missing.db")):
    err = read(name + ".err")
    tap(status(name) == code and words in err, f"{name}: exit {code}, message says {words!r}",
        f"status {status(name)}: {err}")
tap(status("help") == 0 and "nearest-rank" in read("help") and "ceil(P/100 x N)" in read("help"),
    "--help defines the percentiles", read("help"))
