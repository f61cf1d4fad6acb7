/* The kiosk's layout. Sizes are in units of a 480-pixel short side (the official 7"
 * panel), so the same proportions hold from 800×480 to 1920×1080, in landscape and in
 * portrait. Nothing is drawn or measured here except through the measure callback. */
#include "kiosk/layout.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define ELLIPSIS "…"

struct ctx {
	const struct turno_measure *m;
	struct turno_ui_scene *scene;
	double u;
	int error;
};

static int S(const struct ctx *c, double v)
{
	return (int)lround(v * c->u);
}

static int measure(const struct turno_measure *m, int px, bool bold, const char *text, int *w, int *h)
{
	int lw = 0, lh = 0;
	int rc = m->line(m->user, px, bold, text[0] ? text : " ", &lw, &lh);
	if (w)
		*w = text[0] ? lw : 0;
	if (h)
		*h = lh;
	return rc;
}

/* ------------------------------------------------------------------ fitting */

struct wrap {
	char lines[16][TURNO_UI_LINE];
	int count;
};

static bool push_line(struct wrap *w, const char *text, size_t len)
{
	if (w->count == 16)
		return false;
	if (len >= TURNO_UI_LINE)
		len = TURNO_UI_LINE - 1;
	memcpy(w->lines[w->count], text, len);
	w->lines[w->count][len] = '\0';
	w->count++;
	return true;
}

static size_t utf8_next(const char *s, size_t i)
{
	i++;
	while (s[i] && ((unsigned char)s[i] & 0xC0) == 0x80)
		i++;
	return i;
}

/* Greedy wrapping at px. force: words wider than the line are broken between
 * characters instead of failing. Returns 1 when a word does not fit (not forced). */
static int wrap_text(const struct turno_measure *m, const char *text, int px, bool bold, int width,
                     bool force, struct wrap *out)
{
	char line[TURNO_UI_LINE * 2];
	size_t line_len = 0;
	out->count = 0;
	const char *p = text;
	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p || *p == '\n') {
			if (line_len || *p == '\n')
				push_line(out, line, line_len);
			line_len = 0;
			if (!*p)
				break;
			p++;
			continue;
		}
		size_t word_len = strcspn(p, " \n");
		char trial[TURNO_UI_LINE * 2];
		int n = snprintf(trial, sizeof(trial), "%.*s%s%.*s", (int)line_len, line, line_len ? " " : "",
		                 (int)word_len, p);
		if (n < 0 || (size_t)n >= sizeof(trial))
			n = (int)sizeof(trial) - 1;
		int w = 0;
		int rc = measure(m, px, bold, trial, &w, NULL);
		if (rc < 0)
			return rc;
		if (w <= width && (size_t)n < TURNO_UI_LINE) {
			memcpy(line, trial, (size_t)n + 1);
			line_len = (size_t)n;
			p += word_len;
			continue;
		}
		if (line_len) { /* the word goes on the next line */
			push_line(out, line, line_len);
			line_len = 0;
			continue;
		}
		if (!force)
			return 1;
		/* A single word wider than the line: as many characters as fit. */
		size_t take = utf8_next(p, 0);
		while (take < word_len) {
			size_t next = utf8_next(p, take);
			char part[TURNO_UI_LINE];
			snprintf(part, sizeof(part), "%.*s", (int)next, p);
			rc = measure(m, px, bold, part, &w, NULL);
			if (rc < 0)
				return rc;
			if (w > width)
				break;
			take = next;
		}
		push_line(out, p, take);
		p += take;
	}
	return 0;
}

/* Cuts line so that line + "…" fits width. */
static int ellipsize(const struct turno_measure *m, int px, bool bold, int width, char *line)
{
	char trial[TURNO_UI_LINE + 8];
	size_t len = strlen(line);
	for (;;) {
		while (len && line[len - 1] == ' ')
			len--;
		snprintf(trial, sizeof(trial), "%.*s%s", (int)len, line, ELLIPSIS);
		int w = 0;
		int rc = measure(m, px, bold, trial, &w, NULL);
		if (rc < 0)
			return rc;
		if (w <= width || len == 0)
			break;
		do
			len--;
		while (len && ((unsigned char)line[len] & 0xC0) == 0x80);
	}
	size_t n = strlen(trial);
	if (n >= TURNO_UI_LINE)
		n = TURNO_UI_LINE - 1;
	memcpy(line, trial, n);
	line[n] = '\0';
	return 0;
}

