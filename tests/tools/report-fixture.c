/* Builds the report fixture THROUGH THE QUEUE ENGINE with a driven clock: a few days in
 * Rome around the start of summer time (Sunday 29 March 2026), with waits, no-shows, a
 * transfer, an expiry, a day without tickets and tickets left waiting at the end.
 *
 *   report-fixture DIR      writes DIR/report.ini and DIR/turno.db
 *
 * tests/integration/report.sh holds the figures worked out by hand from the timeline
 * below; change one and the other together. */
#include "core/clock.h"
#include "core/config.h"
#include "core/error.h"
#include "core/queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char config_text[] = "[office]\n"
                                  "name = Ufficio di prova & test\n"
                                  "timezone = Europe/Rome\n"
                                  "kiosk_id = fixture\n"
                                  "[storage]\n"
                                  "database = %s/turno.db\n"
                                  "[hours]\n"
                                  "mon = 08:00-13:00\n"
                                  "tue = 08:00-13:00, 14:00-17:00\n"
                                  "wed = 08:00-13:00\n"
                                  "thu = 08:00-13:00\n"
                                  "fri = 08:00-13:00\n"
                                  "sat = 08:00-13:00\n"
                                  "; open on Sundays, so the day summer time starts has tickets\n"
                                  "sun = 08:00-13:00\n"
                                  "last_ticket_minutes = 0\n"
                                  "[queue]\n"
                                  "expire_after_close_minutes = 30\n"
                                  "[service.A]\n"
                                  "name = Anagrafe, certificati\n"
                                  "name_en = Registry, certificates\n"
                                  "target_wait_minutes = 10\n"
                                  "[service.B]\n"
                                  "name = Tributi \"TARI\"\n"
                                  "name_en = Local taxes\n"
                                  "target_wait_minutes = 20\n"
                                  "[counter.1]\n"
                                  "name = Sportello 1\n"
                                  "services = A, B\n"
                                  "[counter.2]\n"
                                  "name = Sportello 2\n"
                                  "services = B\n";

static struct turno_clock *clk;
static struct turno_queue *queue;

/* Moves the driven clock to a Rome local time (mktime applies the DST rules). */
static void at(int month, int day, int hour, int minute)
{
	struct tm tm = {.tm_year = 2026 - 1900,
	                .tm_mon = month - 1,
	                .tm_mday = day,
	                .tm_hour = hour,
	                .tm_min = minute,
	                .tm_isdst = -1};
	int64_t target = (int64_t)mktime(&tm) * 1000;
	int64_t now = turno_clock_wall_ms(clk);
	if (target < now) {
		fprintf(stderr, "report-fixture: time goes backwards at %02d-%02d %02d:%02d\n", month, day,
		        hour, minute);
		exit(1);
	}
	turno_clock_advance(clk, target - now);
	if (turno_queue_tick(queue) < 0) {
		fprintf(stderr, "report-fixture: tick failed: %s\n", turno_queue_errmsg(queue));
		exit(1);
	}
}

static void check(int rc, const char *what, int allowed)
{
	if (rc < 0 && rc != allowed) {
		fprintf(stderr, "report-fixture: %s: %s\n", what, turno_strerror(rc));
		exit(1);
	}
}

static void issue(char service)
{
	struct turno_ticket t;
	check(turno_queue_issue(queue, service, false, &t), "issue", 0);
}

