/* MAX7219 encoding: the segment patterns a person reads, text layout, frame format and
 * the order frames go through a chain. */
#include "gpio/max7219.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

/* Segment patterns written out by hand from the datasheet's bit order
 * (DP a b c d e f g): the characters a ticket display must get right. */
static void test_digits_and_common_letters_have_their_standard_shapes(void **state)
{
	(void)state;
	static const struct {
		char c;
		uint8_t seg;
	} table[] = {
	        {'0', 0x7E}, {'1', 0x30}, {'2', 0x6D}, {'3', 0x79}, {'4', 0x33}, {'5', 0x5B},
	        {'6', 0x5F}, {'7', 0x70}, {'8', 0x7F}, {'9', 0x7B}, {'A', 0x77}, {'b', 0x1F},
	        {'C', 0x4E}, {'d', 0x3D}, {'E', 0x4F}, {'F', 0x47}, {'H', 0x37}, {'L', 0x0E},
	        {'P', 0x67}, {'U', 0x3E}, {'-', 0x01}, {' ', 0x00},
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		bool known = false;
		uint8_t seg = turno_max7219_glyph(table[i].c, &known);
		if (seg != table[i].seg)
			fail_msg("'%c' is 0x%02X, expected 0x%02X", table[i].c, seg, table[i].seg);
		assert_true(known);
	}
}

static void test_every_letter_has_a_shape_distinct_from_other_letters(void **state)
{
	(void)state;
	for (char a = 'A'; a <= 'Z'; a++) {
		bool known = false;
		uint8_t sa = turno_max7219_glyph(a, &known);
		assert_true(known);
		assert_int_not_equal(sa, 0);
		assert_int_equal(turno_max7219_glyph((char)(a - 'A' + 'a'), NULL), sa);
		for (char b = 'A'; b < a; b++)
			if (turno_max7219_glyph(b, NULL) == sa)
				fail_msg("%c and %c look the same", a, b);
	}
	/* O must not read as zero on a ticket number display; I not as one. */
	assert_int_not_equal(turno_max7219_glyph('O', NULL), turno_max7219_glyph('0', NULL));
	assert_int_not_equal(turno_max7219_glyph('I', NULL), turno_max7219_glyph('1', NULL));
}

static void test_unknown_characters_are_blank_and_counted(void **state)
{
	(void)state;
	bool known = true;
	assert_int_equal(turno_max7219_glyph('#', &known), 0);
	assert_false(known);
	uint8_t digits[8];
	assert_int_equal(turno_max7219_render("A#1", digits), 1);
	assert_int_equal(digits[1], 0);
}

static void test_render_places_text_left_to_right_with_points(void **state)
{
	(void)state;
	uint8_t digits[8];
	assert_int_equal(turno_max7219_render("A 042  3", digits), 0);
	const uint8_t want[8] = {0x77, 0, 0x7E, 0x33, 0x6D, 0, 0, 0x79};
	assert_memory_equal(digits, want, 8);
	assert_int_equal(turno_max7219_render("1.5", digits), 0);
	assert_int_equal(digits[0], 0x30 | 0x80);
	assert_int_equal(digits[1], 0x5B);
	assert_int_equal(digits[2], 0);
	/* Too long: the ninth character is lost and counted. */
	assert_int_equal(turno_max7219_render("123456789", digits), 1);
	assert_int_equal(digits[7], 0x7F);
}

static void test_frames_and_digit_registers(void **state)
{
	(void)state;
	assert_int_equal(turno_max7219_frame(TURNO_MAX7219_INTENSITY, 0x08), 0x0A08);
	assert_int_equal(turno_max7219_frame(TURNO_MAX7219_SHUTDOWN, 1), 0x0C01);
	assert_int_equal(turno_max7219_digit_register(0), 8); /* leftmost */
	assert_int_equal(turno_max7219_digit_register(7), 1); /* rightmost */
	uint16_t setup[4];
	assert_int_equal(turno_max7219_setup_frames(20, setup), 4);
	const uint16_t want[4] = {0x0F00, 0x0900, 0x0B07, 0x0A0F}; /* brightness clamped to 15 */
	assert_memory_equal(setup, want, sizeof(want));
	assert_int_equal(turno_max7219_wake_frame(), 0x0C01);
}

static void test_latch_shifts_the_last_chip_first(void **state)
{
	(void)state;
	const uint16_t per_chip[3] = {0x0101, 0x0202, 0x0303};
	uint16_t order[3];
	turno_max7219_latch(per_chip, 3, order);
	assert_int_equal(order[0], 0x0303);
	assert_int_equal(order[1], 0x0202);
	assert_int_equal(order[2], 0x0101);
}

static void test_char_of_reads_patterns_back(void **state)
{
	(void)state;
	assert_int_equal(turno_max7219_char_of(0x77), 'A');
	assert_int_equal(turno_max7219_char_of(0x7E | 0x80), '0');
	assert_int_equal(turno_max7219_char_of(0x5B), '5'); /* S and 5 look alike: digits win */
	assert_int_equal(turno_max7219_char_of(0x03), 0) /* f and g: no character */;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_digits_and_common_letters_have_their_standard_shapes),
	        cmocka_unit_test(test_every_letter_has_a_shape_distinct_from_other_letters),
	        cmocka_unit_test(test_unknown_characters_are_blank_and_counted),
	        cmocka_unit_test(test_render_places_text_left_to_right_with_points),
	        cmocka_unit_test(test_frames_and_digit_registers),
	        cmocka_unit_test(test_latch_shifts_the_last_chip_first),
	        cmocka_unit_test(test_char_of_reads_patterns_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
