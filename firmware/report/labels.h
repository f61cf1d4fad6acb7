/* The words of a report in Italian and English: column headers, weekday names, states.
 * Static strings; nothing to free. */
#ifndef TURNO_REPORT_LABELS_H
#define TURNO_REPORT_LABELS_H

#include "core/words.h"

enum turno_label {
	TURNO_L_SERVICE,
	TURNO_L_SERVICE_NAME,
	TURNO_L_DAY,
	TURNO_L_WEEK,
	TURNO_L_MONTH,
	TURNO_L_WEEKDAY,
	TURNO_L_HOUR,
	TURNO_L_COUNTER,
	TURNO_L_ALL,
	TURNO_L_TOTAL,
	TURNO_L_ISSUED,
	TURNO_L_SERVED,
	TURNO_L_NO_SHOW,
	TURNO_L_EXPIRED,
	TURNO_L_TRANSFERRED,
	TURNO_L_PENDING,
	TURNO_L_WAIT_MEAN,
	TURNO_L_WAIT_MEDIAN,
	TURNO_L_WAIT_P90,
	TURNO_L_WAIT_MAX,
	TURNO_L_SERVICE_MEAN,
	TURNO_L_SERVICE_MEDIAN,
	TURNO_L_TARGET,
	TURNO_L_WITHIN_TARGET,
	TURNO_L_NO_COUNTER,
	TURNO_L_ARRIVALS,
	TURNO_L_MEAN_WAIT_MIN,
	TURNO_L_LABEL,
	TURNO_L_PRIORITY,
	TURNO_L_STATE,
	TURNO_L_ISSUED_AT,
	TURNO_L_CALLED_AT,
	TURNO_L_FINISHED_AT,
	TURNO_L_WAIT,
	TURNO_L_SERVICE_TIME,
	TURNO_L_RECALLS,
	TURNO_L_TRANSFERS,
	TURNO_L_PRINT,
	TURNO_L_ISSUED_AS,
	TURNO_L_YES,
	TURNO_L_NO,
	TURNO_L_REPORT_TITLE,
	TURNO_L_HEATMAP_ARRIVALS_TITLE,
	TURNO_L_HEATMAP_WAIT_TITLE,
	TURNO_L_CHART_WAIT_BY_HOUR,
	TURNO_L_CHART_HEATMAP,
	TURNO_L_AXIS_HOUR,
	TURNO_L_AXIS_MINUTES,
	TURNO_L_AXIS_WEEKDAY,
	TURNO_L_LEGEND_MEAN,
	TURNO_L_LEGEND_P90,
	TURNO_L_NO_DATA,
	TURNO_L_COUNT_NOTE,
	TURNO_L_COUNT_
};

const char *turno_label(enum turno_lang lang, enum turno_label label);
/* Monday = 0; short "lun" / "Mon" or long "lunedì" / "Monday". */
const char *turno_weekday_name(enum turno_lang lang, int weekday, int long_form);
const char *turno_month_name(enum turno_lang lang, int month);
/* The state and print_state words of the tickets table ("completed" → "servito" / "served"). */
const char *turno_state_label(enum turno_lang lang, const char *state);

#endif
