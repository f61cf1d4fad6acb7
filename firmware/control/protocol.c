/* Control protocol: request parsing and JSON replies. Pure. */
#include "control/protocol.h"

#include "core/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *word;
	enum turno_command command;
} commands[] = {
        {"ping", TURNO_CMD_PING},     {"status", TURNO_CMD_STATUS},     {"issue", TURNO_CMD_ISSUE},
        {"call", TURNO_CMD_CALL},     {"next", TURNO_CMD_CALL},         {"recall", TURNO_CMD_RECALL},
        {"noshow", TURNO_CMD_NOSHOW}, {"transfer", TURNO_CMD_TRANSFER}, {"print-test", TURNO_CMD_PRINT_TEST},
};

static const char usage[] = "commands: ping, status, issue A [priority] [no-print], call N, recall N, "
                            "noshow N, transfer N B, print-test; each may end with request_id=ID";

#define MAX_WORDS 7
#define REQUEST_ID_WORD "request_id="

static int split(char *line, char *words[MAX_WORDS])
{
	int n = 0;
	for (char *tok = strtok(line, " \t\r\n"); tok; tok = strtok(NULL, " \t\r\n")) {
		if (n == MAX_WORDS)
			return -1;
		words[n++] = tok;
	}
	return n;
}

static int parse_counter(const char *word, int *counter)
{
	char *end;
	long v = strtol(word, &end, 10);
	if (*end || end == word || v < 1 || v > 999)
		return -1;
	*counter = (int)v;
	return 0;
}

static int parse_service(const char *word, char *service)
{
	if (strlen(word) != 1)
		return -1;
	char c = word[0];
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c < 'A' || c > 'Z')
		return -1;
	*service = c;
	return 0;
}

int turno_request_parse(const char *line, struct turno_request *out, char *err, size_t err_len)
{
	char copy[TURNO_CONTROL_MAX_LINE + 1];
	char *words[MAX_WORDS];
	memset(out, 0, sizeof(*out));
	if (strlen(line) > TURNO_CONTROL_MAX_LINE) {
		snprintf(err, err_len, "request too long (at most %d bytes)", TURNO_CONTROL_MAX_LINE);
		return TURNO_E_INVALID;
	}
	for (const char *p = line; *p; p++) {
		if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') {
			snprintf(err, err_len, "request contains control characters");
			return TURNO_E_INVALID;
		}
	}
	snprintf(copy, sizeof(copy), "%s", line);
	int n = split(copy, words);
	if (n <= 0) {
		snprintf(err, err_len, n < 0 ? "too many words; %s" : "empty request; %s", usage);
		return TURNO_E_INVALID;
	}
	/* request_id=… may close any request; it is not one of the command's words. */
	if (n > 1 && strncmp(words[n - 1], REQUEST_ID_WORD, strlen(REQUEST_ID_WORD)) == 0) {
		const char *id = words[n - 1] + strlen(REQUEST_ID_WORD);
		if (!turno_request_id_valid(id)) {
			snprintf(err, err_len,
			         "request_id must be 1 to %d of the characters A-Z a-z 0-9 . _ : -",
			         TURNO_REQUEST_ID_MAX);
			return TURNO_E_INVALID;
		}
		snprintf(out->request_id, sizeof(out->request_id), "%s", id);
		n--;
	}
	size_t i;
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(words[0], commands[i].word) == 0)
			break;
	if (i == sizeof(commands) / sizeof(commands[0])) {
		snprintf(err, err_len, "unknown command \"%.32s\"; %s", words[0], usage);
		return TURNO_E_INVALID;
	}
	out->command = commands[i].command;
	switch (out->command) {
	case TURNO_CMD_PING:
	case TURNO_CMD_STATUS:
	case TURNO_CMD_PRINT_TEST:
		if (n != 1)
			goto bad_args;
		return 0;
	case TURNO_CMD_ISSUE:
		if (n < 2 || parse_service(words[1], &out->service) < 0)
			goto bad_args;
		for (int w = 2; w < n; w++) {
			if (!strcmp(words[w], "priority") || !strcmp(words[w], "--priority"))
				out->priority = true;
			else if (!strcmp(words[w], "no-print") || !strcmp(words[w], "--no-print"))
				out->no_print = true;
			else
				goto bad_args;
		}
		return 0;
	case TURNO_CMD_CALL:
	case TURNO_CMD_RECALL:
	case TURNO_CMD_NOSHOW:
		if (n != 2 || parse_counter(words[1], &out->counter) < 0)
			goto bad_args;
		return 0;
	case TURNO_CMD_TRANSFER:
		if (n != 3 || parse_counter(words[1], &out->counter) < 0 ||
		    parse_service(words[2], &out->service) < 0)
			goto bad_args;
		return 0;
	}
