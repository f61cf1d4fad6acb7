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
};

#define MAX_BATCH 16

struct turno_loop {
	int epoll_fd;
	/* The batch being dispatched: a watch removed during it has its events still to
	 * come in the batch forgotten, so that its slot can be given at once to a new
	 * watch without that watch receiving the old one's events. (Keeping the slot
	 * unused until the batch ends instead ran out of slots when one accept burst
	 * evicted dozens of idle control clients.) */
	struct epoll_event batch[MAX_BATCH];
	int batch_next, batch_len;
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
		if (w->used)
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
	w->fd = -1;
	for (int i = loop->batch_next; i < loop->batch_len; i++)
		if (loop->batch[i].data.ptr == w)
			loop->batch[i].data.ptr = NULL;
}

int turno_loop_run_once(struct turno_loop *loop, int timeout_ms)
{
	int n = epoll_wait(loop->epoll_fd, loop->batch, MAX_BATCH, timeout_ms);
	loop->wakeups++;
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	loop->batch_len = n;
	for (loop->batch_next = 0; loop->batch_next < n;) {
		const struct epoll_event *ev = &loop->batch[loop->batch_next++];
		struct watch *w = ev->data.ptr;
		/* NULL: a callback earlier in this batch removed this watch. */
		if (w && w->used)
			w->cb(w->fd, ev->events, w->user);
	}
	loop->batch_len = loop->batch_next = 0;
	return n;
}

uint64_t turno_loop_wakeups(const struct turno_loop *loop)
{
	return loop->wakeups;
}
