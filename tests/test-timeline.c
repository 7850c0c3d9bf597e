/* test-timeline.c: the care plan timeline, drawn into image surfaces
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bie-timeline.h"
#include "bie-timeline-private.h"

#define WIDTH   1000
#define HEIGHT  400
#define PPD     10

/* The view every test starts from: 10 pixels a day from 1 October 2026,
 * so a day's x is easy to say (the lane names take the first 220). */
static void
view_init (BieTimelineView *view)
{
  GDate first;

  bie_timeline_view_init (view, WIDTH, HEIGHT);
  view->pixels_per_day = PPD;
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, G_DATE_OCTOBER, 2026);
  bie_timeline_view_set_first_day (view, &first);
  g_assert_cmpfloat (bie_timeline_view_get_label_width (view), ==, 220);
}

static double
x_of (int day,
      int month,
      int year)
{
  GDate date, first;

  g_date_clear (&date, 1);
  g_date_clear (&first, 1);
  g_date_set_dmy (&date, day, month, year);
  g_date_set_dmy (&first, 1, G_DATE_OCTOBER, 2026);

  return 220 + g_date_days_between (&first, &date) * PPD;
}

static void
set_day (GDate *date,
         int    day,
         int    month,
         int    year)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
}

static BiePlanActivity *
add_activity (BiePlanSnapshot   *plan,
              guint              lane,
              const char        *title,
              BieActivityStatus  status,
              int                start_day,
              int                start_month,
              int                end_day,
              int                end_month)
{
  BiePlanActivity *activity = bie_plan_snapshot_add_activity (plan, lane, "home-visit", title);

  activity->id = plan->activities->len;
  activity->status = status;
  if (start_day > 0)
    set_day (&activity->start, start_day, start_month, start_month >= G_DATE_SEPTEMBER ? 2026 : 2027);
  if (end_day > 0)
    set_day (&activity->end, end_day, end_month, end_month >= G_DATE_SEPTEMBER ? 2026 : 2027);

  return activity;
}

/* A family, a mother and a child; today is 25 November 2026. */
static BiePlanSnapshot *
new_plan (void)
{
  BiePlanSnapshot *plan = bie_plan_snapshot_new ();
  BiePlanGoal *goal;

  plan->household_name = g_strdup ("María José Núñez Peña");
  set_day (&plan->today, 25, G_DATE_NOVEMBER, 2026);
  set_day (&plan->agreed_on, 1, G_DATE_OCTOBER, 2026);
  bie_plan_snapshot_add_lane (plan, 0, "Whole family", -1, NULL);
  bie_plan_snapshot_add_lane (plan, 11, "María José Núñez Peña", 30, "CC 52345678");
  bie_plan_snapshot_add_lane (plan, 12, "Sofía Ramírez Núñez", 2, "RC 1012345678");

  goal = bie_plan_snapshot_add_goal (plan, "Sofía is fully vaccinated");
  goal->status = BIE_GOAL_ACTIVE;
  set_day (&goal->target, 15, G_DATE_NOVEMBER, 2026);

  return plan;
}

/* Pixels */

typedef struct
{
  int red;
  int green;
  int blue;
} Pixel;

static Pixel
pixel_at (cairo_surface_t *surface,
          double           x,
          double           y)
{
  guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 value;

  cairo_surface_flush (surface);
  g_assert_true (x >= 0 && y >= 0 && x < cairo_image_surface_get_width (surface) &&
                 y < cairo_image_surface_get_height (surface));
  value = ((guint32 *) (data + (int) y * stride))[(int) x];

  /* Opaque everywhere: the background is painted first. */
  return (Pixel) { (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };
}

static gboolean
pixel_near (Pixel          pixel,
            const BieRgba *colour,
            int            tolerance)
{
  return abs (pixel.red - (int) round (colour->red * 255)) <= tolerance &&
         abs (pixel.green - (int) round (colour->green * 255)) <= tolerance &&
         abs (pixel.blue - (int) round (colour->blue * 255)) <= tolerance;
}

/* How many pixels of @rect are @colour. */
static guint
count_colour (cairo_surface_t         *surface,
              const cairo_rectangle_t *rect,
              const BieRgba           *colour,
              int                      tolerance)
{
  guint n = 0;

  for (int y = (int) ceil (rect->y); y < (int) (rect->y + rect->height); y++)
    for (int x = (int) ceil (rect->x); x < (int) (rect->x + rect->width); x++)
      if (x >= 0 && y >= 0 && x < cairo_image_surface_get_width (surface) &&
          y < cairo_image_surface_get_height (surface) &&
          pixel_near (pixel_at (surface, x, y), colour, tolerance))
        n++;

  return n;
}

static cairo_surface_t *
render (const BiePlanSnapshot  *plan,
        const BieTimelineView  *view,
        const BieTimelineStyle *style)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) view->width,
                                                         (int) view->height);
  cairo_t *cr = cairo_create (surface);

  bie_timeline_render (cr, plan, view, style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  return surface;
}

static gboolean
rects_overlap (const cairo_rectangle_t *a,
               const cairo_rectangle_t *b)
{
  const double slack = 0.5;   /* lines of text touch */

  return a->x + slack < b->x + b->width && b->x + slack < a->x + a->width &&
         a->y + slack < b->y + b->height && b->y + slack < a->y + a->height;
}

static gboolean
rect_inside (const cairo_rectangle_t *inner,
             const cairo_rectangle_t *outer)
{
  return inner->x >= outer->x - 0.5 && inner->y >= outer->y - 0.5 &&
         inner->x + inner->width <= outer->x + outer->width + 0.5 &&
         inner->y + inner->height <= outer->y + outer->height + 0.5;
}

