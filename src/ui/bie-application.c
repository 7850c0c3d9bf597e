/* bie-application.c
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "bie-application.h"
#include "bie-demo-cache.h"
#include "bie-map-export.h"
#include "bie-mnemonic-names.h"
#include "bie-plan-pages.h"
#include "bie-reference.h"
#include "bie-store-geo.h"
#include "bie-store-lookups.h"
#include "bie-store-map.h"
#include "bie-store-plans.h"
#include "bie-sync-command.h"
#include "bie-preferences-window.h"
#include "bie-window.h"

struct _BieApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  BieStore       *store;
  GCancellable   *generating;    /* while the demo city is built */

  /* From the command line */
  char           *cache_path;
  gboolean        demo;
  BieDemoOptions  demo_options;
};

G_DEFINE_FINAL_TYPE (BieApplication, bie_application, ADW_TYPE_APPLICATION)

/* The values of the schema's ColorScheme enum. */
enum {
  COLOR_SCHEME_DEFAULT,
  COLOR_SCHEME_LIGHT,
  COLOR_SCHEME_DARK,
};

#define DEFAULT_DEMO_SEED 20241103
#define MAX_DEMO_HOUSEHOLDS 1000000

static const GOptionEntry main_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version of Bienestar and exit"), NULL },
  { "cache", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Use FILE as the local cache, with every other option too"), N_("FILE") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open the demo city, made-up data kept apart from real work; build it first when needed"), NULL },
  { "check-cache", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Check the local cache and count its records, without opening a window"), NULL },
  { "generate-demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Build a demo city into the file given with --cache, without opening a window"), NULL },
  { "households", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("How many households the demo city has (default 5000)"), N_("N") },
  { "seed", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The seed of the demo city: the same seed builds the same city"), N_("S") },
  { "print-plans", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Write the care plans still followed of a part of the city to one PDF, without opening a window"), NULL },
  { "export-map", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Write the sector map to a PNG, SVG or PDF file, without opening a window"), NULL },
  { "theme", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export-map: what colours the sectors: open-risks (the default), risk-type, plan-coverage, "
       "overdue or days-since-contact"), N_("THEME") },
  { "risk", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --theme risk-type: the code of the risk"), N_("CODE") },
  { "size", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export-map: the size of the picture, in pixels for PNG (default 1600x1000) or in points "
       "for SVG and PDF (default 842x595, an A4 sheet across)"), N_("WIDTHxHEIGHT") },
  { "sector", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --print-plans or --export-map: this cadastral sector"), N_("CODE") },
  { "localidad", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --print-plans or --export-map: this localidad"), N_("CODE") },
  { "subred", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --print-plans or --export-map: this subred"), N_("CODE") },
  { "overdue-only", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --print-plans: only plans with overdue activities"), NULL },
  { "paper", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --print-plans: the paper size, letter (the default) or a4"), N_("SIZE") },
  { "output", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("With --print-plans or --export-map: the file to write"), N_("FILE") },
  { "import-sectors", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import the district’s cadastral sector boundaries from a GeoJSON file into the cache, "
       "without opening a window"), N_("FILE") },
  { "import-localidades", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import the district’s localidad boundaries from a GeoJSON file into the cache, "
       "without opening a window"), N_("FILE") },
  { "code-property", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --import-sectors or --import-localidades: the property that holds each feature’s code"),
    N_("NAME") },
  { "name-property", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --import-sectors: the property that holds each sector’s name"), N_("NAME") },
  { "sync", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Synchronise the cache with the district’s FHIR server once, without opening a window; "
       "the token comes from the keyring or the BIENESTAR_FHIR_TOKEN environment variable"), NULL },
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --sync: the server’s address, instead of the one set in Preferences"), N_("URL") },
  { "sectors", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --sync: the sectors whose families are synchronised, instead of the assigned ones"),
    N_("CODE,CODE|all") },
  { "upload-all", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --sync: send every record of the cache, to fill an empty training or test server"), NULL },
  { NULL }
};

/**
 * bie_application_new:
 *
 * Creates the application. Its id carries the build profile, so a
 * development build keeps its own settings and data.
 *
 * Returns: (transfer full): a new #BieApplication
 */
BieApplication *
bie_application_new (void)
{
  return g_object_new (BIE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

static void
bie_application_apply_color_scheme (BieApplication *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  AdwColorScheme scheme;

  switch (g_settings_get_enum (self->settings, "color-scheme"))
    {
    case COLOR_SCHEME_LIGHT:
      scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
      break;

    case COLOR_SCHEME_DARK:
      scheme = ADW_COLOR_SCHEME_FORCE_DARK;
      break;

    case COLOR_SCHEME_DEFAULT:
    default:
      scheme = ADW_COLOR_SCHEME_DEFAULT;
      break;
    }

  adw_style_manager_set_color_scheme (style_manager, scheme);
}

/* The local cache */

static char *
data_file (const char *name)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), APP_ID, NULL);

  g_mkdir_with_parents (dir, 0700);

  return g_build_filename (dir, name, NULL);
}

static const char *
cache_path (BieApplication *self)
{
  if (self->cache_path == NULL)
    self->cache_path = data_file ("cache.sqlite");

  return self->cache_path;
}

static BieWindow *
main_window (BieApplication *self)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  for (GList *l = windows; l != NULL; l = l->next)
    if (BIE_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

static void
set_store (BieApplication *self,
           BieStore       *store)
{
  BieWindow *window = main_window (self);

  g_set_object (&self->store, store);
  if (window != NULL)
    bie_window_set_store (window, store);
}

static void open_cache (BieApplication *self,
                        const char     *path);

typedef struct
{
  BieApplication *app;
  char           *path;
} CacheProblem;

static void
cache_problem_free (CacheProblem *problem)
{
  g_object_unref (problem->app);
  g_free (problem->path);
  g_free (problem);
}

static void
show_cache_error (BieApplication *self,
                  const char     *path,
                  const GError   *error);

static void
on_cache_problem_response (AdwMessageDialog *dialog,
                           const char       *response,
                           CacheProblem     *problem)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "move-aside"))
    {
      if (bie_store_move_aside (problem->path, &error))
        open_cache (problem->app, problem->path);
      else
        show_cache_error (problem->app, problem->path, error);
    }
}

static void
show_cache_error (BieApplication *self,
                  const char     *path,
                  const GError   *error)
{
  BieWindow *window = main_window (self);
  AdwMessageDialog *dialog;
  CacheProblem *problem;

  if (window == NULL)
    {
      g_printerr ("%s\n", error->message);
      return;
    }

  if (g_error_matches (error, BIE_STORE_ERROR, BIE_STORE_ERROR_CORRUPT))
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (window),
                                                           _("The Local Cache Is Damaged"),
                                                           NULL));
      adw_message_dialog_format_body (dialog,
                                      _("%s\n\nBienestar can move the damaged file aside, where it "
                                        "is kept for a technician, and start again with an empty "
                                        "cache. Work not yet sent to the district stays in the "
                                        "damaged file."),
                                      error->message);
      adw_message_dialog_add_responses (dialog,
                                        "close", _("_Close"),
                                        "move-aside", _("_Move Aside and Start Again"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, "move-aside", ADW_RESPONSE_DESTRUCTIVE);
    }
  else
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (window),
                                                           _("The Local Cache Cannot Be Opened"),
                                                           error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
    }

  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");

  problem = g_new0 (CacheProblem, 1);
  problem->app = g_object_ref (self);
  problem->path = g_strdup (path);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_cache_problem_response),
                         problem, (GClosureNotify) cache_problem_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_cache (BieApplication *self,
            const char     *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieStore) store = NULL;

  set_store (self, NULL);
  store = bie_store_open (path, &error);
  if (store == NULL)
    {
      show_cache_error (self, path, error);
      return;
    }

  set_store (self, store);
}

