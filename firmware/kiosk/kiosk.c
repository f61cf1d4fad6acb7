/* turno-kiosk: configuration, engine, control socket and modules around one loop.
 * It must never stop because of a request, a device or a failed write: every error
 * is logged, answered, shown, and the loop goes on. */
#include "kiosk/kiosk.h"

#include "control/protocol.h"
#include "core/error.h"
#include "core/log.h"
#include "core/requests.h"
#include "core/store.h"
#include "kiosk/control_server.h"
#include "kiosk/db_health.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#define MAX_MODULES 8

struct turno_kiosk {
	struct turno_config *config;
	struct turno_clock *clock;
	bool own_clock;
	struct turno_queue *queue;
	struct turno_loop *loop;
	struct turno_control_server *control;
	int signal_fd;
	bool running;
	int exit_code;
	struct turno_kiosk_module modules[MAX_MODULES];
	int module_count;
	int64_t next_minute_wall_ms;
	uint64_t watchdog_usec;
	int64_t next_watchdog_mono;
	bool status_changed;   /* something happened since STATUS= was last sent */
	char status_line[160]; /* the last STATUS= sent, to send only what is new */
	struct turno_db_health *health;
	char language[4];
};

const char *turno_kiosk_language(struct turno_kiosk *k)
{
	return k->language;
}

void turno_kiosk_set_language(struct turno_kiosk *k, const char *code)
{
	snprintf(k->language, sizeof(k->language), "%s", strcmp(code, "en") == 0 ? "en" : "it");
}

const struct turno_config *turno_kiosk_config(struct turno_kiosk *k)
{
	return k->config;
}

struct turno_queue *turno_kiosk_queue(struct turno_kiosk *k)
{
	return k->queue;
}

struct turno_loop *turno_kiosk_loop(struct turno_kiosk *k)
{
	return k->loop;
}

struct turno_clock *turno_kiosk_clock(struct turno_kiosk *k)
{
	return k->clock;
}

int turno_kiosk_add_module(struct turno_kiosk *k, const struct turno_kiosk_module *module)
{
	if (k->module_count == MAX_MODULES)
		return -ENOSPC;
	k->modules[k->module_count++] = *module;
	return 0;
}

static void broadcast(struct turno_kiosk *k, enum turno_kiosk_event event, const struct turno_ticket *t)
{
	k->status_changed = true;
	for (int i = 0; i < k->module_count; i++)
		if (k->modules[i].on_event)
			k->modules[i].on_event(k->modules[i].user, event, t);
}

void turno_kiosk_changed(struct turno_kiosk *k)
{
	broadcast(k, TURNO_KIOSK_STATE, NULL);
}

void turno_kiosk_quit(struct turno_kiosk *k)
{
	k->running = false;
}

/* A write to the engine: its failures start (and its success ends) a database problem,
 * each logged once, so a full disk doesn't flood (kiosk/db_health). */
static int engine_result(struct turno_kiosk *k, int rc, const char *what)
{
	return turno_db_health_result(k->health, rc, what);
}

/* A read (status) or housekeeping that may not have written: it reports a failure but
 * cannot prove that writes work again. */
static int engine_read_result(struct turno_kiosk *k, int rc, const char *what)
{
	return rc < 0 ? turno_db_health_result(k->health, rc, what) : rc;
}

int turno_kiosk_issue_blocked(struct turno_kiosk *k, const char **why)
{
	for (int i = 0; i < k->module_count; i++) {
		if (!k->modules[i].issue_blocker)
			continue;
		int rc = k->modules[i].issue_blocker(k->modules[i].user, why);
		if (rc < 0)
			return rc;
	}
	return 0;
}

bool turno_kiosk_print_unavailable(struct turno_kiosk *k)
{
	for (int i = 0; i < k->module_count; i++)
		if (k->modules[i].print_unavailable && k->modules[i].print_unavailable(k->modules[i].user))
			return true;
	return false;
}

