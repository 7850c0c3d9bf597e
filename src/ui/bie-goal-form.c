/* bie-goal-form.c: the form of a goal of a family care plan
 *
 * A goal is what the family means to achieve, by when, and often the
 * risk it answers: one of the household's open risks.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-goal-form"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-goal-form.h"
#include "bie-plan-snapshot.h"
#include "bie-reference.h"
#include "bie-store-lookups.h"
#include "bie-store-plans.h"

struct _BieGoalForm
{
  BieForm      parent_instance;

  gint64       plan_id;

  /* Template widgets */
  GtkWidget   *save_button;
  GtkLabel    *status_label;
  GtkLabel    *error_label;
  AdwEntryRow *description_row;
  AdwComboRow *risk_row;
  AdwComboRow *status_row;
  AdwEntryRow *target_date_row;
};

G_DEFINE_FINAL_TYPE (BieGoalForm, bie_goal_form, BIE_TYPE_FORM)

static gpointer
bie_goal_form_build_record (BieForm *form)
{
  BieGoalForm *self = BIE_GOAL_FORM (form);
  BieGoal *goal = bie_form_new_record (form);

  goal->plan_id = self->plan_id;
  goal->risk_id = bie_form_combo_get_id (self->risk_row);
  bie_form_set_text (&goal->description, bie_form_entry_get_text (self->description_row));
  bie_form_set_text (&goal->status, bie_form_combo_get_code (self->status_row));
  bie_form_set_text (&goal->target_date, bie_form_entry_get_text (self->target_date_row));

  return goal;
}

static void
bie_goal_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BIE_TYPE_GOAL_FORM);

  G_OBJECT_CLASS (bie_goal_form_parent_class)->dispose (object);
}

static void
bie_goal_form_class_init (BieGoalFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BieFormClass *form_class = BIE_FORM_CLASS (klass);

  object_class->dispose = bie_goal_form_dispose;
  form_class->entity = BIE_ENTITY_GOAL;
  form_class->build_record = bie_goal_form_build_record;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bie-goal-form.ui");
  gtk_widget_class_bind_template_child (widget_class, BieGoalForm, save_button);
  gtk_widget_class_bind_template_child (widget_class, BieGoalForm, status_label);
  gtk_widget_class_bind_template_child (widget_class, BieGoalForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, BieGoalForm, description_row);
  gtk_widget_class_bind_template_child (widget_class, BieGoalForm, risk_row);
  gtk_widget_class_bind_template_child (widget_class, BieGoalForm, status_row);
  gtk_widget_class_bind_template_child (widget_class, BieGoalForm, target_date_row);
}

static void
bie_goal_form_init (BieGoalForm *self)
{
  BieForm *form = BIE_FORM (self);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  bie_form_set_controls (form, self->save_button, self->status_label, self->error_label);
  bie_form_set_filling (form, TRUE);

  for (BieGoalStatus status = BIE_GOAL_PROPOSED; status <= BIE_GOAL_CANCELLED; status++)
    {
      g_ptr_array_add (codes, (gpointer) bie_goal_status_to_string (status));
      g_ptr_array_add (labels, (gpointer) bie_goal_status_get_name (status));
    }
  bie_form_combo_set_choices (self->status_row, NULL, codes, labels);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->target_date_row), 10);

  bie_form_add_field (form, "description", GTK_WIDGET (self->description_row));
  bie_form_add_field (form, "risk_id", GTK_WIDGET (self->risk_row));
  bie_form_add_field (form, "status", GTK_WIDGET (self->status_row));
  bie_form_add_field (form, "target_date", GTK_WIDGET (self->target_date_row));
}

/* The household's open risks, each named with the member it is about. */
static void
set_risks (BieGoalForm  *self,
           BieStore     *store,
           gint64        household_id,
           GError      **error)
{
  g_autoptr(BieReferenceList) list = bie_reference_list_get ("risks", NULL);
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  risks = bie_store_list (store, BIE_ENTITY_RISK, "household_id", household_id, error);
  if (risks != NULL)
    members = bie_store_list_household_members (store, household_id, error);

  for (guint i = 0; risks != NULL && members != NULL && i < risks->len; i++)
    {
      BieRisk *risk = g_ptr_array_index (risks, i);
      const char *name = list != NULL ? bie_reference_list_lookup_name (list, risk->code) : NULL;
      const char *who = NULL;

      if (g_strcmp0 (risk->status, "closed") == 0)
        continue;
      for (guint m = 0; m < members->len; m++)
        {
          BieLookupItem *member = g_ptr_array_index (members, m);

          if (member->id == risk->person_id)
            who = member->name;
        }

      g_ptr_array_add (codes, g_strdup_printf ("%" G_GINT64_FORMAT, risk->record.id));
      if (who != NULL)
        g_ptr_array_add (labels, g_strdup_printf ("%s — %s", name != NULL ? name : risk->code, who));
      else
        g_ptr_array_add (labels, g_strdup (name != NULL ? name : risk->code));
    }
  bie_form_combo_set_choices (self->risk_row, _("No linked risk"), codes, labels);
}

/**
 * bie_goal_form_new:
 * @parent: (nullable): the window the form belongs to
 * @household_id: the household whose plan (its latest) the goal is for
 * @goal_id: the goal to edit, or 0 for a new one
 *
 * Returns: (transfer full): a new #BieGoalForm, not yet shown
 */
BieGoalForm *
bie_goal_form_new (GtkWindow *parent,
                   BieStore  *store,
                   gint64     household_id,
                   gint64     goal_id)
{
  g_autoptr(GError) error = NULL;
  BieCarePlan *plan = NULL;
  BieGoalForm *self;
  BieGoal *goal;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BIE_IS_STORE (store), NULL);

  self = g_object_new (BIE_TYPE_GOAL_FORM,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);

  goal = bie_form_load (BIE_FORM (self), store, goal_id);
  if (goal != NULL)
    self->plan_id = goal->plan_id;
  else if (goal_id == 0)
    self->plan_id = MAX (bie_store_household_plan (store, household_id, &error), 0);

  if (self->plan_id != 0)
    plan = bie_store_load (store, BIE_ENTITY_CARE_PLAN, self->plan_id, &error);
  if (plan != NULL)
    household_id = plan->household_id;

  set_risks (self, store, household_id, error == NULL ? &error : NULL);
  if (error != NULL)
    bie_form_show_error (BIE_FORM (self), error->message);
  else if (self->plan_id == 0 && goal_id == 0)
    bie_form_show_error (BIE_FORM (self), _("This household has no care plan yet: create it first."));

  /* A goal of a plan being drafted is a proposal, until the plan is agreed. */
  bie_form_combo_set_code (self->status_row,
                           plan != NULL && g_strcmp0 (plan->status, "draft") == 0 ? "proposed" : "active");

  if (goal != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Goal"));
      bie_form_entry_set_text (self->description_row, goal->description);
      bie_form_combo_keep_record (self->risk_row, store, BIE_ENTITY_RISK, goal->risk_id);
      bie_form_combo_set_id (self->risk_row, goal->risk_id);
      bie_form_combo_set_code (self->status_row, goal->status);
      bie_form_entry_set_text (self->target_date_row, goal->target_date);
    }
  bie_form_set_filling (BIE_FORM (self), FALSE);

  if (plan != NULL)
    bie_record_free (BIE_ENTITY_CARE_PLAN, plan);

  return self;
}
