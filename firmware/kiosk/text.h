/* The kiosk's fonts (DejaVu Sans, regular and bold) through SDL_ttf: found on disk,
 * opened once per pixel size and kept, measured for the layout and rendered for the
 * screen. Requires TTF_Init() (turno_fonts_open does it and undoes it on free).
 * Free with turno_fonts_free(). Never logs: errors are returned. */
#ifndef TURNO_TEXT_H
#define TURNO_TEXT_H

#include <SDL2/SDL.h>
#include <stdbool.h>
#include <stddef.h>

struct turno_fonts;

/* Finds the directory holding DejaVuSans.ttf and DejaVuSans-Bold.ttf: configured (if
 * not empty; it must hold them), else <dir of the executable>/../assets/fonts, else
 * datadir/fonts, else the Debian fonts-dejavu-core directory. Returns 0 and writes out,
 * or -ENOENT (out then lists where it looked). */
int turno_fonts_find(const char *configured, const char *datadir, char *out, size_t out_len);

/* Opens the two faces in dir. Returns 0 and *out, or -ENOENT / -EIO. */
int turno_fonts_open(const char *dir, struct turno_fonts **out);
void turno_fonts_free(struct turno_fonts *fonts);

/* The layout's measure callback: width and line skip of text at px (user = fonts). */
int turno_fonts_measure(void *fonts, int px, bool bold, const char *text, int *w, int *h);
/* Renders one line, anti-aliased, in colour rgb; free the surface with SDL_FreeSurface. */
SDL_Surface *turno_fonts_render(struct turno_fonts *fonts, int px, bool bold, const char *text, uint32_t rgb);

#endif
