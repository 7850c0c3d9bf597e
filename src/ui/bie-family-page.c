/* bie-family-page.c: everything about one household
 *
 * The page a professional opens before and after a visit: who lives
 * there (age, document, insurer, relationship), the family's open risks,
 * its care plan with its goals and activities, and what was done —
 * encounters and managed appointments, latest first — with where the
 * household is in its sector. Each record shown, and the household itself,
 * opens in its form to be edited; the page follows the cache's changes.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-family-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bie-activity-form.h"
#include "bie-appointment-form.h"
#include "bie-caseload.h"
#include "bie-encounter-form.h"
#include "bie-family-page.h"
#include "bie-goal-form.h"
#include "bie-household-form.h"
#include "bie-map.h"
#include "bie-person-form.h"
#include "bie-plan-form.h"
#include "bie-risk-form.h"
#include "bie-timeline-mark.h"
#include "bie-reference.h"
#include "bie-store-caseload.h"
#include "bie-store-map.h"
#include "bie-store-plans.h"
#include "bie-validation.h"

#define MAX_HISTORY 50
#define RECORD_KEY "bie-family-record"  /* on a row: "entity:id" of the record it shows */

struct _BieFamilyPage
{
  GtkWidget             parent_instance;

  BieStore             *store;
  gint64                household_id;
  BieMapRenderer       *thumbnail;    /* the household's sector and its neighbours */
  gint64                sector_id;
  GPtrArray            *rows;         /* (group, row) pairs added, to remove them */
  gint64                plan_id;      /* the household's plan (its latest), or 0 */
  gboolean              plan_open;    /* it is a draft or active: goals and activities go there */

  /* Template widgets */
  GtkWidget            *box;
  GtkLabel             *title;
  GtkLabel             *place;
  GtkLabel             *why;
  GtkWidget            *map_button;
  GtkDrawingArea       *sector_map;
  AdwPreferencesGroup  *members;
  AdwPreferencesGroup  *risks;
  AdwPreferencesGroup  *plan;
  GtkButton            *plan_button;
  GtkWidget            *timeline_button;
  GtkWidget            *plan_actions;
  AdwPreferencesGroup  *history;
};

G_DEFINE_FINAL_TYPE (BieFamilyPage, bie_family_page, GTK_TYPE_WIDGET)

enum {
  BACK,
  REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
bie_family_page_new (void)
{
  return g_object_new (BIE_TYPE_FAMILY_PAGE, NULL);
}

gint64
bie_family_page_get_household (BieFamilyPage *self)
{
  g_return_val_if_fail (BIE_IS_FAMILY_PAGE (self), 0);

  return self->household_id;
}

static GtkWidget *
add_row (BieFamilyPage       *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Titles and subtitles hold what people typed: text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, group);
  g_ptr_array_add (self->rows, row);

  return row;
}

static void
on_row_activated (AdwActionRow  *row,
                  GtkActionable *button)
{
  gtk_widget_activate_action_variant (GTK_WIDGET (button),
                                      gtk_actionable_get_action_name (button),
                                      gtk_actionable_get_action_target_value (button));
}

/* A record's row opens its form: a click on the row, Enter or Space on it,
 * or the Edit button it ends with, which names the record for a screen
 * reader. (The row does what the button does rather than activate it, which
 * would show the button pressed a moment before the form opens.) */
static void
make_editable (GtkWidget  *row,
               BieEntity   entity,
               gint64      id,
               const char *what)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("document-edit-symbolic");
  /* Translators: the Edit button on a row of the family page, named for what the
   * row shows: a person's name, a risk, the care plan, a goal, an activity, an
   * encounter or an appointment */
  g_autofree char *label = g_strdup_printf (_("Edit “%s”"), what);

  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "family.edit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ux)", (guint32) entity, id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect_object (row, "activated", G_CALLBACK (on_row_activated), button, 0);
  g_object_set_data_full (G_OBJECT (row), RECORD_KEY,
                          g_strdup_printf ("%u:%" G_GINT64_FORMAT, entity, id), g_free);
}

static void
on_remove_clicked (GtkButton     *button,
                   BieFamilyPage *self)
{
  BieEntity entity = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "entity"));
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "id");
  const char *what = g_object_get_data (G_OBJECT (button), "what");
  g_autoptr(GError) error = NULL;

  if (!bie_store_delete (self->store, entity, id, &error))
    {
      gtk_label_set_text (self->why, error->message);
      return;
    }
  g_signal_emit (self, signals[REMOVED], 0, entity, id, what);
}

