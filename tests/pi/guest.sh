# The guest's set-up for `make test-pi` (busybox sh; sourced by the boots' scripts in
# tests/pi/, run by tests/lib-pi.sh's init in a chroot of the host's root). Only busybox
# and the build's programs are run: on arm64 the host's own binaries are another
# architecture. Results go to /run/out (the boot's directory on the host):
#   checks     "check ok|fail|skip WHAT[<tab>WHY]" lines, turned into TAP by the host
#   figures    "figure NAME VALUE..." raw times (CLOCK_MONOTONIC ns) and counts
#   log        what happened, for a person reading a failure
#
#   load MODULE...           insmod with dependencies (the host's list in /run/out/modules)
#   start_udev               systemd-udevd in the chroot, every device announced
#   add_turno_user           user turno in groups video, input, render, gpio (as make install-user)
#   gpio_sim                 a gpio-sim chip with the README's line names; GPIO_SYSFS, GPIO_CHIP
#   trace_gpio               the kernel's gpio_value trace, clock "mono"; trace_save NAME
#   panel_start / panel CMD  the uinput panel (pi-guest panel); the reply in $REPLY
#   kiosk_start CONFIG       the real turno-kiosk as user turno on KMSDRM, until READY=1;
#                            KIOSK_PID, KIOSK_STARTED, KIOSK_READY
#   kiosk_stop               SIGTERM, and its exit status checked
#   shot NAME                a screendump by the host (NAME.ppm)
#   status PATH              a value of the kiosk's status (pi-guest field)
#   wait_status PATH VALUE S until it is VALUE (at most S seconds)
#   display_mode             the mode the display scans out now ("800x480")

OUT=/run/out
. "$OUT/env.sh"
BB=/run/bb
mkdir -p "$BB"
"$TURNO_BUSYBOX" --install -s "$BB"
export PATH="$BB"
GUEST=$TURNO_PROGRAMS/tests/tools/pi-guest
FLOOR=$TURNO_PROGRAMS/tests/tools/pi-floor
KIOSK=$TURNO_PROGRAMS/turno-kiosk
SOCK=/run/turno/control.sock
TRACE=/sys/kernel/tracing
: >"$OUT/checks"
: >"$OUT/figures"