/* The demo city */

typedef struct
{
  BieApplication *app;
  guint           done;
  guint           total;
} Progress;

static gboolean
show_progress (gpointer data)
{
  Progress *progress = data;
  BieWindow *window = main_window (progress->app);

  if (window != NULL && progress->app->generating != NULL)
    bie_window_show_progress (window, progress->done, progress->total);

  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->app);
  g_free (progress);
}

/* Called in the worker thread: the window is told on the main context. */
static void
report_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->app = g_object_ref (user_data);
  progress->done = done;
  progress->total = total;
  g_idle_add_full (G_PRIORITY_DEFAULT, show_progress, progress, progress_free);
}

static void
generate_demo_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  BieApplication *self = source_object;
  const char *path = task_data;
  g_autoptr(GError) error = NULL;

  if (bie_demo_cache_generate (path, &self->demo_options, report_progress, self, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
set_generating (BieApplication *self,
                GCancellable   *cancellable)
{
  GAction *cancel = g_action_map_lookup_action (G_ACTION_MAP (self), "cancel-demo");

  g_set_object (&self->generating, cancellable);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (cancel), cancellable != NULL);
}

static void
on_demo_generated (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  BieApplication *self = BIE_APPLICATION (object);
  g_autofree char *path = g_strdup (g_task_get_task_data (G_TASK (result)));
  g_autoptr(GError) error = NULL;

  set_generating (self, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Half a demo city is no use to anyone: it goes. */
      bie_store_remove_files (path);
      set_store (self, NULL);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_cache_error (self, path, error);
      return;
    }

  open_cache (self, path);
}

static void
open_demo (BieApplication *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GTask) task = NULL;

  if (self->generating != NULL)
    return;

  path = self->demo && self->cache_path != NULL ? g_strdup (self->cache_path) : data_file ("demo.sqlite");
  set_store (self, NULL);

  /* A finished demo city, or a cache of real work given with --cache,
   * opens as it is. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BieStore) store = bie_store_open (path, &error);
    g_autofree char *demo = NULL;
    gint64 n_households = 0;

    if (store == NULL)
      {
        show_cache_error (self, path, error);
        return;
      }
    demo = bie_store_get_meta (store, "demo");
    if (g_strcmp0 (demo, "complete") == 0 ||
        (demo == NULL && bie_store_count (store, BIE_ENTITY_HOUSEHOLD, &n_households, NULL) &&
         n_households > 0))
      {
        set_store (self, store);
        return;
      }
  }

  /* None yet, or one whose building was interrupted: build it. */
  bie_store_remove_files (path);
  g_clear_pointer (&self->demo_options.today, g_date_free);
  self->demo_options.today = bie_today ();

  cancellable = g_cancellable_new ();
  set_generating (self, cancellable);
  if (main_window (self) != NULL)
    bie_window_show_progress (main_window (self), 0, self->demo_options.n_households);

  task = g_task_new (self, cancellable, on_demo_generated, NULL);
  g_task_set_task_data (task, g_steal_pointer (&path), g_free);
  g_task_run_in_thread (task, generate_demo_thread);
}

