/* bie-model.c: the tables the records map onto
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-model"

#include "config.h"

#include <string.h>

#include "bie-model.h"

G_DEFINE_QUARK (bie-store-error-quark, bie_store_error)

#define TEXT(S, f, req)   { #f, BIE_FIELD_TEXT, G_STRUCT_OFFSET (S, f), 0, req }
#define INT(S, f, req)    { #f, BIE_FIELD_INT,  G_STRUCT_OFFSET (S, f), 0, req }
#define REAL(S, f)        { #f, BIE_FIELD_REAL, G_STRUCT_OFFSET (S, f), 0, FALSE }
#define BOOL(S, f)        { #f, BIE_FIELD_BOOL, G_STRUCT_OFFSET (S, f), 0, FALSE }
#define REF(S, f, e, req) { #f, BIE_FIELD_REF,  G_STRUCT_OFFSET (S, f), e, req }

static const BieField subred_fields[] = {
  TEXT (BieSubred, code, TRUE),
  TEXT (BieSubred, name, TRUE),
};

static const BieField localidad_fields[] = {
  TEXT (BieLocalidad, code, TRUE),
  TEXT (BieLocalidad, name, TRUE),
  REF (BieLocalidad, subred_id, BIE_ENTITY_SUBRED, TRUE),
  TEXT (BieLocalidad, geometry, FALSE),
  REAL (BieLocalidad, min_lon),
  REAL (BieLocalidad, min_lat),
  REAL (BieLocalidad, max_lon),
  REAL (BieLocalidad, max_lat),
};

static const BieField upz_fields[] = {
  TEXT (BieUpz, code, TRUE),
  TEXT (BieUpz, name, TRUE),
  REF (BieUpz, localidad_id, BIE_ENTITY_LOCALIDAD, TRUE),
};

static const BieField sector_fields[] = {
  TEXT (BieSector, code, TRUE),
  TEXT (BieSector, name, TRUE),
  REF (BieSector, localidad_id, BIE_ENTITY_LOCALIDAD, TRUE),
  REF (BieSector, upz_id, BIE_ENTITY_UPZ, FALSE),
  TEXT (BieSector, geometry, FALSE),
  REAL (BieSector, min_lon),
  REAL (BieSector, min_lat),
  REAL (BieSector, max_lon),
  REAL (BieSector, max_lat),
  BOOL (BieSector, generated),
};

static const BieField team_fields[] = {
  TEXT (BieTeam, name, TRUE),
  REF (BieTeam, subred_id, BIE_ENTITY_SUBRED, FALSE),
};

static const BieField professional_fields[] = {
  TEXT (BieProfessional, document_type, TRUE),
  TEXT (BieProfessional, document_number, TRUE),
  TEXT (BieProfessional, name, TRUE),
  TEXT (BieProfessional, profession, TRUE),
  REF (BieProfessional, team_id, BIE_ENTITY_TEAM, FALSE),
};

static const BieField household_fields[] = {
  REF (BieHousehold, sector_id, BIE_ENTITY_SECTOR, TRUE),
  TEXT (BieHousehold, address, TRUE),
  REAL (BieHousehold, lon),
  REAL (BieHousehold, lat),
  INT (BieHousehold, stratum, FALSE),
};

static const BieField person_fields[] = {
  REF (BiePerson, household_id, BIE_ENTITY_HOUSEHOLD, TRUE),
  TEXT (BiePerson, document_type, TRUE),
  TEXT (BiePerson, document_number, TRUE),
  TEXT (BiePerson, given_names, TRUE),
  TEXT (BiePerson, family_names, TRUE),
  TEXT (BiePerson, sex, TRUE),
  TEXT (BiePerson, birth_date, TRUE),
  TEXT (BiePerson, eps_code, FALSE),
  TEXT (BiePerson, regimen, FALSE),
  TEXT (BiePerson, phone, FALSE),
  TEXT (BiePerson, relationship, TRUE),
};

static const BieField risk_fields[] = {
  REF (BieRisk, household_id, BIE_ENTITY_HOUSEHOLD, TRUE),
  REF (BieRisk, person_id, BIE_ENTITY_PERSON, FALSE),
  TEXT (BieRisk, code, TRUE),
  TEXT (BieRisk, status, TRUE),
  TEXT (BieRisk, identified_on, TRUE),
  TEXT (BieRisk, managed_on, FALSE),
  TEXT (BieRisk, closed_on, FALSE),
  TEXT (BieRisk, notes, FALSE),
};

static const BieField care_plan_fields[] = {
  REF (BieCarePlan, household_id, BIE_ENTITY_HOUSEHOLD, TRUE),
  TEXT (BieCarePlan, status, TRUE),
  TEXT (BieCarePlan, agreed_on, FALSE),
  REF (BieCarePlan, professional_id, BIE_ENTITY_PROFESSIONAL, FALSE),
};

static const BieField goal_fields[] = {
  REF (BieGoal, plan_id, BIE_ENTITY_CARE_PLAN, TRUE),
  REF (BieGoal, risk_id, BIE_ENTITY_RISK, FALSE),
  TEXT (BieGoal, description, TRUE),
  TEXT (BieGoal, target_date, FALSE),
  TEXT (BieGoal, status, TRUE),
};

static const BieField activity_fields[] = {
  REF (BieActivity, plan_id, BIE_ENTITY_CARE_PLAN, TRUE),
  REF (BieActivity, goal_id, BIE_ENTITY_GOAL, FALSE),
  REF (BieActivity, person_id, BIE_ENTITY_PERSON, FALSE),
  REF (BieActivity, professional_id, BIE_ENTITY_PROFESSIONAL, FALSE),
  TEXT (BieActivity, kind, TRUE),
  TEXT (BieActivity, start_date, FALSE),
  TEXT (BieActivity, end_date, FALSE),
  TEXT (BieActivity, status, TRUE),
  TEXT (BieActivity, status_reason, FALSE),
};

static const BieField encounter_fields[] = {
  REF (BieEncounter, household_id, BIE_ENTITY_HOUSEHOLD, TRUE),
  REF (BieEncounter, professional_id, BIE_ENTITY_PROFESSIONAL, FALSE),
  TEXT (BieEncounter, kind, TRUE),
  TEXT (BieEncounter, date, TRUE),
  TEXT (BieEncounter, participants, FALSE),
  TEXT (BieEncounter, notes, FALSE),
};

static const BieField appointment_fields[] = {
  REF (BieAppointment, household_id, BIE_ENTITY_HOUSEHOLD, TRUE),
  REF (BieAppointment, person_id, BIE_ENTITY_PERSON, TRUE),
  TEXT (BieAppointment, service, TRUE),
  TEXT (BieAppointment, barrier, FALSE),
  TEXT (BieAppointment, requested_on, TRUE),
  TEXT (BieAppointment, assigned_on, FALSE),
  TEXT (BieAppointment, attended_on, FALSE),
  TEXT (BieAppointment, outcome, TRUE),
  TEXT (BieAppointment, notes, FALSE),
};

static const BieField vaccination_fields[] = {
  REF (BieVaccination, person_id, BIE_ENTITY_PERSON, TRUE),
  TEXT (BieVaccination, vaccine, TRUE),
  INT (BieVaccination, dose, FALSE),
  TEXT (BieVaccination, date, FALSE),
  TEXT (BieVaccination, status, TRUE),
};

#define ENTITY(e, t, r, S, f) { e, t, r, sizeof (S), f, G_N_ELEMENTS (f) }

static const BieEntityInfo entities[BIE_N_ENTITIES] = {
  ENTITY (BIE_ENTITY_SUBRED, "subred", "Location", BieSubred, subred_fields),
  ENTITY (BIE_ENTITY_LOCALIDAD, "localidad", "Location", BieLocalidad, localidad_fields),
  ENTITY (BIE_ENTITY_UPZ, "upz", "Location", BieUpz, upz_fields),
  ENTITY (BIE_ENTITY_SECTOR, "sector", "Location", BieSector, sector_fields),
  ENTITY (BIE_ENTITY_TEAM, "team", "CareTeam", BieTeam, team_fields),
  ENTITY (BIE_ENTITY_PROFESSIONAL, "professional", "Practitioner", BieProfessional, professional_fields),
  ENTITY (BIE_ENTITY_HOUSEHOLD, "household", "Group", BieHousehold, household_fields),
  ENTITY (BIE_ENTITY_PERSON, "person", "Patient", BiePerson, person_fields),
  ENTITY (BIE_ENTITY_RISK, "risk", "Condition", BieRisk, risk_fields),
  ENTITY (BIE_ENTITY_CARE_PLAN, "care_plan", "CarePlan", BieCarePlan, care_plan_fields),
  ENTITY (BIE_ENTITY_GOAL, "goal", "Goal", BieGoal, goal_fields),
  ENTITY (BIE_ENTITY_ACTIVITY, "activity", "Task", BieActivity, activity_fields),
  ENTITY (BIE_ENTITY_ENCOUNTER, "encounter", "Encounter", BieEncounter, encounter_fields),
  ENTITY (BIE_ENTITY_APPOINTMENT, "appointment", "Appointment", BieAppointment, appointment_fields),
  ENTITY (BIE_ENTITY_VACCINATION, "vaccination", "Immunization", BieVaccination, vaccination_fields),
};

/**
 * bie_entity_info:
 *
 * Returns: (transfer none): how records of @entity map onto their table
 */
