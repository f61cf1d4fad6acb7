/* Reads what a MAX7219 chain was sent from the kernel's own record of the GPIO lines:
 * the gpio_value trace events (tracefs, trace_clock mono) of a `make test-pi` guest, fed
 * to the test-side chip model (tests/unit/max7219_decoder.h), which shares no code with
 * the driver. Trace markers ("tracing_mark_write: ...") are passed through.
 *
 *   max7219-trace TRACE DIN CLK CS CHIPS      (DIN, CLK, CS: the lines' global gpio numbers)
 * prints, in the trace's order:
 *   marker T TEXT
 *   latch T MISALIGNED|chip 1's text|chip 2's text|...   (after each CS rising edge)
 * T in ns of CLOCK_MONOTONIC. */
#include "../unit/max7219_decoder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long long timestamp_ns(const char *token)
{
	long long sec = 0, usec = 0;
	sscanf(token, "%lld.%lld", &sec, &usec);
	return sec * 1000000000LL + usec * 1000LL;
}

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: max7219-trace TRACE DIN CLK CS CHIPS\n");
		return 64;
	}
	FILE *f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	unsigned din = (unsigned)atoi(argv[2]), clk = (unsigned)atoi(argv[3]), cs = (unsigned)atoi(argv[4]);
	int chips = atoi(argv[5]);
	if (chips < 1 || chips > MAX7219_TEST_CHIPS)
		return 64;
	struct max7219_chain chain;
	max7219_chain_init(&chain, chips);
	char line[1024];
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		char *marker = strstr(line, " tracing_mark_write: ");
		char *value = strstr(line, " gpio_value: ");
		char *event = marker ? marker : value;
		if (!event)
			continue;
		/* The timestamp is the word before the event's name, ending in ':'. */
		char *end = event;
		while (end > line && end[-1] == ':')
			end--;
		char *start = end;
		while (start > line && start[-1] != ' ')
			start--;
		long long t = timestamp_ns(start);
		if (marker) {
			char *text = marker + strlen(" tracing_mark_write: ");
			text[strcspn(text, "\n")] = '\0';
			printf("marker %lld %s\n", t, text);
			continue;
		}
		unsigned gpio;
		char kind[8];
		int level;
		if (sscanf(value + strlen(" gpio_value: "), "%u %7s %d", &gpio, kind, &level) != 3 ||
		    strcmp(kind, "set") != 0)
			continue;
		enum max7219_pin pin;
		if (gpio == din)
			pin = MAX7219_PIN_DIN;
		else if (gpio == clk)
			pin = MAX7219_PIN_CLK;
		else if (gpio == cs)
			pin = MAX7219_PIN_CS;
		else
			continue;
		int latches = chain.latches;
		max7219_chain_feed(&chain, pin, level != 0, t);
		if (chain.latches != latches) {
			printf("latch %lld %d", t, chain.misaligned_latches);
			for (int i = 1; i <= chips; i++) {
				char text[9];
				max7219_text(&chain, i, text);
				printf("|%s", text);
			}
			printf("\n");
		}
	}
	fclose(f);
	return 0;
}
