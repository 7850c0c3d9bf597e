/* test-fhir-map.c: records to FHIR R4 resources and back
 *
 * Round trips for every kind of record (full, minimal, with a server id
 * that is not the uuid), the Coverage of a person, what the server holds
 * and Bienestar does not map surviving an update, and bad input.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bie-fhir-client.h"
#include "bie-fhir-map.h"
#include "bie-geometry.h"

/* A cache in memory: the records of one household and its territory, and
 * a resolver over them. */
typedef struct
{
  gpointer    records[BIE_N_ENTITIES];   /* the full record of each kind */
  GHashTable *fhir_ids;                  /* "entity/row" → FHIR id */
  GHashTable *rows;                      /* "entity/FHIR id" → row (gint64 *) */
  GHashTable *stored;                    /* "entity/row" → record (not owned) */
  gpointer    extra_person;              /* a second person, known to the server as "p-42" */
} World;

static const char *const personal_data[] = {
  "María José", "Gómez Ruiz", "1012345678", "52123456", "Ana Pérez", "3001234567",
  "Calle 45 Sur", "Muy cansada",
};

static char *
key_for_row (BieEntity entity,
             gint64    id)
{
  return g_strdup_printf ("%d/%" G_GINT64_FORMAT, entity, id);
}

static char *
key_for_fhir_id (BieEntity   entity,
                 const char *fhir_id)
{
  return g_strdup_printf ("%d/%s", entity, fhir_id);
}

static char *
resolve_fhir_id (gpointer  user_data,
                 BieEntity entity,
                 gint64    id)
{
  World *world = user_data;
  g_autofree char *key = key_for_row (entity, id);

  return g_strdup (g_hash_table_lookup (world->fhir_ids, key));
}

static gint64
resolve_row_id (gpointer    user_data,
                BieEntity   entity,
                const char *fhir_id)
{
  World *world = user_data;
  g_autofree char *key = key_for_fhir_id (entity, fhir_id);
  gint64 *row = g_hash_table_lookup (world->rows, key);

  return row != NULL ? *row : 0;
}

static gpointer
resolve_load (gpointer  user_data,
              BieEntity entity,
              gint64    id)
{
  World *world = user_data;
  g_autofree char *key = key_for_row (entity, id);
  gpointer record = g_hash_table_lookup (world->stored, key);

  return record != NULL ? bie_record_copy (entity, record) : NULL;
}

static gpointer
resolve_load_by_uuid (gpointer    user_data,
                      BieEntity   entity,
                      const char *uuid)
{
  World *world = user_data;
  GHashTableIter iter;
  gpointer key, value;
  g_autofree char *prefix = g_strdup_printf ("%d/", entity);

  g_hash_table_iter_init (&iter, world->stored);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (key, prefix) && g_strcmp0 (((BieRecord *) value)->uuid, uuid) == 0)
      return bie_record_copy (entity, value);

  return NULL;
}

static const char *
fhir_id_of (gconstpointer record)
{
  const BieRecord *header = record;

  return header->server_id != NULL ? header->server_id : header->uuid;
}

/* Makes the record known to the resolver, under its current FHIR id. */
static void
world_register (World         *world,
                BieEntity      entity,
                gconstpointer  record)
{
  const BieRecord *header = record;
  gint64 *row = g_new (gint64, 1);

  *row = header->id;
  g_hash_table_insert (world->fhir_ids, key_for_row (entity, header->id), g_strdup (fhir_id_of (record)));
  g_hash_table_insert (world->rows, key_for_fhir_id (entity, fhir_id_of (record)), row);
  g_hash_table_insert (world->stored, key_for_row (entity, header->id), (gpointer) record);
}

static void
world_forget (World         *world,
              BieEntity      entity,
              gconstpointer  record)
{
  g_autofree char *key = key_for_fhir_id (entity, fhir_id_of (record));

  g_hash_table_remove (world->rows, key);
}

static BieFhirResolver
world_resolver (World *world)
{
  BieFhirResolver resolver = { resolve_fhir_id, resolve_row_id, world, resolve_load,
                               resolve_load_by_uuid };

  return resolver;
}

static const char square[] =
  "{\"type\":\"Polygon\",\"coordinates\":[[[-74.081,4.601],[-74.072,4.601],"
  "[-74.072,4.6095],[-74.081,4.6095],[-74.081,4.601]]]}";
static const char two_squares[] =
  "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[-74.10,4.60],[-74.09,4.60],[-74.09,4.61],"
  "[-74.10,4.61],[-74.10,4.60]]],[[[-74.05,4.70],[-74.04,4.70],[-74.04,4.71],[-74.05,4.71],"
  "[-74.05,4.70]]]]}";

static void
set_geometry (const char  *geojson,
              char       **geometry,
              double      *min_lon,
              double      *min_lat,
              double      *max_lon,
              double      *max_lat)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieGeometry) parsed = bie_geometry_new_from_geojson (geojson, &error);

  g_assert_no_error (error);
  *geometry = g_strdup (geojson);
  *min_lon = parsed->min_lon;
  *min_lat = parsed->min_lat;
  *max_lon = parsed->max_lon;
  *max_lat = parsed->max_lat;
}

static gpointer
new_record (World     *world,
            BieEntity  entity)
{
  BieRecord *record = bie_record_new (entity);

  record->id = 100 + entity;
  record->version = g_strdup_printf ("%d", 3 + entity);
  /* 2024-05-01T10:20:30.123456Z and on */
  record->updated_at = G_GINT64_CONSTANT (1714558830123456) + entity * G_USEC_PER_SEC;
  world->records[entity] = record;

  return record;
}

static void
world_init (World *world)
{
  BieSubred *subred;
  BieLocalidad *localidad;
  BieUpz *upz;
  BieSector *sector;
  BieTeam *team;
  BieProfessional *professional;
  BieHousehold *household;
  BiePerson *person, *other;
  BieRisk *risk;
  BieCarePlan *plan;
  BieGoal *goal;
  BieActivity *activity;
  BieEncounter *encounter;
  BieAppointment *appointment;
  BieVaccination *vaccination;

  memset (world, 0, sizeof *world);
  world->fhir_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  world->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  world->stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  subred = new_record (world, BIE_ENTITY_SUBRED);
  subred->code = g_strdup ("1");
  subred->name = g_strdup ("Subred Integrada de Servicios de Salud Norte");

  localidad = new_record (world, BIE_ENTITY_LOCALIDAD);
  localidad->code = g_strdup ("01");
  localidad->name = g_strdup ("Usaquén");
  localidad->subred_id = subred->record.id;
  set_geometry (two_squares, &localidad->geometry, &localidad->min_lon, &localidad->min_lat,
                &localidad->max_lon, &localidad->max_lat);

  upz = new_record (world, BIE_ENTITY_UPZ);
  upz->code = g_strdup ("UPZ1");
  upz->name = g_strdup ("Paseo de los Libertadores");
  upz->localidad_id = localidad->record.id;

  sector = new_record (world, BIE_ENTITY_SECTOR);
  sector->code = g_strdup ("004501");
  sector->name = g_strdup ("Las Ferias Norte");
  sector->localidad_id = localidad->record.id;
  sector->upz_id = upz->record.id;
  set_geometry (square, &sector->geometry, &sector->min_lon, &sector->min_lat,
                &sector->max_lon, &sector->max_lat);
  sector->generated = TRUE;

  team = new_record (world, BIE_ENTITY_TEAM);
  team->name = g_strdup ("Equipo 7 — Usaquén");
  team->subred_id = subred->record.id;

  professional = new_record (world, BIE_ENTITY_PROFESSIONAL);
  professional->document_type = g_strdup ("CC");
  professional->document_number = g_strdup ("52123456");
  professional->name = g_strdup ("Ana Pérez");
  professional->profession = g_strdup ("nursing");
  professional->team_id = team->record.id;

  household = new_record (world, BIE_ENTITY_HOUSEHOLD);
  household->sector_id = sector->record.id;
  household->address = g_strdup ("Calle 45 Sur # 12-34, apto 201");
  household->lon = -74.0817512345678;
  household->lat = 4.609710000000001;
  household->stratum = 3;

  person = new_record (world, BIE_ENTITY_PERSON);
  person->household_id = household->record.id;
  person->document_type = g_strdup ("CC");
  person->document_number = g_strdup ("1012345678");
  person->given_names = g_strdup ("María José");
  person->family_names = g_strdup ("Gómez Ruiz");
  person->sex = g_strdup ("F");
  person->birth_date = g_strdup ("1990-04-02");
  person->eps_code = g_strdup ("EPS037");
  person->regimen = g_strdup ("contributivo");
  person->phone = g_strdup ("3001234567");
  person->relationship = g_strdup ("head");

  /* Known to the server by an id that is not a uuid. */
  other = bie_record_copy (BIE_ENTITY_PERSON, person);
  g_free (other->record.uuid);
  g_free (other->record.server_id);
  other->record.id = 99;
  other->record.server_id = g_strdup ("p-42");
  other->record.uuid = bie_fhir_uuid_for_id ("Patient", "p-42");
  world->extra_person = other;

  risk = new_record (world, BIE_ENTITY_RISK);
  risk->household_id = household->record.id;
  risk->person_id = person->record.id;
  risk->code = g_strdup ("chronic-uncontrolled");
  risk->status = g_strdup ("closed");
  risk->identified_on = g_strdup ("2024-01-10");
  risk->managed_on = g_strdup ("2024-02-01");
  risk->closed_on = g_strdup ("2024-03-05");
  risk->notes = g_strdup ("Muy cansada.\nControl en marzo; \"urgente\" <b>no</b>");

  plan = new_record (world, BIE_ENTITY_CARE_PLAN);
  plan->household_id = household->record.id;
  plan->status = g_strdup ("cancelled");
  plan->agreed_on = g_strdup ("2024-01-15");
  plan->professional_id = professional->record.id;

  goal = new_record (world, BIE_ENTITY_GOAL);
  goal->plan_id = plan->record.id;
  goal->risk_id = risk->record.id;
  goal->description = g_strdup ("Tensión arterial controlada");
  goal->target_date = g_strdup ("2024-06-30");
  goal->status = g_strdup ("achieved");

  activity = new_record (world, BIE_ENTITY_ACTIVITY);
  activity->plan_id = plan->record.id;
  activity->goal_id = goal->record.id;
  activity->person_id = person->record.id;
  activity->professional_id = professional->record.id;
  activity->kind = g_strdup ("home-visit");
  activity->start_date = g_strdup ("2024-02-01");
  activity->end_date = g_strdup ("2024-02-10");
  activity->status = g_strdup ("not-done");
  activity->status_reason = g_strdup ("Nadie en casa");

  encounter = new_record (world, BIE_ENTITY_ENCOUNTER);
  encounter->household_id = household->record.id;
  encounter->professional_id = professional->record.id;
  encounter->kind = g_strdup ("work-session");
  encounter->date = g_strdup ("2024-03-15T14:30:00Z");
  encounter->participants = g_strdup_printf ("%s,%s", person->record.uuid, other->record.uuid);
  encounter->notes = g_strdup ("Sesión con la familia\n  sangría conservada  ");

  appointment = new_record (world, BIE_ENTITY_APPOINTMENT);
  appointment->household_id = household->record.id;
  appointment->person_id = person->record.id;
  appointment->service = g_strdup ("general-medicine");
  appointment->barrier = g_strdup ("financial");
  appointment->requested_on = g_strdup ("2024-01-02");
  appointment->assigned_on = g_strdup ("2024-01-20");
  appointment->attended_on = g_strdup ("2024-01-21");
  appointment->outcome = g_strdup ("attended");
  appointment->notes = g_strdup ("Llegó tarde");

  vaccination = new_record (world, BIE_ENTITY_VACCINATION);
  vaccination->person_id = person->record.id;
  vaccination->vaccine = g_strdup ("BCG");
  vaccination->dose = 2;
  vaccination->date = g_strdup ("2024-01-05");
  vaccination->status = g_strdup ("completed");

  for (BieEntity e = 0; e < BIE_N_ENTITIES; e++)
    world_register (world, e, world->records[e]);
  world_register (world, BIE_ENTITY_PERSON, other);
}

