/* The operators' buttons: per counter a "next" button and optional "recall" and
 * "no-show" buttons ([counter.N] next_button, recall_button, noshow_button).
 *
 * With [gpio] backend = libgpiod a hardware thread waits on the lines' edge-event fds
 * (kernel timestamps, no polling of values), debounces each line (debounce.h) and hands
 * what happened to the main loop through a queue and an eventfd; it sleeps in poll()
 * with the timeout its debouncers ask for, and is stopped through a stop pipe and joined
 * by turno_buttons_close(). With backend = sim (or none) there is no thread; the kiosk
 * feeds keyboard presses with turno_buttons_sim_key(), which take the same path.
 *
 * Mapping: a press of next is NEXT, of recall RECALL, of no-show NOSHOW. When a counter
 * has no recall button, holding next for [gpio] long_press_ms is RECALL (and next then
 * acts on release); a line held for stuck_ms is reported and ignored until released.
 *
 * Main-thread side: poll turno_buttons_fd() for POLLIN, then call
 * turno_buttons_next_event() until it returns false; for each ACTION call
 * turno_queue_call_next / _recall / _noshow for event.counter.
 * turno_buttons_open() returns an object to close with turno_buttons_close(). */
#ifndef TURNO_BUTTONS_H
#define TURNO_BUTTONS_H

#include "core/config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct turno_buttons;

enum turno_button_action {
	TURNO_BUTTON_NEXT,
	TURNO_BUTTON_RECALL,
	TURNO_BUTTON_NOSHOW,
};

enum turno_button_event_kind {
	TURNO_BUTTON_ACTION,   /* do action at counter */
	TURNO_BUTTON_STUCK,    /* line held too long: ignored until released */
	TURNO_BUTTON_RELEASED, /* a stuck line was released: it works again */
	TURNO_BUTTON_FAILED,   /* reading the line failed (error): it is not watched any more;
	                        * counter 0 means the thread itself stopped */
};

struct turno_button_event {
	enum turno_button_event_kind kind;
	enum turno_button_action action; /* which button: the action, or the button that is stuck/failed */
	int counter;
	int64_t edge_ns; /* kernel CLOCK_MONOTONIC timestamp of the deciding edge (sim: when fed) */
	int error;       /* FAILED: negative errno */
	char line[64];   /* the configured line, e.g. "GPIO17", for messages */
};

/* Opens the configured buttons. backend none or sim: no hardware is touched. libgpiod:
 * requests every configured line (input, both edges, [gpio] bias) and starts the
 * thread. A line that cannot be had (busy, no such chip or name, no permission) does
 * not take the other counters' buttons with it: every line is tried, and err gets one
 * line of text per line that failed ('\n' between them, as much as fits), each naming
 * the key, the line and the fix (e.g. "add the user to group gpio"); err is "" when
 * nothing failed.
 * Returns 0 and *out when at least one line opened or none is configured (the failed
 * lines are simply not watched). When every configured line failed, returns the first
 * one's negative errno and *out is NULL: the caller runs without buttons. */
int turno_buttons_open(const struct turno_config *config, struct turno_buttons **out, char *err,
                       size_t err_len);
/* Stops and joins the thread, releases the lines. NULL is fine. */
void turno_buttons_close(struct turno_buttons *buttons);

/* Readable (POLLIN) while events wait. Owned by buttons. */
int turno_buttons_fd(const struct turno_buttons *buttons);
/* Pops the oldest event into *out; false when there is none (the fd is drained then). */
bool turno_buttons_next_event(struct turno_buttons *buttons, struct turno_button_event *out);
/* How many lines are watched (0 with sim/none). */
int turno_buttons_line_count(const struct turno_buttons *buttons);

/* Keyboard in development (any backend): function key F<n> is NEXT at counter n;
 * with shift RECALL, with ctrl NOSHOW. Returns 0, or -ENOENT for no such counter. */
int turno_buttons_sim_key(struct turno_buttons *buttons, int function_key, bool shift, bool ctrl);

const char *turno_button_action_name(enum turno_button_action action);

/* The edge of the hardware: how a button line is requested and read. turno_buttons_open()
 * uses libgpiod (gpio/gpioline.h); tests pass a fake to turno_buttons_open_with() and
 * feed edges without a GPIO chip. */
struct turno_gpioline_request;
struct turno_button_edge {
	int64_t t_ns; /* CLOCK_MONOTONIC, as the kernel stamps edges */
	bool high;
};
struct turno_button_line_ops {
	/* Requests request->spec as an input with both-edge events. Returns 0 with *handle,
	 * *fd (POLLIN while edges wait) and *high (the level now), or a negative errno with
	 * err saying what is wrong and how to fix it. */
	int (*request)(void *user, const struct turno_gpioline_request *request, void **handle, int *fd,
	               bool *high, char *err, size_t err_len);
	/* Reads up to max waiting edges, oldest first: how many, or a negative errno
	 * (-EAGAIN: none after all). Called from the buttons' thread. */
	int (*read)(void *user, void *handle, struct turno_button_edge *edges, int max);
	void (*release)(void *user, void *handle);
	void *user;
};
/* turno_buttons_open() through ops (copied; user must outlive the buttons) instead of
 * libgpiod, for backend libgpiod. */
int turno_buttons_open_with(const struct turno_config *config, const struct turno_button_line_ops *ops,
                            struct turno_buttons **out, char *err, size_t err_len);

#endif
