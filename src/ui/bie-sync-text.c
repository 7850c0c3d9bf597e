/* bie-sync-text.c: synchronisation said in words
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-sync-text"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-plan-snapshot.h"
#include "bie-reference.h"
#include "bie-sync-text.h"
#include "bie-validation.h"

/* Any kind of record, in the tables below. */
#define ANY_ENTITY BIE_N_ENTITIES

static const char * const entity_names[BIE_N_ENTITIES] = {
  [BIE_ENTITY_SUBRED] = N_("Subred"),
  [BIE_ENTITY_LOCALIDAD] = N_("Localidad"),
  [BIE_ENTITY_UPZ] = N_("UPZ"),
  [BIE_ENTITY_SECTOR] = N_("Cadastral sector"),
  [BIE_ENTITY_TEAM] = N_("Team"),
  [BIE_ENTITY_PROFESSIONAL] = N_("Professional"),
  [BIE_ENTITY_HOUSEHOLD] = N_("Household"),
  [BIE_ENTITY_PERSON] = N_("Person"),
  [BIE_ENTITY_RISK] = N_("Risk"),
  [BIE_ENTITY_CARE_PLAN] = N_("Family care plan"),
  [BIE_ENTITY_GOAL] = N_("Goal"),
  [BIE_ENTITY_ACTIVITY] = N_("Activity"),
  [BIE_ENTITY_ENCOUNTER] = N_("Encounter"),
  [BIE_ENTITY_APPOINTMENT] = N_("Managed appointment"),
  [BIE_ENTITY_VACCINATION] = N_("Vaccination"),
};

/**
 * bie_sync_text_entity_name:
 *
 * Returns: (transfer none): what a record of @entity is, in the user's
 *   language: "Person", "Household"
 */
const char *
bie_sync_text_entity_name (BieEntity entity)
{
  g_return_val_if_fail (entity < BIE_N_ENTITIES, NULL);

  return _(entity_names[entity]);
}

/* Every field a user may have to choose for, by its column name; the
 * first match wins, so a kind's own label comes before the general one. */
