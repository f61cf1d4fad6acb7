/* The queue engine. Every operation is one IMMEDIATE transaction: read, decide, write
 * the ticket and its event, commit; only then is anything reported to the caller.
 * Waiting order is the ticket id (issue order), never the wall clock, so a clock jump
 * cannot reorder the queue. */
#include "core/queue.h"

#include "core/businessday.h"
#include "core/daychange.h"
#include "core/error.h"
#include "core/estimate.h"
#include "core/requests.h"
#include "core/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A wait or a service longer than this is a broken clock, not a citizen. */
#define MAX_DURATION_S (12 * 3600)
#define ACTIVE_COUNTER_MS (30LL * 60 * 1000)

struct turno_queue {
	const struct turno_config *config;
	struct turno_clock *clock;
	struct turno_store *store;
	char business_day[11];
	bool business_day_synced;
	int64_t counter_activity_mono[TURNO_MAX_COUNTERS + 1];
	bool counter_active_known[TURNO_MAX_COUNTERS + 1];
	/* The request id the next change is recorded under (turno_queue_set_request). */
	char request_id[TURNO_REQUEST_ID_MAX + 1];
	char request_text[TURNO_REQUEST_TEXT_MAX];
};

/* What "now" is for one operation. */
struct moment {
	struct turno_stamp stamp;
	struct tm local;
	char date[11];
	char time[9];
	char local_text[20];
};

static struct moment moment_now(struct turno_queue *q)
{
	struct moment m;
	m.stamp = turno_clock_now(q->clock);
	turno_local_tm(m.stamp.wall_ms, &m.local);
	strftime(m.date, sizeof(m.date), "%Y-%m-%d", &m.local);
	strftime(m.time, sizeof(m.time), "%H:%M:%S", &m.local);
	strftime(m.local_text, sizeof(m.local_text), "%Y-%m-%d %H:%M:%S", &m.local);
	return m;
}

const char *turno_ticket_state_name(enum turno_ticket_state state)
{
	switch (state) {
	case TURNO_TICKET_WAITING:
		return "waiting";
	case TURNO_TICKET_CALLED:
		return "called";
	case TURNO_TICKET_COMPLETED:
		return "completed";
	case TURNO_TICKET_NO_SHOW:
		return "no_show";
	case TURNO_TICKET_EXPIRED:
		return "expired";
	}
	return "?";
}

const char *turno_print_state_name(enum turno_print_state state)
{
	switch (state) {
	case TURNO_PRINT_NONE:
		return "none";
	case TURNO_PRINT_PENDING:
		return "pending";
	case TURNO_PRINT_PRINTED:
		return "printed";
	case TURNO_PRINT_FAILED:
		return "failed";
	case TURNO_PRINT_UNKNOWN:
		return "unknown";
	}
	return "?";
}

static enum turno_ticket_state state_from(const char *s)
{
	if (!strcmp(s, "called"))
		return TURNO_TICKET_CALLED;
	if (!strcmp(s, "completed"))
		return TURNO_TICKET_COMPLETED;
	if (!strcmp(s, "no_show"))
		return TURNO_TICKET_NO_SHOW;
	if (!strcmp(s, "expired"))
		return TURNO_TICKET_EXPIRED;
	return TURNO_TICKET_WAITING;
}

static enum turno_print_state print_state_from(const char *s)
{
	if (!strcmp(s, "pending"))
		return TURNO_PRINT_PENDING;
	if (!strcmp(s, "printed"))
		return TURNO_PRINT_PRINTED;
	if (!strcmp(s, "failed"))
		return TURNO_PRINT_FAILED;
	if (!strcmp(s, "unknown"))
		return TURNO_PRINT_UNKNOWN;
	return TURNO_PRINT_NONE;
}

static const char *text_or_empty(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? (const char *)t : "";
}

static void copy_text(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

/* ------------------------------------------------------------------ open/close */

static int settle_orphaned_prints(struct turno_queue *q);

int turno_queue_open(const struct turno_config *config, struct turno_clock *clock, const char *path,
                     struct turno_queue **out)
{
	*out = NULL;
	struct turno_queue *q = calloc(1, sizeof(*q));
	if (!q)
		return TURNO_E_DB;
	q->config = config;
	q->clock = clock;
	int rc = turno_store_open(path, TURNO_STORE_READWRITE, &q->store, NULL);
	if (rc < 0) {
		free(q);
		return rc;
	}
	int64_t synced = 0;
	if (turno_store_meta_get(q->store, "queue.business_day", q->business_day, sizeof(q->business_day)) <
	    0)
		q->business_day[0] = '\0';
	if (turno_store_meta_get_int(q->store, "queue.business_day_synced", &synced) == 0)
		q->business_day_synced = synced != 0;
	rc = settle_orphaned_prints(q);
	if (rc < 0) {
		turno_queue_close(q);
		return rc;
	}
	*out = q;
	return 0;
}

void turno_queue_close(struct turno_queue *q)
{
	if (!q)
		return;
	turno_store_close(q->store);
	free(q);
}

const char *turno_queue_errmsg(struct turno_queue *q)
{
	return turno_store_errmsg(q->store);
}

struct turno_store *turno_queue_store(struct turno_queue *q)
{
	return q->store;
}

/* ------------------------------------------------------------------ rows */

static const char SQL_TICKET[] =
        "SELECT id, label, service, priority, state, counter, issued_utc_ms, day, "
        "issued_local, wait_s, service_s, recalls, print_state FROM tickets WHERE id = ?1";

static void ticket_from_row(sqlite3_stmt *st, struct turno_ticket *t)
{
	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(st, 0);
	copy_text(t->label, sizeof(t->label), text_or_empty(st, 1));
	t->service = text_or_empty(st, 2)[0];
	t->priority = sqlite3_column_int(st, 3) != 0;
	t->state = state_from(text_or_empty(st, 4));
	t->counter = sqlite3_column_int(st, 5);
	t->issued_utc_ms = sqlite3_column_int64(st, 6);
	copy_text(t->day, sizeof(t->day), text_or_empty(st, 7));
	copy_text(t->issued_local, sizeof(t->issued_local), text_or_empty(st, 8));
	t->wait_s = sqlite3_column_type(st, 9) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 9);
	t->service_s = sqlite3_column_type(st, 10) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 10);
	t->recalls = sqlite3_column_int(st, 11);
	t->print_state = print_state_from(text_or_empty(st, 12));
}

