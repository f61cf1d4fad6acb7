/* Where Turno's shipped fonts (assets/fonts/DejaVuSans*.ttf) are on this machine: in a
 * checkout, next to an installed program, or where [ui] font_dir says.
 * Only looks at the file system (access); never opens or parses a font. */
#ifndef TURNO_PRINT_FONTS_H
#define TURNO_PRINT_FONTS_H

#include <stddef.h>

#define TURNO_FONT_REGULAR "DejaVuSans.ttf"
#define TURNO_FONT_BOLD "DejaVuSans-Bold.ttf"

/* Finds file (e.g. TURNO_FONT_REGULAR) and writes its path to out. When font_dir is set
 * (non-empty) only that directory counts: a configured directory without the font is an
 * error, not a reason to print in another face. Otherwise it tries, in order:
 *   <dir of the executable>/assets/fonts and the same under its 1, 2 and 3 parents
 *   (build/turno-kiosk and build/tests/tools/x in a checkout),
 *   TURNO_DATADIR "/fonts" (the installed copy),
 *   /usr/share/fonts/truetype/dejavu (Debian's fonts-dejavu-core).
 * Returns 0, -ENOENT when no candidate has it, -ENAMETOOLONG. */
int turno_font_find(const char *font_dir, const char *file, char *out, size_t out_len);

#endif
