/* The ticket as a PDF page drawn with cairo: centred lines, the number as large as the
 * paper allows, the QR code from libqrencode. Laid out twice: once to learn the height,
 * once for real, so the page ends where the content does (a receipt roll has no pages). */
#include "print/pdf.h"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <pthread.h>
#include <qrencode.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct turno_pdf {
	cairo_font_face_t *regular;
	cairo_font_face_t *bold;
};

/* One FreeType library for the process, never freed: cairo may keep faces cached after
 * we drop them, and they must not outlive their library. */
static FT_Library ft_library;
static int ft_init_error;
static pthread_once_t ft_once = PTHREAD_ONCE_INIT;

static void ft_init(void)
{
	ft_init_error = FT_Init_FreeType(&ft_library);
}

static const cairo_user_data_key_t ft_face_key;

static void done_face(void *face)
{
	FT_Done_Face((FT_Face)face);
}

static int load_face(const char *path, cairo_font_face_t **out)
{
	FT_Face face;
	if (FT_New_Face(ft_library, path, 0, &face) != 0)
		return access(path, R_OK) == 0 ? -EINVAL : -ENOENT;
	cairo_font_face_t *cf = cairo_ft_font_face_create_for_ft_face(face, 0);
	if (cairo_font_face_status(cf) != CAIRO_STATUS_SUCCESS ||
	    cairo_font_face_set_user_data(cf, &ft_face_key, face, done_face) != CAIRO_STATUS_SUCCESS) {
		cairo_font_face_destroy(cf);
		FT_Done_Face(face);
		return -ENOMEM;
	}
	*out = cf;
	return 0;
}

int turno_pdf_open(const char *regular_font_path, const char *bold_font_path, struct turno_pdf **out)
{
	*out = NULL;
	pthread_once(&ft_once, ft_init);
	if (ft_init_error)
		return -ENOMEM;
	struct turno_pdf *pdf = calloc(1, sizeof(*pdf));
	if (!pdf)
		return -ENOMEM;
	int err = load_face(regular_font_path, &pdf->regular);
	if (err)
		goto err_free;
	err = load_face(bold_font_path, &pdf->bold);
	if (err)
		goto err_free_regular;
	*out = pdf;
	return 0;
err_free_regular:
	cairo_font_face_destroy(pdf->regular);
err_free:
	free(pdf);
	return err;
}

void turno_pdf_close(struct turno_pdf *pdf)
{
	if (!pdf)
		return;
	cairo_font_face_destroy(pdf->regular);
	cairo_font_face_destroy(pdf->bold);
	free(pdf);
}

cairo_font_face_t *turno_pdf_face(const struct turno_pdf *pdf, bool bold)
{
	return bold ? pdf->bold : pdf->regular;
}

double turno_pdf_points(double mm)
{
	return mm * 72.0 / 25.4;
}

struct layout {
	cairo_t *cr;
	struct turno_pdf *pdf;
	double width;  /* page width, points */
	double margin; /* left and right */
	double y;      /* top of the next line */
};

static void use_font(struct layout *l, bool bold, double size)
{
	cairo_set_font_face(l->cr, bold ? l->pdf->bold : l->pdf->regular);
	cairo_set_font_size(l->cr, size);
}

static double advance(struct layout *l, const char *text)
{
	cairo_text_extents_t e;
	cairo_text_extents(l->cr, text, &e);
	return e.x_advance;
}

static void centred(struct layout *l, const char *text)
{
	cairo_font_extents_t fe;
	cairo_font_extents(l->cr, &fe);
	cairo_move_to(l->cr, (l->width - advance(l, text)) / 2.0, l->y + fe.ascent);
	cairo_show_text(l->cr, text);
	l->y += fe.height;
}

/* Centred text wrapped at spaces to the printable width (a word wider than the line is
 * drawn as it is: cutting inside a word helps nobody read it). */
static void paragraph(struct layout *l, const char *utf8, bool bold, double size)
{
	use_font(l, bold, size);
	double room = l->width - 2 * l->margin;
	char line[2 * TURNO_PATH] = "";
	const char *p = utf8;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *end = p;
		while (*end && *end != ' ')
			end++;
		if (end == p)
			break;
		char candidate[sizeof(line)];
		snprintf(candidate, sizeof(candidate), "%s%s%.*s", line, line[0] ? " " : "", (int)(end - p),
		         p);
		if (line[0] && advance(l, candidate) > room) {
			centred(l, line);
			snprintf(line, sizeof(line), "%.*s", (int)(end - p), p);
		} else {
			memcpy(line, candidate, sizeof(line));
		}
		p = end;
	}
	if (line[0])
		centred(l, line);
}

static void gap(struct layout *l, double points)
{
	l->y += points;
}

