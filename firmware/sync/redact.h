/* Keeping a secret out of text that will be logged or stored: every piece of the text
 * that is a long enough part of the secret is masked. Pure. */
#ifndef TURNO_SYNC_REDACT_H
#define TURNO_SYNC_REDACT_H

/* Parts this long (or the whole secret, when it is shorter) are masked. */
#define TURNO_REDACT_MIN 4

/* Replaces, in place, each run of text that is a substring of secret of at least
 * TURNO_REDACT_MIN characters with "***" (never longer than what it replaces, so text
 * only shrinks). NULL or empty secret: nothing changes. */
void turno_sync_redact(char *text, const char *secret);

#endif
