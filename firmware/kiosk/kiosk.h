/* turno-kiosk's application: the configuration, the queue engine, the control socket
 * and the modules that hang off the loop (screen, printer, buttons, LED display).
 *
 * Every way of issuing or calling (a tap, a button, turno-ctl) goes through the same
 * functions here, so they behave the same and every module hears about every change.
 * This is program-level code: it logs. */
#ifndef TURNO_KIOSK_H
#define TURNO_KIOSK_H

#include "control/protocol.h"
#include "core/queue.h"
#include "kiosk/loop.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

struct turno_kiosk;

struct turno_kiosk_options {
	const char *config_path;
	const char *database;      /* overrides [storage] database when not NULL */
	const char *socket;        /* overrides [control] socket when not NULL */
	bool headless;             /* no screen: the engine and the control socket only */
	bool ignore_hours;         /* issue at any hour (demos, tests); caps still apply */
	bool simulate;             /* simulated buttons and LED display (development, `make run`) */
	const char *preview_dir;   /* overrides [printer] preview_dir: tickets to files, no printer */
	struct turno_clock *clock; /* NULL: the system clock; else borrowed (tests), must outlive the kiosk */
};

enum turno_kiosk_event {
	TURNO_KIOSK_ISSUED, /* ticket: the new ticket */
	TURNO_KIOSK_CALLED, /* ticket: called to ticket->counter */
	TURNO_KIOSK_RECALLED,
	TURNO_KIOSK_NO_SHOW, /* ticket: the one marked */
	TURNO_KIOSK_TRANSFERRED,
	TURNO_KIOSK_PRINTED,      /* ticket: with its new print_state */
	TURNO_KIOSK_COUNTER_IDLE, /* ticket: only ->counter set: it called and nobody was waiting */
	TURNO_KIOSK_STATE,        /* something else changed (minute, day, printer state, …); ticket NULL */
};

/* A part of the kiosk that lives in its loop. Every hook may be NULL. */
struct turno_kiosk_module {
	const char *name;
	void *user;
	/* Something happened; update state, don't render here. */
	void (*on_event)(void *user, enum turno_kiosk_event event, const struct turno_ticket *ticket);
	/* Before the loop sleeps: render once if dirty. */
	void (*before_sleep)(void *user);
	/* Monotonic ms of the module's next deadline, or -1 for none. */
	int64_t (*next_deadline)(void *user);
	/* Called after every wake-up with the monotonic time. */
	void (*on_wake)(void *user, int64_t now_mono_ms);
	/* Adds module-specific fields to `turno-ctl status` (object owned by the kiosk). */
	void (*add_status)(void *user, cJSON *status);
	/* When issuing must stop (printer out of paper with stop_issuing…): a TURNO_E_* and a
	 * sentence for staff; 0 when fine. */
	int (*issue_blocker)(void *user, const char **why);
	/* Tickets are still issued but cannot be printed now (the printer is stopped, out of
	 * paper, rejecting jobs or unreachable): true. The screen then tells citizens to note
	 * their number instead of taking a paper ticket. */
	bool (*print_unavailable)(void *user);
	/* A control request the module answers (e.g. print-test): returns 1 and sets
	 * *reply when it handled it, 0 to let others. */
	int (*handle_request)(void *user, const struct turno_request *request, cJSON **reply);
	void (*free)(void *user);
};

/* Loads the configuration and opens everything. On failure logs what is wrong and
 * returns NULL with *exit_code set (78 for a configuration error). */
struct turno_kiosk *turno_kiosk_new(const struct turno_kiosk_options *options, int *exit_code);
/* Runs until SIGINT/SIGTERM. Returns the exit code. */
int turno_kiosk_run(struct turno_kiosk *kiosk);
void turno_kiosk_free(struct turno_kiosk *kiosk);

/* Registers a module (copied); the kiosk calls its free hook at the end. */
int turno_kiosk_add_module(struct turno_kiosk *kiosk, const struct turno_kiosk_module *module);

const struct turno_config *turno_kiosk_config(struct turno_kiosk *kiosk);
struct turno_queue *turno_kiosk_queue(struct turno_kiosk *kiosk);
struct turno_loop *turno_kiosk_loop(struct turno_kiosk *kiosk);
struct turno_clock *turno_kiosk_clock(struct turno_kiosk *kiosk);

/* The shared actions. Return 0 or TURNO_E_*; *out filled on success. */
int turno_kiosk_issue(struct turno_kiosk *kiosk, char service, bool priority, bool print,
                      struct turno_ticket *out);
int turno_kiosk_call_next(struct turno_kiosk *kiosk, int counter, struct turno_ticket *out);
int turno_kiosk_recall(struct turno_kiosk *kiosk, int counter, struct turno_ticket *out);
int turno_kiosk_noshow(struct turno_kiosk *kiosk, int counter, struct turno_ticket *noshow,
                       struct turno_ticket *next);
int turno_kiosk_transfer(struct turno_kiosk *kiosk, int counter, char service, struct turno_ticket *out);
/* 0 when tickets may be issued, else the TURNO_E_* of the first module that stops issuing
 * (*why: its sentence for staff). */
int turno_kiosk_issue_blocked(struct turno_kiosk *kiosk, const char **why);
/* Whether some module says tickets cannot be printed now (see print_unavailable). */
bool turno_kiosk_print_unavailable(struct turno_kiosk *kiosk);
/* A module reports a ticket's print outcome (recorded, then every module hears it). */
void turno_kiosk_print_result(struct turno_kiosk *kiosk, int64_t ticket_id, enum turno_print_state state,
                              const char *detail);
/* Tells every module that something changed (TURNO_KIOSK_STATE). */
void turno_kiosk_changed(struct turno_kiosk *kiosk);
/* The citizen's language on the screen now ("it" or "en"); the screen sets it, tickets
 * are printed in it. */
const char *turno_kiosk_language(struct turno_kiosk *kiosk);
void turno_kiosk_set_language(struct turno_kiosk *kiosk, const char *code);
/* What the loop does after each wake-up: every module's on_wake (tests drive a kiosk
 * without its loop through it). */
void turno_kiosk_wake_modules(struct turno_kiosk *kiosk, int64_t now_mono);
/* Asks the loop to stop after this pass. */
void turno_kiosk_quit(struct turno_kiosk *kiosk);

#endif
