/* evdev devices in the kiosk's loop, and udev's word on the ones that come and go. A
 * descriptor that hangs up or fails is removed and closed at once: left in the
 * level-triggered epoll it would wake the loop tens of thousands of times a second. */
#include "kiosk/input.h"

#include "core/log.h"
#include "kiosk/touchstate.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <linux/input.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <systemd/sd-device.h>
#include <systemd/sd-event.h>
#include <unistd.h>

#define MAX_DEVICES 16
#define EVENT_BATCH 64
#define BITS_PER_LONG (8 * sizeof(unsigned long))
#define BIT_WORDS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

struct device {
	struct turno_input *input;
	int fd;
	char path[64];
	struct turno_touchstate *touch; /* NULL: not a touchscreen */
	uint64_t last_activity;         /* input->activity when it last reported something */
};

struct turno_input {
	struct turno_loop *loop;
	struct device *devices[MAX_DEVICES];
	int device_count;
	int unreadable;
	uint64_t activity;
	uint64_t opened, gone;
	sd_event *event;
	sd_device_monitor *monitor;
	int event_fd; /* sd-event's own epoll descriptor, inside ours; -1 without udev */
};

static bool has_bit(const unsigned long *bits, unsigned bit)
{
	return bits[bit / BITS_PER_LONG] >> (bit % BITS_PER_LONG) & 1;
}

static struct turno_touch_range axis_range(int fd, unsigned code, int32_t *value)
{
	struct input_absinfo abs = {0};
	if (ioctl(fd, EVIOCGABS(code), &abs) < 0)
		memset(&abs, 0, sizeof(abs));
	if (value)
		*value = abs.value;
	return (struct turno_touch_range){abs.minimum, abs.maximum};
}

/* The kernel's present view of every slot: the positions SDL never asks for. */
static void sync_touch(struct device *d)
{
	struct turno_touchstate *st = d->touch;
	int32_t current = 0, x = 0, y = 0;
	struct input_absinfo slot_info = {0};
	if (ioctl(d->fd, EVIOCGABS(ABS_MT_SLOT), &slot_info) < 0 || slot_info.maximum <= 0) {
		axis_range(d->fd, ABS_X, &x);
		axis_range(d->fd, ABS_Y, &y);
		turno_touchstate_sync_slot(st, 0, -1, x, y);
		turno_touchstate_synced(st);
		return;
	}
	int slots =
	        slot_info.maximum + 1 > TURNO_TOUCH_MAX_SLOTS ? TURNO_TOUCH_MAX_SLOTS : slot_info.maximum + 1;
	current = slot_info.value;
	/* struct input_mt_request_layout: a code, then one value per slot. */
	int32_t ids[1 + TURNO_TOUCH_MAX_SLOTS], xs[1 + TURNO_TOUCH_MAX_SLOTS], ys[1 + TURNO_TOUCH_MAX_SLOTS];
	size_t len = sizeof(int32_t) * (1 + (size_t)slots);
	ids[0] = ABS_MT_TRACKING_ID;
	xs[0] = ABS_MT_POSITION_X;
	ys[0] = ABS_MT_POSITION_Y;
	if (ioctl(d->fd, EVIOCGMTSLOTS(len), ids) < 0 || ioctl(d->fd, EVIOCGMTSLOTS(len), xs) < 0 ||
	    ioctl(d->fd, EVIOCGMTSLOTS(len), ys) < 0)
		return; /* needs_sync stays set: tried again after the next read */
	for (int i = 0; i < slots; i++)
		turno_touchstate_sync_slot(st, i, ids[1 + i], xs[1 + i], ys[1 + i]);
	turno_touchstate_sync_current_slot(st, current);
	turno_touchstate_synced(st);
}

