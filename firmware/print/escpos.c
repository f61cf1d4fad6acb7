/* ESC/POS byte stream of a ticket. Pure: builds bytes in memory, never talks to a printer.
 * Every text byte that reaches the printer is printable PC858: a control character in a
 * configured text (an office name with an ESC in it) must never become a printer command. */
#include "print/escpos.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ESC 0x1b
#define GS 0x1d
#define LF 0x0a

/* Unicode code point of each PC858 byte 0x80…0xFF. */
static const uint16_t pc858[128] = {
        0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8, 0x00EF,
        0x00EE, 0x00EC, 0x00C4, 0x00C5, 0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
        0x00FF, 0x00D6, 0x00DC, 0x00F8, 0x00A3, 0x00D8, 0x00D7, 0x0192, 0x00E1, 0x00ED, 0x00F3, 0x00FA,
        0x00F1, 0x00D1, 0x00AA, 0x00BA, 0x00BF, 0x00AE, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
        0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00C1, 0x00C2, 0x00C0, 0x00A9, 0x2563, 0x2551, 0x2557,
        0x255D, 0x00A2, 0x00A5, 0x2510, 0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x00E3, 0x00C3,
        0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x00A4, 0x00F0, 0x00D0, 0x00CA, 0x00CB,
        0x00C8, 0x20AC, 0x00CD, 0x00CE, 0x00CF, 0x2518, 0x250C, 0x2588, 0x2584, 0x00A6, 0x00CC, 0x2580,
        0x00D3, 0x00DF, 0x00D4, 0x00D2, 0x00F5, 0x00D5, 0x00B5, 0x00FE, 0x00DE, 0x00DA, 0x00DB, 0x00D9,
        0x00FD, 0x00DD, 0x00AF, 0x00B4, 0x00AD, 0x00B1, 0x2017, 0x00BE, 0x00B6, 0x00A7, 0x00F7, 0x00B8,
        0x00B0, 0x00A8, 0x00B7, 0x00B9, 0x00B3, 0x00B2, 0x25A0, 0x00A0,
};

/* Latin Extended-A (U+0100…U+017F) without its accents: Polish, Czech, Romanian names
 * print readably even though PC858 has none of these letters. */
static const char latin_ext_a[] = "AaAaAaCcCcCcCcDd"
                                  "DdEeEeEeEeEeGgGg"
                                  "GgGgHhHhIiIiIiIi"
                                  "IiIiJjKkkLlLlLlL"
                                  "lLlNnNnNnnNnOoOo"
                                  "OoOoRrRrRrSsSsSs"
                                  "SsTtTtTtUuUuUuUu"
                                  "UuUuWwYyYZzZzZzs";

struct fallback {
	uint32_t code_point;
	const char *ascii;
};

static const struct fallback fallbacks[] = {
        {0x0152, "OE"}, {0x0153, "oe"}, {0x2018, "'"},  {0x2019, "'"},  {0x201A, "'"},  {0x201B, "'"},
        {0x2032, "'"},  {0x201C, "\""}, {0x201D, "\""}, {0x201E, "\""}, {0x2033, "\""}, {0x2010, "-"},
        {0x2011, "-"},  {0x2012, "-"},  {0x2013, "-"},  {0x2014, "-"},  {0x2212, "-"},  {0x2026, "..."},
        {0x2022, "*"},  {0x00B7, "."},  {0x2122, "TM"}, {0x2264, "<="}, {0x2265, ">="}, {0x2192, "->"},
        {0x2190, "<-"}, {0x2009, " "},  {0x202F, " "},  {0x2007, " "},
};

/* Next code point of a UTF-8 string; advances *s. Malformed input yields U+FFFD. */
static uint32_t next_code_point(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t c = p[0];
	int extra;
	uint32_t min;
	if (c < 0x80) {
		*s = p + 1;
		return c;
	} else if ((c & 0xE0) == 0xC0) {
		extra = 1, c &= 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		extra = 2, c &= 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		extra = 3, c &= 0x07, min = 0x10000;
	} else {
		*s = p + 1;
		return 0xFFFD;
	}
	for (int i = 1; i <= extra; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*s = p + i;
			return 0xFFFD;
		}
		c = (c << 6) | (p[i] & 0x3F);
	}
	*s = p + 1 + extra;
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0xFFFD;
	return c;
}

