/* Table rendering: UTF-8 widths, alignment, CSV quoting (RFC 4180), JSON types. */
#include "report/table.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* Renders through a memory stream; the caller frees the text. */
static char *render(const struct turno_table *t, int (*fn)(const struct turno_table *, FILE *))
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(fn(t, f), 0);
	fclose(f);
	return text;
}

static void test_utf8_width(void **state)
{
	const struct {
		const char *text;
		size_t width;
	} cases[] = {
	        {"", 0},
	        {"abc", 3},
	        {"lunedì", 6}, /* ì is two bytes, one column */
	        {"Priorità", 8},
	        {"90° perc.", 9},
	        {"e\xcc\x80", 1},                /* e + combining grave: one column */
	        {"\xe6\x97\xa5\xe6\x9c\xac", 4}, /* two CJK characters: two columns each */
	        {"—", 1},
	        {"\xff"
	         "a",
	         2}, /* a malformed byte counts one */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(turno_utf8_width(cases[i].text), cases[i].width);
	(void)state;
}

static void test_format_seconds(void **state)
{
	char buf[32];
	assert_string_equal(turno_format_seconds(0, buf, sizeof(buf)), "0:00");
	assert_string_equal(turno_format_seconds(45, buf, sizeof(buf)), "0:45");
	assert_string_equal(turno_format_seconds(59.5, buf, sizeof(buf)), "1:00"); /* rounds to the second */
	assert_string_equal(turno_format_seconds(725, buf, sizeof(buf)), "12:05");
	assert_string_equal(turno_format_seconds(3723, buf, sizeof(buf)), "1:02:03");
	(void)state;
}

static void test_csv_quoting(void **state)
{
	const struct {
		const char *field;
		const char *csv;
	} cases[] = {
	        {"plain", "plain"},
	        {"a,b", "\"a,b\""},
	        {"say \"hi\"", "\"say \"\"hi\"\"\""},
	        {"two\nlines", "\"two\nlines\""},
	        {"cr\r", "\"cr\r\""},
	        {" padded", "\" padded\""},
	        {"", ""},
	        {"Priorità", "Priorità"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		assert_int_equal(turno_csv_write_field(f, cases[i].field), 0);
		fclose(f);
		assert_string_equal(text, cases[i].csv);
		free(text);
	}
	(void)state;
}

static struct turno_table *sample(void)
{
	struct turno_table *t = turno_table_new();
	assert_int_equal(turno_table_add_column(t, "name", "Giorno", TURNO_CELL_TEXT), 0);
	assert_int_equal(turno_table_add_column(t, "n", "Emessi", TURNO_CELL_INT), 1);
	assert_int_equal(turno_table_add_column(t, "w", "Attesa", TURNO_CELL_SECONDS), 2);
	assert_int_equal(turno_table_add_column(t, "p", "Entro", TURNO_CELL_PERCENT), 3);
	int r = turno_table_add_row(t);
	turno_table_set_text(t, r, 0, "lunedì");
	turno_table_set_number(t, r, 1, 12);
	turno_table_set_number(t, r, 2, 565.7142);
	turno_table_set_number(t, r, 3, 71.4286);
	r = turno_table_add_row(t);
	turno_table_set_text(t, r, 0, "Reclami, \"urgenti\"");
	turno_table_set_number(t, r, 1, 0);
	r = turno_table_add_row(t);
	turno_table_set_text(t, r, 0, "Totale");
	turno_table_set_number(t, r, 1, 12);
	turno_table_mark_total(t, r);
	return t;
}

static void test_text_alignment(void **state)
{
	struct turno_table *t = sample();
	/* Adding a column after rows is refused (the cells would not line up). */
	assert_int_equal(turno_table_add_column(t, "x", "X", TURNO_CELL_INT), -22);
	char *text = render(t, turno_table_write_text);
	/* Column widths: name 18 ("Reclami, "urgenti""), Emessi 6, Attesa 6, Entro 5.
	 * Numbers right-aligned, text left-aligned, empty cells "—". */
	const char *expected = "Giorno              Emessi  Attesa  Entro\n"
	                       "──────────────────  ──────  ──────  ─────\n"
	                       "lunedì                  12    9:26  71.4%\n"
	                       "Reclami, \"urgenti\"       0       —      —\n"
	                       "──────────────────  ──────  ──────  ─────\n"
	                       "Totale                  12       —      —\n";
	assert_string_equal(text, expected);
	free(text);
	turno_table_free(t);
	(void)state;
}

static void test_csv_table(void **state)
{
	struct turno_table *t = sample();
	char *text = render(t, turno_table_write_csv);
	const char *expected = "Giorno,Emessi,Attesa (s),Entro (%)\r\n"
	                       "lunedì,12,565.7,71.4\r\n"
	                       "\"Reclami, \"\"urgenti\"\"\",0,,\r\n"
	                       "Totale,12,,\r\n";
	assert_string_equal(text, expected);
	free(text);
	turno_table_free(t);
	(void)state;
}

static void test_json_table(void **state)
{
	struct turno_table *t = sample();
	cJSON *rows = turno_table_to_json(t);
	assert_non_null(rows);
	assert_int_equal(cJSON_GetArraySize(rows), 3);
	cJSON *first = cJSON_GetArrayItem(rows, 0);
	assert_string_equal(cJSON_GetObjectItem(first, "name")->valuestring, "lunedì");
	assert_float_equal(cJSON_GetObjectItem(first, "n")->valuedouble, 12, 1e-9);
	assert_float_equal(cJSON_GetObjectItem(first, "w")->valuedouble, 565.7, 1e-9);
	assert_float_equal(cJSON_GetObjectItem(first, "p")->valuedouble, 71.4, 1e-9);
	cJSON *second = cJSON_GetArrayItem(rows, 1);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(second, "w")));
	assert_string_equal(cJSON_GetObjectItem(second, "name")->valuestring, "Reclami, \"urgenti\"");
	cJSON_Delete(rows);
	turno_table_free(t);
	turno_table_free(NULL);
	(void)state;
}

