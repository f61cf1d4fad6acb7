/* Finding the font files: a short list of candidate directories, first hit wins. */
#include "print/fonts.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef TURNO_DATADIR
#define TURNO_DATADIR "/usr/local/share/turno"
#endif

static int try_dir(const char *dir, const char *file, char *out, size_t out_len)
{
	int n = snprintf(out, out_len, "%s/%s", dir, file);
	if (n < 0 || (size_t)n >= out_len)
		return -ENAMETOOLONG;
	return access(out, R_OK) == 0 ? 0 : -ENOENT;
}

int turno_font_find(const char *font_dir, const char *file, char *out, size_t out_len)
{
	if (font_dir && font_dir[0])
		return try_dir(font_dir, file, out, out_len);

	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		for (int up = 0; slash && up <= 3; up++) {
			*slash = '\0';
			char dir[PATH_MAX + 16];
			snprintf(dir, sizeof(dir), "%s/assets/fonts", exe[0] ? exe : "/");
			if (try_dir(dir, file, out, out_len) == 0)
				return 0;
			slash = strrchr(exe, '/');
		}
	}
	if (try_dir(TURNO_DATADIR "/fonts", file, out, out_len) == 0)
		return 0;
	if (try_dir("/usr/share/fonts/truetype/dejavu", file, out, out_len) == 0)
		return 0;
	if (out_len)
		out[0] = '\0';
	return -ENOENT;
}
