/* Binning by weekday and hour of the office's local clock (the stored issued_local), so
 * the hour after a DST change is the hour people saw on the wall. */
#include "report/heatmap.h"

void turno_heatmap_add(struct turno_heatmap *map, int weekday, int minute_of_day, int wait_s)
{
	int hour = minute_of_day / 60;
	if (weekday < 0 || weekday > 6 || hour < 0 || hour > 23)
		return;
	map->arrivals[weekday][hour]++;
	if (wait_s >= 0) {
		map->wait_sum_s[weekday][hour] += wait_s;
		map->wait_n[weekday][hour]++;
	}
}

double turno_heatmap_mean_wait(const struct turno_heatmap *map, int weekday, int hour)
{
	if (weekday < 0 || weekday > 6 || hour < 0 || hour > 23 || map->wait_n[weekday][hour] == 0)
		return -1;
	return (double)map->wait_sum_s[weekday][hour] / map->wait_n[weekday][hour];
}

static void widen(struct turno_heatmap_layout *layout, int first, int last)
{
	if (layout->first_hour < 0 || first < layout->first_hour)
		layout->first_hour = first;
	if (last > layout->last_hour)
		layout->last_hour = last;
}

struct turno_heatmap_layout turno_heatmap_layout(const struct turno_heatmap *map,
                                                 const struct turno_hours *hours)
{
	struct turno_heatmap_layout layout = {.first_hour = -1, .last_hour = -1};
	for (int wd = 0; wd < 7; wd++) {
		const struct turno_day_hours *day = hours ? &hours->week.day[wd] : NULL;
		for (int r = 0; day && r < day->count; r++) {
			const struct turno_time_range *range = &day->range[r];
			if (range->end_min <= range->start_min)
				continue;
			layout.row[wd] = true;
			/* 14:30-18:00 covers the hours 14…17; the end is exclusive. */
			widen(&layout, range->start_min / 60, (range->end_min - 1) / 60);
		}
		for (int h = 0; h < 24; h++) {
			if (map->arrivals[wd][h] > 0) {
				layout.row[wd] = true;
				widen(&layout, h, h);
			}
		}
	}
	return layout;
}
