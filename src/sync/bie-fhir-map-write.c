/* bie-fhir-map-write.c: records to FHIR resources
 *
 * Writing over a previous version: every element the mapping owns is
 * removed from a copy of it and written again, the rest is kept, so what
 * the server holds that Bienestar does not know survives an update.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-fhir-map"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bie-fhir-map-private.h"

/* What the mapping of an entity writes, and so removes from a previous
 * version before writing: top-level elements ("name[x]" for every choice
 * of a choice element) and extensions (a name, or an absolute URL).
 * Identifiers and telecoms are owned entry by entry (identifier_is_ours). */
typedef struct
{
  const char *elements[12];
  const char *extensions[6];
} Owned;

#define LOCATION_ELEMENTS "name", "status", "mode", "physicalType", "partOf"

static const Owned owned[BIE_N_ENTITIES] = {
  [BIE_ENTITY_SUBRED] = { { LOCATION_ELEMENTS }, { NULL } },
  [BIE_ENTITY_LOCALIDAD] = { { LOCATION_ELEMENTS }, { BIE_FHIR_EXT_BOUNDARY } },
  [BIE_ENTITY_UPZ] = { { LOCATION_ELEMENTS }, { NULL } },
  [BIE_ENTITY_SECTOR] = { { LOCATION_ELEMENTS },
                          { EXT_LOCALIDAD, EXT_GENERATED, BIE_FHIR_EXT_BOUNDARY } },
  [BIE_ENTITY_TEAM] = { { "name", "status" }, { EXT_SUBRED } },
  [BIE_ENTITY_PROFESSIONAL] = { { "name", "qualification" }, { EXT_TEAM } },
  [BIE_ENTITY_HOUSEHOLD] = { { "type", "actual" }, { EXT_ADDRESS, EXT_SECTOR, EXT_STRATUM } },
  [BIE_ENTITY_PERSON] = { { "name", "gender", "birthDate" }, { EXT_HOUSEHOLD, EXT_RELATIONSHIP } },
  [BIE_ENTITY_RISK] = { { "subject", "code", "clinicalStatus", "onset[x]", "abatement[x]", "note" },
                        { EXT_HOUSEHOLD, EXT_RISK_STATUS, EXT_MANAGED_ON } },
  [BIE_ENTITY_CARE_PLAN] = { { "status", "intent", "subject", "created", "author" }, { NULL } },
  [BIE_ENTITY_GOAL] = { { "lifecycleStatus", "achievementStatus", "description", "subject",
                          "target", "addresses" },
                        { EXT_CARE_PLAN } },
  [BIE_ENTITY_ACTIVITY] = { { "status", "businessStatus", "statusReason", "intent", "code",
                              "basedOn", "focus", "for", "owner", "executionPeriod" },
                            { NULL } },
  [BIE_ENTITY_ENCOUNTER] = { { "status", "class", "type", "subject", "participant", "period" },
                             { EXT_PARTICIPANT, EXT_NOTES } },
  [BIE_ENTITY_APPOINTMENT] = { { "status", "serviceType", "created", "start", "end",
                                 "participant", "comment" },
                               { EXT_HOUSEHOLD, EXT_OUTCOME, EXT_BARRIER, EXT_ASSIGNED_ON,
                                 EXT_ATTENDED_ON } },
  [BIE_ENTITY_VACCINATION] = { { "status", "vaccineCode", "patient", "occurrence[x]",
                                 "protocolApplied" },
                               { NULL } },
};

static const Owned coverage_owned = { { "status", "beneficiary", "payor", "type" }, { NULL } };

static gboolean
is_location (BieEntity entity)
{
  return entity <= BIE_ENTITY_SECTOR;
}

static const Owned *
writer_owned (BieFhirWriter *w)
{
  return w->entity < BIE_N_ENTITIES ? &owned[w->entity] : &coverage_owned;
}

/* Removing what the mapping owns from a previous version */

static gboolean
is_choice_of (const char *member_name,
              const char *choice)
{
  gsize length = strlen (choice) - strlen ("[x]");

  if (member_name[0] == '_')
    member_name++;

  return strncmp (member_name, choice, length) == 0 && g_ascii_isupper (member_name[length]);
}

