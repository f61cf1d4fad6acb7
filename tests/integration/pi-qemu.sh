#!/usr/bin/env bash
# The whole Pi in a box: the real turno-kiosk of the build, as the turno user with
# SDL_VIDEODRIVER=kmsdrm (as turno-kiosk.service runs it), on Debian's own kernel under
# qemu: a KMS display, a uinput touchscreen like the official 7" panel, buttons and the
# MAX7219 lines on gpio-sim, ALSA's loopback as the sound card (tests/lib-pi.sh has the
# recipe, tests/pi/ the guests' scenarios). Two boots:
#   panel    the 7" panel (800x480): first frame, a tap issues a ticket and shows it, the
#            button calls it (the display lines decode to it), idle wake-ups, the panel
#            unplugged and plugged back, a restart; floors from bare programs in the same boot
#   monitor  a 1280x800 monitor without an 800x480 mode: full screen at its own size, and
#            in a window at the mode SDL picks; taps land on the tile they are aimed at
# The screens are compared with tests/golden/pi-*.png, the database read here, the display
# decoded from the kernel's trace of the lines. TURNO_PI_ARCH=arm64 runs the same on
# qemu-system-aarch64 with the arm64 build (`make test-pi ARCH=arm64`).
source "$(dirname "$0")/../lib.sh"
source "$TOP/tests/lib-pi.sh"
ARCH=${TURNO_PI_ARCH:-x86_64}
START=$(date +%s)
LOGS=$BUILD/test-logs/pi-$ARCH
rm -rf "$LOGS" && mkdir -p "$LOGS"

if ! pi_setup "$ARCH"; then
	not_ok "$ARCH guest: Debian's kernel, gpio-sim, busybox, udev and Mesa are available" "$PI_WHY"
	exit 0
fi
ok "$ARCH guest: Debian's kernel $PI_KVER, gpio-sim built for it, busybox, udev and Mesa are available"

# The example configuration as a technician sets it up on the Pi (README, "Installing on a
# Raspberry Pi"): full screen, the [gpio] and [display] sections and counter 1's buttons
# uncommented; printing to files, as no printer is attached.
pi_config() { # out fullscreen(yes|no) gpio(yes|no)
	sed -e "s|^database = .*|database = /var/lib/turno/turno.db|" \
		-e "s|^socket = .*|socket = /run/turno/control.sock|" \
		-e "s|^\[ui\]\$|[ui]\nfullscreen = $2\nfont_dir = $TOP/assets/fonts|" \
		-e "s|^ticket_seconds = .*|ticket_seconds = 15|" \
		-e "s|^\(on_failure = .*\)|\1\npreview_dir = /var/lib/turno/tickets|" \
		"$TOP/config/turno.ini" >"$1"
	[ "$3" = yes ] && sed -i -e '/^; \[gpio\]/,/^; refresh_seconds/ s/^; \(\[[a-z]*\]\|[a-z_]* = \)/\1/' \
		-e 's/^; \(next_button = GPIO17\)$/\1/' -e 's/^; \(recall_button = GPIO27\)$/\1/' "$1"
	return 0
}

