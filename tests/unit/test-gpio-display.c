/* The "now serving" display, through the recording fake: every line transition the
 * driver makes is decoded by a MAX7219 chain model that shares no code with the driver
 * (max7219_decoder.h), and we assert what each digit of each module shows after calls,
 * recalls, blinking, a glitch and the periodic refresh. Also the buzzer, the idle
 * wake-ups and the sim backend. */
#include "core/config.h"
#include "gpio/display.h"
#include "gpio/lines.h"
#include "max7219_decoder.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define MS 1000000LL

static const char base_ini[] =
        "[hours]\nmon = 08:00-18:00\n"
        "[service.A]\nname = Anagrafe\n[service.B]\nname = Tributi\n"
        "[counter.1]\nservices = A\n[counter.2]\nservices = B\n[counter.3]\nservices = A, B\n"
        "[counter.4]\nservices = A\n"
        "[counter.5]\nservices = B\ndisplay_module = 0\n"
        "[gpio]\nbuzzer = gpiochip0:5\nbuzzer_ms = 200\n";

struct fixture {
	struct turno_config *config;
	struct turno_display *display;
	struct turno_lines *recorder; /* borrowed from the display */
	int64_t now_ns;               /* the recorder's clock */
	struct max7219_chain chain;
	size_t fed; /* recorded events already fed to the chain */
	int buzzer_ons, buzzer_offs;
	int64_t buzzer_on_ns, buzzer_off_ns;
};

static int64_t fake_now(void *user)
{
	return ((struct fixture *)user)->now_ns;
}

static struct fixture *setup_with(const char *display_section)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char ini[2048], err[256];
	snprintf(ini, sizeof(ini), "%s[display]\n%s", base_ini, display_section);
	if (turno_config_load_string(ini, "test.ini", &f->config, err, sizeof(err)) < 0)
		fail_msg("config: %s", err);
	f->now_ns = 1000 * MS;
	f->recorder = turno_lines_new_recorder(NULL, fake_now, f);
	assert_non_null(f->recorder);
	assert_int_equal(turno_display_open(f->config, f->recorder, 1000, &f->display), 0);
	max7219_chain_init(&f->chain, f->config->display_modules);
	return f;
}

static void teardown(struct fixture *f)
{
	turno_display_close(f->display);
	turno_config_free(f->config);
	free(f);
}

/* Feeds what was recorded since last time into the chain model. */
static void decode(struct fixture *f)
{
	size_t count;
	const struct turno_line_event *ev = turno_lines_recorded(f->recorder, &count);
	for (; f->fed < count; f->fed++) {
		switch (ev[f->fed].line) {
		case TURNO_LINE_DIN:
			max7219_chain_feed(&f->chain, MAX7219_PIN_DIN, ev[f->fed].high, ev[f->fed].t_ns);
			break;
		case TURNO_LINE_CLK:
			max7219_chain_feed(&f->chain, MAX7219_PIN_CLK, ev[f->fed].high, ev[f->fed].t_ns);
			break;
		case TURNO_LINE_CS:
			max7219_chain_feed(&f->chain, MAX7219_PIN_CS, ev[f->fed].high, ev[f->fed].t_ns);
			break;
		case TURNO_LINE_BUZZER:
			if (ev[f->fed].high) {
				f->buzzer_ons++;
				f->buzzer_on_ns = ev[f->fed].t_ns;
			} else {
				f->buzzer_offs++;
				f->buzzer_off_ns = ev[f->fed].t_ns;
			}
			break;
		}
	}
}

static void assert_shows(struct fixture *f, int chip, const char *want)
{
	char text[9];
	decode(f);
	max7219_text(&f->chain, chip, text);
	if (strcmp(text, want) != 0)
		fail_msg("module %d shows [%s], expected [%s]", chip, text, want);
}

/* Runs the display's timers up to t_ms exactly as a loop would, counting wake-ups. */
static int run_until(struct fixture *f, int64_t t_ms)
{
	int wakeups = 0;
	for (;;) {
		int64_t deadline = turno_display_deadline_ms(f->display);
		if (deadline > t_ms)
			break;
		f->now_ns = deadline * MS;
		assert_int_equal(turno_display_on_timer(f->display, deadline), 0);
		wakeups++;
	}
	f->now_ns = t_ms * MS;
	return wakeups;
}

static int call(struct fixture *f, int counter, const char *label, int64_t t_ms)
{
	run_until(f, t_ms);
	return turno_display_show_call(f->display, counter, label, t_ms);
}

