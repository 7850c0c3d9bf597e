/* bie-plan-list.c: a family care plan as rows, member by member
 *
 * The same plan the timeline draws, for a screen reader and a small
 * screen: its goals, then a group for the whole family and one for each
 * member with activities, a row an activity, by date. Each row says what,
 * when, where it stands (in words, and with the timeline's mark) and who
 * answers for it; activating it opens the activity.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-plan-list"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bie-plan-list.h"
#include "bie-plan-text.h"
#include "bie-timeline-mark.h"

struct _BiePlanList
{
  GtkWidget  parent_instance;

  GtkWidget *scrolled;
  GtkWidget *box;
};

G_DEFINE_FINAL_TYPE (BiePlanList, bie_plan_list, GTK_TYPE_WIDGET)

enum {
  ACTIVITY_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * bie_plan_list_new:
 *
 * Returns: (transfer full): a list without a plan
 */
GtkWidget *
bie_plan_list_new (void)
{
  return g_object_new (BIE_TYPE_PLAN_LIST, NULL);
}

static void
on_row_activated (AdwActionRow *row,
                  BiePlanList  *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "activity-id");

  g_signal_emit (self, signals[ACTIVITY_ACTIVATED], 0, *id);
}

static GtkWidget *
new_group (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped_description = description != NULL ? g_markup_escape_text (description, -1) : NULL;

  /* Names and documents are text, and the group reads markup. */
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), escaped_title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), escaped_description);

  return group;
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static GtkWidget *
activity_row (BiePlanList           *self,
              const BiePlanSnapshot *plan,
              const BiePlanActivity *activity)
{
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *dates = bie_plan_text_dates (activity);
  g_autofree char *summary = bie_plan_text_summary (plan, activity);
  GtkWidget *row, *overdue, *arrow;
  gint64 *id;

  g_string_append_printf (subtitle, "%s · %s", dates, bie_activity_status_get_name (activity->status));
  if (activity->professional != NULL)
    {
      g_string_append (subtitle, " · ");
      /* Translators: the professional who answers for an activity of the care plan */
      g_string_append_printf (subtitle, _("Responsible: %s"), activity->professional);
    }
  if (activity->status_reason != NULL && *activity->status_reason != '\0')
    {
      g_string_append_c (subtitle, '\n');
      /* Translators: why an activity of the care plan was not done or was cancelled */
      g_string_append_printf (subtitle, _("Reason: %s"), activity->status_reason);
    }

  row = new_row (activity->title != NULL ? activity->title : "", subtitle->str);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             bie_timeline_mark_new (BIE_TIMELINE_MARK_ACTIVITY, activity->status, FALSE));
  if (activity->overdue)
    {
      overdue = gtk_label_new (_("Overdue"));
      gtk_widget_add_css_class (overdue, "error");
      gtk_widget_add_css_class (overdue, "caption-heading");
      gtk_widget_set_valign (overdue, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), overdue);
    }
  arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);

  /* Read out whole: what, for whom, when, its status and who answers. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, summary, -1);

  id = g_new (gint64, 1);
  *id = activity->id;
  g_object_set_data_full (G_OBJECT (row), "activity-id", id, g_free);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect (row, "activated", G_CALLBACK (on_row_activated), self);

  return row;
}

static GtkWidget *
goal_row (const BiePlanSnapshot *plan,
          const BiePlanGoal     *goal)
{
  g_autofree char *details = bie_plan_text_goal_details (goal, &plan->today);
  GtkWidget *row = new_row (goal->description != NULL ? goal->description : "", details);
  GtkWidget *mark = bie_timeline_mark_new (BIE_TIMELINE_MARK_GOAL, goal->status,
                                           bie_plan_text_goal_overdue (goal, &plan->today));

  /* Room for the overdue badge in every goal's row, so their titles line up. */
  gtk_widget_set_size_request (mark, 34, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), mark);

  return row;
}

