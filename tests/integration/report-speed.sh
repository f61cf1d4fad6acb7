#!/usr/bin/env bash
# How long turno-report's summary takes over a million tickets (filled by SQL with
# report-filldb: the engine would take hours). The time is printed as a TAP comment,
# never asserted: machines differ. What is asserted is that every ticket was counted.
#   REPORT_SPEED_TICKETS=N   another size (default 100000)
. "$(dirname "$0")/../lib.sh"

# make test uses 100 000 tickets (the full million is in make bench: it writes ~420 MB).
N=${REPORT_SPEED_TICKETS:-100000}
DB="$TMP/big.db"
start=$(date +%s.%N)
if ! "$BUILD/tests/tools/report-filldb" "$DB" "$N" 2025-01-01 >"$TMP/fill.log" 2>&1; then
	not_ok "filled $N tickets" "$(cat "$TMP/fill.log")"
	exit 0
fi
ok "filled $N tickets ($(cat "$TMP/fill.log"))"
printf '# fill: %.1f s\n' "$(echo "$(date +%s.%N) - $start" | bc)"

# The summary over the whole span, three times (the first also warms the page cache).
for run in 1 2 3; do
	start=$(date +%s.%N)
	"$BUILD/turno-report" --database "$DB" --from 2025-01-01 --to 2025-12-31 --format json >"$TMP/summary.json" 2>"$TMP/err"
	rc=$?
	end=$(date +%s.%N)
	printf '# summary over %s tickets, run %d: %.3f s\n' "$N" "$run" "$(echo "$end - $start" | bc)"
done
check_eq "the summary exits 0" 0 "$rc"
check_eq "the summary counted every ticket" "$N" \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"]["issued"])' "$TMP/summary.json")"

start=$(date +%s.%N)
"$BUILD/turno-report" --database "$DB" --from 2025-03-01 --to 2025-03-31 --by day --format csv >"$TMP/march.csv"
printf '# one month by day (%s tickets in the file): %.3f s\n' "$N" "$(echo "$(date +%s.%N) - $start" | bc)"
check "a month's breakdown has a row per day plus header and total" \
	test "$(wc -l <"$TMP/march.csv")" -eq 33
