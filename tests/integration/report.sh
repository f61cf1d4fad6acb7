#!/usr/bin/env bash
# turno-report against a database built through the queue engine with a driven clock
# (tests/tools/report-fixture.c: Rome, 26–31 March 2026, summer time starting on Sunday
# the 29th). Expected figures are worked out by hand in tests/integration/report_checks.py.
# Outputs are read back with real parsers (python3 csv, json, xml.etree).
. "$(dirname "$0")/../lib.sh"

REPORT="$BUILD/turno-report"
FIXTURE="$BUILD/tests/tools/report-fixture"
if ! "$FIXTURE" "$TMP" >"$TMP/fixture.log" 2>&1; then
	not_ok "fixture built through the engine" "$(cat "$TMP/fixture.log")"
	exit 0
fi
ok "fixture built through the engine"
INI="$TMP/report.ini"
DB="$TMP/turno.db"
sum_before=$(sha256sum "$DB" | cut -d' ' -f1)
range=(--config "$INI" --from 2026-03-27 --to 2026-03-31)
out="$TMP/out"
mkdir -p "$out"

run() { # name, args...: stdout to $out/name, stderr to $out/name.err, status to $out/name.rc
	local name=$1; shift
	"$REPORT" "$@" >"$out/$name" 2>"$out/$name.err"
	echo $? >"$out/$name.rc"
}
run summary.table "${range[@]}"
run summary.csv "${range[@]}" --format csv
run summary.json "${range[@]}" --format json --svg "$out/charts.svg"
run summary.en.csv "${range[@]}" --format csv --lang en
run day.json "${range[@]}" --by day --format json
run day.table "${range[@]}" --by day
run hour.json "${range[@]}" --by hour --format json
run weekday.json "${range[@]}" --by weekday --format json
run counter.json "${range[@]}" --by counter --format json
run week.json "${range[@]}" --by week --format json
run month.json --config "$INI" --from 2026-03-01 --to 2026-04-30 --by month --format json
run service-b.json "${range[@]}" --service B --format json
run counter-2.json "${range[@]}" --counter 2 --format json
run heatmap.json "${range[@]}" heatmap --format json
run heatmap.csv "${range[@]}" heatmap --format csv
run heatmap.table "${range[@]}" heatmap
run tickets.json --config "$INI" --from 2026-03-26 --to 2026-03-31 tickets --format json
run tickets.csv --config "$INI" --from 2026-03-26 --to 2026-03-31 tickets --format csv --lang en
run tickets-empty.json --config "$INI" --from 2026-03-28 --to 2026-03-28 tickets --format json
run copy.json --database "$DB" --from 2026-03-27 --to 2026-03-31 --format json
run bad-date --config "$INI" --from 2026-02-30
run bad-range --config "$INI" --from 2026-03-31 --to 2026-03-01
run bad-service --config "$INI" --service Z
run bad-by --config "$INI" --by year
run no-db --database "$TMP/missing.db" --config "$INI"
run help --help

check_eq "the database is unchanged by reading it" "$sum_before" "$(sha256sum "$DB" | cut -d' ' -f1)"

# While the kiosk holds a write transaction (here a python sqlite3 writer in the middle
# of issuing a ticket), the report still runs at once and sees only committed tickets.
coproc WRITER { python3 -u -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=1)
db.execute("PRAGMA journal_mode = WAL")
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE tickets SET state = ? WHERE state = ?", ("expired", "waiting"))
print("locked", flush=True)
sys.stdin.readline()
db.execute("ROLLBACK")
print("done", flush=True)
' "$DB"; }
read -r -t 10 locked <&"${WRITER[0]}"
check_eq "a writer holds the database" "locked" "${locked:-}"
run during-write.json "${range[@]}" --format json
echo go >&"${WRITER[1]}"
read -r -t 10 done_line <&"${WRITER[0]}"
check_eq "the writer finished after the report" "done" "${done_line:-}"

# turno-sync prunes synced events after keep_days: the figures must not depend on them.
cp "$DB" "$TMP/pruned.db"
sqlite3 "$TMP/pruned.db" "DELETE FROM events"
"$REPORT" --database "$TMP/pruned.db" --config "$INI" --from 2026-03-27 --to 2026-03-31 --format json \
	>"$out/pruned.json" 2>&1
check_eq "with every event pruned the summary is the same (transfers included)" \
	"$(cat "$out/summary.json")" "$(cat "$out/pruned.json")"

# A database from before schema version 2 gets its transfer counts from its events.
cp "$DB" "$TMP/v1.db"
sqlite3 "$TMP/v1.db" "DROP INDEX tickets_printing; ALTER TABLE tickets DROP COLUMN transfers; PRAGMA user_version = 1"
start_kiosk "$INI" --database "$TMP/v1.db" && stop_kiosk # opening it migrates it
migrated=$(sqlite3 "$TMP/v1.db" "PRAGMA user_version; SELECT sum(transfers) FROM tickets" | tr '\n' ' ')
check_eq "the migration to version 2 counts each ticket's transfers from its events" \
	"2 $(sqlite3 "$DB" "SELECT sum(transfers) FROM tickets") " "$migrated"

python3 "$TOP/tests/integration/report_checks.py" "$out" "$TAP_N"
