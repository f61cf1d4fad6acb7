#!/usr/bin/env bash
# turno-kiosk under systemd's notify protocol, as turno-kiosk.service runs it (Type=notify,
# WatchdogSec=): READY=1 once the first frame is on screen, STATUS= lines, and WATCHDOG=1
# only while the main loop turns. A datagram socket of the test's own stands in for systemd.
. "$(dirname "$0")/../lib.sh"

make_config "$TMP/turno.ini"
NOTIFY="$TMP/notify.sock"
# The receiver writes "<monotonic seconds> <message>" per datagram until killed.
python3 -u -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
open(sys.argv[2], "w").close()
with open(sys.argv[2], "a", buffering=1) as log:
    while True:
        for line in s.recv(4096).decode().splitlines():
            log.write("%.3f %s\n" % (time.monotonic(), line))
' "$NOTIFY" "$TMP/notify.log" &
receiver=$!
on_exit "kill $receiver"
wait_file() { local i; for ((i = 0; i < 200; i++)); do [ -e "$1" ] && return 0; sleep 0.05; done; return 1; }
wait_file "$TMP/notify.log" || { not_ok "the notify receiver starts"; exit 0; }
count() { grep -c " $1" "$TMP/notify.log"; }
wait_count() { # message minimum seconds
	local end=$((SECONDS + $3))
	until [ "$(count "$1")" -ge "$2" ]; do [ $SECONDS -ge $end ] && return 1; sleep 0.05; done
}

# ---------------------------------------------------------------- with the screen
# WATCHDOG_USEC=600000: the kiosk pings every 0.3 s (half the period, as systemd advises).
NOTIFY_SOCKET=$NOTIFY WATCHDOG_USEC=600000 SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software \
	"$KIOSK" --config "$TMP/turno.ini" --ignore-hours --database "$TMP/turno.db" \
	--socket "$TMP/control.sock" --print-preview "$TMP/tickets" >"$TMP/kiosk.log" 2>&1 &
KIOSK_PID=$!
if wait_count READY=1 1 20; then ok "READY=1 reaches systemd"; else not_ok "READY=1 reaches systemd" "$(cat "$TMP/kiosk.log")"; fi
frames=$(ctl --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"]["screen"]["frames"])')
check "a frame was on screen when READY=1 was sent (frames: $frames)" test "${frames:-0}" -ge 1
check_eq "READY=1 is sent once" 1 "$(count READY=1)"
check "a STATUS= line says how many are waiting" grep -q " STATUS=0 waiting; last call none" "$TMP/notify.log"
if wait_count WATCHDOG=1 3 10; then ok "WATCHDOG=1 comes regularly while the loop turns"; else not_ok "WATCHDOG=1 comes regularly" "$(cat "$TMP/notify.log")"; fi
stop_kiosk

# ---------------------------------------------------------------- a loop that does not turn
# A second program holds the database's write lock; an issue through the control socket
# keeps the main loop in SQLite's busy wait for up to 1 s (TURNO_KIOSK_LOCK_WAIT_MS), and
# the pings stop meanwhile: they come only from the loop, so that systemd restarts a
# kiosk whose loop hangs longer than WatchdogSec. Then the kiosk refuses at once instead
# of waiting again, and the pings go on while the lock is still held.
: >"$TMP/notify.log"
# WATCHDOG_USEC=200000: a ping every 0.1 s.
NOTIFY_SOCKET=$NOTIFY WATCHDOG_USEC=200000 start_kiosk "$TMP/turno.ini"
wait_count WATCHDOG=1 2 10
hold_write_lock "$TMP/turno.db" && ok "another program holds the write lock" || not_ok "another program holds the write lock"
since=$(tail -1 "$TMP/notify.log" | cut -d' ' -f1)
ctl issue A >"$TMP/issue.out" 2>&1
rc=$?
until_=$(python3 -c 'import time; print("%.3f" % time.monotonic())')
# The longest silence between pings around the issue: the loop held in the busy wait.
gap=$(awk -v a="$since" -v b="$until_" '$2 == "WATCHDOG=1" && $1 >= a && $1 <= b + 0.3 {
	if (last != "") { g = $1 - last; if (g > max) max = g } last = $1 } END { printf "%.2f", max }' "$TMP/notify.log")
check "no WATCHDOG=1 while the main loop waited for the lock (silent for ${gap} s; pings every 0.1 s)" \
	awk -v g="$gap" 'BEGIN { exit !(g >= 0.7) }'
[ "$rc" -eq 1 ] && grep -q "locked by another program" "$TMP/issue.out" &&
	ok "the issue is refused with the reason, within turno-ctl's time" ||
	not_ok "the issue is refused with the reason, within turno-ctl's time" "rc $rc: $(cat "$TMP/issue.out")"
n=$(count WATCHDOG=1)
if wait_count WATCHDOG=1 $((n + 3)) 10; then ok "and the pings go on while the lock is still held"; else
	not_ok "and the pings go on while the lock is still held" "$(tail -5 "$TMP/notify.log")"; fi
release_write_lock
for i in $(seq 200); do ctl status | grep -q "^Issuing: open" && break; sleep 0.05; done
check_eq "once the lock is released the ticket is issued" A001 "$(ctl issue A 2>&1)"
if wait_count "STATUS=1 waiting" 1 10; then ok "STATUS= follows the queue (1 waiting)"; else not_ok "STATUS= follows the queue" "$(grep STATUS "$TMP/notify.log")"; fi
stop_kiosk
