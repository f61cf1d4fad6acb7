/* The opening-hours analysis on a month whose figures are worked out by hand, the
 * morning/afternoon rule, days counted with closed dates, a period still running and
 * an office open outside its hours. */
#include "core/hours.h"
#include "report/calendar.h"
#include "report/orari.h"
#include "report/orari_tables.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define MON 0
#define TUE 1
#define THU 3
#define SAT 5

static struct turno_day_hours day_of(const char *text)
{
	struct turno_day_hours day;
	char err[200];
	assert_int_equal(turno_hours_parse_day(text, &day, err, sizeof(err)), 0);
	return day;
}

static void test_bands(void **state)
{
	int start, end;
	struct turno_day_hours split = day_of("08:00-13:00, 14:30-18:00");
	assert_int_equal(turno_band_of(&split, 8 * 60), TURNO_BAND_MORNING);
	assert_int_equal(turno_band_of(&split, 13 * 60 + 30), TURNO_BAND_MORNING); /* between: by the clock */
	assert_int_equal(turno_band_of(&split, 14 * 60), TURNO_BAND_AFTERNOON);
	assert_int_equal(turno_band_of(&split, 17 * 60 + 59), TURNO_BAND_AFTERNOON);
	assert_true(turno_band_hours(&split, TURNO_BAND_AFTERNOON, &start, &end));
	assert_int_equal(start, 14 * 60 + 30);
	assert_int_equal(end, 18 * 60);

	/* A continuous day is split at 14:00. */
	struct turno_day_hours continuous = day_of("09:00-17:00");
	assert_int_equal(turno_band_of(&continuous, 13 * 60 + 59), TURNO_BAND_MORNING);
	assert_int_equal(turno_band_of(&continuous, 14 * 60), TURNO_BAND_AFTERNOON);
	assert_true(turno_band_hours(&continuous, TURNO_BAND_MORNING, &start, &end));
	assert_int_equal(end, 14 * 60);
	assert_true(turno_band_hours(&continuous, TURNO_BAND_AFTERNOON, &start, &end));
	assert_int_equal(start, 14 * 60);

	/* A long morning is still a morning: no half-hour "afternoon". */
	struct turno_day_hours long_morning = day_of("08:30-14:30");
	assert_int_equal(turno_band_of(&long_morning, 14 * 60 + 15), TURNO_BAND_MORNING);
	assert_false(turno_band_hours(&long_morning, TURNO_BAND_AFTERNOON, &start, &end));
	assert_int_equal(start, -1);

	/* An afternoon opening from 13:00. */
	struct turno_day_hours afternoon = day_of("13:00-17:00");
	assert_int_equal(turno_band_of(&afternoon, 13 * 60), TURNO_BAND_AFTERNOON);
	assert_false(turno_band_hours(&afternoon, TURNO_BAND_MORNING, &start, &end));

	struct turno_day_hours closed = day_of("closed");
	assert_int_equal(turno_band_of(&closed, 15 * 60), TURNO_BAND_AFTERNOON);
	assert_false(turno_band_hours(&closed, TURNO_BAND_MORNING, &start, &end));
	(void)state;
}

static struct turno_hours montelupo(void)
{
	struct turno_hours h = {0};
	char err[200];
	for (int wd = 0; wd < 5; wd++)
		h.week.day[wd] = day_of(wd == TUE || wd == THU ? "08:00-13:00, 14:30-18:00" : "08:00-13:00");
	h.week.day[5] = day_of("closed");
	h.week.day[6] = day_of("closed");
	assert_int_equal(turno_hours_parse_closed("2026-03-19", &h, err, sizeof(err)), 0); /* a Thursday */
	return h;
}

static int add(struct turno_orari *o, int64_t days, int minute, int wait_s)
{
	struct turno_report_row row = {.service = 'A',
	                               .prefix = 'A',
	                               .state = wait_s >= 0 ? TURNO_REPORT_COMPLETED : TURNO_REPORT_EXPIRED,
	                               .wait_s = wait_s,
	                               .service_s = wait_s >= 0 ? 300 : -1,
	                               .local_days = days,
	                               .local_minute = minute};
	return turno_orari_add(o, &row, 600);
}

/* March 2026, Monday 2 to Sunday 29: every open morning 9 tickets (08:00 … 12:00, waits
 * 300 s), Thursday afternoons 6, 5 and 7 tickets (the 19th is a closed date), Tuesday
 * afternoons open but empty, and one ticket on Saturday the 7th (an open day outside the
 * hours). Mornings: 20 weekdays less the closed Thursday = 19, × 9 = 171; total
 * 171 + 18 + 1 = 190. */
