/* The kiosk's screen. It keeps a little state (which page, the ticket on show, the
 * priority toggle, the language), builds a model from the engine's status and the
 * configuration, lets layout.c place it and draws the scene. It must never issue two
 * tickets for one tap, never spin, and never stop the kiosk when SDL fails. */
#include "kiosk/screen.h"

#include "core/error.h"
#include "core/log.h"
#include "kiosk/i18n.h"
#include "kiosk/input.h"
#include "kiosk/tapfilter.h"
#include "kiosk/text.h"
#include "kiosk/theme.h"

#include <SDL2/SDL.h>
#include <SDL2/SDL_syswm.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#ifndef TURNO_DATADIR
#define TURNO_DATADIR "/usr/local/share/turno"
#endif

#define TAP_MAX_MS 1500
#define REFRACTORY_MS 600
#define TICKET_TAP_GUARD_MS 2000 /* taps in the first 2 s of a ticket belong to the burst that took it */
#define PRIORITY_TIMEOUT_MS 30000
#define LANGUAGE_TIMEOUT_MS 90000
#define NOTICE_MS 5000
#define PRINT_FAILED_MIN_MS 30000
#define FALLBACK_POLL_MS 50 /* only when no descriptor can wake the loop on input */

struct turno_screen {
	struct turno_kiosk *kiosk;
	const struct turno_config *config;
	struct turno_clock *clock;
	struct turno_screen_options options;
	SDL_Window *window;
	SDL_Renderer *renderer;
	SDL_Texture *canvas;
	int window_w, window_h, canvas_w, canvas_h, rotation;
	struct turno_fonts *fonts;
	struct turno_measure measure;
	struct turno_tapfilter *taps;
	struct turno_input *input; /* KMSDRM: the evdev devices */
	int x11_fd;
	int poll_ms; /* > 0: no input descriptor, look for input this often */

	enum turno_lang lang, default_lang;
	bool showing_ticket;
	struct turno_ticket ticket;
	int64_t ticket_until;
	bool ticket_printer_down; /* the printer could not print while this ticket was shown */
	bool priority_on;
	int64_t priority_until;
	int64_t language_until;
	int64_t notice_until;
	bool issue_failed; /* the database refused the last ticket: out of order until it recovers */

	bool dirty;
	bool events_pending;
	enum turno_ui_page page;
	struct turno_ui_model model;
	struct turno_ui_scene scene;
	uint64_t frames;
	double frame_ms; /* the last frame's drawing and presenting, real time */
};

static int64_t now_ms(struct turno_screen *s)
{
	return turno_clock_mono_ms(s->clock);
}

/* ------------------------------------------------------------------ the model */

static const char *service_name(const struct turno_service_config *svc, enum turno_lang lang)
{
	return lang == TURNO_LANG_EN && svc->name_en[0] ? svc->name_en : svc->name;
}

static const char *service_description(const struct turno_service_config *svc, enum turno_lang lang)
{
	return lang == TURNO_LANG_EN && svc->description_en[0] ? svc->description_en : svc->description;
}

static void copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

static void count_text(char *out, size_t len, enum turno_lang lang, int n, enum turno_text none,
                       enum turno_text one, enum turno_text many)
{
	char num[16];
	snprintf(num, sizeof(num), "%d", n);
	turno_i18n_format(out, len, lang, n == 0 ? none : n == 1 ? one : many, num, NULL);
}

static void clock_text(char *out, size_t len, int minute_of_day)
{
	snprintf(out, len, "%d:%02d", minute_of_day / 60, minute_of_day % 60);
}

static void hours_text(char *out, size_t len, const struct turno_day_hours *day, enum turno_lang lang)
{
	if (day->count == 0) {
		copy(out, len, turno_i18n(lang, TURNO_TX_DAY_CLOSED));
		return;
	}
	turno_day_hours_format(day, out, len);
}

/* Why a service cannot be chosen now, in the citizen's words. */
static void reason_text(struct turno_screen *s, const struct turno_service_config *svc, int availability,
                        const struct tm *local, char *out, size_t len)
{
	enum turno_lang lang = s->lang;
	switch ((enum turno_error)availability) {
	case TURNO_E_CAP:
		copy(out, len, turno_i18n(lang, TURNO_TX_REASON_CAP));
		return;
	case TURNO_E_LAST_TICKET:
		copy(out, len, turno_i18n(lang, TURNO_TX_REASON_LAST_TICKET));
		return;
	case TURNO_E_CLOSED:
		copy(out, len, turno_i18n(lang, TURNO_TX_REASON_CLOSED));
		return;
	case TURNO_E_SERVICE_HOURS: {
		struct turno_day_hours today = turno_hours_for_day(
		        &s->config->hours, svc->has_own_hours ? &svc->hours : NULL, local);
		int minute = local->tm_hour * 60 + local->tm_min;
		for (int i = 0; i < today.count; i++) {
			if (today.range[i].start_min > minute) {
				char at[16];
				clock_text(at, sizeof(at), today.range[i].start_min);
				turno_i18n_format(out, len, lang, TURNO_TX_REASON_FROM, at, NULL);
				return;
			}
		}
		if (today.count > 0) {
			char ranges[96];
			turno_day_hours_format(&today, ranges, sizeof(ranges));
			turno_i18n_format(out, len, lang, TURNO_TX_REASON_HOURS, ranges, NULL);
			return;
		}
		copy(out, len, turno_i18n(lang, TURNO_TX_REASON_NOT_TODAY));
		return;
	}
	case TURNO_OK:
	case TURNO_E_BASE:
	case TURNO_E_DB:
	case TURNO_E_UNKNOWN_SERVICE:
	case TURNO_E_UNKNOWN_COUNTER:
	case TURNO_E_EMPTY:
	case TURNO_E_NO_CURRENT:
	case TURNO_E_SAME_SERVICE:
	case TURNO_E_SCHEMA:
	case TURNO_E_NOT_FOUND:
	case TURNO_E_INVALID:
	case TURNO_E_OUT_OF_ORDER:
	case TURNO_E_RATE:
	case TURNO_E_BUSY:
	case TURNO_E_DISK_FULL:
		break;
	}
	copy(out, len, turno_i18n(lang, TURNO_TX_REASON_OTHER));
}

