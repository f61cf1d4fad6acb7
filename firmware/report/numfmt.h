/* Numbers as a person reads them in a document: Italian by default ("12.345",
 * "83,6 %", "12 min"), English with lang ("12,345", "83.6%", "12 min"). For the PDF, the
 * Italian CSV and the back office's pages alike. Pure: each writes into out and returns it.
 *
 * Between a number and its unit the Italian forms put a no-break space (U+00A0), so a
 * line is never broken inside "12 min"; TURNO_NBSP is that character in UTF-8. */
#ifndef TURNO_REPORT_NUMFMT_H
#define TURNO_REPORT_NUMFMT_H

#include "core/words.h"

#include <stddef.h>

#define TURNO_NBSP "\xc2\xa0"
#define TURNO_MINUS "\xe2\x88\x92" /* U+2212, the minus sign */

/* 12345 → "12.345" (it) / "12,345" (en); negative numbers with TURNO_MINUS. */
char *turno_fmt_int(long long value, enum turno_lang lang, char *out, size_t out_len);
/* value rounded to decimals (0…3) with the thousands grouped: 1234.56, 1 → "1.234,6". */
char *turno_fmt_decimal(double value, int decimals, enum turno_lang lang, char *out, size_t out_len);
/* A share 0…100 with one decimal: "83,6 %" / "83.6%". */
char *turno_fmt_percent(double percent, enum turno_lang lang, char *out, size_t out_len);
/* A duration in seconds, rounded to the minute: "12 min", "1 h 05 min"; under half a
 * minute "< 1 min"; negative (unknown) "—". */
char *turno_fmt_minutes(double seconds, enum turno_lang lang, char *out, size_t out_len);
/* A change in percent between two counts: "+4,2 %", "−3,1 %", "0 %"; "—" when before is 0. */
char *turno_fmt_change_pct(double before, double after, enum turno_lang lang, char *out, size_t out_len);
/* A change between two shares, in percentage points: "+3,5 punti" / "+3.5 points". */
char *turno_fmt_points(double delta, enum turno_lang lang, char *out, size_t out_len);
/* minute of the day → "08:30"; 1440 → "24:00". */
char *turno_fmt_clock(int minute_of_day, char *out, size_t out_len);

#endif
