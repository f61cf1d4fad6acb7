/* The SQLite file: opening with the pragmas every Turno program needs (WAL, busy
 * timeout, synchronous=FULL) and applying the versioned schema (PRAGMA user_version).
 * The schema is documented in README ("The database"); staff and the back office read it.
 *
 * turno_store_open() returns a handle to close with turno_store_close(). */
#ifndef TURNO_STORE_H
#define TURNO_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TURNO_SCHEMA_VERSION 3
#define TURNO_STORE_PATH_MAX 4096

struct turno_store;

enum turno_store_mode {
	TURNO_STORE_READWRITE, /* creates the file and applies migrations */
	TURNO_STORE_READONLY,  /* reports: never writes, safe while the kiosk runs */
};

/* Opens (creating parent-less files) and migrates. Returns 0, TURNO_E_SCHEMA for a
 * database newer than this program, or TURNO_E_DB; *errmsg (may be NULL) gets the reason
 * for a person (turno_store_open_error()).
 *
 * TURNO_STORE_READWRITE proves the file writable with one tiny write (meta
 * store.opened_utc_ms): a read-only file or directory, a full disk or a damaged file
 * fails here rather than at the first ticket. TURNO_STORE_READONLY reads older schemas
 * too: what later migrations added is computed in temporary views. */
int turno_store_open(const char *path, enum turno_store_mode mode, struct turno_store **out,
                     const char **errmsg);
/* Why the last turno_store_open() failed, for a person: "disk full: … has 0 bytes free",
 * "… is not a database (damaged, or not Turno's): …", "the directory … is not writable
 * …". Static storage, overwritten by the next open. */
const char *turno_store_open_error(void);
void turno_store_close(struct turno_store *store);
sqlite3 *turno_store_db(struct turno_store *store);
/* How long a write waits for another program's lock before failing with TURNO_E_BUSY
 * (default 10 s; the kiosk waits less, so that its loop never freezes). */
void turno_store_set_busy_timeout(struct turno_store *store, int ms);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Return 0 or TURNO_E_DB (turno_store_failure()
 * says which kind). */
int turno_store_begin(struct turno_store *store);
int turno_store_commit(struct turno_store *store);
void turno_store_rollback(struct turno_store *store);

/* Records SQLite's current error as the store's last failure, before a ROLLBACK turns it
 * into "not an error". The store does it for its own calls; code that steps statements
 * itself calls it when a step fails. Returns what it was: TURNO_E_BUSY (another program
 * holds the write lock), TURNO_E_DISK_FULL, or TURNO_E_DB. */
int turno_store_note_failure(struct turno_store *store);
/* The last failure's kind (as above) since the last successful commit, or 0. */
int turno_store_failure(const struct turno_store *store);

/* Checks that the -wal and -shm files are still the ones this connection writes through.
 * A cleaning script that deletes them leaves SQLite writing to files that vanish with
 * the process: then what they hold is checkpointed into the database file and the
 * connection reopened with new ones. Returns 0 (unchanged), 1 (they had been deleted or
 * replaced and everything was saved), or TURNO_E_DB (it could not be saved: every later
 * write fails, with the reason in turno_store_errmsg()). Call it after each commit. */
int turno_store_check_journal(struct turno_store *store);
/* One tiny write transaction without waiting for locks (meta store.probe_utc_ms): after
 * a failure, whether writing works again. 0, TURNO_E_BUSY, TURNO_E_DISK_FULL or
 * TURNO_E_DB. */
int turno_store_probe_write(struct turno_store *store);
/* How many times turno_store_check_journal() saved a deleted log (for the program to say). */
unsigned turno_store_journal_rescues(const struct turno_store *store);

/* A cached prepared statement for sql (the pointer identity of sql is the cache key:
 * pass string literals). Reset and with bindings cleared. NULL on error. */
sqlite3_stmt *turno_store_stmt(struct turno_store *store, const char *sql);

/* The meta table (key/value). get returns 0 and copies, or TURNO_E_NOT_FOUND. */
int turno_store_meta_get(struct turno_store *store, const char *key, char *value, size_t value_len);
int turno_store_meta_get_int(struct turno_store *store, const char *key, int64_t *value);
int turno_store_meta_set(struct turno_store *store, const char *key, const char *value);
int turno_store_meta_set_int(struct turno_store *store, const char *key, int64_t value);

/* The last failure in words for a person, with its cause and fix where known (disk full
 * with the free space, a lock held by another program, a read-only file or directory, a
 * damaged file). */
const char *turno_store_errmsg(struct turno_store *store);

#endif