/* No text over another, none over an activity but its own bar, no two
 * activities over each other, and nothing in the lane names but names. */
static void
assert_no_overlaps (const BiePlanSnapshot *plan,
                    const BieTimelineView *view)
{
  g_autoptr(BieTimelineLayout) layout = bie_timeline_layout_new (plan, view);
  g_autoptr(GArray) texts = g_array_new (FALSE, FALSE, sizeof (cairo_rectangle_t));
  g_autoptr(GArray) shapes = g_array_new (FALSE, FALSE, sizeof (cairo_rectangle_t));
  double label_w = bie_timeline_view_get_label_width (view);

  bie_timeline_layout_get_text_rects (layout, view, texts);
  g_assert_cmpuint (texts->len, >, 0);
  for (guint i = 0; i < plan->activities->len; i++)
    {
      cairo_rectangle_t rect;

      if (bie_timeline_layout_get_activity_rect (layout, view, i, &rect))
        g_array_append_val (shapes, rect);
    }

  for (guint i = 0; i < texts->len; i++)
    {
      const cairo_rectangle_t *text = &g_array_index (texts, cairo_rectangle_t, i);
      guint n_under = 0;

      /* In the column of names or in the chart, never across. */
      g_assert_true (text->x + text->width <= label_w + 0.5 || text->x >= label_w - 0.5);

      for (guint j = i + 1; j < texts->len; j++)
        if (rects_overlap (text, &g_array_index (texts, cairo_rectangle_t, j)))
          g_error ("text %u (%g,%g %gx%g) overlaps text %u (%g,%g %gx%g)", i,
                   text->x, text->y, text->width, text->height, j,
                   g_array_index (texts, cairo_rectangle_t, j).x, g_array_index (texts, cairo_rectangle_t, j).y,
                   g_array_index (texts, cairo_rectangle_t, j).width,
                   g_array_index (texts, cairo_rectangle_t, j).height);

      for (guint j = 0; j < shapes->len; j++)
        if (rects_overlap (text, &g_array_index (shapes, cairo_rectangle_t, j)))
          {
            /* A label inside its own bar. */
            g_assert_true (rect_inside (text, &g_array_index (shapes, cairo_rectangle_t, j)));
            n_under++;
          }
      g_assert_cmpuint (n_under, <=, 1);
    }

  for (guint i = 0; i < shapes->len; i++)
    for (guint j = i + 1; j < shapes->len; j++)
      g_assert_false (rects_overlap (&g_array_index (shapes, cairo_rectangle_t, i),
                                     &g_array_index (shapes, cairo_rectangle_t, j)));
}

/* Tests */

static void
test_today_line (void)
{
  g_autoptr(BiePlanSnapshot) plan = new_plan ();
  g_autoptr(BieTimelineLayout) layout = NULL;
  BieTimelineStyle style;
  BieTimelineView view = { 0 };
  cairo_surface_t *surface;
  cairo_rectangle_t lane;
  double today_x = x_of (25, G_DATE_NOVEMBER, 2026) + PPD / 2.0;

  add_activity (plan, 1, "Visit", BIE_ACTIVITY_SCHEDULED, 5, G_DATE_OCTOBER, 24, G_DATE_OCTOBER);
  bie_timeline_style_init_light (&style);
  view_init (&view);
  layout = bie_timeline_layout_new (plan, &view);
  surface = render (plan, &view, &style);

  /* Through every lane, at the middle of today; not a day beside it. */
  for (guint i = 0; i < plan->lanes->len; i++)
    {
      g_assert_true (bie_timeline_layout_get_lane_rect (layout, &view, i, &lane));
      g_assert_true (pixel_near (pixel_at (surface, today_x, lane.y + lane.height / 2), &style.accent, 8));
      g_assert_false (pixel_near (pixel_at (surface, today_x - 2 * PPD, lane.y + lane.height / 2),
                                  &style.accent, 60));
    }
  /* Today's pill sits in the axis. */
  g_assert_cmpuint (count_colour (surface, &(cairo_rectangle_t) { today_x - 10, 0, 20, 20 }, &style.accent, 8),
                    >, 50);

  /* Not drawn when the plan has no day. */
  cairo_surface_destroy (surface);
  g_date_clear (&plan->today, 1);
  surface = render (plan, &view, &style);
  g_assert_false (pixel_near (pixel_at (surface, today_x, lane.y + lane.height / 2), &style.accent, 60));
  cairo_surface_destroy (surface);
}

