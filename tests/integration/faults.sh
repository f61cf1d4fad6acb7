#!/usr/bin/env bash
# The promises under faults, on the real binaries: a technician's typo, a database that
# cannot be written, another program's lock, a full disk, a deleted -wal file, a flood
# of idle connections, a retried request. Each case was once broken (README: "What is
# guaranteed"); each check here fails without its fix.
. "$(dirname "$0")/../lib.sh"

REPORT="$BUILD/turno-report"
make_config "$TMP/turno.ini"

# kiosk_exit "what" EXPECTED-STATUS EXPECTED-WORDS ARGS...: a kiosk that must not start.
kiosk_refuses() {
	local what=$1 status=$2 words=$3; shift 3
	local out rc
	out=$(timeout 20 "$KIOSK" --headless --ignore-hours "$@" 2>&1)
	rc=$?
	if [ "$rc" -eq "$status" ] && [[ "$out" == *"$words"* ]]; then
		ok "$what: exit $status saying \"$words\""
	else
		not_ok "$what: exit $status saying \"$words\"" "rc $rc: $out"
	fi
}

# ---------------------------------------------------------------- typos that destroyed data
# A database to lose, and its fingerprint.
start_kiosk "$TMP/turno.ini"
ctl issue A >/dev/null
stop_kiosk
sum=$(sha256sum "$TMP/turno.db" | cut -d' ' -f1)

kiosk_refuses "--socket naming the database" 78 "is the database" \
	--config "$TMP/turno.ini" --database "$TMP/turno.db" --socket "$TMP/turno.db"
sed -e "s|^socket = .*|socket = $TMP/turno.db|" "$TMP/turno.ini" >"$TMP/sock-db.ini"
out=$("$KIOSK" --check-config --config "$TMP/sock-db.ini" 2>&1); rc=$?
line=$(grep -n "^socket = " "$TMP/sock-db.ini" | cut -d: -f1)
[ "$rc" -eq 78 ] && [[ "$out" == *"sock-db.ini:$line:"*"is the database"* ]] &&
	ok "--check-config: [control] socket = the database is refused with file and line" ||
	not_ok "--check-config: [control] socket = the database is refused with file and line" "rc $rc: $out"
sed -e "s|^socket = .*|socket = $TMP/sock-self.ini|" "$TMP/turno.ini" >"$TMP/sock-self.ini"
out=$("$KIOSK" --check-config --config "$TMP/sock-self.ini" 2>&1); rc=$?
[ "$rc" -eq 78 ] && [[ "$out" == *"is this configuration file"* ]] &&
	ok "--check-config: [control] socket = the configuration itself is refused" ||
	not_ok "--check-config: [control] socket = the configuration itself is refused" "rc $rc: $out"
echo "keep me" >"$TMP/notes.txt"
kiosk_refuses "--socket naming an existing file that is not a socket" 78 "is not a socket" \
	--config "$TMP/turno.ini" --database "$TMP/turno.db" --socket "$TMP/notes.txt"
check_eq "that file is left as it was" "keep me" "$(cat "$TMP/notes.txt")"
check_eq "the database is untouched by every refusal" "$sum" "$(sha256sum "$TMP/turno.db" | cut -d' ' -f1)"
long=$TMP/$(printf 'x%.0s' $(seq 1 120)).sock
sed -e "s|^socket = .*|socket = $long|" "$TMP/turno.ini" >"$TMP/sock-long.ini"
out=$("$KIOSK" --check-config --config "$TMP/sock-long.ini" 2>&1); rc=$?
[ "$rc" -eq 78 ] && [[ "$out" == *"at most 107"* ]] && ok "--check-config: a socket path too long for a socket is refused" ||
	not_ok "--check-config: a socket path too long for a socket is refused" "rc $rc: $out"
kiosk_refuses "a socket path too long: 78 (not 73, which systemd would restart every 2 s)" 78 "at most 107" \
	--config "$TMP/turno.ini" --database "$TMP/turno.db" --socket "$long"

