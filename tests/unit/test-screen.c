/* The screen's behaviour through synthetic SDL events, as a citizen would see it: a
 * real kiosk (engine, temp database, manual clock) and the real screen module on SDL's
 * dummy video driver. Tickets are counted in the database file itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/store.h"
#include "screen-fixture.h"

/* Tuesday 24 November 2026, 10:42 in Rome: open, every service available. */
#define OPEN_TIME rome_ms(2026, 11, 24, 10, 42)

/* The text on screen that says this (lines of a wrapped text joined by spaces), or NULL. */
static const struct turno_ui_text *scene_text(struct fixture *f, const char *text)
{
	const struct turno_ui_scene *s = turno_screen_scene(f->screen);
	for (int i = 0; i < s->text_count; i++) {
		char joined[TURNO_UI_MAX_LINES * TURNO_UI_LINE + 8] = "";
		for (int l = 0; l < s->texts[i].line_count; l++) {
			if (l)
				strcat(joined, " ");
			strcat(joined, s->texts[i].lines[l]);
		}
		if (strstr(joined, text))
			return &s->texts[i];
	}
	return NULL;
}

/* Whether some text on screen says this. */
static bool scene_has(struct fixture *f, const char *text)
{
	return scene_text(f, text) != NULL;
}

static void open_default(struct fixture *f, const struct edit *edits, int n)
{
	assert_int_equal(fixture_open(f, OPEN_TIME, false, edits, n, NULL, true), 0);
	assert_int_equal(turno_screen_page(f->screen), TURNO_PAGE_HOME);
}

/* Waits out the guard after a ticket, then taps the ticket screen away. */
static void dismiss(struct fixture *f)
{
	turno_clock_advance(f->clock, 2100);
	fixture_pass(f);
	assert_int_equal(tap_target(f, TURNO_UI_DISMISS, 0), 0);
	assert_int_equal(turno_screen_page(f->screen), TURNO_PAGE_HOME);
	turno_clock_advance(f->clock, 700);
}

static void finger_tap_issues_one_ticket(void **state)
{
	struct fixture f;
	open_default(&f, NULL, 0);
	assert_int_equal(count_tickets(&f), 0);
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 1), 0); /* B: Anagrafe */
	assert_int_equal(count_tickets(&f), 1);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_TICKET);
	assert_true(scene_has(&f, "B001"));
	assert_true(scene_has(&f, "Il suo numero è"));
	assert_true(scene_has(&f, "Anagrafe e stato civile"));
	assert_true(scene_has(&f, "Ritiri il biglietto stampato"));
	fixture_close(&f);
}

static void mouse_click_issues_one_ticket(void **state)
{
	struct fixture f;
	open_default(&f, NULL, 0);
	int x, y;
	assert_int_equal(turno_screen_target(f.screen, TURNO_UI_SERVICE, 0, &x, &y), 0);
	push_mouse(SDL_MOUSEBUTTONDOWN, x, y);
	fixture_pass(&f);
	turno_clock_advance(f.clock, 90);
	push_mouse(SDL_MOUSEBUTTONUP, x, y);
	fixture_pass(&f);
	assert_int_equal(count_tickets(&f), 1);
	assert_true(scene_has(&f, "A001"));
	fixture_close(&f);
}

static void burst_of_taps_issues_one(void **state)
{
	struct fixture f;
	open_default(&f, NULL, 0);
	int x, y, w, h;
	assert_int_equal(turno_screen_target(f.screen, TURNO_UI_SERVICE, 0, &x, &y), 0);
	turno_screen_size(f.screen, &w, &h);
	/* Ten taps in a second, all queued before the kiosk looks (a child drumming). */
	for (int i = 0; i < 10; i++) {
		push_finger(SDL_FINGERDOWN, 100 + i, x, y, w, h);
		push_finger(SDL_FINGERUP, 100 + i, x, y, w, h);
	}
	fixture_pass(&f);
	/* And ten more, paced, while the ticket is on screen. */
	for (int i = 0; i < 10; i++) {
		turno_clock_advance(f.clock, 100);
		push_finger(SDL_FINGERDOWN, 200 + i, x, y, w, h);
		push_finger(SDL_FINGERUP, 200 + i, x, y, w, h);
		fixture_pass(&f);
	}
	assert_int_equal(count_tickets(&f), 1);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_TICKET);
	fixture_close(&f);
}

