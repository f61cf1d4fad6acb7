/* The layout: text fitting with a fake measure (each character 0.6 em wide), then
 * whole screens with the real fonts at every supported panel size and rotation, with
 * long Italian names: no text may leave its box or overlap another. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "utf8_check.h"

#include "kiosk/i18n.h"
#include "kiosk/layout.h"
#include "kiosk/text.h"
#include "kiosk/theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fake_line(void *user, int px, bool bold, const char *text, int *w, int *h)
{
	int chars = 0;
	for (const char *p = text; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	*w = chars * px * 6 / 10;
	*h = px * 12 / 10;
	return 0;
}

static const struct turno_measure fake = {fake_line, NULL};

static void check_inside(const struct turno_ui_text *t)
{
	assert_true(t->rect.x >= t->bound.x && t->rect.x + t->rect.w <= t->bound.x + t->bound.w);
	assert_true(t->rect.y >= t->bound.y && t->rect.y + t->rect.h <= t->bound.y + t->bound.h);
	for (int i = 0; i < t->line_count; i++) {
		int w, h;
		fake_line(NULL, t->px, t->bold, t->lines[i], &w, &h);
		assert_true(w <= t->bound.w);
		assert_true(valid_utf8(t->lines[i]));
	}
}

static void short_text_at_full_size(void **state)
{
	struct turno_ui_text t;
	assert_int_equal(turno_layout_fit(&fake, "Tributi", (struct turno_rect){10, 20, 300, 100}, 40, 20, 2,
	                                  true, TURNO_ALIGN_LEFT, &t),
	                 0);
	assert_int_equal(t.px, 40);
	assert_int_equal(t.line_count, 1);
	assert_string_equal(t.lines[0], "Tributi");
	assert_int_equal(t.rect.x, 10);
	check_inside(&t);
}

static void long_text_wraps_before_shrinking(void **state)
{
	struct turno_ui_text t;
	/* 10 characters a line at 20 px (12 px each in 130 px). */
	assert_int_equal(turno_layout_fit(&fake, "Anagrafe e stato civile",
	                                  (struct turno_rect){0, 0, 130, 100}, 20, 10, 3, false,
	                                  TURNO_ALIGN_LEFT, &t),
	                 0);
	assert_int_equal(t.px, 20);
	assert_int_equal(t.line_count, 3);
	assert_string_equal(t.lines[0], "Anagrafe e");
	assert_string_equal(t.lines[1], "stato");
	assert_string_equal(t.lines[2], "civile");
	check_inside(&t);
}

static void shrinks_when_lines_run_out(void **state)
{
	struct turno_ui_text t;
	assert_int_equal(turno_layout_fit(&fake, "Anagrafe e stato civile",
	                                  (struct turno_rect){0, 0, 130, 100}, 20, 10, 2, false,
	                                  TURNO_ALIGN_LEFT, &t),
	                 0);
	assert_true(t.px < 20 && t.px >= 10);
	assert_true(t.line_count <= 2);
	check_inside(&t);
}

static void cuts_with_ellipsis_only_at_the_minimum(void **state)
{
	struct turno_ui_text t;
	const char *text =
	        "Servizi demografici, elettorali e di stato civile per i cittadini residenti all'estero";
	assert_int_equal(turno_layout_fit(&fake, text, (struct turno_rect){0, 0, 200, 60}, 24, 20, 2, false,
	                                  TURNO_ALIGN_LEFT, &t),
	                 1);
	assert_true(t.ellipsized);
	assert_int_equal(t.px, 20);
	assert_int_equal(t.line_count, 2);
	assert_non_null(strstr(t.lines[1], "…"));
	check_inside(&t);
}

static void room_for_fewer_lines_than_allowed(void **state)
{
	struct turno_ui_text t;
	/* Room for one 24-px line only, although three are allowed. */
	assert_int_equal(turno_layout_fit(&fake, "uno due tre quattro cinque sei sette",
	                                  (struct turno_rect){0, 0, 120, 30}, 20, 20, 3, false,
	                                  TURNO_ALIGN_LEFT, &t),
	                 1);
	assert_int_equal(t.line_count, 1);
	check_inside(&t);
}

static void forced_line_breaks(void **state)
{
	struct turno_ui_text t;
	assert_int_equal(turno_layout_fit(&fake, "Precedenza\ndisabilità",
	                                  (struct turno_rect){0, 0, 400, 100}, 20, 20, 2, true,
	                                  TURNO_ALIGN_CENTER, &t),
	                 0);
	assert_int_equal(t.line_count, 2);
	assert_string_equal(t.lines[0], "Precedenza");
	assert_string_equal(t.lines[1], "disabilità");
	/* Centred: the widest line (10 characters × 12 px) sits in the middle. */
	assert_int_equal(t.rect.x, (400 - 120) / 2);
	check_inside(&t);
}