static const struct
{
  BieEntity   entity;
  const char *field;
  const char *label;
  const char *list;       /* the reference list its codes come from */
} fields[] = {
  { BIE_ENTITY_RISK, "code", N_("Risk"), "risks" },
  { BIE_ENTITY_RISK, "status", N_("Status"), NULL },
  { BIE_ENTITY_CARE_PLAN, "status", N_("Status"), "plan-statuses" },
  { BIE_ENTITY_ACTIVITY, "kind", N_("Activity"), "activity-kinds" },
  { BIE_ENTITY_ENCOUNTER, "kind", N_("Kind of encounter"), "encounter-kinds" },
  { BIE_ENTITY_ENCOUNTER, "date", N_("Date"), NULL },
  { BIE_ENTITY_VACCINATION, "date", N_("Date"), NULL },
  { BIE_ENTITY_SECTOR, "generated", N_("Demonstration boundary"), NULL },
  { ANY_ENTITY, "code", N_("Code"), NULL },
  { ANY_ENTITY, "name", N_("Name"), NULL },
  { ANY_ENTITY, "status", N_("Status"), NULL },
  { ANY_ENTITY, "subred_id", N_("Subred"), NULL },
  { ANY_ENTITY, "localidad_id", N_("Localidad"), NULL },
  { ANY_ENTITY, "upz_id", N_("UPZ"), NULL },
  { ANY_ENTITY, "sector_id", N_("Cadastral sector"), NULL },
  { ANY_ENTITY, "team_id", N_("Team"), NULL },
  { ANY_ENTITY, "household_id", N_("Household"), NULL },
  /* Translators: the person a risk, activity or appointment is for */
  { ANY_ENTITY, "person_id", N_("Person"), NULL },
  { ANY_ENTITY, "plan_id", N_("Family care plan"), NULL },
  { ANY_ENTITY, "goal_id", N_("Goal"), NULL },
  { ANY_ENTITY, "risk_id", N_("Risk"), NULL },
  { ANY_ENTITY, "professional_id", N_("Professional"), NULL },
  { ANY_ENTITY, "geometry", N_("Boundary"), NULL },
  { ANY_ENTITY, "min_lon", N_("Western edge"), NULL },
  { ANY_ENTITY, "max_lon", N_("Eastern edge"), NULL },
  { ANY_ENTITY, "min_lat", N_("Southern edge"), NULL },
  { ANY_ENTITY, "max_lat", N_("Northern edge"), NULL },
  { ANY_ENTITY, "document_type", N_("Document type"), "document-types" },
  { ANY_ENTITY, "document_number", N_("Document number"), NULL },
  { ANY_ENTITY, "profession", N_("Profession"), "professions" },
  { ANY_ENTITY, "address", N_("Address"), NULL },
  { ANY_ENTITY, "lon", N_("Longitude"), NULL },
  { ANY_ENTITY, "lat", N_("Latitude"), NULL },
  /* Translators: socio-economic stratum of a household, 1 to 6 */
  { ANY_ENTITY, "stratum", N_("Stratum"), NULL },
  { ANY_ENTITY, "given_names", N_("Given names"), NULL },
  { ANY_ENTITY, "family_names", N_("Family names"), NULL },
  { ANY_ENTITY, "sex", N_("Sex"), "sexes" },
  { ANY_ENTITY, "birth_date", N_("Date of birth"), NULL },
  { ANY_ENTITY, "eps_code", N_("Health insurer (EPS)"), "eps" },
  /* Translators: the health insurance scheme: contributivo, subsidiado, ... */
  { ANY_ENTITY, "regimen", N_("Régimen"), "regimens" },
  { ANY_ENTITY, "phone", N_("Phone"), NULL },
  { ANY_ENTITY, "relationship", N_("Relationship to the head of household"), "relationships" },
  { ANY_ENTITY, "identified_on", N_("Identified on"), NULL },
  { ANY_ENTITY, "managed_on", N_("Managed on"), NULL },
  { ANY_ENTITY, "closed_on", N_("Closed on"), NULL },
  { ANY_ENTITY, "notes", N_("Notes"), NULL },
  { ANY_ENTITY, "agreed_on", N_("Agreed on"), NULL },
  { ANY_ENTITY, "description", N_("Description"), NULL },
  { ANY_ENTITY, "target_date", N_("Target date"), NULL },
  { ANY_ENTITY, "start_date", N_("Start"), NULL },
  { ANY_ENTITY, "end_date", N_("End"), NULL },
  { ANY_ENTITY, "status_reason", N_("Reason for the status"), NULL },
  { ANY_ENTITY, "participants", N_("Persons present"), NULL },
  { ANY_ENTITY, "service", N_("Service"), "services" },
  { ANY_ENTITY, "barrier", N_("Barrier"), "barriers" },
  { ANY_ENTITY, "requested_on", N_("Requested on"), NULL },
  { ANY_ENTITY, "assigned_on", N_("Assigned on"), NULL },
  { ANY_ENTITY, "attended_on", N_("Attended on"), NULL },
  { ANY_ENTITY, "outcome", N_("Outcome"), "appointment-outcomes" },
  { ANY_ENTITY, "vaccine", N_("Vaccine"), "vaccines" },
  { ANY_ENTITY, "dose", N_("Dose"), NULL },
  /* Translators: whether a record was deleted or kept, when one side deleted it */
  { ANY_ENTITY, "deleted", N_("Deleted or kept"), NULL },
};

static gint
find_field (BieEntity   entity,
            const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if ((fields[i].entity == entity || fields[i].entity == ANY_ENTITY) &&
        g_str_equal (fields[i].field, field))
      return i;

  return -1;
}

/**
 * bie_sync_text_field_label:
 * @field: a column name, or "deleted"
 *
 * Returns: (transfer none): the field's name for a user; the column name
 *   itself for a field the table does not know
 */
