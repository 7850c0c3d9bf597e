/* bie-sync-engine.c: the local cache and the district's FHIR server made
 * to converge
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One run downloads what changed on the server since the last run
 * (bie-sync-download.c), then uploads the outbox (bie-sync-upload.c).
 *
 * A record edited on both sides is merged field by field against the
 * server's last version when the two sides changed different fields;
 * otherwise a conflict waits for the user. Nothing is overwritten
 * silently, nothing dropped.
 *
 * The network part runs in a worker thread (bie_sync_engine_run_async);
 * every touch of the store runs on the store's own thread, where the
 * store was opened: the worker hands those over and waits.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bie-sync-private.h"

G_DEFINE_QUARK (bie-sync-error-quark, bie_sync_error)

#define DEFAULT_PAGE_SIZE 200
#define DEFAULT_BUNDLE_SIZE 50
#define DEFAULT_ATTEMPTS 8
#define DEFAULT_FIRST_DELAY_MS 500
#define MAX_DELAY_MS 30000
/* A Retry-After longer than this is not waited for in one run. */
#define MAX_RETRY_AFTER_MS 120000

G_DEFINE_FINAL_TYPE (BieSyncEngine, bie_sync_engine, G_TYPE_OBJECT)

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
bie_sync_engine_finalize (GObject *object)
{
  BieSyncEngine *self = BIE_SYNC_ENGINE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_pointer (&self->uris, bie_fhir_uris_free);
  g_clear_pointer (&self->sectors, g_strfreev);
  g_clear_pointer (&self->store_context, g_main_context_unref);

  G_OBJECT_CLASS (bie_sync_engine_parent_class)->finalize (object);
}

static void
bie_sync_engine_class_init (BieSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bie_sync_engine_finalize;

  /**
   * BieSyncEngine::progress:
   * @stage: what is being done, in words for the user
   * @done: records done in this stage
   *
   * Emitted on the store's thread as a run goes.
   */
  signals[PROGRESS] = g_signal_new ("progress",
                                    G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
}

static void
bie_sync_engine_init (BieSyncEngine *self)
{
  self->uris = bie_fhir_uris_new ();
  self->page_size = DEFAULT_PAGE_SIZE;
  self->bundle_size = DEFAULT_BUNDLE_SIZE;
  self->attempts = DEFAULT_ATTEMPTS;
  self->first_delay_ms = DEFAULT_FIRST_DELAY_MS;
}

/**
 * bie_sync_engine_new:
 * @store: the cache, used only on the thread that calls this
 * @client: the server; used by one run at a time
 */
BieSyncEngine *
bie_sync_engine_new (BieStore      *store,
                     BieFhirClient *client)
{
  BieSyncEngine *self;

  g_return_val_if_fail (BIE_IS_STORE (store), NULL);
  g_return_val_if_fail (BIE_IS_FHIR_CLIENT (client), NULL);

  self = g_object_new (BIE_TYPE_SYNC_ENGINE, NULL);
  self->store = g_object_ref (store);
  self->client = g_object_ref (client);
  self->store_context = g_main_context_ref_thread_default ();
  self->store_thread = g_thread_self ();

  return self;
}

/**
 * bie_sync_engine_set_sectors:
 * @sectors: (nullable) (array zero-terminated=1): the codes of the sectors
 *   assigned to the user; NULL for every sector
 */
void
bie_sync_engine_set_sectors (BieSyncEngine      *self,
                             const char * const *sectors)
{
  g_return_if_fail (BIE_IS_SYNC_ENGINE (self));

  g_clear_pointer (&self->sectors, g_strfreev);
  self->sectors = g_strdupv ((char **) sectors);
}

void
bie_sync_engine_set_uris (BieSyncEngine     *self,
                          const BieFhirUris *uris)
{
  g_return_if_fail (BIE_IS_SYNC_ENGINE (self));
  g_return_if_fail (uris != NULL);

  bie_fhir_uris_free (self->uris);
  self->uris = bie_fhir_uris_copy (uris);
}

void
bie_sync_engine_set_page_size (BieSyncEngine *self,
                               guint          count)
{
  g_return_if_fail (BIE_IS_SYNC_ENGINE (self));
  g_return_if_fail (count > 0);

  self->page_size = count;
}

void
bie_sync_engine_set_bundle_size (BieSyncEngine *self,
                                 guint          entries)
{
  g_return_if_fail (BIE_IS_SYNC_ENGINE (self));
  g_return_if_fail (entries > 0);

  self->bundle_size = entries;
}

/**
 * bie_sync_engine_set_retry:
 * @attempts: how many times one request is tried before the run fails
 * @first_delay_ms: the wait after the first failure; it doubles, with
 *   jitter, up to 30 s
 */
void
bie_sync_engine_set_retry (BieSyncEngine *self,
                           guint          attempts,
                           guint          first_delay_ms)
{
  g_return_if_fail (BIE_IS_SYNC_ENGINE (self));
  g_return_if_fail (attempts > 0);

  self->attempts = attempts;
  self->first_delay_ms = first_delay_ms;
}

/* One run */

/* Work for the store's thread */

typedef struct
{
  BieSyncRun       *run;
  BieSyncStoreJob   job;
  gpointer          data;
  GError           *error;
  gboolean          ok;
  gboolean          done;
  GMutex            mutex;
  GCond             cond;
} StoreCall;

static gboolean
store_call_run (gpointer user_data)
{
  StoreCall *call = user_data;
  gboolean ok = call->job (call->run, call->data, &call->error);

  g_mutex_lock (&call->mutex);
  call->ok = ok;
  call->done = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->mutex);

  return G_SOURCE_REMOVE;
}