static void long_word_breaks_between_characters(void **state)
{
	struct turno_ui_text t;
	turno_layout_fit(&fake, "èèèèèèèèèèèèèèèèèèèèèèèèè", (struct turno_rect){0, 0, 60, 200}, 20, 20, 4,
	                 false, TURNO_ALIGN_RIGHT, &t);
	assert_true(t.line_count >= 2);
	check_inside(&t);
	assert_int_equal(t.rect.x + t.rect.w, 60);
}

static void hit_and_find(void **state)
{
	struct turno_ui_model m;
	memset(&m, 0, sizeof(m));
	m.page = TURNO_PAGE_HOME;
	m.tile_count = 3;
	for (int i = 0; i < 3; i++) {
		snprintf(m.tiles[i].name, sizeof(m.tiles[i].name), "Servizio %d", i);
		m.tiles[i].available = i != 1;
		snprintf(m.tiles[i].reason, sizeof(m.tiles[i].reason), "Esauriti per oggi");
	}
	static struct turno_ui_scene s;
	assert_int_equal(turno_layout_scene(&m, 800, 480, &fake, &s), 0);
	const struct turno_ui_box *b = turno_scene_find(&s, TURNO_UI_SERVICE, 2);
	assert_non_null(b);
	const struct turno_ui_box *hit = turno_scene_hit(&s, b->rect.x + 5, b->rect.y + 5);
	assert_ptr_equal(hit, b);
	/* An unavailable service is no target at all. */
	assert_null(turno_scene_find(&s, TURNO_UI_SERVICE, 1));
	assert_non_null(turno_scene_find(&s, TURNO_UI_PRIORITY, 0));
	assert_non_null(turno_scene_find(&s, TURNO_UI_LANGUAGE, 0));
	assert_null(turno_scene_hit(&s, -5, -5));
}

/* ------------------------------------------------------------------ real fonts */

static struct turno_fonts *fonts;

static int open_fonts(void **state)
{
	return turno_fonts_open("assets/fonts", &fonts);
}

static int close_fonts(void **state)
{
	turno_fonts_free(fonts);
	return 0;
}

static const char *const long_names[] = {
        "Servizi demografici, elettorali e stato civile", "Ufficio tributi: IMU, TARI e canone unico",
        "Sportello unico per le attività produttive",     "Polizia locale e permessi di circolazione",
        "Servizi sociali e contributi alle famiglie",     "Protocollo generale",
        "Edilizia privata, urbanistica e catasto",        "Ufficio relazioni con il pubblico (URP)",
};

