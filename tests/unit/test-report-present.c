/* Group names, targets, summary and heatmap tables built from aggregates, labels. */
#include "core/config.h"
#include "report/calendar.h"
#include "report/labels.h"
#include "report/present.h"
#include "report/scan.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static const char config_text[] =
        "[office]\nname = Prova\ntimezone = Europe/Rome\n"
        "[hours]\nmon = 08:00-13:00\ntue = 08:00-13:00\nwed = closed\nthu = closed\n"
        "fri = closed\nsat = closed\nsun = closed\n"
        "[service.A]\nname = Anagrafe\nname_en = Registry\ntarget_wait_minutes = 15\n"
        "[service.B]\nname = Tributi\n"
        "[counter.3]\nname = Sportello tre\nservices = A, B\n";

static struct turno_config *load(void)
{
	struct turno_config *c;
	char err[256];
	if (turno_config_load_string(config_text, "t.ini", &c, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	return c;
}

static void test_group_labels(void **state)
{
	struct turno_config *c = load();
	char out[160];
	assert_string_equal(
	        turno_report_group_label(TURNO_BY_SERVICE, 'A', c, TURNO_LANG_IT, out, sizeof(out)),
	        "A Anagrafe");
	assert_string_equal(
	        turno_report_group_label(TURNO_BY_SERVICE, 'A', c, TURNO_LANG_EN, out, sizeof(out)),
	        "A Registry");
	assert_string_equal(
	        turno_report_group_label(TURNO_BY_SERVICE, 'Q', c, TURNO_LANG_IT, out, sizeof(out)), "Q");
	assert_string_equal(turno_report_group_label(TURNO_BY_COUNTER, 3, c, TURNO_LANG_IT, out, sizeof(out)),
	                    "Sportello tre");
	assert_string_equal(turno_report_group_label(TURNO_BY_COUNTER, 0, c, TURNO_LANG_EN, out, sizeof(out)),
	                    "none");
	assert_string_equal(
	        turno_report_group_label(TURNO_BY_COUNTER, 7, NULL, TURNO_LANG_EN, out, sizeof(out)),
	        "Counter 7");
	assert_string_equal(turno_report_group_label(TURNO_BY_DAY, turno_cal_days(2026, 3, 29), c,
	                                             TURNO_LANG_IT, out, sizeof(out)),
	                    "2026-03-29");
	assert_string_equal(
	        turno_report_group_label(TURNO_BY_WEEK, 202613, c, TURNO_LANG_IT, out, sizeof(out)),
	        "2026-W13");
	assert_string_equal(
	        turno_report_group_label(TURNO_BY_MONTH, 202603, c, TURNO_LANG_IT, out, sizeof(out)),
	        "2026-03");
	assert_string_equal(turno_report_group_label(TURNO_BY_WEEKDAY, 2, c, TURNO_LANG_IT, out, sizeof(out)),
	                    "mercoledì");
	assert_string_equal(turno_report_group_label(TURNO_BY_HOUR, 9, c, TURNO_LANG_IT, out, sizeof(out)),
	                    "09:00-10:00");
	/* Targets: A says 15 min; B keeps the default of 30; unknown or no configuration: none. */
	assert_int_equal(turno_report_target_s(c, 'A'), 900);
	assert_int_equal(turno_report_target_s(c, 'B'), 1800);
	assert_int_equal(turno_report_target_s(c, 'Z'), 0);
	assert_int_equal(turno_report_target_s(NULL, 'A'), 0);
	turno_config_free(c);
	(void)state;
}

static void test_summary_table(void **state)
{
	struct turno_config *c = load();
	struct turno_agg *groups = turno_agg_new(), *total = turno_agg_new();
	struct turno_report_row r = {
	        .service = 'A', .state = TURNO_REPORT_COMPLETED, .wait_s = 1000, .service_s = 60};
	turno_agg_add(groups, 'A', &r, 900);
	turno_agg_add(total, 0, &r, 900);
	turno_agg_touch(groups, 'B');
	turno_agg_finish(groups);
	turno_agg_finish(total);
	struct turno_table *t = turno_report_summary_table(groups, TURNO_BY_SERVICE, total, c, TURNO_LANG_IT);
	assert_non_null(t);
	assert_int_equal(turno_table_rows(t), 3); /* A, B (no tickets), total */
	cJSON *rows = turno_table_to_json(t);
	cJSON *a = cJSON_GetArrayItem(rows, 0), *b = cJSON_GetArrayItem(rows, 1),
	      *tot = cJSON_GetArrayItem(rows, 2);
	/* Programs get the letter and the name apart; a person reads "A Anagrafe". */
	assert_string_equal(cJSON_GetObjectItem(a, "service")->valuestring, "A");
	assert_string_equal(cJSON_GetObjectItem(a, "service_name")->valuestring, "Anagrafe");
	assert_null(cJSON_GetObjectItem(a, "service_label"));
	assert_int_equal(cJSON_GetObjectItem(a, "target_min")->valueint, 15);
	assert_int_equal(cJSON_GetObjectItem(a, "wait_p90_s")->valueint, 1000);
	assert_float_equal(cJSON_GetObjectItem(a, "within_target_pct")->valuedouble, 0,
	                   1e-9); /* 1000 s > 900 s */
	assert_int_equal(cJSON_GetObjectItem(b, "issued")->valueint, 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(b, "wait_mean_s")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(tot, "service")));
	assert_string_equal(cJSON_GetObjectItem(tot, "service_name")->valuestring, "Totale");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(tot, "target_min")));
	cJSON_Delete(rows);
	turno_table_free(t);
	/* No ticket at all: the total row still exists, with zero counts and no times. */
	struct turno_agg *empty = turno_agg_new();
	turno_agg_finish(empty);
	t = turno_report_summary_table(NULL, TURNO_BY_DAY, empty, c, TURNO_LANG_EN);
	rows = turno_table_to_json(t);
	assert_int_equal(cJSON_GetArraySize(rows), 1);
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 0), "issued")->valueint, 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 0), "wait_median_s")));
	cJSON_Delete(rows);
	turno_table_free(t);
	turno_agg_free(empty);
	turno_agg_free(groups);
	turno_agg_free(total);
	turno_config_free(c);
	(void)state;
}