/* Runs @job where the store lives, and waits for it. */
gboolean
bie_sync_run_on_store (BieSyncRun       *run,
                       BieSyncStoreJob   job,
                       gpointer          data,
                       GError          **error)
{
  StoreCall call = { run, job, data, NULL, FALSE, FALSE };

  if (g_thread_self () == run->engine->store_thread)
    return job (run, data, error);

  g_mutex_init (&call.mutex);
  g_cond_init (&call.cond);
  g_main_context_invoke (run->engine->store_context, store_call_run, &call);
  g_mutex_lock (&call.mutex);
  while (!call.done)
    g_cond_wait (&call.cond, &call.mutex);
  g_mutex_unlock (&call.mutex);
  g_mutex_clear (&call.mutex);
  g_cond_clear (&call.cond);

  if (!call.ok)
    g_propagate_error (error, call.error);

  return call.ok;
}

typedef struct
{
  BieSyncEngine *engine;
  char          *stage;
  gint64         done;
} Progress;

static gboolean
emit_progress (gpointer user_data)
{
  Progress *progress = user_data;

  g_signal_emit (progress->engine, signals[PROGRESS], 0, progress->stage, progress->done);
  g_object_unref (progress->engine);
  g_free (progress->stage);
  g_free (progress);

  return G_SOURCE_REMOVE;
}

void
bie_sync_run_report (BieSyncRun *run,
                     const char *stage,
                     gint64      done)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->engine = g_object_ref (run->engine);
  progress->stage = g_strdup (stage);
  progress->done = done;
  g_main_context_invoke (run->engine->store_context, emit_progress, progress);
}

/* Requests, tried again after faults */

