/* test-print-plans-dialog.c: a part of the city's care plans into one PDF
 * from a window, written in a worker that asks the main thread for each plan
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bie-demo-cache.h"
#include "bie-model.h"
#include "bie-print-plans-dialog.h"
#include "bie-store-caseload.h"
#include "bie-store-plans.h"
#include "bie-test-records.h"
#include "bie-test-utils.h"
#include "bie-window.h"

typedef struct
{
  char             *dir;        /* the cache and the PDFs */
  char             *cache_path;
  BieStore         *store;
  BiePlanSelection  selection;  /* a localidad with plans, some overdue */
  guint             n_plans;
  guint             n_overdue;
  GtkWindow        *parent;
} Fixture;

static guint
count_plans (BieStore               *store,
             const BiePlanSelection *selection)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = bie_store_list_plans (store, selection, &error);

  g_assert_no_error (error);
  return ids->len;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = bie_today ();
  BieDemoOptions options;

  fixture->dir = g_dir_make_tmp ("bienestar-print-plans-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->cache_path = g_build_filename (fixture->dir, "demo.sqlite", NULL);

  bie_demo_options_init (&options);
  options.n_households = 400;
  options.today = today;
  g_assert_true (bie_demo_cache_generate (fixture->cache_path, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  fixture->store = bie_store_open (fixture->cache_path, &error);
  g_assert_no_error (error);
  bie_store_set_today (fixture->store, today);

  /* The localidad with the most plans of those where some, not all, are overdue. */
  for (gint64 localidad = 1; localidad <= 20; localidad++)
    {
      BiePlanSelection selection = { .localidad_id = localidad };
      guint n_plans = count_plans (fixture->store, &selection);
      guint n_overdue;

      selection.overdue_only = TRUE;
      n_overdue = count_plans (fixture->store, &selection);
      if (n_overdue > 0 && n_overdue < n_plans && n_plans > fixture->n_plans)
        {
          fixture->selection = (BiePlanSelection) { .localidad_id = localidad };
          fixture->n_plans = n_plans;
          fixture->n_overdue = n_overdue;
        }
    }
  g_assert_cmpuint (fixture->n_plans, >, 1);
  g_test_message ("localidad %" G_GINT64_FORMAT ": %u plans, %u overdue",
                  fixture->selection.localidad_id, fixture->n_plans, fixture->n_overdue);

  fixture->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (fixture->parent);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->parent);
  g_clear_object (&fixture->store);
  bie_store_remove_files (fixture->cache_path);
  bie_test_remove_folder (fixture->dir);
  g_free (fixture->cache_path);
  g_free (fixture->dir);
}

static GtkWidget *
child (gpointer    dialog,
       const char *id)
{
  GtkWidget *widget = bie_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_WIDGET, id);

  g_assert_nonnull (widget);
  return widget;
}

static const char *
label_text (gpointer    dialog,
            const char *id)
{
  return gtk_label_get_text (GTK_LABEL (child (dialog, id)));
}

static const char *
visible_page (gpointer dialog)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (dialog, "stack")));
}

static void
on_done (BiePrintPlansDialog *dialog,
         gboolean             success,
         int                 *result)
{
  g_assert_cmpint (*result, ==, -1);
  *result = success;
}

/* Spins the main loop, as the application's would, until the batch ends. */
static gboolean
wait_done (int *result)
{
  gint64 end = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (*result == -1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }

  return *result;
}

/* The names in @dir other than the cache's own. */
static guint
count_files (const char *dir_path,
             const char *except)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (!g_str_has_prefix (name, "demo.sqlite") && g_strcmp0 (name, except) != 0)
      n++;

  return n;
}

static guint
pdf_pages (const char *path)
{
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdfinfo", path, NULL };
  const char *pages;
  int status;

  if (pdfinfo == NULL)
    return G_MAXUINT;

  argv[0] = pdfinfo;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  pages = strstr (out, "Pages:");
  g_assert_nonnull (pages);

  return (guint) g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
}

static BiePrintPlansDialog *
new_dialog (Fixture *fixture)
{
  BiePrintPlansDialog *dialog;

  dialog = bie_print_plans_dialog_new (fixture->parent, fixture->store, &fixture->selection, "Usme");
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == fixture->parent);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

