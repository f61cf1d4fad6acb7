/* System and manual clocks. Only this file reads the time. */
#include "core/clock.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timex.h>

struct turno_clock {
	bool manual;
	bool scaled; /* wall_ms at anchor_mono_ms, factor times faster from there */
	double factor;
	int64_t anchor_mono_ms;
	int64_t wall_ms;
	int64_t mono_ms;
	bool synced;
	unsigned boots;
	char boot_id[40];
};

static int64_t read_ms(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct turno_clock *turno_clock_new_system(void)
{
	struct turno_clock *clock = calloc(1, sizeof(*clock));
	if (!clock)
		return NULL;
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
	if (f) {
		if (!fgets(clock->boot_id, sizeof(clock->boot_id), f))
			clock->boot_id[0] = '\0';
		fclose(f);
		clock->boot_id[strcspn(clock->boot_id, "\n")] = '\0';
	}
	if (!clock->boot_id[0])
		snprintf(clock->boot_id, sizeof(clock->boot_id), "unknown");
	return clock;
}

struct turno_clock *turno_clock_new_manual(int64_t wall_ms)
{
	struct turno_clock *clock = calloc(1, sizeof(*clock));
	if (!clock)
		return NULL;
	clock->manual = true;
	clock->wall_ms = wall_ms;
	clock->synced = true;
	clock->boots = 1;
	snprintf(clock->boot_id, sizeof(clock->boot_id), "manual-1");
	return clock;
}

struct turno_clock *turno_clock_new_scaled(int64_t wall_ms, double factor, int64_t anchor_mono_ms)
{
	if (!(factor > 0))
		return NULL;
	struct turno_clock *clock = calloc(1, sizeof(*clock));
	if (!clock)
		return NULL;
	clock->scaled = true;
	clock->factor = factor;
	clock->anchor_mono_ms = anchor_mono_ms;
	clock->wall_ms = wall_ms;
	clock->synced = true;
	snprintf(clock->boot_id, sizeof(clock->boot_id), "scaled-%lld", (long long)anchor_mono_ms);
	return clock;
}

/* Clock milliseconds since the scaled clock's anchor. */
static int64_t scaled_elapsed(const struct turno_clock *clock)
{
	return (int64_t)((double)(read_ms(CLOCK_MONOTONIC) - clock->anchor_mono_ms) * clock->factor);
}

int64_t turno_clock_real_ms(struct turno_clock *clock, int64_t ms)
{
	if (!clock->scaled || ms <= 0)
		return ms;
	return (int64_t)((double)ms / clock->factor) + 1;
}

void turno_clock_free(struct turno_clock *clock)
{
	free(clock);
}

static bool system_synced(void)
{
	/* The kernel's NTP discipline: STA_UNSYNC is cleared once a time daemon
	 * (systemd-timesyncd, chrony) has synchronised the clock. */
	struct timex tx = {0};
	int state = adjtimex(&tx);
	return state != TIME_ERROR && !(tx.status & STA_UNSYNC);
}

struct turno_stamp turno_clock_now(struct turno_clock *clock)
{
	struct turno_stamp s = {0};
	if (clock->manual) {
		s.wall_ms = clock->wall_ms;
		s.mono_ms = clock->mono_ms;
		s.synced = clock->synced;
	} else if (clock->scaled) {
		s.mono_ms = scaled_elapsed(clock);
		s.wall_ms = clock->wall_ms + s.mono_ms;
		s.synced = true;
	} else {
		s.wall_ms = read_ms(CLOCK_REALTIME);
		s.mono_ms = read_ms(CLOCK_MONOTONIC);
		s.synced = system_synced();
	}
	memcpy(s.boot_id, clock->boot_id, sizeof(s.boot_id));
	return s;
}

int64_t turno_clock_wall_ms(struct turno_clock *clock)
{
	if (clock->scaled)
		return clock->wall_ms + scaled_elapsed(clock);
	return clock->manual ? clock->wall_ms : read_ms(CLOCK_REALTIME);
}

int64_t turno_clock_mono_ms(struct turno_clock *clock)
{
	if (clock->scaled)
		return scaled_elapsed(clock);
	return clock->manual ? clock->mono_ms : read_ms(CLOCK_MONOTONIC);
}

void turno_clock_advance(struct turno_clock *clock, int64_t ms)
{
	if (!clock->manual)
		return;
	clock->wall_ms += ms;
	clock->mono_ms += ms;
}

void turno_clock_jump_wall(struct turno_clock *clock, int64_t delta_ms)
{
	if (clock->manual)
		clock->wall_ms += delta_ms;
}

void turno_clock_set_synced(struct turno_clock *clock, bool synced)
{
	if (clock->manual)
		clock->synced = synced;
}

void turno_clock_reboot(struct turno_clock *clock)
{
	if (!clock->manual)
		return;
	clock->boots++;
	clock->mono_ms = 0;
	snprintf(clock->boot_id, sizeof(clock->boot_id), "manual-%u", clock->boots);
}

int64_t turno_stamp_seconds_between(const struct turno_stamp *a, const struct turno_stamp *b,
                                    int64_t max_seconds)
{
	int64_t ms;
	if (a->boot_id[0] && strcmp(a->boot_id, b->boot_id) == 0)
		ms = b->mono_ms - a->mono_ms;
	else
		ms = b->wall_ms - a->wall_ms;
	int64_t s = ms / 1000;
	if (s < 0)
		return 0;
	if (s > max_seconds)
		return max_seconds;
	return s;
}

void turno_local_tm(int64_t wall_ms, struct tm *out)
{
	time_t t = (time_t)(wall_ms >= 0 ? wall_ms / 1000 : (wall_ms - 999) / 1000);
	localtime_r(&t, out);
}

void turno_local_date(int64_t wall_ms, char out[11])
{
	struct tm tm;
	turno_local_tm(wall_ms, &tm);
	if (strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		out[0] = '\0';
}

int turno_set_timezone(const char *tz)
{
	char path[512];
	if (!tz || !*tz || strstr(tz, ".."))
		return -EINVAL;
	/* glibc silently falls back to UTC for a zone it cannot load (":Nowhere/Atlantis",
	 * "Europe", a typo): check that the file glibc would read is a zoneinfo file. A
	 * leading ':' is POSIX's "implementation-defined" form: glibc reads the name after it
	 * as a file, absolute or under the zoneinfo directory. */
	const char *name = tz[0] == ':' ? tz + 1 : tz;
	if (strcmp(name, "UTC") != 0) {
		if (!*name)
			return -EINVAL;
		snprintf(path, sizeof(path), "%s%s", name[0] == '/' ? "" : "/usr/share/zoneinfo/", name);
		FILE *f = fopen(path, "rb");
		if (!f)
			return -EINVAL;
		char magic[4];
		bool zoneinfo =
		        fread(magic, 1, sizeof(magic), f) == sizeof(magic) && memcmp(magic, "TZif", 4) == 0;
		fclose(f);
		if (!zoneinfo)
			return -EINVAL;
	}
	setenv("TZ", tz, 1);
	tzset();
	return 0;
}
