/* Opening-hours logic. Pure: the caller supplies local broken-down times. */
#include "core/hours.h"

#include "core/error.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *skip_space(const char *p)
{
	while (*p && isspace((unsigned char)*p))
		p++;
	return p;
}

/* Reads "HH:MM" (or "H:MM"); 24:00 is allowed as an end. */
static int parse_clock(const char **pp, int *minutes)
{
	const char *p = *pp;
	int h = 0, m = 0, digits = 0;
	while (isdigit((unsigned char)*p) && digits < 2) {
		h = h * 10 + (*p++ - '0');
		digits++;
	}
	if (!digits || *p != ':')
		return -EINVAL;
	p++;
	if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]))
		return -EINVAL;
	m = (p[0] - '0') * 10 + (p[1] - '0');
	p += 2;
	if (h > 24 || m > 59 || (h == 24 && m != 0))
		return -EINVAL;
	*minutes = h * 60 + m;
	*pp = p;
	return 0;
}

int turno_hours_parse_day(const char *text, struct turno_day_hours *out, char *err, size_t err_len)
{
	memset(out, 0, sizeof(*out));
	out->set = true;
	const char *p = skip_space(text);
	if (strncasecmp(p, "closed", 6) == 0 || strncasecmp(p, "chiuso", 6) == 0) {
		if (*skip_space(p + 6) == '\0')
			return 0;
	}
	if (*p == '\0') {
		snprintf(err, err_len, "empty hours: write e.g. 08:00-13:00, or closed");
		return -EINVAL;
	}
	while (*p) {
		struct turno_time_range r;
		p = skip_space(p);
		if (parse_clock(&p, &r.start_min) < 0 || *(p = skip_space(p)) != '-') {
			snprintf(err, err_len,
			         "\"%s\" is not a time range: write e.g. 08:00-13:00, 14:30-18:00", text);
			return -EINVAL;
		}
		p = skip_space(p + 1);
		if (parse_clock(&p, &r.end_min) < 0) {
			snprintf(err, err_len,
			         "\"%s\" is not a time range: write e.g. 08:00-13:00, 14:30-18:00", text);
			return -EINVAL;
		}
		if (r.start_min >= 24 * 60 || r.end_min <= r.start_min) {
			snprintf(err, err_len, "\"%s\": a range must end after it starts, within the day",
			         text);
			return -EINVAL;
		}
		if (out->count == TURNO_HOURS_MAX_RANGES) {
			snprintf(err, err_len, "\"%s\": at most %d ranges a day", text,
			         TURNO_HOURS_MAX_RANGES);
			return -EINVAL;
		}
		if (out->count > 0 && r.start_min < out->range[out->count - 1].end_min) {
			snprintf(err, err_len,
			         "\"%s\": ranges overlap or are out of order: list them from morning to "
			         "evening, "
			         "each starting after the previous one ends",
			         text);
			return -EINVAL;
		}
		out->range[out->count++] = r;
		p = skip_space(p);
		if (*p == ',')
			p++;
		else if (*p) {
			snprintf(err, err_len, "\"%s\": separate ranges with a comma", text);
			return -EINVAL;
		}
	}
	return 0;
}

static int days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		return 29;
	return days[month - 1];
}

int turno_hours_parse_closed(const char *text, struct turno_hours *hours, char *err, size_t err_len)
{
	const char *p = text;
	while (*(p = skip_space(p))) {
		int a = 0, b = 0, c = 0, n = 0;
		struct turno_closed_date d = {0};
		if (sscanf(p, "%4d-%2d-%2d%n", &a, &b, &c, &n) == 3 && n == 10) {
			d.year = a;
			d.month = b;
			d.day = c;
		} else if (sscanf(p, "%2d-%2d%n", &a, &b, &n) == 2 && n == 5) {
			d.month = a;
			d.day = b;
		} else {
			snprintf(err, err_len,
			         "\"%.40s\" is not a date: write 2026-12-24 or, for every year, 12-25", p);
			return -EINVAL;
		}
		if (d.month < 1 || d.month > 12 || d.day < 1 ||
		    d.day > days_in_month(d.year ? d.year : 2024, d.month)) {
			snprintf(err, err_len, "\"%.10s\" is not a real date", p);
			return -EINVAL;
		}
		if (hours->closed_count == TURNO_HOURS_MAX_CLOSED) {
			snprintf(err, err_len, "at most %d closed dates", TURNO_HOURS_MAX_CLOSED);
			return -EINVAL;
		}
		hours->closed[hours->closed_count++] = d;
		p = skip_space(p + n);
		if (*p == ',')
			p++;
		else if (*p) {
			snprintf(err, err_len, "separate closed dates with a comma");
			return -EINVAL;
		}
	}
	return 0;
}

