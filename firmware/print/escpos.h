/* ESC/POS rendering for thermal receipt printers (Epson TM-T20/TM-T88, Custom VKP80/TG2480
 * and compatibles): a printed ticket in, the printer's byte stream out.
 *
 * Pure: no I/O. Text goes out in code page PC858 (ESC t 19, PC850 with the euro sign),
 * which every one of those printers has; characters PC858 lacks get an ASCII fallback. */
#ifndef TURNO_PRINT_ESCPOS_H
#define TURNO_PRINT_ESCPOS_H

#include "print/ticket.h"

#include <stddef.h>
#include <stdint.h>

/* The ESC t value selecting PC858 on Epson-compatible printers. */
#define TURNO_ESCPOS_CODEPAGE_PC858 19

/* Renders the ticket: initialise, code page, centred layout, the number enlarged with
 * GS !, optional QR code (GS ( k, the printer draws it), feed and partial cut.
 * On success returns 0 and *out (free() it) of *out_len bytes; -ENOMEM otherwise. */
int turno_escpos_render(const struct turno_printed_ticket *ticket, uint8_t **out, size_t *out_len);

/* Characters per line in font A (12 dots): 32 on 58 mm paper, 48 on 80 mm and wider. */
int turno_escpos_columns(int paper_width_mm);

/* Converts UTF-8 to PC858, one byte per printed column. Characters PC858 lacks become an
 * ASCII look-alike ("’" -> "'", "ł" -> "l", "…" -> "..."), or "?" when there is none;
 * malformed UTF-8 becomes "?". Writes at most out_len - 1 bytes and a NUL; returns the
 * length the full conversion needs (like snprintf). */
size_t turno_escpos_encode(const char *utf8, char *out, size_t out_len);

#endif
