/* bie-preferences-window.c
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "bie-credentials.h"
#include "bie-fhir-client.h"
#include "bie-preferences-window.h"
#include "bie-sync-command.h"

struct _BiePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GCancellable         *cancellable;   /* the keyring and the connection test; cancelled on dispose */
  GCancellable         *testing;       /* the connection test under way */
  GtkFileChooserNative *ca_chooser;

  /* Template widgets */
  AdwComboRow          *style_row;
  AdwEntryRow          *server_row;
  AdwActionRow         *connection_row;
  GtkSpinner           *test_spinner;
  GtkWidget            *test_button;
  GtkLabel             *server_error;
  AdwActionRow         *token_status_row;
  GtkWidget            *forget_button;
  AdwEntryRow          *token_row;
  GtkLabel             *token_error;
  AdwEntryRow          *token_url_row;
  AdwEntryRow          *client_id_row;
  AdwActionRow         *secret_status_row;
  GtkWidget            *secret_forget_button;
  AdwEntryRow          *secret_row;
  GtkLabel             *client_error;
  AdwEntryRow          *sectors_row;
  GtkLabel             *sectors_error;
  AdwComboRow          *interval_row;
  AdwActionRow         *ca_row;
  GtkWidget            *ca_clear_button;
  GtkLabel             *ca_error;
};

