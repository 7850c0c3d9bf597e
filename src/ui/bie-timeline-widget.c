/* bie-timeline-widget.c: a family care plan on a time axis, to explore and
 * reschedule
 *
 * The picture is the timeline renderer's (bie-timeline.h), drawn through
 * gtk_snapshot_append_cairo() from a layout kept across frames: scrolling
 * and hovering only draw again; a new plan, zoom, text size or width lays
 * the plan out again. On top of it the widget draws what belongs to the
 * screen alone: the selected and hovered activity, and while an activity is
 * dragged, the days it would move to.
 *
 * Zoom: Ctrl+scroll around the pointer, a pinch, +, − and 0. Pan: drag the
 * background, scroll (vertical moves the lanes, horizontal or Shift moves
 * time). Select: click, or the arrow keys (Left and Right within a lane,
 * Up and Down to the lane above or below); open: double-click or Enter;
 * reschedule: drag an activity sideways, or Alt+Left and Alt+Right.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-timeline-widget"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <time.h>

#include "bie-plan-text.h"
#include "bie-timeline-mark.h"
#include "bie-timeline-widget.h"

/* Zoom limits: a few years across a screen, to a day across a hand. */
#define MIN_PIXELS_PER_DAY 0.15
#define MAX_PIXELS_PER_DAY 200.0
/* A plan fitted to the width is shown whole between these; past them,
 * the weeks around today are. */
#define MIN_FIT_PIXELS_PER_DAY 1.0
#define MAX_FIT_PIXELS_PER_DAY 40.0
#define ZOOM_STEP 1.5
/* Room left either side of a plan shown whole, in pixels. */
#define FIT_PADDING 16.0
/* How far a notch of a mouse wheel scrolls, in pixels. */
#define WHEEL_STEP 48.0
/* Room kept around an activity brought into view with the keyboard. */
#define REVEAL_MARGIN 24.0

struct _BieTimelineWidget
{
  GtkWidget          parent_instance;

  BiePlanSnapshot   *plan;
  BieTimelineLayout *layout;      /* of plan at view's zoom; NULL until drawn */
  BieTimelineView    view;
  gboolean           placed;      /* the view was set for this plan at a real width */
  int                selected;    /* index in plan->activities, or -1 */
  int                hovered;
  double             pointer_x;   /* -1: not over the widget */
  double             pointer_y;

  /* A drag with the primary button: of an activity, or of the chart. */
  gboolean           dragging;
  gboolean           drag_moved;  /* past the drag threshold */
  int                dragged;     /* the activity dragged, or -1: panning */
  int                drag_days;
  double             drag_first_day;
  double             drag_scroll_y;
  GDate              original_start;   /* the dragged activity's dates before */
  GDate              original_end;

  /* A pinch. */
  double             zoom_start;
  double             zoom_anchor;
};

G_DEFINE_FINAL_TYPE (BieTimelineWidget, bie_timeline_widget, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED_ACTIVITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ACTIVITY_ACTIVATED,
  ACTIVITY_MOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * bie_timeline_widget_new:
 *
 * Returns: (transfer full): a timeline without a plan
 */
GtkWidget *
bie_timeline_widget_new (void)
{
  return g_object_new (BIE_TYPE_TIMELINE_WIDGET, NULL);
}

static BiePlanActivity *
get_activity (BieTimelineWidget *self,
              int                index)
{
  g_assert (self->plan != NULL);
  g_assert (index >= 0 && (guint) index < self->plan->activities->len);

  return g_ptr_array_index (self->plan->activities, index);
}

static int
find_activity (BieTimelineWidget *self,
               gint64             activity_id)
{
  if (self->plan == NULL || activity_id == 0)
    return -1;

  for (guint i = 0; i < self->plan->activities->len; i++)
    if (get_activity (self, i)->id == activity_id)
      return i;

  return -1;
}

/* Layout and view */

static BieTimelineLayout *
ensure_layout (BieTimelineWidget *self)
{
  if (self->plan == NULL || self->view.width <= 0 || self->view.height <= 0)
    return NULL;

  if (self->layout == NULL || !bie_timeline_layout_matches (self->layout, self->plan, &self->view))
    {
      g_clear_pointer (&self->layout, bie_timeline_layout_free);
      self->layout = bie_timeline_layout_new (self->plan, &self->view);
    }

  return self->layout;
}

/* The plan's dates changed in place (a drag's preview): its layout is
 * stale although it is the same plan at the same zoom. */
static void
invalidate_layout (BieTimelineWidget *self)
{
  g_clear_pointer (&self->layout, bie_timeline_layout_free);
}

static double
label_width (BieTimelineWidget *self)
{
  return bie_timeline_view_get_label_width (&self->view);
}

static double
chart_width (BieTimelineWidget *self)
{
  return MAX (1.0, self->view.width - label_width (self));
}

static double
header_height (BieTimelineWidget *self)
{
  BieTimelineLayout *layout = ensure_layout (self);

  return layout != NULL ? bie_timeline_layout_get_header_height (layout) : 0;
}

/* Text follows the desktop's text size (Large Text included). */
static double
today_julian (BieTimelineWidget *self)
{
  GDate today;

  if (self->plan != NULL && g_date_valid (&self->plan->today))
    return g_date_get_julian (&self->plan->today);

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));

  return g_date_get_julian (&today);
}

