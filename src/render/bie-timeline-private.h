/* bie-timeline-private.h: the timeline's layout, shared by its geometry
 * (bie-timeline.c) and its drawing (bie-timeline-draw.c)
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pangocairo.h>

#include "bie-timeline.h"

G_BEGIN_DECLS

/* One family for every surface, so that text measured for the layout is
 * the text drawn on a widget, a page or a PNG. */
#define BIE_TIMELINE_FONT "Cantarell, DejaVu Sans, Sans"

typedef enum
{
  BIE_TIMELINE_FONT_NORMAL,
  BIE_TIMELINE_FONT_BOLD,
  BIE_TIMELINE_FONT_SMALL,
  BIE_TIMELINE_N_FONTS,
} BieTimelineFont;

typedef enum
{
  BIE_TIMELINE_SHAPE_NONE,      /* not drawn: no date */
  BIE_TIMELINE_SHAPE_BAR,       /* from its first day to the end of its last */
  BIE_TIMELINE_SHAPE_DIAMOND,   /* one day, or days too short or impossible for a bar */
  BIE_TIMELINE_SHAPE_FLAG,      /* a goal's target date */
} BieTimelineShape;

/* An activity or a goal. Horizontal positions are layout pixels, x = 0 at
 * the layout's origin day; vertical ones are from the top of the lanes
 * (activities) or of the goals row (goals). */
typedef struct
{
  BieTimelineShape  shape;
  guint             lane;
  guint             row;
  int               status;          /* BieActivityStatus or BieGoalStatus */
  gboolean          marked;          /* overdue or impossible dates: the "!" badge */
  double            x0;              /* the shape */
  double            x1;
  double            y;               /* the top of its row */
  double            badge_x;         /* the badge's centre, when marked */
  double            end;             /* the right end of shape and badge */
  double            label_x;
  double            label_w;         /* 0: no label */
  gboolean          label_inside;
  PangoLayout      *label;           /* owned by the layout's text cache */
} BieTimelineItem;

typedef struct
{
  double       y;
  double       height;
  guint        n_rows;
  PangoLayout *name;
  PangoLayout *detail;               /* the document, or NULL */
} BieTimelineLane;

struct _BieTimelineLayout
{
  const BiePlanSnapshot *plan;

  /* What it was made for: a view with other values needs a new layout. */
  double                 pixels_per_day;
  double                 scale;
  double                 width;

  PangoContext          *context;
  PangoFontDescription  *fonts[BIE_TIMELINE_N_FONTS];
  GHashTable            *texts;      /* "font:width:text" → PangoLayout */

  double                 pad;
  double                 gap;
  double                 line_h;
  double                 small_line_h;
  double                 bar_h;
  double                 row_h;
  double                 band_h;     /* one band of the axis */
  double                 label_w;    /* the column of lane names */
  double                 origin;     /* the Julian day at layout x = 0 */
  double                 day_label_w;
  double                 month_label_w;
  double                 year_label_w;

  double                 axis_h;
  double                 goals_h;
  double                 header_h;   /* axis and goals: fixed while the lanes scroll */
  double                 lanes_h;
  double                 note_h;
  double                 height;     /* everything, unscrolled */

  GArray                *lanes;      /* BieTimelineLane */
  GArray                *items;      /* BieTimelineItem, one per activity, same index */
  GArray                *goals;      /* BieTimelineItem, one per goal, same index */
  guint                  n_goal_rows;
  GArray                *breaks;     /* double: where a printed page may end, from the lanes' top */
  guint                  n_drawn;
  PangoLayout           *note;       /* what is not drawn, or NULL */
  PangoLayout           *empty;      /* when nothing is drawn, or NULL */
};

PangoLayout *bie_timeline_layout_get_text (BieTimelineLayout      *self,
                                           BieTimelineFont         font,
                                           const char             *text,
                                           double                  width);
double       bie_timeline_layout_offset   (BieTimelineLayout      *self,
                                           const BieTimelineView  *view);
void         bie_timeline_layout_paint    (BieTimelineLayout      *self,
                                           cairo_t                *cr,
                                           const BieTimelineView  *view,
                                           const BieTimelineStyle *style,
                                           GArray                 *text_rects);

G_END_DECLS