static void place(struct turno_ui_text *t, const struct turno_measure *m, struct turno_rect bound,
                  enum turno_align align)
{
	int widest = 0;
	for (int i = 0; i < t->line_count; i++) {
		int w = 0;
		measure(m, t->px, t->bold, t->lines[i], &w, NULL);
		if (w > widest)
			widest = w;
	}
	int height = t->line_count * t->line_h;
	t->rect.w = widest;
	t->rect.h = height;
	t->rect.y = bound.y + (bound.h - height) / 2;
	switch (align) {
	case TURNO_ALIGN_LEFT:
		t->rect.x = bound.x;
		break;
	case TURNO_ALIGN_CENTER:
		t->rect.x = bound.x + (bound.w - widest) / 2;
		break;
	case TURNO_ALIGN_RIGHT:
		t->rect.x = bound.x + bound.w - widest;
		break;
	}
}

int turno_layout_fit(const struct turno_measure *m, const char *text, struct turno_rect bound, int px_max,
                     int px_min, int max_lines, bool bold, enum turno_align align, struct turno_ui_text *out)
{
	struct wrap w;
	if (px_min < 1)
		px_min = 1;
	if (px_max < px_min)
		px_max = px_min;
	if (max_lines > TURNO_UI_MAX_LINES)
		max_lines = TURNO_UI_MAX_LINES;
	if (max_lines < 1)
		max_lines = 1;
	memset(out, 0, sizeof(*out));
	out->bound = bound;
	out->bold = bold;
	out->align = align;
	for (int px = px_max;; px = px * 15 / 16 < px_min ? px_min : px * 15 / 16) {
		int line_h = 0;
		int rc = measure(m, px, bold, "Ag", NULL, &line_h);
		if (rc < 0)
			return rc;
		rc = wrap_text(m, text, px, bold, bound.w, false, &w);
		if (rc < 0)
			return rc;
		if (rc == 0 && w.count <= max_lines && w.count * line_h <= bound.h) {
			out->px = px;
			out->line_h = line_h;
			out->line_count = w.count;
			for (int i = 0; i < w.count; i++)
				memcpy(out->lines[i], w.lines[i], TURNO_UI_LINE);
			place(out, m, bound, align);
			return 0;
		}
		if (px == px_min)
			break;
	}
	/* Even the smallest size does not fit: as many lines as there is room for, the
	 * last one cut with an ellipsis. */
	int line_h = 0;
	int rc = measure(m, px_min, bold, "Ag", NULL, &line_h);
	if (rc < 0)
		return rc;
	rc = wrap_text(m, text, px_min, bold, bound.w, true, &w);
	if (rc < 0)
		return rc;
	int room = line_h > 0 ? bound.h / line_h : 1;
	if (room < 1)
		room = 1;
	if (room > max_lines)
		room = max_lines;
	out->px = px_min;
	out->line_h = line_h;
	out->line_count = w.count < room ? w.count : room;
	for (int i = 0; i < out->line_count; i++)
		memcpy(out->lines[i], w.lines[i], TURNO_UI_LINE);
	if (w.count > room) {
		rc = ellipsize(m, px_min, bold, bound.w, out->lines[room - 1]);
		if (rc < 0)
			return rc;
	}
	out->ellipsized = w.count > room;
	place(out, m, bound, align);
	return out->ellipsized ? 1 : 0;
}

/* ------------------------------------------------------------------ scene building */

static int add_box(struct ctx *c, struct turno_rect r, enum turno_color fill, bool border,
                   enum turno_ui_action action, int index)
{
	struct turno_ui_scene *s = c->scene;
	if (s->box_count == TURNO_UI_MAX_BOXES)
		return -1;
	s->boxes[s->box_count] = (struct turno_ui_box){r, fill, border, action, index};
	return s->box_count++;
}

struct text_spec {
	int px_max, px_min, max_lines;
	bool bold;
	enum turno_align align;
};

/* Fits and adds a text on box (-1 = canvas). Returns its index, -1 when empty or full;
 * errors are kept in c->error. */
