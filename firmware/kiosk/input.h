/* The evdev input devices under KMSDRM, where no display server tells the kiosk that a
 * finger touched the panel. SDL reads the devices itself; this module keeps a descriptor of
 * its own on each of them in the kiosk's loop so that a touch wakes the loop, and:
 *   - a device that goes away (the panel unplugged: the descriptor hangs up, reads fail
 *     with ENODEV) is removed from the loop and closed, never left to wake it for ever;
 *   - a device that appears later (plugged in, a driver that loads late) is opened and
 *     watched: udev's announcement wakes the loop, and it is the same announcement SDL
 *     reads to open the device itself, so SDL knows the panel before the first touch;
 *   - where each finger is, as the kernel holds it (kiosk/touchstate.h), for SDL's touch
 *     events whose coordinates SDL did not learn (see turno_input_contact()).
 * Program-level code of turno-kiosk: it logs what happens to the devices. */
#ifndef TURNO_INPUT_H
#define TURNO_INPUT_H

#include "kiosk/loop.h"

#include <stdbool.h>
#include <stdint.h>

struct turno_input;

struct turno_input_info {
	int devices;      /* event devices watched now */
	int touchscreens; /* of which report touches (a mirror is kept) */
	int unreadable;   /* opens refused since the start (EACCES: not in group input) */
	bool hotplug;     /* udev's announcements are watched */
	uint64_t opened;  /* devices opened since the start */
	uint64_t gone;    /* devices removed because they went away */
};

/* Opens every /dev/input/event* it may read and watches udev for devices that come and
 * go. Returns 0 and *out, or a negative errno (-ENOMEM). Without udev (not running, or
 * no netlink), devices present now are still watched. The loop must outlive it; free with
 * turno_input_free(), which removes and closes every descriptor. */
int turno_input_open(struct turno_loop *loop, struct turno_input **out);
void turno_input_free(struct turno_input *input);

void turno_input_get_info(const struct turno_input *input, struct turno_input_info *info);

/* Where the contact with this tracking id (SDL's fingerId under KMSDRM; -1 for a
 * single-touch device) is, or was when lifted, normalised to 0..1 of the touchscreen's
 * range as SDL normalises it. Reads what the devices have pending first, so it knows at
 * least every event SDL has read. Returns 0, or -ENOENT when no watched touchscreen
 * knows that contact (then keep SDL's coordinates). */
int turno_input_contact(struct turno_input *input, int64_t tracking_id, float *x, float *y);

#endif
