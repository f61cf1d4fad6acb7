/* Reading turno.ini: one table of keys (type, default, range, destination), applied by
 * inih's callback. Every error names file and line and says how to fix it. */
#include "core/config.h"

#include "core/clock.h"
#include "core/utf8.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum scope { SCOPE_GLOBAL, SCOPE_SERVICE, SCOPE_COUNTER };

enum key_type {
	KEY_STRING, /* char[size] */
	KEY_INT,    /* int in [min, max] */
	KEY_BOOL,   /* yes/no, true/false, on/off, 1/0 */
	KEY_ENUM,   /* int from a list of words */
	KEY_DAY_HOURS,
	KEY_CLOSED_DATES,
	KEY_FOOTER,  /* appends a line; the key may repeat */
	KEY_LETTERS, /* "A, B, C" → "ABC" */
};

struct key {
	const char *section; /* "office", or "service" / "counter" for [service.X] / [counter.N] */
	const char *name;
	enum key_type type;
	enum scope scope;
	size_t offset;
	size_t size; /* KEY_STRING */
	int min, max;
	const char *const *words;  /* KEY_ENUM, NULL-terminated, index = value */
	const char *default_value; /* NULL = none */
	const char *help;          /* what to write, for messages */
};

#define G(field) SCOPE_GLOBAL, offsetof(struct turno_config, field)
#define S(field) SCOPE_SERVICE, offsetof(struct turno_service_config, field)
#define C(field) SCOPE_COUNTER, offsetof(struct turno_counter_config, field)
#define STR(sec, name, where, field_size, def, help)                                                         \
	{                                                                                                    \
		sec, name, KEY_STRING, where, field_size, 0, 0, NULL, def, help                              \
	}
#define INT(sec, name, where, lo, hi, def)                                                                   \
	{                                                                                                    \
		sec, name, KEY_INT, where, 0, lo, hi, NULL, def, NULL                                        \
	}
#define BOOL(sec, name, where, def)                                                                          \
	{                                                                                                    \
		sec, name, KEY_BOOL, where, 0, 0, 0, NULL, def, "yes or no"                                  \
	}
#define ENUM(sec, name, where, words, def)                                                                   \
	{                                                                                                    \
		sec, name, KEY_ENUM, where, 0, 0, 0, words, def, NULL                                        \
	}
#define FIELD_SIZE(type, field) sizeof(((type *)0)->field)
#define GSIZE(field) FIELD_SIZE(struct turno_config, field)
#define SSIZE(field) FIELD_SIZE(struct turno_service_config, field)
#define CSIZE(field) FIELD_SIZE(struct turno_counter_config, field)

