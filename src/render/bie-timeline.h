/* bie-timeline.h: a family care plan drawn on a time axis
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "bie-plan-snapshot.h"

G_BEGIN_DECLS

/* A colour with straight (not premultiplied) alpha, each part 0 to 1. */
typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} BieRgba;

#define BIE_TIMELINE_N_STATUSES (BIE_ACTIVITY_NOT_DONE + 1)

/* The colours of a timeline, so that the same drawing serves a light or
 * dark widget and a white printed page. Each status also has its own shape
 * and marks, so colour is never the only cue. */
typedef struct
{
  BieRgba foreground;                        /* text, outlines, the axis */
  BieRgba background;
  BieRgba accent;                            /* the today line */
  BieRgba overdue;                           /* overdue and impossible dates */
  BieRgba goal;                              /* goal flags */
  BieRgba status[BIE_TIMELINE_N_STATUSES];   /* by BieActivityStatus */
} BieTimelineStyle;

/* What part of a plan shows, and how big. Day numbers are Julian days as
 * g_date_get_julian() counts them; a fraction is part of a day. */
typedef struct
{
  double first_day;        /* the day at the left edge of the chart, right of the lane labels */
  double pixels_per_day;
  double width;
  double height;
  double scroll_y;         /* how far the lanes are scrolled up under the fixed header */
  double text_scale;       /* 1: 12 px text, the other sizes follow; 0 counts as 1 */
} BieTimelineView;

/* The geometry of one plan at one zoom: text measured and shaped once,
 * activities stacked into rows once, then drawn and hit-tested as often as
 * a widget needs while it scrolls. It points at its plan, which must
 * outlive it. */
typedef struct _BieTimelineLayout BieTimelineLayout;

void               bie_timeline_style_init_light          (BieTimelineStyle        *style);
void               bie_timeline_style_init_dark           (BieTimelineStyle        *style);

void               bie_timeline_view_init                 (BieTimelineView         *view,
                                                           double                   width,
                                                           double                   height);
void               bie_timeline_view_fit                  (BieTimelineView         *view,
                                                           const BiePlanSnapshot   *plan,
                                                           double                   width,
                                                           double                   height);
void               bie_timeline_view_set_first_day        (BieTimelineView         *view,
                                                           const GDate             *day);
void               bie_timeline_view_zoom                 (BieTimelineView         *view,
                                                           double                   factor,
                                                           double                   anchor_x);
double             bie_timeline_view_get_label_width      (const BieTimelineView   *view);
double             bie_timeline_day_to_x                  (const BieTimelineView   *view,
                                                           const GDate             *day);
gboolean           bie_timeline_day_at                    (const BieTimelineView   *view,
                                                           double                   x,
                                                           GDate                   *day);

/* One call each, for a single frame, a print or a test: each lays the plan
 * out anew. A widget keeps a BieTimelineLayout instead. */
void               bie_timeline_render                    (cairo_t                 *cr,
                                                           const BiePlanSnapshot   *plan,
                                                           const BieTimelineView   *view,
                                                           const BieTimelineStyle  *style);
int                bie_timeline_activity_at               (const BiePlanSnapshot   *plan,
                                                           const BieTimelineView   *view,
                                                           double                   x,
                                                           double                   y);
gboolean           bie_timeline_get_activity_rect         (const BiePlanSnapshot   *plan,
                                                           const BieTimelineView   *view,
                                                           guint                    index,
                                                           cairo_rectangle_t       *rect);
double             bie_timeline_get_height                (const BiePlanSnapshot   *plan,
                                                           const BieTimelineView   *view);

BieTimelineLayout *bie_timeline_layout_new                (const BiePlanSnapshot   *plan,
                                                           const BieTimelineView   *view);
void               bie_timeline_layout_free               (BieTimelineLayout       *self);
gboolean           bie_timeline_layout_matches            (BieTimelineLayout       *self,
                                                           const BiePlanSnapshot   *plan,
                                                           const BieTimelineView   *view);
void               bie_timeline_layout_draw               (BieTimelineLayout       *self,
                                                           cairo_t                 *cr,
                                                           const BieTimelineView   *view,
                                                           const BieTimelineStyle  *style);
double             bie_timeline_layout_get_height         (BieTimelineLayout       *self);
double             bie_timeline_layout_get_header_height  (BieTimelineLayout       *self);
double             bie_timeline_layout_get_break          (BieTimelineLayout       *self,
                                                           double                   from,
                                                           double                   max_height);
int                bie_timeline_layout_activity_at        (BieTimelineLayout       *self,
                                                           const BieTimelineView   *view,
                                                           double                   x,
                                                           double                   y);
int                bie_timeline_layout_goal_at            (BieTimelineLayout       *self,
                                                           const BieTimelineView   *view,
                                                           double                   x,
                                                           double                   y);
gboolean           bie_timeline_layout_get_activity_rect  (BieTimelineLayout       *self,
                                                           const BieTimelineView   *view,
                                                           guint                    index,
                                                           cairo_rectangle_t       *rect);
gboolean           bie_timeline_layout_get_goal_rect      (BieTimelineLayout       *self,
                                                           const BieTimelineView   *view,
                                                           guint                    index,
                                                           cairo_rectangle_t       *rect);
gboolean           bie_timeline_layout_get_lane_rect      (BieTimelineLayout       *self,
                                                           const BieTimelineView   *view,
                                                           guint                    lane,
                                                           cairo_rectangle_t       *rect);
void               bie_timeline_layout_get_text_rects     (BieTimelineLayout       *self,
                                                           const BieTimelineView   *view,
                                                           GArray                  *rects);

/* The marks of the timeline, for a legend or a table of activities. */
void               bie_timeline_draw_activity_mark        (cairo_t                 *cr,
                                                           const BieTimelineStyle  *style,
                                                           BieActivityStatus        status,
                                                           gboolean                 overdue,
                                                           double                   x,
                                                           double                   y,
                                                           double                   width,
                                                           double                   height);
void               bie_timeline_draw_goal_mark            (cairo_t                 *cr,
                                                           const BieTimelineStyle  *style,
                                                           BieGoalStatus            status,
                                                           double                   x,
                                                           double                   y,
                                                           double                   size);
void               bie_timeline_draw_overdue_mark         (cairo_t                 *cr,
                                                           const BieTimelineStyle  *style,
                                                           double                   cx,
                                                           double                   cy,
                                                           double                   radius);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieTimelineLayout, bie_timeline_layout_free)

G_END_DECLS
