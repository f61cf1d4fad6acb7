/* The default theme: dark text on light, white on deep blue; amber only with black. */
#include "kiosk/theme.h"

#include <math.h>

static const uint32_t colors[TURNO_COLOR_COUNT] = {
        [TURNO_COLOR_BACKGROUND] = 0xF4F4F0, [TURNO_COLOR_TEXT] = 0x111111,
        [TURNO_COLOR_BAR] = 0x1B1B1B,        [TURNO_COLOR_BAR_TEXT] = 0xFFFFFF,
        [TURNO_COLOR_TILE] = 0x0B3A7E,       [TURNO_COLOR_TILE_TEXT] = 0xFFFFFF,
        [TURNO_COLOR_TILE_OFF] = 0xD9D9D6,   [TURNO_COLOR_TILE_OFF_TEXT] = 0x2A2A2A,
        [TURNO_COLOR_BUTTON] = 0xFFFFFF,     [TURNO_COLOR_BUTTON_TEXT] = 0x111111,
        [TURNO_COLOR_ACTIVE] = 0xFFC629,     [TURNO_COLOR_ACTIVE_TEXT] = 0x000000,
        [TURNO_COLOR_WARNING] = 0x9E1B1B,    [TURNO_COLOR_WARNING_TEXT] = 0xFFFFFF,
        [TURNO_COLOR_BORDER] = 0x1B1B1B,
};

uint32_t turno_color_rgb(enum turno_color color)
{
	return color < TURNO_COLOR_COUNT ? colors[color] : 0;
}

static double channel(uint32_t v)
{
	double c = (double)v / 255.0;
	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(uint32_t rgb)
{
	return 0.2126 * channel((rgb >> 16) & 0xFF) + 0.7152 * channel((rgb >> 8) & 0xFF) +
	       0.0722 * channel(rgb & 0xFF);
}

double turno_contrast_ratio(uint32_t a, uint32_t b)
{
	double la = luminance(a), lb = luminance(b);
	double hi = la > lb ? la : lb, lo = la > lb ? lb : la;
	return (hi + 0.05) / (lo + 0.05);
}

enum turno_color turno_color_text_on(enum turno_color fill)
{
	switch (fill) {
	case TURNO_COLOR_BAR:
		return TURNO_COLOR_BAR_TEXT;
	case TURNO_COLOR_TILE:
		return TURNO_COLOR_TILE_TEXT;
	case TURNO_COLOR_TILE_OFF:
		return TURNO_COLOR_TILE_OFF_TEXT;
	case TURNO_COLOR_BUTTON:
		return TURNO_COLOR_BUTTON_TEXT;
	case TURNO_COLOR_ACTIVE:
		return TURNO_COLOR_ACTIVE_TEXT;
	case TURNO_COLOR_WARNING:
		return TURNO_COLOR_WARNING_TEXT;
	case TURNO_COLOR_BACKGROUND:
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
	return TURNO_COLOR_TEXT;
}
