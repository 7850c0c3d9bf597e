/* bench-utils.h: what every benchmark measures with
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <time.h>

G_BEGIN_DECLS

double bench_now_ms     (void);
double bench_cpu_ms     (clockid_t clock);
void   bench_add_sample (GArray *samples,
                         double  start);
double bench_percentile (GArray *samples,
                         double  p);
long   bench_status_kib (const char *field);

G_END_DECLS
