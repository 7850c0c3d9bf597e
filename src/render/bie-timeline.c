/* bie-timeline.c: a family care plan drawn on a time axis
 *
 * The geometry: a view says which days show and how big; a layout places
 * one plan at one zoom (lanes, rows, shapes, labels), so that a widget
 * scrolling or hovering draws and hit-tests without measuring any text
 * again. The drawing itself is in bie-timeline-draw.c.
 *
 * Labels never overlap: each activity takes the room of its shape, its
 * "!" badge and its label (inside the bar when it fits, else beside it),
 * and activities whose room overlaps in one lane go into rows of their
 * own, so a lane grows as tall as its busiest weeks need.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-timeline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <time.h>

#include "bie-render-text.h"
#include "bie-timeline-private.h"

/* The largest Julian day a GDate holds (31 December 65535). */
#define MAX_JULIAN 23936166.0

static BieRgba
rgb (guint32 hex)
{
  return (BieRgba) { ((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0, (hex & 0xff) / 255.0, 1.0 };
}

/**
 * bie_timeline_style_init_light:
 *
 * Dark marks on white, for a light widget and for paper. The colours are
 * GNOME's palette, chosen apart in lightness as well as in hue.
 */
void
bie_timeline_style_init_light (BieTimelineStyle *style)
{
  g_return_if_fail (style != NULL);

  style->foreground = rgb (0x1e1e1e);
  style->background = rgb (0xffffff);
  style->accent = rgb (0x9141ac);
  style->overdue = rgb (0xc01c28);
  style->goal = rgb (0xb36b00);
  style->status[BIE_ACTIVITY_PLANNED] = rgb (0x3584e4);
  style->status[BIE_ACTIVITY_SCHEDULED] = rgb (0x1a5fb4);
  style->status[BIE_ACTIVITY_IN_PROGRESS] = rgb (0x0e7c86);
  style->status[BIE_ACTIVITY_DONE] = rgb (0x26a269);
  style->status[BIE_ACTIVITY_CANCELLED] = rgb (0x77767b);
  style->status[BIE_ACTIVITY_NOT_DONE] = rgb (0xc64600);
}

/**
 * bie_timeline_style_init_dark:
 *
 * Light marks on libadwaita's dark window colour.
 */
void
bie_timeline_style_init_dark (BieTimelineStyle *style)
{
  g_return_if_fail (style != NULL);

  style->foreground = rgb (0xffffff);
  style->background = rgb (0x242424);
  style->accent = rgb (0xc061cb);
  style->overdue = rgb (0xff7b63);
  style->goal = rgb (0xf5c211);
  style->status[BIE_ACTIVITY_PLANNED] = rgb (0x62a0ea);
  style->status[BIE_ACTIVITY_SCHEDULED] = rgb (0x3584e4);
  style->status[BIE_ACTIVITY_IN_PROGRESS] = rgb (0x2ec2b3);
  style->status[BIE_ACTIVITY_DONE] = rgb (0x33d17a);
  style->status[BIE_ACTIVITY_CANCELLED] = rgb (0x9a9996);
  style->status[BIE_ACTIVITY_NOT_DONE] = rgb (0xff7800);
}

/* What a view's zoom means, whatever it holds. */
static double
view_ppd (const BieTimelineView *view)
{
  return isfinite (view->pixels_per_day) && view->pixels_per_day > 0 ?
         CLAMP (view->pixels_per_day, 1e-6, 1e4) : 1.0;
}

/* What a view's text scale means, whatever it holds. */
static double
view_scale (const BieTimelineView *view)
{
  return isfinite (view->text_scale) && view->text_scale > 0 ? CLAMP (view->text_scale, 0.1, 10) : 1.0;
}

static double
julian (const GDate *date)
{
  return g_date_get_julian (date);
}

/**
 * bie_timeline_view_init:
 *
 * A view of the weeks around the current day, at a zoom where days are
 * told apart.
 */
void
bie_timeline_view_init (BieTimelineView *view,
                        double           width,
                        double           height)
{
  GDate today;

  g_return_if_fail (view != NULL);

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  view->width = width;
  view->height = height;
  view->pixels_per_day = 6;
  view->scroll_y = 0;
  view->text_scale = 1;
  view->first_day = julian (&today) - 14;
}

/**
 * bie_timeline_view_get_label_width:
 *
 * Returns: the width of the column of lane names on the left: about a
 *   quarter of the view, within bounds that follow the text size
 */
double
bie_timeline_view_get_label_width (const BieTimelineView *view)
{
  double scale, width;

  g_return_val_if_fail (view != NULL, 0);

  scale = view_scale (view);
  width = CLAMP (view->width * 0.28, 90 * scale, 220 * scale);

  return floor (MIN (width, view->width * 0.45));
}

/* The days a plan spans, with a little room either side so the marks on
 * its first and last days are whole: [*from, *to) in Julian days. */
static void
plan_span (const BiePlanSnapshot *plan,
           double                *from,
           double                *to)
{
  GDate first, last;
  double margin;

  /* It only reads the snapshot. */
  bie_plan_snapshot_get_range ((BiePlanSnapshot *) plan, &first, &last);
  if (!g_date_valid (&first))
    {
      g_date_set_time_t (&first, time (NULL));
      *from = julian (&first) - 14;
      *to = julian (&first) + 15;
      return;
    }

  margin = MAX (2.0, (julian (&last) - julian (&first) + 1) * 0.03);
  *from = julian (&first) - margin;
  *to = julian (&last) + 1 + margin;
}

/**
 * bie_timeline_view_fit:
 *
 * Shows the whole plan, from its first day to its last, across @width:
 * what a printed page or an overview shows. Keeps the view's text scale.
 */
void
bie_timeline_view_fit (BieTimelineView       *view,
                       const BiePlanSnapshot *plan,
                       double                 width,
                       double                 height)
{
  double from, to;

  g_return_if_fail (view != NULL);
  g_return_if_fail (plan != NULL);

  view->width = width;
  view->height = height;
  view->scroll_y = 0;
  view->text_scale = view_scale (view);

  plan_span (plan, &from, &to);
  view->first_day = from;
  view->pixels_per_day = MAX (1.0, width - bie_timeline_view_get_label_width (view)) / (to - from);
}

/**
 * bie_timeline_view_set_first_day:
 *
 * Scrolls so that @day starts at the chart's left edge.
 */
void
bie_timeline_view_set_first_day (BieTimelineView *view,
                                 const GDate     *day)
{
  g_return_if_fail (view != NULL);
  g_return_if_fail (day != NULL && g_date_valid (day));

  view->first_day = julian (day);
}

/**
 * bie_timeline_view_zoom:
 * @factor: more than 1 to zoom in
 * @anchor_x: the x, in view pixels, whose day stays where it is (the
 *   pointer's)
 */
void
bie_timeline_view_zoom (BieTimelineView *view,
                        double           factor,
                        double           anchor_x)
{
  double label_w, day;

  g_return_if_fail (view != NULL);
  g_return_if_fail (factor > 0);

  label_w = bie_timeline_view_get_label_width (view);
  day = view->first_day + (anchor_x - label_w) / view_ppd (view);
  /* Up to a day across a screen. */
  view->pixels_per_day = CLAMP (view_ppd (view) * factor, 1e-6, 400);
  view->first_day = day - (anchor_x - label_w) / view->pixels_per_day;
}

/**
 * bie_timeline_day_to_x:
 *
 * Returns: the x where @day begins, in view pixels
 */
double
bie_timeline_day_to_x (const BieTimelineView *view,
                       const GDate           *day)
{
  g_return_val_if_fail (view != NULL, 0);
  g_return_val_if_fail (day != NULL && g_date_valid (day), 0);

  return bie_timeline_view_get_label_width (view) + (julian (day) - view->first_day) * view_ppd (view);
}

/**
 * bie_timeline_day_at:
 * @x: in view pixels
 * @day: (out): the day under @x, also outside the chart (as far as a
 *   GDate goes), for dragging past its edges
 *
 * Returns: whether @x is on the chart, not on the lane names or past the
 *   right edge
 */
gboolean
bie_timeline_day_at (const BieTimelineView *view,
                     double                 x,
                     GDate                 *day)
{
  double label_w, value;

  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (day != NULL, FALSE);

  label_w = bie_timeline_view_get_label_width (view);
  value = floor (view->first_day + (x - label_w) / view_ppd (view));
  if (isnan (value))
    value = 1;
  g_date_clear (day, 1);
  g_date_set_julian (day, (guint32) CLAMP (value, 1, MAX_JULIAN));

  return x >= label_w && x < view->width;
}

/* Text */

/* Every text of a layout is shaped once, and shared by every label that
 * says the same within the same width (most activities are one of a few
 * kinds). */
PangoLayout *
bie_timeline_layout_get_text (BieTimelineLayout *self,
                              BieTimelineFont    font,
                              const char        *text,
                              double             width)
{
  g_autofree char *key = NULL;
  PangoLayout *layout;

  width = width > 0 ? ceil (width * 4) / 4 : -1;
  key = g_strdup_printf ("%d:%g:%s", font, width, text);
  layout = g_hash_table_lookup (self->texts, key);
  if (layout != NULL)
    return layout;

  layout = pango_layout_new (self->context);
  pango_layout_set_font_description (layout, self->fonts[font]);
  /* Data from the store may hold line breaks; a label is one line. */
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_set_text (layout, text, -1);
  g_hash_table_insert (self->texts, g_steal_pointer (&key), layout);

  return layout;
}

static PangoLayout *
new_paragraph (BieTimelineLayout *self,
               BieTimelineFont    font,
               const char        *text,
               double             width,
               int                max_lines)
{
  PangoLayout *layout = pango_layout_new (self->context);

  pango_layout_set_font_description (layout, self->fonts[font]);
  pango_layout_set_width (layout, (int) (MAX (1, width) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, -max_lines);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static void
init_text (BieTimelineLayout *self)
{
  cairo_font_options_t *options = cairo_font_options_create ();
  static const double sizes[BIE_TIMELINE_N_FONTS] = { 12, 12, 10.5 };

  self->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  /* Metrics that do not depend on the surface: the layout measured once
   * is right on a screen, a PDF page and a PNG. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (self->context, FALSE);
  pango_context_set_language (self->context, pango_language_get_default ());

  for (guint i = 0; i < BIE_TIMELINE_N_FONTS; i++)
    {
      self->fonts[i] = pango_font_description_from_string (BIE_TIMELINE_FONT);
      pango_font_description_set_absolute_size (self->fonts[i], sizes[i] * self->scale * PANGO_SCALE);
    }
  pango_font_description_set_weight (self->fonts[BIE_TIMELINE_FONT_BOLD], PANGO_WEIGHT_BOLD);

  self->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/* The widest of the names the axis may show, so the axis picks ticks far
 * enough apart for them in the user's language. */
static void
measure_axis (BieTimelineLayout *self)
{
  GDate date;

  self->day_label_w = bie_render_text_width (bie_timeline_layout_get_text (self, BIE_TIMELINE_FONT_SMALL, "30", -1));
  self->year_label_w = bie_render_text_width (bie_timeline_layout_get_text (self, BIE_TIMELINE_FONT_SMALL, "2030", -1));
  self->month_label_w = 0;
  g_date_clear (&date, 1);
  for (guint month = 1; month <= 12; month++)
    {
      char name[64];

      g_date_set_dmy (&date, 1, month, 2026);
      if (g_date_strftime (name, sizeof name, "%b", &date) > 0)
        self->month_label_w = MAX (self->month_label_w,
                                   bie_render_text_width (bie_timeline_layout_get_text (self, BIE_TIMELINE_FONT_SMALL,
                                                                             name, -1)));
    }
}

/* Placing */

static double
day_x (BieTimelineLayout *self,
       double             day)
{
  return (day - self->origin) * self->pixels_per_day;
}

static const char *
activity_title (const BiePlanActivity *activity)
{
  if (activity->title != NULL && *activity->title != '\0')
    return activity->title;

  return activity->kind;
}

/* The inside of a bar left for its label, after the mark some statuses
 * draw at its start. */
static double
bar_room (BieTimelineLayout *self,
          int                status,
          double             width)
{
  double mark = status == BIE_ACTIVITY_DONE || status == BIE_ACTIVITY_NOT_DONE ? self->bar_h * 0.7 : 0;

  return width - 2 * self->pad - mark;
}

/* A label beside its shape: on the right, or on the left where the right
 * would run past the plan's last day and the left has room. */
static void
place_label_beside (BieTimelineLayout *self,
                    BieTimelineItem   *item,
                    const char        *text,
                    double             cap,
                    double             left_limit,
                    double             right_limit)
{
  double natural;

  if (text == NULL || *text == '\0')
    return;

  natural = bie_render_text_width (bie_timeline_layout_get_text (self, BIE_TIMELINE_FONT_NORMAL, text, -1));
  item->label = bie_timeline_layout_get_text (self, BIE_TIMELINE_FONT_NORMAL, text, natural > cap ? cap : -1);
  item->label_w = bie_render_text_width (item->label);
  item->label_inside = FALSE;
  item->label_x = item->end + self->pad;
  if (item->label_x + item->label_w <= right_limit)
    return;

  if (item->x0 - self->pad - item->label_w >= left_limit)
    item->label_x = item->x0 - self->pad - item->label_w;
  else if (right_limit - item->label_x >= 40 * self->scale)
    {
      /* Shorter, rather than cut by the edge of a fitted view. */
      item->label = bie_timeline_layout_get_text (self, BIE_TIMELINE_FONT_NORMAL, text,
                                                  right_limit - item->label_x);
      item->label_w = bie_render_text_width (item->label);
    }
}

static void
place_activity (BieTimelineLayout     *self,
                const BiePlanActivity *activity,
                BieTimelineItem       *item,
                double                 left_limit,
                double                 right_limit)
{
  gboolean has_start = g_date_valid (&activity->start), has_end = g_date_valid (&activity->end);
  const char *title = activity_title (activity);
  double half = self->bar_h / 2, centre = 0;
  /* Labels beside their marks take at most a share of a wide chart. */
  double cap = CLAMP ((self->width - self->label_w) * 0.15, 120 * self->scale, 240 * self->scale);

  item->status = activity->status < BIE_TIMELINE_N_STATUSES ? activity->status : BIE_ACTIVITY_PLANNED;
  item->marked = activity->overdue;
  if (!has_start && !has_end)
    {
      item->shape = BIE_TIMELINE_SHAPE_NONE;
      return;
    }

  if (has_start && has_end && g_date_compare (&activity->end, &activity->start) >= 0)
    {
      item->x0 = day_x (self, julian (&activity->start));
      item->x1 = day_x (self, julian (&activity->end) + 1);
      if (item->x1 - item->x0 >= self->bar_h)
        item->shape = BIE_TIMELINE_SHAPE_BAR;
      else
        centre = (item->x0 + item->x1) / 2;
    }
  else if (has_start)
    {
      /* One day, or an end before the start that no bar can show: a
       * diamond on the first day, flagged when the dates are impossible. */
      item->marked |= has_end;
      centre = day_x (self, julian (&activity->start) + 0.5);
    }
  else
    centre = day_x (self, julian (&activity->end) + 0.5);

  if (item->shape != BIE_TIMELINE_SHAPE_BAR)
    {
      item->shape = BIE_TIMELINE_SHAPE_DIAMOND;
      item->x0 = centre - half;
      item->x1 = centre + half;
    }

  item->end = item->x1;
  if (item->marked)
    {
      item->badge_x = item->x1 + self->pad / 2 + self->bar_h * 0.36;
      item->end = item->badge_x + self->bar_h * 0.36;
    }

  if (title == NULL || *title == '\0')
    return;

  if (item->shape == BIE_TIMELINE_SHAPE_BAR)
    {
      double room = bar_room (self, item->status, item->x1 - item->x0);
      double natural = bie_render_text_width (bie_timeline_layout_get_text (self, BIE_TIMELINE_FONT_NORMAL, title, -1));

      /* Inside when it fits whole; cut short inside only when it would be
       * cut beside the bar too. */
      if (room >= natural || (room >= 48 * self->scale && natural > cap))
        {
          item->label = bie_timeline_layout_get_text (self, BIE_TIMELINE_FONT_NORMAL, title,
                                                      natural > room ? room : -1);
          item->label_w = bie_render_text_width (item->label);
          item->label_inside = TRUE;
          item->label_x = item->x1 - self->pad - room;
          return;
        }
    }

  place_label_beside (self, item, title, cap, left_limit, right_limit);
}

static void
place_goal (BieTimelineLayout *self,
            const BiePlanGoal *goal,
            BieTimelineItem   *item,
            double             left_limit,
            double             right_limit)
{
  const GDate *today = &self->plan->today;
  double centre;

  item->status = goal->status <= BIE_GOAL_CANCELLED ? goal->status : BIE_GOAL_PROPOSED;
  if (!g_date_valid (&goal->target))
    {
      item->shape = BIE_TIMELINE_SHAPE_NONE;
      return;
    }

  centre = day_x (self, julian (&goal->target) + 0.5);
  item->shape = BIE_TIMELINE_SHAPE_FLAG;
  item->x0 = centre - self->bar_h / 2;
  item->x1 = centre + self->bar_h / 2;
  item->end = item->x1;
  /* A goal still pursued past its date is as late as an activity. */
  item->marked = (goal->status == BIE_GOAL_PROPOSED || goal->status == BIE_GOAL_ACTIVE) &&
                 g_date_valid (today) && g_date_compare (&goal->target, today) < 0;
  if (item->marked)
    {
      item->badge_x = item->x1 + self->pad / 2 + self->bar_h * 0.36;
      item->end = item->badge_x + self->bar_h * 0.36;
    }

  place_label_beside (self, item, goal->description,
                      CLAMP ((self->width - self->label_w) * 0.3, 160 * self->scale, 360 * self->scale),
                      left_limit, right_limit);
}

static double
item_left (const BieTimelineItem *item)
{
  return item->label != NULL ? MIN (item->x0, item->label_x) : item->x0;
}

static double
item_right (const BieTimelineItem *item)
{
  return item->label != NULL ? MAX (item->end, item->label_x + item->label_w) : item->end;
}

static int
compare_by_left (gconstpointer a,
                 gconstpointer b,
                 gpointer      items)
{
  guint i = *(const guint *) a, j = *(const guint *) b;
  double x = item_left (&g_array_index ((GArray *) items, BieTimelineItem, i));
  double y = item_left (&g_array_index ((GArray *) items, BieTimelineItem, j));

  if (x != y)
    return x < y ? -1 : 1;

  return i < j ? -1 : i > j;
}

/* Stacks @indices (items of one lane) into rows where no two overlap:
 * taken from the left, each goes into the first row free at its left end.
 * Returns the number of rows. */
static guint
stack_rows (BieTimelineLayout *self,
            GArray            *items,
            GArray            *indices)
{
  g_autoptr(GArray) row_ends = g_array_new (FALSE, FALSE, sizeof (double));

  g_array_sort_with_data (indices, compare_by_left, items);

  for (guint k = 0; k < indices->len; k++)
    {
      BieTimelineItem *item = &g_array_index (items, BieTimelineItem, g_array_index (indices, guint, k));
      double left = item_left (item);
      guint row;

      for (row = 0; row < row_ends->len; row++)
        if (g_array_index (row_ends, double, row) + self->gap <= left)
          break;
      if (row == row_ends->len)
        g_array_set_size (row_ends, row + 1);
      g_array_index (row_ends, double, row) = item_right (item);
      item->row = row;
    }

  return row_ends->len;
}

static void
add_break (BieTimelineLayout *self,
           double             y)
{
  g_array_append_val (self->breaks, y);
}

static char *
lane_title (const BiePlanLane *lane)
{
  const char *name = lane->name != NULL ? lane->name : "";

  if (lane->age < 0)
    return g_strdup (name);

  /* Translators: a lane of the timeline: a member's name and age in years */
  return g_strdup_printf (C_("timeline lane", "%s, %d"), name, lane->age);
}

static void
place_lanes (BieTimelineLayout *self)
{
  const BiePlanSnapshot *plan = self->plan;
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  double y = 0;

  for (guint i = 0; i < plan->lanes->len; i++)
    g_ptr_array_add (members, g_array_new (FALSE, FALSE, sizeof (guint)));

  for (guint i = 0; i < self->items->len; i++)
    {
      BieTimelineItem *item = &g_array_index (self->items, BieTimelineItem, i);

      if (item->shape == BIE_TIMELINE_SHAPE_NONE)
        continue;
      /* An activity of a lane the plan does not have is the family's. */
      if (item->lane >= plan->lanes->len)
        item->lane = 0;
      g_array_append_val (g_ptr_array_index (members, item->lane), i);
    }

  for (guint i = 0; i < plan->lanes->len; i++)
    {
      const BiePlanLane *lane = g_ptr_array_index (plan->lanes, i);
      g_autofree char *title = lane_title (lane);
      BieTimelineLane row = { 0 };
      double text_w = self->label_w - 2 * self->pad;

      row.n_rows = stack_rows (self, self->items, g_ptr_array_index (members, i));
      row.y = y;
      /* Room for the name and the document beside even a lane with no
       * activity, so the column of names reads as a list. */
      row.height = ceil (MAX (2 * self->pad + MAX (1, row.n_rows) * self->row_h,
                              3 * self->pad + self->line_h + self->small_line_h));
      row.name = bie_timeline_layout_get_text (self, BIE_TIMELINE_FONT_BOLD, title, text_w);
      if (lane->document != NULL && *lane->document != '\0')
        row.detail = bie_timeline_layout_get_text (self, BIE_TIMELINE_FONT_SMALL, lane->document, text_w);

      add_break (self, y);
      for (guint r = 1; r < row.n_rows; r++)
        add_break (self, y + self->pad + r * self->row_h);
      g_array_append_val (self->lanes, row);
      y += row.height;
    }

  for (guint i = 0; i < self->items->len; i++)
    {
      BieTimelineItem *item = &g_array_index (self->items, BieTimelineItem, i);

      if (item->shape != BIE_TIMELINE_SHAPE_NONE)
        item->y = g_array_index (self->lanes, BieTimelineLane, item->lane).y + self->pad + item->row * self->row_h;
    }

  self->lanes_h = y;
  add_break (self, y);
}

static void
place_goals (BieTimelineLayout *self,
             double             left_limit,
             double             right_limit)
{
  const BiePlanSnapshot *plan = self->plan;
  g_autoptr(GArray) dated = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < plan->goals->len; i++)
    {
      BieTimelineItem item = { 0 };

      place_goal (self, g_ptr_array_index (plan->goals, i), &item, left_limit, right_limit);
      g_array_append_val (self->goals, item);
      if (item.shape != BIE_TIMELINE_SHAPE_NONE)
        g_array_append_val (dated, i);
    }

  self->n_goal_rows = stack_rows (self, self->goals, dated);
  for (guint i = 0; i < self->goals->len; i++)
    {
      BieTimelineItem *item = &g_array_index (self->goals, BieTimelineItem, i);

      item->y = self->pad + item->row * self->row_h;
    }
  self->goals_h = 2 * self->pad + MAX (1, self->n_goal_rows) * self->row_h;
}

/* What the chart cannot show, said below it. */
static void
place_note (BieTimelineLayout *self,
            guint              n_goals_undated)
{
  const BiePlanSnapshot *plan = self->plan;
  g_autoptr(GString) note = g_string_new (NULL);
  double chart_w = self->width - self->label_w;
  guint n_unscheduled = 0;

  for (guint i = 0; i < self->items->len; i++)
    if (g_array_index (self->items, BieTimelineItem, i).shape == BIE_TIMELINE_SHAPE_NONE)
      n_unscheduled++;

  if (n_unscheduled > 0)
    {
      gboolean first = TRUE;

      g_string_append_printf (note,
                              g_dngettext (GETTEXT_PACKAGE, "Unscheduled: %u activity",
                                           "Unscheduled: %u activities", n_unscheduled),
                              n_unscheduled);
      g_string_append (note, " — ");
      for (guint i = 0; i < self->items->len; i++)
        {
          const BiePlanActivity *activity = g_ptr_array_index (plan->activities, i);
          const BiePlanLane *lane;

          if (g_array_index (self->items, BieTimelineItem, i).shape != BIE_TIMELINE_SHAPE_NONE)
            continue;
          lane = activity->lane < plan->lanes->len ? g_ptr_array_index (plan->lanes, activity->lane) : NULL;
          g_string_append_printf (note, "%s%s", first ? "" : ", ",
                                  activity_title (activity) != NULL ? activity_title (activity) : "");
          if (lane != NULL && lane->name != NULL)
            g_string_append_printf (note, " (%s)", lane->name);
          first = FALSE;
        }
    }
  if (n_goals_undated > 0)
    {
      if (note->len > 0)
        g_string_append (note, "  ·  ");
      g_string_append_printf (note,
                              g_dngettext (GETTEXT_PACKAGE, "%u goal without a target date",
                                           "%u goals without a target date", n_goals_undated),
                              n_goals_undated);
    }

  if (note->len > 0)
    {
      self->note = new_paragraph (self, BIE_TIMELINE_FONT_SMALL, note->str, self->width - 2 * self->pad, 3);
      self->note_h = bie_render_text_height (self->note) + 2 * self->pad;
    }

  if (self->n_drawn == 0)
    self->empty = new_paragraph (self, BIE_TIMELINE_FONT_NORMAL,
                                 plan->activities->len == 0 ? _("This plan has no activities yet") :
                                                              _("No activity of this plan has a date yet"),
                                 MAX (1, chart_w - 4 * self->pad), 3);
}

/**
 * bie_timeline_layout_new:
 * @plan: the plan, which must outlive the layout
 * @view: its zoom, text scale and width; not where it is scrolled to
 *
 * Lays a plan out for a zoom. Scrolling (the view's first day and
 * scroll_y) and height may change without a new layout; see
 * bie_timeline_layout_matches().
 *
 * Returns: (transfer full): the layout
 */
BieTimelineLayout *
bie_timeline_layout_new (const BiePlanSnapshot *plan,
                         const BieTimelineView *view)
{
  BieTimelineLayout *self;
  double from, to, left_limit, right_limit;
  guint n_goals_undated = 0;

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (view != NULL, NULL);

  self = g_new0 (BieTimelineLayout, 1);
  self->plan = plan;
  self->pixels_per_day = view_ppd (view);
  self->width = view->width;
  self->scale = view_scale (view);
  init_text (self);

  self->pad = 4 * self->scale;
  self->gap = 8 * self->scale;
  self->line_h = bie_render_text_height (bie_timeline_layout_get_text (self, BIE_TIMELINE_FONT_NORMAL, "Ág", -1));
  self->small_line_h = bie_render_text_height (bie_timeline_layout_get_text (self, BIE_TIMELINE_FONT_SMALL, "Ág", -1));
  self->bar_h = ceil (self->line_h + 4 * self->scale);
  self->row_h = self->bar_h + 6 * self->scale;
  self->band_h = ceil (self->small_line_h + 6 * self->scale);
  self->axis_h = 2 * self->band_h;
  self->label_w = bie_timeline_view_get_label_width (view);
  measure_axis (self);

  plan_span (plan, &from, &to);
  self->origin = floor (from);
  left_limit = day_x (self, from);
  right_limit = day_x (self, to);

  self->lanes = g_array_new (FALSE, TRUE, sizeof (BieTimelineLane));
  self->items = g_array_sized_new (FALSE, TRUE, sizeof (BieTimelineItem), plan->activities->len);
  self->goals = g_array_new (FALSE, TRUE, sizeof (BieTimelineItem));
  self->breaks = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < plan->activities->len; i++)
    {
      const BiePlanActivity *activity = g_ptr_array_index (plan->activities, i);
      BieTimelineItem item = { 0 };

      item.lane = activity->lane;
      if (plan->lanes->len > 0)
        place_activity (self, activity, &item, left_limit, right_limit);
      if (item.shape != BIE_TIMELINE_SHAPE_NONE)
        self->n_drawn++;
      g_array_append_val (self->items, item);
    }

  place_lanes (self);
  place_goals (self, left_limit, right_limit);
  for (guint i = 0; i < self->goals->len; i++)
    if (g_array_index (self->goals, BieTimelineItem, i).shape == BIE_TIMELINE_SHAPE_NONE)
      n_goals_undated++;
  place_note (self, n_goals_undated);

  self->header_h = self->axis_h + self->goals_h;
  self->height = ceil (self->header_h + self->lanes_h + self->note_h);
  if (self->note_h > 0)
    add_break (self, self->lanes_h + self->note_h);

  return self;
}

void
bie_timeline_layout_free (BieTimelineLayout *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->note);
  g_clear_object (&self->empty);
  g_clear_pointer (&self->texts, g_hash_table_unref);
  for (guint i = 0; i < BIE_TIMELINE_N_FONTS; i++)
    g_clear_pointer (&self->fonts[i], pango_font_description_free);
  g_clear_object (&self->context);
  g_clear_pointer (&self->lanes, g_array_unref);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->goals, g_array_unref);
  g_clear_pointer (&self->breaks, g_array_unref);
  g_free (self);
}

/**
 * bie_timeline_layout_matches:
 *
 * Returns: whether @self can draw @plan in @view: the same plan (pointer),
 *   zoom, text scale and width
 */
gboolean
bie_timeline_layout_matches (BieTimelineLayout     *self,
                             const BiePlanSnapshot *plan,
                             const BieTimelineView *view)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);

  return self->plan == plan && self->pixels_per_day == view_ppd (view) &&
         self->scale == view_scale (view) && self->width == view->width;
}