static void
world_clear (World *world)
{
  for (BieEntity e = 0; e < BIE_N_ENTITIES; e++)
    bie_record_free (e, world->records[e]);
  bie_record_free (BIE_ENTITY_PERSON, world->extra_person);
  g_hash_table_unref (world->fhir_ids);
  g_hash_table_unref (world->rows);
  g_hash_table_unref (world->stored);
}

/* The record with only its required fields. */
static gpointer
minimal_copy (BieEntity     entity,
              gconstpointer record)
{
  const BieEntityInfo *info = bie_entity_info (entity);
  gpointer copy = bie_record_copy (entity, record);

  for (guint i = 0; i < info->n_fields; i++)
    {
      const BieField *field = &info->fields[i];
      gpointer value = BIE_FIELD_PTR (copy, field);

      if (field->required)
        continue;
      switch (field->type)
        {
        case BIE_FIELD_TEXT:
          g_clear_pointer ((char **) value, g_free);
          break;
        case BIE_FIELD_INT:
        case BIE_FIELD_REF:
          *(gint64 *) value = 0;
          break;
        case BIE_FIELD_REAL:
          *(double *) value = 0;
          break;
        case BIE_FIELD_BOOL:
          *(gboolean *) value = FALSE;
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return copy;
}

static char *
field_text (const BieField *field,
            gconstpointer   record)
{
  gconstpointer value = BIE_FIELD_PTR (record, field);

  switch (field->type)
    {
    case BIE_FIELD_TEXT:
      return g_strdup_printf ("“%s”", *(char * const *) value ?: "(null)");
    case BIE_FIELD_INT:
    case BIE_FIELD_REF:
      return g_strdup_printf ("%" G_GINT64_FORMAT, *(const gint64 *) value);
    case BIE_FIELD_REAL:
      return g_strdup_printf ("%.17g", *(const double *) value);
    case BIE_FIELD_BOOL:
      return g_strdup (*(const gboolean *) value ? "true" : "false");
    default:
      g_assert_not_reached ();
    }
}

/* Identity: every field, and the header as it is once the server has the
 * record (its server id is then known). */
static void
assert_records_equal (BieEntity     entity,
                      gconstpointer expected,
                      gconstpointer actual)
{
  const BieEntityInfo *info = bie_entity_info (entity);
  const BieRecord *a = expected;
  const BieRecord *b = actual;

  g_assert_cmpint (b->id, ==, a->id);
  g_assert_cmpstr (b->uuid, ==, a->uuid);
  g_assert_cmpstr (b->server_id, ==, fhir_id_of (a));
  g_assert_cmpstr (b->version, ==, a->version);
  g_assert_cmpint (b->updated_at, ==, a->updated_at);
  g_assert_false (b->deleted);

  for (guint i = 0; i < info->n_fields; i++)
    {
      const BieField *field = &info->fields[i];

      if (!bie_record_field_equal (field, expected, actual))
        {
          g_autofree char *want = field_text (field, expected);
          g_autofree char *got = field_text (field, actual);

          g_error ("%s.%s: expected %s, got %s", info->table, field->name, want, got);
        }
    }
}

static gboolean
is_reference_text (const char *text)
{
  const char *slash = strchr (text, '/');

  if (slash == NULL || strchr (slash + 1, '/') != NULL || !g_ascii_isupper (text[0]))
    return FALSE;
  for (const char *p = slash + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return FALSE;

  return slash[1] != '\0' && strlen (slash + 1) <= 64;
}

/* What FHIR's JSON rules and invariants say of every element: no nulls,
 * no empty strings, arrays or objects; extensions with an absolute URL
 * and either a value or extensions, not both; references "Type/id". */
static void
assert_valid_node (JsonNode   *node,
                   const char *name)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      g_error ("%s is null", name);
      break;

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (node);

          g_assert_cmpstr (text, !=, "");
          if (g_str_equal (name, "reference"))
            g_assert_true (is_reference_text (text));
        }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_assert_cmpuint (json_array_get_length (array), >, 0);
        for (guint i = 0; i < json_array_get_length (array); i++)
          assert_valid_node (json_array_get_element (array, i), name);
        break;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObjectIter iter;
        const char *member_name;
        JsonNode *member;
        guint values = 0;

        g_assert_cmpuint (json_object_get_size (object), >, 0);
        json_object_iter_init (&iter, object);
        while (json_object_iter_next (&iter, &member_name, &member))
          {
            if (g_str_has_prefix (member_name, "value"))
              values++;
            assert_valid_node (member, member_name);
          }
        if (g_str_equal (name, "extension"))
          {
            const char *url = json_object_get_string_member_with_default (object, "url", NULL);

            g_assert_nonnull (url);
            /* Nested extensions of the standard geolocation are named. */
            g_assert_true (strstr (url, "://") != NULL || g_str_equal (url, "latitude") ||
                           g_str_equal (url, "longitude"));
            g_assert_cmpuint (values + json_object_has_member (object, "extension"), ==, 1);
          }
        break;
      }

    default:
      g_assert_not_reached ();
    }
}

static char *
object_to_string (JsonObject *object,
                  gboolean    pretty)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, pretty);
}

static void
assert_valid_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  assert_valid_node (node, "resource");
}

/* With BIE_FHIR_MAP_DUMP=folder, every resource the tests write is saved
 * there too, to try on a FHIR server or validator. */
static void
dump (JsonObject *resource)
{
  static guint count;
  const char *folder = g_getenv ("BIE_FHIR_MAP_DUMP");
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (folder == NULL)
    return;

  name = g_strdup_printf ("%04u-%s-%s.json", count++,
                          json_object_get_string_member (resource, "resourceType"),
                          json_object_get_string_member (resource, "id"));
  path = g_build_filename (folder, name, NULL);
  text = object_to_string (resource, TRUE);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* Through text, as over the network. */
static JsonObject *
wire (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) parsed = json_from_string (text, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (parsed));
}

/* The mapping reads documents parsed from text, as from a server: these
 * take what the tests build with json-glib through text into one. A
 * mutant may not survive the trip (json-glib writes 1e308 as "1e+308.0"):
 * then the text is refused, as it would be from a server. */
