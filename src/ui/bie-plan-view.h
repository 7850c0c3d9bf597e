/* bie-plan-view.h: the Plans view: a family's care plan on a timeline or
 * as a list, to reschedule, print and export
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bie-store.h"

G_BEGIN_DECLS

#define BIE_TYPE_PLAN_VIEW (bie_plan_view_get_type ())

G_DECLARE_FINAL_TYPE (BiePlanView, bie_plan_view, BIE, PLAN_VIEW, GtkWidget)

GtkWidget *bie_plan_view_new                (void);
void       bie_plan_view_show_household     (BiePlanView          *self,
                                             BieStore             *store,
                                             gint64                household_id);
gint64     bie_plan_view_get_household      (BiePlanView          *self);
gboolean   bie_plan_view_print              (BiePlanView          *self,
                                             const char           *export_path,
                                             GError              **error);
void       bie_plan_view_export_pdf_async   (BiePlanView          *self,
                                             GFile                *file,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean   bie_plan_view_export_pdf_finish  (BiePlanView          *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