static const char *const policy_words[] = {"longest_wait", "service_order", NULL};
static const char *const format_words[] = {"escpos", "pdf", NULL};
static const char *const failure_words[] = {"keep_issuing", "stop_issuing", NULL};
static const char *const backend_words[] = {"none", "sim", "libgpiod", NULL};
static const char *const bias_words[] = {"pull-up", "pull-down", "disabled", NULL};
static const char *const display_words[] = {"off", "per_counter", "main", NULL};
static const char *const day_keys[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

#define DAY(sec, day_name, where_fn)                                                                         \
	{                                                                                                    \
		sec, day_name, KEY_DAY_HOURS, where_fn, 0, 0, 0, NULL, NULL, NULL                            \
	}

/* clang-format off: one key a line reads better than what the formatter makes of it. */
// clang-format off
static const struct key keys[] = {
	STR("office", "name", G(office_name), GSIZE(office_name), "Ufficio Relazioni con il Pubblico", NULL),
	{"office", "footer", KEY_FOOTER, G(footer), 0, 0, 0, NULL, NULL, NULL},
	STR("office", "timezone", G(timezone), GSIZE(timezone), "Europe/Rome", "a zone such as Europe/Rome"),
	STR("office", "kiosk_id", G(kiosk_id), GSIZE(kiosk_id), "", NULL),

	STR("storage", "database", G(database), GSIZE(database), "/var/lib/turno/turno.db", NULL),
	STR("control", "socket", G(control_socket), GSIZE(control_socket), "/run/turno/control.sock", NULL),

	{"hours", "mon", KEY_DAY_HOURS, G(hours.week.day[0]), 0, 0, 0, NULL, "closed", NULL},
	{"hours", "tue", KEY_DAY_HOURS, G(hours.week.day[1]), 0, 0, 0, NULL, "closed", NULL},
	{"hours", "wed", KEY_DAY_HOURS, G(hours.week.day[2]), 0, 0, 0, NULL, "closed", NULL},
	{"hours", "thu", KEY_DAY_HOURS, G(hours.week.day[3]), 0, 0, 0, NULL, "closed", NULL},
	{"hours", "fri", KEY_DAY_HOURS, G(hours.week.day[4]), 0, 0, 0, NULL, "closed", NULL},
	{"hours", "sat", KEY_DAY_HOURS, G(hours.week.day[5]), 0, 0, 0, NULL, "closed", NULL},
	{"hours", "sun", KEY_DAY_HOURS, G(hours.week.day[6]), 0, 0, 0, NULL, "closed", NULL},
	{"hours", "closed", KEY_CLOSED_DATES, G(hours), 0, 0, 0, NULL, NULL, NULL},
	INT("hours", "last_ticket_minutes", G(hours.last_ticket_minutes), 0, 240, "15"),

	ENUM("queue", "policy", G(policy), policy_words, "longest_wait"),
	INT("queue", "default_service_minutes", G(default_service_minutes), 1, 240, "8"),
	INT("queue", "estimate_window", G(estimate_window), 1, 1000, "20"),
	INT("queue", "expire_after_close_minutes", G(expire_after_close_minutes), 0, 720, "60"),

	STR("printer", "destination", G(printer_destination), GSIZE(printer_destination), "", NULL),
	ENUM("printer", "format", G(printer_format), format_words, "escpos"),
	INT("printer", "paper_width_mm", G(paper_width_mm), 48, 216, "80"),
	STR("printer", "qr", G(printer_qr), GSIZE(printer_qr), "", NULL),
	INT("printer", "copies", G(printer_copies), 1, 3, "1"),
	ENUM("printer", "on_failure", G(printer_on_failure), failure_words, "keep_issuing"),
	INT("printer", "timeout_seconds", G(printer_timeout_seconds), 2, 600, "30"),
	STR("printer", "preview_dir", G(printer_preview_dir), GSIZE(printer_preview_dir), "", NULL),

	ENUM("gpio", "backend", G(gpio_backend), backend_words, "none"),
	INT("gpio", "debounce_ms", G(gpio_debounce_ms), 1, 500, "30"),
	INT("gpio", "long_press_ms", G(gpio_long_press_ms), 300, 10000, "1500"),
	INT("gpio", "stuck_ms", G(gpio_stuck_ms), 1000, 600000, "10000"),
	BOOL("gpio", "active_low", G(gpio_active_low), "yes"),
	ENUM("gpio", "bias", G(gpio_bias), bias_words, "pull-up"),
	STR("gpio", "buzzer", G(gpio_buzzer), GSIZE(gpio_buzzer), "", NULL),
	INT("gpio", "buzzer_ms", G(gpio_buzzer_ms), 10, 5000, "200"),

	ENUM("display", "mode", G(display_mode), display_words, "off"),
	STR("display", "din", G(display_din), GSIZE(display_din), "", NULL),
	STR("display", "clk", G(display_clk), GSIZE(display_clk), "", NULL),
	STR("display", "cs", G(display_cs), GSIZE(display_cs), "", NULL),
	INT("display", "modules", G(display_modules), 1, 16, "1"),
	INT("display", "brightness", G(display_brightness), 0, 15, "8"),
	INT("display", "blink_count", G(display_blink_count), 0, 20, "3"),
	INT("display", "refresh_seconds", G(display_refresh_seconds), 1, 3600, "30"),

	STR("sync", "url", G(sync_url), GSIZE(sync_url), "", NULL),
	STR("sync", "token_file", G(sync_token_file), GSIZE(sync_token_file), "", NULL),
	STR("sync", "ca_file", G(sync_ca_file), GSIZE(sync_ca_file), "", NULL),
	INT("sync", "batch_size", G(sync_batch_size), 1, 10000, "500"),
	INT("sync", "interval_seconds", G(sync_interval_seconds), 1, 86400, "60"),
	INT("sync", "connect_timeout_seconds", G(sync_connect_timeout_seconds), 1, 300, "10"),
	INT("sync", "timeout_seconds", G(sync_timeout_seconds), 1, 3600, "60"),
	INT("sync", "backoff_max_seconds", G(sync_backoff_max_seconds), 1, 86400, "600"),
	INT("sync", "keep_days", G(sync_keep_days), 1, 3650, "90"),

	INT("ui", "width", G(ui_width), 320, 7680, "800"),
	INT("ui", "height", G(ui_height), 240, 4320, "480"),
	INT("ui", "rotation", G(ui_rotation), 0, 270, "0"),
	BOOL("ui", "fullscreen", G(ui_fullscreen), "no"),
	STR("ui", "language", G(ui_language), GSIZE(ui_language), "it", "it or en"),
	INT("ui", "ticket_seconds", G(ui_ticket_seconds), 2, 120, "8"),
	INT("ui", "tickets_per_minute", G(ui_tickets_per_minute), 1, 600, "6"),
	STR("ui", "font_dir", G(ui_font_dir), GSIZE(ui_font_dir), "", NULL),

	STR("service", "name", S(name), SSIZE(name), NULL, NULL),
	STR("service", "name_en", S(name_en), SSIZE(name_en), "", NULL),
	STR("service", "description", S(description), SSIZE(description), "", NULL),
	STR("service", "description_en", S(description_en), SSIZE(description_en), "", NULL),
	INT("service", "target_wait_minutes", S(target_wait_minutes), 1, 600, "30"),
	INT("service", "daily_cap", S(daily_cap), 1, 999, "999"),
	DAY("service", "mon", S(hours.day[0])),
	DAY("service", "tue", S(hours.day[1])),
	DAY("service", "wed", S(hours.day[2])),
	DAY("service", "thu", S(hours.day[3])),
	DAY("service", "fri", S(hours.day[4])),
	DAY("service", "sat", S(hours.day[5])),
	DAY("service", "sun", S(hours.day[6])),

	STR("counter", "name", C(name), CSIZE(name), "", NULL),
	{"counter", "services", KEY_LETTERS, C(services), CSIZE(services), 0, 0, NULL, NULL, NULL},
	STR("counter", "next_button", C(next_button), CSIZE(next_button), "", NULL),
	STR("counter", "recall_button", C(recall_button), CSIZE(recall_button), "", NULL),
	STR("counter", "noshow_button", C(noshow_button), CSIZE(noshow_button), "", NULL),
	INT("counter", "display_module", C(display_module), 0, 16, NULL),
};
// clang-format on

#define KEY_COUNT (sizeof(keys) / sizeof(keys[0]))
#define INSTANCES (1 + TURNO_MAX_SERVICES + TURNO_MAX_COUNTERS)

struct parser {
	struct turno_config *config;
	const char *name; /* file name in messages */
	int line;         /* the line inih is on: counted by our reader */
	int section_line;
	char *err;
	size_t err_len;
	bool failed;
	/* Line where each key was set, per section instance (global, services, counters). */
	int seen[INSTANCES][KEY_COUNT];
	int services_line[TURNO_MAX_COUNTERS];
	/* Reader state */
	FILE *file;
	const char *text;
};

__attribute__((format(printf, 3, 4))) static int fail(struct parser *p, int line, const char *fmt, ...)
{
	if (p->failed)
		return 0;
	p->failed = true;
	int n = snprintf(p->err, p->err_len, "%s:%d: ", p->name, line);
	if (n < 0 || (size_t)n >= p->err_len)
		return 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->err_len - (size_t)n, fmt, ap);
	va_end(ap);
	return 0;
}

