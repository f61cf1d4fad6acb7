/* The tap filter: a small state machine over press/release times. It must never
 * depend on the wall clock (it jumps on a Pi without RTC): callers pass monotonic ms. */
#include "kiosk/tapfilter.h"

#include <stdlib.h>

#define MAX_RATE 600 /* [ui] tickets_per_minute is at most 600 */
#define MINUTE_MS 60000

struct turno_tapfilter {
	struct turno_tapfilter_config config;
	bool pressed;
	bool cancelled; /* a second pointer went down: nothing is a tap until all are up */
	int down_count;
	int64_t pointer;
	int target;
	int64_t down_ms;
	bool has_last_tap;
	int64_t last_tap_ms;
	int64_t blocked_until_ms;
	int64_t issued[MAX_RATE]; /* ring of issue times, oldest at head */
	int issued_head, issued_count;
};

struct turno_tapfilter *turno_tapfilter_new(const struct turno_tapfilter_config *config)
{
	struct turno_tapfilter *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->config = *config;
	if (f->config.tickets_per_minute < 1)
		f->config.tickets_per_minute = 1;
	if (f->config.tickets_per_minute > MAX_RATE)
		f->config.tickets_per_minute = MAX_RATE;
	f->blocked_until_ms = INT64_MIN;
	return f;
}

void turno_tapfilter_free(struct turno_tapfilter *f)
{
	free(f);
}

void turno_tapfilter_down(struct turno_tapfilter *f, int64_t pointer, int target, int64_t now_ms)
{
	if ((f->pressed || f->cancelled) && now_ms - f->down_ms > f->config.tap_max_ms) {
		/* A release was lost (finger lifted outside the window, a dropped event): a
		 * stale press must never lock the screen. */
		f->pressed = false;
		f->cancelled = false;
		f->down_count = 0;
	}
	f->down_count++;
	if (f->pressed || f->cancelled) {
		/* Two fingers (or a palm): whatever was pressed is not a deliberate tap. */
		f->pressed = false;
		f->cancelled = true;
		f->down_ms = now_ms;
		return;
	}
	if (now_ms < f->blocked_until_ms || target < 0)
		return;
	f->pressed = true;
	f->pointer = pointer;
	f->target = target;
	f->down_ms = now_ms;
}

enum turno_tap_result turno_tapfilter_up(struct turno_tapfilter *f, int64_t pointer, int target,
                                         int64_t now_ms)
{
	if (f->down_count > 0)
		f->down_count--;
	if (f->cancelled) {
		if (f->down_count == 0)
			f->cancelled = false;
		return TURNO_TAP_NONE;
	}
	if (!f->pressed || pointer != f->pointer)
		return TURNO_TAP_NONE;
	f->pressed = false;
	f->down_count = 0;
	if (target != f->target || now_ms < f->blocked_until_ms || now_ms - f->down_ms > f->config.tap_max_ms)
		return TURNO_TAP_NONE;
	bool bounce = f->has_last_tap && now_ms - f->last_tap_ms < f->config.refractory_ms;
	f->has_last_tap = true;
	f->last_tap_ms = now_ms; /* a burst keeps bouncing until it pauses */
	return bounce ? TURNO_TAP_BOUNCE : TURNO_TAP_OK;
}

void turno_tapfilter_block(struct turno_tapfilter *f, int64_t until_ms)
{
	f->blocked_until_ms = until_ms;
	f->pressed = false;
}

void turno_tapfilter_cancel(struct turno_tapfilter *f)
{
	f->pressed = false;
}

static void forget_old(const struct turno_tapfilter *cf, int64_t now_ms, int *head, int *count)
{
	while (*count > 0 && now_ms - cf->issued[*head] >= MINUTE_MS) {
		*head = (*head + 1) % MAX_RATE;
		(*count)--;
	}
}

int64_t turno_tapfilter_ticket_wait(const struct turno_tapfilter *f, int64_t now_ms)
{
	int head = f->issued_head, count = f->issued_count;
	forget_old(f, now_ms, &head, &count);
	if (count < f->config.tickets_per_minute)
		return 0;
	/* The oldest ticket inside the window must leave it before one more fits. */
	int oldest = (head + count - f->config.tickets_per_minute) % MAX_RATE;
	int64_t wait = f->issued[oldest] + MINUTE_MS - now_ms;
	return wait > 0 ? wait : 1;
}

void turno_tapfilter_ticket_issued(struct turno_tapfilter *f, int64_t now_ms)
{
	forget_old(f, now_ms, &f->issued_head, &f->issued_count);
	if (f->issued_count == MAX_RATE) {
		f->issued_head = (f->issued_head + 1) % MAX_RATE;
		f->issued_count--;
	}
	f->issued[(f->issued_head + f->issued_count) % MAX_RATE] = now_ms;
	f->issued_count++;
}