int turno_queue_get(struct turno_queue *q, int64_t id, struct turno_ticket *out)
{
	sqlite3_stmt *st = turno_store_stmt(q->store, SQL_TICKET);
	if (!st)
		return TURNO_E_DB;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		ticket_from_row(st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? TURNO_E_NOT_FOUND : TURNO_E_DB;
}

struct event {
	int64_t ticket_id;
	const char *kind;
	const char *label;
	char service;
	int counter;
	int wait_s;    /* -1 = none */
	int service_s; /* -1 = none */
	const char *detail;
};

static int add_event(struct turno_queue *q, const struct moment *m, const struct event *e)
{
	sqlite3_stmt *st = turno_store_stmt(
	        q->store,
	        "INSERT INTO events (ticket_id, kind, utc_ms, local_date, local_time, kiosk_id, label, "
	        "service, counter, wait_s, service_s, clock_synced, detail) "
	        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
	if (!st)
		return TURNO_E_DB;
	char service[2] = {e->service, 0};
	sqlite3_bind_int64(st, 1, e->ticket_id);
	sqlite3_bind_text(st, 2, e->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, m->stamp.wall_ms);
	sqlite3_bind_text(st, 4, m->date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, m->time, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, q->config->kiosk_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, e->label, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, service, -1, SQLITE_TRANSIENT);
	if (e->counter > 0)
		sqlite3_bind_int(st, 9, e->counter);
	if (e->wait_s >= 0)
		sqlite3_bind_int(st, 10, e->wait_s);
	if (e->service_s >= 0)
		sqlite3_bind_int(st, 11, e->service_s);
	sqlite3_bind_int(st, 12, m->stamp.synced);
	if (e->detail)
		sqlite3_bind_text(st, 13, e->detail, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : TURNO_E_DB;
}

static int exec_step(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : TURNO_E_DB;
}

/* Inside the transaction of a change: the request id it was asked under, if any, with
 * what it answered, so that a retry gets the same answer (core/requests). */
static int record_request(struct turno_queue *q, const struct moment *m, int result, int64_t ticket_id,
                          int64_t other_ticket_id)
{
	if (!q->request_id[0])
		return 0;
	struct turno_request_record r = {
	        .utc_ms = m->stamp.wall_ms,
	        .result = result,
	        .ticket_id = ticket_id,
	        .other_ticket_id = other_ticket_id,
	};
	copy_text(r.request, sizeof(r.request), q->request_text);
	int rc = turno_requests_record(q->store, q->request_id, &r);
	/* One change per id: anything the change sets off (a module reacting to it) is not
	 * recorded under it again. */
	q->request_id[0] = '\0';
	return rc;
}

void turno_queue_set_request(struct turno_queue *q, const char *id, const char *request)
{
	copy_text(q->request_id, sizeof(q->request_id), id ? id : "");
	copy_text(q->request_text, sizeof(q->request_text), request ? request : "");
}

/* Seconds between a stamp stored in three columns and now. */
static int seconds_since(sqlite3_stmt *st, int wall_col, const struct moment *m)
{
	struct turno_stamp then = {0};
	then.wall_ms = sqlite3_column_int64(st, wall_col);
	then.mono_ms = sqlite3_column_int64(st, wall_col + 1);
	copy_text(then.boot_id, sizeof(then.boot_id), text_or_empty(st, wall_col + 2));
	return (int)turno_stamp_seconds_between(&then, &m->stamp, MAX_DURATION_S);
}

/* ------------------------------------------------------------------ business day */

static int set_business_day(struct turno_queue *q, const char *day, bool synced)
{
	if (turno_store_meta_set(q->store, "queue.business_day", day) < 0 ||
	    turno_store_meta_set_int(q->store, "queue.business_day_synced", synced) < 0)
		return TURNO_E_DB;
	copy_text(q->business_day, sizeof(q->business_day), day);
	q->business_day_synced = synced;
	return 0;
}

/* What the clock now does to the business day (core/businessday). Pure, no writes. */
static enum turno_day_change day_change(const struct turno_queue *q, const struct moment *m)
{
	struct turno_business_day current = {.synced = q->business_day_synced};
	copy_text(current.day, sizeof(current.day), q->business_day);
	return turno_business_day_decide(&current, m->date, m->stamp.synced);
}

struct day_events {
	struct turno_queue *q;
	const struct moment *m;
};

static int add_day_event(void *user, int64_t ticket_id, const char *kind, const char *label, char service,
                         int counter, const char *detail)
{
	struct day_events *d = user;
	struct event e = {ticket_id, kind, label, service, counter, -1, -1, detail};
	return add_event(d->q, d->m, &e);
}

/* Inside a transaction. Returns tickets ended, or TURNO_E_DB. */
static int ensure_day(struct turno_queue *q, const struct moment *m)
{
	enum turno_day_change change = day_change(q, m);
	if (change == TURNO_DAY_KEEP)
		return 0;
	/* Tickets taken before the clock stepped are filed under the day they were really
	 * issued on; then, on a new day, what is left of earlier days ends. (On failure the
	 * caller re-reads the day from the database.) */
	struct day_events d = {q, m};
	struct turno_daychange_events events = {add_day_event, &d};
	if (turno_daychange_correct(q->store, q->business_day, &m->stamp, &events) < 0)
		return TURNO_E_DB;
	int ended = 0;
	if (change == TURNO_DAY_NEW) {
		ended = turno_daychange_end_leftovers(q->store, m->date, &m->stamp, &events);
		if (ended < 0)
			return ended;
	}
	if (set_business_day(q, m->date, m->stamp.synced) < 0 ||
	    turno_requests_prune(q->store, m->stamp.wall_ms - TURNO_REQUEST_KEEP_MS) < 0)
		return TURNO_E_DB;
	return ended;
}

static void reload_day(struct turno_queue *q)
{
	int64_t synced = 0;
	if (turno_store_meta_get(q->store, "queue.business_day", q->business_day, sizeof(q->business_day)) <
	    0)
		q->business_day[0] = '\0';
	if (turno_store_meta_get_int(q->store, "queue.business_day_synced", &synced) == 0)
		q->business_day_synced = synced != 0;
}

/* TURNO_E_DB made precise: another program's lock (TURNO_E_BUSY), a full disk. */
static int db_failure(struct turno_queue *q)
{
	int kind = turno_store_failure(q->store);
	return kind < 0 ? kind : TURNO_E_DB;
}

static int fail(struct turno_queue *q, int rc)
{
	/* The cause is read before the ROLLBACK, which resets it. */
	if (rc == TURNO_E_DB)
		rc = turno_store_note_failure(q->store);
	turno_store_rollback(q->store);
	reload_day(q);
	return rc;
}

static int begin(struct turno_queue *q, struct moment *m)
{
	if (turno_store_begin(q->store) < 0)
		return db_failure(q);
	*m = moment_now(q);
	int rc = ensure_day(q, m);
	if (rc < 0)
		return fail(q, rc);
	return rc; /* tickets ended by a day change */
}

static int commit(struct turno_queue *q)
{
	if (turno_store_commit(q->store) < 0) {
		reload_day(q);
		return db_failure(q);
	}
	/* Committed into a -wal file somebody deleted is not durable: only what the store
	 * could save counts as done. */
	if (turno_store_check_journal(q->store) < 0)
		return TURNO_E_DB;
	return 0;
}

/* ------------------------------------------------------------------ estimates */

static int count_waiting(struct turno_queue *q, char service, bool priority_only)
{
	sqlite3_stmt *st = turno_store_stmt(q->store, "SELECT COUNT(*) FROM tickets WHERE state = 'waiting' "
	                                              "AND service = ?1 AND priority >= ?2");
	if (!st)
		return TURNO_E_DB;
	char s[2] = {service, 0};
	sqlite3_bind_text(st, 1, s, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, priority_only);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : TURNO_E_DB;
	sqlite3_reset(st);
	return n;
}

static bool counter_serves(const struct turno_counter_config *c, char service)
{
	return strchr(c->services, service) != NULL;
}

static bool counter_serving_now(struct turno_queue *q, int counter)
{
	sqlite3_stmt *st = turno_store_stmt(
	        q->store, "SELECT 1 FROM tickets WHERE state = 'called' AND counter = ?1 LIMIT 1");
	if (!st)
		return false;
	sqlite3_bind_int(st, 1, counter);
	bool yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return yes;
}

static int estimate_minutes(struct turno_queue *q, char service, int ahead)
{
	const struct turno_config *c = q->config;
	int samples[1000];
	int n = 0;
	sqlite3_stmt *st =
	        turno_store_stmt(q->store, "SELECT service_s FROM tickets WHERE service = ?1 AND "
	                                   "state = 'completed' AND service_s > 0 ORDER BY id DESC LIMIT ?2");
	if (st) {
		char s[2] = {service, 0};
		sqlite3_bind_text(st, 1, s, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, c->estimate_window < 1000 ? c->estimate_window : 1000);
		while (sqlite3_step(st) == SQLITE_ROW && n < 1000)
			samples[n++] = sqlite3_column_int(st, 0);
		sqlite3_reset(st);
	}
	int64_t mono = turno_clock_mono_ms(q->clock);
	int active = 0, configured = 0;
	for (int i = 0; i < c->counter_count; i++) {
		const struct turno_counter_config *k = &c->counters[i];
		if (!counter_serves(k, service))
			continue;
		configured++;
		bool recent = q->counter_active_known[k->id] &&
		              mono - q->counter_activity_mono[k->id] < ACTIVE_COUNTER_MS;
		if (recent || counter_serving_now(q, k->id))
			active++;
	}
	/* Before any operator has started, assume the office staffs the counters it configured. */
	if (active == 0)
		active = configured;
	return turno_estimate_wait_minutes(ahead, samples, n, active, c->default_service_minutes);
}

/* ------------------------------------------------------------------ issuing */

static int check_availability(struct turno_queue *q, const struct turno_service_config *svc,
                              const struct moment *m, int *issued_today, int *max_number)
{
	int rc = q->config->ignore_hours
	                 ? 0
	                 : turno_hours_check_issue(&q->config->hours, svc->has_own_hours ? &svc->hours : NULL,
	                                           &m->local);
	sqlite3_stmt *st =
	        turno_store_stmt(q->store, "SELECT COUNT(*), COALESCE(MAX(number), 0) FROM tickets "
	                                   "WHERE day = ?1 AND prefix = ?2");
	if (!st)
		return TURNO_E_DB;
	char s[2] = {svc->letter, 0};
	sqlite3_bind_text(st, 1, q->business_day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return TURNO_E_DB;
	}
	int issued = sqlite3_column_int(st, 0);
	int max = sqlite3_column_int(st, 1);
	sqlite3_reset(st);
	/* Never a number that somebody still waits with, whatever day it is filed under (a
	 * leftover an unsynchronised clock could not end, a ticket a clock step misfiled). */
	sqlite3_stmt *live = turno_store_stmt(
	        q->store,
	        "SELECT MAX(n) FROM (SELECT number AS n FROM tickets WHERE state = 'waiting' AND prefix = ?1 "
	        "UNION ALL SELECT number FROM tickets WHERE state = 'called' AND prefix = ?1)");
	if (!live)
		return TURNO_E_DB;
	sqlite3_bind_text(live, 1, s, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(live) != SQLITE_ROW) {
		sqlite3_reset(live);
		return TURNO_E_DB;
	}
	if (sqlite3_column_int(live, 0) > max)
		max = sqlite3_column_int(live, 0);
	sqlite3_reset(live);
	if (issued_today)
		*issued_today = issued;
	if (max_number)
		*max_number = max;
	if (rc < 0)
		return rc;
	if (issued >= svc->daily_cap || max >= 999)
		return TURNO_E_CAP;
	return 0;
}

int turno_queue_issue(struct turno_queue *q, char service, unsigned flags, struct turno_ticket *out)
{
	bool priority = flags & TURNO_ISSUE_PRIORITY;
	bool print = flags & TURNO_ISSUE_PRINT;
	const struct turno_service_config *svc = turno_config_service(q->config, service);
	if (!svc)
		return TURNO_E_UNKNOWN_SERVICE;
	struct moment m;
	int rc = begin(q, &m);
	if (rc < 0)
		return rc;
	int max_number = 0;
	rc = check_availability(q, svc, &m, NULL, &max_number);
	if (rc < 0)
		return fail(q, rc);
	int ahead = count_waiting(q, service, priority);
	if (ahead < 0)
		return fail(q, ahead);
	int number = max_number + 1;
	char label[8];
	snprintf(label, sizeof(label), "%c%03u", service, (unsigned)number % 1000u);
	sqlite3_stmt *st = turno_store_stmt(
	        q->store,
	        "INSERT INTO tickets (day, prefix, number, label, service, priority, state, issued_utc_ms, "
	        "issued_local, queued_utc_ms, queued_mono_ms, queued_boot, clock_synced, print_state) "
	        "VALUES (?1, ?2, ?3, ?4, ?2, ?5, 'waiting', ?6, ?7, ?6, ?8, ?9, ?10, ?11)");
	if (!st)
		return fail(q, TURNO_E_DB);
	char s[2] = {service, 0};
	sqlite3_bind_text(st, 1, q->business_day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, number);
	sqlite3_bind_text(st, 4, label, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, priority);
	sqlite3_bind_int64(st, 6, m.stamp.wall_ms);
	sqlite3_bind_text(st, 7, m.local_text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, m.stamp.mono_ms);
	sqlite3_bind_text(st, 9, m.stamp.boot_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 10, m.stamp.synced);
	sqlite3_bind_text(st, 11, print ? "pending" : "none", -1, SQLITE_STATIC);
	if (exec_step(st) < 0)
		return fail(q, TURNO_E_DB);
	int64_t id = sqlite3_last_insert_rowid(turno_store_db(q->store));
	struct event e = {id, "issued", label, service, 0, -1, -1, priority ? "priority" : NULL};
	if (add_event(q, &m, &e) < 0 || record_request(q, &m, 0, id, 0) < 0)
		return fail(q, TURNO_E_DB);
	int wait_minutes = estimate_minutes(q, service, ahead);
	int committed = commit(q);
	if (committed < 0)
		return committed;
	if (out) {
		memset(out, 0, sizeof(*out));
		out->id = id;
		copy_text(out->label, sizeof(out->label), label);
		out->service = service;
		out->priority = priority;
		out->state = TURNO_TICKET_WAITING;
		out->ahead = ahead;
		out->wait_minutes = wait_minutes;
		out->issued_utc_ms = m.stamp.wall_ms;
		copy_text(out->day, sizeof(out->day), q->business_day);
		copy_text(out->issued_local, sizeof(out->issued_local), m.local_text);
		out->wait_s = out->service_s = -1;
		out->print_state = print ? TURNO_PRINT_PENDING : TURNO_PRINT_NONE;
	}
	return 0;
}

int turno_queue_availability(struct turno_queue *q, char service)
{
	const struct turno_service_config *svc = turno_config_service(q->config, service);
	if (!svc)
		return TURNO_E_UNKNOWN_SERVICE;
	struct moment m = moment_now(q);
	return check_availability(q, svc, &m, NULL, NULL);
}

/* ------------------------------------------------------------------ calling */

static const char SQL_CURRENT[] = "SELECT id, label, service, called_utc_ms, called_mono_ms, called_boot "
                                  "FROM tickets WHERE state = 'called' AND counter = ?1 ORDER BY id LIMIT 1";

/* Finishes the counter's current ticket as completed or no_show. Returns 1 when there
 * was one (and fills *done when not NULL), 0 when none, or TURNO_E_DB. */
static int finish_current(struct turno_queue *q, const struct moment *m, int counter, const char *state,
                          struct turno_ticket *done)
{
	sqlite3_stmt *st = turno_store_stmt(q->store, SQL_CURRENT);
	if (!st)
		return TURNO_E_DB;
	sqlite3_bind_int(st, 1, counter);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 0 : TURNO_E_DB;
	}
	int64_t id = sqlite3_column_int64(st, 0);
	char label[8];
	copy_text(label, sizeof(label), text_or_empty(st, 1));
	char service = text_or_empty(st, 2)[0];
	int service_s = seconds_since(st, 3, m);
	sqlite3_reset(st);
	bool completed = strcmp(state, "completed") == 0;
	sqlite3_stmt *up = turno_store_stmt(
	        q->store,
	        "UPDATE tickets SET state = ?2, finished_utc_ms = ?3, "
	        "service_s = CASE WHEN ?4 THEN COALESCE(service_s, 0) + ?5 ELSE service_s END WHERE id = ?1");
	if (!up)
		return TURNO_E_DB;
	sqlite3_bind_int64(up, 1, id);
	sqlite3_bind_text(up, 2, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(up, 3, m->stamp.wall_ms);
	sqlite3_bind_int(up, 4, completed);
	sqlite3_bind_int(up, 5, service_s);
	if (exec_step(up) < 0)
		return TURNO_E_DB;
	struct event e = {id, state, label, service, counter, -1, completed ? service_s : -1, NULL};
	if (add_event(q, m, &e) < 0)
		return TURNO_E_DB;
	if (done && turno_queue_get(q, id, done) < 0)
		return TURNO_E_DB;
	return 1;
}

/* The id of the next ticket for a counter, 0 when nobody waits, or TURNO_E_DB. */
static int64_t pick_next(struct turno_queue *q, const struct turno_counter_config *c)
{
	/* Priority tickets first (any of the counter's services), then by policy. */
	sqlite3_stmt *any = turno_store_stmt(q->store, "SELECT id FROM tickets WHERE state = 'waiting' AND "
	                                               "instr(?1, service) > 0 AND priority >= ?2 "
	                                               "ORDER BY priority DESC, id LIMIT 1");
	if (!any)
		return TURNO_E_DB;
	bool by_service = q->config->policy == TURNO_POLICY_SERVICE_ORDER;
	sqlite3_bind_text(any, 1, c->services, -1, SQLITE_STATIC);
	sqlite3_bind_int(any, 2, by_service ? 1 : 0);
	int rc = sqlite3_step(any);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(any, 0) : 0;
	sqlite3_reset(any);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return TURNO_E_DB;
	if (id || !by_service)
		return id;
	sqlite3_stmt *one = turno_store_stmt(q->store, "SELECT id FROM tickets WHERE state = 'waiting' AND "
	                                               "service = ?1 ORDER BY id LIMIT 1");
	if (!one)
		return TURNO_E_DB;
	for (const char *s = c->services; *s; s++) {
		char letter[2] = {*s, 0};
		sqlite3_bind_text(one, 1, letter, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(one);
		id = rc == SQLITE_ROW ? sqlite3_column_int64(one, 0) : 0;
		sqlite3_reset(one);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return TURNO_E_DB;
		if (id)
			return id;
	}
	return 0;
}

static int call_ticket(struct turno_queue *q, const struct moment *m, int64_t id, int counter)
{
	sqlite3_stmt *st = turno_store_stmt(q->store, "SELECT label, service, queued_utc_ms, queued_mono_ms, "
	                                              "queued_boot FROM tickets WHERE id = ?1");
	if (!st)
		return TURNO_E_DB;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return TURNO_E_DB;
	}
	char label[8];
	copy_text(label, sizeof(label), text_or_empty(st, 0));
	char service = text_or_empty(st, 1)[0];
	int wait_s = seconds_since(st, 2, m);
	sqlite3_reset(st);
	sqlite3_stmt *up = turno_store_stmt(
	        q->store,
	        "UPDATE tickets SET state = 'called', counter = ?2, called_utc_ms = ?3, called_mono_ms = ?4, "
	        "called_boot = ?5, wait_s = COALESCE(wait_s, 0) + ?6 WHERE id = ?1");
	if (!up)
		return TURNO_E_DB;
	sqlite3_bind_int64(up, 1, id);
	sqlite3_bind_int(up, 2, counter);
	sqlite3_bind_int64(up, 3, m->stamp.wall_ms);
	sqlite3_bind_int64(up, 4, m->stamp.mono_ms);
	sqlite3_bind_text(up, 5, m->stamp.boot_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(up, 6, wait_s);
	if (exec_step(up) < 0)
		return TURNO_E_DB;
	struct event e = {id, "called", label, service, counter, wait_s, -1, NULL};
	return add_event(q, m, &e);
}

static void mark_active(struct turno_queue *q, int counter)
{
	if (counter > 0 && counter <= TURNO_MAX_COUNTERS) {
		q->counter_activity_mono[counter] = turno_clock_mono_ms(q->clock);
		q->counter_active_known[counter] = true;
	}
}

/* Finishes the current ticket as `state`, then calls the next one. */
static int advance(struct turno_queue *q, int counter, const char *state, bool need_current,
                   struct turno_ticket *finished, struct turno_ticket *out)
{
	const struct turno_counter_config *c = turno_config_counter(q->config, counter);
	if (!c)
		return TURNO_E_UNKNOWN_COUNTER;
	struct moment m;
	int rc = begin(q, &m);
	if (rc < 0)
		return rc;
	rc = finish_current(q, &m, counter, state, finished);
	if (rc < 0)
		return fail(q, rc);
	if (rc == 0 && need_current)
		return fail(q, TURNO_E_NO_CURRENT);
	int64_t next = pick_next(q, c);
	if (next < 0)
		return fail(q, (int)next);
	if (next > 0 && call_ticket(q, &m, next, counter) < 0)
		return fail(q, TURNO_E_DB);
	if (record_request(q, &m, next ? 0 : TURNO_E_EMPTY, next, finished && rc == 1 ? finished->id : 0) < 0)
		return fail(q, TURNO_E_DB);
	rc = commit(q);
	if (rc < 0)
		return rc;
	mark_active(q, counter);
	if (next == 0)
		return TURNO_E_EMPTY;
	if (out && turno_queue_get(q, next, out) < 0)
		return TURNO_E_DB;
	return 0;
}

int turno_queue_call_next(struct turno_queue *q, int counter, struct turno_ticket *out)
{
	return advance(q, counter, "completed", false, NULL, out);
}

int turno_queue_noshow(struct turno_queue *q, int counter, struct turno_ticket *noshow,
                       struct turno_ticket *next)
{
	return advance(q, counter, "no_show", true, noshow, next);
}

static int current_id(struct turno_queue *q, int counter, int64_t *id)
{
	sqlite3_stmt *st = turno_store_stmt(q->store, SQL_CURRENT);
	if (!st)
		return TURNO_E_DB;
	sqlite3_bind_int(st, 1, counter);
	int rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return TURNO_E_NO_CURRENT;
	return rc == SQLITE_ROW ? 0 : TURNO_E_DB;
}

int turno_queue_recall(struct turno_queue *q, int counter, struct turno_ticket *out)
{
	if (!turno_config_counter(q->config, counter))
		return TURNO_E_UNKNOWN_COUNTER;
	struct moment m;
	int rc = begin(q, &m);
	if (rc < 0)
		return rc;
	int64_t id;
	struct turno_ticket t;
	rc = current_id(q, counter, &id);
	if (rc < 0)
		return fail(q, rc);
	if (turno_queue_get(q, id, &t) < 0)
		return fail(q, TURNO_E_DB);
	sqlite3_stmt *up =
	        turno_store_stmt(q->store, "UPDATE tickets SET recalls = recalls + 1 WHERE id = ?1");
	if (!up)
		return fail(q, TURNO_E_DB);
	sqlite3_bind_int64(up, 1, id);
	struct event e = {id, "recalled", t.label, t.service, counter, -1, -1, NULL};
	if (exec_step(up) < 0 || add_event(q, &m, &e) < 0 || record_request(q, &m, 0, id, 0) < 0)
		return fail(q, TURNO_E_DB);
	int committed = commit(q);
	if (committed < 0)
		return committed;
	mark_active(q, counter);
	t.recalls++;
	if (out)
		*out = t;
	return 0;
}

int turno_queue_transfer(struct turno_queue *q, int counter, char service, struct turno_ticket *out)
{
	if (!turno_config_counter(q->config, counter))
		return TURNO_E_UNKNOWN_COUNTER;
	if (!turno_config_service(q->config, service))
		return TURNO_E_UNKNOWN_SERVICE;
	struct moment m;
	int rc = begin(q, &m);
	if (rc < 0)
		return rc;
	int64_t id;
	rc = current_id(q, counter, &id);
	if (rc < 0)
		return fail(q, rc);
	sqlite3_stmt *st = turno_store_stmt(q->store, SQL_CURRENT);
	if (!st)
		return fail(q, TURNO_E_DB);
	sqlite3_bind_int(st, 1, counter);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return fail(q, TURNO_E_DB);
	}
	char label[8];
	copy_text(label, sizeof(label), text_or_empty(st, 1));
	char from = text_or_empty(st, 2)[0];
	int served_s = seconds_since(st, 3, &m);
	sqlite3_reset(st);
	if (from == service)
		return fail(q, TURNO_E_SAME_SERVICE);
	/* Back in a queue with its original id, so it keeps its place by issue order. */
	sqlite3_stmt *up = turno_store_stmt(
	        q->store,
	        "UPDATE tickets SET service = ?2, state = 'waiting', counter = NULL, queued_utc_ms = ?3, "
	        "queued_mono_ms = ?4, queued_boot = ?5, called_utc_ms = NULL, called_mono_ms = NULL, "
	        "called_boot = NULL, service_s = COALESCE(service_s, 0) + ?6, transfers = transfers + 1 "
	        "WHERE id = ?1");
	if (!up)
		return fail(q, TURNO_E_DB);
	char to[2] = {service, 0};
	sqlite3_bind_int64(up, 1, id);
	sqlite3_bind_text(up, 2, to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(up, 3, m.stamp.wall_ms);
	sqlite3_bind_int64(up, 4, m.stamp.mono_ms);
	sqlite3_bind_text(up, 5, m.stamp.boot_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(up, 6, served_s);
	char detail[16];
	snprintf(detail, sizeof(detail), "%c>%c", from, service);
	struct event e = {id, "transferred", label, service, counter, -1, served_s, detail};
	if (exec_step(up) < 0 || add_event(q, &m, &e) < 0 || record_request(q, &m, 0, id, 0) < 0)
		return fail(q, TURNO_E_DB);
	int committed = commit(q);
	if (committed < 0)
		return committed;
	mark_active(q, counter);
	if (out && turno_queue_get(q, id, out) < 0)
		return TURNO_E_DB;
	return 0;
}

/* ------------------------------------------------------------------ printing */

/* Inside a transaction: the ticket's print state and, for a result, its event. */
static int write_print_state(struct turno_queue *q, const struct moment *m, int64_t id, const char *label,
                             char service, enum turno_print_state state, const char *detail)
{
	const char *kind = NULL;
	switch (state) {
	case TURNO_PRINT_PRINTED:
		kind = "printed";
		break;
	case TURNO_PRINT_FAILED:
		kind = "print_failed";
		break;
	case TURNO_PRINT_UNKNOWN:
		kind = "print_unknown";
		break;
	case TURNO_PRINT_NONE:
	case TURNO_PRINT_PENDING:
		break;
	}
	sqlite3_stmt *up = turno_store_stmt(
	        q->store, "UPDATE tickets SET print_state = ?2, print_detail = ?3 WHERE id = ?1");
	if (!up)
		return TURNO_E_DB;
	sqlite3_bind_int64(up, 1, id);
	sqlite3_bind_text(up, 2, turno_print_state_name(state), -1, SQLITE_STATIC);
	if (detail)
		sqlite3_bind_text(up, 3, detail, -1, SQLITE_STATIC);
	if (exec_step(up) < 0)
		return TURNO_E_DB;
	if (kind) {
		struct event e = {id, kind, label, service, 0, -1, -1, detail};
		if (add_event(q, m, &e) < 0)
			return TURNO_E_DB;
	}
	return 0;
}

int turno_queue_record_print(struct turno_queue *q, int64_t id, enum turno_print_state state,
                             const char *detail)
{
	struct moment m;
	int rc = begin(q, &m);
	if (rc < 0)
		return rc;
	struct turno_ticket t;
	rc = turno_queue_get(q, id, &t);
	if (rc < 0)
		return fail(q, rc);
	if (write_print_state(q, &m, id, t.label, t.service, state, detail) < 0)
		return fail(q, TURNO_E_DB);
	return commit(q);
}

/* A ticket still "pending" when the engine opens was handed to the printer by a kiosk
 * that stopped (crash, kill -9, power cut) before the printer answered. Nobody is left
 * to report its fate, so it becomes "unknown" with its event instead of a ghost that no
 * count sees. Only at open: a result that comes late within a run is recorded as usual.
 * Returns how many tickets were settled, or TURNO_E_DB. */
static int settle_orphaned_prints(struct turno_queue *q)
{
	static const char SQL_PENDING[] = "SELECT id, label, service FROM tickets "
	                                  "WHERE print_state = 'pending' ORDER BY id LIMIT 1";
	sqlite3_stmt *st = turno_store_stmt(q->store, SQL_PENDING);
	if (!st)
		return TURNO_E_DB;
	/* Look before writing: a clean start must not cost a write transaction. */
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW || turno_store_begin(q->store) < 0)
		return TURNO_E_DB;
	/* No day change here (that is begin()'s job at the first operation): only the stamp. */
	struct moment m = moment_now(q);
	int count = 0;
	for (;;) {
		sqlite3_reset(st);
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW)
			return fail(q, TURNO_E_DB);
		int64_t id = sqlite3_column_int64(st, 0);
		char label[8];
		copy_text(label, sizeof(label), text_or_empty(st, 1));
		char service = text_or_empty(st, 2)[0];
		sqlite3_reset(st);
		if (write_print_state(q, &m, id, label, service, TURNO_PRINT_UNKNOWN,
		                      "the kiosk stopped before the printer answered") < 0)
			return fail(q, TURNO_E_DB);
		count++;
	}
	sqlite3_reset(st);
	int committed = commit(q);
	if (committed < 0)
		return committed;
	return count;
}

/* ------------------------------------------------------------------ housekeeping */

static bool past_closing(const struct turno_queue *q, const struct moment *m)
{
	int closing = turno_hours_closing_minute(&q->config->hours, &m->local);
	int minute = m->local.tm_hour * 60 + m->local.tm_min;
	/* An unsynchronised clock may be hours off: leave expiry to the day change then. */
	return !q->config->ignore_hours && closing >= 0 && m->stamp.synced &&
	       minute >= closing + q->config->expire_after_close_minutes;
}

static bool any_waiting(struct turno_queue *q)
{
	sqlite3_stmt *st =
	        turno_store_stmt(q->store, "SELECT 1 FROM tickets WHERE state = 'waiting' LIMIT 1");
	if (!st)
		return false;
	bool yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return yes;
}

int turno_queue_tick(struct turno_queue *q)
{
	/* Decide without a write transaction: an idle kiosk must not fsync every minute. */
	struct moment m = moment_now(q);
	bool close_day = past_closing(q, &m) && any_waiting(q);
	if (day_change(q, &m) == TURNO_DAY_KEEP && !close_day)
		return 0;
	int rc = begin(q, &m);
	if (rc < 0)
		return rc;
	int ended = rc;
	if (past_closing(q, &m)) {
		/* After closing (plus the grace) nobody is left to call today's waiting tickets. */
		sqlite3_stmt *st = turno_store_stmt(
		        q->store,
		        "SELECT id, label, service FROM tickets WHERE state = 'waiting' ORDER BY id LIMIT 1");
		sqlite3_stmt *up = turno_store_stmt(
		        q->store, "UPDATE tickets SET state = 'expired', finished_utc_ms = ?2 WHERE id = ?1");
		if (!st || !up)
			return fail(q, TURNO_E_DB);
		while (sqlite3_step(st) == SQLITE_ROW) {
			char label[8];
			int64_t id = sqlite3_column_int64(st, 0);
			copy_text(label, sizeof(label), text_or_empty(st, 1));
			char service = text_or_empty(st, 2)[0];
			sqlite3_reset(st);
			sqlite3_bind_int64(up, 1, id);
			sqlite3_bind_int64(up, 2, m.stamp.wall_ms);
			struct event e = {id, "expired", label, service, 0, -1, -1, "office closed"};
			if (exec_step(up) < 0 || add_event(q, &m, &e) < 0)
				return fail(q, TURNO_E_DB);
			ended++;
		}
		sqlite3_reset(st);
	}
	int committed = commit(q);
	if (committed < 0)
		return committed;
	return ended;
}

/* ------------------------------------------------------------------ status */

static int64_t scalar_int64(struct turno_queue *q, const char *sql, const char *text)
{
	sqlite3_stmt *st = turno_store_stmt(q->store, sql);
	if (!st)
		return 0;
	if (text)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return v;
}

int turno_queue_status(struct turno_queue *q, struct turno_status *out)
{
	const struct turno_config *c = q->config;
	memset(out, 0, sizeof(*out));
	struct moment m = moment_now(q);
	/* The day the next ticket would belong to. */
	const char *day = day_change(q, &m) == TURNO_DAY_NEW ? m.date : q->business_day;
	copy_text(out->day, sizeof(out->day), day);
	out->now_utc_ms = m.stamp.wall_ms;
	out->clock_synced = m.stamp.synced;
	out->office_availability = TURNO_E_CLOSED;
	bool any_available = false;
	for (int i = 0; i < c->service_count; i++) {
		const struct turno_service_config *svc = &c->services[i];
		struct turno_service_status *s = &out->services[out->service_count++];
		s->letter = svc->letter;
		int rc = count_waiting(q, svc->letter, false);
		if (rc < 0)
			return TURNO_E_DB;
		s->waiting = rc;
		out->waiting_total += rc;
		s->estimate_minutes = estimate_minutes(q, svc->letter, s->waiting);
		s->availability = check_availability(q, svc, &m, &s->issued_today, NULL);
		if (strcmp(day, q->business_day) != 0 && s->availability != TURNO_E_DB) {
			/* A new day has not started in the database yet: nothing issued in it. */
			s->issued_today = 0;
			s->availability =
			        c->ignore_hours
			                ? 0
			                : turno_hours_check_issue(&c->hours,
			                                          svc->has_own_hours ? &svc->hours : NULL,
			                                          &m.local);
		}
		if (s->availability == TURNO_E_DB)
			return TURNO_E_DB;
		if (s->availability == 0)
			any_available = true;
		else if (out->office_availability == TURNO_E_CLOSED && s->availability != TURNO_E_CAP)
			out->office_availability = s->availability;
	}
	if (any_available)
		out->office_availability = 0;
	else if (!c->ignore_hours && turno_hours_check_issue(&c->hours, NULL, &m.local) < 0)
		out->office_availability = turno_hours_check_issue(&c->hours, NULL, &m.local);
	for (int i = 0; i < c->counter_count; i++) {
		struct turno_counter_status *k = &out->counters[out->counter_count++];
		k->id = c->counters[i].id;
		sqlite3_stmt *st = turno_store_stmt(q->store, SQL_CURRENT);
		if (!st)
			return TURNO_E_DB;
		sqlite3_bind_int(st, 1, k->id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			k->serving = true;
			copy_text(k->label, sizeof(k->label), text_or_empty(st, 1));
			k->service = text_or_empty(st, 2)[0];
			k->since_utc_ms = sqlite3_column_int64(st, 3);
		}
		sqlite3_reset(st);
	}
	sqlite3_stmt *st =
	        turno_store_stmt(q->store, "SELECT label, service, counter, utc_ms, kind FROM events "
	                                   "WHERE kind IN ('called', 'recalled') ORDER BY seq DESC LIMIT ?1");
	if (!st)
		return TURNO_E_DB;
	sqlite3_bind_int(st, 1, TURNO_LAST_CALLS);
	while (sqlite3_step(st) == SQLITE_ROW && out->last_call_count < TURNO_LAST_CALLS) {
		struct turno_call *call = &out->last_calls[out->last_call_count++];
		copy_text(call->label, sizeof(call->label), text_or_empty(st, 0));
		call->service = text_or_empty(st, 1)[0];
		call->counter = sqlite3_column_int(st, 2);
		call->utc_ms = sqlite3_column_int64(st, 3);
		call->recall = strcmp(text_or_empty(st, 4), "recalled") == 0;
	}
	sqlite3_reset(st);
	out->print_failed_today = (int)scalar_int64(
	        q, "SELECT COUNT(*) FROM tickets WHERE day = ?1 AND print_state IN ('failed', 'unknown')",
	        day);
	out->events_total = scalar_int64(q, "SELECT COALESCE(MAX(seq), 0) FROM events", NULL);
	char acked[24] = "0";
	turno_store_meta_get(q->store, "sync.acked_through", acked, sizeof(acked));
	out->sync_backlog =
	        scalar_int64(q, "SELECT COUNT(*) FROM events WHERE seq > CAST(?1 AS INTEGER)", acked);
	turno_store_meta_get_int(q->store, "sync.last_ok_utc_ms", &out->last_sync_utc_ms);
	return 0;
}
