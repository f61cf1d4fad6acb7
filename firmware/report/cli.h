/* turno-report's command line, shared by its source files (main.c: options, tickets;
 * cli_summary.c: summary, heatmap; cli_semester.c: orari, compare, pdf). Program code: it logs and writes
 * to stdout; no other program links it. */
#ifndef TURNO_REPORT_CLI_H
#define TURNO_REPORT_CLI_H

#include "core/config.h"
#include "core/words.h"
#include "report/aggregate.h"
#include "report/semester.h"
#include "report/period.h"
#include "report/scan.h"
#include "report/table.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#define EX_USAGE 64
#define EX_NOINPUT 66
#define EX_SOFTWARE 70
#define EX_CANTCREAT 73

enum turno_cli_command { CMD_SUMMARY, CMD_HEATMAP, CMD_TICKETS, CMD_ORARI, CMD_COMPARE, CMD_PDF };
enum turno_cli_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_CSV_IT, FORMAT_JSON };

struct turno_cli_options {
	const char *config_paths[TURNO_SEM_MAX_OFFICES];
	int config_count;
	bool config_given;
	const char *databases[TURNO_SEM_MAX_OFFICES];
	int database_count;
	const char *from, *to;
	const char *named_option, *named_value; /* "--semester", "2026-1" */
	const char *services;
	int counter;
	enum turno_group_by by;
	bool by_given;
	bool orari_by_hour;
	enum turno_cli_format format;
	enum turno_lang lang;
	const char *svg;
	const char *output;
	const char *title;
	enum turno_cli_command command;
	int64_t today_days; /* the office's local date now */
};

/* One office: its configuration (NULL: a database read without one) and database. */
struct turno_cli_office {
	struct turno_config *config;
	struct turno_store *store;
	const char *database;
};

/* Everything a report needs once the options are checked. */
struct turno_cli_run {
	const struct turno_cli_options *options;
	struct turno_report_filter filter;
	struct turno_period period;
	int office_count;
	struct turno_cli_office offices[TURNO_SEM_MAX_OFFICES];
};

/* Logs "message (see turno-report --help)" and returns EX_USAGE. */
int turno_cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The JSON document's head: report, office, from, to, lang, the filters. */
cJSON *turno_cli_json_header(const char *report, const struct turno_cli_run *run);
/* One table in the chosen format on stdout; total_last: the last row is JSON's "total". */
int turno_cli_emit_table(const struct turno_cli_run *run, const char *report, const char *title,
                         const struct turno_table *table, bool total_last);
/* "Office — title 3 – 17 marzo 2026 — Servizio AB" into out. */
void turno_cli_title(const struct turno_cli_run *run, const char *title, char *out, size_t out_len);
/* Logs a failed database read (with SQLite's words) and returns EX_NOINPUT. */
int turno_cli_read_failed(const struct turno_cli_office *office, int rc);

int turno_cli_summary(const struct turno_cli_run *run); /* summary and heatmap */
int turno_cli_orari(const struct turno_cli_run *run);
int turno_cli_compare(const struct turno_cli_run *run);
int turno_cli_pdf(const struct turno_cli_run *run);

#endif
