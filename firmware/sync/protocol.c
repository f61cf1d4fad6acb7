/* Batch JSON, idempotency keys and reply parsing for the back-office protocol.
 * Must never crash on what a server sends: the reply parser is fuzzed
 * (tests/fuzz/fuzz-sync-reply.c). */
#include "sync/protocol.h"

#include "core/error.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Largest integer a JSON number (an IEEE double) carries exactly. */
#define MAX_EXACT_INT 9007199254740991.0

struct turno_sync_batch {
	cJSON *root;
	cJSON *events;
	int count;
	int64_t first_seq;
	int64_t last_seq;
};

static cJSON *string_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

struct turno_sync_batch *turno_sync_batch_new(const char *kiosk_id, int64_t after_seq)
{
	struct turno_sync_batch *batch = calloc(1, sizeof(*batch));
	if (!batch)
		return NULL;
	batch->root = cJSON_CreateObject();
	if (!batch->root)
		goto err_free_batch;
	/* Member order is the documented order: version first, events last. */
	if (!cJSON_AddNumberToObject(batch->root, "version", TURNO_SYNC_PROTOCOL_VERSION) ||
	    !cJSON_AddItemToObject(batch->root, "kiosk_id", string_or_null(kiosk_id)) ||
	    !cJSON_AddNumberToObject(batch->root, "after_seq", (double)after_seq))
		goto err_free_root;
	batch->events = cJSON_CreateArray();
	if (!batch->events)
		goto err_free_root;
	return batch;
err_free_root:
	cJSON_Delete(batch->root);
err_free_batch:
	free(batch);
	return NULL;
}

void turno_sync_batch_free(struct turno_sync_batch *batch)
{
	if (!batch)
		return;
	cJSON_Delete(batch->root);
	cJSON_Delete(batch->events);
	free(batch);
}

void turno_sync_format_utc(int64_t utc_ms, char out[32])
{
	/* Year 0000 to 9999: what ISO 8601 without extensions writes. */
	if (utc_ms < 0)
		utc_ms = 0;
	if (utc_ms > 253402300799999LL)
		utc_ms = 253402300799999LL;
	time_t seconds = (time_t)(utc_ms / 1000);
	struct tm tm;
	gmtime_r(&seconds, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03dZ", (int)(utc_ms % 1000));
}

static bool add_number(cJSON *object, const char *name, bool present, int64_t value)
{
	cJSON *item = present ? cJSON_CreateNumber((double)value) : cJSON_CreateNull();
	return item && cJSON_AddItemToObject(object, name, item);
}

static bool add_string(cJSON *object, const char *name, const char *value)
{
	cJSON *item = string_or_null(value);
	return item && cJSON_AddItemToObject(object, name, item);
}

int turno_sync_batch_add(struct turno_sync_batch *batch, const struct turno_sync_event *e)
{
	if (!batch || !e || e->seq <= batch->last_seq || e->seq > (int64_t)MAX_EXACT_INT)
		return TURNO_E_INVALID;
	char utc[32];
	turno_sync_format_utc(e->utc_ms, utc);
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return -ENOMEM;
	bool ok = add_number(o, "seq", true, e->seq) && add_number(o, "ticket_id", true, e->ticket_id) &&
	          add_string(o, "kind", e->kind) && add_string(o, "utc", utc) &&
	          add_number(o, "utc_ms", true, e->utc_ms) && add_string(o, "local_date", e->local_date) &&
	          add_string(o, "local_time", e->local_time) && add_string(o, "kiosk_id", e->kiosk_id) &&
	          add_string(o, "label", e->label) && add_string(o, "service", e->service) &&
	          add_number(o, "counter", e->has_counter, e->counter) &&
	          add_number(o, "wait_s", e->has_wait, e->wait_s) &&
	          add_number(o, "service_s", e->has_service_time, e->service_s) &&
	          cJSON_AddBoolToObject(o, "clock_synced", e->clock_synced) &&
	          add_string(o, "detail", e->detail);
	if (!ok || !cJSON_AddItemToArray(batch->events, o)) {
		cJSON_Delete(o);
		return -ENOMEM;
	}
	if (batch->count++ == 0)
		batch->first_seq = e->seq;
	batch->last_seq = e->seq;
	return 0;
}

int turno_sync_batch_count(const struct turno_sync_batch *batch)
{
	return batch ? batch->count : 0;
}

int64_t turno_sync_batch_first_seq(const struct turno_sync_batch *batch)
{
	return batch ? batch->first_seq : 0;
}

int64_t turno_sync_batch_last_seq(const struct turno_sync_batch *batch)
{
	return batch ? batch->last_seq : 0;
}

/* FNV-1a, 64 bits: not for security, only so that the same content gets the same key
 * and different content (almost surely) a different one. */
static uint64_t fnv1a(const char *text)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	return h;
}

