/* The exact ESC/POS bytes of a fixed ticket (80 mm, priority, QR, accents) against
 * tests/golden/ticket-80mm.escpos; the decoded view is next to it (.txt) for review.
 * `make golden` (TURNO_GOLDEN_UPDATE=1) rewrites both when a change is meant. */
#include "escpos_decoder.h"
#include "print/escpos.h"
#include "print/ticket.h"
#include "print_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#define GOLDEN_BIN "tests/golden/ticket-80mm.escpos"
#define GOLDEN_TXT "tests/golden/ticket-80mm.escpos.txt"
#define QR_TEXT "https://www.comune.example.it/urp"

static struct escpos_doc doc;

static uint8_t *render(const struct turno_printed_ticket *p, size_t *len)
{
	uint8_t *bytes = NULL;
	assert_int_equal(turno_escpos_render(p, &bytes, len), 0);
	assert_non_null(bytes);
	return bytes;
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	uint8_t *data = malloc(65536);
	*len = fread(data, 1, 65536, f);
	fclose(f);
	return data;
}

static void fixed_ticket_matches_the_golden_bytes(void **state)
{
	struct turno_config *config = print_fixture_config(80, QR_TEXT);
	struct turno_ticket ticket = print_fixture_ticket();
	ticket.priority = true;
	struct turno_printed_ticket p;
	assert_int_equal(turno_printed_ticket_fill(&p, config, &ticket, TURNO_LANG_IT), 0);
	turno_config_free(config);
	size_t len;
	uint8_t *bytes = render(&p, &len);
	const char *update = getenv("TURNO_GOLDEN_UPDATE");
	if (update && strcmp(update, "1") == 0) {
		FILE *f = fopen(GOLDEN_BIN, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(bytes, 1, len, f), len);
		fclose(f);
		assert_int_equal(escpos_decode(bytes, len, &doc), 0);
		f = fopen(GOLDEN_TXT, "w");
		assert_non_null(f);
		escpos_print_text(f, &doc);
		fclose(f);
	}
	size_t golden_len = 0;
	uint8_t *golden = read_file(GOLDEN_BIN, &golden_len);
	if (!golden)
		fail_msg("%s missing: run `make golden` from the top of the checkout", GOLDEN_BIN);
	size_t at = 0;
	while (at < len && at < golden_len && bytes[at] == golden[at])
		at++;
	if (at != len || len != golden_len) {
		FILE *f = fopen(GOLDEN_BIN ".actual", "wb");
		if (f) {
			fwrite(bytes, 1, len, f);
			fclose(f);
		}
		fail_msg("bytes differ from %s at offset %zu (%zu vs %zu bytes); got %s.actual — "
		         "decode both with escpos-decode, and `make golden` if the change is meant",
		         GOLDEN_BIN, at, len, golden_len, GOLDEN_BIN);
	}
	free(golden);
	free(bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(fixed_ticket_matches_the_golden_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
