/* bie-application.c
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-application"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-application.h"
#include "bie-preferences-window.h"
#include "bie-window.h"

struct _BieApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (BieApplication, bie_application, ADW_TYPE_APPLICATION)

/* The values of the schema's ColorScheme enum. */
enum {
  COLOR_SCHEME_DEFAULT,
  COLOR_SCHEME_LIGHT,
  COLOR_SCHEME_DARK,
};

static const GOptionEntry main_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version of Bienestar and exit"), NULL },
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
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action,
                                           accels[i].accels);
}

static void
bie_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (bie_window_new (BIE_APPLICATION (app)));

  gtk_window_present (window);
}

static int
bie_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  return G_APPLICATION_CLASS (bie_application_parent_class)->handle_local_options (app, options);
}

static void
bie_application_dispose (GObject *object)
{
  BieApplication *self = BIE_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bie_application_parent_class)->dispose (object);
}

static void
bie_application_class_init (BieApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = bie_application_dispose;

  app_class->startup = bie_application_startup;
  app_class->activate = bie_application_activate;
  app_class->handle_local_options = bie_application_handle_local_options;
}

static void
bie_application_init (BieApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Family-centred primary care for the teams of "
                                              "Bogotá’s MAS Bienestar health model"));
}