static void rate_limit_holds(void **state)
{
	struct fixture f;
	struct edit edits[] = {{"tickets_per_minute = 6", "tickets_per_minute = 2"}};
	open_default(&f, edits, 1);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 0), 0);
		assert_int_equal(count_tickets(&f), i + 1);
		dismiss(&f);
	}
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 0), 0);
	assert_int_equal(count_tickets(&f), 2);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_HOME);
	assert_true(scene_has(&f, "attenda un momento"));
	/* The message goes away by itself … */
	turno_clock_advance(f.clock, 6000);
	fixture_pass(&f);
	assert_false(scene_has(&f, "attenda un momento"));
	/* … and a minute after the first ticket another one is allowed. */
	turno_clock_advance(f.clock, 60000);
	fixture_pass(&f);
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 0), 0);
	assert_int_equal(count_tickets(&f), 3);
	fixture_close(&f);
}

static void ticket_screen_returns_home(void **state)
{
	struct fixture f;
	open_default(&f, NULL, 0);
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 0), 0);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_TICKET);
	/* The screen asks to be woken when its time is up ([ui] ticket_seconds = 8). */
	int64_t deadline = f.module.next_deadline(f.module.user);
	assert_true(deadline > turno_clock_mono_ms(f.clock));
	assert_true(deadline <= turno_clock_mono_ms(f.clock) + 8000);
	turno_clock_advance(f.clock, 7000);
	fixture_pass(&f);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_TICKET);
	turno_clock_advance(f.clock, 1100);
	fixture_pass(&f);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_HOME);
	/* Home waits for nothing: no deadline, the loop may sleep until something happens. */
	assert_true(f.module.next_deadline(f.module.user) < 0);
	/* A tap goes home too, without issuing anything. */
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 2), 0);
	assert_int_equal(count_tickets(&f), 2);
	dismiss(&f);
	assert_int_equal(count_tickets(&f), 2);
	fixture_close(&f);
}

static void call_shows_in_now_serving(void **state)
{
	struct fixture f;
	open_default(&f, NULL, 0);
	assert_true(scene_has(&f, "nessun numero chiamato"));
	struct turno_ticket t;
	assert_int_equal(turno_kiosk_issue(f.kiosk, 'A', false, false, &t), 0);
	assert_int_equal(turno_kiosk_issue(f.kiosk, 'B', false, false, &t), 0);
	assert_int_equal(turno_kiosk_call_next(f.kiosk, 1, &t), 0);
	fixture_pass(&f);
	assert_true(scene_has(&f, "A001"));
	assert_int_equal(turno_kiosk_call_next(f.kiosk, 3, &t), 0);
	fixture_pass(&f);
	/* The newest call comes first, highlighted, with its counter's name. */
	const struct turno_ui_scene *s = turno_screen_scene(f.screen);
	int newest = -1, older = -1;
	for (int i = 0; i < s->text_count; i++) {
		if (strcmp(s->texts[i].lines[0], "B001") == 0)
			newest = i;
		if (strcmp(s->texts[i].lines[0], "A001") == 0)
			older = i;
	}
	assert_true(newest >= 0 && older >= 0);
	assert_true(s->texts[newest].rect.x < s->texts[older].rect.x);
	assert_int_equal(s->texts[newest].bg, TURNO_COLOR_ACTIVE);
	assert_int_not_equal(s->texts[older].bg, TURNO_COLOR_ACTIVE);
	assert_true(scene_has(&f, "Sportello 3"));
	fixture_close(&f);
}

static bool ticket_priority(struct fixture *f, int64_t id)
{
	struct turno_ticket t;
	assert_int_equal(turno_queue_get(turno_kiosk_queue(f->kiosk), id, &t), 0);
	return t.priority;
}

static void priority_toggle(void **state)
{
	struct fixture f;
	open_default(&f, NULL, 0);
	assert_int_equal(tap_target(&f, TURNO_UI_PRIORITY, 0), 0);
	assert_true(scene_has(&f, "Precedenza attiva"));
	turno_clock_advance(f.clock, 700);
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 0), 0);
	assert_true(ticket_priority(&f, 1));
	assert_true(scene_has(&f, "Con precedenza"));
	dismiss(&f);
	/* Reset after the ticket: the next citizen gets an ordinary one. */
	assert_false(scene_has(&f, "Precedenza attiva"));
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 0), 0);
	assert_false(ticket_priority(&f, 2));
	dismiss(&f);
	/* And after 30 s without a choice. */
	assert_int_equal(tap_target(&f, TURNO_UI_PRIORITY, 0), 0);
	assert_true(scene_has(&f, "Precedenza attiva"));
	turno_clock_advance(f.clock, 31000);
	fixture_pass(&f);
	assert_false(scene_has(&f, "Precedenza attiva"));
	fixture_close(&f);
}

