/* The operators' buttons (see buttons.h): the libgpiod thread, the mapping from
 * debounced presses to actions, and the queue the main loop drains. The thread only
 * ever touches the lines, the debouncers and the queue; the main loop only the queue. */
#include "gpio/buttons.h"

#include "gpio/debounce.h"
#include "gpio/gpioline.h"
#include "gpio/lines.h"

#include <errno.h>
#include <fcntl.h>
#include <gpiod.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define MAX_BUTTONS (TURNO_MAX_COUNTERS * 3)
#define QUEUE_SIZE 128
#define EVENTS_PER_READ 16

struct button {
	int counter;
	enum turno_button_action action;
	bool long_press_recall; /* a next button on a counter without recall button */
	char spec[64];
	void *line; /* the ops' handle: a struct gpiod_line with libgpiod */
	int fd;
	struct turno_debounce *debounce;
	bool failed;
};

struct turno_buttons {
	const struct turno_config *config;
	struct turno_button_line_ops ops;
	struct button buttons[MAX_BUTTONS];
	int count;
	int event_fd;
	int stop_pipe[2];
	pthread_t thread;
	bool thread_started;
	pthread_mutex_t lock; /* guards the queue */
	struct turno_button_event queue[QUEUE_SIZE];
	int head, length;
};

const char *turno_button_action_name(enum turno_button_action action)
{
	switch (action) {
	case TURNO_BUTTON_NEXT:
		return "next";
	case TURNO_BUTTON_RECALL:
		return "recall";
	case TURNO_BUTTON_NOSHOW:
		return "noshow";
	}
	return "?";
}

/* ---------------------------------------------------------------- the queue */

static void push(struct turno_buttons *b, const struct turno_button_event *event)
{
	pthread_mutex_lock(&b->lock);
	if (b->length < QUEUE_SIZE) {
		b->queue[(b->head + b->length) % QUEUE_SIZE] = *event;
		b->length++;
	}
	/* Under the lock, so the fd is readable exactly while the queue is not empty. */
	uint64_t one = 1;
	ssize_t written = write(b->event_fd, &one, sizeof(one));
	(void)written; /* only fails when the counter is saturated: still readable */
	pthread_mutex_unlock(&b->lock);
}

bool turno_buttons_next_event(struct turno_buttons *buttons, struct turno_button_event *out)
{
	struct turno_buttons *b = buttons;
	bool got = false;
	pthread_mutex_lock(&b->lock);
	if (b->length > 0) {
		*out = b->queue[b->head];
		b->head = (b->head + 1) % QUEUE_SIZE;
		b->length--;
		got = true;
	}
	if (b->length == 0) {
		uint64_t count;
		ssize_t got_bytes = read(b->event_fd, &count, sizeof(count));
		(void)got_bytes; /* EAGAIN: already drained */
	}
	pthread_mutex_unlock(&b->lock);
	return got;
}

int turno_buttons_fd(const struct turno_buttons *buttons)
{
	return buttons->event_fd;
}

int turno_buttons_line_count(const struct turno_buttons *buttons)
{
	return buttons ? buttons->count : 0;
}

/* ---------------------------------------------------------------- the thread */

static void deliver(struct turno_buttons *b, const struct button *button,
                    const struct turno_debounce_output *outs, int count)
{
	for (int i = 0; i < count; i++) {
		struct turno_button_event event = {
		        .action = button->action,
		        .counter = button->counter,
		        .edge_ns = outs[i].edge_ns,
		};
		snprintf(event.line, sizeof(event.line), "%s", button->spec);
		switch (outs[i].kind) {
		case TURNO_DEBOUNCE_PRESS:
			event.kind = TURNO_BUTTON_ACTION;
			break;
		case TURNO_DEBOUNCE_LONG_PRESS:
			event.kind = TURNO_BUTTON_ACTION;
			event.action = TURNO_BUTTON_RECALL;
			break;
		case TURNO_DEBOUNCE_STUCK:
			event.kind = TURNO_BUTTON_STUCK;
			break;
		case TURNO_DEBOUNCE_RELEASED_AFTER_STUCK:
			event.kind = TURNO_BUTTON_RELEASED;
			break;
		}
		push(b, &event);
	}
}

