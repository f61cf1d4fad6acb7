#!/usr/bin/env bash
# The real turno-kiosk printing through a private cupsd: what a citizen holds, and what
# the kiosk does when the printer fails — the ticket's print state, what staff see,
# nothing lost, and recovery. (tests/integration/print-cups.sh tests the printer module
# alone; this is the kiosk around it.)
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/lib-cups.sh"
DECODE="$BUILD/tests/tools/escpos-decode"

if ! cups_start; then not_ok "private cupsd starts"; exit 1; fi
cups_backend turnotest "$TOP/tests/tools/turno-test-backend"
cups_stop && cups_start
listener_start RAW || { not_ok "fake AppSocket printer listens"; exit 1; }
mkdir -p "$TMP/paper" && chmod 777 "$TMP/paper"
lpadmin -p Tickets -v "socket://127.0.0.1:$LISTENER_PORT_RAW" -m raw -E 2>/dev/null
lpadmin -p Paper -v "turnotest:$TMP/paper" -m raw -E 2>/dev/null

kiosk_config() { # out destination on_failure
	make_config "$1" "s|^destination =.*|destination = $2|" \
		"s|^on_failure = .*|on_failure = $3\ntimeout_seconds = 3|"
}
run_kiosk() { # config: like start_kiosk, but printing for real
	"$KIOSK" --config "$1" --headless --ignore-hours --database "$TMP/turno.db" \
		--socket "$TMP/control.sock" >>"$TMP/kiosk.log" 2>&1 &
	KIOSK_PID=$!
	"$CTL" --socket "$TMP/control.sock" --wait 20 ping >/dev/null
}
print_state() { sqlite3 "$TMP/turno.db" "SELECT print_state FROM tickets WHERE label = '$1' AND day = (SELECT MAX(day) FROM tickets)"; }
printer_state() { ctl --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"]["printer"]["state"])'; }
printer_is() { [ "$(printer_state)" = "$1" ]; }
# The kiosk records print results from its loop: a status request makes it turn.
settled() { [ "$(print_state "$1")" = "$2" ]; }
wait_print() { wait_until 15 settled "$1" "$2"; }
decoded() { # job file -> "number|service line|date|cut"
	"$DECODE" --json "$1" | python3 -c 'import json,sys
d = json.load(sys.stdin); lines = [l for l in d["lines"] if l.get("kind") == "text"]
big = max(lines, key=lambda l: l["width"] * l["height"])
print("%s|%s|%s|%s" % (big["text"], lines[lines.index(big) + 1]["text"],
      any(sys.argv[1] in l["text"] for l in lines), d["cut_last"]))' "$(date +%d/%m/%Y)"
}

kiosk_config "$TMP/keep.ini" Tickets keep_issuing
run_kiosk "$TMP/keep.ini"

# ------------------------------------------------------------ a ticket on paper
check_eq "issue through the kiosk" A001 "$(ctl issue A)"
wait_until 15 jobs_are -ge 1
check_eq "the printer received one job" 1 "$(listener_jobs RAW)"
check_eq "the ticket decodes: number, service, today's date, cut at the end" \
	"A001|Informazioni e orientamento|True|True" "$(decoded "$TMP/listener-RAW/job-1.bin")"
wait_print A001 printed
check_eq "the ticket is recorded as printed" printed "$(print_state A001)"
check_eq "--no-print sends nothing" B001 "$(ctl issue B --no-print)"
ctl print-test >/dev/null
wait_until 15 jobs_are -ge 2
check_eq "print-test prints a test ticket" "T000" "$(decoded "$TMP/listener-RAW/job-2.bin" | cut -d'|' -f1)"

# ------------------------------------------------------------ paper out (queue stopped)
cupsdisable -r "paper out" Tickets
t0=$(date +%s.%N)
wait_until 10 printer_is stopped
awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "# stopped printer seen by the kiosk after %.1f s (the goal is 5 s; reported, not asserted)\n", b - a}'
check_eq "the kiosk sees the stopped printer within 10 s" stopped "$(printer_state)"
check_eq "keep_issuing: the number is still issued" A002 "$(ctl issue A)"
wait_print A002 failed
check_eq "and its print is recorded as failed" failed "$(print_state A002)"
ctl status | grep -q "Tickets not printed today: 1" && ok "turno-ctl status counts the unprinted ticket" ||
	not_ok "turno-ctl status counts the unprinted ticket" "$(ctl status | tail -4)"
ctl status | grep -q "^Printer: stopped.*paper out" && ok "turno-ctl status says why" ||
	not_ok "turno-ctl status says why" "$(ctl status | grep Printer)"
cupsenable Tickets
wait_until 10 printer_is ready
check_eq "recovery: the printer is ready again" ready "$(printer_state)"
jobs=$(listener_jobs RAW)
check_eq "the next ticket" A003 "$(ctl issue A)"
wait_until 15 jobs_are -gt "$jobs"
wait_print A003 printed
check_eq "prints again" printed "$(print_state A003)"

# ------------------------------------------------------------ media-empty from the printer itself
stop_kiosk
kiosk_config "$TMP/paper.ini" Paper keep_issuing
run_kiosk "$TMP/paper.ini"
touch "$TMP/paper/paper-out"
check_eq "issue with the roll finished" A004 "$(ctl issue A)"
wait_print A004 failed
check_eq "the backend's media-empty fails the print" failed "$(print_state A004)"
reasons=$(ctl --json status | python3 -c 'import json,sys; p=json.load(sys.stdin)["status"]["printer"]; print(p["state"], p["paper_out"])')
check_eq "staff see: stopped, paper out" "stopped True" "$reasons"
rm "$TMP/paper/paper-out"
cupsenable Paper
check_eq "after a new roll" A005 "$(ctl issue A)"
wait_print A005 printed
check_eq "tickets print again" printed "$(print_state A005)"

