/* Periods by name and by date, and the two periods a report compares with. */
#include "report/period.h"

#include "report/calendar.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Reads 1…max_digits digits; returns how many, 0 when there is none. */
static int read_number(const char *text, int max_digits, int *value)
{
	int n = 0, v = 0;
	while (n < max_digits && text[n] >= '0' && text[n] <= '9')
		v = v * 10 + (text[n++] - '0');
	*value = v;
	return n;
}

static int64_t days_of(int year, int month, int day, bool *ok)
{
	*ok = year >= 1900 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
	      day <= turno_cal_days_in_month(year, month);
	return *ok ? turno_cal_days(year, month, day) : 0;
}

int turno_period_parse_date(const char *text, int64_t *days)
{
	struct turno_date iso;
	if (!text)
		return -EINVAL;
	if (turno_cal_parse_date(text, &iso) == 0) {
		*days = turno_cal_days(iso.year, iso.month, iso.day);
		return 0;
	}
	/* Day first, as Italians write it: 15/01/2026, 15.1.2026, 15-01-2026. */
	int day, month, year;
	int n = read_number(text, 2, &day);
	if (n == 0)
		return -EINVAL;
	char sep = text[n];
	if (sep != '/' && sep != '.' && sep != '-')
		return -EINVAL;
	const char *p = text + n + 1;
	n = read_number(p, 2, &month);
	if (n == 0 || p[n] != sep)
		return -EINVAL;
	p += n + 1;
	n = read_number(p, 4, &year);
	if (n != 4 || p[n] != '\0')
		return -EINVAL;
	bool ok;
	*days = days_of(year, month, day, &ok);
	return ok ? 0 : -EINVAL;
}

static struct turno_period months_span(int year, int first_month, int months, enum turno_period_kind kind)
{
	int last_month = first_month + months - 1;
	return (struct turno_period){
	        .from_days = turno_cal_days(year, first_month, 1),
	        .to_days = turno_cal_days(year, last_month, turno_cal_days_in_month(year, last_month)),
	        .kind = kind,
	};
}

/* "2026-N", "2026-<letter>N" or "N/2026": a year and a part number in 1…max. */
static int parse_part(const char *text, char letter, int max, int *year, int *part)
{
	if (!text)
		return -EINVAL;
	int n = read_number(text, 4, year);
	if (n == 4 && text[4] == '-') {
		const char *p = text + 5;
		if (letter && (*p == letter || *p == letter + 'a' - 'A'))
			p++;
		n = read_number(p, 2, part);
		if (n == 0 || p[n] != '\0')
			return -EINVAL;
	} else {
		n = read_number(text, 2, part);
		if (n == 0 || text[n] != '/' || read_number(text + n + 1, 4, year) != 4 ||
		    text[n + 5] != '\0')
			return -EINVAL;
	}
	return *year >= 1900 && *part >= 1 && *part <= max ? 0 : -EINVAL;
}

int turno_period_semester(const char *text, struct turno_period *out)
{
	int year, part;
	if (parse_part(text, 'S', 2, &year, &part) < 0)
		return -EINVAL;
	*out = months_span(year, part == 1 ? 1 : 7, 6, TURNO_PERIOD_SEMESTER);
	return 0;
}

int turno_period_quarter(const char *text, struct turno_period *out)
{
	int year, part;
	if (parse_part(text, 'Q', 4, &year, &part) < 0)
		return -EINVAL;
	*out = months_span(year, 3 * (part - 1) + 1, 3, TURNO_PERIOD_QUARTER);
	return 0;
}

int turno_period_month(const char *text, struct turno_period *out)
{
	int year, part;
	if (parse_part(text, 0, 12, &year, &part) < 0)
		return -EINVAL;
	*out = months_span(year, part, 1, TURNO_PERIOD_MONTH);
	return 0;
}

int turno_period_year(const char *text, struct turno_period *out)
{
	int year;
	if (!text || read_number(text, 4, &year) != 4 || text[4] != '\0' || year < 1900)
		return -EINVAL;
	*out = months_span(year, 1, 12, TURNO_PERIOD_YEAR);
	return 0;
}

/* Whole months: from the 1st to a month's last day. Counts them into *months. */
static bool whole_months(int64_t from_days, int64_t to_days, int *months)
{
	struct turno_date a = turno_cal_from_days(from_days), b = turno_cal_from_days(to_days);
	if (a.day != 1 || b.day != turno_cal_days_in_month(b.year, b.month) || to_days < from_days)
		return false;
	*months = (b.year - a.year) * 12 + b.month - a.month + 1;
	return true;
}

