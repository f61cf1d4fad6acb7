#!/usr/bin/env bash
# Buttons and display on a real kernel: Turno's libgpiod backend against gpio-sim in a
# qemu guest running Debian's own kernel (this machine's kernel has no GPIO; Debian's
# lacks CONFIG_GPIO_SIM, so the driver is built out of tree from the matching
# linux-source). The guest program (tests/tools/gpio-hw-check.c, linked statically)
# prints PASS/FAIL lines on the console; they become TAP lines here.
#
# Needs (installed by `make deps-hw`, which this runs when something is missing):
# qemu-system-x86, busybox-static, cpio, linux-headers-KVER, and in build/hw-cache the
# linux-image-KVER and linux-source debs. Only three source files are extracted, into
# a temp dir, at each run. Missing pieces are a `not ok` with the reason, never a pass.
source "$(dirname "$0")/../lib.sh"
CC=${CC:-cc}
CACHE="$TOP/build/hw-cache"
START=$(date +%s)

kver=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: linux-image-//p' | head -n1)
src_pkg="linux-source-$(echo "$kver" | cut -d. -f1,2)"

have_all() {
	[ -n "$kver" ] && command -v qemu-system-x86_64 >/dev/null && [ -x /bin/busybox ] &&
		command -v cpio >/dev/null && [ -d "/usr/src/linux-headers-$kver" ] &&
		ls "$CACHE/linux-image-${kver}_"*.deb >/dev/null 2>&1 &&
		ls "$CACHE/${src_pkg}_"*.deb >/dev/null 2>&1
}
if ! have_all; then
	echo "# fetching the kernel pieces (make deps-hw)"
	make -s -C "$TOP" deps-hw >"$TMP/deps.log" 2>&1
	[ -z "$kver" ] && kver=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: linux-image-//p' | head -n1)
	src_pkg="linux-source-$(echo "$kver" | cut -d. -f1,2)"
fi
if ! have_all; then
	not_ok "gpio-sim under qemu: the kernel pieces are available" \
		"could not install/download qemu, busybox, linux-headers-$kver, linux-image-$kver, $src_pkg: $(tail -5 "$TMP/deps.log" 2>/dev/null)"
	exit 0
fi
ok "gpio-sim under qemu: kernel $kver, its headers and source are available"

# ---------------------------------------------------------------- the gpio-sim module
mod="$TMP/mod"
mkdir -p "$mod" "$TMP/src"
dpkg-deb --fsys-tarfile "$(ls "$CACHE/${src_pkg}_"*.deb | head -n1)" 2>/dev/null |
	tar -xO "./usr/src/$src_pkg.tar.xz" 2>/dev/null |
	tar -xJ -C "$TMP/src" --occurrence=1 --strip-components=1 \
		"$src_pkg/drivers/gpio/gpio-sim.c" "$src_pkg/drivers/gpio/gpiolib.h" "$src_pkg/kernel/irq/irq_sim.c" 2>/dev/null
cp "$TMP/src/drivers/gpio/gpio-sim.c" "$TMP/src/drivers/gpio/gpiolib.h" "$TMP/src/kernel/irq/irq_sim.c" "$mod/" 2>/dev/null
# irq_to_desc() is not exported to modules; the safe generic handler does the same job.
sed -i 's/handle_simple_irq(irq_to_desc(irqnum));/generic_handle_irq_safe(irqnum);/' "$mod/irq_sim.c" 2>/dev/null
printf 'obj-m := gpiosim.o\ngpiosim-y := gpio-sim.o irq_sim.o\n' >"$mod/Kbuild"
if ! make -C "/usr/src/linux-headers-$kver" M="$mod" modules >"$TMP/kbuild.log" 2>&1 || [ ! -f "$mod/gpiosim.ko" ]; then
	not_ok "gpio-sim builds as a module for $kver" "$(tail -15 "$TMP/kbuild.log")"
	exit 0
fi
ok "gpio-sim builds as a module for $kver (from $src_pkg, extracted at test time)"

# ---------------------------------------------------------------- the guest program
# A build of its own, without sanitizers (they cannot link statically), kept under build/.
guest_build="build/hw-guest-$(basename "$CC")"
if ! make -s -C "$TOP" O="$guest_build" CC="$CC" SANITIZE= "$guest_build/tests/tools/gpio-hw-check.o" \
	"$guest_build/lib/libturno-gpio.a" "$guest_build/lib/libturno-core.a" >"$TMP/build.log" 2>&1 ||
	! $CC -static -o "$TMP/gpio-hw-check" "$TOP/$guest_build/tests/tools/gpio-hw-check.o" \
		-Wl,--start-group "$TOP/$guest_build/lib/libturno-gpio.a" "$TOP/$guest_build/lib/libturno-core.a" \
		-Wl,--end-group -lgpiod -linih -lsqlite3 -lm -lpthread -ldl >"$TMP/link.log" 2>&1; then
	not_ok "the guest check program links statically" "$(cat "$TMP/build.log" "$TMP/link.log" 2>/dev/null | grep -v -e dlopen -e "^  CC" | tail -10)"
	exit 0
