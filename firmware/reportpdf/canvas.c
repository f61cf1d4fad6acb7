/* Pages, wrapped text and tables on a cairo PDF surface. Black on white with greys only:
 * what prints the same on a black-and-white office printer. */
#include "reportpdf/canvas.h"

#include "report/findings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MARGIN_SIDE 56.0
#define MARGIN_TOP 62.0
#define MARGIN_BOTTOM 64.0
#define RUNNING_SIZE 7.5
#define MAX_COLUMNS 16

struct turno_canvas {
	cairo_t *cr;
	cairo_font_face_t *regular, *bold;
	char header[512], footer[512], page_label[64];
	int total_pages;
	int page;
	double y;
};

struct turno_canvas *turno_cv_new(cairo_t *cr, cairo_font_face_t *regular, cairo_font_face_t *bold,
                                  const char *header, const char *footer, const char *page_label,
                                  int total_pages)
{
	struct turno_canvas *cv = calloc(1, sizeof(*cv));
	if (!cv)
		return NULL;
	cv->cr = cr;
	cv->regular = regular;
	cv->bold = bold;
	snprintf(cv->header, sizeof(cv->header), "%s", header);
	snprintf(cv->footer, sizeof(cv->footer), "%s", footer);
	snprintf(cv->page_label, sizeof(cv->page_label), "%s", page_label);
	cv->total_pages = total_pages;
	cv->page = 1;
	cv->y = MARGIN_TOP;
	return cv;
}

void turno_cv_free(struct turno_canvas *cv)
{
	free(cv);
}

cairo_t *turno_cv_cr(struct turno_canvas *cv)
{
	return cv->cr;
}

double turno_cv_left(const struct turno_canvas *cv)
{
	(void)cv;
	return MARGIN_SIDE;
}

double turno_cv_width(const struct turno_canvas *cv)
{
	(void)cv;
	return TURNO_CV_A4_WIDTH - 2 * MARGIN_SIDE;
}

double turno_cv_y(const struct turno_canvas *cv)
{
	return cv->y;
}

void turno_cv_set_y(struct turno_canvas *cv, double y)
{
	cv->y = y;
}

double turno_cv_room(const struct turno_canvas *cv)
{
	return TURNO_CV_A4_HEIGHT - MARGIN_BOTTOM - cv->y;
}

int turno_cv_page(const struct turno_canvas *cv)
{
	return cv->page;
}

void turno_cv_font(struct turno_canvas *cv, bool bold, double size)
{
	cairo_set_font_face(cv->cr, bold ? cv->bold : cv->regular);
	cairo_set_font_size(cv->cr, size);
}

double turno_cv_text_width(struct turno_canvas *cv, const char *text)
{
	cairo_text_extents_t e;
	cairo_text_extents(cv->cr, text, &e);
	return e.x_advance;
}

void turno_cv_text(struct turno_canvas *cv, double x, double y, const char *text, enum turno_cv_align align)
{
	double w = align == TURNO_CV_LEFT ? 0 : turno_cv_text_width(cv, text);
	cairo_move_to(cv->cr, align == TURNO_CV_LEFT ? x : align == TURNO_CV_RIGHT ? x - w : x - w / 2, y);
	cairo_show_text(cv->cr, text);
}

void turno_cv_fill(struct turno_canvas *cv, double x, double y, double w, double h, double grey)
{
	cairo_set_source_rgb(cv->cr, grey, grey, grey);
	cairo_rectangle(cv->cr, x, y, w, h);
	cairo_fill(cv->cr);
	cairo_set_source_rgb(cv->cr, 0, 0, 0);
}

void turno_cv_line(struct turno_canvas *cv, double x0, double y0, double x1, double y1, double lw,
                   double grey)
{
	cairo_set_source_rgb(cv->cr, grey, grey, grey);
	cairo_set_line_width(cv->cr, lw);
	cairo_move_to(cv->cr, x0, y0);
	cairo_line_to(cv->cr, x1, y1);
	cairo_stroke(cv->cr);
	cairo_set_source_rgb(cv->cr, 0, 0, 0);
}

/* The running header (a title line and a rule) and the footer (a rule, the footer text
 * and the page number); nothing on the cover. */
