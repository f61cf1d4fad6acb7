/* libFuzzer harness: the control-socket protocol. Any line either is refused with a
 * message, or parses to a request that formats back to a line which parses to the very
 * same request and formats to the very same line (parse -> format -> parse). */
#include "control/protocol.h"
#include "core/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same_request(const struct turno_request *a, const struct turno_request *b)
{
	return a->command == b->command && a->service == b->service && a->counter == b->counter &&
	       a->priority == b->priority && a->no_print == b->no_print;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	struct turno_request req, again;
	char err[256] = "";
	if (turno_request_parse(line, &req, err, sizeof(err)) < 0) {
		if (!err[0])
			abort(); /* a refusal says what is accepted */
		free(line);
		return 0;
	}
	char out[TURNO_CONTROL_MAX_LINE + 2], out2[TURNO_CONTROL_MAX_LINE + 2];
	if (turno_request_format(&req, out, sizeof(out)) < 0)
		abort();
	if (turno_request_parse(out, &again, err, sizeof(err)) < 0 || !same_request(&req, &again))
		abort();
	if (turno_request_format(&again, out2, sizeof(out2)) < 0 || strcmp(out, out2) != 0)
		abort();
	free(line);
	return 0;
}
