/* turno-sync: sends the kiosk's events to the back office, apart from the kiosk so that
 * the kiosk never waits on the network. Reads the same SQLite file; must never hold a
 * lock long enough to make the kiosk fail, and never log the token.
 *
 *   turno-sync [--config PATH] [--database PATH] [--once] [--verbose]
 *
 * --once: one pass until nothing is pending or an error; exit 0 (all sent), 75 (network
 * or receiver trouble, try later), 78 (configuration). Without it: a pass every
 * [sync] interval_seconds, backing off after failures, until SIGTERM. */
#include "core/clock.h"
#include "core/config.h"
#include "core/error.h"
#include "core/log.h"
#include "core/store.h"
#include "sync/backoff.h"
#include "sync/endpoint.h"
#include "sync/http.h"
#include "sync/outbox.h"
#include "sync/uploader.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#define EXIT_TEMPFAIL 75 /* sysexits.h EX_TEMPFAIL */
#define PRUNE_EVERY_MS (3600 * 1000LL)
#define PRUNE_CHUNK 500

static sigset_t stop_signals;

/* SIGTERM and SIGINT are blocked and read through a signalfd; during a transfer the
 * pending set is looked at, so a stop request interrupts a slow POST at once. */
static bool stop_requested(void *data)
{
	sigset_t pending;
	if (sigpending(&pending) < 0)
		return false;
	return sigismember(&pending, SIGTERM) == 1 || sigismember(&pending, SIGINT) == 1;
}

static void on_batch(void *data, const struct turno_sync_batch_report *r)
{
	if (!r->replied)
		return; /* failures are logged once, with the pass's outcome */
	switch (r->ack) {
	case TURNO_SYNC_ACK_ALL:
		turno_debug("sent events %" PRId64 "-%" PRId64 " (%d) in %" PRId64
		            " ms: acknowledged through %" PRId64,
		            r->first_seq, r->last_seq, r->count, r->elapsed_ms, r->acked_through);
		return;
	case TURNO_SYNC_ACK_PARTIAL:
		turno_notice("sent events %" PRId64 "-%" PRId64 ": the back office stored through %" PRId64
		             "; sending the rest again",
		             r->first_seq, r->last_seq, r->reply_acked);
		return;
	case TURNO_SYNC_ACK_BEYOND:
		turno_warn("sent events %" PRId64 "-%" PRId64
		           ": the back office acknowledged through %" PRId64
		           ", beyond what was sent; counting only through %" PRId64,
		           r->first_seq, r->last_seq, r->reply_acked, r->acked_through);
		return;
	case TURNO_SYNC_ACK_REWIND:
		turno_warn("the back office now holds only through %" PRId64
		           " (it lost events it had acknowledged): sending again from %" PRId64,
		           r->reply_acked, r->reply_acked + 1);
		return;
	case TURNO_SYNC_ACK_NONE:
		return;
	}
}

static uint32_t random_u32(void)
{
	uint32_t r;
	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r))
		r = (uint32_t)getpid() ^ (uint32_t)time(NULL);
	return r;
}

static void usage(FILE *out)
{
	fprintf(out, "usage: turno-sync [--config PATH] [--database PATH] [--once] [--verbose]\n"
	             "  --config PATH    configuration file (default /etc/turno/turno.ini)\n"
	             "  --database PATH  the SQLite database (default: [storage] database)\n"
	             "  --once           one pass; exit 0 all sent, 75 try later, 78 configuration problem\n"
	             "  --verbose        log every batch\n");
}

struct program {
	struct turno_config *config;
	struct turno_store *store;
	struct turno_clock *clock;
	struct turno_sync_http *http;
	struct turno_sync_uploader *uploader;
	int64_t last_prune_ms;
};

static void prune(struct program *p, int64_t acked_through)
{
	int64_t now = turno_clock_wall_ms(p->clock);
	p->last_prune_ms = now;
	int64_t deleted = 0;
	int64_t before = now - (int64_t)p->config->sync_keep_days * 86400 * 1000;
	if (turno_sync_outbox_prune(p->store, acked_through, before, PRUNE_CHUNK, &deleted) < 0)
		turno_warn("pruning acknowledged events: %s (will try again later)",
		           turno_store_errmsg(p->store));
	else if (deleted > 0)
		turno_info("pruned %" PRId64 " acknowledged events older than %d days", deleted,
		           p->config->sync_keep_days);
}

