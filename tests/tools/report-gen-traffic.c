/* A year (or any span) of realistic office traffic THROUGH THE QUEUE ENGINE with a
 * driven clock, over the configuration's opening hours and closed dates: arrivals
 * busier mid-morning and on Mondays, four counters calling, no-shows, transfers,
 * expiries at closing. Besides the database it writes its own log of every ticket
 * (times taken from the simulation, not from the database), from which the tests work
 * out what turno-report must say.
 *
 *   report-gen-traffic CONFIG LOG FIRST_DAY DAYS [SEED]
 *
 * LOG columns: day,label,prefix,service,issued_local,weekday,hour,outcome,wait_s,service_s,transfers
 * (weekday Monday = 0; wait_s empty when the ticket's last queue did not end in a call). */
#include "core/clock.h"
#include "core/config.h"
#include "core/error.h"
#include "core/hours.h"
#include "core/queue.h"
#include "core/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_TICKETS 1000000

struct sim_ticket {
	int64_t id;
	char day[11], label[8], prefix, service;
	char issued_local[20];
	int weekday, hour;
	int64_t queued_at; /* simulation seconds (UTC) when it last joined a queue */
	int64_t called_at;
	int wait_s, service_s, transfers;
	bool waited; /* wait_s holds at least one call */
	const char *outcome;
	bool no_show_planned, transfer_planned;
};

struct counter {
	int id;
	int64_t ticket; /* index into tickets, -1 = idle */
	int64_t busy_until;
};

static struct sim_ticket *tickets;
static int ticket_count;
static struct turno_clock *clk;
static struct turno_queue *queue;
static const struct turno_config *config;
static uint64_t rng_state;

static double uniform(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (double)((rng_state * 0x2545f4914f6cdd1dull) >> 11) / 9007199254740992.0;
}

static double exponential(double mean)
{
	return -mean * log(1.0 - uniform());
}

static void die(const char *what, int rc)
{
	fprintf(stderr, "report-gen-traffic: %s: %s (%s)\n", what, turno_strerror(rc),
	        turno_queue_errmsg(queue));
	exit(1);
}

static int64_t now_s(void)
{
	return turno_clock_wall_ms(clk) / 1000;
}

static void move_to(int64_t t)
{
	int64_t delta = t * 1000 - turno_clock_wall_ms(clk);
	if (delta > 0)
		turno_clock_advance(clk, delta);
}