/**
 * bie_timeline_layout_get_height:
 *
 * Returns: the height that shows everything without scrolling
 */
double
bie_timeline_layout_get_height (BieTimelineLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->height;
}

/**
 * bie_timeline_layout_get_header_height:
 *
 * Returns: the height of the axis and the goals, which stay while the
 *   lanes scroll under them
 */
double
bie_timeline_layout_get_header_height (BieTimelineLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->header_h;
}

/**
 * bie_timeline_layout_get_break:
 * @from: a scroll_y where a page of lanes starts
 * @max_height: the height of lanes the page has room for
 *
 * Where a printed page of the lanes should end so that no row of
 * activities is cut: the scroll_y of the next page.
 *
 * Returns: the furthest row boundary after @from within @max_height, or
 *   @from when the next row is taller than that
 */
double
bie_timeline_layout_get_break (BieTimelineLayout *self,
                               double             from,
                               double             max_height)
{
  double best = from;

  g_return_val_if_fail (self != NULL, from);

  for (guint i = 0; i < self->breaks->len; i++)
    {
      double at = g_array_index (self->breaks, double, i);

      if (at > from + 0.01 && at <= from + max_height + 0.01)
        best = MAX (best, at);
    }

  return best;
}

/* Where layout x = 0 is in the view. */
double
bie_timeline_layout_offset (BieTimelineLayout     *self,
                            const BieTimelineView *view)
{
  return self->label_w + (self->origin - view->first_day) * self->pixels_per_day;
}

