#!/usr/bin/env bash
# Printing through a real, private cupsd: tickets reach a fake network thermal printer
# (raw queue, socket://) as ESC/POS and a PDF driver queue as PDF; every fault a kiosk
# meets (paper out, printer disabled, queue rejecting, printer unplugged, cupsd down) is
# reported as the citizen would experience it, and printing recovers afterwards.
# Uses the printer module through tests/tools/print-ticket (the same calls as the kiosk).
source "$(dirname "$0")/../lib.sh"
source "$TOP/tests/lib-cups.sh"

TOOL=$BUILD/tests/tools/print-ticket
DECODE=$BUILD/tests/tools/escpos-decode
for t in "$TOOL" "$DECODE"; do
	[ -x "$t" ] || { not_ok "test tools are built" "$t missing: make build-tests"; exit 1; }
done
for cmd in cupsd lpadmin pdftotext; do
	command -v $cmd >/dev/null || { not_ok "$cmd is installed" "make deps-test installs it"; exit 1; }
done

# The client side must not see this machine's own CUPS settings (a default printer in
# /etc/cups/lpoptions or ~/.cups would change which queue "the default" is).
export HOME=$TMP/home CUPS_SERVERROOT=$TMP/client TMPDIR=$TMP
mkdir -p "$HOME" "$CUPS_SERVERROOT"

if ! cups_start; then not_ok "private cupsd starts"; exit 1; fi
cups_backend turnotest "$TOP/tests/tools/turno-test-backend"
cups_stop && cups_start # the scheduler lists backends at start
listener_start RAW || { not_ok "fake AppSocket printer listens"; exit 1; }
mkdir -p "$TMP/paper" "$TMP/pdf"
chmod 777 "$TMP/paper" "$TMP/pdf"
lpadmin -p Tickets -v "socket://127.0.0.1:$LISTENER_PORT_RAW" -m raw -E 2>/dev/null
lpadmin -p Paper -v "turnotest:$TMP/paper" -m raw -E 2>/dev/null
lpadmin -p TicketsPDF -v "turnotest:$TMP/pdf" -P "$TOP/tests/tools/turno-pdf-test.ppd" -E 2>/dev/null
check "three queues exist (raw socket, raw with paper sensor, PDF driver queue)" \
	test "$(lpstat -v | grep -c 'device for')" -eq 3

# Configuration: the example file with the queue, a short job timeout and accents.
config() { # out destination format [extra sed]
	local out=$1 dest=$2 format=$3; shift 3
	make_config "$out" "s|^destination =.*|destination = $dest|" "s|^format = .*|format = $format|" \
		"s|^on_failure = .*|on_failure = keep_issuing\ntimeout_seconds = 3|" \
		"s|^name = Comune di Borgo San Lorenzo - URP|name = Comune di Forlì – Città|" "$@"
}
config "$TMP/escpos.ini" Tickets escpos
config "$TMP/pdf.ini" TicketsPDF pdf
config "$TMP/paper.ini" Paper escpos

# print_ticket OUT CONFIG ARGS...: runs the tool; its exit status is kept in $rc.
print_ticket() {
	local out=$1 cfg=$2; shift 2
	"$TOOL" --config "$cfg" --time "2026-11-23 14:05:09" "$@" >"$out" 2>&1
	rc=$?
}
# field FILE KIND KEY: value of KEY= on the last "KIND …" line (values up to the next key).
field() {
	grep "^$2 " "$1" | tail -1 | sed -n "s/.* $3=\([^=]*\)\( [a-z_]*=.*\)\?$/\1/p"
}
job_file() { ls "$TMP/listener-RAW/job-$1.bin" 2>/dev/null; }

