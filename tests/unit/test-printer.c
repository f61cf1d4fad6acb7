/* The printer module's contract with the kiosk's main loop, in preview mode (no CUPS
 * needed): its fd wakes the loop once there is a result, each submission gets exactly
 * one result in order, the state is published, and stop joins cleanly with work queued.
 * CUPS itself is exercised for real in tests/integration/print-cups.sh. */
#include "print/escpos.h"
#include "print/printer.h"
#include "print/ticket.h"
#include "print_fixture.h"

#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

struct fixture {
	char dir[64];
	struct turno_config *config;
	struct turno_printer *printer;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/turno-printer-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	f->config = print_fixture_config(80, "https://example.it");
	snprintf(f->config->printer_preview_dir, sizeof(f->config->printer_preview_dir), "%s/preview",
	         f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	turno_printer_stop(f->printer);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	turno_config_free(f->config);
	free(f);
	return 0;
}

/* Waits (at most 10 s) for the fd to become readable; false on timeout. */
static bool wait_readable(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	return poll(&p, 1, 10000) == 1;
}

static bool readable_now(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	return poll(&p, 1, 0) == 1;
}

/* Collects n results, sleeping on the fd between them as the kiosk does. */
static void collect(struct turno_printer *printer, struct turno_print_result *out, int n)
{
	int got = 0;
	while (got < n) {
		assert_true(wait_readable(turno_printer_fd(printer)));
		while (got < n && turno_printer_next_result(printer, &out[got]))
			got++;
	}
}

static struct turno_printed_ticket ticket(const struct turno_config *config, int64_t id, const char *label)
{
	struct turno_ticket t = print_fixture_ticket();
	t.id = id;
	snprintf(t.label, sizeof(t.label), "%s", label);
	t.service = label[0];
	struct turno_printed_ticket p;
	assert_int_equal(turno_printed_ticket_fill(&p, config, &t, TURNO_LANG_IT), 0);
	return p;
}

static void a_result_wakes_the_loop_and_names_the_preview(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(turno_printer_start(f->config, &f->printer), 0);
	struct turno_printed_ticket p = ticket(f->config, 42, "A042");
	assert_int_equal(turno_printer_submit_ticket(f->printer, &p), 0);
	struct turno_print_result r;
	collect(f->printer, &r, 1);
	assert_int_equal(r.ticket_id, 42);
	assert_string_equal(r.label, "A042");
	assert_int_equal(r.state, TURNO_PRINT_PRINTED);
	assert_false(r.late);
	assert_int_equal(r.job_id, 0);
	char expected[128];
	snprintf(expected, sizeof(expected), "%s/preview/ticket-42-A042.pdf", f->dir);
	assert_string_equal(r.preview_path, expected);
	assert_non_null(strstr(r.reason, expected));
	assert_int_equal(access(expected, R_OK), 0);
	snprintf(expected, sizeof(expected), "%s/preview/ticket-42-A042.bin", f->dir);
	assert_int_equal(access(expected, R_OK), 0);
	/* Drained: nothing more, and the fd no longer wakes the loop. */
	assert_int_equal(turno_printer_next_result(f->printer, &r), 0);
	assert_false(readable_now(turno_printer_fd(f->printer)));

	struct turno_printer_status s;
	turno_printer_status(f->printer, &s);
	assert_int_equal(s.state, TURNO_PRINTER_PREVIEW);
	assert_string_equal(turno_printer_state_name(s.state), "preview");
	assert_non_null(strstr(s.message, "/preview"));
	assert_false(s.paper_out);
}

static void every_submission_gets_one_result_in_order(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(turno_printer_start(f->config, &f->printer), 0);
	static const char *const labels[] = {"A001", "B002", "A003", "B004", "A005"};
	for (int i = 0; i < 5; i++) {
		struct turno_printed_ticket p = ticket(f->config, i + 1, labels[i]);
		assert_int_equal(turno_printer_submit_ticket(f->printer, &p), 0);
	}
	struct turno_print_result r[5];
	collect(f->printer, r, 5);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(r[i].ticket_id, i + 1);
		assert_string_equal(r[i].label, labels[i]);
		assert_int_equal(r[i].state, TURNO_PRINT_PRINTED);
	}
	struct turno_print_result extra;
	assert_int_equal(turno_printer_next_result(f->printer, &extra), 0);
}

