/* print-ticket: prints one ticket through the printer module (as the kiosk and
 * `turno-ctl print-test` do) and waits for its result; or watches the printer's state.
 *
 *   print-ticket --config FILE [--label A042] [--id N] [--lang it|en] [--priority]
 *                [--time "YYYY-MM-DD HH:MM:SS"] [--max SECONDS] [--late]
 *     --late: after an UNKNOWN result keep waiting (up to --max) for the late one
 *   print-ticket --config FILE --until STATE [--max SECONDS]   wait for a printer state
 *   print-ticket --config FILE --idle SECONDS                   count wake-ups while idle
 *
 * Prints "status …" lines on every state change and one "result …" line; exit status
 * 0 printed (or STATE reached), 1 failed, 2 unknown, 3 gave up waiting or usage error. */
#include "core/config.h"
#include "core/queue.h"
#include "print/printer.h"
#include "print/ticket.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void show_status(const struct turno_printer_status *s, int64_t since_ms)
{
	printf("status state=%s elapsed_ms=%lld destination=%s paper_out=%d printing=%d reasons=%s "
	       "message=%s\n",
	       turno_printer_state_name(s->state), (long long)(now_ms() - since_ms), s->destination,
	       s->paper_out, s->printing, s->reasons, s->message);
	fflush(stdout);
}

/* Voluntary context switches of every thread of this process: how often it slept and woke. */
static long context_switches(void)
{
	long total = 0;
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[300], line[128];
		snprintf(path, sizeof(path), "/proc/self/task/%s/status", e->d_name);
		FILE *f = fopen(path, "r");
		while (f && fgets(line, sizeof(line), f))
			if (strncmp(line, "voluntary_ctxt_switches:", 24) == 0)
				total += atol(line + 24);
		if (f)
			fclose(f);
	}
	if (d)
		closedir(d);
	return total;
}

int main(int argc, char **argv)
{
	const char *config_path = NULL, *label = "A042", *lang = "it", *until = NULL;
	const char *issued = NULL;
	long long id = 42;
	bool priority = false, wait_late = false;
	double max_seconds = 30, idle_seconds = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--priority") == 0 || strcmp(a, "--late") == 0) {
			priority |= strcmp(a, "--priority") == 0;
			wait_late |= strcmp(a, "--late") == 0;
			continue;
		}
		if (!v)
			goto usage;
		if (strcmp(a, "--config") == 0)
			config_path = v;
		else if (strcmp(a, "--label") == 0)
			label = v;
		else if (strcmp(a, "--id") == 0)
			id = atoll(v);
		else if (strcmp(a, "--lang") == 0)
			lang = v;
		else if (strcmp(a, "--time") == 0)
			issued = v;
		else if (strcmp(a, "--max") == 0)
			max_seconds = atof(v);
		else if (strcmp(a, "--until") == 0)
			until = v;
		else if (strcmp(a, "--idle") == 0)
			idle_seconds = atof(v);
		else
			goto usage;
		i++;
	}
	if (!config_path)
		goto usage;

	char err[512];
	struct turno_config *config;
	if (turno_config_load(config_path, &config, err, sizeof(err)) != 0) {
		fprintf(stderr, "print-ticket: %s\n", err);
		return 3;
	}
	char now_text[20];
	if (!issued) {
		time_t t = time(NULL);
		strftime(now_text, sizeof(now_text), "%Y-%m-%d %H:%M:%S", localtime(&t));
		issued = now_text;
	}
	struct turno_ticket ticket = {.id = id,
	                              .service = label[0],
	                              .priority = priority,
	                              .ahead = 3,
	                              .wait_minutes = 15,
	                              .wait_s = -1,
	                              .service_s = -1};
	snprintf(ticket.label, sizeof(ticket.label), "%s", label);
	snprintf(ticket.issued_local, sizeof(ticket.issued_local), "%s", issued);
	struct turno_printed_ticket printed;
	int rc = turno_printed_ticket_fill(&printed, config, &ticket, turno_lang_from_code(lang));
	if (rc != 0) {
		fprintf(stderr, "print-ticket: cannot fill ticket %s: %d\n", label, rc);
		turno_config_free(config);
		return 3;
	}

	int64_t start = now_ms();
	struct turno_printer *printer;
	rc = turno_printer_start(config, &printer);
	turno_config_free(config);
	if (rc != 0) {
		fprintf(stderr, "print-ticket: cannot start the printer: %s\n", strerror(-rc));
		return 3;
	}
	bool printing = !until && idle_seconds <= 0;
	if (printing && turno_printer_submit_ticket(printer, &printed) != 0) {
		turno_printer_stop(printer);
		return 3;
	}
	int exit_code = 3, wakeups = 0;
	long switches_before = -1; /* counted from the first state on: start-up is not idling */
	int64_t idle_from = 0;
	int64_t deadline = start + (int64_t)((idle_seconds > 0 ? idle_seconds : max_seconds) * 1000);
	struct turno_printer_status last = {.state = TURNO_PRINTER_UNKNOWN};
	for (bool done = false; !done;) {
		int64_t left = deadline - now_ms();
		if (left <= 0)
			break;
		struct pollfd fd = {.fd = turno_printer_fd(printer), .events = POLLIN};
		if (poll(&fd, 1, (int)left) <= 0)
			continue;
		wakeups++;
		struct turno_print_result result;
		while (turno_printer_next_result(printer, &result)) {
			printf("result ticket=%lld label=%s state=%s late=%d job=%d elapsed_ms=%lld "
			       "preview=%s reason=%s\n",
			       (long long)result.ticket_id, result.label,
			       turno_print_state_name(result.state), result.late, result.job_id,
			       (long long)result.elapsed_ms, result.preview_path, result.reason);
			exit_code = result.state == TURNO_PRINT_PRINTED  ? 0
			            : result.state == TURNO_PRINT_FAILED ? 1
			                                                 : 2;
			done = printing && !(wait_late && result.state == TURNO_PRINT_UNKNOWN);
		}
		struct turno_printer_status s;
		turno_printer_status(printer, &s);
		if (switches_before < 0) {
			switches_before = context_switches();
			idle_from = now_ms();
		}
		if (memcmp(&s, &last, sizeof(s)) != 0) {
			show_status(&s, start);
			last = s;
		}
		if (until && strcmp(turno_printer_state_name(s.state), until) == 0) {
			exit_code = 0;
			done = true;
		}
	}
	if (idle_seconds > 0) {
		long switches = switches_before < 0 ? 0 : context_switches() - switches_before;
		double seconds = (double)(now_ms() - idle_from) / 1000.0;
		printf("idle seconds=%.1f main_wakeups=%d context_switches=%ld per_second=%.2f\n", seconds,
		       wakeups, switches, seconds > 0 ? (double)switches / seconds : 0.0);
		exit_code = 0;
	}
	fflush(stdout);
	turno_printer_stop(printer);
	return exit_code;
usage:
	fprintf(stderr,
	        "usage: print-ticket --config FILE [--label A042] [--id N] [--lang it|en] [--priority]\n"
	        "       [--time \"YYYY-MM-DD HH:MM:SS\"] [--max SECONDS] [--late] [--until STATE] [--idle "
	        "SECONDS]\n");
	return 3;
}
