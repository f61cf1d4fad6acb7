/* turno-report's orari, compare and pdf reports (see cli.h): the reading of the
 * database goes through report/scan.h and report/semester_scan.h; what is shown comes from the
 * pure modules (orari, compare, document, reportpdf). */
#include "core/error.h"
#include "core/log.h"
#include "core/outfile.h"
#include "core/store.h"
#include "print/fonts.h"
#include "report/calendar.h"
#include "report/cli.h"
#include "report/compare.h"
#include "report/semester_json.h"
#include "report/semester_scan.h"
#include "report/labels.h"
#include "report/orari.h"
#include "report/orari_tables.h"
#include "report/present.h"
#include "reportpdf/reportpdf.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- orari */

struct orari_state {
	struct turno_orari *orari;
	const struct turno_config *config;
};

static int orari_row(const struct turno_report_row *row, void *user)
{
	struct orari_state *s = user;
	return turno_orari_add(s->orari, row, turno_report_target_s(s->config, row->service));
}

static int print_orari_json(const struct turno_cli_run *run, const struct turno_orari_result *r,
                            const struct turno_table *table)
{
	cJSON *root = turno_cli_json_header("orari", run);
	cJSON *rows = turno_table_to_json(table);
	int rc = -ENOMEM;
	if (root && rows &&
	    cJSON_AddStringToObject(root, "by", run->options->orari_by_hour ? "hour" : "band") &&
	    cJSON_AddNumberToObject(root, "total_arrivals", r->total_arrivals) &&
	    cJSON_AddNumberToObject(root, "open_days", r->open_days) &&
	    cJSON_AddItemToObject(root, "rows", rows)) {
		rows = NULL;
		char *text = cJSON_Print(root);
		if (text) {
			printf("%s\n", text);
			free(text);
			rc = 0;
		}
	}
	cJSON_Delete(rows);
	cJSON_Delete(root);
	return rc;
}

int turno_cli_orari(const struct turno_cli_run *run)
{
	const struct turno_cli_options *o = run->options;
	const struct turno_cli_office *office = &run->offices[0];
	/* Openings count up to yesterday; today's by the tickets so far. */
	struct orari_state s = {
	        .orari = turno_orari_new(office->config ? &office->config->hours : NULL,
	                                 run->period.from_days, run->period.to_days, o->today_days - 1),
	        .config = office->config,
	};
	if (!s.orari) {
		turno_err("out of memory");
		return EX_SOFTWARE;
	}
	int rc = turno_report_scan(office->store, &run->filter, orari_row, &s);
	if (rc < 0) {
		turno_orari_free(s.orari);
		return turno_cli_read_failed(office, rc);
	}
	struct turno_orari_result *r = malloc(sizeof(*r));
	rc = r ? turno_orari_finish(s.orari, r) : -ENOMEM;
	turno_orari_free(s.orari);
	struct turno_table *table = NULL, *grid = NULL;
	if (rc == 0) {
		table = o->orari_by_hour ? turno_orari_hour_table(r, o->lang)
		                         : turno_orari_band_table(r, o->lang);
		grid = o->format == FORMAT_TABLE && !o->orari_by_hour ? turno_orari_grid_table(r, o->lang)
		                                                      : NULL;
		rc = table && (grid || o->format != FORMAT_TABLE || o->orari_by_hour) ? 0 : -ENOMEM;
	}
	if (rc == 0) {
		char title[512];
		turno_cli_title(run, turno_label(o->lang, TURNO_L_ORARI_TITLE), title, sizeof(title));
		if (o->format == FORMAT_JSON) {
			rc = print_orari_json(run, r, table);
		} else {
			rc = turno_cli_emit_table(run, "orari", title, table, false);
			if (rc == 0 && grid) {
				fputc('\n', stdout);
				rc = turno_table_write_text(grid, stdout);
			}
		}
	}
	turno_table_free(table);
	turno_table_free(grid);
	free(r);
	if (rc < 0) {
		turno_err("writing the report failed: %s", strerror(-rc));
		return EX_SOFTWARE;
	}
	return 0;
}

/* ---------------------------------------------------------------- compare */

struct total_state {
	struct turno_agg *total;
	const struct turno_config *config;
};

static int total_row(const struct turno_report_row *row, void *user)
{
	struct total_state *s = user;
	return turno_agg_add(s->total, 0, row, turno_report_target_s(s->config, row->service));
}

int turno_cli_compare(const struct turno_cli_run *run)
{
	const struct turno_cli_options *o = run->options;
	const struct turno_cli_office *office = &run->offices[0];
	struct turno_period periods[TURNO_COMPARE_ROWS] = {run->period, turno_period_previous(&run->period),
	                                                   turno_period_year_before(&run->period)};
	struct turno_figures totals[TURNO_COMPARE_ROWS];
	for (int p = 0; p < TURNO_COMPARE_ROWS; p++) {
		struct turno_report_filter filter = run->filter;
		turno_cal_format_date(periods[p].from_days, filter.from);
		turno_cal_format_date(periods[p].to_days, filter.to);
		struct total_state s = {turno_agg_new(), office->config};
		int rc = s.total ? turno_report_scan(office->store, &filter, total_row, &s) : -ENOMEM;
		if (rc == 0)
			rc = turno_agg_finish(s.total);
		if (rc == 0) {
			const struct turno_figures *f = turno_agg_find(s.total, 0);
			struct turno_figures empty = {
			        .wait_mean_s = -1, .within_target_pct = -1, .wait_p90_s = -1};
			totals[p] = f ? *f : empty;
		}
		turno_agg_free(s.total);
		if (rc == TURNO_E_DB)
			return turno_cli_read_failed(office, rc);
		if (rc < 0) {
			turno_err("out of memory");
			return EX_SOFTWARE;
		}
	}
	struct turno_table *table = turno_compare_table(periods, totals, o->lang);
	char title[512];
	turno_cli_title(run, turno_label(o->lang, TURNO_L_COMPARE_TITLE), title, sizeof(title));
	int rc = table ? turno_cli_emit_table(run, "compare", title, table, false) : -ENOMEM;
	turno_table_free(table);
	if (rc < 0) {
		turno_err("writing the report failed: %s", strerror(-rc));
		return EX_SOFTWARE;
	}
	return 0;
}

