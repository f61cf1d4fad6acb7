/* The document's sections in reading order: cover, findings (with the comparison
 * table), services, charts, months, opening hours, glossary. Laid out twice with the
 * same code: the first pass, into a PDF that is thrown away, counts the pages for the
 * footers' "pagina 3 di 9". */
#include "reportpdf/reportpdf.h"

#include "print/pdf.h"
#include "report/calendar.h"
#include "report/findings.h"
#include "report/labels.h"
#include "report/numfmt.h"
#include "report/orari_tables.h"
#include "reportpdf/canvas.h"
#include "reportpdf/charts.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BODY 10.0
#define TABLE 7.6

static const char *L(const struct turno_semester *doc, enum turno_label label)
{
	return turno_label(doc->lang, label);
}

/* Figures in words for a table cell; "—" when there is nothing to measure. */
static const char *minutes(const struct turno_semester *doc, double seconds, bool known, char *out, size_t n)
{
	return turno_fmt_minutes(known ? seconds : -1, doc->lang, out, n);
}

static const char *percent(const struct turno_semester *doc, double pct, bool known, char *out, size_t n)
{
	if (!known)
		return "—";
	return turno_fmt_percent(pct, doc->lang, out, n);
}

static const char *integer(const struct turno_semester *doc, long long v, char *out, size_t n)
{
	return turno_fmt_int(v, doc->lang, out, n);
}

/* A section starts on a new page, unless the page before holds little (a findings page
 * that ran over by a table): then it follows on it. */
static void section_start(struct turno_canvas *cv)
{
	const double content = TURNO_CV_A4_HEIGHT - 62 - 64;
	if (turno_cv_room(cv) >= content - 1)
		return;
	if (turno_cv_room(cv) < 0.6 * content)
		turno_cv_new_page(cv);
	else
		turno_cv_set_y(cv, turno_cv_y(cv) + 24);
}

/* ---------------------------------------------------------------- cover */

static void key_figure(struct turno_canvas *cv, double x, double y, double w, const char *big,
                       const char *small)
{
	turno_cv_fill(cv, x, y, w, 92, 0.90);
	turno_cv_font(cv, true, 22);
	turno_cv_text(cv, x + 10, y + 32, big, TURNO_CV_LEFT);
	turno_cv_font(cv, false, 9);
	turno_cv_wrap(cv, x + 10, y + 42, w - 20, small, 11.5, TURNO_CV_LEFT, true);
}