static int add_text(struct ctx *c, const char *text, struct turno_rect bound, int box, struct text_spec spec)
{
	struct turno_ui_scene *s = c->scene;
	if (!text || !text[0] || s->text_count == TURNO_UI_MAX_TEXTS)
		return -1;
	struct turno_ui_text *t = &s->texts[s->text_count];
	int rc = turno_layout_fit(c->m, text, bound, spec.px_max, spec.px_min, spec.max_lines, spec.bold,
	                          spec.align, t);
	if (rc < 0) {
		c->error = rc;
		return -1;
	}
	enum turno_color fill = box >= 0 ? s->boxes[box].fill : TURNO_COLOR_BACKGROUND;
	t->box = box;
	t->bg = fill;
	t->fg = turno_color_text_on(fill);
	return s->text_count++;
}

static struct turno_rect inset(struct turno_rect r, int d)
{
	return (struct turno_rect){r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d};
}

/* Height a text would take, without adding it (for stacking). */
static int text_height(struct ctx *c, const char *text, int width, int max_height, struct text_spec spec,
                       bool *fits)
{
	struct turno_ui_text t;
	int rc = turno_layout_fit(c->m, text, (struct turno_rect){0, 0, width, max_height}, spec.px_max,
	                          spec.px_min, spec.max_lines, spec.bold, spec.align, &t);
	if (rc < 0) {
		c->error = rc;
		return 0;
	}
	if (fits)
		*fits = rc == 0;
	return t.rect.h;
}

static struct text_spec spec(const struct ctx *c, double px_max, double px_min, int lines, bool bold,
                             enum turno_align align)
{
	int hi = S(c, px_max), lo = S(c, px_min);
	if (lo < 24)
		lo = 24; /* body text is never smaller than 24 px */
	if (hi < lo)
		hi = lo;
	return (struct text_spec){hi, lo, lines, bold, align};
}

/* The bar at the top of home, closed and out of order: office, time, language. While the
 * printer cannot print, its notice (white on red) takes the office's place, the clock's
 * too when it needs the room, and only then makes the bar taller: the tiles below keep
 * as much room as they can. */