int turno_kiosk_issue(struct turno_kiosk *k, char service, bool priority, bool print,
                      struct turno_ticket *out)
{
	const char *why = NULL;
	int rc = turno_kiosk_issue_blocked(k, &why);
	if (rc < 0)
		return rc;
	unsigned flags = (priority ? TURNO_ISSUE_PRIORITY : 0u) | (print ? TURNO_ISSUE_PRINT : 0u);
	rc = engine_result(k, turno_queue_issue(k->queue, service, flags, out), "issue");
	if (rc < 0)
		return rc;
	turno_info("issued %s (%s%s, %d ahead, ~%d min)", out->label,
	           turno_config_service(k->config, service)->name, priority ? ", priority" : "", out->ahead,
	           out->wait_minutes);
	broadcast(k, TURNO_KIOSK_ISSUED, out);
	return 0;
}

int turno_kiosk_call_next(struct turno_kiosk *k, int counter, struct turno_ticket *out)
{
	int busy = turno_db_health_fail_fast(k->health); /* the lock is still held: do not wait again */
	if (busy < 0)
		return busy;
	int rc = engine_result(k, turno_queue_call_next(k->queue, counter, out), "call");
	if (rc == TURNO_E_EMPTY) {
		/* The previous ticket was completed and the counter is free. */
		struct turno_ticket idle = {.counter = counter};
		broadcast(k, TURNO_KIOSK_COUNTER_IDLE, &idle);
		turno_kiosk_changed(k);
	}
	if (rc < 0)
		return rc;
	turno_info("counter %d calls %s", counter, out->label);
	broadcast(k, TURNO_KIOSK_CALLED, out);
	return 0;
}

int turno_kiosk_recall(struct turno_kiosk *k, int counter, struct turno_ticket *out)
{
	int busy = turno_db_health_fail_fast(k->health); /* the lock is still held: do not wait again */
	if (busy < 0)
		return busy;
	int rc = engine_result(k, turno_queue_recall(k->queue, counter, out), "recall");
	if (rc < 0)
		return rc;
	turno_info("counter %d recalls %s", counter, out->label);
	broadcast(k, TURNO_KIOSK_RECALLED, out);
	return 0;
}

int turno_kiosk_noshow(struct turno_kiosk *k, int counter, struct turno_ticket *noshow,
                       struct turno_ticket *next)
{
	noshow->id = 0;
	int busy = turno_db_health_fail_fast(k->health);
	if (busy < 0)
		return busy;
	int rc = engine_result(k, turno_queue_noshow(k->queue, counter, noshow, next), "noshow");
	if (noshow->id) {
		turno_info("counter %d: %s did not show up", counter, noshow->label);
		broadcast(k, TURNO_KIOSK_NO_SHOW, noshow);
	}
	if (rc < 0)
		return rc;
	broadcast(k, TURNO_KIOSK_CALLED, next);
	return 0;
}

int turno_kiosk_transfer(struct turno_kiosk *k, int counter, char service, struct turno_ticket *out)
{
	int busy = turno_db_health_fail_fast(k->health); /* the lock is still held: do not wait again */
	if (busy < 0)
		return busy;
	int rc = engine_result(k, turno_queue_transfer(k->queue, counter, service, out), "transfer");
	if (rc < 0)
		return rc;
	turno_info("counter %d transfers %s to service %c", counter, out->label, service);
	broadcast(k, TURNO_KIOSK_TRANSFERRED, out);
	return 0;
}

void turno_kiosk_print_result(struct turno_kiosk *k, int64_t ticket_id, enum turno_print_state state,
                              const char *detail)
{
	struct turno_ticket t;
	int rc = engine_result(k, turno_queue_record_print(k->queue, ticket_id, state, detail),
	                       "print result");
	if (turno_db_health_is_failure(rc))
		turno_db_health_defer_print(k->health, ticket_id, state, detail); /* written once it works */
	if (rc < 0 || turno_queue_get(k->queue, ticket_id, &t) < 0)
		return;
	if (state == TURNO_PRINT_PRINTED)
		turno_info("%s printed", t.label);
	else
		turno_warn("%s not printed (%s): %s", t.label, turno_print_state_name(state),
		           detail ? detail : "");
	broadcast(k, TURNO_KIOSK_PRINTED, &t);
}

