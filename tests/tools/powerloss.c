/* Power-loss test of the queue engine: kill -9 leaves the page cache intact, a power cut
 * does not. A SQLite VFS shim over the default unix VFS keeps every write that was not
 * yet fsync'ed in memory (reads see it, the file does not); xSync moves them to the file.
 * Each round a child process opens the engine through the shim, issues and calls tickets,
 * and at a random I/O call "cuts the power": it _exit()s, so the file keeps only what was
 * synced (mode drop), or first writes a random subset of the unsynced writes, torn at
 * 512-byte sectors, in random order (mode torn: SQLite's own crash-test model).
 * The parent then reopens with the normal VFS and checks: integrity_check ok, numbers per
 * (day, prefix) unique and contiguous from 1, every acknowledged ticket present with the
 * id and issue time it was acknowledged with (a lost number reissued to someone else
 * shows up as a different id), every acknowledged call not back to waiting.
 *
 *   powerloss CONFIG DB ROUNDS [SEED] [drop|torn|mixed|nosync]
 * nosync is the test's self-check: the engine with synchronous=OFF must fail it.
 * Prints TAP lines and a summary. Never used by the programs: test tool only. */
#include "core/clock.h"
#include "core/config.h"
#include "core/error.h"
#include "core/queue.h"
#include "core/store.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ------------------------------------------------------------------ random */

static uint64_t rng_state;

static uint32_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1dull) >> 32);
}

/* ------------------------------------------------------------------ the VFS shim */

enum pending_kind { PENDING_WRITE, PENDING_TRUNCATE };

struct pending {
	enum pending_kind kind;
	sqlite3_int64 offset; /* write offset, or truncate size */
	int len;
	unsigned char *data;
};

struct pl_file {
	sqlite3_file base;
	struct pending *ops; /* unsynced, in order */
	int op_count, op_cap;
	struct pl_file *next_open;
	sqlite3_file *real; /* the unix VFS's file, allocated right after this struct */
};

static sqlite3_vfs *unix_vfs;
static struct pl_file *open_files;
static long io_calls;    /* writes, truncates and syncs so far */
static long cut_at = -1; /* cut the power at this I/O call (-1 never) */
static bool cut_torn;    /* write a random subset of unsynced data at the cut */
static bool no_sync;     /* self-check: the engine runs with synchronous=OFF */

static void apply_op(struct pl_file *f, const struct pending *p)
{
	switch (p->kind) {
	case PENDING_WRITE:
		f->real->pMethods->xWrite(f->real, p->data, p->len, p->offset);
		break;
	case PENDING_TRUNCATE:
		f->real->pMethods->xTruncate(f->real, p->offset);
		break;
	}
}

static void drop_ops(struct pl_file *f)
{
	for (int i = 0; i < f->op_count; i++)
		free(f->ops[i].data);
	f->op_count = 0;
}

/* The power goes. What reaches the platters: nothing unsynced (drop), or a random
 * subset of the unsynced writes, each possibly torn at a sector boundary. */
static void power_cut(void)
{
	if (cut_torn) {
		for (struct pl_file *f = open_files; f; f = f->next_open) {
			for (int i = 0; i < f->op_count; i++) {
				struct pending *p = &f->ops[i];
				if (rng() % 2)
					continue;
				if (p->kind == PENDING_WRITE && p->len > 512 && rng() % 2) {
					int sectors = p->len / 512;
					struct pending torn = *p;
					torn.len = (int)(rng() % (unsigned)sectors + 1) * 512;
					if (torn.len > p->len)
						torn.len = p->len;
					if (rng() % 2) { /* the tail made it, not the head */
						torn.offset = p->offset + (p->len - torn.len);
						torn.data = p->data + (p->len - torn.len);
					}
					apply_op(f, &torn);
				} else {
					apply_op(f, p);
				}
			}
		}
	}
	_exit(0);
}

static void count_io(void)
{
	if (cut_at >= 0 && ++io_calls >= cut_at)
		power_cut();
}

