/* The semester report's tickets from a kiosk database: for one office, each of the
 * builder's spans (the period, the one before, the year before) read in one scan each.
 * The only place where the document (report/semester.h, which knows no database) meets
 * the store; the read itself is report/scan.h's. Never logs. */
#ifndef TURNO_REPORT_SEMESTER_SCAN_H
#define TURNO_REPORT_SEMESTER_SCAN_H

#include "report/semester.h"
#include "report/scan.h"

struct turno_store;

/* services: the letters to keep ("" = all). Returns 0, TURNO_E_DB or -ENOMEM. */
int turno_semester_scan_office(struct turno_semester_builder *builder, int office, struct turno_store *store,
                               const char *services);

#endif