static void
test_options (Fixture       *fixture,
              gconstpointer  data)
{
  BiePrintPlansDialog *dialog = new_dialog (fixture);
  g_autofree char *all = g_strdup_printf ("%u care plans will be printed", fixture->n_plans);
  g_autofree char *overdue = NULL;
  BiePlanSelection nothing = { .localidad_id = G_MAXINT };

  bie_test_assert_controls_named (GTK_WIDGET (dialog));
  g_assert_cmpstr (visible_page (dialog), ==, "options");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (dialog, "territory_row"))), ==, "Usme");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (dialog, "paper_row"))), ==, 0);
  g_assert_cmpstr (label_text (dialog, "count_label"), ==, all);
  g_assert_cmpuint (bie_print_plans_dialog_get_n_plans (dialog), ==, fixture->n_plans);
  g_assert_true (gtk_widget_get_sensitive (child (dialog, "save_button")));

  /* Fewer with only the overdue ones; all again without. */
  gtk_switch_set_active (GTK_SWITCH (child (dialog, "overdue_switch")), TRUE);
  overdue = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u care plan will be printed",
                                          "%u care plans will be printed", fixture->n_overdue),
                             fixture->n_overdue);
  g_assert_cmpuint (bie_print_plans_dialog_get_n_plans (dialog), ==, fixture->n_overdue);
  g_assert_cmpuint (fixture->n_overdue, <, fixture->n_plans);
  g_assert_cmpstr (label_text (dialog, "count_label"), ==, overdue);
  gtk_switch_set_active (GTK_SWITCH (child (dialog, "overdue_switch")), FALSE);
  g_assert_cmpstr (label_text (dialog, "count_label"), ==, all);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Nothing to print: said, and no button to try. */
  dialog = bie_print_plans_dialog_new (fixture->parent, fixture->store, &nothing, "Nowhere");
  g_assert_cmpstr (label_text (dialog, "count_label"), ==, "No care plan matches");
  g_assert_false (gtk_widget_get_sensitive (child (dialog, "save_button")));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_save (Fixture       *fixture,
           gconstpointer  data)
{
  BiePrintPlansDialog *dialog = new_dialog (fixture);
  g_autofree char *path = g_build_filename (fixture->dir, "Care plans of Usme.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_autofree char *said = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  int result = -1;

  g_signal_connect (dialog, "done", G_CALLBACK (on_done), &result);

  bie_print_plans_dialog_save_to (dialog, file);
  g_assert_cmpstr (visible_page (dialog), ==, "progress");
  g_assert_false (gtk_widget_get_visible (child (dialog, "save_button")));
  bie_test_assert_controls_named (GTK_WIDGET (dialog));

  g_assert_true (wait_done (&result));
  g_assert_cmpstr (visible_page (dialog), ==, "done");
  said = g_strdup_printf ("%u care plans written to “Care plans of Usme.pdf”", fixture->n_plans);
  g_assert_cmpstr (label_text (dialog, "done_label"), ==, said);
  g_assert_cmpstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (child (dialog, "progress_bar"))), !=, NULL);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 5);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpuint (pdf_pages (path), >=, fixture->n_plans);
  /* Nothing beside it: no temporary file left. */
  g_assert_cmpuint (count_files (fixture->dir, "Care plans of Usme.pdf"), ==, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  BiePrintPlansDialog *dialog = new_dialog (fixture);
  g_autofree char *path = g_build_filename (fixture->dir, "cancelled.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  int result = -1;

  g_signal_connect (dialog, "done", G_CALLBACK (on_done), &result);

  bie_print_plans_dialog_save_to (dialog, file);
  /* As a click: activating a button clicks it only a moment later. */
  g_signal_emit_by_name (child (dialog, "stop_button"), "clicked");
  g_assert_false (wait_done (&result));

  /* Back to the options, no message, nothing written. */
  g_assert_cmpstr (visible_page (dialog), ==, "options");
  g_assert_false (gtk_widget_get_visible (child (dialog, "error_label")));
  g_assert_true (gtk_widget_get_visible (child (dialog, "save_button")));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (fixture->dir, NULL), ==, 0);

  /* And it can go again. */
  result = -1;
  bie_print_plans_dialog_save_to (dialog, file);
  g_assert_true (wait_done (&result));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_error (Fixture       *fixture,
            gconstpointer  data)
{
  BiePrintPlansDialog *dialog = new_dialog (fixture);
  g_autofree char *path = g_build_filename (fixture->dir, "missing", "plans.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  int result = -1;

  g_signal_connect (dialog, "done", G_CALLBACK (on_done), &result);

  bie_print_plans_dialog_save_to (dialog, file);
  g_assert_false (wait_done (&result));

  /* The dialog stays, with the reason, to try elsewhere. */
  g_assert_cmpstr (visible_page (dialog), ==, "options");
  g_assert_true (gtk_widget_get_visible (child (dialog, "error_label")));
  g_assert_nonnull (strstr (label_text (dialog, "error_label"), "plans.pdf"));
  g_assert_true (gtk_widget_get_sensitive (child (dialog, "save_button")));
  g_assert_cmpuint (count_files (fixture->dir, NULL), ==, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Closing the dialog while it writes stops the batch and leaves nothing. */
static void
test_close_while_writing (Fixture       *fixture,
                          gconstpointer  data)
{
  BiePrintPlansDialog *dialog = new_dialog (fixture);
  g_autofree char *path = g_build_filename (fixture->dir, "closed.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkProgressBar *bar = GTK_PROGRESS_BAR (child (dialog, "progress_bar"));
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  int result = -1;

  g_signal_connect (dialog, "done", G_CALLBACK (on_done), &result);

  bie_print_plans_dialog_save_to (dialog, file);
  while (gtk_progress_bar_get_fraction (bar) == 0.0 && result == -1)
    g_main_context_iteration (NULL, TRUE);
  gtk_window_close (GTK_WINDOW (dialog));

  /* The worker finishes on its own; its temporary file goes with it. */
  while (count_files (fixture->dir, NULL) > 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  if (result == -1)
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (fixture->dir, result == TRUE ? "closed.pdf" : NULL), ==, 0);
}

/* With BIE_PRINT_PLANS_SCREENSHOTS set to a directory, the options, the
 * progress and the end are drawn into PNGs there, to look at (never
 * committed). */
static void
save_screenshot (GtkWidget  *window,
                 const char *dir,
                 const char *name)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC;

  /* Nothing is drawn while a new layout is pending: try on the next frames. */
  while (node == NULL)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      g_main_context_iteration (NULL, FALSE);
      gdk_paintable_snapshot (paintable, snapshot,
                              gtk_widget_get_width (window), gtk_widget_get_height (window));
      node = gtk_snapshot_free_to_node (snapshot);
      g_assert_cmpint (g_get_monotonic_time (), <, end);
    }

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0,
                                                              gtk_widget_get_width (window),
                                                              gtk_widget_get_height (window)));
  file = g_strdup_printf ("print-plans-%s-%s.png", name, g_getenv ("LANGUAGE") ?: "C");
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot written to %s", path);
}

static void
spin (gint64 usec)
{
  gint64 end = g_get_monotonic_time () + usec;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* From the window's menu: the dialog for the territory of the sidebar. */
static void
test_from_window (Fixture       *fixture,
                  gconstpointer  data)
{
  BiePlanSelection all = { 0 };
  GtkWidget *window = g_object_new (BIE_TYPE_WINDOW, NULL);
  BiePrintPlansDialog *dialog = NULL;
  g_autoptr(GListModel) toplevels = NULL;

  bie_window_set_store (BIE_WINDOW (window), fixture->store);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (window, "win.print-plans", NULL));

  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (BIE_IS_PRINT_PLANS_DIALOG (toplevel))
        dialog = BIE_PRINT_PLANS_DIALOG (toplevel);
    }
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_cmpuint (bie_print_plans_dialog_get_n_plans (dialog), ==, count_plans (fixture->store, &all));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *dir = g_getenv ("BIE_PRINT_PLANS_SCREENSHOTS");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = bie_today ();
  g_autoptr(BieStore) store = NULL;
  g_autofree char *cache = g_build_filename (fixture->dir, "big.sqlite", NULL);
  g_autofree char *path = g_build_filename (fixture->dir, "everything.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  BiePlanSelection everything = { 0 };
  BiePrintPlansDialog *dialog;
  GtkProgressBar *bar;
  BieDemoOptions options;
  int result = -1;

  if (dir == NULL)
    {
      g_test_skip ("BIE_PRINT_PLANS_SCREENSHOTS is not set");
      return;
    }

  /* Enough plans for the progress to be seen. */
  bie_demo_options_init (&options);
  options.n_households = 4000;
  options.today = today;
  g_assert_true (bie_demo_cache_generate (cache, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  store = bie_store_open (cache, &error);
  g_assert_no_error (error);
  bie_store_set_today (store, today);

  dialog = bie_print_plans_dialog_new (fixture->parent, store, &everything, "All Territory");
  g_signal_connect (dialog, "done", G_CALLBACK (on_done), &result);
  gtk_window_present (GTK_WINDOW (dialog));
  spin (G_USEC_PER_SEC);
  save_screenshot (GTK_WIDGET (dialog), dir, "options");

  bie_print_plans_dialog_save_to (dialog, file);
  bar = GTK_PROGRESS_BAR (child (dialog, "progress_bar"));
  while (gtk_progress_bar_get_fraction (bar) < 0.3 && result == -1)
    g_main_context_iteration (NULL, TRUE);
  save_screenshot (GTK_WIDGET (dialog), dir, "progress");

  g_assert_true (wait_done (&result));
  spin (G_USEC_PER_SEC / 2);
  save_screenshot (GTK_WIDGET (dialog), dir, "done");
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_clear_object (&store);
  bie_store_remove_files (cache);
}

int
main (int   argc,
      char *argv[])
{
  bie_test_init_gtk (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/print-plans-dialog/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("options", test_options);
  ADD ("save", test_save);
  ADD ("cancel", test_cancel);
  ADD ("error", test_error);
  ADD ("close-while-writing", test_close_while_writing);
  ADD ("from-window", test_from_window);
  ADD ("screenshots", test_screenshots);
#undef ADD

  return g_test_run ();
}
