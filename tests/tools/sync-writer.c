/* Test tool: a kiosk's worth of activity through the real queue engine, on a driven
 * clock, in the database turno-sync reads at the same time.
 *
 *   sync-writer CONFIG DB TICKETS
 *
 * Issues TICKETS tickets (rotating over the configured services), records their printing,
 * calls, recalls, no-shows and transfers them, moving the clock 20 s per ticket and to
 * the next opening when the office closes. Every database failure (the one that matters:
 * "database is locked") is printed and makes the exit status 1. */
#include "core/clock.h"
#include "core/config.h"
#include "core/error.h"
#include "core/queue.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int db_failures;

static void check(struct turno_queue *q, const char *what, int rc)
{
	if (rc == TURNO_E_DB) {
		fprintf(stderr, "sync-writer: %s: %s\n", what, turno_queue_errmsg(q));
		db_failures++;
	}
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: sync-writer CONFIG DB TICKETS\n");
		return 2;
	}
	char err[512];
	struct turno_config *config;
	if (turno_config_load(argv[1], &config, err, sizeof(err)) < 0) {
		fprintf(stderr, "sync-writer: %s\n", err);
		return 2;
	}
	long tickets = strtol(argv[3], NULL, 10);
	/* Today at 07:00 UTC (8:00 or 9:00 in Rome), not a fixed date: the pruning checks that
	 * follow need these events to be recent whenever the suite runs. A closed day only
	 * means the loop below moves on to the next opening. */
	int64_t today_utc_s = (int64_t)time(NULL) / 86400 * 86400;
	struct turno_clock *clock = turno_clock_new_manual((today_utc_s + 7 * 3600) * 1000);
	struct turno_queue *q;
	if (turno_queue_open(config, clock, argv[2], &q) < 0) {
		fprintf(stderr, "sync-writer: cannot open %s\n", argv[2]);
		return 1;
	}
	long issued = 0, refused = 0;
	for (long i = 0; issued < tickets && refused < 100000; i++) {
		const struct turno_service_config *s = &config->services[i % config->service_count];
		struct turno_ticket t;
		int rc = turno_queue_issue(q, s->letter, i % 11 == 0, &t);
		check(q, "issue", rc);
		if (rc < 0) {
			/* Closed, capped, outside the service's hours: on to later. */
			refused++;
			turno_clock_advance(clock, 30 * 60 * 1000);
			check(q, "tick", turno_queue_tick(q));
			continue;
		}
		issued++;
		if (i % 40 == 39)
			check(q, "print",
			      turno_queue_record_print(q, t.id, TURNO_PRINT_FAILED,
			                               "carta \"esaurita\"\nè finita"));
		else
			check(q, "print", turno_queue_record_print(q, t.id, TURNO_PRINT_PRINTED, NULL));
		const struct turno_counter_config *c = &config->counters[i % config->counter_count];
		struct turno_ticket called, noshow;
		switch (i % 9) {
		case 3:
			check(q, "recall", turno_queue_recall(q, c->id, &called));
			break;
		case 5:
			check(q, "noshow", turno_queue_noshow(q, c->id, &noshow, &called));
			break;
		case 7:
			check(q, "transfer", turno_queue_transfer(q, c->id, c->services[0], &called));
			break;
		default:
			check(q, "call", turno_queue_call_next(q, c->id, &called));
			break;
		}
		turno_clock_advance(clock, 20 * 1000);
		if (i % 30 == 0)
			check(q, "tick", turno_queue_tick(q));
	}
	turno_queue_close(q);
	turno_clock_free(clock);
	turno_config_free(config);
	printf("sync-writer: %ld tickets issued, %d database failures\n", issued, db_failures);
	return db_failures || issued < tickets ? 1 : 0;
}
