/* The mirror of a touchscreen's contacts (kiosk/touchstate.h), fed with the event streams
 * the kernel sends: coordinates equal to the slot's last ones are never repeated, so a
 * contact's position is often known only from before it began. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "kiosk/touchstate.h"

#include <errno.h>
#include <linux/input-event-codes.h>

static const struct turno_touch_range PANEL_X = {0, 799}, PANEL_Y = {0, 479};

struct ev {
	uint16_t type, code;
	int32_t value;
};

static void feed(struct turno_touchstate *st, const struct ev *events, size_t n)
{
	for (size_t i = 0; i < n; i++)
		turno_touchstate_feed(st, events[i].type, events[i].code, events[i].value);
}

static void assert_at(struct turno_touchstate *st, int64_t id, int x, int y)
{
	float fx = -1, fy = -1;
	assert_int_equal(turno_touchstate_find(st, id, &fx, &fy), 0);
	assert_float_equal(fx, (float)x / 799.0f, 1e-6);
	assert_float_equal(fy, (float)y / 479.0f, 1e-6);
}

/* The kiosk started after a tap at 136,155: the kernel holds that position in slot 0. The
 * next finger on the same tile brings no coordinate at all. */
static void finger_on_the_last_spot(void **state)
{
	struct turno_touchstate *st = turno_touchstate_new(10, PANEL_X, PANEL_Y);
	turno_touchstate_sync_slot(st, 0, -1, 136, 155);
	turno_touchstate_sync_current_slot(st, 0);
	const struct ev down[] = {
	        {EV_ABS, ABS_MT_TRACKING_ID, 7}, {EV_KEY, BTN_TOUCH, 1}, {EV_SYN, SYN_REPORT, 0}};
	feed(st, down, 3);
	assert_at(st, 7, 136, 155);
	const struct ev up[] = {
	        {EV_ABS, ABS_MT_TRACKING_ID, -1}, {EV_KEY, BTN_TOUCH, 0}, {EV_SYN, SYN_REPORT, 0}};
	feed(st, up, 3);
	/* Lifted: SDL's FINGERUP for it may be read later still. */
	assert_at(st, 7, 136, 155);
	turno_touchstate_free(st);
}

static void moves_and_two_fingers(void **state)
{
	struct turno_touchstate *st = turno_touchstate_new(10, PANEL_X, PANEL_Y);
	const struct ev events[] = {
	        {EV_ABS, ABS_MT_SLOT, 0},         {EV_ABS, ABS_MT_TRACKING_ID, 1},
	        {EV_ABS, ABS_MT_POSITION_X, 100}, {EV_ABS, ABS_MT_POSITION_Y, 200},
	        {EV_SYN, SYN_REPORT, 0},          {EV_ABS, ABS_MT_SLOT, 1},
	        {EV_ABS, ABS_MT_TRACKING_ID, 2},  {EV_ABS, ABS_MT_POSITION_X, 700},
	        {EV_ABS, ABS_MT_POSITION_Y, 50},  {EV_SYN, SYN_REPORT, 0},
	        {EV_ABS, ABS_MT_SLOT, 0},         {EV_ABS, ABS_MT_POSITION_X, 110},
	        {EV_SYN, SYN_REPORT, 0},
	};
	feed(st, events, sizeof(events) / sizeof(events[0]));
	assert_at(st, 1, 110, 200);
	assert_at(st, 2, 700, 50);
	float x, y;
	assert_int_equal(turno_touchstate_find(st, 3, &x, &y), -ENOENT);
	assert_int_equal(turno_touchstate_find(st, -1, &x, &y), -ENOENT);
	turno_touchstate_free(st);
}

/* A new contact in a slot keeps the lifted one findable, and starts where it left. */
static void a_new_contact_in_the_same_slot(void **state)
{
	struct turno_touchstate *st = turno_touchstate_new(2, PANEL_X, PANEL_Y);
	const struct ev events[] = {
	        {EV_ABS, ABS_MT_TRACKING_ID, 5},  {EV_ABS, ABS_MT_POSITION_X, 300},
	        {EV_ABS, ABS_MT_POSITION_Y, 300}, {EV_SYN, SYN_REPORT, 0},
	        {EV_ABS, ABS_MT_TRACKING_ID, -1}, {EV_SYN, SYN_REPORT, 0},
	        {EV_ABS, ABS_MT_TRACKING_ID, 6},  {EV_ABS, ABS_MT_POSITION_Y, 400},
	        {EV_SYN, SYN_REPORT, 0},
	};
	feed(st, events, sizeof(events) / sizeof(events[0]));
	assert_at(st, 5, 300, 300);
	assert_at(st, 6, 300, 400);
	turno_touchstate_free(st);
}

/* After SYN_DROPPED the kernel's word is only what the caller reads back from it. */
static void dropped_events_wait_for_a_sync(void **state)
{
	struct turno_touchstate *st = turno_touchstate_new(10, PANEL_X, PANEL_Y);
	const struct ev events[] = {
	        {EV_ABS, ABS_MT_TRACKING_ID, 9},  {EV_ABS, ABS_MT_POSITION_X, 10}, {EV_SYN, SYN_DROPPED, 0},
	        {EV_ABS, ABS_MT_POSITION_X, 999}, {EV_SYN, SYN_REPORT, 0},
	};
	feed(st, events, sizeof(events) / sizeof(events[0]));
	assert_true(turno_touchstate_needs_sync(st));
	assert_at(st, 9, 10, 0);
	turno_touchstate_sync_slot(st, 0, 9, 420, 240);
	turno_touchstate_synced(st);
	assert_false(turno_touchstate_needs_sync(st));
	assert_at(st, 9, 420, 240);
	turno_touchstate_free(st);
}

/* A resistive or single-touch panel: ABS_X/ABS_Y and BTN_TOUCH; SDL calls its finger -1. */
static void single_touch(void **state)
{
	struct turno_touchstate *st = turno_touchstate_new(0, PANEL_X, PANEL_Y);
	turno_touchstate_sync_slot(st, 0, -1, 400, 240);
	const struct ev events[] = {{EV_KEY, BTN_TOUCH, 1}, {EV_ABS, ABS_Y, 100}, {EV_SYN, SYN_REPORT, 0}};
	feed(st, events, 3);
	assert_at(st, -1, 400, 100);
	float x, y;
	assert_int_equal(turno_touchstate_find(st, 0, &x, &y), -ENOENT);
	turno_touchstate_free(st);
}

/* A pointer-emulation ABS_X on a multitouch device does not move a contact. */
static void pointer_emulation_is_ignored(void **state)
{
	struct turno_touchstate *st = turno_touchstate_new(10, PANEL_X, PANEL_Y);
	const struct ev events[] = {{EV_ABS, ABS_MT_TRACKING_ID, 3},
	                            {EV_ABS, ABS_MT_POSITION_X, 50},
	                            {EV_ABS, ABS_MT_POSITION_Y, 60},
	                            {EV_ABS, ABS_X, 700},
	                            {EV_SYN, SYN_REPORT, 0}};
	feed(st, events, 5);
	assert_at(st, 3, 50, 60);
	turno_touchstate_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(finger_on_the_last_spot),
	        cmocka_unit_test(moves_and_two_fingers),
	        cmocka_unit_test(a_new_contact_in_the_same_slot),
	        cmocka_unit_test(dropped_events_wait_for_a_sync),
	        cmocka_unit_test(single_touch),
	        cmocka_unit_test(pointer_emulation_is_ignored),
	};
	return cmocka_run_group_tests_name("touch state", tests, NULL, NULL);
}
