/* Words for Turno's error codes. */
#include "core/error.h"

#include <string.h>

struct error_text {
	int code;
	const char *name;
	const char *text;
};

static const struct error_text error_texts[] = {
        {TURNO_E_DB, "database", "the database could not be written; nothing was changed"},
        {TURNO_E_UNKNOWN_SERVICE, "unknown_service", "no such service"},
        {TURNO_E_UNKNOWN_COUNTER, "unknown_counter", "no such counter"},
        {TURNO_E_CLOSED, "closed", "the office is closed"},
        {TURNO_E_LAST_TICKET, "last_ticket", "no more tickets today: the office closes soon"},
        {TURNO_E_SERVICE_HOURS, "service_hours", "the service is not open now"},
        {TURNO_E_CAP, "cap", "the service has reached its tickets for today"},
        {TURNO_E_EMPTY, "empty", "nobody is waiting for this counter"},
        {TURNO_E_NO_CURRENT, "no_current", "the counter is not serving anybody"},
        {TURNO_E_SAME_SERVICE, "same_service", "the ticket is already in that service"},
        {TURNO_E_SCHEMA, "schema", "the database was written by a newer Turno"},
        {TURNO_E_NOT_FOUND, "not_found", "not found"},
        {TURNO_E_INVALID, "invalid", "invalid request"},
        {TURNO_E_OUT_OF_ORDER, "out_of_order", "tickets cannot be issued now"},
        {TURNO_E_RATE, "rate", "too many tickets in the last minute"},
        {TURNO_E_BUSY, "busy", "the database is locked by another program; nothing was changed"},
        {TURNO_E_DISK_FULL, "disk_full", "the disk is full; nothing was changed"},
};

static const struct error_text *find(int err)
{
	for (size_t i = 0; i < sizeof(error_texts) / sizeof(error_texts[0]); i++)
		if (error_texts[i].code == err)
			return &error_texts[i];
	return NULL;
}

const char *turno_strerror(int err)
{
	const struct error_text *e = find(err);
	if (e)
		return e->text;
	if (err < 0 && err > -TURNO_E_BASE)
		return strerror(-err);
	return err == 0 ? "success" : "unknown error";
}

const char *turno_error_name(int err)
{
	const struct error_text *e = find(err);
	if (e)
		return e->name;
	return err == 0 ? "ok" : "system";
}
