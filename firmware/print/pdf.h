/* PDF rendering of a ticket with cairo, for printers driven through a CUPS driver queue
 * (the path that survives CUPS dropping raw queues) and for the preview directory.
 * The page is as wide as the paper and as tall as the content.
 *
 * Fonts are loaded once by turno_pdf_open (FreeType, the shipped DejaVu files); rendering
 * itself is pure: ticket in, bytes out. One struct turno_pdf is used by one thread. */
#ifndef TURNO_PRINT_PDF_H
#define TURNO_PRINT_PDF_H

#include "print/ticket.h"

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct turno_pdf;

/* Loads the regular and bold font files (see print/fonts.h to find them).
 * Returns 0 and *out (close with turno_pdf_close), -ENOENT / -EINVAL when a font cannot
 * be loaded, -ENOMEM. */
int turno_pdf_open(const char *regular_font_path, const char *bold_font_path, struct turno_pdf **out);
void turno_pdf_close(struct turno_pdf *pdf);
/* The loaded regular or bold face, for other documents drawn with cairo (the semester
 * report): borrowed, valid until turno_pdf_close(). */
cairo_font_face_t *turno_pdf_face(const struct turno_pdf *pdf, bool bold);

/* Renders one page ticket->paper_width_mm wide. On success returns 0 and *out (free()
 * it) of *out_len bytes starting with "%PDF-"; -ENOMEM or -EIO (cairo failed). */
int turno_pdf_render(struct turno_pdf *pdf, const struct turno_printed_ticket *ticket, uint8_t **out,
                     size_t *out_len);

/* Points (1/72 in) for millimetres: the unit of the page size. */
double turno_pdf_points(double mm);

#endif
