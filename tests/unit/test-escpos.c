/* ESC/POS tickets, read back through the independent test decoder: what the printer
 * would print (number enlarged, accents right, QR, cut, lines that fit the paper).
 * The exact bytes of a fixed ticket are locked in test-golden-escpos.c. */
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

#define QR_TEXT "https://www.comune.example.it/urp"

static struct escpos_doc doc; /* large: not on the stack */

static uint8_t *render(const struct turno_printed_ticket *p, size_t *len)
{
	uint8_t *bytes = NULL;
	assert_int_equal(turno_escpos_render(p, &bytes, len), 0);
	assert_non_null(bytes);
	return bytes;
}

/* Fills the fixture ticket, renders and decodes it into doc; returns the byte count. */
static size_t render_fixture(int width_mm, const char *qr, enum turno_lang lang, bool priority)
{
	struct turno_config *config = print_fixture_config(width_mm, qr);
	struct turno_ticket ticket = print_fixture_ticket();
	ticket.priority = priority;
	struct turno_printed_ticket p;
	assert_int_equal(turno_printed_ticket_fill(&p, config, &ticket, lang), 0);
	size_t len;
	uint8_t *bytes = render(&p, &len);
	assert_int_equal(escpos_decode(bytes, len, &doc), 0);
	free(bytes);
	turno_config_free(config);
	return len;
}

static void assert_clean(void)
{
	if (doc.unknown)
		fail_msg("unknown command: %s", doc.error);
	assert_int_equal(doc.bad_bytes, 0);
	assert_true(doc.initialised_first);
	assert_int_equal(doc.inits, 1);
	assert_int_equal(doc.codepage, 19);
}

static void the_number_is_the_largest_line_centred_and_bold(void **state)
{
	render_fixture(80, QR_TEXT, TURNO_LANG_IT, false);
	assert_clean();
	const struct escpos_line *big = escpos_largest(&doc);
	assert_non_null(big);
	assert_string_equal(big->text, "A042");
	assert_int_equal(big->align, 1);
	assert_true(big->bold);
	assert_int_equal(big->width, 8);
	assert_int_equal(big->height, 8);
	/* Everything else is back to normal width after it. */
	const struct escpos_line *date = escpos_find(&doc, "23/11/2026  14:05");
	assert_non_null(date);
	assert_int_equal(date->width, 1);
	assert_int_equal(date->height, 1);
	assert_int_equal(date->align, 1);
}

static void the_ticket_says_service_date_people_and_wait(void **state)
{
	render_fixture(80, QR_TEXT, TURNO_LANG_IT, false);
	assert_clean();
	const struct escpos_line *service = escpos_find(&doc, "Anagrafe e stato civile");
	assert_non_null(service);
	assert_true(service->bold);
	assert_non_null(escpos_find(&doc, "Persone prima di lei: 3"));
	assert_non_null(escpos_find(&doc, "Attesa stimata: circa 15 min"));
	assert_non_null(escpos_find(&doc, "IL SUO NUMERO"));
	assert_null(escpos_find(&doc, "Registry office"));
	assert_null(escpos_find(&doc, "PRECEDENZA"));
}

static void the_paper_is_cut_at_the_end_after_a_feed(void **state)
{
	render_fixture(80, QR_TEXT, TURNO_LANG_IT, false);
	assert_int_equal(doc.cuts, 1);
	assert_true(doc.cut_last);
	assert_int_equal(doc.cut_mode, 66); /* feed to the cutter, partial cut */
	assert_int_equal(doc.lines[doc.count - 1].kind, ESCPOS_EV_CUT);
	assert_int_equal(doc.lines[doc.count - 2].kind, ESCPOS_EV_FEED);
	assert_true(doc.lines[doc.count - 2].feed >= 2);
}

static void the_qr_code_carries_the_configured_text(void **state)
{
	render_fixture(80, QR_TEXT, TURNO_LANG_IT, false);
	const struct escpos_line *qr = escpos_qr(&doc);
	assert_non_null(qr);
	assert_string_equal(qr->text, QR_TEXT);
	assert_int_equal(qr->align, 1);
	assert_int_equal(doc.qr_model, 2);
	assert_int_equal(doc.qr_correction, 49); /* M */
	assert_int_equal(doc.qr_module, 6);

	render_fixture(80, "", TURNO_LANG_IT, false);
	assert_clean();
	assert_null(escpos_qr(&doc));
}

