/* bie-sync-upload.c: the outbox, to the server
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox, squashed per record, goes up in transaction Bundles of PUTs
 * with If-Match. A Bundle the server refuses whole is sent again record
 * by record: a record changed there since our base (412) is merged with
 * the server's present version, and the merge goes up in the next batch;
 * a record the server will not take is set aside for the run.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bie-sync-private.h"

static gboolean
read_batch (BieSyncRun  *run,
            gpointer     data,
            GError     **error)
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
          JsonObject    *coverage,
          char          *version)
{
  /* A deleted person's Coverage was deleted with them: nothing to keep. */
  if (coverage != NULL && resource != NULL)
    change->sent_coverage = bie_json_object_to_string (coverage);
  if (resource != NULL)
    {
      JsonObject *meta = bie_json_get_object (resource, "meta");

      if (meta == NULL)
        {
          meta = json_object_new ();
          json_object_set_object_member (resource, "meta", meta);
        }
      if (version != NULL)
        json_object_set_string_member (meta, "versionId", version);
      change->sent_json = bie_json_object_to_string (resource);
      change->new_server_id = g_strdup (json_object_get_string_member (resource, "id"));
    }
  change->new_version = version;
}

static gboolean
acknowledge (BieSyncRun  *run,
             gpointer     data,
             GError     **error)
{
  return bie_store_sync_acknowledge (run->engine->store, data, error);
}

static gboolean
read_transaction_response (BieSyncBatch     *batch,
                           BieFhirResponse  *response,
                           GError          **error)
{
  const BieJsonValue *entries = bie_sync_bundle_entries (response, _("upload"), error);
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
      const BieJsonValue *entry_response = NULL;

      if (n < entries->length)
        entry_response = bie_json_value_get_object (bie_json_value_element (entries, n), "response");
      if (entry_response == NULL)
        {
          g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                               _("The server answered the upload with fewer entries than were sent."));
          return FALSE;
        }
      set_sent (change, g_ptr_array_index (batch->resources, i), g_ptr_array_index (batch->coverages, i),
                version_from (bie_json_value_get_string (entry_response, "etag"),
                              bie_json_value_get_string (entry_response, "location")));
      n += g_ptr_array_index (batch->coverages, i) != NULL ? 2 : 1;
    }

  return TRUE;
}

typedef struct
{
  BieSyncChange      *change;
  const BieJsonValue *resource;   /* (nullable): the server's version; NULL when it deleted it */
  const char         *json;
  BieSyncOutcome      outcome;
} Incoming;

/* The mapping reads references, so it too runs where the store is. */
static gboolean
merge_one (BieSyncRun  *run,
           gpointer     data,
           GError     **error)
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
merge_server_version (BieSyncRun     *run,
                      BieSyncChange  *change,
                      GError        **error)
{
  g_autofree char *url = bie_sync_change_url (change);
  g_autoptr(BieFhirResponse) response = NULL;
  g_autofree char *json = NULL;
  Incoming incoming = { change, NULL, NULL, BIE_SYNC_APPLIED };

  response = bie_sync_run_send (run, "GET", url, NULL, NULL, error);
  if (response == NULL)
    return FALSE;

  /* Deleted there: a deletion from the server, against our edits. */
  if (response->status != 404 && response->status != 410)
    {
      if (!bie_fhir_response_check (response, error))
        return FALSE;
      if (response->doc == NULL || bie_json_doc_get_root (response->doc)->type != BIE_JSON_OBJECT)
        {
          g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                               _("The server sent a record that is not a FHIR resource."));
          return FALSE;
        }
      incoming.resource = bie_json_doc_get_root (response->doc);
      json = bie_json_value_dup_text (incoming.resource);
      incoming.json = json;
    }

  if (!bie_sync_run_on_store (run, merge_one, &incoming, error))
    return FALSE;
  bie_sync_count_outcome (&run->apply, incoming.outcome);

  return TRUE;
}

/* A record is merged with the server's version at most this many times a
 * run: a server with a newer version every time would go on for ever. */
#define MAX_MERGES_PER_RUN 3

/* Sets @change aside for this run: it stays in the outbox for the next,
 * and the run does not converge. Takes @refusal. */
