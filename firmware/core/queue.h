/* The queue engine: issues numbered tickets, calls them to counters, records every
 * change as an append-only event, all in SQLite transactions with synchronous=FULL.
 *
 * A ticket is reported to anyone (screen, printer, turno-ctl) only after its
 * transaction committed, so a crash or a power cut can lose an unacknowledged attempt
 * but never reuse or forget a number that somebody saw. Numbers are unique per
 * (business day, prefix) by a database constraint.
 *
 * Single-threaded: one engine is used from one thread (the kiosk's main loop).
 * The engine borrows the configuration and the clock; both must outlive it. */
#ifndef TURNO_QUEUE_H
#define TURNO_QUEUE_H

#include "core/clock.h"
#include "core/config.h"

#include <stdbool.h>
#include <stdint.h>

struct turno_queue;
struct turno_store;

enum turno_ticket_state {
	TURNO_TICKET_WAITING,
	TURNO_TICKET_CALLED, /* at a counter now */
	TURNO_TICKET_COMPLETED,
	TURNO_TICKET_NO_SHOW,
	TURNO_TICKET_EXPIRED,
};

enum turno_print_state {
	TURNO_PRINT_NONE,    /* not printed on purpose (turno-ctl issue --no-print) */
	TURNO_PRINT_PENDING, /* submitted, not yet known */
	TURNO_PRINT_PRINTED,
	TURNO_PRINT_FAILED,
	TURNO_PRINT_UNKNOWN, /* the job's fate could not be learned (timeout, cupsd gone) */
};

struct turno_ticket {
	int64_t id;
	char label[8]; /* "A042" */
	char service;  /* current service letter (changes on transfer; the label does not) */
	bool priority;
	enum turno_ticket_state state;
	int counter;      /* counter serving or last served it, 0 = none */
	int ahead;        /* at issue: people before it in its queue */
	int wait_minutes; /* at issue: the estimate */
	int64_t issued_utc_ms;
	char day[11];          /* business day "YYYY-MM-DD" */
	char issued_local[20]; /* "YYYY-MM-DD HH:MM:SS" */
	int wait_s;            /* seconds waited (all queues), -1 before the first call */
	int service_s;         /* seconds at counters, -1 until completed */
	int recalls;
	enum turno_print_state print_state;
};

struct turno_service_status {
	char letter;
	int waiting;
	int estimate_minutes; /* for a ticket taken now */
	int issued_today;
	int availability; /* 0, or why a ticket cannot be taken now (TURNO_E_CLOSED, _CAP, …) */
};

struct turno_counter_status {
	int id;
	bool serving;
	char label[8];
	char service;
	int64_t since_utc_ms;
};

#define TURNO_LAST_CALLS 8

struct turno_call {
	char label[8];
	char service;
	int counter;
	int64_t utc_ms;
	bool recall;
};

struct turno_status {
	char day[11];
	int64_t now_utc_ms;
	bool clock_synced;
	int office_availability; /* 0 when tickets can be issued for some service */
	struct turno_service_status services[TURNO_MAX_SERVICES];
	int service_count;
	struct turno_counter_status counters[TURNO_MAX_COUNTERS];
	int counter_count;
	struct turno_call last_calls[TURNO_LAST_CALLS]; /* newest first */
	int last_call_count;
	int waiting_total;
	int print_failed_today;
	int64_t events_total;
	int64_t sync_backlog;     /* events not yet acknowledged by the back office */
	int64_t last_sync_utc_ms; /* 0 = never */
};

/* Opens the database at path (creating and migrating it). Returns 0 and *out, or
 * TURNO_E_DB / TURNO_E_SCHEMA. Close with turno_queue_close().
 *
 * Opening ends the previous run: every ticket still print "pending" (its kiosk stopped
 * before the printer answered) becomes "unknown", with a print_unknown event, in one
 * transaction. So only the process that prints (turno-kiosk) may open the engine, and
 * only once it is the sole kiosk on this database. */
int turno_queue_open(const struct turno_config *config, struct turno_clock *clock, const char *path,
                     struct turno_queue **out);
void turno_queue_close(struct turno_queue *queue);
/* The SQLite message of the last failure, for logs. */
const char *turno_queue_errmsg(struct turno_queue *queue);
struct turno_store *turno_queue_store(struct turno_queue *queue);

enum turno_issue_flags {
	TURNO_ISSUE_PRIORITY = 1u, /* precedence: disability, pregnancy (true works too) */
	TURNO_ISSUE_PRINT = 2u,    /* a print will follow: the ticket starts as print "pending" */
};

/* Issues the next number of a service (flags: enum turno_issue_flags). Fails with
 * TURNO_E_UNKNOWN_SERVICE, _CLOSED, _LAST_TICKET, _SERVICE_HOURS, _CAP or _DB; on
 * success *out is committed. */
int turno_queue_issue(struct turno_queue *queue, char service, unsigned flags, struct turno_ticket *out);

/* Completes the counter's current ticket (if any) and calls the next one for it:
 * priority first, then by the configured policy. TURNO_E_EMPTY when nobody waits
 * (the current ticket is still completed). */
int turno_queue_call_next(struct turno_queue *queue, int counter, struct turno_ticket *out);
/* Calls the counter's current ticket again. TURNO_E_NO_CURRENT if none. */
int turno_queue_recall(struct turno_queue *queue, int counter, struct turno_ticket *out);
/* Marks the counter's current ticket as not shown up, then calls the next (as call_next).
 * *noshow (may be NULL) receives the ticket marked. */
int turno_queue_noshow(struct turno_queue *queue, int counter, struct turno_ticket *noshow,
                       struct turno_ticket *next);
/* Moves the counter's current ticket to the queue of another service, keeping its
 * original issue order, and frees the counter. */
int turno_queue_transfer(struct turno_queue *queue, int counter, char service, struct turno_ticket *out);

/* The next change (issue, call, recall, noshow, transfer) is recorded under request id
 * id, with the request's text, in its own transaction (core/requests): a retry of the
 * same request finds it with turno_requests_find() instead of doing it again. The
 * change that records it uses it up; NULL clears it (the caller clears it after the
 * change, whatever its result). */
void turno_queue_set_request(struct turno_queue *queue, const char *id, const char *request);

/* Records the outcome of printing a ticket as an event and on the ticket. */
int turno_queue_record_print(struct turno_queue *queue, int64_t ticket_id, enum turno_print_state state,
                             const char *detail);
int turno_queue_get(struct turno_queue *queue, int64_t ticket_id, struct turno_ticket *out);

/* Housekeeping, called at least every minute: starts a new business day when the
 * local date moves forward (never backward: a backward clock jump does not reset the
 * numbers twice), expires tickets left from earlier days and after closing.
 * Returns how many tickets were expired, or TURNO_E_DB. */
int turno_queue_tick(struct turno_queue *queue);

/* Whether a ticket of this service can be issued now (0 or TURNO_E_*), without issuing. */
int turno_queue_availability(struct turno_queue *queue, char service);
int turno_queue_status(struct turno_queue *queue, struct turno_status *out);

const char *turno_ticket_state_name(enum turno_ticket_state state);
const char *turno_print_state_name(enum turno_print_state state);

#endif
