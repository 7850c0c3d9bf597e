/* bie-sync-apply.c: records and resources crossing between the cache
 * and the server, for the engine and for files carried by hand
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here runs on the store's thread.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bie-store-sync.h"
#include "bie-sync-private.h"

/* References, through the store */

static char *
resolve_fhir_id (gpointer  user_data,
                 BieEntity entity,
                 gint64    id)
{
  return bie_store_sync_fhir_id (user_data, entity, id);
}

static gint64
resolve_row_id (gpointer    user_data,
                BieEntity   entity,
                const char *fhir_id)
{
  return bie_store_sync_row_id (user_data, entity, fhir_id);
}

static gpointer
resolve_load (gpointer  user_data,
              BieEntity entity,
              gint64    id)
{
  return bie_store_load (user_data, entity, id, NULL);
}

static gpointer
resolve_load_by_uuid (gpointer    user_data,
                      BieEntity   entity,
                      const char *uuid)
{
  return bie_store_load_by_uuid (user_data, entity, uuid, NULL);
}

static GArray *
resolve_members (gpointer user_data,
                 gint64   household_id)
{
  return bie_store_sync_members (user_data, household_id);
}

BieFhirResolver
bie_sync_resolver (BieStore *store)
{
  BieFhirResolver resolver = {
    resolve_fhir_id, resolve_row_id, store, resolve_load, resolve_load_by_uuid, resolve_members,
  };

  return resolver;
}

/* Fields of records */

static void
set_text (char       **text,
          const char  *value)
{
  g_free (*text);
  *text = g_strdup (value);
}

/* Applying what the server has */


/* Three ways: the server's change from its last version we knew
 * (@base_json), against the edits made here. */
gboolean
bie_sync_merge (BieSyncApply  *apply,
                BieEntity    entity,
                BieRecord   *incoming,
                const char  *json,
                BieSyncOutcome     *outcome,
                GError     **error)
{
  const BieEntityInfo *info = bie_entity_info (entity);
  BieFhirResolver resolver = bie_sync_resolver (apply->store);
  g_autoptr(GHashTable) edited = NULL;
  g_autoptr(GPtrArray) overlap = g_ptr_array_new ();
  g_autofree char *base_json = NULL;
  gpointer local = NULL;
  gpointer base = NULL;
  gboolean in_conflict;
  gboolean ok;

  if (incoming->id == 0)
    {
      *outcome = BIE_SYNC_APPLIED;
      return bie_store_sync_write (apply->store, entity, incoming, apply->from_file ? NULL : json, error);
    }

  if (!bie_store_sync_local_edits (apply->store, entity, incoming->uuid, &edited, &in_conflict, error))
    return FALSE;

  local = bie_store_load (apply->store, entity, incoming->id, error);
  if (local == NULL)
    return FALSE;

  /* A person's insurance comes in its own Coverage, not in the Patient. */
  if (entity == BIE_ENTITY_PERSON && !incoming->deleted)
    {
      set_text (&((BiePerson *) incoming)->eps_code, ((BiePerson *) local)->eps_code);
      set_text (&((BiePerson *) incoming)->regimen, ((BiePerson *) local)->regimen);
    }

  if (edited == NULL && !in_conflict)
    {
      *outcome = !apply->from_file && incoming->version != NULL &&
                 g_strcmp0 (((BieRecord *) local)->version, incoming->version) == 0 ?
                 BIE_SYNC_UNCHANGED : BIE_SYNC_APPLIED;
      bie_record_free (entity, local);
      if (*outcome == BIE_SYNC_UNCHANGED)
        return TRUE;
      return bie_store_sync_write (apply->store, entity, incoming, apply->from_file ? NULL : json, error);
    }

  if (!apply->from_file && incoming->version != NULL &&
      g_strcmp0 (((BieRecord *) local)->version, incoming->version) == 0)
    {
      /* Our own base: the local edits simply go up on it. */
      bie_record_free (entity, local);
      *outcome = BIE_SYNC_UNCHANGED;
      return TRUE;
    }

  base_json = bie_store_sync_base (apply->store, entity, incoming->uuid);
  if (base_json != NULL)
    {
      g_autoptr(BieJsonDoc) doc = bie_fhir_json_read (base_json, strlen (base_json), NULL);
      BieEntity base_entity;

      if (doc != NULL)
        base = bie_fhir_to_record (apply->uris, &resolver, bie_json_doc_get_root (doc), &base_entity, NULL);
    }

  if (edited != NULL && (g_hash_table_contains (edited, "deleted") || incoming->deleted))
    g_ptr_array_add (overlap, (gpointer) "deleted");
  else
    {
      gboolean all_local = edited != NULL && g_hash_table_contains (edited, "*");

      for (guint i = 0; i < info->n_fields; i++)
        {
          const BieField *field = &info->fields[i];
          gboolean theirs_changed = base == NULL || !bie_record_field_equal (field, base, incoming);
          gboolean ours_changed = all_local || (edited != NULL && g_hash_table_contains (edited, field->name)) ||
                                  in_conflict;

          if (theirs_changed && ours_changed && !bie_record_field_equal (field, local, incoming))
            g_ptr_array_add (overlap, (gpointer) field->name);
        }
    }

  if (overlap->len == 0)
    {
      /* Different fields: theirs taken, ours kept to go up on their version. */
      for (guint i = 0; i < info->n_fields; i++)
        {
          const BieField *field = &info->fields[i];

          if (base == NULL || !bie_record_field_equal (field, base, incoming))
            bie_record_copy_field (field, local, incoming);
        }
      set_text (&((BieRecord *) local)->server_id, incoming->server_id);
      set_text (&((BieRecord *) local)->version, incoming->version);
      ok = bie_store_sync_write (apply->store, entity, local, apply->from_file ? NULL : json, error);
      *outcome = BIE_SYNC_MERGED;
    }
  else
    {
      ok = bie_store_sync_add_conflict (apply->store, entity, incoming->uuid,
                                        incoming->deleted ? NULL : json, incoming->version,
                                        overlap, error);
      *outcome = BIE_SYNC_CONFLICT;
    }

  bie_record_free (entity, local);
  if (base != NULL)
    bie_record_free (entity, base);

  return ok;
}

