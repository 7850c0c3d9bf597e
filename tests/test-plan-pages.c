/* test-plan-pages.c: family care plans on paper and in PDF files
 *
 * The PDF is read back with poppler's pdftotext and pdfinfo, as a person's
 * viewer would read it.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bie-plan-pages.h"

static void
set_day (GDate *date,
         int    day,
         int    month,
         int    year)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
}

static BiePlanActivity *
add_activity (BiePlanSnapshot   *plan,
              guint              lane,
              const char        *title,
              BieActivityStatus  status,
              int                start_day,
              int                start_month,
              int                end_day,
              int                end_month)
{
  BiePlanActivity *activity = bie_plan_snapshot_add_activity (plan, lane, "home-visit", title);

  activity->id = plan->activities->len;
  activity->status = status;
  activity->professional = g_strdup ("Laura Gómez");
  if (start_day > 0)
    set_day (&activity->start, start_day, start_month, start_month >= G_DATE_SEPTEMBER ? 2026 : 2027);
  if (end_day > 0)
    set_day (&activity->end, end_day, end_month, end_month >= G_DATE_SEPTEMBER ? 2026 : 2027);

  return activity;
}

static BiePlanSnapshot *
new_plan (const char *household)
{
  BiePlanSnapshot *plan = bie_plan_snapshot_new ();
  BiePlanGoal *goal;

  plan->household_name = g_strdup (household);
  plan->address = g_strdup ("Calle 70 Sur # 14-20");
  plan->sector_code = g_strdup ("004501");
  plan->sector_name = g_strdup ("Santa Librada");
  plan->localidad_name = g_strdup ("Usme");
  plan->team = g_strdup ("Laura Gómez, Andrés Rojas");
  plan->plan_status = g_strdup ("Active");
  set_day (&plan->agreed_on, 1, G_DATE_SEPTEMBER, 2026);
  set_day (&plan->today, 25, G_DATE_NOVEMBER, 2026);
  bie_plan_snapshot_add_lane (plan, 0, "Whole family", -1, NULL);
  bie_plan_snapshot_add_lane (plan, 11, "María José Núñez Peña", 30, "CC 52345678");
  bie_plan_snapshot_add_lane (plan, 12, "Sofía Ramírez Núñez", 2, "RC 1012345678");

  goal = bie_plan_snapshot_add_goal (plan, "Sofía completes her vaccinations");
  goal->status = BIE_GOAL_ACTIVE;
  goal->risk = g_strdup ("Incomplete vaccination");
  set_day (&goal->target, 31, G_DATE_JANUARY, 2027);

  add_activity (plan, 0, "Home visit", BIE_ACTIVITY_DONE, 3, G_DATE_SEPTEMBER, 0, 0);
  add_activity (plan, 0, "Work session", BIE_ACTIVITY_NOT_DONE, 1, G_DATE_NOVEMBER, 0, 0)->status_reason =
    g_strdup ("Nobody at home");
  add_activity (plan, 1, "Prenatal control", BIE_ACTIVITY_SCHEDULED, 1, G_DATE_DECEMBER, 15, G_DATE_DECEMBER);
  add_activity (plan, 2, "Vaccination", BIE_ACTIVITY_SCHEDULED, 1, G_DATE_OCTOBER, 31, G_DATE_OCTOBER)->overdue = TRUE;
  add_activity (plan, 2, "Nutrition", BIE_ACTIVITY_PLANNED, 0, 0, 0, 0);

  return plan;
}

/* Runs a poppler tool on @path, or skips the test when it is missing. */
static char *
run_tool (const char *tool,
          const char *path,
          int         first_page,
          int         last_page)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path (tool);
  g_autofree char *first = g_strdup_printf ("%d", first_page);
  g_autofree char *last = g_strdup_printf ("%d", last_page);
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  if (program == NULL)
    return NULL;

  if (g_str_equal (tool, "pdftotext"))
    {
      const char *argv[] = { program, "-enc", "UTF-8", "-f", first, "-l", last, path, "-", NULL };

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    }
  else
    {
      const char *argv[] = { program, path, NULL };

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s", tool, err);

  return out;
}