static void
item_shape_rect (BieTimelineLayout     *self,
                 const BieTimelineItem *item,
                 double                 offset,
                 double                 top,
                 cairo_rectangle_t     *rect)
{
  rect->x = offset + item->x0;
  rect->y = top + item->y + (self->row_h - self->bar_h) / 2;
  rect->width = item->x1 - item->x0;
  rect->height = self->bar_h;
}

static gboolean
item_contains (BieTimelineLayout     *self,
               const BieTimelineItem *item,
               double                 offset,
               double                 top,
               double                 x,
               double                 y)
{
  cairo_rectangle_t rect;

  if (item->shape == BIE_TIMELINE_SHAPE_NONE)
    return FALSE;

  /* The shape with its badge, or its label. */
  item_shape_rect (self, item, offset, top, &rect);
  if (y < rect.y || y >= rect.y + rect.height)
    return FALSE;
  if (x >= rect.x && x < offset + item->end)
    return TRUE;

  return item->label != NULL && x >= offset + item->label_x && x < offset + item->label_x + item->label_w;
}

/**
 * bie_timeline_layout_activity_at:
 * @x: in view pixels
 * @y: in view pixels
 *
 * Returns: the index in the plan's activities of the one whose shape,
 *   badge or label is at @x, @y, or -1
 */
