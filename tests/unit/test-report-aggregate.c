/* Aggregation figures from a handful of tickets whose expected values are worked out
 * in the comments, and the grouping keys. */
#include "report/aggregate.h"
#include "report/calendar.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

static struct turno_report_row ticket(char service, enum turno_report_state state, int wait_s, int service_s,
                                      const char *local)
{
	struct turno_report_row r = {.service = service,
	                             .prefix = service,
	                             .state = state,
	                             .wait_s = wait_s,
	                             .service_s = service_s};
	snprintf(r.issued_local, sizeof(r.issued_local), "%s", local);
	turno_cal_parse_local(local, &r.local_days, &r.local_minute);
	return r;
}

static void test_figures_by_hand(void **state)
{
	struct turno_agg *agg = turno_agg_new();
	/* Service A, target 10 min (600 s). Waits 120, 300, 600, 900, 1500 (completed, completed,
	 * completed, no-show, completed); one expired (no wait), one still waiting, one at a counter
	 * with wait 60 and one transferred completed with wait 480.
	 * Waits known: 60 120 300 480 600 900 1500 → n 7, sum 3960, mean 565.714…
	 * median rank ceil(3.5) = 4 → 480; p90 rank ceil(6.3) = 7 → 1500; max 1500.
	 * Within 600 s: 60 120 300 480 600 → 5 of 7 = 71.43 %.
	 * Service times (completed only): 200, 400, 300, 250, 100 → mean 250, median rank 3 of
	 * sorted 100 200 250 300 400 → 250. */
	const char *t = "2026-03-02 09:10:00";
	struct turno_report_row rows[] = {
	        ticket('A', TURNO_REPORT_COMPLETED, 120, 200, t),
	        ticket('A', TURNO_REPORT_COMPLETED, 300, 400, t),
	        ticket('A', TURNO_REPORT_COMPLETED, 600, 300, t),
	        ticket('A', TURNO_REPORT_NO_SHOW, 900, -1, t),
	        ticket('A', TURNO_REPORT_COMPLETED, 1500, 250, t),
	        ticket('A', TURNO_REPORT_EXPIRED, -1, -1, t),
	        ticket('A', TURNO_REPORT_WAITING, -1, -1, t),
	        ticket('A', TURNO_REPORT_CALLED, 60, -1, t),
	        ticket('A', TURNO_REPORT_COMPLETED, 480, 100, t),
	        /* Transferred, then left waiting / expired in the second queue: the 700 s and 800 s are
	         * only the first queue's wait, so neither counts among the waits. */
	        ticket('A', TURNO_REPORT_WAITING, 700, 30, t),
	        ticket('A', TURNO_REPORT_EXPIRED, 800, 40, t),
	};
	rows[8].transfers = 1;
	rows[9].transfers = 1;
	rows[10].transfers = 1;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(turno_agg_add(agg, 'A', &rows[i], 600), 0);
	assert_int_equal(turno_agg_finish(agg), 0);
	assert_int_equal(turno_agg_count(agg), 1);
	const struct turno_figures *f = turno_agg_find(agg, 'A');
	assert_non_null(f);
	assert_int_equal(f->issued, 11);
	assert_int_equal(f->served, 5);
	assert_int_equal(f->no_show, 1);
	assert_int_equal(f->expired, 2);
	assert_int_equal(f->pending, 3);
	assert_int_equal(f->transferred, 3);
	assert_int_equal(f->wait_n, 7);
	assert_float_equal(f->wait_mean_s, 3960.0 / 7, 1e-9);
	assert_int_equal(f->wait_median_s, 480);
	assert_int_equal(f->wait_p90_s, 1500);
	assert_int_equal(f->wait_max_s, 1500);
	assert_int_equal(f->service_n, 5);
	assert_float_equal(f->service_mean_s, 250, 1e-9);
	assert_int_equal(f->service_median_s, 250);
	assert_int_equal(f->target_n, 7);
	assert_int_equal(f->within_target, 5);
	assert_float_equal(f->within_target_pct, 500.0 / 7, 1e-9);
	turno_agg_free(agg);
	(void)state;
}

