/* bie-fhir-map.c: the records of the cache to and from FHIR R4 resources
 *
 * One resource per record, its id the record's server id (or its uuid
 * until the server has one). What goes where:
 *
 *   subred, localidad, upz, sector  Location (identifier system per level,
 *                                   partOf hierarchy, boundary GeoJSON)
 *   team                            CareTeam
 *   professional                    Practitioner
 *   household                       Group (type person, actual)
 *   person                          Patient, and a Coverage for EPS/régimen
 *   risk                            Condition
 *   care_plan                       CarePlan
 *   goal                            Goal
 *   activity                        Task (basedOn the CarePlan)
 *   encounter                       Encounter
 *   appointment                     Appointment
 *   vaccination                     Immunization
 *
 * What FHIR has no element for travels in extensions whose URL is the
 * "extension" URI + "/" + a name (see the EXT_ names in
 * bie-fhir-map-private.h).
 *
 * This file is the API: a record's identity, which record a resource
 * is, and the Coverage. The fields of each entity are mapped in
 * bie-fhir-map-write.c and bie-fhir-map-read.c, over the datatypes of
 * bie-fhir-map-json.c.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-fhir-map"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bie-fhir-map-private.h"

/* Identity */

/* The record's identity, as bie_fhir_to_record() gives it to a resource's @id. */
char *
bie_fhir_record_uuid (const char *type,
                      const char *id)
{
  if (g_uuid_string_is_valid (id))
    return g_ascii_strdown (id, -1);

  return bie_fhir_uuid_for_id (type, id);
}

const char *
bie_fhir_record_id (const BieRecord *record)
{
  return record->server_id != NULL && *record->server_id != '\0' ? record->server_id : record->uuid;
}

static const BieFhirUri location_systems[] = {
  [BIE_ENTITY_SUBRED] = BIE_FHIR_URI_SUBRED,
  [BIE_ENTITY_LOCALIDAD] = BIE_FHIR_URI_LOCALIDAD,
  [BIE_ENTITY_UPZ] = BIE_FHIR_URI_UPZ,
  [BIE_ENTITY_SECTOR] = BIE_FHIR_URI_SECTOR,
};

/* The identifier system of the Locations of @entity, a level of the
 * territory. */
const char *
bie_fhir_location_system (const BieFhirUris *uris,
                          BieEntity          entity)
{
  return bie_fhir_uris_get (uris, location_systems[entity]);
}

/* Whether @system is the identifier system of a level of the territory,
 * and which (@entity may be NULL). */
gboolean
bie_fhir_location_for_system (const BieFhirUris *uris,
                              const char        *system,
                              BieEntity         *entity)
{
  for (BieEntity e = BIE_ENTITY_SUBRED; e <= BIE_ENTITY_SECTOR; e++)
    if (g_str_equal (system, bie_fhir_location_system (uris, e)))
      {
        if (entity != NULL)
          *entity = e;
        return TRUE;
      }

  return FALSE;
}

/**
 * bie_fhir_uuid_for_id:
 * @resource_type: a FHIR resource type
 * @id: a FHIR id of that type
 *
 * The uuid a record takes when it comes from a resource whose id is not a
 * uuid: a version 5 (name-based, SHA-1) uuid of "type/id" in the URL
 * namespace of RFC 4122, so every cache derives the same one.
 *
 * Returns: (transfer full): a lowercase uuid
 */
