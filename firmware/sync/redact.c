/* Masking a secret's pieces. Text is at most a few hundred bytes, the secret a few
 * kilobytes: the plain search is fast enough. */
#include "sync/redact.h"

#include <string.h>

/* The longest run starting at text that appears somewhere in secret. */
static size_t longest_piece(const char *text, const char *secret, size_t secret_len)
{
	size_t best = 0;
	for (size_t j = 0; j < secret_len; j++) {
		size_t k = 0;
		while (text[k] && j + k < secret_len && text[k] == secret[j + k])
			k++;
		if (k > best)
			best = k;
	}
	return best;
}

void turno_sync_redact(char *text, const char *secret)
{
	if (!text || !secret || !secret[0])
		return;
	size_t secret_len = strlen(secret);
	size_t min = secret_len < TURNO_REDACT_MIN ? secret_len : TURNO_REDACT_MIN;
	char *out = text;
	for (const char *in = text; *in;) {
		size_t piece = longest_piece(in, secret, secret_len);
		if (piece >= min) {
			/* "***" is never longer than a piece of at least 3: writing stays behind reading. */
			size_t mask = piece < 3 ? piece : 3;
			memcpy(out, "***", mask);
			out += mask;
			in += piece;
		} else {
			*out++ = *in++;
		}
	}
	*out = '\0';
}