say() { # to the console and the log (never to stdout: functions print their results there)
	echo "# $*" >&2
	echo "# $*" >>"$OUT/log"
}
check() { # ok|fail|skip what [why]
	if [ $# -gt 2 ]; then printf 'check %s %s\t%s\n' "$1" "$2" "$3"; else echo "check $1 $2"; fi >>"$OUT/checks"
	say "check $*"
}
# check_that WHAT WHY COMMAND...: ok when COMMAND succeeds
check_that() {
	local what=$1 why=$2
	shift 2
	if "$@" >>"$OUT/log" 2>&1; then check ok "$what"; else check fail "$what" "$why"; fi
}
figure() { echo "figure $*" >>"$OUT/figures"; }
now() { "$GUEST" clock; }
die() { # what why: a step the rest depends on failed
	check fail "$1" "$2"
	cleanup
	exit 1
}

load() {
	local m p
	for m in "$@"; do
		for p in $(sed -n "s/^$m //p" "$OUT/modules"); do
			insmod "$p" 2>/dev/null
		done
		[ -d "/sys/module/$(echo "$m" | tr - _)" ] || say "module $m did not load"
	done
}

start_udev() {
	export SYSTEMD_IGNORE_CHROOT=1 # udevadm refuses to trigger in a chroot otherwise
	mkdir -p /run/udev-bin
	ln -sf "$TURNO_UDEVADM" /run/udev-bin/systemd-udevd
	ln -sf "$TURNO_UDEVADM" /run/udev-bin/udevadm
	/run/udev-bin/systemd-udevd --daemon >>"$OUT/log" 2>&1 &&
		/run/udev-bin/udevadm trigger --action=add >>"$OUT/log" 2>&1 &&
		/run/udev-bin/udevadm settle >>"$OUT/log" 2>&1
}
settle() { /run/udev-bin/udevadm settle >>"$OUT/log" 2>&1; }
stop_udev() { /run/udev-bin/udevadm control --exit >>"$OUT/log" 2>&1; }
# Again after stop_udev: only the input devices are announced once more (the rtc rule
# would set the clock back from the golden screens' date).
restart_udev() {
	/run/udev-bin/systemd-udevd --daemon >>"$OUT/log" 2>&1 &&
		/run/udev-bin/udevadm trigger --action=add --subsystem-match=input >>"$OUT/log" 2>&1 && settle
}

# As `make install-user` does on the Pi: a system user in the device groups. The host's
# files are read-only here: copies are mounted over them.
add_turno_user() {
	mkdir -p /run/etc
	cp /etc/passwd /etc/group /run/etc/
	echo "turno:x:990:990:Turno kiosk:/var/lib/turno:/usr/sbin/nologin" >>/run/etc/passwd
	echo "turno:x:990:" >>/run/etc/group
	grep -q '^gpio:' /run/etc/group || echo "gpio:x:991:" >>/run/etc/group
	local g
	for g in video input render gpio; do
		sed -i -e "s/^\($g:[^:]*:[^:]*:\)\$/\1turno/" -e "s/^\($g:[^:]*:[^:]*:..*\)\$/\1,turno/" /run/etc/group
	done
	mount -o bind /run/etc/passwd /etc/passwd
	mount -o bind /run/etc/group /etc/group
	mkdir -p /var/lib/turno /run/turno
	chown turno:turno /var/lib/turno /run/turno
	chmod 0750 /var/lib/turno /run/turno
}

# The README's wiring on a simulated chip: counter 1 next GPIO17, recall GPIO27, counter 2
# next GPIO22, MAX7219 DIN GPIO10, CLK GPIO11, CS GPIO8, buzzer GPIO18.
GPIO_LINES="0:GPIO17 1:GPIO27 2:GPIO22 3:GPIO23 4:GPIO10 5:GPIO11 6:GPIO8 7:GPIO18"
gpio_sim() {
	load configfs
	insmod "$TURNO_GPIOSIM" || return 1
	mount -t configfs none /sys/kernel/config 2>/dev/null
	local d=/sys/kernel/config/gpio-sim/turno pair
	mkdir "$d" "$d/bank0" || return 1
	echo 8 >"$d/bank0/num_lines"
	echo turno-sim >"$d/bank0/label"
	for pair in $GPIO_LINES; do
		mkdir "$d/bank0/line${pair%%:*}"
		echo "${pair#*:}" >"$d/bank0/line${pair%%:*}/name"
	done
	echo 1 >"$d/live" || return 1
	GPIO_CHIP=$(cat "$d/bank0/chip_name")
	GPIO_SYSFS=/sys/devices/platform/$(cat "$d/dev_name")/$GPIO_CHIP
	# Raspberry Pi OS's udev rule: every chip belongs to group gpio (libgpiod looks for a
	# line name on all of them: arm64's virt machine has a PL061 chip of its own).
	chgrp gpio /dev/gpiochip* && chmod 0660 /dev/gpiochip*
	cat /sys/kernel/debug/gpio >"$OUT/gpio.txt"
}
# press OFFSET: a button to ground pressed for 150 ms, marked in the trace first.
press() {
	echo "turno: press $1" >"$TRACE/trace_marker"
	echo pull-down >"$GPIO_SYSFS/sim_gpio$1/pull"
	sleep 0.15
	echo pull-up >"$GPIO_SYSFS/sim_gpio$1/pull"
}

trace_gpio() {
	mount -t tracefs none "$TRACE" 2>/dev/null
	echo mono >"$TRACE/trace_clock" &&
		echo 16384 >"$TRACE/buffer_size_kb" &&
		echo 1 >"$TRACE/events/gpio/gpio_value/enable" &&
		echo 1 >"$TRACE/tracing_on"
}
trace_save() { cat "$TRACE/trace" >"$OUT/$1.trace"; }

panel_start() {
	mkfifo /run/panel.cmd /run/panel.reply
	"$GUEST" panel /run/panel.cmd /run/panel.reply "$SOCK" >>"$OUT/log" 2>&1 &
	PANEL_PID=$!
	exec 4<>/run/panel.reply
}
panel() {
	echo "$*" >/run/panel.cmd
	read -r -t 120 REPLY <&4 || REPLY="error no reply from the panel"
	echo "panel $* -> $REPLY" >>"$OUT/log"
}

# Runs a command line as the turno user, with the unit's environment (SDL_VIDEODRIVER).
# spawn_as_turno: in the background, $! is the program's own process (su and sh exec).
as_turno() {
	su -s "$BB/sh" turno -c "exec env SDL_VIDEODRIVER=kmsdrm $*"
}
spawn_as_turno() {
	(exec su -s "$BB/sh" turno -c "exec env SDL_VIDEODRIVER=kmsdrm $*") &
}

KIOSK_PID=
kiosk_start() { # config [log name]
	local log=${2:-kiosk}
	rm -f /run/turno/notify.sock
	"$GUEST" notify /run/turno/notify.sock 300 >/run/ready &
	local notify_pid=$!
	while [ ! -S /run/turno/notify.sock ] && kill -0 "$notify_pid" 2>/dev/null; do sleep 0.01; done
	KIOSK_STARTED=$(now)
	spawn_as_turno "NOTIFY_SOCKET=/run/turno/notify.sock $KIOSK ${TURNO_KIOSK_ARGS:-} --config $1" >>"$OUT/$log.log" 2>&1
	KIOSK_PID=$!
	wait "$notify_pid"
	read -r word KIOSK_READY </run/ready
	[ "$word" = ready ]
}
kiosk_stop() {
	[ -n "$KIOSK_PID" ] || return 0
	kill -TERM "$KIOSK_PID"
	wait "$KIOSK_PID"
	local rc=$?
	KIOSK_PID=
	return $rc
}

shot() {
	local reply
	reply=$("$GUEST" host "shot $1")
	say "shot $1: $reply (the kiosk has drawn $(status screen.frames) frames)"
	case "$reply" in "done $1 "*) echo "${reply##* }" ;; *) return 1 ;; esac
}

