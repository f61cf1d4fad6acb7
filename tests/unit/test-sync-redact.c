/* Masking the token in what a back office sends back (sync/redact): whole, in part, cut
 * at either end, more than once; the rest of the text stays readable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "sync/redact.h"

#include <stdio.h>
#include <string.h>

struct redact_case {
	const char *text, *secret, *expect;
};

static void redact_table(void **state)
{
	static const struct redact_case cases[] = {
	        {"refused: Bearer s3cr3t-T0ken-xyz", "s3cr3t-T0ken-xyz", "refused: Bearer ***"},
	        {"near ...cr3t-T0k... (prefix s3cr3)", "s3cr3t-T0ken-xyz", "near ...***... (prefix ***)"},
	        {"twice s3cr3t-T0ken-xyz and s3cr3t-T0ken-xyz", "s3cr3t-T0ken-xyz", "twice *** and ***"},
	        {"a piece of 3 stays: s3c, the rest: HTTP 500", "s3cr3t-T0ken-xyz",
	         "a piece of 3 stays: s3c, the rest: HTTP 500"},
	        {"tail -xyz", "s3cr3t-T0ken-xyz", "tail ***"},
	        {"nothing secret here", "s3cr3t-T0ken-xyz", "nothing secret here"},
	        {"short abc token", "abc", "short *** token"},
	        {"", "s3cr3t", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[256];
		snprintf(text, sizeof(text), "%s", cases[i].text);
		turno_sync_redact(text, cases[i].secret);
		if (strcmp(text, cases[i].expect) != 0)
			fail_msg("\"%s\": got \"%s\", expected \"%s\"", cases[i].text, text, cases[i].expect);
	}
	char text[] = "unchanged";
	turno_sync_redact(text, NULL);
	turno_sync_redact(text, "");
	assert_string_equal(text, "unchanged");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(redact_table),
	};
	return cmocka_run_group_tests_name("sync-redact", tests, NULL, NULL);
}
