/* The screen's words: every sentence exists in both languages, is valid UTF-8, and the
 * placeholders are filled without overflowing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "utf8_check.h"

#include "kiosk/i18n.h"

#include <stdbool.h>
#include <string.h>

static void every_text_in_both_languages(void **state)
{
	for (int t = 0; t < TURNO_TX_COUNT; t++) {
		const char *it = turno_i18n(TURNO_LANG_IT, (enum turno_text)t);
		const char *en = turno_i18n(TURNO_LANG_EN, (enum turno_text)t);
		assert_true(it[0] && en[0]);
		assert_true(valid_utf8(it) && valid_utf8(en));
		/* The same placeholders in both. */
		assert_int_equal(strstr(it, "{1}") != NULL, strstr(en, "{1}") != NULL);
		assert_int_equal(strstr(it, "{2}") != NULL, strstr(en, "{2}") != NULL);
	}
	assert_string_equal(turno_i18n(TURNO_LANG_IT, TURNO_TX_TICKET_INTRO), "Il suo numero è");
	assert_string_equal(turno_i18n(TURNO_LANG_IT, TURNO_TX_COUNT), "");
}

static void placeholders(void **state)
{
	char out[64];
	assert_string_equal(
	        turno_i18n_format(out, sizeof(out), TURNO_LANG_IT, TURNO_TX_REOPEN_DAY, "martedì", "8:00"),
	        "Riapriamo martedì alle 8:00");
	assert_string_equal(
	        turno_i18n_format(out, sizeof(out), TURNO_LANG_EN, TURNO_TX_REOPEN_DAY, "Tuesday", "8:00"),
	        "We reopen on Tuesday at 8:00");
	assert_string_equal(turno_i18n_format(out, sizeof(out), TURNO_LANG_EN, TURNO_TX_ESTIMATE, "10", NULL),
	                    "about 10 min");
	assert_string_equal(turno_i18n_format(out, sizeof(out), TURNO_LANG_IT, TURNO_TX_ESTIMATE, NULL, NULL),
	                    "circa  min");
	/* A short buffer truncates, always terminated. */
	char small[8];
	turno_i18n_format(small, sizeof(small), TURNO_LANG_IT, TURNO_TX_REOPEN_DAY, "martedì", "8:00");
	assert_int_equal(strlen(small), 7);
}

static void days_and_months(void **state)
{
	assert_string_equal(turno_i18n_weekday(TURNO_LANG_IT, 0), "lunedì");
	assert_string_equal(turno_i18n_weekday(TURNO_LANG_EN, 6), "Sunday");
	assert_string_equal(turno_i18n_weekday(TURNO_LANG_IT, 7), "");
	assert_string_equal(turno_i18n_month(TURNO_LANG_IT, 11), "novembre");
	assert_string_equal(turno_i18n_month(TURNO_LANG_EN, 1), "January");
	assert_string_equal(turno_i18n_month(TURNO_LANG_EN, 0), "");
	assert_int_equal(turno_lang_from_code("en"), TURNO_LANG_EN);
	assert_int_equal(turno_lang_from_code("it"), TURNO_LANG_IT);
	assert_int_equal(turno_lang_from_code(NULL), TURNO_LANG_IT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(every_text_in_both_languages),
	        cmocka_unit_test(placeholders),
	        cmocka_unit_test(days_and_months),
	};
	return cmocka_run_group_tests_name("i18n", tests, NULL, NULL);
}
