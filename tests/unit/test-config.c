/* Configuration: the example loads; every mistake is refused with file, line and a fix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef TOP
#define TOP "."
#endif

static const char base[] = "[office]\n"
                           "name = Comune di Prova\n"
                           "[hours]\n"
                           "mon = 08:00-13:00\n"
                           "tue = 08:00-13:00, 14:30-18:00\n"
                           "[service.A]\n"
                           "name = Anagrafe\n"
                           "[counter.1]\n"
                           "services = A\n";

static void example_config_loads(void **state)
{
	struct turno_config *c;
	char err[512] = "";
	int rc = turno_config_load(TOP "/config/turno.ini", &c, err, sizeof(err));
	assert_int_equal(rc, 0);
	assert_string_equal(c->timezone, "Europe/Rome");
	assert_int_equal(c->service_count, 6);
	assert_int_equal(c->counter_count, 4);
	assert_string_equal(turno_config_service(c, 'B')->name, "Anagrafe e stato civile");
	assert_string_equal(turno_config_counter(c, 4)->services, "EDA");
	assert_int_equal(c->footer_count, 2);
	assert_int_equal(c->hours.week.day[1].count, 1);
	assert_int_equal(c->hours.week.day[1].range[0].end_min, 18 * 60);
	assert_true(turno_config_service(c, 'D')->has_own_hours);
	assert_int_equal(c->hours.last_ticket_minutes, 15);
	turno_config_free(c);
}

static void defaults_apply(void **state)
{
	struct turno_config *c;
	char err[512] = "";
	assert_int_equal(turno_config_load_string(base, "t.ini", &c, err, sizeof(err)), 0);
	assert_int_equal(c->policy, TURNO_POLICY_LONGEST_WAIT);
	assert_int_equal(c->services[0].daily_cap, 999);
	assert_int_equal(c->services[0].target_wait_minutes, 30);
	assert_string_equal(c->services[0].name_en, "Anagrafe"); /* falls back to the Italian name */
	assert_string_equal(c->counters[0].name, "Sportello 1");
	assert_int_equal(c->hours.week.day[2].count, 0); /* wed not given: closed */
	assert_int_equal(c->sync_batch_size, 500);
	assert_int_equal(c->gpio_debounce_ms, 30);
	assert_true(c->kiosk_id[0] != '\0');
	turno_config_free(c);
}

struct bad_case {
	const char *what;
	const char *append;  /* appended to the base configuration */
	const char *replace; /* or a whole configuration */
	const char *expect_location;
	const char *expect_words;
};

