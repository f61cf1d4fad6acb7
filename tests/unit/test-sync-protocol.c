/* The back-office protocol as bytes: what a batch looks like on the wire (read back
 * with cJSON, as a receiver would), its idempotency key, the reply parser on good and
 * bad replies (including a deterministic storm of random bytes), and what an
 * acknowledgement means for what was sent. */
#include "core/error.h"
#include "sync/protocol.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static struct turno_sync_event sample(int64_t seq)
{
	return (struct turno_sync_event){
	        .seq = seq,
	        .ticket_id = 77,
	        .kind = "completed",
	        .utc_ms = 1795419302123LL, /* 2026-11-23T07:35:02.123Z */
	        .local_date = "2026-11-23",
	        .local_time = "08:35:02",
	        .kiosk_id = "urp-1",
	        .label = "A042",
	        .service = "A",
	        .has_counter = true,
	        .counter = 3,
	        .has_wait = true,
	        .wait_s = 125,
	        .has_service_time = true,
	        .service_s = 300,
	        .clock_synced = true,
	        .detail = NULL,
	};
}

static cJSON *render_and_parse(struct turno_sync_batch *batch, char key[TURNO_SYNC_KEY_LEN])
{
	char *text = turno_sync_batch_render(batch, key);
	assert_non_null(text);
	cJSON *root = cJSON_Parse(text);
	assert_non_null(root);
	free(text);
	return root;
}

static void test_batch_carries_every_field_of_an_event(void **state)
{
	(void)state;
	struct turno_sync_batch *batch = turno_sync_batch_new("urp-1", 40);
	struct turno_sync_event e = sample(41);
	assert_int_equal(turno_sync_batch_add(batch, &e), 0);
	char key[TURNO_SYNC_KEY_LEN];
	cJSON *root = render_and_parse(batch, key);
	assert_int_equal(cJSON_GetObjectItem(root, "version")->valueint, 1);
	assert_string_equal(cJSON_GetObjectItem(root, "kiosk_id")->valuestring, "urp-1");
	assert_int_equal(cJSON_GetObjectItem(root, "after_seq")->valueint, 40);
	assert_string_equal(cJSON_GetObjectItem(root, "batch_id")->valuestring, key);
	cJSON *events = cJSON_GetObjectItem(root, "events");
	assert_int_equal(cJSON_GetArraySize(events), 1);
	cJSON *o = cJSON_GetArrayItem(events, 0);
	assert_int_equal(cJSON_GetObjectItem(o, "seq")->valueint, 41);
	assert_int_equal(cJSON_GetObjectItem(o, "ticket_id")->valueint, 77);
	assert_string_equal(cJSON_GetObjectItem(o, "kind")->valuestring, "completed");
	assert_string_equal(cJSON_GetObjectItem(o, "utc")->valuestring, "2026-11-23T07:35:02.123Z");
	assert_true(cJSON_GetObjectItem(o, "utc_ms")->valuedouble == 1795419302123.0);
	assert_string_equal(cJSON_GetObjectItem(o, "local_date")->valuestring, "2026-11-23");
	assert_string_equal(cJSON_GetObjectItem(o, "local_time")->valuestring, "08:35:02");
	assert_string_equal(cJSON_GetObjectItem(o, "kiosk_id")->valuestring, "urp-1");
	assert_string_equal(cJSON_GetObjectItem(o, "label")->valuestring, "A042");
	assert_string_equal(cJSON_GetObjectItem(o, "service")->valuestring, "A");
	assert_int_equal(cJSON_GetObjectItem(o, "counter")->valueint, 3);
	assert_int_equal(cJSON_GetObjectItem(o, "wait_s")->valueint, 125);
	assert_int_equal(cJSON_GetObjectItem(o, "service_s")->valueint, 300);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o, "clock_synced")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "detail")));
	cJSON_Delete(root);
	turno_sync_batch_free(batch);
}

static void test_absent_values_are_null_and_text_is_escaped(void **state)
{
	(void)state;
	struct turno_sync_batch *batch = turno_sync_batch_new("urp \"1\"", 0);
	struct turno_sync_event e = sample(1);
	e.kind = "print_failed";
	e.has_counter = e.has_wait = e.has_service_time = false;
	e.clock_synced = false;
	e.detail = "carta \"esaurita\"\\\nè finita";
	assert_int_equal(turno_sync_batch_add(batch, &e), 0);
	char key[TURNO_SYNC_KEY_LEN];
	cJSON *root = render_and_parse(batch, key);
	cJSON *o = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "events"), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "counter")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "wait_s")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "service_s")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(o, "clock_synced")));
	assert_string_equal(cJSON_GetObjectItem(o, "detail")->valuestring, "carta \"esaurita\"\\\nè finita");
	assert_string_equal(cJSON_GetObjectItem(root, "kiosk_id")->valuestring, "urp \"1\"");
	cJSON_Delete(root);
	turno_sync_batch_free(batch);
}

