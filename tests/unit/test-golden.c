/* Golden screenshots of every page of the kiosk's screen, rendered by the real screen
 * module (dummy video driver, software renderer, manual clock, temp database) and compared
 * with tests/golden/NAME.png. TURNO_GOLDEN_UPDATE=1 (make golden) rewrites them; a
 * failure leaves NAME-actual.png and NAME-diff.png in $O/test-logs/golden/.
 * TURNO_GOLDEN_ONLY=PATTERN (cmocka's * and ?) runs only the matching cases, e.g. to
 * write one new image without rewriting the others.
 * Each case also checks what the scene promises: texts inside their boxes, no two
 * overlapping, nothing cut, contrast ≥ 7:1, targets ≥ 56 px, text ≥ 24 px at 800×480. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "kiosk/theme.h"
#include "screen-fixture.h"

#include <cairo.h>
#include <errno.h>
#include <sys/stat.h>

enum setup {
	SETUP_BUSY,   /* a few tickets, two calls */
	SETUP_TICKET, /* a tap on the first tile */
	SETUP_TICKET_FAILED,
	SETUP_PRIORITY,    /* the toggle on */
	SETUP_UNAVAILABLE, /* a service at its cap, one outside its own hours */
	SETUP_CLOSED,
	SETUP_OUT_OF_ORDER,
	SETUP_PRINTER_STOPPED,        /* busy, the printer cannot print, on_failure = keep_issuing */
	SETUP_TICKET_PRINTER_STOPPED, /* and a tap on the first tile */
	SETUP_EMPTY,                  /* the morning's first minutes: nobody yet (make test-pi's screens) */
	SETUP_FIRST_TICKET,           /* and a tap on the first tile: A001 */
};

struct golden_case {
	const char *name;
	enum setup setup;
	int width, height, rotation;
	const char *language;
	enum turno_ui_page page;
	bool demo; /* `make run`'s window: the keyboard help line */
};

