/* bie-activity-form.h: the form of an activity of a family care plan
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-form.h"

G_BEGIN_DECLS

#define BIE_TYPE_ACTIVITY_FORM (bie_activity_form_get_type ())

G_DECLARE_FINAL_TYPE (BieActivityForm, bie_activity_form, BIE, ACTIVITY_FORM, BieForm)

BieActivityForm *bie_activity_form_new (GtkWindow *parent,
                                        BieStore  *store,
                                        gint64     household_id,
                                        gint64     activity_id);

G_END_DECLS