bad_args:
	snprintf(err, err_len, "wrong arguments for \"%s\"; %s", words[0], usage);
	return TURNO_E_INVALID;
}

int turno_request_format(const struct turno_request *req, char *out, size_t out_len)
{
	int n = 0;
	switch (req->command) {
	case TURNO_CMD_PING:
		n = snprintf(out, out_len, "ping\n");
		break;
	case TURNO_CMD_STATUS:
		n = snprintf(out, out_len, "status\n");
		break;
	case TURNO_CMD_PRINT_TEST:
		n = snprintf(out, out_len, "print-test\n");
		break;
	case TURNO_CMD_ISSUE:
		n = snprintf(out, out_len, "issue %c%s%s\n", req->service, req->priority ? " priority" : "",
		             req->no_print ? " no-print" : "");
		break;
	case TURNO_CMD_CALL:
		n = snprintf(out, out_len, "call %d\n", req->counter);
		break;
	case TURNO_CMD_RECALL:
		n = snprintf(out, out_len, "recall %d\n", req->counter);
		break;
	case TURNO_CMD_NOSHOW:
		n = snprintf(out, out_len, "noshow %d\n", req->counter);
		break;
	case TURNO_CMD_TRANSFER:
		n = snprintf(out, out_len, "transfer %d %c\n", req->counter, req->service);
		break;
	}
	if (n <= 0 || (size_t)n >= out_len)
		return -ENOSPC;
	if (req->request_id[0]) {
		int m = snprintf(out + n - 1, out_len - (size_t)n + 1, " " REQUEST_ID_WORD "%s\n",
		                 req->request_id);
		if (m <= 0 || (size_t)m >= out_len - (size_t)n + 1)
			return -ENOSPC;
	}
	return 0;
}

bool turno_request_changes(const struct turno_request *req)
{
	switch (req->command) {
	case TURNO_CMD_ISSUE:
	case TURNO_CMD_CALL:
	case TURNO_CMD_RECALL:
	case TURNO_CMD_NOSHOW:
	case TURNO_CMD_TRANSFER:
	case TURNO_CMD_PRINT_TEST:
		return true;
	case TURNO_CMD_PING:
	case TURNO_CMD_STATUS:
		return false;
	}
	return true;
}

cJSON *turno_reply_ok(void)
{
	cJSON *reply = cJSON_CreateObject();
	cJSON_AddBoolToObject(reply, "ok", 1);
	return reply;
}

cJSON *turno_reply_error(int err, const char *message)
{
	cJSON *reply = cJSON_CreateObject();
	cJSON_AddBoolToObject(reply, "ok", 0);
	cJSON_AddStringToObject(reply, "error", turno_error_name(err));
	cJSON_AddStringToObject(reply, "message", message ? message : turno_strerror(err));
	return reply;
}

cJSON *turno_ticket_json(const struct turno_ticket *t)
{
	cJSON *o = cJSON_CreateObject();
	char service[2] = {t->service, 0};
	cJSON_AddNumberToObject(o, "id", (double)t->id);
	cJSON_AddStringToObject(o, "label", t->label);
	cJSON_AddStringToObject(o, "service", service);
	cJSON_AddBoolToObject(o, "priority", t->priority);
	cJSON_AddStringToObject(o, "state", turno_ticket_state_name(t->state));
	if (t->counter)
		cJSON_AddNumberToObject(o, "counter", t->counter);
	cJSON_AddNumberToObject(o, "ahead", t->ahead);
	cJSON_AddNumberToObject(o, "wait_minutes", t->wait_minutes);
	cJSON_AddStringToObject(o, "day", t->day);
	cJSON_AddStringToObject(o, "issued", t->issued_local);
	if (t->wait_s >= 0)
		cJSON_AddNumberToObject(o, "wait_s", t->wait_s);
	if (t->service_s >= 0)
		cJSON_AddNumberToObject(o, "service_s", t->service_s);
	cJSON_AddNumberToObject(o, "recalls", t->recalls);
	cJSON_AddStringToObject(o, "print", turno_print_state_name(t->print_state));
	return o;
}

