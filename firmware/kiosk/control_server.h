/* The kiosk's end of the control socket: a unix stream socket (mode 0660) watched by
 * the kiosk's loop. Each connection sends one request line and gets one JSON reply
 * line. A malformed request gets an error reply; nothing a client sends can stop the
 * kiosk. Everything is non-blocking, so a silent client cannot stall the loop. */
#ifndef TURNO_CONTROL_SERVER_H
#define TURNO_CONTROL_SERVER_H

#include "control/protocol.h"
#include "kiosk/loop.h"

struct turno_control_server;

/* Builds the reply for a parsed request; the server sends and frees it. */
typedef cJSON *(*turno_control_handler)(const struct turno_request *request, void *user);

/* Binds path (refusing when another kiosk answers there; removing a stale socket),
 * sets mode 0660 and adds itself to loop. Returns 0 or -errno: -EADDRINUSE when a
 * kiosk is already running, -ENOTSOCK when something that is not a socket is at path
 * (it is left alone), -ENAMETOOLONG. Close with turno_control_server_close(). */
int turno_control_server_open(struct turno_loop *loop, const char *path, turno_control_handler handler,
                              void *user, struct turno_control_server **out);
void turno_control_server_close(struct turno_control_server *server);

#endif