char *turno_sync_batch_render(struct turno_sync_batch *batch, char key[TURNO_SYNC_KEY_LEN])
{
	if (!batch)
		return NULL;
	/* The key hashes everything but itself: render once without it. */
	cJSON_DeleteItemFromObjectCaseSensitive(batch->root, "batch_id");
	/* The events array lives apart from the root except while the whole is printed. */
	char *plain = cJSON_PrintUnformatted(batch->root);
	char *events = cJSON_PrintUnformatted(batch->events);
	char *text = NULL;
	if (!plain || !events)
		goto out;
	snprintf(key, TURNO_SYNC_KEY_LEN, "%" PRId64 "-%" PRId64 "-%016" PRIx64, batch->first_seq,
	         batch->last_seq, fnv1a(plain) ^ fnv1a(events));
	if (!cJSON_AddStringToObject(batch->root, "batch_id", key))
		goto out;
	cJSON_AddItemToObject(batch->root, "events", batch->events);
	text = cJSON_PrintUnformatted(batch->root);
	cJSON_DetachItemViaPointer(batch->root, batch->events);
out:
	cJSON_free(plain);
	cJSON_free(events);
	return text;
}

int turno_sync_reply_parse(const char *body, size_t len, int64_t *acked_through)
{
	if (!body || len == 0)
		return TURNO_E_INVALID;
	cJSON *root = cJSON_ParseWithLength(body, len);
	if (!root)
		return TURNO_E_INVALID;
	int rc = TURNO_E_INVALID;
	const cJSON *ack =
	        cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "acked_through") : NULL;
	if (cJSON_IsNumber(ack)) {
		double v = ack->valuedouble;
		if (isfinite(v) && v >= 0 && v <= MAX_EXACT_INT && floor(v) == v) {
			*acked_through = (int64_t)v;
			rc = 0;
		}
	}
	cJSON_Delete(root);
	return rc;
}

enum turno_sync_ack turno_sync_ack_apply(int64_t after_seq, int64_t last_sent, int64_t acked_through,
                                         int64_t *new_acked)
{
	if (acked_through > last_sent) {
		*new_acked = last_sent;
		return TURNO_SYNC_ACK_BEYOND;
	}
	*new_acked = acked_through;
	if (acked_through == last_sent)
		return TURNO_SYNC_ACK_ALL;
	if (acked_through > after_seq)
		return TURNO_SYNC_ACK_PARTIAL;
	if (acked_through == after_seq)
		return TURNO_SYNC_ACK_NONE;
	return TURNO_SYNC_ACK_REWIND;
}

const char *turno_sync_ack_name(enum turno_sync_ack ack)
{
	switch (ack) {
	case TURNO_SYNC_ACK_ALL:
		return "all stored";
	case TURNO_SYNC_ACK_PARTIAL:
		return "partly stored";
	case TURNO_SYNC_ACK_NONE:
		return "nothing stored";
	case TURNO_SYNC_ACK_REWIND:
		return "receiver holds less than acknowledged before";
	case TURNO_SYNC_ACK_BEYOND:
		return "acknowledged more than was sent";
	}
	return "?";
}
