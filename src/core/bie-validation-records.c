/* bie-validation-records.c: the rules of whole records
 *
 * A record is checked field by field in the order of its table: the
 * required fields, sound text, codes from the reference lists, then the
 * rules that tie fields together (dates in order, an outcome and its
 * date). Where a validator takes @field, it is set to the column (as named
 * in bie-model.c) the error is about, so the form can show the error next
 * to it.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-validation"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bie-reference.h"
#include "bie-validation.h"
#include "bie-validation-private.h"

/* Free text (notes, descriptions) may be long, but not unbounded; every
 * other text (names, addresses, codes) fits on one line. */
#define LONG_TEXT_MAX 4000
#define SHORT_TEXT_MAX 250
/* A household is in Bogotá D.C., Sumapaz included. */
#define BOGOTA_MIN_LON -74.50
#define BOGOTA_MAX_LON -73.95
#define BOGOTA_MIN_LAT 3.70
#define BOGOTA_MAX_LAT 4.85
#define MAX_DOSE 10

/* The values of the status columns, as bie-model.h lists them. */
static const char * const risk_statuses[] = { "identified", "managed", "closed", NULL };
static const char * const appointment_outcomes[] = {
  "pending", "assigned", "attended", "missed", "cancelled", NULL
};
static const char * const care_plan_statuses[] = {
  "draft", "active", "completed", "cancelled", NULL
};
static const char * const goal_statuses[] = { "proposed", "active", "achieved", "cancelled", NULL };
static const char * const activity_statuses[] = {
  "planned", "scheduled", "in-progress", "done", "cancelled", "not-done", NULL
};
static const char * const vaccination_statuses[] = { "completed", "not-done", NULL };

static gboolean
is_one_of (const char         *text,
           const char * const *values)
{
  return text != NULL && g_strv_contains (values, text);
}

static gboolean
in_reference_list (const char *id,
                   const char *code)
{
  g_autoptr(BieReferenceList) list = bie_validation_list (id);

  return list != NULL && bie_reference_list_find (list, code, NULL);
}

/* Text fields */

static gboolean
is_long_text (const char *name)
{
  /* Participants: a uuid (36 characters) and a comma for each person
   * present, and a household can be large. */
  return g_str_equal (name, "notes") ||
         g_str_equal (name, "description") ||
         g_str_equal (name, "status_reason") ||
         g_str_equal (name, "participants") ||
         g_str_equal (name, "geometry");
}

/* Every text a record holds is valid UTF-8 of a sensible length; one-line
 * fields hold no line breaks or other control characters. */
static gboolean
check_text (BieEntity    entity,
            const char  *name,
            const char  *text,
            const char **field,
            GError     **error)
{
  gboolean long_text = is_long_text (name);
  guint max = long_text ? LONG_TEXT_MAX : SHORT_TEXT_MAX;
  guint length = 0;

  if (text == NULL)
    return TRUE;

  if (!g_utf8_validate (text, -1, NULL))
    return bie_invalid (field, name, error, _("“%s” has characters that are not text."),
                        bie_field_label (entity, name));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (++length > max)
        return bie_invalid (field, name, error,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "“%s” is too long: it can have at most %u character.",
                                         "“%s” is too long: it can have at most %u characters.",
                                         max),
                            bie_field_label (entity, name), max);

      if (g_unichar_iscntrl (c))
        {
          if (!long_text)
            return bie_invalid (field, name, error, _("“%s” must be a single line of text."),
                                bie_field_label (entity, name));
          if (c != '\n' && c != '\r' && c != '\t')
            return bie_invalid (field, name, error, _("“%s” has characters that are not text."),
                                bie_field_label (entity, name));
        }
    }

  return TRUE;
}

/* What every record of @entity needs: its required fields, and sound text
 * in all of its text fields. */
