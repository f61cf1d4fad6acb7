/* PDF tickets: a valid PDF, one page as wide as the paper and as tall as the content,
 * the shipped fonts found and embedded, the number and accents in the text layer. */
#include "print/fonts.h"
#include "print/pdf.h"
#include "print/ticket.h"
#include "print_fixture.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

static struct turno_pdf *pdf;

static int open_fonts(void **state)
{
	char regular[PATH_MAX], bold[PATH_MAX];
	if (turno_font_find(NULL, TURNO_FONT_REGULAR, regular, sizeof(regular)) ||
	    turno_font_find(NULL, TURNO_FONT_BOLD, bold, sizeof(bold)))
		return -1;
	return turno_pdf_open(regular, bold, &pdf);
}

static int close_fonts(void **state)
{
	turno_pdf_close(pdf);
	return 0;
}

static uint8_t *render(int width_mm, const char *qr, bool priority, enum turno_lang lang, size_t *len)
{
	struct turno_config *config = print_fixture_config(width_mm, qr);
	struct turno_ticket ticket = print_fixture_ticket();
	ticket.priority = priority;
	struct turno_printed_ticket p;
	assert_int_equal(turno_printed_ticket_fill(&p, config, &ticket, lang), 0);
	turno_config_free(config);
	uint8_t *bytes = NULL;
	assert_int_equal(turno_pdf_render(pdf, &p, &bytes, len), 0);
	assert_non_null(bytes);
	return bytes;
}

/* The first /MediaBox [x0 y0 x1 y1] of the document. */
static void media_box(const uint8_t *bytes, size_t len, double box[4])
{
	const char *key = "/MediaBox";
	const uint8_t *at = memmem(bytes, len, key, strlen(key));
	assert_non_null(at);
	char text[128];
	size_t n =
	        (size_t)(bytes + len - at) < sizeof(text) - 1 ? (size_t)(bytes + len - at) : sizeof(text) - 1;
	memcpy(text, at, n);
	text[n] = '\0';
	assert_int_equal(sscanf(text, "/MediaBox [ %lf %lf %lf %lf", &box[0], &box[1], &box[2], &box[3]), 4);
}

static int count(const uint8_t *bytes, size_t len, const char *needle)
{
	int n = 0;
	size_t k = strlen(needle);
	for (const uint8_t *p = bytes; (p = memmem(p, len - (size_t)(p - bytes), needle, k)); p += k)
		n++;
	return n;
}

static void a_pdf_page_as_wide_as_the_paper(void **state)
{
	static const int widths[] = {58, 80};
	for (size_t i = 0; i < 2; i++) {
		size_t len;
		uint8_t *bytes = render(widths[i], "https://example.it", false, TURNO_LANG_IT, &len);
		assert_true(len > 1000);
		assert_memory_equal(bytes, "%PDF-", 5);
		assert_true(memmem(bytes + len - 8, 8, "%%EOF", 5) != NULL);
		double box[4];
		media_box(bytes, len, box);
		assert_true(box[2] - box[0] > turno_pdf_points(widths[i]) - 0.5);
		assert_true(box[2] - box[0] < turno_pdf_points(widths[i]) + 0.5);
		/* Taller than wide (a receipt), shorter than a sheet of A4. */
		assert_true(box[3] - box[1] > box[2] - box[0]);
		assert_true(box[3] - box[1] < turno_pdf_points(297));
		assert_int_equal(count(bytes, len, "/Type /Page\n") + count(bytes, len, "/Type /Page "), 1);
		free(bytes);
	}
}

static void the_page_grows_with_the_content(void **state)
{
	size_t plain_len, qr_len;
	uint8_t *plain = render(80, "", false, TURNO_LANG_IT, &plain_len);
	uint8_t *with_qr = render(80, "https://www.comune.example.it/urp", true, TURNO_LANG_EN, &qr_len);
	double a[4], b[4];
	media_box(plain, plain_len, a);
	media_box(with_qr, qr_len, b);
	/* A QR code of 30 mm, a priority mark and an English line make it taller. */
	assert_true(b[3] - a[3] > turno_pdf_points(30));
	free(plain);
	free(with_qr);
}

