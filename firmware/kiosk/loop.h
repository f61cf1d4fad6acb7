/* The kiosk's one event loop: everything that wakes the program is a file descriptor
 * (control socket, signals, printer and GPIO worker pipes, the screen's input), all in
 * one epoll. The caller computes its next deadline and passes it as the timeout, so
 * an idle kiosk sleeps until something happens. Single-threaded; never logs. */
#ifndef TURNO_LOOP_H
#define TURNO_LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct turno_loop;

typedef void (*turno_loop_cb)(int fd, uint32_t events, void *user);

/* Free with turno_loop_free(); it does not close the fds it watches. */
struct turno_loop *turno_loop_new(void);
void turno_loop_free(struct turno_loop *loop);
/* events: EPOLLIN etc. Returns 0 or -errno. */
int turno_loop_add(struct turno_loop *loop, int fd, uint32_t events, turno_loop_cb cb, void *user);
int turno_loop_modify(struct turno_loop *loop, int fd, uint32_t events);
void turno_loop_remove(struct turno_loop *loop, int fd);
/* Waits up to timeout_ms (-1 = forever) and runs the callbacks of ready fds. Returns
 * how many ran (0 on timeout) or -errno. Counts every wake-up (turno_loop_wakeups). */
int turno_loop_run_once(struct turno_loop *loop, int timeout_ms);
uint64_t turno_loop_wakeups(const struct turno_loop *loop);

#endif
