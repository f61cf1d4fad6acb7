/* The real kernel path, run inside a qemu guest by tests/integration/gpio-qemu.sh:
 * Turno's libgpiod backend against the kernel's gpio-sim. Button presses are made by
 * writing pull-down / pull-up to the simulated lines in sysfs (a button to ground with
 * the internal pull-up); the display lines are outputs whose every transition our own
 * recorder wraps, decoded by the test-side MAX7219 model, and checked against the final
 * levels sysfs reports. It runs the way the kiosk's main loop will: one poll() on the
 * buttons' fd with the display's deadline as timeout, and the real queue engine.
 *
 *   gpio-hw-check CONFIG SIM_SYSFS_DIR
 * SIM_SYSFS_DIR is /sys/devices/platform/<dev_name>/<chip_name>. Lines (offsets): 0 GPIO17
 * counter 1 next, 1 GPIO27 counter 1 recall, 2 GPIO22 counter 2 next, 4 DIN, 5 CLK
 * (GPIO11), 6 CS, 7 buzzer. Prints "PLAN n", then "PASS: what" or "FAIL: what: why" per
 * check and "# …" comments; the host turns them into TAP. */
#include "core/config.h"
#include "core/error.h"
#include "core/queue.h"
#include "gpio/buttons.h"
#include "gpio/display.h"
#include "gpio/lines.h"

#include "../unit/max7219_decoder.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PLAN 14
#define MS 1000000LL

static int checks_done;
static const char *sim_dir;
static struct turno_config *config;
static struct turno_buttons *buttons;
static struct turno_display *display;
static struct turno_lines *recorder;
static struct turno_queue *queue;
static struct turno_clock *clock_;
static struct max7219_chain chain;
static size_t fed;

__attribute__((format(printf, 3, 4))) static bool check(bool ok, const char *what, const char *why_fmt, ...)
{
	checks_done++;
	if (ok) {
		printf("PASS: %s\n", what);
	} else {
		char why[512];
		va_list ap;
		va_start(ap, why_fmt);
		vsnprintf(why, sizeof(why), why_fmt, ap);
		va_end(ap);
		printf("FAIL: %s: %s\n", what, why);
	}
	fflush(stdout);
	return ok;
}

static int write_sysfs(int offset, const char *file, const char *value)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/sim_gpio%d/%s", sim_dir, offset, file);
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	ssize_t n = write(fd, value, strlen(value));
	int e = errno;
	close(fd);
	return n < 0 ? -e : 0;
}

static int read_sysfs_value(int offset)
{
	char path[512], buf[8] = "";
	snprintf(path, sizeof(path), "%s/sim_gpio%d/value", sim_dir, offset);
	FILE *f = fopen(path, "r");
	if (!f)
		return -errno;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '?';
	fclose(f);
	return buf[0] == '1' ? 1 : buf[0] == '0' ? 0 : -EIO;
}

/* A press: the button connects the line to ground, against the internal pull-up. */
static void press(int offset)
{
	write_sysfs(offset, "pull", "pull-down");
}
static void release(int offset)
{
	write_sysfs(offset, "pull", "pull-up");
}

static void decode(void)
{
	size_t count;
	const struct turno_line_event *ev = turno_lines_recorded(recorder, &count);
	for (; fed < count; fed++) {
		switch (ev[fed].line) {
		case TURNO_LINE_DIN:
			max7219_chain_feed(&chain, MAX7219_PIN_DIN, ev[fed].high, ev[fed].t_ns);
			break;
		case TURNO_LINE_CLK:
			max7219_chain_feed(&chain, MAX7219_PIN_CLK, ev[fed].high, ev[fed].t_ns);
			break;
		case TURNO_LINE_CS:
			max7219_chain_feed(&chain, MAX7219_PIN_CS, ev[fed].high, ev[fed].t_ns);
			break;
		case TURNO_LINE_BUZZER:
			break;
		}
	}
}

static const char *shows(int chip)
{
	static char text[9];
	decode();
	max7219_text(&chain, chip, text);
	return text;
}

/* The kiosk's loop in miniature: sleeps in poll() on the buttons' fd with the
 * display's next deadline as timeout. Returns at the first button event (true) or
 * when duration_ms passed (false). */
static bool pump(int duration_ms, struct turno_button_event *event)
{
	int64_t end = turno_monotonic_ns() / MS + duration_ms;
	for (;;) {
		if (turno_buttons_next_event(buttons, event))
			return true;
		int64_t now = turno_monotonic_ns() / MS;
		if (now >= end)
			return false;
		int64_t wake = end;
		if (display && turno_display_deadline_ms(display) < wake)
			wake = turno_display_deadline_ms(display);
		struct pollfd p = {.fd = turno_buttons_fd(buttons), .events = POLLIN};
		poll(&p, 1, wake > now ? (int)(wake - now) : 0);
		if (display && turno_display_deadline_ms(display) <= turno_monotonic_ns() / MS)
			turno_display_on_timer(display, turno_monotonic_ns() / MS);
	}
}