static const char per_counter[] = "mode = per_counter\nmodules = 4\nbrightness = 5\nblink_count = 3\n"
                                  "refresh_seconds = 30\n";

static void test_open_configures_every_chip_and_shows_idle_counters(void **state)
{
	(void)state;
	struct fixture *f = setup_with(per_counter);
	decode(f);
	for (int chip = 1; chip <= 4; chip++) {
		const struct max7219_test_chip *k = &f->chain.chip[chip - 1];
		assert_true(k->on);
		assert_false(k->test);
		assert_int_equal(k->decode, 0);
		assert_int_equal(k->scan_limit, 7);
		assert_int_equal(k->intensity, 5);
	}
	assert_shows(f, 1, "- ---  1");
	assert_shows(f, 4, "- ---  4");
	assert_int_equal(f->chain.misaligned_latches, 0);
	teardown(f);
}

static void test_call_shows_number_on_its_counters_module_only(void **state)
{
	(void)state;
	struct fixture *f = setup_with(per_counter);
	decode(f);
	int before[4];
	for (int c = 0; c < 4; c++)
		before[c] = f->chain.chip[c].writes[8];
	int latches = f->chain.latches;
	assert_int_equal(call(f, 3, "A042", 2000), 0);
	assert_shows(f, 3, "A 042  3");
	assert_shows(f, 1, "- ---  1");
	assert_shows(f, 2, "- ---  2");
	assert_shows(f, 4, "- ---  4");
	/* Only digits that changed were sent, and only to chip 3: the others got no-ops. */
	assert_true(f->chain.latches - latches <= 8);
	assert_int_equal(f->chain.chip[0].writes[8], before[0]);
	assert_int_equal(f->chain.chip[3].writes[8], before[3]);
	assert_int_equal(f->chain.chip[2].writes[8], before[2] + 1);
	assert_int_equal(f->chain.misaligned_latches, 0);

	assert_int_equal(call(f, 1, "B007", 5000), 0);
	assert_shows(f, 1, "B 007  1");
	assert_shows(f, 3, "A 042  3");
	teardown(f);
}

static void test_new_call_blinks_blink_count_times_then_stays(void **state)
{
	(void)state;
	struct fixture *f = setup_with(per_counter);
	assert_int_equal(call(f, 2, "B120", 2000), 0);
	assert_shows(f, 2, "B 120  2");
	char text[TURNO_DISPLAY_TEXT];
	int offs = 0;
	bool was_blank = false;
	int64_t t = 2000;
	while (turno_display_deadline_ms(f->display) < 2000 + 10000 &&
	       turno_display_deadline_ms(f->display) != 2000 + 30000) {
		int64_t next = turno_display_deadline_ms(f->display);
		assert_true(next > t);
		t = next;
		run_until(f, t);
		char shown[9];
		decode(f);
		max7219_text(&f->chain, 2, shown);
		bool blank = strcmp(shown, "        ") == 0;
		if (!blank && strcmp(shown, "B 120  2") != 0)
			fail_msg("while blinking module 2 shows [%s]", shown);
		offs += blank && !was_blank;
		was_blank = blank;
		/* The kiosk's copy follows the LEDs. */
		assert_int_equal(turno_display_text(f->display, 2, text, sizeof(text)), 0);
		assert_string_equal(text, blank ? "        " : "B 120  2");
		/* Other modules never blink. */
		assert_shows(f, 1, "- ---  1");
	}
	assert_int_equal(offs, 3);
	assert_shows(f, 2, "B 120  2");
	assert_int_equal(t, 2000 + 6 * TURNO_DISPLAY_BLINK_MS);
	teardown(f);
}

static void test_recall_blinks_again_and_keeps_the_number(void **state)
{
	(void)state;
	struct fixture *f = setup_with(per_counter);
	assert_int_equal(call(f, 1, "A001", 2000), 0);
	run_until(f, 10000);
	assert_int_equal(call(f, 1, "A001", 10000), 0);
	assert_shows(f, 1, "A 001  1");
	run_until(f, 10000 + TURNO_DISPLAY_BLINK_MS);
	assert_shows(f, 1, "        ");
	run_until(f, 20000);
	assert_shows(f, 1, "A 001  1");
	assert_int_equal(turno_display_clear_counter(f->display, 1, 20000), 0);
	assert_shows(f, 1, "- ---  1");
	teardown(f);
}