static void capitalise(char *text)
{
	if (text[0] >= 'a' && text[0] <= 'z')
		text[0] = (char)(text[0] - 'a' + 'A');
}

/* Calendar days from a's date to b's (DST-proof: dates only, as UTC). */
static int days_between(const struct tm *a, const struct tm *b)
{
	struct tm da = {.tm_year = a->tm_year, .tm_mon = a->tm_mon, .tm_mday = a->tm_mday, .tm_hour = 12};
	struct tm db = {.tm_year = b->tm_year, .tm_mon = b->tm_mon, .tm_mday = b->tm_mday, .tm_hour = 12};
	return (int)((timegm(&db) - timegm(&da)) / 86400);
}

static void closed_model(struct turno_screen *s, const struct turno_status *st, const struct tm *local,
                         struct turno_ui_model *m)
{
	enum turno_lang lang = s->lang;
	copy(m->title, sizeof(m->title),
	     turno_i18n(lang, st->office_availability == TURNO_E_LAST_TICKET ? TURNO_TX_LAST_TICKET_TITLE
	                                                                     : TURNO_TX_CLOSED_TITLE));
	struct tm next;
	if (turno_hours_next_opening(&s->config->hours, local, &next) == 0) {
		char at[16], day[64];
		clock_text(at, sizeof(at), next.tm_hour * 60 + next.tm_min);
		int days_ahead = days_between(local, &next);
		if (days_ahead <= 0) {
			turno_i18n_format(m->message, sizeof(m->message), lang, TURNO_TX_REOPEN_TODAY, at,
			                  NULL);
		} else if (days_ahead == 1) {
			turno_i18n_format(m->message, sizeof(m->message), lang, TURNO_TX_REOPEN_TOMORROW, at,
			                  NULL);
		} else {
			if (days_ahead < 7)
				copy(day, sizeof(day), turno_i18n_weekday(lang, turno_tm_weekday(&next)));
			else
				snprintf(day, sizeof(day), "%s %d %s",
				         turno_i18n_weekday(lang, turno_tm_weekday(&next)), next.tm_mday,
				         turno_i18n_month(lang, next.tm_mon + 1));
			turno_i18n_format(m->message, sizeof(m->message), lang, TURNO_TX_REOPEN_DAY, day, at);
		}
	}
	copy(m->table_title, sizeof(m->table_title), turno_i18n(lang, TURNO_TX_HOURS_TITLE));
	m->row_count = 7;
	for (int d = 0; d < 7; d++) {
		copy(m->rows[d].left, sizeof(m->rows[d].left), turno_i18n_weekday(lang, d));
		capitalise(m->rows[d].left);
		hours_text(m->rows[d].right, sizeof(m->rows[d].right), &s->config->hours.week.day[d], lang);
	}
}

static void ticket_model(struct turno_screen *s, struct turno_ui_model *m)
{
	enum turno_lang lang = s->lang;
	const struct turno_ticket *t = &s->ticket;
	const struct turno_service_config *svc = turno_config_service(s->config, t->service);
	char num[16];
	copy(m->ticket_intro, sizeof(m->ticket_intro), turno_i18n(lang, TURNO_TX_TICKET_INTRO));
	copy(m->ticket_label, sizeof(m->ticket_label), t->label);
	copy(m->ticket_service, sizeof(m->ticket_service), svc ? service_name(svc, lang) : "");
	if (t->priority)
		copy(m->ticket_priority, sizeof(m->ticket_priority),
		     turno_i18n(lang, TURNO_TX_TICKET_PRIORITY));
	count_text(m->ticket_ahead, sizeof(m->ticket_ahead), lang, t->ahead, TURNO_TX_AHEAD_NONE,
	           TURNO_TX_AHEAD_ONE, TURNO_TX_AHEAD_MANY);
	if (t->ahead > 0 && t->wait_minutes > 0) {
		snprintf(num, sizeof(num), "%d", t->wait_minutes);
		turno_i18n_format(m->ticket_wait, sizeof(m->ticket_wait), lang, TURNO_TX_TICKET_WAIT, num,
		                  NULL);
	}
	bool failed = t->print_state == TURNO_PRINT_FAILED || t->print_state == TURNO_PRINT_UNKNOWN;
	/* A printer that was down may still print it (it came back in time): then, and only
	 * then, is there a paper ticket to take. */
	bool printer_down = s->ticket_printer_down && t->print_state != TURNO_PRINT_PRINTED;
	m->ticket_print_failed = failed || printer_down;
	copy(m->ticket_print, sizeof(m->ticket_print),
	     turno_i18n(lang, failed         ? TURNO_TX_PRINT_FAILED
	                      : printer_down ? TURNO_TX_PRINTER_DOWN_TICKET
	                                     : TURNO_TX_TAKE_PRINTED));
	copy(m->ticket_close, sizeof(m->ticket_close), turno_i18n(lang, TURNO_TX_TAP_TO_CLOSE));
}

