/* The semester report as a PDF: an A4 document a Sindaco reads in five minutes, drawn
 * with cairo from a semester report document (report/semester.h, any period) — a cover, one page of findings
 * in plain words, a table per office's services with their standard, the charts (wait by
 * hour of arrival, weekday × hour, month by month), the opening-hours tables, and a
 * glossary of every figure. DejaVu Sans embedded, greys and black only (it prints well
 * in black and white), numbers and dates the document's language's way.
 *
 * turno-report and turno-office call the same function with the same document; it reads
 * no database and no clock, and writes only to the stream it is given. Never logs. */
#ifndef TURNO_REPORTPDF_H
#define TURNO_REPORTPDF_H

#include "report/semester.h"

#include <stdio.h>

struct turno_reportpdf_fonts {
	const char *regular; /* path of DejaVuSans.ttf */
	const char *bold;    /* path of DejaVuSans-Bold.ttf */
};

/* Writes the whole PDF to out. Returns 0, -ENOENT or -EINVAL (a font cannot be read),
 * -ENOMEM, or -EIO (cairo or the stream failed). */
int turno_reportpdf_write(const struct turno_semester *doc, const struct turno_reportpdf_fonts *fonts,
                          FILE *out);

#endif
