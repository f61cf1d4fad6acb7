/* Business-day decisions. Pure. */
#include "core/businessday.h"

#include <string.h>

enum turno_day_change turno_business_day_decide(const struct turno_business_day *current,
                                                const char *date_now, bool synced_now)
{
	if (!current->day[0])
		return TURNO_DAY_NEW;
	int cmp = strcmp(date_now, current->day);
	if (cmp > 0)
		return TURNO_DAY_NEW;
	/* Not forward. Only a synchronised clock may overrule a day an unsynchronised one
	 * chose: a clock that steps back on its own (a bad NTP source, a person with `date`)
	 * must not start the numbers a second time. */
	if (!synced_now || current->synced)
		return TURNO_DAY_KEEP;
	return cmp < 0 ? TURNO_DAY_NEW : TURNO_DAY_CONFIRM;
}

bool turno_business_day_step_ms(int64_t then_wall_ms, int64_t then_mono_ms, const char *then_boot,
                                const struct turno_stamp *now, int64_t *step_ms)
{
	*step_ms = 0;
	if (!then_boot || !then_boot[0] || strcmp(then_boot, now->boot_id) != 0)
		return false;
	/* Wall minus monotonic is constant while nobody sets the clock. */
	int64_t step = (now->wall_ms - now->mono_ms) - (then_wall_ms - then_mono_ms);
	if (step > -TURNO_CLOCK_STEP_MIN_MS && step < TURNO_CLOCK_STEP_MIN_MS)
		step = 0;
	*step_ms = step;
	return true;
}

enum turno_ticket_fate turno_business_day_fate(const char *filed_day, const char *true_day,
                                               const char *new_day, bool synced_now)
{
	/* An unsynchronised clock that runs ahead must not expire a morning's queue, nor
	 * move a ticket by a day it only imagines. */
	if (!synced_now)
		return TURNO_FATE_KEEP;
	const char *day = true_day ? true_day : filed_day;
	if (strcmp(day, new_day) != 0)
		return TURNO_FATE_END;
	return strcmp(filed_day, new_day) == 0 ? TURNO_FATE_KEEP : TURNO_FATE_REFILE;
}
