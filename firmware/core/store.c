/* SQLite handle, pragmas and schema migrations. Bound parameters only. */
#include "core/store.h"

#include "core/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STMT_CACHE 64

struct cached_stmt {
	const char *sql;
	sqlite3_stmt *stmt;
};

struct turno_store {
	sqlite3 *db;
	bool readonly;
	struct cached_stmt cache[STMT_CACHE];
	int cached;
};

/* Migrations in order: migrations[i] takes user_version i to i + 1. Never edit one
 * that has shipped; add the next. */
static const char *const migrations[] = {
        /* 0 → 1 */
        "CREATE TABLE meta ("
        "  key TEXT PRIMARY KEY,"
        "  value TEXT NOT NULL"
        ") WITHOUT ROWID;"
        "CREATE TABLE tickets ("
        "  id INTEGER PRIMARY KEY,"
        "  day TEXT NOT NULL,"
        "  prefix TEXT NOT NULL,"
        "  number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 999),"
        "  label TEXT NOT NULL,"
        "  service TEXT NOT NULL,"
        "  priority INTEGER NOT NULL DEFAULT 0,"
        "  state TEXT NOT NULL CHECK (state IN ('waiting','called','completed','no_show','expired')),"
        "  counter INTEGER,"
        "  issued_utc_ms INTEGER NOT NULL,"
        "  issued_local TEXT NOT NULL,"
        "  queued_utc_ms INTEGER NOT NULL,"
        "  queued_mono_ms INTEGER NOT NULL,"
        "  queued_boot TEXT NOT NULL,"
        "  called_utc_ms INTEGER,"
        "  called_mono_ms INTEGER,"
        "  called_boot TEXT,"
        "  finished_utc_ms INTEGER,"
        "  wait_s INTEGER,"
        "  service_s INTEGER,"
        "  recalls INTEGER NOT NULL DEFAULT 0,"
        "  print_state TEXT NOT NULL DEFAULT 'none'"
        "    CHECK (print_state IN ('none','pending','printed','failed','unknown')),"
        "  print_detail TEXT,"
        "  clock_synced INTEGER NOT NULL,"
        "  UNIQUE (day, prefix, number)"
        ");"
        "CREATE INDEX tickets_waiting ON tickets (service, priority DESC, id) WHERE state = 'waiting';"
        "CREATE INDEX tickets_serving ON tickets (counter) WHERE state = 'called';"
        "CREATE INDEX tickets_issued ON tickets (issued_local);"
        "CREATE TABLE events ("
        "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
        "  ticket_id INTEGER NOT NULL REFERENCES tickets (id),"
        "  kind TEXT NOT NULL,"
        "  utc_ms INTEGER NOT NULL,"
        "  local_date TEXT NOT NULL,"
        "  local_time TEXT NOT NULL,"
        "  kiosk_id TEXT NOT NULL,"
        "  label TEXT NOT NULL,"
        "  service TEXT NOT NULL,"
        "  counter INTEGER,"
        "  wait_s INTEGER,"
        "  service_s INTEGER,"
        "  clock_synced INTEGER NOT NULL,"
        "  detail TEXT"
        ");"
        "CREATE INDEX events_ticket ON events (ticket_id);",
        /* 1 → 2: how often each ticket was transferred, on the ticket itself. Reports
         * counted it from the events, which turno-sync prunes once the back office has
         * them (keep_days): a semester report then lost its transfers. */
        "ALTER TABLE tickets ADD COLUMN transfers INTEGER NOT NULL DEFAULT 0;"
        "UPDATE tickets SET transfers = (SELECT count(*) FROM events"
        "  WHERE events.ticket_id = tickets.id AND events.kind = 'transferred')"
        "  WHERE id IN (SELECT ticket_id FROM events WHERE kind = 'transferred');"
        /* The tickets in print, found at every start without reading a year of tickets. */
        "CREATE INDEX tickets_printing ON tickets (id) WHERE print_state = 'pending';",
};
#define MIGRATION_COUNT (int)(sizeof(migrations) / sizeof(migrations[0]))

static int exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : TURNO_E_DB;
}

static int user_version(sqlite3 *db, int *version)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return TURNO_E_DB;
	int rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : TURNO_E_DB;
}

static int migrate(sqlite3 *db)
{
	int version;
	if (user_version(db, &version) < 0)
		return TURNO_E_DB;
	if (version > MIGRATION_COUNT)
		return TURNO_E_SCHEMA;
	for (int v = version; v < MIGRATION_COUNT; v++) {
		char bump[64];
		snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", v + 1);
		/* Each step is one transaction: a power cut leaves the old or the new schema. */
		if (exec(db, "BEGIN IMMEDIATE") < 0)
			return TURNO_E_DB;
		if (exec(db, migrations[v]) < 0 || exec(db, bump) < 0 || exec(db, "COMMIT") < 0) {
			exec(db, "ROLLBACK");
			return TURNO_E_DB;
		}
	}
	return 0;
}