static void
bie_application_open_demo (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  open_demo (BIE_APPLICATION (user_data));
}

static void
bie_application_cancel_demo (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  BieApplication *self = user_data;

  if (self->generating != NULL)
    g_cancellable_cancel (self->generating);
}

/* The command line, without a window */

static int
check_cache (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieStore) store = bie_store_open (path, &error);
  g_autoptr(GString) report = g_string_new (NULL);
  gboolean sound;

  if (store == NULL)
    {
      g_printerr ("%s: %s\n", path, error->message);
      return EXIT_FAILURE;
    }

  sound = bie_store_check_integrity (store, report, &error);
  g_print ("%s\n%s", path, report->str);
  if (!sound)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  g_print ("%s\n", _("The local cache is sound."));
  return EXIT_SUCCESS;
}

static void
print_progress (guint    done,
                guint    total,
                gpointer user_data)
{
  /* Back to the start of the line: the count is rewritten in place. */
  g_printerr ("\r");
  /* Translators: progress on the terminal: households done, of a total, percentage */
  g_printerr (_("Building the demo city: %u of %u households (%u%%)"),
              done, total, total > 0 ? (guint) (100.0 * done / total) : 100);
}

static int
generate_demo (BieApplication *self,
               const char     *path)
{
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  self->demo_options.today = bie_today ();
  if (!bie_demo_cache_generate (path, &self->demo_options, print_progress, NULL, NULL, &error))
    {
      g_printerr ("\n%s: %s\n", path, error->message);
      return EXIT_FAILURE;
    }

  g_printerr ("\n");
  /* Translators: the file, households, seconds */
  g_print (_("Demo city written to %s: %u households in %.1f s.\n"),
           path, self->demo_options.n_households,
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);

  return EXIT_SUCCESS;
}

