/* bie-household-form.c: the form of one household
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-household-form"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-household-form.h"
#include "bie-store-lookups.h"

struct _BieHouseholdForm
{
  BieForm      parent_instance;

  /* Template widgets */
  GtkWidget   *save_button;
  GtkLabel    *status_label;
  GtkLabel    *error_label;
  AdwComboRow *sector_row;
  AdwEntryRow *address_row;
  AdwComboRow *stratum_row;
};

G_DEFINE_FINAL_TYPE (BieHouseholdForm, bie_household_form, BIE_TYPE_FORM)

static gpointer
bie_household_form_build_record (BieForm *form)
{
  BieHouseholdForm *self = BIE_HOUSEHOLD_FORM (form);
  BieHousehold *household = bie_form_new_record (form);

  household->sector_id = bie_form_combo_get_id (self->sector_row);
  bie_form_set_text (&household->address, bie_form_entry_get_text (self->address_row));
  household->stratum = bie_form_combo_get_id (self->stratum_row);

  return household;
}

static void
bie_household_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BIE_TYPE_HOUSEHOLD_FORM);

  G_OBJECT_CLASS (bie_household_form_parent_class)->dispose (object);
}

static void
bie_household_form_class_init (BieHouseholdFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BieFormClass *form_class = BIE_FORM_CLASS (klass);

  object_class->dispose = bie_household_form_dispose;
  form_class->entity = BIE_ENTITY_HOUSEHOLD;
  form_class->build_record = bie_household_form_build_record;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bie-household-form.ui");
  gtk_widget_class_bind_template_child (widget_class, BieHouseholdForm, save_button);
  gtk_widget_class_bind_template_child (widget_class, BieHouseholdForm, status_label);
  gtk_widget_class_bind_template_child (widget_class, BieHouseholdForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, BieHouseholdForm, sector_row);
  gtk_widget_class_bind_template_child (widget_class, BieHouseholdForm, address_row);
  gtk_widget_class_bind_template_child (widget_class, BieHouseholdForm, stratum_row);
}

static void
bie_household_form_init (BieHouseholdForm *self)
{
  BieForm *form = BIE_FORM (self);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  bie_form_set_controls (form, self->save_button, self->status_label, self->error_label);
  bie_form_set_filling (form, TRUE);

  for (guint stratum = 1; stratum <= 6; stratum++)
    g_ptr_array_add (codes, g_strdup_printf ("%u", stratum));
  bie_form_combo_set_choices (self->stratum_row, _("Not known"), codes, codes);

  bie_form_add_field (form, "sector_id", GTK_WIDGET (self->sector_row));
  bie_form_add_field (form, "address", GTK_WIDGET (self->address_row));
  bie_form_add_field (form, "stratum", GTK_WIDGET (self->stratum_row));
}

/**
 * bie_household_form_new:
 * @parent: (nullable): the window the form belongs to
 * @sector_id: the sector to preselect for a new household, or 0
 * @household_id: the household to edit, or 0 for a new household
 *
 * Returns: (transfer full): a new #BieHouseholdForm, not yet shown
 */
BieHouseholdForm *
bie_household_form_new (GtkWindow *parent,
                        BieStore  *store,
                        gint64     sector_id,
                        gint64     household_id)
{
  g_autoptr(GPtrArray) sectors = NULL;
  g_autoptr(GError) error = NULL;
  BieHouseholdForm *self;
  BieHousehold *household;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BIE_IS_STORE (store), NULL);

  self = g_object_new (BIE_TYPE_HOUSEHOLD_FORM,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);

  sectors = bie_store_list_sectors (store, &error);
  if (sectors == NULL)
    bie_form_show_error (BIE_FORM (self), error->message);
  bie_form_combo_set_lookup (self->sector_row, _("Choose…"), sectors, TRUE);
  bie_form_combo_set_id (self->sector_row, sector_id);

  household = bie_form_load (BIE_FORM (self), store, household_id);
  if (household != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Household"));
      bie_form_combo_set_id (self->sector_row, household->sector_id);
      bie_form_entry_set_text (self->address_row, household->address);
      bie_form_combo_set_id (self->stratum_row, household->stratum);
    }
  bie_form_set_filling (BIE_FORM (self), FALSE);

  return self;
}
