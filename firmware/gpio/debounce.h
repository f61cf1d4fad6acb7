/* Debouncing one push button: a pure state machine fed with edges (time, level) and
 * timer expiries, so one physical press is exactly one press even when the contacts
 * chatter. It never reads a clock, never sleeps and never touches a device: the caller
 * (the buttons thread, or a test) feeds it and asks when it next needs a timer.
 *
 * A level counts only once it has been stable for the debounce time. Then:
 *   - without long press: a press is reported as soon as it is confirmed;
 *   - with long press: a press shorter than long_press is reported at its release, a
 *     longer one as LONG_PRESS when it reaches long_press (nothing at its release);
 *   - a press lasting stuck_ms is reported STUCK and ignored until it is released,
 *     which is reported RELEASED_AFTER_STUCK.
 * A button already pressed when the machine starts is ignored until released (a line
 * held at boot must not call anybody), and reported STUCK if it stays held.
 *
 * Times are nanoseconds on one monotonic clock (the kernel's edge timestamps and
 * CLOCK_MONOTONIC). turno_debounce_new() returns an object to free with
 * turno_debounce_free(). */
#ifndef TURNO_DEBOUNCE_H
#define TURNO_DEBOUNCE_H

#include <stdbool.h>
#include <stdint.h>

#define TURNO_DEBOUNCE_NEVER INT64_MAX
/* At most this many outputs come out of one call. */
#define TURNO_DEBOUNCE_MAX_OUTPUTS 4

struct turno_debounce;

struct turno_debounce_config {
	int64_t debounce_ns;   /* a level must be stable this long */
	int64_t long_press_ns; /* 0 = no long press: a press is reported when confirmed */
	int64_t stuck_ns;      /* a press this long is a stuck line */
};

enum turno_debounce_kind {
	TURNO_DEBOUNCE_PRESS,      /* one press (the button's own action) */
	TURNO_DEBOUNCE_LONG_PRESS, /* held for long_press (only with long_press_ns > 0) */
	TURNO_DEBOUNCE_STUCK,      /* held for stuck_ns: ignored from now on until released */
	TURNO_DEBOUNCE_RELEASED_AFTER_STUCK,
};

struct turno_debounce_output {
	enum turno_debounce_kind kind;
	/* When the decisive change began: the first edge of the burst that pressed the
	 * button (PRESS without long press, LONG_PRESS, STUCK) or released it (PRESS with
	 * long press, RELEASED_AFTER_STUCK). */
	int64_t edge_ns;
};

/* NULL when out of memory or when the configuration is not positive. */
struct turno_debounce *turno_debounce_new(const struct turno_debounce_config *config, bool pressed_now,
                                          int64_t now_ns);
void turno_debounce_free(struct turno_debounce *debounce);

/* An edge at time t_ns after which the button reads pressed (true) or not.
 * Timers due at or before t_ns are processed first. Writes up to
 * TURNO_DEBOUNCE_MAX_OUTPUTS outputs and returns how many. */
int turno_debounce_edge(struct turno_debounce *debounce, int64_t t_ns, bool pressed,
                        struct turno_debounce_output out[TURNO_DEBOUNCE_MAX_OUTPUTS]);
/* Processes every timer due at or before now_ns. Returns how many outputs. */
int turno_debounce_timer(struct turno_debounce *debounce, int64_t now_ns,
                         struct turno_debounce_output out[TURNO_DEBOUNCE_MAX_OUTPUTS]);
/* When turno_debounce_timer() must next be called, or TURNO_DEBOUNCE_NEVER: when it
 * says NEVER the caller may sleep until the next edge. */
int64_t turno_debounce_deadline(const struct turno_debounce *debounce);
/* The debounced level: pressed (including stuck and ignored-held). */
bool turno_debounce_pressed(const struct turno_debounce *debounce);

const char *turno_debounce_kind_name(enum turno_debounce_kind kind);

#endif