int
bie_timeline_layout_activity_at (BieTimelineLayout     *self,
                                 const BieTimelineView *view,
                                 double                 x,
                                 double                 y)
{
  double offset, top;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (view != NULL, -1);

  /* The header covers the lanes scrolled under it. */
  if (x < self->label_w || x >= view->width || y < self->header_h || y >= view->height)
    return -1;

  offset = bie_timeline_layout_offset (self, view);
  top = self->header_h - view->scroll_y;
  for (guint i = 0; i < self->items->len; i++)
    if (item_contains (self, &g_array_index (self->items, BieTimelineItem, i), offset, top, x, y))
      return i;

  return -1;
}

/**
 * bie_timeline_layout_goal_at:
 *
 * Returns: the index in the plan's goals of the one at @x, @y, or -1
 */
int
bie_timeline_layout_goal_at (BieTimelineLayout     *self,
                             const BieTimelineView *view,
                             double                 x,
                             double                 y)
{
  double offset;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (view != NULL, -1);

  if (x < self->label_w || x >= view->width || y < self->axis_h || y >= self->header_h)
    return -1;

  offset = bie_timeline_layout_offset (self, view);
  for (guint i = 0; i < self->goals->len; i++)
    if (item_contains (self, &g_array_index (self->goals, BieTimelineItem, i), offset, self->axis_h, x, y))
      return i;

  return -1;
}

