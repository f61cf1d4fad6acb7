/* The kiosk-side bookkeeping in SQLite: pending events come out in order after the
 * acknowledged sequence, the sync state lands in the meta keys turno-ctl reads, and
 * pruning removes only acknowledged, old events — never one still to send. */
#include "core/error.h"
#include "core/store.h"
#include "sync/outbox.h"
#include "sync/protocol.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

struct fixture {
	char dir[64];
	char path[96];
	struct turno_store *store;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/turno-outbox-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/turno.db", f->dir);
	if (turno_store_open(f->path, TURNO_STORE_READWRITE, &f->store, NULL) < 0)
		return -1;
	sqlite3 *db = turno_store_db(f->store);
	if (sqlite3_exec(
	            db,
	            "INSERT INTO tickets (id, day, prefix, number, label, service, state, issued_utc_ms, "
	            "issued_local, queued_utc_ms, queued_mono_ms, queued_boot, clock_synced) VALUES "
	            "(1, '2026-11-23', 'A', 1, 'A001', 'A', 'waiting', 0, '', 0, 0, 'b', 1)",
	            NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	turno_store_close(f->store);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	int rc = system(cmd);
	free(f);
	return rc == 0 ? 0 : -1;
}

/* n events at utc_ms = day_ms + i; counter only on odd ones. */
static void add_events(struct fixture *f, int n, int64_t utc_ms)
{
	sqlite3 *db = turno_store_db(f->store);
	sqlite3_stmt *st;
	assert_int_equal(
	        sqlite3_prepare_v2(
	                db,
	                "INSERT INTO events (ticket_id, kind, utc_ms, local_date, local_time, "
	                "kiosk_id, label, service, counter, wait_s, service_s, clock_synced, detail) "
	                "VALUES (1, 'called', ?1, '2026-11-23', '09:00:00', 'k', 'A001', 'A', ?2, ?3, "
	                "NULL, 1, ?4)",
	                -1, &st, NULL),
	        SQLITE_OK);
	for (int i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, utc_ms + i);
		if (i % 2)
			sqlite3_bind_int(st, 2, 2);
		else
			sqlite3_bind_null(st, 2);
		sqlite3_bind_int(st, 3, i);
		sqlite3_bind_text(st, 4, i % 3 ? NULL : "note", -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

static int64_t count_events(struct fixture *f)
{
	int64_t n = -1;
	assert_int_equal(turno_sync_outbox_pending(f->store, 0, &n), 0);
	return n;
}

static void test_fresh_state_is_zero(void **state)
{
	struct fixture *f = *state;
	struct turno_sync_state s;
	assert_int_equal(turno_sync_outbox_state(f->store, &s), 0);
	assert_int_equal(s.acked_through, 0);
	assert_int_equal(s.last_ok_utc_ms, 0);
	assert_int_equal(s.last_attempt_utc_ms, 0);
	assert_string_equal(s.last_error, "");
}

static void test_read_gives_events_after_the_acknowledged_in_order(void **state)
{
	struct fixture *f = *state;
	add_events(f, 25, 1000);
	struct turno_sync_batch *batch = turno_sync_batch_new("k", 10);
	assert_int_equal(turno_sync_outbox_read(f->store, 10, 7, batch), 7);
	assert_int_equal(turno_sync_batch_first_seq(batch), 11);
	assert_int_equal(turno_sync_batch_last_seq(batch), 17);
	char key[TURNO_SYNC_KEY_LEN];
	char *text = turno_sync_batch_render(batch, key);
	cJSON *root = cJSON_Parse(text);
	cJSON *events = cJSON_GetObjectItem(root, "events");
	/* seq 11 is the 11th row: i = 10, even: no counter, a detail. */
	cJSON *first = cJSON_GetArrayItem(events, 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(first, "counter")));
	assert_int_equal(cJSON_GetObjectItem(first, "wait_s")->valueint, 10);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(first, "service_s")));
	cJSON *second = cJSON_GetArrayItem(events, 1);
	assert_int_equal(cJSON_GetObjectItem(second, "counter")->valueint, 2);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(events, 2), "detail")->valuestring,
	                    "note");
	cJSON_Delete(root);
	free(text);
	turno_sync_batch_free(batch);

	batch = turno_sync_batch_new("k", 20);
	assert_int_equal(turno_sync_outbox_read(f->store, 20, 500, batch), 5);
	turno_sync_batch_free(batch);
	batch = turno_sync_batch_new("k", 25);
	assert_int_equal(turno_sync_outbox_read(f->store, 25, 500, batch), 0);
	turno_sync_batch_free(batch);
	int64_t pending;
	assert_int_equal(turno_sync_outbox_pending(f->store, 20, &pending), 0);
	assert_int_equal(pending, 5);
}

