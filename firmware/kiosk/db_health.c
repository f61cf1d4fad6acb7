/* The database's health: a problem starts at a failed write, is probed once a second,
 * and ends at the first write that works. */
#include "kiosk/db_health.h"

#include "core/error.h"
#include "core/log.h"
#include "core/store.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <unistd.h>

/* A probe is one tiny write (or, on a full disk, a write that fails at once): once a
 * second costs nothing, and the screen is back within a second of the cause. */
#define PROBE_MS 1000
#define MAX_DEFERRED 64

struct deferred_print {
	int64_t ticket_id;
	enum turno_print_state state;
	bool has_detail;
	char detail[160];
};

struct turno_db_health {
	struct turno_kiosk *kiosk;
	int problem; /* 0, or TURNO_E_BUSY / _DISK_FULL / _DB */
	char text[1024];
	int64_t problem_since_mono;
	int64_t next_probe_mono;
	unsigned rescues_seen;
	char rescue_text[512]; /* a deleted -wal that was saved: listed until the restart */
	struct deferred_print deferred[MAX_DEFERRED];
	int deferred_count;
	/* The database's directory, watched for the -wal and -shm files going away. */
	int inotify_fd;
	char wal_name[NAME_MAX + 1], shm_name[NAME_MAX + 1];
};

bool turno_db_health_is_failure(int rc)
{
	return rc == TURNO_E_BUSY || rc == TURNO_E_DISK_FULL || rc == TURNO_E_DB;
}

static struct turno_store *store_of(struct turno_db_health *h)
{
	return turno_queue_store(turno_kiosk_queue(h->kiosk));
}

static int64_t now_mono(struct turno_db_health *h)
{
	return turno_clock_mono_ms(turno_kiosk_clock(h->kiosk));
}

/* A -wal or -shm file deleted under the kiosk and saved by the store: said once, and
 * listed in `turno-ctl status` so that whoever runs the cleaning script hears of it. */
static void notice_rescues(struct turno_db_health *h)
{
	unsigned rescues = turno_store_journal_rescues(store_of(h));
	if (rescues == h->rescues_seen)
		return;
	h->rescues_seen = rescues;
	const struct turno_config *c = turno_kiosk_config(h->kiosk);
	snprintf(h->rescue_text, sizeof(h->rescue_text),
	         "the database's %s-wal or -shm file was deleted while the kiosk ran (a cleaning "
	         "script?): what it held was saved into the database and new ones were started; never "
	         "delete them",
	         c->database);
	turno_err("%s", h->rescue_text);
}

static void start_problem(struct turno_db_health *h, int rc, const char *what)
{
	const char *text = turno_queue_errmsg(turno_kiosk_queue(h->kiosk));
	bool news = h->problem != rc || strcmp(h->text, text) != 0;
	if (news)
		turno_err("%s: %s; tickets cannot be issued until it is solved", what, text);
	if (!h->problem)
		h->problem_since_mono = now_mono(h);
	bool was_fine = h->problem == 0;
	h->problem = rc;
	snprintf(h->text, sizeof(h->text), "%s", text);
	h->next_probe_mono = now_mono(h) + PROBE_MS;
	if (was_fine)
		turno_kiosk_changed(h->kiosk); /* the screen goes out of order */
}

static void flush_deferred(struct turno_db_health *h)
{
	struct deferred_print copy[MAX_DEFERRED];
	int n = h->deferred_count;
	memcpy(copy, h->deferred, sizeof(copy[0]) * (size_t)n);
	h->deferred_count = 0;
	for (int i = 0; i < n; i++)
		turno_kiosk_print_result(h->kiosk, copy[i].ticket_id, copy[i].state,
		                         copy[i].has_detail ? copy[i].detail : NULL);
}

static void end_problem(struct turno_db_health *h)
{
	int64_t seconds = (now_mono(h) - h->problem_since_mono) / 1000;
	turno_notice("database writes work again after %lld s (it was: %s)", (long long)seconds, h->text);
	h->problem = 0;
	h->text[0] = '\0';
	flush_deferred(h);
	turno_kiosk_changed(h->kiosk);
}

int turno_db_health_result(struct turno_db_health *h, int rc, const char *what)
{
	notice_rescues(h);
	if (turno_db_health_is_failure(rc))
		start_problem(h, rc, what);
	else if (rc == 0 && h->problem)
		end_problem(h);
	return rc;
}

int turno_db_health_fail_fast(const struct turno_db_health *h)
{
	return h->problem == TURNO_E_BUSY ? TURNO_E_BUSY : 0;
}

const char *turno_db_health_problem(const struct turno_db_health *h)
{
	return h->problem ? h->text : NULL;
}

