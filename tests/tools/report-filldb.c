/* Fills a Turno database with N synthetic tickets straight through SQL, for measuring
 * turno-report on a big office history (the engine would take far too long to issue a
 * million tickets). Rows look like the engine's: one ticket row, and its events
 * (issued, called, completed / no_show / expired, some transferred).
 *
 *   report-filldb DB N [FIRST_DAY]     FIRST_DAY default 2025-01-01
 *
 * The database is created with turno_store_open(), so the schema is the real one. */
#include "core/store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rng(void)
{
	/* xorshift64*: deterministic, so two runs give the same database. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1dull) >> 32);
}

static int step(sqlite3 *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "report-filldb: %s\n", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: report-filldb DB N [FIRST_DAY]\n");
		return 2;
	}
	long n = strtol(argv[2], NULL, 10);
	const char *first = argc > 3 ? argv[3] : "2025-01-01";
	struct tm day0 = {0};
	if (sscanf(first, "%d-%d-%d", &day0.tm_year, &day0.tm_mon, &day0.tm_mday) != 3) {
		fprintf(stderr, "report-filldb: FIRST_DAY is YYYY-MM-DD\n");
		return 2;
	}
	day0.tm_year -= 1900;
	day0.tm_mon -= 1;
	time_t base = timegm(&day0);

	struct turno_store *store;
	const char *err;
	if (turno_store_open(argv[1], TURNO_STORE_READWRITE, &store, &err) < 0) {
		fprintf(stderr, "report-filldb: %s\n", err);
		return 1;
	}
	sqlite3 *db = turno_store_db(store);
	sqlite3_exec(db, "PRAGMA synchronous = OFF", NULL, NULL, NULL);
	sqlite3_stmt *ins_ticket, *ins_event;
	if (sqlite3_prepare_v2(
	            db,
	            "INSERT INTO tickets (id, day, prefix, number, label, service, priority, state, counter,"
	            " issued_utc_ms, issued_local, queued_utc_ms, queued_mono_ms, queued_boot, called_utc_ms,"
	            " finished_utc_ms, wait_s, service_s, recalls, print_state, clock_synced, transfers) "
	            "VALUES"
	            " (?1, ?2, ?3, ?4, ?3 || printf('%03d', ?4), ?5, ?6, ?7, ?8, ?9, ?10, ?9, 0, 'fill', ?11,"
	            " ?12, ?13, ?14, 0, 'printed', 1, ?15)",
	            -1, &ins_ticket, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(
	            db,
	            "INSERT INTO events (ticket_id, kind, utc_ms, local_date, local_time, kiosk_id, label,"
	            " service, counter, wait_s, service_s, clock_synced) VALUES (?1, ?2, ?3, ?4, '00:00:00',"
	            " 'fill', 'X000', ?5, ?6, ?7, ?8, 1)",
	            -1, &ins_event, NULL) != SQLITE_OK) {
		fprintf(stderr, "report-filldb: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	const long per_day = 3000;
	int numbers[6] = {0};
	long day_index = -1;
	for (long i = 0; i < n; i++) {
		if (i / per_day != day_index) {
			day_index = i / per_day;
			memset(numbers, 0, sizeof(numbers));
		}
		int minute_in_day = 8 * 60 + (int)((i % per_day) * 600 / per_day); /* 08:00 … 17:59 */
		int64_t utc_ms = ((int64_t)base + day_index * 86400 + minute_in_day * 60 - 3600) * 1000;
		time_t local_t = (time_t)(base + day_index * 86400 + minute_in_day * 60);
		struct tm lt;
		gmtime_r(&local_t, &lt);
		char day[11], local[20];
		strftime(day, sizeof(day), "%Y-%m-%d", &lt);
		strftime(local, sizeof(local), "%Y-%m-%d %H:%M:%S", &lt);
		int s = (int)(rng() % 6);
		char prefix[2] = {(char)('A' + s), 0};
		char service[2] = {prefix[0], 0};
		bool transferred = rng() % 50 == 0;
		if (transferred)
			service[0] = (char)('A' + (s + 1) % 6);
		uint32_t fate = rng() % 100;
		const char *state = fate < 85 ? "completed" : fate < 93 ? "no_show" : "expired";
		int wait = (int)(rng() % 3600), service_s = 60 + (int)(rng() % 900);
		int counter = 1 + (int)(rng() % 4);
		sqlite3_bind_int64(ins_ticket, 1, i + 1);
		sqlite3_bind_text(ins_ticket, 2, day, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins_ticket, 3, prefix, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(ins_ticket, 4, ++numbers[s]);
		sqlite3_bind_text(ins_ticket, 5, service, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(ins_ticket, 6, rng() % 20 == 0);
		sqlite3_bind_int(ins_ticket, 15, transferred);
		sqlite3_bind_text(ins_ticket, 7, state, -1, SQLITE_STATIC);
		bool called = fate < 93;
		if (called) {
			sqlite3_bind_int(ins_ticket, 8, counter);
			sqlite3_bind_int64(ins_ticket, 11, utc_ms + wait * 1000LL);
			sqlite3_bind_int(ins_ticket, 13, wait);
		} else {
			sqlite3_bind_null(ins_ticket, 8);
			sqlite3_bind_null(ins_ticket, 11);
			sqlite3_bind_null(ins_ticket, 13);
		}
		sqlite3_bind_int64(ins_ticket, 9, utc_ms);
		sqlite3_bind_text(ins_ticket, 10, local, -1, SQLITE_TRANSIENT);
		if (fate < 85) {
			sqlite3_bind_int64(ins_ticket, 12, utc_ms + (wait + service_s) * 1000LL);
			sqlite3_bind_int(ins_ticket, 14, service_s);
		} else {
			sqlite3_bind_null(ins_ticket, 12);
			sqlite3_bind_null(ins_ticket, 14);
		}
		if (step(db, ins_ticket) < 0)
			return 1;
		const char *kinds[4] = {"issued", called ? "called" : "expired",
		                        transferred ? "transferred" : NULL,
		                        fate < 85   ? "completed"
		                        : fate < 93 ? "no_show"
		                                    : NULL};
		for (int k = 0; k < 4; k++) {
			if (!kinds[k])
				continue;
			sqlite3_bind_int64(ins_event, 1, i + 1);
			sqlite3_bind_text(ins_event, 2, kinds[k], -1, SQLITE_STATIC);
			sqlite3_bind_int64(ins_event, 3, utc_ms + k * 1000);
			sqlite3_bind_text(ins_event, 4, day, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins_event, 5, service, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(ins_event, 6, counter);
			sqlite3_bind_int(ins_event, 7, wait);
			sqlite3_bind_int(ins_event, 8, service_s);
			if (step(db, ins_event) < 0)
				return 1;
		}
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "report-filldb: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	sqlite3_finalize(ins_ticket);
	sqlite3_finalize(ins_event);
	turno_store_close(store);
	printf("%ld tickets, %ld days from %s\n", n, (n + per_day - 1) / per_day, first);
	return 0;
}
