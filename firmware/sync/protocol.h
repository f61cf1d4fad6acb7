/* The back-office protocol, version 1 (README, "The protocol"): the JSON body of a batch of
 * events, its idempotency key, and the receiver's reply. Pure: no I/O, no clock, no
 * logging, so every byte that goes on the wire is decided here and unit-tested.
 *
 * A batch is built with turno_sync_batch_new(), filled with turno_sync_batch_add()
 * (which copies what it needs), rendered with turno_sync_batch_render() (the text is
 * the caller's to free()) and freed with turno_sync_batch_free(). */
#ifndef TURNO_SYNC_PROTOCOL_H
#define TURNO_SYNC_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TURNO_SYNC_PROTOCOL_VERSION 1
/* "<first>-<last>-<16 hex digits>": fits in this many bytes with its NUL. */
#define TURNO_SYNC_KEY_LEN 64

/* One row of the events table as it is sent. Strings are borrowed for the duration of
 * turno_sync_batch_add() only; NULL strings are sent as null. */
struct turno_sync_event {
	int64_t seq;
	int64_t ticket_id;
	const char *kind; /* issued, called, recalled, completed, no_show, … as stored */
	int64_t utc_ms;
	const char *local_date; /* "YYYY-MM-DD" */
	const char *local_time; /* "HH:MM:SS" */
	const char *kiosk_id;   /* as recorded on the row */
	const char *label;      /* "A042" */
	const char *service;    /* "A" */
	bool has_counter;
	int counter;
	bool has_wait;
	int64_t wait_s;
	bool has_service_time;
	int64_t service_s;
	bool clock_synced;
	const char *detail;
};

struct turno_sync_batch;

/* A batch from kiosk_id of the events following after_seq (the highest sequence the
 * kiosk believes acknowledged). NULL when out of memory. */
struct turno_sync_batch *turno_sync_batch_new(const char *kiosk_id, int64_t after_seq);
void turno_sync_batch_free(struct turno_sync_batch *batch);
/* Appends an event; sequences must increase. 0, TURNO_E_INVALID or -ENOMEM. */
int turno_sync_batch_add(struct turno_sync_batch *batch, const struct turno_sync_event *event);
int turno_sync_batch_count(const struct turno_sync_batch *batch);
int64_t turno_sync_batch_first_seq(const struct turno_sync_batch *batch); /* 0 when empty */
int64_t turno_sync_batch_last_seq(const struct turno_sync_batch *batch);  /* 0 when empty */
/* Renders the body (compact JSON). The idempotency key is derived from the content, so
 * a retry of the same events carries the same key; it is also in the body as
 * "batch_id". Returns the text (free() it) and fills key, or NULL when out of memory. */
char *turno_sync_batch_render(struct turno_sync_batch *batch, char key[TURNO_SYNC_KEY_LEN]);

/* "2026-11-23T09:15:02.123Z" for a UTC millisecond value (negative values clamp to 0). */
void turno_sync_format_utc(int64_t utc_ms, char out[32]);

/* Parses a 200 reply {"acked_through": N}: N a whole number, 0 ≤ N < 2^53; other
 * members are ignored. Never reads past len, never needs a NUL. 0 or TURNO_E_INVALID. */
int turno_sync_reply_parse(const char *body, size_t len, int64_t *acked_through);

/* What an acknowledgement means for the batch that was sent (events after_seq+1 …
 * last_sent). */
enum turno_sync_ack {
	TURNO_SYNC_ACK_ALL,     /* everything sent is stored */
	TURNO_SYNC_ACK_PARTIAL, /* a prefix is stored: resend the rest */
	TURNO_SYNC_ACK_NONE,    /* nothing new stored: the receiver made no progress */
	TURNO_SYNC_ACK_REWIND,  /* the receiver holds less than we believed: resend from there */
	TURNO_SYNC_ACK_BEYOND,  /* claims more than was sent: clamped to last_sent */
};

/* Decides the new acknowledged sequence. Never beyond last_sent (events not sent are
 * never marked acknowledged); below after_seq when the receiver lost events. */
enum turno_sync_ack turno_sync_ack_apply(int64_t after_seq, int64_t last_sent, int64_t acked_through,
                                         int64_t *new_acked);
const char *turno_sync_ack_name(enum turno_sync_ack ack);

#endif