static void priority_mark(struct layout *l, const char *text)
{
	use_font(l, true, 13);
	cairo_font_extents_t fe;
	cairo_font_extents(l->cr, &fe);
	double w = advance(l, text) + 16, h = fe.height + 4;
	cairo_rectangle(l->cr, (l->width - w) / 2.0, l->y, w, h);
	cairo_fill(l->cr);
	cairo_set_source_rgb(l->cr, 1, 1, 1);
	l->y += 2;
	centred(l, text);
	cairo_set_source_rgb(l->cr, 0, 0, 0);
	l->y += 2;
}

/* The number: the largest size (up to 96 pt) whose width fits the paper. */
static void label(struct layout *l, const char *text)
{
	double size = 96;
	use_font(l, true, size);
	double room = l->width - 2 * l->margin, w = advance(l, text);
	if (w > room)
		size *= room / w;
	use_font(l, true, size);
	cairo_font_extents_t fe;
	cairo_font_extents(l->cr, &fe);
	cairo_move_to(l->cr, (l->width - advance(l, text)) / 2.0, l->y + fe.ascent);
	cairo_show_text(l->cr, text);
	l->y += fe.ascent + fe.descent;
}

static void qr_code(struct layout *l, const char *text)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return; /* too long for any QR version: the ticket is still useful without it */
	double side = turno_pdf_points(l->width > turno_pdf_points(70) ? 30 : 24);
	double module = side / qr->width, x0 = (l->width - side) / 2.0;
	for (int row = 0; row < qr->width; row++)
		for (int col = 0; col < qr->width; col++)
			if (qr->data[row * qr->width + col] & 1)
				cairo_rectangle(l->cr, x0 + col * module, l->y + row * module, module,
				                module);
	cairo_fill(l->cr);
	l->y += side;
	QRcode_free(qr);
}

static void draw(struct layout *l, const struct turno_printed_ticket *t)
{
	cairo_set_source_rgb(l->cr, 0, 0, 0);
	l->y = turno_pdf_points(4);
	paragraph(l, t->office, true, 11);
	gap(l, 6);
	paragraph(l, t->heading, false, 10);
	if (t->priority && t->priority_text[0]) {
		gap(l, 3);
		priority_mark(l, t->priority_text);
	}
	label(l, t->label);
	paragraph(l, t->service, true, 14);
	if (t->service_en[0])
		paragraph(l, t->service_en, false, 11);
	gap(l, 6);
	paragraph(l, t->date_line, false, 10);
	paragraph(l, t->ahead_line, false, 10);
	paragraph(l, t->wait_line, false, 10);
	if (t->qr[0]) {
		gap(l, 8);
		qr_code(l, t->qr);
	}
	if (t->footer_count > 0)
		gap(l, 8);
	for (int i = 0; i < t->footer_count && i < TURNO_MAX_FOOTER; i++)
		paragraph(l, t->footer[i], false, 8);
	l->y += turno_pdf_points(6);
}

struct sink {
	uint8_t *data;
	size_t len, cap;
	bool failed;
};

static cairo_status_t write_sink(void *closure, const unsigned char *bytes, unsigned int n)
{
	struct sink *s = closure;
	if (!s) /* the measuring pass: nothing to keep */
		return CAIRO_STATUS_SUCCESS;
	if (s->len + n > s->cap) {
		size_t cap = s->cap ? s->cap : 16384;
		while (cap < s->len + n)
			cap *= 2;
		uint8_t *grown = realloc(s->data, cap);
		if (!grown) {
			s->failed = true;
			return CAIRO_STATUS_WRITE_ERROR;
		}
		s->data = grown;
		s->cap = cap;
	}
	memcpy(s->data + s->len, bytes, n);
	s->len += n;
	return CAIRO_STATUS_SUCCESS;
}

/* Draws the ticket on a page of the given height into sink (NULL: discard); returns
 * the height the content needs, or a negative errno. */
static double render_page(struct turno_pdf *pdf, const struct turno_printed_ticket *t, double width,
                          double height, struct sink *sink)
{
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(write_sink, sink, width, height);
	cairo_t *cr = cairo_create(surface);
	struct layout l = {.cr = cr, .pdf = pdf, .width = width, .margin = turno_pdf_points(3)};
	draw(&l, t);
	cairo_show_page(cr);
	cairo_status_t status = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (status == CAIRO_STATUS_NO_MEMORY || (sink && sink->failed))
		return -ENOMEM;
	if (status != CAIRO_STATUS_SUCCESS)
		return -EIO;
	return l.y;
}

int turno_pdf_render(struct turno_pdf *pdf, const struct turno_printed_ticket *ticket, uint8_t **out,
                     size_t *out_len)
{
	double width = turno_pdf_points(ticket->paper_width_mm);
	double height = render_page(pdf, ticket, width, 2000, NULL);
	if (height < 0)
		return (int)height;
	struct sink sink = {0};
	double drawn = render_page(pdf, ticket, width, height, &sink);
	if (drawn < 0) {
		free(sink.data);
		return (int)drawn;
	}
	*out = sink.data;
	*out_len = sink.len;
	return 0;
}
