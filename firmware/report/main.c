/* turno-report: waits, service times and attendance from the kiosk's database, checked
 * against the carta dei servizi's targets. Reads only: the database is opened
 * read-only, so it is safe to run while the kiosk is issuing tickets. */
#include "core/clock.h"
#include "core/config.h"
#include "core/error.h"
#include "core/log.h"
#include "core/outfile.h"
#include "core/store.h"
#include "report/aggregate.h"
#include "report/calendar.h"
#include "report/heatmap.h"
#include "report/labels.h"
#include "report/present.h"
#include "report/scan.h"
#include "report/svg.h"
#include "report/table.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EX_USAGE 64
#define EX_NOINPUT 66
#define EX_CANTCREAT 73
#define DEFAULT_CONFIG "/etc/turno/turno.ini"

enum command { CMD_SUMMARY, CMD_HEATMAP, CMD_TICKETS };
enum format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

struct options {
	const char *config_path;
	bool config_given;
	const char *database;
	const char *from, *to;
	const char *services;
	int counter;
	enum turno_group_by by;
	bool by_given;
	enum format format;
	enum turno_lang lang;
	const char *svg;
	enum command command;
};

static void usage(FILE *out)
{
	fputs("Usage: turno-report [OPTIONS] [summary|heatmap|tickets]\n"
	      "\n"
	      "Waiting and service times, attendance, and the share of citizens called within the\n"
	      "carta dei servizi's target, from the kiosk's database (read-only: safe while the\n"
	      "kiosk runs).\n"
	      "\n"
	      "Reports:\n"
	      "  summary   per service and overall (the default); with --by, per day, week, ...\n"
	      "  heatmap   arrivals and mean wait per weekday and hour of the opening hours\n"
	      "  tickets   one row per ticket with all its times\n"
	      "\n"
	      "Options:\n"
	      "  --config PATH      configuration (default " DEFAULT_CONFIG "): service names,\n"
	      "                     targets, opening hours, time zone, database path\n"
	      "  --database PATH    the database, or a copy of it (default: from the configuration)\n"
	      "  --from YYYY-MM-DD  first day (default: the first of the current month)\n"
	      "  --to YYYY-MM-DD    last day, included (default: the last of the current month)\n"
	      "  --service A[,B]    only these services (the service a ticket ended in)\n"
	      "  --counter N        only tickets called to counter N\n"
	      "  --by day|week|month|weekday|hour|counter|service\n"
	      "                     summary groups (default service)\n"
	      "  --format table|csv|json   (default table)\n"
	      "  --lang it|en       labels (default it)\n"
	      "  --svg FILE         also write charts (wait by hour, weekday x hour heatmap) as SVG\n"
	      "  -h, --help         this text\n"
	      "\n"
	      "Figures:\n"
	      "  Waits count every ticket called at least once (served, no-show, at a counter now),\n"
	      "  from issue to the call, across transfers. Service times count served tickets.\n"
	      "  Within target: share of those waits at most the service's target_wait_minutes.\n"
	      "  Times of day are the office's local time (the configured time zone, DST included).\n"
	      "\n"
	      "Percentiles are nearest-rank: the P-th percentile of N waits sorted ascending is the\n"
	      "one at rank ceil(P/100 x N), counting from 1 - always a wait that really happened.\n"
	      "The median is the 50th percentile (for an even N, the lower of the two middle ones).\n"
	      "\n"
	      "Exit status: 0 done, 64 bad usage, 66 database unreadable, 73 SVG not writable,\n"
	      "78 bad configuration.\n",
	      out);
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
	char message[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	turno_err("%s (see turno-report --help)", message);
	return EX_USAGE;
}

/* "A,B", "A B", "AB" → "AB". */
static int parse_services(const char *text, char out[27])
{
	size_t n = 0;
	for (const char *p = text; *p; p++) {
		if (*p == ',' || *p == ' ')
			continue;
		char letter = (char)toupper((unsigned char)*p);
		if (letter < 'A' || letter > 'Z' || n == 26)
			return -EINVAL;
		if (!strchr(out, letter)) {
			out[n++] = letter;
			out[n] = '\0';
		}
	}
	return n ? 0 : -EINVAL;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option long_options[] = {
	        {"config", required_argument, NULL, 'c'},  {"database", required_argument, NULL, 'd'},
	        {"from", required_argument, NULL, 'f'},    {"to", required_argument, NULL, 't'},
	        {"service", required_argument, NULL, 's'}, {"counter", required_argument, NULL, 'k'},
	        {"by", required_argument, NULL, 'b'},      {"format", required_argument, NULL, 'F'},
	        {"lang", required_argument, NULL, 'l'},    {"svg", required_argument, NULL, 'g'},
	        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
	};
	*o = (struct options){.config_path = DEFAULT_CONFIG, .by = TURNO_BY_SERVICE};
	int opt;
	while ((opt = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
		switch (opt) {
		case 'c':
			o->config_path = optarg;
			o->config_given = true;
			break;
		case 'd':
			o->database = optarg;
			break;
		case 'f':
			o->from = optarg;
			break;
		case 't':
			o->to = optarg;
			break;
		case 's':
			o->services = optarg;
			break;
		case 'k': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > TURNO_MAX_COUNTERS)
				return usage_error("--counter %s: give a counter number from 1 to 32",
				                   optarg);
			o->counter = (int)n;
			break;
		}
		case 'b':
			if (turno_group_by_parse(optarg, &o->by) < 0 || o->by == TURNO_BY_ALL)
				return usage_error(
				        "--by %s: use day, week, month, weekday, hour, counter or service",
				        optarg);
			o->by_given = true;
			break;
		case 'F':
			if (strcmp(optarg, "table") == 0)
				o->format = FORMAT_TABLE;
			else if (strcmp(optarg, "csv") == 0)
				o->format = FORMAT_CSV;
			else if (strcmp(optarg, "json") == 0)
				o->format = FORMAT_JSON;
			else
				return usage_error("--format %s: use table, csv or json", optarg);
			break;
		case 'l':
			if (turno_lang_parse(optarg, &o->lang) < 0)
				return usage_error("--lang %s: use it or en", optarg);
			break;
		case 'g':
			o->svg = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return usage_error("%s", "unknown option");
		}
	}
	o->command = CMD_SUMMARY;
	if (optind < argc) {
		const char *word = argv[optind++];
		if (strcmp(word, "summary") == 0)
			o->command = CMD_SUMMARY;
		else if (strcmp(word, "heatmap") == 0)
			o->command = CMD_HEATMAP;
		else if (strcmp(word, "tickets") == 0)
			o->command = CMD_TICKETS;
		else
			return usage_error("unknown report \"%s\": use summary, heatmap or tickets", word);
	}
	if (optind < argc)
		return usage_error("unexpected argument \"%s\"", argv[optind]);
	if (o->by_given && o->command != CMD_SUMMARY)
		return usage_error("%s", "--by applies to the summary report only");
	return 0;
}

