/* Fonts by size. SDL_ttf opens a face per point size, so sizes are cached: a layout
 * shrinking a long service name tries a handful of sizes, each opened once. */
#include "kiosk/text.h"

#include <SDL2/SDL_ttf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SIZES 96
#define REGULAR "DejaVuSans.ttf"
#define BOLD "DejaVuSans-Bold.ttf"

struct sized {
	int px;
	bool bold;
	TTF_Font *font;
};

struct turno_fonts {
	char dir[512];
	struct sized sizes[MAX_SIZES];
	int count;
	int next_evict;
};

static bool has_fonts(const char *dir)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/%s", dir, REGULAR);
	if (access(path, R_OK) != 0)
		return false;
	snprintf(path, sizeof(path), "%s/%s", dir, BOLD);
	return access(path, R_OK) == 0;
}

int turno_fonts_find(const char *configured, const char *datadir, char *out, size_t out_len)
{
	if (configured && configured[0]) {
		snprintf(out, out_len, "%s", configured);
		return has_fonts(configured) ? 0 : -ENOENT;
	}
	char candidates[3][512] = {"", "", "/usr/share/fonts/truetype/dejavu"};
	char exe[400];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		snprintf(candidates[0], sizeof(candidates[0]), "%s/../assets/fonts", exe);
	}
	snprintf(candidates[1], sizeof(candidates[1]), "%s/fonts", datadir ? datadir : "");
	for (int i = 0; i < 3; i++) {
		if (candidates[i][0] && has_fonts(candidates[i])) {
			snprintf(out, out_len, "%s", candidates[i]);
			return 0;
		}
	}
	snprintf(out, out_len, "%s, %s, %s", candidates[0], candidates[1], candidates[2]);
	return -ENOENT;
}

int turno_fonts_open(const char *dir, struct turno_fonts **out)
{
	if (!has_fonts(dir))
		return -ENOENT;
	if (TTF_Init() < 0)
		return -EIO;
	struct turno_fonts *f = calloc(1, sizeof(*f));
	if (!f) {
		TTF_Quit();
		return -ENOMEM;
	}
	snprintf(f->dir, sizeof(f->dir), "%s", dir);
	/* Opening one size proves the files are fonts. */
	int w, h;
	if (turno_fonts_measure(f, 24, false, "A", &w, &h) < 0 ||
	    turno_fonts_measure(f, 24, true, "A", &w, &h) < 0) {
		turno_fonts_free(f);
		return -EIO;
	}
	*out = f;
	return 0;
}

void turno_fonts_free(struct turno_fonts *f)
{
	if (!f)
		return;
	for (int i = 0; i < f->count; i++)
		TTF_CloseFont(f->sizes[i].font);
	free(f);
	TTF_Quit();
}

static TTF_Font *font(struct turno_fonts *f, int px, bool bold)
{
	if (px < 1)
		px = 1;
	for (int i = 0; i < f->count; i++)
		if (f->sizes[i].px == px && f->sizes[i].bold == bold)
			return f->sizes[i].font;
	char path[600];
	snprintf(path, sizeof(path), "%s/%s", f->dir, bold ? BOLD : REGULAR);
	TTF_Font *font = TTF_OpenFont(path, px);
	if (!font)
		return NULL;
	/* Light hinting keeps shapes faithful at every size; the same on every machine. */
	TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
	int slot = f->count;
	if (f->count == MAX_SIZES) {
		slot = f->next_evict;
		f->next_evict = (f->next_evict + 1) % MAX_SIZES;
		TTF_CloseFont(f->sizes[slot].font);
	} else {
		f->count++;
	}
	f->sizes[slot] = (struct sized){px, bold, font};
	return font;
}

int turno_fonts_measure(void *user, int px, bool bold, const char *text, int *w, int *h)
{
	TTF_Font *fn = font(user, px, bold);
	if (!fn)
		return -EIO;
	int tw = 0, th = 0;
	if (TTF_SizeUTF8(fn, text, &tw, &th) < 0)
		return -EINVAL;
	if (w)
		*w = tw;
	if (h) {
		int skip = TTF_FontLineSkip(fn);
		*h = skip > th ? skip : th;
	}
	return 0;
}

SDL_Surface *turno_fonts_render(struct turno_fonts *f, int px, bool bold, const char *text, uint32_t rgb)
{
	TTF_Font *fn = font(f, px, bold);
	if (!fn || !text[0])
		return NULL;
	SDL_Color color = {(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255};
	return TTF_RenderUTF8_Blended(fn, text, color);
}
