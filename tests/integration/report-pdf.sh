#!/usr/bin/env bash
# The semester report PDF and the opening-hours analysis on generated traffic through the
# engine (report-gen-traffic): two offices, the example configuration's (a year and a
# half, so the first semester of 2026 has a previous semester and a year before) and a
# Montelupo-like one with afternoons on Tuesday and Thursday only. Checked: the figures
# of the summary, orari and compare JSON are in the PDF's text (pdftotext), the PDF is
# A4 with its fonts embedded (pdfinfo, pdffonts), the Orari figures equal the ones worked
# out in Python from the generator's own log, the Italian CSV, the command line's dates
# and periods, -o's file rules, and the log lines without journald prefixes off the
# journal. Figures in tests/integration/report_pdf_checks.py.
. "$(dirname "$0")/../lib.sh"

REPORT="$BUILD/turno-report"
GEN="$BUILD/tests/tools/report-gen-traffic"
export TURNO_TEST_CLOCK=$(($(date -u -d 2026-07-02T10:00:00 +%s) * 1000)) # "today" for the reports

mkdir -p "$TMP/a" "$TMP/b"
make_config "$TMP/a.ini" "s|^database = .*|database = $TMP/a/turno.db|"
make_config "$TMP/b.ini" "s|^database = .*|database = $TMP/b/turno.db|" \
	"s|^name = Comune di Borgo San Lorenzo - URP|name = Comune di Montelupo - URP|" \
	"s|^mon = 08:00-13:00|mon = 08:30-12:30|" "s|^tue = 08:00-18:00|tue = 08:30-12:30, 14:30-17:30|" \
	"s|^wed = 08:00-13:00|wed = 08:30-12:30|" "s|^thu = 08:00-18:00|thu = 08:30-12:30, 14:30-17:30|" \
	"s|^fri = 08:00-13:00|fri = 08:30-12:30|" "s|^sat = 08:00-13:00|sat = closed|" \
	"s|^tue = 08:00-13:00|tue = 08:30-12:30|" "s|^thu = 08:00-13:00|thu = 08:30-12:30|"
start=$(date +%s.%N)
if ! "$GEN" "$TMP/a.ini" "$TMP/a/log.csv" 2025-01-01 546 7 >"$TMP/gen-a.log" 2>&1 ||
	! "$GEN" "$TMP/b.ini" "$TMP/b/log.csv" 2026-01-01 181 11 >"$TMP/gen-b.log" 2>&1; then
	not_ok "traffic generated through the engine" "$(cat "$TMP"/gen-*.log)"
	exit 0
fi
ok "traffic generated through the engine: A $(cat "$TMP/gen-a.log"), B $(cat "$TMP/gen-b.log")"
printf '# generation: %.1f s\n' "$(echo "$(date +%s.%N) - $start" | bc)"

out="$TMP/out"
mkdir -p "$out"
run() { # name, args...: stdout to $out/name, stderr to $out/name.err, status to $out/name.rc
	local name=$1; shift
	"$REPORT" "$@" >"$out/$name" 2>"$out/$name.err"
	echo $? >"$out/$name.rc"
}
BOTH=(--config "$TMP/a.ini" --config "$TMP/b.ini")
start=$(date +%s.%N)
run pdf.stdout "${BOTH[@]}" --semester 2026-1 pdf -o "$out/semestre.pdf"
printf '# pdf of two offices, a semester (and the two periods it compares with): %.2f s\n' \
	"$(echo "$(date +%s.%N) - $start" | bc)"
check_eq "turno-report pdf exits 0 (stderr: $(head -c 300 "$out/pdf.stdout.err"))" 0 "$(cat "$out/pdf.stdout.rc")"
run doc.json "${BOTH[@]}" --semester 2026-1 pdf --format json
run pdf-en.stdout "${BOTH[@]}" --semester 2026-1 pdf -o "$out/semestre-en.pdf" --lang en
run one.stdout --config "$TMP/b.ini" --from 01/01/2026 --to 30/06/2026 pdf -o "$out/one.pdf"
for o in a b; do
	run "summary-$o.json" --config "$TMP/$o.ini" --semester 2026-1 --format json
	run "orari-$o.json" --config "$TMP/$o.ini" --semester 2026-1 orari --format json
	run "orari-hour-$o.json" --config "$TMP/$o.ini" --semester 2026-1 orari --by hour --format json
	run "compare-$o.json" --config "$TMP/$o.ini" --semester 2026-1 compare --format json
	run "hour-$o.json" --config "$TMP/$o.ini" --semester 2026-1 --by hour --format json
	run "summary-$o.csv-it" --config "$TMP/$o.ini" --semester 2026-1 --format csv-it
	run "orari-$o.csv-it" --config "$TMP/$o.ini" --semester 2026-1 orari --format csv-it