/* A remove button on a row of the history or of the plan: the record
 * goes, and the window offers to undo it. */
static void
add_remove_button (GtkWidget  *row,
                   BieEntity   entity,
                   gint64      id,
                   const char *what,
                   BieFamilyPage *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *label = g_strdup_printf (_("Remove “%s”"), what);

  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "entity", GUINT_TO_POINTER (entity));
  g_object_set_data_full (G_OBJECT (button), "id", g_memdup2 (&id, sizeof id), g_free);
  g_object_set_data_full (G_OBJECT (button), "what", g_strdup (what), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_remove_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}

static void
clear_rows (BieFamilyPage *self)
{
  for (guint i = 0; i + 1 < self->rows->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (self->rows, i), g_ptr_array_index (self->rows, i + 1));
  g_ptr_array_set_size (self->rows, 0);
}

/* The record whose row (or a button on it) has the keyboard focus, as
 * "entity:id", or NULL. */
static char *
get_focused_record (BieFamilyPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL)
    return NULL;

  for (guint i = 1; i < self->rows->len; i += 2)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (focus == row || gtk_widget_is_ancestor (focus, row))
        return g_strdup (g_object_get_data (G_OBJECT (row), RECORD_KEY));
    }

  return NULL;
}

/* The rows are made anew on every change: the focus goes back to the row
 * of the record it was on, so that a keyboard user who edited a record is
 * where they were when its form closes. */
static void
focus_record (BieFamilyPage *self,
              const char    *key)
{
  for (guint i = 1; i < self->rows->len; i += 2)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), RECORD_KEY), key) == 0)
        {
          gtk_widget_grab_focus (row);
          return;
        }
    }
}

static const char *
name_in (const char *list_id,
         const char *code)
{
  g_autoptr(BieReferenceList) list = bie_reference_list_get (list_id, NULL);
  const char *name = list != NULL ? bie_reference_list_lookup_name (list, code) : NULL;

  return name != NULL ? name : code;
}

static void
show_members (BieFamilyPage *self,
              GPtrArray     *persons,
              GDate         *today)
{
  if (persons->len == 0)
    add_row (self, self->members, _("No members recorded yet"), NULL);

  for (guint i = 0; i < persons->len; i++)
    {
      BiePerson *person = g_ptr_array_index (persons, i);
      g_autofree char *title = g_strconcat (person->given_names, " ", person->family_names, NULL);
      g_autofree char *subtitle = NULL;
      int age = bie_age_on (person->birth_date, today);

      /* Translators: age · document · insurer · relationship to the head of household */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%d year · %s %s · %s · %s",
                                               "%d years · %s %s · %s · %s",
                                               MAX (age, 0)),
                                  MAX (age, 0), person->document_type, person->document_number,
                                  person->eps_code != NULL ? name_in ("eps", person->eps_code) : _("No insurer"),
                                  name_in ("relationships", person->relationship));
      make_editable (add_row (self, self->members, title, subtitle),
                     BIE_ENTITY_PERSON, person->record.id, title);
    }
}

static const char *
person_name (GPtrArray *persons,
             gint64     id)
{
  for (guint i = 0; i < persons->len; i++)
    {
      BiePerson *person = g_ptr_array_index (persons, i);

      if (person->record.id == id)
        return person->given_names;
    }

  return NULL;
}

static void
show_risks (BieFamilyPage *self,
            GPtrArray     *risks,
            GPtrArray     *persons)
{
  guint n_shown = 0;

  for (guint i = 0; i < risks->len; i++)
    {
      BieRisk *risk = g_ptr_array_index (risks, i);
      const char *who = risk->person_id != 0 ? person_name (persons, risk->person_id) : NULL;
      gboolean managed = g_strcmp0 (risk->status, "managed") == 0;
      g_autofree char *subtitle = NULL;
      g_autofree char *since = NULL;

      if (g_strcmp0 (risk->status, "closed") == 0)
        continue;
      since = bie_format_day (managed && risk->managed_on != NULL ? risk->managed_on : risk->identified_on);
      /* Translators: whose risk, its status, since when */
      subtitle = g_strdup_printf (_("%s · %s since %s"),
                                  who != NULL ? who : _("The whole household"),
                                  managed ? _("Managed") : _("Identified"),
                                  since != NULL ? since : "—");
      make_editable (add_row (self, self->risks, name_in ("risks", risk->code), subtitle),
                     BIE_ENTITY_RISK, risk->record.id, name_in ("risks", risk->code));
      n_shown++;
    }

  if (n_shown == 0)
    add_row (self, self->risks, _("No open risks"), NULL);
}