const BieEntityInfo *
bie_entity_info (BieEntity entity)
{
  g_return_val_if_fail (entity < BIE_N_ENTITIES, NULL);

  return &entities[entity];
}

/**
 * bie_entity_info_by_table:
 *
 * Returns: (transfer none) (nullable): the entity stored in @table
 */
const BieEntityInfo *
bie_entity_info_by_table (const char *table)
{
  for (guint i = 0; i < BIE_N_ENTITIES; i++)
    if (g_strcmp0 (entities[i].table, table) == 0)
      return &entities[i];

  return NULL;
}

/**
 * bie_entity_find_field:
 *
 * Returns: (transfer none) (nullable): the field called @name
 */
const BieField *
bie_entity_find_field (const BieEntityInfo *info,
                       const char          *name)
{
  for (guint i = 0; i < info->n_fields; i++)
    if (g_str_equal (info->fields[i].name, name))
      return &info->fields[i];

  return NULL;
}

/**
 * bie_record_new:
 *
 * Returns: (transfer full): an empty record of @entity, not yet stored,
 *   with a new uuid
 */
gpointer
bie_record_new (BieEntity entity)
{
  const BieEntityInfo *info = bie_entity_info (entity);
  BieRecord *record = g_malloc0 (info->size);

  record->uuid = bie_uuid_new ();

  return record;
}

