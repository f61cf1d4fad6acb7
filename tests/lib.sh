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

# start_kiosk CONFIG [extra args…]: a headless kiosk on $TMP's database and socket,
# ready when this returns (it waits for the socket to answer, not for a time).
KIOSK_PID=""
start_kiosk() {
	local config=$1; shift
	"$KIOSK" --config "$config" --headless --ignore-hours --database "$TMP/turno.db" \
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
