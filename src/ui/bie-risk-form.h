/* bie-risk-form.h: the form of a risk of a household or of one of its members
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-form.h"

G_BEGIN_DECLS

#define BIE_TYPE_RISK_FORM (bie_risk_form_get_type ())

G_DECLARE_FINAL_TYPE (BieRiskForm, bie_risk_form, BIE, RISK_FORM, BieForm)

BieRiskForm *bie_risk_form_new (GtkWindow *parent,
                                BieStore  *store,
                                gint64     household_id,
                                gint64     risk_id);

G_END_DECLS
