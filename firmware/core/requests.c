/* The requests table. Bound parameters only. */
#include "core/requests.h"

#include "core/error.h"
#include "core/store.h"

#include <stdio.h>
#include <string.h>

bool turno_request_id_valid(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > TURNO_REQUEST_ID_MAX)
		return false;
	return strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-") == n;
}

int turno_requests_record(struct turno_store *store, const char *id, const struct turno_request_record *r)
{
	sqlite3_stmt *st =
	        turno_store_stmt(store, "INSERT INTO requests (id, request, utc_ms, result, ticket_id, "
	                                "other_ticket_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (!st)
		return TURNO_E_DB;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->request, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, r->utc_ms);
	sqlite3_bind_int(st, 4, r->result);
	if (r->ticket_id)
		sqlite3_bind_int64(st, 5, r->ticket_id);
	if (r->other_ticket_id)
		sqlite3_bind_int64(st, 6, r->other_ticket_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : TURNO_E_DB;
}

int turno_requests_find(struct turno_store *store, const char *id, struct turno_request_record *out)
{
	sqlite3_stmt *st =
	        turno_store_stmt(store, "SELECT request, utc_ms, result, ticket_id, other_ticket_id "
	                                "FROM requests WHERE id = ?1");
	if (!st)
		return TURNO_E_DB;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		const unsigned char *text = sqlite3_column_text(st, 0);
		snprintf(out->request, sizeof(out->request), "%s", text ? (const char *)text : "");
		out->utc_ms = sqlite3_column_int64(st, 1);
		out->result = sqlite3_column_int(st, 2);
		out->ticket_id = sqlite3_column_int64(st, 3);
		out->other_ticket_id = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? TURNO_E_NOT_FOUND : TURNO_E_DB;
}

int turno_requests_prune(struct turno_store *store, int64_t before_utc_ms)
{
	sqlite3_stmt *st = turno_store_stmt(store, "DELETE FROM requests WHERE utc_ms < ?1");
	if (!st)
		return TURNO_E_DB;
	sqlite3_bind_int64(st, 1, before_utc_ms);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return TURNO_E_DB;
	return sqlite3_changes(turno_store_db(store));
}