static int header(struct ctx *c, const struct turno_ui_model *mo, bool portrait)
{
	int W = c->scene->width;
	int pad = S(c, 8), gap = S(c, 16), inner = S(c, 6);
	int h = portrait ? S(c, 132) : S(c, 72);
	int office_h = portrait ? S(c, 64) : h; /* the office's row: all of the bar in landscape */
	int button_w = S(c, 150), button_h = S(c, 58), clock_w = S(c, 310);
	int lang_x = W - pad - button_w;
	bool show_clock = true;
	struct text_spec notice = spec(c, 30, 24, 4, true, TURNO_ALIGN_CENTER);
	struct turno_rect notice_r = {0, 0, 0, 0};
	if (mo->printer_notice[0]) {
		/* The office's place: in landscape left of the clock, in portrait the top row. */
		notice_r = (struct turno_rect){pad, pad / 2,
		                               portrait ? W - 2 * pad : lang_x - 2 * gap - clock_w - pad,
		                               office_h - pad};
		bool fits = false;
		text_height(c, mo->printer_notice, notice_r.w - 2 * inner, notice_r.h - 2 * inner, notice,
		            &fits);
		if (!fits) {
			/* The clock's place too: all of the bar left of the language switch. */
			struct turno_rect wide = {pad, pad / 2, lang_x - gap - pad, h - pad};
			text_height(c, mo->printer_notice, wide.w - 2 * inner, wide.h - 2 * inner, notice,
			            &fits);
			if (fits) {
				notice_r = wide;
				show_clock = false;
			}
		}
		if (!fits) {
			/* A taller bar: the office's row grows (in landscape without the clock). */
			if (!portrait) {
				notice_r.w = lang_x - gap - pad;
				show_clock = false;
			}
			struct text_spec smallest = spec(c, 24, 24, 4, true, TURNO_ALIGN_CENTER);
			int text_h = text_height(c, mo->printer_notice, notice_r.w - 2 * inner,
			                         c->scene->height / 2, smallest, NULL);
			int grown = text_h + pad + 2 * inner;
			h += grown - office_h;
			office_h = grown;
			notice_r.h = office_h - pad;
		}
	}
	int bar = add_box(c, (struct turno_rect){0, 0, W, h}, TURNO_COLOR_BAR, false, TURNO_UI_NONE, 0);
	int row_y = portrait ? office_h : 0, row_h = portrait ? h - office_h : h;
	struct turno_rect lang = {lang_x, row_y + (row_h - button_h) / 2, button_w, button_h};
	int lb = add_box(c, lang, TURNO_COLOR_BUTTON, true, TURNO_UI_LANGUAGE, 0);
	add_text(c, mo->language, inset(lang, S(c, 6)), lb, spec(c, 26, 24, 1, true, TURNO_ALIGN_CENTER));
	struct turno_rect clock = {lang.x - gap - clock_w, row_y + pad / 2, clock_w, row_h - pad};
	if (portrait)
		clock = (struct turno_rect){pad, row_y + pad / 2, lang.x - 2 * pad, row_h - pad};
	if (show_clock) {
		struct turno_rect time_r = {clock.x, clock.y, clock.w, clock.h / 2};
		struct turno_rect date_r = {clock.x, clock.y + clock.h / 2, clock.w, clock.h - clock.h / 2};
		enum turno_align clock_align = portrait ? TURNO_ALIGN_LEFT : TURNO_ALIGN_RIGHT;
		add_text(c, mo->time, time_r, bar, spec(c, 28, 24, 1, true, clock_align));
		add_text(c, mo->date, date_r, bar, spec(c, 24, 24, 1, false, clock_align));
	}
	if (mo->printer_notice[0]) {
		int nb = add_box(c, notice_r, TURNO_COLOR_WARNING, false, TURNO_UI_NONE, 0);
		add_text(c, mo->printer_notice, inset(notice_r, inner), nb, notice);
		return h;
	}
	struct turno_rect office = {pad * 2, pad / 2, clock.x - gap - pad * 2, h - pad};
	if (portrait)
		office = (struct turno_rect){pad * 2, pad / 2, W - 4 * pad, S(c, 64) - pad};
	add_text(c, mo->office, office, bar, spec(c, 30, 24, 2, true, TURNO_ALIGN_LEFT));
	return h;
}

/* How every tile is drawn, the same for all so that the grid looks even. */
struct tile_plan {
	int name_px;      /* names start at this size (and shrink only if they must) */
	bool description; /* every description fits whole */
};

/* One service tile: name on top, description if there is room, state at the bottom.
 * Reports in *fitted the name size used and whether its description fit. */
static void tile(struct ctx *c, const struct turno_ui_tile *t, int index, struct turno_rect r,
                 const struct tile_plan *plan, struct tile_plan *fitted)
{
	int box = add_box(c, r, t->available ? TURNO_COLOR_TILE : TURNO_COLOR_TILE_OFF, !t->available,
	                  t->available ? TURNO_UI_SERVICE : TURNO_UI_NONE, index);
	struct turno_rect in = {r.x + S(c, 10), r.y + S(c, 6), r.w - S(c, 20), r.h - S(c, 12)};
	int gap = S(c, 4);
	struct text_spec body = spec(c, 26, 24, 3, false, TURNO_ALIGN_LEFT);
	/* The bottom lines first: whether a ticket can be had and how long it takes. */
	struct text_spec state = spec(c, 26, 24, t->available ? 1 : 2, !t->available, TURNO_ALIGN_LEFT);
	const char *bottom[2] = {t->available ? t->waiting : t->reason, t->available ? t->estimate : ""};
	int bottom_y = in.y + in.h;
	for (int i = 1; i >= 0; i--) {
		if (!bottom[i][0])
			continue;
		int h = text_height(c, bottom[i], in.w, in.h / 2, state, NULL);
		bottom_y -= h;
		add_text(c, bottom[i], (struct turno_rect){in.x, bottom_y, in.w, h}, box, state);
	}
	int name_room = bottom_y - gap - in.y;
	struct text_spec name = spec(c, 32, 24, 3, true, TURNO_ALIGN_LEFT);
	if (plan->name_px && plan->name_px < name.px_max)
		name.px_max = plan->name_px < name.px_min ? name.px_min : plan->name_px;
	int name_h = text_height(c, t->name, in.w, name_room, name, NULL);
	int ti = add_text(c, t->name, (struct turno_rect){in.x, in.y, in.w, name_h}, box, name);
	if (ti >= 0 && c->scene->texts[ti].px < fitted->name_px)
		fitted->name_px = c->scene->texts[ti].px;
	int desc_room = bottom_y - gap - (in.y + name_h + gap);
	bool fits = false;
	if (desc_room > 0 && t->description[0]) {
		int h = text_height(c, t->description, in.w, desc_room, body, &fits);
		if (fits && plan->description)
			add_text(c, t->description, (struct turno_rect){in.x, in.y + name_h + gap, in.w, h},
			         box, body);
	}
	if (t->description[0] && !fits)
		fitted->description = false;
}

