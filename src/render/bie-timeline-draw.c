/* bie-timeline-draw.c: drawing a laid-out timeline
 *
 * From the back to the front: lanes and the grid of the axis, the today
 * line, activities with their labels, what the chart cannot show, then the
 * header (axis and goals), which stays on top while the lanes scroll under
 * it. Each status has its own shape as well as its own colour, so the
 * picture reads in grey on paper and to people who tell colours apart
 * poorly: scheduled is filled, planned an outline, in progress half
 * filled, done filled with a check mark, not done hollow with a cross,
 * cancelled dashed and struck through; a red ring and a "!" badge mark
 * what is overdue or has impossible dates.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-timeline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "bie-render-text.h"
#include "bie-timeline-private.h"

#define MAX_JULIAN 23936166u

typedef enum
{
  UNIT_NONE,
  UNIT_DAY,
  UNIT_WEEK,
  UNIT_MONTH,
  UNIT_QUARTER,
  UNIT_YEAR,
} Unit;

typedef struct
{
  BieTimelineLayout      *layout;
  cairo_t                *cr;
  const BieTimelineView  *view;
  const BieTimelineStyle *style;
  GArray                 *rects;        /* text boxes drawn, or NULL */
  double                  offset;       /* the view x of layout x = 0 */
  double                  lanes_top;    /* the view y of the lanes' top */
  double                  chart_x;
  double                  right;
  double                  bottom;
  double                  lanes_bottom;
  Unit                    lower;        /* the axis's ticks */
  Unit                    upper;
  guint                   year_step;
  guint32                 first_day;    /* the days in view */
  guint32                 last_day;
} Paint;

/* Colours */

static void
set_colour (cairo_t       *cr,
            const BieRgba *colour,
            double         alpha)
{
  cairo_set_source_rgba (cr, colour->red, colour->green, colour->blue, colour->alpha * alpha);
}

static BieRgba
mix (const BieRgba *a,
     const BieRgba *b,
     double         t)
{
  return (BieRgba) {
    a->red + (b->red - a->red) * t,
    a->green + (b->green - a->green) * t,
    a->blue + (b->blue - a->blue) * t,
    a->alpha + (b->alpha - a->alpha) * t,
  };
}

/* @alpha of @colour over the background, opaque: large areas are filled
 * fastest without blending. */
static void
set_shade (cairo_t                *cr,
           const BieTimelineStyle *style,
           double                  alpha)
{
  BieRgba shade = mix (&style->background, &style->foreground, alpha);

  set_colour (cr, &shade, 1);
}

