/* bie-sync-engine.c: the local cache and the district's FHIR server made
 * to converge
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One run downloads what changed on the server since the last run, type
 * by type (search by _lastUpdated, sorted, paged, each page applied in one
 * transaction with its cursor, so an interrupted run resumes where it
 * stopped), picks up deletions from _history, then uploads the outbox
 * squashed per record in transaction Bundles of PUTs with If-Match.
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
/* Sectors per search: a tag per sector, joined with commas, in one URL. */
#define SECTORS_PER_SEARCH 40

struct _BieSyncEngine
{
  GObject         parent_instance;

  BieStore       *store;
  BieFhirClient  *client;
  BieFhirUris    *uris;
  char          **sectors;          /* NULL: every sector */
  guint           page_size;
  guint           bundle_size;
  guint           attempts;
  guint           first_delay_ms;
  GMainContext   *store_context;    /* where the store lives */
  GThread        *store_thread;
};

G_DEFINE_FINAL_TYPE (BieSyncEngine, bie_sync_engine, G_TYPE_OBJECT)

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The types downloaded, in the order of the records they refer to. */
static const char * const download_types[] = {
  "Location", "CareTeam", "Practitioner", "Group", "Patient", "Coverage",
  "Condition", "CarePlan", "Goal", "Task", "Encounter", "Appointment", "Immunization",
};

/* Territory and staff are few and everyone's: not filtered by sector. */
static gboolean
type_is_shared (const char *type)
{
  return g_str_equal (type, "Location") || g_str_equal (type, "CareTeam") ||
         g_str_equal (type, "Practitioner");
}

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

typedef struct
{
  BieSyncEngine  *engine;
  GCancellable   *cancellable;
  BieSyncSummary  summary;
  BieSyncApply    apply;        /* applies into the store, counts into summary */
  GHashTable     *refused;      /* "entity/uuid" of records the server refused this run */
  GError         *refusal;      /* the server's words for the first of them */
} Run;

/* Work for the store's thread */

typedef gboolean (*StoreJob) (Run      *run,
                              gpointer  data,
                              GError  **error);