G_DEFINE_FINAL_TYPE (BiePreferencesWindow, bie_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The nicks of the schema's ColorScheme enum, in the order of the style row. */
static const char * const color_schemes[] = { "default", "light", "dark" };

static gboolean
color_scheme_to_position (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    {
      if (g_str_equal (nick, color_schemes[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
position_to_color_scheme (const GValue       *value,
                          const GVariantType *expected_type,
                          gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= G_N_ELEMENTS (color_schemes))
    return NULL;

  return g_variant_new_string (color_schemes[position]);
}

/* The District Server page */

static void
show_inline_error (GtkLabel   *label,
                   const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static char *
saved_server (BiePreferencesWindow *self)
{
  return g_strstrip (g_settings_get_string (self->settings, "sync-server"));
}

/* An address is http(s) with a host, as the client takes it (http only
 * for a training server on this computer); empty unsets the server. */
static gboolean
check_server_address (const char  *text,
                      GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(BieFhirClient) client = NULL;
  const char *scheme;
  const char *host;

  if (*text == '\0')
    return TRUE;

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (scheme == NULL || host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_set_error (error, G_URI_ERROR, G_URI_ERROR_FAILED,
                   _("“%s” is not a server address. An address starts with https:// and names the server, "
                     "such as https://fhir.example.gov.co/fhir/R4."), text);
      return FALSE;
    }

  client = bie_fhir_client_new (text, error);

  return client != NULL;
}

static void update_secret_status (BiePreferencesWindow *self,
                                  BieCredentialKind     kind);

static void
update_token_status (BiePreferencesWindow *self)
{
  update_secret_status (self, BIE_CREDENTIAL_TOKEN);
  update_secret_status (self, BIE_CREDENTIAL_CLIENT_SECRET);
}

static void
on_server_apply (BiePreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));
  g_autoptr(GError) error = NULL;

  if (!check_server_address (text, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
      show_inline_error (self->server_error, error->message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
  show_inline_error (self->server_error, NULL);
  g_settings_set_string (self->settings, "sync-server", text);
  adw_action_row_set_subtitle (self->connection_row, _("Not tested yet"));
  update_token_status (self);
}

/* The keyring, in a worker: it may have to start, or to be unlocked. */

typedef enum
{
  KEYRING_LOOKUP,
  KEYRING_STORE,
  KEYRING_CLEAR,
} KeyringOperation;

typedef struct
{
  KeyringOperation   operation;
  BieCredentialKind  kind;
  char              *server;
  char              *token;
} KeyringJob;

static void
keyring_job_free (gpointer data)
{
  KeyringJob *job = data;

  g_free (job->server);
  if (job->token != NULL)
    memset (job->token, 0, strlen (job->token));
  g_free (job->token);
  g_free (job);
}

/* Returns whether a secret of the job's kind is kept for the server, after
 * the operation. */
static void
keyring_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  KeyringJob *job = task_data;
  GError *error = NULL;
  char *token = NULL;
  gboolean ok = TRUE;

  switch (job->operation)
    {
    case KEYRING_STORE:
      ok = bie_credentials_store (job->server, job->kind, job->token, cancellable, &error);
      break;
    case KEYRING_CLEAR:
      ok = bie_credentials_clear (job->server, job->kind, cancellable, &error);
      break;
    case KEYRING_LOOKUP:
    default:
      token = bie_credentials_lookup (job->server, job->kind, cancellable, &error);
      ok = error == NULL;
      break;
    }

  if (!ok)
    {
      g_task_return_error (task, error);
      return;
    }
  if (token != NULL)
    memset (token, 0, strlen (token));
  g_task_return_boolean (task, job->operation == KEYRING_STORE || (job->operation == KEYRING_LOOKUP && token != NULL));
  g_free (token);
}

/* The rows of one kind of secret. */
typedef struct
{
  AdwActionRow *status_row;
  GtkWidget    *forget_button;
  AdwEntryRow  *entry_row;
  GtkLabel     *error;
} SecretRows;

static SecretRows
secret_rows (BiePreferencesWindow *self,
             BieCredentialKind     kind)
{
  if (kind == BIE_CREDENTIAL_TOKEN)
    return (SecretRows) { self->token_status_row, self->forget_button, self->token_row, self->token_error };

  return (SecretRows) { self->secret_status_row, self->secret_forget_button, self->secret_row, self->client_error };
}

static void
show_secret_kept (BiePreferencesWindow *self,
                  BieCredentialKind     kind,
                  gboolean              kept)
{
  SecretRows rows = secret_rows (self, kind);

  if (kind == BIE_CREDENTIAL_TOKEN)
    adw_action_row_set_subtitle (rows.status_row,
                                 kept ? _("A token is kept in the keyring for this server")
                                      : _("No token is kept for this server"));
  else
    adw_action_row_set_subtitle (rows.status_row,
                                 kept ? _("A client secret is kept in the keyring for this server")
                                      : _("No client secret is kept for this server"));
  gtk_widget_set_sensitive (rows.forget_button, kept);
}

static void
on_keyring_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  BiePreferencesWindow *self = BIE_PREFERENCES_WINDOW (source);
  KeyringJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean kept = g_task_propagate_boolean (G_TASK (result), &error);
  SecretRows rows;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->token_status_row == NULL)
    return;

  rows = secret_rows (self, job->kind);
  gtk_widget_set_sensitive (GTK_WIDGET (rows.entry_row), TRUE);
  if (error != NULL)
    {
      adw_action_row_set_subtitle (rows.status_row, _("The keyring could not be read"));
      show_inline_error (rows.error, error->message);
      return;
    }

  show_inline_error (rows.error, NULL);
  show_secret_kept (self, job->kind, kept);
}

static void
run_keyring_job (BiePreferencesWindow *self,
                 KeyringOperation      operation,
                 BieCredentialKind     kind,
                 const char           *server,
                 const char           *token)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_keyring_done, NULL);
  KeyringJob *job = g_new0 (KeyringJob, 1);

  job->operation = operation;
  job->kind = kind;
  job->server = g_strdup (server);
  job->token = g_strdup (token);
  g_task_set_source_tag (task, run_keyring_job);
  g_task_set_task_data (task, job, keyring_job_free);
  g_task_run_in_thread (task, keyring_thread);
}

static void
update_secret_status (BiePreferencesWindow *self,
                      BieCredentialKind     kind)
{
  SecretRows rows = secret_rows (self, kind);
  g_autofree char *server = saved_server (self);
  const char *env_name = bie_credentials_env_name (kind);
  const char *from_env = g_getenv (env_name);

  show_inline_error (rows.error, NULL);
  gtk_widget_set_sensitive (rows.forget_button, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (rows.entry_row), *server != '\0');

  if (from_env != NULL && *from_env != '\0')
    {
      adw_action_row_set_subtitle (rows.status_row,
                                   kind == BIE_CREDENTIAL_TOKEN ?
                                   _("The token comes from the BIENESTAR_FHIR_TOKEN environment variable") :
                                   _("The client secret comes from the BIENESTAR_FHIR_CLIENT_SECRET environment variable"));
      return;
    }
  if (*server == '\0')
    {
      adw_action_row_set_subtitle (rows.status_row, _("Set the server’s address first"));
      return;
    }

  adw_action_row_set_subtitle (rows.status_row, _("Looking in the keyring…"));
  run_keyring_job (self, KEYRING_LOOKUP, kind, server, NULL);
}

/* The token or the client secret: kept for the server, never in the entry. */
static void
save_secret (BiePreferencesWindow *self,
             BieCredentialKind     kind)
{
  SecretRows rows = secret_rows (self, kind);
  g_autofree char *server = saved_server (self);
  g_autofree char *secret = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (rows.entry_row))));

  gtk_editable_set_text (GTK_EDITABLE (rows.entry_row), "");
  if (*secret == '\0')
    {
      show_inline_error (rows.error,
                         kind == BIE_CREDENTIAL_TOKEN ?
                         _("Paste the token the district gave you, then save it.") :
                         _("Paste the client secret the district gave you, then save it."));
      return;
    }
  if (*server == '\0')
    {
      show_inline_error (rows.error,
                         kind == BIE_CREDENTIAL_TOKEN ?
                         _("Set the server’s address first: the token is kept for it.") :
                         _("Set the server’s address first: the client secret is kept for it."));
      return;
    }

  show_inline_error (rows.error, NULL);
  adw_action_row_set_subtitle (rows.status_row, _("Saving in the keyring…"));
  gtk_widget_set_sensitive (GTK_WIDGET (rows.entry_row), FALSE);
  run_keyring_job (self, KEYRING_STORE, kind, server, secret);
  memset (secret, 0, strlen (secret));
}

