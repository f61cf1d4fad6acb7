/* libFuzzer harness: the ESC/POS renderer with fuzzed ticket fields, decoded back by the
 * independent test decoder (tests/unit/escpos_decoder.h). Whatever a configuration or a
 * ticket holds, the bytes are a well-formed ticket: initialised first, no command the
 * decoder does not know (text never turns into a printer command), one cut at the end,
 * and the number printed largest. */
#include "escpos_decoder.h"
#include "print/escpos.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct escpos_doc doc;

/* Copies the next field (up to a NUL or newline byte) of the input into out. */
static void next_field(const uint8_t **data, size_t *size, char *out, size_t out_len)
{
	size_t n = 0;
	while (*size > 0 && **data != '\0' && **data != '\n') {
		if (n + 1 < out_len)
			out[n++] = (char)**data;
		(*data)++;
		(*size)--;
	}
	if (*size > 0) {
		(*data)++;
		(*size)--;
	}
	out[n] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	struct turno_printed_ticket t;
	memset(&t, 0, sizeof(t));
	uint8_t flags = data[0];
	t.paper_width_mm = (flags & 1) ? 58 : 80;
	t.language = (flags & 2) ? TURNO_LANG_EN : TURNO_LANG_IT;
	t.priority = flags & 4;
	t.ticket_id = 1;
	t.ahead = data[1];
	t.wait_minutes = data[1] * 3;
	data += 2;
	size -= 2;
	next_field(&data, &size, t.label, sizeof(t.label));
	next_field(&data, &size, t.office, sizeof(t.office));
	next_field(&data, &size, t.service, sizeof(t.service));
	next_field(&data, &size, t.service_en, sizeof(t.service_en));
	next_field(&data, &size, t.priority_text, sizeof(t.priority_text));
	next_field(&data, &size, t.heading, sizeof(t.heading));
	next_field(&data, &size, t.date_line, sizeof(t.date_line));
	next_field(&data, &size, t.ahead_line, sizeof(t.ahead_line));
	next_field(&data, &size, t.wait_line, sizeof(t.wait_line));
	next_field(&data, &size, t.qr, sizeof(t.qr));
	for (t.footer_count = 0; t.footer_count < TURNO_MAX_FOOTER && size > 0; t.footer_count++)
		next_field(&data, &size, t.footer[t.footer_count], sizeof(t.footer[0]));

	uint8_t *bytes = NULL;
	size_t len = 0;
	if (turno_escpos_render(&t, &bytes, &len) < 0)
		return 0; /* out of memory only */
	if (escpos_decode(bytes, len, &doc) < 0 || doc.unknown != 0 || !doc.initialised_first ||
	    doc.cuts != 1 || !doc.cut_last)
		abort();
	/* A plain number such as "A042" comes out exactly, and largest. */
	bool plain = t.label[0] != '\0';
	for (const char *c = t.label; *c; c++)
		plain &= (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9');
	if (plain) {
		const struct escpos_line *big = escpos_largest(&doc);
		if (!big || strcmp(big->text, t.label) != 0)
			abort();
	}
	free(bytes);
	return 0;
}
