#!/usr/bin/env bash
# A generated year of office traffic through the queue engine (report-gen-traffic, the
# example configuration's hours and closed dates), then turno-report's summary, heatmap,
# breakdowns and SVG checked against figures worked out in Python from the simulator's
# own log (tests/integration/report_year_checks.py).
. "$(dirname "$0")/../lib.sh"

REPORT="$BUILD/turno-report"
make_config "$TMP/turno.ini"
if ! "$BUILD/tests/tools/report-gen-traffic" "$TMP/turno.ini" "$TMP/log.csv" 2026-01-01 365 7 \
	>"$TMP/gen.log" 2>&1; then
	not_ok "a year of traffic generated through the engine" "$(cat "$TMP/gen.log")"
	exit 0
fi
ok "a year of traffic generated through the engine ($(cat "$TMP/gen.log"))"
R=("$REPORT" --config "$TMP/turno.ini" --from 2026-01-01 --to 2026-12-31)
check "year summary (JSON and SVG)" sh -c '"$@" --format json --svg "'"$TMP"'/year.svg" >"'"$TMP"'/year-summary.json"' _ "${R[@]}"
check "year heatmap (JSON)" sh -c '"$@" heatmap --format json >"'"$TMP"'/year-heatmap.json"' _ "${R[@]}"
check "year by month (JSON)" sh -c '"$@" --by month --format json >"'"$TMP"'/year-month.json"' _ "${R[@]}"
check "year by day (JSON)" sh -c '"$@" --by day --format json >"'"$TMP"'/year-day.json"' _ "${R[@]}"
python3 "$TOP/tests/integration/report_year_checks.py" "$TMP/log.csv" "$TMP" "$TAP_N"
