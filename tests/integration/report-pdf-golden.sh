#!/usr/bin/env bash
# The semester report's pages against golden images: a synthetic document of two offices
# (tests/tools/report-pdf-sample.c: tickets straight into the document builder, so the
# pages depend only on the builder and the layout, not on the engine or a database),
# rasterised by poppler's pdftoppm in grey at 50 dpi and compared pixel by pixel with
# tests/golden/report-pdf/page-N.png (tests/integration/png_compare.py). `make golden`
# (TURNO_GOLDEN_UPDATE=1) rewrites them on purpose; look at every page before committing.
. "$(dirname "$0")/../lib.sh"

SAMPLE="$BUILD/tests/tools/report-pdf-sample"
if ! "$SAMPLE" "$TMP/sample.pdf" "$TMP/sample.json" >"$TMP/sample.log" 2>&1; then
	not_ok "the sample document renders" "$(cat "$TMP/sample.log")"
	exit 0
fi
ok "the sample document renders"
mkdir -p "$TMP/pages"
check "pdftoppm rasterises it" pdftoppm -r 50 -gray -png "$TMP/sample.pdf" "$TMP/pages/page"
# pdftoppm numbers pages with as many digits as the last one needs: page-1.png … page-9.png.
python3 "$TOP/tests/integration/png_compare.py" "$TMP/pages" "$TOP/tests/golden/report-pdf" \
	"$BUILD/test-logs/golden" "$TAP_N"