/* --print-plans */

typedef struct
{
  BieStore *store;
  GArray   *ids;
  guint     next;
} PlanSource;

static BiePlanSnapshot *
next_plan (gpointer   data,
           GError   **error)
{
  PlanSource *source = data;

  if (source->next >= source->ids->len)
    return NULL;

  return bie_store_plan_snapshot (source->store, g_array_index (source->ids, gint64, source->next++), error);
}

static void
print_plans_progress (guint    done,
                      gpointer data)
{
  PlanSource *source = data;

  g_printerr ("\r");
  /* Translators: progress on the terminal: plans written, of a total, percentage */
  g_printerr (_("Writing care plans: %u of %u (%u%%)"),
              done, source->ids->len, (guint) (100.0 * done / source->ids->len));
}

/* The row id of the part of the city whose code was given as @option, in
 * @id; FALSE, having said why, when the cache has none with that code. */
static gboolean
lookup_territory (BieStore     *store,
                  GVariantDict *options,
                  const char   *option,
                  BieEntity     entity,
                  gint64       *id)
{
  g_autoptr(GError) error = NULL;
  const char *code;

  if (!g_variant_dict_lookup (options, option, "&s", &code))
    return TRUE;

  *id = bie_store_find_code (store, entity, code, &error);
  if (*id > 0)
    return TRUE;

  if (*id == 0)
    /* Translators: an option (--sector) and the code given to it */
    g_printerr (_("The local cache has no --%s with the code “%s”.\n"), option, code);
  else
    g_printerr ("%s\n", error->message);

  return FALSE;
}

/* The cache a command works on: --cache, else the demo city with --demo,
 * else the user's; %NULL, having said why, when it cannot be opened. */
static BieStore *
open_command_store (BieApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  BieStore *store;

  path = self->demo && self->cache_path == NULL ? data_file ("demo.sqlite") : g_strdup (cache_path (self));
  store = bie_store_open (path, &error);
  if (store == NULL)
    g_printerr ("%s: %s\n", path, error->message);

  return store;
}

static int
print_plans (BieApplication *self,
             GVariantDict   *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GDate) today = bie_today ();
  BiePlanSelection selection = { 0 };
  BiePaper paper = BIE_PAPER_LETTER;
  PlanSource source;
  const char *output = NULL;
  const char *paper_name = NULL;
  gint64 started = g_get_monotonic_time ();

  if (!g_variant_dict_lookup (options, "output", "^&ay", &output))
    {
      g_printerr (_("--print-plans needs --output FILE.pdf: where to write the plans.\n"));
      return EXIT_FAILURE;
    }
  if (g_variant_dict_lookup (options, "paper", "&s", &paper_name))
    {
      if (g_ascii_strcasecmp (paper_name, "a4") == 0)
        paper = BIE_PAPER_A4;
      else if (g_ascii_strcasecmp (paper_name, "letter") != 0)
        {
          g_printerr (_("--paper takes letter or a4.\n"));
          return EXIT_FAILURE;
        }
    }

  store = open_command_store (self);
  if (store == NULL)
    return EXIT_FAILURE;

  selection.overdue_only = g_variant_dict_contains (options, "overdue-only");
  if (!lookup_territory (store, options, "sector", BIE_ENTITY_SECTOR, &selection.sector_id) ||
      !lookup_territory (store, options, "localidad", BIE_ENTITY_LOCALIDAD, &selection.localidad_id) ||
      !lookup_territory (store, options, "subred", BIE_ENTITY_SUBRED, &selection.subred_id))
    return EXIT_FAILURE;

  ids = bie_store_list_plans (store, &selection, &error);
  if (ids == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (ids->len == 0)
    {
      g_printerr (_("No care plan matches: nothing was written.\n"));
      return EXIT_FAILURE;
    }

  source = (PlanSource) { store, ids, 0 };
  if (!bie_plan_pages_write_pdf (output, paper, today, next_plan, &source, print_plans_progress, &source,
                                 NULL, &error))
    {
      g_printerr ("\n%s: %s\n", output, error->message);
      return EXIT_FAILURE;
    }

  g_printerr ("\n");
  /* Translators: the file, how many plans, seconds */
  g_print (g_dngettext (GETTEXT_PACKAGE, "%s: %u care plan written in %.1f s.\n",
                        "%s: %u care plans written in %.1f s.\n", ids->len),
           output, ids->len, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);

  return EXIT_SUCCESS;
}