static bool word_is(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

static int parse_int(const char *value, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	while (*end && isspace((unsigned char)*end))
		end++;
	if (errno || end == value || *end)
		return -EINVAL;
	*out = v;
	return 0;
}

static void join_words(const char *const *words, char *out, size_t out_len)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; words[i] && used < out_len; i++)
		used += (size_t)snprintf(out + used, out_len - used, "%s%s", i ? ", " : "", words[i]);
}

/* Applies value to the key's destination; on error writes to p and returns 0. */
static int set_value(struct parser *p, const struct key *k, void *base, const char *section,
                     const char *value, int line)
{
	char *dest = (char *)base + k->offset;
	char why[256];
	switch (k->type) {
	case KEY_STRING:
		if (strlen(value) >= k->size)
			return fail(p, line, "[%s] %s is too long (at most %zu bytes)", section, k->name,
			            k->size - 1);
		memcpy(dest, value, strlen(value) + 1);
		return 1;
	case KEY_INT: {
		long v;
		if (parse_int(value, &v) < 0)
			return fail(p, line, "[%s] %s = \"%s\" is not a whole number", section, k->name,
			            value);
		if (v < k->min || v > k->max)
			return fail(p, line, "[%s] %s = %ld is out of range: use %d to %d", section, k->name,
			            v, k->min, k->max);
		*(int *)(void *)dest = (int)v;
		return 1;
	}
	case KEY_BOOL:
		if (word_is(value, "yes") || word_is(value, "true") || word_is(value, "on") ||
		    word_is(value, "1") || word_is(value, "si") || word_is(value, "sì"))
			*(bool *)(void *)dest = true;
		else if (word_is(value, "no") || word_is(value, "false") || word_is(value, "off") ||
		         word_is(value, "0"))
			*(bool *)(void *)dest = false;
		else
			return fail(p, line, "[%s] %s = \"%s\": write yes or no", section, k->name, value);
		return 1;
	case KEY_ENUM:
		for (int i = 0; k->words[i]; i++) {
			if (word_is(value, k->words[i])) {
				*(int *)(void *)dest = i;
				return 1;
			}
		}
		join_words(k->words, why, sizeof(why));
		return fail(p, line, "[%s] %s = \"%s\" is not known: use one of %s", section, k->name, value,
		            why);
	case KEY_DAY_HOURS:
		if (turno_hours_parse_day(value, (struct turno_day_hours *)(void *)dest, why, sizeof(why)) <
		    0)
			return fail(p, line, "[%s] %s: %s", section, k->name, why);
		return 1;
	case KEY_CLOSED_DATES: {
		struct turno_hours *hours = (struct turno_hours *)(void *)dest;
		if (turno_hours_parse_closed(value, hours, why, sizeof(why)) < 0)
			return fail(p, line, "[%s] %s: %s", section, k->name, why);
		return 1;
	}
	case KEY_FOOTER: {
		struct turno_config *c = p->config;
		if (c->footer_count == TURNO_MAX_FOOTER)
			return fail(p, line, "[office] footer: at most %d lines", TURNO_MAX_FOOTER);
		if (strlen(value) >= TURNO_TEXT)
			return fail(p, line, "[office] footer line is too long (at most %d bytes)",
			            TURNO_TEXT - 1);
		snprintf(c->footer[c->footer_count++], TURNO_TEXT, "%s", value);
		return 1;
	}
	case KEY_LETTERS: {
		char letters[TURNO_MAX_SERVICES + 1] = {0};
		size_t n = 0;
		for (const char *s = value; *s; s++) {
			if (isspace((unsigned char)*s) || *s == ',')
				continue;
			if (*s < 'A' || *s > 'Z')
				return fail(p, line,
				            "[%s] %s = \"%s\": list service letters separated by commas, "
				            "e.g. A, B",
				            section, k->name, value);
			if (strchr(letters, *s))
				return fail(p, line, "[%s] %s lists %c twice", section, k->name, *s);
			letters[n++] = *s;
		}
		if (n == 0)
			return fail(p, line, "[%s] %s is empty: list the letters of the services it calls",
			            section, k->name);
		memcpy(dest, letters, n + 1);
		return 1;
	}
	}
	return fail(p, line, "internal: unknown key type");
}