static BieJsonDoc *
read_doc (JsonObject  *object,
          GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  return bie_fhir_json_read (text, strlen (text), error);
}

static BieJsonDoc *
as_doc (JsonObject *object)
{
  g_autoptr(GError) error = NULL;
  BieJsonDoc *doc = read_doc (object, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static gpointer
to_record (const BieFhirResolver  *resolver,
           JsonObject             *resource,
           BieEntity              *entity,
           GError                **error)
{
  g_autoptr(BieJsonDoc) doc = read_doc (resource, error);

  if (doc == NULL)
    return NULL;

  return bie_fhir_to_record (bie_fhir_uris_default (), resolver, bie_json_doc_get_root (doc), entity, error);
}

static gboolean
entity_for_resource (JsonObject  *resource,
                     BieEntity   *entity,
                     GError     **error)
{
  g_autoptr(BieJsonDoc) doc = as_doc (resource);

  return bie_fhir_entity_for_resource (bie_fhir_uris_default (), bie_json_doc_get_root (doc), entity, error);
}

static gboolean
apply_coverage (JsonObject  *coverage,
                BiePerson   *person,
                GError     **error)
{
  g_autoptr(BieJsonDoc) doc = as_doc (coverage);

  return bie_fhir_apply_coverage (bie_fhir_uris_default (), bie_json_doc_get_root (doc), person, error);
}

static gboolean
is_coverage (JsonObject *resource)
{
  g_autoptr(BieJsonDoc) doc = as_doc (resource);

  return bie_fhir_is_coverage (bie_json_doc_get_root (doc));
}

static char *
coverage_patient_id (JsonObject  *coverage,
                     GError     **error)
{
  g_autoptr(BieJsonDoc) doc = as_doc (coverage);

  return bie_fhir_coverage_patient_id (bie_json_doc_get_root (doc), error);
}

/* What the server adds on storing a resource. */
static void
stamp (JsonObject    *resource,
       gconstpointer  record)
{
  const BieRecord *header = record;
  JsonObject *meta;

  if (!json_object_has_member (resource, "meta"))
    json_object_set_object_member (resource, "meta", json_object_new ());
  meta = json_object_get_object_member (resource, "meta");
  if (header->version != NULL)
    json_object_set_string_member (meta, "versionId", header->version);
  if (header->updated_at != 0)
    {
      g_autoptr(GDateTime) moment = g_date_time_new_from_unix_utc (header->updated_at / G_USEC_PER_SEC);
      g_autoptr(GDateTime) exact = g_date_time_add (moment, header->updated_at % G_USEC_PER_SEC);
      g_autofree char *text = g_date_time_format_iso8601 (exact);

      json_object_set_string_member (meta, "lastUpdated", text);
    }
}

static JsonObject *
to_resource (World         *world,
             BieEntity      entity,
             gconstpointer  record,
             JsonObject    *previous,
             const char    *sector_code)
{
  BieFhirResolver resolver = world_resolver (world);
  g_autoptr(JsonObject) resource = NULL;

  resource = bie_fhir_from_record (bie_fhir_uris_default (), &resolver, entity, record,
                                   previous, sector_code);
  g_assert_nonnull (resource);
  g_assert_cmpstr (json_object_get_string_member (resource, "resourceType"), ==,
                   bie_fhir_resource_type (entity));
  g_assert_cmpstr (json_object_get_string_member (resource, "id"), ==, fhir_id_of (record));
  assert_valid_object (resource);
  dump (resource);

  return wire (resource);
}

static gpointer
from_resource (World      *world,
               JsonObject *resource,
               BieEntity   expected_entity)
{
  BieFhirResolver resolver = world_resolver (world);
  g_autoptr(GError) error = NULL;
  BieEntity entity = BIE_N_ENTITIES;
  gpointer record;

  g_assert_true (entity_for_resource (resource, &entity, &error));
  g_assert_no_error (error);
  g_assert_cmpint (entity, ==, expected_entity);

  record = to_record (&resolver, resource, &entity, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_cmpint (entity, ==, expected_entity);

  return record;
}

static void
assert_round_trip (World         *world,
                   BieEntity      entity,
                   gconstpointer  record)
{
  g_autoptr(JsonObject) resource = NULL;
  gpointer back;

  world_register (world, entity, record);
  resource = to_resource (world, entity, record, NULL, "004501");
  stamp (resource, record);
  back = from_resource (world, resource, entity);
  /* A person's insurance comes with the Coverage. */
  if (entity == BIE_ENTITY_PERSON)
    {
      BieFhirResolver resolver = world_resolver (world);
      g_autoptr(JsonObject) coverage = bie_fhir_coverage_from_person (bie_fhir_uris_default (), &resolver,
                                                                      record, NULL, "004501");
      g_autoptr(GError) error = NULL;

      if (coverage != NULL)
        {
          g_autoptr(JsonObject) received = wire (coverage);

          assert_valid_object (coverage);
          dump (coverage);
          g_assert_true (apply_coverage (received, back, &error));
          g_assert_no_error (error);
        }
    }
  assert_records_equal (entity, record, back);
  bie_record_free (entity, back);
  world_register (world, entity, world->records[entity]);
}

/* Every kind, full and minimal, with and without a server id. */
static void
test_round_trip (void)
{
  World world;

  world_init (&world);
  for (BieEntity e = 0; e < BIE_N_ENTITIES; e++)
    {
      for (guint minimal = 0; minimal < 2; minimal++)
        for (guint server = 0; server < 4; server++)
          {
            gpointer record = minimal ? minimal_copy (e, world.records[e])
                                      : bie_record_copy (e, world.records[e]);
            BieRecord *header = record;

            switch (server)
              {
              case 0:   /* not on the server yet */
                g_clear_pointer (&header->server_id, g_free);
                g_clear_pointer (&header->version, g_free);
                header->updated_at = 0;
                break;
              case 1:   /* put there under its uuid */
                header->server_id = g_strdup (header->uuid);
                break;
              case 2:   /* created there by another system, under its id */
                g_free (header->uuid);
                header->server_id = g_strdup_printf ("srv-%d.x", e);
                header->uuid = bie_fhir_uuid_for_id (bie_fhir_resource_type (e), header->server_id);
                break;
              case 3:   /* its server id is not its uuid, nor gives it */
                header->server_id = g_strdup_printf ("Other-%d", e);
                break;
              default:
                g_assert_not_reached ();
              }

            assert_round_trip (&world, e, record);
            bie_record_free (e, record);
          }
    }
  world_clear (&world);
}

/* The values each field takes, each in turn on the full record. */
static void
test_round_trip_values (void)
{
  static const struct
  {
    BieEntity   entity;
    const char *field;
    const char *value;  /* NULL: clear it */
  } cases[] = {
    { BIE_ENTITY_SECTOR, "upz_id", NULL },
    { BIE_ENTITY_SECTOR, "generated", NULL },
    { BIE_ENTITY_HOUSEHOLD, "lon", NULL },
    { BIE_ENTITY_HOUSEHOLD, "lat", NULL },
    { BIE_ENTITY_HOUSEHOLD, "stratum", "6" },
    { BIE_ENTITY_PERSON, "sex", "M" },
    { BIE_ENTITY_PERSON, "sex", "I" },
    { BIE_ENTITY_PERSON, "given_names", "Juan" },
    { BIE_ENTITY_PERSON, "document_type", "RC" },
    { BIE_ENTITY_PERSON, "document_type", "PT" },
    { BIE_ENTITY_RISK, "person_id", NULL },
    { BIE_ENTITY_RISK, "status", "identified" },
    { BIE_ENTITY_RISK, "status", "managed" },
    { BIE_ENTITY_CARE_PLAN, "status", "draft" },
    { BIE_ENTITY_CARE_PLAN, "status", "active" },
    { BIE_ENTITY_CARE_PLAN, "status", "completed" },
    { BIE_ENTITY_GOAL, "status", "proposed" },
    { BIE_ENTITY_GOAL, "status", "active" },
    { BIE_ENTITY_GOAL, "status", "cancelled" },
    { BIE_ENTITY_ACTIVITY, "status", "planned" },
    { BIE_ENTITY_ACTIVITY, "status", "scheduled" },
    { BIE_ENTITY_ACTIVITY, "status", "in-progress" },
    { BIE_ENTITY_ACTIVITY, "status", "done" },
    { BIE_ENTITY_ACTIVITY, "status", "cancelled" },
    { BIE_ENTITY_ACTIVITY, "person_id", NULL },
    { BIE_ENTITY_ACTIVITY, "start_date", NULL },
    { BIE_ENTITY_ENCOUNTER, "kind", "home-visit" },
    { BIE_ENTITY_ENCOUNTER, "kind", "call" },
    { BIE_ENTITY_ENCOUNTER, "date", "2024-03-15" },
    { BIE_ENTITY_ENCOUNTER, "date", "2024-03-15T09:05:00-05:00" },
    { BIE_ENTITY_APPOINTMENT, "outcome", "pending" },
    { BIE_ENTITY_APPOINTMENT, "outcome", "assigned" },
    { BIE_ENTITY_APPOINTMENT, "outcome", "missed" },
    { BIE_ENTITY_APPOINTMENT, "outcome", "cancelled" },
    { BIE_ENTITY_APPOINTMENT, "assigned_on", NULL },
    { BIE_ENTITY_APPOINTMENT, "barrier", NULL },
    { BIE_ENTITY_VACCINATION, "status", "not-done" },
    { BIE_ENTITY_VACCINATION, "date", NULL },
    { BIE_ENTITY_VACCINATION, "dose", "1" },
  };
  World world;

  world_init (&world);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      BieEntity e = cases[i].entity;
      const BieField *field = bie_entity_find_field (bie_entity_info (e), cases[i].field);
      gpointer record = bie_record_copy (e, world.records[e]);
      gpointer value;

      g_assert_nonnull (field);
      value = BIE_FIELD_PTR (record, field);
      switch (field->type)
        {
        case BIE_FIELD_TEXT:
          g_free (*(char **) value);
          *(char **) value = g_strdup (cases[i].value);
          break;
        case BIE_FIELD_INT:
        case BIE_FIELD_REF:
          *(gint64 *) value = cases[i].value ? g_ascii_strtoll (cases[i].value, NULL, 10) : 0;
          break;
        case BIE_FIELD_REAL:
          *(double *) value = cases[i].value ? g_ascii_strtod (cases[i].value, NULL) : 0;
          break;
        case BIE_FIELD_BOOL:
          *(gboolean *) value = cases[i].value != NULL;
          break;
        default:
          g_assert_not_reached ();
        }
      /* An appointment assigned keeps its day; the others may have none. */
      if (e == BIE_ENTITY_APPOINTMENT && g_str_equal (cases[i].field, "outcome") &&
          !g_str_equal (cases[i].value, "attended"))
        g_clear_pointer (&((BieAppointment *) record)->attended_on, g_free);

      assert_round_trip (&world, e, record);
      bie_record_free (e, record);
    }

  /* A missed appointment with no day assigned still has start and end,
   * as FHIR wants, and comes back without a day assigned. */
  {
    BieAppointment *appointment = bie_record_copy (BIE_ENTITY_APPOINTMENT,
                                                   world.records[BIE_ENTITY_APPOINTMENT]);
    g_autoptr(JsonObject) resource = NULL;

    g_clear_pointer (&appointment->assigned_on, g_free);
    g_clear_pointer (&appointment->attended_on, g_free);
    g_free (appointment->outcome);
    appointment->outcome = g_strdup ("missed");
    resource = to_resource (&world, BIE_ENTITY_APPOINTMENT, appointment, NULL, NULL);
    g_assert_cmpstr (json_object_get_string_member (resource, "status"), ==, "noshow");
    g_assert_cmpstr (json_object_get_string_member (resource, "start"), ==, "2024-01-02T00:00:00-05:00");
    g_assert_true (json_object_has_member (resource, "end"));
    assert_round_trip (&world, BIE_ENTITY_APPOINTMENT, appointment);
    bie_record_free (BIE_ENTITY_APPOINTMENT, appointment);
  }

  world_clear (&world);
}

/* Where the fields go, as another FHIR system reads them. */
static void
test_resource_shape (void)
{
  World world;
  g_autoptr(JsonObject) patient = NULL;
  g_autoptr(JsonObject) sector = NULL;
  g_autoptr(JsonObject) household = NULL;
  g_autoptr(JsonObject) goal = NULL;
  g_autoptr(JsonObject) task = NULL;
  g_autoptr(JsonObject) encounter = NULL;
  g_autoptr(JsonObject) appointment = NULL;
  JsonObject *object;
  JsonArray *array;
  BiePerson *person;
  const BieRecord *other;
  g_autofree char *participant = NULL;

  world_init (&world);
  person = world.records[BIE_ENTITY_PERSON];
  other = world.extra_person;

  patient = to_resource (&world, BIE_ENTITY_PERSON, person, NULL, "004501");
  array = json_object_get_array_member (patient, "identifier");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  object = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "system"), ==,
                   "https://saludcapital.gov.co/fhir/sid/document/CC");
  g_assert_cmpstr (json_object_get_string_member (object, "value"), ==, "1012345678");
  g_assert_cmpstr (json_object_get_string_member (patient, "gender"), ==, "female");
  g_assert_cmpstr (json_object_get_string_member (patient, "birthDate"), ==, "1990-04-02");
  object = json_object_get_object_member (patient, "meta");
  array = json_object_get_array_member (object, "tag");
  object = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "system"), ==,
                   "https://saludcapital.gov.co/fhir/CodeSystem/sector");
  g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, "004501");
  /* Insurance travels in the Coverage. */
  {
    g_autofree char *text = object_to_string (patient, FALSE);

    g_assert_null (strstr (text, "EPS037"));
    g_assert_null (strstr (text, "contributivo"));
  }

  sector = to_resource (&world, BIE_ENTITY_SECTOR, world.records[BIE_ENTITY_SECTOR], NULL, "004501");
  object = json_object_get_object_member (sector, "partOf");
  {
    g_autofree char *upz = g_strconcat ("Location/", fhir_id_of (world.records[BIE_ENTITY_UPZ]), NULL);

    g_assert_cmpstr (json_object_get_string_member (object, "reference"), ==, upz);
  }
  g_assert_cmpstr (json_object_get_string_member (sector, "mode"), ==, "instance");

  household = to_resource (&world, BIE_ENTITY_HOUSEHOLD, world.records[BIE_ENTITY_HOUSEHOLD], NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (household, "type"), ==, "person");
  g_assert_true (json_object_get_boolean_member (household, "actual"));
  g_assert_false (json_object_has_member (household, "meta"));

  /* A Goal's subject is its plan's household. */
  goal = to_resource (&world, BIE_ENTITY_GOAL, world.records[BIE_ENTITY_GOAL], NULL, NULL);
  object = json_object_get_object_member (goal, "subject");
  {
    g_autofree char *group = g_strconcat ("Group/", fhir_id_of (world.records[BIE_ENTITY_HOUSEHOLD]), NULL);

    g_assert_cmpstr (json_object_get_string_member (object, "reference"), ==, group);
  }
  g_assert_cmpstr (json_object_get_string_member (goal, "lifecycleStatus"), ==, "completed");

  /* An abated Condition is resolved (con-4), whatever the status says. */
  {
    BieRisk *risk = bie_record_copy (BIE_ENTITY_RISK, world.records[BIE_ENTITY_RISK]);
    g_autoptr(JsonObject) condition = NULL;
    g_autofree char *text = NULL;

    g_free (risk->status);
    risk->status = g_strdup ("managed");
    condition = to_resource (&world, BIE_ENTITY_RISK, risk, NULL, NULL);
    text = object_to_string (json_object_get_object_member (condition, "clinicalStatus"), FALSE);
    g_assert_nonnull (strstr (text, "\"resolved\""));
    g_clear_pointer (&risk->closed_on, g_free);
    g_clear_pointer (&condition, json_object_unref);
    g_clear_pointer (&text, g_free);
    condition = to_resource (&world, BIE_ENTITY_RISK, risk, NULL, NULL);
    text = object_to_string (json_object_get_object_member (condition, "clinicalStatus"), FALSE);
    g_assert_nonnull (strstr (text, "\"active\""));
    bie_record_free (BIE_ENTITY_RISK, risk);
  }

  task = to_resource (&world, BIE_ENTITY_ACTIVITY, world.records[BIE_ENTITY_ACTIVITY], NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (task, "status"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (task, "intent"), ==, "plan");

  /* The persons present: the one the server knows as p-42 by that id. */
  encounter = to_resource (&world, BIE_ENTITY_ENCOUNTER, world.records[BIE_ENTITY_ENCOUNTER], NULL, NULL);
  participant = g_strconcat ("Patient/", other->server_id, NULL);
  array = json_object_get_array_member (encounter, "extension");
  {
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonObject *extension = json_array_get_object_element (array, i);
        JsonObject *reference = json_object_has_member (extension, "valueReference")
                                ? json_object_get_object_member (extension, "valueReference")
                                : NULL;

        if (reference != NULL &&
            g_strcmp0 (json_object_get_string_member (reference, "reference"), participant) == 0)
          found = TRUE;
      }
    g_assert_true (found);
  }
  object = json_object_get_object_member (encounter, "class");
  g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, "HH");

  appointment = to_resource (&world, BIE_ENTITY_APPOINTMENT, world.records[BIE_ENTITY_APPOINTMENT], NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (appointment, "status"), ==, "fulfilled");
  g_assert_cmpstr (json_object_get_string_member (appointment, "start"), ==, "2024-01-20T00:00:00-05:00");
  g_assert_cmpstr (json_object_get_string_member (appointment, "end"), ==, "2024-01-20T23:59:59-05:00");

  world_clear (&world);
}

