/* One bit set per day of the period for what was open (hours, bands, the day), from the
 * configuration and from the tickets; the figures per cell come from one turno_agg keyed
 * by weekday and cell, so means and percentiles are computed exactly as in the summary. */
#include "report/orari.h"

#include "report/calendar.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOON_SPLIT (14 * 60)      /* where a continuous day's afternoon begins */
#define AFTERNOON_START (13 * 60) /* a range starting from here on is an afternoon */
#define CONTINUOUS_END (15 * 60)  /* a range starting earlier and ending after this is split */

/* Bits of a day's mask: 0…23 the hours, then the bands, then the whole day. */
#define BAND_BIT(band) (24 + (int)(band))
#define DAY_BIT 30
/* Keys of the aggregate: weekday × 32 + the same slot numbers as the bits. */
#define KEY(weekday, slot) ((int64_t)(weekday)*32 + (slot))

struct turno_orari {
	const struct turno_hours *hours;
	int64_t from_days, to_days;
	uint32_t *open; /* to_days - from_days + 1 masks */
	struct turno_agg *agg;
	int total;
	int64_t cached_day; /* the day whose hours are in cached_hours */
	struct turno_day_hours cached_hours;
};

static bool is_continuous(const struct turno_time_range *range)
{
	return range->start_min < AFTERNOON_START && range->end_min > CONTINUOUS_END;
}

static enum turno_band range_band(const struct turno_time_range *range, int minute)
{
	if (is_continuous(range))
		return minute < NOON_SPLIT ? TURNO_BAND_MORNING : TURNO_BAND_AFTERNOON;
	return range->start_min < AFTERNOON_START ? TURNO_BAND_MORNING : TURNO_BAND_AFTERNOON;
}

enum turno_band turno_band_of(const struct turno_day_hours *day, int minute_of_day)
{
	for (int r = 0; day && r < day->count; r++) {
		const struct turno_time_range *range = &day->range[r];
		if (minute_of_day >= range->start_min && minute_of_day < range->end_min)
			return range_band(range, minute_of_day);
	}
	return minute_of_day < NOON_SPLIT ? TURNO_BAND_MORNING : TURNO_BAND_AFTERNOON;
}

/* The part of a range in band: [*start, *end); false when there is none. */
static bool range_part(const struct turno_time_range *range, enum turno_band band, int *start, int *end)
{
	if (range->end_min <= range->start_min)
		return false;
	if (is_continuous(range)) {
		*start = band == TURNO_BAND_MORNING ? range->start_min : NOON_SPLIT;
		*end = band == TURNO_BAND_MORNING ? NOON_SPLIT : range->end_min;
		return true;
	}
	*start = range->start_min;
	*end = range->end_min;
	return range_band(range, range->start_min) == band;
}

bool turno_band_hours(const struct turno_day_hours *day, enum turno_band band, int *start_min, int *end_min)
{
	bool any = false;
	for (int r = 0; day && r < day->count; r++) {
		int start, end;
		if (!range_part(&day->range[r], band, &start, &end))
			continue;
		if (!any || start < *start_min)
			*start_min = start;
		if (!any || end > *end_min)
			*end_min = end;
		any = true;
	}
	if (!any)
		*start_min = *end_min = -1;
	return any;
}

const char *turno_band_key(enum turno_band band)
{
	switch (band) {
	case TURNO_BAND_MORNING:
		return "morning";
	case TURNO_BAND_AFTERNOON:
		return "afternoon";
	}
	return "?";
}

/* The hours that applied on a date: the week's, or none on a closed date. */
static struct turno_day_hours hours_on(const struct turno_hours *hours, int64_t days)
{
	struct turno_day_hours none = {0};
	if (!hours)
		return none;
	struct turno_date d = turno_cal_from_days(days);
	struct tm tm = {.tm_year = d.year - 1900, .tm_mon = d.month - 1, .tm_mday = d.day};
	tm.tm_wday = (turno_cal_weekday(days) + 1) % 7; /* struct tm: Sunday = 0 */
	return turno_hours_for_day(hours, NULL, &tm);
}

/* What the configured hours open on a day, as a mask. */
static uint32_t open_mask(const struct turno_day_hours *day)
{
	uint32_t mask = 0;
	for (int r = 0; r < day->count; r++) {
		const struct turno_time_range *range = &day->range[r];
		if (range->end_min <= range->start_min)
			continue;
		mask |= 1u << DAY_BIT;
		for (int h = range->start_min / 60; h < 24 && h * 60 < range->end_min; h++)
			mask |= 1u << h;
		for (int b = 0; b < TURNO_BANDS; b++) {
			int start, end;
			if (range_part(range, (enum turno_band)b, &start, &end))
				mask |= 1u << BAND_BIT(b);
		}
	}
	return mask;
}

struct turno_orari *turno_orari_new(const struct turno_hours *hours, int64_t from_days, int64_t to_days,
                                    int64_t open_until_days)
{
	if (to_days < from_days)
		to_days = from_days - 1; /* an empty period: no day counts */
	struct turno_orari *o = calloc(1, sizeof(*o));
	if (!o)
		return NULL;
	o->hours = hours;
	o->from_days = from_days;
	o->to_days = to_days;
	o->cached_day = INT64_MIN;
	size_t n = (size_t)(to_days - from_days + 1);
	o->open = calloc(n ? n : 1, sizeof(*o->open));
	o->agg = turno_agg_new();
	if (!o->open || !o->agg) {
		turno_orari_free(o);
		return NULL;
	}
	for (int64_t day = from_days; hours && day <= to_days && day <= open_until_days; day++) {
		struct turno_day_hours h = hours_on(hours, day);
		o->open[day - from_days] = open_mask(&h);
	}
	return o;
}

