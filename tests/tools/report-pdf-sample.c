/* A semester report PDF from a synthetic document: two offices, a year and a half of
 * tickets drawn from a fixed pseudo-random sequence straight into the document builder
 * (no database, no engine), so the pages depend only on the builder and the layout.
 * The golden page images in tests/golden/report-pdf/ are made from it.
 *
 *   report-pdf-sample OUT.pdf [OUT.json] [it|en]
 */
#include "core/config.h"
#include "print/fonts.h"
#include "report/calendar.h"
#include "report/semester_json.h"
#include "report/semester.h"
#include "reportpdf/reportpdf.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const configs[] = {
        "[office]\nname = Comune di Montelupo - URP\ntimezone = Europe/Rome\n"
        "[hours]\nmon = 08:30-12:30\ntue = 08:30-12:30, 14:30-17:30\nwed = 08:30-12:30\n"
        "thu = 08:30-12:30, 14:30-17:30\nfri = 08:30-12:30\nsat = 09:00-12:00\nsun = closed\n"
        "closed = 01-01, 01-06, 04-25, 05-01, 06-02, 08-15, 11-01, 12-08, 12-25, 12-26\n"
        "[service.A]\nname = Informazioni\ntarget_wait_minutes = 10\n"
        "[service.B]\nname = Anagrafe e stato civile\ntarget_wait_minutes = 20\n"
        "[service.C]\nname = Protocollo\ntarget_wait_minutes = 15\n"
        "[counter.1]\nservices = A, B, C\n",
        "[office]\nname = Comune di Montelupo - Ufficio tributi\ntimezone = Europe/Rome\n"
        "[hours]\nmon = 09:00-13:00\nwed = 09:00-13:00, 15:00-17:00\nfri = 09:00-13:00\n"
        "closed = 01-01, 01-06, 04-25, 05-01, 06-02, 08-15, 11-01, 12-08, 12-25, 12-26\n"
        "[service.T]\nname = Tributi (IMU, TARI)\ntarget_wait_minutes = 30\n"
        "[counter.1]\nservices = T\n",
};

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static double uniform(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (double)((rng_state * 0x2545f4914f6cdd1dull) >> 11) / 9007199254740992.0;
}

/* Arrivals busier mid-morning and on Mondays; waits longer when busier. */
static int feed(struct turno_semester_builder *b, int office, const struct turno_config *c)
{
	for (int s = 0; s < TURNO_SEM_SPANS; s++) {
		int64_t from, to;
		turno_semester_builder_period(b, (enum turno_semester_span)s, &from, &to);
		for (int64_t day = from; day <= to; day++) {
			struct turno_date d = turno_cal_from_days(day);
			int wd = turno_cal_weekday(day);
			struct tm tm = {.tm_year = d.year - 1900,
			                .tm_mon = d.month - 1,
			                .tm_mday = d.day,
			                .tm_wday = (wd + 1) % 7};
			struct turno_day_hours hours = turno_hours_for_day(&c->hours, NULL, &tm);
			for (int r = 0; r < hours.count; r++) {
				for (int minute = hours.range[r].start_min;
				     minute < hours.range[r].end_min - 15; minute += 4) {
					double busy = (minute < 13 * 60 ? 0.5 : 0.12) *
					              (wd == 0 ? 1.4 : 1.0) *
					              (minute >= 10 * 60 && minute < 12 * 60 ? 1.5 : 1.0) *
					              (s == TURNO_SEM_PREVIOUS ? 1.05 : 1.0);
					if (uniform() > busy)
						continue;
					const struct turno_service_config *svc =
					        &c->services[(int)(uniform() * c->service_count) %
					                     c->service_count];
					double fate = uniform();
					struct turno_report_row row = {
					        .prefix = svc->letter,
					        .service = svc->letter,
					        .state = fate < 0.93   ? TURNO_REPORT_COMPLETED
					                 : fate < 0.98 ? TURNO_REPORT_NO_SHOW
					                               : TURNO_REPORT_EXPIRED,
					        .local_days = day,
					        .local_minute = minute,
					};
					row.wait_s = row.state == TURNO_REPORT_EXPIRED
					                     ? -1
					                     : (int)(uniform() * uniform() * busy * 3600 *
					                             (s == 0 ? 1 : 1.1));
					row.service_s = row.state == TURNO_REPORT_COMPLETED
					                        ? 120 + (int)(uniform() * 600)
					                        : -1;
					if (turno_semester_builder_add(b, office, (enum turno_semester_span)s,
					                               &row) < 0)
						return -1;
				}
			}
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: report-pdf-sample OUT.pdf [OUT.json] [it|en]\n");
		return 2;
	}
	enum turno_lang lang = argc > 3 ? turno_lang_from_code(argv[3]) : TURNO_LANG_IT;
	struct turno_period semester;
	turno_period_semester("2026-1", &semester);
	struct turno_semester_builder *b = turno_semester_builder_new(lang, "Comune di Montelupo", &semester,
	                                                              turno_cal_days(2026, 7, 2));
	for (size_t i = 0; b && i < sizeof(configs) / sizeof(configs[0]); i++) {
		struct turno_config *c;
		char err[256];
		if (turno_config_load_string(configs[i], "sample.ini", &c, err, sizeof(err)) < 0) {
			fprintf(stderr, "report-pdf-sample: %s\n", err);
			return 1;
		}
		struct turno_sem_office_info info;
		turno_sem_office_from_config(c, lang, &info);
		int office = turno_semester_builder_add_office(b, &info);
		if (office < 0 || feed(b, office, c) < 0)
			return 1;
		turno_config_free(c);
	}
	struct turno_semester *doc;
	if (!b || turno_semester_builder_finish(b, &doc) < 0)
		return 1;
	turno_semester_builder_free(b);
	char regular[PATH_MAX], bold[PATH_MAX];
	if (turno_font_find("", TURNO_FONT_REGULAR, regular, sizeof(regular)) < 0 ||
	    turno_font_find("", TURNO_FONT_BOLD, bold, sizeof(bold)) < 0) {
		fprintf(stderr, "report-pdf-sample: no DejaVu fonts\n");
		return 1;
	}
	struct turno_reportpdf_fonts fonts = {regular, bold};
	FILE *out = fopen(argv[1], "wb");
	int rc = out ? turno_reportpdf_write(doc, &fonts, out) : -1;
	if (out && fclose(out) != 0)
		rc = -1;
	if (rc == 0 && argc > 2) {
		cJSON *json = turno_semester_to_json(doc);
		char *text = json ? cJSON_Print(json) : NULL;
		FILE *j = fopen(argv[2], "w");
		rc = text && j && fputs(text, j) >= 0 ? 0 : -1;
		if (j)
			fclose(j);
		free(text);
		cJSON_Delete(json);
	}
	turno_semester_free(doc);
	if (rc < 0) {
		fprintf(stderr, "report-pdf-sample: writing failed\n");
		return 1;
	}
	return 0;
}
