/* Compares a screenshot taken from outside a qemu guest (qemu's screendump: binary PPM)
 * with a golden PNG of tests/golden/, as test-golden compares the software renderer's
 * frames: a pixel differs when a channel differs by more than 16.
 *
 *   screen-compare ACTUAL.ppm GOLDEN.png OUT_DIR NAME
 * prints "WxH differing N" and writes OUT_DIR/NAME-actual.png, and NAME-diff.png (the
 * differing pixels in red) when N > 0. Exit 0 when compared, 2 when the sizes differ
 * (printed as "WxH golden GWxGH"), 1 when a file cannot be read. */
#include <cairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *read_ppm(const char *path, int *w, int *h)
{
	FILE *f = fopen(path, "rb");
	int maxval = 0;
	if (!f || fscanf(f, "P6 %d %d %d", w, h, &maxval) != 3 || maxval != 255 || fgetc(f) == EOF) {
		if (f)
			fclose(f);
		return NULL;
	}
	size_t n = (size_t)*w * (size_t)*h * 3;
	unsigned char *rgb = malloc(n);
	if (rgb && fread(rgb, 1, n, f) != n) {
		free(rgb);
		rgb = NULL;
	}
	fclose(f);
	return rgb;
}

static void write_png(const char *path, const uint32_t *xrgb, int w, int h)
{
	cairo_surface_t *s =
	        cairo_image_surface_create_for_data((unsigned char *)xrgb, CAIRO_FORMAT_RGB24, w, h, w * 4);
	cairo_surface_write_to_png(s, path);
	cairo_surface_destroy(s);
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: screen-compare ACTUAL.ppm GOLDEN.png OUT_DIR NAME\n");
		return 64;
	}
	int w, h;
	unsigned char *rgb = read_ppm(argv[1], &w, &h);
	cairo_surface_t *g = cairo_image_surface_create_from_png(argv[2]);
	if (!rgb || cairo_surface_status(g) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "screen-compare: cannot read %s\n", !rgb ? argv[1] : argv[2]);
		return 1;
	}
	uint32_t *actual = malloc((size_t)w * (size_t)h * 4), *diff = calloc((size_t)w * (size_t)h, 4);
	if (!actual || !diff)
		return 1;
	for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
		actual[i] = (uint32_t)rgb[3 * i] << 16 | (uint32_t)rgb[3 * i + 1] << 8 | rgb[3 * i + 2];
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s-actual.png", argv[3], argv[4]);
	write_png(path, actual, w, h);
	int gw = cairo_image_surface_get_width(g), gh = cairo_image_surface_get_height(g);
	if (gw != w || gh != h) {
		printf("%dx%d golden %dx%d\n", w, h, gw, gh);
		return 2;
	}
	cairo_surface_flush(g);
	const unsigned char *data = cairo_image_surface_get_data(g);
	int stride = cairo_image_surface_get_stride(g);
	long differing = 0;
	for (int y = 0; y < h; y++) {
		const uint32_t *row = (const uint32_t *)(data + (size_t)y * (size_t)stride);
		for (int x = 0; x < w; x++) {
			uint32_t a = actual[(size_t)y * w + x], b = row[x] & 0xFFFFFF;
			int worst = 0;
			for (int sh = 0; sh < 24; sh += 8) {
				int d = abs((int)(a >> sh & 0xFF) - (int)(b >> sh & 0xFF));
				worst = d > worst ? d : worst;
			}
			differing += worst > 16;
			diff[(size_t)y * w + x] = worst > 16 ? 0xFF0000 : (0x808080 | (a >> 2 & 0x3F3F3F));
		}
	}
	if (differing) {
		snprintf(path, sizeof(path), "%s/%s-diff.png", argv[3], argv[4]);
		write_png(path, diff, w, h);
	}
	printf("%dx%d differing %ld\n", w, h, differing);
	cairo_surface_destroy(g);
	free(rgb);
	free(actual);
	free(diff);
	return 0;
}
