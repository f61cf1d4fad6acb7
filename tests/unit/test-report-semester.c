/* The report document of two offices over March 2026 (and February, and March 2025), its
 * figures worked out by hand in the comments, its JSON, its findings in Italian and
 * English, and the comparison's changes. */
#include "core/config.h"
#include "report/calendar.h"
#include "report/compare.h"
#include "report/semester_json.h"
#include "report/semester.h"
#include "report/findings.h"
#include "report/numfmt.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static const char office_one[] =
        "[office]\nname = Ufficio Uno\ntimezone = Europe/Rome\n"
        "[hours]\nmon = 08:00-13:00\ntue = 08:00-13:00\nwed = 08:00-13:00\nthu = 08:00-13:00, 14:30-18:00\n"
        "fri = 08:00-13:00\nsat = closed\nsun = closed\n"
        "[service.A]\nname = Anagrafe\nname_en = Registry\ntarget_wait_minutes = 10\n"
        "[service.B]\nname = Tributi\ntarget_wait_minutes = 20\n"
        "[counter.1]\nservices = A, B\n";
static const char office_two[] = "[office]\nname = Ufficio Due\ntimezone = Europe/Rome\n"
                                 "[hours]\nmon = 09:00-12:00\nwed = 09:00-12:00\n"
                                 "[service.A]\nname = Protocollo\ntarget_wait_minutes = 15\n"
                                 "[counter.1]\nservices = A\n";

