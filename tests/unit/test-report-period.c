/* Dates as staff write them, named periods, the periods a report compares with, and
 * their names in words. */
#include "report/calendar.h"
#include "report/period.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static int64_t d(int y, int m, int day)
{
	return turno_cal_days(y, m, day);
}

static void test_dates(void **state)
{
	const struct {
		const char *text;
		int ok;
		int y, m, day;
	} cases[] = {
	        {"2026-01-15", 1, 2026, 1, 15}, {"15/01/2026", 1, 2026, 1, 15},
	        {"15/1/2026", 1, 2026, 1, 15},  {"1/1/2026", 1, 2026, 1, 1},
	        {"15.01.2026", 1, 2026, 1, 15}, {"15-01-2026", 1, 2026, 1, 15},
	        {"29/02/2028", 1, 2028, 2, 29}, {"29/02/2026", 0, 0, 0, 0},
	        {"31/04/2026", 0, 0, 0, 0},     {"15/01/26", 0, 0, 0, 0},
	        {"01/13/2026", 0, 0, 0, 0},     {"15/01-2026", 0, 0, 0, 0},
	        {"2026/01/15", 0, 0, 0, 0},     {"", 0, 0, 0, 0},
	        {"15/01/2026x", 0, 0, 0, 0},    {"gennaio", 0, 0, 0, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t days = -1;
		int rc = turno_period_parse_date(cases[i].text, &days);
		if (cases[i].ok) {
			assert_int_equal(rc, 0);
			assert_int_equal(days, d(cases[i].y, cases[i].m, cases[i].day));
		} else {
			assert_int_equal(rc, -22);
		}
	}
	(void)state;
}

static void test_named(void **state)
{
	struct turno_period p;
	assert_int_equal(turno_period_semester("2026-1", &p), 0);
	assert_int_equal(p.from_days, d(2026, 1, 1));
	assert_int_equal(p.to_days, d(2026, 6, 30));
	assert_int_equal(p.kind, TURNO_PERIOD_SEMESTER);
	assert_int_equal(turno_period_semester("2/2025", &p), 0);
	assert_int_equal(p.from_days, d(2025, 7, 1));
	assert_int_equal(p.to_days, d(2025, 12, 31));
	assert_int_equal(turno_period_semester("2026-S2", &p), 0);
	assert_int_equal(p.from_days, d(2026, 7, 1));
	assert_int_equal(turno_period_semester("2026-3", &p), -22);
	assert_int_equal(turno_period_semester("2026", &p), -22);
	assert_int_equal(turno_period_quarter("2026-Q2", &p), 0);
	assert_int_equal(p.from_days, d(2026, 4, 1));
	assert_int_equal(p.to_days, d(2026, 6, 30));
	assert_int_equal(turno_period_quarter("4/2026", &p), 0);
	assert_int_equal(p.to_days, d(2026, 12, 31));
	assert_int_equal(turno_period_quarter("2026-5", &p), -22);
	assert_int_equal(turno_period_month("2028-02", &p), 0);
	assert_int_equal(p.to_days, d(2028, 2, 29));
	assert_int_equal(p.kind, TURNO_PERIOD_MONTH);
	assert_int_equal(turno_period_month("3/2026", &p), 0);
	assert_int_equal(p.from_days, d(2026, 3, 1));
	assert_int_equal(turno_period_month("2026-13", &p), -22);
	assert_int_equal(turno_period_year("2026", &p), 0);
	assert_int_equal(p.from_days, d(2026, 1, 1));
	assert_int_equal(p.to_days, d(2026, 12, 31));
	assert_int_equal(turno_period_year("26", &p), -22);
	(void)state;
}

static void test_kind_and_comparisons(void **state)
{
	const struct {
		int64_t from, to;
		enum turno_period_kind kind;
		int64_t prev_from, prev_to, year_from, year_to;
	} cases[] = {
	        /* The first semester: the second of the year before, and the first of the year before. */
	        {d(2026, 1, 1), d(2026, 6, 30), TURNO_PERIOD_SEMESTER, d(2025, 7, 1), d(2025, 12, 31),
	         d(2025, 1, 1), d(2025, 6, 30)},
	        /* March: February (28 days), and March 2025. */
	        {d(2026, 3, 1), d(2026, 3, 31), TURNO_PERIOD_MONTH, d(2026, 2, 1), d(2026, 2, 28),
	         d(2025, 3, 1), d(2025, 3, 31)},
	        /* February of a leap year: January; the year before's February ends on the 28th. */
	        {d(2028, 2, 1), d(2028, 2, 29), TURNO_PERIOD_MONTH, d(2028, 1, 1), d(2028, 1, 31),
	         d(2027, 2, 1), d(2027, 2, 28)},
	        {d(2026, 1, 1), d(2026, 12, 31), TURNO_PERIOD_YEAR, d(2025, 1, 1), d(2025, 12, 31),
	         d(2025, 1, 1), d(2025, 12, 31)},
	        {d(2026, 4, 1), d(2026, 6, 30), TURNO_PERIOD_QUARTER, d(2026, 1, 1), d(2026, 3, 31),
	         d(2025, 4, 1), d(2025, 6, 30)},
	        /* March–May (three months, not a quarter): back three months. */
	        {d(2026, 3, 1), d(2026, 5, 31), TURNO_PERIOD_MONTHS, d(2025, 12, 1), d(2026, 2, 28),
	         d(2025, 3, 1), d(2025, 5, 31)},
	        /* Two weeks: the two weeks before; a year before by date. */
	        {d(2026, 3, 2), d(2026, 3, 15), TURNO_PERIOD_DAYS, d(2026, 2, 16), d(2026, 3, 1),
	         d(2025, 3, 2), d(2025, 3, 15)},
	        /* A leap day by date. */
	        {d(2028, 2, 29), d(2028, 2, 29), TURNO_PERIOD_DAYS, d(2028, 2, 28), d(2028, 2, 28),
	         d(2027, 2, 28), d(2027, 2, 28)},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct turno_period p = turno_period_of(cases[i].from, cases[i].to);
		assert_int_equal(p.kind, cases[i].kind);
		struct turno_period prev = turno_period_previous(&p);
		assert_int_equal(prev.from_days, cases[i].prev_from);
		assert_int_equal(prev.to_days, cases[i].prev_to);
		struct turno_period year = turno_period_year_before(&p);
		assert_int_equal(year.from_days, cases[i].year_from);
		assert_int_equal(year.to_days, cases[i].year_to);
	}
	(void)state;
}

static void test_names(void **state)
{
	char out[128];
	const struct {
		int64_t from, to;
		enum turno_lang lang;
		const char *name, *dates;
	} cases[] = {
	        {d(2026, 1, 1), d(2026, 6, 30), TURNO_LANG_IT, "1° semestre 2026",
	         "1 gennaio – 30 giugno 2026"},
	        {d(2026, 7, 1), d(2026, 12, 31), TURNO_LANG_EN, "Second half of 2026",
	         "1 July – 31 December 2026"},
	        {d(2026, 3, 1), d(2026, 3, 31), TURNO_LANG_IT, "marzo 2026", "1 – 31 marzo 2026"},
	        {d(2026, 4, 1), d(2026, 6, 30), TURNO_LANG_IT, "2° trimestre 2026",
	         "1 aprile – 30 giugno 2026"},
	        {d(2026, 1, 1), d(2026, 12, 31), TURNO_LANG_IT, "anno 2026", "1 gennaio – 31 dicembre 2026"},
	        {d(2025, 11, 1), d(2026, 2, 28), TURNO_LANG_IT, "novembre 2025 – febbraio 2026",
	         "1 novembre 2025 – 28 febbraio 2026"},
	        {d(2026, 3, 3), d(2026, 3, 17), TURNO_LANG_IT, "3 – 17 marzo 2026", "3 – 17 marzo 2026"},
	        {d(2026, 3, 1), d(2026, 3, 1), TURNO_LANG_IT, "1 marzo 2026", "1 marzo 2026"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct turno_period p = turno_period_of(cases[i].from, cases[i].to);
		assert_string_equal(turno_period_name(&p, cases[i].lang, out, sizeof(out)), cases[i].name);
		assert_string_equal(
		        turno_period_dates(p.from_days, p.to_days, cases[i].lang, out, sizeof(out)),
		        cases[i].dates);
	}
	assert_string_equal(turno_date_long(d(2026, 1, 1), TURNO_LANG_IT, out, sizeof(out)),
	                    "1 gennaio 2026");
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_dates),
	        cmocka_unit_test(test_named),
	        cmocka_unit_test(test_kind_and_comparisons),
	        cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
