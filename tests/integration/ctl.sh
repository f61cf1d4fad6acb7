#!/usr/bin/env bash
# turno-kiosk --headless and turno-ctl, as staff and technicians use them.
. "$(dirname "$0")/../lib.sh"

make_config "$TMP/turno.ini"

# A configuration mistake: exit 78 before touching anything, naming file and line.
sed 's/^policy = longest_wait/policy = fastest/' "$TMP/turno.ini" >"$TMP/bad.ini"
out=$("$KIOSK" --config "$TMP/bad.ini" --headless --database "$TMP/bad.db" --socket "$TMP/bad.sock" 2>&1)
rc=$?
check_eq "bad configuration exits 78" 78 "$rc"
line=$(grep -n '^policy = fastest' "$TMP/bad.ini" | cut -d: -f1)
case "$out" in
*"bad.ini:$line:"*"longest_wait, service_order"*) ok "the error names file, line and the accepted values" ;;
*) not_ok "the error names file, line and the accepted values" "$out" ;;
esac
[ ! -e "$TMP/bad.db" ] && ok "nothing was created on a bad configuration" || not_ok "nothing was created on a bad configuration"

# The example's commented-out sections ([gpio], [display], [sync], buttons) are valid as they stand.
sed -E 's/^; ((\[[a-z.0-9]+\])|([a-z_]+ = .*))$/\1/' "$TOP/config/turno.ini" >"$TMP/uncommented.ini"
check_eq "the example's optional sections, uncommented, are sections" 4 \
	"$(grep -c '^\[gpio\]$\|^\[display\]$\|^\[sync\]$\|^next_button = ' "$TMP/uncommented.ini")"
check "and --check-config accepts them" "$KIOSK" --check-config --config "$TMP/uncommented.ini"

start_kiosk "$TMP/turno.ini"
check_eq "first ticket of the day" A001 "$(ctl issue A)"
check_eq "second ticket" A002 "$(ctl issue A)"
check_eq "another service starts at 001" B001 "$(ctl issue B --priority)"
check_eq "ticket without printing" C001 "$(ctl issue C --no-print)"
ctl issue D >/dev/null
# Printing is part of issuing: wait for the print results to be recorded (no printer: preview files).
for i in $(seq 100); do
	[ "$(sqlite3 "$TMP/turno.db" "SELECT COUNT(*) FROM tickets WHERE print_state = 'pending'")" = 0 ] && break
	"$CTL" --socket "$TMP/control.sock" ping >/dev/null # a round trip lets the kiosk's loop turn
