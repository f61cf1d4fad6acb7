/* turno-report: waits, service times and attendance from the kiosk's database, checked
 * against the carta dei servizi's targets; the opening-hours analysis; the semester
 * report as a PDF. Reads only: the database is opened read-only, so it is safe to run
 * while the kiosk is issuing tickets. This file: options and the tickets list;
 * cli_summary.c: summary and heatmap; cli_semester.c: orari, compare, pdf. */
#include "core/clock.h"
#include "core/config.h"
#include "core/error.h"
#include "core/log.h"
#include "core/store.h"
#include "report/aggregate.h"
#include "report/calendar.h"
#include "report/cli.h"
#include "report/labels.h"
#include "report/period.h"
#include "report/present.h"
#include "report/scan.h"
#include "report/table.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_CONFIG "/etc/turno/turno.ini"

static void usage(FILE *out)
{
	fputs("Usage: turno-report [OPTIONS] [summary|heatmap|tickets|orari|compare|pdf]\n"
	      "\n"
	      "Waiting and service times, attendance, and the share of citizens called within the\n"
	      "carta dei servizi's target, from the kiosk's database (read-only: safe while the\n"
	      "kiosk runs).\n"
	      "\n"
	      "Reports:\n"
	      "  summary   per service and overall (the default); with --by, per day, week, ...\n"
	      "  heatmap   arrivals and mean wait per weekday and hour of the opening hours\n"
	      "  tickets   one row per ticket with all its times\n"
	      "  orari     the opening hours: per weekday and band (morning, afternoon; --by hour:\n"
	      "            hour by hour) people per opening day, share of users, waits, days counted\n"
	      "  compare   the period against the one before it and the same period a year before\n"
	      "  pdf       the semester report for the Sindaco as an A4 PDF (-o FILE); with\n"
	      "            --format json the figures it is made of\n"
	      "\n"
	      "Options:\n"
	      "  --config PATH      configuration (default " DEFAULT_CONFIG "): service names,\n"
	      "                     targets, opening hours, time zone, database path. For pdf it may\n"
	      "                     be repeated, one per office (each with its own --database)\n"
	      "  --database PATH    the database, or a copy of it (default: from the configuration)\n"
	      "  --from DATE        first day: 2026-01-01 or 01/01/2026 (default: the first of the\n"
	      "                     current month)\n"
	      "  --to DATE          last day, included (default: the last of the current month)\n"
	      "  --month 2026-03    a month; also 03/2026\n"
	      "  --quarter 2026-2   a quarter (1-4); also 2026-Q2, 2/2026\n"
	      "  --semester 2026-1  a semester (1 or 2); also 1/2026\n"
	      "  --year 2026        a year\n"
	      "  --service A[,B]    only these services (the service a ticket ended in)\n"
	      "  --counter N        only tickets called to counter N\n"
	      "  --by day|week|month|weekday|hour|counter|service\n"
	      "                     summary groups (default service); orari: band (default) or hour\n"
	      "  --format table|csv|csv-it|json   (default table). csv: RFC 4180, seconds, for\n"
	      "                     programs; csv-it: for LibreOffice/Excel with Italian settings\n"
	      "                     (';', decimal comma, minutes, UTF-8 with BOM)\n"
	      "  --lang it|en       labels (default it)\n"
	      "  --svg FILE         also write charts (wait by hour, weekday x hour heatmap) as SVG\n"
	      "  -o, --output FILE  pdf: the file to write\n"
	      "  --title TEXT       pdf: the name on the cover (default: the office's, or \"Uffici\")\n"
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
	      "Exit status: 0 done, 64 bad usage, 66 database unreadable, 73 output file not\n"
	      "writable, 78 bad configuration.\n",
	      out);
}

int turno_cli_usage_error(const char *fmt, ...)
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

static const struct {
	const char *word;
	enum turno_cli_command command;
} commands[] = {
        {"summary", CMD_SUMMARY}, {"heatmap", CMD_HEATMAP}, {"tickets", CMD_TICKETS},
        {"orari", CMD_ORARI},     {"compare", CMD_COMPARE}, {"pdf", CMD_PDF},
};

static int parse_named(struct turno_cli_options *o, const char *option, const char *value)
{
	if (o->named_option)
		return turno_cli_usage_error("%s and %s: give one period", o->named_option, option);
	o->named_option = option;
	o->named_value = value;
	return 0;
}

