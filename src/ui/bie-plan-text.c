/* bie-plan-text.c: a care plan's activities and goals said in words
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-plan-text"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-plan-text.h"

/**
 * bie_plan_text_day:
 *
 * Returns: (transfer full) (nullable): @day as people read it in their
 *   language ("23 Jul 2026"), or %NULL for an invalid day
 */
char *
bie_plan_text_day (const GDate *day)
{
  char text[64];

  if (day == NULL || !g_date_valid (day))
    return NULL;

  /* Translators: a short date, as in "23 Jul 2026"; see strftime */
  if (g_date_strftime (text, sizeof text, _("%-d %b %Y"), day) == 0)
    return NULL;

  return g_strdup (text);
}

/**
 * bie_plan_text_dates:
 *
 * Returns: (transfer full): when @activity is to happen: one day, a span
 *   of days, from or until a day, or that it has no date yet
 */
char *
bie_plan_text_dates (const BiePlanActivity *activity)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  g_return_val_if_fail (activity != NULL, NULL);

  start = bie_plan_text_day (&activity->start);
  end = bie_plan_text_day (&activity->end);

  if (start != NULL && end != NULL && g_date_compare (&activity->start, &activity->end) == 0)
    return g_steal_pointer (&start);
  if (start != NULL && end != NULL)
    /* Translators: the days an activity of the care plan spans, from the first to the last */
    return g_strdup_printf (_("%s – %s"), start, end);
  if (start != NULL)
    /* Translators: an activity of the care plan with a first day and no last day */
    return g_strdup_printf (_("From %s"), start);
  if (end != NULL)
    /* Translators: an activity of the care plan to be done by a day */
    return g_strdup_printf (_("By %s"), end);

  return g_strdup (_("No date yet"));
}

/**
 * bie_plan_text_member:
 *
 * Returns: (transfer none): whom @activity is for: a member's name, or
 *   the whole family
 */
const char *
bie_plan_text_member (const BiePlanSnapshot *plan,
                      const BiePlanActivity *activity)
{
  const BiePlanLane *lane;

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (activity != NULL, NULL);

  if (activity->lane >= plan->lanes->len)
    return "";
  lane = g_ptr_array_index (plan->lanes, activity->lane);

  return lane->name != NULL ? lane->name : "";
}

/**
 * bie_plan_text_status:
 *
 * Returns: (transfer full): where @activity stands, in words, and that it
 *   is overdue when it is
 */
char *
bie_plan_text_status (const BiePlanActivity *activity)
{
  const char *status;

  g_return_val_if_fail (activity != NULL, NULL);

  status = bie_activity_status_get_name (activity->status);
  if (activity->overdue)
    /* Translators: the status of an activity past its date, as in "Scheduled, overdue" */
    return g_strdup_printf (_("%s, overdue"), status);

  return g_strdup (status);
}

/**
 * bie_plan_text_summary:
 *
 * Returns: (transfer full): @activity in one line, as a screen reader says
 *   it: what, for whom, when, where it stands and who answers for it
 */
