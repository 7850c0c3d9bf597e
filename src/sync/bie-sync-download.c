/* bie-sync-download.c: what changed on the server, into the cache
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Type by type: a search by _lastUpdated, sorted, paged, each page
 * applied in one transaction with its cursor, so an interrupted run
 * resumes where it stopped; then the deletions since the last run, from
 * the type's _history. The pages are fetched on a thread of their own,
 * ahead of the one being applied.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bie-json-parser.h"
#include "bie-sync-private.h"

/* Sectors per search: a tag per sector, joined with commas, in one URL. */
#define SECTORS_PER_SEARCH 40

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

    cursor->since = g_strdup (bie_json_get_string (object, "since"));
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
resource_last_updated (const BieJsonValue *resource)
{
  return bie_json_value_get_string (bie_json_value_get_object (resource, "meta"), "lastUpdated");
}

static char *
resource_key (const BieJsonValue *resource)
{
  const BieJsonValue *meta = bie_json_value_get_object (resource, "meta");

  return g_strdup_printf ("%s/%s", bie_json_value_get_string (resource, "id") ?: "",
                          bie_json_value_get_string (meta, "versionId") ?: "");
}

typedef struct
{
  const char  *key;
  Cursor      *cursor;
  GPtrArray   *resources;   /* BieJsonValue */
  GPtrArray   *texts;       /* the same as JSON text */
} Page;

/* One page, whole or not at all, with the cursor that says it is done. */
static gboolean
apply_page (BieSyncRun  *run,
            gpointer     data,
            GError     **error)
{
  Page *page = data;
  BieStore *store = run->engine->store;
  Cursor *cursor = page->cursor;
  gint64 since = parse_instant (cursor->since);

  if (!bie_store_sync_begin (store, error))
    return FALSE;

  for (guint i = 0; i < page->resources->len; i++)
    {
      const BieJsonValue *resource = g_ptr_array_index (page->resources, i);
      const char *updated = resource_last_updated (resource);
      gint64 moment = parse_instant (updated);
      g_autofree char *key = resource_key (resource);

      /* Already applied: the cursor is "ge", many share one instant. */
      if (moment == since && g_hash_table_contains (cursor->seen, key))
        continue;

      if (!bie_sync_apply_resource (&run->apply, resource, g_ptr_array_index (page->texts, i), error))
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

/* The entries of a Bundle the server answered (an array); NULL with no
 * error when it has none. @what names the request, for the error. */
const BieJsonValue *
bie_sync_bundle_entries (BieFhirResponse  *response,
                         const char       *what,
                         GError          **error)
{
  const BieJsonValue *bundle = response->doc != NULL ? bie_json_doc_get_root (response->doc) : NULL;
  const BieJsonValue *entries;

  if (g_strcmp0 (bie_json_value_get_string (bundle, "resourceType"), "Bundle") != 0)
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                   _("The server answered the %s with something that is not a FHIR Bundle."), what);
      return NULL;
    }
  entries = bie_json_value_member (bundle, "entry");
  if (entries != NULL && entries->type != BIE_JSON_ARRAY)
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                   _("The server answered the %s with a Bundle whose entries are not a list."), what);
      return NULL;
    }

  return entries;
}

/* The `next` link among a Bundle's links; NULL for the last page. */
static const char *
next_link_in (const BieJsonValue *links)
{
  for (guint i = 0; i < bie_json_value_length (links); i++)
    {
      const BieJsonValue *link = bie_json_value_element (links, i);

      if (g_strcmp0 (bie_json_value_get_string (link, "relation"), "next") == 0)
        return bie_json_value_get_string (link, "url");
    }

  return NULL;
}

/* Nesting allowed in a Bundle's links */
#define LINK_MAX_DEPTH 8

/* The next page's address, read from the page's links alone while its
 * body waits as text: the next page is asked for before this one is
 * parsed. A page whose links cannot be told apart from the rest is
 * parsed whole here. */
