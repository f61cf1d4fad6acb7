/* escpos-decode: prints what a thermal printer would print for a byte stream.
 *   escpos-decode [--json] [FILE]     (FILE or stdin)
 * Exit status 0 when the stream decoded, 1 when it is truncated, has unknown commands
 * or text in an unknown code page, 2 on usage or read errors. */
#include "../unit/escpos_decoder.h"

#include <stdlib.h>

int main(int argc, char **argv)
{
	bool json = false;
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (!path && argv[i][0] != '-')
			path = argv[i];
		else {
			fprintf(stderr, "usage: escpos-decode [--json] [FILE]\n");
			return 2;
		}
	}
	FILE *f = path ? fopen(path, "rb") : stdin;
	if (!f) {
		perror(path);
		return 2;
	}
	size_t cap = 65536, len = 0;
	uint8_t *data = malloc(cap);
	size_t n;
	while (data && (n = fread(data + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			uint8_t *grown = realloc(data, cap * 2);
			if (!grown) {
				free(data);
				data = NULL;
				break;
			}
			data = grown;
			cap *= 2;
		}
	}
	if (path)
		fclose(f);
	if (!data) {
		fprintf(stderr, "escpos-decode: out of memory\n");
		return 2;
	}
	static struct escpos_doc doc;
	int rc = escpos_decode(data, len, &doc);
	free(data);
	if (json)
		escpos_print_json(stdout, &doc);
	else
		escpos_print_text(stdout, &doc);
	if (rc < 0 || doc.unknown || doc.bad_bytes) {
		fprintf(stderr, "escpos-decode: %s%s\n", doc.error[0] ? doc.error : "",
		        doc.bad_bytes ? " (text in a code page the decoder does not know)" : "");
		return 1;
	}
	return 0;
}
