/* Where the fingers on one evdev touchscreen are, as the kernel holds them, mirrored from
 * the device's event stream. The kernel never repeats a coordinate equal to the last one
 * it reported for a slot: a reader that opens the device afterwards and starts every slot
 * at 0,0 (SDL 2.26, Debian 12 and Raspberry Pi OS bookworm) puts a finger that lands where
 * the previous one left in the top-left corner. Seeded with the kernel's own values when
 * the device is opened (EVIOCGMTSLOTS), this mirror knows where each contact is.
 *
 * Pure: no I/O, fed with struct input_event's type, code and value. Multitouch protocol B
 * (slots, tracking ids) and single-touch devices (ABS_X/ABS_Y, BTN_TOUCH). */
#ifndef TURNO_TOUCHSTATE_H
#define TURNO_TOUCHSTATE_H

#include <stdbool.h>
#include <stdint.h>

#define TURNO_TOUCH_MAX_SLOTS 16

struct turno_touchstate;

struct turno_touch_range {
	int32_t min, max; /* the axis' EVIOCGABS minimum and maximum */
};

/* slots: the device's ABS_MT_SLOT maximum + 1 (clamped to TURNO_TOUCH_MAX_SLOTS), or 0
 * for a single-touch device. NULL when out of memory. Free with turno_touchstate_free(). */
struct turno_touchstate *turno_touchstate_new(int slots, struct turno_touch_range x,
                                              struct turno_touch_range y);
void turno_touchstate_free(struct turno_touchstate *state);

/* The kernel's values for one slot (slot 0 of a single-touch device: tracking_id is
 * ignored), and the slot later events refer to: after opening and after SYN_DROPPED. */
void turno_touchstate_sync_slot(struct turno_touchstate *state, int slot, int32_t tracking_id, int32_t x,
                                int32_t y);
void turno_touchstate_sync_current_slot(struct turno_touchstate *state, int slot);

/* One event. After SYN_DROPPED the events up to the next SYN_REPORT are ignored and
 * turno_touchstate_needs_sync() is true until the caller has synced every slot again. */
void turno_touchstate_feed(struct turno_touchstate *state, uint16_t type, uint16_t code, int32_t value);
bool turno_touchstate_needs_sync(const struct turno_touchstate *state);
void turno_touchstate_synced(struct turno_touchstate *state);

/* Where the contact with this tracking id is, or was when it was lifted, as SDL
 * normalises it: (value - min) / (max - min) on each axis. A single-touch device's
 * contact has tracking id -1. Returns 0, or -ENOENT when this device has no such contact. */
int turno_touchstate_find(const struct turno_touchstate *state, int64_t tracking_id, float *x, float *y);

#endif
