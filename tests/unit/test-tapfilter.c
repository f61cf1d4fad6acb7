/* The tap filter: one tap = one ticket, whatever the fingers do. Each case is a
 * sequence of presses and releases with times and the taps it must yield. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "kiosk/tapfilter.h"

#include <stdlib.h>

enum step_kind { DOWN, UP, BLOCK };

struct step {
	enum step_kind kind;
	int64_t t;
	int64_t pointer;
	int target;
	enum turno_tap_result expect; /* for UP */
};

struct tap_case {
	const char *name;
	struct step steps[12];
	int count;
};

static const struct tap_case cases[] = {
        {"a press and release on a tile is a tap", {{DOWN, 0, 1, 3, 0}, {UP, 120, 1, 3, TURNO_TAP_OK}}, 2},
        {"sliding off the tile is no tap", {{DOWN, 0, 1, 3, 0}, {UP, 120, 1, 4, TURNO_TAP_NONE}}, 2},
        {"releasing outside every target is no tap",
         {{DOWN, 0, 1, 3, 0}, {UP, 120, 1, -1, TURNO_TAP_NONE}},
         2},
        {"a press longer than 1.5 s is no tap", {{DOWN, 0, 1, 3, 0}, {UP, 1501, 1, 3, TURNO_TAP_NONE}}, 2},
        {"a press of exactly 1.5 s still is", {{DOWN, 0, 1, 3, 0}, {UP, 1500, 1, 3, TURNO_TAP_OK}}, 2},
        {"a second tap within 600 ms bounces",
         {{DOWN, 0, 1, 3, 0},
          {UP, 100, 1, 3, TURNO_TAP_OK},
          {DOWN, 300, 2, 3, 0},
          {UP, 400, 2, 3, TURNO_TAP_BOUNCE}},
         4},
        {"a tap 600 ms after the previous one counts",
         {{DOWN, 0, 1, 3, 0},
          {UP, 100, 1, 3, TURNO_TAP_OK},
          {DOWN, 650, 2, 3, 0},
          {UP, 700, 2, 3, TURNO_TAP_OK}},
         4},
        {"a drumming burst keeps bouncing until it pauses",
         {{DOWN, 0, 1, 3, 0},
          {UP, 50, 1, 3, TURNO_TAP_OK},
          {DOWN, 300, 1, 3, 0},
          {UP, 350, 1, 3, TURNO_TAP_BOUNCE},
          {DOWN, 700, 1, 3, 0},
          {UP, 750, 1, 3, TURNO_TAP_BOUNCE},
          {DOWN, 1100, 1, 3, 0},
          {UP, 1150, 1, 3, TURNO_TAP_BOUNCE},
          {DOWN, 1900, 1, 3, 0},
          {UP, 1950, 1, 3, TURNO_TAP_OK}},
         10},
        {"a second finger cancels the press (palm, elbow)",
         {{DOWN, 0, 1, 3, 0},
          {DOWN, 20, 2, 4, 0},
          {UP, 100, 1, 3, TURNO_TAP_NONE},
          {UP, 110, 2, 4, TURNO_TAP_NONE},
          {DOWN, 900, 3, 3, 0},
          {UP, 1000, 3, 3, TURNO_TAP_OK}},
         6},
        {"a release by another pointer is not the press's",
         {{DOWN, 0, 1, 3, 0}, {UP, 50, 7, 3, TURNO_TAP_NONE}, {UP, 100, 1, 3, TURNO_TAP_OK}},
         3},
        {"presses while blocked are ignored",
         {{BLOCK, 0, 0, 1000, 0},
          {DOWN, 10, 1, 3, 0},
          {UP, 60, 1, 3, TURNO_TAP_NONE},
          {DOWN, 1000, 1, 3, 0},
          {UP, 1060, 1, 3, TURNO_TAP_OK}},
         5},
        {"a press begun before a block does not tap through it",
         {{DOWN, 0, 1, 3, 0}, {BLOCK, 10, 0, 500, 0}, {UP, 60, 1, 3, TURNO_TAP_NONE}},
         3},
        {"a lost release does not lock the screen",
         {{DOWN, 0, 1, 3, 0}, {DOWN, 2000, 2, 3, 0}, {UP, 2100, 2, 3, TURNO_TAP_OK}},
         3},
        {"a lost release after two fingers does not lock it either",
         {{DOWN, 0, 1, 3, 0},
          {DOWN, 10, 2, 3, 0},
          {UP, 50, 1, 3, TURNO_TAP_NONE},
          {DOWN, 3000, 3, 3, 0},
          {UP, 3100, 3, 3, TURNO_TAP_OK}},
         5},
        {"an up without a down is nothing", {{UP, 60, 1, 3, TURNO_TAP_NONE}}, 1},
};

