/* bie-person-form.c: the form of one person of a household
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-person-form"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-person-form.h"

struct _BiePersonForm
{
  BieForm      parent_instance;

  gint64       household_id;

  /* Template widgets */
  GtkWidget   *save_button;
  GtkLabel    *status_label;
  GtkLabel    *error_label;
  AdwComboRow *document_type_row;
  AdwEntryRow *document_number_row;
  AdwEntryRow *given_names_row;
  AdwEntryRow *family_names_row;
  AdwComboRow *sex_row;
  AdwEntryRow *birth_date_row;
  AdwComboRow *eps_row;
  AdwComboRow *regimen_row;
  AdwComboRow *relationship_row;
  AdwEntryRow *phone_row;
};

G_DEFINE_FINAL_TYPE (BiePersonForm, bie_person_form, BIE_TYPE_FORM)

static gpointer
bie_person_form_build_record (BieForm *form)
{
  BiePersonForm *self = BIE_PERSON_FORM (form);
  BiePerson *person = bie_form_new_record (form);

  person->household_id = self->household_id;
  bie_form_set_text (&person->document_type, bie_form_combo_get_code (self->document_type_row));
  bie_form_set_text (&person->document_number, bie_form_entry_get_text (self->document_number_row));
  bie_form_set_text (&person->given_names, bie_form_entry_get_text (self->given_names_row));
  bie_form_set_text (&person->family_names, bie_form_entry_get_text (self->family_names_row));
  bie_form_set_text (&person->sex, bie_form_combo_get_code (self->sex_row));
  bie_form_set_text (&person->birth_date, bie_form_entry_get_text (self->birth_date_row));
  bie_form_set_text (&person->eps_code, bie_form_combo_get_code (self->eps_row));
  bie_form_set_text (&person->regimen, bie_form_combo_get_code (self->regimen_row));
  bie_form_set_text (&person->phone, bie_form_entry_get_text (self->phone_row));
  bie_form_set_text (&person->relationship, bie_form_combo_get_code (self->relationship_row));

  return person;
}

static void
bie_person_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BIE_TYPE_PERSON_FORM);

  G_OBJECT_CLASS (bie_person_form_parent_class)->dispose (object);
}

static void
bie_person_form_class_init (BiePersonFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BieFormClass *form_class = BIE_FORM_CLASS (klass);

  object_class->dispose = bie_person_form_dispose;
  form_class->entity = BIE_ENTITY_PERSON;
  form_class->build_record = bie_person_form_build_record;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bie-person-form.ui");
  gtk_widget_class_bind_template_child (widget_class, BiePersonForm, save_button);
  gtk_widget_class_bind_template_child (widget_class, BiePersonForm, status_label);
  gtk_widget_class_bind_template_child (widget_class, BiePersonForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, BiePersonForm, document_type_row);
  gtk_widget_class_bind_template_child (widget_class, BiePersonForm, document_number_row);
  gtk_widget_class_bind_template_child (widget_class, BiePersonForm, given_names_row);
  gtk_widget_class_bind_template_child (widget_class, BiePersonForm, family_names_row);
  gtk_widget_class_bind_template_child (widget_class, BiePersonForm, sex_row);
  gtk_widget_class_bind_template_child (widget_class, BiePersonForm, birth_date_row);
  gtk_widget_class_bind_template_child (widget_class, BiePersonForm, eps_row);
  gtk_widget_class_bind_template_child (widget_class, BiePersonForm, regimen_row);
  gtk_widget_class_bind_template_child (widget_class, BiePersonForm, relationship_row);
  gtk_widget_class_bind_template_child (widget_class, BiePersonForm, phone_row);
}

static void
bie_person_form_init (BiePersonForm *self)
{
  BieForm *form = BIE_FORM (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  bie_form_set_controls (form, self->save_button, self->status_label, self->error_label);

  bie_form_set_filling (form, TRUE);
  /* A cédula is what most adults show; the rest must be chosen. */
  bie_form_combo_set_reference (self->document_type_row, "document-types", NULL);
  bie_form_combo_set_reference (self->sex_row, "sexes", _("Choose…"));
  bie_form_combo_set_reference (self->eps_row, "eps", _("Not recorded"));
  bie_form_combo_set_reference (self->regimen_row, "regimens", _("Not recorded"));
  bie_form_combo_set_reference (self->relationship_row, "relationships", _("Choose…"));
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->birth_date_row), 10);
  adw_entry_row_set_input_purpose (self->document_number_row, GTK_INPUT_PURPOSE_ALPHA);
  adw_entry_row_set_input_purpose (self->phone_row, GTK_INPUT_PURPOSE_PHONE);

  bie_form_add_field (form, "document_type", GTK_WIDGET (self->document_type_row));
  bie_form_add_field (form, "document_number", GTK_WIDGET (self->document_number_row));
  bie_form_add_field (form, "given_names", GTK_WIDGET (self->given_names_row));
  bie_form_add_field (form, "family_names", GTK_WIDGET (self->family_names_row));
  bie_form_add_field (form, "sex", GTK_WIDGET (self->sex_row));
  bie_form_add_field (form, "birth_date", GTK_WIDGET (self->birth_date_row));
  bie_form_add_field (form, "eps_code", GTK_WIDGET (self->eps_row));
  bie_form_add_field (form, "regimen", GTK_WIDGET (self->regimen_row));
  bie_form_add_field (form, "relationship", GTK_WIDGET (self->relationship_row));
  bie_form_add_field (form, "phone", GTK_WIDGET (self->phone_row));
}

/**
 * bie_person_form_new:
 * @parent: (nullable): the window the form belongs to
 * @household_id: the household of the person
 * @person_id: the person to edit, or 0 for a new person
 *
 * Returns: (transfer full): a new #BiePersonForm, not yet shown
 */
BiePersonForm *
bie_person_form_new (GtkWindow *parent,
                     BieStore  *store,
                     gint64     household_id,
                     gint64     person_id)
{
  BiePersonForm *self;
  BiePerson *person;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BIE_IS_STORE (store), NULL);

  self = g_object_new (BIE_TYPE_PERSON_FORM,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->household_id = household_id;

  person = bie_form_load (BIE_FORM (self), store, person_id);
  if (person != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Person"));
      self->household_id = person->household_id;
      bie_form_combo_set_code (self->document_type_row, person->document_type);
      bie_form_entry_set_text (self->document_number_row, person->document_number);
      bie_form_entry_set_text (self->given_names_row, person->given_names);
      bie_form_entry_set_text (self->family_names_row, person->family_names);
      bie_form_combo_set_code (self->sex_row, person->sex);
      bie_form_entry_set_text (self->birth_date_row, person->birth_date);
      bie_form_combo_set_code (self->eps_row, person->eps_code);
      bie_form_combo_set_code (self->regimen_row, person->regimen);
      bie_form_combo_set_code (self->relationship_row, person->relationship);
      bie_form_entry_set_text (self->phone_row, person->phone);
    }
  bie_form_set_filling (BIE_FORM (self), FALSE);

  return self;
}
