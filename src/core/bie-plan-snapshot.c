/* bie-plan-snapshot.c: one family care plan as plain data
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bie-plan-snapshot.h"

static void
lane_free (gpointer data)
{
  BiePlanLane *lane = data;

  g_free (lane->name);
  g_free (lane->document);
  g_free (lane);
}

static void
activity_free (gpointer data)
{
  BiePlanActivity *activity = data;

  g_free (activity->kind);
  g_free (activity->title);
  g_free (activity->professional);
  g_free (activity->status_reason);
  g_free (activity);
}

static void
goal_free (gpointer data)
{
  BiePlanGoal *goal = data;

  g_free (goal->description);
  g_free (goal->risk);
  g_free (goal);
}

/**
 * bie_plan_snapshot_new:
 *
 * Returns: (transfer full): an empty snapshot, every date invalid
 */
BiePlanSnapshot *
bie_plan_snapshot_new (void)
{
  BiePlanSnapshot *self = g_new0 (BiePlanSnapshot, 1);

  g_date_clear (&self->agreed_on, 1);
  g_date_clear (&self->today, 1);
  self->lanes = g_ptr_array_new_with_free_func (lane_free);
  self->goals = g_ptr_array_new_with_free_func (goal_free);
  self->activities = g_ptr_array_new_with_free_func (activity_free);

  return self;
}

void
bie_plan_snapshot_free (BiePlanSnapshot *self)
{
  if (self == NULL)
    return;

  g_free (self->household_name);
  g_free (self->address);
  g_free (self->sector_code);
  g_free (self->sector_name);
  g_free (self->localidad_name);
  g_free (self->team);
  g_free (self->plan_status);
  g_ptr_array_unref (self->lanes);
  g_ptr_array_unref (self->goals);
  g_ptr_array_unref (self->activities);
  g_free (self);
}

/**
 * bie_plan_snapshot_add_lane:
 *
 * Returns: (transfer none): the new last lane
 */
BiePlanLane *
bie_plan_snapshot_add_lane (BiePlanSnapshot *self,
                            gint64           person_id,
                            const char      *name,
                            int              age,
                            const char      *document)
{
  BiePlanLane *lane = g_new0 (BiePlanLane, 1);

  lane->person_id = person_id;
  lane->name = g_strdup (name);
  lane->age = age;
  lane->document = g_strdup (document);
  g_ptr_array_add (self->lanes, lane);

  return lane;
}

/**
 * bie_plan_snapshot_add_activity:
 * @lane: the index of its lane
 *
 * Returns: (transfer none): the new activity, planned, with no dates
 */
BiePlanActivity *
bie_plan_snapshot_add_activity (BiePlanSnapshot *self,
                                guint            lane,
                                const char      *kind,
                                const char      *title)
{
  BiePlanActivity *activity = g_new0 (BiePlanActivity, 1);

  g_return_val_if_fail (lane < self->lanes->len, NULL);

  activity->lane = lane;
  activity->kind = g_strdup (kind);
  activity->title = g_strdup (title);
  activity->status = BIE_ACTIVITY_PLANNED;
  g_date_clear (&activity->start, 1);
  g_date_clear (&activity->end, 1);
  g_ptr_array_add (self->activities, activity);

  return activity;
}

/**
 * bie_plan_snapshot_add_goal:
 *
 * Returns: (transfer none): the new goal, proposed, with no target date
 */
BiePlanGoal *
bie_plan_snapshot_add_goal (BiePlanSnapshot *self,
                            const char      *description)
{
  BiePlanGoal *goal = g_new0 (BiePlanGoal, 1);

  goal->description = g_strdup (description);
  goal->status = BIE_GOAL_PROPOSED;
  g_date_clear (&goal->target, 1);
  g_ptr_array_add (self->goals, goal);

  return goal;
}

