/* Order statistics for waits and service times: sorting seconds, nearest-rank
 * percentiles, means. Pure.
 *
 * Nearest-rank percentile: the P-th percentile of N values sorted ascending is the
 * value at rank ceil(P/100 × N) (ranks count from 1). It is always one of the values
 * that occurred; the median is the 50th percentile (for an even N, the lower of the
 * two middle values). */
#ifndef TURNO_REPORT_STATS_H
#define TURNO_REPORT_STATS_H

#include <stddef.h>

/* Sorts ascending in place (a radix sort: seconds are non-negative; negatives are
 * placed first). Returns 0 or -ENOMEM. */
int turno_stats_sort(int *values, size_t n);
/* values must be sorted ascending; percent in 1…100. Returns -1 when n is 0. */
int turno_stats_percentile(const int *sorted, size_t n, int percent);
/* The 1-based rank nearest-rank picks: ceil(percent × n / 100), at least 1. */
size_t turno_stats_rank(size_t n, int percent);
/* Arithmetic mean; 0 when n is 0. */
double turno_stats_mean(const int *values, size_t n);

#endif