#define DEFINE_FREE(entity, name) \
  static void free_##name (gpointer record) { bie_record_free (entity, record); }

DEFINE_FREE (BIE_ENTITY_SUBRED, subred)
DEFINE_FREE (BIE_ENTITY_LOCALIDAD, localidad)
DEFINE_FREE (BIE_ENTITY_UPZ, upz)
DEFINE_FREE (BIE_ENTITY_SECTOR, sector)
DEFINE_FREE (BIE_ENTITY_TEAM, team)
DEFINE_FREE (BIE_ENTITY_PROFESSIONAL, professional)
DEFINE_FREE (BIE_ENTITY_HOUSEHOLD, household)
DEFINE_FREE (BIE_ENTITY_PERSON, person)
DEFINE_FREE (BIE_ENTITY_RISK, risk)
DEFINE_FREE (BIE_ENTITY_CARE_PLAN, care_plan)
DEFINE_FREE (BIE_ENTITY_GOAL, goal)
DEFINE_FREE (BIE_ENTITY_ACTIVITY, activity)
DEFINE_FREE (BIE_ENTITY_ENCOUNTER, encounter)
DEFINE_FREE (BIE_ENTITY_APPOINTMENT, appointment)
DEFINE_FREE (BIE_ENTITY_VACCINATION, vaccination)