static void
forget_secret (BiePreferencesWindow *self,
               BieCredentialKind     kind)
{
  g_autofree char *server = saved_server (self);

  if (*server == '\0')
    return;
  gtk_widget_set_sensitive (secret_rows (self, kind).forget_button, FALSE);
  run_keyring_job (self, KEYRING_CLEAR, kind, server, NULL);
}

static void
on_token_apply (BiePreferencesWindow *self)
{
  save_secret (self, BIE_CREDENTIAL_TOKEN);
}

static void
on_forget_clicked (BiePreferencesWindow *self)
{
  forget_secret (self, BIE_CREDENTIAL_TOKEN);
}

static void
on_secret_apply (BiePreferencesWindow *self)
{
  save_secret (self, BIE_CREDENTIAL_CLIENT_SECRET);
}

static void
on_secret_forget_clicked (BiePreferencesWindow *self)
{
  forget_secret (self, BIE_CREDENTIAL_CLIENT_SECRET);
}

/* OAuth2 client credentials: where tokens come from, and for whom. The
 * address follows the server address's rules. */
static void
on_token_url_apply (BiePreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_url_row))));
  g_autoptr(GError) error = NULL;

  if (!check_server_address (text, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->token_url_row), "error");
      show_inline_error (self->client_error, error->message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->token_url_row), "error");
  show_inline_error (self->client_error, NULL);
  g_settings_set_string (self->settings, "sync-token-url", text);
  gtk_editable_set_text (GTK_EDITABLE (self->token_url_row), text);
}