/* The mark of item @index of @items (activities or goals) whose row starts
 * at @y in the view; FALSE when there is none or it is not drawn. */
static gboolean
get_item_rect (BieTimelineLayout     *self,
               GArray                *items,
               guint                  index,
               const BieTimelineView *view,
               double                 y,
               cairo_rectangle_t     *rect)
{
  const BieTimelineItem *item;

  if (index >= items->len)
    return FALSE;
  item = &g_array_index (items, BieTimelineItem, index);
  if (item->shape == BIE_TIMELINE_SHAPE_NONE)
    return FALSE;

  item_shape_rect (self, item, bie_timeline_layout_offset (self, view), y, rect);

  return TRUE;
}

/**
 * bie_timeline_layout_get_activity_rect:
 * @rect: (out): the activity's bar or diamond, in view pixels (it may be
 *   scrolled out of the view)
 *
 * Returns: whether the activity is drawn: %FALSE for one without dates or
 *   an index out of range
 */
gboolean
bie_timeline_layout_get_activity_rect (BieTimelineLayout     *self,
                                       const BieTimelineView *view,
                                       guint                  index,
                                       cairo_rectangle_t     *rect)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  return get_item_rect (self, self->items, index, view, self->header_h - view->scroll_y, rect);
}

/**
 * bie_timeline_layout_get_goal_rect:
 * @rect: (out): the goal's mark, in view pixels
 *
 * Returns: whether the goal is drawn: %FALSE for one without a target date
 */
