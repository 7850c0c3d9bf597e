/* bie-fhir-map-json.c: FHIR's datatypes in JSON, as the mapping reads and
 * writes them: members, codings, references, dates and extensions
 *
 * Reading: a resource comes from elsewhere and may hold anything. Every
 * getter checks the type of what it finds, and fails with an error that
 * names the resource, its id and the element, never what it says; an
 * empty string counts as none, as FHIR has no empty strings.
 *
 * Writing: what is empty or unset is left out.
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

#include "bie-fhir-map-private.h"
#include "bie-validation.h"

/* FHIR's elements */

gboolean
bie_fhir_is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

/* FHIR ids: [A-Za-z0-9\-\.]{1,64} */
gboolean
bie_fhir_is_id (const char *id)
{
  gsize length = 0;

  for (const char *p = id; *p != '\0'; p++, length++)
    if (length >= 64 || !(g_ascii_isalnum (*p) || *p == '-' || *p == '.'))
      return FALSE;

  return length > 0;
}

/* Whether @url is Bienestar's extension @name (or @name itself when it is
 * an absolute URL). */
gboolean
bie_fhir_is_extension (const BieFhirUris *uris,
                       const char        *url,
                       const char        *name)
{
  const char *base;
  gsize length;

  if (strstr (name, "://") != NULL)
    return g_str_equal (url, name);

  base = bie_fhir_uris_get (uris, BIE_FHIR_URI_EXTENSION);
  length = strlen (base);

  return strncmp (url, base, length) == 0 && url[length] == '/' && g_str_equal (url + length + 1, name);
}

gboolean
bie_fhir_is_document_system (const BieFhirUris *uris,
                             const char        *system)
{
  const char *base = bie_fhir_uris_get (uris, BIE_FHIR_URI_DOCUMENT_TYPE);
  gsize length = strlen (base);

  return strncmp (system, base, length) == 0 && system[length] == '/' && system[length + 1] != '\0';
}

/* JSON */

JsonNode *
bie_json_deep_copy (JsonNode *node)
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
          json_object_set_member (copy, name, bie_json_deep_copy (member));
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
          json_array_add_element (copy, bie_json_deep_copy (json_array_get_element (array, i)));
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

/* The array member @name of @object, made when there is none. */
JsonArray *
bie_json_array_member (JsonObject *object,
                       const char *name)
{
  JsonArray *array = bie_json_get_array (object, name);

  if (array == NULL)
    {
      array = json_array_new ();
      json_object_set_array_member (object, name, array);
    }

  return array;
}

/* Reading */

gboolean
bie_fhir_missing (BieFhirReader *r,
                  const char    *path)
{
  /* Translators: a FHIR resource type (Patient), its id, and the name of
   * one of its elements (birthDate) */
  g_set_error (r->error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
               _("The %s “%s” has no “%s”, which Bienestar needs."), r->type, r->id, path);
  return FALSE;
}

gboolean
bie_fhir_wrong (BieFhirReader *r,
                const char    *path)
{
  /* Translators: a FHIR resource type (Patient), its id, and the name of
   * one of its elements (birthDate) */
  g_set_error (r->error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
               _("In the %s “%s”, “%s” does not have the form FHIR gives it."), r->type, r->id, path);
  return FALSE;
}

gboolean
bie_fhir_bad_value (BieFhirReader *r,
                    const char    *path)
{
  /* Translators: a FHIR resource type (Patient), its id, and the name of
   * one of its elements (birthDate) */
  g_set_error (r->error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
               _("In the %s “%s”, the value of “%s” is not valid."), r->type, r->id, path);
  return FALSE;
}

static gboolean
get_node (BieFhirReader       *r,
          const BieJsonValue  *object,
          const char          *name,
          const char          *path,
          gboolean             required,
          const BieJsonValue **out)
{
  *out = bie_json_value_member (object, name);

  return *out != NULL || !required || bie_fhir_missing (r, path);
}

