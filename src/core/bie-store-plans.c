/* bie-store-plans.c: family care plans as the timeline and the printed
 * pages read them
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bie-reference.h"
#include "bie-store-plans.h"
#include "bie-store-private.h"
#include "bie-validation.h"

/* A day column into @date, invalid when empty or not a day. */
static void
column_day (sqlite3_stmt *stmt,
            int           column,
            GDate        *date)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  if (text == NULL || !bie_parse_day (text, date))
    g_date_clear (date, 1);
}

static gboolean
read_plan (BieStore         *self,
           BiePlanSnapshot  *snapshot,
           GError          **error)
{
  g_autoptr(BieReferenceList) statuses = bie_reference_list_get ("plan-statuses", NULL);
  g_autofree char *status = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = bie_store_prepare (self,
                            "SELECT c.household_id, c.status, c.agreed_on, h.address, s.code, s.name,"
                            " l.name, f.head_name FROM care_plan c JOIN household h ON h.id = c.household_id"
                            " JOIN sector s ON s.id = h.sector_id LEFT JOIN localidad l ON l.id = s.localidad_id"
                            " LEFT JOIN household_facts f ON f.household_id = h.id"
                            " WHERE c.id = ? AND c.deleted = 0",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, snapshot->plan_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, BIE_STORE_ERROR, BIE_STORE_ERROR_NOT_FOUND,
                             _("The record is no longer in the local cache."));
      else
        bie_store_set_error (self, rc, error);
      return FALSE;
    }

  snapshot->household_id = sqlite3_column_int64 (stmt, 0);
  status = bie_store_column_text (stmt, 1);
  column_day (stmt, 2, &snapshot->agreed_on);
  snapshot->address = bie_store_column_text (stmt, 3);
  snapshot->sector_code = bie_store_column_text (stmt, 4);
  snapshot->sector_name = bie_store_column_text (stmt, 5);
  snapshot->localidad_name = bie_store_column_text (stmt, 6);
  snapshot->household_name = bie_store_column_text (stmt, 7);
  sqlite3_reset (stmt);

  snapshot->plan_status = g_strdup (statuses != NULL ? bie_reference_list_lookup_name (statuses, status) : NULL);
  if (snapshot->plan_status == NULL)
    snapshot->plan_status = g_steal_pointer (&status);

  return TRUE;
}

/* A lane for a person: a member, or one the plan still names who has left
 * the household. */
static void
add_person_lane (BiePlanSnapshot *snapshot,
                 sqlite3_stmt    *stmt,
                 GHashTable      *lanes)
{
  gint64 person_id = sqlite3_column_int64 (stmt, 0);
  const char *birth = (const char *) sqlite3_column_text (stmt, 2);
  const char *type = (const char *) sqlite3_column_text (stmt, 3);
  const char *number = (const char *) sqlite3_column_text (stmt, 4);
  g_autofree char *document = type != NULL && number != NULL ? g_strdup_printf ("%s %s", type, number) : NULL;

  g_hash_table_insert (lanes, g_memdup2 (&person_id, sizeof person_id),
                       GUINT_TO_POINTER (snapshot->lanes->len));
  bie_plan_snapshot_add_lane (snapshot, person_id, (const char *) sqlite3_column_text (stmt, 1),
                              birth != NULL ? bie_age_on (birth, &snapshot->today) : -1, document);
}

#define PERSON_COLUMNS "id, given_names || ' ' || family_names, birth_date, document_type, document_number"