typedef struct
{
  Run       *run;
  StoreJob   job;
  gpointer   data;
  GError    *error;
  gboolean   ok;
  gboolean   done;
  GMutex     mutex;
  GCond      cond;
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
static gboolean
on_store (Run       *run,
          StoreJob   job,
          gpointer   data,
          GError   **error)
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

static void
report (Run        *run,
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
 * the first delay, with full jitter, or is what Retry-After asks. */
static BieFhirResponse *
send (Run         *run,
      const char  *method,
      const char  *path_or_url,
      JsonNode    *body,
      const char  *if_match,
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
      response = bie_fhir_client_send (self->client, method, path_or_url, body, if_match,
                                       run->cancellable, &last_error);
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

/* Download */

typedef struct
{
  char  *since;          /* _lastUpdated of the newest resource applied */
  GHashTable *seen;      /* "id/version" applied at exactly @since */
} Cursor;

static void
cursor_clear (Cursor *cursor)
{
  g_clear_pointer (&cursor->since, g_free);
  g_clear_pointer (&cursor->seen, g_hash_table_unref);
}

static char *
cursor_key (const char *type,
            const char *scope)
{
  return g_strdup_printf ("sync-cursor:%s:%s", type, scope);
}

static void
cursor_load (BieStore   *store,
             const char *key,
             Cursor     *cursor)
{
  g_autofree char *text = bie_store_get_meta (store, key);
  g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;

  cursor->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;

  {
    JsonObject *object = json_node_get_object (node);
    JsonArray *seen = bie_json_get_array (object, "seen");

    cursor->since = g_strdup (json_object_get_string_member_with_default (object, "since", NULL));
    for (guint i = 0; seen != NULL && i < json_array_get_length (seen); i++)
      {
        const char *key_seen = json_array_get_string_element (seen, i);

        if (key_seen != NULL)
          g_hash_table_add (cursor->seen, g_strdup (key_seen));
      }
  }
}

static gboolean
cursor_save (BieStore    *store,
             const char  *key,
             Cursor      *cursor,
             GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer seen;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "since");
  json_builder_add_string_value (builder, cursor->since);
  json_builder_set_member_name (builder, "seen");
  json_builder_begin_array (builder);
  g_hash_table_iter_init (&iter, cursor->seen);
  while (g_hash_table_iter_next (&iter, &seen, NULL))
    json_builder_add_string_value (builder, seen);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);

  return bie_store_set_meta (store, key, text, error);
}

static gint64
parse_instant (const char *text)
{
  g_autoptr(GDateTime) moment = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return moment != NULL ?
         g_date_time_to_unix (moment) * G_USEC_PER_SEC + g_date_time_get_microsecond (moment) : G_MININT64;
}

static const char *
resource_last_updated (JsonObject *resource)
{
  JsonObject *meta = bie_json_get_object (resource, "meta");

  return meta != NULL ? json_object_get_string_member_with_default (meta, "lastUpdated", NULL) : NULL;
}

static char *
resource_key (JsonObject *resource)
{
  JsonObject *meta = bie_json_get_object (resource, "meta");

  return g_strdup_printf ("%s/%s", json_object_get_string_member_with_default (resource, "id", ""),
                          meta != NULL ? json_object_get_string_member_with_default (meta, "versionId", "") : "");
}

typedef struct
{
  const char  *key;
  Cursor      *cursor;
  GPtrArray   *resources;   /* JsonObject */
} Page;

/* One page, whole or not at all, with the cursor that says it is done. */
static gboolean
apply_page (Run       *run,
            gpointer   data,
            GError   **error)
{
  Page *page = data;
  BieStore *store = run->engine->store;
  Cursor *cursor = page->cursor;
  gint64 since = parse_instant (cursor->since);

  if (!bie_store_sync_begin (store, error))
    return FALSE;

  for (guint i = 0; i < page->resources->len; i++)
    {
      JsonObject *resource = g_ptr_array_index (page->resources, i);
      const char *updated = resource_last_updated (resource);
      gint64 moment = parse_instant (updated);
      g_autofree char *key = resource_key (resource);

      /* Already applied: the cursor is "ge", many share one instant. */
      if (moment == since && g_hash_table_contains (cursor->seen, key))
        continue;

      if (!bie_sync_apply_resource (&run->apply, resource, error))
        {
          bie_store_sync_rollback (store);
          return FALSE;
        }

      if (moment > since)
        {
          since = moment;
          g_free (cursor->since);
          cursor->since = g_strdup (updated);
          g_hash_table_remove_all (cursor->seen);
        }
      if (moment == since)
        g_hash_table_add (cursor->seen, g_steal_pointer (&key));
    }

  if (!bie_sync_apply_deferred (&run->apply, error) ||
      (cursor->since != NULL && !cursor_save (store, page->key, cursor, error)) ||
      !bie_store_sync_commit (store, error))
    {
      bie_store_sync_rollback (store);
      return FALSE;
    }

  return TRUE;
}

static JsonArray *
bundle_entries (BieFhirResponse  *response,
                const char       *what,
                GError          **error)
{
  JsonObject *bundle;

  if (response->body == NULL || !JSON_NODE_HOLDS_OBJECT (response->body) ||
      g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (response->body),
                                                             "resourceType", NULL), "Bundle") != 0)
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                   _("The server answered the %s with something that is not a FHIR Bundle."), what);
      return NULL;
    }
  bundle = json_node_get_object (response->body);
  if (!json_object_has_member (bundle, "entry"))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (json_object_get_member (bundle, "entry")))
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                   _("The server answered the %s with a Bundle whose entries are not a list."), what);
      return NULL;
    }

  return bie_json_get_array (bundle, "entry");
}

static const char *
next_link (BieFhirResponse *response)
{
  JsonObject *bundle = json_node_get_object (response->body);
  JsonArray *links;

  if (!json_object_has_member (bundle, "link") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (bundle, "link")))
    return NULL;
  links = bie_json_get_array (bundle, "link");
  for (guint i = 0; i < json_array_get_length (links); i++)
    {
      JsonNode *node = json_array_get_element (links, i);
      JsonObject *link;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      link = json_node_get_object (node);
      if (g_strcmp0 (json_object_get_string_member_with_default (link, "relation", NULL), "next") == 0)
        return json_object_get_string_member_with_default (link, "url", NULL);
    }

  return NULL;
}

