/* epoll-based event loop. */
#include "kiosk/loop.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#define MAX_WATCHES 64

struct watch {
	int fd;
	turno_loop_cb cb;
	void *user;
	bool used;
	/* Removed while a batch of events is dispatched: the slot is not given to a new
	 * watch until the batch ends, or that watch would receive the old one's events
	 * (ell's DESTROYED watches, freed after the dispatch). */
	bool retired;
};

struct turno_loop {
	int epoll_fd;
	bool dispatching;
	struct watch watches[MAX_WATCHES];
	uint64_t wakeups;
};

struct turno_loop *turno_loop_new(void)
{
	struct turno_loop *loop = calloc(1, sizeof(*loop));
	if (!loop)
		return NULL;
	loop->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epoll_fd < 0) {
		free(loop);
		return NULL;
	}
	return loop;
}

void turno_loop_free(struct turno_loop *loop)
{
	if (!loop)
		return;
	close(loop->epoll_fd);
	free(loop);
}

int turno_loop_add(struct turno_loop *loop, int fd, uint32_t events, turno_loop_cb cb, void *user)
{
	for (int i = 0; i < MAX_WATCHES; i++) {
		struct watch *w = &loop->watches[i];
		if (w->used || w->retired)
			continue;
		struct epoll_event ev = {.events = events, .data.ptr = w};
		if (epoll_ctl(loop->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0)
			return -errno;
		*w = (struct watch){.fd = fd, .cb = cb, .user = user, .used = true};
		return 0;
	}
	return -ENOSPC;
}

static struct watch *find(struct turno_loop *loop, int fd)
{
	for (int i = 0; i < MAX_WATCHES; i++)
		if (loop->watches[i].used && loop->watches[i].fd == fd)
			return &loop->watches[i];
	return NULL;
}

int turno_loop_modify(struct turno_loop *loop, int fd, uint32_t events)
{
	struct watch *w = find(loop, fd);
	if (!w)
		return -ENOENT;
	struct epoll_event ev = {.events = events, .data.ptr = w};
	return epoll_ctl(loop->epoll_fd, EPOLL_CTL_MOD, fd, &ev) < 0 ? -errno : 0;
}

void turno_loop_remove(struct turno_loop *loop, int fd)
{
	struct watch *w = find(loop, fd);
	if (!w)
		return;
	epoll_ctl(loop->epoll_fd, EPOLL_CTL_DEL, fd, NULL);
	w->used = false;
	w->retired = loop->dispatching;
	w->fd = -1;
}

int turno_loop_run_once(struct turno_loop *loop, int timeout_ms)
{
	struct epoll_event events[16];
	int n = epoll_wait(loop->epoll_fd, events, 16, timeout_ms);
	loop->wakeups++;
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	loop->dispatching = true;
	for (int i = 0; i < n; i++) {
		struct watch *w = events[i].data.ptr;
		/* A callback earlier in this batch may have removed this watch. */
		if (w->used)
			w->cb(w->fd, events[i].events, w->user);
	}
	loop->dispatching = false;
	for (int i = 0; i < MAX_WATCHES; i++)
		loop->watches[i].retired = false;
	return n;
}

uint64_t turno_loop_wakeups(const struct turno_loop *loop)
{
	return loop->wakeups;
}