static gboolean
read_lanes (BieStore         *self,
            BiePlanSnapshot  *snapshot,
            GHashTable       *lanes,
            GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  bie_plan_snapshot_add_lane (snapshot, 0, _("Whole family"), -1, NULL);

  stmt = bie_store_prepare (self,
                            "SELECT " PERSON_COLUMNS " FROM person WHERE household_id = ? AND deleted = 0"
                            " ORDER BY relationship <> 'head', birth_date, id",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, snapshot->household_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_person_lane (snapshot, stmt, lanes);

  return bie_store_finish (self, stmt, rc, error);
}

/* The lane of @person_id, adding one for a person no longer a member. */
static gboolean
lane_of (BieStore         *self,
         BiePlanSnapshot  *snapshot,
         GHashTable       *lanes,
         gint64            person_id,
         guint            *lane,
         GError          **error)
{
  gpointer found;
  sqlite3_stmt *stmt;
  int rc;

  if (person_id == 0)
    {
      *lane = 0;
      return TRUE;
    }
  if (g_hash_table_lookup_extended (lanes, &person_id, NULL, &found))
    {
      *lane = GPOINTER_TO_UINT (found);
      return TRUE;
    }

  stmt = bie_store_prepare (self, "SELECT " PERSON_COLUMNS " FROM person WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, person_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *lane = snapshot->lanes->len;
      add_person_lane (snapshot, stmt, lanes);
      rc = SQLITE_DONE;
    }
  else
    *lane = 0;  /* a person the cache does not have: the family's */

  return bie_store_finish (self, stmt, rc, error);
}

static gboolean
read_goals (BieStore         *self,
            BiePlanSnapshot  *snapshot,
            GError          **error)
{
  g_autoptr(BieReferenceList) risks = bie_reference_list_get ("risks", NULL);
  sqlite3_stmt *stmt;
  int rc;

  stmt = bie_store_prepare (self,
                            "SELECT g.id, g.description, g.target_date, g.status, r.code FROM goal g"
                            " LEFT JOIN risk r ON r.id = g.risk_id AND r.deleted = 0"
                            " WHERE g.plan_id = ? AND g.deleted = 0"
                            " ORDER BY g.target_date IS NULL, g.target_date, g.id",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, snapshot->plan_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BiePlanGoal *goal = bie_plan_snapshot_add_goal (snapshot, (const char *) sqlite3_column_text (stmt, 1));
      const char *risk = (const char *) sqlite3_column_text (stmt, 4);

      goal->id = sqlite3_column_int64 (stmt, 0);
      column_day (stmt, 2, &goal->target);
      bie_goal_status_from_string ((const char *) sqlite3_column_text (stmt, 3), &goal->status);
      if (risk != NULL)
        goal->risk = g_strdup (risks != NULL && bie_reference_list_lookup_name (risks, risk) != NULL ?
                               bie_reference_list_lookup_name (risks, risk) : risk);
    }

  return bie_store_finish (self, stmt, rc, error);
}

/* Open, and its last day (or its first, when it has no last) has passed. */
static gboolean
is_overdue (const BiePlanActivity *activity,
            const GDate           *today)
{
  const GDate *due = g_date_valid (&activity->end) ? &activity->end : &activity->start;

  return bie_activity_status_is_open (activity->status) && g_date_valid (due) &&
         g_date_compare (due, today) < 0;
}

static int
compare_activities (gconstpointer a,
                    gconstpointer b)
{
  const BiePlanActivity *x = *(BiePlanActivity * const *) a;
  const BiePlanActivity *y = *(BiePlanActivity * const *) b;
  gboolean x_dated = g_date_valid (&x->start), y_dated = g_date_valid (&y->start);

  if (x->lane != y->lane)
    return x->lane < y->lane ? -1 : 1;
  if (x_dated != y_dated)
    return x_dated ? -1 : 1;
  if (x_dated && g_date_compare (&x->start, &y->start) != 0)
    return g_date_compare (&x->start, &y->start);

  return x->id < y->id ? -1 : x->id > y->id;
}

static gboolean
read_activities (BieStore         *self,
                 BiePlanSnapshot  *snapshot,
                 GHashTable       *lanes,
                 GError          **error)
{
  g_autoptr(BieReferenceList) kinds = bie_reference_list_get ("activity-kinds", NULL);
  g_autoptr(GPtrArray) team = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = bie_store_prepare (self,
                            "SELECT a.id, a.person_id, a.goal_id, a.kind, a.start_date, a.end_date, a.status,"
                            " a.status_reason, p.name FROM activity a"
                            " LEFT JOIN professional p ON p.id = a.professional_id"
                            " WHERE a.plan_id = ? AND a.deleted = 0 ORDER BY a.id",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, snapshot->plan_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (stmt, 3);
      const char *title = kinds != NULL ? bie_reference_list_lookup_name (kinds, kind) : NULL;
      g_autofree char *professional = bie_store_column_text (stmt, 8);
      g_autofree char *reason = bie_store_column_text (stmt, 7);
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint64 person_id = sqlite3_column_int64 (stmt, 1);
      gint64 goal_id = sqlite3_column_int64 (stmt, 2);
      BieActivityStatus status = BIE_ACTIVITY_PLANNED;
      BiePlanActivity *activity;
      GDate start, end;
      guint lane;

      column_day (stmt, 4, &start);
      column_day (stmt, 5, &end);
      bie_activity_status_from_string ((const char *) sqlite3_column_text (stmt, 6), &status);
      if (!lane_of (self, snapshot, lanes, person_id, &lane, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }

      activity = bie_plan_snapshot_add_activity (snapshot, lane, kind, title != NULL ? title : kind);
      activity->id = id;
      activity->goal_id = goal_id;
      activity->start = start;
      activity->end = end;
      activity->status = status;
      activity->status_reason = g_steal_pointer (&reason);
      activity->overdue = is_overdue (activity, &snapshot->today);
      if (professional != NULL && !g_ptr_array_find_with_equal_func (team, professional, g_str_equal, NULL))
        g_ptr_array_add (team, g_strdup (professional));
      activity->professional = g_steal_pointer (&professional);
    }
  if (!bie_store_finish (self, stmt, rc, error))
    return FALSE;

  g_ptr_array_sort (snapshot->activities, compare_activities);
  if (team->len > 0)
    {
      g_ptr_array_add (team, NULL);
      snapshot->team = g_strjoinv (", ", (char **) team->pdata);
    }

  return TRUE;
}

/**
 * bie_store_plan_snapshot:
 * @plan_id: the row id of a family care plan
 *
 * Reads a plan with everything the timeline and the printed pages show:
 * the household, a lane for the family and one per member, the goals and
 * the activities, judged as of the store's day.
 *
 * Returns: (transfer full): the plan, or %NULL with @error set
 *   (%BIE_STORE_ERROR_NOT_FOUND for a plan the cache does not have)
 */
BiePlanSnapshot *
bie_store_plan_snapshot (BieStore  *self,
                         gint64     plan_id,
                         GError   **error)
{
  g_autoptr(BiePlanSnapshot) snapshot = bie_plan_snapshot_new ();
  g_autoptr(GHashTable) lanes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  snapshot->plan_id = plan_id;
  snapshot->today = self->today;
  if (!read_plan (self, snapshot, error) ||
      !read_lanes (self, snapshot, lanes, error) ||
      !read_goals (self, snapshot, error) ||
      !read_activities (self, snapshot, lanes, error))
    return NULL;

  return g_steal_pointer (&snapshot);
}

/**
 * bie_store_household_plan:
 *
 * The plan the household is followed by: the one still in draft or
 * active, else the one agreed last. (A draft has no date agreed yet, and
 * must not hide behind an earlier plan that has one.)
 *
 * Returns: the row id of the household's latest plan, 0 when it has none,
 *   or -1 with @error set
 */
gint64
bie_store_household_plan (BieStore  *self,
                          gint64     household_id,
                          GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BIE_IS_STORE (self), -1);

  stmt = bie_store_prepare (self,
                            "SELECT id FROM care_plan WHERE household_id = ? AND deleted = 0"
                            " ORDER BY status IN ('draft', 'active') DESC, agreed_on DESC, id DESC"
                            " LIMIT 1",
                            error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, household_id);

  return bie_store_step_id (self, stmt, error);
}

/**
 * bie_store_list_plans:
 * @selection: which plans
 *
 * The plans still followed (draft or active) of the households of a part
 * of the city, as a coordinator prints them: by sector, then by head of
 * household.
 *
 * Returns: (transfer full) (element-type gint64): plan row ids, or %NULL
 *   with @error set
 */
GArray *
bie_store_list_plans (BieStore                *self,
                      const BiePlanSelection  *selection,
                      GError                 **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  char day[16];
  int rc;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);
  g_return_val_if_fail (selection != NULL, NULL);

  /* Each part is "no condition" when its parameter is 0. */
  stmt = bie_store_prepare (self,
                            "SELECT c.id FROM care_plan c JOIN household h ON h.id = c.household_id"
                            " JOIN sector s ON s.id = h.sector_id JOIN localidad l ON l.id = s.localidad_id"
                            " LEFT JOIN household_facts f ON f.household_id = h.id"
                            " WHERE c.deleted = 0 AND h.deleted = 0 AND c.status IN ('draft', 'active')"
                            " AND (?1 = 0 OR s.id = ?1) AND (?2 = 0 OR l.id = ?2) AND (?3 = 0 OR l.subred_id = ?3)"
                            " AND (?4 = 0 OR EXISTS (SELECT 1 FROM activity a WHERE a.plan_id = c.id"
                            "  AND a.deleted = 0 AND a.status IN ('planned', 'scheduled', 'in-progress')"
                            "  AND coalesce (a.end_date, a.start_date) < ?5))"
                            " ORDER BY s.code, f.head_name COLLATE NOCASE, c.id",
                            error);
  if (stmt == NULL)
    return NULL;

  g_date_strftime (day, sizeof day, "%Y-%m-%d", &self->today);
  sqlite3_bind_int64 (stmt, 1, selection->sector_id);
  sqlite3_bind_int64 (stmt, 2, selection->localidad_id);
  sqlite3_bind_int64 (stmt, 3, selection->subred_id);
  sqlite3_bind_int (stmt, 4, selection->overdue_only);
  bie_store_bind_text (stmt, 5, day);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }

  if (!bie_store_finish (self, stmt, rc, error))
    return NULL;

  return g_steal_pointer (&ids);
}