/* Each status is its own colour and its own shape. */
static void
test_status_marks (void)
{
  g_autoptr(BiePlanSnapshot) plan = new_plan ();
  g_autoptr(BieTimelineLayout) layout = NULL;
  BieTimelineStyle style;
  BieTimelineView view = { 0 };
  cairo_surface_t *surface;
  cairo_rectangle_t rect;

  /* One 20-day bar per status, each in a lane of its own month. */
  for (guint status = 0; status < BIE_TIMELINE_N_STATUSES; status++)
    add_activity (plan, status % 3, "Visit", status, 1, G_DATE_OCTOBER + status / 3,
                  20, G_DATE_OCTOBER + status / 3);
  bie_timeline_style_init_light (&style);
  view_init (&view);
  layout = bie_timeline_layout_new (plan, &view);
  surface = render (plan, &view, &style);

  /* Colours told apart, in both styles. */
  for (guint dark = 0; dark < 2; dark++)
    {
      BieTimelineStyle some;
      const BieRgba *colours[BIE_TIMELINE_N_STATUSES + 2];

      if (dark)
        bie_timeline_style_init_dark (&some);
      else
        bie_timeline_style_init_light (&some);
      for (guint i = 0; i < BIE_TIMELINE_N_STATUSES; i++)
        colours[i] = &some.status[i];
      colours[BIE_TIMELINE_N_STATUSES] = &some.accent;
      colours[BIE_TIMELINE_N_STATUSES + 1] = &some.overdue;
      for (guint i = 0; i < G_N_ELEMENTS (colours); i++)
        for (guint j = i + 1; j < G_N_ELEMENTS (colours); j++)
          g_assert_cmpfloat (fabs (colours[i]->red - colours[j]->red) + fabs (colours[i]->green - colours[j]->green) +
                             fabs (colours[i]->blue - colours[j]->blue), >, 0.15);
    }

  for (guint i = 0; i < plan->activities->len; i++)
    {
      BiePlanActivity *activity = g_ptr_array_index (plan->activities, i);
      const BieRgba *colour = &style.status[activity->status];
      Pixel right_end, left_half;
      double inside_y;

      g_assert_true (bie_timeline_layout_get_activity_rect (layout, &view, i, &rect));
      g_assert_cmpfloat (fabs (rect.x - x_of (1, g_date_get_month (&activity->start), 2026)), <, 0.01);
      g_assert_cmpfloat (fabs (rect.width - 20 * PPD), <, 0.01);

      /* Past the label, inside the outline, above a strike. */
      inside_y = rect.y + 4;
      right_end = pixel_at (surface, rect.x + rect.width - 5, inside_y);
      left_half = pixel_at (surface, rect.x + rect.width / 2 - 5, inside_y);

      switch (activity->status)
        {
        case BIE_ACTIVITY_SCHEDULED:
        case BIE_ACTIVITY_DONE:
          g_assert_true (pixel_near (right_end, colour, 4));
          g_assert_true (pixel_near (left_half, colour, 4));
          break;

        case BIE_ACTIVITY_IN_PROGRESS:
          /* Half filled. */
          g_assert_true (pixel_near (left_half, colour, 4));
          g_assert_false (pixel_near (right_end, colour, 40));
          break;

        case BIE_ACTIVITY_PLANNED:
        case BIE_ACTIVITY_CANCELLED:
        case BIE_ACTIVITY_NOT_DONE:
        default:
          /* An outline of the colour round a paler inside. */
          g_assert_false (pixel_near (right_end, colour, 40));
          g_assert_false (pixel_near (left_half, colour, 40));
          g_assert_cmpuint (count_colour (surface, &rect, colour, 40), >, rect.width);
          break;
        }
    }

  /* Done has a check mark, not done a cross (in the not-done colour) at the
   * start; cancelled is struck through its middle. */
  for (guint i = 0; i < plan->activities->len; i++)
    {
      BiePlanActivity *activity = g_ptr_array_index (plan->activities, i);
      cairo_rectangle_t mark;
      BieRgba white = { 1, 1, 1, 1 };

      bie_timeline_layout_get_activity_rect (layout, &view, i, &rect);
      mark = (cairo_rectangle_t) { rect.x + 2, rect.y + 2, rect.height - 4, rect.height - 4 };
      if (activity->status == BIE_ACTIVITY_DONE)
        g_assert_cmpuint (count_colour (surface, &mark, &white, 40) + count_colour (surface, &mark, &(BieRgba) { 0.08, 0.08, 0.08, 1 }, 40), >, 4);
      else if (activity->status == BIE_ACTIVITY_NOT_DONE)
        g_assert_cmpuint (count_colour (surface, &mark, &style.status[activity->status], 40), >, 4);
      else if (activity->status == BIE_ACTIVITY_CANCELLED)
        g_assert_cmpuint (count_colour (surface, &(cairo_rectangle_t) { rect.x + rect.width - 30, rect.y + rect.height / 2 - 1,
                                                                        25, 2 }, &style.status[activity->status], 40),
                          >=, 25);
    }
  cairo_surface_destroy (surface);
}

/* Overdue: a red ring and a "!" badge, whatever the status's colour. */
static void
test_overdue (void)
{
  g_autoptr(BiePlanSnapshot) plan = new_plan ();
  g_autoptr(BieTimelineLayout) layout = NULL;
  BieTimelineStyle style;
  BieTimelineView view = { 0 };
  cairo_surface_t *surface;
  cairo_rectangle_t rect, badge;

  add_activity (plan, 1, "Late", BIE_ACTIVITY_SCHEDULED, 5, G_DATE_OCTOBER, 24, G_DATE_OCTOBER)->overdue = TRUE;
  add_activity (plan, 2, "On time", BIE_ACTIVITY_SCHEDULED, 5, G_DATE_OCTOBER, 24, G_DATE_OCTOBER);
  bie_timeline_style_init_light (&style);
  view_init (&view);
  layout = bie_timeline_layout_new (plan, &view);
  surface = render (plan, &view, &style);

  for (guint i = 0; i < 2; i++)
    {
      bie_timeline_layout_get_activity_rect (layout, &view, i, &rect);
      badge = (cairo_rectangle_t) { rect.x + rect.width, rect.y, rect.height, rect.height };
      if (i == 0)
        {
          g_assert_cmpuint (count_colour (surface, &badge, &style.overdue, 16), >, 20);
          g_assert_cmpuint (count_colour (surface, &(cairo_rectangle_t) { rect.x, rect.y - 3, rect.width, 3 },
                                          &style.overdue, 60), >=, rect.width - 10);
        }
      else
        {
          g_assert_cmpuint (count_colour (surface, &badge, &style.overdue, 60), ==, 0);
          g_assert_cmpuint (count_colour (surface, &rect, &style.overdue, 60), ==, 0);
        }
    }
  cairo_surface_destroy (surface);
}

