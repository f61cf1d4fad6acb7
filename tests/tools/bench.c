/* make bench's measuring tool: each figure of Turno and, measured the same way in the
 * same run, its floor (the bare cost of what the figure cannot avoid). Prints one JSON
 * object per measurement on stdout; tests/bench/bench.sh makes the table. Never asserts
 * a time: figures are printed, not judged.
 *
 *   bench floor-issue DB DEST N LISTENER_DIR     bare synchronous=FULL commit + bare
 *                                                cupsCreateJob submission, N times
 *   bench issue SOCKET N SPOOL_DIR LISTENER_DIR  the kiosk: control socket -> committed ->
 *                                                job in cupsd's spool -> bytes at the printer
 *   bench floor-server DB SOCKET                 the start floor: open SQLite, bind a socket,
 *                                                answer one line per connection
 *   bench start SOCKET CMD...                    runs CMD, times until SOCKET answers "ping"
 *   bench button CONFIG DB N                     button edge -> LED frames out (recorder)
 *   bench tap-sdl N                              a synthetic SDL tap -> the ticket's frame,
 *                                                against one redraw (run from the checkout)
 */
#include "../unit/screen-fixture.h"
#include "control/client.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/queue.h"
#include "gpio/debounce.h"
#include "gpio/display.h"
#include "gpio/lines.h"

#include <cups/cups.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Prints {"name":…,"n":…,"p50_ms":…,"p95_ms":…,"p99_ms":…,"mean_ms":…} for samples in µs. */
static void print_stats(const char *name, int64_t *us, int n, const char *extra)
{
	if (n <= 0) {
		printf("{\"name\":\"%s\",\"n\":0}\n", name);
		return;
	}
	qsort(us, (size_t)n, sizeof(*us), cmp_i64);
	double sum = 0;
	for (int i = 0; i < n; i++)
		sum += (double)us[i];
	printf("{\"name\":\"%s\",\"n\":%d,\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f,\"mean_ms\":%.3f%s%"
	       "s}\n",
	       name, n, us[n / 2] / 1000.0, us[(n * 95) / 100] / 1000.0, us[(n * 99) / 100] / 1000.0,
	       sum / n / 1000.0, extra ? "," : "", extra ? extra : "");
	fflush(stdout);
}

/* Waits up to timeout_ms for a file whose name starts with prefix to be created, closed
 * after writing or moved into the watched directory. Returns its time (µs) or -1. */
static int64_t wait_file(int inotify_fd, const char *prefix, int timeout_ms)
{
	int64_t deadline = now_us() + (int64_t)timeout_ms * 1000;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	for (;;) {
		int64_t left = (deadline - now_us()) / 1000;
		if (left <= 0)
			return -1;
		struct pollfd p = {.fd = inotify_fd, .events = POLLIN};
		if (poll(&p, 1, (int)left) <= 0)
			continue;
		int64_t t = now_us();
		ssize_t n = read(inotify_fd, buf, sizeof(buf));
		for (ssize_t off = 0; off < n;) {
			const struct inotify_event *ev = (const struct inotify_event *)(buf + off);
			if (ev->len && strncmp(ev->name, prefix, strlen(prefix)) == 0)
				return t;
			off += (ssize_t)sizeof(*ev) + ev->len;
		}
	}
}

static int watch(const char *dir, uint32_t mask)
{
	int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (fd < 0 || inotify_add_watch(fd, dir, mask) < 0) {
		fprintf(stderr, "bench: cannot watch %s: %s\n", dir, strerror(errno));
		return -1;
	}
	return fd;
}

/* ------------------------------------------------------------------ issue: floor */

