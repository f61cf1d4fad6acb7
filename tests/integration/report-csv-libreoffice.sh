#!/usr/bin/env bash
# The Italian CSV (--format csv-it) opened by a real spreadsheet: LibreOffice Calc,
# headless, importing with Italian settings (separator ';', UTF-8, language it-IT) as an
# office PC would, converted to a flat ODS whose cells say their type. Every figure must
# be a number (and the dates dates), equal to the CSV's own; the RFC 4180 CSV for
# programs, opened the same way, is the control: its decimals come in as text (the
# complaint of issue 18). Data: the engine-built fixture of report.sh.
. "$(dirname "$0")/../lib.sh"

REPORT="$BUILD/turno-report"
if ! command -v soffice >/dev/null; then
	not_ok "LibreOffice (soffice) is installed" "make deps-test installs libreoffice-calc"
	exit 0
fi
if ! "$BUILD/tests/tools/report-fixture" "$TMP" >"$TMP/fixture.log" 2>&1; then
	not_ok "fixture built through the engine" "$(cat "$TMP/fixture.log")"
	exit 0
fi
ok "fixture built through the engine"
range=(--config "$TMP/report.ini" --from 2026-03-27 --to 2026-03-31)
mkdir -p "$TMP/it" "$TMP/rfc" "$TMP/json"
for report in summary heatmap orari compare tickets; do
	"$REPORT" "${range[@]}" "$report" --format csv-it >"$TMP/it/$report.csv"
	"$REPORT" "${range[@]}" "$report" --format json >"$TMP/json/$report.json"
done
"$REPORT" "${range[@]}" --by day --format csv-it >"$TMP/it/by-day.csv"
"$REPORT" "${range[@]}" --format csv >"$TMP/rfc/summary.csv"

# One start of LibreOffice per import setting, with a private profile (its first start
# is the slow part: a few seconds).
lo() { # filter options, output dir, files...
	local filter=$1 dir=$2; shift 2
	timeout 180 soffice --headless --norestore --nolockcheck -env:UserInstallation="file://$TMP/lo-profile" \
		--infilter="CSV:$filter" --convert-to fods --outdir "$dir" "$@" >>"$TMP/lo.log" 2>&1
}
start=$(date +%s.%N)
lo "59,34,76,1,,1040" "$TMP/it-ods" "$TMP"/it/*.csv
printf '# LibreOffice, first start and six files: %.1f s\n' "$(echo "$(date +%s.%N) - $start" | bc)"
lo "44,34,76,1,,1040" "$TMP/rfc-ods" "$TMP/rfc/summary.csv"
check "LibreOffice converted every Italian CSV" test "$(ls "$TMP/it-ods" 2>/dev/null | wc -l)" -eq 6

python3 - "$TMP" "$TAP_N" <<'EOF'
import csv, io, json, re, sys
import xml.etree.ElementTree as ET

tmp, n = sys.argv[1], int(sys.argv[2])
NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
Q = lambda ns, tag: "{%s}%s" % (NS[ns], tag)


def tap(good, what, why=""):
    global n
    n += 1
    print(("ok %d - %s" if good else "not ok %d - %s") % (n, what))
    if not good and why:
        for line in str(why).splitlines()[:12]:
            print("# " + line)


def sheet(path):
    """Rows of (type, value, text) for each cell of the first sheet."""
    rows = []
    for row in ET.parse(path).getroot().iter(Q("table", "table-row")):
        cells = []
        for cell in row.iter(Q("table", "table-cell")):
            repeat = int(cell.get(Q("table", "number-columns-repeated"), "1"))
            kind = cell.get(Q("office", "value-type"))
            value = cell.get(Q("office", "value")) or cell.get(Q("office", "date-value"))
            text = "".join(p.text or "" for p in cell.iter(Q("text", "p")))
            cells += [(kind, value, text)] * min(repeat, 64)
        rows.append(cells)
    return [r for r in rows if any(c[0] for c in r)]


NUMBER = re.compile(r"^-?\d+(,\d+)?$")
for name in ("summary", "heatmap", "orari", "compare", "tickets", "by-day"):
    with open(f"{tmp}/it/{name}.csv", encoding="utf-8-sig", newline="") as f:
        source = list(csv.reader(f, delimiter=";"))
    try:
        cells = sheet(f"{tmp}/it-ods/{name}.fods")
    except Exception as e:
        tap(False, f"{name}: LibreOffice's sheet parses", e)
        continue
    wrong, numbers = [], 0
    for r, (src, got) in enumerate(zip(source, cells)):
        for c, text in enumerate(src):
            if r == 0 or not NUMBER.match(text):
                continue
            numbers += 1
            kind, value, _ = got[c] if c < len(got) else (None, None, None)
            if kind not in ("float", "percentage") or abs(float(value) - float(text.replace(",", "."))) > 1e-9:
                wrong.append(f"row {r} column {source[0][c]}: {text!r} came in as {kind} {value}")
    tap(numbers > 0 and not wrong and len(cells) == len(source),
        f"{name}: LibreOffice with Italian settings reads its {numbers} figures as numbers, equal to the CSV's",
        "\n".join(wrong[:8]) or f"{len(cells)} rows in the sheet, {len(source)} in the CSV")
    header = cells[0] if cells else []
    tap([h[2] for h in header][:len(source[0])] == source[0], f"{name}: the header row is read as text, accents intact",
        f"{[h[2] for h in header]} vs {source[0]}")

# The figures are the JSON's, in minutes: the summary's mean waits.
summary = json.load(open(f"{tmp}/json/summary.json"))
cells = sheet(f"{tmp}/it-ods/summary.fods")
col = [c[2] for c in cells[0]].index("Attesa media (min)")
want = [None if r["wait_mean_s"] is None else round(r["wait_mean_s"] / 60 + 1e-9, 1)
        for r in summary["rows"] + [summary["total"]]]
got = [None if r[col][0] is None else round(float(r[col][1]), 1) for r in cells[1:]]
tap(got == want, "the spreadsheet's mean waits are the JSON's seconds in minutes", f"{got} vs {want}")
days = sheet(f"{tmp}/it-ods/by-day.fods")
tap(all(r[0][0] == "date" for r in days[1:-1]), "the days of --by day come in as dates", [r[0] for r in days[1:4]])

# The control: the CSV for programs, opened the same way, has its decimals as text.
rfc = sheet(f"{tmp}/rfc-ods/summary.fods")
decimals = [c for r in rfc[1:] for c in r if c[2] and re.match(r"^\d+\.\d+$", c[2])]
tap(decimals and all(c[0] == "string" for c in decimals),
    "control: the RFC 4180 CSV opened with Italian settings brings its decimals in as text",
    decimals[:5])
EOF
