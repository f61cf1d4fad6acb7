/* Backoff and Retry-After arithmetic. */
#include "sync/backoff.h"

#include "core/error.h"

#include <ctype.h>
#include <curl/curl.h>
#include <string.h>

int64_t turno_sync_backoff_ms(unsigned attempt, int64_t cap_ms, uint32_t random)
{
	if (cap_ms <= 0)
		return 0;
	int64_t delay = TURNO_SYNC_BACKOFF_BASE_MS;
	for (unsigned i = 1; i < attempt && delay < cap_ms; i++)
		delay *= 2;
	if (delay > cap_ms)
		delay = cap_ms;
	/* Equal jitter: kiosks that lost the network together do not come back in step,
	 * and none retries at once. */
	int64_t half = delay / 2;
	int64_t jittered = half + (int64_t)((uint64_t)random % (uint64_t)(delay - half + 1));
	return jittered > 0 ? jittered : 1;
}

int turno_sync_retry_after_parse(const char *value, int64_t now_utc_ms, int64_t *delay_ms)
{
	if (!value)
		return TURNO_E_INVALID;
	while (*value == ' ' || *value == '\t')
		value++;
	size_t len = strlen(value);
	while (len > 0 && isspace((unsigned char)value[len - 1]))
		len--;
	if (len == 0 || len > 64)
		return TURNO_E_INVALID;
	if (isdigit((unsigned char)value[0])) {
		int64_t seconds = 0;
		for (size_t i = 0; i < len; i++) {
			if (!isdigit((unsigned char)value[i]))
				return TURNO_E_INVALID;
			if (seconds < TURNO_SYNC_RETRY_AFTER_MAX_MS / 1000)
				seconds = seconds * 10 + (value[i] - '0');
		}
		int64_t ms = seconds * 1000;
		*delay_ms = ms < TURNO_SYNC_RETRY_AFTER_MAX_MS ? ms : TURNO_SYNC_RETRY_AFTER_MAX_MS;
		return 0;
	}
	char date[65];
	memcpy(date, value, len);
	date[len] = '\0';
	/* HTTP dates always name a weekday first; curl_getdate would also take "now" or
	 * bare numbers, which are not Retry-After dates. */
	if (!isalpha((unsigned char)date[0]))
		return TURNO_E_INVALID;
	time_t when = curl_getdate(date, NULL);
	if (when == (time_t)-1)
		return TURNO_E_INVALID;
	/* curl reads far-future years too: clamp before multiplying. */
	int64_t now_s = now_utc_ms / 1000;
	if ((int64_t)when <= now_s) {
		*delay_ms = 0; /* in the past (or before 1970): now */
		return 0;
	}
	if ((int64_t)when - now_s > TURNO_SYNC_RETRY_AFTER_MAX_MS / 1000) {
		*delay_ms = TURNO_SYNC_RETRY_AFTER_MAX_MS;
		return 0;
	}
	int64_t ms = (int64_t)when * 1000 - now_utc_ms;
	if (ms < 0)
		ms = 0;
	*delay_ms = ms < TURNO_SYNC_RETRY_AFTER_MAX_MS ? ms : TURNO_SYNC_RETRY_AFTER_MAX_MS;
	return 0;
}

int64_t turno_sync_retry_delay_ms(int64_t backoff_ms, bool has_retry_after, int64_t retry_after_ms)
{
	if (has_retry_after && retry_after_ms > backoff_ms)
		return retry_after_ms;
	return backoff_ms;
}