static int floor_issue(const char *db_path, const char *dest, int n, const char *listener_dir)
{
	sqlite3 *db;
	if (sqlite3_open(db_path, &db) != SQLITE_OK)
		return 1;
	sqlite3_exec(db,
	             "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	             "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, label TEXT, utc_ms INTEGER);",
	             NULL, NULL, NULL);
	sqlite3_stmt *ins;
	sqlite3_prepare_v2(db, "INSERT INTO t (label, utc_ms) VALUES ('A001', ?1)", -1, &ins, NULL);
	int listener = watch(listener_dir, IN_MOVED_TO);
	if (listener < 0)
		return 1;
	/* A ticket-sized ESC/POS job (the kiosk's are ~1 KB). */
	char data[1100];
	memset(data, 'x', sizeof(data));
	int64_t *commit = calloc((size_t)n, sizeof(int64_t)), *submit = calloc((size_t)n, sizeof(int64_t));
	int64_t *both = calloc((size_t)n, sizeof(int64_t));
	http_t *http =
	        httpConnect2(cupsServer(), ippPort(), NULL, AF_UNSPEC, cupsEncryption(), 1, 30000, NULL);
	int done = 0;
	for (int i = 0; i < n; i++) {
		int64_t t0 = now_us();
		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_bind_int64(ins, 1, t0);
		sqlite3_step(ins);
		sqlite3_reset(ins);
		if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			break;
		int64_t t1 = now_us();
		int job = cupsCreateJob(http, dest, "bench", 0, NULL);
		if (job <= 0 ||
		    cupsStartDocument(http, dest, job, "bench", CUPS_FORMAT_RAW, 1) != HTTP_STATUS_CONTINUE ||
		    cupsWriteRequestData(http, data, sizeof(data)) != HTTP_STATUS_CONTINUE ||
		    cupsFinishDocument(http, dest) > IPP_STATUS_OK_CONFLICTING) {
			fprintf(stderr, "bench: CUPS: %s\n", cupsLastErrorString());
			break;
		}
		int64_t t2 = now_us();
		commit[done] = t1 - t0;
		submit[done] = t2 - t1;
		both[done] = t2 - t0;
		done++;
		/* One ticket at a time, as the kiosk bench does: until it reached the printer
		 * and cupsd says the job is completed (so cupsd is as quiet as for the kiosk). */
		wait_file(listener, "job-", 10000);
		for (int tries = 0; tries < 2000; tries++) {
			cups_job_t *jobs;
			int active = cupsGetJobs2(http, &jobs, dest, 0, CUPS_WHICHJOBS_ACTIVE);
			cupsFreeJobs(active, jobs);
			if (active <= 0)
				break;
			usleep(5000);
		}
	}
	httpClose(http);
	print_stats("floor_commit", commit, done, NULL);
	print_stats("floor_submit", submit, done, NULL);
	print_stats("floor_commit_submit", both, done, NULL);
	sqlite3_finalize(ins);
	sqlite3_close(db);
	free(commit);
	free(submit);
	free(both);
	return done == n ? 0 : 1;
}

/* ------------------------------------------------------------------ issue: the kiosk */

static int printed_count(const char *socket_path)
{
	char reply[65536];
	if (turno_control_request(socket_path, "status\n", reply, sizeof(reply), 5000, 0) < 0)
		return -1;
	const char *p = strstr(reply, "\"printed\":");
	return p ? atoi(p + 10) : -1;
}

static int kiosk_issue(const char *socket_path, int n, const char *spool_dir, const char *listener_dir)
{
	int spool = watch(spool_dir, IN_MOVED_TO | IN_CLOSE_WRITE | IN_CREATE);
	int listener = watch(listener_dir, IN_MOVED_TO);
	if (spool < 0 || listener < 0)
		return 1;
	int64_t *reply_us = calloc((size_t)n, sizeof(int64_t)),
	        *spool_us = calloc((size_t)n, sizeof(int64_t));
	int64_t *printer_us = calloc((size_t)n, sizeof(int64_t));
	int done = 0, spooled = 0, printed = 0;
	static const char services[] = "ABCEF"; /* D has morning hours only */
	char reply[4096];
	for (int i = 0; i < n; i++) {
		int before = printed_count(socket_path);
		/* As turno-ctl and turno-web send it: with a request id, recorded with the ticket. */
		char line[64];
		snprintf(line, sizeof(line), "issue %c request_id=bench-%d-%d\n", services[i % 5],
		         (int)getpid(), i);
		/* Drain events of the previous ticket (cupsd rewrites its control files). */
		char drain[4096];
		while (read(spool, drain, sizeof(drain)) > 0)
			;
		int64_t t0 = now_us();
		if (turno_control_request(socket_path, line, reply, sizeof(reply), 5000, 0) < 0 ||
		    !strstr(reply, "\"ok\":true")) {
			fprintf(stderr, "bench: issue refused: %s\n", reply);
			break;
		}
		int64_t t1 = now_us();
		int64_t t2 = wait_file(spool, "d", 10000);
		int64_t t3 = wait_file(listener, "job-", 10000);
		reply_us[done++] = t1 - t0;
		if (t2 > 0)
			spool_us[spooled++] = t2 - t0;
		if (t3 > 0)
			printer_us[printed++] = t3 - t0;
		/* The next ticket once the kiosk has recorded this one's print result. */
		for (int tries = 0; tries < 400 && printed_count(socket_path) <= before; tries++)
			usleep(5000);
	}
	print_stats("issue_reply", reply_us, done, NULL);
	print_stats("issue_spooled", spool_us, spooled, NULL);
	print_stats("issue_at_printer", printer_us, printed, NULL);
	free(reply_us);
	free(spool_us);
	free(printer_us);
	return done == n ? 0 : 1;
}