static struct turno_config *load(const char *text)
{
	struct turno_config *c;
	char err[256];
	if (turno_config_load_string(text, "t.ini", &c, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	return c;
}

static struct turno_report_row row(char service, enum turno_report_state state, int wait_s, const char *local)
{
	struct turno_report_row r = {.service = service,
	                             .prefix = service,
	                             .state = state,
	                             .wait_s = wait_s,
	                             .service_s = state == TURNO_REPORT_COMPLETED ? 100 : -1};
	snprintf(r.issued_local, sizeof(r.issued_local), "%s", local);
	assert_int_equal(turno_cal_parse_local(local, &r.local_days, &r.local_minute), 0);
	return r;
}

static struct turno_semester *build(enum turno_lang lang)
{
	struct turno_config *one = load(office_one), *two = load(office_two);
	struct turno_period march;
	assert_int_equal(turno_period_month("2026-03", &march), 0);
	struct turno_semester_builder *b =
	        turno_semester_builder_new(lang, NULL, &march, turno_cal_days(2026, 4, 10));
	assert_non_null(b);
	int64_t from, to;
	turno_semester_builder_period(b, TURNO_SEM_PREVIOUS, &from, &to);
	assert_int_equal(from, turno_cal_days(2026, 2, 1));
	assert_int_equal(to, turno_cal_days(2026, 2, 28));
	struct turno_sem_office_info info;
	turno_sem_office_from_config(one, lang, &info);
	assert_int_equal(turno_semester_builder_add_office(b, &info), 0);
	turno_sem_office_from_config(two, lang, &info);
	assert_int_equal(turno_semester_builder_add_office(b, &info), 1);
	const struct {
		int office;
		enum turno_semester_span span;
		struct turno_report_row row;
	} tickets[] = {
	        {0, TURNO_SEM_NOW, row('A', TURNO_REPORT_COMPLETED, 300, "2026-03-02 08:10:00")},
	        {0, TURNO_SEM_NOW, row('A', TURNO_REPORT_COMPLETED, 600, "2026-03-02 08:20:00")},
	        {0, TURNO_SEM_NOW, row('A', TURNO_REPORT_COMPLETED, 900, "2026-03-02 08:30:00")},
	        {0, TURNO_SEM_NOW, row('A', TURNO_REPORT_NO_SHOW, 200, "2026-03-03 09:00:00")},
	        {0, TURNO_SEM_NOW, row('B', TURNO_REPORT_COMPLETED, 1500, "2026-03-05 15:00:00")},
	        {1, TURNO_SEM_NOW, row('A', TURNO_REPORT_COMPLETED, 1200, "2026-03-02 09:30:00")},
	        {1, TURNO_SEM_NOW, row('A', TURNO_REPORT_EXPIRED, -1, "2026-03-04 10:00:00")},
	        {0, TURNO_SEM_PREVIOUS, row('A', TURNO_REPORT_COMPLETED, 600, "2026-02-02 08:10:00")},
	        {0, TURNO_SEM_PREVIOUS, row('A', TURNO_REPORT_COMPLETED, 1200, "2026-02-03 08:10:00")},
	        /* Outside its span: ignored. */
	        {0, TURNO_SEM_NOW, row('A', TURNO_REPORT_COMPLETED, 1, "2026-02-27 08:10:00")},
	};
	for (size_t i = 0; i < sizeof(tickets) / sizeof(tickets[0]); i++)
		assert_int_equal(
		        turno_semester_builder_add(b, tickets[i].office, tickets[i].span, &tickets[i].row),
		        0);
	assert_int_equal(turno_semester_builder_add(b, 2, TURNO_SEM_NOW, &tickets[0].row), -22);
	struct turno_semester *doc;
	assert_int_equal(turno_semester_builder_finish(b, &doc), 0);
	turno_semester_builder_free(b);
	turno_config_free(one);
	turno_config_free(two);
	return doc;
}

static void test_figures(void **state)
{
	struct turno_semester *doc = build(TURNO_LANG_IT);
	assert_string_equal(doc->title, "Uffici");
	assert_int_equal(doc->office_count, 2);
	/* Waits 200 300 600 900 1200 1500: mean 4700 / 6 = 783.3, median rank 3 → 600, p90 rank
	 * ceil(5.4) = 6 → 1500. Within: Uno A (600 s) 200 300 600 yes, 900 no; Uno B (1200 s)
	 * 1500 no; Due A (900 s) 1200 no → 3 of 6 = 50 %. */
	const struct turno_figures *t = &doc->total[TURNO_SEM_NOW];
	assert_int_equal(t->issued, 7);
	assert_int_equal(t->no_show, 1);
	assert_int_equal(t->expired, 1);
	assert_float_equal(t->wait_mean_s, 4700.0 / 6, 1e-9);
	assert_int_equal(t->wait_median_s, 600);
	assert_int_equal(t->wait_p90_s, 1500);
	assert_float_equal(t->within_target_pct, 50.0, 1e-9);
	/* February: 600 and 1200 against 600 s → 50 %, mean 900. March 2025: nothing. */
	assert_int_equal(doc->total[TURNO_SEM_PREVIOUS].issued, 2);
	assert_float_equal(doc->total[TURNO_SEM_PREVIOUS].wait_mean_s, 900, 1e-9);
	assert_int_equal(doc->total[TURNO_SEM_YEAR_BEFORE].issued, 0);
	assert_int_equal(doc->total[TURNO_SEM_YEAR_BEFORE].wait_p90_s, -1);
	assert_int_equal(doc->span[TURNO_SEM_YEAR_BEFORE].from_days, turno_cal_days(2025, 3, 1));

	/* Office one: A 4 tickets (February 2), B 1; its services in configuration order. */
	const struct turno_sem_office *uno = &doc->offices[0];
	assert_string_equal(uno->info.name, "Ufficio Uno");
	assert_int_equal(uno->service_count, 2);
	const struct turno_sem_service *a = turno_sem_service_find(uno, 'A');
	assert_non_null(a);
	assert_string_equal(a->info.name, "Anagrafe");
	assert_int_equal(a->info.target_min, 10);
	assert_int_equal(a->span[TURNO_SEM_NOW].issued, 4);
	assert_float_equal(a->span[TURNO_SEM_NOW].within_target_pct, 75.0, 1e-9);
	assert_int_equal(a->span[TURNO_SEM_PREVIOUS].issued, 2);
	assert_int_equal(turno_sem_service_find(uno, 'B')->span[TURNO_SEM_PREVIOUS].issued, 0);
	assert_null(turno_sem_service_find(uno, 'Z'));
	assert_int_equal(doc->offices[1].total[TURNO_SEM_NOW].issued, 2);

	/* One month. Monday: Uno 3 tickets over the 5 Mondays of March (0.6 a day), Due 1 over 5
	 * (0.2): 0.8 together. 08:00–09:00: Uno's 3 tickets over 22 weekdays (Due opens at 9). */
	assert_int_equal(doc->month_count, 1);
	assert_int_equal(doc->months[0].month, 3);
	assert_int_equal(doc->months[0].fig.issued, 7);
	assert_float_equal(doc->weekday_per_day[0], 0.8, 1e-9);
	assert_float_equal(doc->hour_per_day[8], 3.0 / 22, 1e-9);
	assert_float_equal(doc->weekday_per_day[5], -1, 0); /* Saturday: nobody opens */
	/* The heatmap's rows and columns: every office's hours. */
	assert_true(doc->layout.row[3]);
	assert_false(doc->layout.row[5]);
	assert_int_equal(doc->layout.first_hour, 8);
	assert_int_equal(doc->layout.last_hour, 17);
	assert_int_equal(doc->heatmap.arrivals[0][8], 3);
	/* Thursday afternoon of office one: 1 person over 4 Thursdays. */
	assert_float_equal(uno->orari.band[3][TURNO_BAND_AFTERNOON].per_day, 0.25, 1e-9);
	turno_semester_free(doc);
	(void)state;
}

static void test_json(void **state)
{
	struct turno_semester *doc = build(TURNO_LANG_IT);
	cJSON *root = turno_semester_to_json(doc);
	assert_non_null(root);
	assert_string_equal(cJSON_GetObjectItem(root, "report")->valuestring, "semester");
	cJSON *periods = cJSON_GetObjectItem(root, "periods");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(periods, "current"), "name")->valuestring,
	                    "marzo 2026");
	assert_string_equal(
	        cJSON_GetObjectItem(cJSON_GetObjectItem(periods, "previous"), "from")->valuestring,
	        "2026-02-01");
	cJSON *total = cJSON_GetObjectItem(root, "total");
	assert_float_equal(cJSON_GetObjectItem(total, "wait_mean_s")->valuedouble, 783.3, 1e-9);
	assert_true(cJSON_IsNull(
	        cJSON_GetObjectItem(cJSON_GetObjectItem(root, "year_before_total"), "wait_mean_s")));
	/* The change from February: 2 → 7 people is +250 %; within the standard 50 → 50. */
	cJSON *change = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "change"), "previous");
	assert_float_equal(cJSON_GetObjectItem(change, "issued_change_pct")->valuedouble, 250, 1e-9);
	assert_float_equal(cJSON_GetObjectItem(change, "within_target_change_pts")->valuedouble, 0, 1e-9);
	assert_true(cJSON_IsNull(
	        cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "change"), "year_before"),
	                            "issued_change_pct")));
	cJSON *uno = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "offices"), 0);
	cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItem(uno, "services"), 0);
	assert_string_equal(cJSON_GetObjectItem(a, "service")->valuestring, "A");
	assert_string_equal(cJSON_GetObjectItem(a, "service_name")->valuestring, "Anagrafe");
	assert_int_equal(cJSON_GetObjectItem(a, "issued")->valueint, 4);
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "previous"), "issued")->valueint, 2);
	cJSON *bands = cJSON_GetObjectItem(cJSON_GetObjectItem(uno, "orari"), "bands");
	cJSON *thu_pm = NULL;
	for (int i = 0; i < cJSON_GetArraySize(bands); i++) {
		cJSON *band = cJSON_GetArrayItem(bands, i);
		if (strcmp(cJSON_GetObjectItem(band, "weekday")->valuestring, "giovedì") == 0 &&
		    strcmp(cJSON_GetObjectItem(band, "band")->valuestring, "afternoon") == 0)
			thu_pm = band;
	}
	assert_non_null(thu_pm);
	assert_string_equal(cJSON_GetObjectItem(thu_pm, "hours")->valuestring, "14:30-18:00");
	assert_int_equal(cJSON_GetObjectItem(thu_pm, "days")->valueint, 4);
	assert_float_equal(cJSON_GetObjectItem(thu_pm, "arrivals_per_day")->valuedouble, 0.3,
	                   1e-9); /* 0.25 */
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "months")), 1);
	cJSON_Delete(root);
	turno_semester_free(doc);
	(void)state;
}

