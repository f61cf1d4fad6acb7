/* Turno's error codes: every lower layer returns 0 or a negative TURNO_E_* (or a
 * negative errno), never logs. Programs turn them into words with turno_strerror(). */
#ifndef TURNO_ERROR_H
#define TURNO_ERROR_H

enum turno_error {
	TURNO_OK = 0,
	TURNO_E_BASE = 1000,
	TURNO_E_DB = -(TURNO_E_BASE + 1), /* the database failed; nothing was changed */
	TURNO_E_UNKNOWN_SERVICE = -(TURNO_E_BASE + 2),
	TURNO_E_UNKNOWN_COUNTER = -(TURNO_E_BASE + 3),
	TURNO_E_CLOSED = -(TURNO_E_BASE + 4),        /* outside opening hours or a closed date */
	TURNO_E_LAST_TICKET = -(TURNO_E_BASE + 5),   /* within last_ticket_minutes of closing */
	TURNO_E_SERVICE_HOURS = -(TURNO_E_BASE + 6), /* the service is outside its own hours */
	TURNO_E_CAP = -(TURNO_E_BASE + 7),           /* the service reached its daily cap */
	TURNO_E_EMPTY = -(TURNO_E_BASE + 8),         /* nobody waiting for this counter */
	TURNO_E_NO_CURRENT = -(TURNO_E_BASE + 9),    /* the counter is serving nobody */
	TURNO_E_SAME_SERVICE = -(TURNO_E_BASE + 10),
	TURNO_E_SCHEMA = -(TURNO_E_BASE + 11), /* database from a newer Turno */
	TURNO_E_NOT_FOUND = -(TURNO_E_BASE + 12),
	TURNO_E_INVALID = -(TURNO_E_BASE + 13),      /* a malformed request */
	TURNO_E_OUT_OF_ORDER = -(TURNO_E_BASE + 14), /* issuing stopped (printer policy) */
	TURNO_E_RATE = -(TURNO_E_BASE + 15),         /* too many tickets in the last minute */
	TURNO_E_BUSY = -(TURNO_E_BASE + 16),         /* another program holds the database's write lock */
	TURNO_E_DISK_FULL = -(TURNO_E_BASE + 17),    /* no space left for the database; nothing was changed */
};

/* A short English sentence for an error code (TURNO_E_* or -errno). Static storage. */
const char *turno_strerror(int err);
/* A stable machine word for an error code ("closed", "cap", …), for the control protocol. */
const char *turno_error_name(int err);

#endif
