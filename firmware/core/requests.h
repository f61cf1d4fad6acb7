/* Request ids: a change asked for with an id is done at most once. A desk (turno-ctl,
 * turno-web) that gets no answer — a timeout, a reset, a kiosk restarted by its
 * watchdog — sends the same request with the same id again and gets the first answer
 * instead of a second ticket or a second call.
 *
 * The id is written in the same transaction as the change it caused (the queue engine
 * calls turno_requests_record() before its COMMIT), so a retry finds it after a crash
 * too. Ids are kept for TURNO_REQUEST_KEEP_MS. Pure SQLite on the `requests` table;
 * never logs. */
#ifndef TURNO_REQUESTS_H
#define TURNO_REQUESTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TURNO_REQUEST_ID_MAX 64    /* [A-Za-z0-9._:-], 1 to 64 characters */
#define TURNO_REQUEST_TEXT_MAX 128 /* the request it came with, without the id */
#define TURNO_REQUEST_KEEP_MS (48LL * 3600 * 1000)

struct turno_store;

struct turno_request_record {
	char request[TURNO_REQUEST_TEXT_MAX];
	int64_t utc_ms;
	int result;              /* 0, or the TURNO_E_* the change ended with (call: TURNO_E_EMPTY) */
	int64_t ticket_id;       /* the ticket the answer was about (issued, called…), 0 = none */
	int64_t other_ticket_id; /* noshow: the ticket marked as not shown up, 0 = none */
};

/* Whether id is a well-formed request id. */
bool turno_request_id_valid(const char *id);

/* Inside the transaction of the change. 0 or TURNO_E_DB. */
int turno_requests_record(struct turno_store *store, const char *id,
                          const struct turno_request_record *record);
/* 0 and *out, TURNO_E_NOT_FOUND, or TURNO_E_DB. */
int turno_requests_find(struct turno_store *store, const char *id, struct turno_request_record *out);
/* Forgets ids older than before_utc_ms (inside a transaction of the caller's). Returns
 * how many, or TURNO_E_DB. */
int turno_requests_prune(struct turno_store *store, int64_t before_utc_ms);

#endif