static void test_empty_and_no_target(void **state)
{
	struct turno_agg *agg = turno_agg_new();
	/* A touched group with no tickets has counts 0 and no times. */
	assert_int_equal(turno_agg_touch(agg, 20541), 0);
	/* A service without a target: waits count, the share does not. */
	struct turno_report_row r = ticket('Z', TURNO_REPORT_COMPLETED, 100, 50, "2026-03-30 10:00:00");
	assert_int_equal(turno_agg_add(agg, 20542, &r, 0), 0);
	assert_int_equal(turno_agg_finish(agg), 0);
	assert_int_equal(turno_agg_count(agg), 2);
	const struct turno_figures *empty = turno_agg_group(agg, 0);
	assert_int_equal(empty->key, 20541);
	assert_int_equal(empty->issued, 0);
	assert_int_equal(empty->wait_n, 0);
	assert_true(empty->wait_mean_s < 0);
	assert_int_equal(empty->wait_median_s, -1);
	assert_int_equal(empty->wait_p90_s, -1);
	assert_true(empty->service_mean_s < 0);
	assert_true(empty->within_target_pct < 0);
	const struct turno_figures *z = turno_agg_group(agg, 1);
	assert_int_equal(z->wait_median_s, 100);
	assert_true(z->within_target_pct < 0);
	assert_null(turno_agg_find(agg, 1));
	turno_agg_free(agg);
	turno_agg_free(NULL);
	(void)state;
}

static void test_groups_sorted_whatever_the_order(void **state)
{
	struct turno_agg *agg = turno_agg_new();
	int64_t keys[] = {5, 1, 9, 1, 3, 9, 9, 0};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		struct turno_report_row r =
		        ticket('A', TURNO_REPORT_COMPLETED, (int)keys[i] * 10, 1, "2026-01-05 08:00:00");
		assert_int_equal(turno_agg_add(agg, keys[i], &r, 60), 0);
	}
	assert_int_equal(turno_agg_finish(agg), 0);
	int64_t expect_keys[] = {0, 1, 3, 5, 9};
	int expect_issued[] = {1, 2, 1, 1, 3};
	assert_int_equal(turno_agg_count(agg), 5);
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(turno_agg_group(agg, i)->key, expect_keys[i]);
		assert_int_equal(turno_agg_group(agg, i)->issued, expect_issued[i]);
	}
	size_t n;
	const int *waits = turno_agg_waits(agg, 4, &n);
	assert_int_equal(n, 3);
	assert_int_equal(waits[0], 90);
	turno_agg_free(agg);
	(void)state;
}

static void test_group_keys(void **state)
{
	struct turno_report_row r = ticket('C', TURNO_REPORT_COMPLETED, 10, 10, "2026-03-29 03:30:00");
	r.counter = 4;
	assert_int_equal(turno_group_key(TURNO_BY_ALL, &r), 0);
	assert_int_equal(turno_group_key(TURNO_BY_DAY, &r), turno_cal_days(2026, 3, 29));
	assert_int_equal(turno_group_key(TURNO_BY_WEEK, &r), 202613);
	assert_int_equal(turno_group_key(TURNO_BY_MONTH, &r), 202603);
	assert_int_equal(turno_group_key(TURNO_BY_WEEKDAY, &r), 6); /* Sunday */
	assert_int_equal(turno_group_key(TURNO_BY_HOUR, &r), 3);
	assert_int_equal(turno_group_key(TURNO_BY_COUNTER, &r), 4);
	assert_int_equal(turno_group_key(TURNO_BY_SERVICE, &r), 'C');
	enum turno_group_by by;
	assert_int_equal(turno_group_by_parse("weekday", &by), 0);
	assert_int_equal(by, TURNO_BY_WEEKDAY);
	assert_string_equal(turno_group_by_name(TURNO_BY_HOUR), "hour");
	assert_int_equal(turno_group_by_parse("year", &by), -22);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_figures_by_hand),
	        cmocka_unit_test(test_empty_and_no_target),
	        cmocka_unit_test(test_groups_sorted_whatever_the_order),
	        cmocka_unit_test(test_group_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
