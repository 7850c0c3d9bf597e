/* bie-fhir-map-read.c: FHIR resources to records
 *
 * A resource may come from Bienestar or from another system. Where a
 * FHIR code is coarser than Bienestar's, the exact one travels alongside
 * it, in a coding or an extension of Bienestar's, and is read when there;
 * else the FHIR code is read back through a table of (ours, FHIR's) pairs.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-fhir-map"

#include "config.h"

#include <string.h>

#include "bie-fhir-map-private.h"
#include "bie-geometry.h"
#include "bie-validation.h"

static gboolean
read_location (BieFhirReader       *r,
               const BieJsonValue  *resource,
               BieEntity            entity,
               char               **code,
               char               **name)
{
  const char *system = bie_fhir_location_system (r->uris, entity);
  const BieJsonValue *identifiers;
  const char *text;

  if (!bie_fhir_get_array (r, resource, "identifier", "identifier", TRUE, &identifiers))
    return FALSE;
  for (guint i = 0; *code == NULL && i < identifiers->length; i++)
    {
      const BieJsonValue *identifier;
      const char *identifier_system;

      if (!bie_fhir_get_element (r, identifiers, i, "identifier", &identifier) ||
          !bie_fhir_get_string (r, identifier, "system", "identifier.system", FALSE,
                                &identifier_system))
        return FALSE;
      if (g_strcmp0 (identifier_system, system) != 0)
        continue;
      if (!bie_fhir_get_string (r, identifier, "value", "identifier.value", TRUE, &text))
        return FALSE;
      *code = g_strdup (text);
    }
  if (*code == NULL)
    return bie_fhir_missing (r, "identifier");

  if (!bie_fhir_get_string (r, resource, "name", "name", TRUE, &text))
    return FALSE;
  *name = g_strdup (text);

  return TRUE;
}

/* The geometry and its bounds, which are derived: recomputed from it. */
static gboolean
read_boundary (BieFhirReader       *r,
               const BieJsonValue  *resource,
               char               **geometry,
               double              *min_lon,
               double              *min_lat,
               double              *max_lon,
               double              *max_lat)
{
  const BieJsonValue *extension, *attachment;
  const char *data;
  g_autofree guchar *decoded = NULL;
  gsize length = 0;
  g_autoptr(BieGeometry) parsed = NULL;
  g_autoptr(GError) local_error = NULL;
  guint significant = 0;

  if (!bie_fhir_get_extension (r, resource, BIE_FHIR_EXT_BOUNDARY, FALSE, &extension))
    return FALSE;
  if (extension == NULL)
    return TRUE;
  if (!bie_fhir_get_object (r, extension, "valueAttachment", "location-boundary-geojson", TRUE,
                            &attachment) ||
      !bie_fhir_get_string (r, attachment, "data", "location-boundary-geojson", TRUE, &data))
    return FALSE;

  /* base64Binary: the alphabet, padding, and whitespace between. */
  for (const char *p = data; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '+' || *p == '/' || *p == '=')
        significant++;
      else if (!g_ascii_isspace (*p))
        return bie_fhir_bad_value (r, "location-boundary-geojson");
    }
  if (significant % 4 != 0)
    return bie_fhir_bad_value (r, "location-boundary-geojson");

  decoded = g_base64_decode (data, &length);
  if (length == 0 || memchr (decoded, '\0', length) != NULL ||
      !g_utf8_validate ((const char *) decoded, length, NULL))
    return bie_fhir_bad_value (r, "location-boundary-geojson");

  *geometry = g_strndup ((const char *) decoded, length);
  parsed = bie_geometry_new_from_geojson (*geometry, &local_error);
  if (parsed == NULL || parsed->n_points == 0)
    return bie_fhir_bad_value (r, "location-boundary-geojson");

  *min_lon = parsed->min_lon;
  *min_lat = parsed->min_lat;
  *max_lon = parsed->max_lon;
  *max_lat = parsed->max_lat;

  return TRUE;
}

/* The document of a Patient or Practitioner: the identifier whose system
 * is the document type URI + "/" + the type. */
