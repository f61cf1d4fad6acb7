/* The floors of `make test-pi`'s figures: bare programs that do, in the same qemu boot,
 * only what the kiosk's figure cannot avoid. Times are CLOCK_MONOTONIC ns (the trace's).
 *
 *   pi-floor screen
 *       SDL on KMSDRM as the kiosk opens it (full screen at the display's size, the default
 *       renderer): one frame, printed as "first-frame T"; then it sleeps in poll() on the
 *       evdev devices and draws one frame per finger lifted ("tap-frame T"), until killed.
 *   pi-floor gpio SIM_SYSFS_LINE_DIR DEBOUNCE_MS CHIPS FRAMES DB
 *       libgpiod on GPIO17 (a button to ground, pull-up) and GPIO10/11/8 (MAX7219 DIN, CLK,
 *       CS): presses the button itself through gpio-sim's sysfs pull (with a trace marker
 *       "turno: press floor"), waits for the kernel's edge, until the debounce time after
 *       the edge's own timestamp, one SQLite commit (WAL, synchronous=FULL), then bit-bangs
 *       FRAMES frames of 16 bits per chip (one per digit that changes: 4 for a new number
 *       on one module). Prints "edge T" and "frames T".
 *   pi-floor record SECONDS [until-sound]
 *       SDL audio capture from ALSA's loopback (AUDIODEV, default plughw:Loopback,1: what is
 *       played on the default card's device 0): "recording T" once capturing, "sound T
 *       PEAK" at the first buffer louder than silence (until-sound: then it stops), and
 *       "recorded FRAMES frames, peak PEAK".
 *   pi-floor tone
 *       plays 300 ms of 440 Hz on the default ALSA device through SDL audio, as the kiosk's
 *       spoken calls will: "play T" just before the device starts. */
#include <SDL2/SDL.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <gpiod.h>
#include <poll.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void frame(SDL_Renderer *r, int shade)
{
	SDL_SetRenderDrawColor(r, (Uint8)shade, 32, 96, 255);
	SDL_RenderClear(r);
	SDL_RenderPresent(r);
}

