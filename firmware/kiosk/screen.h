/* The touchscreen: what citizens see and tap. A module of the kiosk's loop
 * (struct turno_kiosk_module): it never spins and never sleeps on its own. Input wakes
 * the loop through a file descriptor (the X connection, or the evdev devices under
 * KMSDRM); the screen is redrawn once, before the loop sleeps, and only when something
 * changed. Every ticket goes through turno_kiosk_issue(), like turno-ctl's.
 *
 * SDL stays on the main thread. Program-level code: it logs. */
#ifndef TURNO_SCREEN_H
#define TURNO_SCREEN_H

#include "kiosk/kiosk.h"
#include "kiosk/layout.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct turno_screen;

struct turno_screen_options {
	bool demo_keys; /* F1…F4 call at counter 1…4, Shift+F recalls, Ctrl+F no-show; a help line */
	/* When set, those keys go here instead (e.g. the simulated GPIO buttons, so they
	 * take the buttons' path): number 1…12, returns 0 or a negative error. */
	int (*function_key)(void *user, int number, bool shift, bool ctrl);
	void *function_key_user;
};

/* Initialises SDL video, opens the window ([ui] width, height, rotation, fullscreen) and
 * the fonts. Returns 0 and *out, or a negative error with a sentence in err (the kiosk
 * then goes on headless). Free with turno_screen_free() unless handed to the kiosk. */
int turno_screen_open(struct turno_kiosk *kiosk, const struct turno_screen_options *options,
                      struct turno_screen **out, char *err, size_t err_len);
void turno_screen_free(struct turno_screen *screen);

/* The module to register with turno_kiosk_add_module(); its free hook frees the
 * screen, so after registering the kiosk owns it. */
void turno_screen_module(struct turno_screen *screen, struct turno_kiosk_module *out);

/* For tests and tools. */
enum turno_ui_page turno_screen_page(const struct turno_screen *screen);
const struct turno_ui_scene *turno_screen_scene(const struct turno_screen *screen);
/* Window size (the panel, after rotation). */
void turno_screen_size(const struct turno_screen *screen, int *width, int *height);
/* Window coordinates of the centre of a tap target on the current scene (-ENOENT). */
int turno_screen_target(const struct turno_screen *screen, enum turno_ui_action action, int index, int *x,
                        int *y);
/* Copies the last frame as width × height 0xAARRGGBB pixels. Returns 0 or -EIO. */
int turno_screen_read_pixels(struct turno_screen *screen, uint32_t *argb);
/* Frames drawn so far (each is one full redraw). */
uint64_t turno_screen_frames(const struct turno_screen *screen);

#endif