/* ------------------------------------------------------------------ start */

static volatile sig_atomic_t stop;
static void on_term(int sig)
{
	stop = 1;
}

static int floor_server(const char *db_path, const char *socket_path)
{
	sqlite3 *db;
	if (sqlite3_open(db_path, &db) != SQLITE_OK ||
	    sqlite3_exec(db,
	                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; SELECT COUNT(*) FROM "
	                 "sqlite_master",
	                 NULL, NULL, NULL) != SQLITE_OK)
		return 1;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", socket_path);
	unlink(socket_path);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(fd, 8) < 0)
		return 1;
	signal(SIGTERM, on_term);
	while (!stop) {
		int c = accept(fd, NULL, NULL);
		if (c < 0)
			continue;
		char buf[256];
		if (read(c, buf, sizeof(buf)) > 0 && write(c, "{\"ok\":true}\n", 12) < 0)
			break;
		close(c);
	}
	close(fd);
	unlink(socket_path);
	sqlite3_close(db);
	return 0;
}

static int start(const char *socket_path, char **cmd)
{
	unlink(socket_path);
	int64_t t0 = now_us();
	pid_t pid = fork();
	if (pid == 0) {
		freopen("/dev/null", "w", stdout); /* stdout carries this tool's JSON */
		execv(cmd[0], cmd);
		_exit(127);
	}
	char reply[256];
	/* Connect attempts every few hundred µs: the figure is at most that much late. */
	while (turno_control_request(socket_path, "ping\n", reply, sizeof(reply), 2000, 0) < 0) {
		if (now_us() - t0 > 30000000 || waitpid(pid, NULL, WNOHANG) == pid)
			return 1;
		usleep(200);
	}
	int64_t t1 = now_us();
	printf("{\"name\":\"start\",\"pid\":%d,\"ms\":%.3f}\n", (int)pid, (t1 - t0) / 1000.0);
	return 0;
}

/* ------------------------------------------------------------------ button -> LED */

