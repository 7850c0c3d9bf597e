/* bench-utils.c: what every benchmark measures with
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench-utils.h"

/* Milliseconds on the monotonic clock. */
double
bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* Milliseconds of processor time of @clock (CLOCK_THREAD_CPUTIME_ID or
 * CLOCK_PROCESS_CPUTIME_ID): unlike the clock, not lengthened by other
 * processes on a busy machine. */
double
bench_cpu_ms (clockid_t clock)
{
  struct timespec now;

  clock_gettime (clock, &now);

  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

/* Adds the time since @start (from bench_now_ms()) to @samples. */
void
bench_add_sample (GArray *samples,
                  double  start)
{
  double elapsed = bench_now_ms () - start;

  g_array_append_val (samples, elapsed);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The @p quantile (0.95 for p95) of @samples, which it sorts. */
double
bench_percentile (GArray *samples,
                  double  p)
{
  g_array_sort (samples, compare_doubles);

  return g_array_index (samples, double, MIN (samples->len - 1, (guint) (p * samples->len)));
}

/* A figure of /proc/self/status in KiB ("VmRSS", "VmHWM"), or -1. */
long
bench_status_kib (const char *field)
{
  g_autofree char *status = NULL;
  g_autofree char *key = g_strconcat ("\n", field, ":", NULL);
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, key)) == NULL)
    return -1;

  return strtol (line + strlen (key), NULL, 10);
}