/* Follows a search and its next links to the end, each page applied as
 * it comes. A thread of its own fetches and parses the next pages while
 * this one applies the last: the store's work hides behind the network's.
 * A server whose next links go round in circles is stopped. */
typedef gboolean (*PageFunc) (Run           *run,
                              JsonArray     *entries,
                              gpointer       data,
                              GError       **error);

/* Pages fetched ahead of the one being applied. */
#define PAGES_AHEAD 2

typedef struct
{
  Run         *run;
  char        *first;
  const char  *what;
  GAsyncQueue *pages;     /* FetchItem */
  GMutex       mutex;
  GCond        room;
  guint        ahead;
  gboolean     stop;
} Fetcher;

/* A page, or the end of the pages: with the fetcher's error, or none. */
typedef struct
{
  BieFhirResponse *response;
  GError          *error;
} FetchItem;

static FetchItem *
fetch_item_new (BieFhirResponse *response)
{
  FetchItem *item = g_new0 (FetchItem, 1);

  item->response = response;

  return item;
}

static gpointer
fetch_pages (gpointer data)
{
  Fetcher *fetcher = data;
  g_autoptr(GHashTable) visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *url = g_strdup (fetcher->first);
  FetchItem *end = fetch_item_new (NULL);

  while (url != NULL)
    {
      BieFhirResponse *response;
      JsonArray *entries;
      gboolean stop;

      g_mutex_lock (&fetcher->mutex);
      while (fetcher->ahead >= PAGES_AHEAD && !fetcher->stop)
        g_cond_wait (&fetcher->room, &fetcher->mutex);
      fetcher->ahead++;
      stop = fetcher->stop;
      g_mutex_unlock (&fetcher->mutex);
      if (stop)
        break;

      if (!g_hash_table_add (visited, g_strdup (url)))
        {
          g_set_error (&end->error, BIE_SYNC_ERROR, BIE_SYNC_ERROR_LOOP,
                       _("The server’s pages of %s lead back to a page already read; the download stopped there."),
                       fetcher->what);
          break;
        }

      response = send (fetcher->run, "GET", url, NULL, NULL, &end->error);
      if (response == NULL)
        break;
      if (!bie_fhir_response_check (response, &end->error))
        {
          bie_fhir_response_free (response);
          break;
        }
      entries = bundle_entries (response, fetcher->what, &end->error);
      if (end->error != NULL)
        {
          bie_fhir_response_free (response);
          break;
        }

      g_free (url);
      url = g_strdup (next_link (response));
      if (entries != NULL && json_array_get_length (entries) > 0)
        g_async_queue_push (fetcher->pages, fetch_item_new (response));
      else
        {
          bie_fhir_response_free (response);
          g_mutex_lock (&fetcher->mutex);
          fetcher->ahead--;
          g_mutex_unlock (&fetcher->mutex);
        }
    }

  g_async_queue_push (fetcher->pages, end);

  return NULL;
}

static gboolean
follow_pages (Run         *run,
              const char  *first,
              const char  *what,
              PageFunc     func,
              gpointer     data,
              GError     **error)
{
  Fetcher fetcher = { run, g_strdup (first), what, g_async_queue_new (), };
  GThread *thread;
  gboolean ok = TRUE;
  FetchItem *item;

  g_mutex_init (&fetcher.mutex);
  g_cond_init (&fetcher.room);
  thread = g_thread_new ("bie-sync-fetch", fetch_pages, &fetcher);

  /* Pages until the end; after a failure here, the rest are dropped. */
  while ((item = g_async_queue_pop (fetcher.pages))->response != NULL)
    {
      if (ok)
        ok = func (run, bundle_entries (item->response, what, NULL), data, error);
      bie_fhir_response_free (item->response);
      g_free (item);

      g_mutex_lock (&fetcher.mutex);
      fetcher.ahead--;
      if (!ok)
        fetcher.stop = TRUE;
      g_cond_signal (&fetcher.room);
      g_mutex_unlock (&fetcher.mutex);
    }

  g_thread_join (thread);
  if (ok && item->error != NULL)
    {
      g_propagate_error (error, item->error);
      ok = FALSE;
    }
  else
    g_clear_error (&item->error);
  g_free (item);

  g_async_queue_unref (fetcher.pages);
  g_mutex_clear (&fetcher.mutex);
  g_cond_clear (&fetcher.room);
  g_free (fetcher.first);

  return ok;
}