static int parse_options(int argc, char **argv, struct turno_cli_options *o)
{
	static const struct option long_options[] = {
	        {"config", required_argument, NULL, 'c'},   {"database", required_argument, NULL, 'd'},
	        {"from", required_argument, NULL, 'f'},     {"to", required_argument, NULL, 't'},
	        {"service", required_argument, NULL, 's'},  {"counter", required_argument, NULL, 'k'},
	        {"by", required_argument, NULL, 'b'},       {"format", required_argument, NULL, 'F'},
	        {"lang", required_argument, NULL, 'l'},     {"svg", required_argument, NULL, 'g'},
	        {"month", required_argument, NULL, 'M'},    {"quarter", required_argument, NULL, 'Q'},
	        {"semester", required_argument, NULL, 'S'}, {"year", required_argument, NULL, 'Y'},
	        {"output", required_argument, NULL, 'o'},   {"title", required_argument, NULL, 'T'},
	        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
	};
	*o = (struct turno_cli_options){.by = TURNO_BY_SERVICE};
	const char *by_text = NULL;
	int opt, rc = 0;
	while (rc == 0 && (opt = getopt_long(argc, argv, "ho:", long_options, NULL)) != -1) {
		switch (opt) {
		case 'c':
			if (o->config_count == TURNO_SEM_MAX_OFFICES)
				return turno_cli_usage_error("--config: at most %d offices",
				                             TURNO_SEM_MAX_OFFICES);
			o->config_paths[o->config_count++] = optarg;
			o->config_given = true;
			break;
		case 'd':
			if (o->database_count == TURNO_SEM_MAX_OFFICES)
				return turno_cli_usage_error("--database: at most %d offices",
				                             TURNO_SEM_MAX_OFFICES);
			o->databases[o->database_count++] = optarg;
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
				return turno_cli_usage_error(
				        "--counter %s: give a counter number from 1 to 32", optarg);
			o->counter = (int)n;
			break;
		}
		case 'b':
			by_text = optarg;
			break;
		case 'F':
			if (strcmp(optarg, "table") == 0)
				o->format = FORMAT_TABLE;
			else if (strcmp(optarg, "csv") == 0)
				o->format = FORMAT_CSV;
			else if (strcmp(optarg, "csv-it") == 0)
				o->format = FORMAT_CSV_IT;
			else if (strcmp(optarg, "json") == 0)
				o->format = FORMAT_JSON;
			else
				return turno_cli_usage_error("--format %s: use table, csv, csv-it or json",
				                             optarg);
			break;
		case 'l':
			if (turno_lang_parse(optarg, &o->lang) < 0)
				return turno_cli_usage_error("--lang %s: use it or en", optarg);
			break;
		case 'g':
			o->svg = optarg;
			break;
		case 'M':
			rc = parse_named(o, "--month", optarg);
			break;
		case 'Q':
			rc = parse_named(o, "--quarter", optarg);
			break;
		case 'S':
			rc = parse_named(o, "--semester", optarg);
			break;
		case 'Y':
			rc = parse_named(o, "--year", optarg);
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'T':
			o->title = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return turno_cli_usage_error("%s", "unknown option");
		}
	}
	if (rc)
		return rc;
	o->command = CMD_SUMMARY;
	if (optind < argc) {
		const char *word = argv[optind++];
		size_t i = 0;
		while (i < sizeof(commands) / sizeof(commands[0]) && strcmp(word, commands[i].word) != 0)
			i++;
		if (i == sizeof(commands) / sizeof(commands[0]))
			return turno_cli_usage_error(
			        "unknown report \"%s\": use summary, heatmap, tickets, orari, compare or pdf",
			        word);
		o->command = commands[i].command;
	}
	if (optind < argc)
		return turno_cli_usage_error("unexpected argument \"%s\"", argv[optind]);
	if (by_text && o->command == CMD_ORARI) {
		if (strcmp(by_text, "hour") != 0 && strcmp(by_text, "band") != 0)
			return turno_cli_usage_error("--by %s: the orari report is by band or by hour",
			                             by_text);
		o->orari_by_hour = strcmp(by_text, "hour") == 0;
	} else if (by_text) {
		if (o->command != CMD_SUMMARY)
			return turno_cli_usage_error("%s",
			                             "--by applies to the summary and orari reports only");
		if (turno_group_by_parse(by_text, &o->by) < 0 || o->by == TURNO_BY_ALL)
			return turno_cli_usage_error(
			        "--by %s: use day, week, month, weekday, hour, counter or service", by_text);
		o->by_given = true;
	}
	if (o->named_option && (o->from || o->to))
		return turno_cli_usage_error("%s with --from/--to: give one period", o->named_option);
	if (o->command == CMD_PDF && o->format != FORMAT_JSON && !o->output)
		return turno_cli_usage_error(
		        "%s", "pdf: give the file to write with -o FILE, e.g. -o semestre.pdf");
	if (o->command == CMD_PDF && (o->format == FORMAT_CSV || o->format == FORMAT_CSV_IT))
		return turno_cli_usage_error(
		        "%s", "pdf: --format json prints its figures; csv is for the other reports");
	if (o->command == CMD_PDF && o->counter)
		return turno_cli_usage_error(
		        "%s", "pdf: the semester report is for whole offices; --counter is not for it");
	if (o->output && o->command != CMD_PDF)
		return turno_cli_usage_error("%s",
		                             "-o is for the pdf report (the others print on the screen)");
	if (o->command != CMD_PDF && (o->config_count > 1 || o->database_count > 1))
		return turno_cli_usage_error("%s",
		                             "several offices (--config or --database twice) only for pdf");
	if (o->database_count > 1 && o->database_count != o->config_count)
		return turno_cli_usage_error(
		        "%s", "several offices: give one --config for each --database, in order");
	return 0;
}

