/* The business-day decisions (core/businessday): when the day moves, when a clock step
 * is measured and by how much, and what becomes of a ticket still live at a new day. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/businessday.h"

#include <stdio.h>
#include <string.h>

struct decide_case {
	const char *what;
	const char *day;
	bool day_synced;
	const char *now;
	bool now_synced;
	enum turno_day_change expect;
};

static void decide_table(void **state)
{
	static const struct decide_case cases[] = {
	        {"first operation ever", "", false, "2026-11-24", false, TURNO_DAY_NEW},
	        {"same day, synced", "2026-11-24", true, "2026-11-24", true, TURNO_DAY_KEEP},
	        {"same day, still unsynced", "2026-11-24", false, "2026-11-24", false, TURNO_DAY_KEEP},
	        {"same day, now synced: confirm", "2026-11-24", false, "2026-11-24", true, TURNO_DAY_CONFIRM},
	        {"midnight, synced", "2026-11-24", true, "2026-11-25", true, TURNO_DAY_NEW},
	        {"midnight without network", "2026-11-24", true, "2026-11-25", false, TURNO_DAY_NEW},
	        {"fake-hwclock yesterday, NTP today", "2026-11-23", false, "2026-11-24", true, TURNO_DAY_NEW},
	        {"a synced clock steps back: never twice", "2026-11-24", true, "2026-11-23", true,
	         TURNO_DAY_KEEP},
	        {"an unsynced clock steps back", "2026-11-24", false, "2026-11-23", false, TURNO_DAY_KEEP},
	        {"unsynced day ahead, NTP back", "2026-11-25", false, "2026-11-24", true, TURNO_DAY_NEW},
	        {"synced day, unsynced clock behind", "2026-11-24", true, "2026-11-23", false,
	         TURNO_DAY_KEEP},
	};
	int failures = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct decide_case *c = &cases[i];
		struct turno_business_day day = {.synced = c->day_synced};
		snprintf(day.day, sizeof(day.day), "%s", c->day);
		enum turno_day_change got = turno_business_day_decide(&day, c->now, c->now_synced);
		if (got != c->expect) {
			print_error("%s: got %d, expected %d\n", c->what, got, c->expect);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

static struct turno_stamp stamp(int64_t wall, int64_t mono, const char *boot)
{
	struct turno_stamp s = {.wall_ms = wall, .mono_ms = mono, .synced = true};
	snprintf(s.boot_id, sizeof(s.boot_id), "%s", boot);
	return s;
}

static void step_is_measured_on_the_monotonic_clock(void **state)
{
	int64_t step;
	struct turno_stamp now = stamp(1000000 + 50400000 + 120000, 5000 + 120000, "b1");
	/* Queued at wall 1 000 000, mono 5 000; two minutes later the clock reads 14 h more. */
	assert_true(turno_business_day_step_ms(1000000, 5000, "b1", &now, &step));
	assert_int_equal(step, 50400000);
	/* Backwards, a day. */
	now = stamp(1000000 - 86400000 + 60000, 5000 + 60000, "b1");
	assert_true(turno_business_day_step_ms(1000000, 5000, "b1", &now, &step));
	assert_int_equal(step, -86400000);
	/* Drift below TURNO_CLOCK_STEP_MIN_MS is no step. */
	now = stamp(1000000 + 3600000 + 1500, 5000 + 3600000, "b1");
	assert_true(turno_business_day_step_ms(1000000, 5000, "b1", &now, &step));
	assert_int_equal(step, 0);
	/* Another boot: nothing to measure against. */
	now = stamp(1000000, 5000, "b2");
	assert_false(turno_business_day_step_ms(1000000, 5000, "b1", &now, &step));
	assert_int_equal(step, 0);
	assert_false(turno_business_day_step_ms(1000000, 5000, "", &now, &step));
}

struct fate_case {
	const char *what;
	const char *filed, *true_day, *new_day;
	bool synced;
	enum turno_ticket_fate expect;
};

static void fate_table(void **state)
{
	static const struct fate_case cases[] = {
	        {"this boot, issued yesterday", "2026-11-23", "2026-11-23", "2026-11-24", true,
	         TURNO_FATE_END},
	        {"this boot, misfiled by a step", "2026-11-23", "2026-11-24", "2026-11-24", true,
	         TURNO_FATE_REFILE},
	        {"this boot, filed right", "2026-11-24", "2026-11-24", "2026-11-24", true, TURNO_FATE_KEEP},
	        {"this boot, filed under the new day but issued before", "2026-11-24", "2026-11-23",
	         "2026-11-24", true, TURNO_FATE_END},
	        {"another boot, yesterday, synced", "2026-11-23", NULL, "2026-11-24", true, TURNO_FATE_END},
	        {"another boot, yesterday, unsynced clock", "2026-11-23", NULL, "2026-11-24", false,
	         TURNO_FATE_KEEP},
	        {"issued yesterday, the clock unsynced: not trusted to end it", "2026-11-23", "2026-11-23",
	         "2026-11-24", false, TURNO_FATE_KEEP},
	        {"another boot, today", "2026-11-24", NULL, "2026-11-24", true, TURNO_FATE_KEEP},
	};
	int failures = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct fate_case *c = &cases[i];
		enum turno_ticket_fate got =
		        turno_business_day_fate(c->filed, c->true_day, c->new_day, c->synced);
		if (got != c->expect) {
			print_error("%s: got %d, expected %d\n", c->what, got, c->expect);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(decide_table),
	        cmocka_unit_test(step_is_measured_on_the_monotonic_clock),
	        cmocka_unit_test(fate_table),
	};
	return cmocka_run_group_tests_name("businessday", tests, NULL, NULL);
}