static void tiles(struct ctx *c, const struct turno_ui_model *mo, struct turno_rect area)
{
	int n = mo->tile_count, gap = S(c, 10);
	if (n <= 0)
		return;
	int best_cols = 1;
	double best = -1;
	for (int cols = 1; cols <= n; cols++) {
		int rows = (n + cols - 1) / cols;
		double tw = (area.w - (cols - 1) * gap) / (double)cols;
		double th = (area.h - (rows - 1) * gap) / (double)rows;
		double score = fmin(tw, th * 1.8) - (rows * cols - n) * 10 * c->u;
		if (score > best) {
			best = score;
			best_cols = cols;
		}
	}
	int cols = best_cols, rows = (n + cols - 1) / cols;
	int tw = (area.w - (cols - 1) * gap) / cols, th = (area.h - (rows - 1) * gap) / rows;
	/* Two passes: the first only measures (and is undone), the second lays out every
	 * tile with the smallest name size and descriptions only if all of them fit. */
	struct tile_plan plan = {0, true}, fitted = {S(c, 32), true};
	for (int pass = 0; pass < 2; pass++) {
		int boxes = c->scene->box_count, texts = c->scene->text_count;
		for (int i = 0; i < n; i++) {
			int row = i / cols, col = i % cols;
			/* The last row, when not full, is centred. */
			int in_row = row == rows - 1 ? n - row * cols : cols;
			int x0 = area.x + (area.w - (in_row * tw + (in_row - 1) * gap)) / 2;
			tile(c, &mo->tiles[i], i,
			     (struct turno_rect){x0 + col * (tw + gap), area.y + row * (th + gap), tw, th},
			     &plan, &fitted);
		}
		if (pass == 0) {
			c->scene->box_count = boxes;
			c->scene->text_count = texts;
			plan = fitted;
		}
	}
}

static void calls(struct ctx *c, const struct turno_ui_model *mo, struct turno_rect area, int bar)
{
	int gap = S(c, 8);
	struct turno_rect title = {area.x, area.y, S(c, 112), area.h};
	add_text(c, mo->serving, title, bar, spec(c, 24, 24, 2, false, TURNO_ALIGN_LEFT));
	int x = title.x + title.w + gap, chip_w = S(c, 146);
	if (mo->call_count == 0) {
		add_text(c, mo->no_calls, (struct turno_rect){x, area.y, area.x + area.w - x, area.h}, bar,
		         spec(c, 24, 24, 2, false, TURNO_ALIGN_LEFT));
		return;
	}
	for (int i = 0; i < mo->call_count && x + chip_w <= area.x + area.w; i++) {
		struct turno_rect r = {x, area.y, chip_w, area.h};
		int box = add_box(c, r, i == 0 ? TURNO_COLOR_ACTIVE : TURNO_COLOR_BUTTON, false,
		                  TURNO_UI_NONE, 0);
		struct turno_rect in = {r.x + S(c, 4), r.y + S(c, 1), r.w - S(c, 8), r.h - S(c, 2)};
		add_text(c, mo->calls[i].label, (struct turno_rect){in.x, in.y, in.w, in.h / 2}, box,
		         spec(c, 28, 24, 1, true, TURNO_ALIGN_CENTER));
		add_text(c, mo->calls[i].where,
		         (struct turno_rect){in.x, in.y + in.h / 2, in.w, in.h - in.h / 2}, box,
		         spec(c, 24, 24, 1, false, TURNO_ALIGN_CENTER));
		x += chip_w + gap;
	}
}