# turno-report --svg never replaces what is not a regular file.
if mknod "$TMP/null" c 1 3 2>/dev/null; then
	"$REPORT" --config "$TMP/turno.ini" --database "$TMP/turno.db" --svg "$TMP/null" >/dev/null 2>"$TMP/svg.err"
	check_eq "--svg to a device node exits 0" 0 "$?"
	[ -c "$TMP/null" ] && ok "--svg to a device node writes into it and leaves it a device (once /dev/null became a file)" ||
		not_ok "--svg to a device node leaves it a device" "$(ls -l "$TMP/null")"
else
	mkfifo "$TMP/null"
	cat "$TMP/null" >/dev/null &
	"$REPORT" --config "$TMP/turno.ini" --database "$TMP/turno.db" --svg "$TMP/null" >/dev/null 2>"$TMP/svg.err"
	wait $!
	[ -p "$TMP/null" ] && ok "--svg to a pipe writes into it and leaves it a pipe" || not_ok "--svg to a pipe leaves it a pipe"
fi
mkdir "$TMP/charts"
"$REPORT" --config "$TMP/turno.ini" --database "$TMP/turno.db" --svg "$TMP/charts" >/dev/null 2>"$TMP/svg.err"
rc=$?
[ "$rc" -eq 73 ] && [ -d "$TMP/charts" ] && grep -q "Is a directory" "$TMP/svg.err" &&
	ok "--svg naming a directory: 73, the directory stays" || not_ok "--svg naming a directory: 73, the directory stays" "rc $rc: $(cat "$TMP/svg.err")"
"$REPORT" --config "$TMP/turno.ini" --database "$TMP/turno.db" --svg "$TMP/charts.svg" >/dev/null 2>&1
grep -q "<svg" "$TMP/charts.svg" && ok "--svg to a new file still writes the chart" || not_ok "--svg to a new file writes the chart"
check_eq "no temporary file is left beside it" "charts.svg" "$(cd "$TMP" && ls -d charts.svg* | tr '\n' ' ' | sed 's/ $//')"

# ---------------------------------------------------------------- an old backup stays readable
cp "$TMP/turno.db" "$TMP/schema1.db"
# Schema 1 is schema 2 without what migration 2 added.
sqlite3 "$TMP/schema1.db" "DROP INDEX tickets_printing; ALTER TABLE tickets DROP COLUMN transfers; PRAGMA user_version = 1;"
sum1=$(sha256sum "$TMP/schema1.db" | cut -d' ' -f1)
out=$("$REPORT" --config "$TMP/turno.ini" --database "$TMP/schema1.db" --format csv 2>&1); rc=$?
[ "$rc" -eq 0 ] && [[ "$out" == *"Anagrafe"* ]] && ok "turno-report reads a schema-1 backup (once: no such column: transfers)" ||
	not_ok "turno-report reads a schema-1 backup" "rc $rc: $out"
check_eq "and leaves the backup unchanged" "$sum1" "$(sha256sum "$TMP/schema1.db" | cut -d' ' -f1)"

# ---------------------------------------------------------------- a request tried again is not done twice
start_kiosk "$TMP/turno.ini"
tickets() { sqlite3 "$TMP/turno.db" "SELECT COUNT(*) FROM tickets"; }
before=$(tickets)
first=$(ctl --request-id desk1-0001 issue A)
again=$(ctl --json --request-id desk1-0001 issue A)
check_eq "the same request id twice gives one ticket" $((before + 1)) "$(tickets)"
[[ "$again" == *"\"label\":\"$first\""*"\"replayed\":true"* ]] && ok "and the retry answers with the first ticket ($first), marked replayed" ||
	not_ok "the retry answers with the first ticket" "$first / $again"
out=$(ctl --request-id desk1-0001 issue B 2>&1); rc=$?
[ "$rc" -eq 1 ] && [[ "$out" == *"already used for another request"* ]] && ok "the same id for another request is refused" ||
	not_ok "the same id for another request is refused" "rc $rc: $out"
c1=$(ctl --request-id desk1-0002 call 1)
c2=$(ctl --request-id desk1-0002 call 1)
[[ "$c1" =~ ^[A-Z][0-9]{3}$ ]] && [ "$c1" = "$c2" ] && ok "a call retried with its id calls once ($c1)" ||
	not_ok "a call retried with its id calls once" "$c1 / $c2"
