#!/usr/bin/env python3
"""Drives a running turno-kiosk (on TURNO_TEST_CLOCK) through simulated office days with
turno-ctl: citizens arrive by the hour's rate during opening hours, four operators call,
serve for a realistic time, sometimes recall or mark a no-show. After every simulated
night it samples the kiosk's memory, descriptors and database size.

It reads the clock the way the kiosk does: wall = START + (CLOCK_MONOTONIC - ANCHOR) * FACTOR,
and sleeps (in real time) until the next simulated event. Writes a JSON summary.

  soak-driver.py --ctl BIN --socket S --pid PID --db DB --config INI
                 --start-ms S --factor F --anchor-ms A --days N [--rate R] [--seed N] --out JSON
"""
import argparse
import datetime as dt
import heapq
import json
import math
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
from zoneinfo import ZoneInfo

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
# Share of arrivals per service (the example configuration's A…F) and mean minutes at a counter.
SERVICES = {"A": (0.30, 4.0), "B": (0.25, 9.0), "C": (0.10, 6.0), "D": (0.10, 10.0), "E": (0.15, 8.0),
            "F": (0.10, 5.0)}
# Arrivals per hour at rate 1, by local hour: a morning peak, a quieter afternoon.
PROFILE = {8: 20, 9: 34, 10: 38, 11: 32, 12: 22, 13: 8, 14: 10, 15: 14, 16: 14, 17: 8}