static void build_model(struct turno_screen *s, int64_t now)
{
	struct turno_ui_model *m = &s->model;
	enum turno_lang lang = s->lang;
	const struct turno_config *c = s->config;
	struct turno_status st;
	memset(m, 0, sizeof(*m));
	int status_rc = turno_queue_status(turno_kiosk_queue(s->kiosk), &st);
	const char *why = NULL;
	int blocked = turno_kiosk_issue_blocked(s->kiosk, &why);
	struct tm local;
	turno_local_tm(turno_clock_wall_ms(s->clock), &local);

	copy(m->office, sizeof(m->office), c->office_name);
	snprintf(m->date, sizeof(m->date), "%s %d %s", turno_i18n_weekday(lang, turno_tm_weekday(&local)),
	         local.tm_mday, turno_i18n_month(lang, local.tm_mon + 1));
	snprintf(m->time, sizeof(m->time), "%02d:%02d", local.tm_hour, local.tm_min);
	copy(m->language, sizeof(m->language), turno_i18n(lang, TURNO_TX_OTHER_LANGUAGE));

	if (s->showing_ticket) {
		m->page = TURNO_PAGE_TICKET;
		ticket_model(s, m);
		return;
	}
	if (status_rc < 0 || blocked < 0 || s->issue_failed) {
		m->page = TURNO_PAGE_OUT_OF_ORDER;
		copy(m->title, sizeof(m->title), turno_i18n(lang, TURNO_TX_OOO_TITLE));
		copy(m->message, sizeof(m->message), turno_i18n(lang, TURNO_TX_OOO_BODY));
		copy(m->advice, sizeof(m->advice), turno_i18n(lang, TURNO_TX_OOO_WHAT));
		return;
	}
	if (st.office_availability == TURNO_E_CLOSED || st.office_availability == TURNO_E_LAST_TICKET) {
		m->page = TURNO_PAGE_CLOSED;
		closed_model(s, &st, &local, m);
		return;
	}
	m->page = TURNO_PAGE_HOME;
	if (turno_kiosk_print_unavailable(s->kiosk))
		copy(m->printer_notice, sizeof(m->printer_notice),
		     turno_i18n(lang, TURNO_TX_PRINTER_DOWN_HOME));
	copy(m->choose, sizeof(m->choose), turno_i18n(lang, TURNO_TX_CHOOSE));
	for (int i = 0; i < st.service_count && m->tile_count < TURNO_UI_MAX_TILES; i++) {
		const struct turno_service_status *ss = &st.services[i];
		const struct turno_service_config *svc = turno_config_service(c, ss->letter);
		if (!svc)
			continue;
		struct turno_ui_tile *t = &m->tiles[m->tile_count++];
		copy(t->name, sizeof(t->name), service_name(svc, lang));
		copy(t->description, sizeof(t->description), service_description(svc, lang));
		t->available = ss->availability == 0;
		if (!t->available)
			reason_text(s, svc, ss->availability, &local, t->reason, sizeof(t->reason));
		count_text(t->waiting, sizeof(t->waiting), lang, ss->waiting, TURNO_TX_WAITING_NONE,
		           TURNO_TX_WAITING_ONE, TURNO_TX_WAITING_MANY);
		if (ss->waiting > 0 && ss->estimate_minutes > 0) {
			char num[16];
			snprintf(num, sizeof(num), "%d", ss->estimate_minutes);
			turno_i18n_format(t->estimate, sizeof(t->estimate), lang, TURNO_TX_ESTIMATE, num,
			                  NULL);
		}
	}
	m->priority_on = s->priority_on;
	copy(m->priority, sizeof(m->priority),
	     turno_i18n(lang, s->priority_on ? TURNO_TX_PRIORITY_ON : TURNO_TX_PRIORITY));
	copy(m->priority_hint, sizeof(m->priority_hint),
	     turno_i18n(lang, s->priority_on ? TURNO_TX_PRIORITY_ON_HINT : TURNO_TX_PRIORITY_HINT));
	copy(m->serving, sizeof(m->serving), turno_i18n(lang, TURNO_TX_NOW_SERVING));
	copy(m->no_calls, sizeof(m->no_calls), turno_i18n(lang, TURNO_TX_NO_CALLS));
	for (int i = 0; i < st.last_call_count && i < TURNO_UI_MAX_CALLS; i++) {
		struct turno_ui_call *call = &m->calls[m->call_count++];
		copy(call->label, sizeof(call->label), st.last_calls[i].label);
		const struct turno_counter_config *counter =
		        turno_config_counter(c, st.last_calls[i].counter);
		if (counter && counter->name[0])
			copy(call->where, sizeof(call->where), counter->name);
		else
			snprintf(call->where, sizeof(call->where), "%d", st.last_calls[i].counter);
	}
	if (now < s->notice_until)
		copy(m->notice, sizeof(m->notice), turno_i18n(lang, TURNO_TX_RATE_LIMIT));
	if (s->options.demo_keys)
		copy(m->help, sizeof(m->help), turno_i18n(lang, TURNO_TX_HELP_KEYS));
}

/* ------------------------------------------------------------------ drawing */

static void set_color(SDL_Renderer *r, enum turno_color color)
{
	uint32_t rgb = turno_color_rgb(color);
	SDL_SetRenderDrawColor(r, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255);
}

static void draw_text(struct turno_screen *s, const struct turno_ui_text *t)
{
	for (int i = 0; i < t->line_count; i++) {
		SDL_Surface *surface =
		        turno_fonts_render(s->fonts, t->px, t->bold, t->lines[i], turno_color_rgb(t->fg));
		if (!surface)
			continue;
		SDL_Texture *texture = SDL_CreateTextureFromSurface(s->renderer, surface);
		if (texture) {
			SDL_Rect dst = {t->rect.x, t->rect.y + i * t->line_h, surface->w, surface->h};
			if (t->align == TURNO_ALIGN_CENTER)
				dst.x = t->rect.x + (t->rect.w - surface->w) / 2;
			else if (t->align == TURNO_ALIGN_RIGHT)
				dst.x = t->rect.x + t->rect.w - surface->w;
			SDL_RenderCopy(s->renderer, texture, NULL, &dst);
			SDL_DestroyTexture(texture);
		}
		SDL_FreeSurface(surface);
	}
}

