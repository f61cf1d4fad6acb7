/* The button debouncer: one physical press is exactly one press, whatever the contacts
 * do; long presses, stuck lines and their release; and the timers it asks for. */
#include "gpio/debounce.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define MS 1000000LL

static const struct turno_debounce_config plain = {
        .debounce_ns = 30 * MS, .long_press_ns = 0, .stuck_ns = 10000 * MS};
static const struct turno_debounce_config with_long = {
        .debounce_ns = 30 * MS, .long_press_ns = 1500 * MS, .stuck_ns = 10000 * MS};

/* A scripted run: edges at given ms, then the timers the machine asks for, in order,
 * as a thread would do. Collects every output. */
struct step {
	int64_t t_ms;
	int level; /* 1 pressed, 0 released, -1: only run timers up to t_ms */
};

struct run {
	struct turno_debounce_output out[64];
	int count;
	int timer_calls;
};

static void advance_to(struct turno_debounce *d, int64_t t_ns, struct run *r)
{
	/* Wake exactly when asked, never otherwise: that is what the thread does. */
	for (;;) {
		int64_t deadline = turno_debounce_deadline(d);
		if (deadline > t_ns)
			break;
		r->timer_calls++;
		r->count += turno_debounce_timer(d, deadline, r->out + r->count);
	}
}

static void play(struct turno_debounce *d, const struct step *steps, size_t n, struct run *r)
{
	for (size_t i = 0; i < n; i++) {
		int64_t t = steps[i].t_ms * MS;
		advance_to(d, t, r);
		if (steps[i].level >= 0)
			r->count += turno_debounce_edge(d, t, steps[i].level == 1, r->out + r->count);
	}
}

static int count_kind(const struct run *r, enum turno_debounce_kind kind)
{
	int n = 0;
	for (int i = 0; i < r->count; i++)
		n += r->out[i].kind == kind;
	return n;
}

static void test_clean_press_is_one_press_at_confirmation(void **state)
{
	(void)state;
	struct turno_debounce *d = turno_debounce_new(&plain, false, 0);
	struct run r = {0};
	const struct step steps[] = {{1000, 1}, {1200, 0}, {2000, -1}};
	play(d, steps, 3, &r);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.out[0].kind, TURNO_DEBOUNCE_PRESS);
	assert_int_equal(r.out[0].edge_ns, 1000 * MS);
	turno_debounce_free(d);
}

static void test_chatter_on_press_and_release_is_one_press(void **state)
{
	(void)state;
	/* Contacts bouncing for 8 ms on the way down and 6 ms on the way up. */
	const struct step steps[] = {
	        {1000, 1}, {1001, 0}, {1002, 1}, {1004, 0}, {1005, 1}, {1008, 0},  {1008, 1},
	        {1300, 0}, {1302, 1}, {1303, 0}, {1306, 1}, {1306, 0}, {3000, -1},
	};
	for (int mode = 0; mode < 2; mode++) {
		struct turno_debounce *d = turno_debounce_new(mode ? &with_long : &plain, false, 0);
		struct run r = {0};
		play(d, steps, sizeof(steps) / sizeof(steps[0]), &r);
		assert_int_equal(r.count, 1);
		assert_int_equal(r.out[0].kind, TURNO_DEBOUNCE_PRESS);
		/* The time of the first edge of the burst: when the person pressed (or let go). */
		assert_int_equal(r.out[0].edge_ns, (mode ? 1300 : 1000) * MS);
		assert_false(turno_debounce_pressed(d));
		turno_debounce_free(d);
	}
}

static void test_spike_shorter_than_debounce_is_nothing(void **state)
{
	(void)state;
	struct turno_debounce *d = turno_debounce_new(&plain, false, 0);
	struct run r = {0};
	const struct step steps[] = {{1000, 1}, {1029, 0}, {1500, 1}, {1510, 0}, {5000, -1}};
	play(d, steps, 5, &r);
	assert_int_equal(r.count, 0);
	turno_debounce_free(d);
}

static void test_many_presses_each_count_once(void **state)
{
	(void)state;
	struct turno_debounce *d = turno_debounce_new(&plain, false, 0);
	struct run r = {0};
	struct step steps[40];
	for (int i = 0; i < 10; i++) {
		int64_t base = 1000 + i * 200;
		steps[4 * i] = (struct step){base, 1};
		steps[4 * i + 1] = (struct step){base + 2, 0}; /* one bounce */
		steps[4 * i + 2] = (struct step){base + 3, 1};
		steps[4 * i + 3] = (struct step){base + 100, 0};
	}
	play(d, steps, 40, &r);
	advance_to(d, 10000 * MS, &r);
	assert_int_equal(count_kind(&r, TURNO_DEBOUNCE_PRESS), 10);
	assert_int_equal(r.count, 10);
	turno_debounce_free(d);
}