gboolean
bie_fhir_get_string (BieFhirReader       *r,
                     const BieJsonValue  *object,
                     const char          *name,
                     const char          *path,
                     gboolean             required,
                     const char         **out)
{
  const BieJsonValue *node;

  *out = NULL;
  if (!get_node (r, object, name, path, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  *out = bie_json_value_string (node);
  if (*out == NULL)
    return bie_fhir_wrong (r, path);
  /* FHIR has no empty strings: one is as good as none. */
  if (**out == '\0')
    {
      *out = NULL;
      return !required || bie_fhir_missing (r, path);
    }

  return TRUE;
}

/* The member @name of @object, which must be of @type when it is there. */
static gboolean
get_typed (BieFhirReader       *r,
           const BieJsonValue  *object,
           const char          *name,
           const char          *path,
           gboolean             required,
           BieJsonType          type,
           const BieJsonValue **out)
{
  const BieJsonValue *node;

  *out = NULL;
  if (!get_node (r, object, name, path, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (node->type != type)
    return bie_fhir_wrong (r, path);

  *out = node;
  return TRUE;
}

gboolean
bie_fhir_get_object (BieFhirReader       *r,
                     const BieJsonValue  *object,
                     const char          *name,
                     const char          *path,
                     gboolean             required,
                     const BieJsonValue **out)
{
  return get_typed (r, object, name, path, required, BIE_JSON_OBJECT, out);
}

gboolean
bie_fhir_get_array (BieFhirReader       *r,
                    const BieJsonValue  *object,
                    const char          *name,
                    const char          *path,
                    gboolean             required,
                    const BieJsonValue **out)
{
  if (!get_typed (r, object, name, path, required, BIE_JSON_ARRAY, out))
    return FALSE;
  if (*out != NULL && (*out)->length == 0)
    {
      *out = NULL;
      return !required || bie_fhir_missing (r, path);
    }

  return TRUE;
}

/* Element @i of @array, which must be an object. */
gboolean
bie_fhir_get_element (BieFhirReader       *r,
                      const BieJsonValue  *array,
                      guint                i,
                      const char          *path,
                      const BieJsonValue **out)
{
  const BieJsonValue *node = bie_json_value_element (array, i);

  if (node->type != BIE_JSON_OBJECT)
    return bie_fhir_wrong (r, path);

  *out = node;
  return TRUE;
}

/* The first object of the array member @name; NULL when there is none. */
gboolean
bie_fhir_get_first (BieFhirReader       *r,
                    const BieJsonValue  *object,
                    const char          *name,
                    const char          *path,
                    gboolean             required,
                    const BieJsonValue **out)
{
  const BieJsonValue *array;

  *out = NULL;
  if (!bie_fhir_get_array (r, object, name, path, required, &array))
    return FALSE;

  return array == NULL || bie_fhir_get_element (r, array, 0, path, out);
}

gboolean
bie_fhir_get_boolean (BieFhirReader      *r,
                      const BieJsonValue *object,
                      const char         *name,
                      const char         *path,
                      gboolean           *out)
{
  const BieJsonValue *node;

  *out = FALSE;
  if (!get_node (r, object, name, path, TRUE, &node))
    return FALSE;
  if (node->type != BIE_JSON_BOOLEAN)
    return bie_fhir_wrong (r, path);

  *out = node->v.boolean;
  return TRUE;
}

gboolean
bie_fhir_get_integer (BieFhirReader      *r,
                      const BieJsonValue *object,
                      const char         *name,
                      const char         *path,
                      gint64             *out)
{
  const BieJsonValue *node;

  *out = 0;
  if (!get_node (r, object, name, path, TRUE, &node))
    return FALSE;
  if (node->type != BIE_JSON_INTEGER)
    return bie_fhir_wrong (r, path);

  *out = node->v.integer;
  return TRUE;
}

gboolean
bie_fhir_get_decimal (BieFhirReader      *r,
                      const BieJsonValue *object,
                      const char         *name,
                      const char         *path,
                      double             *out)
{
  const BieJsonValue *node;

  *out = 0;
  if (!get_node (r, object, name, path, TRUE, &node))
    return FALSE;
  if (node->type != BIE_JSON_DOUBLE && node->type != BIE_JSON_INTEGER)
    return bie_fhir_wrong (r, path);

  *out = node->type == BIE_JSON_DOUBLE ? node->v.number : (double) node->v.integer;
  return isfinite (*out) || bie_fhir_bad_value (r, path);
}

/* The first extension of @object that is Bienestar's @name. */
gboolean
bie_fhir_get_extension (BieFhirReader       *r,
                        const BieJsonValue  *object,
                        const char          *name,
                        gboolean             required,
                        const BieJsonValue **out)
{
  const BieJsonValue *extensions;

  *out = NULL;
  if (!bie_fhir_get_array (r, object, "extension", "extension", FALSE, &extensions))
    return FALSE;

  for (guint i = 0; extensions != NULL && i < extensions->length; i++)
    {
      const BieJsonValue *extension;
      const char *url;

      if (!bie_fhir_get_element (r, extensions, i, "extension", &extension) ||
          !bie_fhir_get_string (r, extension, "url", "extension.url", TRUE, &url))
        return FALSE;
      if (bie_fhir_is_extension (r->uris, url, name))
        {
          *out = extension;
          return TRUE;
        }
    }

  return !required || bie_fhir_missing (r, name);
}

/* A string value[x] of the extension @name of @object. */
gboolean
bie_fhir_get_extension_string (BieFhirReader       *r,
                               const BieJsonValue  *object,
                               const char          *name,
                               const char          *value,
                               gboolean             required,
                               const char         **out)
{
  const BieJsonValue *extension;

  *out = NULL;
  return bie_fhir_get_extension (r, object, name, required, &extension) &&
         (extension == NULL || bie_fhir_get_string (r, extension, value, name, TRUE, out));
}

/* The code of the first coding of the CodeableConcept @concept (or of the
 * Coding @concept, when @is_coding) with @system. */
gboolean
bie_fhir_get_code (BieFhirReader       *r,
                   const BieJsonValue  *concept,
                   gboolean             is_coding,
                   const char          *system,
                   const char          *path,
                   gboolean             required,
                   const char         **out)
{
  const BieJsonValue *codings = NULL;
  guint length = 1;

  *out = NULL;
  if (concept != NULL && !is_coding)
    {
      if (!bie_fhir_get_array (r, concept, "coding", path, FALSE, &codings))
        return FALSE;
      length = bie_json_value_length (codings);
    }
  else if (concept == NULL)
    {
      length = 0;
    }

  for (guint i = 0; i < length; i++)
    {
      const BieJsonValue *coding = concept;
      const char *coding_system;

      if (codings != NULL && !bie_fhir_get_element (r, codings, i, path, &coding))
        return FALSE;
      if (!bie_fhir_get_string (r, coding, "system", path, FALSE, &coding_system))
        return FALSE;
      if (g_strcmp0 (coding_system, system) == 0)
        return bie_fhir_get_string (r, coding, "code", path, TRUE, out);
    }

  return !required || bie_fhir_missing (r, path);
}

/* A CodeableConcept member @name of @object, and its code of @system. */
gboolean
bie_fhir_get_concept_code (BieFhirReader       *r,
                           const BieJsonValue  *object,
                           const char          *name,
                           const char          *system,
                           gboolean             required,
                           const char         **out)
{
  const BieJsonValue *concept;

  *out = NULL;
  return bie_fhir_get_object (r, object, name, name, required, &concept) &&
         bie_fhir_get_code (r, concept, FALSE, system, name, required, out);
}

/* A day, "YYYY-MM-DD"; a dateTime from elsewhere counts on its day in
 * Bogotá. */
gboolean
bie_fhir_read_day (BieFhirReader *r,
                   const char    *text,
                   const char    *path,
                   char         **out)
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
    return bie_fhir_bad_value (r, path);

  bogota = g_time_zone_new_offset (BOGOTA_SECONDS);
  local = g_date_time_to_timezone (moment, bogota);
  *out = g_date_time_format (local, "%Y-%m-%d");

  return TRUE;
}

/* A day or a moment with its time zone, kept as written. */
gboolean
bie_fhir_read_moment (BieFhirReader *r,
                      const char    *text,
                      const char    *path,
                      char         **out)
{
  g_autoptr(GDateTime) moment = NULL;
  GDate date;

  if (text == NULL)
    return TRUE;

  if (!bie_parse_day (text, &date))
    {
      if (strlen (text) <= 10 || text[10] != 'T' ||
          (moment = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
        return bie_fhir_bad_value (r, path);
    }

  *out = g_strdup (text);
  return TRUE;
}

/* "Type/id", an absolute URL ending in "Type/id" (a "_history/n" after it
 * allowed), or "urn:uuid:<uuid>" (no type: @type is set to NULL). */
gboolean
bie_fhir_parse_reference (const char  *text,
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
  if (!g_ascii_isupper (parts[n - 2][0]) || !bie_fhir_is_id (parts[n - 1]))
    return FALSE;
  for (const char *p = parts[n - 2]; *p != '\0'; p++)
    if (!g_ascii_isalpha (*p))
      return FALSE;

  *type = g_strdup (parts[n - 2]);
  *id = g_strdup (parts[n - 1]);

  return TRUE;
}

/* The Reference @reference, as a type (NULL for urn:uuid) and an id. */
gboolean
bie_fhir_read_reference_id (BieFhirReader       *r,
                            const BieJsonValue  *reference,
                            const char          *path,
                            char               **type,
                            char               **id)
{
  const char *text;

  if (!bie_fhir_get_string (r, reference, "reference", path, TRUE, &text))
    return FALSE;
  if (!bie_fhir_parse_reference (text, type, id))
    return bie_fhir_bad_value (r, path);

  return TRUE;
}

static gboolean
not_found (BieFhirReader *r,
           const char    *type,
           const char    *id)
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
gboolean
bie_fhir_resolve_reference (BieFhirReader      *r,
                            const BieJsonValue *reference,
                            const char         *path,
                            BieEntity           entity,
                            gint64             *out)
{
  const char *expected = bie_fhir_resource_type (entity);
  g_autofree char *type = NULL;
  g_autofree char *id = NULL;

  *out = 0;
  if (!bie_fhir_read_reference_id (r, reference, path, &type, &id))
    return FALSE;
  if (type != NULL && !g_str_equal (type, expected))
    return bie_fhir_bad_value (r, path);

  *out = r->resolver->row_id (r->resolver->user_data, entity, id);

  return *out != 0 || not_found (r, expected, id);
}

/* The Reference member @name of @object. */
gboolean
bie_fhir_read_reference (BieFhirReader      *r,
                         const BieJsonValue *object,
                         const char         *name,
                         const char         *path,
                         BieEntity           entity,
                         gboolean            required,
                         gint64             *out)
{
  const BieJsonValue *reference;

  *out = 0;
  if (!bie_fhir_get_object (r, object, name, path, required, &reference))
    return FALSE;

  return reference == NULL || bie_fhir_resolve_reference (r, reference, path, entity, out);
}

/* The first Reference to a resource of @entity's type in the array member
 * @name of @object (other systems may put others there too); with
 * @member, in that member of each element. */
gboolean
bie_fhir_read_first_reference (BieFhirReader      *r,
                               const BieJsonValue *object,
                               const char         *name,
                               const char         *member_name,
                               BieEntity           entity,
                               gboolean            required,
                               gint64             *out)
{
  const char *expected = bie_fhir_resource_type (entity);
  const BieJsonValue *array;

  *out = 0;
  if (!bie_fhir_get_array (r, object, name, name, required, &array))
    return FALSE;

  for (guint i = 0; array != NULL && i < array->length; i++)
    {
      const BieJsonValue *reference;
      g_autofree char *type = NULL;
      g_autofree char *id = NULL;

      if (!bie_fhir_get_element (r, array, i, name, &reference))
        return FALSE;
      if (member_name != NULL &&
          !bie_fhir_get_object (r, reference, member_name, name, FALSE, &reference))
        return FALSE;
      if (reference == NULL)
        continue;
      if (!bie_fhir_read_reference_id (r, reference, name, &type, &id))
        return FALSE;
      if (type == NULL || g_str_equal (type, expected))
        return bie_fhir_resolve_reference (r, reference, name, entity, out);
    }

  return !required || bie_fhir_missing (r, name);
}

/* The valueReference of Bienestar's extension @name. */
gboolean
bie_fhir_read_extension_reference (BieFhirReader      *r,
                                   const BieJsonValue *object,
                                   const char         *name,
                                   BieEntity           entity,
                                   gboolean            required,
                                   gint64             *out)
{
  const BieJsonValue *extension;

  *out = 0;
  if (!bie_fhir_get_extension (r, object, name, required, &extension))
    return FALSE;

  return extension == NULL ||
         bie_fhir_read_reference (r, extension, "valueReference", name, entity, TRUE, out);
}

/* Writing */

static char *
extension_url (const BieFhirUris *uris,
               const char        *name)
{
  if (strstr (name, "://") != NULL)
    return g_strdup (name);

  return g_strconcat (bie_fhir_uris_get (uris, BIE_FHIR_URI_EXTENSION), "/", name, NULL);
}

void
bie_fhir_set_string (JsonObject *object,
                     const char *name,
                     const char *value)
{
  if (!bie_fhir_is_blank (value))
    json_object_set_string_member (object, name, value);
}

JsonObject *
bie_fhir_coding_new (const char *system,
                     const char *code)
{
  JsonObject *coding = json_object_new ();

  json_object_set_string_member (coding, "system", system);
  json_object_set_string_member (coding, "code", code);

  return coding;
}

JsonObject *
bie_fhir_concept_new (const char *system,
                      const char *code)
{
  JsonObject *concept = json_object_new ();
  JsonArray *codings = json_array_new ();

  json_array_add_object_element (codings, bie_fhir_coding_new (system, code));
  json_object_set_array_member (concept, "coding", codings);

  return concept;
}

void
bie_fhir_set_concept (JsonObject *object,
                      const char *name,
                      const char *system,
                      const char *code)
{
  if (!bie_fhir_is_blank (code))
    json_object_set_object_member (object, name, bie_fhir_concept_new (system, code));
}

JsonObject *
bie_fhir_reference_new (const char *type,
                        const char *id)
{
  JsonObject *reference = json_object_new ();
  g_autofree char *text = g_strconcat (type, "/", id, NULL);

  json_object_set_string_member (reference, "reference", text);

  return reference;
}

/* A Reference to the record @id of @entity; NULL for none. */
static JsonObject *
reference_to (BieFhirWriter *w,
              BieEntity      entity,
              gint64         id)
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

  return bie_fhir_reference_new (bie_fhir_resource_type (entity), fhir_id);
}

void
bie_fhir_set_reference (BieFhirWriter *w,
                        JsonObject    *object,
                        const char    *name,
                        BieEntity      entity,
                        gint64         id)
{
  JsonObject *reference = reference_to (w, entity, id);

  if (reference != NULL)
    json_object_set_object_member (object, name, reference);
}

void
bie_fhir_add_reference (BieFhirWriter *w,
                        JsonObject    *object,
                        const char    *name,
                        BieEntity      entity,
                        gint64         id)
{
  JsonObject *reference = reference_to (w, entity, id);

  if (reference != NULL)
    json_array_add_object_element (bie_json_array_member (object, name), reference);
}

/* Adds Bienestar's extension @name to @object, with @value as its
 * @value_name ("valueString", ...). */
void
bie_fhir_add_extension (BieFhirWriter *w,
                        JsonObject    *object,
                        const char    *name,
                        const char    *value_name,
                        JsonNode      *value)
{
  JsonObject *extension = json_object_new ();
  g_autofree char *url = extension_url (w->uris, name);

  json_object_set_string_member (extension, "url", url);
  json_object_set_member (extension, value_name, value);
  json_array_add_object_element (bie_json_array_member (object, "extension"), extension);
}

void
bie_fhir_add_extension_string (BieFhirWriter *w,
                               const char    *name,
                               const char    *value_name,
                               const char    *value)
{
  if (!bie_fhir_is_blank (value))
    bie_fhir_add_extension (w, w->resource, name, value_name,
                            json_node_init_string (json_node_alloc (), value));
}

void
bie_fhir_add_extension_object (BieFhirWriter *w,
                               const char    *name,
                               const char    *value_name,
                               JsonObject    *value)
{
  if (value != NULL)
    bie_fhir_add_extension (w, w->resource, name, value_name,
                            json_node_init_object (json_node_alloc (), value));
  if (value != NULL)
    json_object_unref (value);
}

void
bie_fhir_add_extension_reference (BieFhirWriter *w,
                                  const char    *name,
                                  BieEntity      entity,
                                  gint64         id)
{
  bie_fhir_add_extension_object (w, name, "valueReference", reference_to (w, entity, id));
}

void
bie_fhir_add_extension_coding (BieFhirWriter *w,
                               const char    *name,
                               BieFhirUri     system,
                               const char    *code)
{
  if (!bie_fhir_is_blank (code))
    bie_fhir_add_extension_object (w, name, "valueCoding",
                                   bie_fhir_coding_new (bie_fhir_uris_get (w->uris, system), code));
}