static gboolean
check_fields (BieEntity      entity,
              gconstpointer  record,
              const char   **field,
              GError       **error)
{
  const BieEntityInfo *info = bie_entity_info (entity);

  for (guint i = 0; i < info->n_fields; i++)
    {
      const BieField *f = &info->fields[i];
      gconstpointer value = BIE_FIELD_PTR (record, f);
      gboolean missing;

      if (!f->required)
        continue;

      switch (f->type)
        {
        case BIE_FIELD_TEXT:
          missing = bie_is_blank (*(char * const *) value);
          break;
        case BIE_FIELD_INT:
        case BIE_FIELD_REF:
          missing = *(const gint64 *) value == 0;
          break;
        case BIE_FIELD_REAL:
        case BIE_FIELD_BOOL:
        default:
          missing = FALSE;
          break;
        }

      if (missing)
        return bie_invalid (field, f->name, error, _("Fill in “%s”."),
                            bie_field_label (entity, f->name));
    }

  for (guint i = 0; i < info->n_fields; i++)
    {
      const BieField *f = &info->fields[i];

      /* Boundaries are geometry, not text anyone types. */
      if (f->type != BIE_FIELD_TEXT || g_str_equal (f->name, "geometry"))
        continue;
      if (!check_text (entity, f->name, *(char * const *) BIE_FIELD_PTR (record, f), field, error))
        return FALSE;
    }

  return TRUE;
}

/* A code from the reference list @list_id, or nothing when @code is
 * optional. */
static gboolean
check_code (BieEntity    entity,
            const char  *name,
            const char  *code,
            const char  *list_id,
            const char **field,
            GError     **error)
{
  if (bie_is_blank (code) || in_reference_list (list_id, code))
    return TRUE;

  return bie_invalid (field, name, error, _("Choose one of the listed values for “%s”."),
                      bie_field_label (entity, name));
}

static gboolean
check_value (BieEntity           entity,
             const char         *name,
             const char         *value,
             const char * const *values,
             const char        **field,
             GError            **error)
{
  if (bie_is_blank (value) || is_one_of (value, values))
    return TRUE;

  return bie_invalid (field, name, error, _("Choose one of the listed values for “%s”."),
                      bie_field_label (entity, name));
}

/* An optional day: TRUE with @date cleared when there is none. */
static gboolean
check_optional_day (BieEntity     entity,
                    const char   *name,
                    const char   *text,
                    gboolean      allow_future,
                    const GDate  *today,
                    GDate        *date,
                    const char  **field,
                    GError      **error)
{
  g_date_clear (date, 1);
  if (bie_is_blank (text))
    return TRUE;

  return bie_check_day (text, allow_future, today, bie_field_label (entity, name), name, date,
                        field, error);
}

/* Whether both days are known and @later is before @earlier. */
static gboolean
days_disordered (const GDate *earlier,
                 const GDate *later)
{
  return g_date_valid (earlier) && g_date_valid (later) && g_date_compare (later, earlier) < 0;
}

/* Records */

/**
 * bie_validate_person:
 * @today: (nullable): the day to judge by; %NULL for today
 * @field: (out) (optional) (transfer none): the column the error is about
 *
 * Checks a person: the required fields; the document, its number and
 * whether it fits the person's age; the birth date; sex, relationship, EPS
 * and régimen from their reference lists, and no EPS for someone not
 * insured; the phone, if any.
 *
 * Returns: whether @person is valid; if not, @error says why
 */
