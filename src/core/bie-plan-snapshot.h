/* bie-plan-snapshot.h: one family care plan as plain data
 *
 * What the timeline, the printed plan pages and the plan views draw: read
 * from the store once, then handed to renderers that know nothing of the
 * store, of GTK or of SQL. Every string is owned by the snapshot and is
 * already in the user's language where it names a code (activity kinds,
 * statuses); every date is a GDate, invalid (g_date_valid() false) when the
 * record has none.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  BIE_ACTIVITY_PLANNED,
  BIE_ACTIVITY_SCHEDULED,
  BIE_ACTIVITY_IN_PROGRESS,
  BIE_ACTIVITY_DONE,
  BIE_ACTIVITY_CANCELLED,
  BIE_ACTIVITY_NOT_DONE,
} BieActivityStatus;

typedef enum
{
  BIE_GOAL_PROPOSED,
  BIE_GOAL_ACTIVE,
  BIE_GOAL_ACHIEVED,
  BIE_GOAL_CANCELLED,
} BieGoalStatus;

/* One row of the timeline: a member, or the whole family (person_id 0),
 * which is always the first lane. */
typedef struct
{
  gint64  person_id;
  char   *name;             /* "Whole family" for the family's lane */
  int     age;              /* in years on the snapshot's day; -1 unknown or the family */
  char   *document;         /* "CC 52345678"; NULL for the family */
} BiePlanLane;

typedef struct
{
  gint64             id;
  guint              lane;            /* index into the snapshot's lanes */
  gint64             goal_id;         /* 0 for none */
  char              *kind;            /* code from activity-kinds */
  char              *title;           /* the kind's name */
  char              *professional;    /* the responsible professional's name, or NULL */
  GDate              start;           /* either may be invalid; both invalid: unscheduled */
  GDate              end;
  BieActivityStatus  status;
  char              *status_reason;   /* why not done or cancelled, or NULL */
  gboolean           overdue;         /* open, and its end (or start) is before the day */
} BiePlanActivity;

typedef struct
{
  gint64         id;
  char          *description;
  GDate          target;
  BieGoalStatus  status;
  char          *risk;                /* the name of the risk it answers, or NULL */
} BiePlanGoal;

typedef struct
{
  gint64      plan_id;
  gint64      household_id;
  char       *household_name;         /* the head of household */
  char       *address;
  char       *sector_code;
  char       *sector_name;
  char       *localidad_name;
  char       *team;                   /* the professionals of the plan, comma-separated, or NULL */
  char       *plan_status;            /* the status's name in the user's language */
  GDate       agreed_on;
  GDate       today;                  /* the day the snapshot was taken on */
  GPtrArray  *lanes;                  /* BiePlanLane, the family first */
  GPtrArray  *goals;                  /* BiePlanGoal, by target date */
  GPtrArray  *activities;             /* BiePlanActivity, by lane, then start */
} BiePlanSnapshot;

BiePlanSnapshot *bie_plan_snapshot_new              (void);
void             bie_plan_snapshot_free             (BiePlanSnapshot   *self);
BiePlanLane     *bie_plan_snapshot_add_lane         (BiePlanSnapshot   *self,
                                                     gint64             person_id,
                                                     const char        *name,
                                                     int                age,
                                                     const char        *document);
BiePlanActivity *bie_plan_snapshot_add_activity     (BiePlanSnapshot   *self,
                                                     guint              lane,
                                                     const char        *kind,
                                                     const char        *title);
BiePlanGoal     *bie_plan_snapshot_add_goal         (BiePlanSnapshot   *self,
                                                     const char        *description);
void             bie_plan_snapshot_get_range        (BiePlanSnapshot   *self,
                                                     GDate             *first,
                                                     GDate             *last);

const char      *bie_activity_status_to_string      (BieActivityStatus  status);
gboolean         bie_activity_status_from_string    (const char        *text,
                                                     BieActivityStatus *status);
const char      *bie_activity_status_get_name       (BieActivityStatus  status);
gboolean         bie_activity_status_is_open        (BieActivityStatus  status);
const char      *bie_goal_status_to_string          (BieGoalStatus      status);
gboolean         bie_goal_status_from_string        (const char        *text,
                                                     BieGoalStatus     *status);
const char      *bie_goal_status_get_name           (BieGoalStatus      status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BiePlanSnapshot, bie_plan_snapshot_free)

G_END_DECLS
