/* bie-encounter-form.c: the form of a home visit, work session or call
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-encounter-form"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-encounter-form.h"
#include "bie-store-lookups.h"

#define UUID_KEY "bie-person-uuid"

struct _BieEncounterForm
{
  BieForm              parent_instance;

  gint64               household_id;
  GPtrArray           *participant_checks;  /* GtkCheckButton, one per member */

  /* Template widgets */
  GtkWidget           *save_button;
  GtkLabel            *status_label;
  GtkLabel            *error_label;
  AdwComboRow         *kind_row;
  AdwEntryRow         *date_row;
  AdwComboRow         *professional_row;
  AdwPreferencesGroup *participants_group;
  GtkTextView         *notes_view;
};

G_DEFINE_FINAL_TYPE (BieEncounterForm, bie_encounter_form, BIE_TYPE_FORM)

static char *
get_participants (BieEncounterForm *self)
{
  g_autoptr(GString) uuids = g_string_new (NULL);

  for (guint i = 0; i < self->participant_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->participant_checks, i);

      if (!gtk_check_button_get_active (check))
        continue;
      if (uuids->len > 0)
        g_string_append_c (uuids, ',');
      g_string_append (uuids, g_object_get_data (G_OBJECT (check), UUID_KEY));
    }

  return g_string_free (g_steal_pointer (&uuids), FALSE);
}

static gpointer
bie_encounter_form_build_record (BieForm *form)
{
  BieEncounterForm *self = BIE_ENCOUNTER_FORM (form);
  BieEncounter *encounter = bie_form_new_record (form);
  g_autofree char *participants = get_participants (self);
  g_autofree char *notes = bie_form_text_view_get (self->notes_view);

  encounter->household_id = self->household_id;
  encounter->professional_id = bie_form_combo_get_id (self->professional_row);
  bie_form_set_text (&encounter->kind, bie_form_combo_get_code (self->kind_row));
  bie_form_set_text (&encounter->date, bie_form_entry_get_text (self->date_row));
  bie_form_set_text (&encounter->participants, participants);
  bie_form_set_text (&encounter->notes, notes);

  return encounter;
}

static void
bie_encounter_form_dispose (GObject *object)
{
  BieEncounterForm *self = BIE_ENCOUNTER_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), BIE_TYPE_ENCOUNTER_FORM);
  g_clear_pointer (&self->participant_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (bie_encounter_form_parent_class)->dispose (object);
}

static void
bie_encounter_form_class_init (BieEncounterFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BieFormClass *form_class = BIE_FORM_CLASS (klass);

  object_class->dispose = bie_encounter_form_dispose;
  form_class->entity = BIE_ENTITY_ENCOUNTER;
  form_class->build_record = bie_encounter_form_build_record;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bie-encounter-form.ui");
  gtk_widget_class_bind_template_child (widget_class, BieEncounterForm, save_button);
  gtk_widget_class_bind_template_child (widget_class, BieEncounterForm, status_label);
  gtk_widget_class_bind_template_child (widget_class, BieEncounterForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, BieEncounterForm, kind_row);
  gtk_widget_class_bind_template_child (widget_class, BieEncounterForm, date_row);
  gtk_widget_class_bind_template_child (widget_class, BieEncounterForm, professional_row);
  gtk_widget_class_bind_template_child (widget_class, BieEncounterForm, participants_group);
  gtk_widget_class_bind_template_child (widget_class, BieEncounterForm, notes_view);
}

static void
bie_encounter_form_init (BieEncounterForm *self)
{
  BieForm *form = BIE_FORM (self);
  g_autofree char *today = bie_form_today ();

  self->participant_checks = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  bie_form_set_controls (form, self->save_button, self->status_label, self->error_label);
  bie_form_set_filling (form, TRUE);

  bie_form_combo_set_reference (self->kind_row, "encounter-kinds", NULL);
  bie_form_entry_set_text (self->date_row, today);

  bie_form_add_field (form, "kind", GTK_WIDGET (self->kind_row));
  bie_form_add_field (form, "date", GTK_WIDGET (self->date_row));
  bie_form_add_field (form, "professional_id", GTK_WIDGET (self->professional_row));
  bie_form_add_field (form, "participants", GTK_WIDGET (self->participants_group));
  bie_form_add_field (form, "notes", GTK_WIDGET (self->notes_view));
  bie_form_watch (form, gtk_text_view_get_buffer (self->notes_view), "changed");
}

static void
add_members (BieEncounterForm *self,
             GPtrArray        *members,
             const char       *participants)
{
  g_auto(GStrv) present = g_strsplit (participants != NULL ? participants : "", ",", -1);

  for (guint i = 0; members != NULL && i < members->len; i++)
    {
      BieLookupItem *member = g_ptr_array_index (members, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), member->name);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, member->name,
                                      -1);
      g_object_set_data_full (G_OBJECT (check), UUID_KEY, g_strdup (member->uuid), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   g_strv_contains ((const char * const *) present, member->uuid));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->participants_group, row);

      g_ptr_array_add (self->participant_checks, check);
      bie_form_watch (BIE_FORM (self), check, "toggled");
    }

  if (members == NULL || members->len == 0)
    adw_preferences_group_set_description (self->participants_group,
                                           _("No members of this household are recorded yet."));
}

/**
 * bie_encounter_form_new:
 * @parent: (nullable): the window the form belongs to
 * @household_id: the household met
 * @encounter_id: the encounter to edit, or 0 for a new one
 *
 * Returns: (transfer full): a new #BieEncounterForm, not yet shown
 */
BieEncounterForm *
bie_encounter_form_new (GtkWindow *parent,
                        BieStore  *store,
                        gint64     household_id,
                        gint64     encounter_id)
{
  g_autoptr(GPtrArray) professionals = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  BieEncounterForm *self;
  BieEncounter *encounter;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BIE_IS_STORE (store), NULL);

  self = g_object_new (BIE_TYPE_ENCOUNTER_FORM,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->household_id = household_id;

  encounter = bie_form_load (BIE_FORM (self), store, encounter_id);
  if (encounter != NULL)
    self->household_id = encounter->household_id;

  professionals = bie_store_list_professionals (store, &error);
  if (professionals != NULL)
    members = bie_store_list_household_members (store, self->household_id, &error);
  if (error != NULL)
    bie_form_show_error (BIE_FORM (self), error->message);
  bie_form_combo_set_lookup (self->professional_row, _("Not recorded"), professionals, FALSE);
  add_members (self, members, encounter != NULL ? encounter->participants : NULL);

  if (encounter != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Encounter"));
      bie_form_combo_set_code (self->kind_row, encounter->kind);
      bie_form_entry_set_text (self->date_row, encounter->date);
      bie_form_combo_set_id (self->professional_row, encounter->professional_id);
      bie_form_text_view_set (self->notes_view, encounter->notes);
    }
  bie_form_set_filling (BIE_FORM (self), FALSE);

  return self;
}
