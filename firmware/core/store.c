/* SQLite handle, pragmas and schema migrations. Bound parameters only. */
#include "core/store.h"

#include "core/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define STMT_CACHE 64
#define DEFAULT_BUSY_TIMEOUT_MS 10000

struct cached_stmt {
	const char *sql;
	sqlite3_stmt *stmt;
};

/* Which file a path named when the store looked: a change means someone replaced it. */
struct file_identity {
	bool known;
	dev_t dev;
	ino_t ino;
};

struct turno_store {
	sqlite3 *db;
	bool readonly;
	char *path;
	int busy_timeout_ms;
	struct cached_stmt cache[STMT_CACHE];
	int cached;
	/* The last failure, captured when it happened: a ROLLBACK after it resets SQLite's
	 * own message to "not an error". */
	bool failed;
	int failure; /* TURNO_E_BUSY, _DISK_FULL or _DB */
	char failure_msg[1024];
	/* The -wal and -shm files this connection writes through (see turno_store_check_journal). */
	struct file_identity wal, shm;
	bool journal_lost; /* deleted under us and could not be saved: no more writes */
	unsigned journal_rescues;
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
        /* 2 → 3: request ids (core/requests). A desk that retries a request after a
         * timeout, or after the kiosk was restarted, must get the first answer, not a
         * second ticket: the id is written in the same transaction as the change. */
        "CREATE TABLE requests ("
        "  id TEXT PRIMARY KEY,"
        "  request TEXT NOT NULL,"
        "  utc_ms INTEGER NOT NULL,"
        "  result INTEGER NOT NULL,"
        "  ticket_id INTEGER,"
        "  other_ticket_id INTEGER"
        ") WITHOUT ROWID;"
        "CREATE INDEX requests_age ON requests (utc_ms);",
};
#define MIGRATION_COUNT (int)(sizeof(migrations) / sizeof(migrations[0]))

static char open_error[1024];

/* The directory part of path, for statvfs and access. */
static void dir_of(const char *path, char *out, size_t out_len)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(out, out_len, ".");
	else if (slash == path)
		snprintf(out, out_len, "/");
	else
		snprintf(out, out_len, "%.*s", (int)(slash - path), path);
}

static void human_bytes(unsigned long long bytes, char *out, size_t out_len)
{
	if (bytes >= 10ull << 20)
		snprintf(out, out_len, "%llu MB", bytes >> 20);
	else if (bytes >= 10ull << 10)
		snprintf(out, out_len, "%llu kB", bytes >> 10);
	else
		snprintf(out, out_len, "%llu bytes", bytes);
}

/* The TURNO_E_* an SQLite failure stands for. */
static int failure_code(int code, int sys_errno)
{
	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return TURNO_E_BUSY;
	case SQLITE_FULL:
		return TURNO_E_DISK_FULL;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		return sys_errno == ENOSPC || sys_errno == EDQUOT ? TURNO_E_DISK_FULL : TURNO_E_DB;
	default:
		return TURNO_E_DB;
	}
}

