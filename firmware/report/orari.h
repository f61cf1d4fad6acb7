/* The opening-hours analysis ("Orari"): for each weekday and time band (morning,
 * afternoon, and hour by hour), over the opening days of a period, how many people come
 * on an average opening day, what share of all users that is, how long they wait (mean,
 * 90th percentile, within the standard) and how many days were counted. It answers
 * "should we close on Thursday afternoons?": 6 people per afternoon, 9.5 % of users.
 *
 * Pure: tickets come in as report rows (report/aggregate.h), in any order; the
 * configured opening hours say which days each band was open. The figures of a band are
 * those of turno_agg, so they agree with the summary report ticket for ticket.
 *
 * Which days count: a day of the period counts for a weekday's band (or hour) when the
 * configured hours open it that day (closed dates excluded) and the day is not after
 * open_until_days (a period still running), or when tickets were issued in it anyway
 * (the hours changed since, or the office opened on a closed date).
 *
 * Bands: a range of opening hours that starts before 13:00 is morning, one starting
 * later is afternoon; a continuous day (starting before 13:00, ending after 15:00) is
 * split at 14:00. A ticket outside every range is morning before 14:00.
 *
 * turno_orari_new() returns an object to free with turno_orari_free(); the result is
 * plain data owned by the caller. */
#ifndef TURNO_REPORT_ORARI_H
#define TURNO_REPORT_ORARI_H

#include "core/hours.h"
#include "report/aggregate.h"

#include <stdbool.h>
#include <stdint.h>

enum turno_band {
	TURNO_BAND_MORNING,
	TURNO_BAND_AFTERNOON,
};
#define TURNO_BANDS 2

/* The band a minute of the day is in, given that day's opening ranges. */
enum turno_band turno_band_of(const struct turno_day_hours *day, int minute_of_day);
/* The opening hours of a band on a day: the first start and last end of the parts of
 * the ranges in it. false when the band is closed that day. */
bool turno_band_hours(const struct turno_day_hours *day, enum turno_band band, int *start_min, int *end_min);
/* "morning" / "afternoon": the stable JSON word. */
const char *turno_band_key(enum turno_band band);

struct turno_orari_cell {
	int days;                 /* opening days counted */
	double per_day;           /* arrivals per opening day; -1 when days is 0 */
	double share_pct;         /* of every ticket of the period; -1 when the period has none */
	int start_min, end_min;   /* configured opening hours inside the cell; -1 when closed */
	enum turno_band band;     /* an hour's band (by its opening, else by the clock) */
	struct turno_figures fig; /* issued = arrivals; waits and within target as the summary's */
};

struct turno_orari_result {
	int total_arrivals;
	int open_days;             /* days of the period with any opening counted */
	bool weekday_shown[7];     /* open by the hours, or with tickets */
	int first_hour, last_hour; /* hour cells worth showing; -1 when none */
	struct turno_orari_cell day[7];
	struct turno_orari_cell band[7][TURNO_BANDS];
	struct turno_orari_cell hour[7][24];
};

struct turno_orari;

/* hours may be NULL (no configuration: only days with tickets count). The period is
 * [from_days, to_days]; configured openings count up to open_until_days included. */
struct turno_orari *turno_orari_new(const struct turno_hours *hours, int64_t from_days, int64_t to_days,
                                    int64_t open_until_days);
void turno_orari_free(struct turno_orari *orari);
/* Counts a ticket (one outside the period is ignored). target_wait_s: its service's
 * target, 0 = none. Returns 0 or -ENOMEM. */
int turno_orari_add(struct turno_orari *orari, const struct turno_report_row *row, int target_wait_s);
/* Computes every cell into out. Call once, after the last add. Returns 0 or -ENOMEM. */
int turno_orari_finish(struct turno_orari *orari, struct turno_orari_result *out);
/* Whether a band cell is worth a row: open by the hours, or with tickets. */
bool turno_orari_band_shown(const struct turno_orari_result *result, int weekday, enum turno_band band);

#endif