static int add_op(struct pl_file *f, enum pending_kind kind, const void *data, int len, sqlite3_int64 offset)
{
	if (f->op_count == f->op_cap) {
		int cap = f->op_cap ? f->op_cap * 2 : 64;
		struct pending *ops = realloc(f->ops, (size_t)cap * sizeof(*ops));
		if (!ops)
			return SQLITE_NOMEM;
		f->ops = ops;
		f->op_cap = cap;
	}
	struct pending *p = &f->ops[f->op_count];
	*p = (struct pending){.kind = kind, .offset = offset, .len = len};
	if (data) {
		p->data = malloc((size_t)len);
		if (!p->data)
			return SQLITE_NOMEM;
		memcpy(p->data, data, (size_t)len);
	}
	f->op_count++;
	return SQLITE_OK;
}

static int pl_close(sqlite3_file *file)
{
	struct pl_file *f = (struct pl_file *)file;
	/* Closing does not make anything durable: unsynced data stays pending until the
	 * process ends, and is lost then, as with a real page cache that is never flushed.
	 * Only the engine's own syncs count. */
	drop_ops(f);
	free(f->ops);
	for (struct pl_file **link = &open_files; *link; link = &(*link)->next_open)
		if (*link == f) {
			*link = f->next_open;
			break;
		}
	return f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;
}

static sqlite3_int64 overlay_size(struct pl_file *f, sqlite3_int64 size)
{
	for (int i = 0; i < f->op_count; i++) {
		const struct pending *p = &f->ops[i];
		switch (p->kind) {
		case PENDING_WRITE:
			if (p->offset + p->len > size)
				size = p->offset + p->len;
			break;
		case PENDING_TRUNCATE:
			size = p->offset;
			break;
		}
	}
	return size;
}

static int pl_read(sqlite3_file *file, void *buf, int amt, sqlite3_int64 offset)
{
	struct pl_file *f = (struct pl_file *)file;
	int rc = f->real->pMethods->xRead(f->real, buf, amt, offset);
	if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
		return rc;
	sqlite3_int64 real_size;
	if (f->real->pMethods->xFileSize(f->real, &real_size) != SQLITE_OK)
		return SQLITE_IOERR_READ;
	/* Replay the pending operations over what the file holds. */
	sqlite3_int64 size = real_size;
	unsigned char *out = buf;
	for (int i = 0; i < f->op_count; i++) {
		const struct pending *p = &f->ops[i];
		switch (p->kind) {
		case PENDING_TRUNCATE:
			if (p->offset < offset + amt) {
				sqlite3_int64 from = p->offset > offset ? p->offset : offset;
				memset(out + (from - offset), 0, (size_t)(offset + amt - from));
			}
			size = p->offset;
			break;
		case PENDING_WRITE: {
			sqlite3_int64 lo = p->offset > offset ? p->offset : offset;
			sqlite3_int64 hi =
			        p->offset + p->len < offset + amt ? p->offset + p->len : offset + amt;
			if (lo < hi)
				memcpy(out + (lo - offset), p->data + (lo - p->offset), (size_t)(hi - lo));
			if (p->offset + p->len > size)
				size = p->offset + p->len;
			break;
		}
		}
	}
	if (size < offset + amt) {
		if (size > offset)
			memset(out + (size - offset), 0, (size_t)(offset + amt - size));
		else
			memset(out, 0, (size_t)amt);
		return SQLITE_IOERR_SHORT_READ;
	}
	return SQLITE_OK;
}

static int pl_write(sqlite3_file *file, const void *buf, int amt, sqlite3_int64 offset)
{
	count_io();
	return add_op((struct pl_file *)file, PENDING_WRITE, buf, amt, offset);
}

static int pl_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	count_io();
	return add_op((struct pl_file *)file, PENDING_TRUNCATE, NULL, 0, size);
}

static int pl_sync(sqlite3_file *file, int flags)
{
	struct pl_file *f = (struct pl_file *)file;
	count_io();
	for (int i = 0; i < f->op_count; i++)
		apply_op(f, &f->ops[i]);
	drop_ops(f);
	/* The host does not lose power: the real fsync would only slow the test down. */
	return SQLITE_OK;
}