static void
refuse (BieSyncRun     *run,
        BieSyncChange  *change,
        GError         *refusal)
{
  g_hash_table_add (run->refused, bie_sync_change_key (change));
  run->summary.refused++;
  if (run->refusal == NULL)
    run->refusal = refusal;
  else
    g_error_free (refusal);
}

/* The batch one by one, after the server refused it whole: each record
 * that conflicts is merged or kept as a conflict, each that the server
 * will not take is set aside for this run, the others go up. */
static gboolean
upload_one_by_one (BieSyncRun    *run,
                   BieSyncBatch  *batch,
                   GError       **error)
{
  g_autoptr(GPtrArray) done = g_ptr_array_new ();

  for (guint i = 0; i < batch->changes->len; i++)
    {
      BieSyncChange *change = g_ptr_array_index (batch->changes, i);
      JsonObject *resource = g_ptr_array_index (batch->resources, i);
      JsonObject *coverage = g_ptr_array_index (batch->coverages, i);
      g_autofree char *url = bie_sync_change_url (change);
      g_autofree char *if_match = bie_sync_change_if_match (change);
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(BieFhirResponse) response = NULL;
      g_autoptr(GError) refusal = NULL;

      if (resource != NULL)
        body = json_node_init_object (json_node_alloc (), resource);
      response = bie_sync_run_send (run, resource != NULL ? "PUT" : "DELETE", url, body, if_match, error);
      if (response == NULL)
        return FALSE;

      if (response->status == 412 || (response->status == 409 && resource != NULL))
        {
          char *key = bie_sync_change_key (change);
          guint merges = GPOINTER_TO_UINT (g_hash_table_lookup (run->merged, key)) + 1;

          g_hash_table_insert (run->merged, key, GUINT_TO_POINTER (merges));
          if (merges > MAX_MERGES_PER_RUN)
            refuse (run, change, g_error_new_literal (BIE_FHIR_ERROR, BIE_FHIR_ERROR_CONFLICT,
                                                      _("The server had a newer version of the record "
                                                        "each time it was sent; it goes again at the "
                                                        "next synchronisation.")));
          else if (!merge_server_version (run, change, error))
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
          refuse (run, change, g_steal_pointer (&refusal));
          continue;
        }

      /* A person's Coverage goes with them, also when they are deleted. */
      if (coverage != NULL)
        {
          g_autofree char *coverage_url = bie_sync_coverage_url (coverage);
          g_autoptr(JsonNode) coverage_body = NULL;
          g_autoptr(BieFhirResponse) coverage_response = NULL;

          if (resource != NULL)
            coverage_body = json_node_init_object (json_node_alloc (), coverage);
          coverage_response = bie_sync_run_send (run, resource != NULL ? "PUT" : "DELETE", coverage_url,
                                                 coverage_body, NULL, error);
          if (coverage_response == NULL)
            return FALSE;
          if (resource == NULL && (coverage_response->status == 404 || coverage_response->status == 410))
            coverage_response->status = 200;  /* already gone */
          if (!bie_fhir_response_check (coverage_response, error))
            return FALSE;
        }

      set_sent (change, resource, coverage, version_from (response->etag, response->location));
      g_ptr_array_add (done, change);
    }

  if (done->len == 0)
    return TRUE;
  if (!bie_sync_run_on_store (run, acknowledge, done, error))
    return FALSE;
  run->summary.uploaded += done->len;

  return TRUE;
}

gboolean
bie_sync_upload (BieSyncRun  *run,
                 GError     **error)
{
  while (TRUE)
    {
      BieSyncBatch batch = { NULL, NULL, NULL };
      g_autoptr(JsonNode) bundle = NULL;
      g_autoptr(BieFhirResponse) response = NULL;
      gboolean ok;

      if (!bie_sync_run_on_store (run, read_batch, &batch, error))
        return FALSE;
      if (batch.changes->len == 0)
        {
          bie_sync_batch_clear (&batch);
          return TRUE;
        }

      bundle = bie_sync_batch_to_bundle (&batch);
      response = bie_sync_run_send (run, "POST", "", bundle, NULL, error);
      if (response == NULL)
        {
          bie_sync_batch_clear (&batch);
          return FALSE;
        }

      if (response->status >= 200 && response->status < 300)
        {
          ok = read_transaction_response (&batch, response, error) &&
               bie_sync_run_on_store (run, acknowledge, batch.changes, error);
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
      bie_sync_run_report (run, _("Sending changes"), run->summary.uploaded);
    }
}
