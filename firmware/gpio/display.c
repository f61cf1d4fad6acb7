/* The display model and the MAX7219 bit-banging driver (see display.h). What each
 * module should show is decided here; the segment patterns and frames come from
 * max7219.c; the bits leave through turno_lines. Only digits that changed are sent,
 * except on a refresh, which re-sends everything. */
#include "gpio/display.h"

#include "gpio/max7219.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct module {
	char text[TURNO_DISPLAY_TEXT]; /* what it shows when lit */
	int blink_left;                /* phase changes still to come */
	int64_t blink_next_ms;         /* when the next one is due, or NEVER */
	bool blank;                    /* in an "off" phase of a blink */
};

struct turno_display {
	const struct turno_config *config;
	struct turno_lines *lines;
	int chips; /* 0 when mode is off (buzzer only) */
	struct module modules[TURNO_MAX7219_MAX_CHIPS];
	uint8_t sent[TURNO_MAX7219_MAX_CHIPS][TURNO_MAX7219_DIGITS]; /* what the chips hold */
	bool din;
	int64_t refresh_ms; /* next full refresh, or NEVER */
	int64_t buzzer_off_ms;
};

/* ---------------------------------------------------------------- the wire */

static int shift_frame(struct turno_display *d, uint16_t frame)
{
	for (int bit = 15; bit >= 0; bit--) {
		bool value = frame >> bit & 1;
		int rc;
		if (value != d->din) {
			if ((rc = turno_lines_set(d->lines, TURNO_LINE_DIN, value)) < 0)
				return rc;
			d->din = value;
		}
		/* The MAX7219 samples DIN on the rising edge of CLK. */
		if ((rc = turno_lines_set(d->lines, TURNO_LINE_CLK, true)) < 0 ||
		    (rc = turno_lines_set(d->lines, TURNO_LINE_CLK, false)) < 0)
			return rc;
	}
	return 0;
}

/* One latch: per_chip[i] goes to chip i+1. */
static int send_latch(struct turno_display *d, const uint16_t *per_chip)
{
	uint16_t order[TURNO_MAX7219_MAX_CHIPS];
	int rc;
	turno_max7219_latch(per_chip, d->chips, order);
	if ((rc = turno_lines_set(d->lines, TURNO_LINE_CS, false)) < 0)
		return rc;
	for (int i = 0; i < d->chips; i++)
		if ((rc = shift_frame(d, order[i])) < 0)
			return rc;
	/* Rising CS latches the frame each chip holds. */
	return turno_lines_set(d->lines, TURNO_LINE_CS, true);
}

static int send_to_all(struct turno_display *d, uint16_t frame)
{
	uint16_t per_chip[TURNO_MAX7219_MAX_CHIPS];
	for (int i = 0; i < d->chips; i++)
		per_chip[i] = frame;
	return send_latch(d, per_chip);
}

/* ---------------------------------------------------------------- the model */

static void wanted_digits(const struct turno_display *d, int chip, uint8_t digits[TURNO_MAX7219_DIGITS])
{
	const struct module *m = &d->modules[chip];
	if (m->blank)
		memset(digits, 0, TURNO_MAX7219_DIGITS);
	else
		turno_max7219_render(m->text, digits);
}

/* Sends the digits that differ from what the chips hold, one latch per digit
 * position, no-ops for chips that keep theirs. */
static int flush(struct turno_display *d, int64_t now_ms)
{
	uint8_t want[TURNO_MAX7219_MAX_CHIPS][TURNO_MAX7219_DIGITS];
	for (int c = 0; c < d->chips; c++)
		wanted_digits(d, c, want[c]);
	for (int i = 0; i < TURNO_MAX7219_DIGITS; i++) {
		uint16_t per_chip[TURNO_MAX7219_MAX_CHIPS];
		bool any = false;
		for (int c = 0; c < d->chips; c++) {
			bool differs = want[c][i] != d->sent[c][i];
			any |= differs;
			per_chip[c] =
			        differs ? turno_max7219_frame(turno_max7219_digit_register(i), want[c][i])
			                : turno_max7219_frame(TURNO_MAX7219_NOOP, 0);
		}
		if (!any)
			continue;
		int rc = send_latch(d, per_chip);
		if (rc < 0) {
			/* What the chips hold is unknown now: refresh as soon as possible. */
			d->refresh_ms = now_ms;
			return rc;
		}
		for (int c = 0; c < d->chips; c++)
			d->sent[c][i] = want[c][i];
	}
	turno_lines_flush(d->lines);
	return 0;
}