static double real_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void draw(struct turno_screen *s)
{
	double started = real_ms();
	int64_t now = now_ms(s);
	build_model(s, now);
	if (s->model.page != s->page) {
		turno_tapfilter_cancel(s->taps); /* the page changed under the finger */
		s->page = s->model.page;
	}
	int rc = turno_layout_scene(&s->model, s->canvas_w, s->canvas_h, &s->measure, &s->scene);
	if (rc < 0)
		turno_warn("screen: layout: cannot measure text (%d)", rc);
	SDL_Renderer *r = s->renderer;
	if (!s->canvas) {
		s->dirty = false;
		return;
	}
	SDL_SetRenderTarget(r, s->canvas);
	set_color(r, TURNO_COLOR_BACKGROUND);
	SDL_RenderClear(r);
	int border = s->canvas_w < s->canvas_h ? s->canvas_w : s->canvas_h;
	border = border / 240 > 2 ? border / 240 : 2;
	for (int i = 0; i < s->scene.box_count; i++) {
		const struct turno_ui_box *b = &s->scene.boxes[i];
		SDL_Rect rect = {b->rect.x, b->rect.y, b->rect.w, b->rect.h};
		set_color(r, b->fill);
		SDL_RenderFillRect(r, &rect);
		if (b->border) {
			set_color(r, TURNO_COLOR_BORDER);
			for (int k = 0; k < border; k++) {
				SDL_Rect edge = {rect.x + k, rect.y + k, rect.w - 2 * k, rect.h - 2 * k};
				SDL_RenderDrawRect(r, &edge);
			}
		}
	}
	for (int i = 0; i < s->scene.text_count; i++)
		draw_text(s, &s->scene.texts[i]);
	SDL_SetRenderTarget(r, NULL);
	set_color(r, TURNO_COLOR_BACKGROUND);
	SDL_RenderClear(r);
	SDL_Rect dst = {(s->window_w - s->canvas_w) / 2, (s->window_h - s->canvas_h) / 2, s->canvas_w,
	                s->canvas_h};
	SDL_RenderCopyEx(r, s->canvas, NULL, &dst, s->rotation, NULL, SDL_FLIP_NONE);
	SDL_RenderPresent(r);
	s->frames++;
	s->frame_ms = real_ms() - started;
	s->dirty = false;
}

/* ------------------------------------------------------------------ input */

static void window_to_canvas(const struct turno_screen *s, int wx, int wy, int *cx, int *cy)
{
	switch (s->rotation) {
	case 90:
		*cx = wy;
		*cy = s->canvas_h - 1 - wx;
		return;
	case 180:
		*cx = s->canvas_w - 1 - wx;
		*cy = s->canvas_h - 1 - wy;
		return;
	case 270:
		*cx = s->canvas_w - 1 - wy;
		*cy = wx;
		return;
	default:
		*cx = wx;
		*cy = wy;
		return;
	}
}

static void canvas_to_window(const struct turno_screen *s, int cx, int cy, int *wx, int *wy)
{
	switch (s->rotation) {
	case 90:
		*wx = s->canvas_h - 1 - cy;
		*wy = cx;
		return;
	case 180:
		*wx = s->canvas_w - 1 - cx;
		*wy = s->canvas_h - 1 - cy;
		return;
	case 270:
		*wx = cy;
		*wy = s->canvas_w - 1 - cx;
		return;
	default:
		*wx = cx;
		*wy = cy;
		return;
	}
}

/* A tap target as one number: the action and the tile. */
static int target_at(const struct turno_screen *s, int wx, int wy)
{
	int cx, cy;
	window_to_canvas(s, wx, wy, &cx, &cy);
	const struct turno_ui_box *b = turno_scene_hit(&s->scene, cx, cy);
	return b ? (int)b->action * 256 + b->index : -1;
}

/* The number on show exists only on the screen: keep it there long enough to be noted. */
static void keep_to_note(struct turno_screen *s, int64_t now)
{
	int64_t keep = (int64_t)s->config->ui_ticket_seconds * 3000;
	if (keep < PRINT_FAILED_MIN_MS)
		keep = PRINT_FAILED_MIN_MS;
	if (now + keep > s->ticket_until)
		s->ticket_until = now + keep;
}

/* A printer that cannot print now will not print this ticket either (stopped: CUPS fails
 * it at once; offline: it may come out much later, if ever). */
static void check_printer_for_ticket(struct turno_screen *s, int64_t now)
{
	if (!s->showing_ticket || s->ticket_printer_down || s->ticket.print_state != TURNO_PRINT_PENDING ||
	    !turno_kiosk_print_unavailable(s->kiosk))
		return;
	s->ticket_printer_down = true;
	keep_to_note(s, now);
}

static void go_home(struct turno_screen *s)
{
	s->showing_ticket = false;
	s->priority_on = false;
	s->lang = s->default_lang; /* the next citizen starts in the office's language */
	s->dirty = true;
}

static void take_ticket(struct turno_screen *s, int tile, int64_t now)
{
	if (tile < 0 || tile >= s->config->service_count)
		return;
	char letter = s->config->services[tile].letter;
	int64_t wait = turno_tapfilter_ticket_wait(s->taps, now);
	if (wait > 0) {
		turno_notice("screen: tap on %c refused: more than %d tickets in a minute", letter,
		             s->config->ui_tickets_per_minute);
		s->notice_until = now + NOTICE_MS;
		s->dirty = true;
		return;
	}
	struct turno_ticket t;
	int rc = turno_kiosk_issue(s->kiosk, letter, s->priority_on, true, &t);
	s->dirty = true;
	if (rc < 0) {
		turno_warn("screen: no ticket for %c: %s", letter, turno_strerror(rc));
		if (rc == TURNO_E_DB)
			s->issue_failed = true;
		return;
	}
	turno_tapfilter_ticket_issued(s->taps, now);
	turno_tapfilter_block(s->taps, now + TICKET_TAP_GUARD_MS);
	s->ticket = t;
	s->showing_ticket = true;
	s->ticket_until = now + (int64_t)s->config->ui_ticket_seconds * 1000;
	s->ticket_printer_down = false;
	check_printer_for_ticket(s, now);
	s->priority_on = false;
}