const char *
bie_sync_text_field_label (BieEntity   entity,
                           const char *field)
{
  gint i;

  g_return_val_if_fail (field != NULL, NULL);

  i = find_field (entity, field);

  return i >= 0 ? _(fields[i].label) : field;
}

static const char *
reference_name (const char *list_id,
                const char *code)
{
  g_autoptr(BieReferenceList) list = bie_reference_list_get (list_id, NULL);
  const char *name = list != NULL ? bie_reference_list_lookup_name (list, code) : NULL;

  /* The list lives as long as the program: its names may be kept. */
  return name != NULL ? name : code;
}

static const char *
status_name (BieEntity   entity,
             const char *status)
{
  static const struct
  {
    BieEntity   entity;
    const char *code;
    const char *name;
  } statuses[] = {
    { BIE_ENTITY_RISK, "identified", N_("Identified") },
    { BIE_ENTITY_RISK, "managed", N_("Managed") },
    { BIE_ENTITY_RISK, "closed", N_("Closed") },
    { BIE_ENTITY_VACCINATION, "completed", N_("Given") },
    { BIE_ENTITY_VACCINATION, "not-done", N_("Not given") },
  };

  if (entity == BIE_ENTITY_ACTIVITY)
    {
      BieActivityStatus activity;

      if (bie_activity_status_from_string (status, &activity))
        return bie_activity_status_get_name (activity);
    }
  else if (entity == BIE_ENTITY_GOAL)
    {
      BieGoalStatus goal;

      if (bie_goal_status_from_string (status, &goal))
        return bie_goal_status_get_name (goal);
    }

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (statuses[i].entity == entity && g_str_equal (statuses[i].code, status))
      return _(statuses[i].name);

  return status;
}

static gboolean
is_day_field (const char *field)
{
  return g_str_has_suffix (field, "_on") || g_str_has_suffix (field, "_date") || g_str_equal (field, "date");
}