typedef struct
{
  const char *type;
  const char *key;
  Cursor     *cursor;
} Search;

static gboolean
apply_search_page (Run        *run,
                   JsonArray  *entries,
                   gpointer    data,
                   GError    **error)
{
  Search *search = data;
  g_autoptr(GPtrArray) resources = g_ptr_array_new ();
  Page page = { search->key, search->cursor, resources };

  if (json_array_get_length (entries) > MAX (run->engine->page_size, 1000u))
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_TOO_LARGE,
                   _("The server sent %u resources of type %s in one page, more than the %u asked for."),
                   json_array_get_length (entries), search->type, run->engine->page_size);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonNode *entry = json_array_get_element (entries, i);
      JsonObject *resource;
      JsonObject *search_info;

      if (!JSON_NODE_HOLDS_OBJECT (entry) ||
          (resource = bie_json_get_object (json_node_get_object (entry), "resource")) == NULL)
        {
          g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                       _("The server sent an entry without a resource in a page of %s."), search->type);
          return FALSE;
        }
      /* Included resources are not what was asked for. */
      search_info = bie_json_get_object (json_node_get_object (entry), "search");
      if (search_info != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (search_info, "mode", "match"), "match") != 0)
        continue;
      if (g_strcmp0 (json_object_get_string_member_with_default (resource, "resourceType", NULL),
                     search->type) != 0)
        {
          g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                       _("The server sent another type of resource in a page of %s."), search->type);
          return FALSE;
        }
      g_ptr_array_add (resources, resource);
    }

  if (!on_store (run, apply_page, &page, error))
    return FALSE;
  report (run, search->type, run->summary.downloaded + run->summary.merged);

  return TRUE;
}

static char *
tag_parameter (BieSyncEngine *self,
               guint          first,
               guint          n)
{
  g_autoptr(GString) tags = g_string_new (NULL);
  const char *system = bie_fhir_uris_get (self->uris, BIE_FHIR_URI_SECTOR_TAG);

  for (guint i = first; i < first + n && self->sectors[i] != NULL; i++)
    {
      g_autofree char *tag = g_strdup_printf ("%s|%s", system, self->sectors[i]);
      g_autofree char *escaped = g_uri_escape_string (tag, NULL, FALSE);

      g_string_append_printf (tags, "%s%s", tags->len > 0 ? "," : "", escaped);
    }

  return g_string_free (g_steal_pointer (&tags), FALSE);
}

typedef struct
{
  const char *key;
  Cursor     *cursor;
} CursorLoad;

static gboolean
load_cursor (Run       *run,
             gpointer   data,
             GError   **error)
{
  CursorLoad *load = data;

  cursor_load (run->engine->store, load->key, load->cursor);

  return TRUE;
}

/* Deletions on the server since @since, from the type's history. */
static gboolean apply_deletions (Run         *run,
                                 JsonArray   *entries,
                                 gpointer     data,
                                 GError     **error);

