/* Reading tickets for a report: one pass over the tickets table (through the
 * tickets_issued index, or the whole table when the range covers it all) and one
 * bounded pass over the events for transfers. Read-only; opens nothing itself: the
 * caller passes a store opened with TURNO_STORE_READONLY. */
#ifndef TURNO_REPORT_SCAN_H
#define TURNO_REPORT_SCAN_H

#include "report/aggregate.h"

#include <stdbool.h>

struct turno_store;

struct turno_report_filter {
	char from[11];     /* first local date, "YYYY-MM-DD", inclusive */
	char to[11];       /* last local date, inclusive */
	char services[27]; /* current service letters to keep; empty = all */
	int counter;       /* keep only tickets called to this counter; 0 = all */
	bool ordered;      /* deliver in issue order (the tickets listing); else any order */
	bool details;      /* fill day, label, priority, call and finish times, print state;
	                    * without it only what aggregation needs is read (faster) */
};

/* Called once per ticket that passes the filter; a negative return stops the scan
 * and is returned by turno_report_scan(). */
typedef int (*turno_report_row_fn)(const struct turno_report_row *row, void *user);

/* Returns 0, the callback's negative value, TURNO_E_DB, or -ENOMEM. */
int turno_report_scan(struct turno_store *store, const struct turno_report_filter *filter,
                      turno_report_row_fn fn, void *user);

/* Whether a ticket passes the service and counter filters (pure; for tests). */
bool turno_report_filter_match(const struct turno_report_filter *filter, const struct turno_report_row *row);
/* Maps a tickets.state word; -EINVAL when unknown. */
int turno_report_state_parse(const char *text, enum turno_report_state *out);

#endif
