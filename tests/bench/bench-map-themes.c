/* bench-map-themes.c: the sector map read from the local cache
 *
 * On a demo city of 300,000 households (BIE_BENCH_CACHE=FILE to measure a
 * cache built before, BIE_BENCH_HOUSEHOLDS=N to build another size):
 * reading the territory and every household's point once, then changing
 * the theme over the whole city, each theme in turn: the figures read
 * from the store and the renderer's classes made from them, what a theme
 * change costs the Map view before its next frame. Prints one figure a
 * line, "name: value unit".
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "bench-utils.h"
#include "bie-demo-cache.h"
#include "bie-map.h"
#include "bie-store-map.h"

#define ROUNDS 10

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieStore) store = NULL;
  g_autoptr(BieMapSnapshot) snapshot = NULL;
  g_autoptr(BieMapRenderer) renderer = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = g_dir_make_tmp ("bienestar-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "city.sqlite", NULL);
  gboolean keep = g_getenv ("BIE_BENCH_CACHE") != NULL;
  double start;

  if (keep)
    {
      g_free (path);
      path = g_strdup (g_getenv ("BIE_BENCH_CACHE"));
    }
  else
    {
      BieDemoOptions options;

      bie_demo_options_init (&options);
      options.n_households = g_getenv ("BIE_BENCH_HOUSEHOLDS") != NULL ?
                             (guint) g_ascii_strtoull (g_getenv ("BIE_BENCH_HOUSEHOLDS"), NULL, 10) : 300000;
      options.today = g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);
      if (!bie_demo_cache_generate (path, &options, NULL, NULL, NULL, &error))
        g_error ("%s", error->message);
      g_date_free (options.today);
    }

  store = bie_store_open (path, &error);
  g_assert_no_error (error);

  /* What the Map view reads the first time it is shown. */
  start = bench_now_ms ();
  snapshot = bie_store_map_snapshot (store, &error);
  g_assert_no_error (error);
  renderer = bie_map_renderer_new (snapshot);
  printf ("map_snapshot: %.1f ms\n", bench_now_ms () - start);
  printf ("map_sectors: %u sectors\n", snapshot->sectors->len);
  printf ("map_households: %u households\n", snapshot->n_households);

  for (guint round = 0; round < ROUNDS; round++)
    for (BieMapTheme theme = 0; theme < BIE_MAP_N_THEMES; theme++)
      {
        BieMapFigures *figures;

        start = bench_now_ms ();
        figures = bie_store_map_figures (store, snapshot, theme, "mental-health", &error);
        g_assert_no_error (error);
        bie_map_renderer_set_figures (renderer, figures);
        bench_add_sample (changes, start);
      }
  printf ("map_theme_change_median: %.1f ms\n", bench_percentile (changes, 0.5));
  printf ("map_theme_change_p95: %.1f ms\n", bench_percentile (changes, 0.95));
  printf ("map_theme_change_max: %.1f ms\n", bench_percentile (changes, 1.0));
  printf ("map_rss: %.1f MB\n", bench_status_kib ("VmRSS") / 1024.0);

  g_clear_object (&store);
  if (!keep)
    bie_store_remove_files (path);
  g_rmdir (dir);

  return 0;
}
