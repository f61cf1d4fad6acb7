/* The control protocol: what turno-ctl may send and what the kiosk refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "control/protocol.h"
#include "core/error.h"

#include <stdlib.h>
#include <string.h>

struct parse_case {
	const char *line;
	int ok;
	enum turno_command command;
	char service;
	int counter;
	bool priority, no_print;
};

static void parse_table(void **state)
{
	static const struct parse_case cases[] = {
	        {"ping", 1, TURNO_CMD_PING, 0, 0, false, false},
	        {"status\n", 1, TURNO_CMD_STATUS, 0, 0, false, false},
	        {"issue A", 1, TURNO_CMD_ISSUE, 'A', 0, false, false},
	        {"issue b priority", 1, TURNO_CMD_ISSUE, 'B', 0, true, false},
	        {"issue C --priority --no-print", 1, TURNO_CMD_ISSUE, 'C', 0, true, true},
	        {"call 3", 1, TURNO_CMD_CALL, 0, 3, false, false},
	        {"next 3", 1, TURNO_CMD_CALL, 0, 3, false, false},
	        {"recall 1", 1, TURNO_CMD_RECALL, 0, 1, false, false},
	        {"noshow 12", 1, TURNO_CMD_NOSHOW, 0, 12, false, false},
	        {"transfer 2 E", 1, TURNO_CMD_TRANSFER, 'E', 2, false, false},
	        {"print-test", 1, TURNO_CMD_PRINT_TEST, 0, 0, false, false},
	        {"", 0, 0, 0, 0, false, false},
	        {"issue", 0, 0, 0, 0, false, false},
	        {"issue AB", 0, 0, 0, 0, false, false},
	        {"issue 1", 0, 0, 0, 0, false, false},
	        {"issue A urgent", 0, 0, 0, 0, false, false},
	        {"call", 0, 0, 0, 0, false, false},
	        {"call 0", 0, 0, 0, 0, false, false},
	        {"call -1", 0, 0, 0, 0, false, false},
	        {"call 1x", 0, 0, 0, 0, false, false},
	        {"call 1 2", 0, 0, 0, 0, false, false},
	        {"transfer 2", 0, 0, 0, 0, false, false},
	        {"status now", 0, 0, 0, 0, false, false},
	        {"DROP TABLE tickets", 0, 0, 0, 0, false, false},
	        {"issue A\x01", 0, 0, 0, 0, false, false},
	        {"a b c d e f g", 0, 0, 0, 0, false, false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct parse_case *c = &cases[i];
		struct turno_request r;
		char err[256] = "";
		int rc = turno_request_parse(c->line, &r, err, sizeof(err));
		if (c->ok != (rc == 0))
			fail_msg("\"%s\": rc %d (%s)", c->line, rc, err);
		if (!c->ok) {
			assert_int_equal(rc, TURNO_E_INVALID);
			/* A sentence; for a wrong command, it lists what is accepted. */
			assert_true(strlen(err) > 10);
			if (strncmp(c->line, "issue A\x01", 8) != 0)
				assert_non_null(strstr(err, "commands:"));
			continue;
		}
		assert_int_equal(r.command, c->command);
		assert_int_equal(r.service, c->service);
		assert_int_equal(r.counter, c->counter);
		assert_int_equal(r.priority, c->priority);
		assert_int_equal(r.no_print, c->no_print);
		/* What the client formats parses back to the same request. */
		char line[300];
		struct turno_request again;
		assert_int_equal(turno_request_format(&r, line, sizeof(line)), 0);
		assert_int_equal(turno_request_parse(line, &again, err, sizeof(err)), 0);
		assert_memory_equal(&r, &again, sizeof(r));
	}
}

static void long_line_refused(void **state)
{
	char line[600];
	struct turno_request r;
	char err[256];
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	assert_int_equal(turno_request_parse(line, &r, err, sizeof(err)), TURNO_E_INVALID);
	assert_non_null(strstr(err, "too long"));
}

static void error_reply_names_the_error(void **state)
{
	cJSON *reply = turno_reply_error(TURNO_E_CLOSED, NULL);
	char *text = turno_reply_print(reply);
	assert_string_equal(text,
	                    "{\"ok\":false,\"error\":\"closed\",\"message\":\"the office is closed\"}\n");
	free(text);
	cJSON_Delete(reply);
}

/* request_id=… may close any request; it survives format → parse, and a bad one is refused. */
static void request_ids(void **state)
{
	struct turno_request r, again;
	char err[256] = "", line[300];
	assert_int_equal(turno_request_parse("issue A priority request_id=desk1-42", &r, err, sizeof(err)),
	                 0);
	assert_int_equal(r.command, TURNO_CMD_ISSUE);
	assert_true(r.priority);
	assert_string_equal(r.request_id, "desk1-42");
	assert_true(turno_request_changes(&r));
	assert_int_equal(turno_request_format(&r, line, sizeof(line)), 0);
	assert_string_equal(line, "issue A priority request_id=desk1-42\n");
	assert_int_equal(turno_request_parse(line, &again, err, sizeof(err)), 0);
	assert_memory_equal(&r, &again, sizeof(r));
	assert_int_equal(turno_request_parse("call 2 request_id=a.b:c_D9", &r, err, sizeof(err)), 0);
	assert_string_equal(r.request_id, "a.b:c_D9");
	assert_int_equal(turno_request_parse("status", &r, err, sizeof(err)), 0);
	assert_false(turno_request_changes(&r));
	assert_string_equal(r.request_id, "");
	static const char *const bad[] = {
	        "issue A request_id=",
	        "issue A request_id=bad/id",
	        "issue A request_id=x request_id=y",
	        "issue A request_id=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	        "request_id=x",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (turno_request_parse(bad[i], &r, err, sizeof(err)) != TURNO_E_INVALID)
			fail_msg("\"%s\" was accepted", bad[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(request_ids),
	        cmocka_unit_test(parse_table),
	        cmocka_unit_test(long_line_refused),
	        cmocka_unit_test(error_reply_names_the_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
