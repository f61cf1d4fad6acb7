/* Business-day changes in the tickets table. Rows are read first, then written, so that
 * no statement walks the rows it is moving. */
#include "core/daychange.h"

#include "core/businessday.h"
#include "core/error.h"
#include "core/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct row {
	int64_t id;
	char label[8];
	char service;
	bool at_counter;
	int counter;
	char day[11];
	int64_t issued_utc_ms;
	int64_t step_ms; /* how far the clock stepped since it was queued, when that corrects it */
	bool true_known; /* its real issue time is known: issued synchronised, or step_ms measured */
	int64_t called_step_ms;
};

struct rows {
	struct row *row;
	size_t count, cap;
};

static const char *text_or_empty(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? (const char *)t : "";
}

/* The columns both selects read. */
#define ROW_COLUMNS                                                                                          \
	"SELECT id, label, service, state, counter, day, issued_utc_ms, queued_utc_ms, queued_mono_ms, "     \
	"queued_boot, called_utc_ms, called_mono_ms, called_boot, clock_synced FROM tickets "

static int read_rows(struct turno_store *store, sqlite3_stmt *st, const struct turno_stamp *now,
                     struct rows *out)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->count == out->cap) {
			size_t cap = out->cap ? out->cap * 2 : 64;
			struct row *grown = realloc(out->row, cap * sizeof(*grown));
			if (!grown) {
				sqlite3_reset(st);
				return TURNO_E_DB;
			}
			out->row = grown;
			out->cap = cap;
		}
		struct row *r = &out->row[out->count++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(st, 0);
		snprintf(r->label, sizeof(r->label), "%s", text_or_empty(st, 1));
		r->service = text_or_empty(st, 2)[0];
		r->at_counter = strcmp(text_or_empty(st, 3), "called") == 0;
		r->counter = sqlite3_column_int(st, 4);
		snprintf(r->day, sizeof(r->day), "%s", text_or_empty(st, 5));
		r->issued_utc_ms = sqlite3_column_int64(st, 6);
		/* A stamp taken by a synchronised clock was right; one taken unsynchronised is
		 * corrected only by a synchronised clock of the same boot. */
		bool issued_synced = sqlite3_column_int(st, 13) != 0;
		r->true_known = issued_synced;
		if (!issued_synced && now->synced) {
			r->true_known = turno_business_day_step_ms(sqlite3_column_int64(st, 7),
			                                           sqlite3_column_int64(st, 8),
			                                           text_or_empty(st, 9), now, &r->step_ms);
			if (sqlite3_column_type(st, 10) != SQLITE_NULL)
				turno_business_day_step_ms(sqlite3_column_int64(st, 10),
				                           sqlite3_column_int64(st, 11),
				                           text_or_empty(st, 12), now, &r->called_step_ms);
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		turno_store_note_failure(store);
		return TURNO_E_DB;
	}
	return 0;
}

