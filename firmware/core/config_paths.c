/* [control] socket against the other paths of the configuration: checks that keep a typo
 * from destroying a file (core/config.h, turno_config_check_paths). Reads the file
 * system (stat, realpath) but changes nothing. */
#include "core/config.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

/* "a//b/./c/../d" → "a/b/d": for paths whose directory does not exist (yet). */
static void lexical_path(const char *path, char *out, size_t out_len)
{
	size_t used = 0;
	out[0] = '\0';
	if (path[0] == '/' && out_len > 1) {
		out[used++] = '/';
		out[used] = '\0';
	}
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *last = strrchr(out, '/');
			used = last ? (size_t)(last - out) + (last == out) : 0;
			out[used] = '\0';
		} else if (n > 0 && !(n == 1 && p[0] == '.') && used + n + 2 < out_len) {
			if (used > 0 && out[used - 1] != '/')
				out[used++] = '/';
			memcpy(out + used, p, n);
			used += n;
			out[used] = '\0';
		}
		p += n;
		p += *p == '/';
	}
}

/* path with its directory resolved (symbolic links, "..", "//"), for comparing paths
 * of files that may not exist yet. */
static void canonical_path(const char *path, char *out, size_t out_len)
{
	char dir[TURNO_PATH], resolved[PATH_MAX];
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
	if (!dir[0])
		snprintf(dir, sizeof(dir), "/");
	if (realpath(dir, resolved))
		snprintf(out, out_len, "%s/%s", strcmp(resolved, "/") ? resolved : "", base);
	else
		lexical_path(path, out, out_len);
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	char ca[TURNO_PATH + PATH_MAX], cb[TURNO_PATH + PATH_MAX];
	canonical_path(a, ca, sizeof(ca));
	canonical_path(b, cb, sizeof(cb));
	return strcmp(ca, cb) == 0;
}

int turno_config_check_paths(const struct turno_config *c, char *err, size_t err_len)
{
	struct sockaddr_un addr;
	if (!c->control_socket[0]) {
		snprintf(err, err_len, "[control] socket is empty: e.g. /run/turno/control.sock");
		return -EINVAL;
	}
	if (strlen(c->control_socket) >= sizeof(addr.sun_path)) {
		snprintf(err, err_len,
		         "[control] socket = %s is %zu bytes long, but a unix socket path can have at most "
		         "%zu: choose a shorter one, e.g. /run/turno/control.sock",
		         c->control_socket, strlen(c->control_socket), sizeof(addr.sun_path) - 1);
		return -EINVAL;
	}
	/* The kiosk replaces a stale socket at its path: pointed at the database or at this
	 * file, a typo would destroy it. */
	if (same_file(c->control_socket, c->database)) {
		snprintf(err, err_len,
		         "[control] socket = %s is the database ([storage] database): give the socket "
		         "its own path, e.g. /run/turno/control.sock",
		         c->control_socket);
		return -EINVAL;
	}
	if (c->path[0] && same_file(c->control_socket, c->path)) {
		snprintf(err, err_len,
		         "[control] socket = %s is this configuration file: give the socket its own "
		         "path, e.g. /run/turno/control.sock",
		         c->control_socket);
		return -EINVAL;
	}
	return 0;
}