static const struct golden_case cases[] = {
        {"home-800x480", SETUP_BUSY, 800, 480, 0, "it", TURNO_PAGE_HOME, false},
        {"home-demo-800x480", SETUP_BUSY, 800, 480, 0, "it", TURNO_PAGE_HOME, true},
        {"home-1024x600", SETUP_BUSY, 1024, 600, 0, "it", TURNO_PAGE_HOME, false},
        {"home-1280x800", SETUP_BUSY, 1280, 800, 0, "it", TURNO_PAGE_HOME, false},
        {"home-1920x1080", SETUP_BUSY, 1920, 1080, 0, "it", TURNO_PAGE_HOME, false},
        {"home-800x480-rot90", SETUP_BUSY, 800, 480, 90, "it", TURNO_PAGE_HOME, false},
        {"home-800x480-rot180", SETUP_BUSY, 800, 480, 180, "it", TURNO_PAGE_HOME, false},
        {"home-1024x600-rot270", SETUP_BUSY, 1024, 600, 270, "it", TURNO_PAGE_HOME, false},
        {"home-en-800x480", SETUP_BUSY, 800, 480, 0, "en", TURNO_PAGE_HOME, false},
        {"home-en-1920x1080", SETUP_BUSY, 1920, 1080, 0, "en", TURNO_PAGE_HOME, false},
        {"priority-800x480", SETUP_PRIORITY, 800, 480, 0, "it", TURNO_PAGE_HOME, false},
        {"ticket-800x480", SETUP_TICKET, 800, 480, 0, "it", TURNO_PAGE_TICKET, false},
        {"ticket-1920x1080", SETUP_TICKET, 1920, 1080, 0, "it", TURNO_PAGE_TICKET, false},
        {"ticket-print-failed-800x480", SETUP_TICKET_FAILED, 800, 480, 0, "it", TURNO_PAGE_TICKET, false},
        {"unavailable-800x480", SETUP_UNAVAILABLE, 800, 480, 0, "it", TURNO_PAGE_HOME, false},
        {"unavailable-1920x1080", SETUP_UNAVAILABLE, 1920, 1080, 0, "it", TURNO_PAGE_HOME, false},
        {"closed-800x480", SETUP_CLOSED, 800, 480, 0, "it", TURNO_PAGE_CLOSED, false},
        {"closed-1920x1080", SETUP_CLOSED, 1920, 1080, 0, "it", TURNO_PAGE_CLOSED, false},
        {"closed-en-800x480", SETUP_CLOSED, 800, 480, 0, "en", TURNO_PAGE_CLOSED, false},
        {"out-of-order-800x480", SETUP_OUT_OF_ORDER, 800, 480, 0, "it", TURNO_PAGE_OUT_OF_ORDER, false},
        {"out-of-order-1920x1080", SETUP_OUT_OF_ORDER, 1920, 1080, 0, "it", TURNO_PAGE_OUT_OF_ORDER, false},
        {"ticket-1024x600", SETUP_TICKET, 1024, 600, 0, "it", TURNO_PAGE_TICKET, false},
        {"ticket-1280x800", SETUP_TICKET, 1280, 800, 0, "it", TURNO_PAGE_TICKET, false},
        {"ticket-800x480-rot90", SETUP_TICKET, 800, 480, 90, "it", TURNO_PAGE_TICKET, false},
        {"unavailable-1024x600", SETUP_UNAVAILABLE, 1024, 600, 0, "it", TURNO_PAGE_HOME, false},
        {"unavailable-1280x800", SETUP_UNAVAILABLE, 1280, 800, 0, "it", TURNO_PAGE_HOME, false},
        {"unavailable-800x480-rot90", SETUP_UNAVAILABLE, 800, 480, 90, "it", TURNO_PAGE_HOME, false},
        {"closed-1024x600", SETUP_CLOSED, 1024, 600, 0, "it", TURNO_PAGE_CLOSED, false},
        {"closed-1280x800", SETUP_CLOSED, 1280, 800, 0, "it", TURNO_PAGE_CLOSED, false},
        {"closed-800x480-rot90", SETUP_CLOSED, 800, 480, 90, "it", TURNO_PAGE_CLOSED, false},
        {"out-of-order-1024x600", SETUP_OUT_OF_ORDER, 1024, 600, 0, "it", TURNO_PAGE_OUT_OF_ORDER, false},
        {"out-of-order-1280x800", SETUP_OUT_OF_ORDER, 1280, 800, 0, "it", TURNO_PAGE_OUT_OF_ORDER, false},
        {"out-of-order-800x480-rot90", SETUP_OUT_OF_ORDER, 800, 480, 90, "it", TURNO_PAGE_OUT_OF_ORDER,
         false},
        {"home-printer-stopped-800x480", SETUP_PRINTER_STOPPED, 800, 480, 0, "it", TURNO_PAGE_HOME, false},
        {"home-printer-stopped-1920x1080", SETUP_PRINTER_STOPPED, 1920, 1080, 0, "it", TURNO_PAGE_HOME,
         false},
        {"home-printer-stopped-800x480-rot90", SETUP_PRINTER_STOPPED, 800, 480, 90, "it", TURNO_PAGE_HOME,
         false},
        {"ticket-printer-stopped-800x480", SETUP_TICKET_PRINTER_STOPPED, 800, 480, 0, "it", TURNO_PAGE_TICKET,
         false},
        /* What tests/integration/pi-qemu.sh's screenshots of the real display must show. */
        {"pi-home-800x480", SETUP_EMPTY, 800, 480, 0, "it", TURNO_PAGE_HOME, false},
        {"pi-ticket-800x480", SETUP_FIRST_TICKET, 800, 480, 0, "it", TURNO_PAGE_TICKET, false},
        {"pi-home-1280x800", SETUP_EMPTY, 1280, 800, 0, "it", TURNO_PAGE_HOME, false},
        {"pi-home-demo-800x600", SETUP_EMPTY, 800, 600, 0, "it", TURNO_PAGE_HOME, true},
};

static int printer_stopped(void *user, const char **why)
{
	*why = "printer out of paper";
	return TURNO_E_OUT_OF_ORDER;
}

static bool printer_cannot_print(void *user)
{
	return true;
}

static void issue(struct fixture *f, char service, int n)
{
	struct turno_ticket t;
	for (int i = 0; i < n; i++)
		assert_int_equal(turno_kiosk_issue(f->kiosk, service, false, false, &t), 0);
}

static void call(struct fixture *f, int counter)
{
	struct turno_ticket t;
	assert_int_equal(turno_kiosk_call_next(f->kiosk, counter, &t), 0);
}