gboolean
bie_validate_person (const BiePerson  *person,
                     GDate            *today,
                     const char      **field,
                     GError          **error)
{
  const BieEntity entity = BIE_ENTITY_PERSON;
  g_autofree char *number = NULL;
  GDate now;

  g_return_val_if_fail (person != NULL, FALSE);
  g_return_val_if_fail (today == NULL || g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (field != NULL)
    *field = NULL;
  bie_resolve_today (today, &now);

  if (!check_fields (entity, person, field, error))
    return FALSE;

  number = bie_check_document (person->document_type, person->document_number, field, field, error);
  if (number == NULL)
    return FALSE;

  if (!bie_check_birth_date (person->birth_date, person->document_type, &now, field, error) ||
      !check_code (entity, "sex", person->sex, "sexes", field, error) ||
      !check_code (entity, "relationship", person->relationship, "relationships", field, error) ||
      !check_code (entity, "eps_code", person->eps_code, "eps", field, error) ||
      !check_code (entity, "regimen", person->regimen, "regimens", field, error))
    return FALSE;

  if (g_strcmp0 (person->regimen, "no-afiliado") == 0 && !bie_is_blank (person->eps_code))
    return bie_invalid (field, "eps_code", error,
                        _("A person who is not insured has no EPS."));

  if (!bie_is_blank (person->phone) && !bie_check_phone (person->phone, field, error))
    return FALSE;

  return TRUE;
}

/**
 * bie_validate_household:
 * @field: (out) (optional) (transfer none): the column the error is about
 *
 * Checks a household: the required fields, a stratum from 1 to 6 (or 0,
 * not known), and a location in Bogotá (or none, 0, 0).
 *
 * Returns: whether @household is valid; if not, @error says why
 */
gboolean
bie_validate_household (const BieHousehold  *household,
                        const char         **field,
                        GError             **error)
{
  g_return_val_if_fail (household != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (field != NULL)
    *field = NULL;

  if (!check_fields (BIE_ENTITY_HOUSEHOLD, household, field, error))
    return FALSE;

  if (household->stratum < 0 || household->stratum > 6)
    return bie_invalid (field, "stratum", error, _("The stratum goes from 1 to 6."));

  if (household->lon == 0.0 && household->lat == 0.0)
    return TRUE;

  if (!(household->lon >= BOGOTA_MIN_LON && household->lon <= BOGOTA_MAX_LON))
    return bie_invalid (field, "lon", error, _("The location is outside Bogotá."));
  if (!(household->lat >= BOGOTA_MIN_LAT && household->lat <= BOGOTA_MAX_LAT))
    return bie_invalid (field, "lat", error, _("The location is outside Bogotá."));

  return TRUE;
}

/**
 * bie_validate_risk:
 * @today: (nullable): the day to judge by; %NULL for today
 * @field: (out) (optional) (transfer none): the column the error is about
 *
 * Checks a risk: the required fields; a code of the risks list, for a
 * person or for the household as the list says; a status of identified,
 * managed or closed; dates that are not in the future, managed and closed
 * on or after the day identified, closed on or after the day managed; a
 * closing date exactly when the risk is closed.
 *
 * Returns: whether @risk is valid; if not, @error says why
 */
gboolean
bie_validate_risk (const BieRisk  *risk,
                   GDate          *today,
                   const char    **field,
                   GError        **error)
{
  const BieEntity entity = BIE_ENTITY_RISK;
  g_autoptr(BieReferenceList) risks = NULL;
  GDate now, identified, managed, closed;
  guint position;
  const char *level;

  g_return_val_if_fail (risk != NULL, FALSE);
  g_return_val_if_fail (today == NULL || g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (field != NULL)
    *field = NULL;
  bie_resolve_today (today, &now);

  if (!check_fields (entity, risk, field, error))
    return FALSE;

  risks = bie_validation_list ("risks");
  if (risks == NULL || !bie_reference_list_find (risks, risk->code, &position))
    return bie_invalid (field, "code", error, _("Choose one of the listed values for “%s”."),
                        bie_field_label (entity, "code"));

  level = bie_reference_list_get_attribute (risks, position, "level");
  if (g_strcmp0 (level, "person") == 0 && risk->person_id == 0)
    return bie_invalid (field, "person_id", error,
                        _("This risk belongs to a person: choose the member of the household."));
  if (g_strcmp0 (level, "household") == 0 && risk->person_id != 0)
    return bie_invalid (field, "person_id", error,
                        _("This risk belongs to the whole household, not to one person."));

  if (!check_value (entity, "status", risk->status, risk_statuses, field, error))
    return FALSE;

  if (!check_optional_day (entity, "identified_on", risk->identified_on, FALSE, &now,
                           &identified, field, error) ||
      !check_optional_day (entity, "managed_on", risk->managed_on, FALSE, &now,
                           &managed, field, error) ||
      !check_optional_day (entity, "closed_on", risk->closed_on, FALSE, &now,
                           &closed, field, error))
    return FALSE;

  if (days_disordered (&identified, &managed))
    return bie_invalid (field, "managed_on", error,
                        _("The date managed cannot be before the date identified."));
  if (days_disordered (&identified, &closed))
    return bie_invalid (field, "closed_on", error,
                        _("The date closed cannot be before the date identified."));
  if (days_disordered (&managed, &closed))
    return bie_invalid (field, "closed_on", error,
                        _("The date closed cannot be before the date managed."));

  if (g_str_equal (risk->status, "closed") && !g_date_valid (&closed))
    return bie_invalid (field, "closed_on", error,
                        _("A closed risk needs the date it was closed."));
  if (!g_str_equal (risk->status, "closed") && g_date_valid (&closed))
    return bie_invalid (field, "closed_on", error, _("Only a closed risk has a date closed."));

  return TRUE;
}

static gboolean
check_participants (const char  *participants,
                    const char **field,
                    GError     **error)
{
  g_auto(GStrv) uuids = NULL;

  if (bie_is_blank (participants))
    return TRUE;

  uuids = g_strsplit (participants, ",", -1);
  for (guint i = 0; uuids[i] != NULL; i++)
    if (!g_uuid_string_is_valid (g_strstrip (uuids[i])))
      return bie_invalid (field, "participants", error,
                          _("The list of participants could not be read."));

  return TRUE;
}

/**
 * bie_validate_encounter:
 * @today: (nullable): the day to judge by; %NULL for today
 * @field: (out) (optional) (transfer none): the column the error is about
 *
 * Checks an encounter: the required fields, a kind of the encounter kinds
 * list, a date (a day, or a moment with its time zone) that is not in the
 * future, and participants given by their uuids.
 *
 * Returns: whether @encounter is valid; if not, @error says why
 */
gboolean
bie_validate_encounter (const BieEncounter  *encounter,
                        GDate               *today,
                        const char         **field,
                        GError             **error)
{
  const BieEntity entity = BIE_ENTITY_ENCOUNTER;
  GDate now, date;

  g_return_val_if_fail (encounter != NULL, FALSE);
  g_return_val_if_fail (today == NULL || g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (field != NULL)
    *field = NULL;
  bie_resolve_today (today, &now);

  return check_fields (entity, encounter, field, error) &&
         check_code (entity, "kind", encounter->kind, "encounter-kinds", field, error) &&
         bie_check_moment (encounter->date, FALSE, &now, bie_field_label (entity, "date"), "date",
                           &date, field, error) &&
         check_participants (encounter->participants, field, error);
}

/**
 * bie_validate_appointment:
 * @today: (nullable): the day to judge by; %NULL for today
 * @field: (out) (optional) (transfer none): the column the error is about
 *
 * Checks a managed appointment: the required fields; service and barrier
 * from their lists; an outcome of pending, assigned, attended, missed or
 * cancelled; dates requested ≤ assigned ≤ attended, of which only the date
 * assigned (the appointment's day) may be in the future; a date assigned
 * for an assigned appointment and a date attended exactly for an attended
 * one.
 *
 * Returns: whether @appointment is valid; if not, @error says why
 */
gboolean
bie_validate_appointment (const BieAppointment  *appointment,
                          GDate                 *today,
                          const char           **field,
                          GError               **error)
{
  const BieEntity entity = BIE_ENTITY_APPOINTMENT;
  GDate now, requested, assigned, attended;
  gboolean is_attended;

  g_return_val_if_fail (appointment != NULL, FALSE);
  g_return_val_if_fail (today == NULL || g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (field != NULL)
    *field = NULL;
  bie_resolve_today (today, &now);

  if (!check_fields (entity, appointment, field, error) ||
      !check_code (entity, "service", appointment->service, "services", field, error) ||
      !check_code (entity, "barrier", appointment->barrier, "barriers", field, error) ||
      !check_value (entity, "outcome", appointment->outcome, appointment_outcomes, field, error) ||
      !check_optional_day (entity, "requested_on", appointment->requested_on, FALSE, &now,
                           &requested, field, error) ||
      !check_optional_day (entity, "assigned_on", appointment->assigned_on, TRUE, &now,
                           &assigned, field, error) ||
      !check_optional_day (entity, "attended_on", appointment->attended_on, FALSE, &now,
                           &attended, field, error))
    return FALSE;

  if (days_disordered (&requested, &assigned))
    return bie_invalid (field, "assigned_on", error,
                        _("The date assigned cannot be before the date requested."));
  if (days_disordered (&assigned, &attended))
    return bie_invalid (field, "attended_on", error,
                        _("The date attended cannot be before the date assigned."));
  if (days_disordered (&requested, &attended))
    return bie_invalid (field, "attended_on", error,
                        _("The date attended cannot be before the date requested."));

  if (g_str_equal (appointment->outcome, "assigned") && !g_date_valid (&assigned))
    return bie_invalid (field, "assigned_on", error,
                        _("An assigned appointment needs the date assigned."));

  is_attended = g_str_equal (appointment->outcome, "attended");
  if (is_attended && !g_date_valid (&attended))
    return bie_invalid (field, "attended_on", error,
                        _("An attended appointment needs the date attended."));
  if (!is_attended && g_date_valid (&attended))
    return bie_invalid (field, "attended_on", error,
                        _("Only an attended appointment has a date attended."));

  return TRUE;
}

/* The kinds without a public validator of their own. */

static gboolean
validate_professional (const BieProfessional  *professional,
                       const char            **field,
                       GError                **error)
{
  g_autofree char *number = NULL;

  number = bie_check_document (professional->document_type, professional->document_number,
                               field, field, error);

  return number != NULL &&
         check_code (BIE_ENTITY_PROFESSIONAL, "profession", professional->profession,
                     "professions", field, error);
}

static gboolean
validate_care_plan (const BieCarePlan  *plan,
                    const GDate        *today,
                    const char        **field,
                    GError            **error)
{
  const BieEntity entity = BIE_ENTITY_CARE_PLAN;
  GDate agreed;

  return check_value (entity, "status", plan->status, care_plan_statuses, field, error) &&
         check_optional_day (entity, "agreed_on", plan->agreed_on, FALSE, today, &agreed,
                             field, error);
}

static gboolean
validate_goal (const BieGoal  *goal,
               const GDate    *today,
               const char    **field,
               GError        **error)
{
  const BieEntity entity = BIE_ENTITY_GOAL;
  GDate target;

  return check_value (entity, "status", goal->status, goal_statuses, field, error) &&
         check_optional_day (entity, "target_date", goal->target_date, TRUE, today, &target,
                             field, error);
}

static gboolean
validate_activity (const BieActivity  *activity,
                   const GDate        *today,
                   const char        **field,
                   GError            **error)
{
  const BieEntity entity = BIE_ENTITY_ACTIVITY;
  GDate start, end;

  if (!check_code (entity, "kind", activity->kind, "activity-kinds", field, error) ||
      !check_value (entity, "status", activity->status, activity_statuses, field, error) ||
      !check_optional_day (entity, "start_date", activity->start_date, TRUE, today, &start,
                           field, error) ||
      !check_optional_day (entity, "end_date", activity->end_date, TRUE, today, &end,
                           field, error))
    return FALSE;

  if (days_disordered (&start, &end))
    return bie_invalid (field, "end_date", error,
                        _("The end date cannot be before the start date."));

  /* The team that follows the plan reads why an activity did not happen. */
  if (g_str_equal (activity->status, "not-done") && bie_is_blank (activity->status_reason))
    return bie_invalid (field, "status_reason", error,
                        _("Say why the activity was not done."));
  if (g_str_equal (activity->status, "cancelled") && bie_is_blank (activity->status_reason))
    return bie_invalid (field, "status_reason", error,
                        _("Say why the activity was cancelled."));

  return TRUE;
}

static gboolean
validate_vaccination (const BieVaccination  *vaccination,
                      const GDate           *today,
                      const char           **field,
                      GError               **error)
{
  const BieEntity entity = BIE_ENTITY_VACCINATION;
  GDate date;

  if (!check_code (entity, "vaccine", vaccination->vaccine, "vaccines", field, error) ||
      !check_value (entity, "status", vaccination->status, vaccination_statuses, field, error) ||
      !check_optional_day (entity, "date", vaccination->date, FALSE, today, &date,
                           field, error))
    return FALSE;

  if (vaccination->dose < 0 || vaccination->dose > MAX_DOSE)
    return bie_invalid (field, "dose", error, _("The dose goes from 1 to %u."), MAX_DOSE);

  return TRUE;
}

/**
 * bie_validate_record:
 * @record: a record of @entity
 * @today: (nullable): the day to judge by; %NULL for today
 * @field: (out) (optional) (transfer none): the column the error is about
 *
 * Checks a record of any kind with the rules of its kind: the validators
 * above for persons, households, risks, encounters and appointments; for
 * the other kinds their required fields, sound text, codes from their
 * reference lists or statuses, and dates (an activity ends on or after its
 * start); an activity not done or cancelled says why.
 *
 * Returns: whether @record is valid; if not, @error says why
 */
gboolean
bie_validate_record (BieEntity       entity,
                     gconstpointer   record,
                     GDate          *today,
                     const char    **field,
                     GError        **error)
{
  GDate now;

  g_return_val_if_fail (entity < BIE_N_ENTITIES, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (today == NULL || g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (entity)
    {
    case BIE_ENTITY_PERSON:
      return bie_validate_person (record, today, field, error);
    case BIE_ENTITY_HOUSEHOLD:
      return bie_validate_household (record, field, error);
    case BIE_ENTITY_RISK:
      return bie_validate_risk (record, today, field, error);
    case BIE_ENTITY_ENCOUNTER:
      return bie_validate_encounter (record, today, field, error);
    case BIE_ENTITY_APPOINTMENT:
      return bie_validate_appointment (record, today, field, error);
    case BIE_ENTITY_SUBRED:
    case BIE_ENTITY_LOCALIDAD:
    case BIE_ENTITY_UPZ:
    case BIE_ENTITY_SECTOR:
    case BIE_ENTITY_TEAM:
    case BIE_ENTITY_PROFESSIONAL:
    case BIE_ENTITY_CARE_PLAN:
    case BIE_ENTITY_GOAL:
    case BIE_ENTITY_ACTIVITY:
    case BIE_ENTITY_VACCINATION:
    case BIE_N_ENTITIES:
    default:
      break;
    }

  if (field != NULL)
    *field = NULL;
  bie_resolve_today (today, &now);

  if (!check_fields (entity, record, field, error))
    return FALSE;

  switch (entity)
    {
    case BIE_ENTITY_PROFESSIONAL:
      return validate_professional (record, field, error);
    case BIE_ENTITY_CARE_PLAN:
      return validate_care_plan (record, &now, field, error);
    case BIE_ENTITY_GOAL:
      return validate_goal (record, &now, field, error);
    case BIE_ENTITY_ACTIVITY:
      return validate_activity (record, &now, field, error);
    case BIE_ENTITY_VACCINATION:
      return validate_vaccination (record, &now, field, error);
    default:
      return TRUE;
    }
}