static void accented_office_and_footer_round_trip(void **state)
{
	render_fixture(80, "", TURNO_LANG_IT, false);
	assert_clean();
	assert_non_null(escpos_find(&doc, "Comune di Forlì"));
	assert_non_null(escpos_find(&doc, "giovedì anche 15-17"));
	assert_non_null(escpos_find(&doc, "Più informazioni: urp@comune.example.it"));
	/* The code page is chosen before the first accented byte. */
	assert_int_equal(doc.codepage_before_text, 19);
}

static void english_ticket_has_both_names_and_the_priority_mark(void **state)
{
	render_fixture(80, "", TURNO_LANG_EN, true);
	assert_clean();
	assert_non_null(escpos_find(&doc, "Anagrafe e stato civile"));
	assert_non_null(escpos_find(&doc, "Registry office"));
	assert_non_null(escpos_find(&doc, "People ahead of you: 3"));
	const struct escpos_line *mark = escpos_find(&doc, "PRIORITY");
	assert_non_null(mark);
	assert_true(mark->reverse);
	assert_true(mark->bold);
	/* Reverse printing is switched off again for the number. */
	assert_false(escpos_largest(&doc)->reverse);
}

/* Every printed line fits the paper: chars × width multiplier ≤ columns of font A. */
static void assert_fits(int columns)
{
	for (int i = 0; i < doc.count; i++) {
		const struct escpos_line *l = &doc.lines[i];
		if (l->kind != ESCPOS_EV_TEXT)
			continue;
		size_t chars = 0;
		for (const char *s = l->text; *s; s++)
			chars += ((unsigned char)*s & 0xC0) != 0x80;
		if ((int)chars * l->width > columns)
			fail_msg("line \"%s\" is %zu x %d wide, paper has %d columns", l->text, chars,
			         l->width, columns);
	}
}

static void lines_fit_58_and_80_mm_paper(void **state)
{
	assert_int_equal(turno_escpos_columns(58), 32);
	assert_int_equal(turno_escpos_columns(80), 48);
	render_fixture(58, QR_TEXT, TURNO_LANG_EN, true);
	assert_clean();
	assert_fits(32);
	assert_string_equal(escpos_largest(&doc)->text, "A042");
	assert_int_equal(doc.qr_module, 5);
	/* Wrapped, not lost: the office name is split at a space on 58 mm. */
	assert_non_null(escpos_find(&doc, "Comune di Forlì - Ufficio"));
	assert_non_null(escpos_find(&doc, "Relazioni con il Pubblico"));
	render_fixture(80, QR_TEXT, TURNO_LANG_EN, true);
	assert_fits(48);
}

struct encode_case {
	const char *utf8;
	const char *expected; /* what the printer prints, back in UTF-8 */
};

