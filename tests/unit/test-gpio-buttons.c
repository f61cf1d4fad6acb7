/* The buttons module without hardware: keyboard presses take the action path the
 * hardware thread uses (queue + fd that wakes the main loop), a missing or
 * misconfigured line gives an error naming the key, the line and the fix, and one bad
 * line leaves the other counters' buttons working (through fake line ops that feed
 * edges down a pipe). Then the kiosk's side: what becomes a problem in `turno-ctl
 * status` and when it goes. The real kernel path (libgpiod + gpio-sim) is
 * tests/integration/gpio-qemu.sh. */
#include "core/config.h"
#include "gpio/buttons.h"
#include "gpio/gpioline.h"
#include "gpio/lines.h"
#include "kiosk/hardware.h"
#include "kiosk/kiosk.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

static const char base_ini[] = "[hours]\nmon = 08:00-18:00\n"
                               "[service.A]\nname = Anagrafe\n"
                               "[counter.1]\nservices = A\n[counter.2]\nservices = A\n";

static struct turno_config *load(const char *extra)
{
	char ini[2048], err[256];
	struct turno_config *config;
	snprintf(ini, sizeof(ini), "%s%s", base_ini, extra);
	if (turno_config_load_string(ini, "test.ini", &config, err, sizeof(err)) < 0)
		fail_msg("config: %s", err);
	return config;
}

static bool readable(int fd, int timeout_ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	return poll(&p, 1, timeout_ms) == 1 && (p.revents & POLLIN);
}

static void test_keyboard_presses_arrive_as_actions_through_the_fd(void **state)
{
	(void)state;
	struct turno_config *config = load("[gpio]\nbackend = sim\n");
	struct turno_buttons *b;
	char err[256];
	assert_int_equal(turno_buttons_open(config, &b, err, sizeof(err)), 0);
	assert_int_equal(turno_buttons_line_count(b), 0);
	assert_false(readable(turno_buttons_fd(b), 0));

	assert_int_equal(turno_buttons_sim_key(b, 2, false, false), 0);
	assert_int_equal(turno_buttons_sim_key(b, 1, true, false), 0);
	assert_int_equal(turno_buttons_sim_key(b, 1, false, true), 0);
	assert_int_equal(turno_buttons_sim_key(b, 3, false, false), -ENOENT);
	assert_true(readable(turno_buttons_fd(b), 0));

	struct turno_button_event e;
	const struct {
		int counter;
		enum turno_button_action action;
	} want[] = {{2, TURNO_BUTTON_NEXT}, {1, TURNO_BUTTON_RECALL}, {1, TURNO_BUTTON_NOSHOW}};
	for (size_t i = 0; i < 3; i++) {
		assert_true(turno_buttons_next_event(b, &e));
		assert_int_equal(e.kind, TURNO_BUTTON_ACTION);
		assert_int_equal(e.counter, want[i].counter);
		assert_int_equal(e.action, want[i].action);
		assert_true(e.edge_ns > 0);
	}
	assert_false(turno_buttons_next_event(b, &e));
	/* Drained: the main loop goes back to sleep. */
	assert_false(readable(turno_buttons_fd(b), 0));
	turno_buttons_close(b);
	turno_config_free(config);
}

struct presser {
	struct turno_buttons *buttons;
	int presses;
};

static void *press_from_thread(void *user)
{
	struct presser *p = user;
	for (int i = 0; i < p->presses; i++)
		turno_buttons_sim_key(p->buttons, 1 + i % 2, false, false);
	return NULL;
}

static void test_presses_from_another_thread_wake_the_loop_and_none_is_lost(void **state)
{
	(void)state;
	struct turno_config *config = load("[gpio]\nbackend = sim\n");
	struct turno_buttons *b;
	char err[256];
	assert_int_equal(turno_buttons_open(config, &b, err, sizeof(err)), 0);
	struct presser p = {b, 100};
	pthread_t thread;
	assert_int_equal(pthread_create(&thread, NULL, press_from_thread, &p), 0);
	int got = 0;
	while (got < 100) {
		if (!readable(turno_buttons_fd(b), 5000))
			fail_msg("the loop was not woken (got %d of 100)", got);
		struct turno_button_event e;
		while (turno_buttons_next_event(b, &e))
			got++;
	}
	pthread_join(thread, NULL);
	assert_int_equal(got, 100);
	assert_false(readable(turno_buttons_fd(b), 0));
	turno_buttons_close(b);
	turno_config_free(config);
}

static void expect_error(const char *extra, int want_rc, const char *const *words)
{
	struct turno_config *config = load(extra);
	struct turno_buttons *b = (struct turno_buttons *)1;
	char err[512] = "";
	assert_int_equal(turno_buttons_open(config, &b, err, sizeof(err)), want_rc);
	assert_null(b);
	for (int i = 0; words[i]; i++)
		if (!strstr(err, words[i]))
			fail_msg("error \"%s\" does not say \"%s\"", err, words[i]);
	turno_config_free(config);
}

