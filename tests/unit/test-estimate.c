/* Wait estimates: arithmetic checked by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/estimate.h"

struct estimate_case {
	const char *what;
	int ahead;
	int samples[8];
	int n;
	int counters;
	int expect_minutes;
};

static void estimate_table(void **state)
{
	static const struct estimate_case cases[] = {
	        {"nobody ahead", 0, {300}, 1, 1, 0},
	        {"no history: default 8 min", 3, {0}, 0, 1, 24},
	        {"no history, two counters", 3, {0}, 0, 2, 12},
	        {"history 4 min each", 2, {240, 240, 240}, 3, 1, 8},
	        {"rounded up", 1, {61}, 1, 1, 2},
	        {"zero counters count as one", 2, {240}, 1, 0, 8},
	        /* median 300, cap 900: (200 + 300 + 400 + 900) / 4 = 450 s; 2 ahead → 900 s = 15 min */
	        {"an hour-long outlier is capped", 2, {200, 300, 400, 3600}, 4, 1, 15},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct estimate_case *c = &cases[i];
		int got = turno_estimate_wait_minutes(c->ahead, c->samples, c->n, c->counters, 8);
		if (got != c->expect_minutes)
			fail_msg("%s: %d minutes, expected %d", c->what, got, c->expect_minutes);
	}
}

static void typical_service_time(void **state)
{
	int samples[] = {100, 200, 300};
	assert_int_equal(turno_estimate_service_seconds(samples, 3, 8), 200);
	assert_int_equal(turno_estimate_service_seconds(NULL, 0, 8), 480);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(estimate_table),
	                                   cmocka_unit_test(typical_service_time)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