static void test_sequences_must_increase(void **state)
{
	(void)state;
	struct turno_sync_batch *batch = turno_sync_batch_new("k", 0);
	struct turno_sync_event e = sample(5);
	assert_int_equal(turno_sync_batch_add(batch, &e), 0);
	assert_int_equal(turno_sync_batch_add(batch, &e), TURNO_E_INVALID);
	e.seq = 4;
	assert_int_equal(turno_sync_batch_add(batch, &e), TURNO_E_INVALID);
	e.seq = 6;
	assert_int_equal(turno_sync_batch_add(batch, &e), 0);
	assert_int_equal(turno_sync_batch_count(batch), 2);
	assert_int_equal(turno_sync_batch_first_seq(batch), 5);
	assert_int_equal(turno_sync_batch_last_seq(batch), 6);
	turno_sync_batch_free(batch);
	turno_sync_batch_free(NULL);
}

static char *render_range(const char *kiosk, int64_t after, int64_t first, int64_t last, const char *kind,
                          char key[TURNO_SYNC_KEY_LEN])
{
	struct turno_sync_batch *batch = turno_sync_batch_new(kiosk, after);
	for (int64_t s = first; s <= last; s++) {
		struct turno_sync_event e = sample(s);
		e.kind = kind;
		assert_int_equal(turno_sync_batch_add(batch, &e), 0);
	}
	char *text = turno_sync_batch_render(batch, key);
	turno_sync_batch_free(batch);
	return text;
}

static void test_key_is_the_same_for_a_retry_and_differs_for_other_content(void **state)
{
	(void)state;
	char k1[TURNO_SYNC_KEY_LEN], k2[TURNO_SYNC_KEY_LEN], k3[TURNO_SYNC_KEY_LEN], k4[TURNO_SYNC_KEY_LEN];
	char *a = render_range("k", 10, 11, 20, "called", k1);
	char *b = render_range("k", 10, 11, 20, "called", k2);
	char *c = render_range("k", 10, 11, 20, "issued", k3);
	char *d = render_range("other", 10, 11, 20, "called", k4);
	assert_string_equal(a, b); /* a retry sends the same bytes */
	assert_string_equal(k1, k2);
	assert_string_not_equal(k1, k3);
	assert_string_not_equal(k1, k4);
	assert_true(strncmp(k1, "11-20-", 6) == 0);
	assert_int_equal(strlen(k1), strlen("11-20-") + 16);
	free(a);
	free(b);
	free(c);
	free(d);
}

static void test_rendering_twice_gives_the_same_text(void **state)
{
	(void)state;
	struct turno_sync_batch *batch = turno_sync_batch_new("k", 0);
	struct turno_sync_event e = sample(1);
	turno_sync_batch_add(batch, &e);
	char k1[TURNO_SYNC_KEY_LEN], k2[TURNO_SYNC_KEY_LEN];
	char *a = turno_sync_batch_render(batch, k1);
	char *b = turno_sync_batch_render(batch, k2);
	assert_string_equal(a, b);
	assert_string_equal(k1, k2);
	free(a);
	free(b);
	turno_sync_batch_free(batch);
}