static char open_error[256];

int turno_store_open(const char *path, enum turno_store_mode mode, struct turno_store **out,
                     const char **errmsg)
{
	*out = NULL;
	if (errmsg)
		*errmsg = open_error;
	struct turno_store *store = calloc(1, sizeof(*store));
	if (!store)
		return TURNO_E_DB;
	store->readonly = mode == TURNO_STORE_READONLY;
	int flags = store->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int rc = sqlite3_open_v2(path, &store->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(open_error, sizeof(open_error), "%s: %s", path,
		         store->db ? sqlite3_errmsg(store->db) : sqlite3_errstr(rc));
		goto err_close;
	}
	/* Another program (sync, report) may hold the lock for a moment: wait, never fail. */
	sqlite3_busy_timeout(store->db, 10000);
	if (!store->readonly) {
		if (exec(store->db, "PRAGMA journal_mode = WAL") < 0 ||
		    exec(store->db, "PRAGMA synchronous = FULL") < 0 ||
		    exec(store->db, "PRAGMA foreign_keys = ON") < 0) {
			snprintf(open_error, sizeof(open_error), "%s: %s", path, sqlite3_errmsg(store->db));
			goto err_close;
		}
		rc = migrate(store->db);
		if (rc < 0) {
			snprintf(open_error, sizeof(open_error), "%s: %s", path,
			         rc == TURNO_E_SCHEMA ? "written by a newer Turno (schema version too high)"
			                              : sqlite3_errmsg(store->db));
			sqlite3_close(store->db);
			free(store);
			return rc;
		}
	} else {
		int version;
		if (user_version(store->db, &version) < 0 || version == 0) {
			snprintf(open_error, sizeof(open_error), "%s: not a Turno database (or empty)", path);
			goto err_close;
		}
		if (version > MIGRATION_COUNT) {
			snprintf(open_error, sizeof(open_error), "%s: written by a newer Turno", path);
			sqlite3_close(store->db);
			free(store);
			return TURNO_E_SCHEMA;
		}
	}
	*out = store;
	return 0;
err_close:
	sqlite3_close(store->db);
	free(store);
	return TURNO_E_DB;
}

void turno_store_close(struct turno_store *store)
{
	if (!store)
		return;
	for (int i = 0; i < store->cached; i++)
		sqlite3_finalize(store->cache[i].stmt);
	sqlite3_close(store->db);
	free(store);
}

sqlite3 *turno_store_db(struct turno_store *store)
{
	return store->db;
}

int turno_store_begin(struct turno_store *store)
{
	return exec(store->db, "BEGIN IMMEDIATE");
}

int turno_store_commit(struct turno_store *store)
{
	if (exec(store->db, "COMMIT") < 0) {
		turno_store_rollback(store);
		return TURNO_E_DB;
	}
	return 0;
}

void turno_store_rollback(struct turno_store *store)
{
	if (!sqlite3_get_autocommit(store->db))
		exec(store->db, "ROLLBACK");
}

sqlite3_stmt *turno_store_stmt(struct turno_store *store, const char *sql)
{
	for (int i = 0; i < store->cached; i++) {
		if (store->cache[i].sql == sql) {
			sqlite3_reset(store->cache[i].stmt);
			sqlite3_clear_bindings(store->cache[i].stmt);
			return store->cache[i].stmt;
		}
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		return NULL;
	if (store->cached < STMT_CACHE)
		store->cache[store->cached++] = (struct cached_stmt){sql, st};
	/* A full cache would leak: it is sized above the number of statements Turno has. */
	return st;
}

int turno_store_meta_get(struct turno_store *store, const char *key, char *value, size_t value_len)
{
	sqlite3_stmt *st = turno_store_stmt(store, "SELECT value FROM meta WHERE key = ?1");
	if (!st)
		return TURNO_E_DB;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(value, value_len, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? TURNO_E_NOT_FOUND : TURNO_E_DB;
}

int turno_store_meta_get_int(struct turno_store *store, const char *key, int64_t *value)
{
	char text[32];
	int rc = turno_store_meta_get(store, key, text, sizeof(text));
	if (rc == 0)
		*value = strtoll(text, NULL, 10);
	return rc;
}

int turno_store_meta_set(struct turno_store *store, const char *key, const char *value)
{
	sqlite3_stmt *st = turno_store_stmt(store, "INSERT INTO meta (key, value) VALUES (?1, ?2) "
	                                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	if (!st)
		return TURNO_E_DB;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : TURNO_E_DB;
}

int turno_store_meta_set_int(struct turno_store *store, const char *key, int64_t value)
{
	char text[32];
	snprintf(text, sizeof(text), "%lld", (long long)value);
	return turno_store_meta_set(store, key, text);
}

const char *turno_store_errmsg(struct turno_store *store)
{
	return sqlite3_errmsg(store->db);
}
