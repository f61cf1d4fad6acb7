/* When to try again: exponential backoff with jitter, and the server's Retry-After.
 * Pure: the caller passes the random value and the current time. */
#ifndef TURNO_SYNC_BACKOFF_H
#define TURNO_SYNC_BACKOFF_H

#include <stdbool.h>
#include <stdint.h>

/* The first retry waits about this long (or the cap, if smaller). */
#define TURNO_SYNC_BACKOFF_BASE_MS 1000
/* A server's Retry-After is honoured up to this long. */
#define TURNO_SYNC_RETRY_AFTER_MAX_MS (24LL * 3600 * 1000)

/* Delay before retry number attempt (1 = first retry): base·2^(attempt-1), capped at
 * cap_ms, then "equal jitter" from random: a value in [d/2, d]. Never below 1 ms
 * for a positive cap. */
int64_t turno_sync_backoff_ms(unsigned attempt, int64_t cap_ms, uint32_t random);

/* Parses a Retry-After value: delay-seconds ("120") or an HTTP date ("Wed, 21 Oct 2015
 * 07:28:00 GMT", and the obsolete RFC 850 / asctime forms). now_utc_ms is used for dates;
 * a date in the past gives 0. Result clamped to TURNO_SYNC_RETRY_AFTER_MAX_MS.
 * 0 or TURNO_E_INVALID. */
int turno_sync_retry_after_parse(const char *value, int64_t now_utc_ms, int64_t *delay_ms);

/* What to wait after a failure: the backoff, but at least what the server asked. */
int64_t turno_sync_retry_delay_ms(int64_t backoff_ms, bool has_retry_after, int64_t retry_after_ms);

#endif
