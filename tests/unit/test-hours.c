/* Opening hours: parsing, open/closed, the last-ticket cut-off, closed dates, next opening. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/hours.h"

#include <errno.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct tm at(int year, int month, int day, int hour, int minute)
{
	struct tm tm = {.tm_year = year - 1900,
	                .tm_mon = month - 1,
	                .tm_mday = day,
	                .tm_hour = hour,
	                .tm_min = minute,
	                .tm_isdst = -1};
	mktime(&tm); /* fills tm_wday */
	return tm;
}

static struct turno_hours office(void)
{
	struct turno_hours h;
	char err[256];
	memset(&h, 0, sizeof(h));
	const char *week[7] = {"08:00-13:00", "08:00-13:00, 14:30-18:00",
	                       "08:00-13:00", "08:00-13:00, 14:30-18:00",
	                       "08:00-13:00", "08:00-13:00",
	                       "closed"};
	for (int d = 0; d < 7; d++)
		assert_int_equal(turno_hours_parse_day(week[d], &h.week.day[d], err, sizeof(err)), 0);
	assert_int_equal(turno_hours_parse_closed("12-25, 2026-12-07", &h, err, sizeof(err)), 0);
	h.last_ticket_minutes = 15;
	return h;
}

struct parse_case {
	const char *text;
	int ok;
	int count;
	int first_start, last_end;
};

