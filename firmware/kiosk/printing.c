/* Printing inside the kiosk's loop. */
#include "kiosk/printing.h"

#include "core/error.h"
#include "core/log.h"
#include "print/printer.h"
#include "print/ticket.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>

struct turno_printing {
	struct turno_kiosk *kiosk;
	struct turno_printer *printer;
	enum turno_printer_state last_state;
	char block_reason[320];
	int64_t submitted, printed, failed, unknown;
};

static bool printer_unusable(enum turno_printer_state state)
{
	switch (state) {
	case TURNO_PRINTER_STOPPED:
	case TURNO_PRINTER_NOT_ACCEPTING:
	case TURNO_PRINTER_OFFLINE:
	case TURNO_PRINTER_NOT_FOUND:
	case TURNO_PRINTER_UNREACHABLE:
		return true;
	case TURNO_PRINTER_UNKNOWN:
	case TURNO_PRINTER_READY:
	case TURNO_PRINTER_PREVIEW:
		return false;
	}
	return false;
}

static void on_printer(int fd, uint32_t events, void *user)
{
	struct turno_printing *p = user;
	struct turno_print_result r;
	while (turno_printer_next_result(p->printer, &r) > 0) {
		if (r.ticket_id == 0) {
			turno_info("test ticket: %s%s%s", turno_print_state_name(r.state),
			           r.reason[0] ? ": " : "", r.reason);
			continue;
		}
		switch (r.state) {
		case TURNO_PRINT_PRINTED:
			p->printed++;
			break;
		case TURNO_PRINT_FAILED:
			p->failed++;
			break;
		case TURNO_PRINT_UNKNOWN:
		case TURNO_PRINT_NONE:
		case TURNO_PRINT_PENDING:
			p->unknown++;
			break;
		}
		if (r.preview_path[0])
			turno_notice("%s: no printer, ticket written to %s", r.label, r.preview_path);
		turno_kiosk_print_result(p->kiosk, r.ticket_id, r.state, r.reason[0] ? r.reason : NULL);
	}
	struct turno_printer_status s;
	turno_printer_status(p->printer, &s);
	if (s.state != p->last_state) {
		if (printer_unusable(s.state))
			turno_warn("printer %s: %s%s%s", s.destination[0] ? s.destination : "(default)",
			           turno_printer_state_name(s.state), s.message[0] ? ": " : "", s.message);
		else if (printer_unusable(p->last_state))
			turno_notice("printer is %s again", turno_printer_state_name(s.state));
		p->last_state = s.state;
		turno_kiosk_changed(p->kiosk);
	}
}

static void on_event(void *user, enum turno_kiosk_event event, const struct turno_ticket *t)
{
	struct turno_printing *p = user;
	if (event != TURNO_KIOSK_ISSUED || t->print_state != TURNO_PRINT_PENDING)
		return;
	struct turno_printed_ticket pt;
	const struct turno_config *c = turno_kiosk_config(p->kiosk);
	int rc = turno_printed_ticket_fill(&pt, c, t, turno_lang_from_code(turno_kiosk_language(p->kiosk)));
	if (rc == 0)
		rc = turno_printer_submit_ticket(p->printer, &pt);
	if (rc < 0) {
		turno_kiosk_print_result(p->kiosk, t->id, TURNO_PRINT_FAILED,
		                         "the ticket could not be prepared");
		return;
	}
	p->submitted++;
}

static int issue_blocker(void *user, const char **why)
{
	struct turno_printing *p = user;
	const struct turno_config *c = turno_kiosk_config(p->kiosk);
	if (c->printer_on_failure != TURNO_ON_FAILURE_STOP_ISSUING)
		return 0;
	struct turno_printer_status s;
	turno_printer_status(p->printer, &s);
	if (!printer_unusable(s.state))
		return 0;
	snprintf(p->block_reason, sizeof(p->block_reason), "printer %s%s%s",
	         turno_printer_state_name(s.state), s.message[0] ? ": " : "", s.message);
	*why = p->block_reason;
	return TURNO_E_OUT_OF_ORDER;
}

/* With keep_issuing the screen still gives numbers while the printer cannot print: it
 * must then say so, or the citizen waits at the slot for a ticket that never comes. */
static bool print_unavailable(void *user)
{
	struct turno_printing *p = user;
	struct turno_printer_status s;
	turno_printer_status(p->printer, &s);
	return printer_unusable(s.state);
}

static void add_status(void *user, cJSON *status)
{
	struct turno_printing *p = user;
	struct turno_printer_status s;
	turno_printer_status(p->printer, &s);
	cJSON *o = cJSON_AddObjectToObject(status, "printer");
	cJSON_AddStringToObject(o, "state", turno_printer_state_name(s.state));
	cJSON_AddStringToObject(o, "destination", s.destination);
	cJSON_AddStringToObject(o, "reason", s.message);
	cJSON_AddStringToObject(o, "reasons", s.reasons);
	cJSON_AddBoolToObject(o, "paper_out", s.paper_out);
	cJSON_AddNumberToObject(o, "submitted", (double)p->submitted);
	cJSON_AddNumberToObject(o, "printed", (double)p->printed);
	cJSON_AddNumberToObject(o, "failed", (double)p->failed);
	cJSON_AddNumberToObject(o, "unknown", (double)p->unknown);
}

static int print_test(void *user, const struct turno_request *req, cJSON **reply)
{
	struct turno_printing *p = user;
	if (req->command != TURNO_CMD_PRINT_TEST)
		return 0;
	struct turno_printed_ticket pt;
	char local[20];
	struct tm tm;
	turno_local_tm(turno_clock_wall_ms(turno_kiosk_clock(p->kiosk)), &tm);
	strftime(local, sizeof(local), "%Y-%m-%d %H:%M:%S", &tm);
	int rc = turno_printed_ticket_fill_test(&pt, turno_kiosk_config(p->kiosk), local,
	                                        turno_lang_from_code(turno_kiosk_language(p->kiosk)));
	if (rc == 0)
		rc = turno_printer_submit_ticket(p->printer, &pt);
	*reply = rc < 0 ? turno_reply_error(rc, "the test ticket could not be sent") : turno_reply_ok();
	return 1;
}

static void printing_free(void *user)
{
	struct turno_printing *p = user;
	turno_loop_remove(turno_kiosk_loop(p->kiosk), turno_printer_fd(p->printer));
	turno_printer_stop(p->printer);
	free(p);
}

struct turno_printing *turno_printing_attach(struct turno_kiosk *kiosk)
{
	struct turno_printing *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->kiosk = kiosk;
	int rc = turno_printer_start(turno_kiosk_config(kiosk), &p->printer);
	if (rc < 0) {
		turno_err("printer: cannot start: %s (tickets are issued without printing)",
		          turno_strerror(rc));
		free(p);
		return NULL;
	}
	if (turno_loop_add(turno_kiosk_loop(kiosk), turno_printer_fd(p->printer), EPOLLIN, on_printer, p) <
	    0) {
		turno_err("printer: cannot watch the worker: %s", strerror(errno));
		turno_printer_stop(p->printer);
		free(p);
		return NULL;
	}
	struct turno_kiosk_module m = {
	        .name = "printer",
	        .user = p,
	        .on_event = on_event,
	        .add_status = add_status,
	        .issue_blocker = issue_blocker,
	        .print_unavailable = print_unavailable,
	        .handle_request = print_test,
	        .free = printing_free,
	};
	if (turno_kiosk_add_module(kiosk, &m) < 0) {
		printing_free(p);
		return NULL;
	}
	return p;
}
