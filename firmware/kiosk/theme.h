/* The screen's colours, by role, and the contrast rule they must meet. Every piece of
 * text is drawn as a (foreground, background) pair of roles; the default theme keeps
 * each pair used at ≥ 7:1 (WCAG AAA), which tests/unit/test-theme.c checks. Pure. */
#ifndef TURNO_THEME_H
#define TURNO_THEME_H

#include <stdint.h>

enum turno_color {
	TURNO_COLOR_BACKGROUND, /* the canvas */
	TURNO_COLOR_TEXT,       /* text on the canvas */
	TURNO_COLOR_BAR,        /* header and bottom bar */
	TURNO_COLOR_BAR_TEXT,
	TURNO_COLOR_TILE, /* a service one can take a ticket for */
	TURNO_COLOR_TILE_TEXT,
	TURNO_COLOR_TILE_OFF, /* a service not available now */
	TURNO_COLOR_TILE_OFF_TEXT,
	TURNO_COLOR_BUTTON, /* priority toggle (off), language switch */
	TURNO_COLOR_BUTTON_TEXT,
	TURNO_COLOR_ACTIVE, /* priority toggle on, newest call, priority badge */
	TURNO_COLOR_ACTIVE_TEXT,
	TURNO_COLOR_WARNING, /* print failed, out of order, rate limit */
	TURNO_COLOR_WARNING_TEXT,
	TURNO_COLOR_BORDER,
	TURNO_COLOR_COUNT,
};

/* 0xRRGGBB of a role in the default theme. */
uint32_t turno_color_rgb(enum turno_color color);
/* The colour of text drawn on a fill (the only pairs the screen uses). */
enum turno_color turno_color_text_on(enum turno_color fill);
/* WCAG 2 contrast ratio of two 0xRRGGBB colours (1 … 21). */
double turno_contrast_ratio(uint32_t rgb_a, uint32_t rgb_b);

#endif