/* The range asked for, or the current month in the office's time zone. */
static int resolve_range(const struct turno_cli_options *o, struct turno_cli_run *run)
{
	struct turno_date today = turno_cal_from_days(o->today_days);
	int64_t first = turno_cal_days(today.year, today.month, 1);
	int64_t last = first + turno_cal_days_in_month(today.year, today.month) - 1;
	if (o->named_option) {
		struct turno_period p;
		int rc = strcmp(o->named_option, "--month") == 0 ? turno_period_month(o->named_value, &p)
		         : strcmp(o->named_option, "--quarter") == 0
		                 ? turno_period_quarter(o->named_value, &p)
		         : strcmp(o->named_option, "--semester") == 0
		                 ? turno_period_semester(o->named_value, &p)
		                 : turno_period_year(o->named_value, &p);
		if (rc < 0)
			return turno_cli_usage_error("%s %s: write e.g. --month 2026-03, --quarter 2026-2, "
			                             "--semester 2026-1, --year 2026",
			                             o->named_option, o->named_value);
		first = p.from_days;
		last = p.to_days;
	}
	if (o->from) {
		if (turno_period_parse_date(o->from, &first) < 0)
			return turno_cli_usage_error(
			        "--from %s: not a date; write YYYY-MM-DD or DD/MM/YYYY, e.g. "
			        "2026-01-01 or 01/01/2026",
			        o->from);
		if (!o->to) { /* --from alone: up to the end of that month */
			struct turno_date d = turno_cal_from_days(first);
			last = turno_cal_days(d.year, d.month, turno_cal_days_in_month(d.year, d.month));
		}
	}
	if (o->to) {
		if (turno_period_parse_date(o->to, &last) < 0)
			return turno_cli_usage_error(
			        "--to %s: not a date; write YYYY-MM-DD or DD/MM/YYYY, e.g. "
			        "2026-06-30 or 30/06/2026",
			        o->to);
		if (!o->from) {
			struct turno_date d = turno_cal_from_days(last);
			first = turno_cal_days(d.year, d.month, 1);
		}
	}
	if (last < first)
		return turno_cli_usage_error("--to %s is before --from: swap them", o->to ? o->to : "");
	turno_cal_format_date(first, run->filter.from);
	turno_cal_format_date(last, run->filter.to);
	run->period = turno_period_of(first, last);
	return 0;
}

