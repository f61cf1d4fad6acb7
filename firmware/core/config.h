/* The configuration: one INI file (inih), read through one table of keys with type,
 * default, range and destination. Anything unknown or out of range is an error naming
 * file, line and the fix; a typo never silently becomes a default on an office's kiosk.
 *
 * The loaded struct is plain data, read-only after turno_config_load(); free it with
 * turno_config_free(). Nothing here touches devices or the database. */
#ifndef TURNO_CONFIG_H
#define TURNO_CONFIG_H

#include "core/hours.h"

#include <stdbool.h>
#include <stddef.h>

#define TURNO_EX_CONFIG 78 /* sysexits.h EX_CONFIG: programs exit with it on a bad configuration */

#define TURNO_MAX_SERVICES 26
#define TURNO_MAX_COUNTERS 32
#define TURNO_MAX_FOOTER 4
#define TURNO_TEXT 128
#define TURNO_PATH 256

enum turno_call_policy {
	TURNO_POLICY_LONGEST_WAIT, /* priority first, then whoever waited longest among the counter's services
	                            */
	TURNO_POLICY_SERVICE_ORDER, /* priority first, then the counter's services in the listed order */
};

enum turno_print_format { TURNO_PRINT_ESCPOS, TURNO_PRINT_PDF };
enum turno_print_failure { TURNO_ON_FAILURE_KEEP_ISSUING, TURNO_ON_FAILURE_STOP_ISSUING };
enum turno_gpio_backend { TURNO_GPIO_NONE, TURNO_GPIO_SIM, TURNO_GPIO_LIBGPIOD };
enum turno_gpio_bias { TURNO_BIAS_PULL_UP, TURNO_BIAS_PULL_DOWN, TURNO_BIAS_DISABLED };
enum turno_display_mode { TURNO_DISPLAY_OFF, TURNO_DISPLAY_PER_COUNTER, TURNO_DISPLAY_MAIN };

struct turno_service_config {
	char letter; /* 'A'…'Z': the prefix of its numbers */
	char name[TURNO_TEXT];
	char name_en[TURNO_TEXT];
	char description[TURNO_TEXT];
	char description_en[TURNO_TEXT];
	int target_wait_minutes; /* the carta dei servizi standard */
	int daily_cap;           /* tickets a day; at most 999 */
	bool has_own_hours;
	struct turno_week_hours hours; /* days not set inherit the office's */
	int line;                      /* where it was defined, for messages */
};

struct turno_counter_config {
	int id; /* 1…TURNO_MAX_COUNTERS, from [counter.N] */
	char name[TURNO_TEXT];
	char services[TURNO_MAX_SERVICES + 1]; /* ordered letters, e.g. "AB" */
	char next_button[TURNO_TEXT];          /* "gpiochip0:17" or "GPIO17"; empty = none */
	char recall_button[TURNO_TEXT];        /* recall and no-show only with a next_button (checked) */
	char noshow_button[TURNO_TEXT];
	/* Position in the MAX7219 chain, 0 = none (default: the counter id); per_counter mode
	 * refuses one beyond [display] modules, which would never be shown. */
	int display_module;
	int line;
};

struct turno_config {
	char path[TURNO_PATH];

	/* [office] */
	char office_name[TURNO_TEXT];
	char footer[TURNO_MAX_FOOTER][TURNO_TEXT];
	int footer_count;
	char timezone[64];
	char kiosk_id[64];

	/* [storage] */
	char database[TURNO_PATH];

	/* [control] */
	char control_socket[TURNO_PATH];

	/* [hours] */
	struct turno_hours hours;
	bool ignore_hours; /* not an INI key: `--ignore-hours` for demos and tests */

	/* [queue] */
	enum turno_call_policy policy;
	int default_service_minutes; /* estimate when there is no history yet */
	int estimate_window;         /* how many recent service times an estimate uses */
	int expire_after_close_minutes;

	/* [printer] */
	char printer_destination[TURNO_TEXT]; /* empty = CUPS default */
	enum turno_print_format printer_format;
	int paper_width_mm;
	char printer_qr[TURNO_PATH];
	int printer_copies;
	enum turno_print_failure printer_on_failure;
	int printer_timeout_seconds;
	char printer_preview_dir[TURNO_PATH]; /* when no printer: where tickets are written */

	/* [gpio] */
	enum turno_gpio_backend gpio_backend;
	int gpio_debounce_ms;
	int gpio_long_press_ms;
	int gpio_stuck_ms;
	bool gpio_active_low;
	enum turno_gpio_bias gpio_bias;
	char gpio_buzzer[TURNO_TEXT];
	int gpio_buzzer_ms;

	/* [display] */
	enum turno_display_mode display_mode;
	char display_din[TURNO_TEXT];
	char display_clk[TURNO_TEXT];
	char display_cs[TURNO_TEXT];
	int display_modules;
	int display_brightness; /* 0…15 */
	int display_blink_count;
	int display_refresh_seconds;

	/* [sync] */
	char sync_url[TURNO_PATH];
	char sync_token_file[TURNO_PATH];
	char sync_ca_file[TURNO_PATH];
	int sync_batch_size;
	int sync_interval_seconds;
	int sync_connect_timeout_seconds;
	int sync_timeout_seconds;
	int sync_backoff_max_seconds;
	int sync_keep_days;

	/* [ui] */
	int ui_width, ui_height;
	int ui_rotation; /* 0, 90, 180, 270 */
	bool ui_fullscreen;
	char ui_language[8];   /* "it" or "en": the language the home screen starts in */
	int ui_ticket_seconds; /* how long the ticket screen stays */
	int ui_tickets_per_minute;
	char ui_font_dir[TURNO_PATH];

	struct turno_service_config services[TURNO_MAX_SERVICES];
	int service_count;
	struct turno_counter_config counters[TURNO_MAX_COUNTERS];
	int counter_count;
};

/* Reads path into a new configuration. On success returns 0 and *out. On failure
 * returns -EINVAL (or -errno when the file cannot be read) and writes
 * "file:line: what is wrong; how to fix it" into err. */
int turno_config_load(const char *path, struct turno_config **out, char *err, size_t err_len);
/* Same, from text in memory (name is used in messages). */
int turno_config_load_string(const char *text, const char *name, struct turno_config **out, char *err,
                             size_t err_len);
void turno_config_free(struct turno_config *config);

/* The paths a typo could turn into data loss: [control] socket must fit a unix socket
 * address (at most 107 bytes) and must be neither the database nor the configuration
 * file (the kiosk replaces a stale socket at its path). turno_config_load() checks them;
 * programs call it again after --socket / --database. 0, or -EINVAL with a sentence
 * (without file:line) in err. */
int turno_config_check_paths(const struct turno_config *config, char *err, size_t err_len);

const struct turno_service_config *turno_config_service(const struct turno_config *config, char letter);
const struct turno_counter_config *turno_config_counter(const struct turno_config *config, int id);

#endif
