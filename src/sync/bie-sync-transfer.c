/* bie-sync-transfer.c: local edits carried by hand, as FHIR Bundle files
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For units without a network: the outbox written as one FHIR transaction
 * Bundle (the same PUTs with If-Match a sync would send, so any FHIR
 * server can take the file as it is), and such a file read into another
 * cache, which then sends the edits as its own. Reading checks what a
 * download checks and applies the file whole or not at all.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bie-fhir-client.h"
#include "bie-sync-private.h"
#include "bie-sync-transfer.h"

/**
 * bie_sync_export_bundle:
 * @n_records: (out) (optional): how many records the file holds
 *
 * Writes every local edit not yet on the server to @file, replacing it
 * whole or not at all. The edits stay queued: the file is a copy.
 */
gboolean
bie_sync_export_bundle (BieStore           *store,
                        const BieFhirUris  *uris,
                        GFile              *file,
                        gint64             *n_records,
                        GError            **error)
{
  BieSyncBatch batch = { NULL, NULL, NULL };
  g_autoptr(JsonNode) bundle = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize length;
  gint64 pending;
  gboolean ok;

  g_return_val_if_fail (BIE_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!bie_store_sync_count (store, &pending, NULL, error))
    return FALSE;
  if (pending > BIE_SYNC_TRANSFER_MAX_ENTRIES)
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_TOO_LARGE,
                   _("%lld records have changes to send, more than one file may carry (%d): "
                     "synchronise with the server instead."), (long long) pending, BIE_SYNC_TRANSFER_MAX_ENTRIES);
      return FALSE;
    }
  if (!bie_sync_batch_read (&batch, store, uris, BIE_SYNC_TRANSFER_MAX_ENTRIES, NULL, error))
    return FALSE;

  bundle = bie_sync_batch_to_bundle (&batch);
  json_generator_set_root (generator, bundle);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);
  ok = g_file_replace_contents (file, text, length, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, error);
  if (ok && n_records != NULL)
    *n_records = batch.changes->len;
  bie_sync_batch_clear (&batch);

  return ok;
}

/* The entries of the Bundle in @file (an array), read into *@doc_out. */
static const BieJsonValue *
read_entries (GFile       *file,
              BieJsonDoc **doc_out,
              GError     **error)
{
  static const BieJsonValue no_entries = { BIE_JSON_ARRAY, 0, };
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = g_file_get_basename (file);
  const BieJsonValue *bundle;
  const BieJsonValue *entries;
  const char *type;
  gsize length;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_size (info) > BIE_SYNC_TRANSFER_MAX_BYTES)
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_TOO_LARGE,
                   _("“%s” is larger than %d MB: it is not a file of changes from Bienestar."),
                   name, BIE_SYNC_TRANSFER_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  if (!g_file_load_contents (file, NULL, &text, &length, NULL, error))
    return NULL;
  /* Parsed as what comes from a server, nesting bounded. */
  *doc_out = bie_fhir_json_read (text, length, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                   _("“%s” is not valid JSON: %s"), name, local_error->message);
      return NULL;
    }

  bundle = *doc_out != NULL ? bie_json_doc_get_root (*doc_out) : NULL;
  if (g_strcmp0 (bie_json_value_get_string (bundle, "resourceType"), "Bundle") != 0)
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                   _("“%s” is not a FHIR Bundle."), name);
      return NULL;
    }
  type = bie_json_value_get_string (bundle, "type") ?: "";
  if (!g_str_equal (type, "transaction") && !g_str_equal (type, "batch") &&
      !g_str_equal (type, "collection"))
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                   _("“%s” is a Bundle of type “%s”; a file of changes is a transaction, batch or collection."),
                   name, type);
      return NULL;
    }
  entries = bie_json_value_member (bundle, "entry");
  if (entries == NULL)
    return &no_entries;
  if (entries->type != BIE_JSON_ARRAY)
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                   _("The entries of “%s” are not a list."), name);
      return NULL;
    }
  if (entries->length > BIE_SYNC_TRANSFER_MAX_ENTRIES)
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_TOO_LARGE,
                   _("“%s” has %u entries; a file of changes may have at most %d."), name,
                   entries->length, BIE_SYNC_TRANSFER_MAX_ENTRIES);
      return NULL;
    }

  return entries;
}

