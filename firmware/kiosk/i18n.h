/* The screen's words in Italian and English, UTF-8. Everything office-specific (names,
 * services, hours) comes from the configuration; only these fixed sentences live in
 * code. "{1}", "{2}" in a string are replaced by turno_i18n_format(). Pure. */
#ifndef TURNO_I18N_H
#define TURNO_I18N_H

#include "core/words.h"

#include <stddef.h>

enum turno_text {
	TURNO_TX_CHOOSE, /* home: what to do */
	TURNO_TX_WAITING_NONE,
	TURNO_TX_WAITING_ONE,
	TURNO_TX_WAITING_MANY, /* {1} people */
	TURNO_TX_ESTIMATE,     /* {1} minutes */
	TURNO_TX_PRIORITY,
	TURNO_TX_PRIORITY_HINT,
	TURNO_TX_PRIORITY_ON,
	TURNO_TX_PRIORITY_ON_HINT,
	TURNO_TX_OTHER_LANGUAGE, /* the label of the switch: the other language's name */
	TURNO_TX_NOW_SERVING,
	TURNO_TX_NO_CALLS,
	TURNO_TX_RATE_LIMIT,
	TURNO_TX_REASON_CAP,
	TURNO_TX_REASON_FROM,  /* {1} time */
	TURNO_TX_REASON_HOURS, /* {1} ranges */
	TURNO_TX_REASON_NOT_TODAY,
	TURNO_TX_REASON_LAST_TICKET,
	TURNO_TX_REASON_CLOSED,
	TURNO_TX_REASON_OTHER,
	TURNO_TX_TICKET_INTRO,
	TURNO_TX_TICKET_PRIORITY,
	TURNO_TX_AHEAD_NONE,
	TURNO_TX_AHEAD_ONE,
	TURNO_TX_AHEAD_MANY,  /* {1} */
	TURNO_TX_TICKET_WAIT, /* {1} minutes */
	TURNO_TX_TAKE_PRINTED,
	TURNO_TX_PRINT_FAILED,
	TURNO_TX_PRINTER_DOWN_HOME,   /* home, while the printer cannot print */
	TURNO_TX_PRINTER_DOWN_TICKET, /* the ticket page instead of "take your printed ticket" */
	TURNO_TX_TAP_TO_CLOSE,
	TURNO_TX_CLOSED_TITLE,
	TURNO_TX_LAST_TICKET_TITLE,
	TURNO_TX_REOPEN_TODAY,    /* {1} time */
	TURNO_TX_REOPEN_TOMORROW, /* {1} time */
	TURNO_TX_REOPEN_DAY,      /* {1} day, {2} time */
	TURNO_TX_HOURS_TITLE,
	TURNO_TX_DAY_CLOSED,
	TURNO_TX_OOO_TITLE,
	TURNO_TX_OOO_BODY,
	TURNO_TX_OOO_WHAT,
	TURNO_TX_HELP_KEYS,
	TURNO_TX_COUNT,
};

/* "it" / "en" (anything else: Italian). */
const char *turno_i18n(enum turno_lang lang, enum turno_text text);
/* weekday 0 = Monday … 6 = Sunday; month 1 … 12. */
const char *turno_i18n_weekday(enum turno_lang lang, int weekday);
const char *turno_i18n_month(enum turno_lang lang, int month);
/* Writes the text with {1} and {2} replaced by arg1 and arg2 (NULL = empty); returns out. */
char *turno_i18n_format(char *out, size_t out_len, enum turno_lang lang, enum turno_text text,
                        const char *arg1, const char *arg2);

#endif