static void rendered_bytes_are_written_as_given(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(turno_printer_start(f->config, &f->printer), 0);
	struct turno_printed_ticket p = ticket(f->config, 9, "B009");
	uint8_t *bytes;
	size_t len;
	assert_int_equal(turno_escpos_render(&p, &bytes, &len), 0);
	assert_int_equal(turno_printer_submit(f->printer, 9, "B009", TURNO_PRINT_ESCPOS, bytes, len), 0);
	struct turno_print_result r;
	collect(f->printer, &r, 1);
	assert_int_equal(r.state, TURNO_PRINT_PRINTED);
	char path[128];
	snprintf(path, sizeof(path), "%s/preview/ticket-9-B009.bin", f->dir);
	assert_string_equal(r.preview_path, path);
	FILE *file = fopen(path, "rb");
	assert_non_null(file);
	uint8_t back[1024];
	size_t n = fread(back, 1, sizeof(back), file);
	fclose(file);
	assert_int_equal(n, len);
	assert_memory_equal(back, bytes, len);
	free(bytes);
}

static void an_unwritable_preview_dir_fails_the_ticket_with_the_reason(void **state)
{
	struct fixture *f = *state;
	char file[96];
	snprintf(file, sizeof(file), "%s/not-a-dir", f->dir);
	FILE *fp = fopen(file, "w");
	assert_non_null(fp);
	fclose(fp);
	snprintf(f->config->printer_preview_dir, sizeof(f->config->printer_preview_dir), "%s/sub", file);
	assert_int_equal(turno_printer_start(f->config, &f->printer), 0);
	struct turno_printed_ticket p = ticket(f->config, 3, "A003");
	assert_int_equal(turno_printer_submit_ticket(f->printer, &p), 0);
	struct turno_print_result r;
	collect(f->printer, &r, 1);
	assert_int_equal(r.state, TURNO_PRINT_FAILED);
	assert_non_null(strstr(r.reason, "cannot create the preview directory"));
	assert_non_null(strstr(r.reason, "Not a directory"));
	assert_string_equal(r.preview_path, "");
}

static void stop_with_work_queued_returns(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(turno_printer_start(f->config, &f->printer), 0);
	for (int i = 0; i < 20; i++) {
		struct turno_printed_ticket p = ticket(f->config, i + 1, "A001");
		assert_int_equal(turno_printer_submit_ticket(f->printer, &p), 0);
	}
	turno_printer_stop(f->printer); /* must join, free what is left, not hang */
	f->printer = NULL;
	turno_printer_stop(NULL);
}

static void missing_fonts_stop_pdf_printing_but_not_escpos(void **state)
{
	struct fixture *f = *state;
	snprintf(f->config->ui_font_dir, sizeof(f->config->ui_font_dir), "%s/no-fonts", f->dir);
	f->config->printer_format = TURNO_PRINT_PDF;
	struct turno_printer *printer = (struct turno_printer *)1;
	assert_int_equal(turno_printer_start(f->config, &printer), -ENOENT);
	assert_null(printer);

	f->config->printer_format = TURNO_PRINT_ESCPOS;
	assert_int_equal(turno_printer_start(f->config, &f->printer), 0);
	struct turno_printed_ticket p = ticket(f->config, 5, "A005");
	assert_int_equal(turno_printer_submit_ticket(f->printer, &p), 0);
	struct turno_print_result r;
	collect(f->printer, &r, 1);
	assert_int_equal(r.state, TURNO_PRINT_PRINTED);
	char path[128];
	snprintf(path, sizeof(path), "%s/preview/ticket-5-A005.bin", f->dir);
	assert_string_equal(r.preview_path, path);
	snprintf(path, sizeof(path), "%s/preview/ticket-5-A005.pdf", f->dir);
	assert_int_equal(access(path, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(a_result_wakes_the_loop_and_names_the_preview, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(every_submission_gets_one_result_in_order, setup, teardown),
	        cmocka_unit_test_setup_teardown(rendered_bytes_are_written_as_given, setup, teardown),
	        cmocka_unit_test_setup_teardown(an_unwritable_preview_dir_fails_the_ticket_with_the_reason,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(stop_with_work_queued_returns, setup, teardown),
	        cmocka_unit_test_setup_teardown(missing_fonts_stop_pdf_printing_but_not_escpos, setup,
	                                        teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