static GtkWidget *
add_icon (GtkWidget  *row,
          const char *icon_name,
          const char *what)
{
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, what, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return icon;
}

/* As the rest of the page shows days. */
static char *
format_day (const GDate *date)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);

  return bie_format_day (text);
}

/* The parts of a subtitle, joined by middle dots; NULL parts are left
 * out. Frees the parts. */
static char *
join_parts (char  *parts[],
            guint  n_parts)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n_parts; i++)
    {
      if (parts[i] == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, parts[i]);
      g_free (parts[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
plan_counts (BiePlanSnapshot *snapshot)
{
  guint n_goals = snapshot->goals->len, n_done = 0, n_open = 0, n_overdue = 0;

  for (guint i = 0; i < snapshot->activities->len; i++)
    {
      BiePlanActivity *activity = g_ptr_array_index (snapshot->activities, i);

      n_done += activity->status == BIE_ACTIVITY_DONE;
      n_open += bie_activity_status_is_open (activity->status);
      n_overdue += activity->overdue;
    }

  {
    char *parts[] = {
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u goal", "%u goals", n_goals), n_goals),
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u activity done", "%u activities done", n_done),
                       n_done),
      /* Translators: activities of the care plan still to be done */
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open", "%u open", n_open), n_open),
      /* Translators: activities of the care plan past their date and still to be done */
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u overdue", "%u overdue", n_overdue), n_overdue),
    };

    return join_parts (parts, G_N_ELEMENTS (parts));
  }
}

/* Whether an activity of the plan works towards @goal. */
static gboolean
goal_has_activities (BiePlanSnapshot *snapshot,
                     BiePlanGoal     *goal)
{
  for (guint i = 0; i < snapshot->activities->len; i++)
    if (((BiePlanActivity *) g_ptr_array_index (snapshot->activities, i))->goal_id == goal->id)
      return TRUE;

  return FALSE;
}

static void
show_goal (BieFamilyPage   *self,
           BiePlanSnapshot *snapshot,
           BiePlanGoal     *goal)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *target = g_date_valid (&goal->target) ? format_day (&goal->target) : NULL;
  char *parts[] = {
    g_strdup (bie_goal_status_get_name (goal->status)),
    /* Translators: the day a goal of the care plan is meant to be achieved by */
    target != NULL ? g_strdup_printf (_("By %s"), target) : NULL,
    g_strdup (goal->risk),
  };
  GtkWidget *row;

  subtitle = join_parts (parts, G_N_ELEMENTS (parts));
  row = add_row (self, self->plan, goal->description, subtitle);
  add_icon (row, "emoji-flags-symbolic", _("Goal"));
  make_editable (row, BIE_ENTITY_GOAL, goal->id, goal->description);
  /* A goal that activities work towards stays while they do. */
  if (!goal_has_activities (snapshot, goal))
    add_remove_button (row, BIE_ENTITY_GOAL, goal->id, goal->description, self);
}

static char *
activity_dates (BiePlanActivity *activity)
{
  g_autofree char *start = g_date_valid (&activity->start) ? format_day (&activity->start) : NULL;
  g_autofree char *end = g_date_valid (&activity->end) ? format_day (&activity->end) : NULL;

  if (start != NULL && end != NULL && g_str_equal (start, end))
    return g_steal_pointer (&start);
  if (start != NULL && end != NULL)
    /* Translators: an activity's first and last days */
    return g_strdup_printf (_("%s to %s"), start, end);
  if (start != NULL)
    return g_strdup_printf (_("From %s"), start);
  if (end != NULL)
    return g_strdup_printf (_("Until %s"), end);

  return g_strdup (_("Not scheduled"));
}

static void
show_activity (BieFamilyPage   *self,
               BiePlanSnapshot *snapshot,
               BiePlanActivity *activity,
               GPtrArray       *persons)
{
  BiePlanLane *lane = g_ptr_array_index (snapshot->lanes, activity->lane);
  const char *who = lane->person_id != 0 ? person_name (persons, lane->person_id) : NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *icon_name;
  GtkWidget *row, *icon;

  if (lane->person_id == 0)
    /* Translators: an activity of the care plan for the whole family, as “Home visit
     * for the whole family” */
    title = g_strdup_printf (_("%s for the whole family"), activity->title);
  else
    /* Translators: an activity of the care plan and the member it is for, as
     * “Vaccination for Sofía” */
    title = g_strdup_printf (_("%s for %s"), activity->title, who != NULL ? who : lane->name);

  {
    char *parts[] = {
      activity_dates (activity),
      g_strdup (bie_activity_status_get_name (activity->status)),
      /* Translators: an activity of the care plan past its date and still to be done */
      activity->overdue ? g_strdup (_("Overdue")) : NULL,
      g_strdup (activity->status_reason),
    };

    subtitle = join_parts (parts, G_N_ELEMENTS (parts));
  }

  if (activity->overdue)
    icon_name = "task-past-due-symbolic";
  else if (activity->status == BIE_ACTIVITY_DONE)
    icon_name = "checkbox-checked-symbolic";
  else
    icon_name = "x-office-calendar-symbolic";

  row = add_row (self, self->plan, title, subtitle);
  icon = add_icon (row, icon_name, _("Activity"));
  if (activity->overdue)
    gtk_widget_add_css_class (icon, "error");
  make_editable (row, BIE_ENTITY_ACTIVITY, activity->id, title);
  add_remove_button (row, BIE_ENTITY_ACTIVITY, activity->id, title, self);
}

/* By first day (or last, for one without a first), those not scheduled
 * last. */
static int
compare_by_date (gconstpointer a,
                 gconstpointer b)
{
  const BiePlanActivity *x = *(BiePlanActivity * const *) a;
  const BiePlanActivity *y = *(BiePlanActivity * const *) b;
  const GDate *x_day = g_date_valid (&x->start) ? &x->start : &x->end;
  const GDate *y_day = g_date_valid (&y->start) ? &y->start : &y->end;
  gboolean x_dated = g_date_valid (x_day), y_dated = g_date_valid (y_day);

  if (x_dated != y_dated)
    return x_dated ? -1 : 1;
  if (x_dated && g_date_compare (x_day, y_day) != 0)
    return g_date_compare (x_day, y_day);

  return x->id < y->id ? -1 : x->id > y->id;
}

/* The household's plan: where it stands, then its goals, then its
 * activities by date. A draft or active plan is edited and takes new goals
 * and activities; after a completed or cancelled one comes a new plan. */
static void
show_plan (BieFamilyPage   *self,
           BieStore        *store,
           BieCarePlan     *plan,
           BiePlanSnapshot *snapshot,
           GPtrArray       *persons)
{
  g_autoptr(GPtrArray) activities = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *agreed = NULL;
  BieProfessional *professional = NULL;
  GtkWidget *row;

  self->plan_id = plan != NULL ? plan->record.id : 0;
  self->plan_open = plan != NULL && (g_strcmp0 (plan->status, "draft") == 0 ||
                                     g_strcmp0 (plan->status, "active") == 0);
  gtk_button_set_label (self->plan_button, self->plan_open ? _("Edit _Plan") : _("_Create Care Plan"));
  gtk_widget_set_visible (self->plan_actions, self->plan_open);
  /* The window's action: its Plans view shows this household's plan. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->timeline_button), "x", self->household_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->timeline_button), "win.show-plan");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "family.add-goal", self->plan_open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "family.add-activity", self->plan_open);

  if (plan == NULL)
    {
      adw_preferences_group_set_description (self->plan, NULL);
      add_row (self, self->plan, _("No family care plan yet"), NULL);
      return;
    }

  if (snapshot->goals->len > 0 || snapshot->activities->len > 0)
    counts = plan_counts (snapshot);
  adw_preferences_group_set_description (self->plan, counts != NULL ? counts : _("No goals or activities yet"));

  agreed = bie_format_day (plan->agreed_on);
  if (plan->professional_id != 0)
    professional = bie_store_load (store, BIE_ENTITY_PROFESSIONAL, plan->professional_id, NULL);
  {
    char *parts[] = {
      /* Translators: the day the care plan was agreed with the family */
      agreed != NULL ? g_strdup_printf (_("Agreed on %s"), agreed) : g_strdup (_("Not agreed with the family yet")),
      /* Translators: the professional who answers for the care plan */
      professional != NULL ? g_strdup_printf (_("Responsible: %s"), professional->name) : NULL,
    };

    subtitle = join_parts (parts, G_N_ELEMENTS (parts));
  }
  row = add_row (self, self->plan, snapshot->plan_status, subtitle);
  make_editable (row, BIE_ENTITY_CARE_PLAN, plan->record.id, _("Family care plan"));
  if (professional != NULL)
    bie_record_free (BIE_ENTITY_PROFESSIONAL, professional);

  for (guint i = 0; i < snapshot->goals->len; i++)
    show_goal (self, snapshot, g_ptr_array_index (snapshot->goals, i));

  /* The snapshot's own, by lane as the timeline wants them: here by date. */
  activities = g_ptr_array_new_full (snapshot->activities->len, NULL);
  for (guint i = 0; i < snapshot->activities->len; i++)
    g_ptr_array_add (activities, g_ptr_array_index (snapshot->activities, i));
  g_ptr_array_sort (activities, compare_by_date);
  for (guint i = 0; i < activities->len; i++)
    show_activity (self, snapshot, g_ptr_array_index (activities, i), persons);
}