static void language_switch(void **state)
{
	struct fixture f;
	open_default(&f, NULL, 0);
	assert_int_equal(tap_target(&f, TURNO_UI_LANGUAGE, 0), 0);
	assert_true(scene_has(&f, "Registry office"));
	assert_true(scene_has(&f, "Italiano"));
	turno_clock_advance(f.clock, 700);
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 1), 0);
	assert_true(scene_has(&f, "Your number is"));
	assert_true(scene_has(&f, "Please take your printed ticket"));
	dismiss(&f);
	/* The next citizen starts in the office's language. */
	assert_true(scene_has(&f, "Anagrafe e stato civile"));
	fixture_close(&f);
}

static void print_failure_keeps_the_number(void **state)
{
	struct fixture f;
	open_default(&f, NULL, 0);
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 0), 0);
	turno_clock_advance(f.clock, 2000);
	turno_kiosk_print_result(f.kiosk, 1, TURNO_PRINT_FAILED, "media-empty-error");
	fixture_pass(&f);
	assert_true(scene_has(&f, "prenda nota del suo numero"));
	turno_clock_advance(f.clock, 20000); /* well past ticket_seconds */
	fixture_pass(&f);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_TICKET);
	turno_clock_advance(f.clock, 11000);
	fixture_pass(&f);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_HOME);
	fixture_close(&f);
}

static int stopped(void *user, const char **why)
{
	*why = "printer stopped";
	return *(bool *)user ? TURNO_E_OUT_OF_ORDER : 0;
}

static void out_of_order_and_back(void **state)
{
	static bool blocked = true;
	struct fixture f;
	struct turno_kiosk_module printer = {
	        .name = "fake printer", .user = &blocked, .issue_blocker = stopped};
	assert_int_equal(fixture_open(&f, OPEN_TIME, false, NULL, 0, &printer, false), 0);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_OUT_OF_ORDER);
	assert_true(scene_has(&f, "Si rivolga allo sportello"));
	/* Nothing on this page issues a ticket, wherever one taps. */
	int w, h;
	turno_screen_size(f.screen, &w, &h);
	for (int y = 10; y < h; y += 60)
		for (int x = 10; x < w; x += 90) {
			push_mouse(SDL_MOUSEBUTTONDOWN, x, y);
			push_mouse(SDL_MOUSEBUTTONUP, x, y);
			turno_clock_advance(f.clock, 700);
			fixture_pass(&f);
		}
	assert_int_equal(count_tickets(&f), 0);
	blocked = false;
	turno_kiosk_changed(f.kiosk); /* the printer module says its state changed */
	fixture_pass(&f);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_HOME);
	blocked = true;
	fixture_close(&f);
}

/* The printer module's word under [printer] on_failure = keep_issuing: tickets go on, but
 * none can be printed (stopped, out of paper, unreachable …). */
static bool cannot_print(void *user)
{
	return *(bool *)user;
}

#define PRINTER_NOTICE "La stampante non funziona: il numero apparirà sullo schermo, lo annoti."

/* What `turno-ctl --json status` says about the screen's printer notice. */
static bool status_printer_notice(struct fixture *f)
{
	cJSON *status = cJSON_CreateObject();
	f->module.add_status(f->module.user, status);
	cJSON *notice = cJSON_GetObjectItem(cJSON_GetObjectItem(status, "screen"), "printer_notice");
	assert_true(cJSON_IsBool(notice));
	bool on = cJSON_IsTrue(notice);
	cJSON_Delete(status);
	return on;
}