static void cover(struct turno_canvas *cv, const struct turno_semester *doc)
{
	double left = turno_cv_left(cv), width = turno_cv_width(cv);
	turno_cv_fill(cv, left, 90, width, 6, 0);
	turno_cv_set_y(cv, 130);
	turno_cv_font(cv, true, 26);
	double h = turno_cv_wrap(cv, left, turno_cv_y(cv), width, doc->title, 32, TURNO_CV_LEFT, true);
	turno_cv_set_y(cv, turno_cv_y(cv) + h + 8);
	turno_cv_font(cv, false, 15);
	h = turno_cv_wrap(cv, left, turno_cv_y(cv), width, L(doc, TURNO_L_P_REPORT_TITLE), 20, TURNO_CV_LEFT,
	                  true);
	turno_cv_set_y(cv, turno_cv_y(cv) + h + 40);
	char name[128], dates[128];
	turno_period_name(&doc->span[TURNO_SEM_NOW], doc->lang, name, sizeof(name));
	turno_period_dates(doc->span[TURNO_SEM_NOW].from_days, doc->span[TURNO_SEM_NOW].to_days, doc->lang,
	                   dates, sizeof(dates));
	if (name[0] >= 'a' && name[0] <= 'z')
		name[0] = (char)(name[0] - 'a' + 'A');
	turno_cv_font(cv, true, 20);
	turno_cv_text(cv, left, turno_cv_y(cv) + 20, name, TURNO_CV_LEFT);
	turno_cv_font(cv, false, 12);
	if (strcmp(name, dates) != 0)
		turno_cv_text(cv, left, turno_cv_y(cv) + 40, dates, TURNO_CV_LEFT);
	turno_cv_set_y(cv, turno_cv_y(cv) + 64);
	if (doc->office_count > 1) {
		char offices[1024];
		size_t len = (size_t)snprintf(offices, sizeof(offices), "%s: ", L(doc, TURNO_L_OFFICES));
		for (int i = 0; i < doc->office_count && len < sizeof(offices); i++)
			len += (size_t)snprintf(offices + len, sizeof(offices) - len, "%s%s", i ? "; " : "",
			                        doc->offices[i].info.name);
		turno_cv_font(cv, false, 10.5);
		h = turno_cv_wrap(cv, left, turno_cv_y(cv), width, offices, 14, TURNO_CV_LEFT, true);
		turno_cv_set_y(cv, turno_cv_y(cv) + h + 20);
	}
	/* Three figures a reader takes away. */
	const struct turno_figures *t = &doc->total[TURNO_SEM_NOW];
	char people[32], within[32], wait[32], p90[32], wait_text[256];
	double box = (width - 20) / 3, y = turno_cv_y(cv) + 10;
	key_figure(cv, left, y, box, integer(doc, t->issued, people, sizeof(people)),
	           L(doc, TURNO_L_P_KEY_PEOPLE));
	key_figure(cv, left + box + 10, y, box,
	           percent(doc, t->within_target_pct, t->target_n > 0, within, sizeof(within)),
	           L(doc, TURNO_L_P_KEY_WITHIN));
	minutes(doc, t->wait_p90_s, t->wait_n > 0, p90, sizeof(p90));
	const char *args[] = {p90};
	turno_fill(wait_text, sizeof(wait_text), L(doc, TURNO_L_P_KEY_WAIT), args, 1);
	key_figure(cv, left + 2 * (box + 10), y, box,
	           minutes(doc, t->wait_mean_s, t->wait_n > 0, wait, sizeof(wait)), wait_text);
	char made[64], line[256];
	turno_date_long(doc->generated_days, doc->lang, made, sizeof(made));
	const char *made_args[] = {made};
	turno_fill(line, sizeof(line), L(doc, TURNO_L_P_GENERATED), made_args, 1);
	turno_cv_font(cv, false, 9);
	turno_cv_wrap(cv, left, TURNO_CV_A4_HEIGHT - 110, width, line, 12, TURNO_CV_LEFT, true);
	turno_cv_fill(cv, left, TURNO_CV_A4_HEIGHT - 80, width, 2, 0);
}

/* ---------------------------------------------------------------- findings */

static void comparison_table(struct turno_canvas *cv, const struct turno_semester *doc)
{
	const struct turno_cv_column columns[] = {
	        {L(doc, TURNO_L_PERIOD), 3.2, TURNO_CV_LEFT},
	        {L(doc, TURNO_L_P_COL_PEOPLE), 1.1, TURNO_CV_RIGHT},
	        {L(doc, TURNO_L_P_COL_WITHIN), 1.3, TURNO_CV_RIGHT},
	        {L(doc, TURNO_L_P_COL_WAIT_MEAN), 1.1, TURNO_CV_RIGHT},
	        {L(doc, TURNO_L_P_COL_P90), 1.1, TURNO_CV_RIGHT},
	};
	struct turno_cv_table table = {5, columns, TABLE + 0.6, 0};
	/* Three rows under a heading: kept together on one page. */
	turno_cv_need(cv, 160);
	turno_cv_heading(cv, L(doc, TURNO_L_P_COMPARE_TITLE), 2);
	turno_cv_table_header(cv, &table);
	for (int s = 0; s < TURNO_SEM_SPANS; s++) {
		if (s == TURNO_SEM_YEAR_BEFORE &&
		    doc->span[TURNO_SEM_PREVIOUS].from_days == doc->span[TURNO_SEM_YEAR_BEFORE].from_days)
			continue;
		const struct turno_figures *f = &doc->total[s];
		char name[128], dates[128], label[300], people[32], within[32], wait[32], p90[32];
		turno_period_name(&doc->span[s], doc->lang, name, sizeof(name));
		turno_period_dates(doc->span[s].from_days, doc->span[s].to_days, doc->lang, dates,
		                   sizeof(dates));
		if (strcmp(name, dates) == 0)
			snprintf(label, sizeof(label), "%s", name);
		else
			snprintf(label, sizeof(label), "%s (%s)", name, dates);
		const char *cells[] = {
		        label, integer(doc, f->issued, people, sizeof(people)),
		        percent(doc, f->within_target_pct, f->target_n > 0, within, sizeof(within)),
		        minutes(doc, f->wait_mean_s, f->wait_n > 0, wait, sizeof(wait)),
		        minutes(doc, f->wait_p90_s, f->wait_n > 0, p90, sizeof(p90))};
		turno_cv_table_row(cv, &table, cells,
		                   s == TURNO_SEM_NOW ? TURNO_CV_ROW_HIGHLIGHT : TURNO_CV_ROW);
	}
	turno_cv_table_end(cv, &table);
}