void turno_orari_free(struct turno_orari *o)
{
	if (!o)
		return;
	free(o->open);
	turno_agg_free(o->agg);
	free(o);
}

int turno_orari_add(struct turno_orari *o, const struct turno_report_row *row, int target_wait_s)
{
	if (row->local_days < o->from_days || row->local_days > o->to_days)
		return 0;
	if (row->local_days != o->cached_day) {
		o->cached_hours = hours_on(o->hours, row->local_days);
		o->cached_day = row->local_days;
	}
	int weekday = turno_cal_weekday(row->local_days);
	int hour = row->local_minute / 60;
	if (hour < 0 || hour > 23)
		return 0;
	enum turno_band band = turno_band_of(&o->cached_hours, row->local_minute);
	o->open[row->local_days - o->from_days] |= 1u << hour | 1u << BAND_BIT(band) | 1u << DAY_BIT;
	o->total++;
	int rc = turno_agg_add(o->agg, KEY(weekday, hour), row, target_wait_s);
	if (rc == 0)
		rc = turno_agg_add(o->agg, KEY(weekday, BAND_BIT(band)), row, target_wait_s);
	if (rc == 0)
		rc = turno_agg_add(o->agg, KEY(weekday, DAY_BIT), row, target_wait_s);
	return rc;
}

static void fill_cell(struct turno_orari_cell *cell, const struct turno_agg *agg, int64_t key, int days,
                      int total)
{
	const struct turno_figures *f = turno_agg_find(agg, key);
	memset(&cell->fig, 0, sizeof(cell->fig));
	cell->fig.key = key;
	if (f) {
		cell->fig = *f;
	} else {
		cell->fig.wait_mean_s = cell->fig.service_mean_s = cell->fig.within_target_pct = -1;
		cell->fig.wait_median_s = cell->fig.wait_p90_s = cell->fig.wait_max_s = -1;
		cell->fig.service_median_s = -1;
	}
	cell->days = days;
	cell->per_day = days > 0 ? (double)cell->fig.issued / days : -1;
	cell->share_pct = total > 0 ? 100.0 * cell->fig.issued / total : -1;
}

int turno_orari_finish(struct turno_orari *o, struct turno_orari_result *out)
{
	memset(out, 0, sizeof(*out));
	if (turno_agg_finish(o->agg) < 0)
		return -ENOMEM;
	int days[7][32] = {{0}};
	for (int64_t day = o->from_days; day <= o->to_days; day++) {
		uint32_t mask = o->open[day - o->from_days];
		int weekday = turno_cal_weekday(day);
		for (int bit = 0; bit < 32; bit++)
			if (mask & 1u << bit)
				days[weekday][bit]++;
		out->open_days += (mask & 1u << DAY_BIT) != 0;
	}
	out->total_arrivals = o->total;
	out->first_hour = out->last_hour = -1;
	for (int wd = 0; wd < 7; wd++) {
		const struct turno_day_hours *week = o->hours ? &o->hours->week.day[wd] : NULL;
		fill_cell(&out->day[wd], o->agg, KEY(wd, DAY_BIT), days[wd][DAY_BIT], o->total);
		out->day[wd].start_min = out->day[wd].end_min = -1;
		for (int r = 0; week && r < week->count; r++) {
			if (out->day[wd].start_min < 0 || week->range[r].start_min < out->day[wd].start_min)
				out->day[wd].start_min = week->range[r].start_min;
			if (week->range[r].end_min > out->day[wd].end_min)
				out->day[wd].end_min = week->range[r].end_min;
		}
		out->weekday_shown[wd] = out->day[wd].start_min >= 0 || out->day[wd].fig.issued > 0;
		for (int b = 0; b < TURNO_BANDS; b++) {
			struct turno_orari_cell *cell = &out->band[wd][b];
			fill_cell(cell, o->agg, KEY(wd, BAND_BIT(b)), days[wd][BAND_BIT(b)], o->total);
			cell->band = (enum turno_band)b;
			turno_band_hours(week, (enum turno_band)b, &cell->start_min, &cell->end_min);
		}
		for (int h = 0; h < 24; h++) {
			struct turno_orari_cell *cell = &out->hour[wd][h];
			fill_cell(cell, o->agg, KEY(wd, h), days[wd][h], o->total);
			cell->start_min = cell->end_min = -1;
			for (int r = 0; week && r < week->count; r++) {
				int start =
				        week->range[r].start_min > h * 60 ? week->range[r].start_min : h * 60;
				int end = week->range[r].end_min < (h + 1) * 60 ? week->range[r].end_min
				                                                : (h + 1) * 60;
				if (start < end) {
					if (cell->start_min < 0 || start < cell->start_min)
						cell->start_min = start;
					if (end > cell->end_min)
						cell->end_min = end;
				}
			}
			cell->band = turno_band_of(week, cell->start_min >= 0 ? cell->start_min : h * 60);
			if (cell->start_min >= 0 || cell->fig.issued > 0) {
				if (out->first_hour < 0 || h < out->first_hour)
					out->first_hour = h;
				if (h > out->last_hour)
					out->last_hour = h;
			}
		}
	}
	return 0;
}

bool turno_orari_band_shown(const struct turno_orari_result *result, int weekday, enum turno_band band)
{
	if (weekday < 0 || weekday > 6)
		return false;
	const struct turno_orari_cell *cell = &result->band[weekday][band];
	return cell->start_min >= 0 || cell->fig.issued > 0;
}
