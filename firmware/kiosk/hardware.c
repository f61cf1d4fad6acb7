/* Buttons and LED display inside the kiosk's loop. */
#include "kiosk/hardware.h"

#include "core/error.h"
#include "core/log.h"
#include "gpio/buttons.h"
#include "gpio/display.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#define MAX_PROBLEMS 8
#define PROBLEM_TEXT 320

struct problem {
	char text[PROBLEM_TEXT];
	/* A stuck button's problem is gone when that line is released; 0: it stays. */
	int stuck_counter;
	char stuck_line[64];
};

struct turno_hardware {
	struct turno_kiosk *kiosk;
	struct turno_buttons *buttons;
	struct turno_display *display;
	struct problem problems[MAX_PROBLEMS];
	int problem_count;
	int problems_dropped; /* different problems the list had no room for: only in the log */
	char dropped_text[96];
	int64_t presses;
};

/* Logs a problem (error level) and lists it in `turno-ctl status`. A problem already
 * listed is not listed again, so a line that sticks over and over cannot crowd out
 * others; one that finds the list full is counted, and status says how many more
 * there are in the log. stuck_counter/stuck_line: the stuck button it is about, or
 * 0/NULL. */
static void problem(struct turno_hardware *hw, int stuck_counter, const char *stuck_line, const char *fmt,
                    ...) __attribute__((format(printf, 4, 5)));
static void problem(struct turno_hardware *hw, int stuck_counter, const char *stuck_line, const char *fmt,
                    ...)
{
	char text[PROBLEM_TEXT];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	turno_err("%s", text);
	for (int i = 0; i < hw->problem_count; i++)
		if (strcmp(hw->problems[i].text, text) == 0)
			return;
	if (hw->problem_count == MAX_PROBLEMS) {
		hw->problems_dropped++;
		snprintf(hw->dropped_text, sizeof(hw->dropped_text),
		         "%d more GPIO problem%s: see the kiosk's log (journalctl -u turno-kiosk)",
		         hw->problems_dropped, hw->problems_dropped == 1 ? "" : "s");
		return;
	}
	struct problem *p = &hw->problems[hw->problem_count++];
	snprintf(p->text, sizeof(p->text), "%s", text);
	p->stuck_counter = stuck_counter;
	snprintf(p->stuck_line, sizeof(p->stuck_line), "%s", stuck_line ? stuck_line : "");
}

/* A stuck line was released: staff should not chase a fault that is gone. */
static void clear_stuck(struct turno_hardware *hw, int counter, const char *line)
{
	int kept = 0;
	for (int i = 0; i < hw->problem_count; i++) {
		const struct problem *p = &hw->problems[i];
		if (p->stuck_counter == counter && strcmp(p->stuck_line, line) == 0)
			continue;
		if (kept != i)
			hw->problems[kept] = *p;
		kept++;
	}
	hw->problem_count = kept;
}

const char *turno_hardware_problem(const struct turno_hardware *hw, int i)
{
	if (!hw || i < 0)
		return NULL;
	if (i < hw->problem_count)
		return hw->problems[i].text;
	if (i == hw->problem_count && hw->problems_dropped > 0)
		return hw->dropped_text;
	return NULL;
}

static int64_t mono_now(struct turno_hardware *hw)
{
	return turno_clock_mono_ms(turno_kiosk_clock(hw->kiosk));
}

static void act(struct turno_hardware *hw, enum turno_button_action action, int counter)
{
	struct turno_ticket t, gone;
	int rc = 0;
	hw->presses++;
	switch (action) {
	case TURNO_BUTTON_NEXT:
		rc = turno_kiosk_call_next(hw->kiosk, counter, &t);
		break;
	case TURNO_BUTTON_RECALL:
		rc = turno_kiosk_recall(hw->kiosk, counter, &t);
		break;
	case TURNO_BUTTON_NOSHOW:
		rc = turno_kiosk_noshow(hw->kiosk, counter, &gone, &t);
		break;
	}
	if (rc < 0 && rc != TURNO_E_EMPTY && rc != TURNO_E_NO_CURRENT)
		turno_warn("button at counter %d: %s", counter, turno_strerror(rc));
}

void turno_hardware_button_event(struct turno_hardware *hw, const struct turno_button_event *ev)
{
	switch (ev->kind) {
	case TURNO_BUTTON_ACTION:
		act(hw, ev->action, ev->counter);
		break;
	case TURNO_BUTTON_STUCK:
		problem(hw, ev->counter, ev->line,
		        "button %s at counter %d is held down: ignored until it is released (stuck or "
		        "shorted?)",
		        ev->line, ev->counter);
		break;
	case TURNO_BUTTON_RELEASED:
		turno_notice("button %s at counter %d released: it works again", ev->line, ev->counter);
		clear_stuck(hw, ev->counter, ev->line);
		break;
	case TURNO_BUTTON_FAILED:
		if (ev->counter == 0)
			problem(hw, 0, NULL,
			        "buttons: they cannot be watched any more (%s): no button works until the "
			        "kiosk restarts",
			        strerror(-ev->error));
		else
			problem(hw, 0, NULL, "button %s at counter %d cannot be read any more: %s", ev->line,
			        ev->counter, strerror(-ev->error));
		break;
	}
}

static void on_buttons(int fd, uint32_t events, void *user)
{
	struct turno_hardware *hw = user;
	struct turno_button_event ev;
	while (turno_buttons_next_event(hw->buttons, &ev))
		turno_hardware_button_event(hw, &ev);
}

