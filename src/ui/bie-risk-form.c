/* bie-risk-form.c: the form of a risk of a household or of one of its members
 *
 * The risks list says whether a risk is a person's, the household's, or
 * either: the person row shows only when the risk can be a person's.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-risk-form"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-reference.h"
#include "bie-risk-form.h"
#include "bie-store-lookups.h"

struct _BieRiskForm
{
  BieForm           parent_instance;

  gint64            household_id;
  GPtrArray        *members;   /* BieLookupItem */
  BieReferenceList *risks;

  /* Template widgets */
  GtkWidget        *save_button;
  GtkLabel         *status_label;
  GtkLabel         *error_label;
  AdwComboRow      *code_row;
  AdwComboRow      *person_row;
  AdwComboRow      *status_row;
  AdwEntryRow      *identified_on_row;
  AdwEntryRow      *managed_on_row;
  AdwEntryRow      *closed_on_row;
  GtkTextView      *notes_view;
};

G_DEFINE_FINAL_TYPE (BieRiskForm, bie_risk_form, BIE_TYPE_FORM)

/* "person", "household" or "any" for the risk chosen; NULL for none. */
static const char *
get_level (BieRiskForm *self)
{
  const char *code = bie_form_combo_get_code (self->code_row);
  guint position;

  if (self->risks == NULL || code == NULL || !bie_reference_list_find (self->risks, code, &position))
    return NULL;

  return bie_reference_list_get_attribute (self->risks, position, "level");
}

static gpointer
bie_risk_form_build_record (BieForm *form)
{
  BieRiskForm *self = BIE_RISK_FORM (form);
  BieRisk *risk = bie_form_new_record (form);
  g_autofree char *notes = bie_form_text_view_get (self->notes_view);

  risk->household_id = self->household_id;
  risk->person_id = gtk_widget_get_visible (GTK_WIDGET (self->person_row))
                    ? bie_form_combo_get_id (self->person_row) : 0;
  bie_form_set_text (&risk->code, bie_form_combo_get_code (self->code_row));
  bie_form_set_text (&risk->status, bie_form_combo_get_code (self->status_row));
  bie_form_set_text (&risk->identified_on, bie_form_entry_get_text (self->identified_on_row));
  bie_form_set_text (&risk->managed_on, bie_form_entry_get_text (self->managed_on_row));
  bie_form_set_text (&risk->closed_on, bie_form_entry_get_text (self->closed_on_row));
  bie_form_set_text (&risk->notes, notes);

  return risk;
}

/* The person row follows the risk's level: hidden for the household's,
 * "choose" for a person's, "whole household" as a choice for either. */
static void
update_person_row (BieRiskForm *self)
{
  const char *level = get_level (self);
  gint64 person_id = bie_form_combo_get_id (self->person_row);
  gboolean was_filling = bie_form_set_filling (BIE_FORM (self), TRUE);

  gtk_widget_set_visible (GTK_WIDGET (self->person_row), g_strcmp0 (level, "household") != 0);
  bie_form_combo_set_lookup (self->person_row,
                             g_strcmp0 (level, "any") == 0 ? _("Whole household") : _("Choose…"),
                             self->members, FALSE);
  bie_form_combo_set_id (self->person_row, person_id);
  bie_form_set_filling (BIE_FORM (self), was_filling);
}

static void
bie_risk_form_dispose (GObject *object)
{
  BieRiskForm *self = BIE_RISK_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), BIE_TYPE_RISK_FORM);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->risks, bie_reference_list_unref);

  G_OBJECT_CLASS (bie_risk_form_parent_class)->dispose (object);
}