/* Keeps the lanes within their height, and the plan within sight: most of
 * a screen may be empty on either side of it, never all of it. */
static void
clamp_view (BieTimelineWidget *self)
{
  BieTimelineLayout *layout = ensure_layout (self);
  GDate first, last;

  if (layout == NULL)
    return;

  self->view.scroll_y = CLAMP (self->view.scroll_y, 0,
                               MAX (0, bie_timeline_layout_get_height (layout) - self->view.height));

  bie_plan_snapshot_get_range (self->plan, &first, &last);
  if (g_date_valid (&first))
    {
      double days = chart_width (self) / self->view.pixels_per_day;
      double from = g_date_get_julian (&first) - days * 0.8;
      double to = g_date_get_julian (&last) + 1 - days * 0.2;

      self->view.first_day = CLAMP (self->view.first_day, from, MAX (from, to));
    }
}

static void
center_day (BieTimelineWidget *self,
            double             julian)
{
  self->view.first_day = julian + 0.5 - chart_width (self) / 2 / self->view.pixels_per_day;
}

/* The whole plan across the width, unless that makes days too small or
 * too big to read: then the weeks around today. */
static void
place_view (BieTimelineWidget *self)
{
  double width = self->view.width, height = self->view.height;
  double fitted;

  if (self->plan == NULL || width <= 0 || height <= 0)
    return;

  bie_timeline_view_fit (&self->view, self->plan, width, height);
  /* It leaves a few days either side: at a low zoom, less than half a
   * mark. Some room in pixels too, so the first and last marks show whole. */
  if (chart_width (self) > 8 * FIT_PADDING)
    bie_timeline_view_zoom (&self->view, (chart_width (self) - 2 * FIT_PADDING) / chart_width (self),
                            label_width (self) + chart_width (self) / 2);
  fitted = self->view.pixels_per_day;
  self->view.pixels_per_day = CLAMP (fitted, MIN_FIT_PIXELS_PER_DAY, MAX_FIT_PIXELS_PER_DAY);
  if (self->view.pixels_per_day != fitted)
    center_day (self, today_julian (self));
  self->placed = TRUE;
  clamp_view (self);
}