static void home(struct ctx *c, const struct turno_ui_model *mo)
{
	int W = c->scene->width, H = c->scene->height;
	bool portrait = H > W;
	int pad = S(c, 8);
	int top = header(c, mo, portrait);
	int help_h = 0;
	if (mo->help[0]) {
		help_h = S(c, 32);
		int hb = add_box(c, (struct turno_rect){0, H - help_h, W, help_h}, TURNO_COLOR_BACKGROUND,
		                 false, TURNO_UI_NONE, 0);
		add_text(c, mo->help, (struct turno_rect){pad, H - help_h, W - 2 * pad, help_h}, hb,
		         spec(c, 24, 24, 1, false, TURNO_ALIGN_CENTER));
	}
	/* Bottom bar: priority toggle and the numbers being served (stacked in portrait). */
	int row_h = S(c, 80);
	int bar_h = portrait ? 2 * row_h : row_h;
	int bar_y = H - help_h - bar_h;
	int bar =
	        add_box(c, (struct turno_rect){0, bar_y, W, bar_h}, TURNO_COLOR_BAR, false, TURNO_UI_NONE, 0);
	struct turno_rect toggle = {pad, bar_y + pad, S(c, 320), row_h - 2 * pad};
	struct turno_rect strip = {toggle.x + toggle.w + 2 * pad, bar_y + pad, W - toggle.w - 4 * pad,
	                           row_h - 2 * pad};
	if (portrait) {
		strip = (struct turno_rect){pad, bar_y + pad, W - 2 * pad, row_h - 2 * pad};
		toggle = (struct turno_rect){pad, bar_y + row_h + pad, W - 2 * pad, row_h - 2 * pad};
	}
	int tb = add_box(c, toggle, mo->priority_on ? TURNO_COLOR_ACTIVE : TURNO_COLOR_BUTTON, true,
	                 TURNO_UI_PRIORITY, 0);
	struct turno_rect tin = {toggle.x + S(c, 4), toggle.y + S(c, 1), toggle.w - S(c, 8),
	                         toggle.h - S(c, 2)};
	char toggle_text[TURNO_UI_LINE * 2 + 2];
	snprintf(toggle_text, sizeof(toggle_text), "%s\n%s", mo->priority, mo->priority_hint);
	add_text(c, toggle_text, tin, tb, spec(c, 26, 24, 2, true, TURNO_ALIGN_CENTER));
	if (mo->notice[0]) {
		int nb = add_box(c, strip, TURNO_COLOR_WARNING, false, TURNO_UI_NONE, 0);
		add_text(c, mo->notice, inset(strip, S(c, 4)), nb,
		         spec(c, 26, 24, 2, true, TURNO_ALIGN_CENTER));
	} else {
		calls(c, mo, strip, bar);
	}
	struct turno_rect area = {pad, top + pad, W - 2 * pad, bar_y - top - 2 * pad};
	int rows_if_two = (mo->tile_count + 1) / 2;
	if (portrait && mo->choose[0] && rows_if_two > 0 && (area.h - S(c, 72)) / rows_if_two >= S(c, 150)) {
		int h = S(c, 64);
		add_text(c, mo->choose, (struct turno_rect){area.x, area.y, area.w, h}, -1,
		         spec(c, 28, 24, 2, true, TURNO_ALIGN_CENTER));
		area.y += h + pad;
		area.h -= h + pad;
	}
	tiles(c, mo, area);
}

/* A column of centred texts, shrunk together until they fit the area. */
struct stack_item {
	const char *text;
	double px;
	bool bold;
	int max_lines;
	enum turno_color fill; /* TURNO_COLOR_BACKGROUND = no box of its own */
	const struct turno_ui_row *row;
};

#define BIG_PX 60 /* items larger than this (the ticket's number) shrink last */