static void read_edges(struct turno_buttons *b, struct button *button)
{
	struct turno_button_edge edges[EVENTS_PER_READ];
	int n = b->ops.read(b->ops.user, button->line, edges, EVENTS_PER_READ);
	if (n < 0) {
		if (n == -EAGAIN || n == -EINTR)
			return;
		struct turno_button_event event = {
		        .kind = TURNO_BUTTON_FAILED,
		        .action = button->action,
		        .counter = button->counter,
		        .edge_ns = turno_monotonic_ns(),
		        .error = n,
		};
		snprintf(event.line, sizeof(event.line), "%s", button->spec);
		button->failed = true;
		push(b, &event);
		return;
	}
	for (int i = 0; i < n; i++) {
		bool pressed = edges[i].high != b->config->gpio_active_low;
		struct turno_debounce_output outs[TURNO_DEBOUNCE_MAX_OUTPUTS];
		int count = turno_debounce_edge(button->debounce, edges[i].t_ns, pressed, outs);
		deliver(b, button, outs, count);
	}
}

static void *thread_main(void *user)
{
	struct turno_buttons *b = user;
	struct pollfd fds[1 + MAX_BUTTONS];
	int owner[1 + MAX_BUTTONS];
	for (;;) {
		int n = 0;
		fds[n++] = (struct pollfd){.fd = b->stop_pipe[0], .events = POLLIN};
		int64_t deadline = TURNO_DEBOUNCE_NEVER;
		for (int i = 0; i < b->count; i++) {
			if (b->buttons[i].failed)
				continue;
			owner[n] = i;
			fds[n++] = (struct pollfd){.fd = b->buttons[i].fd, .events = POLLIN};
			int64_t d = turno_debounce_deadline(b->buttons[i].debounce);
			if (d < deadline)
				deadline = d;
		}
		int timeout = -1;
		if (deadline != TURNO_DEBOUNCE_NEVER) {
			int64_t wait_ns = deadline - turno_monotonic_ns();
			/* Rounded up: waking a hair early would only mean polling again. */
			timeout = wait_ns <= 0 ? 0 : (int)((wait_ns + 999999) / 1000000);
		}
		int ready = poll(fds, (nfds_t)n, timeout);
		if (ready < 0 && errno != EINTR) {
			/* Cannot wait any more: say so rather than go quiet. */
			struct turno_button_event event = {
			        .kind = TURNO_BUTTON_FAILED,
			        .edge_ns = turno_monotonic_ns(),
			        .error = -errno,
			};
			snprintf(event.line, sizeof(event.line), "all buttons");
			push(b, &event);
			break;
		}
		if (fds[0].revents)
			break;
		for (int k = 1; ready > 0 && k < n; k++) {
			if (fds[k].revents & POLLIN)
				read_edges(b, &b->buttons[owner[k]]);
			else if (fds[k].revents & (POLLERR | POLLHUP | POLLNVAL)) {
				struct button *button = &b->buttons[owner[k]];
				struct turno_button_event event = {
				        .kind = TURNO_BUTTON_FAILED,
				        .action = button->action,
				        .counter = button->counter,
				        .edge_ns = turno_monotonic_ns(),
				        .error = -ENODEV,
				};
				snprintf(event.line, sizeof(event.line), "%s", button->spec);
				button->failed = true;
				push(b, &event);
			}
		}
		int64_t now = turno_monotonic_ns();
		for (int i = 0; i < b->count; i++) {
			struct turno_debounce_output outs[TURNO_DEBOUNCE_MAX_OUTPUTS];
			int count = turno_debounce_timer(b->buttons[i].debounce, now, outs);
			deliver(b, &b->buttons[i], outs, count);
		}
	}
	return NULL;
}

/* ---------------------------------------------------------------- opening */

static int bias_flags(enum turno_gpio_bias bias)
{
	switch (bias) {
	case TURNO_BIAS_PULL_UP:
		return GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP;
	case TURNO_BIAS_PULL_DOWN:
		return GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN;
	case TURNO_BIAS_DISABLED:
		return GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE;
	}
	return 0;
}

