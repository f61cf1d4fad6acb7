#!/usr/bin/env bash
# End to end: `make run`'s script opens the real turno-kiosk in a window on a private
# Xvfb; a click with xdotool on a service tile stores a ticket (read with sqlite3) and
# shows it (screenshot with xwd); F1 calls it. Then the idle loop's wake-ups are
# measured on X11 and on the offscreen driver (what KMSDRM-like drivers look like).
# Synchronisation is on conditions only: Xvfb's -displayfd, turno-ctl --wait, the
# database, the kiosk's status.
source "$(dirname "$0")/../lib.sh"

for tool in Xvfb xdotool xwd sqlite3 python3; do
	if ! command -v "$tool" >/dev/null; then
		not_ok "$tool is installed" "make deps-test installs it (TEST_DEBS)"
		exit 0
	fi
done

# wait_for SECONDS CMD...: runs CMD every 50 ms until it succeeds.
wait_for() {
	local limit=$1; shift
	local deadline=$((SECONDS + limit))
	until "$@" >/dev/null 2>&1; do
		[ "$SECONDS" -ge "$deadline" ] && return 1
		sleep 0.05
	done
}

json() { # json FILE PYTHON-EXPRESSION-ON-d
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}

# --- a private X server on a free display number (Xvfb picks it and tells us)
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp 3>"$TMP/display" 2>"$TMP/xvfb.log" &
xvfb_pid=$!
on_exit "kill $xvfb_pid"
if wait_for 10 test -s "$TMP/display"; then
	export DISPLAY=":$(head -n1 "$TMP/display")"
	ok "Xvfb runs on $DISPLAY"
else
	not_ok "Xvfb starts" "$(cat "$TMP/xvfb.log")"
	exit 0
fi

# --- the kiosk through tests/run-kiosk.sh (what `make run` calls), state in $TMP/o/run
mkdir -p "$TMP/o"
ln -s "$BUILD/turno-kiosk" "$TMP/o/turno-kiosk"
ln -s "$BUILD/turno-ctl" "$TMP/o/turno-ctl"
make_config "$TMP/turno.ini" 's/^ticket_seconds = .*/ticket_seconds = 2/'
sock="$TMP/o/run/control.sock"
db="$TMP/o/run/turno.db"
(cd "$TOP" && SDL_RENDER_DRIVER=software O="$TMP/o" CONFIG="$TMP/turno.ini" exec sh tests/run-kiosk.sh --simulate --print-preview "$TMP/o/run/tickets") \
	>"$TMP/kiosk.log" 2>&1 &
kiosk_pid=$!
on_exit "kill $kiosk_pid"
ctl() { "$BUILD/turno-ctl" --socket "$sock" "$@"; }

if ctl --wait 10 ping >/dev/null 2>&1; then
	ok "the kiosk answers on its control socket"
else
	not_ok "the kiosk starts" "$(cat "$TMP/kiosk.log")"
	exit 0
fi
ctl --json status >"$TMP/status.json"
check_eq "the screen runs on X11" "x11" "$(json "$TMP/status.json" 'd["status"]["screen"]["video_driver"]')"
check_eq "the screen shows home" "home" "$(json "$TMP/status.json" 'd["status"]["screen"]["page"]')"
check_eq "the loop waits on the X connection" "1" "$(json "$TMP/status.json" 'd["status"]["screen"]["input_fds"]')"
check "the window has the configured size" bash -c \
	"xdotool search --sync --name 'Turno' getwindowgeometry | grep -q 'Geometry: 800x480'"

