/* The Orari analysis (report/orari.h) as tables: one row per weekday and band, one row
 * per weekday and hour, and for the screen a grid of people per opening day (weekdays ×
 * hours). Pure; every table is the caller's to free (turno_table_free()).
 *
 * Columns of the band and hour tables (JSON keys): weekday, weekday_index (1 = Monday),
 * band ("morning"/"afternoon") or hour, band_name, hours ("14:30-18:00", empty when
 * the band is not in the opening hours), days, arrivals, arrivals_per_day, share_pct,
 * wait_mean_s, wait_p90_s, within_target_pct. */
#ifndef TURNO_REPORT_ORARI_TABLES_H
#define TURNO_REPORT_ORARI_TABLES_H

#include "core/words.h"
#include "report/orari.h"
#include "report/table.h"

struct turno_table *turno_orari_band_table(const struct turno_orari_result *result, enum turno_lang lang);
struct turno_table *turno_orari_hour_table(const struct turno_orari_result *result, enum turno_lang lang);
struct turno_table *turno_orari_grid_table(const struct turno_orari_result *result, enum turno_lang lang);
/* "mattina" / "pomeriggio" ("morning" / "afternoon"). */
const char *turno_band_name(enum turno_band band, enum turno_lang lang);

#endif
