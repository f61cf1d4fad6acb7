#!/usr/bin/env python3
"""Turns bench.sh's measurements (one JSON object a line) into the table and results.json:
each figure, its floor measured in the same run, and the ratio figure / floor."""
import json
import sys

rows = {}
for line in open(sys.argv[1]):
    line = line.strip()
    if line.startswith("{"):
        o = json.loads(line)
        rows[o["name"]] = o

table = []


def add(figure, value, unit, floor_value, floor_what, goal, includes):
    ratio = value / floor_value if isinstance(value, (int, float)) and floor_value else None
    table.append({"figure": figure, "value": value, "unit": unit, "floor": floor_value, "floor_is": floor_what,
                  "ratio": round(ratio, 2) if ratio is not None else None, "goal": goal, "includes": includes})


def na(figure, name):
    r = rows.get(name, {})
    table.append({"figure": figure, "value": None, "na": r.get("na", "not measured")})


def pct(name, floor, figure, floor_what, goal, includes):
    r, f = rows.get(name), rows.get(floor)
    if not r or not r.get("n"):
        return na(figure, name)
    for p in ("p50", "p95", "p99"):
        add(f"{figure} {p}", r[p + "_ms"], "ms", f[p + "_ms"] if f and f.get("n") else None, floor_what,
            goal if p == "p50" else None, includes + f" (n={r['n']})")


pct("issue_spooled", "floor_commit_submit", "issue: socket -> committed -> job in cupsd",
    "bare FULL commit + bare cupsCreateJob/Finish", "<= 1.5x",
    "control-socket request, engine commit, reply, printer worker renders and submits; ends when cupsd "
    "has the document in its spool (inotify)")
pct("issue_reply", "floor_commit", "issue: socket round trip (committed)", "bare FULL commit", None,
    "request to reply through the control socket; the reply leaves after the commit")
r = rows.get("issue_at_printer")
if r and r.get("n"):
    add("issue: to bytes at the printer p50", r["p50_ms"], "ms", None, "-", None,
        "until the fake AppSocket printer has the job (cupsd's socket backend included)")
for name, label in (("idle_kiosk_cups", "idle wake-ups/s (headless, CUPS printer)"),
                    ("idle_kiosk_preview", "idle wake-ups/s (headless, preview printer)")):
    r = rows.get(name)
    if r:
        add(label, r["per_s"], "/s", 1.0, "goal 1/s (not measured)", "<= 1/s",
            f"voluntary context switches of all threads over {r['seconds']} s; CPU {r['cpu_pct']:.3f}%")
r = rows.get("idle_kiosk_screen")
if r and "per_s" in r:
    add("idle wake-ups/s (SDL screen, offscreen)", r["per_s"], "/s", 1.0, "goal 1/s (not measured)", "<= 1/s",
        f"voluntary context switches of all threads over {r['seconds']} s; CPU {r['cpu_pct']:.3f}%")
else:
    na("idle wake-ups/s (SDL screen, offscreen)", "idle_kiosk_screen")
s, f = rows.get("start_kiosk"), rows.get("start_floor")
if s:
    add("start to control socket ready (headless)", s["ms"], "ms", f["ms"] if f else None,
        "exec + open SQLite (WAL, FULL) + bind a socket", None, "fork/exec until a ping is answered")
r = rows.get("start_first_frame")
if r and "ms" in r:
    add("start to first frame (screen, offscreen; upper bound)", r["ms"], "ms", f["ms"] if f else None,
        "exec + open SQLite (WAL, FULL) + bind a socket", None,
        "fork/exec until a ping is answered; the first frame is drawn before the socket is served")
else:
    na("start to first frame (screen)", "start_first_frame")
for name, label in (("rss_kiosk_start", "resident memory after start"),
                    ("rss_kiosk_screen", "resident memory after start, with the screen"),
                    ("rss_kiosk_after_issue", "resident memory after the issue run")):
    r = rows.get(name)
    if r:
        add(label, r["kb"], "kB", rows.get("rss_floor", {}).get("kb"), "the start floor's process", None, "VmRSS")