# ---------------------------------------------------------------- ESC/POS on a raw queue
print_ticket "$TMP/r1" "$TMP/escpos.ini" --label A042
check_eq "ESC/POS ticket is reported printed" "printed" "$(field "$TMP/r1" result state)"
check "the CUPS job id is reported" test "$(field "$TMP/r1" result job)" -gt 0
# Debian's cupsd 2.4.2-3+deb12u10 crashes on a job whose document-name holds a space.
check "cupsd is still running after the job (the document name it was given is safe)" kill -0 "$CUPS_PID"
echo "# measured: submission to 'completed' in CUPS: $(field "$TMP/r1" result elapsed_ms) ms"
if wait_until 10 job_file 1; then ok "the thermal printer received the job"; else not_ok "the thermal printer received the job"; fi
"$DECODE" "$(job_file 1)" >"$TMP/d1" 2>&1
check_eq "the received bytes decode with no unknown command" 0 $?
check "the number is printed 8x enlarged, bold, centred" grep -qxF "[C bold 8x8] A042" "$TMP/d1"
check "the service name is printed" grep -qF "Informazioni e orientamento" "$TMP/d1"
check "the date and time line is printed" grep -qF "23/11/2026  14:05" "$TMP/d1"
check "accents survive the code page (Forlì, Città; the dash falls back to -)" \
	grep -qF "Comune di Forlì - Città" "$TMP/d1"
check "the QR code carries the configured text" grep -qF "] https://www.comune.example.it/urp" "$TMP/d1"
check_eq "the paper is cut once, at the end" "[cut]" "$(grep -c '^\[cut\]' "$TMP/d1" | sed 's/^1$/[cut]/')$(tail -1 "$TMP/d1" | grep -v '^\[cut\]$')"

config "$TMP/copies.ini" Tickets escpos "s|^copies = .*|copies = 2|"
print_ticket "$TMP/r2" "$TMP/copies.ini" --label B007 --lang en --priority
wait_until 10 job_file 2
"$DECODE" "$(job_file 2)" >"$TMP/d2" 2>&1
check_eq "copies = 2 prints the ticket twice (two cuts)" 2 "$(grep -c '^\[cut\]' "$TMP/d2")"
check "an English ticket names the service in both languages" \
	bash -c "grep -qF 'Anagrafe e stato civile' '$TMP/d2' && grep -qF 'Registry office' '$TMP/d2'"
check "a priority ticket carries the reversed mark" grep -qF "[C bold reverse 1x1]  PRIORITY " "$TMP/d2"

# ---------------------------------------------------------------- PDF on a driver queue
print_ticket "$TMP/p1" "$TMP/pdf.ini" --label C015
check_eq "PDF ticket is reported printed" "printed" "$(field "$TMP/p1" result state)"
echo "# measured: PDF rendering + submission to 'completed': $(field "$TMP/p1" result elapsed_ms) ms"
wait_until 10 test -s "$TMP/pdf/job-1.bin"
check_eq "the PDF queue received a PDF" "%PDF-" "$(head -c 5 "$TMP/pdf/job-1.bin" 2>/dev/null)"
pdftotext -enc UTF-8 "$TMP/pdf/job-1.bin" "$TMP/p1.txt" 2>/dev/null
check "the PDF's text has the number and the accented office name" \
	bash -c "grep -q C015 '$TMP/p1.txt' && grep -q 'Forlì' '$TMP/p1.txt'"
# The QR code as a phone would read it: the page rasterised at 300 dpi, decoded by zbarimg.
if command -v zbarimg >/dev/null && command -v pdftoppm >/dev/null; then
	pdftoppm -r 300 -png -singlefile "$TMP/pdf/job-1.bin" "$TMP/p1-page" 2>/dev/null
	check_eq "the PDF's QR code scans to the configured text" "https://www.comune.example.it/urp" \
		"$(zbarimg --raw -q "$TMP/p1-page.png" 2>/dev/null)"
else
	not_ok "zbarimg and pdftoppm are installed (make deps-test)"
fi