static void test_montelupo(void **state)
{
	struct turno_hours hours = montelupo();
	int64_t from = turno_cal_days(2026, 3, 2), to = turno_cal_days(2026, 3, 29);
	struct turno_orari *o = turno_orari_new(&hours, from, to, to);
	assert_non_null(o);
	int wait = 0;
	for (int64_t day = from; day <= to; day++) {
		int wd = turno_cal_weekday(day);
		if (wd > 4 || day == turno_cal_days(2026, 3, 19))
			continue;
		for (int i = 0; i < 9; i++)
			assert_int_equal(add(o, day, 8 * 60 + 30 * i, 300), 0);
		if (wd != THU)
			continue;
		int n = day == turno_cal_days(2026, 3, 5) ? 6 : day == turno_cal_days(2026, 3, 12) ? 5 : 7;
		/* Waits 60, 120, … 1080 s over the 18 afternoon tickets. */
		for (int i = 0; i < n; i++)
			assert_int_equal(add(o, day, 14 * 60 + 30 + 10 * i, 60 * ++wait), 0);
	}
	assert_int_equal(add(o, turno_cal_days(2026, 3, 7), 10 * 60, -1), 0);
	/* Outside the period: ignored. */
	assert_int_equal(add(o, turno_cal_days(2026, 3, 30), 9 * 60, 100), 0);

	struct turno_orari_result r;
	assert_int_equal(turno_orari_finish(o, &r), 0);
	turno_orari_free(o);
	assert_int_equal(r.total_arrivals, 190);

	/* Thursday afternoon: 18 people over 3 afternoons = 6.0 a day; 18 / 190 = 9.47 %.
	 * Waits 60 … 1080: mean 60 × 171 / 18 = 570; p90 rank ceil(16.2) = 17 → 1020 s;
	 * within 600 s: 10 of 18 = 55.6 %. */
	const struct turno_orari_cell *thu_pm = &r.band[THU][TURNO_BAND_AFTERNOON];
	assert_int_equal(thu_pm->days, 3);
	assert_int_equal(thu_pm->fig.issued, 18);
	assert_float_equal(thu_pm->per_day, 6.0, 1e-9);
	assert_float_equal(thu_pm->share_pct, 100.0 * 18 / 190, 1e-9);
	assert_float_equal(thu_pm->fig.wait_mean_s, 570.0, 1e-9);
	assert_int_equal(thu_pm->fig.wait_p90_s, 1020);
	assert_float_equal(thu_pm->fig.within_target_pct, 100.0 * 10 / 18, 1e-9);
	assert_int_equal(thu_pm->start_min, 14 * 60 + 30);
	assert_int_equal(thu_pm->end_min, 18 * 60);
	assert_true(turno_orari_band_shown(&r, THU, TURNO_BAND_AFTERNOON));

	/* Thursday morning: 3 open days (not the 19th), 27 people, 9.0 a day. */
	assert_int_equal(r.band[THU][TURNO_BAND_MORNING].days, 3);
	assert_float_equal(r.band[THU][TURNO_BAND_MORNING].per_day, 9.0, 1e-9);
	/* Monday morning: 4 days; Monday has no afternoon at all. */
	assert_int_equal(r.band[MON][TURNO_BAND_MORNING].days, 4);
	assert_int_equal(r.band[MON][TURNO_BAND_AFTERNOON].days, 0);
	assert_float_equal(r.band[MON][TURNO_BAND_AFTERNOON].per_day, -1, 0);
	assert_false(turno_orari_band_shown(&r, MON, TURNO_BAND_AFTERNOON));
	/* Tuesday afternoon: open 4 times, nobody came: 0 a day, no waits. */
	assert_int_equal(r.band[TUE][TURNO_BAND_AFTERNOON].days, 4);
	assert_float_equal(r.band[TUE][TURNO_BAND_AFTERNOON].per_day, 0.0, 0);
	assert_float_equal(r.band[TUE][TURNO_BAND_AFTERNOON].fig.wait_mean_s, -1, 0);
	assert_int_equal(r.band[TUE][TURNO_BAND_AFTERNOON].fig.wait_p90_s, -1);
	/* Saturday: closed by the hours, but the day with a ticket counts. */
	assert_true(r.weekday_shown[SAT]);
	assert_int_equal(r.band[SAT][TURNO_BAND_MORNING].days, 1);
	assert_int_equal(r.band[SAT][TURNO_BAND_MORNING].fig.issued, 1);
	assert_int_equal(r.band[SAT][TURNO_BAND_MORNING].start_min, -1);
	assert_false(r.weekday_shown[6]);
	/* Whole Thursdays: 3 days, 45 people, 15 a day. */
	assert_int_equal(r.day[THU].days, 3);
	assert_float_equal(r.day[THU].per_day, 15.0, 1e-9);
	assert_int_equal(r.open_days, 19 + 1);

	/* Hour by hour: Thursday 14:00–15:00 is open from 14:30 (3 days); the 5th had 14:30,
	 * 14:40, 14:50; the 12th the same; the 26th too → 9 people, 3.0 a day. 15:00–16:00: 3 +
	 * 2 + 4 = 9. 17:00 open, empty. */
	assert_int_equal(r.hour[THU][14].days, 3);
	assert_int_equal(r.hour[THU][14].start_min, 14 * 60 + 30);
	assert_int_equal(r.hour[THU][14].fig.issued, 9);
	assert_float_equal(r.hour[THU][14].per_day, 3.0, 1e-9);
	assert_int_equal(r.hour[THU][15].fig.issued, 9);
	assert_int_equal(r.hour[THU][17].days, 3);
	assert_int_equal(r.hour[THU][17].fig.issued, 0);
	assert_int_equal(r.hour[MON][14].days, 0);
	assert_int_equal(r.first_hour, 8);
	assert_int_equal(r.last_hour, 17);

	/* The table answers Montelupo at a glance: Thursday afternoon, 14:30-18:00, 3 days,
	 * 6.0 people per afternoon, 9.5 % of users. Rows only for bands the hours open or
	 * that had tickets: Monday has no afternoon row, Saturday has its morning. */
	struct turno_table *t = turno_orari_band_table(&r, TURNO_LANG_IT);
	assert_non_null(t);
	cJSON *rows = turno_table_to_json(t);
	assert_int_equal(cJSON_GetArraySize(rows), 5 + 2 + 1);
	cJSON *thu = NULL;
	for (int i = 0; i < cJSON_GetArraySize(rows); i++) {
		cJSON *row = cJSON_GetArrayItem(rows, i);
		if (cJSON_GetObjectItem(row, "weekday_index")->valueint == 4 &&
		    strcmp(cJSON_GetObjectItem(row, "band")->valuestring, "afternoon") == 0)
			thu = row;
	}
	assert_non_null(thu);
	assert_string_equal(cJSON_GetObjectItem(thu, "weekday")->valuestring, "giovedì");
	assert_string_equal(cJSON_GetObjectItem(thu, "band_name")->valuestring, "pomeriggio");
	assert_string_equal(cJSON_GetObjectItem(thu, "hours")->valuestring, "14:30-18:00");
	assert_int_equal(cJSON_GetObjectItem(thu, "days")->valueint, 3);
	assert_int_equal(cJSON_GetObjectItem(thu, "arrivals")->valueint, 18);
	assert_float_equal(cJSON_GetObjectItem(thu, "arrivals_per_day")->valuedouble, 6.0, 1e-9);
	assert_float_equal(cJSON_GetObjectItem(thu, "share_pct")->valuedouble, 9.5, 1e-9);
	assert_float_equal(cJSON_GetObjectItem(thu, "wait_mean_s")->valuedouble, 570, 1e-9);
	assert_int_equal(cJSON_GetObjectItem(thu, "wait_p90_s")->valueint, 1020);
	cJSON_Delete(rows);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_int_equal(turno_table_write_csv_styled(t, TURNO_CSV_ITALIAN, f), 0);
	fclose(f);
	assert_non_null(strstr(text, "\r\ngiovedì;pomeriggio;14:30-18:00;3;18;6,0;9,5;9,5;17,0;55,6\r\n"));
	free(text);
	turno_table_free(t);
	/* Hour by hour: a row per open weekday and hour 08-17. */
	t = turno_orari_hour_table(&r, TURNO_LANG_EN);
	assert_int_equal(turno_table_rows(t), 6 * 10);
	turno_table_free(t);
	(void)state;
}