int turno_display_refresh(struct turno_display *display, int64_t now_ms)
{
	struct turno_display *d = display;
	if (d->chips == 0)
		return 0;
	d->refresh_ms = now_ms + (int64_t)d->config->display_refresh_seconds * 1000;
	uint16_t setup[4];
	int n = turno_max7219_setup_frames(d->config->display_brightness, setup);
	int rc = 0;
	for (int i = 0; i < n && rc == 0; i++)
		rc = send_to_all(d, setup[i]);
	for (int i = 0; i < TURNO_MAX7219_DIGITS && rc == 0; i++) {
		uint16_t per_chip[TURNO_MAX7219_MAX_CHIPS];
		for (int c = 0; c < d->chips; c++) {
			uint8_t digits[TURNO_MAX7219_DIGITS];
			wanted_digits(d, c, digits);
			per_chip[c] = turno_max7219_frame(turno_max7219_digit_register(i), digits[i]);
			d->sent[c][i] = digits[i];
		}
		rc = send_latch(d, per_chip);
	}
	if (rc == 0)
		rc = send_to_all(d, turno_max7219_wake_frame());
	if (rc < 0)
		d->refresh_ms = now_ms + 1000; /* retry soon, but do not spin on a dead line */
	turno_lines_flush(d->lines);
	return rc;
}

static void format_call(char *text, const char *label, int counter)
{
	/* "A042" -> "A 042  3": letter, number, counter right-aligned. */
	char letter = label[0] ? label[0] : ' ';
	const char *number = label[0] ? label + 1 : "";
	snprintf(text, TURNO_DISPLAY_TEXT, "%c %-3.3s %2d", letter, number, counter);
}

static void format_idle(char *text, int counter)
{
	snprintf(text, TURNO_DISPLAY_TEXT, "- --- %2d", counter);
}

int turno_display_open(const struct turno_config *config, struct turno_lines *lines, int64_t now_ms,
                       struct turno_display **out)
{
	*out = NULL;
	bool buzzer = turno_lines_has(lines, TURNO_LINE_BUZZER) && config->gpio_buzzer[0];
	if (!lines || (config->display_mode == TURNO_DISPLAY_OFF && !buzzer)) {
		turno_lines_close(lines);
		return -EINVAL;
	}
	struct turno_display *d = calloc(1, sizeof(*d));
	if (!d) {
		turno_lines_close(lines);
		return -ENOMEM;
	}
	d->config = config;
	d->lines = lines;
	d->buzzer_off_ms = TURNO_DISPLAY_NEVER;
	d->refresh_ms = TURNO_DISPLAY_NEVER;
	switch (config->display_mode) {
	case TURNO_DISPLAY_OFF:
		d->chips = 0;
		break;
	case TURNO_DISPLAY_PER_COUNTER:
	case TURNO_DISPLAY_MAIN:
		d->chips = config->display_modules;
		break;
	}
	if (d->chips > TURNO_MAX7219_MAX_CHIPS)
		d->chips = TURNO_MAX7219_MAX_CHIPS;
	for (int c = 0; c < TURNO_MAX7219_MAX_CHIPS; c++)
		d->modules[c].blink_next_ms = TURNO_DISPLAY_NEVER;
	if (config->display_mode == TURNO_DISPLAY_PER_COUNTER)
		for (int i = 0; i < config->counter_count; i++) {
			int module = config->counters[i].display_module;
			if (module >= 1 && module <= d->chips)
				format_idle(d->modules[module - 1].text, config->counters[i].id);
		}
	int rc = turno_display_refresh(d, now_ms);
	if (rc < 0) {
		turno_display_close(d);
		return rc;
	}
	*out = d;
	return 0;
}

int turno_display_open_configured(const struct turno_config *config, FILE *sim_out, int64_t now_ms,
                                  struct turno_display **out, char *err, size_t err_len)
{
	struct turno_lines *lines = NULL;
	*out = NULL;
	if (config->display_mode == TURNO_DISPLAY_OFF && !config->gpio_buzzer[0])
		return 0;
	switch (config->gpio_backend) {
	case TURNO_GPIO_NONE:
		return 0;
	case TURNO_GPIO_SIM:
		lines = turno_lines_new_sim(config->display_modules, sim_out);
		if (!lines) {
			snprintf(err, err_len, "display: out of memory");
			return -ENOMEM;
		}
		break;
	case TURNO_GPIO_LIBGPIOD: {
		int rc = turno_lines_open_gpiod(config, &lines, err, err_len);
		if (rc < 0)
			return rc;
		break;
	}
	}
	int rc = turno_display_open(config, lines, now_ms, out);
	if (rc < 0)
		snprintf(err, err_len, "[display]: the first frames could not be sent: %s", strerror(-rc));
	return rc;
}

void turno_display_close(struct turno_display *display)
{
	if (!display)
		return;
	turno_lines_close(display->lines);
	free(display);
}

static void start_blink(struct turno_display *d, int chip, int64_t now_ms)
{
	struct module *m = &d->modules[chip];
	m->blank = false;
	m->blink_left = 2 * d->config->display_blink_count;
	m->blink_next_ms = m->blink_left ? now_ms + TURNO_DISPLAY_BLINK_MS : TURNO_DISPLAY_NEVER;
}

