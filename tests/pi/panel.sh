# Boot "panel" of `make test-pi`: a Raspberry Pi with the official 7" touchscreen (an
# 800x480 KMS display and a uinput panel), buttons and a MAX7219 chain on gpio-sim, ALSA's
# loopback as the sound card. First the floors (bare programs, before the kiosk holds the
# display and the lines), then the real turno-kiosk as the turno user on KMSDRM:
# first frame -> a tap issues A001 and shows its ticket page -> counter 1's button calls
# it -> idle -> the panel unplugged and plugged back -> a tap -> the kiosk restarted and a
# tap where the last one was. The host judges screenshots, database and display lines.
. "$(dirname "$0")/guest.sh"

setup_display
check ok "the display and the uinput panel exist ($(cat /sys/class/drm/card0-*/status | head -n1), $PANEL_NODE)"
if /run/udev-bin/udevadm info --query=property "$PANEL_NODE" | grep -q '^ID_INPUT_TOUCHSCREEN=1'; then
	check ok "udev sees the panel as a touchscreen"
else
	check fail "udev sees the panel as a touchscreen" "$(/run/udev-bin/udevadm info --query=property "$PANEL_NODE" | tr '\n' ' ')"
fi
gpio_sim || die "gpio-sim gives the README's lines" "$(tail -3 "$OUT/log")"
trace_gpio || die "the kernel traces the GPIO lines" "no tracefs gpio_value event"
load snd-aloop
if grep -q Loopback /proc/asound/cards 2>/dev/null; then
	check ok "ALSA's loopback is the sound card"
else
	check fail "ALSA's loopback is the sound card" "$(cat /proc/asound/cards 2>&1)"
fi

# ---------------------------------------------------------------- floors
say "floor: a bare SDL program on KMSDRM"
mkfifo /run/floor.out
exec 3<>/run/floor.out
t0=$(now)
spawn_as_turno "$FLOOR screen" >/run/floor.out 2>>"$OUT/floor.log"
floor_pid=$!
if read -r -t 120 word t1 <&3 && [ "$word" = first-frame ]; then
	figure floor-first-frame "$t0" "$t1"
	figure floor-rss "$("$GUEST" proc "$floor_pid")"
	panel tap-frame 700 400 20
	figure floor-tap "$REPLY"
	read -r -t 30 word t2 <&3
	a=$("$GUEST" proc "$floor_pid")
	sleep 10 # the measured span
	b=$("$GUEST" proc "$floor_pid")
	figure floor-idle 10 "$a" "$b"
else
	check fail "a bare SDL program draws on KMSDRM" "$(tail -3 "$OUT/floor.log")"
fi
kill "$floor_pid"
wait "$floor_pid" 2>/dev/null
# As root: the turno user is in no audio group yet (turno-kiosk plays no sound yet).
say "floor: a bare SDL program's sound, heard on the loopback"
"$FLOOR" record 60 until-sound >/run/floor.out 2>>"$OUT/floor.log" &
recorder=$!
if read -r -t 60 word t0 <&3 && [ "$word" = recording ]; then
	"$FLOOR" tone >/run/tone.out 2>>"$OUT/floor.log"
	read -r -t 30 word t1 rest <&3
	figure floor-sound "$(cat /run/tone.out)" "$word $t1 $rest"
	[ "$word" = sound ] && check ok "ALSA's loopback records what is played (a bare SDL program's tone)" ||
		check fail "ALSA's loopback records what is played (a bare SDL program's tone)" "$word $t1 $rest"
else
	check fail "SDL records from ALSA's loopback" "$(tail -3 "$OUT/floor.log")"
fi
wait "$recorder"
say "floor: a bare libgpiod program, button edge to the display's frames"
# As root: it presses its own button through sysfs and marks the trace.
"$FLOOR" gpio "$GPIO_SYSFS/sim_gpio0" 30 4 4 /var/lib/turno/floor.db >>"$OUT/floor-gpio.log" 2>&1 ||
	check fail "a bare libgpiod program drives gpio-sim" "$(tail -3 "$OUT/floor-gpio.log")"

# ---------------------------------------------------------------- the kiosk
# The golden screens' moment: Tuesday 24 November 2026, 10:42 in Rome.
date -u -s "2026-11-24 09:42:00" >/dev/null
kiosk_start "$OUT/turno.ini" || die "turno-kiosk starts as the turno user on KMSDRM and draws a frame" "$(tail -5 "$OUT/kiosk.log")"
check ok "turno-kiosk starts as the turno user on KMSDRM and draws its first frame"
figure kiosk-first-frame "$KIOSK_STARTED" "$KIOSK_READY"
figure kiosk-rss-start "$("$GUEST" proc "$KIOSK_PID")"
driver=$(status screen.video_driver)
[ "$driver" = '"KMSDRM"' ] && check ok "SDL draws through KMSDRM" || check fail "SDL draws through KMSDRM" "video driver $driver"
[ "$(status screen.touchscreens)" = 1 ] && check ok "the kiosk watches the touchscreen" ||
	check fail "the kiosk watches the touchscreen" "touchscreens $(status screen.touchscreens)"
mode=$(display_mode)
size=$(shot home) && echo "home $size" >>"$OUT/shots"
[ "$size" = "$mode" ] && [ "$mode" = 800x480 ] && check ok "the screen is the panel's 800x480" ||
	check fail "the screen is the panel's 800x480" "display mode $mode, screenshot $size"
panel rtt
figure status-rtt "$REPLY"

panel tap-target A 800 480 20
case "$REPLY" in
"ticket A001 "*) check ok "a tap on Informazioni issues A001 and shows its ticket page"
	figure tap "$REPLY"
	figure ticket-frame "$(status screen.frame_ms)"
	size=$(shot ticket) && echo "ticket $size" >>"$OUT/shots" ;;