static void
test_lane_order (void)
{
  g_autoptr(BiePlanSnapshot) plan = new_plan ();
  g_autoptr(BieTimelineLayout) layout = NULL;
  BieTimelineStyle style;
  BieTimelineView view = { 0 };
  cairo_surface_t *surface;
  cairo_rectangle_t family, mother, child, family_bar, mother_bar;

  add_activity (plan, 1, "Mother", BIE_ACTIVITY_DONE, 5, G_DATE_OCTOBER, 24, G_DATE_OCTOBER);
  add_activity (plan, 0, "Family", BIE_ACTIVITY_SCHEDULED, 5, G_DATE_OCTOBER, 24, G_DATE_OCTOBER);
  bie_timeline_style_init_light (&style);
  view_init (&view);
  layout = bie_timeline_layout_new (plan, &view);

  g_assert_true (bie_timeline_layout_get_lane_rect (layout, &view, 0, &family));
  g_assert_true (bie_timeline_layout_get_lane_rect (layout, &view, 1, &mother));
  g_assert_true (bie_timeline_layout_get_lane_rect (layout, &view, 2, &child));
  g_assert_false (bie_timeline_layout_get_lane_rect (layout, &view, 3, &child));
  g_assert_cmpfloat (family.y + family.height, <=, mother.y);
  g_assert_cmpfloat (mother.y + mother.height, <=, child.y);
  g_assert_cmpfloat (family.y, >=, bie_timeline_layout_get_header_height (layout));

  /* The same days, one above the other: the family's on top, in its
   * colour. */
  g_assert_true (bie_timeline_layout_get_activity_rect (layout, &view, 1, &family_bar));
  g_assert_true (bie_timeline_layout_get_activity_rect (layout, &view, 0, &mother_bar));
  g_assert_true (rect_inside (&family_bar, &family));
  g_assert_true (rect_inside (&mother_bar, &mother));
  surface = render (plan, &view, &style);
  g_assert_true (pixel_near (pixel_at (surface, family_bar.x + family_bar.width - 5, family_bar.y + family_bar.height / 2),
                             &style.status[BIE_ACTIVITY_SCHEDULED], 4));
  g_assert_true (pixel_near (pixel_at (surface, mother_bar.x + mother_bar.width - 5, mother_bar.y + mother_bar.height / 2),
                             &style.status[BIE_ACTIVITY_DONE], 4));
  cairo_surface_destroy (surface);
}

static void
test_hit_testing (void)
{
  g_autoptr(BiePlanSnapshot) plan = new_plan ();
  g_autoptr(BieTimelineLayout) layout = NULL;
  BieTimelineView view = { 0 };
  cairo_rectangle_t rect, goal;

  add_activity (plan, 1, "Long bar", BIE_ACTIVITY_SCHEDULED, 5, G_DATE_OCTOBER, 24, G_DATE_OCTOBER);
  add_activity (plan, 2, "One day", BIE_ACTIVITY_PLANNED, 10, G_DATE_NOVEMBER, 0, 0);
  add_activity (plan, 0, "No date", BIE_ACTIVITY_PLANNED, 0, 0, 0, 0);
  add_activity (plan, 2, "Overlapping", BIE_ACTIVITY_PLANNED, 8, G_DATE_NOVEMBER, 12, G_DATE_NOVEMBER);
  view_init (&view);
  layout = bie_timeline_layout_new (plan, &view);

  for (guint i = 0; i < plan->activities->len; i++)
    {
      if (!bie_timeline_layout_get_activity_rect (layout, &view, i, &rect))
        {
          g_assert_cmpuint (i, ==, 2);   /* no date: not drawn */
          continue;
        }
      g_assert_cmpint (bie_timeline_layout_activity_at (layout, &view, rect.x + rect.width / 2,
                                                        rect.y + rect.height / 2), ==, i);
      g_assert_cmpint (bie_timeline_activity_at (plan, &view, rect.x + rect.width / 2, rect.y + rect.height / 2),
                       ==, i);
      /* Above and below the bar is nothing. */
      g_assert_cmpint (bie_timeline_layout_activity_at (layout, &view, rect.x + 1, rect.y - 4), ==, -1);
    }

  /* A one-day activity is a diamond on its day. */
  g_assert_true (bie_timeline_get_activity_rect (plan, &view, 1, &rect));
  g_assert_cmpfloat (fabs (rect.x + rect.width / 2 - (x_of (10, G_DATE_NOVEMBER, 2026) + PPD / 2.0)), <, 0.01);
  g_assert_cmpfloat (rect.width, ==, rect.height);

  /* Nothing in the names, the axis, past the edges or an empty day. */
  g_assert_true (bie_timeline_layout_get_activity_rect (layout, &view, 0, &rect));
  g_assert_cmpint (bie_timeline_layout_activity_at (layout, &view, 10, rect.y + 2), ==, -1);
  g_assert_cmpint (bie_timeline_layout_activity_at (layout, &view, rect.x + 2, 5), ==, -1);
  g_assert_cmpint (bie_timeline_layout_activity_at (layout, &view, WIDTH + 5, rect.y + 2), ==, -1);
  g_assert_cmpint (bie_timeline_layout_activity_at (layout, &view, x_of (1, G_DATE_DECEMBER, 2026), rect.y + 2), ==, -1);

  /* Scrolled: the header stays, the lanes move up. */
  view.scroll_y = 10;
  g_assert_true (bie_timeline_layout_get_activity_rect (layout, &view, 0, &rect));
  g_assert_cmpint (bie_timeline_layout_activity_at (layout, &view, rect.x + 5, rect.y + rect.height / 2), ==, 0);
  view.scroll_y = 0;

  /* The goal, in the goals row. */
  g_assert_true (bie_timeline_layout_get_goal_rect (layout, &view, 0, &goal));
  g_assert_cmpfloat (goal.y + goal.height, <=, bie_timeline_layout_get_header_height (layout));
  g_assert_cmpint (bie_timeline_layout_goal_at (layout, &view, goal.x + goal.width / 2, goal.y + goal.height / 2), ==, 0);
  g_assert_cmpint (bie_timeline_layout_activity_at (layout, &view, goal.x + goal.width / 2, goal.y + goal.height / 2),
                   ==, -1);
}