static gboolean
have_poppler (void)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");

  if (pdftotext == NULL || pdfinfo == NULL)
    {
      g_test_skip ("pdftotext and pdfinfo (poppler-utils) are needed");
      return FALSE;
    }

  return TRUE;
}

static guint
pdf_pages (const char *path)
{
  g_autofree char *info = run_tool ("pdfinfo", path, 0, 0);
  const char *line = strstr (info, "\nPages:");

  g_assert_nonnull (line);

  return (guint) g_ascii_strtoull (line + strlen ("\nPages:") + strspn (line + strlen ("\nPages:"), " "),
                                   NULL, 10);
}

static guint
count (const char *text,
       const char *needle)
{
  guint n = 0;

  for (const char *at = strstr (text, needle); at != NULL; at = strstr (at + 1, needle))
    n++;

  return n;
}

static char *
temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("bienestar-pages-XXXXXX", &error);

  g_assert_no_error (error);

  return dir;
}

/* Nothing left beside @dir's files: no temporary file of a failed write. */
static guint
dir_size (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (handle) != NULL)
    n++;

  return n;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_pdf_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BiePlanSnapshot) plan = new_plan ("María José Núñez Peña");
  g_autoptr(GPtrArray) plans = g_ptr_array_new ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "plan.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  GDate printed;
  guint n_pages;

  if (!have_poppler ())
    return;

  set_day (&printed, 25, G_DATE_NOVEMBER, 2026);
  g_ptr_array_add (plans, plan);
  g_assert_true (bie_plan_pages_write_pdf_array (path, BIE_PAPER_A4, &printed, plans, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  n_pages = pdf_pages (path);
  g_assert_cmpuint (n_pages, >=, 1);
  text = run_tool ("pdftotext", path, 1, n_pages);

  /* The header. */
  g_assert_nonnull (strstr (text, "María José Núñez Peña"));
  g_assert_nonnull (strstr (text, "Calle 70 Sur # 14-20"));
  g_assert_nonnull (strstr (text, "004501 Santa Librada"));
  g_assert_nonnull (strstr (text, "Usme"));
  g_assert_nonnull (strstr (text, "Laura Gómez, Andrés Rojas"));
  g_assert_nonnull (strstr (text, "1 Sep 2026"));

  /* Members, goals, and each activity: in the timeline and in the list,
   * except the one without dates, which the list has and the timeline's
   * note names. */
  g_assert_nonnull (strstr (text, "CC 52345678"));
  g_assert_nonnull (strstr (text, "Sofía completes her vaccinations"));
  g_assert_nonnull (strstr (text, "31 Jan 2027"));
  g_assert_nonnull (strstr (text, "Incomplete vaccination"));
  g_assert_cmpuint (count (text, "Home visit"), >=, 2);
  g_assert_cmpuint (count (text, "Work session"), >=, 2);
  g_assert_cmpuint (count (text, "Prenatal control"), >=, 2);
  g_assert_cmpuint (count (text, "Vaccination"), >=, 2);
  g_assert_cmpuint (count (text, "Nutrition"), >=, 2);
  g_assert_nonnull (strstr (text, "Unscheduled: 1 activity"));
  g_assert_nonnull (strstr (text, "Nobody at home"));
  g_assert_nonnull (strstr (text, "Overdue"));
  g_assert_nonnull (strstr (text, "No date"));
  g_assert_nonnull (strstr (text, "1 Dec 2026 – 15 Dec"));

  /* The footer of every page. */
  expected = g_strdup_printf ("Page 1 of %u", n_pages);
  g_assert_nonnull (strstr (text, expected));
  g_assert_cmpuint (count (text, "Printed on 25 Nov 2026"), ==, n_pages);

  g_unlink (path);
  g_rmdir (dir);
}

/* Two hundred activities: tables and timeline go on over pages, each page
 * with its column names, each activity listed once. */
static void
test_long_plan (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BiePlanSnapshot) plan = new_plan ("Familia Rodríguez");
  g_autoptr(BiePlanPages) pages = NULL;
  g_autoptr(GPtrArray) plans = g_ptr_array_new ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "long.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *last = NULL;
  GDate printed;
  double width, height;
  guint n_pages;

  if (!have_poppler ())
    return;

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *title = g_strdup_printf ("Task %03u", i);

      /* The reason is in the list only, not in the timeline. */
      add_activity (plan, i % 3, title, i % 6, 1 + i % 28, G_DATE_SEPTEMBER + i % 4, 0, 0)->status_reason =
        g_strdup_printf ("Reason %03u", i);
    }

  bie_paper_get_size (BIE_PAPER_LETTER, &width, &height);
  pages = bie_plan_pages_new (plan, width, height, BIE_PLAN_PAGES_MARGIN, NULL);
  g_assert_cmpuint (bie_plan_pages_get_n_pages (pages), >=, 4);

  set_day (&printed, 25, G_DATE_NOVEMBER, 2026);
  g_ptr_array_add (plans, plan);
  g_assert_true (bie_plan_pages_write_pdf_array (path, BIE_PAPER_LETTER, &printed, plans, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  n_pages = pdf_pages (path);
  g_assert_cmpuint (n_pages, ==, bie_plan_pages_get_n_pages (pages));

  text = run_tool ("pdftotext", path, 1, n_pages);
  /* Each activity listed once, none lost at a page break. */
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *title = g_strdup_printf ("Task %03u", i);
      g_autofree char *reason = g_strdup_printf ("Reason %03u", i);

      g_assert_cmpuint (count (text, title), >=, 1);
      g_assert_cmpuint (count (text, reason), ==, 1);
    }
  for (guint i = 1; i <= n_pages; i++)
    {
      g_autofree char *footer = g_strdup_printf ("Page %u of %u", i, n_pages);

      g_assert_cmpuint (count (text, footer), ==, 1);
    }
  /* Continued with the column names again. */
  g_assert_cmpuint (count (text, "Activities (continued)"), >=, 1);
  g_assert_cmpuint (count (text, "Responsible"), >=, 2);

  /* The last page ends the list. */
  last = run_tool ("pdftotext", path, n_pages, n_pages);
  g_assert_nonnull (strstr (last, "Reason 199"));

  g_unlink (path);
  g_rmdir (dir);
}