static void test_long_press_is_reported_once_while_held(void **state)
{
	(void)state;
	struct turno_debounce *d = turno_debounce_new(&with_long, false, 0);
	struct run r = {0};
	const struct step steps[] = {{1000, 1}, {2499, -1}};
	play(d, steps, 2, &r);
	assert_int_equal(r.count, 0); /* a press that may still become long says nothing yet */
	const struct step more[] = {{2500, -1}, {3000, 0}, {5000, -1}};
	play(d, more, 3, &r);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.out[0].kind, TURNO_DEBOUNCE_LONG_PRESS);
	assert_int_equal(r.out[0].edge_ns, 1000 * MS);
	turno_debounce_free(d);
}

static void test_short_press_in_long_mode_reported_at_release(void **state)
{
	(void)state;
	struct turno_debounce *d = turno_debounce_new(&with_long, false, 0);
	struct run r = {0};
	const struct step steps[] = {{1000, 1}, {1400, 0}, {1429, -1}};
	play(d, steps, 3, &r);
	assert_int_equal(r.count, 0); /* release not yet confirmed */
	advance_to(d, 1430 * MS, &r);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.out[0].kind, TURNO_DEBOUNCE_PRESS);
	assert_int_equal(r.out[0].edge_ns, 1400 * MS);
	turno_debounce_free(d);
}

static void test_stuck_line_reported_then_ignored_until_release(void **state)
{
	(void)state;
	struct turno_debounce *d = turno_debounce_new(&plain, false, 0);
	struct run r = {0};
	/* Held for a minute, chattering now and then (a wedged key). */
	const struct step steps[] = {{1000, 1}, {20000, 0}, {20001, 1}, {61000, -1}};
	play(d, steps, 4, &r);
	assert_int_equal(r.count, 2);
	assert_int_equal(r.out[0].kind, TURNO_DEBOUNCE_PRESS);
	assert_int_equal(r.out[1].kind, TURNO_DEBOUNCE_STUCK);
	/* Nothing more while stuck: no timers either, so the thread sleeps. */
	assert_int_equal(turno_debounce_deadline(d), TURNO_DEBOUNCE_NEVER);
	const struct step release[] = {{62000, 0}, {62100, -1}};
	play(d, release, 2, &r);
	assert_int_equal(r.count, 3);
	assert_int_equal(r.out[2].kind, TURNO_DEBOUNCE_RELEASED_AFTER_STUCK);
	assert_int_equal(r.out[2].edge_ns, 62000 * MS);
	/* And it works again. */
	const struct step again[] = {{63000, 1}, {63100, 0}, {64000, -1}};
	play(d, again, 3, &r);
	assert_int_equal(r.count, 4);
	assert_int_equal(r.out[3].kind, TURNO_DEBOUNCE_PRESS);
	turno_debounce_free(d);
}

static void test_stuck_in_long_mode_is_long_then_stuck_no_press(void **state)
{
	(void)state;
	struct turno_debounce *d = turno_debounce_new(&with_long, false, 0);
	struct run r = {0};
	const struct step steps[] = {{1000, 1}, {30000, 0}, {31000, -1}};
	play(d, steps, 3, &r);
	assert_int_equal(r.count, 3);
	assert_int_equal(r.out[0].kind, TURNO_DEBOUNCE_LONG_PRESS);
	assert_int_equal(r.out[1].kind, TURNO_DEBOUNCE_STUCK);
	assert_int_equal(r.out[2].kind, TURNO_DEBOUNCE_RELEASED_AFTER_STUCK);
	turno_debounce_free(d);
}

static void test_held_at_start_is_ignored_until_released(void **state)
{
	(void)state;
	struct turno_debounce *d = turno_debounce_new(&plain, true, 0);
	struct run r = {0};
	const struct step steps[] = {{2000, 0}, {3000, 1}, {3100, 0}, {4000, -1}};
	play(d, steps, 4, &r);
	assert_int_equal(r.count, 1); /* only the later, real press */
	assert_int_equal(r.out[0].edge_ns, 3000 * MS);
	turno_debounce_free(d);

	d = turno_debounce_new(&plain, true, 0);
	struct run s = {0};
	advance_to(d, 10000 * MS, &s);
	assert_int_equal(s.count, 1);
	assert_int_equal(s.out[0].kind, TURNO_DEBOUNCE_STUCK);
	turno_debounce_free(d);
}