fi

# ---------------------------------------------------------------- initramfs
root="$TMP/root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,etc}
cp /bin/busybox "$root/bin/busybox"
dpkg-deb --fsys-tarfile "$(ls "$CACHE/linux-image-${kver}_"*.deb | head -n1)" |
	tar -x -C "$TMP" "./boot/vmlinuz-$kver" "./lib/modules/$kver/kernel/fs/configfs/configfs.ko"
cp "$TMP/lib/modules/$kver/kernel/fs/configfs/configfs.ko" "$mod/gpiosim.ko" "$TMP/gpio-hw-check" "$root/"

cat >"$root/turno.ini.in" <<'EOF'
[office]
name = Test
timezone = UTC
kiosk_id = qemu
[storage]
database = /tmp/turno.db
[hours]
mon = 00:00-24:00
tue = 00:00-24:00
wed = 00:00-24:00
thu = 00:00-24:00
fri = 00:00-24:00
sat = 00:00-24:00
sun = 00:00-24:00
last_ticket_minutes = 0
[gpio]
backend = libgpiod
debounce_ms = 30
long_press_ms = 1000
stuck_ms = 2500
active_low = yes
bias = pull-up
buzzer = @CHIP@:7
buzzer_ms = 50
[display]
mode = per_counter
din = @CHIP@:4
clk = GPIO11
cs = @CHIP@:6
modules = 2
brightness = 6
blink_count = 2
refresh_seconds = 30
[service.A]
name = Informazioni
[counter.1]
services = A
next_button = GPIO17
recall_button = GPIO27
[counter.2]
services = A
next_button = GPIO22
EOF

cat >"$root/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc none /proc
mount -t sysfs none /sys
mount -t devtmpfs none /dev
mount -t tmpfs none /tmp
insmod /configfs.ko
insmod /gpiosim.ko || echo "FAIL: gpio-sim module loads: insmod failed"
mount -t configfs none /sys/kernel/config
d=/sys/kernel/config/gpio-sim/turno
mkdir "$d" "$d/bank0"
echo 8 >"$d/bank0/num_lines"
echo turno-sim >"$d/bank0/label"
for pair in 0:GPIO17 1:GPIO27 2:GPIO22 3:GPIO23 4:GPIO10 5:GPIO11 6:GPIO8 7:GPIO18; do
	mkdir "$d/bank0/line${pair%%:*}"
	echo "${pair#*:}" >"$d/bank0/line${pair%%:*}/name"
done
echo 1 >"$d/live"
chip=$(cat "$d/bank0/chip_name")
dev=$(cat "$d/dev_name")
sed "s/@CHIP@/$chip/g" /turno.ini.in >/tmp/turno.ini
echo "GUEST: gpio-sim $dev $chip"
/gpio-hw-check /tmp/turno.ini "/sys/devices/platform/$dev/$chip"
echo "GUEST-EXIT $?"
poweroff -f
EOF
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$TMP/initrd.gz"

# ---------------------------------------------------------------- boot
console="$TMP/console.log"
timeout 300 qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 512 -nographic -no-reboot -nic none \
	-kernel "$TMP/boot/vmlinuz-$kver" -initrd "$TMP/initrd.gz" \
	-append "console=ttyS0 panic=-1 loglevel=3" </dev/null >"$console" 2>&1
qemu_rc=$?
tr -d '\r' <"$console" >"$console.txt"

plan=$(sed -n 's/^PLAN \([0-9]*\).*/\1/p' "$console.txt" | head -n1)
passed=0
failed=0
while IFS= read -r line; do
	case "$line" in
	"PASS: "*) ok "qemu: ${line#PASS: }"; passed=$((passed + 1)) ;;
	"FAIL: "*) rest=${line#FAIL: }; not_ok "qemu: ${rest%%: *}" "${rest#*: }"; failed=$((failed + 1)) ;;
	"# "*) echo "$line" ;;
	esac
done <"$console.txt"
if [ -z "$plan" ]; then
	not_ok "qemu: the guest ran the checks" "qemu exit $qemu_rc; console: $(grep -v '^$' "$console.txt" | tail -15)"
elif [ $((passed + failed)) -ne "$plan" ]; then
	not_ok "qemu: the guest finished all $plan checks" "only $((passed + failed)) reported (qemu exit $qemu_rc): $(tail -10 "$console.txt")"
else
	ok "qemu: the guest finished all $plan checks"
fi
echo "# gpio-qemu took $(($(date +%s) - START)) s"