char *
bie_fhir_uuid_for_id (const char *resource_type,
                      const char *id)
{
  static const guint8 namespace_url[16] = {
    0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
  };
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 d[20];
  gsize length = sizeof d;

  g_return_val_if_fail (resource_type != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  g_checksum_update (sha1, namespace_url, sizeof namespace_url);
  g_checksum_update (sha1, (const guchar *) resource_type, -1);
  g_checksum_update (sha1, (const guchar *) "/", 1);
  g_checksum_update (sha1, (const guchar *) id, -1);
  g_checksum_get_digest (sha1, d, &length);
  d[6] = (d[6] & 0x0f) | 0x50;
  d[8] = (d[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10],
                          d[11], d[12], d[13], d[14], d[15]);
}

/**
 * bie_fhir_coverage_id:
 * @patient_id: the FHIR id of a Patient
 *
 * Returns: (transfer full): the id of the Coverage that carries the
 *   Patient's insurance, derived from @patient_id alone
 */
char *
bie_fhir_coverage_id (const char *patient_id)
{
  g_return_val_if_fail (patient_id != NULL, NULL);

  return bie_fhir_uuid_for_id ("Coverage", patient_id);
}

const char *
bie_fhir_resource_type (BieEntity entity)
{
  g_return_val_if_fail (entity < BIE_N_ENTITIES, NULL);

  return bie_entity_info (entity)->resource;
}

/* Which record a resource is */

/* The resource's type and id, checked. */
static gboolean
read_type_and_id (const BieJsonValue  *resource,
                  const char         **type,
                  const char         **id,
                  GError             **error)
{
  *type = bie_json_value_get_string (resource, "resourceType");
  if (*type == NULL || **type == '\0' || strlen (*type) > 64)
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                   _("This is not a FHIR resource: it has no resource type."));
      return FALSE;
    }
  for (const char *p = *type; *p != '\0'; p++)
    if (!g_ascii_isalpha (*p))
      {
        g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                     _("This is not a FHIR resource: its resource type is not valid."));
        return FALSE;
      }

  if (id == NULL)
    return TRUE;

  *id = bie_json_value_get_string (resource, "id");
  if (*id == NULL || !bie_fhir_is_id (*id))
    {
      /* Translators: %s is a FHIR resource type, such as Patient */
      if (bie_json_value_member (resource, "id") == NULL)
        g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                     _("A %s resource has no id."), *type);
      else
        g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                     _("A %s resource has an id that is not valid."), *type);
      return FALSE;
    }

  return TRUE;
}

/**
 * bie_fhir_entity_for_resource:
 * @uris: the URIs to read
 * @resource: a FHIR resource
 * @entity: (out): the kind of record it maps to
 *
 * Returns: whether @resource maps to a record; if not, @error says why:
 *   BIE_FHIR_ERROR_INVALID when it is no resource, UNSUPPORTED when it is
 *   of a type (or a Location of a kind) Bienestar does not keep, Coverage
 *   included (see bie_fhir_is_coverage())
 */
gboolean
bie_fhir_entity_for_resource (const BieFhirUris   *uris,
                              const BieJsonValue  *resource,
                              BieEntity           *entity,
                              GError             **error)
{
  const char *type;

  g_return_val_if_fail (uris != NULL, FALSE);
  g_return_val_if_fail (resource != NULL, FALSE);
  g_return_val_if_fail (entity != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!read_type_and_id (resource, &type, NULL, error))
    return FALSE;

  if (g_str_equal (type, "Location"))
    {
      const BieJsonValue *identifiers = bie_json_value_get_array (resource, "identifier");

      for (guint i = 0; identifiers != NULL && i < identifiers->length; i++)
        {
          const char *system = bie_json_value_get_string (bie_json_value_element (identifiers, i),
                                                          "system");

          if (system != NULL && bie_fhir_location_for_system (uris, system, entity))
            return TRUE;
        }

      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_UNSUPPORTED,
                   _("This Location is not a subred, localidad, UPZ or sector Bienestar knows."));
      return FALSE;
    }

  for (BieEntity e = BIE_ENTITY_TEAM; e < BIE_N_ENTITIES; e++)
    if (g_str_equal (type, bie_fhir_resource_type (e)))
      {
        *entity = e;
        return TRUE;
      }

  /* Translators: %s is a FHIR resource type, such as Observation */
  g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_UNSUPPORTED,
               _("Bienestar does not keep resources of type %s."), type);
  return FALSE;
}

/* Records to resources */

/**
 * bie_fhir_from_record:
 * @uris: the URIs to write
 * @resolver: how references are written
 * @entity: the kind of @record
 * @record: a record of @entity
 * @previous: (nullable): the last version the server gave, to keep what
 *   Bienestar does not map
 * @sector_code: (nullable): the sector the record belongs to, for meta.tag
 *
 * Maps @record onto its FHIR resource. Empty fields are left out; with
 * @previous, what the mapping owns is written anew (a field cleared in the
 * record is cleared in the resource) and everything else is kept, but the
 * server's meta.versionId and meta.lastUpdated.
 *
 * Returns: (transfer full): the resource
 */
