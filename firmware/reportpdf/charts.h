/* The semester report's charts, drawn at the canvas's current height across the content
 * width: the wait by hour of arrival (bars of the mean, a mark at the 90th percentile),
 * the weekday × hour map (shaded by the mean wait, with the minutes and the people per
 * opening written in each cell) and the months (people per month, and the share within
 * the standard). Greys and black only; every value that matters is also written as a
 * number, so the charts read in black and white and in pdftotext. */
#ifndef TURNO_REPORTPDF_CHARTS_H
#define TURNO_REPORTPDF_CHARTS_H

#include "report/semester.h"
#include "reportpdf/canvas.h"

void turno_chart_wait_by_hour(struct turno_canvas *cv, const struct turno_semester *doc);
void turno_chart_heatmap(struct turno_canvas *cv, const struct turno_semester *doc);
void turno_chart_months(struct turno_canvas *cv, const struct turno_semester *doc);
/* People per opening day, weekday × hour, of one office (Orari's hour by hour). */
void turno_chart_orari_hours(struct turno_canvas *cv, const struct turno_orari_result *orari,
                             enum turno_lang lang);

#endif