static void test_main_mode_lists_the_latest_calls(void **state)
{
	(void)state;
	struct fixture *f = setup_with("mode = main\nmodules = 3\nblink_count = 0\n");
	assert_shows(f, 1, "        ");
	assert_int_equal(call(f, 1, "A001", 2000), 0);
	assert_int_equal(call(f, 2, "B001", 3000), 0);
	assert_int_equal(call(f, 1, "A002", 4000), 0);
	assert_shows(f, 1, "A 002  1");
	assert_shows(f, 2, "B 001  2");
	assert_shows(f, 3, "A 001  1");
	/* A recall brings its ticket back to the top without duplicating it. */
	assert_int_equal(call(f, 2, "B001", 5000), 0);
	assert_shows(f, 1, "B 001  2");
	assert_shows(f, 2, "A 002  1");
	assert_shows(f, 3, "A 001  1");
	/* A fourth call pushes the oldest out. */
	assert_int_equal(call(f, 5, "B002", 6000), 0);
	assert_shows(f, 1, "B 002  5");
	assert_shows(f, 3, "A 002  1");
	teardown(f);
}

/* Noise on the wires: extra clock pulses and a latch of garbage. */
static void glitch(struct fixture *f)
{
	struct turno_lines *l = f->recorder;
	turno_lines_set(l, TURNO_LINE_CS, false);
	/* 16 × 4 + 3 bits: chip 2 gets "shutdown", chip 4 "display test", the rest rubbish. */
	const uint16_t frames[4] = {0x0F01, 0x0312, 0x0C00, 0x0B00};
	for (int i = 0; i < 4; i++)
		for (int bit = 15; bit >= 0; bit--) {
			turno_lines_set(l, TURNO_LINE_DIN, frames[i] >> bit & 1);
			turno_lines_set(l, TURNO_LINE_CLK, true);
			turno_lines_set(l, TURNO_LINE_CLK, false);
		}
	turno_lines_set(l, TURNO_LINE_CS, true);
	for (int i = 0; i < 3; i++) {
		turno_lines_set(l, TURNO_LINE_CLK, true);
		turno_lines_set(l, TURNO_LINE_CLK, false);
	}
}

static void test_periodic_refresh_restores_a_scrambled_chain(void **state)
{
	(void)state;
	struct fixture *f = setup_with(per_counter);
	assert_int_equal(call(f, 1, "A010", 2000), 0);
	assert_int_equal(call(f, 2, "B020", 2100), 0);
	run_until(f, 5000);
	glitch(f);
	decode(f);
	char text[9];
	max7219_text(&f->chain, 2, text);
	assert_string_equal(text, "        "); /* shut down by the glitch */
	max7219_text(&f->chain, 4, text);
	assert_string_equal(text, "88888888"); /* stuck in display test */
	assert_int_equal(f->chain.chip[0].scan_limit, 0);

	/* The next refresh is due 30 s after the last one (at open, t = 1 s). */
	assert_int_equal(turno_display_deadline_ms(f->display), 1000 + 30000);
	run_until(f, 31000);
	assert_shows(f, 1, "A 010  1");
	assert_shows(f, 2, "B 020  2");
	assert_shows(f, 3, "- ---  3");
	assert_shows(f, 4, "- ---  4");
	for (int c = 0; c < 4; c++) {
		assert_true(f->chain.chip[c].on);
		assert_false(f->chain.chip[c].test);
		assert_int_equal(f->chain.chip[c].intensity, 5);
	}
	teardown(f);
}

static void test_buzzer_pulses_on_each_call(void **state)
{
	(void)state;
	struct fixture *f = setup_with(per_counter);
	assert_int_equal(call(f, 1, "A001", 2000), 0);
	run_until(f, 2100);
	decode(f);
	assert_int_equal(f->buzzer_ons, 1);
	assert_int_equal(f->buzzer_offs, 0);
	run_until(f, 3000);
	decode(f);
	assert_int_equal(f->buzzer_offs, 1);
	assert_int_equal(f->buzzer_off_ns - f->buzzer_on_ns, 200 * MS);
	assert_int_equal(call(f, 1, "A002", 4000), 0);
	run_until(f, 5000);
	decode(f);
	assert_int_equal(f->buzzer_ons, 2);
	assert_int_equal(f->buzzer_offs, 2);
	teardown(f);
}