void
bie_sync_count_outcome (BieSyncApply  *apply,
               BieSyncOutcome  outcome)
{
  switch (outcome)
    {
    case BIE_SYNC_APPLIED:
      apply->summary->downloaded++;
      break;
    case BIE_SYNC_MERGED:
      apply->summary->merged++;
      break;
    case BIE_SYNC_CONFLICT:
      apply->summary->conflicts++;
      break;
    case BIE_SYNC_UNCHANGED:
    default:
      break;
    }
}

/* The server's side of a conflict over a person's insurance: the person
 * as the server last sent them, with the Coverage that came now, as a
 * collection Bundle that bie_sync_theirs_record() reads back. */
static char *
theirs_with_coverage (BieSyncApply       *apply,
                      BiePerson          *person,
                      const BieJsonValue *coverage)
{
  BieFhirResolver resolver = bie_sync_resolver (apply->store);
  g_autofree char *base = bie_store_sync_base (apply->store, BIE_ENTITY_PERSON, person->record.uuid);
  g_autoptr(JsonNode) base_node = base != NULL ? json_from_string (base, NULL) : NULL;
  JsonObject *patient;
  JsonObject *bundle = json_object_new ();
  JsonArray *entries = json_array_new ();
  JsonObject *entry;
  char *text;

  if (base_node != NULL && JSON_NODE_HOLDS_OBJECT (base_node))
    patient = json_object_ref (json_node_get_object (base_node));
  else
    patient = bie_fhir_from_record (apply->uris, &resolver, BIE_ENTITY_PERSON, person, NULL, NULL);

  entry = json_object_new ();
  json_object_set_object_member (entry, "resource", patient);
  json_array_add_object_element (entries, entry);
  entry = json_object_new ();
  json_object_set_member (entry, "resource", bie_json_value_to_node (coverage));
  json_array_add_object_element (entries, entry);
  json_object_set_string_member (bundle, "resourceType", "Bundle");
  json_object_set_string_member (bundle, "type", "collection");
  json_object_set_array_member (bundle, "entry", entries);

  text = bie_json_object_to_string (bundle);
  json_object_unref (bundle);

  return text;
}

