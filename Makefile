# Turno — build, run and test.
#
#   make run     install missing Debian packages, build, open the kiosk with the example configuration
#   make test    the same set-up, then every suite; ends with one line "N passed, N failed"
#
# Every folder of firmware/ is one capability. Its .c files (except main.c) become
# $(O)/lib/libturno-<folder>.a; a folder with a main.c is also the program turno-<folder>.
# Header dependencies are generated (-MMD), so `make` rebuilds exactly what changed.

CC ?= cc
ifeq ($(origin CC),default)
CC := cc
endif
SANITIZE ?=
O ?= build$(if $(filter clang%,$(notdir $(CC))),-clang)$(if $(SANITIZE),-san)
PREFIX ?= /usr/local
DESTDIR ?=
CONFIG ?= config/turno.ini

# ---------------------------------------------------------------- packages
# What a fresh Debian 12 / Raspberry Pi OS bookworm needs to build and run,
# and what `make test` needs on top of it.
BUILD_DEBS := build-essential pkg-config libsqlite3-dev libinih-dev libcjson-dev \
	libsdl2-dev libsdl2-ttf-dev libgpiod-dev gpiod libcairo2-dev libqrencode-dev \
	libsystemd-dev libcurl4-openssl-dev libcups2-dev cups-client fonts-dejavu-core tzdata
TEST_DEBS := libcmocka-dev cups cups-bsd sqlite3 clang libclang-rt-14-dev xvfb \
	xdotool x11-apps valgrind python3 poppler-utils procps bc file openssl clang-format zbar-tools \
	libreoffice-calc faketime libfaketime
# Installs only what dpkg does not already have; through sudo when not root.
define install_debs
	@missing=""; for p in $(1); do \
		dpkg-query -W -f='$${Status}\n' "$$p" 2>/dev/null | grep -q '^install ok installed' \
			|| missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "turno: installing Debian packages:$$missing"; \
		if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
		$$sudo apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y --no-install-recommends $$missing; \
	fi
endef

# ---------------------------------------------------------------- flags
PKGS := sqlite3 inih libcjson sdl2 SDL2_ttf libgpiod cairo freetype2 libqrencode libsystemd libcurl
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wswitch-enum -Wformat=2 -Wpointer-arith -Wundef -Wvla -Wno-unused-parameter
CFLAGS ?= -O2 -g
# Where the installed fonts are looked for: compiled in, so it follows PREFIX (or DATADIR).
DATADIR ?= $(PREFIX)/share/turno
TURNO_CFLAGS := -std=c17 -D_GNU_SOURCE $(WARN) -Ifirmware -MMD -MP \
	-DTURNO_DATADIR='"$(DATADIR)"'