static gboolean
download_type (Run         *run,
               const char  *type,
               const char  *tags,
               const char  *scope,
               GError     **error)
{
  BieSyncEngine *self = run->engine;
  g_autofree char *key = cursor_key (type, scope);
  Cursor cursor = { NULL, NULL };
  CursorLoad load = { key, &cursor };
  Search search = { type, key, &cursor };
  g_autoptr(GString) url = g_string_new (type);
  g_autofree char *previous = NULL;
  gboolean ok;

  if (!on_store (run, load_cursor, &load, error))
    return FALSE;
  previous = g_strdup (cursor.since);
  report (run, type, run->summary.downloaded + run->summary.merged);

  g_string_append_printf (url, "?_sort=_lastUpdated&_count=%u", self->page_size);
  if (cursor.since != NULL)
    {
      g_autofree char *since = g_uri_escape_string (cursor.since, NULL, FALSE);

      g_string_append_printf (url, "&_lastUpdated=ge%s", since);
    }
  if (tags != NULL)
    g_string_append_printf (url, "&_tag=%s", tags);

  ok = follow_pages (run, url->str, type, apply_search_page, &search, error);

  /* What was deleted since the last run: after the last run's newest
   * resource, since a deletion is newer than what it deletes. */
  if (ok && previous != NULL)
    {
      g_autofree char *since = g_uri_escape_string (previous, NULL, FALSE);
      g_autofree char *history = g_strdup_printf ("%s/_history?_since=%s&_count=%u",
                                                  type, since, self->page_size);

      ok = follow_pages (run, history, type, apply_deletions, (gpointer) type, error);
    }

  cursor_clear (&cursor);

  return ok;
}

typedef struct
{
  const char *type;
  GPtrArray  *ids;
} Deletions;

static gboolean
delete_records (Run       *run,
                gpointer   data,
                GError   **error)
{
  Deletions *deletions = data;
  BieStore *store = run->engine->store;

  if (!bie_store_sync_begin (store, error))
    return FALSE;
  for (guint i = 0; i < deletions->ids->len; i++)
    {
      if (!bie_sync_apply_deletion (&run->apply, deletions->type,
                                    g_ptr_array_index (deletions->ids, i), error))
        {
          bie_store_sync_rollback (store);
          return FALSE;
        }
    }

  return bie_store_sync_commit (store, error);
}

static gboolean
apply_deletions (Run         *run,
                 JsonArray   *entries,
                 gpointer     data,
                 GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  Deletions deletions = { data, ids };

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      JsonObject *request;
      const char *url;
      const char *slash;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          (request = bie_json_get_object (json_node_get_object (node), "request")) == NULL ||
          g_strcmp0 (json_object_get_string_member_with_default (request, "method", NULL), "DELETE") != 0)
        continue;
      url = json_object_get_string_member_with_default (request, "url", "");
      slash = strrchr (url, '/');
      if (slash != NULL && slash[1] != '\0')
        g_ptr_array_add (ids, g_strdup (slash + 1));
    }

  return ids->len == 0 || on_store (run, delete_records, &deletions, error);
}

static gboolean
download_all (Run     *run,
              GError **error)
{
  BieSyncEngine *self = run->engine;

  for (guint t = 0; t < G_N_ELEMENTS (download_types); t++)
    {
      const char *type = download_types[t];

      if (type_is_shared (type) || self->sectors == NULL)
        {
          if (!download_type (run, type, NULL, "all", error))
            return FALSE;
          continue;
        }

      for (guint first = 0; self->sectors[first] != NULL; first += SECTORS_PER_SEARCH)
        {
          g_autofree char *tags = tag_parameter (self, first, SECTORS_PER_SEARCH);
          g_autofree char *scope = g_compute_checksum_for_string (G_CHECKSUM_SHA1, tags, -1);

          if (!download_type (run, type, tags, scope, error))
            return FALSE;
          if (g_strv_length (self->sectors) - first <= SECTORS_PER_SEARCH)
            break;
        }
    }

  return TRUE;
}

static gboolean
check_empty (Run       *run,
             gpointer   data,
             GError   **error)
{
  gint64 households;

  if (!bie_store_count (run->engine->store, BIE_ENTITY_HOUSEHOLD, &households, error))
    return FALSE;
  *(gboolean *) data = households == 0;

  return TRUE;
}

static gboolean
set_bulk (Run       *run,
          gpointer   data,
          GError   **error)
{
  return bie_store_set_bulk (run->engine->store, GPOINTER_TO_INT (data), error);
}

