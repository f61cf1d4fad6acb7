/* The display's output lines and their three backends (see lines.h): libgpiod, the
 * recorder and the sim. Only bits move here; what the bits mean is display.c's and
 * max7219.c's business, except in the sim, which plays the part of the chips. */
#include "gpio/lines.h"

#include "gpio/gpioline.h"
#include "gpio/max7219.h"

#include <errno.h>
#include <gpiod.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum backend { BACKEND_GPIOD, BACKEND_RECORDER, BACKEND_SIM };

struct sim_chip {
	uint16_t shift;                      /* the chip's 16-bit shift register */
	uint8_t digit[TURNO_MAX7219_DIGITS]; /* register 1..8 */
	uint8_t decode, intensity, scan_limit;
	bool on, test;
};

struct turno_lines {
	enum backend backend;
	bool has[TURNO_LINE_COUNT];
	bool level[TURNO_LINE_COUNT];
	/* libgpiod */
	struct gpiod_line *gpio[TURNO_LINE_COUNT];
	/* recorder */
	struct turno_lines *inner;
	int64_t (*now_ns)(void *user);
	void *user;
	struct turno_line_event *events;
	size_t event_count, event_cap;
	/* sim */
	struct sim_chip chips[TURNO_MAX7219_MAX_CHIPS];
	int chip_count;
	FILE *out;
	char shown[TURNO_MAX7219_MAX_CHIPS * 20];
	int chimes;
};

int64_t turno_monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

const char *turno_line_name(enum turno_line line)
{
	switch (line) {
	case TURNO_LINE_DIN:
		return "DIN";
	case TURNO_LINE_CLK:
		return "CLK";
	case TURNO_LINE_CS:
		return "CS";
	case TURNO_LINE_BUZZER:
		return "buzzer";
	}
	return "?";
}

bool turno_lines_has(const struct turno_lines *lines, enum turno_line line)
{
	return lines && (unsigned)line < TURNO_LINE_COUNT && lines->has[line];
}

/* ---------------------------------------------------------------- sim */

static void sim_latch(struct turno_lines *l)
{
	for (int i = 0; i < l->chip_count; i++) {
		struct sim_chip *c = &l->chips[i];
		uint8_t reg = (uint8_t)(c->shift >> 8 & 0xF), data = (uint8_t)c->shift;
		if (reg >= TURNO_MAX7219_DIGIT0 && reg < TURNO_MAX7219_DIGIT0 + TURNO_MAX7219_DIGITS) {
			c->digit[reg - TURNO_MAX7219_DIGIT0] = data;
			continue;
		}
		switch ((enum turno_max7219_register)reg) {
		case TURNO_MAX7219_DECODE_MODE:
			c->decode = data;
			break;
		case TURNO_MAX7219_INTENSITY:
			c->intensity = data & 0xF;
			break;
		case TURNO_MAX7219_SCAN_LIMIT:
			c->scan_limit = data & 0x7;
			break;
		case TURNO_MAX7219_SHUTDOWN:
			c->on = data & 1;
			break;
		case TURNO_MAX7219_DISPLAY_TEST:
			c->test = data & 1;
			break;
		case TURNO_MAX7219_NOOP:
		case TURNO_MAX7219_DIGIT0:
			break;
		}
	}
}

static void sim_chip_text(const struct sim_chip *c, char *text, size_t text_len)
{
	size_t n = 0;
	for (int i = 0; i < TURNO_MAX7219_DIGITS && n + 3 < text_len; i++) {
		int reg_index = TURNO_MAX7219_DIGITS - 1 - i; /* leftmost is register 8 */
		uint8_t seg = c->digit[reg_index];
		char ch;
		if (c->test)
			seg = 0xFF;
		else if (!c->on || reg_index > c->scan_limit)
			seg = 0;
		if (!c->test && (c->decode >> reg_index & 1)) {
			static const char code_b[16] = "0123456789-EHLP ";
			ch = code_b[seg & 0xF];
			seg = seg & 0x80;
		} else {
			ch = turno_max7219_char_of(seg);
			if (!ch)
				ch = '?';
		}
		text[n++] = ch;
		if (seg & 0x80)
			text[n++] = '.';
	}
	text[n] = '\0';
}