static const GDestroyNotify free_funcs[BIE_N_ENTITIES] = {
  free_subred, free_localidad, free_upz, free_sector, free_team, free_professional,
  free_household, free_person, free_risk, free_care_plan, free_goal, free_activity,
  free_encounter, free_appointment, free_vaccination,
};

/**
 * bie_record_free_func:
 *
 * Returns: a function that frees one record of @entity, for containers
 */
GDestroyNotify
bie_record_free_func (BieEntity entity)
{
  g_return_val_if_fail (entity < BIE_N_ENTITIES, NULL);

  return free_funcs[entity];
}

/**
 * bie_record_copy:
 *
 * Returns: (transfer full): a deep copy of @record
 */
gpointer
bie_record_copy (BieEntity     entity,
                 gconstpointer record)
{
  const BieEntityInfo *info = bie_entity_info (entity);
  const BieRecord *from = record;
  BieRecord *copy = g_memdup2 (record, info->size);

  copy->uuid = g_strdup (from->uuid);
  copy->server_id = g_strdup (from->server_id);
  copy->version = g_strdup (from->version);
  for (guint i = 0; i < info->n_fields; i++)
    if (info->fields[i].type == BIE_FIELD_TEXT)
      {
        char **text = BIE_FIELD_PTR (copy, &info->fields[i]);
        *text = g_strdup (*text);
      }

  return copy;
}

void
bie_record_free (BieEntity entity,
                 gpointer  record)
{
  const BieEntityInfo *info = bie_entity_info (entity);
  BieRecord *header = record;

  if (record == NULL)
    return;

  g_free (header->uuid);
  g_free (header->server_id);
  g_free (header->version);
  for (guint i = 0; i < info->n_fields; i++)
    if (info->fields[i].type == BIE_FIELD_TEXT)
      g_free (*(char **) BIE_FIELD_PTR (record, &info->fields[i]));
  g_free (record);
}

/**
 * bie_record_field_equal:
 *
 * Whether @field has the same value in the records @a and @b. An empty
 * text and no text are the same.
 */
gboolean
bie_record_field_equal (const BieField *field,
                        gconstpointer   a,
                        gconstpointer   b)
{
  gconstpointer pa = BIE_FIELD_PTR (a, field);
  gconstpointer pb = BIE_FIELD_PTR (b, field);

  switch (field->type)
    {
    case BIE_FIELD_TEXT:
      {
        const char *ta = *(char * const *) pa;
        const char *tb = *(char * const *) pb;

        return g_strcmp0 (ta != NULL && *ta ? ta : NULL, tb != NULL && *tb ? tb : NULL) == 0;
      }

    case BIE_FIELD_INT:
    case BIE_FIELD_REF:
      return *(const gint64 *) pa == *(const gint64 *) pb;

    case BIE_FIELD_REAL:
      return *(const double *) pa == *(const double *) pb;

    case BIE_FIELD_BOOL:
      return !*(const gboolean *) pa == !*(const gboolean *) pb;

    default:
      g_assert_not_reached ();
    }
}

/**
 * bie_record_copy_field:
 * @to: a record of the field's kind, whose value is replaced
 * @from: a record of the same kind
 *
 * Sets one field of @to to its value in @from.
 */