/* --export-map */

static gboolean
parse_size (const char *text,
            int        *width,
            int        *height)
{
  guint64 w, h;
  char *end;

  w = g_ascii_strtoull (text, &end, 10);
  if (end == text || (*end != 'x' && *end != 'X'))
    return FALSE;
  text = end + 1;
  h = g_ascii_strtoull (text, &end, 10);
  if (end == text || *end != '\0' || w < 200 || h < 200 || w > 10000 || h > 10000)
    return FALSE;

  *width = w;
  *height = h;

  return TRUE;
}

static int
export_map (BieApplication *self,
            GVariantDict   *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieStore) store = NULL;
  g_autoptr(BieMapSnapshot) snapshot = NULL;
  g_autoptr(BieMapRenderer) renderer = NULL;
  g_autoptr(BieMapCaption) caption = NULL;
  g_autoptr(GDate) today = bie_today ();
  BieMapFigures *figures;
  BieMapDrawOptions draw;
  BieMapView view;
  BieMapFormat format;
  BieMapTheme theme = BIE_MAP_THEME_OPEN_RISKS;
  const char *output = NULL, *theme_name = NULL, *risk = NULL, *size = NULL;
  gint64 sector_id = 0, localidad_id = 0, subred_id = 0;
  double min_lon, min_lat, max_lon, max_lat;
  int width = 1600, height = 1000;

  if (!g_variant_dict_lookup (options, "output", "^&ay", &output) || !bie_map_format_from_path (output, &format))
    {
      g_printerr (_("--export-map needs --output FILE.png, FILE.svg or FILE.pdf: where to write the map.\n"));
      return EXIT_FAILURE;
    }
  if (g_variant_dict_lookup (options, "theme", "&s", &theme_name) && !bie_map_theme_from_string (theme_name, &theme))
    {
      g_printerr (_("--theme takes open-risks, risk-type, plan-coverage, overdue or days-since-contact.\n"));
      return EXIT_FAILURE;
    }
  g_variant_dict_lookup (options, "risk", "&s", &risk);
  if (theme == BIE_MAP_THEME_RISK_TYPE)
    {
      g_autoptr(BieReferenceList) risks = bie_reference_list_get ("risks", NULL);

      if (risk == NULL || risks == NULL || !bie_reference_list_find (risks, risk, NULL))
        {
          g_printerr (_("--theme risk-type needs --risk CODE, the code of a risk such as mental-health.\n"));
          return EXIT_FAILURE;
        }
    }
  /* Pages of a document are an A4 sheet across, in points. */
  if (format != BIE_MAP_FORMAT_PNG)
    {
      width = 842;
      height = 595;
    }
  if (g_variant_dict_lookup (options, "size", "&s", &size) && !parse_size (size, &width, &height))
    {
      g_printerr (_("--size takes WIDTHxHEIGHT, each from 200 to 10000, such as 1600x1000.\n"));
      return EXIT_FAILURE;
    }

  store = open_command_store (self);
  if (store == NULL ||
      !lookup_territory (store, options, "sector", BIE_ENTITY_SECTOR, &sector_id) ||
      !lookup_territory (store, options, "localidad", BIE_ENTITY_LOCALIDAD, &localidad_id) ||
      !lookup_territory (store, options, "subred", BIE_ENTITY_SUBRED, &subred_id))
    return EXIT_FAILURE;

  snapshot = bie_store_map_snapshot (store, &error);
  figures = snapshot != NULL ? bie_store_map_figures (store, snapshot, theme, risk, &error) : NULL;
  if (figures == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (!bie_map_snapshot_get_area (snapshot, subred_id, localidad_id, sector_id,
                                  &min_lon, &min_lat, &max_lon, &max_lat))
    {
      g_printerr (_("The local cache has no sector with a boundary there: nothing was written.\n"));
      bie_map_figures_free (figures);
      return EXIT_FAILURE;
    }

  renderer = bie_map_renderer_new (snapshot);
  bie_map_renderer_set_figures (renderer, figures);
  caption = bie_map_caption_new (figures, snapshot, bie_demo_cache_is_demo (store), today);
  bie_map_draw_options_init (&draw);
  bie_map_caption_apply (caption, &draw);
  draw.selected_sector = sector_id;
  bie_map_view_fit (&view, min_lon, min_lat, max_lon, max_lat, width, height, 48);
  if (!bie_map_export (renderer, &view, &draw, format, output, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Translators: the file written, its width and height */
  g_print (_("%s: the map, %d × %d, written.\n"), output, width, height);

  return EXIT_SUCCESS;
}

/* --import-sectors, --import-localidades */

static int
import_layer (BieApplication *self,
              GVariantDict   *options,
              BieEntity       entity)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieGeoLayer) layer = NULL;
  g_autoptr(BieStore) store = NULL;
  g_autoptr(BieGeoImportReport) report = NULL;
  g_autofree char *text = NULL;
  const char *option = entity == BIE_ENTITY_SECTOR ? "import-sectors" : "import-localidades";
  const char *file = NULL;
  const char *code_property = NULL;
  const char *name_property = NULL;
  gboolean applied;

  g_variant_dict_lookup (options, option, "^&ay", &file);
  if (!g_variant_dict_lookup (options, "code-property", "&s", &code_property))
    {
      /* Translators: an option, --import-sectors or --import-localidades */
      g_printerr (_("--%s needs --code-property NAME: the property of each feature that holds its code.\n"),
                  option);
      return EXIT_FAILURE;
    }
  if (g_variant_dict_lookup (options, "name-property", "&s", &name_property) &&
      entity == BIE_ENTITY_LOCALIDAD)
    {
      g_printerr (_("--name-property goes with --import-sectors: localidades keep the names of the "
                    "district’s list.\n"));
      return EXIT_FAILURE;
    }

  /* The file is judged before the cache is opened: a refused file never
   * touches it. */
  layer = bie_geo_layer_load (file, code_property, name_property, NULL, &error);
  if (layer == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  store = bie_store_open (cache_path (self), &error);
  if (store == NULL)
    {
      g_printerr ("%s: %s\n", cache_path (self), error->message);
      return EXIT_FAILURE;
    }

  if (entity == BIE_ENTITY_SECTOR)
    applied = bie_store_import_sectors (store, layer, &report, &error);
  else
    applied = bie_store_import_localidades (store, layer, &report, &error);
  if (!applied)
    {
      /* Translators: why the import failed; the cache was left as it was */
      g_printerr (_("Nothing was imported: %s\n"), error->message);
      return EXIT_FAILURE;
    }

  text = bie_geo_import_report_format (report);
  g_print ("%s", text);
  if (report->n_updated + report->n_added == 0)
    {
      g_printerr (_("Nothing was imported: no feature of the file could be applied.\n"));
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}

static void
on_help_shown (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GtkWindow) window = user_data;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  if (gtk_show_uri_full_finish (window, result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window,
                                                       _("Could Not Open Help"),
                                                       NULL));
  adw_message_dialog_format_body (dialog,
                                  _("The help viewer could not be started: %s"),
                                  error->message);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
bie_application_help (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *window = gtk_application_get_active_window (app);
  const char *page = g_variant_get_string (parameter, NULL);
  g_autofree char *uri = NULL;

  /* Help is shown for a window: its dialogs need one to belong to. */
  if (window == NULL)
    return;

  if (g_str_equal (page, "index"))
    uri = g_strdup ("help:" PACKAGE_NAME);
  else
    uri = g_strdup_printf ("help:%s/%s", PACKAGE_NAME, page);

  gtk_show_uri_full (window, uri, GDK_CURRENT_TIME, NULL,
                     on_help_shown, g_object_ref (window));
}

static void
bie_application_preferences (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  GtkApplication *app = user_data;
  BiePreferencesWindow *preferences;

  preferences = bie_preferences_window_new (gtk_application_get_active_window (app));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
bie_application_about (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = {
    "The Bienestar developers",
    NULL
  };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application-name", "Bienestar",
                        "application-icon", APP_ID,
                        "developer-name", _("The Bienestar developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Family-centred primary care for the teams of "
                                      "Bogotá’s MAS Bienestar health model"),
                        "website", PACKAGE_WEBSITE,
                        "issue-url", PACKAGE_BUGREPORT,
                        "copyright", "© 2026 The Bienestar developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one a line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
bie_application_quit (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows;

  /* Close rather than quit, so each window saves its state on the way out. */
  while ((windows = gtk_application_get_windows (app)) != NULL)
    gtk_window_destroy (windows->data);
}

static const GActionEntry app_actions[] = {
  { "open-demo", bie_application_open_demo },
  { "cancel-demo", bie_application_cancel_demo },
  { "help", bie_application_help, "s" },
  { "preferences", bie_application_preferences },
  { "about", bie_application_about },
  { "quit", bie_application_quit },
};

static void
bie_application_startup (GApplication *app)
{
  BieApplication *self = BIE_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.help::index", { "F1", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.quit", { "<Control>q", NULL } },
  };

  G_APPLICATION_CLASS (bie_application_parent_class)->startup (app);

  bie_mnemonic_names_install ();
  g_set_application_name ("Bienestar");
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (bie_application_apply_color_scheme),
                           self, G_CONNECT_SWAPPED);
  bie_application_apply_color_scheme (self);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  set_generating (self, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action,
                                           accels[i].accels);
}

/* Without its window the cache is let go: another process may have it. */
static void
on_main_window_destroyed (BieApplication *self)
{
  if (self->generating != NULL)
    g_cancellable_cancel (self->generating);
  g_clear_object (&self->store);
}

static void
bie_application_activate (GApplication *app)
{
  BieApplication *self = BIE_APPLICATION (app);
  BieWindow *window = main_window (self);

  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  window = bie_window_new (self);
  g_signal_connect_object (window, "destroy", G_CALLBACK (on_main_window_destroyed),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));

  if (self->demo)
    open_demo (self);
  else
    open_cache (self, cache_path (self));
}

