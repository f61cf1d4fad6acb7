/* SVG pieces: escaping, tick steps, and a document's structure (the integration suite
 * parses whole documents with a real XML parser). */
#include "report/svg.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static char *escaped(const char *text)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	turno_xml_escape(f, text);
	fclose(f);
	return out;
}

static void test_escape(void **state)
{
	const struct {
		const char *in, *out;
	} cases[] = {
	        {"Comune di A & B", "Comune di A &amp; B"},
	        {"<script>", "&lt;script&gt;"},
	        {"l'ufficio \"URP\"", "l&apos;ufficio &quot;URP&quot;"},
	        {"bell\a", "bell"}, /* control characters are not XML */
	        {"lunedì", "lunedì"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *e = escaped(cases[i].in);
		assert_string_equal(e, cases[i].out);
		free(e);
	}
	(void)state;
}

static void test_tick_step(void **state)
{
	assert_float_equal(turno_svg_tick_step(0), 1, 1e-9);
	assert_float_equal(turno_svg_tick_step(10), 2, 1e-9);
	assert_float_equal(turno_svg_tick_step(23), 5, 1e-9);
	assert_float_equal(turno_svg_tick_step(45), 10, 1e-9);
	assert_float_equal(turno_svg_tick_step(3), 1, 1e-9);
	assert_float_equal(turno_svg_tick_step(120), 50, 1e-9);
	(void)state;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_document(void **state)
{
	const char *hours[] = {"08", "09", "10"};
	double mean[] = {300, -1, 900};
	double p90[] = {600, -1, 1200};
	struct turno_svg_bars bars = {
	        "Attesa per ora", "Ora", "Minuti", "media", "90° percentile", 3, hours, mean, p90};
	const char *days[] = {"lunedì", "martedì"};
	double values[] = {60, -1, 120, 180, 240, -1};
	int counts[] = {3, 0, 4, 5, 6, 1};
	struct turno_svg_grid grid = {"Heatmap", "Ora", "Giorno", "nessun dato", "numero piccolo: arrivi",
	                              2,         3,     days,     hours,         values,
	                              counts};
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_int_equal(turno_svg_write(f, "Tempi <A&B>", "2026", &bars, &grid), 0);
	fclose(f);
	assert_non_null(strstr(out, "viewBox=\"0 0 800 "));
	assert_non_null(strstr(out, "<title>Tempi &lt;A&amp;B&gt; — 2026</title>"));
	assert_non_null(strstr(out, "font-family=\"sans-serif\""));
	/* Two bars (the hour without data has none), six heatmap cells, five legend swatches. */
	assert_int_equal(count(out, "fill=\"#6b8fbf\" stroke=\"#1f3b63\"><title>"), 2);
	assert_int_equal(count(out, "stroke=\"#999999\"><title>"), 6);
	assert_non_null(strstr(out, "<title>lunedì 08: 1.0 min, 3</title>"));
	assert_non_null(strstr(out, "<title>lunedì 09: -, 0</title>"));
	assert_non_null(strstr(out, "</svg>\n"));
	assert_int_equal(count(out, "<svg"), 1);
	free(out);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_escape),
	        cmocka_unit_test(test_tick_step),
	        cmocka_unit_test(test_document),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
