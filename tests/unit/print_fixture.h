/* A fixed configuration and ticket for the printing tests: what a URP kiosk prints at
 * 14:05 on 23 November 2026 for ticket A042 with three people ahead. Header-only. */
#ifndef TURNO_TESTS_PRINT_FIXTURE_H
#define TURNO_TESTS_PRINT_FIXTURE_H

#include "core/config.h"
#include "core/queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char print_fixture_ini[] = "[office]\n"
                                        "name = Comune di Forlì - Ufficio Relazioni con il Pubblico\n"
                                        "footer = Orari: lun-ven 8:30-12:30, giovedì anche 15-17\n"
                                        "footer = Più informazioni: urp@comune.example.it\n"
                                        "[hours]\n"
                                        "mon = 08:00-18:00\n"
                                        "[printer]\n"
                                        "paper_width_mm = %d\n"
                                        "qr = %s\n"
                                        "[service.A]\n"
                                        "name = Anagrafe e stato civile\n"
                                        "name_en = Registry office\n"
                                        "[service.B]\n"
                                        "name = Tributi\n"
                                        "[counter.1]\n"
                                        "services = A, B\n";

/* Loads the fixture with a paper width and a QR text (may be ""); aborts on failure. */
static inline struct turno_config *print_fixture_config(int paper_width_mm, const char *qr)
{
	char text[2048], err[256];
	snprintf(text, sizeof(text), print_fixture_ini, paper_width_mm, qr);
	struct turno_config *config = NULL;
	if (turno_config_load_string(text, "fixture.ini", &config, err, sizeof(err)) != 0) {
		fprintf(stderr, "fixture: %s\n", err);
		abort();
	}
	return config;
}

static inline struct turno_ticket print_fixture_ticket(void)
{
	struct turno_ticket t;
	memset(&t, 0, sizeof(t));
	t.id = 42;
	snprintf(t.label, sizeof(t.label), "A042");
	t.service = 'A';
	t.ahead = 3;
	t.wait_minutes = 15;
	snprintf(t.day, sizeof(t.day), "2026-11-23");
	snprintf(t.issued_local, sizeof(t.issued_local), "2026-11-23 14:05:09");
	t.wait_s = -1;
	t.service_s = -1;
	t.print_state = TURNO_PRINT_PENDING;
	return t;
}

#endif
