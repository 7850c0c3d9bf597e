/* bie-appointment-form.c: the form of a managed appointment
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-appointment-form"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-appointment-form.h"
#include "bie-store-lookups.h"

struct _BieAppointmentForm
{
  BieForm      parent_instance;

  gint64       household_id;

  /* Template widgets */
  GtkWidget   *save_button;
  GtkLabel    *status_label;
  GtkLabel    *error_label;
  AdwComboRow *person_row;
  AdwComboRow *service_row;
  AdwComboRow *barrier_row;
  AdwComboRow *outcome_row;
  AdwEntryRow *requested_on_row;
  AdwEntryRow *assigned_on_row;
  AdwEntryRow *attended_on_row;
  GtkTextView *notes_view;
};

G_DEFINE_FINAL_TYPE (BieAppointmentForm, bie_appointment_form, BIE_TYPE_FORM)

static gpointer
bie_appointment_form_build_record (BieForm *form)
{
  BieAppointmentForm *self = BIE_APPOINTMENT_FORM (form);
  BieAppointment *appointment = bie_form_new_record (form);
  g_autofree char *notes = bie_form_text_view_get (self->notes_view);

  appointment->household_id = self->household_id;
  appointment->person_id = bie_form_combo_get_id (self->person_row);
  bie_form_set_text (&appointment->service, bie_form_combo_get_code (self->service_row));
  bie_form_set_text (&appointment->barrier, bie_form_combo_get_code (self->barrier_row));
  bie_form_set_text (&appointment->outcome, bie_form_combo_get_code (self->outcome_row));
  bie_form_set_text (&appointment->requested_on, bie_form_entry_get_text (self->requested_on_row));
  bie_form_set_text (&appointment->assigned_on, bie_form_entry_get_text (self->assigned_on_row));
  bie_form_set_text (&appointment->attended_on, bie_form_entry_get_text (self->attended_on_row));
  bie_form_set_text (&appointment->notes, notes);

  return appointment;
}

static void
bie_appointment_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BIE_TYPE_APPOINTMENT_FORM);

  G_OBJECT_CLASS (bie_appointment_form_parent_class)->dispose (object);
}

static void
bie_appointment_form_class_init (BieAppointmentFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BieFormClass *form_class = BIE_FORM_CLASS (klass);

  object_class->dispose = bie_appointment_form_dispose;
  form_class->entity = BIE_ENTITY_APPOINTMENT;
  form_class->build_record = bie_appointment_form_build_record;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bie-appointment-form.ui");
  gtk_widget_class_bind_template_child (widget_class, BieAppointmentForm, save_button);
  gtk_widget_class_bind_template_child (widget_class, BieAppointmentForm, status_label);
  gtk_widget_class_bind_template_child (widget_class, BieAppointmentForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, BieAppointmentForm, person_row);
  gtk_widget_class_bind_template_child (widget_class, BieAppointmentForm, service_row);
  gtk_widget_class_bind_template_child (widget_class, BieAppointmentForm, barrier_row);
  gtk_widget_class_bind_template_child (widget_class, BieAppointmentForm, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, BieAppointmentForm, requested_on_row);
  gtk_widget_class_bind_template_child (widget_class, BieAppointmentForm, assigned_on_row);
  gtk_widget_class_bind_template_child (widget_class, BieAppointmentForm, attended_on_row);
  gtk_widget_class_bind_template_child (widget_class, BieAppointmentForm, notes_view);
}

static void
bie_appointment_form_init (BieAppointmentForm *self)
{
  BieForm *form = BIE_FORM (self);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *today = bie_form_today ();

  gtk_widget_init_template (GTK_WIDGET (self));
  bie_form_set_controls (form, self->save_button, self->status_label, self->error_label);
  bie_form_set_filling (form, TRUE);

  bie_form_combo_set_reference (self->service_row, "services", _("Choose…"));
  bie_form_combo_set_reference (self->barrier_row, "barriers", _("None recorded"));

  g_ptr_array_add (codes, (gpointer) "pending");
  g_ptr_array_add (labels, (gpointer) C_("appointment outcome", "Pending"));
  g_ptr_array_add (codes, (gpointer) "assigned");
  g_ptr_array_add (labels, (gpointer) C_("appointment outcome", "Assigned"));
  g_ptr_array_add (codes, (gpointer) "attended");
  g_ptr_array_add (labels, (gpointer) C_("appointment outcome", "Attended"));
  g_ptr_array_add (codes, (gpointer) "missed");
  g_ptr_array_add (labels, (gpointer) C_("appointment outcome", "Missed"));
  g_ptr_array_add (codes, (gpointer) "cancelled");
  g_ptr_array_add (labels, (gpointer) C_("appointment outcome", "Cancelled"));
  bie_form_combo_set_choices (self->outcome_row, NULL, codes, labels);
  bie_form_entry_set_text (self->requested_on_row, today);

  bie_form_add_field (form, "person_id", GTK_WIDGET (self->person_row));
  bie_form_add_field (form, "service", GTK_WIDGET (self->service_row));
  bie_form_add_field (form, "barrier", GTK_WIDGET (self->barrier_row));
  bie_form_add_field (form, "outcome", GTK_WIDGET (self->outcome_row));
  bie_form_add_field (form, "requested_on", GTK_WIDGET (self->requested_on_row));
  bie_form_add_field (form, "assigned_on", GTK_WIDGET (self->assigned_on_row));
  bie_form_add_field (form, "attended_on", GTK_WIDGET (self->attended_on_row));
  bie_form_add_field (form, "notes", GTK_WIDGET (self->notes_view));
  bie_form_watch (form, gtk_text_view_get_buffer (self->notes_view), "changed");
}

/**
 * bie_appointment_form_new:
 * @parent: (nullable): the window the form belongs to
 * @household_id: the household of the person
 * @appointment_id: the appointment to edit, or 0 for a new one
 *
 * Returns: (transfer full): a new #BieAppointmentForm, not yet shown
 */
BieAppointmentForm *
bie_appointment_form_new (GtkWindow *parent,
                          BieStore  *store,
                          gint64     household_id,
                          gint64     appointment_id)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  BieAppointmentForm *self;
  BieAppointment *appointment;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BIE_IS_STORE (store), NULL);

  self = g_object_new (BIE_TYPE_APPOINTMENT_FORM,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->household_id = household_id;

  appointment = bie_form_load (BIE_FORM (self), store, appointment_id);
  if (appointment != NULL)
    self->household_id = appointment->household_id;

  members = bie_store_list_household_members (store, self->household_id, &error);
  if (members == NULL)
    bie_form_show_error (BIE_FORM (self), error->message);
  bie_form_combo_set_lookup (self->person_row, _("Choose…"), members, FALSE);

  if (appointment != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Managed Appointment"));
      bie_form_combo_set_id (self->person_row, appointment->person_id);
      bie_form_combo_set_code (self->service_row, appointment->service);
      bie_form_combo_set_code (self->barrier_row, appointment->barrier);
      bie_form_combo_set_code (self->outcome_row, appointment->outcome);
      bie_form_entry_set_text (self->requested_on_row, appointment->requested_on);
      bie_form_entry_set_text (self->assigned_on_row, appointment->assigned_on);
      bie_form_entry_set_text (self->attended_on_row, appointment->attended_on);
      bie_form_text_view_set (self->notes_view, appointment->notes);
    }
  bie_form_set_filling (BIE_FORM (self), FALSE);

  return self;
}