static void next(int counter)
{
	struct turno_ticket t;
	check(turno_queue_call_next(queue, counter, &t), "call_next", TURNO_E_EMPTY);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: report-fixture DIR\n");
		return 2;
	}
	char path[512], text[4096], err[512];
	snprintf(path, sizeof(path), "%s/report.ini", argv[1]);
	snprintf(text, sizeof(text), config_text, argv[1]);
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(path);
		return 1;
	}
	struct turno_config *config;
	if (turno_config_load(path, &config, err, sizeof(err)) < 0) {
		fprintf(stderr, "report-fixture: %s\n", err);
		return 1;
	}
	/* Thursday 26 March 2026, 07:00 in Rome (turno_config_load set TZ). */
	struct tm start = {.tm_year = 126, .tm_mon = 2, .tm_mday = 26, .tm_hour = 7, .tm_isdst = -1};
	clk = turno_clock_new_manual((int64_t)mktime(&start) * 1000);
	snprintf(path, sizeof(path), "%s/turno.db", argv[1]);
	if (turno_queue_open(config, clk, path, &queue) < 0) {
		fprintf(stderr, "report-fixture: cannot open %s\n", path);
		return 1;
	}

	/* Thursday 26, before the reported range: A001 waits 5 min, served 5 min. */
	at(3, 26, 8, 0), issue('A');
	at(3, 26, 8, 5), next(1);
	at(3, 26, 8, 10), next(1);

	/* Friday 27. */
	at(3, 27, 8, 0), issue('A'); /* A001 */
	at(3, 27, 8, 5), issue('A'); /* A002 */
	at(3, 27, 8, 6), issue('B'); /* B001 */
	at(3, 27, 8, 10), next(1);   /* A001 called: waited 600 s */
	at(3, 27, 8, 20), next(1);   /* A001 done (600 s); A002 called: waited 900 s */
	at(3, 27, 8, 21), next(2);   /* B001 called: waited 900 s */
	at(3, 27, 8, 30);            /* A002 did not come */
	check(turno_queue_noshow(queue, 1, NULL, NULL), "noshow", TURNO_E_EMPTY);
	at(3, 27, 8, 40), next(2);    /* B001 done (1140 s) */
	at(3, 27, 9, 30), issue('A'); /* A003 */
	at(3, 27, 9, 32), next(1);    /* A003 called: waited 120 s */
	at(3, 27, 9, 35);             /* 180 s at counter 1, then sent to B */
	check(turno_queue_transfer(queue, 1, 'B', NULL), "transfer", 0);
	at(3, 27, 9, 45), next(2); /* A003 called again: waited 600 s more (720 s) */
	at(3, 27, 9, 50), next(2); /* A003 done: 180 + 300 = 480 s */

	/* Saturday 28: open, nobody came. */
	at(3, 28, 12, 0);

	/* Sunday 29: clocks went from 02:00 to 03:00; 08:00 local is 06:00 UTC. */
	at(3, 29, 8, 0), issue('A');  /* A001 */
	at(3, 29, 8, 30), next(1);    /* waited 1800 s */
	at(3, 29, 8, 40), next(1);    /* done (600 s) */
	at(3, 29, 10, 0), issue('B'); /* B001 */
	at(3, 29, 10, 5), next(2);    /* waited 300 s */
	at(3, 29, 10, 15), next(2);   /* done (600 s) */

	/* Monday 30. */
	at(3, 30, 8, 0), issue('A');  /* A001 */
	at(3, 30, 8, 1), issue('B');  /* B001 */
	at(3, 30, 8, 1), next(1);     /* A001 called: waited 60 s */
	at(3, 30, 8, 11), next(1);    /* A001 done (600 s); B001 called: waited 600 s */
	at(3, 30, 8, 29), next(1);    /* B001 done (1080 s) */
	at(3, 30, 12, 0), issue('B'); /* B002: nobody calls it */
	at(3, 30, 13, 30);            /* closing + 30 min: B002 expires */

	/* Tuesday 31, the last day of the range, left in the middle of the morning. */
	at(3, 31, 9, 0), issue('A');  /* A001 */
	at(3, 31, 9, 10), issue('A'); /* A002: still waiting at the end */
	at(3, 31, 9, 25), next(1);    /* A001 called: waited 1500 s, still at the counter */
	at(3, 31, 9, 26), issue('B'); /* B001 */
	at(3, 31, 9, 27), next(2);    /* B001 called: waited 60 s */
	at(3, 31, 9, 28);             /* sent to A, where it still waits at the end: its 60 s are */
	check(turno_queue_transfer(queue, 2, 'A', NULL), "transfer", 0); /* not a whole wait */
	at(3, 31, 9, 30);

	turno_queue_close(queue);
	turno_clock_free(clk);
	turno_config_free(config);
	return 0;
}
