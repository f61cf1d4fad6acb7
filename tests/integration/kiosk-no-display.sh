#!/usr/bin/env bash
# Without a usable display the kiosk keeps working: a broken screen must not close the
# office. SDL failing to start is logged once, clearly, and tickets still come through
# turno-ctl; `make run` without any display falls back to --headless and says how to
# drive the kiosk.
source "$(dirname "$0")/../lib.sh"

wait_for() {
	local limit=$1; shift
	local deadline=$((SECONDS + limit))
	until "$@" >/dev/null 2>&1; do
		[ "$SECONDS" -ge "$deadline" ] && return 1
		sleep 0.05
	done
}

make_config "$TMP/turno.ini"
ctl() { "$BUILD/turno-ctl" --socket "$sock" "$@"; }

# --- SDL cannot open any video driver
sock="$TMP/a.sock"
SDL_VIDEODRIVER=no-such-driver "$BUILD/turno-kiosk" --config "$TMP/turno.ini" --ignore-hours \
	--socket "$sock" --database "$TMP/a.db" >"$TMP/a.log" 2>&1 &
pid=$!
on_exit "kill $pid"
if ctl --wait 10 ping >/dev/null 2>&1; then
	ok "the kiosk runs although SDL video cannot start"
else
	not_ok "the kiosk runs although SDL video cannot start" "$(cat "$TMP/a.log")"
fi
check "the failure is logged as an error that says the kiosk goes on headless" \
	grep -qE '^(<3>|turno-kiosk: ).*screen: .*running headless' "$TMP/a.log"
check_eq "tickets are still issued through turno-ctl" "A001" "$(ctl issue A 2>&1 | grep -o 'A001' | head -n1)"
kill "$pid"; wait "$pid" 2>/dev/null

# --- `make run` with no DISPLAY, no WAYLAND_DISPLAY and (here) no /dev/dri
if ls /dev/dri/card* >/dev/null 2>&1; then
	ok "# SKIP this machine has /dev/dri: the KMSDRM path would be tried"
else
	mkdir -p "$TMP/o"
	ln -s "$BUILD/turno-kiosk" "$TMP/o/turno-kiosk"
	ln -s "$BUILD/turno-ctl" "$TMP/o/turno-ctl"
	(cd "$TOP" && exec env -u DISPLAY -u WAYLAND_DISPLAY O="$TMP/o" CONFIG="$TMP/turno.ini" sh tests/run-kiosk.sh) \
		>"$TMP/run.log" 2>&1 &
	run_pid=$!
	on_exit "kill $run_pid"
	sock="$TMP/o/run/control.sock"
	if ctl --wait 10 ping >/dev/null 2>&1; then
		ok "make run's script starts the kiosk headless without a display"
	else
		not_ok "make run's script starts the kiosk headless" "$(cat "$TMP/run.log")"
	fi
	check "it says it runs headless" grep -q "running headless" "$TMP/run.log"
	check "it says how to drive it with turno-ctl" grep -q "turno-ctl --socket $TMP/o/run/control.sock call 1" \
		"$TMP/run.log"
	check_eq "its database is under \$O/run" "A001" "$(ctl issue A 2>&1 | grep -o 'A001' | head -n1)"
	check "the ticket is in \$O/run/turno.db" test "$(sqlite3 "$TMP/o/run/turno.db" 'SELECT label FROM tickets')" = "A001"
fi
