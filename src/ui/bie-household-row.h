/* bie-household-row.h: one household in the caseload list
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bie-caseload-model.h"

G_BEGIN_DECLS

#define BIE_TYPE_HOUSEHOLD_ROW (bie_household_row_get_type ())

G_DECLARE_FINAL_TYPE (BieHouseholdRow, bie_household_row, BIE, HOUSEHOLD_ROW, GtkWidget)

GtkWidget  *bie_household_row_new        (void);
void        bie_household_row_set_item   (BieHouseholdRow    *self,
                                          BieCaseloadItem    *item,
                                          GDate              *today,
                                          const char         *query,
                                          const char * const *members);
const char *bie_household_row_get_name   (BieHouseholdRow    *self);
const char *bie_household_row_get_member (BieHouseholdRow    *self);

G_END_DECLS