static void fill_model(struct turno_ui_model *m, enum turno_ui_page page, int tiles)
{
	memset(m, 0, sizeof(*m));
	m->page = page;
	snprintf(m->office, sizeof(m->office),
	         "Comune di San Giovanni in Persiceto - Ufficio relazioni con il pubblico");
	snprintf(m->date, sizeof(m->date), "mercoledì 30 settembre");
	snprintf(m->time, sizeof(m->time), "12:59");
	snprintf(m->language, sizeof(m->language), "English");
	snprintf(m->choose, sizeof(m->choose), "Tocchi il servizio per prendere il numero");
	m->tile_count = tiles;
	for (int i = 0; i < tiles; i++) {
		struct turno_ui_tile *t = &m->tiles[i];
		snprintf(t->name, sizeof(t->name), "%s", long_names[i % 8]);
		snprintf(t->description, sizeof(t->description),
		         "Certificati, carta d'identità, residenza, cambi");
		snprintf(t->waiting, sizeof(t->waiting), "%d in attesa", 100 + i);
		snprintf(t->estimate, sizeof(t->estimate), "circa 120 min");
		t->available = i % 3 != 2;
		snprintf(t->reason, sizeof(t->reason), "Disponibile dalle 14:30");
	}
	snprintf(m->priority, sizeof(m->priority), "✓ Precedenza attiva");
	snprintf(m->priority_hint, sizeof(m->priority_hint), "ora scelga il servizio");
	snprintf(m->serving, sizeof(m->serving), "Ora serviamo");
	m->call_count = 8;
	for (int i = 0; i < 8; i++) {
		snprintf(m->calls[i].label, sizeof(m->calls[i].label), "W%03d", 990 + i);
		snprintf(m->calls[i].where, sizeof(m->calls[i].where), "Sportello %d", 10 + i);
	}
	snprintf(m->help, sizeof(m->help), "Prova: F1…F4 chiama · Maiusc+F richiama · Ctrl+F assente");
	snprintf(m->ticket_intro, sizeof(m->ticket_intro), "Il suo numero è");
	snprintf(m->ticket_label, sizeof(m->ticket_label), "W999");
	snprintf(m->ticket_service, sizeof(m->ticket_service), "%s", long_names[0]);
	snprintf(m->ticket_priority, sizeof(m->ticket_priority), "Con precedenza");
	snprintf(m->ticket_ahead, sizeof(m->ticket_ahead), "998 persone prima di lei");
	snprintf(m->ticket_wait, sizeof(m->ticket_wait), "Attesa stimata: circa 480 min");
	snprintf(m->ticket_print, sizeof(m->ticket_print), "Stampa non riuscita: prenda nota del suo numero");
	m->ticket_print_failed = true;
	snprintf(m->ticket_close, sizeof(m->ticket_close), "Tocchi lo schermo per tornare all'inizio");
	snprintf(m->title, sizeof(m->title), "Distribuzione dei numeri terminata");
	snprintf(m->message, sizeof(m->message), "Riapriamo mercoledì 30 settembre alle 14:30");
	snprintf(m->advice, sizeof(m->advice), "Si rivolga allo sportello, per favore");
	snprintf(m->table_title, sizeof(m->table_title), "Orari di apertura");
	m->row_count = 7;
	for (int i = 0; i < 7; i++) {
		snprintf(m->rows[i].left, sizeof(m->rows[i].left), "Mercoledì");
		snprintf(m->rows[i].right, sizeof(m->rows[i].right), "08:00-13:00, 14:30-18:00");
	}
}

static bool contains(struct turno_rect o, struct turno_rect i)
{
	return i.x >= o.x && i.y >= o.y && i.x + i.w <= o.x + o.w && i.y + i.h <= o.y + o.h;
}

