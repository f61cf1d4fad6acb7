/* A test-side ESC/POS decoder: reads the bytes a thermal printer would receive and says
 * what it would print — lines of text (back in UTF-8) with their alignment, size and
 * weight, the QR code's payload and settings, the code page, the cut.
 *
 * Written independently of firmware/print/escpos.c (its own code page table), so a test
 * that round-trips through both catches a mistake in either. Header-only, static
 * functions: included by cmocka tests and by tests/tools/escpos-decode.c.
 * Commands it does not know are counted and named in doc->error: a test asserts none. */
#ifndef TURNO_TESTS_ESCPOS_DECODER_H
#define TURNO_TESTS_ESCPOS_DECODER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define ESCPOS_MAX_LINES 160
#define ESCPOS_LINE_BYTES 512

enum escpos_event { ESCPOS_EV_TEXT, ESCPOS_EV_QR, ESCPOS_EV_FEED, ESCPOS_EV_CUT };

struct escpos_line {
	enum escpos_event kind;
	char text[ESCPOS_LINE_BYTES]; /* UTF-8; for QR the payload */
	int align;                    /* 0 left, 1 centre, 2 right (ESC a) */
	int width, height;            /* GS ! multipliers, 1…8 */
	bool bold;                    /* ESC E */
	bool reverse;                 /* GS B */
	int feed;                     /* ESC d n */
};

struct escpos_doc {
	bool initialised_first; /* the stream starts with ESC @ */
	int inits;
	int codepage;             /* last ESC t; -1 = never set (the printer's default, PC437) */
	int codepage_before_text; /* code page in force at the first non-ASCII byte, -1 if none */
	int bad_bytes;            /* non-ASCII text with no code page known to the decoder */
	struct escpos_line lines[ESCPOS_MAX_LINES];
	int count;
	int qr_model, qr_module, qr_correction; /* GS ( k settings (correction 48 L … 51 H) */
	char qr_stored[ESCPOS_LINE_BYTES];
	int cuts;
	int cut_mode;  /* GS V m of the last cut */
	bool cut_last; /* nothing printed after the last cut */
	int unknown;
	char error[160];
};

/* The character a byte ≥ 0x80 prints in PC850 (ESC t 2) / PC858 (ESC t 19), as UTF-8. */
static const char *const escpos_pc858_rows[8] = {
        "ÇüéâäàåçêëèïîìÄÅ", "ÉæÆôöòûùÿÖÜø£Ø×ƒ", "áíóúñÑªº¿®¬½¼¡«»", "░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐",
        "└┴┬├─┼ãÃ╚╔╩╦╠═╬¤", "ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀", "ÓßÔÒõÕµþÞÚÛÙýÝ¯´", "\u00AD±‗¾¶§÷¸°¨·¹³²■\u00A0",
};

