/* Where everything goes on the kiosk's screen: a model (the words and numbers to
 * show, already translated) becomes a scene (filled boxes, fitted text, tap targets)
 * for a canvas of any size. Pure: text is measured through a callback (the real one is
 * SDL_ttf, tests may fake it), nothing is drawn here.
 *
 * The rule it keeps: every text lies inside the box it is drawn on and never overlaps
 * another; long text wraps, then shrinks down to a minimum size, and only then is cut
 * with an ellipsis (reported in turno_ui_text.ellipsized). */
#ifndef TURNO_LAYOUT_H
#define TURNO_LAYOUT_H

#include "kiosk/theme.h"

#include <stdbool.h>

#define TURNO_UI_MAX_LINES 4
#define TURNO_UI_LINE 160
#define TURNO_UI_MAX_TILES 26
#define TURNO_UI_MAX_CALLS 8
#define TURNO_UI_MAX_ROWS 10
#define TURNO_UI_MAX_BOXES 96
#define TURNO_UI_MAX_TEXTS 160

struct turno_rect {
	int x, y, w, h;
};

/* Width and line height (the distance between baselines) of one line of UTF-8 text at
 * a pixel size. Returns 0 or a negative error. */
struct turno_measure {
	int (*line)(void *user, int px, bool bold, const char *text, int *w, int *h);
	void *user;
};

enum turno_align { TURNO_ALIGN_LEFT, TURNO_ALIGN_CENTER, TURNO_ALIGN_RIGHT };

struct turno_ui_text {
	struct turno_rect rect;  /* the lines' extent: inside bound */
	struct turno_rect bound; /* the space it was given */
	int box;                 /* index of the box it is drawn on, -1 = the canvas */
	char lines[TURNO_UI_MAX_LINES][TURNO_UI_LINE];
	int line_count;
	int px;     /* font size in pixels */
	int line_h; /* distance between lines */
	bool bold;
	bool ellipsized; /* did not fit even at the minimum size: cut with "…" */
	enum turno_align align;
	enum turno_color fg, bg;
};

enum turno_ui_action {
	TURNO_UI_NONE,
	TURNO_UI_SERVICE, /* index: the tile's position in the model */
	TURNO_UI_PRIORITY,
	TURNO_UI_LANGUAGE,
	TURNO_UI_DISMISS, /* anywhere on the ticket screen */
};

struct turno_ui_box {
	struct turno_rect rect;
	enum turno_color fill;
	bool border;
	enum turno_ui_action action;
	int index;
};

struct turno_ui_scene {
	int width, height;
	struct turno_ui_box boxes[TURNO_UI_MAX_BOXES];
	int box_count;
	struct turno_ui_text texts[TURNO_UI_MAX_TEXTS];
	int text_count;
};

enum turno_ui_page { TURNO_PAGE_HOME, TURNO_PAGE_TICKET, TURNO_PAGE_CLOSED, TURNO_PAGE_OUT_OF_ORDER };

struct turno_ui_tile {
	char name[TURNO_UI_LINE];
	char description[TURNO_UI_LINE];
	char waiting[TURNO_UI_LINE];  /* "3 persone in attesa" */
	char estimate[TURNO_UI_LINE]; /* "Attesa circa 24 min" */
	bool available;
	char reason[TURNO_UI_LINE]; /* when not available */
};

struct turno_ui_call {
	char label[8];
	char where[TURNO_UI_LINE];
};

struct turno_ui_row {
	char left[TURNO_UI_LINE], right[TURNO_UI_LINE];
};

/* Everything the screen shows, already in the chosen language. */
struct turno_ui_model {
	enum turno_ui_page page;
	/* header (home, closed, out of order) */
	char office[TURNO_UI_LINE];
	char date[TURNO_UI_LINE];
	char time[16];
	char language[32]; /* the switch's label */
	/* The printer cannot print (home only): shown in the header, white on red, in place
	 * of the office's name and the clock; "" = none. */
	char printer_notice[TURNO_UI_LINE];
	/* home */
	char choose[TURNO_UI_LINE];
	struct turno_ui_tile tiles[TURNO_UI_MAX_TILES];
	int tile_count;
	bool priority_on;
	char priority[TURNO_UI_LINE], priority_hint[TURNO_UI_LINE];
	char serving[TURNO_UI_LINE];
	struct turno_ui_call calls[TURNO_UI_MAX_CALLS]; /* newest first; the first is highlighted */
	int call_count;
	char no_calls[TURNO_UI_LINE];
	char notice[TURNO_UI_LINE]; /* a passing message (rate limit), "" = none */
	char help[TURNO_UI_LINE];   /* the demo's keyboard help, "" = none */
	/* ticket */
	char ticket_intro[TURNO_UI_LINE];
	char ticket_label[8];
	char ticket_service[TURNO_UI_LINE];
	char ticket_priority[TURNO_UI_LINE]; /* "" when not priority */
	char ticket_ahead[TURNO_UI_LINE];
	char ticket_wait[TURNO_UI_LINE];
	char ticket_print[TURNO_UI_LINE];
	bool ticket_print_failed; /* no paper ticket to take (print failed, printer down): a warning */
	char ticket_close[TURNO_UI_LINE];
	/* closed, out of order */
	char title[TURNO_UI_LINE];
	char message[TURNO_UI_LINE];
	char advice[TURNO_UI_LINE];
	char table_title[TURNO_UI_LINE];
	struct turno_ui_row rows[TURNO_UI_MAX_ROWS];
	int row_count;
};

/* Lays the model out on a width × height canvas. Returns 0, or a negative error from
 * the measure callback. */
int turno_layout_scene(const struct turno_ui_model *model, int width, int height,
                       const struct turno_measure *m, struct turno_ui_scene *out);

/* Fits text into bound: wraps at spaces (and at '\n'), shrinks from px_max down to
 * px_min, and at px_min cuts the last line with "…". Lines are placed vertically
 * centred. Returns 0 (fits), 1 (ellipsized) or a negative error. */
int turno_layout_fit(const struct turno_measure *m, const char *text, struct turno_rect bound, int px_max,
                     int px_min, int max_lines, bool bold, enum turno_align align, struct turno_ui_text *out);

/* The topmost box with an action at (x, y) of the canvas, or NULL. */
const struct turno_ui_box *turno_scene_hit(const struct turno_ui_scene *scene, int x, int y);
/* The first box with this action (and index, for services), or NULL. */
const struct turno_ui_box *turno_scene_find(const struct turno_ui_scene *scene, enum turno_ui_action action,
                                            int index);

#endif