JsonObject *
bie_fhir_from_record (const BieFhirUris     *uris,
                      const BieFhirResolver *resolver,
                      BieEntity              entity,
                      gconstpointer          record,
                      JsonObject            *previous,
                      const char            *sector_code)
{
  const BieRecord *header = record;
  BieFhirWriter w = { uris, resolver, entity, NULL };

  g_return_val_if_fail (uris != NULL, NULL);
  g_return_val_if_fail (resolver != NULL && resolver->fhir_id != NULL, NULL);
  g_return_val_if_fail (entity < BIE_N_ENTITIES, NULL);
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (header->uuid != NULL, NULL);

  bie_fhir_begin_resource (&w, bie_fhir_resource_type (entity), bie_fhir_record_id (header),
                           previous, sector_code);
  bie_fhir_write_uuid_identifier (&w, header);
  bie_fhir_write_record (&w, record);

  return w.resource;
}

/* Resources to records */

/* meta.versionId and meta.lastUpdated into the record. */
static gboolean
read_meta (BieFhirReader      *r,
           const BieJsonValue *resource,
           BieRecord          *header)
{
  const BieJsonValue *meta;
  const char *version, *updated;
  g_autoptr(GDateTime) moment = NULL;

  if (!bie_fhir_get_object (r, resource, "meta", "meta", FALSE, &meta) ||
      !bie_fhir_get_string (r, meta, "versionId", "meta.versionId", FALSE, &version) ||
      !bie_fhir_get_string (r, meta, "lastUpdated", "meta.lastUpdated", FALSE, &updated))
    return FALSE;

  header->version = g_strdup (version);
  if (updated != NULL)
    {
      if (strlen (updated) > 64 || strchr (updated, 'T') == NULL ||
          (moment = g_date_time_new_from_iso8601 (updated, NULL)) == NULL)
        return bie_fhir_bad_value (r, "meta.lastUpdated");
      header->updated_at = g_date_time_to_unix (moment) * G_USEC_PER_SEC +
                           g_date_time_get_microsecond (moment);
    }

  return TRUE;
}

/* The uuid the record was given, from its identifier when it has one. */
static gboolean
read_uuid (BieFhirReader      *r,
           const BieJsonValue *resource,
           BieRecord          *header)
{
  const BieJsonValue *identifiers;

  if (!bie_fhir_get_array (r, resource, "identifier", "identifier", FALSE, &identifiers))
    return FALSE;
  for (guint i = 0; identifiers != NULL && i < identifiers->length; i++)
    {
      const BieJsonValue *identifier;
      const char *value;

      if (!bie_fhir_get_element (r, identifiers, i, "identifier", &identifier))
        return FALSE;
      if (g_strcmp0 (bie_json_value_get_string (identifier, "system"), SYSTEM_URI) != 0)
        continue;
      value = bie_json_value_get_string (identifier, "value");
      if (value == NULL || !g_str_has_prefix (value, "urn:uuid:"))
        continue;
      if (!g_uuid_string_is_valid (value + strlen ("urn:uuid:")))
        return bie_fhir_bad_value (r, "identifier");
      header->uuid = g_ascii_strdown (value + strlen ("urn:uuid:"), -1);
      return TRUE;
    }

  header->uuid = bie_fhir_record_uuid (r->type, r->id);
  return TRUE;
}

/**
 * bie_fhir_to_record:
 * @uris: the URIs to read
 * @resolver: how references are read
 * @resource: a FHIR resource, as the server sent it
 * @entity: (out): the kind of record returned
 *
 * Maps a resource onto a record: its uuid (from the id, or the identifier
 * that carries it), server id, version, update time and row id (0 for a
 * record the cache does not have yet), and its fields. A Patient's EPS and
 * régimen are left empty: they come with the Coverage.
 *
 * Fails with BIE_FHIR_ERROR_INVALID on a resource Bienestar cannot read
 * (the message names its type and id, never what it says of a person),
 * UNSUPPORTED on a type it does not keep, and NOT_FOUND when it refers to
 * a record the cache does not have (yet): try again once that arrives.
 *
 * Returns: (transfer full) (nullable): a record of *@entity
 */