/* Words for a person: what went wrong with the file at path and what to do. */
static void describe(const char *path, int code, int sys_errno, const char *sqlite_msg, char *out,
                     size_t out_len)
{
	char dir[256];
	dir_of(path, dir, sizeof(dir));
	switch (failure_code(code, sys_errno)) {
	case TURNO_E_BUSY:
		snprintf(out, out_len,
		         "the database %s is locked by another program (a sqlite3 shell or a backup "
		         "tool writing to it?): nothing can be written until it lets go",
		         path);
		return;
	case TURNO_E_DISK_FULL: {
		struct statvfs fs;
		char free_text[32] = "no space";
		if (statvfs(dir, &fs) == 0)
			human_bytes((unsigned long long)fs.f_bavail * fs.f_frsize, free_text,
			            sizeof(free_text));
		snprintf(out, out_len,
		         "disk full: %s has %s free, so the database %s cannot grow: free some space "
		         "(old logs: journalctl --vacuum-size=100M; old backups)",
		         dir, free_text, path);
		return;
	}
	default:
		break;
	}
	switch (code & 0xff) {
	case SQLITE_READONLY:
		if (access(path, W_OK) < 0 && errno != ENOENT)
			snprintf(out, out_len,
			         "the database %s is read-only for this user (uid %u): make it writable, "
			         "e.g. chown turno:turno %s && chmod 660 %s",
			         path, (unsigned)geteuid(), path, path);
		else if (access(dir, W_OK) < 0)
			snprintf(out, out_len,
			         "the directory %s is not writable for this user (uid %u), and the database "
			         "needs to create its -wal and -shm files there: chown turno:turno %s",
			         dir, (unsigned)geteuid(), dir);
		else
			snprintf(out, out_len, "the database %s cannot be written: %s", path, sqlite_msg);
		return;
	case SQLITE_NOTADB:
		snprintf(out, out_len,
		         "%s is not a database (damaged, or not Turno's): move it away and restore the last "
		         "backup, or start with an empty one",
		         path);
		return;
	case SQLITE_CORRUPT:
		snprintf(out, out_len,
		         "the database %s is damaged (%s): stop the kiosk, keep a copy of the file and "
		         "restore the last backup",
		         path, sqlite_msg);
		return;
	case SQLITE_CANTOPEN:
		if (access(dir, F_OK) < 0)
			snprintf(out, out_len, "cannot open the database %s: the directory %s does not exist",
			         path, dir);
		else
			snprintf(out, out_len,
			         "cannot open the database %s (%s): does the directory belong to the turno "
			         "user?",
			         path, sys_errno ? strerror(sys_errno) : sqlite_msg);
		return;
	default:
		snprintf(out, out_len, "the database %s: %s", path, sqlite_msg);
		return;
	}
}

int turno_store_note_failure(struct turno_store *store)
{
	int code = sqlite3_extended_errcode(store->db);
	int sys_errno = sqlite3_system_errno(store->db);
	store->failed = true;
	store->failure = failure_code(code, sys_errno);
	describe(store->path, code, sys_errno, sqlite3_errmsg(store->db), store->failure_msg,
	         sizeof(store->failure_msg));
	return store->failure;
}

