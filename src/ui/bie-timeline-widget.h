/* bie-timeline-widget.h: a family care plan on a time axis, to explore and
 * reschedule
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bie-plan-snapshot.h"
#include "bie-timeline.h"

G_BEGIN_DECLS

#define BIE_TYPE_TIMELINE_WIDGET (bie_timeline_widget_get_type ())

G_DECLARE_FINAL_TYPE (BieTimelineWidget, bie_timeline_widget, BIE, TIMELINE_WIDGET, GtkWidget)

GtkWidget             *bie_timeline_widget_new                   (void);
void                   bie_timeline_widget_set_plan              (BieTimelineWidget *self,
                                                                  BiePlanSnapshot   *plan);
const BiePlanSnapshot *bie_timeline_widget_get_plan              (BieTimelineWidget *self);
gint64                 bie_timeline_widget_get_selected_activity (BieTimelineWidget *self);
void                   bie_timeline_widget_set_selected_activity (BieTimelineWidget *self,
                                                                  gint64             activity_id);
void                   bie_timeline_widget_zoom                  (BieTimelineWidget *self,
                                                                  double             factor);
void                   bie_timeline_widget_show_today            (BieTimelineWidget *self);
void                   bie_timeline_widget_show_all              (BieTimelineWidget *self);
void                   bie_timeline_widget_get_view              (BieTimelineWidget *self,
                                                                  BieTimelineView   *view);
gboolean               bie_timeline_widget_get_activity_area     (BieTimelineWidget *self,
                                                                  gint64             activity_id,
                                                                  graphene_rect_t   *area);

G_END_DECLS
