/* The HTTPS client of turno-sync (libcurl): POSTs one batch and returns what came back.
 * TLS peer and host verification are always on. The token goes only into the
 * Authorization header, never into an error text, and never through a proxy in plain
 * HTTP (https_proxy, ALL_PROXY and no_proxy are honoured for https:// URLs only).
 * Never logs.
 *
 * turno_sync_http_new() returns a client to free with turno_sync_http_free(); it keeps
 * the connection open between posts. A response's body belongs to the response: release
 * it with turno_sync_response_clear(). */
#ifndef TURNO_SYNC_HTTP_H
#define TURNO_SYNC_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#define TURNO_SYNC_REPLY_MAX (64 * 1024) /* a longer reply is not a reply of ours */

struct turno_sync_http;

struct turno_sync_http_options {
	const char *url;
	const char *token;
	const char *ca_file; /* NULL or "" = the system's CA store */
	int connect_timeout_seconds;
	int timeout_seconds;
	/* Called during the transfer; returning true aborts it (SIGTERM). May be NULL. */
	bool (*cancel)(void *data);
	void *cancel_data;
};

struct turno_sync_response {
	long status; /* HTTP status, 0 when none arrived */
	char *body;  /* NUL-terminated, NULL when empty */
	size_t body_len;
	bool has_retry_after;
	char retry_after[80]; /* the Retry-After header's value */
	char error[256];      /* why the transfer failed (curl's words), "" when it did not */
};

/* Copies the options' strings. 0, or -ENOMEM / -EINVAL (a curl option was refused, e.g.
 * an unsupported ca_file). */
int turno_sync_http_new(const struct turno_sync_http_options *options, struct turno_sync_http **out);
void turno_sync_http_free(struct turno_sync_http *http);

/* POSTs body as application/json with the Idempotency-Key header. Returns 0 when an
 * HTTP response arrived (whatever its status), else a negative errno: -ETIMEDOUT,
 * -ECONNREFUSED, -ECONNRESET, -EHOSTUNREACH (name or route), -EPROTO (TLS, bad reply),
 * -EMSGSIZE (reply too long), -ECANCELED (cancel said so), -EIO; response->error says
 * more. */
int turno_sync_http_post(struct turno_sync_http *http, const char *body, size_t body_len,
                         const char *idempotency_key, struct turno_sync_response *response);
void turno_sync_response_clear(struct turno_sync_response *response);

/* Masks the token, whole or any part of it, in text (in place): for what a server sent
 * back before it reaches a log or the meta table (a back office that answers 401 may
 * quote the credentials it refused). The response's error text is masked already. */
void turno_sync_http_redact(const struct turno_sync_http *http, char *text);

#endif