static void findings(struct turno_canvas *cv, const struct turno_semester *doc)
{
	turno_cv_heading(cv, L(doc, TURNO_L_P_FINDINGS_TITLE), 1);
	struct turno_finding *list = calloc(TURNO_MAX_FINDINGS, sizeof(*list));
	if (!list)
		return;
	int n = turno_findings(doc, list, TURNO_MAX_FINDINGS);
	for (int i = 0; i < n; i++) {
		turno_cv_need(cv, 40);
		turno_cv_paragraph(cv, list[i].heading, true, BODY, 1);
		turno_cv_paragraph(cv, list[i].text, false, BODY, 8);
	}
	free(list);
	if (doc->total[TURNO_SEM_NOW].issued > 0)
		comparison_table(cv, doc);
}

/* ---------------------------------------------------------------- services */

static void service_cells(const struct turno_semester *doc, const char *name, int target_min,
                          const struct turno_figures *f, const struct turno_figures *prev, char buf[10][64],
                          const char *cells[10])
{
	snprintf(buf[0], 64, "%s", name);
	if (target_min > 0)
		turno_fmt_minutes(target_min * 60.0, doc->lang, buf[1], 64);
	else
		snprintf(buf[1], 64, "—");
	integer(doc, f->issued, buf[2], 64);
	integer(doc, f->served, buf[3], 64);
	integer(doc, f->no_show, buf[4], 64);
	snprintf(buf[5], 64, "%s", percent(doc, f->within_target_pct, f->target_n > 0, buf[9], 64));
	minutes(doc, f->wait_mean_s, f->wait_n > 0, buf[6], 64);
	minutes(doc, f->wait_p90_s, f->wait_n > 0, buf[7], 64);
	minutes(doc, f->service_mean_s, f->service_n > 0, buf[8], 64);
	char prev_pct[64];
	snprintf(buf[9], 64, "%s",
	         percent(doc, prev->within_target_pct, prev->target_n > 0, prev_pct, sizeof(prev_pct)));
	for (int i = 0; i < 10; i++)
		cells[i] = buf[i];
}

static const struct turno_cv_column *service_columns(const struct turno_semester *doc)
{
	static struct turno_cv_column columns[10];
	const struct {
		enum turno_label label;
		double width;
		enum turno_cv_align align;
	} spec[10] = {
	        {TURNO_L_P_COL_SERVICE, 2.6, TURNO_CV_LEFT},
	        {TURNO_L_P_COL_STANDARD, 1, TURNO_CV_RIGHT},
	        {TURNO_L_P_COL_PEOPLE, 1, TURNO_CV_RIGHT},
	        {TURNO_L_P_COL_SERVED, 1, TURNO_CV_RIGHT},
	        {TURNO_L_P_COL_NO_SHOW, 1.05, TURNO_CV_RIGHT},
	        {TURNO_L_P_COL_WITHIN, 1.05, TURNO_CV_RIGHT},
	        {TURNO_L_P_COL_WAIT_MEAN, 1, TURNO_CV_RIGHT},
	        {TURNO_L_P_COL_P90, 1, TURNO_CV_RIGHT},
	        {TURNO_L_P_COL_SERVICE_TIME, 1.05, TURNO_CV_RIGHT},
	        {TURNO_L_P_COL_PREV_WITHIN, 1.15, TURNO_CV_RIGHT},
	};
	for (int i = 0; i < 10; i++)
		columns[i] = (struct turno_cv_column){L(doc, spec[i].label), spec[i].width, spec[i].align};
	return columns;
}