gpointer
bie_fhir_to_record (const BieFhirUris      *uris,
                    const BieFhirResolver  *resolver,
                    const BieJsonValue     *resource,
                    BieEntity              *entity,
                    GError                **error)
{
  BieFhirReader r = { uris, resolver, NULL, NULL, error };
  BieEntity kind;
  BieRecord *record;

  g_return_val_if_fail (uris != NULL, NULL);
  g_return_val_if_fail (resolver != NULL && resolver->row_id != NULL, NULL);
  g_return_val_if_fail (resource != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_type_and_id (resource, &r.type, &r.id, error) ||
      !bie_fhir_entity_for_resource (uris, resource, &kind, error))
    return NULL;

  record = g_malloc0 (bie_entity_info (kind)->size);
  record->server_id = g_strdup (r.id);
  if (!read_uuid (&r, resource, record) ||
      !read_meta (&r, resource, record) ||
      !bie_fhir_read_record (&r, resource, kind, record))
    {
      bie_record_free (kind, record);
      return NULL;
    }
  record->id = resolver->row_id (resolver->user_data, kind, r.id);

  if (entity != NULL)
    *entity = kind;

  return record;
}

/* Coverage */

/**
 * bie_fhir_is_coverage:
 *
 * Returns: whether @resource is a Coverage, which is no record of its own
 *   but part of a person: bie_fhir_coverage_patient_id() says whose
 */
gboolean
bie_fhir_is_coverage (const BieJsonValue *resource)
{
  g_return_val_if_fail (resource != NULL, FALSE);

  return g_strcmp0 (bie_json_value_get_string (resource, "resourceType"), "Coverage") == 0;
}

/**
 * bie_fhir_coverage_from_person:
 * @previous: (nullable): the last version the server gave
 * @sector_code: (nullable): the sector of the person's household
 *
 * The person's insurance (EPS as the payor, régimen as the type), with the
 * id bie_fhir_coverage_id() gives the person's FHIR id. A person with no
 * EPS pays for themself: the payor is then the Patient. A person with
 * neither EPS nor régimen whose Coverage the server has (@previous) gets
 * it cancelled.
 *
 * Returns: (transfer full) (nullable): the Coverage; %NULL when the person
 *   has neither EPS nor régimen and the server no Coverage of theirs
 */
JsonObject *
bie_fhir_coverage_from_person (const BieFhirUris     *uris,
                               const BieFhirResolver *resolver,
                               const BiePerson       *person,
                               JsonObject            *previous,
                               const char            *sector_code)
{
  BieFhirWriter w = { uris, resolver, BIE_N_ENTITIES, NULL };
  const char *patient_id;
  g_autofree char *id = NULL;
  g_autofree char *patient_reference = NULL;
  JsonObject *payor, *beneficiary;
  gboolean insured;

  g_return_val_if_fail (uris != NULL, NULL);
  g_return_val_if_fail (person != NULL && person->record.uuid != NULL, NULL);

  insured = !bie_fhir_is_blank (person->eps_code) || !bie_fhir_is_blank (person->regimen);
  if (!insured && previous == NULL)
    return NULL;

  patient_id = bie_fhir_record_id (&person->record);
  id = bie_fhir_coverage_id (patient_id);
  bie_fhir_begin_resource (&w, "Coverage", id, previous, sector_code);

  json_object_set_string_member (w.resource, "status", insured ? "active" : "cancelled");
  beneficiary = bie_fhir_reference_new ("Patient", patient_id);
  json_object_set_object_member (w.resource, "beneficiary", beneficiary);
  if (!bie_fhir_is_blank (person->regimen))
    {
      const char *system = bie_fhir_uris_get (uris, BIE_FHIR_URI_REGIMEN);

      json_object_set_object_member (w.resource, "type",
                                     bie_fhir_concept_new (system, person->regimen));
    }
  if (!bie_fhir_is_blank (person->eps_code))
    {
      JsonObject *identifier = json_object_new ();

      payor = json_object_new ();
      json_object_set_string_member (identifier, "system",
                                     bie_fhir_uris_get (uris, BIE_FHIR_URI_EPS));
      json_object_set_string_member (identifier, "value", person->eps_code);
      json_object_set_object_member (payor, "identifier", identifier);
    }
  else
    {
      payor = bie_fhir_reference_new ("Patient", patient_id);
    }
  json_array_add_object_element (bie_json_array_member (w.resource, "payor"), payor);

  return w.resource;
}

