# Shared helpers for integration suites (bash). Source it; it prints TAP lines.
#   ok "what"             a passed check
#   not_ok "what" "why"   a failed check
#   check "what" CMD...   runs CMD; ok when it succeeds
#   free_port             a TCP port nobody listens on now, picked at run time
#   TMP                   a private temp dir, removed at exit
set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
O=${O:-build}
case "$O" in /*) BUILD="$O" ;; *) BUILD="$TOP/$O" ;; esac
TAP_N=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/turno-test.XXXXXX")
_cleanups=()
on_exit() { _cleanups+=("$*"); }
_run_cleanups() {
	local i
	for ((i = ${#_cleanups[@]} - 1; i >= 0; i--)); do eval "${_cleanups[$i]}" >/dev/null 2>&1; done
	rm -rf "$TMP"
}
trap _run_cleanups EXIT

ok() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $1"; }
not_ok() {
	TAP_N=$((TAP_N + 1))
	echo "not ok $TAP_N - $1"
	[ $# -gt 1 ] && printf '# %s\n' "$2" | head -20
	return 0
}
check() {
	local what=$1; shift
	local out
	if out=$("$@" 2>&1); then ok "$what"; else not_ok "$what" "$out"; fi
}
# check_eq "what" expected actual
check_eq() {
	if [ "$2" == "$3" ]; then ok "$1"; else not_ok "$1" "expected [$2], got [$3]"; fi
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# A copy of the example configuration with database and socket in $TMP.
# Extra "section.key=value" edits may follow (applied with tests/tools/ini-set).
make_config() { # out_path [sed expressions...]
	local out=$1; shift
	sed -e "s|^database = .*|database = $TMP/turno.db|" \
		-e "s|^socket = .*|socket = $TMP/control.sock|" \
		"$TOP/config/turno.ini" >"$out"
	local expr
	for expr in "$@"; do sed -i -e "$expr" "$out"; done
}

KIOSK="$BUILD/turno-kiosk"
CTL="$BUILD/turno-ctl"

# start_kiosk CONFIG [extra args…]: a headless kiosk on $KIOSK_DB (default $TMP's
# database) and $TMP's socket, ready when this returns (it waits for the socket to
# answer, not for a time). It runs under "${KIOSK_WRAP[@]}" when set (e.g. FAKE_CLOCK).
KIOSK_PID=""
KIOSK_WRAP=()
KIOSK_DB=$TMP/turno.db
start_kiosk() {
	local config=$1; shift
	"${KIOSK_WRAP[@]}" "$KIOSK" --config "$config" --headless --ignore-hours --database "$KIOSK_DB" \
		--socket "$TMP/control.sock" --print-preview "$TMP/tickets" "$@" >>"$TMP/kiosk.log" 2>&1 &
	KIOSK_PID=$!
	"$CTL" --socket "$TMP/control.sock" --wait 20 ping >/dev/null
}
ctl() { "$CTL" --socket "$TMP/control.sock" "$@"; }
stop_kiosk() {
	[ -n "$KIOSK_PID" ] || return 0
	kill -TERM "$KIOSK_PID" 2>/dev/null
	wait "$KIOSK_PID" 2>/dev/null
	local rc=$?
	KIOSK_PID=""
	return $rc
}
on_exit '[ -n "$KIOSK_PID" ] && kill -9 $KIOSK_PID'

# ---------------------------------------------------------------- a Pi's clock at boot
# fake_clock_init: programs started under "${FAKE_CLOCK[@]}" get their wall clock from
# libfaketime, stepping when set_fake_clock changes it (the monotonic clock runs on
# untouched, as on a Pi), and learn whether NTP synchronised it from the adjtimex shim
# tests/tools/preload/fake-ntp.c. Office time: Europe/Rome. Returns 1, with the reason in
# FAKE_CLOCK_WHY, when libfaketime or the shim is missing.
FAKE_CLOCK=()
FAKE_CLOCK_WHY=""
fake_clock_init() {
	local lib="" f shim=$BUILD/tests/tools/fake-ntp.so
	for f in /usr/lib/*/faketime/libfaketimeMT.so.1; do [ -e "$f" ] && { lib=$f; break; }; done
	if [ -z "$lib" ] || [ ! -e "$shim" ]; then
		FAKE_CLOCK_WHY="libfaketime: '$lib', shim: $shim (apt-get install libfaketime; make build-tests)"
		return 1
	fi
	FAKE_CLOCK=(env TZ=Europe/Rome LD_PRELOAD="$lib:$shim" FAKETIME_TIMESTAMP_FILE="$TMP/faketime"
		FAKETIME_NO_CACHE=1 FAKETIME_DONT_FAKE_MONOTONIC=1 TURNO_FAKE_NTP_FILE="$TMP/ntp")
}
# set_fake_clock "YYYY-MM-DD HH:MM:SS" synced|unsynced. A program may look between the
# two files (the kiosk writes print results whenever they come), so the order keeps that
# moment unsynchronised: an unsynchronised clock ends and moves nothing.
set_fake_clock() {
	if [ "$2" = synced ]; then
		echo "@$1" >"$TMP/faketime"
		echo synced >"$TMP/ntp"
	else
		echo unsynced >"$TMP/ntp"
		echo "@$1" >"$TMP/faketime"
	fi
}

# ---------------------------------------------------------------- another program's lock
# hold_write_lock DB: another program (a sqlite3 shell, as it were) takes DB's write lock
# and keeps it until release_write_lock. Returns once the lock is held (1 if it never was).
LOCK_HOLDER_PID=""
hold_write_lock() {
	rm -f "$TMP/locked" "$TMP/release"
	python3 - "$1" "$TMP/locked" "$TMP/release" <<'PY' &
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO meta (key, value) VALUES ('test.lock', 'held') ON CONFLICT (key) DO UPDATE SET value = 'held'")
open(sys.argv[2], "w").close()
while not os.path.exists(sys.argv[3]):
    time.sleep(0.01)
db.execute("ROLLBACK")
PY
	LOCK_HOLDER_PID=$!
	local i
	for ((i = 0; i < 1000; i++)); do
		[ -e "$TMP/locked" ] && return 0
		kill -0 "$LOCK_HOLDER_PID" 2>/dev/null || return 1
		read -r -t 0.01 <> <(:) || true
	done
	return 1
}
release_write_lock() {
	touch "$TMP/release"
	wait "$LOCK_HOLDER_PID" 2>/dev/null
	LOCK_HOLDER_PID=""
}
on_exit '[ -n "$LOCK_HOLDER_PID" ] && touch "$TMP/release" && kill $LOCK_HOLDER_PID'
