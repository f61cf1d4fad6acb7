/* Changes are "after minus before": a positive wait change is a longer wait. */
#include "report/compare.h"

#include "report/calendar.h"
#include "report/labels.h"

#include <stdio.h>

struct turno_change turno_change_between(const struct turno_figures *before,
                                         const struct turno_figures *after)
{
	struct turno_change c = {0};
	c.issued_known = before->issued > 0;
	if (c.issued_known)
		c.issued_pct = 100.0 * (after->issued - before->issued) / before->issued;
	c.wait_known = before->wait_n > 0 && after->wait_n > 0;
	if (c.wait_known) {
		c.wait_mean_delta_s = after->wait_mean_s - before->wait_mean_s;
		c.wait_p90_delta_s = after->wait_p90_s - before->wait_p90_s;
	}
	c.target_known = before->target_n > 0 && after->target_n > 0;
	if (c.target_known)
		c.within_target_delta_pts = after->within_target_pct - before->within_target_pct;
	return c;
}

const char *turno_compare_key(enum turno_compare_row row)
{
	switch (row) {
	case TURNO_COMPARE_NOW:
		return "current";
	case TURNO_COMPARE_PREVIOUS:
		return "previous";
	case TURNO_COMPARE_YEAR_BEFORE:
		return "year_before";
	}
	return "?";
}

enum column {
	C_LABEL,
	C_KEY,
	C_FROM,
	C_TO,
	C_ISSUED,
	C_SERVED,
	C_WAIT_MEAN,
	C_WAIT_P90,
	C_WITHIN,
	C_ISSUED_CHANGE,
	C_WAIT_CHANGE,
	C_WITHIN_CHANGE,
	C_COUNT
};

static const struct {
	const char *key;
	enum turno_label label;
	enum turno_cell_kind kind;
	enum turno_audience audience;
} columns[C_COUNT] = {
        [C_LABEL] = {"period_name", TURNO_L_PERIOD, TURNO_CELL_TEXT, TURNO_FOR_ALL},
        [C_KEY] = {"period", TURNO_L_PERIOD, TURNO_CELL_TEXT, TURNO_FOR_PROGRAMS},
        [C_FROM] = {"from", TURNO_L_FROM, TURNO_CELL_TEXT, TURNO_FOR_ALL},
        [C_TO] = {"to", TURNO_L_TO, TURNO_CELL_TEXT, TURNO_FOR_ALL},
        [C_ISSUED] = {"issued", TURNO_L_ISSUED, TURNO_CELL_INT, TURNO_FOR_ALL},
        [C_SERVED] = {"served", TURNO_L_SERVED, TURNO_CELL_INT, TURNO_FOR_ALL},
        [C_WAIT_MEAN] = {"wait_mean_s", TURNO_L_WAIT_MEAN, TURNO_CELL_SECONDS, TURNO_FOR_ALL},
        [C_WAIT_P90] = {"wait_p90_s", TURNO_L_WAIT_P90, TURNO_CELL_SECONDS, TURNO_FOR_ALL},
        [C_WITHIN] = {"within_target_pct", TURNO_L_WITHIN_TARGET, TURNO_CELL_PERCENT, TURNO_FOR_ALL},
        [C_ISSUED_CHANGE] = {"issued_change_pct", TURNO_L_ISSUED_CHANGE, TURNO_CELL_PERCENT, TURNO_FOR_ALL},
        [C_WAIT_CHANGE] = {"wait_mean_change_s", TURNO_L_WAIT_CHANGE, TURNO_CELL_SECONDS, TURNO_FOR_ALL},
        [C_WITHIN_CHANGE] = {"within_target_change_pts", TURNO_L_WITHIN_CHANGE, TURNO_CELL_DECIMAL,
                             TURNO_FOR_ALL},
};

static void set_if(struct turno_table *t, int row, int column, double value)
{
	if (value >= 0)
		turno_table_set_number(t, row, column, value);
}

struct turno_table *turno_compare_table(const struct turno_period periods[TURNO_COMPARE_ROWS],
                                        const struct turno_figures totals[TURNO_COMPARE_ROWS],
                                        enum turno_lang lang)
{
	struct turno_table *t = turno_table_new();
	bool ok = t != NULL;
	for (int c = 0; ok && c < C_COUNT; c++)
		ok = turno_table_add_column_for(t, columns[c].key, turno_label(lang, columns[c].label),
		                                columns[c].kind, columns[c].audience) >= 0;
	for (int p = 0; ok && p < TURNO_COMPARE_ROWS; p++) {
		char name[128], from[11], to[11];
		const struct turno_figures *f = &totals[p];
		int row = turno_table_add_row(t);
		turno_cal_format_date(periods[p].from_days, from);
		turno_cal_format_date(periods[p].to_days, to);
		ok = row >= 0 &&
		     turno_table_set_text(t, row, C_LABEL,
		                          turno_period_name(&periods[p], lang, name, sizeof(name))) == 0 &&
		     turno_table_set_text(t, row, C_KEY, turno_compare_key((enum turno_compare_row)p)) == 0 &&
		     turno_table_set_text(t, row, C_FROM, from) == 0 &&
		     turno_table_set_text(t, row, C_TO, to) == 0;
		if (!ok)
			break;
		turno_table_set_number(t, row, C_ISSUED, f->issued);
		turno_table_set_number(t, row, C_SERVED, f->served);
		set_if(t, row, C_WAIT_MEAN, f->wait_n > 0 ? f->wait_mean_s : -1);
		set_if(t, row, C_WAIT_P90, f->wait_n > 0 ? f->wait_p90_s : -1);
		set_if(t, row, C_WITHIN, f->target_n > 0 ? f->within_target_pct : -1);
		if (p == TURNO_COMPARE_NOW)
			continue;
		/* The change from that period to this one. */
		struct turno_change ch = turno_change_between(f, &totals[TURNO_COMPARE_NOW]);
		if (ch.issued_known)
			turno_table_set_number(t, row, C_ISSUED_CHANGE, ch.issued_pct);
		if (ch.wait_known)
			turno_table_set_number(t, row, C_WAIT_CHANGE, ch.wait_mean_delta_s);
		if (ch.target_known)
			turno_table_set_number(t, row, C_WITHIN_CHANGE, ch.within_target_delta_pts);
	}
	if (!ok) {
		turno_table_free(t);
		return NULL;
	}
	return t;
}
