/* Aggregation of tickets into report groups (a service, a day, an hour, …) and the
 * figures staff read: counts by outcome, waits (mean, median, 90th percentile, max),
 * service times and the share called within the carta dei servizi's target.
 * Pure: tickets come in as plain rows, one at a time, in any order.
 *
 * Which tickets each figure counts (the README's "What the figures mean" explains them to staff):
 *   issued       every ticket issued in the range
 *   served       completed at a counter
 *   no_show      called, did not come
 *   expired      never called before closing
 *   transferred  moved to another service at least once
 *   pending      still waiting or at a counter when the report ran
 *   waits        every ticket whose last queue ended in a call: completed, no-show, at a counter
 *                (a ticket transferred and then left waiting or expired has no whole wait)
 *   within target: of those, the ones whose wait was at most the service's target
 *   service times: completed tickets
 *
 * turno_agg_new() returns an object to free with turno_agg_free(). */
#ifndef TURNO_REPORT_AGGREGATE_H
#define TURNO_REPORT_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum turno_report_state {
	TURNO_REPORT_WAITING,
	TURNO_REPORT_CALLED,
	TURNO_REPORT_COMPLETED,
	TURNO_REPORT_NO_SHOW,
	TURNO_REPORT_EXPIRED,
};

/* One ticket as a report sees it (a row of the tickets table plus what is derived). */
struct turno_report_row {
	int64_t id;
	char day[11]; /* business day */
	char label[8];
	char prefix;  /* service it was issued for */
	char service; /* current service (after transfers) */
	bool priority;
	enum turno_report_state state;
	int counter;           /* 0 = none */
	char issued_local[20]; /* office local time */
	int64_t local_days;    /* issued_local's date as days since 1970-01-01 */
	int local_minute;      /* issued_local's minute of the day */
	int64_t issued_utc_ms;
	int64_t called_utc_ms;   /* last call; 0 = never */
	int64_t finished_utc_ms; /* 0 = not finished */
	int wait_s;              /* -1 = never called */
	int service_s;           /* -1 = not completed */
	int recalls;
	int transfers;
	char print_state[12];
};

enum turno_group_by {
	TURNO_BY_ALL,     /* one group: key 0 */
	TURNO_BY_DAY,     /* key: days since 1970-01-01 */
	TURNO_BY_WEEK,    /* key: ISO year × 100 + ISO week */
	TURNO_BY_MONTH,   /* key: year × 100 + month */
	TURNO_BY_WEEKDAY, /* key: 0 = Monday … 6 = Sunday */
	TURNO_BY_HOUR,    /* key: 0…23, local hour of issue */
	TURNO_BY_COUNTER, /* key: counter id, 0 = never called */
	TURNO_BY_SERVICE, /* key: the current service letter */
};

/* The ticket's whole wait in seconds, or -1 when it has none (never called, or its
 * last queue did not end in a call). Every wait figure uses this. */
int turno_report_row_wait(const struct turno_report_row *row);

/* The group a ticket falls in. */
int64_t turno_group_key(enum turno_group_by by, const struct turno_report_row *row);
/* Parses "day", "week", …; returns 0 or -EINVAL. */
int turno_group_by_parse(const char *text, enum turno_group_by *out);
const char *turno_group_by_name(enum turno_group_by by);

struct turno_figures {
	int64_t key;
	int issued, served, no_show, expired, transferred, pending;
	int wait_n;         /* tickets with a known wait */
	double wait_mean_s; /* the figures below are -1 when wait_n is 0 */
	int wait_median_s, wait_p90_s, wait_max_s;
	int service_n;
	double service_mean_s; /* -1 when service_n is 0 */
	int service_median_s;
	int target_n; /* tickets with a known wait whose service has a target */
	int within_target;
	double within_target_pct; /* 100 × within_target / target_n; -1 when target_n is 0 */
};

struct turno_agg;

struct turno_agg *turno_agg_new(void);
void turno_agg_free(struct turno_agg *agg);
/* Counts a ticket in the group key. target_wait_s is its service's target (0 = none).
 * Returns 0 or -ENOMEM. */
int turno_agg_add(struct turno_agg *agg, int64_t key, const struct turno_report_row *row, int target_wait_s);
/* Makes the group exist even with no tickets (a closed day still gets a row). */
int turno_agg_touch(struct turno_agg *agg, int64_t key);
/* Sorts and computes every group's figures; call once after the last add. */
int turno_agg_finish(struct turno_agg *agg);
/* Groups in ascending key order; valid after turno_agg_finish() until the free. */
size_t turno_agg_count(const struct turno_agg *agg);
const struct turno_figures *turno_agg_group(const struct turno_agg *agg, size_t index);
/* NULL when the group does not exist. */
const struct turno_figures *turno_agg_find(const struct turno_agg *agg, int64_t key);
/* The sorted waits of a group (after finish), for charts. */
const int *turno_agg_waits(const struct turno_agg *agg, size_t index, size_t *n);

#endif