/* Events that arrive within ms: after an action, "exactly one" means none of these. */
static int extra_events(int ms, struct turno_button_event *first)
{
	int n = 0;
	int64_t end = turno_monotonic_ns() / MS + ms;
	struct turno_button_event e;
	for (int64_t now; (now = turno_monotonic_ns() / MS) < end;) {
		if (pump((int)(end - now), &e)) {
			if (n++ == 0 && first)
				*first = e;
		}
	}
	return n;
}

static const char *event_words(const struct turno_button_event *e)
{
	static char words[96];
	const char *kind = "?";
	switch (e->kind) {
	case TURNO_BUTTON_ACTION:
		kind = "action";
		break;
	case TURNO_BUTTON_STUCK:
		kind = "stuck";
		break;
	case TURNO_BUTTON_RELEASED:
		kind = "released";
		break;
	case TURNO_BUTTON_FAILED:
		kind = "failed";
		break;
	}
	snprintf(words, sizeof(words), "%s %s at counter %d (%s)", kind, turno_button_action_name(e->action),
	         e->counter, e->line);
	return words;
}

static int64_t last_latch_ns(void)
{
	decode();
	return chain.last_latch_ns;
}

static void check_press_next_counter1(void)
{
	struct turno_ticket issued;
	for (int i = 0; i < 3; i++)
		turno_queue_issue(queue, 'A', false, &issued);
	/* A press whose contacts chatter: down, up, down within microseconds. */
	press(0);
	release(0);
	press(0);
	struct turno_button_event e;
	bool got = pump(5000, &e);
	int64_t t_event = turno_monotonic_ns();
	struct turno_ticket called = {0};
	int rc = -1;
	int64_t t_engine = 0, t_display = 0;
	if (got && e.kind == TURNO_BUTTON_ACTION && e.action == TURNO_BUTTON_NEXT) {
		rc = turno_queue_call_next(queue, e.counter, &called);
		t_engine = turno_monotonic_ns();
		if (rc == 0)
			turno_display_show_call(display, e.counter, called.label, t_engine / MS);
		t_display = last_latch_ns();
	}
	/* Read now: in 250 ms the blinking blanks it for a while. */
	char shown1[9], shown2[9];
	snprintf(shown1, sizeof(shown1), "%s", shows(1));
	snprintf(shown2, sizeof(shown2), "%s", shows(2));
	release(0);
	struct turno_button_event extra;
	int extras = extra_events(400, &extra);
	check(got && e.kind == TURNO_BUTTON_ACTION && e.action == TURNO_BUTTON_NEXT && e.counter == 1 &&
	              extras == 0,
	      "a chattering press of counter 1's next button is exactly one NEXT",
	      "%s; then %d more event(s)%s%s", got ? event_words(&e) : "no event within 5 s", extras,
	      extras ? ", first: " : "", extras ? event_words(&extra) : "");
	check(rc == 0 && strcmp(called.label, "A001") == 0 && called.counter == 1,
	      "the queue engine calls A001 to counter 1 for that press",
	      "call_next returned %d (%s), label %s", rc, turno_strerror(rc), called.label);
	check(strcmp(shown1, "A 001  1") == 0 && strcmp(shown2, "- ---  2") == 0 &&
	              chain.misaligned_latches == 0,
	      "the display lines, decoded as a MAX7219 chain, show A 001  1 on counter 1's module",
	      "module 1 [%s], module 2 [%s], misaligned latches %d", shown1, shown2,
	      chain.misaligned_latches);
	if (got && t_display > e.edge_ns) {
		printf("# latency qemu: button edge (kernel timestamp) -> last display frame latched: %.1f "
		       "ms "
		       "(debounce %d ms; edge -> event in main loop %.1f ms; call_next %.1f ms; display %.1f "
		       "ms)\n",
		       (double)(t_display - e.edge_ns) / 1e6, config->gpio_debounce_ms,
		       (double)(t_event - e.edge_ns) / 1e6, (double)(t_engine - t_event) / 1e6,
		       (double)(t_display - t_engine) / 1e6);
	}
	/* After the blinking ends, sysfs must agree with the last levels the driver sent. */
	pump(2000, &e);
	int64_t t_refresh = turno_monotonic_ns();
	turno_display_refresh(display, t_refresh / MS);
	printf("# display: a full refresh of %d modules through libgpiod took %.1f ms under qemu\n",
	       config->display_modules, (double)(turno_monotonic_ns() - t_refresh) / 1e6);
	decode();
	size_t count;
	const struct turno_line_event *ev = turno_lines_recorded(recorder, &count);
	int din = 0;
	for (size_t i = 0; i < count; i++)
		if (ev[i].line == TURNO_LINE_DIN)
			din = ev[i].high;
	int v_din = read_sysfs_value(4), v_clk = read_sysfs_value(5), v_cs = read_sysfs_value(6);
	check(v_din == din && v_clk == 0 && v_cs == 1 && strcmp(shows(1), "A 001  1") == 0,
	      "sysfs shows the last levels sent (CS high, CLK low, DIN as recorded) and the number after "
	      "blinking",
	      "DIN %d (recorded %d) CLK %d CS %d, module 1 [%s]", v_din, din, v_clk, v_cs, shows(1));
}

