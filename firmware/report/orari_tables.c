/* Rows only for cells worth reading: a band the hours open or that had tickets anyway;
 * hours between the first and the last opening hour of the week. */
#include "report/orari_tables.h"

#include "report/labels.h"
#include "report/numfmt.h"

#include <stdbool.h>
#include <stdio.h>

const char *turno_band_name(enum turno_band band, enum turno_lang lang)
{
	switch (band) {
	case TURNO_BAND_MORNING:
		return turno_label(lang, TURNO_L_MORNING);
	case TURNO_BAND_AFTERNOON:
		return turno_label(lang, TURNO_L_AFTERNOON);
	}
	return "?";
}

enum column {
	C_WEEKDAY,
	C_WEEKDAY_INDEX,
	C_SLOT, /* band key, or hour */
	C_BAND_NAME,
	C_HOURS,
	C_DAYS,
	C_ARRIVALS,
	C_PER_DAY,
	C_SHARE,
	C_WAIT_MEAN,
	C_WAIT_P90,
	C_WITHIN,
	C_COUNT
};

static struct turno_table *new_table(bool by_hour, enum turno_lang lang)
{
	const struct {
		const char *key;
		enum turno_label label;
		enum turno_cell_kind kind;
		enum turno_audience audience;
	} columns[C_COUNT] = {
	        [C_WEEKDAY] = {"weekday", TURNO_L_WEEKDAY, TURNO_CELL_TEXT, TURNO_FOR_ALL},
	        [C_WEEKDAY_INDEX] = {"weekday_index", TURNO_L_WEEKDAY, TURNO_CELL_INT, TURNO_FOR_PROGRAMS},
	        [C_SLOT] = {by_hour ? "hour" : "band", by_hour ? TURNO_L_HOUR : TURNO_L_BAND,
	                    by_hour ? TURNO_CELL_INT : TURNO_CELL_TEXT, TURNO_FOR_PROGRAMS},
	        [C_BAND_NAME] = {"band_name", TURNO_L_BAND, TURNO_CELL_TEXT,
	                         by_hour ? TURNO_FOR_PROGRAMS : TURNO_FOR_ALL},
	        [C_HOURS] = {"hours", TURNO_L_OPENING, TURNO_CELL_TEXT, TURNO_FOR_ALL},
	        [C_DAYS] = {"days", TURNO_L_OPEN_DAYS, TURNO_CELL_INT, TURNO_FOR_ALL},
	        [C_ARRIVALS] = {"arrivals", TURNO_L_ARRIVALS, TURNO_CELL_INT, TURNO_FOR_ALL},
	        [C_PER_DAY] = {"arrivals_per_day", TURNO_L_PER_DAY, TURNO_CELL_DECIMAL, TURNO_FOR_ALL},
	        [C_SHARE] = {"share_pct", TURNO_L_SHARE, TURNO_CELL_PERCENT, TURNO_FOR_ALL},
	        [C_WAIT_MEAN] = {"wait_mean_s", TURNO_L_WAIT_MEAN, TURNO_CELL_SECONDS, TURNO_FOR_ALL},
	        [C_WAIT_P90] = {"wait_p90_s", TURNO_L_WAIT_P90, TURNO_CELL_SECONDS, TURNO_FOR_ALL},
	        [C_WITHIN] = {"within_target_pct", TURNO_L_WITHIN_TARGET, TURNO_CELL_PERCENT, TURNO_FOR_ALL},
	};
	struct turno_table *t = turno_table_new();
	for (int c = 0; t && c < C_COUNT; c++) {
		if (turno_table_add_column_for(t, columns[c].key, turno_label(lang, columns[c].label),
		                               columns[c].kind, columns[c].audience) < 0) {
			turno_table_free(t);
			return NULL;
		}
	}
	return t;
}

static void set_if(struct turno_table *t, int row, int column, double value)
{
	if (value >= 0)
		turno_table_set_number(t, row, column, value);
}