*) check fail "a tap on Informazioni issues A001 and shows its ticket page" "$REPLY" ;;
esac

# Counter 1's next button (GPIO17, line 0): A001 called, the LED module shows it.
"$FLOOR" record 3 >"$OUT/sound.out" 2>>"$OUT/floor.log" &
recorder=$!
press 0
if wait_status counters.0.serving '"A001"' 10; then
	check ok "counter 1's button calls A001"
else
	check fail "counter 1's button calls A001" "counter 1 serves $(status counters.0.serving)"
fi
wait "$recorder"
# Spoken calls come with a later issue: what the loopback heard is kept, not judged.
check skip "the call is heard # SKIP turno-kiosk plays no sound yet (spoken calls come later); the loopback recorded: $(tail -n1 "$OUT/sound.out")"

# ---------------------------------------------------------------- idle
wait_status screen.page '"home"' 60 || check fail "the ticket page goes back home" "page $(status screen.page)"
l0=$(status screen.loop_wakeups)
a=$("$GUEST" proc "$KIOSK_PID")
sleep 20 # the measured span
b=$("$GUEST" proc "$KIOSK_PID")
l1=$(status screen.loop_wakeups)
figure kiosk-idle 20 "$a" "$b" "$l0" "$l1"
figure kiosk-rss-idle "$b"

# ---------------------------------------------------------------- the panel unplugged
# spin_check WHAT: the loop's wake-ups over 3 s (two status requests wake it twice; a
# dead descriptor left in the epoll wakes it without end).
spin_check() {
	local l0 l1 a b
	l0=$(status screen.loop_wakeups)
	a=$("$GUEST" proc "$KIOSK_PID")
	sleep 3 # the measured span
	b=$("$GUEST" proc "$KIOSK_PID")
	l1=$(status screen.loop_wakeups)
	figure "idle-$2" 3 "$a" "$b" "$l0" "$l1"
	if [ $((l1 - l0)) -lt 30 ]; then
		check ok "no spinning $1 ($((l1 - l0)) loop wake-ups in 3 s)"
	else
		check fail "no spinning $1" "$((l1 - l0)) loop wake-ups in 3 s"
	fi
}

panel unplug
if "$GUEST" wait-open "$KIOSK_PID" "$PANEL_NODE" 0 10 >>"$OUT/log"; then
	check ok "the unplugged panel's descriptors are closed (the kiosk's and SDL's, told by udev)"
else
	check fail "the unplugged panel's descriptors are closed (the kiosk's and SDL's, told by udev)" \
		"turno-kiosk still holds $PANEL_NODE open 10 s after it went away"
fi
spin_check "with the panel unplugged" unplugged

panel plug
t_plug=$(echo "$REPLY" | cut -d' ' -f3)
PANEL_NODE=$(echo "$REPLY" | cut -d' ' -f2)
settle
# Looking from outside only (/proc): a status request would wake the kiosk and hide the
# defect. Its descriptor and SDL's: both must be open before a finger comes.
if "$GUEST" wait-open "$KIOSK_PID" "$PANEL_NODE" 2 10 >/run/reopen; then
	check ok "the re-plugged panel is opened by the kiosk and by SDL without anything else waking it"
	figure replug-open "$t_plug" "$(cut -d' ' -f2 /run/reopen)"
else
	check fail "the re-plugged panel is opened by the kiosk and by SDL without anything else waking it" \
		"$PANEL_NODE: $(cat /run/reopen) descriptors after 10 s (SDL knows $(status screen.sdl_touch_devices) touchscreens)"
fi
panel tap-target A 800 480 20
case "$REPLY" in
"ticket A002 "*) check ok "a tap on the re-plugged panel issues A002"
	figure tap-replugged "$REPLY" ;;
*) check fail "a tap on the re-plugged panel issues A002" "$REPLY" ;;
esac
tap_a=$(echo "$REPLY" | cut -d' ' -f5-6) # where A is, in panel units
spin_check "after the panel is back" replugged

# Without udev's word (udevd stopped, or a kiosk that cannot hear it) the hang-up alone
# must drop the descriptor. SDL, not told, keeps its own copy: only the kiosk's goes.
stop_udev
panel unplug
if "$GUEST" wait-open "$KIOSK_PID" "$PANEL_NODE" 1 10 >/run/closed; then
	check ok "without udev, the unplugged panel's hung-up descriptor is closed"
else
	check fail "without udev, the unplugged panel's hung-up descriptor is closed" \
		"turno-kiosk and SDL hold $PANEL_NODE open: $(cat /run/closed) times after 10 s (1 expected: SDL's)"
fi
spin_check "with the panel unplugged and no udev" unplugged-no-udev

# ---------------------------------------------------------------- restarted
# The kernel keeps a panel's last coordinates and does not repeat them: after a tap on A
# and a restart, a finger on A again brings no position at all.
panel plug
PANEL_NODE=$(echo "$REPLY" | cut -d' ' -f2)
panel tap $tap_a
kiosk_stop || check fail "turno-kiosk stops on SIGTERM with status 0" "exit status $?"
restart_udev || die "systemd-udevd starts again" "$(tail -3 "$OUT/log")"
kiosk_start "$OUT/turno.ini" kiosk-restarted || die "turno-kiosk starts again" "$(tail -5 "$OUT/kiosk-restarted.log")"
panel tap-target A 800 480 20
case "$REPLY" in
"ticket A003 "*) check ok "the first tap after a restart, where the last one was, issues A003"
	figure tap-restarted "$REPLY" ;;
*) check fail "the first tap after a restart, where the last one was, issues A003" "$REPLY" ;;
esac
kiosk_stop
trace_save gpio
cp /var/lib/turno/turno.db* "$OUT/"
finish