/* Into a cache without families (the first sync), the caseload's derived
 * facts are built once at the end, as for the demo city, not row by row.
 * Each page still comes whole with its cursor, so a crash loses at most
 * pages the next run fetches again. */
static gboolean
download (Run     *run,
          GError **error)
{
  g_autoptr(GError) bulk_error = NULL;
  gboolean empty;
  gboolean ok;

  if (!on_store (run, check_empty, &empty, error))
    return FALSE;
  if (!empty)
    return download_all (run, error);

  if (!on_store (run, set_bulk, GINT_TO_POINTER (TRUE), error))
    return FALSE;
  ok = download_all (run, error);
  if (!on_store (run, set_bulk, GINT_TO_POINTER (FALSE), ok ? error : &bulk_error))
    return FALSE;

  return ok;
}

/* Upload */


static gboolean
read_batch (Run       *run,
            gpointer   data,
            GError   **error)
{
  BieSyncEngine *self = run->engine;

  return bie_sync_batch_read (data, self->store, self->uris, self->bundle_size, run->refused, error);
}

/* "W/\"3\"" → "3"; "Patient/x/_history/3" → "3" */
static char *
version_from (const char *etag,
              const char *location)
{
  if (etag != NULL)
    {
      const char *start = strchr (etag, '"');
      const char *end = start != NULL ? strchr (start + 1, '"') : NULL;

      if (end != NULL)
        return g_strndup (start + 1, end - start - 1);
      return g_strdup (etag);
    }
  if (location != NULL)
    {
      const char *history = strstr (location, "/_history/");

      if (history != NULL)
        return g_strndup (history + strlen ("/_history/"), strcspn (history + strlen ("/_history/"), "/?"));
    }

  return NULL;
}

static void
set_sent (BieSyncChange *change,
          JsonObject    *resource,
          char          *version)
{
  if (resource != NULL)
    {
      g_autoptr(JsonNode) node = NULL;
      JsonObject *meta = bie_json_get_object (resource, "meta");

      if (meta == NULL)
        {
          meta = json_object_new ();
          json_object_set_object_member (resource, "meta", meta);
        }
      if (version != NULL)
        json_object_set_string_member (meta, "versionId", version);
      node = json_node_init_object (json_node_alloc (), resource);
      change->sent_json = json_to_string (node, FALSE);
      change->new_server_id = g_strdup (json_object_get_string_member (resource, "id"));
    }
  change->new_version = version;
}

static gboolean
acknowledge (Run       *run,
             gpointer   data,
             GError   **error)
{
  return bie_store_sync_acknowledge (run->engine->store, data, error);
}

static gboolean
read_transaction_response (BieSyncBatch     *batch,
                           BieFhirResponse  *response,
                           GError          **error)
{
  JsonArray *entries = bundle_entries (response, _("upload"), error);
  guint n = 0;

  if (entries == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                             _("The server answered the upload without saying what it kept."));
      return FALSE;
    }

  for (guint i = 0; i < batch->changes->len; i++)
    {
      BieSyncChange *change = g_ptr_array_index (batch->changes, i);
      JsonObject *entry_response = NULL;
      JsonNode *node;

      node = n < json_array_get_length (entries) ? json_array_get_element (entries, n) : NULL;
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        entry_response = bie_json_get_object (json_node_get_object (node), "response");
      if (entry_response == NULL)
        {
          g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                               _("The server answered the upload with fewer entries than were sent."));
          return FALSE;
        }
      set_sent (change, g_ptr_array_index (batch->resources, i),
                version_from (json_object_get_string_member_with_default (entry_response, "etag", NULL),
                              json_object_get_string_member_with_default (entry_response, "location", NULL)));
      n += g_ptr_array_index (batch->coverages, i) != NULL ? 2 : 1;
    }

  return TRUE;
}

typedef struct
{
  BieSyncChange *change;
  JsonObject    *resource;   /* (nullable): the server's version; NULL when it deleted it */
  const char    *json;
  BieSyncOutcome outcome;
} Incoming;

