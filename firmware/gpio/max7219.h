/* MAX7219 encoding, pure: text -> 7-segment patterns -> 16-bit frames for a daisy chain.
 * Nothing here moves a bit on a wire (display.c does, through turno_lines).
 *
 * A frame is (register << 8) | data, shifted MSB first. In a chain the first frame
 * shifted ends in the LAST chip, so a latch for chips 1..N (chip 1 wired to the Pi's
 * DIN) is shifted as frame N, N-1, …, 1, then CS rises once and every chip takes the
 * frame it holds. A chip that must not change gets a no-op frame.
 *
 * Digits: register 8 (TURNO_MAX7219_DIGIT0 + 7) is the leftmost digit, register 1 the
 * rightmost, as on the common 8-digit modules. We always use no-decode mode and send
 * segment patterns: bit 7 DP, 6 a (top), 5 b (top right), 4 c (bottom right), 3 d (bottom),
 * 2 e (bottom left), 1 f (top left), 0 g (middle).
 *
 * Letters a 7-segment digit cannot draw well (table in max7219.c and the README):
 *   B->b  D->d  N->n  O->o  Q->q  R->r  T->t  V->u (as lower case)
 *   I->left bar (not "1")  K->h with top bar  M->upside-down U  W->U with middle bar
 *   X->three bars   S = 5   Z = 2   (no better shape exists; a ticket never shows these
 *   letters next to a digit of the same look, because the letter is always first). */
#ifndef TURNO_MAX7219_H
#define TURNO_MAX7219_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TURNO_MAX7219_DIGITS 8
#define TURNO_MAX7219_MAX_CHIPS 16

enum turno_max7219_register {
	TURNO_MAX7219_NOOP = 0x0,
	TURNO_MAX7219_DIGIT0 = 0x1, /* rightmost; DIGIT0 + 7 is the leftmost */
	TURNO_MAX7219_DECODE_MODE = 0x9,
	TURNO_MAX7219_INTENSITY = 0xA,
	TURNO_MAX7219_SCAN_LIMIT = 0xB,
	TURNO_MAX7219_SHUTDOWN = 0xC, /* 0 = shut down (blank), 1 = normal operation */
	TURNO_MAX7219_DISPLAY_TEST = 0xF,
};

/* The segment pattern of a character (case-insensitive letters, digits, space, '-',
 * '_'); characters without a shape give 0 (blank) and *known (may be NULL) false. */
uint8_t turno_max7219_glyph(char c, bool *known);
/* Renders text left-aligned into 8 digits, digits[0] = leftmost; a '.' lights the
 * decimal point of the character before it; missing characters are blank.
 * Returns how many characters did not fit or had no shape (0 = exact). */
int turno_max7219_render(const char *text, uint8_t digits[TURNO_MAX7219_DIGITS]);
/* The character whose glyph is exactly segments (without DP), or 0 if none. */
char turno_max7219_char_of(uint8_t segments);

static inline uint16_t turno_max7219_frame(enum turno_max7219_register reg, uint8_t data)
{
	return (uint16_t)(((unsigned)reg & 0xFu) << 8 | data);
}

/* The frames of one latch in shift order: per_chip[i] is the frame for chip i+1;
 * out receives chips frames, the last chip's first. */
void turno_max7219_latch(const uint16_t *per_chip, int chips, uint16_t *out);

/* The configuration every chip gets at start and on every refresh, in the order it is
 * sent (display test off, no decode, scan all 8 digits, intensity). Shutdown off comes
 * after the digits (turno_max7219_wake_frame) so a chip never shows stale digits.
 * Returns the number of frames written into out (at most 4). */
int turno_max7219_setup_frames(int brightness, uint16_t out[4]);
static inline uint16_t turno_max7219_wake_frame(void)
{
	return turno_max7219_frame(TURNO_MAX7219_SHUTDOWN, 1);
}
/* The digit register of digit index i (0 = leftmost). */
static inline enum turno_max7219_register turno_max7219_digit_register(int i)
{
	return (enum turno_max7219_register)(TURNO_MAX7219_DIGIT0 + (TURNO_MAX7219_DIGITS - 1 - i));
}

#endif