static gboolean
page_next_link (BieFhirResponse  *response,
                const char       *what,
                char            **next,
                GError          **error)
{
  *next = NULL;

  if (response->raw != NULL)
    {
      gsize size;
      const char *data = g_bytes_get_data (response->raw, &size);
      const char *links;
      gsize links_length;

      if (bie_json_find_member (data != NULL ? data : "", size, "link", &links, &links_length))
        {
          g_autoptr(BieJsonDoc) doc = NULL;

          /* Links that do not parse make the page one that does not:
           * its parse says so. */
          if (links != NULL &&
              bie_json_parse_text (links, links_length, LINK_MAX_DEPTH, &doc) == BIE_JSON_PARSE_OK)
            *next = g_strdup (next_link_in (bie_json_doc_get_root (doc)));
          return TRUE;
        }
      if (!bie_fhir_response_read (response, error))
        return FALSE;
    }

  {
    g_autoptr(GError) local_error = NULL;

    bie_sync_bundle_entries (response, what, &local_error);
    if (local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
      }
  }
  *next = g_strdup (next_link_in (bie_json_value_member (bie_json_doc_get_root (response->doc), "link")));

  return TRUE;
}

/* Follows a search and its next links to the end, each page applied as
 * it comes. A thread of its own asks for the pages, each as soon as the
 * last one's `next` link is known; another parses them and frees those
 * applied; this one applies them: the store's work and the parsing hide
 * behind the network's. A server whose next links go round in circles is
 * stopped. */
typedef gboolean (*PageFunc) (BieSyncRun          *run,
                              const BieJsonValue  *entries,
                              GPtrArray           *texts,
                              gpointer             data,
                              GError             **error);

/* Pages fetched ahead of the one being applied. */
#define PAGES_AHEAD 2

typedef struct
{
  BieSyncRun  *run;
  char        *first;
  const char  *what;
  gboolean     with_texts;
  GAsyncQueue *fetched;   /* FetchItem, to parse */
  GAsyncQueue *pages;     /* FetchItem, parsed */
  GAsyncQueue *applied;   /* FetchItem, to free */
  GMutex       mutex;
  GCond        room;
  guint        ahead;
  gboolean     stop;
} Fetcher;

/* A page, or the end of the pages: with the fetcher's error, or none. */
typedef struct
{
  BieFhirResponse *response;
  GPtrArray       *texts;     /* each entry's resource as JSON text, or NULL */
  GError          *error;
} FetchItem;

static FetchItem *
fetch_item_new (BieFhirResponse *response)
{
  FetchItem *item = g_new0 (FetchItem, 1);

  item->response = response;

  return item;
}

static void
fetch_item_free (gpointer data)
{
  FetchItem *item = data;

  g_clear_pointer (&item->response, bie_fhir_response_free);
  g_clear_pointer (&item->texts, g_ptr_array_unref);
  g_clear_error (&item->error);
  g_free (item);
}

/* The text of each entry's resource as the server sent it, the base of
 * later merges: copied here rather than on the store's thread. */
static GPtrArray *
resource_texts (const BieJsonValue *entries)
{
  GPtrArray *texts = g_ptr_array_new_full (entries->length, g_free);

  for (guint i = 0; i < entries->length; i++)
    {
      const BieJsonValue *resource = bie_json_value_get_object (bie_json_value_element (entries, i),
                                                                "resource");

      g_ptr_array_add (texts, resource != NULL ? bie_json_value_dup_text (resource) : NULL);
    }

  return texts;
}

/* A page no longer counts as ahead: applied, or without entries. */
static void
page_done (Fetcher  *fetcher,
           gboolean  stop)
{
  g_mutex_lock (&fetcher->mutex);
  fetcher->ahead--;
  if (stop)
    fetcher->stop = TRUE;
  g_cond_signal (&fetcher->room);
  g_mutex_unlock (&fetcher->mutex);
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
      char *next;
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

      response = bie_sync_run_fetch (fetcher->run, url, &end->error);
      if (response == NULL)
        break;
      if (!bie_fhir_response_check (response, &end->error) ||
          !page_next_link (response, fetcher->what, &next, &end->error))
        {
          bie_fhir_response_free (response);
          break;
        }

      g_free (url);
      url = next;
      g_async_queue_push (fetcher->fetched, fetch_item_new (response));
    }

  g_async_queue_push (fetcher->fetched, end);

  return NULL;
}

/* Parses the pages fetched, in their order, and frees those applied.
 * After a failure the pages still coming are dropped. */
