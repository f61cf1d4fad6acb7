/* The mirror of one touchscreen's contacts. It follows the kernel's rules, not SDL's: a
 * slot keeps its coordinates when its contact is lifted, and a new contact starts where
 * the kernel left the slot. It must never invent a position it was not told. */
#include "kiosk/touchstate.h"

#include <errno.h>
#include <linux/input-event-codes.h>
#include <stdlib.h>

struct slot {
	int32_t tracking_id; /* -1: no contact now */
	int32_t x, y;
	/* The contact lifted last from this slot, for a reader that learns of it late. */
	int32_t lifted_id;
	int32_t lifted_x, lifted_y;
};

struct turno_touchstate {
	bool multitouch;
	int slot_count;
	int current;
	bool dropped;    /* SYN_DROPPED: ignoring events until SYN_REPORT */
	bool needs_sync; /* the caller must read the kernel's state again */
	struct turno_touch_range x, y;
	struct slot slots[TURNO_TOUCH_MAX_SLOTS];
};

struct turno_touchstate *turno_touchstate_new(int slots, struct turno_touch_range x,
                                              struct turno_touch_range y)
{
	struct turno_touchstate *st = calloc(1, sizeof(*st));
	if (!st)
		return NULL;
	st->multitouch = slots > 0;
	st->slot_count = slots < 1 ? 1 : slots > TURNO_TOUCH_MAX_SLOTS ? TURNO_TOUCH_MAX_SLOTS : slots;
	st->x = x;
	st->y = y;
	for (int i = 0; i < TURNO_TOUCH_MAX_SLOTS; i++)
		st->slots[i].tracking_id = st->slots[i].lifted_id = -1;
	return st;
}

void turno_touchstate_free(struct turno_touchstate *st)
{
	free(st);
}

static struct slot *current_slot(struct turno_touchstate *st)
{
	return st->current >= 0 && st->current < st->slot_count ? &st->slots[st->current] : NULL;
}

static void set_tracking_id(struct slot *s, int32_t id)
{
	if (s->tracking_id >= 0 && s->tracking_id != id) {
		s->lifted_id = s->tracking_id;
		s->lifted_x = s->x;
		s->lifted_y = s->y;
	}
	s->tracking_id = id < 0 ? -1 : id;
}

void turno_touchstate_sync_slot(struct turno_touchstate *st, int slot, int32_t tracking_id, int32_t x,
                                int32_t y)
{
	if (slot < 0 || slot >= st->slot_count)
		return;
	struct slot *s = &st->slots[slot];
	if (st->multitouch)
		set_tracking_id(s, tracking_id);
	s->x = x;
	s->y = y;
}

void turno_touchstate_sync_current_slot(struct turno_touchstate *st, int slot)
{
	st->current = st->multitouch ? slot : 0;
}

static void feed_abs(struct turno_touchstate *st, uint16_t code, int32_t value)
{
	struct slot *s;
	if (!st->multitouch) {
		/* Slot 0 holds the single contact; BTN_TOUCH says only whether it is down. */
		if (code == ABS_X)
			st->slots[0].x = value;
		else if (code == ABS_Y)
			st->slots[0].y = value;
		return;
	}
	switch (code) {
	case ABS_MT_SLOT:
		st->current = value;
		return;
	case ABS_MT_TRACKING_ID:
		if ((s = current_slot(st)))
			set_tracking_id(s, value);
		return;
	case ABS_MT_POSITION_X:
		if ((s = current_slot(st)))
			s->x = value;
		return;
	case ABS_MT_POSITION_Y:
		if ((s = current_slot(st)))
			s->y = value;
		return;
	default:
		/* ABS_X/ABS_Y on a multitouch device are the kernel's pointer emulation. */
		return;
	}
}

void turno_touchstate_feed(struct turno_touchstate *st, uint16_t type, uint16_t code, int32_t value)
{
	if (type == EV_SYN) {
		if (code == SYN_DROPPED) {
			st->dropped = true;
			st->needs_sync = true;
		} else if (code == SYN_REPORT) {
			st->dropped = false;
		}
		return;
	}
	if (st->dropped || type != EV_ABS)
		return;
	feed_abs(st, code, value);
}

bool turno_touchstate_needs_sync(const struct turno_touchstate *st)
{
	return st->needs_sync;
}

void turno_touchstate_synced(struct turno_touchstate *st)
{
	st->needs_sync = false;
}

static float normalise(int32_t value, struct turno_touch_range r)
{
	int32_t range = r.max - r.min;
	return range > 0 ? (float)(value - r.min) / (float)range : 0.0f;
}

int turno_touchstate_find(const struct turno_touchstate *st, int64_t tracking_id, float *x, float *y)
{
	int32_t px, py;
	if (!st->multitouch) {
		if (tracking_id != -1)
			return -ENOENT;
		px = st->slots[0].x;
		py = st->slots[0].y;
	} else {
		int i;
		if (tracking_id < 0)
			return -ENOENT;
		for (i = 0; i < st->slot_count; i++)
			if (st->slots[i].tracking_id == tracking_id)
				break;
		if (i < st->slot_count) {
			px = st->slots[i].x;
			py = st->slots[i].y;
		} else {
			for (i = 0; i < st->slot_count; i++)
				if (st->slots[i].lifted_id == tracking_id)
					break;
			if (i == st->slot_count)
				return -ENOENT;
			px = st->slots[i].lifted_x;
			py = st->slots[i].lifted_y;
		}
	}
	*x = normalise(px, st->x);
	*y = normalise(py, st->y);
	return 0;
}