static void printer_down_keeps_issuing_and_says_so(void **state)
{
	static bool down = false;
	struct fixture f;
	struct turno_kiosk_module printer = {
	        .name = "fake printer", .user = &down, .print_unavailable = cannot_print};
	assert_int_equal(fixture_open(&f, OPEN_TIME, false, NULL, 0, &printer, false), 0);
	assert_int_equal(turno_kiosk_config(f.kiosk)->printer_on_failure, TURNO_ON_FAILURE_KEEP_ISSUING);
	assert_false(scene_has(&f, "La stampante non funziona"));
	assert_true(scene_has(&f, "Borgo San Lorenzo"));

	/* The printer stops: at its next state change the home screen says so, whole, white
	 * on red, and still offers every service. */
	down = true;
	turno_kiosk_changed(f.kiosk);
	fixture_pass(&f);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_HOME);
	const struct turno_ui_text *notice = scene_text(&f, PRINTER_NOTICE);
	assert_non_null(notice);
	assert_false(notice->ellipsized);
	assert_int_equal(notice->bg, TURNO_COLOR_WARNING);
	assert_int_equal(notice->fg, TURNO_COLOR_WARNING_TEXT);
	assert_true(notice->px >= 24);
	assert_true(status_printer_notice(&f));
	for (int i = 0; i < 6; i++)
		assert_non_null(turno_scene_find(turno_screen_scene(f.screen), TURNO_UI_SERVICE, i));

	/* A tap still gives exactly one number, and the ticket page asks to note it … */
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 1), 0);
	assert_int_equal(count_tickets(&f), 1);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_TICKET);
	assert_true(scene_has(&f, "B001"));
	assert_true(scene_has(&f, "La stampante non funziona: prenda nota del suo numero"));
	assert_false(scene_has(&f, "Ritiri il biglietto stampato"));
	assert_int_equal(scene_text(&f, "prenda nota del suo numero")->bg, TURNO_COLOR_WARNING);
	/* … and keeps it there long enough to write it down (30 s, not ticket_seconds = 8). */
	turno_clock_advance(f.clock, 20000);
	fixture_pass(&f);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_TICKET);
	assert_int_equal(count_tickets(&f), 1);
	turno_clock_advance(f.clock, 11000);
	fixture_pass(&f);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_HOME);
	assert_true(scene_has(&f, PRINTER_NOTICE));

	/* In English too. */
	assert_int_equal(tap_target(&f, TURNO_UI_LANGUAGE, 0), 0);
	assert_true(scene_has(&f, "The printer is not working: please note the number shown on screen."));
	turno_clock_advance(f.clock, 700);
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 0), 0);
	assert_int_equal(count_tickets(&f), 2);
	assert_true(scene_has(&f, "The printer is not working: please note your number"));
	assert_false(scene_has(&f, "Please take your printed ticket"));
	dismiss(&f);

	/* The printer works again: the notice goes, the office's name and the usual words
	 * come back. */
	down = false;
	turno_kiosk_changed(f.kiosk);
	fixture_pass(&f);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_HOME);
	assert_false(scene_has(&f, "La stampante non funziona"));
	assert_true(scene_has(&f, "Borgo San Lorenzo"));
	assert_false(status_printer_notice(&f));
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 0), 0);
	assert_int_equal(count_tickets(&f), 3);
	assert_true(scene_has(&f, "Ritiri il biglietto stampato"));
	fixture_close(&f);
}

static void printer_stops_while_the_ticket_is_shown(void **state)
{
	static bool down = false;
	struct fixture f;
	struct turno_kiosk_module printer = {
	        .name = "fake printer", .user = &down, .print_unavailable = cannot_print};
	assert_int_equal(fixture_open(&f, OPEN_TIME, false, NULL, 0, &printer, false), 0);
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 0), 0);
	assert_true(scene_has(&f, "Ritiri il biglietto stampato"));
	/* Paper runs out before this ticket came out: the page changes its advice at once
	 * and stays for 30 s from now. */
	turno_clock_advance(f.clock, 3000);
	down = true;
	turno_kiosk_changed(f.kiosk);
	fixture_pass(&f);
	assert_true(scene_has(&f, "La stampante non funziona: prenda nota del suo numero"));
	turno_clock_advance(f.clock, 25000);
	fixture_pass(&f);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_TICKET);
	/* The printer comes back and prints it after all: there is a ticket to take. */
	down = false;
	turno_kiosk_changed(f.kiosk);
	turno_kiosk_print_result(f.kiosk, 1, TURNO_PRINT_PRINTED, NULL);
	fixture_pass(&f);
	assert_true(scene_has(&f, "Ritiri il biglietto stampato"));
	turno_clock_advance(f.clock, 6000);
	fixture_pass(&f);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_HOME);
	assert_int_equal(count_tickets(&f), 1);
	fixture_close(&f);
}

