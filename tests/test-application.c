/* test-application.c: the application's options, actions, shortcuts and settings
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdarg.h>
#include <string.h>

#include "bie-application.h"
#include "bie-demo-cache.h"
#include "bie-preferences-window.h"
#include "bie-store-lookups.h"
#include "bie-store-plans.h"
#include "bie-test-fhir-server.h"
#include "bie-test-utils.h"
#include "bie-window.h"

/* One registered application for the tests of this program: a process
 * exports one application on the bus. */
static BieApplication *app;

/* Runs the application as `bienestar ARGS...` in a subprocess, in
 * @language, for the tests that look at what it prints and returns. */
static void
run_in_subprocess (const char *language,
                   ...)
{
  g_autoptr(BieApplication) local_app = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) "bienestar");
  va_start (args, language);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_setenv ("LANGUAGE", language, TRUE);
  bie_test_init_i18n ();

  local_app = bie_application_new ();
  g_application_set_flags (G_APPLICATION (local_app), G_APPLICATION_NON_UNIQUE);
  exit (g_application_run (G_APPLICATION (local_app), argv->len - 1, (char **) argv->pdata));
}

static void
test_version (void)
{
  if (g_test_subprocess ())
    run_in_subprocess ("C", "--version", NULL);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("bienestar " PACKAGE_VERSION "\n");
}

static void
test_help_in_spanish (void)
{
  if (g_test_subprocess ())
    run_in_subprocess ("es", "--help", NULL);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  /* The option and the summary in Spanish, GLib's own lines too. */
  g_test_trap_assert_stdout ("*--version*");
  g_test_trap_assert_stdout ("*Mostrar la versión de Bienestar y salir*");
  g_test_trap_assert_stdout ("*Atención primaria centrada en las familias*");
  g_test_trap_assert_stdout_unmatched ("*Show the version of Bienestar*");
}

/* Each process of a test has a data folder of its own, so the parent
 * names the file its subprocesses share. */
static const char *
cache_in_tmp (void)
{
  if (g_getenv ("BIE_TEST_CACHE") == NULL)
    {
      g_autofree char *path = g_build_filename (g_get_user_data_dir (), "command-line.sqlite", NULL);

      g_setenv ("BIE_TEST_CACHE", path, TRUE);
    }

  return g_getenv ("BIE_TEST_CACHE");
}

static void
test_bad_numbers (void)
{
  if (g_test_subprocess ())
    run_in_subprocess ("C", "--households", "0", "--demo", NULL);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*--households takes a number from 1 to*");
}

static void
test_generate_needs_a_file (void)
{
  if (g_test_subprocess ())
    run_in_subprocess ("es", "--generate-demo", NULL);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*--generate-demo necesita --cache ARCHIVO*");
}