# ---------------------------------------------------------------- printer disabled: paper out
"$TOOL" --config "$TMP/escpos.ini" --until stopped --max 8 >"$TMP/w1" 2>&1 &
watcher=$!
wait_until 5 grep -q "^status state=ready" "$TMP/w1"
t_disable=$(date +%s%N)
cupsdisable -r "paper out" Tickets
wait $watcher
check_eq "a disabled printer is shown as stopped" 0 $?
t_seen=$((($(date +%s%N) - t_disable) / 1000000))
check_eq "the stopped state carries CUPS's reason" "paper out" "$(field "$TMP/w1" status message)"
print_ticket "$TMP/r3" "$TMP/escpos.ini" --label A043
check_eq "printing on a stopped printer fails at once" "failed" "$(field "$TMP/r3" result state)"
check "the failure says why (paper out)" grep -q "reason=the printer is stopped: paper out" "$TMP/r3"
check_eq "no job is left to come out later" "0" "$(field "$TMP/r3" result job)"
"$TOOL" --config "$TMP/escpos.ini" --until ready --max 8 >"$TMP/w2" 2>&1 &
watcher=$!
wait_until 5 grep -q "^status state=stopped" "$TMP/w2"
cupsenable Tickets
wait $watcher
check_eq "after cupsenable the printer is shown ready again" 0 $?
print_ticket "$TMP/r4" "$TMP/escpos.ini" --label A044
check_eq "printing works again after cupsenable" "printed" "$(field "$TMP/r4" result state)"

# ---------------------------------------------------------------- queue rejecting jobs
cupsreject -r "manutenzione" Tickets
print_ticket "$TMP/r5" "$TMP/escpos.ini" --label A045
check_eq "a rejecting queue fails the ticket at once" "failed" "$(field "$TMP/r5" result state)"
check "the failure says the queue is not accepting jobs" grep -q "reason=the printer queue is not accepting jobs: manutenzione" "$TMP/r5"
check_eq "the state is not-accepting" "not-accepting" "$(field "$TMP/r5" status state)"
cupsaccept Tickets
print_ticket "$TMP/r6" "$TMP/escpos.ini" --label A046
check_eq "printing works again after cupsaccept" "printed" "$(field "$TMP/r6" result state)"

# ---------------------------------------------------------------- printer unplugged (listener down)
jobs_before=$(listener_jobs RAW)
listener_stop RAW
"$TOOL" --config "$TMP/escpos.ini" --time "2026-11-23 14:05:09" --label A047 --late --max 40 >"$TMP/r7" 2>&1 &
printer_pid=$!
if wait_until 15 grep -q "^result .*state=unknown" "$TMP/r7"; then
	ok "an unplugged printer makes the ticket UNKNOWN after the timeout"
else
	not_ok "an unplugged printer makes the ticket UNKNOWN after the timeout" "$(cat "$TMP/r7")"
fi
check "the unknown result says the printer did not answer" grep -q "reason=no answer from the printer in 3 s" "$TMP/r7"
if wait_until 8 grep -q "^status state=offline" "$TMP/r7"; then ok "the printer is then shown offline"; else not_ok "the printer is then shown offline" "$(cat "$TMP/r7")"; fi
listener_start RAW
if wait_until 30 grep -q "^result .*state=printed late=1" "$TMP/r7"; then
	ok "when the printer is back the job completes and a late 'printed' follows"
else
	not_ok "when the printer is back the job completes and a late 'printed' follows" "$(cat "$TMP/r7")"
fi
wait $printer_pid
wait_until 5 jobs_are -gt "$jobs_before"
check "the late ticket is the one that came out" grep -qxF "[C bold 8x8] A047" <("$DECODE" "$(job_file $((jobs_before + 1)))")

# ---------------------------------------------------------------- backend reports media-empty
touch "$TMP/paper/paper-out"
print_ticket "$TMP/r8" "$TMP/paper.ini" --label A048
check_eq "paper running out fails the ticket" "failed" "$(field "$TMP/r8" result state)"
check "the failure says the printer is out of paper" grep -q "reason=the printer is out of paper" "$TMP/r8"
check_eq "the printer is shown stopped" "stopped" "$(field "$TMP/r8" status state)"
check_eq "the state says paper out" "1" "$(field "$TMP/r8" status paper_out)"
check "the reasons name media-empty" bash -c "[[ '$(field "$TMP/r8" status reasons)' == *media-empty* ]]"
check_eq "the job that could not print was cancelled (it will not surprise anyone later)" "" \
	"$(lpstat -W not-completed -o Paper)"
