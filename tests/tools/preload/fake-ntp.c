/* Tests only: an LD_PRELOAD shim that makes adjtimex() report the clock synchronised or
 * not, as the file named by $TURNO_FAKE_NTP_FILE says ("synced", anything else or no
 * file: not), read at every call. With libfaketime stepping the wall clock, the real
 * turno-kiosk then lives through a Pi's boot: a wrong time, then NTP. It changes nothing
 * else, and never sets the clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timex.h>

int adjtimex(struct timex *tx)
{
	const char *path = getenv("TURNO_FAKE_NTP_FILE");
	char word[16] = "";
	FILE *f = path ? fopen(path, "r") : NULL;
	if (f) {
		if (!fgets(word, sizeof(word), f))
			word[0] = '\0';
		fclose(f);
	}
	int synced = strncmp(word, "synced", 6) == 0;
	memset(tx, 0, sizeof(*tx));
	tx->status = synced ? 0 : STA_UNSYNC;
	return synced ? TIME_OK : TIME_ERROR;
}
