/* Reading pending events and keeping the sync state, next to a live kiosk. */
#include "sync/outbox.h"

#include "core/error.h"
#include "core/store.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int meta_int_or_zero(struct turno_store *store, const char *key, int64_t *value)
{
	int rc = turno_store_meta_get_int(store, key, value);
	if (rc == TURNO_E_NOT_FOUND) {
		*value = 0;
		return 0;
	}
	return rc;
}

int turno_sync_outbox_state(struct turno_store *store, struct turno_sync_state *out)
{
	memset(out, 0, sizeof(*out));
	if (meta_int_or_zero(store, TURNO_SYNC_META_ACKED, &out->acked_through) < 0 ||
	    meta_int_or_zero(store, TURNO_SYNC_META_LAST_OK, &out->last_ok_utc_ms) < 0 ||
	    meta_int_or_zero(store, TURNO_SYNC_META_LAST_ATTEMPT, &out->last_attempt_utc_ms) < 0)
		return TURNO_E_DB;
	int rc = turno_store_meta_get(store, TURNO_SYNC_META_LAST_ERROR, out->last_error,
	                              sizeof(out->last_error));
	if (rc == TURNO_E_NOT_FOUND)
		out->last_error[0] = '\0';
	else if (rc < 0)
		return TURNO_E_DB;
	if (out->acked_through < 0)
		out->acked_through = 0;
	return 0;
}

static const char *text_or_null(sqlite3_stmt *st, int column)
{
	return sqlite3_column_type(st, column) == SQLITE_NULL ? NULL
	                                                      : (const char *)sqlite3_column_text(st, column);
}

int turno_sync_outbox_read(struct turno_store *store, int64_t after_seq, int limit,
                           struct turno_sync_batch *batch)
{
	sqlite3_stmt *st = turno_store_stmt(
	        store, "SELECT seq, ticket_id, kind, utc_ms, local_date, local_time, "
	               "kiosk_id, label, service, counter, wait_s, service_s, "
	               "clock_synced, detail FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2");
	if (!st)
		return TURNO_E_DB;
	sqlite3_bind_int64(st, 1, after_seq);
	sqlite3_bind_int(st, 2, limit);
	int added = 0;
	int rc;
	/* One statement, one short read snapshot; WAL lets the kiosk write meanwhile. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct turno_sync_event e = {
		        .seq = sqlite3_column_int64(st, 0),
		        .ticket_id = sqlite3_column_int64(st, 1),
		        .kind = text_or_null(st, 2),
		        .utc_ms = sqlite3_column_int64(st, 3),
		        .local_date = text_or_null(st, 4),
		        .local_time = text_or_null(st, 5),
		        .kiosk_id = text_or_null(st, 6),
		        .label = text_or_null(st, 7),
		        .service = text_or_null(st, 8),
		        .has_counter = sqlite3_column_type(st, 9) != SQLITE_NULL,
		        .counter = sqlite3_column_int(st, 9),
		        .has_wait = sqlite3_column_type(st, 10) != SQLITE_NULL,
		        .wait_s = sqlite3_column_int64(st, 10),
		        .has_service_time = sqlite3_column_type(st, 11) != SQLITE_NULL,
		        .service_s = sqlite3_column_int64(st, 11),
		        .clock_synced = sqlite3_column_int(st, 12) != 0,
		        .detail = text_or_null(st, 13),
		};
		int added_rc = turno_sync_batch_add(batch, &e);
		if (added_rc < 0) {
			sqlite3_reset(st);
			return added_rc == -ENOMEM ? -ENOMEM : TURNO_E_DB;
		}
		added++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? added : TURNO_E_DB;
}

int turno_sync_outbox_pending(struct turno_store *store, int64_t after_seq, int64_t *count)
{
	sqlite3_stmt *st = turno_store_stmt(store, "SELECT count(*) FROM events WHERE seq > ?1");
	if (!st)
		return TURNO_E_DB;
	sqlite3_bind_int64(st, 1, after_seq);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : TURNO_E_DB;
}

int turno_sync_outbox_record_ack(struct turno_store *store, int64_t acked_through, int64_t now_utc_ms)
{
	if (turno_store_begin(store) < 0)
		return TURNO_E_DB;
	if (turno_store_meta_set_int(store, TURNO_SYNC_META_ACKED, acked_through) < 0 ||
	    turno_store_meta_set_int(store, TURNO_SYNC_META_LAST_OK, now_utc_ms) < 0 ||
	    turno_store_meta_set_int(store, TURNO_SYNC_META_LAST_ATTEMPT, now_utc_ms) < 0 ||
	    turno_store_meta_set(store, TURNO_SYNC_META_LAST_ERROR, "") < 0) {
		turno_store_rollback(store);
		return TURNO_E_DB;
	}
	return turno_store_commit(store);
}

int turno_sync_outbox_record_failure(struct turno_store *store, const char *error, int64_t now_utc_ms)
{
	if (turno_store_begin(store) < 0)
		return TURNO_E_DB;
	if (turno_store_meta_set_int(store, TURNO_SYNC_META_LAST_ATTEMPT, now_utc_ms) < 0 ||
	    turno_store_meta_set(store, TURNO_SYNC_META_LAST_ERROR, error ? error : "") < 0) {
		turno_store_rollback(store);
		return TURNO_E_DB;
	}
	return turno_store_commit(store);
}

int turno_sync_outbox_prune(struct turno_store *store, int64_t acked_through, int64_t before_utc_ms,
                            int chunk, int64_t *deleted)
{
	if (deleted)
		*deleted = 0;
	for (;;) {
		sqlite3_stmt *st =
		        turno_store_stmt(store, "DELETE FROM events WHERE seq IN (SELECT seq FROM events "
		                                "WHERE seq <= ?1 AND utc_ms < ?2 ORDER BY seq LIMIT ?3)");
		if (!st)
			return TURNO_E_DB;
		sqlite3_bind_int64(st, 1, acked_through);
		sqlite3_bind_int64(st, 2, before_utc_ms);
		sqlite3_bind_int(st, 3, chunk);
		/* Autocommit: each chunk is its own short transaction, so the kiosk's next
		 * ticket waits for at most one chunk. */
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return TURNO_E_DB;
		int n = sqlite3_changes(turno_store_db(store));
		if (deleted)
			*deleted += n;
		if (n < chunk)
			return 0;
	}
}
