/* The kiosk's side of the sync, in its own database: which events are still to send,
 * and the sync state in the meta table (sync.acked_through, sync.last_ok_utc_ms,
 * sync.last_attempt_utc_ms, sync.last_error — turno-ctl status reads them).
 *
 * The kiosk writes to the same file at the same time, so every write here is one tiny
 * transaction and every read one short statement: the kiosk never waits long and
 * never sees "database is locked". Borrows the store; never logs. */
#ifndef TURNO_SYNC_OUTBOX_H
#define TURNO_SYNC_OUTBOX_H

#include "sync/protocol.h"

#include <stdint.h>

struct turno_store;

#define TURNO_SYNC_META_ACKED "sync.acked_through"
#define TURNO_SYNC_META_LAST_OK "sync.last_ok_utc_ms"
#define TURNO_SYNC_META_LAST_ERROR "sync.last_error"
#define TURNO_SYNC_META_LAST_ATTEMPT "sync.last_attempt_utc_ms"

struct turno_sync_state {
	int64_t acked_through;       /* 0 = nothing acknowledged yet */
	int64_t last_ok_utc_ms;      /* 0 = never */
	int64_t last_attempt_utc_ms; /* 0 = never */
	char last_error[256];        /* "" after a success */
};

/* Reads the state; missing keys read as zero / "". 0 or TURNO_E_DB. */
int turno_sync_outbox_state(struct turno_store *store, struct turno_sync_state *out);
/* Appends to batch up to limit events with seq > after_seq, in order. Returns how many
 * were added, or TURNO_E_DB / -ENOMEM. */
int turno_sync_outbox_read(struct turno_store *store, int64_t after_seq, int limit,
                           struct turno_sync_batch *batch);
/* How many events have seq > after_seq. 0 or TURNO_E_DB. */
int turno_sync_outbox_pending(struct turno_store *store, int64_t after_seq, int64_t *count);
/* The receiver answered: records acked_through, last_ok and last_attempt = now, and an
 * empty last_error, in one transaction. 0 or TURNO_E_DB. */
int turno_sync_outbox_record_ack(struct turno_store *store, int64_t acked_through, int64_t now_utc_ms);
/* An attempt failed: records last_attempt = now and the reason. 0 or TURNO_E_DB. */
int turno_sync_outbox_record_failure(struct turno_store *store, const char *error, int64_t now_utc_ms);
/* Deletes acknowledged events (seq <= acked_through) older than before_utc_ms, chunk rows
 * per transaction. Unacknowledged events are never deleted. *deleted (may be NULL) gets
 * the count. 0 or TURNO_E_DB (what was deleted before stays deleted). */
int turno_sync_outbox_prune(struct turno_store *store, int64_t acked_through, int64_t before_utc_ms,
                            int chunk, int64_t *deleted);

#endif
