/* Control-socket client. */
#include "control/client.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int connect_once(const char *path)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	memcpy(addr.sun_path, path, strlen(path) + 1);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	return fd;
}

int turno_control_request(const char *socket_path, const char *line, char *reply, size_t reply_len,
                          int timeout_ms, int wait_ms)
{
	long long deadline = now_ms() + (wait_ms > 0 ? wait_ms : 0);
	int fd;
	for (;;) {
		fd = connect_once(socket_path);
		if (fd >= 0 || (fd != -ENOENT && fd != -ECONNREFUSED) || now_ms() >= deadline)
			break;
		/* The kiosk is starting: poll for its socket, a few times a second. */
		struct timespec pause = {0, 20 * 1000000};
		nanosleep(&pause, NULL);
	}
	if (fd < 0)
		return fd;
	size_t len = strlen(line);
	if (send(fd, line, len, MSG_NOSIGNAL) != (ssize_t)len) {
		int e = errno;
		close(fd);
		return -e;
	}
	size_t used = 0;
	long long reply_deadline = now_ms() + timeout_ms;
	while (used + 1 < reply_len) {
		long long left = reply_deadline - now_ms();
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0) {
			close(fd);
			return -ETIMEDOUT;
		}
		ssize_t n = read(fd, reply + used, reply_len - 1 - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		used += (size_t)n;
		if (memchr(reply + used - n, '\n', (size_t)n))
			break;
	}
	close(fd);
	reply[used] = '\0';
	char *nl = strchr(reply, '\n');
	if (nl)
		*nl = '\0';
	return used ? 0 : -ECONNRESET;
}
