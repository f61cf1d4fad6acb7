# Boot "monitor" of `make test-pi`: the kiosk on a display that is not the 7" panel — a
# 1280x800 monitor whose modes include 800x600 but not 800x480 — with the same touch
# panel over it. With [ui] fullscreen = yes the kiosk must keep the display's own size;
# with fullscreen = no SDL gives the window the closest mode, and the kiosk must lay out
# and map touches for that size, not the configured one. The host compares screenshots.
. "$(dirname "$0")/guest.sh"

setup_display
date -u -s "2026-11-24 09:42:00" >/dev/null
say "modes: $(cat /sys/class/drm/card0-*/modes | tr '\n' ' ')"

# tap_service CONFIG-LABEL LETTER EXPECTED: a tap where the kiosk says LETTER is, on the
# display's real size; the ticket must be of that service.
tap_service() {
	local mode=$(display_mode)
	panel tap-target "$2" "${mode%x*}" "${mode#*x}" 20
	case "$REPLY" in
	"ticket $3 "*) check ok "$1: a tap on service $2 issues $3" ;;
	*) check fail "$1: a tap on service $2 issues $3" "$REPLY (display $mode, the kiosk's window $(status screen.width)x$(status screen.height))" ;;
	esac
}

kiosk_start "$OUT/fullscreen.ini" fullscreen || die "full screen: turno-kiosk starts" "$(tail -5 "$OUT/fullscreen.log")"
mode=$(display_mode)
size=$(shot native) && echo "native $size" >>"$OUT/shots"
[ "$mode" = 1280x800 ] && [ "$size" = 1280x800 ] && check ok "full screen keeps the monitor's own 1280x800" ||
	check fail "full screen keeps the monitor's own 1280x800" "display mode $mode, screenshot $size, the kiosk's window $(status screen.width)x$(status screen.height)"
tap_service "full screen" F F001
kiosk_stop

kiosk_start "$OUT/windowed.ini" windowed || die "in a window: turno-kiosk starts" "$(tail -5 "$OUT/windowed.log")"
mode=$(display_mode)
size=$(shot windowed) && echo "windowed $size" >>"$OUT/shots"
w=$(status screen.width) h=$(status screen.height)
[ "${w}x$h" = "$mode" ] && check ok "in a window: the kiosk lays out for the ${mode} mode SDL chose (800x480 asked)" ||
	check fail "in a window: the kiosk lays out for the mode SDL chose" "display mode $mode, the kiosk's window ${w}x$h"
tap_service "in a window" F F002
kiosk_stop
cp /var/lib/turno/turno.db* "$OUT/"
finish