static int screen(void)
{
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
	if (SDL_Init(SDL_INIT_VIDEO) < 0) {
		fprintf(stderr, "pi-floor: SDL: %s\n", SDL_GetError());
		return 1;
	}
	SDL_Window *w =
	        SDL_CreateWindow("floor", 0, 0, 800, 480, SDL_WINDOW_SHOWN | SDL_WINDOW_FULLSCREEN_DESKTOP);
	SDL_Renderer *r = w ? SDL_CreateRenderer(w, -1, 0) : NULL;
	if (!r) {
		fprintf(stderr, "pi-floor: window: %s\n", SDL_GetError());
		return 1;
	}
	/* As the kiosk does: SDL 2.26's KMSDRM drops what the first swap after a mode set
	 * shows (it makes its EGL surface again), so a blank present comes first. */
	frame(r, 0);
	frame(r, 32);
	printf("first-frame %lld\n", now_ns());
	fflush(stdout);
	struct pollfd fds[16];
	int n = 0;
	glob_t g;
	if (glob("/dev/input/event*", 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc && n < 16; i++) {
			int fd = open(g.gl_pathv[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
			if (fd >= 0)
				fds[n++] = (struct pollfd){.fd = fd, .events = POLLIN};
		}
		globfree(&g);
	}
	int shade = 0;
	for (;;) {
		if (poll(fds, (nfds_t)n, -1) < 0 && errno != EINTR)
			return 1;
		char buf[1024];
		for (int i = 0; i < n; i++)
			while (read(fds[i].fd, buf, sizeof(buf)) > 0)
				;
		SDL_PumpEvents();
		SDL_Event e;
		while (SDL_PollEvent(&e)) {
			if (e.type == SDL_FINGERUP) {
				shade = (shade + 64) & 0xFF;
				frame(r, shade);
				printf("tap-frame %lld\n", now_ns());
				fflush(stdout);
			}
		}
	}
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = write(fd, text, strlen(text));
	close(fd);
	return n < 0 ? -errno : 0;
}

static int gpio(int argc, char **argv)
{
	if (argc != 7)
		return 64;
	const char *line_dir = argv[2];
	int debounce_ms = atoi(argv[3]), chips = atoi(argv[4]), frames = atoi(argv[5]);
	struct gpiod_line *button = gpiod_line_find("GPIO17"), *din = gpiod_line_find("GPIO10"),
	                  *clk = gpiod_line_find("GPIO11"), *cs = gpiod_line_find("GPIO8");
	if (!button || !din || !clk || !cs ||
	    gpiod_line_request_falling_edge_events_flags(button, "floor",
	                                                 GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP) < 0 ||
	    gpiod_line_request_output(din, "floor", 0) < 0 ||
	    gpiod_line_request_output(clk, "floor", 0) < 0 || gpiod_line_request_output(cs, "floor", 1) < 0) {
		fprintf(stderr, "pi-floor: lines: %s\n", strerror(errno));
		return 1;
	}
	sqlite3 *db;
	if (sqlite3_open(argv[6], &db) != SQLITE_OK ||
	    sqlite3_exec(db,
	                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE IF NOT EXISTS t(x)",
	                 NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "pi-floor: sqlite: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	char pull[300];
	snprintf(pull, sizeof(pull), "%s/pull", line_dir);
	write_text("/sys/kernel/tracing/trace_marker", "turno: press floor");
	if (write_text(pull, "pull-down") < 0) {
		fprintf(stderr, "pi-floor: %s: %s\n", pull, strerror(errno));
		return 1;
	}
	struct timespec timeout = {5, 0};
	struct gpiod_line_event ev;
	if (gpiod_line_event_wait(button, &timeout) != 1 || gpiod_line_event_read(button, &ev) < 0) {
		fprintf(stderr, "pi-floor: no edge\n");
		return 1;
	}
	printf("edge %lld\n", (long long)ev.ts.tv_sec * 1000000000LL + ev.ts.tv_nsec);
	/* The kernel stamps the edge (CLOCK_MONOTONIC): the level is stable debounce_ms later. */
	struct timespec stable = ev.ts;
	stable.tv_nsec += (long)debounce_ms * 1000000L;
	stable.tv_sec += stable.tv_nsec / 1000000000L;
	stable.tv_nsec %= 1000000000L;
	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &stable, NULL);
	sqlite3_exec(db, "INSERT INTO t VALUES (1)", NULL, NULL, NULL);
	for (int reg = 1; reg <= frames && reg <= 8; reg++) {
		gpiod_line_set_value(cs, 0);
		for (int chip = 0; chip < chips; chip++) {
			unsigned word = (unsigned)reg << 8 | 0x01; /* a dash on every digit */
			for (int bit = 15; bit >= 0; bit--) {
				gpiod_line_set_value(din, (int)(word >> bit & 1));
				gpiod_line_set_value(clk, 1);
				gpiod_line_set_value(clk, 0);
			}
		}
		gpiod_line_set_value(cs, 1);
	}
	printf("frames %lld\n", now_ns());
	write_text(pull, "pull-up");
	sqlite3_close(db);
	return 0;
}

/* ------------------------------------------------------------------ sound */

#define RATE 48000
#define LOUD 1000 /* |sample| above this is not silence */

static SDL_atomic_t heard_peak, frames_recorded;
static _Atomic long long first_sound_ns;

static void on_capture(void *user, Uint8 *stream, int len)
{
	const Sint16 *samples = (const Sint16 *)stream;
	int peak = SDL_AtomicGet(&heard_peak);
	for (int i = 0; i < len / 2; i++) {
		int v = abs(samples[i]);
		if (v > peak)
			peak = v;
	}
	if (peak > LOUD && first_sound_ns == 0)
		first_sound_ns = now_ns();
	SDL_AtomicSet(&heard_peak, peak);
	SDL_AtomicAdd(&frames_recorded, len / 2);
}

static int audio_open(int capture, SDL_AudioCallback callback)
{
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	if (SDL_Init(SDL_INIT_AUDIO) < 0) {
		fprintf(stderr, "pi-floor: SDL audio: %s\n", SDL_GetError());
		return 0;
	}
	/* 21 ms buffers: an emulated CPU keeps up with them. */
	SDL_AudioSpec want = {
	        .freq = RATE, .format = AUDIO_S16SYS, .channels = 1, .samples = 1024, .callback = callback};
	SDL_AudioSpec have;
	SDL_AudioDeviceID dev = SDL_OpenAudioDevice(NULL, capture, &want, &have, 0);
	if (!dev)
		fprintf(stderr, "pi-floor: cannot open the %s device: %s\n", capture ? "capture" : "playback",
		        SDL_GetError());
	return (int)dev;
}

static int record(int argc, char **argv)
{
	if (argc != 3 && argc != 4)
		return 64;
	bool until_sound = argc == 4 && strcmp(argv[3], "until-sound") == 0;
	setenv("AUDIODEV", getenv("AUDIODEV") ? getenv("AUDIODEV") : "plughw:Loopback,1", 1);
	int dev = audio_open(1, on_capture);
	if (!dev)
		return 1;
	SDL_PauseAudioDevice((SDL_AudioDeviceID)dev, 0);
	printf("recording %lld\n", now_ns());
	long long end = now_ns() + atoll(argv[2]) * 1000000000LL;
	bool told = false;
	while (now_ns() < end) {
		SDL_Delay(10);
		if (first_sound_ns && !told) {
			printf("sound %lld %d\n", first_sound_ns, SDL_AtomicGet(&heard_peak));
			told = true;
			if (until_sound)
				break;
		}
	}
	SDL_CloseAudioDevice((SDL_AudioDeviceID)dev);
	printf("recorded %d frames, peak %d\n", SDL_AtomicGet(&frames_recorded), SDL_AtomicGet(&heard_peak));
	return 0;
}

static int tone_left = RATE * 3 / 10;
static int tone_phase;

static void on_play(void *user, Uint8 *stream, int len)
{
	Sint16 *samples = (Sint16 *)stream;
	for (int i = 0; i < len / 2; i++, tone_phase++) {
		/* 440 Hz as a triangle wave: loud enough, no libm needed. */
		int period = RATE / 440, p = tone_phase % period;
		int tri = p < period / 2 ? p * 4 * 8000 / period - 8000 : 24000 - p * 4 * 8000 / period;
		samples[i] = (Sint16)(tone_left-- > 0 ? tri : 0);
	}
}

static int tone(void)
{
	int dev = audio_open(0, on_play);
	if (!dev)
		return 1;
	printf("play %lld\n", now_ns());
	SDL_PauseAudioDevice((SDL_AudioDeviceID)dev, 0);
	SDL_Delay(600);
	SDL_CloseAudioDevice((SDL_AudioDeviceID)dev);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && strcmp(argv[1], "screen") == 0)
		return screen();
	if (argc >= 2 && strcmp(argv[1], "gpio") == 0)
		return gpio(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "record") == 0)
		return record(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "tone") == 0)
		return tone();
	fprintf(stderr,
	        "usage: pi-floor screen | gpio SIM_LINE_DIR DEBOUNCE_MS CHIPS FRAMES DB | record SECONDS "
	        "[until-sound] | tone\n");
	return 64;
}
