/* One read of the tickets, each row handed to the caller as it comes. Nothing is kept per
 * ticket, so a year of a busy office costs one pass and the memory of its waits. Only
 * the tickets table is read: the events may have been pruned once synced. */
#include "report/scan.h"

#include "core/error.h"
#include "core/store.h"
#include "report/calendar.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

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

/* Column order is shared by both selects: the aggregation reads the first ten only. */
#define LEAN_COLUMNS                                                                                         \
	"SELECT id, prefix, service, state, counter, issued_local, wait_s, service_s, recalls, transfers"
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
	row->transfers = sqlite3_column_int(st, 9);
	if (details) {
		copy_text(st, 10, row->day, sizeof(row->day));
		copy_text(st, 11, row->label, sizeof(row->label));
		row->priority = sqlite3_column_int(st, 12) != 0;
		row->issued_utc_ms = sqlite3_column_int64(st, 13);
		row->called_utc_ms = sqlite3_column_int64(st, 14);
		row->finished_utc_ms = sqlite3_column_int64(st, 15);
		copy_text(st, 16, row->print_state, sizeof(row->print_state));
	}
	return true;
}

int turno_report_scan(struct turno_store *store, const struct turno_report_filter *filter,
                      turno_report_row_fn fn, void *user)
{
	sqlite3 *db = turno_store_db(store);
	char from[20], to_excl[20];
	local_bound(filter->from, 0, from);
	local_bound(filter->to, 1, to_excl);
	/* Pages mapped rather than copied through read(): a year of tickets is hundreds of MB.
	 * Allowed on a read-only connection; it changes nothing in the file. */
	sqlite3_exec(db, "PRAGMA mmap_size = 1073741824", NULL, NULL, NULL);
	int rc;
	bool all = false;
	if (!filter->ordered && (rc = covers_all(db, from, to_excl, &all)) < 0)
		return rc;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, select_for(filter, all), -1, &st, NULL) != SQLITE_OK)
		return TURNO_E_DB;
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
		rc = fn(&row, user);
		if (rc < 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = TURNO_E_DB;
	sqlite3_finalize(st);
	return rc;
}