/* The optional callbacks left out: persons present are referred to by
 * uuid, a family Task has no "for", a Goal no subject (and a warning). */
static void
test_resolver_without_load (void)
{
  World world;
  BieFhirResolver resolver;
  g_autoptr(JsonObject) encounter = NULL;
  g_autoptr(JsonObject) task = NULL;
  g_autoptr(JsonObject) goal = NULL;
  g_autofree char *text = NULL;
  g_autofree char *by_uuid = NULL;
  BieActivity *activity;
  gpointer back;

  world_init (&world);
  resolver = (BieFhirResolver) { resolve_fhir_id, resolve_row_id, &world };

  encounter = bie_fhir_from_record (bie_fhir_uris_default (), &resolver, BIE_ENTITY_ENCOUNTER,
                                    world.records[BIE_ENTITY_ENCOUNTER], NULL, NULL);
  text = object_to_string (encounter, FALSE);
  by_uuid = g_strconcat ("Patient/", ((BieRecord *) world.extra_person)->uuid, NULL);
  g_assert_nonnull (strstr (text, by_uuid));
  stamp (encounter, world.records[BIE_ENTITY_ENCOUNTER]);
  back = from_resource (&world, encounter, BIE_ENTITY_ENCOUNTER);
  assert_records_equal (BIE_ENTITY_ENCOUNTER, world.records[BIE_ENTITY_ENCOUNTER], back);
  bie_record_free (BIE_ENTITY_ENCOUNTER, back);

  activity = bie_record_copy (BIE_ENTITY_ACTIVITY, world.records[BIE_ENTITY_ACTIVITY]);
  activity->person_id = 0;
  task = bie_fhir_from_record (bie_fhir_uris_default (), &resolver, BIE_ENTITY_ACTIVITY, activity,
                               NULL, NULL);
  g_assert_false (json_object_has_member (task, "for"));
  bie_record_free (BIE_ENTITY_ACTIVITY, activity);

  g_test_expect_message ("bie-fhir-map", G_LOG_LEVEL_WARNING, "*Goal*subject*");
  goal = bie_fhir_from_record (bie_fhir_uris_default (), &resolver, BIE_ENTITY_GOAL,
                               world.records[BIE_ENTITY_GOAL], NULL, NULL);
  g_test_assert_expected_messages ();
  g_assert_false (json_object_has_member (goal, "subject"));

  world_clear (&world);
}

