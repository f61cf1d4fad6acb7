/* The findings of a semester report (report/semester.h) in plain words, for the page a Sindaco reads first
 * (and the back office's pages): how many people came, how many were called within the
 * carta dei servizi's standard, the busiest days and hours, the quietest band of the
 * opening hours, what changed against the previous period and the year before, who was
 * not served. Pure: the document in, sentences out, numbers in the document's language
 * (report/numfmt.h). */
#ifndef TURNO_REPORT_FINDINGS_H
#define TURNO_REPORT_FINDINGS_H

#include "report/semester.h"

#include <stddef.h>

enum turno_finding_kind {
	TURNO_FINDING_PEOPLE,
	TURNO_FINDING_STANDARD,
	TURNO_FINDING_SERVICES,
	TURNO_FINDING_DAYS,
	TURNO_FINDING_BANDS, /* one per office */
	TURNO_FINDING_PREVIOUS,
	TURNO_FINDING_YEAR_BEFORE,
	TURNO_FINDING_MISSED,
	TURNO_FINDING_OFFICES, /* several offices only */
};

struct turno_finding {
	enum turno_finding_kind kind;
	char heading[128];
	char text[1024];
};

#define TURNO_MAX_FINDINGS (8 + TURNO_SEM_MAX_OFFICES)

/* Writes up to max findings into out, in reading order; returns how many. */
int turno_findings(const struct turno_semester *doc, struct turno_finding *out, int max);

/* Fills a sentence template: "{1}" … "{9}" are replaced by args[0] … args[8] (a word
 * order per language, no printf formats in translated text). Returns out. */
char *turno_fill(char *out, size_t out_len, const char *template_text, const char *const *args, int nargs);

#endif