/* The PC858 bytes for one code point (1 byte, or an ASCII fallback of a few). */
static const char *encode_code_point(uint32_t c, char buf[2])
{
	buf[1] = '\0';
	if (c == '\t') {
		buf[0] = ' ';
		return buf;
	}
	if (c < 0x20 || c == 0x7F) { /* never let a control byte through: it would be a command */
		buf[0] = ' ';
		return buf;
	}
	if (c < 0x7F) {
		buf[0] = (char)c;
		return buf;
	}
	for (int i = 0; i < 128; i++) {
		if (pc858[i] == c) {
			buf[0] = (char)(0x80 + i);
			return buf;
		}
	}
	for (size_t i = 0; i < sizeof(fallbacks) / sizeof(fallbacks[0]); i++)
		if (fallbacks[i].code_point == c)
			return fallbacks[i].ascii;
	if (c >= 0x100 && c <= 0x17F) {
		buf[0] = latin_ext_a[c - 0x100];
		return buf;
	}
	buf[0] = '?';
	return buf;
}

size_t turno_escpos_encode(const char *utf8, char *out, size_t out_len)
{
	size_t need = 0;
	const unsigned char *s = (const unsigned char *)(utf8 ? utf8 : "");
	while (*s) {
		char buf[2];
		const char *bytes = encode_code_point(next_code_point(&s), buf);
		for (; *bytes; bytes++, need++)
			if (out_len && need < out_len - 1)
				out[need] = *bytes;
	}
	if (out_len)
		out[need < out_len ? need : out_len - 1] = '\0';
	return need;
}

int turno_escpos_columns(int paper_width_mm)
{
	return paper_width_mm < 70 ? 32 : 48;
}

struct buffer {
	uint8_t *data;
	size_t len, cap;
	bool failed;
};

static void put(struct buffer *b, const void *bytes, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 512;
		while (cap < b->len + n)
			cap *= 2;
		uint8_t *grown = realloc(b->data, cap);
		if (!grown) {
			b->failed = true;
			return;
		}
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->len, bytes, n);
	b->len += n;
}

#define PUT(b, ...)                                                                                          \
	do {                                                                                                 \
		const uint8_t seq_[] = {__VA_ARGS__};                                                        \
		put((b), seq_, sizeof(seq_));                                                                \
	} while (0)

static void put_line(struct buffer *b, const char *pc858_text, size_t n)
{
	put(b, pc858_text, n);
	PUT(b, LF);
}

/* Prints UTF-8 text wrapped at word boundaries to columns characters per line. */
static void put_wrapped(struct buffer *b, const char *utf8, int columns)
{
	char text[4 * TURNO_PATH];
	size_t len = turno_escpos_encode(utf8, text, sizeof(text));
	if (len >= sizeof(text))
		len = sizeof(text) - 1;
	size_t start = 0;
	while (start < len) {
		while (start < len && text[start] == ' ')
			start++;
		if (start >= len)
			break;
		size_t end = start + (size_t)columns;
		if (end >= len) {
			put_line(b, text + start, len - start);
			break;
		}
		size_t cut = end;
		while (cut > start && text[cut] != ' ')
			cut--;
		if (cut == start) /* one word longer than the line: break it */
			cut = end;
		size_t keep = cut;
		while (keep > start && text[keep - 1] == ' ')
			keep--;
		put_line(b, text + start, keep - start);
		start = cut;
	}
}

static void set_bold(struct buffer *b, bool on)
{
	PUT(b, ESC, 'E', on ? 1 : 0);
}

/* GS ! n: width multiplier in the high nibble, height in the low one (both 1…8). */
static void set_size(struct buffer *b, int width, int height)
{
	PUT(b, GS, '!', (uint8_t)(((width - 1) << 4) | (height - 1)));
}