static void
test_days (void)
{
  BieTimelineView view = { 0 };
  GDate day, expected;

  view_init (&view);
  set_day (&expected, 25, G_DATE_NOVEMBER, 2026);
  g_assert_cmpfloat (bie_timeline_day_to_x (&view, &expected), ==, x_of (25, G_DATE_NOVEMBER, 2026));

  /* Anywhere on a day is that day. */
  g_assert_true (bie_timeline_day_at (&view, x_of (25, G_DATE_NOVEMBER, 2026), &day));
  g_assert_cmpint (g_date_compare (&day, &expected), ==, 0);
  g_assert_true (bie_timeline_day_at (&view, x_of (25, G_DATE_NOVEMBER, 2026) + PPD - 0.01, &day));
  g_assert_cmpint (g_date_compare (&day, &expected), ==, 0);
  g_assert_true (bie_timeline_day_at (&view, x_of (26, G_DATE_NOVEMBER, 2026), &day));
  g_assert_cmpint (g_date_compare (&day, &expected), >, 0);

  /* Off the chart: still a day, for dragging past the edge. */
  g_assert_false (bie_timeline_day_at (&view, 100, &day));
  g_assert_true (g_date_valid (&day));
  g_assert_cmpint (g_date_get_month (&day), ==, G_DATE_SEPTEMBER);
  g_assert_false (bie_timeline_day_at (&view, -1e12, &day));
  g_assert_true (g_date_valid (&day));

  /* Zooming keeps the day under the pointer. */
  bie_timeline_view_zoom (&view, 3, x_of (25, G_DATE_NOVEMBER, 2026) + PPD / 2.0);
  g_assert_cmpfloat (view.pixels_per_day, ==, 3 * PPD);
  g_assert_true (bie_timeline_day_at (&view, x_of (25, G_DATE_NOVEMBER, 2026) + PPD / 2.0, &day));
  g_assert_cmpint (g_date_compare (&day, &expected), ==, 0);
}

/* Fitted to a width, the whole plan shows: what printing does. */
static void
test_fit (void)
{
  g_autoptr(BiePlanSnapshot) plan = new_plan ();
  BieTimelineView view = { 0 };
  cairo_rectangle_t rect;
  double height;

  add_activity (plan, 1, "First", BIE_ACTIVITY_DONE, 1, G_DATE_SEPTEMBER, 10, G_DATE_SEPTEMBER);
  add_activity (plan, 2, "Last", BIE_ACTIVITY_PLANNED, 1, G_DATE_MARCH, 31, G_DATE_MARCH);
  bie_timeline_view_fit (&view, plan, 800, 100);
  g_assert_cmpfloat (view.text_scale, ==, 1);

  g_assert_true (bie_timeline_get_activity_rect (plan, &view, 0, &rect));
  g_assert_cmpfloat (rect.x, >, bie_timeline_view_get_label_width (&view));
  g_assert_true (bie_timeline_get_activity_rect (plan, &view, 1, &rect));
  g_assert_cmpfloat (rect.x + rect.width, <, 800);

  /* The natural height holds every lane, whatever the view's height. */
  height = bie_timeline_get_height (plan, &view);
  g_assert_cmpfloat (height, >, 100);
  view.height = height;
  assert_no_overlaps (plan, &view);
}

/* Two hundred activities on the same days of one lane: rows of their own,
 * the lane as tall as they need, nothing over anything. */
