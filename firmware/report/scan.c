/* Two reads: transfers first (a small set of ticket ids), then the tickets themselves,
 * each row handed to the caller as it comes. Nothing is kept per ticket, so a year of
 * a busy office costs one pass and the memory of its waits. */
#include "report/scan.h"

#include "core/error.h"
#include "core/store.h"
#include "report/calendar.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct transfer_set {
	int64_t *ids; /* sorted ascending (events come in seq order, ids nearly so: sorted after) */
	int *counts;
	size_t n, cap;
};

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int turno_report_state_parse(const char *text, enum turno_report_state *out)
{
	static const struct {
		const char *word;
		enum turno_report_state state;
	} states[] = {
	        {"waiting", TURNO_REPORT_WAITING},     {"called", TURNO_REPORT_CALLED},
	        {"completed", TURNO_REPORT_COMPLETED}, {"no_show", TURNO_REPORT_NO_SHOW},
	        {"expired", TURNO_REPORT_EXPIRED},
	};
	for (size_t i = 0; text && i < sizeof(states) / sizeof(states[0]); i++) {
		if (strcmp(text, states[i].word) == 0) {
			*out = states[i].state;
			return 0;
		}
	}
	return -EINVAL;
}

bool turno_report_filter_match(const struct turno_report_filter *filter, const struct turno_report_row *row)
{
	if (filter->services[0] && (!row->service || !strchr(filter->services, row->service)))
		return false;
	if (filter->counter > 0 && row->counter != filter->counter)
		return false;
	return true;
}

/* "YYYY-MM-DD" shifted by days, as "YYYY-MM-DD 00:00:00". */
static void local_bound(const char *date, int shift_days, char out[20])
{
	struct turno_date d = {1970, 1, 1};
	turno_cal_parse_date(date, &d);
	char day[11];
	turno_cal_format_date(turno_cal_days(d.year, d.month, d.day) + shift_days, day);
	snprintf(out, 20, "%s 00:00:00", day);
}

/* The seq of the first event of the first ticket issued at or after local time since;
 * 0 when there is none (then *found is false). */