cJSON *turno_cli_json_header(const char *report, const struct turno_cli_run *run)
{
	const struct turno_config *config = run->offices[0].config;
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return NULL;
	cJSON_AddStringToObject(root, "report", report);
	if (config)
		cJSON_AddStringToObject(root, "office", config->office_name);
	cJSON_AddStringToObject(root, "from", run->filter.from);
	cJSON_AddStringToObject(root, "to", run->filter.to);
	cJSON_AddStringToObject(root, "lang", run->options->lang == TURNO_LANG_IT ? "it" : "en");
	if (run->filter.services[0])
		cJSON_AddStringToObject(root, "services", run->filter.services);
	if (run->filter.counter)
		cJSON_AddNumberToObject(root, "counter", run->filter.counter);
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

int turno_cli_emit_table(const struct turno_cli_run *run, const char *report, const char *title,
                         const struct turno_table *table, bool total_last)
{
	switch (run->options->format) {
	case FORMAT_TABLE:
		if (title)
			printf("%s\n\n", title);
		return turno_table_write_text(table, stdout);
	case FORMAT_CSV:
		return turno_table_write_csv_styled(table, TURNO_CSV_PROGRAMS, stdout);
	case FORMAT_CSV_IT:
		return turno_table_write_csv_styled(table, TURNO_CSV_ITALIAN, stdout);
	case FORMAT_JSON: {
		cJSON *root = turno_cli_json_header(report, run);
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

void turno_cli_title(const struct turno_cli_run *run, const char *title, char *out, size_t out_len)
{
	const struct turno_config *config = run->offices[0].config;
	enum turno_lang lang = run->options->lang;
	char period[128];
	turno_period_name(&run->period, lang, period, sizeof(period));
	int n = snprintf(out, out_len, "%s%s%s%s%s", config ? config->office_name : "", config ? " — " : "",
	                 title ? title : "", title ? " — " : "", period);
	if (run->period.kind != TURNO_PERIOD_DAYS && n > 0 && (size_t)n < out_len) {
		char dates[128];
		turno_period_dates(run->period.from_days, run->period.to_days, lang, dates, sizeof(dates));
		n += snprintf(out + n, out_len - (size_t)n, " (%s)", dates);
	}
	if (run->filter.services[0] && n > 0 && (size_t)n < out_len)
		n += snprintf(out + n, out_len - (size_t)n, " — %s %s", turno_label(lang, TURNO_L_SERVICE),
		              run->filter.services);
	if (run->filter.counter && n > 0 && (size_t)n < out_len)
		snprintf(out + n, out_len - (size_t)n, " — %s %d", turno_label(lang, TURNO_L_COUNTER),
		         run->filter.counter);
}

int turno_cli_read_failed(const struct turno_cli_office *office, int rc)
{
	turno_err("reading the database %s failed: %s (%s)", office->database, turno_strerror(rc),
	          sqlite3_errmsg(turno_store_db(office->store)));
	return EX_NOINPUT;
}

/* A ticket list can be a year of a busy office: CSV and JSON are written a chunk of rows
 * at a time so memory stays flat; the text table needs every row for its widths. */
#define TICKETS_CHUNK 4096

struct tickets_state {
	struct turno_table *table;
	const struct turno_config *config;
	const struct turno_cli_options *options;
	size_t written; /* rows already written (streaming formats) */
};

static int flush_tickets(struct tickets_state *s)
{
	int rc = 0;
	switch (s->options->format) {
	case FORMAT_TABLE:
		return 0;
	case FORMAT_CSV:
		rc = turno_table_write_csv_rows_styled(s->table, TURNO_CSV_PROGRAMS, stdout);
		break;
	case FORMAT_CSV_IT:
		rc = turno_table_write_csv_rows_styled(s->table, TURNO_CSV_ITALIAN, stdout);
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
static int start_tickets_json(const struct turno_cli_run *run)
{
	cJSON *root = turno_cli_json_header("tickets", run);
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

static int run_tickets(const struct turno_cli_run *run)
{
	const struct turno_cli_options *o = run->options;
	struct tickets_state s = {.table = turno_report_tickets_table_new(o->lang),
	                          .config = run->offices[0].config,
	                          .options = o};
	if (!s.table) {
		turno_err("out of memory");
		return 1;
	}
	struct turno_report_filter filter = run->filter;
	filter.ordered = true;
	filter.details = true;
	int rc = 0;
	if (o->format == FORMAT_CSV || o->format == FORMAT_CSV_IT)
		rc = turno_table_write_csv_header_styled(
		        s.table, o->format == FORMAT_CSV ? TURNO_CSV_PROGRAMS : TURNO_CSV_ITALIAN, stdout);
	else if (o->format == FORMAT_JSON)
		rc = start_tickets_json(run);
	if (rc == 0)
		rc = turno_report_scan(run->offices[0].store, &filter, ticket_row, &s);
	if (rc == TURNO_E_DB) {
		turno_table_free(s.table);
		return turno_cli_read_failed(&run->offices[0], rc);
	}
	if (rc == 0) {
		if (o->format == FORMAT_TABLE) {
			char title[512];
			turno_cli_title(run, turno_label(o->lang, TURNO_L_REPORT_TITLE), title,
			                sizeof(title));
			rc = turno_cli_emit_table(run, "tickets", title, s.table, false);
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

/* Today in the office's time zone; TURNO_TEST_CLOCK=<epoch-ms>[:…] (tests only) sets it. */
static int64_t today_days(void)
{
	int64_t wall_ms = 0;
	const char *test_clock = getenv("TURNO_TEST_CLOCK");
	if (test_clock && sscanf(test_clock, "%" SCNd64, &wall_ms) == 1) {
		turno_warn("TURNO_TEST_CLOCK: today is taken from it (tests only)");
	} else {
		struct turno_clock *clock = turno_clock_new_system();
		wall_ms = clock ? turno_clock_wall_ms(clock) : 0;
		turno_clock_free(clock);
	}
	char today[11];
	struct turno_date d = {1970, 1, 1};
	turno_local_date(wall_ms, today);
	turno_cal_parse_date(today, &d);
	return turno_cal_days(d.year, d.month, d.day);
}

/* Loads each office's configuration (none with only --database). */
static int load_configs(const struct turno_cli_options *o, struct turno_cli_run *run)
{
	int count = o->config_count > o->database_count ? o->config_count : o->database_count;
	run->office_count = count > 0 ? count : 1;
	for (int i = 0; i < run->office_count; i++) {
		struct turno_cli_office *office = &run->offices[i];
		const char *config_path = i < o->config_count ? o->config_paths[i] : DEFAULT_CONFIG;
		char err[512];
		/* Without a configuration (only --database): no names or targets, local time as TZ says. */
		if (i < o->config_count || !o->database_count || access(config_path, F_OK) == 0) {
			if (turno_config_load(config_path, &office->config, err, sizeof(err)) < 0) {
				turno_err("%s", err);
				return TURNO_EX_CONFIG;
			}
		}
		office->database = i < o->database_count ? o->databases[i] : office->config->database;
	}
	/* The first office's time zone is the one "today" is in. */
	if (run->offices[0].config)
		turno_set_timezone(run->offices[0].config->timezone);
	return 0;
}

static int open_stores(struct turno_cli_run *run)
{
	for (int i = 0; i < run->office_count; i++) {
		struct turno_cli_office *office = &run->offices[i];
		const char *db_err;
		if (turno_store_open(office->database, TURNO_STORE_READONLY, &office->store, &db_err) < 0) {
			turno_err("cannot read the database %s; check the path (--database or [storage] "
			          "database)",
			          db_err);
			return EX_NOINPUT;
		}
	}
	return 0;
}

static int check_services(const struct turno_cli_options *o, struct turno_cli_run *run)
{
	if (!o->services)
		return 0;
	if (parse_services(o->services, run->filter.services) < 0)
		return turno_cli_usage_error("--service %s: give service letters, e.g. A or A,B",
		                             o->services);
	for (int i = 0; i < run->office_count; i++) {
		const struct turno_config *config = run->offices[i].config;
		for (const char *l = run->filter.services; config && *l; l++) {
			if (turno_config_service(config, *l))
				continue;
			char known[TURNO_MAX_SERVICES + 1] = "";
			for (int s = 0; s < config->service_count; s++)
				known[s] = config->services[s].letter;
			turno_err("--service %c: no such service in %s (known: %s)", *l, config->path, known);
			return EX_USAGE;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	turno_log_set_ident("turno-report");
	struct turno_cli_options o;
	int status = parse_options(argc, argv, &o);
	if (status)
		return status;
	struct turno_cli_run run = {.options = &o};
	run.filter.counter = o.counter;
	status = load_configs(&o, &run);
	if (status == 0) {
		o.today_days = today_days();
		status = resolve_range(&o, &run);
	}
	if (status == 0)
		status = check_services(&o, &run);
	if (status == 0)
		status = open_stores(&run);
	if (status == 0) {
		if (o.svg && o.command != CMD_SUMMARY && o.command != CMD_HEATMAP)
			turno_warn("--svg is for the summary and heatmap reports; no chart written");
		switch (o.command) {
		case CMD_SUMMARY:
		case CMD_HEATMAP:
			status = turno_cli_summary(&run);
			break;
		case CMD_TICKETS:
			status = run_tickets(&run);
			break;
		case CMD_ORARI:
			status = turno_cli_orari(&run);
			break;
		case CMD_COMPARE:
			status = turno_cli_compare(&run);
			break;
		case CMD_PDF:
			status = turno_cli_pdf(&run);
			break;
		}
	}
	for (int i = 0; i < run.office_count; i++) {
		turno_store_close(run.offices[i].store);
		turno_config_free(run.offices[i].config);
	}
	return status;
}