/* The insurance in @coverage, a Coverage of @person. */
static gboolean
insurance_of (BieSyncApply        *apply,
              BiePerson           *person,
              const BieJsonValue  *coverage,
              char               **eps,
              char               **regimen,
              GError             **error)
{
  /* Whose it is, from the person's ids; the rest it only sets. */
  BiePerson reader = { .record = { .uuid = person->record.uuid, .server_id = person->record.server_id } };
  gboolean ok = bie_fhir_apply_coverage (apply->uris, coverage, &reader, error);

  *eps = g_steal_pointer (&reader.eps_code);
  *regimen = g_steal_pointer (&reader.regimen);

  return ok;
}

/* Three ways, as for a record: what the server changed since the Coverage
 * it last had (sent from here or received), against the insurance edited
 * here. The same field changed on both sides to different values is a
 * conflict on the person; an echo of what went up changes nothing. */
static gboolean
merge_coverage (BieSyncApply        *apply,
                BiePerson           *person,
                GHashTable          *edited,
                const BieJsonValue  *coverage,
                const char          *json,
                GError             **error)
{
  const char *names[] = { "eps_code", "regimen" };
  g_autofree char *known_json = bie_store_sync_coverage (apply->store, person->record.uuid);
  g_autoptr(BieJsonDoc) known = known_json != NULL ?
                                bie_fhir_json_read (known_json, strlen (known_json), NULL) : NULL;
  g_autoptr(GPtrArray) conflicting = g_ptr_array_new ();
  char *theirs[2] = { NULL, NULL };
  char *before[2] = { NULL, NULL };
  char **mine[2] = { &person->eps_code, &person->regimen };
  gboolean take = FALSE;
  gboolean was_known;
  gboolean ok;

  ok = insurance_of (apply, person, coverage, &theirs[0], &theirs[1], error);
  /* Without a Coverage known before, any difference is the server's. */
  was_known = known != NULL &&
              insurance_of (apply, person, bie_json_doc_get_root (known), &before[0], &before[1], NULL);

  for (guint i = 0; ok && i < G_N_ELEMENTS (names); i++)
    {
      gboolean theirs_changed = !was_known || g_strcmp0 (before[i], theirs[i]) != 0;
      gboolean ours_changed = edited != NULL &&
                              (g_hash_table_contains (edited, names[i]) || g_hash_table_contains (edited, "*"));

      if (!theirs_changed || g_strcmp0 (*mine[i], theirs[i]) == 0)
        continue;
      if (ours_changed)
        g_ptr_array_add (conflicting, (gpointer) names[i]);
      else
        {
          set_text (mine[i], theirs[i]);
          take = TRUE;
        }
    }

  if (ok && conflicting->len > 0)
    {
      g_autofree char *bundle = theirs_with_coverage (apply, person, coverage);

      ok = bie_store_sync_add_conflict (apply->store, BIE_ENTITY_PERSON, person->record.uuid,
                                        bundle, person->record.version, conflicting, error);
      apply->summary->conflicts++;
    }
  else if (ok && take)
    {
      /* Only the insurance comes from the server: the base stays. */
      ok = bie_store_sync_write_insurance (apply->store, person, error);
      apply->summary->downloaded++;
    }

  ok = ok && bie_store_sync_set_coverage (apply->store, person->record.uuid, json, error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_free (theirs[i]);
      g_free (before[i]);
    }

  return ok;
}

/* A Coverage is a person's insurance, kept on the person. */
static gboolean
apply_coverage (BieSyncApply        *apply,
                const BieJsonValue  *coverage,
                const char          *json,
                GError             **error)
{
  const char *reference;
  const char *slash;
  gint64 id;
  g_autoptr(GHashTable) edited = NULL;
  gboolean in_conflict;
  BiePerson *person;
  gboolean ok;

  reference = bie_json_value_get_string (bie_json_value_get_object (coverage, "beneficiary"), "reference");
  slash = reference != NULL ? strrchr (reference, '/') : NULL;
  if (slash == NULL)
    {
      g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                           _("The server sent a Coverage without a beneficiary."));
      return FALSE;
    }
  id = bie_store_sync_row_id (apply->store, BIE_ENTITY_PERSON, slash + 1);
  if (id == 0)
    {
      g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_NOT_FOUND,
                           _("The server sent a Coverage of a person not yet downloaded."));
      return FALSE;
    }

  person = bie_store_load (apply->store, BIE_ENTITY_PERSON, id, error);
  if (person == NULL)
    return FALSE;
  if (!bie_store_sync_local_edits (apply->store, BIE_ENTITY_PERSON, person->record.uuid, &edited,
                                   &in_conflict, error))
    {
      bie_record_free (BIE_ENTITY_PERSON, person);
      return FALSE;
    }

  ok = merge_coverage (apply, person, edited, coverage, json, error);
  bie_record_free (BIE_ENTITY_PERSON, person);

  return ok;
}