/* The persons of an encounter, named; their uuids when not in the cache. */
static char *
participants_text (BieStore   *store,
                   const char *uuids)
{
  g_auto(GStrv) parts = g_strsplit (uuids, ",", -1);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *uuid = g_strstrip (parts[i]);
      BiePerson *person;

      if (*uuid == '\0')
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      person = store != NULL ? bie_store_load_by_uuid (store, BIE_ENTITY_PERSON, uuid, NULL) : NULL;
      if (person != NULL)
        {
          g_string_append_printf (text, "%s %s", person->given_names, person->family_names);
          bie_record_free (BIE_ENTITY_PERSON, person);
        }
      else
        g_string_append (text, _("someone not in this cache"));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
referenced_label (BieStore  *store,
                  BieEntity  entity,
                  gint64     id)
{
  gpointer record;
  char *label;

  if (id == 0)
    /* Translators: a reference to no record, e.g. a risk of no one person */
    return g_strdup (C_("reference", "None"));

  record = store != NULL ? bie_store_load (store, entity, id, NULL) : NULL;
  if (record == NULL)
    return g_strdup (_("A record not in this cache"));
  label = bie_sync_text_record_label (store, entity, record);
  bie_record_free (entity, record);

  return label;
}

/**
 * bie_sync_text_field_value:
 * @store: (nullable): where references are looked up
 * @field: a column name of @entity, or "deleted"
 * @record: a record of @entity
 *
 * Returns: (transfer full): the value as a user reads it: names for codes
 *   and references, dates as dates
 */
char *
bie_sync_text_field_value (BieStore      *store,
                           BieEntity      entity,
                           const char    *field_name,
                           gconstpointer  record)
{
  const BieEntityInfo *info;
  const BieField *field;
  gconstpointer value;
  gint known;

  g_return_val_if_fail (entity < BIE_N_ENTITIES, NULL);
  g_return_val_if_fail (field_name != NULL, NULL);
  g_return_val_if_fail (record != NULL, NULL);

  if (g_str_equal (field_name, "deleted"))
    return g_strdup (((const BieRecord *) record)->deleted ? _("Deleted") : _("Kept"));

  info = bie_entity_info (entity);
  field = bie_entity_find_field (info, field_name);
  if (field == NULL)
    return g_strdup ("");
  value = BIE_FIELD_PTR (record, field);
  known = find_field (entity, field_name);

  switch (field->type)
    {
    case BIE_FIELD_TEXT:
      {
        const char *text = *(char * const *) value;

        if (text == NULL || *text == '\0')
          /* Translators: a field with nothing in it */
          return g_strdup (_("Empty"));
        if (g_str_equal (field_name, "geometry"))
          return g_strdup (_("A boundary on the map"));
        if (g_str_equal (field_name, "participants"))
          return participants_text (store, text);
        if (g_str_equal (field_name, "status"))
          return g_strdup (known >= 0 && fields[known].list != NULL ?
                           reference_name (fields[known].list, text) : status_name (entity, text));
        if (known >= 0 && fields[known].list != NULL)
          return g_strdup (reference_name (fields[known].list, text));
        if (is_day_field (field_name))
          return bie_format_day (text);
        return g_strdup (text);
      }

    case BIE_FIELD_INT:
      {
        gint64 number = *(const gint64 *) value;

        if (number == 0 && g_str_equal (field_name, "stratum"))
          return g_strdup (_("Unknown"));
        return g_strdup_printf ("%" G_GINT64_FORMAT, number);
      }

    case BIE_FIELD_REF:
      return referenced_label (store, field->ref, *(const gint64 *) value);

    case BIE_FIELD_REAL:
      return g_strdup_printf ("%.6f", *(const double *) value);

    case BIE_FIELD_BOOL:
      return g_strdup (*(const gboolean *) value ? _("Yes") : _("No"));

    default:
      g_assert_not_reached ();
    }
}

static char *
person_name (const BiePerson *person)
{
  return g_strdup_printf ("%s %s", person->given_names ?: "", person->family_names ?: "");
}

/* "first · second", or the first alone. */
static char *
pair (const char *first,
      char       *second)
{
  g_autofree char *owned = second;

  if (owned == NULL || *owned == '\0')
    return g_strdup (first);

  /* Translators: a record's label from two parts, e.g. "Home visit · 3 Mar 2026" */
  return g_strdup_printf (_("%s · %s"), first, owned);
}

/**
 * bie_sync_text_record_label:
 * @store: (nullable): where the records it belongs to are looked up
 *
 * Returns: (transfer full): what tells the record apart for a user: a
 *   person's name, a household's address, a risk and whose it is
 */
char *
bie_sync_text_record_label (BieStore      *store,
                            BieEntity      entity,
                            gconstpointer  record)
{
  g_return_val_if_fail (entity < BIE_N_ENTITIES, NULL);
  g_return_val_if_fail (record != NULL, NULL);

  switch (entity)
    {
    case BIE_ENTITY_SUBRED:
      return g_strdup (((const BieSubred *) record)->name);
    case BIE_ENTITY_LOCALIDAD:
      return g_strdup (((const BieLocalidad *) record)->name);
    case BIE_ENTITY_UPZ:
      return g_strdup (((const BieUpz *) record)->name);
    case BIE_ENTITY_SECTOR:
      {
        const BieSector *sector = record;

        return g_strdup_printf ("%s %s", sector->code, sector->name ?: "");
      }
    case BIE_ENTITY_TEAM:
      return g_strdup (((const BieTeam *) record)->name);
    case BIE_ENTITY_PROFESSIONAL:
      return g_strdup (((const BieProfessional *) record)->name);
    case BIE_ENTITY_HOUSEHOLD:
      return g_strdup (((const BieHousehold *) record)->address);
    case BIE_ENTITY_PERSON:
      return person_name (record);
    case BIE_ENTITY_RISK:
      {
        const BieRisk *risk = record;

        return pair (reference_name ("risks", risk->code),
                     risk->person_id != 0 ? referenced_label (store, BIE_ENTITY_PERSON, risk->person_id)
                                          : referenced_label (store, BIE_ENTITY_HOUSEHOLD, risk->household_id));
      }
    case BIE_ENTITY_CARE_PLAN:
      return referenced_label (store, BIE_ENTITY_HOUSEHOLD, ((const BieCarePlan *) record)->household_id);
    case BIE_ENTITY_GOAL:
      return g_strdup (((const BieGoal *) record)->description);
    case BIE_ENTITY_ACTIVITY:
      {
        const BieActivity *activity = record;

        return pair (reference_name ("activity-kinds", activity->kind),
                     activity->person_id != 0 ? referenced_label (store, BIE_ENTITY_PERSON, activity->person_id)
                                              : g_strdup (_("The whole family")));
      }
    case BIE_ENTITY_ENCOUNTER:
      {
        const BieEncounter *encounter = record;

        return pair (reference_name ("encounter-kinds", encounter->kind), bie_format_day (encounter->date));
      }
    case BIE_ENTITY_APPOINTMENT:
      {
        const BieAppointment *appointment = record;

        return pair (reference_name ("services", appointment->service),
                     referenced_label (store, BIE_ENTITY_PERSON, appointment->person_id));
      }
    case BIE_ENTITY_VACCINATION:
      {
        const BieVaccination *vaccination = record;

        return pair (reference_name ("vaccines", vaccination->vaccine),
                     referenced_label (store, BIE_ENTITY_PERSON, vaccination->person_id));
      }
    case BIE_N_ENTITIES:
    default:
      g_assert_not_reached ();
    }
}

/**
 * bie_sync_text_record_context:
 * @store: where the records it belongs to are looked up
 *
 * Returns: (transfer full) (nullable): the household the record belongs
 *   to, "Household at Calle 70 Sur # 18-25", when it is not the record's
 *   own label already
 */
char *
bie_sync_text_record_context (BieStore      *store,
                              BieEntity      entity,
                              gconstpointer  record)
{
  const BieField *field;
  g_autofree char *address = NULL;
  gint64 household_id = 0;

  g_return_val_if_fail (entity < BIE_N_ENTITIES, NULL);
  g_return_val_if_fail (record != NULL, NULL);

  field = bie_entity_find_field (bie_entity_info (entity), "household_id");
  if (field != NULL)
    household_id = *(const gint64 *) BIE_FIELD_PTR (record, field);
  else if (entity == BIE_ENTITY_GOAL || entity == BIE_ENTITY_ACTIVITY)
    {
      gint64 plan_id = entity == BIE_ENTITY_GOAL ? ((const BieGoal *) record)->plan_id
                                                 : ((const BieActivity *) record)->plan_id;
      BieCarePlan *plan = plan_id != 0 && store != NULL ? bie_store_load (store, BIE_ENTITY_CARE_PLAN, plan_id, NULL)
                                                        : NULL;

      if (plan != NULL)
        {
          household_id = plan->household_id;
          bie_record_free (BIE_ENTITY_CARE_PLAN, plan);
        }
    }
  if (household_id == 0 || entity == BIE_ENTITY_CARE_PLAN || store == NULL)
    return NULL;

  address = referenced_label (store, BIE_ENTITY_HOUSEHOLD, household_id);

  /* Translators: the household a record in conflict belongs to; %s is its address */
  return g_strdup_printf (_("Household at %s"), address);
}

/**
 * bie_sync_text_last_sync:
 * @last_sync: (nullable): when the cache last synchronised; NULL for never
 * @now: the moment it is said at
 *
 * Returns: (transfer full): "Last synchronised 5 minutes ago", "Never
 *   synchronised"
 */
char *
bie_sync_text_last_sync (GDateTime *last_sync,
                         GDateTime *now)
{
  GTimeSpan ago;
  gint64 minutes, hours, days;

  g_return_val_if_fail (now != NULL, NULL);

  if (last_sync == NULL)
    return g_strdup (_("Never synchronised"));

  ago = MAX (g_date_time_difference (now, last_sync), 0);
  minutes = ago / G_TIME_SPAN_MINUTE;
  hours = ago / G_TIME_SPAN_HOUR;
  days = ago / G_TIME_SPAN_DAY;

  if (minutes < 1)
    return g_strdup (_("Synchronised just now"));
  if (hours < 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Last synchronised %d minute ago",
                                         "Last synchronised %d minutes ago", minutes),
                            (int) minutes);
  if (days < 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Last synchronised %d hour ago",
                                         "Last synchronised %d hours ago", hours),
                            (int) hours);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Last synchronised %d day ago",
                                       "Last synchronised %d days ago", days),
                          (int) MIN (days, G_MAXINT));
}