static void
zoom_around (BieTimelineWidget *self,
             double             factor,
             double             anchor_x)
{
  double pixels_per_day = self->view.pixels_per_day;
  double wanted = CLAMP (pixels_per_day * factor, MIN_PIXELS_PER_DAY, MAX_PIXELS_PER_DAY);

  if (self->plan == NULL || wanted == pixels_per_day)
    return;

  /* The lane names do not zoom: the chart's left edge stays instead. */
  anchor_x = CLAMP (anchor_x, label_width (self), self->view.width);
  bie_timeline_view_zoom (&self->view, wanted / pixels_per_day, anchor_x);
  clamp_view (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
pan_by (BieTimelineWidget *self,
        double             dx,
        double             dy)
{
  if (self->plan == NULL)
    return;

  self->view.first_day += dx / self->view.pixels_per_day;
  self->view.scroll_y += dy;
  clamp_view (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
get_activity_rect (BieTimelineWidget *self,
                   int                index,
                   cairo_rectangle_t *rect)
{
  BieTimelineLayout *layout = ensure_layout (self);

  return layout != NULL && index >= 0 &&
         bie_timeline_layout_get_activity_rect (layout, &self->view, index, rect);
}

static int
activity_at (BieTimelineWidget *self,
             double             x,
             double             y)
{
  BieTimelineLayout *layout = ensure_layout (self);

  return layout != NULL ? bie_timeline_layout_activity_at (layout, &self->view, x, y) : -1;
}

/* Scrolls just enough for an activity to show whole, or its start when it
 * is longer than the chart. */
static void
reveal_activity (BieTimelineWidget *self,
                 int                index)
{
  cairo_rectangle_t rect;
  double left, right, top, bottom;

  if (!get_activity_rect (self, index, &rect))
    return;

  left = label_width (self) + REVEAL_MARGIN;
  right = self->view.width - REVEAL_MARGIN;
  if (rect.x + rect.width > right)
    {
      double shift = MIN (rect.x + rect.width - right, rect.x - left);

      self->view.first_day += MAX (0, shift) / self->view.pixels_per_day;
    }
  else if (rect.x < left)
    self->view.first_day -= (left - rect.x) / self->view.pixels_per_day;

  top = header_height (self) + REVEAL_MARGIN / 2;
  bottom = self->view.height - REVEAL_MARGIN / 2;
  if (rect.y + rect.height > bottom)
    self->view.scroll_y += MIN (rect.y + rect.height - bottom, rect.y - top);
  else if (rect.y < top)
    self->view.scroll_y -= top - rect.y;

  clamp_view (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Accessibility */

static void
update_accessible (BieTimelineWidget *self)
{
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;

  if (self->plan == NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Care plan timeline"),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "",
                                      -1);
      return;
    }

  /* Translators: the accessible name of the timeline; %s is the head of household */
  label = g_strdup_printf (_("Timeline of the care plan of %s"),
                           self->plan->household_name != NULL ? self->plan->household_name : "");
  if (self->selected >= 0)
    description = bie_plan_text_summary (self->plan, get_activity (self, self->selected));
  else
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u activity. The arrow keys go from one to the next, "
                                                "Enter opens it, Alt and an arrow moves it by a day.",
                                                "%u activities. The arrow keys go from one to the next, "
                                                "Enter opens it, Alt and an arrow moves it by a day.",
                                                self->plan->activities->len),
                                   self->plan->activities->len);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* Selection */

static void
select_index (BieTimelineWidget *self,
              int                index,
              gboolean           reveal)
{
  if (reveal && index >= 0)
    reveal_activity (self, index);
  if (index == self->selected)
    return;

  self->selected = index;
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ACTIVITY]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
activate_index (BieTimelineWidget *self,
                int                index)
{
  if (index < 0)
    return;

  g_signal_emit (self, signals[ACTIVITY_ACTIVATED], 0, get_activity (self, index)->id);
}

/* Whether activity @a comes before @b in time: by where it is drawn, the
 * index breaking ties so that going next, then back, returns. */
static gboolean
comes_before (const cairo_rectangle_t *a,
              int                      a_index,
              const cairo_rectangle_t *b,
              int                      b_index)
{
  if (a->x != b->x)
    return a->x < b->x;

  return a_index < b_index;
}

/* The activity before (@step -1) or after (@step 1) the selected one in
 * time, within its lane. */
static int
neighbour_in_lane (BieTimelineWidget *self,
                   int                step)
{
  cairo_rectangle_t current, rect, best_rect = { 0 };
  guint lane;
  int best = -1;

  if (!get_activity_rect (self, self->selected, &current))
    return -1;
  lane = get_activity (self, self->selected)->lane;

  for (guint i = 0; i < self->plan->activities->len; i++)
    {
      if ((int) i == self->selected || get_activity (self, i)->lane != lane ||
          !get_activity_rect (self, i, &rect))
        continue;
      if (step > 0 ? !comes_before (&current, self->selected, &rect, i)
                   : !comes_before (&rect, i, &current, self->selected))
        continue;
      if (best < 0 || (step > 0 ? comes_before (&rect, i, &best_rect, best)
                                : comes_before (&best_rect, best, &rect, i)))
        {
          best = i;
          best_rect = rect;
        }
    }

  return best;
}

/* The activity nearest in time to the selected one in the first lane
 * above (@step -1) or below (@step 1) that has any. */
static int
neighbour_across_lanes (BieTimelineWidget *self,
                        int                step)
{
  cairo_rectangle_t current, rect;
  double centre;
  int lane;

  if (!get_activity_rect (self, self->selected, &current))
    return -1;
  centre = current.x + current.width / 2;

  for (lane = (int) get_activity (self, self->selected)->lane + step;
       lane >= 0 && lane < (int) self->plan->lanes->len;
       lane += step)
    {
      double best_distance = G_MAXDOUBLE;
      int best = -1;

      for (guint i = 0; i < self->plan->activities->len; i++)
        {
          double distance;

          if ((int) get_activity (self, i)->lane != lane || !get_activity_rect (self, i, &rect))
            continue;
          distance = fabs (rect.x + rect.width / 2 - centre);
          if (distance < best_distance)
            {
              best_distance = distance;
              best = i;
            }
        }
      if (best >= 0)
        return best;
    }

  return -1;
}

/* With nothing selected, the arrows start from the first activity drawn. */
static int
first_drawn (BieTimelineWidget *self)
{
  cairo_rectangle_t rect;

  for (guint i = 0; self->plan != NULL && i < self->plan->activities->len; i++)
    if (get_activity_rect (self, i, &rect))
      return i;

  return -1;
}

/* Rescheduling */

static void
shift_day (GDate       *day,
           const GDate *original,
           int          days)
{
  *day = *original;
  if (!g_date_valid (day))
    return;

  if (days > 0)
    g_date_add_days (day, days);
  else if (days < 0 && g_date_get_julian (day) > (guint32) -days)
    g_date_subtract_days (day, -days);
}

/* Shows activity @index @days from its original dates, before anything
 * is saved. */
static void
preview_move (BieTimelineWidget *self,
              int                index,
              int                days)
{
  BiePlanActivity *activity = get_activity (self, index);

  shift_day (&activity->start, &self->original_start, days);
  shift_day (&activity->end, &self->original_end, days);
  invalidate_layout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Moves activity @index by @days from its original dates and says so;
 * the activity keeps its new dates until the plan is read again. */
static void
finish_move (BieTimelineWidget *self,
             int                index,
             int                days)
{
  gint64 id = get_activity (self, index)->id;

  preview_move (self, index, days);
  reveal_activity (self, index);
  update_accessible (self);
  if (days != 0)
    g_signal_emit (self, signals[ACTIVITY_MOVED], 0, id, days);
  /* A handler may have given the widget a new plan: nothing of the old
   * one is touched after this. */
}

static gboolean
can_move (BieTimelineWidget *self,
          int                index)
{
  const BiePlanActivity *activity;

  if (index < 0)
    return FALSE;
  activity = get_activity (self, index);

  return g_date_valid (&activity->start) || g_date_valid (&activity->end);
}

static void
move_selected (BieTimelineWidget *self,
               int                days)
{
  BiePlanActivity *activity;

  if (!can_move (self, self->selected))
    return;

  activity = get_activity (self, self->selected);
  self->original_start = activity->start;
  self->original_end = activity->end;
  finish_move (self, self->selected, days);
}

/* Drawing */

static void
set_source (cairo_t       *cr,
            const GdkRGBA *colour,
            double         alpha)
{
  cairo_set_source_rgba (cr, colour->red, colour->green, colour->blue, colour->alpha * alpha);
}

static void
path_rounded (cairo_t *cr,
              double   x,
              double   y,
              double   width,
              double   height,
              double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static gboolean
lookup_colour (BieTimelineWidget *self,
               const char        *name,
               GdkRGBA           *colour)
{
  return gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)), name, colour);
}

static void
outline_activity (BieTimelineWidget *self,
                  cairo_t           *cr,
                  int                index,
                  const GdkRGBA     *colour,
                  double             alpha,
                  double             line_width,
                  double             grow)
{
  cairo_rectangle_t rect;

  if (!get_activity_rect (self, index, &rect))
    return;

  path_rounded (cr, rect.x - grow, rect.y - grow, rect.width + 2 * grow, rect.height + 2 * grow, 4 + grow);
  set_source (cr, colour, alpha);
  cairo_set_line_width (cr, line_width);
  cairo_stroke (cr);
}

/* Where the dragged activity would go, in words, beside it. */
static void
draw_drag_label (BieTimelineWidget *self,
                 cairo_t           *cr)
{
  const BiePlanActivity *activity = get_activity (self, self->dragged);
  g_autoptr(PangoLayout) text = NULL;
  g_autofree char *dates = bie_plan_text_dates (activity);
  g_autofree char *shift = NULL;
  g_autofree char *label = NULL;
  cairo_rectangle_t rect;
  GdkRGBA background = { 0.21, 0.52, 0.89, 1 }, foreground = { 1, 1, 1, 1 };
  int text_w, text_h;
  double x, y, pad = 6;

  if (!get_activity_rect (self, self->dragged, &rect) || self->drag_days == 0)
    return;

  if (self->drag_days > 0)
    shift = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day later", "%d days later",
                                          self->drag_days), self->drag_days);
  else
    shift = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day earlier", "%d days earlier",
                                          -self->drag_days), -self->drag_days);
  /* Translators: while an activity is dragged: its new dates, and how far it moves */
  label = g_strdup_printf (_("%s (%s)"), dates, shift);

  lookup_colour (self, "accent_bg_color", &background);
  lookup_colour (self, "accent_fg_color", &foreground);
  text = gtk_widget_create_pango_layout (GTK_WIDGET (self), label);
  pango_layout_get_pixel_size (text, &text_w, &text_h);

  x = CLAMP (rect.x, label_width (self), MAX (label_width (self), self->view.width - text_w - 2 * pad));
  y = rect.y - text_h - 2 * pad - 4;
  if (y < header_height (self))
    y = rect.y + rect.height + 4;

  path_rounded (cr, x, y, text_w + 2 * pad, text_h + 2 * pad, 6);
  set_source (cr, &background, 1);
  cairo_fill (cr);
  cairo_move_to (cr, x + pad, y + pad);
  set_source (cr, &foreground, 1);
  pango_cairo_show_layout (cr, text);
}

