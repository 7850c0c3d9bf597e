/* bench-timeline.c: the care plan timeline and the printed plans
 *
 * One plan of ten members with fifty activities each (500 activities over
 * a year), drawn into a 1600×900 image again and again: a frame from a
 * kept layout (what the widget does while it scrolls) and a frame laid
 * out anew (what a new plan or zoom costs). Then the plans of a demo city
 * read from its cache and printed into one PDF, 1,000 of them, with the
 * memory the process holds after 100 and after 1,000 (BIE_BENCH_CACHE=FILE
 * to use a cache built before, BIE_BENCH_HOUSEHOLDS=N for another city,
 * BIE_BENCH_PLANS=N for another run). Prints one figure a line,
 * "name: value unit".
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <time.h>

#include "bench-utils.h"
#include "bie-demo-cache.h"
#include "bie-plan-pages.h"
#include "bie-store-caseload.h"
#include "bie-store-plans.h"
#include "bie-timeline.h"

#define FRAMES 300

static const char *titles[] = {
  "Prenatal control", "Vaccination", "Growth and development monitoring", "Psychology session",
  "Respite for the caregiver", "Nutrition follow-up", "Chronic disease control", "Health education",
  "Appointment management", "Home visit", "Work session", "Referral to social services",
};

static BiePlanSnapshot *
synthetic_plan (void)
{
  BiePlanSnapshot *plan = bie_plan_snapshot_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  GDate first;

  plan->household_name = g_strdup ("María José Núñez Peña");
  g_date_set_dmy (&plan->today, 25, G_DATE_NOVEMBER, 2026);
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, G_DATE_MAY, 2026);
  bie_plan_snapshot_add_lane (plan, 0, "Whole family", -1, NULL);
  for (guint member = 1; member <= 10; member++)
    {
      g_autofree char *name = g_strdup_printf ("Integrante %u Núñez Peña", member);
      g_autofree char *document = g_strdup_printf ("CC %u", 52345678 + member);

      bie_plan_snapshot_add_lane (plan, member, name, 3 * member, document);
      for (guint i = 0; i < 50; i++)
        {
          BiePlanActivity *activity = bie_plan_snapshot_add_activity (plan, member, "kind",
                                                                      titles[g_rand_int_range (rand, 0, G_N_ELEMENTS (titles))]);

          activity->status = g_rand_int_range (rand, 0, BIE_TIMELINE_N_STATUSES);
          activity->start = first;
          g_date_add_days (&activity->start, g_rand_int_range (rand, 0, 365));
          activity->end = activity->start;
          g_date_add_days (&activity->end, g_rand_int_range (rand, 0, 30));
          activity->overdue = bie_activity_status_is_open (activity->status) &&
                              g_date_compare (&activity->end, &plan->today) < 0;
        }
    }
  for (guint i = 0; i < 5; i++)
    {
      BiePlanGoal *goal = bie_plan_snapshot_add_goal (plan, "Sofía completa su esquema de vacunación");

      goal->status = i % 4;
      goal->target = first;
      g_date_add_days (&goal->target, 60 + 70 * i);
    }

  return plan;
}

static void
bench_frames (void)
{
  g_autoptr(BiePlanSnapshot) plan = synthetic_plan ();
  g_autoptr(BieTimelineLayout) layout = NULL;
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) anew = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1600, 900);
  cairo_t *cr = cairo_create (surface);
  BieTimelineStyle style;
  BieTimelineView view = { 0 };
  double start, cpu_start, cpu_ms;

  bie_timeline_style_init_light (&style);
  bie_timeline_view_fit (&view, plan, 1600, 900);

  /* Fonts loaded before the clock starts, as in a running application. */
  bie_timeline_render (cr, plan, &view, &style);

  start = bench_now_ms ();
  layout = bie_timeline_layout_new (plan, &view);
  printf ("timeline_layout: %.2f ms\n", bench_now_ms () - start);
  printf ("timeline_natural_height: %.0f px\n", bie_timeline_layout_get_height (layout));

  /* Scrolling through the lanes and along the days, as a widget does. */
  for (guint i = 0; i < FRAMES; i++)
    {
      BieTimelineView frame = view;

      frame.scroll_y = (i % 30) * 20;
      frame.first_day += (i % 17) - 8;
      start = bench_now_ms ();
      cpu_start = bench_cpu_ms (CLOCK_THREAD_CPUTIME_ID);
      bie_timeline_layout_draw (layout, cr, &frame, &style);
      cairo_surface_flush (surface);
      bench_add_sample (kept, start);
      cpu_ms = bench_cpu_ms (CLOCK_THREAD_CPUTIME_ID) - cpu_start;
      g_array_append_val (cpu, cpu_ms);
    }
  printf ("timeline_frame_median: %.2f ms\n", bench_percentile (kept, 0.5));
  printf ("timeline_frame_p95: %.2f ms\n", bench_percentile (kept, 0.95));
  printf ("timeline_frame_cpu_median: %.2f ms\n", bench_percentile (cpu, 0.5));
  printf ("timeline_frame_cpu_p95: %.2f ms\n", bench_percentile (cpu, 0.95));

  for (guint i = 0; i < FRAMES / 3; i++)
    {
      start = bench_now_ms ();
      bie_timeline_render (cr, plan, &view, &style);
      cairo_surface_flush (surface);
      bench_add_sample (anew, start);
    }
  printf ("timeline_render_uncached_median: %.2f ms\n", bench_percentile (anew, 0.5));
  printf ("timeline_render_uncached_p95: %.2f ms\n", bench_percentile (anew, 0.95));

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

