/* The theme: every colour pair the screen draws text with is at least 7:1 (WCAG AAA),
 * so the kiosk stays readable for people with low vision and in a bright hall. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "kiosk/theme.h"

#include <stdio.h>

static void contrast_formula(void **state)
{
	assert_true(turno_contrast_ratio(0x000000, 0xFFFFFF) > 20.99);
	assert_true(turno_contrast_ratio(0xFFFFFF, 0x000000) > 20.99);
	assert_true(turno_contrast_ratio(0x777777, 0x777777) < 1.001);
	/* A well-known pair: #767676 on white is just above 4.5:1. */
	double r = turno_contrast_ratio(0x767676, 0xFFFFFF);
	assert_true(r > 4.5 && r < 4.6);
}

static void every_text_pair_is_7_to_1(void **state)
{
	for (int fill = 0; fill < TURNO_COLOR_COUNT; fill++) {
		enum turno_color fg = turno_color_text_on((enum turno_color)fill);
		double r = turno_contrast_ratio(turno_color_rgb(fg), turno_color_rgb((enum turno_color)fill));
		/* Text colours themselves are never used as fills: only real fills count. */
		switch ((enum turno_color)fill) {
		case TURNO_COLOR_BACKGROUND:
		case TURNO_COLOR_BAR:
		case TURNO_COLOR_TILE:
		case TURNO_COLOR_TILE_OFF:
		case TURNO_COLOR_BUTTON:
		case TURNO_COLOR_ACTIVE:
		case TURNO_COLOR_WARNING:
			printf("# fill %d #%06X, text #%06X: %.1f:1\n", fill,
			       turno_color_rgb((enum turno_color)fill), turno_color_rgb(fg), r);
			assert_true(r >= 7.0);
			break;
		case TURNO_COLOR_TEXT:
		case TURNO_COLOR_BAR_TEXT:
		case TURNO_COLOR_TILE_TEXT:
		case TURNO_COLOR_TILE_OFF_TEXT:
		case TURNO_COLOR_BUTTON_TEXT:
		case TURNO_COLOR_ACTIVE_TEXT:
		case TURNO_COLOR_WARNING_TEXT:
		case TURNO_COLOR_BORDER:
		case TURNO_COLOR_COUNT:
			break;
		}
	}
}

static void available_and_unavailable_tiles_differ(void **state)
{
	/* A greyed tile must look different from a live one, not only by its words. */
	assert_true(turno_contrast_ratio(turno_color_rgb(TURNO_COLOR_TILE),
	                                 turno_color_rgb(TURNO_COLOR_TILE_OFF)) > 3.0);
	/* The priority toggle's "on" state stands out from its "off" state. */
	assert_true(turno_contrast_ratio(turno_color_rgb(TURNO_COLOR_ACTIVE),
	                                 turno_color_rgb(TURNO_COLOR_BAR)) > 3.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(contrast_formula),
	        cmocka_unit_test(every_text_pair_is_7_to_1),
	        cmocka_unit_test(available_and_unavailable_tiles_differ),
	};
	return cmocka_run_group_tests_name("theme", tests, NULL, NULL);
}
