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
 * "extension" URI + "/" + a name (see the EXT_ names below).
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

#include <glib/gi18n.h>

#include "bie-fhir-map.h"
#include "bie-geometry.h"
#include "bie-validation.h"

/* Systems fixed by HL7. */
#define SYSTEM_URI           "urn:ietf:rfc:3986"
#define SYSTEM_PHYSICAL_TYPE "http://terminology.hl7.org/CodeSystem/location-physical-type"
#define SYSTEM_CLINICAL      "http://terminology.hl7.org/CodeSystem/condition-clinical"
#define SYSTEM_ACHIEVEMENT   "http://terminology.hl7.org/CodeSystem/goal-achievement"
#define SYSTEM_ACT_CODE      "http://terminology.hl7.org/CodeSystem/v3-ActCode"

/* Bienestar's extensions, by name. */
#define EXT_LOCALIDAD    "localidad"     /* Location (sector under a UPZ): valueReference Location */
#define EXT_GENERATED    "generated"     /* Location (sector): valueBoolean, only when true */
#define EXT_SUBRED       "subred"        /* CareTeam: valueReference Location */
#define EXT_TEAM         "team"          /* Practitioner: valueReference CareTeam */
#define EXT_ADDRESS      "address"       /* Group: valueAddress (text, geolocation) */
#define EXT_SECTOR       "sector"        /* Group: valueReference Location */
#define EXT_STRATUM      "stratum"       /* Group: valueInteger, absent when unknown */
#define EXT_HOUSEHOLD    "household"     /* Patient, Condition, Appointment: valueReference Group */
#define EXT_RELATIONSHIP "relationship"  /* Patient: valueCoding */
#define EXT_RISK_STATUS  "risk-status"   /* Condition: valueCoding, the exact status */
#define EXT_MANAGED_ON   "managed-on"    /* Condition: valueDate */
#define EXT_CARE_PLAN    "care-plan"     /* Goal: valueReference CarePlan */
#define EXT_PARTICIPANT  "participant"   /* Encounter: valueReference Patient, one per person present */
#define EXT_NOTES        "notes"         /* Encounter: valueString */
#define EXT_OUTCOME      "outcome"       /* Appointment: valueCoding, the exact outcome */
#define EXT_BARRIER      "barrier"       /* Appointment: valueCodeableConcept */
#define EXT_ASSIGNED_ON  "assigned-on"   /* Appointment: valueDate */
#define EXT_ATTENDED_ON  "attended-on"   /* Appointment: valueDate */

/* Appointment.start and .end are instants: a day is written as the whole
 * day in Bogotá, which keeps UTC−5 all year. */
#define BOGOTA_OFFSET  "-05:00"
#define BOGOTA_SECONDS (-5 * 3600)

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

static const BieFhirUri location_systems[] = {
  [BIE_ENTITY_SUBRED] = BIE_FHIR_URI_SUBRED,
  [BIE_ENTITY_LOCALIDAD] = BIE_FHIR_URI_LOCALIDAD,
  [BIE_ENTITY_UPZ] = BIE_FHIR_URI_UPZ,
  [BIE_ENTITY_SECTOR] = BIE_FHIR_URI_SECTOR,
};

static gboolean
is_location (BieEntity entity)
{
  return entity <= BIE_ENTITY_SECTOR;
}

static const char *
uri (const BieFhirUris *uris,
     BieFhirUri         which)
{
  return bie_fhir_uris_get (uris, which);
}

/* Whether @url is Bienestar's extension @name (or @name itself when it is
 * an absolute URL). */
static gboolean
is_extension (const BieFhirUris *uris,
              const char        *url,
              const char        *name)
{
  const char *base;
  gsize length;

  if (strstr (name, "://") != NULL)
    return g_str_equal (url, name);

  base = uri (uris, BIE_FHIR_URI_EXTENSION);
  length = strlen (base);

  return strncmp (url, base, length) == 0 && url[length] == '/' && g_str_equal (url + length + 1, name);
}

static gboolean
is_document_system (const BieFhirUris *uris,
                    const char        *system)
{
  const char *base = uri (uris, BIE_FHIR_URI_DOCUMENT_TYPE);
  gsize length = strlen (base);

  return strncmp (system, base, length) == 0 && system[length] == '/' && system[length + 1] != '\0';
}

/* FHIR ids: [A-Za-z0-9\-\.]{1,64} */
static gboolean
is_fhir_id (const char *id)
{
  gsize length = 0;

  for (const char *p = id; *p != '\0'; p++, length++)
    if (length >= 64 || !(g_ascii_isalnum (*p) || *p == '-' || *p == '.'))
      return FALSE;

  return length > 0;
}