/* Numbers are read here rather than by GOption, which cannot tell a typed
 * 0 from no number at all. Returns FALSE when @name was given something
 * other than a number from @min to @max; @value is left alone when @name
 * was not given. */
static gboolean
lookup_number (GVariantDict *options,
               const char   *name,
               guint64       min,
               guint64       max,
               guint64      *value)
{
  const char *text;

  if (!g_variant_dict_lookup (options, name, "&s", &text))
    return TRUE;

  return g_ascii_string_to_unsigned (text, 10, min, max, value, NULL);
}

/* --sync */

static int
sync_once (BieApplication *self,
           GVariantDict   *options)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GVariant) overrides = g_settings_get_value (settings, "fhir-uris");
  g_autoptr(GError) error = NULL;
  g_autoptr(BieFhirUris) uris = bie_fhir_uris_new_with_overrides (overrides, &error);
  g_autofree char *server = g_settings_get_string (settings, "sync-server");
  g_autofree char *ca_file = g_settings_get_string (settings, "sync-ca-file");
  g_autofree char *token_url = g_strstrip (g_settings_get_string (settings, "sync-token-url"));
  g_autofree char *client_id = g_strstrip (g_settings_get_string (settings, "sync-client-id"));
  g_auto(GStrv) assigned = g_settings_get_strv (settings, "sync-sectors");
  g_autofree char *sectors = g_strjoinv (",", assigned);
  BieSyncCommand command = { 0 };
  const char *text;

  if (uris == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  command.cache_path = cache_path (self);
  command.server_url = server;
  command.sectors = sectors;
  command.ca_file = ca_file;
  command.token_url = token_url;
  command.client_id = client_id;
  command.uris = uris;
  command.upload_all = g_variant_dict_contains (options, "upload-all");
  if (g_variant_dict_lookup (options, "server", "&s", &text))
    command.server_url = text;
  if (g_variant_dict_lookup (options, "sectors", "&s", &text))
    command.sectors = text;

  return bie_sync_command_run (&command);
}