static int pl_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	struct pl_file *f = (struct pl_file *)file;
	int rc = f->real->pMethods->xFileSize(f->real, size);
	if (rc == SQLITE_OK)
		*size = overlay_size(f, *size);
	return rc;
}

static int pl_lock(sqlite3_file *file, int lock)
{
	struct pl_file *f = (struct pl_file *)file;
	return f->real->pMethods->xLock(f->real, lock);
}

static int pl_unlock(sqlite3_file *file, int lock)
{
	struct pl_file *f = (struct pl_file *)file;
	return f->real->pMethods->xUnlock(f->real, lock);
}

static int pl_check_reserved(sqlite3_file *file, int *out)
{
	struct pl_file *f = (struct pl_file *)file;
	return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int pl_file_control(sqlite3_file *file, int op, void *arg)
{
	struct pl_file *f = (struct pl_file *)file;
	/* Size hints and chunking would grow the real file behind the overlay's back. */
	if (op == SQLITE_FCNTL_SIZE_HINT || op == SQLITE_FCNTL_CHUNK_SIZE)
		return SQLITE_OK;
	if (op == SQLITE_FCNTL_VFSNAME) {
		*(char **)arg = sqlite3_mprintf("powerloss");
		return SQLITE_OK;
	}
	return f->real->pMethods->xFileControl(f->real, op, arg);
}

static int pl_sector_size(sqlite3_file *file)
{
	struct pl_file *f = (struct pl_file *)file;
	return f->real->pMethods->xSectorSize(f->real);
}

static int pl_device_characteristics(sqlite3_file *file)
{
	struct pl_file *f = (struct pl_file *)file;
	return f->real->pMethods->xDeviceCharacteristics(f->real);
}

/* The wal-index (-shm) is shared memory; after a power cut SQLite rebuilds it from the
 * WAL, so it passes straight through. */
static int pl_shm_map(sqlite3_file *file, int page, int page_size, int extend, void volatile **out)
{
	struct pl_file *f = (struct pl_file *)file;
	return f->real->pMethods->xShmMap(f->real, page, page_size, extend, out);
}

static int pl_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
	struct pl_file *f = (struct pl_file *)file;
	return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

static void pl_shm_barrier(sqlite3_file *file)
{
	struct pl_file *f = (struct pl_file *)file;
	f->real->pMethods->xShmBarrier(f->real);
}

static int pl_shm_unmap(sqlite3_file *file, int delete_flag)
{
	struct pl_file *f = (struct pl_file *)file;
	return f->real->pMethods->xShmUnmap(f->real, delete_flag);
}

static const sqlite3_io_methods pl_methods = {
        .iVersion = 2, /* no xFetch: memory-mapped reads would bypass the overlay */
        .xClose = pl_close,
        .xRead = pl_read,
        .xWrite = pl_write,
        .xTruncate = pl_truncate,
        .xSync = pl_sync,
        .xFileSize = pl_file_size,
        .xLock = pl_lock,
        .xUnlock = pl_unlock,
        .xCheckReservedLock = pl_check_reserved,
        .xFileControl = pl_file_control,
        .xSectorSize = pl_sector_size,
        .xDeviceCharacteristics = pl_device_characteristics,
        .xShmMap = pl_shm_map,
        .xShmLock = pl_shm_lock,
        .xShmBarrier = pl_shm_barrier,
        .xShmUnmap = pl_shm_unmap,
};

static int pl_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
	struct pl_file *f = (struct pl_file *)file;
	memset(f, 0, sizeof(*f));
	f->real = (sqlite3_file *)(f + 1);
	int rc = unix_vfs->xOpen(unix_vfs, name, f->real, flags, out_flags);
	if (rc != SQLITE_OK) {
		f->base.pMethods = NULL;
		return rc;
	}
	f->base.pMethods = &pl_methods;
	f->next_open = open_files;
	open_files = f;
	return SQLITE_OK;
}

static int pl_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	count_io();
	return unix_vfs->xDelete(unix_vfs, name, sync_dir);
}

static int pl_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	return unix_vfs->xAccess(unix_vfs, name, flags, out);
}

static int pl_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	return unix_vfs->xFullPathname(unix_vfs, name, n, out);
}

