/* libcurl easy interface, one handle reused across posts (keep-alive). */
#include "sync/http.h"

#include "sync/redact.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct turno_sync_http {
	CURL *curl;
	char *url;
	char *authorization; /* "Authorization: Bearer …" */
	char *ca_file;
	int connect_timeout_seconds;
	int timeout_seconds;
	bool (*cancel)(void *data);
	void *cancel_data;
	struct turno_sync_response *response; /* during a post */
	bool too_long;
	bool plain_http; /* http:// (to this machine only, endpoint.h): never through a proxy */
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc;

static void global_init(void)
{
	global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 1);
	if (s) {
		memcpy(s, a, la);
		memcpy(s + la, b, lb + 1);
	}
	return s;
}

int turno_sync_http_new(const struct turno_sync_http_options *options, struct turno_sync_http **out)
{
	*out = NULL;
	pthread_once(&global_once, global_init);
	if (global_rc != CURLE_OK)
		return -ENOMEM;
	struct turno_sync_http *http = calloc(1, sizeof(*http));
	if (!http)
		return -ENOMEM;
	http->curl = curl_easy_init();
	http->url = strdup(options->url ? options->url : "");
	http->authorization = join("Authorization: Bearer ", options->token ? options->token : "");
	http->ca_file = options->ca_file && options->ca_file[0] ? strdup(options->ca_file) : NULL;
	if (!http->curl || !http->url || !http->authorization ||
	    (options->ca_file && options->ca_file[0] && !http->ca_file)) {
		turno_sync_http_free(http);
		return -ENOMEM;
	}
	http->plain_http = strncasecmp(http->url, "http://", 7) == 0;
	http->connect_timeout_seconds = options->connect_timeout_seconds;
	http->timeout_seconds = options->timeout_seconds;
	http->cancel = options->cancel;
	http->cancel_data = options->cancel_data;
	*out = http;
	return 0;
}

void turno_sync_http_free(struct turno_sync_http *http)
{
	if (!http)
		return;
	curl_easy_cleanup(http->curl);
	free(http->url);
	if (http->authorization) {
		explicit_bzero(http->authorization, strlen(http->authorization));
		free(http->authorization);
	}
	free(http->ca_file);
	free(http);
}

void turno_sync_response_clear(struct turno_sync_response *response)
{
	if (!response)
		return;
	free(response->body);
	memset(response, 0, sizeof(*response));
}

static size_t on_body(char *data, size_t size, size_t count, void *user)
{
	struct turno_sync_http *http = user;
	struct turno_sync_response *r = http->response;
	size_t n = size * count;
	if (r->body_len + n > TURNO_SYNC_REPLY_MAX) {
		http->too_long = true;
		return 0; /* makes curl fail with CURLE_WRITE_ERROR */
	}
	char *grown = realloc(r->body, r->body_len + n + 1);
	if (!grown)
		return 0;
	memcpy(grown + r->body_len, data, n);
	r->body = grown;
	r->body_len += n;
	r->body[r->body_len] = '\0';
	return n;
}

static size_t on_header(char *data, size_t size, size_t count, void *user)
{
	struct turno_sync_http *http = user;
	struct turno_sync_response *r = http->response;
	size_t n = size * count;
	static const char name[] = "retry-after:";
	/* A new status line (after a 100 Continue) starts a new set of headers. */
	if (n >= 5 && strncmp(data, "HTTP/", 5) == 0)
		r->has_retry_after = false;
	if (n > sizeof(name) - 1 && strncasecmp(data, name, sizeof(name) - 1) == 0) {
		const char *v = data + sizeof(name) - 1;
		size_t len = n - (sizeof(name) - 1);
		while (len > 0 && (*v == ' ' || *v == '\t')) {
			v++;
			len--;
		}
		while (len > 0 && isspace((unsigned char)v[len - 1]))
			len--;
		if (len < sizeof(r->retry_after)) {
			memcpy(r->retry_after, v, len);
			r->retry_after[len] = '\0';
			r->has_retry_after = true;
		}
	}
	return n;
}

static int on_progress(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	struct turno_sync_http *http = user;
	return http->cancel && http->cancel(http->cancel_data) ? 1 : 0;
}

/* curl's codes grouped into what the caller acts on (a table: CURLcode is curl's enum,
 * with ~90 values we have no case for). */