/* The record's identity, as to_record gives it to a resource's @id. */
static char *
uuid_for_fhir_id (const char *type,
                  const char *id)
{
  if (g_uuid_string_is_valid (id))
    return g_ascii_strdown (id, -1);

  return bie_fhir_uuid_for_id (type, id);
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

static const char *
record_fhir_id (const BieRecord *record)
{
  return record->server_id != NULL && *record->server_id != '\0' ? record->server_id : record->uuid;
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

/* JSON */

static JsonNode *
deep_copy (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObject *copy = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        JsonNode *result = json_node_alloc ();

        json_object_iter_init_ordered (&iter, object);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          json_object_set_member (copy, name, deep_copy (member));
        json_node_init (result, JSON_NODE_OBJECT);
        json_node_take_object (result, copy);

        return result;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);
        JsonArray *copy = json_array_sized_new (length);

        JsonNode *result = json_node_alloc ();

        for (guint i = 0; i < length; i++)
          json_array_add_element (copy, deep_copy (json_array_get_element (array, i)));
        json_node_init (result, JSON_NODE_ARRAY);
        json_node_take_array (result, copy);

        return result;
      }

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

/* A member that is there and not null. */
static JsonNode *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static const char *
string_value (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* A string member, or NULL: for peeking where the type was not checked. */
static const char *
peek_string (JsonObject *object,
             const char *name)
{
  return object != NULL ? string_value (json_object_get_member (object, name)) : NULL;
}

static JsonObject *
peek_object (JsonObject *object,
             const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
peek_array (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* Reading */

typedef struct
{
  const BieFhirUris     *uris;
  const BieFhirResolver *resolver;
  const char            *type;   /* resourceType */
  const char            *id;     /* checked: a valid FHIR id */
  GError               **error;
} Reader;

static gboolean
missing (Reader     *r,
         const char *path)
{
  /* Translators: a FHIR resource type (Patient), its id, and the name of
   * one of its elements (birthDate) */
  g_set_error (r->error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
               _("The %s “%s” has no “%s”, which Bienestar needs."), r->type, r->id, path);
  return FALSE;
}

static gboolean
wrong (Reader     *r,
       const char *path)
{
  /* Translators: a FHIR resource type (Patient), its id, and the name of
   * one of its elements (birthDate) */
  g_set_error (r->error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
               _("In the %s “%s”, “%s” does not have the form FHIR gives it."), r->type, r->id, path);
  return FALSE;
}

static gboolean
bad_value (Reader     *r,
           const char *path)
{
  /* Translators: a FHIR resource type (Patient), its id, and the name of
   * one of its elements (birthDate) */
  g_set_error (r->error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
               _("In the %s “%s”, the value of “%s” is not valid."), r->type, r->id, path);
  return FALSE;
}

static gboolean
get_node (Reader      *r,
          JsonObject  *object,
          const char  *name,
          const char  *path,
          gboolean     required,
          JsonNode   **out)
{
  *out = object != NULL ? member (object, name) : NULL;

  return *out != NULL || !required || missing (r, path);
}

static gboolean
get_string (Reader      *r,
            JsonObject  *object,
            const char  *name,
            const char  *path,
            gboolean     required,
            const char **out)
{
  JsonNode *node;

  *out = NULL;
  if (!get_node (r, object, name, path, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  *out = string_value (node);
  if (*out == NULL)
    return wrong (r, path);
  /* FHIR has no empty strings: one is as good as none. */
  if (**out == '\0')
    {
      *out = NULL;
      return !required || missing (r, path);
    }

  return TRUE;
}

static gboolean
get_object (Reader      *r,
            JsonObject  *object,
            const char  *name,
            const char  *path,
            gboolean     required,
            JsonObject **out)
{
  JsonNode *node;

  *out = NULL;
  if (!get_node (r, object, name, path, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong (r, path);

  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
get_array (Reader      *r,
           JsonObject  *object,
           const char  *name,
           const char  *path,
           gboolean     required,
           JsonArray  **out)
{
  JsonNode *node;

  *out = NULL;
  if (!get_node (r, object, name, path, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong (r, path);

  *out = json_node_get_array (node);
  if (json_array_get_length (*out) == 0)
    {
      *out = NULL;
      return !required || missing (r, path);
    }

  return TRUE;
}

/* Element @i of @array, which must be an object. */
static gboolean
get_element (Reader      *r,
             JsonArray   *array,
             guint        i,
             const char  *path,
             JsonObject **out)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong (r, path);

  *out = json_node_get_object (node);
  return TRUE;
}

/* The first object of the array member @name; NULL when there is none. */
static gboolean
get_first (Reader      *r,
           JsonObject  *object,
           const char  *name,
           const char  *path,
           gboolean     required,
           JsonObject **out)
{
  JsonArray *array;

  *out = NULL;
  if (!get_array (r, object, name, path, required, &array))
    return FALSE;

  return array == NULL || get_element (r, array, 0, path, out);
}

static gboolean
get_boolean (Reader     *r,
             JsonObject *object,
             const char *name,
             const char *path,
             gboolean   *out)
{
  JsonNode *node;

  *out = FALSE;
  if (!get_node (r, object, name, path, TRUE, &node))
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong (r, path);

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_integer (Reader     *r,
             JsonObject *object,
             const char *name,
             const char *path,
             gint64     *out)
{
  JsonNode *node;

  *out = 0;
  if (!get_node (r, object, name, path, TRUE, &node))
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return wrong (r, path);

  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_decimal (Reader     *r,
             JsonObject *object,
             const char *name,
             const char *path,
             double     *out)
{
  JsonNode *node;
  GType type;

  *out = 0;
  if (!get_node (r, object, name, path, TRUE, &node))
    return FALSE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return wrong (r, path);

  *out = json_node_get_double (node);
  return isfinite (*out) || bad_value (r, path);
}

/* The first extension of @object that is Bienestar's @name. */
static gboolean
get_extension (Reader      *r,
               JsonObject  *object,
               const char  *name,
               gboolean     required,
               JsonObject **out)
{
  JsonArray *extensions;

  *out = NULL;
  if (!get_array (r, object, "extension", "extension", FALSE, &extensions))
    return FALSE;

  for (guint i = 0; extensions != NULL && i < json_array_get_length (extensions); i++)
    {
      JsonObject *extension;
      const char *url;

      if (!get_element (r, extensions, i, "extension", &extension) ||
          !get_string (r, extension, "url", "extension.url", TRUE, &url))
        return FALSE;
      if (is_extension (r->uris, url, name))
        {
          *out = extension;
          return TRUE;
        }
    }

  return !required || missing (r, name);
}

/* A string value[x] of the extension @name of @object. */
static gboolean
get_extension_string (Reader      *r,
                      JsonObject  *object,
                      const char  *name,
                      const char  *value,
                      gboolean     required,
                      const char **out)
{
  JsonObject *extension;

  *out = NULL;
  return get_extension (r, object, name, required, &extension) &&
         (extension == NULL || get_string (r, extension, value, name, TRUE, out));
}

/* The code of the first coding of the CodeableConcept @concept (or of the
 * Coding @concept, when @is_coding) with @system. */
static gboolean
get_code (Reader      *r,
          JsonObject  *concept,
          gboolean     is_coding,
          const char  *system,
          const char  *path,
          gboolean     required,
          const char **out)
{
  JsonArray *codings = NULL;
  guint length = 1;

  *out = NULL;
  if (concept != NULL && !is_coding)
    {
      if (!get_array (r, concept, "coding", path, FALSE, &codings))
        return FALSE;
      length = codings != NULL ? json_array_get_length (codings) : 0;
    }
  else if (concept == NULL)
    {
      length = 0;
    }

  for (guint i = 0; i < length; i++)
    {
      JsonObject *coding = concept;
      const char *coding_system;

      if (codings != NULL && !get_element (r, codings, i, path, &coding))
        return FALSE;
      if (!get_string (r, coding, "system", path, FALSE, &coding_system))
        return FALSE;
      if (g_strcmp0 (coding_system, system) == 0)
        return get_string (r, coding, "code", path, TRUE, out);
    }

  return !required || missing (r, path);
}

/* A CodeableConcept member @name of @object, and its code of @system. */
static gboolean
get_concept_code (Reader      *r,
                  JsonObject  *object,
                  const char  *name,
                  const char  *system,
                  gboolean     required,
                  const char **out)
{
  JsonObject *concept;

  *out = NULL;
  return get_object (r, object, name, name, required, &concept) &&
         get_code (r, concept, FALSE, system, name, required, out);
}

/* A day, "YYYY-MM-DD"; a dateTime from elsewhere counts on its day in
 * Bogotá. */
static gboolean
read_day (Reader      *r,
          const char  *text,
          const char  *path,
          char       **out)
{
  g_autoptr(GDateTime) moment = NULL;
  g_autoptr(GTimeZone) bogota = NULL;
  g_autoptr(GDateTime) local = NULL;
  GDate date;

  if (text == NULL)
    return TRUE;

  if (bie_parse_day (text, &date))
    {
      *out = g_strdup (text);
      return TRUE;
    }

  if (strlen (text) > 10 && text[10] == 'T')
    moment = g_date_time_new_from_iso8601 (text, NULL);
  if (moment == NULL)
    return bad_value (r, path);

  bogota = g_time_zone_new_offset (BOGOTA_SECONDS);
  local = g_date_time_to_timezone (moment, bogota);
  *out = g_date_time_format (local, "%Y-%m-%d");

  return TRUE;
}

/* A day or a moment with its time zone, kept as written. */
static gboolean
read_moment (Reader      *r,
             const char  *text,
             const char  *path,
             char       **out)
{
  g_autoptr(GDateTime) moment = NULL;
  GDate date;

  if (text == NULL)
    return TRUE;

  if (!bie_parse_day (text, &date))
    {
      if (strlen (text) <= 10 || text[10] != 'T' ||
          (moment = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
        return bad_value (r, path);
    }

  *out = g_strdup (text);
  return TRUE;
}

/* "Type/id", an absolute URL ending in "Type/id" (a "_history/n" after it
 * allowed), or "urn:uuid:<uuid>" (no type: @type is set to NULL). */
static gboolean
parse_reference (const char  *text,
                 char       **type,
                 char       **id)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  *type = NULL;
  *id = NULL;

  if (g_str_has_prefix (text, "urn:uuid:"))
    {
      if (!g_uuid_string_is_valid (text + strlen ("urn:uuid:")))
        return FALSE;
      *id = g_ascii_strdown (text + strlen ("urn:uuid:"), -1);
      return TRUE;
    }

  if (strlen (text) > 4096)
    return FALSE;

  parts = g_strsplit (text, "/", -1);
  n = g_strv_length (parts);
  if (n >= 4 && g_str_equal (parts[n - 2], "_history"))
    n -= 2;
  if (n < 2)
    return FALSE;
  /* Anything before Type/id is the base of an absolute URL. */
  if (n > 2 && strstr (text, "://") == NULL)
    return FALSE;
  if (!g_ascii_isupper (parts[n - 2][0]) || !is_fhir_id (parts[n - 1]))
    return FALSE;
  for (const char *p = parts[n - 2]; *p != '\0'; p++)
    if (!g_ascii_isalpha (*p))
      return FALSE;

  *type = g_strdup (parts[n - 2]);
  *id = g_strdup (parts[n - 1]);

  return TRUE;
}

/* The Reference @reference, as a type (NULL for urn:uuid) and an id. */
static gboolean
read_reference_id (Reader      *r,
                   JsonObject  *reference,
                   const char  *path,
                   char       **type,
                   char       **id)
{
  const char *text;

  if (!get_string (r, reference, "reference", path, TRUE, &text))
    return FALSE;
  if (!parse_reference (text, type, id))
    return bad_value (r, path);

  return TRUE;
}

static gboolean
not_found (Reader     *r,
           const char *type,
           const char *id)
{
  /* Translators: a FHIR resource type and id (Patient “123”), then the
   * type and id of the resource it refers to (Group “456”) */
  g_set_error (r->error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_NOT_FOUND,
               _("The %s “%s” refers to the %s “%s”, which is not in the cache yet."),
               r->type, r->id, type, id);
  return FALSE;
}

/* The row id of the record of @entity that the Reference @reference
 * points to: NOT_FOUND when the cache has none. */
static gboolean
resolve_reference (Reader     *r,
                   JsonObject *reference,
                   const char *path,
                   BieEntity   entity,
                   gint64     *out)
{
  const char *expected = bie_fhir_resource_type (entity);
  g_autofree char *type = NULL;
  g_autofree char *id = NULL;

  *out = 0;
  if (!read_reference_id (r, reference, path, &type, &id))
    return FALSE;
  if (type != NULL && !g_str_equal (type, expected))
    return bad_value (r, path);

  *out = r->resolver->row_id (r->resolver->user_data, entity, id);

  return *out != 0 || not_found (r, expected, id);
}

/* The Reference member @name of @object. */
static gboolean
read_reference (Reader     *r,
                JsonObject *object,
                const char *name,
                const char *path,
                BieEntity   entity,
                gboolean    required,
                gint64     *out)
{
  JsonObject *reference;

  *out = 0;
  if (!get_object (r, object, name, path, required, &reference))
    return FALSE;

  return reference == NULL || resolve_reference (r, reference, path, entity, out);
}

/* The first Reference to a resource of @entity's type in the array member
 * @name of @object (other systems may put others there too); with
 * @member, in that member of each element. */
static gboolean
read_first_reference (Reader     *r,
                      JsonObject *object,
                      const char *name,
                      const char *member_name,
                      BieEntity   entity,
                      gboolean    required,
                      gint64     *out)
{
  const char *expected = bie_fhir_resource_type (entity);
  JsonArray *array;

  *out = 0;
  if (!get_array (r, object, name, name, required, &array))
    return FALSE;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *reference;
      g_autofree char *type = NULL;
      g_autofree char *id = NULL;

      if (!get_element (r, array, i, name, &reference))
        return FALSE;
      if (member_name != NULL &&
          !get_object (r, reference, member_name, name, FALSE, &reference))
        return FALSE;
      if (reference == NULL)
        continue;
      if (!read_reference_id (r, reference, name, &type, &id))
        return FALSE;
      if (type == NULL || g_str_equal (type, expected))
        return resolve_reference (r, reference, name, entity, out);
    }

  return !required || missing (r, name);
}

/* The valueReference of Bienestar's extension @name. */
static gboolean
read_extension_reference (Reader     *r,
                          JsonObject *object,
                          const char *name,
                          BieEntity   entity,
                          gboolean    required,
                          gint64     *out)
{
  JsonObject *extension;

  *out = 0;
  if (!get_extension (r, object, name, required, &extension))
    return FALSE;

  return extension == NULL || read_reference (r, extension, "valueReference", name, entity, TRUE, out);
}

/* Writing */

typedef struct
{
  const BieFhirUris     *uris;
  const BieFhirResolver *resolver;
  BieEntity              entity;
  JsonObject            *resource;
} Writer;

static char *
extension_url (const BieFhirUris *uris,
               const char        *name)
{
  if (strstr (name, "://") != NULL)
    return g_strdup (name);

  return g_strconcat (uri (uris, BIE_FHIR_URI_EXTENSION), "/", name, NULL);
}

static void
set_string (JsonObject *object,
            const char *name,
            const char *value)
{
  if (!is_blank (value))
    json_object_set_string_member (object, name, value);
}

/* The array member @name of @object, made when there is none. */
static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonArray *array = peek_array (object, name);

  if (array == NULL)
    {
      array = json_array_new ();
      json_object_set_array_member (object, name, array);
    }

  return array;
}

static JsonObject *
coding_new (const char *system,
            const char *code)
{
  JsonObject *coding = json_object_new ();

  json_object_set_string_member (coding, "system", system);
  json_object_set_string_member (coding, "code", code);

  return coding;
}

static JsonObject *
concept_new (const char *system,
             const char *code)
{
  JsonObject *concept = json_object_new ();
  JsonArray *codings = json_array_new ();

  json_array_add_object_element (codings, coding_new (system, code));
  json_object_set_array_member (concept, "coding", codings);

  return concept;
}

static void
set_concept (JsonObject *object,
             const char *name,
             const char *system,
             const char *code)
{
  if (!is_blank (code))
    json_object_set_object_member (object, name, concept_new (system, code));
}

static JsonObject *
reference_new (const char *type,
               const char *id)
{
  JsonObject *reference = json_object_new ();
  g_autofree char *text = g_strconcat (type, "/", id, NULL);

  json_object_set_string_member (reference, "reference", text);

  return reference;
}

/* A Reference to the record @id of @entity; NULL for none. */
static JsonObject *
reference_to (Writer    *w,
              BieEntity  entity,
              gint64     id)
{
  g_autofree char *fhir_id = NULL;

  if (id == 0)
    return NULL;

  fhir_id = w->resolver->fhir_id (w->resolver->user_data, entity, id);
  if (fhir_id == NULL)
    {
      /* Every stored record has a uuid: this is a caller's mistake. */
      g_warning ("No FHIR id for %s %" G_GINT64_FORMAT ", referred to by a %s",
                 bie_entity_info (entity)->table, id, bie_entity_info (w->entity)->table);
      return NULL;
    }

  return reference_new (bie_fhir_resource_type (entity), fhir_id);
}

static void
set_reference (Writer     *w,
               JsonObject *object,
               const char *name,
               BieEntity   entity,
               gint64      id)
{
  JsonObject *reference = reference_to (w, entity, id);

  if (reference != NULL)
    json_object_set_object_member (object, name, reference);
}

static void
add_reference (Writer     *w,
               JsonObject *object,
               const char *name,
               BieEntity   entity,
               gint64      id)
{
  JsonObject *reference = reference_to (w, entity, id);

  if (reference != NULL)
    json_array_add_object_element (array_member (object, name), reference);
}

/* Adds Bienestar's extension @name to @object, with @value as its
 * @value_name ("valueString", ...). */
static void
add_extension (Writer     *w,
               JsonObject *object,
               const char *name,
               const char *value_name,
               JsonNode   *value)
{
  JsonObject *extension = json_object_new ();
  g_autofree char *url = extension_url (w->uris, name);

  json_object_set_string_member (extension, "url", url);
  json_object_set_member (extension, value_name, value);
  json_array_add_object_element (array_member (object, "extension"), extension);
}

static void
add_extension_string (Writer     *w,
                      const char *name,
                      const char *value_name,
                      const char *value)
{
  if (!is_blank (value))
    add_extension (w, w->resource, name, value_name, json_node_init_string (json_node_alloc (), value));
}

static void
add_extension_object (Writer     *w,
                      const char *name,
                      const char *value_name,
                      JsonObject *value)
{
  if (value != NULL)
    add_extension (w, w->resource, name, value_name, json_node_init_object (json_node_alloc (), value));
  if (value != NULL)
    json_object_unref (value);
}

static void
add_extension_reference (Writer     *w,
                         const char *name,
                         BieEntity   entity,
                         gint64      id)
{
  add_extension_object (w, name, "valueReference", reference_to (w, entity, id));
}

static void
add_extension_coding (Writer     *w,
                      const char *name,
                      BieFhirUri  system,
                      const char *code)
{
  if (!is_blank (code))
    add_extension_object (w, name, "valueCoding", coding_new (uri (w->uris, system), code));
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

typedef gboolean (*EntryIsOurs) (Writer     *w,
                                 JsonObject *entry);

/* Drops the entries of the array @name that @is_ours (and any that is not
 * an object: FHIR has none such), the array itself when none is left. */
static void
remove_entries (Writer      *w,
                JsonObject  *object,
                const char  *name,
                EntryIsOurs  is_ours)
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

static const Owned *writer_owned (Writer *w);

static gboolean
extension_is_ours (Writer     *w,
                   JsonObject *extension)
{
  const Owned *spec = writer_owned (w);
  const char *url = peek_string (extension, "url");

  if (url == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (spec->extensions) && spec->extensions[i] != NULL; i++)
    if (is_extension (w->uris, url, spec->extensions[i]))
      return TRUE;

  return FALSE;
}

static gboolean
identifier_is_ours (Writer     *w,
                    JsonObject *identifier)
{
  const char *system = peek_string (identifier, "system");
  const char *value = peek_string (identifier, "value");

  if (system == NULL || w->entity == BIE_N_ENTITIES)
    return FALSE;
  /* The record's uuid, when its id is not (see write_uuid_identifier). */
  if (g_str_equal (system, SYSTEM_URI) && value != NULL && g_str_has_prefix (value, "urn:uuid:"))
    return TRUE;
  if (is_location (w->entity))
    {
      for (BieEntity e = BIE_ENTITY_SUBRED; e <= BIE_ENTITY_SECTOR; e++)
        if (g_str_equal (system, uri (w->uris, location_systems[e])))
          return TRUE;
      return FALSE;
    }
  if (w->entity == BIE_ENTITY_PERSON || w->entity == BIE_ENTITY_PROFESSIONAL)
    return is_document_system (w->uris, system);

  return FALSE;
}

static gboolean
telecom_is_ours (Writer     *w,
                 JsonObject *telecom)
{
  return w->entity == BIE_ENTITY_PERSON && g_strcmp0 (peek_string (telecom, "system"), "phone") == 0;
}

static gboolean
tag_is_ours (Writer     *w,
             JsonObject *tag)
{
  return g_strcmp0 (peek_string (tag, "system"), uri (w->uris, BIE_FHIR_URI_SECTOR_TAG)) == 0;
}

/* The start of a resource: a copy of @previous without what the mapping
 * owns, or a new one; its type, id and meta. */
static JsonObject *
begin_resource (Writer     *w,
                const char *type,
                const char *id,
                JsonObject *previous,
                const char *sector_code)
{
  JsonObject *resource;
  JsonObject *meta;

  if (previous != NULL && g_strcmp0 (peek_string (previous, "resourceType"), type) != 0)
    {
      g_warning ("The previous version of a %s is a %s: not kept", type,
                 peek_string (previous, "resourceType") ?: "(no type)");
      previous = NULL;
    }

  if (previous != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), previous);
      g_autoptr(JsonNode) copy = deep_copy (node);

      resource = json_object_ref (json_node_get_object (copy));
    }
  else
    {
      resource = json_object_new ();
    }
  w->resource = resource;

  json_object_set_string_member (resource, "resourceType", type);
  json_object_set_string_member (resource, "id", id);

  meta = peek_object (resource, "meta");
  if (meta == NULL)
    {
      meta = json_object_new ();
      json_object_set_object_member (resource, "meta", meta);
    }
  /* The server's to set. */
  json_object_remove_member (meta, "versionId");
  json_object_remove_member (meta, "lastUpdated");
  remove_entries (w, meta, "tag", tag_is_ours);
  if (!is_blank (sector_code))
    json_array_add_object_element (array_member (meta, "tag"),
                                   coding_new (uri (w->uris, BIE_FHIR_URI_SECTOR_TAG), sector_code));
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
add_identifier (Writer     *w,
                const char *system,
                const char *value)
{
  JsonObject *identifier;

  if (is_blank (value))
    return;

  identifier = json_object_new ();
  json_object_set_string_member (identifier, "system", system);
  json_object_set_string_member (identifier, "value", value);
  json_array_add_object_element (array_member (w->resource, "identifier"), identifier);
}

/* A record whose id is not its uuid, and whose uuid cannot be derived from
 * the id, says its uuid in an identifier, so it keeps it across caches. */
static void
write_uuid_identifier (Writer          *w,
                       const BieRecord *record)
{
  const char *id = record_fhir_id (record);
  g_autofree char *derived = uuid_for_fhir_id (bie_fhir_resource_type (w->entity), id);
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
write_location (Writer          *w,
                const char      *code,
                const char      *name,
                const char      *physical_type,
                BieEntity        parent_entity,
                gint64           parent_id)
{
  JsonObject *concept;

  add_identifier (w, uri (w->uris, location_systems[w->entity]), code);
  set_string (w->resource, "name", name);
  json_object_set_string_member (w->resource, "status", "active");
  json_object_set_string_member (w->resource, "mode", "instance");
  concept = concept_new (SYSTEM_PHYSICAL_TYPE, physical_type);
  json_object_set_object_member (w->resource, "physicalType", concept);
  set_reference (w, w->resource, "partOf", parent_entity, parent_id);
}

static void
write_boundary (Writer     *w,
                const char *geometry)
{
  JsonObject *attachment;
  g_autofree char *data = NULL;

  if (is_blank (geometry))
    return;

  attachment = json_object_new ();
  data = g_base64_encode ((const guchar *) geometry, strlen (geometry));
  json_object_set_string_member (attachment, "contentType", "application/geo+json");
  json_object_set_string_member (attachment, "data", data);
  add_extension_object (w, BIE_FHIR_EXT_BOUNDARY, "valueAttachment", attachment);
}

static void
write_record (Writer        *w,
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
            add_extension_reference (w, EXT_LOCALIDAD, BIE_ENTITY_LOCALIDAD, sector->localidad_id);
          }
        else
          {
            write_location (w, sector->code, sector->name, "area",
                            BIE_ENTITY_LOCALIDAD, sector->localidad_id);
          }
        write_boundary (w, sector->geometry);
        if (sector->generated)
          add_extension (w, w->resource, EXT_GENERATED, "valueBoolean",
                         json_node_init_boolean (json_node_alloc (), TRUE));
        break;
      }

    case BIE_ENTITY_TEAM:
      {
        const BieTeam *team = record;

        set_string (w->resource, "name", team->name);
        json_object_set_string_member (w->resource, "status", "active");
        add_extension_reference (w, EXT_SUBRED, BIE_ENTITY_SUBRED, team->subred_id);
        break;
      }

    case BIE_ENTITY_PROFESSIONAL:
      {
        const BieProfessional *professional = record;
        g_autofree char *system = NULL;

        if (!is_blank (professional->document_type))
          {
            system = g_strconcat (uri (w->uris, BIE_FHIR_URI_DOCUMENT_TYPE), "/",
                                  professional->document_type, NULL);
            add_identifier (w, system, professional->document_number);
          }
        if (!is_blank (professional->name))
          {
            JsonObject *name = json_object_new ();

            json_object_set_string_member (name, "text", professional->name);
            json_array_add_object_element (array_member (w->resource, "name"), name);
          }
        if (!is_blank (professional->profession))
          {
            JsonObject *qualification = json_object_new ();

            json_object_set_object_member (qualification, "code",
                                           concept_new (uri (w->uris, BIE_FHIR_URI_PROFESSION),
                                                        professional->profession));
            json_array_add_object_element (array_member (w->resource, "qualification"),
                                           qualification);
          }
        add_extension_reference (w, EXT_TEAM, BIE_ENTITY_TEAM, professional->team_id);
        break;
      }

    case BIE_ENTITY_HOUSEHOLD:
      {
        const BieHousehold *household = record;

        json_object_set_string_member (w->resource, "type", "person");
        json_object_set_boolean_member (w->resource, "actual", TRUE);
        /* (0, 0) is no location; the address is there whenever either is. */
        if (!is_blank (household->address) || household->lon != 0 || household->lat != 0)
          {
            JsonObject *address = json_object_new ();

            set_string (address, "text", household->address);
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
                json_array_add_object_element (array_member (address, "extension"), geolocation);
              }
            if (json_object_get_size (address) > 0)
              add_extension_object (w, EXT_ADDRESS, "valueAddress", address);
            else
              json_object_unref (address);
          }
        add_extension_reference (w, EXT_SECTOR, BIE_ENTITY_SECTOR, household->sector_id);
        if (household->stratum != 0)
          add_extension (w, w->resource, EXT_STRATUM, "valueInteger",
                         json_node_init_int (json_node_alloc (), household->stratum));
        break;
      }

    case BIE_ENTITY_PERSON:
      {
        const BiePerson *person = record;
        static const char *const genders[][2] = {
          { "F", "female" }, { "M", "male" }, { "I", "other" },
        };
        JsonObject *name;

        if (!is_blank (person->document_type))
          {
            g_autofree char *system = g_strconcat (uri (w->uris, BIE_FHIR_URI_DOCUMENT_TYPE), "/",
                                                   person->document_type, NULL);
            add_identifier (w, system, person->document_number);
          }
        name = json_object_new ();
        set_string (name, "family", person->family_names);
        if (!is_blank (person->given_names))
          json_array_add_string_element (array_member (name, "given"), person->given_names);
        if (json_object_get_size (name) > 0)
          json_array_add_object_element (array_member (w->resource, "name"), name);
        else
          json_object_unref (name);
        for (guint i = 0; i < G_N_ELEMENTS (genders); i++)
          if (g_strcmp0 (person->sex, genders[i][0]) == 0)
            json_object_set_string_member (w->resource, "gender", genders[i][1]);
        set_string (w->resource, "birthDate", person->birth_date);
        if (!is_blank (person->phone))
          {
            JsonObject *telecom = json_object_new ();
            JsonArray *telecoms = array_member (w->resource, "telecom");

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
        add_extension_reference (w, EXT_HOUSEHOLD, BIE_ENTITY_HOUSEHOLD, person->household_id);
        add_extension_coding (w, EXT_RELATIONSHIP, BIE_FHIR_URI_RELATIONSHIP, person->relationship);
        break;
      }

    case BIE_ENTITY_RISK:
      {
        const BieRisk *risk = record;
        /* An abated Condition is resolved (con-4), whatever the exact
         * status, which its own extension carries. */
        const char *clinical = g_strcmp0 (risk->status, "closed") == 0 || !is_blank (risk->closed_on)
                               ? "resolved" : "active";

        if (risk->person_id != 0)
          {
            set_reference (w, w->resource, "subject", BIE_ENTITY_PERSON, risk->person_id);
            add_extension_reference (w, EXT_HOUSEHOLD, BIE_ENTITY_HOUSEHOLD, risk->household_id);
          }
        else
          {
            set_reference (w, w->resource, "subject", BIE_ENTITY_HOUSEHOLD, risk->household_id);
          }
        set_concept (w->resource, "code", uri (w->uris, BIE_FHIR_URI_RISK), risk->code);
        if (!is_blank (risk->status))
          set_concept (w->resource, "clinicalStatus", SYSTEM_CLINICAL, clinical);
        add_extension_coding (w, EXT_RISK_STATUS, BIE_FHIR_URI_RISK_STATUS, risk->status);
        set_string (w->resource, "onsetDateTime", risk->identified_on);
        add_extension_string (w, EXT_MANAGED_ON, "valueDate", risk->managed_on);
        set_string (w->resource, "abatementDateTime", risk->closed_on);
        if (!is_blank (risk->notes))
          {
            JsonObject *note = json_object_new ();

            json_object_set_string_member (note, "text", risk->notes);
            json_array_add_object_element (array_member (w->resource, "note"), note);
          }
        break;
      }

    case BIE_ENTITY_CARE_PLAN:
      {
        const BieCarePlan *plan = record;
        const char *status = plan->status;

        if (g_strcmp0 (status, "cancelled") == 0)
          status = "revoked";
        set_string (w->resource, "status", status);
        json_object_set_string_member (w->resource, "intent", "plan");
        set_reference (w, w->resource, "subject", BIE_ENTITY_HOUSEHOLD, plan->household_id);
        set_string (w->resource, "created", plan->agreed_on);
        set_reference (w, w->resource, "author", BIE_ENTITY_PROFESSIONAL, plan->professional_id);
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
                                           concept_new (SYSTEM_ACHIEVEMENT, "achieved"));
          }
        set_string (w->resource, "lifecycleStatus", status);
        if (!is_blank (goal->description))
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
              set_reference (w, w->resource, "subject", BIE_ENTITY_HOUSEHOLD, plan->household_id);
            bie_record_free (BIE_ENTITY_CARE_PLAN, plan);
          }
        if (!json_object_has_member (w->resource, "subject"))
          g_warning ("A Goal written without its subject, which FHIR requires: "
                     "the resolver cannot load its care plan");
        if (!is_blank (goal->target_date))
          {
            JsonObject *target = json_object_new ();

            json_object_set_string_member (target, "dueDate", goal->target_date);
            json_array_add_object_element (array_member (w->resource, "target"), target);
          }
        add_reference (w, w->resource, "addresses", BIE_ENTITY_RISK, goal->risk_id);
        add_extension_reference (w, EXT_CARE_PLAN, BIE_ENTITY_CARE_PLAN, goal->plan_id);
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
        set_concept (w->resource, "businessStatus", uri (w->uris, BIE_FHIR_URI_ACTIVITY_STATUS),
                     activity->status);
        if (!is_blank (activity->status_reason))
          {
            JsonObject *reason = json_object_new ();

            json_object_set_string_member (reason, "text", activity->status_reason);
            json_object_set_object_member (w->resource, "statusReason", reason);
          }
        json_object_set_string_member (w->resource, "intent", "plan");
        set_concept (w->resource, "code", uri (w->uris, BIE_FHIR_URI_ACTIVITY_KIND), activity->kind);
        add_reference (w, w->resource, "basedOn", BIE_ENTITY_CARE_PLAN, activity->plan_id);
        set_reference (w, w->resource, "focus", BIE_ENTITY_GOAL, activity->goal_id);
        if (activity->person_id != 0)
          {
            set_reference (w, w->resource, "for", BIE_ENTITY_PERSON, activity->person_id);
          }
        else if (activity->plan_id != 0 && w->resolver->load != NULL)
          {
            /* For the whole family: the plan's household. */
            BieCarePlan *plan = w->resolver->load (w->resolver->user_data, BIE_ENTITY_CARE_PLAN,
                                                   activity->plan_id);

            if (plan != NULL)
              set_reference (w, w->resource, "for", BIE_ENTITY_HOUSEHOLD, plan->household_id);
            bie_record_free (BIE_ENTITY_CARE_PLAN, plan);
          }
        set_reference (w, w->resource, "owner", BIE_ENTITY_PROFESSIONAL, activity->professional_id);
        if (!is_blank (activity->start_date) || !is_blank (activity->end_date))
          {
            JsonObject *period = json_object_new ();

            set_string (period, "start", activity->start_date);
            set_string (period, "end", activity->end_date);
            json_object_set_object_member (w->resource, "executionPeriod", period);
          }
        break;
      }

    case BIE_ENTITY_ENCOUNTER:
      {
        const BieEncounter *encounter = record;
        const char *class_code = g_strcmp0 (encounter->kind, "call") == 0 ? "VR" : "HH";

        json_object_set_string_member (w->resource, "status", "finished");
        json_object_set_object_member (w->resource, "class", coding_new (SYSTEM_ACT_CODE, class_code));
        if (!is_blank (encounter->kind))
          json_array_add_object_element (array_member (w->resource, "type"),
                                         concept_new (uri (w->uris, BIE_FHIR_URI_ENCOUNTER_KIND),
                                                      encounter->kind));
        set_reference (w, w->resource, "subject", BIE_ENTITY_HOUSEHOLD, encounter->household_id);
        if (encounter->professional_id != 0)
          {
            JsonObject *participant = json_object_new ();

            set_reference (w, participant, "individual", BIE_ENTITY_PROFESSIONAL,
                           encounter->professional_id);
            if (json_object_get_size (participant) > 0)
              json_array_add_object_element (array_member (w->resource, "participant"), participant);
            else
              json_object_unref (participant);
          }
        if (!is_blank (encounter->date))
          {
            JsonObject *period = json_object_new ();

            json_object_set_string_member (period, "start", encounter->date);
            json_object_set_object_member (w->resource, "period", period);
          }
        if (!is_blank (encounter->participants))
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
                      fhir_id = g_strdup (record_fhir_id (&person->record));
                    bie_record_free (BIE_ENTITY_PERSON, person);
                  }
                add_extension_object (w, EXT_PARTICIPANT, "valueReference",
                                      reference_new ("Patient", fhir_id ?: uuid));
              }
          }
        add_extension_string (w, EXT_NOTES, "valueString", encounter->notes);
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
        add_extension_coding (w, EXT_OUTCOME, BIE_FHIR_URI_APPOINTMENT_OUTCOME, appointment->outcome);
        if (!is_blank (appointment->service))
          json_array_add_object_element (array_member (w->resource, "serviceType"),
                                         concept_new (uri (w->uris, BIE_FHIR_URI_SERVICE),
                                                      appointment->service));
        if (!is_blank (appointment->barrier))
          add_extension_object (w, EXT_BARRIER, "valueCodeableConcept",
                                concept_new (uri (w->uris, BIE_FHIR_URI_BARRIER),
                                             appointment->barrier));
        set_string (w->resource, "created", appointment->requested_on);
        /* Only proposed and cancelled appointments may lack start and end
         * (app-3): the day assigned, else the best day known, which the
         * assigned-on extension then does not confirm. */
        if (is_blank (day) && !g_str_equal (status, "proposed") && !g_str_equal (status, "cancelled"))
          day = !is_blank (appointment->attended_on) ? appointment->attended_on
                                                     : appointment->requested_on;
        if (!is_blank (day))
          {
            g_autofree char *start = day_instant (day, "00:00:00");
            g_autofree char *end = day_instant (day, "23:59:59");

            json_object_set_string_member (w->resource, "start", start);
            json_object_set_string_member (w->resource, "end", end);
          }
        add_extension_string (w, EXT_ASSIGNED_ON, "valueDate", appointment->assigned_on);
        add_extension_string (w, EXT_ATTENDED_ON, "valueDate", appointment->attended_on);
        add_extension_reference (w, EXT_HOUSEHOLD, BIE_ENTITY_HOUSEHOLD, appointment->household_id);
        participant = json_object_new ();
        set_reference (w, participant, "actor", BIE_ENTITY_PERSON, appointment->person_id);
        json_object_set_string_member (participant, "status", "accepted");
        json_array_add_object_element (array_member (w->resource, "participant"), participant);
        set_string (w->resource, "comment", appointment->notes);
        break;
      }

    case BIE_ENTITY_VACCINATION:
      {
        const BieVaccination *vaccination = record;

        set_string (w->resource, "status", vaccination->status);
        set_concept (w->resource, "vaccineCode", uri (w->uris, BIE_FHIR_URI_VACCINE),
                     vaccination->vaccine);
        set_reference (w, w->resource, "patient", BIE_ENTITY_PERSON, vaccination->person_id);
        /* occurrence[x] is required: a day not recorded is said so. */
        if (!is_blank (vaccination->date))
          json_object_set_string_member (w->resource, "occurrenceDateTime", vaccination->date);
        else
          json_object_set_string_member (w->resource, "occurrenceString", "unknown");
        if (vaccination->dose > 0)
          {
            JsonObject *protocol = json_object_new ();

            json_object_set_int_member (protocol, "doseNumberPositiveInt", vaccination->dose);
            json_array_add_object_element (array_member (w->resource, "protocolApplied"), protocol);
          }
        break;
      }

    case BIE_N_ENTITIES:
    default:
      g_assert_not_reached ();
    }
}

static const Owned *
writer_owned (Writer *w)
{
  return w->entity < BIE_N_ENTITIES ? &owned[w->entity] : &coverage_owned;
}

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
  Writer w = { uris, resolver, entity, NULL };

  g_return_val_if_fail (uris != NULL, NULL);
  g_return_val_if_fail (resolver != NULL && resolver->fhir_id != NULL, NULL);
  g_return_val_if_fail (entity < BIE_N_ENTITIES, NULL);
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (header->uuid != NULL, NULL);

  begin_resource (&w, bie_fhir_resource_type (entity), record_fhir_id (header), previous,
                  sector_code);
  write_uuid_identifier (&w, header);
  write_record (&w, record);

  return w.resource;
}

/* The mappings, resource to record */

static gboolean
read_location (Reader      *r,
               JsonObject  *resource,
               BieEntity    entity,
               char       **code,
               char       **name)
{
  const char *system = uri (r->uris, location_systems[entity]);
  JsonArray *identifiers;
  const char *text;

  if (!get_array (r, resource, "identifier", "identifier", TRUE, &identifiers))
    return FALSE;
  for (guint i = 0; *code == NULL && i < json_array_get_length (identifiers); i++)
    {
      JsonObject *identifier;
      const char *identifier_system;

      if (!get_element (r, identifiers, i, "identifier", &identifier) ||
          !get_string (r, identifier, "system", "identifier.system", FALSE, &identifier_system))
        return FALSE;
      if (g_strcmp0 (identifier_system, system) != 0)
        continue;
      if (!get_string (r, identifier, "value", "identifier.value", TRUE, &text))
        return FALSE;
      *code = g_strdup (text);
    }
  if (*code == NULL)
    return missing (r, "identifier");

  if (!get_string (r, resource, "name", "name", TRUE, &text))
    return FALSE;
  *name = g_strdup (text);

  return TRUE;
}

/* The geometry and its bounds, which are derived: recomputed from it. */
static gboolean
read_boundary (Reader      *r,
               JsonObject  *resource,
               char       **geometry,
               double      *min_lon,
               double      *min_lat,
               double      *max_lon,
               double      *max_lat)
{
  JsonObject *extension, *attachment;
  const char *data;
  g_autofree guchar *decoded = NULL;
  gsize length = 0;
  g_autoptr(BieGeometry) parsed = NULL;
  g_autoptr(GError) local_error = NULL;
  guint significant = 0;

  if (!get_extension (r, resource, BIE_FHIR_EXT_BOUNDARY, FALSE, &extension))
    return FALSE;
  if (extension == NULL)
    return TRUE;
  if (!get_object (r, extension, "valueAttachment", "location-boundary-geojson", TRUE, &attachment) ||
      !get_string (r, attachment, "data", "location-boundary-geojson", TRUE, &data))
    return FALSE;

  /* base64Binary: the alphabet, padding, and whitespace between. */
  for (const char *p = data; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '+' || *p == '/' || *p == '=')
        significant++;
      else if (!g_ascii_isspace (*p))
        return bad_value (r, "location-boundary-geojson");
    }
  if (significant % 4 != 0)
    return bad_value (r, "location-boundary-geojson");

  decoded = g_base64_decode (data, &length);
  if (length == 0 || memchr (decoded, '\0', length) != NULL ||
      !g_utf8_validate ((const char *) decoded, length, NULL))
    return bad_value (r, "location-boundary-geojson");

  *geometry = g_strndup ((const char *) decoded, length);
  parsed = bie_geometry_new_from_geojson (*geometry, &local_error);
  if (parsed == NULL || parsed->n_points == 0)
    return bad_value (r, "location-boundary-geojson");

  *min_lon = parsed->min_lon;
  *min_lat = parsed->min_lat;
  *max_lon = parsed->max_lon;
  *max_lat = parsed->max_lat;

  return TRUE;
}

/* The document of a Patient or Practitioner: the identifier whose system
 * is the document type URI + "/" + the type. */
static gboolean
read_document (Reader      *r,
               JsonObject  *resource,
               char       **type,
               char       **number)
{
  const char *base = uri (r->uris, BIE_FHIR_URI_DOCUMENT_TYPE);
  JsonArray *identifiers;

  if (!get_array (r, resource, "identifier", "identifier", TRUE, &identifiers))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (identifiers); i++)
    {
      JsonObject *identifier;
      const char *system, *value;

      if (!get_element (r, identifiers, i, "identifier", &identifier) ||
          !get_string (r, identifier, "system", "identifier.system", FALSE, &system))
        return FALSE;
      if (system == NULL || !is_document_system (r->uris, system))
        continue;
      if (!get_string (r, identifier, "value", "identifier.value", TRUE, &value))
        return FALSE;
      *type = g_strdup (system + strlen (base) + 1);
      *number = g_strdup (value);
      return TRUE;
    }

  return missing (r, "identifier");
}