static void
test_generate_and_check (void)
{
  if (g_test_subprocess ())
    {
      if (g_strcmp0 (g_getenv ("BIE_TEST_STEP"), "check") == 0)
        run_in_subprocess ("C", "--check-cache", "--cache", cache_in_tmp (), NULL);
      run_in_subprocess ("C", "--generate-demo", "--households", "300", "--seed", "7",
                         "--cache", cache_in_tmp (), NULL);
    }

  /* Without a window: progress on stderr, the result on stdout. */
  cache_in_tmp ();
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Building the demo city: 300 of 300 households (100%)*");
  g_test_trap_assert_stdout ("*Demo city written to*300 households*");

  /* A second time into the same file: refused, the city kept. */
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*already holds households*");

  g_setenv ("BIE_TEST_STEP", "check", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("BIE_TEST_STEP");
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*household: 300\n*");
  g_test_trap_assert_stdout ("*sector: 1170\n*");
  g_test_trap_assert_stdout ("*The local cache is sound.*");
}

/* A coordinator's batch: every plan of a localidad in one PDF, or a
 * clear refusal. */
static void
test_print_plans (void)
{
  g_autofree char *pdf = g_build_filename (g_get_user_data_dir (), "plans.pdf", NULL);
  g_autofree char *cache = g_build_filename (g_get_user_data_dir (), "plans.sqlite", NULL);
  const char *step = g_getenv ("BIE_TEST_STEP");

  if (g_test_subprocess ())
    {
      if (g_strcmp0 (step, "generate") == 0)
        run_in_subprocess ("C", "--generate-demo", "--households", "400", "--cache", g_getenv ("BIE_TEST_PLANS_CACHE"), NULL);
      else if (g_strcmp0 (step, "no-output") == 0)
        run_in_subprocess ("C", "--print-plans", "--cache", g_getenv ("BIE_TEST_PLANS_CACHE"), NULL);
      else if (g_strcmp0 (step, "unknown") == 0)
        run_in_subprocess ("es", "--print-plans", "--sector", "999999", "--output", g_getenv ("BIE_TEST_PDF"),
                           "--cache", g_getenv ("BIE_TEST_PLANS_CACHE"), NULL);
      else if (g_strcmp0 (step, "paper") == 0)
        run_in_subprocess ("C", "--print-plans", "--paper", "A3", "--output", g_getenv ("BIE_TEST_PDF"),
                           "--cache", g_getenv ("BIE_TEST_PLANS_CACHE"), NULL);
      run_in_subprocess ("C", "--print-plans", "--localidad", "19", "--output", g_getenv ("BIE_TEST_PDF"),
                         "--cache", g_getenv ("BIE_TEST_PLANS_CACHE"), NULL);
    }

  g_setenv ("BIE_TEST_PLANS_CACHE", cache, TRUE);
  g_setenv ("BIE_TEST_PDF", pdf, TRUE);
  g_setenv ("BIE_TEST_STEP", "generate", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  g_setenv ("BIE_TEST_STEP", "no-output", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*--print-plans needs --output FILE.pdf*");

  g_setenv ("BIE_TEST_STEP", "unknown", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*--sector*999999*");
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  g_setenv ("BIE_TEST_STEP", "paper", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*--paper takes letter or a4*");

  /* As many plans as the cache has for the localidad, with progress. */
  g_setenv ("BIE_TEST_STEP", "print", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("BIE_TEST_STEP");
  g_test_trap_assert_passed ();
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BieStore) store = bie_store_open (cache, &error);
    BiePlanSelection selection = { .localidad_id = 19 };
    g_autoptr(GArray) plans = bie_store_list_plans (store, &selection, &error);
    g_autofree char *written = NULL;
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_no_error (error);
    g_assert_cmpuint (plans->len, >, 0);
    written = g_strdup_printf ("*: %u care plan%s written in*", plans->len, plans->len == 1 ? "" : "s");
    g_test_trap_assert_stdout (written);
    g_test_trap_assert_stderr ("*Writing care plans:*(100%)*");
    g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
    g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  }
}

/* The sector map without a window: a picture of the size asked, or a
 * clear refusal that writes nothing. */
static void
test_export_map (void)
{
  g_autofree char *cache = g_build_filename (g_get_user_data_dir (), "map.sqlite", NULL);
  g_autofree char *png = g_build_filename (g_get_user_data_dir (), "map.png", NULL);
  g_autofree char *svg = g_build_filename (g_get_user_data_dir (), "map.svg", NULL);
  g_autofree char *pdf = g_build_filename (g_get_user_data_dir (), "map.pdf", NULL);
  const char *step = g_getenv ("BIE_TEST_STEP");
  const char *c = g_getenv ("BIE_TEST_MAP_CACHE");

  if (g_test_subprocess ())
    {
      if (g_strcmp0 (step, "generate") == 0)
        run_in_subprocess ("C", "--generate-demo", "--households", "300", "--cache", c, NULL);
      else if (g_strcmp0 (step, "no-output") == 0)
        run_in_subprocess ("C", "--export-map", "--cache", c, "--output", "map.gif", NULL);
      else if (g_strcmp0 (step, "theme") == 0)
        run_in_subprocess ("C", "--export-map", "--theme", "rainfall", "--cache", c,
                           "--output", g_getenv ("BIE_TEST_PNG"), NULL);
      else if (g_strcmp0 (step, "risk") == 0)
        run_in_subprocess ("es", "--export-map", "--theme", "risk-type", "--cache", c,
                           "--output", g_getenv ("BIE_TEST_PNG"), NULL);
      else if (g_strcmp0 (step, "size") == 0)
        run_in_subprocess ("C", "--export-map", "--size", "800", "--cache", c,
                           "--output", g_getenv ("BIE_TEST_PNG"), NULL);
      else if (g_strcmp0 (step, "sector") == 0)
        run_in_subprocess ("C", "--export-map", "--sector", "999999", "--cache", c,
                           "--output", g_getenv ("BIE_TEST_PNG"), NULL);
      else if (g_strcmp0 (step, "svg") == 0)
        run_in_subprocess ("C", "--export-map", "--theme", "risk-type", "--risk", "mental-health",
                           "--sector", "004501", "--cache", c, "--output", g_getenv ("BIE_TEST_SVG"), NULL);
      else if (g_strcmp0 (step, "pdf") == 0)
        run_in_subprocess ("C", "--export-map", "--theme", "days-since-contact", "--cache", c,
                           "--output", g_getenv ("BIE_TEST_PDF"), NULL);
      run_in_subprocess ("C", "--export-map", "--theme", "plan-coverage", "--localidad", "19",
                         "--size", "800x500", "--cache", c, "--output", g_getenv ("BIE_TEST_PNG"), NULL);
    }

  g_setenv ("BIE_TEST_MAP_CACHE", cache, TRUE);
  g_setenv ("BIE_TEST_PNG", png, TRUE);
  g_setenv ("BIE_TEST_SVG", svg, TRUE);
  g_setenv ("BIE_TEST_PDF", pdf, TRUE);
  g_setenv ("BIE_TEST_STEP", "generate", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  g_setenv ("BIE_TEST_STEP", "no-output", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*--export-map needs --output FILE.png, FILE.svg or FILE.pdf*");

  g_setenv ("BIE_TEST_STEP", "theme", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*--theme takes open-risks, risk-type, plan-coverage, overdue or days-since-contact*");

  g_setenv ("BIE_TEST_STEP", "risk", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*--theme risk-type necesita --risk CÓDIGO*");

  g_setenv ("BIE_TEST_STEP", "size", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*--size takes WIDTHxHEIGHT*");

  g_setenv ("BIE_TEST_STEP", "sector", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*--sector*999999*");
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));

  g_setenv ("BIE_TEST_STEP", "png", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*the map, 800 × 500, written*");
  {
    cairo_surface_t *image = cairo_image_surface_create_from_png (png);

    g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (image), ==, 800);
    g_assert_cmpint (cairo_image_surface_get_height (image), ==, 500);
    cairo_surface_destroy (image);
  }

  g_setenv ("BIE_TEST_STEP", "svg", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_setenv ("BIE_TEST_STEP", "pdf", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("BIE_TEST_STEP");
  g_test_trap_assert_passed ();
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "<svg"));
    g_clear_pointer (&contents, g_free);
    g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  }
}

static void
assert_accel (GtkApplication *application,
              const char     *detailed_action,
              const char     *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (application, detailed_action);

  g_assert_nonnull (accels);
  g_assert_true (g_strv_contains ((const char * const *) accels, accel));
}

static void
test_actions_and_shortcuts (void)
{
  const char *actions[] = { "help", "preferences", "about", "quit" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), actions[i]));

  assert_accel (GTK_APPLICATION (app), "app.help::index", "F1");
  assert_accel (GTK_APPLICATION (app), "app.preferences", "<Control>comma");
  assert_accel (GTK_APPLICATION (app), "app.quit", "<Control>q");
  /* GtkApplication adds this one when it finds gtk/help-overlay.ui in our resources. */
  assert_accel (GTK_APPLICATION (app), "win.show-help-overlay", "<Control>question");
}

static void
test_window_state (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  BieWindow *window;
  int width, height;

  /* Restored from the settings... */
  g_settings_set_int (settings, "window-width", 1000);
  g_settings_set_int (settings, "window-height", 700);
  window = bie_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);

  /* ...and saved as the window changes. */
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_maximize (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 800);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 600);
  g_assert_true (g_settings_get_boolean (settings, "window-maximized"));
  gtk_window_destroy (GTK_WINDOW (window));

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
}

static void
test_style_preference (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  BiePreferencesWindow *preferences = bie_preferences_window_new (NULL);
  AdwComboRow *style_row;

  style_row = ADW_COMBO_ROW (bie_test_find_widget (GTK_WIDGET (preferences),
                                                   ADW_TYPE_COMBO_ROW, NULL));
  g_assert_nonnull (style_row);
  g_assert_cmpuint (adw_combo_row_get_selected (style_row), ==, 0);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_DEFAULT);

  /* Choosing a style in the window stores it and the application follows. */
  adw_combo_row_set_selected (style_row, 2);
  g_assert_cmpint (g_settings_get_enum (settings, "color-scheme"), ==, 2);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);

  /* A change of the setting from elsewhere shows in the window. */
  g_settings_set_string (settings, "color-scheme", "light");
  g_assert_cmpuint (adw_combo_row_get_selected (style_row), ==, 1);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);

  g_settings_reset (settings, "color-scheme");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* The district's boundaries from the command line: a report of what was
 * done, or a refusal that leaves the cache alone. */
static void
test_import_sectors (void)
{
  g_autofree char *cache = g_build_filename (g_get_user_data_dir (), "import.sqlite", NULL);
  g_autofree char *good = g_build_filename (g_get_user_data_dir (), "sectors.geojson", NULL);
  g_autofree char *cut = g_build_filename (g_get_user_data_dir (), "cut.geojson", NULL);
  const char *step = g_getenv ("BIE_TEST_STEP");

  if (g_test_subprocess ())
    {
      const char *c = g_getenv ("BIE_TEST_IMPORT_CACHE");

      if (g_strcmp0 (step, "no-code") == 0)
        run_in_subprocess ("C", "--import-sectors", g_getenv ("BIE_TEST_GOOD"), "--cache", c, NULL);
      else if (g_strcmp0 (step, "cut") == 0)
        run_in_subprocess ("C", "--import-sectors", g_getenv ("BIE_TEST_CUT"), "--code-property", "code",
                           "--cache", c, NULL);
      run_in_subprocess ("C", "--import-sectors", g_getenv ("BIE_TEST_GOOD"), "--code-property", "code",
                         "--name-property", "name", "--cache", c, NULL);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GDate) today = bie_today ();
    BieDemoOptions options;
    const char *text =
      "{\"type\":\"FeatureCollection\",\"features\":[\n"
      "{\"type\":\"Feature\",\"properties\":{\"code\":\"003400\",\"name\":\"Real\"},\"geometry\":"
      "{\"type\":\"Polygon\",\"coordinates\":[[[-74.1,4.6],[-74.09,4.6],[-74.09,4.61],[-74.1,4.6]]]}},\n"
      "{\"type\":\"Feature\",\"properties\":{\"code\":\"999002\"},\"geometry\":"
      "{\"type\":\"Polygon\",\"coordinates\":[[[-70.1,10.6],[-70.09,10.6],[-70.09,10.61],[-70.1,10.6]]]}},\n"
      "{\"type\":\"Feature\",\"properties\":{\"code\":\"999003\"},\"geometry\":"
      "{\"type\":\"Polygon\",\"coordinates\":[[[-74.1,4.6],[-74.0,4.7],[-74.0,4.6],[-74.1,4.7],[-74.1,4.6]]]}}\n"
      "]}\n";

    bie_demo_options_init (&options);
    options.n_households = 20;
    options.today = today;
    g_assert_true (bie_demo_cache_generate (cache, &options, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_set_contents (good, text, -1, &error));
    g_assert_true (g_file_set_contents (cut, text, strlen (text) / 2, &error));
    g_assert_no_error (error);
  }
  g_setenv ("BIE_TEST_IMPORT_CACHE", cache, TRUE);
  g_setenv ("BIE_TEST_GOOD", good, TRUE);
  g_setenv ("BIE_TEST_CUT", cut, TRUE);

  g_setenv ("BIE_TEST_STEP", "no-code", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*--import-sectors needs --code-property NAME*");

  g_setenv ("BIE_TEST_STEP", "cut", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout ("");
  g_test_trap_assert_stderr ("*“cut.geojson” is cut off*");

  g_setenv ("BIE_TEST_STEP", "import", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("BIE_TEST_STEP");
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("sectors.geojson: 3 features read.\n"
                             "1 sector updated, 0 added, 2 skipped:\n"
                             "  Feature 2 (code 999002): It is a new sector outside every localidad*\n"
                             "  Feature 3 (code 999003): Its outer boundary crosses itself near*\n");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BieStore) store = bie_store_open (cache, &error);
    BieSector *sector;

    g_assert_no_error (error);
    sector = bie_store_load (store, BIE_ENTITY_SECTOR,
                             bie_store_find_code (store, BIE_ENTITY_SECTOR, "003400", NULL), &error);
    g_assert_no_error (error);
    g_assert_false (sector->generated);
    g_assert_cmpstr (sector->name, ==, "Real");
    bie_record_free (BIE_ENTITY_SECTOR, sector);
  }
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* --sync: a demo cache seeds an empty server, an empty cache fills from
 * it, both end with the same records; bad options are refused. */
static void
test_sync (void)
{
  g_autoptr(BieTestFhirServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  g_autofree char *seeded = NULL;
  g_autofree char *fresh = NULL;
  const char *step = g_getenv ("BIE_TEST_STEP");

  if (g_test_subprocess ())
    {
      const char *url = g_getenv ("BIE_TEST_SERVER");

      if (g_strcmp0 (step, "seed") == 0)
        run_in_subprocess ("C", "--sync", "--upload-all", "--sectors", "all", "--server", url,
                           "--cache", g_getenv ("BIE_TEST_SEEDED"), NULL);
      if (g_strcmp0 (step, "fill") == 0)
        run_in_subprocess ("C", "--sync", "--sectors", "all", "--server", url,
                           "--cache", g_getenv ("BIE_TEST_FRESH"), NULL);
      if (g_strcmp0 (step, "bad-sectors") == 0)
        run_in_subprocess ("C", "--sync", "--sectors", "12,004501", "--server", url,
                           "--cache", g_getenv ("BIE_TEST_FRESH"), NULL);
      if (g_strcmp0 (step, "no-server") == 0)
        run_in_subprocess ("C", "--sync", "--sectors", "all", "--cache", g_getenv ("BIE_TEST_FRESH"), NULL);
      g_assert_not_reached ();
    }

  if (!bie_test_fhir_server_available (&why))
    {
      g_test_skip (why);
      return;
    }
  server = bie_test_fhir_server_start_with_token (FALSE, 1, 0, "a-token-for-tests", &error);
  g_assert_no_error (error);
  g_setenv ("BIE_TEST_SERVER", bie_test_fhir_server_get_url (server), TRUE);

  seeded = g_build_filename (g_get_user_data_dir (), "seeded.sqlite", NULL);
  fresh = g_build_filename (g_get_user_data_dir (), "fresh.sqlite", NULL);
  g_setenv ("BIE_TEST_SEEDED", seeded, TRUE);
  g_setenv ("BIE_TEST_FRESH", fresh, TRUE);
  {
    BieDemoOptions options;

    bie_demo_options_init (&options);
    options.n_households = 40;
    options.today = g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);
    g_assert_true (bie_demo_cache_generate (seeded, &options, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_date_free (options.today);
  }

  /* Without the token the server turns the run away, and says why. */
  g_unsetenv ("BIENESTAR_FHIR_TOKEN");
  g_setenv ("BIE_TEST_STEP", "seed", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*token*");

  g_setenv ("BIENESTAR_FHIR_TOKEN", "a-token-for-tests", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*records queued for upload.*");
  g_test_trap_assert_stdout ("*Downloaded 0, uploaded *, conflicts 0, pending 0.*");

  g_setenv ("BIE_TEST_STEP", "fill", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*uploaded 0, deleted 0, merged 0, conflicts 0, pending 0.*");

  /* Both caches hold the same records, kind by kind. */
  {
    g_autoptr(BieStore) a = bie_store_open (seeded, &error);
    g_autoptr(BieStore) b = bie_store_open (fresh, &error);

    g_assert_no_error (error);
    for (guint e = 0; e < BIE_N_ENTITIES; e++)
      {
        gint64 count_a, count_b;

        g_assert_true (bie_store_count (a, e, &count_a, NULL));
        g_assert_true (bie_store_count (b, e, &count_b, NULL));
        g_assert_cmpint (count_a, ==, count_b);
      }
  }

  g_setenv ("BIE_TEST_STEP", "bad-sectors", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*“12” is not a sector code*");

  g_setenv ("BIE_TEST_STEP", "no-server", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*--sync needs the server’s address*");

  g_unsetenv ("BIE_TEST_STEP");
  g_unsetenv ("BIENESTAR_FHIR_TOKEN");
}

static void
test_damaged_cache (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), APP_ID, NULL);
  g_autofree char *path = g_build_filename (dir, "cache.sqlite", NULL);
  g_autofree char *garbage = g_strnfill (8192, '#');
  g_autoptr(GDir) listing = NULL;
  AdwMessageDialog *dialog;
  const char *name;
  gboolean kept = FALSE;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));

  /* The window says so, and offers to move the file aside. */
  g_application_activate (G_APPLICATION (app));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Local Cache Is Damaged");
  g_assert_true (adw_message_dialog_has_response (dialog, "move-aside"));

  /* The answer; closing the dialog then answers "close", which does nothing. */
  adw_message_dialog_response (dialog, "move-aside");
  gtk_window_close (GTK_WINDOW (dialog));
  for (guint i = 0; i < 100 && find_message_dialog () != NULL; i++)
    g_main_context_iteration (NULL, FALSE);

  /* The damaged file is kept beside a new, empty cache. */
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, "cache.sqlite.damaged-") && strchr (name + 21, '-') != NULL &&
        !g_str_has_suffix (name, "-wal") && !g_str_has_suffix (name, "-shm"))
      {
        g_autofree char *moved = g_build_filename (dir, name, NULL);
        g_autofree char *contents = NULL;

        g_assert_true (g_file_get_contents (moved, &contents, NULL, NULL));
        g_assert_cmpstr (contents, ==, garbage);
        kept = TRUE;
      }
  g_assert_true (kept);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* The dialog closes, and no other takes its place. */
  for (guint i = 0; i < 100 && find_message_dialog () != NULL; i++)
    g_main_context_iteration (NULL, FALSE);
  dialog = find_message_dialog ();
  if (dialog != NULL)
    g_error ("a dialog is still open: %s", adw_message_dialog_get_heading (dialog));

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

static void
test_quit_closes_windows (void)
{

  g_application_activate (G_APPLICATION (app));
  g_assert_nonnull (gtk_application_get_active_window (GTK_APPLICATION (app)));

  /* Activating again presents the same window rather than a second one. */
  g_application_activate (G_APPLICATION (app));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  bie_test_init_gtk (&argc, &argv);

  app = bie_application_new ();
  /* Tests run in parallel on one session bus: never join another instance. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);

  g_test_add_func ("/application/version", test_version);
  g_test_add_func ("/application/help-in-spanish", test_help_in_spanish);
  g_test_add_func ("/application/command-line/bad-numbers", test_bad_numbers);
  g_test_add_func ("/application/command-line/generate-needs-a-file", test_generate_needs_a_file);
  g_test_add_func ("/application/command-line/generate-and-check", test_generate_and_check);
  g_test_add_func ("/application/command-line/print-plans", test_print_plans);
  g_test_add_func ("/application/command-line/import-sectors", test_import_sectors);
  g_test_add_func ("/application/command-line/export-map", test_export_map);
  g_test_add_func ("/application/command-line/sync", test_sync);
  g_test_add_func ("/application/actions-and-shortcuts", test_actions_and_shortcuts);
  g_test_add_func ("/application/window-state", test_window_state);
  g_test_add_func ("/application/style-preference", test_style_preference);
  g_test_add_func ("/application/quit-closes-windows", test_quit_closes_windows);
  g_test_add_func ("/application/damaged-cache", test_damaged_cache);

  /* Registered after the subprocess tests could have run their own instance. */
  if (!g_test_subprocess ())
    {
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
