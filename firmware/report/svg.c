/* SVG by hand: a few rectangles, lines and texts need no library. Coordinates are in
 * a 800-unit-wide viewBox; the printed size follows the page. */
#include "report/svg.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>

#define WIDTH 800
#define FONT "font-family=\"sans-serif\""

void turno_xml_escape(FILE *out, const char *text)
{
	for (const char *p = text ? text : ""; *p; p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&apos;", out);
			break;
		default:
			/* Control characters are not allowed in XML 1.0 text. */
			if ((unsigned char)*p >= 0x20 || *p == '\t' || *p == '\n')
				fputc(*p, out);
			break;
		}
	}
}

double turno_svg_tick_step(double max)
{
	if (!(max > 0))
		return 1;
	double raw = max / 5;
	double magnitude = pow(10, floor(log10(raw)));
	double steps[] = {1, 2, 5, 10};
	for (int i = 0; i < 4; i++) {
		if (steps[i] * magnitude >= raw)
			return steps[i] * magnitude;
	}
	return 10 * magnitude;
}

static void text(FILE *out, double x, double y, const char *anchor, int size, const char *weight,
                 const char *value)
{
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\"%s%s%s>", x, y, anchor,
	        size, weight ? " font-weight=\"" : "", weight ? weight : "", weight ? "\"" : "");
	turno_xml_escape(out, value);
	fputs("</text>\n", out);
}

static void number_text(FILE *out, double x, double y, const char *anchor, int size, const char *fill,
                        double v)
{
	fprintf(out,
	        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" fill=\"%s\">%g</text>\n", x,
	        y, anchor, size, fill, v);
}

#define BARS_HEIGHT 380

static void write_bars(FILE *out, double top, const struct turno_svg_bars *bars)
{
	const double left = 70, right = WIDTH - 20, plot_top = top + 50, plot_bottom = top + BARS_HEIGHT - 60;
	double max = 0;
	for (int i = 0; i < bars->n; i++) {
		if (bars->mean_s[i] / 60 > max)
			max = bars->mean_s[i] / 60;
		if (bars->p90_s && bars->p90_s[i] / 60 > max)
			max = bars->p90_s[i] / 60;
	}
	double step = turno_svg_tick_step(max);
	double axis_max = step * ceil(max / step);
	if (axis_max <= 0)
		axis_max = step;
	double scale = (plot_bottom - plot_top) / axis_max;

	fputs("<g class=\"wait-by-hour\">\n", out);
	text(out, WIDTH / 2.0, top + 24, "middle", 16, "bold", bars->title);
	/* Grid lines and y ticks. */
	for (double v = 0; v <= axis_max + step / 2; v += step) {
		double y = plot_bottom - v * scale;
		fprintf(out,
		        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#cccccc\" "
		        "stroke-width=\"1\"/>\n",
		        left, y, right, y);
		number_text(out, left - 6, y + 4, "end", 11, "#000000", v);
	}
	double slot = bars->n > 0 ? (right - left) / bars->n : 0;
	for (int i = 0; i < bars->n; i++) {
		double x = left + i * slot;
		if (bars->mean_s[i] >= 0) {
			double h = bars->mean_s[i] / 60 * scale;
			fprintf(out,
			        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#6b8fbf\" "
			        "stroke=\"#1f3b63\">"
			        "<title>",
			        x + slot * 0.15, plot_bottom - h, slot * 0.7, h);
			turno_xml_escape(out, bars->labels[i]);
			fprintf(out, ": %.1f min</title></rect>\n", bars->mean_s[i] / 60);
		}
		if (bars->p90_s && bars->p90_s[i] >= 0) {
			double y = plot_bottom - bars->p90_s[i] / 60 * scale;
			fprintf(out,
			        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\" "
			        "stroke-width=\"3\"/>\n",
			        x + slot * 0.1, y, x + slot * 0.9, y);
		}
		text(out, x + slot / 2, plot_bottom + 16, "middle", 11, NULL, bars->labels[i]);
	}
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\"/>\n", left,
	        plot_bottom, right, plot_bottom);
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\"/>\n", left,
	        plot_top, left, plot_bottom);
	text(out, (left + right) / 2, plot_bottom + 36, "middle", 12, NULL, bars->x_label);
	fprintf(out,
	        "<text transform=\"translate(18 %.1f) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">",
	        (plot_top + plot_bottom) / 2);
	turno_xml_escape(out, bars->y_label);
	fputs("</text>\n", out);
	/* Legend. */
	double ly = plot_bottom + 50;
	fprintf(out,
	        "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"10\" fill=\"#6b8fbf\" "
	        "stroke=\"#1f3b63\"/>\n",
	        left, ly - 9);
	text(out, left + 20, ly, "start", 11, NULL, bars->legend_mean);
	if (bars->p90_s) {
		fprintf(out,
		        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\" "
		        "stroke-width=\"3\"/>\n",
		        left + 160, ly - 4, left + 174, ly - 4);
		text(out, left + 180, ly, "start", 11, NULL, bars->legend_p90);
	}
	fputs("</g>\n", out);
}

/* Light (short wait) to dark (long wait): one hue, so a grey printout keeps the order. */
static void shade(double t, char out[8])
{
	static const int light[3] = {0xff, 0xf5, 0xeb}, dark[3] = {0x7f, 0x27, 0x04};
	int rgb[3];
	for (int i = 0; i < 3; i++)
		rgb[i] = (int)lround(light[i] + (dark[i] - light[i]) * t);
	snprintf(out, 8, "#%02x%02x%02x", rgb[0] & 0xff, rgb[1] & 0xff, rgb[2] & 0xff);
}

