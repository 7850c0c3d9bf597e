/* bie-print-plans-dialog.h: every care plan of a part of the city in one PDF
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bie-store.h"
#include "bie-store-plans.h"

G_BEGIN_DECLS

#define BIE_TYPE_PRINT_PLANS_DIALOG (bie_print_plans_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BiePrintPlansDialog, bie_print_plans_dialog, BIE, PRINT_PLANS_DIALOG, AdwWindow)

BiePrintPlansDialog *bie_print_plans_dialog_new         (GtkWindow               *parent,
                                                         BieStore                *store,
                                                         const BiePlanSelection  *selection,
                                                         const char              *territory);
guint                bie_print_plans_dialog_get_n_plans (BiePrintPlansDialog     *self);
void                 bie_print_plans_dialog_save_to     (BiePrintPlansDialog     *self,
                                                         GFile                   *file);

G_END_DECLS
