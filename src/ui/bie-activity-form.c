/* bie-activity-form.c: the form of an activity of a family care plan
 *
 * What is to be done, for whom (a member, or the whole family), towards
 * which goal, by whom and when, and where it stands. An activity not done
 * or cancelled says why. Editing one shows how its status changed, as the
 * cache recorded it.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-activity-form"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-activity-form.h"
#include "bie-plan-snapshot.h"
#include "bie-store-lookups.h"
#include "bie-store-plans.h"
#include "bie-validation.h"

struct _BieActivityForm
{
  BieForm              parent_instance;

  gint64               plan_id;

  /* Template widgets */
  GtkWidget           *save_button;
  GtkLabel            *status_label;
  GtkLabel            *error_label;
  AdwComboRow         *kind_row;
  AdwComboRow         *person_row;
  AdwComboRow         *goal_row;
  AdwComboRow         *professional_row;
  AdwEntryRow         *start_date_row;
  AdwEntryRow         *end_date_row;
  AdwComboRow         *status_row;
  AdwEntryRow         *status_reason_row;
  AdwPreferencesGroup *history_group;
};

G_DEFINE_FINAL_TYPE (BieActivityForm, bie_activity_form, BIE_TYPE_FORM)

static gpointer
bie_activity_form_build_record (BieForm *form)
{
  BieActivityForm *self = BIE_ACTIVITY_FORM (form);
  BieActivity *activity = bie_form_new_record (form);

  activity->plan_id = self->plan_id;
  activity->goal_id = bie_form_combo_get_id (self->goal_row);
  activity->person_id = bie_form_combo_get_id (self->person_row);
  activity->professional_id = bie_form_combo_get_id (self->professional_row);
  bie_form_set_text (&activity->kind, bie_form_combo_get_code (self->kind_row));
  bie_form_set_text (&activity->start_date, bie_form_entry_get_text (self->start_date_row));
  bie_form_set_text (&activity->end_date, bie_form_entry_get_text (self->end_date_row));
  bie_form_set_text (&activity->status, bie_form_combo_get_code (self->status_row));
  /* Only an activity not done or cancelled has a reason: what was typed
   * stays in the row while another status is chosen, but is not kept. */
  bie_form_set_text (&activity->status_reason,
                     gtk_widget_get_visible (GTK_WIDGET (self->status_reason_row))
                     ? bie_form_entry_get_text (self->status_reason_row) : NULL);

  return activity;
}

/* The reason row shows for a status that needs one, asking the question
 * the status raises. */
static void
update_reason_row (BieActivityForm *self)
{
  const char *status = bie_form_combo_get_code (self->status_row);
  GtkWidget *row = GTK_WIDGET (self->status_reason_row);

  if (g_strcmp0 (status, "not-done") == 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Why it was not done"));
  else if (g_strcmp0 (status, "cancelled") == 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Why it was cancelled"));
  gtk_widget_set_visible (row, g_strcmp0 (status, "not-done") == 0 || g_strcmp0 (status, "cancelled") == 0);

  bie_form_validate (BIE_FORM (self));
}

static void
bie_activity_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BIE_TYPE_ACTIVITY_FORM);

  G_OBJECT_CLASS (bie_activity_form_parent_class)->dispose (object);
}

static void
bie_activity_form_class_init (BieActivityFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BieFormClass *form_class = BIE_FORM_CLASS (klass);

  object_class->dispose = bie_activity_form_dispose;
  form_class->entity = BIE_ENTITY_ACTIVITY;
  form_class->build_record = bie_activity_form_build_record;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bie-activity-form.ui");
  gtk_widget_class_bind_template_child (widget_class, BieActivityForm, save_button);
  gtk_widget_class_bind_template_child (widget_class, BieActivityForm, status_label);
  gtk_widget_class_bind_template_child (widget_class, BieActivityForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, BieActivityForm, kind_row);
  gtk_widget_class_bind_template_child (widget_class, BieActivityForm, person_row);
  gtk_widget_class_bind_template_child (widget_class, BieActivityForm, goal_row);
  gtk_widget_class_bind_template_child (widget_class, BieActivityForm, professional_row);
  gtk_widget_class_bind_template_child (widget_class, BieActivityForm, start_date_row);
  gtk_widget_class_bind_template_child (widget_class, BieActivityForm, end_date_row);
  gtk_widget_class_bind_template_child (widget_class, BieActivityForm, status_row);
  gtk_widget_class_bind_template_child (widget_class, BieActivityForm, status_reason_row);
  gtk_widget_class_bind_template_child (widget_class, BieActivityForm, history_group);
}

static void
bie_activity_form_init (BieActivityForm *self)
{
  BieForm *form = BIE_FORM (self);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  bie_form_set_controls (form, self->save_button, self->status_label, self->error_label);
  bie_form_set_filling (form, TRUE);

  bie_form_combo_set_reference (self->kind_row, "activity-kinds", _("Choose…"));
  for (BieActivityStatus status = BIE_ACTIVITY_PLANNED; status <= BIE_ACTIVITY_NOT_DONE; status++)
    {
      g_ptr_array_add (codes, (gpointer) bie_activity_status_to_string (status));
      g_ptr_array_add (labels, (gpointer) bie_activity_status_get_name (status));
    }
  bie_form_combo_set_choices (self->status_row, NULL, codes, labels);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->start_date_row), 10);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->end_date_row), 10);

  bie_form_add_field (form, "kind", GTK_WIDGET (self->kind_row));
  bie_form_add_field (form, "person_id", GTK_WIDGET (self->person_row));
  bie_form_add_field (form, "goal_id", GTK_WIDGET (self->goal_row));
  bie_form_add_field (form, "professional_id", GTK_WIDGET (self->professional_row));
  bie_form_add_field (form, "start_date", GTK_WIDGET (self->start_date_row));
  bie_form_add_field (form, "end_date", GTK_WIDGET (self->end_date_row));
  bie_form_add_field (form, "status", GTK_WIDGET (self->status_row));
  bie_form_add_field (form, "status_reason", GTK_WIDGET (self->status_reason_row));
  g_signal_connect_object (self->status_row, "notify::selected",
                           G_CALLBACK (update_reason_row), self, G_CONNECT_SWAPPED);
}