static int apply_defaults(struct parser *p, enum scope scope, void *base, const char *section)
{
	for (size_t i = 0; i < KEY_COUNT; i++) {
		if (keys[i].scope != scope || !keys[i].default_value)
			continue;
		if (!set_value(p, &keys[i], base, section, keys[i].default_value, 0))
			return 0;
	}
	return 1;
}

/* Finds or creates the service/counter a "service.X" / "counter.N" section is about. */
static void *section_instance(struct parser *p, const char *section, const char **kind, int *instance)
{
	struct turno_config *c = p->config;
	if (strncmp(section, "service.", 8) == 0) {
		const char *letter = section + 8;
		*kind = "service";
		if (strlen(letter) != 1 || letter[0] < 'A' || letter[0] > 'Z') {
			fail(p, p->section_line,
			     "[%s]: a service is named by one capital letter, its ticket prefix, e.g. "
			     "[service.A]",
			     section);
			return NULL;
		}
		for (int i = 0; i < c->service_count; i++) {
			if (c->services[i].letter == letter[0]) {
				*instance = 1 + i;
				return &c->services[i];
			}
		}
		if (c->service_count == TURNO_MAX_SERVICES) {
			fail(p, p->line, "too many services");
			return NULL;
		}
		struct turno_service_config *s = &c->services[c->service_count];
		*instance = 1 + c->service_count++;
		s->letter = letter[0];
		s->line = p->section_line;
		if (!apply_defaults(p, SCOPE_SERVICE, s, section))
			return NULL;
		return s;
	}
	if (strncmp(section, "counter.", 8) == 0) {
		long id;
		*kind = "counter";
		if (parse_int(section + 8, &id) < 0 || id < 1 || id > TURNO_MAX_COUNTERS) {
			fail(p, p->section_line,
			     "[%s]: a counter is named by its number, 1 to %d, e.g. [counter.1]", section,
			     TURNO_MAX_COUNTERS);
			return NULL;
		}
		for (int i = 0; i < c->counter_count; i++) {
			if (c->counters[i].id == id) {
				*instance = 1 + TURNO_MAX_SERVICES + i;
				return &c->counters[i];
			}
		}
		if (c->counter_count == TURNO_MAX_COUNTERS) {
			fail(p, p->line, "too many counters");
			return NULL;
		}
		struct turno_counter_config *k = &c->counters[c->counter_count];
		*instance = 1 + TURNO_MAX_SERVICES + c->counter_count++;
		k->id = (int)id;
		k->display_module = (int)id;
		k->line = p->section_line;
		if (!apply_defaults(p, SCOPE_COUNTER, k, section))
			return NULL;
		return k;
	}
	*kind = section;
	*instance = 0;
	return c;
}