static void
test_coverage (void)
{
  World world;
  BieFhirResolver resolver;
  static const char *const cases[][2] = {
    { "EPS037", "contributivo" }, { "EPSS34", NULL }, { NULL, "no-afiliado" }, { NULL, NULL },
  };

  world_init (&world);
  resolver = world_resolver (&world);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint server = 0; server < 2; server++)
      {
        BiePerson *person = bie_record_copy (BIE_ENTITY_PERSON, world.records[BIE_ENTITY_PERSON]);
        g_autoptr(JsonObject) patient = NULL;
        g_autoptr(JsonObject) coverage = NULL;
        g_autoptr(JsonObject) sent = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *coverage_id = NULL;
        g_autofree char *patient_id = NULL;
        BiePerson *back;

        g_free (person->eps_code);
        g_free (person->regimen);
        person->eps_code = g_strdup (cases[i][0]);
        person->regimen = g_strdup (cases[i][1]);
        if (server)
          person->record.server_id = g_strdup ("patient-7");

        world_register (&world, BIE_ENTITY_PERSON, person);
        patient = to_resource (&world, BIE_ENTITY_PERSON, person, NULL, "004501");
        stamp (patient, person);
        back = from_resource (&world, patient, BIE_ENTITY_PERSON);
        g_assert_null (back->eps_code);
        g_assert_null (back->regimen);

        sent = bie_fhir_coverage_from_person (bie_fhir_uris_default (), &resolver, person, NULL, "004501");
        if (cases[i][0] == NULL && cases[i][1] == NULL)
          {
            g_assert_null (sent);
            assert_records_equal (BIE_ENTITY_PERSON, person, back);
            bie_record_free (BIE_ENTITY_PERSON, back);
            bie_record_free (BIE_ENTITY_PERSON, person);
            continue;
          }
        assert_valid_object (sent);
        coverage = wire (sent);
        coverage_id = bie_fhir_coverage_id (fhir_id_of (person));
        g_assert_true (g_uuid_string_is_valid (coverage_id));
        g_assert_cmpstr (json_object_get_string_member (coverage, "id"), ==, coverage_id);
        g_assert_true (is_coverage (coverage));
        g_assert_false (is_coverage (patient));
        g_assert_true (json_object_has_member (coverage, "payor"));

        /* Coverage is no record of its own. */
        {
          BieEntity entity;

          g_assert_false (entity_for_resource (coverage, &entity, &error));
          g_assert_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_UNSUPPORTED);
          g_clear_error (&error);
        }

        patient_id = coverage_patient_id (coverage, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (patient_id, ==, fhir_id_of (person));

        g_assert_true (apply_coverage (coverage, back, &error));
        g_assert_no_error (error);
        assert_records_equal (BIE_ENTITY_PERSON, person, back);

        /* Not hers: refused, nothing changed. */
        g_free (back->record.server_id);
        back->record.server_id = g_strdup ("someone-else");
        g_assert_false (apply_coverage (coverage, back, &error));
        g_assert_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
        g_assert_cmpstr (back->eps_code, ==, person->eps_code);

        bie_record_free (BIE_ENTITY_PERSON, back);
        bie_record_free (BIE_ENTITY_PERSON, person);
      }

  /* Updating keeps what the server added. */
  {
    BiePerson *person = world.records[BIE_ENTITY_PERSON];
    g_autoptr(JsonObject) first = NULL;
    g_autoptr(JsonObject) second = NULL;
    JsonObject *meta;

    world_register (&world, BIE_ENTITY_PERSON, person);
    first = bie_fhir_coverage_from_person (bie_fhir_uris_default (), &resolver, person, NULL, "004501");
    json_object_set_string_member (first, "network", "Red Norte");
    meta = json_object_get_object_member (first, "meta");
    json_object_set_string_member (meta, "versionId", "4");
    g_free (person->eps_code);
    person->eps_code = NULL;
    second = bie_fhir_coverage_from_person (bie_fhir_uris_default (), &resolver, person, first, "004501");
    g_assert_cmpstr (json_object_get_string_member (second, "network"), ==, "Red Norte");
    meta = json_object_get_object_member (second, "meta");
    g_assert_false (json_object_has_member (meta, "versionId"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (second, "payor")), ==, 1);

    /* No insurance left: the server's Coverage is cancelled; none is made
     * where the server has none. */
    g_free (person->regimen);
    person->regimen = NULL;
    {
      g_autoptr(JsonObject) cancelled = bie_fhir_coverage_from_person (bie_fhir_uris_default (), &resolver,
                                                                       person, second, "004501");
      BiePerson *read = bie_record_copy (BIE_ENTITY_PERSON, person);
      g_autoptr(GError) error = NULL;

      g_assert_cmpstr (json_object_get_string_member (cancelled, "status"), ==, "cancelled");
      g_assert_false (json_object_has_member (cancelled, "type"));
      g_assert_cmpstr (json_object_get_string_member (cancelled, "network"), ==, "Red Norte");
      g_free (read->eps_code);
      read->eps_code = g_strdup ("EPS037");
      g_assert_true (apply_coverage (cancelled, read, &error));
      g_assert_no_error (error);
      g_assert_null (read->eps_code);
      g_assert_null (read->regimen);
      bie_record_free (BIE_ENTITY_PERSON, read);
      g_assert_null (bie_fhir_coverage_from_person (bie_fhir_uris_default (), &resolver, person, NULL,
                                                    "004501"));
    }
  }

  world_clear (&world);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static JsonObject *
find_by (JsonArray  *array,
         const char *member_name,
         const char *value)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (object, member_name, NULL), value) == 0)
        return object;
    }

  return NULL;
}

/* What the server has that the mapping does not own survives an update;
 * what the record changed or cleared changes or goes. */