static void
draw_marks (BieTimelineWidget      *self,
            cairo_t                *cr,
            const BieTimelineStyle *style)
{
  GdkRGBA accent = { 0.21, 0.52, 0.89, 1 };
  GdkRGBA foreground = { style->foreground.red, style->foreground.green, style->foreground.blue,
                         style->foreground.alpha };
  double header = header_height (self);

  lookup_colour (self, "accent_color", &accent);

  /* Under the fixed header, as the activities are. */
  cairo_save (cr);
  cairo_rectangle (cr, label_width (self), header, self->view.width - label_width (self),
                   self->view.height - header);
  cairo_clip (cr);

  if (self->hovered >= 0 && self->hovered != self->selected && !self->dragging)
    outline_activity (self, cr, self->hovered, &foreground, 0.45, 1, 2);
  if (self->selected >= 0)
    outline_activity (self, cr, self->selected, &accent,
                      gtk_widget_has_focus (GTK_WIDGET (self)) ? 1 : 0.55, 2, 3);
  cairo_restore (cr);

  if (self->dragging && self->drag_moved && self->dragged >= 0)
    draw_drag_label (self, cr);

  /* Focus without a selection: a ring around the chart. */
  if (self->selected < 0 && gtk_widget_has_visible_focus (GTK_WIDGET (self)))
    {
      cairo_rectangle (cr, 1, 1, self->view.width - 2, self->view.height - 2);
      set_source (cr, &accent, 0.7);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
}

static void
bie_timeline_widget_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  BieTimelineWidget *self = BIE_TIMELINE_WIDGET (widget);
  BieTimelineLayout *layout;
  BieTimelineStyle style;
  cairo_t *cr;

  if ((layout = ensure_layout (self)) == NULL)
    return;

  bie_timeline_mark_get_style (widget, &style);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, self->view.width, self->view.height));
  bie_timeline_layout_draw (layout, cr, &self->view, &style);
  draw_marks (self, cr, &style);
  cairo_destroy (cr);
}

