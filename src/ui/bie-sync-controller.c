/* bie-sync-controller.c: the application's synchronisation with the
 * district server
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One controller per open cache. It reads what Preferences set (server,
 * sectors, interval, extra CA, URIs), signs in (the token from the
 * keyring, or one fetched with the client secret from it), and runs
 * the engine: on demand, and every sync-interval minutes in the
 * background; one run at a time, a request during a run queued for after
 * it. What the views show (state, last sync, pending changes, conflicts,
 * progress, the last error) are properties. GIO only; nothing here logs
 * a token or a record.
 */

#define G_LOG_DOMAIN "bie-sync-controller"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bie-credentials.h"
#include "bie-demo-cache.h"
#include "bie-fhir-client.h"
#include "bie-store-sync.h"
#include "bie-sync-command.h"
#include "bie-sync-controller.h"
#include "bie-sync-engine.h"
#include "bie-sync-text.h"

/* Counts follow the cache's changes, at most this often: a download
 * changes thousands of records. */
#define COUNTS_DELAY_MS 250
#define ON_DEMAND_ATTEMPTS 4
#define ON_DEMAND_FIRST_DELAY_MS 500

G_DEFINE_ENUM_TYPE (BieSyncState, bie_sync_state,
  G_DEFINE_ENUM_VALUE (BIE_SYNC_STATE_NOT_CONFIGURED, "not-configured"),
  G_DEFINE_ENUM_VALUE (BIE_SYNC_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (BIE_SYNC_STATE_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (BIE_SYNC_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (BIE_SYNC_STATE_FAILED, "failed"))

struct _BieSyncController
{
  GObject          parent_instance;

  BieStore        *store;
  GSettings       *settings;
  gboolean         demo;           /* made-up data: never synchronised */

  BieSyncState     state;
  BieSyncState     state_before;   /* what a cancelled run goes back to */
  GDateTime       *last_sync;
  gint64           pending;
  gint64           conflicts;
  char            *progress_text;
  char            *error_message;

  /* The run under way */
  gboolean         running;
  gboolean         on_demand;
  GCancellable    *cancellable;
  BieFhirClient   *client;
  BieSyncEngine   *engine;
  char            *keyring_error;  /* a secret could not be read: said if the server refuses */
  gboolean         queued;
  gboolean         queued_on_demand;

  guint            retry_attempts;  /* 0: the engine's own */
  guint            retry_delay_ms;

  guint            timer_id;
  guint            startup_id;
  guint            counts_id;
};

G_DEFINE_FINAL_TYPE (BieSyncController, bie_sync_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_STATE,
  PROP_LAST_SYNC,
  PROP_PENDING,
  PROP_CONFLICTS,
  PROP_PROGRESS_TEXT,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_run (BieSyncController *self,
                       gboolean           on_demand);

/**
 * bie_sync_controller_new:
 * @store: the open cache
 *
 * Returns: (transfer full): a controller of @store's synchronisation
 */
BieSyncController *
bie_sync_controller_new (BieStore *store)
{
  g_return_val_if_fail (BIE_IS_STORE (store), NULL);

  return g_object_new (BIE_TYPE_SYNC_CONTROLLER, "store", store, NULL);
}

static void
set_state (BieSyncController *self,
           BieSyncState       state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_string (BieSyncController  *self,
            char              **slot,
            const char         *value,
            guint               prop)
{
  if (g_strcmp0 (*slot, value) == 0)
    return;

  g_free (*slot);
  *slot = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_progress_text (BieSyncController *self,
                   const char        *text)
{
  set_string (self, &self->progress_text, text, PROP_PROGRESS_TEXT);
}

static void
set_error_message (BieSyncController *self,
                   const char        *message)
{
  set_string (self, &self->error_message, message, PROP_ERROR_MESSAGE);
}

/* The server and the sectors are what a run needs; the token may be
 * missing (an open training server). */
static gboolean
is_configured (BieSyncController *self)
{
  g_autofree char *server = g_settings_get_string (self->settings, "sync-server");
  g_auto(GStrv) sectors = g_settings_get_strv (self->settings, "sync-sectors");

  return !self->demo && *g_strstrip (server) != '\0' && sectors[0] != NULL;
}

/* The state between runs, after Preferences changed. */
static void
update_idle_state (BieSyncController *self)
{
  if (self->running)
    return;

  if (!is_configured (self))
    set_state (self, BIE_SYNC_STATE_NOT_CONFIGURED);
  else if (self->state == BIE_SYNC_STATE_NOT_CONFIGURED)
    set_state (self, BIE_SYNC_STATE_IDLE);
}

/* Counts */

/**
 * bie_sync_controller_refresh_counts:
 *
 * Reads the numbers of pending changes and of conflicts from the cache
 * now, rather than after its next change.
 */
void
bie_sync_controller_refresh_counts (BieSyncController *self)
{
  gint64 pending = 0;
  gint64 conflicts = 0;

  g_return_if_fail (BIE_IS_SYNC_CONTROLLER (self));

  g_clear_handle_id (&self->counts_id, g_source_remove);

  /* A damaged cache says so where its records are shown; the counts keep
   * what they said before. */
  if (!bie_store_sync_count (self->store, &pending, &conflicts, NULL))
    return;
  /* A record in conflict waits for the user, not for the server. */
  pending = MAX (pending - conflicts, 0);

  g_object_freeze_notify (G_OBJECT (self));
  if (pending != self->pending)
    {
      self->pending = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }
  if (conflicts != self->conflicts)
    {
      self->conflicts = conflicts;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICTS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
refresh_counts_later (gpointer data)
{
  BieSyncController *self = data;

  self->counts_id = 0;
  bie_sync_controller_refresh_counts (self);

  return G_SOURCE_REMOVE;
}

static void
on_store_changed (BieSyncController *self)
{
  if (self->counts_id == 0)
    self->counts_id = g_timeout_add (COUNTS_DELAY_MS, refresh_counts_later, self);
}

/* The background runs */

static gboolean
on_timer (gpointer data)
{
  BieSyncController *self = data;

  if (!self->running && is_configured (self))
    start_run (self, FALSE);

  return G_SOURCE_CONTINUE;
}

/* Once, soon after the window opens: what changed overnight comes in. */
#define STARTUP_DELAY_S 10

static gboolean
on_startup (gpointer data)
{
  BieSyncController *self = data;

  self->startup_id = 0;
  on_timer (self);

  return G_SOURCE_REMOVE;
}

static void
schedule (BieSyncController *self)
{
  guint minutes = g_settings_get_uint (self->settings, "sync-interval");

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->startup_id, g_source_remove);
  if (minutes > 0)
    self->timer_id = g_timeout_add_seconds (minutes * 60, on_timer, self);
}

static void
on_settings_changed (BieSyncController *self,
                     const char        *key)
{
  if (g_str_equal (key, "sync-interval"))
    schedule (self);
  else if (g_str_equal (key, "sync-server"))
    {
      /* What was said of the last run was said of another server. */
      if (!self->running && (self->state == BIE_SYNC_STATE_OFFLINE || self->state == BIE_SYNC_STATE_FAILED))
        {
          set_error_message (self, NULL);
          set_state (self, BIE_SYNC_STATE_IDLE);
        }
      update_idle_state (self);
    }
  else if (g_str_equal (key, "sync-sectors"))
    update_idle_state (self);
}

/* One run */

static gboolean
is_offline (const GError *error)
{
  return g_error_matches (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_NETWORK) ||
         error->domain == G_RESOLVER_ERROR ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

static void
end_run (BieSyncController *self)
{
  self->running = FALSE;
  g_clear_object (&self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->client);
  g_clear_pointer (&self->keyring_error, g_free);
}

/* Ends a run that failed (or could not start) with @error. */
static void
fail_run (BieSyncController *self,
          const GError      *error)
{
  gboolean on_demand = self->on_demand;
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_autofree char *message = NULL;

  if (g_error_matches (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_UNAUTHORIZED) && self->keyring_error != NULL)
    message = g_strdup_printf ("%s %s", error->message, self->keyring_error);
  else
    message = g_strdup (error->message);

  end_run (self);

  g_object_freeze_notify (G_OBJECT (self));
  set_progress_text (self, NULL);
  if (cancelled)
    set_state (self, self->state_before);
  else
    {
      set_error_message (self, message);
      set_state (self, is_offline (error) ? BIE_SYNC_STATE_OFFLINE : BIE_SYNC_STATE_FAILED);
    }
  update_idle_state (self);
  bie_sync_controller_refresh_counts (self);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[FINISHED], 0, FALSE, on_demand, cancelled);
}

static void
succeed_run (BieSyncController *self)
{
  gboolean on_demand = self->on_demand;
  g_autofree char *text = bie_store_get_meta (self->store, BIE_SYNC_META_LAST);
  g_autoptr(GDateTime) when = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  end_run (self);

  g_object_freeze_notify (G_OBJECT (self));
  /* The engine keeps it with the cache it describes. */
  g_clear_pointer (&self->last_sync, g_date_time_unref);
  if (when != NULL)
    self->last_sync = g_date_time_to_local (when);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
  set_progress_text (self, NULL);
  set_error_message (self, NULL);
  set_state (self, BIE_SYNC_STATE_IDLE);
  update_idle_state (self);
  bie_sync_controller_refresh_counts (self);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[FINISHED], 0, TRUE, on_demand, FALSE);
}

static void
run_next (BieSyncController *self)
{
  if (self->queued && !self->running)
    {
      gboolean on_demand = self->queued_on_demand;

      self->queued = FALSE;
      self->queued_on_demand = FALSE;
      start_run (self, on_demand);
    }
}

static void
on_progress (BieSyncEngine     *engine,
             const char        *stage,
             gint64             done,
             BieSyncController *self)
{
  g_autofree char *text = bie_sync_text_stage (stage, done);

  set_progress_text (self, text);
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BieSyncController) self = user_data;
  g_autoptr(GError) error = NULL;
  BieSyncSummary summary = { 0 };
  gboolean ok;

  ok = bie_sync_engine_run_finish (BIE_SYNC_ENGINE (source), result, &summary, &error);

  /* Conflicts left for the user are not a failure of the run: the cache
   * and the server agree on everything else, and the conflicts are shown. */
  if (ok || (g_error_matches (error, BIE_SYNC_ERROR, BIE_SYNC_ERROR_NOT_CONVERGED) &&
             summary.refused == 0 && summary.deferred == 0))
    succeed_run (self);
  else
    fail_run (self, error);

  run_next (self);
}

/* Signing in, in a worker: the keyring may take its time (starting, or
 * asking to be unlocked), and a token may have to be fetched from the
 * district's sign-in server. */
typedef struct
{
  char *server;
  char *ca_file;
  char *token_url;
  char *client_id;
} SignInJob;

typedef struct
{
  char *token;
  char *keyring_error;  /* (nullable) */
} SignedIn;

static void
sign_in_job_free (gpointer data)
{
  SignInJob *job = data;

  g_free (job->server);
  g_free (job->ca_file);
  g_free (job->token_url);
  g_free (job->client_id);
  g_free (job);
}

static void
signed_in_free (gpointer data)
{
  SignedIn *signed_in = data;

  if (signed_in->token != NULL)
    memset (signed_in->token, 0, strlen (signed_in->token));
  g_free (signed_in->token);
  g_free (signed_in->keyring_error);
  g_free (signed_in);
}

static void
sign_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SignInJob *job = task_data;
  g_autoptr(BieFhirClient) client = NULL;
  g_autoptr(GError) keyring_error = NULL;
  GError *error = NULL;
  SignedIn *signed_in;
  char *token;

  /* A client of this thread's own for the token request: the run's is
   * the engine's. */
  client = bie_fhir_client_new_with_ca (job->server, job->ca_file, &error);
  if (client == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  token = bie_credentials_sign_in (client, job->server, job->token_url, job->client_id,
                                   cancellable, &keyring_error, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  signed_in = g_new0 (SignedIn, 1);
  signed_in->token = token;
  signed_in->keyring_error = keyring_error != NULL ? g_strdup (keyring_error->message) : NULL;
  g_task_return_pointer (task, signed_in, signed_in_free);
}

static void
on_signed_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  BieSyncController *self = BIE_SYNC_CONTROLLER (source);
  g_autoptr(GError) error = NULL;
  SignedIn *signed_in = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GError) uris_error = NULL;
  g_autoptr(BieFhirUris) uris = NULL;
  g_auto(GStrv) sectors = NULL;
  g_auto(GStrv) assigned = NULL;
  g_autofree char *joined = NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "");

      g_clear_pointer (&signed_in, signed_in_free);
      fail_run (self, cancelled);
      run_next (self);
      return;
    }

  /* The sign-in server refused, or could not be reached. */
  if (error != NULL)
    {
      fail_run (self, error);
      run_next (self);
      return;
    }

  /* Without a keyring an open server still works: go on without a token,
   * and say why if the server wants one. */
  self->keyring_error = g_steal_pointer (&signed_in->keyring_error);
  bie_fhir_client_set_token (self->client, signed_in->token);
  signed_in_free (signed_in);

  /* Read again: Preferences may have changed while the keyring answered. */
  uris = bie_sync_controller_dup_uris (self, &uris_error);
  assigned = g_settings_get_strv (self->settings, "sync-sectors");
  joined = g_strjoinv (",", assigned);
  if (uris != NULL)
    sectors = bie_sync_parse_sectors (joined, &uris_error);
  if (uris_error != NULL)
    {
      fail_run (self, uris_error);
      run_next (self);
      return;
    }

  self->engine = bie_sync_engine_new (self->store, self->client);
  bie_sync_engine_set_sectors (self->engine, (const char * const *) sectors);
  bie_sync_engine_set_uris (self->engine, uris);
  if (self->retry_attempts > 0)
    bie_sync_engine_set_retry (self->engine, self->retry_attempts, self->retry_delay_ms);
  else if (self->on_demand)
    /* Someone waits for it: a server that cannot be reached is said in
     * seconds, not after the background's minute of patience. */
    bie_sync_engine_set_retry (self->engine, ON_DEMAND_ATTEMPTS, ON_DEMAND_FIRST_DELAY_MS);
  g_signal_connect (self->engine, "progress", G_CALLBACK (on_progress), self);
  bie_sync_engine_run_async (self->engine, self->cancellable, on_run_done, g_object_ref (self));
}

/* A run that cannot start says why, as a failed one does. */
static void
refuse_run (BieSyncController *self,
            gboolean           on_demand,
            const GError      *error)
{
  self->on_demand = on_demand;
  self->state_before = self->state;
  fail_run (self, error);
}

static void
start_run (BieSyncController *self,
           gboolean           on_demand)
{
  g_autofree char *server = NULL;
  g_autofree char *ca_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(BieFhirUris) uris = NULL;
  g_auto(GStrv) assigned = NULL;
  g_auto(GStrv) sectors = NULL;
  g_autofree char *joined = NULL;
  SignInJob *job;

  if (self->running)
    {
      self->queued = TRUE;
      self->queued_on_demand |= on_demand;
      return;
    }

  if (!is_configured (self))
    {
      set_state (self, BIE_SYNC_STATE_NOT_CONFIGURED);
      set_error_message (self, self->demo ?
                         _("The demo city is made-up data: it is never sent to a district server.") :
                         _("No district server is set up: set its address and your sectors in Preferences."));
      g_signal_emit (self, signals[FINISHED], 0, FALSE, on_demand, FALSE);
      return;
    }

  server = g_strstrip (g_settings_get_string (self->settings, "sync-server"));
  ca_file = g_settings_get_string (self->settings, "sync-ca-file");
  assigned = g_settings_get_strv (self->settings, "sync-sectors");
  joined = g_strjoinv (",", assigned);

  if ((uris = bie_sync_controller_dup_uris (self, &error)) == NULL ||
      ((sectors = bie_sync_parse_sectors (joined, &error)) == NULL && error != NULL) ||
      (self->client = bie_fhir_client_new_with_ca (server, ca_file, &error)) == NULL)
    {
      refuse_run (self, on_demand, error);
      return;
    }

  self->running = TRUE;
  self->on_demand = on_demand;
  self->state_before = self->state == BIE_SYNC_STATE_NOT_CONFIGURED ? BIE_SYNC_STATE_IDLE : self->state;
  self->cancellable = g_cancellable_new ();

  g_object_freeze_notify (G_OBJECT (self));
  set_progress_text (self, _("Connecting to the server…"));
  set_state (self, BIE_SYNC_STATE_SYNCING);
  g_object_thaw_notify (G_OBJECT (self));

  job = g_new0 (SignInJob, 1);
  job->server = g_steal_pointer (&server);
  job->ca_file = g_steal_pointer (&ca_file);
  job->token_url = g_strstrip (g_settings_get_string (self->settings, "sync-token-url"));
  job->client_id = g_strstrip (g_settings_get_string (self->settings, "sync-client-id"));
  task = g_task_new (self, self->cancellable, on_signed_in, NULL);
  g_task_set_source_tag (task, start_run);
  g_task_set_task_data (task, job, sign_in_job_free);
  g_task_run_in_thread (task, sign_in_thread);
}

/**
 * bie_sync_controller_sync_now:
 *
 * Synchronises now; during a run, once more after it.
 */
void
bie_sync_controller_sync_now (BieSyncController *self)
{
  g_return_if_fail (BIE_IS_SYNC_CONTROLLER (self));

  start_run (self, TRUE);
}

/**
 * bie_sync_controller_cancel:
 *
 * Stops the run under way, and the one queued after it. What a run
 * applied stays: every page is applied whole or not at all, and the next
 * run resumes from there.
 */
void
bie_sync_controller_cancel (BieSyncController *self)
{
  g_return_if_fail (BIE_IS_SYNC_CONTROLLER (self));

  self->queued = FALSE;
  self->queued_on_demand = FALSE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/**
 * bie_sync_controller_set_retry:
 * @attempts: how many times a request is tried before a run fails; 0 for
 *   the engine's default
 * @first_delay_ms: the wait after the first failure
 *
 * For the runs to come: how patiently they meet faults.
 */
void
bie_sync_controller_set_retry (BieSyncController *self,
                               guint              attempts,
                               guint              first_delay_ms)
{
  g_return_if_fail (BIE_IS_SYNC_CONTROLLER (self));

  self->retry_attempts = attempts;
  self->retry_delay_ms = first_delay_ms;
}

/**
 * bie_sync_controller_dup_uris:
 *
 * Returns: (transfer full) (nullable): the identifier and code systems,
 *   with the overrides set in the settings
 */
BieFhirUris *
bie_sync_controller_dup_uris (BieSyncController  *self,
                              GError            **error)
{
  g_autoptr(GVariant) overrides = NULL;

  g_return_val_if_fail (BIE_IS_SYNC_CONTROLLER (self), NULL);

  overrides = g_settings_get_value (self->settings, "fhir-uris");

  return bie_fhir_uris_new_with_overrides (overrides, error);
}

/**
 * bie_sync_controller_theirs_record:
 * @json: the server's version of a record in conflict
 *
 * Returns: (transfer full) (nullable): it as a record of @entity, its
 *   references resolved in the cache
 */
gpointer
bie_sync_controller_theirs_record (BieSyncController  *self,
                                   BieEntity           entity,
                                   const char         *json,
                                   GError            **error)
{
  g_autoptr(BieFhirUris) uris = NULL;
  g_autoptr(BieFhirClient) client = NULL;
  g_autoptr(BieSyncEngine) engine = NULL;
  g_autofree char *server = NULL;

  g_return_val_if_fail (BIE_IS_SYNC_CONTROLLER (self), NULL);
  g_return_val_if_fail (json != NULL, NULL);

  uris = bie_sync_controller_dup_uris (self, error);
  if (uris == NULL)
    return NULL;

  /* The engine reads the resource without the network; a client it must
   * have, even when the server was since unset. */
  server = g_strstrip (g_settings_get_string (self->settings, "sync-server"));
  client = bie_fhir_client_new (*server != '\0' ? server : "http://localhost/", NULL);
  if (client == NULL)
    client = bie_fhir_client_new ("http://localhost/", error);
  if (client == NULL)
    return NULL;

  engine = bie_sync_engine_new (self->store, client);
  bie_sync_engine_set_uris (engine, uris);

  return bie_sync_engine_theirs_record (engine, entity, json, error);
}

/* Getters */

BieStore *
bie_sync_controller_get_store (BieSyncController *self)
{
  g_return_val_if_fail (BIE_IS_SYNC_CONTROLLER (self), NULL);

  return self->store;
}

/**
 * bie_sync_controller_is_demo:
 *
 * Returns: whether the cache is the demo city, which never synchronises
 */
gboolean
bie_sync_controller_is_demo (BieSyncController *self)
{
  g_return_val_if_fail (BIE_IS_SYNC_CONTROLLER (self), FALSE);

  return self->demo;
}

BieSyncState
bie_sync_controller_get_state (BieSyncController *self)
{
  g_return_val_if_fail (BIE_IS_SYNC_CONTROLLER (self), BIE_SYNC_STATE_NOT_CONFIGURED);

  return self->state;
}

/**
 * bie_sync_controller_get_last_sync:
 *
 * Returns: (transfer none) (nullable): when the cache last synchronised
 *   to the end, in local time; NULL when never
 */
GDateTime *
bie_sync_controller_get_last_sync (BieSyncController *self)
{
  g_return_val_if_fail (BIE_IS_SYNC_CONTROLLER (self), NULL);

  return self->last_sync;
}

/**
 * bie_sync_controller_get_pending:
 *
 * Returns: how many records have changes waiting to be sent, not counting
 *   those in conflict
 */
gint64
bie_sync_controller_get_pending (BieSyncController *self)
{
  g_return_val_if_fail (BIE_IS_SYNC_CONTROLLER (self), 0);

  return self->pending;
}

gint64
bie_sync_controller_get_conflicts (BieSyncController *self)
{
  g_return_val_if_fail (BIE_IS_SYNC_CONTROLLER (self), 0);

  return self->conflicts;
}

/**
 * bie_sync_controller_get_progress_text:
 *
 * Returns: (nullable): what the run under way is doing
 */
const char *
bie_sync_controller_get_progress_text (BieSyncController *self)
{
  g_return_val_if_fail (BIE_IS_SYNC_CONTROLLER (self), NULL);

  return self->progress_text;
}

/**
 * bie_sync_controller_get_error_message:
 *
 * Returns: (nullable): why the last run failed, in words for the user
 */
const char *
bie_sync_controller_get_error_message (BieSyncController *self)
{
  g_return_val_if_fail (BIE_IS_SYNC_CONTROLLER (self), NULL);

  return self->error_message;
}

/**
 * bie_sync_controller_dup_server_name:
 *
 * Returns: (transfer full) (nullable): the server's host (and port), as
 *   a user recognises it; NULL when none is set
 */
char *
bie_sync_controller_dup_server_name (BieSyncController *self)
{
  g_autofree char *server = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (BIE_IS_SYNC_CONTROLLER (self), NULL);

  server = g_strstrip (g_settings_get_string (self->settings, "sync-server"));
  if (*server == '\0')
    return NULL;
  uri = g_uri_parse (server, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_steal_pointer (&server);
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));

  return g_strdup (g_uri_get_host (uri));
}

/* GObject */

static void
bie_sync_controller_constructed (GObject *object)
{
  BieSyncController *self = BIE_SYNC_CONTROLLER (object);
  g_autofree char *last = NULL;

  G_OBJECT_CLASS (bie_sync_controller_parent_class)->constructed (object);

  g_assert (BIE_IS_STORE (self->store));

  last = bie_store_get_meta (self->store, BIE_SYNC_META_LAST);
  if (last != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (last, NULL);

      if (utc != NULL)
        self->last_sync = g_date_time_to_local (utc);
    }

  self->demo = bie_demo_cache_is_demo (self->store);
  self->state = is_configured (self) ? BIE_SYNC_STATE_IDLE : BIE_SYNC_STATE_NOT_CONFIGURED;
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self, G_CONNECT_SWAPPED);
  bie_sync_controller_refresh_counts (self);
  schedule (self);
  if (g_settings_get_uint (self->settings, "sync-interval") > 0)
    self->startup_id = g_timeout_add_seconds (STARTUP_DELAY_S, on_startup, self);
}

static void
bie_sync_controller_dispose (GObject *object)
{
  BieSyncController *self = BIE_SYNC_CONTROLLER (object);

  bie_sync_controller_cancel (self);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->startup_id, g_source_remove);
  g_clear_handle_id (&self->counts_id, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);

  G_OBJECT_CLASS (bie_sync_controller_parent_class)->dispose (object);
}

