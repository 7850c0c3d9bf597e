/* bie-person-form.h: the form of one person of a household
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-form.h"

G_BEGIN_DECLS

#define BIE_TYPE_PERSON_FORM (bie_person_form_get_type ())

G_DECLARE_FINAL_TYPE (BiePersonForm, bie_person_form, BIE, PERSON_FORM, BieForm)

BiePersonForm *bie_person_form_new (GtkWindow *parent,
                                    BieStore  *store,
                                    gint64     household_id,
                                    gint64     person_id);

G_END_DECLS
