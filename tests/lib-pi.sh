# The Raspberry Pi in a box: Debian's own kernel under qemu with a KMS display, a uinput
# touchscreen, gpio-sim lines and ALSA's loopback, running the real programs of the build
# (bash; source after tests/lib.sh). The recipe is /work/shared/NOTES.md's "The real Pi
# path under qemu": the guest's userland is this machine's / shared read-only over 9p, so
# nothing is installed in an image; a second, writable share ($PI_OUT, /run/out in the
# guest) carries the configuration in and the results out.
#
#   pi_setup ARCH           x86_64 or arm64: checks (and fetches, `make deps-pi`) every piece,
#                           extracts the kernel and builds gpio-sim once into build/hw-cache;
#                           on failure prints why (PI_WHY) and returns 1
#   pi_boot NAME SCRIPT WxH  boots the guest with a WxH display (the kernel's video= mode) and
#                           runs SCRIPT (tests/pi/*.sh, busybox sh) in it; results in
#                           $PI_OUT/NAME/: console.log, checks, figures, screenshots (NAME.ppm)
#   pi_checks NAME          the guest's "check" lines of that boot as TAP lines
# Guest scripts source tests/pi/guest.sh, which reads $PI_OUT/NAME/env.sh written here.

PI_CACHE=$TOP/build/hw-cache
PI_ARCH=
PI_KVER=
PI_KTREE=
PI_GPIOSIM=
PI_BUSYBOX=
PI_UDEVADM=
PI_PROGRAMS=
PI_WHY=
PI_OUT=
PI_INITRD=

_pi_kver() { # the kernel version Debian's meta package depends on
	local meta=linux-image-amd64
	[ "$1" = arm64 ] && meta=linux-image-arm64:arm64
	apt-cache depends "$meta" 2>/dev/null | sed -n 's/.*Depends: linux-image-\([0-9].*\)/\1/p' | sed 's/:.*//' | head -n1
}

_pi_deb() { # package-name prefix: the cached .deb
	ls "$PI_CACHE/$1"_*.deb 2>/dev/null | head -n1
}

_pi_missing() {
	local arch=$1 kver=$2 what=()
	if [ "$arch" = arm64 ]; then
		command -v qemu-system-aarch64 >/dev/null || what+=(qemu-system-arm)
		[ -n "$(_pi_deb "linux-image-$kver")" ] || what+=("linux-image-$kver")
		[ -n "$(_pi_deb "linux-headers-$kver")" ] || what+=("linux-headers-$kver")
		[ -n "$(_pi_deb busybox-static)" ] || what+=(busybox-static:arm64)
		[ -n "$(_pi_deb udev)" ] || what+=(udev:arm64)
		[ -e /usr/lib/aarch64-linux-gnu/dri/kms_swrast_dri.so ] || what+=(libgl1-mesa-dri:arm64)
		[ -e /usr/lib/aarch64-linux-gnu/libgbm.so.1 ] || what+=(libgbm1:arm64)
		[ -x /usr/bin/aarch64-linux-gnu-gcc ] || what+=(crossbuild-essential-arm64)
		# The arm64 udevadm's own libraries (this machine's are x86_64).
		[ -e /usr/lib/aarch64-linux-gnu/libkmod.so.2 ] || what+=(libkmod2:arm64)
		[ -e /usr/lib/aarch64-linux-gnu/libacl.so.1 ] || what+=(libacl1:arm64)
	else
		command -v qemu-system-x86_64 >/dev/null || what+=(qemu-system-x86)
		[ -x /bin/busybox ] || what+=(busybox-static)
		[ -d "/usr/src/linux-headers-$kver" ] || what+=("linux-headers-$kver")
		[ -n "$(_pi_deb "linux-image-$kver")" ] || what+=("linux-image-$kver")
		[ -x /bin/udevadm ] || what+=(udev)
		[ -e /usr/lib/x86_64-linux-gnu/dri/kms_swrast_dri.so ] || what+=(libgl1-mesa-dri)
		[ -e /usr/lib/x86_64-linux-gnu/libgbm.so.1 ] || what+=(libgbm1)
	fi
	command -v cpio >/dev/null || what+=(cpio)
	command -v depmod >/dev/null || what+=(kmod)
	[ -n "$(ls "$PI_CACHE"/linux-source-*_all.deb 2>/dev/null)" ] || what+=(linux-source)
	echo "${what[*]}"
}