static void prepare(struct fixture *f, const struct golden_case *gc)
{
	char size[64], rot[32], lang[32];
	snprintf(size, sizeof(size), "width = %d\nheight = %d", gc->width, gc->height);
	snprintf(rot, sizeof(rot), "rotation = %d", gc->rotation);
	snprintf(lang, sizeof(lang), "language = %s", gc->language);
	struct edit edits[] = {
	        {"width = 800\nheight = 480", size},
	        {"rotation = 0", rot},
	        {"language = it", lang},
	        {"daily_cap = 120", gc->setup == SETUP_UNAVAILABLE ? "daily_cap = 2" : "daily_cap = 120"},
	};
	/* Tuesday 24 November 2026, 10:42 in Rome; 15:10 for the afternoon; Sunday closed. */
	int64_t when = rome_ms(2026, 11, 24, 10, 42);
	if (gc->setup == SETUP_UNAVAILABLE)
		when = rome_ms(2026, 11, 24, 15, 10);
	if (gc->setup == SETUP_CLOSED)
		when = rome_ms(2026, 11, 22, 10, 0);
	struct turno_kiosk_module blocker = {.name = "fake printer", .issue_blocker = printer_stopped};
	struct turno_kiosk_module stopped = {.name = "fake printer",
	                                     .print_unavailable = printer_cannot_print};
	const struct turno_kiosk_module *printer = NULL;
	if (gc->setup == SETUP_OUT_OF_ORDER)
		printer = &blocker;
	if (gc->setup == SETUP_PRINTER_STOPPED || gc->setup == SETUP_TICKET_PRINTER_STOPPED)
		printer = &stopped;
	assert_int_equal(fixture_open(f, when, false, edits, 4, printer, gc->demo), 0);
	switch (gc->setup) {
	case SETUP_BUSY:
	case SETUP_PRIORITY:
	case SETUP_TICKET:
	case SETUP_TICKET_FAILED:
	case SETUP_PRINTER_STOPPED:
	case SETUP_TICKET_PRINTER_STOPPED:
		issue(f, 'A', 4);
		issue(f, 'B', 3);
		issue(f, 'E', 1);
		turno_clock_advance(f->clock, 60000);
		call(f, 1);
		turno_clock_advance(f->clock, 30000);
		call(f, 2);
		turno_clock_advance(f->clock, 30000);
		call(f, 4);
		turno_clock_advance(f->clock, 5000);
		break;
	case SETUP_UNAVAILABLE:
		issue(f, 'B', 2);
		issue(f, 'A', 1);
		call(f, 3);
		break;
	case SETUP_CLOSED:
	case SETUP_OUT_OF_ORDER:
	case SETUP_EMPTY:
	case SETUP_FIRST_TICKET:
		break;
	}
	fixture_pass(f);
	if (gc->setup == SETUP_PRIORITY)
		assert_int_equal(tap_target(f, TURNO_UI_PRIORITY, 0), 0);
	if (gc->setup == SETUP_TICKET || gc->setup == SETUP_TICKET_FAILED ||
	    gc->setup == SETUP_TICKET_PRINTER_STOPPED)
		assert_int_equal(tap_target(f, TURNO_UI_SERVICE, 1), 0);
	if (gc->setup == SETUP_FIRST_TICKET)
		assert_int_equal(tap_target(f, TURNO_UI_SERVICE, 0), 0);
	if (gc->setup == SETUP_TICKET_FAILED) {
		struct turno_status st;
		assert_int_equal(turno_queue_status(turno_kiosk_queue(f->kiosk), &st), 0);
		/* The newest ticket is the one on screen: id = number of tickets. */
		turno_kiosk_print_result(f->kiosk, count_tickets(f), TURNO_PRINT_FAILED, "media-empty");
		fixture_pass(f);
	}
	assert_int_equal(turno_screen_page(f->screen), gc->page);
}