check_eq "the counter's ticket is still that one" "$c1" "$(sqlite3 "$TMP/turno.db" "SELECT label FROM tickets WHERE state = 'called' AND counter = 1")"
# Across a kill -9: the id was written with the ticket.
first=$(ctl --request-id desk1-0003 issue C)
kill -9 "$KIOSK_PID"; wait "$KIOSK_PID" 2>/dev/null; KIOSK_PID=
start_kiosk "$TMP/turno.ini"
before=$(tickets)
retry=$(ctl --request-id desk1-0003 issue C)
[[ "$first" =~ ^C[0-9]{3}$ ]] && [ "$first" = "$retry" ] &&
	ok "after kill -9 and a restart, the retry still gets the first ticket ($first)" ||
	not_ok "after kill -9 and a restart, the retry still gets the first ticket" "$first / $retry"
check_eq "and no second one" "$before" "$(tickets)"
# A client that gave up before the kiosk read its request (the loop was frozen: here by
# SIGSTOP) is not served afterwards.
kill -STOP "$KIOSK_PID"
python3 - "$TMP/control.sock" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"issue D\n"); s.close()
PY
kill -CONT "$KIOSK_PID"
ctl ping >/dev/null
check_eq "a request whose client left before it was read is not carried out" 0 \
	"$(sqlite3 "$TMP/turno.db" "SELECT COUNT(*) FROM tickets WHERE prefix = 'D'")"
grep -q 'left before its request "issue D"' "$TMP/kiosk.log" && ok "and the kiosk says so" ||
	not_ok "and the kiosk says so" "$(tail -3 "$TMP/kiosk.log")"

# ---------------------------------------------------------------- another program holds the write lock
hold_write_lock "$TMP/turno.db" || not_ok "another program took the write lock"
before=$(tickets)
out=$(ctl issue A 2>&1); rc=$?
[ "$rc" -eq 1 ] && [[ "$out" == *"locked by another program"* ]] &&
	ok "while another program holds the lock, issue is refused with the reason (once: timed out, exit 69)" ||
	not_ok "while another program holds the lock, issue is refused with the reason" "rc $rc: $out"
check "the kiosk still answers ping" ctl ping
out=$(ctl call 2 2>&1); rc=$?
[ "$rc" -eq 1 ] && [[ "$out" == *"locked"* ]] && ok "a call is refused at once too" || not_ok "a call is refused at once too" "rc $rc: $out"
status=$(ctl status)
[[ "$status" == *"Issuing: stopped"* && "$status" == *"locked by another program"* ]] &&
	ok "status: issuing stopped, and why" || not_ok "status: issuing stopped, and why" "$status"
kill -0 "$LOCK_HOLDER_PID" 2>/dev/null && ok "all of that while the lock was still held" ||
	not_ok "all of that while the lock was still held"
release_write_lock
recovered=0
for i in $(seq 300); do
	ctl status | grep -q "Issuing: open" && { recovered=1; break; }
	read -r -t 0.05 <> <(:) || true
done
check_eq "when the lock is gone the kiosk issues again by itself" 1 "$recovered"
check_eq "nothing refused was carried out later" "$before" "$(tickets)"
grep -q "database writes work again" "$TMP/kiosk.log" && ok "the recovery is logged" || not_ok "the recovery is logged"
ctl issue A >/dev/null && ok "and the next ticket is issued" || not_ok "and the next ticket is issued"

# ---------------------------------------------------------------- the -wal file deleted while running
# Deleted while the kiosk is idle, then kill -9 before anything else is written: the
# kiosk watches the directory and saves the deleted file's content at once.
acked=()
for i in 1 2 3; do acked+=("$(ctl issue E)"); done
rm -f "$TMP/turno.db-wal" "$TMP/turno.db-shm"
saved=0
for i in $(seq 200); do
	grep -q "wal or -shm file was deleted" "$TMP/kiosk.log" && { saved=1; break; }
	read -r -t 0.02 <> <(:) || true