done
run orari-b.table --config "$TMP/b.ini" --semester 2026-1 orari
pdftotext -layout "$out/semestre.pdf" "$out/semestre.txt"
pdftotext -layout "$out/semestre-en.pdf" "$out/semestre-en.txt"
pdftotext -layout "$out/one.pdf" "$out/one.txt"
pdfinfo "$out/semestre.pdf" >"$out/pdfinfo.txt" 2>&1
pdffonts "$out/semestre.pdf" >"$out/pdffonts.txt" 2>&1

# --service: the document is about those services only.
run service-b.json --config "$TMP/a.ini" --semester 2026-1 --service B pdf --format json
check_eq "pdf --service B: only B in the document, and only its people" \
	"B $(python3 -c 'import json,sys; print([r for r in json.load(open(sys.argv[1]))["rows"] if r["service"] == "B"][0]["issued"])' "$out/summary-a.json")" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(s["service"] for s in d["offices"][0]["services"]), d["total"]["issued"])' "$out/service-b.json")"

# Dates as staff write them, and named periods, are the same period.
run iso.json --config "$TMP/a.ini" --from 2026-01-01 --to 2026-06-30 --format json
run italian.json --config "$TMP/a.ini" --from 01/01/2026 --to 30/06/2026 --format json
run slash.json --config "$TMP/a.ini" --semester 1/2026 --format json
check_eq "--from 01/01/2026 --to 30/06/2026 is the ISO range" "$(cat "$out/iso.json")" "$(cat "$out/italian.json")"
check_eq "--semester 1/2026 is the first semester" "$(cat "$out/iso.json")" "$(cat "$out/summary-a.json")"
run month.json --config "$TMP/a.ini" --month 03/2026 --format json
run month-iso.json --config "$TMP/a.ini" --from 2026-03-01 --to 2026-03-31 --format json
check_eq "--month 03/2026 is March" "$(cat "$out/month-iso.json")" "$(cat "$out/month.json")"

# Mistakes are refused with the way to write it.
run bad-date --config "$TMP/a.ini" --from 31/02/2026
run bad-semester --config "$TMP/a.ini" --semester 2026-3
run two-periods --config "$TMP/a.ini" --semester 2026-1 --from 2026-01-01
run pdf-no-output --config "$TMP/a.ini" pdf
run pdf-counter --config "$TMP/a.ini" pdf --counter 1 -o "$out/x.pdf"
run two-offices-summary "${BOTH[@]}" summary
for name in bad-date bad-semester two-periods pdf-no-output pdf-counter two-offices-summary; do
	check_eq "$name: exit 64 ($(tail -n 1 "$out/$name.err" | head -c 200))" 64 "$(cat "$out/$name.rc")"
done
check "bad date: the message shows both ways to write a date" grep -q "DD/MM/YYYY" "$out/bad-date.err"
check "pdf without -o: the message says -o FILE" grep -q -- "-o FILE" "$out/pdf-no-output.err"

# -o never replaces a device or a directory (issue 12's rule for every file a person names).
run devnull --config "$TMP/a.ini" --semester 2026-1 pdf -o /dev/null
check_eq "pdf -o /dev/null: exit 0" 0 "$(cat "$out/devnull.rc")"
check "/dev/null is still a character device" test -c /dev/null
mkdir -p "$TMP/adir"
run to-dir --config "$TMP/a.ini" --semester 2026-1 pdf -o "$TMP/adir"
check_eq "pdf -o DIRECTORY: exit 73" 73 "$(cat "$out/to-dir.rc")"
check "pdf -o DIRECTORY: the message asks for a file name" grep -q "give a file name" "$out/to-dir.err"
check "pdf -o DIRECTORY: the directory is still a directory" test -d "$TMP/adir"
run no-dir --config "$TMP/a.ini" --semester 2026-1 pdf -o "$TMP/missing/semestre.pdf"
check_eq "pdf -o into a missing directory: exit 73" 73 "$(cat "$out/no-dir.rc")"
check "a refused pdf leaves no half file" test ! -e "$TMP/missing"

# Log lines: "turno-report: …" anywhere but the journal, "<3>…" on the journal's stream.
"$REPORT" --config "$TMP/a.ini" --from 99/99/2026 2>"$TMP/plain.err" >/dev/null
check "to a file, an error reads 'turno-report: …' (no <3>)" grep -q '^turno-report: --from 99/99/2026' "$TMP/plain.err"
: >"$TMP/journal.err"
JOURNAL_STREAM="$(stat -c '%d:%i' "$TMP/journal.err")" "$REPORT" --config "$TMP/a.ini" --from 99/99/2026 \
	2>>"$TMP/journal.err" >/dev/null
check "on the journal's stream (JOURNAL_STREAM), the same error is '<3>…'" grep -q '^<3>--from 99/99/2026' \
	"$TMP/journal.err"

python3 "$TOP/tests/integration/report_pdf_checks.py" "$out" "$TMP" "$TAP_N"