r = rows.get("soak")
if r and "days" in r:
    add(f"resident memory after the soak ({r['days']} days, {r['tickets']} tickets)", r["rss_end_kb"], "kB",
        r["rss_first_kb"], "the same kiosk after its first days", None, f"fds {r['fds_first']} -> {r['fds_end']}")
else:
    na("resident memory after the soak", "soak")
r = rows.get("tap_sdl")
pct("tap_sdl", "tap_sdl_floor", "tap (synthetic SDL event) -> frame showing the ticket",
    "one frame drawn after a change, same screen", None,
    "SDL_FINGERDOWN/UP pushed on a tile, the kiosk's passes until the ticket page is drawn (issue and commit "
    f"included); dummy driver, software renderer, 800x480; {r.get('frames_per_tap', '?') if r else '?'} frame(s) per tap")
r = rows.get("tap_to_frame")
if r and r.get("n"):
    for p in ("p50", "p99"):
        add(f"tap -> frame showing the ticket {p}", r[p + "_ms"], "ms", rows.get("tap_floor", {}).get(p + "_ms"),
            "the same click on an empty spot + one status round trip", None,
            f"{r.get('frames_per_tap', '?')} frame(s) per tap; Xvfb, xdotool click (n={r['n']})")
else:
    na("tap to the frame showing the ticket", "tap_to_frame")
r, f = rows.get("button_to_led"), rows.get("button_floor")
if r and r.get("n"):
    for p in ("p50", "p99"):
        add(f"button edge -> last LED frame {p}", r[p + "_ms"], "ms", (f or {}).get(p + "_ms"),
            f"debounce {r['debounce_ms']} ms + bare commit + same frames bit-banged", None,
            f"{r['frames_per_call']} frame(s), {r['transitions_per_call']} line transitions per call (n={r['n']})")
else:
    na("button edge -> last LED frame", "button_to_led")
r, f = rows.get("report_summary"), rows.get("report_floor")
if r and "ms" in r:
    add(f"turno-report summary over {r['tickets']} tickets", r["ms"], "ms", f["ms"] if f else None,
        "one GROUP BY query in the sqlite3 shell", None, "best of 3, page cache warm")
else:
    na("turno-report summary over 1 M tickets", "report_summary")
r = rows.get("report_pdf")
if r and r.get("ms", -1) >= 0:
    add(f"turno-report pdf: a year of {r['offices']} offices ({r['tickets']} tickets, {r['pages']} pages)", r["ms"],
        "ms", r.get("floor_ms") if r.get("floor_ms", -1) >= 0 else None,
        "the same databases read by turno-report summary --format json", "< 3000 ms",
        "best of 3, page cache warm: three scans per office (the year, the one before, the year before), "
        "the document, the layout twice (pages counted, then drawn), the file written")
else:
    na("turno-report pdf: a year of three offices", "report_pdf")
r = rows.get("sync_drain")
if r and "ms" in r:
    add(f"turno-sync draining {r.get('events')} events", r["ms"], "ms", r.get("floor_ms"),
        r.get("floor_is", ""), None, r.get("includes", ""))
else:
    na("turno-sync draining 100 k events", "sync_drain")

w = max(len(t["figure"]) for t in table)
print(f"\n{'figure':<{w}}  {'value':>10}  {'floor':>10}  {'ratio':>6}  floor is / notes")
for t in table:
    if t.get("value") is None:
        print(f"{t['figure']:<{w}}  {'-':>10}  {'-':>10}  {'-':>6}  {t.get('na', '')}")
        continue
    v = f"{t['value']:.3f}" if isinstance(t["value"], float) else str(t["value"])
    fl = "-" if t["floor"] is None else (f"{t['floor']:.3f}" if isinstance(t["floor"], float) else str(t["floor"]))
    ra = "-" if t["ratio"] is None else f"{t['ratio']:.2f}"
    goal = f" [goal {t['goal']}]" if t.get("goal") else ""
    print(f"{t['figure']:<{w}}  {v:>10}  {fl:>10}  {ra:>6}  {t['unit']}; {t['floor_is']}{goal}")
json.dump({"figures": table, "raw": rows}, open(sys.argv[2], "w"), indent=1)
print(f"\nwritten to {sys.argv[2]}")
