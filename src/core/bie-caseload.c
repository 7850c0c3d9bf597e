/* bie-caseload.c: which households need a team most, and why
 *
 * A household's priority adds up what the model asks a team to watch: its
 * open risks, activities of its plan left overdue, time since anyone
 * contacted it, and vulnerable members (a pregnant woman, a child under
 * five, an older person, a caregiver). The same function ranks the whole
 * caseload (the store calls it from SQL) and explains one household in
 * words, so the ranking and its "why" cannot disagree.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-caseload"

#include "config.h"

#include <glib/gi18n-lib.h>
#include "bie-caseload.h"
#include "bie-validation.h"

/**
 * bie_priority_factors_init:
 * @today: the day the priority is for
 * @next_due: (nullable): the earliest end date of an open activity
 * @last_contact: (nullable): the day of the latest encounter
 * @youngest_birth: (nullable): the youngest member's birth date
 * @oldest_birth: (nullable): the oldest member's birth date
 *
 * Judges a household's facts, kept as dates, against @today.
 */
void
bie_priority_factors_init (BiePriorityFactors *factors,
                           GDate              *today,
                           guint               open_risks,
                           const char         *next_due,
                           const char         *last_contact,
                           const char         *youngest_birth,
                           const char         *oldest_birth,
                           gboolean            pregnant,
                           gboolean            caregiver)
{
  GDate date;
  int youngest, oldest;

  g_return_if_fail (factors != NULL);
  g_return_if_fail (today != NULL && g_date_valid (today));

  factors->open_risks = open_risks;
  factors->overdue = bie_parse_day (next_due, &date) && g_date_compare (&date, today) < 0;
  factors->days_since_contact = bie_parse_day (last_contact, &date) ?
                                MAX (0, g_date_days_between (&date, today)) : -1;
  factors->pregnant = pregnant;
  factors->caregiver = caregiver;

  youngest = bie_age_on (youngest_birth, today);
  oldest = bie_age_on (oldest_birth, today);
  factors->child_under_five = youngest >= 0 && youngest < 5;
  factors->older_person = oldest >= 60;
}

static void
add_reason (GPtrArray *reasons,
            char      *reason)
{
  if (reasons != NULL)
    g_ptr_array_add (reasons, reason);
  else
    g_free (reason);
}

/**
 * bie_priority_score:
 * @reasons: (nullable) (element-type utf8): receives the contributing
 *   factors in words: risks, the plan, contact, then vulnerable members
 *
 * Returns: the household's priority: higher needs a team sooner
 */
int
bie_priority_score (const BiePriorityFactors *factors,
                    GPtrArray                *reasons)
{
  int score = 0;

  g_return_val_if_fail (factors != NULL, 0);

  if (factors->open_risks > 0)
    {
      score += BIE_PRIORITY_PER_RISK * MIN (factors->open_risks, BIE_PRIORITY_MAX_RISKS);
      add_reason (reasons, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%u open risk", "%u open risks",
                                                         factors->open_risks),
                                            factors->open_risks));
    }

  if (factors->overdue)
    {
      score += BIE_PRIORITY_OVERDUE;
      add_reason (reasons, g_strdup (_("Care plan activities overdue")));
    }

  if (factors->days_since_contact < 0)
    {
      score += BIE_PRIORITY_MAX_CONTACT;
      add_reason (reasons, g_strdup (_("Never contacted")));
    }
  else if (factors->days_since_contact > BIE_PRIORITY_CONTACT_GRACE)
    {
      int fortnights = (factors->days_since_contact - BIE_PRIORITY_CONTACT_GRACE) / 15;

      score += MIN (BIE_PRIORITY_MAX_CONTACT, BIE_PRIORITY_PER_FORTNIGHT * fortnights);
      add_reason (reasons, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "No contact for %d day",
                                                         "No contact for %d days",
                                                         factors->days_since_contact),
                                            factors->days_since_contact));
    }

  if (factors->pregnant)
    {
      score += BIE_PRIORITY_PREGNANT;
      add_reason (reasons, g_strdup (_("A pregnant woman")));
    }
  if (factors->child_under_five)
    {
      score += BIE_PRIORITY_CHILD_UNDER_FIVE;
      add_reason (reasons, g_strdup (_("A child under five")));
    }
  if (factors->caregiver)
    {
      score += BIE_PRIORITY_CAREGIVER;
      add_reason (reasons, g_strdup (_("A caregiver")));
    }
  if (factors->older_person)
    {
      score += BIE_PRIORITY_OLDER_PERSON;
      add_reason (reasons, g_strdup (_("An older person")));
    }

  return score;
}
