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

#define TURNO_SCHEMA_VERSION 1

struct turno_store;

enum turno_store_mode {
	TURNO_STORE_READWRITE, /* creates the file and applies migrations */
	TURNO_STORE_READONLY,  /* reports: never writes, safe while the kiosk runs */
};

/* Opens (creating parent-less files) and migrates. Returns 0, TURNO_E_SCHEMA for a
 * database newer than this program, or TURNO_E_DB; *errmsg (may be NULL) gets SQLite's
 * words in a static buffer. */
int turno_store_open(const char *path, enum turno_store_mode mode, struct turno_store **out,
                     const char **errmsg);
void turno_store_close(struct turno_store *store);
sqlite3 *turno_store_db(struct turno_store *store);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Return 0 or TURNO_E_DB. */
int turno_store_begin(struct turno_store *store);
int turno_store_commit(struct turno_store *store);
void turno_store_rollback(struct turno_store *store);

/* A cached prepared statement for sql (the pointer identity of sql is the cache key:
 * pass string literals). Reset and with bindings cleared. NULL on error. */
sqlite3_stmt *turno_store_stmt(struct turno_store *store, const char *sql);

/* The meta table (key/value). get returns 0 and copies, or TURNO_E_NOT_FOUND. */
int turno_store_meta_get(struct turno_store *store, const char *key, char *value, size_t value_len);
int turno_store_meta_get_int(struct turno_store *store, const char *key, int64_t *value);
int turno_store_meta_set(struct turno_store *store, const char *key, const char *value);
int turno_store_meta_set_int(struct turno_store *store, const char *key, int64_t value);

const char *turno_store_errmsg(struct turno_store *store);

#endif
