/* bie-plan-form.h: the form of a family care plan
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-form.h"

G_BEGIN_DECLS

#define BIE_TYPE_PLAN_FORM (bie_plan_form_get_type ())

G_DECLARE_FINAL_TYPE (BiePlanForm, bie_plan_form, BIE, PLAN_FORM, BieForm)

BiePlanForm *bie_plan_form_new (GtkWindow *parent,
                                BieStore  *store,
                                gint64     household_id,
                                gint64     plan_id);

G_END_DECLS