struct turno_period turno_period_of(int64_t from_days, int64_t to_days)
{
	struct turno_period p = {from_days, to_days, TURNO_PERIOD_DAYS};
	int months;
	if (!whole_months(from_days, to_days, &months))
		return p;
	int first = turno_cal_from_days(from_days).month;
	if (months == 1)
		p.kind = TURNO_PERIOD_MONTH;
	else if (months == 3 && (first - 1) % 3 == 0)
		p.kind = TURNO_PERIOD_QUARTER;
	else if (months == 6 && (first == 1 || first == 7))
		p.kind = TURNO_PERIOD_SEMESTER;
	else if (months == 12 && first == 1)
		p.kind = TURNO_PERIOD_YEAR;
	else
		p.kind = TURNO_PERIOD_MONTHS;
	return p;
}

/* The first day of the month `shift` months from the one of days (shift may be negative). */
static int64_t month_start(int64_t days, int shift)
{
	struct turno_date d = turno_cal_from_days(days);
	int index = d.year * 12 + (d.month - 1) + shift;
	return turno_cal_days(index / 12, index % 12 + 1, 1);
}

static int64_t month_end(int64_t days, int shift)
{
	int64_t start = month_start(days, shift);
	struct turno_date d = turno_cal_from_days(start);
	return start + turno_cal_days_in_month(d.year, d.month) - 1;
}

struct turno_period turno_period_previous(const struct turno_period *period)
{
	int months;
	if (whole_months(period->from_days, period->to_days, &months))
		return turno_period_of(month_start(period->from_days, -months),
		                       month_end(period->to_days, -months));
	int64_t length = period->to_days - period->from_days + 1;
	return turno_period_of(period->from_days - length, period->to_days - length);
}

static int64_t same_day_year_before(int64_t days)
{
	struct turno_date d = turno_cal_from_days(days);
	int day = d.day;
	if (day > turno_cal_days_in_month(d.year - 1, d.month))
		day = turno_cal_days_in_month(d.year - 1, d.month);
	return turno_cal_days(d.year - 1, d.month, day);
}

struct turno_period turno_period_year_before(const struct turno_period *period)
{
	int months;
	if (whole_months(period->from_days, period->to_days, &months))
		return turno_period_of(month_start(period->from_days, -12), month_end(period->to_days, -12));
	return turno_period_of(same_day_year_before(period->from_days),
	                       same_day_year_before(period->to_days));
}

char *turno_date_long(int64_t days, enum turno_lang lang, char *out, size_t out_len)
{
	struct turno_date d = turno_cal_from_days(days);
	snprintf(out, out_len, "%d %s %d", d.day, turno_month_word(d.month, lang), d.year);
	return out;
}

char *turno_period_dates(int64_t from_days, int64_t to_days, enum turno_lang lang, char *out, size_t out_len)
{
	struct turno_date a = turno_cal_from_days(from_days), b = turno_cal_from_days(to_days);
	char last[64];
	turno_date_long(to_days, lang, last, sizeof(last));
	if (from_days == to_days)
		snprintf(out, out_len, "%s", last);
	else if (a.year == b.year && a.month == b.month)
		snprintf(out, out_len, "%d – %s", a.day, last);
	else if (a.year == b.year)
		snprintf(out, out_len, "%d %s – %s", a.day, turno_month_word(a.month, lang), last);
	else
		snprintf(out, out_len, "%d %s %d – %s", a.day, turno_month_word(a.month, lang), a.year, last);
	return out;
}

char *turno_period_name(const struct turno_period *period, enum turno_lang lang, char *out, size_t out_len)
{
	struct turno_date a = turno_cal_from_days(period->from_days),
	                  b = turno_cal_from_days(period->to_days);
	bool it = lang == TURNO_LANG_IT;
	switch (period->kind) {
	case TURNO_PERIOD_MONTH:
		snprintf(out, out_len, "%s %d", turno_month_word(a.month, lang), a.year);
		break;
	case TURNO_PERIOD_QUARTER:
		if (it)
			snprintf(out, out_len, "%d° trimestre %d", (a.month - 1) / 3 + 1, a.year);
		else
			snprintf(out, out_len, "Q%d %d", (a.month - 1) / 3 + 1, a.year);
		break;
	case TURNO_PERIOD_SEMESTER:
		if (it)
			snprintf(out, out_len, "%d° semestre %d", a.month == 1 ? 1 : 2, a.year);
		else
			snprintf(out, out_len, "%s half of %d", a.month == 1 ? "First" : "Second", a.year);
		break;
	case TURNO_PERIOD_YEAR:
		snprintf(out, out_len, "%s %d", it ? "anno" : "year", a.year);
		break;
	case TURNO_PERIOD_MONTHS:
		if (a.year == b.year)
			snprintf(out, out_len, "%s – %s %d", turno_month_word(a.month, lang),
			         turno_month_word(b.month, lang), b.year);
		else
			snprintf(out, out_len, "%s %d – %s %d", turno_month_word(a.month, lang), a.year,
			         turno_month_word(b.month, lang), b.year);
		break;
	case TURNO_PERIOD_DAYS:
		turno_period_dates(period->from_days, period->to_days, lang, out, out_len);
		break;
	}
	return out;
}