static void
on_client_id_apply (BiePreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->client_id_row))));

  g_settings_set_string (self->settings, "sync-client-id", text);
  gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), text);
}

/* Test Connection: the server's capability statement, then one read,
 * which tells whether the token is taken. */

typedef struct
{
  char *server;
  char *ca_file;
  char *token_url;
  char *client_id;
} TestJob;

static void
test_job_free (gpointer data)
{
  TestJob *job = data;

  g_free (job->server);
  g_free (job->ca_file);
  g_free (job->token_url);
  g_free (job->client_id);
  g_free (job);
}

static void
test_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TestJob *job = task_data;
  g_autoptr(BieFhirClient) client = NULL;
  g_autoptr(BieFhirResponse) metadata = NULL;
  g_autoptr(BieFhirResponse) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *software = NULL;
  JsonObject *statement;
  JsonObject *software_object;
  const char *fhir_version;
  const char *name;
  const char *version;

  /* A keyring that cannot be read shows in the sign-in group; a sign-in
   * server that refuses the client secret, here. */
  client = bie_credentials_connect (job->server, job->ca_file, job->token_url, job->client_id,
                                    cancellable, NULL, &error);
  if (client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  metadata = bie_fhir_client_send (client, "GET", "metadata", NULL, NULL, cancellable, &error);
  if (metadata == NULL || !bie_fhir_response_check (metadata, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  statement = metadata->body != NULL && JSON_NODE_HOLDS_OBJECT (metadata->body) ?
              json_node_get_object (metadata->body) : NULL;
  if (g_strcmp0 (bie_json_get_string (statement, "resourceType"), "CapabilityStatement") != 0)
    {
      g_task_return_new_error (task, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID, "%s",
                               _("The address answers, but not as a FHIR server. Check that it ends with "
                                 "the server’s FHIR base, such as …/fhir/R4."));
      return;
    }
  fhir_version = bie_json_get_string (statement, "fhirVersion");
  if (fhir_version != NULL && !g_str_has_prefix (fhir_version, "4.0"))
    {
      g_task_return_new_error (task, BIE_FHIR_ERROR, BIE_FHIR_ERROR_UNSUPPORTED,
                               _("This server speaks FHIR %s; Bienestar speaks FHIR R4 (4.0). "
                                 "Ask the district for the address of its FHIR R4 server."), fhir_version);
      return;
    }
  software_object = bie_json_get_object (statement, "software");
  name = bie_json_get_string (software_object, "name");
  version = bie_json_get_string (software_object, "version");
  if (name != NULL && version != NULL)
    /* Translators: a server's software, its version and the FHIR version it speaks */
    software = g_strdup_printf (_("%s %s (FHIR %s)"), name, version, fhir_version ?: "4.0");
  else
    /* Translators: a server's software and the FHIR version it speaks */
    software = g_strdup_printf (_("%s (FHIR %s)"), name ?: _("a FHIR server"), fhir_version ?: "4.0");

  read = bie_fhir_client_send (client, "GET", "Location?_count=1", NULL, NULL, cancellable, &error);
  if (read == NULL || !bie_fhir_response_check (read, &error))
    {
      if (g_error_matches (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_UNAUTHORIZED))
        g_task_return_new_error (task, BIE_FHIR_ERROR, BIE_FHIR_ERROR_UNAUTHORIZED,
                                 !bie_fhir_client_has_token (client) ?
                                 _("%s answers, but wants a token: save the token the district gave you below.") :
                                 _("%s answers, but refused the token: save a new one below."),
                                 software);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task,
                         g_strdup_printf (bie_fhir_client_has_token (client) ?
                                          _("Connected to %s. The token was accepted.") :
                                          _("Connected to %s, which needs no token."),
                                          software),
                         g_free);
}

static void
on_test_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  BiePreferencesWindow *self = BIE_PREFERENCES_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->connection_row == NULL)
    return;

  g_clear_object (&self->testing);
  gtk_spinner_set_spinning (self->test_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
  gtk_widget_set_sensitive (self->test_button, TRUE);
  adw_action_row_set_subtitle (self->connection_row, summary != NULL ? summary : error->message);
}

static void
on_test_clicked (BiePreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  TestJob *job;

  if (*text == '\0')
    {
      adw_action_row_set_subtitle (self->connection_row, _("Type the server’s address first."));
      return;
    }
  if (!check_server_address (text, &error))
    {
      adw_action_row_set_subtitle (self->connection_row, error->message);
      return;
    }

  g_clear_object (&self->testing);
  self->testing = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->testing, G_CONNECT_SWAPPED);
  job = g_new0 (TestJob, 1);
  job->server = g_steal_pointer (&text);
  job->ca_file = g_settings_get_string (self->settings, "sync-ca-file");
  job->token_url = g_strstrip (g_settings_get_string (self->settings, "sync-token-url"));
  job->client_id = g_strstrip (g_settings_get_string (self->settings, "sync-client-id"));

  adw_action_row_set_subtitle (self->connection_row, _("Connecting…"));
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), TRUE);
  gtk_spinner_set_spinning (self->test_spinner, TRUE);
  gtk_widget_set_sensitive (self->test_button, FALSE);

  task = g_task_new (self, self->testing, on_test_done, NULL);
  g_task_set_source_tag (task, on_test_clicked);
  g_task_set_task_data (task, job, test_job_free);
  g_task_run_in_thread (task, test_thread);
}

