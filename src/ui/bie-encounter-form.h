/* bie-encounter-form.h: the form of a home visit, work session or call
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-form.h"

G_BEGIN_DECLS

#define BIE_TYPE_ENCOUNTER_FORM (bie_encounter_form_get_type ())

G_DECLARE_FINAL_TYPE (BieEncounterForm, bie_encounter_form, BIE, ENCOUNTER_FORM, BieForm)

BieEncounterForm *bie_encounter_form_new (GtkWindow *parent,
                                          BieStore  *store,
                                          gint64     household_id,
                                          gint64     encounter_id);

G_END_DECLS