/* The mapping reads references, so it too runs where the store is. */
static gboolean
merge_one (Run       *run,
           gpointer   data,
           GError   **error)
{
  Incoming *incoming = data;
  BieSyncEngine *self = run->engine;
  BieFhirResolver resolver = bie_sync_resolver (self->store);
  BieEntity entity = incoming->change->entity;
  BieRecord *record;
  gboolean ok;

  if (incoming->resource != NULL)
    {
      BieEntity found;

      record = bie_fhir_to_record (self->uris, &resolver, incoming->resource, &found, error);
      if (record == NULL)
        return FALSE;
      if (found != entity)
        {
          bie_record_free (found, record);
          g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                               _("The server sent a record of another kind than was asked for."));
          return FALSE;
        }
    }
  else
    {
      record = bie_record_copy (entity, incoming->change->record);
      record->deleted = TRUE;
      g_clear_pointer (&record->version, g_free);
    }

  ok = bie_store_sync_begin (self->store, error);
  if (ok && !bie_sync_merge (&run->apply, entity, record, incoming->json, &incoming->outcome, error))
    {
      bie_store_sync_rollback (self->store);
      ok = FALSE;
    }
  ok = ok && bie_store_sync_commit (self->store, error);
  bie_record_free (entity, record);

  return ok;
}

/* A 412: the record changed on the server since our base. Its present
 * version is merged in here; the merge goes up in the next batch. */
static gboolean
merge_server_version (Run            *run,
                      BieSyncChange  *change,
                      GError        **error)
{
  g_autofree char *id = bie_sync_change_fhir_id (change);
  g_autofree char *url = g_strdup_printf ("%s/%s", bie_fhir_resource_type (change->entity), id);
  g_autoptr(BieFhirResponse) response = NULL;
  g_autofree char *json = NULL;
  Incoming incoming = { change, NULL, NULL, BIE_SYNC_APPLIED };

  response = send (run, "GET", url, NULL, NULL, error);
  if (response == NULL)
    return FALSE;

  /* Deleted there: a deletion from the server, against our edits. */
  if (response->status != 404 && response->status != 410)
    {
      if (!bie_fhir_response_check (response, error))
        return FALSE;
      if (response->body == NULL || !JSON_NODE_HOLDS_OBJECT (response->body))
        {
          g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                               _("The server sent a record that is not a FHIR resource."));
          return FALSE;
        }
      json = json_to_string (response->body, FALSE);
      incoming.json = json;
      incoming.resource = json_node_get_object (response->body);
    }

  if (!on_store (run, merge_one, &incoming, error))
    return FALSE;
  bie_sync_count_outcome (&run->apply, incoming.outcome);

  return TRUE;
}

/* The batch one by one, after the server refused it whole: each record
 * that conflicts is merged or kept as a conflict, each that the server
 * will not take is set aside for this run, the others go up. */