static const char *const global_sections[] = {"office", "storage", "control", "hours", "queue", "printer",
                                              "gpio",   "display", "sync",    "ui",    NULL};

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct parser *p = user;
	if (p->failed)
		return 0;
	if (!turno_utf8_valid(value) || !turno_utf8_valid(name) || !turno_utf8_valid(section))
		return fail(p, p->line,
		            "[%s] %s: the text is not valid UTF-8 (the file was saved in another encoding, "
		            "e.g. Latin-1): save it as UTF-8",
		            section, name);
	const char *kind;
	int instance;
	void *base = section_instance(p, section, &kind, &instance);
	if (!base)
		return 0;
	if (instance == 0) {
		bool known = false;
		for (int i = 0; global_sections[i]; i++)
			known |= strcmp(section, global_sections[i]) == 0;
		if (!known)
			return fail(
			        p, p->section_line,
			        "unknown section [%s]: sections are office, storage, control, hours, queue, "
			        "printer, gpio, display, sync, ui, service.X and counter.N",
			        section);
	}
	for (size_t i = 0; i < KEY_COUNT; i++) {
		const struct key *k = &keys[i];
		if (strcmp(k->section, kind) != 0 || strcmp(k->name, name) != 0)
			continue;
		int *seen = &p->seen[instance][i];
		/* Continuation lines arrive as the same key again: only the footer takes them. */
		if (*seen && k->type != KEY_FOOTER && k->type != KEY_CLOSED_DATES)
			return fail(p, p->line, "[%s] %s is set twice (first on line %d): keep one", section,
			            name, *seen);
		*seen = p->line;
		if (k->type == KEY_LETTERS && instance > TURNO_MAX_SERVICES)
			p->services_line[instance - 1 - TURNO_MAX_SERVICES] = p->line;
		if (k->scope == SCOPE_SERVICE)
			((struct turno_service_config *)base)->has_own_hours |= k->type == KEY_DAY_HOURS;
		return set_value(p, k, base, section, value, p->line);
	}
	char known[512];
	size_t used = 0;
	known[0] = '\0';
	for (size_t i = 0; i < KEY_COUNT && used < sizeof(known); i++)
		if (strcmp(keys[i].section, kind) == 0)
			used += (size_t)snprintf(known + used, sizeof(known) - used, "%s%s", used ? ", " : "",
			                         keys[i].name);
	return fail(p, p->line, "[%s] has no key \"%s\" (known: %s)", section, name, known);
}