/* The real line ops: libgpiod 1.6 through gpioline.h. */
static int libgpiod_request(void *user, const struct turno_gpioline_request *request, void **handle, int *fd,
                            bool *high, char *err, size_t err_len)
{
	(void)user;
	struct gpiod_line *line;
	int rc = turno_gpioline_request(request, &line, err, err_len);
	if (rc < 0)
		return rc;
	*fd = gpiod_line_event_get_fd(line);
	int value = gpiod_line_get_value(line);
	if (*fd < 0 || value < 0) {
		int e = errno ? errno : EIO;
		snprintf(err, err_len, "%s = %s: cannot read the line: %s", request->what, request->spec,
		         strerror(e));
		turno_gpioline_close(line);
		return -e;
	}
	*high = value == 1;
	*handle = line;
	return 0;
}

static int libgpiod_read(void *user, void *handle, struct turno_button_edge *edges, int max)
{
	(void)user;
	struct gpiod_line_event events[EVENTS_PER_READ];
	if (max > EVENTS_PER_READ)
		max = EVENTS_PER_READ;
	int n = gpiod_line_event_read_multiple(handle, events, (unsigned)max);
	if (n < 0)
		return errno ? -errno : -EIO;
	for (int i = 0; i < n; i++) {
		edges[i].high = events[i].event_type == GPIOD_LINE_EVENT_RISING_EDGE;
		edges[i].t_ns = (int64_t)events[i].ts.tv_sec * 1000000000 + events[i].ts.tv_nsec;
	}
	return n;
}

static void libgpiod_release(void *user, void *handle)
{
	(void)user;
	turno_gpioline_close(handle);
}

static const struct turno_button_line_ops libgpiod_ops = {
        .request = libgpiod_request,
        .read = libgpiod_read,
        .release = libgpiod_release,
};

/* Appends one failure to err, a line each, as much as fits. */
static void add_failure(char *err, size_t err_len, const char *why)
{
	size_t used = strlen(err);
	if (used + 1 < err_len)
		snprintf(err + used, err_len - used, "%s%s", used ? "\n" : "", why);
}

/* Requests one line; on failure nothing is kept and err says why. */
static int add_button(struct turno_buttons *b, const struct turno_counter_config *counter, const char *spec,
                      enum turno_button_action action, const char *key, char *err, size_t err_len)
{
	struct button *button = &b->buttons[b->count];
	*button = (struct button){0};
	char what[64];
	snprintf(what, sizeof(what), "[counter.%d] %s", counter->id, key);
	struct turno_gpioline_request request = {
	        .spec = spec,
	        .what = what,
	        .mode = TURNO_GPIOLINE_EDGES,
	        .flags = bias_flags(b->config->gpio_bias),
	};
	bool high = false;
	int rc = b->ops.request(b->ops.user, &request, &button->line, &button->fd, &high, err, err_len);
	if (rc < 0)
		return rc;
	button->counter = counter->id;
	button->action = action;
	button->long_press_recall = action == TURNO_BUTTON_NEXT && !counter->recall_button[0];
	snprintf(button->spec, sizeof(button->spec), "%s", spec);
	struct turno_debounce_config dc = {
	        .debounce_ns = (int64_t)b->config->gpio_debounce_ms * 1000000,
	        .long_press_ns =
	                button->long_press_recall ? (int64_t)b->config->gpio_long_press_ms * 1000000 : 0,
	        .stuck_ns = (int64_t)b->config->gpio_stuck_ms * 1000000,
	};
	bool pressed = high != b->config->gpio_active_low;
	button->debounce = turno_debounce_new(&dc, pressed, turno_monotonic_ns());
	if (!button->debounce) {
		b->ops.release(b->ops.user, button->line);
		snprintf(err, err_len, "%s: out of memory", what);
		return -ENOMEM;
	}
	b->count++; /* from here on close() releases it */
	return 0;
}

/* Tries every configured line. One that fails is left out and told in err, so that one
 * busy or miswired line does not take the other counters' buttons with it. Returns 0
 * when all opened, else the first failure's negative errno. (A recall or no-show
 * button without next is refused by the configuration already.) */
