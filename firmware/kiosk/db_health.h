/* The database's health inside the kiosk: what the last failed write said (another
 * program's lock, a full disk, a read-only or damaged file, a deleted -wal file), while
 * it lasts — issuing stops (the screen shows "out of order", turno-ctl status says
 * why), operations fail at once instead of waiting on the lock again — and when it is
 * over. A short write probe, once a second while a problem lasts, finds out; print
 * results that could not be written meanwhile are kept and written then. The database's
 * directory is watched (inotify), so that a deleted -wal file is saved at once, not at
 * the next write.
 *
 * A kiosk module (turno_db_health_module): it hangs off the kiosk's loop like the
 * screen. Program-level code: it logs each change once. */
#ifndef TURNO_KIOSK_DB_HEALTH_H
#define TURNO_KIOSK_DB_HEALTH_H

#include "kiosk/kiosk.h"

#include <stdbool.h>

/* How long one write waits for another program's lock before the kiosk calls the
 * database busy: well inside turno-ctl's 10 s, and short enough that the loop (screen,
 * buttons, other clients) does not freeze behind it. */
#define TURNO_KIOSK_LOCK_WAIT_MS 1000

struct turno_db_health;

/* Owned by the kiosk through its module's free hook (turno_db_health_module). */
struct turno_db_health *turno_db_health_new(struct turno_kiosk *kiosk);
void turno_db_health_module(struct turno_db_health *health, struct turno_kiosk_module *out);

/* After every engine call: rc as returned (TURNO_E_BUSY, _DISK_FULL, _DB start or keep
 * a problem; 0 ends it). Returns rc. what names the operation in the log. */
int turno_db_health_result(struct turno_db_health *health, int rc, const char *what);
/* Whether rc is one of the database's failures (TURNO_E_BUSY, _DISK_FULL, _DB). */
bool turno_db_health_is_failure(int rc);
/* While another program holds the lock: TURNO_E_BUSY, so that the caller does not wait
 * for it again; else 0. */
int turno_db_health_fail_fast(const struct turno_db_health *health);
/* The current problem's sentence for staff (cause and fix), or NULL. */
const char *turno_db_health_problem(const struct turno_db_health *health);
/* A print result the engine could not record: kept (up to a few dozen) and recorded
 * when writes work again. */
void turno_db_health_defer_print(struct turno_db_health *health, int64_t ticket_id,
                                 enum turno_print_state state, const char *detail);

#endif