/* The text of the first Annotation of @name, joined when several. */
static gboolean
read_notes (Reader      *r,
            JsonObject  *resource,
            const char  *name,
            char       **out)
{
  JsonArray *notes;
  g_autoptr(GString) text = NULL;

  if (!get_array (r, resource, name, name, FALSE, &notes))
    return FALSE;
  for (guint i = 0; notes != NULL && i < json_array_get_length (notes); i++)
    {
      JsonObject *note;
      const char *note_text;

      if (!get_element (r, notes, i, name, &note) ||
          !get_string (r, note, "text", name, FALSE, &note_text))
        return FALSE;
      if (note_text == NULL)
        continue;
      if (text == NULL)
        text = g_string_new (note_text);
      else
        g_string_append_printf (text, "\n\n%s", note_text);
    }
  if (text != NULL)
    *out = g_string_free (g_steal_pointer (&text), FALSE);

  return TRUE;
}

/* A code from a table of (ours, FHIR's) pairs, read the other way. */
static const char *
code_from_fhir (const char *const (*pairs)[2],
                guint             n_pairs,
                const char       *fhir_code)
{
  for (guint i = 0; i < n_pairs; i++)
    if (g_str_equal (pairs[i][1], fhir_code))
      return pairs[i][0];

  return NULL;
}