gboolean
bie_timeline_layout_get_goal_rect (BieTimelineLayout     *self,
                                   const BieTimelineView *view,
                                   guint                  index,
                                   cairo_rectangle_t     *rect)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  return get_item_rect (self, self->goals, index, view, self->axis_h, rect);
}

/**
 * bie_timeline_layout_get_lane_rect:
 * @rect: (out): the lane across the whole view, name column included
 *
 * Returns: whether @lane is one of the plan's
 */
gboolean
bie_timeline_layout_get_lane_rect (BieTimelineLayout     *self,
                                   const BieTimelineView *view,
                                   guint                  lane,
                                   cairo_rectangle_t     *rect)
{
  const BieTimelineLane *row;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (lane >= self->lanes->len)
    return FALSE;

  row = &g_array_index (self->lanes, BieTimelineLane, lane);
  rect->x = 0;
  rect->y = self->header_h - view->scroll_y + row->y;
  rect->width = view->width;
  rect->height = row->height;

  return TRUE;
}

/**
 * bie_timeline_layout_get_text_rects:
 * @rects: (element-type cairo_rectangle_t): where to add them
 *
 * The box of every text a draw in @view shows, in view pixels: what tests
 * check for overlaps.
 */
void
bie_timeline_layout_get_text_rects (BieTimelineLayout     *self,
                                    const BieTimelineView *view,
                                    GArray                *rects)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  BieTimelineStyle style;

  g_return_if_fail (self != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (rects != NULL);

  bie_timeline_style_init_light (&style);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);
  bie_timeline_layout_paint (self, cr, view, &style, rects);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/**
 * bie_timeline_layout_draw:
 *
 * Draws the timeline into [0, width] × [0, height] of @cr's user space.
 */
