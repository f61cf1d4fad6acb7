/* Opening hours: parsing "08:00-13:00, 14:30-18:00" and deciding, for a local time,
 * whether the office (and a service) is open, may still issue tickets, and when it
 * opens next. Pure: no clock, no I/O; the caller passes the local broken-down time. */
#ifndef TURNO_HOURS_H
#define TURNO_HOURS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define TURNO_HOURS_MAX_RANGES 4
#define TURNO_HOURS_MAX_CLOSED 64

struct turno_time_range {
	int start_min; /* minutes after local midnight, inclusive */
	int end_min;   /* exclusive */
};

struct turno_day_hours {
	bool set;  /* given in the configuration (a service without it inherits the office's) */
	int count; /* 0 = closed that day */
	struct turno_time_range range[TURNO_HOURS_MAX_RANGES];
};

struct turno_closed_date {
	int year; /* 0 = every year (e.g. 12-25) */
	int month, day;
};

/* Days are indexed Monday = 0 … Sunday = 6. */
struct turno_week_hours {
	struct turno_day_hours day[7];
};

struct turno_hours {
	struct turno_week_hours week;
	struct turno_closed_date closed[TURNO_HOURS_MAX_CLOSED];
	int closed_count;
	int last_ticket_minutes; /* no new tickets this many minutes before a closing */
};

/* Parses "08:00-13:00", "08:00-13:00, 14:30-18:00" or "closed". On error returns
 * -EINVAL and writes a sentence saying what is wrong and how to write it into err. */
int turno_hours_parse_day(const char *text, struct turno_day_hours *out, char *err, size_t err_len);
/* Parses "2026-12-25, 01-06, …" (a date or, without year, every year), appending. */
int turno_hours_parse_closed(const char *text, struct turno_hours *hours, char *err, size_t err_len);
/* Formats a day as "08:00-13:00, 14:30-18:00" or "closed"; returns out. */
char *turno_day_hours_format(const struct turno_day_hours *day, char *out, size_t out_len);

/* Monday = 0 index of a struct tm. */
int turno_tm_weekday(const struct tm *local);
bool turno_hours_is_closed_date(const struct turno_hours *hours, const struct tm *local);
/* The hours that apply on that local day (closed dates give an empty day). A service's
 * own hours, when set for that weekday, replace the office's. service_own may be NULL. */
struct turno_day_hours turno_hours_for_day(const struct turno_hours *office,
                                           const struct turno_week_hours *service_own,
                                           const struct tm *local);
bool turno_hours_is_open(const struct turno_hours *office, const struct turno_week_hours *service_own,
                         const struct tm *local);
/* 0 when a ticket may be issued now; TURNO_E_CLOSED (office closed), TURNO_E_LAST_TICKET
 * (within last_ticket_minutes of the end of the current range) or TURNO_E_SERVICE_HOURS
 * (office open, service not). */
int turno_hours_check_issue(const struct turno_hours *office, const struct turno_week_hours *service_own,
                            const struct tm *local);
/* The next local time (from now, exclusive of the current open range) at which tickets
 * can be issued: fills out (with tm_wday/tm_mday set) and returns 0, or -ENOENT when
 * the office never opens within a year. */
int turno_hours_next_opening(const struct turno_hours *office, const struct tm *local, struct tm *out);
/* Minute of the day the office closes today for good (end of the last range), -1 if closed. */
int turno_hours_closing_minute(const struct turno_hours *office, const struct tm *local);

#endif