/* One pass, logged. Returns its outcome. */
static enum turno_sync_outcome run_pass(struct program *p, struct turno_sync_pass_result *r)
{
	enum turno_sync_outcome outcome = turno_sync_uploader_pass(p->uploader, r);
	switch (outcome) {
	case TURNO_SYNC_DONE:
		if (r->batches > 0)
			turno_info("sent %" PRId64 " events in %d batches; acknowledged through %" PRId64,
			           r->events_sent, r->batches, r->acked_through);
		if (turno_clock_wall_ms(p->clock) - p->last_prune_ms >= PRUNE_EVERY_MS)
			prune(p, r->acked_through);
		break;
	case TURNO_SYNC_RETRY:
		turno_warn("%s", r->error);
		break;
	case TURNO_SYNC_REFUSED:
	case TURNO_SYNC_DB_ERROR:
		turno_err("%s", r->error);
		break;
	case TURNO_SYNC_CANCELLED:
		break;
	}
	return outcome;
}

static int exit_status(enum turno_sync_outcome outcome)
{
	switch (outcome) {
	case TURNO_SYNC_DONE:
		return 0;
	case TURNO_SYNC_REFUSED:
		return TURNO_EX_CONFIG;
	case TURNO_SYNC_RETRY:
	case TURNO_SYNC_DB_ERROR:
	case TURNO_SYNC_CANCELLED:
		return EXIT_TEMPFAIL;
	}
	return EXIT_TEMPFAIL;
}

/* Sleeps delay_ms on a timerfd, or until a stop signal. Returns false on a stop. */
static bool wait_or_stop(int timer_fd, int signal_fd, int64_t delay_ms)
{
	struct itimerspec when = {
	        .it_value = {.tv_sec = delay_ms / 1000, .tv_nsec = (delay_ms % 1000) * 1000000}};
	if (delay_ms <= 0)
		when.it_value.tv_nsec = 1;
	timerfd_settime(timer_fd, 0, &when, NULL);
	struct pollfd fds[2] = {{.fd = timer_fd, .events = POLLIN}, {.fd = signal_fd, .events = POLLIN}};
	for (;;) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		if (fds[1].revents & POLLIN)
			return false;
		if (fds[0].revents & POLLIN) {
			uint64_t expirations;
			if (read(timer_fd, &expirations, sizeof(expirations)) < 0 && errno != EAGAIN)
				return false;
			return true;
		}
	}
}

static int run_forever(struct program *p)
{
	int status = 0;
	int timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	int signal_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC | SFD_NONBLOCK);
	if (timer_fd < 0 || signal_fd < 0) {
		turno_err("cannot create the timer or the signal descriptor: %s", strerror(errno));
		status = EXIT_FAILURE;
		goto out;
	}
	turno_info("sending events to %s every %d s", p->config->sync_url, p->config->sync_interval_seconds);
	unsigned failures = 0;
	for (;;) {
		struct turno_sync_pass_result r;
		enum turno_sync_outcome outcome = run_pass(p, &r);
		int64_t delay_ms;
		if (outcome == TURNO_SYNC_CANCELLED)
			break;
		if (outcome == TURNO_SYNC_DONE) {
			failures = 0;
			delay_ms = (int64_t)p->config->sync_interval_seconds * 1000;
		} else {
			/* Keep trying whatever failed: the back office may come back, a token may be
			 * re-issued; the events wait in the database meanwhile. */
			failures++;
			int64_t backoff = turno_sync_backoff_ms(
			        failures, (int64_t)p->config->sync_backoff_max_seconds * 1000, random_u32());
			delay_ms = turno_sync_retry_delay_ms(backoff, r.has_retry_after, r.retry_after_ms);
			turno_info("trying again in %.1f s", (double)delay_ms / 1000);
		}
		if (!wait_or_stop(timer_fd, signal_fd, delay_ms))
			break;
	}
	turno_info("stopping");
out:
	if (timer_fd >= 0)
		close(timer_fd);
	if (signal_fd >= 0)
		close(signal_fd);
	return status;
}

