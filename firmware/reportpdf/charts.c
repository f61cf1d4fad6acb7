/* Axes with round steps (report/svg.h's turno_svg_tick_step), minutes on the value axis,
 * hours as "08", weekdays by their short names. */
#include "reportpdf/charts.h"

#include "report/labels.h"
#include "report/numfmt.h"
#include "report/svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define SMALL 7.0
#define BODY 8.5

static void legend_box(struct turno_canvas *cv, double x, double y, double grey, const char *text)
{
	turno_cv_fill(cv, x, y - 7, 10, 8, grey);
	turno_cv_font(cv, false, SMALL + 0.5);
	turno_cv_text(cv, x + 14, y, text, TURNO_CV_LEFT);
}

static void note(struct turno_canvas *cv, const char *text)
{
	turno_cv_font(cv, false, SMALL + 0.5);
	double lh = (SMALL + 0.5) * 1.35;
	double h = turno_cv_wrap(cv, turno_cv_left(cv), turno_cv_y(cv), turno_cv_width(cv), text, lh,
	                         TURNO_CV_LEFT, true);
	turno_cv_set_y(cv, turno_cv_y(cv) + h + 10);
}

static void chart_title(struct turno_canvas *cv, const char *title)
{
	turno_cv_font(cv, true, 11);
	turno_cv_text(cv, turno_cv_left(cv), turno_cv_y(cv) + 11, title, TURNO_CV_LEFT);
	turno_cv_set_y(cv, turno_cv_y(cv) + 20);
}

void turno_chart_wait_by_hour(struct turno_canvas *cv, const struct turno_semester *doc)
{
	enum turno_lang lang = doc->lang;
	int first = doc->layout.first_hour, last = doc->layout.last_hour;
	const double plot_h = 150;
	turno_cv_need(cv, plot_h + 90);
	chart_title(cv, turno_label(lang, TURNO_L_CHART_WAIT_BY_HOUR));
	if (first < 0) {
		note(cv, turno_label(lang, TURNO_L_NO_DATA));
		return;
	}
	double max_min = 0;
	for (int h = first; h <= last; h++)
		if (doc->by_hour[h].wait_n > 0 && doc->by_hour[h].wait_p90_s / 60.0 > max_min)
			max_min = doc->by_hour[h].wait_p90_s / 60.0;
	double step = turno_svg_tick_step(max_min);
	double axis_max = step * ceil(max_min / step);
	if (axis_max <= 0)
		axis_max = step;
	double left = turno_cv_left(cv) + 34, right = turno_cv_left(cv) + turno_cv_width(cv);
	double top = turno_cv_y(cv) + 8, bottom = top + plot_h;
	char text[64];
	/* Grid lines and the minutes on the value axis. */
	turno_cv_font(cv, false, SMALL);
	for (double v = 0; v <= axis_max + step / 2; v += step) {
		double y = bottom - v / axis_max * plot_h;
		turno_cv_line(cv, left, y, right, y, 0.4, v == 0 ? 0 : 0.75);
		turno_fmt_decimal(v, step < 1 ? 1 : 0, lang, text, sizeof(text));
		turno_cv_text(cv, left - 4, y + 2.5, text, TURNO_CV_RIGHT);
	}
	cairo_t *cr = turno_cv_cr(cv);
	cairo_save(cr);
	cairo_translate(cr, turno_cv_left(cv) + 7, top + plot_h / 2);
	cairo_rotate(cr, -M_PI / 2);
	turno_cv_text(cv, 0, 0, turno_label(lang, TURNO_L_P_MINUTES), TURNO_CV_CENTER);
	cairo_restore(cr);
	int n = last - first + 1;
	double slot = (right - left) / n, bar = slot * 0.56;
	/* Under the axis: the hour, then the two figures of each bar written out. */
	double rows_y = bottom + 10;
	turno_cv_font(cv, false, SMALL);
	turno_cv_text(cv, left - 4, rows_y + 11, turno_label(lang, TURNO_L_P_ROW_MEAN), TURNO_CV_RIGHT);
	turno_cv_text(cv, left - 4, rows_y + 21, turno_label(lang, TURNO_L_P_ROW_P90), TURNO_CV_RIGHT);
	for (int h = first; h <= last; h++) {
		double x = left + (h - first) * slot + (slot - bar) / 2;
		const struct turno_figures *f = &doc->by_hour[h];
		snprintf(text, sizeof(text), "%02d", h);
		turno_cv_font(cv, true, SMALL);
		turno_cv_text(cv, x + bar / 2, rows_y, text, TURNO_CV_CENTER);
		if (f->wait_n == 0)
			continue;
		double mean_h = f->wait_mean_s / 60.0 / axis_max * plot_h;
		double p90_y = bottom - f->wait_p90_s / 60.0 / axis_max * plot_h;
		turno_cv_fill(cv, x, bottom - mean_h, bar, mean_h, 0.55);
		turno_cv_line(cv, x + bar / 2, bottom - mean_h, x + bar / 2, p90_y, 0.6, 0);
		turno_cv_line(cv, x - 3, p90_y, x + bar + 3, p90_y, 1.8, 0);
		turno_cv_font(cv, false, SMALL);
		turno_fmt_decimal(f->wait_mean_s / 60.0, 0, lang, text, sizeof(text));
		turno_cv_text(cv, x + bar / 2, rows_y + 11, text, TURNO_CV_CENTER);
		turno_fmt_decimal(f->wait_p90_s / 60.0, 0, lang, text, sizeof(text));
		turno_cv_text(cv, x + bar / 2, rows_y + 21, text, TURNO_CV_CENTER);
	}
	double y = rows_y + 34;
	turno_cv_font(cv, false, SMALL + 0.5);
	turno_cv_text(cv, (left + right) / 2, y - 2, turno_label(lang, TURNO_L_AXIS_HOUR), TURNO_CV_CENTER);
	y += 12;
	legend_box(cv, left, y, 0.55, turno_label(lang, TURNO_L_P_LEGEND_MEAN));
	turno_cv_line(cv, left + 200, y - 3, left + 212, y - 3, 1.8, 0);
	turno_cv_text(cv, left + 216, y, turno_label(lang, TURNO_L_P_LEGEND_P90), TURNO_CV_LEFT);
	turno_cv_set_y(cv, y + 16);
}