static void
bie_sync_controller_finalize (GObject *object)
{
  BieSyncController *self = BIE_SYNC_CONTROLLER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->engine);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->last_sync, g_date_time_unref);
  g_clear_pointer (&self->progress_text, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->keyring_error, g_free);

  G_OBJECT_CLASS (bie_sync_controller_parent_class)->finalize (object);
}

static void
bie_sync_controller_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BieSyncController *self = BIE_SYNC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LAST_SYNC:
      g_value_set_boxed (value, self->last_sync);
      break;
    case PROP_PENDING:
      g_value_set_int64 (value, self->pending);
      break;
    case PROP_CONFLICTS:
      g_value_set_int64 (value, self->conflicts);
      break;
    case PROP_PROGRESS_TEXT:
      g_value_set_string (value, self->progress_text);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bie_sync_controller_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BieSyncController *self = BIE_SYNC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bie_sync_controller_class_init (BieSyncControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bie_sync_controller_constructed;
  object_class->dispose = bie_sync_controller_dispose;
  object_class->finalize = bie_sync_controller_finalize;
  object_class->get_property = bie_sync_controller_get_property;
  object_class->set_property = bie_sync_controller_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BIE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BIE_TYPE_SYNC_STATE, BIE_SYNC_STATE_NOT_CONFIGURED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNC] =
    g_param_spec_boxed ("last-sync", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_int64 ("pending", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONFLICTS] =
    g_param_spec_int64 ("conflicts", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS_TEXT] =
    g_param_spec_string ("progress-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BieSyncController::finished:
   * @success: whether the run synchronised to the end (conflicts left for
   *   the user count as success)
   * @on_demand: whether someone asked for it, rather than the timer
   * @cancelled: whether it was cancelled
   *
   * Emitted when a run ends, cancelled or not, and when one asked for
   * cannot start.
   */
  signals[FINISHED] = g_signal_new ("finished",
                                    G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 3, G_TYPE_BOOLEAN, G_TYPE_BOOLEAN, G_TYPE_BOOLEAN);
}

static void
bie_sync_controller_init (BieSyncController *self)
{
  self->settings = g_settings_new (APP_ID);
}
