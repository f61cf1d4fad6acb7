/* The semester report's document (report/semester.h) as JSON, the form `turno-report pdf --format
 * json` prints and turno-office's API can serve: what the PDF shows, in the units of the
 * other JSON reports (seconds, percentages to 0.1, ISO dates, null for "nothing to
 * measure"). Returns a cJSON tree the caller frees with cJSON_Delete(), or NULL on ENOMEM.
 *
 * Members: report ("semester"), lang, title, generated, periods (current, previous,
 * year_before: from, to, name), total / previous_total / year_before_total (figures as
 * in the summary), change (previous, year_before: issued_change_pct, wait_mean_change_s,
 * wait_p90_change_s, within_target_change_pts), people_per_day, open_days, offices (name,
 * the same totals, services with service, service_name, target_min, figures, previous
 * and year_before figures, and orari: total_arrivals, open_days, bands, hours as in the
 * orari report), by_hour, heatmap (weekday, weekday_index, hour, arrivals,
 * arrivals_per_day, wait_mean_s), weekdays (arrivals_per_day), months. */
#ifndef TURNO_REPORT_SEMESTER_JSON_H
#define TURNO_REPORT_SEMESTER_JSON_H

#include "report/semester.h"

#include <cjson/cJSON.h>

cJSON *turno_semester_to_json(const struct turno_semester *doc);
/* One set of figures as the summary's JSON has them (the same keys). */
cJSON *turno_figures_to_json(const struct turno_figures *figures);

#endif