static void stack(struct ctx *c, const struct stack_item *items, int n, struct turno_rect area, int on_box)
{
	int gap = S(c, 10);
	/* The ticket's number is what matters most: the other lines shrink first (down to
	 * two thirds), only then the number. */
	double scale = 1.0, big_scale = 1.0;
	int heights[24], total = 0;
	int row_w = area.w < S(c, 640) ? area.w : S(c, 640);
	for (int attempt = 0; attempt < 16; attempt++) {
		total = 0;
		for (int i = 0; i < n; i++) {
			int inner = items[i].fill != TURNO_COLOR_BACKGROUND ? S(c, 16) : 0;
			double k = items[i].px > BIG_PX ? big_scale : scale;
			struct text_spec sp = spec(c, items[i].px * k, 24, items[i].max_lines, items[i].bold,
			                           TURNO_ALIGN_CENTER);
			if (items[i].row) {
				/* A table row: the day on the left, its hours (maybe two lines) on the right.
				 */
				int left =
				        text_height(c, items[i].row->left, row_w * 2 / 5, area.h, sp, NULL);
				sp.max_lines = 2;
				int right = text_height(c, items[i].row->right, row_w - row_w * 2 / 5, area.h,
				                        sp, NULL);
				heights[i] = left > right ? left : right;
			} else {
				heights[i] =
				        text_height(c, items[i].text, area.w - 2 * inner, area.h, sp, NULL) +
				        2 * inner;
			}
			total += heights[i] + (i ? (items[i].row && items[i - 1].row ? 0 : gap) : 0);
		}
		if (total <= area.h)
			break;
		if (scale > 0.67)
			scale *= 0.9;
		else
			big_scale *= 0.9;
	}
	/* Still too tall at the smallest sizes: the last items (the least important: the
	 * end of a table) are left out rather than drawn over each other. */
	while (total > area.h && n > 1) {
		n--;
		total -= heights[n] + (items[n].row && items[n - 1].row ? 0 : gap);
	}
	int y = area.y + (area.h - total) / 2;
	if (y < area.y)
		y = area.y;
	for (int i = 0; i < n; i++) {
		if (i)
			y += items[i].row && items[i - 1].row ? 0 : gap;
		double k = items[i].px > BIG_PX ? big_scale : scale;
		struct text_spec sp =
		        spec(c, items[i].px * k, 24, items[i].max_lines, items[i].bold, TURNO_ALIGN_CENTER);
		struct turno_rect r = {area.x, y, area.w, heights[i]};
		if (items[i].row) {
			int x0 = area.x + (area.w - row_w) / 2;
			int left_w = row_w * 2 / 5;
			sp.align = TURNO_ALIGN_LEFT;
			add_text(c, items[i].row->left, (struct turno_rect){x0, y, left_w, heights[i]},
			         on_box, sp);
			sp.align = TURNO_ALIGN_RIGHT;
			sp.max_lines = 2;
			add_text(c, items[i].row->right,
			         (struct turno_rect){x0 + left_w, y, row_w - left_w, heights[i]}, on_box, sp);
		} else if (items[i].fill != TURNO_COLOR_BACKGROUND) {
			int box = add_box(c, r, items[i].fill, false, TURNO_UI_NONE, 0);
			add_text(c, items[i].text, inset(r, S(c, 16)), box, sp);
		} else {
			add_text(c, items[i].text, r, on_box, sp);
		}
		y += heights[i];
	}
}

static void ticket(struct ctx *c, const struct turno_ui_model *mo)
{
	int W = c->scene->width, H = c->scene->height;
	int all = add_box(c, (struct turno_rect){0, 0, W, H}, TURNO_COLOR_BACKGROUND, false, TURNO_UI_DISMISS,
	                  0);
	struct stack_item items[10];
	int n = 0;
	double huge = (H > W ? W * 0.30 : H * 0.28) / c->u;
	items[n++] = (struct stack_item){mo->ticket_intro, 36, false, 1, TURNO_COLOR_BACKGROUND, NULL};
	items[n++] = (struct stack_item){mo->ticket_label, huge, true, 1, TURNO_COLOR_BACKGROUND, NULL};
	items[n++] = (struct stack_item){mo->ticket_service, 34, true, 2, TURNO_COLOR_BACKGROUND, NULL};
	if (mo->ticket_priority[0])
		items[n++] = (struct stack_item){mo->ticket_priority, 28, true, 1, TURNO_COLOR_ACTIVE, NULL};
	items[n++] = (struct stack_item){mo->ticket_ahead, 28, false, 2, TURNO_COLOR_BACKGROUND, NULL};
	items[n++] = (struct stack_item){mo->ticket_wait, 28, false, 2, TURNO_COLOR_BACKGROUND, NULL};
	items[n++] =
	        (struct stack_item){mo->ticket_print,
	                            30,
	                            true,
	                            2,
	                            mo->ticket_print_failed ? TURNO_COLOR_WARNING : TURNO_COLOR_BACKGROUND,
	                            NULL};
	items[n++] = (struct stack_item){mo->ticket_close, 24, false, 2, TURNO_COLOR_BACKGROUND, NULL};
	int pad = S(c, 16);
	stack(c, items, n, (struct turno_rect){pad, pad, W - 2 * pad, H - 2 * pad}, all);
}