static void sim_show(struct turno_lines *l)
{
	char now[sizeof(l->shown)];
	size_t n = 0;
	for (int i = 0; i < l->chip_count; i++) {
		char text[20];
		sim_chip_text(&l->chips[i], text, sizeof(text));
		n += (size_t)snprintf(now + n, sizeof(now) - n, "%s[%s]", i ? " " : "", text);
	}
	if (strcmp(now, l->shown) == 0)
		return;
	memcpy(l->shown, now, sizeof(now));
	if (l->out) {
		fprintf(l->out, "display: %s\n", now);
		fflush(l->out);
	}
}

static void sim_set(struct turno_lines *l, enum turno_line line, bool high)
{
	bool was = l->level[line];
	switch (line) {
	case TURNO_LINE_CLK:
		if (high && !was) {
			/* One bit enters chip 1; each chip's MSB moves on to the next one. */
			bool carry = l->level[TURNO_LINE_DIN];
			for (int i = 0; i < l->chip_count; i++) {
				bool out = l->chips[i].shift >> 15 & 1;
				l->chips[i].shift = (uint16_t)(l->chips[i].shift << 1 | carry);
				carry = out;
			}
		}
		break;
	case TURNO_LINE_CS:
		if (high && !was)
			sim_latch(l);
		break;
	case TURNO_LINE_BUZZER:
		if (high && !was) {
			l->chimes++;
			if (l->out) {
				fprintf(l->out, "display: (chime)\n");
				fflush(l->out);
			}
		}
		break;
	case TURNO_LINE_DIN:
		break;
	}
}

struct turno_lines *turno_lines_new_sim(int chips, FILE *out)
{
	if (chips < 1 || chips > TURNO_MAX7219_MAX_CHIPS)
		return NULL;
	struct turno_lines *l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->backend = BACKEND_SIM;
	l->chip_count = chips;
	l->out = out;
	for (int i = 0; i < TURNO_LINE_COUNT; i++)
		l->has[i] = true;
	l->level[TURNO_LINE_CS] = true;
	/* A MAX7219 powers up shut down (all zero here): blank until configured. */
	for (int i = 0; i < chips; i++) {
		char text[20];
		sim_chip_text(&l->chips[i], text, sizeof(text));
		size_t n = strlen(l->shown);
		snprintf(l->shown + n, sizeof(l->shown) - n, "%s[%s]", i ? " " : "", text);
	}
	return l;
}

int turno_lines_sim_text(const struct turno_lines *sim, int chip, char *text, size_t text_len)
{
	if (!sim || sim->backend != BACKEND_SIM || chip < 1 || chip > sim->chip_count || text_len < 17)
		return -EINVAL;
	sim_chip_text(&sim->chips[chip - 1], text, text_len);
	return 0;
}

int turno_lines_sim_chimes(const struct turno_lines *sim)
{
	return sim && sim->backend == BACKEND_SIM ? sim->chimes : 0;
}

/* ---------------------------------------------------------------- recorder */

static int64_t default_now(void *user)
{
	(void)user;
	return turno_monotonic_ns();
}

struct turno_lines *turno_lines_new_recorder(struct turno_lines *inner, int64_t (*now_ns)(void *user),
                                             void *user)
{
	struct turno_lines *l = calloc(1, sizeof(*l));
	if (!l) {
		turno_lines_close(inner);
		return NULL;
	}
	l->backend = BACKEND_RECORDER;
	l->inner = inner;
	l->now_ns = now_ns ? now_ns : default_now;
	l->user = user;
	for (int i = 0; i < TURNO_LINE_COUNT; i++) {
		l->has[i] = inner ? inner->has[i] : true;
		l->level[i] = inner ? inner->level[i] : false;
	}
	if (!inner)
		l->level[TURNO_LINE_CS] = true;
	return l;
}