static const char *household_names[] = { "Hogar Uno", "Hogar Dos", "Hogar Tres" };

/* Plans made one at a time, as the store reads them for a print run. */
typedef struct
{
  guint         next;
  guint         fail_at;    /* the plan that cannot be read, from 1; 0: none */
  GCancellable *cancel_after_first;
} Source;

static BiePlanSnapshot *
next_plan (gpointer   user_data,
           GError   **error)
{
  Source *source = user_data;

  if (source->fail_at > 0 && source->next + 1 == source->fail_at)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The cache went away");
      return NULL;
    }
  if (source->next >= G_N_ELEMENTS (household_names))
    return NULL;

  return new_plan (household_names[source->next++]);
}

static void
progress (guint    n_done,
          gpointer user_data)
{
  Source *source = user_data;

  if (source->cancel_after_first != NULL && n_done == 1)
    g_cancellable_cancel (source->cancel_after_first);
}

/* Many plans in one file: each from a new page, counting its own pages. */
static void
test_many_plans (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "plans.pdf", NULL);
  Source source = { 0, 0, NULL };
  guint first_page = 1, n_per_plan;
  GDate printed;

  if (!have_poppler ())
    return;

  {
    g_autoptr(BiePlanSnapshot) sample = new_plan ("Hogar Uno");
    g_autoptr(BiePlanPages) pages = bie_plan_pages_new (sample, 595.276, 841.89, BIE_PLAN_PAGES_MARGIN, NULL);

    n_per_plan = bie_plan_pages_get_n_pages (pages);
  }

  set_day (&printed, 25, G_DATE_NOVEMBER, 2026);
  g_assert_true (bie_plan_pages_write_pdf (path, BIE_PAPER_A4, &printed, next_plan, &source,
                                           NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (path), ==, 3 * n_per_plan);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *page = run_tool ("pdftotext", path, first_page, first_page);
      g_autofree char *footer = g_strdup_printf ("Page 1 of %u", n_per_plan);

      g_assert_nonnull (strstr (page, household_names[i]));
      g_assert_nonnull (strstr (page, footer));
      first_page += n_per_plan;
    }
  g_assert_cmpuint (dir_size (dir), ==, 1);

  remove_dir (dir);
}

