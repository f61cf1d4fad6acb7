/* libFuzzer harness for the reply parser of turno-sync: whatever a server sends, the
 * parser must return 0 or TURNO_E_INVALID, never crash or read past the buffer. A value
 * it accepts is written back and parsed again (parse-then-write-back, as mpv's fuzzers):
 * both readings must agree. Build with `make fuzz-sync`. */
#include "core/error.h"
#include "sync/backoff.h"
#include "sync/protocol.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy, not NUL-terminated: ASan catches any read past the end. */
	char *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	int64_t acked = -1;
	int rc = turno_sync_reply_parse(copy, size, &acked);
	if (rc != 0 && rc != TURNO_E_INVALID)
		abort();
	if (rc == 0) {
		if (acked < 0)
			abort();
		char again[64];
		int n = snprintf(again, sizeof(again), "{\"acked_through\": %" PRId64 "}", acked);
		int64_t second = -1;
		if (turno_sync_reply_parse(again, (size_t)n, &second) != 0 || second != acked)
			abort();
	}
	/* The same bytes as a Retry-After header value. */
	char header[80];
	size_t len = size < sizeof(header) - 1 ? size : sizeof(header) - 1;
	memcpy(header, data, len);
	header[len] = '\0';
	int64_t delay = -1;
	if (turno_sync_retry_after_parse(header, 1795000000000LL, &delay) == 0 &&
	    (delay < 0 || delay > TURNO_SYNC_RETRY_AFTER_MAX_MS))
		abort();
	free(copy);
	return 0;
}
