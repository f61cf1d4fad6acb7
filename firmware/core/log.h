/* Logging for programs (never for library code: lower layers return errors).
 * Lines go to stderr: with a journald priority prefix ("<3>…") when stderr is the
 * journal (systemd's JOURNAL_STREAM), so `journalctl -u turno-kiosk -p err` shows only
 * what is wrong; anywhere else (a terminal, a pipe, a file) as "program: message". */
#ifndef TURNO_LOG_H
#define TURNO_LOG_H

enum turno_log_level {
	TURNO_LOG_ERR = 3,
	TURNO_LOG_WARNING = 4,
	TURNO_LOG_NOTICE = 5,
	TURNO_LOG_INFO = 6,
	TURNO_LOG_DEBUG = 7,
};

void turno_log_set_level(enum turno_log_level max_level);
/* Program name shown when stderr is not the journal. */
void turno_log_set_ident(const char *ident);
void turno_log(enum turno_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define turno_err(...) turno_log(TURNO_LOG_ERR, __VA_ARGS__)
#define turno_warn(...) turno_log(TURNO_LOG_WARNING, __VA_ARGS__)
#define turno_notice(...) turno_log(TURNO_LOG_NOTICE, __VA_ARGS__)
#define turno_info(...) turno_log(TURNO_LOG_INFO, __VA_ARGS__)
#define turno_debug(...) turno_log(TURNO_LOG_DEBUG, __VA_ARGS__)

#endif