static void check_recall_and_stuck(void)
{
	struct turno_button_event e, extra;
	press(1);
	bool got = pump(5000, &e);
	struct turno_ticket recalled = {0};
	int rc = -1;
	if (got && e.kind == TURNO_BUTTON_ACTION && e.action == TURNO_BUTTON_RECALL) {
		rc = turno_queue_recall(queue, e.counter, &recalled);
		if (rc == 0)
			turno_display_show_call(display, e.counter, recalled.label,
			                        turno_monotonic_ns() / MS);
	}
	bool blanked = false;
	/* Blinking: within the first blink phases the module goes blank at least once. */
	int64_t end = turno_monotonic_ns() / MS + 700;
	struct turno_button_event during;
	int early_events = 0;
	while (turno_monotonic_ns() / MS < end) {
		early_events += pump(50, &during);
		blanked |= strcmp(shows(1), "        ") == 0;
	}
	check(got && e.action == TURNO_BUTTON_RECALL && e.counter == 1 && rc == 0 &&
	              strcmp(recalled.label, "A001") == 0 && blanked && early_events == 0,
	      "counter 1's recall button recalls A001 and the display blinks it",
	      "%s, recall %d (%s) label %s, blanked %d, other events %d", got ? event_words(&e) : "no event",
	      rc, turno_strerror(rc), recalled.label, blanked, early_events);

	/* Keep holding past stuck_ms. */
	bool stuck = pump(config->gpio_stuck_ms + 3000, &e);
	bool stuck_ok =
	        stuck && e.kind == TURNO_BUTTON_STUCK && e.counter == 1 && e.action == TURNO_BUTTON_RECALL;
	release(1);
	bool released = pump(3000, &extra);
	int extras = extra_events(300, NULL);
	check(stuck_ok && released && extra.kind == TURNO_BUTTON_RELEASED && extras == 0,
	      "a line held past stuck_ms is reported stuck once, then released, with no action",
	      "%s; then %s; %d more", stuck ? event_words(&e) : "no stuck report",
	      released ? event_words(&extra) : "no release report", extras);
}

static void check_counter2(void)
{
	struct turno_button_event e, extra;
	/* Counter 2 has no recall button: a long press on next is a recall. */
	press(2);
	bool got = pump(5000, &e);
	release(2);
	int extras = extra_events(400, &extra);
	check(got && e.kind == TURNO_BUTTON_ACTION && e.action == TURNO_BUTTON_RECALL && e.counter == 2 &&
	              extras == 0,
	      "a long press of counter 2's next (no recall button) is one RECALL and no NEXT",
	      "%s; %d more%s%s", got ? event_words(&e) : "no event", extras, extras ? ": " : "",
	      extras ? event_words(&extra) : "");

	/* A short press there acts on release. */
	press(2);
	bool early = pump(120, &e);
	release(2);
	got = pump(3000, &e);
	struct turno_ticket called = {0};
	int rc = -1;
	if (got && e.kind == TURNO_BUTTON_ACTION && e.action == TURNO_BUTTON_NEXT) {
		rc = turno_queue_call_next(queue, e.counter, &called);
		if (rc == 0)
			turno_display_show_call(display, e.counter, called.label, turno_monotonic_ns() / MS);
	}
	char shown1[9], shown2[9];
	snprintf(shown1, sizeof(shown1), "%s", shows(1));
	snprintf(shown2, sizeof(shown2), "%s", shows(2));
	extras = extra_events(400, NULL);
	check(!early && got && e.counter == 2 && rc == 0 && strcmp(called.label, "A002") == 0 &&
	              extras == 0 && strcmp(shown2, "A 002  2") == 0 && strcmp(shown1, "A 001  1") == 0,
	      "a short press of counter 2's next calls A002 there; both modules show their numbers",
	      "early event %d, %s, call_next %d label %s, %d more, modules [%s] [%s]", early,
	      got ? event_words(&e) : "no event", rc, called.label, extras, shown1, shown2);
}