void
bie_timeline_layout_draw (BieTimelineLayout      *self,
                          cairo_t                *cr,
                          const BieTimelineView  *view,
                          const BieTimelineStyle *style)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (style != NULL);

  bie_timeline_layout_paint (self, cr, view, style, NULL);
}

/**
 * bie_timeline_render:
 *
 * Lays out and draws @plan in one go.
 */
void
bie_timeline_render (cairo_t                *cr,
                     const BiePlanSnapshot  *plan,
                     const BieTimelineView  *view,
                     const BieTimelineStyle *style)
{
  g_autoptr(BieTimelineLayout) layout = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (plan != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (style != NULL);

  layout = bie_timeline_layout_new (plan, view);
  bie_timeline_layout_paint (layout, cr, view, style, NULL);
}

/**
 * bie_timeline_activity_at:
 *
 * Returns: the index of the activity at @x, @y in @view, or -1
 */
int
bie_timeline_activity_at (const BiePlanSnapshot *plan,
                          const BieTimelineView *view,
                          double                 x,
                          double                 y)
{
  g_autoptr(BieTimelineLayout) layout = NULL;

  g_return_val_if_fail (plan != NULL, -1);
  g_return_val_if_fail (view != NULL, -1);

  layout = bie_timeline_layout_new (plan, view);

  return bie_timeline_layout_activity_at (layout, view, x, y);
}

/**
 * bie_timeline_get_activity_rect:
 * @rect: (out): the activity's bar or diamond in @view
 *
 * Returns: whether the activity is drawn
 */
gboolean
bie_timeline_get_activity_rect (const BiePlanSnapshot *plan,
                                const BieTimelineView *view,
                                guint                  index,
                                cairo_rectangle_t     *rect)
{
  g_autoptr(BieTimelineLayout) layout = NULL;

  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);

  layout = bie_timeline_layout_new (plan, view);

  return bie_timeline_layout_get_activity_rect (layout, view, index, rect);
}

/**
 * bie_timeline_get_height:
 *
 * Returns: the height @plan needs at @view's zoom and width to show
 *   everything without scrolling
 */
double
bie_timeline_get_height (const BiePlanSnapshot *plan,
                         const BieTimelineView *view)
{
  g_autoptr(BieTimelineLayout) layout = NULL;

  g_return_val_if_fail (plan != NULL, 0);
  g_return_val_if_fail (view != NULL, 0);

  layout = bie_timeline_layout_new (plan, view);

  return layout->height;
}
