/* Files written whole, beside the target and renamed; devices and pipes written into. */
#include "core/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Into a character device or a FIFO as it is: no temporary file, no rename. */
static int write_into(const char *path, int (*produce)(FILE *out, void *data), void *data)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	FILE *out = fdopen(fd, "w");
	if (!out) {
		int e = errno;
		close(fd);
		return -e;
	}
	int rc = produce(out, data);
	if (fflush(out) != 0 && rc == 0)
		rc = -errno;
	if (fclose(out) != 0 && rc == 0)
		rc = -errno;
	return rc;
}

static int write_replacing(const char *path, int (*produce)(FILE *out, void *data), void *data)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	FILE *out = fdopen(fd, "w");
	if (!out) {
		int e = errno;
		close(fd);
		unlink(tmp);
		return -e;
	}
	int rc = produce(out, data);
	if (rc == 0 && fflush(out) != 0)
		rc = -errno;
	/* Durable before it takes the old one's place: a power cut leaves one or the other. */
	if (rc == 0 && fsync(fileno(out)) != 0)
		rc = -errno;
	if (rc == 0 && fchmod(fileno(out), 0644) != 0)
		rc = -errno;
	if (fclose(out) != 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -errno;
	if (rc < 0)
		unlink(tmp);
	return rc;
}

int turno_file_write(const char *path, int (*produce)(FILE *out, void *data), void *data)
{
	struct stat st;
	char resolved[PATH_MAX];
	/* A symbolic link is followed: its target is what the person meant. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && realpath(path, resolved))
		path = resolved;
	if (stat(path, &st) < 0) {
		if (errno != ENOENT)
			return -errno;
		return write_replacing(path, produce, data);
	}
	if (S_ISREG(st.st_mode))
		return write_replacing(path, produce, data);
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
		return write_into(path, produce, data);
	return -ENODEV; /* a block device or a socket: never written over */
}

struct bytes {
	const void *data;
	size_t len;
};

static int produce_bytes(FILE *out, void *data)
{
	const struct bytes *b = data;
	if (b->len && fwrite(b->data, 1, b->len, out) != b->len)
		return errno ? -errno : -EIO;
	return 0;
}

int turno_file_write_bytes(const char *path, const void *bytes, size_t len)
{
	struct bytes b = {bytes, len};
	return turno_file_write(path, produce_bytes, &b);
}