static void test_state_lands_in_the_meta_keys(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(turno_sync_outbox_record_failure(f->store, "HTTP 503", 5000), 0);
	struct turno_sync_state s;
	assert_int_equal(turno_sync_outbox_state(f->store, &s), 0);
	assert_int_equal(s.acked_through, 0);
	assert_int_equal(s.last_attempt_utc_ms, 5000);
	assert_int_equal(s.last_ok_utc_ms, 0);
	assert_string_equal(s.last_error, "HTTP 503");

	assert_int_equal(turno_sync_outbox_record_ack(f->store, 42, 6000), 0);
	char text[64];
	int64_t v;
	assert_int_equal(turno_store_meta_get_int(f->store, "sync.acked_through", &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(turno_store_meta_get_int(f->store, "sync.last_ok_utc_ms", &v), 0);
	assert_int_equal(v, 6000);
	assert_int_equal(turno_store_meta_get_int(f->store, "sync.last_attempt_utc_ms", &v), 0);
	assert_int_equal(v, 6000);
	assert_int_equal(turno_store_meta_get(f->store, "sync.last_error", text, sizeof(text)), 0);
	assert_string_equal(text, "");
	/* A lower acknowledgement (the receiver lost events) is recorded as it is. */
	assert_int_equal(turno_sync_outbox_record_ack(f->store, 30, 7000), 0);
	assert_int_equal(turno_sync_outbox_state(f->store, &s), 0);
	assert_int_equal(s.acked_through, 30);
}

static void test_prune_keeps_unacknowledged_and_recent_events(void **state)
{
	struct fixture *f = *state;
	const int64_t day = 86400000;
	add_events(f, 1200, 10 * day); /* seq 1..1200, old */
	add_events(f, 300, 100 * day); /* seq 1201..1500, recent */
	int64_t deleted = -1;
	/* Acknowledged through 1000: old ones up to 1000 go, in chunks of 128. */
	assert_int_equal(turno_sync_outbox_prune(f->store, 1000, 50 * day, 128, &deleted), 0);
	assert_int_equal(deleted, 1000);
	assert_int_equal(count_events(f), 500);
	int64_t pending;
	assert_int_equal(turno_sync_outbox_pending(f->store, 1000, &pending), 0);
	assert_int_equal(pending, 500); /* every unacknowledged event is still there */
	/* Everything acknowledged, but the recent ones are kept. */
	assert_int_equal(turno_sync_outbox_prune(f->store, 1500, 50 * day, 128, &deleted), 0);
	assert_int_equal(deleted, 200);
	assert_int_equal(count_events(f), 300);
	/* Nothing acknowledged: nothing goes, however old. */
	assert_int_equal(turno_sync_outbox_prune(f->store, 0, 1000 * day, 128, &deleted), 0);
	assert_int_equal(deleted, 0);
	/* New events keep counting up after pruning: sequences never repeat. */
	add_events(f, 1, 200 * day);
	struct turno_sync_batch *batch = turno_sync_batch_new("k", 1500);
	assert_int_equal(turno_sync_outbox_read(f->store, 1500, 10, batch), 1);
	assert_int_equal(turno_sync_batch_first_seq(batch), 1501);
	turno_sync_batch_free(batch);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_fresh_state_is_zero, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_read_gives_events_after_the_acknowledged_in_order, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_state_lands_in_the_meta_keys, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_prune_keeps_unacknowledged_and_recent_events, setup,
	                                        teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
