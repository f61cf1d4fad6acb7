/* A4 pages for the semester report: a content box with margins, a running header and a
 * footer ("pagina 3 di 9"), text in two faces wrapped to a width, headings, and tables
 * that repeat their header on a new page. The page count is known only after a first,
 * measuring pass: the caller lays the document out twice with the same code.
 *
 * The canvas borrows the cairo context and the faces; turno_cv_new() returns an object
 * to free with turno_cv_free(). All lengths are points (1/72 in). */
#ifndef TURNO_REPORTPDF_CANVAS_H
#define TURNO_REPORTPDF_CANVAS_H

#include <cairo.h>
#include <stdbool.h>

#define TURNO_CV_A4_WIDTH 595.2756
#define TURNO_CV_A4_HEIGHT 841.8898

enum turno_cv_align {
	TURNO_CV_LEFT,
	TURNO_CV_RIGHT,
	TURNO_CV_CENTER,
};

struct turno_canvas;

/* header and footer are the running texts of every page but the first (the cover);
 * page_label is "pagina {1} di {2}". total_pages 0: unknown (the measuring pass). */
struct turno_canvas *turno_cv_new(cairo_t *cr, cairo_font_face_t *regular, cairo_font_face_t *bold,
                                  const char *header, const char *footer, const char *page_label,
                                  int total_pages);
void turno_cv_free(struct turno_canvas *cv);

cairo_t *turno_cv_cr(struct turno_canvas *cv);
double turno_cv_left(const struct turno_canvas *cv);
double turno_cv_width(const struct turno_canvas *cv);
double turno_cv_y(const struct turno_canvas *cv);
void turno_cv_set_y(struct turno_canvas *cv, double y);
/* Room left on the page below y. */
double turno_cv_room(const struct turno_canvas *cv);
int turno_cv_page(const struct turno_canvas *cv);

/* Ends the page (its footer) and starts the next one. */
void turno_cv_new_page(struct turno_canvas *cv);
/* A new page when less than height is left; true when it started one. */
bool turno_cv_need(struct turno_canvas *cv, double height);
/* Ends the last page. Returns the number of pages. */
int turno_cv_finish(struct turno_canvas *cv);

void turno_cv_font(struct turno_canvas *cv, bool bold, double size);
double turno_cv_text_width(struct turno_canvas *cv, const char *text);
/* One line at (x, baseline y), aligned on x (right: x is the right edge). */
void turno_cv_text(struct turno_canvas *cv, double x, double y, const char *text, enum turno_cv_align align);
/* Wraps text at spaces into width (a no-break space never breaks) and, when draw, draws
 * it from the top y; returns the height it takes. The font must be set. */
double turno_cv_wrap(struct turno_canvas *cv, double x, double y, double width, const char *text,
                     double line_height, enum turno_cv_align align, bool draw);
/* A paragraph at the current y across the content width, then space after it; moves to
 * a new page first when it does not fit. */
void turno_cv_paragraph(struct turno_canvas *cv, const char *text, bool bold, double size,
                        double space_after);
/* A section title (level 1, starts a page when asked) or a sub-title (level 2). */
void turno_cv_heading(struct turno_canvas *cv, const char *text, int level);
/* A grey (0 black … 1 white) filled rectangle. */
void turno_cv_fill(struct turno_canvas *cv, double x, double y, double w, double h, double grey);
/* A line of width lw in a grey. */
void turno_cv_line(struct turno_canvas *cv, double x0, double y0, double x1, double y1, double lw,
                   double grey);

/* ---------------------------------------------------------------- tables */

struct turno_cv_column {
	const char *header;
	double width; /* a share of the content width; the shares are normalised */
	enum turno_cv_align align;
};

enum turno_cv_row_style {
	TURNO_CV_ROW,
	TURNO_CV_ROW_TOTAL,     /* bold, a rule above */
	TURNO_CV_ROW_HIGHLIGHT, /* bold on a grey band: the row the text points at */
};

struct turno_cv_table {
	int columns;
	const struct turno_cv_column *column;
	double font_size;
	int rows_drawn; /* for the stripes */
};

/* The header row (wrapped, bold, a rule under it). */
void turno_cv_table_header(struct turno_canvas *cv, struct turno_cv_table *table);
/* One row of cells (NULL or "" = "—"); on a new page the header is drawn again. */
void turno_cv_table_row(struct turno_canvas *cv, struct turno_cv_table *table, const char *const *cells,
                        enum turno_cv_row_style style);
/* Space after the table. */
void turno_cv_table_end(struct turno_canvas *cv, struct turno_cv_table *table);

#endif
