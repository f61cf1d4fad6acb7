/* Column sets and group names. The figures are rendered as numbers; the table module
 * decides how each format shows them. */
#include "report/present.h"

#include "core/clock.h"
#include "report/calendar.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

char *turno_report_group_label(enum turno_group_by by, int64_t key, const struct turno_config *config,
                               enum turno_lang lang, char *out, size_t out_len)
{
	switch (by) {
	case TURNO_BY_ALL:
		snprintf(out, out_len, "%s", turno_label(lang, TURNO_L_TOTAL));
		break;
	case TURNO_BY_DAY: {
		char date[11];
		turno_cal_format_date(key, date);
		snprintf(out, out_len, "%s", date);
		break;
	}
	case TURNO_BY_WEEK:
		snprintf(out, out_len, "%04d-W%02d", (int)(key / 100), (int)(key % 100));
		break;
	case TURNO_BY_MONTH:
		snprintf(out, out_len, "%04d-%02d", (int)(key / 100), (int)(key % 100));
		break;
	case TURNO_BY_WEEKDAY:
		snprintf(out, out_len, "%s", turno_weekday_name(lang, (int)key, 1));
		break;
	case TURNO_BY_HOUR:
		snprintf(out, out_len, "%02d:00-%02d:00", (int)key, (int)key + 1);
		break;
	case TURNO_BY_COUNTER: {
		const struct turno_counter_config *counter =
		        config ? turno_config_counter(config, (int)key) : NULL;
		if (key == 0)
			snprintf(out, out_len, "%s", turno_label(lang, TURNO_L_NO_COUNTER));
		else if (counter)
			snprintf(out, out_len, "%s", counter->name);
		else
			snprintf(out, out_len, "%s %d", turno_label(lang, TURNO_L_COUNTER), (int)key);
		break;
	}
	case TURNO_BY_SERVICE: {
		const char *name = turno_report_service_name(config, (char)key, lang);
		if (name)
			snprintf(out, out_len, "%c %s", (char)key, name);
		else
			snprintf(out, out_len, "%c", (char)key);
		break;
	}
	}
	return out;
}

const char *turno_report_service_name(const struct turno_config *config, char letter, enum turno_lang lang)
{
	const struct turno_service_config *service = config ? turno_config_service(config, letter) : NULL;
	if (!service)
		return NULL;
	return lang == TURNO_LANG_EN && service->name_en[0] ? service->name_en : service->name;
}

int turno_report_target_s(const struct turno_config *config, char service)
{
	const struct turno_service_config *s = config ? turno_config_service(config, service) : NULL;
	return s ? s->target_wait_minutes * 60 : 0;
}

static enum turno_label group_title(enum turno_group_by by)
{
	switch (by) {
	case TURNO_BY_ALL:
		return TURNO_L_ALL;
	case TURNO_BY_DAY:
		return TURNO_L_DAY;
	case TURNO_BY_WEEK:
		return TURNO_L_WEEK;
	case TURNO_BY_MONTH:
		return TURNO_L_MONTH;
	case TURNO_BY_WEEKDAY:
		return TURNO_L_WEEKDAY;
	case TURNO_BY_HOUR:
		return TURNO_L_HOUR;
	case TURNO_BY_COUNTER:
		return TURNO_L_COUNTER;
	case TURNO_BY_SERVICE:
		return TURNO_L_SERVICE;
	}
	return TURNO_L_ALL;
}

/* The figure columns, in the order a person reads them. */
enum figure {
	F_ISSUED,
	F_SERVED,
	F_NO_SHOW,
	F_EXPIRED,
	F_TRANSFERRED,
	F_PENDING,
	F_WAIT_MEAN,
	F_WAIT_MEDIAN,
	F_WAIT_P90,
	F_WAIT_MAX,
	F_SERVICE_MEAN,
	F_SERVICE_MEDIAN,
	F_WITHIN_TARGET,
	F_COUNT
};