typedef struct
{
  const char *date;
  char       *title;
  char       *subtitle;
  BieEntity   entity;
  gint64      id;
} HistoryEntry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const HistoryEntry *x = a, *y = b;

  return g_strcmp0 (y->date, x->date);  /* latest first */
}

static void
show_history (BieFamilyPage *self,
              GPtrArray     *encounters,
              GPtrArray     *appointments)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (HistoryEntry));

  for (guint i = 0; i < encounters->len; i++)
    {
      BieEncounter *encounter = g_ptr_array_index (encounters, i);
      HistoryEntry entry = { encounter->date, NULL, NULL, BIE_ENTITY_ENCOUNTER, encounter->record.id };

      entry.title = g_strdup (name_in ("encounter-kinds", encounter->kind));
      g_autofree char *day = bie_format_day (encounter->date);

      entry.subtitle = g_strdup_printf ("%s%s%s", day != NULL ? day : "—",
                                        encounter->notes != NULL ? " · " : "",
                                        encounter->notes != NULL ? encounter->notes : "");
      g_array_append_val (entries, entry);
    }
  for (guint i = 0; i < appointments->len; i++)
    {
      BieAppointment *appointment = g_ptr_array_index (appointments, i);
      HistoryEntry entry = { appointment->requested_on, NULL, NULL, BIE_ENTITY_APPOINTMENT, appointment->record.id };
      g_autofree char *day = bie_format_day (appointment->requested_on);

      /* Translators: a managed appointment and its service */
      entry.title = g_strdup_printf (_("Managed appointment: %s"), name_in ("services", appointment->service));
      /* Translators: requested when, the barrier that blocked it, its outcome */
      entry.subtitle = g_strdup_printf (_("Requested %s · barrier: %s · %s"),
                                        day != NULL ? day : "—",
                                        appointment->barrier != NULL ? name_in ("barriers", appointment->barrier) : "—",
                                        name_in ("appointment-outcomes", appointment->outcome));
      g_array_append_val (entries, entry);
    }

  g_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len; i++)
    {
      HistoryEntry *entry = &g_array_index (entries, HistoryEntry, i);

      if (i < MAX_HISTORY)
        {
          GtkWidget *row = add_row (self, self->history, entry->title, entry->subtitle);

          make_editable (row, entry->entity, entry->id, entry->title);
          add_remove_button (row, entry->entity, entry->id, entry->title, self);
        }
      g_free (entry->title);
      g_free (entry->subtitle);
    }

  if (entries->len == 0)
    add_row (self, self->history, _("Nothing recorded yet"), NULL);
  else if (entries->len > MAX_HISTORY)
    {
      g_autofree char *more = g_strdup_printf (_("And %u earlier"), entries->len - MAX_HISTORY);

      add_row (self, self->history, more, NULL);
    }
}