/**
 * bie_sync_text_count:
 *
 * Returns: (transfer full): @count grouped as the user's locale groups
 *   thousands; for messages whose plural form is chosen by @count
 */
char *
bie_sync_text_count (gint64 count)
{
  return g_strdup_printf ("%\'" G_GINT64_FORMAT, count);
}

/**
 * bie_sync_text_pending:
 *
 * Returns: (transfer full): how many records have changes still to send
 */
char *
bie_sync_text_pending (gint64 pending)
{
  g_autofree char *count = NULL;

  if (pending <= 0)
    return g_strdup (_("Every change was sent"));

  count = bie_sync_text_count (pending);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s change waiting to be sent",
                                       "%s changes waiting to be sent", pending),
                          count);
}

/**
 * bie_sync_text_conflicts:
 *
 * Returns: (transfer full): how many records wait for someone to choose
 */
char *
bie_sync_text_conflicts (gint64 conflicts)
{
  g_autofree char *count = NULL;

  if (conflicts <= 0)
    return g_strdup (_("No conflicts"));

  count = bie_sync_text_count (conflicts);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s record changed here and on the server",
                                       "%s records changed here and on the server", conflicts),
                          count);
}

/* The engine names a download stage by the FHIR resource type it reads. */
static const struct
{
  const char *type;
  const char *stage;
} stages[] = {
  { "Location", N_("Receiving the territory") },
  { "CareTeam", N_("Receiving teams") },
  { "Practitioner", N_("Receiving professionals") },
  { "Group", N_("Receiving households") },
  { "Patient", N_("Receiving persons") },
  { "Coverage", N_("Receiving health insurance") },
  { "Condition", N_("Receiving risks") },
  { "Flag", N_("Receiving risks") },
  { "CarePlan", N_("Receiving care plans") },
  { "Goal", N_("Receiving goals") },
  { "Task", N_("Receiving activities") },
  { "Encounter", N_("Receiving encounters") },
  { "Appointment", N_("Receiving appointments") },
  { "Immunization", N_("Receiving vaccinations") },
};

/**
 * bie_sync_text_stage:
 * @stage: what the engine says it is doing: a resource type it downloads,
 *   or words of its own
 * @done: records done so far in the run
 *
 * Returns: (transfer full): "Receiving persons (1,204 records)"
 */
char *
bie_sync_text_stage (const char *stage,
                     gint64      done)
{
  const char *words = stage;
  g_autofree char *count = NULL;

  g_return_val_if_fail (stage != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    if (g_str_equal (stages[i].type, stage))
      words = _(stages[i].stage);

  if (done <= 0)
    /* Translators: a stage of synchronisation in progress, e.g. "Receiving persons…" */
    return g_strdup_printf (_("%s…"), words);

  count = bie_sync_text_count (done);

  /* Translators: a stage of synchronisation and how many records it has done so far */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s (%s record)",
                                       "%s (%s records)", done),
                          words, count);
}