/* Shade of a value in 0…max: white for nothing, darker for more. */
static double shade(double value, double max)
{
	if (value < 0 || max <= 0)
		return 1;
	return 0.95 - 0.7 * (value / max);
}

/* A grid with weekday rows and hour columns; value(row, hour) < 0 = empty. Each cell
 * shows main (bold) and, when not NULL, sub under it. */
struct grid {
	bool rows[7];
	int first_hour, last_hour;
	double value[7][24]; /* what shades the cell */
	char main[7][24][16];
	char sub[7][24][16];
};

static void draw_grid(struct turno_canvas *cv, const struct grid *g, enum turno_lang lang)
{
	int rows = 0;
	for (int wd = 0; wd < 7; wd++)
		rows += g->rows[wd];
	int cols = g->last_hour - g->first_hour + 1;
	if (rows == 0 || cols <= 0)
		return;
	const double row_h = 24, label_w = 34;
	turno_cv_need(cv, rows * row_h + 24);
	double max = 0;
	for (int wd = 0; wd < 7; wd++)
		for (int h = g->first_hour; g->rows[wd] && h <= g->last_hour; h++)
			if (g->value[wd][h] > max)
				max = g->value[wd][h];
	double left = turno_cv_left(cv) + label_w, cell_w = (turno_cv_width(cv) - label_w) / cols;
	double y = turno_cv_y(cv);
	char text[16];
	turno_cv_font(cv, false, SMALL);
	for (int h = g->first_hour; h <= g->last_hour; h++) {
		snprintf(text, sizeof(text), "%02d", h);
		turno_cv_text(cv, left + (h - g->first_hour + 0.5) * cell_w, y + 8, text, TURNO_CV_CENTER);
	}
	y += 12;
	cairo_t *cr = turno_cv_cr(cv);
	for (int wd = 0; wd < 7; wd++) {
		if (!g->rows[wd])
			continue;
		turno_cv_font(cv, true, BODY);
		turno_cv_text(cv, turno_cv_left(cv), y + row_h / 2 + 3, turno_weekday_word(wd, lang, false),
		              TURNO_CV_LEFT);
		for (int h = g->first_hour; h <= g->last_hour; h++) {
			double x = left + (h - g->first_hour) * cell_w;
			double grey = shade(g->value[wd][h], max);
			turno_cv_fill(cv, x, y, cell_w, row_h, grey);
			cairo_set_source_rgb(cr, 1, 1, 1);
			cairo_set_line_width(cr, 1);
			cairo_rectangle(cr, x, y, cell_w, row_h);
			cairo_stroke(cr);
			double ink = grey < 0.5 ? 1 : 0;
			cairo_set_source_rgb(cr, ink, ink, ink);
			turno_cv_font(cv, true, BODY);
			turno_cv_text(cv, x + cell_w / 2, y + (g->sub[wd][h][0] ? 10.5 : 15), g->main[wd][h],
			              TURNO_CV_CENTER);
			if (g->sub[wd][h][0]) {
				turno_cv_font(cv, false, SMALL - 0.5);
				turno_cv_text(cv, x + cell_w / 2, y + 20, g->sub[wd][h], TURNO_CV_CENTER);
			}
			cairo_set_source_rgb(cr, 0, 0, 0);
		}
		y += row_h;
	}
	turno_cv_set_y(cv, y + 8);
}

