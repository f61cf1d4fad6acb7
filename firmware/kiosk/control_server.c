/* Control socket server inside the kiosk's loop. */
#include "kiosk/control_server.h"

#include "core/error.h"
#include "core/log.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_CLIENTS 16

struct client {
	struct turno_control_server *server;
	int fd;
	size_t used;
	char buf[TURNO_CONTROL_MAX_LINE + 2];
	unsigned long long age;
};

struct turno_control_server {
	struct turno_loop *loop;
	int fd;
	char path[108];
	turno_control_handler handler;
	void *user;
	struct client clients[MAX_CLIENTS];
	unsigned long long accepted;
};

static void client_close(struct client *c)
{
	if (c->fd < 0)
		return;
	turno_loop_remove(c->server->loop, c->fd);
	close(c->fd);
	c->fd = -1;
	c->used = 0;
}

static void client_reply(struct client *c, cJSON *reply)
{
	char *line = turno_reply_print(reply);
	cJSON_Delete(reply);
	if (line) {
		/* Replies are a few kilobytes at most: they fit in the socket buffer. */
		ssize_t n = send(c->fd, line, strlen(line), MSG_NOSIGNAL | MSG_DONTWAIT);
		(void)n;
		free(line);
	}
	client_close(c);
}

/* The peer closed its end (not only its sending half: a client may shut that down after
 * its request and still read the answer). */
static bool client_gone(const struct client *c)
{
	struct pollfd pfd = {.fd = c->fd, .events = POLLIN | POLLRDHUP};
	return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLHUP);
}

static void client_readable(int fd, uint32_t events, void *user)
{
	struct client *c = user;
	for (;;) {
		ssize_t n = read(fd, c->buf + c->used, sizeof(c->buf) - 1 - c->used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			client_close(c);
			return;
		}
		c->used += (size_t)n;
		c->buf[c->used] = '\0';
		char *nl = memchr(c->buf, '\n', c->used);
		if (memchr(c->buf, '\0', nl ? (size_t)(nl - c->buf) : c->used)) {
			client_reply(c, turno_reply_error(TURNO_E_INVALID, "request contains a NUL byte"));
			return;
		}
		if (!nl && c->used < sizeof(c->buf) - 1)
			continue;
		if (!nl) {
			client_reply(c, turno_reply_error(TURNO_E_INVALID, "request too long"));
			return;
		}
		*nl = '\0';
		struct turno_request request;
		char err[256];
		if (turno_request_parse(c->buf, &request, err, sizeof(err)) < 0) {
			client_reply(c, turno_reply_error(TURNO_E_INVALID, err));
			return;
		}
		if (client_gone(c)) {
			/* It gave up waiting (the loop was busy past its timeout): nobody would
			 * hear the answer, and a desk that retries would get a second ticket. */
			turno_warn("control: a client left before its request \"%s\" was carried out: not "
			           "done",
			           c->buf);
			client_close(c);
			return;
		}
		cJSON *reply = c->server->handler(&request, c->server->user);
		client_reply(c, reply ? reply : turno_reply_error(TURNO_E_INVALID, "no reply"));
		return;
	}
}

static struct client *free_slot(struct turno_control_server *s)
{
	for (int i = 0; i < MAX_CLIENTS; i++)
		if (s->clients[i].fd < 0)
			return &s->clients[i];
	return NULL;
}

/* Reads what every connection has sent so far; a whole request is answered (and its
 * connection closed) now, before the loop would have got to it. */
static void serve_waiting_requests(struct turno_control_server *s)
{
	for (int i = 0; i < MAX_CLIENTS; i++) {
		struct client *c = &s->clients[i];
		char byte;
		if (c->fd >= 0 && recv(c->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0)
			client_readable(c->fd, EPOLLIN, c);
	}
}

static void server_acceptable(int fd, uint32_t events, void *user)
{
	struct turno_control_server *s = user;
	for (;;) {
		int cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (cfd < 0)
			return;
		struct client *slot = free_slot(s);
		if (!slot) {
			/* Full: first answer whoever has already sent a request (it must never be
			 * cut off, whatever an idle crowd does), then the oldest connection makes
			 * room: a client that connects and never writes cannot lock others out. */
			serve_waiting_requests(s);
			slot = free_slot(s);
		}
		if (!slot) {
			for (int i = 0; i < MAX_CLIENTS; i++)
				if (!slot || s->clients[i].age < slot->age)
					slot = &s->clients[i];
		}
		client_close(slot);
		slot->fd = cfd;
		slot->used = 0;
		slot->age = ++s->accepted;
		if (turno_loop_add(s->loop, cfd, EPOLLIN, client_readable, slot) < 0) {
			close(cfd);
			slot->fd = -1;
		}
	}
}

static bool someone_listening(const struct sockaddr_un *addr)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	bool yes = connect(fd, (const struct sockaddr *)addr, sizeof(*addr)) == 0;
	close(fd);
	return yes;
}

int turno_control_server_open(struct turno_loop *loop, const char *path, turno_control_handler handler,
                              void *user, struct turno_control_server **out)
{
	*out = NULL;
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	memcpy(addr.sun_path, path, strlen(path) + 1);
	struct turno_control_server *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->loop = loop;
	s->handler = handler;
	s->user = user;
	memcpy(s->path, path, strlen(path) + 1);
	for (int i = 0; i < MAX_CLIENTS; i++) {
		s->clients[i].fd = -1;
		s->clients[i].server = s;
	}
	int rc;
	s->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0) {
		rc = -errno;
		goto err_free;
	}
	if (someone_listening(&addr)) {
		rc = -EADDRINUSE;
		goto err_close;
	}
	/* A stale socket from a kiosk that died is replaced; anything else at the path (the
	 * database, after a typo) is never touched. */
	struct stat st;
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			rc = -ENOTSOCK;
			goto err_close;
		}
		unlink(path);
	}
	mode_t old = umask(0117);
	rc = bind(s->fd, (struct sockaddr *)&addr, sizeof(addr));
	umask(old);
	if (rc < 0 || chmod(path, 0660) < 0 || listen(s->fd, 16) < 0) {
		rc = -errno;
		goto err_close;
	}
	rc = turno_loop_add(loop, s->fd, EPOLLIN, server_acceptable, s);
	if (rc < 0)
		goto err_unlink;
	*out = s;
	return 0;
err_unlink:
	unlink(path);
err_close:
	close(s->fd);
err_free:
	free(s);
	return rc;
}

void turno_control_server_close(struct turno_control_server *s)
{
	if (!s)
		return;
	for (int i = 0; i < MAX_CLIENTS; i++)
		client_close(&s->clients[i]);
	turno_loop_remove(s->loop, s->fd);
	close(s->fd);
	unlink(s->path);
	free(s);
}