static void draw_running(struct turno_canvas *cv)
{
	if (cv->page == 1)
		return;
	double left = MARGIN_SIDE, right = TURNO_CV_A4_WIDTH - MARGIN_SIDE;
	cairo_save(cv->cr);
	cairo_set_source_rgb(cv->cr, 0.25, 0.25, 0.25);
	turno_cv_font(cv, false, RUNNING_SIZE);
	turno_cv_text(cv, left, 36, cv->header, TURNO_CV_LEFT);
	turno_cv_line(cv, left, 42, right, 42, 0.5, 0.5);
	double foot = TURNO_CV_A4_HEIGHT - 36;
	turno_cv_line(cv, left, foot - 11, right, foot - 11, 0.5, 0.5);
	cairo_set_source_rgb(cv->cr, 0.25, 0.25, 0.25);
	turno_cv_text(cv, left, foot, cv->footer, TURNO_CV_LEFT);
	char page[32], total[32], label[128];
	snprintf(page, sizeof(page), "%d", cv->page);
	snprintf(total, sizeof(total), "%d", cv->total_pages > 0 ? cv->total_pages : cv->page);
	const char *args[] = {page, total};
	turno_fill(label, sizeof(label), cv->page_label, args, 2);
	turno_cv_text(cv, right, foot, label, TURNO_CV_RIGHT);
	cairo_restore(cv->cr);
}

void turno_cv_new_page(struct turno_canvas *cv)
{
	draw_running(cv);
	cairo_show_page(cv->cr);
	cv->page++;
	cv->y = MARGIN_TOP;
}

bool turno_cv_need(struct turno_canvas *cv, double height)
{
	if (turno_cv_room(cv) >= height)
		return false;
	turno_cv_new_page(cv);
	return true;
}

int turno_cv_finish(struct turno_canvas *cv)
{
	draw_running(cv);
	cairo_show_page(cv->cr);
	return cv->page;
}

/* The byte length of the next word (up to an ASCII space or the end). */
static size_t word_length(const char *p)
{
	size_t n = 0;
	while (p[n] && p[n] != ' ' && p[n] != '\n')
		n++;
	return n;
}

double turno_cv_wrap(struct turno_canvas *cv, double x, double y, double width, const char *text,
                     double line_height, enum turno_cv_align align, bool draw)
{
	cairo_font_extents_t fe;
	cairo_font_extents(cv->cr, &fe);
	/* Where a line is anchored for its alignment. */
	double anchor = align == TURNO_CV_RIGHT ? x + width : align == TURNO_CV_CENTER ? x + width / 2 : x;
	char line[1024];
	size_t len = 0;
	int lines = 0;
	const char *p = text;
	while (*p) {
		bool newline = false;
		while (*p == ' ')
			p++;
		size_t n = word_length(p);
		char candidate[1024];
		snprintf(candidate, sizeof(candidate), "%.*s%s%.*s", (int)len, line, len ? " " : "", (int)n,
		         p);
		/* A word wider than the line is drawn as it is: cutting a word helps nobody. */
		if (len && turno_cv_text_width(cv, candidate) > width) {
			if (draw)
				turno_cv_text(cv, anchor, y + lines * line_height + fe.ascent, line, align);
			lines++;
			snprintf(line, sizeof(line), "%.*s", (int)n, p);
			len = strlen(line);
		} else {
			snprintf(line, sizeof(line), "%s", candidate);
			len = strlen(line);
		}
		p += n;
		if (*p == '\n') {
			newline = true;
			p++;
		}
		if ((newline || !*p) && len) {
			if (draw)
				turno_cv_text(cv, anchor, y + lines * line_height + fe.ascent, line, align);
			lines++;
			len = 0;
			line[0] = '\0';
		}
	}
	return lines * line_height;
}

void turno_cv_paragraph(struct turno_canvas *cv, const char *text, bool bold, double size, double space_after)
{
	turno_cv_font(cv, bold, size);
	double lh = size * 1.4;
	double h = turno_cv_wrap(cv, MARGIN_SIDE, cv->y, turno_cv_width(cv), text, lh, TURNO_CV_LEFT, false);
	turno_cv_need(cv, h);
	turno_cv_font(cv, bold, size);
	turno_cv_wrap(cv, MARGIN_SIDE, cv->y, turno_cv_width(cv), text, lh, TURNO_CV_LEFT, true);
	cv->y += h + space_after;
}

void turno_cv_heading(struct turno_canvas *cv, const char *text, int level)
{
	double size = level == 1 ? 17 : 12.5;
	/* A heading never ends a page: keep room for a few lines under it. */
	turno_cv_need(cv, size * 1.5 + 60);
	if (level == 2)
		cv->y += 4;
	turno_cv_font(cv, true, size);
	double h = turno_cv_wrap(cv, MARGIN_SIDE, cv->y, turno_cv_width(cv), text, size * 1.25, TURNO_CV_LEFT,
	                         true);
	cv->y += h;
	if (level == 1) {
		turno_cv_line(cv, MARGIN_SIDE, cv->y + 3, TURNO_CV_A4_WIDTH - MARGIN_SIDE, cv->y + 3, 1.2, 0);
		cv->y += 14;
	} else {
		cv->y += 5;
	}
}