static int pl_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	return unix_vfs->xRandomness(unix_vfs, n, out);
}

static int pl_sleep(sqlite3_vfs *vfs, int us)
{
	return unix_vfs->xSleep(unix_vfs, us);
}

static int pl_current_time(sqlite3_vfs *vfs, double *out)
{
	return unix_vfs->xCurrentTime(unix_vfs, out);
}

static int pl_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	return unix_vfs->xGetLastError(unix_vfs, n, out);
}

static sqlite3_vfs pl_vfs = {
        .iVersion = 1,
        .zName = "powerloss",
        .xOpen = pl_open,
        .xDelete = pl_delete,
        .xAccess = pl_access,
        .xFullPathname = pl_full_pathname,
        .xRandomness = pl_randomness,
        .xSleep = pl_sleep,
        .xCurrentTime = pl_current_time,
        .xGetLastError = pl_last_error,
};

static int register_shim(void)
{
	unix_vfs = sqlite3_vfs_find("unix");
	if (!unix_vfs)
		return -1;
	pl_vfs.szOsFile = (int)sizeof(struct pl_file) + unix_vfs->szOsFile;
	pl_vfs.mxPathname = unix_vfs->mxPathname;
	/* Default VFS: turno_queue_open() takes a path and opens it with the default. */
	return sqlite3_vfs_register(&pl_vfs, 1) == SQLITE_OK ? 0 : -1;
}

/* ------------------------------------------------------------------ the child: an office */

/* An acknowledged operation, as the child tells the parent through a pipe. */
struct ack {
	char kind; /* 'i' issued, 'c' called */
	char day[11];
	char label[8];
	int64_t id;
	int64_t issued_utc_ms;
};

static int write_ack(int fd, const struct turno_ticket *t, char kind)
{
	struct ack a = {.kind = kind, .id = t->id, .issued_utc_ms = t->issued_utc_ms};
	memcpy(a.day, t->day, sizeof(a.day));
	memcpy(a.label, t->label, sizeof(a.label));
	/* A pipe write of less than PIPE_BUF bytes is atomic: the parent never sees half. */
	return write(fd, &a, sizeof(a)) == (ssize_t)sizeof(a) ? 0 : -1;
}

static int run_office(const struct turno_config *config, const char *db_path, int64_t start_ms, int ops,
                      int boot, int ack_fd)
{
	struct turno_clock *clock = turno_clock_new_manual(start_ms);
	struct turno_queue *queue = NULL;
	if (!clock)
		return 2;
	for (int i = 1; i < boot; i++) /* every round is a new boot of the kiosk */
		turno_clock_reboot(clock);
	if (turno_queue_open(config, clock, db_path, &queue) < 0)
		return 2;
	if (no_sync) /* the self-check: without syncs, cuts must lose acknowledged tickets */
		sqlite3_exec(turno_store_db(turno_queue_store(queue)), "PRAGMA synchronous = OFF", NULL, NULL,
		             NULL);
	turno_queue_tick(queue);
	for (int i = 0; i < ops; i++) {
		struct turno_ticket t;
		/* Four minutes on average between operations: a day every ~180 ops. */
		turno_clock_advance(clock, (int64_t)(rng() % 480000));
		if (rng() % 40 == 0)
			turno_queue_tick(queue);
		if (rng() % 3) {
			char service = config->services[rng() % (unsigned)config->service_count].letter;
			if (turno_queue_issue(queue, service, rng() % 10 == 0 ? TURNO_ISSUE_PRIORITY : 0,
			                      &t) == 0)
				write_ack(ack_fd, &t, 'i');
		} else {
			int counter = config->counters[rng() % (unsigned)config->counter_count].id;
			if (turno_queue_call_next(queue, counter, &t) == 0)
				write_ack(ack_fd, &t, 'c');
		}
	}
	turno_queue_close(queue);
	turno_clock_free(clock);
	/* No cut happened: tell the parent how much I/O a round does. */
	struct ack end = {.kind = 'e', .id = io_calls};
	return write(ack_fd, &end, sizeof(end)) == (ssize_t)sizeof(end) ? 0 : 2;
}

/* ------------------------------------------------------------------ the parent: checks */