static void test_missing_chip_names_the_line_and_the_fix(void **state)
{
	(void)state;
	const char *const words[] = {"[counter.1] next_button", "gpiochip7:17", "gpiodetect", NULL};
	expect_error("[gpio]\nbackend = libgpiod\n[counter.1]\nnext_button = gpiochip7:17\n", -ENOENT, words);
}

static void test_unknown_line_name_points_to_gpioinfo(void **state)
{
	(void)state;
	const char *const words[] = {"[counter.2] next_button", "NO_SUCH_LINE", "gpioinfo", NULL};
	expect_error("[gpio]\nbackend = libgpiod\n[counter.2]\nnext_button = NO_SUCH_LINE\n", -ENOENT, words);
}

static void test_recall_without_next_is_a_configuration_error(void **state)
{
	(void)state;
	/* Refused when the file is read, not first when the buttons open (tests/unit/test-config.c). */
	char ini[2048], err[512] = "";
	struct turno_config *config;
	snprintf(ini, sizeof(ini), "%s[gpio]\nbackend = libgpiod\n[counter.2]\nrecall_button = GPIO22\n",
	         base_ini);
	assert_int_equal(turno_config_load_string(ini, "test.ini", &config, err, sizeof(err)), -EINVAL);
	assert_non_null(
	        strstr(err, "test.ini:12: [counter.2] has recall_button = GPIO22 but no next_button"));
}

static int count_lines(const char *text)
{
	int lines = text[0] != '\0';
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	return lines;
}

static void test_every_line_that_fails_is_reported(void **state)
{
	(void)state;
	/* Both fail (this machine has no GPIO chip): both are told, not only the first. */
	struct turno_config *config = load("[gpio]\nbackend = libgpiod\n"
	                                   "[counter.1]\nnext_button = gpiochip7:17\n"
	                                   "[counter.2]\nnext_button = NO_SUCH_LINE\n");
	struct turno_buttons *b = (struct turno_buttons *)1;
	char err[1024] = "";
	assert_int_equal(turno_buttons_open(config, &b, err, sizeof(err)), -ENOENT);
	assert_null(b);
	assert_int_equal(count_lines(err), 2);
	const char *second = strchr(err, '\n');
	assert_non_null(second);
	assert_true(strstr(err, "[counter.1] next_button = gpiochip7:17") == err);
	assert_true(strstr(err, "gpiodetect") < second);
	assert_non_null(strstr(second, "[counter.2] next_button = NO_SUCH_LINE"));
	assert_non_null(strstr(second, "gpioinfo"));
	turno_config_free(config);
}

/* ---------------------------------------------------------------- fake lines */

/* "FAKE:n" is a line whose edges the test writes down a pipe; any other spec goes to
 * the real libgpiod request, which fails here with its real message. */
struct fake_line {
	int pipe[2];
	bool requested;
};
struct fake {
	struct fake_line lines[4];
	int released;
};

static int fake_request(void *user, const struct turno_gpioline_request *request, void **handle, int *fd,
                        bool *high, char *err, size_t err_len)
{
	struct fake *f = user;
	unsigned n;
	if (sscanf(request->spec, "FAKE:%u", &n) != 1 || n >= 4) {
		struct gpiod_line *line;
		int rc = turno_gpioline_request(request, &line, err, err_len);
		if (rc == 0) {
			turno_gpioline_close(line);
			snprintf(err, err_len, "%s: a real GPIO line here; the test wants none",
			         request->spec);
			return -EEXIST;
		}
		return rc;
	}
	struct fake_line *line = &f->lines[n];
	if (pipe2(line->pipe, O_NONBLOCK | O_CLOEXEC) < 0)
		return -errno;
	line->requested = true;
	*handle = line;
	*fd = line->pipe[0];
	*high = true; /* idle: pulled up, active low */
	return 0;
}

static int fake_read(void *user, void *handle, struct turno_button_edge *edges, int max)
{
	(void)user;
	struct fake_line *line = handle;
	ssize_t n = read(line->pipe[0], edges, sizeof(*edges) * (size_t)max);
	return n < 0 ? -errno : (int)(n / (ssize_t)sizeof(*edges));
}

static void fake_release(void *user, void *handle)
{
	struct fake *f = user;
	struct fake_line *line = handle;
	close(line->pipe[0]);
	close(line->pipe[1]);
	f->released++;
}