static void local_text(int64_t wall_ms, char out[20])
{
	struct tm tm;
	turno_local_tm(wall_ms, &tm);
	if (strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		out[0] = '\0';
}

/* Corrects a ticket's stamps by the clock's step and files it under day (when that day
 * does not hold its number yet). Only a synchronised clock refiles, so the ticket's time
 * is right from then on: clock_synced = 1, and a later step does not move it again (its
 * `issued` event keeps what the clock said then). Returns 1 when it was filed under
 * day, 0 when it kept its day, or TURNO_E_DB. */
static int refile(struct turno_store *store, const struct row *r, const char *day,
                  const struct turno_daychange_events *events)
{
	int64_t issued = r->issued_utc_ms + r->step_ms;
	char was[20], now[20], detail[48];
	local_text(r->issued_utc_ms, was);
	local_text(issued, now);
	/* OR IGNORE: the UNIQUE (day, prefix, number) of a day that already gave this number
	 * (a clock a day ahead and a busy morning) leaves the ticket where it was. */
	sqlite3_stmt *up = turno_store_stmt(
	        store, "UPDATE OR IGNORE tickets SET day = ?2, issued_utc_ms = ?3, issued_local = ?4, "
	               "queued_utc_ms = queued_utc_ms + ?5, called_utc_ms = called_utc_ms + ?6, "
	               "clock_synced = 1 WHERE id = ?1");
	if (!up)
		return TURNO_E_DB;
	for (int attempt = 0; attempt < 2; attempt++) {
		sqlite3_bind_int64(up, 1, r->id);
		sqlite3_bind_text(up, 2, attempt == 0 ? day : r->day, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(up, 3, issued);
		sqlite3_bind_text(up, 4, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(up, 5, r->step_ms);
		sqlite3_bind_int64(up, 6, r->called_step_ms);
		int rc = sqlite3_step(up);
		sqlite3_reset(up);
		if (rc != SQLITE_DONE) {
			turno_store_note_failure(store);
			return TURNO_E_DB;
		}
		if (sqlite3_changes(turno_store_db(store)) == 1) {
			if (r->step_ms != 0) {
				snprintf(detail, sizeof(detail), "%s>%s", was, now);
				if (events->add(events->user, r->id, "redated", r->label, r->service, 0,
				                detail) < 0)
					return TURNO_E_DB;
			}
			return attempt == 0;
		}
	}
	return 0;
}

int turno_daychange_correct(struct turno_store *store, const char *business_day,
                            const struct turno_stamp *now, const struct turno_daychange_events *events)
{
	if (!business_day[0])
		return 0;
	sqlite3_stmt *st =
	        turno_store_stmt(store, ROW_COLUMNS "WHERE day = ?1 AND queued_boot = ?2 ORDER BY id");
	if (!st)
		return TURNO_E_DB;
	sqlite3_bind_text(st, 1, business_day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, now->boot_id, -1, SQLITE_TRANSIENT);
	struct rows rows = {0};
	int rc = read_rows(store, st, now, &rows);
	int corrected = 0;
	for (size_t i = 0; rc == 0 && i < rows.count; i++) {
		const struct row *r = &rows.row[i];
		if (r->step_ms == 0 && r->called_step_ms == 0)
			continue;
		char true_day[11];
		turno_local_date(r->issued_utc_ms + r->step_ms, true_day);
		rc = refile(store, r, true_day, events);
		if (rc >= 0) {
			corrected++;
			rc = 0;
		}
	}
	free(rows.row);
	return rc < 0 ? rc : corrected;
}

static int end_ticket(struct turno_store *store, const struct row *r, const struct turno_stamp *now,
                      const struct turno_daychange_events *events)
{
	sqlite3_stmt *up =
	        turno_store_stmt(store, "UPDATE tickets SET state = ?2, finished_utc_ms = ?3 WHERE id = ?1");
	if (!up)
		return TURNO_E_DB;
	const char *state = r->at_counter ? "completed" : "expired";
	sqlite3_bind_int64(up, 1, r->id);
	sqlite3_bind_text(up, 2, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(up, 3, now->wall_ms);
	int rc = sqlite3_step(up);
	sqlite3_reset(up);
	if (rc != SQLITE_DONE) {
		turno_store_note_failure(store);
		return TURNO_E_DB;
	}
	return events->add(events->user, r->id, state, r->label, r->service, r->counter, "end of day");
}

int turno_daychange_end_leftovers(struct turno_store *store, const char *new_day,
                                  const struct turno_stamp *now, const struct turno_daychange_events *events)
{
	/* Every live ticket, also those filed under new_day: one a clock a day ahead filed
	 * there is a leftover all the same. Two selects, so that each walks its partial
	 * index (a few dozen rows), not the year's tickets. */
	sqlite3_stmt *st =
	        turno_store_stmt(store, ROW_COLUMNS "WHERE state = 'waiting' UNION ALL " ROW_COLUMNS
	                                            "WHERE state = 'called' ORDER BY 1");
	if (!st)
		return TURNO_E_DB;
	struct rows rows = {0};
	int rc = read_rows(store, st, now, &rows);
	int ended = 0;
	for (size_t i = 0; rc == 0 && i < rows.count; i++) {
		const struct row *r = &rows.row[i];
		char true_day[11];
		if (r->true_known)
			turno_local_date(r->issued_utc_ms + r->step_ms, true_day);
		switch (turno_business_day_fate(r->day, r->true_known ? true_day : NULL, new_day,
		                                now->synced)) {
		case TURNO_FATE_KEEP:
			break;
		case TURNO_FATE_REFILE:
			/* Kept in the queue whether or not its day can take it. */
			rc = refile(store, r, new_day, events);
			rc = rc < 0 ? rc : 0;
			break;
		case TURNO_FATE_END:
			rc = end_ticket(store, r, now, events);
			ended += rc == 0;
			break;
		}
	}
	free(rows.row);
	return rc < 0 ? rc : ended;
}