static void test_idle_display_wakes_once_per_refresh(void **state)
{
	(void)state;
	struct fixture *f = setup_with(per_counter);
	/* An idle hour. */
	int wakeups = run_until(f, 1000 + 3600 * 1000);
	assert_int_equal(wakeups, 3600 / 30);
	/* A call adds its blinks and the buzzer, then it is quiet again. */
	assert_int_equal(call(f, 1, "A001", 3601000), 0);
	wakeups = run_until(f, 3601000 + 20000);
	assert_int_equal(wakeups, 6 + 1); /* 6 blink phases, buzzer off; next refresh at 3631000 */
	assert_int_equal(turno_display_deadline_ms(f->display), 3631000);
	assert_shows(f, 1, "A 001  1");
	teardown(f);
}

static void test_counter_without_module_is_refused(void **state)
{
	(void)state;
	struct fixture *f = setup_with(per_counter);
	decode(f);
	int latches = f->chain.latches;
	assert_int_equal(turno_display_show_call(f->display, 5, "B001", 2000), -ERANGE);
	assert_int_equal(turno_display_show_call(f->display, 9, "B001", 2000), -ERANGE);
	decode(f);
	assert_int_equal(f->chain.latches, latches);
	char text[TURNO_DISPLAY_TEXT];
	assert_int_equal(turno_display_text(f->display, 5, text, sizeof(text)), -EINVAL);
	teardown(f);
}

static void test_off_mode_without_buzzer_needs_no_display(void **state)
{
	(void)state;
	struct turno_config *config;
	char err[256];
	char ini[1024];
	snprintf(ini, sizeof(ini), "%s", base_ini);
	*strstr(ini, "[gpio]") = '\0';
	assert_int_equal(turno_config_load_string(ini, "t.ini", &config, err, sizeof(err)), 0);
	struct turno_display *d = (struct turno_display *)1;
	assert_int_equal(turno_display_open(config, turno_lines_new_recorder(NULL, NULL, NULL), 0, &d),
	                 -EINVAL);
	assert_null(d);
	turno_display_close(NULL);
	turno_config_free(config);
}

static void test_sim_prints_and_tells_what_the_leds_show(void **state)
{
	(void)state;
	struct turno_config *config;
	char err[256], ini[2048];
	snprintf(ini, sizeof(ini), "%s[display]\n%s", base_ini, per_counter);
	assert_int_equal(turno_config_load_string(ini, "t.ini", &config, err, sizeof(err)), 0);
	char *printed = NULL;
	size_t printed_len = 0;
	FILE *out = open_memstream(&printed, &printed_len);
	struct turno_lines *sim = turno_lines_new_sim(4, out);
	struct turno_display *d;
	assert_int_equal(turno_display_open(config, sim, 0, &d), 0);
	assert_int_equal(turno_display_show_call(d, 3, "A042", 10), 0);
	char text[TURNO_DISPLAY_TEXT];
	assert_int_equal(turno_lines_sim_text(turno_display_lines(d), 3, text, sizeof(text)), 0);
	assert_string_equal(text, "A 042  3");
	assert_int_equal(turno_lines_sim_text(turno_display_lines(d), 1, text, sizeof(text)), 0);
	assert_string_equal(text, "- ---  1");
	assert_int_equal(turno_lines_sim_chimes(turno_display_lines(d)), 1);
	assert_int_equal(turno_lines_sim_text(turno_display_lines(d), 5, text, sizeof(text)), -EINVAL);
	fflush(out);
	assert_non_null(strstr(printed, "[- ---  1] [- ---  2] [A 042  3] [- ---  4]"));
	assert_non_null(strstr(printed, "(chime)"));
	turno_display_close(d);
	fclose(out);
	free(printed);
	turno_config_free(config);
}