/* "W/\"3\"" → "3" */
static char *
version_of_if_match (const char *if_match)
{
  const char *start = if_match != NULL ? strchr (if_match, '"') : NULL;
  const char *end = start != NULL ? strchr (start + 1, '"') : NULL;

  return end != NULL ? g_strndup (start + 1, end - start - 1) : NULL;
}

/* @resource with @version as its meta.versionId. */
static BieJsonDoc *
with_version (const BieJsonValue *resource,
              const char         *version)
{
  g_autoptr(JsonNode) node = bie_json_value_to_node (resource);
  JsonObject *object = json_node_get_object (node);
  JsonObject *meta = bie_json_get_object (object, "meta");
  g_autofree char *text = NULL;

  if (meta == NULL)
    {
      meta = json_object_new ();
      json_object_set_object_member (object, "meta", meta);
    }
  json_object_set_string_member (meta, "versionId", version);
  text = json_to_string (node, FALSE);

  return bie_fhir_json_read (text, strlen (text), NULL);
}

static gboolean
apply_entry (BieSyncApply        *apply,
             const BieJsonValue  *entry,
             guint                index,
             GError             **error)
{
  const BieJsonValue *request = bie_json_value_get_object (entry, "request");
  const BieJsonValue *resource = bie_json_value_get_object (entry, "resource");
  const char *method = bie_json_value_get_string (request, "method") ?: "";
  g_autoptr(BieJsonDoc) versioned = NULL;
  g_autofree char *version = NULL;
  g_autoptr(GError) local_error = NULL;

  if (request != NULL)
    version = version_of_if_match (bie_json_value_get_string (request, "ifMatch"));

  if (g_str_equal (method, "DELETE"))
    {
      const char *url = bie_json_value_get_string (request, "url") ?: "";
      g_auto(GStrv) parts = g_strsplit (url, "/", 3);

      if (g_strv_length (parts) != 2)
        {
          g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                       _("Entry %u deletes “%s”, which is not Type/id."), index + 1, url);
          return FALSE;
        }
      return bie_sync_apply_deletion (apply, parts[0], parts[1], error);
    }

  if (resource == NULL)
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                   _("Entry %u has no resource."), index + 1);
      return FALSE;
    }
  if (version != NULL)
    {
      versioned = with_version (resource, version);
      resource = bie_json_doc_get_root (versioned);
    }

  if (!bie_sync_apply_resource (apply, resource, NULL, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Entry %u: %s"), index + 1, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * bie_sync_import_bundle:
 * @summary: (out caller-allocates) (optional): what was applied
 *
 * Reads a Bundle of changes made in another cache into this one, whole or
 * not at all, merged with the edits made here as a download would be, and
 * queues them to go up from here. Records whose references are not here
 * yet wait for them (@summary's deferred).
 */
gboolean
bie_sync_import_bundle (BieStore           *store,
                        const BieFhirUris  *uris,
                        GFile              *file,
                        BieSyncSummary     *summary,
                        GError            **error)
{
  g_autoptr(BieJsonDoc) doc = NULL;
  const BieJsonValue *entries;
  BieSyncSummary counts = { 0 };
  BieSyncApply apply = { store, uris, &counts, TRUE };

  g_return_val_if_fail (BIE_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  entries = read_entries (file, &doc, error);
  if (entries == NULL)
    return FALSE;

  if (!bie_store_sync_begin (store, error))
    return FALSE;
  for (guint i = 0; i < entries->length; i++)
    {
      if (!apply_entry (&apply, bie_json_value_element (entries, i), i, error))
        {
          bie_store_sync_rollback (store);
          return FALSE;
        }
    }
  if (!bie_sync_apply_deferred (&apply, error) || !bie_store_sync_commit (store, error))
    {
      bie_store_sync_rollback (store);
      return FALSE;
    }

  counts.deferred = bie_store_sync_count_deferred (store);
  if (summary != NULL)
    *summary = counts;

  return TRUE;
}