static bool overlap(struct turno_rect a, struct turno_rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static void every_size_and_rotation(void **state)
{
	static const int sizes[][2] = {{800, 480}, {1024, 600}, {1280, 800}, {1920, 1080}};
	static const enum turno_ui_page pages[] = {TURNO_PAGE_HOME, TURNO_PAGE_TICKET, TURNO_PAGE_CLOSED,
	                                           TURNO_PAGE_OUT_OF_ORDER};
	static const int tile_counts[] = {1, 4, 6, 8};
	struct turno_measure real = {turno_fonts_measure, fonts};
	static struct turno_ui_model m;
	static struct turno_ui_scene s;
	int scenes = 0, texts = 0, cut = 0;
	for (size_t si = 0; si < 4; si++) {
		for (int portrait = 0; portrait < 2; portrait++) {
			int w = portrait ? sizes[si][1] : sizes[si][0],
			    h = portrait ? sizes[si][0] : sizes[si][1];
			for (size_t pi = 0; pi < 4; pi++) {
				for (size_t ti = 0; ti < (pages[pi] == TURNO_PAGE_HOME ? 8u : 1u); ti++) {
					fill_model(&m, pages[pi], tile_counts[ti % 4]);
					if (ti >= 4) /* the same, while the printer cannot print */
						snprintf(m.printer_notice, sizeof(m.printer_notice), "%s",
						         turno_i18n(TURNO_LANG_IT,
						                    TURNO_TX_PRINTER_DOWN_HOME));
					assert_int_equal(turno_layout_scene(&m, w, h, &real, &s), 0);
					scenes++;
					for (int i = 0; i < s.text_count; i++) {
						const struct turno_ui_text *t = &s.texts[i];
						struct turno_rect box =
						        t->box >= 0 ? s.boxes[t->box].rect
						                    : (struct turno_rect){0, 0, w, h};
						texts++;
						cut += t->ellipsized;
						if (t->ellipsized && getenv("TURNO_LAYOUT_VERBOSE"))
							fprintf(stderr, "# cut: %dx%d page %d tiles %d: %s\n",
							        w, h, pages[pi], tile_counts[ti % 4],
							        t->lines[0]);
						if (!contains(box, t->rect) ||
						    !contains((struct turno_rect){0, 0, w, h}, t->rect)) {
							fprintf(stderr,
							        "# %dx%d page %d: \"%s\" leaves its box\n", w,
							        h, pages[pi], t->lines[0]);
							fail();
						}
						for (int j = 0; j < i; j++)
							if (overlap(t->rect, s.texts[j].rect)) {
								fprintf(stderr,
								        "# %dx%d page %d: \"%s\" overlaps "
								        "\"%s\"\n",
								        w, h, pages[pi], t->lines[0],
								        s.texts[j].lines[0]);
								fail();
							}
					}
				}
			}
		}
	}
	printf("# %d scenes, %d texts, %d cut with an ellipsis (worst-case texts)\n", scenes, texts, cut);
}

/* The printer's notice, in the real words of both languages, at every size, rotation and
 * number of tiles: whole (never cut), at least 24 px, white on red at >= 7:1, inside its
 * box and over nothing else. */
static void printer_notice_fits_whole(void **state)
{
	static const int sizes[][2] = {{800, 480}, {1024, 600}, {1280, 800}, {1920, 1080}};
	static const int tile_counts[] = {1, 4, 6, 8};
	static const enum turno_lang langs[] = {TURNO_LANG_IT, TURNO_LANG_EN};
	struct turno_measure real = {turno_fonts_measure, fonts};
	static struct turno_ui_model m;
	static struct turno_ui_scene s;
	for (size_t si = 0; si < 4; si++)
		for (int portrait = 0; portrait < 2; portrait++)
			for (size_t ti = 0; ti < 4; ti++)
				for (size_t li = 0; li < 2; li++) {
					int w = portrait ? sizes[si][1] : sizes[si][0],
					    h = portrait ? sizes[si][0] : sizes[si][1];
					fill_model(&m, TURNO_PAGE_HOME, tile_counts[ti]);
					const char *words = turno_i18n(langs[li], TURNO_TX_PRINTER_DOWN_HOME);
					snprintf(m.printer_notice, sizeof(m.printer_notice), "%s", words);
					assert_int_equal(turno_layout_scene(&m, w, h, &real, &s), 0);
					const struct turno_ui_text *notice = NULL;
					for (int i = 0; i < s.text_count; i++) {
						const struct turno_ui_text *t = &s.texts[i];
						if (strncmp(t->lines[0], words, strlen(t->lines[0])) == 0)
							notice = t;
						for (int j = 0; j < i; j++)
							if (overlap(t->rect, s.texts[j].rect)) {
								fprintf(stderr,
								        "# %dx%d: \"%s\" overlaps \"%s\"\n",
								        w, h, t->lines[0],
								        s.texts[j].lines[0]);
								fail();
							}
					}
					assert_non_null(notice);
					if (notice->ellipsized) {
						fprintf(stderr, "# %dx%d, %d tiles: the notice is cut: %s\n",
						        w, h, tile_counts[ti], words);
						fail();
					}
					assert_true(notice->px >= 24);
					assert_true(notice->box >= 0);
					assert_true(contains(s.boxes[notice->box].rect, notice->rect));
					assert_true(contains((struct turno_rect){0, 0, w, h}, notice->rect));
					assert_int_equal(notice->bg, TURNO_COLOR_WARNING);
					assert_true(turno_contrast_ratio(turno_color_rgb(notice->fg),
					                                 turno_color_rgb(notice->bg)) >= 7.0);
					/* The office's name gives way to it; every tile is still there. */
					for (int i = 0; i < s.text_count; i++)
						assert_null(strstr(s.texts[i].lines[0], "San Giovanni"));
					for (int i = 0; i < tile_counts[ti]; i++)
						if (m.tiles[i].available)
							assert_non_null(
							        turno_scene_find(&s, TURNO_UI_SERVICE, i));
				}
}

int main(void)
{
	const struct CMUnitTest pure[] = {
	        cmocka_unit_test(short_text_at_full_size),
	        cmocka_unit_test(long_text_wraps_before_shrinking),
	        cmocka_unit_test(shrinks_when_lines_run_out),
	        cmocka_unit_test(cuts_with_ellipsis_only_at_the_minimum),
	        cmocka_unit_test(room_for_fewer_lines_than_allowed),
	        cmocka_unit_test(forced_line_breaks),
	        cmocka_unit_test(long_word_breaks_between_characters),
	        cmocka_unit_test(hit_and_find),
	};
	const struct CMUnitTest real[] = {
	        cmocka_unit_test(every_size_and_rotation),
	        cmocka_unit_test(printer_notice_fits_whole),
	};
	int failed = cmocka_run_group_tests_name("layout", pure, NULL, NULL);
	failed += cmocka_run_group_tests_name("layout with DejaVu", real, open_fonts, close_fonts);
	return failed;
}