struct acks {
	struct ack *items;
	size_t count, cap;
};

/* Appends the acknowledgements; *io_calls gets the round's I/O count when it ended
 * without a cut. */
static int read_acks(int fd, struct acks *acks, long *io_calls_out)
{
	struct ack a;
	ssize_t n;
	while ((n = read(fd, &a, sizeof(a))) == (ssize_t)sizeof(a)) {
		if (a.kind == 'e') {
			*io_calls_out = (long)a.id;
			continue;
		}
		if (acks->count == acks->cap) {
			size_t cap = acks->cap ? acks->cap * 2 : 1024;
			struct ack *items = realloc(acks->items, cap * sizeof(*items));
			if (!items)
				return -1;
			acks->items = items;
			acks->cap = cap;
		}
		acks->items[acks->count++] = a;
	}
	return n == 0 ? 0 : -1;
}

static int64_t query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

struct verdict {
	bool integrity;
	int64_t duplicates, gaps, lost, changed, calls_lost, tickets;
	char integrity_text[128];
};

static int verify(const char *db_path, const struct acks *acks, struct verdict *v)
{
	sqlite3 *db;
	memset(v, 0, sizeof(*v));
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, "unix") != SQLITE_OK) {
		snprintf(v->integrity_text, sizeof(v->integrity_text), "cannot open: %s", sqlite3_errmsg(db));
		sqlite3_close(db);
		return -1;
	}
	/* Leave the WAL as the cut left it for the next round (no checkpoint on close). */
	sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(v->integrity_text, sizeof(v->integrity_text), "%s",
			         (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	v->integrity = strcmp(v->integrity_text, "ok") == 0;
	v->tickets = query_int(db, "SELECT COUNT(*) FROM tickets");
	if (v->tickets < 0) /* the cut came before the schema was committed */
		v->tickets = 0;
	v->duplicates =
	        query_int(db, "SELECT COUNT(*) FROM (SELECT 1 FROM tickets GROUP BY day, prefix, number "
	                      "HAVING COUNT(*) > 1)");
	/* Numbers start at 1 each day and have no holes: a lost commit is never skipped over. */
	v->gaps = query_int(db, "SELECT COUNT(*) FROM (SELECT 1 FROM tickets GROUP BY day, prefix "
	                        "HAVING MAX(number) <> COUNT(*) OR MIN(number) <> 1)");
	if (v->duplicates < 0)
		v->duplicates = 0;
	if (v->gaps < 0)
		v->gaps = 0;
	sqlite3_stmt *find = NULL;
	sqlite3_prepare_v2(db, "SELECT id, issued_utc_ms, state FROM tickets WHERE day = ?1 AND label = ?2",
	                   -1, &find, NULL);
	for (size_t i = 0; find && i < acks->count; i++) {
		const struct ack *a = &acks->items[i];
		sqlite3_reset(find);
		sqlite3_bind_text(find, 1, a->day, -1, SQLITE_STATIC);
		sqlite3_bind_text(find, 2, a->label, -1, SQLITE_STATIC);
		if (sqlite3_step(find) != SQLITE_ROW) {
			if (a->kind == 'i')
				v->lost++;
			else
				v->calls_lost++;
			continue;
		}
		if (sqlite3_column_int64(find, 0) != a->id ||
		    sqlite3_column_int64(find, 1) != a->issued_utc_ms)
			v->changed++; /* the number was lost and given to somebody else */
		else if (a->kind == 'c' && strcmp((const char *)sqlite3_column_text(find, 2), "waiting") == 0)
			v->calls_lost++;
	}
	sqlite3_finalize(find);
	sqlite3_close(db);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: powerloss CONFIG DB ROUNDS [SEED] [drop|torn|mixed|nosync]\n");
		return 64;
	}
	const char *db_path = argv[2];
	int rounds = atoi(argv[3]);
	unsigned long long seed = argc > 4 ? strtoull(argv[4], NULL, 10) : 1;
	const char *mode = argc > 5 ? argv[5] : "mixed";
	no_sync = strcmp(mode, "nosync") == 0;
	rng_state = seed * 0x9e3779b97f4a7c15ull + 1;
	char err[512];
	struct turno_config *config;
	if (turno_config_load(argv[1], &config, err, sizeof(err)) < 0) {
		fprintf(stderr, "powerloss: %s\n", err);
		return 78;
	}
	config->ignore_hours = true; /* the cuts, not the opening hours, are under test */
	if (register_shim() < 0) {
		fprintf(stderr, "powerloss: cannot register the VFS shim\n");
		return 1;
	}
	printf("# power-loss test: %d rounds, seed %llu, mode %s\n", rounds, seed, mode);

	struct acks acks = {0};
	int cuts = 0, torn_cuts = 0, clean = 0, failures = 0, child_errors = 0;
	int64_t start_ms = 1767600000000; /* 2026-01-05, a Monday */
	long last_io_calls = 400;
	for (int round = 1; round <= rounds; round++) {
		int ops = (int)(rng() % 30) + 1;
		/* Somewhere within the I/O this round will do (learned from the rounds before),
		 * sometimes past it: then the round ends without a cut. */
		long cut = (long)(rng() % (unsigned long)(last_io_calls + last_io_calls / 8 + 2)) + 1;
		bool torn = strcmp(mode, "torn") == 0 || (strcmp(mode, "mixed") == 0 && rng() % 2);
		int fds[2];
		if (pipe(fds) < 0)
			return 1;
		uint64_t child_seed = rng_state ^ (uint64_t)round;
		pid_t pid = fork();
		if (pid == 0) {
			close(fds[0]);
			rng_state = child_seed;
			cut_at = cut;
			cut_torn = torn;
			int rc = run_office(config, db_path, start_ms, ops, round, fds[1]);
			_exit(rc == 0 ? 3 : 2); /* still here: no cut happened */
		}
		close(fds[1]);
		long round_io = -1;
		read_acks(fds[0], &acks, &round_io);
		close(fds[0]);
		int status;
		waitpid(pid, &status, 0);
		int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		if (code == 0) {
			cuts++;
			torn_cuts += torn;
		} else if (code == 3) {
			clean++;
			if (round_io > 0)
				last_io_calls = (last_io_calls * 3 + round_io) / 4 + 4;
		} else {
			child_errors++;
		}
		start_ms += (int64_t)ops * 480000; /* past the child's clock: time never goes back */

		struct verdict v;
		if (verify(db_path, &acks, &v) < 0 || !v.integrity || v.duplicates || v.gaps || v.lost ||
		    v.changed || v.calls_lost) {
			failures++;
			printf("# round %d (%s cut at I/O %ld): integrity \"%s\", duplicates %lld, gaps "
			       "%lld, lost %lld, "
			       "reissued %lld, calls lost %lld\n",
			       round, torn ? "torn" : "drop", cut, v.integrity_text, (long long)v.duplicates,
			       (long long)v.gaps, (long long)v.lost, (long long)v.changed,
			       (long long)v.calls_lost);
			if (failures > 5)
				break;
		}
		if (round == rounds)
			printf("# %d rounds: %d power cuts (%d with torn partial writes), %d ended before "
			       "their "
			       "cut, %d child errors; %zu acknowledged operations, %lld tickets in the "
			       "database\n",
			       round, cuts, torn_cuts, clean, child_errors, acks.count, (long long)v.tickets);
	}
	int n = 0;
	printf("%s %d - %d power cuts simulated (%d torn)\n", cuts >= rounds / 2 ? "ok" : "not ok", ++n, cuts,
	       torn_cuts);
	printf("%s %d - after every cut: integrity ok, numbers unique and contiguous, nothing acknowledged "
	       "lost or reissued\n",
	       failures == 0 ? "ok" : "not ok", ++n);
	printf("%s %d - the office ran in every round (child errors: %d)\n",
	       child_errors == 0 ? "ok" : "not ok", ++n, child_errors);
	printf("%s %d - tickets were acknowledged (%zu)\n", acks.count > (size_t)rounds ? "ok" : "not ok",
	       ++n, acks.count);
	free(acks.items);
	turno_config_free(config);
	return failures || child_errors ? 1 : 0;
}