static int find_ticket(int64_t id)
{
	/* Tickets are appended in id order: binary search. */
	int lo = 0, hi = ticket_count;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (tickets[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == ticket_count || tickets[lo].id != id) {
		fprintf(stderr, "report-gen-traffic: the engine called unknown ticket %lld\n", (long long)id);
		exit(1);
	}
	return lo;
}

/* The counter got a ticket from the engine: plan how its visit goes. */
static void start_visit(struct counter *c, const struct turno_ticket *t)
{
	int i = find_ticket(t->id);
	struct sim_ticket *s = &tickets[i];
	s->wait_s += (int)(now_s() - s->queued_at);
	s->waited = true;
	s->called_at = now_s();
	s->no_show_planned = uniform() < 0.05;
	s->transfer_planned = !s->no_show_planned && s->transfers == 0 && uniform() < 0.03;
	c->ticket = i;
	/* Service times: mostly a few minutes, some long ones (a residence change). */
	double minutes = s->no_show_planned ? 2 : s->transfer_planned ? 1.5 : 1 + exponential(5.5);
	if (minutes > 45)
		minutes = 45;
	c->busy_until = now_s() + (int64_t)(minutes * 60);
}

static void try_call(struct counter *c)
{
	struct turno_ticket t;
	int rc = turno_queue_call_next(queue, c->id, &t);
	if (rc == TURNO_E_EMPTY) {
		c->ticket = -1;
		return;
	}
	if (rc < 0)
		die("call_next", rc);
	start_visit(c, &t);
}

/* The counter's visit ends now. */
static void finish_visit(struct counter *c)
{
	struct sim_ticket *s = &tickets[c->ticket];
	struct turno_ticket next;
	int rc;
	if (s->no_show_planned) {
		s->outcome = "no_show";
		c->ticket = -1;
		rc = turno_queue_noshow(queue, c->id, NULL, &next);
	} else if (s->transfer_planned) {
		/* Sent to another service, any of the others (every service has a counter). */
		char to;
		do
			to = config->services[(int)(uniform() * config->service_count)].letter;
		while (to == s->service && config->service_count > 1);
		s->service_s += (int)(now_s() - s->called_at);
		rc = turno_queue_transfer(queue, c->id, to, NULL);
		if (rc < 0)
			die("transfer", rc);
		s->service = to;
		s->transfers++;
		s->queued_at = now_s();
		s->outcome = "waiting";
		c->ticket = -1;
		try_call(c);
		return;
	} else {
		s->outcome = "completed";
		s->service_s += (int)(now_s() - s->called_at);
		c->ticket = -1;
		rc = turno_queue_call_next(queue, c->id, &next);
	}
	if (rc == TURNO_E_EMPTY)
		return;
	if (rc < 0)
		die("finish", rc);
	start_visit(c, &next);
}

static int64_t local_to_utc(int y, int m, int d, int minute_of_day)
{
	struct tm tm = {.tm_year = y - 1900,
	                .tm_mon = m - 1,
	                .tm_mday = d,
	                .tm_hour = minute_of_day / 60,
	                .tm_min = minute_of_day % 60,
	                .tm_isdst = -1};
	return (int64_t)mktime(&tm);
}

/* Arrivals per hour by local hour: a mid-morning peak, a quiet lunch, an afternoon bump. */
static double hourly_rate(int weekday, int hour)
{
	static const double by_hour[24] = {[8] = 18, [9] = 32,  [10] = 38, [11] = 30, [12] = 18,
	                                   [13] = 8, [14] = 12, [15] = 16, [16] = 14, [17] = 8};
	double monday = weekday == 0 ? 1.3 : 1.0;
	return by_hour[hour] * monday;
}

static char pick_service(void)
{
	static const struct {
		char letter;
		double weight;
	} mix[] = {{'A', 0.30}, {'B', 0.30}, {'C', 0.10}, {'D', 0.05}, {'E', 0.15}, {'F', 0.10}};
	double u = uniform(), acc = 0;
	for (size_t i = 0; i < sizeof(mix) / sizeof(mix[0]); i++) {
		acc += mix[i].weight;
		if (u < acc && turno_config_service(config, mix[i].letter))
			return mix[i].letter;
	}
	return config->services[0].letter;
}

static void simulate_day(int y, int m, int d, struct counter *counters, int ncounters)
{
	struct tm local = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12, .tm_isdst = -1};
	mktime(&local);
	struct turno_day_hours hours = turno_hours_for_day(&config->hours, NULL, &local);
	int weekday = turno_tm_weekday(&local);
	move_to(local_to_utc(y, m, d, 7 * 60));
	if (turno_queue_tick(queue) < 0)
		die("tick", TURNO_E_DB);
	if (hours.count == 0)
		return;
	int64_t open = local_to_utc(y, m, d, hours.range[0].start_min);
	int64_t close = local_to_utc(y, m, d, hours.range[hours.count - 1].end_min);
	int64_t expire = close + config->expire_after_close_minutes * 60;
	/* Arrivals for the whole day, as a thinned Poisson process per hour of each range. */
	int64_t next_arrival = -1;
	int range = 0;
	int64_t t_range = local_to_utc(y, m, d, hours.range[0].start_min);
	for (;;) {
		/* Next arrival time. */
		if (next_arrival < 0) {
			while (range < hours.count) {
				int64_t end = local_to_utc(y, m, d, hours.range[range].end_min);
				struct tm lt;
				time_t tt = (time_t)t_range;
				localtime_r(&tt, &lt);
				double rate = hourly_rate(weekday, lt.tm_hour);
				double gap = rate > 0 ? exponential(3600.0 / rate) : 3600;
				int64_t t = t_range + (int64_t)gap + 1;
				/* Do not let one quiet hour's long gap skip a busy hour: re-draw at hour
				 * ends. */
				int64_t hour_end = t_range - (t_range % 3600) + 3600;
				if (t > hour_end && hour_end < end) {
					t_range = hour_end;
					continue;
				}
				if (t >= end) {
					range++;
					if (range < hours.count)
						t_range = local_to_utc(y, m, d, hours.range[range].start_min);
					continue;
				}
				t_range = t;
				next_arrival = t;
				break;
			}
		}
		/* Next counter event. */
		int64_t next_finish = -1;
		int who = -1;
		for (int i = 0; i < ncounters; i++) {
			if (counters[i].ticket >= 0 &&
			    (next_finish < 0 || counters[i].busy_until < next_finish)) {
				next_finish = counters[i].busy_until;
				who = i;
			}
		}
		if (next_arrival < 0 && (next_finish < 0 || next_finish > expire))
			break;
		if (next_arrival >= 0 && (next_finish < 0 || next_arrival <= next_finish)) {
			move_to(next_arrival);
			next_arrival = -1;
			struct turno_ticket t;
			char service = pick_service();
			int rc = turno_queue_issue(queue, service, uniform() < 0.03, &t);
			if (rc == TURNO_E_CLOSED || rc == TURNO_E_LAST_TICKET ||
			    rc == TURNO_E_SERVICE_HOURS || rc == TURNO_E_CAP)
				continue; /* the kiosk said no: the citizen leaves */
			if (rc < 0)
				die("issue", rc);
			if (ticket_count == MAX_TICKETS) {
				fprintf(stderr, "report-gen-traffic: too many tickets\n");
				exit(1);
			}
			struct sim_ticket *s = &tickets[ticket_count++];
			memset(s, 0, sizeof(*s));
			s->id = t.id;
			snprintf(s->day, sizeof(s->day), "%s", t.day);
			snprintf(s->label, sizeof(s->label), "%s", t.label);
			s->prefix = s->service = service;
			/* The local time from the simulation's own calendar, not from the engine. */
			struct tm lt;
			time_t tt = (time_t)now_s();
			localtime_r(&tt, &lt);
			strftime(s->issued_local, sizeof(s->issued_local), "%Y-%m-%d %H:%M:%S", &lt);
			s->weekday = weekday;
			s->hour = lt.tm_hour;
			s->queued_at = now_s();
			s->outcome = "waiting";
			for (int i = 0; i < ncounters; i++)
				if (counters[i].ticket < 0)
					try_call(&counters[i]);
		} else {
			move_to(next_finish);
			finish_visit(&counters[who]);
			for (int i = 0; i < ncounters; i++)
				if (counters[i].ticket < 0)
					try_call(&counters[i]);
		}
	}
	/* Closing plus the grace period: whoever still waits expires; counters finish. */
	move_to(expire > now_s() ? expire : now_s());
	for (int i = 0; i < ncounters; i++) {
		if (counters[i].ticket >= 0) {
			move_to(counters[i].busy_until > now_s() ? counters[i].busy_until : now_s());
			struct sim_ticket *s = &tickets[counters[i].ticket];
			s->outcome = "completed";
			s->service_s += (int)(now_s() - s->called_at);
			s->no_show_planned = s->transfer_planned = false;
			struct turno_ticket next;
			/* Only complete: nobody else is called after the expiry below. */
			counters[i].ticket = -1;
			if (turno_queue_tick(queue) < 0)
				die("tick", TURNO_E_DB);
			int rc = turno_queue_call_next(queue, counters[i].id, &next);
			if (rc != TURNO_E_EMPTY) {
				fprintf(stderr,
				        "report-gen-traffic: a ticket was still waiting after expiry\n");
				exit(1);
			}
		}
	}
	if (turno_queue_tick(queue) < 0)
		die("tick", TURNO_E_DB);
	for (int i = 0; i < ticket_count; i++)
		if (strcmp(tickets[i].outcome, "waiting") == 0 && strcmp(tickets[i].day, "") != 0)
			tickets[i].outcome = "expired";
	(void)open;
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: report-gen-traffic CONFIG LOG FIRST_DAY DAYS [SEED]\n");
		return 2;
	}
	struct turno_config *cfg;
	char err[512];
	if (turno_config_load(argv[1], &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "report-gen-traffic: %s\n", err);
		return 1;
	}
	config = cfg;
	int y, m, d;
	if (sscanf(argv[3], "%d-%d-%d", &y, &m, &d) != 3) {
		fprintf(stderr, "report-gen-traffic: FIRST_DAY is YYYY-MM-DD\n");
		return 2;
	}
	int days = atoi(argv[4]);
	rng_state = argc > 5 ? strtoull(argv[5], NULL, 10) * 2654435761u + 1 : 88172645463325252ull;
	tickets = calloc(MAX_TICKETS, sizeof(*tickets));
	clk = turno_clock_new_manual(local_to_utc(y, m, d, 6 * 60) * 1000);
	if (!tickets || !clk || turno_queue_open(config, clk, config->database, &queue) < 0) {
		fprintf(stderr, "report-gen-traffic: cannot open %s\n", config->database);
		return 1;
	}
	/* A simulation, not an office: a power cut cannot happen, so skip the fsyncs. */
	sqlite3_exec(turno_store_db(turno_queue_store(queue)), "PRAGMA synchronous = OFF", NULL, NULL, NULL);
	struct counter counters[TURNO_MAX_COUNTERS];
	int ncounters = config->counter_count;
	for (int i = 0; i < ncounters; i++)
		counters[i] = (struct counter){.id = config->counters[i].id, .ticket = -1};
	for (int i = 0; i < days; i++) {
		struct tm day = {.tm_year = y - 1900,
		                 .tm_mon = m - 1,
		                 .tm_mday = d + i,
		                 .tm_hour = 12,
		                 .tm_isdst = -1};
		mktime(&day);
		simulate_day(day.tm_year + 1900, day.tm_mon + 1, day.tm_mday, counters, ncounters);
	}
	FILE *log = fopen(argv[2], "w");
	if (!log) {
		perror(argv[2]);
		return 1;
	}
	fputs("day,label,prefix,service,issued_local,weekday,hour,outcome,wait_s,service_s,transfers\n", log);
	for (int i = 0; i < ticket_count; i++) {
		const struct sim_ticket *s = &tickets[i];
		bool whole_wait = strcmp(s->outcome, "completed") == 0 || strcmp(s->outcome, "no_show") == 0;
		fprintf(log, "%s,%s,%c,%c,%s,%d,%d,%s,", s->day, s->label, s->prefix, s->service,
		        s->issued_local, s->weekday, s->hour, s->outcome);
		if (whole_wait)
			fprintf(log, "%d", s->wait_s);
		fputc(',', log);
		if (strcmp(s->outcome, "completed") == 0)
			fprintf(log, "%d", s->service_s);
		fprintf(log, ",%d\n", s->transfers);
	}
	fclose(log);
	printf("%d tickets over %d days\n", ticket_count, days);
	turno_queue_close(queue);
	turno_clock_free(clk);
	turno_config_free(cfg);
	free(tickets);
	return 0;
}
