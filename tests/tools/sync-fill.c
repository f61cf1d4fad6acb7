/* Test tool: writes tickets and their events straight into a Turno database, the way the
 * queue engine lays them out, for turno-sync's tests and its 100 000-event measurement.
 *
 *   sync-fill DB TICKETS [--each] [--kiosk ID]
 *
 * Each ticket gets four events (issued, printed or print_failed, called, completed).
 * Default: one transaction for everything (fast fill). --each: one short transaction per
 * ticket, like a kiosk issuing while turno-sync runs; every failure (e.g. "database is
 * locked") is printed and makes the exit status 1. */
#include "core/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const insert_ticket =
        "INSERT INTO tickets (id, day, prefix, number, label, service, state, counter, issued_utc_ms, "
        "issued_local, queued_utc_ms, queued_mono_ms, queued_boot, called_utc_ms, finished_utc_ms, wait_s, "
        "service_s, print_state, clock_synced) VALUES (?1, ?2, ?3, ?4, ?5, ?3, 'completed', ?6, ?7, ?8, ?7, "
        "0, "
        "'fill', ?9, ?10, ?11, ?12, ?13, ?14)";
static const char *const insert_event = "INSERT INTO events (ticket_id, kind, utc_ms, local_date, "
                                        "local_time, kiosk_id, label, service, counter, "
                                        "wait_s, service_s, clock_synced, detail) VALUES (?1, ?2, ?3, ?4, "
                                        "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

static int step(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int add_event(struct turno_store *store, int64_t ticket, const char *kind, int64_t utc_ms,
                     const char *day, const char *kiosk, const char *label, const char *service, int counter,
                     int wait_s, int service_s, const char *detail)
{
	sqlite3_stmt *st = turno_store_stmt(store, insert_event);
	if (!st)
		return -1;
	char local_time[16];
	int64_t s = (utc_ms / 1000) % 86400;
	snprintf(local_time, sizeof(local_time), "%02d:%02d:%02d", (int)(s / 3600), (int)(s / 60 % 60),
	         (int)(s % 60));
	sqlite3_bind_int64(st, 1, ticket);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, utc_ms);
	sqlite3_bind_text(st, 4, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, local_time, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, label, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, service, -1, SQLITE_STATIC);
	if (counter > 0)
		sqlite3_bind_int(st, 9, counter);
	if (wait_s >= 0)
		sqlite3_bind_int(st, 10, wait_s);
	if (service_s >= 0)
		sqlite3_bind_int(st, 11, service_s);
	sqlite3_bind_int(st, 12, (int)(ticket % 7 != 0));
	if (detail)
		sqlite3_bind_text(st, 13, detail, -1, SQLITE_STATIC);
	return step(st);
}

static int add_ticket(struct turno_store *store, int64_t id, const char *kiosk)
{
	int64_t index = id - 1;
	/* 999 numbers a day and prefix: spread tickets over days from 2026-01-05. */
	int64_t day_index = index / 999;
	int number = (int)(index % 999) + 1;
	char service[2] = {(char)('A' + index % 6), '\0'};
	char label[8], day[11], local[20];
	snprintf(label, sizeof(label), "%s%03d", service, number);
	int64_t day_ms = (1767571200LL + day_index * 86400) * 1000; /* 2026-01-05 00:00 UTC */
	int64_t issued = day_ms + 8 * 3600000LL + (int64_t)number * 20000 + id % 1000;
	time_t t = (time_t)(day_ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	snprintf(local, sizeof(local), "%s 08:00:00", day);
	int counter = (int)(index % 4) + 1;
	int wait_s = (int)(index % 1800);
	int service_s = (int)(index % 600) + 30;
	bool print_failed = index % 50 == 49;
	sqlite3_stmt *st = turno_store_stmt(store, insert_ticket);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, service, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 4, number);
	sqlite3_bind_text(st, 5, label, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 6, counter);
	sqlite3_bind_int64(st, 7, issued);
	sqlite3_bind_text(st, 8, local, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 9, issued + wait_s * 1000LL);
	sqlite3_bind_int64(st, 10, issued + (wait_s + service_s) * 1000LL);
	sqlite3_bind_int(st, 11, wait_s);
	sqlite3_bind_int(st, 12, service_s);
	sqlite3_bind_text(st, 13, print_failed ? "failed" : "printed", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 14, 1);
	if (step(st) < 0)
		return -1;
	/* Text that JSON must escape: quotes, a backslash, a line break, accented letters. */
	const char *failure = "stampante: \"carta esaurita\" \\ rotolo\nfinito — è così";
	if (add_event(store, id, "issued", issued, day, kiosk, label, service, 0, -1, -1, NULL) < 0 ||
	    add_event(store, id, print_failed ? "print_failed" : "printed", issued + 900, day, kiosk, label,
	              service, 0, -1, -1, print_failed ? failure : NULL) < 0 ||
	    add_event(store, id, "called", issued + wait_s * 1000LL, day, kiosk, label, service, counter,
	              wait_s, -1, NULL) < 0 ||
	    add_event(store, id, "completed", issued + (wait_s + service_s) * 1000LL, day, kiosk, label,
	              service, counter, wait_s, service_s, NULL) < 0)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: sync-fill DB TICKETS [--each] [--kiosk ID]\n");
		return 2;
	}
	const char *path = argv[1];
	long tickets = strtol(argv[2], NULL, 10);
	bool each = false;
	const char *kiosk = "test-kiosk";
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--each") == 0)
			each = true;
		else if (strcmp(argv[i], "--kiosk") == 0 && i + 1 < argc)
			kiosk = argv[++i];
	}
	struct turno_store *store;
	const char *err;
	if (turno_store_open(path, TURNO_STORE_READWRITE, &store, &err) < 0) {
		fprintf(stderr, "sync-fill: %s\n", err);
		return 1;
	}
	int64_t first = 1;
	sqlite3_stmt *st = turno_store_stmt(store, "SELECT coalesce(max(id), 0) + 1 FROM tickets");
	if (st && sqlite3_step(st) == SQLITE_ROW)
		first = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	int failures = 0;
	if (!each && turno_store_begin(store) < 0) {
		fprintf(stderr, "sync-fill: BEGIN: %s\n", turno_store_errmsg(store));
		return 1;
	}
	for (int64_t id = first; id < first + tickets; id++) {
		if (each && turno_store_begin(store) < 0) {
			fprintf(stderr, "sync-fill: ticket %" PRId64 ": BEGIN: %s\n", id,
			        turno_store_errmsg(store));
			failures++;
			continue;
		}
		if (add_ticket(store, id, kiosk) < 0) {
			fprintf(stderr, "sync-fill: ticket %" PRId64 ": %s\n", id, turno_store_errmsg(store));
			turno_store_rollback(store);
			failures++;
			if (!each)
				break;
			continue;
		}
		if (each && turno_store_commit(store) < 0) {
			fprintf(stderr, "sync-fill: ticket %" PRId64 ": COMMIT: %s\n", id,
			        turno_store_errmsg(store));
			failures++;
		}
	}
	if (!each && failures == 0 && turno_store_commit(store) < 0) {
		fprintf(stderr, "sync-fill: COMMIT: %s\n", turno_store_errmsg(store));
		failures++;
	}
	turno_store_close(store);
	if (failures == 0)
		printf("sync-fill: %ld tickets, %ld events\n", tickets, tickets * 4);
	return failures ? 1 : 0;
}