static void
test_crowded_lane (void)
{
  g_autoptr(BiePlanSnapshot) plan = new_plan ();
  g_autoptr(BieTimelineLayout) layout = NULL;
  BieTimelineView view = { 0 };
  cairo_rectangle_t lane, rect;
  g_autoptr(GHashTable) rows = g_hash_table_new (g_double_hash, g_double_equal);
  g_autoptr(GArray) tops = g_array_new (FALSE, FALSE, sizeof (double));
  cairo_surface_t *surface;
  BieTimelineStyle style;

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *title = g_strdup_printf ("Vaccination %u", i);

      add_activity (plan, 2, title, i % BIE_TIMELINE_N_STATUSES, 1 + i % 20, G_DATE_NOVEMBER,
                    i % 4 == 0 ? 0 : 10 + i % 20, G_DATE_NOVEMBER);
    }
  add_activity (plan, 1, "Mother's", BIE_ACTIVITY_PLANNED, 1, G_DATE_NOVEMBER, 5, G_DATE_NOVEMBER);

  for (guint pass = 0; pass < 2; pass++)
    {
      /* Wide and narrow. */
      if (pass == 0)
        bie_timeline_view_fit (&view, plan, 1600, 900);
      else
        bie_timeline_view_fit (&view, plan, 360, 640);

      g_clear_pointer (&layout, bie_timeline_layout_free);
      layout = bie_timeline_layout_new (plan, &view);
      g_assert_true (bie_timeline_layout_get_lane_rect (layout, &view, 2, &lane));
      g_array_set_size (tops, 0);
      for (guint i = 0; i < 200; i++)
        {
          g_assert_true (bie_timeline_layout_get_activity_rect (layout, &view, i, &rect));
          g_assert_true (rect_inside (&rect, &lane));
          g_array_append_val (tops, rect.y);
        }
      g_hash_table_remove_all (rows);
      for (guint i = 0; i < tops->len; i++)
        g_hash_table_add (rows, &g_array_index (tops, double, i));
      /* A row per activity that overlaps the others, no more. */
      g_assert_cmpuint (g_hash_table_size (rows), >, 10);
      g_assert_cmpuint (g_hash_table_size (rows), <=, 200);
      g_assert_cmpfloat (lane.height, >=, g_hash_table_size (rows) * rect.height);

      view.height = bie_timeline_layout_get_height (layout);
      g_assert_cmpfloat (view.height, >=, lane.y + lane.height);
      assert_no_overlaps (plan, &view);
    }

  /* And it draws, scrolled to the middle too. */
  bie_timeline_style_init_light (&style);
  view.height = 640;
  view.scroll_y = lane.height / 2;
  surface = render (plan, &view, &style);
  cairo_surface_destroy (surface);
}

/* Long names are cut short with an ellipsis, in their column. */
static void
test_long_names (void)
{
  g_autoptr(BiePlanSnapshot) plan = bie_plan_snapshot_new ();
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(BieTimelineLayout) layout = NULL;
  g_autoptr(GArray) texts = g_array_new (FALSE, FALSE, sizeof (cairo_rectangle_t));
  BieTimelineView view = { 0 };
  BiePlanGoal *goal;
  double label_w;

  while (name->len < 200)
    g_string_append (name, "María José Núñez Peña de la Santísima Trinidad ");
  g_string_truncate (name, 200);
  set_day (&plan->today, 25, G_DATE_NOVEMBER, 2026);
  bie_plan_snapshot_add_lane (plan, 0, name->str, -1, NULL);
  bie_plan_snapshot_add_lane (plan, 1, name->str, 45, name->str);
  bie_plan_snapshot_add_lane (plan, 2, "Line\nbreaks\tand tabs", 3, NULL);
  for (guint i = 0; i < 3; i++)
    add_activity (plan, i, name->str, BIE_ACTIVITY_SCHEDULED, 1 + i, G_DATE_NOVEMBER, 28, G_DATE_NOVEMBER);
  add_activity (plan, 1, name->str, BIE_ACTIVITY_PLANNED, 2, G_DATE_DECEMBER, 0, 0);
  goal = bie_plan_snapshot_add_goal (plan, name->str);
  set_day (&goal->target, 1, G_DATE_DECEMBER, 2026);

  bie_timeline_view_fit (&view, plan, 360, 640);
  layout = bie_timeline_layout_new (plan, &view);
  view.height = bie_timeline_layout_get_height (layout);
  assert_no_overlaps (plan, &view);

  /* One line each, no wider than the view. */
  label_w = bie_timeline_view_get_label_width (&view);
  bie_timeline_layout_get_text_rects (layout, &view, texts);
  for (guint i = 0; i < texts->len; i++)
    {
      const cairo_rectangle_t *text = &g_array_index (texts, cairo_rectangle_t, i);

      if (text->x < label_w)
        g_assert_cmpfloat (text->x + text->width, <=, label_w);
      g_assert_cmpfloat (text->width, <=, view.width);
      g_assert_cmpfloat (text->height, <, 3 * 16);
    }
}

/* A plan with no activity still shows its lanes, axis and today, and says
 * why the chart is empty. */
static void
test_empty (void)
{
  g_autoptr(BiePlanSnapshot) plan = new_plan ();
  g_autoptr(BiePlanSnapshot) bare = bie_plan_snapshot_new ();
  g_autoptr(BieTimelineLayout) layout = NULL;
  g_autoptr(GArray) texts = g_array_new (FALSE, FALSE, sizeof (cairo_rectangle_t));
  BieTimelineStyle style;
  BieTimelineView view = { 0 };
  cairo_surface_t *surface;
  cairo_rectangle_t lane, rect;

  bie_timeline_style_init_light (&style);
  bie_timeline_view_fit (&view, plan, 800, 300);
  layout = bie_timeline_layout_new (plan, &view);
  g_assert_nonnull (layout->empty);
  g_assert_cmpstr (pango_layout_get_text (layout->empty), ==, "This plan has no activities yet");
  g_assert_null (layout->note);

  /* Three lanes, their names, the axis, the empty text. */
  g_assert_true (bie_timeline_layout_get_lane_rect (layout, &view, 2, &lane));
  bie_timeline_layout_get_text_rects (layout, &view, texts);
  g_assert_cmpuint (texts->len, >=, 3 + 2 + 1);
  assert_no_overlaps (plan, &view);

  surface = render (plan, &view, &style);
  g_assert_true (pixel_near (pixel_at (surface, bie_timeline_day_to_x (&view, &plan->today) + view.pixels_per_day / 2,
                                       lane.y + 3),
                             &style.accent, 8));
  cairo_surface_destroy (surface);

  /* Nothing at all: no lane, no day, no name. */
  bie_timeline_view_fit (&view, bare, 800, 300);
  surface = render (bare, &view, &style);
  g_assert_cmpint (bie_timeline_activity_at (bare, &view, 400, 150), ==, -1);
  cairo_surface_destroy (surface);

  /* An activity of a lane the plan lacks goes to the family's; in a plan
   * without lanes, nowhere. */
  bie_plan_snapshot_add_lane (bare, 0, "Whole family", -1, NULL);
  add_activity (bare, 0, "Lost", BIE_ACTIVITY_PLANNED, 1, G_DATE_NOVEMBER, 5, G_DATE_NOVEMBER)->lane = 7;
  /* Fitted again: the empty plan's view was around the real today. */
  bie_timeline_view_fit (&view, bare, 800, 300);
  g_clear_pointer (&layout, bie_timeline_layout_free);
  layout = bie_timeline_layout_new (bare, &view);
  g_assert_true (bie_timeline_layout_get_activity_rect (layout, &view, 0, &rect));
  g_assert_true (bie_timeline_layout_get_lane_rect (layout, &view, 0, &lane));
  g_assert_true (rect_inside (&rect, &lane));

  g_clear_pointer (&layout, bie_timeline_layout_free);
  g_ptr_array_set_size (bare->lanes, 0);
  layout = bie_timeline_layout_new (bare, &view);
  g_assert_false (bie_timeline_layout_get_activity_rect (layout, &view, 0, &rect));
  surface = render (bare, &view, &style);
  cairo_surface_destroy (surface);
}

