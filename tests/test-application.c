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
#include "bie-preferences-window.h"
#include "bie-store-plans.h"
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