char *turno_day_hours_format(const struct turno_day_hours *day, char *out, size_t out_len)
{
	size_t used = 0;
	out[0] = '\0';
	if (day->count == 0) {
		snprintf(out, out_len, "closed");
		return out;
	}
	for (int i = 0; i < day->count && used < out_len; i++) {
		const struct turno_time_range *r = &day->range[i];
		used += (size_t)snprintf(out + used, out_len - used, "%s%02d:%02d-%02d:%02d", i ? ", " : "",
		                         r->start_min / 60, r->start_min % 60, r->end_min / 60,
		                         r->end_min % 60);
	}
	return out;
}

int turno_tm_weekday(const struct tm *local)
{
	return (local->tm_wday + 6) % 7;
}

bool turno_hours_is_closed_date(const struct turno_hours *hours, const struct tm *local)
{
	for (int i = 0; i < hours->closed_count; i++) {
		const struct turno_closed_date *d = &hours->closed[i];
		if (d->month == local->tm_mon + 1 && d->day == local->tm_mday &&
		    (d->year == 0 || d->year == local->tm_year + 1900))
			return true;
	}
	return false;
}

struct turno_day_hours turno_hours_for_day(const struct turno_hours *office,
                                           const struct turno_week_hours *service_own, const struct tm *local)
{
	struct turno_day_hours none = {.set = true};
	if (turno_hours_is_closed_date(office, local))
		return none;
	int wd = turno_tm_weekday(local);
	if (service_own && service_own->day[wd].set)
		return service_own->day[wd];
	return office->week.day[wd];
}

static int minute_of(const struct tm *local)
{
	return local->tm_hour * 60 + local->tm_min;
}

static const struct turno_time_range *range_at(const struct turno_day_hours *day, int minute)
{
	for (int i = 0; i < day->count; i++)
		if (minute >= day->range[i].start_min && minute < day->range[i].end_min)
			return &day->range[i];
	return NULL;
}

bool turno_hours_is_open(const struct turno_hours *office, const struct turno_week_hours *service_own,
                         const struct tm *local)
{
	struct turno_day_hours office_day = turno_hours_for_day(office, NULL, local);
	if (!range_at(&office_day, minute_of(local)))
		return false;
	if (!service_own)
		return true;
	struct turno_day_hours day = turno_hours_for_day(office, service_own, local);
	return range_at(&day, minute_of(local)) != NULL;
}

static int check_day(const struct turno_day_hours *day, int minute, int last_ticket_minutes, int closed_code)
{
	const struct turno_time_range *r = range_at(day, minute);
	if (!r)
		return closed_code;
	if (minute >= r->end_min - last_ticket_minutes)
		return TURNO_E_LAST_TICKET;
	return 0;
}

int turno_hours_check_issue(const struct turno_hours *office, const struct turno_week_hours *service_own,
                            const struct tm *local)
{
	int minute = minute_of(local);
	struct turno_day_hours office_day = turno_hours_for_day(office, NULL, local);
	int rc = check_day(&office_day, minute, office->last_ticket_minutes, TURNO_E_CLOSED);
	if (rc < 0 || !service_own)
		return rc;
	struct turno_day_hours day = turno_hours_for_day(office, service_own, local);
	return check_day(&day, minute, office->last_ticket_minutes, TURNO_E_SERVICE_HOURS);
}

int turno_hours_next_opening(const struct turno_hours *office, const struct tm *local, struct tm *out)
{
	int minute = minute_of(local);
	struct tm day = *local;
	day.tm_hour = 12; /* noon: safe from DST shifts while stepping whole days */
	day.tm_min = day.tm_sec = 0;
	day.tm_isdst = -1;
	for (int offset = 0; offset <= 366; offset++) {
		struct tm probe = day;
		probe.tm_mday += offset;
		probe.tm_isdst = -1;
		if (mktime(&probe) == (time_t)-1)
			return -ERANGE;
		struct turno_day_hours hours = turno_hours_for_day(office, NULL, &probe);
		for (int i = 0; i < hours.count; i++) {
			/* A range counts when tickets can still be issued in it after now. */
			int last_issue = hours.range[i].end_min - office->last_ticket_minutes;
			if (offset == 0 && (hours.range[i].start_min <= minute || last_issue <= minute))
				continue;
			if (last_issue <= hours.range[i].start_min)
				continue;
			*out = probe;
			out->tm_hour = hours.range[i].start_min / 60;
			out->tm_min = hours.range[i].start_min % 60;
			out->tm_sec = 0;
			out->tm_isdst = -1;
			mktime(out);
			return 0;
		}
	}
	return -ENOENT;
}

int turno_hours_closing_minute(const struct turno_hours *office, const struct tm *local)
{
	struct turno_day_hours day = turno_hours_for_day(office, NULL, local);
	return day.count ? day.range[day.count - 1].end_min : -1;
}