/* ------------------------------------------------------------------ control socket */

static cJSON *error_reply(struct turno_kiosk *k, int rc)
{
	/* A database problem is told with its cause and fix, not only "database". */
	const char *problem = turno_db_health_problem(k->health);
	return turno_reply_error(rc, turno_db_health_is_failure(rc) && problem ? problem : NULL);
}

static cJSON *ticket_reply(const struct turno_ticket *t)
{
	cJSON *reply = turno_reply_ok();
	cJSON_AddItemToObject(reply, "ticket", turno_ticket_json(t));
	return reply;
}

static cJSON *status_reply(struct turno_kiosk *k)
{
	struct turno_status status;
	int rc = engine_read_result(k, turno_queue_status(k->queue, &status), "status");
	if (rc < 0)
		return error_reply(k, rc);
	cJSON *reply = turno_reply_ok();
	cJSON *s = turno_status_json(&status, k->config);
	for (int i = 0; i < k->module_count; i++)
		if (k->modules[i].add_status)
			k->modules[i].add_status(k->modules[i].user, s);
	const char *why = NULL;
	if (turno_kiosk_issue_blocked(k, &why) < 0)
		cJSON_AddStringToObject(s, "issuing_stopped", why ? why : "yes");
	cJSON_AddItemToObject(reply, "status", s);
	return reply;
}

static cJSON *dispatch(struct turno_kiosk *k, const struct turno_request *req)
{
	struct turno_ticket t, next;
	int rc;
	for (int i = 0; i < k->module_count; i++) {
		cJSON *reply = NULL;
		if (k->modules[i].handle_request &&
		    k->modules[i].handle_request(k->modules[i].user, req, &reply))
			return reply;
	}
	switch (req->command) {
	case TURNO_CMD_PING:
		return turno_reply_ok();
	case TURNO_CMD_STATUS:
		return status_reply(k);
	case TURNO_CMD_ISSUE:
		rc = turno_kiosk_issue(k, req->service, req->priority, !req->no_print, &t);
		return rc < 0 ? error_reply(k, rc) : ticket_reply(&t);
	case TURNO_CMD_CALL:
		rc = turno_kiosk_call_next(k, req->counter, &t);
		return rc < 0 ? error_reply(k, rc) : ticket_reply(&t);
	case TURNO_CMD_RECALL:
		rc = turno_kiosk_recall(k, req->counter, &t);
		return rc < 0 ? error_reply(k, rc) : ticket_reply(&t);
	case TURNO_CMD_NOSHOW: {
		rc = turno_kiosk_noshow(k, req->counter, &t, &next);
		if (rc < 0 && rc != TURNO_E_EMPTY)
			return error_reply(k, rc);
		cJSON *reply = turno_reply_ok();
		cJSON_AddItemToObject(reply, "no_show", turno_ticket_json(&t));
		if (rc == 0)
			cJSON_AddItemToObject(reply, "ticket", turno_ticket_json(&next));
		else
			cJSON_AddNullToObject(reply, "ticket");
		return reply;
	}
	case TURNO_CMD_TRANSFER:
		rc = turno_kiosk_transfer(k, req->counter, req->service, &t);
		return rc < 0 ? error_reply(k, rc) : ticket_reply(&t);
	case TURNO_CMD_PRINT_TEST:
		return turno_reply_error(TURNO_E_NOT_FOUND,
		                         "printing is not running in this kiosk (see its log)");
	}
	return error_reply(k, TURNO_E_INVALID);
}

/* The answer to a request already done under this id, rebuilt from what was recorded
 * with the change: the same ticket (as it is now), marked "replayed". */
