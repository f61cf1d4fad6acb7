/* Charts for the semester report as one SVG document: waits by hour of arrival (bars
 * of the mean, a mark at the 90th percentile) and the weekday × hour heatmap of the
 * mean wait with the arrivals written in each cell. Self-contained XML (no scripts,
 * no external fonts: generic font families), a viewBox so it scales to the page, a
 * <title>, axis labels, and colours that stay readable printed in grey.
 * Pure: the caller passes the figures and a stream; every text is XML-escaped. */
#ifndef TURNO_REPORT_SVG_H
#define TURNO_REPORT_SVG_H

#include <stdio.h>

struct turno_svg_bars {
	const char *title;
	const char *x_label;
	const char *y_label; /* the values are drawn in minutes */
	const char *legend_mean;
	const char *legend_p90;
	int n;
	const char *const *labels; /* n category labels */
	const double *mean_s;      /* n values in seconds; < 0 = no data */
	const double *p90_s;       /* n values in seconds; < 0 = no data; may be NULL */
};

struct turno_svg_grid {
	const char *title;
	const char *x_label;
	const char *y_label;
	const char *no_data;    /* legend word for empty cells */
	const char *count_note; /* legend: what the small figure in a cell is; may be NULL */
	int rows, cols;
	const char *const *row_labels;
	const char *const *col_labels;
	const double *value_s; /* rows × cols mean waits in seconds, row-major; < 0 = no data */
	const int *count;      /* rows × cols arrivals written in the cells; may be NULL */
};

/* Writes the document: a heading (title, subtitle) and whichever charts are not NULL.
 * Returns 0 or -EIO. */
int turno_svg_write(FILE *out, const char *title, const char *subtitle, const struct turno_svg_bars *bars,
                    const struct turno_svg_grid *grid);
/* Text with & < > " ' escaped for XML. */
void turno_xml_escape(FILE *out, const char *text);
/* A step for axis ticks (1, 2, 5 × 10^k) giving about five ticks up to max. */
double turno_svg_tick_step(double max);

#endif
