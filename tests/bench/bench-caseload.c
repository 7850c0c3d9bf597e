/* bench-caseload.c: the caseload of a whole subred
 *
 * On a demo city of 300,000 households (BIE_BENCH_CACHE=FILE to measure a
 * cache built before, BIE_BENCH_HOUSEHOLDS=N to build another size):
 * the caseload model's first page, search as one types (beside the bare
 * FTS5 queries of the same text: the ranked ones the search runs, and a
 * listing of every match), changing a filter or the sort, and the
 * memory the process holds. Prints one figure a line, "name: value unit".
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bie-caseload-model.h"
#include "bench-utils.h"
#include "bie-demo-cache.h"
#include "bie-store-private.h"

#define PAGE 30

/* What a view does for a page: make the items of the first rows. */
static void
touch_page (BieCaseloadModel *model)
{
  guint n = MIN (PAGE, g_list_model_get_n_items (G_LIST_MODEL (model)));

  for (guint i = 0; i < n; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
}

static long
resident_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return -1;

  return strtol (line + strlen ("VmRSS:"), NULL, 10);
}

/* The FTS5 statements alone, as the caseload's search runs them (ranked,
 * the best of each index) and as a bare listing of every match. */
static const char *bare_sql[][2] = {
  { "SELECT rowid FROM person_search WHERE person_search MATCH ?"
    " ORDER BY match_rank (person_search, 1, 0, 0), rowid LIMIT " G_STRINGIFY (BIE_CASELOAD_MAX_MATCHES),
    "SELECT rowid FROM household_search WHERE household_search MATCH ?"
    " ORDER BY match_rank (household_search, 0, 1), rowid LIMIT " G_STRINGIFY (BIE_CASELOAD_MAX_MATCHES) },
  { "SELECT rowid FROM person_search WHERE person_search MATCH ?",
    "SELECT rowid FROM household_search WHERE household_search MATCH ?" },
};

/* Runs both statements of @stmts on @match, adding their time to @samples. */
static void
time_bare (sqlite3_stmt **stmts,
           const char    *match,
           GArray        *samples)
{
  double start = bench_now_ms ();

  for (guint i = 0; i < 2; i++)
    {
      sqlite3_bind_text (stmts[i], 1, match, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmts[i]) == SQLITE_ROW)
        ;
      sqlite3_reset (stmts[i]);
    }
  bench_add_sample (samples, start);
}

/* Every keystroke of a few names and places, as a nurse types them. */
static const char *typed[] = { "nunez", "gomez rodriguez", "calle 45", "004501", "maria jose", "1020" };

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bienestar-bench-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "demo.sqlite", NULL);
  g_autoptr(BieStore) store = NULL;
  g_autoptr(BieCaseloadModel) model = NULL;
  g_autoptr(GArray) keystrokes = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *bare[G_N_ELEMENTS (bare_sql)];
  g_autoptr(GArray) filters = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean keep = g_getenv ("BIE_BENCH_CACHE") != NULL;
  sqlite3_stmt *stmts[G_N_ELEMENTS (bare_sql)][2];
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

  /* From opening the cache to the first page of the caseload. */
  start = bench_now_ms ();
  store = bie_store_open (path, &error);
  g_assert_no_error (error);
  model = bie_caseload_model_new (store);
  touch_page (model);
  printf ("caseload_first_page: %.1f ms\n", bench_now_ms () - start);
  printf ("caseload_households: %u households\n", g_list_model_get_n_items (G_LIST_MODEL (model)));

  /* The bare FTS5 queries of the same text, on the same connection. */
  for (guint b = 0; b < G_N_ELEMENTS (bare_sql); b++)
    {
      bare[b] = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint i = 0; i < 2; i++)
        g_assert_cmpint (sqlite3_prepare_v2 (bie_store_get_connection (store), bare_sql[b][i], -1,
                                             &stmts[b][i], NULL), ==, SQLITE_OK);
    }

  for (guint t = 0; t < G_N_ELEMENTS (typed); t++)
    for (gsize length = 1; length <= strlen (typed[t]); length++)
      {
        g_autofree char *text = g_strndup (typed[t], length);
        g_autofree char *match = bie_store_build_match (text);
        BieCaseloadFilter filter = { .text = text };

        start = bench_now_ms ();
        g_assert_true (bie_caseload_model_set_filter (model, &filter, &error));
        touch_page (model);
        bench_add_sample (keystrokes, start);

        if (match == NULL)
          continue;
        for (guint b = 0; b < G_N_ELEMENTS (bare_sql); b++)
          time_bare (stmts[b], match, bare[b]);
      }
  for (guint b = 0; b < G_N_ELEMENTS (bare_sql); b++)
    for (guint i = 0; i < 2; i++)
      sqlite3_finalize (stmts[b][i]);

  printf ("search_keystroke_p95: %.1f ms\n", bench_percentile (keystrokes, 0.95));
  printf ("search_keystroke_median: %.1f ms\n", bench_percentile (keystrokes, 0.5));
  printf ("search_keystroke_bare_fts5_ranked_p95: %.1f ms\n", bench_percentile (bare[0], 0.95));
  printf ("search_keystroke_bare_fts5_every_match_p95: %.1f ms\n", bench_percentile (bare[1], 0.95));
  for (guint b = 0; b < G_N_ELEMENTS (bare_sql); b++)
    g_array_unref (bare[b]);

  /* Filters and sorts, one after another, as from the sidebar and menus:
   * each sort chosen on the whole caseload, then every filter in it. */
  for (guint round = 0; round < 3; round++)
    for (BieCaseloadSort sort = BIE_CASELOAD_SORT_PRIORITY; sort <= BIE_CASELOAD_SORT_LAST_CONTACT; sort++)
      {
        BieCaseloadFilter choices[] = {
          { 0 },
          { .risk_code = "mental-health" },
          { .overdue = TRUE },
          { .no_contact_days = 90 },
          { .pregnant = TRUE },
          { .child_under_five = TRUE },
          { .plan_status = "none" },
          { .localidad_id = 19 },
          { .sector_id = 1000, .overdue = TRUE },
        };

        g_assert_true (bie_caseload_model_set_filter (model, &choices[0], &error));
        start = bench_now_ms ();
        g_assert_true (bie_caseload_model_set_sort (model, sort, &error));
        touch_page (model);
        bench_add_sample (filters, start);

        for (guint i = 1; i < G_N_ELEMENTS (choices); i++)
          {
            start = bench_now_ms ();
            g_assert_true (bie_caseload_model_set_filter (model, &choices[i], &error));
            touch_page (model);
            bench_add_sample (filters, start);
          }
      }
  printf ("filter_or_sort_change_p95: %.1f ms\n", bench_percentile (filters, 0.95));
  printf ("filter_or_sort_change_median: %.1f ms\n", bench_percentile (filters, 0.5));
  printf ("resident_memory_with_caseload: %.1f MB\n", resident_kib () / 1024.0);

  g_clear_object (&model);
  g_clear_object (&store);
  if (!keep)
    bie_store_remove_files (path);
  g_rmdir (dir);

  return 0;
}