static gpointer
parse_pages (gpointer data)
{
  Fetcher *fetcher = data;
  gboolean failed = FALSE;
  FetchItem *item;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      const BieJsonValue *entries = NULL;

      while ((item = g_async_queue_try_pop (fetcher->applied)) != NULL)
        fetch_item_free (item);

      item = g_async_queue_pop (fetcher->fetched);
      if (item->response == NULL)
        {
          if (failed)
            fetch_item_free (item);
          else
            g_async_queue_push (fetcher->pages, item);
          break;
        }
      if (failed)
        {
          fetch_item_free (item);
          continue;
        }

      if (bie_fhir_response_read (item->response, &error))
        entries = bie_sync_bundle_entries (item->response, fetcher->what, &error);
      if (error != NULL)
        {
          fetch_item_free (item);
          item = fetch_item_new (NULL);
          item->error = g_steal_pointer (&error);
          g_async_queue_push (fetcher->pages, item);
          failed = TRUE;
          page_done (fetcher, TRUE);
          continue;
        }

      if (entries != NULL && entries->length > 0)
        {
          if (fetcher->with_texts)
            item->texts = resource_texts (entries);
          g_async_queue_push (fetcher->pages, item);
        }
      else
        {
          fetch_item_free (item);
          page_done (fetcher, FALSE);
        }
    }

  return NULL;
}

/* @with_texts: whether @func needs the text of each entry's resource */
static gboolean
follow_pages (BieSyncRun  *run,
              const char  *first,
              const char  *what,
              gboolean     with_texts,
              PageFunc     func,
              gpointer     data,
              GError     **error)
{
  Fetcher fetcher = { run, g_strdup (first), what, with_texts, g_async_queue_new (), g_async_queue_new (),
                      g_async_queue_new_full (fetch_item_free), };
  GThread *fetching, *parsing;
  gboolean ok = TRUE;
  FetchItem *item;

  g_mutex_init (&fetcher.mutex);
  g_cond_init (&fetcher.room);
  fetching = g_thread_new ("bie-sync-fetch", fetch_pages, &fetcher);
  parsing = g_thread_new ("bie-sync-parse", parse_pages, &fetcher);

  /* Pages until the end; after a failure here, the rest are dropped. */
  while ((item = g_async_queue_pop (fetcher.pages))->response != NULL)
    {
      if (ok)
        ok = func (run, bie_sync_bundle_entries (item->response, what, NULL), item->texts, data, error);
      g_async_queue_push (fetcher.applied, item);
      page_done (&fetcher, !ok);
    }

  g_thread_join (fetching);
  g_thread_join (parsing);
  if (ok && item->error != NULL)
    {
      g_propagate_error (error, item->error);
      ok = FALSE;
    }
  else
    g_clear_error (&item->error);
  g_free (item);

  g_async_queue_unref (fetcher.fetched);
  g_async_queue_unref (fetcher.pages);
  g_async_queue_unref (fetcher.applied);
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
apply_search_page (BieSyncRun          *run,
                   const BieJsonValue  *entries,
                   GPtrArray           *texts,
                   gpointer             data,
                   GError             **error)
{
  Search *search = data;
  g_autoptr(GPtrArray) resources = g_ptr_array_new ();
  g_autoptr(GPtrArray) resources_text = g_ptr_array_new ();
  Page page = { search->key, search->cursor, resources, resources_text };

  if (entries->length > MAX (run->engine->page_size, 1000u))
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_TOO_LARGE,
                   _("The server sent %u resources of type %s in one page, more than the %u asked for."),
                   entries->length, search->type, run->engine->page_size);
      return FALSE;
    }

  for (guint i = 0; i < entries->length; i++)
    {
      const BieJsonValue *entry = bie_json_value_element (entries, i);
      const BieJsonValue *resource = bie_json_value_get_object (entry, "resource");
      const BieJsonValue *search_info;

      if (resource == NULL)
        {
          g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                       _("The server sent an entry without a resource in a page of %s."), search->type);
          return FALSE;
        }
      /* Included resources are not what was asked for. */
      search_info = bie_json_value_get_object (entry, "search");
      if (search_info != NULL &&
          g_strcmp0 (bie_json_value_get_string (search_info, "mode") ?: "match", "match") != 0)
        continue;
      if (g_strcmp0 (bie_json_value_get_string (resource, "resourceType"),
                     search->type) != 0)
        {
          g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                       _("The server sent another type of resource in a page of %s."), search->type);
          return FALSE;
        }
      g_ptr_array_add (resources, (gpointer) resource);
      g_ptr_array_add (resources_text, g_ptr_array_index (texts, i));
    }

  if (!bie_sync_run_on_store (run, apply_page, &page, error))
    return FALSE;
  bie_sync_run_report (run, search->type, run->summary.downloaded + run->summary.merged);

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
load_cursor (BieSyncRun  *run,
             gpointer     data,
             GError     **error)
{
  CursorLoad *load = data;

  cursor_load (run->engine->store, load->key, load->cursor);

  return TRUE;
}

