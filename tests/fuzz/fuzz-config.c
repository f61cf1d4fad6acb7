/* libFuzzer harness: the configuration parser (turno_config_load_string) on arbitrary
 * text. Whatever the input, it either loads a configuration whose invariants hold or
 * refuses it with a message; it never crashes, leaks or reads out of bounds. */
#include "core/config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct turno_config *config = NULL;
	char err[512];
	err[0] = '\0';
	int rc = turno_config_load_string(text, "fuzz.ini", &config, err, sizeof(err));
	if (rc < 0) {
		/* A refusal always says why, in a terminated string. */
		if (config || !err[0] || !memchr(err, '\0', sizeof(err)))
			abort();
	} else {
		if (!config || config->service_count < 1 || config->service_count > TURNO_MAX_SERVICES ||
		    config->counter_count > TURNO_MAX_COUNTERS)
			abort();
		/* Every counter serves only services that exist. */
		for (int c = 0; c < config->counter_count; c++)
			for (const char *s = config->counters[c].services; *s; s++) {
				bool known = false;
				for (int i = 0; i < config->service_count; i++)
					known |= config->services[i].letter == *s;
				if (!known)
					abort();
			}
	}
	turno_config_free(config);
	free(text);
	return 0;
}
