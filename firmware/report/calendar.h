/* Calendar arithmetic for reports: dates as day numbers, weekdays, ISO weeks, and the
 * office-local "YYYY-MM-DD HH:MM:SS" the engine stores at issue. Pure: no time zone,
 * no clock; local times are already local, so a DST day is just a day with 23 or 25
 * hours of wall time and needs no conversion here. */
#ifndef TURNO_REPORT_CALENDAR_H
#define TURNO_REPORT_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

struct turno_date {
	int year, month, day;
};

/* Days since 1970-01-01 of a proleptic Gregorian date (negative before). */
int64_t turno_cal_days(int year, int month, int day);
struct turno_date turno_cal_from_days(int64_t days);
/* Monday = 0 … Sunday = 6, as firmware/core/hours.h counts them. */
int turno_cal_weekday(int64_t days);
/* ISO 8601 week: week 1 holds the year's first Thursday. */
void turno_cal_iso_week(int64_t days, int *iso_year, int *week);
int turno_cal_days_in_month(int year, int month);

/* Parses exactly "YYYY-MM-DD" (a real date). 0 or -EINVAL. */
int turno_cal_parse_date(const char *text, struct turno_date *out);
/* Writes "YYYY-MM-DD" into out[11]. */
void turno_cal_format_date(int64_t days, char out[11]);

/* Parses the stored "YYYY-MM-DD HH:MM:SS" into a day number and the minute of the day.
 * 0 or -EINVAL. Fast on purpose: it runs once per ticket of a report. */
int turno_cal_parse_local(const char *text, int64_t *days, int *minute_of_day);

#endif