static const struct {
	const char *key;
	enum turno_label label;
	enum turno_cell_kind kind;
} figure_columns[F_COUNT] = {
        [F_ISSUED] = {"issued", TURNO_L_ISSUED, TURNO_CELL_INT},
        [F_SERVED] = {"served", TURNO_L_SERVED, TURNO_CELL_INT},
        [F_NO_SHOW] = {"no_show", TURNO_L_NO_SHOW, TURNO_CELL_INT},
        [F_EXPIRED] = {"expired", TURNO_L_EXPIRED, TURNO_CELL_INT},
        [F_TRANSFERRED] = {"transferred", TURNO_L_TRANSFERRED, TURNO_CELL_INT},
        [F_PENDING] = {"pending", TURNO_L_PENDING, TURNO_CELL_INT},
        [F_WAIT_MEAN] = {"wait_mean_s", TURNO_L_WAIT_MEAN, TURNO_CELL_SECONDS},
        [F_WAIT_MEDIAN] = {"wait_median_s", TURNO_L_WAIT_MEDIAN, TURNO_CELL_SECONDS},
        [F_WAIT_P90] = {"wait_p90_s", TURNO_L_WAIT_P90, TURNO_CELL_SECONDS},
        [F_WAIT_MAX] = {"wait_max_s", TURNO_L_WAIT_MAX, TURNO_CELL_SECONDS},
        [F_SERVICE_MEAN] = {"service_mean_s", TURNO_L_SERVICE_MEAN, TURNO_CELL_SECONDS},
        [F_SERVICE_MEDIAN] = {"service_median_s", TURNO_L_SERVICE_MEDIAN, TURNO_CELL_SECONDS},
        [F_WITHIN_TARGET] = {"within_target_pct", TURNO_L_WITHIN_TARGET, TURNO_CELL_PERCENT},
};

static void set_if(struct turno_table *t, int row, int column, double value)
{
	if (value >= 0)
		turno_table_set_number(t, row, column, value);
}

static void put_figures(struct turno_table *t, int row, int first, const struct turno_figures *f)
{
	turno_table_set_number(t, row, first + F_ISSUED, f->issued);
	turno_table_set_number(t, row, first + F_SERVED, f->served);
	turno_table_set_number(t, row, first + F_NO_SHOW, f->no_show);
	turno_table_set_number(t, row, first + F_EXPIRED, f->expired);
	turno_table_set_number(t, row, first + F_TRANSFERRED, f->transferred);
	turno_table_set_number(t, row, first + F_PENDING, f->pending);
	set_if(t, row, first + F_WAIT_MEAN, f->wait_mean_s);
	set_if(t, row, first + F_WAIT_MEDIAN, f->wait_median_s);
	set_if(t, row, first + F_WAIT_P90, f->wait_p90_s);
	set_if(t, row, first + F_WAIT_MAX, f->wait_max_s);
	set_if(t, row, first + F_SERVICE_MEAN, f->service_mean_s);
	set_if(t, row, first + F_SERVICE_MEDIAN, f->service_median_s);
	set_if(t, row, first + F_WITHIN_TARGET, f->within_target_pct);
}

struct turno_table *turno_report_summary_table(const struct turno_agg *groups, enum turno_group_by by,
                                               const struct turno_agg *total,
                                               const struct turno_config *config, enum turno_lang lang)
{
	struct turno_table *t = turno_table_new();
	if (!t)
		return NULL;
	/* A service is one cell for a person ("A Anagrafe") and two members for a program. */
	bool by_service = by == TURNO_BY_SERVICE;
	bool ok = turno_table_add_column_for(t, by_service ? "service_label" : turno_group_by_name(by),
	                                     turno_label(lang, group_title(by)), TURNO_CELL_TEXT,
	                                     by_service ? TURNO_FOR_PEOPLE : TURNO_FOR_ALL) >= 0;
	int target_col = -1;
	if (by_service) {
		ok = ok &&
		     turno_table_add_column_for(t, "service", turno_label(lang, TURNO_L_SERVICE),
		                                TURNO_CELL_TEXT, TURNO_FOR_PROGRAMS) >= 0 &&
		     turno_table_add_column_for(t, "service_name", turno_label(lang, TURNO_L_SERVICE_NAME),
		                                TURNO_CELL_TEXT, TURNO_FOR_PROGRAMS) >= 0;
		target_col = turno_table_add_column(t, "target_min", turno_label(lang, TURNO_L_TARGET),
		                                    TURNO_CELL_INT);
		ok = ok && target_col >= 0;
	}
	int first = (int)turno_table_columns(t);
	for (int f = 0; f < F_COUNT && ok; f++)
		ok = turno_table_add_column(t, figure_columns[f].key,
		                            turno_label(lang, figure_columns[f].label),
		                            figure_columns[f].kind) >= 0;
	char name[TURNO_TEXT + 8];
	for (size_t i = 0; ok && groups && i < turno_agg_count(groups); i++) {
		const struct turno_figures *f = turno_agg_group(groups, i);
		int row = turno_table_add_row(t);
		ok = row >= 0 && turno_table_set_text(t, row, 0,
		                                      turno_report_group_label(by, f->key, config, lang, name,
		                                                               sizeof(name))) == 0;
		if (ok && by_service) {
			char letter[2] = {(char)f->key, '\0'};
			const char *service_name = turno_report_service_name(config, (char)f->key, lang);
			ok = turno_table_set_text(t, row, 1, letter) == 0 &&
			     (!service_name || turno_table_set_text(t, row, 2, service_name) == 0);
		}
		if (!ok)
			break;
		if (target_col >= 0 && turno_report_target_s(config, (char)f->key) > 0)
			turno_table_set_number(t, row, target_col,
			                       turno_report_target_s(config, (char)f->key) / 60);
		put_figures(t, row, first, f);
	}
	if (ok && total) {
		const struct turno_figures *f = turno_agg_find(total, 0);
		struct turno_figures empty = {0};
		if (!f) {
			/* No ticket at all: counts are zero, times unknown. */
			empty.wait_mean_s = empty.service_mean_s = empty.within_target_pct = -1;
			empty.wait_median_s = empty.wait_p90_s = empty.wait_max_s = empty.service_median_s =
			        -1;
			f = &empty;
		}
		int row = turno_table_add_row(t);
		ok = row >= 0 && turno_table_set_text(t, row, 0, turno_label(lang, TURNO_L_TOTAL)) == 0 &&
		     (!by_service || turno_table_set_text(t, row, 2, turno_label(lang, TURNO_L_TOTAL)) == 0);
		if (ok) {
			turno_table_mark_total(t, row);
			put_figures(t, row, first, f);
		}
	}
	if (!ok) {
		turno_table_free(t);
		return NULL;
	}
	return t;
}