# The kernel image and the modules the guests load, extracted once per kernel version.
_pi_kernel_tree() {
	local tree=$PI_CACHE/kernel-$PI_KVER
	if [ ! -e "$tree/.complete" ]; then
		rm -rf "$tree" && mkdir -p "$tree"
		local m=./lib/modules/$PI_KVER
		# Only what the guests load (a directory one architecture lacks is no error).
		dpkg-deb --fsys-tarfile "$(_pi_deb "linux-image-$PI_KVER")" |
			tar -x -C "$tree" --wildcards "./boot/vmlinuz-$PI_KVER" "$m/modules.*" \
				"$m/kernel/drivers/gpu/*" "$m/kernel/drivers/input/*" "$m/kernel/drivers/virtio/*" \
				"$m/kernel/drivers/char/*" "$m/kernel/drivers/dma-buf/*" "$m/kernel/drivers/i2c/*" \
				"$m/kernel/drivers/video/*" "$m/kernel/net/9p/*" "$m/kernel/fs/*" "$m/kernel/sound/*" \
				"$m/kernel/lib/*" 2>"$TMP/kernel-tree.log"
		[ -s "$tree/boot/vmlinuz-$PI_KVER" ] && [ -d "$tree/lib/modules/$PI_KVER/kernel" ] ||
			{ PI_WHY="cannot extract linux-image-$PI_KVER: $(grep -v 'Not found' "$TMP/kernel-tree.log" | tail -3)"; return 1; }
		depmod -b "$tree" "$PI_KVER" 2>>"$TMP/kernel-tree.log" ||
			{ PI_WHY="depmod failed: $(tail -3 "$TMP/kernel-tree.log")"; return 1; }
		touch "$tree/.complete"
	fi
	PI_KTREE=$tree
}

# gpio-sim is not built in Debian's kernel: built out of tree from linux-source once per
# kernel (the three source files are extracted at build time, never committed).
_pi_gpiosim() {
	local ko=$PI_CACHE/gpiosim-$PI_KVER.ko src=$PI_CACHE/gpio-sim-src
	if [ ! -s "$ko" ]; then
		local deb pkg
		deb=$(ls "$PI_CACHE"/linux-source-*_all.deb | head -n1)
		pkg=$(basename "$deb" | sed 's/_.*//')
		if [ ! -s "$src/gpio-sim.c" ]; then
			mkdir -p "$TMP/src" "$src"
			dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" |
				tar -xJ -C "$TMP/src" --strip-components=1 "$pkg/drivers/gpio/gpio-sim.c" \
					"$pkg/drivers/gpio/gpiolib.h" "$pkg/kernel/irq/irq_sim.c" 2>/dev/null
			cp "$TMP/src/drivers/gpio/gpio-sim.c" "$TMP/src/drivers/gpio/gpiolib.h" "$TMP/src/kernel/irq/irq_sim.c" "$src/" ||
				{ PI_WHY="cannot extract gpio-sim from $deb"; return 1; }
		fi
		local mod=$TMP/gpiosim-build headers=/usr/src/linux-headers-$PI_KVER cross=()
		mkdir -p "$mod" && cp "$src"/* "$mod/"
		# irq_to_desc() is not exported to modules; the safe generic handler does the same job.
		sed -i 's/handle_simple_irq(irq_to_desc(irqnum));/generic_handle_irq_safe(irqnum);/' "$mod/irq_sim.c"
		printf 'obj-m := gpiosim.o\ngpiosim-y := gpio-sim.o irq_sim.o\n' >"$mod/Kbuild"
		if [ "$PI_ARCH" = arm64 ]; then
			# The arm64 headers with this machine's kbuild tools (same linux-kbuild version).
			headers=$PI_CACHE/headers-$PI_KVER/usr/src/linux-headers-$PI_KVER
			if [ ! -d "$headers" ]; then
				dpkg-deb -x "$(_pi_deb "linux-headers-$PI_KVER")" "$PI_CACHE/headers-$PI_KVER" || return 1
				local kbuild
				kbuild=$(readlink "$headers/scripts" | sed 's|.*/lib/|/usr/lib/|; s|/scripts$||')
				ln -sfn "$kbuild/scripts" "$headers/scripts"
				ln -sfn "$kbuild/tools" "$headers/tools"
			fi
			cross=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- DEB_BUILD_ARCH=amd64 DEB_HOST_ARCH=arm64
				DEB_HOST_GNU_TYPE=aarch64-linux-gnu)
		fi
		env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -C "$headers" M="$mod" "${cross[@]}" modules >"$TMP/kbuild.log" 2>&1 && cp "$mod/gpiosim.ko" "$ko" ||
			{ PI_WHY="gpio-sim does not build for $PI_KVER: $(grep -m3 -i error "$TMP/kbuild.log")"; return 1; }
	fi
	PI_GPIOSIM=$ko
}