static int chime(struct turno_display *d, int64_t now_ms)
{
	if (!turno_lines_has(d->lines, TURNO_LINE_BUZZER) || !d->config->gpio_buzzer[0])
		return 0;
	d->buzzer_off_ms = now_ms + d->config->gpio_buzzer_ms;
	return turno_lines_set(d->lines, TURNO_LINE_BUZZER, true);
}

static int module_of_counter(const struct turno_display *d, int counter)
{
	const struct turno_counter_config *c = turno_config_counter(d->config, counter);
	if (!c || c->display_module < 1 || c->display_module > d->chips)
		return -1;
	return c->display_module - 1;
}

int turno_display_show_call(struct turno_display *display, int counter, const char *label, int64_t now_ms)
{
	struct turno_display *d = display;
	char text[TURNO_DISPLAY_TEXT];
	int chip = -1;
	format_call(text, label, counter);
	switch (d->config->display_mode) {
	case TURNO_DISPLAY_OFF:
		break;
	case TURNO_DISPLAY_PER_COUNTER:
		chip = module_of_counter(d, counter);
		if (chip < 0)
			return -ERANGE;
		break;
	case TURNO_DISPLAY_MAIN: {
		/* The newest call on top; a recall moves its ticket back up. */
		int found = d->chips - 1;
		for (int c = 0; c < d->chips; c++)
			if (strcmp(d->modules[c].text, text) == 0) {
				found = c;
				break;
			}
		for (int c = found; c > 0; c--)
			d->modules[c] = d->modules[c - 1];
		chip = 0;
		break;
	}
	}
	int rc = 0;
	if (chip >= 0) {
		snprintf(d->modules[chip].text, TURNO_DISPLAY_TEXT, "%s", text);
		start_blink(d, chip, now_ms);
		rc = flush(d, now_ms);
	}
	int buzz = chime(d, now_ms);
	return rc < 0 ? rc : buzz;
}

int turno_display_clear_counter(struct turno_display *display, int counter, int64_t now_ms)
{
	struct turno_display *d = display;
	if (d->config->display_mode != TURNO_DISPLAY_PER_COUNTER)
		return 0;
	int chip = module_of_counter(d, counter);
	if (chip < 0)
		return -ERANGE;
	struct module *m = &d->modules[chip];
	format_idle(m->text, counter);
	m->blank = false;
	m->blink_left = 0;
	m->blink_next_ms = TURNO_DISPLAY_NEVER;
	return flush(d, now_ms);
}

int64_t turno_display_deadline_ms(const struct turno_display *display)
{
	const struct turno_display *d = display;
	int64_t next = d->refresh_ms < d->buzzer_off_ms ? d->refresh_ms : d->buzzer_off_ms;
	for (int c = 0; c < d->chips; c++)
		if (d->modules[c].blink_next_ms < next)
			next = d->modules[c].blink_next_ms;
	return next;
}

int turno_display_on_timer(struct turno_display *display, int64_t now_ms)
{
	struct turno_display *d = display;
	int rc = 0;
	if (d->buzzer_off_ms <= now_ms) {
		d->buzzer_off_ms = TURNO_DISPLAY_NEVER;
		rc = turno_lines_set(d->lines, TURNO_LINE_BUZZER, false);
	}
	bool changed = false;
	for (int c = 0; c < d->chips; c++) {
		struct module *m = &d->modules[c];
		/* A loop that woke late skips missed phases rather than flashing through them. */
		while (m->blink_next_ms <= now_ms) {
			m->blank = !m->blank;
			changed = true;
			if (--m->blink_left > 0) {
				m->blink_next_ms += TURNO_DISPLAY_BLINK_MS;
			} else {
				m->blank = false;
				m->blink_next_ms = TURNO_DISPLAY_NEVER;
			}
		}
	}
	int r;
	if (d->refresh_ms <= now_ms)
		r = turno_display_refresh(d, now_ms);
	else
		r = changed ? flush(d, now_ms) : 0;
	return rc < 0 ? rc : r;
}

int turno_display_text(const struct turno_display *display, int module, char *text, size_t text_len)
{
	if (!display || module < 1 || module > display->chips || text_len == 0)
		return -EINVAL;
	const struct module *m = &display->modules[module - 1];
	/* Blank phase of a blink, or a main-mode module with no call yet. */
	snprintf(text, text_len, "%s", m->blank || !m->text[0] ? "        " : m->text);
	return 0;
}

int turno_display_modules(const struct turno_display *display)
{
	return display ? display->chips : 0;
}

struct turno_lines *turno_display_lines(struct turno_display *display)
{
	return display ? display->lines : NULL;
}
