#!/bin/sh
# `make run`: the kiosk with the example configuration, state under $O/run, at any hour.
# With a display it opens an 800x480 window (click a service; F1…F4 call at counters
# 1…4, Shift+F recalls). Without one it runs headless and says how to drive it.
set -eu
O=${O:-build}
CONFIG=${CONFIG:-config/turno.ini}
run="$O/run"
mkdir -p "$run"
ctl="$O/turno-ctl --socket $run/control.sock"

headless=0
for arg in "$@"; do
	[ "$arg" = "--headless" ] && headless=1
done
if [ "$headless" -eq 0 ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] &&
	! ls /dev/dri/card* >/dev/null 2>&1; then
	echo "turno: no display here (DISPLAY and WAYLAND_DISPLAY unset, no /dev/dri for KMSDRM): running headless."
	headless=1
	set -- "$@" --headless
fi
echo
echo "Turno is starting with $CONFIG (database $run/turno.db). Stop it with Ctrl+C."
if [ "$headless" -eq 0 ]; then
	echo "In the window: click a service to take a number; F1…F4: counter 1…4 calls the next,"
	echo "Shift+F recalls, Ctrl+F marks a no-show. Closing the window stops the kiosk."
fi
echo "From another terminal, drive it with turno-ctl:"
echo "    $ctl issue A      # prints A001"
echo "    $ctl call 1       # counter 1 calls it"
echo "    $ctl status"
echo
exec "$O/turno-kiosk" --config "$CONFIG" --ignore-hours --database "$run/turno.db" \
	--socket "$run/control.sock" "$@"