# What runs in the guest: this architecture's busybox and udevd (for arm64, extracted
# from Debian's arm64 packages; this machine's are x86_64) and the build's programs.
_pi_userland() {
	if [ "$PI_ARCH" = arm64 ]; then
		local bb=$PI_CACHE/arm64-root
		if [ ! -x "$bb/bin/busybox" ] || [ ! -x "$bb/bin/udevadm" ]; then
			mkdir -p "$bb"
			dpkg-deb -x "$(_pi_deb busybox-static)" "$bb" && dpkg-deb -x "$(_pi_deb udev)" "$bb" ||
				{ PI_WHY="cannot extract the arm64 busybox and udev"; return 1; }
		fi
		PI_BUSYBOX=$bb/bin/busybox
		PI_UDEVADM=$bb/bin/udevadm
		PI_PROGRAMS=$TOP/build-arm64
		if ! PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig \
			env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s -C "$TOP" O=build-arm64 CC=aarch64-linux-gnu-gcc AR=aarch64-linux-gnu-ar \
			build-arm64/turno-kiosk build-arm64/turno-ctl build-arm64/tests/tools/pi-guest \
			build-arm64/tests/tools/pi-floor >"$TMP/build-arm64.log" 2>&1; then
			PI_WHY="the arm64 build fails: $(grep -m3 -i error "$TMP/build-arm64.log")"
			return 1
		fi
	else
		PI_BUSYBOX=/bin/busybox
		PI_UDEVADM=/bin/udevadm
		PI_PROGRAMS=$BUILD
		for p in turno-kiosk turno-ctl tests/tools/pi-guest tests/tools/pi-floor; do
			[ -x "$BUILD/$p" ] || { PI_WHY="$BUILD/$p is not built (make build-tests)"; return 1; }
		done
	fi
}

# The guest's modules, each with its dependencies in insmod order: "NAME PATH...".
PI_GUEST_MODULES="evdev uinput bochs virtio-gpu virtio_console snd-aloop configfs"
_pi_modules() { # file
	local m
	for m in $PI_GUEST_MODULES; do
		echo "$m $(modprobe -d "$PI_KTREE" -S "$PI_KVER" --show-depends "$m" 2>/dev/null |
			awk '$1 == "insmod" {printf "%s ", $2}')"
	done >"$1"
}

