/* bie-plan-form.c: the form of a family care plan
 *
 * The plan itself is short: where it stands, the day it was agreed with
 * the family, and the professional who answers for it. Its goals and
 * activities have forms of their own.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-plan-form"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-plan-form.h"
#include "bie-store-lookups.h"

struct _BiePlanForm
{
  BieForm      parent_instance;

  gint64       household_id;

  /* Template widgets */
  GtkWidget   *save_button;
  GtkLabel    *status_label;
  GtkLabel    *error_label;
  AdwComboRow *status_row;
  AdwEntryRow *agreed_on_row;
  AdwComboRow *professional_row;
};

G_DEFINE_FINAL_TYPE (BiePlanForm, bie_plan_form, BIE_TYPE_FORM)

static gpointer
bie_plan_form_build_record (BieForm *form)
{
  BiePlanForm *self = BIE_PLAN_FORM (form);
  BieCarePlan *plan = bie_form_new_record (form);

  plan->household_id = self->household_id;
  plan->professional_id = bie_form_combo_get_id (self->professional_row);
  bie_form_set_text (&plan->status, bie_form_combo_get_code (self->status_row));
  bie_form_set_text (&plan->agreed_on, bie_form_entry_get_text (self->agreed_on_row));

  return plan;
}

static void
bie_plan_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BIE_TYPE_PLAN_FORM);

  G_OBJECT_CLASS (bie_plan_form_parent_class)->dispose (object);
}

static void
bie_plan_form_class_init (BiePlanFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BieFormClass *form_class = BIE_FORM_CLASS (klass);

  object_class->dispose = bie_plan_form_dispose;
  form_class->entity = BIE_ENTITY_CARE_PLAN;
  form_class->build_record = bie_plan_form_build_record;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bie-plan-form.ui");
  gtk_widget_class_bind_template_child (widget_class, BiePlanForm, save_button);
  gtk_widget_class_bind_template_child (widget_class, BiePlanForm, status_label);
  gtk_widget_class_bind_template_child (widget_class, BiePlanForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, BiePlanForm, status_row);
  gtk_widget_class_bind_template_child (widget_class, BiePlanForm, agreed_on_row);
  gtk_widget_class_bind_template_child (widget_class, BiePlanForm, professional_row);
}

static void
bie_plan_form_init (BiePlanForm *self)
{
  BieForm *form = BIE_FORM (self);
  g_autofree char *today = bie_form_today ();

  gtk_widget_init_template (GTK_WIDGET (self));
  bie_form_set_controls (form, self->save_button, self->status_label, self->error_label);
  bie_form_set_filling (form, TRUE);

  /* A plan is usually made with the family at a visit: agreed there and
   * then. A draft, not agreed yet, has no date. */
  bie_form_combo_set_reference (self->status_row, "plan-statuses", NULL);
  bie_form_combo_set_code (self->status_row, "active");
  bie_form_entry_set_text (self->agreed_on_row, today);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->agreed_on_row), 10);

  bie_form_add_field (form, "status", GTK_WIDGET (self->status_row));
  bie_form_add_field (form, "agreed_on", GTK_WIDGET (self->agreed_on_row));
  bie_form_add_field (form, "professional_id", GTK_WIDGET (self->professional_row));
}

/**
 * bie_plan_form_new:
 * @parent: (nullable): the window the form belongs to
 * @household_id: the household the plan is for
 * @plan_id: the plan to edit, or 0 for a new one
 *
 * Returns: (transfer full): a new #BiePlanForm, not yet shown
 */
BiePlanForm *
bie_plan_form_new (GtkWindow *parent,
                   BieStore  *store,
                   gint64     household_id,
                   gint64     plan_id)
{
  g_autoptr(GPtrArray) professionals = NULL;
  g_autoptr(GError) error = NULL;
  BiePlanForm *self;
  BieCarePlan *plan;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BIE_IS_STORE (store), NULL);

  self = g_object_new (BIE_TYPE_PLAN_FORM,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->household_id = household_id;

  plan = bie_form_load (BIE_FORM (self), store, plan_id);
  if (plan != NULL)
    self->household_id = plan->household_id;

  professionals = bie_store_list_professionals (store, &error);
  if (professionals == NULL)
    bie_form_show_error (BIE_FORM (self), error->message);
  bie_form_combo_set_lookup (self->professional_row, _("Not recorded"), professionals, FALSE);

  if (plan != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Care Plan"));
      bie_form_combo_set_code (self->status_row, plan->status);
      bie_form_entry_set_text (self->agreed_on_row, plan->agreed_on);
      bie_form_combo_keep_record (self->professional_row, store, BIE_ENTITY_PROFESSIONAL,
                                  plan->professional_id);
      bie_form_combo_set_id (self->professional_row, plan->professional_id);
    }
  bie_form_set_filling (BIE_FORM (self), FALSE);

  return self;
}
