/* The queue engine against a real SQLite file and a driven clock: numbering, day
 * changes and clock jumps, hours and caps, calling policies, recall/no-show/transfer,
 * durations, expiry, print results, and prints left pending by a kiosk that died. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/queue.h"
#include "core/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char config_text[] = "[office]\n"
                                  "name = Test\n"
                                  "timezone = Europe/Rome\n"
                                  "kiosk_id = k1\n"
                                  "[hours]\n"
                                  "mon = 08:00-18:00\n"
                                  "tue = 08:00-18:00\n"
                                  "wed = 08:00-18:00\n"
                                  "thu = 08:00-18:00\n"
                                  "fri = 08:00-18:00\n"
                                  "sat = 08:00-13:00\n"
                                  "sun = closed\n"
                                  "last_ticket_minutes = 15\n"
                                  "[queue]\n"
                                  "policy = %s\n"
                                  "default_service_minutes = 10\n"
                                  "[service.A]\n"
                                  "name = Anagrafe\n"
                                  "[service.B]\n"
                                  "name = Tributi\n"
                                  "daily_cap = 3\n"
                                  "[service.C]\n"
                                  "name = Accesso agli atti\n"
                                  "tue = 08:00-12:00\n"
                                  "[counter.1]\n"
                                  "services = %s\n"
                                  "[counter.2]\n"
                                  "services = B\n"
                                  "[counter.3]\n"
                                  "services = C\n";

struct fixture {
	char dir[64];
	char db[96];
	struct turno_config *config;
	struct turno_clock *clock;
	struct turno_queue *queue;
};

/* Local Rome time → UTC ms (the configuration set TZ). */
static int64_t rome(int year, int month, int day, int hour, int minute)
{
	struct tm tm = {.tm_year = year - 1900,
	                .tm_mon = month - 1,
	                .tm_mday = day,
	                .tm_hour = hour,
	                .tm_min = minute,
	                .tm_isdst = -1};
	return (int64_t)mktime(&tm) * 1000;
}

static struct fixture *make(const char *policy, const char *counter1)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char text[2048], err[512];
	snprintf(text, sizeof(text), config_text, policy, counter1);
	if (turno_config_load_string(text, "test.ini", &f->config, err, sizeof(err)) < 0)
		fail_msg("config: %s", err);
	snprintf(f->dir, sizeof(f->dir), "/tmp/turno-queue-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/turno.db", f->dir);
	/* Tuesday 24 November 2026, 09:00 in Rome. */
	f->clock = turno_clock_new_manual(rome(2026, 11, 24, 9, 0));
	assert_int_equal(turno_queue_open(f->config, f->clock, f->db, &f->queue), 0);
	return f;
}

