/* [sync] url and token_file: what turno-sync accepts, and what it refuses with a
 * sentence a person can act on (and never the token in it). */
#include "sync/endpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

struct url_case {
	const char *url;
	int rc;
	bool loopback;
	const char *says; /* a piece of the message */
};

static void test_urls(void **state)
{
	(void)state;
	static const struct url_case cases[] = {
	        {"https://backoffice.example.it/turno/events", 0, false, NULL},
	        {"https://127.0.0.1:8443/events", 0, true, NULL},
	        {"http://127.0.0.1:8080/events", 0, true, NULL},
	        {"http://127.9.9.9/events", 0, true, NULL},
	        {"http://localhost:9/events", 0, true, NULL},
	        {"http://[::1]:9/events", 0, true, NULL},
	        {"http://backoffice.example.it/events", -EINVAL, false, "use https://"},
	        {"http://10.0.0.5/events", -EINVAL, false, "only allowed to this machine"},
	        {"http://127.0.0.1.evil.example/events", -EINVAL, false, "use https://"},
	        {"ftp://backoffice.example.it/x", -EINVAL, false, "https://"},
	        {"", -EINVAL, false, "url is empty"},
	        {"not a url", -EINVAL, false, "not a URL"},
	        {"https://", -EINVAL, false, "not a URL"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char err[512] = "";
		bool loopback = !cases[i].loopback;
		int rc = turno_sync_url_check(cases[i].url, &loopback, err, sizeof(err));
		if (rc != cases[i].rc)
			fail_msg("url %s: rc %d (%s)", cases[i].url, rc, err);
		if (rc == 0)
			assert_int_equal(loopback, cases[i].loopback);
		if (cases[i].says && !strstr(err, cases[i].says))
			fail_msg("url %s: message \"%s\" lacks \"%s\"", cases[i].url, err, cases[i].says);
	}
	char err[64];
	assert_int_equal(turno_sync_url_check(NULL, NULL, err, sizeof(err)), -EINVAL);
}

static char dir[64];

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/turno-endpoint-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *write_token(const char *name, const char *content, size_t len, mode_t mode)
{
	static char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, len), (ssize_t)len);
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

static void test_token_is_read_and_trimmed(void **state)
{
	(void)state;
	char token[TURNO_SYNC_TOKEN_MAX + 1], err[512];
	const char *path = write_token("ok", "  s3cr3t-T0ken.xyz\n\n", 20, 0600);
	assert_int_equal(turno_sync_token_read(path, token, sizeof(token), err, sizeof(err)), 0);
	assert_string_equal(token, "s3cr3t-T0ken.xyz");
	path = write_token("ro", "abc", 3, 0400);
	assert_int_equal(turno_sync_token_read(path, token, sizeof(token), err, sizeof(err)), 0);
	assert_string_equal(token, "abc");
}

static void test_token_readable_by_others_is_refused(void **state)
{
	(void)state;
	char token[TURNO_SYNC_TOKEN_MAX + 1] = "", err[512] = "";
	static const mode_t modes[] = {0644, 0640, 0604, 0660, 0602, 0610};
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		const char *path = write_token("open", "very-secret", 11, modes[i]);
		assert_int_equal(turno_sync_token_read(path, token, sizeof(token), err, sizeof(err)), -EPERM);
		assert_non_null(strstr(err, "chmod 600"));
		assert_null(strstr(err, "very-secret"));
		assert_string_equal(token, "");
	}
}

struct bad_token {
	const char *content;
	size_t len;
	const char *says;
};

static void test_bad_token_files(void **state)
{
	(void)state;
	static const struct bad_token cases[] = {
	        {"", 0, "is empty"},
	        {" \n", 2, "is empty"},
	        {"two words", 9, "on one line"},
	        {"line1\nline2", 11, "on one line"},
	        {"tok\0en", 6, "NUL"},
	        {"caf\xc3\xa9", 5, "non-ASCII"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char token[TURNO_SYNC_TOKEN_MAX + 1], err[512] = "";
		const char *path = write_token("bad", cases[i].content, cases[i].len, 0600);
		assert_int_equal(turno_sync_token_read(path, token, sizeof(token), err, sizeof(err)),
		                 -EINVAL);
		if (!strstr(err, cases[i].says))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err, cases[i].says);
	}
	char *huge = malloc(TURNO_SYNC_TOKEN_MAX + 10);
	memset(huge, 'x', TURNO_SYNC_TOKEN_MAX + 10);
	char token[TURNO_SYNC_TOKEN_MAX + 1], err[512];
	const char *path = write_token("huge", huge, TURNO_SYNC_TOKEN_MAX + 10, 0600);
	assert_int_equal(turno_sync_token_read(path, token, sizeof(token), err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "too long"));
	free(huge);
}

static void test_missing_or_odd_token_paths(void **state)
{
	(void)state;
	char token[64], err[512], path[128];
	snprintf(path, sizeof(path), "%s/none", dir);
	assert_int_equal(turno_sync_token_read(path, token, sizeof(token), err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "cannot open"));
	assert_int_equal(turno_sync_token_read("", token, sizeof(token), err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "token_file is empty"));
	chmod(dir, 0700);
	assert_int_equal(turno_sync_token_read(dir, token, sizeof(token), err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "not a regular file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_urls),
	        cmocka_unit_test(test_token_is_read_and_trimmed),
	        cmocka_unit_test(test_token_readable_by_others_is_refused),
	        cmocka_unit_test(test_bad_token_files),
	        cmocka_unit_test(test_missing_or_odd_token_paths),
	};
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
