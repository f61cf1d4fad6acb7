/* [sync] url and token_file checks. */
#include "sync/endpoint.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static bool host_is_loopback(const char *host)
{
	if (strcasecmp(host, "localhost") == 0 || strcmp(host, "[::1]") == 0 || strcmp(host, "::1") == 0)
		return true;
	unsigned a, b, c, d;
	char extra;
	return sscanf(host, "%u.%u.%u.%u%c", &a, &b, &c, &d, &extra) == 4 && a == 127 && b < 256 && c < 256 &&
	       d < 256;
}

int turno_sync_url_check(const char *url, bool *loopback, char *err, size_t err_len)
{
	if (loopback)
		*loopback = false;
	if (!url || !url[0]) {
		snprintf(err, err_len,
		         "[sync] url is empty: set it to the back office's address, e.g. "
		         "https://backoffice.example.it/turno/events");
		return -EINVAL;
	}
	CURLU *u = curl_url();
	if (!u) {
		snprintf(err, err_len, "out of memory");
		return -ENOMEM;
	}
	int rc = -EINVAL;
	char *scheme = NULL, *host = NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host[0]) {
		snprintf(err, err_len,
		         "[sync] url = \"%s\" is not a URL: write e.g. "
		         "https://backoffice.example.it/turno/events",
		         url);
		goto out;
	}
	bool local = host_is_loopback(host);
	if (strcasecmp(scheme, "https") == 0) {
		rc = 0;
	} else if (strcasecmp(scheme, "http") == 0) {
		if (local)
			rc = 0;
		else
			snprintf(
			        err, err_len,
			        "[sync] url = \"%s\": plain http:// is only allowed to this machine (tests); "
			        "use https:// so that the token and the data are encrypted",
			        url);
	} else {
		snprintf(err, err_len, "[sync] url = \"%s\": use an https:// address", url);
	}
	if (rc == 0 && loopback)
		*loopback = local;
out:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}

int turno_sync_token_read(const char *path, char *token, size_t token_len, char *err, size_t err_len)
{
	if (!path || !path[0]) {
		snprintf(err, err_len,
		         "[sync] token_file is empty: write the back office's token in a file "
		         "readable only by turno-sync (chmod 600) and name it there");
		return -EINVAL;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		int e = errno;
		snprintf(err, err_len, "[sync] token_file %s: cannot open: %s", path, strerror(e));
		return -e;
	}
	int rc = -EINVAL;
	char buf[TURNO_SYNC_TOKEN_MAX + 2];
	struct stat st;
	if (fstat(fd, &st) < 0) {
		rc = -errno;
		snprintf(err, err_len, "[sync] token_file %s: %s", path, strerror(-rc));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, err_len, "[sync] token_file %s is not a regular file", path);
		goto out;
	}
	/* Check the file opened, not the name: no window for a swap in between. */
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		snprintf(err, err_len,
		         "[sync] token_file %s is mode %04o: others could read the token; "
		         "run chmod 600 %s (turno-sync refuses to use it until then)",
		         path, (unsigned)(st.st_mode & 07777), path);
		rc = -EPERM;
		goto out;
	}
	size_t used = 0;
	for (;;) {
		ssize_t n = read(fd, buf + used, sizeof(buf) - 1 - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			snprintf(err, err_len, "[sync] token_file %s: %s", path, strerror(-rc));
			goto out;
		}
		if (n == 0 || used + (size_t)n == sizeof(buf) - 1) {
			used += (size_t)n;
			break;
		}
		used += (size_t)n;
	}
	buf[used] = '\0';
	char *start = buf;
	while (*start == ' ' || *start == '\t' || *start == '\n' || *start == '\r')
		start++;
	size_t len = strlen(start);
	while (len > 0 && (start[len - 1] == ' ' || start[len - 1] == '\t' || start[len - 1] == '\n' ||
	                   start[len - 1] == '\r'))
		len--;
	if (used != strlen(buf)) {
		snprintf(err, err_len, "[sync] token_file %s holds a NUL byte: write only the token", path);
		goto out;
	}
	if (len == 0) {
		snprintf(err, err_len, "[sync] token_file %s is empty: write the back office's token in it",
		         path);
		goto out;
	}
	if (len > TURNO_SYNC_TOKEN_MAX || len >= token_len) {
		snprintf(err, err_len, "[sync] token_file %s: the token is too long (at most %d characters)",
		         path, TURNO_SYNC_TOKEN_MAX);
		goto out;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)start[i];
		/* The token goes into an HTTP header: a line break would inject another one. */
		if (ch <= 0x20 || ch >= 0x7f) {
			snprintf(err, err_len,
			         "[sync] token_file %s: the token has a space, a control character or a "
			         "non-ASCII "
			         "byte at position %zu: the file must hold the token alone, on one line",
			         path, i + 1);
			goto out;
		}
	}
	memcpy(token, start, len);
	token[len] = '\0';
	rc = 0;
out:
	/* What was read stays in memory no longer than needed. */
	explicit_bzero(buf, sizeof(buf));
	close(fd);
	return rc;
}