void turno_chart_heatmap(struct turno_canvas *cv, const struct turno_semester *doc)
{
	enum turno_lang lang = doc->lang;
	struct grid *g = calloc(1, sizeof(*g));
	if (!g)
		return;
	g->first_hour = doc->layout.first_hour;
	g->last_hour = doc->layout.last_hour;
	for (int wd = 0; wd < 7; wd++) {
		g->rows[wd] = doc->layout.row[wd];
		for (int h = 0; h < 24; h++) {
			double mean = turno_heatmap_mean_wait(&doc->heatmap, wd, h);
			g->value[wd][h] = mean;
			if (mean >= 0)
				turno_fmt_decimal(mean / 60.0, 0, lang, g->main[wd][h],
				                  sizeof(g->main[wd][h]));
			else
				snprintf(g->main[wd][h], sizeof(g->main[wd][h]), "·");
			if (doc->cell_per_day[wd][h] > 0)
				turno_fmt_decimal(doc->cell_per_day[wd][h], 1, lang, g->sub[wd][h],
				                  sizeof(g->sub[wd][h]));
		}
	}
	turno_cv_need(cv, 220);
	chart_title(cv, turno_label(lang, TURNO_L_CHART_HEATMAP));
	draw_grid(cv, g, lang);
	note(cv, turno_label(lang, TURNO_L_P_HEATMAP_NOTE));
	free(g);
}

void turno_chart_orari_hours(struct turno_canvas *cv, const struct turno_orari_result *r,
                             enum turno_lang lang)
{
	struct grid *g = calloc(1, sizeof(*g));
	if (!g)
		return;
	g->first_hour = r->first_hour;
	g->last_hour = r->last_hour;
	for (int wd = 0; wd < 7; wd++) {
		g->rows[wd] = r->weekday_shown[wd];
		for (int h = 0; h < 24; h++) {
			const struct turno_orari_cell *c = &r->hour[wd][h];
			g->value[wd][h] = c->per_day;
			if (c->per_day >= 0)
				turno_fmt_decimal(c->per_day, 1, lang, g->main[wd][h],
				                  sizeof(g->main[wd][h]));
			else
				snprintf(g->main[wd][h], sizeof(g->main[wd][h]), "·");
		}
	}
	turno_cv_need(cv, 200);
	chart_title(cv, turno_label(lang, TURNO_L_ORARI_GRID_TITLE));
	draw_grid(cv, g, lang);
	note(cv, turno_label(lang, TURNO_L_P_ORARI_GRID_NOTE));
	free(g);
}