struct turno_table *turno_report_heatmap_grid(const struct turno_heatmap *map,
                                              const struct turno_heatmap_layout *layout, bool waits,
                                              enum turno_lang lang)
{
	struct turno_table *t = turno_table_new();
	if (!t)
		return NULL;
	bool ok = turno_table_add_column(t, "weekday",
	                                 turno_label(lang, waits ? TURNO_L_HEATMAP_WAIT_TITLE
	                                                         : TURNO_L_HEATMAP_ARRIVALS_TITLE),
	                                 TURNO_CELL_TEXT) >= 0;
	char key[8];
	for (int h = layout->first_hour; ok && h >= 0 && h <= layout->last_hour; h++) {
		snprintf(key, sizeof(key), "%02d", h);
		ok = turno_table_add_column(t, key, key, waits ? TURNO_CELL_SECONDS : TURNO_CELL_INT) >= 0;
	}
	for (int wd = 0; ok && wd < 7; wd++) {
		if (!layout->row[wd])
			continue;
		int row = turno_table_add_row(t);
		ok = row >= 0 && turno_table_set_text(t, row, 0, turno_weekday_name(lang, wd, 0)) == 0;
		for (int h = layout->first_hour, c = 1; ok && h >= 0 && h <= layout->last_hour; h++, c++) {
			if (waits)
				set_if(t, row, c, turno_heatmap_mean_wait(map, wd, h));
			else
				turno_table_set_number(t, row, c, map->arrivals[wd][h]);
		}
	}
	if (!ok) {
		turno_table_free(t);
		return NULL;
	}
	return t;
}

struct turno_table *turno_report_heatmap_long(const struct turno_heatmap *map,
                                              const struct turno_heatmap_layout *layout, enum turno_lang lang)
{
	struct turno_table *t = turno_table_new();
	if (!t)
		return NULL;
	bool ok = turno_table_add_column(t, "weekday", turno_label(lang, TURNO_L_WEEKDAY), TURNO_CELL_TEXT) >=
	                  0 &&
	          turno_table_add_column(t, "weekday_index", "#", TURNO_CELL_INT) >= 0 &&
	          turno_table_add_column(t, "hour", turno_label(lang, TURNO_L_HOUR), TURNO_CELL_INT) >= 0 &&
	          turno_table_add_column(t, "arrivals", turno_label(lang, TURNO_L_ARRIVALS),
	                                 TURNO_CELL_INT) >= 0 &&
	          turno_table_add_column(t, "wait_mean_s", turno_label(lang, TURNO_L_WAIT_MEAN),
	                                 TURNO_CELL_SECONDS) >= 0;
	for (int wd = 0; ok && wd < 7; wd++) {
		if (!layout->row[wd])
			continue;
		for (int h = layout->first_hour; ok && h >= 0 && h <= layout->last_hour; h++) {
			int row = turno_table_add_row(t);
			ok = row >= 0 &&
			     turno_table_set_text(t, row, 0, turno_weekday_name(lang, wd, 1)) == 0;
			if (!ok)
				break;
			turno_table_set_number(t, row, 1, wd + 1); /* ISO: Monday = 1 */
			turno_table_set_number(t, row, 2, h);
			turno_table_set_number(t, row, 3, map->arrivals[wd][h]);
			set_if(t, row, 4, turno_heatmap_mean_wait(map, wd, h));
		}
	}
	if (!ok) {
		turno_table_free(t);
		return NULL;
	}
	return t;
}