/* ---------------------------------------------------------------- tables */

static void column_spans(const struct turno_canvas *cv, const struct turno_cv_table *t, double *x, double *w)
{
	double total = 0;
	for (int c = 0; c < t->columns; c++)
		total += t->column[c].width;
	double at = MARGIN_SIDE;
	for (int c = 0; c < t->columns && c < MAX_COLUMNS; c++) {
		x[c] = at;
		w[c] = turno_cv_width(cv) * t->column[c].width / total;
		at += w[c];
	}
}

#define CELL_PAD 3.0

static double row_height(struct turno_canvas *cv, const struct turno_cv_table *t, const char *const *cells,
                         const double *w, bool bold)
{
	double lh = t->font_size * 1.3, h = lh;
	turno_cv_font(cv, bold, t->font_size);
	for (int c = 0; c < t->columns && c < MAX_COLUMNS; c++) {
		const char *text = cells[c] && cells[c][0] ? cells[c] : "—";
		double ch = turno_cv_wrap(cv, 0, 0, w[c] - 2 * CELL_PAD, text, lh, t->column[c].align, false);
		if (ch > h)
			h = ch;
	}
	return h + 2 * CELL_PAD;
}

static void draw_cells(struct turno_canvas *cv, const struct turno_cv_table *t, const char *const *cells,
                       const double *x, const double *w, bool bold)
{
	double lh = t->font_size * 1.3;
	turno_cv_font(cv, bold, t->font_size);
	for (int c = 0; c < t->columns && c < MAX_COLUMNS; c++) {
		const char *text = cells[c] && cells[c][0] ? cells[c] : "—";
		turno_cv_wrap(cv, x[c] + CELL_PAD, cv->y + CELL_PAD, w[c] - 2 * CELL_PAD, text, lh,
		              t->column[c].align, true);
	}
}

void turno_cv_table_header(struct turno_canvas *cv, struct turno_cv_table *t)
{
	double x[MAX_COLUMNS], w[MAX_COLUMNS];
	const char *headers[MAX_COLUMNS];
	column_spans(cv, t, x, w);
	for (int c = 0; c < t->columns && c < MAX_COLUMNS; c++)
		headers[c] = t->column[c].header;
	double h = row_height(cv, t, headers, w, true);
	turno_cv_need(cv, h + 3 * t->font_size * 1.3);
	turno_cv_fill(cv, MARGIN_SIDE, cv->y, turno_cv_width(cv), h, 0.82);
	draw_cells(cv, t, headers, x, w, true);
	cv->y += h;
	turno_cv_line(cv, MARGIN_SIDE, cv->y, TURNO_CV_A4_WIDTH - MARGIN_SIDE, cv->y, 1, 0);
	t->rows_drawn = 0;
}

void turno_cv_table_row(struct turno_canvas *cv, struct turno_cv_table *t, const char *const *cells,
                        enum turno_cv_row_style style)
{
	double x[MAX_COLUMNS], w[MAX_COLUMNS];
	column_spans(cv, t, x, w);
	bool bold = style != TURNO_CV_ROW;
	double h = row_height(cv, t, cells, w, bold);
	if (turno_cv_need(cv, h))
		turno_cv_table_header(cv, t);
	switch (style) {
	case TURNO_CV_ROW:
		if (t->rows_drawn % 2 == 1)
			turno_cv_fill(cv, MARGIN_SIDE, cv->y, turno_cv_width(cv), h, 0.94);
		break;
	case TURNO_CV_ROW_TOTAL:
		turno_cv_line(cv, MARGIN_SIDE, cv->y, TURNO_CV_A4_WIDTH - MARGIN_SIDE, cv->y, 1, 0);
		break;
	case TURNO_CV_ROW_HIGHLIGHT:
		turno_cv_fill(cv, MARGIN_SIDE, cv->y, turno_cv_width(cv), h, 0.80);
		break;
	}
	draw_cells(cv, t, cells, x, w, bold);
	cv->y += h;
	t->rows_drawn++;
}

void turno_cv_table_end(struct turno_canvas *cv, struct turno_cv_table *t)
{
	turno_cv_line(cv, MARGIN_SIDE, cv->y, TURNO_CV_A4_WIDTH - MARGIN_SIDE, cv->y, 0.5, 0.4);
	cv->y += 12;
	(void)t;
}
