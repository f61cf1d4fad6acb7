/* When turno-sync tries again: the backoff doubles up to the cap and is jittered within
 * [d/2, d]; Retry-After in seconds or as an HTTP date is honoured, never below the
 * backoff and never beyond a day. */
#include "core/error.h"
#include "sync/backoff.h"

#include <stdint.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void test_backoff_doubles_up_to_the_cap(void **state)
{
	(void)state;
	/* With the largest random value the delay is the full step. */
	const int64_t cap = 60000;
	const int64_t expected[] = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000};
	for (unsigned attempt = 1; attempt <= 8; attempt++) {
		int64_t full = expected[attempt - 1];
		int64_t lo = INT64_MAX, hi = 0;
		for (uint32_t r = 0; r < 5000; r++) {
			int64_t d = turno_sync_backoff_ms(attempt, cap, r * 858993u);
			lo = d < lo ? d : lo;
			hi = d > hi ? d : hi;
			assert_true(d >= full / 2 && d <= full);
		}
		/* The jitter spreads over the range, not one value. */
		assert_true(hi - lo > full / 4);
	}
	assert_true(turno_sync_backoff_ms(1000, cap, UINT32_MAX) <= cap);
}

static void test_backoff_with_a_small_cap_is_short(void **state)
{
	(void)state;
	for (uint32_t r = 0; r < 1000; r++) {
		int64_t d = turno_sync_backoff_ms(5, 200, r * 4294967u);
		assert_true(d >= 100 && d <= 200);
	}
	assert_int_equal(turno_sync_backoff_ms(3, 1, 0), 1);
	assert_int_equal(turno_sync_backoff_ms(3, 0, 0), 0);
}

struct retry_case {
	const char *value;
	int rc;
	int64_t delay_ms;
};

static void test_retry_after_values(void **state)
{
	(void)state;
	const int64_t now = 1445412480000LL; /* Wed, 21 Oct 2015 07:28:00 GMT */
	static const struct retry_case cases[] = {
	        {"120", 0, 120000},
	        {" 7 ", 0, 7000},
	        {"0", 0, 0},
	        {"99999999999999999999", 0, TURNO_SYNC_RETRY_AFTER_MAX_MS},
	        {"Wed, 21 Oct 2015 07:29:30 GMT", 0, 90000},     /* IMF-fixdate */
	        {"Wednesday, 21-Oct-15 07:28:10 GMT", 0, 10000}, /* RFC 850 */
	        {"Wed Oct 21 07:28:05 2015", 0, 5000},           /* asctime */
	        {"Tue, 20 Oct 2015 07:28:00 GMT", 0, 0},         /* in the past: now */
	        {"Fri, 21 Oct 2095 07:28:00 GMT", 0, TURNO_SYNC_RETRY_AFTER_MAX_MS},
	        {"", TURNO_E_INVALID, 0},
	        {"-5", TURNO_E_INVALID, 0},
	        {"12s", TURNO_E_INVALID, 0},
	        {"1.5", TURNO_E_INVALID, 0},
	        {"soon", TURNO_E_INVALID, 0},
	        {"now", TURNO_E_INVALID, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t delay = -1;
		int rc = turno_sync_retry_after_parse(cases[i].value, now, &delay);
		if (rc != cases[i].rc || (rc == 0 && delay != cases[i].delay_ms))
			fail_msg("Retry-After \"%s\": rc %d delay %lld", cases[i].value, rc,
			         (long long)delay);
	}
	int64_t delay;
	assert_int_equal(turno_sync_retry_after_parse(NULL, now, &delay), TURNO_E_INVALID);
}

static void test_retry_delay_honours_the_server_but_not_less_than_backoff(void **state)
{
	(void)state;
	assert_int_equal(turno_sync_retry_delay_ms(800, false, 0), 800);
	assert_int_equal(turno_sync_retry_delay_ms(800, true, 5000), 5000);
	assert_int_equal(turno_sync_retry_delay_ms(800, true, 100), 800);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_backoff_doubles_up_to_the_cap),
	        cmocka_unit_test(test_backoff_with_a_small_cap_is_short),
	        cmocka_unit_test(test_retry_after_values),
	        cmocka_unit_test(test_retry_delay_honours_the_server_but_not_less_than_backoff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