static gboolean
read_record (Reader     *r,
             JsonObject *resource,
             BieEntity   entity,
             gpointer    record)
{
  const char *text = NULL;

  switch (entity)
    {
    case BIE_ENTITY_SUBRED:
      {
        BieSubred *subred = record;

        return read_location (r, resource, entity, &subred->code, &subred->name);
      }

    case BIE_ENTITY_LOCALIDAD:
      {
        BieLocalidad *localidad = record;

        return read_location (r, resource, entity, &localidad->code, &localidad->name) &&
               read_reference (r, resource, "partOf", "partOf", BIE_ENTITY_SUBRED, TRUE,
                               &localidad->subred_id) &&
               read_boundary (r, resource, &localidad->geometry, &localidad->min_lon,
                              &localidad->min_lat, &localidad->max_lon, &localidad->max_lat);
      }

    case BIE_ENTITY_UPZ:
      {
        BieUpz *upz = record;

        return read_location (r, resource, entity, &upz->code, &upz->name) &&
               read_reference (r, resource, "partOf", "partOf", BIE_ENTITY_LOCALIDAD, TRUE,
                               &upz->localidad_id);
      }

    case BIE_ENTITY_SECTOR:
      {
        BieSector *sector = record;
        JsonObject *localidad, *generated;

        if (!read_location (r, resource, entity, &sector->code, &sector->name) ||
            !get_extension (r, resource, EXT_LOCALIDAD, FALSE, &localidad))
          return FALSE;
        /* Under a UPZ the localidad is in an extension. */
        if (localidad != NULL)
          {
            if (!read_reference (r, localidad, "valueReference", EXT_LOCALIDAD,
                                 BIE_ENTITY_LOCALIDAD, TRUE, &sector->localidad_id) ||
                !read_reference (r, resource, "partOf", "partOf", BIE_ENTITY_UPZ, TRUE,
                                 &sector->upz_id))
              return FALSE;
          }
        else if (!read_reference (r, resource, "partOf", "partOf", BIE_ENTITY_LOCALIDAD, TRUE,
                                  &sector->localidad_id))
          {
            return FALSE;
          }

        if (!get_extension (r, resource, EXT_GENERATED, FALSE, &generated) ||
            (generated != NULL &&
             !get_boolean (r, generated, "valueBoolean", EXT_GENERATED, &sector->generated)))
          return FALSE;

        return read_boundary (r, resource, &sector->geometry, &sector->min_lon, &sector->min_lat,
                              &sector->max_lon, &sector->max_lat);
      }

    case BIE_ENTITY_TEAM:
      {
        BieTeam *team = record;

        if (!get_string (r, resource, "name", "name", TRUE, &text))
          return FALSE;
        team->name = g_strdup (text);

        return read_extension_reference (r, resource, EXT_SUBRED, BIE_ENTITY_SUBRED, FALSE,
                                         &team->subred_id);
      }

    case BIE_ENTITY_PROFESSIONAL:
      {
        BieProfessional *professional = record;
        JsonObject *name, *qualification;
        const char *profession;

        if (!read_document (r, resource, &professional->document_type,
                            &professional->document_number) ||
            !get_first (r, resource, "name", "name", TRUE, &name) ||
            !get_string (r, name, "text", "name", FALSE, &text))
          return FALSE;
        if (text != NULL)
          {
            professional->name = g_strdup (text);
          }
        else
          {
            /* A name given in parts, by another system. */
            JsonArray *given;
            const char *family;
            g_autoptr(GString) joined = g_string_new (NULL);

            if (!get_array (r, name, "given", "name.given", FALSE, &given) ||
                !get_string (r, name, "family", "name.family", FALSE, &family))
              return FALSE;
            for (guint i = 0; given != NULL && i < json_array_get_length (given); i++)
              {
                const char *part = string_value (json_array_get_element (given, i));

                if (part == NULL)
                  return wrong (r, "name.given");
                g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", part);
              }
            if (family != NULL)
              g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", family);
            if (joined->len == 0)
              return missing (r, "name");
            professional->name = g_string_free (g_steal_pointer (&joined), FALSE);
          }

        if (!get_first (r, resource, "qualification", "qualification", TRUE, &qualification) ||
            !get_concept_code (r, qualification, "code", uri (r->uris, BIE_FHIR_URI_PROFESSION),
                               TRUE, &profession))
          return FALSE;
        professional->profession = g_strdup (profession);

        return read_extension_reference (r, resource, EXT_TEAM, BIE_ENTITY_TEAM, FALSE,
                                         &professional->team_id);
      }

    case BIE_ENTITY_HOUSEHOLD:
      {
        BieHousehold *household = record;
        JsonObject *address_extension, *address, *stratum;
        JsonArray *extensions;

        if (!get_extension (r, resource, EXT_ADDRESS, TRUE, &address_extension) ||
            !get_object (r, address_extension, "valueAddress", EXT_ADDRESS, TRUE, &address) ||
            !get_string (r, address, "text", EXT_ADDRESS, TRUE, &text))
          return FALSE;
        household->address = g_strdup (text);

        if (!get_array (r, address, "extension", EXT_ADDRESS, FALSE, &extensions))
          return FALSE;
        for (guint i = 0; extensions != NULL && i < json_array_get_length (extensions); i++)
          {
            JsonObject *geolocation;
            JsonArray *parts;
            gboolean has_lat = FALSE, has_lon = FALSE;

            if (!get_element (r, extensions, i, EXT_ADDRESS, &geolocation) ||
                !get_string (r, geolocation, "url", EXT_ADDRESS, TRUE, &text))
              return FALSE;
            if (!g_str_equal (text, BIE_FHIR_EXT_GEOLOCATION))
              continue;
            if (!get_array (r, geolocation, "extension", "geolocation", TRUE, &parts))
              return FALSE;
            for (guint k = 0; k < json_array_get_length (parts); k++)
              {
                JsonObject *part;

                if (!get_element (r, parts, k, "geolocation", &part) ||
                    !get_string (r, part, "url", "geolocation", TRUE, &text))
                  return FALSE;
                if (g_str_equal (text, "latitude"))
                  {
                    if (!get_decimal (r, part, "valueDecimal", "geolocation", &household->lat))
                      return FALSE;
                    has_lat = TRUE;
                  }
                else if (g_str_equal (text, "longitude"))
                  {
                    if (!get_decimal (r, part, "valueDecimal", "geolocation", &household->lon))
                      return FALSE;
                    has_lon = TRUE;
                  }
              }
            if (!has_lat || !has_lon)
              return missing (r, "geolocation");
            break;
          }

        if (!read_extension_reference (r, resource, EXT_SECTOR, BIE_ENTITY_SECTOR, TRUE,
                                       &household->sector_id) ||
            !get_extension (r, resource, EXT_STRATUM, FALSE, &stratum))
          return FALSE;

        return stratum == NULL ||
               get_integer (r, stratum, "valueInteger", EXT_STRATUM, &household->stratum);
      }

    case BIE_ENTITY_PERSON:
      {
        static const char *const genders[][2] = {
          { "F", "female" }, { "M", "male" }, { "I", "other" }, { "I", "unknown" },
        };
        BiePerson *person = record;
        JsonObject *name, *relationship;
        JsonArray *given, *telecoms;
        const char *sex;
        g_autoptr(GString) given_names = g_string_new (NULL);

        if (!read_document (r, resource, &person->document_type, &person->document_number) ||
            !get_first (r, resource, "name", "name", TRUE, &name) ||
            !get_string (r, name, "family", "name.family", TRUE, &text) ||
            !get_array (r, name, "given", "name.given", TRUE, &given))
          return FALSE;
        person->family_names = g_strdup (text);
        for (guint i = 0; i < json_array_get_length (given); i++)
          {
            const char *part = string_value (json_array_get_element (given, i));

            if (part == NULL)
              return wrong (r, "name.given");
            g_string_append_printf (given_names, "%s%s", given_names->len > 0 ? " " : "", part);
          }
        person->given_names = g_string_free (g_steal_pointer (&given_names), FALSE);

        if (!get_string (r, resource, "gender", "gender", TRUE, &text))
          return FALSE;
        sex = code_from_fhir (genders, G_N_ELEMENTS (genders), text);
        if (sex == NULL)
          return bad_value (r, "gender");
        person->sex = g_strdup (sex);

        if (!get_string (r, resource, "birthDate", "birthDate", TRUE, &text))
          return FALSE;
        if (!bie_parse_day (text, &(GDate) { 0 }))
          return bad_value (r, "birthDate");
        person->birth_date = g_strdup (text);

        if (!get_array (r, resource, "telecom", "telecom", FALSE, &telecoms))
          return FALSE;
        for (guint i = 0; telecoms != NULL && i < json_array_get_length (telecoms); i++)
          {
            JsonObject *telecom;
            const char *system;

            if (!get_element (r, telecoms, i, "telecom", &telecom) ||
                !get_string (r, telecom, "system", "telecom.system", FALSE, &system))
              return FALSE;
            if (g_strcmp0 (system, "phone") != 0)
              continue;
            if (!get_string (r, telecom, "value", "telecom.value", FALSE, &text))
              return FALSE;
            person->phone = g_strdup (text);
            break;
          }

        if (!read_extension_reference (r, resource, EXT_HOUSEHOLD, BIE_ENTITY_HOUSEHOLD, TRUE,
                                       &person->household_id) ||
            !get_extension (r, resource, EXT_RELATIONSHIP, TRUE, &relationship) ||
            !get_object (r, relationship, "valueCoding", EXT_RELATIONSHIP, TRUE, &relationship) ||
            !get_code (r, relationship, TRUE, uri (r->uris, BIE_FHIR_URI_RELATIONSHIP),
                       EXT_RELATIONSHIP, TRUE, &text))
          return FALSE;
        person->relationship = g_strdup (text);

        /* EPS and régimen come with the Coverage. */
        return TRUE;
      }

    case BIE_ENTITY_RISK:
      {
        BieRisk *risk = record;
        JsonObject *subject, *status;
        g_autofree char *subject_type = NULL;
        g_autofree char *subject_id = NULL;

        if (!get_object (r, resource, "subject", "subject", TRUE, &subject) ||
            !read_reference_id (r, subject, "subject", &subject_type, &subject_id))
          return FALSE;
        if (g_strcmp0 (subject_type, "Patient") == 0 ||
            (subject_type == NULL &&
             r->resolver->row_id (r->resolver->user_data, BIE_ENTITY_PERSON, subject_id) != 0))
          {
            if (!resolve_reference (r, subject, "subject", BIE_ENTITY_PERSON, &risk->person_id) ||
                !read_extension_reference (r, resource, EXT_HOUSEHOLD, BIE_ENTITY_HOUSEHOLD, TRUE,
                                           &risk->household_id))
              return FALSE;
          }
        else if (!resolve_reference (r, subject, "subject", BIE_ENTITY_HOUSEHOLD,
                                     &risk->household_id))
          {
            return FALSE;
          }

        if (!get_concept_code (r, resource, "code", uri (r->uris, BIE_FHIR_URI_RISK), TRUE, &text))
          return FALSE;
        risk->code = g_strdup (text);

        /* The exact status; else what clinicalStatus says. */
        if (!get_extension (r, resource, EXT_RISK_STATUS, FALSE, &status))
          return FALSE;
        if (status != NULL)
          {
            if (!get_object (r, status, "valueCoding", EXT_RISK_STATUS, TRUE, &status) ||
                !get_code (r, status, TRUE, uri (r->uris, BIE_FHIR_URI_RISK_STATUS),
                           EXT_RISK_STATUS, TRUE, &text))
              return FALSE;
            risk->status = g_strdup (text);
          }
        else
          {
            static const char *const clinical[][2] = {
              { "identified", "active" }, { "identified", "recurrence" },
              { "identified", "relapse" }, { "closed", "inactive" },
              { "closed", "remission" }, { "closed", "resolved" },
            };
            const char *code;

            if (!get_concept_code (r, resource, "clinicalStatus", SYSTEM_CLINICAL, TRUE, &text))
              return FALSE;
            code = code_from_fhir (clinical, G_N_ELEMENTS (clinical), text);
            if (code == NULL)
              return bad_value (r, "clinicalStatus");
            risk->status = g_strdup (code);
          }

        if (!get_string (r, resource, "onsetDateTime", "onsetDateTime", TRUE, &text) ||
            !read_day (r, text, "onsetDateTime", &risk->identified_on) ||
            !get_extension_string (r, resource, EXT_MANAGED_ON, "valueDate", FALSE, &text) ||
            !read_day (r, text, EXT_MANAGED_ON, &risk->managed_on) ||
            !get_string (r, resource, "abatementDateTime", "abatementDateTime", FALSE, &text) ||
            !read_day (r, text, "abatementDateTime", &risk->closed_on))
          return FALSE;

        return read_notes (r, resource, "note", &risk->notes);
      }

    case BIE_ENTITY_CARE_PLAN:
      {
        static const char *const statuses[][2] = {
          { "draft", "draft" }, { "active", "active" }, { "active", "on-hold" },
          { "completed", "completed" }, { "cancelled", "revoked" },
          { "cancelled", "entered-in-error" }, { "draft", "unknown" },
        };
        BieCarePlan *plan = record;
        const char *status;

        if (!get_string (r, resource, "status", "status", TRUE, &text))
          return FALSE;
        status = code_from_fhir (statuses, G_N_ELEMENTS (statuses), text);
        if (status == NULL)
          return bad_value (r, "status");
        plan->status = g_strdup (status);

        return read_reference (r, resource, "subject", "subject", BIE_ENTITY_HOUSEHOLD, TRUE,
                               &plan->household_id) &&
               get_string (r, resource, "created", "created", FALSE, &text) &&
               read_day (r, text, "created", &plan->agreed_on) &&
               read_reference (r, resource, "author", "author", BIE_ENTITY_PROFESSIONAL, FALSE,
                               &plan->professional_id);
      }

    case BIE_ENTITY_GOAL:
      {
        static const char *const statuses[][2] = {
          { "proposed", "proposed" }, { "proposed", "planned" }, { "proposed", "accepted" },
          { "active", "active" }, { "active", "on-hold" }, { "achieved", "completed" },
          { "cancelled", "cancelled" }, { "cancelled", "entered-in-error" },
          { "cancelled", "rejected" },
        };
        BieGoal *goal = record;
        JsonObject *description, *target;
        const char *status;

        if (!get_string (r, resource, "lifecycleStatus", "lifecycleStatus", TRUE, &text))
          return FALSE;
        status = code_from_fhir (statuses, G_N_ELEMENTS (statuses), text);
        if (status == NULL)
          return bad_value (r, "lifecycleStatus");
        goal->status = g_strdup (status);

        if (!get_object (r, resource, "description", "description", TRUE, &description) ||
            !get_string (r, description, "text", "description", TRUE, &text))
          return FALSE;
        goal->description = g_strdup (text);

        if (!get_first (r, resource, "target", "target", FALSE, &target) ||
            !get_string (r, target, "dueDate", "target.dueDate", FALSE, &text) ||
            !read_day (r, text, "target.dueDate", &goal->target_date))
          return FALSE;

        return read_first_reference (r, resource, "addresses", NULL, BIE_ENTITY_RISK, FALSE,
                                     &goal->risk_id) &&
               read_extension_reference (r, resource, EXT_CARE_PLAN, BIE_ENTITY_CARE_PLAN, TRUE,
                                         &goal->plan_id);
      }

    case BIE_ENTITY_ACTIVITY:
      {
        static const char *const statuses[][2] = {
          { "planned", "draft" }, { "scheduled", "requested" }, { "scheduled", "received" },
          { "scheduled", "accepted" }, { "scheduled", "ready" }, { "in-progress", "in-progress" },
          { "in-progress", "on-hold" }, { "done", "completed" }, { "cancelled", "cancelled" },
          { "cancelled", "rejected" }, { "cancelled", "entered-in-error" },
          { "not-done", "failed" },
        };
        BieActivity *activity = record;
        JsonObject *reason, *target, *period;
        g_autofree char *target_type = NULL;
        g_autofree char *target_id = NULL;

        /* The exact status; else what Task.status says. */
        if (!get_concept_code (r, resource, "businessStatus",
                               uri (r->uris, BIE_FHIR_URI_ACTIVITY_STATUS), FALSE, &text))
          return FALSE;
        if (text == NULL)
          {
            if (!get_string (r, resource, "status", "status", TRUE, &text))
              return FALSE;
            text = code_from_fhir (statuses, G_N_ELEMENTS (statuses), text);
            if (text == NULL)
              return bad_value (r, "status");
          }
        activity->status = g_strdup (text);

        if (!get_object (r, resource, "statusReason", "statusReason", FALSE, &reason) ||
            !get_string (r, reason, "text", "statusReason", FALSE, &text))
          return FALSE;
        activity->status_reason = g_strdup (text);

        if (!get_concept_code (r, resource, "code", uri (r->uris, BIE_FHIR_URI_ACTIVITY_KIND),
                               TRUE, &text))
          return FALSE;
        activity->kind = g_strdup (text);

        if (!read_first_reference (r, resource, "basedOn", NULL, BIE_ENTITY_CARE_PLAN, TRUE,
                                   &activity->plan_id) ||
            !read_reference (r, resource, "focus", "focus", BIE_ENTITY_GOAL, FALSE,
                             &activity->goal_id) ||
            !read_reference (r, resource, "owner", "owner", BIE_ENTITY_PROFESSIONAL, FALSE,
                             &activity->professional_id))
          return FALSE;

        /* For a person; for a Group is the whole family. */
        if (!get_object (r, resource, "for", "for", FALSE, &target))
          return FALSE;
        if (target != NULL)
          {
            if (!read_reference_id (r, target, "for", &target_type, &target_id))
              return FALSE;
            if (g_strcmp0 (target_type, "Group") != 0 &&
                !resolve_reference (r, target, "for", BIE_ENTITY_PERSON, &activity->person_id))
              return FALSE;
          }

        if (!get_object (r, resource, "executionPeriod", "executionPeriod", FALSE, &period) ||
            !get_string (r, period, "start", "executionPeriod.start", FALSE, &text) ||
            !read_day (r, text, "executionPeriod.start", &activity->start_date) ||
            !get_string (r, period, "end", "executionPeriod.end", FALSE, &text) ||
            !read_day (r, text, "executionPeriod.end", &activity->end_date))
          return FALSE;

        return TRUE;
      }

    case BIE_ENTITY_ENCOUNTER:
      {
        BieEncounter *encounter = record;
        JsonObject *klass, *period;
        JsonArray *types, *extensions;
        g_autoptr(GString) participants = g_string_new (NULL);

        /* The kind is our type coding; else what the class says. */
        if (!get_array (r, resource, "type", "type", FALSE, &types))
          return FALSE;
        for (guint i = 0; types != NULL && text == NULL && i < json_array_get_length (types); i++)
          {
            JsonObject *type;

            if (!get_element (r, types, i, "type", &type) ||
                !get_code (r, type, FALSE, uri (r->uris, BIE_FHIR_URI_ENCOUNTER_KIND), "type",
                           FALSE, &text))
              return FALSE;
          }
        if (text == NULL)
          {
            const char *code;

            if (!get_object (r, resource, "class", "class", TRUE, &klass) ||
                !get_code (r, klass, TRUE, SYSTEM_ACT_CODE, "class", TRUE, &code))
              return FALSE;
            if (g_str_equal (code, "HH"))
              text = "home-visit";
            else if (g_str_equal (code, "VR"))
              text = "call";
            else
              return missing (r, "type");
          }
        encounter->kind = g_strdup (text);

        if (!read_reference (r, resource, "subject", "subject", BIE_ENTITY_HOUSEHOLD, TRUE,
                             &encounter->household_id) ||
            !read_first_reference (r, resource, "participant", "individual",
                                   BIE_ENTITY_PROFESSIONAL, FALSE, &encounter->professional_id) ||
            !get_object (r, resource, "period", "period", TRUE, &period) ||
            !get_string (r, period, "start", "period.start", TRUE, &text) ||
            !read_moment (r, text, "period.start", &encounter->date))
          return FALSE;

        /* The persons present, as uuids: the uuid each Patient gives. */
        if (!get_array (r, resource, "extension", "extension", FALSE, &extensions))
          return FALSE;
        for (guint i = 0; extensions != NULL && i < json_array_get_length (extensions); i++)
          {
            JsonObject *extension, *reference;
            g_autofree char *type = NULL;
            g_autofree char *id = NULL;
            g_autofree char *uuid = NULL;

            if (!get_element (r, extensions, i, "extension", &extension) ||
                !get_string (r, extension, "url", "extension.url", TRUE, &text))
              return FALSE;
            if (!is_extension (r->uris, text, EXT_PARTICIPANT))
              continue;
            if (!get_object (r, extension, "valueReference", EXT_PARTICIPANT, TRUE, &reference) ||
                !read_reference_id (r, reference, EXT_PARTICIPANT, &type, &id))
              return FALSE;
            if (type != NULL && !g_str_equal (type, "Patient"))
              return bad_value (r, EXT_PARTICIPANT);
            uuid = uuid_for_fhir_id ("Patient", id);
            g_string_append_printf (participants, "%s%s", participants->len > 0 ? "," : "", uuid);
          }
        if (participants->len > 0)
          encounter->participants = g_string_free (g_steal_pointer (&participants), FALSE);

        if (!get_extension_string (r, resource, EXT_NOTES, "valueString", FALSE, &text))
          return FALSE;
        encounter->notes = g_strdup (text);

        return TRUE;
      }

    case BIE_ENTITY_APPOINTMENT:
      {
        static const char *const statuses[][2] = {
          { "pending", "proposed" }, { "pending", "pending" }, { "pending", "waitlist" },
          { "assigned", "booked" }, { "assigned", "arrived" }, { "assigned", "checked-in" },
          { "attended", "fulfilled" }, { "missed", "noshow" }, { "cancelled", "cancelled" },
          { "cancelled", "entered-in-error" },
        };
        BieAppointment *appointment = record;
        JsonObject *outcome, *service, *barrier, *participant;
        JsonArray *participants;

        if (!get_extension (r, resource, EXT_OUTCOME, FALSE, &outcome))
          return FALSE;
        if (outcome != NULL)
          {
            if (!get_object (r, outcome, "valueCoding", EXT_OUTCOME, TRUE, &outcome) ||
                !get_code (r, outcome, TRUE, uri (r->uris, BIE_FHIR_URI_APPOINTMENT_OUTCOME),
                           EXT_OUTCOME, TRUE, &text))
              return FALSE;
          }
        else
          {
            if (!get_string (r, resource, "status", "status", TRUE, &text))
              return FALSE;
            text = code_from_fhir (statuses, G_N_ELEMENTS (statuses), text);
            if (text == NULL)
              return bad_value (r, "status");
          }
        appointment->outcome = g_strdup (text);

        if (!get_first (r, resource, "serviceType", "serviceType", TRUE, &service) ||
            !get_code (r, service, FALSE, uri (r->uris, BIE_FHIR_URI_SERVICE), "serviceType",
                       TRUE, &text))
          return FALSE;
        appointment->service = g_strdup (text);

        if (!get_extension (r, resource, EXT_BARRIER, FALSE, &barrier))
          return FALSE;
        if (barrier != NULL)
          {
            if (!get_concept_code (r, barrier, "valueCodeableConcept",
                                   uri (r->uris, BIE_FHIR_URI_BARRIER), TRUE, &text))
              return FALSE;
            appointment->barrier = g_strdup (text);
          }

        if (!get_string (r, resource, "created", "created", TRUE, &text) ||
            !read_day (r, text, "created", &appointment->requested_on) ||
            !get_extension_string (r, resource, EXT_ATTENDED_ON, "valueDate", FALSE, &text) ||
            !read_day (r, text, EXT_ATTENDED_ON, &appointment->attended_on) ||
            !get_extension_string (r, resource, EXT_ASSIGNED_ON, "valueDate", FALSE, &text) ||
            !read_day (r, text, EXT_ASSIGNED_ON, &appointment->assigned_on))
          return FALSE;
        /* Written by another system: the day is the start's. */
        if (outcome == NULL && appointment->assigned_on == NULL &&
            (!get_string (r, resource, "start", "start", FALSE, &text) ||
             !read_day (r, text, "start", &appointment->assigned_on)))
          return FALSE;

        if (!read_extension_reference (r, resource, EXT_HOUSEHOLD, BIE_ENTITY_HOUSEHOLD, TRUE,
                                       &appointment->household_id))
          return FALSE;

        /* The Patient among the participants. */
        if (!get_array (r, resource, "participant", "participant", TRUE, &participants))
          return FALSE;
        for (guint i = 0; i < json_array_get_length (participants); i++)
          {
            JsonObject *actor;
            g_autofree char *type = NULL;
            g_autofree char *id = NULL;

            if (!get_element (r, participants, i, "participant", &participant) ||
                !get_object (r, participant, "actor", "participant.actor", FALSE, &actor))
              return FALSE;
            if (actor == NULL)
              continue;
            if (!read_reference_id (r, actor, "participant.actor", &type, &id))
              return FALSE;
            if (type != NULL && !g_str_equal (type, "Patient"))
              continue;
            if (!resolve_reference (r, actor, "participant.actor", BIE_ENTITY_PERSON,
                                    &appointment->person_id))
              return FALSE;
            break;
          }
        if (appointment->person_id == 0)
          return missing (r, "participant.actor");

        if (!get_string (r, resource, "comment", "comment", FALSE, &text))
          return FALSE;
        appointment->notes = g_strdup (text);

        return TRUE;
      }

    case BIE_ENTITY_VACCINATION:
      {
        BieVaccination *vaccination = record;
        JsonObject *protocol;

        if (!get_string (r, resource, "status", "status", TRUE, &text))
          return FALSE;
        if (!g_str_equal (text, "completed") && !g_str_equal (text, "not-done"))
          return bad_value (r, "status");
        vaccination->status = g_strdup (text);

        if (!get_concept_code (r, resource, "vaccineCode", uri (r->uris, BIE_FHIR_URI_VACCINE),
                               TRUE, &text))
          return FALSE;
        vaccination->vaccine = g_strdup (text);

        if (!read_reference (r, resource, "patient", "patient", BIE_ENTITY_PERSON, TRUE,
                             &vaccination->person_id) ||
            !get_string (r, resource, "occurrenceDateTime", "occurrenceDateTime", FALSE, &text) ||
            !read_day (r, text, "occurrenceDateTime", &vaccination->date))
          return FALSE;
        /* Else occurrenceString: a day not recorded. */

        if (!get_first (r, resource, "protocolApplied", "protocolApplied", FALSE, &protocol))
          return FALSE;
        if (protocol != NULL && member (protocol, "doseNumberPositiveInt") != NULL)
          {
            if (!get_integer (r, protocol, "doseNumberPositiveInt", "protocolApplied",
                              &vaccination->dose))
              return FALSE;
            if (vaccination->dose <= 0)
              return bad_value (r, "protocolApplied");
          }

        return TRUE;
      }

    case BIE_N_ENTITIES:
    default:
      g_assert_not_reached ();
    }
}