# The initramfs: busybox, the modules that reach the shared root, and an init that
# mounts it, chroots and runs the boot's script.
_pi_initrd() {
	local rd=$TMP/initrd-$PI_ARCH virtio
	rm -rf "$rd" && mkdir -p "$rd"/{bin,dev,proc,sys,host,mods}
	cp "$PI_BUSYBOX" "$rd/bin/busybox"
	for virtio in virtio_pci 9pnet_virtio 9p; do
		modprobe -d "$PI_KTREE" -S "$PI_KVER" --show-depends "$virtio"
	done | awk '$1 == "insmod" && !seen[$2]++ {print $2}' >"$TMP/initrd-modules"
	while read -r m; do
		cp "$m" "$rd/mods/" && basename "$m"
	done <"$TMP/initrd-modules" >"$rd/mods/order"
	cat >"$rd/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc none /proc
mount -t sysfs none /sys
mount -t devtmpfs none /dev
for m in $(cat /mods/order); do insmod "/mods/$m"; done
for arg in $(cat /proc/cmdline); do
	case "$arg" in turno.script=*) script=${arg#turno.script=} ;; turno.busybox=*) bb=${arg#turno.busybox=} ;; esac
done
if mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /host; then
	mount -t proc none /host/proc
	mount -t sysfs none /host/sys
	mount -t devtmpfs none /host/dev
	mkdir -p /host/dev/pts /host/dev/shm
	mount -t devpts none /host/dev/pts
	for d in tmp run var/tmp var/lib root dev/shm; do mount -t tmpfs none "/host/$d"; done
	mkdir -p /host/run/out
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 out /host/run/out
	echo "TURNO-GUEST: running $script"
	chroot /host "$bb" sh "$script"
	echo "TURNO-GUEST-EXIT $?"
	sync
else
	echo "TURNO-GUEST-EXIT the host's root cannot be mounted over 9p"
fi
poweroff -f
INIT
	chmod +x "$rd/init"
	PI_INITRD=$TMP/initrd-$PI_ARCH.gz
	(cd "$rd" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$PI_INITRD"
}

pi_setup() { # arch
	PI_ARCH=$1
	PI_KVER=$(_pi_kver "$PI_ARCH")
	[ -n "$PI_KVER" ] || { PI_WHY="apt-cache knows no linux-image for $PI_ARCH (apt-get update?)"; return 1; }
	local missing
	missing=$(_pi_missing "$PI_ARCH" "$PI_KVER")
	if [ -n "$missing" ]; then
		echo "# fetching for the $PI_ARCH guest: $missing (make deps-pi ARCH=$PI_ARCH)"
		make -s -C "$TOP" deps-pi ARCH="$PI_ARCH" >"$TMP/deps-pi.log" 2>&1
		missing=$(_pi_missing "$PI_ARCH" "$PI_KVER")
		[ -z "$missing" ] || { PI_WHY="missing after make deps-pi: $missing ($(tail -3 "$TMP/deps-pi.log" | tr '\n' ' '))"; return 1; }
	fi
	PI_OUT=$TMP/pi-$PI_ARCH
	mkdir -p "$PI_OUT"
	_pi_kernel_tree && _pi_gpiosim && _pi_userland && _pi_initrd
}

# Serves the guest's requests on the virtio-serial channel (screenshots through QMP).
_pi_host() { # boot_dir
	python3 "$TOP/tests/pi/host.py" "$1/chan.sock" "$1/qmp.sock" "$1" >>"$1/host.log" 2>&1
}

pi_boot() { # name script WxH [extra kernel arguments]
	local name=$1 script=$2 mode=$3 extra=${4:-} dir=$PI_OUT/$1
	mkdir -p "$dir"
	cat >"$dir/env.sh" <<ENV
TURNO_TOP=$TOP
TURNO_PROGRAMS=$PI_PROGRAMS
TURNO_ARCH=$PI_ARCH
TURNO_KVER=$PI_KVER
TURNO_GPIOSIM=$PI_GPIOSIM
TURNO_UDEVADM=$PI_UDEVADM
TURNO_BUSYBOX=$PI_BUSYBOX
TURNO_BOOT=$name
TURNO_MODE=$mode
TURNO_KIOSK_ARGS="${TURNO_PI_KIOSK_ARGS--v}"
ENV
	_pi_modules "$dir/modules"
	local qemu console=ttyS0 args=()
	if [ "$PI_ARCH" = arm64 ]; then
		qemu=qemu-system-aarch64 console=ttyAMA0
		args=(-M virt -cpu max -smp 2 -m 2048 -device virtio-gpu-pci)
	else
		# TCG's AVX2 gathers crash llvmpipe's JIT (NOTES.md): without them.
		qemu=qemu-system-x86_64
		args=(-cpu max,avx=off,avx2=off -smp 1 -m 1024 -vga std)
	fi
	local timeout=${PI_BOOT_TIMEOUT:-$([ "$PI_ARCH" = arm64 ] && echo 1200 || echo 400)}
	timeout "$timeout" "$qemu" -accel tcg "${args[@]}" -display none -no-reboot -nic none \
		-serial "file:$dir/console.raw" -monitor none \
		-qmp "unix:$dir/qmp.sock,server=on,wait=off" \
		-device virtio-serial-pci -chardev "socket,id=host,path=$dir/chan.sock,server=on,wait=off" \
		-device virtserialport,chardev=host,name=turno.host \
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
		-virtfs "local,path=$dir,mount_tag=out,security_model=none" \
		-kernel "$PI_KTREE/boot/vmlinuz-$PI_KVER" -initrd "$PI_INITRD" \
		-append "console=$console panic=-1 loglevel=3 video=Virtual-1:$mode turno.script=$script turno.busybox=$PI_BUSYBOX $extra" \
		</dev/null >"$dir/qemu.log" 2>&1 &
	local qemu_pid=$!
	_pi_host "$dir" &
	local host_pid=$!
	wait "$qemu_pid"
	local rc=$?
	kill "$host_pid" 2>/dev/null
	wait "$host_pid" 2>/dev/null
	tr -d '\r' <"$dir/console.raw" >"$dir/console.log" 2>/dev/null
	[ "$rc" -eq 124 ] && echo "qemu timed out after $timeout s" >>"$dir/checks.why"
	return $rc
}

pi_checks() { # name: the guest's verdicts, then whether it finished
	local dir=$PI_OUT/$1 line what why
	while IFS= read -r line; do
		what=${line#* } what=${what#* }
		case "$line" in
		"check ok "*) ok "$1: $what" ;;
		"check skip "*) ok "$1: $what" ;;
		"check fail "*) not_ok "$1: ${what%%$'\t'*}" "${what#*$'\t'}" ;;
		esac
	done <"$dir/checks" 2>/dev/null
	if grep -q '^TURNO-GUEST-EXIT 0$' "$dir/console.log" 2>/dev/null && grep -q '^done$' "$dir/checks" 2>/dev/null; then
		ok "$1: the guest ran its whole scenario"
	else
		not_ok "$1: the guest ran its whole scenario" "$(cat "$dir/checks.why" 2>/dev/null) $(grep -v '^$' "$dir/console.log" 2>/dev/null | tail -12)"
	fi
}