/* The household's sector among its neighbours, drawn by the map's
 * renderer, with the household marked. */
static void
read_thumbnail (BieFamilyPage      *self,
                const BieHousehold *household)
{
  g_autoptr(BieMapSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->thumbnail, bie_map_renderer_free);
  self->sector_id = household->sector_id;
  snapshot = bie_store_map_snapshot_around (self->store, household->sector_id, 1.0, &error);
  if (snapshot == NULL)
    {
      g_warning ("The map of the household's sector cannot be read: %s", error->message);
      return;
    }
  if (bie_map_snapshot_find_sector (snapshot, household->sector_id) < 0)
    return;

  if (household->lon != 0.0 || household->lat != 0.0)
    {
      double point[2] = { household->lon, household->lat };

      bie_map_snapshot_set_households (snapshot, 1, g_memdup2 (&household->record.id, sizeof (gint64)),
                                       g_memdup2 (&household->sector_id, sizeof (gint64)),
                                       g_memdup2 (point, sizeof point));
    }
  self->thumbnail = bie_map_renderer_new (snapshot);
}

static void
draw_sector (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  BieFamilyPage *self = user_data;
  BieMapDrawOptions options;
  BieMapSnapshot *snapshot;
  const BieMapSector *sector;
  BieMapView view;

  if (self->thumbnail == NULL)
    return;

  snapshot = bie_map_renderer_get_snapshot (self->thumbnail);
  sector = g_ptr_array_index (snapshot->sectors, bie_map_snapshot_find_sector (snapshot, self->sector_id));
  bie_map_view_fit (&view, sector->geometry->min_lon, sector->geometry->min_lat, sector->geometry->max_lon,
                    sector->geometry->max_lat, width, height, 16);
  bie_map_draw_options_init (&options);
  options.selected_sector = self->sector_id;
  options.selected_household = self->household_id;
  options.show_households = FALSE;
  options.show_legend = FALSE;
  options.show_scale_bar = FALSE;
  options.show_north_arrow = FALSE;
  options.text_scale = bie_text_scale_for_widget (GTK_WIDGET (area));
  bie_map_renderer_set_dark (self->thumbnail, adw_style_manager_get_dark (adw_style_manager_get_default ()));
  bie_map_renderer_draw (self->thumbnail, cr, &view, &options);
}