def parse_hours(path):
    hours, closed = {}, []
    section = None
    for raw in open(path, encoding="utf-8"):
        line = raw.strip()
        if not line or line[0] in ";#":
            continue
        m = re.match(r"\[(.+)\]", line)
        if m:
            section = m.group(1)
            continue
        if section != "hours" or "=" not in line:
            continue
        key, value = (x.strip() for x in line.split("=", 1))
        if key in DAYS:
            ranges = []
            if value != "closed":
                for r in value.split(","):
                    a, b = r.strip().split("-")
                    ranges.append((a, b))
            hours[key] = ranges
        elif key == "closed":
            closed = [x.strip() for x in value.split(",")]
    return hours, closed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ctl", required=True)
    ap.add_argument("--socket", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--tz", default="Europe/Rome")
    ap.add_argument("--start-ms", type=int, required=True)
    ap.add_argument("--factor", type=float, required=True)
    ap.add_argument("--anchor-ms", type=float, required=True)
    ap.add_argument("--days", type=float, required=True)
    ap.add_argument("--rate", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    tz = ZoneInfo(a.tz)
    hours, closed = parse_hours(a.config)

    def sim_ms():
        return a.start_ms + (time.clock_gettime(time.CLOCK_MONOTONIC) * 1000 - a.anchor_ms) * a.factor

    def at(local):
        return local.astimezone(dt.timezone.utc).timestamp() * 1000

    stats = {"issued": 0, "refused_closed": 0, "refused_other": 0, "issued_outside_hours": 0, "calls": 0,
             "empty_calls": 0, "recalls": 0, "noshows": 0, "ctl_failures": [], "lag_ms_max": 0.0,
             "first_of_day_wrong": [], "refusals": {}, "numbers_not_consecutive": [], "samples": [], "days": []}
    last_number = {}  # (day, service) -> last number acknowledged

    def ctl(*args):
        p = subprocess.run([a.ctl, "--socket", a.socket, "--json", *args], capture_output=True, text=True)
        reply = None
        try:
            reply = json.loads(p.stdout) if p.stdout.strip() else None
        except json.JSONDecodeError:
            pass
        if p.returncode not in (0, 1) or (p.returncode == 1 and reply is None):
            stats["ctl_failures"].append(f"{' '.join(args)}: exit {p.returncode}: {p.stderr.strip()[:200]}")
        return p.returncode, reply

    def proc_sample(label):
        fds = len(os.listdir(f"/proc/{a.pid}/fd"))
        rss = 0
        for line in open(f"/proc/{a.pid}/status"):
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
        # The logical size (pages committed, in the file or still in the WAL), read-only.
        con = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
        db = con.execute("PRAGMA page_count").fetchone()[0] * con.execute("PRAGMA page_size").fetchone()[0]
        con.close()
        wal = os.path.getsize(a.db + "-wal") if os.path.exists(a.db + "-wal") else 0
        s = {"day": label, "rss_kb": rss, "fds": fds, "db_bytes": db, "wal_bytes": wal,
             "tickets": stats["issued"]}
        stats["samples"].append(s)
        print(f"# {label}: rss {rss} kB, fds {fds}, db {db} B + wal {wal} B, {stats['issued']} tickets so far",
              flush=True)

    events = []  # (sim_ms, seq, kind, data)
    seq = 0

    def push(t, kind, data=None):
        nonlocal seq
        if t < a.start_ms:
            return  # before the kiosk's clock started
        seq += 1
        heapq.heappush(events, (t, seq, kind, data))

    start_local = dt.datetime.fromtimestamp(a.start_ms / 1000, tz)
    end_ms = a.start_ms + a.days * 86400000
    day = start_local.date()
    while at(dt.datetime.combine(day, dt.time(0, 0), tz)) < end_ms:
        d0 = dt.datetime.combine(day, dt.time(0, 0), tz)
        push(at(d0 + dt.timedelta(hours=7)), "sample", day.isoformat())
        is_closed = day.isoformat() in closed or day.strftime("%m-%d") in closed
        ranges = [] if is_closed else hours.get(DAYS[day.weekday()], [])
        if ranges:
            # Somebody tries before opening: the kiosk must refuse.
            push(at(d0 + dt.timedelta(hours=7, minutes=30)), "arrive_closed", None)
        for (o, c) in ranges:
            oh, om = map(int, o.split(":"))
            ch, cm = map(int, c.split(":"))
            t = d0 + dt.timedelta(hours=oh, minutes=om)
            close = d0 + dt.timedelta(hours=ch, minutes=cm)
            while True:
                rate = PROFILE.get(t.hour, 10) * a.rate  # per hour
                t = t + dt.timedelta(minutes=rnd.expovariate(rate / 60.0))
                if t >= close:
                    break
                push(at(t), "arrive", day.isoformat())
            for counter in range(1, 5):
                if at(close) > a.start_ms:  # on duty already when the soak starts mid-morning
                    push(max(at(d0 + dt.timedelta(hours=oh, minutes=om + 2 + counter)), a.start_ms + counter),
                         "operator", counter)
            push(at(close + dt.timedelta(minutes=40)), "operators_leave", None)
        stats["days"].append({"day": day.isoformat(), "open": bool(ranges)})
        day += dt.timedelta(days=1)
    push(end_ms, "end", None)

    serving_until_close = {}
    on_duty = set()
    weights = [w for (w, _) in SERVICES.values()]
    letters = list(SERVICES.keys())
    while events:
        t, _, kind, data = heapq.heappop(events)
        wait = (t - sim_ms()) / a.factor
        if wait > 0:
            time.sleep(wait / 1000)
        else:
            stats["lag_ms_max"] = max(stats["lag_ms_max"], -wait)
        if kind == "end":
            break
        if kind == "sample":
            proc_sample(data)
        elif kind == "arrive_closed":
            rc, reply = ctl("issue", rnd.choice(letters))
            if rc == 0:
                stats["issued_outside_hours"] += 1
            else:
                stats["refused_closed"] += 1
        elif kind == "arrive":
            service = rnd.choices(letters, weights)[0]
            args = ["issue", service] + (["--priority"] if rnd.random() < 0.05 else [])
            rc, reply = ctl(*args)
            if rc == 0 and reply and reply.get("ok"):
                tk = reply["ticket"]
                stats["issued"] += 1
                number = int(tk["label"][1:])
                key = (tk["day"], tk["label"][0])
                expected = last_number.get(key, 0) + 1
                if number != expected:
                    (stats["first_of_day_wrong"] if expected == 1 else stats["numbers_not_consecutive"]).append(
                        f"{tk['day']} {tk['label']} (expected {tk['label'][0]}{expected:03d})")
                last_number[key] = number
            elif reply and not reply.get("ok"):
                stats["refused_other"] += 1
                why = reply.get("error", "?")
                stats["refusals"][why] = stats["refusals"].get(why, 0) + 1
        elif kind == "operator":
            on_duty.add(data)
            push(t, "call", data)
        elif kind == "operators_leave":
            on_duty.clear()
        elif kind == "call":
            counter = data
            if counter not in on_duty:
                continue
            if rnd.random() < 0.04:
                rc, reply = ctl("noshow", str(counter))
                stats["noshows"] += rc == 0
            else:
                rc, reply = ctl("call", str(counter))
            if rc == 0 and reply and reply.get("ticket"):
                stats["calls"] += 1
                service = reply["ticket"]["service"]
                minutes = rnd.lognormvariate(math.log(SERVICES.get(service, (0, 6))[1]), 0.5)
                if rnd.random() < 0.05:
                    push(t + 60000, "recall", counter)
                push(t + minutes * 60000, "call", counter)
            else:
                stats["empty_calls"] += 1
                push(t + 120000, "call", counter)  # nobody waiting: look again in two minutes
        elif kind == "recall":
            rc, _ = ctl("recall", str(data))
            stats["recalls"] += rc == 0
        # Stop early if the kiosk died.
        if not os.path.exists(f"/proc/{a.pid}"):
            stats["ctl_failures"].append("the kiosk exited")
            break
    if os.path.exists(f"/proc/{a.pid}"):
        proc_sample("end")
    json.dump(stats, open(a.out, "w"), indent=1)
    print(f"# soak: {len(stats['days'])} days, {stats['issued']} tickets, {stats['calls']} calls, "
          f"{stats['noshows']} no-shows, {stats['recalls']} recalls, {stats['refused_closed']} refused "
          f"before opening, {stats['refused_other']} refused otherwise {stats['refusals']}; max lag behind the clock "
          f"{stats['lag_ms_max']:.0f} ms real", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
