/* What a business day is when the clock may be wrong. Pure decisions, no clock read, no
 * database: the queue engine asks, then writes.
 *
 * A Raspberry Pi has no real-time clock: it boots with the time it saved at shutdown
 * (fake-hwclock: yesterday 18:05, unsynchronised), and minutes later NTP steps it to
 * today 08:01. Or it boots a day ahead and NTP steps it back. The rules:
 *
 * - The business day moves forward whenever the local date does, synchronised or not
 *   (an office without network still gets a new day at midnight); backward only when a
 *   synchronised clock corrects a day chosen by an unsynchronised one.
 * - A synchronised clock that meets a day chosen unsynchronised also confirms it: the
 *   stamps taken unsynchronised in this boot are corrected by the step the clock made
 *   since (the monotonic clock does not step), and each ticket is filed under the day
 *   it was really issued on (turno_business_day_step_ms, turno_business_day_fate).
 * - Numbers never go back to one while a ticket with that number still waits (the
 *   engine numbers after every live ticket of the letter), so no step, forward or back,
 *   can put two citizens with the same number in the queue.
 *
 * Dates are "YYYY-MM-DD" strings (they compare as text). */
#ifndef TURNO_BUSINESSDAY_H
#define TURNO_BUSINESSDAY_H

#include "core/clock.h"

#include <stdbool.h>
#include <stdint.h>

/* What the database remembers of the current business day. */
struct turno_business_day {
	char day[11]; /* "" before the first operation */
	bool synced;  /* chosen by a synchronised clock */
};

enum turno_day_change {
	TURNO_DAY_KEEP,    /* the same business day, nothing to do */
	TURNO_DAY_CONFIRM, /* the same day, now vouched for by a synchronised clock: correct
	                    * this boot's stamps (turno_business_day_step_ms); nothing restarts */
	TURNO_DAY_NEW,     /* another day: numbers restart, correct this boot's stamps, then
	                    * judge every ticket still live (turno_business_day_fate) */
};

/* What a clock reading (its local date, whether it is synchronised) does to the day. */
enum turno_day_change turno_business_day_decide(const struct turno_business_day *current,
                                                const char *date_now, bool synced_now);

/* Steps below this are drift, not a clock being set: stamps are left alone. */
#define TURNO_CLOCK_STEP_MIN_MS 2000

/* How far the wall clock stepped between a stamp taken earlier (then_wall_ms,
 * then_mono_ms, then_boot) and now, measured against the monotonic clock, which does not
 * step: the stamp's true wall time is then_wall_ms + *step_ms. false when the stamp is
 * from another boot (nothing to measure against); *step_ms is 0 when the step is below
 * TURNO_CLOCK_STEP_MIN_MS. */
bool turno_business_day_step_ms(int64_t then_wall_ms, int64_t then_mono_ms, const char *then_boot,
                                const struct turno_stamp *now, int64_t *step_ms);

enum turno_ticket_fate {
	TURNO_FATE_KEEP,   /* it belongs to the new day: it stays in the queue */
	TURNO_FATE_REFILE, /* it belongs to the new day but is filed under another: move it */
	TURNO_FATE_END,    /* a leftover of an earlier day: it expires (or, at a counter, completes) */
};

/* At a new business day, for a ticket still waiting or at a counter, filed under
 * filed_day. true_day is the local date it was really issued on when that is known (it
 * was issued with a synchronised clock, or this boot measured the step since), else
 * NULL: then its filed day stands for it. Only a synchronised clock ends or moves
 * anything: an unsynchronised one that runs ahead must not expire a morning's queue. */
enum turno_ticket_fate turno_business_day_fate(const char *filed_day, const char *true_day,
                                               const char *new_day, bool synced_now);

#endif
