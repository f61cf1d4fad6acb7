/* Italian and English number typography for documents. */
#include "report/numfmt.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define NB TURNO_NBSP

static void test_numbers(void **state)
{
	char out[64];
	const struct {
		double value;
		int decimals;
		const char *it, *en;
	} cases[] = {
	        {0, 0, "0", "0"},
	        {999, 0, "999", "999"},
	        {1000, 0, "1.000", "1,000"},
	        {12345, 0, "12.345", "12,345"},
	        {1234567, 0, "1.234.567", "1,234,567"},
	        {83.64, 1, "83,6", "83.6"},
	        {83.65, 1, "83,7", "83.7"}, /* 83.65 is 83.650000000000005… in binary */
	        {1234.56, 1, "1.234,6", "1,234.6"},
	        {9.96, 1, "10,0", "10.0"},
	        {-3.14, 1, TURNO_MINUS "3,1", TURNO_MINUS "3.1"},
	        {-0.01, 1, "0,0", "0.0"}, /* no "minus zero" */
	        {6, 1, "6,0", "6.0"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_string_equal(
		        turno_fmt_decimal(cases[i].value, cases[i].decimals, TURNO_LANG_IT, out, sizeof(out)),
		        cases[i].it);
		assert_string_equal(
		        turno_fmt_decimal(cases[i].value, cases[i].decimals, TURNO_LANG_EN, out, sizeof(out)),
		        cases[i].en);
	}
	assert_string_equal(turno_fmt_int(12345, TURNO_LANG_IT, out, sizeof(out)), "12.345");
	assert_string_equal(turno_fmt_percent(9.52, TURNO_LANG_IT, out, sizeof(out)), "9,5" NB "%");
	assert_string_equal(turno_fmt_percent(100, TURNO_LANG_EN, out, sizeof(out)), "100.0%");
	(void)state;
}

static void test_minutes(void **state)
{
	char out[64];
	const struct {
		double seconds;
		const char *text;
	} cases[] = {
	        {-1, "—"},
	        {0, "<" NB "1" NB "min"},
	        {29, "<" NB "1" NB "min"},
	        {30, "1" NB "min"}, /* half a minute rounds up */
	        {414.4, "7" NB "min"},
	        {720, "12" NB "min"},
	        {3569, "59" NB "min"},
	        {3570, "1" NB "h" NB "00" NB "min"},
	        {3900, "1" NB "h" NB "05" NB "min"},
	        {7 * 3600 + 42 * 60, "7" NB "h" NB "42" NB "min"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(turno_fmt_minutes(cases[i].seconds, TURNO_LANG_IT, out, sizeof(out)),
		                    cases[i].text);
	(void)state;
}

static void test_changes(void **state)
{
	char out[64];
	assert_string_equal(turno_fmt_change_pct(11847, 12345, TURNO_LANG_IT, out, sizeof(out)),
	                    "+4,2" NB "%");
	assert_string_equal(turno_fmt_change_pct(200, 150, TURNO_LANG_IT, out, sizeof(out)),
	                    TURNO_MINUS "25,0" NB "%");
	assert_string_equal(turno_fmt_change_pct(200, 200, TURNO_LANG_EN, out, sizeof(out)), "0%");
	assert_string_equal(turno_fmt_change_pct(0, 200, TURNO_LANG_IT, out, sizeof(out)), "—");
	assert_string_equal(turno_fmt_points(3.49, TURNO_LANG_IT, out, sizeof(out)), "+3,5" NB "punti");
	assert_string_equal(turno_fmt_points(-1, TURNO_LANG_IT, out, sizeof(out)),
	                    TURNO_MINUS "1,0" NB "punto");
	assert_string_equal(turno_fmt_points(0.01, TURNO_LANG_EN, out, sizeof(out)), "0" NB "points");
	assert_string_equal(turno_fmt_clock(14 * 60 + 30, out, sizeof(out)), "14:30");
	assert_string_equal(turno_fmt_clock(24 * 60, out, sizeof(out)), "24:00");
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_numbers),
	        cmocka_unit_test(test_minutes),
	        cmocka_unit_test(test_changes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