void
bie_record_copy_field (const BieField *field,
                       gpointer        to,
                       gconstpointer   from)
{
  gpointer dest = BIE_FIELD_PTR (to, field);
  gconstpointer src = BIE_FIELD_PTR (from, field);

  switch (field->type)
    {
    case BIE_FIELD_TEXT:
      g_free (*(char **) dest);
      *(char **) dest = g_strdup (*(char * const *) src);
      break;

    case BIE_FIELD_INT:
    case BIE_FIELD_REF:
      *(gint64 *) dest = *(const gint64 *) src;
      break;

    case BIE_FIELD_REAL:
      *(double *) dest = *(const double *) src;
      break;

    case BIE_FIELD_BOOL:
      *(gboolean *) dest = *(const gboolean *) src;
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * bie_today:
 *
 * Returns: (transfer full): the local day, as the user's calendar has it
 */
GDate *
bie_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_new_dmy (g_date_time_get_day_of_month (now),
                         g_date_time_get_month (now),
                         g_date_time_get_year (now));
}

/**
 * bie_uuid_new:
 *
 * Returns: (transfer full): a new random (version 4) uuid, lowercase
 */
char *
bie_uuid_new (void)
{
  return g_uuid_string_random ();
}

BieRecordBatch *
bie_record_batch_new (void)
{
  return g_new0 (BieRecordBatch, 1);
}

void
bie_record_batch_free (BieRecordBatch *batch)
{
  if (batch == NULL)
    return;

  for (guint e = 0; e < BIE_N_ENTITIES; e++)
    g_clear_pointer (&batch->records[e], g_ptr_array_unref);
  g_free (batch);
}

/**
 * bie_record_batch_add:
 * @record: (transfer full): a record of @entity
 */
void
bie_record_batch_add (BieRecordBatch *batch,
                      BieEntity       entity,
                      gpointer        record)
{
  g_return_if_fail (entity < BIE_N_ENTITIES);

  if (batch->records[entity] == NULL)
    batch->records[entity] = g_ptr_array_new_with_free_func (bie_record_free_func (entity));
  g_ptr_array_add (batch->records[entity], record);
}

/**
 * bie_record_batch_count:
 *
 * Returns: how many records the batch holds, of all kinds
 */
guint
bie_record_batch_count (BieRecordBatch *batch)
{
  guint count = 0;

  for (guint e = 0; e < BIE_N_ENTITIES; e++)
    if (batch->records[e] != NULL)
      count += batch->records[e]->len;

  return count;
}

/**
 * bie_record_checksum:
 *
 * Feeds every field of @record, its uuid and row id into @checksum, in a
 * form that does not depend on the machine.
 */
void
bie_record_checksum (BieEntity      entity,
                     gconstpointer  record,
                     GChecksum     *checksum)
{
  const BieEntityInfo *info = bie_entity_info (entity);
  const BieRecord *header = record;
  g_autoptr(GString) text = g_string_new (info->table);

  g_string_append_printf (text, "|%" G_GINT64_FORMAT "|%s", header->id, header->uuid);
  for (guint i = 0; i < info->n_fields; i++)
    {
      const BieField *field = &info->fields[i];
      gconstpointer value = BIE_FIELD_PTR (record, field);
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_c (text, '|');
      switch (field->type)
        {
        case BIE_FIELD_TEXT:
          g_string_append (text, *(char * const *) value ?: "");
          break;

        case BIE_FIELD_INT:
        case BIE_FIELD_REF:
          g_string_append_printf (text, "%" G_GINT64_FORMAT, *(const gint64 *) value);
          break;

        case BIE_FIELD_REAL:
          g_string_append (text, g_ascii_formatd (number, sizeof number, "%.7f",
                                                  *(const double *) value));
          break;

        case BIE_FIELD_BOOL:
          g_string_append_c (text, *(const gboolean *) value ? '1' : '0');
          break;

        default:
          g_assert_not_reached ();
        }
    }
  g_string_append_c (text, '\n');
  g_checksum_update (checksum, (const guchar *) text->str, text->len);
}