static void on_event(void *user, enum turno_kiosk_event event, const struct turno_ticket *t)
{
	struct turno_hardware *hw = user;
	if (!hw->display)
		return;
	int rc = 0;
	switch (event) {
	case TURNO_KIOSK_CALLED:
	case TURNO_KIOSK_RECALLED:
		rc = turno_display_show_call(hw->display, t->counter, t->label, mono_now(hw));
		break;
	case TURNO_KIOSK_COUNTER_IDLE:
		rc = turno_display_clear_counter(hw->display, t->counter, mono_now(hw));
		break;
	case TURNO_KIOSK_ISSUED:
	case TURNO_KIOSK_NO_SHOW:
	case TURNO_KIOSK_TRANSFERRED:
	case TURNO_KIOSK_PRINTED:
	case TURNO_KIOSK_STATE:
		break;
	}
	if (rc < 0 && rc != -ERANGE)
		turno_warn("LED display: %s", strerror(-rc));
}

static int64_t next_deadline(void *user)
{
	struct turno_hardware *hw = user;
	return hw->display ? turno_display_deadline_ms(hw->display) : -1;
}

static void on_wake(void *user, int64_t now)
{
	struct turno_hardware *hw = user;
	if (hw->display && turno_display_deadline_ms(hw->display) <= now)
		turno_display_on_timer(hw->display, now);
}

static void add_status(void *user, cJSON *status)
{
	struct turno_hardware *hw = user;
	cJSON *gpio = cJSON_AddObjectToObject(status, "gpio");
	cJSON_AddNumberToObject(gpio, "button_lines",
	                        hw->buttons ? turno_buttons_line_count(hw->buttons) : 0);
	cJSON_AddNumberToObject(gpio, "display_modules",
	                        hw->display ? turno_display_modules(hw->display) : 0);
	cJSON_AddNumberToObject(gpio, "presses", (double)hw->presses);
	cJSON *problems = cJSON_GetObjectItem(status, "problems");
	if (!problems)
		problems = cJSON_AddArrayToObject(status, "problems");
	const char *text;
	for (int i = 0; (text = turno_hardware_problem(hw, i)); i++)
		cJSON_AddItemToArray(problems, cJSON_CreateString(text));
}

static void hw_free(void *user)
{
	struct turno_hardware *hw = user;
	if (hw->buttons) {
		turno_loop_remove(turno_kiosk_loop(hw->kiosk), turno_buttons_fd(hw->buttons));
		turno_buttons_close(hw->buttons);
	}
	turno_display_close(hw->display);
	free(hw);
}

struct turno_hardware *turno_hardware_attach(struct turno_kiosk *kiosk)
{
	const struct turno_config *c = turno_kiosk_config(kiosk);
	if (c->gpio_backend == TURNO_GPIO_NONE)
		return NULL;
	struct turno_hardware *hw = calloc(1, sizeof(*hw));
	if (!hw)
		return NULL;
	hw->kiosk = kiosk;
	/* One line of err per button line that could not be opened, also when the others
	 * could: each is a problem of its own for staff. */
	char err[MAX_PROBLEMS * PROBLEM_TEXT] = "";
	int rc = turno_buttons_open(c, &hw->buttons, err, sizeof(err));
	char *save = NULL;
	for (char *line = strtok_r(err, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		problem(hw, 0, NULL, "buttons: %s", line);
	if (rc < 0) {
		hw->buttons = NULL;
	} else if (turno_loop_add(turno_kiosk_loop(kiosk), turno_buttons_fd(hw->buttons), EPOLLIN, on_buttons,
	                          hw) < 0) {
		problem(hw, 0, NULL, "buttons: cannot watch them: %s", strerror(errno));
	}
	err[0] = '\0';
	rc = turno_display_open_configured(c, stdout, mono_now(hw), &hw->display, err, sizeof(err));
	if (rc < 0) {
		problem(hw, 0, NULL, "LED display: %s", err);
		hw->display = NULL;
	}
	struct turno_kiosk_module m = {
	        .name = "gpio",
	        .user = hw,
	        .on_event = on_event,
	        .next_deadline = next_deadline,
	        .on_wake = on_wake,
	        .add_status = add_status,
	        .free = hw_free,
	};
	if (turno_kiosk_add_module(kiosk, &m) < 0) {
		hw_free(hw);
		return NULL;
	}
	if (hw->buttons || hw->display)
		turno_notice("GPIO: %d button line(s), %d LED module(s)%s",
		             hw->buttons ? turno_buttons_line_count(hw->buttons) : 0,
		             hw->display ? turno_display_modules(hw->display) : 0,
		             c->gpio_backend == TURNO_GPIO_SIM ? " (simulated)" : "");
	return hw;
}

int turno_hardware_sim_key(struct turno_hardware *hw, int function_key, bool shift, bool ctrl)
{
	if (!hw || !hw->buttons)
		return -EINVAL;
	return turno_buttons_sim_key(hw->buttons, function_key, shift, ctrl);
}

int turno_hardware_display_text(struct turno_hardware *hw, int module, char *text, size_t len)
{
	if (!hw || !hw->display)
		return -EINVAL;
	return turno_display_text(hw->display, module, text, len);
}

int turno_hardware_display_modules(struct turno_hardware *hw)
{
	return hw && hw->display ? turno_display_modules(hw->display) : 0;
}
