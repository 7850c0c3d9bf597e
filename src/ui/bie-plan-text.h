/* bie-plan-text.h: a care plan's activities and goals said in words
 *
 * What the timeline's tooltips, its accessible description and the list
 * of activities say, so that the picture and the list read the same.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-plan-snapshot.h"

G_BEGIN_DECLS

char       *bie_plan_text_day          (const GDate            *day);
char       *bie_plan_text_dates        (const BiePlanActivity  *activity);
const char *bie_plan_text_member       (const BiePlanSnapshot  *plan,
                                        const BiePlanActivity  *activity);
char       *bie_plan_text_status       (const BiePlanActivity  *activity);
char       *bie_plan_text_summary      (const BiePlanSnapshot  *plan,
                                        const BiePlanActivity  *activity);
char       *bie_plan_text_tooltip      (const BiePlanSnapshot  *plan,
                                        const BiePlanActivity  *activity);
gboolean    bie_plan_text_goal_overdue (const BiePlanGoal      *goal,
                                        const GDate            *today);
char       *bie_plan_text_goal_details (const BiePlanGoal      *goal,
                                        const GDate            *today);
char       *bie_plan_text_goal_tooltip (const BiePlanGoal      *goal,
                                        const GDate            *today);

G_END_DECLS