static void test_csv_in_chunks(void **state)
{
	/* Header once, then the rows of each chunk, clearing in between: the same bytes as
	 * writing the whole table at once. */
	struct turno_table *whole = sample();
	char *expected = render(whole, turno_table_write_csv);
	struct turno_table *t = sample();
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_int_equal(turno_table_write_csv_header(t, f), 0);
	assert_int_equal(turno_table_write_csv_rows(t, f), 0);
	turno_table_clear_rows(t);
	assert_int_equal(turno_table_rows(t), 0);
	assert_int_equal(turno_table_write_csv_rows(t, f), 0); /* an empty chunk writes nothing */
	fclose(f);
	assert_string_equal(text, expected);
	cJSON *row = turno_table_row_to_json(whole, 0);
	assert_string_equal(cJSON_GetObjectItem(row, "name")->valuestring, "lunedì");
	cJSON_Delete(row);
	assert_null(turno_table_row_to_json(whole, 3));
	free(text);
	free(expected);
	turno_table_free(t);
	turno_table_free(whole);
	(void)state;
}

static int write_italian(const struct turno_table *t, FILE *out)
{
	return turno_table_write_csv_styled(t, TURNO_CSV_ITALIAN, out);
}

static void test_csv_italian(void **state)
{
	/* For an Italian spreadsheet: BOM, ";" (so a comma in a name needs no quotes, a ";"
	 * does), decimal comma, minutes to 0.1 with the unit in the header. */
	struct turno_table *t = sample();
	turno_table_set_text(t, 1, 0, "Reclami; \"urgenti\"");
	char *text = render(t, write_italian);
	const char *expected = "\xef\xbb\xbfGiorno;Emessi;Attesa (min);Entro (%)\r\n"
	                       "lunedì;12;9,4;71,4\r\n"
	                       "\"Reclami; \"\"urgenti\"\"\";0;;\r\n"
	                       "Totale;12;;\r\n";
	assert_string_equal(text, expected);
	free(text);
	turno_table_free(t);
	(void)state;
}

static void test_audiences(void **state)
{
	/* A person reads "A Anagrafe" in one column; programs get the letter and the name. */
	struct turno_table *t = turno_table_new();
	assert_int_equal(
	        turno_table_add_column_for(t, "label", "Servizio", TURNO_CELL_TEXT, TURNO_FOR_PEOPLE), 0);
	assert_int_equal(
	        turno_table_add_column_for(t, "service", "Servizio", TURNO_CELL_TEXT, TURNO_FOR_PROGRAMS), 1);
	assert_int_equal(
	        turno_table_add_column_for(t, "service_name", "Nome", TURNO_CELL_TEXT, TURNO_FOR_PROGRAMS),
	        2);
	assert_int_equal(turno_table_add_column(t, "issued", "Emessi", TURNO_CELL_INT), 3);
	int r = turno_table_add_row(t);
	turno_table_set_text(t, r, 0, "A Anagrafe");
	turno_table_set_text(t, r, 1, "A");
	turno_table_set_text(t, r, 2, "Anagrafe");
	turno_table_set_number(t, r, 3, 7);
	char *text = render(t, turno_table_write_text);
	assert_string_equal(text, "Servizio    Emessi\n"
	                          "──────────  ──────\n"
	                          "A Anagrafe       7\n");
	free(text);
	text = render(t, turno_table_write_csv);
	assert_string_equal(text, "Servizio,Nome,Emessi\r\nA,Anagrafe,7\r\n");
	free(text);
	text = render(t, write_italian);
	assert_string_equal(text, "\xef\xbb\xbfServizio;Emessi\r\nA Anagrafe;7\r\n");
	free(text);
	cJSON *row = turno_table_row_to_json(t, 0);
	assert_null(cJSON_GetObjectItem(row, "label"));
	assert_string_equal(cJSON_GetObjectItem(row, "service")->valuestring, "A");
	assert_string_equal(cJSON_GetObjectItem(row, "service_name")->valuestring, "Anagrafe");
	cJSON_Delete(row);
	turno_table_free(t);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_utf8_width),    cmocka_unit_test(test_format_seconds),
	        cmocka_unit_test(test_csv_quoting),   cmocka_unit_test(test_text_alignment),
	        cmocka_unit_test(test_csv_table),     cmocka_unit_test(test_json_table),
	        cmocka_unit_test(test_csv_in_chunks), cmocka_unit_test(test_csv_italian),
	        cmocka_unit_test(test_audiences),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