static gboolean
wait_ms (GCancellable  *cancellable,
         gint64         ms,
         GError       **error)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (MIN (50000, MAX (0, until - g_get_monotonic_time ())));
    }

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static gboolean
is_transient_status (guint status)
{
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

/* Sends a request until it gets an answer that is not a passing fault:
 * timeouts, refused or cut connections, 429, 5xx. The wait doubles from
 * the first delay, with full jitter, or is what Retry-After asks. A GET
 * that is not to be parsed leaves a successful answer's body as text. */
static BieFhirResponse *
run_request (BieSyncRun  *run,
             const char  *method,
             const char  *path_or_url,
             JsonNode    *body,
             const char  *if_match,
             gboolean     parse,
             GError     **error)
{
  BieSyncEngine *self = run->engine;
  g_autoptr(GError) last_error = NULL;
  gint64 delay = self->first_delay_ms;

  for (guint attempt = 0; attempt < self->attempts; attempt++)
    {
      g_autoptr(BieFhirResponse) response = NULL;
      gint64 wait;

      if (attempt > 0)
        {
          wait = g_random_int_range (0, (gint32) MIN (delay, G_MAXINT32) + 1);
          if (!wait_ms (run->cancellable, wait, error))
            return NULL;
          delay = MIN (delay * 2, MAX_DELAY_MS);
        }

      g_clear_error (&last_error);
      if (parse)
        response = bie_fhir_client_send (self->client, method, path_or_url, body, if_match,
                                         run->cancellable, &last_error);
      else
        response = bie_fhir_client_fetch (self->client, path_or_url, run->cancellable, &last_error);
      if (response == NULL)
        {
          if (g_error_matches (last_error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_NETWORK))
            continue;
          g_propagate_error (error, g_steal_pointer (&last_error));
          return NULL;
        }

      if (!is_transient_status (response->status))
        return g_steal_pointer (&response);

      bie_fhir_response_check (response, &last_error);
      if (response->retry_after_ms > MAX_RETRY_AFTER_MS)
        break;
      if (response->retry_after_ms >= 0)
        {
          /* The server said when: wait that long before the next try. */
          if (!wait_ms (run->cancellable, response->retry_after_ms, error))
            return NULL;
          delay = MAX (delay, self->first_delay_ms);
        }
    }

  g_propagate_error (error, g_steal_pointer (&last_error));

  return NULL;
}

BieFhirResponse *
bie_sync_run_send (BieSyncRun  *run,
                   const char  *method,
                   const char  *path_or_url,
                   JsonNode    *body,
                   const char  *if_match,
                   GError     **error)
{
  return run_request (run, method, path_or_url, body, if_match, TRUE, error);
}

/* A GET, its successful answer's body left for bie_fhir_response_parse(). */
BieFhirResponse *
bie_sync_run_fetch (BieSyncRun  *run,
                    const char  *url,
                    GError     **error)
{
  return run_request (run, "GET", url, NULL, NULL, FALSE, error);
}

static gboolean
count_left (BieSyncRun  *run,
            gpointer     data,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *text = g_date_time_format_iso8601 (now);

  /* Everything went both ways: whatever the window or the command line. */
  if (!bie_store_set_meta (run->engine->store, BIE_SYNC_META_LAST, text, error))
    return FALSE;
  run->summary.deferred = bie_store_sync_count_deferred (run->engine->store);

  return bie_store_sync_count (run->engine->store, &run->summary.pending, &run->summary.conflicts, error);
}

static gboolean
run_sync (BieSyncRun  *run,
          GError     **error)
{
  if (!bie_sync_download (run, error) ||
      !bie_sync_upload (run, error) ||
      !bie_sync_run_on_store (run, count_left, NULL, error))
    return FALSE;

  if (run->refusal != NULL)
    {
      g_set_error (error, BIE_SYNC_ERROR, BIE_SYNC_ERROR_NOT_CONVERGED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The server would not take %lld record: %s",
                                "The server would not take %lld records; the first: %s",
                                run->summary.refused),
                   (long long) run->summary.refused, run->refusal->message);
      return FALSE;
    }
  if (run->summary.deferred > 0)
    {
      g_set_error (error, BIE_SYNC_ERROR, BIE_SYNC_ERROR_NOT_CONVERGED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%lld record from the server refers to a record that never came.",
                                "%lld records from the server refer to records that never came.",
                                run->summary.deferred),
                   (long long) run->summary.deferred);
      return FALSE;
    }
  if (run->summary.conflicts > 0)
    {
      g_set_error (error, BIE_SYNC_ERROR, BIE_SYNC_ERROR_NOT_CONVERGED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%lld record was changed here and on the server: choose which changes to keep.",
                                "%lld records were changed here and on the server: choose which changes to keep.",
                                run->summary.conflicts),
                   (long long) run->summary.conflicts);
      return FALSE;
    }

  return TRUE;
}

static void
run_free (BieSyncRun *run)
{
  g_clear_object (&run->engine);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->refused, g_hash_table_unref);
  g_clear_pointer (&run->merged, g_hash_table_unref);
  g_clear_error (&run->refusal);
  g_free (run);
}

