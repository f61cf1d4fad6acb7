#!/usr/bin/env bash
# The long mixed fault run: the real turno-kiosk under every fault at once, while desks
# issue and call through turno-ctl and try again (with the same request id) whenever
# they get no answer. Faults, chosen at random, each counted:
#   kill -9 (then a restart)           the kiosk dies in the middle of requests
#   clock step                         the wall clock jumps (libfaketime), NTP comes and goes
#   a day passes                       the synchronised clock moves to the next day
#   lock holder                        another program holds the write lock for a while
#   disk full                          the database's small tmpfs is filled, then freed
#   -wal deleted                       a cleaning script removes the -wal and -shm files
# Then: every acknowledged ticket is stored with the id and number it was acknowledged
# with (lost 0); no request id got two tickets, no two live tickets ever shared a number,
# no number is twice in a day (duplicated 0); PRAGMA integrity_check after every kill.
#   FAULTS=60 (make test); `make crash-test N=1000` runs 1000.
. "$(dirname "$0")/../lib.sh"
FAULTS=${FAULTS:-60}
SEED=${SEED:-$RANDOM}
RANDOM=$SEED
echo "# mixed fault run: $FAULTS faults, seed $SEED"

if ! fake_clock_init; then
	not_ok "libfaketime and the fake-ntp shim are there" "$FAKE_CLOCK_WHY"
	exit 0
fi

# The database on a small file system of its own, so that it can fill up.
DATA=$TMP/data
mkdir -p "$DATA"
can_fill=0
if mount -t tmpfs -o size=16m tmpfs "$DATA" 2>/dev/null; then
	can_fill=1
	on_exit "umount -l $DATA"
else
	echo "# cannot mount a tmpfs here (not root): no disk-full faults"
fi
DB=$DATA/turno.db
make_config "$TMP/turno.ini" "s|^database = .*|database = $DB|"
# The office's true time: Monday 2 March 2026, 08:00, moving a day at a time.
true_epoch=$(TZ=Europe/Rome date -d "2026-03-02 08:00:00" +%s)
offset_s=0  # how far the kiosk's clock is from the truth while unsynchronised
synced=1
apply_clock() {
	set_fake_clock "$(TZ=Europe/Rome date -d "@$((true_epoch + offset_s))" "+%Y-%m-%d %H:%M:%S")" \
		"$([ "$synced" = 1 ] && echo synced || echo unsynced)"
}
apply_clock
KIOSK_WRAP=("${FAKE_CLOCK[@]}")
KIOSK_DB=$DB
start() { start_kiosk "$TMP/turno.ini" 2>/dev/null; }

acks=$TMP/acks # kind request-id ticket-id label, one line per acknowledged change
: >"$acks"
services=(A B C D E F)

# Waits (a bounded while) for the kiosk to answer and to issue again: a desk that got no
# answer, or "the database cannot write now", tries again once the cause is gone.
wait_for_kiosk() {
	local i
	for ((i = 0; i < 200; i++)); do
		"$CTL" --socket "$TMP/control.sock" --wait 30 status 2>/dev/null | grep -q "^Issuing: open" && return 0
		read -r -t 0.05 <> <(:) || true
	done
	return 1
}

# A desk: one change with a request id, tried again with the same id until it is done or
# refused for good (nobody waiting, cap); what it acknowledged is appended to $acks.
# "once": a single try (while the disk is full on purpose).
desk_op() { # name [once]
	local id="$1-$RANDOM$RANDOM" cmd reply rc tries
	if ((RANDOM % 3)); then cmd=(issue "${services[RANDOM % 6]}"); else cmd=(call $((RANDOM % 4 + 1))); fi
	for ((tries = 0; tries < 20; tries++)); do
		reply=$("$CTL" --socket "$TMP/control.sock" --json --request-id "$id" "${cmd[@]}" 2>/dev/null)
		rc=$?
		if [ $rc -eq 0 ]; then
			local tid
			tid=$(sed -n 's/.*"ticket":{"id":\([0-9]*\),"label":"\([A-Z][0-9]*\)".*/\1 \2/p' <<<"$reply")
			[ -n "$tid" ] && echo "${cmd[0]} $id $tid" >>"$acks"
			return 0
		fi
		# Refused for good: nothing to try again.
		case "$reply" in *'"error":"empty"'* | *'"error":"cap"'* | *'"error":"no_current"'*) return 0 ;; esac
		[ "${2:-}" = once ] && return 0
		wait_for_kiosk
	done
	echo "# desk $1 gave up on ${cmd[*]} ($id): $reply" >>"$TMP/gave-up"
}
desk() { # name: until the stop file exists
	while [ ! -e "$TMP/stop" ]; do desk_op "$1"; done
}

live_dups=0
integrity_bad=0
count_live_dups() {
	local d
	d=$(sqlite3 "$DB" "SELECT COUNT(*) FROM (SELECT label FROM tickets WHERE state IN ('waiting', 'called')
		GROUP BY label HAVING COUNT(*) > 1)" 2>/dev/null || echo 0)
	live_dups=$((live_dups + ${d:-0}))
}

declare -A did=([kill]=0 [clock]=0 [day]=0 [lock]=0 [disk]=0 [wal]=0)
start || { not_ok "the kiosk started" "$(tail -5 "$TMP/kiosk.log")"; exit 0; }
desk d1 &
desk1=$!
desk d2 &
desk2=$!
on_exit "touch $TMP/stop; kill $desk1 $desk2"