static double grid_height(const struct turno_svg_grid *grid)
{
	return 60 + grid->rows * 34.0 + 90;
}

static void write_grid(FILE *out, double top, const struct turno_svg_grid *grid)
{
	const double left = 110, right = WIDTH - 20, plot_top = top + 50, row_h = 34;
	double cell_w = grid->cols > 0 ? (right - left) / grid->cols : 0;
	double max = 0;
	for (int i = 0; i < grid->rows * grid->cols; i++)
		if (grid->value_s[i] / 60 > max)
			max = grid->value_s[i] / 60;

	fputs("<g class=\"heatmap\">\n", out);
	text(out, WIDTH / 2.0, top + 24, "middle", 16, "bold", grid->title);
	for (int r = 0; r < grid->rows; r++) {
		double y = plot_top + r * row_h;
		text(out, left - 8, y + row_h / 2 + 4, "end", 12, NULL, grid->row_labels[r]);
		for (int c = 0; c < grid->cols; c++) {
			double x = left + c * cell_w;
			double v = grid->value_s[r * grid->cols + c];
			char fill[8] = "#ffffff";
			bool dark = false;
			if (v >= 0) {
				double t = max > 0 ? v / 60 / max : 0;
				shade(0.1 + 0.9 * t, fill);
				dark = t > 0.55;
			}
			fprintf(out,
			        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
			        "stroke=\"#999999\">",
			        x, y, cell_w, row_h, fill);
			fputs("<title>", out);
			turno_xml_escape(out, grid->row_labels[r]);
			fputs(" ", out);
			turno_xml_escape(out, grid->col_labels[c]);
			if (v >= 0)
				fprintf(out, ": %.1f min", v / 60);
			else
				fputs(": -", out);
			if (grid->count)
				fprintf(out, ", %d", grid->count[r * grid->cols + c]);
			fputs("</title></rect>\n", out);
			if (v >= 0)
				fprintf(out,
				        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"12\" "
				        "fill=\"%s\">%.0f</text>\n",
				        x + cell_w / 2, y + row_h / 2 + 4, dark ? "#ffffff" : "#000000",
				        v / 60);
			if (grid->count && grid->count[r * grid->cols + c] > 0)
				fprintf(out,
				        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"8\" "
				        "fill=\"%s\">%d</text>\n",
				        x + cell_w - 3, y + row_h - 4, dark ? "#ffffff" : "#333333",
				        grid->count[r * grid->cols + c]);
		}
	}
	double bottom = plot_top + grid->rows * row_h;
	for (int c = 0; c < grid->cols; c++)
		text(out, left + c * cell_w + cell_w / 2, bottom + 16, "middle", 11, NULL,
		     grid->col_labels[c]);
	text(out, (left + right) / 2, bottom + 36, "middle", 12, NULL, grid->x_label);
	fprintf(out,
	        "<text transform=\"translate(18 %.1f) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">",
	        (plot_top + bottom) / 2);
	turno_xml_escape(out, grid->y_label);
	fputs("</text>\n", out);
	/* Legend: the scale in minutes, and what a white cell means. */
	double ly = bottom + 56;
	for (int i = 0; i < 5; i++) {
		char fill[8];
		shade(0.1 + 0.9 * i / 4.0, fill);
		fprintf(out,
		        "<rect x=\"%.1f\" y=\"%.1f\" width=\"40\" height=\"12\" fill=\"%s\" "
		        "stroke=\"#999999\"/>\n",
		        left + i * 40.0, ly - 10, fill);
	}
	number_text(out, left, ly + 14, "start", 10, "#000000", 0);
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"10\">%.0f min</text>\n",
	        left + 200, ly + 14, max);
	fprintf(out,
	        "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"#ffffff\" "
	        "stroke=\"#999999\"/>\n",
	        left + 240, ly - 10);
	text(out, left + 258, ly, "start", 11, NULL, grid->no_data);
	if (grid->count && grid->count_note)
		text(out, left + 400, ly, "start", 11, NULL, grid->count_note);
	fputs("</g>\n", out);
}

int turno_svg_write(FILE *out, const char *title, const char *subtitle, const struct turno_svg_bars *bars,
                    const struct turno_svg_grid *grid)
{
	double height = 70 + (bars ? BARS_HEIGHT : 0) + (grid ? grid_height(grid) : 0);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	/* Sized in millimetres so it prints the width of an A4 page's text (190 mm) whatever
	 * the printer's resolution; the viewBox keeps the drawing's own units. */
	fprintf(out,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 %d %.0f\" "
	        "width=\"190mm\" "
	        "height=\"%.1fmm\" " FONT ">\n",
	        WIDTH, height, height * 190.0 / WIDTH);
	fputs("<title>", out);
	turno_xml_escape(out, title);
	if (subtitle) {
		fputs(" — ", out);
		turno_xml_escape(out, subtitle);
	}
	fputs("</title>\n", out);
	fprintf(out, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%.0f\" fill=\"#ffffff\"/>\n", WIDTH,
	        height);
	text(out, WIDTH / 2.0, 30, "middle", 20, "bold", title);
	if (subtitle)
		text(out, WIDTH / 2.0, 54, "middle", 13, NULL, subtitle);
	double top = 70;
	if (bars) {
		write_bars(out, top, bars);
		top += BARS_HEIGHT;
	}
	if (grid)
		write_grid(out, top, grid);
	fputs("</svg>\n", out);
	return ferror(out) ? -EIO : 0;
}
