/* A period against the one before it and the same one a year earlier: the figures of
 * each and the change, as the "compare" report shows them and the semester report's
 * findings tell them. Pure.
 *
 * turno_compare_table() returns a table the caller frees (turno_table_free()). */
#ifndef TURNO_REPORT_COMPARE_H
#define TURNO_REPORT_COMPARE_H

#include "core/words.h"
#include "report/aggregate.h"
#include "report/period.h"
#include "report/table.h"

#include <stdbool.h>

/* From before to after. Each part is known only when both periods have what it needs. */
struct turno_change {
	bool issued_known; /* before had tickets */
	double issued_pct; /* +4.2 = 4.2 % more people */
	bool wait_known;   /* both have waits */
	double wait_mean_delta_s;
	double wait_p90_delta_s;
	bool target_known;              /* both have waits with a standard */
	double within_target_delta_pts; /* percentage points */
};

struct turno_change turno_change_between(const struct turno_figures *before,
                                         const struct turno_figures *after);

/* The comparison's rows: this period, the previous one, the year before. */
enum turno_compare_row {
	TURNO_COMPARE_NOW,
	TURNO_COMPARE_PREVIOUS,
	TURNO_COMPARE_YEAR_BEFORE,
};
#define TURNO_COMPARE_ROWS 3

/* "current", "previous", "year_before": the JSON word. */
const char *turno_compare_key(enum turno_compare_row row);

/* One row per period (its name, dates, figures) and, for the two earlier ones, the
 * change from them to this period. */
struct turno_table *turno_compare_table(const struct turno_period periods[TURNO_COMPARE_ROWS],
                                        const struct turno_figures totals[TURNO_COMPARE_ROWS],
                                        enum turno_lang lang);

#endif