static void on_tap(struct turno_screen *s, int target, int64_t now)
{
	enum turno_ui_action action = (enum turno_ui_action)(target / 256);
	int index = target % 256;
	switch (action) {
	case TURNO_UI_NONE:
		return;
	case TURNO_UI_SERVICE:
		if (s->page == TURNO_PAGE_HOME && !s->showing_ticket)
			take_ticket(s, index, now);
		return;
	case TURNO_UI_PRIORITY:
		s->priority_on = !s->priority_on;
		s->priority_until = now + PRIORITY_TIMEOUT_MS;
		s->dirty = true;
		return;
	case TURNO_UI_LANGUAGE:
		s->lang = s->lang == TURNO_LANG_IT ? TURNO_LANG_EN : TURNO_LANG_IT;
		s->language_until = now + LANGUAGE_TIMEOUT_MS;
		s->dirty = true;
		return;
	case TURNO_UI_DISMISS:
		if (s->showing_ticket)
			go_home(s);
		return;
	}
}

static void pointer_down(struct turno_screen *s, int64_t pointer, int wx, int wy, int64_t now)
{
	turno_tapfilter_down(s->taps, pointer, target_at(s, wx, wy), now);
}

static void pointer_up(struct turno_screen *s, int64_t pointer, int wx, int wy, int64_t now)
{
	int target = target_at(s, wx, wy);
	if (turno_tapfilter_up(s->taps, pointer, target, now) == TURNO_TAP_OK)
		on_tap(s, target, now);
}

static void demo_key(struct turno_screen *s, const SDL_KeyboardEvent *key)
{
	SDL_Keycode k = key->keysym.sym;
	if (!s->options.demo_keys || key->repeat || k < SDLK_F1 || k > SDLK_F12)
		return;
	int number = (int)(k - SDLK_F1) + 1;
	bool shift = key->keysym.mod & KMOD_SHIFT, ctrl = key->keysym.mod & KMOD_CTRL;
	s->dirty = true;
	if (s->options.function_key) {
		int rc = s->options.function_key(s->options.function_key_user, number, shift, ctrl);
		if (rc < 0)
			turno_info("screen: F%d: %s", number, turno_strerror(rc));
		return;
	}
	struct turno_ticket t, next;
	int rc = ctrl    ? turno_kiosk_noshow(s->kiosk, number, &t, &next)
	         : shift ? turno_kiosk_recall(s->kiosk, number, &t)
	                 : turno_kiosk_call_next(s->kiosk, number, &t);
	if (rc < 0)
		turno_info("screen: F%d: counter %d: %s", number, number, turno_strerror(rc));
}

/* Where a finger is, in window pixels. Under KMSDRM the kernel's own position wins: SDL
 * 2.26 starts a freshly opened panel's contacts at 0,0 and the kernel does not repeat a
 * coordinate it already reported, so a first tap after a start could land in a corner. */
static void finger_point(struct turno_screen *s, const SDL_TouchFingerEvent *finger, int *x, int *y)
{
	float fx = finger->x, fy = finger->y;
	if (s->input)
		turno_input_contact(s->input, (int64_t)finger->fingerId, &fx, &fy);
	*x = (int)(fx * (float)s->window_w);
	*y = (int)(fy * (float)s->window_h);
}

static int follow_window_size(struct turno_screen *s);

static void handle_event(struct turno_screen *s, const SDL_Event *e, int64_t now)
{
	int x, y;
	switch (e->type) {
	case SDL_QUIT:
		turno_notice("screen: window closed: stopping");
		turno_kiosk_quit(s->kiosk);
		return;
	case SDL_WINDOWEVENT:
		if (e->window.windowID != SDL_GetWindowID(s->window))
			return;
		/* Content lost or resized: draw again. Focus and motion change nothing. */
		if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED && follow_window_size(s) < 0)
			turno_err("screen: cannot follow the window to %dx%d: %s", e->window.data1,
			          e->window.data2, SDL_GetError());
		if (e->window.event == SDL_WINDOWEVENT_SHOWN || e->window.event == SDL_WINDOWEVENT_EXPOSED ||
		    e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
		    e->window.event == SDL_WINDOWEVENT_RESTORED)
			s->dirty = true;
		return;
	case SDL_RENDER_TARGETS_RESET:
		s->dirty = true;
		return;
	case SDL_RENDER_DEVICE_RESET:
		/* The GPU lost its textures (driver reset): the canvas must be made again. */
		SDL_DestroyTexture(s->canvas);
		s->canvas = SDL_CreateTexture(s->renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET,
		                              s->canvas_w, s->canvas_h);
		if (!s->canvas)
			turno_err("screen: cannot recreate the canvas after a renderer reset: %s",
			          SDL_GetError());
		s->dirty = true;
		return;
	case SDL_KEYDOWN:
		demo_key(s, &e->key);
		return;
	case SDL_MOUSEBUTTONDOWN:
		if (e->button.which != SDL_TOUCH_MOUSEID && e->button.button == SDL_BUTTON_LEFT)
			pointer_down(s, -1, e->button.x, e->button.y, now);
		return;
	case SDL_MOUSEBUTTONUP:
		if (e->button.which != SDL_TOUCH_MOUSEID && e->button.button == SDL_BUTTON_LEFT)
			pointer_up(s, -1, e->button.x, e->button.y, now);
		return;
	case SDL_FINGERDOWN:
		finger_point(s, &e->tfinger, &x, &y);
		pointer_down(s, (int64_t)e->tfinger.fingerId, x, y, now);
		return;
	case SDL_FINGERUP:
		finger_point(s, &e->tfinger, &x, &y);
		pointer_up(s, (int64_t)e->tfinger.fingerId, x, y, now);
		return;
	default:
		return;
	}
}