static void parse_table(void **state)
{
	static const struct parse_case cases[] = {
	        {"08:00-13:00", 1, 1, 480, 780},
	        {"8:00-13:00", 1, 1, 480, 780},
	        {" 08:00 - 13:00 , 14:30-18:00 ", 1, 2, 480, 1080},
	        {"closed", 1, 0, 0, 0},
	        {"chiuso", 1, 0, 0, 0},
	        {"00:00-24:00", 1, 1, 0, 1440},
	        {"08:00-13:00, 12:00-18:00", 0, 0, 0, 0},
	        {"14:00-18:00, 08:00-13:00", 0, 0, 0, 0},
	        {"13:00-08:00", 0, 0, 0, 0},
	        {"08:00", 0, 0, 0, 0},
	        {"8-13", 0, 0, 0, 0},
	        {"25:00-26:00", 0, 0, 0, 0},
	        {"08:60-09:00", 0, 0, 0, 0},
	        {"", 0, 0, 0, 0},
	        {"08:00-13:00; 14:00-18:00", 0, 0, 0, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct turno_day_hours d;
		char err[256] = "";
		int rc = turno_hours_parse_day(cases[i].text, &d, err, sizeof(err));
		if (cases[i].ok != (rc == 0))
			fail_msg("\"%s\": rc %d (%s)", cases[i].text, rc, err);
		if (!cases[i].ok) {
			assert_true(strlen(err) > 10); /* a sentence, not a bare code */
			continue;
		}
		assert_int_equal(d.count, cases[i].count);
		if (d.count) {
			assert_int_equal(d.range[0].start_min, cases[i].first_start);
			assert_int_equal(d.range[d.count - 1].end_min, cases[i].last_end);
		}
	}
}

static void open_and_cutoff(void **state)
{
	struct turno_hours h = office();
	struct tm tue_0759 = at(2026, 11, 24, 7, 59), tue_0800 = at(2026, 11, 24, 8, 0);
	struct tm tue_1244 = at(2026, 11, 24, 12, 44), tue_1245 = at(2026, 11, 24, 12, 45);
	struct tm tue_1400 = at(2026, 11, 24, 14, 0), tue_1500 = at(2026, 11, 24, 15, 0);
	struct tm sun = at(2026, 11, 29, 10, 0), xmas = at(2027, 12, 25, 10, 0),
	          once = at(2026, 12, 7, 10, 0);
	assert_int_equal(turno_hours_check_issue(&h, NULL, &tue_0759), TURNO_E_CLOSED);
	assert_int_equal(turno_hours_check_issue(&h, NULL, &tue_0800), 0);
	assert_int_equal(turno_hours_check_issue(&h, NULL, &tue_1244), 0);
	assert_int_equal(turno_hours_check_issue(&h, NULL, &tue_1245), TURNO_E_LAST_TICKET);
	assert_true(turno_hours_is_open(&h, NULL, &tue_1245));
	assert_int_equal(turno_hours_check_issue(&h, NULL, &tue_1400), TURNO_E_CLOSED);
	assert_int_equal(turno_hours_check_issue(&h, NULL, &tue_1500), 0);
	assert_int_equal(turno_hours_check_issue(&h, NULL, &sun), TURNO_E_CLOSED);
	assert_int_equal(turno_hours_check_issue(&h, NULL, &xmas), TURNO_E_CLOSED); /* every 25 December */
	assert_int_equal(turno_hours_check_issue(&h, NULL, &once), TURNO_E_CLOSED);
	struct tm once_next_year = at(2027, 12, 7, 10, 0);
	assert_int_equal(turno_hours_check_issue(&h, NULL, &once_next_year), 0);
	assert_int_equal(turno_hours_closing_minute(&h, &tue_0800), 18 * 60);
}

static void service_own_hours(void **state)
{
	struct turno_hours h = office();
	struct turno_week_hours own;
	char err[256];
	memset(&own, 0, sizeof(own));
	assert_int_equal(turno_hours_parse_day("09:00-11:00", &own.day[1], err, sizeof(err)), 0);
	struct tm tue_0830 = at(2026, 11, 24, 8, 30), tue_1000 = at(2026, 11, 24, 10, 0);
	struct tm wed_0830 = at(2026, 11, 25, 8, 30);
	assert_int_equal(turno_hours_check_issue(&h, &own, &tue_0830), TURNO_E_SERVICE_HOURS);
	assert_int_equal(turno_hours_check_issue(&h, &own, &tue_1000), 0);
	assert_int_equal(turno_hours_check_issue(&h, &own, &wed_0830), 0); /* other days: the office's */
}

static void next_opening(void **state)
{
	struct turno_hours h = office();
	struct tm out;
	struct tm sat_evening = at(2026, 11, 28, 19, 0);
	assert_int_equal(turno_hours_next_opening(&h, &sat_evening, &out), 0);
	/* Sunday closed: Monday 30 November at 08:00. */
	assert_int_equal(out.tm_mday, 30);
	assert_int_equal(out.tm_hour, 8);
	assert_int_equal(out.tm_wday, 1);
	struct tm tue_lunch = at(2026, 11, 24, 13, 30);
	assert_int_equal(turno_hours_next_opening(&h, &tue_lunch, &out), 0);
	assert_int_equal(out.tm_mday, 24);
	assert_int_equal(out.tm_hour * 60 + out.tm_min, 14 * 60 + 30);
	/* Christmas Eve is a Thursday in 2026; 25 and 26 (Sat): 25 closed by date. */
	struct tm xmas_eve = at(2026, 12, 24, 19, 0);
	assert_int_equal(turno_hours_next_opening(&h, &xmas_eve, &out), 0);
	assert_int_equal(out.tm_mday, 26);
	struct turno_hours never;
	memset(&never, 0, sizeof(never));
	assert_int_equal(turno_hours_next_opening(&never, &xmas_eve, &out), -ENOENT);
}

static void format_round_trip(void **state)
{
	struct turno_day_hours d;
	char err[256], text[96];
	assert_int_equal(turno_hours_parse_day("8:00-13:00,14:30-18:00", &d, err, sizeof(err)), 0);
	assert_string_equal(turno_day_hours_format(&d, text, sizeof(text)), "08:00-13:00, 14:30-18:00");
}

int main(void)
{
	setenv("TZ", "Europe/Rome", 1);
	tzset();
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(parse_table),       cmocka_unit_test(open_and_cutoff),
	        cmocka_unit_test(service_own_hours), cmocka_unit_test(next_opening),
	        cmocka_unit_test(format_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
