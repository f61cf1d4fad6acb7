/* Nearest-rank percentiles and the sort behind them, checked against values worked out
 * by hand from the definition: rank = ceil(P/100 × N), counting from 1. */
#include "report/stats.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

static void test_percentile_table(void **state)
{
	/* 10 values 10,20,…,100: p50 rank 5 → 50; p90 rank 9 → 90; p91 rank ceil(9.1) = 10 → 100;
	 * p1 rank ceil(0.1) = 1 → 10; p100 → 100. */
	const int ten[] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
	const struct {
		int percent;
		int expected;
	} cases[] = {{1, 10}, {10, 10}, {11, 20}, {50, 50}, {51, 60}, {90, 90}, {91, 100}, {100, 100}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(turno_stats_percentile(ten, 10, cases[i].percent), cases[i].expected);
	/* 5 values: median rank ceil(2.5) = 3; p90 rank ceil(4.5) = 5. */
	const int five[] = {1, 2, 3, 4, 5};
	assert_int_equal(turno_stats_percentile(five, 5, 50), 3);
	assert_int_equal(turno_stats_percentile(five, 5, 90), 5);
	/* Even count: the median is the lower middle value (4 values: rank 2). */
	const int four[] = {60, 120, 180, 240};
	assert_int_equal(turno_stats_percentile(four, 4, 50), 120);
	/* One value: every percentile is it. */
	const int one[] = {42};
	assert_int_equal(turno_stats_percentile(one, 1, 1), 42);
	assert_int_equal(turno_stats_percentile(one, 1, 90), 42);
	/* None: -1 (no figure). */
	assert_int_equal(turno_stats_percentile(NULL, 0, 50), -1);
	(void)state;
}

static void test_rank_is_exact(void **state)
{
	/* 20 × 90 / 100 = 18 exactly: rank 18, not 19 (no floating-point drift). */
	assert_int_equal(turno_stats_rank(20, 90), 18);
	assert_int_equal(turno_stats_rank(21, 90), 19); /* 18.9 → 19 */
	assert_int_equal(turno_stats_rank(1000000, 90), 900000);
	assert_int_equal(turno_stats_rank(3, 50), 2);
	(void)state;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static void test_sort_matches_qsort(void **state)
{
	/* Sizes on both sides of the insertion-sort cut-off, values with repeats, zeros,
	 * negatives and large waits. */
	const size_t sizes[] = {0, 1, 2, 63, 64, 65, 1000, 100000};
	unsigned seed = 12345;
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		size_t n = sizes[s];
		int *a = malloc((n ? n : 1) * sizeof(int)), *b = malloc((n ? n : 1) * sizeof(int));
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			int v = (int)(seed >> 8) % 20000;
			if (i % 7 == 0)
				v = -v;
			if (i % 11 == 0)
				v = 0;
			a[i] = b[i] = v;
		}
		assert_int_equal(turno_stats_sort(a, n), 0);
		qsort(b, n, sizeof(int), cmp_int);
		assert_memory_equal(a, b, n * sizeof(int));
		free(a);
		free(b);
	}
	/* All equal: every radix pass is skipped. */
	int same[200];
	for (int i = 0; i < 200; i++)
		same[i] = 300;
	assert_int_equal(turno_stats_sort(same, 200), 0);
	assert_int_equal(same[0], 300);
	assert_int_equal(same[199], 300);
	(void)state;
}

static void test_mean(void **state)
{
	const int v[] = {60, 120, 180, 241};
	assert_float_equal(turno_stats_mean(v, 4), 150.25, 1e-9);
	assert_float_equal(turno_stats_mean(NULL, 0), 0, 1e-9);
	/* A million waits of an hour do not overflow. */
	int *big = malloc(1000000 * sizeof(int));
	for (int i = 0; i < 1000000; i++)
		big[i] = 3600 + (i % 2);
	assert_float_equal(turno_stats_mean(big, 1000000), 3600.5, 1e-9);
	free(big);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_percentile_table),
	        cmocka_unit_test(test_rank_is_exact),
	        cmocka_unit_test(test_sort_matches_qsort),
	        cmocka_unit_test(test_mean),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