static cJSON *replay(struct turno_kiosk *k, const struct turno_request *req, const char *text,
                     const struct turno_request_record *done)
{
	if (strcmp(done->request, text) != 0) {
		char message[TURNO_REQUEST_ID_MAX + 2 * TURNO_REQUEST_TEXT_MAX + 96];
		snprintf(message, sizeof(message),
		         "request_id %s was already used for another request (\"%s\"): give each new "
		         "request a new id",
		         req->request_id, done->request);
		return turno_reply_error(TURNO_E_INVALID, message);
	}
	struct turno_ticket t = {0}, other = {0};
	bool have_ticket = done->ticket_id && turno_queue_get(k->queue, done->ticket_id, &t) == 0;
	bool have_other =
	        done->other_ticket_id && turno_queue_get(k->queue, done->other_ticket_id, &other) == 0;
	cJSON *reply;
	if (req->command == TURNO_CMD_NOSHOW) {
		reply = turno_reply_ok();
		cJSON_AddItemToObject(reply, "no_show",
		                      have_other ? turno_ticket_json(&other) : cJSON_CreateNull());
		cJSON_AddItemToObject(reply, "ticket",
		                      have_ticket ? turno_ticket_json(&t) : cJSON_CreateNull());
	} else if (done->result < 0) {
		reply = error_reply(k, done->result);
	} else if (have_ticket) {
		reply = ticket_reply(&t);
	} else {
		return error_reply(k, TURNO_E_DB);
	}
	cJSON_AddBoolToObject(reply, "replayed", 1);
	turno_notice("request %s (%s) came again: answered as the first time, not done twice",
	             req->request_id, text);
	return reply;
}

static cJSON *handle_request(const struct turno_request *req, void *user)
{
	struct turno_kiosk *k = user;
	if (!req->request_id[0] || !turno_request_changes(req) || req->command == TURNO_CMD_PRINT_TEST)
		return dispatch(k, req);
	/* The request as recorded: its line without the id. */
	struct turno_request bare = *req;
	bare.request_id[0] = '\0';
	char text[TURNO_REQUEST_TEXT_MAX];
	turno_request_format(&bare, text, sizeof(text));
	text[strcspn(text, "\n")] = '\0';
	struct turno_request_record done;
	int rc = turno_requests_find(turno_queue_store(k->queue), req->request_id, &done);
	if (rc == 0)
		return replay(k, req, text, &done);
	if (rc != TURNO_E_NOT_FOUND)
		return error_reply(k, engine_read_result(k, rc, "request id"));
	turno_queue_set_request(k->queue, req->request_id, text);
	cJSON *reply = dispatch(k, req);
	turno_queue_set_request(k->queue, NULL, NULL);
	return reply;
}

/* ------------------------------------------------------------------ loop */

static void on_signal(int fd, uint32_t events, void *user)
{
	struct turno_kiosk *k = user;
	struct signalfd_siginfo si;
	while (read(fd, &si, sizeof(si)) == sizeof(si)) {
		turno_notice("signal %u: stopping", si.ssi_signo);
		k->running = false;
	}
}

static int64_t next_minute(int64_t wall_ms)
{
	return (wall_ms / 60000 + 1) * 60000;
}

static void housekeeping(struct turno_kiosk *k)
{
	int rc = engine_read_result(k, turno_queue_tick(k->queue), "tick");
	if (rc > 0)
		turno_info("%d ticket(s) expired", rc);
	turno_kiosk_changed(k);
}

static void send_watchdog(struct turno_kiosk *k, int64_t mono)
{
	if (!k->watchdog_usec || mono < k->next_watchdog_mono)
		return;
	/* Sent only from the loop itself: a hung loop stops it and systemd restarts us. */
	sd_notify(0, "WATCHDOG=1");
	k->next_watchdog_mono = mono + (int64_t)(k->watchdog_usec / 2000);
}

static void notify_status(struct turno_kiosk *k)
{
	struct turno_status s;
	if (turno_queue_status(k->queue, &s) < 0)
		return;
	char line[160];
	snprintf(line, sizeof(line), "STATUS=%d waiting; last call %s%s", s.waiting_total,
	         s.last_call_count ? s.last_calls[0].label : "none",
	         s.office_availability ? " (not issuing)" : "");
	k->status_changed = false;
	if (strcmp(line, k->status_line) == 0)
		return;
	snprintf(k->status_line, sizeof(k->status_line), "%s", line);
	sd_notify(0, line);
}