static void services(struct turno_canvas *cv, const struct turno_semester *doc)
{
	section_start(cv);
	turno_cv_heading(cv, L(doc, TURNO_L_P_SERVICES_TITLE), 1);
	turno_cv_paragraph(cv, L(doc, TURNO_L_P_SERVICES_INTRO), false, BODY - 1, 10);
	struct turno_cv_table table = {10, service_columns(doc), TABLE, 0};
	char buf[10][64], name[TURNO_TEXT + 8];
	const char *cells[10];
	for (int o = 0; o < doc->office_count; o++) {
		const struct turno_sem_office *office = &doc->offices[o];
		if (doc->office_count > 1)
			turno_cv_heading(cv, office->info.name, 2);
		turno_cv_table_header(cv, &table);
		for (int i = 0; i < office->service_count; i++) {
			const struct turno_sem_service *s = &office->services[i];
			snprintf(name, sizeof(name), "%c %s", s->info.letter, s->info.name);
			service_cells(doc, name, s->info.target_min, &s->span[TURNO_SEM_NOW],
			              &s->span[TURNO_SEM_PREVIOUS], buf, cells);
			turno_cv_table_row(cv, &table, cells, TURNO_CV_ROW);
		}
		service_cells(doc, L(doc, TURNO_L_TOTAL), 0, &office->total[TURNO_SEM_NOW],
		              &office->total[TURNO_SEM_PREVIOUS], buf, cells);
		turno_cv_table_row(cv, &table, cells, TURNO_CV_ROW_TOTAL);
		turno_cv_table_end(cv, &table);
	}
	if (doc->office_count > 1) {
		struct turno_cv_column by_office[10];
		memcpy(by_office, service_columns(doc), sizeof(by_office));
		by_office[0].header = L(doc, TURNO_L_P_COL_OFFICE);
		table.column = by_office;
		turno_cv_heading(cv, L(doc, TURNO_L_P_ALL_OFFICES), 2);
		turno_cv_table_header(cv, &table);
		for (int o = 0; o < doc->office_count; o++) {
			service_cells(doc, doc->offices[o].info.name, 0,
			              &doc->offices[o].total[TURNO_SEM_NOW],
			              &doc->offices[o].total[TURNO_SEM_PREVIOUS], buf, cells);
			turno_cv_table_row(cv, &table, cells, TURNO_CV_ROW);
		}
		service_cells(doc, L(doc, TURNO_L_TOTAL), 0, &doc->total[TURNO_SEM_NOW],
		              &doc->total[TURNO_SEM_PREVIOUS], buf, cells);
		turno_cv_table_row(cv, &table, cells, TURNO_CV_ROW_TOTAL);
		turno_cv_table_end(cv, &table);
	}
}

/* ---------------------------------------------------------------- charts and months */

static void months_table(struct turno_canvas *cv, const struct turno_semester *doc)
{
	const struct turno_cv_column columns[] = {
	        {L(doc, TURNO_L_P_COL_MONTH), 2, TURNO_CV_LEFT},
	        {L(doc, TURNO_L_P_COL_PEOPLE), 1, TURNO_CV_RIGHT},
	        {L(doc, TURNO_L_P_COL_SERVED), 1, TURNO_CV_RIGHT},
	        {L(doc, TURNO_L_P_COL_WITHIN), 1, TURNO_CV_RIGHT},
	        {L(doc, TURNO_L_P_COL_WAIT_MEAN), 1, TURNO_CV_RIGHT},
	        {L(doc, TURNO_L_P_COL_P90), 1, TURNO_CV_RIGHT},
	};
	struct turno_cv_table table = {6, columns, TABLE + 0.4, 0};
	turno_cv_table_header(cv, &table);
	for (int i = 0; i < doc->month_count; i++) {
		const struct turno_sem_month *m = &doc->months[i];
		const struct turno_figures *f = &m->fig;
		char month[48], people[32], served[32], within[32], wait[32], p90[32];
		snprintf(month, sizeof(month), "%s %d", turno_month_word(m->month, doc->lang), m->year);
		const char *cells[] = {
		        month,
		        integer(doc, f->issued, people, sizeof(people)),
		        integer(doc, f->served, served, sizeof(served)),
		        percent(doc, f->within_target_pct, f->target_n > 0, within, sizeof(within)),
		        minutes(doc, f->wait_mean_s, f->wait_n > 0, wait, sizeof(wait)),
		        minutes(doc, f->wait_p90_s, f->wait_n > 0, p90, sizeof(p90))};
		turno_cv_table_row(cv, &table, cells, TURNO_CV_ROW);
	}
	turno_cv_table_end(cv, &table);
}

