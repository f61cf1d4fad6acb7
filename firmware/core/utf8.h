/* Whether text is well-formed UTF-8: every text Turno takes in ends up on a screen, a
 * ticket or in JSON (a configuration saved as Latin-1 by a Windows editor is the usual
 * way it is not). Overlong forms, surrogates and code points above U+10FFFF are refused.
 * Pure. */
#ifndef TURNO_UTF8_H
#define TURNO_UTF8_H

#include <stdbool.h>

bool turno_utf8_valid(const char *text);

#endif