static void
bie_timeline_widget_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  /* It scrolls itself: any size shows part of the plan. */
  *minimum = 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 400;
}

static void
bie_timeline_widget_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  BieTimelineWidget *self = BIE_TIMELINE_WIDGET (widget);

  self->view.width = width;
  self->view.height = height;
  self->view.text_scale = bie_text_scale_for_widget (GTK_WIDGET (self));

  if (self->plan != NULL && !self->placed)
    place_view (self);
  else
    clamp_view (self);
}

static void
bie_timeline_widget_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (bie_timeline_widget_parent_class)->css_changed (widget, change);

  /* Light or dark, and the colours of the theme. */
  gtk_widget_queue_draw (widget);
}

static void
bie_timeline_widget_state_flags_changed (GtkWidget     *widget,
                                         GtkStateFlags  previous)
{
  GTK_WIDGET_CLASS (bie_timeline_widget_parent_class)->state_flags_changed (widget, previous);

  /* The selection is brighter while the timeline has the focus. */
  if ((previous ^ gtk_widget_get_state_flags (widget)) & (GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE))
    gtk_widget_queue_draw (widget);
}

static gboolean
bie_timeline_widget_query_tooltip (GtkWidget  *widget,
                                   int         x,
                                   int         y,
                                   gboolean    keyboard_mode,
                                   GtkTooltip *tooltip)
{
  BieTimelineWidget *self = BIE_TIMELINE_WIDGET (widget);
  BieTimelineLayout *layout = ensure_layout (self);
  g_autofree char *markup = NULL;
  cairo_rectangle_t rect;
  int index;

  if (layout == NULL || self->dragging)
    return FALSE;

  index = keyboard_mode ? self->selected : bie_timeline_layout_activity_at (layout, &self->view, x, y);
  if (index >= 0)
    {
      markup = bie_plan_text_tooltip (self->plan, get_activity (self, index));
      if (!get_activity_rect (self, index, &rect))
        return FALSE;
    }
  else if (!keyboard_mode &&
           (index = bie_timeline_layout_goal_at (layout, &self->view, x, y)) >= 0)
    {
      markup = bie_plan_text_goal_tooltip (g_ptr_array_index (self->plan->goals, index), &self->plan->today);
      if (!bie_timeline_layout_get_goal_rect (layout, &self->view, index, &rect))
        return FALSE;
    }
  else
    return FALSE;

  gtk_tooltip_set_markup (tooltip, markup);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { floor (rect.x), floor (rect.y),
                                                       ceil (rect.width), ceil (rect.height) });

  return TRUE;
}

