/* The printed ticket's words: what a citizen reads on the paper, in Italian or English. */
#include "core/error.h"
#include "print/ticket.h"
#include "print_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void italian_ticket_has_every_field(void **state)
{
	struct turno_config *config = print_fixture_config(80, "https://example.it/urp");
	struct turno_ticket ticket = print_fixture_ticket();
	struct turno_printed_ticket p;
	assert_int_equal(turno_printed_ticket_fill(&p, config, &ticket, TURNO_LANG_IT), 0);
	assert_int_equal(p.ticket_id, 42);
	assert_string_equal(p.office, "Comune di Forlì - Ufficio Relazioni con il Pubblico");
	assert_string_equal(p.service, "Anagrafe e stato civile");
	assert_string_equal(p.service_en, "");
	assert_string_equal(p.label, "A042");
	assert_string_equal(p.date, "23/11/2026");
	assert_string_equal(p.time, "14:05");
	assert_string_equal(p.date_line, "23/11/2026  14:05");
	assert_string_equal(p.ahead_line, "Persone prima di lei: 3");
	assert_string_equal(p.wait_line, "Attesa stimata: circa 15 min");
	assert_string_equal(p.heading, "IL SUO NUMERO");
	assert_int_equal(p.footer_count, 2);
	assert_string_equal(p.footer[0], "Orari: lun-ven 8:30-12:30, giovedì anche 15-17");
	assert_string_equal(p.footer[1], "Più informazioni: urp@comune.example.it");
	assert_string_equal(p.qr, "https://example.it/urp");
	assert_int_equal(p.paper_width_mm, 80);
	assert_false(p.priority);
	assert_string_equal(p.priority_text, "");
	turno_config_free(config);
}

static void english_ticket_names_the_service_in_both_languages(void **state)
{
	struct turno_config *config = print_fixture_config(58, "");
	struct turno_ticket ticket = print_fixture_ticket();
	ticket.priority = true;
	struct turno_printed_ticket p;
	assert_int_equal(turno_printed_ticket_fill(&p, config, &ticket, TURNO_LANG_EN), 0);
	assert_string_equal(p.service, "Anagrafe e stato civile");
	assert_string_equal(p.service_en, "Registry office");
	assert_string_equal(p.ahead_line, "People ahead of you: 3");
	assert_string_equal(p.wait_line, "Estimated wait: about 15 min");
	assert_string_equal(p.heading, "YOUR NUMBER");
	assert_true(p.priority);
	assert_string_equal(p.priority_text, "PRIORITY");
	assert_string_equal(p.qr, "");
	assert_int_equal(p.paper_width_mm, 58);
	turno_config_free(config);
}

static void english_name_is_not_repeated_when_the_office_gave_none(void **state)
{
	struct turno_config *config = print_fixture_config(80, "");
	struct turno_ticket ticket = print_fixture_ticket();
	ticket.service = 'B';
	snprintf(ticket.label, sizeof(ticket.label), "B007");
	struct turno_printed_ticket p;
	assert_int_equal(turno_printed_ticket_fill(&p, config, &ticket, TURNO_LANG_EN), 0);
	assert_string_equal(p.service, "Tributi");
	assert_string_equal(p.service_en, "");
	turno_config_free(config);
}

static void nobody_ahead_and_no_wait_are_said_in_words(void **state)
{
	struct turno_config *config = print_fixture_config(80, "");
	struct turno_ticket ticket = print_fixture_ticket();
	ticket.ahead = 0;
	ticket.wait_minutes = 0;
	ticket.priority = true;
	struct turno_printed_ticket p;
	assert_int_equal(turno_printed_ticket_fill(&p, config, &ticket, TURNO_LANG_IT), 0);
	assert_string_equal(p.ahead_line, "Nessuno prima di lei");
	assert_string_equal(p.wait_line, "Attesa stimata: meno di 1 min");
	assert_string_equal(p.priority_text, "PRECEDENZA");
	assert_int_equal(turno_printed_ticket_fill(&p, config, &ticket, TURNO_LANG_EN), 0);
	assert_string_equal(p.ahead_line, "You are next");
	assert_string_equal(p.wait_line, "Estimated wait: under 1 min");
	turno_config_free(config);
}

static void a_ticket_of_an_unknown_service_is_refused(void **state)
{
	struct turno_config *config = print_fixture_config(80, "");
	struct turno_ticket ticket = print_fixture_ticket();
	snprintf(ticket.label, sizeof(ticket.label), "Z001");
	ticket.service = 'Z';
	struct turno_printed_ticket p;
	assert_int_equal(turno_printed_ticket_fill(&p, config, &ticket, TURNO_LANG_IT),
	                 TURNO_E_UNKNOWN_SERVICE);
	turno_config_free(config);
}

static void a_malformed_issue_time_is_refused(void **state)
{
	struct turno_config *config = print_fixture_config(80, "");
	static const char *const bad[] = {"", "2026-11-23", "23/11/2026 14:05:00", "2026-13-01 10:00:00",
	                                  "2026-11-23 25:00:00"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct turno_ticket ticket = print_fixture_ticket();
		snprintf(ticket.issued_local, sizeof(ticket.issued_local), "%s", bad[i]);
		struct turno_printed_ticket p;
		assert_int_equal(turno_printed_ticket_fill(&p, config, &ticket, TURNO_LANG_IT),
		                 TURNO_E_INVALID);
	}
	turno_config_free(config);
}

static void the_test_ticket_says_it_is_a_test(void **state)
{
	struct turno_config *config = print_fixture_config(80, "https://example.it");
	struct turno_printed_ticket p;
	assert_int_equal(turno_printed_ticket_fill_test(&p, config, "2026-11-23 09:00:00", TURNO_LANG_IT), 0);
	assert_string_equal(p.label, "T000");
	assert_string_equal(p.heading, "BIGLIETTO DI PROVA");
	assert_string_equal(p.service, "Anagrafe e stato civile");
	assert_string_equal(p.date_line, "23/11/2026  09:00");
	assert_int_equal(p.ticket_id, 0);
	assert_string_equal(p.qr, "https://example.it");
	assert_int_equal(turno_printed_ticket_fill_test(&p, config, "garbage", TURNO_LANG_IT),
	                 TURNO_E_INVALID);
	turno_config_free(config);
}

static void language_codes_map_to_languages(void **state)
{
	assert_int_equal(turno_lang_from_code("en"), TURNO_LANG_EN);
	assert_int_equal(turno_lang_from_code("it"), TURNO_LANG_IT);
	assert_int_equal(turno_lang_from_code("de"), TURNO_LANG_IT);
	assert_int_equal(turno_lang_from_code(NULL), TURNO_LANG_IT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(italian_ticket_has_every_field),
	        cmocka_unit_test(english_ticket_names_the_service_in_both_languages),
	        cmocka_unit_test(english_name_is_not_repeated_when_the_office_gave_none),
	        cmocka_unit_test(nobody_ahead_and_no_wait_are_said_in_words),
	        cmocka_unit_test(a_ticket_of_an_unknown_service_is_refused),
	        cmocka_unit_test(a_malformed_issue_time_is_refused),
	        cmocka_unit_test(the_test_ticket_says_it_is_a_test),
	        cmocka_unit_test(language_codes_map_to_languages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