/* What is recorded from this page shows on it at once. */
static void
on_store_changed (BieFamilyPage *self,
                  guint          entity,
                  GArray        *ids)
{
  g_autoptr(GError) error = NULL;

  if (self->household_id == 0 || entity == BIE_ENTITY_VACCINATION)
    return;
  if (!bie_family_page_set_household (self, self->store, self->household_id, &error))
    g_warning ("The family page could not be updated: %s", error->message);
}

/**
 * bie_family_page_set_household:
 * @store: the cache the household is in
 * @household_id: its row id
 *
 * Shows the household. On failure the page is left as it was.
 */
gboolean
bie_family_page_set_household (BieFamilyPage  *self,
                               BieStore       *store,
                               gint64          household_id,
                               GError        **error)
{
  g_autoptr(GDate) today = bie_today ();
  g_autoptr(BieCaseloadRow) row = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(BiePlanSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) encounters = NULL;
  g_autoptr(GPtrArray) appointments = NULL;
  g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *place = NULL;
  g_autofree char *why = NULL;
  g_autofree char *map_name = NULL;
  g_autofree char *stratum = NULL;
  g_autofree char *reasons_text = NULL;
  g_autofree char *focused = NULL;
  BieHousehold *household;
  BieCarePlan *plan = NULL;
  gint64 plan_id;
  BiePriorityFactors factors;

  g_return_val_if_fail (BIE_IS_FAMILY_PAGE (self), FALSE);
  g_return_val_if_fail (BIE_IS_STORE (store), FALSE);

  if ((row = bie_store_caseload_row (store, household_id, error)) == NULL ||
      (persons = bie_store_list (store, BIE_ENTITY_PERSON, "household_id", household_id, error)) == NULL ||
      (risks = bie_store_list (store, BIE_ENTITY_RISK, "household_id", household_id, error)) == NULL ||
      (plan_id = bie_store_household_plan (store, household_id, error)) < 0 ||
      (plan_id != 0 && (plan = bie_store_load (store, BIE_ENTITY_CARE_PLAN, plan_id, error)) == NULL) ||
      (plan_id != 0 && (snapshot = bie_store_plan_snapshot (store, plan_id, error)) == NULL) ||
      (encounters = bie_store_list (store, BIE_ENTITY_ENCOUNTER, "household_id", household_id, error)) == NULL ||
      (appointments = bie_store_list (store, BIE_ENTITY_APPOINTMENT, "household_id", household_id, error)) == NULL ||
      (household = bie_store_load (store, BIE_ENTITY_HOUSEHOLD, household_id, error)) == NULL)
    {
      if (plan != NULL)
        bie_record_free (BIE_ENTITY_CARE_PLAN, plan);
      return FALSE;
    }

  if (self->store != store)
    {
      if (self->store != NULL)
        g_signal_handlers_disconnect_by_data (self->store, self);
      g_set_object (&self->store, store);
      g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
    }
  self->household_id = household_id;
  focused = get_focused_record (self);
  clear_rows (self);

  gtk_label_set_text (self->title, row->head_name != NULL ? row->head_name : _("Household without members"));
  /* Translators: address · sector code and name · stratum */
  stratum = household->stratum > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, household->stratum) : g_strdup ("—");
  place = g_strdup_printf (_("%s · sector %s %s · stratum %s"), row->address, row->sector_code, row->sector_name,
                           stratum);
  gtk_label_set_text (self->place, place);

  bie_priority_factors_init (&factors, today, row->open_risks, row->next_due, row->last_contact,
                             row->youngest_birth, row->oldest_birth, row->pregnant, row->caregiver);
  bie_priority_score (&factors, reasons);
  g_ptr_array_add (reasons, NULL);
  reasons_text = g_strjoinv (", ", (char **) reasons->pdata);
  /* Translators: the priority and what makes it */
  why = g_strdup_printf (_("Priority %d: %s"), row->priority,
                         *reasons_text != '\0' ? reasons_text : _("nothing to watch"));
  gtk_label_set_text (self->why, why);

  show_members (self, persons, today);
  show_risks (self, risks, persons);
  show_plan (self, store, plan, snapshot, persons);
  show_history (self, encounters, appointments);
  if (focused != NULL)
    focus_record (self, focused);

  read_thumbnail (self, household);
  /* Translators: the map thumbnail, a button, for screen readers */
  map_name = g_strdup_printf (_("Show on the map: the household in sector %s %s"), row->sector_code,
                              row->sector_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->map_button), GTK_ACCESSIBLE_PROPERTY_LABEL, map_name, -1);
  /* The target first: the action takes a household. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->map_button), "x", household_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->map_button), "win.show-on-map");
  gtk_widget_queue_draw (GTK_WIDGET (self->sector_map));

  bie_record_free (BIE_ENTITY_HOUSEHOLD, household);
  if (plan != NULL)
    bie_record_free (BIE_ENTITY_CARE_PLAN, plan);

  return TRUE;
}

/* The form of a record of @entity, transient for the page's window: a
 * new record of this household when @id is 0, else the record to edit. */
