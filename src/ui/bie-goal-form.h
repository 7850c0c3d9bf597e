/* bie-goal-form.h: the form of a goal of a family care plan
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-form.h"

G_BEGIN_DECLS

#define BIE_TYPE_GOAL_FORM (bie_goal_form_get_type ())

G_DECLARE_FINAL_TYPE (BieGoalForm, bie_goal_form, BIE, GOAL_FORM, BieForm)

BieGoalForm *bie_goal_form_new (GtkWindow *parent,
                                BieStore  *store,
                                gint64     household_id,
                                gint64     goal_id);

G_END_DECLS