static void fake_edge(struct fake *f, int n, bool high)
{
	struct turno_button_edge edge = {.t_ns = turno_monotonic_ns(), .high = high};
	assert_int_equal(write(f->lines[n].pipe[1], &edge, sizeof(edge)), (ssize_t)sizeof(edge));
}

static void test_one_bad_line_leaves_the_other_counters_working(void **state)
{
	(void)state;
	struct turno_config *config = load("[gpio]\nbackend = libgpiod\n"
	                                   "[counter.1]\nnext_button = gpiochip7:17\n"
	                                   "[counter.2]\nnext_button = FAKE:0\nrecall_button = FAKE:1\n");
	struct fake f = {0};
	const struct turno_button_line_ops ops = {fake_request, fake_read, fake_release, &f};
	struct turno_buttons *b;
	char err[1024] = "";
	assert_int_equal(turno_buttons_open_with(config, &ops, &b, err, sizeof(err)), 0);
	assert_non_null(b);
	assert_int_equal(turno_buttons_line_count(b), 2);
	assert_true(f.lines[0].requested && f.lines[1].requested);
	/* Counter 1's line is told, with the fix, as before. */
	assert_int_equal(count_lines(err), 1);
	assert_true(strstr(err, "[counter.1] next_button = gpiochip7:17") == err);
	assert_non_null(strstr(err, "gpiodetect"));

	/* Counter 2's operator still calls: a press, debounced by the thread. */
	fake_edge(&f, 0, false);
	if (!readable(turno_buttons_fd(b), 2000))
		fail_msg("counter 2's press did not arrive");
	struct turno_button_event e;
	assert_true(turno_buttons_next_event(b, &e));
	assert_int_equal(e.kind, TURNO_BUTTON_ACTION);
	assert_int_equal(e.counter, 2);
	assert_int_equal(e.action, TURNO_BUTTON_NEXT);
	assert_string_equal(e.line, "FAKE:0");
	turno_buttons_close(b);
	assert_int_equal(f.released, 2);
	turno_config_free(config);
}

/* ---------------------------------------------------------------- the kiosk's problems */

struct kiosk_fixture {
	char dir[64], path[128];
	struct turno_kiosk *kiosk;
	struct turno_hardware *hw;
};

/* A headless kiosk with base_ini, then gpio (the [gpio] section and what follows). */
static void kiosk_open(struct kiosk_fixture *k, const char *gpio)
{
	snprintf(k->dir, sizeof(k->dir), "/tmp/turno-buttons.XXXXXX");
	if (!mkdtemp(k->dir))
		fail_msg("mkdtemp: %s", strerror(errno));
	snprintf(k->path, sizeof(k->path), "%s/turno.ini", k->dir);
	FILE *ini = fopen(k->path, "w");
	assert_non_null(ini);
	fprintf(ini, "%s[storage]\ndatabase = %s/turno.db\n[control]\nsocket = %s/control.sock\n%s", base_ini,
	        k->dir, k->dir, gpio);
	fclose(ini);
	const struct turno_kiosk_options options = {.config_path = k->path, .headless = true};
	int exit_code;
	k->kiosk = turno_kiosk_new(&options, &exit_code);
	if (!k->kiosk)
		fail_msg("kiosk: exit %d", exit_code);
	k->hw = turno_hardware_attach(k->kiosk);
	assert_non_null(k->hw);
}

static void kiosk_close(struct kiosk_fixture *k)
{
	turno_kiosk_free(k->kiosk);
	const char *const files[] = {"turno.ini", "turno.db", "turno.db-wal", "turno.db-shm", "control.sock"};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[192];
		snprintf(path, sizeof(path), "%s/%s", k->dir, files[i]);
		unlink(path);
	}
	rmdir(k->dir);
}

static void feed(struct kiosk_fixture *k, enum turno_button_event_kind kind, int counter, const char *line)
{
	struct turno_button_event e = {.kind = kind, .counter = counter, .error = -ENODEV};
	snprintf(e.line, sizeof(e.line), "%s", line);
	turno_hardware_button_event(k->hw, &e);
}

static int problem_count(struct kiosk_fixture *k)
{
	int n = 0;
	while (turno_hardware_problem(k->hw, n))
		n++;
	return n;
}

static void test_each_button_line_that_fails_is_a_problem_of_its_own(void **state)
{
	(void)state;
	struct kiosk_fixture k;
	kiosk_open(&k, "[gpio]\nbackend = libgpiod\n[counter.1]\nnext_button = gpiochip7:17\n"
	               "[counter.2]\nnext_button = NO_SUCH_LINE\n");
	assert_int_equal(problem_count(&k), 2);
	assert_true(
	        strstr(turno_hardware_problem(k.hw, 0), "buttons: [counter.1] next_button = gpiochip7:17") ==
	        turno_hardware_problem(k.hw, 0));
	assert_non_null(strstr(turno_hardware_problem(k.hw, 0), "gpiodetect"));
	assert_true(
	        strstr(turno_hardware_problem(k.hw, 1), "buttons: [counter.2] next_button = NO_SUCH_LINE") ==
	        turno_hardware_problem(k.hw, 1));
	kiosk_close(&k);
}

