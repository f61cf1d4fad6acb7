/* Dates, weekdays and ISO weeks against calendar facts, and the stored local-time parse. */
#include "report/calendar.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static void test_days_and_weekdays(void **state)
{
	const struct {
		int y, m, d;
		int64_t days;
		int weekday; /* Monday = 0 */
	} cases[] = {
	        {1970, 1, 1, 0, 3},       /* a Thursday */
	        {2000, 2, 29, 11016, 1},  /* leap day, a Tuesday */
	        {2026, 3, 29, 20541, 6},  /* DST starts in Europe: last Sunday of March */
	        {2026, 10, 25, 20751, 6}, /* DST ends: last Sunday of October */
	        {1969, 12, 31, -1, 2},    /* a Wednesday */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t days = turno_cal_days(cases[i].y, cases[i].m, cases[i].d);
		assert_int_equal(days, cases[i].days);
		assert_int_equal(turno_cal_weekday(days), cases[i].weekday);
		struct turno_date back = turno_cal_from_days(days);
		assert_int_equal(back.year, cases[i].y);
		assert_int_equal(back.month, cases[i].m);
		assert_int_equal(back.day, cases[i].d);
	}
	(void)state;
}

static void test_iso_weeks(void **state)
{
	const struct {
		int y, m, d;
		int iso_year, week;
	} cases[] = {
	        {2026, 1, 1, 2026, 1},   /* Thursday: week 1 */
	        {2027, 1, 1, 2026, 53},  /* Friday: last week of 2026, which has 53 */
	        {2024, 12, 30, 2025, 1}, /* Monday of 2025's first week */
	        {2026, 3, 29, 2026, 13}, {2021, 1, 3, 2020, 53},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int year, week;
		turno_cal_iso_week(turno_cal_days(cases[i].y, cases[i].m, cases[i].d), &year, &week);
		assert_int_equal(year, cases[i].iso_year);
		assert_int_equal(week, cases[i].week);
	}
	(void)state;
}

static void test_parse_date(void **state)
{
	struct turno_date d;
	assert_int_equal(turno_cal_parse_date("2026-02-28", &d), 0);
	assert_int_equal(d.year * 10000 + d.month * 100 + d.day, 20260228);
	assert_int_equal(turno_cal_parse_date("2024-02-29", &d), 0);
	const char *bad[] = {"2026-02-29", "2026-13-01", "2026-00-10", "2026-1-1",  "2026-01-01x",
	                     "",           "26-01-01",   "2026/01/01", "2026-04-31"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(turno_cal_parse_date(bad[i], &d), -22);
	assert_int_equal(turno_cal_parse_date(NULL, &d), -22);
	char out[11];
	turno_cal_format_date(turno_cal_days(2026, 3, 9), out);
	assert_string_equal(out, "2026-03-09");
	(void)state;
}

static void test_parse_local(void **state)
{
	int64_t days;
	int minute;
	assert_int_equal(turno_cal_parse_local("2026-03-29 03:15:59", &days, &minute), 0);
	assert_int_equal(days, turno_cal_days(2026, 3, 29));
	assert_int_equal(minute, 3 * 60 + 15);
	assert_int_equal(turno_cal_parse_local("2026-03-29 24:00:00", &days, &minute), -22);
	assert_int_equal(turno_cal_parse_local("2026-03-29T03:15:59", &days, &minute), -22);
	assert_int_equal(turno_cal_parse_local("2026-03-29", &days, &minute), -22);
	assert_int_equal(turno_cal_days_in_month(2026, 2), 28);
	assert_int_equal(turno_cal_days_in_month(2000, 2), 29);
	assert_int_equal(turno_cal_days_in_month(1900, 2), 28);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_days_and_weekdays),
	        cmocka_unit_test(test_iso_weeks),
	        cmocka_unit_test(test_parse_date),
	        cmocka_unit_test(test_parse_local),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
