/* bie-household-form.h: the form of one household
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-form.h"

G_BEGIN_DECLS

#define BIE_TYPE_HOUSEHOLD_FORM (bie_household_form_get_type ())

G_DECLARE_FINAL_TYPE (BieHouseholdForm, bie_household_form, BIE, HOUSEHOLD_FORM, BieForm)

BieHouseholdForm *bie_household_form_new (GtkWindow *parent,
                                          BieStore  *store,
                                          gint64     sector_id,
                                          gint64     household_id);

G_END_DECLS