static bool trimmed_starts_with_bracket(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	return *line == '[';
}

/* One line of the file, as fgets() reads it, but a NUL byte is reported through *nul
 * instead of silently ending the value there. Returns the length, 0 at end of file. */
static size_t read_file_line(FILE *file, char *str, int num, bool *nul)
{
	size_t len = 0;
	int ch;
	while (len + 1 < (size_t)num && (ch = getc(file)) != EOF) {
		if (ch == '\0') {
			*nul = true;
			continue;
		}
		str[len++] = (char)ch;
		if (ch == '\n')
			break;
	}
	str[len] = '\0';
	return len;
}

/* inih reads an indented line as the continuation of the value above. Only the footer
 * and closed dates are written that way; an indented "key = value" is a key of its own
 * (a technician who indents to tidy up must not merge two settings). */
static void unindent_key_line(char *str)
{
	size_t indent = strspn(str, " \t");
	if (indent == 0)
		return;
	const char *key = str + indent;
	if (!isalpha((unsigned char)*key) && *key != '_')
		return;
	size_t n = strspn(key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");
	n += strspn(key + n, " \t");
	if (key[n] == '=')
		memmove(str, key, strlen(key) + 1);
}

/* inih reads line by line through this, which is how we know the current line. */
static char *reader(char *str, int num, void *stream)
{
	struct parser *p = stream;
	bool nul = false;
	if (p->file) {
		if (read_file_line(p->file, str, num, &nul) == 0)
			return NULL;
	} else if (p->text && *p->text) {
		const char *nl = strchr(p->text, '\n');
		size_t len = nl ? (size_t)(nl - p->text + 1) : strlen(p->text);
		if (len > (size_t)num - 1)
			len = (size_t)num - 1;
		memcpy(str, p->text, len);
		str[len] = '\0';
		p->text += len;
	} else {
		return NULL;
	}
	p->line++;
	size_t len = strlen(str);
	if (nul) {
		fail(p, p->line,
		     "the line contains a NUL byte (the file is damaged or not plain text): "
		     "retype the line");
		str[0] = '\0';
	} else if (len == (size_t)num - 1 && str[len - 1] != '\n') {
		fail(p, p->line, "line too long (at most %d characters)", num - 3);
		str[0] = '\0';
	}
	unindent_key_line(str);
	if (trimmed_starts_with_bracket(str))
		p->section_line = p->line;
	return str;
}

static bool range_within(const struct turno_time_range *r, const struct turno_day_hours *day)
{
	for (int i = 0; i < day->count; i++)
		if (r->start_min >= day->range[i].start_min && r->end_min <= day->range[i].end_min)
			return true;
	return false;
}

/* The line a global key was set on, or the last line when it kept its default. */
static int key_line(const struct parser *p, const char *section, const char *name)
{
	for (size_t i = 0; i < KEY_COUNT; i++)
		if (keys[i].scope == SCOPE_GLOBAL && strcmp(keys[i].section, section) == 0 &&
		    strcmp(keys[i].name, name) == 0 && p->seen[0][i])
			return p->seen[0][i];
	return p->line;
}

/* The line a counter's key was set on, or 0 when it kept its default. */
static int counter_key_line(const struct parser *p, int counter_index, const char *name)
{
	for (size_t i = 0; i < KEY_COUNT; i++)
		if (keys[i].scope == SCOPE_COUNTER && strcmp(keys[i].name, name) == 0)
			return p->seen[1 + TURNO_MAX_SERVICES + counter_index][i];
	return 0;
}

/* Buttons and LED modules: what would only go wrong at the office, refused here. */
static int validate_counter_hardware(struct parser *p, int counter_index)
{
	const struct turno_config *c = p->config;
	const struct turno_counter_config *k = &c->counters[counter_index];
	if (!k->next_button[0] && (k->recall_button[0] || k->noshow_button[0])) {
		const char *key = k->recall_button[0] ? "recall_button" : "noshow_button";
		const char *spec = k->recall_button[0] ? k->recall_button : k->noshow_button;
		int line = counter_key_line(p, counter_index, key);
		return fail(p, line ? line : k->line,
		            "[counter.%d] has %s = %s but no next_button, so nobody can call there: add "
		            "next_button = (its line, e.g. GPIO17)",
		            k->id, key, spec);
	}
	/* per_counter: module N shows the counter whose display_module is N; one past the
	 * chain would simply never be shown. main mode does not use display_module. */
	if (c->display_mode == TURNO_DISPLAY_PER_COUNTER && k->display_module > c->display_modules) {
		int line = counter_key_line(p, counter_index, "display_module");
		if (line)
			return fail(
			        p, line,
			        "[counter.%d] display_module = %d, but [display] modules = %d: the counter "
			        "would never be shown; set display_module to at most %d (0: no module), or "
			        "[display] modules = %d if the chain is that long",
			        k->id, k->display_module, c->display_modules, c->display_modules,
			        k->display_module);
		return fail(
		        p, k->line,
		        "[counter.%d] is shown on LED module %d (display_module defaults to the counter's "
		        "number), but [display] modules = %d: the counter would never be shown; set "
		        "display_module to at most %d (0: no module), or [display] modules = %d if the "
		        "chain is that long",
		        k->id, k->display_module, c->display_modules, c->display_modules, k->display_module);
	}
	return 1;
}

static int validate(struct parser *p)
{
	struct turno_config *c = p->config;
	char hours[96];
	if (c->service_count == 0)
		return fail(p, p->line, "no services: add at least one [service.A] with a name");
	for (int i = 0; i < c->service_count; i++) {
		struct turno_service_config *s = &c->services[i];
		if (!s->name[0])
			return fail(p, s->line, "[service.%c] has no name: add name = …", s->letter);
		if (!s->name_en[0])
			memcpy(s->name_en, s->name, sizeof(s->name_en));
		if (!s->description_en[0])
			memcpy(s->description_en, s->description, sizeof(s->description_en));
		for (int d = 0; d < 7; d++) {
			const struct turno_day_hours *own = &s->hours.day[d];
			if (!own->set)
				continue;
			for (int r = 0; r < own->count; r++) {
				if (!range_within(&own->range[r], &c->hours.week.day[d]))
					return fail(p, s->line,
					            "[service.%c] %s is outside the office hours (%s): a "
					            "service can "
					            "only be open while the office is",
					            s->letter, day_keys[d],
					            turno_day_hours_format(&c->hours.week.day[d], hours,
					                                   sizeof(hours)));
			}
		}
	}
	if (c->counter_count == 0)
		return fail(p, p->line,
		            "no counters: add a [counter.1] with services = … so tickets can be called");
	for (int i = 0; i < c->counter_count; i++) {
		struct turno_counter_config *k = &c->counters[i];
		int line = p->services_line[i] ? p->services_line[i] : k->line;
		if (!k->services[0])
			return fail(p, k->line, "[counter.%d] has no services: add services = A, B", k->id);
		if (!k->name[0])
			snprintf(k->name, sizeof(k->name), "Sportello %d", k->id);
		for (const char *l = k->services; *l; l++) {
			if (!turno_config_service(c, *l)) {
				char known[TURNO_MAX_SERVICES * 2 + 1];
				size_t n = 0;
				for (int j = 0; j < c->service_count; j++) {
					known[n++] = c->services[j].letter;
					known[n++] = ' ';
				}
				known[n ? n - 1 : 0] = '\0';
				return fail(p, line, "[counter.%d]: unknown service \"%c\" (known: %s)",
				            k->id, *l, known);
			}
		}
		if (!validate_counter_hardware(p, i))
			return 0;
	}
	for (int i = 0; i < c->service_count; i++) {
		bool served = false;
		for (int j = 0; j < c->counter_count; j++)
			served |= strchr(c->counters[j].services, c->services[i].letter) != NULL;
		if (!served)
			return fail(p, c->services[i].line,
			            "[service.%c] is called by no counter: add %c to a counter's services",
			            c->services[i].letter, c->services[i].letter);
	}
	bool any_open = false;
	for (int d = 0; d < 7; d++)
		any_open |= c->hours.week.day[d].count > 0;
	if (!any_open)
		return fail(p, p->line,
		            "[hours]: the office is closed every day: set e.g. mon = 08:00-13:00");
	if (strcmp(c->ui_language, "it") != 0 && strcmp(c->ui_language, "en") != 0)
		return fail(p, key_line(p, "ui", "language"), "[ui] language = \"%s\": use it or en",
		            c->ui_language);
	if (c->ui_rotation % 90 != 0)
		return fail(p, key_line(p, "ui", "rotation"), "[ui] rotation = %d: use 0, 90, 180 or 270",
		            c->ui_rotation);
	if (turno_set_timezone(c->timezone) < 0)
		return fail(p, key_line(p, "office", "timezone"),
		            "[office] timezone = \"%s\" is not a known zone: e.g. Europe/Rome", c->timezone);
	char why[TURNO_PATH * 2 + 160];
	if (turno_config_check_paths(c, why, sizeof(why)) < 0)
		return fail(p, key_line(p, "control", "socket"), "%s", why);
	if (!c->kiosk_id[0]) {
		char host[64] = "turno";
		gethostname(host, sizeof(host) - 1);
		snprintf(c->kiosk_id, sizeof(c->kiosk_id), "%s", host);
	}
	return 1;
}

static int load(struct parser *p, struct turno_config **out)
{
	struct turno_config *c = p->config;
	snprintf(c->path, sizeof(c->path), "%s", p->name);
	if (!apply_defaults(p, SCOPE_GLOBAL, c, "defaults"))
		goto err_free;
	int rc = ini_parse_stream(reader, p, handler, p);
	if (rc > 0 && !p->failed)
		fail(p, rc, "not a \"key = value\" line or a [section] header");
	if (rc < 0 && !p->failed)
		fail(p, 0, "cannot read the file");
	if (p->failed || !validate(p))
		goto err_free;
	*out = c;
	return 0;
err_free:
	free(c);
	*out = NULL;
	return -EINVAL;
}

/* Reads from file when not NULL, else from text. */
static int load_from(FILE *file, const char *text, const char *name, struct turno_config **out, char *err,
                     size_t err_len)
{
	*out = NULL;
	struct parser *p = calloc(1, sizeof(*p));
	struct turno_config *c = calloc(1, sizeof(*c));
	if (!p || !c) {
		free(p);
		free(c);
		return -ENOMEM;
	}
	p->config = c;
	p->name = name;
	p->err = err;
	p->err_len = err_len;
	p->file = file;
	p->text = text;
	int rc = load(p, out);
	free(p);
	return rc;
}

int turno_config_load(const char *path, struct turno_config **out, char *err, size_t err_len)
{
	*out = NULL;
	FILE *f = fopen(path, "r");
	if (!f) {
		int e = errno;
		snprintf(err, err_len, "%s: cannot open: %s (give another with --config PATH)", path,
		         strerror(e));
		return -e;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		snprintf(err, err_len,
		         "%s is a directory, not a configuration file: give the file, e.g. "
		         "--config /etc/turno/turno.ini",
		         path);
		return -EISDIR;
	}
	int rc = load_from(f, NULL, path, out, err, err_len);
	fclose(f);
	return rc;
}

int turno_config_load_string(const char *text, const char *name, struct turno_config **out, char *err,
                             size_t err_len)
{
	return load_from(NULL, text, name, out, err, err_len);
}

void turno_config_free(struct turno_config *config)
{
	free(config);
}

const struct turno_service_config *turno_config_service(const struct turno_config *config, char letter)
{
	for (int i = 0; i < config->service_count; i++)
		if (config->services[i].letter == letter)
			return &config->services[i];
	return NULL;
}

const struct turno_counter_config *turno_config_counter(const struct turno_config *config, int id)
{
	for (int i = 0; i < config->counter_count; i++)
		if (config->counters[i].id == id)
			return &config->counters[i];
	return NULL;
}