/* Dates a timeline cannot draw: none, an end before the start, years
 * apart. */
static void
test_bad_dates (void)
{
  g_autoptr(BiePlanSnapshot) plan = new_plan ();
  g_autoptr(BieTimelineLayout) layout = NULL;
  g_autoptr(GArray) texts = g_array_new (FALSE, FALSE, sizeof (cairo_rectangle_t));
  BiePlanActivity *activity;
  BieTimelineStyle style;
  BieTimelineView view = { 0 };
  cairo_surface_t *surface;
  cairo_rectangle_t rect, badge;

  add_activity (plan, 1, "Backwards", BIE_ACTIVITY_PLANNED, 20, G_DATE_OCTOBER, 10, G_DATE_OCTOBER);
  add_activity (plan, 0, "Sometime", BIE_ACTIVITY_PLANNED, 0, 0, 0, 0);
  add_activity (plan, 2, "Some day", BIE_ACTIVITY_PLANNED, 0, 0, 0, 0);
  activity = add_activity (plan, 2, "Only an end", BIE_ACTIVITY_SCHEDULED, 0, 0, 5, G_DATE_NOVEMBER);
  activity->lane = 2;
  bie_plan_snapshot_add_goal (plan, "Undated goal");
  bie_timeline_style_init_light (&style);
  view_init (&view);
  layout = bie_timeline_layout_new (plan, &view);

  /* An end before its start: a diamond on the start, with the badge. */
  g_assert_true (bie_timeline_layout_get_activity_rect (layout, &view, 0, &rect));
  g_assert_cmpfloat (fabs (rect.x + rect.width / 2 - (x_of (20, G_DATE_OCTOBER, 2026) + PPD / 2.0)), <, 0.01);
  g_assert_cmpfloat (rect.width, ==, rect.height);
  surface = render (plan, &view, &style);
  badge = (cairo_rectangle_t) { rect.x + rect.width, rect.y, rect.height, rect.height };
  g_assert_cmpuint (count_colour (surface, &badge, &style.overdue, 16), >, 20);
  cairo_surface_destroy (surface);

  /* No dates: not drawn, said below the chart. */
  g_assert_false (bie_timeline_layout_get_activity_rect (layout, &view, 1, &rect));
  g_assert_false (bie_timeline_layout_get_activity_rect (layout, &view, 2, &rect));
  g_assert_nonnull (layout->note);
  g_assert_nonnull (strstr (pango_layout_get_text (layout->note), "Unscheduled: 2 activities"));
  g_assert_nonnull (strstr (pango_layout_get_text (layout->note), "Sometime (Whole family)"));
  g_assert_nonnull (strstr (pango_layout_get_text (layout->note), "1 goal without a target date"));
  g_assert_null (layout->empty);

  /* Only an end: a diamond on it. */
  g_assert_true (bie_timeline_layout_get_activity_rect (layout, &view, 3, &rect));
  g_assert_cmpfloat (fabs (rect.x + rect.width / 2 - (x_of (5, G_DATE_NOVEMBER, 2026) + PPD / 2.0)), <, 0.01);

  /* Out of range. */
  g_assert_false (bie_timeline_layout_get_activity_rect (layout, &view, 99, &rect));
}

/* Years apart: the axis steps up from weeks to months, quarters and years,
 * and its names never overlap. */