static void
set_goals (BieActivityForm  *self,
           BieStore         *store,
           GError          **error)
{
  g_autoptr(GPtrArray) goals = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  if (self->plan_id != 0)
    goals = bie_store_list (store, BIE_ENTITY_GOAL, "plan_id", self->plan_id, error);

  for (guint i = 0; goals != NULL && i < goals->len; i++)
    {
      BieGoal *goal = g_ptr_array_index (goals, i);

      g_ptr_array_add (codes, g_strdup_printf ("%" G_GINT64_FORMAT, goal->record.id));
      g_ptr_array_add (labels, goal->description);
    }
  bie_form_combo_set_choices (self->goal_row, _("No goal"), codes, labels);
}

/* The activity's statuses, latest first, to read. */
static void
show_history (BieActivityForm  *self,
              BieStore         *store,
              gint64            activity_id,
              GError          **error)
{
  g_autoptr(GPtrArray) history = bie_store_activity_history (store, activity_id, error);

  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      BieActivityChange *change = g_ptr_array_index (history, i);
      g_autoptr(GDateTime) moment = g_date_time_new_from_unix_local (change->changed_at / G_USEC_PER_SEC);
      g_autofree char *iso = moment != NULL ? g_date_time_format (moment, "%Y-%m-%d") : NULL;
      g_autofree char *day = bie_format_day (iso);
      g_autofree char *time = moment != NULL ? g_date_time_format (moment, "%H:%M") : NULL;
      g_autofree char *when = day != NULL ? g_strdup_printf ("%s %s", day, time) : g_strdup ("—");
      g_autofree char *subtitle = NULL;
      BieActivityStatus status;
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     bie_activity_status_from_string (change->status, &status)
                                     ? bie_activity_status_get_name (status) : change->status);
      if (change->reason != NULL)
        /* Translators: when an activity's status changed, and why */
        subtitle = g_strdup_printf (_("%s · %s"), when, change->reason);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : when);
      adw_preferences_group_add (self->history_group, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->history_group), history != NULL && history->len > 0);
}

/**
 * bie_activity_form_new:
 * @parent: (nullable): the window the form belongs to
 * @household_id: the household whose plan (its latest) the activity is for
 * @activity_id: the activity to edit, or 0 for a new one
 *
 * Returns: (transfer full): a new #BieActivityForm, not yet shown
 */
BieActivityForm *
bie_activity_form_new (GtkWindow *parent,
                       BieStore  *store,
                       gint64     household_id,
                       gint64     activity_id)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) professionals = NULL;
  g_autoptr(GError) error = NULL;
  BieCarePlan *plan = NULL;
  BieActivityForm *self;
  BieActivity *activity;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BIE_IS_STORE (store), NULL);

  self = g_object_new (BIE_TYPE_ACTIVITY_FORM,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);

  activity = bie_form_load (BIE_FORM (self), store, activity_id);
  if (activity != NULL)
    self->plan_id = activity->plan_id;
  else if (activity_id == 0)
    self->plan_id = MAX (bie_store_household_plan (store, household_id, &error), 0);

  if (self->plan_id != 0 && error == NULL)
    plan = bie_store_load (store, BIE_ENTITY_CARE_PLAN, self->plan_id, &error);
  if (plan != NULL)
    household_id = plan->household_id;

  if (error == NULL)
    members = bie_store_list_household_members (store, household_id, &error);
  if (error == NULL)
    professionals = bie_store_list_professionals (store, &error);
  set_goals (self, store, error == NULL ? &error : NULL);
  bie_form_combo_set_lookup (self->person_row, _("Whole family"), members, FALSE);
  bie_form_combo_set_lookup (self->professional_row, _("Not recorded"), professionals, FALSE);

  if (activity != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Activity"));
      bie_form_combo_set_code (self->kind_row, activity->kind);
      bie_form_combo_keep_record (self->person_row, store, BIE_ENTITY_PERSON, activity->person_id);
      bie_form_combo_set_id (self->person_row, activity->person_id);
      bie_form_combo_keep_record (self->goal_row, store, BIE_ENTITY_GOAL, activity->goal_id);
      bie_form_combo_set_id (self->goal_row, activity->goal_id);
      bie_form_combo_keep_record (self->professional_row, store, BIE_ENTITY_PROFESSIONAL,
                                  activity->professional_id);
      bie_form_combo_set_id (self->professional_row, activity->professional_id);
      bie_form_entry_set_text (self->start_date_row, activity->start_date);
      bie_form_entry_set_text (self->end_date_row, activity->end_date);
      bie_form_combo_set_code (self->status_row, activity->status);
      bie_form_entry_set_text (self->status_reason_row, activity->status_reason);
      if (error == NULL)
        show_history (self, store, activity_id, &error);
    }

  if (error != NULL)
    bie_form_show_error (BIE_FORM (self), error->message);
  else if (self->plan_id == 0 && activity_id == 0)
    bie_form_show_error (BIE_FORM (self), _("This household has no care plan yet: create it first."));
  update_reason_row (self);
  bie_form_set_filling (BIE_FORM (self), FALSE);

  if (plan != NULL)
    bie_record_free (BIE_ENTITY_CARE_PLAN, plan);

  return self;
}