done
states=$(sqlite3 "$TMP/turno.db" "SELECT group_concat(label || '=' || print_state, ' ') FROM tickets ORDER BY id")
check_eq "every ticket printed except the --no-print one" "A001=printed A002=printed B001=printed C001=none D001=printed" "$states"
ls "$TMP/tickets"/*A002*.bin >/dev/null 2>&1 && ok "the preview holds the ESC/POS bytes of A002" || not_ok "the preview holds A002" "$(ls "$TMP/tickets" 2>&1)"
[ "$(sqlite3 "$TMP/turno.db" "SELECT COUNT(*) FROM events WHERE kind = 'printed'")" = 4 ] && ok "each print is an event" || not_ok "each print is an event"

# Refusals: each is an error reply and the kiosk keeps serving.
out=$(ctl issue Z 2>&1); rc=$?
check_eq "unknown service refused with status 1" 1 "$rc"
case "$out" in *"no such service"*) ok "unknown service says why" ;; *) not_ok "unknown service says why" "$out" ;; esac
out=$(ctl frobnicate 2>&1); rc=$?
check_eq "unknown command is a usage error" 64 "$rc"
reply=$(python3 - "$TMP/control.sock" <<'PY'
import socket, sys
for payload in [b"DROP TABLE tickets\n", b"\x00\xff\xfe garbage\n", b"x" * 5000 + b"\n", b"issue\n"]:
    s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(payload)
    print(s.recv(4096).decode(errors="replace").strip()); s.close()
PY
)
n_err=$(grep -c '"ok":false' <<<"$reply")
check_eq "malformed requests get error replies" 4 "$n_err"
# A client that connects and says nothing does not block anybody else.
exec 3< <(exec python3 -c 'import socket,sys,signal
s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); print("held", flush=True); signal.pause()' "$TMP/control.sock")
holder=$!
on_exit "kill $holder"
read -r -t 10 -u 3 held
check_eq "a client holds a connection open" held "$held"
check_eq "the kiosk still issues while a client hangs" A003 "$(ctl issue A --no-print)"
kill $holder 2>/dev/null
exec 3<&-

check_eq "counter 1 (A, C, F) calls the longest waiting" A001 "$(ctl call 1)"
check_eq "counter 2 (B, A) calls the priority B001" B001 "$(ctl call 2)"
check_eq "recall repeats the current number" A001 "$(ctl recall 1)"
out=$(ctl noshow 1)
check_eq "no-show marks A001 and calls the next" "no-show: A001
A002" "$out"
check_eq "transfer moves the ticket" "A002 moved to service E" "$(ctl transfer 1 E)"
check_eq "counter 4 (E, D, A) gets it by its original order" A002 "$(ctl call 4)"
out=$(ctl recall 3 2>&1); rc=$?
check_eq "recall with nobody at the counter is refused" 1 "$rc"

json=$(ctl --json status)
waiting=$(python3 -c 'import json,sys; s=json.loads(sys.argv[1])["status"]; print(s["waiting"], [c["serving"] for c in s["counters"]], s["sync"]["backlog"] > 0)' "$json")
check_eq "status --json: waiting, who serves what, sync backlog" "3 [None, 'B001', None, 'A002'] True" "$waiting"
printer=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["status"]["printer"]["state"])' "$json")
check_eq "status shows the printer's state" preview "$printer"
check_eq "status --json (after the command) gives the same reply" "$waiting" \
	"$(ctl status --json | python3 -c 'import json,sys; s=json.load(sys.stdin)["status"]; print(s["waiting"], [c["serving"] for c in s["counters"]], s["sync"]["backlog"] > 0)')"
check_eq "the control socket is a socket with mode 0660 (owner and group only)" "socket 660" \
	"$(stat -c '%F %a' "$TMP/control.sock")"
ctl status | grep -q "Informazioni e orientamento" && ok "status prints the service names" || not_ok "status prints the service names"

# A second kiosk on the same socket refuses to start and leaves the first alone.
"$KIOSK" --config "$TMP/turno.ini" --headless --database "$TMP/turno2.db" --socket "$TMP/control.sock" >/dev/null 2>&1
check_eq "a second kiosk exits 75" 75 "$?"
check_eq "the first kiosk still answers" "turno-kiosk is running" "$(ctl ping)"
# Started by hand on the running kiosk's own database: it must not touch its tickets (a
# ticket the first kiosk is printing right now would be marked unknown by a new engine).
sqlite3 "$TMP/turno.db" "UPDATE tickets SET print_state = 'pending' WHERE label = 'A001'"
events=$(sqlite3 "$TMP/turno.db" "SELECT count(*) FROM events")
"$KIOSK" --config "$TMP/turno.ini" --headless --database "$TMP/turno.db" --socket "$TMP/control.sock" >/dev/null 2>&1
check_eq "a second kiosk on the same database exits 75 too" 75 "$?"
check_eq "and leaves the first kiosk's tickets and events alone" "pending $events" \
	"$(sqlite3 "$TMP/turno.db" "SELECT print_state FROM tickets WHERE label = 'A001'; SELECT count(*) FROM events" | tr '\n' ' ' | sed 's/ $//')"

stop_kiosk
check_eq "SIGTERM stops the kiosk cleanly" 0 "$?"
[ ! -e "$TMP/control.sock" ] && ok "the socket is removed at exit" || not_ok "the socket is removed at exit"
out=$(ctl ping 2>&1); rc=$?
check_eq "turno-ctl says the kiosk is not running (69)" 69 "$rc"

# Restarted, it continues the day's numbering from the database.
start_kiosk "$TMP/turno.ini"
check_eq "numbering continues after a restart" A004 "$(ctl issue A)"
ctl print-test >/dev/null && ok "print-test is accepted" || not_ok "print-test is accepted"
stop_kiosk
