/* bie-caseload.h: which households need a team most, and why
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What raises a household's priority, as of one day. */
typedef struct
{
  guint    open_risks;
  gboolean overdue;             /* an open activity is past its end date */
  int      days_since_contact;  /* -1: never contacted */
  gboolean pregnant;
  gboolean child_under_five;
  gboolean older_person;        /* 60 or older */
  gboolean caregiver;
} BiePriorityFactors;

/* The weights, so that the words of the "why" and the tests agree. */
#define BIE_PRIORITY_PER_RISK          10
#define BIE_PRIORITY_MAX_RISKS         5
#define BIE_PRIORITY_OVERDUE           15
#define BIE_PRIORITY_CONTACT_GRACE     30   /* days without contact that cost nothing */
#define BIE_PRIORITY_PER_FORTNIGHT     3    /* for each further 15 days */
#define BIE_PRIORITY_MAX_CONTACT       18   /* also for a household never contacted */
#define BIE_PRIORITY_PREGNANT          12
#define BIE_PRIORITY_CHILD_UNDER_FIVE  6
#define BIE_PRIORITY_OLDER_PERSON      4
#define BIE_PRIORITY_CAREGIVER         5

void bie_priority_factors_init (BiePriorityFactors *factors,
                                GDate              *today,
                                guint               open_risks,
                                const char         *next_due,
                                const char         *last_contact,
                                const char         *youngest_birth,
                                const char         *oldest_birth,
                                gboolean            pregnant,
                                gboolean            caregiver);
int  bie_priority_score        (const BiePriorityFactors *factors,
                                GPtrArray                *reasons);

G_END_DECLS