/* The range asked for, or the current month in the office's time zone. */
static int resolve_range(const struct options *o, struct turno_report_filter *filter, int64_t *from_days,
                         int64_t *to_days)
{
	struct turno_date d;
	char today[11];
	struct turno_clock *clock = turno_clock_new_system();
	turno_local_date(clock ? turno_clock_wall_ms(clock) : 0, today);
	turno_clock_free(clock);
	if (turno_cal_parse_date(today, &d) < 0)
		d = (struct turno_date){1970, 1, 1};
	int64_t first = turno_cal_days(d.year, d.month, 1);
	int64_t last = turno_cal_days(d.year, d.month, turno_cal_days_in_month(d.year, d.month));
	if (o->from) {
		if (turno_cal_parse_date(o->from, &d) < 0)
			return usage_error("--from %s: not a date; write YYYY-MM-DD, e.g. 2026-01-01",
			                   o->from);
		first = turno_cal_days(d.year, d.month, d.day);
		if (!o->to) /* --from alone: up to the end of that month */
			last = turno_cal_days(d.year, d.month, turno_cal_days_in_month(d.year, d.month));
	}
	if (o->to) {
		if (turno_cal_parse_date(o->to, &d) < 0)
			return usage_error("--to %s: not a date; write YYYY-MM-DD, e.g. 2026-06-30", o->to);
		last = turno_cal_days(d.year, d.month, d.day);
		if (!o->from)
			first = turno_cal_days(d.year, d.month, 1);
	}
	if (last < first)
		return usage_error("--to %s is before --from: swap them", o->to ? o->to : "");
	turno_cal_format_date(first, filter->from);
	turno_cal_format_date(last, filter->to);
	*from_days = first;
	*to_days = last;
	return 0;
}