static void
open_form (BieFamilyPage *self,
           BieEntity      entity,
           gint64         id)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWindow *form;

  if (self->store == NULL || self->household_id == 0)
    return;

  switch (entity)
    {
    case BIE_ENTITY_HOUSEHOLD:
      form = GTK_WINDOW (bie_household_form_new (parent, self->store, 0, self->household_id));
      break;

    case BIE_ENTITY_PERSON:
      form = GTK_WINDOW (bie_person_form_new (parent, self->store, self->household_id, id));
      break;

    case BIE_ENTITY_RISK:
      form = GTK_WINDOW (bie_risk_form_new (parent, self->store, self->household_id, id));
      break;

    case BIE_ENTITY_ENCOUNTER:
      form = GTK_WINDOW (bie_encounter_form_new (parent, self->store, self->household_id, id));
      break;

    case BIE_ENTITY_APPOINTMENT:
      form = GTK_WINDOW (bie_appointment_form_new (parent, self->store, self->household_id, id));
      break;

    case BIE_ENTITY_CARE_PLAN:
      form = GTK_WINDOW (bie_plan_form_new (parent, self->store, self->household_id, id));
      break;

    case BIE_ENTITY_GOAL:
      form = GTK_WINDOW (bie_goal_form_new (parent, self->store, self->household_id, id));
      break;

    case BIE_ENTITY_ACTIVITY:
      form = GTK_WINDOW (bie_activity_form_new (parent, self->store, self->household_id, id));
      break;

    default:
      g_return_if_reached ();
    }

  gtk_window_present (form);
}

static void
record (GtkWidget  *widget,
        const char *action_name,
        GVariant   *parameter)
{
  BieFamilyPage *self = BIE_FAMILY_PAGE (widget);

  if (g_str_equal (action_name, "family.record-encounter"))
    open_form (self, BIE_ENTITY_ENCOUNTER, 0);
  else if (g_str_equal (action_name, "family.record-appointment"))
    open_form (self, BIE_ENTITY_APPOINTMENT, 0);
  else if (g_str_equal (action_name, "family.record-risk"))
    open_form (self, BIE_ENTITY_RISK, 0);
  else if (g_str_equal (action_name, "family.add-goal"))
    open_form (self, BIE_ENTITY_GOAL, 0);
  else if (g_str_equal (action_name, "family.add-activity"))
    open_form (self, BIE_ENTITY_ACTIVITY, 0);
  else
    open_form (self, BIE_ENTITY_PERSON, 0);
}

