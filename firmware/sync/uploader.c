/* The sync pass: outbox → protocol → http → outbox. */
#include "sync/uploader.h"

#include "core/clock.h"
#include "core/error.h"
#include "core/store.h"
#include "sync/backoff.h"
#include "sync/http.h"
#include "sync/outbox.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A receiver that keeps answering less than it held before is broken; after this many
 * rewinds in one pass, stop and back off instead of resending in a tight loop. */
#define MAX_REWINDS_PER_PASS 3

struct turno_sync_uploader {
	struct turno_store *store;
	struct turno_sync_http *http;
	struct turno_clock *clock;
	struct turno_sync_uploader_options options;
	char *kiosk_id;
	int batch_size;
};

int turno_sync_uploader_new(struct turno_store *store, struct turno_sync_http *http,
                            struct turno_clock *clock, const struct turno_sync_uploader_options *options,
                            struct turno_sync_uploader **out)
{
	*out = NULL;
	if (!store || !http || !clock || !options || !options->kiosk_id || options->batch_size < 1)
		return TURNO_E_INVALID;
	struct turno_sync_uploader *u = calloc(1, sizeof(*u));
	if (!u)
		return -ENOMEM;
	u->kiosk_id = strdup(options->kiosk_id);
	if (!u->kiosk_id) {
		free(u);
		return -ENOMEM;
	}
	u->store = store;
	u->http = http;
	u->clock = clock;
	u->options = *options;
	u->options.kiosk_id = u->kiosk_id;
	u->batch_size = options->batch_size;
	*out = u;
	return 0;
}

void turno_sync_uploader_free(struct turno_sync_uploader *uploader)
{
	if (!uploader)
		return;
	free(uploader->kiosk_id);
	free(uploader);
}

int turno_sync_uploader_batch_size(const struct turno_sync_uploader *uploader)
{
	return uploader->batch_size;
}

const char *turno_sync_outcome_name(enum turno_sync_outcome outcome)
{
	switch (outcome) {
	case TURNO_SYNC_DONE:
		return "done";
	case TURNO_SYNC_RETRY:
		return "retry";
	case TURNO_SYNC_REFUSED:
		return "refused";
	case TURNO_SYNC_DB_ERROR:
		return "database error";
	case TURNO_SYNC_CANCELLED:
		return "cancelled";
	}
	return "?";
}

