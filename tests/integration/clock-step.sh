#!/usr/bin/env bash
# The real turno-kiosk through a Raspberry Pi's clock at boot: libfaketime steps its wall
# clock (the monotonic clock runs on untouched, as on the Pi), and a small LD_PRELOAD
# shim (tests/tools/preload/fake-ntp.c) says when NTP has synchronised it. Two citizens
# must never hold the same number, and every ticket must end up under the day it was
# really issued on.
. "$(dirname "$0")/../lib.sh"

if ! fake_clock_init; then
	not_ok "libfaketime and the fake-ntp shim are there" "$FAKE_CLOCK_WHY"
	exit 0
fi
case "$BUILD" in *-san*) ok "# SKIP sanitizer build: LD_PRELOAD would come before the sanitizer runtime"; exit 0 ;; esac
make_config "$TMP/turno.ini"
KIOSK_WRAP=("${FAKE_CLOCK[@]}")
issue_json() { ctl --json issue "$1"; }
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
db() { sqlite3 "$TMP/turno.db" "$1"; }

# ---------------------------------------------------------------- fake-hwclock's yesterday, then NTP
# The Pi booted with the time it saved at shutdown: Monday 23 November 2026, 17:05.
set_fake_clock "2026-11-23 17:05:00" unsynced
start_kiosk "$TMP/turno.ini"
r1=$(issue_json A)
r2=$(issue_json A)
check_eq "before NTP: A001 and A002, filed under the day the clock says" "A001 2026-11-23 A002 2026-11-23" \
	"$(field label <<<"$r1") $(field day <<<"$r1") $(field label <<<"$r2") $(field day <<<"$r2")"
ctl status | grep -q "clock not synchronised" && ok "status says the clock is not synchronised" ||
	not_ok "status says the clock is not synchronised"
# NTP steps the clock to Tuesday 08:01.
set_fake_clock "2026-11-24 08:01:00" synced
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
set_fake_clock "2026-11-24 09:00:00" synced
start_kiosk "$TMP/turno.ini"
check_eq "Tuesday, synchronised: A001" A001 "$(ctl issue A)"
set_fake_clock "2026-11-25 09:00:00" unsynced # the clock jumps a day ahead
r=$(issue_json A)
check_eq "a day ahead while A001 still waits: not A001 again" "A002" "$(field label <<<"$r")"
set_fake_clock "2026-11-24 09:05:00" synced # NTP steps it back
check_eq "NTP back on Tuesday: numbering goes on" A003 "$(ctl issue A)"
check_eq "nobody waits twice with one number (once: A001 twice)" "A001 A002 A003" \
	"$(db "SELECT group_concat(label, ' ') FROM (SELECT label FROM tickets WHERE state = 'waiting' ORDER BY id)")"
check_eq "all filed under Tuesday" "2026-11-24" "$(db "SELECT group_concat(DISTINCT day) FROM tickets")"
# The real Wednesday: Tuesday's leftovers end, and nothing filed under the wrong day still waits.
set_fake_clock "2026-11-25 09:00:00" synced
check_eq "the real Wednesday starts again at A001" A001 "$(ctl issue A)"
check_eq "Tuesday's tickets no longer wait (once: still waiting a day later)" 0 \
	"$(db "SELECT COUNT(*) FROM tickets WHERE state = 'waiting' AND day <> '2026-11-25'")"
check_eq "and Wednesday's only ticket is the one just issued" "A001" \
	"$(db "SELECT group_concat(label) FROM tickets WHERE day = '2026-11-25'")"
stop_kiosk