# compare_shot BOOT NAME GOLDEN: the screenshot against tests/golden/GOLDEN.png. Mesa's
# llvmpipe blends text edges a little differently from the software renderer the goldens
# are drawn with: up to 1% of the pixels may differ; a moved or missing text is far more.
compare_shot() {
	local dir=$PI_OUT/$1 result
	if [ ! -s "$dir/$2.ppm" ]; then
		not_ok "$1: the screen ($2) matches tests/golden/$3.png" "no screenshot $2 was taken"
		return
	fi
	result=$("$BUILD/tests/tools/screen-compare" "$dir/$2.ppm" "$TOP/tests/golden/$3.png" "$LOGS" "$1-$2")
	local size=${result%% *} differing=${result##* }
	local w=${size%x*} h=${size#*x}
	if [[ "$result" == *differing* ]] && [ "$differing" -le $((w * h / 100)) ]; then
		ok "$1: the screen ($2) matches tests/golden/$3.png ($differing of $((w * h)) pixels differ)"
	else
		not_ok "$1: the screen ($2) matches tests/golden/$3.png" "$result; see $LOGS/$1-$2-actual.png and -diff.png"
	fi
}

sql() { sqlite3 "$PI_OUT/$1/turno.db" "$2" 2>&1; }

BOOTS=${TURNO_PI_BOOTS:-panel monitor} # a developer may run one of them

# ---------------------------------------------------------------- the 7" panel
boot_panel() {
mkdir -p "$PI_OUT/panel"
pi_config "$PI_OUT/panel/turno.ini" yes yes
pi_boot panel "$TOP/tests/pi/panel.sh" 800x480
pi_checks panel
compare_shot panel home pi-home-800x480
compare_shot panel ticket pi-ticket-800x480
check_eq "panel: the database holds the three tickets the taps issued" "A001 A002 A003" \
	"$(sql panel "SELECT group_concat(label, ' ') FROM (SELECT label FROM tickets ORDER BY id)")"
check_eq "panel: the database says counter 1 called A001" "1" \
	"$(sql panel "SELECT counter FROM events WHERE kind = 'called' AND label = 'A001'")"
base=$(sed -n 's/.*GPIOs \([0-9]*\)-[0-9]*,.*turno-sim.*/\1/p' "$PI_OUT/panel/gpio.txt" 2>/dev/null | head -n1)
if [ -n "$base" ] && [ -s "$PI_OUT/panel/gpio.trace" ]; then
	# DIN, CLK and CS are the chip's lines 4, 5 and 6; four modules (one per counter).
	"$BUILD/tests/tools/max7219-trace" "$PI_OUT/panel/gpio.trace" $((base + 4)) $((base + 5)) $((base + 6)) 4 \
		>"$PI_OUT/panel/display.txt"
else
	not_ok "panel: the kernel traced the display lines" "gpio base '$base', trace $(wc -c <"$PI_OUT/panel/gpio.trace" 2>/dev/null) bytes"
fi

}

# ---------------------------------------------------------------- a monitor
boot_monitor() {
mkdir -p "$PI_OUT/monitor"
pi_config "$PI_OUT/monitor/fullscreen.ini" yes no
pi_config "$PI_OUT/monitor/windowed.ini" no no
pi_boot monitor "$TOP/tests/pi/monitor.sh" 1280x800
pi_checks monitor
compare_shot monitor native pi-home-1280x800
compare_shot monitor windowed pi-home-demo-800x600
check_eq "monitor: the database holds the two tickets of service F the taps aimed at" "F001 F002" \
	"$(sql monitor "SELECT group_concat(label, ' ') FROM (SELECT label FROM tickets ORDER BY id)")"
}

for boot in $BOOTS; do "boot_$boot"; done

# ---------------------------------------------------------------- figures
mkdir -p "$TOP/bench"
while IFS= read -r line; do
	case "$line" in
	"ok "*) ok "${line#ok }" ;;
	"not ok "*) rest=${line#not ok }; not_ok "${rest%%$'\t'*}" "${rest#*$'\t'}" ;;
	*) echo "$line" ;;
	esac
done < <(python3 "$TOP/tests/pi/report.py" "$ARCH" "$TOP/bench/pi-$ARCH.json" "$PI_OUT/panel" "$PI_OUT/monitor")
for boot in $BOOTS; do
	mkdir -p "$LOGS/$boot"
	cp "$PI_OUT/$boot"/{console.log,checks,figures,log,shots,display.txt,*.log,*.ppm} "$LOGS/$boot/" 2>/dev/null
done
echo "# figures also in bench/pi-$ARCH.json; logs in $LOGS"
echo "# pi-qemu ($ARCH) took $(($(date +%s) - START)) s"
