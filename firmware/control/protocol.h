/* The control-socket protocol between turno-ctl (and tests) and turno-kiosk.
 *
 * A request is one line of words, at most TURNO_CONTROL_MAX_LINE bytes:
 *   ping | status | issue A [priority] [no-print] | call N | recall N | noshow N |
 *   transfer N B | print-test
 * followed, optionally, by request_id=ID (1 to 64 of A-Z a-z 0-9 . _ : -): a change
 * asked for again with the same id is not done twice; the kiosk answers as the first
 * time (core/requests.h).
 * The reply is one line of JSON: {"ok": true, …} or
 * {"ok": false, "error": "<word>", "message": "<sentence>"}.
 *
 * Parsing and reply building are pure (no sockets); the server lives in the kiosk
 * and the client in control/client.h. */
#ifndef TURNO_CONTROL_PROTOCOL_H
#define TURNO_CONTROL_PROTOCOL_H

#include "core/queue.h"
#include "core/requests.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#define TURNO_CONTROL_MAX_LINE 256

enum turno_command {
	TURNO_CMD_PING,
	TURNO_CMD_STATUS,
	TURNO_CMD_ISSUE,
	TURNO_CMD_CALL,
	TURNO_CMD_RECALL,
	TURNO_CMD_NOSHOW,
	TURNO_CMD_TRANSFER,
	TURNO_CMD_PRINT_TEST,
};

struct turno_request {
	enum turno_command command;
	char service;                              /* issue, transfer */
	int counter;                               /* call, recall, noshow, transfer */
	bool priority;                             /* issue */
	bool no_print;                             /* issue */
	char request_id[TURNO_REQUEST_ID_MAX + 1]; /* "" = none */
};

/* Whether the command changes something (and so is recorded under its request_id). */
bool turno_request_changes(const struct turno_request *req);

/* Parses one request line (with or without the trailing newline). Returns 0, or
 * TURNO_E_INVALID with a sentence in err saying what is accepted. */
int turno_request_parse(const char *line, struct turno_request *out, char *err, size_t err_len);
/* Writes the request line for out (with newline, and request_id=… when it has one);
 * returns 0 or -ENOSPC. */
int turno_request_format(const struct turno_request *req, char *out, size_t out_len);

/* Reply helpers: the returned cJSON objects are owned by the caller (cJSON_Delete). */
cJSON *turno_reply_ok(void);
cJSON *turno_reply_error(int err, const char *message);
cJSON *turno_ticket_json(const struct turno_ticket *ticket);
cJSON *turno_status_json(const struct turno_status *status, const struct turno_config *config);
/* Prints a reply as one line with a newline; free with free(). */
char *turno_reply_print(const cJSON *reply);

#endif
