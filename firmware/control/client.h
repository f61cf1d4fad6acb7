/* The client side of the control socket (turno-ctl, tests). Blocking, with a timeout. */
#ifndef TURNO_CONTROL_CLIENT_H
#define TURNO_CONTROL_CLIENT_H

#include <stddef.h>

/* Sends one request line and reads the one-line reply into reply (NUL-terminated,
 * newline removed). wait_ms > 0 keeps retrying the connection that long while the
 * kiosk is starting. Returns 0, or -errno (-ENOENT / -ECONNREFUSED: kiosk not running,
 * -EACCES: permission, -ETIMEDOUT: no reply). */
int turno_control_request(const char *socket_path, const char *line, char *reply, size_t reply_len,
                          int timeout_ms, int wait_ms);

#endif
