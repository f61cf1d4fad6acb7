/* One sync pass: read the unacknowledged events in batches, POST each, record what the
 * receiver acknowledged, until nothing is pending or something fails. The guarantees:
 * events are sent in sequence order; an event is marked acknowledged only after it was
 * sent and the receiver said it holds it; nothing is ever skipped (an acknowledgement
 * beyond what was sent is clamped, a lower one makes the pass resend from there).
 *
 * turno_sync_uploader_new() borrows store, http and clock (they must outlive it) and
 * returns an object to free with turno_sync_uploader_free(). Never logs: each batch is
 * reported to the on_batch callback and the pass's outcome is returned. */
#ifndef TURNO_SYNC_UPLOADER_H
#define TURNO_SYNC_UPLOADER_H

#include "sync/protocol.h"

#include <stdbool.h>
#include <stdint.h>

struct turno_store;
struct turno_sync_http;
struct turno_clock;
struct turno_sync_uploader;

enum turno_sync_outcome {
	TURNO_SYNC_DONE,      /* nothing pending any more */
	TURNO_SYNC_RETRY,     /* network or receiver trouble: try again after a backoff */
	TURNO_SYNC_REFUSED,   /* the receiver refused the token (401/403): a configuration problem */
	TURNO_SYNC_DB_ERROR,  /* the local database failed (busy beyond the timeout, disk) */
	TURNO_SYNC_CANCELLED, /* the cancel callback asked to stop */
};

/* What happened to one POST. */
struct turno_sync_batch_report {
	int64_t first_seq, last_seq;
	int count;
	long http_status;        /* 0 when no response */
	bool replied;            /* a valid {"acked_through"} arrived */
	int64_t reply_acked;     /* what the receiver said */
	enum turno_sync_ack ack; /* valid when replied */
	int64_t acked_through;   /* recorded after this batch */
	int64_t elapsed_ms;
};

struct turno_sync_pass_result {
	enum turno_sync_outcome outcome;
	int batches;           /* POSTs made */
	int64_t events_sent;   /* events in those POSTs (resends counted again) */
	int64_t acked_through; /* at the end of the pass */
	bool has_retry_after;  /* the receiver asked to wait (429/503 Retry-After) */
	int64_t retry_after_ms;
	char error[320]; /* why, when outcome is not DONE; also stored as sync.last_error */
};

struct turno_sync_uploader_options {
	const char *kiosk_id;
	int batch_size;
	/* Called after every POST; may be NULL. */
	void (*on_batch)(void *data, const struct turno_sync_batch_report *report);
	void *data;
	/* Asked between batches; returning true ends the pass (CANCELLED). May be NULL. */
	bool (*cancel)(void *data);
};

int turno_sync_uploader_new(struct turno_store *store, struct turno_sync_http *http,
                            struct turno_clock *clock, const struct turno_sync_uploader_options *options,
                            struct turno_sync_uploader **out);
void turno_sync_uploader_free(struct turno_sync_uploader *uploader);
/* Runs one pass. Returns the outcome (also in result->outcome). */
enum turno_sync_outcome turno_sync_uploader_pass(struct turno_sync_uploader *uploader,
                                                 struct turno_sync_pass_result *result);
/* The batch size in use (halved after a 413 reply, down to 1). */
int turno_sync_uploader_batch_size(const struct turno_sync_uploader *uploader);

const char *turno_sync_outcome_name(enum turno_sync_outcome outcome);

#endif
