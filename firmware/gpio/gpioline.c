/* Requesting a configured GPIO line through libgpiod 1.6 (see gpioline.h). Turns every
 * failure into a sentence naming the line and the fix; never logs. */
#include "gpio/gpioline.h"

#include <ctype.h>
#include <errno.h>
#include <gpiod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONSUMER "turno"

/* "chip:offset" → chip (copied) and offset; false when spec is a line name. */
static bool split_spec(const char *spec, char *chip, size_t chip_len, unsigned *offset)
{
	const char *colon = strrchr(spec, ':');
	if (!colon || colon == spec || !colon[1])
		return false;
	for (const char *p = colon + 1; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	size_t n = (size_t)(colon - spec);
	if (n >= chip_len)
		return false;
	memcpy(chip, spec, n);
	chip[n] = '\0';
	*offset = (unsigned)strtoul(colon + 1, NULL, 10);
	return true;
}

static int open_failure(int e, const char *what, const char *spec, const char *chip, char *err,
                        size_t err_len)
{
	switch (e) {
	case EACCES:
	case EPERM:
		snprintf(err, err_len,
		         "%s = %s: no permission to open the GPIO chip%s%s (%s): add the user running Turno "
		         "to "
		         "group gpio (sudo adduser $USER gpio, then log in again)",
		         what, spec, chip ? " " : "s", chip ? chip : "", strerror(e));
		break;
	case ENOENT:
	case ENODEV:
	case ENOTTY:
		if (chip)
			snprintf(err, err_len,
			         "%s = %s: there is no GPIO chip \"%s\" (gpiodetect lists the chips; on a Pi "
			         "the "
			         "header pins are on gpiochip0 or, on a Pi 5, the chip labelled pinctrl-rp1)",
			         what, spec, chip);
		else
			snprintf(err, err_len,
			         "%s = %s: no GPIO line has this name (gpioinfo lists the names, e.g. "
			         "GPIO17; or "
			         "write chip:offset such as gpiochip0:17)",
			         what, spec);
		break;
	default:
		snprintf(err, err_len, "%s = %s: cannot open the GPIO line: %s", what, spec, strerror(e));
		break;
	}
	return -e;
}

int turno_gpioline_request(const struct turno_gpioline_request *request, struct gpiod_line **out, char *err,
                           size_t err_len)
{
	const char *what = request->what, *spec = request->spec;
	char chip_name[64];
	unsigned offset;
	struct gpiod_line *line;
	*out = NULL;
	if (!spec || !spec[0]) {
		snprintf(err, err_len, "%s is empty: write a line such as gpiochip0:17 or GPIO17", what);
		return -EINVAL;
	}
	if (split_spec(spec, chip_name, sizeof(chip_name), &offset)) {
		struct gpiod_chip *chip = gpiod_chip_open_lookup(chip_name);
		if (!chip)
			return open_failure(errno ? errno : ENOENT, what, spec, chip_name, err, err_len);
		unsigned lines = gpiod_chip_num_lines(chip);
		if (offset >= lines) {
			snprintf(err, err_len,
			         "%s = %s: %s has %u lines (offsets 0 to %u): check the offset with gpioinfo",
			         what, spec, gpiod_chip_name(chip), lines, lines ? lines - 1 : 0);
			gpiod_chip_close(chip);
			return -EINVAL;
		}
		line = gpiod_chip_get_line(chip, offset);
		if (!line) {
			int e = errno ? errno : EIO;
			gpiod_chip_close(chip);
			return open_failure(e, what, spec, chip_name, err, err_len);
		}
	} else {
		errno = 0;
		line = gpiod_line_find(spec);
		if (!line)
			return open_failure(errno ? errno : ENOENT, what, spec, NULL, err, err_len);
	}

	char where[96];
	snprintf(where, sizeof(where), "%s line %u", gpiod_chip_name(gpiod_line_get_chip(line)),
	         gpiod_line_offset(line));
	/* Who holds it, asked before our request (the answer is lost after a failure). */
	char holder[64] = "";
	if (gpiod_line_is_used(line))
		snprintf(holder, sizeof(holder), "%s",
		         gpiod_line_consumer(line) ? gpiod_line_consumer(line) : "");
	int rc = -1;
	switch (request->mode) {
	case TURNO_GPIOLINE_OUTPUT:
		rc = gpiod_line_request_output_flags(line, CONSUMER, request->flags, request->initial_value);
		break;
	case TURNO_GPIOLINE_EDGES:
		rc = gpiod_line_request_both_edges_events_flags(line, CONSUMER, request->flags);
		break;
	}
	if (rc < 0) {
		int e = errno ? errno : EIO;
		switch (e) {
		case EBUSY:
			snprintf(err, err_len,
			         "%s = %s (%s): the line is busy, held by \"%s\": stop the program or kernel "
			         "driver "
			         "using it (see gpioinfo), or wire another pin",
			         what, spec, where, holder[0] ? holder : "another program");
			break;
		case EACCES:
		case EPERM:
			snprintf(err, err_len,
			         "%s = %s (%s): permission denied: add the user running Turno to group gpio "
			         "(sudo adduser $USER gpio, then log in again)",
			         what, spec, where);
			break;
		case EINVAL:
		case EOPNOTSUPP:
			snprintf(err, err_len,
			         "%s = %s (%s): the chip refused the request (%s): this chip may not support "
			         "the "
			         "bias setting; try [gpio] bias = disabled with an external resistor",
			         what, spec, where, strerror(e));
			break;
		default:
			snprintf(err, err_len, "%s = %s (%s): cannot request the line: %s", what, spec, where,
			         strerror(e));
			break;
		}
		gpiod_line_close_chip(line);
		return -e;
	}
	*out = line;
	return 0;
}

void turno_gpioline_close(struct gpiod_line *line)
{
	if (!line)
		return;
	gpiod_line_release(line);
	gpiod_line_close_chip(line);
}