/* Applies one resource; one whose references are not here yet waits. */
/* Edits carried in a file were made in another cache: from here they go
 * up to the server as this cache's own, from the version they started on. */
static gboolean
queue_from_file (BieSyncApply  *apply,
                 BieEntity      entity,
                 BieRecord     *incoming,
                 GError       **error)
{
  BieRecord *record = bie_store_load_by_uuid (apply->store, entity, incoming->uuid, error);
  gboolean ok;

  if (record == NULL)
    return FALSE;
  ok = bie_store_sync_queue (apply->store, entity, record, incoming->version, error);
  bie_record_free (entity, record);

  return ok;
}

/* @json: (nullable): @resource as text, when the caller has it */
gboolean
bie_sync_apply_resource (BieSyncApply        *apply,
                         const BieJsonValue  *resource,
                         const char          *json,
                         GError             **error)
{
  BieFhirResolver resolver = bie_sync_resolver (apply->store);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = json == NULL ? bie_json_value_dup_text (resource) : NULL;
  const char *type = bie_json_value_get_string (resource, "resourceType") ?: "";
  BieEntity entity;
  BieRecord *record;
  BieSyncOutcome outcome;
  gboolean ok;

  if (json == NULL)
    json = text;

  if (g_strcmp0 (type, "Coverage") == 0)
    ok = apply_coverage (apply, resource, json, &local_error);
  else
    {
      record = bie_fhir_to_record (apply->uris, &resolver, resource, &entity, &local_error);
      if (record == NULL)
        ok = FALSE;
      else
        {
          ok = bie_sync_merge (apply, entity, record, json, &outcome, &local_error);
          if (ok)
            bie_sync_count_outcome (apply, outcome);
          if (ok && apply->from_file && outcome != BIE_SYNC_CONFLICT)
            ok = queue_from_file (apply, entity, record, &local_error);
          bie_record_free (entity, record);
        }
    }

  if (ok)
    return TRUE;

  if (g_error_matches (local_error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_NOT_FOUND))
    return bie_store_sync_defer (apply->store, type,
                                 bie_json_value_get_string (resource, "id") ?: "",
                                 json, error);

  g_propagate_error (error, g_steal_pointer (&local_error));

  return FALSE;
}

/* Deferred resources whose references may have come, until no more do. */
gboolean
bie_sync_apply_deferred (BieSyncApply  *apply,
                GError **error)
{
  gint64 before = G_MAXINT64;
  gint64 now;

  while ((now = bie_store_sync_count_deferred (apply->store)) > 0 && now < before)
    {
      g_autoptr(GPtrArray) deferred = bie_store_sync_take_deferred (apply->store, error);

      if (deferred == NULL)
        return FALSE;
      before = now;
      for (guint i = 0; i < deferred->len; i++)
        {
          const char *json = g_ptr_array_index (deferred, i);
          g_autoptr(BieJsonDoc) doc = bie_fhir_json_read (json, strlen (json), NULL);

          if (doc == NULL || bie_json_doc_get_root (doc)->type != BIE_JSON_OBJECT)
            continue;
          if (!bie_sync_apply_resource (apply, bie_json_doc_get_root (doc), json, error))
            return FALSE;
        }
    }

  return TRUE;
}

void
bie_sync_batch_clear (BieSyncBatch *batch)
{
  g_clear_pointer (&batch->changes, g_ptr_array_unref);
  g_clear_pointer (&batch->resources, g_ptr_array_unref);
  g_clear_pointer (&batch->coverages, g_ptr_array_unref);
}

