/* Writing a file that a person named (turno-report --svg, the kiosk's ticket previews):
 * whole or not at all, and never in place of something that is not a regular file.
 *
 * A regular file (or a new one) is written beside the target and renamed over it, so a
 * reader never sees half of it. A character device or a pipe (/dev/stdout, /dev/null, a
 * FIFO) is written into, never replaced: `sudo turno-report --svg /dev/null` once turned
 * /dev/null into a regular file. A directory or a block device is refused. Never logs. */
#ifndef TURNO_OUTFILE_H
#define TURNO_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

/* Writes what produce() puts into its stream (it returns 0, or a negative errno to give
 * up) to path. Returns 0, or a negative errno: -EISDIR for a directory, -ENODEV for a
 * block device, or what open, write, fsync or rename said. A failed write leaves the
 * old file as it was. */
int turno_file_write(const char *path, int (*produce)(FILE *out, void *data), void *data);
/* The same for bytes in memory. */
int turno_file_write_bytes(const char *path, const void *bytes, size_t len);

#endif
