/* The buttons module without hardware: keyboard presses take the action path the
 * hardware thread uses (queue + fd that wakes the main loop), and a missing or
 * misconfigured line gives an error naming the key, the line and the fix. The real
 * kernel path (libgpiod + gpio-sim) is tests/integration/gpio-qemu.sh. */
#include "core/config.h"
#include "gpio/buttons.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
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
	const char *const words[] = {"test.ini", "[counter.2]", "next_button", NULL};
	expect_error("[gpio]\nbackend = libgpiod\n[counter.2]\nrecall_button = GPIO22\n", -EINVAL, words);
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
	        cmocka_unit_test(test_no_backend_touches_no_hardware),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
