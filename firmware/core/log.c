/* Journald-friendly logging to stderr. The level is checked before anything is formatted. */
#include "core/log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static enum turno_log_level max_level = TURNO_LOG_INFO;
static const char *ident = "turno";

void turno_log_set_level(enum turno_log_level level)
{
	max_level = level;
}

void turno_log_set_ident(const char *name)
{
	ident = name;
}

/* systemd sets JOURNAL_STREAM=<device>:<inode> to the stream it connects stderr to: only
 * when stderr is still that stream is it the journal (a shell started from a service, or
 * `2>file`, is not). */
static bool stderr_is_journal(void)
{
	const char *stream = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;
	if (!stream || sscanf(stream, "%llu:%llu", &dev, &ino) != 2 || fstat(STDERR_FILENO, &st) < 0)
		return false;
	return (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

void turno_log(enum turno_log_level level, const char *fmt, ...)
{
	if (level > max_level)
		return;
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* The journal reads the <N> prefix as the priority; anywhere else (a terminal, a pipe
	 * to less, a file, cron's mail) a person reads the program name instead. */
	static int journal = -1;
	if (journal < 0)
		journal = stderr_is_journal();
	if (journal)
		fprintf(stderr, "<%d>%s\n", (int)level, line);
	else
		fprintf(stderr, "%s: %s\n", ident, line);
}