static void test_a_stuck_button_is_a_problem_until_it_is_released(void **state)
{
	(void)state;
	struct kiosk_fixture k;
	kiosk_open(&k, "[gpio]\nbackend = sim\n");
	assert_int_equal(problem_count(&k), 0);
	feed(&k, TURNO_BUTTON_STUCK, 1, "GPIO17");
	feed(&k, TURNO_BUTTON_STUCK, 2, "GPIO23");
	assert_int_equal(problem_count(&k), 2);
	assert_non_null(strstr(turno_hardware_problem(k.hw, 0), "button GPIO17 at counter 1 is held down"));

	/* Released: its problem goes, the other counter's stays. */
	feed(&k, TURNO_BUTTON_RELEASED, 1, "GPIO17");
	assert_int_equal(problem_count(&k), 1);
	assert_non_null(strstr(turno_hardware_problem(k.hw, 0), "button GPIO23 at counter 2 is held down"));
	/* A release of another line of the same counter is not this one's. */
	feed(&k, TURNO_BUTTON_RELEASED, 2, "GPIO24");
	assert_int_equal(problem_count(&k), 1);
	feed(&k, TURNO_BUTTON_RELEASED, 2, "GPIO23");
	assert_int_equal(problem_count(&k), 0);
	kiosk_close(&k);
}

static void test_repeats_do_not_fill_the_problem_list(void **state)
{
	(void)state;
	struct kiosk_fixture k;
	kiosk_open(&k, "[gpio]\nbackend = sim\n");
	/* A line that sticks again and again while it is never released. */
	for (int i = 0; i < 5; i++)
		feed(&k, TURNO_BUTTON_STUCK, 1, "GPIO17");
	assert_int_equal(problem_count(&k), 1);
	/* Seven different problems still fit in the eight. */
	char line[16];
	for (int i = 0; i < 7; i++) {
		snprintf(line, sizeof(line), "GPIO%d", 2 + i);
		feed(&k, TURNO_BUTTON_FAILED, 3, line);
	}
	assert_int_equal(problem_count(&k), 8);
	assert_non_null(strstr(turno_hardware_problem(k.hw, 7), "button GPIO8 at counter 3 cannot be read"));
	/* A ninth is not dropped silently: status says the log has more. */
	feed(&k, TURNO_BUTTON_FAILED, 4, "GPIO26");
	assert_int_equal(problem_count(&k), 9);
	assert_string_equal(turno_hardware_problem(k.hw, 8),
	                    "1 more GPIO problem: see the kiosk's log (journalctl -u turno-kiosk)");
	feed(&k, TURNO_BUTTON_RELEASED, 1, "GPIO17");
	assert_int_equal(problem_count(&k), 8);
	assert_non_null(strstr(turno_hardware_problem(k.hw, 0), "button GPIO2 at counter 3"));
	kiosk_close(&k);
}

static void test_no_backend_touches_no_hardware(void **state)
{
	(void)state;
	/* Lines configured but backend none: nothing is opened, nothing fails. */
	struct turno_config *config = load("[counter.1]\nnext_button = gpiochip7:17\n");
	struct turno_buttons *b;
	char err[256];
	assert_int_equal(turno_buttons_open(config, &b, err, sizeof(err)), 0);
	assert_int_equal(turno_buttons_line_count(b), 0);
	turno_buttons_close(b);
	turno_buttons_close(NULL);
	turno_config_free(config);
	assert_string_equal(turno_button_action_name(TURNO_BUTTON_NOSHOW), "noshow");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_keyboard_presses_arrive_as_actions_through_the_fd),
	        cmocka_unit_test(test_presses_from_another_thread_wake_the_loop_and_none_is_lost),
	        cmocka_unit_test(test_missing_chip_names_the_line_and_the_fix),
	        cmocka_unit_test(test_unknown_line_name_points_to_gpioinfo),
	        cmocka_unit_test(test_recall_without_next_is_a_configuration_error),
	        cmocka_unit_test(test_every_line_that_fails_is_reported),
	        cmocka_unit_test(test_one_bad_line_leaves_the_other_counters_working),
	        cmocka_unit_test(test_each_button_line_that_fails_is_a_problem_of_its_own),
	        cmocka_unit_test(test_a_stuck_button_is_a_problem_until_it_is_released),
	        cmocka_unit_test(test_repeats_do_not_fill_the_problem_list),
	        cmocka_unit_test(test_no_backend_touches_no_hardware),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