static int open_lines(struct turno_buttons *b, char *err, size_t err_len)
{
	const struct turno_config *c = b->config;
	int first_rc = 0;
	for (int i = 0; i < c->counter_count; i++) {
		const struct turno_counter_config *counter = &c->counters[i];
		const struct {
			const char *spec, *key;
			enum turno_button_action action;
		} wired[] = {
		        {counter->next_button, "next_button", TURNO_BUTTON_NEXT},
		        {counter->recall_button, "recall_button", TURNO_BUTTON_RECALL},
		        {counter->noshow_button, "noshow_button", TURNO_BUTTON_NOSHOW},
		};
		for (size_t k = 0; k < sizeof(wired) / sizeof(wired[0]); k++) {
			if (!wired[k].spec[0])
				continue;
			char why[512] = "";
			int rc = add_button(b, counter, wired[k].spec, wired[k].action, wired[k].key, why,
			                    sizeof(why));
			if (rc == 0)
				continue;
			if (first_rc == 0)
				first_rc = rc;
			add_failure(err, err_len, why);
		}
	}
	return first_rc;
}

int turno_buttons_open(const struct turno_config *config, struct turno_buttons **out, char *err,
                       size_t err_len)
{
	return turno_buttons_open_with(config, &libgpiod_ops, out, err, err_len);
}

int turno_buttons_open_with(const struct turno_config *config, const struct turno_button_line_ops *ops,
                            struct turno_buttons **out, char *err, size_t err_len)
{
	*out = NULL;
	if (err_len)
		err[0] = '\0';
	struct turno_buttons *b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->config = config;
	b->ops = *ops;
	b->stop_pipe[0] = b->stop_pipe[1] = -1;
	pthread_mutex_init(&b->lock, NULL);
	b->event_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (b->event_fd < 0) {
		int e = errno;
		snprintf(err, err_len, "buttons: eventfd: %s", strerror(e));
		turno_buttons_close(b);
		return -e;
	}
	int rc = 0;
	switch (config->gpio_backend) {
	case TURNO_GPIO_NONE:
	case TURNO_GPIO_SIM:
		break;
	case TURNO_GPIO_LIBGPIOD:
		rc = open_lines(b, err, err_len);
		if (b->count > 0) {
			rc = 0; /* the lines that opened work; err tells about the others */
			char why[128];
			if (pipe2(b->stop_pipe, O_CLOEXEC) < 0) {
				rc = -errno;
				snprintf(why, sizeof(why), "buttons: pipe: %s", strerror(errno));
				add_failure(err, err_len, why);
			} else if ((rc = -pthread_create(&b->thread, NULL, thread_main, b)) < 0) {
				snprintf(why, sizeof(why), "buttons: cannot start the thread: %s",
				         strerror(-rc));
				add_failure(err, err_len, why);
			} else {
				b->thread_started = true;
			}
		}
		break;
	}
	if (rc < 0) {
		turno_buttons_close(b);
		return rc;
	}
	*out = b;
	return 0;
}

void turno_buttons_close(struct turno_buttons *buttons)
{
	struct turno_buttons *b = buttons;
	if (!b)
		return;
	if (b->thread_started) {
		char stop = 1;
		ssize_t written = write(b->stop_pipe[1], &stop, 1);
		(void)written; /* a pipe with room: cannot fail */
		pthread_join(b->thread, NULL);
	}
	for (int i = 0; i < b->count; i++) {
		turno_debounce_free(b->buttons[i].debounce);
		b->ops.release(b->ops.user, b->buttons[i].line);
	}
	for (int i = 0; i < 2; i++)
		if (b->stop_pipe[i] >= 0)
			close(b->stop_pipe[i]);
	if (b->event_fd >= 0)
		close(b->event_fd);
	pthread_mutex_destroy(&b->lock);
	free(b);
}

int turno_buttons_sim_key(struct turno_buttons *buttons, int function_key, bool shift, bool ctrl)
{
	if (!turno_config_counter(buttons->config, function_key))
		return -ENOENT;
	struct turno_button_event event = {
	        .kind = TURNO_BUTTON_ACTION,
	        .action = ctrl    ? TURNO_BUTTON_NOSHOW
	                  : shift ? TURNO_BUTTON_RECALL
	                          : TURNO_BUTTON_NEXT,
	        .counter = function_key,
	        .edge_ns = turno_monotonic_ns(),
	};
	snprintf(event.line, sizeof(event.line), "keyboard F%d", function_key);
	push(buttons, &event);
	return 0;
}