static void
test_years (void)
{
  g_autoptr(BiePlanSnapshot) plan = new_plan ();
  BieTimelineStyle style;
  BieTimelineView view = { 0 };
  BiePlanActivity *activity;
  cairo_surface_t *surface;
  GDate view_day;

  add_activity (plan, 1, "Now", BIE_ACTIVITY_SCHEDULED, 1, G_DATE_NOVEMBER, 20, G_DATE_NOVEMBER);
  activity = add_activity (plan, 2, "Far", BIE_ACTIVITY_PLANNED, 1, G_DATE_NOVEMBER, 20, G_DATE_NOVEMBER);
  set_day (&activity->start, 1, G_DATE_JANUARY, 2046);
  set_day (&activity->end, 1, G_DATE_MARCH, 2046);
  activity = add_activity (plan, 2, "Farther", BIE_ACTIVITY_PLANNED, 1, G_DATE_NOVEMBER, 0, 0);
  set_day (&activity->start, 1, G_DATE_JANUARY, 2546);
  bie_timeline_style_init_light (&style);

  /* From five centuries across 1000 pixels down to a day across 40. */
  bie_timeline_view_fit (&view, plan, WIDTH, HEIGHT);
  for (guint i = 0; i < 14; i++)
    {
      g_autoptr(BieTimelineLayout) layout = bie_timeline_layout_new (plan, &view);
      g_autoptr(GArray) texts = g_array_new (FALSE, FALSE, sizeof (cairo_rectangle_t));
      guint n_axis = 0;

      bie_timeline_layout_get_text_rects (layout, &view, texts);
      for (guint j = 0; j < texts->len; j++)
        if (g_array_index (texts, cairo_rectangle_t, j).y < layout->axis_h)
          n_axis++;
      /* Some ticks named, never crowded. */
      g_assert_cmpuint (n_axis, >=, 2);
      g_assert_cmpuint (n_axis, <=, WIDTH / 15);
      view.height = bie_timeline_layout_get_height (layout);
      assert_no_overlaps (plan, &view);

      surface = render (plan, &view, &style);
      cairo_surface_destroy (surface);
      bie_timeline_view_zoom (&view, 3.5, WIDTH / 2.0);
    }
  g_assert_cmpfloat (view.pixels_per_day, >=, 30);

  /* At the end of what a GDate holds. */
  activity = add_activity (plan, 2, "The end", BIE_ACTIVITY_PLANNED, 1, G_DATE_NOVEMBER, 0, 0);
  set_day (&activity->start, 31, G_DATE_DECEMBER, 65535);
  bie_timeline_view_fit (&view, plan, WIDTH, HEIGHT);
  surface = render (plan, &view, &style);
  cairo_surface_destroy (surface);
  g_assert_true (bie_timeline_day_at (&view, WIDTH - 1, &view_day));
  g_assert_cmpint (g_date_get_year (&view_day), ==, 65535);
  view.first_day = 23936160;
  view.pixels_per_day = 40;
  surface = render (plan, &view, &style);
  cairo_surface_destroy (surface);
}

static void
test_dark (void)
{
  g_autoptr(BiePlanSnapshot) plan = new_plan ();
  BieTimelineStyle style;
  BieTimelineView view = { 0 };
  cairo_surface_t *surface;
  cairo_rectangle_t rect;

  add_activity (plan, 1, "Visit", BIE_ACTIVITY_SCHEDULED, 5, G_DATE_OCTOBER, 24, G_DATE_OCTOBER);
  bie_timeline_style_init_dark (&style);
  view_init (&view);
  surface = render (plan, &view, &style);
  g_assert_true (pixel_near (pixel_at (surface, WIDTH - 2, HEIGHT - 2), &style.background, 2));
  g_assert_true (bie_timeline_get_activity_rect (plan, &view, 0, &rect));
  g_assert_true (pixel_near (pixel_at (surface, rect.x + rect.width - 5, rect.y + rect.height / 2),
                             &style.status[BIE_ACTIVITY_SCHEDULED], 4));
  cairo_surface_destroy (surface);
}

/* The layout is for one zoom; scrolling does not need a new one. */
static void
test_layout_reuse (void)
{
  g_autoptr(BiePlanSnapshot) plan = new_plan ();
  g_autoptr(BieTimelineLayout) layout = NULL;
  BieTimelineView view = { 0 };
  cairo_rectangle_t before, after;

  add_activity (plan, 1, "Visit", BIE_ACTIVITY_SCHEDULED, 5, G_DATE_OCTOBER, 24, G_DATE_OCTOBER);
  view_init (&view);
  layout = bie_timeline_layout_new (plan, &view);
  g_assert_true (bie_timeline_layout_matches (layout, plan, &view));
  bie_timeline_layout_get_activity_rect (layout, &view, 0, &before);

  view.first_day += 3;
  view.scroll_y = 7;
  view.height = 123;
  g_assert_true (bie_timeline_layout_matches (layout, plan, &view));
  bie_timeline_layout_get_activity_rect (layout, &view, 0, &after);
  g_assert_cmpfloat (fabs (after.x - (before.x - 3 * PPD)), <, 0.01);
  g_assert_cmpfloat (fabs (after.y - (before.y - 7)), <, 0.01);

  view.pixels_per_day *= 2;
  g_assert_false (bie_timeline_layout_matches (layout, plan, &view));
  view.pixels_per_day /= 2;
  view.width += 1;
  g_assert_false (bie_timeline_layout_matches (layout, plan, &view));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timeline/today-line", test_today_line);
  g_test_add_func ("/timeline/status-marks", test_status_marks);
  g_test_add_func ("/timeline/overdue", test_overdue);
  g_test_add_func ("/timeline/lane-order", test_lane_order);
  g_test_add_func ("/timeline/hit-testing", test_hit_testing);
  g_test_add_func ("/timeline/days", test_days);
  g_test_add_func ("/timeline/fit", test_fit);
  g_test_add_func ("/timeline/crowded-lane", test_crowded_lane);
  g_test_add_func ("/timeline/long-names", test_long_names);
  g_test_add_func ("/timeline/empty", test_empty);
  g_test_add_func ("/timeline/bad-dates", test_bad_dates);
  g_test_add_func ("/timeline/years", test_years);
  g_test_add_func ("/timeline/dark", test_dark);
  g_test_add_func ("/timeline/layout-reuse", test_layout_reuse);

  return g_test_run ();
}