static void
widen (GDate       *first,
       GDate       *last,
       const GDate *date)
{
  if (!g_date_valid (date))
    return;
  if (!g_date_valid (first) || g_date_compare (date, first) < 0)
    *first = *date;
  if (!g_date_valid (last) || g_date_compare (date, last) > 0)
    *last = *date;
}

/**
 * bie_plan_snapshot_get_range:
 * @first: (out): the earliest day of the plan
 * @last: (out): the latest day of the plan
 *
 * The days the plan spans: its agreement, its activities, its goals' target
 * dates and the snapshot's day. Both are invalid only when the plan has no
 * date at all.
 */
void
bie_plan_snapshot_get_range (BiePlanSnapshot *self,
                             GDate           *first,
                             GDate           *last)
{
  g_date_clear (first, 1);
  g_date_clear (last, 1);

  widen (first, last, &self->agreed_on);
  widen (first, last, &self->today);
  for (guint i = 0; i < self->activities->len; i++)
    {
      BiePlanActivity *activity = g_ptr_array_index (self->activities, i);

      widen (first, last, &activity->start);
      widen (first, last, &activity->end);
    }
  for (guint i = 0; i < self->goals->len; i++)
    widen (first, last, &((BiePlanGoal *) g_ptr_array_index (self->goals, i))->target);
}

/* Statuses: the store's codes, and their names for people. */

static const struct
{
  const char *code;
  const char *name;
} activity_statuses[] = {
  [BIE_ACTIVITY_PLANNED] = { "planned", NC_("activity status", "Planned") },
  [BIE_ACTIVITY_SCHEDULED] = { "scheduled", NC_("activity status", "Scheduled") },
  [BIE_ACTIVITY_IN_PROGRESS] = { "in-progress", NC_("activity status", "In progress") },
  [BIE_ACTIVITY_DONE] = { "done", NC_("activity status", "Done") },
  [BIE_ACTIVITY_CANCELLED] = { "cancelled", NC_("activity status", "Cancelled") },
  [BIE_ACTIVITY_NOT_DONE] = { "not-done", NC_("activity status", "Not done") },
};

static const struct
{
  const char *code;
  const char *name;
} goal_statuses[] = {
  [BIE_GOAL_PROPOSED] = { "proposed", NC_("goal status", "Proposed") },
  [BIE_GOAL_ACTIVE] = { "active", NC_("goal status", "Active") },
  [BIE_GOAL_ACHIEVED] = { "achieved", NC_("goal status", "Achieved") },
  [BIE_GOAL_CANCELLED] = { "cancelled", NC_("goal status", "Cancelled") },
};

const char *
bie_activity_status_to_string (BieActivityStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (activity_statuses), NULL);

  return activity_statuses[status].code;
}

gboolean
bie_activity_status_from_string (const char        *text,
                                 BieActivityStatus *status)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (activity_statuses); i++)
    if (g_str_equal (text, activity_statuses[i].code))
      {
        *status = i;
        return TRUE;
      }

  return FALSE;
}

/* The status's name in the user's language. */
const char *
bie_activity_status_get_name (BieActivityStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (activity_statuses), NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "activity status", activity_statuses[status].name);
}

/* Whether the activity is still to be done: planned, scheduled or under way. */
gboolean
bie_activity_status_is_open (BieActivityStatus status)
{
  return status == BIE_ACTIVITY_PLANNED || status == BIE_ACTIVITY_SCHEDULED ||
         status == BIE_ACTIVITY_IN_PROGRESS;
}

const char *
bie_goal_status_to_string (BieGoalStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (goal_statuses), NULL);

  return goal_statuses[status].code;
}

gboolean
bie_goal_status_from_string (const char    *text,
                             BieGoalStatus *status)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (goal_statuses); i++)
    if (g_str_equal (text, goal_statuses[i].code))
      {
        *status = i;
        return TRUE;
      }

  return FALSE;
}

/* The status's name in the user's language. */
const char *
bie_goal_status_get_name (BieGoalStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (goal_statuses), NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "goal status", goal_statuses[status].name);
}
