/* Day numbers from dates and back (Howard Hinnant's civil-days algorithm), ISO weeks. */
#include "report/calendar.h"

#include <errno.h>

int64_t turno_cal_days(int year, int month, int day)
{
	int64_t y = year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct turno_date turno_cal_from_days(int64_t days)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	struct turno_date d;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2));
	return d;
}

int turno_cal_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int64_t w = (days + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

void turno_cal_iso_week(int64_t days, int *iso_year, int *week)
{
	/* The week belongs to the year of its Thursday. */
	int64_t thursday = days - turno_cal_weekday(days) + 3;
	int year = turno_cal_from_days(thursday).year;
	int64_t first = turno_cal_days(year, 1, 1);
	*iso_year = year;
	*week = (int)((thursday - first) / 7 + 1);
}

static bool is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int turno_cal_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 0;
	return days[month - 1] + (month == 2 && is_leap(year));
}

static int digits(const char *text, int n, int *value)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (text[i] < '0' || text[i] > '9')
			return -EINVAL;
		v = v * 10 + (text[i] - '0');
	}
	*value = v;
	return 0;
}

static int parse_date_prefix(const char *text, struct turno_date *out)
{
	struct turno_date d;
	if (digits(text, 4, &d.year) < 0 || text[4] != '-' || digits(text + 5, 2, &d.month) < 0 ||
	    text[7] != '-' || digits(text + 8, 2, &d.day) < 0)
		return -EINVAL;
	if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > turno_cal_days_in_month(d.year, d.month))
		return -EINVAL;
	*out = d;
	return 0;
}

int turno_cal_parse_date(const char *text, struct turno_date *out)
{
	struct turno_date d;
	if (!text || parse_date_prefix(text, &d) < 0 || text[10] != '\0')
		return -EINVAL;
	*out = d;
	return 0;
}

void turno_cal_format_date(int64_t days, char out[11])
{
	struct turno_date d = turno_cal_from_days(days);
	/* Written by hand: the compiler cannot see that month and day are in range. */
	unsigned year = (unsigned)d.year % 10000u, month = (unsigned)d.month % 100u,
	         day = (unsigned)d.day % 100u;
	out[0] = (char)('0' + year / 1000);
	out[1] = (char)('0' + year / 100 % 10);
	out[2] = (char)('0' + year / 10 % 10);
	out[3] = (char)('0' + year % 10);
	out[4] = '-';
	out[5] = (char)('0' + month / 10);
	out[6] = (char)('0' + month % 10);
	out[7] = '-';
	out[8] = (char)('0' + day / 10);
	out[9] = (char)('0' + day % 10);
	out[10] = '\0';
}

int turno_cal_parse_local(const char *text, int64_t *days, int *minute_of_day)
{
	struct turno_date d;
	int hour, minute, second;
	if (!text || parse_date_prefix(text, &d) < 0 || text[10] != ' ' || digits(text + 11, 2, &hour) < 0 ||
	    text[13] != ':' || digits(text + 14, 2, &minute) < 0 || text[16] != ':' ||
	    digits(text + 17, 2, &second) < 0)
		return -EINVAL;
	if (hour > 23 || minute > 59 || second > 60)
		return -EINVAL;
	*days = turno_cal_days(d.year, d.month, d.day);
	*minute_of_day = hour * 60 + minute;
	return 0;
}