static void the_shipped_fonts_are_embedded(void **state)
{
	size_t len;
	uint8_t *bytes = render(80, "", false, TURNO_LANG_IT, &len);
	assert_true(count(bytes, len, "DejaVuSans") >= 1);
	assert_true(count(bytes, len, "DejaVuSans-Bold") >= 1);
	assert_true(count(bytes, len, "/FontFile") >= 2);
	free(bytes);
}

/* The text a PDF reader extracts (pdftotext, poppler-utils, in TEST_DEBS). */
static void the_text_layer_has_the_number_and_accents(void **state)
{
	size_t len;
	uint8_t *bytes = render(80, "https://example.it", true, TURNO_LANG_IT, &len);
	char dir[] = "/tmp/turno-pdf-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char pdf_path[64], txt_path[64], cmd[200];
	snprintf(pdf_path, sizeof(pdf_path), "%s/t.pdf", dir);
	snprintf(txt_path, sizeof(txt_path), "%s/t.txt", dir);
	FILE *f = fopen(pdf_path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	fclose(f);
	free(bytes);
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 %s %s", pdf_path, txt_path);
	assert_int_equal(system(cmd), 0);
	char text[4096] = "";
	f = fopen(txt_path, "r");
	assert_non_null(f);
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	unlink(pdf_path);
	unlink(txt_path);
	rmdir(dir);
	assert_non_null(strstr(text, "A042"));
	assert_non_null(strstr(text, "Forlì"));
	assert_non_null(strstr(text, "Anagrafe e stato civile"));
	assert_non_null(strstr(text, "23/11/2026 14:05"));
	assert_non_null(strstr(text, "PRECEDENZA"));
	assert_non_null(strstr(text, "giovedì"));
}

static void fonts_are_found_in_the_checkout_and_in_a_configured_dir(void **state)
{
	char path[PATH_MAX];
	assert_int_equal(turno_font_find(NULL, TURNO_FONT_REGULAR, path, sizeof(path)), 0);
	assert_int_equal(access(path, R_OK), 0);
	assert_non_null(strstr(path, "DejaVuSans.ttf"));
	/* A configured directory is the only place looked at. */
	assert_int_equal(turno_font_find("/nonexistent-fonts", TURNO_FONT_REGULAR, path, sizeof(path)),
	                 -ENOENT);
	char dir[PATH_MAX];
	assert_non_null(getcwd(dir, sizeof(dir)));
	strncat(dir, "/assets/fonts", sizeof(dir) - strlen(dir) - 1);
	assert_int_equal(turno_font_find(dir, TURNO_FONT_BOLD, path, sizeof(path)), 0);
	assert_non_null(strstr(path, "/assets/fonts/DejaVuSans-Bold.ttf"));
	assert_int_equal(turno_font_find(dir, "NoSuchFont.ttf", path, sizeof(path)), -ENOENT);
}

static void a_missing_font_file_is_an_error(void **state)
{
	struct turno_pdf *other = NULL;
	assert_int_equal(turno_pdf_open("/nonexistent.ttf", "/nonexistent-bold.ttf", &other), -ENOENT);
	assert_null(other);
	/* Not a font at all. */
	assert_int_equal(
	        turno_pdf_open("tests/unit/test-ticket-pdf.c", "tests/unit/test-ticket-pdf.c", &other),
	        -EINVAL);
	turno_pdf_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(a_pdf_page_as_wide_as_the_paper),
	        cmocka_unit_test(the_page_grows_with_the_content),
	        cmocka_unit_test(the_shipped_fonts_are_embedded),
	        cmocka_unit_test(the_text_layer_has_the_number_and_accents),
	        cmocka_unit_test(fonts_are_found_in_the_checkout_and_in_a_configured_dir),
	        cmocka_unit_test(a_missing_font_file_is_an_error),
	};
	return cmocka_run_group_tests(tests, open_fonts, close_fonts);
}
