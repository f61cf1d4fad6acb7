/* turno-report's summary and heatmap reports (see cli.h), and their SVG charts. */
#include "core/log.h"
#include "core/outfile.h"
#include "report/calendar.h"
#include "report/cli.h"
#include "report/heatmap.h"
#include "report/labels.h"
#include "report/present.h"
#include "report/svg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct summary_state {
	enum turno_group_by by;
	const struct turno_config *config;
	struct turno_agg *groups, *total, *by_hour;
	struct turno_heatmap map;
};

static int summary_row(const struct turno_report_row *row, void *user)
{
	struct summary_state *s = user;
	int target = turno_report_target_s(s->config, row->service);
	int rc = 0;
	if (s->groups)
		rc = turno_agg_add(s->groups, turno_group_key(s->by, row), row, target);
	if (rc == 0)
		rc = turno_agg_add(s->total, 0, row, target);
	if (rc == 0 && s->by_hour)
		rc = turno_agg_add(s->by_hour, turno_group_key(TURNO_BY_HOUR, row), row, target);
	turno_heatmap_add(&s->map, turno_cal_weekday(row->local_days), row->local_minute,
	                  turno_report_row_wait(row));
	return rc;
}

/* Groups that must show even without tickets: every day, week and month of the range,
 * the weekdays and hours the office opens, the counters and services configured. */
static int touch_empty_groups(struct turno_agg *agg, enum turno_group_by by,
                              const struct turno_period *period, const struct turno_config *config,
                              const struct turno_report_filter *filter)
{
	int rc = 0;
	switch (by) {
	case TURNO_BY_ALL:
		break;
	case TURNO_BY_DAY:
	case TURNO_BY_WEEK:
	case TURNO_BY_MONTH:
		for (int64_t day = period->from_days; rc == 0 && day <= period->to_days; day++) {
			struct turno_report_row row = {.local_days = day};
			rc = turno_agg_touch(agg, turno_group_key(by, &row));
		}
		break;
	case TURNO_BY_WEEKDAY:
		for (int wd = 0; config && rc == 0 && wd < 7; wd++)
			if (config->hours.week.day[wd].count > 0)
				rc = turno_agg_touch(agg, wd);
		break;
	case TURNO_BY_HOUR: {
		static const struct turno_heatmap empty;
		struct turno_heatmap_layout layout =
		        turno_heatmap_layout(&empty, config ? &config->hours : NULL);
		for (int h = layout.first_hour; rc == 0 && h >= 0 && h <= layout.last_hour; h++)
			rc = turno_agg_touch(agg, h);
		break;
	}
	case TURNO_BY_COUNTER:
		for (int i = 0; config && rc == 0 && i < config->counter_count; i++)
			if (!filter->counter || filter->counter == config->counters[i].id)
				rc = turno_agg_touch(agg, config->counters[i].id);
		break;
	case TURNO_BY_SERVICE:
		for (int i = 0; config && rc == 0 && i < config->service_count; i++)
			if (!filter->services[0] || strchr(filter->services, config->services[i].letter))
				rc = turno_agg_touch(agg, (unsigned char)config->services[i].letter);
		break;
	}
	return rc;
}

struct svg_job {
	enum turno_lang lang;
	const char *subtitle;
	const struct turno_report_charts *charts;
};

static int produce_svg(FILE *out, void *data)
{
	const struct svg_job *job = data;
	const struct turno_report_charts *charts = job->charts;
	int rc = turno_svg_write(out, turno_label(job->lang, TURNO_L_REPORT_TITLE), job->subtitle,
	                         &charts->bars, charts->grid.rows > 0 ? &charts->grid : NULL);
	return rc < 0 ? -EIO : 0;
}

