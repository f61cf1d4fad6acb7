/* Estimated wait: people ahead × a robust mean of recent service times ÷ active
 * counters, or the configured default when there is no history. Pure. */
#ifndef TURNO_ESTIMATE_H
#define TURNO_ESTIMATE_H

/* service_seconds: the most recent service times at counters that serve the service
 * (any order, n may be 0). active_counters below 1 counts as 1. Returns minutes,
 * rounded up; 0 when nobody is ahead. */
int turno_estimate_wait_minutes(int ahead, const int *service_seconds, int n, int active_counters,
                                int default_service_minutes);
/* The typical service time the estimate uses (seconds): the mean after capping
 * outliers at three times the median (the lower middle value for an even count); default_service_minutes × 60
 * when n is 0. */
int turno_estimate_service_seconds(const int *service_seconds, int n, int default_service_minutes);

#endif