static void
test_preserve_patient (void)
{
  World world;
  BiePerson *person;
  g_autoptr(JsonObject) previous = NULL;
  g_autoptr(JsonObject) updated = NULL;
  g_autofree char *text = NULL;
  JsonObject *meta, *object;
  JsonArray *array;
  gpointer back;

  world_init (&world);
  person = bie_record_copy (BIE_ENTITY_PERSON, world.records[BIE_ENTITY_PERSON]);
  world_register (&world, BIE_ENTITY_PERSON, person);

  previous = to_resource (&world, BIE_ENTITY_PERSON, person, NULL, "004400");
  stamp (previous, person);
  /* The server's own additions. */
  json_object_set_object_member (previous, "text",
                                 parse_object ("{\"status\":\"generated\",\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">x</div>\"}"));
  json_object_set_object_member (previous, "maritalStatus",
                                 parse_object ("{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-MaritalStatus\",\"code\":\"M\"}]}"));
  json_array_add_object_element (json_object_get_array_member (previous, "extension"),
                                 parse_object ("{\"url\":\"http://example.org/fhir/ethnicity\",\"valueString\":\"x\"}"));
  json_array_add_object_element (json_object_get_array_member (previous, "identifier"),
                                 parse_object ("{\"system\":\"http://hospital.example/mrn\",\"value\":\"H-1\"}"));
  json_array_add_object_element (json_object_get_array_member (previous, "telecom"),
                                 parse_object ("{\"system\":\"email\",\"value\":\"x@example.org\"}"));
  meta = json_object_get_object_member (previous, "meta");
  json_object_set_array_member (meta, "security", json_array_new ());
  json_array_add_object_element (json_object_get_array_member (meta, "security"),
                                 parse_object ("{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"R\"}"));
  json_array_add_object_element (json_object_get_array_member (meta, "tag"),
                                 parse_object ("{\"system\":\"http://example.org/tags\",\"code\":\"campaign\"}"));

  /* Edited here: a name changed, the phone cleared, moved to a sector. */
  g_free (person->given_names);
  person->given_names = g_strdup ("María Josefa");
  g_clear_pointer (&person->phone, g_free);
  g_free (person->document_type);
  person->document_type = g_strdup ("CE");

  updated = to_resource (&world, BIE_ENTITY_PERSON, person, previous, "004501");
  text = object_to_string (updated, TRUE);

  g_assert_true (json_object_has_member (updated, "text"));
  g_assert_true (json_object_has_member (updated, "maritalStatus"));
  array = json_object_get_array_member (updated, "extension");
  g_assert_nonnull (find_by (array, "url", "http://example.org/fhir/ethnicity"));
  array = json_object_get_array_member (updated, "identifier");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_nonnull (find_by (array, "system", "http://hospital.example/mrn"));
  g_assert_nonnull (find_by (array, "system", "https://saludcapital.gov.co/fhir/sid/document/CE"));
  g_assert_null (find_by (array, "system", "https://saludcapital.gov.co/fhir/sid/document/CC"));
  array = json_object_get_array_member (updated, "telecom");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_nonnull (find_by (array, "system", "email"));
  array = json_object_get_array_member (updated, "name");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  meta = json_object_get_object_member (updated, "meta");
  g_assert_false (json_object_has_member (meta, "versionId"));
  g_assert_false (json_object_has_member (meta, "lastUpdated"));
  g_assert_true (json_object_has_member (meta, "security"));
  array = json_object_get_array_member (meta, "tag");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_nonnull (find_by (array, "code", "campaign"));
  g_assert_nonnull (find_by (array, "code", "004501"));
  g_assert_null (find_by (array, "code", "004400"));
  g_assert_null (strstr (text, "3001234567"));

  stamp (updated, person);
  back = from_resource (&world, updated, BIE_ENTITY_PERSON);
  g_clear_pointer (&person->eps_code, g_free);
  g_clear_pointer (&person->regimen, g_free);
  assert_records_equal (BIE_ENTITY_PERSON, person, back);
  bie_record_free (BIE_ENTITY_PERSON, back);

  /* A phone again: ours first, the email kept. */
  person->phone = g_strdup ("3109876543");
  g_clear_pointer (&updated, json_object_unref);
  updated = to_resource (&world, BIE_ENTITY_PERSON, person, previous, "004501");
  array = json_object_get_array_member (updated, "telecom");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  object = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "value"), ==, "3109876543");

  bie_record_free (BIE_ENTITY_PERSON, person);
  world_clear (&world);
}

/* For every kind: the full record's resource, with foreign additions, as
 * the previous version of the minimal record: the result is the minimal
 * record's resource plus exactly the foreign additions. */
static void
test_preserve_every_kind (void)
{
  World world;

  world_init (&world);
  for (BieEntity e = 0; e < BIE_N_ENTITIES; e++)
    {
      gpointer full = world.records[e];
      gpointer minimal = minimal_copy (e, full);
      g_autoptr(JsonObject) previous = to_resource (&world, e, full, NULL, "004400");
      g_autoptr(JsonObject) fresh = to_resource (&world, e, minimal, NULL, "004501");
      g_autoptr(JsonObject) updated = NULL;
      JsonObject *meta;
      JsonArray *array;
      gpointer back;

      stamp (previous, full);
      json_object_set_string_member (previous, "language", "es-CO");
      json_object_set_string_member (previous, "implicitRules", "http://example.org/rules");
      if (!json_object_has_member (previous, "extension"))
        json_object_set_array_member (previous, "extension", json_array_new ());
      json_array_add_object_element (json_object_get_array_member (previous, "extension"),
                                     parse_object ("{\"url\":\"http://example.org/x\",\"valueBoolean\":true}"));
      /* An extension of ours on a kind that does not use it is not ours
       * to remove. */
      if (e == BIE_ENTITY_VACCINATION)
        json_array_add_object_element (json_object_get_array_member (previous, "extension"),
                                       parse_object ("{\"url\":\"https://saludcapital.gov.co/fhir/StructureDefinition/notes\",\"valueString\":\"x\"}"));
      meta = json_object_get_object_member (previous, "meta");
      json_object_set_string_member (meta, "source", "http://example.org/source");

      updated = to_resource (&world, e, minimal, previous, "004501");
      g_assert_cmpstr (json_object_get_string_member (updated, "language"), ==, "es-CO");
      meta = json_object_get_object_member (updated, "meta");
      g_assert_cmpstr (json_object_get_string_member (meta, "source"), ==, "http://example.org/source");
      array = json_object_get_array_member (updated, "extension");
      g_assert_nonnull (find_by (array, "url", "http://example.org/x"));

      /* Back to the record: the minimal one. */
      stamp (updated, minimal);
      back = from_resource (&world, updated, e);
      assert_records_equal (e, minimal, back);
      bie_record_free (e, back);

      /* Without the foreign additions, the same as written afresh. */
      json_object_remove_member (updated, "language");
      json_object_remove_member (updated, "implicitRules");
      json_object_remove_member (meta, "source");
      json_object_remove_member (meta, "versionId");
      json_object_remove_member (meta, "lastUpdated");
      for (guint i = json_array_get_length (array); i-- > 0;)
        {
          const char *url = json_object_get_string_member (json_array_get_object_element (array, i), "url");

          if (g_str_has_prefix (url, "http://example.org/") ||
              (e == BIE_ENTITY_VACCINATION && g_str_has_suffix (url, "/notes")))
            json_array_remove_element (array, i);
        }
      if (json_array_get_length (array) == 0)
        json_object_remove_member (updated, "extension");
      if (!json_object_equal (updated, fresh))
        {
          g_autofree char *want = object_to_string (fresh, TRUE);
          g_autofree char *got = object_to_string (updated, TRUE);

          g_error ("%s: expected\n%s\ngot\n%s", bie_entity_info (e)->table, want, got);
        }

      bie_record_free (e, minimal);
    }
  world_clear (&world);
}

/* A choice element ([x]) replaced whole, whatever type the server had. */
static void
test_preserve_choice (void)
{
  World world;
  g_autoptr(JsonObject) previous = NULL;
  g_autoptr(JsonObject) updated = NULL;

  world_init (&world);
  previous = to_resource (&world, BIE_ENTITY_RISK, world.records[BIE_ENTITY_RISK], NULL, NULL);
  json_object_remove_member (previous, "onsetDateTime");
  json_object_set_string_member (previous, "onsetString", "long ago");
  json_object_set_object_member (previous, "_onsetString", parse_object ("{\"id\":\"x\"}"));
  json_object_set_object_member (previous, "abatementAge", parse_object ("{\"value\":3}"));
  json_object_set_string_member (previous, "recordedDate", "2024-01-11");
  updated = to_resource (&world, BIE_ENTITY_RISK, world.records[BIE_ENTITY_RISK], previous, NULL);
  g_assert_false (json_object_has_member (updated, "onsetString"));
  g_assert_false (json_object_has_member (updated, "_onsetString"));
  g_assert_false (json_object_has_member (updated, "abatementAge"));
  g_assert_cmpstr (json_object_get_string_member (updated, "onsetDateTime"), ==, "2024-01-10");
  g_assert_cmpstr (json_object_get_string_member (updated, "recordedDate"), ==, "2024-01-11");

  world_clear (&world);
}