/* A touchscreen (what SDL treats as one): absolute positions and a touch, multitouch or not. */
static struct turno_touchstate *touch_mirror(int fd)
{
	unsigned long abs_bits[BIT_WORDS(ABS_CNT)] = {0}, key_bits[BIT_WORDS(KEY_CNT)] = {0};
	if (ioctl(fd, EVIOCGBIT(EV_ABS, sizeof(abs_bits)), abs_bits) < 0 ||
	    ioctl(fd, EVIOCGBIT(EV_KEY, sizeof(key_bits)), key_bits) < 0)
		return NULL;
	if (has_bit(abs_bits, ABS_MT_SLOT) && has_bit(abs_bits, ABS_MT_POSITION_X) &&
	    has_bit(abs_bits, ABS_MT_POSITION_Y)) {
		struct input_absinfo slot_info = {0};
		ioctl(fd, EVIOCGABS(ABS_MT_SLOT), &slot_info);
		return turno_touchstate_new(slot_info.maximum + 1, axis_range(fd, ABS_MT_POSITION_X, NULL),
		                            axis_range(fd, ABS_MT_POSITION_Y, NULL));
	}
	if (has_bit(abs_bits, ABS_X) && has_bit(abs_bits, ABS_Y) && has_bit(key_bits, BTN_TOUCH))
		return turno_touchstate_new(0, axis_range(fd, ABS_X, NULL), axis_range(fd, ABS_Y, NULL));
	return NULL;
}

static void close_device(struct turno_input *in, int index, bool gone)
{
	struct device *d = in->devices[index];
	turno_loop_remove(in->loop, d->fd);
	close(d->fd);
	if (gone) {
		in->gone++;
		turno_notice("input: %s went away: no longer watched", d->path);
	}
	turno_touchstate_free(d->touch);
	free(d);
	in->devices[index] = in->devices[--in->device_count];
}

static int find_device(const struct turno_input *in, const struct device *d)
{
	for (int i = 0; i < in->device_count; i++)
		if (in->devices[i] == d)
			return i;
	return -1;
}

static int find_path(const struct turno_input *in, const char *path)
{
	for (int i = 0; i < in->device_count; i++)
		if (strcmp(in->devices[i]->path, path) == 0)
			return i;
	return -1;
}

/* Reads everything pending. Returns false when the device is gone or failing. */
static bool drain(struct device *d)
{
	struct input_event events[EVENT_BATCH];
	for (;;) {
		ssize_t n = read(d->fd, events, sizeof(events));
		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		if (n == 0)
			return false;
		d->last_activity = ++d->input->activity;
		for (size_t i = 0; d->touch && i < (size_t)n / sizeof(events[0]); i++)
			turno_touchstate_feed(d->touch, events[i].type, events[i].code, events[i].value);
		if (d->touch && turno_touchstate_needs_sync(d->touch))
			sync_touch(d);
	}
}

static void on_device(int fd, uint32_t events, void *user)
{
	struct device *d = user;
	struct turno_input *in = d->input;
	/* Read first: the last events before a hang-up still count. */
	bool alive = drain(d) && !(events & (EPOLLHUP | EPOLLERR));
	if (!alive) {
		int i = find_device(in, d);
		if (i >= 0)
			close_device(in, i, true);
	}
}

static void open_device(struct turno_input *in, const char *path)
{
	/* A device announced again (re-plugged under the same name, or udev re-triggered) is
	 * opened again: the old descriptor may be the hung-up one not yet seen. */
	int old = find_path(in, path);
	if (old >= 0)
		close_device(in, old, false);
	if (in->device_count == MAX_DEVICES) {
		turno_warn("input: more than %d input devices: %s is not watched", MAX_DEVICES, path);
		return;
	}
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == EACCES || errno == EPERM)
			in->unreadable++;
		turno_debug("input: cannot open %s: %s", path, strerror(errno));
		return;
	}
	struct device *d = calloc(1, sizeof(*d));
	if (!d) {
		close(fd);
		return;
	}
	*d = (struct device){.input = in, .fd = fd};
	snprintf(d->path, sizeof(d->path), "%s", path);
	d->touch = touch_mirror(fd);
	if (d->touch)
		sync_touch(d);
	if (turno_loop_add(in->loop, fd, EPOLLIN, on_device, d) < 0) {
		turno_warn("input: cannot watch %s: the loop is full", path);
		turno_touchstate_free(d->touch);
		free(d);
		close(fd);
		return;
	}
	in->devices[in->device_count++] = d;
	in->opened++;
	char name[128] = "";
	ioctl(fd, EVIOCGNAME(sizeof(name)), name);
	turno_info("input: watching %s (%s%s)", path, name, d->touch ? ", touchscreen" : "");
}

static bool is_event_node(const char *devname)
{
	return devname && strncmp(devname, "/dev/input/event", 16) == 0;
}