static void run_case(void **state)
{
	const struct tap_case *c = *state;
	struct turno_tapfilter *f = turno_tapfilter_new(&(struct turno_tapfilter_config){1500, 600, 6});
	assert_non_null(f);
	for (int i = 0; i < c->count; i++) {
		const struct step *s = &c->steps[i];
		switch (s->kind) {
		case DOWN:
			turno_tapfilter_down(f, s->pointer, s->target, s->t);
			break;
		case UP:
			assert_int_equal(turno_tapfilter_up(f, s->pointer, s->target, s->t), s->expect);
			break;
		case BLOCK:
			turno_tapfilter_block(f, s->target);
			break;
		}
	}
	turno_tapfilter_free(f);
}

static void rate_limit(void **state)
{
	struct turno_tapfilter *f = turno_tapfilter_new(&(struct turno_tapfilter_config){1500, 600, 3});
	/* Three tickets at 0, 10 s and 20 s; the fourth must wait until the first is a
	 * minute old. */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(turno_tapfilter_ticket_wait(f, i * 10000), 0);
		turno_tapfilter_ticket_issued(f, i * 10000);
	}
	assert_int_equal(turno_tapfilter_ticket_wait(f, 30000), 30000);
	assert_int_equal(turno_tapfilter_ticket_wait(f, 59999), 1);
	assert_int_equal(turno_tapfilter_ticket_wait(f, 60000), 0);
	turno_tapfilter_ticket_issued(f, 60000);
	/* 10 s and 20 s are still in the window with 60 s: full again until 70 s. */
	assert_int_equal(turno_tapfilter_ticket_wait(f, 60001), 9999);
	assert_int_equal(turno_tapfilter_ticket_wait(f, 70000), 0);
	turno_tapfilter_free(f);
}

static void rate_limit_one_per_minute(void **state)
{
	struct turno_tapfilter *f = turno_tapfilter_new(&(struct turno_tapfilter_config){1500, 600, 1});
	turno_tapfilter_ticket_issued(f, 5000);
	assert_true(turno_tapfilter_ticket_wait(f, 6000) > 0);
	assert_int_equal(turno_tapfilter_ticket_wait(f, 65000), 0);
	turno_tapfilter_free(f);
}

static void free_null(void **state)
{
	turno_tapfilter_free(NULL);
}

int main(void)
{
	enum { N = sizeof(cases) / sizeof(cases[0]) };
	struct CMUnitTest tests[N + 3];
	for (int i = 0; i < N; i++)
		tests[i] = (struct CMUnitTest){cases[i].name, run_case, NULL, NULL, (void *)&cases[i]};
	tests[N] = (struct CMUnitTest){"tickets per minute: the window slides", rate_limit, NULL, NULL, NULL};
	tests[N + 1] =
	        (struct CMUnitTest){"tickets per minute = 1", rate_limit_one_per_minute, NULL, NULL, NULL};
	tests[N + 2] = (struct CMUnitTest){"free(NULL) is fine", free_null, NULL, NULL, NULL};
	return cmocka_run_group_tests_name("tap filter", tests, NULL, NULL);
}