char *
bie_plan_text_summary (const BiePlanSnapshot *plan,
                       const BiePlanActivity *activity)
{
  g_autofree char *dates = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (activity != NULL, NULL);

  dates = bie_plan_text_dates (activity);
  status = bie_plan_text_status (activity);
  /* Translators: an activity of the care plan in one line: what, for whom,
   * when, and its status, as in "Vaccination, Sofía Ramírez, 1 Oct 2026 –
   * 31 Oct 2026, Scheduled" */
  g_string_append_printf (text, _("%s, %s, %s, %s"),
                          activity->title != NULL ? activity->title : "",
                          bie_plan_text_member (plan, activity), dates, status);
  if (activity->professional != NULL)
    {
      g_string_append (text, ", ");
      /* Translators: the professional who answers for an activity of the care plan */
      g_string_append_printf (text, _("responsible: %s"), activity->professional);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
append_line (GString    *markup,
             const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append_printf (markup, "\n%s", escaped);
}

/**
 * bie_plan_text_tooltip:
 *
 * Returns: (transfer full): @activity in Pango markup, a line for each of
 *   what, for whom, when, where it stands, who answers for it and why it
 *   was not done
 */
char *
bie_plan_text_tooltip (const BiePlanSnapshot *plan,
                       const BiePlanActivity *activity)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autofree char *dates = NULL;
  g_autofree char *status = NULL;
  g_autofree char *responsible = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (activity != NULL, NULL);

  dates = bie_plan_text_dates (activity);
  /* Translators: the status of an activity of the care plan, in its tooltip */
  status = g_strdup_printf (_("Status: %s"), bie_activity_status_get_name (activity->status));
  if (activity->professional != NULL)
    /* Translators: the professional who answers for an activity of the care plan */
    responsible = g_strdup_printf (_("Responsible: %s"), activity->professional);
  else
    responsible = g_strdup (_("No one responsible yet"));

  /* What comes from the cache is text, not markup. */
  title = g_markup_escape_text (activity->title != NULL ? activity->title : "", -1);
  g_string_append_printf (markup, "<b>%s</b>", title);
  append_line (markup, bie_plan_text_member (plan, activity));
  append_line (markup, dates);
  append_line (markup, status);
  append_line (markup, responsible);
  if (activity->status_reason != NULL && *activity->status_reason != '\0')
    {
      /* Translators: why an activity of the care plan was not done or was cancelled */
      g_autofree char *reason = g_strdup_printf (_("Reason: %s"), activity->status_reason);

      append_line (markup, reason);
    }
  if (activity->overdue)
    g_string_append_printf (markup, "\n<b>%s</b>", _("Overdue"));

  return g_string_free (g_steal_pointer (&markup), FALSE);
}

/**
 * bie_plan_text_goal_overdue:
 * @today: (nullable): the day of the plan's snapshot
 *
 * Returns: whether @goal is still pursued past its target date, as the
 *   timeline marks it
 */
gboolean
bie_plan_text_goal_overdue (const BiePlanGoal *goal,
                            const GDate       *today)
{
  g_return_val_if_fail (goal != NULL, FALSE);

  return (goal->status == BIE_GOAL_PROPOSED || goal->status == BIE_GOAL_ACTIVE) &&
         today != NULL && g_date_valid (today) && g_date_valid (&goal->target) &&
         g_date_compare (&goal->target, today) < 0;
}

/**
 * bie_plan_text_goal_details:
 * @today: (nullable): the day of the plan's snapshot
 *
 * Returns: (transfer full): a goal's target date, status (overdue or not)
 *   and the risk it answers, in one line
 */
char *
bie_plan_text_goal_details (const BiePlanGoal *goal,
                            const GDate       *today)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *target = NULL;

  g_return_val_if_fail (goal != NULL, NULL);

  target = bie_plan_text_day (&goal->target);
  if (target != NULL)
    /* Translators: the day a goal of the care plan is meant to be achieved by */
    g_string_append_printf (text, _("Target date: %s"), target);
  else
    g_string_append (text, _("No target date"));
  g_string_append (text, " · ");
  if (bie_plan_text_goal_overdue (goal, today))
    /* Translators: the status of an activity past its date, as in "Scheduled, overdue" */
    g_string_append_printf (text, _("%s, overdue"), bie_goal_status_get_name (goal->status));
  else
    g_string_append (text, bie_goal_status_get_name (goal->status));
  if (goal->risk != NULL)
    {
      g_string_append (text, " · ");
      /* Translators: the risk a goal of the care plan answers */
      g_string_append_printf (text, _("Answers: %s"), goal->risk);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * bie_plan_text_goal_tooltip:
 * @today: (nullable): the day of the plan's snapshot
 *
 * Returns: (transfer full): a goal in Pango markup
 */
char *
bie_plan_text_goal_tooltip (const BiePlanGoal *goal,
                            const GDate       *today)
{
  g_autofree char *description = NULL;
  g_autofree char *details = NULL;
  g_autoptr(GString) markup = g_string_new (NULL);

  g_return_val_if_fail (goal != NULL, NULL);

  description = g_markup_escape_text (goal->description != NULL ? goal->description : "", -1);
  details = bie_plan_text_goal_details (goal, today);
  g_string_append_printf (markup, "<b>%s</b>", description);
  append_line (markup, details);

  return g_string_free (g_steal_pointer (&markup), FALSE);
}