static char *
lane_description (const BiePlanLane *lane)
{
  g_autofree char *age = NULL;

  if (lane->age >= 0)
    /* Translators: a member's age, beside their document in the list of a care plan */
    age = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year", "%d years", lane->age), lane->age);

  if (lane->document != NULL && age != NULL)
    return g_strdup_printf ("%s · %s", lane->document, age);

  return g_strdup (lane->document != NULL ? lane->document : age);
}

/* Goals first, then a group a lane. */
static void
fill (BiePlanList           *self,
      const BiePlanSnapshot *plan)
{
  if (plan->goals->len > 0)
    {
      GtkWidget *group = new_group (_("Goals"), NULL);

      for (guint i = 0; i < plan->goals->len; i++)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), goal_row (plan, g_ptr_array_index (plan->goals, i)));
      gtk_box_append (GTK_BOX (self->box), group);
    }

  if (plan->activities->len == 0)
    {
      GtkWidget *group = new_group (_("Activities"), NULL);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 new_row (_("This plan has no activities yet"), NULL));
      gtk_box_append (GTK_BOX (self->box), group);
      return;
    }

  /* The activities are by lane, then by date: a group a lane. */
  for (guint l = 0; l < plan->lanes->len; l++)
    {
      const BiePlanLane *lane = g_ptr_array_index (plan->lanes, l);
      g_autofree char *description = lane_description (lane);
      GtkWidget *group = NULL;

      for (guint i = 0; i < plan->activities->len; i++)
        {
          const BiePlanActivity *activity = g_ptr_array_index (plan->activities, i);

          /* An activity of a lane the plan does not have is the family's,
           * as the timeline draws it. */
          if ((activity->lane < plan->lanes->len ? activity->lane : 0) != l)
            continue;
          if (group == NULL)
            group = new_group (lane->name != NULL ? lane->name : "", description);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), activity_row (self, plan, activity));
        }
      if (group != NULL)
        gtk_box_append (GTK_BOX (self->box), group);
    }
}

/* The activity whose row has the keyboard focus, or 0. */
static gint64
focused_activity (BiePlanList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (; focus != NULL && focus != self->box; focus = gtk_widget_get_parent (focus))
    {
      gint64 *id = g_object_get_data (G_OBJECT (focus), "activity-id");

      if (id != NULL)
        return *id;
    }

  return 0;
}

static GtkWidget *
find_activity_row (GtkWidget *widget,
                   gint64     activity_id)
{
  gint64 *id = g_object_get_data (G_OBJECT (widget), "activity-id");

  if (id != NULL && *id == activity_id)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = find_activity_row (child, activity_id);

      if (row != NULL)
        return row;
    }

  return NULL;
}

/**
 * bie_plan_list_set_plan:
 * @plan: (nullable): the plan to list; only read during the call
 *
 * Lists @plan's goals and activities. The rows are made anew: the
 * keyboard focus goes back to the row of the activity it was on, so that
 * whoever edited an activity from the list is where they were.
 */
void
bie_plan_list_set_plan (BiePlanList           *self,
                        const BiePlanSnapshot *plan)
{
  gint64 focused = focused_activity (self);
  GtkWidget *child, *row;

  g_return_if_fail (BIE_IS_PLAN_LIST (self));

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);

  if (plan == NULL)
    return;

  fill (self, plan);
  if (focused != 0 && (row = find_activity_row (self->box, focused)) != NULL)
    gtk_widget_grab_focus (row);
}

static void
bie_plan_list_dispose (GObject *object)
{
  BiePlanList *self = BIE_PLAN_LIST (object);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);

  G_OBJECT_CLASS (bie_plan_list_parent_class)->dispose (object);
}

static void
bie_plan_list_class_init (BiePlanListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bie_plan_list_dispose;

  /**
   * BiePlanList::activity-activated:
   * @activity_id: the activity
   *
   * An activity's row was activated: open it.
   */
  signals[ACTIVITY_ACTIVATED] = g_signal_new ("activity-activated",
                                              G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "planlist");
}

static void
bie_plan_list_init (BiePlanList *self)
{
  GtkWidget *clamp = adw_clamp_new ();

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_margin_top (self->box, 12);
  gtk_widget_set_margin_bottom (self->box, 24);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->box);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), clamp);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}
