/* The CUPS sink: a worker thread owns the only CUPS connection, submits jobs with libcups
 * (create, start document, write, finish), follows them until CUPS says how they ended,
 * and polls the printer's state. It must never block the main loop: the main thread only
 * takes a mutex for list operations and reads an eventfd.
 *
 * FAILED is reported only when the ticket will certainly not come out (a job that could
 * still print is cancelled first); UNKNOWN when nobody can tell (timeout, CUPS gone). */
#include "print/printer.h"

#include "core/outfile.h"
#include "print/escpos.h"
#include "print/fonts.h"
#include "print/pdf.h"

#include <cups/cups.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HTTP_TIMEOUT_SECONDS 5.0 /* a hung cupsd must not hold the worker (and stop) longer */
#define CONNECT_TIMEOUT_MS 3000
/* The kiosk shows a printer problem within 5 s: one idle poll period plus a request. */
_Static_assert(TURNO_PRINTER_IDLE_POLL_MS <= 4000, "printer state must reach the screen within 5 s");
#define FIRST_JOB_POLL_MS 40             /* a loopback job completes in ~25 ms: report it quickly */
#define STALE_FOLLOW_MS (10 * 60 * 1000) /* how long a timed-out job is still watched */

struct request {
	struct request *next;
	int64_t ticket_id;
	char label[8];
	enum turno_print_format format;
	uint8_t *data; /* rendered bytes, or NULL when ticket must be rendered */
	size_t len;
	bool has_ticket;
	struct turno_printed_ticket ticket;
	/* Following the job in CUPS */
	int job_id;
	int64_t submitted_ms;
	int64_t deadline_ms;
	bool stale; /* reported UNKNOWN; still watched at the idle rate for a late answer */
};

struct result_node {
	struct result_node *next;
	struct turno_print_result result;
};

struct turno_printer {
	/* Settings, copied at start: the worker never reads the configuration. */
	char destination_config[TURNO_TEXT];
	enum turno_print_format format;
	int copies;
	int timeout_ms;
	char preview_dir_config[TURNO_PATH];
	struct turno_pdf *pdf;

	pthread_t worker;
	int stop_pipe[2];
	int wake_pipe[2]; /* main -> worker: new requests, refresh */
	int notify_fd;    /* worker -> main: results, status change (eventfd) */

	pthread_mutex_t lock; /* guards the fields below */
	struct request *requests, **requests_tail;
	struct result_node *results, **results_tail;
	struct turno_printer_status status;
	bool refresh;

