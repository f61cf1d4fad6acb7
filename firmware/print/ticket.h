/* The printed ticket: everything a paper ticket shows, already worded in the citizen's
 * language, so both renderers (ESC/POS and PDF) only lay it out and never decide what
 * to say. Filled from the configuration and a committed ticket of the queue engine.
 *
 * Pure: no I/O, no clock reads (the time printed is the ticket's issue time). */
#ifndef TURNO_PRINT_TICKET_H
#define TURNO_PRINT_TICKET_H

#include "core/config.h"
#include "core/queue.h"
#include "core/words.h"

#include <stdbool.h>
#include <stdint.h>

/* Plain data, copy it freely; every text is UTF-8 and NUL-terminated. With language
 * TURNO_LANG_EN the service name is printed in Italian and in English. */
struct turno_printed_ticket {
	int64_t ticket_id; /* 0 for a test ticket */
	enum turno_lang language;
	int paper_width_mm;

	char office[TURNO_TEXT];
	char service[TURNO_TEXT];    /* Italian service name */
	char service_en[TURNO_TEXT]; /* English name; empty unless the citizen chose English */
	char label[8];               /* "A042": printed very large */
	bool priority;
	char priority_text[64]; /* "PRECEDENZA" / "PRIORITY"; empty when not priority */
	char heading[64];       /* "Il suo numero" / "Your number" */
	char date[11];          /* "23/11/2026" */
	char time[6];           /* "14:05" */
	char date_line[64];     /* "23/11/2026  14:05" */
	int ahead;
	int wait_minutes;
	char ahead_line[96]; /* "Persone prima di lei: 3" */
	char wait_line[96];  /* "Attesa stimata: circa 15 min" */
	char footer[TURNO_MAX_FOOTER][TURNO_TEXT];
	int footer_count;
	char qr[TURNO_PATH]; /* QR code text; empty = no QR code */
};

/* Fills *out for ticket (committed by turno_queue_issue) in the given language.
 * Returns 0, or TURNO_E_UNKNOWN_SERVICE when the ticket's service is not in config,
 * or TURNO_E_INVALID when a field is malformed (e.g. issued_local). */
int turno_printed_ticket_fill(struct turno_printed_ticket *out, const struct turno_config *config,
                              const struct turno_ticket *ticket, enum turno_lang language);

/* A test ticket for `turno-ctl print-test`: the first service, number "T000",
 * issued at local_time ("YYYY-MM-DD HH:MM:SS"), marked as a test in the heading. */
int turno_printed_ticket_fill_test(struct turno_printed_ticket *out, const struct turno_config *config,
                                   const char *local_time, enum turno_lang language);

#endif
