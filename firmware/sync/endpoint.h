/* Where and as whom turno-sync talks: checks [sync] url and reads the bearer token
 * from [sync] token_file. Returns errors with a sentence for a person (what is wrong
 * and how to fix it); never logs, and never puts the token in a message. */
#ifndef TURNO_SYNC_ENDPOINT_H
#define TURNO_SYNC_ENDPOINT_H

#include <stdbool.h>
#include <stddef.h>

#define TURNO_SYNC_TOKEN_MAX 4096

/* Accepts https:// URLs, and http:// only when the host is this machine (127.0.0.0/8,
 * ::1, localhost): tests run a receiver on loopback, and a token must never travel in
 * clear over a network. 0, or -EINVAL with err filled. *loopback (may be NULL) tells
 * whether the host is loopback. */
int turno_sync_url_check(const char *url, bool *loopback, char *err, size_t err_len);

/* Reads the token: the file must be a regular file with no permission for group or
 * others (0600 or stricter), and hold one line of visible ASCII (surrounding white space
 * is dropped). Returns 0 with token filled, or a negative errno with err filled. */
int turno_sync_token_read(const char *path, char *token, size_t token_len, char *err, size_t err_len);

#endif
