/* A test-side MAX7219 chain, rebuilt from a recorded waveform only: it shares no code
 * with firmware/gpio, so it checks the driver against the datasheet, not against itself.
 *
 *   - a bit is DIN sampled on each CLK rising edge; it enters chip 1's 16-bit shift
 *     register and every chip's MSB moves on into the next chip (chip 1 is wired to the
 *     Pi, so the first frame shifted ends in the last chip);
 *   - on a CS (LOAD) rising edge every chip executes the frame it holds;
 *   - registers: 0 no-op, 1..8 digits (8 = leftmost), 9 decode, A intensity,
 *     B scan limit, C shutdown, F display test; the chip powers up shut down.
 * max7219_text() says what a chip shows, as a person would read it.
 * Header-only, for unit tests and the qemu guest's check program. */
#ifndef TURNO_TEST_MAX7219_DECODER_H
#define TURNO_TEST_MAX7219_DECODER_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define MAX7219_TEST_CHIPS 16

enum max7219_pin { MAX7219_PIN_DIN, MAX7219_PIN_CLK, MAX7219_PIN_CS };

struct max7219_test_chip {
	uint16_t shift;
	uint8_t digit[8]; /* index = register - 1 */
	uint8_t decode, intensity, scan_limit;
	bool on, test;
	int writes[16]; /* frames executed per register */
};

struct max7219_chain {
	int chips;
	struct max7219_test_chip chip[MAX7219_TEST_CHIPS];
	bool din, clk, cs;
	int bits_since_latch;
	int latches;
	int misaligned_latches; /* latches after a number of bits that is not 16 × chips */
	int64_t last_latch_ns;
};

static inline void max7219_chain_init(struct max7219_chain *c, int chips)
{
	memset(c, 0, sizeof(*c));
	c->chips = chips;
	c->cs = true; /* the driver idles CS high */
}

static inline void max7219_chain_execute(struct max7219_test_chip *chip)
{
	int reg = chip->shift >> 8 & 0xF;
	uint8_t data = (uint8_t)(chip->shift & 0xFF);
	chip->writes[reg]++;
	if (reg >= 1 && reg <= 8)
		chip->digit[reg - 1] = data;
	else if (reg == 0x9)
		chip->decode = data;
	else if (reg == 0xA)
		chip->intensity = data & 0xF;
	else if (reg == 0xB)
		chip->scan_limit = data & 0x7;
	else if (reg == 0xC)
		chip->on = data & 1;
	else if (reg == 0xF)
		chip->test = data & 1;
}

static inline void max7219_chain_feed(struct max7219_chain *c, enum max7219_pin pin, bool high, int64_t t_ns)
{
	switch (pin) {
	case MAX7219_PIN_DIN:
		c->din = high;
		break;
	case MAX7219_PIN_CLK:
		if (high && !c->clk) {
			bool carry = c->din;
			for (int i = 0; i < c->chips; i++) {
				bool out = c->chip[i].shift >> 15 & 1;
				c->chip[i].shift = (uint16_t)(c->chip[i].shift << 1 | carry);
				carry = out;
			}
			c->bits_since_latch++;
		}
		c->clk = high;
		break;
	case MAX7219_PIN_CS:
		if (high && !c->cs) {
			for (int i = 0; i < c->chips; i++)
				max7219_chain_execute(&c->chip[i]);
			c->latches++;
			if (c->bits_since_latch != 16 * c->chips)
				c->misaligned_latches++;
			c->bits_since_latch = 0;
			c->last_latch_ns = t_ns;
		}
		c->cs = high;
		break;
	}
}

/* The test's own reading of segment patterns (bit 6 a … bit 0 g), for the characters
 * tests use. Anything else reads as '?'. */
static inline char max7219_test_char(uint8_t seg)
{
	static const struct {
		uint8_t seg;
		char c;
	} known[] = {
	        {0x7E, '0'}, {0x30, '1'}, {0x6D, '2'}, {0x79, '3'}, {0x33, '4'}, {0x5B, '5'},
	        {0x5F, '6'}, {0x70, '7'}, {0x7F, '8'}, {0x7B, '9'}, {0x77, 'A'}, {0x1F, 'B'},
	        {0x4E, 'C'}, {0x3D, 'D'}, {0x4F, 'E'}, {0x47, 'F'}, {0x01, '-'}, {0x00, ' '},
	};
	seg &= 0x7F;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (known[i].seg == seg)
			return known[i].c;
	return '?';
}

/* What chip (1 = nearest the Pi) shows: 8 characters, leftmost first, plus a NUL.
 * Shut down: all blank; display test: all '8'. Decode mode is read as Code B. */
static inline void max7219_text(const struct max7219_chain *c, int chip, char out[9])
{
	const struct max7219_test_chip *k = &c->chip[chip - 1];
	for (int i = 0; i < 8; i++) {
		int reg_index = 7 - i;
		uint8_t seg = k->digit[reg_index];
		if (k->test)
			out[i] = '8';
		else if (!k->on || reg_index > k->scan_limit)
			out[i] = ' ';
		else if (k->decode >> reg_index & 1)
			out[i] = "0123456789-EHLP "[seg & 0xF];
		else
			out[i] = max7219_test_char(seg);
	}
	out[8] = '\0';
}

#endif
