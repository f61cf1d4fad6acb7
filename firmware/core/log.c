/* Journald-friendly logging to stderr. The level is checked before anything is formatted. */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
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

void turno_log(enum turno_log_level level, const char *fmt, ...)
{
	if (level > max_level)
		return;
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* Under systemd stderr is the journal, which reads the <N> prefix as the priority;
	 * on a terminal a person reads the program name instead. */
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "%s: %s\n", ident, line);
	else
		fprintf(stderr, "<%d>%s\n", (int)level, line);
}
