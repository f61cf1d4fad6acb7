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
# then keeps the main loop waiting for it (SQLite's busy timeout) and the pings must stop,
# so that systemd would restart a kiosk stuck like this for longer than WatchdogSec.
: >"$TMP/notify.log"
NOTIFY_SOCKET=$NOTIFY WATCHDOG_USEC=600000 start_kiosk "$TMP/turno.ini"
wait_count WATCHDOG=1 2 10
coproc LOCKER { python3 -u -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=5)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
db.execute("ROLLBACK")
print("released", flush=True)
' "$TMP/turno.db"; }
read -r -t 10 locked <&"${LOCKER[0]}"
check_eq "another program holds the write lock" locked "${locked:-}"
ctl issue A >"$TMP/issue.out" 2>&1 &
issuer=$!
# A measured span of 2.4 s (eight ping periods): a turning loop sends about eight; a loop
# held in the issue at most the one it may have sent before reading the request.
before=$(count WATCHDOG=1)
sleep 2.4
during=$(($(count WATCHDOG=1) - before))
check "at most one WATCHDOG=1 while the main loop is stuck ($during in 2.4 s)" test "$during" -le 1
echo go >&"${LOCKER[1]}"
read -r -t 10 released <&"${LOCKER[0]}"
wait "$issuer"
check_eq "once the lock is released the ticket is issued" A001 "$(cat "$TMP/issue.out")"
n=$(count WATCHDOG=1)
if wait_count WATCHDOG=1 $((n + 2)) 10; then ok "and the pings resume"; else not_ok "and the pings resume" "$(tail -5 "$TMP/notify.log")"; fi
if wait_count "STATUS=1 waiting" 1 10; then ok "STATUS= follows the queue (1 waiting)"; else not_ok "STATUS= follows the queue" "$(grep STATUS "$TMP/notify.log")"; fi
stop_kiosk