static void test_utc_format(void **state)
{
	(void)state;
	char out[32];
	turno_sync_format_utc(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00.000Z");
	turno_sync_format_utc(1795419302007LL, out);
	assert_string_equal(out, "2026-11-23T07:35:02.007Z");
	turno_sync_format_utc(-5, out);
	assert_string_equal(out, "1970-01-01T00:00:00.000Z");
	turno_sync_format_utc(INT64_MAX, out);
	assert_string_equal(out, "9999-12-31T23:59:59.999Z");
}

struct reply_case {
	const char *body;
	int rc;
	int64_t acked;
};

static void test_reply_parser_table(void **state)
{
	(void)state;
	static const struct reply_case cases[] = {
	        {"{\"acked_through\": 42}", 0, 42},
	        {"{\"acked_through\":0}", 0, 0},
	        {" {\"other\": [1,2], \"acked_through\": 500, \"x\": null} ", 0, 500},
	        {"{\"acked_through\": 9007199254740991}", 0, 9007199254740991LL},
	        {"{\"acked_through\": 1e3}", 0, 1000},
	        {"{\"acked_through\": 9007199254740992}", TURNO_E_INVALID, 0},
	        {"{\"acked_through\": -1}", TURNO_E_INVALID, 0},
	        {"{\"acked_through\": 1.5}", TURNO_E_INVALID, 0},
	        {"{\"acked_through\": \"42\"}", TURNO_E_INVALID, 0},
	        {"{\"acked_through\": null}", TURNO_E_INVALID, 0},
	        {"{\"Acked_Through\": 4}", TURNO_E_INVALID, 0},
	        {"{\"acked\": 4}", TURNO_E_INVALID, 0},
	        {"[{\"acked_through\": 4}]", TURNO_E_INVALID, 0},
	        {"42", TURNO_E_INVALID, 0},
	        {"{\"acked_through\": 4", TURNO_E_INVALID, 0},
	        {"<html>502 Bad Gateway</html>", TURNO_E_INVALID, 0},
	        {"", TURNO_E_INVALID, 0},
	        {"{\"acked_through\": 1e400}", TURNO_E_INVALID, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t acked = -7;
		int rc = turno_sync_reply_parse(cases[i].body, strlen(cases[i].body), &acked);
		if (rc != cases[i].rc || (rc == 0 && acked != cases[i].acked))
			fail_msg("reply %s: rc %d acked %" PRId64, cases[i].body, rc, acked);
		if (rc != 0)
			assert_int_equal(acked, -7); /* untouched on failure */
	}
	int64_t acked;
	assert_int_equal(turno_sync_reply_parse(NULL, 0, &acked), TURNO_E_INVALID);
}

static void test_reply_parser_respects_the_length(void **state)
{
	(void)state;
	/* Only the first len bytes count: a reply cut short is not a reply. */
	const char *text = "{\"acked_through\": 42}";
	int64_t acked;
	assert_int_equal(turno_sync_reply_parse(text, strlen(text) - 1, &acked), TURNO_E_INVALID);
	assert_int_equal(turno_sync_reply_parse(text, strlen(text), &acked), 0);
	assert_int_equal(acked, 42);
}

/* A deterministic storm of garbage: random bytes, and valid replies with random bytes
 * changed. Each buffer is exactly its size (no NUL after), so a read past the end shows
 * up under `make SANITIZE=address`. The parser must only ever say 0 or invalid. */
static void test_reply_parser_survives_random_input(void **state)
{
	(void)state;
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	static const char *const seeds[] = {"{\"acked_through\": 123456}",
	                                    "{\"a\":[1,{\"b\":\"\\u00e8\"}],\"acked_through\":7}"};
	int accepted = 0;
	for (int round = 0; round < 200000; round++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		size_t len;
		char *buf;
		if (round % 2) {
			len = (size_t)(x % 64);
			buf = malloc(len ? len : 1);
			uint64_t y = x;
			for (size_t i = 0; i < len; i++) {
				y = y * 6364136223846793005ULL + 1442695040888963407ULL;
				buf[i] = (char)(y >> 56);
			}
		} else {
			const char *seed = seeds[(x >> 20) % 2];
			len = strlen(seed);
			buf = malloc(len);
			memcpy(buf, seed, len);
			buf[(x >> 8) % len] = (char)(x >> 32);
			if (x & 1)
				len = (size_t)((x >> 40) % (len + 1));
		}
		int64_t acked = -1;
		int rc = turno_sync_reply_parse(buf, len, &acked);
		assert_true(rc == 0 || rc == TURNO_E_INVALID);
		if (rc == 0) {
			assert_true(acked >= 0);
			accepted++;
		}
		free(buf);
	}
	assert_true(accepted > 0); /* some mutations keep a valid reply: the test reaches the happy path */
}

struct ack_case {
	int64_t after, last, reply;
	enum turno_sync_ack ack;
	int64_t next;
};

static void test_acknowledgements_never_skip_or_invent(void **state)
{
	(void)state;
	static const struct ack_case cases[] = {
	        {100, 600, 600, TURNO_SYNC_ACK_ALL, 600},
	        {100, 600, 350, TURNO_SYNC_ACK_PARTIAL, 350},
	        {100, 600, 100, TURNO_SYNC_ACK_NONE, 100},
	        {100, 600, 40, TURNO_SYNC_ACK_REWIND, 40},
	        {100, 600, 0, TURNO_SYNC_ACK_REWIND, 0},
	        {100, 600, 601, TURNO_SYNC_ACK_BEYOND, 600}, /* 601 was never sent */
	        {100, 600, 1000000, TURNO_SYNC_ACK_BEYOND, 600},
	        {0, 1, 1, TURNO_SYNC_ACK_ALL, 1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t next = -1;
		enum turno_sync_ack ack =
		        turno_sync_ack_apply(cases[i].after, cases[i].last, cases[i].reply, &next);
		assert_int_equal(ack, cases[i].ack);
		assert_int_equal(next, cases[i].next);
		assert_true(next <= cases[i].last);
		assert_non_null(turno_sync_ack_name(ack));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_batch_carries_every_field_of_an_event),
	        cmocka_unit_test(test_absent_values_are_null_and_text_is_escaped),
	        cmocka_unit_test(test_sequences_must_increase),
	        cmocka_unit_test(test_key_is_the_same_for_a_retry_and_differs_for_other_content),
	        cmocka_unit_test(test_rendering_twice_gives_the_same_text),
	        cmocka_unit_test(test_utc_format),
	        cmocka_unit_test(test_reply_parser_table),
	        cmocka_unit_test(test_reply_parser_respects_the_length),
	        cmocka_unit_test(test_reply_parser_survives_random_input),
	        cmocka_unit_test(test_acknowledgements_never_skip_or_invent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