void turno_kiosk_wake_modules(struct turno_kiosk *k, int64_t now_mono)
{
	for (int i = 0; i < k->module_count; i++)
		if (k->modules[i].on_wake)
			k->modules[i].on_wake(k->modules[i].user, now_mono);
}

int turno_kiosk_run(struct turno_kiosk *k)
{
	k->running = true;
	k->next_minute_wall_ms = next_minute(turno_clock_wall_ms(k->clock));
	housekeeping(k);
	for (int i = 0; i < k->module_count; i++)
		if (k->modules[i].before_sleep)
			k->modules[i].before_sleep(k->modules[i].user);
	sd_notify(0, "READY=1");
	notify_status(k);
	turno_notice("ready: %s, %d services, %d counters, control socket %s", k->config->office_name,
	             k->config->service_count, k->config->counter_count, k->config->control_socket);
	while (k->running) {
		int64_t mono = turno_clock_mono_ms(k->clock);
		int64_t wall = turno_clock_wall_ms(k->clock);
		int64_t timeout = k->next_minute_wall_ms - wall;
		if (timeout > 60000 || timeout < 0)
			timeout = timeout < 0 ? 0 : 60000; /* the wall clock jumped */
		if (k->watchdog_usec && k->next_watchdog_mono - mono < timeout)
			timeout = k->next_watchdog_mono - mono;
		for (int i = 0; i < k->module_count; i++) {
			if (!k->modules[i].next_deadline)
				continue;
			int64_t d = k->modules[i].next_deadline(k->modules[i].user);
			if (d >= 0 && d - mono < timeout)
				timeout = d - mono;
		}
		if (timeout < 0)
			timeout = 0;
		turno_loop_run_once(k->loop, (int)turno_clock_real_ms(k->clock, timeout));
		mono = turno_clock_mono_ms(k->clock);
		wall = turno_clock_wall_ms(k->clock);
		if (wall >= k->next_minute_wall_ms || k->next_minute_wall_ms - wall > 60000) {
			k->next_minute_wall_ms = next_minute(wall);
			housekeeping(k);
		}
		turno_kiosk_wake_modules(k, mono);
		send_watchdog(k, mono);
		if (k->status_changed) /* a ticket, a call, the minute: `systemctl status` stays current */
			notify_status(k);
		for (int i = 0; i < k->module_count; i++)
			if (k->modules[i].before_sleep)
				k->modules[i].before_sleep(k->modules[i].user);
	}
	sd_notify(0, "STOPPING=1");
	return k->exit_code;
}

/* ------------------------------------------------------------------ setup */