status() { "$GUEST" field "$SOCK" "$1"; }
wait_status() { # path value seconds
	local end=$(($(date +%s) + $3))
	while [ "$(status "$1")" != "$2" ]; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.1
	done
}

display_mode() {
	mount -t debugfs none /sys/kernel/debug 2>/dev/null
	sed -n 's/.*mode: "\([0-9]*x[0-9]*\)".*/\1/p' /sys/kernel/debug/dri/0/state | head -n1
}

# The 7" panel's (or a monitor's) kernel driver and the panel itself, before any program.
setup_display() {
	load evdev uinput virtio_console
	case "$TURNO_ARCH" in arm64) load virtio-gpu ;; *) load bochs ;; esac
	start_udev || die "systemd-udevd runs in the guest" "$(tail -3 "$OUT/log")"
	add_turno_user
	panel_start
	panel plug
	PANEL_NODE=$(echo "$REPLY" | cut -d' ' -f2)
	settle
	[ -e /dev/dri/card0 ] || die "the display's KMS device exists" "no /dev/dri/card0 (see console.log)"
	[ -c "$PANEL_NODE" ] || die "the uinput panel exists" "$REPLY"
}

cleanup() {
	[ -n "$KIOSK_PID" ] && kiosk_stop
	[ -n "${PANEL_PID:-}" ] && panel quit
	sync
}
# The scenario ran to its end (the host checks for this line).
finish() {
	cleanup
	echo done >>"$OUT/checks"
	sync
}

mount -t debugfs none /sys/kernel/debug 2>/dev/null
figure boot-userland "$(now)"