static const struct {
	CURLcode code;
	int err;
} curl_errnos[] = {
        {CURLE_OPERATION_TIMEDOUT, -ETIMEDOUT},
        {CURLE_COULDNT_CONNECT, -ECONNREFUSED},
        {CURLE_COULDNT_RESOLVE_HOST, -EHOSTUNREACH},
        {CURLE_COULDNT_RESOLVE_PROXY, -EHOSTUNREACH},
        {CURLE_SEND_ERROR, -ECONNRESET},
        {CURLE_RECV_ERROR, -ECONNRESET},
        {CURLE_GOT_NOTHING, -ECONNRESET},
        {CURLE_PARTIAL_FILE, -ECONNRESET},
        {CURLE_SSL_CONNECT_ERROR, -EPROTO},
        {CURLE_PEER_FAILED_VERIFICATION, -EPROTO},
        {CURLE_SSL_CACERT_BADFILE, -EPROTO},
        {CURLE_SSL_CERTPROBLEM, -EPROTO},
        {CURLE_WEIRD_SERVER_REPLY, -EPROTO},
        {CURLE_HTTP2, -EPROTO},
        {CURLE_UNSUPPORTED_PROTOCOL, -EPROTO},
        {CURLE_ABORTED_BY_CALLBACK, -ECANCELED},
};

static int errno_of(CURLcode code)
{
	for (size_t i = 0; i < sizeof(curl_errnos) / sizeof(curl_errnos[0]); i++)
		if (curl_errnos[i].code == code)
			return curl_errnos[i].err;
	return -EIO;
}

int turno_sync_http_post(struct turno_sync_http *http, const char *body, size_t body_len,
                         const char *idempotency_key, struct turno_sync_response *response)
{
	memset(response, 0, sizeof(*response));
	char key_header[160];
	snprintf(key_header, sizeof(key_header), "Idempotency-Key: %s",
	         idempotency_key ? idempotency_key : "");
	struct curl_slist *headers = NULL, *h;
	const char *lines[] = {"Content-Type: application/json", "Accept: application/json",
	                       http->authorization, key_header, "Expect:" /* no 100-continue round trip */};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		h = curl_slist_append(headers, lines[i]);
		if (!h) {
			curl_slist_free_all(headers);
			snprintf(response->error, sizeof(response->error), "out of memory");
			return -ENOMEM;
		}
		headers = h;
	}
	char curl_error[CURL_ERROR_SIZE] = "";
	CURL *c = http->curl;
	curl_easy_reset(c); /* keeps the connection cache */
	http->response = response;
	http->too_long = false;
	CURLcode rc = CURLE_OK;
#define SET(opt, value)                                                                                      \
	do {                                                                                                 \
		if (rc == CURLE_OK)                                                                          \
			rc = curl_easy_setopt(c, opt, value);                                                \
	} while (0)
	SET(CURLOPT_URL, http->url);
	SET(CURLOPT_PROTOCOLS_STR, "https,http");
	/* In plain HTTP the proxy would read the batch and the bearer token: http_proxy and
	 * ALL_PROXY are not followed there (an https:// URL tunnels through a proxy with the
	 * token inside TLS). */
	if (http->plain_http)
		SET(CURLOPT_PROXY, "");
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	if (http->ca_file)
		SET(CURLOPT_CAINFO, http->ca_file);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CONNECTTIMEOUT, (long)http->connect_timeout_seconds);
	SET(CURLOPT_TIMEOUT, (long)http->timeout_seconds);
	SET(CURLOPT_POST, 1L);
	SET(CURLOPT_POSTFIELDS, body);
	SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
	SET(CURLOPT_HTTPHEADER, headers);
	SET(CURLOPT_USERAGENT, "turno-sync/1");
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, http);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, http);
	SET(CURLOPT_XFERINFOFUNCTION, on_progress);
	SET(CURLOPT_XFERINFODATA, http);
	SET(CURLOPT_NOPROGRESS, 0L);
	SET(CURLOPT_ERRORBUFFER, curl_error);
#undef SET
	int result;
	if (rc != CURLE_OK) {
		snprintf(response->error, sizeof(response->error), "%s", curl_easy_strerror(rc));
		result = -EINVAL;
		goto out;
	}
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response->status);
		result = 0;
	} else if (http->too_long) {
		snprintf(response->error, sizeof(response->error), "the reply is longer than %d bytes",
		         TURNO_SYNC_REPLY_MAX);
		result = -EMSGSIZE;
	} else {
		snprintf(response->error, sizeof(response->error), "%s",
		         curl_error[0] ? curl_error : curl_easy_strerror(rc));
		result = errno_of(rc);
	}
out:
	/* Nothing the handle keeps may point at this call's stack or at the token copy. */
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
	curl_slist_free_all(headers);
	http->response = NULL;
	if (result < 0) {
		free(response->body);
		response->body = NULL;
		response->body_len = 0;
	}
	turno_sync_http_redact(http, response->error);
	return result;
}

void turno_sync_http_redact(const struct turno_sync_http *http, char *text)
{
	static const char prefix[] = "Authorization: Bearer ";
	if (http && http->authorization && strlen(http->authorization) > sizeof(prefix) - 1)
		turno_sync_redact(text, http->authorization + sizeof(prefix) - 1);
}