cJSON *turno_status_json(const struct turno_status *s, const struct turno_config *config)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "office", config->office_name);
	cJSON_AddStringToObject(o, "kiosk_id", config->kiosk_id);
	cJSON_AddStringToObject(o, "day", s->day);
	cJSON_AddNumberToObject(o, "now_utc_ms", (double)s->now_utc_ms);
	cJSON_AddBoolToObject(o, "clock_synced", s->clock_synced);
	cJSON_AddStringToObject(o, "availability", turno_error_name(s->office_availability));
	cJSON_AddNumberToObject(o, "waiting", s->waiting_total);
	cJSON *services = cJSON_AddArrayToObject(o, "services");
	for (int i = 0; i < s->service_count; i++) {
		const struct turno_service_status *ss = &s->services[i];
		const struct turno_service_config *sc = turno_config_service(config, ss->letter);
		cJSON *j = cJSON_CreateObject();
		char letter[2] = {ss->letter, 0};
		cJSON_AddStringToObject(j, "letter", letter);
		cJSON_AddStringToObject(j, "name", sc ? sc->name : "");
		cJSON_AddNumberToObject(j, "waiting", ss->waiting);
		cJSON_AddNumberToObject(j, "estimate_minutes", ss->estimate_minutes);
		cJSON_AddNumberToObject(j, "issued_today", ss->issued_today);
		cJSON_AddStringToObject(j, "availability", turno_error_name(ss->availability));
		cJSON_AddItemToArray(services, j);
	}
	cJSON *counters = cJSON_AddArrayToObject(o, "counters");
	for (int i = 0; i < s->counter_count; i++) {
		const struct turno_counter_status *cs = &s->counters[i];
		const struct turno_counter_config *cc = turno_config_counter(config, cs->id);
		cJSON *j = cJSON_CreateObject();
		cJSON_AddNumberToObject(j, "id", cs->id);
		cJSON_AddStringToObject(j, "name", cc ? cc->name : "");
		cJSON_AddStringToObject(j, "services", cc ? cc->services : "");
		if (cs->serving)
			cJSON_AddStringToObject(j, "serving", cs->label);
		else
			cJSON_AddNullToObject(j, "serving");
		cJSON_AddItemToArray(counters, j);
	}
	cJSON *calls = cJSON_AddArrayToObject(o, "last_calls");
	for (int i = 0; i < s->last_call_count; i++) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "label", s->last_calls[i].label);
		cJSON_AddNumberToObject(j, "counter", s->last_calls[i].counter);
		cJSON_AddNumberToObject(j, "utc_ms", (double)s->last_calls[i].utc_ms);
		cJSON_AddBoolToObject(j, "recall", s->last_calls[i].recall);
		cJSON_AddItemToArray(calls, j);
	}
	cJSON_AddNumberToObject(o, "print_failed_today", s->print_failed_today);
	cJSON *sync = cJSON_AddObjectToObject(o, "sync");
	cJSON_AddNumberToObject(sync, "events", (double)s->events_total);
	cJSON_AddNumberToObject(sync, "backlog", (double)s->sync_backlog);
	cJSON_AddNumberToObject(sync, "last_ok_utc_ms", (double)s->last_sync_utc_ms);
	return o;
}

char *turno_reply_print(const cJSON *reply)
{
	char *text = cJSON_PrintUnformatted(reply);
	if (!text)
		return NULL;
	size_t len = strlen(text);
	char *line = realloc(text, len + 2);
	if (!line) {
		free(text);
		return NULL;
	}
	line[len] = '\n';
	line[len + 1] = '\0';
	return line;
}