enum ticket_column {
	T_DAY,
	T_LABEL,
	T_ISSUED_AS,
	T_SERVICE,
	T_PRIORITY,
	T_STATE,
	T_COUNTER,
	T_ISSUED_AT,
	T_CALLED_AT,
	T_FINISHED_AT,
	T_WAIT,
	T_SERVICE_TIME,
	T_RECALLS,
	T_TRANSFERS,
	T_PRINT,
	T_COUNT
};

static const struct {
	const char *key;
	enum turno_label label;
	enum turno_cell_kind kind;
} ticket_columns[T_COUNT] = {
        [T_DAY] = {"day", TURNO_L_DAY, TURNO_CELL_TEXT},
        [T_LABEL] = {"label", TURNO_L_LABEL, TURNO_CELL_TEXT},
        [T_ISSUED_AS] = {"issued_for", TURNO_L_ISSUED_AS, TURNO_CELL_TEXT},
        [T_SERVICE] = {"service", TURNO_L_SERVICE, TURNO_CELL_TEXT},
        [T_PRIORITY] = {"priority", TURNO_L_PRIORITY, TURNO_CELL_TEXT},
        [T_STATE] = {"state", TURNO_L_STATE, TURNO_CELL_TEXT},
        [T_COUNTER] = {"counter", TURNO_L_COUNTER, TURNO_CELL_INT},
        [T_ISSUED_AT] = {"issued_local", TURNO_L_ISSUED_AT, TURNO_CELL_TEXT},
        [T_CALLED_AT] = {"called_local", TURNO_L_CALLED_AT, TURNO_CELL_TEXT},
        [T_FINISHED_AT] = {"finished_local", TURNO_L_FINISHED_AT, TURNO_CELL_TEXT},
        [T_WAIT] = {"wait_s", TURNO_L_WAIT, TURNO_CELL_SECONDS},
        [T_SERVICE_TIME] = {"service_s", TURNO_L_SERVICE_TIME, TURNO_CELL_SECONDS},
        [T_RECALLS] = {"recalls", TURNO_L_RECALLS, TURNO_CELL_INT},
        [T_TRANSFERS] = {"transfers", TURNO_L_TRANSFERS, TURNO_CELL_INT},
        [T_PRINT] = {"print", TURNO_L_PRINT, TURNO_CELL_TEXT},
};

struct turno_table *turno_report_tickets_table_new(enum turno_lang lang)
{
	struct turno_table *t = turno_table_new();
	if (!t)
		return NULL;
	for (int c = 0; c < T_COUNT; c++) {
		if (turno_table_add_column(t, ticket_columns[c].key,
		                           turno_label(lang, ticket_columns[c].label),
		                           ticket_columns[c].kind) < 0) {
			turno_table_free(t);
			return NULL;
		}
	}
	return t;
}

