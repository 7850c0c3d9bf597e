/* bie-store-plans.h: family care plans as the timeline and the printed
 * pages read them
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-plan-snapshot.h"
#include "bie-store.h"

G_BEGIN_DECLS

/* Which plans a coordinator prints: every part optional (0 or FALSE: no
 * condition); parts combine. */
typedef struct
{
  gint64    subred_id;
  gint64    localidad_id;
  gint64    sector_id;
  gboolean  overdue_only;   /* only plans with an open activity past its date */
} BiePlanSelection;

/* One change of an activity's status, as the cache recorded it. */
typedef struct
{
  char   *status;       /* the status it changed to: "planned", ..., "not-done" */
  char   *reason;       /* why, for an activity not done or cancelled; or NULL */
  gint64  changed_at;   /* microseconds since the epoch, UTC */
} BieActivityChange;

void             bie_activity_change_free (BieActivityChange       *change);

BiePlanSnapshot *bie_store_plan_snapshot  (BieStore                *self,
                                           gint64                   plan_id,
                                           GError                 **error);
gint64           bie_store_household_plan (BieStore                *self,
                                           gint64                   household_id,
                                           GError                 **error);
GArray          *bie_store_list_plans     (BieStore                *self,
                                           const BiePlanSelection  *selection,
                                           GError                 **error);
GPtrArray       *bie_store_activity_history (BieStore              *self,
                                             gint64                 activity_id,
                                             GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieActivityChange, bie_activity_change_free)

G_END_DECLS