# --- idle at home: how often does the loop wake with nothing happening?
measure_idle() { # prints wake-ups per second over a 5 s window with nothing happening
	local w1 w2
	w1=$(ctl --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"]["screen"]["loop_wakeups"])')
	sleep 5 # a measuring window, not a synchronisation
	w2=$(ctl --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"]["screen"]["loop_wakeups"])')
	# The two status requests wake the loop themselves (one each): not idle, subtracted.
	echo "# $((w2 - w1)) wake-ups in 5 s, two of them the status requests that measure" >&2
	python3 -c "print(round(max(0, $w2 - $w1 - 2) / 5, 2))"
}
rate=$(measure_idle)
echo "# idle wake-ups on X11 (home, simulated buttons and LED display): $rate per second"
check "the idle kiosk does not spin on X11 (≤ 1 wake-up a second)" \
	python3 -c "import sys; sys.exit(0 if $rate <= 1 else 1)"

# --- a click on tile A, at the coordinates the screen reports for it
read -r bx by < <(json "$TMP/status.json" \
	'" ".join(str(t[k]) for t in d["status"]["screen"]["targets"] if t["service"]=="A" for k in ("x","y"))')
wid=$(xdotool search --name 'Turno' | head -n1)
xdotool mousemove --window "$wid" --sync "$bx" "$by" click 1
tickets() { sqlite3 "$db" "SELECT group_concat(label) FROM tickets"; }
ticket_stored() { [ "$(tickets)" = "A001" ]; }
if wait_for 10 ticket_stored; then
	ok "a click on the Informazioni tile stores ticket A001"
else
	not_ok "a click stores a ticket" "tickets: [$(tickets)]; $(tail -5 "$TMP/kiosk.log")"
fi
printed() { [ "$(sqlite3 "$db" "SELECT print_state FROM tickets WHERE label = 'A001'")" = "printed" ]; }
if wait_for 10 printed; then
	ok "the ticket is printed (make run's preview printer)"
else
	not_ok "the ticket is printed" "$(sqlite3 "$db" "SELECT print_state, print_detail FROM tickets")"
fi
page() { ctl --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"]["screen"]["page"])'; }
check_eq "the ticket screen is shown" "ticket" "$(page)"

# --- a screenshot of what the citizen sees: the ticket page, not a blank window
xwd -root -silent -out "$TMP/shot.xwd"
mkdir -p "$BUILD/test-logs"
python3 - "$TMP/shot.xwd" "$BUILD/test-logs/kiosk-xvfb-screenshot.png" >"$TMP/shot.txt" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
header = struct.unpack(">25I", data[:100])
size, width, height, bpp, bpl, ncolors = header[0], header[4], header[5], header[11], header[12], header[19]
pixels = data[size + ncolors * 12:]
step = bpp // 8  # Xvfb at depth 24 may pack 3-byte pixels (rows padded)
assert step in (3, 4), header
# The window is centred on the 1024x768 screen: count its colours.
x0, y0 = (width - 800) // 2, (height - 480) // 2
colors, background = {}, 0
for y in range(y0, y0 + 480, 2):
    row = pixels[y * bpl: (y + 1) * bpl]
    for x in range(x0, x0 + 800, 2):
        v = row[x * step: x * step + 3]
        colors[v] = colors.get(v, 0) + 1
top = max(colors.values())
print(len(colors), round(top / sum(colors.values()), 2))
# Kept as a PNG for a person to look at (no image library needed).
raw = b"".join(b"\0" + b"".join(bytes((pixels[y * bpl + x * step + 2], pixels[y * bpl + x * step + 1],
                                         pixels[y * bpl + x * step])) for x in range(x0, x0 + 800))
               for y in range(y0, y0 + 480))
chunk = lambda t, b: struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xFFFFFFFF)
open(sys.argv[2], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 800, 480, 8, 2, 0, 0, 0))
                             + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
PY
read -r ncolors share <"$TMP/shot.txt"
echo "# screenshot ($BUILD/test-logs/kiosk-xvfb-screenshot.png): $ncolors colours in the window, the most common covers $share"
check "the screenshot shows text on the ticket page (many colours, mostly background)" \
	python3 -c "import sys; sys.exit(0 if $ncolors > 20 and 0.5 < $share < 0.99 else 1)"

# --- F1: counter 1 calls the ticket (the demo keys of `make run`)
xdotool key --window "$wid" F1
called() { sqlite3 "$db" "SELECT state || ':' || counter FROM tickets WHERE label = 'A001'"; }
called_at_1() { [ "$(called)" = "called:1" ]; }
if wait_for 10 called_at_1; then
	ok "F1 calls A001 to counter 1"
else
	not_ok "F1 calls the ticket" "state: [$(called)]"
fi
# --- back home by itself after ticket_seconds
at_home() { [ "$(page)" = "home" ]; }
if wait_for 10 at_home; then ok "the screen returns home by itself"; else not_ok "back home" "$(page)"; fi
# --- a call through turno-ctl reaches the "now serving" strip, newest first
serving() { ctl --json status | python3 -c 'import json,sys; print("|".join(json.load(sys.stdin)["status"]["screen"]["serving"]))'; }
check_eq "the strip shows counter 1's call" "A001 Sportello 1" "$(serving)"
ctl issue B >/dev/null && ctl call 2 >/dev/null
strip_has_b001() { [ "$(serving)" = "B001 Sportello 2|A001 Sportello 1" ]; }
if wait_for 10 strip_has_b001; then ok "turno-ctl call 2 shows B001 at Sportello 2 first in the strip"; else not_ok "turno-ctl call shows in the strip" "$(serving)"; fi
kill "$kiosk_pid" && wait "$kiosk_pid" 2>/dev/null

# --- the same on the offscreen driver: no input fd at all, the loop sleeps on its timers
SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software "$BUILD/turno-kiosk" --config "$TMP/turno.ini" \
	--ignore-hours --socket "$TMP/off.sock" --database "$TMP/off.db" >"$TMP/off.log" 2>&1 &
off_pid=$!
on_exit "kill $off_pid"
sock="$TMP/off.sock"
if ctl --wait 10 ping >/dev/null 2>&1; then
	rate=$(measure_idle)
	echo "# idle wake-ups on the offscreen driver: $rate per second"
	check "the idle kiosk does not spin without a display server (≤ 1 wake-up a second)" \
		python3 -c "import sys; sys.exit(0 if $rate <= 1 else 1)"
else
	not_ok "the kiosk starts on the offscreen driver" "$(cat "$TMP/off.log")"
fi