done
kill -9 "$KIOSK_PID"; wait "$KIOSK_PID" 2>/dev/null; KIOSK_PID=
check_eq "the -wal file deleted while idle: saved at once, without waiting for a write" 1 "$saved"
stored=$(sqlite3 "$TMP/turno.db" "SELECT group_concat(label, ' ') FROM (SELECT label FROM tickets WHERE prefix = 'E' ORDER BY id)")
check_eq "and a kill -9 right after loses none of the tickets it held" "${acked[*]}" "$stored"
start_kiosk "$TMP/turno.ini"
# Deleted between writes: the writes that follow are saved too.
for i in 1 2; do acked+=("$(ctl issue E)"); done
rm -f "$TMP/turno.db-wal" "$TMP/turno.db-shm"
for i in $(seq 10); do acked+=("$(ctl issue E)"); done
kill -9 "$KIOSK_PID"; wait "$KIOSK_PID" 2>/dev/null; KIOSK_PID=
stored=$(sqlite3 "$TMP/turno.db" "SELECT group_concat(label, ' ') FROM (SELECT label FROM tickets WHERE prefix = 'E' ORDER BY id)")
check_eq "every ticket acknowledged after the -wal file was deleted survives kill -9 (once: 14 of 15 lost)" "${acked[*]}" "$stored"
grep -q "wal or -shm file was deleted" "$TMP/kiosk.log" && ok "the deletion is logged as an error" || not_ok "the deletion is logged as an error"
check_eq "PRAGMA integrity_check" ok "$(sqlite3 "$TMP/turno.db" "PRAGMA integrity_check")"
start_kiosk "$TMP/turno.ini"
next=$(ctl issue E)
check_eq "after a restart numbering goes on (E001 is not given again)" E016 "$next"
stop_kiosk

# ---------------------------------------------------------------- a flood of idle connections
start_kiosk "$TMP/turno.ini"
python3 "$TOP/tests/tools/idle-flood.py" "$TMP/control.sock" 40 "$TMP/flood-stop" >"$TMP/flood.out" &
flood=$!
on_exit "touch $TMP/flood-stop; kill $flood"
for i in $(seq 200); do [ -s "$TMP/flood.out" ] && break; read -r -t 0.02 <> <(:) || true; done
fails=0
for i in $(seq 30); do ctl issue F >/dev/null 2>>"$TMP/flood.err" || fails=$((fails + 1)); done
touch "$TMP/flood-stop"
wait "$flood"
check_eq "30 issues while 40 idle clients reconnect without pause: none fails (once: Broken pipe)" 0 "$fails"
echo "# the idle crowd made $(tail -1 "$TMP/flood.out") connections meanwhile"
stop_kiosk

# ---------------------------------------------------------------- a database that cannot be written
# As an ordinary user: root writes anything. The kiosk must refuse at start, with the reason.
runas=()
if [ "$(id -u)" -eq 0 ]; then runas=(runuser -u nobody --); fi
RO=$TMP/ro
mkdir -p "$RO/db"
chmod 0711 "$TMP"
cp "$TMP/turno.ini" "$RO/turno.ini"
chmod -R a+rwX "$RO"
"${runas[@]}" "$KIOSK" --config "$RO/turno.ini" --headless --database "$RO/db/turno.db" --socket "$RO/c.sock" \
	--print-preview "$RO/t" >"$RO/first.log" 2>&1 &
first=$!
"${runas[@]}" "$CTL" --socket "$RO/c.sock" --wait 20 ping >/dev/null
kill -TERM "$first"; wait "$first" 2>/dev/null
chmod 0444 "$RO/db/turno.db"
out=$(timeout 20 "${runas[@]}" "$KIOSK" --config "$RO/turno.ini" --headless --database "$RO/db/turno.db" \
	--socket "$RO/c.sock" 2>&1); rc=$?
[ "$rc" -eq 73 ] && [[ "$out" == *"is read-only for this user"* ]] && [[ "$out" != *"ready"* ]] &&
	ok "a read-only database file: refused at start with the reason (once: 'ready', then every issue failed)" ||
	not_ok "a read-only database file: refused at start with the reason" "rc $rc: $out"
