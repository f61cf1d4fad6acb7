/* The output lines the display driver moves bits through: DIN, CLK, CS of a MAX7219
 * chain, plus an optional buzzer. Three backends behind one small interface:
 *   - libgpiod: the Pi's GPIO lines (turno_lines_open_gpiod);
 *   - recorder: keeps every transition with its time, for tests and benches; it can
 *     wrap another backend to record what really went to the hardware;
 *   - sim: emulates the MAX7219 chain and prints what the LEDs would show, for
 *     development without hardware, and tells the kiosk the digits it shows.
 * Every constructor returns an object to free with turno_lines_close(); a wrapping
 * recorder owns the backend it wraps. Nothing here logs: the sim prints to the FILE it
 * is given, which is its purpose. */
#ifndef TURNO_LINES_H
#define TURNO_LINES_H

#include "core/config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct turno_lines;

enum turno_line {
	TURNO_LINE_DIN,
	TURNO_LINE_CLK,
	TURNO_LINE_CS,
	TURNO_LINE_BUZZER,
};
#define TURNO_LINE_COUNT 4

/* Sets a line high (true) or low. Returns 0 or a negative errno. */
int turno_lines_set(struct turno_lines *lines, enum turno_line line, bool high);
/* The end of one display update: the sim prints what the chips show now (one line per
 * finished frame, not one per digit latch); other backends do nothing. */
void turno_lines_flush(struct turno_lines *lines);
/* Whether the backend drives this line (the buzzer is optional). */
bool turno_lines_has(const struct turno_lines *lines, enum turno_line line);
void turno_lines_close(struct turno_lines *lines);
const char *turno_line_name(enum turno_line line);

/* libgpiod: requests [display] din, clk, cs and [gpio] buzzer (if set) as outputs,
 * DIN/CLK/buzzer low and CS high. Returns 0 and *out, or a negative errno with err
 * naming the line and the likely fix. */
int turno_lines_open_gpiod(const struct turno_config *config, struct turno_lines **out, char *err,
                           size_t err_len);

/* The recorder. inner (may be NULL: record only) is owned from now on. now_ns is the
 * clock for the timestamps (NULL: CLOCK_MONOTONIC); user is passed to it. */
struct turno_line_event {
	int64_t t_ns;
	enum turno_line line;
	bool high;
};
struct turno_lines *turno_lines_new_recorder(struct turno_lines *inner, int64_t (*now_ns)(void *user),
                                             void *user);
/* The transitions recorded so far (borrowed; valid until the next set or close).
 * Only changes are recorded: setting a line to the level it has is not a transition. */
const struct turno_line_event *turno_lines_recorded(const struct turno_lines *recorder, size_t *count);
void turno_lines_recorder_clear(struct turno_lines *recorder);

/* The sim: an emulated chain of chips MAX7219s. When what they show changes it
 * prints one line to out (may be NULL: silent), e.g. "display: [A 042  3] [        ]". */
struct turno_lines *turno_lines_new_sim(int chips, FILE *out);
/* What chip (1…chips) shows now, 8 characters ('.' after a character with its decimal
 * point, '?' for a pattern that is no character), into text (at least 17 bytes).
 * Returns 0, or -EINVAL when lines is not a sim or chip is out of range. */
int turno_lines_sim_text(const struct turno_lines *sim, int chip, char *text, size_t text_len);
/* How many times the sim's buzzer went on. */
int turno_lines_sim_chimes(const struct turno_lines *sim);

int64_t turno_monotonic_ns(void);

#endif
