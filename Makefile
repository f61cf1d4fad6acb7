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
	xdotool x11-apps valgrind python3 poppler-utils procps
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
PKGS := sqlite3 inih libcjson sdl2 SDL2_ttf libgpiod cairo libqrencode libsystemd libcurl
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wswitch-enum -Wformat=2 -Wpointer-arith -Wundef -Wvla -Wno-unused-parameter
CFLAGS ?= -O2 -g
TURNO_CFLAGS := -std=c17 -D_GNU_SOURCE $(WARN) -Ifirmware -MMD -MP \
	-DTURNO_DATADIR='"$(PREFIX)/share/turno"'
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

.PHONY: all deps deps-test run run-headless test unit build-tests crash-test golden bench clean format format-check
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

# ---------------------------------------------------------------- the two commands
deps:
	$(call install_debs,$(BUILD_DEBS))

deps-test: deps
	$(call install_debs,$(TEST_DEBS))

# Opens the kiosk with the example configuration; state goes to $(O)/run so that
# nothing outside the checkout is touched.
run: deps
	@$(MAKE) --no-print-directory all
	@O=$(O) CONFIG=$(CONFIG) sh tests/run-kiosk.sh $(RUN_ARGS)

run-headless:
	@$(MAKE) --no-print-directory run RUN_ARGS=--headless

build-tests: $(PROGRAMS) $(UNIT_TESTS) $(TEST_TOOLS)

test: deps-test
	@$(MAKE) --no-print-directory build-tests
	@O=$(O) CC=$(CC) bash tests/run-all.sh

unit: build-tests
	@O=$(O) bash tests/run-all.sh --unit-only

N ?= 1000
crash-test: build-tests
	@O=$(O) ROUNDS=$(N) bash tests/integration/crash.sh

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

format:
	clang-format -i $(wildcard firmware/*/*.c firmware/*/*.h tests/unit/*.c tests/tools/*.c)

format-check:
	clang-format --dry-run --Werror $(wildcard firmware/*/*.c firmware/*/*.h tests/unit/*.c tests/tools/*.c)

clean:
	rm -rf build build-clang build-san build-clang-san

-include $(shell find $(O) -name '*.d' 2>/dev/null)