static void handle_timeouts(struct turno_screen *s, int64_t now)
{
	if (s->showing_ticket && now >= s->ticket_until)
		go_home(s);
	if (s->priority_on && now >= s->priority_until) {
		s->priority_on = false;
		s->dirty = true;
	}
	if (s->lang != s->default_lang && !s->showing_ticket && now >= s->language_until) {
		s->lang = s->default_lang;
		s->dirty = true;
	}
	if (s->notice_until && now >= s->notice_until) {
		s->notice_until = 0;
		s->dirty = true;
	}
}

/* ------------------------------------------------------------------ module hooks */

static void on_wake(void *user, int64_t mono)
{
	struct turno_screen *s = user;
	int64_t now = now_ms(s);
	handle_timeouts(s, now);
	SDL_PumpEvents();
	SDL_Event e;
	while (SDL_PollEvent(&e))
		handle_event(s, &e, now_ms(s));
	s->events_pending = false;
}

static void before_sleep(void *user)
{
	struct turno_screen *s = user;
	if (s->dirty)
		draw(s);
	/* Drawing talks to the display server, which may have read input into its own queue
	 * meanwhile: that input would not make the fd readable, so look before sleeping. */
	SDL_PumpEvents();
	s->events_pending = SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
}

static int64_t earliest(int64_t a, int64_t b)
{
	return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

static int64_t next_deadline(void *user)
{
	struct turno_screen *s = user;
	int64_t d = -1;
	if (s->events_pending || s->dirty)
		return now_ms(s);
	if (s->showing_ticket)
		d = earliest(d, s->ticket_until);
	if (s->priority_on)
		d = earliest(d, s->priority_until);
	if (s->lang != s->default_lang)
		d = earliest(d, s->language_until);
	if (s->notice_until)
		d = earliest(d, s->notice_until);
	if (s->poll_ms > 0)
		d = earliest(d, now_ms(s) + s->poll_ms);
	return d;
}

static void on_event(void *user, enum turno_kiosk_event event, const struct turno_ticket *ticket)
{
	struct turno_screen *s = user;
	switch (event) {
	case TURNO_KIOSK_PRINTED:
		if (s->showing_ticket && ticket && ticket->id == s->ticket.id) {
			s->ticket.print_state = ticket->print_state;
			if (ticket->print_state == TURNO_PRINT_FAILED ||
			    ticket->print_state == TURNO_PRINT_UNKNOWN)
				keep_to_note(s, now_ms(s));
		}
		break;
	case TURNO_KIOSK_STATE:
		s->issue_failed = false; /* the next status read decides */
		/* The printer may have just stopped, before this ticket came out. */
		check_printer_for_ticket(s, now_ms(s));
		break;
	case TURNO_KIOSK_ISSUED:
	case TURNO_KIOSK_CALLED:
	case TURNO_KIOSK_RECALLED:
	case TURNO_KIOSK_NO_SHOW:
	case TURNO_KIOSK_TRANSFERRED:
	case TURNO_KIOSK_COUNTER_IDLE:
		break;
	}
	s->dirty = true;
}

static void add_status(void *user, cJSON *status)
{
	struct turno_screen *s = user;
	static const char *const pages[] = {"home", "ticket", "closed", "out_of_order"};
	cJSON *o = cJSON_AddObjectToObject(status, "screen");
	if (!o)
		return;
	cJSON_AddStringToObject(o, "page", pages[s->page]);
	if (s->page == TURNO_PAGE_TICKET)
		cJSON_AddStringToObject(o, "ticket", s->ticket.label); /* the number on show */
	/* Whether the last frame told citizens the printer is not working (end-to-end tests). */
	cJSON_AddBoolToObject(o, "printer_notice", s->model.printer_notice[0] != '\0');
	cJSON_AddStringToObject(o, "video_driver",
	                        SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "");
	cJSON_AddNumberToObject(o, "frames", (double)s->frames);
	cJSON_AddNumberToObject(o, "frame_ms", s->frame_ms); /* the last frame's drawing and presenting */
	/* The "now serving" strip as drawn (newest first): "A042 Sportello 3". */
	cJSON *serving = cJSON_AddArrayToObject(o, "serving");
	for (int i = 0; serving && s->model.page == TURNO_PAGE_HOME && i < s->model.call_count; i++) {
		char item[8 + TURNO_UI_LINE + 2];
		snprintf(item, sizeof(item), "%s %s", s->model.calls[i].label, s->model.calls[i].where);
		cJSON_AddItemToArray(serving, cJSON_CreateString(item));
	}
	cJSON_AddNumberToObject(o, "loop_wakeups", (double)turno_loop_wakeups(turno_kiosk_loop(s->kiosk)));
	struct turno_input_info input = {0};
	if (s->input)
		turno_input_get_info(s->input, &input);
	cJSON_AddNumberToObject(o, "input_fds", input.devices + (s->x11_fd >= 0));
	cJSON_AddNumberToObject(o, "input_poll_ms", s->poll_ms); /* 0: input wakes the loop */
	cJSON_AddNumberToObject(o, "touchscreens", input.touchscreens);
	cJSON_AddNumberToObject(o, "sdl_touch_devices", SDL_GetNumTouchDevices());
	cJSON_AddBoolToObject(o, "input_hotplug", input.hotplug);
	cJSON_AddNumberToObject(o, "input_gone", (double)input.gone);
	cJSON_AddNumberToObject(o, "width", s->window_w);
	cJSON_AddNumberToObject(o, "height", s->window_h);
	/* Where each service can be tapped, in window pixels: for staff checking a
	 * rotated panel's calibration, and for end-to-end tests. */
	cJSON *targets = cJSON_AddArrayToObject(o, "targets");
	for (int i = 0; targets && i < s->scene.box_count; i++) {
		const struct turno_ui_box *b = &s->scene.boxes[i];
		if (b->action != TURNO_UI_SERVICE || b->index < 0 || b->index >= s->config->service_count)
			continue;
		int x, y;
		canvas_to_window(s, b->rect.x + b->rect.w / 2, b->rect.y + b->rect.h / 2, &x, &y);
		cJSON *t = cJSON_CreateObject();
		char letter[2] = {s->config->services[b->index].letter, '\0'};
		cJSON_AddStringToObject(t, "service", letter);
		cJSON_AddNumberToObject(t, "x", x);
		cJSON_AddNumberToObject(t, "y", y);
		cJSON_AddItemToArray(targets, t);
	}
}

static void module_free(void *user)
{
	turno_screen_free(user);
}

void turno_screen_module(struct turno_screen *s, struct turno_kiosk_module *out)
{
	*out = (struct turno_kiosk_module){
	        .name = "screen",
	        .user = s,
	        .on_event = on_event,
	        .before_sleep = before_sleep,
	        .next_deadline = next_deadline,
	        .on_wake = on_wake,
	        .add_status = add_status,
	        .free = module_free,
	};
}

/* ------------------------------------------------------------------ wake-up fds */

static bool on_kmsdrm(void)
{
	const char *driver = SDL_GetCurrentVideoDriver();
	return driver && (strcmp(driver, "KMSDRM") == 0 || strcmp(driver, "kmsdrm") == 0);
}

static void on_x11_fd(int fd, uint32_t events, void *user)
{
	/* Nothing to read here: SDL_PumpEvents in on_wake reads the X connection. */
}

/* KMSDRM: the evdev devices wake the loop, also those plugged in later (kiosk/input.h). */
static void watch_evdev(struct turno_screen *s, struct turno_loop *loop)
{
	if (turno_input_open(loop, &s->input) < 0) {
		s->poll_ms = FALLBACK_POLL_MS;
		turno_warn("screen: cannot watch the input devices: looking for touches every %d ms instead "
		           "of sleeping",
		           FALLBACK_POLL_MS);
		return;
	}
	struct turno_input_info info;
	turno_input_get_info(s->input, &info);
	if (info.touchscreens == 0)
		turno_warn("screen: no touchscreen found%s%s",
		           info.unreadable ? " (some input devices cannot be read: is the turno user in the "
		                             "input group?)"
		                           : "",
		           info.hotplug ? "; one plugged in later is used" : "");
}

static void watch_input(struct turno_screen *s)
{
	const char *driver = SDL_GetCurrentVideoDriver();
	struct turno_loop *loop = turno_kiosk_loop(s->kiosk);
	if (!driver)
		return;
	if (strcmp(driver, "x11") == 0) {
#if defined(SDL_VIDEO_DRIVER_X11)
		SDL_SysWMinfo info;
		SDL_VERSION(&info.version);
		if (SDL_GetWindowWMInfo(s->window, &info) && info.subsystem == SDL_SYSWM_X11) {
			int fd = ConnectionNumber(info.info.x11.display);
			if (turno_loop_add(loop, fd, EPOLLIN, on_x11_fd, s) == 0)
				s->x11_fd = fd;
		}
#endif
		if (s->x11_fd < 0) {
			s->poll_ms = FALLBACK_POLL_MS;
			turno_warn("screen: cannot watch the X connection: looking for input every %d ms",
			           FALLBACK_POLL_MS);
		}
		return;
	}
	if (on_kmsdrm()) {
		watch_evdev(s, loop);
		return;
	}
	if (strcmp(driver, "offscreen") != 0 && strcmp(driver, "dummy") != 0) {
		/* Wayland and others: their descriptor needs their own client library. Touches
		 * must still work; the kiosk then wakes FALLBACK_POLL_MS-ly. */
		s->poll_ms = FALLBACK_POLL_MS;
		turno_warn("screen: video driver %s: no input descriptor to wait on, looking for input every "
		           "%d ms "
		           "(SDL_VIDEODRIVER=x11 or KMSDRM let the kiosk sleep)",
		           driver, FALLBACK_POLL_MS);
	}
}

/* ------------------------------------------------------------------ setup */

/* SDL 2.26's KMSDRM makes its EGL surface again at the first swap after it set the
 * display's mode, and what was drawn before that swap never reaches the screen: one
 * blank present first, so that the first frame drawn is the first frame seen (and
 * READY=1, sent after it, means the screen shows the kiosk). */
static void prime_display(struct turno_screen *s)
{
	set_color(s->renderer, TURNO_COLOR_BACKGROUND);
	SDL_RenderClear(s->renderer);
	SDL_RenderPresent(s->renderer);
}

/* The window may not get the size asked for: KMSDRM gives a window the display's closest
 * mode (800x600 where there is no 800x480), a full-screen window has the display's own
 * size. Layout, drawing and touches follow the size it has. 0, or -EIO without a canvas. */
static int follow_window_size(struct turno_screen *s)
{
	int w = 0, h = 0;
	SDL_GetWindowSize(s->window, &w, &h);
	if (w <= 0 || h <= 0 || (s->canvas && w == s->window_w && h == s->window_h))
		return s->canvas ? 0 : -EIO;
	if (s->canvas)
		turno_notice("screen: the window is now %dx%d (was %dx%d): laid out again", w, h, s->window_w,
		             s->window_h);
	bool sideways = s->rotation == 90 || s->rotation == 270;
	s->window_w = w;
	s->window_h = h;
	s->canvas_w = sideways ? h : w;
	s->canvas_h = sideways ? w : h;
	if (s->canvas)
		SDL_DestroyTexture(s->canvas);
	s->canvas = SDL_CreateTexture(s->renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET,
	                              s->canvas_w, s->canvas_h);
	turno_tapfilter_cancel(s->taps); /* a press begun on the old layout */
	s->dirty = true;
	return s->canvas ? 0 : -EIO;
}

int turno_screen_open(struct turno_kiosk *kiosk, const struct turno_screen_options *options,
                      struct turno_screen **out, char *err, size_t err_len)
{
	const struct turno_config *c = turno_kiosk_config(kiosk);
	struct turno_screen *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, err_len, "out of memory");
		return -ENOMEM;
	}
	s->kiosk = kiosk;
	s->config = c;
	s->clock = turno_kiosk_clock(kiosk);
	s->options = options ? *options : (struct turno_screen_options){0};
	s->x11_fd = -1;
	s->default_lang = s->lang = turno_lang_from_code(c->ui_language);
	s->rotation = c->ui_rotation;
	s->window_w = c->ui_width; /* asked for; follow_window_size() takes what SDL gives */
	s->window_h = c->ui_height;
	s->taps = turno_tapfilter_new(
	        &(struct turno_tapfilter_config){TAP_MAX_MS, REFRACTORY_MS, c->ui_tickets_per_minute});
	char font_dir[1200];
	int rc = turno_fonts_find(c->ui_font_dir, TURNO_DATADIR, font_dir, sizeof(font_dir));
	if (rc < 0) {
		snprintf(err, err_len, "no DejaVuSans.ttf and DejaVuSans-Bold.ttf in %s (set [ui] font_dir)",
		         font_dir);
		goto err_free;
	}
	rc = turno_fonts_open(font_dir, &s->fonts);
	if (rc < 0) {
		snprintf(err, err_len, "cannot open the fonts in %s: %s", font_dir, SDL_GetError());
		goto err_free;
	}
	s->measure = (struct turno_measure){turno_fonts_measure, s->fonts};

	/* Real touches must not also arrive as mouse clicks (one tap, one ticket), and the
	 * kiosk's own signalfd handles SIGINT/SIGTERM. */
	SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
	SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) < 0) {
		snprintf(err, err_len, "SDL video: %s", SDL_GetError());
		rc = -EIO;
		goto err_free;
	}
	/* SDL falls back to drawing into memory when it finds no display: a kiosk whose
	 * citizens see nothing must say so, unless that was asked for (tests). */
	const char *driver = SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "";
	const char *asked = getenv("SDL_VIDEODRIVER");
	if ((strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0) &&
	    !(asked && strcmp(asked, driver) == 0)) {
		snprintf(err, err_len,
		         "no display found (SDL could only draw off screen): set DISPLAY, or run on the "
		         "console for KMSDRM (user in the video and input groups)");
		rc = -ENODEV;
		goto err_quit;
	}
	char title[TURNO_TEXT + 16];
	snprintf(title, sizeof(title), "Turno - %s", c->office_name);
	/* Full screen at the display's own size (the desktop mode), not the mode closest to
	 * [ui] width x height, which would stretch a 16:9 monitor to 4:3. */
	Uint32 flags = SDL_WINDOW_SHOWN | (c->ui_fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
	s->window = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, s->window_w,
	                             s->window_h, flags);
	if (!s->window) {
		snprintf(err, err_len, "cannot open a %dx%d window (%s): %s", s->window_w, s->window_h,
		         SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "no video driver",
		         SDL_GetError());
		rc = -EIO;
		goto err_quit;
	}
	if (c->ui_fullscreen)
		SDL_ShowCursor(SDL_DISABLE);
	s->renderer = SDL_CreateRenderer(s->window, -1, SDL_RENDERER_TARGETTEXTURE);
	if (!s->renderer) {
		snprintf(err, err_len, "cannot create a renderer: %s", SDL_GetError());
		rc = -EIO;
		goto err_quit;
	}
	if (follow_window_size(s) < 0) {
		snprintf(err, err_len, "cannot create a %dx%d canvas: %s", s->canvas_w, s->canvas_h,
		         SDL_GetError());
		rc = -EIO;
		goto err_quit;
	}
	if (on_kmsdrm())
		prime_display(s);
	watch_input(s);
	s->dirty = true;
	s->page = TURNO_PAGE_HOME;
	SDL_RendererInfo info;
	SDL_GetRendererInfo(s->renderer, &info);
	turno_info("screen: %dx%d, rotation %d, video %s, renderer %s, fonts in %s", s->window_w, s->window_h,
	           s->rotation, SDL_GetCurrentVideoDriver(), info.name, font_dir);
	*out = s;
	return 0;
