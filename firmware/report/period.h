/* The period of a report as staff name it: dates written the Italian way ("01/01/2026")
 * or ISO ("2026-01-01"), named periods (a month, a quarter, a semester, a year), and the
 * periods a report compares with: the one just before and the same one a year before.
 * Pure: day numbers in and out (days since 1970-01-01, report/calendar.h), no clock. */
#ifndef TURNO_REPORT_PERIOD_H
#define TURNO_REPORT_PERIOD_H

#include "core/words.h"

#include <stddef.h>
#include <stdint.h>

enum turno_period_kind {
	TURNO_PERIOD_DAYS, /* any span of days */
	TURNO_PERIOD_MONTH,
	TURNO_PERIOD_QUARTER,
	TURNO_PERIOD_SEMESTER,
	TURNO_PERIOD_YEAR,
	TURNO_PERIOD_MONTHS, /* whole months that are none of the above (e.g. March–May) */
};

struct turno_period {
	int64_t from_days, to_days; /* both included */
	enum turno_period_kind kind;
};

/* A date as a person writes it: "2026-01-15", "15/01/2026", "15/1/2026", "15.01.2026" or
 * "15-01-2026" (day first, a four-digit year). Returns 0 or -EINVAL (not a real date,
 * or a two-digit year, which is ambiguous). */
int turno_period_parse_date(const char *text, int64_t *days);

/* Named periods. "2026-1" / "1/2026" (semester 1 or 2); "2026-Q2", "2026-2" / "2/2026"
 * (quarter 1…4); "2026-03" / "03/2026" / "3/2026" (month); "2026" (year).
 * Each returns 0 or -EINVAL. */
int turno_period_semester(const char *text, struct turno_period *out);
int turno_period_quarter(const char *text, struct turno_period *out);
int turno_period_month(const char *text, struct turno_period *out);
int turno_period_year(const char *text, struct turno_period *out);

/* What a span of days is: a whole month, quarter, semester, year, or just days. */
struct turno_period turno_period_of(int64_t from_days, int64_t to_days);

/* The period just before: a span of whole months moves back by as many months (the
 * first semester's previous period is the second semester of the year before), any
 * other span by its length in days. */
struct turno_period turno_period_previous(const struct turno_period *period);
/* The same period a year earlier (29 February becomes the 28th; a whole month stays a
 * whole month). */
struct turno_period turno_period_year_before(const struct turno_period *period);

/* How a person names it: "1° semestre 2026", "marzo 2026", "anno 2026", "2° trimestre
 * 2026", "marzo – maggio 2026", or the dates "3 – 17 marzo 2026" (English forms with
 * lang). Returns out. */
char *turno_period_name(const struct turno_period *period, enum turno_lang lang, char *out, size_t out_len);
/* The dates in words, always: "1 gennaio – 30 giugno 2026", "3 – 17 marzo 2026",
 * "15 dicembre 2025 – 10 gennaio 2026", "1 marzo 2026" (one day). Returns out. */
char *turno_period_dates(int64_t from_days, int64_t to_days, enum turno_lang lang, char *out, size_t out_len);
/* One date in words: "1 gennaio 2026" / "1 January 2026". Returns out. */
char *turno_date_long(int64_t days, enum turno_lang lang, char *out, size_t out_len);

#endif
