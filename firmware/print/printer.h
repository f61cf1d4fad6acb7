/* The ticket printer: submits tickets to CUPS through libcups (never by running lp) from
 * a worker thread, follows each job to its end, and watches the printer's state, so the
 * kiosk's screen never waits on a printer.
 *
 * Threads: turno_printer_start/stop and every other function are called from ONE thread
 * (the kiosk's main loop); the worker is the only thread that talks to CUPS. The main
 * loop polls turno_printer_fd(); when it is readable, drain turno_printer_next_result()
 * until it returns 0, then read turno_printer_status().
 *
 * The CUPS server is the one libcups picks (CUPS_SERVER, client.conf, the local socket);
 * the destination is [printer] destination or CUPS's default. With neither (or with
 * [printer] preview_dir set) tickets are written as files to a preview directory.
 *
 * Wake-ups: while idle the worker asks CUPS for the printer's state every
 * TURNO_PRINTER_IDLE_POLL_MS (4 s: a change reaches the screen within 5 s, and the idle
 * kiosk stays near one wake-up a second counting the exchange with cupsd) and wakes the
 * main loop only when the state changed; while a job is in flight it asks after 40 ms,
 * then every TURNO_PRINTER_JOB_POLL_MS. */
#ifndef TURNO_PRINT_PRINTER_H
#define TURNO_PRINT_PRINTER_H

#include "core/config.h"
#include "core/queue.h"
#include "print/ticket.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TURNO_PRINTER_IDLE_POLL_MS 4000
#define TURNO_PRINTER_JOB_POLL_MS 250

struct turno_printer;

enum turno_printer_state {
	TURNO_PRINTER_UNKNOWN,       /* not asked yet */
	TURNO_PRINTER_READY,         /* idle or printing, accepting jobs */
	TURNO_PRINTER_STOPPED,       /* paused: paper out, cover open, an error, cupsdisable */
	TURNO_PRINTER_NOT_ACCEPTING, /* the queue rejects jobs (cupsreject) */
	TURNO_PRINTER_OFFLINE,       /* CUPS cannot reach the device (cable, network, power) */
	TURNO_PRINTER_NOT_FOUND,     /* CUPS has no queue of that name */
	TURNO_PRINTER_UNREACHABLE,   /* the CUPS server does not answer */
	TURNO_PRINTER_PREVIEW,       /* no printer: tickets are written to the preview directory */
};

struct turno_printer_status {
	enum turno_printer_state state;
	bool paper_out;        /* stopped, and printer-state-reasons has media-empty/-needed */
	bool printing;         /* CUPS is processing a job on it */
	char destination[128]; /* the queue in use; empty when none */
	char reasons[256];     /* printer-state-reasons, comma separated ("" for none) */
	char message[256];     /* what is wrong in words (printer-state-message or ours) */
};

struct turno_print_result {
	int64_t ticket_id;
	char label[8];
	enum turno_print_state state;  /* TURNO_PRINT_PRINTED, _FAILED or _UNKNOWN */
	bool late;                     /* a second word on a ticket already reported UNKNOWN: the
	                                * job printed (or failed) after all */
	int job_id;                    /* the CUPS job, 0 when none was created */
	char reason[256];              /* why it failed / is unknown, or where the preview is */
	char preview_path[TURNO_PATH]; /* the preview file (.pdf), empty when printed on paper */
	int64_t elapsed_ms;            /* from submission to this result */
};

/* Copies what it needs from config ([printer] destination, format, copies,
 * timeout_seconds, preview_dir; [ui] font_dir), loads the PDF fonts and starts the worker.
 * Returns 0 and *out, -ENOENT when format is pdf and the fonts are missing (for escpos a
 * missing font only drops the .pdf from previews), -errno otherwise.
 * Stop with turno_printer_stop(). */
int turno_printer_start(const struct turno_config *config, struct turno_printer **out);
/* Stops the worker (a byte on its stop pipe), joins it, frees everything. Results not yet
 * read are dropped; jobs already in CUPS stay there. Accepts NULL. */
void turno_printer_stop(struct turno_printer *printer);

/* Readable when results or a status change wait (an eventfd). Owned by the printer. */
int turno_printer_fd(const struct turno_printer *printer);

/* Queues a ticket for printing; the worker renders it in the configured format (and in
 * both formats for the preview directory). Never blocks on CUPS.
 * Returns 0 or -ENOMEM. One result follows for each accepted submission; when it is
 * UNKNOWN (timeout) the job is still watched for 10 minutes, and if CUPS then says how it
 * ended, a second result with late = true follows (record that one too). */
int turno_printer_submit_ticket(struct turno_printer *printer, const struct turno_printed_ticket *ticket);
/* Queues bytes already rendered in format (ESC/POS or PDF) for the ticket; copied. */
int turno_printer_submit(struct turno_printer *printer, int64_t ticket_id, const char *label,
                         enum turno_print_format format, const void *data, size_t len);

/* Takes the oldest result: returns 1 and *out, or 0 when there is none. */
int turno_printer_next_result(struct turno_printer *printer, struct turno_print_result *out);
/* The printer's state as last seen by the worker. */
void turno_printer_status(struct turno_printer *printer, struct turno_printer_status *out);
/* Asks the worker to check the printer's state now (e.g. for `turno-ctl status`). */
void turno_printer_refresh(struct turno_printer *printer);

/* "ready", "stopped", "not-accepting", "offline", "not-found", "unreachable",
 * "preview", "unknown". */
const char *turno_printer_state_name(enum turno_printer_state state);

#endif
