#!/usr/bin/env python3
"""Compares a kiosk database with what the test receiver stored.

  sync-check.py DB BASE_URL [--kiosk ID] [--pruned-below N]

Prints one line per problem and exits 1 when: an event of the database is missing at
the receiver, the receiver holds an event that is not in the database (or differs from
it), the receiver saw a conflicting duplicate, or the kiosk's recorded acked_through is
beyond what the receiver holds. Prints "ok N events" and exits 0 otherwise."""
import argparse
import datetime
import json
import sqlite3
import sys
import urllib.request


def utc_text(ms):
    t = datetime.datetime.fromtimestamp(ms // 1000, tz=datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (ms % 1000)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("db")
    p.add_argument("url")
    p.add_argument("--kiosk")
    a = p.parse_args()
    db = sqlite3.connect("file:%s?mode=ro" % a.db, uri=True, timeout=30)
    rows = db.execute("SELECT seq, ticket_id, kind, utc_ms, local_date, local_time, kiosk_id, label, service, "
                      "counter, wait_s, service_s, clock_synced, detail FROM events ORDER BY seq").fetchall()
    acked = db.execute("SELECT value FROM meta WHERE key = 'sync.acked_through'").fetchone()
    acked = int(acked[0]) if acked else 0
    expected = {}
    for r in rows:
        expected[r[0]] = {"seq": r[0], "ticket_id": r[1], "kind": r[2], "utc": utc_text(r[3]), "utc_ms": r[3],
                          "local_date": r[4], "local_time": r[5], "kiosk_id": r[6], "label": r[7],
                          "service": r[8], "counter": r[9], "wait_s": r[10], "service_s": r[11],
                          "clock_synced": bool(r[12]), "detail": r[13]}
    dump = json.load(urllib.request.urlopen(a.url + "/_dump", timeout=30))
    state = json.load(urllib.request.urlopen(a.url + "/_state", timeout=30))
    problems = []
    got = {}
    for item in dump["events"]:
        if a.kiosk and item["kiosk_id"] != a.kiosk:
            problems.append("event from unexpected kiosk %r" % item["kiosk_id"])
        if item["seq"] in got:
            problems.append("seq %d stored twice" % item["seq"])
        got[item["seq"]] = item["event"]
    for seq, ev in expected.items():
        if seq not in got:
            problems.append("missing at the receiver: seq %d (%s %s)" % (seq, ev["kind"], ev["label"]))
        elif got[seq] != ev:
            problems.append("seq %d differs: db %s, receiver %s" % (seq, json.dumps(ev), json.dumps(got[seq])))
    for seq in got:
        if seq not in expected:
            problems.append("the receiver holds seq %d, which is not in the database" % seq)
    if state["conflicts"] or state["violations"] or state["bad_requests"] or state["key_mismatch"]:
        problems.append("receiver saw protocol problems: %s" % json.dumps(state["violation_list"]))
    if acked > max(got, default=0):
        problems.append("kiosk believes acked through %d, receiver holds only through %d" % (acked, max(got, default=0)))
    for line in problems[:20]:
        print(line)
    if problems:
        print("%d problems" % len(problems))
        return 1
    print("ok %d events (%d duplicates received and ignored)" % (len(expected), state["duplicates"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
