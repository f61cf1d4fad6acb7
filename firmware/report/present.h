/* From figures to tables: which columns a summary, a heatmap and a ticket list have,
 * the group names a person reads (a service's name, "lunedì", "2026-W13", "Sportello 2"),
 * and the chart inputs. Pure: aggregates and configuration in, turno_table out.
 *
 * Every turno_table returned is owned by the caller (turno_table_free()). config may be
 * NULL (no names, no targets: a database read without its configuration). */
#ifndef TURNO_REPORT_PRESENT_H
#define TURNO_REPORT_PRESENT_H

#include "core/config.h"
#include "report/aggregate.h"
#include "report/heatmap.h"
#include "report/labels.h"
#include "report/svg.h"
#include "report/table.h"

#include <stddef.h>

/* The name of a group: a service's name, a date, "2026-W13", "2026-03", a weekday,
 * "08:00-09:00", a counter's name. Returns out. */
char *turno_report_group_label(enum turno_group_by by, int64_t key, const struct turno_config *config,
                               enum turno_lang lang, char *out, size_t out_len);
/* A service's name in lang (the Italian one when there is no English name); NULL when
 * the configuration does not know the letter. */
const char *turno_report_service_name(const struct turno_config *config, char letter, enum turno_lang lang);
/* The target of a service in seconds (0 = none / unknown). */
int turno_report_target_s(const struct turno_config *config, char service);

/* One row per group of groups, then a total row from total (a TURNO_BY_ALL aggregate). */
struct turno_table *turno_report_summary_table(const struct turno_agg *groups, enum turno_group_by by,
                                               const struct turno_agg *total,
                                               const struct turno_config *config, enum turno_lang lang);
/* The heatmap as two grids for people (arrivals; mean wait) — rows weekdays, columns hours —
 * and as one long table for machines (weekday, hour, arrivals, mean wait). */
struct turno_table *turno_report_heatmap_grid(const struct turno_heatmap *map,
                                              const struct turno_heatmap_layout *layout, bool waits,
                                              enum turno_lang lang);
struct turno_table *turno_report_heatmap_long(const struct turno_heatmap *map,
                                              const struct turno_heatmap_layout *layout,
                                              enum turno_lang lang);

/* The ticket list: columns first, then one call per ticket. */
struct turno_table *turno_report_tickets_table_new(enum turno_lang lang);
int turno_report_tickets_add(struct turno_table *table, const struct turno_report_row *row,
                             const struct turno_config *config, enum turno_lang lang);
/* "YYYY-MM-DD HH:MM:SS" in the process time zone (TZ), empty when utc_ms is 0. */
void turno_report_local_time(int64_t utc_ms, char out[20]);

/* Chart inputs, all inside the struct (bars and grid point into it: do not copy it
 * after filling). by_hour is a finished TURNO_BY_HOUR aggregate. */
struct turno_report_charts {
	struct turno_svg_bars bars;
	struct turno_svg_grid grid;
	char labels[24][16];
	const char *hour_labels[24];
	double mean_s[24], p90_s[24];
	char row_names[7][32];
	const char *row_labels[7];
	double grid_values[7 * 24];
	int grid_counts[7 * 24];
};
void turno_report_charts_fill(struct turno_report_charts *charts, const struct turno_agg *by_hour,
                              const struct turno_heatmap *map, const struct turno_heatmap_layout *layout,
                              enum turno_lang lang);

#endif