static void message_page(struct ctx *c, const struct turno_ui_model *mo, bool warning)
{
	int W = c->scene->width, H = c->scene->height;
	int top = header(c, mo, H > W);
	int pad = S(c, 16);
	struct turno_rect area = {pad, top + pad, W - 2 * pad, H - top - 2 * pad};
	int on = -1;
	if (warning)
		on = add_box(c, area, TURNO_COLOR_WARNING, false, TURNO_UI_NONE, 0);
	struct turno_rect in = warning ? inset(area, S(c, 16)) : area;
	struct stack_item items[4 + TURNO_UI_MAX_ROWS];
	int n = 0;
	items[n++] = (struct stack_item){mo->title, 40, true, 2, TURNO_COLOR_BACKGROUND, NULL};
	if (mo->message[0])
		items[n++] = (struct stack_item){mo->message, 32, warning, 2, TURNO_COLOR_BACKGROUND, NULL};
	if (mo->advice[0])
		items[n++] = (struct stack_item){mo->advice, 34, true, 2, TURNO_COLOR_BACKGROUND, NULL};
	if (mo->table_title[0])
		items[n++] = (struct stack_item){mo->table_title, 28, true, 1, TURNO_COLOR_BACKGROUND, NULL};
	for (int i = 0; i < mo->row_count && i < TURNO_UI_MAX_ROWS; i++)
		items[n++] = (struct stack_item){NULL, 26, false, 1, TURNO_COLOR_BACKGROUND, &mo->rows[i]};
	stack(c, items, n, in, on);
}

int turno_layout_scene(const struct turno_ui_model *mo, int width, int height, const struct turno_measure *m,
                       struct turno_ui_scene *out)
{
	memset(out, 0, sizeof(*out));
	out->width = width;
	out->height = height;
	/* Text grows with the screen, but less than the screen: a 1080p panel shows more
	 * (descriptions, more calls) rather than only bigger letters. It grows as far as both
	 * sides allow: a 4:3 monitor (800x600, 1024x768) is no wider than the 7" panel for its
	 * height, and text sized for its height alone would be cut. */
	double short_side = width < height ? width : height, long_side = width < height ? height : width;
	double grow = short_side / 480.0 < long_side / 800.0 ? short_side / 480.0 : long_side / 800.0;
	struct ctx c = {m, out, pow(grow, 0.75), 0};
	switch (mo->page) {
	case TURNO_PAGE_HOME:
		home(&c, mo);
		break;
	case TURNO_PAGE_TICKET:
		ticket(&c, mo);
		break;
	case TURNO_PAGE_CLOSED:
		message_page(&c, mo, false);
		break;
	case TURNO_PAGE_OUT_OF_ORDER:
		message_page(&c, mo, true);
		break;
	}
	return c.error;
}

static bool inside(struct turno_rect r, int x, int y)
{
	return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

const struct turno_ui_box *turno_scene_hit(const struct turno_ui_scene *s, int x, int y)
{
	for (int i = s->box_count - 1; i >= 0; i--)
		if (s->boxes[i].action != TURNO_UI_NONE && inside(s->boxes[i].rect, x, y))
			return &s->boxes[i];
	return NULL;
}

const struct turno_ui_box *turno_scene_find(const struct turno_ui_scene *s, enum turno_ui_action action,
                                            int index)
{
	for (int i = 0; i < s->box_count; i++)
		if (s->boxes[i].action == action &&
		    (action != TURNO_UI_SERVICE || s->boxes[i].index == index))
			return &s->boxes[i];
	return NULL;
}
