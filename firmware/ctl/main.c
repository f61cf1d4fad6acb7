/* turno-ctl: control a running turno-kiosk from a shell (staff, technicians, tests).
 * It only talks to the kiosk's control socket; the kiosk does the work. */
#include "control/client.h"
#include "control/protocol.h"
#include "core/config.h"
#include "core/error.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#define EX_USAGE 64
#define EX_UNAVAILABLE 69

static void usage(FILE *out)
{
	fprintf(out,
	        "Usage: turno-ctl [--config PATH | --socket PATH] [--json] [--wait SECONDS] COMMAND\n"
	        "\n"
	        "Commands:\n"
	        "  issue A [--priority] [--no-print]  issue a ticket of service A; prints its number\n"
	        "  call N                             counter N calls the next ticket\n"
	        "  recall N                           counter N calls its current ticket again\n"
	        "  noshow N                           counter N: the citizen did not come; call the next\n"
	        "  transfer N B                       counter N sends its current ticket to service B\n"
	        "  status [--json]                    queues, waiting counts, estimates, counters, printer, "
	        "sync\n"
	        "  print-test                         print a test ticket\n"
	        "  ping                               is the kiosk running?\n"
	        "\n"
	        "Options:\n"
	        "  -c, --config PATH   read the socket path from this configuration (default "
	        "/etc/turno/turno.ini)\n"
	        "  -s, --socket PATH   talk to this socket\n"
	        "  -j, --json          print the kiosk's JSON reply as it is\n"
	        "  -w, --wait SECONDS  wait up to SECONDS for the kiosk to start\n"
	        "  -r, --request-id ID the id of this request: sent again with the same id, a change\n"
	        "                      is not done twice (default: a new random id)\n"
	        "\n"
	        "Exit status: 0 done, 1 refused by the kiosk (the reason is printed), 64 usage,\n"
	        "69 the kiosk is not running or cannot be reached, 78 configuration error.\n");
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static double num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static void print_ago(const char *prefix, double utc_ms)
{
	if (utc_ms <= 0) {
		printf("%snever\n", prefix);
		return;
	}
	time_t t = (time_t)(utc_ms / 1000);
	struct tm tm;
	char when[32];
	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	printf("%s%s\n", prefix, when);
}

static void print_status(const cJSON *s)
{
	printf("%s — %s (kiosk %s)%s\n", str(s, "office"), str(s, "day"), str(s, "kiosk_id"),
	       cJSON_IsTrue(cJSON_GetObjectItem(s, "clock_synced")) ? "" : "  [clock not synchronised]");
	const char *avail = str(s, "availability");
	const cJSON *stopped = cJSON_GetObjectItem(s, "issuing_stopped");
	printf("Issuing: %s\n", cJSON_IsString(stopped)    ? "stopped"
	                        : strcmp(avail, "ok") == 0 ? "open"
	                                                   : avail);
	if (cJSON_IsString(stopped))
		printf("Issuing stopped: %s\n", stopped->valuestring);
	printf("\n%-3s %-34s %7s %8s %7s  %s\n", "", "Service", "Waiting", "Estimate", "Issued", "Now");
	const cJSON *item;
	cJSON_ArrayForEach(item, cJSON_GetObjectItem(s, "services"))
	{
		const char *a = str(item, "availability");
		printf("%-3s %-34.34s %7.0f %5.0f min %7.0f  %s\n", str(item, "letter"), str(item, "name"),
		       num(item, "waiting"), num(item, "estimate_minutes"), num(item, "issued_today"),
		       strcmp(a, "ok") == 0 ? "open" : a);
	}
	printf("\n%-3s %-20s %-10s %s\n", "", "Counter", "Services", "Serving");
	cJSON_ArrayForEach(item, cJSON_GetObjectItem(s, "counters"))
	{
		const cJSON *serving = cJSON_GetObjectItem(item, "serving");
		printf("%-3.0f %-20.20s %-10s %s\n", num(item, "id"), str(item, "name"),
		       str(item, "services"), cJSON_IsString(serving) ? serving->valuestring : "-");
	}
	printf("\nLast calls:");
	cJSON_ArrayForEach(item, cJSON_GetObjectItem(s, "last_calls"))
	        printf(" %s→%.0f%s", str(item, "label"), num(item, "counter"),
	               cJSON_IsTrue(cJSON_GetObjectItem(item, "recall")) ? "(recall)" : "");
	printf("\n");
	const cJSON *printer = cJSON_GetObjectItem(s, "printer");
	if (cJSON_IsObject(printer))
		printf("Printer: %s %s\n", str(printer, "state"), str(printer, "reason"));
	printf("Tickets not printed today: %.0f\n", num(s, "print_failed_today"));
	const cJSON *sync = cJSON_GetObjectItem(s, "sync");
	printf("Sync: %.0f events, %.0f not yet sent; last successful sync: ", num(sync, "events"),
	       num(sync, "backlog"));
	print_ago("", num(sync, "last_ok_utc_ms"));
	const cJSON *extra;
	cJSON_ArrayForEach(extra, cJSON_GetObjectItem(s, "problems")) if (cJSON_IsString(extra))
	        printf("Problem: %s\n", extra->valuestring);
}

static void print_ticket_line(const char *what, const cJSON *t)
{
	if (!cJSON_IsObject(t))
		return;
	printf("%s%s\n", what, str(t, "label"));
}

/* The given id, or 16 random hex digits. */
static void new_request_id(const char *given, char *out, size_t out_len)
{
	if (given) {
		snprintf(out, out_len, "%s", given);
		return;
	}
	unsigned char bytes[8];
	if (getrandom(bytes, sizeof(bytes), 0) != (ssize_t)sizeof(bytes)) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		unsigned long long mix = (unsigned long long)ts.tv_nsec ^
		                         ((unsigned long long)ts.tv_sec << 20) ^
		                         (unsigned long long)getpid() << 40;
		memcpy(bytes, &mix, sizeof(bytes));
	}
	snprintf(out, out_len, "%02x%02x%02x%02x%02x%02x%02x%02x", bytes[0], bytes[1], bytes[2], bytes[3],
	         bytes[4], bytes[5], bytes[6], bytes[7]);
}