int main(int argc, char **argv)
{
	const char *config_path = "/etc/turno/turno.ini";
	const char *database = NULL;
	bool once = false;
	static const struct option long_options[] = {
	        {"config", required_argument, NULL, 'c'}, {"database", required_argument, NULL, 'd'},
	        {"once", no_argument, NULL, '1'},         {"verbose", no_argument, NULL, 'v'},
	        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
	};
	turno_log_set_ident("turno-sync");
	int opt;
	while ((opt = getopt_long(argc, argv, "c:d:1vh", long_options, NULL)) != -1) {
		switch (opt) {
		case 'c':
			config_path = optarg;
			break;
		case 'd':
			database = optarg;
			break;
		case '1':
			once = true;
			break;
		case 'v':
			turno_log_set_level(TURNO_LOG_DEBUG);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return 2;
	}

	/* Stop signals are read, never handled asynchronously: block them before any
	 * thread (curl's resolver) exists. */
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	sigprocmask(SIG_BLOCK, &stop_signals, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct program p = {0};
	int status = TURNO_EX_CONFIG;
	char err[512];
	if (turno_config_load(config_path, &p.config, err, sizeof(err)) < 0) {
		turno_err("%s", err);
		return TURNO_EX_CONFIG;
	}
	bool loopback;
	if (turno_sync_url_check(p.config->sync_url, &loopback, err, sizeof(err)) < 0) {
		turno_err("%s: %s", config_path, err);
		goto err_free_config;
	}
	if (!strncmp(p.config->sync_url, "http:", 5)) {
		turno_notice("[sync] url is plain http to this machine: fine for tests, not for an office");
		/* The token would travel in clear to the proxy: http.c never uses one here. */
		static const char *const proxies[] = {"http_proxy", "ALL_PROXY", "all_proxy"};
		for (size_t i = 0; i < sizeof(proxies) / sizeof(proxies[0]); i++)
			if (getenv(proxies[i]) && getenv(proxies[i])[0])
				turno_notice("%s is set but not used for the plain http:// url: the token is "
				             "never "
				             "sent through a proxy in clear",
				             proxies[i]);
	}
	char token[TURNO_SYNC_TOKEN_MAX + 1];
	if (turno_sync_token_read(p.config->sync_token_file, token, sizeof(token), err, sizeof(err)) < 0) {
		turno_err("%s: %s", config_path, err);
		goto err_free_config;
	}
	if (p.config->sync_ca_file[0] && access(p.config->sync_ca_file, R_OK) < 0) {
		turno_err("%s: [sync] ca_file %s: %s", config_path, p.config->sync_ca_file, strerror(errno));
		goto err_clear_token;
	}
	const char *db_path = database ? database : p.config->database;
	const char *db_error;
	int rc = turno_store_open(db_path, TURNO_STORE_READWRITE, &p.store, &db_error);
	if (rc < 0) {
		turno_err("cannot open the database %s (give another with --database PATH)", db_error);
		goto err_clear_token;
	}
	p.clock = turno_clock_new_system();
	struct turno_sync_http_options http_options = {
	        .url = p.config->sync_url,
	        .token = token,
	        .ca_file = p.config->sync_ca_file,
	        .connect_timeout_seconds = p.config->sync_connect_timeout_seconds,
	        .timeout_seconds = p.config->sync_timeout_seconds,
	        .cancel = stop_requested,
	};
	if (!p.clock || turno_sync_http_new(&http_options, &p.http) < 0) {
		turno_err("cannot set up the HTTP client (out of memory?)");
		status = EXIT_FAILURE;
		goto err_close;
	}
	explicit_bzero(token, sizeof(token)); /* the client keeps its own copy */
	struct turno_sync_uploader_options uploader_options = {
	        .kiosk_id = p.config->kiosk_id,
	        .batch_size = p.config->sync_batch_size,
	        .on_batch = on_batch,
	        .cancel = stop_requested,
	};
	if (turno_sync_uploader_new(p.store, p.http, p.clock, &uploader_options, &p.uploader) < 0) {
		turno_err("cannot set up the uploader (out of memory?)");
		status = EXIT_FAILURE;
		goto err_close;
	}

	if (once) {
		struct turno_sync_pass_result r;
		status = exit_status(run_pass(&p, &r));
	} else {
		status = run_forever(&p);
	}

err_close:
	turno_sync_uploader_free(p.uploader);
	turno_sync_http_free(p.http);
	turno_clock_free(p.clock);
	turno_store_close(p.store);
err_clear_token:
	explicit_bzero(token, sizeof(token));
err_free_config:
	turno_config_free(p.config);
	return status;
}