static void
remove_owned_elements (JsonObject  *resource,
                       const Owned *spec)
{
  g_autoptr(GList) names = json_object_get_members (resource);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const char *plain = name[0] == '_' ? name + 1 : name;

      for (guint i = 0; i < G_N_ELEMENTS (spec->elements) && spec->elements[i] != NULL; i++)
        {
          const char *owned_name = spec->elements[i];

          if (g_str_has_suffix (owned_name, "[x]") ? is_choice_of (name, owned_name)
                                                   : g_str_equal (plain, owned_name))
            {
              json_object_remove_member (resource, name);
              break;
            }
        }
    }
}

typedef gboolean (*EntryIsOurs) (BieFhirWriter *w,
                                 JsonObject    *entry);

/* Drops the entries of the array @name that @is_ours (and any that is not
 * an object: FHIR has none such), the array itself when none is left. */
static void
remove_entries (BieFhirWriter *w,
                JsonObject    *object,
                const char    *name,
                EntryIsOurs    is_ours)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array;

  if (node == NULL)
    return;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      json_object_remove_member (object, name);
      return;
    }

  array = json_node_get_array (node);
  for (guint i = json_array_get_length (array); i-- > 0;)
    {
      JsonNode *entry = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (entry) || is_ours (w, json_node_get_object (entry)))
        json_array_remove_element (array, i);
    }
  if (json_array_get_length (array) == 0)
    json_object_remove_member (object, name);
}

/* A member is ours to list or not when the cache has the person: who
 * lives in a household is the cache's to say for the persons it has,
 * and members it has never heard of stay. */
static gboolean
member_is_ours (BieFhirWriter *w,
                JsonObject    *member)
{
  const char *text = bie_json_get_string (bie_json_get_object (member, "entity"), "reference");
  g_autofree char *type = NULL;
  g_autofree char *id = NULL;

  return text != NULL && bie_fhir_parse_reference (text, &type, &id) &&
         g_strcmp0 (type, "Patient") == 0 &&
         w->resolver->row_id (w->resolver->user_data, BIE_ENTITY_PERSON, id) != 0;
}

/* A household's Group lists its members, as Group.member does. */
static void
write_members (BieFhirWriter      *w,
               const BieHousehold *household)
{
  g_autoptr(GArray) members = NULL;

  if (w->resolver->members == NULL || household->record.id == 0 ||
      (members = w->resolver->members (w->resolver->user_data, household->record.id)) == NULL)
    return;

  remove_entries (w, w->resource, "member", member_is_ours);
  for (guint i = 0; i < members->len; i++)
    {
      JsonObject *member = json_object_new ();

      bie_fhir_set_reference (w, member, "entity", BIE_ENTITY_PERSON, g_array_index (members, gint64, i));
      json_array_add_object_element (bie_json_array_member (w->resource, "member"), member);
    }
}

static gboolean
extension_is_ours (BieFhirWriter *w,
                   JsonObject    *extension)
{
  const Owned *spec = writer_owned (w);
  const char *url = bie_json_get_string (extension, "url");

  if (url == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (spec->extensions) && spec->extensions[i] != NULL; i++)
    if (bie_fhir_is_extension (w->uris, url, spec->extensions[i]))
      return TRUE;

  return FALSE;
}

static gboolean
identifier_is_ours (BieFhirWriter *w,
                    JsonObject    *identifier)
{
  const char *system = bie_json_get_string (identifier, "system");
  const char *value = bie_json_get_string (identifier, "value");

  if (system == NULL || w->entity == BIE_N_ENTITIES)
    return FALSE;
  /* The record's uuid, when its id is not (see bie_fhir_write_uuid_identifier). */
  if (g_str_equal (system, SYSTEM_URI) && value != NULL && g_str_has_prefix (value, "urn:uuid:"))
    return TRUE;
  if (is_location (w->entity))
    return bie_fhir_location_for_system (w->uris, system, NULL);
  if (w->entity == BIE_ENTITY_PERSON || w->entity == BIE_ENTITY_PROFESSIONAL)
    return bie_fhir_is_document_system (w->uris, system);

  return FALSE;
}

static gboolean
telecom_is_ours (BieFhirWriter *w,
                 JsonObject    *telecom)
{
  return w->entity == BIE_ENTITY_PERSON &&
         g_strcmp0 (bie_json_get_string (telecom, "system"), "phone") == 0;
}

static gboolean
tag_is_ours (BieFhirWriter *w,
             JsonObject    *tag)
{
  return g_strcmp0 (bie_json_get_string (tag, "system"),
                    bie_fhir_uris_get (w->uris, BIE_FHIR_URI_SECTOR_TAG)) == 0;
}

/* The start of a resource: a copy of @previous without what the mapping
 * owns, or a new one; its type, id and meta. */
