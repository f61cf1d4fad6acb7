/* turno-kiosk: the program at the office entrance. Straight-line set-up, one loop,
 * teardown in reverse. */
#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "kiosk/hardware.h"
#include "kiosk/kiosk.h"
#include "kiosk/printing.h"
#include "kiosk/screen.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef TURNO_VERSION
#define TURNO_VERSION "0.1"
#endif

/* TURNO_TEST_CLOCK=<start-epoch-ms>:<factor>[:<anchor-monotonic-ms>] (tests only): a clock
 * running factor times faster from start, the anchor defaulting to now. */
static struct turno_clock *test_clock_new(const char *spec)
{
	long long start, anchor = -1;
	double factor;
	if (sscanf(spec, "%lld:%lf:%lld", &start, &factor, &anchor) < 2 || !(factor > 0)) {
		turno_err("TURNO_TEST_CLOCK=%s: expected <start-epoch-ms>:<factor>[:<anchor-monotonic-ms>]",
		          spec);
		return NULL;
	}
	if (anchor < 0) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		anchor = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	}
	turno_warn("TURNO_TEST_CLOCK: the clock starts at %lld and runs %g times too fast (tests only)",
	           start, factor);
	return turno_clock_new_scaled(start, factor, anchor);
}

static int sim_key(void *hardware, int number, bool shift, bool ctrl)
{
	return turno_hardware_sim_key(hardware, number, shift, ctrl);
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: turno-kiosk [--config PATH] [--headless] [--database PATH] [--socket PATH]\n"
	             "\n"
	             "The Turno queue-ticket kiosk.\n"
	             "  -c, --config PATH    configuration file (default /etc/turno/turno.ini)\n"
	             "      --headless       no screen: the queue engine and the control socket only\n"
	             "      --database PATH  use this database instead of [storage] database\n"
	             "      --socket PATH    use this control socket instead of [control] socket\n"
	             "      --ignore-hours   issue tickets at any hour (to try Turno out; caps still apply)\n"
	             "      --print-preview DIR  no printer: write each ticket to DIR (ESC/POS and PDF)\n"
	             "      --check-config   only check the configuration and say what it sets up\n"
	             "      --simulate       simulated operator buttons and LED display (no GPIO needed)\n"
	             "  -v, --verbose        also log debugging messages\n"
	             "  -h, --help           this help\n"
	             "\n"
	             "Exit status: 0 stopped by a signal, 78 configuration error, 73 database or socket\n"
	             "cannot be opened, 75 another kiosk is running.\n");
}

/* For a technician after editing turno.ini: the file's verdict without starting anything. */
static int check_config(const char *path)
{
	struct turno_config *c;
	char err[512];
	if (turno_config_load(path, &c, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return TURNO_EX_CONFIG;
	}
	printf("%s: ok\n%s (kiosk %s, %s)\n", path, c->office_name, c->kiosk_id, c->timezone);
	for (int i = 0; i < c->service_count; i++)
		printf("  service %c  %s\n", c->services[i].letter, c->services[i].name);
	for (int i = 0; i < c->counter_count; i++)
		printf("  counter %d  %s: calls %s%s%s\n", c->counters[i].id, c->counters[i].name,
		       c->counters[i].services, c->counters[i].next_button[0] ? ", next button " : "",
		       c->counters[i].next_button);
	static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
	for (int d = 0; d < 7; d++) {
		char hours[96];
		printf("  %s %s\n", days[d],
		       turno_day_hours_format(&c->hours.week.day[d], hours, sizeof(hours)));
	}
	printf("  database %s, control socket %s\n", c->database, c->control_socket);
	turno_config_free(c);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
	        {"config", required_argument, NULL, 'c'},
	        {"headless", no_argument, NULL, 'H'},
	        {"database", required_argument, NULL, 'd'},
	        {"socket", required_argument, NULL, 's'},
	        {"verbose", no_argument, NULL, 'v'},
	        {"help", no_argument, NULL, 'h'},
	        {"version", no_argument, NULL, 'V'},
	        {"ignore-hours", no_argument, NULL, 'I'},
	        {"simulate", no_argument, NULL, 'S'},
	        {"check-config", no_argument, NULL, 'C'},
	        {"print-preview", required_argument, NULL, 'P'},
	        {NULL, 0, NULL, 0},
	};
	struct turno_kiosk_options o = {.config_path = "/etc/turno/turno.ini"};
	int verbose = 0, opt;
	bool check_only = false;
	turno_log_set_ident("turno-kiosk");
	while ((opt = getopt_long(argc, argv, "c:vh", options, NULL)) != -1) {
		switch (opt) {
		case 'c':
			o.config_path = optarg;
			break;
		case 'H':
			o.headless = true;
			break;
		case 'd':
			o.database = optarg;
			break;
		case 's':
			o.socket = optarg;
			break;
		case 'I':
			o.ignore_hours = true;
			break;
		case 'S':
			o.simulate = true;
			break;
		case 'C':
			check_only = true;
			break;
		case 'P':
			o.preview_dir = optarg;
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("turno-kiosk %s\n", TURNO_VERSION);
			return 0;
		default:
			usage(stderr);
			return 64;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return 64;
	}
	turno_log_set_level(verbose ? TURNO_LOG_DEBUG : TURNO_LOG_INFO);

	if (check_only)
		return check_config(o.config_path);

	/* The soak test's accelerated clock (tests only); the kiosk borrows it. */
	struct turno_clock *test_clock = NULL;
	const char *test_clock_spec = getenv("TURNO_TEST_CLOCK");
	if (test_clock_spec) {
		test_clock = test_clock_new(test_clock_spec);
		if (!test_clock)
			return 64;
		o.clock = test_clock;
	}
	int exit_code = 0;
	struct turno_kiosk *kiosk = turno_kiosk_new(&o, &exit_code);
	if (!kiosk) {
		turno_clock_free(test_clock);
		return exit_code;
	}
	struct turno_hardware *hardware = turno_hardware_attach(kiosk);
	turno_printing_attach(kiosk);
	if (!o.headless) {
		/* A kiosk without a screen still issues through turno-ctl and the buttons:
		 * a broken display must not close the office. */
		const struct turno_config *config = turno_kiosk_config(kiosk);
		struct turno_screen_options so = {.demo_keys = !config->ui_fullscreen};
		/* -EINVAL: no simulated buttons; counter 0 never exists, so nothing is pressed. */
		if (turno_hardware_sim_key(hardware, 0, false, false) != -EINVAL) {
			/* Simulated GPIO buttons: the F-keys press them, through their own path. */
			so.function_key = sim_key;
			so.function_key_user = hardware;
		}
		struct turno_screen *screen = NULL;
		char err[512];
		if (turno_screen_open(kiosk, &so, &screen, err, sizeof(err)) < 0) {
			turno_err("screen: %s; running headless (tickets through turno-ctl still work)", err);
		} else {
			struct turno_kiosk_module module;
			turno_screen_module(screen, &module);
			if (turno_kiosk_add_module(kiosk, &module) < 0) {
				turno_err("screen: too many modules; running headless");
				turno_screen_free(screen);
			}
		}
	}
	exit_code = turno_kiosk_run(kiosk);
	turno_kiosk_free(kiosk);
	turno_clock_free(test_clock);
	return exit_code;
}
