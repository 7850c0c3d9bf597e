/* bie-timeline-mark.h: the timeline's marks and colours, for widgets
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bie-timeline.h"

G_BEGIN_DECLS

/* What a mark of the timeline stands for, in a legend or beside a row. */
typedef enum
{
  BIE_TIMELINE_MARK_ACTIVITY,   /* a BieActivityStatus */
  BIE_TIMELINE_MARK_GOAL,       /* a BieGoalStatus */
  BIE_TIMELINE_MARK_OVERDUE,
  BIE_TIMELINE_MARK_TODAY,
} BieTimelineMark;

double     bie_text_scale_for_widget   (GtkWidget        *widget);
void       bie_timeline_mark_get_style (GtkWidget        *widget,
                                        BieTimelineStyle *style);
GtkWidget *bie_timeline_mark_new       (BieTimelineMark   mark,
                                        int               status,
                                        gboolean          overdue);

G_END_DECLS