static void set_query_only(struct fixture *f, bool on)
{
	sqlite3 *db = turno_store_db(turno_queue_store(turno_kiosk_queue(f->kiosk)));
	assert_int_equal(
	        sqlite3_exec(db, on ? "PRAGMA query_only = 1" : "PRAGMA query_only = 0", NULL, NULL, NULL),
	        SQLITE_OK);
}

static void database_failure_shows_out_of_order(void **state)
{
	struct fixture f;
	open_default(&f, NULL, 0);
	/* The database stops accepting writes (a full or read-only disk): the tap gets no
	 * ticket, and the citizen is told to ask at the desk instead of tapping again. */
	set_query_only(&f, true);
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 0), 0);
	assert_int_equal(count_tickets(&f), 0);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_OUT_OF_ORDER);
	assert_true(scene_has(&f, "Si rivolga allo sportello"));
	/* It stays out of order while writes fail: the kiosk's probe finds no change. */
	turno_clock_advance(f.clock, 10000);
	turno_kiosk_wake_modules(f.kiosk, turno_clock_mono_ms(f.clock));
	fixture_pass(&f);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_OUT_OF_ORDER);
	/* Writes work again: the probe sees it within seconds and the screen is back,
	 * without anybody tapping. */
	set_query_only(&f, false);
	turno_clock_advance(f.clock, 6000);
	turno_kiosk_wake_modules(f.kiosk, turno_clock_mono_ms(f.clock));
	fixture_pass(&f);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_HOME);
	turno_clock_advance(f.clock, 1000);
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 0), 0);
	assert_int_equal(count_tickets(&f), 1);
	fixture_close(&f);
}

/* Another program holds the database's write lock (a sqlite3 shell, a backup tool): the
 * tap waits at most TURNO_KIOSK_LOCK_WAIT_MS, then the screen shows "out of order" (not
 * a frozen page), and it is back by itself once the lock goes. */
static void database_lock_shows_out_of_order(void **state)
{
	struct fixture f;
	open_default(&f, NULL, 0);
	char path[300];
	snprintf(path, sizeof(path), "%s/turno.db", f.dir);
	sqlite3 *holder = NULL;
	assert_int_equal(sqlite3_open(path, &holder), SQLITE_OK);
	assert_int_equal(
	        sqlite3_exec(holder,
	                     "BEGIN IMMEDIATE; INSERT INTO meta (key, value) VALUES ('test.lock', 'held') "
	                     "ON CONFLICT (key) DO UPDATE SET value = 'held'",
	                     NULL, NULL, NULL),
	        SQLITE_OK);
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 0), 0);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_OUT_OF_ORDER);
	assert_true(scene_has(&f, "Si rivolga allo sportello"));
	assert_int_equal(sqlite3_exec(holder, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(holder);
	turno_clock_advance(f.clock, 1500);
	turno_kiosk_wake_modules(f.kiosk, turno_clock_mono_ms(f.clock));
	fixture_pass(&f);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_HOME);
	turno_clock_advance(f.clock, 3000);
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 0), 0);
	assert_int_equal(count_tickets(&f), 1);
	fixture_close(&f);
}

static void capped_service_cannot_be_tapped(void **state)
{
	struct fixture f;
	struct edit edits[] = {{"daily_cap = 120", "daily_cap = 1"}};
	open_default(&f, edits, 1);
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 1), 0);
	assert_int_equal(count_tickets(&f), 1);
	dismiss(&f);
	assert_true(scene_has(&f, "Esauriti per oggi"));
	assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 1), -1); /* no longer a target */
	fixture_close(&f);
}

static void closed_office(void **state)
{
	struct fixture f;
	/* Sunday: closed; Monday opens at 8:00. */
	assert_int_equal(fixture_open(&f, rome_ms(2026, 11, 22, 18, 0), false, NULL, 0, NULL, false), 0);
	assert_int_equal(turno_screen_page(f.screen), TURNO_PAGE_CLOSED);
	assert_true(scene_has(&f, "Riapriamo domani alle 8:00"));
	assert_true(scene_has(&f, "Martedì"));
	assert_true(scene_has(&f, "08:00-18:00"));
	fixture_close(&f);
	/* Saturday afternoon: Monday is two days away and named. */
	assert_int_equal(fixture_open(&f, rome_ms(2026, 11, 21, 14, 0), false, NULL, 0, NULL, false), 0);
	assert_true(scene_has(&f, "Riapriamo lunedì alle 8:00"));
	fixture_close(&f);
}

