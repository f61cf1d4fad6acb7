/* Wait estimates. Pure arithmetic, tested directly. */
#include "core/estimate.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SAMPLES 1000

static int compare_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

int turno_estimate_service_seconds(const int *service_seconds, int n, int default_service_minutes)
{
	if (n <= 0)
		return default_service_minutes * 60;
	if (n > MAX_SAMPLES)
		n = MAX_SAMPLES;
	int sorted[MAX_SAMPLES];
	memcpy(sorted, service_seconds, (size_t)n * sizeof(int));
	qsort(sorted, (size_t)n, sizeof(int), compare_int);
	int median = sorted[(n - 1) / 2]; /* the lower middle for an even count */
	/* One citizen who stayed an hour should not triple everyone's estimate. */
	long long cap = 3LL * (median > 0 ? median : 1);
	long long sum = 0;
	for (int i = 0; i < n; i++)
		sum += sorted[i] > cap ? cap : sorted[i];
	int mean = (int)(sum / n);
	return mean > 0 ? mean : 1;
}

int turno_estimate_wait_minutes(int ahead, const int *service_seconds, int n, int active_counters,
                                int default_service_minutes)
{
	if (ahead <= 0)
		return 0;
	if (active_counters < 1)
		active_counters = 1;
	long long per_citizen = turno_estimate_service_seconds(service_seconds, n, default_service_minutes);
	long long seconds = per_citizen * ahead / active_counters;
	return (int)((seconds + 59) / 60);
}
