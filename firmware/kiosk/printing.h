/* The kiosk's printer as a kiosk module: every issued ticket meant for paper is sent
 * to CUPS (in the printer's worker thread), its outcome recorded on the ticket, and
 * the printer's state shown to staff, told to the screen (print_unavailable: citizens
 * are asked to note their number) and, by [printer] on_failure, used to stop issuing.
 * Never a silent ghost ticket: a failed print stays visible as such. */
#ifndef TURNO_KIOSK_PRINTING_H
#define TURNO_KIOSK_PRINTING_H

#include "kiosk/kiosk.h"

struct turno_printing;

/* Starts the printer worker and registers the module (the kiosk frees it). Returns
 * NULL (logged) when the worker cannot start: tickets are then issued unprinted. */
struct turno_printing *turno_printing_attach(struct turno_kiosk *kiosk);

#endif