/* The resource's type and id, checked. */
static gboolean
read_type_and_id (JsonObject  *resource,
                  const char **type,
                  const char **id,
                  GError     **error)
{
  *type = peek_string (resource, "resourceType");
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

  *id = peek_string (resource, "id");
  if (*id == NULL || !is_fhir_id (*id))
    {
      /* Translators: %s is a FHIR resource type, such as Patient */
      if (member (resource, "id") == NULL)
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
bie_fhir_entity_for_resource (const BieFhirUris  *uris,
                              JsonObject         *resource,
                              BieEntity          *entity,
                              GError            **error)
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
      JsonArray *identifiers = peek_array (resource, "identifier");

      for (guint i = 0; identifiers != NULL && i < json_array_get_length (identifiers); i++)
        {
          JsonNode *node = json_array_get_element (identifiers, i);
          const char *system;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          system = peek_string (json_node_get_object (node), "system");
          for (BieEntity e = BIE_ENTITY_SUBRED; system != NULL && e <= BIE_ENTITY_SECTOR; e++)
            if (g_str_equal (system, uri (uris, location_systems[e])))
              {
                *entity = e;
                return TRUE;
              }
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

/* meta.versionId and meta.lastUpdated into the record. */
static gboolean
read_meta (Reader     *r,
           JsonObject *resource,
           BieRecord  *header)
{
  JsonObject *meta;
  const char *version, *updated;
  g_autoptr(GDateTime) moment = NULL;

  if (!get_object (r, resource, "meta", "meta", FALSE, &meta) ||
      !get_string (r, meta, "versionId", "meta.versionId", FALSE, &version) ||
      !get_string (r, meta, "lastUpdated", "meta.lastUpdated", FALSE, &updated))
    return FALSE;

  header->version = g_strdup (version);
  if (updated != NULL)
    {
      if (strlen (updated) > 64 || strchr (updated, 'T') == NULL ||
          (moment = g_date_time_new_from_iso8601 (updated, NULL)) == NULL)
        return bad_value (r, "meta.lastUpdated");
      header->updated_at = g_date_time_to_unix (moment) * G_USEC_PER_SEC +
                           g_date_time_get_microsecond (moment);
    }

  return TRUE;
}

/* The uuid the record was given, from its identifier when it has one. */
static gboolean
read_uuid (Reader     *r,
           JsonObject *resource,
           BieRecord  *header)
{
  JsonArray *identifiers;

  if (!get_array (r, resource, "identifier", "identifier", FALSE, &identifiers))
    return FALSE;
  for (guint i = 0; identifiers != NULL && i < json_array_get_length (identifiers); i++)
    {
      JsonObject *identifier;
      const char *value;

      if (!get_element (r, identifiers, i, "identifier", &identifier))
        return FALSE;
      if (g_strcmp0 (peek_string (identifier, "system"), SYSTEM_URI) != 0)
        continue;
      value = peek_string (identifier, "value");
      if (value == NULL || !g_str_has_prefix (value, "urn:uuid:"))
        continue;
      if (!g_uuid_string_is_valid (value + strlen ("urn:uuid:")))
        return bad_value (r, "identifier");
      header->uuid = g_ascii_strdown (value + strlen ("urn:uuid:"), -1);
      return TRUE;
    }

  header->uuid = uuid_for_fhir_id (r->type, r->id);
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
                    JsonObject             *resource,
                    BieEntity              *entity,
                    GError                **error)
{
  Reader r = { uris, resolver, NULL, NULL, error };
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
      !read_record (&r, resource, kind, record))
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
bie_fhir_is_coverage (JsonObject *resource)
{
  g_return_val_if_fail (resource != NULL, FALSE);

  return g_strcmp0 (peek_string (resource, "resourceType"), "Coverage") == 0;
}

/**
 * bie_fhir_coverage_from_person:
 * @previous: (nullable): the last version the server gave
 * @sector_code: (nullable): the sector of the person's household
 *
 * The person's insurance (EPS as the payor, régimen as the type), with the
 * id bie_fhir_coverage_id() gives the person's FHIR id. A person with no
 * EPS pays for themself: the payor is then the Patient.
 *
 * Returns: (transfer full) (nullable): the Coverage; %NULL when the person
 *   has neither EPS nor régimen
 */
JsonObject *
bie_fhir_coverage_from_person (const BieFhirUris     *uris,
                               const BieFhirResolver *resolver,
                               const BiePerson       *person,
                               JsonObject            *previous,
                               const char            *sector_code)
{
  Writer w = { uris, resolver, BIE_N_ENTITIES, NULL };
  const char *patient_id;
  g_autofree char *id = NULL;
  g_autofree char *patient_reference = NULL;
  JsonObject *payor, *beneficiary;

  g_return_val_if_fail (uris != NULL, NULL);
  g_return_val_if_fail (person != NULL && person->record.uuid != NULL, NULL);

  if (is_blank (person->eps_code) && is_blank (person->regimen))
    return NULL;

  patient_id = record_fhir_id (&person->record);
  id = bie_fhir_coverage_id (patient_id);
  begin_resource (&w, "Coverage", id, previous, sector_code);

  json_object_set_string_member (w.resource, "status", "active");
  beneficiary = reference_new ("Patient", patient_id);
  json_object_set_object_member (w.resource, "beneficiary", beneficiary);
  if (!is_blank (person->regimen))
    json_object_set_object_member (w.resource, "type",
                                   concept_new (uri (uris, BIE_FHIR_URI_REGIMEN), person->regimen));
  if (!is_blank (person->eps_code))
    {
      JsonObject *identifier = json_object_new ();

      payor = json_object_new ();
      json_object_set_string_member (identifier, "system", uri (uris, BIE_FHIR_URI_EPS));
      json_object_set_string_member (identifier, "value", person->eps_code);
      json_object_set_object_member (payor, "identifier", identifier);
    }
  else
    {
      payor = reference_new ("Patient", patient_id);
    }
  json_array_add_object_element (array_member (w.resource, "payor"), payor);

  return w.resource;
}

static gboolean
read_coverage_beneficiary (Reader      *r,
                           JsonObject  *coverage,
                           char       **patient_id)
{
  JsonObject *beneficiary;
  g_autofree char *type = NULL;

  if (!get_object (r, coverage, "beneficiary", "beneficiary", TRUE, &beneficiary) ||
      !read_reference_id (r, beneficiary, "beneficiary", &type, patient_id))
    return FALSE;
  if (type != NULL && !g_str_equal (type, "Patient"))
    return bad_value (r, "beneficiary");

  return TRUE;
}

static gboolean
begin_coverage (Reader     *r,
                JsonObject *coverage,
                GError    **error)
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
bie_fhir_coverage_patient_id (JsonObject  *coverage,
                              GError     **error)
{
  Reader r = { bie_fhir_uris_default (), NULL, NULL, NULL, error };
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
bie_fhir_apply_coverage (const BieFhirUris  *uris,
                         JsonObject         *coverage,
                         BiePerson          *person,
                         GError            **error)
{
  Reader r = { uris, NULL, NULL, NULL, error };
  g_autofree char *patient_id = NULL;
  const char *status, *eps = NULL, *regimen = NULL;
  JsonArray *payors;

  g_return_val_if_fail (uris != NULL, FALSE);
  g_return_val_if_fail (coverage != NULL, FALSE);
  g_return_val_if_fail (person != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!begin_coverage (&r, coverage, error) ||
      !read_coverage_beneficiary (&r, coverage, &patient_id) ||
      !get_string (&r, coverage, "status", "status", TRUE, &status))
    return FALSE;
  if (g_strcmp0 (patient_id, record_fhir_id (&person->record)) != 0)
    {
      /* Translators: %s is the id of a FHIR Coverage (insurance) */
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                   _("The Coverage “%s” is not of the person it was given for."), r.id);
      return FALSE;
    }

  if (!get_array (&r, coverage, "payor", "payor", TRUE, &payors))
    return FALSE;
  for (guint i = 0; eps == NULL && i < json_array_get_length (payors); i++)
    {
      JsonObject *payor, *identifier;
      const char *system;

      if (!get_element (&r, payors, i, "payor", &payor) ||
          !get_object (&r, payor, "identifier", "payor.identifier", FALSE, &identifier) ||
          !get_string (&r, identifier, "system", "payor.identifier", FALSE, &system))
        return FALSE;
      if (g_strcmp0 (system, uri (uris, BIE_FHIR_URI_EPS)) == 0 &&
          !get_string (&r, identifier, "value", "payor.identifier", TRUE, &eps))
        return FALSE;
    }
  if (!get_concept_code (&r, coverage, "type", uri (uris, BIE_FHIR_URI_REGIMEN), FALSE, &regimen))
    return FALSE;

  if (g_str_equal (status, "cancelled") || g_str_equal (status, "entered-in-error"))
    eps = regimen = NULL;

  g_free (person->eps_code);
  person->eps_code = g_strdup (eps);
  g_free (person->regimen);
  person->regimen = g_strdup (regimen);

  return TRUE;
}