static const struct bad_case bad_cases[] = {
        {"unknown section", "[printr]\ndestination = x\n", NULL, "t.ini:10:", "unknown section [printr]"},
        {"unknown key", "[office]\nnmae = x\n", NULL, "t.ini:11:", "has no key \"nmae\""},
        {"key twice", "[service.A]\nname = Again\n", NULL, "t.ini:11:", "set twice (first on line 7)"},
        {"not a number", "[service.A]\ndaily_cap = lots\n", NULL, "t.ini:11:", "not a whole number"},
        {"out of range", "[service.A]\ndaily_cap = 1000\n", NULL, "t.ini:11:", "use 1 to 999"},
        {"bad enum", "[queue]\npolicy = fastest\n", NULL, "t.ini:11:", "longest_wait, service_order"},
        {"bad bool", "[ui]\nfullscreen = maybe\n", NULL, "t.ini:11:", "write yes or no"},
        {"bad hours", "[hours]\nwed = 8-13\n", NULL, "t.ini:11:", "08:00-13:00"},
        {"overlapping hours", "[hours]\nwed = 08:00-13:00, 12:00-18:00\n", NULL, "t.ini:11:", "overlap"},
        {"backwards range", "[hours]\nwed = 13:00-08:00\n", NULL, "t.ini:11:", "must end after it starts"},
        {"bad closed date", "[hours]\nclosed = 2026-02-30\n", NULL, "t.ini:11:", "not a real date"},
        {"lowercase service", "[service.a]\nname = x\n", NULL, "t.ini:10:", "one capital letter"},
        {"counter zero", "[counter.0]\nservices = A\n", NULL, "t.ini:10:", "counter is named by its number"},
        {"counter unknown service", "[counter.2]\nservices = A, Z\n", NULL,
         "t.ini:11:", "unknown service \"Z\" (known: A)"},
        {"counter lists twice", "[counter.2]\nservices = A, A\n", NULL, "t.ini:11:", "lists A twice"},
        {"service without counter", "[service.B]\nname = Tributi\n", NULL,
         "t.ini:10:", "called by no counter"},
        {"service without name", "[service.B]\ntarget_wait_minutes = 5\n[counter.2]\nservices = B\n", NULL,
         "t.ini:10:", "has no name"},
        {"service hours outside office", "[service.A]\ntue = 07:00-09:00\n", NULL,
         "t.ini:6:", "outside the office hours"},
        {"bad timezone", "[office]\ntimezone = Europe/Atlantis\n", NULL, "t.ini:11:", "not a known zone"},
        {"not key value", "[office]\njust words\n", NULL, "t.ini:11:", "not a \"key = value\" line"},
        {"no services", NULL, "[hours]\nmon = 08:00-13:00\n", "t.ini:", "no services"},
        {"no counters", NULL, "[hours]\nmon = 08:00-13:00\n[service.A]\nname = x\n", "t.ini:", "no counters"},
        {"always closed", NULL, "[service.A]\nname = x\n[counter.1]\nservices = A\n",
         "t.ini:", "closed every day"},
        {"rotation", "[ui]\nrotation = 45\n", NULL, "t.ini:11:", "0, 90, 180 or 270"},
        {"language", "[ui]\nlanguage = de\n", NULL, "t.ini:11:", "use it or en"},
        {"too many footers", "[office]\nfooter = 1\nfooter = 2\nfooter = 3\nfooter = 4\nfooter = 5\n", NULL,
         "t.ini:15:", "at most 4 lines"},
        {"recall without next", "[counter.1]\nrecall_button = GPIO27\n", NULL,
         "t.ini:11:", "[counter.1] has recall_button = GPIO27 but no next_button"},
        {"noshow without next", "[counter.2]\nservices = A\nnoshow_button = GPIO22\n", NULL, "t.ini:12:",
         "[counter.2] has noshow_button = GPIO22 but no next_button, so nobody can call there: add "
         "next_button = (its line, e.g. GPIO17)"},
        {"default display module beyond the chain",
         "[display]\nmode = per_counter\nmodules = 1\n"
         "[counter.2]\nservices = A\n",
         NULL, "t.ini:13:",
         "[counter.2] is shown on LED module 2 (display_module defaults to the counter's number), "
         "but [display] modules = 1: the counter would never be shown; set display_module to at most "
         "1 (0: no module), or [display] modules = 2"},
        {"not UTF-8 (Latin-1 file)", "[office]\nfooter = Citt\xe0 di Prova\n", NULL,
         "t.ini:11:", "not valid UTF-8"},
        {"not UTF-8 in a service name", "[service.A]\nname_en = Caf\xe9\n", NULL,
         "t.ini:11:", "save it as UTF-8"},
        {"timezone through a colon to no file", "[office]\ntimezone = :Nowhere/Atlantis\n", NULL,
         "t.ini:11:", "not a known zone"},
        {"timezone naming a directory", "[office]\ntimezone = Europe\n", NULL,
         "t.ini:11:", "not a known zone"},
        {"socket path longer than a socket address",
         "[control]\nsocket = "
         "/run/turno/"
         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
         "aaaa.sock\n",
         NULL, "t.ini:11:", "a unix socket path can have at most 107"},
        {"socket path is the database",
         "[storage]\ndatabase = /var/lib/turno/turno.db\n[control]\nsocket = /var/lib/turno//turno.db\n",
         NULL, "t.ini:13:", "is the database"},
        {"indented key is its own key, not a continuation", "[ui]\nwidth = 1024\n  widht = 600\n", NULL,
         "t.ini:12:", "has no key \"widht\""},
        {"display module beyond the chain",
         "[display]\nmode = per_counter\nmodules = 2\n"
         "[counter.1]\ndisplay_module = 3\n",
         NULL, "t.ini:14:", "[counter.1] display_module = 3, but [display] modules = 2"},
};

static void bad_configs_name_line_and_fix(void **state)
{
	int failures = 0;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *b = &bad_cases[i];
		char text[2048], err[512] = "";
		if (b->replace)
			snprintf(text, sizeof(text), "%s", b->replace);
		else
			snprintf(text, sizeof(text), "%s%s", base, b->append);
		struct turno_config *c = (struct turno_config *)1;
		int rc = turno_config_load_string(text, "t.ini", &c, err, sizeof(err));
		if (rc == 0 || c != NULL || strstr(err, b->expect_location) != err ||
		    !strstr(err, b->expect_words)) {
			failures++;
			print_error("case \"%s\": rc=%d message \"%s\" (expected to start with \"%s\" and "
			            "contain \"%s\")\n",
			            b->what, rc, err, b->expect_location, b->expect_words);
		}
	}
	assert_int_equal(failures, 0);
}