/* Input */

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           BieTimelineWidget        *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;

  if (self->plan == NULL)
    return FALSE;

  if (state & GDK_CONTROL_MASK)
    {
      double anchor = self->pointer_x >= 0 ? self->pointer_x : label_width (self) + chart_width (self) / 2;

      /* A notch of a wheel zooms a step; a touchpad zooms as it goes. */
      zoom_around (self, wheel ? pow (1.25, -dy) : exp (-dy * 0.01), anchor);
      return TRUE;
    }

  if ((state & GDK_SHIFT_MASK) && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  if (wheel)
    {
      dx *= WHEEL_STEP;
      dy *= WHEEL_STEP;
    }
  pan_by (self, dx, dy);

  return TRUE;
}

static void
on_zoom_begin (GtkGesture        *gesture,
               GdkEventSequence  *sequence,
               BieTimelineWidget *self)
{
  double x = 0, y = 0;

  gtk_gesture_get_bounding_box_center (gesture, &x, &y);
  self->zoom_start = self->view.pixels_per_day;
  self->zoom_anchor = x;
}

static void
on_zoom_scale_changed (GtkGestureZoom    *gesture,
                       double             scale,
                       BieTimelineWidget *self)
{
  if (self->zoom_start > 0)
    zoom_around (self, self->zoom_start * scale / self->view.pixels_per_day, self->zoom_anchor);
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           BieTimelineWidget        *self)
{
  int index;

  self->pointer_x = x;
  self->pointer_y = y;
  if (self->dragging)
    return;

  index = activity_at (self, x, y);
  if (index != self->hovered)
    {
      self->hovered = index;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), index >= 0 ? "pointer" : NULL);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_leave (GtkEventControllerMotion *controller,
          BieTimelineWidget        *self)
{
  self->pointer_x = -1;
  if (self->hovered >= 0 && !self->dragging)
    {
      self->hovered = -1;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), NULL);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_pressed (GtkGestureClick   *gesture,
            int                n_press,
            double             x,
            double             y,
            BieTimelineWidget *self)
{
  int index = activity_at (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 1)
    select_index (self, index, FALSE);
  else if (n_press == 2 && index >= 0 && index == self->selected)
    activate_index (self, index);
}