static int setup(void **state)
{
	*state = make("longest_wait", "A, B");
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[160];
	turno_queue_close(f->queue);
	turno_clock_free(f->clock);
	turno_config_free(f->config);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static const char *issue(struct fixture *f, char service, bool priority)
{
	static char label[8][8];
	static int slot;
	struct turno_ticket t;
	int rc = turno_queue_issue(f->queue, service, priority, &t);
	if (rc < 0)
		fail_msg("issue %c: %s", service, turno_strerror(rc));
	slot = (slot + 1) % 8;
	snprintf(label[slot], sizeof(label[slot]), "%s", t.label);
	return label[slot];
}

static const char *call(struct fixture *f, int counter)
{
	static char label[8];
	struct turno_ticket t;
	int rc = turno_queue_call_next(f->queue, counter, &t);
	if (rc == TURNO_E_EMPTY)
		return "empty";
	if (rc < 0)
		fail_msg("call %d: %s", counter, turno_strerror(rc));
	snprintf(label, sizeof(label), "%s", t.label);
	return label;
}

static int64_t count(struct fixture *f, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(turno_store_db(turno_queue_store(f->queue)), sql, -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void numbers_per_service_in_issue_order(void **state)
{
	struct fixture *f = *state;
	struct turno_ticket t;
	assert_string_equal(issue(f, 'A', false), "A001");
	assert_string_equal(issue(f, 'A', false), "A002");
	assert_string_equal(issue(f, 'B', false), "B001");
	assert_int_equal(turno_queue_issue(f->queue, 'A', false, &t), 0);
	assert_string_equal(t.label, "A003");
	assert_int_equal(t.ahead, 2);
	assert_string_equal(t.day, "2026-11-24");
	assert_string_equal(t.issued_local, "2026-11-24 09:00:00");
	/* No history: 2 ahead × 10 min default ÷ 1 counter serving A. */
	assert_int_equal(t.wait_minutes, 20);
	assert_int_equal(turno_queue_issue(f->queue, 'Z', false, &t), TURNO_E_UNKNOWN_SERVICE);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM events WHERE kind = 'issued'"), 4);
}

static void numbers_survive_reopening(void **state)
{
	struct fixture *f = *state;
	issue(f, 'A', false);
	issue(f, 'A', false);
	turno_queue_close(f->queue);
	assert_int_equal(turno_queue_open(f->config, f->clock, f->db, &f->queue), 0);
	assert_string_equal(issue(f, 'A', false), "A003");
}

static void new_day_restarts_and_expires_leftovers(void **state)
{
	struct fixture *f = *state;
	issue(f, 'A', false);
	issue(f, 'A', false);
	turno_clock_advance(f->clock, 24LL * 3600 * 1000); /* Wednesday 09:00 */
	assert_string_equal(issue(f, 'A', false), "A001");
	assert_int_equal(
	        count(f, "SELECT COUNT(*) FROM tickets WHERE state = 'expired' AND day = '2026-11-24'"), 2);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM events WHERE kind = 'expired'"), 2);
	assert_string_equal(call(f, 1), "A001");
}

static void backward_jump_never_resets_twice(void **state)
{
	struct fixture *f = *state;
	issue(f, 'A', false);
	issue(f, 'A', false);
	/* A synchronised clock steps back a day (a bad NTP source): same business day, no reset. */
	turno_clock_jump_wall(f->clock, -24LL * 3600 * 1000);
	assert_string_equal(issue(f, 'A', false), "A003");
	turno_clock_jump_wall(f->clock, 24LL * 3600 * 1000);
	assert_string_equal(issue(f, 'A', false), "A004");
	assert_int_equal(count(f, "SELECT COUNT(DISTINCT day) FROM tickets"), 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM tickets WHERE state = 'waiting'"), 4);
}

static int64_t live_duplicates(struct fixture *f)
{
	return count(f,
	             "SELECT COUNT(*) FROM (SELECT label FROM tickets WHERE state IN ('waiting', 'called') "
	             "GROUP BY label HAVING COUNT(*) > 1)");
}

static void synced_clock_corrects_unsynced_future_day(void **state)
{
	struct fixture *f = *state;
	issue(f, 'A', false); /* Tuesday A001, clock synchronised */
	/* Reboot with no RTC: the clock says Friday, unsynchronised. Tuesday's A001 still
	 * waits (an unsynchronised clock ends nothing), so Friday does not give A001 again. */
	turno_clock_reboot(f->clock);
	turno_clock_set_synced(f->clock, false);
	turno_clock_jump_wall(f->clock, 3LL * 24 * 3600 * 1000);
	assert_string_equal(issue(f, 'A', false), "A002");
	/* NTP syncs: it is really still Tuesday. The day is corrected back, the "Friday"
	 * ticket is filed under Tuesday, where it was issued, and numbering goes on. */
	turno_clock_jump_wall(f->clock, -3LL * 24 * 3600 * 1000);
	turno_clock_set_synced(f->clock, true);
	assert_string_equal(issue(f, 'A', false), "A003");
	assert_int_equal(count(f, "SELECT COUNT(*) FROM tickets WHERE state = 'waiting'"), 3);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM tickets WHERE day <> '2026-11-24'"), 0);
	assert_int_equal(
	        count(f, "SELECT COUNT(*) FROM tickets WHERE issued_local NOT LIKE '2026-11-24 09:00:%'"), 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM events WHERE kind = 'redated'"), 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM events WHERE kind = 'expired'"), 0);
	assert_int_equal(live_duplicates(f), 0);
}

static void tickets_issued_before_ntp_step_are_kept(void **state)
{
	struct fixture *f = *state;
	issue(f, 'A', false); /* Tuesday */
	/* Next morning the Pi boots with the clock restored from its last shutdown: Tuesday 17:00. */
	turno_clock_reboot(f->clock);
	turno_clock_set_synced(f->clock, false);
	turno_clock_jump_wall(f->clock, rome(2026, 11, 24, 17, 0) - turno_clock_wall_ms(f->clock));
	const char *early = issue(f, 'A', false);
	assert_string_equal(early, "A002");
	/* Two minutes later NTP steps to Wednesday 08:05: a new day, but the citizen holding
	 * A002 arrived two minutes ago, on Wednesday: still called, filed under Wednesday. */
	turno_clock_advance(f->clock, 120 * 1000);
	turno_clock_jump_wall(f->clock, rome(2026, 11, 25, 8, 5) - turno_clock_wall_ms(f->clock));
	turno_clock_set_synced(f->clock, true);
	assert_int_equal(turno_queue_tick(f->queue), 1); /* Tuesday's A001 from the earlier boot expires */
	assert_string_equal(issue(f, 'A', false), "A003");
	assert_int_equal(count(f, "SELECT COUNT(*) FROM tickets WHERE label = 'A002' AND day = '2026-11-25' "
	                          "AND issued_local = '2026-11-25 08:03:00'"),
	                 1);
	assert_string_equal(call(f, 1), "A002");
	assert_string_equal(call(f, 1), "A003");
	assert_string_equal(call(f, 1), "empty");
}

/* The Pi boots with fake-hwclock's time, yesterday 17:05 unsynchronised, and the office
 * opens; NTP then steps the clock to today 08:01. Two citizens must never hold one
 * number: the queue goes on after the numbers given before the step. */
static void clock_step_forward_never_gives_a_number_twice(void **state)
{
	struct fixture *f = *state;
	turno_clock_reboot(f->clock);
	turno_clock_set_synced(f->clock, false);
	turno_clock_jump_wall(f->clock, rome(2026, 11, 23, 17, 5) - turno_clock_wall_ms(f->clock));
	assert_string_equal(issue(f, 'A', false), "A001");
	turno_clock_advance(f->clock, 60 * 1000);
	assert_string_equal(issue(f, 'A', false), "A002");
	turno_clock_advance(f->clock, 60 * 1000);
	turno_clock_jump_wall(f->clock, rome(2026, 11, 24, 8, 1) - turno_clock_wall_ms(f->clock));
	turno_clock_set_synced(f->clock, true);
	assert_string_equal(issue(f, 'A', false), "A003");
	assert_string_equal(issue(f, 'A', false), "A004");
	assert_string_equal(call(f, 1), "A001");
	assert_string_equal(call(f, 1), "A002");
	assert_string_equal(call(f, 1), "A003");
	assert_string_equal(call(f, 1), "A004");
	assert_string_equal(call(f, 1), "empty");
	/* All four belong to today, at the times they were really taken. */
	assert_int_equal(count(f, "SELECT COUNT(*) FROM tickets WHERE day = '2026-11-24'"), 4);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM tickets WHERE label = 'A001' AND "
	                          "issued_local = '2026-11-24 07:59:00'"),
	                 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM (SELECT 1 FROM tickets GROUP BY day, label "
	                          "HAVING COUNT(*) > 1)"),
	                 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM events WHERE kind = 'redated'"), 2);
}

/* The opposite: the clock a day ahead, then NTP steps it back. Nobody waits twice with
 * A001, and no ticket filed under the wrong day still waits a real day later. */
static void clock_step_back_refiles_and_ends_the_day(void **state)
{
	struct fixture *f = *state;
	issue(f, 'A', false); /* Tuesday 09:00, synchronised: A001, waiting */
	turno_clock_reboot(f->clock);
	turno_clock_set_synced(f->clock, false);
	turno_clock_jump_wall(f->clock, 24LL * 3600 * 1000); /* "Wednesday" */
	assert_string_equal(issue(f, 'A', false), "A002");
	assert_int_equal(live_duplicates(f), 0);
	turno_clock_advance(f->clock, 5 * 60 * 1000);
	turno_clock_jump_wall(f->clock, -24LL * 3600 * 1000); /* NTP: it is Tuesday 09:05 */
	turno_clock_set_synced(f->clock, true);
	assert_string_equal(issue(f, 'A', false), "A003");
	assert_int_equal(
	        count(f, "SELECT COUNT(*) FROM tickets WHERE day = '2026-11-24' AND state = 'waiting'"), 3);
	/* The real Wednesday: Tuesday's leftovers end, numbers restart. */
	turno_clock_advance(f->clock, 24LL * 3600 * 1000);
	assert_int_equal(turno_queue_tick(f->queue), 3);
	assert_string_equal(issue(f, 'A', false), "A001");
	assert_int_equal(count(f, "SELECT COUNT(*) FROM tickets WHERE state = 'waiting'"), 1);
}

/* The corner of that corner: the real day already gave the number the clock a day ahead
 * gave again. The ticket cannot be filed under its day, so it stays filed where it was,
 * still in the queue, and no live number is given a second time. */
static void clock_step_back_onto_a_used_number(void **state)
{
	struct fixture *f = *state;
	issue(f, 'A', false);
	assert_string_equal(call(f, 1), "A001");
	assert_string_equal(call(f, 1), "empty"); /* Tuesday's A001 served */
	turno_clock_reboot(f->clock);
	turno_clock_set_synced(f->clock, false);
	turno_clock_jump_wall(f->clock, 24LL * 3600 * 1000);
	assert_string_equal(issue(f, 'A', false), "A001"); /* "Wednesday": nobody waits with A001 */
	turno_clock_advance(f->clock, 60 * 1000);
	turno_clock_jump_wall(f->clock, -24LL * 3600 * 1000);
	turno_clock_set_synced(f->clock, true);
	assert_string_equal(issue(f, 'A', false), "A002");
	assert_int_equal(live_duplicates(f), 0);
	assert_int_equal(
	        count(f, "SELECT COUNT(*) FROM tickets WHERE day = '2026-11-25' AND state = 'waiting'"), 1);
	/* The real Wednesday: the ticket the clock a day ahead filed under it was issued on
	 * Tuesday, so it ends with Tuesday's (it used to wait on); Wednesday's numbers go on
	 * after the one filed there. */
	turno_clock_advance(f->clock, 24LL * 3600 * 1000);
	assert_int_equal(turno_queue_tick(f->queue), 2);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM tickets WHERE state = 'waiting'"), 0);
	assert_string_equal(issue(f, 'A', false), "A002");
	assert_string_equal(call(f, 1), "A002");
}

static void hours_caps_and_cutoff(void **state)
{
	struct fixture *f = *state;
	struct turno_ticket t;
	issue(f, 'B', false);
	issue(f, 'B', false);
	issue(f, 'B', false);
	assert_int_equal(turno_queue_issue(f->queue, 'B', false, &t), TURNO_E_CAP);
	assert_int_equal(turno_queue_availability(f->queue, 'B'), TURNO_E_CAP);
	/* Service C has its own Tuesday hours, 08:00-12:00. */
	assert_string_equal(issue(f, 'C', false), "C001");
	turno_clock_advance(f->clock, 3LL * 3600 * 1000 + 50 * 60 * 1000); /* 12:50 */
	assert_int_equal(turno_queue_issue(f->queue, 'C', false, &t), TURNO_E_SERVICE_HOURS);
	turno_clock_advance(f->clock, 5LL * 3600 * 1000); /* 17:50: within 15 min of 18:00 */
	assert_int_equal(turno_queue_issue(f->queue, 'A', false, &t), TURNO_E_LAST_TICKET);
	turno_clock_advance(f->clock, 20 * 60 * 1000); /* 18:10 */
	assert_int_equal(turno_queue_issue(f->queue, 'A', false, &t), TURNO_E_CLOSED);
	turno_clock_advance(f->clock, 5LL * 24 * 3600 * 1000 - 9LL * 3600 * 1000); /* Sunday 09:10 */
	assert_int_equal(turno_queue_issue(f->queue, 'A', false, &t), TURNO_E_CLOSED);
	struct turno_status s;
	assert_int_equal(turno_queue_status(f->queue, &s), 0);
	assert_int_equal(s.office_availability, TURNO_E_CLOSED);
}

static void priority_then_longest_wait(void **state)
{
	struct fixture *f = *state;
	issue(f, 'A', false); /* A001 */
	issue(f, 'B', false); /* B001 */
	issue(f, 'A', true);  /* A002, priority */
	issue(f, 'A', false); /* A003 */
	assert_string_equal(call(f, 1), "A002");
	assert_string_equal(call(f, 1), "A001");
	assert_string_equal(call(f, 1), "B001");
	assert_string_equal(call(f, 1), "A003");
	assert_string_equal(call(f, 1), "empty");
	/* Each call completed the previous ticket. */
	assert_int_equal(count(f, "SELECT COUNT(*) FROM tickets WHERE state = 'completed'"), 4);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM events WHERE kind = 'completed'"), 4);
}

static void service_order_policy(void **state)
{
	struct fixture *f = make("service_order", "B, A");
	*state = f;
	issue(f, 'A', false); /* A001, waiting longest */
	issue(f, 'B', false); /* B001 */
	issue(f, 'A', true);  /* A002, priority: still first */
	assert_string_equal(call(f, 1), "A002");
	assert_string_equal(call(f, 1), "B001");
	assert_string_equal(call(f, 1), "A001");
}

static void recall_noshow_transfer(void **state)
{
	struct fixture *f = *state;
	struct turno_ticket t, gone;
	issue(f, 'A', false); /* A001 */
	issue(f, 'B', false); /* B001 */
	issue(f, 'A', false); /* A002 */
	assert_int_equal(turno_queue_recall(f->queue, 2, &t), TURNO_E_NO_CURRENT);
	assert_string_equal(call(f, 1), "A001");
	assert_int_equal(turno_queue_recall(f->queue, 1, &t), 0);
	assert_string_equal(t.label, "A001");
	assert_int_equal(t.recalls, 1);
	assert_int_equal(turno_queue_noshow(f->queue, 1, &gone, &t), 0);
	assert_string_equal(gone.label, "A001");
	assert_int_equal(gone.state, TURNO_TICKET_NO_SHOW);
	assert_string_equal(t.label, "B001");
	/* B001 goes to service A; it keeps its place by issue time, ahead of A002. */
	assert_int_equal(turno_queue_transfer(f->queue, 1, 'B', &t), TURNO_E_SAME_SERVICE);
	assert_int_equal(turno_queue_transfer(f->queue, 1, 'A', &t), 0);
	assert_string_equal(t.label, "B001");
	assert_int_equal(t.service, 'A');
	assert_int_equal(t.state, TURNO_TICKET_WAITING);
	assert_int_equal(turno_queue_recall(f->queue, 1, &t), TURNO_E_NO_CURRENT);
	assert_string_equal(call(f, 1), "B001");
	assert_string_equal(call(f, 1), "A002");
	assert_int_equal(
	        count(f, "SELECT COUNT(*) FROM events WHERE kind = 'transferred' AND detail = 'B>A'"), 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM events WHERE kind = 'recalled'"), 1);
	assert_int_equal(turno_queue_call_next(f->queue, 9, &t), TURNO_E_UNKNOWN_COUNTER);
}

static void durations_survive_clock_jumps(void **state)
{
	struct fixture *f = *state;
	struct turno_ticket t;
	issue(f, 'A', false);
	turno_clock_advance(f->clock, 300 * 1000);
	assert_string_equal(call(f, 1), "A001");
	/* NTP steps the wall clock back an hour while the citizen is at the counter. */
	turno_clock_jump_wall(f->clock, -3600 * 1000);
	turno_clock_advance(f->clock, 120 * 1000);
	assert_string_equal(call(f, 1), "empty");
	assert_int_equal(turno_queue_get(f->queue, 1, &t), 0);
	assert_int_equal(t.wait_s, 300);
	assert_int_equal(t.service_s, 120);
	/* Across a reboot only the wall clock is left: a backward step gives 0, not -3540. */
	issue(f, 'A', false);
	turno_clock_reboot(f->clock);
	turno_clock_jump_wall(f->clock, -3600 * 1000);
	assert_string_equal(call(f, 1), "A002");
	assert_int_equal(turno_queue_get(f->queue, 2, &t), 0);
	assert_int_equal(t.wait_s, 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM tickets WHERE wait_s < 0 OR service_s < 0"), 0);
}

static void waiting_tickets_expire_after_closing(void **state)
{
	struct fixture *f = *state;
	issue(f, 'A', false);
	issue(f, 'A', false);
	assert_string_equal(call(f, 1), "A001");
	turno_clock_advance(f->clock, 9LL * 3600 * 1000 + 30 * 60 * 1000); /* 18:30: closed, within grace */
	assert_int_equal(turno_queue_tick(f->queue), 0);
	turno_clock_advance(f->clock, 31 * 60 * 1000); /* 19:01 */
	assert_int_equal(turno_queue_tick(f->queue), 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM tickets WHERE state = 'expired'"), 1);
	assert_int_equal(turno_queue_tick(f->queue), 0);
}

static void estimate_learns_from_service_times(void **state)
{
	struct fixture *f = *state;
	struct turno_ticket t;
	for (int i = 0; i < 4; i++)
		issue(f, 'A', false);
	for (int i = 0; i < 4; i++) {
		call(f, 1);
		turno_clock_advance(f->clock, 240 * 1000); /* 4 minutes each */
	}
	call(f, 1); /* completes the fourth */
	issue(f, 'A', false);
	issue(f, 'A', false);
	assert_int_equal(turno_queue_issue(f->queue, 'A', false, &t), 0);
	/* 2 ahead × 4 min ÷ 1 active counter. */
	assert_int_equal(t.ahead, 2);
	assert_int_equal(t.wait_minutes, 8);
}

/* The estimate divides by the counters actually at work for the service, not by every
 * counter configured for it (until nobody has started: then all of them). */
static void estimate_counts_the_counters_at_work(void **state)
{
	struct fixture *f = make("longest_wait", "A, C"); /* C: counters 1 and 3 */
	*state = f;
	struct turno_ticket t;
	for (int i = 0; i < 4; i++)
		issue(f, 'C', false);
	static const struct {
		int counter_calls; /* 0: none; 3: counter 3 calls; 1: then counter 1 calls too */
		int ahead, minutes;
	} steps[] = {
	        {0, 4, 20}, /* nobody started: 4 × 10 min ÷ 2 configured */
	        {3, 4, 40}, /* only counter 3 at work: ÷ 1 */
	        {1, 4, 20}, /* both at work: ÷ 2 */
	};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (steps[i].counter_calls)
			call(f, steps[i].counter_calls);
		assert_int_equal(turno_queue_issue(f->queue, 'C', false, &t), 0);
		assert_int_equal(t.ahead, steps[i].ahead);
		assert_int_equal(t.wait_minutes, steps[i].minutes);
	}
}

static void print_results_are_recorded(void **state)
{
	struct fixture *f = *state;
	struct turno_ticket t;
	assert_int_equal(turno_queue_issue(f->queue, 'A', TURNO_ISSUE_PRINT, &t), 0);
	assert_int_equal(t.print_state, TURNO_PRINT_PENDING);
	assert_int_equal(turno_queue_record_print(f->queue, t.id, TURNO_PRINT_FAILED, "media-empty"), 0);
	assert_int_equal(turno_queue_get(f->queue, t.id, &t), 0);
	assert_int_equal(t.print_state, TURNO_PRINT_FAILED);
	assert_int_equal(
	        count(f,
	              "SELECT COUNT(*) FROM events WHERE kind = 'print_failed' AND detail = 'media-empty'"),
	        1);
	struct turno_status s;
	assert_int_equal(turno_queue_status(f->queue, &s), 0);
	assert_int_equal(s.print_failed_today, 1);
	assert_int_equal(s.waiting_total, 1);
	assert_int_equal(s.events_total, 2);
	assert_int_equal(s.sync_backlog, 2);
}

/* A kiosk killed between issuing and the print result: one row per way a ticket can
 * stand when it dies, and how the next start must leave it. */
static const struct {
	const char *what;
	unsigned flags;
	enum turno_print_state result; /* recorded before the kill; PENDING = none came */
	enum turno_print_state after_restart;
} restart_cases[] = {
        {"issued with --no-print", 0, TURNO_PRINT_NONE, TURNO_PRINT_NONE},
        {"printer never answered", TURNO_ISSUE_PRINT, TURNO_PRINT_PENDING, TURNO_PRINT_UNKNOWN},
        {"printed", TURNO_ISSUE_PRINT, TURNO_PRINT_PRINTED, TURNO_PRINT_PRINTED},
        {"failed", TURNO_ISSUE_PRINT, TURNO_PRINT_FAILED, TURNO_PRINT_FAILED},
        {"timed out", TURNO_ISSUE_PRINT, TURNO_PRINT_UNKNOWN, TURNO_PRINT_UNKNOWN},
};
#define RESTART_CASES (int)(sizeof(restart_cases) / sizeof(restart_cases[0]))
#define STOPPED_DETAIL "the kiosk stopped before the printer answered"

static void restart(struct fixture *f)
{
	turno_queue_close(f->queue);
	f->queue = NULL;
	assert_int_equal(turno_queue_open(f->config, f->clock, f->db, &f->queue), 0);
}

static int not_printed_today(struct fixture *f)
{
	struct turno_status s;
	assert_int_equal(turno_queue_status(f->queue, &s), 0);
	return s.print_failed_today;
}

static void pending_print_becomes_unknown_at_restart(void **state)
{
	struct fixture *f = *state;
	int64_t ids[RESTART_CASES];
	int64_t ghost = 0;
	for (int i = 0; i < RESTART_CASES; i++) {
		struct turno_ticket t;
		assert_int_equal(turno_queue_issue(f->queue, 'A', restart_cases[i].flags, &t), 0);
		ids[i] = t.id;
		if (restart_cases[i].result == TURNO_PRINT_PENDING)
			ghost = t.id;
		else if (restart_cases[i].result != TURNO_PRINT_NONE)
			assert_int_equal(
			        turno_queue_record_print(f->queue, t.id, restart_cases[i].result, "cups"), 0);
	}
	/* The pending ticket is invisible to the count until the engine settles it. */
	assert_int_equal(not_printed_today(f), 2);
	int64_t events_before = count(f, "SELECT COUNT(*) FROM events");

	turno_clock_advance(f->clock, 90 * 1000); /* restarted by systemd 09:01:30 */
	restart(f);
	for (int i = 0; i < RESTART_CASES; i++) {
		struct turno_ticket t;
		assert_int_equal(turno_queue_get(f->queue, ids[i], &t), 0);
		if (t.print_state != restart_cases[i].after_restart)
			fail_msg("%s: print state %s after restart, expected %s", restart_cases[i].what,
			         turno_print_state_name(t.print_state),
			         turno_print_state_name(restart_cases[i].after_restart));
	}
	char sql[512];
	snprintf(sql, sizeof(sql),
	         "SELECT COUNT(*) FROM events WHERE ticket_id = %lld AND kind = 'print_unknown' "
	         "AND detail = '" STOPPED_DETAIL "' AND label = 'A002' AND service = 'A' "
	         "AND kiosk_id = 'k1' AND local_date = '2026-11-24' AND local_time = '09:01:30' "
	         "AND utc_ms = %lld AND clock_synced = 1",
	         (long long)ghost, (long long)turno_clock_wall_ms(f->clock));
	assert_int_equal(count(f, sql), 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM events WHERE detail = '" STOPPED_DETAIL "'"), 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM events"), events_before + 1);
	snprintf(sql, sizeof(sql),
	         "SELECT COUNT(*) FROM tickets WHERE id = %lld AND print_detail = '" STOPPED_DETAIL "'",
	         (long long)ghost);
	assert_int_equal(count(f, sql), 1);
	assert_int_equal(not_printed_today(f), 3);

	/* A second start finds nothing pending: no second event, no write. */
	restart(f);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM events"), events_before + 1);
	assert_int_equal(
	        count(f,
	              "SELECT COUNT(*) FROM events WHERE kind = 'print_unknown' AND detail = '" STOPPED_DETAIL
	              "'"),
	        1);
	assert_int_equal(not_printed_today(f), 3);
}

static void pending_print_waits_for_its_result_within_a_run(void **state)
{
	struct fixture *f = *state;
	struct turno_ticket t;
	assert_int_equal(turno_queue_issue(f->queue, 'A', TURNO_ISSUE_PRINT, &t), 0);
	/* The printer is slow: a minute of housekeeping and other tickets does not settle it. */
	turno_clock_advance(f->clock, 60 * 1000);
	assert_true(turno_queue_tick(f->queue) >= 0);
	issue(f, 'B', false);
	assert_int_equal(turno_queue_get(f->queue, t.id, &t), 0);
	assert_int_equal(t.print_state, TURNO_PRINT_PENDING);
	assert_int_equal(turno_queue_record_print(f->queue, t.id, TURNO_PRINT_PRINTED, NULL), 0);
	restart(f);
	assert_int_equal(turno_queue_get(f->queue, t.id, &t), 0);
	assert_int_equal(t.print_state, TURNO_PRINT_PRINTED);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM events WHERE kind = 'print_unknown'"), 0);
	assert_int_equal(not_printed_today(f), 0);
}

static void status_reports_counters_and_calls(void **state)
{
	struct fixture *f = *state;
	struct turno_status s;
	issue(f, 'A', false);
	issue(f, 'B', false);
	call(f, 2);
	call(f, 1);
	assert_int_equal(turno_queue_status(f->queue, &s), 0);
	assert_int_equal(s.counter_count, 3);
	assert_true(s.counters[0].serving);
	assert_string_equal(s.counters[0].label, "A001");
	assert_string_equal(s.counters[1].label, "B001");
	assert_false(s.counters[2].serving);
	assert_int_equal(s.last_call_count, 2);
	assert_string_equal(s.last_calls[0].label, "A001"); /* newest first */
	assert_int_equal(s.last_calls[0].counter, 1);
	assert_int_equal(s.services[1].issued_today, 1);
	assert_int_equal(s.office_availability, 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
	        T(numbers_per_service_in_issue_order),
	        T(numbers_survive_reopening),
	        T(new_day_restarts_and_expires_leftovers),
	        T(backward_jump_never_resets_twice),
	        T(synced_clock_corrects_unsynced_future_day),
	        T(tickets_issued_before_ntp_step_are_kept),
	        T(clock_step_forward_never_gives_a_number_twice),
	        T(clock_step_back_refiles_and_ends_the_day),
	        T(clock_step_back_onto_a_used_number),
	        T(hours_caps_and_cutoff),
	        T(priority_then_longest_wait),
	        cmocka_unit_test_teardown(service_order_policy, teardown),
	        T(recall_noshow_transfer),
	        T(durations_survive_clock_jumps),
	        T(waiting_tickets_expire_after_closing),
	        T(estimate_learns_from_service_times),
	        cmocka_unit_test_teardown(estimate_counts_the_counters_at_work, teardown),
	        T(print_results_are_recorded),
	        T(status_reports_counters_and_calls),
	        T(pending_print_becomes_unknown_at_restart),
	        T(pending_print_waits_for_its_result_within_a_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