static int write_svg(const struct turno_cli_run *run, const struct turno_agg *by_hour,
                     const struct turno_heatmap *map)
{
	const struct turno_cli_options *o = run->options;
	const struct turno_config *config = run->offices[0].config;
	struct turno_heatmap_layout layout = turno_heatmap_layout(map, config ? &config->hours : NULL);
	struct turno_report_charts *charts = malloc(sizeof(*charts));
	if (!charts)
		return -ENOMEM;
	turno_report_charts_fill(charts, by_hour, map, &layout, o->lang);
	char subtitle[512];
	turno_cli_title(run, NULL, subtitle, sizeof(subtitle));
	/* Whole or not at all (a browser never shows half a chart), and never in place of a
	 * device or a directory (turno_file_write). */
	struct svg_job job = {o->lang, subtitle, charts};
	int rc = turno_file_write(o->svg, produce_svg, &job);
	free(charts);
	if (rc < 0) {
		turno_err("--svg %s: cannot write it: %s%s", o->svg, strerror(-rc),
		          rc == -EISDIR ? " (give a file name, e.g. semestre.svg)" : "");
		return EX_CANTCREAT;
	}
	return 0;
}

int turno_cli_summary(const struct turno_cli_run *run)
{
	const struct turno_cli_options *o = run->options;
	const struct turno_config *config = run->offices[0].config;
	struct summary_state s = {.by = o->by, .config = config};
	bool summary = o->command == CMD_SUMMARY;
	s.total = turno_agg_new();
	if (summary)
		s.groups = turno_agg_new();
	if (o->svg)
		s.by_hour = turno_agg_new();
	int status = 1;
	if (!s.total || (summary && !s.groups) || (o->svg && !s.by_hour)) {
		turno_err("out of memory");
		goto out_free;
	}
	int rc = turno_report_scan(run->offices[0].store, &run->filter, summary_row, &s);
	if (rc < 0) {
		status = turno_cli_read_failed(&run->offices[0], rc);
		goto out_free;
	}
	if ((summary && touch_empty_groups(s.groups, o->by, &run->period, config, &run->filter) < 0) ||
	    (s.groups && turno_agg_finish(s.groups) < 0) || turno_agg_finish(s.total) < 0 ||
	    (s.by_hour && turno_agg_finish(s.by_hour) < 0)) {
		turno_err("out of memory");
		goto out_free;
	}
	char title[512];
	turno_cli_title(run, turno_label(o->lang, TURNO_L_REPORT_TITLE), title, sizeof(title));
	if (summary) {
		struct turno_table *table =
		        turno_report_summary_table(s.groups, o->by, s.total, config, o->lang);
		if (!table) {
			turno_err("out of memory");
			goto out_free;
		}
		rc = turno_cli_emit_table(run, "summary", title, table, true);
		turno_table_free(table);
	} else {
		struct turno_heatmap_layout layout =
		        turno_heatmap_layout(&s.map, config ? &config->hours : NULL);
		if (o->format == FORMAT_TABLE) {
			struct turno_table *arrivals =
			        turno_report_heatmap_grid(&s.map, &layout, false, o->lang);
			struct turno_table *waits = turno_report_heatmap_grid(&s.map, &layout, true, o->lang);
			rc = arrivals && waits ? 0 : -ENOMEM;
			if (rc == 0) {
				printf("%s\n\n", title);
				rc = turno_table_write_text(arrivals, stdout);
				fputc('\n', stdout);
				if (rc == 0)
					rc = turno_table_write_text(waits, stdout);
			}
			turno_table_free(arrivals);
			turno_table_free(waits);
		} else {
			struct turno_table *cells = turno_report_heatmap_long(&s.map, &layout, o->lang);
			rc = cells ? turno_cli_emit_table(run, "heatmap", NULL, cells, false) : -ENOMEM;
			turno_table_free(cells);
		}
	}
	if (rc < 0) {
		turno_err("writing the report failed: %s", strerror(-rc));
		goto out_free;
	}
	status = o->svg ? write_svg(run, s.by_hour, &s.map) : 0;
out_free:
	turno_agg_free(s.groups);
	turno_agg_free(s.total);
	turno_agg_free(s.by_hour);
	return status;
}