static int
bie_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  BieApplication *self = BIE_APPLICATION (app);
  const char *cache = NULL;
  guint64 households, seed;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_lookup (options, "cache", "^&ay", &cache))
    self->cache_path = g_canonicalize_filename (cache, NULL);
  self->demo = g_variant_dict_contains (options, "demo");
  households = self->demo_options.n_households;
  if (!lookup_number (options, "households", 1, MAX_DEMO_HOUSEHOLDS, &households))
    {
      g_printerr (_("--households takes a number from 1 to %d.\n"), MAX_DEMO_HOUSEHOLDS);
      return EXIT_FAILURE;
    }
  self->demo_options.n_households = households;

  seed = self->demo_options.seed;
  if (!lookup_number (options, "seed", 0, G_MAXUINT32, &seed))
    {
      g_printerr (_("--seed takes a number from 0 to %u.\n"), G_MAXUINT32);
      return EXIT_FAILURE;
    }
  self->demo_options.seed = seed;

  if (g_variant_dict_contains (options, "check-cache"))
    return check_cache (cache_path (self));

  if (g_variant_dict_contains (options, "import-sectors") &&
      g_variant_dict_contains (options, "import-localidades"))
    {
      g_printerr (_("Import --import-localidades and --import-sectors one at a time: localidades first.\n"));
      return EXIT_FAILURE;
    }
  if (g_variant_dict_contains (options, "import-sectors"))
    return import_layer (self, options, BIE_ENTITY_SECTOR);
  if (g_variant_dict_contains (options, "import-localidades"))
    return import_layer (self, options, BIE_ENTITY_LOCALIDAD);

  if (g_variant_dict_contains (options, "print-plans"))
    return print_plans (self, options);

  if (g_variant_dict_contains (options, "sync"))
    return sync_once (self, options);

  if (g_variant_dict_contains (options, "export-map"))
    return export_map (self, options);

  if (g_variant_dict_contains (options, "generate-demo"))
    {
      if (cache == NULL)
        {
          g_printerr (_("--generate-demo needs --cache FILE: the demo city goes into a file of its own.\n"));
          return EXIT_FAILURE;
        }
      return generate_demo (self, self->cache_path);
    }

  return G_APPLICATION_CLASS (bie_application_parent_class)->handle_local_options (app, options);
}

static void
bie_application_dispose (GObject *object)
{
  BieApplication *self = BIE_APPLICATION (object);

  if (self->generating != NULL)
    g_cancellable_cancel (self->generating);
  g_clear_object (&self->generating);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bie_application_parent_class)->dispose (object);
}

static void
bie_application_finalize (GObject *object)
{
  BieApplication *self = BIE_APPLICATION (object);

  g_free (self->cache_path);
  g_clear_pointer (&self->demo_options.today, g_date_free);

  G_OBJECT_CLASS (bie_application_parent_class)->finalize (object);
}

static void
bie_application_class_init (BieApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = bie_application_dispose;
  object_class->finalize = bie_application_finalize;

  app_class->startup = bie_application_startup;
  app_class->activate = bie_application_activate;
  app_class->handle_local_options = bie_application_handle_local_options;
}

static void
bie_application_init (BieApplication *self)
{
  bie_demo_options_init (&self->demo_options);
  self->demo_options.seed = DEFAULT_DEMO_SEED;

  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Family-centred primary care for the teams of "
                                              "Bogotá’s MAS Bienestar health model"));
}
