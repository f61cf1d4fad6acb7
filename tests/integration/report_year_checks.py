"""Checks turno-report on a generated year of traffic (report-gen-traffic) against the
figures worked out here, in Python, from the simulator's own log of every ticket: an
independent path (the log's times come from the simulation, not from the database).
Prints TAP lines numbered after the shell's own."""
import csv
import json
import math
import sys
import xml.etree.ElementTree as ET

log_path, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
targets = {"A": 15, "B": 30, "C": 20, "D": 30, "E": 30, "F": 20}  # config/turno.ini
WEEKDAYS = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"]


def tap(good, what, why=""):
    global n
    n += 1
    print(("ok %d - %s" if good else "not ok %d - %s") % (n, what))
    if not good and why:
        for line in str(why).splitlines()[:20]:
            print("# " + line)


def nearest_rank(sorted_values, p):
    return sorted_values[max(1, math.ceil(p * len(sorted_values) / 100)) - 1]


def figures(tickets):
    waits = sorted(int(t["wait_s"]) for t in tickets if t["wait_s"] != "")
    services = sorted(int(t["service_s"]) for t in tickets if t["service_s"] != "")
    within = sum(1 for t in tickets if t["wait_s"] != "" and int(t["wait_s"]) <= targets[t["service"]] * 60)
    return {
        "issued": len(tickets),
        "served": sum(t["outcome"] == "completed" for t in tickets),
        "no_show": sum(t["outcome"] == "no_show" for t in tickets),
        "expired": sum(t["outcome"] == "expired" for t in tickets),
        "transferred": sum(int(t["transfers"]) > 0 for t in tickets),
        "wait_mean_s": round(sum(waits) / len(waits), 1) if waits else None,
        "wait_median_s": nearest_rank(waits, 50) if waits else None,
        "wait_p90_s": nearest_rank(waits, 90) if waits else None,
        "wait_max_s": waits[-1] if waits else None,
        "service_mean_s": round(sum(services) / len(services), 1) if services else None,
        "service_median_s": nearest_rank(services, 50) if services else None,
        "within_target_pct": round(100 * within / len(waits), 1) if waits else None,
    }


with open(log_path, newline="") as f:
    log = list(csv.DictReader(f))
tap(len(log) > 20000, f"the generated year has realistic volume ({len(log)} tickets)")

summary = json.load(open(f"{out}/year-summary.json"))
rows = {r["service"][0]: r for r in summary["rows"]}
for letter in sorted(targets):
    want = figures([t for t in log if t["service"] == letter])
    got = {k: rows.get(letter, {}).get(k) for k in want}
    tap(got == want, f"year, service {letter}: counts, mean/median/p90/max wait, service times, within target",
        f"want {want}\ngot  {got}")
want = figures(log)
got = {k: summary["total"].get(k) for k in want}
tap(got == want, "year, all services", f"want {want}\ngot  {got}")

heat = json.load(open(f"{out}/year-heatmap.json"))
cells = {(r["weekday_index"] - 1, r["hour"]): r for r in heat["rows"]}
bad = []
for (wd, hour), r in cells.items():
    mine = [t for t in log if int(t["weekday"]) == wd and int(t["hour"]) == hour]
    waits = [int(t["wait_s"]) for t in mine if t["wait_s"] != ""]
    mean = round(sum(waits) / len(waits), 1) if waits else None
    if r["arrivals"] != len(mine) or r["wait_mean_s"] != mean:
        bad.append(f"{WEEKDAYS[wd]} {hour}: report {r['arrivals']} {r['wait_mean_s']}, log {len(mine)} {mean}")
tap(not bad and sum(r["arrivals"] for r in heat["rows"]) == len(log),
    "year heatmap: every weekday x hour cell's arrivals and mean wait", "\n".join(bad))
tap(all(cells[(6, h)]["arrivals"] == 0 for h in range(24) if (6, h) in cells),
    "year heatmap: no arrivals on closed Sundays")

by_month = json.load(open(f"{out}/year-month.json"))
months = {r["month"]: r["issued"] for r in by_month["rows"]}
want_months = {}
for t in log:
    want_months[t["issued_local"][:7]] = want_months.get(t["issued_local"][:7], 0) + 1
tap(months == want_months, "year by month", f"{months}\n{want_months}")
by_day = json.load(open(f"{out}/year-day.json"))
closed = [r["day"] for r in by_day["rows"] if r["day"][5:] in ("01-01", "08-15", "12-25")]
tap(len(by_day["rows"]) == 365 and all(r["issued"] == 0 for r in by_day["rows"] if r["day"] in closed),
    "year by day: 365 rows, holidays without tickets")

try:
    root = ET.parse(f"{out}/year.svg").getroot()
    ns = "{http://www.w3.org/2000/svg}"
    bars = [r for r in root.iter(ns + "rect") if r.get("fill") == "#6b8fbf" and r.find(ns + "title") is not None]
    hours_with_waits = {int(t["hour"]) for t in log if t["wait_s"] != ""}
    tap(len(bars) == len(hours_with_waits), "year SVG: one bar per hour with waits",
        f"{len(bars)} bars, hours {sorted(hours_with_waits)}")
    by_hour = {}
    for t in log:
        if t["wait_s"] != "":
            by_hour.setdefault(int(t["hour"]), []).append(int(t["wait_s"]))
    want_titles = sorted(f"{h:02d}: {sum(w) / len(w) / 60:.1f} min" for h, w in by_hour.items())
    tap(sorted(b.find(ns + "title").text for b in bars) == want_titles, "year SVG bars show the mean wait per hour",
        want_titles)
except ET.ParseError as e:
    tap(False, "year SVG is well-formed XML", e)