/* ---------------------------------------------------------------- pdf */

struct pdf_job {
	const struct turno_semester *doc;
	struct turno_reportpdf_fonts fonts;
	bool json;
};

static int produce_document(FILE *out, void *data)
{
	const struct pdf_job *job = data;
	if (!job->json)
		return turno_reportpdf_write(job->doc, &job->fonts, out);
	cJSON *root = turno_semester_to_json(job->doc);
	char *text = root ? cJSON_Print(root) : NULL;
	cJSON_Delete(root);
	if (!text)
		return -ENOMEM;
	int rc = fputs(text, out) < 0 || fputc('\n', out) == EOF ? -EIO : 0;
	free(text);
	return rc;
}

/* The document of every office named on the command line. */
static int build_document(const struct turno_cli_run *run, struct turno_semester **out)
{
	const struct turno_cli_options *o = run->options;
	struct turno_semester_builder *b =
	        turno_semester_builder_new(o->lang, o->title, &run->period, o->today_days);
	if (!b) {
		turno_err("out of memory");
		return EX_SOFTWARE;
	}
	int status = 0;
	for (int i = 0; status == 0 && i < run->office_count; i++) {
		const struct turno_cli_office *office = &run->offices[i];
		struct turno_sem_office_info info;
		if (office->config) {
			turno_sem_office_from_config(office->config, o->lang, &info);
		} else {
			memset(&info, 0, sizeof(info));
			const char *slash = strrchr(office->database, '/');
			snprintf(info.name, sizeof(info.name), "%s", slash ? slash + 1 : office->database);
		}
		/* --service: the document is about those services only. */
		if (run->filter.services[0]) {
			int kept = 0;
			for (int s = 0; s < info.service_count; s++)
				if (strchr(run->filter.services, info.services[s].letter))
					info.services[kept++] = info.services[s];
			info.service_count = kept;
		}
		int index = turno_semester_builder_add_office(b, &info);
		int rc = index < 0
		                 ? index
		                 : turno_semester_scan_office(b, index, office->store, run->filter.services);
		if (rc == TURNO_E_DB)
			status = turno_cli_read_failed(office, rc);
		else if (rc < 0) {
			turno_err("out of memory");
			status = EX_SOFTWARE;
		}
	}
	if (status == 0 && turno_semester_builder_finish(b, out) < 0) {
		turno_err("out of memory");
		status = EX_SOFTWARE;
	}
	turno_semester_builder_free(b);
	return status;
}

int turno_cli_pdf(const struct turno_cli_run *run)
{
	const struct turno_cli_options *o = run->options;
	struct pdf_job job = {.json = o->format == FORMAT_JSON};
	char regular[PATH_MAX], bold[PATH_MAX];
	if (!job.json) {
		const struct turno_config *config = run->offices[0].config;
		const char *font_dir = config ? config->ui_font_dir : "";
		if (turno_font_find(font_dir, TURNO_FONT_REGULAR, regular, sizeof(regular)) < 0 ||
		    turno_font_find(font_dir, TURNO_FONT_BOLD, bold, sizeof(bold)) < 0) {
			turno_err("pdf: the DejaVu Sans fonts are not found (%s); install fonts-dejavu-core "
			          "or set "
			          "[ui] font_dir",
			          font_dir && font_dir[0] ? font_dir
			                                  : "next to turno-report, " TURNO_DATADIR "/fonts, "
			                                    "/usr/share/fonts/truetype/dejavu");
			return EX_SOFTWARE;
		}
		job.fonts = (struct turno_reportpdf_fonts){regular, bold};
	}
	struct turno_semester *doc = NULL;
	int status = build_document(run, &doc);
	if (status)
		return status;
	job.doc = doc;
	int rc;
	if (o->output) {
		/* Whole or not at all, and never in place of a device or a directory. */
		rc = turno_file_write(o->output, produce_document, &job);
		if (rc < 0) {
			turno_err("-o %s: cannot write it: %s%s", o->output, strerror(-rc),
			          rc == -EISDIR ? " (give a file name, e.g. semestre.pdf)" : "");
			status = rc == -ENOMEM ? EX_SOFTWARE : EX_CANTCREAT;
		}
	} else {
		rc = produce_document(stdout, &job);
		if (rc < 0) {
			turno_err("writing the document failed: %s", strerror(-rc));
			status = EX_SOFTWARE;
		}
	}
	turno_semester_free(doc);
	return status;
}