static void sleep_until_ns(int64_t t_ns)
{
	struct timespec ts = {.tv_sec = t_ns / 1000000000, .tv_nsec = t_ns % 1000000000};
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/* The kiosk's path from a button to the LEDs, in one thread: the debouncer (as the
 * buttons thread runs it), the engine's call (synchronous=FULL commit), the display on
 * a recording fake. The floor: the debounce time (a press counts only once stable),
 * a bare commit, and the same frames bit-banged straight through the recorder. */
static int button(const char *config_path, const char *db_path, int n)
{
	char err[512];
	struct turno_config *config;
	if (turno_config_load(config_path, &config, err, sizeof(err)) < 0) {
		fprintf(stderr, "bench: %s\n", err);
		return 1;
	}
	config->ignore_hours = true;
	if (config->display_mode == TURNO_DISPLAY_OFF)
		config->display_mode = TURNO_DISPLAY_PER_COUNTER;
	struct turno_clock *clock = turno_clock_new_system();
	struct turno_queue *queue;
	if (turno_queue_open(config, clock, db_path, &queue) < 0)
		return 1;
	struct turno_lines *rec = turno_lines_new_recorder(NULL, NULL, NULL);
	struct turno_display *display;
	if (turno_display_open(config, rec, turno_clock_mono_ms(clock), &display) < 0)
		return 1;
	int64_t debounce_ns =
	        (int64_t)(config->gpio_debounce_ms > 0 ? config->gpio_debounce_ms : 10) * 1000000;
	struct turno_debounce_config dc = {.debounce_ns = debounce_ns, .stuck_ns = 60000000000LL};
	int64_t *total = calloc((size_t)n, sizeof(int64_t)), *floor = calloc((size_t)n, sizeof(int64_t));
	int64_t *engine = calloc((size_t)n, sizeof(int64_t)), *frames_us = calloc((size_t)n, sizeof(int64_t));
	long transitions = 0, frames = 0;
	int done = 0;
	sqlite3 *bare;
	char bare_path[512];
	snprintf(bare_path, sizeof(bare_path), "%s.floor", db_path);
	sqlite3_open(bare_path, &bare);
	sqlite3_exec(bare,
	             "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE IF NOT EXISTS t (x)",
	             NULL, NULL, NULL);
	for (int i = 0; i < n; i++) {
		struct turno_ticket t;
		if (turno_queue_issue(queue, 'A', 0, &t) < 0)
			break;
		struct turno_debounce *db = turno_debounce_new(&dc, false, turno_monotonic_ns());
		turno_lines_recorder_clear(rec);
		struct turno_debounce_output out[TURNO_DEBOUNCE_MAX_OUTPUTS];
		int64_t edge = turno_monotonic_ns();
		int got = turno_debounce_edge(db, edge, true, out);
		while (got == 0) {
			sleep_until_ns(turno_debounce_deadline(db));
			got = turno_debounce_timer(db, turno_monotonic_ns(), out);
		}
		int64_t pressed = turno_monotonic_ns();
		if (out[0].kind != TURNO_DEBOUNCE_PRESS || turno_queue_call_next(queue, 1, &t) < 0)
			break;
		int64_t called = turno_monotonic_ns();
		turno_display_show_call(display, 1, t.label, turno_clock_mono_ms(clock));
		size_t count;
		const struct turno_line_event *ev = turno_lines_recorded(rec, &count);
		if (count == 0)
			break;
		int64_t last = ev[count - 1].t_ns;
		total[done] = (last - edge) / 1000;
		engine[done] = (called - pressed) / 1000;
		frames_us[done] = (last - called) / 1000;
		transitions += (long)count;
		for (size_t k = 0; k < count; k++) /* a MAX7219 frame is latched by CS rising */
			frames += ev[k].line == TURNO_LINE_CS && ev[k].high;
		turno_debounce_free(db);

		/* The floor, measured now: bare commit, then the same transitions straight out. */
		struct turno_line_event copy[4096];
		size_t m = count < 4096 ? count : 4096;
		memcpy(copy, ev, m * sizeof(*copy));
		turno_lines_recorder_clear(rec);
		int64_t f0 = turno_monotonic_ns();
		sqlite3_exec(bare, "BEGIN IMMEDIATE; INSERT INTO t VALUES (1); COMMIT", NULL, NULL, NULL);
		for (size_t k = 0; k < m; k++)
			turno_lines_set(rec, copy[k].line, copy[k].high);
		int64_t f1 = turno_monotonic_ns();
		floor[done] = (debounce_ns + (f1 - f0)) / 1000;
		done++;
		/* Let the blinking end, so the next call starts from a quiet display. */
		turno_display_on_timer(display, INT64_MAX / 2);
	}
	char extra[128];
	snprintf(extra, sizeof(extra),
	         "\"transitions_per_call\":%ld,\"frames_per_call\":%ld,\"debounce_ms\":%.1f",
	         done ? transitions / done : 0, done ? frames / done : 0, debounce_ns / 1e6);
	print_stats("button_to_led", total, done, extra);
	print_stats("button_engine", engine, done, NULL);
	print_stats("button_frames", frames_us, done, NULL);
	print_stats("button_floor", floor, done, NULL);
	sqlite3_close(bare);
	turno_display_close(display);
	turno_queue_close(queue);
	turno_clock_free(clock);
	turno_config_free(config);
	free(total);
	free(floor);
	free(engine);
	free(frames_us);
	return done == n ? 0 : 1;
}

/* A synthetic SDL tap on a tile to the frame showing the ticket, through the real kiosk and
 * screen (dummy driver, software renderer, a temporary database; run from the checkout
 * for config/turno.ini), against one redraw of the same screen. */
static int tap_sdl(int n)
{
	if (n < 1)
		n = 1;
	struct fixture f;
	/* A Tuesday morning, office open: the home screen with every tile available. */
	if (fixture_open(&f, rome_ms(2026, 11, 24, 9, 0), false, NULL, 0, NULL, false) < 0) {
		fprintf(stderr, "bench tap-sdl: the kiosk's screen did not open\n");
		return 1;
	}
	int64_t *tap = calloc((size_t)n, sizeof(*tap)), *floor = calloc((size_t)n, sizeof(*floor));
	uint64_t frames = 0;
	for (int i = 0; i < n; i++) {
		/* A minute later each time: the ticket page has gone back home and the per-minute
		 * limit has room again. */
		turno_clock_advance(f.clock, 61000);
		fixture_pass(&f);
		if (turno_screen_page(f.screen) != TURNO_PAGE_HOME) {
			fprintf(stderr, "bench tap-sdl: not on the home screen before tap %d\n", i + 1);
			return 1;
		}
		/* The floor: the same screen redrawn once after a change. */
		int64_t t0 = now_us();
		turno_kiosk_changed(f.kiosk);
		fixture_pass(&f);
		floor[i] = now_us() - t0;

		int x, y, w, h;
		if (turno_screen_target(f.screen, TURNO_UI_SERVICE, i % 4, &x, &y) < 0)
			return 1;
		turno_screen_size(f.screen, &w, &h);
		uint64_t frames_before = turno_screen_frames(f.screen);
		t0 = now_us();
		push_finger(SDL_FINGERDOWN, i + 1, x, y, w, h);
		fixture_pass(&f);
		turno_clock_advance(f.clock, 80); /* a finger rests ~80 ms (manual clock: no real wait) */
		push_finger(SDL_FINGERUP, i + 1, x, y, w, h);
		fixture_pass(&f);
		tap[i] = now_us() - t0;
		if (turno_screen_page(f.screen) != TURNO_PAGE_TICKET) {
			fprintf(stderr, "bench tap-sdl: tap %d did not show a ticket\n", i + 1);
			return 1;
		}
		frames += turno_screen_frames(f.screen) - frames_before;
	}
	int tickets = count_tickets(&f);
	char extra[64];
	snprintf(extra, sizeof(extra), "\"frames_per_tap\":%.2f", (double)frames / n);
	print_stats("tap_sdl", tap, n, extra);
	print_stats("tap_sdl_floor", floor, n, "\"frames_per_tap\":1");
	fixture_close(&f);
	free(tap);
	free(floor);
	if (tickets != n) {
		fprintf(stderr, "bench tap-sdl: %d taps issued %d tickets\n", n, tickets);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc >= 6 && strcmp(argv[1], "floor-issue") == 0)
		return floor_issue(argv[2], argv[3], atoi(argv[4]), argv[5]);
	if (argc >= 6 && strcmp(argv[1], "issue") == 0)
		return kiosk_issue(argv[2], atoi(argv[3]), argv[4], argv[5]);
	if (argc >= 4 && strcmp(argv[1], "floor-server") == 0)
		return floor_server(argv[2], argv[3]);
	if (argc >= 4 && strcmp(argv[1], "start") == 0)
		return start(argv[2], argv + 3);
	if (argc >= 3 && strcmp(argv[1], "tap-sdl") == 0)
		return tap_sdl(atoi(argv[2]) > 0 ? atoi(argv[2]) : 1);
	if (argc >= 5 && strcmp(argv[1], "button") == 0)
		return button(argv[2], argv[3], atoi(argv[4]));
	fprintf(stderr, "usage: see the comment at the top of tests/tools/bench.c\n");
	return 64;
}