ifneq ($(SANITIZE),)
TURNO_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(shell cups-config --cflags 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(shell cups-config --libs 2>/dev/null || echo -lcups) -lpthread -lm

# ---------------------------------------------------------------- sources
DIRS := $(notdir $(patsubst %/,%,$(sort $(dir $(wildcard firmware/*/*.c)))))
PROGRAM_DIRS := $(notdir $(patsubst %/,%,$(dir $(wildcard firmware/*/main.c))))
PROGRAMS := $(addprefix $(O)/turno-,$(PROGRAM_DIRS))
# Link order: programs' own libraries first, core last (everything may use core).
LIB_ORDER := kiosk ctl sync report print gpio control core
LIBS := $(foreach d,$(LIB_ORDER),$(if $(filter $(d),$(DIRS)),$(O)/lib/libturno-$(d).a)) \
	$(foreach d,$(filter-out $(LIB_ORDER),$(DIRS)),$(O)/lib/libturno-$(d).a)

lib_srcs = $(filter-out firmware/$(1)/main.c,$(wildcard firmware/$(1)/*.c))
obj = $(patsubst %.c,$(O)/%.o,$(1))

UNIT_SRCS := $(wildcard tests/unit/test-*.c)
UNIT_TESTS := $(patsubst tests/unit/%.c,$(O)/tests/%,$(UNIT_SRCS))
TEST_TOOL_SRCS := $(wildcard tests/tools/*.c)
TEST_TOOLS := $(patsubst tests/tools/%.c,$(O)/tests/tools/%,$(TEST_TOOL_SRCS))
# LD_PRELOAD shims for the suites (tests/tools/preload/*.c), e.g. fake-ntp.so.
PRELOAD_SRCS := $(wildcard tests/tools/preload/*.c)
PRELOADS := $(patsubst tests/tools/preload/%.c,$(O)/tests/tools/%.so,$(PRELOAD_SRCS))

.PHONY: all deps deps-test run test unit build-tests crash-test golden bench clean format format-check
all: $(PROGRAMS)

# `make V=1` shows the whole commands.
Q := $(if $(V),,@)
$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(TURNO_CFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c $< -o $@

define lib_rule
$(O)/lib/libturno-$(1).a: $(call obj,$(call lib_srcs,$(1)))
	@mkdir -p $$(dir $$@)
	@rm -f $$@
	$$(Q)$$(AR) rcs $$@ $$^
endef
$(foreach d,$(DIRS),$(eval $(call lib_rule,$(d))))

# The objects that compile DATADIR in are rebuilt when it changes (`make install
# PREFIX=/usr` after a plain `make`): the stamp is rewritten only when its text differs.
$(O)/datadir.txt: FORCE
	@mkdir -p $(O)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' >$@
$(O)/firmware/kiosk/screen.o $(O)/firmware/print/fonts.o $(O)/firmware/report/cli_semester.o: $(O)/datadir.txt
.PHONY: FORCE
FORCE:

$(O)/turno-%: $(O)/firmware/%/main.o $(LIBS)
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $< -Wl,--start-group $(LIBS) -Wl,--end-group -Wl,--as-needed $(PKG_LIBS)

$(O)/tests/test-%: $(O)/tests/unit/test-%.o $(LIBS)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $< -Wl,--start-group $(LIBS) -Wl,--end-group -Wl,--as-needed $(PKG_LIBS) -lcmocka

$(O)/tests/tools/%: $(O)/tests/tools/%.o $(LIBS)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $< -Wl,--start-group $(LIBS) -Wl,--end-group -Wl,--as-needed $(PKG_LIBS)

# Shims are plain shared objects: no sanitizer (it would have to come first in the process).
$(O)/tests/tools/%.so: tests/tools/preload/%.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  SHIM    $@")
	$(Q)$(CC) -std=c17 -D_GNU_SOURCE $(WARN) -O2 -fPIC -shared -o $@ $<

# ---------------------------------------------------------------- GPIO on a real kernel
# libgpiod against the kernel's gpio-sim, in a qemu guest running Debian's own kernel
# (tests/integration/gpio-qemu.sh). The kernel image and source packages are only
# downloaded into $(HW_CACHE); the three gpio-sim source files are extracted at test time.
HW_CACHE := build/hw-cache
HW_KVER = $(shell apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: linux-image-//p' | head -n1)
HW_DEBS = qemu-system-x86 busybox-static cpio kmod linux-headers-$(HW_KVER)

.PHONY: deps-hw test-hw
deps-hw:
	$(call install_debs,$(HW_DEBS))
	@kver="$(HW_KVER)"; src="linux-source-$$(echo "$$kver" | cut -d. -f1,2)"; \
	mkdir -p $(HW_CACHE) && cd $(HW_CACHE) && \
	for p in "linux-image-$$kver" "$$src"; do \
		ls "$${p}"_*.deb >/dev/null 2>&1 || apt-get download -q "$$p" || exit 1; \
	done

test-hw: deps-hw
	@$(MAKE) --no-print-directory build-tests
	@mkdir -p $(O)/test-logs/integration
	@O=$(O) CC=$(CC) bash tests/run-all.sh --only gpio-qemu

# ---------------------------------------------------------------- the whole Pi under qemu
# The real turno-kiosk on Debian's kernel with a KMS display, a uinput touchscreen,
# gpio-sim and ALSA's loopback (tests/integration/pi-qemu.sh, part of `make test` for
# x86_64). `make test-pi ARCH=arm64` runs it on qemu-system-aarch64 with the arm64 build:
# the arm64 kernel and headers, busybox and udev are only downloaded into $(HW_CACHE)
# (this machine's are x86_64), the libraries come from `make cross`'s multiarch set.
ARCH ?= x86_64
PI_KVER_ARM64 = $(shell apt-cache depends linux-image-arm64:arm64 2>/dev/null | sed -n 's/.*Depends: linux-image-\([0-9][^:]*\).*/\1/p' | head -n1)
PI_DEBS := udev libgl1-mesa-dri libegl1 libegl-mesa0 libgbm1
PI_ARM64_DEBS := qemu-system-arm cpio kmod libgl1-mesa-dri:arm64 libegl1:arm64 libegl-mesa0:arm64 libgbm1:arm64 \
	libkmod2:arm64 libacl1:arm64

.PHONY: deps-pi test-pi
deps-pi:
ifeq ($(ARCH),arm64)
	@$(MAKE) --no-print-directory deps-cross
	$(call install_debs,$(PI_ARM64_DEBS))
	@kver="$(PI_KVER_ARM64)"; mkdir -p $(HW_CACHE) && cd $(HW_CACHE) && \
	src="linux-source-$$(echo "$$kver" | cut -d. -f1,2)"; \
	for p in "linux-image-$$kver:arm64" "linux-headers-$$kver:arm64" busybox-static:arm64 udev:arm64 "$$src"; do \
		ls "$${p%%:*}"_*.deb >/dev/null 2>&1 || apt-get download -q "$$p" || exit 1; \
	done
else
	@$(MAKE) --no-print-directory deps-hw
	$(call install_debs,$(PI_DEBS))
endif

test-pi: deps-pi
	@$(MAKE) --no-print-directory build-tests
	@mkdir -p $(O)/test-logs
	@O=$(O) CC=$(CC) TURNO_PI_ARCH=$(ARCH) bash tests/run-all.sh --only pi-qemu

# ---------------------------------------------------------------- the two commands
deps:
	$(call install_debs,$(BUILD_DEBS))

deps-test: deps
	$(call install_debs,$(TEST_DEBS))

# Opens the kiosk with the example configuration; its database and control socket go
# to $(O)/run so that nothing outside the checkout is touched. --ignore-hours lets a
# newcomer try it whatever the time of day. tests/run-kiosk.sh opens the touchscreen in
# an 800x480 window (F1…F4 are the simulated operator buttons), or runs headless when
# there is no display, and prints how to drive it with turno-ctl.
RUN_DIR := $(O)/run
RUN_ARGS ?= --simulate --print-preview $(RUN_DIR)/tickets
run: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p $(RUN_DIR)
	@O=$(O) CONFIG=$(CONFIG) sh tests/run-kiosk.sh $(RUN_ARGS)

build-tests: $(PROGRAMS) $(UNIT_TESTS) $(TEST_TOOLS) $(PRELOADS)

test: deps-test
	@$(MAKE) --no-print-directory build-tests
	@O=$(O) CC=$(CC) bash tests/run-all.sh

unit: build-tests
	@O=$(O) bash tests/run-all.sh --unit-only

# ---------------------------------------------------------------- install
# `make install` (PREFIX=/usr/local, DESTDIR= for packaging); the configuration goes to
# /etc/turno whatever the prefix, and an edited one is never overwritten.
BINDIR ?= $(PREFIX)/bin
DOCDIR ?= $(PREFIX)/share/doc/turno
SYSCONFDIR ?= /etc
UNITDIR ?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,/etc/systemd/system)
UNITS := $(patsubst systemd/%.in,%,$(wildcard systemd/*.service.in systemd/*.timer.in))
# Units with the paths of this installation filled in.
define unit_subst
	sed -e 's|@BINDIR@|$(2)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' -e 's|@DOCDIR@|$(DOCDIR)|g' \
		-e 's|@DATADIR@|$(DATADIR)|g' $(1)
endef

.PHONY: install uninstall install-user cross deps-cross
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(DOCDIR) \
		$(DESTDIR)$(SYSCONFDIR)/turno $(DESTDIR)$(UNITDIR)
	install -m 0755 $(PROGRAMS) $(DESTDIR)$(BINDIR)/
	install -m 0644 assets/fonts/* $(DESTDIR)$(DATADIR)/fonts/
	install -m 0644 config/turno.ini $(DESTDIR)$(DATADIR)/turno.ini.example
	install -m 0644 README.md LICENSE $(DESTDIR)$(DOCDIR)/
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/turno/turno.ini ]; then \
		echo "kept $(DESTDIR)$(SYSCONFDIR)/turno/turno.ini; the new example is $(DATADIR)/turno.ini.example"; \
	else \
		install -m 0644 config/turno.ini $(DESTDIR)$(SYSCONFDIR)/turno/turno.ini; \
	fi
	@for u in $(UNITS); do \
		$(call unit_subst,systemd/$$u.in,$(BINDIR)) >$(DESTDIR)$(UNITDIR)/$$u && chmod 0644 $(DESTDIR)$(UNITDIR)/$$u; \
	done
	@if [ -z "$(DESTDIR)" ] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then \
		systemctl daemon-reload; fi
	@echo "installed into $(DESTDIR)$(PREFIX); units in $(DESTDIR)$(UNITDIR): $(UNITS)"

uninstall:
	@for u in $(UNITS); do \
		if [ -z "$(DESTDIR)" ] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then \
			systemctl disable --now $$u 2>/dev/null || true; fi; \
		rm -f $(DESTDIR)$(UNITDIR)/$$u; \
	done
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(PROGRAMS)))
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)
	@echo "kept $(DESTDIR)$(SYSCONFDIR)/turno (your configuration) and /var/lib/turno (the database)"

# The system user the units run as, with the groups for GPIO, the display and touch
# (printing needs none: any local user may submit jobs to CUPS and cancel its own).
install-user:
	@id turno >/dev/null 2>&1 || useradd --system --home-dir /var/lib/turno --no-create-home \
		--shell /usr/sbin/nologin --comment "Turno kiosk" turno
	@for g in gpio video render input; do \
		if getent group $$g >/dev/null; then usermod -aG $$g turno; else echo "no group $$g here: skipped"; fi; \
	done
	@id turno

# ---------------------------------------------------------------- Raspberry Pi (arm64)
ARM64_DEBS := crossbuild-essential-arm64 qemu-user-static libc6:arm64 libsqlite3-dev:arm64 libinih-dev:arm64 \
	libcjson-dev:arm64 libsdl2-dev:arm64 libsdl2-ttf-dev:arm64 libgpiod-dev:arm64 libcairo2-dev:arm64 \
	libqrencode-dev:arm64 libsystemd-dev:arm64 libcurl4-openssl-dev:arm64 libcups2-dev:arm64 libcmocka-dev:arm64
deps-cross:
	@dpkg --print-foreign-architectures | grep -qx arm64 || { \
		if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
		echo "turno: adding the arm64 architecture to dpkg"; $$sudo dpkg --add-architecture arm64; }
	$(call install_debs,$(ARM64_DEBS))

# Builds everything for arm64 into build-arm64/ and runs the unit tests under qemu.
CROSS_SKIP ?= test-gpio-buttons test-printer
cross: deps-cross
	@PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig \
		$(MAKE) --no-print-directory O=build-arm64 CC=aarch64-linux-gnu-gcc AR=aarch64-linux-gnu-ar build-tests
	@# Tests whose worker threads wait on eventfds spin or hang under qemu-user 7.2
	@# (they pass natively, under ASan and under helgrind): they are listed in CROSS_SKIP
	@# and named in the output. A run that times out is tried once more, and says so.
	@fail=0; for t in build-arm64/tests/test-*; do \
		case " $(CROSS_SKIP) " in *" $$(basename $$t) "*) echo "skip $$t (threads under qemu-user)"; continue;; esac; \
		log=build-arm64/$$(basename $$t).log; \
		QEMU_LD_PREFIX=/usr/aarch64-linux-gnu timeout 300 qemu-aarch64-static $$t >$$log 2>&1; rc=$$?; \
		if [ $$rc -eq 124 ]; then echo "# $$t timed out under qemu: retrying"; \
			QEMU_LD_PREFIX=/usr/aarch64-linux-gnu timeout 300 qemu-aarch64-static $$t >$$log 2>&1; rc=$$?; fi; \
		if [ $$rc -eq 0 ]; then echo "ok   $$t (arm64, qemu)"; else echo "FAIL $$t (see $$log)"; fail=1; fi; \
	done; exit $$fail

# kill -9 rounds (tests/integration/crash.sh), then the long mixed fault run: kill -9,
# clock steps, lock holders, a full disk, a deleted -wal (tests/integration/crash-mixed.sh),
# N of each. Both end with their counts: acknowledged, stored, duplicated, lost.
N ?= 1000
crash-test: build-tests
	@O=$(O) ROUNDS=$(N) bash tests/integration/crash.sh
	@O=$(O) FAULTS=$(N) bash tests/integration/crash-mixed.sh

# ---------------------------------------------------------------- bench and long tests (README: "Measured speed")
.PHONY: power-loss soak fuzz fuzz-build fuzzers
# Every figure with its floor, the ratio, a table and bench/results.json (~3 minutes).
bench: build-tests
	@O=$(O) bash tests/bench/bench.sh

# libFuzzer harnesses (tests/fuzz/fuzz-*.c), built with clang, ASan and UBSan into
# build-fuzz; `make fuzz FUZZ_SECONDS=N` runs each for N seconds.
FUZZ_SECONDS ?= 60
FUZZ_O := build-fuzz
FUZZ_LIBS = $(O)/lib/libturno-sync.a $(O)/lib/libturno-print.a $(O)/lib/libturno-control.a $(O)/lib/libturno-core.a
FUZZERS = $(patsubst tests/fuzz/%.c,$(O)/fuzz/%,$(wildcard tests/fuzz/fuzz-*.c))
$(O)/fuzz/fuzz-%: tests/fuzz/fuzz-%.c $(FUZZ_LIBS)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  FUZZER  $@")
	$(Q)$(CC) $(TURNO_CFLAGS) -Itests/unit $(PKG_CFLAGS) $(CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< \
		-Wl,--start-group $(FUZZ_LIBS) -Wl,--end-group $(PKG_LIBS)
fuzzers: $(FUZZERS)
fuzz-build:
	@$(MAKE) --no-print-directory O=$(FUZZ_O) CC=clang SANITIZE=address,undefined \
		CFLAGS="-O1 -g -fsanitize=fuzzer-no-link" fuzzers
# A simulated month (30 days at 3600x: ~12 minutes) through the real kiosk, printing
# every ticket through a private cupsd; results also in bench/soak.json.
SOAK_DAYS ?= 30
SOAK_FACTOR ?= 3600
soak: build-tests
	@mkdir -p bench
	@O=$(O) SOAK_DAYS=$(SOAK_DAYS) SOAK_FACTOR=$(SOAK_FACTOR) SOAK_RATE=1 SOAK_PRINTER=cups SOAK_SANITIZE=0 \
		SOAK_START="2026-03-02 06:00" SOAK_KEEP=bench/soak.json bash tests/integration/soak.sh

fuzz: fuzz-build
	@O=$(O) FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/integration/fuzz.sh

power-loss: build-tests
	@O=$(O) POWERLOSS_ROUNDS=$(N) bash tests/integration/power-loss.sh

golden: build-tests
	@O=$(O) TURNO_GOLDEN_UPDATE=1 bash tests/run-all.sh --only golden

# ---------------------------------------------------------------- fuzzing (turno-sync)
# Builds the libFuzzer harness of turno-sync's reply parser (clang, ASan, UBSan). Run:
#   $(O)/tests/fuzz/fuzz-sync-reply -max_total_time=300 tests/fuzz/corpus-sync-reply
FUZZ_CC ?= clang
FUZZ_SYNC_SRCS := tests/fuzz/fuzz-sync-reply.c firmware/sync/protocol.c firmware/sync/backoff.c firmware/core/error.c
.PHONY: fuzz-sync
fuzz-sync: $(O)/tests/fuzz/fuzz-sync-reply
$(O)/tests/fuzz/fuzz-sync-reply: $(FUZZ_SYNC_SRCS) $(wildcard firmware/sync/*.h) firmware/core/error.h
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  FUZZ    $@")
	$(Q)$(FUZZ_CC) -std=c17 -D_GNU_SOURCE $(WARN) -Ifirmware -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all $(FUZZ_SYNC_SRCS) -o $@ $(shell pkg-config --cflags --libs libcjson libcurl) -lm

FORMATTED := $(wildcard firmware/*/*.c firmware/*/*.h tests/unit/*.c tests/unit/*.h tests/tools/*.c \
	tests/tools/preload/*.c tests/fuzz/*.c)
format:
	clang-format -i $(FORMATTED)

format-check:
	@# the file list is long: print only what is wrong
	@clang-format --dry-run --Werror $(FORMATTED)

clean:
	rm -rf build build-clang build-san build-clang-san build-arm64

-include $(shell find $(O) -path $(HW_CACHE) -prune -o -name '*.d' -type f -print 2>/dev/null)