static void charts(struct turno_canvas *cv, const struct turno_semester *doc)
{
	section_start(cv);
	turno_cv_heading(cv, L(doc, TURNO_L_P_CHARTS_TITLE), 1);
	turno_chart_wait_by_hour(cv, doc);
	turno_cv_set_y(cv, turno_cv_y(cv) + 10);
	turno_chart_heatmap(cv, doc);
	turno_cv_new_page(cv);
	turno_cv_heading(cv, L(doc, TURNO_L_P_MONTHS_TITLE), 1);
	turno_chart_months(cv, doc);
	months_table(cv, doc);
}

/* ---------------------------------------------------------------- opening hours */

/* The band with the fewest people per opening (the row the findings talk about). */
static void quietest_band(const struct turno_orari_result *r, int *weekday, int *band)
{
	*weekday = *band = -1;
	for (int wd = 0; wd < 7; wd++)
		for (int b = 0; b < TURNO_BANDS; b++)
			if (r->band[wd][b].days > 0 &&
			    (*weekday < 0 || r->band[wd][b].per_day < r->band[*weekday][*band].per_day)) {
				*weekday = wd;
				*band = b;
			}
}

static void orari_table(struct turno_canvas *cv, const struct turno_semester *doc,
                        const struct turno_orari_result *r)
{
	const struct turno_cv_column columns[] = {
	        {L(doc, TURNO_L_P_COL_DAY), 1.3, TURNO_CV_LEFT},
	        {L(doc, TURNO_L_BAND), 1.2, TURNO_CV_LEFT},
	        {L(doc, TURNO_L_OPENING), 1.3, TURNO_CV_LEFT},
	        {L(doc, TURNO_L_OPEN_DAYS), 1, TURNO_CV_RIGHT},
	        {L(doc, TURNO_L_PER_DAY), 1.1, TURNO_CV_RIGHT},
	        {L(doc, TURNO_L_SHARE), 1, TURNO_CV_RIGHT},
	        {L(doc, TURNO_L_P_COL_WAIT_MEAN), 1, TURNO_CV_RIGHT},
	        {L(doc, TURNO_L_P_COL_P90), 1, TURNO_CV_RIGHT},
	        {L(doc, TURNO_L_P_COL_WITHIN), 1.05, TURNO_CV_RIGHT},
	};
	struct turno_cv_table table = {9, columns, TABLE + 0.4, 0};
	int low_wd, low_band;
	quietest_band(r, &low_wd, &low_band);
	turno_cv_table_header(cv, &table);
	for (int wd = 0; wd < 7; wd++) {
		for (int b = 0; b < TURNO_BANDS; b++) {
			if (!turno_orari_band_shown(r, wd, (enum turno_band)b))
				continue;
			const struct turno_orari_cell *c = &r->band[wd][b];
			char hours[32] = "—", a[8], z[8], days[32], per_day[32], share[32], wait[32], p90[32],
			     within[32];
			if (c->start_min >= 0)
				snprintf(hours, sizeof(hours), "%s–%s",
				         turno_fmt_clock(c->start_min, a, sizeof(a)),
				         turno_fmt_clock(c->end_min, z, sizeof(z)));
			if (c->per_day >= 0)
				turno_fmt_decimal(c->per_day, 1, doc->lang, per_day, sizeof(per_day));
			else
				snprintf(per_day, sizeof(per_day), "—");
			const char *cells[] = {
			        turno_weekday_word(wd, doc->lang, true),
			        turno_band_name((enum turno_band)b, doc->lang),
			        hours,
			        integer(doc, c->days, days, sizeof(days)),
			        per_day,
			        percent(doc, c->share_pct, c->share_pct >= 0, share, sizeof(share)),
			        minutes(doc, c->fig.wait_mean_s, c->fig.wait_n > 0, wait, sizeof(wait)),
			        minutes(doc, c->fig.wait_p90_s, c->fig.wait_n > 0, p90, sizeof(p90)),
			        percent(doc, c->fig.within_target_pct, c->fig.target_n > 0, within,
			                sizeof(within))};
			turno_cv_table_row(cv, &table, cells,
			                   wd == low_wd && b == low_band ? TURNO_CV_ROW_HIGHLIGHT
			                                                 : TURNO_CV_ROW);
		}
	}
	turno_cv_table_end(cv, &table);
}

