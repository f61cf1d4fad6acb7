/* MAX7219 encoding (see max7219.h): the character table and frame ordering. Pure. */
#include "gpio/max7219.h"

#include <ctype.h>

/* Segment bits as the MAX7219 takes them in no-decode mode. */
#define SEG_A 0x40
#define SEG_B 0x20
#define SEG_C 0x10
#define SEG_D 0x08
#define SEG_E 0x04
#define SEG_F 0x02
#define SEG_G 0x01
#define SEG_DP 0x80

/*      a
 *    f   b
 *      g
 *    e   c
 *      d
 * Letters that need a choice are explained in max7219.h and the README. Every letter
 * differs from every other letter; S and Z look like 5 and 2, O is drawn as "o" so it
 * differs from 0. */
static const struct {
	char c;
	uint8_t segments;
} glyphs[] = {
        {'0', SEG_A | SEG_B | SEG_C | SEG_D | SEG_E | SEG_F},
        {'1', SEG_B | SEG_C},
        {'2', SEG_A | SEG_B | SEG_D | SEG_E | SEG_G},
        {'3', SEG_A | SEG_B | SEG_C | SEG_D | SEG_G},
        {'4', SEG_B | SEG_C | SEG_F | SEG_G},
        {'5', SEG_A | SEG_C | SEG_D | SEG_F | SEG_G},
        {'6', SEG_A | SEG_C | SEG_D | SEG_E | SEG_F | SEG_G},
        {'7', SEG_A | SEG_B | SEG_C},
        {'8', SEG_A | SEG_B | SEG_C | SEG_D | SEG_E | SEG_F | SEG_G},
        {'9', SEG_A | SEG_B | SEG_C | SEG_D | SEG_F | SEG_G},
        {'A', SEG_A | SEG_B | SEG_C | SEG_E | SEG_F | SEG_G},
        {'B', SEG_C | SEG_D | SEG_E | SEG_F | SEG_G}, /* b */
        {'C', SEG_A | SEG_D | SEG_E | SEG_F},
        {'D', SEG_B | SEG_C | SEG_D | SEG_E | SEG_G}, /* d */
        {'E', SEG_A | SEG_D | SEG_E | SEG_F | SEG_G},
        {'F', SEG_A | SEG_E | SEG_F | SEG_G},
        {'G', SEG_A | SEG_C | SEG_D | SEG_E | SEG_F},
        {'H', SEG_B | SEG_C | SEG_E | SEG_F | SEG_G},
        {'I', SEG_E | SEG_F}, /* left bar, not "1" */
        {'J', SEG_B | SEG_C | SEG_D | SEG_E},
        {'K', SEG_A | SEG_C | SEG_E | SEG_F | SEG_G}, /* h with a top bar */
        {'L', SEG_D | SEG_E | SEG_F},
        {'M', SEG_A | SEG_B | SEG_C | SEG_E | SEG_F}, /* upside-down U */
        {'N', SEG_C | SEG_E | SEG_G},                 /* n */
        {'O', SEG_C | SEG_D | SEG_E | SEG_G},         /* o, so it is not 0 */
        {'P', SEG_A | SEG_B | SEG_E | SEG_F | SEG_G},
        {'Q', SEG_A | SEG_B | SEG_C | SEG_F | SEG_G}, /* q */
        {'R', SEG_E | SEG_G},                         /* r */
        {'S', SEG_A | SEG_C | SEG_D | SEG_F | SEG_G}, /* same as 5 */
        {'T', SEG_D | SEG_E | SEG_F | SEG_G},         /* t */
        {'U', SEG_B | SEG_C | SEG_D | SEG_E | SEG_F},
        {'V', SEG_C | SEG_D | SEG_E},                         /* u */
        {'W', SEG_B | SEG_C | SEG_D | SEG_E | SEG_F | SEG_G}, /* U with a middle bar */
        {'X', SEG_A | SEG_D | SEG_G},                         /* three bars */
        {'Y', SEG_B | SEG_C | SEG_D | SEG_F | SEG_G},
        {'Z', SEG_A | SEG_B | SEG_D | SEG_E | SEG_G}, /* same as 2 */
        {'-', SEG_G},
        {'_', SEG_D},
        {' ', 0},
};

#define GLYPH_COUNT (sizeof(glyphs) / sizeof(glyphs[0]))

uint8_t turno_max7219_glyph(char c, bool *known)
{
	char upper = (char)toupper((unsigned char)c);
	for (size_t i = 0; i < GLYPH_COUNT; i++) {
		if (glyphs[i].c == upper) {
			if (known)
				*known = true;
			return glyphs[i].segments;
		}
	}
	if (known)
		*known = false;
	return 0;
}

char turno_max7219_char_of(uint8_t segments)
{
	segments &= (uint8_t)~SEG_DP;
	/* Digits come first in the table, so S and Z read back as 5 and 2. */
	for (size_t i = 0; i < GLYPH_COUNT; i++)
		if (glyphs[i].segments == segments)
			return glyphs[i].c;
	return 0;
}

int turno_max7219_render(const char *text, uint8_t digits[TURNO_MAX7219_DIGITS])
{
	int lost = 0;
	int n = 0;
	for (int i = 0; i < TURNO_MAX7219_DIGITS; i++)
		digits[i] = 0;
	for (const char *p = text; *p; p++) {
		if (*p == '.' && n > 0) {
			digits[n - 1] |= SEG_DP;
			continue;
		}
		if (n == TURNO_MAX7219_DIGITS) {
			lost++;
			continue;
		}
		bool known;
		digits[n++] = turno_max7219_glyph(*p, &known);
		lost += !known;
	}
	return lost;
}

void turno_max7219_latch(const uint16_t *per_chip, int chips, uint16_t *out)
{
	for (int i = 0; i < chips; i++)
		out[i] = per_chip[chips - 1 - i];
}

int turno_max7219_setup_frames(int brightness, uint16_t out[4])
{
	if (brightness < 0)
		brightness = 0;
	if (brightness > 15)
		brightness = 15;
	out[0] = turno_max7219_frame(TURNO_MAX7219_DISPLAY_TEST, 0);
	out[1] = turno_max7219_frame(TURNO_MAX7219_DECODE_MODE, 0);
	out[2] = turno_max7219_frame(TURNO_MAX7219_SCAN_LIMIT, 7);
	out[3] = turno_max7219_frame(TURNO_MAX7219_INTENSITY, (uint8_t)brightness);
	return 4;
}
