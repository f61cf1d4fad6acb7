/* make bench: a synthetic SDL tap on a service tile to the frame that shows the ticket,
 * through the real kiosk and screen (SDL's dummy video driver, software renderer, a
 * temporary database), against the floor of one frame drawn after a change on the same
 * screen. Prints two JSON lines (tests/bench/table.py); never judges a time.
 *
 *   bench-tap N      (run from the top of the checkout: it reads config/turno.ini)
 */
#include "../unit/screen-fixture.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static void print_stats(const char *name, int64_t *us, int n, double frames_per)
{
	qsort(us, (size_t)n, sizeof(*us), cmp_i64);
	printf("{\"name\":\"%s\",\"n\":%d,\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f,"
	       "\"frames_per_tap\":%.2f}\n",
	       name, n, us[n / 2] / 1000.0, us[n * 95 / 100] / 1000.0, us[n * 99 / 100] / 1000.0, frames_per);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 50;
	if (n < 1)
		n = 1;
	struct fixture f;
	/* A Tuesday morning, office open: the home screen with every tile available. */
	if (fixture_open(&f, rome_ms(2026, 11, 24, 9, 0), false, NULL, 0, NULL, false) < 0) {
		fprintf(stderr, "bench-tap: the kiosk's screen did not open\n");
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
			fprintf(stderr, "bench-tap: not on the home screen before tap %d\n", i + 1);
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
			fprintf(stderr, "bench-tap: tap %d did not show a ticket\n", i + 1);
			return 1;
		}
		frames += turno_screen_frames(f.screen) - frames_before;
	}
	int tickets = count_tickets(&f);
	print_stats("tap_sdl", tap, n, (double)frames / n);
	print_stats("tap_sdl_floor", floor, n, 1.0);
	fixture_close(&f);
	free(tap);
	free(floor);
	if (tickets != n) {
		fprintf(stderr, "bench-tap: %d taps issued %d tickets\n", n, tickets);
		return 1;
	}
	return 0;
}