const struct turno_line_event *turno_lines_recorded(const struct turno_lines *recorder, size_t *count)
{
	if (!recorder || recorder->backend != BACKEND_RECORDER) {
		*count = 0;
		return NULL;
	}
	*count = recorder->event_count;
	return recorder->events;
}

void turno_lines_recorder_clear(struct turno_lines *recorder)
{
	if (recorder && recorder->backend == BACKEND_RECORDER)
		recorder->event_count = 0;
}

static int record(struct turno_lines *l, enum turno_line line, bool high)
{
	if (l->event_count == l->event_cap) {
		size_t cap = l->event_cap ? l->event_cap * 2 : 4096;
		struct turno_line_event *grown = realloc(l->events, cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		l->events = grown;
		l->event_cap = cap;
	}
	l->events[l->event_count++] =
	        (struct turno_line_event){.t_ns = l->now_ns(l->user), .line = line, .high = high};
	return 0;
}

/* ---------------------------------------------------------------- libgpiod */

int turno_lines_open_gpiod(const struct turno_config *config, struct turno_lines **out, char *err,
                           size_t err_len)
{
	*out = NULL;
	struct turno_lines *l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->backend = BACKEND_GPIOD;
	const struct {
		enum turno_line line;
		const char *spec, *what;
		int initial;
	} wanted[] = {
	        {TURNO_LINE_DIN, config->display_din, "[display] din", 0},
	        {TURNO_LINE_CLK, config->display_clk, "[display] clk", 0},
	        {TURNO_LINE_CS, config->display_cs, "[display] cs", 1},
	        {TURNO_LINE_BUZZER, config->gpio_buzzer, "[gpio] buzzer", 0},
	};
	bool display = config->display_mode != TURNO_DISPLAY_OFF;
	for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++) {
		bool needed = wanted[i].line == TURNO_LINE_BUZZER ? wanted[i].spec[0] != '\0' : display;
		if (!needed)
			continue;
		struct turno_gpioline_request request = {
		        .spec = wanted[i].spec,
		        .what = wanted[i].what,
		        .mode = TURNO_GPIOLINE_OUTPUT,
		        .initial_value = wanted[i].initial,
		};
		int rc = turno_gpioline_request(&request, &l->gpio[wanted[i].line], err, err_len);
		if (rc < 0) {
			turno_lines_close(l);
			return rc;
		}
		l->has[wanted[i].line] = true;
		l->level[wanted[i].line] = wanted[i].initial;
	}
	*out = l;
	return 0;
}

/* ---------------------------------------------------------------- the interface */

void turno_lines_flush(struct turno_lines *lines)
{
	if (lines && lines->backend == BACKEND_SIM)
		sim_show(lines);
	else if (lines && lines->backend == BACKEND_RECORDER)
		turno_lines_flush(lines->inner);
}

int turno_lines_set(struct turno_lines *lines, enum turno_line line, bool high)
{
	if ((unsigned)line >= TURNO_LINE_COUNT || !lines->has[line])
		return -ENODEV;
	if (lines->level[line] == high && lines->backend == BACKEND_RECORDER)
		return 0; /* not a transition: nothing to record, nothing to send */
	int rc = 0;
	switch (lines->backend) {
	case BACKEND_GPIOD:
		if (gpiod_line_set_value(lines->gpio[line], high) < 0)
			rc = errno ? -errno : -EIO;
		break;
	case BACKEND_RECORDER:
		if (lines->inner)
			rc = turno_lines_set(lines->inner, line, high);
		if (rc == 0)
			rc = record(lines, line, high);
		break;
	case BACKEND_SIM:
		sim_set(lines, line, high);
		break;
	}
	if (rc == 0)
		lines->level[line] = high;
	return rc;
}

void turno_lines_close(struct turno_lines *lines)
{
	if (!lines)
		return;
	switch (lines->backend) {
	case BACKEND_GPIOD:
		for (int i = 0; i < TURNO_LINE_COUNT; i++)
			turno_gpioline_close(lines->gpio[i]);
		break;
	case BACKEND_RECORDER:
		turno_lines_close(lines->inner);
		free(lines->events);
		break;
	case BACKEND_SIM:
		break;
	}
	free(lines);
}