static const char *finding(const struct turno_finding *list, int n, enum turno_finding_kind kind)
{
	for (int i = 0; i < n; i++)
		if (list[i].kind == kind)
			return list[i].text;
	return NULL;
}

#define NB TURNO_NBSP

static void test_findings(void **state)
{
	struct turno_semester *doc = build(TURNO_LANG_IT);
	struct turno_finding list[TURNO_MAX_FINDINGS];
	int n = turno_findings(doc, list, TURNO_MAX_FINDINGS);
	const char *people = finding(list, n, TURNO_FINDING_PEOPLE);
	assert_non_null(people);
	assert_non_null(strstr(people, "Hanno preso il numero 7 persone"));
	const char *standard = finding(list, n, TURNO_FINDING_STANDARD);
	/* "il 50 %" (cinquanta) — the article as the number is read. */
	assert_non_null(strstr(standard, "Il 50,0" NB "% delle persone è stato chiamato"));
	assert_non_null(strstr(standard, "L'attesa media è stata di 13" NB "min"));
	assert_non_null(strstr(standard, "al massimo 25" NB "min"));
	const char *services = finding(list, n, TURNO_FINDING_SERVICES);
	assert_non_null(strstr(services, "A Anagrafe (Ufficio Uno): 75,0" NB "% entro 10" NB "min"));
	const char *previous = finding(list, n, TURNO_FINDING_PREVIOUS);
	assert_non_null(strstr(previous, "(febbraio 2026, 1 – 28 febbraio 2026)"));
	assert_non_null(strstr(previous, "persone +250,0" NB "% (da 2 a 7)"));
	assert_non_null(strstr(previous, "attesa media da 15" NB "min a 13" NB "min"));
	assert_non_null(strstr(previous, "entro lo standard da 50,0" NB "% a 50,0" NB "% (0" NB "punti)"));
	const char *year = finding(list, n, TURNO_FINDING_YEAR_BEFORE);
	assert_non_null(strstr(year, "non ci sono dati"));
	const char *missed = finding(list, n, TURNO_FINDING_MISSED);
	assert_non_null(
	        strstr(missed, "Non si è presentata alla chiamata una persona (14,3" NB "% dei numeri)."));
	assert_non_null(strstr(missed, "Un numero non è stato chiamato prima della chiusura (14,3" NB "%)."));
	const char *offices = finding(list, n, TURNO_FINDING_OFFICES);
	assert_non_null(strstr(offices, "Ufficio Uno: 5 persone, 60,0" NB "% entro lo standard"));
	/* Office one's quietest band: Wednesday morning, nobody (0 a day): "lo 0,0 %". */
	bool band_found = false;
	for (int i = 0; i < n; i++)
		if (list[i].kind == TURNO_FINDING_BANDS && strstr(list[i].heading, "Ufficio Uno")) {
			band_found = true;
			assert_non_null(
			        strstr(list[i].text, "è il mercoledì mattina (08:00–13:00): in media 0,0"));
			assert_non_null(strstr(list[i].text, "lo 0,0" NB "% degli utenti"));
			assert_non_null(strstr(list[i].text, "La più frequentata è il lunedì mattina"));
		}
	assert_true(band_found);
	turno_semester_free(doc);

	doc = build(TURNO_LANG_EN);
	n = turno_findings(doc, list, TURNO_MAX_FINDINGS);
	assert_non_null(strstr(finding(list, n, TURNO_FINDING_PEOPLE), "7 people took a number"));
	assert_non_null(strstr(finding(list, n, TURNO_FINDING_SERVICES),
	                       "A Registry (Ufficio Uno): 75.0% within 10"));
	turno_semester_free(doc);
	(void)state;
}