JsonObject *
bie_fhir_begin_resource (BieFhirWriter *w,
                         const char    *type,
                         const char    *id,
                         JsonObject    *previous,
                         const char    *sector_code)
{
  JsonObject *resource;
  JsonObject *meta;

  if (previous != NULL && g_strcmp0 (bie_json_get_string (previous, "resourceType"), type) != 0)
    {
      g_warning ("The previous version of a %s is a %s: not kept", type,
                 bie_json_get_string (previous, "resourceType") ?: "(no type)");
      previous = NULL;
    }

  if (previous != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), previous);
      g_autoptr(JsonNode) copy = bie_json_deep_copy (node);

      resource = json_object_ref (json_node_get_object (copy));
    }
  else
    {
      resource = json_object_new ();
    }
  w->resource = resource;

  json_object_set_string_member (resource, "resourceType", type);
  json_object_set_string_member (resource, "id", id);

  meta = bie_json_get_object (resource, "meta");
  if (meta == NULL)
    {
      meta = json_object_new ();
      json_object_set_object_member (resource, "meta", meta);
    }
  /* The server's to set. */
  json_object_remove_member (meta, "versionId");
  json_object_remove_member (meta, "lastUpdated");
  remove_entries (w, meta, "tag", tag_is_ours);
  if (!bie_fhir_is_blank (sector_code))
    {
      const char *system = bie_fhir_uris_get (w->uris, BIE_FHIR_URI_SECTOR_TAG);

      json_array_add_object_element (bie_json_array_member (meta, "tag"),
                                     bie_fhir_coding_new (system, sector_code));
    }
  if (json_object_get_size (meta) == 0)
    json_object_remove_member (resource, "meta");

  if (previous != NULL)
    {
      remove_owned_elements (resource, writer_owned (w));
      remove_entries (w, resource, "extension", extension_is_ours);
      remove_entries (w, resource, "identifier", identifier_is_ours);
      if (w->entity == BIE_ENTITY_PERSON)
        remove_entries (w, resource, "telecom", telecom_is_ours);
    }

  return resource;
}

static void
add_identifier (BieFhirWriter *w,
                const char    *system,
                const char    *value)
{
  JsonObject *identifier;

  if (bie_fhir_is_blank (value))
    return;

  identifier = json_object_new ();
  json_object_set_string_member (identifier, "system", system);
  json_object_set_string_member (identifier, "value", value);
  json_array_add_object_element (bie_json_array_member (w->resource, "identifier"), identifier);
}

/* A record whose id is not its uuid, and whose uuid cannot be derived from
 * the id, says its uuid in an identifier, so it keeps it across caches. */
void
bie_fhir_write_uuid_identifier (BieFhirWriter   *w,
                                const BieRecord *record)
{
  const char *id = bie_fhir_record_id (record);
  g_autofree char *derived = bie_fhir_record_uuid (bie_fhir_resource_type (w->entity), id);
  g_autofree char *value = NULL;

  if (record->uuid == NULL || g_str_equal (derived, record->uuid))
    return;

  value = g_strconcat ("urn:uuid:", record->uuid, NULL);
  add_identifier (w, SYSTEM_URI, value);
}

/* An Extension for a day as Appointment.start/end want: an instant. */
static char *
day_instant (const char *day,
             const char *time)
{
  return g_strconcat (day, "T", time, BOGOTA_OFFSET, NULL);
}

/* The mappings, record to resource */

static void
write_location (BieFhirWriter *w,
                const char    *code,
                const char    *name,
                const char    *physical_type,
                BieEntity      parent_entity,
                gint64         parent_id)
{
  JsonObject *concept;

  add_identifier (w, bie_fhir_location_system (w->uris, w->entity), code);
  bie_fhir_set_string (w->resource, "name", name);
  json_object_set_string_member (w->resource, "status", "active");
  json_object_set_string_member (w->resource, "mode", "instance");
  concept = bie_fhir_concept_new (SYSTEM_PHYSICAL_TYPE, physical_type);
  json_object_set_object_member (w->resource, "physicalType", concept);
  bie_fhir_set_reference (w, w->resource, "partOf", parent_entity, parent_id);
}

static void
write_boundary (BieFhirWriter *w,
                const char    *geometry)
{
  JsonObject *attachment;
  g_autofree char *data = NULL;

  if (bie_fhir_is_blank (geometry))
    return;

  attachment = json_object_new ();
  data = g_base64_encode ((const guchar *) geometry, strlen (geometry));
  json_object_set_string_member (attachment, "contentType", "application/geo+json");
  json_object_set_string_member (attachment, "data", data);
  bie_fhir_add_extension_object (w, BIE_FHIR_EXT_BOUNDARY, "valueAttachment", attachment);
}