static int on_udev(sd_device_monitor *monitor, sd_device *device, void *user)
{
	struct turno_input *in = user;
	const char *devname = NULL;
	sd_device_action_t action;
	if (sd_device_get_devname(device, &devname) < 0 || !is_event_node(devname) ||
	    sd_device_get_action(device, &action) < 0)
		return 0;
	turno_debug("input: udev: %s %s",
	            action == SD_DEVICE_ADD      ? "add"
	            : action == SD_DEVICE_REMOVE ? "remove"
	                                         : "change",
	            devname);
	int i;
	if (action == SD_DEVICE_ADD)
		open_device(in, devname);
	else if (action == SD_DEVICE_REMOVE && (i = find_path(in, devname)) >= 0)
		close_device(in, i, true);
	return 0;
}

static void on_event_fd(int fd, uint32_t events, void *user)
{
	struct turno_input *in = user;
	/* One announcement per run; a few are dispatched at most before the loop moves on. */
	for (int i = 0; i < 16 && sd_event_run(in->event, 0) > 0; i++)
		;
}

static int watch_udev(struct turno_input *in)
{
	int rc = sd_event_new(&in->event);
	if (rc < 0)
		return rc;
	rc = sd_device_monitor_new(&in->monitor);
	if (rc >= 0)
		rc = sd_device_monitor_filter_add_match_subsystem_devtype(in->monitor, "input", NULL);
	if (rc >= 0)
		rc = sd_device_monitor_attach_event(in->monitor, in->event);
	if (rc >= 0)
		rc = sd_device_monitor_start(in->monitor, on_udev, in);
	if (rc >= 0) {
		in->event_fd = sd_event_get_fd(in->event);
		rc = in->event_fd < 0 ? in->event_fd
		                      : turno_loop_add(in->loop, in->event_fd, EPOLLIN, on_event_fd, in);
	}
	if (rc < 0) {
		in->event_fd = -1;
		in->monitor = sd_device_monitor_unref(in->monitor);
		in->event = sd_event_unref(in->event);
	}
	return rc;
}

int turno_input_open(struct turno_loop *loop, struct turno_input **out)
{
	struct turno_input *in = calloc(1, sizeof(*in));
	if (!in)
		return -ENOMEM;
	in->loop = loop;
	in->event_fd = -1;
	/* udev first: a device plugged while the present ones are opened is not missed. */
	int rc = watch_udev(in);
	if (rc < 0)
		turno_warn("input: cannot watch udev for touch panels plugged later (%s): only the devices "
		           "present now are watched",
		           strerror(-rc));
	glob_t g;
	if (glob("/dev/input/event*", 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++)
			open_device(in, g.gl_pathv[i]);
		globfree(&g);
	}
	*out = in;
	return 0;
}

void turno_input_free(struct turno_input *in)
{
	if (!in)
		return;
	while (in->device_count > 0)
		close_device(in, in->device_count - 1, false);
	if (in->event_fd >= 0)
		turno_loop_remove(in->loop, in->event_fd);
	sd_device_monitor_unref(in->monitor);
	sd_event_unref(in->event);
	free(in);
}

void turno_input_get_info(const struct turno_input *in, struct turno_input_info *info)
{
	*info = (struct turno_input_info){.devices = in->device_count,
	                                  .unreadable = in->unreadable,
	                                  .hotplug = in->event_fd >= 0,
	                                  .opened = in->opened,
	                                  .gone = in->gone};
	for (int i = 0; i < in->device_count; i++)
		info->touchscreens += in->devices[i]->touch != NULL;
}

int turno_input_contact(struct turno_input *in, int64_t tracking_id, float *x, float *y)
{
	const struct device *best = NULL;
	float bx = 0, by = 0;
	for (int i = 0; i < in->device_count; i++) {
		struct device *d = in->devices[i];
		if (!d->touch)
			continue;
		drain(d); /* a failing device is closed by its own watch on the next pass */
		float dx, dy;
		if (turno_touchstate_find(d->touch, tracking_id, &dx, &dy) == 0 &&
		    (!best || d->last_activity > best->last_activity)) {
			best = d;
			bx = dx;
			by = dy;
		}
	}
	if (!best)
		return -ENOENT;
	*x = bx;
	*y = by;
	return 0;
}
