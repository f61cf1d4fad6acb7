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