static void text_round_trips_through_pc858(void **state)
{
	static const struct encode_case cases[] = {
	        {"àèéìòù", "àèéìòù"},
	        {"ÀÈÉÌÒÙ", "ÀÈÉÌÒÙ"},
	        {"Costo: 16,00 €", "Costo: 16,00 €"},
	        {"perché più così «sì»", "perché più così «sì»"},
	        {"Ç ñ ü ß ° ²", "Ç ñ ü ß ° ²"},
	        /* No glyph in PC858: a readable ASCII stand-in. */
	        {"l’ufficio “aperto” – sempre…", "l'ufficio \"aperto\" - sempre..."},
	        {"Łódź, Dvořák, Ştefan", "Lódz, Dvorák, Stefan"},
	        {"Œuvre", "OEuvre"},
	        {"ok 😀 日本", "ok ? ??"},
	        {"a\xff"
	         "b\xc3",
	         "a?b?"},
	        /* Control bytes never reach the printer as commands. */
	        {"x\x1b@y\x1dV\tz", "x @y V z"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char encoded[256];
		size_t n = turno_escpos_encode(cases[i].utf8, encoded, sizeof(encoded));
		assert_true(n < sizeof(encoded));
		for (size_t j = 0; j < n; j++)
			assert_true((unsigned char)encoded[j] >= 0x20);
		/* Decode as the printer would: ESC t 19, the text, LF. */
		uint8_t stream[300] = {0x1b, 't', 19};
		memcpy(stream + 3, encoded, n);
		stream[3 + n] = '\n';
		assert_int_equal(escpos_decode(stream, n + 4, &doc), 0);
		assert_int_equal(doc.unknown, 0);
		assert_int_equal(doc.count, 1);
		if (strcmp(doc.lines[0].text, cases[i].expected) != 0)
			fail_msg("case %zu: \"%s\" printed as \"%s\", expected \"%s\"", i, cases[i].utf8,
			         doc.lines[0].text, cases[i].expected);
	}
}

static void encode_truncates_like_snprintf(void **state)
{
	char small[4];
	assert_int_equal(turno_escpos_encode("àbcde", small, sizeof(small)), 5);
	assert_int_equal(strlen(small), 3);
	assert_int_equal((unsigned char)small[0], 0x85);
	assert_int_equal(turno_escpos_encode("…", NULL, 0), 3);
}

static void hostile_configuration_text_injects_no_command(void **state)
{
	struct turno_config *config = print_fixture_config(80, "");
	snprintf(config->office_name, sizeof(config->office_name), "%s", "Ufficio\x1b@\x1dV\x42\x01");
	snprintf(config->footer[0], sizeof(config->footer[0]), "%s", "\x1d!\x77grande");
	struct turno_ticket ticket = print_fixture_ticket();
	struct turno_printed_ticket p;
	assert_int_equal(turno_printed_ticket_fill(&p, config, &ticket, TURNO_LANG_IT), 0);
	size_t len;
	uint8_t *bytes = render(&p, &len);
	assert_int_equal(escpos_decode(bytes, len, &doc), 0);
	free(bytes);
	assert_clean();
	assert_int_equal(doc.cuts, 1);
	assert_true(doc.cut_last);
	assert_string_equal(escpos_largest(&doc)->text, "A042");
	turno_config_free(config);
}

static void a_word_longer_than_the_line_is_broken_not_lost(void **state)
{
	struct turno_config *config = print_fixture_config(58, "");
	snprintf(config->footer[0], sizeof(config->footer[0]), "%s",
	         "https://www.comune.example.it/servizi/anagrafe/prenotazioni");
	struct turno_ticket ticket = print_fixture_ticket();
	struct turno_printed_ticket p;
	assert_int_equal(turno_printed_ticket_fill(&p, config, &ticket, TURNO_LANG_IT), 0);
	size_t len;
	uint8_t *bytes = render(&p, &len);
	assert_int_equal(escpos_decode(bytes, len, &doc), 0);
	free(bytes);
	assert_fits(32);
	assert_non_null(escpos_find(&doc, "https://www.comune.example.it/se"));
	assert_non_null(escpos_find(&doc, "rvizi/anagrafe/prenotazioni"));
	turno_config_free(config);
}

/* Arbitrary bytes (a corrupted configuration, a hostile file) never produce a printer
 * command: every encoded byte is printable, and the decoder survives any stream. */
static void arbitrary_input_never_becomes_a_command(void **state)
{
	uint32_t seed = 12345;
	for (int round = 0; round < 3000; round++) {
		char input[64];
		size_t n = 1 + round % 63;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			input[i] = (char)(1 + (seed >> 16) % 255);
		}
		input[n] = '\0';
		char out[256];
		size_t len = turno_escpos_encode(input, out, sizeof(out));
		assert_true(len < sizeof(out));
		assert_int_equal(strlen(out), len);
		for (size_t i = 0; i < len; i++)
			assert_true((unsigned char)out[i] >= 0x20 && (unsigned char)out[i] != 0x7f);
		/* The decoder must not crash or overrun on garbage (run under SANITIZE too). */
		escpos_decode((const uint8_t *)input, n, &doc);
	}
	/* Commands cut short or with impossible lengths are reported, not read past. */
	static const struct {
		uint8_t bytes[8];
		size_t len;
	} broken[] = {
	        {{0x1d, '(', 'k', 0x01, 0x00, 49, 80}, 7},
	        {{0x1d, '(', 'k', 0x00, 0x00, 49, 80}, 7},
	        {{0x1d, '(', 'k', 0xff, 0xff, 49, 80}, 7},
	        {{0x1d, 'V', 66}, 3},
	        {{0x1b}, 1},
	};
	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		int rc = escpos_decode(broken[i].bytes, broken[i].len, &doc);
		assert_true(rc < 0 || doc.unknown > 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(the_number_is_the_largest_line_centred_and_bold),
	        cmocka_unit_test(the_ticket_says_service_date_people_and_wait),
	        cmocka_unit_test(the_paper_is_cut_at_the_end_after_a_feed),
	        cmocka_unit_test(the_qr_code_carries_the_configured_text),
	        cmocka_unit_test(accented_office_and_footer_round_trip),
	        cmocka_unit_test(english_ticket_has_both_names_and_the_priority_mark),
	        cmocka_unit_test(lines_fit_58_and_80_mm_paper),
	        cmocka_unit_test(text_round_trips_through_pc858),
	        cmocka_unit_test(encode_truncates_like_snprintf),
	        cmocka_unit_test(hostile_configuration_text_injects_no_command),
	        cmocka_unit_test(a_word_longer_than_the_line_is_broken_not_lost),
	        cmocka_unit_test(arbitrary_input_never_becomes_a_command),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