static gboolean
read_document (BieFhirReader       *r,
               const BieJsonValue  *resource,
               char               **type,
               char               **number)
{
  const char *base = bie_fhir_uris_get (r->uris, BIE_FHIR_URI_DOCUMENT_TYPE);
  const BieJsonValue *identifiers;

  if (!bie_fhir_get_array (r, resource, "identifier", "identifier", TRUE, &identifiers))
    return FALSE;
  for (guint i = 0; i < identifiers->length; i++)
    {
      const BieJsonValue *identifier;
      const char *system, *value;

      if (!bie_fhir_get_element (r, identifiers, i, "identifier", &identifier) ||
          !bie_fhir_get_string (r, identifier, "system", "identifier.system", FALSE, &system))
        return FALSE;
      if (system == NULL || !bie_fhir_is_document_system (r->uris, system))
        continue;
      if (!bie_fhir_get_string (r, identifier, "value", "identifier.value", TRUE, &value))
        return FALSE;
      *type = g_strdup (system + strlen (base) + 1);
      *number = g_strdup (value);
      return TRUE;
    }

  return bie_fhir_missing (r, "identifier");
}

/* The text of the first Annotation of @name, joined when several. */
static gboolean
read_notes (BieFhirReader       *r,
            const BieJsonValue  *resource,
            const char          *name,
            char               **out)
{
  const BieJsonValue *notes;
  g_autoptr(GString) text = NULL;

  if (!bie_fhir_get_array (r, resource, name, name, FALSE, &notes))
    return FALSE;
  for (guint i = 0; notes != NULL && i < notes->length; i++)
    {
      const BieJsonValue *note;
      const char *note_text;

      if (!bie_fhir_get_element (r, notes, i, name, &note) ||
          !bie_fhir_get_string (r, note, "text", name, FALSE, &note_text))
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

/* The fields of @record, a record of @entity, from @resource. */
gboolean
bie_fhir_read_record (BieFhirReader      *r,
                      const BieJsonValue *resource,
                      BieEntity           entity,
                      gpointer            record)
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
               bie_fhir_read_reference (r, resource, "partOf", "partOf", BIE_ENTITY_SUBRED, TRUE,
                                        &localidad->subred_id) &&
               read_boundary (r, resource, &localidad->geometry, &localidad->min_lon,
                              &localidad->min_lat, &localidad->max_lon, &localidad->max_lat);
      }

    case BIE_ENTITY_UPZ:
      {
        BieUpz *upz = record;

        return read_location (r, resource, entity, &upz->code, &upz->name) &&
               bie_fhir_read_reference (r, resource, "partOf", "partOf", BIE_ENTITY_LOCALIDAD, TRUE,
                                        &upz->localidad_id);
      }

    case BIE_ENTITY_SECTOR:
      {
        BieSector *sector = record;
        const BieJsonValue *localidad, *generated;

        if (!read_location (r, resource, entity, &sector->code, &sector->name) ||
            !bie_fhir_get_extension (r, resource, EXT_LOCALIDAD, FALSE, &localidad))
          return FALSE;
        /* Under a UPZ the localidad is in an extension. */
        if (localidad != NULL)
          {
            if (!bie_fhir_read_reference (r, localidad, "valueReference", EXT_LOCALIDAD,
                                          BIE_ENTITY_LOCALIDAD, TRUE, &sector->localidad_id) ||
                !bie_fhir_read_reference (r, resource, "partOf", "partOf", BIE_ENTITY_UPZ, TRUE,
                                          &sector->upz_id))
              return FALSE;
          }
        else if (!bie_fhir_read_reference (r, resource, "partOf", "partOf", BIE_ENTITY_LOCALIDAD,
                                           TRUE, &sector->localidad_id))
          {
            return FALSE;
          }

        if (!bie_fhir_get_extension (r, resource, EXT_GENERATED, FALSE, &generated) ||
            (generated != NULL &&
             !bie_fhir_get_boolean (r, generated, "valueBoolean", EXT_GENERATED,
                                    &sector->generated)))
          return FALSE;

        return read_boundary (r, resource, &sector->geometry, &sector->min_lon, &sector->min_lat,
                              &sector->max_lon, &sector->max_lat);
      }

    case BIE_ENTITY_TEAM:
      {
        BieTeam *team = record;

        if (!bie_fhir_get_string (r, resource, "name", "name", TRUE, &text))
          return FALSE;
        team->name = g_strdup (text);

        return bie_fhir_read_extension_reference (r, resource, EXT_SUBRED, BIE_ENTITY_SUBRED, FALSE,
                                                  &team->subred_id);
      }

    case BIE_ENTITY_PROFESSIONAL:
      {
        BieProfessional *professional = record;
        const BieJsonValue *name, *qualification;
        const char *profession;

        if (!read_document (r, resource, &professional->document_type,
                            &professional->document_number) ||
            !bie_fhir_get_first (r, resource, "name", "name", TRUE, &name) ||
            !bie_fhir_get_string (r, name, "text", "name", FALSE, &text))
          return FALSE;
        if (text != NULL)
          {
            professional->name = g_strdup (text);
          }
        else
          {
            /* A name given in parts, by another system. */
            const BieJsonValue *given;
            const char *family;
            g_autoptr(GString) joined = g_string_new (NULL);

            if (!bie_fhir_get_array (r, name, "given", "name.given", FALSE, &given) ||
                !bie_fhir_get_string (r, name, "family", "name.family", FALSE, &family))
              return FALSE;
            for (guint i = 0; given != NULL && i < given->length; i++)
              {
                const char *part = bie_json_value_string (bie_json_value_element (given, i));

                if (part == NULL)
                  return bie_fhir_wrong (r, "name.given");
                g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", part);
              }
            if (family != NULL)
              g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", family);
            if (joined->len == 0)
              return bie_fhir_missing (r, "name");
            professional->name = g_string_free (g_steal_pointer (&joined), FALSE);
          }

        if (!bie_fhir_get_first (r, resource, "qualification", "qualification", TRUE,
                                 &qualification) ||
            !bie_fhir_get_concept_code (r, qualification, "code",
                                        bie_fhir_uris_get (r->uris, BIE_FHIR_URI_PROFESSION),
                                        TRUE, &profession))
          return FALSE;
        professional->profession = g_strdup (profession);

        return bie_fhir_read_extension_reference (r, resource, EXT_TEAM, BIE_ENTITY_TEAM, FALSE,
                                                  &professional->team_id);
      }

    case BIE_ENTITY_HOUSEHOLD:
      {
        BieHousehold *household = record;
        const BieJsonValue *address_extension, *address, *stratum;
        const BieJsonValue *extensions;

        if (!bie_fhir_get_extension (r, resource, EXT_ADDRESS, TRUE, &address_extension) ||
            !bie_fhir_get_object (r, address_extension, "valueAddress", EXT_ADDRESS, TRUE,
                                  &address) ||
            !bie_fhir_get_string (r, address, "text", EXT_ADDRESS, TRUE, &text))
          return FALSE;
        household->address = g_strdup (text);

        if (!bie_fhir_get_array (r, address, "extension", EXT_ADDRESS, FALSE, &extensions))
          return FALSE;
        for (guint i = 0; extensions != NULL && i < extensions->length; i++)
          {
            const BieJsonValue *geolocation;
            const BieJsonValue *parts;
            gboolean has_lat = FALSE, has_lon = FALSE;

            if (!bie_fhir_get_element (r, extensions, i, EXT_ADDRESS, &geolocation) ||
                !bie_fhir_get_string (r, geolocation, "url", EXT_ADDRESS, TRUE, &text))
              return FALSE;
            if (!g_str_equal (text, BIE_FHIR_EXT_GEOLOCATION))
              continue;
            if (!bie_fhir_get_array (r, geolocation, "extension", "geolocation", TRUE, &parts))
              return FALSE;
            for (guint k = 0; k < parts->length; k++)
              {
                const BieJsonValue *part;

                if (!bie_fhir_get_element (r, parts, k, "geolocation", &part) ||
                    !bie_fhir_get_string (r, part, "url", "geolocation", TRUE, &text))
                  return FALSE;
                if (g_str_equal (text, "latitude"))
                  {
                    if (!bie_fhir_get_decimal (r, part, "valueDecimal", "geolocation",
                                               &household->lat))
                      return FALSE;
                    has_lat = TRUE;
                  }
                else if (g_str_equal (text, "longitude"))
                  {
                    if (!bie_fhir_get_decimal (r, part, "valueDecimal", "geolocation",
                                               &household->lon))
                      return FALSE;
                    has_lon = TRUE;
                  }
              }
            if (!has_lat || !has_lon)
              return bie_fhir_missing (r, "geolocation");
            break;
          }

        if (!bie_fhir_read_extension_reference (r, resource, EXT_SECTOR, BIE_ENTITY_SECTOR, TRUE,
                                                &household->sector_id) ||
            !bie_fhir_get_extension (r, resource, EXT_STRATUM, FALSE, &stratum))
          return FALSE;

        return stratum == NULL ||
               bie_fhir_get_integer (r, stratum, "valueInteger", EXT_STRATUM, &household->stratum);
      }

    case BIE_ENTITY_PERSON:
      {
        static const char *const genders[][2] = {
          { "F", "female" }, { "M", "male" }, { "I", "other" }, { "I", "unknown" },
        };
        BiePerson *person = record;
        const BieJsonValue *name, *relationship;
        const BieJsonValue *given, *telecoms;
        const char *sex;
        g_autoptr(GString) given_names = g_string_new (NULL);

        if (!read_document (r, resource, &person->document_type, &person->document_number) ||
            !bie_fhir_get_first (r, resource, "name", "name", TRUE, &name) ||
            !bie_fhir_get_string (r, name, "family", "name.family", TRUE, &text) ||
            !bie_fhir_get_array (r, name, "given", "name.given", TRUE, &given))
          return FALSE;
        person->family_names = g_strdup (text);
        for (guint i = 0; i < given->length; i++)
          {
            const char *part = bie_json_value_string (bie_json_value_element (given, i));

            if (part == NULL)
              return bie_fhir_wrong (r, "name.given");
            g_string_append_printf (given_names, "%s%s", given_names->len > 0 ? " " : "", part);
          }
        person->given_names = g_string_free (g_steal_pointer (&given_names), FALSE);

        if (!bie_fhir_get_string (r, resource, "gender", "gender", TRUE, &text))
          return FALSE;
        sex = code_from_fhir (genders, G_N_ELEMENTS (genders), text);
        if (sex == NULL)
          return bie_fhir_bad_value (r, "gender");
        person->sex = g_strdup (sex);

        if (!bie_fhir_get_string (r, resource, "birthDate", "birthDate", TRUE, &text))
          return FALSE;
        if (!bie_parse_day (text, &(GDate) { 0 }))
          return bie_fhir_bad_value (r, "birthDate");
        person->birth_date = g_strdup (text);

        if (!bie_fhir_get_array (r, resource, "telecom", "telecom", FALSE, &telecoms))
          return FALSE;
        for (guint i = 0; telecoms != NULL && i < telecoms->length; i++)
          {
            const BieJsonValue *telecom;
            const char *system;

            if (!bie_fhir_get_element (r, telecoms, i, "telecom", &telecom) ||
                !bie_fhir_get_string (r, telecom, "system", "telecom.system", FALSE, &system))
              return FALSE;
            if (g_strcmp0 (system, "phone") != 0)
              continue;
            if (!bie_fhir_get_string (r, telecom, "value", "telecom.value", FALSE, &text))
              return FALSE;
            person->phone = g_strdup (text);
            break;
          }

        if (!bie_fhir_read_extension_reference (r, resource, EXT_HOUSEHOLD, BIE_ENTITY_HOUSEHOLD,
                                                TRUE, &person->household_id) ||
            !bie_fhir_get_extension (r, resource, EXT_RELATIONSHIP, TRUE, &relationship) ||
            !bie_fhir_get_object (r, relationship, "valueCoding", EXT_RELATIONSHIP, TRUE,
                                  &relationship) ||
            !bie_fhir_get_code (r, relationship, TRUE,
                                bie_fhir_uris_get (r->uris, BIE_FHIR_URI_RELATIONSHIP),
                                EXT_RELATIONSHIP, TRUE, &text))
          return FALSE;
        person->relationship = g_strdup (text);

        /* EPS and régimen come with the Coverage. */
        return TRUE;
      }

    case BIE_ENTITY_RISK:
      {
        BieRisk *risk = record;
        const BieJsonValue *subject, *status;
        g_autofree char *subject_type = NULL;
        g_autofree char *subject_id = NULL;

        if (!bie_fhir_get_object (r, resource, "subject", "subject", TRUE, &subject) ||
            !bie_fhir_read_reference_id (r, subject, "subject", &subject_type, &subject_id))
          return FALSE;
        if (g_strcmp0 (subject_type, "Patient") == 0 ||
            (subject_type == NULL &&
             r->resolver->row_id (r->resolver->user_data, BIE_ENTITY_PERSON, subject_id) != 0))
          {
            if (!bie_fhir_resolve_reference (r, subject, "subject", BIE_ENTITY_PERSON,
                                             &risk->person_id) ||
                !bie_fhir_read_extension_reference (r, resource, EXT_HOUSEHOLD,
                                                    BIE_ENTITY_HOUSEHOLD, TRUE,
                                                    &risk->household_id))
              return FALSE;
          }
        else if (!bie_fhir_resolve_reference (r, subject, "subject", BIE_ENTITY_HOUSEHOLD,
                                              &risk->household_id))
          {
            return FALSE;
          }

        if (!bie_fhir_get_concept_code (r, resource, "code",
                                        bie_fhir_uris_get (r->uris, BIE_FHIR_URI_RISK), TRUE,
                                        &text))
          return FALSE;
        risk->code = g_strdup (text);

        /* The exact status; else what clinicalStatus says. */
        if (!bie_fhir_get_extension (r, resource, EXT_RISK_STATUS, FALSE, &status))
          return FALSE;
        if (status != NULL)
          {
            if (!bie_fhir_get_object (r, status, "valueCoding", EXT_RISK_STATUS, TRUE, &status) ||
                !bie_fhir_get_code (r, status, TRUE,
                                    bie_fhir_uris_get (r->uris, BIE_FHIR_URI_RISK_STATUS),
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

            if (!bie_fhir_get_concept_code (r, resource, "clinicalStatus", SYSTEM_CLINICAL, TRUE,
                                            &text))
              return FALSE;
            code = code_from_fhir (clinical, G_N_ELEMENTS (clinical), text);
            if (code == NULL)
              return bie_fhir_bad_value (r, "clinicalStatus");
            risk->status = g_strdup (code);
          }

        if (!bie_fhir_get_string (r, resource, "onsetDateTime", "onsetDateTime", TRUE, &text) ||
            !bie_fhir_read_day (r, text, "onsetDateTime", &risk->identified_on) ||
            !bie_fhir_get_extension_string (r, resource, EXT_MANAGED_ON, "valueDate", FALSE,
                                            &text) ||
            !bie_fhir_read_day (r, text, EXT_MANAGED_ON, &risk->managed_on) ||
            !bie_fhir_get_string (r, resource, "abatementDateTime", "abatementDateTime", FALSE,
                                  &text) ||
            !bie_fhir_read_day (r, text, "abatementDateTime", &risk->closed_on))
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

        if (!bie_fhir_get_string (r, resource, "status", "status", TRUE, &text))
          return FALSE;
        status = code_from_fhir (statuses, G_N_ELEMENTS (statuses), text);
        if (status == NULL)
          return bie_fhir_bad_value (r, "status");
        plan->status = g_strdup (status);

        return bie_fhir_read_reference (r, resource, "subject", "subject", BIE_ENTITY_HOUSEHOLD,
                                        TRUE, &plan->household_id) &&
               bie_fhir_get_string (r, resource, "created", "created", FALSE, &text) &&
               bie_fhir_read_day (r, text, "created", &plan->agreed_on) &&
               bie_fhir_read_reference (r, resource, "author", "author", BIE_ENTITY_PROFESSIONAL,
                                        FALSE, &plan->professional_id);
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
        const BieJsonValue *description, *target;
        const char *status;

        if (!bie_fhir_get_string (r, resource, "lifecycleStatus", "lifecycleStatus", TRUE, &text))
          return FALSE;
        status = code_from_fhir (statuses, G_N_ELEMENTS (statuses), text);
        if (status == NULL)
          return bie_fhir_bad_value (r, "lifecycleStatus");
        goal->status = g_strdup (status);

        if (!bie_fhir_get_object (r, resource, "description", "description", TRUE, &description) ||
            !bie_fhir_get_string (r, description, "text", "description", TRUE, &text))
          return FALSE;
        goal->description = g_strdup (text);

        if (!bie_fhir_get_first (r, resource, "target", "target", FALSE, &target) ||
            !bie_fhir_get_string (r, target, "dueDate", "target.dueDate", FALSE, &text) ||
            !bie_fhir_read_day (r, text, "target.dueDate", &goal->target_date))
          return FALSE;

        return bie_fhir_read_first_reference (r, resource, "addresses", NULL, BIE_ENTITY_RISK,
                                              FALSE, &goal->risk_id) &&
               bie_fhir_read_extension_reference (r, resource, EXT_CARE_PLAN, BIE_ENTITY_CARE_PLAN,
                                                  TRUE, &goal->plan_id);
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
        const BieJsonValue *reason, *target, *period;
        g_autofree char *target_type = NULL;
        g_autofree char *target_id = NULL;

        /* The exact status; else what Task.status says. */
        if (!bie_fhir_get_concept_code (r, resource, "businessStatus",
                                        bie_fhir_uris_get (r->uris, BIE_FHIR_URI_ACTIVITY_STATUS),
                                        FALSE, &text))
          return FALSE;
        if (text == NULL)
          {
            if (!bie_fhir_get_string (r, resource, "status", "status", TRUE, &text))
              return FALSE;
            text = code_from_fhir (statuses, G_N_ELEMENTS (statuses), text);
            if (text == NULL)
              return bie_fhir_bad_value (r, "status");
          }
        activity->status = g_strdup (text);

        if (!bie_fhir_get_object (r, resource, "statusReason", "statusReason", FALSE, &reason) ||
            !bie_fhir_get_string (r, reason, "text", "statusReason", FALSE, &text))
          return FALSE;
        activity->status_reason = g_strdup (text);

        if (!bie_fhir_get_concept_code (r, resource, "code",
                                        bie_fhir_uris_get (r->uris, BIE_FHIR_URI_ACTIVITY_KIND),
                                        TRUE, &text))
          return FALSE;
        activity->kind = g_strdup (text);

        if (!bie_fhir_read_first_reference (r, resource, "basedOn", NULL, BIE_ENTITY_CARE_PLAN,
                                            TRUE, &activity->plan_id) ||
            !bie_fhir_read_reference (r, resource, "focus", "focus", BIE_ENTITY_GOAL, FALSE,
                                      &activity->goal_id) ||
            !bie_fhir_read_reference (r, resource, "owner", "owner", BIE_ENTITY_PROFESSIONAL, FALSE,
                                      &activity->professional_id))
          return FALSE;

        /* For a person; for a Group is the whole family. */
        if (!bie_fhir_get_object (r, resource, "for", "for", FALSE, &target))
          return FALSE;
        if (target != NULL)
          {
            if (!bie_fhir_read_reference_id (r, target, "for", &target_type, &target_id))
              return FALSE;
            if (g_strcmp0 (target_type, "Group") != 0 &&
                !bie_fhir_resolve_reference (r, target, "for", BIE_ENTITY_PERSON,
                                             &activity->person_id))
              return FALSE;
          }

        if (!bie_fhir_get_object (r, resource, "executionPeriod", "executionPeriod", FALSE,
                                  &period) ||
            !bie_fhir_get_string (r, period, "start", "executionPeriod.start", FALSE, &text) ||
            !bie_fhir_read_day (r, text, "executionPeriod.start", &activity->start_date) ||
            !bie_fhir_get_string (r, period, "end", "executionPeriod.end", FALSE, &text) ||
            !bie_fhir_read_day (r, text, "executionPeriod.end", &activity->end_date))
          return FALSE;

        return TRUE;
      }

    case BIE_ENTITY_ENCOUNTER:
      {
        BieEncounter *encounter = record;
        const BieJsonValue *klass, *period;
        const BieJsonValue *types, *extensions;
        g_autoptr(GString) participants = g_string_new (NULL);

        /* The kind is our type coding; else what the class says. */
        if (!bie_fhir_get_array (r, resource, "type", "type", FALSE, &types))
          return FALSE;
        for (guint i = 0; types != NULL && text == NULL && i < types->length; i++)
          {
            const BieJsonValue *type;

            if (!bie_fhir_get_element (r, types, i, "type", &type) ||
                !bie_fhir_get_code (r, type, FALSE,
                                    bie_fhir_uris_get (r->uris, BIE_FHIR_URI_ENCOUNTER_KIND),
                                    "type", FALSE, &text))
              return FALSE;
          }
        if (text == NULL)
          {
            const char *code;

            if (!bie_fhir_get_object (r, resource, "class", "class", TRUE, &klass) ||
                !bie_fhir_get_code (r, klass, TRUE, SYSTEM_ACT_CODE, "class", TRUE, &code))
              return FALSE;
            if (g_str_equal (code, "HH"))
              text = "home-visit";
            else if (g_str_equal (code, "VR"))
              text = "call";
            else
              return bie_fhir_missing (r, "type");
          }
        encounter->kind = g_strdup (text);

        if (!bie_fhir_read_reference (r, resource, "subject", "subject", BIE_ENTITY_HOUSEHOLD, TRUE,
                                      &encounter->household_id) ||
            !bie_fhir_read_first_reference (r, resource, "participant", "individual",
                                            BIE_ENTITY_PROFESSIONAL, FALSE,
                                            &encounter->professional_id) ||
            !bie_fhir_get_object (r, resource, "period", "period", TRUE, &period) ||
            !bie_fhir_get_string (r, period, "start", "period.start", TRUE, &text) ||
            !bie_fhir_read_moment (r, text, "period.start", &encounter->date))
          return FALSE;

        /* The persons present, as uuids: the uuid each Patient gives. */
        if (!bie_fhir_get_array (r, resource, "extension", "extension", FALSE, &extensions))
          return FALSE;
        for (guint i = 0; extensions != NULL && i < extensions->length; i++)
          {
            const BieJsonValue *extension, *reference;
            g_autofree char *type = NULL;
            g_autofree char *id = NULL;
            g_autofree char *uuid = NULL;

            if (!bie_fhir_get_element (r, extensions, i, "extension", &extension) ||
                !bie_fhir_get_string (r, extension, "url", "extension.url", TRUE, &text))
              return FALSE;
            if (!bie_fhir_is_extension (r->uris, text, EXT_PARTICIPANT))
              continue;
            if (!bie_fhir_get_object (r, extension, "valueReference", EXT_PARTICIPANT, TRUE,
                                      &reference) ||
                !bie_fhir_read_reference_id (r, reference, EXT_PARTICIPANT, &type, &id))
              return FALSE;
            if (type != NULL && !g_str_equal (type, "Patient"))
              return bie_fhir_bad_value (r, EXT_PARTICIPANT);
            uuid = bie_fhir_record_uuid ("Patient", id);
            g_string_append_printf (participants, "%s%s", participants->len > 0 ? "," : "", uuid);
          }
        if (participants->len > 0)
          encounter->participants = g_string_free (g_steal_pointer (&participants), FALSE);

        if (!bie_fhir_get_extension_string (r, resource, EXT_NOTES, "valueString", FALSE, &text))
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
        const BieJsonValue *outcome, *service, *barrier, *participant;
        const BieJsonValue *participants;

        if (!bie_fhir_get_extension (r, resource, EXT_OUTCOME, FALSE, &outcome))
          return FALSE;
        if (outcome != NULL)
          {
            if (!bie_fhir_get_object (r, outcome, "valueCoding", EXT_OUTCOME, TRUE, &outcome) ||
                !bie_fhir_get_code (r, outcome, TRUE,
                                    bie_fhir_uris_get (r->uris, BIE_FHIR_URI_APPOINTMENT_OUTCOME),
                                    EXT_OUTCOME, TRUE, &text))
              return FALSE;
          }
        else
          {
            if (!bie_fhir_get_string (r, resource, "status", "status", TRUE, &text))
              return FALSE;
            text = code_from_fhir (statuses, G_N_ELEMENTS (statuses), text);
            if (text == NULL)
              return bie_fhir_bad_value (r, "status");
          }
        appointment->outcome = g_strdup (text);

        if (!bie_fhir_get_first (r, resource, "serviceType", "serviceType", TRUE, &service) ||
            !bie_fhir_get_code (r, service, FALSE,
                                bie_fhir_uris_get (r->uris, BIE_FHIR_URI_SERVICE), "serviceType",
                                TRUE, &text))
          return FALSE;
        appointment->service = g_strdup (text);

        if (!bie_fhir_get_extension (r, resource, EXT_BARRIER, FALSE, &barrier))
          return FALSE;
        if (barrier != NULL)
          {
            if (!bie_fhir_get_concept_code (r, barrier, "valueCodeableConcept",
                                            bie_fhir_uris_get (r->uris, BIE_FHIR_URI_BARRIER), TRUE,
                                            &text))
              return FALSE;
            appointment->barrier = g_strdup (text);
          }

        if (!bie_fhir_get_string (r, resource, "created", "created", TRUE, &text) ||
            !bie_fhir_read_day (r, text, "created", &appointment->requested_on) ||
            !bie_fhir_get_extension_string (r, resource, EXT_ATTENDED_ON, "valueDate", FALSE,
                                            &text) ||
            !bie_fhir_read_day (r, text, EXT_ATTENDED_ON, &appointment->attended_on) ||
            !bie_fhir_get_extension_string (r, resource, EXT_ASSIGNED_ON, "valueDate", FALSE,
                                            &text) ||
            !bie_fhir_read_day (r, text, EXT_ASSIGNED_ON, &appointment->assigned_on))
          return FALSE;
        /* Written by another system: the day is the start's. */
        if (outcome == NULL && appointment->assigned_on == NULL &&
            (!bie_fhir_get_string (r, resource, "start", "start", FALSE, &text) ||
             !bie_fhir_read_day (r, text, "start", &appointment->assigned_on)))
          return FALSE;

        if (!bie_fhir_read_extension_reference (r, resource, EXT_HOUSEHOLD, BIE_ENTITY_HOUSEHOLD,
                                                TRUE, &appointment->household_id))
          return FALSE;

        /* The Patient among the participants. */
        if (!bie_fhir_get_array (r, resource, "participant", "participant", TRUE, &participants))
          return FALSE;
        for (guint i = 0; i < participants->length; i++)
          {
            const BieJsonValue *actor;
            g_autofree char *type = NULL;
            g_autofree char *id = NULL;

            if (!bie_fhir_get_element (r, participants, i, "participant", &participant) ||
                !bie_fhir_get_object (r, participant, "actor", "participant.actor", FALSE, &actor))
              return FALSE;
            if (actor == NULL)
              continue;
            if (!bie_fhir_read_reference_id (r, actor, "participant.actor", &type, &id))
              return FALSE;
            if (type != NULL && !g_str_equal (type, "Patient"))
              continue;
            if (!bie_fhir_resolve_reference (r, actor, "participant.actor", BIE_ENTITY_PERSON,
                                             &appointment->person_id))
              return FALSE;
            break;
          }
        if (appointment->person_id == 0)
          return bie_fhir_missing (r, "participant.actor");

        if (!bie_fhir_get_string (r, resource, "comment", "comment", FALSE, &text))
          return FALSE;
        appointment->notes = g_strdup (text);

        return TRUE;
      }

    case BIE_ENTITY_VACCINATION:
      {
        BieVaccination *vaccination = record;
        const BieJsonValue *protocol;

        if (!bie_fhir_get_string (r, resource, "status", "status", TRUE, &text))
          return FALSE;
        if (!g_str_equal (text, "completed") && !g_str_equal (text, "not-done"))
          return bie_fhir_bad_value (r, "status");
        vaccination->status = g_strdup (text);

        if (!bie_fhir_get_concept_code (r, resource, "vaccineCode",
                                        bie_fhir_uris_get (r->uris, BIE_FHIR_URI_VACCINE),
                                        TRUE, &text))
          return FALSE;
        vaccination->vaccine = g_strdup (text);

        if (!bie_fhir_read_reference (r, resource, "patient", "patient", BIE_ENTITY_PERSON, TRUE,
                                      &vaccination->person_id) ||
            !bie_fhir_get_string (r, resource, "occurrenceDateTime", "occurrenceDateTime", FALSE,
                                  &text) ||
            !bie_fhir_read_day (r, text, "occurrenceDateTime", &vaccination->date))
          return FALSE;
        /* Else occurrenceString: a day not recorded. */

        if (!bie_fhir_get_first (r, resource, "protocolApplied", "protocolApplied", FALSE,
                                 &protocol))
          return FALSE;
        if (protocol != NULL && bie_json_value_member (protocol, "doseNumberPositiveInt") != NULL)
          {
            if (!bie_fhir_get_integer (r, protocol, "doseNumberPositiveInt", "protocolApplied",
                                       &vaccination->dose))
              return FALSE;
            if (vaccination->dose <= 0)
              return bie_fhir_bad_value (r, "protocolApplied");
          }

        return TRUE;
      }

    case BIE_N_ENTITIES:
    default:
      g_assert_not_reached ();
    }
}
