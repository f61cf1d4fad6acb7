/* Groups kept sorted by key in one array; the last group used is remembered, because
 * a scan in issue order hits the same day or hour many times in a row. */
#include "report/aggregate.h"

#include "report/calendar.h"
#include "report/stats.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct int_list {
	int *v;
	size_t n, cap;
};

struct group {
	struct turno_figures fig;
	struct int_list waits, services;
};

struct turno_agg {
	struct group *groups;
	size_t n, cap;
	size_t last;
	bool finished;
};

static const char *const group_names[] = {
        [TURNO_BY_ALL] = "all",         [TURNO_BY_DAY] = "day",         [TURNO_BY_WEEK] = "week",
        [TURNO_BY_MONTH] = "month",     [TURNO_BY_WEEKDAY] = "weekday", [TURNO_BY_HOUR] = "hour",
        [TURNO_BY_COUNTER] = "counter", [TURNO_BY_SERVICE] = "service",
};

int turno_group_by_parse(const char *text, enum turno_group_by *out)
{
	for (size_t i = 0; text && i < sizeof(group_names) / sizeof(group_names[0]); i++) {
		if (strcmp(text, group_names[i]) == 0) {
			*out = (enum turno_group_by)i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *turno_group_by_name(enum turno_group_by by)
{
	return group_names[by];
}

int turno_report_row_wait(const struct turno_report_row *row)
{
	/* A transferred ticket carries the wait of its first queue; only a ticket whose last
	 * queue ended in a call has its whole wait. */
	switch (row->state) {
	case TURNO_REPORT_CALLED:
	case TURNO_REPORT_COMPLETED:
	case TURNO_REPORT_NO_SHOW:
		return row->wait_s >= 0 ? row->wait_s : -1;
	case TURNO_REPORT_WAITING:
	case TURNO_REPORT_EXPIRED:
		break;
	}
	return -1;
}

int64_t turno_group_key(enum turno_group_by by, const struct turno_report_row *row)
{
	switch (by) {
	case TURNO_BY_ALL:
		return 0;
	case TURNO_BY_DAY:
		return row->local_days;
	case TURNO_BY_WEEK: {
		int year, week;
		turno_cal_iso_week(row->local_days, &year, &week);
		return (int64_t)year * 100 + week;
	}
	case TURNO_BY_MONTH: {
		struct turno_date d = turno_cal_from_days(row->local_days);
		return (int64_t)d.year * 100 + d.month;
	}
	case TURNO_BY_WEEKDAY:
		return turno_cal_weekday(row->local_days);
	case TURNO_BY_HOUR:
		return row->local_minute / 60;
	case TURNO_BY_COUNTER:
		return row->counter;
	case TURNO_BY_SERVICE:
		return (unsigned char)row->service;
	}
	return 0;
}

struct turno_agg *turno_agg_new(void)
{
	return calloc(1, sizeof(struct turno_agg));
}

void turno_agg_free(struct turno_agg *agg)
{
	if (!agg)
		return;
	for (size_t i = 0; i < agg->n; i++) {
		free(agg->groups[i].waits.v);
		free(agg->groups[i].services.v);
	}
	free(agg->groups);
	free(agg);
}

static int list_push(struct int_list *list, int value)
{
	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 64;
		int *v = realloc(list->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		list->v = v;
		list->cap = cap;
	}
	list->v[list->n++] = value;
	return 0;
}

/* Index of the first group whose key is not below key (groups are sorted by key). */
static size_t lower_bound(const struct turno_agg *agg, int64_t key)
{
	size_t lo = 0, hi = agg->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (agg->groups[mid].fig.key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The group with key, created in sorted position when missing; NULL on ENOMEM. */
static struct group *group_for(struct turno_agg *agg, int64_t key)
{
	if (agg->last < agg->n && agg->groups[agg->last].fig.key == key)
		return &agg->groups[agg->last];
	size_t lo = lower_bound(agg, key);
	if (lo == agg->n || agg->groups[lo].fig.key != key) {
		if (agg->n == agg->cap) {
			size_t cap = agg->cap ? agg->cap * 2 : 16;
			struct group *g = realloc(agg->groups, cap * sizeof(*g));
			if (!g)
				return NULL;
			agg->groups = g;
			agg->cap = cap;
		}
		memmove(&agg->groups[lo + 1], &agg->groups[lo], (agg->n - lo) * sizeof(*agg->groups));
		memset(&agg->groups[lo], 0, sizeof(*agg->groups));
		agg->groups[lo].fig.key = key;
		agg->n++;
	}
	agg->last = lo;
	return &agg->groups[lo];
}

int turno_agg_touch(struct turno_agg *agg, int64_t key)
{
	return group_for(agg, key) ? 0 : -ENOMEM;
}

int turno_agg_add(struct turno_agg *agg, int64_t key, const struct turno_report_row *row, int target_wait_s)
{
	struct group *g = group_for(agg, key);
	if (!g)
		return -ENOMEM;
	struct turno_figures *f = &g->fig;
	f->issued++;
	switch (row->state) {
	case TURNO_REPORT_WAITING:
	case TURNO_REPORT_CALLED:
		f->pending++;
		break;
	case TURNO_REPORT_COMPLETED:
		f->served++;
		break;
	case TURNO_REPORT_NO_SHOW:
		f->no_show++;
		break;
	case TURNO_REPORT_EXPIRED:
		f->expired++;
		break;
	}
	if (row->transfers > 0)
		f->transferred++;
	if (turno_report_row_wait(row) >= 0) {
		if (list_push(&g->waits, row->wait_s) < 0)
			return -ENOMEM;
		if (target_wait_s > 0) {
			f->target_n++;
			f->within_target += row->wait_s <= target_wait_s;
		}
	}
	if (row->state == TURNO_REPORT_COMPLETED && row->service_s >= 0 &&
	    list_push(&g->services, row->service_s) < 0)
		return -ENOMEM;
	return 0;
}

int turno_agg_finish(struct turno_agg *agg)
{
	for (size_t i = 0; i < agg->n; i++) {
		struct group *g = &agg->groups[i];
		struct turno_figures *f = &g->fig;
		if (turno_stats_sort(g->waits.v, g->waits.n) < 0 ||
		    turno_stats_sort(g->services.v, g->services.n) < 0)
			return -ENOMEM;
		f->wait_n = (int)g->waits.n;
		f->wait_mean_s = g->waits.n ? turno_stats_mean(g->waits.v, g->waits.n) : -1;
		f->wait_median_s = turno_stats_percentile(g->waits.v, g->waits.n, 50);
		f->wait_p90_s = turno_stats_percentile(g->waits.v, g->waits.n, 90);
		f->wait_max_s = g->waits.n ? g->waits.v[g->waits.n - 1] : -1;
		f->service_n = (int)g->services.n;
		f->service_mean_s = g->services.n ? turno_stats_mean(g->services.v, g->services.n) : -1;
		f->service_median_s = turno_stats_percentile(g->services.v, g->services.n, 50);
		f->within_target_pct = f->target_n ? 100.0 * f->within_target / f->target_n : -1;
	}
	agg->finished = true;
	return 0;
}

size_t turno_agg_count(const struct turno_agg *agg)
{
	return agg->n;
}

const struct turno_figures *turno_agg_group(const struct turno_agg *agg, size_t index)
{
	return index < agg->n ? &agg->groups[index].fig : NULL;
}

const struct turno_figures *turno_agg_find(const struct turno_agg *agg, int64_t key)
{
	size_t lo = lower_bound(agg, key);
	return lo < agg->n && agg->groups[lo].fig.key == key ? &agg->groups[lo].fig : NULL;
}

const int *turno_agg_waits(const struct turno_agg *agg, size_t index, size_t *n)
{
	if (index >= agg->n) {
		*n = 0;
		return NULL;
	}
	*n = agg->groups[index].waits.n;
	return agg->groups[index].waits.v;
}