void turno_chart_months(struct turno_canvas *cv, const struct turno_semester *doc)
{
	enum turno_lang lang = doc->lang;
	int n = doc->month_count;
	if (n < 2)
		return; /* one month has no trend: its table says it all */
	const double plot_h = 90;
	turno_cv_need(cv, 2 * plot_h + 110);
	double left = turno_cv_left(cv) + 34, right = turno_cv_left(cv) + turno_cv_width(cv);
	double slot = (right - left) / n, bar = slot * 0.5;
	int max = 0;
	for (int i = 0; i < n; i++)
		if (doc->months[i].fig.issued > max)
			max = doc->months[i].fig.issued;
	char text[64];
	/* People per month: bars with their number. */
	double top = turno_cv_y(cv) + 14, bottom = top + plot_h;
	turno_cv_font(cv, false, SMALL + 0.5);
	turno_cv_text(cv, turno_cv_left(cv), top - 6, turno_label(lang, TURNO_L_P_MONTH_PEOPLE),
	              TURNO_CV_LEFT);
	turno_cv_line(cv, left, bottom, right, bottom, 0.6, 0);
	for (int i = 0; i < n; i++) {
		const struct turno_sem_month *m = &doc->months[i];
		double x = left + i * slot + (slot - bar) / 2;
		double h = max > 0 ? m->fig.issued * (plot_h - 14) / max : 0;
		turno_cv_fill(cv, x, bottom - h, bar, h, 0.6);
		turno_fmt_int(m->fig.issued, lang, text, sizeof(text));
		turno_cv_font(cv, false, SMALL);
		turno_cv_text(cv, x + bar / 2, bottom - h - 3, text, TURNO_CV_CENTER);
		snprintf(text, sizeof(text), "%.3s %02d", turno_month_word(m->month, lang), m->year % 100);
		turno_cv_text(cv, x + bar / 2, bottom + 10, text, TURNO_CV_CENTER);
	}
	/* Within the standard per month: a line from 0 to 100 %, each point labelled. */
	top = bottom + 34;
	bottom = top + plot_h;
	turno_cv_font(cv, false, SMALL + 0.5);
	turno_cv_text(cv, turno_cv_left(cv), top - 6, turno_label(lang, TURNO_L_P_MONTH_WITHIN),
	              TURNO_CV_LEFT);
	for (int v = 0; v <= 100; v += 50) {
		double y = bottom - v / 100.0 * plot_h;
		turno_cv_line(cv, left, y, right, y, 0.4, v == 0 ? 0 : 0.75);
		snprintf(text, sizeof(text), "%d%s%%", v, lang == TURNO_LANG_IT ? TURNO_NBSP : "");
		turno_cv_font(cv, false, SMALL);
		turno_cv_text(cv, left - 4, y + 2.5, text, TURNO_CV_RIGHT);
	}
	cairo_t *cr = turno_cv_cr(cv);
	bool pen = false;
	cairo_set_line_width(cr, 1.4);
	for (int i = 0; i < n; i++) {
		const struct turno_figures *f = &doc->months[i].fig;
		double x = left + (i + 0.5) * slot;
		if (f->target_n == 0) {
			pen = false;
			continue;
		}
		double y = bottom - f->within_target_pct / 100.0 * plot_h;
		if (pen)
			cairo_line_to(cr, x, y);
		else
			cairo_move_to(cr, x, y);
		pen = true;
	}
	cairo_stroke(cr);
	for (int i = 0; i < n; i++) {
		const struct turno_figures *f = &doc->months[i].fig;
		double x = left + (i + 0.5) * slot;
		if (f->target_n == 0)
			continue;
		double y = bottom - f->within_target_pct / 100.0 * plot_h;
		cairo_arc(cr, x, y, 2.4, 0, 2 * M_PI);
		cairo_fill(cr);
		turno_fmt_decimal(f->within_target_pct, 0, lang, text, sizeof(text));
		turno_cv_font(cv, false, SMALL);
		turno_cv_text(cv, x, y - 5, text, TURNO_CV_CENTER);
	}
	turno_cv_set_y(cv, bottom + 16);
}