/* A failure leaves nothing behind: not the file, not a temporary one, and
 * not an older file at the same path. */
static void
test_failures (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "plans.pdf", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "plans.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Source source = { 0, 0, NULL };

  g_assert_true (g_file_set_contents (path, "an older file", -1, NULL));

  /* No plans. */
  g_assert_false (bie_plan_pages_write_pdf_array (path, BIE_PAPER_A4, NULL, none, NULL, NULL, NULL, &error));
  g_assert_error (error, BIE_RENDER_ERROR, BIE_RENDER_ERROR_NO_PLANS);
  g_clear_error (&error);

  /* A folder that is not there. */
  g_assert_false (bie_plan_pages_write_pdf (missing, BIE_PAPER_A4, NULL, next_plan, &source,
                                            NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "plans.pdf"));
  g_clear_error (&error);

  /* Cancelled after the first plan. */
  source = (Source) { 0, 0, cancellable };
  g_assert_false (bie_plan_pages_write_pdf (path, BIE_PAPER_A4, NULL, next_plan, &source,
                                            progress, &source, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* A plan that cannot be read. */
  source = (Source) { 0, 2, NULL };
  g_assert_false (bie_plan_pages_write_pdf (path, BIE_PAPER_A4, NULL, next_plan, &source,
                                            NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "an older file");
  g_assert_cmpuint (dir_size (dir), ==, 1);

  remove_dir (dir);
}

static gboolean
surface_is_blank (cairo_surface_t *surface)
{
  guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 first;

  cairo_surface_flush (surface);
  first = *(guint32 *) data;
  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      if (((guint32 *) (data + y * stride))[x] != first)
        return FALSE;

  return TRUE;
}

/* Any cairo_t: pages drawn into an image, as a print preview does, for a
 * plan with nothing in it and for one with everything too long. */
static void
test_draw (void)
{
  g_autoptr(BiePlanSnapshot) bare = bie_plan_snapshot_new ();
  g_autoptr(BiePlanSnapshot) plan = new_plan ("María José Núñez Peña");
  g_autoptr(GString) name = g_string_new (NULL);
  BiePlanSnapshot *snapshots[] = { bare, plan };

  while (name->len < 200)
    g_string_append (name, "María José Núñez Peña de la Santísima Trinidad\n");
  g_string_truncate (name, 200);
  bie_plan_snapshot_add_lane (plan, 13, name->str, 70, name->str);
  add_activity (plan, 3, name->str, BIE_ACTIVITY_CANCELLED, 20, G_DATE_DECEMBER, 10, G_DATE_DECEMBER)->status_reason =
    g_strdup (name->str);
  g_free (plan->household_name);
  plan->household_name = g_strdup (name->str);
  g_free (plan->address);
  plan->address = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (snapshots); i++)
    {
      g_autoptr(BiePlanPages) pages = bie_plan_pages_new (snapshots[i], 612, 792, 0, NULL);

      g_assert_cmpuint (bie_plan_pages_get_n_pages (pages), >=, 1);
      for (guint page = 0; page < bie_plan_pages_get_n_pages (pages); page++)
        {
          cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 306, 396);
          cairo_t *cr = cairo_create (surface);

          cairo_scale (cr, 0.5, 0.5);
          bie_plan_pages_draw (pages, cr, page);
          g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
          g_assert_false (surface_is_blank (surface));
          cairo_destroy (cr);
          cairo_surface_destroy (surface);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plan-pages/pdf-text", test_pdf_text);
  g_test_add_func ("/plan-pages/long-plan", test_long_plan);
  g_test_add_func ("/plan-pages/many-plans", test_many_plans);
  g_test_add_func ("/plan-pages/failures", test_failures);
  g_test_add_func ("/plan-pages/draw", test_draw);

  return g_test_run ();
}