rm -f "$TMP/paper/paper-out"
cupsenable Paper
print_ticket "$TMP/r9" "$TMP/paper.ini" --label A049
check_eq "after new paper and cupsenable the ticket prints" "printed" "$(field "$TMP/r9" result state)"

# ---------------------------------------------------------------- a queue that does not exist
config "$TMP/typo.ini" Tikets escpos
print_ticket "$TMP/t1" "$TMP/typo.ini" --label A052
check_eq "a misspelt destination fails the ticket" "failed" "$(field "$TMP/t1" result state)"
check "the failure names the queue and the fix" grep -q 'reason=CUPS has no printer "Tikets": add it with lpadmin' "$TMP/t1"
check_eq "the state is not-found" "not-found" "$(field "$TMP/t1" status state)"

# ---------------------------------------------------------------- preview directory
config "$TMP/preview.ini" "" escpos "s|^copies = .*|copies = 1\npreview_dir = $TMP/preview|"
print_ticket "$TMP/v1" "$TMP/preview.ini" --label D003 --id 7
check_eq "with preview_dir the ticket is written, not printed" "$TMP/preview/ticket-7-D003.pdf" \
	"$(field "$TMP/v1" result preview)"
check "the preview has the ESC/POS bytes" grep -qxF "[C bold 8x8] D003" <("$DECODE" "$TMP/preview/ticket-7-D003.bin")
check_eq "and the PDF" "%PDF-" "$(head -c 5 "$TMP/preview/ticket-7-D003.pdf" 2>/dev/null)"
check_eq "the state says preview" "preview" "$(field "$TMP/v1" status state)"

config "$TMP/nodest.ini" "" escpos
print_ticket "$TMP/v2" "$TMP/nodest.ini" --label D004 --id 8
check_eq "no destination and no CUPS default: written to the preview dir" \
	"$TMP/turno-tickets/ticket-8-D004.pdf" "$(field "$TMP/v2" result preview)"
lpadmin -d Tickets
jobs_before=$(listener_jobs RAW)
print_ticket "$TMP/v3" "$TMP/nodest.ini" --label D005
check_eq "no destination but a CUPS default: printed there" "Tickets" "$(field "$TMP/v3" status destination)"
wait_until 10 jobs_are -gt "$jobs_before"
check_eq "the default printer received it" "$((jobs_before + 1))" "$(listener_jobs RAW)"

# ---------------------------------------------------------------- idle cost
"$TOOL" --config "$TMP/escpos.ini" --idle 10 >"$TMP/idle" 2>&1
echo "# measured while idle: $(grep '^idle ' "$TMP/idle")"
check "an idle printer wakes the main loop only for the first state" \
	test "$(sed -n 's/.*main_wakeups=\([0-9]*\).*/\1/p' "$TMP/idle")" -le 1

# ---------------------------------------------------------------- cupsd not running
cups_stop
print_ticket "$TMP/r10" "$TMP/escpos.ini" --label A050 --max 15
check_eq "with cupsd down the ticket fails (no hang)" "1" "$rc"
check "the failure says the print server does not answer" \
	grep -q "reason=the print server (CUPS at 127.0.0.1:$CUPS_PORT) does not answer" "$TMP/r10"
check_eq "the state is unreachable" "unreachable" "$(field "$TMP/r10" status state)"
print_ticket "$TMP/r10b" "$TMP/nodest.ini" --label A053 --max 15
check_eq "with no destination and cupsd down the ticket fails instead of going to files" "failed" \
	"$(field "$TMP/r10b" result state)"
check "and says the print server does not answer" grep -q "reason=the print server .* does not answer" "$TMP/r10b"
cups_start
print_ticket "$TMP/r11" "$TMP/escpos.ini" --label A051
if [ "$(field "$TMP/r11" result state)" = printed ]; then
	ok "printing works again once cupsd is back"
else # seen once in CI and never here since: keep what is needed to tell why
	not_ok "printing works again once cupsd is back" \
		"$(cat "$TMP/r11"; lpstat -p -o 2>&1; tail -8 "$CUPS_DIR/log/error_log")"
fi


echo "# measured: 'stopped' reached the tool ${t_seen} ms after cupsdisable (idle poll every 4 s)"