static void opening_hours(struct turno_canvas *cv, const struct turno_semester *doc)
{
	for (int o = 0; o < doc->office_count; o++) {
		const struct turno_sem_office *office = &doc->offices[o];
		section_start(cv);
		turno_cv_heading(cv, L(doc, TURNO_L_P_ORARI_TITLE), 1);
		if (doc->office_count > 1)
			turno_cv_heading(cv, office->info.name, 2);
		turno_cv_paragraph(cv, L(doc, TURNO_L_P_ORARI_INTRO), false, BODY - 1, 10);
		orari_table(cv, doc, &office->orari);
		turno_chart_orari_hours(cv, &office->orari, doc->lang);
	}
}

/* ---------------------------------------------------------------- glossary */

static void glossary(struct turno_canvas *cv, const struct turno_semester *doc)
{
	section_start(cv);
	turno_cv_heading(cv, L(doc, TURNO_L_P_GLOSSARY_TITLE), 1);
	for (int i = 0; i < turno_glossary_count(); i++) {
		const char *term, *meaning;
		turno_glossary_entry(doc->lang, i, &term, &meaning);
		turno_cv_need(cv, 36);
		turno_cv_paragraph(cv, term, true, BODY - 0.5, 0.5);
		turno_cv_paragraph(cv, meaning, false, BODY - 0.5, 7);
	}
}

/* ---------------------------------------------------------------- the document */

struct sink {
	FILE *out; /* NULL: the measuring pass */
	bool failed;
};

static cairo_status_t write_sink(void *closure, const unsigned char *bytes, unsigned int n)
{
	struct sink *s = closure;
	if (!s->out)
		return CAIRO_STATUS_SUCCESS;
	if (fwrite(bytes, 1, n, s->out) != n) {
		s->failed = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* Lays the document out once; returns the page count, or a negative errno. */
static int lay_out(const struct turno_semester *doc, struct turno_pdf *faces, int total_pages, FILE *out)
{
	struct sink sink = {out, false};
	cairo_surface_t *surface =
	        cairo_pdf_surface_create_for_stream(write_sink, &sink, TURNO_CV_A4_WIDTH, TURNO_CV_A4_HEIGHT);
	char name[128], header[512], made[64], footer[256];
	turno_period_name(&doc->span[TURNO_SEM_NOW], doc->lang, name, sizeof(name));
	snprintf(header, sizeof(header), "%s — %s — %s", doc->title, L(doc, TURNO_L_P_REPORT_TITLE), name);
	turno_date_long(doc->generated_days, doc->lang, made, sizeof(made));
	const char *args[] = {made};
	turno_fill(footer, sizeof(footer), L(doc, TURNO_L_P_FOOTER), args, 1);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, header);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Turno");
	cairo_t *cr = cairo_create(surface);
	struct turno_canvas *cv = turno_cv_new(cr, turno_pdf_face(faces, false), turno_pdf_face(faces, true),
	                                       header, footer, L(doc, TURNO_L_P_PAGE), total_pages);
	int pages = -ENOMEM;
	if (cv) {
		cover(cv, doc);
		turno_cv_new_page(cv);
		findings(cv, doc);
		services(cv, doc);
		charts(cv, doc);
		opening_hours(cv, doc);
		glossary(cv, doc);
		pages = turno_cv_finish(cv);
		turno_cv_free(cv);
	}
	cairo_status_t status = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (status == CAIRO_STATUS_NO_MEMORY)
		return -ENOMEM;
	if (status != CAIRO_STATUS_SUCCESS || sink.failed)
		return -EIO;
	return pages;
}

int turno_reportpdf_write(const struct turno_semester *doc, const struct turno_reportpdf_fonts *fonts,
                          FILE *out)
{
	struct turno_pdf *faces;
	int rc = turno_pdf_open(fonts->regular, fonts->bold, &faces);
	if (rc < 0)
		return rc;
	int pages = lay_out(doc, faces, 0, NULL);
	if (pages > 0)
		pages = lay_out(doc, faces, pages, out);
	turno_pdf_close(faces);
	if (pages < 0)
		return pages;
	return fflush(out) == 0 ? 0 : -EIO;
}