void turno_db_health_defer_print(struct turno_db_health *h, int64_t ticket_id, enum turno_print_state state,
                                 const char *detail)
{
	if (h->deferred_count == MAX_DEFERRED) {
		/* The ticket stays "pending" in the database: the next start makes it "unknown". */
		turno_err("ticket %lld: its print result (%s) could not be recorded and there is no room "
		          "to keep it",
		          (long long)ticket_id, turno_print_state_name(state));
		return;
	}
	struct deferred_print *d = &h->deferred[h->deferred_count++];
	d->ticket_id = ticket_id;
	d->state = state;
	d->has_detail = detail != NULL;
	snprintf(d->detail, sizeof(d->detail), "%s", detail ? detail : "");
}

/* The -wal or -shm file was deleted (or renamed away): save what it held now, not at the
 * next write, which may never come before a crash. */
static void on_directory_change(int fd, uint32_t events, void *user)
{
	struct turno_db_health *h = user;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool ours = false;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *e = (const struct inotify_event *)(void *)p;
			if (e->len &&
			    (strcmp(e->name, h->wal_name) == 0 || strcmp(e->name, h->shm_name) == 0))
				ours = true;
			p += sizeof(*e) + e->len;
		}
	}
	if (!ours)
		return;
	int rc = turno_store_check_journal(store_of(h));
	notice_rescues(h);
	if (rc < 0)
		start_problem(h, TURNO_E_DB, "database");
}

static void watch_directory(struct turno_db_health *h)
{
	const char *db = turno_kiosk_config(h->kiosk)->database;
	const char *slash = strrchr(db, '/');
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - db) + (slash == db) : 1, slash ? db : ".");
	const char *base = slash ? slash + 1 : db;
	snprintf(h->wal_name, sizeof(h->wal_name), "%.*s-wal", NAME_MAX - 4, base);
	snprintf(h->shm_name, sizeof(h->shm_name), "%.*s-shm", NAME_MAX - 4, base);
	h->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (h->inotify_fd < 0 || inotify_add_watch(h->inotify_fd, dir, IN_DELETE | IN_MOVED_FROM) < 0 ||
	    turno_loop_add(turno_kiosk_loop(h->kiosk), h->inotify_fd, EPOLLIN, on_directory_change, h) < 0) {
		/* Still checked after every write: only the moment of noticing is later. */
		turno_warn(
		        "database: cannot watch %s for deleted -wal files (%s): checked at each write only",
		        dir, strerror(errno));
		if (h->inotify_fd >= 0)
			close(h->inotify_fd);
		h->inotify_fd = -1;
	}
}

/* ------------------------------------------------------------------ module hooks */

static int64_t next_deadline(void *user)
{
	struct turno_db_health *h = user;
	return h->problem ? h->next_probe_mono : -1;
}

static void on_wake(void *user, int64_t mono)
{
	struct turno_db_health *h = user;
	if (!h->problem || mono < h->next_probe_mono)
		return;
	int rc = turno_store_probe_write(store_of(h));
	notice_rescues(h);
	if (rc == 0) {
		end_problem(h);
		return;
	}
	const char *text = turno_store_errmsg(store_of(h));
	if (rc != h->problem || strcmp(text, h->text) != 0) {
		turno_err("database: %s", text);
		h->problem = rc;
		snprintf(h->text, sizeof(h->text), "%s", text);
	}
	h->next_probe_mono = mono + PROBE_MS;
}

static int issue_blocker(void *user, const char **why)
{
	struct turno_db_health *h = user;
	if (!h->problem)
		return 0;
	*why = h->text;
	return h->problem;
}

static void add_status(void *user, cJSON *status)
{
	struct turno_db_health *h = user;
	if (h->problem)
		cJSON_AddStringToObject(status, "database_problem", h->text);
	if (!h->rescue_text[0])
		return;
	cJSON *problems = cJSON_GetObjectItem(status, "problems");
	if (!cJSON_IsArray(problems))
		problems = cJSON_AddArrayToObject(status, "problems");
	if (problems)
		cJSON_AddItemToArray(problems, cJSON_CreateString(h->rescue_text));
}

static void health_free(void *user)
{
	struct turno_db_health *h = user;
	if (h->inotify_fd >= 0) {
		turno_loop_remove(turno_kiosk_loop(h->kiosk), h->inotify_fd);
		close(h->inotify_fd);
	}
	free(h);
}

struct turno_db_health *turno_db_health_new(struct turno_kiosk *kiosk)
{
	struct turno_db_health *h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	h->kiosk = kiosk;
	h->rescues_seen = turno_store_journal_rescues(store_of(h));
	turno_store_set_busy_timeout(store_of(h), TURNO_KIOSK_LOCK_WAIT_MS);
	watch_directory(h);
	return h;
}

void turno_db_health_module(struct turno_db_health *h, struct turno_kiosk_module *out)
{
	memset(out, 0, sizeof(*out));
	out->name = "database";
	out->user = h;
	out->next_deadline = next_deadline;
	out->on_wake = on_wake;
	out->issue_blocker = issue_blocker;
	out->add_status = add_status;
	out->free = health_free;
}
