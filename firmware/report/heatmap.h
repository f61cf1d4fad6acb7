/* The weekday × hour heatmap: arrivals and mean wait per (weekday, local hour of issue),
 * and which rows and columns are worth showing (the opening hours, plus any hour that
 * had tickets anyway). Pure: plain data, the caller owns it (no allocation). */
#ifndef TURNO_REPORT_HEATMAP_H
#define TURNO_REPORT_HEATMAP_H

#include "core/hours.h"

#include <stdbool.h>
#include <stdint.h>

struct turno_heatmap {
	int arrivals[7][24]; /* [weekday Monday = 0][local hour] */
	int64_t wait_sum_s[7][24];
	int wait_n[7][24]; /* tickets with a known wait */
};

struct turno_heatmap_layout {
	bool row[7];    /* weekdays shown */
	int first_hour; /* columns first_hour … last_hour inclusive; -1 when nothing to show */
	int last_hour;
};

void turno_heatmap_add(struct turno_heatmap *map, int weekday, int minute_of_day, int wait_s);
/* Mean wait in seconds of a cell, or -1 when no ticket there was called. */
double turno_heatmap_mean_wait(const struct turno_heatmap *map, int weekday, int hour);
/* Rows: weekdays the office opens (hours may be NULL) or that had tickets. Columns:
 * from the first hour any weekday opens to the last hour it is open, widened to any
 * hour with tickets. */
struct turno_heatmap_layout turno_heatmap_layout(const struct turno_heatmap *map,
                                                 const struct turno_hours *hours);

#endif