/* family.edit((ux)): the kind of record and its row id. */
static void
edit (GtkWidget  *widget,
      const char *action_name,
      GVariant   *parameter)
{
  guint32 entity;
  gint64 id;

  g_variant_get (parameter, "(ux)", &entity, &id);
  if (id != 0)
    open_form (BIE_FAMILY_PAGE (widget), entity, id);
}

static void
edit_household (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BieFamilyPage *self = BIE_FAMILY_PAGE (widget);

  open_form (self, BIE_ENTITY_HOUSEHOLD, self->household_id);
}

/* The plan still followed is edited; after a completed or cancelled one,
 * or none, a new plan is made. */
static void
edit_plan (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  BieFamilyPage *self = BIE_FAMILY_PAGE (widget);

  open_form (self, BIE_ENTITY_CARE_PLAN, self->plan_open ? self->plan_id : 0);
}

static void
go_back (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  g_signal_emit (widget, signals[BACK], 0);
}

static void
bie_family_page_dispose (GObject *object)
{
  BieFamilyPage *self = BIE_FAMILY_PAGE (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), BIE_TYPE_FAMILY_PAGE);

  G_OBJECT_CLASS (bie_family_page_parent_class)->dispose (object);
}

static void
bie_family_page_finalize (GObject *object)
{
  BieFamilyPage *self = BIE_FAMILY_PAGE (object);

  g_clear_pointer (&self->thumbnail, bie_map_renderer_free);

  G_OBJECT_CLASS (bie_family_page_parent_class)->finalize (object);
}

static void
bie_family_page_class_init (BieFamilyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bie_family_page_dispose;
  object_class->finalize = bie_family_page_finalize;

  /**
   * BieFamilyPage::back:
   *
   * The user asked to go back to the caseload.
   */
  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * BieFamilyPage::removed:
   * @entity: the kind of record removed
   * @id: its row id
   * @what: what it was, in words
   *
   * A record was removed from the page (and the cache), and may be
   * brought back.
   */
  signals[REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                   G_TYPE_UINT, G_TYPE_INT64, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "family.back", NULL, go_back);
  gtk_widget_class_install_action (widget_class, "family.record-encounter", NULL, record);
  gtk_widget_class_install_action (widget_class, "family.record-appointment", NULL, record);
  gtk_widget_class_install_action (widget_class, "family.record-risk", NULL, record);
  gtk_widget_class_install_action (widget_class, "family.add-member", NULL, record);
  gtk_widget_class_install_action (widget_class, "family.edit-plan", NULL, edit_plan);
  gtk_widget_class_install_action (widget_class, "family.add-goal", NULL, record);
  gtk_widget_class_install_action (widget_class, "family.add-activity", NULL, record);
  gtk_widget_class_install_action (widget_class, "family.edit", "(ux)", edit);
  gtk_widget_class_install_action (widget_class, "family.edit-household", NULL, edit_household);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "family.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "family.back", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/bie-family-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BieFamilyPage, box);
  gtk_widget_class_bind_template_child (widget_class, BieFamilyPage, title);
  gtk_widget_class_bind_template_child (widget_class, BieFamilyPage, place);
  gtk_widget_class_bind_template_child (widget_class, BieFamilyPage, why);
  gtk_widget_class_bind_template_child (widget_class, BieFamilyPage, map_button);
  gtk_widget_class_bind_template_child (widget_class, BieFamilyPage, sector_map);
  gtk_widget_class_bind_template_child (widget_class, BieFamilyPage, members);
  gtk_widget_class_bind_template_child (widget_class, BieFamilyPage, risks);
  gtk_widget_class_bind_template_child (widget_class, BieFamilyPage, plan);
  gtk_widget_class_bind_template_child (widget_class, BieFamilyPage, plan_button);
  gtk_widget_class_bind_template_child (widget_class, BieFamilyPage, timeline_button);
  gtk_widget_class_bind_template_child (widget_class, BieFamilyPage, plan_actions);
  gtk_widget_class_bind_template_child (widget_class, BieFamilyPage, history);
}

static void
bie_family_page_init (BieFamilyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  gtk_drawing_area_set_draw_func (self->sector_map, draw_sector, self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "family.add-goal", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "family.add-activity", FALSE);
}