static BieSyncRun *
run_new (BieSyncEngine *self,
         GCancellable  *cancellable)
{
  BieSyncRun *run = g_new0 (BieSyncRun, 1);

  run->engine = g_object_ref (self);
  run->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  run->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run->merged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run->apply.store = self->store;
  run->apply.uris = self->uris;
  run->apply.summary = &run->summary;

  return run;
}

/**
 * bie_sync_engine_run:
 * @summary: (out) (optional): what the run did, also when it failed
 *
 * One whole sync, blocking; on the thread the store lives on (the command
 * line, tests). Fails with %BIE_SYNC_ERROR_NOT_CONVERGED when it ran to
 * the end but conflicts, refused records or missing references remain.
 */
gboolean
bie_sync_engine_run (BieSyncEngine   *self,
                     BieSyncSummary  *summary,
                     GCancellable    *cancellable,
                     GError         **error)
{
  BieSyncRun *run;
  gboolean ok;

  g_return_val_if_fail (BIE_IS_SYNC_ENGINE (self), FALSE);

  run = run_new (self, cancellable);
  ok = run_sync (run, error);
  if (summary != NULL)
    *summary = run->summary;
  run_free (run);

  return ok;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  BieSyncRun *run = task_data;
  GError *error = NULL;

  if (run_sync (run, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * bie_sync_engine_run_async:
 *
 * One whole sync in a worker thread; the store is touched only on the
 * thread that made the engine, between the main loop's other work.
 */
void
bie_sync_engine_run_async (BieSyncEngine       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BIE_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bie_sync_engine_run_async);
  g_task_set_task_data (task, run_new (self, cancellable), (GDestroyNotify) run_free);
  g_task_run_in_thread (task, run_thread);
}

/**
 * bie_sync_engine_run_finish:
 * @summary: (out) (optional): what the run did, also when it failed
 */
gboolean
bie_sync_engine_run_finish (BieSyncEngine   *self,
                            GAsyncResult    *result,
                            BieSyncSummary  *summary,
                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (summary != NULL)
    *summary = ((BieSyncRun *) g_task_get_task_data (G_TASK (result)))->summary;

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * bie_sync_engine_theirs_record:
 * @json: a conflict's version from the server
 *
 * Returns: (transfer full): it as a record of @entity, to compare and
 *   choose field by field
 */
gpointer
bie_sync_engine_theirs_record (BieSyncEngine  *self,
                               BieEntity       entity,
                               const char     *json,
                               GError        **error)
{
  BieFhirResolver resolver;
  g_autoptr(BieJsonDoc) doc = NULL;
  const BieJsonValue *resource;
  const BieJsonValue *coverage = NULL;
  BieEntity found;
  gpointer record;

  g_return_val_if_fail (BIE_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (json != NULL, NULL);

  resolver = bie_sync_resolver (self->store);
  doc = bie_fhir_json_read (json, strlen (json), NULL);
  resource = doc != NULL ? bie_json_doc_get_root (doc) : NULL;
  if (resource == NULL || resource->type != BIE_JSON_OBJECT)
    {
      g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                           _("The server’s version is not a FHIR resource."));
      return NULL;
    }

  /* A person with a Coverage that came later: a collection of the two. */
  if (g_strcmp0 (bie_json_value_get_string (resource, "resourceType"), "Bundle") == 0)
    {
      const BieJsonValue *entries = bie_json_value_get_array (resource, "entry");

      resource = NULL;
      for (guint i = 0; i < bie_json_value_length (entries); i++)
        {
          const BieJsonValue *member = bie_json_value_get_object (bie_json_value_element (entries, i),
                                                                  "resource");

          if (member != NULL && bie_fhir_is_coverage (member))
            coverage = member;
          else if (member != NULL && resource == NULL)
            resource = member;
        }
      if (resource == NULL)
        {
          g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                               _("The server’s version is not a FHIR resource."));
          return NULL;
        }
    }

  record = bie_fhir_to_record (self->uris, &resolver, resource, &found, error);
  if (record != NULL && found != entity)
    {
      bie_record_free (found, record);
      g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                           _("The server’s version is a record of another kind."));
      return NULL;
    }
  if (record != NULL && coverage != NULL && found == BIE_ENTITY_PERSON &&
      !bie_fhir_apply_coverage (self->uris, coverage, record, error))
    {
      bie_record_free (found, record);
      return NULL;
    }

  return record;
}