static void
bie_risk_form_class_init (BieRiskFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BieFormClass *form_class = BIE_FORM_CLASS (klass);

  object_class->dispose = bie_risk_form_dispose;
  form_class->entity = BIE_ENTITY_RISK;
  form_class->build_record = bie_risk_form_build_record;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bie-risk-form.ui");
  gtk_widget_class_bind_template_child (widget_class, BieRiskForm, save_button);
  gtk_widget_class_bind_template_child (widget_class, BieRiskForm, status_label);
  gtk_widget_class_bind_template_child (widget_class, BieRiskForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, BieRiskForm, code_row);
  gtk_widget_class_bind_template_child (widget_class, BieRiskForm, person_row);
  gtk_widget_class_bind_template_child (widget_class, BieRiskForm, status_row);
  gtk_widget_class_bind_template_child (widget_class, BieRiskForm, identified_on_row);
  gtk_widget_class_bind_template_child (widget_class, BieRiskForm, managed_on_row);
  gtk_widget_class_bind_template_child (widget_class, BieRiskForm, closed_on_row);
  gtk_widget_class_bind_template_child (widget_class, BieRiskForm, notes_view);
}

static void
bie_risk_form_init (BieRiskForm *self)
{
  BieForm *form = BIE_FORM (self);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *today = bie_form_today ();

  gtk_widget_init_template (GTK_WIDGET (self));
  bie_form_set_controls (form, self->save_button, self->status_label, self->error_label);
  bie_form_set_filling (form, TRUE);

  self->risks = bie_reference_list_get ("risks", NULL);
  bie_form_combo_set_reference (self->code_row, "risks", _("Choose…"));

  g_ptr_array_add (codes, (gpointer) "identified");
  g_ptr_array_add (labels, (gpointer) _("Identified"));
  g_ptr_array_add (codes, (gpointer) "managed");
  g_ptr_array_add (labels, (gpointer) _("Managed"));
  g_ptr_array_add (codes, (gpointer) "closed");
  g_ptr_array_add (labels, (gpointer) _("Closed"));
  bie_form_combo_set_choices (self->status_row, NULL, codes, labels);
  bie_form_entry_set_text (self->identified_on_row, today);

  bie_form_add_field (form, "code", GTK_WIDGET (self->code_row));
  bie_form_add_field (form, "person_id", GTK_WIDGET (self->person_row));
  bie_form_add_field (form, "status", GTK_WIDGET (self->status_row));
  bie_form_add_field (form, "identified_on", GTK_WIDGET (self->identified_on_row));
  bie_form_add_field (form, "managed_on", GTK_WIDGET (self->managed_on_row));
  bie_form_add_field (form, "closed_on", GTK_WIDGET (self->closed_on_row));
  bie_form_add_field (form, "notes", GTK_WIDGET (self->notes_view));
  bie_form_watch (form, gtk_text_view_get_buffer (self->notes_view), "changed");
  g_signal_connect_object (self->code_row, "notify::selected",
                           G_CALLBACK (update_person_row), self, G_CONNECT_SWAPPED);
}

/**
 * bie_risk_form_new:
 * @parent: (nullable): the window the form belongs to
 * @household_id: the household the risk is found in
 * @risk_id: the risk to edit, or 0 for a new one
 *
 * Returns: (transfer full): a new #BieRiskForm, not yet shown
 */
BieRiskForm *
bie_risk_form_new (GtkWindow *parent,
                   BieStore  *store,
                   gint64     household_id,
                   gint64     risk_id)
{
  g_autoptr(GError) error = NULL;
  BieRiskForm *self;
  BieRisk *risk;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BIE_IS_STORE (store), NULL);

  self = g_object_new (BIE_TYPE_RISK_FORM,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->household_id = household_id;

  risk = bie_form_load (BIE_FORM (self), store, risk_id);
  if (risk != NULL)
    self->household_id = risk->household_id;

  self->members = bie_store_list_household_members (store, self->household_id, &error);
  if (self->members == NULL)
    bie_form_show_error (BIE_FORM (self), error->message);
  update_person_row (self);

  if (risk != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Risk"));
      bie_form_combo_set_code (self->code_row, risk->code);
      bie_form_combo_set_id (self->person_row, risk->person_id);
      bie_form_combo_set_code (self->status_row, risk->status);
      bie_form_entry_set_text (self->identified_on_row, risk->identified_on);
      bie_form_entry_set_text (self->managed_on_row, risk->managed_on);
      bie_form_entry_set_text (self->closed_on_row, risk->closed_on);
      bie_form_text_view_set (self->notes_view, risk->notes);
    }
  bie_form_set_filling (BIE_FORM (self), FALSE);

  return self;
}