static void test_open_configured_picks_the_backend(void **state)
{
	(void)state;
	static const struct {
		const char *gpio;
		int rc;
		bool opened;
		const char *error_words;
	} cases[] = {
	        {"backend = none\n", 0, false, NULL},
	        {"backend = sim\n", 0, true, NULL},
	        /* This machine has no GPIO chip: the error names the key and the fix. */
	        {"backend = libgpiod\n", -ENOENT, false, "[display] din = gpiochip3:4"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct turno_config *config;
		char err[512] = "", ini[2048];
		snprintf(ini, sizeof(ini),
		         "%s%s[display]\nmode = main\nmodules = 2\ndin = gpiochip3:4\nclk = gpiochip3:5\n"
		         "cs = gpiochip3:6\n",
		         base_ini, cases[i].gpio);
		/* base_ini ends in [gpio]: the case's backend line lands in that section. */
		assert_int_equal(turno_config_load_string(ini, "t.ini", &config, err, sizeof(err)), 0);
		struct turno_display *d = NULL;
		assert_int_equal(turno_display_open_configured(config, NULL, 0, &d, err, sizeof(err)),
		                 cases[i].rc);
		assert_int_equal(d != NULL, cases[i].opened);
		if (cases[i].error_words && !strstr(err, cases[i].error_words))
			fail_msg("error \"%s\" does not name \"%s\"", err, cases[i].error_words);
		if (d) {
			char text[TURNO_DISPLAY_TEXT];
			assert_int_equal(turno_display_show_call(d, 2, "B005", 10), 0);
			assert_int_equal(turno_lines_sim_text(turno_display_lines(d), 1, text, sizeof(text)),
			                 0);
			assert_string_equal(text, "B 005  2");
		}
		turno_display_close(d);
		turno_config_free(config);
	}
}

/* Not an assertion (performance never is): how long the driver takes from a call to
 * the last frame latched on the fake, i.e. the cost of our own code, printed for the
 * report. The hardware path is measured under qemu (tests/integration/gpio-qemu.sh). */
static void test_latency_on_the_fake(void **state)
{
	(void)state;
	struct turno_config *config;
	char err[256], ini[2048];
	snprintf(ini, sizeof(ini), "%s[display]\n%s", base_ini, per_counter);
	assert_int_equal(turno_config_load_string(ini, "t.ini", &config, err, sizeof(err)), 0);
	struct turno_display *d;
	struct turno_lines *recorder = turno_lines_new_recorder(NULL, NULL, NULL);
	assert_int_equal(turno_display_open(config, recorder, turno_monotonic_ns() / MS, &d), 0);
	int64_t worst = 0, total = 0;
	const int rounds = 200;
	for (int i = 0; i < rounds; i++) {
		char label[8];
		snprintf(label, sizeof(label), "A%03d", i % 1000);
		turno_lines_recorder_clear(recorder);
		int64_t start = turno_monotonic_ns();
		assert_int_equal(turno_display_show_call(d, 1 + i % 4, label, start / MS), 0);
		size_t count;
		const struct turno_line_event *ev = turno_lines_recorded(recorder, &count);
		int64_t last_latch = start;
		for (size_t k = 0; k < count; k++)
			if (ev[k].line == TURNO_LINE_CS && ev[k].high)
				last_latch = ev[k].t_ns;
		assert_true(last_latch > start);
		int64_t took = last_latch - start;
		total += took;
		worst = took > worst ? took : worst;
	}
	printf("# latency fake: call -> last frame latched: mean %.1f us, worst %.1f us "
	       "(4 modules; plus %d ms debounce from the button edge)\n",
	       (double)total / rounds / 1000.0, (double)worst / 1000.0, config->gpio_debounce_ms);
	/* What the hardware will pay: each transition is one libgpiod call (~3 us on a Pi 5). */
	size_t call_transitions, refresh_transitions;
	turno_lines_recorder_clear(recorder);
	assert_int_equal(turno_display_show_call(d, 2, "B999", turno_monotonic_ns() / MS), 0);
	turno_lines_recorded(recorder, &call_transitions);
	turno_lines_recorder_clear(recorder);
	assert_int_equal(turno_display_refresh(d, turno_monotonic_ns() / MS), 0);
	turno_lines_recorded(recorder, &refresh_transitions);
	printf("# line transitions with 4 modules: a call %zu, a full refresh %zu\n", call_transitions,
	       refresh_transitions);
	turno_display_close(d);
	turno_config_free(config);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_open_configures_every_chip_and_shows_idle_counters),
	        cmocka_unit_test(test_call_shows_number_on_its_counters_module_only),
	        cmocka_unit_test(test_new_call_blinks_blink_count_times_then_stays),
	        cmocka_unit_test(test_recall_blinks_again_and_keeps_the_number),
	        cmocka_unit_test(test_main_mode_lists_the_latest_calls),
	        cmocka_unit_test(test_periodic_refresh_restores_a_scrambled_chain),
	        cmocka_unit_test(test_buzzer_pulses_on_each_call),
	        cmocka_unit_test(test_idle_display_wakes_once_per_refresh),
	        cmocka_unit_test(test_counter_without_module_is_refused),
	        cmocka_unit_test(test_off_mode_without_buzzer_needs_no_display),
	        cmocka_unit_test(test_sim_prints_and_tells_what_the_leds_show),
	        cmocka_unit_test(test_open_configured_picks_the_backend),
	        cmocka_unit_test(test_latency_on_the_fake),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