typedef struct
{
  BieStore *store;
  GArray   *ids;
  guint     next;
  guint     n_plans;
  long      rss_100;
  long      rss_1000;
  double    start;
  double    first_100;
} Source;

static BiePlanSnapshot *
next_plan (gpointer   user_data,
           GError   **error)
{
  Source *source = user_data;
  gint64 id;

  if (source->next >= source->n_plans)
    return NULL;

  /* Around again when the city has fewer plans than the run. */
  id = g_array_index (source->ids, gint64, source->next++ % source->ids->len);

  return bie_store_plan_snapshot (source->store, id, error);
}

static void
progress (guint    n_done,
          gpointer user_data)
{
  Source *source = user_data;

  if (n_done == 100)
    {
      source->rss_100 = bench_status_kib ("VmRSS");
      source->first_100 = bench_now_ms () - source->start;
    }
  if (n_done == source->n_plans)
    source->rss_1000 = bench_status_kib ("VmRSS");
}

static void
bench_pdf (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bienestar-bench-XXXXXX", &error);
  g_autofree char *cache = g_build_filename (dir, "demo.sqlite", NULL);
  g_autofree char *pdf = g_build_filename (dir, "plans.pdf", NULL);
  g_autoptr(BieStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GDate) today = g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);
  BiePlanSelection selection = { 0 };
  gboolean keep = g_getenv ("BIE_BENCH_CACHE") != NULL;
  Source source = { 0 };
  GStatBuf info;
  double seconds;

  if (keep)
    {
      g_free (cache);
      cache = g_strdup (g_getenv ("BIE_BENCH_CACHE"));
    }
  else
    {
      BieDemoOptions options;

      bie_demo_options_init (&options);
      options.n_households = g_getenv ("BIE_BENCH_HOUSEHOLDS") != NULL ?
                             (guint) g_ascii_strtoull (g_getenv ("BIE_BENCH_HOUSEHOLDS"), NULL, 10) : 10000;
      options.today = today;
      if (!bie_demo_cache_generate (cache, &options, NULL, NULL, NULL, &error))
        g_error ("%s", error->message);
    }

  store = bie_store_open (cache, &error);
  g_assert_no_error (error);
  bie_store_set_today (store, today);
  ids = bie_store_list_plans (store, &selection, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);
  printf ("pdf_city_plans: %u plans\n", ids->len);

  source.store = store;
  source.ids = ids;
  source.n_plans = g_getenv ("BIE_BENCH_PLANS") != NULL ?
                   (guint) g_ascii_strtoull (g_getenv ("BIE_BENCH_PLANS"), NULL, 10) : 1000;
  printf ("pdf_rss_before: %.1f MB\n", bench_status_kib ("VmRSS") / 1024.0);
  source.start = bench_now_ms ();
  if (!bie_plan_pages_write_pdf (pdf, BIE_PAPER_A4, today, next_plan, &source, progress, &source, NULL, &error))
    g_error ("%s", error->message);
  seconds = (bench_now_ms () - source.start) / 1000;

  printf ("pdf_plans: %u plans\n", source.n_plans);
  printf ("pdf_total: %.1f s\n", seconds);
  printf ("pdf_per_plan: %.1f ms\n", seconds * 1000 / source.n_plans);
  if (source.rss_100 > 0)
    printf ("pdf_rss_after_100: %.1f MB\n", source.rss_100 / 1024.0);
  if (source.rss_1000 > 0)
    printf ("pdf_rss_after_%u: %.1f MB\n", source.n_plans, source.rss_1000 / 1024.0);
  if (g_stat (pdf, &info) == 0)
    printf ("pdf_size: %.1f MB\n", info.st_size / 1e6);

  g_unlink (pdf);
  g_clear_object (&store);
  if (!keep)
    bie_store_remove_files (cache);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setvbuf (stdout, NULL, _IOLBF, 0);

  bench_frames ();
  bench_pdf ();

  return 0;
}