static int exec(struct turno_store *store, const char *sql)
{
	if (sqlite3_exec(store->db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	turno_store_note_failure(store);
	return TURNO_E_DB;
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

static int migrate(struct turno_store *store)
{
	int version;
	if (user_version(store->db, &version) < 0)
		return TURNO_E_DB;
	if (version > MIGRATION_COUNT)
		return TURNO_E_SCHEMA;
	for (int v = version; v < MIGRATION_COUNT; v++) {
		char bump[64];
		snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", v + 1);
		/* Each step is one transaction: a power cut leaves the old or the new schema. */
		if (exec(store, "BEGIN IMMEDIATE") < 0)
			return TURNO_E_DB;
		if (exec(store, migrations[v]) < 0 || exec(store, bump) < 0 || exec(store, "COMMIT") < 0) {
			sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
			return TURNO_E_DB;
		}
	}
	return 0;
}

/* A reader of an older file sees today's columns: what the migrations add is computed in
 * temporary views (a read-only connection may create those; the file is not touched).
 * compat_views[v] makes schema v look like the current one. */
static const char *const compat_views[] = {
        [1] = "CREATE TEMP VIEW tickets AS SELECT t.*, "
              "(SELECT count(*) FROM main.events e WHERE e.ticket_id = t.id AND e.kind = 'transferred') "
              "AS transfers FROM main.tickets t;",
};

static void record_identity(const char *path, const char *suffix, struct file_identity *id)
{
	char name[TURNO_STORE_PATH_MAX + 8];
	struct stat st;
	snprintf(name, sizeof(name), "%s%s", path, suffix);
	id->known = stat(name, &st) == 0;
	id->dev = id->known ? st.st_dev : 0;
	id->ino = id->known ? st.st_ino : 0;
}

/* Opening the connection and its pragmas; the schema is the caller's business. */
static int open_connection(struct turno_store *store)
{
	int flags = store->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int rc = sqlite3_open_v2(store->path, &store->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		if (store->db)
			turno_store_note_failure(store);
		else
			snprintf(store->failure_msg, sizeof(store->failure_msg), "%s: %s", store->path,
			         sqlite3_errstr(rc));
		return TURNO_E_DB;
	}
	sqlite3_extended_result_codes(store->db, 1);
	/* Another program (sync, report) may hold the lock for a moment: wait for it. */
	sqlite3_busy_timeout(store->db, store->busy_timeout_ms);
	if (store->readonly)
		return 0;
	if (exec(store, "PRAGMA journal_mode = WAL") < 0 || exec(store, "PRAGMA synchronous = FULL") < 0 ||
	    exec(store, "PRAGMA foreign_keys = ON") < 0)
		return TURNO_E_DB;
	return 0;
}

/* A database that opens but cannot be written (a read-only file or directory, a full
 * disk, a damaged file) must fail here, with its reason, not at the first ticket after
 * the program said "ready". One tiny write: when this program last opened the file. */
static int check_writable(struct turno_store *store)
{
	if (sqlite3_db_readonly(store->db, "main") == 1) {
		describe(store->path, SQLITE_READONLY, 0, "read-only", store->failure_msg,
		         sizeof(store->failure_msg));
		store->failed = true;
		store->failure = TURNO_E_DB;
		return TURNO_E_DB;
	}
	if (turno_store_begin(store) < 0)
		return TURNO_E_DB;
	static const char sql[] = "INSERT INTO meta (key, value) VALUES ('store.opened_utc_ms', "
	                          "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)) "
	                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	if (exec(store, sql) < 0) {
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
		return TURNO_E_DB;
	}
	return turno_store_commit(store);
}

static void close_connection(struct turno_store *store)
{
	for (int i = 0; i < store->cached; i++)
		sqlite3_finalize(store->cache[i].stmt);
	store->cached = 0;
	sqlite3_close(store->db);
	store->db = NULL;
}

int turno_store_open(const char *path, enum turno_store_mode mode, struct turno_store **out,
                     const char **errmsg)
{
	*out = NULL;
	if (errmsg)
		*errmsg = open_error;
	open_error[0] = '\0';
	struct turno_store *store = calloc(1, sizeof(*store));
	if (!store || !(store->path = strdup(path))) {
		free(store);
		snprintf(open_error, sizeof(open_error), "%s: out of memory", path);
		return TURNO_E_DB;
	}
	store->readonly = mode == TURNO_STORE_READONLY;
	store->busy_timeout_ms = DEFAULT_BUSY_TIMEOUT_MS;
	int rc = open_connection(store);
	if (rc < 0)
		goto err_close;
	if (!store->readonly) {
		rc = migrate(store);
		if (rc == TURNO_E_SCHEMA) {
			snprintf(store->failure_msg, sizeof(store->failure_msg),
			         "%s: written by a newer Turno (schema version too high)", path);
			goto err_close;
		}
		if (rc < 0 || (rc = check_writable(store)) < 0)
			goto err_close;
		record_identity(path, "-wal", &store->wal);
		record_identity(path, "-shm", &store->shm);
	} else {
		int version;
		if (user_version(store->db, &version) < 0 || version == 0) {
			snprintf(store->failure_msg, sizeof(store->failure_msg),
			         "%s: not a Turno database (or empty)", path);
			rc = TURNO_E_DB;
			goto err_close;
		}
		if (version > MIGRATION_COUNT) {
			snprintf(store->failure_msg, sizeof(store->failure_msg),
			         "%s: written by a newer Turno", path);
			rc = TURNO_E_SCHEMA;
			goto err_close;
		}
		for (int v = version; v < MIGRATION_COUNT; v++) {
			if (v < (int)(sizeof(compat_views) / sizeof(compat_views[0])) && compat_views[v] &&
			    exec(store, compat_views[v]) < 0) {
				rc = TURNO_E_DB;
				goto err_close;
			}
		}
	}
	*out = store;
	return 0;
err_close:
	snprintf(open_error, sizeof(open_error), "%s", store->failure_msg);
	close_connection(store);
	free(store->path);
	free(store);
	return rc;
}

const char *turno_store_open_error(void)
{
	return open_error;
}

void turno_store_close(struct turno_store *store)
{
	if (!store)
		return;
	close_connection(store);
	free(store->path);
	free(store);
}

sqlite3 *turno_store_db(struct turno_store *store)
{
	return store->db;
}

void turno_store_set_busy_timeout(struct turno_store *store, int ms)
{
	store->busy_timeout_ms = ms;
	sqlite3_busy_timeout(store->db, ms);
}

int turno_store_begin(struct turno_store *store)
{
	if (store->journal_lost) {
		store->failed = true;
		store->failure = TURNO_E_DB;
		snprintf(store->failure_msg, sizeof(store->failure_msg),
		         "the write-ahead log %s-wal was deleted while the database was open and what it "
		         "held could not be saved: nothing more is written; restart the program",
		         store->path);
		return TURNO_E_DB;
	}
	store->failed = false;
	return exec(store, "BEGIN IMMEDIATE");
}

int turno_store_commit(struct turno_store *store)
{
	if (exec(store, "COMMIT") < 0) {
		turno_store_rollback(store);
		return TURNO_E_DB;
	}
	store->failed = false;
	return 0;
}

void turno_store_rollback(struct turno_store *store)
{
	if (!sqlite3_get_autocommit(store->db))
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
}

static bool identity_changed(const char *path, const char *suffix, const struct file_identity *known)
{
	struct file_identity now;
	record_identity(path, suffix, &now);
	return known->known && (!now.known || now.dev != known->dev || now.ino != known->ino);
}

int turno_store_check_journal(struct turno_store *store)
{
	if (store->readonly || store->journal_lost)
		return store->journal_lost ? TURNO_E_DB : 0;
	if (!store->wal.known)
		record_identity(store->path, "-wal", &store->wal);
	if (!store->shm.known)
		record_identity(store->path, "-shm", &store->shm);
	if (!identity_changed(store->path, "-wal", &store->wal) &&
	    !identity_changed(store->path, "-shm", &store->shm))
		return 0;
	/* SQLite still writes through its open descriptors of the deleted files, which vanish
	 * with the process: copy what they hold into the database file (the checkpoint reads
	 * them through those descriptors), then start over with a new log. */
	int log_frames = -1, done_frames = -1;
	int rc =
	        sqlite3_wal_checkpoint_v2(store->db, NULL, SQLITE_CHECKPOINT_FULL, &log_frames, &done_frames);
	if (rc == SQLITE_BUSY && log_frames >= 0 && done_frames == log_frames)
		rc = SQLITE_OK; /* every frame is in the database file; only the log could not restart */
	if (rc != SQLITE_OK) {
		int kind = turno_store_note_failure(store);
		/* A reader in the way (another program's long read): tried again at the next
		 * check. Anything else: what the deleted file holds cannot be saved. */
		store->journal_lost = kind != TURNO_E_BUSY;
		snprintf(store->failure_msg, sizeof(store->failure_msg),
		         "the write-ahead log %s-wal was deleted while the database was open, and what it "
		         "held could not be saved into the database%s: %s",
		         store->path, kind == TURNO_E_BUSY ? " yet (another program is reading)" : "",
		         sqlite3_errmsg(store->db));
		return TURNO_E_DB;
	}
	close_connection(store);
	if (open_connection(store) < 0) {
		store->journal_lost = true;
		return TURNO_E_DB;
	}
	record_identity(store->path, "-wal", &store->wal);
	record_identity(store->path, "-shm", &store->shm);
	store->journal_rescues++;
	return 1;
}

int turno_store_probe_write(struct turno_store *store)
{
	/* Without waiting: the point is to learn whether the lock is free now. */
	sqlite3_busy_timeout(store->db, 0);
	static const char sql[] = "INSERT INTO meta (key, value) VALUES ('store.probe_utc_ms', "
	                          "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)) "
	                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	int rc = turno_store_begin(store);
	if (rc == 0 && exec(store, sql) < 0) {
		turno_store_rollback(store);
		rc = TURNO_E_DB;
	}
	if (rc == 0)
		rc = turno_store_commit(store);
	if (rc == 0 && turno_store_check_journal(store) < 0)
		rc = TURNO_E_DB;
	sqlite3_busy_timeout(store->db, store->busy_timeout_ms);
	return rc == 0 ? 0 : store->failure < 0 ? store->failure : TURNO_E_DB;
}

unsigned turno_store_journal_rescues(const struct turno_store *store)
{
	return store->journal_rescues;
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
	if (sqlite3_prepare_v3(store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		turno_store_note_failure(store);
		return NULL;
	}
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
	if (!store->failed)
		turno_store_note_failure(store);
	return store->failure_msg;
}

int turno_store_failure(const struct turno_store *store)
{
	return store->failed ? store->failure : 0;
}