static void
on_drag_begin (GtkGestureDrag    *gesture,
               double             x,
               double             y,
               BieTimelineWidget *self)
{
  int index = activity_at (self, x, y);

  if (self->plan == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  self->dragging = TRUE;
  self->drag_moved = FALSE;
  self->drag_days = 0;
  self->dragged = can_move (self, index) ? index : -1;
  self->drag_first_day = self->view.first_day;
  self->drag_scroll_y = self->view.scroll_y;
  if (self->dragged >= 0)
    {
      const BiePlanActivity *activity = get_activity (self, index);

      self->original_start = activity->start;
      self->original_end = activity->end;
      select_index (self, index, FALSE);
    }
}

static void
on_drag_update (GtkGestureDrag    *gesture,
                double             dx,
                double             dy,
                BieTimelineWidget *self)
{
  if (!self->dragging)
    return;

  if (!self->drag_moved)
    {
      int threshold = 8;

      g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-dnd-drag-threshold", &threshold, NULL);
      if (hypot (dx, dy) < threshold)
        return;
      self->drag_moved = TRUE;
      self->hovered = -1;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
    }

  if (self->dragged >= 0)
    {
      /* Whole days: an activity is on a day, not part of one. */
      int days = (int) round (dx / self->view.pixels_per_day);

      if (days != self->drag_days)
        {
          self->drag_days = days;
          preview_move (self, self->dragged, days);
        }
      return;
    }

  self->view.first_day = self->drag_first_day - dx / self->view.pixels_per_day;
  self->view.scroll_y = self->drag_scroll_y - dy;
  clamp_view (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
end_drag (BieTimelineWidget *self)
{
  self->dragging = FALSE;
  self->drag_moved = FALSE;
  self->dragged = -1;
  self->drag_days = 0;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end (GtkGestureDrag    *gesture,
             double             dx,
             double             dy,
             BieTimelineWidget *self)
{
  int index, days;

  if (!self->dragging)
    return;

  on_drag_update (gesture, dx, dy, self);
  index = self->drag_moved ? self->dragged : -1;
  days = self->drag_days;
  end_drag (self);
  if (index >= 0)
    finish_move (self, index, days);
}

static void
on_drag_cancel (GtkGesture        *gesture,
                GdkEventSequence  *sequence,
                BieTimelineWidget *self)
{
  if (!self->dragging)
    return;

  /* Back where it was: nothing moves. */
  if (self->dragged >= 0)
    preview_move (self, self->dragged, 0);
  end_drag (self);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                BieTimelineWidget     *self)
{
  gboolean alt = (state & GDK_ALT_MASK) != 0;
  int next = -1;

  if (self->plan == NULL)
    return FALSE;

  state &= gtk_accelerator_get_default_mod_mask ();
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      {
        /* The time axis runs left to right in every language. */
        int step = keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left ? -1 : 1;

        if (alt)
          {
            move_selected (self, step);
            return TRUE;
          }
        if (state != 0)
          return FALSE;
        next = self->selected >= 0 ? neighbour_in_lane (self, step) : first_drawn (self);
        if (next >= 0)
          select_index (self, next, TRUE);
        return TRUE;
      }

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (state != 0)
        return FALSE;
      next = self->selected >= 0 ? neighbour_across_lanes (self, keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up ? -1 : 1)
                                 : first_drawn (self);
      if (next >= 0)
        select_index (self, next, TRUE);
      return TRUE;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      if (self->selected < 0)
        return FALSE;
      activate_index (self, self->selected);
      return TRUE;

    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      bie_timeline_widget_zoom (self, ZOOM_STEP);
      return TRUE;

    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      bie_timeline_widget_zoom (self, 1 / ZOOM_STEP);
      return TRUE;

    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      bie_timeline_widget_show_all (self);
      return TRUE;

    case GDK_KEY_t:
    case GDK_KEY_T:
    case GDK_KEY_Home:
      if ((state & ~GDK_SHIFT_MASK) != 0)
        return FALSE;
      bie_timeline_widget_show_today (self);
      return TRUE;

    case GDK_KEY_Escape:
      if (self->selected < 0)
        return FALSE;
      select_index (self, -1, FALSE);
      return TRUE;

    default:
      return FALSE;
    }
}

/* Public API */

/**
 * bie_timeline_widget_set_plan:
 * @plan: (transfer full) (nullable): the plan to show
 *
 * Shows @plan. The same plan read again (after an edit) keeps the zoom,
 * the scroll and the selection; another plan is shown whole.
 */
void
bie_timeline_widget_set_plan (BieTimelineWidget *self,
                              BiePlanSnapshot   *plan)
{
  gint64 selected_id;
  gboolean same;
  int selected;

  g_return_if_fail (BIE_IS_TIMELINE_WIDGET (self));

  selected_id = bie_timeline_widget_get_selected_activity (self);
  same = self->plan != NULL && plan != NULL && self->plan->plan_id == plan->plan_id;

  /* The layout points at the plan: it goes first. */
  invalidate_layout (self);
  g_clear_pointer (&self->plan, bie_plan_snapshot_free);
  self->plan = plan;
  self->hovered = -1;
  if (self->dragging)
    end_drag (self);

  if (!same)
    {
      self->placed = FALSE;
      self->view.scroll_y = 0;
      place_view (self);
    }
  else
    clamp_view (self);

  selected = find_activity (self, selected_id);
  if (selected != self->selected)
    {
      self->selected = selected;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ACTIVITY]);
    }
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * bie_timeline_widget_get_plan:
 *
 * Returns: (transfer none) (nullable): the plan shown
 */
const BiePlanSnapshot *
bie_timeline_widget_get_plan (BieTimelineWidget *self)
{
  g_return_val_if_fail (BIE_IS_TIMELINE_WIDGET (self), NULL);

  return self->plan;
}

/**
 * bie_timeline_widget_get_selected_activity:
 *
 * Returns: the id of the selected activity, or 0
 */
gint64
bie_timeline_widget_get_selected_activity (BieTimelineWidget *self)
{
  g_return_val_if_fail (BIE_IS_TIMELINE_WIDGET (self), 0);

  return self->selected >= 0 ? get_activity (self, self->selected)->id : 0;
}

/**
 * bie_timeline_widget_set_selected_activity:
 * @activity_id: an activity of the plan, or 0 for none
 *
 * Selects the activity and scrolls it into view.
 */
void
bie_timeline_widget_set_selected_activity (BieTimelineWidget *self,
                                           gint64             activity_id)
{
  g_return_if_fail (BIE_IS_TIMELINE_WIDGET (self));

  select_index (self, find_activity (self, activity_id), TRUE);
}

/**
 * bie_timeline_widget_zoom:
 * @factor: more than 1 to zoom in
 *
 * Zooms around the middle of the chart.
 */
void
bie_timeline_widget_zoom (BieTimelineWidget *self,
                          double             factor)
{
  g_return_if_fail (BIE_IS_TIMELINE_WIDGET (self));
  g_return_if_fail (factor > 0);

  zoom_around (self, factor, label_width (self) + chart_width (self) / 2);
}

/**
 * bie_timeline_widget_show_today:
 *
 * Scrolls so that today is in the middle of the chart.
 */
void
bie_timeline_widget_show_today (BieTimelineWidget *self)
{
  g_return_if_fail (BIE_IS_TIMELINE_WIDGET (self));

  if (self->plan == NULL)
    return;

  center_day (self, today_julian (self));
  clamp_view (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * bie_timeline_widget_show_all:
 *
 * Zooms to show the whole plan, as when it was first shown.
 */
void
bie_timeline_widget_show_all (BieTimelineWidget *self)
{
  g_return_if_fail (BIE_IS_TIMELINE_WIDGET (self));

  place_view (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * bie_timeline_widget_get_view:
 * @view: (out): what the timeline shows: first day, zoom, size, scroll
 */
void
bie_timeline_widget_get_view (BieTimelineWidget *self,
                              BieTimelineView   *view)
{
  g_return_if_fail (BIE_IS_TIMELINE_WIDGET (self));
  g_return_if_fail (view != NULL);

  *view = self->view;
}

/**
 * bie_timeline_widget_get_activity_area:
 * @area: (out): where the activity is drawn, in the widget's coordinates
 *
 * Returns: whether the activity is in the plan and drawn (it has a date)
 */
gboolean
bie_timeline_widget_get_activity_area (BieTimelineWidget *self,
                                       gint64             activity_id,
                                       graphene_rect_t   *area)
{
  cairo_rectangle_t rect;

  g_return_val_if_fail (BIE_IS_TIMELINE_WIDGET (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (!get_activity_rect (self, find_activity (self, activity_id), &rect))
    return FALSE;

  graphene_rect_init (area, rect.x, rect.y, rect.width, rect.height);

  return TRUE;
}

/* GObject */

static void
bie_timeline_widget_dispose (GObject *object)
{
  BieTimelineWidget *self = BIE_TIMELINE_WIDGET (object);

  invalidate_layout (self);
  g_clear_pointer (&self->plan, bie_plan_snapshot_free);

  G_OBJECT_CLASS (bie_timeline_widget_parent_class)->dispose (object);
}

static void
bie_timeline_widget_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BieTimelineWidget *self = BIE_TIMELINE_WIDGET (object);

  switch (prop_id)
    {
    case PROP_SELECTED_ACTIVITY:
      g_value_set_int64 (value, bie_timeline_widget_get_selected_activity (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bie_timeline_widget_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BieTimelineWidget *self = BIE_TIMELINE_WIDGET (object);

  switch (prop_id)
    {
    case PROP_SELECTED_ACTIVITY:
      bie_timeline_widget_set_selected_activity (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bie_timeline_widget_class_init (BieTimelineWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bie_timeline_widget_dispose;
  object_class->get_property = bie_timeline_widget_get_property;
  object_class->set_property = bie_timeline_widget_set_property;

  widget_class->snapshot = bie_timeline_widget_snapshot;
  widget_class->measure = bie_timeline_widget_measure;
  widget_class->size_allocate = bie_timeline_widget_size_allocate;
  widget_class->css_changed = bie_timeline_widget_css_changed;
  widget_class->state_flags_changed = bie_timeline_widget_state_flags_changed;
  widget_class->query_tooltip = bie_timeline_widget_query_tooltip;

  /**
   * BieTimelineWidget:selected-activity:
   *
   * The id of the selected activity, or 0.
   */
  properties[PROP_SELECTED_ACTIVITY] =
    g_param_spec_int64 ("selected-activity", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BieTimelineWidget::activity-activated:
   * @activity_id: the activity
   *
   * An activity was double-clicked, or Enter pressed on it: open it.
   */
  signals[ACTIVITY_ACTIVATED] = g_signal_new ("activity-activated",
                                              G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * BieTimelineWidget::activity-moved:
   * @activity_id: the activity
   * @days: how many whole days later (negative: earlier) its start and
   *   end go
   *
   * An activity was dragged, or moved with Alt and an arrow key. The
   * timeline shows it at its new dates until its plan is read again: a
   * handler that could not save the move gives it the plan as it is.
   */
  signals[ACTIVITY_MOVED] = g_signal_new ("activity-moved",
                                          G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bie_timeline_widget_init (BieTimelineWidget *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->selected = -1;
  self->hovered = -1;
  self->dragged = -1;
  self->pointer_x = -1;
  bie_timeline_view_init (&self->view, 0, 0);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (on_drag_end), self);
  g_signal_connect (gesture, "cancel", G_CALLBACK (on_drag_cancel), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  update_accessible (self);
}
