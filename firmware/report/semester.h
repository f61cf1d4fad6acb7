/* The semester report's document: every figure the semester report shows (for any
 * period: a semester, a year, a month), for one office or a group of offices, as plain
 * data. turno-report fills it from the kiosk's SQLite file;
 * turno-office fills the same document from PostgreSQL; both hand it to the same layout
 * (reportpdf/reportpdf.h) and the same JSON (turno_semester_to_json). Nothing here
 * reads a database, a clock or a file.
 *
 * The usual way to fill it is the builder: describe the offices, feed it every ticket
 * of the period and of the two periods it compares with (turno_semester_builder_period()
 * says which days each is), then finish. Figures are those of report/aggregate.h and
 * report/orari.h, so the document agrees with the summary and orari reports exactly.
 *
 * turno_semester_builder_new() returns a builder to free with turno_semester_builder_free();
 * turno_semester_builder_finish() returns a document to free with turno_semester_free(). */
#ifndef TURNO_REPORT_SEMESTER_H
#define TURNO_REPORT_SEMESTER_H

#include "core/config.h"
#include "core/hours.h"
#include "core/words.h"
#include "report/aggregate.h"
#include "report/heatmap.h"
#include "report/orari.h"
#include "report/period.h"

#include <stdbool.h>
#include <stdint.h>

#define TURNO_SEM_MAX_OFFICES 16

/* The three periods a document reads: the one reported and the two it compares with. */
enum turno_semester_span {
	TURNO_SEM_NOW,
	TURNO_SEM_PREVIOUS,    /* the period just before (turno_period_previous) */
	TURNO_SEM_YEAR_BEFORE, /* the same period a year earlier (turno_period_year_before) */
};
#define TURNO_SEM_SPANS 3

/* A service as the document names it. */
struct turno_sem_service_info {
	char letter;
	char name[TURNO_TEXT]; /* in the document's language */
	int target_min;        /* the carta dei servizi's standard; 0 = none */
};

/* An office as the builder needs it. */
struct turno_sem_office_info {
	char name[TURNO_TEXT];
	int service_count;
	struct turno_sem_service_info services[TURNO_MAX_SERVICES];
	struct turno_hours hours; /* for the days counted and the hours shown */
	bool has_hours;           /* false: only days with tickets count */
};

struct turno_sem_service {
	struct turno_sem_service_info info;
	struct turno_figures span[TURNO_SEM_SPANS];
};

struct turno_sem_office {
	struct turno_sem_office_info info;
	int service_count; /* the configured ones first, then letters met only in tickets */
	struct turno_sem_service services[TURNO_MAX_SERVICES];
	struct turno_figures total[TURNO_SEM_SPANS];
	struct turno_orari_result orari; /* of the reported period */
};

struct turno_sem_month {
	int year, month;
	struct turno_figures fig; /* every office */
};

struct turno_semester {
	enum turno_lang lang;
	char title[TURNO_TEXT]; /* the group's name, or the office's when there is one */
	struct turno_period span[TURNO_SEM_SPANS];
	int64_t generated_days; /* the day the document was made */
	int office_count;
	struct turno_sem_office offices[TURNO_SEM_MAX_OFFICES];

	/* Every office together, over the reported period. */
	struct turno_figures total[TURNO_SEM_SPANS];
	struct turno_figures by_hour[24];   /* by local hour of issue; fig.issued 0 = none */
	struct turno_heatmap heatmap;       /* weekday × hour arrivals and waits */
	struct turno_heatmap_layout layout; /* rows and columns worth showing */
	/* People on an average opening day: the sum over the offices of each one's average
	 * (what a day like that brings to all of them); -1 when no office opened. */
	double weekday_per_day[7];
	double hour_per_day[24];    /* an hour of any weekday */
	double cell_per_day[7][24]; /* a weekday's hour */
	double people_per_day;      /* a whole opening day, all offices */
	int open_days;              /* the most days one office opened */
	int month_count;
	struct turno_sem_month *months; /* each month the period touches, in order */
};

struct turno_semester_builder;

/* title may be NULL or "" (then the only office's name, or "Uffici" / "Offices").
 * today_days: the day the document is made; openings after it are not counted. */
struct turno_semester_builder *turno_semester_builder_new(enum turno_lang lang, const char *title,
                                                          const struct turno_period *period,
                                                          int64_t today_days);
void turno_semester_builder_free(struct turno_semester_builder *builder);
/* The days of a span: [*from_days, *to_days]. */
void turno_semester_builder_period(const struct turno_semester_builder *builder,
                                   enum turno_semester_span span, int64_t *from_days, int64_t *to_days);
/* Adds an office; returns its index, -ENOSPC past TURNO_SEM_MAX_OFFICES, or -ENOMEM. */
int turno_semester_builder_add_office(struct turno_semester_builder *builder,
                                      const struct turno_sem_office_info *office);
/* One ticket of an office in a span (tickets outside the span's days are ignored).
 * Returns 0, -EINVAL for an unknown office, or -ENOMEM. */
int turno_semester_builder_add(struct turno_semester_builder *builder, int office,
                               enum turno_semester_span span, const struct turno_report_row *row);
/* Computes everything. On success returns 0 and the document in *out. */
int turno_semester_builder_finish(struct turno_semester_builder *builder, struct turno_semester **out);
void turno_semester_free(struct turno_semester *doc);

/* An office description from a configuration (name, services in lang, hours). */
void turno_sem_office_from_config(const struct turno_config *config, enum turno_lang lang,
                                  struct turno_sem_office_info *out);
/* A service of an office by letter; NULL when the office has none. */
const struct turno_sem_service *turno_sem_service_find(const struct turno_sem_office *office, char letter);

#endif