chmod 0666 "$RO/db/turno.db"
chmod 0555 "$RO/db"
out=$(timeout 20 "${runas[@]}" "$KIOSK" --config "$RO/turno.ini" --headless --database "$RO/db/turno.db" \
	--socket "$RO/c.sock" 2>&1); rc=$?
[ "$rc" -eq 73 ] && [[ "$out" == *"directory $RO/db is not writable"* ]] &&
	ok "a read-only directory: refused at start, naming the directory" ||
	not_ok "a read-only directory: refused at start, naming the directory" "rc $rc: $out"
chmod 0755 "$RO/db"
head -c 8192 /dev/urandom >"$TMP/garbage.db"
out=$(timeout 20 "$KIOSK" --config "$TMP/turno.ini" --headless --database "$TMP/garbage.db" \
	--socket "$TMP/g.sock" 2>&1); rc=$?
[ "$rc" -eq 73 ] && [[ "$out" == *"is not a database (damaged, or not Turno's)"* ]] && [[ "$out" != *"does the directory exist"* ]] &&
	ok "a garbage database: the real cause, not 'does the directory exist'" ||
	not_ok "a garbage database: the real cause" "rc $rc: $out"

# ---------------------------------------------------------------- the disk fills up
SMALL=$TMP/small
mkdir -p "$SMALL"
if mount -t tmpfs -o size=1200k tmpfs "$SMALL" 2>/dev/null; then
	on_exit "umount -l $SMALL"
	sed -e "s|^database = .*|database = $SMALL/turno.db|" "$TMP/turno.ini" >"$TMP/small.ini"
	"$KIOSK" --config "$TMP/small.ini" --headless --ignore-hours --socket "$TMP/s.sock" \
		--print-preview "$TMP/s-tickets" >"$TMP/small.log" 2>&1 &
	small=$!
	on_exit "kill -9 $small"
	"$CTL" --socket "$TMP/s.sock" --wait 20 ping >/dev/null
	"$CTL" --socket "$TMP/s.sock" issue A >/dev/null
	dd if=/dev/zero of="$SMALL/filler" bs=4k 2>/dev/null
	refused=""
	for i in $(seq 400); do
		out=$("$CTL" --socket "$TMP/s.sock" issue A 2>&1) || { refused=$out; break; }
	done
	[[ "$refused" == *"disk full: $SMALL has"*"free"* ]] && ok "disk full: issue is refused saying so, with the free space" ||
		not_ok "disk full: issue is refused saying so" "$refused"
	grep -q "not an error" "$TMP/small.log" && not_ok "the log never says 'not an error'" "$(grep 'not an error' "$TMP/small.log")" ||
		ok "the log never says 'not an error'"
	grep -q "disk full" "$TMP/small.log" && ok "the log says disk full" || not_ok "the log says disk full" "$(tail -3 "$TMP/small.log")"
	status=$("$CTL" --socket "$TMP/s.sock" status)
	[[ "$status" == *"Issuing: stopped"* && "$status" == *"disk full"* ]] && ok "status: issuing stopped: disk full" ||
		not_ok "status: issuing stopped: disk full" "$status"
	rm -f "$SMALL/filler"
	recovered=0
	for i in $(seq 400); do
		"$CTL" --socket "$TMP/s.sock" status | grep -q "Issuing: open" && { recovered=1; break; }
		read -r -t 0.05 <> <(:) || true
	done
	check_eq "space freed: the kiosk issues again by itself" 1 "$recovered"
	grep -q "database writes work again" "$TMP/small.log" && ok "and says so" || not_ok "and says so"
	"$CTL" --socket "$TMP/s.sock" issue A >/dev/null && ok "the next ticket is issued" || not_ok "the next ticket is issued"
	check_eq "PRAGMA integrity_check after the full disk" ok "$(sqlite3 "$SMALL/turno.db" "PRAGMA integrity_check")"
	kill -TERM "$small"; wait "$small" 2>/dev/null
	umount "$SMALL"
else
	ok "# SKIP disk full: cannot mount a small tmpfs here (not root)"
fi