void
bie_activity_change_free (BieActivityChange *change)
{
  if (change == NULL)
    return;

  g_free (change->status);
  g_free (change->reason);
  g_free (change);
}

/**
 * bie_store_activity_history:
 * @activity_id: the row id of an activity
 *
 * The changes of an activity's status, latest first: the first is the
 * status it was created with, last in the array. The cache keeps them
 * itself (triggers on the activity table), whoever wrote the change.
 *
 * Returns: (transfer full) (element-type BieActivityChange): the changes,
 *   empty for an activity the cache does not have; or %NULL with @error set
 */
GPtrArray *
bie_store_activity_history (BieStore  *self,
                            gint64     activity_id,
                            GError   **error)
{
  g_autoptr(GPtrArray) changes = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  stmt = bie_store_prepare (self,
                            "SELECT status, reason, changed_at FROM activity_status"
                            " WHERE activity_id = ? ORDER BY changed_at DESC, id DESC",
                            error);
  if (stmt == NULL)
    return NULL;

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) bie_activity_change_free);
  sqlite3_bind_int64 (stmt, 1, activity_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BieActivityChange *change = g_new0 (BieActivityChange, 1);

      change->status = bie_store_column_text (stmt, 0);
      change->reason = bie_store_column_text (stmt, 1);
      change->changed_at = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (changes, change);
    }

  if (!bie_store_finish (self, stmt, rc, error))
    return NULL;

  return g_steal_pointer (&changes);
}