static inline size_t escpos_utf8_len(unsigned char lead)
{
	return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

/* Appends the UTF-8 of byte b in the code page to out; false when the decoder cannot say. */
static inline bool escpos_decode_byte(int codepage, uint8_t b, char *out, size_t *len, size_t cap)
{
	const char *utf8;
	size_t n;
	char ascii[1];
	if (b < 0x80) {
		ascii[0] = (char)b;
		utf8 = ascii;
		n = 1;
	} else if (codepage == 2 || codepage == 19) {
		if (codepage == 2 && b == 0xD5) {
			utf8 = "ı";
			n = strlen(utf8);
		} else {
			const char *p = escpos_pc858_rows[(b - 0x80) / 16];
			for (int i = 0; i < (b - 0x80) % 16; i++)
				p += escpos_utf8_len((unsigned char)*p);
			utf8 = p;
			n = escpos_utf8_len((unsigned char)*p);
		}
	} else {
		utf8 = "\xEF\xBF\xBD"; /* U+FFFD */
		n = 3;
	}
	if (*len + n < cap) {
		memcpy(out + *len, utf8, n);
		*len += n;
		out[*len] = '\0';
	}
	return b < 0x80 || codepage == 2 || codepage == 19;
}

struct escpos_state {
	int align, width, height;
	bool bold, reverse;
	char text[ESCPOS_LINE_BYTES];
	size_t len;
	bool pending; /* a line has started (text or style) */
};

static inline struct escpos_line *escpos_push(struct escpos_doc *doc, enum escpos_event kind,
                                              const struct escpos_state *st)
{
	if (doc->count == ESCPOS_MAX_LINES)
		return NULL;
	struct escpos_line *l = &doc->lines[doc->count++];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->align = st->align;
	l->width = st->width;
	l->height = st->height;
	l->bold = st->bold;
	l->reverse = st->reverse;
	if (kind != ESCPOS_EV_CUT)
		doc->cut_last = false;
	return l;
}

static inline void escpos_flush(struct escpos_doc *doc, struct escpos_state *st, bool force)
{
	if (!force && st->len == 0)
		return;
	struct escpos_line *l = escpos_push(doc, ESCPOS_EV_TEXT, st);
	if (l)
		memcpy(l->text, st->text, st->len + 1);
	st->len = 0;
	st->text[0] = '\0';
}

static inline void escpos_unknown(struct escpos_doc *doc, size_t at, const char *what)
{
	if (doc->unknown++ == 0)
		snprintf(doc->error, sizeof(doc->error), "offset %zu: %s", at, what);
}

/* Decodes len bytes into *doc. Returns 0, or -1 when the stream ends inside a command
 * (doc->error says where). */
static inline int escpos_decode(const uint8_t *data, size_t len, struct escpos_doc *doc)
{
	memset(doc, 0, sizeof(*doc));
	doc->codepage = -1;
	doc->codepage_before_text = -1;
	struct escpos_state st = {.width = 1, .height = 1};
	size_t i = 0;
#define NEED(n)                                                                                              \
	do {                                                                                                 \
		if (i + (n) > len) {                                                                         \
			snprintf(doc->error, sizeof(doc->error), "offset %zu: truncated command", i);        \
			return -1;                                                                           \
		}                                                                                            \
	} while (0)
	while (i < len) {
		uint8_t b = data[i];
		if (b == 0x1B) {
			NEED(2);
			uint8_t c = data[i + 1];
			switch (c) {
			case '@':
				if (i == 0)
					doc->initialised_first = true;
				doc->inits++;
				st = (struct escpos_state){.width = 1, .height = 1};
				i += 2;
				break;
			case 't':
				NEED(3);
				doc->codepage = data[i + 2];
				i += 3;
				break;
			case 'a':
				NEED(3);
				st.align = data[i + 2] % 48; /* 0/1/2 or '0'/'1'/'2' */
				i += 3;
				break;
			case 'E':
				NEED(3);
				st.bold = data[i + 2] & 1;
				i += 3;
				break;
			case 'd': {
				NEED(3);
				escpos_flush(doc, &st, false);
				struct escpos_line *l = escpos_push(doc, ESCPOS_EV_FEED, &st);
				if (l)
					l->feed = data[i + 2];
				i += 3;
				break;
			}
			default:
				escpos_unknown(doc, i, "unknown ESC command");
				i += 2;
			}
		} else if (b == 0x1D) {
			NEED(2);
			uint8_t c = data[i + 1];
			if (c == '!') {
				NEED(3);
				st.width = ((data[i + 2] >> 4) & 7) + 1;
				st.height = (data[i + 2] & 7) + 1;
				i += 3;
			} else if (c == 'B') {
				NEED(3);
				st.reverse = data[i + 2] & 1;
				i += 3;
			} else if (c == 'V') {
				NEED(3);
				uint8_t m = data[i + 2];
				size_t n = (m == 65 || m == 66 || m == 97 || m == 98 || m == 103 || m == 104)
				                   ? 4
				                   : 3;
				NEED(n);
				escpos_flush(doc, &st, false);
				escpos_push(doc, ESCPOS_EV_CUT, &st);
				doc->cuts++;
				doc->cut_mode = m;
				doc->cut_last = true;
				i += n;
			} else if (c == '(') {
				NEED(7);
				if (data[i + 2] != 'k') {
					escpos_unknown(doc, i, "unknown GS ( function");
				}
				size_t plen = data[i + 3] | (size_t)data[i + 4] << 8;
				if (plen < 2) { /* no room for cn and fn: not a valid function */
					escpos_unknown(doc, i, "GS ( with a length below 2");
					i += 5 + plen;
					continue;
				}
				NEED(5 + plen);
				uint8_t cn = data[i + 5], fn = data[i + 6];
				const uint8_t *p = data + i + 7;
				size_t pn = plen - 2;
				if (data[i + 2] == 'k' && cn == 49) {
					if (fn == 65 && pn >= 1)
						doc->qr_model = p[0] - 48;
					else if (fn == 67 && pn >= 1)
						doc->qr_module = p[0];
					else if (fn == 69 && pn >= 1)
						doc->qr_correction = p[0];
					else if (fn == 80 && pn >= 1) {
						size_t n = pn - 1 < ESCPOS_LINE_BYTES - 1
						                   ? pn - 1
						                   : ESCPOS_LINE_BYTES - 1;
						memcpy(doc->qr_stored, p + 1, n);
						doc->qr_stored[n] = '\0';
					} else if (fn == 81) {
						escpos_flush(doc, &st, false);
						struct escpos_line *l = escpos_push(doc, ESCPOS_EV_QR, &st);
						if (l)
							snprintf(l->text, sizeof(l->text), "%s",
							         doc->qr_stored);
					} else {
						escpos_unknown(doc, i, "unknown QR function");
					}
				} else if (data[i + 2] == 'k') {
					escpos_unknown(doc, i, "GS ( k for a symbol other than QR");
				}
				i += 5 + plen;
			} else {
				escpos_unknown(doc, i, "unknown GS command");
				i += 2;
			}
		} else if (b == 0x0A) {
			escpos_flush(doc, &st, true);
			i++;
		} else if (b < 0x20) {
			escpos_unknown(doc, i, "stray control byte");
			i++;
		} else {
			if (b >= 0x80 && doc->codepage_before_text < 0)
				doc->codepage_before_text = doc->codepage;
			if (!escpos_decode_byte(doc->codepage, b, st.text, &st.len, sizeof(st.text)))
				doc->bad_bytes++;
			i++;
		}
	}
#undef NEED
	escpos_flush(doc, &st, false);
	return 0;
}

/* The first text line containing needle, or NULL. */
static inline const struct escpos_line *escpos_find(const struct escpos_doc *doc, const char *needle)
{
	for (int i = 0; i < doc->count; i++)
		if (doc->lines[i].kind == ESCPOS_EV_TEXT && strstr(doc->lines[i].text, needle))
			return &doc->lines[i];
	return NULL;
}

/* The text line printed largest (width × height), the first of equals; NULL if none. */
static inline const struct escpos_line *escpos_largest(const struct escpos_doc *doc)
{
	const struct escpos_line *best = NULL;
	for (int i = 0; i < doc->count; i++) {
		const struct escpos_line *l = &doc->lines[i];
		if (l->kind == ESCPOS_EV_TEXT && l->text[0] &&
		    (!best || l->width * l->height > best->width * best->height))
			best = l;
	}
	return best;
}

static inline const struct escpos_line *escpos_qr(const struct escpos_doc *doc)
{
	for (int i = 0; i < doc->count; i++)
		if (doc->lines[i].kind == ESCPOS_EV_QR)
			return &doc->lines[i];
	return NULL;
}

static inline void escpos_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* One JSON object: code page, QR, cut and every line with its style. */
static inline void escpos_print_json(FILE *f, const struct escpos_doc *doc)
{
	static const char *const kinds[] = {"text", "qr", "feed", "cut"};
	fprintf(f,
	        "{\"initialised\":%s,\"codepage\":%d,\"bad_bytes\":%d,\"unknown\":%d,\"cuts\":%d,"
	        "\"cut_last\":%s,\"qr\":{\"model\":%d,\"module\":%d,\"correction\":%d},\"lines\":[",
	        doc->initialised_first ? "true" : "false", doc->codepage, doc->bad_bytes, doc->unknown,
	        doc->cuts, doc->cut_last ? "true" : "false", doc->qr_model, doc->qr_module,
	        doc->qr_correction);
	for (int i = 0; i < doc->count; i++) {
		const struct escpos_line *l = &doc->lines[i];
		fprintf(f,
		        "%s\n "
		        "{\"kind\":\"%s\",\"align\":%d,\"width\":%d,\"height\":%d,\"bold\":%s,\"reverse\":%"
		        "s,",
		        i ? "," : "", kinds[l->kind], l->align, l->width, l->height,
		        l->bold ? "true" : "false", l->reverse ? "true" : "false");
		if (l->kind == ESCPOS_EV_FEED)
			fprintf(f, "\"feed\":%d,", l->feed);
		fputs("\"text\":", f);
		escpos_json_string(f, l->text);
		fputc('}', f);
	}
	fputs("]}\n", f);
}

/* The ticket as a person would read it: one line per printed line, styles in brackets. */
static inline void escpos_print_text(FILE *f, const struct escpos_doc *doc)
{
	for (int i = 0; i < doc->count; i++) {
		const struct escpos_line *l = &doc->lines[i];
		switch (l->kind) {
		case ESCPOS_EV_TEXT:
			fprintf(f, "[%c%s%s%s%dx%d] %s\n", "LCR"[l->align % 3], l -> bold ? " bold" : "",
			        l->reverse ? " reverse" : "", " ", l->width, l->height, l->text);
			break;
		case ESCPOS_EV_QR:
			fprintf(f, "[QR model %d, module %d, correction %c] %s\n", doc->qr_model,
			        doc->qr_module,
			        "LMQH?"[(doc->qr_correction >= 48 && doc->qr_correction <= 51)
			                        ? doc->qr_correction - 48
			                        : 4],
			        l -> text);
			break;
		case ESCPOS_EV_FEED:
			fprintf(f, "[feed %d]\n", l->feed);
			break;
		case ESCPOS_EV_CUT:
			fprintf(f, "[cut]\n");
			break;
		}
	}
	if (doc->unknown)
		fprintf(f, "[%d unknown commands; first: %s]\n", doc->unknown, doc->error);
}

#endif
