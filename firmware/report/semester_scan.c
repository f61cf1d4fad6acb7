/* Three scans per office; a span wholly before the first ticket costs one index probe. */
#include "report/semester_scan.h"

#include "report/calendar.h"

#include <stdio.h>

struct feed {
	struct turno_semester_builder *builder;
	int office;
	enum turno_semester_span span;
};

static int feed_row(const struct turno_report_row *row, void *user)
{
	const struct feed *f = user;
	return turno_semester_builder_add(f->builder, f->office, f->span, row);
}

int turno_semester_scan_office(struct turno_semester_builder *builder, int office, struct turno_store *store,
                               const char *services)
{
	for (int s = 0; s < TURNO_SEM_SPANS; s++) {
		struct turno_report_filter filter = {0};
		int64_t from, to;
		turno_semester_builder_period(builder, (enum turno_semester_span)s, &from, &to);
		turno_cal_format_date(from, filter.from);
		turno_cal_format_date(to, filter.to);
		snprintf(filter.services, sizeof(filter.services), "%s", services ? services : "");
		struct feed f = {builder, office, (enum turno_semester_span)s};
		int rc = turno_report_scan(store, &filter, feed_row, &f);
		if (rc < 0)
			return rc;
	}
	return 0;
}