/* Another system's resources: what it writes in its own way reads too. */
static void
test_foreign_resources (void)
{
  World world;
  BieFhirResolver resolver;
  const BieRecord *household, *person, *professional;
  g_autoptr(GError) error = NULL;
  BieEntity entity;

  world_init (&world);
  resolver = world_resolver (&world);
  household = world.records[BIE_ENTITY_HOUSEHOLD];
  person = world.records[BIE_ENTITY_PERSON];
  professional = world.records[BIE_ENTITY_PROFESSIONAL];

  /* Absolute references, urn:uuid, a status from FHIR alone, a day as
   * a dateTime, uppercase uuid ids. */
  {
    g_autofree char *text = g_strdup_printf (
      "{\"resourceType\":\"Appointment\",\"id\":\"ABCDEF00-0000-4000-8000-000000000001\","
      "\"status\":\"booked\",\"created\":\"2024-01-02T10:00:00-05:00\","
      "\"start\":\"2024-01-20T15:00:00Z\",\"end\":\"2024-01-20T15:20:00Z\","
      "\"serviceType\":[{\"coding\":[{\"system\":\"https://saludcapital.gov.co/fhir/CodeSystem/service\",\"code\":\"dentistry\"}]}],"
      "\"participant\":[{\"actor\":{\"reference\":\"Practitioner/%s\"},\"status\":\"accepted\"},"
      "{\"actor\":{\"reference\":\"https://fhir.example.org/r4/Patient/%s/_history/2\"},\"status\":\"accepted\"}],"
      "\"extension\":[{\"url\":\"https://saludcapital.gov.co/fhir/StructureDefinition/household\","
      "\"valueReference\":{\"reference\":\"urn:uuid:%s\"}}]}",
      professional->uuid, person->uuid, household->uuid);
    g_autoptr(JsonObject) resource = parse_object (text);
    BieAppointment *appointment = to_record (&resolver, resource,
                                                      &entity, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (appointment->record.uuid, ==, "abcdef00-0000-4000-8000-000000000001");
    g_assert_cmpstr (appointment->record.server_id, ==, "ABCDEF00-0000-4000-8000-000000000001");
    g_assert_cmpint (appointment->record.id, ==, 0);
    g_assert_cmpstr (appointment->outcome, ==, "assigned");
    g_assert_cmpstr (appointment->assigned_on, ==, "2024-01-20");
    g_assert_cmpstr (appointment->requested_on, ==, "2024-01-02");
    g_assert_cmpint (appointment->person_id, ==, person->id);
    g_assert_cmpint (appointment->household_id, ==, household->id);
    g_assert_null (appointment->barrier);
    bie_record_free (BIE_ENTITY_APPOINTMENT, appointment);
  }

  /* A Practitioner named in parts, a Condition with FHIR's status alone. */
  {
    g_autoptr(JsonObject) resource = parse_object (
      "{\"resourceType\":\"Practitioner\",\"id\":\"pr-1\","
      "\"identifier\":[{\"system\":\"https://saludcapital.gov.co/fhir/sid/document/CC\",\"value\":\"123\"}],"
      "\"name\":[{\"given\":[\"Ana\",\"Lucía\"],\"family\":\"Pérez\"}],"
      "\"qualification\":[{\"code\":{\"coding\":[{\"system\":\"https://saludcapital.gov.co/fhir/CodeSystem/profession\",\"code\":\"medicine\"}]}}]}");
    BieProfessional *record = to_record (&resolver, resource,
                                                  &entity, &error);
    g_autofree char *uuid = bie_fhir_uuid_for_id ("Practitioner", "pr-1");

    g_assert_no_error (error);
    g_assert_cmpstr (record->name, ==, "Ana Lucía Pérez");
    g_assert_cmpstr (record->record.uuid, ==, uuid);
    g_assert_cmpint (record->team_id, ==, 0);
    bie_record_free (BIE_ENTITY_PROFESSIONAL, record);
  }

  /* A Task based on another request first, for a Group (the family), a
   * status from FHIR alone; an Encounter with a relative first. */
  {
    const BieRecord *plan = world.records[BIE_ENTITY_CARE_PLAN];
    g_autofree char *text = g_strdup_printf (
      "{\"resourceType\":\"Task\",\"id\":\"t-1\",\"status\":\"on-hold\",\"intent\":\"order\","
      "\"basedOn\":[{\"reference\":\"ServiceRequest/s1\"},{\"reference\":\"CarePlan/%s\"}],"
      "\"for\":{\"reference\":\"Group/%s\"},"
      "\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"1\"},"
      "{\"system\":\"https://saludcapital.gov.co/fhir/CodeSystem/activity-kind\",\"code\":\"home-visit\"}]}}",
      plan->uuid, household->uuid);
    g_autofree char *encounter_text = g_strdup_printf (
      "{\"resourceType\":\"Encounter\",\"id\":\"e-1\",\"status\":\"finished\","
      "\"class\":{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"VR\"},"
      "\"subject\":{\"reference\":\"Group/%s\"},\"period\":{\"start\":\"2024-03-01\"},"
      "\"participant\":[{\"individual\":{\"reference\":\"RelatedPerson/r1\"}},"
      "{\"individual\":{\"reference\":\"Practitioner/%s\"}}]}",
      household->uuid, professional->uuid);
    g_autoptr(JsonObject) resource = parse_object (text);
    g_autoptr(JsonObject) encounter_resource = parse_object (encounter_text);
    BieActivity *activity = to_record (&resolver, resource,
                                                &entity, &error);
    BieEncounter *encounter;

    g_assert_no_error (error);
    g_assert_cmpint (activity->plan_id, ==, plan->id);
    g_assert_cmpint (activity->person_id, ==, 0);
    g_assert_cmpstr (activity->status, ==, "in-progress");
    g_assert_cmpstr (activity->kind, ==, "home-visit");
    bie_record_free (BIE_ENTITY_ACTIVITY, activity);

    encounter = to_record (&resolver, encounter_resource,
                                    &entity, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (encounter->kind, ==, "call");
    g_assert_cmpint (encounter->professional_id, ==, professional->id);
    g_assert_null (encounter->participants);
    bie_record_free (BIE_ENTITY_ENCOUNTER, encounter);
  }

  /* The name-based uuid: version 5, stable, lowercase. */
  {
    g_autofree char *a = bie_fhir_uuid_for_id ("Patient", "123");
    g_autofree char *b = bie_fhir_uuid_for_id ("Patient", "123");
    g_autofree char *c = bie_fhir_uuid_for_id ("Group", "123");

    g_assert_true (g_uuid_string_is_valid (a));
    g_assert_cmpstr (a, ==, b);
    g_assert_cmpstr (a, !=, c);
    g_assert_cmpint (a[14], ==, '5');
    g_assert_true (strchr ("89ab", a[19]) != NULL);
    for (const char *p = a; *p != '\0'; p++)
      g_assert_false (g_ascii_isupper (*p));
  }

  world_clear (&world);
}

static void
assert_refused (World      *world,
                const char *text,
                GQuark      domain,
                int         code)
{
  BieFhirResolver resolver = world_resolver (world);
  g_autoptr(JsonObject) resource = parse_object (text);
  g_autoptr(GError) error = NULL;
  BieEntity entity;
  gpointer record;

  record = to_record (&resolver, resource, &entity, &error);
  if (record != NULL)
    g_error ("Accepted: %s", text);
  g_assert_error (error, domain, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_bad_input (void)
{
  World world;
  const BieRecord *person;
  g_autoptr(JsonObject) patient = NULL;
  g_autofree char *valid = NULL;

  world_init (&world);
  person = world.records[BIE_ENTITY_PERSON];
  patient = to_resource (&world, BIE_ENTITY_PERSON, person, NULL, "004501");
  valid = object_to_string (patient, FALSE);

  assert_refused (&world, "{}", BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
  assert_refused (&world, "{\"resourceType\":7,\"id\":\"a\"}", BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
  assert_refused (&world, "{\"resourceType\":\"Pat ient\",\"id\":\"a\"}", BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
  assert_refused (&world, "{\"resourceType\":\"Patient\"}", BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
  assert_refused (&world, "{\"resourceType\":\"Patient\",\"id\":\"a b\"}", BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
  assert_refused (&world, "{\"resourceType\":\"Patient\",\"id\":\"\"}", BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
  assert_refused (&world, "{\"resourceType\":\"Patient\",\"id\":12}", BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
  assert_refused (&world, "{\"resourceType\":\"Patient\",\"id\":\"a/b\"}", BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
  assert_refused (&world, "{\"resourceType\":\"Patient\",\"id\":\"x12345678901234567890123456789012345678901234567890123456789012345\"}",
                  BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
  assert_refused (&world, "{\"resourceType\":\"Observation\",\"id\":\"a\"}", BIE_FHIR_ERROR, BIE_FHIR_ERROR_UNSUPPORTED);
  assert_refused (&world, "{\"resourceType\":\"Location\",\"id\":\"a\",\"name\":\"Hospital\"}",
                  BIE_FHIR_ERROR, BIE_FHIR_ERROR_UNSUPPORTED);
  assert_refused (&world, "{\"resourceType\":\"Coverage\",\"id\":\"a\"}", BIE_FHIR_ERROR, BIE_FHIR_ERROR_UNSUPPORTED);
  /* A Patient with nothing Bienestar needs. */
  assert_refused (&world, "{\"resourceType\":\"Patient\",\"id\":\"a\"}", BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);

  /* Wrong types and values in a valid Patient. */
  {
    static const char *const edits[][2] = {
      { "\"gender\":\"female\"", "\"gender\":\"mujer\"" },
      { "\"gender\":\"female\"", "\"gender\":[\"female\"]" },
      { "\"birthDate\":\"1990-04-02\"", "\"birthDate\":\"1990-02-30\"" },
      { "\"birthDate\":\"1990-04-02\"", "\"birthDate\":\"1990\"" },
      { "\"birthDate\":\"1990-04-02\"", "\"birthDate\":19900402" },
      { "\"family\":\"Gómez Ruiz\"", "\"family\":{\"text\":\"Gómez Ruiz\"}" },
      { "\"given\":[\"María José\"]", "\"given\":[1]" },
      { "\"given\":[\"María José\"]", "\"given\":\"María José\"" },
      { "\"lastUpdated\":", "\"lastUpdated\":\"yesterday\",\"x\":" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
      {
        g_autofree char *text = NULL;
        g_autoptr(JsonObject) stamped = wire (patient);
        g_autofree char *stamped_text = NULL;
        g_auto(GStrv) parts = NULL;

        stamp (stamped, person);
        stamped_text = object_to_string (stamped, FALSE);
        g_assert_nonnull (strstr (stamped_text, edits[i][0]));
        parts = g_strsplit (stamped_text, edits[i][0], 2);
        text = g_strjoin (edits[i][1], parts[0], parts[1], NULL);
        assert_refused (&world, text, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
      }
  }

  /* A reference to a record the cache does not have: deferred. */
  world_forget (&world, BIE_ENTITY_HOUSEHOLD, world.records[BIE_ENTITY_HOUSEHOLD]);
  assert_refused (&world, valid, BIE_FHIR_ERROR, BIE_FHIR_ERROR_NOT_FOUND);
  world_register (&world, BIE_ENTITY_HOUSEHOLD, world.records[BIE_ENTITY_HOUSEHOLD]);

  /* An optional one too: a goal whose risk is not there yet. */
  {
    g_autoptr(JsonObject) goal = to_resource (&world, BIE_ENTITY_GOAL, world.records[BIE_ENTITY_GOAL], NULL, NULL);
    g_autofree char *text = object_to_string (goal, FALSE);

    world_forget (&world, BIE_ENTITY_RISK, world.records[BIE_ENTITY_RISK]);
    assert_refused (&world, text, BIE_FHIR_ERROR, BIE_FHIR_ERROR_NOT_FOUND);
    world_register (&world, BIE_ENTITY_RISK, world.records[BIE_ENTITY_RISK]);
  }

  /* A reference of the wrong type, or unreadable. */
  {
    g_auto(GStrv) parts = NULL;
    g_autofree char *group = g_strconcat ("Group/", fhir_id_of (world.records[BIE_ENTITY_HOUSEHOLD]), NULL);
    g_autofree char *text = NULL;

    g_assert_nonnull (strstr (valid, group));
    parts = g_strsplit (valid, group, 2);
    text = g_strjoin ("Location/x", parts[0], parts[1], NULL);
    assert_refused (&world, text, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
    g_free (text);
    text = g_strjoin ("#contained", parts[0], parts[1], NULL);
    assert_refused (&world, text, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
    g_free (text);
    text = g_strjoin ("urn:uuid:not-a-uuid", parts[0], parts[1], NULL);
    assert_refused (&world, text, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
  }

  /* Geometry that is not base64, or not GeoJSON. */
  {
    g_autoptr(JsonObject) sector = to_resource (&world, BIE_ENTITY_SECTOR, world.records[BIE_ENTITY_SECTOR], NULL, NULL);
    g_autofree char *text = object_to_string (sector, FALSE);
    g_autofree char *data = g_base64_encode ((const guchar *) square, strlen (square));
    g_autofree char *not_json = g_base64_encode ((const guchar *) "{\"type\":\"Polygon\"", 17);
    const char *bad[] = { "!!!!", "QUJD", not_json };

    g_assert_nonnull (strstr (text, data));
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_auto(GStrv) parts = g_strsplit (text, data, 2);
        g_autofree char *edited = g_strjoin (bad[i], parts[0], parts[1], NULL);

        assert_refused (&world, edited, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
      }
  }

  world_clear (&world);
}

/* Every message is fit to show and says nothing of a person. */
static void
check_error (const GError *error)
{
  g_assert_true (error->domain == BIE_FHIR_ERROR);
  g_assert_true (error->code == BIE_FHIR_ERROR_INVALID || error->code == BIE_FHIR_ERROR_NOT_FOUND ||
                 error->code == BIE_FHIR_ERROR_UNSUPPORTED);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), <, 400);
  for (guint i = 0; i < G_N_ELEMENTS (personal_data); i++)
    if (strstr (error->message, personal_data[i]) != NULL)
      g_error ("Personal data in “%s”", error->message);
}

static guint n_tried;

static void
try_mutant (World      *world,
            JsonObject *resource)
{
  BieFhirResolver resolver = world_resolver (world);
  g_autoptr(GError) error = NULL;
  BieEntity entity;
  gpointer record;

  record = to_record (&resolver, resource, &entity, &error);
  n_tried++;
  if (record != NULL)
    {
      g_assert_no_error (error);
      g_assert_cmpint (entity, <, BIE_N_ENTITIES);
      bie_record_free (entity, record);
    }
  else
    {
      g_assert_nonnull (error);
      check_error (error);
    }
}

static char *huge;

static JsonNode *
replacement (guint kind)
{
  JsonNode *node;

  switch (kind)
    {
    case 0:
      return json_node_init_int (json_node_alloc (), -42);
    case 1:
      return json_node_init_double (json_node_alloc (), 1e308);
    case 2:
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, json_object_new ());
      return node;
    case 3:
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, json_array_new ());
      return node;
    case 4:
      return json_node_init_null (json_node_alloc ());
    case 5:
      return json_node_init_boolean (json_node_alloc (), TRUE);
    case 6:
      return json_node_init_string (json_node_alloc (), "");
    case 7:
      return json_node_init_string (json_node_alloc (), huge);
    case 8:
      return json_node_init_string (json_node_alloc (), "Patient/../x");
    default:
      return NULL;
    }
}

/* A copy of @array (sharing its elements) without element @skip, or with
 * @instead in its place. */
static JsonNode *
array_variant (JsonArray *array,
               guint      skip,
               JsonNode  *instead)
{
  JsonArray *copy = json_array_new ();
  JsonNode *node;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (i != skip)
        json_array_add_element (copy, json_node_ref (json_array_get_element (array, i)));
      else if (instead != NULL)
        json_array_add_element (copy, instead);
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, copy);

  return node;
}

static void fuzz_object (World      *world,
                         JsonObject *root,
                         JsonObject *object);

/* Every element of the array member @name of @object: dropped, then
 * replaced by each kind of value; objects within, in turn. */
static void
fuzz_array (World      *world,
            JsonObject *root,
            JsonObject *object,
            const char *name,
            JsonNode   *saved)
{
  JsonArray *array = json_node_get_array (saved);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonNode *node;

      json_object_set_member (object, name, array_variant (array, i, NULL));
      try_mutant (world, root);
      for (guint kind = 0; (node = replacement (kind)) != NULL; kind++)
        {
          json_object_set_member (object, name, array_variant (array, i, node));
          try_mutant (world, root);
        }
      json_object_set_member (object, name, json_node_ref (saved));

      if (JSON_NODE_HOLDS_OBJECT (element))
        fuzz_object (world, root, json_node_get_object (element));
    }
}

/* Every member of every object below @object in turn: dropped, then
 * replaced by each kind of value. */
static void
fuzz_object (World      *world,
             JsonObject *root,
             JsonObject *object)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    {
      /* The object owns its names: removing the member frees this one. */
      g_autofree char *name = g_strdup (l->data);
      g_autoptr(JsonNode) saved = json_node_ref (json_object_get_member (object, name));
      JsonNode *node;

      json_object_remove_member (object, name);
      try_mutant (world, root);
      for (guint kind = 0; (node = replacement (kind)) != NULL; kind++)
        {
          json_object_set_member (object, name, node);
          try_mutant (world, root);
        }
      json_object_set_member (object, name, json_node_ref (saved));

      if (JSON_NODE_HOLDS_OBJECT (saved))
        fuzz_object (world, root, json_node_get_object (saved));
      else if (JSON_NODE_HOLDS_ARRAY (saved))
        fuzz_array (world, root, object, name, saved);
    }
}

static void
test_fuzz (void)
{
  World world;

  huge = g_malloc (1 << 20);
  memset (huge, 'A', (1 << 20) - 1);
  huge[(1 << 20) - 1] = '\0';

  world_init (&world);
  for (BieEntity e = 0; e < BIE_N_ENTITIES; e++)
    {
      g_autoptr(JsonObject) resource = to_resource (&world, e, world.records[e], NULL, "004501");

      stamp (resource, world.records[e]);
      try_mutant (&world, resource);
      fuzz_object (&world, resource, resource);
    }
  g_test_message ("%u mutants tried", n_tried);
  g_assert_cmpuint (n_tried, >, 2000);
  world_clear (&world);
  g_clear_pointer (&huge, g_free);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fhir-map/round-trip", test_round_trip);
  g_test_add_func ("/fhir-map/round-trip/values", test_round_trip_values);
  g_test_add_func ("/fhir-map/shape", test_resource_shape);
  g_test_add_func ("/fhir-map/resolver-without-load", test_resolver_without_load);
  g_test_add_func ("/fhir-map/coverage", test_coverage);
  g_test_add_func ("/fhir-map/preserve/patient", test_preserve_patient);
  g_test_add_func ("/fhir-map/preserve/every-kind", test_preserve_every_kind);
  g_test_add_func ("/fhir-map/preserve/choice", test_preserve_choice);
  g_test_add_func ("/fhir-map/foreign", test_foreign_resources);
  g_test_add_func ("/fhir-map/bad-input", test_bad_input);
  g_test_add_func ("/fhir-map/fuzz", test_fuzz);

  return g_test_run ();
}