static void test_fill_and_changes(void **state)
{
	char out[64];
	const char *args[] = {"uno", "due"};
	assert_string_equal(turno_fill(out, sizeof(out), "{2} e {1}, {3} {x} {", args, 2),
	                    "due e uno, {3} {x} {");
	assert_string_equal(turno_fill(out, 8, "{1}{2}{1}", args, 2), "unodueu");
	struct turno_figures before = {.issued = 200,
	                               .wait_n = 10,
	                               .wait_mean_s = 600,
	                               .wait_p90_s = 1200,
	                               .target_n = 10,
	                               .within_target_pct = 80};
	struct turno_figures after = {.issued = 150,
	                              .wait_n = 10,
	                              .wait_mean_s = 540,
	                              .wait_p90_s = 1300,
	                              .target_n = 10,
	                              .within_target_pct = 85.5};
	struct turno_change c = turno_change_between(&before, &after);
	assert_true(c.issued_known && c.wait_known && c.target_known);
	assert_float_equal(c.issued_pct, -25, 1e-9);
	assert_float_equal(c.wait_mean_delta_s, -60, 1e-9);
	assert_float_equal(c.wait_p90_delta_s, 100, 1e-9);
	assert_float_equal(c.within_target_delta_pts, 5.5, 1e-9);
	struct turno_figures none = {0};
	c = turno_change_between(&none, &after);
	assert_false(c.issued_known || c.wait_known || c.target_known);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_figures),
	        cmocka_unit_test(test_json),
	        cmocka_unit_test(test_findings),
	        cmocka_unit_test(test_fill_and_changes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
