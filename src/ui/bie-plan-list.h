/* bie-plan-list.h: a family care plan as rows, member by member
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bie-plan-snapshot.h"

G_BEGIN_DECLS

#define BIE_TYPE_PLAN_LIST (bie_plan_list_get_type ())

G_DECLARE_FINAL_TYPE (BiePlanList, bie_plan_list, BIE, PLAN_LIST, GtkWidget)

GtkWidget *bie_plan_list_new      (void);
void       bie_plan_list_set_plan (BiePlanList           *self,
                                   const BiePlanSnapshot *plan);

G_END_DECLS