static bool overlap(struct turno_rect a, struct turno_rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static bool contains(struct turno_rect outer, struct turno_rect inner)
{
	return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w &&
	       inner.y + inner.h <= outer.y + outer.h;
}

/* What a citizen would notice: cut, overlapping or faint text, small targets. */
static void check_scene(const struct golden_case *gc, const struct turno_ui_scene *s)
{
	int short_side = gc->width < gc->height ? gc->width : gc->height;
	for (int i = 0; i < s->text_count; i++) {
		const struct turno_ui_text *t = &s->texts[i];
		struct turno_rect canvas = {0, 0, s->width, s->height};
		struct turno_rect box = t->box >= 0 ? s->boxes[t->box].rect : canvas;
		if (!contains(box, t->rect) || !contains(t->bound, t->rect) || t->ellipsized) {
			fprintf(stderr, "# %s: \"%s\" at %d,%d %dx%d does not fit its box %d,%d %dx%d%s\n",
			        gc->name, t->lines[0], t->rect.x, t->rect.y, t->rect.w, t->rect.h, box.x,
			        box.y, box.w, box.h, t->ellipsized ? " (cut)" : "");
			fail();
		}
		for (int j = 0; j < i; j++) {
			if (overlap(t->rect, s->texts[j].rect)) {
				fprintf(stderr, "# %s: \"%s\" overlaps \"%s\"\n", gc->name, t->lines[0],
				        s->texts[j].lines[0]);
				fail();
			}
		}
		double ratio = turno_contrast_ratio(turno_color_rgb(t->fg), turno_color_rgb(t->bg));
		if (ratio < 7.0) {
			fprintf(stderr, "# %s: \"%s\" has contrast %.2f:1\n", gc->name, t->lines[0], ratio);
			fail();
		}
		if (short_side == 480)
			assert_true(t->px >= 24);
	}
	for (int i = 0; i < s->box_count; i++) {
		const struct turno_ui_box *b = &s->boxes[i];
		if (b->action == TURNO_UI_NONE)
			continue;
		if (short_side == 480 && (b->rect.w < 56 || b->rect.h < 56)) {
			fprintf(stderr, "# %s: target %d is %dx%d\n", gc->name, i, b->rect.w, b->rect.h);
			fail();
		}
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* The contrast a citizen sees, measured on the golden image itself rather than taken from
 * the theme: in each text's rectangle the background is the commonest colour and the text
 * the colour farthest from it (glyph cores; anti-aliased edges lie in between). A wrong
 * fill, text drawn on the wrong box or a faded colour shows here. Unrotated cases only:
 * rotation moves pixels, not colours. */
static void check_pixel_contrast(const struct golden_case *gc, const struct turno_ui_scene *s,
                                 const char *golden_path)
{
	if (gc->rotation != 0)
		return;
	cairo_surface_t *g = cairo_image_surface_create_from_png(golden_path);
	assert_int_equal(cairo_surface_status(g), CAIRO_STATUS_SUCCESS);
	cairo_surface_flush(g);
	const unsigned char *data = cairo_image_surface_get_data(g);
	int stride = cairo_image_surface_get_stride(g);
	int gw = cairo_image_surface_get_width(g), gh = cairo_image_surface_get_height(g);
	for (int i = 0; i < s->text_count; i++) {
		struct turno_rect r = s->texts[i].rect;
		if (r.w <= 0 || r.h <= 0 || r.x < 0 || r.y < 0 || r.x + r.w > gw || r.y + r.h > gh)
			continue;
		size_t n = (size_t)r.w * (size_t)r.h, k = 0;
		uint32_t *px = malloc(n * sizeof(*px));
		assert_non_null(px);
		for (int y = r.y; y < r.y + r.h; y++)
			for (int x = r.x; x < r.x + r.w; x++)
				px[k++] = ((const uint32_t *)(data + (size_t)y * stride))[x] & 0xFFFFFF;
		qsort(px, n, sizeof(*px), cmp_u32);
		uint32_t bg = px[0];
		size_t best_run = 0;
		for (size_t a = 0, b; a < n; a = b) {
			for (b = a; b < n && px[b] == px[a]; b++)
				;
			if (b - a > best_run) {
				best_run = b - a;
				bg = px[a];
			}
		}
		double best = 1.0;
		for (size_t j = 0; j < n; j++) {
			double c = turno_contrast_ratio(px[j], bg);
			if (c > best)
				best = c;
		}
		free(px);
		if (best < 7.0) {
			fprintf(stderr, "# %s: \"%s\" measures %.2f:1 on the image (background %06x)\n",
			        gc->name, s->texts[i].lines[0], best, bg);
			fail();
		}
	}
	cairo_surface_destroy(g);
}

static void ensure_dir(const char *path)
{
	char tmp[512];
	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(tmp, 0755);
			*p = '/';
		}
	}
	mkdir(tmp, 0755);
}

static int write_png(const char *path, uint32_t *argb, int w, int h)
{
	cairo_surface_t *s =
	        cairo_image_surface_create_for_data((unsigned char *)argb, CAIRO_FORMAT_RGB24, w, h, w * 4);
	cairo_status_t rc = cairo_surface_write_to_png(s, path);
	cairo_surface_destroy(s);
	return rc == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

/* Pixels differing by more than a small amount in any channel. */
static int compare(const char *name, uint32_t *actual, int w, int h, const char *golden_path,
                   const char *out_dir)
{
	cairo_surface_t *g = cairo_image_surface_create_from_png(golden_path);
	if (cairo_surface_status(g) != CAIRO_STATUS_SUCCESS || cairo_image_surface_get_width(g) != w ||
	    cairo_image_surface_get_height(g) != h) {
		cairo_surface_destroy(g);
		return -1;
	}
	cairo_surface_flush(g);
	unsigned char *data = cairo_image_surface_get_data(g);
	int stride = cairo_image_surface_get_stride(g);
	uint32_t *diff = calloc((size_t)w * h, 4);
	int differing = 0;
	for (int y = 0; y < h; y++) {
		const uint32_t *row = (const uint32_t *)(data + (size_t)y * stride);
		for (int x = 0; x < w; x++) {
			uint32_t a = actual[(size_t)y * w + x] & 0xFFFFFF, b = row[x] & 0xFFFFFF;
			int worst = 0;
			for (int sh = 0; sh < 24; sh += 8) {
				int d = abs((int)((a >> sh) & 0xFF) - (int)((b >> sh) & 0xFF));
				worst = d > worst ? d : worst;
			}
			bool bad = worst > 16;
			differing += bad;
			diff[(size_t)y * w + x] = bad ? 0xFF0000 : (0x808080 | ((a >> 2) & 0x3F3F3F));
		}
	}
	if (differing > 0) {
		char path[600];
		snprintf(path, sizeof(path), "%s/%s-diff.png", out_dir, name);
		write_png(path, diff, w, h);
	}
	free(diff);
	cairo_surface_destroy(g);
	return differing;
}

static void golden(void **state)
{
	const struct golden_case *gc = *state;
	struct fixture f;
	prepare(&f, gc);
	int w, h;
	turno_screen_size(f.screen, &w, &h);
	assert_int_equal(w, gc->width);
	assert_int_equal(h, gc->height);
	uint32_t *pixels = calloc((size_t)w * h, 4);
	assert_int_equal(turno_screen_read_pixels(f.screen, pixels), 0);
	/* A frame that is all one colour is no screen at all. */
	size_t distinct = 0;
	for (size_t i = 1; i < (size_t)w * h; i++)
		distinct += (pixels[i] & 0xFFFFFF) != (pixels[0] & 0xFFFFFF);
	assert_true(distinct > (size_t)w * h / 20);

	const char *o = getenv("O") ? getenv("O") : "build";
	char out_dir[300], golden_path[400], actual_path[600];
	snprintf(out_dir, sizeof(out_dir), "%s/test-logs/golden", o);
	ensure_dir(out_dir);
	snprintf(golden_path, sizeof(golden_path), "tests/golden/%s.png", gc->name);
	snprintf(actual_path, sizeof(actual_path), "%s/%s-actual.png", out_dir, gc->name);
	const char *update = getenv("TURNO_GOLDEN_UPDATE");
	if (update && strcmp(update, "1") == 0) {
		assert_int_equal(write_png(golden_path, pixels, w, h), 0);
		fprintf(stderr, "# wrote %s\n", golden_path);
	} else {
		int differing = compare(gc->name, pixels, w, h, golden_path, out_dir);
		if (differing != 0) {
			write_png(actual_path, pixels, w, h);
			fprintf(stderr,
			        "# %s: %d pixels differ from %s (missing or another size when -1); see %s\n",
			        gc->name, differing, golden_path, actual_path);
		}
		/* Tolerance: anti-aliasing noise, never a moved or missing text. */
		assert_true(differing >= 0 && differing <= w * h / 2000);
	}
	free(pixels);
	check_scene(gc, turno_screen_scene(f.screen));
	check_pixel_contrast(gc, turno_screen_scene(f.screen), golden_path);
	fixture_close(&f);
}

int main(void)
{
	struct CMUnitTest tests[sizeof(cases) / sizeof(cases[0])];
	if (getenv("TURNO_GOLDEN_ONLY"))
		cmocka_set_test_filter(getenv("TURNO_GOLDEN_ONLY"));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tests[i] = (struct CMUnitTest){cases[i].name, golden, NULL, NULL, (void *)&cases[i]};
	}
	return cmocka_run_group_tests_name("golden screens", tests, NULL, NULL);
}