err_quit:
	turno_screen_free(s);
	return rc;
err_free:
	turno_screen_free(s);
	return rc < 0 ? rc : -EIO;
}

void turno_screen_free(struct turno_screen *s)
{
	if (!s)
		return;
	struct turno_loop *loop = turno_kiosk_loop(s->kiosk);
	turno_input_free(s->input);
	if (s->x11_fd >= 0)
		turno_loop_remove(loop, s->x11_fd);
	bool video = s->window != NULL || SDL_WasInit(SDL_INIT_VIDEO);
	if (s->canvas)
		SDL_DestroyTexture(s->canvas);
	if (s->renderer)
		SDL_DestroyRenderer(s->renderer);
	if (s->window)
		SDL_DestroyWindow(s->window);
	if (video)
		SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
	turno_fonts_free(s->fonts);
	turno_tapfilter_free(s->taps);
	free(s);
}

/* ------------------------------------------------------------------ for tests */

enum turno_ui_page turno_screen_page(const struct turno_screen *s)
{
	return s->page;
}

const struct turno_ui_scene *turno_screen_scene(const struct turno_screen *s)
{
	return &s->scene;
}

void turno_screen_size(const struct turno_screen *s, int *w, int *h)
{
	*w = s->window_w;
	*h = s->window_h;
}

int turno_screen_target(const struct turno_screen *s, enum turno_ui_action action, int index, int *x, int *y)
{
	const struct turno_ui_box *b = turno_scene_find(&s->scene, action, index);
	if (!b)
		return -ENOENT;
	canvas_to_window(s, b->rect.x + b->rect.w / 2, b->rect.y + b->rect.h / 2, x, y);
	return 0;
}

int turno_screen_read_pixels(struct turno_screen *s, uint32_t *argb)
{
	return SDL_RenderReadPixels(s->renderer, NULL, SDL_PIXELFORMAT_ARGB8888, argb, s->window_w * 4) < 0
	               ? -EIO
	               : 0;
}

uint64_t turno_screen_frames(const struct turno_screen *s)
{
	return s->frames;
}