for ((fault = 1; fault <= FAULTS; fault++)); do
	# Some work between faults, from this side too.
	for ((k = RANDOM % 4; k > 0; k--)); do desk_op main; done
	r=$((RANDOM % 100))
	if ((r < 40)); then
		kill -9 "$KIOSK_PID"
		wait "$KIOSK_PID" 2>/dev/null
		[ "$(sqlite3 "$DB" "PRAGMA integrity_check" 2>&1)" = ok ] || integrity_bad=$((integrity_bad + 1))
		start || { not_ok "fault $fault: the kiosk restarted" "$(tail -5 "$TMP/kiosk.log")"; break; }
		did[kill]=$((did[kill] + 1))
	elif ((r < 62)); then
		# A boot's wrong clock, or NTP putting it right.
		if [ "$synced" = 1 ]; then
			synced=0
			offset_s=$(((RANDOM % 2 ? 1 : -1) * (3600 + RANDOM % 100000)))
		else
			synced=1
			offset_s=0
		fi
		apply_clock
		did[clock]=$((did[clock] + 1))
	elif ((r < 70)); then
		true_epoch=$((true_epoch + 86400))
		synced=1
		offset_s=0
		apply_clock
		did[day]=$((did[day] + 1))
	elif ((r < 82)); then
		hold_write_lock "$DB"
		desk_op lock once
		release_write_lock
		did[lock]=$((did[lock] + 1))
	elif ((r < 94)) && ((can_fill)); then
		dd if=/dev/zero of="$DATA/filler" bs=64k 2>/dev/null
		desk_op full once
		desk_op full once
		rm -f "$DATA/filler"
		did[disk]=$((did[disk] + 1))
	else
		# The kiosk saves the deleted files' content as soon as it sees them go (inotify);
		# a crash in those milliseconds would lose it (README: not guaranteed), so the
		# next fault waits until it has.
		before=$(grep -c "wal or -shm file was deleted" "$TMP/kiosk.log")
		rm -f "$DB-wal" "$DB-shm"
		for ((w = 0; w < 500; w++)); do
			(($(grep -c "wal or -shm file was deleted" "$TMP/kiosk.log") > before)) && break
			read -r -t 0.01 <> <(:) || true
		done
		did[wal]=$((did[wal] + 1))
	fi
	count_live_dups
done
touch "$TMP/stop"
wait "$desk1" "$desk2"
kill -TERM "$KIOSK_PID" 2>/dev/null
wait "$KIOSK_PID" 2>/dev/null

total=0
for k in "${!did[@]}"; do total=$((total + did[$k])); done
# Every acknowledged ticket is there, with the id and number it was acknowledged with;
# no request id was acknowledged with two tickets.
sqlite3 "$DB" >"$TMP/verify.txt" <<SQL
CREATE TEMP TABLE acks (kind TEXT, request TEXT, ticket_id INTEGER, label TEXT);
.mode list
.separator " "
.import $acks acks
.separator "\t"
SELECT 'acknowledged', COUNT(DISTINCT ticket_id) FROM acks WHERE kind = 'issue';
SELECT 'calls', COUNT(*) FROM acks WHERE kind = 'call';
SELECT 'stored', COUNT(*) FROM tickets;
SELECT 'lost', COUNT(*) FROM (SELECT DISTINCT ticket_id, label FROM acks WHERE kind = 'issue') a
  WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = a.ticket_id AND t.label = a.label);
SELECT 'retried_twice', COUNT(*) FROM (SELECT request FROM acks GROUP BY request HAVING COUNT(DISTINCT ticket_id) > 1);
SELECT 'day_dups', COUNT(*) FROM (SELECT 1 FROM tickets GROUP BY day, label HAVING COUNT(*) > 1);
SELECT 'redated', COUNT(*) FROM events WHERE kind = 'redated';
SELECT 'days', COUNT(DISTINCT day) FROM tickets;
SQL
val() { awk -F'\t' -v k="$1" '$1 == k {print $2}' "$TMP/verify.txt"; }
duplicated=$(($(val retried_twice) + $(val day_dups) + live_dups))
gave_up=$(cat "$TMP/gave-up" 2>/dev/null | wc -l)
echo "# mixed fault run: $total faults (kill -9 ${did[kill]}, clock steps ${did[clock]}, days ${did[day]}," \
	"lock holders ${did[lock]}, disk full ${did[disk]}, -wal deleted ${did[wal]});" \
	"acknowledged $(val acknowledged) tickets and $(val calls) calls; stored $(val stored);" \
	"duplicated $duplicated (same request twice $(val retried_twice), twice in a day $(val day_dups)," \
	"live twice $live_dups); lost $(val lost); integrity failures $integrity_bad;" \
	"$(val days) business days, $(val redated) tickets redated; desks that gave up $gave_up"
check_eq "every fault was injected" "$FAULTS" "$total"
check_eq "no acknowledged ticket lost" 0 "$(val lost)"
check_eq "no request acknowledged with two tickets" 0 "$(val retried_twice)"
check_eq "no number twice in a day" 0 "$(val day_dups)"
check_eq "never two live tickets with the same number" 0 "$live_dups"
check_eq "PRAGMA integrity_check ok after every kill -9" 0 "$integrity_bad"
check_eq "PRAGMA integrity_check at the end" ok "$(sqlite3 "$DB" "PRAGMA integrity_check")"
[ "$(val acknowledged)" -gt "$FAULTS" ] && ok "tickets were acknowledged throughout ($(val acknowledged))" ||
	not_ok "tickets were acknowledged throughout" "only $(val acknowledged)"
check_eq "no desk had to give up a request" 0 "$gave_up"
if [ "$gave_up" -gt 0 ]; then head -5 "$TMP/gave-up"; fi