static void test_two_buttons_are_independent(void **state)
{
	(void)state;
	struct turno_debounce *next = turno_debounce_new(&with_long, false, 0);
	struct turno_debounce *recall = turno_debounce_new(&plain, false, 0);
	struct run rn = {0}, rr = {0};
	/* Interleaved: recall pressed while next is held, both chattering. */
	const struct step next_steps[] = {{1000, 1}, {1003, 0}, {1004, 1}, {1200, 0}, {3000, -1}};
	const struct step recall_steps[] = {{1100, 1}, {1101, 0}, {1102, 1}, {1150, 0},
	                                    {1151, 1}, {1152, 0}, {3000, -1}};
	for (size_t i = 0, j = 0; i < 5 || j < 7;) {
		if (j >= 7 || (i < 5 && next_steps[i].t_ms <= recall_steps[j].t_ms)) {
			play(next, &next_steps[i++], 1, &rn);
		} else {
			play(recall, &recall_steps[j++], 1, &rr);
		}
	}
	assert_int_equal(rn.count, 1);
	assert_int_equal(rn.out[0].kind, TURNO_DEBOUNCE_PRESS);
	assert_int_equal(rr.count, 1);
	assert_int_equal(rr.out[0].kind, TURNO_DEBOUNCE_PRESS);
	assert_int_equal(rr.out[0].edge_ns, 1100 * MS);
	turno_debounce_free(next);
	turno_debounce_free(recall);
}

static void test_late_caller_gets_the_same_answer(void **state)
{
	(void)state;
	/* A thread that never ran its timers: the next edge catches up. */
	struct turno_debounce *d = turno_debounce_new(&plain, false, 0);
	struct turno_debounce_output out[TURNO_DEBOUNCE_MAX_OUTPUTS];
	assert_int_equal(turno_debounce_edge(d, 1000 * MS, true, out), 0);
	int n = turno_debounce_edge(d, 1500 * MS, false, out);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].kind, TURNO_DEBOUNCE_PRESS);
	assert_int_equal(out[0].edge_ns, 1000 * MS);
	turno_debounce_free(d);
}

static void test_deadlines_only_while_something_is_pending(void **state)
{
	(void)state;
	struct turno_debounce *d = turno_debounce_new(&with_long, false, 0);
	struct run r = {0};
	assert_int_equal(turno_debounce_deadline(d), TURNO_DEBOUNCE_NEVER);
	struct turno_debounce_output out[TURNO_DEBOUNCE_MAX_OUTPUTS];
	turno_debounce_edge(d, 1000 * MS, true, out);
	assert_int_equal(turno_debounce_deadline(d), 1030 * MS);
	advance_to(d, 1030 * MS, &r);
	assert_int_equal(turno_debounce_deadline(d), 2500 * MS);
	turno_debounce_edge(d, 1100 * MS, false, out);
	advance_to(d, 1200 * MS, &r);
	assert_int_equal(turno_debounce_deadline(d), TURNO_DEBOUNCE_NEVER);
	/* Settle, then a whole press: 2 timer wake-ups (confirm press, confirm release). */
	assert_int_equal(r.timer_calls, 2);
	assert_int_equal(r.count, 1);
	turno_debounce_free(d);
}

static void test_bad_configuration_is_refused(void **state)
{
	(void)state;
	struct turno_debounce_config bad = plain;
	bad.debounce_ns = 0;
	assert_null(turno_debounce_new(&bad, false, 0));
	turno_debounce_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_clean_press_is_one_press_at_confirmation),
	        cmocka_unit_test(test_chatter_on_press_and_release_is_one_press),
	        cmocka_unit_test(test_spike_shorter_than_debounce_is_nothing),
	        cmocka_unit_test(test_many_presses_each_count_once),
	        cmocka_unit_test(test_long_press_is_reported_once_while_held),
	        cmocka_unit_test(test_short_press_in_long_mode_reported_at_release),
	        cmocka_unit_test(test_stuck_line_reported_then_ignored_until_release),
	        cmocka_unit_test(test_stuck_in_long_mode_is_long_then_stuck_no_press),
	        cmocka_unit_test(test_held_at_start_is_ignored_until_released),
	        cmocka_unit_test(test_two_buttons_are_independent),
	        cmocka_unit_test(test_late_caller_gets_the_same_answer),
	        cmocka_unit_test(test_deadlines_only_while_something_is_pending),
	        cmocka_unit_test(test_bad_configuration_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