static int add_cell(struct turno_table *t, int weekday, const struct turno_orari_cell *cell,
                    enum turno_lang lang)
{
	int row = turno_table_add_row(t);
	if (row < 0)
		return row;
	char hours[16] = "", a[8], b[8];
	if (cell->start_min >= 0)
		snprintf(hours, sizeof(hours), "%s-%s", turno_fmt_clock(cell->start_min, a, sizeof(a)),
		         turno_fmt_clock(cell->end_min, b, sizeof(b)));
	int rc = turno_table_set_text(t, row, C_WEEKDAY, turno_weekday_word(weekday, lang, true));
	if (rc == 0 && hours[0])
		rc = turno_table_set_text(t, row, C_HOURS, hours);
	turno_table_set_number(t, row, C_WEEKDAY_INDEX, weekday + 1);
	turno_table_set_number(t, row, C_DAYS, cell->days);
	turno_table_set_number(t, row, C_ARRIVALS, cell->fig.issued);
	set_if(t, row, C_PER_DAY, cell->per_day);
	set_if(t, row, C_SHARE, cell->share_pct);
	set_if(t, row, C_WAIT_MEAN, cell->fig.wait_n > 0 ? cell->fig.wait_mean_s : -1);
	set_if(t, row, C_WAIT_P90, cell->fig.wait_n > 0 ? cell->fig.wait_p90_s : -1);
	set_if(t, row, C_WITHIN, cell->fig.target_n > 0 ? cell->fig.within_target_pct : -1);
	return rc < 0 ? rc : row;
}

struct turno_table *turno_orari_band_table(const struct turno_orari_result *r, enum turno_lang lang)
{
	struct turno_table *t = new_table(false, lang);
	for (int wd = 0; t && wd < 7; wd++) {
		for (int b = 0; b < TURNO_BANDS; b++) {
			if (!turno_orari_band_shown(r, wd, (enum turno_band)b))
				continue;
			int row = add_cell(t, wd, &r->band[wd][b], lang);
			if (row < 0 ||
			    turno_table_set_text(t, row, C_SLOT, turno_band_key((enum turno_band)b)) < 0 ||
			    turno_table_set_text(t, row, C_BAND_NAME,
			                         turno_band_name((enum turno_band)b, lang)) < 0) {
				turno_table_free(t);
				return NULL;
			}
		}
	}
	return t;
}

struct turno_table *turno_orari_hour_table(const struct turno_orari_result *r, enum turno_lang lang)
{
	struct turno_table *t = new_table(true, lang);
	for (int wd = 0; t && wd < 7; wd++) {
		if (!r->weekday_shown[wd])
			continue;
		for (int h = r->first_hour; h >= 0 && h <= r->last_hour; h++) {
			const struct turno_orari_cell *cell = &r->hour[wd][h];
			int row = add_cell(t, wd, cell, lang);
			if (row < 0) {
				turno_table_free(t);
				return NULL;
			}
			turno_table_set_number(t, row, C_SLOT, h);
			if (turno_table_set_text(t, row, C_BAND_NAME, turno_band_name(cell->band, lang)) <
			    0) {
				turno_table_free(t);
				return NULL;
			}
		}
	}
	return t;
}

struct turno_table *turno_orari_grid_table(const struct turno_orari_result *r, enum turno_lang lang)
{
	struct turno_table *t = turno_table_new();
	if (!t)
		return NULL;
	bool ok = turno_table_add_column(t, "weekday", turno_label(lang, TURNO_L_ORARI_GRID_TITLE),
	                                 TURNO_CELL_TEXT) >= 0;
	char key[8];
	for (int h = r->first_hour; ok && h >= 0 && h <= r->last_hour; h++) {
		snprintf(key, sizeof(key), "%02d", h);
		ok = turno_table_add_column(t, key, key, TURNO_CELL_DECIMAL) >= 0;
	}
	for (int wd = 0; ok && wd < 7; wd++) {
		if (!r->weekday_shown[wd])
			continue;
		int row = turno_table_add_row(t);
		ok = row >= 0 && turno_table_set_text(t, row, 0, turno_weekday_word(wd, lang, false)) == 0;
		for (int h = r->first_hour, c = 1; ok && h >= 0 && h <= r->last_hour; h++, c++)
			set_if(t, row, c, r->hour[wd][h].per_day);
	}
	if (!ok) {
		turno_table_free(t);
		return NULL;
	}
	return t;
}
