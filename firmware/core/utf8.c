/* UTF-8 validity. Pure. */
#include "core/utf8.h"

bool turno_utf8_valid(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	while (*p) {
		unsigned c = *p;
		int extra = c < 0x80             ? 0
		            : (c & 0xE0) == 0xC0 ? 1
		            : (c & 0xF0) == 0xE0 ? 2
		            : (c & 0xF8) == 0xF0 ? 3
		                                 : -1;
		if (extra < 0 || (extra == 1 && c < 0xC2) || c > 0xF4)
			return false;
		unsigned cp = extra ? c & (0x3Fu >> extra) : c;
		for (int i = 1; i <= extra; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3Fu);
		}
		if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return false;
		p += extra + 1;
	}
	return true;
}