/* The fields of @record, a record of w->entity, into w->resource. */
void
bie_fhir_write_record (BieFhirWriter *w,
                       gconstpointer  record)
{
  switch (w->entity)
    {
    case BIE_ENTITY_SUBRED:
      {
        const BieSubred *subred = record;

        write_location (w, subred->code, subred->name, "jdn", BIE_ENTITY_SUBRED, 0);
        break;
      }

    case BIE_ENTITY_LOCALIDAD:
      {
        const BieLocalidad *localidad = record;

        write_location (w, localidad->code, localidad->name, "jdn",
                        BIE_ENTITY_SUBRED, localidad->subred_id);
        write_boundary (w, localidad->geometry);
        break;
      }

    case BIE_ENTITY_UPZ:
      {
        const BieUpz *upz = record;

        write_location (w, upz->code, upz->name, "area", BIE_ENTITY_LOCALIDAD, upz->localidad_id);
        break;
      }

    case BIE_ENTITY_SECTOR:
      {
        const BieSector *sector = record;

        /* partOf the UPZ when it has one, and then the localidad too. */
        if (sector->upz_id != 0)
          {
            write_location (w, sector->code, sector->name, "area", BIE_ENTITY_UPZ, sector->upz_id);
            bie_fhir_add_extension_reference (w, EXT_LOCALIDAD, BIE_ENTITY_LOCALIDAD,
                                              sector->localidad_id);
          }
        else
          {
            write_location (w, sector->code, sector->name, "area",
                            BIE_ENTITY_LOCALIDAD, sector->localidad_id);
          }
        write_boundary (w, sector->geometry);
        if (sector->generated)
          bie_fhir_add_extension (w, w->resource, EXT_GENERATED, "valueBoolean",
                                  json_node_init_boolean (json_node_alloc (), TRUE));
        break;
      }

    case BIE_ENTITY_TEAM:
      {
        const BieTeam *team = record;

        bie_fhir_set_string (w->resource, "name", team->name);
        json_object_set_string_member (w->resource, "status", "active");
        bie_fhir_add_extension_reference (w, EXT_SUBRED, BIE_ENTITY_SUBRED, team->subred_id);
        break;
      }

    case BIE_ENTITY_PROFESSIONAL:
      {
        const BieProfessional *professional = record;
        g_autofree char *system = NULL;

        if (!bie_fhir_is_blank (professional->document_type))
          {
            system = g_strconcat (bie_fhir_uris_get (w->uris, BIE_FHIR_URI_DOCUMENT_TYPE), "/",
                                  professional->document_type, NULL);
            add_identifier (w, system, professional->document_number);
          }
        if (!bie_fhir_is_blank (professional->name))
          {
            JsonObject *name = json_object_new ();

            json_object_set_string_member (name, "text", professional->name);
            json_array_add_object_element (bie_json_array_member (w->resource, "name"), name);
          }
        if (!bie_fhir_is_blank (professional->profession))
          {
            const char *professions = bie_fhir_uris_get (w->uris, BIE_FHIR_URI_PROFESSION);
            JsonObject *qualification = json_object_new ();

            json_object_set_object_member (qualification, "code",
                                           bie_fhir_concept_new (professions,
                                                                 professional->profession));
            json_array_add_object_element (bie_json_array_member (w->resource, "qualification"),
                                           qualification);
          }
        bie_fhir_add_extension_reference (w, EXT_TEAM, BIE_ENTITY_TEAM, professional->team_id);
        break;
      }

    case BIE_ENTITY_HOUSEHOLD:
      {
        const BieHousehold *household = record;

        json_object_set_string_member (w->resource, "type", "person");
        json_object_set_boolean_member (w->resource, "actual", TRUE);
        /* (0, 0) is no location; the address is there whenever either is. */
        if (!bie_fhir_is_blank (household->address) || household->lon != 0 || household->lat != 0)
          {
            JsonObject *address = json_object_new ();

            bie_fhir_set_string (address, "text", household->address);
            if ((household->lon != 0 || household->lat != 0) &&
                isfinite (household->lon) && isfinite (household->lat))
              {
                JsonObject *geolocation = json_object_new ();
                JsonArray *parts = json_array_new ();
                JsonObject *part;

                part = json_object_new ();
                json_object_set_string_member (part, "url", "latitude");
                json_object_set_double_member (part, "valueDecimal", household->lat);
                json_array_add_object_element (parts, part);
                part = json_object_new ();
                json_object_set_string_member (part, "url", "longitude");
                json_object_set_double_member (part, "valueDecimal", household->lon);
                json_array_add_object_element (parts, part);
                json_object_set_string_member (geolocation, "url", BIE_FHIR_EXT_GEOLOCATION);
                json_object_set_array_member (geolocation, "extension", parts);
                json_array_add_object_element (bie_json_array_member (address, "extension"),
                                               geolocation);
              }
            if (json_object_get_size (address) > 0)
              bie_fhir_add_extension_object (w, EXT_ADDRESS, "valueAddress", address);
            else
              json_object_unref (address);
          }
        bie_fhir_add_extension_reference (w, EXT_SECTOR, BIE_ENTITY_SECTOR, household->sector_id);
        if (household->stratum != 0)
          bie_fhir_add_extension (w, w->resource, EXT_STRATUM, "valueInteger",
                                  json_node_init_int (json_node_alloc (), household->stratum));
        write_members (w, household);
        break;
      }

    case BIE_ENTITY_PERSON:
      {
        const BiePerson *person = record;
        static const char *const genders[][2] = {
          { "F", "female" }, { "M", "male" }, { "I", "other" },
        };
        JsonObject *name;

        if (!bie_fhir_is_blank (person->document_type))
          {
            const char *base = bie_fhir_uris_get (w->uris, BIE_FHIR_URI_DOCUMENT_TYPE);
            g_autofree char *system = g_strconcat (base, "/", person->document_type, NULL);

            add_identifier (w, system, person->document_number);
          }
        name = json_object_new ();
        bie_fhir_set_string (name, "family", person->family_names);
        if (!bie_fhir_is_blank (person->given_names))
          json_array_add_string_element (bie_json_array_member (name, "given"),
                                         person->given_names);
        if (json_object_get_size (name) > 0)
          json_array_add_object_element (bie_json_array_member (w->resource, "name"), name);
        else
          json_object_unref (name);
        for (guint i = 0; i < G_N_ELEMENTS (genders); i++)
          if (g_strcmp0 (person->sex, genders[i][0]) == 0)
            json_object_set_string_member (w->resource, "gender", genders[i][1]);
        bie_fhir_set_string (w->resource, "birthDate", person->birth_date);
        if (!bie_fhir_is_blank (person->phone))
          {
            JsonObject *telecom = json_object_new ();
            JsonArray *telecoms = bie_json_array_member (w->resource, "telecom");

            json_object_set_string_member (telecom, "system", "phone");
            json_object_set_string_member (telecom, "value", person->phone);
            /* Ours first: it is the one read back. */
            json_array_add_object_element (telecoms, telecom);
            for (guint i = json_array_get_length (telecoms) - 1; i > 0; i--)
              {
                JsonNode *other = json_node_ref (json_array_get_element (telecoms, 0));

                json_array_remove_element (telecoms, 0);
                json_array_add_element (telecoms, other);
              }
          }
        bie_fhir_add_extension_reference (w, EXT_HOUSEHOLD, BIE_ENTITY_HOUSEHOLD,
                                          person->household_id);
        bie_fhir_add_extension_coding (w, EXT_RELATIONSHIP, BIE_FHIR_URI_RELATIONSHIP,
                                       person->relationship);
        break;
      }

    case BIE_ENTITY_RISK:
      {
        const BieRisk *risk = record;
        /* An abated Condition is resolved (con-4), whatever the exact
         * status, which its own extension carries. */
        const char *clinical = g_strcmp0 (risk->status, "closed") == 0 ||
                               !bie_fhir_is_blank (risk->closed_on) ? "resolved" : "active";

        if (risk->person_id != 0)
          {
            bie_fhir_set_reference (w, w->resource, "subject", BIE_ENTITY_PERSON, risk->person_id);
            bie_fhir_add_extension_reference (w, EXT_HOUSEHOLD, BIE_ENTITY_HOUSEHOLD,
                                              risk->household_id);
          }
        else
          {
            bie_fhir_set_reference (w, w->resource, "subject", BIE_ENTITY_HOUSEHOLD,
                                    risk->household_id);
          }
        bie_fhir_set_concept (w->resource, "code", bie_fhir_uris_get (w->uris, BIE_FHIR_URI_RISK),
                              risk->code);
        if (!bie_fhir_is_blank (risk->status))
          bie_fhir_set_concept (w->resource, "clinicalStatus", SYSTEM_CLINICAL, clinical);
        bie_fhir_add_extension_coding (w, EXT_RISK_STATUS, BIE_FHIR_URI_RISK_STATUS, risk->status);
        bie_fhir_set_string (w->resource, "onsetDateTime", risk->identified_on);
        bie_fhir_add_extension_string (w, EXT_MANAGED_ON, "valueDate", risk->managed_on);
        bie_fhir_set_string (w->resource, "abatementDateTime", risk->closed_on);
        if (!bie_fhir_is_blank (risk->notes))
          {
            JsonObject *note = json_object_new ();

            json_object_set_string_member (note, "text", risk->notes);
            json_array_add_object_element (bie_json_array_member (w->resource, "note"), note);
          }
        break;
      }

    case BIE_ENTITY_CARE_PLAN:
      {
        const BieCarePlan *plan = record;
        const char *status = plan->status;

        if (g_strcmp0 (status, "cancelled") == 0)
          status = "revoked";
        bie_fhir_set_string (w->resource, "status", status);
        json_object_set_string_member (w->resource, "intent", "plan");
        bie_fhir_set_reference (w, w->resource, "subject", BIE_ENTITY_HOUSEHOLD,
                                plan->household_id);
        bie_fhir_set_string (w->resource, "created", plan->agreed_on);
        bie_fhir_set_reference (w, w->resource, "author", BIE_ENTITY_PROFESSIONAL,
                                plan->professional_id);
        break;
      }

    case BIE_ENTITY_GOAL:
      {
        const BieGoal *goal = record;
        const char *status = goal->status;

        if (g_strcmp0 (status, "achieved") == 0)
          {
            status = "completed";
            json_object_set_object_member (w->resource, "achievementStatus",
                                           bie_fhir_concept_new (SYSTEM_ACHIEVEMENT, "achieved"));
          }
        bie_fhir_set_string (w->resource, "lifecycleStatus", status);
        if (!bie_fhir_is_blank (goal->description))
          {
            JsonObject *description = json_object_new ();

            json_object_set_string_member (description, "text", goal->description);
            json_object_set_object_member (w->resource, "description", description);
          }
        /* FHIR wants a subject: the plan's household. */
        if (goal->plan_id != 0 && w->resolver->load != NULL)
          {
            BieCarePlan *plan = w->resolver->load (w->resolver->user_data, BIE_ENTITY_CARE_PLAN,
                                                   goal->plan_id);

            if (plan != NULL)
              bie_fhir_set_reference (w, w->resource, "subject", BIE_ENTITY_HOUSEHOLD,
                                      plan->household_id);
            bie_record_free (BIE_ENTITY_CARE_PLAN, plan);
          }
        if (!json_object_has_member (w->resource, "subject"))
          g_warning ("A Goal written without its subject, which FHIR requires: "
                     "the resolver cannot load its care plan");
        if (!bie_fhir_is_blank (goal->target_date))
          {
            JsonObject *target = json_object_new ();

            json_object_set_string_member (target, "dueDate", goal->target_date);
            json_array_add_object_element (bie_json_array_member (w->resource, "target"), target);
          }
        bie_fhir_add_reference (w, w->resource, "addresses", BIE_ENTITY_RISK, goal->risk_id);
        bie_fhir_add_extension_reference (w, EXT_CARE_PLAN, BIE_ENTITY_CARE_PLAN, goal->plan_id);
        break;
      }

    case BIE_ENTITY_ACTIVITY:
      {
        static const char *const statuses[][2] = {
          { "planned", "draft" }, { "scheduled", "requested" }, { "in-progress", "in-progress" },
          { "done", "completed" }, { "cancelled", "cancelled" }, { "not-done", "failed" },
        };
        const BieActivity *activity = record;
        const char *status = NULL;

        for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
          if (g_strcmp0 (activity->status, statuses[i][0]) == 0)
            status = statuses[i][1];
        /* An unknown status cannot be said in Task.status; the exact one
         * is in businessStatus anyway. */
        json_object_set_string_member (w->resource, "status", status ?: "draft");
        bie_fhir_set_concept (w->resource, "businessStatus",
                              bie_fhir_uris_get (w->uris, BIE_FHIR_URI_ACTIVITY_STATUS),
                              activity->status);
        if (!bie_fhir_is_blank (activity->status_reason))
          {
            JsonObject *reason = json_object_new ();

            json_object_set_string_member (reason, "text", activity->status_reason);
            json_object_set_object_member (w->resource, "statusReason", reason);
          }
        json_object_set_string_member (w->resource, "intent", "plan");
        bie_fhir_set_concept (w->resource, "code",
                              bie_fhir_uris_get (w->uris, BIE_FHIR_URI_ACTIVITY_KIND),
                              activity->kind);
        bie_fhir_add_reference (w, w->resource, "basedOn", BIE_ENTITY_CARE_PLAN, activity->plan_id);
        bie_fhir_set_reference (w, w->resource, "focus", BIE_ENTITY_GOAL, activity->goal_id);
        if (activity->person_id != 0)
          {
            bie_fhir_set_reference (w, w->resource, "for", BIE_ENTITY_PERSON, activity->person_id);
          }
        else if (activity->plan_id != 0 && w->resolver->load != NULL)
          {
            /* For the whole family: the plan's household. */
            BieCarePlan *plan = w->resolver->load (w->resolver->user_data, BIE_ENTITY_CARE_PLAN,
                                                   activity->plan_id);

            if (plan != NULL)
              bie_fhir_set_reference (w, w->resource, "for", BIE_ENTITY_HOUSEHOLD,
                                      plan->household_id);
            bie_record_free (BIE_ENTITY_CARE_PLAN, plan);
          }
        bie_fhir_set_reference (w, w->resource, "owner", BIE_ENTITY_PROFESSIONAL,
                                activity->professional_id);
        if (!bie_fhir_is_blank (activity->start_date) || !bie_fhir_is_blank (activity->end_date))
          {
            JsonObject *period = json_object_new ();

            bie_fhir_set_string (period, "start", activity->start_date);
            bie_fhir_set_string (period, "end", activity->end_date);
            json_object_set_object_member (w->resource, "executionPeriod", period);
          }
        break;
      }

    case BIE_ENTITY_ENCOUNTER:
      {
        const BieEncounter *encounter = record;
        const char *class_code = g_strcmp0 (encounter->kind, "call") == 0 ? "VR" : "HH";

        json_object_set_string_member (w->resource, "status", "finished");
        json_object_set_object_member (w->resource, "class",
                                       bie_fhir_coding_new (SYSTEM_ACT_CODE, class_code));
        if (!bie_fhir_is_blank (encounter->kind))
          {
            const char *system = bie_fhir_uris_get (w->uris, BIE_FHIR_URI_ENCOUNTER_KIND);

            json_array_add_object_element (bie_json_array_member (w->resource, "type"),
                                           bie_fhir_concept_new (system, encounter->kind));
          }
        bie_fhir_set_reference (w, w->resource, "subject", BIE_ENTITY_HOUSEHOLD,
                                encounter->household_id);
        if (encounter->professional_id != 0)
          {
            JsonObject *participant = json_object_new ();

            bie_fhir_set_reference (w, participant, "individual", BIE_ENTITY_PROFESSIONAL,
                                    encounter->professional_id);
            if (json_object_get_size (participant) > 0)
              json_array_add_object_element (bie_json_array_member (w->resource, "participant"),
                                             participant);
            else
              json_object_unref (participant);
          }
        if (!bie_fhir_is_blank (encounter->date))
          {
            JsonObject *period = json_object_new ();

            json_object_set_string_member (period, "start", encounter->date);
            json_object_set_object_member (w->resource, "period", period);
          }
        if (!bie_fhir_is_blank (encounter->participants))
          {
            g_auto(GStrv) uuids = g_strsplit (encounter->participants, ",", -1);

            for (guint i = 0; uuids[i] != NULL; i++)
              {
                g_autofree char *uuid = g_ascii_strdown (g_strstrip (uuids[i]), -1);
                g_autofree char *fhir_id = NULL;

                if (*uuid == '\0')
                  continue;
                /* The persons present are uuids: a person the server knows
                 * by another id is referred to by that. */
                if (w->resolver->load_by_uuid != NULL)
                  {
                    BiePerson *person = w->resolver->load_by_uuid (w->resolver->user_data,
                                                                   BIE_ENTITY_PERSON, uuid);

                    if (person != NULL)
                      fhir_id = g_strdup (bie_fhir_record_id (&person->record));
                    bie_record_free (BIE_ENTITY_PERSON, person);
                  }
                bie_fhir_add_extension_object (w, EXT_PARTICIPANT, "valueReference",
                                               bie_fhir_reference_new ("Patient", fhir_id ?: uuid));
              }
          }
        bie_fhir_add_extension_string (w, EXT_NOTES, "valueString", encounter->notes);
        break;
      }

    case BIE_ENTITY_APPOINTMENT:
      {
        static const char *const statuses[][2] = {
          { "pending", "proposed" }, { "assigned", "booked" }, { "attended", "fulfilled" },
          { "missed", "noshow" }, { "cancelled", "cancelled" },
        };
        const BieAppointment *appointment = record;
        const char *status = "proposed";
        const char *day = appointment->assigned_on;
        JsonObject *participant;

        for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
          if (g_strcmp0 (appointment->outcome, statuses[i][0]) == 0)
            status = statuses[i][1];
        json_object_set_string_member (w->resource, "status", status);
        bie_fhir_add_extension_coding (w, EXT_OUTCOME, BIE_FHIR_URI_APPOINTMENT_OUTCOME,
                                       appointment->outcome);
        if (!bie_fhir_is_blank (appointment->service))
          {
            const char *system = bie_fhir_uris_get (w->uris, BIE_FHIR_URI_SERVICE);

            json_array_add_object_element (bie_json_array_member (w->resource, "serviceType"),
                                           bie_fhir_concept_new (system, appointment->service));
          }
        if (!bie_fhir_is_blank (appointment->barrier))
          {
            const char *system = bie_fhir_uris_get (w->uris, BIE_FHIR_URI_BARRIER);

            bie_fhir_add_extension_object (w, EXT_BARRIER, "valueCodeableConcept",
                                           bie_fhir_concept_new (system, appointment->barrier));
          }
        bie_fhir_set_string (w->resource, "created", appointment->requested_on);
        /* Only proposed and cancelled appointments may lack start and end
         * (app-3): the day assigned, else the best day known, which the
         * assigned-on extension then does not confirm. */
        if (bie_fhir_is_blank (day) && !g_str_equal (status, "proposed") &&
            !g_str_equal (status, "cancelled"))
          day = !bie_fhir_is_blank (appointment->attended_on) ? appointment->attended_on
                                                              : appointment->requested_on;
        if (!bie_fhir_is_blank (day))
          {
            g_autofree char *start = day_instant (day, "00:00:00");
            g_autofree char *end = day_instant (day, "23:59:59");

            json_object_set_string_member (w->resource, "start", start);
            json_object_set_string_member (w->resource, "end", end);
          }
        bie_fhir_add_extension_string (w, EXT_ASSIGNED_ON, "valueDate", appointment->assigned_on);
        bie_fhir_add_extension_string (w, EXT_ATTENDED_ON, "valueDate", appointment->attended_on);
        bie_fhir_add_extension_reference (w, EXT_HOUSEHOLD, BIE_ENTITY_HOUSEHOLD,
                                          appointment->household_id);
        participant = json_object_new ();
        bie_fhir_set_reference (w, participant, "actor", BIE_ENTITY_PERSON, appointment->person_id);
        json_object_set_string_member (participant, "status", "accepted");
        json_array_add_object_element (bie_json_array_member (w->resource, "participant"),
                                       participant);
        bie_fhir_set_string (w->resource, "comment", appointment->notes);
        break;
      }

    case BIE_ENTITY_VACCINATION:
      {
        const BieVaccination *vaccination = record;

        bie_fhir_set_string (w->resource, "status", vaccination->status);
        bie_fhir_set_concept (w->resource, "vaccineCode",
                              bie_fhir_uris_get (w->uris, BIE_FHIR_URI_VACCINE),
                              vaccination->vaccine);
        bie_fhir_set_reference (w, w->resource, "patient", BIE_ENTITY_PERSON,
                                vaccination->person_id);
        /* occurrence[x] is required: a day not recorded is said so. */
        if (!bie_fhir_is_blank (vaccination->date))
          json_object_set_string_member (w->resource, "occurrenceDateTime", vaccination->date);
        else
          json_object_set_string_member (w->resource, "occurrenceString", "unknown");
        if (vaccination->dose > 0)
          {
            JsonObject *protocol = json_object_new ();

            json_object_set_int_member (protocol, "doseNumberPositiveInt", vaccination->dose);
            json_array_add_object_element (bie_json_array_member (w->resource, "protocolApplied"),
                                           protocol);
          }
        break;
      }

    case BIE_N_ENTITIES:
    default:
      g_assert_not_reached ();
    }
}