/* GS ( k pL pH cn fn …: the QR code function of cn = 49. */
static void put_qr_function(struct buffer *b, uint8_t fn, const uint8_t *params, size_t n)
{
	size_t len = n + 2;
	PUT(b, GS, '(', 'k', (uint8_t)(len & 0xFF), (uint8_t)(len >> 8), 49, fn);
	put(b, params, n);
}

static void put_qr(struct buffer *b, const char *text, int columns)
{
	size_t n = strlen(text);
	if (n == 0 || n > 7000)
		return;
	const uint8_t model[] = {50, 0};                  /* model 2 */
	const uint8_t module[] = {columns >= 48 ? 6 : 5}; /* dots per module */
	const uint8_t correction[] = {49};                /* level M: 15 % */
	put_qr_function(b, 65, model, sizeof(model));
	put_qr_function(b, 67, module, sizeof(module));
	put_qr_function(b, 69, correction, sizeof(correction));
	size_t len = n + 3;
	PUT(b, GS, '(', 'k', (uint8_t)(len & 0xFF), (uint8_t)(len >> 8), 49, 80, 48);
	put(b, text, n); /* the QR payload is bytes as given: UTF-8 is what phones expect */
	const uint8_t print[] = {48};
	put_qr_function(b, 81, print, sizeof(print));
}

int turno_escpos_render(const struct turno_printed_ticket *ticket, uint8_t **out, size_t *out_len)
{
	struct buffer b = {0};
	int columns = turno_escpos_columns(ticket->paper_width_mm);

	PUT(&b, ESC, '@');
	PUT(&b, ESC, 't', TURNO_ESCPOS_CODEPAGE_PC858);
	PUT(&b, ESC, 'a', 1);

	set_bold(&b, true);
	put_wrapped(&b, ticket->office, columns);
	set_bold(&b, false);
	PUT(&b, LF);

	put_wrapped(&b, ticket->heading, columns);
	if (ticket->priority && ticket->priority_text[0]) {
		char mark[80];
		size_t n = turno_escpos_encode(ticket->priority_text, mark + 1, sizeof(mark) - 2);
		n = n < sizeof(mark) - 3 ? n : sizeof(mark) - 3;
		mark[0] = mark[n + 1] = ' '; /* a black margin on both sides */
		PUT(&b, GS, 'B', 1);         /* white on black: the counter sees it from afar */
		set_bold(&b, true);
		put_line(&b, mark, n + 2);
		set_bold(&b, false);
		PUT(&b, GS, 'B', 0);
	}

	/* As large as fits with a character's width to spare, at most 8 times. */
	size_t label_len = strlen(ticket->label);
	int mult = label_len ? columns / (int)(label_len + 1) : 1;
	mult = mult > 8 ? 8 : mult < 1 ? 1 : mult;
	set_bold(&b, true);
	set_size(&b, mult, mult);
	put_wrapped(&b, ticket->label, columns);
	set_size(&b, 1, 1);

	set_size(&b, 1, 2);
	put_wrapped(&b, ticket->service, columns);
	set_size(&b, 1, 1);
	set_bold(&b, false);
	if (ticket->service_en[0])
		put_wrapped(&b, ticket->service_en, columns);
	PUT(&b, LF);

	put_wrapped(&b, ticket->date_line, columns);
	put_wrapped(&b, ticket->ahead_line, columns);
	put_wrapped(&b, ticket->wait_line, columns);

	if (ticket->qr[0]) {
		PUT(&b, LF);
		put_qr(&b, ticket->qr, columns);
	}
	if (ticket->footer_count > 0)
		PUT(&b, LF);
	for (int i = 0; i < ticket->footer_count && i < TURNO_MAX_FOOTER; i++)
		put_wrapped(&b, ticket->footer[i], columns);

	PUT(&b, ESC, 'd', 3);    /* feed past the tear bar */
	PUT(&b, GS, 'V', 66, 0); /* feed to the cutter and cut, leaving a hinge */

	if (b.failed) {
		free(b.data);
		return -ENOMEM;
	}
	*out = b.data;
	*out_len = b.len;
	return 0;
}