static void demo_keys_call_and_recall(void **state)
{
	struct fixture f;
	open_default(&f, NULL, 0);
	assert_true(scene_has(&f, "F1"));
	struct turno_ticket t;
	assert_int_equal(turno_kiosk_issue(f.kiosk, 'A', false, false, &t), 0);
	SDL_Event e = {0};
	e.type = SDL_KEYDOWN;
	e.key.keysym.sym = SDLK_F1;
	SDL_PushEvent(&e);
	fixture_pass(&f);
	struct turno_status st;
	assert_int_equal(turno_queue_status(turno_kiosk_queue(f.kiosk), &st), 0);
	assert_true(st.counters[0].serving);
	assert_string_equal(st.counters[0].label, "A001");
	e.key.keysym.mod = KMOD_LSHIFT;
	SDL_PushEvent(&e);
	fixture_pass(&f);
	assert_int_equal(turno_queue_get(turno_kiosk_queue(f.kiosk), 1, &t), 0);
	assert_int_equal(t.recalls, 1);
	e.key.keysym.mod = KMOD_LCTRL; /* Ctrl+F1: the citizen did not come */
	SDL_PushEvent(&e);
	fixture_pass(&f);
	assert_int_equal(turno_queue_get(turno_kiosk_queue(f.kiosk), 1, &t), 0);
	assert_int_equal(t.state, TURNO_TICKET_NO_SHOW);
	fixture_close(&f);
}

static void rotated_touch_maps_back(void **state)
{
	static const int rotations[] = {90, 180, 270};
	for (int r = 0; r < 3; r++) {
		struct fixture f;
		char rot[32];
		snprintf(rot, sizeof(rot), "rotation = %d", rotations[r]);
		struct edit edits[] = {{"rotation = 0", rot}};
		open_default(&f, edits, 1);
		/* Tap where the panel shows tile E (index 4), in panel coordinates. */
		assert_int_equal(tap_target(&f, TURNO_UI_SERVICE, 4), 0);
		struct turno_ticket t;
		assert_int_equal(turno_queue_get(turno_kiosk_queue(f.kiosk), 1, &t), 0);
		assert_string_equal(t.label, "E001");
		fixture_close(&f);
	}
}

static void idle_screen_draws_nothing(void **state)
{
	struct fixture f;
	open_default(&f, NULL, 0);
	fixture_pass(&f); /* the window's own "shown" events, once */
	uint64_t frames = turno_screen_frames(f.screen);
	for (int i = 0; i < 20; i++)
		fixture_pass(&f);
	assert_int_equal(turno_screen_frames(f.screen), frames);
	/* The minute changing (the kiosk's TURNO_KIOSK_STATE) redraws once. */
	turno_clock_advance(f.clock, 60000);
	turno_kiosk_changed(f.kiosk);
	fixture_pass(&f);
	fixture_pass(&f);
	assert_int_equal(turno_screen_frames(f.screen), frames + 1);
	fixture_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(finger_tap_issues_one_ticket),
	        cmocka_unit_test(mouse_click_issues_one_ticket),
	        cmocka_unit_test(burst_of_taps_issues_one),
	        cmocka_unit_test(rate_limit_holds),
	        cmocka_unit_test(ticket_screen_returns_home),
	        cmocka_unit_test(call_shows_in_now_serving),
	        cmocka_unit_test(priority_toggle),
	        cmocka_unit_test(language_switch),
	        cmocka_unit_test(print_failure_keeps_the_number),
	        cmocka_unit_test(out_of_order_and_back),
	        cmocka_unit_test(printer_down_keeps_issuing_and_says_so),
	        cmocka_unit_test(printer_stops_while_the_ticket_is_shown),
	        cmocka_unit_test(database_failure_shows_out_of_order),
	        cmocka_unit_test(database_lock_shows_out_of_order),
	        cmocka_unit_test(capped_service_cannot_be_tapped),
	        cmocka_unit_test(closed_office),
	        cmocka_unit_test(demo_keys_call_and_recall),
	        cmocka_unit_test(rotated_touch_maps_back),
	        cmocka_unit_test(idle_screen_draws_nothing),
	};
	return cmocka_run_group_tests_name("screen", tests, NULL, NULL);
}
