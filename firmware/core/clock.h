/* The one clock every reader of time goes through, so tests can drive it.
 *
 * A Raspberry Pi has no real-time clock: until NTP syncs the wall clock can be far
 * off, and then it jumps. Durations are therefore measured on the monotonic clock
 * whenever both ends fall in the same boot (turno_clock_stamp), and the wall time is
 * only trusted for dates. The clock never sleeps and never logs. */
#ifndef TURNO_CLOCK_H
#define TURNO_CLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct turno_clock;

/* A point in time as the engine records it. */
struct turno_stamp {
	int64_t wall_ms;  /* UTC milliseconds since the epoch (may be wrong before NTP) */
	int64_t mono_ms;  /* CLOCK_MONOTONIC milliseconds, meaningful only within boot_id */
	char boot_id[40]; /* identifies the boot the monotonic value belongs to */
	bool synced;      /* the wall clock was known to be synchronised */
};

/* The system clock (CLOCK_REALTIME, CLOCK_MONOTONIC, the kernel's NTP state).
 * Free with turno_clock_free(). */
struct turno_clock *turno_clock_new_system(void);
/* A clock that moves only when told (tests, the soak's accelerated office days).
 * Starts at wall_ms, monotonic 0, boot "manual-1", synchronised. */
struct turno_clock *turno_clock_new_manual(int64_t wall_ms);
/* A clock running factor times faster than CLOCK_MONOTONIC: at the monotonic instant
 * anchor_mono_ms it reads wall_ms, and both its readings then advance factor ms per
 * real ms (the soak's accelerated month through the real kiosk; TURNO_TEST_CLOCK).
 * Its boot is "scaled-<anchor>", synchronised. Free with turno_clock_free(). */
struct turno_clock *turno_clock_new_scaled(int64_t wall_ms, double factor, int64_t anchor_mono_ms);
void turno_clock_free(struct turno_clock *clock);

struct turno_stamp turno_clock_now(struct turno_clock *clock);
int64_t turno_clock_wall_ms(struct turno_clock *clock);
int64_t turno_clock_mono_ms(struct turno_clock *clock);

/* Real milliseconds to sleep for ms to pass on this clock: ms itself, except on a
 * scaled clock (rounded up, so a deadline is never woken for too early). */
int64_t turno_clock_real_ms(struct turno_clock *clock, int64_t ms);

/* Manual clocks only (no effect on the system clock). */
void turno_clock_advance(struct turno_clock *clock, int64_t ms);         /* both clocks move */
void turno_clock_jump_wall(struct turno_clock *clock, int64_t delta_ms); /* wall only: NTP step */
void turno_clock_set_synced(struct turno_clock *clock, bool synced);
void turno_clock_reboot(struct turno_clock *clock); /* new boot id, monotonic restarts at 0 */

/* Seconds from a to b, safe across clock jumps and reboots: the monotonic difference
 * when both stamps are from the same boot, else the wall difference; clamped to
 * [0, max_seconds]. */
int64_t turno_stamp_seconds_between(const struct turno_stamp *a, const struct turno_stamp *b,
                                    int64_t max_seconds);

/* Local (office time zone, from TZ) broken-down time of a UTC millisecond value. */
void turno_local_tm(int64_t wall_ms, struct tm *out);
/* "YYYY-MM-DD" of the local date. */
void turno_local_date(int64_t wall_ms, char out[11]);
/* Sets the process time zone (e.g. "Europe/Rome"); 0 or -EINVAL if unknown. */
int turno_set_timezone(const char *tz);

#endif
