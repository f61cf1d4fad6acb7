/* Finding and requesting one GPIO line from a configuration value, with libgpiod 1.6
 * (the v1 API), and errors a person can act on: which key, which line, what to do
 * (gpiodetect / gpioinfo to find chips and names, group gpio for permissions, who holds
 * a busy line).
 *
 * A line is written "gpiochip0:17" (chip name, path, number or label, then the offset)
 * or by its name, "GPIO17" (as gpioinfo lists it; the first line with that name wins).
 *
 * A requested line holds its own open chip: free it with turno_gpioline_close(). */
#ifndef TURNO_GPIOLINE_H
#define TURNO_GPIOLINE_H

#include <stdbool.h>
#include <stddef.h>

struct gpiod_line;

enum turno_gpioline_mode {
	TURNO_GPIOLINE_OUTPUT, /* initial value from the call */
	TURNO_GPIOLINE_EDGES,  /* input with both-edge events */
};

struct turno_gpioline_request {
	const char *spec; /* "gpiochip0:17" or "GPIO17" */
	const char *what; /* for messages: "[counter.1] next_button" */
	enum turno_gpioline_mode mode;
	int flags;         /* GPIOD_LINE_REQUEST_FLAG_* (bias) */
	int initial_value; /* outputs */
};

/* Returns 0 and *out (requested), or a negative errno with err saying what is wrong
 * and how to fix it: -ENOENT (no such chip / name), -EINVAL (offset out of range, bad
 * spelling), -EBUSY (used by someone else), -EACCES/-EPERM (permissions). */
int turno_gpioline_request(const struct turno_gpioline_request *request, struct gpiod_line **out, char *err,
                           size_t err_len);
/* Releases the line and closes its chip. NULL is fine. */
void turno_gpioline_close(struct gpiod_line *line);

#endif