static int64_t elapsed_ms_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)(now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

/* A piece of what the server sent, safe to put in a log line or the meta table: no
 * control characters, and no part of the token (a back office may quote what it
 * refused). The token is masked in a longer stretch than is shown, so that a piece of it
 * cut by the 80 characters shown is masked too. */
static void snippet(const struct turno_sync_uploader *u, const char *body, size_t len, char *out,
                    size_t out_len)
{
	char masked[512];
	size_t m = 0;
	for (size_t i = 0; body && i < len && m + 1 < sizeof(masked); i++) {
		unsigned char ch = (unsigned char)body[i];
		masked[m++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	masked[m] = '\0';
	turno_sync_http_redact(u->http, masked);
	size_t shown = strlen(masked);
	size_t n = 0;
	for (size_t i = 0; i < shown && n + 4 < out_len && i < 80; i++)
		out[n++] = masked[i];
	if ((shown > 80 || len > m) && n + 4 < out_len) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
}

/* Ends the pass with an outcome, recording the error for turno-ctl status. */
static enum turno_sync_outcome fail(struct turno_sync_uploader *u, struct turno_sync_pass_result *r,
                                    enum turno_sync_outcome outcome)
{
	r->outcome = outcome;
	if (outcome != TURNO_SYNC_DB_ERROR && outcome != TURNO_SYNC_CANCELLED &&
	    turno_sync_outbox_record_failure(u->store, r->error, turno_clock_wall_ms(u->clock)) < 0) {
		snprintf(r->error + strlen(r->error), sizeof(r->error) - strlen(r->error),
		         " (and the database could not record it: %s)", turno_store_errmsg(u->store));
	}
	return outcome;
}

/* Handles a response that is not a 2xx. Returns true when the pass should go on. */
static bool handle_status(struct turno_sync_uploader *u, struct turno_sync_pass_result *r,
                          const struct turno_sync_response *resp, enum turno_sync_outcome *outcome)
{
	char text[100];
	snippet(u, resp->body, resp->body_len, text, sizeof(text));
	long status = resp->status;
	if (status == 413 && u->batch_size > 1) {
		/* The receiver's body limit is below our batch: smaller batches still get
		 * every event through. */
		u->batch_size = u->batch_size / 2;
		return true;
	}
	if (status == 401 || status == 403) {
		snprintf(r->error, sizeof(r->error),
		         "the back office refused the token (HTTP %ld): check [sync] token_file and the "
		         "kiosk's "
		         "registration%s%s",
		         status, text[0] ? ": " : "", text);
		*outcome = fail(u, r, TURNO_SYNC_REFUSED);
		return false;
	}
	if ((status == 429 || status == 503) && resp->has_retry_after) {
		int64_t delay;
		if (turno_sync_retry_after_parse(resp->retry_after, turno_clock_wall_ms(u->clock), &delay) ==
		    0) {
			r->has_retry_after = true;
			r->retry_after_ms = delay;
		}
	}
	snprintf(r->error, sizeof(r->error), "the back office answered HTTP %ld%s%s%s%s", status,
	         r->has_retry_after ? " (Retry-After: " : "", r->has_retry_after ? resp->retry_after : "",
	         r->has_retry_after ? ")" : "", text[0] ? ": " : "");
	snprintf(r->error + strlen(r->error), sizeof(r->error) - strlen(r->error), "%s", text);
	*outcome = fail(u, r, TURNO_SYNC_RETRY);
	return false;
}

enum turno_sync_outcome turno_sync_uploader_pass(struct turno_sync_uploader *u,
                                                 struct turno_sync_pass_result *r)
{
	memset(r, 0, sizeof(*r));
	struct turno_sync_state state;
	if (turno_sync_outbox_state(u->store, &state) < 0) {
		snprintf(r->error, sizeof(r->error), "reading the sync state: %s",
		         turno_store_errmsg(u->store));
		return fail(u, r, TURNO_SYNC_DB_ERROR);
	}
	int64_t acked = state.acked_through;
	r->acked_through = acked;
	int rewinds = 0;
	for (;;) {
		if (u->options.cancel && u->options.cancel(u->options.data)) {
			snprintf(r->error, sizeof(r->error), "stopped");
			return fail(u, r, TURNO_SYNC_CANCELLED);
		}
		struct turno_sync_batch *batch = turno_sync_batch_new(u->kiosk_id, acked);
		if (!batch) {
			snprintf(r->error, sizeof(r->error), "out of memory");
			return fail(u, r, TURNO_SYNC_DB_ERROR);
		}
		int n = turno_sync_outbox_read(u->store, acked, u->batch_size, batch);
		if (n <= 0) {
			turno_sync_batch_free(batch);
			if (n == 0) {
				r->outcome = TURNO_SYNC_DONE;
				return TURNO_SYNC_DONE;
			}
			snprintf(r->error, sizeof(r->error), "reading events: %s",
			         n == -ENOMEM ? "out of memory" : turno_store_errmsg(u->store));
			return fail(u, r, TURNO_SYNC_DB_ERROR);
		}
		char key[TURNO_SYNC_KEY_LEN];
		char *body = turno_sync_batch_render(batch, key);
		struct turno_sync_batch_report report = {
		        .first_seq = turno_sync_batch_first_seq(batch),
		        .last_seq = turno_sync_batch_last_seq(batch),
		        .count = n,
		};
		turno_sync_batch_free(batch);
		if (!body) {
			snprintf(r->error, sizeof(r->error), "out of memory");
			return fail(u, r, TURNO_SYNC_DB_ERROR);
		}
		struct timespec start;
		clock_gettime(CLOCK_MONOTONIC, &start);
		struct turno_sync_response resp;
		int rc = turno_sync_http_post(u->http, body, strlen(body), key, &resp);
		free(body);
		r->batches++;
		r->events_sent += n;
		report.http_status = resp.status;
		report.elapsed_ms = elapsed_ms_since(&start);
		report.acked_through = acked;
		enum turno_sync_outcome outcome = TURNO_SYNC_RETRY;
		bool go_on = false;
		if (rc < 0) {
			snprintf(r->error, sizeof(r->error), "sending events %" PRId64 "-%" PRId64 ": %s",
			         report.first_seq, report.last_seq, resp.error);
			outcome = fail(u, r, rc == -ECANCELED ? TURNO_SYNC_CANCELLED : TURNO_SYNC_RETRY);
		} else if (resp.status < 200 || resp.status > 299) {
			go_on = handle_status(u, r, &resp, &outcome);
		} else if (turno_sync_reply_parse(resp.body, resp.body_len, &report.reply_acked) < 0) {
			char text[100];
			snippet(u, resp.body, resp.body_len, text, sizeof(text));
			snprintf(r->error, sizeof(r->error),
			         "the back office answered HTTP %ld without {\"acked_through\": N}: \"%s\"",
			         resp.status, text);
			outcome = fail(u, r, TURNO_SYNC_RETRY);
		} else {
			report.replied = true;
			int64_t next;
			report.ack = turno_sync_ack_apply(acked, report.last_seq, report.reply_acked, &next);
			switch (report.ack) {
			case TURNO_SYNC_ACK_ALL:
			case TURNO_SYNC_ACK_PARTIAL:
			case TURNO_SYNC_ACK_BEYOND:
				go_on = true;
				break;
			case TURNO_SYNC_ACK_REWIND:
				go_on = ++rewinds <= MAX_REWINDS_PER_PASS;
				if (!go_on)
					snprintf(r->error, sizeof(r->error),
					         "the back office keeps answering acked_through below what "
					         "it acknowledged "
					         "before (now %" PRId64 ")",
					         report.reply_acked);
				break;
			case TURNO_SYNC_ACK_NONE:
				snprintf(r->error, sizeof(r->error),
				         "the back office stored none of events %" PRId64 "-%" PRId64
				         " (acked_through %" PRId64 ")",
				         report.first_seq, report.last_seq, report.reply_acked);
				break;
			}
			/* Even a rewind is recorded: it is the receiver's truth, and the events it
			 * lost are still here (only acknowledged, old events are ever pruned). */
			if (report.ack != TURNO_SYNC_ACK_NONE) {
				if (turno_sync_outbox_record_ack(u->store, next,
				                                 turno_clock_wall_ms(u->clock)) < 0) {
					snprintf(r->error, sizeof(r->error),
					         "recording acked_through %" PRId64 ": %s", next,
					         turno_store_errmsg(u->store));
					turno_sync_response_clear(&resp);
					if (u->options.on_batch)
						u->options.on_batch(u->options.data, &report);
					return fail(u, r, TURNO_SYNC_DB_ERROR);
				}
				acked = next;
				r->acked_through = acked;
				report.acked_through = acked;
			}
			if (!go_on)
				outcome = fail(u, r, TURNO_SYNC_RETRY);
		}
		turno_sync_response_clear(&resp);
		if (u->options.on_batch)
			u->options.on_batch(u->options.data, &report);
		if (!go_on)
			return outcome;
	}
}