static gboolean
upload_one_by_one (Run     *run,
                   BieSyncBatch  *batch,
                   GError **error)
{
  g_autoptr(GPtrArray) done = g_ptr_array_new ();

  for (guint i = 0; i < batch->changes->len; i++)
    {
      BieSyncChange *change = g_ptr_array_index (batch->changes, i);
      JsonObject *resource = g_ptr_array_index (batch->resources, i);
      JsonObject *coverage = g_ptr_array_index (batch->coverages, i);
      g_autofree char *id = bie_sync_change_fhir_id (change);
      g_autofree char *url = g_strdup_printf ("%s/%s", bie_fhir_resource_type (change->entity), id);
      g_autofree char *if_match = bie_sync_change_if_match (change);
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(BieFhirResponse) response = NULL;
      g_autoptr(GError) refusal = NULL;

      if (resource != NULL)
        body = json_node_init_object (json_node_alloc (), resource);
      response = send (run, resource != NULL ? "PUT" : "DELETE", url, body, if_match, error);
      if (response == NULL)
        return FALSE;

      if (response->status == 412 || (response->status == 409 && resource != NULL))
        {
          if (!merge_server_version (run, change, error))
            return FALSE;
          continue;
        }
      if (resource == NULL && (response->status == 404 || response->status == 410))
        response->status = 200;  /* already gone: what was asked */

      if (!bie_fhir_response_check (response, &refusal))
        {
          if (g_error_matches (refusal, BIE_FHIR_ERROR, BIE_FHIR_ERROR_UNAUTHORIZED))
            {
              g_propagate_error (error, g_steal_pointer (&refusal));
              return FALSE;
            }
          g_hash_table_add (run->refused, bie_sync_change_key (change));
          run->summary.refused++;
          if (run->refusal == NULL)
            run->refusal = g_steal_pointer (&refusal);
          continue;
        }

      if (coverage != NULL)
        {
          g_autofree char *coverage_url = g_strdup_printf ("Coverage/%s",
                                                           json_object_get_string_member (coverage, "id"));
          g_autoptr(JsonNode) coverage_body = json_node_init_object (json_node_alloc (), coverage);
          g_autoptr(BieFhirResponse) coverage_response = NULL;

          coverage_response = send (run, "PUT", coverage_url, coverage_body, NULL, error);
          if (coverage_response == NULL || !bie_fhir_response_check (coverage_response, error))
            return FALSE;
        }

      set_sent (change, resource, version_from (response->etag, response->location));
      g_ptr_array_add (done, change);
    }

  if (done->len == 0)
    return TRUE;
  if (!on_store (run, acknowledge, done, error))
    return FALSE;
  run->summary.uploaded += done->len;

  return TRUE;
}

static gboolean
upload (Run     *run,
        GError **error)
{
  while (TRUE)
    {
      BieSyncBatch batch = { NULL, NULL, NULL };
      g_autoptr(JsonNode) bundle = NULL;
      g_autoptr(BieFhirResponse) response = NULL;
      gboolean ok;

      if (!on_store (run, read_batch, &batch, error))
        return FALSE;
      if (batch.changes->len == 0)
        {
          bie_sync_batch_clear (&batch);
          return TRUE;
        }

      bundle = bie_sync_batch_to_bundle (&batch);
      response = send (run, "POST", "", bundle, NULL, error);
      if (response == NULL)
        {
          bie_sync_batch_clear (&batch);
          return FALSE;
        }

      if (response->status >= 200 && response->status < 300)
        {
          ok = read_transaction_response (&batch, response, error) &&
               on_store (run, acknowledge, batch.changes, error);
          if (ok)
            run->summary.uploaded += batch.changes->len;
        }
      else if (response->status == 401 || response->status == 403)
        ok = bie_fhir_response_check (response, error);
      else
        ok = upload_one_by_one (run, &batch, error);

      bie_sync_batch_clear (&batch);
      if (!ok)
        return FALSE;
      report (run, _("Sending changes"), run->summary.uploaded);
    }
}

static gboolean
count_left (Run       *run,
            gpointer   data,
            GError   **error)
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
run_sync (Run     *run,
          GError **error)
{
  if (!download (run, error) || !upload (run, error) || !on_store (run, count_left, NULL, error))
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
run_free (Run *run)
{
  g_clear_object (&run->engine);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->refused, g_hash_table_unref);
  g_clear_error (&run->refusal);
  g_free (run);
}

static Run *
run_new (BieSyncEngine *self,
         GCancellable  *cancellable)
{
  Run *run = g_new0 (Run, 1);

  run->engine = g_object_ref (self);
  run->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  run->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
  Run *run;
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
  Run *run = task_data;
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
    *summary = ((Run *) g_task_get_task_data (G_TASK (result)))->summary;

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
  g_autoptr(JsonNode) node = NULL;
  BieEntity found;
  gpointer record;

  g_return_val_if_fail (BIE_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (json != NULL, NULL);

  resolver = bie_sync_resolver (self->store);
  node = json_from_string (json, error);
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                           _("The server’s version is not a FHIR resource."));
      return NULL;
    }
  record = bie_fhir_to_record (self->uris, &resolver, json_node_get_object (node), &found, error);
  if (record != NULL && found != entity)
    {
      bie_record_free (found, record);
      g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                           _("The server’s version is a record of another kind."));
      return NULL;
    }

  return record;
}