/* Assigned sectors */

static void
show_sectors (BiePreferencesWindow *self)
{
  g_auto(GStrv) sectors = g_settings_get_strv (self->settings, "sync-sectors");
  g_autofree char *text = g_strjoinv (", ", sectors);

  gtk_editable_set_text (GTK_EDITABLE (self->sectors_row), text);
}

static void
on_sectors_apply (BiePreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->sectors_row));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sectors = bie_sync_parse_sectors (text, &error);
  const char * const all[] = { "all", NULL };

  if (error != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->sectors_row), "error");
      show_inline_error (self->sectors_error, error->message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->sectors_row), "error");
  show_inline_error (self->sectors_error, NULL);
  g_settings_set_strv (self->settings, "sync-sectors",
                       sectors != NULL ? (const char * const *) sectors : all);
  show_sectors (self);
}

/* Interval: minutes, in the order of the row's choices. */
static const guint intervals[] = { 0, 5, 15, 30, 60, 240 };

static gboolean
interval_to_position (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  guint minutes = g_variant_get_uint32 (variant);
  guint best = 0;

  /* A value set elsewhere shows as the nearest choice. */
  for (guint i = 1; i < G_N_ELEMENTS (intervals); i++)
    if ((guint) ABS ((int) intervals[i] - (int) minutes) < (guint) ABS ((int) intervals[best] - (int) minutes))
      best = i;
  if (minutes > 0 && best == 0)
    best = 1;
  g_value_set_uint (value, best);

  return TRUE;
}

static GVariant *
position_to_interval (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= G_N_ELEMENTS (intervals))
    return NULL;

  return g_variant_new_uint32 (intervals[position]);
}

/* Extra certificate authority */

static void
show_ca_file (BiePreferencesWindow *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "sync-ca-file");

  if (*path == '\0')
    adw_action_row_set_subtitle (self->ca_row, _("None: only the certificate authorities the system trusts"));
  else
    {
      g_autofree char *name = g_filename_display_basename (path);

      adw_action_row_set_subtitle (self->ca_row, name);
    }
  gtk_widget_set_visible (self->ca_clear_button, *path != '\0');
}