/* The checks above refuse only what could never work: these are fine. */
static void display_modules_and_buttons_that_fit_load(void **state)
{
	static const char *const fine[] = {
	        /* main mode does not use display_module */
	        "[display]\nmode = main\nmodules = 1\n[counter.2]\nservices = A\ndisplay_module = 5\n",
	        /* 0: a counter without a module */
	        "[display]\nmode = per_counter\nmodules = 1\n[counter.2]\nservices = A\ndisplay_module = 0\n",
	        "[display]\nmode = per_counter\nmodules = 2\n[counter.2]\nservices = A\n",
	        "[counter.1]\nnext_button = GPIO17\nrecall_button = GPIO27\nnoshow_button = GPIO22\n",
	};
	for (size_t i = 0; i < sizeof(fine) / sizeof(fine[0]); i++) {
		char text[2048], err[512] = "";
		snprintf(text, sizeof(text), "%s%s", base, fine[i]);
		struct turno_config *c;
		if (turno_config_load_string(text, "t.ini", &c, err, sizeof(err)) != 0)
			fail_msg("case %zu refused: %s", i, err);
		turno_config_free(c);
	}
}

static void missing_file_is_named(void **state)
{
	struct turno_config *c;
	char err[512] = "";
	int rc = turno_config_load("/nonexistent/turno.ini", &c, err, sizeof(err));
	assert_true(rc < 0);
	assert_non_null(strstr(err, "/nonexistent/turno.ini: cannot open"));
	assert_non_null(strstr(err, "--config"));
}

static void closed_dates_and_footer_continuations(void **state)
{
	char text[1024];
	snprintf(
	        text, sizeof(text),
	        "%s[hours]\nclosed = 12-25, 2026-12-24\n[office]\nfooter = Tel. 055 1234\n  email urp@x.it\n",
	        base);
	/* [hours] appears twice: the second section continues the first. */
	struct turno_config *c;
	char err[512] = "";
	assert_int_equal(turno_config_load_string(text, "t.ini", &c, err, sizeof(err)), 0);
	assert_int_equal(c->hours.closed_count, 2);
	assert_int_equal(c->hours.closed[0].year, 0);
	assert_int_equal(c->hours.closed[1].year, 2026);
	assert_int_equal(c->footer_count, 2);
	assert_string_equal(c->footer[1], "email urp@x.it");
	turno_config_free(c);
}

/* An indented "key = value" is a key of its own; an indented line without "=" still
 * continues the footer above. */
static void indented_keys_are_keys(void **state)
{
	char text[1024];
	snprintf(text, sizeof(text),
	         "%s[ui]\nwidth = 1024\n    height = 600\n[office]\nfooter = Tel. 1\n\tfooter = Tel. 2\n",
	         base);
	struct turno_config *c;
	char err[512] = "";
	assert_int_equal(turno_config_load_string(text, "t.ini", &c, err, sizeof(err)), 0);
	assert_int_equal(c->ui_width, 1024);
	assert_int_equal(c->ui_height, 600);
	assert_int_equal(c->footer_count, 2);
	assert_string_equal(c->footer[0], "Tel. 1");
	assert_string_equal(c->footer[1], "Tel. 2");
	turno_config_free(c);
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* What only a file can hold: a NUL byte; and files that are not configurations. */
static void files_that_cannot_be_configurations(void **state)
{
	char dir[] = "/tmp/turno-test-config.XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256], text[1024], err[512] = "";
	struct turno_config *c = NULL;

	/* A NUL in the office name used to end it silently: "Comune" instead of the name. */
	snprintf(path, sizeof(path), "%s/nul.ini", dir);
	int n = snprintf(text, sizeof(text), "%s", base);
	memcpy(text + n, "[office]\nfooter = Comune\0 di Prova\n", 36);
	write_file(path, text, (size_t)n + 36);
	assert_true(turno_config_load(path, &c, err, sizeof(err)) < 0);
	assert_null(c);
	assert_non_null(strstr(err, "nul.ini:11: "));
	assert_non_null(strstr(err, "NUL byte"));

	/* A directory given as the configuration. */
	err[0] = '\0';
	assert_true(turno_config_load(dir, &c, err, sizeof(err)) < 0);
	assert_non_null(strstr(err, "is a directory, not a configuration file"));
	assert_null(strstr(err, ":0:"));

	/* The socket at the configuration's own path would replace it. */
	snprintf(path, sizeof(path), "%s/self.ini", dir);
	snprintf(text, sizeof(text), "%s[control]\nsocket = %s/./self.ini\n", base, dir);
	write_file(path, text, strlen(text));
	err[0] = '\0';
	assert_true(turno_config_load(path, &c, err, sizeof(err)) < 0);
	assert_non_null(strstr(err, "self.ini:11: "));
	assert_non_null(strstr(err, "is this configuration file"));

	snprintf(text, sizeof(text), "rm -rf '%s'", dir);
	assert_int_equal(system(text), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(example_config_loads),
	        cmocka_unit_test(defaults_apply),
	        cmocka_unit_test(bad_configs_name_line_and_fix),
	        cmocka_unit_test(display_modules_and_buttons_that_fit_load),
	        cmocka_unit_test(missing_file_is_named),
	        cmocka_unit_test(closed_dates_and_footer_continuations),
	        cmocka_unit_test(indented_keys_are_keys),
	        cmocka_unit_test(files_that_cannot_be_configurations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