	/* Worker-only state */
	http_t *http;
	struct request *active; /* jobs in CUPS, not yet ended */
	struct request *stale;  /* jobs that timed out but may still print */
	char destination[TURNO_TEXT];
	bool preview;
	char preview_dir[TURNO_PATH];
	int64_t next_status_ms;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* snprintf for messages, where cutting a long path short is acceptable. */
static void textf(char *out, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void textf(char *out, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out, len, fmt, ap);
	va_end(ap);
}

const char *turno_printer_state_name(enum turno_printer_state state)
{
	switch (state) {
	case TURNO_PRINTER_UNKNOWN:
		return "unknown";
	case TURNO_PRINTER_READY:
		return "ready";
	case TURNO_PRINTER_STOPPED:
		return "stopped";
	case TURNO_PRINTER_NOT_ACCEPTING:
		return "not-accepting";
	case TURNO_PRINTER_OFFLINE:
		return "offline";
	case TURNO_PRINTER_NOT_FOUND:
		return "not-found";
	case TURNO_PRINTER_UNREACHABLE:
		return "unreachable";
	case TURNO_PRINTER_PREVIEW:
		return "preview";
	}
	return "unknown";
}

static void notify_main(struct turno_printer *p)
{
	uint64_t one = 1;
	ssize_t n = write(p->notify_fd, &one, sizeof(one));
	(void)n; /* EAGAIN: the counter is already non-zero, the main loop will wake */
}

static void free_request(struct request *r)
{
	if (!r)
		return;
	free(r->data);
	free(r);
}

/* Hands a result to the main thread. */
static void report(struct turno_printer *p, const struct request *r, enum turno_print_state state,
                   const char *preview_path, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void report(struct turno_printer *p, const struct request *r, enum turno_print_state state,
                   const char *preview_path, const char *fmt, ...)
{
	struct result_node *node = calloc(1, sizeof(*node));
	if (!node)
		return; /* the kiosk keeps the ticket as pending; nothing better to do without memory */
	struct turno_print_result *res = &node->result;
	res->ticket_id = r->ticket_id;
	snprintf(res->label, sizeof(res->label), "%s", r->label);
	res->state = state;
	res->late = r->stale;
	res->job_id = r->job_id;
	res->elapsed_ms = now_ms() - r->submitted_ms;
	snprintf(res->preview_path, sizeof(res->preview_path), "%s", preview_path ? preview_path : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->reason, sizeof(res->reason), fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&p->lock);
	*p->results_tail = node;
	p->results_tail = &node->next;
	pthread_mutex_unlock(&p->lock);
	notify_main(p);
}

static void set_status(struct turno_printer *p, const struct turno_printer_status *s)
{
	pthread_mutex_lock(&p->lock);
	bool changed = memcmp(&p->status, s, sizeof(*s)) != 0;
	if (changed)
		p->status = *s;
	pthread_mutex_unlock(&p->lock);
	if (changed)
		notify_main(p);
}

/* ------------------------------------------------------------------ CUPS */

static int abort_on_timeout(http_t *http, void *user_data)
{
	return 0; /* give up: the caller sees an error and reconnects next time */
}

static void disconnect(struct turno_printer *p)
{
	if (p->http) {
		httpClose(p->http);
		p->http = NULL;
	}
}

/* Connects to the CUPS server libcups would use; fills why on failure. */
static bool connect_cups(struct turno_printer *p, char *why, size_t why_len)
{
	if (p->http)
		return true;
	const char *server = cupsServer();
	p->http = httpConnect2(server, ippPort(), NULL, AF_UNSPEC, cupsEncryption(), 1, CONNECT_TIMEOUT_MS,
	                       NULL);
	if (!p->http) {
		if (server[0] == '/')
			textf(why, why_len,
			      "the print server (CUPS at %s) does not answer; is cupsd running?", server);
		else
			textf(why, why_len,
			      "the print server (CUPS at %s:%d) does not answer; is cupsd running?", server,
			      ippPort());
		return false;
	}
	httpSetTimeout(p->http, HTTP_TIMEOUT_SECONDS, abort_on_timeout, NULL);
	return true;
}

/* After a failed request: errors that mean the connection is gone. */
static void drop_if_broken(struct turno_printer *p)
{
	ipp_status_t st = cupsLastError();
	if (st == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE || st == IPP_STATUS_ERROR_INTERNAL ||
	    httpError(p->http) != 0)
		disconnect(p);
}

static void printer_uri(const char *destination, char *uri, size_t len)
{
	httpAssembleURIf(HTTP_URI_CODING_ALL, uri, (int)len, "ipp", NULL, "localhost", 0, "/printers/%s",
	                 destination);
}

static bool has_reason(const char *reasons, const char *prefix)
{
	size_t n = strlen(prefix);
	for (const char *r = reasons; r && *r;) {
		if (strncmp(r, prefix, n) == 0)
			return true;
		r = strchr(r, ',');
		r = r ? r + 1 : NULL;
	}
	return false;
}

/* Asks CUPS for the destination's state. Fills *s completely. */
static void query_printer(struct turno_printer *p, struct turno_printer_status *s)
{
	memset(s, 0, sizeof(*s));
	if (p->preview) {
		s->state = TURNO_PRINTER_PREVIEW;
		textf(s->message, sizeof(s->message), "no printer: tickets are written to %s",
		      p->preview_dir);
		return;
	}
	snprintf(s->destination, sizeof(s->destination), "%s", p->destination);
	if (!connect_cups(p, s->message, sizeof(s->message))) {
		s->state = TURNO_PRINTER_UNREACHABLE;
		return;
	}
	static const char *const wanted[] = {"printer-state", "printer-state-reasons",
	                                     "printer-state-message", "printer-is-accepting-jobs"};
	char uri[HTTP_MAX_URI];
	printer_uri(p->destination, uri, sizeof(uri));
	ipp_t *request = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
	ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
	ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 4, NULL, wanted);
	ipp_t *response = cupsDoRequest(p->http, request, "/");
	ipp_status_t status = cupsLastError();
	if (!response || status > IPP_STATUS_OK_CONFLICTING) {
		if (status == IPP_STATUS_ERROR_NOT_FOUND) {
			s->state = TURNO_PRINTER_NOT_FOUND;
			snprintf(s->message, sizeof(s->message),
			         "CUPS has no printer \"%s\": add it with lpadmin or fix [printer] "
			         "destination",
			         p->destination);
		} else {
			s->state = TURNO_PRINTER_UNREACHABLE;
			snprintf(s->message, sizeof(s->message), "the print server did not answer: %s",
			         cupsLastErrorString());
			drop_if_broken(p);
		}
		ippDelete(response);
		return;
	}
	ipp_attribute_t *attr;
	int state = IPP_PSTATE_IDLE;
	if ((attr = ippFindAttribute(response, "printer-state", IPP_TAG_ENUM)))
		state = ippGetInteger(attr, 0);
	bool accepting = true;
	if ((attr = ippFindAttribute(response, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN)))
		accepting = ippGetBoolean(attr, 0);
	if ((attr = ippFindAttribute(response, "printer-state-message", IPP_TAG_TEXT)))
		snprintf(s->message, sizeof(s->message), "%s", ippGetString(attr, 0, NULL));
	if ((attr = ippFindAttribute(response, "printer-state-reasons", IPP_TAG_KEYWORD))) {
		size_t used = 0;
		for (int i = 0; i < ippGetCount(attr); i++) {
			const char *reason = ippGetString(attr, i, NULL);
			if (!reason || strcmp(reason, "none") == 0)
				continue;
			int n = snprintf(s->reasons + used, sizeof(s->reasons) - used, "%s%s",
			                 used ? "," : "", reason);
			if (n < 0 || (size_t)n >= sizeof(s->reasons) - used)
				break;
			used += (size_t)n;
		}
	}
	ippDelete(response);
	s->printing = state == IPP_PSTATE_PROCESSING;
	/* CUPS keeps media-empty after cupsenable until the next job clears it: only a
	 * stopped printer is out of paper as far as the kiosk is concerned. */
	s->paper_out = state == IPP_PSTATE_STOPPED &&
	               (has_reason(s->reasons, "media-empty") || has_reason(s->reasons, "media-needed"));
	if (state == IPP_PSTATE_STOPPED)
		s->state = TURNO_PRINTER_STOPPED;
	else if (!accepting)
		s->state = TURNO_PRINTER_NOT_ACCEPTING;
	else if (has_reason(s->reasons, "offline"))
		s->state = TURNO_PRINTER_OFFLINE;
	else
		s->state = TURNO_PRINTER_READY;
	if (!s->message[0]) {
		if (s->state == TURNO_PRINTER_STOPPED)
			textf(s->message, sizeof(s->message), "the printer is stopped%s%s",
			      s->reasons[0] ? ": " : "", s->reasons);
		else if (s->state == TURNO_PRINTER_NOT_ACCEPTING)
			snprintf(s->message, sizeof(s->message),
			         "the queue is not accepting jobs (cupsaccept %s)", p->destination);
	}
}

/* Decides where tickets go: the configured queue, CUPS's default, or the preview dir. */
static void resolve_destination(struct turno_printer *p)
{
	if (p->preview_dir_config[0]) {
		p->preview = true;
		snprintf(p->preview_dir, sizeof(p->preview_dir), "%s", p->preview_dir_config);
		return;
	}
	if (p->destination_config[0]) {
		p->preview = false;
		snprintf(p->destination, sizeof(p->destination), "%s", p->destination_config);
		return;
	}
	/* Whether CUPS has a default can only be learnt from CUPS: while it does not answer,
	 * tickets fail (and say why) rather than silently going to files on a kiosk whose
	 * cupsd is still starting. */
	char why[256];
	p->preview = false;
	p->destination[0] = '\0';
	if (!connect_cups(p, why, sizeof(why)))
		return;
	cups_dest_t *dest = cupsGetNamedDest(p->http, NULL, NULL);
	if (dest) {
		snprintf(p->destination, sizeof(p->destination), "%s", dest->name);
		cupsFreeDests(1, dest);
		return;
	}
	ipp_status_t status = cupsLastError();
	if (status != IPP_STATUS_ERROR_NOT_FOUND && status > IPP_STATUS_OK_CONFLICTING) {
		drop_if_broken(p);
		return;
	}
	/* CUPS answered: no printer configured and none by default, a developer's machine. */
	p->preview = true;
	p->destination[0] = '\0';
	const char *tmp = getenv("TMPDIR");
	snprintf(p->preview_dir, sizeof(p->preview_dir), "%s/turno-tickets", tmp && tmp[0] ? tmp : "/tmp");
}

static void publish_status(struct turno_printer *p, const struct turno_printer_status *s);
static void follow_list(struct turno_printer *p, struct request **list, const struct turno_printer_status *s);

static void poll_status(struct turno_printer *p)
{
	resolve_destination(p);
	struct turno_printer_status s;
	query_printer(p, &s);
	publish_status(p, &s);
	if (p->stale && !p->preview) {
		follow_list(p, &p->stale, &s);
		publish_status(p, &s);
	}
}

static void cancel_job(struct turno_printer *p, int job_id)
{
	if (p->http && job_id > 0)
		cupsCancelJob2(p->http, p->destination, job_id, 0);
}

/* A sentence for a printer that will not print now, from its status. */
static void describe_refusal(const struct turno_printer_status *s, char *out, size_t len)
{
	const char *what = s->state == TURNO_PRINTER_NOT_ACCEPTING ? "the printer queue is not accepting jobs"
	                   : s->paper_out                          ? "the printer is out of paper"
	                                                           : "the printer is stopped";
	/* CUPS's message often says the same ("the printer is out of paper"): once is enough. */
	const char *message = strcasestr(s->message, what) ? "" : s->message;
	textf(out, len, "%s%s%s%s%s%s", what, message[0] ? ": " : "", message, s->reasons[0] ? " (" : "",
	      s->reasons, s->reasons[0] ? ")" : "");
}

/* ------------------------------------------------------------------ jobs */

static int render(struct turno_printer *p, const struct turno_printed_ticket *t,
                  enum turno_print_format format, uint8_t **out, size_t *len)
{
	switch (format) {
	case TURNO_PRINT_ESCPOS:
		return turno_escpos_render(t, out, len);
	case TURNO_PRINT_PDF:
		return p->pdf ? turno_pdf_render(p->pdf, t, out, len) : -ENOENT;
	}
	return -EINVAL;
}

static int mkdir_parents(const char *dir)
{
	char path[TURNO_PATH];
	snprintf(path, sizeof(path), "%s", dir);
	for (char *s = path + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

/* Writes a file whole or not at all (a watcher never sees half a ticket). */
static int write_file(const char *path, const uint8_t *data, size_t len)
{
	return turno_file_write_bytes(path, data, len);
}

static void print_preview(struct turno_printer *p, struct request *r)
{
	char base[TURNO_PATH], bin[TURNO_PATH + 8], pdf[TURNO_PATH + 8];
	textf(base, sizeof(base), "%s/ticket-%lld-%s", p->preview_dir, (long long)r->ticket_id, r->label);
	snprintf(bin, sizeof(bin), "%s.bin", base);
	snprintf(pdf, sizeof(pdf), "%s.pdf", base);
	int err = mkdir_parents(p->preview_dir);
	if (err) {
		report(p, r, TURNO_PRINT_FAILED, NULL, "cannot create the preview directory %s: %s",
		       p->preview_dir, strerror(-err));
		return;
	}
	/* Both renderings when the ticket itself is known; else the bytes as given. */
	uint8_t *escpos = NULL, *doc = NULL;
	size_t escpos_len = 0, doc_len = 0;
	if (r->has_ticket) {
		err = turno_escpos_render(&r->ticket, &escpos, &escpos_len);
		if (!err && p->pdf) /* without fonts the preview is the .bin alone */
			err = turno_pdf_render(p->pdf, &r->ticket, &doc, &doc_len);
	} else if (r->format == TURNO_PRINT_ESCPOS) {
		escpos = r->data, escpos_len = r->len, r->data = NULL;
	} else {
		doc = r->data, doc_len = r->len, r->data = NULL;
	}
	if (!err && escpos)
		err = write_file(bin, escpos, escpos_len);
	if (!err && doc)
		err = write_file(pdf, doc, doc_len);
	free(escpos);
	free(doc);
	if (err) {
		report(p, r, TURNO_PRINT_FAILED, NULL, "cannot write the preview of %s to %s: %s", r->label,
		       p->preview_dir, strerror(-err));
		return;
	}
	const char *shown = doc ? pdf : bin;
	report(p, r, TURNO_PRINT_PRINTED, shown, "preview (no printer configured): %s", shown);
}

/* Creates the CUPS job and sends the document. On success r joins p->active. */
static void print_cups(struct turno_printer *p, struct request *r)
{
	char why[256];
	/* A printer known to be stopped or rejecting would keep the job and print it later,
	 * long after the citizen left: say so now instead. */
	struct turno_printer_status s;
	query_printer(p, &s);
	set_status(p, &s);
	if (s.state != TURNO_PRINTER_UNREACHABLE && !p->destination[0]) {
		report(p, r, TURNO_PRINT_FAILED, NULL,
		       "no printer: set [printer] destination or a CUPS default");
		free_request(r);
		return;
	}
	switch (s.state) {
	case TURNO_PRINTER_STOPPED:
	case TURNO_PRINTER_NOT_ACCEPTING:
		describe_refusal(&s, why, sizeof(why));
		report(p, r, TURNO_PRINT_FAILED, NULL, "%s", why);
		free_request(r);
		return;
	case TURNO_PRINTER_NOT_FOUND:
	case TURNO_PRINTER_UNREACHABLE:
		report(p, r, TURNO_PRINT_FAILED, NULL, "%s", s.message);
		free_request(r);
		return;
	case TURNO_PRINTER_UNKNOWN:
	case TURNO_PRINTER_READY:
	case TURNO_PRINTER_OFFLINE:
	case TURNO_PRINTER_PREVIEW:
		break;
	}

	if (!r->data) {
		int err = render(p, &r->ticket, r->format, &r->data, &r->len);
		if (err) {
			report(p, r, TURNO_PRINT_FAILED, NULL, "cannot render ticket %s: %s", r->label,
			       strerror(-err));
			free_request(r);
			return;
		}
	}
	const char *format = r->format == TURNO_PRINT_PDF ? "application/pdf" : CUPS_FORMAT_RAW;
	int copies = r->format == TURNO_PRINT_PDF ? p->copies : 1;
	int repeat = r->format == TURNO_PRINT_PDF ? 1 : p->copies; /* raw queues ignore "copies" */
	cups_option_t *options = NULL;
	int num_options = 0;
	char copies_text[8];
	snprintf(copies_text, sizeof(copies_text), "%d", copies);
	num_options = cupsAddOption("copies", copies_text, num_options, &options);
	/* No space in the name: Debian's cupsd 2.4.2-3+deb12u10 (bookworm-security, Nov 2026)
	 * crashes while starting the backend for a job whose document-name has one. */
	char title[64];
	snprintf(title, sizeof(title), "Turno-%s", r->label);
	r->job_id = cupsCreateJob(p->http, p->destination, title, num_options, options);
	cupsFreeOptions(num_options, options);
	if (r->job_id <= 0) {
		r->job_id = 0;
		report(p, r, TURNO_PRINT_FAILED, NULL, "CUPS refused the job for %s: %s", p->destination,
		       cupsLastErrorString());
		drop_if_broken(p);
		free_request(r);
		return;
	}
	bool sent = cupsStartDocument(p->http, p->destination, r->job_id, title, format, 1) ==
	            HTTP_STATUS_CONTINUE;
	for (int i = 0; sent && i < repeat; i++)
		sent = cupsWriteRequestData(p->http, (const char *)r->data, r->len) == HTTP_STATUS_CONTINUE;
	ipp_status_t finished =
	        sent ? cupsFinishDocument(p->http, p->destination) : IPP_STATUS_ERROR_INTERNAL;
	if (!sent || finished > IPP_STATUS_OK_CONFLICTING) {
		char error[160];
		snprintf(error, sizeof(error), "%s", cupsLastErrorString());
		disconnect(p); /* a half-sent document leaves the connection in an unknown state */
		char ignored[8];
		if (connect_cups(p, ignored, sizeof(ignored)))
			cancel_job(p, r->job_id);
		report(p, r, TURNO_PRINT_FAILED, NULL, "sending the ticket to CUPS failed: %s", error);
		free_request(r);
		return;
	}
	free(r->data);
	r->data = NULL;
	r->deadline_ms = r->submitted_ms + p->timeout_ms;
	r->next = p->active;
	p->active = r;
}

static void process_request(struct turno_printer *p, struct request *r)
{
	resolve_destination(p);
	if (p->preview) {
		print_preview(p, r);
		free_request(r);
		struct turno_printer_status s;
		query_printer(p, &s);
		set_status(p, &s);
		return;
	}
	print_cups(p, r);
}

/* The job's state from CUPS: returns it, or 0 when CUPS did not say. */
static int query_job(struct turno_printer *p, int job_id, char *detail, size_t detail_len)
{
	static const char *const wanted[] = {"job-state", "job-state-reasons", "job-printer-state-message"};
	char uri[HTTP_MAX_URI];
	printer_uri(p->destination, uri, sizeof(uri));
	ipp_t *request = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
	ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
	ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
	ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 3, NULL, wanted);
	ipp_t *response = cupsDoRequest(p->http, request, "/");
	if (!response || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
		snprintf(detail, detail_len, "%s", cupsLastErrorString());
		drop_if_broken(p);
		ippDelete(response);
		return 0;
	}
	int state = 0;
	ipp_attribute_t *attr;
	if ((attr = ippFindAttribute(response, "job-state", IPP_TAG_ENUM)))
		state = ippGetInteger(attr, 0);
	detail[0] = '\0';
	if ((attr = ippFindAttribute(response, "job-printer-state-message", IPP_TAG_TEXT)))
		snprintf(detail, detail_len, "%s", ippGetString(attr, 0, NULL));
	if (!detail[0] && (attr = ippFindAttribute(response, "job-state-reasons", IPP_TAG_KEYWORD)))
		snprintf(detail, detail_len, "%s", ippGetString(attr, 0, NULL));
	ippDelete(response);
	return state;
}

/* While a timed-out job is still queued and CUPS says it is printing, the printer is not
 * really printing: it does not answer (cable, network, power). Say so. */
static void mark_unresponsive(struct turno_printer *p, struct turno_printer_status *s)
{
	if (!p->stale || s->state != TURNO_PRINTER_READY || !s->printing)
		return;
	const struct request *oldest = p->stale;
	for (const struct request *r = p->stale; r; r = r->next)
		if (r->submitted_ms < oldest->submitted_ms)
			oldest = r;
	char cups_message[sizeof(s->message)];
	memcpy(cups_message, s->message, sizeof(cups_message));
	s->state = TURNO_PRINTER_OFFLINE;
	textf(s->message, sizeof(s->message), "the printer has not answered for %lld s (ticket %s)%s%s",
	      (long long)((now_ms() - oldest->submitted_ms) / 1000), oldest->label,
	      cups_message[0] ? ": " : "", cups_message);
}

/* Publishes the state before and after results, so that when the main loop reads a
 * result the state it reads with it is at least as new. */
static void publish_status(struct turno_printer *p, const struct turno_printer_status *s)
{
	struct turno_printer_status shown = *s;
	mark_unresponsive(p, &shown);
	set_status(p, &shown);
	p->next_status_ms = now_ms() + TURNO_PRINTER_IDLE_POLL_MS;
}

/* One round over a list of jobs (in flight or stale); each that ended is reported and
 * removed. A job in flight past its deadline is reported UNKNOWN and moves to the stale
 * list, where a late answer (printed after all, or failed) is reported again. */
static void follow_list(struct turno_printer *p, struct request **list, const struct turno_printer_status *s)
{
	for (struct request **link = list; *link;) {
		struct request *r = *link;
		char detail[256] = "";
		int state = 0;
		char why[256];
		if (connect_cups(p, why, sizeof(why)))
			state = query_job(p, r->job_id, detail, sizeof(detail));
		else
			snprintf(detail, sizeof(detail), "%s", why);
		enum { KEEP, DONE, TO_STALE } next = DONE;
		switch ((ipp_jstate_t)state) {
		case IPP_JSTATE_COMPLETED:
			if (r->stale)
				report(p, r, TURNO_PRINT_PRINTED, NULL,
				       "printed late on %s (job %d), %lld s after submission", p->destination,
				       r->job_id, (long long)((now_ms() - r->submitted_ms) / 1000));
			else
				report(p, r, TURNO_PRINT_PRINTED, NULL, "printed on %s (job %d)",
				       p->destination, r->job_id);
			break;
		case IPP_JSTATE_CANCELED:
		case IPP_JSTATE_ABORTED:
			report(p, r, TURNO_PRINT_FAILED, NULL, "job %d %s: %s", r->job_id,
			       state == IPP_JSTATE_CANCELED ? "was cancelled" : "was aborted",
			       detail[0] ? detail : "no reason given");
			break;
		case IPP_JSTATE_PENDING:
		case IPP_JSTATE_HELD:
		case IPP_JSTATE_PROCESSING:
		case IPP_JSTATE_STOPPED:
		default:
			if (s->state == TURNO_PRINTER_STOPPED && state != 0) {
				/* It would come out whenever someone restarts the printer: cancel it. */
				describe_refusal(s, why, sizeof(why));
				cancel_job(p, r->job_id);
				report(p, r, TURNO_PRINT_FAILED, NULL, "%s; job %d cancelled", why,
				       r->job_id);
			} else if (!r->stale && now_ms() >= r->deadline_ms) {
				report(p, r, TURNO_PRINT_UNKNOWN, NULL,
				       "no answer from the printer in %d s (job %d): %s",
				       p->timeout_ms / 1000, r->job_id,
				       detail[0]       ? detail
				       : s->message[0] ? s->message
				                       : "still queued");
				next = TO_STALE;
			} else if (r->stale && now_ms() >= r->submitted_ms + STALE_FOLLOW_MS) {
				next = DONE; /* nobody waits for it any more; CUPS keeps it */
			} else {
				next = KEEP;
			}
		}
		if (next == KEEP) {
			link = &r->next;
			continue;
		}
		*link = r->next;
		if (next == TO_STALE) {
			r->stale = true;
			r->next = p->stale;
			p->stale = r;
		} else {
			free_request(r);
		}
	}
}

static void follow_jobs(struct turno_printer *p)
{
	struct turno_printer_status s;
	query_printer(p, &s);
	publish_status(p, &s);
	follow_list(p, &p->active, &s);
	publish_status(p, &s);
}

/* ------------------------------------------------------------------ the worker */

static struct request *take_requests(struct turno_printer *p, bool *refresh)
{
	pthread_mutex_lock(&p->lock);
	struct request *list = p->requests;
	p->requests = NULL;
	p->requests_tail = &p->requests;
	*refresh = p->refresh;
	p->refresh = false;
	pthread_mutex_unlock(&p->lock);
	return list;
}

static void drain(int fd)
{
	char buf[64];
	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

/* How soon to ask about jobs in flight: quickly right after submission, then calmly. */
static int64_t next_job_poll_at(const struct turno_printer *p)
{
	int64_t now = now_ms(), youngest = 0;
	for (const struct request *r = p->active; r; r = r->next)
		if (r->submitted_ms > youngest)
			youngest = r->submitted_ms;
	return now + (now - youngest < 1000 ? FIRST_JOB_POLL_MS : TURNO_PRINTER_JOB_POLL_MS);
}

static void *worker_main(void *arg)
{
	struct turno_printer *p = arg;
	int64_t next_job_poll = 0;
	poll_status(p);
	for (;;) {
		int64_t now = now_ms();
		int64_t wake_at = p->next_status_ms;
		if (p->active && next_job_poll < wake_at)
			wake_at = next_job_poll;
		int timeout = wake_at <= now ? 0 : (int)(wake_at - now);
		struct pollfd fds[2] = {{.fd = p->stop_pipe[0], .events = POLLIN},
		                        {.fd = p->wake_pipe[0], .events = POLLIN}};
		if (poll(fds, 2, timeout) < 0 && errno != EINTR)
			break;
		if (fds[0].revents)
			break;
		if (fds[1].revents)
			drain(p->wake_pipe[0]);
		bool refresh;
		struct request *list = take_requests(p, &refresh);
		bool submitted = list != NULL;
		while (list) {
			struct request *r = list;
			list = r->next;
			r->next = NULL;
			process_request(p, r);
		}
		if (submitted)
			next_job_poll = next_job_poll_at(p);
		if (p->active && now_ms() >= next_job_poll) {
			follow_jobs(p);
			next_job_poll = next_job_poll_at(p);
		}
		if (refresh || now_ms() >= p->next_status_ms)
			poll_status(p);
	}
	disconnect(p);
	return NULL;
}

/* ------------------------------------------------------------------ the main thread's side */

static int make_pipe(int fds[2])
{
	return pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0 ? -errno : 0;
}

int turno_printer_start(const struct turno_config *config, struct turno_printer **out)
{
	*out = NULL;
	struct turno_printer *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	snprintf(p->destination_config, sizeof(p->destination_config), "%s", config->printer_destination);
	snprintf(p->preview_dir_config, sizeof(p->preview_dir_config), "%s", config->printer_preview_dir);
	p->format = config->printer_format;
	p->copies = config->printer_copies < 1 ? 1 : config->printer_copies;
	p->timeout_ms = config->printer_timeout_seconds * 1000;
	p->requests_tail = &p->requests;
	p->results_tail = &p->results;
	p->status.state = TURNO_PRINTER_UNKNOWN;
	p->stop_pipe[0] = p->stop_pipe[1] = p->wake_pipe[0] = p->wake_pipe[1] = p->notify_fd = -1;

	char regular[PATH_MAX], bold[PATH_MAX];
	int err = turno_font_find(config->ui_font_dir, TURNO_FONT_REGULAR, regular, sizeof(regular));
	if (!err)
		err = turno_font_find(config->ui_font_dir, TURNO_FONT_BOLD, bold, sizeof(bold));
	if (!err)
		err = turno_pdf_open(regular, bold, &p->pdf);
	/* ESC/POS tickets need no font of ours: a missing font only costs the PDF preview. */
	if (err && p->format == TURNO_PRINT_PDF)
		goto err_free;
	if ((err = make_pipe(p->stop_pipe)) < 0)
		goto err_close_pdf;
	if ((err = make_pipe(p->wake_pipe)) < 0)
		goto err_close_stop;
	p->notify_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (p->notify_fd < 0) {
		err = -errno;
		goto err_close_wake;
	}
	pthread_mutex_init(&p->lock, NULL);
	/* The worker takes no signals: they stay with the main loop (signalfd or handlers),
	 * and a SIGPIPE from a dropped CUPS connection becomes EPIPE. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = -pthread_create(&p->worker, NULL, worker_main, p);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err)
		goto err_destroy_lock;
	*out = p;
	return 0;

err_destroy_lock:
	pthread_mutex_destroy(&p->lock);
	close(p->notify_fd);
err_close_wake:
	close(p->wake_pipe[0]);
	close(p->wake_pipe[1]);
err_close_stop:
	close(p->stop_pipe[0]);
	close(p->stop_pipe[1]);
err_close_pdf:
	turno_pdf_close(p->pdf);
err_free:
	free(p);
	return err;
}

void turno_printer_stop(struct turno_printer *p)
{
	if (!p)
		return;
	ssize_t n = write(p->stop_pipe[1], "q", 1);
	(void)n;
	pthread_join(p->worker, NULL);
	while (p->requests) {
		struct request *r = p->requests;
		p->requests = r->next;
		free_request(r);
	}
	while (p->active) {
		struct request *r = p->active;
		p->active = r->next;
		free_request(r);
	}
	while (p->stale) {
		struct request *r = p->stale;
		p->stale = r->next;
		free_request(r);
	}
	while (p->results) {
		struct result_node *node = p->results;
		p->results = node->next;
		free(node);
	}
	pthread_mutex_destroy(&p->lock);
	close(p->notify_fd);
	close(p->wake_pipe[0]);
	close(p->wake_pipe[1]);
	close(p->stop_pipe[0]);
	close(p->stop_pipe[1]);
	turno_pdf_close(p->pdf);
	free(p);
}

int turno_printer_fd(const struct turno_printer *p)
{
	return p->notify_fd;
}

static void wake_worker(struct turno_printer *p)
{
	ssize_t n = write(p->wake_pipe[1], "w", 1);
	(void)n; /* EAGAIN: the pipe is full, the worker is awake anyway */
}

static int enqueue(struct turno_printer *p, struct request *r)
{
	r->submitted_ms = now_ms();
	pthread_mutex_lock(&p->lock);
	*p->requests_tail = r;
	p->requests_tail = &r->next;
	pthread_mutex_unlock(&p->lock);
	wake_worker(p);
	return 0;
}

int turno_printer_submit_ticket(struct turno_printer *p, const struct turno_printed_ticket *ticket)
{
	struct request *r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->ticket_id = ticket->ticket_id;
	snprintf(r->label, sizeof(r->label), "%s", ticket->label);
	r->format = p->format;
	r->has_ticket = true;
	r->ticket = *ticket;
	return enqueue(p, r);
}

int turno_printer_submit(struct turno_printer *p, int64_t ticket_id, const char *label,
                         enum turno_print_format format, const void *data, size_t len)
{
	struct request *r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->data = malloc(len ? len : 1);
	if (!r->data) {
		free(r);
		return -ENOMEM;
	}
	memcpy(r->data, data, len);
	r->len = len;
	r->ticket_id = ticket_id;
	snprintf(r->label, sizeof(r->label), "%s", label ? label : "");
	r->format = format;
	return enqueue(p, r);
}

int turno_printer_next_result(struct turno_printer *p, struct turno_print_result *out)
{
	uint64_t count;
	ssize_t n = read(p->notify_fd, &count, sizeof(count)); /* clear first: later news re-arms it */
	(void)n;
	pthread_mutex_lock(&p->lock);
	struct result_node *node = p->results;
	if (node) {
		p->results = node->next;
		if (!p->results)
			p->results_tail = &p->results;
	}
	pthread_mutex_unlock(&p->lock);
	if (!node)
		return 0;
	*out = node->result;
	free(node);
	return 1;
}

void turno_printer_status(struct turno_printer *p, struct turno_printer_status *out)
{
	pthread_mutex_lock(&p->lock);
	*out = p->status;
	pthread_mutex_unlock(&p->lock);
}

void turno_printer_refresh(struct turno_printer *p)
{
	pthread_mutex_lock(&p->lock);
	p->refresh = true;
	pthread_mutex_unlock(&p->lock);
	wake_worker(p);
}
