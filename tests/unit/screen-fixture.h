/* A real kiosk (engine, temp database, manual clock) with its real screen on SDL's
 * dummy video driver and software renderer, for the screen's tests. Included by the
 * tests that need it; the pixels are byte-stable on this renderer. */
#ifndef TURNO_SCREEN_FIXTURE_H
#define TURNO_SCREEN_FIXTURE_H

#include "core/clock.h"
#include "core/error.h"
#include "core/log.h"
#include "kiosk/kiosk.h"
#include "kiosk/screen.h"

#include <SDL2/SDL.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct fixture {
	char dir[256];
	char config_path[300];
	struct turno_clock *clock;
	struct turno_kiosk *kiosk;
	struct turno_screen *screen;
	struct turno_kiosk_module module;
};

struct edit {
	const char *find, *replace;
};

/* Local Rome time → UTC ms (November: UTC+1). */
static inline int64_t rome_ms(int year, int month, int day, int hour, int minute)
{
	struct tm tm = {.tm_year = year - 1900,
	                .tm_mon = month - 1,
	                .tm_mday = day,
	                .tm_hour = hour,
	                .tm_min = minute};
	return ((int64_t)timegm(&tm) - 3600) * 1000;
}

static inline int read_text(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(out, 1, len - 1, f);
	out[n] = '\0';
	fclose(f);
	return 0;
}

static inline void replace_all(char *text, size_t len, const char *find, const char *with)
{
	char *p = text;
	while ((p = strstr(p, find))) {
		size_t fl = strlen(find), wl = strlen(with), rest = strlen(p + fl);
		if (strlen(text) - fl + wl + 1 > len)
			return;
		memmove(p + wl, p + fl, rest + 1);
		memcpy(p, with, wl);
		p += wl;
	}
}

/* Opens the example configuration with edits, at local time wall_ms. */
static inline int fixture_open(struct fixture *f, int64_t wall_ms, bool ignore_hours,
                               const struct edit *edits, int edit_count,
                               const struct turno_kiosk_module *extra, bool demo_keys)
{
	static char text[16384];
	memset(f, 0, sizeof(*f));
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	setenv("SDL_RENDER_DRIVER", "software", 1);
	turno_log_set_level(TURNO_LOG_WARNING);
	snprintf(f->dir, sizeof(f->dir), "/tmp/turno-screen.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	if (read_text("config/turno.ini", text, sizeof(text)) < 0)
		return -1;
	char line[600], cwd[256];
	if (!getcwd(cwd, sizeof(cwd)))
		return -1;
	snprintf(line, sizeof(line), "database = %s/turno.db", f->dir);
	replace_all(text, sizeof(text), "database = /var/lib/turno/turno.db", line);
	snprintf(line, sizeof(line), "socket = %s/control.sock", f->dir);
	replace_all(text, sizeof(text), "socket = /run/turno/control.sock", line);
	snprintf(line, sizeof(line), "[ui]\nfont_dir = %s/assets/fonts", cwd);
	replace_all(text, sizeof(text), "[ui]", line);
	for (int i = 0; i < edit_count; i++)
		replace_all(text, sizeof(text), edits[i].find, edits[i].replace);
	snprintf(f->config_path, sizeof(f->config_path), "%s/turno.ini", f->dir);
	FILE *out = fopen(f->config_path, "w");
	if (!out)
		return -1;
	fputs(text, out);
	fclose(out);
	f->clock = turno_clock_new_manual(wall_ms);
	struct turno_kiosk_options o = {
	        .config_path = f->config_path, .ignore_hours = ignore_hours, .clock = f->clock};
	int code = 0;
	f->kiosk = turno_kiosk_new(&o, &code);
	if (!f->kiosk)
		return -1;
	if (extra)
		turno_kiosk_add_module(f->kiosk, extra);
	char err[512];
	struct turno_screen_options so = {.demo_keys = demo_keys};
	if (turno_screen_open(f->kiosk, &so, &f->screen, err, sizeof(err)) < 0) {
		fprintf(stderr, "# screen: %s\n", err);
		return -1;
	}
	turno_screen_module(f->screen, &f->module);
	turno_kiosk_add_module(f->kiosk, &f->module);
	f->module.before_sleep(f->module.user);
	return 0;
}

/* One pass of the kiosk's loop for the screen: wake, then draw if needed. */
static inline void fixture_pass(struct fixture *f)
{
	f->module.on_wake(f->module.user, turno_clock_mono_ms(f->clock));
	f->module.before_sleep(f->module.user);
}

static inline void fixture_close(struct fixture *f)
{
	turno_kiosk_free(f->kiosk); /* frees the screen too */
	turno_clock_free(f->clock);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", f->dir);
	memset(f, 0, sizeof(*f));
}

static inline void push_finger(SDL_EventType type, int64_t finger, int x, int y, int w, int h)
{
	SDL_Event e = {0};
	e.type = type;
	e.tfinger.touchId = 1;
	e.tfinger.fingerId = finger;
	e.tfinger.x = ((float)x + 0.5f) / (float)w;
	e.tfinger.y = ((float)y + 0.5f) / (float)h;
	e.tfinger.pressure = 1.0f;
	SDL_PushEvent(&e);
}

static inline void push_mouse(SDL_EventType type, int x, int y)
{
	SDL_Event e = {0};
	e.type = type;
	e.button.which = 0;
	e.button.button = SDL_BUTTON_LEFT;
	e.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
	e.button.clicks = 1;
	e.button.x = x;
	e.button.y = y;
	SDL_PushEvent(&e);
}

/* A finger tap on a target: down, a pass, 80 ms, up, a pass. Returns 0 or -ENOENT. */
static inline int tap_target(struct fixture *f, enum turno_ui_action action, int index)
{
	int x, y, w, h;
	if (turno_screen_target(f->screen, action, index, &x, &y) < 0)
		return -1;
	turno_screen_size(f->screen, &w, &h);
	static int64_t finger = 1;
	finger++;
	push_finger(SDL_FINGERDOWN, finger, x, y, w, h);
	fixture_pass(f);
	turno_clock_advance(f->clock, 80);
	push_finger(SDL_FINGERUP, finger, x, y, w, h);
	fixture_pass(f);
	return 0;
}

/* Tickets in the database file, read through a connection of its own. */
static inline int count_tickets(struct fixture *f)
{
	char path[300];
	snprintf(path, sizeof(path), "%s/turno.db", f->dir);
	sqlite3 *db = NULL;
	int n = -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM tickets", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return n;
}

#endif
