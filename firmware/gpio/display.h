/* The "now serving" display: a chain of MAX7219 8-digit modules ([display]) and the
 * optional chime ([gpio] buzzer), driven from the kiosk's main loop.
 *
 *   mode per_counter: module N shows the counter whose display_module is N, e.g.
 *                     "A 042  3" (service letter, number, counter);
 *   mode main:        module 1 shows the latest call, module 2 the one before, …
 * A new call (or a recall) is shown at once, then blinks blink_count times (250 ms off,
 * 250 ms on) and pulses the buzzer for buzzer_ms. Every refresh_seconds the whole chain
 * gets its configuration and digits again, because a glitch on the wires can leave a
 * chain blank or scrambled; nothing else wakes it: idle, it needs one timer per refresh.
 *
 * Single-threaded, never sleeps: the loop asks turno_display_deadline_ms() and calls
 * turno_display_on_timer() when it is due. Times are CLOCK_MONOTONIC milliseconds
 * (turno_clock_mono_ms of the system clock). The bits go through a turno_lines backend
 * (lines.h), which the display owns from turno_display_open() on.
 * Close with turno_display_close(). */
#ifndef TURNO_DISPLAY_H
#define TURNO_DISPLAY_H

#include "core/config.h"
#include "gpio/lines.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TURNO_DISPLAY_NEVER INT64_MAX
#define TURNO_DISPLAY_BLINK_MS 250
#define TURNO_DISPLAY_TEXT 20 /* a module's text: 8 characters, '.'s, NUL */

struct turno_display;

/* Takes lines (also on failure) and sends the whole configuration with blank digits
 * (per_counter: each configured counter's module shows "- ---  N"). Returns 0 and *out,
 * -EINVAL if the configuration asks for nothing (mode off and no buzzer), or the
 * lines' error. */
int turno_display_open(const struct turno_config *config, struct turno_lines *lines, int64_t now_ms,
                       struct turno_display **out);
/* What the kiosk calls: picks the lines by [gpio] backend (libgpiod: the configured
 * lines; sim: the emulated chain, printing to sim_out, which may be NULL) and opens the
 * display. Returns 0 with *out NULL when there is nothing to drive (backend none, or
 * mode off without buzzer); a negative errno with err naming the line and the fix. */
int turno_display_open_configured(const struct turno_config *config, FILE *sim_out, int64_t now_ms,
                                  struct turno_display **out, char *err, size_t err_len);
void turno_display_close(struct turno_display *display);

/* A ticket (label "A042") called (or recalled) at a counter: shown, blinked, chimed.
 * Returns 0, -ERANGE when the counter has no module in the chain (per_counter), or the
 * lines' error (the next refresh tries again). */
int turno_display_show_call(struct turno_display *display, int counter, const char *label, int64_t now_ms);
/* The counter serves nobody now (per_counter: its module shows "- ---  N";
 * main: nothing changes). */
int turno_display_clear_counter(struct turno_display *display, int counter, int64_t now_ms);

/* When turno_display_on_timer() is next needed (TURNO_DISPLAY_NEVER: never). */
int64_t turno_display_deadline_ms(const struct turno_display *display);
/* Runs blinking, buzzer and refresh work due at now_ms. Returns 0 or the lines' error. */
int turno_display_on_timer(struct turno_display *display, int64_t now_ms);
/* Forces a full re-send of configuration and digits now. */
int turno_display_refresh(struct turno_display *display, int64_t now_ms);

/* What module (1…modules) shows now, blink phase included, for the kiosk screen.
 * Returns 0 or -EINVAL. */
int turno_display_text(const struct turno_display *display, int module, char *text, size_t text_len);
int turno_display_modules(const struct turno_display *display);
/* The backend, borrowed (e.g. for turno_lines_sim_text or a recorder's events). */
struct turno_lines *turno_display_lines(struct turno_display *display);

#endif
