/* bie-appointment-form.h: the form of a managed appointment
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-form.h"

G_BEGIN_DECLS

#define BIE_TYPE_APPOINTMENT_FORM (bie_appointment_form_get_type ())

G_DECLARE_FINAL_TYPE (BieAppointmentForm, bie_appointment_form, BIE, APPOINTMENT_FORM, BieForm)

BieAppointmentForm *bie_appointment_form_new (GtkWindow *parent,
                                              BieStore  *store,
                                              gint64     household_id,
                                              gint64     appointment_id);

G_END_DECLS