static void check_errors(void)
{
	char err[512] = "";
	struct turno_buttons *second = NULL;
	int rc = turno_buttons_open(config, &second, err, sizeof(err));
	check(rc == -EBUSY && !second && strstr(err, "GPIO17") && strstr(err, "busy") && strstr(err, "turno"),
	      "a second program asking for a button line gets a busy error naming the line and its holder",
	      "rc %d: %s", rc, err);
	turno_buttons_close(second);

	struct turno_config *bad = malloc(sizeof(*bad));
	*bad = *config;
	snprintf(bad->counters[1].next_button, sizeof(bad->counters[1].next_button), "gpiochip9:3");
	bad->counters[0].next_button[0] = bad->counters[0].recall_button[0] = '\0';
	rc = turno_buttons_open(bad, &second, err, sizeof(err));
	check(rc == -ENOENT && strstr(err, "[counter.2] next_button") && strstr(err, "gpiochip9") &&
	              strstr(err, "gpiodetect"),
	      "a missing chip gives an error naming the key, the line and gpiodetect", "rc %d: %s", rc, err);
	turno_buttons_close(second);
	free(bad);

	/* As a user outside group gpio (the chip device is root's, mode 0600 here). A child,
	 * because a process cannot get root back. */
	int pipe_fds[2];
	if (pipe(pipe_fds) < 0) {
		check(false, "a user without access to the chip is told to join group gpio", "pipe: %s",
		      strerror(errno));
		return;
	}
	pid_t child = fork();
	if (child == 0) {
		close(pipe_fds[0]);
		struct turno_buttons *denied = NULL;
		char why[512] = "";
		int r = -EPERM;
		if (setgid(65534) == 0 && setuid(65534) == 0)
			r = turno_buttons_open(config, &denied, why, sizeof(why));
		else
			snprintf(why, sizeof(why), "cannot become nobody: %s", strerror(errno));
		dprintf(pipe_fds[1], "%d %s", r, why);
		_exit(0);
	}
	close(pipe_fds[1]);
	char answer[600] = "";
	ssize_t n = read(pipe_fds[0], answer, sizeof(answer) - 1);
	answer[n > 0 ? n : 0] = '\0';
	close(pipe_fds[0]);
	waitpid(child, NULL, 0);
	rc = atoi(answer);
	check((rc == -EACCES || rc == -EPERM) && strstr(answer, "group gpio") &&
	              strstr(answer, "[counter.1]"),
	      "a user without access to the chip is told to join group gpio", "%s", answer);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: gpio-hw-check CONFIG SIM_SYSFS_DIR\n");
		return 2;
	}
	sim_dir = argv[2];
	printf("PLAN %d\n", PLAN);
	char err[512] = "";
	if (turno_config_load(argv[1], &config, err, sizeof(err)) < 0) {
		printf("FAIL: configuration: %s\n", err);
		return 1;
	}
	clock_ = turno_clock_new_system();
	int rc = turno_queue_open(config, clock_, config->database, &queue);
	check(rc == 0, "the queue engine opens its SQLite database in the guest's tmpfs", "%d %s", rc,
	      rc ? turno_queue_errmsg(queue) : "");

	rc = turno_buttons_open(config, &buttons, err, sizeof(err));
	int idle = read_sysfs_value(0);
	check(rc == 0 && turno_buttons_line_count(buttons) == 3 && idle == 1,
	      "the buttons' lines are requested by name with the internal pull-up (idle level high)",
	      "rc %d (%s), %d lines, GPIO17 reads %d", rc, err, turno_buttons_line_count(buttons), idle);
	if (rc < 0)
		return 1;

	struct turno_lines *lines = NULL;
	rc = turno_lines_open_gpiod(config, &lines, err, sizeof(err));
	if (rc == 0) {
		recorder = turno_lines_new_recorder(lines, NULL, NULL);
		max7219_chain_init(&chain, config->display_modules);
		rc = turno_display_open(config, recorder, turno_monotonic_ns() / MS, &display);
	}
	bool configured = rc == 0;
	for (int c = 0; configured && c < config->display_modules; c++) {
		decode();
		configured = chain.chip[c].on && !chain.chip[c].test && chain.chip[c].scan_limit == 7 &&
		             chain.chip[c].intensity == config->display_brightness;
	}
	check(configured && strcmp(shows(1), "- ---  1") == 0 && strcmp(shows(2), "- ---  2") == 0,
	      "the display lines are requested and every chip is configured and shows its idle counter",
	      "rc %d (%s), module 1 [%s]", rc, err, display ? shows(1) : "");
	if (!display)
		return 1;

	check_press_next_counter1();
	check_recall_and_stuck();
	check_counter2();
	check_errors();

	turno_display_close(display);
	turno_buttons_close(buttons);
	turno_queue_close(queue);
	turno_clock_free(clock_);
	turno_config_free(config);
	printf("DONE %d\n", checks_done);
	return 0;
}