static void
unref_object (gpointer object)
{
  if (object != NULL)
    json_object_unref (object);
}

/* "Type/id" of the change's record on the server: its server id, or its
 * uuid until the server has it. */
char *
bie_sync_change_url (BieSyncChange *change)
{
  BieRecord *record = change->record;

  return g_strdup_printf ("%s/%s", bie_fhir_resource_type (change->entity),
                          record->server_id != NULL ? record->server_id : record->uuid);
}

/* "Coverage/id" of a person's Coverage. */
char *
bie_sync_coverage_url (JsonObject *coverage)
{
  return g_strdup_printf ("Coverage/%s", json_object_get_string_member (coverage, "id"));
}

char *
bie_sync_change_if_match (BieSyncChange *change)
{
  BieRecord *record = change->record;

  return record->version != NULL ? g_strdup_printf ("W/\"%s\"", record->version) : NULL;
}

static void
add_entry (JsonArray   *entries,
           const char  *method,
           const char  *url,
           const char  *if_match,
           JsonObject  *resource)
{
  JsonObject *entry = json_object_new ();
  JsonObject *request = json_object_new ();

  if (resource != NULL)
    {
      g_autofree char *full_url = g_strdup_printf ("urn:uuid:%s",
                                                   json_object_get_string_member (resource, "id"));

      /* A full URL for an id that is not a uuid names the resource on the server. */
      if (!g_uuid_string_is_valid (json_object_get_string_member (resource, "id")))
        {
          g_free (full_url);
          full_url = g_strdup (url);
        }
      json_object_set_string_member (entry, "fullUrl", full_url);
      json_object_set_object_member (entry, "resource", json_object_ref (resource));
    }
  json_object_set_string_member (request, "method", method);
  json_object_set_string_member (request, "url", url);
  if (if_match != NULL)
    json_object_set_string_member (request, "ifMatch", if_match);
  json_object_set_object_member (entry, "request", request);
  json_array_add_object_element (entries, entry);
}

JsonNode *
bie_sync_batch_to_bundle (BieSyncBatch *batch)
{
  JsonObject *bundle = json_object_new ();
  JsonArray *entries = json_array_new ();
  JsonNode *node;

  json_object_set_string_member (bundle, "resourceType", "Bundle");
  json_object_set_string_member (bundle, "type", "transaction");

  for (guint i = 0; i < batch->changes->len; i++)
    {
      BieSyncChange *change = g_ptr_array_index (batch->changes, i);
      JsonObject *resource = g_ptr_array_index (batch->resources, i);
      JsonObject *coverage = g_ptr_array_index (batch->coverages, i);
      g_autofree char *url = bie_sync_change_url (change);
      g_autofree char *if_match = bie_sync_change_if_match (change);

      add_entry (entries, resource != NULL ? "PUT" : "DELETE", url, if_match, resource);
      /* A person's Coverage goes with them, also when they are deleted. */
      if (coverage != NULL)
        {
          g_autofree char *coverage_url = bie_sync_coverage_url (coverage);

          add_entry (entries, resource != NULL ? "PUT" : "DELETE", coverage_url, NULL,
                     resource != NULL ? coverage : NULL);
        }
    }

  json_object_set_array_member (bundle, "entry", entries);
  node = json_node_init_object (json_node_alloc (), bundle);
  json_object_unref (bundle);

  return node;
}


/**
 * bie_sync_apply_deletion:
 * @id: the FHIR id of a resource of @resource_type the server deleted
 *
 * Deletes the record here too, unless it has edits of its own: then the
 * deletion is a conflict for the user. Within a sync transaction.
 */