/* Deletions on the server since @since, from the type's history. */
static gboolean apply_deletions (BieSyncRun          *run,
                                 const BieJsonValue  *entries,
                                 GPtrArray           *texts,
                                 gpointer             data,
                                 GError             **error);

static gboolean
download_type (BieSyncRun  *run,
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

  if (!bie_sync_run_on_store (run, load_cursor, &load, error))
    return FALSE;
  previous = g_strdup (cursor.since);
  bie_sync_run_report (run, type, run->summary.downloaded + run->summary.merged);

  g_string_append_printf (url, "?_sort=_lastUpdated&_count=%u", self->page_size);
  if (cursor.since != NULL)
    {
      g_autofree char *since = g_uri_escape_string (cursor.since, NULL, FALSE);

      g_string_append_printf (url, "&_lastUpdated=ge%s", since);
    }
  if (tags != NULL)
    g_string_append_printf (url, "&_tag=%s", tags);

  ok = follow_pages (run, url->str, type, TRUE, apply_search_page, &search, error);

  /* What was deleted since the last run: after the last run's newest
   * resource, since a deletion is newer than what it deletes. */
  if (ok && previous != NULL)
    {
      g_autofree char *since = g_uri_escape_string (previous, NULL, FALSE);
      g_autofree char *history = g_strdup_printf ("%s/_history?_since=%s&_count=%u",
                                                  type, since, self->page_size);

      ok = follow_pages (run, history, type, FALSE, apply_deletions, (gpointer) type, error);
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
delete_records (BieSyncRun  *run,
                gpointer     data,
                GError     **error)
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
apply_deletions (BieSyncRun          *run,
                 const BieJsonValue  *entries,
                 GPtrArray           *texts,
                 gpointer             data,
                 GError             **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  Deletions deletions = { data, ids };

  for (guint i = 0; i < entries->length; i++)
    {
      const BieJsonValue *request = bie_json_value_get_object (bie_json_value_element (entries, i),
                                                               "request");
      const char *url;
      const char *slash;

      if (g_strcmp0 (bie_json_value_get_string (request, "method"), "DELETE") != 0)
        continue;
      url = bie_json_value_get_string (request, "url") ?: "";
      slash = strrchr (url, '/');
      if (slash != NULL && slash[1] != '\0')
        g_ptr_array_add (ids, g_strdup (slash + 1));
    }

  return ids->len == 0 || bie_sync_run_on_store (run, delete_records, &deletions, error);
}

static gboolean
download_all (BieSyncRun  *run,
              GError     **error)
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
check_empty (BieSyncRun  *run,
             gpointer     data,
             GError     **error)
{
  gint64 households;

  if (!bie_store_count (run->engine->store, BIE_ENTITY_HOUSEHOLD, &households, error))
    return FALSE;
  *(gboolean *) data = households == 0;

  return TRUE;
}

static gboolean
set_bulk (BieSyncRun  *run,
          gpointer     data,
          GError     **error)
{
  BieStore *store = run->engine->store;
  gboolean bulk = GPOINTER_TO_INT (data);

  if (!bulk)
    bie_store_sync_forget_new_records (store);

  return bie_store_set_bulk (store, bulk, error) &&
         (!bulk || bie_store_sync_know_new_records (store, error));
}

/* Into a cache without families (the first sync), the caseload's derived
 * facts are built once at the end, as for the demo city, not row by row,
 * and the row ids of the records written are kept rather than looked up.
 * Each page still comes whole with its cursor, so a crash loses at most
 * pages the next run fetches again. */
gboolean
bie_sync_download (BieSyncRun  *run,
                   GError     **error)
{
  g_autoptr(GError) bulk_error = NULL;
  gboolean empty;
  gboolean ok;

  if (!bie_sync_run_on_store (run, check_empty, &empty, error))
    return FALSE;
  if (!empty)
    return download_all (run, error);

  if (!bie_sync_run_on_store (run, set_bulk, GINT_TO_POINTER (TRUE), error))
    return FALSE;
  ok = download_all (run, error);
  if (!bie_sync_run_on_store (run, set_bulk, GINT_TO_POINTER (FALSE), ok ? error : &bulk_error))
    return FALSE;

  return ok;
}
