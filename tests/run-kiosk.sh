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
if [ "$headless" -eq 1 ]; then
	cat <<HELP
turno: drive the kiosk from another terminal:
  $ctl issue A          take a ticket for service A
  $ctl call 1           counter 1 calls the next number
  $ctl recall 1         counter 1 calls its number again
  $ctl status           queues, estimates, counters
Stop it with Ctrl+C.
HELP
else
	cat <<HELP
turno: the kiosk opens in a window. Click a service to take a ticket.
  F1…F4        counter 1…4 calls the next number
  Shift+F1…F4  counter 1…4 calls its number again
  $ctl status   (turno-ctl works too)
Close the window or press Ctrl+C to stop.
HELP
fi
exec "$O/turno-kiosk" --config "$CONFIG" --ignore-hours --database "$run/turno.db" \
	--socket "$run/control.sock" "$@"