static void test_heatmap_tables(void **state)
{
	struct turno_config *c = load();
	struct turno_heatmap map = {0};
	turno_heatmap_add(&map, 1, 9 * 60 + 30, 120); /* Tuesday 09:30 */
	struct turno_heatmap_layout layout = turno_heatmap_layout(&map, &c->hours);
	/* Rows: Monday and Tuesday open; hours 8…12. */
	struct turno_table *grid = turno_report_heatmap_grid(&map, &layout, false, TURNO_LANG_IT);
	assert_int_equal(turno_table_rows(grid), 2);
	assert_int_equal(turno_table_columns(grid), 1 + 5);
	struct turno_table *cells = turno_report_heatmap_long(&map, &layout, TURNO_LANG_EN);
	assert_int_equal(turno_table_rows(cells), 2 * 5);
	cJSON *rows = turno_table_to_json(cells);
	cJSON *tue9 = cJSON_GetArrayItem(rows, 5 + 1);
	assert_string_equal(cJSON_GetObjectItem(tue9, "weekday")->valuestring, "Tuesday");
	assert_int_equal(cJSON_GetObjectItem(tue9, "hour")->valueint, 9);
	assert_int_equal(cJSON_GetObjectItem(tue9, "arrivals")->valueint, 1);
	assert_int_equal(cJSON_GetObjectItem(tue9, "wait_mean_s")->valueint, 120);
	cJSON_Delete(rows);
	turno_table_free(grid);
	turno_table_free(cells);
	turno_config_free(c);
	(void)state;
}

static void test_labels_and_filters(void **state)
{
	enum turno_lang lang;
	assert_int_equal(turno_lang_parse("en", &lang), 0);
	assert_int_equal(lang, TURNO_LANG_EN);
	assert_int_equal(turno_lang_parse("de", &lang), -22);
	assert_string_equal(turno_state_label(TURNO_LANG_IT, "no_show"), "assente");
	assert_string_equal(turno_state_label(TURNO_LANG_EN, "printed"), "printed");
	assert_string_equal(turno_state_label(TURNO_LANG_IT, "mystery"), "mystery");
	assert_string_equal(turno_weekday_name(TURNO_LANG_IT, 6, 0), "dom");
	assert_string_equal(turno_month_name(TURNO_LANG_EN, 3), "March");
	for (int l = 0; l < TURNO_L_COUNT_; l++) {
		assert_true(strlen(turno_label(TURNO_LANG_IT, (enum turno_label)l)) > 0);
		assert_true(strlen(turno_label(TURNO_LANG_EN, (enum turno_label)l)) > 0);
	}
	struct turno_report_filter f = {.services = "AC", .counter = 2};
	struct turno_report_row r = {.service = 'A', .counter = 2};
	assert_true(turno_report_filter_match(&f, &r));
	r.service = 'B';
	assert_false(turno_report_filter_match(&f, &r));
	r.service = 'C';
	r.counter = 0;
	assert_false(turno_report_filter_match(&f, &r));
	struct turno_report_filter all = {0};
	assert_true(turno_report_filter_match(&all, &r));
	enum turno_report_state s;
	assert_int_equal(turno_report_state_parse("no_show", &s), 0);
	assert_int_equal(s, TURNO_REPORT_NO_SHOW);
	assert_int_equal(turno_report_state_parse("lost", &s), -22);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_group_labels),
	        cmocka_unit_test(test_summary_table),
	        cmocka_unit_test(test_heatmap_tables),
	        cmocka_unit_test(test_labels_and_filters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