static double
linear (double c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (const BieRgba *c)
{
  return 0.2126 * linear (c->red) + 0.7152 * linear (c->green) + 0.0722 * linear (c->blue);
}

/* White or near-black, whichever contrasts more with @fill (WCAG). */
static BieRgba
contrast_on (const BieRgba *fill)
{
  double l = luminance (fill);

  if ((1.05 / (l + 0.05)) >= ((l + 0.05) / 0.05))
    return (BieRgba) { 1, 1, 1, 1 };

  return (BieRgba) { 0.08, 0.08, 0.08, 1 };
}

/* Paths and marks */

static void
path_rounded (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* A bar is a plain rectangle: the image backend fills rectangles much
 * faster than curves, and a timeline draws hundreds of bars a frame. */
static void
path_shape (cairo_t          *cr,
            BieTimelineShape  shape,
            double            x,
            double            y,
            double            w,
            double            h,
            double            grow)
{
  if (shape == BIE_TIMELINE_SHAPE_DIAMOND)
    {
      /* Grown by @grow across each edge, which is at 45° when w = h. */
      grow *= G_SQRT2;
      cairo_move_to (cr, x + w / 2, y - grow);
      cairo_line_to (cr, x + w + grow, y + h / 2);
      cairo_line_to (cr, x + w / 2, y + h + grow);
      cairo_line_to (cr, x - grow, y + h / 2);
      cairo_close_path (cr);
    }
  else
    cairo_rectangle (cr, x - grow, y - grow, w + 2 * grow, h + 2 * grow);
}

/* The band between the shape grown by @outer and by @inner, as a fill:
 * outlines are filled rather than stroked, for speed. */
static void
fill_ring (cairo_t          *cr,
           BieTimelineShape  shape,
           double            x,
           double            y,
           double            w,
           double            h,
           double            outer,
           double            inner)
{
  cairo_new_path (cr);
  path_shape (cr, shape, x, y, w, h, outer);
  path_shape (cr, shape, x, y, w, h, inner);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_fill (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
}

/* A dashed outline: dashes along a bar's long edges, as rectangles. */
static void
fill_dashed (cairo_t          *cr,
             BieTimelineShape  shape,
             double            x,
             double            y,
             double            w,
             double            h,
             double            line_w,
             double            scale)
{
  double dash = 3 * scale, gap = 2 * scale;

  cairo_new_path (cr);
  if (shape == BIE_TIMELINE_SHAPE_DIAMOND)
    {
      double dashes[] = { dash, gap };

      cairo_save (cr);
      cairo_set_line_width (cr, line_w);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      path_shape (cr, shape, x, y, w, h, -line_w / 2);
      cairo_stroke (cr);
      cairo_restore (cr);
      return;
    }

  cairo_rectangle (cr, x, y, line_w, h);
  cairo_rectangle (cr, x + w - line_w, y, line_w, h);
  for (double at = x + line_w + gap; at < x + w - line_w; at += dash + gap)
    {
      double length = MIN (dash, x + w - line_w - at);

      cairo_rectangle (cr, at, y, length, line_w);
      cairo_rectangle (cr, at, y + h - line_w, length, line_w);
    }
  cairo_fill (cr);
}

/* A line from (x0, y0) to (x1, y1), @width wide and reaching @width / 2
 * past its ends, added to the path as a quadrilateral: marks are filled,
 * which costs a fraction of stroking them. */
static void
path_segment (cairo_t *cr,
              double   x0,
              double   y0,
              double   x1,
              double   y1,
              double   width)
{
  double length = hypot (x1 - x0, y1 - y0), dx, dy;

  if (length <= 0)
    return;

  dx = (x1 - x0) / length * width / 2;
  dy = (y1 - y0) / length * width / 2;
  x0 -= dx;
  y0 -= dy;
  x1 += dx;
  y1 += dy;
  cairo_move_to (cr, x0 - dy, y0 + dx);
  cairo_line_to (cr, x1 - dy, y1 + dx);
  cairo_line_to (cr, x1 + dy, y1 - dx);
  cairo_line_to (cr, x0 + dy, y0 - dx);
  cairo_close_path (cr);
}

static void
draw_check (cairo_t *cr,
            double   x,
            double   y,
            double   size)
{
  double width = MAX (1.2, size * 0.18);

  cairo_new_path (cr);
  path_segment (cr, x + size * 0.14, y + size * 0.55, x + size * 0.4, y + size * 0.8, width);
  path_segment (cr, x + size * 0.4, y + size * 0.8, x + size * 0.88, y + size * 0.22, width);
  cairo_fill (cr);
}

static void
draw_cross (cairo_t *cr,
            double   x,
            double   y,
            double   size)
{
  double width = MAX (1.2, size * 0.18);

  cairo_new_path (cr);
  path_segment (cr, x + size * 0.22, y + size * 0.22, x + size * 0.78, y + size * 0.78, width);
  path_segment (cr, x + size * 0.78, y + size * 0.22, x + size * 0.22, y + size * 0.78, width);
  cairo_fill (cr);
}

/**
 * bie_timeline_draw_overdue_mark:
 *
 * The badge of what is overdue or has impossible dates: a "!" in a disc
 * of the style's overdue colour.
 */
void
bie_timeline_draw_overdue_mark (cairo_t                *cr,
                                const BieTimelineStyle *style,
                                double                  cx,
                                double                  cy,
                                double                  radius)
{
  BieRgba ink;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  ink = contrast_on (&style->overdue);
  cairo_save (cr);
  cairo_new_path (cr);
  cairo_arc (cr, cx, cy, radius, 0, 2 * G_PI);
  set_colour (cr, &style->overdue, 1);
  cairo_fill (cr);
  set_colour (cr, &ink, 1);
  cairo_rectangle (cr, cx - radius * 0.14, cy - radius * 0.62, radius * 0.28, radius * 0.78);
  cairo_rectangle (cr, cx - radius * 0.15, cy + radius * 0.3, radius * 0.3, radius * 0.3);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* An activity's bar or diamond in [x, x + w] × [y, y + h], filled and
 * marked by status; @split is where an activity in progress stops being
 * filled (its middle). */
static void
draw_activity_shape (cairo_t                *cr,
                     const BieTimelineStyle *style,
                     int                     status,
                     BieTimelineShape        shape,
                     gboolean                marked,
                     double                  x,
                     double                  y,
                     double                  w,
                     double                  h,
                     double                  split,
                     double                  scale)
{
  const BieRgba *colour = &style->status[status];
  BieRgba tint = mix (&style->background, colour, 0.2);
  BieRgba ink = contrast_on (colour);
  double line_w = MAX (1, 1.5 * scale);
  double icon = shape == BIE_TIMELINE_SHAPE_DIAMOND ? h * 0.5 : h * 0.6;
  double icon_x = shape == BIE_TIMELINE_SHAPE_DIAMOND ? x + (w - icon) / 2 : x + 3 * scale;
  double icon_y = y + (h - icon) / 2;

  cairo_save (cr);
  cairo_new_path (cr);

  switch ((BieActivityStatus) status)
    {
    case BIE_ACTIVITY_SCHEDULED:
      path_shape (cr, shape, x, y, w, h, 0);
      set_colour (cr, colour, 1);
      cairo_fill (cr);
      break;

    case BIE_ACTIVITY_DONE:
      path_shape (cr, shape, x, y, w, h, 0);
      set_colour (cr, colour, 1);
      cairo_fill (cr);
      set_colour (cr, &ink, 1);
      draw_check (cr, icon_x, icon_y, icon);
      break;

    case BIE_ACTIVITY_IN_PROGRESS:
      path_shape (cr, shape, x, y, w, h, 0);
      set_colour (cr, &tint, 1);
      cairo_fill_preserve (cr);
      cairo_save (cr);
      cairo_clip (cr);
      cairo_rectangle (cr, x, y, split - x, h);
      set_colour (cr, colour, 1);
      cairo_fill (cr);
      cairo_restore (cr);
      fill_ring (cr, shape, x, y, w, h, 0, -line_w);
      break;

    case BIE_ACTIVITY_CANCELLED:
      path_shape (cr, shape, x, y, w, h, 0);
      set_colour (cr, &style->background, 1);
      cairo_fill (cr);
      set_colour (cr, colour, 1);
      fill_dashed (cr, shape, x, y, w, h, line_w, scale);
      break;

    case BIE_ACTIVITY_NOT_DONE:
      path_shape (cr, shape, x, y, w, h, 0);
      set_colour (cr, &style->background, 1);
      cairo_fill (cr);
      set_colour (cr, colour, 1);
      fill_ring (cr, shape, x, y, w, h, 0, -line_w);
      draw_cross (cr, icon_x, icon_y, icon);
      break;

    case BIE_ACTIVITY_PLANNED:
    default:
      path_shape (cr, shape, x, y, w, h, 0);
      set_colour (cr, &tint, 1);
      cairo_fill (cr);
      set_colour (cr, colour, 1);
      fill_ring (cr, shape, x, y, w, h, 0, -line_w);
      break;
    }

  if (marked)
    {
      /* Outside the status's own outline, so both show. */
      set_colour (cr, &style->overdue, 1);
      fill_ring (cr, shape, x, y, w, h, 2.5 * scale, 0.5 * scale);
    }

  cairo_restore (cr);
}

/* The line through a cancelled activity and its label. */
static void
draw_strike (cairo_t                *cr,
             const BieTimelineStyle *style,
             double                  x0,
             double                  x1,
             double                  y,
             double                  scale)
{
  cairo_save (cr);
  cairo_new_path (cr);
  cairo_set_line_width (cr, MAX (1, 1.5 * scale));
  set_colour (cr, &style->status[BIE_ACTIVITY_CANCELLED], 1);
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/**
 * bie_timeline_draw_activity_mark:
 * @overdue: whether to add the overdue ring and badge (within @width)
 *
 * A sample of an activity's mark for @status, as the timeline draws it: a
 * bar when @width is at least twice @height, else a diamond. For legends
 * and tables, so they show the same shapes as the chart.
 */
void
bie_timeline_draw_activity_mark (cairo_t                *cr,
                                 const BieTimelineStyle *style,
                                 BieActivityStatus       status,
                                 gboolean                overdue,
                                 double                  x,
                                 double                  y,
                                 double                  width,
                                 double                  height)
{
  double scale = height / 20, w = width;
  BieTimelineShape shape;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);
  g_return_if_fail (status < BIE_TIMELINE_N_STATUSES);

  if (overdue)
    w -= height * 0.8 + 2 * scale;
  shape = w >= 2 * height ? BIE_TIMELINE_SHAPE_BAR : BIE_TIMELINE_SHAPE_DIAMOND;
  if (shape == BIE_TIMELINE_SHAPE_DIAMOND)
    w = height;

  draw_activity_shape (cr, style, status, shape, overdue, x, y, w, height, x + w / 2, scale);
  if (status == BIE_ACTIVITY_CANCELLED)
    draw_strike (cr, style, x, x + w, y + height / 2, scale);
  if (overdue)
    bie_timeline_draw_overdue_mark (cr, style, x + width - height * 0.4, y + height / 2, height * 0.36);
}

static void
path_star (cairo_t *cr,
           double   cx,
           double   cy,
           double   r)
{
  for (guint i = 0; i < 10; i++)
    {
      double angle = -G_PI / 2 + i * G_PI / 5;
      double radius = i % 2 == 0 ? r : r * 0.45;

      if (i == 0)
        cairo_move_to (cr, cx + radius * cos (angle), cy + radius * sin (angle));
      else
        cairo_line_to (cr, cx + radius * cos (angle), cy + radius * sin (angle));
    }
  cairo_close_path (cr);
}

/**
 * bie_timeline_draw_goal_mark:
 * @size: the side of the square it fills, from @x, @y
 *
 * A goal's mark: a flag, outlined when proposed, filled when active, a
 * star once achieved, and struck through when cancelled.
 */
void
bie_timeline_draw_goal_mark (cairo_t                *cr,
                             const BieTimelineStyle *style,
                             BieGoalStatus           status,
                             double                  x,
                             double                  y,
                             double                  size)
{
  const BieRgba *colour;
  double line_w = MAX (1, size * 0.09);
  double pole = x + size * 0.22;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  colour = status == BIE_GOAL_CANCELLED ? &style->status[BIE_ACTIVITY_CANCELLED] : &style->goal;
  cairo_save (cr);
  cairo_new_path (cr);
  cairo_set_line_width (cr, line_w);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  if (status == BIE_GOAL_ACHIEVED)
    {
      path_star (cr, x + size / 2, y + size * 0.53, size * 0.52);
      set_colour (cr, colour, 1);
      cairo_fill_preserve (cr);
      cairo_stroke (cr);
      cairo_restore (cr);
      return;
    }

  set_colour (cr, colour, 1);
  cairo_move_to (cr, pole, y + size * 0.04);
  cairo_line_to (cr, pole, y + size);
  cairo_stroke (cr);

  cairo_move_to (cr, pole, y + size * 0.06);
  cairo_line_to (cr, x + size * 0.95, y + size * 0.29);
  cairo_line_to (cr, pole, y + size * 0.56);
  cairo_close_path (cr);
  if (status == BIE_GOAL_ACTIVE)
    {
      cairo_fill_preserve (cr);
      cairo_stroke (cr);
    }
  else
    {
      set_colour (cr, &style->background, 1);
      cairo_fill_preserve (cr);
      set_colour (cr, colour, 1);
      cairo_stroke (cr);
    }

  if (status == BIE_GOAL_CANCELLED)
    {
      cairo_move_to (cr, x, y + size * 0.85);
      cairo_line_to (cr, x + size, y + size * 0.1);
      cairo_stroke (cr);
    }

  cairo_restore (cr);
}

/* Text */

static void
show_text (Paint       *p,
           PangoLayout *text,
           double       x,
           double       y)
{
  if (p->rects != NULL)
    {
      PangoRectangle logical;
      cairo_rectangle_t rect;

      pango_layout_get_extents (text, NULL, &logical);
      rect.x = x + logical.x / (double) PANGO_SCALE;
      rect.y = y + logical.y / (double) PANGO_SCALE;
      rect.width = logical.width / (double) PANGO_SCALE;
      rect.height = logical.height / (double) PANGO_SCALE;
      g_array_append_val (p->rects, rect);
    }

  cairo_move_to (p->cr, x, y);
  pango_cairo_show_layout (p->cr, text);
}

static void
line (cairo_t *cr,
      double   x0,
      double   y0,
      double   x1,
      double   y1)
{
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1, y1);
}

/* The axis */

/* Ticks as close as their names allow, from days to centuries. */
static void
choose_units (Paint *p)
{
  BieTimelineLayout *self = p->layout;
  double ppd = self->pixels_per_day, room = 3 * self->pad;
  static const guint steps[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000 };

  p->year_step = 1;
  if (ppd >= self->day_label_w + room)
    p->lower = UNIT_DAY;
  else if (7 * ppd >= self->day_label_w + room)
    p->lower = UNIT_WEEK;
  else if (28 * ppd >= self->month_label_w + room)
    p->lower = UNIT_MONTH;
  else if (89 * ppd >= self->month_label_w + room)
    p->lower = UNIT_QUARTER;
  else
    {
      p->lower = UNIT_YEAR;
      for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
        {
          p->year_step = steps[i];
          if (365 * steps[i] * ppd >= self->year_label_w + room)
            break;
        }
    }

  p->upper = p->lower <= UNIT_WEEK ? UNIT_MONTH : p->lower <= UNIT_QUARTER ? UNIT_YEAR : UNIT_NONE;
}

/* The first day of the period of @unit that holds @day. */
static guint32
period_start (guint32 day,
              Unit    unit,
              guint   year_step)
{
  GDate date;
  guint month, year;

  if (unit == UNIT_DAY)
    return day;
  if (unit == UNIT_WEEK)
    return day - (day - 1) % 7;   /* Julian day 1 is a Monday */

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  month = g_date_get_month (&date);
  year = g_date_get_year (&date);
  if (unit == UNIT_QUARTER)
    month -= (month - 1) % 3;
  else if (unit == UNIT_YEAR)
    {
      month = 1;
      year = MAX (1, year - year % year_step);
    }
  g_date_set_dmy (&date, 1, month, year);

  return g_date_get_julian (&date);
}

/* The first day of the next period, or 0 past the last day a GDate has. */
static guint32
period_next (guint32 start,
             Unit    unit,
             guint   year_step)
{
  GDate date;

  if (unit == UNIT_DAY || unit == UNIT_WEEK)
    {
      guint32 next = start + (unit == UNIT_DAY ? 1 : 7);

      return next <= MAX_JULIAN ? next : 0;
    }

  g_date_clear (&date, 1);
  g_date_set_julian (&date, start);
  if (unit == UNIT_YEAR)
    {
      if (g_date_get_year (&date) + year_step > 65535)
        return 0;
      g_date_add_years (&date, year_step);
      /* Back onto a multiple of the step after starting at year 1. */
      g_date_set_year (&date, g_date_get_year (&date) - g_date_get_year (&date) % year_step);
    }
  else
    {
      if (g_date_get_year (&date) == 65535 && g_date_get_month (&date) > 9)
        return 0;
      g_date_add_months (&date, unit == UNIT_QUARTER ? 3 : 1);
    }

  return g_date_get_julian (&date);
}

static double
view_x (Paint  *p,
        double  day)
{
  return p->chart_x + (day - p->view->first_day) * p->layout->pixels_per_day;
}

/* Calls @func for each period of @unit with a day in view. */
typedef void (*PeriodFunc) (Paint *p,
              Unit                 unit,
              guint32              start,
              guint32              next);

static void
foreach_period (Paint      *p,
                Unit        unit,
                PeriodFunc  func)
{
  guint32 start;

  if (unit == UNIT_NONE || p->first_day > p->last_day)
    return;

  start = period_start (p->first_day, unit, p->year_step);
  for (guint n = 0; start != 0 && start <= p->last_day && n < 4000; n++)
    {
      guint32 next = period_next (start, unit, p->year_step);

      func (p, unit, start, next != 0 ? next : MAX_JULIAN + 1);
      start = next;
    }
}

static void
grid_line (Paint   *p,
           Unit     unit,
           guint32  start,
           guint32  next)
{
  double x = view_x (p, start);

  if (x <= p->chart_x || x >= p->right)
    return;

  set_colour (p->cr, &p->style->foreground, unit == p->upper ? 0.16 : 0.06);
  line (p->cr, x, p->layout->header_h, x, p->lanes_bottom);
  cairo_stroke (p->cr);
}

static void
format_period (guint32  start,
               Unit     unit,
               int      variant,
               char    *buffer,
               gsize    size)
{
  static const char *month_formats[] = { "%B %Y", "%b %Y", "%b" };
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, start);
  switch (unit)
    {
    case UNIT_DAY:
    case UNIT_WEEK:
      g_snprintf (buffer, size, "%u", g_date_get_day (&date));
      break;

    case UNIT_MONTH:
      if (variant < 0)
        variant = 2;
      if (g_date_strftime (buffer, size, month_formats[MIN (variant, 2)], &date) == 0)
        *buffer = '\0';
      break;

    case UNIT_QUARTER:
      if (g_date_strftime (buffer, size, "%b", &date) == 0)
        *buffer = '\0';
      break;

    case UNIT_YEAR:
      g_snprintf (buffer, size, "%u", g_date_get_year (&date));
      break;

    case UNIT_NONE:
    default:
      *buffer = '\0';
      break;
    }
}

/* The today pill, in the upper band of the axis; zero width when today
 * is not in view. */
static void
today_pill (Paint              *p,
            PangoLayout       **text,
            cairo_rectangle_t  *rect)
{
  BieTimelineLayout *self = p->layout;
  const GDate *today = &self->plan->today;
  double x;

  *text = NULL;
  rect->width = 0;
  if (!g_date_valid (today))
    return;

  x = view_x (p, g_date_get_julian (today) + 0.5);
  if (x < p->chart_x || x > p->right)
    return;

  *text = bie_timeline_layout_get_text (self, BIE_TIMELINE_FONT_SMALL, _("Today"), -1);
  rect->width = bie_render_text_width (*text) + 2 * self->pad;
  rect->height = self->band_h - 2 * self->scale;
  rect->x = CLAMP (x - rect->width / 2, p->chart_x, MAX (p->chart_x, p->right - rect->width));
  rect->y = self->scale;
}

static gboolean
rects_intersect (double                   x,
                 double                   w,
                 const cairo_rectangle_t *rect)
{
  return rect->width > 0 && x < rect->x + rect->width && x + w > rect->x;
}

static void
upper_label (Paint   *p,
             Unit     unit,
             guint32  start,
             guint32  next)
{
  BieTimelineLayout *self = p->layout;
  double x0 = view_x (p, start), x1 = MIN (view_x (p, next), p->right);
  double left = MAX (x0, p->chart_x) + self->pad;
  cairo_rectangle_t pill;
  PangoLayout *pill_text;

  if (x0 > p->chart_x && x0 < p->right)
    {
      set_colour (p->cr, &p->style->foreground, 0.25);
      line (p->cr, x0, 0, x0, self->axis_h);
      cairo_stroke (p->cr);
    }

  today_pill (p, &pill_text, &pill);
  /* The shortest name that fits the part in view, sticking to the left
   * edge while its period scrolls out, and stepping aside for today. */
  for (int variant = 0; variant < 3; variant++)
    {
      char name[128];
      PangoLayout *text;
      double w, x = left;

      format_period (start, unit, unit == UNIT_MONTH ? variant : -1, name, sizeof name);
      if (*name == '\0')
        return;
      text = bie_timeline_layout_get_text (self, BIE_TIMELINE_FONT_SMALL, name, -1);
      w = bie_render_text_width (text);
      if (rects_intersect (x, w, &pill))
        x = pill.x + pill.width + self->pad;
      if (x + w <= x1 - self->pad)
        {
          set_colour (p->cr, &p->style->foreground, 0.9);
          show_text (p, text, x, (self->band_h - self->small_line_h) / 2);
          return;
        }
      if (unit != UNIT_MONTH)
        return;
    }
}

static void
lower_label (Paint   *p,
             Unit     unit,
             guint32  start,
             guint32  next)
{
  BieTimelineLayout *self = p->layout;
  double x0 = view_x (p, start), x1 = view_x (p, next);
  char name[128];
  PangoLayout *text;

  if (x0 > p->chart_x && x0 < p->right)
    {
      set_colour (p->cr, &p->style->foreground, 0.15);
      line (p->cr, x0, self->band_h, x0, self->axis_h);
      cairo_stroke (p->cr);
    }

  /* Only whole names: none half under the lane names or past the edge. */
  if (x0 + self->pad < p->chart_x)
    return;
  format_period (start, unit, -1, name, sizeof name);
  if (*name == '\0')
    return;
  text = bie_timeline_layout_get_text (self, BIE_TIMELINE_FONT_SMALL, name, -1);
  if (x0 + self->pad + bie_render_text_width (text) > MIN (x1, p->right))
    return;

  set_colour (p->cr, &p->style->foreground, 0.75);
  show_text (p, text, x0 + self->pad, self->band_h + (self->band_h - self->small_line_h) / 2);
}

/* Lanes */

static void
draw_lanes (Paint *p)
{
  BieTimelineLayout *self = p->layout;
  cairo_t *cr = p->cr;

  for (guint i = 0; i < self->lanes->len; i++)
    {
      const BieTimelineLane *lane = &g_array_index (self->lanes, BieTimelineLane, i);
      double top = p->lanes_top + lane->y, bottom = top + lane->height;

      if (bottom < self->header_h || top > p->bottom)
        continue;

      /* Every other lane shaded, so a row reads across a wide chart; the
       * column of names a shade darker. */
      set_shade (cr, p->style, i % 2 == 1 ? 0.065 : 0.03);
      cairo_rectangle (cr, 0, top, self->label_w, lane->height);
      cairo_fill (cr);
      if (i % 2 == 1)
        {
          set_shade (cr, p->style, 0.035);
          cairo_rectangle (cr, self->label_w, top, p->view->width - self->label_w, lane->height);
          cairo_fill (cr);
        }
      set_colour (cr, &p->style->foreground, 0.12);
      line (cr, 0, floor (bottom) + 0.5, p->view->width, floor (bottom) + 0.5);
      cairo_stroke (cr);
    }
}

static void
draw_lane_names (Paint *p)
{
  BieTimelineLayout *self = p->layout;

  for (guint i = 0; i < self->lanes->len; i++)
    {
      const BieTimelineLane *lane = &g_array_index (self->lanes, BieTimelineLane, i);
      double top = p->lanes_top + lane->y, bottom = top + lane->height;
      double block = self->line_h + (lane->detail != NULL ? self->small_line_h : 0);
      double y;

      if (bottom < self->header_h || top > p->bottom)
        continue;

      /* The name stays in view while a tall lane scrolls. */
      y = MAX (top + self->pad, self->header_h + self->pad);
      y = MIN (y, bottom - self->pad - block);

      set_colour (p->cr, &p->style->foreground, 1);
      show_text (p, lane->name, self->pad * 1.5, y);
      if (lane->detail != NULL)
        {
          set_colour (p->cr, &p->style->foreground, 0.65);
          show_text (p, lane->detail, self->pad * 1.5, y + self->line_h);
        }
    }
}

static void
draw_today_line (Paint  *p,
                 double  y0,
                 double  y1)
{
  const GDate *today = &p->layout->plan->today;
  double x;

  if (!g_date_valid (today))
    return;

  x = view_x (p, g_date_get_julian (today) + 0.5);
  if (x < p->chart_x || x > p->right)
    return;

  cairo_save (p->cr);
  cairo_set_line_width (p->cr, 2 * p->layout->scale);
  set_colour (p->cr, &p->style->accent, 1);
  line (p->cr, x, y0, x, y1);
  cairo_stroke (p->cr);
  cairo_restore (p->cr);
}

/* Activities and goals */

static void
draw_label (Paint                 *p,
            const BieTimelineItem *item,
            double                 top,
            gboolean               is_goal)
{
  BieTimelineLayout *self = p->layout;
  cairo_t *cr = p->cr;
  double x = p->offset + item->label_x;
  double y = top + (self->row_h - self->line_h) / 2;
  double mid = top + self->row_h / 2;
  gboolean cancelled = is_goal ? item->status == BIE_GOAL_CANCELLED : item->status == BIE_ACTIVITY_CANCELLED;

  if (item->label == NULL)
    return;

  if (!item->label_inside)
    {
      /* The label of a mark scrolled out on the left would show only its
       * end; the label of one on the right edge reads from its start. */
      if (x < p->chart_x)
        return;
      set_colour (cr, &p->style->foreground, cancelled ? 0.6 : 1);
      show_text (p, item->label, x, y);
      if (cancelled)
        draw_strike (cr, p->style, x, x + item->label_w, mid, self->scale);
      return;
    }

  {
    const BieRgba *colour = &p->style->status[item->status];
    BieRgba ink = contrast_on (colour);
    double bar_x0 = p->offset + item->x0, bar_x1 = p->offset + item->x1;
    double split = (bar_x0 + bar_x1) / 2;

    /* A long bar scrolled half out keeps its name in view. */
    x = MAX (x, MIN (p->chart_x + self->pad, bar_x1 - self->pad - item->label_w));

    switch ((BieActivityStatus) item->status)
      {
      case BIE_ACTIVITY_SCHEDULED:
      case BIE_ACTIVITY_DONE:
        set_colour (cr, &ink, 1);
        show_text (p, item->label, x, y);
        break;

      case BIE_ACTIVITY_IN_PROGRESS:
        /* Half filled: the text changes colour where the fill ends. */
        cairo_save (cr);
        cairo_rectangle (cr, bar_x0, top, split - bar_x0, self->row_h);
        cairo_clip (cr);
        set_colour (cr, &ink, 1);
        show_text (p, item->label, x, y);
        cairo_restore (cr);
        cairo_save (cr);
        cairo_rectangle (cr, split, top, bar_x1 - split, self->row_h);
        cairo_clip (cr);
        set_colour (cr, &p->style->foreground, 1);
        cairo_move_to (cr, x, y);
        pango_cairo_show_layout (cr, item->label);
        cairo_restore (cr);
        break;

      case BIE_ACTIVITY_CANCELLED:
        set_colour (cr, &p->style->foreground, 0.6);
        show_text (p, item->label, x, y);
        break;

      case BIE_ACTIVITY_PLANNED:
      case BIE_ACTIVITY_NOT_DONE:
      default:
        set_colour (cr, &p->style->foreground, 1);
        show_text (p, item->label, x, y);
        break;
      }
  }
}

/* Whether any of the item's room is in view. */
static gboolean
item_visible (Paint                 *p,
              const BieTimelineItem *item,
              double                 top,
              double                 clip_top)
{
  double left = item->x0, right = item->end;

  if (item->shape == BIE_TIMELINE_SHAPE_NONE || top + p->layout->row_h < clip_top || top > p->bottom)
    return FALSE;

  if (item->label != NULL)
    {
      left = MIN (left, item->label_x);
      right = MAX (right, item->label_x + item->label_w);
    }

  return p->offset + right >= p->chart_x && p->offset + left <= p->right;
}

static void
draw_activities (Paint *p)
{
  BieTimelineLayout *self = p->layout;
  double margin = 50 * self->scale;

  for (guint i = 0; i < self->items->len; i++)
    {
      const BieTimelineItem *item = &g_array_index (self->items, BieTimelineItem, i);
      double top = p->lanes_top + item->y;
      double y = top + (self->row_h - self->bar_h) / 2;
      double x0 = p->offset + item->x0, x1 = p->offset + item->x1;
      double split = (x0 + x1) / 2;

      if (!item_visible (p, item, top, self->header_h))
        continue;

      /* Far beyond the view, a long bar is cut short: Cairo's fixed-point
       * coordinates end at a few million pixels. On whole pixels, its
       * edges are sharp and it fills fastest. */
      if (item->shape == BIE_TIMELINE_SHAPE_BAR)
        {
          x0 = round (MAX (x0, p->chart_x - margin));
          x1 = round (MIN (x1, p->right + margin));
          y = round (y);
          split = round (CLAMP (split, x0, x1));
        }

      draw_activity_shape (p->cr, p->style, item->status, item->shape, item->marked,
                           x0, y, x1 - x0, self->bar_h, split, self->scale);
      draw_label (p, item, top, FALSE);
      if (item->status == BIE_ACTIVITY_CANCELLED)
        draw_strike (p->cr, p->style, x0, x1, top + self->row_h / 2, self->scale);
      if (item->marked)
        bie_timeline_draw_overdue_mark (p->cr, p->style, p->offset + item->badge_x, top + self->row_h / 2,
                                        self->bar_h * 0.36);
    }
}

static void
draw_goals (Paint *p)
{
  BieTimelineLayout *self = p->layout;
  PangoLayout *title;

  title = bie_timeline_layout_get_text (self, BIE_TIMELINE_FONT_BOLD, _("Goals"), self->label_w - 2 * self->pad);
  set_colour (p->cr, &p->style->foreground, 1);
  show_text (p, title, self->pad * 1.5, self->axis_h + self->pad + (self->row_h - self->line_h) / 2);

  cairo_save (p->cr);
  cairo_rectangle (p->cr, p->chart_x, self->axis_h, p->right - p->chart_x, self->goals_h);
  cairo_clip (p->cr);
  for (guint i = 0; i < self->goals->len; i++)
    {
      const BieTimelineItem *item = &g_array_index (self->goals, BieTimelineItem, i);
      double top = self->axis_h + item->y;

      if (!item_visible (p, item, top, self->axis_h))
        continue;

      bie_timeline_draw_goal_mark (p->cr, p->style, item->status, p->offset + item->x0,
                                   top + (self->row_h - self->bar_h) / 2, self->bar_h);
      draw_label (p, item, top, TRUE);
      if (item->marked)
        bie_timeline_draw_overdue_mark (p->cr, p->style, p->offset + item->badge_x, top + self->row_h / 2,
                                        self->bar_h * 0.36);
    }
  cairo_restore (p->cr);
}

static void
draw_notes (Paint *p)
{
  BieTimelineLayout *self = p->layout;
  cairo_t *cr = p->cr;

  if (self->empty != NULL)
    {
      double w = bie_render_text_width (self->empty), h = bie_render_text_height (self->empty);
      double x = p->chart_x + (p->right - p->chart_x - w) / 2;
      double y = MAX (p->lanes_top + (self->lanes_h - h) / 2, p->lanes_top + self->pad);

      /* Over the today line and the grid, on a patch of background. */
      set_colour (cr, &p->style->background, 0.9);
      path_rounded (cr, x - self->pad, y - self->pad / 2, w + 2 * self->pad, h + self->pad, 3 * self->scale);
      cairo_fill (cr);
      set_colour (cr, &p->style->foreground, 0.7);
      show_text (p, self->empty, x, y);
    }

  if (self->note != NULL)
    {
      double y = p->lanes_top + self->lanes_h + self->pad;

      if (y < p->bottom && y + bie_render_text_height (self->note) > self->header_h)
        {
          set_colour (cr, &p->style->foreground, 0.8);
          show_text (p, self->note, self->pad, y);
        }
    }
}

static void
draw_header (Paint *p)
{
  BieTimelineLayout *self = p->layout;
  cairo_t *cr = p->cr;
  cairo_rectangle_t pill;
  PangoLayout *pill_text;

  set_colour (cr, &p->style->background, 1);
  cairo_rectangle (cr, 0, 0, p->view->width, self->header_h);
  cairo_fill (cr);
  set_shade (cr, p->style, 0.03);
  cairo_rectangle (cr, 0, 0, self->label_w, self->header_h);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_rectangle (cr, p->chart_x, 0, p->right - p->chart_x, self->header_h);
  cairo_clip (cr);
  cairo_set_line_width (cr, 1);
  foreach_period (p, p->upper, upper_label);
  foreach_period (p, p->lower, lower_label);
  draw_today_line (p, self->band_h, self->header_h);

  today_pill (p, &pill_text, &pill);
  if (pill_text != NULL)
    {
      BieRgba ink = contrast_on (&p->style->accent);

      set_colour (cr, &p->style->accent, 1);
      path_rounded (cr, pill.x, pill.y, pill.width, pill.height, pill.height / 2);
      cairo_fill (cr);
      set_colour (cr, &ink, 1);
      show_text (p, pill_text, pill.x + self->pad, pill.y + (pill.height - self->small_line_h) / 2);
    }
  cairo_restore (cr);

  draw_goals (p);

  cairo_set_line_width (cr, 1);
  set_colour (cr, &p->style->foreground, 0.12);
  line (cr, p->chart_x, floor (self->band_h) + 0.5, p->right, floor (self->band_h) + 0.5);
  cairo_stroke (cr);
  set_colour (cr, &p->style->foreground, 0.2);
  line (cr, 0, floor (self->axis_h) + 0.5, p->view->width, floor (self->axis_h) + 0.5);
  cairo_stroke (cr);
  set_colour (cr, &p->style->foreground, 0.35);
  line (cr, 0, floor (self->header_h) - 0.5, p->view->width, floor (self->header_h) - 0.5);
  cairo_stroke (cr);
}

void
bie_timeline_layout_paint (BieTimelineLayout      *self,
                           cairo_t                *cr,
                           const BieTimelineView  *view,
                           const BieTimelineStyle *style,
                           GArray                 *text_rects)
{
  Paint p = { 0 };
  double first, last;

  p.layout = self;
  p.cr = cr;
  p.view = view;
  p.style = style;
  p.rects = text_rects;
  p.offset = bie_timeline_layout_offset (self, view);
  p.lanes_top = self->header_h - view->scroll_y;
  p.chart_x = self->label_w;
  p.right = MAX (p.chart_x, view->width);
  p.bottom = view->height;
  /* The grid and the today line end with the lanes. */
  p.lanes_bottom = MIN (p.bottom, p.lanes_top + self->lanes_h);
  choose_units (&p);

  first = floor (view->first_day);
  last = floor (view->first_day + (p.right - p.chart_x) / self->pixels_per_day);
  p.first_day = (guint32) CLAMP (first, 1, MAX_JULIAN);
  p.last_day = (guint32) CLAMP (last, 1, MAX_JULIAN);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, view->width, view->height);
  cairo_clip (cr);
  set_colour (cr, &style->background, 1);
  cairo_paint (cr);
  cairo_set_line_width (cr, 1);

  /* The lanes, under the header. */
  cairo_save (cr);
  cairo_rectangle (cr, 0, self->header_h, view->width, MAX (0, view->height - self->header_h));
  cairo_clip (cr);
  draw_lanes (&p);
  draw_lane_names (&p);

  cairo_save (cr);
  cairo_rectangle (cr, p.chart_x, self->header_h, p.right - p.chart_x, MAX (0, view->height - self->header_h));
  cairo_clip (cr);
  cairo_set_line_width (cr, 1);
  foreach_period (&p, p.lower, grid_line);
  foreach_period (&p, p.upper, grid_line);
  draw_today_line (&p, self->header_h, p.lanes_bottom);
  draw_activities (&p);
  cairo_restore (cr);

  draw_notes (&p);
  cairo_restore (cr);

  draw_header (&p);

  cairo_set_line_width (cr, 1);
  set_colour (cr, &style->foreground, 0.25);
  line (cr, floor (p.chart_x) - 0.5, 0, floor (p.chart_x) - 0.5, view->height);
  cairo_stroke (cr);

  cairo_restore (cr);
}