# ------------------------------------------------------------ stop_issuing: no ghost tickets
stop_kiosk
kiosk_config "$TMP/stop.ini" Tickets stop_issuing
run_kiosk "$TMP/stop.ini"
cupsreject Tickets
wait_until 10 printer_is not-accepting
out=$(ctl issue A 2>&1); rc=$?
check_eq "stop_issuing: a rejecting printer stops issuing" 1 "$rc"
case "$out" in *out_of_order*) ok "the refusal says tickets cannot be issued now" ;; *) not_ok "the refusal says why" "$out" ;; esac
cupsaccept Tickets
wait_until 10 printer_is ready
check_eq "accepting again: the next number, none skipped" A006 "$(ctl issue A)"
wait_print A006 printed

# ------------------------------------------------------------ cupsd not running at all
stop_kiosk
run_kiosk "$TMP/keep.ini"
cups_stop
wait_until 10 printer_is unreachable
check_eq "the kiosk sees that CUPS is gone" unreachable "$(printer_state)"
check_eq "keep_issuing: still issues" A007 "$(ctl issue A)"
wait_print A007 failed
check_eq "the print fails, recorded" failed "$(print_state A007)"
cups_start
wait_until 15 printer_is ready
check_eq "CUPS back: ready" ready "$(printer_state)"
stop_kiosk

# ------------------------------------------------------------ nothing lost
check_eq "every number issued is in the database, once" "A001 A002 A003 A004 A005 A006 A007 B001" \
	"$(sqlite3 "$TMP/turno.db" "SELECT group_concat(label, ' ') FROM (SELECT label FROM tickets ORDER BY label)")"
check_eq "every print outcome is an event" \
	"print_failed 3|printed 4" \
	"$(sqlite3 "$TMP/turno.db" "SELECT group_concat(kind || ' ' || n, '|') FROM (SELECT kind, COUNT(*) n FROM events WHERE kind LIKE 'print%' GROUP BY kind ORDER BY kind)")"

# ------------------------------------------------------------ a tap on the screen, printed
# The whole path a citizen takes: a click on the service tile of the kiosk's window
# (Xvfb, xdotool) under the test cupsd gives a ticket whose decoded number is the one
# the database holds for that tap.
if ! command -v Xvfb >/dev/null || ! command -v xdotool >/dev/null; then
	not_ok "Xvfb and xdotool are installed (make deps-test)"
	exit 0
fi
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp 3>"$TMP/display" 2>"$TMP/xvfb.log" &
xvfb=$!
on_exit "kill $xvfb"
wait_until 10 test -s "$TMP/display"
export DISPLAY=":$(head -n1 "$TMP/display")"
"$KIOSK" --config "$TMP/keep.ini" --ignore-hours --database "$TMP/turno.db" --socket "$TMP/control.sock" \
	>>"$TMP/kiosk.log" 2>&1 &
KIOSK_PID=$!
"$CTL" --socket "$TMP/control.sock" --wait 20 ping >/dev/null
on_screen() { [ "$(ctl --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"].get("screen", {}).get("page", ""))')" = "$1" ]; }
wait_until 10 on_screen home
check "the kiosk shows its home screen in a window" on_screen home
read -r bx by < <(ctl --json status | python3 -c 'import json,sys; d=json.load(sys.stdin)
print(" ".join(str(t[k]) for t in d["status"]["screen"]["targets"] if t.get("service") == "C" for k in ("x", "y")))')
jobs=$(listener_jobs RAW)
wid=$(xdotool search --sync --name 'Turno' | head -n1)
xdotool mousemove --window "$wid" --sync "$bx" "$by" click 1
wait_until 15 jobs_are -gt "$jobs"
tapped=$(sqlite3 "$TMP/turno.db" "SELECT label FROM tickets WHERE service = 'C' ORDER BY id DESC LIMIT 1")
check_eq "the tap issued one ticket of service C" "C001" "$tapped"
check_eq "the printer got that ticket: its decoded number, service, date and cut" \
	"C001|Reclami e segnalazioni|True|True" "$(decoded "$TMP/listener-RAW/job-$((jobs + 1)).bin")"
wait_print C001 printed
check_eq "recorded as printed" printed "$(print_state C001)"

# Paper out under keep_issuing: the screen itself tells the citizen, and stops once it is fixed.
notice_is() { [ "$(ctl --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"]["screen"].get("printer_notice"))')" = "$1" ]; }
check "no printer notice while the printer works" notice_is False
# The notice belongs to the home screen (a ticket page on screen says it in its own words):
# measure from home, where the tap's ticket page has gone back to after ticket_seconds.
wait_until 15 on_screen home
cupsdisable -r "paper out" Tickets
t0=$(date +%s.%N)
wait_until 10 notice_is True
awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "# the screen showed the printer notice %.1f s after cupsdisable (goal 5 s; reported, not asserted)\n", b - a}'
check "the screen shows the printer notice within 10 s of paper out" notice_is True
cupsenable Tickets
wait_until 10 notice_is False
check "the notice goes away when the printer is back" notice_is False
stop_kiosk