static void
on_ca_chosen (BiePreferencesWindow *self,
              int                   response,
              GtkNativeDialog      *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(BieFhirClient) client = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->ca_chooser);
  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_inline_error (self->ca_error, _("Choose a file on this computer."));
      return;
    }

  /* Only a file the client can read as certificates is kept. */
  client = bie_fhir_client_new ("https://localhost/", &error);
  if (client == NULL || !bie_fhir_client_add_ca_file (client, path, &error))
    {
      show_inline_error (self->ca_error, error->message);
      return;
    }

  show_inline_error (self->ca_error, NULL);
  g_settings_set_string (self->settings, "sync-ca-file", path);
}

static void
on_ca_choose_clicked (BiePreferencesWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_clear_object (&self->ca_chooser);
  self->ca_chooser = gtk_file_chooser_native_new (_("Extra Certificate Authority"), GTK_WINDOW (self),
                                                  GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->ca_chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");
  gtk_file_filter_add_mime_type (filter, "application/x-pem-file");
  gtk_file_filter_add_suffix (filter, "pem");
  gtk_file_filter_add_suffix (filter, "crt");
  gtk_file_filter_add_suffix (filter, "cer");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->ca_chooser), filter);
  g_signal_connect_object (self->ca_chooser, "response", G_CALLBACK (on_ca_chosen), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->ca_chooser));
}

static void
on_ca_clear_clicked (BiePreferencesWindow *self)
{
  show_inline_error (self->ca_error, NULL);
  g_settings_set_string (self->settings, "sync-ca-file", "");
}

/* AdwPasswordEntryRow's icon button to show the text has a tooltip but
 * no name for assistive technologies; it gets its tooltip as one. */
static void
name_icon_buttons (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL &&
      gtk_widget_get_tooltip_text (widget) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_widget_get_tooltip_text (widget), -1);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    name_icon_buttons (child);
}

static void
setup_server_page (BiePreferencesWindow *self)
{
  g_autofree char *server = saved_server (self);
  g_autofree char *token_url = g_settings_get_string (self->settings, "sync-token-url");
  g_autofree char *client_id = g_settings_get_string (self->settings, "sync-client-id");

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
  gtk_editable_set_text (GTK_EDITABLE (self->token_url_row), token_url);
  gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), client_id);
  show_sectors (self);
  g_settings_bind_with_mapping (self->settings, "sync-interval",
                                self->interval_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                interval_to_position,
                                position_to_interval,
                                NULL, NULL);
  g_signal_connect_object (self->settings, "changed::sync-ca-file", G_CALLBACK (show_ca_file),
                           self, G_CONNECT_SWAPPED);
  show_ca_file (self);
  update_token_status (self);
  name_icon_buttons (GTK_WIDGET (self->token_row));
  name_icon_buttons (GTK_WIDGET (self->secret_row));
}

/**
 * bie_preferences_window_new:
 * @parent: (nullable): the window the preferences belong to
 *
 * Returns: (transfer full): a new #BiePreferencesWindow
 */
BiePreferencesWindow *
bie_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (BIE_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}

static void
bie_preferences_window_dispose (GObject *object)
{
  BiePreferencesWindow *self = BIE_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->ca_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->ca_chooser));
  g_clear_object (&self->ca_chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), BIE_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->testing);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bie_preferences_window_parent_class)->dispose (object);
}

static void
bie_preferences_window_class_init (BiePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bie_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bie-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, connection_row);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, test_button);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, server_error);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, token_status_row);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, forget_button);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, token_error);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, token_url_row);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, secret_status_row);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, secret_forget_button);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, secret_row);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, client_error);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, sectors_row);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, sectors_error);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, interval_row);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, ca_row);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, BiePreferencesWindow, ca_error);
  gtk_widget_class_bind_template_callback (widget_class, on_server_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_test_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_forget_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_token_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_secret_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_secret_forget_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_token_url_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_client_id_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_sectors_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_clear_clicked);
}

static void
bie_preferences_window_init (BiePreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                color_scheme_to_position,
                                position_to_color_scheme,
                                NULL, NULL);

  self->cancellable = g_cancellable_new ();
  setup_server_page (self);
}