/* A period still running: configured days count only up to open_until; a later day
 * with tickets counts anyway. */
static void test_open_until(void **state)
{
	struct turno_hours hours = montelupo();
	int64_t from = turno_cal_days(2026, 3, 2), to = turno_cal_days(2026, 3, 29);
	int64_t until = turno_cal_days(2026, 3, 8); /* the first week only */
	struct turno_orari *o = turno_orari_new(&hours, from, to, until);
	assert_non_null(o);
	assert_int_equal(add(o, turno_cal_days(2026, 3, 9), 9 * 60, 120), 0); /* Monday of week 2 */
	struct turno_orari_result r;
	assert_int_equal(turno_orari_finish(o, &r), 0);
	turno_orari_free(o);
	assert_int_equal(r.band[MON][TURNO_BAND_MORNING].days, 2);
	assert_int_equal(r.band[THU][TURNO_BAND_AFTERNOON].days, 1);
	assert_float_equal(r.band[MON][TURNO_BAND_MORNING].per_day, 0.5, 1e-9);
	assert_float_equal(r.band[MON][TURNO_BAND_MORNING].share_pct, 100.0, 1e-9);

	/* Without any configuration only days with tickets count. */
	o = turno_orari_new(NULL, from, to, to);
	assert_non_null(o);
	assert_int_equal(add(o, turno_cal_days(2026, 3, 9), 15 * 60, 120), 0);
	assert_int_equal(turno_orari_finish(o, &r), 0);
	turno_orari_free(o);
	assert_int_equal(r.band[MON][TURNO_BAND_AFTERNOON].days, 1);
	assert_int_equal(r.band[MON][TURNO_BAND_MORNING].days, 0);
	assert_int_equal(r.first_hour, 15);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_bands),
	        cmocka_unit_test(test_montelupo),
	        cmocka_unit_test(test_open_until),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