static gboolean
read_coverage_beneficiary (BieFhirReader       *r,
                           const BieJsonValue  *coverage,
                           char               **patient_id)
{
  const BieJsonValue *beneficiary;
  g_autofree char *type = NULL;

  if (!bie_fhir_get_object (r, coverage, "beneficiary", "beneficiary", TRUE, &beneficiary) ||
      !bie_fhir_read_reference_id (r, beneficiary, "beneficiary", &type, patient_id))
    return FALSE;
  if (type != NULL && !g_str_equal (type, "Patient"))
    return bie_fhir_bad_value (r, "beneficiary");

  return TRUE;
}

static gboolean
begin_coverage (BieFhirReader       *r,
                const BieJsonValue  *coverage,
                GError             **error)
{
  if (!read_type_and_id (coverage, &r->type, &r->id, error))
    return FALSE;
  if (!g_str_equal (r->type, "Coverage"))
    {
      /* Translators: %s is a FHIR resource type, such as Patient */
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                   _("A %s resource came where a Coverage was expected."), r->type);
      return FALSE;
    }

  return TRUE;
}

/**
 * bie_fhir_coverage_patient_id:
 *
 * Returns: (transfer full) (nullable): the FHIR id of the Patient whose
 *   Coverage @coverage is; %NULL with @error set when it cannot be read
 */
char *
bie_fhir_coverage_patient_id (const BieJsonValue  *coverage,
                              GError             **error)
{
  BieFhirReader r = { bie_fhir_uris_default (), NULL, NULL, NULL, error };
  char *patient_id = NULL;

  g_return_val_if_fail (coverage != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!begin_coverage (&r, coverage, error) ||
      !read_coverage_beneficiary (&r, coverage, &patient_id))
    g_clear_pointer (&patient_id, g_free);

  return patient_id;
}

/**
 * bie_fhir_apply_coverage:
 * @coverage: a Coverage of the person
 * @person: the person, whose EPS and régimen it sets
 *
 * Sets the EPS and régimen of @person from @coverage (to none when the
 * Coverage is cancelled). Fails, changing nothing, when @coverage cannot
 * be read or is not the person's.
 *
 * Returns: whether @person was updated
 */
gboolean
bie_fhir_apply_coverage (const BieFhirUris   *uris,
                         const BieJsonValue  *coverage,
                         BiePerson           *person,
                         GError             **error)
{
  BieFhirReader r = { uris, NULL, NULL, NULL, error };
  g_autofree char *patient_id = NULL;
  const char *status, *eps = NULL, *regimen = NULL;
  const BieJsonValue *payors;

  g_return_val_if_fail (uris != NULL, FALSE);
  g_return_val_if_fail (coverage != NULL, FALSE);
  g_return_val_if_fail (person != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!begin_coverage (&r, coverage, error) ||
      !read_coverage_beneficiary (&r, coverage, &patient_id) ||
      !bie_fhir_get_string (&r, coverage, "status", "status", TRUE, &status))
    return FALSE;
  if (g_strcmp0 (patient_id, bie_fhir_record_id (&person->record)) != 0)
    {
      /* Translators: %s is the id of a FHIR Coverage (insurance) */
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                   _("The Coverage “%s” is not of the person it was given for."), r.id);
      return FALSE;
    }

  if (!bie_fhir_get_array (&r, coverage, "payor", "payor", TRUE, &payors))
    return FALSE;
  for (guint i = 0; eps == NULL && i < payors->length; i++)
    {
      const BieJsonValue *payor, *identifier;
      const char *system;

      if (!bie_fhir_get_element (&r, payors, i, "payor", &payor) ||
          !bie_fhir_get_object (&r, payor, "identifier", "payor.identifier", FALSE, &identifier) ||
          !bie_fhir_get_string (&r, identifier, "system", "payor.identifier", FALSE, &system))
        return FALSE;
      if (g_strcmp0 (system, bie_fhir_uris_get (uris, BIE_FHIR_URI_EPS)) == 0 &&
          !bie_fhir_get_string (&r, identifier, "value", "payor.identifier", TRUE, &eps))
        return FALSE;
    }
  if (!bie_fhir_get_concept_code (&r, coverage, "type",
                                  bie_fhir_uris_get (uris, BIE_FHIR_URI_REGIMEN), FALSE, &regimen))
    return FALSE;

  if (g_str_equal (status, "cancelled") || g_str_equal (status, "entered-in-error"))
    eps = regimen = NULL;

  g_free (person->eps_code);
  person->eps_code = g_strdup (eps);
  g_free (person->regimen);
  person->regimen = g_strdup (regimen);

  return TRUE;
}