static int first_event_seq(sqlite3 *db, const char *since, int64_t *seq, bool *found)
{
	sqlite3_stmt *st;
	*found = false;
	if (sqlite3_prepare_v2(
	            db,
	            "SELECT min(seq) FROM events WHERE ticket_id = "
	            "(SELECT id FROM tickets WHERE issued_local >= ?1 ORDER BY issued_local LIMIT 1)",
	            -1, &st, NULL) != SQLITE_OK)
		return TURNO_E_DB;
	sqlite3_bind_text(st, 1, since, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*seq = sqlite3_column_int64(st, 0);
		*found = true;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : TURNO_E_DB;
}

static int load_transfers(sqlite3 *db, const struct turno_report_filter *filter, struct transfer_set *set)
{
	/* Events are appended in time order, so the events of the range's tickets lie between
	 * the first event of its first ticket and the tickets issued two days after its end
	 * (a ticket is transferred on its business day). A day of margin on each side keeps
	 * this right when the clock was stepped while the office was open. */
	char since[20], until[20];
	local_bound(filter->from, -1, since);
	local_bound(filter->to, 2, until);
	int64_t lo = 0, hi = INT64_MAX;
	bool found;
	int rc = first_event_seq(db, since, &lo, &found);
	if (rc < 0)
		return rc;
	if (!found)
		return 0; /* no ticket issued since the range started: nothing to count */
	rc = first_event_seq(db, until, &hi, &found);
	if (rc < 0)
		return rc;
	if (!found)
		hi = INT64_MAX;
	sqlite3_stmt *st;
	/* "+ticket_id": read the rows in seq order instead of jumping through events_ticket. */
	if (sqlite3_prepare_v2(
	            db,
	            "SELECT ticket_id FROM events WHERE seq >= ?1 AND seq < ?2 AND kind = 'transferred'"
	            " AND +ticket_id > 0",
	            -1, &st, NULL) != SQLITE_OK)
		return TURNO_E_DB;
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (set->n == set->cap) {
			size_t cap = set->cap ? set->cap * 2 : 64;
			int64_t *ids = realloc(set->ids, cap * sizeof(*ids));
			if (!ids) {
				sqlite3_finalize(st);
				return -ENOMEM;
			}
			set->ids = ids;
			set->cap = cap;
		}
		set->ids[set->n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return TURNO_E_DB;
	qsort(set->ids, set->n, sizeof(*set->ids), cmp_id);
	return 0;
}

static int transfers_of(const struct transfer_set *set, int64_t id)
{
	if (set->n == 0)
		return 0;
	size_t lo = 0, hi = set->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (set->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	int count = 0;
	while (lo < set->n && set->ids[lo] == id) {
		count++;
		lo++;
	}
	return count;
}

static void copy_text(sqlite3_stmt *st, int column, char *out, size_t out_len)
{
	const unsigned char *text = sqlite3_column_text(st, column);
	int len = sqlite3_column_bytes(st, column);
	if (!text) {
		out[0] = '\0';
		return;
	}
	if ((size_t)len >= out_len)
		len = (int)out_len - 1;
	memcpy(out, text, (size_t)len);
	out[len] = '\0';
}

static int int_or(sqlite3_stmt *st, int column, int missing)
{
	return sqlite3_column_type(st, column) == SQLITE_NULL ? missing : sqlite3_column_int(st, column);
}

/* Whether [from, to] holds every ticket of the table: then reading the table in rowid
 * order beats going through the index and back to the table for each row. */
static int covers_all(sqlite3 *db, const char *from, const char *to_excl, bool *all)
{
	sqlite3_stmt *st;
	*all = false;
	if (sqlite3_prepare_v2(db, "SELECT min(issued_local), max(issued_local) FROM tickets", -1, &st,
	                       NULL) != SQLITE_OK)
		return TURNO_E_DB;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *lo = (const char *)sqlite3_column_text(st, 0);
		const char *hi = (const char *)sqlite3_column_text(st, 1);
		*all = lo && hi && strcmp(lo, from) >= 0 && strcmp(hi, to_excl) < 0;
	}
	sqlite3_finalize(st);
	return 0;
}

/* Column order is shared by both selects: the aggregation reads the first nine only. */
#define LEAN_COLUMNS "SELECT id, prefix, service, state, counter, issued_local, wait_s, service_s, recalls"
#define DETAIL_COLUMNS                                                                                       \
	LEAN_COLUMNS ", day, label, priority, issued_utc_ms, called_utc_ms, finished_utc_ms, print_state"
#define IN_RANGE " WHERE issued_local >= ?1 AND issued_local < ?2"

static const char *select_for(const struct turno_report_filter *filter, bool all)
{
	if (filter->ordered)
		return filter->details ? DETAIL_COLUMNS " FROM tickets" IN_RANGE " ORDER BY issued_local, id"
		                       : LEAN_COLUMNS " FROM tickets" IN_RANGE " ORDER BY issued_local, id";
	if (all)
		return filter->details ? DETAIL_COLUMNS " FROM tickets" : LEAN_COLUMNS " FROM tickets";
	return filter->details ? DETAIL_COLUMNS " FROM tickets" IN_RANGE
	                       : LEAN_COLUMNS " FROM tickets" IN_RANGE;
}

/* One row into row; false when the row is not a ticket this program understands. */
static bool read_row(sqlite3_stmt *st, bool details, struct turno_report_row *row)
{
	memset(row, 0, sizeof(*row));
	row->id = sqlite3_column_int64(st, 0);
	const unsigned char *prefix = sqlite3_column_text(st, 1);
	const unsigned char *service = sqlite3_column_text(st, 2);
	row->prefix = prefix ? (char)prefix[0] : '?';
	row->service = service ? (char)service[0] : '?';
	/* The schema's CHECK makes a bad state or time impossible; skip rather than guess. */
	if (turno_report_state_parse((const char *)sqlite3_column_text(st, 3), &row->state) < 0)
		return false;
	row->counter = int_or(st, 4, 0);
	copy_text(st, 5, row->issued_local, sizeof(row->issued_local));
	if (turno_cal_parse_local(row->issued_local, &row->local_days, &row->local_minute) < 0)
		return false;
	row->wait_s = int_or(st, 6, -1);
	row->service_s = int_or(st, 7, -1);
	row->recalls = sqlite3_column_int(st, 8);
	if (details) {
		copy_text(st, 9, row->day, sizeof(row->day));
		copy_text(st, 10, row->label, sizeof(row->label));
		row->priority = sqlite3_column_int(st, 11) != 0;
		row->issued_utc_ms = sqlite3_column_int64(st, 12);
		row->called_utc_ms = sqlite3_column_int64(st, 13);
		row->finished_utc_ms = sqlite3_column_int64(st, 14);
		copy_text(st, 15, row->print_state, sizeof(row->print_state));
	}
	return true;
}

int turno_report_scan(struct turno_store *store, const struct turno_report_filter *filter,
                      turno_report_row_fn fn, void *user)
{
	sqlite3 *db = turno_store_db(store);
	struct transfer_set transfers = {0};
	char from[20], to_excl[20];
	local_bound(filter->from, 0, from);
	local_bound(filter->to, 1, to_excl);
	/* Pages mapped rather than copied through read(): a year of tickets is hundreds of MB.
	 * Allowed on a read-only connection; it changes nothing in the file. */
	sqlite3_exec(db, "PRAGMA mmap_size = 1073741824", NULL, NULL, NULL);
	int rc = load_transfers(db, filter, &transfers);
	if (rc < 0)
		goto out_free;
	bool all = false;
	if (!filter->ordered && (rc = covers_all(db, from, to_excl, &all)) < 0)
		goto out_free;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, select_for(filter, all), -1, &st, NULL) != SQLITE_OK) {
		rc = TURNO_E_DB;
		goto out_free;
	}
	if (!all) {
		sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, to_excl, -1, SQLITE_STATIC);
	}
	struct turno_report_row row;
	int step;
	rc = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (!read_row(st, filter->details, &row) || !turno_report_filter_match(filter, &row))
			continue;
		row.transfers = transfers_of(&transfers, row.id);
		rc = fn(&row, user);
		if (rc < 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = TURNO_E_DB;
	sqlite3_finalize(st);
out_free:
	free(transfers.ids);
	free(transfers.counts);
	return rc;
}
