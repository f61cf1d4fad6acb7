/* The queue engine's writes at a change of business day (core/businessday.h decides):
 * correcting the stamps of tickets taken before the clock stepped, filing them under the
 * day they were really issued on, and ending the leftovers of earlier days. Called only
 * by the engine, inside its transaction; SQL on tickets, with each change's event
 * written through the engine's sink. Never logs. */
#ifndef TURNO_DAYCHANGE_H
#define TURNO_DAYCHANGE_H

#include "core/clock.h"

#include <stdint.h>

struct turno_store;

/* The engine's event writer (it stamps and numbers the event). 0 or TURNO_E_DB. */
struct turno_daychange_events {
	int (*add)(void *user, int64_t ticket_id, const char *kind, const char *label, char service,
	           int counter, const char *detail);
	void *user;
};

/* With a synchronised clock: tickets filed under business_day that this boot stamped
 * while unsynchronised, and that the clock has stepped away from since, get their issue
 * (and queue, call) times corrected and, when the true date differs, are filed under
 * it — unless that day already holds their number, then they stay where they are (a
 * `redated` event each). Returns how many were corrected, or TURNO_E_DB. */
int turno_daychange_correct(struct turno_store *store, const char *business_day,
                            const struct turno_stamp *now, const struct turno_daychange_events *events);

/* At a new business day: every ticket still waiting or at a counter that was not issued
 * on new_day ends — waiting ones expire, one at a counter is completed (event detail
 * "end of day") — while one this boot shows was issued on new_day is kept and filed
 * under it (turno_business_day_fate). Returns how many ended, or TURNO_E_DB. */
int turno_daychange_end_leftovers(struct turno_store *store, const char *new_day,
                                  const struct turno_stamp *now, const struct turno_daychange_events *events);

#endif
