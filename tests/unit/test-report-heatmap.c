/* Heatmap binning and which weekdays and hours it shows. */
#include "report/heatmap.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static void test_binning(void **state)
{
	struct turno_heatmap map = {0};
	/* Monday 08:59 and 08:00 fall in hour 8; 09:00 in hour 9. Waits 100 and 300 → mean 200;
	 * an uncalled ticket counts as an arrival but not in the mean. */
	turno_heatmap_add(&map, 0, 8 * 60 + 59, 100);
	turno_heatmap_add(&map, 0, 8 * 60, 300);
	turno_heatmap_add(&map, 0, 8 * 60 + 30, -1);
	turno_heatmap_add(&map, 0, 9 * 60, 50);
	turno_heatmap_add(&map, 7, 9 * 60, 50);  /* out of range: ignored */
	turno_heatmap_add(&map, 2, 24 * 60, 50); /* out of range: ignored */
	assert_int_equal(map.arrivals[0][8], 3);
	assert_int_equal(map.arrivals[0][9], 1);
	assert_float_equal(turno_heatmap_mean_wait(&map, 0, 8), 200, 1e-9);
	assert_float_equal(turno_heatmap_mean_wait(&map, 0, 9), 50, 1e-9);
	assert_true(turno_heatmap_mean_wait(&map, 1, 8) < 0);
	int total = 0;
	for (int d = 0; d < 7; d++)
		for (int h = 0; h < 24; h++)
			total += map.arrivals[d][h];
	assert_int_equal(total, 4);
	(void)state;
}

static void test_layout_follows_opening_hours(void **state)
{
	struct turno_hours hours = {0};
	char err[128];
	/* mon 08:00-13:00 → 8…12; tue 08:00-13:00, 14:30-18:00 → 8…17; sun closed. */
	assert_int_equal(turno_hours_parse_day("08:00-13:00", &hours.week.day[0], err, sizeof(err)), 0);
	assert_int_equal(
	        turno_hours_parse_day("08:00-13:00, 14:30-18:00", &hours.week.day[1], err, sizeof(err)), 0);
	struct turno_heatmap map = {0};
	struct turno_heatmap_layout l = turno_heatmap_layout(&map, &hours);
	assert_true(l.row[0]);
	assert_true(l.row[1]);
	assert_false(l.row[6]);
	assert_int_equal(l.first_hour, 8);
	assert_int_equal(l.last_hour, 17);
	/* A ticket on a closed Sunday at 19:05 (an open day for a special event) is shown. */
	turno_heatmap_add(&map, 6, 19 * 60 + 5, 10);
	l = turno_heatmap_layout(&map, &hours);
	assert_true(l.row[6]);
	assert_int_equal(l.last_hour, 19);
	/* Nothing configured and no tickets: nothing to show. */
	struct turno_heatmap none = {0};
	l = turno_heatmap_layout(&none, NULL);
	assert_int_equal(l.first_hour, -1);
	for (int d = 0; d < 7; d++)
		assert_false(l.row[d]);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_binning),
	        cmocka_unit_test(test_layout_follows_opening_hours),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
