#!/usr/bin/env bash
# The real turno-kiosk through a Raspberry Pi's clock at boot: libfaketime steps its wall
# clock (the monotonic clock runs on untouched, as on the Pi), and a small LD_PRELOAD
# shim (tests/tools/preload/fake-ntp.c) says when NTP has synchronised it. Two citizens
# must never hold the same number, and every ticket must end up under the day it was
# really issued on.
. "$(dirname "$0")/../lib.sh"

FAKETIME_LIB=""
for f in /usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 /usr/lib/*/faketime/libfaketimeMT.so.1; do
	[ -e "$f" ] && { FAKETIME_LIB=$f; break; }
done
SHIM=$BUILD/tests/tools/fake-ntp.so
if [ -z "$FAKETIME_LIB" ] || [ ! -e "$SHIM" ]; then
	not_ok "libfaketime and the fake-ntp shim are there" "libfaketime: '$FAKETIME_LIB', shim: $SHIM (make build-tests; apt-get install libfaketime)"
	exit 0
fi
case "$BUILD" in *-san*) echo "# sanitizer build: LD_PRELOAD would come before the sanitizer runtime; skipped"; ok "# SKIP sanitizer build"; exit 0 ;; esac

make_config "$TMP/turno.ini"
CLOCK=$TMP/faketime
NTP=$TMP/ntp
# set_clock "YYYY-MM-DD HH:MM:SS" synced|unsynced. The kiosk may look between the two
# files (its printer's results are written whenever they come), so the order keeps that
# moment unsynchronised: an unsynchronised clock changes nothing that a test checks.
set_clock() {
	if [ "$2" = synced ]; then
		echo "@$1" >"$CLOCK"
		echo synced >"$NTP"
	else
		echo unsynced >"$NTP"
		echo "@$1" >"$CLOCK"
	fi
}

# A kiosk whose wall clock is what $CLOCK says (in Rome's time), stepping when it changes.
start_fake_kiosk() {
	env TZ=Europe/Rome LD_PRELOAD="$FAKETIME_LIB:$SHIM" FAKETIME_TIMESTAMP_FILE="$CLOCK" FAKETIME_NO_CACHE=1 \
		FAKETIME_DONT_FAKE_MONOTONIC=1 TURNO_FAKE_NTP_FILE="$NTP" \
		"$KIOSK" --config "$TMP/turno.ini" --headless --ignore-hours --database "$TMP/turno.db" \
		--socket "$TMP/control.sock" --print-preview "$TMP/tickets" >>"$TMP/kiosk.log" 2>&1 &
	KIOSK_PID=$!
	"$CTL" --socket "$TMP/control.sock" --wait 20 ping >/dev/null
}
issue_json() { ctl --json issue "$1"; }
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
db() { sqlite3 "$TMP/turno.db" "$1"; }

# ---------------------------------------------------------------- fake-hwclock's yesterday, then NTP
# The Pi booted with the time it saved at shutdown: Monday 23 November 2026, 17:05.
set_clock "2026-11-23 17:05:00" unsynced
start_fake_kiosk
r1=$(issue_json A)
r2=$(issue_json A)
check_eq "before NTP: A001 and A002, filed under the day the clock says" "A001 2026-11-23 A002 2026-11-23" \
	"$(field label <<<"$r1") $(field day <<<"$r1") $(field label <<<"$r2") $(field day <<<"$r2")"
ctl status | grep -q "clock not synchronised" && ok "status says the clock is not synchronised" ||
	not_ok "status says the clock is not synchronised"
# NTP steps the clock to Tuesday 08:01.
set_clock "2026-11-24 08:01:00" synced
r3=$(issue_json A)
r4=$(issue_json A)
check_eq "after NTP's step the numbers go on (once: A001 and A002 again)" "A003 A004" \
	"$(field label <<<"$r3") $(field label <<<"$r4")"
calls=""
for i in 1 2 3 4; do calls="$calls $(ctl call 1)"; done
check_eq "counter 1 calls four different citizens (once: A001 A002 A001 A002)" " A001 A002 A003 A004" "$calls"
check_eq "all four are filed under Tuesday, the day they were taken" "2026-11-24 4" \
	"$(db "SELECT day, COUNT(*) FROM tickets GROUP BY day" | tr '|' ' ')"
check_eq "the two taken before the step have Tuesday's time" "2026-11-24 2026-11-24" \
	"$(db "SELECT group_concat(substr(issued_local, 1, 10), ' ') FROM tickets WHERE label IN ('A001', 'A002')")"
check_eq "each correction is an event (redated)" 2 "$(db "SELECT COUNT(*) FROM events WHERE kind = 'redated'")"
check_eq "no number twice in a day" 0 "$(db "SELECT COUNT(*) FROM (SELECT 1 FROM tickets GROUP BY day, label HAVING COUNT(*) > 1)")"
stop_kiosk
rm -f "$TMP"/turno.db*

# ---------------------------------------------------------------- a clock a day ahead, then NTP back
set_clock "2026-11-24 09:00:00" synced
start_fake_kiosk
check_eq "Tuesday, synchronised: A001" A001 "$(ctl issue A)"
set_clock "2026-11-25 09:00:00" unsynced # the clock jumps a day ahead
r=$(issue_json A)
check_eq "a day ahead while A001 still waits: not A001 again" "A002" "$(field label <<<"$r")"
set_clock "2026-11-24 09:05:00" synced # NTP steps it back
check_eq "NTP back on Tuesday: numbering goes on" A003 "$(ctl issue A)"
check_eq "nobody waits twice with one number (once: A001 twice)" "A001 A002 A003" \
	"$(db "SELECT group_concat(label, ' ') FROM (SELECT label FROM tickets WHERE state = 'waiting' ORDER BY id)")"
check_eq "all filed under Tuesday" "2026-11-24" "$(db "SELECT group_concat(DISTINCT day) FROM tickets")"
# The real Wednesday: Tuesday's leftovers end, and nothing filed under the wrong day still waits.
set_clock "2026-11-25 09:00:00" synced
check_eq "the real Wednesday starts again at A001" A001 "$(ctl issue A)"
check_eq "Tuesday's tickets no longer wait (once: still waiting a day later)" 0 \
	"$(db "SELECT COUNT(*) FROM tickets WHERE state = 'waiting' AND day <> '2026-11-25'")"
check_eq "and Wednesday's only ticket is the one just issued" "A001" \
	"$(db "SELECT group_concat(label) FROM tickets WHERE day = '2026-11-25'")"
stop_kiosk