gboolean
bie_sync_apply_deletion (BieSyncApply  *apply,
                         const char    *resource_type,
                         const char    *id,
                         GError       **error)
{
  for (guint e = 0; e < BIE_N_ENTITIES; e++)
    {
      BieRecord *record;
      gint64 row;
      BieSyncOutcome outcome;
      gboolean ok = TRUE;

      if (g_strcmp0 (bie_fhir_resource_type (e), resource_type) != 0 ||
          (row = bie_store_sync_row_id (apply->store, e, id)) == 0)
        continue;

      record = bie_store_load (apply->store, e, row, error);
      if (record == NULL)
        return FALSE;
      if (!record->deleted)
        {
          record->deleted = TRUE;
          g_clear_pointer (&record->version, g_free);
          ok = bie_sync_merge (apply, e, record, NULL, &outcome, error);
          if (ok && outcome == BIE_SYNC_CONFLICT)
            apply->summary->conflicts++;
          else if (ok)
            apply->summary->deleted++;
          if (ok && apply->from_file && outcome != BIE_SYNC_CONFLICT)
            ok = queue_from_file (apply, e, record, error);
        }
      bie_record_free (e, record);

      return ok;
    }

  return TRUE;
}

char *
bie_sync_change_key (BieSyncChange *change)
{
  return g_strdup_printf ("%s/%s", bie_entity_info (change->entity)->table,
                          ((BieRecord *) change->record)->uuid);
}

/* The Coverage the server has of a person, as it was last sent or read. */
static JsonObject *
known_coverage (BieStore   *store,
                const char *person_uuid)
{
  g_autofree char *json = bie_store_sync_coverage (store, person_uuid);
  g_autoptr(JsonNode) node = json != NULL ? json_from_string (json, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      bie_json_get_string (json_node_get_object (node), "id") == NULL)
    return NULL;

  return json_object_ref (json_node_get_object (node));
}

/**
 * bie_sync_batch_read:
 * @limit: at most this many records
 * @skip: (nullable): bie_sync_change_key()s of records to leave out
 *
 * The next local edits to send, each record as a resource built on the
 * server's last version of it, so that what Bienestar does not map
 * goes back unchanged.
 */
gboolean
bie_sync_batch_read (BieSyncBatch       *batch,
                     BieStore           *store,
                     const BieFhirUris  *uris,
                     guint               limit,
                     GHashTable         *skip,
                     GError            **error)
{
  BieFhirResolver resolver = bie_sync_resolver (store);
  g_autoptr(GPtrArray) changes = NULL;

  changes = bie_store_sync_changes (store, limit + (skip != NULL ? g_hash_table_size (skip) : 0), error);
  if (changes == NULL)
    return FALSE;

  batch->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) bie_sync_change_free);
  batch->resources = g_ptr_array_new_with_free_func (unref_object);
  batch->coverages = g_ptr_array_new_with_free_func (unref_object);

  /* @limit counts the Bundle's entries: a person's Coverage is one more. */
  for (guint i = 0, n_entries = 0; i < changes->len && n_entries < limit; i++)
    {
      BieSyncChange *change = g_ptr_array_index (changes, i);
      BieRecord *record = change->record;
      g_autofree char *key = bie_sync_change_key (change);
      g_autoptr(JsonNode) previous = NULL;
      JsonObject *resource = NULL;
      JsonObject *coverage = NULL;

      if (skip != NULL && g_hash_table_contains (skip, key))
        continue;

      if (change->base_json != NULL)
        previous = json_from_string (change->base_json, NULL);
      if (record->deleted && change->entity == BIE_ENTITY_PERSON)
        coverage = known_coverage (store, record->uuid);
      else if (!record->deleted)
        {
          JsonObject *base = previous != NULL && JSON_NODE_HOLDS_OBJECT (previous) ?
                             json_node_get_object (previous) : NULL;

          resource = bie_fhir_from_record (uris, &resolver, change->entity, record,
                                           base, change->sector_code);
          if (change->entity == BIE_ENTITY_PERSON)
            {
              g_autoptr(JsonObject) known = known_coverage (store, record->uuid);

              coverage = bie_fhir_coverage_from_person (uris, &resolver, (BiePerson *) record, known,
                                                        change->sector_code);
            }
        }
      n_entries += coverage != NULL ? 2 : 1;
      if (n_entries > limit && batch->changes->len > 0)
        {
          unref_object (resource);
          unref_object (coverage);
          break;
        }
      g_ptr_array_add (batch->resources, resource);
      g_ptr_array_add (batch->coverages, coverage);
      g_ptr_array_add (batch->changes, g_ptr_array_steal_index (changes, i));
      i--;
    }

  return TRUE;
}
