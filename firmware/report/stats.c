/* Sorting and percentiles. A year of a busy office is a million waits: an LSD radix
 * sort on 32-bit keys is several times faster than qsort's comparison calls. */
#include "report/stats.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Below this, insertion sort beats setting up the radix passes. */
#define SMALL_SORT 64

static void insertion_sort(int *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		int x = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

int turno_stats_sort(int *values, size_t n)
{
	if (n < SMALL_SORT) {
		insertion_sort(values, n);
		return 0;
	}
	uint32_t *tmp = malloc(n * sizeof(*tmp));
	if (!tmp)
		return -ENOMEM;
	/* Flipping the sign bit makes signed order equal unsigned order. */
	uint32_t *src = (uint32_t *)values, *dst = tmp;
	for (size_t i = 0; i < n; i++)
		src[i] ^= 0x80000000u;
	for (int shift = 0; shift < 32; shift += 8) {
		size_t count[257] = {0};
		for (size_t i = 0; i < n; i++)
			count[((src[i] >> shift) & 0xff) + 1]++;
		if (count[((src[0] >> shift) & 0xff) + 1] == n)
			continue; /* every key has the same byte here: nothing to move */
		for (int b = 0; b < 256; b++)
			count[b + 1] += count[b];
		for (size_t i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & 0xff]++] = src[i];
		uint32_t *swap = src;
		src = dst;
		dst = swap;
	}
	if (src != (uint32_t *)values)
		memcpy(values, src, n * sizeof(*src));
	for (size_t i = 0; i < n; i++)
		((uint32_t *)values)[i] ^= 0x80000000u;
	free(tmp);
	return 0;
}

size_t turno_stats_rank(size_t n, int percent)
{
	if (percent < 1)
		percent = 1;
	if (percent > 100)
		percent = 100;
	/* ceil(percent × n / 100) in integers: exact, no floating-point rounding. */
	size_t rank = ((size_t)percent * n + 99) / 100;
	return rank < 1 ? 1 : rank;
}

int turno_stats_percentile(const int *sorted, size_t n, int percent)
{
	if (n == 0)
		return -1;
	return sorted[turno_stats_rank(n, percent) - 1];
}

double turno_stats_mean(const int *values, size_t n)
{
	if (n == 0)
		return 0;
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += values[i];
	return (double)sum / (double)n;
}
