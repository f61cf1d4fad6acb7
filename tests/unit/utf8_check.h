/* Test-side check that a string is well-formed UTF-8 (header-only, for the tests that
 * assert the kiosk's texts are: a broken accent shows as garbage to a citizen). */
#ifndef TURNO_TEST_UTF8_CHECK_H
#define TURNO_TEST_UTF8_CHECK_H

#include <stdbool.h>

static inline bool valid_utf8(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int n = *p < 0x80             ? 0
		        : (*p & 0xE0) == 0xC0 ? 1
		        : (*p & 0xF0) == 0xE0 ? 2
		        : (*p & 0xF8) == 0xF0 ? 3
		                              : -1;
		if (n < 0)
			return false;
		p++;
		for (int i = 0; i < n; i++, p++)
			if ((*p & 0xC0) != 0x80)
				return false;
	}
	return true;
}

#endif