struct turno_kiosk *turno_kiosk_new(const struct turno_kiosk_options *o, int *exit_code)
{
	char err[512];
	struct turno_kiosk *k = calloc(1, sizeof(*k));
	if (!k) {
		*exit_code = 1;
		return NULL;
	}
	k->signal_fd = -1;
	int rc = turno_config_load(o->config_path, &k->config, err, sizeof(err));
	if (rc < 0) {
		turno_err("%s", err);
		*exit_code = TURNO_EX_CONFIG;
		goto err_free;
	}
	if (o->database)
		snprintf(k->config->database, sizeof(k->config->database), "%s", o->database);
	k->config->ignore_hours = o->ignore_hours;
	turno_kiosk_set_language(k, k->config->ui_language);
	if (o->preview_dir)
		snprintf(k->config->printer_preview_dir, sizeof(k->config->printer_preview_dir), "%s",
		         o->preview_dir);
	if (o->simulate) {
		/* One simulated LED module per counter, whatever the file says about wiring. */
		k->config->gpio_backend = TURNO_GPIO_SIM;
		if (k->config->display_mode == TURNO_DISPLAY_OFF)
			k->config->display_mode = TURNO_DISPLAY_PER_COUNTER;
		int modules = 0;
		for (int i = 0; i < k->config->counter_count; i++)
			if (k->config->counters[i].display_module > modules)
				modules = k->config->counters[i].display_module;
		if (modules > k->config->display_modules)
			k->config->display_modules = modules > 16 ? 16 : modules;
	}
	if (o->ignore_hours)
		turno_warn("--ignore-hours: tickets are issued at any hour (demo mode)");
	if (o->socket)
		snprintf(k->config->control_socket, sizeof(k->config->control_socket), "%s", o->socket);
	if ((o->socket || o->database) && turno_config_check_paths(k->config, err, sizeof(err)) < 0) {
		turno_err("%s%s", o->socket ? "--socket: " : "--database: ", err);
		*exit_code = TURNO_EX_CONFIG;
		goto err_free;
	}
	k->own_clock = !o->clock;
	k->clock = o->clock ? o->clock : turno_clock_new_system();
	k->loop = turno_loop_new();
	if (!k->clock || !k->loop) {
		*exit_code = 1;
		goto err_free;
	}
	/* The socket first: a second turno-kiosk started by hand must stop here, before its
	 * engine marks the running kiosk's tickets in print as unknown (see turno_queue_open). */
	rc = turno_control_server_open(k->loop, k->config->control_socket, handle_request, k, &k->control);
	if (rc < 0) {
		if (rc == -EADDRINUSE)
			turno_err("another turno-kiosk is already running on %s", k->config->control_socket);
		else if (rc == -ENOTSOCK)
			turno_err("[control] socket = %s: a file that is not a socket is already there (the "
			          "database? a typo?); it was left alone: give the socket its own path, e.g. "
			          "/run/turno/control.sock",
			          k->config->control_socket);
		else
			turno_err("cannot open the control socket %s: %s (does its directory exist?)",
			          k->config->control_socket, strerror(-rc));
		/* A wrong path is the configuration's mistake: 78, which systemd does not retry. */
		*exit_code = rc == -EADDRINUSE                        ? 75
		             : rc == -ENOTSOCK || rc == -ENAMETOOLONG ? TURNO_EX_CONFIG
		                                                      : 73;
		goto err_free;
	}
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	k->signal_fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (k->signal_fd < 0 || turno_loop_add(k->loop, k->signal_fd, EPOLLIN, on_signal, k) < 0) {
		turno_err("cannot watch signals: %s", strerror(errno));
		*exit_code = 1;
		goto err_free;
	}
	rc = turno_queue_open(k->config, k->clock, k->config->database, &k->queue);
	if (rc < 0) {
		/* The store knows the cause (read-only, damaged, full, locked…): say it. */
		const char *why = turno_store_open_error();
		turno_err("cannot open the database %s: %s", k->config->database,
		          why[0] ? why : turno_strerror(rc));
		*exit_code = 73; /* EX_CANTCREAT */
		goto err_free;
	}
	struct turno_kiosk_module health;
	k->health = turno_db_health_new(k);
	if (!k->health) {
		*exit_code = 1;
		goto err_free;
	}
	turno_db_health_module(k->health, &health);
	turno_kiosk_add_module(k, &health);
	if (sd_watchdog_enabled(0, &k->watchdog_usec) <= 0)
		k->watchdog_usec = 0;
	*exit_code = 0;
	return k;
err_free:
	turno_kiosk_free(k);
	return NULL;
}

void turno_kiosk_free(struct turno_kiosk *k)
{
	if (!k)
		return;
	for (int i = k->module_count - 1; i >= 0; i--)
		if (k->modules[i].free)
			k->modules[i].free(k->modules[i].user);
	turno_control_server_close(k->control);
	if (k->signal_fd >= 0) {
		turno_loop_remove(k->loop, k->signal_fd);
		close(k->signal_fd);
	}
	turno_queue_close(k->queue);
	turno_loop_free(k->loop);
	if (k->own_clock)
		turno_clock_free(k->clock);
	turno_config_free(k->config);
	free(k);
}