struct summary_state {
	enum turno_group_by by;
	const struct turno_config *config;
	struct turno_agg *groups, *total, *by_hour;
	struct turno_heatmap map;
	int error;
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
static int touch_empty_groups(struct turno_agg *agg, enum turno_group_by by, int64_t from_days,
                              int64_t to_days, const struct turno_config *config,
                              const struct turno_report_filter *filter)
{
	int rc = 0;
	switch (by) {
	case TURNO_BY_ALL:
		break;
	case TURNO_BY_DAY:
	case TURNO_BY_WEEK:
	case TURNO_BY_MONTH:
		for (int64_t day = from_days; rc == 0 && day <= to_days; day++) {
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

static cJSON *json_header(const char *report, const struct options *o,
                          const struct turno_report_filter *filter, const struct turno_config *config)
{
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return NULL;
	cJSON_AddStringToObject(root, "report", report);
	if (config)
		cJSON_AddStringToObject(root, "office", config->office_name);
	cJSON_AddStringToObject(root, "from", filter->from);
	cJSON_AddStringToObject(root, "to", filter->to);
	cJSON_AddStringToObject(root, "lang", o->lang == TURNO_LANG_IT ? "it" : "en");
	if (filter->services[0])
		cJSON_AddStringToObject(root, "services", filter->services);
	if (filter->counter)
		cJSON_AddNumberToObject(root, "counter", filter->counter);
	return root;
}

static int print_json(cJSON *root)
{
	char *text = root ? cJSON_Print(root) : NULL;
	if (!text)
		return -ENOMEM;
	fputs(text, stdout);
	fputc('\n', stdout);
	free(text);
	return 0;
}

/* One table in the chosen format. rows_key names the JSON array. */
static int emit_table(const struct options *o, const struct turno_report_filter *filter,
                      const struct turno_config *config, const char *report, const char *title,
                      const struct turno_table *table, bool total_last)
{
	switch (o->format) {
	case FORMAT_TABLE:
		if (title)
			printf("%s\n\n", title);
		return turno_table_write_text(table, stdout);
	case FORMAT_CSV:
		return turno_table_write_csv(table, stdout);
	case FORMAT_JSON: {
		cJSON *root = json_header(report, o, filter, config);
		cJSON *rows = turno_table_to_json(table);
		if (!root || !rows) {
			cJSON_Delete(root);
			cJSON_Delete(rows);
			return -ENOMEM;
		}
		if (total_last && cJSON_GetArraySize(rows) > 0)
			cJSON_AddItemToObject(root, "total",
			                      cJSON_DetachItemFromArray(rows, cJSON_GetArraySize(rows) - 1));
		cJSON_AddItemToObject(root, "rows", rows);
		int rc = print_json(root);
		cJSON_Delete(root);
		return rc;
	}
	}
	return 0;
}

/* "Office — Report title 2026-01-01 – 2026-06-30 — Servizio AB"; without the report
 * title for the charts, which show it as their heading. */
static void title_line(const struct options *o, const struct turno_report_filter *filter,
                       const struct turno_config *config, bool with_title, char *out, size_t out_len)
{
	int n = snprintf(out, out_len, "%s%s%s%s%s – %s", config ? config->office_name : "",
	                 config ? " — " : "", with_title ? turno_label(o->lang, TURNO_L_REPORT_TITLE) : "",
	                 with_title ? " " : "", filter->from, filter->to);
	if (filter->services[0] && n > 0 && (size_t)n < out_len)
		n += snprintf(out + n, out_len - (size_t)n, " — %s %s", turno_label(o->lang, TURNO_L_SERVICE),
		              filter->services);
	if (filter->counter && n > 0 && (size_t)n < out_len)
		snprintf(out + n, out_len - (size_t)n, " — %s %d", turno_label(o->lang, TURNO_L_COUNTER),
		         filter->counter);
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

static int write_svg(const struct options *o, const struct turno_report_filter *filter,
                     const struct turno_config *config, const struct turno_agg *by_hour,
                     const struct turno_heatmap *map)
{
	struct turno_heatmap_layout layout = turno_heatmap_layout(map, config ? &config->hours : NULL);
	struct turno_report_charts *charts = malloc(sizeof(*charts));
	if (!charts)
		return -ENOMEM;
	turno_report_charts_fill(charts, by_hour, map, &layout, o->lang);
	char subtitle[512];
	title_line(o, filter, config, false, subtitle, sizeof(subtitle));
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

static int run_summary_or_heatmap(const struct options *o, struct turno_store *store,
                                  struct turno_report_filter *filter, const struct turno_config *config,
                                  int64_t from_days, int64_t to_days)
{
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
	int rc = turno_report_scan(store, filter, summary_row, &s);
	if (rc < 0) {
		turno_err("reading the database failed: %s (%s)", turno_strerror(rc),
		          sqlite3_errmsg(turno_store_db(store)));
		status = EX_NOINPUT;
		goto out_free;
	}
	if ((summary && touch_empty_groups(s.groups, o->by, from_days, to_days, config, filter) < 0) ||
	    (s.groups && turno_agg_finish(s.groups) < 0) || turno_agg_finish(s.total) < 0 ||
	    (s.by_hour && turno_agg_finish(s.by_hour) < 0)) {
		turno_err("out of memory");
		goto out_free;
	}
	char title[512];
	title_line(o, filter, config, true, title, sizeof(title));
	if (summary) {
		struct turno_table *table =
		        turno_report_summary_table(s.groups, o->by, s.total, config, o->lang);
		if (!table) {
			turno_err("out of memory");
			goto out_free;
		}
		rc = emit_table(o, filter, config, "summary", title, table, true);
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
			rc = cells ? emit_table(o, filter, config, "heatmap", NULL, cells, false) : -ENOMEM;
			turno_table_free(cells);
		}
	}
	if (rc < 0) {
		turno_err("writing the report failed: %s", strerror(-rc));
		goto out_free;
	}
	status = o->svg ? write_svg(o, filter, config, s.by_hour, &s.map) : 0;
out_free:
	turno_agg_free(s.groups);
	turno_agg_free(s.total);
	turno_agg_free(s.by_hour);
	return status;
}

/* A ticket list can be a year of a busy office: CSV and JSON are written a chunk of rows
 * at a time so memory stays flat; the text table needs every row for its widths. */
#define TICKETS_CHUNK 4096

struct tickets_state {
	struct turno_table *table;
	const struct turno_config *config;
	const struct options *options;
	size_t written; /* rows already written (streaming formats) */
};

static int flush_tickets(struct tickets_state *s)
{
	int rc = 0;
	switch (s->options->format) {
	case FORMAT_TABLE:
		return 0;
	case FORMAT_CSV:
		rc = turno_table_write_csv_rows(s->table, stdout);
		break;
	case FORMAT_JSON:
		for (size_t r = 0; r < turno_table_rows(s->table) && rc == 0; r++) {
			cJSON *row = turno_table_row_to_json(s->table, r);
			char *text = row ? cJSON_PrintUnformatted(row) : NULL;
			cJSON_Delete(row);
			if (!text) {
				rc = -ENOMEM;
				break;
			}
			printf("%s\n\t%s", s->written++ ? "," : "", text);
			free(text);
		}
		break;
	}
	turno_table_clear_rows(s->table);
	return rc < 0 ? rc : ferror(stdout) ? -EIO : 0;
}

static int ticket_row(const struct turno_report_row *row, void *user)
{
	struct tickets_state *s = user;
	if (turno_report_tickets_add(s->table, row, s->config, s->options->lang) < 0)
		return -ENOMEM;
	if (s->options->format != FORMAT_TABLE && turno_table_rows(s->table) >= TICKETS_CHUNK)
		return flush_tickets(s);
	return 0;
}

/* The JSON document's head: the header fields and the opening of "rows". */
static int start_tickets_json(const struct options *o, const struct turno_report_filter *filter,
                              const struct turno_config *config)
{
	cJSON *root = json_header("tickets", o, filter, config);
	cJSON *rows = cJSON_CreateArray();
	if (!root || !rows || !cJSON_AddItemToObject(root, "rows", rows)) {
		cJSON_Delete(root);
		cJSON_Delete(rows);
		return -ENOMEM;
	}
	char *text = cJSON_Print(root);
	cJSON_Delete(root);
	if (!text)
		return -ENOMEM;
	/* "rows" was added last and empty: the text ends in "[]\n}"; keep it up to the "[". */
	char *bracket = strrchr(text, '[');
	if (bracket)
		bracket[1] = '\0';
	fputs(text, stdout);
	free(text);
	return 0;
}

static int run_tickets(const struct options *o, struct turno_store *store, struct turno_report_filter *filter,
                       const struct turno_config *config)
{
	struct tickets_state s = {
	        .table = turno_report_tickets_table_new(o->lang), .config = config, .options = o};
	if (!s.table) {
		turno_err("out of memory");
		return 1;
	}
	filter->ordered = true;
	filter->details = true;
	int rc = 0;
	if (o->format == FORMAT_CSV)
		rc = turno_table_write_csv_header(s.table, stdout);
	else if (o->format == FORMAT_JSON)
		rc = start_tickets_json(o, filter, config);
	if (rc == 0)
		rc = turno_report_scan(store, filter, ticket_row, &s);
	if (rc == TURNO_E_DB) {
		turno_err("reading the database failed: %s (%s)", turno_strerror(rc),
		          sqlite3_errmsg(turno_store_db(store)));
		turno_table_free(s.table);
		return EX_NOINPUT;
	}
	if (rc == 0) {
		if (o->format == FORMAT_TABLE) {
			char title[512];
			title_line(o, filter, config, true, title, sizeof(title));
			rc = emit_table(o, filter, config, "tickets", title, s.table, false);
		} else {
			rc = flush_tickets(&s);
			if (rc == 0 && o->format == FORMAT_JSON)
				fputs("\n]\n}\n", stdout);
		}
	}
	turno_table_free(s.table);
	if (rc < 0) {
		turno_err("writing the ticket list failed: %s", strerror(-rc));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	turno_log_set_ident("turno-report");
	struct options o;
	int status = parse_options(argc, argv, &o);
	if (status)
		return status;

	struct turno_config *config = NULL;
	char err[512];
	if (o.config_given || !o.database || access(o.config_path, F_OK) == 0) {
		int rc = turno_config_load(o.config_path, &config, err, sizeof(err));
		if (rc < 0) {
			turno_err("%s", err);
			return TURNO_EX_CONFIG;
		}
	}
	/* Without a configuration (only --database): no names or targets, local time as TZ says. */

	struct turno_report_filter filter = {.counter = o.counter};
	int64_t from_days = 0, to_days = 0;
	if ((status = resolve_range(&o, &filter, &from_days, &to_days)) != 0)
		goto out_config;
	if (o.services) {
		if (parse_services(o.services, filter.services) < 0) {
			status = usage_error("--service %s: give service letters, e.g. A or A,B", o.services);
			goto out_config;
		}
		for (const char *l = filter.services; config && *l; l++) {
			if (!turno_config_service(config, *l)) {
				char known[TURNO_MAX_SERVICES + 1] = "";
				for (int i = 0; i < config->service_count; i++)
					known[i] = config->services[i].letter;
				turno_err("--service %c: no such service in %s (known: %s)", *l, config->path,
				          known);
				status = EX_USAGE;
				goto out_config;
			}
		}
	}

	const char *path = o.database ? o.database : config->database;
	struct turno_store *store;
	const char *db_err;
	int rc = turno_store_open(path, TURNO_STORE_READONLY, &store, &db_err);
	if (rc < 0) {
		turno_err("cannot read the database %s; check the path (--database or [storage] database)",
		          db_err);
		status = EX_NOINPUT;
		goto out_config;
	}
	if (o.command == CMD_TICKETS) {
		if (o.svg)
			turno_warn("--svg is for the summary and heatmap reports; no chart written");
		status = run_tickets(&o, store, &filter, config);
	} else {
		status = run_summary_or_heatmap(&o, store, &filter, config, from_days, to_days);
	}
	turno_store_close(store);
out_config:
	turno_config_free(config);
	return status;
}