void turno_report_local_time(int64_t utc_ms, char out[20])
{
	out[0] = '\0';
	if (utc_ms == 0)
		return;
	struct tm tm;
	turno_local_tm(utc_ms, &tm);
	if (strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		out[0] = '\0';
}

static const char *state_word(enum turno_report_state state)
{
	switch (state) {
	case TURNO_REPORT_WAITING:
		return "waiting";
	case TURNO_REPORT_CALLED:
		return "called";
	case TURNO_REPORT_COMPLETED:
		return "completed";
	case TURNO_REPORT_NO_SHOW:
		return "no_show";
	case TURNO_REPORT_EXPIRED:
		return "expired";
	}
	return "?";
}

int turno_report_tickets_add(struct turno_table *t, const struct turno_report_row *r,
                             const struct turno_config *config, enum turno_lang lang)
{
	int row = turno_table_add_row(t);
	if (row < 0)
		return row;
	char one[2] = {0}, called[20], finished[20];
	int rc = turno_table_set_text(t, row, T_DAY, r->day);
	rc |= turno_table_set_text(t, row, T_LABEL, r->label);
	one[0] = r->prefix;
	rc |= turno_table_set_text(t, row, T_ISSUED_AS, one);
	one[0] = r->service;
	rc |= turno_table_set_text(t, row, T_SERVICE, one);
	rc |= turno_table_set_text(t, row, T_PRIORITY,
	                           turno_label(lang, r->priority ? TURNO_L_YES : TURNO_L_NO));
	rc |= turno_table_set_text(t, row, T_STATE, turno_state_label(lang, state_word(r->state)));
	if (r->counter > 0)
		turno_table_set_number(t, row, T_COUNTER, r->counter);
	rc |= turno_table_set_text(t, row, T_ISSUED_AT, r->issued_local);
	turno_report_local_time(r->called_utc_ms, called);
	turno_report_local_time(r->finished_utc_ms, finished);
	if (called[0])
		rc |= turno_table_set_text(t, row, T_CALLED_AT, called);
	if (finished[0])
		rc |= turno_table_set_text(t, row, T_FINISHED_AT, finished);
	set_if(t, row, T_WAIT, r->wait_s);
	set_if(t, row, T_SERVICE_TIME, r->service_s);
	turno_table_set_number(t, row, T_RECALLS, r->recalls);
	turno_table_set_number(t, row, T_TRANSFERS, r->transfers);
	rc |= turno_table_set_text(t, row, T_PRINT, turno_state_label(lang, r->print_state));
	return rc ? -1 : 0;
}

void turno_report_charts_fill(struct turno_report_charts *c, const struct turno_agg *by_hour,
                              const struct turno_heatmap *map, const struct turno_heatmap_layout *layout,
                              enum turno_lang lang)
{
	memset(c, 0, sizeof(*c));
	int n = 0;
	for (int h = layout->first_hour; h >= 0 && h <= layout->last_hour; h++, n++) {
		snprintf(c->labels[n], sizeof(c->labels[n]), "%02d", h);
		c->hour_labels[n] = c->labels[n];
		const struct turno_figures *f = by_hour ? turno_agg_find(by_hour, h) : NULL;
		c->mean_s[n] = f && f->wait_n > 0 ? f->wait_mean_s : -1;
		c->p90_s[n] = f && f->wait_n > 0 ? f->wait_p90_s : -1;
	}
	c->bars = (struct turno_svg_bars){
	        .title = turno_label(lang, TURNO_L_CHART_WAIT_BY_HOUR),
	        .x_label = turno_label(lang, TURNO_L_AXIS_HOUR),
	        .y_label = turno_label(lang, TURNO_L_AXIS_MINUTES),
	        .legend_mean = turno_label(lang, TURNO_L_LEGEND_MEAN),
	        .legend_p90 = turno_label(lang, TURNO_L_LEGEND_P90),
	        .n = n,
	        .labels = c->hour_labels,
	        .mean_s = c->mean_s,
	        .p90_s = c->p90_s,
	};
	int rows = 0;
	for (int wd = 0; wd < 7; wd++) {
		if (!layout->row[wd])
			continue;
		snprintf(c->row_names[rows], sizeof(c->row_names[rows]), "%s",
		         turno_weekday_name(lang, wd, 1));
		c->row_labels[rows] = c->row_names[rows];
		for (int h = layout->first_hour, col = 0; h >= 0 && h <= layout->last_hour; h++, col++) {
			c->grid_values[rows * n + col] = turno_heatmap_mean_wait(map, wd, h);
			c->grid_counts[rows * n + col] = map->arrivals[wd][h];
		}
		rows++;
	}
	c->grid = (struct turno_svg_grid){
	        .title = turno_label(lang, TURNO_L_CHART_HEATMAP),
	        .x_label = turno_label(lang, TURNO_L_AXIS_HOUR),
	        .y_label = turno_label(lang, TURNO_L_AXIS_WEEKDAY),
	        .no_data = turno_label(lang, TURNO_L_NO_DATA),
	        .count_note = turno_label(lang, TURNO_L_COUNT_NOTE),
	        .rows = rows,
	        .cols = n,
	        .row_labels = c->row_labels,
	        .col_labels = c->hour_labels,
	        .value_s = c->grid_values,
	        .count = c->grid_counts,
	};
}