/* One request, tried again when the connection broke before an answer came (a kiosk
 * busy with a crowd of idle connections may drop one): the request id makes that safe.
 * At most 10 s in all. */
static int send_request(const char *socket_path, const char *request, char *reply, size_t reply_len,
                        int wait_ms)
{
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	int rc;
	for (int attempt = 0;; attempt++) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		long long spent =
		        (now.tv_sec - start.tv_sec) * 1000LL + (now.tv_nsec - start.tv_nsec) / 1000000;
		int left = (int)(10000 - spent);
		rc = turno_control_request(socket_path, request, reply, reply_len, left > 100 ? left : 100,
		                           attempt == 0 ? wait_ms : 0);
		if ((rc != -ECONNRESET && rc != -EPIPE) || attempt == 4 || left <= 100 ||
		    !strstr(request, "request_id="))
			return rc;
	}
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
	        {"config", required_argument, NULL, 'c'},
	        {"socket", required_argument, NULL, 's'},
	        {"json", no_argument, NULL, 'j'},
	        {"wait", required_argument, NULL, 'w'},
	        {"help", no_argument, NULL, 'h'},
	        {"request-id", required_argument, NULL, 'r'},
	        {NULL, 0, NULL, 0},
	};
	const char *request_id = NULL;
	const char *config_path = "/etc/turno/turno.ini";
	const char *socket_path = NULL;
	bool json = false;
	int wait_s = 0, opt;
	/* "+" stops at the command, so "issue A --priority" keeps its own flags. */
	while ((opt = getopt_long(argc, argv, "+c:s:jw:hr:", options, NULL)) != -1) {
		switch (opt) {
		case 'r':
			request_id = optarg;
			break;
		case 'c':
			config_path = optarg;
			break;
		case 's':
			socket_path = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'w':
			wait_s = atoi(optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EX_USAGE;
	}
	char line[TURNO_CONTROL_MAX_LINE + 2] = "";
	size_t used = 0;
	for (int i = optind; i < argc; i++) {
		/* --json is turno-ctl's own: "status --json" reads as naturally as "--json status". */
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
			continue;
		}
		int n = snprintf(line + used, sizeof(line) - used, "%s%s", used ? " " : "", argv[i]);
		if (n < 0 || (size_t)n >= sizeof(line) - used) {
			fprintf(stderr, "turno-ctl: command too long\n");
			return EX_USAGE;
		}
		used += (size_t)n;
	}
	struct turno_request req;
	char err[512];
	if (turno_request_parse(line, &req, err, sizeof(err)) < 0) {
		fprintf(stderr, "turno-ctl: %s\n", err);
		return EX_USAGE;
	}
	/* Every change goes with an id, so that trying again can never do it twice. */
	if (request_id && !turno_request_id_valid(request_id)) {
		fprintf(stderr, "turno-ctl: --request-id: 1 to %d of the characters A-Z a-z 0-9 . _ : -\n",
		        TURNO_REQUEST_ID_MAX);
		return EX_USAGE;
	}
	if (turno_request_changes(&req) && !req.request_id[0])
		new_request_id(request_id, req.request_id, sizeof(req.request_id));
	char request[TURNO_CONTROL_MAX_LINE + 2];
	if (turno_request_format(&req, request, sizeof(request)) < 0) {
		fprintf(stderr, "turno-ctl: command too long\n");
		return EX_USAGE;
	}

	struct turno_config *config = NULL;
	if (!socket_path) {
		if (turno_config_load(config_path, &config, err, sizeof(err)) < 0) {
			fprintf(stderr, "turno-ctl: %s\n", err);
			return TURNO_EX_CONFIG;
		}
		socket_path = config->control_socket;
	}
	static char reply[1 << 16];
	int rc = send_request(socket_path, request, reply, sizeof(reply), wait_s * 1000);
	if (rc < 0) {
		fprintf(stderr, "turno-ctl: cannot reach turno-kiosk at %s: %s%s\n", socket_path,
		        strerror(-rc),
		        rc == -EACCES ? " (run as root or as a member of the turno group)"
		        : rc == -ENOENT || rc == -ECONNREFUSED ? " (is turno-kiosk running?)"
		                                               : "");
		if (req.request_id[0] && (rc == -ETIMEDOUT || rc == -ECONNRESET || rc == -EPIPE))
			fprintf(stderr,
			        "turno-ctl: the kiosk may still do it: to try again without doing it twice, "
			        "add "
			        "--request-id %s\n",
			        req.request_id);
		turno_config_free(config);
		return EX_UNAVAILABLE;
	}
	turno_config_free(config);
	cJSON *r = cJSON_Parse(reply);
	if (!r) {
		fprintf(stderr, "turno-ctl: the kiosk replied something unreadable\n");
		return EX_UNAVAILABLE;
	}
	int exit_code = 0;
	if (json) {
		printf("%s\n", reply);
		exit_code = cJSON_IsTrue(cJSON_GetObjectItem(r, "ok")) ? 0 : 1;
	} else if (!cJSON_IsTrue(cJSON_GetObjectItem(r, "ok"))) {
		fprintf(stderr, "turno-ctl: %s (%s)\n", str(r, "message"), str(r, "error"));
		exit_code = 1;
	} else {
		const cJSON *t = cJSON_GetObjectItem(r, "ticket");
		switch (req.command) {
		case TURNO_CMD_PING:
			printf("turno-kiosk is running\n");
			break;
		case TURNO_CMD_STATUS:
			print_status(cJSON_GetObjectItem(r, "status"));
			break;
		case TURNO_CMD_ISSUE:
		case TURNO_CMD_CALL:
		case TURNO_CMD_RECALL:
			print_ticket_line("", t);
			break;
		case TURNO_CMD_NOSHOW:
			print_ticket_line("no-show: ", cJSON_GetObjectItem(r, "no_show"));
			if (cJSON_IsObject(t))
				print_ticket_line("", t);
			else
				printf("nobody is waiting for counter %d\n", req.counter);
			break;
		case TURNO_CMD_TRANSFER:
			printf("%s moved to service %c\n", str(t, "label"), req.service);
			break;
		case TURNO_CMD_PRINT_TEST:
			printf("test ticket sent to the printer\n");
			break;
		}
	}
	cJSON_Delete(r);
	return exit_code;
}
